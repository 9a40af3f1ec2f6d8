/* date.c - the date, time and duration parser (see date.h).
 *
 * Implementation notes:
 * - Input is first normalised to lowercase ASCII with utf8proc (case folding,
 *   compatibility decomposition, marks stripped), typographic apostrophes
 *   become ', runs of blanks one space.  Anything left that is not ASCII makes
 *   the text unreadable.
 * - All calendar arithmetic on relative dates goes through struct tm and
 *   mktime() with tm_isdst = -1, so "hier" across a DST change is the previous
 *   calendar day at the default time, not now minus 24 hours.
 * - A calendar date (has_time false) is stored as 00:00 local of that day with
 *   the exact local UTC offset, so that t + offset falls on the day itself.
 * - A moment (has_time true) carries the local offset truncated to whole
 *   minutes (zones with local mean time before 1900-ish have second offsets
 *   that ISO 8601 cannot write); t stays exact, so format -> parse round-trips.
 */
#include "date.h"
#include "buf.h"
#include "clock.h"
#include "i18n.h"
#include "text.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#define INPUT_MAX 200   /* longer input is unreadable, never worth parsing */
#define MAX_TOKENS 12
#define YEAR_MIN 1000
#define YEAR_MAX 9999
#define REL_MAX 9999    /* "il y a N jours/semaines": N <= REL_MAX */

/* ---- pure calendar arithmetic ---------------------------------------- */

bool bilan_is_leap_year(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int bilan_days_in_month(int64_t y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && bilan_is_leap_year(y) ? 29 : d[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
int64_t bilan_days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* 0 = Sunday .. 6 = Saturday */
static int weekday_of(int64_t y, int m, int d)
{
	int64_t z = bilan_days_from_civil(y, m, d);
	int64_t w = (z + 4) % 7; /* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

static int iso_weeks_in_year(int64_t y)
{
	int jan1 = weekday_of(y, 1, 1);
	if (jan1 == 4 || (jan1 == 3 && bilan_is_leap_year(y)))
		return 53;
	return 52;
}

/* ---- local zone helpers ---------------------------------------------- */

static void local_tm(int64_t t, struct tm *out)
{
	time_t tt = (time_t)t;
	if (!localtime_r(&tt, out)) {
		memset(out, 0, sizeof(*out));
		out->tm_year = 70;
		out->tm_mday = 1;
	}
}

static int local_offset(int64_t t, bool whole_minutes)
{
	struct tm tm;
	local_tm(t, &tm);
	long off = tm.tm_gmtoff;
	if (whole_minutes)
		off -= off % 60;
	return (int)off;
}

/* mktime() on a local wall-clock time; false when out of range. */
static bool make_local(int64_t *out, int year, int mon, int mday, int hour,
		       int min, int sec)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = mday;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	errno = 0;
	time_t t = mktime(&tm);
	if (t == (time_t)-1 && errno != 0)
		return false;
	if (t == (time_t)-1) {
		/* -1 is also 1969-12-31T23:59:59Z: check it round-trips */
		struct tm chk;
		local_tm(-1, &chk);
		if (chk.tm_year != year - 1900 || chk.tm_mon != mon - 1)
			return false;
	}
	*out = (int64_t)t;
	return true;
}

static int64_t now_of(const struct bilan_date_opts *opts)
{
	return opts && opts->now ? opts->now : bilan_now();
}

/* ---- public small helpers --------------------------------------------- */

struct bilan_time bilan_time_now(void)
{
	struct bilan_time r;
	r.t = bilan_now();
	r.offset = local_offset(r.t, true);
	r.has_time = true;
	return r;
}

void bilan_time_local(const struct bilan_time *t, struct tm *out)
{
	local_tm(t->t, out);
}

static void civil_of(int64_t t, int64_t *y, int *m, int *d, int *hh, int *mm, int *ss)
{
	int64_t days = t / 86400, rem = t % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	/* civil_from_days (H. Hinnant) */
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
	*hh = (int)(rem / 3600);
	*mm = (int)(rem % 3600 / 60);
	*ss = (int)(rem % 60);
}

void bilan_time_format_iso(char *buf, const struct bilan_time *t)
{
	int64_t y;
	int m, d, hh, mi, ss;
	civil_of(t->t + t->offset, &y, &m, &d, &hh, &mi, &ss);
	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	if (!t->has_time) {
		snprintf(buf, BILAN_TIME_ISO_MAX, "%04d-%02d-%02d", (int)y, m, d);
		return;
	}
	int off = t->offset;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(buf, BILAN_TIME_ISO_MAX, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		 (int)y, m, d, hh, mi, ss, sign, off / 3600 % 100, off % 3600 / 60);
}

/* n digits exactly at s; -1 if not. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "YYYY-MM-DD" at s (10 bytes), validated. */
static bool iso_day(const char *s, int *y, int *m, int *d)
{
	*y = digits(s, 4);
	if (*y < 0 || s[4] != '-')
		return false;
	*m = digits(s + 5, 2);
	if (*m < 0 || s[7] != '-')
		return false;
	*d = digits(s + 8, 2);
	return *d >= 1 && *d <= bilan_days_in_month(*y, *m);
}

/* "+HH:MM", "-HH:MM" or "Z"/"z" (z only when lower_ok) at s, to end. */
static bool iso_offset(const char *s, int *off, bool lower_ok)
{
	if ((s[0] == 'Z' || (lower_ok && s[0] == 'z')) && s[1] == '\0') {
		*off = 0;
		return true;
	}
	if (s[0] != '+' && s[0] != '-')
		return false;
	int h = digits(s + 1, 2);
	if (h < 0 || s[3] != ':')
		return false;
	int mi = digits(s + 4, 2);
	if (mi < 0 || s[6] != '\0' || h > 23 || mi > 59)
		return false;
	*off = (h * 3600 + mi * 60) * (s[0] == '-' ? -1 : 1);
	return true;
}

bool bilan_time_parse_iso(struct bilan_time *out, const char *s)
{
	int y, m, d;
	if (!s || strlen(s) < 10 || !iso_day(s, &y, &m, &d))
		return false;
	if (s[10] == '\0') {
		int64_t t;
		if (!make_local(&t, y, m, d, 0, 0, 0))
			return false;
		out->t = t;
		out->offset = local_offset(t, false);
		out->has_time = false;
		return true;
	}
	/* RFC 3339, section 5.6: "T" (or "t", or a space, as its note
	 * allows), seconds required, a fraction (dropped), "Z", "z" or
	 * +HH:MM; a leap second only at 23:59:60 UTC (read as :59).  The one
	 * rule of the schemas' date-time format too (lib/schema.c). */
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return false;
	int hh = digits(s + 11, 2), mi = -1, ss = -1, off;
	if (hh >= 0 && s[13] == ':')
		mi = digits(s + 14, 2);
	if (mi >= 0 && s[16] == ':')
		ss = digits(s + 17, 2);
	if (ss < 0 || hh > 23 || mi > 59 || ss > 60)
		return false;
	const char *z = s + 19;
	if (*z == '.') {
		if (!isdigit((unsigned char)z[1]))
			return false;
		for (z++; isdigit((unsigned char)*z); z++)
			;
	}
	if (!iso_offset(z, &off, true))
		return false;
	if (ss == 60) {
		int utc = ((hh * 60 + mi - off / 60) % 1440 + 1440) % 1440;
		if (utc != 23 * 60 + 59)
			return false;
		ss = 59;
	}
	out->t = bilan_days_from_civil(y, m, d) * 86400 + hh * 3600 + mi * 60 + ss - off;
	out->offset = off;
	out->has_time = true;
	return true;
}

void bilan_time_format_short(char *buf, size_t size, const struct bilan_time *t)
{
	struct tm tm;
	local_tm(t->t, &tm);
	snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

void bilan_time_format_day(char *buf, size_t size, const struct bilan_time *t)
{
	int64_t y;
	int m, d, hh, mi, ss;
	if (t->has_time) {
		struct tm tm;
		local_tm(t->t, &tm);
		snprintf(buf, size, "%04d-%02d-%02d", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday);
		return;
	}
	civil_of(t->t + t->offset, &y, &m, &d, &hh, &mi, &ss);
	snprintf(buf, size, "%04d-%02d-%02d", (int)y, m, d);
}

void bilan_time_isoweek(const struct bilan_time *t, int *year, int *week)
{
	struct tm tm;
	local_tm(t->t, &tm);
	int64_t y = tm.tm_year + 1900;
	int isowday = (tm.tm_wday + 6) % 7 + 1; /* 1 = Monday */
	int w = (tm.tm_yday + 1 - isowday + 10) / 7;
	if (w < 1) {
		y--;
		w = iso_weeks_in_year(y);
	} else if (w > iso_weeks_in_year(y)) {
		y++;
		w = 1;
	}
	if (year)
		*year = (int)y;
	if (week)
		*week = w;
}

int64_t bilan_day_start(int64_t t)
{
	struct tm tm;
	local_tm(t, &tm);
	int64_t r;
	if (!make_local(&r, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, 0, 0, 0))
		return t;
	return r;
}

int64_t bilan_week_start(int64_t t)
{
	struct tm tm;
	local_tm(t, &tm);
	int back = (tm.tm_wday + 6) % 7;
	int64_t r;
	if (!make_local(&r, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday - back, 0, 0, 0))
		return t;
	return r;
}

int bilan_time_cmp(const struct bilan_time *a, const struct bilan_time *b)
{
	return a->t < b->t ? -1 : a->t > b->t;
}

/* ---- normalisation ------------------------------------------------------ */

/* Short quote of user text for messages: at most ~60 bytes, cut on a UTF-8
 * boundary. */
static void quote(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s), max = size - 4;
	if (n <= size - 1) {
		memcpy(dst, s, n + 1);
		return;
	}
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(dst, s, n);
	memcpy(dst + n, "...", 4);
}

/* Lowercase ASCII folding of s into out (size bytes); false when s holds a
 * character that has no ASCII form or is not UTF-8. */
static bool normalise(char *out, size_t size, const char *s)
{
	/* Zero-filled, not just terminated: the readers stop at the '\0'
	 * (isdigit() and isalpha() are false there), which the static
	 * analyzer cannot see through glibc's ctype table; it would take
	 * the bytes past it for uninitialised (tests/lint.sh). */
	memset(out, 0, size);
	if (strlen(s) > INPUT_MAX)
		return false;
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, 0, &m,
					  UTF8PROC_NULLTERM | UTF8PROC_STABLE | BILAN_FOLD_FLAGS);
	if (r < 0)
		return false;
	bool ok = true;
	size_t o = 0;
	bool space = true; /* skip leading blanks */
	for (utf8proc_ssize_t i = 0; i < r && ok;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(m + i, r - i, &c);
		if (k <= 0) {
			ok = false;
			break;
		}
		i += k;
		char a;
		if (c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x2032)
			a = '\'';
		else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
			 c == 0x202F || c == 0x2009)
			a = ' ';
		else if (c > 0x20 && c < 0x7F)
			a = (char)tolower(c);
		else {
			ok = false;
			break;
		}
		if (a == ' ') {
			if (space)
				continue;
			space = true;
		} else {
			space = false;
		}
		if (o + 1 >= size) {
			ok = false;
			break;
		}
		out[o++] = a;
	}
	free(m);
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return ok;
}

/* ---- date parsing --------------------------------------------------------- */

enum clock_res { CLOCK_NO, CLOCK_OK, CLOCK_BAD };

/* "14h30", "14h", "14:30", "14:30:00", "9h05", "2pm", "2:30pm", "12am",
 * "midi"/"noon", "minuit"/"midnight"; CLOCK_BAD when it has the shape of a
 * time but is out of range ("25h", "13pm"). */
static enum clock_res parse_clock(const char *s, int *h, int *m, int *sec)
{
	char b[16];
	size_t len = strlen(s);
	int hh = 0, mm = 0, ss = 0, n = 0, half = 0; /* half: 1 am, 2 pm */

	if (strcmp(s, "midi") == 0 || strcmp(s, "noon") == 0 ||
	    strcmp(s, "minuit") == 0 || strcmp(s, "midnight") == 0) {
		*h = strcmp(s, "midi") == 0 || strcmp(s, "noon") == 0 ? 12 : 0;
		*m = 0;
		*sec = 0;
		return CLOCK_OK;
	}
	if (len > 2 && (strcmp(s + len - 2, "am") == 0 || strcmp(s + len - 2, "pm") == 0)) {
		half = s[len - 2] == 'a' ? 1 : 2;
		len -= 2;
	}
	if (len >= sizeof(b))
		return CLOCK_NO;
	memcpy(b, s, len);
	b[len] = '\0';
	const char *p = b;
	while (isdigit((unsigned char)*p) && n < 3) {
		hh = hh * 10 + (*p++ - '0');
		n++;
	}
	if (n < 1 || n > 2)
		return CLOCK_NO;
	if (*p == '\0' && half)
		goto done;   /* "2pm" */
	if (*p == 'h' && !half) {
		p++;
		if (*p == '\0')
			goto done;
		if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) || p[2])
			return CLOCK_NO;
		mm = (p[0] - '0') * 10 + (p[1] - '0');
		goto done;
	}
	if (*p != ':')
		return CLOCK_NO;
	p++;
	if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
		return CLOCK_NO;
	mm = (p[0] - '0') * 10 + (p[1] - '0');
	p += 2;
	if (*p == ':') {
		if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]) || p[3])
			return CLOCK_NO;
		ss = (p[1] - '0') * 10 + (p[2] - '0');
	} else if (*p) {
		return CLOCK_NO;
	}
done:
	if (half) {
		if (hh < 1 || hh > 12 || mm > 59 || ss > 59)
			return CLOCK_BAD;
		hh = hh % 12 + (half == 2 ? 12 : 0);
	}
	if (hh > 23 || mm > 59 || ss > 59)
		return CLOCK_BAD;
	*h = hh;
	*m = mm;
	*sec = ss;
	return CLOCK_OK;
}

static int weekday_word(const char *w)
{
	static const char *const fr[7] = { "dimanche", "lundi", "mardi", "mercredi",
					   "jeudi", "vendredi", "samedi" };
	static const char *const en[7] = { "sunday", "monday", "tuesday", "wednesday",
					   "thursday", "friday", "saturday" };
	for (int i = 0; i < 7; i++)
		if (strcmp(w, fr[i]) == 0 || strcmp(w, en[i]) == 0)
			return i;
	return -1;
}

static bool word_in(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return true;
	return false;
}

/* A count in words, its parts joined by '-' ("vingt-et-un", "twenty-one",
 * "quatre-vingt-dix-sept"): 0..99 in French and English; -1 if not. */
static int number_words(const char *s)
{
	static const char *const fr_units[20] = {
		"zero", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit",
		"neuf", "dix", "onze", "douze", "treize", "quatorze", "quinze",
		"seize", NULL, NULL, NULL };
	static const char *const en_units[20] = {
		"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
		"nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
		"sixteen", "seventeen", "eighteen", "nineteen" };
	static const char *const fr_tens[10] = { NULL, NULL, "vingt", "trente",
		"quarante", "cinquante", "soixante", NULL, NULL, NULL };
	static const char *const en_tens[10] = { NULL, NULL, "twenty", "thirty",
		"forty", "fifty", "sixty", "seventy", "eighty", "ninety" };
	char part[8][16];
	int np = 0;
	size_t l = 0;
	for (const char *p = s;; p++) {
		if (*p == '-' || *p == '\0') {
			if (l == 0 || np == 8)
				return -1;
			part[np++][l] = '\0';
			l = 0;
			if (*p == '\0')
				break;
			continue;
		}
		if (np == 8 || l + 1 >= sizeof(part[0]))
			return -1;
		part[np][l++] = *p;
	}
	int i = 0, tens = 0, units = -1;
	bool fr = false, en = false;
	/* tens: "quatre-vingt(s)" is 80; "soixante", "vingt", ... */
	if (np - i >= 2 && strcmp(part[i], "quatre") == 0 &&
	    (strcmp(part[i + 1], "vingt") == 0 || strcmp(part[i + 1], "vingts") == 0)) {
		tens = 80;
		fr = true;
		i += 2;
	} else {
		for (int k = 2; k < 10; k++) {
			if (fr_tens[k] && strcmp(part[i], fr_tens[k]) == 0) {
				tens = k * 10;
				fr = true;
			} else if (strcmp(part[i], en_tens[k]) == 0) {
				tens = k * 10;
				en = true;
			}
		}
		if (tens)
			i++;
	}
	bool et = false;
	if (i < np && tens && fr && strcmp(part[i], "et") == 0) {
		et = true;
		i++;
	}
	if (i < np) {
		/* French 17..19: "dix-sept", "dix-huit", "dix-neuf" */
		if (np - i == 2 && strcmp(part[i], "dix") == 0 &&
		    (strcmp(part[i + 1], "sept") == 0 || strcmp(part[i + 1], "huit") == 0 ||
		     strcmp(part[i + 1], "neuf") == 0)) {
			units = 10 + (part[i + 1][0] == 's' ? 7 : part[i + 1][0] == 'h' ? 8 : 9);
			fr = true;
			i += 2;
		} else if (np - i == 1) {
			for (int k = 0; k < 20; k++) {
				bool f = fr_units[k] && strcmp(part[i], fr_units[k]) == 0;
				bool e = strcmp(part[i], en_units[k]) == 0;
				if (f || e)
					units = k;
				/* "six" and "zero" are both: they decide nothing */
				if (f && !e)
					fr = true;
				else if (e && !f)
					en = true;
			}
			if (strcmp(part[i], "une") == 0) {
				units = 1;
				fr = true;
			}
			if (units >= 0)
				i++;
		}
	}
	if (i != np || (tens == 0 && units < 0) || (fr && en && tens))
		return -1;
	if (units < 0)
		return et ? -1 : tens;
	if (tens == 0)
		return et ? -1 : units;
	if (units == 0)
		return -1;                         /* "vingt-zero" */
	/* after 60 and 80 in French come 1..19; else 1..9 */
	if (units >= 10 && !(fr && (tens == 60 || tens == 80)))
		return -1;
	/* "et" only before "un"/"une"/"onze", never after 80 */
	if (et && ((units != 1 && units != 11) || tens == 80))
		return -1;
	return tens + units;
}

/* The count of tok[from..to): 1..4 digits, "un"/"une"/"a"/"an"/"one", or a
 * number in words, in one or more tokens ("vingt et un", "twenty one").
 * -1 if not. */
static int count_span(char *const *tok, int from, int to)
{
	static const char *const one[] = { "un", "une", "a", "an", "one", NULL };
	if (to - from < 1 || to - from > 5)
		return -1;
	if (to - from == 1) {
		const char *w = tok[from];
		if (word_in(w, one))
			return 1;
		size_t n = strlen(w);
		if (n >= 1 && n <= 4 && isdigit((unsigned char)w[0])) {
			int v = 0;
			for (size_t i = 0; i < n; i++) {
				if (!isdigit((unsigned char)w[i]))
					return -1;
				v = v * 10 + (w[i] - '0');
			}
			return v;
		}
	}
	char joined[64];
	size_t o = 0;
	for (int i = from; i < to; i++) {
		size_t l = strlen(tok[i]);
		if (o + l + 2 > sizeof(joined))
			return -1;
		if (i > from)
			joined[o++] = '-';
		memcpy(joined + o, tok[i], l);
		o += l;
	}
	joined[o] = '\0';
	return number_words(joined);
}

/* A unit of relative dates: days (1, 7) or months (1, 12); false if not. */
static bool unit_word(const char *w, int *days, int *months)
{
	static const char *const day_w[] = { "jour", "jours", "j", "day", "days", "d", NULL };
	static const char *const week_w[] = { "semaine", "semaines", "sem", "week",
					      "weeks", "w", NULL };
	static const char *const month_w[] = { "mois", "month", "months", NULL };
	static const char *const year_w[] = { "an", "ans", "annee", "annees", "year",
					      "years", NULL };
	*days = *months = 0;
	if (word_in(w, day_w))
		*days = 1;
	else if (word_in(w, week_w))
		*days = 7;
	else if (word_in(w, month_w))
		*months = 1;
	else if (word_in(w, year_w))
		*months = 12;
	else
		return false;
	return true;
}

enum date_kind {
	D_NONE,      /* unreadable */
	D_NOW,       /* the current moment */
	D_REL,       /* today + delta days */
	D_WEEKDAY,   /* weekday wd, with mode */
	D_ABS,       /* y/m/d given */
	D_DAYMONTH,  /* d/m, year to infer */
	D_INSTANT,   /* full ISO with offset: t given */
	D_BAD,       /* shape of a date, impossible value */
};

enum wd_mode { WD_LEAN, WD_LAST, WD_NEXT };

struct parsed {
	enum date_kind kind;
	int delta;          /* D_REL: days */
	int months;         /* D_REL: months, clamped to the month's end */
	int wd;             /* D_WEEKDAY */
	enum wd_mode mode;
	int y, m, d;        /* D_ABS, D_DAYMONTH */
	bool has_time;
	bool bad_time;
	int hh, mi, ss;
	int64_t instant;    /* D_INSTANT */
};

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Numeric dates: 2026-11-20, 20/11/2026, 20/11 (1 or 2 digits for d/m). */
static void numeric_date(struct parsed *p, const char *w)
{
	size_t n = strlen(w);
	if (n == 10 && w[4] == '-' && w[7] == '-' && all_digits(w, 4) &&
	    all_digits(w + 5, 2) && all_digits(w + 8, 2)) {
		p->y = digits(w, 4);
		p->m = digits(w + 5, 2);
		p->d = digits(w + 8, 2);
		p->kind = D_ABS;
		return;
	}
	const char *s1 = strchr(w, '/');
	if (!s1)
		return;
	size_t ld = (size_t)(s1 - w);
	const char *ms = s1 + 1;
	const char *s2 = strchr(ms, '/');
	size_t lm = s2 ? (size_t)(s2 - ms) : strlen(ms);
	if (ld < 1 || ld > 2 || lm < 1 || lm > 2 || !all_digits(w, ld) ||
	    !all_digits(ms, lm))
		return;
	p->d = atoi(w);  /* NOLINT(cert-err34-c): 1 or 2 digits, checked */
	p->m = atoi(ms); /* NOLINT(cert-err34-c): 1 or 2 digits, checked */
	if (s2) {
		const char *ys = s2 + 1;
		if (strlen(ys) != 4 || !all_digits(ys, 4))
			return;
		p->y = atoi(ys); /* NOLINT(cert-err34-c): 4 digits, checked */
		p->kind = D_ABS;
	} else {
		p->kind = D_DAYMONTH;
	}
}

/* Full ISO in one token (lowercased): 2026-11-20t14:30[:00][z|+01:00]. */
static void iso_token(struct parsed *p, const char *w)
{
	int y, m, d;
	if (strlen(w) < 16 || w[10] != 't' || w[4] != '-' || w[7] != '-' ||
	    !all_digits(w, 4) || !all_digits(w + 5, 2) || !all_digits(w + 8, 2))
		return;
	y = digits(w, 4);
	m = digits(w + 5, 2);
	d = digits(w + 8, 2);
	const char *t = w + 11;
	int hh = digits(t, 2), mi = -1, ss = 0;
	if (hh < 0 || t[2] != ':' || (mi = digits(t + 3, 2)) < 0)
		return;
	const char *rest = t + 5;
	if (*rest == ':') {
		ss = digits(rest + 1, 2);
		if (ss < 0)
			return;
		rest += 3;
	}
	int off = 0;
	bool has_off = false;
	if (*rest) {
		if (!iso_offset(rest, &off, true))
			return;
		has_off = true;
	}
	if (m < 1 || m > 12 || d < 1 || d > bilan_days_in_month(y, m)) {
		p->kind = D_BAD;
		return;
	}
	if (hh > 23 || mi > 59 || ss > 59) {
		p->kind = D_BAD;
		p->bad_time = true;
		return;
	}
	p->has_time = true;
	p->hh = hh;
	p->mi = mi;
	p->ss = ss;
	if (has_off) {
		p->kind = D_INSTANT;
		p->instant = bilan_days_from_civil(y, m, d) * 86400 + hh * 3600 + mi * 60 +
			     ss - off;
		p->y = y;
	} else {
		p->kind = D_ABS;
		p->y = y;
		p->m = m;
		p->d = d;
	}
}

static void parse_phrase(struct parsed *p, char *norm)
{
	char *tok[MAX_TOKENS];
	int n = 0;
	for (char *save = NULL, *w = strtok_r(norm, " ", &save); w;
	     w = strtok_r(NULL, " ", &save)) {
		if (n == MAX_TOKENS)
			return; /* D_NONE */
		tok[n++] = w;
	}
	if (n == 0)
		return;

	if (n == 1) {
		iso_token(p, tok[0]);
		if (p->kind != D_NONE)
			return;
	}

	/* trailing time, optionally introduced by "a"/"at"; "2 pm" is "2pm" */
	int h, m, s;
	enum clock_res cr = CLOCK_NO;
	if (n >= 2 && (strcmp(tok[n - 1], "am") == 0 || strcmp(tok[n - 1], "pm") == 0) &&
	    isdigit((unsigned char)tok[n - 2][0])) {
		char both[24];
		if (strlen(tok[n - 2]) + 3 <= sizeof(both)) {
			snprintf(both, sizeof(both), "%s%s", tok[n - 2], tok[n - 1]);
			cr = parse_clock(both, &h, &m, &s);
			if (cr != CLOCK_NO)
				n--;
		}
	}
	if (cr == CLOCK_NO)
		cr = parse_clock(tok[n - 1], &h, &m, &s);
	if (cr != CLOCK_NO) {
		if (cr == CLOCK_BAD) {
			p->bad_time = true;
		} else {
			p->has_time = true;
			p->hh = h;
			p->mi = m;
			p->ss = s;
		}
		n--;
		if (n > 0 && (strcmp(tok[n - 1], "a") == 0 || strcmp(tok[n - 1], "at") == 0))
			n--;
	}

	/* the date phrase, joined back with single spaces */
	char ph[INPUT_MAX + 1];
	size_t o = 0;
	for (int i = 0; i < n; i++) {
		size_t l = strlen(tok[i]);
		if (o + l + 2 > sizeof(ph))
			return;
		if (i)
			ph[o++] = ' ';
		memcpy(ph + o, tok[i], l);
		o += l;
	}
	ph[o] = '\0';

	static const char *const today[] = { "", "aujourd'hui", "aujourdhui", "today", NULL };
	static const char *const now[] = { "maintenant", "now", NULL };
	static const char *const yest[] = { "hier", "yesterday", NULL };
	static const char *const yest2[] = { "avant-hier", "avant hier", "avanthier",
					     "day before yesterday",
					     "the day before yesterday", NULL };
	static const char *const tomo[] = { "demain", "tomorrow", NULL };
	static const char *const tomo2[] = { "apres-demain", "apres demain", "apresdemain",
					     "day after tomorrow",
					     "the day after tomorrow", NULL };
	static const char *const last[] = { "dernier", "derniere", "passe", NULL };
	static const char *const next[] = { "prochain", "prochaine", NULL };

	if (word_in(ph, today)) {
		if (n == 0 && !p->has_time && !p->bad_time)
			return; /* empty */
		p->kind = D_REL;
		p->delta = 0;
		return;
	}
	if (word_in(ph, now)) {
		if (!p->has_time && !p->bad_time)
			p->kind = D_NOW;
		return;
	}
	if (word_in(ph, yest) || word_in(ph, yest2) || word_in(ph, tomo) ||
	    word_in(ph, tomo2)) {
		p->kind = D_REL;
		p->delta = word_in(ph, yest) ? -1 : word_in(ph, yest2) ? -2 :
			   word_in(ph, tomo) ? 1 : 2;
		return;
	}

	/* weekdays */
	int wd;
	if (n == 1 && (wd = weekday_word(tok[0])) >= 0) {
		p->kind = D_WEEKDAY;
		p->wd = wd;
		p->mode = WD_LEAN;
		return;
	}
	if (n == 2 && (wd = weekday_word(tok[0])) >= 0 &&
	    (word_in(tok[1], last) || word_in(tok[1], next))) {
		p->kind = D_WEEKDAY;
		p->wd = wd;
		p->mode = word_in(tok[1], last) ? WD_LAST : WD_NEXT;
		return;
	}
	if (n == 2 && (wd = weekday_word(tok[1])) >= 0 &&
	    (strcmp(tok[0], "last") == 0 || strcmp(tok[0], "next") == 0 ||
	     strcmp(tok[0], "this") == 0 || strcmp(tok[0], "ce") == 0)) {
		p->kind = D_WEEKDAY;
		p->wd = wd;
		p->mode = strcmp(tok[0], "last") == 0 ? WD_LAST :
			  strcmp(tok[0], "next") == 0 ? WD_NEXT : WD_LEAN;
		return;
	}

	/* relative counts: "il y a N U", "N U ago", "dans N U", "in N U" */
	int cnt = -1, ud, um;
	bool back = false;
	if (n >= 5 && strcmp(tok[0], "il") == 0 && strcmp(tok[1], "y") == 0 &&
	    strcmp(tok[2], "a") == 0 && unit_word(tok[n - 1], &ud, &um)) {
		cnt = count_span(tok, 3, n - 1);
		back = true;
	} else if (n >= 3 && strcmp(tok[n - 1], "ago") == 0 &&
		   unit_word(tok[n - 2], &ud, &um)) {
		cnt = count_span(tok, 0, n - 2);
		back = true;
	} else if (n >= 3 && (strcmp(tok[0], "dans") == 0 || strcmp(tok[0], "in") == 0) &&
		   unit_word(tok[n - 1], &ud, &um)) {
		cnt = count_span(tok, 1, n - 1);
	}
	if (cnt >= 0) {
		if (cnt > REL_MAX)
			return;
		p->kind = D_REL;
		p->delta = (back ? -cnt : cnt) * ud;
		p->months = (back ? -cnt : cnt) * um;
		return;
	}

	if (n == 1)
		numeric_date(p, tok[0]);
}

static int day_key(const struct tm *tm)
{
	return (tm->tm_year + 1900) * 10000 + (tm->tm_mon + 1) * 100 + tm->tm_mday;
}

int bilan_date_parse(struct bilan_time *out, const char *text,
		     const struct bilan_date_opts *opts, struct bilan_error *err)
{
	static const struct bilan_date_opts defaults = BILAN_DATE_OPTS_ANY;
	char norm[INPUT_MAX + 1];
	char q[64];
	struct parsed p;
	int64_t now, t;
	struct tm tn, tr;

	if (!opts)
		opts = &defaults;
	if (!text)
		text = "";
	quote(q, sizeof(q), text);
	now = now_of(opts);
	local_tm(now, &tn);

	memset(&p, 0, sizeof(p));
	if (normalise(norm, sizeof(norm), text))
		parse_phrase(&p, norm);

	if (p.kind == D_NONE) {
		bilan_error_set(err, BILAN_EUSAGE, _("cannot read date '%s'"), q);
		/* TRANSLATORS: examples in the language of the messages
		 * (the parser reads French and English) */
		bilan_error_hint(err, _("try for example: today, yesterday, monday, "
					"last monday, 3 days ago, 2026-11-20, "
					"20/11, 20/11/2026 14:30"));
		return BILAN_EUSAGE;
	}
	if (p.kind == D_BAD && !p.bad_time)
		return bilan_error_set(err, BILAN_EUSAGE, _("impossible date '%s'"), q);
	if (p.bad_time)
		return bilan_error_set(err, BILAN_EUSAGE, _("impossible time in '%s'"), q);
	if (opts->date_only && p.has_time) {
		bilan_error_set(err, BILAN_EUSAGE,
				_("'%s' has a time but a day is expected"), q);
		bilan_error_hint(err, _("give the day alone, e.g. 2026-11-20"));
		return BILAN_EUSAGE;
	}

	int y = tn.tm_year + 1900, m = tn.tm_mon + 1, d = tn.tm_mday;
	bool exact_now = false;
	switch (p.kind) {
	case D_NOW:
		exact_now = true;
		break;
	case D_REL:
		if (p.months) {
			/* month arithmetic clamps to the month's end: 31 August
			 * + 6 months is the last day of February */
			int64_t total = (int64_t)y * 12 + (m - 1) + p.months;
			int64_t ny = total >= 0 ? total / 12 : -((-total + 11) / 12);
			if (ny < YEAR_MIN || ny > YEAR_MAX)
				return bilan_error_set(err, BILAN_EUSAGE,
						       _("impossible date '%s'"), q);
			y = (int)ny;
			m = (int)(total - ny * 12) + 1;
			if (d > bilan_days_in_month(y, m))
				d = bilan_days_in_month(y, m);
		}
		d += p.delta;
		break;
	case D_WEEKDAY: {
		int back = (tn.tm_wday - p.wd + 7) % 7;  /* 0..6 days ago */
		int fwd = (p.wd - tn.tm_wday + 7) % 7;   /* 0..6 days ahead */
		if (p.mode == WD_LAST)
			d -= back ? back : 7;
		else if (p.mode == WD_NEXT)
			d += fwd ? fwd : 7;
		else if (opts->lean == BILAN_LEAN_FUTURE)
			d += fwd;
		else
			d -= back;
		break;
	}
	case D_DAYMONTH: {
		int key = y * 10000 + p.m * 100 + p.d, today = day_key(&tn);
		if (opts->lean == BILAN_LEAN_PAST && !opts->allow_future && key > today)
			y--;
		else if (opts->lean == BILAN_LEAN_FUTURE && key < today)
			y++;
		m = p.m;
		d = p.d;
		if (m < 1 || m > 12 || d < 1 || d > bilan_days_in_month(y, m))
			return bilan_error_set(err, BILAN_EUSAGE,
					       _("impossible date '%s'"), q);
		break;
	}
	case D_ABS:
		y = p.y;
		m = p.m;
		d = p.d;
		if (m < 1 || m > 12 || d < 1 || d > bilan_days_in_month(y, m))
			return bilan_error_set(err, BILAN_EUSAGE,
					       _("impossible date '%s'"), q);
		break;
	case D_INSTANT:
	case D_NONE:
	case D_BAD:
		break;
	}

	if (p.kind == D_INSTANT) {
		t = p.instant;
		if (p.y < YEAR_MIN || p.y > YEAR_MAX)
			return bilan_error_set(err, BILAN_EUSAGE,
					       _("impossible date '%s'"), q);
	} else if (exact_now) {
		t = now;
	} else {
		/* normalise the calendar day first (d may be out of range) */
		int64_t noon;
		if (!make_local(&noon, y, m, d, 12, 0, 0))
			return bilan_error_set(err, BILAN_EUSAGE,
					       _("impossible date '%s'"), q);
		local_tm(noon, &tr);
		y = tr.tm_year + 1900;
		m = tr.tm_mon + 1;
		d = tr.tm_mday;
		if (y < YEAR_MIN || y > YEAR_MAX)
			return bilan_error_set(err, BILAN_EUSAGE,
					       _("impossible date '%s'"), q);
		bool ok;
		if (opts->date_only)
			ok = make_local(&t, y, m, d, 0, 0, 0);
		else if (p.has_time)
			ok = make_local(&t, y, m, d, p.hh, p.mi, p.ss);
		else if (day_key(&tr) == day_key(&tn))
			ok = (t = now, true);
		else if (opts->lean == BILAN_LEAN_FUTURE)
			ok = make_local(&t, y, m, d, 9, 0, 0);
		else
			ok = make_local(&t, y, m, d, 12, 0, 0);
		if (!ok)
			return bilan_error_set(err, BILAN_EUSAGE,
					       _("impossible date '%s'"), q);
	}

	/* lean checks, by calendar day and, within today, by moment */
	local_tm(t, &tr);
	int rk = day_key(&tr), nk = day_key(&tn);
	bool timed = !opts->date_only && (p.has_time || p.kind == D_INSTANT);
	if (!opts->allow_future && (rk > nk || (rk == nk && timed && t > now)))
		return bilan_error_set(err, BILAN_EUSAGE, _("date '%s' is in the future"), q);
	if (!opts->allow_past && rk < nk)
		return bilan_error_set(err, BILAN_EUSAGE, _("date '%s' is in the past"), q);

	if (opts->date_only) {
		if (p.kind == D_INSTANT || exact_now) {
			int64_t day;
			if (!make_local(&day, tr.tm_year + 1900, tr.tm_mon + 1,
					tr.tm_mday, 0, 0, 0))
				return bilan_error_set(err, BILAN_EUSAGE,
						       _("impossible date '%s'"), q);
			t = day;
		}
		out->t = t;
		out->offset = local_offset(t, false);
		out->has_time = false;
	} else {
		out->t = t;
		out->offset = local_offset(t, true);
		out->has_time = true;
	}
	return 0;
}

/* ---- durations ------------------------------------------------------------ */

#define DUR_CAP 100000000LL /* numbers beyond this are "over" anything */

static const char *skip_blank(const char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

/* Reads digits into *v (capped at DUR_CAP + 1); returns the number read. */
static int read_num(const char **pp, long long *v)
{
	const char *p = *pp;
	int n = 0;
	*v = 0;
	while (isdigit((unsigned char)*p)) {
		if (*v <= DUR_CAP)
			*v = *v * 10 + (*p - '0');
		p++;
		n++;
	}
	*pp = p;
	return n;
}

static bool match_word(const char **pp, const char *const *words)
{
	/* longest match first: lists are ordered longest first */
	for (; *words; words++) {
		size_t l = strlen(*words);
		if (strncmp(*pp, *words, l) == 0 && !isalpha((unsigned char)(*pp)[l])) {
			*pp += l;
			return true;
		}
	}
	return false;
}

static const char *const hour_words[] = { "heures", "heure", "hours", "hour",
					  "hrs", "hr", "h", NULL };
static const char *const min_words[] = { "minutes", "minute", "mins", "min",
					 "mn", "m", NULL };

enum dur_res { DUR_OK, DUR_UNREADABLE, DUR_NEG };

/* Minutes (possibly > max, capped) of a normalised duration. */
static enum dur_res parse_dur(const char *s, long long *out)
{
	const char *p = skip_blank(s);
	long long a, b, minutes;
	int na;

	if (*p == '-')
		return DUR_NEG;
	if (*p == '+')
		p++;
	na = read_num(&p, &a);
	if (na == 0)
		return DUR_UNREADABLE;

	/* decimal hours: 1.5h, 1,5h */
	if (*p == '.' || *p == ',') {
		p++;
		long long frac = 0, scale = 1;
		int nf = 0;
		while (isdigit((unsigned char)*p)) {
			if (nf < 6) {
				frac = frac * 10 + (*p - '0');
				scale *= 10;
			}
			p++;
			nf++;
		}
		if (nf == 0)
			return DUR_UNREADABLE;
		p = skip_blank(p);
		if (!match_word(&p, hour_words))
			return DUR_UNREADABLE;
		if (*skip_blank(p))
			return DUR_UNREADABLE;
		minutes = a * 60 + (frac * 60 + scale / 2) / scale;
		*out = minutes;
		return DUR_OK;
	}
	/* 2:15 */
	if (*p == ':') {
		p++;
		if (read_num(&p, &b) != 2 || b > 59 || *skip_blank(p))
			return DUR_UNREADABLE;
		*out = a * 60 + b;
		return DUR_OK;
	}
	p = skip_blank(p);
	if (*p == '\0') {
		*out = a; /* bare number: minutes */
		return DUR_OK;
	}
	if (match_word(&p, min_words)) {
		if (*skip_blank(p))
			return DUR_UNREADABLE;
		*out = a;
		return DUR_OK;
	}
	if (!match_word(&p, hour_words))
		return DUR_UNREADABLE;
	minutes = a * 60;
	p = skip_blank(p);
	if (*p) {
		if (read_num(&p, &b) == 0 || b > 59)
			return DUR_UNREADABLE;
		p = skip_blank(p);
		match_word(&p, min_words);
		if (*skip_blank(p))
			return DUR_UNREADABLE;
		minutes += b;
	}
	*out = minutes;
	return DUR_OK;
}

int bilan_duration_parse(int *minutes, const char *text, int max_minutes,
			 struct bilan_error *err)
{
	char norm[INPUT_MAX + 1];
	char q[64], maxs[32];
	long long v = 0;
	enum dur_res r = DUR_UNREADABLE;

	if (!text)
		text = "";
	if (max_minutes <= 0)
		max_minutes = 24 * 60;
	quote(q, sizeof(q), text);
	if (normalise(norm, sizeof(norm), text))
		r = parse_dur(norm, &v);
	if (r == DUR_UNREADABLE) {
		bilan_error_set(err, BILAN_EUSAGE, _("cannot read duration '%s'"), q);
		bilan_error_hint(err, _("try for example: 1h30, 1h, 90min, 45m, 1.5h, "
					"2:15, 30 (minutes)"));
		return BILAN_EUSAGE;
	}
	if (r == DUR_NEG || v <= 0)
		return bilan_error_set(err, BILAN_EUSAGE,
				       _("duration '%s' must be more than zero"), q);
	if (v > max_minutes) {
		bilan_duration_format(maxs, sizeof(maxs), max_minutes);
		return bilan_error_set(err, BILAN_EUSAGE, _("duration '%s' is over %s"),
				       q, maxs);
	}
	*minutes = (int)v;
	return 0;
}

void bilan_duration_human(char *buf, size_t size, int minutes, bool french)
{
	if (minutes <= 0 && buf && size) {   /* none: in hours, like a goal */
		snprintf(buf, size, french ? "0\u00a0h" : "0h");
		return;
	}
	if (!french) {
		bilan_duration_format(buf, size, minutes);
		return;
	}
	if (!buf || size == 0)
		return;
	if (minutes < 0)
		minutes = 0;
	if (minutes < 60)
		snprintf(buf, size, "%d\u00a0min", minutes);
	else if (minutes % 60 == 0)
		snprintf(buf, size, "%d\u00a0h", minutes / 60);
	else
		snprintf(buf, size, "%d\u00a0h\u00a0%02d", minutes / 60, minutes % 60);
}

void bilan_duration_format(char *buf, size_t size, int minutes)
{
	if (!buf || size == 0)
		return;
	if (minutes < 0)
		minutes = 0;
	if (minutes < 60)
		snprintf(buf, size, "%dmin", minutes);
	else if (minutes % 60 == 0)
		snprintf(buf, size, "%dh", minutes / 60);
	else
		snprintf(buf, size, "%dh%02d", minutes / 60, minutes % 60);
}

int bilan_clock_parse(int64_t *out, const char *text, struct bilan_error *err)
{
	/* RFC 3339's freedoms (t or a space for T, z for Z, a fraction of a
	 * second) brought to the stored form, then the one parser of stored
	 * times (lib/date.h), which wants a time and an offset */
	const char *s = text ? text : "";
	size_t len = strlen(s);
	char norm[48];
	size_t n = 0;
	struct bilan_time t;
	if (len < 20 || len > 40)
		goto bad;
	for (size_t i = 0; i < len && n < sizeof(norm) - 1; i++) {
		char c = s[i];
		if (i == 10 && (c == 't' || c == ' '))
			c = 'T';
		else if (c == 'z')
			c = 'Z';
		if (i == 19 && c == '.') {   /* the fraction: at least a digit */
			size_t k = i + 1;
			while (k < len && isdigit((unsigned char)s[k]))
				k++;
			if (k == i + 1)
				goto bad;
			i = k - 1;
			continue;
		}
		norm[n++] = c;
	}
	norm[n] = '\0';
	if (!bilan_time_parse_iso(&t, norm) || !t.has_time)
		goto bad;
	/* from the epoch to the end of year 9999, in UTC */
	if (t.t < 0 || t.t > INT64_C(253402300799))
		goto bad;
	*out = t.t;
	return 0;
bad:
	bilan_error_set(err, BILAN_EUSAGE,
			_("'%s' is not an RFC 3339 date and time with an offset"), s);
	bilan_error_hint(err, "%s",
			 _("for example 2026-12-07T00:30:00+01:00 or 2026-12-07T17:00:00Z"));
	return BILAN_EUSAGE;
}
