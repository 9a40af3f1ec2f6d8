/* test-ecart.c - the skill gap questionnaire generated from a ROME fiche
 * (lib/ecart.h): ids, the definition against the index, determinism of its
 * checksum, the find hook, and a result read back as three lists. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "settings.h"
#include "config.h"
#include "buf.h"
#include "ecart.h"
#include "fs.h"
#include "questionnaire.h"
#include "rome.h"
#include "yaml-tree.h"

#define IDX BILAN_BUILD_DIR "/tools/rome.idx"
#define SCHEMA_DIR TEST_SOURCE_DIR "/../schemas"

static struct bilan_rome *R;
static char home[64];

static int setup(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	int rc = bilan_rome_open(&R, IDX, &err);
	if (rc)
		fprintf(stderr, "%s\n", err.message);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	bilan_rome_free(R);
	return 0;
}

static struct bilan_questionnaire *def(const char *code, struct bilan_rome_fiche *f)
{
	struct bilan_questionnaire *q = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_ecart_definition(&q, f, R, code, &err) != 0)
		fail_msg("definition %s: %s", code, err.message);
	return q;
}

static void test_ids(void **state)
{
	(void)state;
	char id[BILAN_ECART_ID_SIZE], code[6];
	bilan_ecart_id(id, "J1504");
	assert_string_equal(id, "ecart-j1504");
	assert_true(bilan_q_id_valid(id));
	assert_true(bilan_ecart_code(code, "ecart-j1504"));
	assert_string_equal(code, "J1504");
	assert_true(bilan_ecart_code(code, "ecart-n4105"));
	assert_string_equal(code, "N4105");
	static const char *const bad[] = {
		"ecart-", "ecart-J1504", "ecart-j150", "ecart-j15044", "ecart-o1504",
		"ecart-jj504", "riasec", "ecartj1504", "", "ecart-j15a4",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (bilan_ecart_code(code, bad[i]))
			fail_msg("'%s' taken as an ecart id", bad[i]);
	assert_false(bilan_ecart_code(code, NULL));
}

/* The items, counted here from the index API: core savoir-faire in index
 * order, then every savoir-être. */
static size_t expected_items(const struct bilan_rome_fiche *f, unsigned *ogr, bool *se)
{
	size_t n = 0;
	for (size_t j = 0; j < f->n_items; j++) {
		struct bilan_rome_item it;
		bilan_rome_item(&it, R, f->index, j);
		if (it.kind == BILAN_ROME_SAVOIR_FAIRE && it.core) {
			ogr[n] = it.code_ogr;
			se[n++] = false;
		}
	}
	for (size_t j = 0; j < f->n_items; j++) {
		struct bilan_rome_item it;
		bilan_rome_item(&it, R, f->index, j);
		if (it.kind == BILAN_ROME_SAVOIR_ETRE) {
			ogr[n] = it.code_ogr;
			se[n++] = true;
		}
	}
	return n;
}

static void check_definition(const char *code)
{
	struct bilan_rome_fiche f;
	struct bilan_questionnaire *q = def(code, &f);
	char id[BILAN_ECART_ID_SIZE];
	bilan_ecart_id(id, code);
	assert_string_equal(q->id, id);
	assert_string_equal(f.code, code);
	assert_int_equal(q->version, BILAN_ECART_VERSION);
	assert_int_equal(q->origin, BILAN_Q_MEMORY);
	char *title = bilan_xasprintf("%s%s", BILAN_ECART_TITLE_PREFIX, f.title);
	assert_string_equal(q->title, title);
	free(title);
	assert_non_null(strstr(q->description, BILAN_ROME_SOURCE));
	assert_non_null(q->notice);
	assert_int_equal(q->min, 1);
	assert_int_equal(q->max, 3);
	assert_string_equal(bilan_q_scale_label(q, 1), "Pas encore");
	assert_string_equal(bilan_q_scale_label(q, 2), "En partie");
	assert_string_equal(bilan_q_scale_label(q, 3), "Je maîtrise");

	unsigned *ogr = calloc(f.n_items + 1, sizeof(*ogr));
	bool *se = calloc(f.n_items + 1, sizeof(*se));
	size_t n = expected_items(&f, ogr, se);
	assert_true(n > 0);
	assert_int_equal(q->nitems, n);
	assert_int_equal(q->nscale, n);
	assert_int_equal(q->ndims, n);
	assert_int_equal(q->nskills, 0);
	assert_int_equal(q->top, 0);
	for (size_t i = 0; i < n; i++) {
		char want[16], dim[24];
		snprintf(want, sizeof(want), "%u", ogr[i]);
		snprintf(dim, sizeof(dim), "%s-%u", se[i] ? "se" : "sf", ogr[i]);
		assert_string_equal(q->items[i].id, want);
		assert_int_equal(q->items[i].type, BILAN_Q_ITEM_SCALE);
		assert_false(q->items[i].reverse);
		assert_int_equal(q->items[i].dim, i);
		assert_string_equal(q->dims[i].id, dim);
		assert_string_equal(q->dims[i].label, q->items[i].text);
		for (int l = 0; l < 3; l++)
			assert_non_null(q->dims[i].interpretation[l]);
		/* savoir-faire first */
		if (i > 0 && se[i - 1])
			assert_true(se[i]);
	}
	free(ogr);
	free(se);
	bilan_q_free(q);
}

static void test_definition(void **state)
{
	(void)state;
	check_definition("J1504");
	check_definition("K2111");
	check_definition("M1805");
	check_definition("A1101");
	check_definition("N4105");

	/* J1504 by hand: 7 core savoir-faire, then 3 savoir-être */
	struct bilan_questionnaire *q = def("j1504", NULL);
	assert_int_equal(q->nitems, 10);
	assert_string_equal(q->items[0].id, "300051");
	assert_string_equal(q->items[0].text, "Participer à une intervention chirurgicale");
	assert_string_equal(q->dims[0].id, "sf-300051");
	assert_string_equal(q->items[7].id, "300465");
	assert_string_equal(q->items[7].text, "Avoir l'esprit d'équipe");
	assert_string_equal(q->dims[7].id, "se-300465");
	assert_string_equal(q->dims[9].id, "se-300490");
	bilan_q_free(q);
}

static void test_every_fiche(void **state)
{
	(void)state;
	/* every fiche of the index gives a valid definition */
	size_t n = bilan_rome_count(R);
	assert_true(n > 1500);
	for (size_t i = 0; i < n; i++) {
		struct bilan_rome_fiche f;
		bilan_rome_get(&f, R, i);
		struct bilan_questionnaire *q = NULL;
		struct bilan_error err = BILAN_ERROR_INIT;
		if (bilan_ecart_definition(&q, NULL, R, f.code, &err) != 0)
			fail_msg("%s: %s", f.code, err.message);
		assert_true(q->nitems >= 3 && q->nitems <= BILAN_Q_MAX_ITEMS);
		bilan_q_free(q);
	}
}

static void test_checksum(void **state)
{
	(void)state;
	struct bilan_questionnaire *a = def("J1504", NULL), *b = def("j1504", NULL);
	struct bilan_questionnaire *c = def("K2111", NULL);
	assert_int_equal(strlen(a->sha256), 64);
	assert_string_equal(a->sha256, b->sha256);
	assert_string_not_equal(a->sha256, c->sha256);
	/* the checksum is that of the tree: a changed tree changes it */
	struct bilan_rome_fiche f;
	struct bilan_error err = BILAN_ERROR_INIT;
	assert_int_equal(bilan_rome_lookup(&f, R, "J1504", &err), 0);
	struct bilan_node *tree = NULL;
	assert_int_equal(bilan_ecart_tree(&tree, R, &f, &err), 0);
	struct bilan_node *items = bilan_map_get(tree, "items");
	assert_non_null(items);
	bilan_map_set_str(items->items[0], "text", "Autre libellé");
	struct bilan_questionnaire *d = NULL;
	assert_int_equal(bilan_q_from_tree(&d, "ecart-j1504", tree, &err), 0);
	assert_string_not_equal(a->sha256, d->sha256);
	bilan_node_free(tree);
	bilan_q_free(a);
	bilan_q_free(b);
	bilan_q_free(c);
	bilan_q_free(d);
}

static void test_bad_codes(void **state)
{
	(void)state;
	struct bilan_questionnaire *q = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	assert_int_equal(bilan_ecart_definition(&q, NULL, R, "J9999", &err), BILAN_ENOTFOUND);
	assert_null(q);
	assert_non_null(strstr(err.message, "J9999"));
	assert_non_null(strstr(err.hint, "bilan metier search"));
	bilan_error_clear(&err);
	assert_int_equal(bilan_ecart_definition(&q, NULL, R, "bloc", &err), BILAN_EUSAGE);
	assert_null(q);
	assert_non_null(strstr(err.hint, "bilan metier search"));
}

static void test_find(void **state)
{
	(void)state;
	struct bilan_questionnaire *q = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	/* any other id: not found, without an index */
	bilan_settings.rome_index = "/nonexistent/rome.idx";
	assert_int_equal(bilan_ecart_find(&q, "riasec", &err), BILAN_ENOTFOUND);
	assert_null(q);
	/* an ecart id with the index missing: the index's error */
	bilan_error_clear(&err);
	assert_int_equal(bilan_ecart_find(&q, "ecart-j1504", &err), BILAN_ENOTFOUND);
	assert_non_null(strstr(err.message, "/nonexistent/rome.idx"));
	bilan_settings.rome_index = IDX;
	bilan_error_clear(&err);
	assert_int_equal(bilan_ecart_find(&q, "ecart-j1504", &err), 0);
	struct bilan_questionnaire *d = def("J1504", NULL);
	assert_string_equal(q->sha256, d->sha256);
	bilan_q_free(q);
	bilan_q_free(d);
	q = NULL;
	assert_int_equal(bilan_ecart_find(&q, "ecart-j9999", &err), BILAN_ENOTFOUND);
	assert_null(q);
	bilan_settings.rome_index = NULL;
}

/* Write a result of q for a list of answers into dir, load it back. */
static struct bilan_q_result *take(const char *dir, const struct bilan_questionnaire *q,
				   const char *list, const char *rid)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	if (bilan_q_answers_parse_list(&a, q, list, &err) < 0)
		fail_msg("answers: %s", err.message);
	struct bilan_q_score s = BILAN_Q_SCORE_INIT;
	bilan_q_score(&s, q, &a);
	struct bilan_time when;
	assert_true(bilan_time_parse_iso(&when, "2026-11-27T15:32:05+01:00"));
	struct bilan_node *tree = bilan_q_result_tree(q, &a, &s, &when);
	char *rel = bilan_xasprintf("tests/%s/%s.yaml", q->id, rid);
	char *folder = bilan_xasprintf("%s/tests/%s", dir, q->id);
	char *path = bilan_xasprintf("%s/%s", dir, rel);
	assert_int_equal(bilan_fs_mkdir_p(folder, 0700, &err), 0);
	assert_int_equal(bilan_yaml_write_file(path, tree, &err), 0);
	struct bilan_q_result *r = NULL;
	if (bilan_q_result_load(&r, dir, rel, &err) < 0)
		fail_msg("%s:%d: %s", err.file, err.line, err.message);
	bilan_node_free(tree);
	bilan_q_score_clear(&s);
	bilan_q_answers_clear(&a);
	free(rel);
	free(folder);
	free(path);
	return r;
}

static void test_read_result(void **state)
{
	(void)state;
	char dir[128];
	snprintf(dir, sizeof(dir), "%s/ws-XXXXXX", home);
	assert_non_null(mkdtemp(dir));
	struct bilan_questionnaire *q = def("J1504", NULL);
	/* 7 savoir-faire, 3 savoir-être; the fourth skipped */
	struct bilan_q_result *r = take(dir, q, "3,2,1,,3,1,2,2,3,1", "20261127T143205Z-k3f9");
	struct bilan_ecart e = BILAN_ECART_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	assert_int_equal(bilan_ecart_read(&e, r, &err), 0);
	assert_string_equal(e.code, "J1504");
	assert_string_equal(e.title, "Infirmier / Infirmière de bloc opératoire (IBODE)");
	assert_int_equal(e.n, 10);
	assert_int_equal(e.count[BILAN_ECART_THERE], 3);
	assert_int_equal(e.count[BILAN_ECART_PARTIAL], 3);
	assert_int_equal(e.count[BILAN_ECART_MISSING], 3);
	assert_int_equal(e.count[BILAN_ECART_UNRATED], 1);
	static const enum bilan_ecart_level want[] = {
		BILAN_ECART_THERE, BILAN_ECART_PARTIAL, BILAN_ECART_MISSING, BILAN_ECART_UNRATED,
		BILAN_ECART_THERE, BILAN_ECART_MISSING, BILAN_ECART_PARTIAL, BILAN_ECART_PARTIAL,
		BILAN_ECART_THERE, BILAN_ECART_MISSING,
	};
	for (size_t i = 0; i < e.n; i++) {
		assert_int_equal(e.v[i].level, want[i]);
		assert_string_equal(e.v[i].code_ogr, q->items[i].id);
		assert_string_equal(e.v[i].label, q->items[i].text);
		assert_int_equal(e.v[i].savoir_etre, i >= 7);
	}
	assert_string_equal(e.v[0].label, "Participer à une intervention chirurgicale");
	assert_false(bilan_q_result_outdated(r, q));
	bilan_ecart_clear(&e);
	bilan_ecart_clear(&e);   /* twice: safe */
	bilan_ecart_clear(NULL);
	bilan_q_result_free(r);

	/* a result of another questionnaire is refused */
	struct bilan_questionnaire *other = NULL;
	assert_int_equal(bilan_q_find(&other, NULL, "valeurs", &err), 0);
	char *list = NULL;
	{
		struct bilan_buf b = BILAN_BUF_INIT;
		for (size_t i = 0; i < other->nscale; i++)
			bilan_buf_puts(&b, i ? ",3" : "3");
		list = bilan_buf_detach(&b);
	}
	r = take(dir, other, list, "20261127T143206Z-k3fa");
	bilan_error_clear(&err);
	assert_int_equal(bilan_ecart_read(&e, r, &err), BILAN_EINVALID);
	assert_non_null(strstr(err.message, "not a skill gap result"));
	assert_null(e.v);
	bilan_q_result_free(r);
	bilan_q_free(other);
	free(list);
	bilan_q_free(q);
}

int main(void)
{
	strcpy(home, "/tmp/bilan-test-ecart-XXXXXX");
	if (!mkdtemp(home))
		return 1;
	setenv("LC_ALL", "C.UTF-8", 1);
	setenv("TZ", "Europe/Paris", 1);
	bilan_settings.data_dir = TEST_SOURCE_DIR "/../data";
	bilan_settings.schema_dir = SCHEMA_DIR;
	bilan_settings.rome_index = NULL;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_definition),
		cmocka_unit_test(test_every_fiche),
		cmocka_unit_test(test_checksum),
		cmocka_unit_test(test_bad_codes),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_read_result),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	char *cmd = bilan_xasprintf("rm -rf '%s'", home);
	if (system(cmd) != 0)
		rc = rc ? rc : 1;
	free(cmd);
	return rc;
}
