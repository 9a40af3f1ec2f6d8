/* test-questionnaire.c - the questionnaire engine (lib/questionnaire.h):
 * SHA-256, definitions and their checks, scripted answers, scoring with
 * hand-computed vectors, results with history, partial answers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "settings.h"
#include "fs.h"
#include "questionnaire.h"
#include "workspace.h"

#define DATA_DIR TEST_SOURCE_DIR "/../data"
#define SCHEMA_DIR TEST_SOURCE_DIR "/../schemas"

static char home[64];

/* ------------------------------------------------------------------ */
/* helpers                                                             */

static struct bilan_questionnaire *load_str(const char *yaml)
{
	struct bilan_questionnaire *q = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_q_load_buffer(&q, "t.yaml", yaml, strlen(yaml), &err) < 0)
		fail_msg("load: %s:%d:%d: %s", err.file, err.line, err.col, err.message);
	return q;
}

/* Expect the definition to be refused at line:col with a message holding needle. */
static void refused(const char *yaml, int line, int col, const char *needle)
{
	struct bilan_questionnaire *q = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	int rc = bilan_q_load_buffer(&q, "t.yaml", yaml, strlen(yaml), &err);
	if (rc != BILAN_EINVALID)
		fail_msg("accepted (rc %d), expected '%s'", rc, needle);
	assert_null(q);
	if (!strstr(err.message, needle) || err.line != line || (col && err.col != col))
		fail_msg("got %d:%d '%s', expected %d:%d '%s'", err.line, err.col, err.message,
			 line, col, needle);
}

static struct bilan_questionnaire *builtin(const char *id)
{
	struct bilan_questionnaire *q = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_q_find(&q, NULL, id, &err) < 0)
		fail_msg("find %s: %s:%d:%d: %s", id, err.file, err.line, err.col, err.message);
	return q;
}

static void answers_from(struct bilan_q_answers *a, const struct bilan_questionnaire *q,
			 const char *list)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_q_answers_parse_list(a, q, list, &err) < 0)
		fail_msg("answers: %s", err.message);
}

static const struct bilan_q_dim_score *dim(const struct bilan_questionnaire *q,
					   const struct bilan_q_score *s, const char *id)
{
	size_t d = bilan_q_dim_index(q, id);
	if (d == BILAN_Q_NONE)
		fail_msg("no dimension %s", id);
	return &s->dims[d];
}

/* The minimal form of the issue, as written there. */
static const char minimal[] =
	"id: mini\n"
	"version: 1\n"
	"title: Mini\n"
	"description: Un petit questionnaire\n"
	"instructions: Répondez\n"
	"scale:\n"
	"  min: 1\n"
	"  max: 5\n"
	"  labels:\n"
	"    1: Pas du tout\n"
	"    2: Un peu\n"
	"    3: Moyennement\n"
	"    4: Beaucoup\n"
	"    5: Tout à fait\n"
	"dimensions:\n"
	"  - id: a\n"
	"    label: Alpha\n"
	"    description: La première\n"
	"    interpretation:\n"
	"      low: Bas\n"
	"      medium: Moyen\n"
	"      high: Haut\n"
	"  - id: b\n"
	"    label: Bêta\n"
	"    description: La seconde\n"
	"    interpretation: {low: Bas, medium: Moyen, high: Haut}\n"
	"items:\n"
	"  - {id: q1, text: Un, dimension: a, reverse: false}\n"
	"  - {id: q2, text: Deux, dimension: a, reverse: true}\n"
	"  - {id: q3, text: Trois, dimension: b, reverse: false}\n"
	"  - {id: q4, text: Quatre, dimension: b, reverse: false}\n"
	"profile:\n"
	"  top: 2\n";

/* ------------------------------------------------------------------ */
/* SHA-256                                                             */

static void test_sha256(void **state)
{
	(void)state;
	char h[BILAN_SHA256_HEX];
	bilan_sha256_hex(h, "", 0);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	bilan_sha256_hex(h, "abc", 3);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *s56 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	bilan_sha256_hex(h, s56, strlen(s56));
	assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* 55, 63 and 64 bytes: the padding edges */
	static char buf[1000000];
	memset(buf, 'a', sizeof(buf));
	bilan_sha256_hex(h, buf, 55);
	assert_string_equal(h, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	bilan_sha256_hex(h, buf, 64);
	assert_string_equal(h, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
	bilan_sha256_hex(h, buf, sizeof(buf));
	assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* ------------------------------------------------------------------ */
/* definitions                                                         */

static void test_ids(void **state)
{
	(void)state;
	assert_true(bilan_q_id_valid("riasec"));
	assert_true(bilan_q_id_valid("big-five"));
	assert_true(bilan_q_id_valid("ecart-m1805"));
	assert_false(bilan_q_id_valid(""));
	assert_false(bilan_q_id_valid("-x"));
	assert_false(bilan_q_id_valid("../x"));
	assert_false(bilan_q_id_valid("a/b"));
	assert_false(bilan_q_id_valid("Riasec"));
	assert_false(bilan_q_id_valid("con"));
	assert_false(bilan_q_id_valid("lpt1"));
	assert_false(bilan_q_id_valid("a b"));
	char longid[80];
	memset(longid, 'a', sizeof(longid));
	longid[65] = '\0';
	assert_false(bilan_q_id_valid(longid));
	longid[64] = '\0';
	assert_true(bilan_q_id_valid(longid));
}

static void test_minimal_form(void **state)
{
	(void)state;
	struct bilan_questionnaire *q = load_str(minimal);
	assert_string_equal(q->id, "mini");
	assert_int_equal(q->version, 1);
	assert_int_equal(q->min, 1);
	assert_int_equal(q->max, 5);
	assert_string_equal(bilan_q_scale_label(q, 1), "Pas du tout");
	assert_string_equal(bilan_q_scale_label(q, 5), "Tout à fait");
	assert_null(bilan_q_scale_label(q, 6));
	assert_int_equal(q->ndims, 2);
	assert_int_equal(q->nitems, 4);
	assert_int_equal(q->nscale, 4);
	assert_true(q->items[1].reverse);
	assert_int_equal(q->items[2].dim, 1);
	assert_int_equal(q->top, 2);
	assert_false(q->has_pairs);
	assert_null(q->notice);
	assert_string_equal(q->dims[1].interpretation[BILAN_Q_HIGH], "Haut");
	assert_int_equal(strlen(q->sha256), 64);
	bilan_q_free(q);

	/* the same with labels as a list, and without labels */
	const char *list = strstr(minimal, "  labels:");
	const char *dims = strstr(minimal, "dimensions:");
	char *no_labels = bilan_xasprintf("%.*s%s", (int)(list - minimal), minimal, dims);
	q = load_str(no_labels);
	assert_null(q->labels);
	assert_null(bilan_q_scale_label(q, 3));
	bilan_q_free(q);
	char *as_list = bilan_xasprintf("%.*s  labels: [Non, Peu, Moyen, Oui, Tout]\n%s",
					(int)(list - minimal), minimal, dims);
	q = load_str(as_list);
	assert_string_equal(bilan_q_scale_label(q, 2), "Peu");
	bilan_q_free(q);
	free(no_labels);
	free(as_list);
}

static void test_builtins(void **state)
{
	(void)state;
	struct bilan_questionnaire *q = builtin("riasec");
	assert_int_equal(q->ndims, 6);
	assert_int_equal(q->nitems, 48);
	assert_int_equal(q->top, 3);
	assert_int_equal(q->origin, BILAN_Q_BUILTIN);
	assert_non_null(q->notice);
	assert_non_null(q->en_title);
	assert_int_equal(q->max - q->min + 1, 5);
	for (size_t d = 0; d < q->ndims; d++) {
		size_t n = 0;
		for (size_t i = 0; i < q->nitems; i++)
			n += q->items[i].dim == d;
		assert_true(n >= 8);
	}
	/* the checksum is that of the file's bytes */
	struct bilan_buf b = BILAN_BUF_INIT;
	assert_int_equal(bilan_fs_read(&b, q->path, 1 << 22, NULL), 0);
	char h[BILAN_SHA256_HEX];
	bilan_sha256_hex(h, b.ptr, b.len);
	assert_string_equal(h, q->sha256);
	bilan_buf_clear(&b);
	bilan_q_free(q);

	q = builtin("big-five");
	assert_int_equal(q->ndims, 5);
	size_t rev = 0;
	for (size_t i = 0; i < q->nitems; i++)
		rev += q->items[i].reverse;
	assert_int_equal(q->nitems, 40);
	assert_int_equal(rev, 20);
	bilan_q_free(q);

	q = builtin("competences");
	assert_int_equal(q->nskills, 12);
	assert_true(q->has_pairs);
	assert_string_equal(q->dims[q->pair[0]].id, "maitrise");
	assert_string_equal(q->dims[q->pair[1]].id, "envie");
	assert_int_equal(q->min, 1);
	assert_int_equal(q->max, 4);
	bilan_q_free(q);

	q = builtin("appreciation");
	assert_int_equal(q->nitems, 17);
	assert_int_equal(q->nscale, 15);
	size_t t = bilan_q_item_index(q, "commentaire");
	assert_int_equal(q->items[t].type, BILAN_Q_ITEM_TEXT);
	assert_int_equal(q->items[t].dim, BILAN_Q_NONE);
	bilan_q_free(q);

	q = builtin("valeurs");
	assert_int_equal(q->ndims, 10);
	assert_int_equal(q->top, 3);
	bilan_q_free(q);

	/* every built-in is clean for bilan test validate */
	static const char *const ids[] = { "riasec", "big-five", "valeurs", "competences",
					   "appreciation" };
	for (size_t i = 0; i < 5; i++) {
		char *path = bilan_xasprintf("%s/questionnaires/%s.yaml", DATA_DIR, ids[i]);
		struct bilan_diags d = BILAN_DIAGS_INIT;
		size_t errors = bilan_q_validate_file(path, &d);
		for (size_t k = 0; k < d.n; k++)
			print_message("%s:%d:%d: %s\n", d.v[k].file, d.v[k].line, d.v[k].col,
				      d.v[k].message);
		assert_int_equal(errors, 0);
		assert_int_equal(d.n, 0);
		bilan_diags_clear(&d);
		free(path);
	}
}

/* Replace the first occurrence of from by to in minimal. */
static char *variant(const char *from, const char *to)
{
	const char *p = strstr(minimal, from);
	if (!p)
		fail_msg("no '%s' in the minimal form", from);
	return bilan_xasprintf("%.*s%s%s", (int)(p - minimal), minimal, to, p + strlen(from));
}

static void refused_variant(const char *from, const char *to, int line, int col,
			    const char *needle)
{
	char *y = variant(from, to);
	refused(y, line, col, needle);
	free(y);
}

static void test_definition_errors(void **state)
{
	(void)state;
	refused("- a\n- b\n", 1, 1, "must be a mapping");
	refused_variant("id: mini", "id: Mini/x", 1, 5, "invalid questionnaire id");
	refused_variant("version: 1", "version: 0", 2, 10, "version must be 1 or more");
	refused_variant("version: 1", "version: un", 2, 10, "expected an integer");
	refused_variant("title: Mini\n", "", 1, 1, "missing key 'title'");
	refused_variant("  min: 1\n  max: 5", "  min: 5\n  max: 5", 8, 8, "greater than its minimum");
	refused_variant("  max: 5", "  max: 50", 8, 8, "at most 11 points");
	refused_variant("    5: Tout à fait\n", "", 10, 5, "point 5 has no label");
	refused_variant("    5: Tout", "    6: Tout", 14, 5, "not a point of the scale");
	refused_variant("  - id: b\n", "  - id: a\n", 23, 9, "duplicate dimension id 'a'");
	refused_variant("      high: Haut\n", "", 20, 7, "missing key 'high'");
	refused_variant("{id: q3, text: Trois, dimension: b",
			"{id: q3, text: Trois, dimension: z", 30, 38, "unknown dimension 'z'");
	refused_variant("{id: q4,", "{id: q3,", 31, 10, "duplicate item id 'q3'");
	refused_variant("reverse: true", "reverse: oui", 29, 49, "expected true or false");
	refused_variant("  top: 2", "  top: 3", 33, 8, "profile.top must be between 1 and the number of dimensions (2)");
	refused_variant("  - {id: q4, text: Quatre, dimension: b, reverse: false}",
			"  - {id: q4, text: Quatre, type: text, dimension: b}", 31, 51,
			"a text item is not scored");
	refused_variant("  - {id: q4, text: Quatre,", "  - {id: q4, text: Quatre, type: echelle,",
			31, 34, "unknown item type 'echelle'");
	refused_variant("  - {id: q4, text: Quatre,", "  - {id: q4, text: Quatre, skill: x,",
			31, 35, "unknown skill 'x'");
	refused_variant("profile:\n  top: 2", "profile:\n  pairs: [a, b]", 33, 10,
			"needs 'skills'");
	/* only text items */
	char *y = variant("items:\n", "items:\n  - {id: t, text: Libre, type: text}\n");
	struct bilan_questionnaire *q = load_str(y);
	assert_int_equal(q->nitems, 5);
	bilan_q_free(q);
	free(y);
	refused("id: x\nversion: 1\ntitle: T\ndescription: D\ninstructions: I\n"
		"scale: {min: 1, max: 3}\n"
		"dimensions:\n  - {id: a, label: A, interpretation: {low: l, medium: m, high: h}}\n"
		"items:\n  - {id: t, text: Libre, type: text}\n",
		10, 3, "at least one item that is rated");
	/* YAML errors come with their place */
	struct bilan_error err = BILAN_ERROR_INIT;
	assert_int_equal(bilan_q_load_buffer(&q, "t.yaml", "id: [\n", 6, &err), BILAN_EINVALID);
	assert_string_equal(err.file, "t.yaml");
	assert_true(err.line >= 1);
}

static void test_validate_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/bilan-test-q-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = bilan_xasprintf("%s/autre-nom.yaml", dir);
	char *y = variant("{id: q3, text: Trois, dimension: b", "{id: q3, text: Trois, dimension: z");
	char *y2 = bilan_xasprintf("%s%s", y, "extra: 1\n");
	assert_int_equal(bilan_fs_write_atomic(path, y2, strlen(y2), 0600, NULL), 0);
	struct bilan_diags d = BILAN_DIAGS_INIT;
	size_t errors = bilan_q_validate_file(path, &d);
	assert_int_equal(errors, 1);
	bool unknown_dim = false, file_name = false, extra = false;
	for (size_t i = 0; i < d.n; i++) {
		if (strstr(d.v[i].message, "unknown dimension 'z'")) {
			unknown_dim = true;
			assert_int_equal(d.v[i].line, 30);
			assert_int_equal(d.v[i].severity, BILAN_SEV_ERROR);
		}
		if (strstr(d.v[i].message, "'mini.yaml'"))
			file_name = d.v[i].severity == BILAN_SEV_WARNING;
		if (strstr(d.v[i].message, "extra"))
			extra = d.v[i].severity == BILAN_SEV_WARNING && d.v[i].line == 34;
	}
	assert_true(unknown_dim);
	assert_true(file_name);
	assert_true(extra);
	/* sorted by position */
	for (size_t i = 1; i < d.n; i++)
		assert_true(d.v[i - 1].line <= d.v[i].line);
	bilan_diags_clear(&d);
	char *cmd = bilan_xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(y);
	free(y2);
	free(path);
}

/* ------------------------------------------------------------------ */
/* answers                                                             */

static void expect_list_error(const struct bilan_questionnaire *q, const char *list,
			      const char *needle)
{
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	assert_int_equal(bilan_q_answers_parse_list(&a, q, list, &err), BILAN_EUSAGE);
	assert_null(a.value);
	if (!strstr(err.message, needle))
		fail_msg("'%s': got '%s', expected '%s'", list, err.message, needle);
}

static void test_answers_list(void **state)
{
	(void)state;
	struct bilan_questionnaire *q = load_str(minimal);
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	answers_from(&a, q, "5, 4,,1");
	assert_int_equal(a.value[0], 5);
	assert_int_equal(a.value[1], 4);
	assert_int_equal(a.value[2], BILAN_Q_SKIPPED);
	assert_int_equal(a.value[3], 1);
	assert_int_equal(bilan_q_answers_count(&a), 3);
	bilan_q_answers_clear(&a);
	expect_list_error(q, "5,4,3", "expected 4 answers");
	expect_list_error(q, "5,4,3,2,1", "got 5");
	expect_list_error(q, "5,4,6,1", "answer 3 (item 'q3'): 6 is outside the scale 1 to 5");
	expect_list_error(q, "5,4,0,1", "outside the scale");
	expect_list_error(q, "5,x,3,1", "answer 2 (item 'q2'): 'x' is not a number");
	expect_list_error(q, "5,4.5,3,1", "is not a number");
	expect_list_error(q, ",,,", "every item is skipped");
	bilan_q_free(q);

	/* text items are not part of --answers */
	q = builtin("appreciation");
	expect_list_error(q, "5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5", "expected 15 answers");
	answers_from(&a, q, "5,5,5,5,5,5,5,5,5,5,5,5,5,5,4");
	assert_int_equal(a.value[14], 4);
	assert_int_equal(a.value[15], BILAN_Q_SKIPPED);
	assert_null(a.text[15]);
	bilan_q_answers_clear(&a);
	bilan_q_free(q);
}

static int parse_text(struct bilan_q_answers *a, const struct bilan_questionnaire *q,
		      const char *text, struct bilan_error *err)
{
	return bilan_q_answers_parse_text(a, q, "answers.txt", text, strlen(text), err);
}

static void test_answers_file(void **state)
{
	(void)state;
	struct bilan_questionnaire *q = builtin("appreciation");
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	/* ID: VALUE, any order, texts */
	assert_int_equal(parse_text(&a, q,
				    "# mon appréciation\n"
				    "clarte1: 4\n"
				    "  impact3 : 2\n"
				    "commentaire: Très utile, merci : vraiment.\n"
				    "ameliorer:\n", &err), 0);
	assert_int_equal(a.value[bilan_q_item_index(q, "clarte1")], 4);
	assert_int_equal(a.value[bilan_q_item_index(q, "impact3")], 2);
	assert_int_equal(a.value[bilan_q_item_index(q, "clarte2")], BILAN_Q_SKIPPED);
	assert_string_equal(a.text[bilan_q_item_index(q, "commentaire")],
			    "Très utile, merci : vraiment.");
	assert_null(a.text[bilan_q_item_index(q, "ameliorer")]);
	assert_int_equal(bilan_q_answers_count(&a), 3);
	bilan_q_answers_clear(&a);

	assert_int_equal(parse_text(&a, q, "clarte1: 4\nclarte9: 2\n", &err), BILAN_EUSAGE);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 1);
	assert_non_null(strstr(err.message, "unknown item 'clarte9'"));
	assert_non_null(strstr(err.hint, "clarte1"));
	assert_int_equal(parse_text(&a, q, "clarte1: 4\nclarte1: 2\n", &err), BILAN_EUSAGE);
	assert_non_null(strstr(err.message, "answered twice"));
	assert_int_equal(parse_text(&a, q, "clarte1: 4\n  impact1: 9\n", &err), BILAN_EUSAGE);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 12);
	assert_non_null(strstr(err.message, "9 is outside the scale 1 to 5"));
	assert_int_equal(parse_text(&a, q, "clarte1: 4\n5\n", &err), BILAN_EUSAGE);
	assert_non_null(strstr(err.message, "expected 'ID: VALUE'"));
	assert_int_equal(parse_text(&a, q, "commentaire: a\x1b[31mb\n", &err), BILAN_EUSAGE);
	assert_non_null(strstr(err.message, "control characters"));
	assert_null(a.value);

	/* one per line: rated items only, or every item */
	assert_int_equal(parse_text(&a, q, "5\n4\n-\n3\n3\n3\n3\n3\n3\n3\n3\n3\n3\n3\n1\n\n\n", &err), 0);
	assert_int_equal(a.value[0], 5);
	assert_int_equal(a.value[2], BILAN_Q_SKIPPED);
	assert_int_equal(a.value[14], 1);
	bilan_q_answers_clear(&a);
	assert_int_equal(parse_text(&a, q, "5\r\n4\r\n\r\n3\n3\n3\n3\n3\n3\n3\n3\n3\n3\n3\n1\n"
				    "Plus de séances\nMerci\n", &err), 0);
	assert_int_equal(a.value[1], 4);
	assert_int_equal(a.value[2], BILAN_Q_SKIPPED);
	assert_string_equal(a.text[15], "Plus de séances");
	assert_string_equal(a.text[16], "Merci");
	bilan_q_answers_clear(&a);
	assert_int_equal(parse_text(&a, q, "5\n4\n", &err), BILAN_EUSAGE);
	assert_non_null(strstr(err.message, "expected 15 answer lines (one per rated item) or 17"));
	assert_int_equal(parse_text(&a, q, "5\n4\n3\n3\n3\n3\n3\nsept\n3\n3\n3\n3\n3\n3\n1\n", &err),
			 BILAN_EUSAGE);
	assert_int_equal(err.line, 8);
	assert_non_null(strstr(err.message, "'sept' is not a number"));
	assert_int_equal(parse_text(&a, q, "", &err), BILAN_EUSAGE);
	assert_int_equal(bilan_q_answers_parse_text(&a, q, "x", "5\n\xff\n", 4, &err), BILAN_EUSAGE);
	assert_non_null(strstr(err.message, "UTF-8"));
	bilan_q_free(q);
}

/* ------------------------------------------------------------------ */
/* scoring                                                             */

static void test_score_minimal(void **state)
{
	(void)state;
	struct bilan_questionnaire *q = load_str(minimal);
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	struct bilan_q_score s = BILAN_Q_SCORE_INIT;
	/* a: q1=4, q2=2 reversed -> 4: raw 8, n 2, 100*(8-2)/8 = 75.0
	 * b: q3=3, q4=skip: raw 3, n 1, 100*(3-1)/4 = 50.0 */
	answers_from(&a, q, "4,2,3,");
	bilan_q_score(&s, q, &a);
	assert_int_equal(s.dims[0].raw, 8);
	assert_int_equal(s.dims[0].n, 2);
	assert_int_equal(s.dims[0].tenths, 750);
	assert_int_equal(s.dims[1].raw, 3);
	assert_int_equal(s.dims[1].n, 1);
	assert_int_equal(s.dims[1].tenths, 500);
	/* b has 1 of its 2 items answered, less than three quarters: no profile */
	assert_null(s.profile);
	assert_int_equal(s.ntop, 0);
	bilan_q_score_clear(&s);
	bilan_q_answers_clear(&a);
	/* b not answered: no percent, and no profile */
	answers_from(&a, q, "1,5,,");
	bilan_q_score(&s, q, &a);
	assert_int_equal(s.dims[0].raw, 2);
	assert_int_equal(s.dims[0].tenths, 0);
	assert_false(s.dims[1].has_percent);
	assert_int_equal(s.dims[1].tenths, -1);
	assert_int_equal(s.ntop, 0);
	assert_null(s.profile);
	bilan_q_score_clear(&s);
	bilan_q_answers_clear(&a);
	/* every item answered, 75.0 against 50.0 (25 points apart): a profile */
	answers_from(&a, q, "4,2,3,3");
	bilan_q_score(&s, q, &a);
	assert_string_equal(s.profile, "ab");
	assert_int_equal(s.ntop, 2);
	bilan_q_score_clear(&s);
	bilan_q_answers_clear(&a);
	/* 75.0 against 62.5: 12.5 points apart, less than 15: little
	 * differentiated, no profile */
	answers_from(&a, q, "4,2,3,4");
	bilan_q_score(&s, q, &a);
	assert_null(s.profile);
	bilan_q_score_clear(&s);
	bilan_q_answers_clear(&a);
	bilan_q_free(q);
}

static void test_percent_and_levels(void **state)
{
	(void)state;
	/* 1..5, 4 items, raw 5: 100*1/16 = 6.25 -> 6.3 (half up) */
	assert_int_equal(bilan_q_percent_tenths(5, 4, 1, 5), 63);
	/* 1..4, 1 item: 0, 33.3, 66.7, 100 */
	assert_int_equal(bilan_q_percent_tenths(1, 1, 1, 4), 0);
	assert_int_equal(bilan_q_percent_tenths(2, 1, 1, 4), 333);
	assert_int_equal(bilan_q_percent_tenths(3, 1, 1, 4), 667);
	assert_int_equal(bilan_q_percent_tenths(4, 1, 1, 4), 1000);
	/* 1..5, 3 items, raw 10: 100*7/12 = 58.333 -> 58.3; raw 12: 75.0 */
	assert_int_equal(bilan_q_percent_tenths(10, 3, 1, 5), 583);
	assert_int_equal(bilan_q_percent_tenths(12, 3, 1, 5), 750);
	/* 0..10, 8 items, raw 13: 100*13/80 = 16.25 -> 16.3 */
	assert_int_equal(bilan_q_percent_tenths(13, 8, 0, 10), 163);
	assert_int_equal(bilan_q_percent_tenths(0, 0, 1, 5), -1);
	assert_int_equal(bilan_q_level(0), BILAN_Q_LOW);
	assert_int_equal(bilan_q_level(332), BILAN_Q_LOW);
	assert_int_equal(bilan_q_level(333), BILAN_Q_MEDIUM);
	assert_int_equal(bilan_q_level(666), BILAN_Q_MEDIUM);
	assert_int_equal(bilan_q_level(667), BILAN_Q_HIGH);
	assert_int_equal(bilan_q_level(1000), BILAN_Q_HIGH);
	assert_string_equal(bilan_q_level_name(BILAN_Q_MEDIUM), "medium");
	assert_int_equal(bilan_q_pair_flag(1000, 333), BILAN_Q_PAIR_UNWANTED);
	assert_int_equal(bilan_q_pair_flag(667, 499), BILAN_Q_PAIR_UNWANTED);
	assert_int_equal(bilan_q_pair_flag(667, 500), BILAN_Q_PAIR_NONE);
	assert_int_equal(bilan_q_pair_flag(666, 0), BILAN_Q_PAIR_NONE);
	assert_int_equal(bilan_q_pair_flag(0, 1000), BILAN_Q_PAIR_TO_GROW);
	assert_int_equal(bilan_q_pair_flag(-1, 1000), BILAN_Q_PAIR_NONE);
}

/* RIASEC in item order r,i,a,s,e,c repeated 8 times. */
static char *riasec_vector(int r, int i, int a, int s, int e, int c)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	for (int k = 0; k < 8; k++)
		bilan_buf_printf(&b, "%s%d,%d,%d,%d,%d,%d", k ? "," : "", r, i, a, s, e, c);
	return bilan_buf_detach(&b);
}

static void test_score_riasec(void **state)
{
	(void)state;
	struct bilan_questionnaire *q = builtin("riasec");
	/* the items alternate R I A S E C: check it, the vector relies on it */
	static const char order[] = "RIASEC";
	for (size_t i = 0; i < q->nitems; i++) {
		char want[2] = { order[i % 6], 0 };
		assert_string_equal(q->dims[q->items[i].dim].id, want);
	}
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	struct bilan_q_score s = BILAN_Q_SCORE_INIT;
	/* R 5 -> 100, I 4 -> 75, A 3 -> 50, S 5 -> 100, E 1 -> 0, C 2 -> 25:
	 * R and S tie at 100: R first (order of dimensions), then I */
	char *v = riasec_vector(5, 4, 3, 5, 1, 2);
	answers_from(&a, q, v);
	bilan_q_score(&s, q, &a);
	assert_int_equal(dim(q, &s, "R")->raw, 40);
	assert_int_equal(dim(q, &s, "R")->tenths, 1000);
	assert_int_equal(dim(q, &s, "I")->raw, 32);
	assert_int_equal(dim(q, &s, "I")->tenths, 750);
	assert_int_equal(dim(q, &s, "A")->tenths, 500);
	assert_int_equal(dim(q, &s, "E")->raw, 8);
	assert_int_equal(dim(q, &s, "E")->tenths, 0);
	assert_int_equal(dim(q, &s, "C")->tenths, 250);
	assert_string_equal(s.profile, "RSI");
	bilan_q_score_clear(&s);
	bilan_q_answers_clear(&a);
	free(v);
	/* S A I: S 5, A 4, I 4 except one I item at 3 -> I 31/8 < A */
	v = riasec_vector(2, 4, 4, 5, 3, 1);
	v[2] = '3';   /* the first I item */
	answers_from(&a, q, v);
	bilan_q_score(&s, q, &a);
	assert_int_equal(dim(q, &s, "I")->raw, 31);
	/* 100*(31-8)/32 = 71.875 -> 71.9 */
	assert_int_equal(dim(q, &s, "I")->tenths, 719);
	assert_string_equal(s.profile, "SAI");
	assert_int_equal(s.ntop, 3);
	bilan_q_score_clear(&s);
	bilan_q_answers_clear(&a);
	free(v);
	bilan_q_free(q);
}

static void test_score_big_five_reverse(void **state)
{
	(void)state;
	struct bilan_questionnaire *q = builtin("big-five");
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	struct bilan_q_score s = BILAN_Q_SCORE_INIT;
	/* everything 5: 4 direct items score 5, 4 reversed score 1 per domain:
	 * raw 24, n 8, 100*(24-8)/32 = 50.0 */
	struct bilan_buf b = BILAN_BUF_INIT;
	for (size_t i = 0; i < q->nitems; i++)
		bilan_buf_printf(&b, "%s5", i ? "," : "");
	answers_from(&a, q, b.ptr);
	bilan_q_score(&s, q, &a);
	for (size_t d = 0; d < q->ndims; d++) {
		assert_int_equal(s.dims[d].raw, 24);
		assert_int_equal(s.dims[d].tenths, 500);
	}
	assert_null(s.profile);
	bilan_q_score_clear(&s);
	bilan_q_answers_clear(&a);
	/* the "high" answer on every item (5 direct, 1 reversed): 100 % */
	bilan_buf_reset(&b);
	for (size_t i = 0; i < q->nitems; i++)
		bilan_buf_printf(&b, "%s%d", i ? "," : "", q->items[i].reverse ? 1 : 5);
	answers_from(&a, q, b.ptr);
	bilan_q_score(&s, q, &a);
	for (size_t d = 0; d < q->ndims; d++)
		assert_int_equal(s.dims[d].tenths, 1000);
	assert_int_equal(bilan_q_item_score(q, 0, 2), q->items[0].reverse ? 4 : 2);
	bilan_q_score_clear(&s);
	bilan_q_answers_clear(&a);
	bilan_buf_clear(&b);
	bilan_q_free(q);
}

static void test_score_skills(void **state)
{
	(void)state;
	struct bilan_questionnaire *q = builtin("competences");
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	struct bilan_q_score s = BILAN_Q_SCORE_INIT;
	bilan_q_answers_init(&a, q);
	/* management: mastered (4, 4) but no wish (1); communication: 2, 3 and wish 4 */
	struct bilan_error err = BILAN_ERROR_INIT;
	assert_int_equal(bilan_q_answer_set(&a, q, bilan_q_item_index(q, "management-m1"), 4, &err), 0);
	assert_int_equal(bilan_q_answer_set(&a, q, bilan_q_item_index(q, "management-m2"), 4, &err), 0);
	assert_int_equal(bilan_q_answer_set(&a, q, bilan_q_item_index(q, "management-e"), 1, &err), 0);
	assert_int_equal(bilan_q_answer_set(&a, q, bilan_q_item_index(q, "communication-m1"), 2, &err), 0);
	assert_int_equal(bilan_q_answer_set(&a, q, bilan_q_item_index(q, "communication-m2"), 3, &err), 0);
	assert_int_equal(bilan_q_answer_set(&a, q, bilan_q_item_index(q, "communication-e"), 4, &err), 0);
	assert_int_equal(bilan_q_answer_set(&a, q, 0, 5, &err), BILAN_EUSAGE);
	assert_non_null(strstr(err.message, "outside the scale 1 to 4"));
	bilan_q_score(&s, q, &a);
	size_t m = bilan_q_dim_index(q, "maitrise"), e = bilan_q_dim_index(q, "envie");
	size_t mg = bilan_q_skill_index(q, "management"), co = bilan_q_skill_index(q, "communication");
	const struct bilan_q_dim_score *x = &s.skills[mg * q->ndims + m];
	assert_int_equal(x->raw, 8);
	assert_int_equal(x->n, 2);
	assert_int_equal(x->tenths, 1000);
	x = &s.skills[mg * q->ndims + e];
	assert_int_equal(x->tenths, 0);
	assert_int_equal(bilan_q_pair_flag(s.skills[mg * q->ndims + m].tenths, x->tenths),
			 BILAN_Q_PAIR_UNWANTED);
	/* communication mastery: raw 5 over 2 items on 1..4: 100*3/6 = 50.0 */
	assert_int_equal(s.skills[co * q->ndims + m].tenths, 500);
	assert_int_equal(s.skills[co * q->ndims + e].tenths, 1000);
	assert_int_equal(bilan_q_pair_flag(500, 1000), BILAN_Q_PAIR_NONE);
	/* dimensions over all: maitrise raw 13 over 4 = 100*9/12 = 75.0; envie 5/2: 50.0 */
	assert_int_equal(s.dims[m].raw, 13);
	assert_int_equal(s.dims[m].tenths, 750);
	assert_int_equal(s.dims[e].tenths, 500);
	/* a skill without answers has no percent */
	assert_false(s.skills[bilan_q_skill_index(q, "analyse") * q->ndims + m].has_percent);
	bilan_q_score_clear(&s);
	bilan_q_answers_clear(&a);
	bilan_q_free(q);
}

/* Profiles compare exact percents: 65.66 % (listed first) and 65.74 %
 * both round to 65.7 %, the second is higher. */
static void test_profile_exact(void **state)
{
	(void)state;
	struct bilan_buf y = BILAN_BUF_INIT;
	bilan_buf_puts(&y, "id: exact\nversion: 2\ntitle: T\ndescription: D\ninstructions: I\n"
		       "scale: {min: 1, max: 10}\n"
		       "dimensions:\n"
		       "  - {id: A, label: A, interpretation: {low: l, medium: m, high: h}}\n"
		       "  - {id: B, label: B, interpretation: {low: l, medium: m, high: h}}\n"
		       "  - {id: C, label: C, interpretation: {low: l, medium: m, high: h}}\n"
		       "items:\n");
	for (int i = 0; i < 11; i++)
		bilan_buf_printf(&y, "  - {id: a%d, text: t, dimension: A}\n", i);
	for (int i = 0; i < 12; i++)
		bilan_buf_printf(&y, "  - {id: b%d, text: t, dimension: B}\n", i);
	bilan_buf_puts(&y, "  - {id: c0, text: t, dimension: C}\nprofile: {top: 1}\n");
	struct bilan_questionnaire *q = load_str(y.ptr);
	/* A: 11 items, raw - 11 = 65 -> raw 76; B: 12 items, raw - 12 = 71 -> raw 83 */
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	bilan_q_answers_init(&a, q);
	int araw[11] = { 10, 10, 10, 10, 10, 10, 5, 4, 3, 2, 2 };
	int braw[12] = { 10, 10, 10, 10, 10, 10, 10, 4, 3, 3, 2, 1 };
	for (int i = 0; i < 11; i++)
		a.value[i] = araw[i];
	for (int i = 0; i < 12; i++)
		a.value[11 + i] = braw[i];
	struct bilan_q_score s = BILAN_Q_SCORE_INIT;
	bilan_q_score(&s, q, &a);
	assert_int_equal(s.dims[0].raw, 76);
	assert_int_equal(s.dims[1].raw, 83);
	assert_int_equal(s.dims[0].tenths, 657);
	assert_int_equal(s.dims[1].tenths, 657);
	assert_false(s.dims[2].has_percent);
	/* C has no answer: no profile at all */
	assert_null(s.profile);
	bilan_q_score_clear(&s);
	a.value[23] = 1;   /* C: 0.0, 65.7 points below */
	bilan_q_score(&s, q, &a);
	assert_string_equal(s.profile, "B");
	bilan_q_score_clear(&s);
	/* an exact tie is recorded in the order of dimensions (and said when shown) */
	for (int i = 0; i < 23; i++)
		a.value[i] = 7;
	bilan_q_score(&s, q, &a);
	assert_string_equal(s.profile, "A");
	bilan_q_score_clear(&s);
	bilan_q_answers_clear(&a);
	bilan_q_free(q);
	bilan_buf_clear(&y);
}

/* A dimension with its own labels: envie is rated as a wish. */
static void test_dimension_labels(void **state)
{
	(void)state;
	struct bilan_questionnaire *q = builtin("competences");
	size_t e = bilan_q_item_index(q, "communication-e2"), m = bilan_q_item_index(q, "communication-m1");
	assert_true(e != BILAN_Q_NONE && m != BILAN_Q_NONE);
	assert_string_equal(bilan_q_item_label(q, e, 4), "Très envie");
	assert_string_equal(bilan_q_item_label(q, e, 1), "Pas du tout envie");
	assert_string_equal(bilan_q_item_label(q, m, 4), "Très bien");
	assert_null(bilan_q_item_label(q, e, 5));
	/* as many envie items as maîtrise items, per skill */
	for (size_t k = 0; k < q->nskills; k++) {
		int n[2] = { 0, 0 };
		for (size_t i = 0; i < q->nitems; i++)
			if (q->items[i].skill == k)
				n[strcmp(q->dims[q->items[i].dim].id, "envie") == 0]++;
		assert_int_equal(n[0], n[1]);
	}
	bilan_q_free(q);
	/* a wrong count of labels is refused */
	refused("id: x\nversion: 1\ntitle: T\ndescription: D\ninstructions: I\n"
		"scale: {min: 1, max: 3}\n"
		"dimensions:\n  - {id: a, label: A, labels: [x, y], interpretation: {low: l, medium: m, high: h}}\n"
		"items:\n  - {id: i, text: t, dimension: a}\n", 8, 0, "but 2 labels");
}

/* A forced choice: valeurs ends with a rank item (five of ten, in order). */
static void test_rank_item(void **state)
{
	(void)state;
	struct bilan_questionnaire *q = builtin("valeurs");
	size_t c = bilan_q_item_index(q, "choix");
	assert_true(c != BILAN_Q_NONE);
	assert_int_equal(q->items[c].type, BILAN_Q_ITEM_TEXT);
	assert_int_equal(q->items[c].rank, 5);
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	bilan_q_answers_init(&a, q);
	/* numbers, ids and labels (any case, accents or not) */
	assert_int_equal(bilan_q_answer_set_text(&a, q, c, "5, autonomie, EQUILIBRE vie professionnelle / vie personnelle, Rémunération,9", &err), 0);
	assert_string_equal(a.text[c], "sens, autonomie, equilibre, remuneration, apprentissage");
	size_t idx[10];
	assert_int_equal(bilan_q_rank_parse(idx, 10, q, a.text[c]), 5);
	assert_string_equal(q->dims[idx[0]].id, "sens");
	/* four, six, a repeat, an unknown value: refused, the answer kept */
	const char *bad[] = { "1, 2, 3, 4", "1, 2, 3, 4, 5, 6", "1, 1, 2, 3, 4", "1, 2, 3, 4, 11",
			      "1, 2, 3, 4, salaire" };
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		assert_int_equal(bilan_q_answer_set_text(&a, q, c, bad[k], &err), BILAN_EUSAGE);
		assert_non_null(strstr(err.message, "choose 5 different values"));
	}
	assert_string_equal(a.text[c], "sens, autonomie, equilibre, remuneration, apprentissage");
	/* never scored; not part of --answers */
	assert_int_equal(q->nscale, 40);
	bilan_q_answers_clear(&a);
	bilan_q_free(q);
	/* a rank item choosing more dimensions than there are is refused */
	refused("id: x\nversion: 1\ntitle: T\ndescription: D\ninstructions: I\n"
		"scale: {min: 1, max: 3}\n"
		"dimensions:\n  - {id: a, label: A, interpretation: {low: l, medium: m, high: h}}\n"
		"items:\n  - {id: i, text: t, dimension: a}\n  - {id: r, text: t, type: rank, count: 2}\n",
		11, 41, "chooses 1 to 1 dimensions");
}

/* A result of RIASEC built by hand: raw/n per dimension (scale 1..5). */
static void fake_riasec(struct bilan_q_result *r, struct bilan_q_result_dim *d,
			const int raw[6], const int n[6], const struct bilan_questionnaire *q)
{
	static char ids[6][2] = { "R", "I", "A", "S", "E", "C" };
	static char qid[] = "riasec";
	memset(r, 0, sizeof(*r));
	r->min = 1;
	r->max = 5;
	r->questionnaire = qid;
	r->version = q->version;   /* taken with this definition */
	memcpy(r->sha256, q->sha256, sizeof(r->sha256));
	for (int i = 0; i < 6; i++) {
		memset(&d[i], 0, sizeof(d[i]));
		d[i].id = ids[i];
		d[i].raw = raw[i];
		d[i].n = n[i];
		d[i].has_percent = n[i] > 0;
		d[i].tenths = bilan_q_percent_tenths(raw[i], n[i], 1, 5);
	}
	r->dims = d;
	r->ndims = 6;
}

/* The reading rules of bilan-test(1): coverage, flat, ties, close. */
static void test_reading(void **state)
{
	(void)state;
	struct bilan_questionnaire *q = builtin("riasec");
	struct bilan_q_result r;
	struct bilan_q_result_dim d[6];
	struct bilan_q_reading rd = BILAN_Q_READING_INIT;
	assert_int_equal(bilan_q_needed(8), 6);
	assert_int_equal(bilan_q_needed(4), 3);
	assert_int_equal(bilan_q_needed(2), 2);
	assert_int_equal(bilan_q_needed(1), 1);
	assert_int_equal(bilan_q_mean_tenths(33, 8), 41);   /* 4.125 -> 4.1 */
	assert_int_equal(bilan_q_mean_tenths(-1, 8), -1);

	/* one item answered "pas du tout": no profile, R unread */
	int raw1[6] = { 1, 0, 0, 0, 0, 0 }, n1[6] = { 1, 0, 0, 0, 0, 0 };
	fake_riasec(&r, d, raw1, n1, q);
	bilan_q_read(&rd, &r, q);
	assert_int_equal(rd.state, BILAN_Q_PROF_INCOMPLETE);
	assert_false(rd.dims[0].read);
	assert_int_equal(rd.dims[0].items, 8);
	assert_int_equal(rd.dims[0].need, 6);
	assert_int_equal(rd.unread, 6);
	assert_null(rd.code);
	bilan_q_reading_clear(&rd);

	/* every answer 3: flat */
	int raw2[6] = { 24, 24, 24, 24, 24, 24 }, n2[6] = { 8, 8, 8, 8, 8, 8 };
	fake_riasec(&r, d, raw2, n2, q);
	bilan_q_read(&rd, &r, q);
	assert_int_equal(rd.state, BILAN_Q_PROF_FLAT);
	assert_int_equal(rd.spread_tenths, 0);
	assert_null(rd.code);
	assert_true(rd.tie_next[0]);
	bilan_q_reading_clear(&rd);

	/* six of eight answered everywhere is enough: S 4.5, I 4.0, C 3.5, then 2.0 */
	int raw3[6] = { 12, 24, 12, 27, 12, 21 }, n3[6] = { 6, 6, 6, 6, 6, 6 };
	fake_riasec(&r, d, raw3, n3, q);
	bilan_q_read(&rd, &r, q);
	assert_int_equal(rd.state, BILAN_Q_PROF_CLEAR);
	assert_string_equal(rd.code, "SIC");
	assert_false(rd.code_ambiguous);
	assert_int_equal(rd.dims[3].mean_tenths, 45);
	/* R, A, E tie at the bottom, in the questionnaire's order */
	assert_int_equal(rd.order[3], 0);
	assert_int_equal(rd.order[4], 2);
	assert_int_equal(rd.order[5], 4);
	assert_true(rd.tie_next[3] && rd.tie_next[4]);
	bilan_q_reading_clear(&rd);

	/* five of eight: C unread, no profile */
	n3[5] = 5;
	raw3[5] = 17;
	fake_riasec(&r, d, raw3, n3, q);
	bilan_q_read(&rd, &r, q);
	assert_int_equal(rd.state, BILAN_Q_PROF_INCOMPLETE);
	assert_int_equal(rd.unread, 1);
	bilan_q_reading_clear(&rd);

	/* a tie across the last place: S 4.5, I 4.0, A = C 3.5: said ambiguous;
	 * I 4.0 against S 4.5 is 12.5 points: not close; A and C tie */
	int raw4[6] = { 8, 32, 28, 36, 8, 28 }, n4[6] = { 8, 8, 8, 8, 8, 8 };
	fake_riasec(&r, d, raw4, n4, q);
	bilan_q_read(&rd, &r, q);
	assert_int_equal(rd.state, BILAN_Q_PROF_CLEAR);
	assert_string_equal(rd.code, "SIA");
	assert_true(rd.code_ambiguous);
	assert_false(rd.close_next[0]);
	bilan_q_reading_clear(&rd);

	/* without the definition: no profile (coverage unknown) */
	bilan_q_read(&rd, &r, NULL);
	assert_int_equal(rd.state, BILAN_Q_PROF_NONE);
	bilan_q_reading_clear(&rd);
	r.ntop = 3;
	bilan_q_read(&rd, &r, NULL);
	assert_int_equal(rd.state, BILAN_Q_PROF_NODEF);
	assert_null(rd.code);
	bilan_q_reading_clear(&rd);
	bilan_q_free(q);
}

/* bilan metier ecart builds its definition in memory. */
static void test_from_tree(void **state)
{
	(void)state;
	struct bilan_node *root = bilan_node_map();
	bilan_map_set_str(root, "id", "ecart-m1805");
	bilan_map_set_int(root, "version", 1);
	bilan_map_set_str(root, "title", "Écart de compétences : M1805");
	bilan_map_set_str(root, "description", "Les compétences de la fiche");
	bilan_map_set_str(root, "instructions", "Pour chaque compétence…");
	struct bilan_node *scale = bilan_node_map();
	bilan_map_set_int(scale, "min", 1);
	bilan_map_set_int(scale, "max", 3);
	struct bilan_node *labels = bilan_node_seq();
	bilan_seq_append(labels, bilan_node_str("pas encore"));
	bilan_seq_append(labels, bilan_node_str("en partie"));
	bilan_seq_append(labels, bilan_node_str("je maîtrise"));
	bilan_map_set(scale, "labels", labels);
	bilan_map_set(root, "scale", scale);
	struct bilan_node *dims = bilan_node_seq();
	struct bilan_node *d = bilan_node_map();
	bilan_map_set_str(d, "id", "maitrise");
	bilan_map_set_str(d, "label", "Maîtrise");
	struct bilan_node *in = bilan_node_map();
	bilan_map_set_str(in, "low", "à acquérir");
	bilan_map_set_str(in, "medium", "en partie");
	bilan_map_set_str(in, "high", "acquis");
	bilan_map_set(d, "interpretation", in);
	bilan_seq_append(dims, d);
	bilan_map_set(root, "dimensions", dims);
	struct bilan_node *skills = bilan_node_seq(), *items = bilan_node_seq();
	static const char *const codes[] = { "100001", "100002", "100003" };
	for (int i = 0; i < 3; i++) {
		struct bilan_node *s = bilan_node_map();
		bilan_map_set_str(s, "id", codes[i]);
		bilan_map_set_str(s, "label", "Une compétence");
		bilan_seq_append(skills, s);
		struct bilan_node *it = bilan_node_map();
		bilan_map_set_str(it, "id", codes[i]);
		bilan_map_set_str(it, "text", "Je sais faire ceci");
		bilan_map_set_str(it, "skill", codes[i]);
		bilan_map_set_str(it, "dimension", "maitrise");
		bilan_seq_append(items, it);
	}
	bilan_map_set(root, "skills", skills);
	bilan_map_set(root, "items", items);
	struct bilan_questionnaire *q = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_q_from_tree(&q, "ecart", root, &err) < 0)
		fail_msg("from tree: %s", err.message);
	assert_int_equal(q->origin, BILAN_Q_MEMORY);
	assert_int_equal(q->nskills, 3);
	char sha[BILAN_SHA256_HEX];
	memcpy(sha, q->sha256, sizeof(sha));
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	answers_from(&a, q, "3,2,1");
	struct bilan_q_score s = BILAN_Q_SCORE_INIT;
	bilan_q_score(&s, q, &a);
	assert_int_equal(s.skills[0].tenths, 1000);
	assert_int_equal(s.skills[1].tenths, 500);
	assert_int_equal(s.skills[2].tenths, 0);
	assert_int_equal(s.dims[0].tenths, 500);
	bilan_q_score_clear(&s);
	bilan_q_answers_clear(&a);
	bilan_q_free(q);
	/* same tree, same checksum; a broken tree is refused without position */
	assert_int_equal(bilan_q_from_tree(&q, "ecart", root, &err), 0);
	assert_string_equal(q->sha256, sha);
	bilan_q_free(q);
	bilan_map_set_str(root, "id", "ecart M1805");
	assert_int_equal(bilan_q_from_tree(&q, "ecart", root, &err), BILAN_EINVALID);
	assert_string_equal(err.file, "ecart");
	assert_int_equal(err.line, 0);
	bilan_node_free(root);
}

/* ------------------------------------------------------------------ */
/* results, history, partial answers (in a real workspace)             */

struct fx {
	char dir[64];
	struct bilan_ws *ws;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	strcpy(f->dir, "/tmp/bilan-test-q-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	char *ws = bilan_xasprintf("%s/ws", f->dir);
	struct bilan_init_opts o = BILAN_INIT_OPTS_INIT;
	o.name = "Camille Martin";
	o.consultant = "Sophie Durand";
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_ws_init(ws, &o, &err) < 0)
		fail_msg("init: %s", err.message);
	snprintf(f->dir, sizeof(f->dir), "%s", ws);
	free(ws);
	if (bilan_ws_open(&f->ws, f->dir, &err) < 0)
		fail_msg("open: %s", err.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	bilan_ws_free(f->ws);
	char *parent = bilan_xstrndup(f->dir, (size_t)(strrchr(f->dir, '/') - f->dir));
	char *cmd = bilan_xasprintf("rm -rf '%s'", parent);
	if (system(cmd) != 0)
		fail_msg("cannot remove %s", parent);
	free(cmd);
	free(parent);
	free(f);
	return 0;
}

static char *take(struct fx *f, const struct bilan_questionnaire *q, const char *list,
		  const char *when)
{
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	answers_from(&a, q, list);
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_time t;
	assert_true(bilan_time_parse_iso(&t, when));
	char *rel = NULL;
	if (bilan_ws_begin(f->ws, "test run", &err) < 0 ||
	    bilan_q_result_write(&rel, f->ws, q, &a, &t, &err) < 0 ||
	    bilan_ws_commit(f->ws, "test: take a questionnaire", NULL, &err) < 0)
		fail_msg("take: %s", err.message);
	bilan_q_answers_clear(&a);
	return rel;
}

static void test_results(void **state)
{
	struct fx *f = *state;
	struct bilan_questionnaire *q = builtin("riasec");
	char *v1 = riasec_vector(2, 4, 4, 5, 3, 1);
	v1[2] = '3';   /* the first I item: I 71.9 < A 75 */
	char *v2 = riasec_vector(5, 4, 3, 5, 1, 2);
	char *r1 = take(f, q, v1, "2026-11-03T10:00:00+01:00");
	char *r2 = take(f, q, v2, "2026-12-01T18:30:00+01:00");
	assert_int_equal(strncmp(r1, "tests/riasec/20261103T090000Z-", 30), 0);
	struct stat st;
	char *abs = bilan_ws_path(f->ws, r1);
	assert_int_equal(stat(abs, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(abs);

	struct bilan_q_results l = BILAN_Q_RESULTS_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_q_results_load(&l, f->dir, "riasec", &err) < 0)
		fail_msg("load: %s:%d:%d: %s", err.file, err.line, err.col, err.message);
	assert_int_equal(l.n, 2);
	const struct bilan_q_result *r = l.v[0];
	assert_string_equal(r->rel, r1);
	assert_string_equal(r->questionnaire, "riasec");
	assert_int_equal(r->version, q->version);
	assert_string_equal(r->sha256, q->sha256);
	assert_false(bilan_q_result_outdated(r, q));
	assert_string_equal(r->profile, "SAI");
	assert_int_equal(r->ntop, 3);
	assert_string_equal(r->top[0], "S");
	assert_int_equal(r->ndims, 6);
	assert_string_equal(r->dims[0].label, "Réaliste");
	assert_int_equal(r->dims[0].raw, 16);
	assert_int_equal(r->dims[0].tenths, 250);
	assert_int_equal(r->nanswers, 48);
	int v = 0;
	assert_int_equal(bilan_q_result_answer(r, "s03", &v, NULL), 1);
	assert_int_equal(v, 5);
	assert_int_equal(bilan_q_result_answer(r, "zz", &v, NULL), 0);
	assert_int_equal(bilan_q_result_dim(r, "C")->tenths, 0);
	assert_string_equal(l.v[1]->profile, "RSI");
	assert_int_equal(l.v[1]->date.offset, 3600);
	bilan_q_results_clear(&l);

	struct bilan_q_result *latest = NULL;
	assert_int_equal(bilan_q_result_latest(&latest, f->dir, "riasec", &err), 0);
	assert_string_equal(latest->rel, r2);
	bilan_q_result_free(latest);
	assert_int_equal(bilan_q_result_latest(&latest, f->dir, "valeurs", &err), BILAN_ENOTFOUND);
	assert_non_null(strstr(err.hint, "bilan test run valeurs"));
	assert_int_equal(bilan_q_result_latest(&latest, f->dir, "../x", &err), BILAN_EUSAGE);

	struct bilan_strlist ids = BILAN_STRLIST_INIT;
	assert_int_equal(bilan_q_results_ids(&ids, f->dir, &err), 0);
	assert_int_equal(ids.n, 1);
	assert_string_equal(ids.v[0], "riasec");
	bilan_strlist_clear(&ids);

	bool taken = true;
	struct bilan_time since;
	assert_true(bilan_time_parse_iso(&since, "2026-12-01"));
	assert_int_equal(bilan_q_taken_since(&taken, f->dir, "riasec", &since, &err), 0);
	assert_true(taken);
	assert_true(bilan_time_parse_iso(&since, "2026-12-02"));
	assert_int_equal(bilan_q_taken_since(&taken, f->dir, "riasec", &since, &err), 0);
	assert_false(taken);
	assert_int_equal(bilan_q_taken_since(&taken, f->dir, "appreciation", &since, &err), 0);
	assert_false(taken);

	/* a changed definition: the result is marked as taken with version 1 */
	struct bilan_q_result *one = NULL;
	assert_int_equal(bilan_q_result_load(&one, f->dir, r1, &err), 0);
	q->version++;
	assert_true(bilan_q_result_outdated(one, q));
	q->version--;
	q->sha256[0] = q->sha256[0] == 'a' ? 'b' : 'a';
	assert_true(bilan_q_result_outdated(one, q));
	bilan_q_result_free(one);

	free(v1);
	free(v2);
	free(r1);
	free(r2);
	bilan_q_free(q);
}

/* Replace `from` by `to` in a result file (a hand edit). */
static void edit(struct fx *f, const char *rel, const char *from, const char *to)
{
	char *abs = bilan_ws_path(f->ws, rel);
	struct bilan_buf b = BILAN_BUF_INIT;
	assert_int_equal(bilan_fs_read(&b, abs, 1 << 20, NULL), 0);
	const char *text = bilan_buf_cstr(&b);
	const char *p = strstr(text, from);
	if (!p) {
		fputs(text, stderr);
		fputs("\nthe text above lacks: ", stderr);
		fputs(from, stderr);
		fail();
	}
	char *n = bilan_xasprintf("%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
	assert_int_equal(bilan_fs_write_atomic(abs, n, strlen(n), 0600, NULL), 0);
	free(n);
	bilan_buf_clear(&b);
	free(abs);
}

static void expect_broken(struct fx *f, const char *rel, const char *needle)
{
	struct bilan_q_result *r = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	assert_int_equal(bilan_q_result_load(&r, f->dir, rel, &err), BILAN_EINVALID);
	assert_null(r);
	assert_true(err.line > 0);
	if (!strstr(err.message, needle))
		fail_msg("got '%s', expected '%s'", err.message, needle);
}

static void test_results_nonsense(void **state)
{
	struct fx *f = *state;
	struct bilan_questionnaire *q = load_str(minimal);
	char *rel = take(f, q, "4,2,3,3", "2026-11-03T10:00:00+01:00");
	char *abs = bilan_ws_path(f->ws, rel);
	struct bilan_buf orig = BILAN_BUF_INIT;
	assert_int_equal(bilan_fs_read(&orig, abs, 1 << 20, NULL), 0);
	/* what the file holds */
	assert_non_null(strstr(orig.ptr, "questionnaire: mini\n"));
	assert_non_null(strstr(orig.ptr, "answers:\n  q1: 4\n  q2: 2\n  q3: 3\n  q4: 3\n"));
	assert_non_null(strstr(orig.ptr, "- id: a\n  label: Alpha\n  raw: 8\n  \"n\": 2\n  percent: 75.0\n"));
	assert_non_null(strstr(orig.ptr, "profile: ab\ntop:\n- a\n- b\n"));
	struct {
		const char *from, *to, *needle;
	} cases[] = {
		{ "percent: 75.0", "percent: 74.0", "does not match raw 8 over 2 items (75.0)" },
		{ "percent: 75.0", "percent: 250", "maximum" },
		{ "percent: 75.0", "percent: soixante", "expected a number" },
		{ "raw: 8", "raw: 12", "raw score 12 impossible" },
		{ "q1: 4", "q1: 9", "9 is outside the scale" },
		{ "questionnaire: mini", "questionnaire: riasec", "filed under 'tests/mini/'" },
		{ "version: 1", "version: -1", "minimum" },
		{ "top:\n- a", "top:\n- z", "'top' must list" },
		{ "\"n\": 2", "\"n\": 0", "has a raw score of 0" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(bilan_fs_write_atomic(abs, orig.ptr, orig.len, 0600, NULL), 0);
		edit(f, rel, cases[i].from, cases[i].to);
		expect_broken(f, rel, cases[i].needle);
	}
	/* the history stops at the broken file */
	struct bilan_q_results l = BILAN_Q_RESULTS_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	assert_int_equal(bilan_q_results_load(&l, f->dir, "mini", &err), BILAN_EINVALID);
	assert_int_equal(l.n, 0);
	assert_int_equal(bilan_fs_write_atomic(abs, orig.ptr, orig.len, 0600, NULL), 0);
	assert_int_equal(bilan_q_results_load(&l, f->dir, "mini", &err), 0);
	assert_int_equal(l.n, 1);
	bilan_q_results_clear(&l);

	/* nothing answered on the scale: nothing written */
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	bilan_q_answers_init(&a, q);
	struct bilan_time t = { 1796724000, 3600, true };   /* 2026-12-08 11:00 +01:00 */
	assert_int_equal(bilan_ws_begin(f->ws, "test run", &err), 0);
	assert_int_equal(bilan_q_result_write(NULL, f->ws, q, &a, &t, &err), BILAN_EUSAGE);
	bilan_ws_rollback(f->ws);
	bilan_q_answers_clear(&a);
	struct bilan_strlist files = BILAN_STRLIST_INIT;
	assert_int_equal(bilan_q_results_files(&files, f->dir, "mini", &err), 0);
	assert_int_equal(files.n, 1);
	bilan_strlist_clear(&files);

	bilan_buf_clear(&orig);
	free(abs);
	free(rel);
	bilan_q_free(q);
}

/* Results taken in the same second keep the order in which they were taken. */
static void test_same_second_order(void **state)
{
	struct fx *f = *state;
	struct bilan_questionnaire *q = load_str(minimal);
	static const char *const lists[] = { "1,1,1,1", "2,2,2,2", "3,3,3,3", "4,4,4,4",
					     "5,5,5,5", "1,2,3,4", "4,3,2,1", "5,1,5,1" };
	for (size_t i = 0; i < 8; i++)
		free(take(f, q, lists[i], "2026-11-03T10:00:00+01:00"));
	struct bilan_q_results l = BILAN_Q_RESULTS_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	assert_int_equal(bilan_q_results_load(&l, f->dir, "mini", &err), 0);
	assert_int_equal(l.n, 8);
	for (size_t i = 0; i < 8; i++) {
		int v = 0;
		assert_int_equal(bilan_q_result_answer(l.v[i], "q1", &v, NULL), 1);
		assert_int_equal(v, lists[i][0] - '0');
		char want[32];
		snprintf(want, sizeof(want), "20261103T0900%02zuZ-", i);
		assert_int_equal(strncmp(l.v[i]->rid, want, 17), 0);
		char iso[BILAN_TIME_ISO_MAX];
		bilan_time_format_iso(iso, &l.v[i]->date);
		assert_string_equal(iso, "2026-11-03T10:00:00+01:00");
	}
	bilan_q_results_clear(&l);
	bilan_q_free(q);
}

static void test_text_answers_result(void **state)
{
	struct fx *f = *state;
	struct bilan_questionnaire *q = builtin("appreciation");
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	const char *text = "clarte1: 5\ncommentaire: 5\nameliorer: Plus de temps: vraiment\n";
	assert_int_equal(bilan_q_answers_parse_text(&a, q, "x", text, strlen(text), &err), 0);
	struct bilan_time t = { 1796724000, 3600, true };   /* 2026-12-08 11:00 +01:00 */
	char *rel = NULL;
	assert_int_equal(bilan_ws_begin(f->ws, "test run", &err), 0);
	assert_int_equal(bilan_q_result_write(&rel, f->ws, q, &a, &t, &err), 0);
	assert_int_equal(bilan_ws_commit(f->ws, "test: take appreciation", NULL, &err), 0);
	struct bilan_q_result *r = NULL;
	if (bilan_q_result_load(&r, f->dir, rel, &err) < 0)
		fail_msg("%s:%d: %s", err.file, err.line, err.message);
	const char *s = NULL;
	int v = 0;
	/* a text that looks like a number stays a text */
	assert_int_equal(bilan_q_result_answer(r, "commentaire", &v, &s), 1);
	assert_string_equal(s, "5");
	assert_int_equal(bilan_q_result_answer(r, "ameliorer", &v, &s), 1);
	assert_string_equal(s, "Plus de temps: vraiment");
	assert_int_equal(bilan_q_result_answer(r, "clarte1", &v, &s), 1);
	assert_int_equal(v, 5);
	assert_int_equal(bilan_q_result_dim(r, "clarte")->n, 1);
	assert_false(bilan_q_result_dim(r, "impact")->has_percent);
	bilan_q_result_free(r);
	free(rel);
	bilan_q_answers_clear(&a);
	bilan_q_free(q);
}

static void test_partial(void **state)
{
	struct fx *f = *state;
	struct bilan_questionnaire *q = builtin("appreciation");
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT, b = BILAN_Q_ANSWERS_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	bilan_q_answers_init(&a, q);
	a.value[0] = 4;
	a.value[1] = 2;
	assert_int_equal(bilan_q_answer_set_text(&a, q, 16, "Très bien", &err), 0);
	assert_int_equal(bilan_q_partial_load(&b, NULL, NULL, f->ws->gitdir, q, &err), BILAN_ENOTFOUND);
	assert_int_equal(bilan_q_partial_save(f->ws->gitdir, q, &a, 3, &err), 0);
	char *path = bilan_xasprintf("%s/bilan/partial/appreciation.yaml", f->ws->gitdir);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char *dir = bilan_xasprintf("%s/bilan/partial", f->ws->gitdir);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	struct bilan_q_partial info;
	bool same = false;
	assert_int_equal(bilan_q_partial_load(&b, &info, &same, f->ws->gitdir, q, &err), 0);
	assert_true(same);
	assert_int_equal(info.position, 3);
	assert_int_equal(info.answered, 3);
	assert_int_equal(info.total, 17);
	assert_int_equal(b.value[0], 4);
	assert_int_equal(b.value[1], 2);
	assert_int_equal(b.value[2], BILAN_Q_SKIPPED);
	assert_string_equal(b.text[16], "Très bien");
	bilan_q_partial_clear(&info);
	bilan_q_answers_clear(&b);

	struct bilan_strlist l = BILAN_STRLIST_INIT;
	assert_int_equal(bilan_q_partial_list(&l, f->ws->gitdir, &err), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0], "appreciation");
	bilan_strlist_clear(&l);
	assert_int_equal(bilan_q_partial_info(&info, f->ws->gitdir, "appreciation", &err), 0);
	assert_int_equal(info.answered, 3);
	bilan_q_partial_clear(&info);

	/* the definition changed: answers of items still there are kept */
	q->version++;
	q->max = 1;   /* 4 and 2 now out of range */
	assert_int_equal(bilan_q_partial_load(&b, &info, &same, f->ws->gitdir, q, &err), 0);
	assert_false(same);
	assert_int_equal(info.answered, 1);
	assert_int_equal(b.value[0], BILAN_Q_SKIPPED);
	bilan_q_partial_clear(&info);
	bilan_q_answers_clear(&b);
	q->max = 5;

	/* never in the work tree, never committed */
	char *cmd = bilan_xasprintf("git -C '%s' status --porcelain", f->dir);
	FILE *p = popen(cmd, "r");
	char buf[256] = "";
	size_t n = fread(buf, 1, sizeof(buf) - 1, p);
	buf[n] = '\0';
	pclose(p);
	assert_string_equal(buf, "");
	free(cmd);

	/* damaged: a clear error */
	assert_int_equal(bilan_fs_write_atomic(path, "questionnaire: appreciation\n", 28, 0600, NULL), 0);
	assert_int_equal(bilan_q_partial_load(&b, &info, &same, f->ws->gitdir, q, &err), BILAN_EINVALID);
	assert_int_equal(bilan_q_partial_remove(f->ws->gitdir, "appreciation", &err), 0);
	assert_false(bilan_fs_exists(path));
	assert_int_equal(bilan_q_partial_remove(f->ws->gitdir, "appreciation", &err), 0);
	assert_int_equal(bilan_q_partial_remove(f->ws->gitdir, "../../x", &err), BILAN_EUSAGE);
	free(dir);
	free(path);
	bilan_q_answers_clear(&a);
	bilan_q_free(q);
}

static void test_catalog(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_q_catalog c = BILAN_Q_CATALOG_INIT;
	assert_int_equal(bilan_q_catalog_load(&c, f->dir, &err), 0);
	assert_int_equal(c.n, 5);
	for (size_t i = 0; i < c.n; i++) {
		assert_int_equal(c.v[i].origin, BILAN_Q_BUILTIN);
		assert_int_equal(c.v[i].error.code, 0);
	}
	bilan_q_catalog_clear(&c);
	/* a consultant's own, one overriding riasec, one broken */
	char *mine = variant("id: mini", "id: mon-test");
	char *over = variant("id: mini", "id: riasec");
	assert_int_equal(bilan_fs_write_in(f->dir, "questionnaires/mon-test.yaml", mine, strlen(mine), &err), 0);
	assert_int_equal(bilan_fs_write_in(f->dir, "questionnaires/riasec.yaml", over, strlen(over), &err), 0);
	assert_int_equal(bilan_fs_write_in(f->dir, "questionnaires/casse.yaml", "id: [", 5, &err), 0);
	assert_int_equal(bilan_q_catalog_load(&c, f->dir, &err), 0);
	assert_int_equal(c.n, 8);
	size_t hidden = 0, overrides = 0, broken = 0;
	for (size_t i = 0; i < c.n; i++) {
		hidden += c.v[i].hidden;
		overrides += c.v[i].overrides;
		if (c.v[i].error.code) {
			broken++;
			assert_string_equal(c.v[i].id, "casse");
		}
	}
	assert_int_equal(hidden, 1);
	assert_int_equal(overrides, 1);
	assert_int_equal(broken, 1);
	bilan_q_catalog_clear(&c);

	struct bilan_questionnaire *q = NULL;
	assert_int_equal(bilan_q_find(&q, f->dir, "riasec", &err), 0);
	assert_int_equal(q->origin, BILAN_Q_WORKSPACE);
	assert_int_equal(q->nitems, 4);
	bilan_q_free(q);
	assert_int_equal(bilan_q_find(&q, NULL, "riasec", &err), 0);
	assert_int_equal(q->origin, BILAN_Q_BUILTIN);
	bilan_q_free(q);
	assert_int_equal(bilan_q_find(&q, f->dir, "mon-test", &err), 0);
	bilan_q_free(q);
	assert_int_equal(bilan_q_find(&q, f->dir, "riasce", &err), BILAN_ENOTFOUND);
	assert_non_null(strstr(err.message, "unknown questionnaire 'riasce'"));
	assert_non_null(strstr(err.hint, "'riasec'"));
	assert_int_equal(bilan_q_find(&q, f->dir, "big five", &err), BILAN_ENOTFOUND);
	assert_non_null(strstr(err.hint, "'big-five'"));
	assert_int_equal(bilan_q_find(&q, f->dir, "casse", &err), BILAN_EINVALID);
	assert_non_null(strstr(err.file, "casse.yaml"));
	assert_null(q);
	free(mine);
	free(over);
}

/* The catalogue with the definitions' schema check vouched (issue 24):
 * the clean ones get a line of results-checked once they are 2 s old, a
 * broken one never; a load that trusts them (round 1) gives the same
 * definitions as one that checks them all. */
static void test_catalog_trust(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	char *mine = variant("id: mini", "id: mon-test");
	assert_int_equal(bilan_fs_write_in(f->dir, "questionnaires/mon-test.yaml", mine, strlen(mine), &err), 0);
	assert_int_equal(bilan_fs_write_in(f->dir, "questionnaires/casse.yaml", "id: [", 5, &err), 0);
	char *gitdir = bilan_xasprintf("%s/.git", f->dir);
	char *rc_path = bilan_xasprintf("%s/bilan-cache/results-checked", gitdir);
	struct bilan_q_catalog plain = BILAN_Q_CATALOG_INIT;
	assert_int_equal(bilan_q_catalog_load(&plain, f->dir, &err), 0);
	for (int round = 0; round < 2; round++) {   /* 0: checked, 1: vouched */
		struct bilan_q_trust *t = bilan_q_trust_open(gitdir);
		struct bilan_q_catalog c = BILAN_Q_CATALOG_INIT;
		assert_int_equal(bilan_q_catalog_load_trusted(&c, f->dir, t, &err), 0);
		bilan_q_trust_close(t);
		assert_int_equal(c.n, plain.n);
		for (size_t i = 0; i < c.n; i++) {
			assert_string_equal(c.v[i].id, plain.v[i].id);
			assert_int_equal(c.v[i].error.code, plain.v[i].error.code);
			if (c.v[i].q) {
				assert_string_equal(c.v[i].q->sha256, plain.v[i].q->sha256);
				assert_int_equal(c.v[i].q->nitems, plain.v[i].q->nitems);
			}
		}
		bilan_q_catalog_clear(&c);
		struct bilan_buf b = BILAN_BUF_INIT;
		assert_int_equal(bilan_fs_read(&b, rc_path, 1 << 20, &err), 0);
		/* the built-ins (files older than 2 s) are vouched for; the
		 * workspace's, just written, not yet; the broken one never (the
		 * file holds packed trees: searched as bytes) */
		const char *needle = "/questionnaires/riasec.yaml\n";
		assert_non_null(memmem(b.ptr, b.len, needle, strlen(needle)));
		assert_non_null(memmem(b.ptr, b.len, " q:/", 4));
		assert_null(memmem(b.ptr, b.len, "mon-test.yaml", 13));
		assert_null(memmem(b.ptr, b.len, "casse.yaml", 10));
		assert_true(b.len > 24 && !memcmp(b.ptr, "bilan results-checked 2 ", 24));
		bilan_buf_clear(&b);
	}
	/* a byte flipped in the cache: dropped whole, the same definitions */
	struct bilan_buf b = BILAN_BUF_INIT;
	assert_int_equal(bilan_fs_read(&b, rc_path, 1 << 20, &err), 0);
	b.ptr[b.len / 2] ^= 0x20;
	assert_int_equal(bilan_fs_write_atomic(rc_path, b.ptr, b.len, 0600, &err), 0);
	struct bilan_q_trust *t = bilan_q_trust_open(gitdir);
	struct bilan_q_catalog c = BILAN_Q_CATALOG_INIT;
	assert_int_equal(bilan_q_catalog_load_trusted(&c, f->dir, t, &err), 0);
	bilan_q_trust_close(t);
	assert_int_equal(c.n, plain.n);
	for (size_t i = 0; i < c.n; i++)
		if (c.v[i].q) {
			assert_string_equal(c.v[i].q->sha256, plain.v[i].q->sha256);
			assert_int_equal(c.v[i].q->nitems, plain.v[i].q->nitems);
			assert_string_equal(c.v[i].q->title, plain.v[i].q->title);
		}
	bilan_q_catalog_clear(&c);
	struct bilan_buf b2 = BILAN_BUF_INIT;
	assert_int_equal(bilan_fs_read(&b2, rc_path, 1 << 20, &err), 0);
	b.ptr[b.len / 2] ^= 0x20;   /* rebuilt as it was */
	assert_int_equal(b2.len, b.len);
	assert_memory_equal(b2.ptr, b.ptr, b.len);
	bilan_buf_clear(&b2);
	bilan_buf_clear(&b);
	bilan_q_catalog_clear(&plain);
	free(rc_path);
	free(gitdir);
	free(mine);
}

int main(void)
{
	strcpy(home, "/tmp/bilan-test-home-XXXXXX");
	if (!mkdtemp(home))
		return 1;
	setenv("HOME", home, 1);   /* for libgit2 */
	bilan_settings.home = home;
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("TZ", "Europe/Paris", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	bilan_settings.data_dir = DATA_DIR;
	bilan_settings.schema_dir = SCHEMA_DIR;
	tzset();
	bilan_settings.dir = NULL;
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_minimal_form),
		cmocka_unit_test(test_builtins),
		cmocka_unit_test(test_definition_errors),
		cmocka_unit_test(test_validate_file),
		cmocka_unit_test(test_answers_list),
		cmocka_unit_test(test_answers_file),
		cmocka_unit_test(test_score_minimal),
		cmocka_unit_test(test_percent_and_levels),
		cmocka_unit_test(test_score_riasec),
		cmocka_unit_test(test_score_big_five_reverse),
		cmocka_unit_test(test_score_skills),
		cmocka_unit_test(test_profile_exact),
		cmocka_unit_test(test_reading),
		cmocka_unit_test(test_dimension_labels),
		cmocka_unit_test(test_rank_item),
		cmocka_unit_test(test_from_tree),
		cmocka_unit_test_setup_teardown(test_results, setup, teardown),
		cmocka_unit_test_setup_teardown(test_results_nonsense, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_second_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_answers_result, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial, setup, teardown),
		cmocka_unit_test_setup_teardown(test_catalog, setup, teardown),
		cmocka_unit_test_setup_teardown(test_catalog_trust, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char *cmd = bilan_xasprintf("rm -rf '%s'", home);
	if (system(cmd) != 0)
		rc = 1;
	free(cmd);
	return rc;
}
