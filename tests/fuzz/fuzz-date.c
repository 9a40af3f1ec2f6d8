/* fuzz-date.c - libFuzzer target for the date, stored-time and duration
 * parsers, and the clock's RFC 3339 and seed parsers (lib/clock.h).
 *
 * Built and run by tests/fuzz/run (libFuzzer); replayed on its corpus by
 * meson test (tests/fuzz/meson.build, replay.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "date.h"
#include "errors.h"

/* Friday 2026-11-27 10:00 Europe/Paris */
#define NOW 1795770000LL

#define CHECK(c)                                                                \
	do {                                                                    \
		if (!(c)) {                                                     \
			fprintf(stderr, "invariant failed: %s (line %d)\n", #c, \
				__LINE__);                                      \
			abort();                                                \
		}                                                               \
	} while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	return 0;
}

static int day_key(int64_t t)
{
	struct bilan_time bt = { t, 0, true };
	struct tm tm;
	bilan_time_local(&bt, &tm);
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

static void check_date(const char *s, struct bilan_date_opts o)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_time t;
	o.now = NOW;
	int rc = bilan_date_parse(&t, s, &o, &err);
	if (rc != 0) {
		CHECK(rc == BILAN_EUSAGE);
		CHECK(err.code == BILAN_EUSAGE);
		CHECK(err.message[0] != '\0');
		CHECK(strlen(err.message) < 200);
		return;
	}
	CHECK(err.code == 0);
	CHECK(t.has_time == !o.date_only);
	CHECK(t.offset > -24 * 3600 && t.offset < 24 * 3600);
	if (!o.allow_future)
		CHECK(day_key(t.t) <= day_key(NOW) && (!t.has_time || t.t <= NOW ||
						       day_key(t.t) < day_key(NOW)));
	if (!o.allow_past)
		CHECK(day_key(t.t) >= day_key(NOW));
	if (o.date_only)
		CHECK(bilan_day_start(t.t) == t.t);

	/* the stored form reads back to the same moment */
	char iso[BILAN_TIME_ISO_MAX], iso2[BILAN_TIME_ISO_MAX];
	struct bilan_time back;
	bilan_time_format_iso(iso, &t);
	CHECK(bilan_time_parse_iso(&back, iso));
	CHECK(back.t == t.t);
	CHECK(back.has_time == t.has_time);
	bilan_time_format_iso(iso2, &back);
	CHECK(strcmp(iso, iso2) == 0);

	/* and the stored form is itself accepted by the natural parser */
	struct bilan_date_opts any = BILAN_DATE_OPTS_ANY;
	any.now = NOW;
	any.date_only = o.date_only;
	struct bilan_time again;
	CHECK(bilan_date_parse(&again, iso, &any, NULL) == 0);
	CHECK(again.t == t.t);

	int y = 0, w = 0;
	bilan_time_isoweek(&t, &y, &w);
	CHECK(w >= 1 && w <= 53);
	CHECK(bilan_week_start(t.t) <= bilan_day_start(t.t));
	CHECK(bilan_day_start(t.t) <= t.t);
}

static void check_duration(const char *s, int max)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	int m = -1;
	int rc = bilan_duration_parse(&m, s, max, &err);
	if (rc != 0) {
		CHECK(rc == BILAN_EUSAGE);
		CHECK(m == -1);
		CHECK(err.message[0] != '\0');
		return;
	}
	CHECK(m >= 1 && m <= (max > 0 ? max : 24 * 60));
	char buf[32];
	int m2 = -1;
	bilan_duration_format(buf, sizeof(buf), m);
	CHECK(bilan_duration_parse(&m2, buf, max, NULL) == 0);
	CHECK(m2 == m);
}

/* What bilan_time_parse_iso reads formats back to the same text once the
 * other spellings of RFC 3339 are made the stored form: "T" and "Z" in
 * capitals, no fraction, a leap second as :59. */
static void check_iso(const char *in)
{
	struct bilan_time t;
	if (!bilan_time_parse_iso(&t, in))
		return;
	char s[64];
	size_t n = 0;
	for (size_t i = 0; in[i] && n + 1 < sizeof(s); i++) {
		char c = in[i];
		if (i == 10 && (c == ' ' || c == 't'))
			c = 'T';
		if (c == 'z')
			c = 'Z';
		if (i == 19 && c == '.') {
			while (in[i + 1] >= '0' && in[i + 1] <= '9')
				i++;
			continue;
		}
		s[n++] = c;
	}
	s[n] = '\0';
	if (n > 19 && s[17] == '6' && s[18] == '0')
		s[17] = '5', s[18] = '9';
	char iso[BILAN_TIME_ISO_MAX];
	bilan_time_format_iso(iso, &t);
	if (n > 0 && s[n - 1] == 'Z')
		CHECK(strncmp(iso, s, n - 1) == 0 && strcmp(iso + n - 1, "+00:00") == 0);
	else if (n >= 6 && strcmp(s + n - 6, "-00:00") == 0)
		/* RFC 3339's "UTC, local offset unknown": read as UTC */
		CHECK(strncmp(iso, s, n - 6) == 0 && strcmp(iso + n - 6, "+00:00") == 0);
	else
		CHECK(strcmp(iso, s) == 0);
}

/* BILAN_NOW: an RFC 3339 time with an offset; what it accepts formats
 * back (in UTC) to the same instant, and its errors carry a hint. */
static void check_clock(const char *s)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	int64_t t = 0;
	int rc = bilan_clock_parse(&t, s, &err);
	if (rc != 0) {
		CHECK(rc == BILAN_EUSAGE && err.message[0] && err.hint[0]);
		return;
	}
	CHECK(strlen(s) >= 20 && strlen(s) <= 40);
	struct bilan_time bt = { t, 0, true };
	char iso[BILAN_TIME_ISO_MAX];
	bilan_time_format_iso(iso, &bt);
	int64_t back = 0;
	CHECK(bilan_clock_parse(&back, iso, &err) == 0 && back == t);
	uint64_t seed;
	struct bilan_error serr = BILAN_ERROR_INIT;
	rc = bilan_clock_parse_seed(&seed, s, &serr);
	CHECK(rc == 0 || rc == BILAN_EUSAGE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	const struct bilan_date_opts sets[] = {
		BILAN_DATE_OPTS_PAST, BILAN_DATE_OPTS_FUTURE, BILAN_DATE_OPTS_ANY,
		BILAN_DATE_OPTS_DAY,
		{ BILAN_LEAN_FUTURE, true, false, false, 0 },
		{ BILAN_LEAN_FUTURE, true, false, true, 0 },
	};
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		check_date(s, sets[i]);
	check_duration(s, 0);
	check_duration(s, 240);
	check_duration(s, 100000);
	check_iso(s);
	check_clock(s);
	free(s);
	return 0;
}
