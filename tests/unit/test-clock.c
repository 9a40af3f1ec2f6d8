/* test-clock.c - the one clock, the seed of ids and the workspace's zone
 * (lib/clock.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "settings.h"
#include "clock.h"
#include "date.h"
#include "id.h"

static void test_parse(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	int64_t t = 0;
	/* Monday 2026-12-07 00:30 in Paris is Sunday 23:30 in UTC */
	assert_int_equal(bilan_clock_parse(&t, "2026-12-07T00:30:00+01:00", &err), 0);
	assert_int_equal(t, 1796599800);
	assert_int_equal(bilan_clock_parse(&t, "2026-12-06T23:30:00Z", &err), 0);
	assert_int_equal(t, 1796599800);
	assert_int_equal(bilan_clock_parse(&t, "2026-12-06t23:30:00z", &err), 0);
	assert_int_equal(t, 1796599800);
	assert_int_equal(bilan_clock_parse(&t, "2026-12-06 23:30:00.999Z", &err), 0);
	assert_int_equal(t, 1796599800);
	assert_int_equal(bilan_clock_parse(&t, "2026-12-06T18:00:00-05:30", &err), 0);
	assert_int_equal(t, 1796599800);
	assert_int_equal(bilan_clock_parse(&t, "2024-02-29T12:00:00Z", &err), 0);
	assert_int_equal(bilan_clock_parse(&t, "1970-01-01T00:00:00Z", &err), 0);
	assert_int_equal(bilan_clock_parse(&t, "9999-12-31T23:59:59Z", &err), 0);
	static const char *const bad[] = {
		"", "2026-12-07", "2026-12-07T00:30:00", "2026-12-07T00:30+01:00",
		"2026-13-07T00:30:00Z", "2026-02-29T00:30:00Z", "2026-12-07T24:00:00Z",
		"2026-12-07T00:60:00Z", "2026-12-07T00:30:60Z", "2026-12-07T00:30:00+1:00",
		"2026-12-07T00:30:00+01:00 ", " 2026-12-07T00:30:00Z", "2026-12-07T00:30:00.Z",
		"0999-12-07T00:30:00Z", "2026-12-07T00:30:00+24:00", "maintenant",
		"2026-12-07T00:30:00Zjunk", "1969-12-31T23:59:59Z", "1970-01-01T00:30:00+01:00",
		"9999-12-31T23:59:59-00:01", "1000-01-01T00:00:00Z",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		if (bilan_clock_parse(&t, bad[i], &err) != BILAN_EUSAGE)
			fail_msg("accepted '%s'", bad[i]);
		assert_non_null(strstr(err.message, "RFC 3339"));
		assert_non_null(strstr(err.hint, "2026-12-07T00:30:00+01:00"));
	}
}

static void test_fixed(void **state)
{
	(void)state;
	bilan_clock_fix(1796599800);
	assert_true(bilan_clock_is_fixed());
	assert_int_equal(bilan_now(), 1796599800);
	/* the date parser and ids read the one clock */
	struct bilan_time tt;
	struct bilan_error err = BILAN_ERROR_INIT;
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	struct bilan_date_opts o = BILAN_DATE_OPTS_PAST;
	assert_int_equal(bilan_date_parse(&tt, "hier", &o, &err), 0);
	char buf[BILAN_TIME_ISO_MAX];
	bilan_time_format_iso(buf, &tt);
	assert_string_equal(buf, "2026-12-06T12:00:00+01:00");
	char id[BILAN_ID_SIZE];
	bilan_id_new(id, 0);
	assert_memory_equal(id, "20261206T233000Z-", 17);
	bilan_clock_unfix();
	assert_false(bilan_clock_is_fixed());
	assert_true(bilan_now() > 1700000000);   /* real clock: unfixed */
}

static void test_seed(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	uint64_t s = 0;
	assert_int_equal(bilan_clock_parse_seed(&s, "42", &err), 0);
	assert_int_equal(s, 42);
	assert_int_equal(bilan_clock_parse_seed(&s, "0x5eed", &err), 0);
	assert_int_equal(s, 0x5eed);
	assert_int_equal(bilan_clock_parse_seed(&s, "18446744073709551615", &err), 0);
	static const char *const bad[] = { "", "graine", "0x", "-1", "12 ", "0xg",
		"18446744073709551616", "123456789012345678901" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (bilan_clock_parse_seed(&s, bad[i], &err) != BILAN_EUSAGE)
			fail_msg("accepted seed '%s'", bad[i]);

	unsigned char a[16], b[16];
	bilan_clock_seed(7);
	assert_true(bilan_clock_random(a, sizeof(a)));
	bilan_clock_seed(7);
	assert_true(bilan_clock_random(b, sizeof(b)));
	assert_memory_equal(a, b, sizeof(a));    /* reproducible in a process */
	assert_true(bilan_clock_random(b, sizeof(b)));
	assert_memory_not_equal(a, b, sizeof(a)); /* a counter: never twice */
	/* with a fixed clock and a seed, ids still differ in one process */
	bilan_clock_fix(1796599800);
	char id1[BILAN_ID_SIZE], id2[BILAN_ID_SIZE];
	bilan_id_new(id1, 0);
	bilan_id_new(id2, 0);
	assert_string_not_equal(id1, id2);
	assert_true(bilan_id_valid(id1) && bilan_id_valid(id2));
	bilan_clock_unfix();
}

static void test_zones(void **state)
{
	(void)state;
	assert_true(bilan_zone_valid("UTC"));
	assert_true(bilan_zone_valid("Europe/Paris"));
	assert_true(bilan_zone_valid("America/Argentina/Buenos_Aires"));
	assert_true(bilan_zone_valid("Etc/GMT+5"));
	static const char *const bad[] = { "", "/etc/passwd", "../etc/passwd",
		"Europe/../../etc/passwd", "Europe//Paris", "Europe/", "Nowhere/City",
		"Europe/Paris ", "-Europe", ".hidden", "Europe", "zone.tab",
		"CET-1CEST,M3.5.0,M10.5.0/3",
		"Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/B", NULL };
	for (size_t i = 0; bad[i]; i++)
		if (bilan_zone_valid(bad[i]))
			fail_msg("valid zone '%s'", bad[i]);
	assert_false(bilan_zone_valid(NULL));

	struct bilan_error err = BILAN_ERROR_INIT;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(bilan_zone_use("Europe/Paris", &err), 0);
	assert_string_equal(getenv("TZ"), "Europe/Paris");
	/* Monday 00:30 in Paris: the week and the day are Paris's */
	struct bilan_time t = { 1796599800, 0, true };
	int y, w;
	bilan_time_isoweek(&t, &y, &w);
	assert_int_equal(y, 2026);
	assert_int_equal(w, 50);
	assert_int_equal(bilan_day_start(1796599800), 1796598000);   /* 00:00 +01:00 */
	assert_int_equal(bilan_zone_use("Nowhere/City", &err), BILAN_EINVALID);
	assert_non_null(strstr(err.message, "Nowhere/City"));
	assert_string_equal(getenv("TZ"), "Europe/Paris");   /* unchanged */

	/* the system's zone: TZ when it names one, with or without ':' */
	char z[BILAN_ZONE_MAX];
	bilan_settings.tz = ":America/Montreal";
	bilan_zone_system(z);
	assert_string_equal(z, "America/Montreal");
	bilan_settings.tz = "/usr/share/zoneinfo/Asia/Tokyo";
	bilan_zone_system(z);
	assert_string_equal(z, "Asia/Tokyo");
	bilan_settings.tz = "Nowhere/City";
	bilan_zone_system(z);   /* falls back to the machine's, always valid */
	assert_true(bilan_zone_valid(z));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_zones),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
