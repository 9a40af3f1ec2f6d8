/* test-hash.c - the hashes and checksums of lib/hash.h keep their values:
 * each is part of a format on disk (the journal cache, the ROME index). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "hash.h"

static const char text[] =
	"bilan de compétences: 40 bytes and more, to reach the lanes of the index checksum";

static void test_fnv(void **state)
{
	(void)state;
	assert_true(bilan_fnv1a64("", 0) == 0xcbf29ce484222325ull);
	assert_true(bilan_fnv1a64("a", 1) == 0xaf63dc4c8601ec8cull);
}

/* The values the journal cache and the ROME index were written with before
 * the checksums moved here (lib/journal-cache.c, lib/rome.c). */
static void test_checksums(void **state)
{
	(void)state;
	assert_true(bilan_checksum64(text, strlen(text)) == 0x678166ade33720e9ull);
	assert_true(bilan_checksum64("", 0) == 0x842223254fd0bfc1ull);
	assert_true(bilan_checksum64_lanes(text, strlen(text)) == 0x913065da51a3c99dull);
	assert_true(bilan_checksum64_lanes("abc", 3) == 0xea3f8f15801b4701ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fnv),
		cmocka_unit_test(test_checksums),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
