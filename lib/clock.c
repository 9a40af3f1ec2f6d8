/* clock.c - the one clock, the seed of ids and the workspace zone (see clock.h). */
#include "clock.h"
#include "settings.h"
#include "i18n.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- the clock ------------------------------------------------------------ */

static bool fixed;
static int64_t fixed_at;

int64_t bilan_now(void)
{
	return fixed ? fixed_at : (int64_t)time(NULL);
}

void bilan_clock_fix(int64_t t)
{
	fixed = true;
	fixed_at = t;
}

void bilan_clock_unfix(void)
{
	fixed = false;
}

bool bilan_clock_is_fixed(void)
{
	return fixed;
}

/* ---- the seed --------------------------------------------------------------- */

static bool seeded;
static uint64_t seed_value;
static uint64_t seed_counter;

void bilan_clock_seed(uint64_t seed)
{
	seeded = true;
	seed_value = seed;
	seed_counter = 0;
}

int bilan_clock_parse_seed(uint64_t *out, const char *text, struct bilan_error *err)
{
	const char *s = text ? text : "";
	int base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	size_t n = strlen(s);
	bool ok = n >= 1 && n <= 20;
	for (size_t i = 0; ok && i < n; i++)
		ok = base == 16 ? isxdigit((unsigned char)s[i]) != 0
				: isdigit((unsigned char)s[i]) != 0;
	if (ok) {
		char *end = NULL;
		errno = 0;
		unsigned long long v = strtoull(s, &end, base);
		ok = end && *end == '\0' && errno == 0;
		if (ok) {
			*out = (uint64_t)v;
			return 0;
		}
	}
	return bilan_error_set(err, BILAN_EUSAGE,
			       _("'%s' is not a seed (a decimal or 0x-prefixed hexadecimal number)"),
			       text ? text : "");
}

/* splitmix64: a good 64-bit mix, enough for unique-looking suffixes. */
static uint64_t mix64(uint64_t z)
{
	z += 0x9E3779B97F4A7C15ULL;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

bool bilan_clock_random(unsigned char *buf, size_t n)
{
	if (!seeded)
		return false;
	uint64_t base = mix64(seed_value) ^ mix64((uint64_t)getpid() << 20);
	for (size_t i = 0; i < n; i += 8) {
		uint64_t r = mix64(base + seed_counter++);
		for (size_t k = 0; k < 8 && i + k < n; k++)
			buf[i + k] = (unsigned char)(r >> (8 * k));
	}
	return true;
}

/* ---- zones ------------------------------------------------------------------ */

static const char *zoneinfo_dir(void)
{
	const char *d = bilan_settings.tzdir;
	return d && d[0] == '/' ? d : "/usr/share/zoneinfo";
}

static bool zone_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n >= BILAN_ZONE_MAX || name[0] == '/' || name[0] == '.' ||
	    name[0] == '-' || name[n - 1] == '/')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (!isalnum(c) && c != '/' && c != '_' && c != '-' && c != '+')
			return false;
		if (c == '/' && name[i + 1] == '/')
			return false;
	}
	return true;
}

bool bilan_zone_valid(const char *name)
{
	if (!zone_name_ok(name))
		return false;
	if (!strcmp(name, "UTC"))
		return true;
	char path[PATH_MAX];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", zoneinfo_dir(), name) >= sizeof(path))
		return false;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return false;
	struct stat st;
	char magic[4] = { 0 };
	bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		  read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
		  !memcmp(magic, "TZif", 4);
	close(fd);
	return ok;
}

/* The part of a zoneinfo path after ".../zoneinfo/", if it names a zone. */
static bool from_zoneinfo_path(char out[BILAN_ZONE_MAX], const char *path)
{
	const char *z = strstr(path, "zoneinfo/");
	if (!z)
		return false;
	z += strlen("zoneinfo/");
	/* Debian's "posix/" and "right/" trees hold the same names. */
	if (!strncmp(z, "posix/", 6))
		z += 6;
	if (!bilan_zone_valid(z))
		return false;
	snprintf(out, BILAN_ZONE_MAX, "%s", z);
	return true;
}

void bilan_zone_system(char out[BILAN_ZONE_MAX])
{
	const char *tz = bilan_settings.tz;
	if (tz && *tz) {
		if (*tz == ':')
			tz++;
		if (bilan_zone_valid(tz)) {
			snprintf(out, BILAN_ZONE_MAX, "%s", tz);
			return;
		}
		if (tz[0] == '/' && from_zoneinfo_path(out, tz))
			return;
	}
	FILE *f = fopen("/etc/timezone", "re");
	if (f) {
		char line[BILAN_ZONE_MAX + 2];
		bool got = fgets(line, sizeof(line), f) != NULL;
		fclose(f);
		if (got) {
			line[strcspn(line, " \t\r\n")] = '\0';
			if (bilan_zone_valid(line)) {   /* so shorter than BILAN_ZONE_MAX */
				memcpy(out, line, strlen(line) + 1);
				return;
			}
		}
	}
	char target[PATH_MAX];
	ssize_t n = readlink("/etc/localtime", target, sizeof(target) - 1);
	if (n > 0) {
		target[n] = '\0';
		if (from_zoneinfo_path(out, target))
			return;
	}
	snprintf(out, BILAN_ZONE_MAX, "UTC");
}

int bilan_zone_use(const char *name, struct bilan_error *err)
{
	if (!bilan_zone_valid(name))
		return bilan_error_set(err, BILAN_EINVALID,
				       _("unknown time zone '%s'"), name ? name : "");
	/* set each time: lib/ reads no variable (settings.h), and glibc keeps
	 * one copy of a value it has seen */
	setenv("TZ", name, 1);
	tzset();
	return 0;
}
