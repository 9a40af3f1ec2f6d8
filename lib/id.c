/* id.c - record ids, slugs and prefix resolution (see id.h). */
#include "id.h"
#include "clock.h"
#include "date.h"
#include "i18n.h"
#include "text.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <utf8proc.h>

static const char id_alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";

/* ---- randomness ----------------------------------------------------------- */

static void fill_random(unsigned char *buf, size_t n)
{
	if (bilan_clock_random(buf, n))
		return;
	size_t got = 0;
	while (got < n) {
		ssize_t r = getrandom(buf + got, n - got, 0);
		if (r > 0) {
			got += (size_t)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		break;
	}
	if (got == n)
		return;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		while (got < n) {
			ssize_t r = read(fd, buf + got, n - got);
			if (r > 0)
				got += (size_t)r;
			else if (!(r < 0 && errno == EINTR))
				break;
		}
		close(fd);
	}
	if (got == n)
		return;
	/* Last resort (no getrandom, no /dev/urandom, e.g. a bare chroot):
	 * ids need uniqueness, not secrecy. */
	static unsigned long long state;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	state ^= (unsigned long long)ts.tv_nsec * 0x9E3779B97F4A7C15ULL ^
		 (unsigned long long)getpid() << 32 ^ (unsigned long long)ts.tv_sec;
	for (; got < n; got++) {
		state = state * 6364136223846793005ULL + 1442695040888963407ULL;
		buf[got] = (unsigned char)(state >> 56);
	}
}

/* ---- ids ----------------------------------------------------------------- */

void bilan_id_new(char out[BILAN_ID_SIZE], int64_t now)
{
	time_t t = (time_t)(now ? now : bilan_now());
	struct tm tm;
	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999) {
		t = (time_t)bilan_now();
		gmtime_r(&t, &tm);
	}
	char suffix[5];
	size_t k = 0;
	while (k < 4) {
		unsigned char r[8];
		fill_random(r, sizeof(r));
		for (size_t i = 0; i < sizeof(r) && k < 4; i++)
			if (r[i] < 252) /* 252 = 7 * 36: no modulo bias */
				suffix[k++] = id_alphabet[r[i] % 36];
	}
	suffix[4] = '\0';
	char tmp[96];
	snprintf(tmp, sizeof(tmp), "%04d%02d%02dT%02d%02d%02dZ-%s",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, suffix);
	memcpy(out, tmp, 21);
	out[21] = '\0';
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Parse the time part; false when not a valid id. */
static bool id_parts(const char *s, int *y, int *mo, int *d, int *h, int *mi, int *se)
{
	if (!s || strlen(s) != 21 || s[8] != 'T' || s[15] != 'Z' || s[16] != '-')
		return false;
	*y = num(s, 4);
	*mo = num(s + 4, 2);
	*d = num(s + 6, 2);
	*h = num(s + 9, 2);
	*mi = num(s + 11, 2);
	*se = num(s + 13, 2);
	if (*y < 0 || *mo < 1 || *mo > 12 || *d < 1 || *d > bilan_days_in_month(*y, *mo) ||
	    *h < 0 || *h > 23 || *mi < 0 || *mi > 59 || *se < 0 || *se > 59)
		return false;
	for (int i = 17; i < 21; i++)
		if (!strchr(id_alphabet, s[i]) || s[i] == '\0')
			return false;
	return true;
}

bool bilan_id_valid(const char *s)
{
	int y, mo, d, h, mi, se;
	return id_parts(s, &y, &mo, &d, &h, &mi, &se);
}

int64_t bilan_id_time(const char *id)
{
	int y, mo, d, h, mi, se;
	if (!id_parts(id, &y, &mo, &d, &h, &mi, &se))
		return -1;
	return bilan_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

/* ---- slugs ---------------------------------------------------------------- */

/* Device names Windows refuses as a file name, with or without extension. */
static bool slug_reserved(const char *s)
{
	static const char *const names[] = { "con", "prn", "aux", "nul", NULL };
	for (size_t i = 0; names[i]; i++)
		if (strcasecmp(s, names[i]) == 0)
			return true;
	if ((strncasecmp(s, "com", 3) == 0 || strncasecmp(s, "lpt", 3) == 0) &&
	    s[3] >= '1' && s[3] <= '9' && s[4] == '\0')
		return true;
	return false;
}

/* ASCII replacement of a (case-folded, mark-stripped) code point, or NULL. */
static const char *fold_special(utf8proc_int32_t c)
{
	switch (c) {
	case 0x0153: return "oe"; /* œ */
	case 0x00E6: return "ae"; /* æ */
	case 0x00DF: return "ss"; /* ß */
	case 0x1E9E: return "ss"; /* ẞ */
	case 0x00F8: return "o";  /* ø */
	case 0x0111: return "d";  /* đ */
	case 0x00F0: return "d";  /* ð */
	case 0x0142: return "l";  /* ł */
	case 0x00FE: return "th"; /* þ */
	case 0x0131: return "i";  /* ı */
	case 0x0127: return "h";  /* ħ */
	case 0x0140: return "l";  /* ŀ */
	case 0x014B: return "n";  /* ŋ */
	case 0x0167: return "t";  /* ŧ */
	default: return NULL;
	}
}

/* Append c (lowercase ASCII or '-') to the raw slug, collapsing '-' runs. */
static void raw_put(char *raw, size_t *n, size_t cap, char c)
{
	if (*n + 1 >= cap)
		return;
	if (c == '-' && (*n == 0 || raw[*n - 1] == '-'))
		return;
	raw[(*n)++] = c;
}

void bilan_slugify(char out[BILAN_SLUG_MAX + 1], const char *title)
{
	/* Enough to decide where to cut: a few characters beyond the max. */
	char raw[BILAN_SLUG_MAX * 2 + 8];
	size_t n = 0, cap = sizeof(raw);
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t len = -1;

	if (!title)
		title = "";
	len = utf8proc_map((const utf8proc_uint8_t *)title, 0, &m,
			   UTF8PROC_NULLTERM | UTF8PROC_STABLE | BILAN_FOLD_FLAGS);
	if (len >= 0) {
		for (utf8proc_ssize_t i = 0; i < len && n + 1 < cap;) {
			utf8proc_int32_t c;
			utf8proc_ssize_t k = utf8proc_iterate(m + i, len - i, &c);
			if (k <= 0)
				break;
			i += k;
			const char *sp;
			if (c < 0x80 && isalnum((int)c))
				raw_put(raw, &n, cap, (char)tolower((int)c));
			else if ((sp = fold_special(c)))
				for (; *sp; sp++)
					raw_put(raw, &n, cap, *sp);
			else
				raw_put(raw, &n, cap, '-');
		}
	} else {
		/* not UTF-8: keep ASCII letters and digits only */
		for (const char *p = title; *p && n + 1 < cap; p++) {
			unsigned char c = (unsigned char)*p;
			raw_put(raw, &n, cap, c < 0x80 && isalnum(c) ? (char)tolower(c) : '-');
		}
	}
	free(m);
	while (n > 0 && raw[n - 1] == '-')
		n--;
	raw[n] = '\0';

	if (n > BILAN_SLUG_MAX) {
		/* cut at the last '-' that keeps at least half of the room */
		size_t cut = BILAN_SLUG_MAX;
		if (raw[cut] != '-') {
			size_t i = cut;
			while (i > BILAN_SLUG_MAX / 2 && raw[i] != '-')
				i--;
			if (raw[i] == '-')
				cut = i;
		}
		n = cut;
		while (n > 0 && raw[n - 1] == '-')
			n--;
		raw[n] = '\0';
	}
	if (n == 0) {
		strcpy(out, "sans-titre");
		return;
	}
	if (slug_reserved(raw)) {
		memcpy(out, raw, n); /* n <= 4 here */
		memcpy(out + n, "-1", 3);
		return;
	}
	memcpy(out, raw, n + 1);
}

bool bilan_slug_valid(const char *s)
{
	if (!s || !*s || strlen(s) > BILAN_SLUG_MAX || s[0] == '-')
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '-') {
			if (p[1] == '-' || p[1] == '\0')
				return false;
		} else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))) {
			return false;
		}
	}
	return !slug_reserved(s);
}

static bool slug_taken(const char *s, const struct bilan_strlist *existing)
{
	if (slug_reserved(s))
		return true;
	if (!existing)
		return false;
	for (size_t i = 0; i < existing->n; i++)
		if (existing->v[i] && strcasecmp(existing->v[i], s) == 0)
			return true;
	return false;
}

void bilan_slug_unique(char out[BILAN_SLUG_MAX + 1], const char *base,
		       const struct bilan_strlist *existing)
{
	char b[BILAN_SLUG_MAX + 1];
	snprintf(b, sizeof(b), "%s", base && *base ? base : "sans-titre");
	if (!slug_taken(b, existing)) {
		memcpy(out, b, strlen(b) + 1);
		return;
	}
	for (unsigned long k = 2;; k++) {
		char suffix[24];
		int sl = snprintf(suffix, sizeof(suffix), "-%lu", k);
		size_t keep = strlen(b);
		if (keep + (size_t)sl > BILAN_SLUG_MAX)
			keep = BILAN_SLUG_MAX - (size_t)sl;
		while (keep > 0 && b[keep - 1] == '-')
			keep--;
		memcpy(out, b, keep);
		memcpy(out + keep, suffix, (size_t)sl + 1);
		if (!slug_taken(out, existing))
			return;
	}
}

/* ---- prefix resolution ---------------------------------------------------- */

static const char *id_suffix(const char *s)
{
	return bilan_id_valid(s) ? s + 17 : NULL;
}

int bilan_prefix_resolve(size_t *out_index, const char *const *candidates,
			 size_t n, const char *prefix, const char *what,
			 struct bilan_error *err)
{
	size_t plen = prefix ? strlen(prefix) : 0;
	size_t found = 0, first = 0;
	char qp[64];

	if (!what)
		what = "record";
	snprintf(qp, sizeof(qp), "%s", prefix ? prefix : "");

	if (plen > 0) {
		for (size_t i = 0; i < n; i++) {
			if (candidates[i] && strcmp(candidates[i], prefix) == 0) {
				*out_index = i;
				return 0;
			}
		}
		/* pass 0: prefix of the whole string; pass 1: of an id's suffix */
		for (int pass = 0; pass < 2 && found == 0; pass++) {
			for (size_t i = 0; i < n; i++) {
				const char *c = candidates[i];
				if (c && pass == 1)
					c = id_suffix(c);
				if (!c || strncasecmp(c, prefix, plen) != 0)
					continue;
				if (found++ == 0)
					first = i;
			}
			if (found > 1) {
				struct bilan_buf b = BILAN_BUF_INIT;
				size_t shown = 0;
				for (size_t i = first; i < n && shown < 10; i++) {
					const char *c = candidates[i];
					if (c && pass == 1)
						c = id_suffix(c);
					if (!c || strncasecmp(c, prefix, plen) != 0)
						continue;
					bilan_buf_printf(&b, "%s%s", shown ? "\n" : "",
							 candidates[i]);
					shown++;
				}
				if (found > shown)
					bilan_buf_printf(&b, "\n%s",
							 _("(and more: type more characters)"));
				bilan_error_set(err, BILAN_EAMBIGUOUS,
						_("%s '%s' is ambiguous"), what, qp);
				bilan_error_hint(err, "%s", bilan_buf_cstr(&b));
				bilan_buf_clear(&b);
				return BILAN_EAMBIGUOUS;
			}
		}
		if (found == 1) {
			*out_index = first;
			return 0;
		}
	}
	return bilan_error_set(err, BILAN_ENOTFOUND, _("no %s matches '%s'"), what, qp);
}

size_t bilan_id_short_len(const char *id, const char *const *all, size_t n)
{
	size_t len = strlen(id), need = 8;
	for (size_t i = 0; i < n; i++) {
		const char *o = all[i];
		if (!o || strcmp(o, id) == 0)
			continue;
		size_t common = 0;
		while (id[common] && o[common] &&
		       tolower((unsigned char)id[common]) == tolower((unsigned char)o[common]))
			common++;
		if (common + 1 > need)
			need = common + 1;
	}
	return need < len ? need : len;
}
