/* test-remind.c - remind's date rules (lib/remind.h) under fixed clocks, in
 * the workspace's zone whatever the process's: the quiet days, the weeks,
 * to-do items overdue and due this week, the next séance in days, the
 * appraisal windows and their six months. */
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
#include "fs.h"
#include "remind.h"
#include "workspace.h"

static char dir[64];

static void put(const char *rel, const char *content)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_fs_write_in(dir, rel, content, strlen(content), &err) < 0)
		fail_msg("write %s: %s", rel, err.message);
}

/* An instant from its RFC 3339 form. */
static int64_t at(const char *when)
{
	int64_t t = 0;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_clock_parse(&t, when, &err) < 0)
		fail_msg("bad time %s", when);
	return t;
}

static struct bilan_ws *cur_ws;

/* remind at `when`, the process being in zone `tz` before the workspace
 * is opened (its own zone wins). */
static struct bilan_remind *remind_at(const char *when, const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
	struct bilan_ws *ws = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_ws_open(&ws, dir, &err) < 0)
		fail_msg("open: %s", err.message);
	struct bilan_remind *r = NULL;
	struct bilan_remind_opts o = BILAN_REMIND_OPTS_INIT;
	o.now = at(when);
	if (bilan_remind_collect(&r, ws, &o, &err) < 0)
		fail_msg("remind: %s", err.message);
	cur_ws = ws;
	return r;
}

static void done(struct bilan_remind *r)
{
	bilan_remind_free(r);
	bilan_ws_free(cur_ws);
	cur_ws = NULL;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/bilan-test-remind.XXXXXX");
	assert_non_null(mkdtemp(dir));
	put("bilan.yaml", "format: 3\nlanguage: fr\ntimezone: Europe/Paris\n"
	    "start: '2026-11-02'\nweekly_goal: 1h30\nphase: investigation\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	unsetenv("TZ");
	return 0;
}

static const char *const zones[] = { "UTC", "Europe/Paris", "Pacific/Kiritimati",
				     "America/Los_Angeles", NULL };

static void test_todos_at_week_edges(void **state)
{
	(void)state;
	put("todo/20261201T090000Z-aaaa.yaml",
	    "text: dimanche\ndue: '2026-12-13'\nstatus: a-faire\n"
	    "created: '2026-12-01T10:00:00+01:00'\n");
	put("todo/20261201T090000Z-bbbb.yaml",
	    "text: lundi\ndue: '2026-12-14'\nstatus: a-faire\n"
	    "created: '2026-12-01T10:00:00+01:00'\n");
	for (size_t z = 0; zones[z]; z++) {
		/* Sunday 23:59 in Paris (22:59 UTC): Sunday's item is due this
		 * week, Monday's is next week's */
		struct bilan_remind *r = remind_at("2026-12-13T23:59:00+01:00", zones[z]);
		assert_int_equal(r->noverdue, 0);
		assert_int_equal(r->ndue_week, 1);
		assert_string_equal(r->due_week[0]->text, "dimanche");
		done(r);
		/* Monday 00:30 in Paris (still Sunday in UTC): Sunday's item is
		 * overdue, Monday's due this week */
		r = remind_at("2026-12-14T00:30:00+01:00", zones[z]);
		assert_int_equal(r->noverdue, 1);
		assert_string_equal(r->overdue[0]->text, "dimanche");
		assert_int_equal(r->ndue_week, 1);
		assert_string_equal(r->due_week[0]->text, "lundi");
		done(r);
	}
}

static void test_quiet_days_and_weeks(void **state)
{
	(void)state;
	put("journal/2026/12/20261207T110000Z-cccc.yaml",
	    "id: 20261207T110000Z-cccc\ndate: '2026-12-07T12:00:00+01:00'\nkind: note\n"
	    "title: lundi\nduration: 1h30\n");
	for (size_t z = 0; zones[z]; z++) {
		/* six days later, late on Sunday: not yet quiet */
		struct bilan_remind *r = remind_at("2026-12-13T23:59:00+01:00", zones[z]);
		assert_int_equal(r->days_since_entry, 6);
		assert_false(r->quiet);
		assert_int_equal(r->week_minutes, 90);
		done(r);
		/* Monday 00:30: seven days, and the last week's 1h30 was at goal */
		r = remind_at("2026-12-14T00:30:00+01:00", zones[z]);
		assert_int_equal(r->days_since_entry, 7);
		assert_true(r->quiet);
		assert_int_equal(r->week_minutes, 0);
		assert_int_equal(r->last_week_minutes, 90);
		assert_false(r->last_week_short);
		done(r);
	}
}

static void test_next_seance_across_dst(void **state)
{
	(void)state;
	/* the last Sunday of March 2027 moves to summer time: three calendar
	 * days from Friday 09:00 to Monday 14:00, though 77 hours apart */
	put("seances/20270301T090000Z-dddd.yaml",
	    "date: '2027-03-29T14:00:00+02:00'\nduration: 2h\nstatus: prevue\n");
	for (size_t z = 0; zones[z]; z++) {
		struct bilan_remind *r = remind_at("2027-03-26T09:00:00+01:00", zones[z]);
		assert_non_null(r->next);
		assert_int_equal(r->next_days, 3);
		assert_true(r->next_soon);
		done(r);
		r = remind_at("2027-03-29T00:10:00+02:00", zones[z]);
		assert_int_equal(r->next_days, 0);
		done(r);
	}
}

/* The crontab line: plain words as they are, others quoted for the shell,
 * '%' escaped for cron (lib/remind.h; it was built in cmd/remind.c). */
static void test_crontab_line(void **state)
{
	(void)state;
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_remind_crontab(&b, "/home/anne/bilan", "/usr/bin/bilan");
	assert_string_equal(bilan_buf_cstr(&b),
			    "0 9 * * 1 BILAN_DIR=/home/anne/bilan /usr/bin/bilan remind");
	bilan_buf_reset(&b);
	bilan_remind_crontab(&b, "/home/anne/mon bilan 100%/l'an", "bilan");
	assert_string_equal(bilan_buf_cstr(&b),
			    "0 9 * * 1 BILAN_DIR='/home/anne/mon bilan 100\\%/l'\\''an' bilan remind");
	bilan_buf_reset(&b);
	bilan_remind_crontab(&b, "", "bilan");
	assert_string_equal(bilan_buf_cstr(&b), "0 9 * * 1 BILAN_DIR='' bilan remind");
	bilan_buf_clear(&b);
}

static void test_six_months(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	char buf[BILAN_TIME_ISO_MAX];
	struct bilan_time t = { 0, 0, true };
	static const char *const cases[][2] = {
		{ "2026-08-31T12:00:00+02:00", "2027-02-28" },
		{ "2027-08-31T12:00:00+02:00", "2028-02-29" },   /* leap year */
		{ "2026-12-31T12:00:00+01:00", "2027-06-30" },
		{ "2026-09-15T12:00:00+02:00", "2027-03-15" },
		{ "2026-10-25T01:30:00+02:00", "2027-04-25" },   /* a DST day */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		t.t = bilan_remind_six_months(at(cases[i][0]));
		struct tm tm;
		bilan_time_local(&t, &tm);   /* the day in the zone */
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday);
		assert_string_equal(buf, cases[i][1]);
	}
}

static void test_appraisal_windows(void **state)
{
	(void)state;
	put("bilan.yaml", "format: 3\nlanguage: fr\ntimezone: Europe/Paris\n"
	    "start: '2026-09-01'\nend: '2026-12-15'\nweekly_goal: 1h30\nphase: terminee\n");
	for (size_t z = 0; zones[z]; z++) {
		/* the day before the end: nothing yet */
		struct bilan_remind *r = remind_at("2026-12-14T23:59:00+01:00", zones[z]);
		assert_int_equal(r->appraisal, BILAN_APPRAISAL_NONE);
		done(r);
		/* from the end, in Paris's calendar */
		r = remind_at("2026-12-15T00:30:00+01:00", zones[z]);
		assert_int_equal(r->appraisal, BILAN_APPRAISAL_END);
		done(r);
		/* six months after the end */
		r = remind_at("2027-06-15T09:00:00+02:00", zones[z]);
		assert_int_equal(r->appraisal, BILAN_APPRAISAL_SIX_MONTHS);
		done(r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_todos_at_week_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quiet_days_and_weeks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_seance_across_dst, setup, teardown),
		cmocka_unit_test_setup_teardown(test_six_months, setup, teardown),
		cmocka_unit_test(test_crontab_line),
		cmocka_unit_test_setup_teardown(test_appraisal_windows, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
