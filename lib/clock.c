/* clock.c - the one clock, the seed of ids and the workspace zone (see clock.h). */
#include "clock.h"
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

static int ndigits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t civil_days(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int bilan_clock_parse(int64_t *out, const char *text, struct bilan_error *err)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const char *s = text ? text : "";
	size_t len = strlen(s);
	int y, mo, d, h, mi, se, off = 0;
	if (len < 20 || len > 40)
		goto bad;
	y = ndigits(s, 4);
	mo = ndigits(s + 5, 2);
	d = ndigits(s + 8, 2);
	h = ndigits(s + 11, 2);
	mi = ndigits(s + 14, 2);
	se = ndigits(s + 17, 2);
	if (y < 1000 || s[4] != '-' || mo < 1 || mo > 12 || s[7] != '-' || d < 1 ||
	    d > (mo == 2 && leap(y) ? 29 : mdays[mo - 1]) ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || h < 0 || h > 23 ||
	    s[13] != ':' || mi < 0 || mi > 59 || s[16] != ':' || se < 0 || se > 59)
		goto bad;
	const char *p = s + 19;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			goto bad;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		/* each read only after the one before it succeeded: the
		 * string may end anywhere */
		int oh = ndigits(p + 1, 2);
		if (oh < 0 || oh > 23 || p[3] != ':')
			goto bad;
		int om = ndigits(p + 4, 2);
		if (om < 0 || om > 59)
			goto bad;
		off = (oh * 60 + om) * 60;
		if (*p == '-')
			off = -off;
		p += 6;
	} else {
		goto bad;
	}
	if (*p)
		goto bad;
	int64_t t = civil_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
	/* from the epoch to the end of year 9999, in UTC */
	if (t < 0 || t > INT64_C(253402300799))
		goto bad;
	*out = t;
	return 0;
bad:
	bilan_error_set(err, BILAN_EUSAGE,
			_("'%s' is not an RFC 3339 date and time with an offset"), s);
	bilan_error_hint(err, "%s",
			 _("for example 2026-12-07T00:30:00+01:00 or 2026-12-07T17:00:00Z"));
	return BILAN_EUSAGE;
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
	const char *d = getenv("TZDIR");
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
	const char *tz = getenv("TZ");
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
	const char *cur = getenv("TZ");
	if (!cur || strcmp(cur, name) != 0)
		setenv("TZ", name, 1);
	tzset();
	return 0;
}
