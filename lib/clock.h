/* clock.h - the one clock of bilan's content, the seed of ids, and the
 * workspace's time zone.
 *
 * Clock.  Every "now" that reaches content -- entry dates, ids, séances,
 * weeks, streaks, remind, reports, appraisal windows, the dates bilan
 * writes into commits -- comes from bilan_now().  It is the system clock
 * unless bilan_clock_fix() fixed it; cmd/ fixes it once, from $BILAN_NOW,
 * a testing aid documented in bilan(1).  Lock timeouts, file-age checks
 * (gc, stale locks, the journal cache's racy-file guard) and TLS keep the
 * real clocks (time(), CLOCK_MONOTONIC, CLOCK_REALTIME) and never call
 * bilan_now().
 *
 * Seed.  The random part of ids normally comes from getrandom().  After
 * bilan_clock_seed() (cmd/ calls it from $BILAN_ID_SEED) it comes from
 * the seed, the process id and a counter: reproducible given the process,
 * and two processes with the same seed and the same fixed clock still get
 * distinct ids.
 *
 * Zone.  Calendar computations (days, ISO weeks, "this week", streaks, due
 * dates, séance times) use the process's local zone (localtime_r, mktime
 * in lib/date.c).  A workspace records its zone (bilan.yaml `timezone:`,
 * an IANA name such as "Europe/Paris"); bilan_zone_use() makes it the
 * process's zone, so a workspace gives the same calendar whatever TZ the
 * process was started with (cron often runs in UTC).
 */
#ifndef BILAN_CLOCK_H
#define BILAN_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "errors.h"

/* Seconds since the epoch: the fixed time, else time(NULL). */
int64_t bilan_now(void);
/* Fix the clock at t (seconds since the epoch). */
void bilan_clock_fix(int64_t t);
/* Back to the system clock. */
void bilan_clock_unfix(void);
bool bilan_clock_is_fixed(void);

/* bilan_clock_parse, which reads BILAN_NOW's form, is in date.h (the
 * one parser of stored times). */

/* Seed the random part of ids ("0x…" or decimal, 1 to 20 digits in
 * bilan_clock_parse_seed; BILAN_EUSAGE otherwise). */
void bilan_clock_seed(uint64_t seed);
int bilan_clock_parse_seed(uint64_t *out, const char *text, struct bilan_error *err);
/* When seeded: fill buf with n pseudo-random bytes (seed, pid, counter) and
 * return true; false when not seeded (use the system's randomness). */
bool bilan_clock_random(unsigned char *buf, size_t n);

/* ---- time zones ------------------------------------------------------- */

#define BILAN_ZONE_MAX 64
/* A zone name bilan accepts: an IANA name ("Europe/Paris", "UTC",
 * "America/Argentina/Buenos_Aires") whose file exists under the zoneinfo
 * folder ($TZDIR or /usr/share/zoneinfo); "UTC" always. */
bool bilan_zone_valid(const char *name);
/* The system's zone as an IANA name: $TZ when it names one, else
 * /etc/timezone, else the target of /etc/localtime, else "UTC".  out holds
 * BILAN_ZONE_MAX bytes. */
void bilan_zone_system(char out[BILAN_ZONE_MAX]);
/* Make name the process's zone (TZ, tzset).  BILAN_EINVALID for a name
 * bilan_zone_valid refuses, the process's zone unchanged. */
int bilan_zone_use(const char *name, struct bilan_error *err);

#endif
