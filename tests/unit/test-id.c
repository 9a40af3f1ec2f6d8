/* test-id.c - ids, slugs and prefix resolution (lib/id.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "errors.h"
#include "id.h"

/* 2026-11-27T14:32:05Z */
#define T0 1795789925LL

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_id_format(void **state)
{
	(void)state;
	char id[BILAN_ID_SIZE];
	bilan_id_new(id, T0);
	assert_int_equal(strlen(id), 21);
	assert_memory_equal(id, "20261127T143205Z-", 17);
	for (int i = 17; i < 21; i++)
		assert_true((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9'));
	assert_true(bilan_id_valid(id));
	assert_true(bilan_id_time(id) == T0);

	bilan_id_new(id, 0);
	assert_true(bilan_id_valid(id));
	assert_true(bilan_id_time(id) > 1700000000LL);

	static const char *const bad[] = {
		"", "20261127T143205Z", "20261127T143205Z-k3f", "20261127T143205Z-k3f9x",
		"20261127T143205Z-K3F9", "20261127T143205Z_k3f9", "20261327T143205Z-k3f9",
		"20260230T143205Z-k3f9", "20261127T243205Z-k3f9", "20261127T146005Z-k3f9",
		"20261127t143205Z-k3f9", "2026112xT143205Z-k3f9", "20261127T143205Z-k-f9",
		"20261127T143205Z-k3f\xc3",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (bilan_id_valid(bad[i]))
			fail_msg("'%s' valid", bad[i]);
		assert_true(bilan_id_time(bad[i]) == -1);
	}
	assert_false(bilan_id_valid(NULL));
	assert_true(bilan_id_valid("20280229T000000Z-0000"));
	assert_true(bilan_id_time("19700101T000000Z-aaaa") == 0);
}

static void test_id_unique(void **state)
{
	(void)state;
	enum { N = 10000 };
	char **v = bilan_xcalloc(N, sizeof(*v));
	for (size_t i = 0; i < N; i++) {
		char id[BILAN_ID_SIZE];
		bilan_id_new(id, T0); /* same second: only the suffix differs */
		assert_true(bilan_id_valid(id));
		v[i] = bilan_xstrdup(id);
	}
	qsort(v, N, sizeof(*v), cmp_str);
	size_t dups = 0;
	for (size_t i = 1; i < N; i++)
		dups += strcmp(v[i - 1], v[i]) == 0;
	/* 36^4 = 1679616 suffixes: ~30 expected collisions in 10,000 draws
	 * within one second (birthday); the contract is 1/36^4 per pair. */
	assert_true(dups < 80);
	/* and every character of the alphabet shows up (no bias to a subset) */
	int seen[128] = { 0 };
	for (size_t i = 0; i < N; i++)
		for (int k = 17; k < 21; k++)
			seen[(unsigned char)v[i][k]]++;
	for (const char *c = "abcdefghijklmnopqrstuvwxyz0123456789"; *c; c++)
		assert_true(seen[(unsigned char)*c] > 600);
	for (size_t i = 0; i < N; i++)
		free(v[i]);
	free(v);

	/* different seconds: all distinct */
	char prev[BILAN_ID_SIZE] = "";
	for (int i = 0; i < N; i++) {
		char id[BILAN_ID_SIZE];
		bilan_id_new(id, T0 + i);
		assert_true(strcmp(prev, id) < 0); /* ids sort by time */
		memcpy(prev, id, sizeof(id));
	}
}

static void test_slugify(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} c[] = {
		{ "Conseiller en insertion professionnelle", "conseiller-en-insertion-professionnelle" },
		{ "Éducatrice spécialisée", "educatrice-specialisee" },
		{ "ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ", "aaaceeeeiioouuuy" },
		{ "Œuvre d'art", "oeuvre-d-art" },
		{ "cœur", "coeur" },
		{ "Ænéide", "aeneide" },
		{ "Straße", "strasse" },
		{ "Øresund", "oresund" },
		{ "Łódź", "lodz" },
		{ "Đorđe", "dorde" },
		{ "l’été", "l-ete" },
		{ "  --Hello,   World!!  ", "hello-world" },
		{ "C++ / C# & Go", "c-c-go" },
		{ "rêve 🚀 fusée", "reve-fusee" },
		{ "🚀🚀", "sans-titre" },
		{ "", "sans-titre" },
		{ "   ", "sans-titre" },
		{ "---", "sans-titre" },
		{ "../etc/passwd", "etc-passwd" },
		{ "a\\b:c*d?e\"f<g>h|i", "a-b-c-d-e-f-g-h-i" },
		{ "CON", "con-1" },
		{ "con", "con-1" },
		{ "Nul", "nul-1" },
		{ "COM1", "com1-1" },
		{ "lpt9", "lpt9-1" },
		{ "com10", "com10" },
		{ "console", "console" },
		{ "con.txt", "con-txt" },
		{ "ﬁnance", "finance" },
		{ "Ｗｉｄｅ", "wide" },
		{ "Москва", "sans-titre" },
		{ "Métier n°1", "metier-n-1" },
		{ "2026 : bilan", "2026-bilan" },
		{ "\xff\xfe bad utf8 \xc3", "bad-utf8" },
	};
	char out[BILAN_SLUG_MAX + 1];
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		bilan_slugify(out, c[i].in);
		if (strcmp(out, c[i].want) != 0)
			fail_msg("'%s': got '%s', want '%s'", c[i].in, out, c[i].want);
		assert_true(bilan_slug_valid(out));
	}
	bilan_slugify(out, NULL);
	assert_string_equal(out, "sans-titre");
}

static void test_slug_long(void **state)
{
	(void)state;
	char out[BILAN_SLUG_MAX + 1];
	struct bilan_buf b = BILAN_BUF_INIT;
	/* 200 characters of words: cut at a '-' */
	while (b.len < 200)
		bilan_buf_puts(&b, "développement ");
	bilan_slugify(out, bilan_buf_cstr(&b));
	assert_true(strlen(out) <= BILAN_SLUG_MAX);
	assert_true(bilan_slug_valid(out));
	assert_string_equal(out, "developpement-developpement-developpement");
	/* one 200-character word: hard cut at 48 */
	bilan_buf_reset(&b);
	for (int i = 0; i < 200; i++)
		bilan_buf_putc(&b, (char)('a' + i % 26));
	bilan_slugify(out, bilan_buf_cstr(&b));
	assert_int_equal(strlen(out), BILAN_SLUG_MAX);
	assert_true(bilan_slug_valid(out));
	/* a '-' right at 48 */
	bilan_buf_reset(&b);
	for (int i = 0; i < 48; i++)
		bilan_buf_putc(&b, 'x');
	bilan_buf_puts(&b, " suite");
	bilan_slugify(out, bilan_buf_cstr(&b));
	assert_int_equal(strlen(out), 48);
	/* a '-' too early to be worth it: hard cut */
	bilan_buf_reset(&b);
	bilan_buf_puts(&b, "ab ");
	for (int i = 0; i < 100; i++)
		bilan_buf_putc(&b, 'y');
	bilan_slugify(out, bilan_buf_cstr(&b));
	assert_int_equal(strlen(out), 48);
	assert_memory_equal(out, "ab-yyy", 6);
	/* 200 accented characters */
	bilan_buf_reset(&b);
	for (int i = 0; i < 200; i++)
		bilan_buf_puts(&b, "é");
	bilan_slugify(out, bilan_buf_cstr(&b));
	assert_int_equal(strlen(out), 48);
	bilan_buf_clear(&b);
}

static void test_slug_valid(void **state)
{
	(void)state;
	assert_true(bilan_slug_valid("a"));
	assert_true(bilan_slug_valid("abc-def-2"));
	assert_false(bilan_slug_valid(""));
	assert_false(bilan_slug_valid(NULL));
	assert_false(bilan_slug_valid("-abc"));
	assert_false(bilan_slug_valid("abc-"));
	assert_false(bilan_slug_valid("a--b"));
	assert_false(bilan_slug_valid("Abc"));
	assert_false(bilan_slug_valid("a_b"));
	assert_false(bilan_slug_valid("a.b"));
	assert_false(bilan_slug_valid("a/b"));
	assert_false(bilan_slug_valid("con"));
	assert_false(bilan_slug_valid("lpt1"));
	assert_true(bilan_slug_valid("con-1"));
	char s[60];
	memset(s, 'a', 49);
	s[49] = '\0';
	assert_false(bilan_slug_valid(s));
	s[48] = '\0';
	assert_true(bilan_slug_valid(s));
}

static void test_slug_unique(void **state)
{
	(void)state;
	struct bilan_strlist ex = BILAN_STRLIST_INIT;
	char out[BILAN_SLUG_MAX + 1];
	bilan_slug_unique(out, "bilan", &ex);
	assert_string_equal(out, "bilan");
	bilan_slug_unique(out, "bilan", NULL);
	assert_string_equal(out, "bilan");
	bilan_strlist_add(&ex, "Bilan");
	bilan_slug_unique(out, "bilan", &ex);
	assert_string_equal(out, "bilan-2");
	bilan_strlist_add(&ex, "BILAN-2");
	bilan_strlist_add(&ex, "bilan-3");
	bilan_slug_unique(out, "bilan", &ex);
	assert_string_equal(out, "bilan-4");
	/* a reserved base is skipped */
	bilan_slug_unique(out, "con", &ex);
	assert_string_equal(out, "con-2");
	/* long base: cut so that the suffix fits */
	char base[BILAN_SLUG_MAX + 1];
	memset(base, 'z', BILAN_SLUG_MAX);
	base[BILAN_SLUG_MAX] = '\0';
	bilan_strlist_add(&ex, base);
	bilan_slug_unique(out, base, &ex);
	assert_int_equal(strlen(out), BILAN_SLUG_MAX);
	assert_string_equal(out + BILAN_SLUG_MAX - 2, "-2");
	assert_true(bilan_slug_valid(out));
	/* cut on a '-' does not leave "--" */
	strcpy(base, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bb");
	bilan_strlist_add(&ex, base);
	bilan_slug_unique(out, base, &ex);
	assert_string_equal(out, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-2");
	assert_true(bilan_slug_valid(out));
	/* many */
	bilan_strlist_clear(&ex);
	for (int i = 0; i < 120; i++) {
		bilan_slug_unique(out, "x", &ex);
		assert_false(bilan_strlist_contains(&ex, out));
		bilan_strlist_add(&ex, out);
	}
	assert_string_equal(out, "x-120");
	bilan_strlist_clear(&ex);
}

static const char *const ids[] = {
	"20261127T143205Z-k3f9",
	"20261127T143210Z-ab12",
	"20261128T090000Z-zz01",
	"20261201T100000Z-ab99",
};
#define NIDS (sizeof(ids) / sizeof(ids[0]))

static void test_prefix(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	size_t i = 99;

	/* exact */
	assert_int_equal(bilan_prefix_resolve(&i, ids, NIDS, "20261128T090000Z-zz01", "entry", &err), 0);
	assert_int_equal(i, 2);
	/* unique prefix of the whole id */
	assert_int_equal(bilan_prefix_resolve(&i, ids, NIDS, "20261128", "entry", &err), 0);
	assert_int_equal(i, 2);
	assert_int_equal(bilan_prefix_resolve(&i, ids, NIDS, "20261127T14321", "entry", &err), 0);
	assert_int_equal(i, 1);
	assert_int_equal(bilan_prefix_resolve(&i, ids, NIDS, "20261127t14320", "entry", &err), 0);
	assert_int_equal(i, 0);
	/* prefix of the random suffix */
	assert_int_equal(bilan_prefix_resolve(&i, ids, NIDS, "k3f9", "entry", &err), 0);
	assert_int_equal(i, 0);
	assert_int_equal(bilan_prefix_resolve(&i, ids, NIDS, "zz", "entry", &err), 0);
	assert_int_equal(i, 2);
	assert_int_equal(bilan_prefix_resolve(&i, ids, NIDS, "AB1", "entry", &err), 0);
	assert_int_equal(i, 1);
	/* ambiguous */
	i = 99;
	assert_int_equal(bilan_prefix_resolve(&i, ids, NIDS, "202611", "entry", &err),
			 BILAN_EAMBIGUOUS);
	assert_int_equal(i, 99);
	assert_int_equal(err.code, BILAN_EAMBIGUOUS);
	assert_string_equal(err.message, "entry '202611' is ambiguous");
	assert_string_equal(err.hint, "20261127T143205Z-k3f9\n20261127T143210Z-ab12\n"
				      "20261128T090000Z-zz01");
	assert_int_equal(bilan_prefix_resolve(&i, ids, NIDS, "ab", "entry", &err),
			 BILAN_EAMBIGUOUS);
	assert_string_equal(err.hint, "20261127T143210Z-ab12\n20261201T100000Z-ab99");
	/* not found */
	assert_int_equal(bilan_prefix_resolve(&i, ids, NIDS, "2025", "entry", &err),
			 BILAN_ENOTFOUND);
	assert_string_equal(err.message, "no entry matches '2025'");
	assert_int_equal(bilan_prefix_resolve(&i, ids, NIDS, "", "entry", &err),
			 BILAN_ENOTFOUND);
	assert_int_equal(bilan_prefix_resolve(&i, ids, 0, "2026", "entry", &err),
			 BILAN_ENOTFOUND);
	assert_int_equal(bilan_prefix_resolve(&i, ids, NIDS, "20261127T143205Z-k3f9x", "entry", NULL),
			 BILAN_ENOTFOUND);

	/* slugs: exact beats prefix */
	static const char *const slugs[] = { "infirmier", "infirmier-anesthesiste", "menuisier" };
	assert_int_equal(bilan_prefix_resolve(&i, slugs, 3, "infirmier", "piste", &err), 0);
	assert_int_equal(i, 0);
	assert_int_equal(bilan_prefix_resolve(&i, slugs, 3, "infirmier-", "piste", &err), 0);
	assert_int_equal(i, 1);
	assert_int_equal(bilan_prefix_resolve(&i, slugs, 3, "inf", "piste", &err), BILAN_EAMBIGUOUS);
	assert_string_equal(err.message, "piste 'inf' is ambiguous");
	assert_int_equal(bilan_prefix_resolve(&i, slugs, 3, "m", "piste", &err), 0);
	assert_int_equal(i, 2);
	assert_int_equal(bilan_prefix_resolve(&i, slugs, 3, "plombier", "piste", &err), BILAN_ENOTFOUND);
	assert_string_equal(err.message, "no piste matches 'plombier'");

	/* more than 10 candidates: 10 listed, then a note */
	char *many[25];
	for (int k = 0; k < 25; k++)
		many[k] = bilan_xasprintf("metier-%02d", k);
	assert_int_equal(bilan_prefix_resolve(&i, (const char *const *)many, 25, "metier",
					      "piste", &err), BILAN_EAMBIGUOUS);
	size_t lines = 1;
	for (const char *p = err.hint; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 11);
	assert_non_null(strstr(err.hint, "metier-00\n"));
	assert_non_null(strstr(err.hint, "metier-09\n"));
	assert_null(strstr(err.hint, "metier-10"));
	for (int k = 0; k < 25; k++)
		free(many[k]);
}

static void test_short_len(void **state)
{
	(void)state;
	assert_int_equal(bilan_id_short_len(ids[0], ids, NIDS), 14); /* 20261127T14320 */
	assert_int_equal(bilan_id_short_len(ids[1], ids, NIDS), 14);
	assert_int_equal(bilan_id_short_len(ids[2], ids, NIDS), 8);
	assert_int_equal(bilan_id_short_len(ids[3], ids, NIDS), 8);
	assert_int_equal(bilan_id_short_len(ids[0], NULL, 0), 8);
	static const char *const same[] = { "20261127T143205Z-k3f9", "20261127T143205Z-k3aa" };
	assert_int_equal(bilan_id_short_len(same[0], same, 2), 20);
	/* the short form resolves back to the id */
	for (size_t k = 0; k < NIDS; k++) {
		char pre[BILAN_ID_SIZE];
		size_t l = bilan_id_short_len(ids[k], ids, NIDS);
		memcpy(pre, ids[k], l);
		pre[l] = '\0';
		size_t idx;
		assert_int_equal(bilan_prefix_resolve(&idx, ids, NIDS, pre, "entry", NULL), 0);
		assert_int_equal(idx, k);
	}
	static const char *const shorts[] = { "abc", "abd" };
	assert_int_equal(bilan_id_short_len("abc", shorts, 2), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_format),
		cmocka_unit_test(test_id_unique),
		cmocka_unit_test(test_slugify),
		cmocka_unit_test(test_slug_long),
		cmocka_unit_test(test_slug_valid),
		cmocka_unit_test(test_slug_unique),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_short_len),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
