/* test-date.c - natural dates, stored forms, ISO weeks, durations (lib/date.h).
 * Deterministic: each group sets TZ and every parse gets a fixed `now`. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "date.h"
#include "errors.h"

/* Friday 2026-11-27 10:00 Europe/Paris (09:00Z) */
#define NOW_PARIS 1795770000LL
/* Sunday 2026-03-29 10:00 CEST, the morning after the spring change */
#define NOW_SPRING 1774771200LL
/* Saturday 2026-03-28 10:00 CET, the day before */
#define NOW_SPRING_EVE 1774688400LL
/* Sunday 2026-10-25 10:00 CET, the morning after the autumn change */
#define NOW_AUTUMN 1792918800LL

static int setup_paris(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	return 0;
}

static int setup_utc(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

static int setup_unset(void **state)
{
	(void)state;
	unsetenv("TZ");
	tzset();
	return 0;
}

static struct bilan_date_opts opts_of(char which, int64_t now)
{
	struct bilan_date_opts past = BILAN_DATE_OPTS_PAST, fut = BILAN_DATE_OPTS_FUTURE,
			       any = BILAN_DATE_OPTS_ANY, day = BILAN_DATE_OPTS_DAY;
	struct bilan_date_opts o = which == 'P' ? past : which == 'F' ? fut :
				   which == 'A' ? any : day;
	o.now = now;
	return o;
}

/* Parse and format as stored; "ERR" on failure (err filled). */
static const char *parse_at(const char *text, char which, int64_t now,
			    struct bilan_error *err)
{
	static char buf[BILAN_TIME_ISO_MAX];
	struct bilan_date_opts o = opts_of(which, now);
	struct bilan_time t;
	bilan_error_clear(err);
	memset(&t, 0xA5, sizeof(t));
	int rc = bilan_date_parse(&t, text, &o, err);
	if (rc != 0) {
		assert_int_equal(rc, BILAN_EUSAGE);
		assert_int_equal(err->code, BILAN_EUSAGE);
		assert_true(err->message[0] != '\0');
		return "ERR";
	}
	bilan_time_format_iso(buf, &t);
	/* the stored form reads back to the same moment */
	struct bilan_time back;
	assert_true(bilan_time_parse_iso(&back, buf));
	assert_true(back.t == t.t);
	assert_int_equal(back.has_time, t.has_time);
	return buf;
}

struct case_ {
	const char *in;
	char opts;        /* P past, F future, A any, D day */
	const char *want; /* stored form, or "ERR" */
};

static void run_cases(const struct case_ *c, size_t n, int64_t now)
{
	for (size_t i = 0; i < n; i++) {
		struct bilan_error err = BILAN_ERROR_INIT;
		const char *got = parse_at(c[i].in, c[i].opts, now, &err);
		if (strcmp(got, c[i].want) != 0)
			fail_msg("'%s' (%c): got %s, want %s (%s)", c[i].in, c[i].opts,
				 got, c[i].want, err.message);
	}
}

#define RUN(tab, now) run_cases(tab, sizeof(tab) / sizeof(tab[0]), now)

static void test_words(void **state)
{
	(void)state;
	static const struct case_ c[] = {
		{ "aujourd'hui", 'P', "2026-11-27T10:00:00+01:00" },
		{ "aujourd\xe2\x80\x99hui", 'P', "2026-11-27T10:00:00+01:00" },
		{ "AUJOURD'HUI", 'P', "2026-11-27T10:00:00+01:00" },
		{ "  today  ", 'P', "2026-11-27T10:00:00+01:00" },
		{ "maintenant", 'P', "2026-11-27T10:00:00+01:00" },
		{ "now", 'F', "2026-11-27T10:00:00+01:00" },
		{ "hier", 'P', "2026-11-26T12:00:00+01:00" },
		{ "Hier", 'P', "2026-11-26T12:00:00+01:00" },
		{ "yesterday", 'P', "2026-11-26T12:00:00+01:00" },
		{ "avant-hier", 'P', "2026-11-25T12:00:00+01:00" },
		{ "avant hier", 'P', "2026-11-25T12:00:00+01:00" },
		{ "demain", 'F', "2026-11-28T09:00:00+01:00" },
		{ "tomorrow", 'F', "2026-11-28T09:00:00+01:00" },
		{ "demain", 'A', "2026-11-28T12:00:00+01:00" },
		{ "apres-demain", 'F', "2026-11-29T09:00:00+01:00" },
		{ "après-demain", 'F', "2026-11-29T09:00:00+01:00" },
		{ "APRÈS-DEMAIN", 'F', "2026-11-29T09:00:00+01:00" },
		{ "day after tomorrow", 'F', "2026-11-29T09:00:00+01:00" },
		{ "hier", 'D', "2026-11-26" },
		{ "aujourd'hui", 'D', "2026-11-27" },
		{ "maintenant", 'D', "2026-11-27" },
	};
	RUN(c, NOW_PARIS);
}

static void test_weekdays(void **state)
{
	(void)state;
	static const struct case_ c[] = {
		/* bare weekday: lean, today included */
		{ "lundi", 'P', "2026-11-23T12:00:00+01:00" },
		{ "Monday", 'P', "2026-11-23T12:00:00+01:00" },
		{ "lundi", 'F', "2026-11-30T09:00:00+01:00" },
		{ "vendredi", 'P', "2026-11-27T10:00:00+01:00" },
		{ "vendredi", 'F', "2026-11-27T10:00:00+01:00" },
		{ "friday", 'D', "2026-11-27" },
		{ "samedi", 'P', "2026-11-21T12:00:00+01:00" },
		{ "samedi", 'F', "2026-11-28T09:00:00+01:00" },
		{ "jeudi", 'P', "2026-11-26T12:00:00+01:00" },
		{ "dimanche", 'F', "2026-11-29T09:00:00+01:00" },
		/* dernier / last: strictly before today */
		{ "vendredi dernier", 'P', "2026-11-20T12:00:00+01:00" },
		{ "last friday", 'P', "2026-11-20T12:00:00+01:00" },
		{ "lundi dernier", 'P', "2026-11-23T12:00:00+01:00" },
		{ "last monday", 'P', "2026-11-23T12:00:00+01:00" },
		{ "samedi dernier", 'P', "2026-11-21T12:00:00+01:00" },
		/* prochain / next: strictly after today */
		{ "vendredi prochain", 'F', "2026-12-04T09:00:00+01:00" },
		{ "next friday", 'F', "2026-12-04T09:00:00+01:00" },
		{ "lundi prochain", 'F', "2026-11-30T09:00:00+01:00" },
		{ "next monday", 'F', "2026-11-30T09:00:00+01:00" },
		{ "samedi prochain", 'F', "2026-11-28T09:00:00+01:00" },
		{ "lundi prochain", 'A', "2026-11-30T12:00:00+01:00" },
		{ "lundi prochain", 'P', "ERR" },
		{ "lundi dernier 14h", 'P', "2026-11-23T14:00:00+01:00" },
		{ "mardi à 9h30", 'F', "2026-12-01T09:30:00+01:00" },
	};
	RUN(c, NOW_PARIS);
}

static void test_relative(void **state)
{
	(void)state;
	static const struct case_ c[] = {
		{ "il y a 3 jours", 'P', "2026-11-24T12:00:00+01:00" },
		{ "Il y a 1 jour", 'P', "2026-11-26T12:00:00+01:00" },
		{ "il y a 2 semaines", 'P', "2026-11-13T12:00:00+01:00" },
		{ "il y a une semaine", 'P', "2026-11-20T12:00:00+01:00" },
		{ "il y a 0 jours", 'P', "2026-11-27T10:00:00+01:00" },
		{ "3 days ago", 'P', "2026-11-24T12:00:00+01:00" },
		{ "a week ago", 'P', "2026-11-20T12:00:00+01:00" },
		{ "2 weeks ago", 'P', "2026-11-13T12:00:00+01:00" },
		{ "dans 2 semaines", 'F', "2026-12-11T09:00:00+01:00" },
		{ "in 2 weeks", 'F', "2026-12-11T09:00:00+01:00" },
		{ "dans 3 jours", 'F', "2026-11-30T09:00:00+01:00" },
		{ "in 3 days", 'F', "2026-11-30T09:00:00+01:00" },
		{ "dans 3 jours", 'P', "ERR" },
		{ "il y a 3 jours à 14h30", 'P', "2026-11-24T14:30:00+01:00" },
		{ "il y a 400 jours", 'P', "2025-10-23T12:00:00+02:00" },
		{ "il y a 99999 jours", 'P', "ERR" },
		{ "il y a -3 jours", 'P', "ERR" },
	};
	RUN(c, NOW_PARIS);
}

/* "dans 6 mois", numbers in words, months and years clamped to the month's
 * end, "yesterday at 2pm" (issue 22) */
static void test_relative_more(void **state)
{
	(void)state;
	static const struct case_ c[] = {
		/* months and years */
		{ "dans 6 mois", 'F', "2027-05-27T09:00:00+02:00" },
		{ "in 6 months", 'F', "2027-05-27T09:00:00+02:00" },
		{ "dans un mois", 'F', "2026-12-27T09:00:00+01:00" },
		{ "in a month", 'F', "2026-12-27T09:00:00+01:00" },
		{ "il y a 2 mois", 'P', "2026-09-27T12:00:00+02:00" },
		{ "2 months ago", 'P', "2026-09-27T12:00:00+02:00" },
		{ "il y a un an", 'P', "2025-11-27T12:00:00+01:00" },
		{ "a year ago", 'P', "2025-11-27T12:00:00+01:00" },
		{ "dans 2 ans", 'D', "2028-11-27" },
		{ "in 2 years", 'D', "2028-11-27" },
		{ "il y a 13 mois", 'P', "2025-10-27T12:00:00+01:00" },
		{ "dans 14 mois", 'D', "2028-01-27" },
		{ "dans 6 mois", 'P', "ERR" },          /* journal: no future */
		{ "in 2 weeks", 'P', "ERR" },
		{ "dans 6 mois à 14h", 'F', "2027-05-27T14:00:00+02:00" },
		{ "il y a 9999 ans", 'P', "ERR" },
		{ "dans 9999 mois", 'D', "2860-02-27" },
		{ "dans 9999 ans", 'F', "ERR" },
		{ "dans 10000 jours", 'F', "ERR" },
		/* numbers in words */
		{ "il y a trois jours", 'P', "2026-11-24T12:00:00+01:00" },
		{ "in three days", 'F', "2026-11-30T09:00:00+01:00" },
		{ "three days ago", 'P', "2026-11-24T12:00:00+01:00" },
		{ "dans deux semaines", 'F', "2026-12-11T09:00:00+01:00" },
		{ "il y a six jours", 'P', "2026-11-21T12:00:00+01:00" },
		{ "six days ago", 'P', "2026-11-21T12:00:00+01:00" },
		{ "il y a dix jours", 'P', "2026-11-17T12:00:00+01:00" },
		{ "il y a douze jours", 'P', "2026-11-15T12:00:00+01:00" },
		{ "il y a quinze jours", 'P', "2026-11-12T12:00:00+01:00" },
		{ "il y a dix-sept jours", 'P', "2026-11-10T12:00:00+01:00" },
		{ "il y a dix sept jours", 'P', "2026-11-10T12:00:00+01:00" },
		{ "il y a vingt jours", 'P', "2026-11-07T12:00:00+01:00" },
		{ "il y a vingt et un jours", 'P', "2026-11-06T12:00:00+01:00" },
		{ "il y a vingt-et-un jours", 'P', "2026-11-06T12:00:00+01:00" },
		{ "il y a vingt-deux jours", 'P', "2026-11-05T12:00:00+01:00" },
		{ "il y a vingt six jours", 'P', "2026-11-01T12:00:00+01:00" },
		{ "il y a trente jours", 'P', "2026-10-28T12:00:00+01:00" },
		{ "il y a trente et un jours", 'P', "2026-10-27T12:00:00+01:00" },
		{ "thirty-one days ago", 'P', "2026-10-27T12:00:00+01:00" },
		{ "thirty one days ago", 'P', "2026-10-27T12:00:00+01:00" },
		{ "twenty-six days ago", 'P', "2026-11-01T12:00:00+01:00" },
		{ "nineteen days ago", 'P', "2026-11-08T12:00:00+01:00" },
		{ "eleven days ago", 'P', "2026-11-16T12:00:00+01:00" },
		{ "in twelve weeks", 'D', "2027-02-19" },
		{ "il y a soixante-dix jours", 'D', "2026-09-18" },
		{ "il y a soixante et onze jours", 'D', "2026-09-17" },
		{ "il y a quatre-vingts jours", 'D', "2026-09-08" },
		{ "il y a quatre-vingt-dix-neuf jours", 'D', "2026-08-20" },
		{ "ninety-nine days ago", 'D', "2026-08-20" },
		{ "dans dix-huit mois", 'D', "2028-05-27" },
		{ "il y a zero jour", 'P', "2026-11-27T10:00:00+01:00" },
		{ "il y a une semaine", 'P', "2026-11-20T12:00:00+01:00" },
		/* words that are not numbers */
		{ "il y a vingt-et-deux jours", 'P', "ERR" },
		{ "il y a vingt-zero jours", 'P', "ERR" },
		{ "il y a et un jours", 'P', "ERR" },
		{ "il y a twenty-deux jours", 'P', "ERR" },
		{ "il y a trente-douze jours", 'P', "ERR" },
		{ "il y a quatre-vingt-et-un jours", 'P', "ERR" },
		{ "il y a beaucoup de jours", 'P', "ERR" },
		{ "dans trois", 'F', "ERR" },
		{ "il y a un deux trois quatre cinq six jours", 'P', "ERR" },
		/* times: am/pm, midi, minuit */
		{ "yesterday at 2pm", 'P', "2026-11-26T14:00:00+01:00" },
		{ "yesterday at 2 pm", 'P', "2026-11-26T14:00:00+01:00" },
		{ "yesterday 2:30pm", 'P', "2026-11-26T14:30:00+01:00" },
		{ "yesterday at 12am", 'P', "2026-11-26T00:00:00+01:00" },
		{ "yesterday at 12pm", 'P', "2026-11-26T12:00:00+01:00" },
		{ "yesterday at 9am", 'P', "2026-11-26T09:00:00+01:00" },
		{ "hier à 14h", 'P', "2026-11-26T14:00:00+01:00" },
		{ "hier à midi", 'P', "2026-11-26T12:00:00+01:00" },
		{ "hier minuit", 'P', "2026-11-26T00:00:00+01:00" },
		{ "3 days ago at noon", 'P', "2026-11-24T12:00:00+01:00" },
		{ "il y a trois jours à 14h", 'P', "2026-11-24T14:00:00+01:00" },
		{ "tomorrow at 2pm", 'F', "2026-11-28T14:00:00+01:00" },
		{ "2pm", 'P', "ERR" },                  /* later today */
		{ "9am", 'P', "2026-11-27T09:00:00+01:00" },
		{ "yesterday at 13pm", 'P', "ERR" },
		{ "yesterday at 0am", 'P', "ERR" },
		{ "hier 14hpm", 'P', "ERR" },
		{ "hier pm", 'P', "ERR" },
	};
	RUN(c, NOW_PARIS);
	/* dates whose clamping is the point */
	static const struct case_ aug31[] = {
		{ "dans 6 mois", 'D', "2027-02-28" },
		{ "in 6 months", 'F', "2027-02-28T09:00:00+01:00" },
		{ "dans 18 mois", 'D', "2028-02-29" },
		{ "dans 1 mois", 'D', "2026-09-30" },
		{ "il y a 6 mois", 'D', "2026-02-28" },
		{ "il y a 2 ans", 'D', "2024-08-31" },
		{ "dans 4 mois", 'D', "2026-12-31" },
	};
	/* Monday 2026-08-31 10:00 CEST */
	RUN(aug31, 1788163200LL);
	static const struct case_ feb29[] = {
		{ "dans 1 an", 'D', "2029-02-28" },
		{ "il y a 4 ans", 'D', "2024-02-29" },
		{ "dans 1 mois", 'D', "2028-03-29" },
	};
	/* Tuesday 2028-02-29 10:00 CET */
	RUN(feb29, 1835427600LL);
}

static void test_numeric(void **state)
{
	(void)state;
	static const struct case_ c[] = {
		{ "2026-11-20", 'P', "2026-11-20T12:00:00+01:00" },
		{ "20/11/2026", 'P', "2026-11-20T12:00:00+01:00" },
		{ "20/11", 'P', "2026-11-20T12:00:00+01:00" },
		{ "5/3", 'A', "2026-03-05T12:00:00+01:00" },
		{ "2026-11-20", 'F', "2026-11-20T09:00:00+01:00" },
		{ "2026-11-20", 'D', "2026-11-20" },
		{ "2026-07-14", 'A', "2026-07-14T12:00:00+02:00" },
		/* year inference */
		{ "20/12", 'P', "2025-12-20T12:00:00+01:00" },
		{ "20/12", 'A', "2026-12-20T12:00:00+01:00" },
		{ "20/12", 'F', "2026-12-20T09:00:00+01:00" },
		{ "20/11", 'F', "2027-11-20T09:00:00+01:00" },
		{ "27/11", 'F', "2026-11-27T10:00:00+01:00" },
		{ "27/11", 'P', "2026-11-27T10:00:00+01:00" },
		{ "28/11", 'P', "2025-11-28T12:00:00+01:00" },
		/* impossible dates */
		{ "31/02", 'P', "ERR" },
		{ "31/02/2026", 'P', "ERR" },
		{ "2026-02-30", 'A', "ERR" },
		{ "2026-13-01", 'A', "ERR" },
		{ "0/11", 'A', "ERR" },
		{ "29/02/2028", 'A', "2028-02-29T12:00:00+01:00" },
		{ "29/02/2027", 'A', "ERR" },
		{ "29/02", 'P', "ERR" },
		/* future refused for past callers, past for allow_past false */
		{ "2026-11-28", 'P', "ERR" },
		{ "2027-01-01", 'D', "2027-01-01" },
	};
	RUN(c, NOW_PARIS);
}

static void test_times(void **state)
{
	(void)state;
	static const struct case_ c[] = {
		{ "hier 14h30", 'P', "2026-11-26T14:30:00+01:00" },
		{ "hier à 14h30", 'P', "2026-11-26T14:30:00+01:00" },
		{ "hier a 14h", 'P', "2026-11-26T14:00:00+01:00" },
		{ "yesterday at 14:30", 'P', "2026-11-26T14:30:00+01:00" },
		{ "20/11/2026 14h30", 'P', "2026-11-20T14:30:00+01:00" },
		{ "20/11 8h05", 'P', "2026-11-20T08:05:00+01:00" },
		{ "2026-11-20 14:30", 'P', "2026-11-20T14:30:00+01:00" },
		{ "2026-11-20T14:30", 'P', "2026-11-20T14:30:00+01:00" },
		{ "2026-11-20T14:30:15", 'P', "2026-11-20T14:30:15+01:00" },
		{ "2026-11-20T14:30:00+01:00", 'P', "2026-11-20T14:30:00+01:00" },
		{ "2026-11-20T13:30:00Z", 'P', "2026-11-20T14:30:00+01:00" },
		{ "2026-11-20t13:30z", 'P', "2026-11-20T14:30:00+01:00" },
		{ "2026-11-20T09:30:00-04:00", 'P', "2026-11-20T14:30:00+01:00" },
		{ "9h", 'P', "2026-11-27T09:00:00+01:00" },
		{ "à 9h", 'P', "2026-11-27T09:00:00+01:00" },
		{ "aujourd'hui à 8h05", 'P', "2026-11-27T08:05:00+01:00" },
		{ "aujourd'hui 10h", 'P', "2026-11-27T10:00:00+01:00" },
		{ "14h", 'P', "ERR" },                 /* later today: future */
		{ "aujourd'hui 14h30", 'P', "ERR" },
		{ "14h", 'F', "2026-11-27T14:00:00+01:00" },
		{ "hier 25h", 'P', "ERR" },
		{ "hier 14h60", 'P', "ERR" },
		{ "2026-11-20T25:00", 'P', "ERR" },
		{ "hier 14h30", 'D', "ERR" },          /* a time with date_only */
		{ "2026-11-20T14:30", 'D', "ERR" },
		{ "maintenant 14h", 'A', "ERR" },
	};
	RUN(c, NOW_PARIS);
}

static void test_refusals(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	static const char *const garbage[] = {
		"", "   ", "n'importe quoi", "lundi lundi", "hier hier", "32/13/20261",
		"2026-11", "il y a jours", "dans semaines", "\xff\xfe", "hier 14h30 15h",
		"1 2 3 4 5 6 7 8 9 10", "lundi-dernier", "a", "at", "💩", "2026/11/20",
	};
	for (size_t i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		assert_string_equal(parse_at(garbage[i], 'A', NOW_PARIS, &err), "ERR");
		char want[256];
		snprintf(want, sizeof(want), "cannot read date '%s'", garbage[i]);
		assert_string_equal(err.message, want);
		assert_non_null(strstr(err.hint, "last monday"));
		assert_non_null(strstr(err.hint, "20/11/2026 14:30"));
	}

	assert_string_equal(parse_at("demain", 'P', NOW_PARIS, &err), "ERR");
	assert_string_equal(err.message, "date 'demain' is in the future");

	struct bilan_date_opts o = BILAN_DATE_OPTS_FUTURE;
	o.allow_past = false;
	o.now = NOW_PARIS;
	struct bilan_time t;
	assert_int_equal(bilan_date_parse(&t, "hier", &o, &err), BILAN_EUSAGE);
	assert_string_equal(err.message, "date 'hier' is in the past");
	assert_int_equal(bilan_date_parse(&t, "8h", &o, &err), 0); /* today is not past */
	assert_int_equal(bilan_date_parse(&t, "aujourd'hui", &o, &err), 0);

	assert_string_equal(parse_at("31/02", 'A', NOW_PARIS, &err), "ERR");
	assert_string_equal(err.message, "impossible date '31/02'");
	assert_string_equal(parse_at("hier 14h", 'D', NOW_PARIS, &err), "ERR");
	assert_non_null(strstr(err.message, "hier 14h"));

	/* a very long input is quoted shortly */
	char longs[400];
	memset(longs, 'x', sizeof(longs) - 1);
	longs[sizeof(longs) - 1] = '\0';
	assert_string_equal(parse_at(longs, 'A', NOW_PARIS, &err), "ERR");
	assert_true(strlen(err.message) < 100);

	/* NULL err and NULL opts are allowed */
	assert_int_equal(bilan_date_parse(&t, "n'importe", NULL, NULL), BILAN_EUSAGE);
	assert_int_equal(bilan_date_parse(&t, "hier", NULL, NULL), 0);
	assert_true(t.has_time);
}

static void test_dst(void **state)
{
	(void)state;
	/* spring forward: 2026-03-29 02:00 CET -> 03:00 CEST */
	static const struct case_ spring[] = {
		{ "hier", 'P', "2026-03-28T12:00:00+01:00" },
		{ "il y a 1 jour", 'P', "2026-03-28T12:00:00+01:00" },
		{ "aujourd'hui", 'P', "2026-03-29T10:00:00+02:00" },
		{ "aujourd'hui 1h30", 'P', "2026-03-29T01:30:00+01:00" },
		{ "aujourd'hui 3h30", 'P', "2026-03-29T03:30:00+02:00" },
		{ "il y a 7 jours", 'P', "2026-03-22T12:00:00+01:00" },
		{ "hier", 'D', "2026-03-28" },
		{ "dans 1 jour", 'F', "2026-03-30T09:00:00+02:00" },
	};
	RUN(spring, NOW_SPRING);
	static const struct case_ eve[] = {
		{ "demain", 'F', "2026-03-29T09:00:00+02:00" },
		{ "demain", 'D', "2026-03-29" },
		{ "dimanche", 'F', "2026-03-29T09:00:00+02:00" },
	};
	RUN(eve, NOW_SPRING_EVE);
	/* fall back: 2026-10-25 03:00 CEST -> 02:00 CET */
	static const struct case_ autumn[] = {
		{ "hier", 'P', "2026-10-24T12:00:00+02:00" },
		{ "yesterday 23h", 'P', "2026-10-24T23:00:00+02:00" },
		{ "samedi", 'P', "2026-10-24T12:00:00+02:00" },
		{ "aujourd'hui", 'P', "2026-10-25T10:00:00+01:00" },
		{ "hier", 'D', "2026-10-24" },
	};
	RUN(autumn, NOW_AUTUMN);

	/* a gap time (02:30 does not exist that day) still gives that day */
	struct bilan_date_opts o = opts_of('A', NOW_SPRING);
	struct bilan_time t;
	char day[16];
	assert_int_equal(bilan_date_parse(&t, "aujourd'hui 2h30", &o, NULL), 0);
	bilan_time_format_day(day, sizeof(day), &t);
	assert_string_equal(day, "2026-03-29");

	/* day and week starts across the change */
	struct bilan_time s = { 0, 0, true };
	char buf[BILAN_TIME_ISO_MAX];
	s.t = bilan_day_start(NOW_AUTUMN);
	s.offset = 7200;
	bilan_time_format_iso(buf, &s);
	assert_string_equal(buf, "2026-10-25T00:00:00+02:00");
	s.t = bilan_week_start(NOW_AUTUMN);
	bilan_time_format_iso(buf, &s);
	assert_string_equal(buf, "2026-10-19T00:00:00+02:00");
	s.t = bilan_day_start(NOW_SPRING);
	s.offset = 3600;
	bilan_time_format_iso(buf, &s);
	assert_string_equal(buf, "2026-03-29T00:00:00+01:00");
	assert_true(NOW_SPRING - bilan_day_start(NOW_SPRING) == 9 * 3600);
	assert_true(NOW_AUTUMN - bilan_day_start(NOW_AUTUMN) == 11 * 3600);
}

static void test_iso_forms(void **state)
{
	(void)state;
	struct bilan_time t, u;
	char buf[BILAN_TIME_ISO_MAX];
	static const char *const good[] = {
		"2026-11-27T14:30:00+01:00", "2026-06-01T00:00:00+02:00",
		"2026-11-27T14:30:00-09:30", "2026-11-27", "2028-02-29",
		"1999-12-31T23:59:59+00:00",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_true(bilan_time_parse_iso(&t, good[i]));
		bilan_time_format_iso(buf, &t);
		assert_string_equal(buf, good[i]);
	}
	assert_true(bilan_time_parse_iso(&t, "2026-11-27T13:30:00Z"));
	assert_true(t.t == 1795786200LL); /* 13:30Z */
	assert_int_equal(t.offset, 0);
	bilan_time_format_iso(buf, &t);
	assert_string_equal(buf, "2026-11-27T13:30:00+00:00");
	assert_true(bilan_time_parse_iso(&t, "2026-11-27T14:30:00+01:00"));
	assert_true(t.t == 1795786200LL);
	assert_int_equal(t.offset, 3600);
	assert_true(t.has_time);

	static const char *const bad[] = {
		"", "2026-13-01", "2026-11-27T25:00:00+01:00", "2026-02-30",
		"2026-11-27T14:30", "2026-11-27T14:30:00", "2026-11-27_14:30:00+01:00",
		"2026-11-27T14:30:00+01:00x", "2026-11-27T14:30:00.Z", "2026-11-27T14:60:00Z",
		"2026-11-27T23:59:60+01:00", "2026-11-27T14:30:61Z", "2026-11-27T14:30:00+01",
		"2026-11-27T14:30:60Z", "2026-11-27T14:30:00+24:00", "2026-11-27T14:30:00+0100",
		"26-11-27", "2026-1-27", "2026-11-27x", "2026-11-00", "2027-02-29",
		"２０２６-11-27", " 2026-11-27", "2026-11-27T14:30:00+01:00 ",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (bilan_time_parse_iso(&t, bad[i]))
			fail_msg("accepted '%s'", bad[i]);
	assert_false(bilan_time_parse_iso(&t, NULL));

	/* RFC 3339 (section 5.6 and its note), the rule of the schemas too: a
	 * space or "t" for "T", "z", a fraction (dropped), a leap second at
	 * 23:59:60 UTC (read as :59) */
	static const char *const rfc3339[] = {
		"2026-12-07 16:59:34Z", "2026-12-07t16:59:34z", "2026-12-07T16:59:34.25+01:00",
		"2026-12-31T23:59:60Z", "2027-01-01T00:59:60+01:00", "2026-12-31T18:59:60-05:00",
	};
	for (size_t i = 0; i < sizeof(rfc3339) / sizeof(rfc3339[0]); i++)
		if (!bilan_time_parse_iso(&t, rfc3339[i]))
			fail_msg("refused '%s'", rfc3339[i]);
	assert_true(bilan_time_parse_iso(&t, "2026-12-07 16:59:34.999Z"));
	assert_true(t.t == 1796662774LL);
	assert_true(bilan_time_parse_iso(&t, "2026-12-31T23:59:60Z"));
	assert_true(bilan_time_parse_iso(&u, "2026-12-31T23:59:59Z"));
	assert_true(t.t == u.t);

	/* a calendar date is local midnight */
	assert_true(bilan_time_parse_iso(&t, "2026-11-27"));
	assert_false(t.has_time);
	assert_true(t.t == bilan_day_start(NOW_PARIS));
	char s[32];
	bilan_time_format_day(s, sizeof(s), &t);
	assert_string_equal(s, "2026-11-27");

	struct bilan_time n = { NOW_PARIS, 3600, true };
	bilan_time_format_short(s, sizeof(s), &n);
	assert_string_equal(s, "2026-11-27 10:00");
	bilan_time_format_day(s, sizeof(s), &n);
	assert_string_equal(s, "2026-11-27");

	struct tm tm;
	bilan_time_local(&n, &tm);
	assert_int_equal(tm.tm_hour, 10);
	assert_int_equal(tm.tm_wday, 5);

	struct bilan_time a = { 100, 0, true }, b = { 200, 3600, true };
	assert_true(bilan_time_cmp(&a, &b) < 0);
	assert_true(bilan_time_cmp(&b, &a) > 0);
	assert_int_equal(bilan_time_cmp(&a, &a), 0);

	/* the one clock: fixed, then the system's */
	bilan_clock_fix(1796724000);
	struct bilan_time now = bilan_time_now();
	assert_true(now.has_time);
	assert_int_equal(now.t, 1796724000);
	assert_true(bilan_clock_is_fixed());
	bilan_clock_unfix();
	now = bilan_time_now();   /* real clock: the system's, after unfix */
	assert_true(now.t > 1700000000LL);
}

static void check_week(const char *day, int wy, int ww)
{
	struct bilan_time t;
	int y = 0, w = 0;
	assert_true(bilan_time_parse_iso(&t, day));
	bilan_time_isoweek(&t, &y, &w);
	if (y != wy || w != ww)
		fail_msg("%s: got %d-W%d, want %d-W%d", day, y, w, wy, ww);
	/* the week starts on a Monday at 00:00, at most 6 days before */
	int64_t ws = bilan_week_start(t.t + 12 * 3600);
	struct bilan_time s = { ws, 0, true };
	struct tm tm;
	bilan_time_local(&s, &tm);
	assert_int_equal(tm.tm_wday, 1);
	assert_int_equal(tm.tm_hour, 0);
	assert_true(t.t - ws < 7 * 86400 + 3600);
	assert_true(ws <= t.t);
}

static void test_isoweek(void **state)
{
	(void)state;
	check_week("2026-12-31", 2026, 53);
	check_week("2027-01-01", 2026, 53);
	check_week("2027-01-03", 2026, 53);
	check_week("2027-01-04", 2027, 1);
	check_week("2024-12-30", 2025, 1);
	check_week("2025-12-29", 2026, 1);
	check_week("2026-01-01", 2026, 1);
	check_week("2026-11-27", 2026, 48);
	check_week("2020-12-31", 2020, 53);
	check_week("2021-01-03", 2020, 53);
	check_week("2021-01-04", 2021, 1);
	check_week("2026-03-29", 2026, 13);
	check_week("2026-10-25", 2026, 43);
}

static void test_duration_parse(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int max;
		int want; /* -1: refused */
	} c[] = {
		{ "1h30", 0, 90 }, { "1h", 0, 60 }, { "90min", 0, 90 }, { "90 min", 0, 90 },
		{ "45m", 0, 45 }, { "1.5h", 0, 90 }, { "1,5h", 0, 90 }, { "2h15", 0, 135 },
		{ "2:15", 0, 135 }, { "30", 0, 30 }, { "1h 30", 0, 90 }, { "1H30", 0, 90 },
		{ "1h30min", 0, 90 }, { "2 heures", 0, 120 }, { "1 hour", 0, 60 },
		{ "0,25h", 0, 15 }, { " 45 ", 0, 45 }, { "24h", 0, 1440 }, { "1440", 0, 1440 },
		{ "3h", 240, 180 }, { "4h", 240, 240 }, { "1h05", 0, 65 }, { "0:45", 0, 45 },
		{ "10 minutes", 0, 10 }, { "1h30m", 0, 90 },
		/* refusals */
		{ "0", 0, -1 }, { "0h", 0, -1 }, { "-30", 0, -1 }, { "-1h", 0, -1 },
		{ "", 0, -1 }, { "abc", 0, -1 }, { "1h70", 0, -1 }, { "2:5", 0, -1 },
		{ "2:75", 0, -1 }, { "25h", 0, -1 }, { "1441", 0, -1 }, { "5h", 240, -1 },
		{ "99999999999h", 0, -1 }, { "99999999999999999999999", 0, -1 },
		{ "1.5", 0, -1 }, { "1.h", 0, -1 }, { "h", 0, -1 }, { "1h30h", 0, -1 },
		{ "1x", 0, -1 }, { "1 2", 0, -1 }, { "1hh", 0, -1 }, { "0.001h", 0, -1 },
		{ "1:30:00", 0, -1 },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct bilan_error err = BILAN_ERROR_INIT;
		int m = -7;
		int rc = bilan_duration_parse(&m, c[i].in, c[i].max, &err);
		if (c[i].want < 0) {
			if (rc != BILAN_EUSAGE)
				fail_msg("'%s' accepted as %d", c[i].in, m);
			assert_int_equal(m, -7);
			assert_true(err.message[0] != '\0');
		} else if (rc != 0 || m != c[i].want) {
			fail_msg("'%s': rc %d, %d minutes, want %d (%s)", c[i].in, rc, m,
				 c[i].want, err.message);
		}
	}
	struct bilan_error err = BILAN_ERROR_INIT;
	int m;
	assert_int_equal(bilan_duration_parse(&m, "25h", 0, &err), BILAN_EUSAGE);
	assert_string_equal(err.message, "duration '25h' is over 24h");
	assert_int_equal(bilan_duration_parse(&m, "99999999999h", 0, &err), BILAN_EUSAGE);
	assert_string_equal(err.message, "duration '99999999999h' is over 24h");
	assert_int_equal(bilan_duration_parse(&m, "5h", 270, &err), BILAN_EUSAGE);
	assert_string_equal(err.message, "duration '5h' is over 4h30");
	assert_int_equal(bilan_duration_parse(&m, "bof", 0, &err), BILAN_EUSAGE);
	assert_string_equal(err.message, "cannot read duration 'bof'");
	assert_non_null(strstr(err.hint, "1h30"));
	assert_int_equal(bilan_duration_parse(&m, "-30", 0, &err), BILAN_EUSAGE);
	assert_int_equal(bilan_duration_parse(&m, "0", 0, &err), BILAN_EUSAGE);
	assert_int_equal(bilan_duration_parse(&m, "1h", 0, NULL), 0);
	assert_int_equal(m, 60);
}

static void test_duration_format(void **state)
{
	(void)state;
	static const struct {
		int in;
		const char *want;
	} c[] = {
		{ 90, "1h30" }, { 60, "1h" }, { 45, "45min" }, { 125, "2h05" },
		{ 1, "1min" }, { 59, "59min" }, { 1440, "24h" }, { 61, "1h01" },
		{ 0, "0min" }, { -5, "0min" },
	};
	char buf[32];
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		bilan_duration_format(buf, sizeof(buf), c[i].in);
		assert_string_equal(buf, c[i].want);
		if (c[i].in > 0) {
			int m = 0;
			assert_int_equal(bilan_duration_parse(&m, buf, 0, NULL), 0);
			assert_int_equal(m, c[i].in);
		}
	}
	char small[4];
	bilan_duration_format(small, sizeof(small), 125);
	assert_string_equal(small, "2h0");
}

/* ---- TZ=UTC ----------------------------------------------------------- */

static void test_utc(void **state)
{
	(void)state;
	/* 09:00Z is NOW_PARIS */
	static const struct case_ c[] = {
		{ "aujourd'hui", 'P', "2026-11-27T09:00:00+00:00" },
		{ "hier", 'P', "2026-11-26T12:00:00+00:00" },
		{ "lundi dernier 14h30", 'P', "2026-11-23T14:30:00+00:00" },
		{ "2026-11-20T14:30:00+01:00", 'P', "2026-11-20T13:30:00+00:00" },
		{ "2026-07-14", 'A', "2026-07-14T12:00:00+00:00" },
		{ "demain", 'F', "2026-11-28T09:00:00+00:00" },
		{ "hier", 'D', "2026-11-26" },
	};
	RUN(c, NOW_PARIS);
	struct bilan_time t;
	int y, w;
	assert_true(bilan_time_parse_iso(&t, "2027-01-01"));
	bilan_time_isoweek(&t, &y, &w);
	assert_int_equal(y, 2026);
	assert_int_equal(w, 53);
	assert_true(bilan_day_start(NOW_PARIS) == NOW_PARIS - 9 * 3600);
	assert_true(bilan_week_start(NOW_PARIS) == NOW_PARIS - 9 * 3600 - 4 * 86400);
}

/* ---- TZ unset: whatever the system zone, invariants hold ---------------- */

static void test_unset(void **state)
{
	(void)state;
	static const char *const in[] = {
		"aujourd'hui", "hier", "lundi", "lundi dernier", "il y a 3 jours",
		"2026-11-20", "20/11", "20/11/2026 14h30", "2026-11-20T14:30:00+01:00",
	};
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		struct bilan_error err = BILAN_ERROR_INIT;
		const char *got = parse_at(in[i], 'P', NOW_PARIS, &err);
		if (strcmp(got, "ERR") == 0)
			fail_msg("'%s': %s", in[i], err.message);
		struct bilan_time t;
		assert_true(bilan_time_parse_iso(&t, got));
		assert_true(t.t <= NOW_PARIS);
		assert_true(bilan_day_start(t.t) <= t.t);
		assert_true(bilan_week_start(t.t) <= bilan_day_start(t.t));
	}
}

int main(void)
{
	const struct CMUnitTest paris[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_weekdays),
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_relative_more),
		cmocka_unit_test(test_numeric),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_dst),
		cmocka_unit_test(test_iso_forms),
		cmocka_unit_test(test_isoweek),
		cmocka_unit_test(test_duration_parse),
		cmocka_unit_test(test_duration_format),
	};
	const struct CMUnitTest utc[] = {
		cmocka_unit_test(test_utc),
		cmocka_unit_test(test_isoweek),
	};
	const struct CMUnitTest unset[] = {
		cmocka_unit_test(test_unset),
		cmocka_unit_test(test_duration_parse),
	};
	int fails = 0;
	fails += cmocka_run_group_tests_name("date (TZ=Europe/Paris)", paris, setup_paris, NULL);
	fails += cmocka_run_group_tests_name("date (TZ=UTC)", utc, setup_utc, NULL);
	fails += cmocka_run_group_tests_name("date (TZ unset)", unset, setup_unset, NULL);
	return fails;
}
