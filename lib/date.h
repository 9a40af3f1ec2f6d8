/* date.h - the one date, time and duration parser of bilan.
 *
 * Dates are read in the user's time zone (TZ) and stored as ISO 8601 with the
 * UTC offset of that moment: "2026-11-27T14:30:00+01:00"; calendar dates
 * without a time (start/end of a bilan) as "2026-11-27".
 *
 * Accepted input (case-insensitive, accents optional, French and English):
 *   aujourd'hui/today, hier/yesterday, avant-hier, demain/tomorrow,
 *   après-demain, weekday names (lundi..dimanche, monday..sunday),
 *   "lundi dernier"/"last monday", "lundi prochain"/"next monday",
 *   "il y a 3 jours"/"3 days ago", "dans 3 jours"/"in 3 days"
 *   (also semaines/weeks, mois/months, ans/years; the count in digits up to
 *   9999 or in words from zero to ninety-nine: "il y a trois jours",
 *   "dans vingt et un jours", "in thirty-one days"), maintenant/now,
 *   2026-11-20, 20/11/2026, 20/11 (day first, current year, or the nearest
 *   year that respects the lean), each with an optional time: "14h30", "14h",
 *   "14:30", "2pm", "2:30 pm", "midi"/"noon", "minuit"/"midnight",
 *   "à 14h30", "at 2pm", "2026-11-20T14:30", full ISO 8601 with offset.
 * Months and years keep the day of the month, clamped to the month's end:
 * 31 August + 6 months is 28 (or 29) February.
 * A bare weekday leans as the caller says (past: the last such day, today
 * included; future: the next one, today included).  Without a time, a date
 * keeps the current time of day when it is today, else 12:00 for past-leaning
 * callers and 09:00 for future-leaning ones (documented in bilan(1)).
 * Unreadable input fails with BILAN_EUSAGE and a message that gives examples.
 */
#ifndef BILAN_DATE_H
#define BILAN_DATE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "errors.h"

struct bilan_time {
	int64_t t;       /* seconds since the epoch (UTC) */
	int offset;      /* seconds east of UTC at that moment, as stored or local */
	bool has_time;   /* false for a calendar date ("2026-11-27") */
};

enum bilan_lean { BILAN_LEAN_PAST, BILAN_LEAN_FUTURE };

struct bilan_date_opts {
	enum bilan_lean lean;
	bool allow_future;  /* false: a date after now is refused (journal dates) */
	bool allow_past;    /* false: a date before today is refused */
	bool date_only;     /* the result is a calendar date; a time is refused */
	int64_t now;        /* 0: bilan_now(); tests set it */
};

#define BILAN_DATE_OPTS_PAST { BILAN_LEAN_PAST, false, true, false, 0 }
#define BILAN_DATE_OPTS_FUTURE { BILAN_LEAN_FUTURE, true, true, false, 0 }
#define BILAN_DATE_OPTS_ANY { BILAN_LEAN_PAST, true, true, false, 0 }
#define BILAN_DATE_OPTS_DAY { BILAN_LEAN_PAST, true, true, true, 0 }

int bilan_date_parse(struct bilan_time *out, const char *text,
		     const struct bilan_date_opts *opts, struct bilan_error *err);

/* The current moment in the local zone. */
struct bilan_time bilan_time_now(void);

/* Stored form: "2026-11-27T14:30:00+01:00" or "2026-11-27" (has_time false).
 * buf must hold BILAN_TIME_ISO_MAX bytes. */
#define BILAN_TIME_ISO_MAX 32
void bilan_time_format_iso(char *buf, const struct bilan_time *t);
/* Parse the stored form, or any RFC 3339 date-time ("t" or a space for
 * "T", "z" or "Z" for +00:00, a fraction of a second, dropped, a leap
 * second at 23:59:60 UTC, read as :59); false when it is neither.  The
 * schemas' date-time format is this rule (lib/schema.c). */
bool bilan_time_parse_iso(struct bilan_time *out, const char *s);

/* Human forms in the local zone: "2026-11-27 14:30" and "2026-11-27". */
void bilan_time_format_short(char *buf, size_t size, const struct bilan_time *t);
void bilan_time_format_day(char *buf, size_t size, const struct bilan_time *t);

/* Local calendar helpers (in the zone of TZ). */
void bilan_time_local(const struct bilan_time *t, struct tm *out);
/* ISO 8601 week of t in the local zone: year and week (1..53). */
void bilan_time_isoweek(const struct bilan_time *t, int *year, int *week);
/* Start (Monday 00:00 local) of the ISO week containing t. */
int64_t bilan_week_start(int64_t t);
/* Start (00:00 local) of the day containing t. */
int64_t bilan_day_start(int64_t t);
int bilan_time_cmp(const struct bilan_time *a, const struct bilan_time *b);

/* Durations: "1h30", "1h", "90min", "45m", "1.5h", "1,5h", "2h15", "2:15",
 * a bare number is minutes.  Result in minutes, 1..max_minutes (0 = 24h).
 * A negative, zero or absurd value fails with BILAN_EUSAGE and examples. */
int bilan_duration_parse(int *minutes, const char *text, int max_minutes,
			 struct bilan_error *err);
/* "1h30", "45min", "2h" */
void bilan_duration_format(char *buf, size_t size, int minutes);
/* A duration for a person: in French "2 h", "2 h 10", "45 min" (U+00A0
 * before the unit, HACKING.md "French typography"), in English the stored
 * form above. */
void bilan_duration_human(char *buf, size_t size, int minutes, bool french);

/* The form of the clock's fixed "now" (BILAN_NOW, clock.h): parse an RFC
 * 3339 date-time with an offset ("2026-12-07T00:30:00+01:00",
 * "2026-12-07T17:00:00Z", optional fraction, 'T' or a space), from
 * 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z.  Fails with BILAN_EUSAGE
 * and an example otherwise. */
int bilan_clock_parse(int64_t *out, const char *text, struct bilan_error *err);

/* Calendar arithmetic, proleptic Gregorian (the one home: ids use it too).
 * bilan_days_in_month is 0 for a month outside 1..12; bilan_days_from_civil
 * counts days since 1970-01-01 (H. Hinnant's algorithm). */
bool bilan_is_leap_year(int64_t y);
int bilan_days_in_month(int64_t y, int m);
int64_t bilan_days_from_civil(int64_t y, int m, int d);

#endif
