/* test-merge.c - three-way merge of workspace files (lib/merge.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs.h"
#include "merge.h"
#include "yaml-tree.h"

static struct bilan_blob B(const char *s)
{
	struct bilan_blob b = { s, s ? strlen(s) : 0 };
	return b;
}

static const struct bilan_blob NONE = { NULL, 0 };

/* Merge and return the outcome; *text gets the merged text (caller frees). */
static enum bilan_merge_outcome merge(const char *path, const char *base,
				      const char *ours, const char *theirs, char **text)
{
	struct bilan_merge_result r;
	bilan_merge_file(&r, path, base ? B(base) : NONE, ours ? B(ours) : NONE,
			 theirs ? B(theirs) : NONE);
	if (text)
		*text = r.text.ptr ? bilan_xstrdup(r.text.ptr) : NULL;
	bilan_buf_clear(&r.text);
	return r.outcome;
}

static struct bilan_node *parse(const char *text)
{
	struct bilan_doc *doc = NULL;
	assert_int_equal(bilan_yaml_load_buffer(&doc, "t.yaml", text, strlen(text), NULL), 0);
	struct bilan_node *n = doc->root;
	doc->root = NULL;
	bilan_doc_free(doc);
	return n;
}

static void assert_yaml_eq(const char *got, const char *want)
{
	struct bilan_node *a = parse(got), *b = parse(want);
	if (!bilan_node_equal(a, b))
		fail_msg("got:\n%s\nwant:\n%s", got, want);
	bilan_node_free(a);
	bilan_node_free(b);
}

static void test_one_side_unchanged(void **state)
{
	(void)state;
	char *t = NULL;
	assert_int_equal(merge("a.yaml", "x: 1\n", "x: 1\n", "x: 2\n", &t), BILAN_MERGE_TAKE_THEIRS);
	assert_null(t);
	assert_int_equal(merge("a.yaml", "x: 1\n", "x: 2\n", "x: 1\n", &t), BILAN_MERGE_KEEP_OURS);
	assert_int_equal(merge("a.yaml", "x: 1\n", "x: 2\n", "x: 2\n", &t), BILAN_MERGE_KEEP_OURS);
	/* added on one side only */
	assert_int_equal(merge("a.yaml", NULL, NULL, "x: 2\n", &t), BILAN_MERGE_TAKE_THEIRS);
	/* deleted on their side, unchanged here */
	struct bilan_merge_result r;
	bilan_merge_file(&r, "a.yaml", B("x: 1\n"), B("x: 1\n"), NONE);
	assert_int_equal(r.outcome, BILAN_MERGE_TAKE_THEIRS);
	assert_true(r.deleted);
	bilan_buf_clear(&r.text);
}

static void test_maps_by_key(void **state)
{
	(void)state;
	char *t = NULL;
	assert_int_equal(merge("bilan.yaml",
			       "name: Camille\nphase: preliminaire\nweekly_goal: 2h\n",
			       "name: Camille\nphase: investigation\nweekly_goal: 2h\n",
			       "name: Camille\nphase: preliminaire\nweekly_goal: 3h\nprovider: X\n",
			       &t), BILAN_MERGE_MERGED);
	assert_yaml_eq(t, "name: Camille\nphase: investigation\nweekly_goal: 3h\nprovider: X\n");
	/* ours' key order first, then theirs' new keys */
	assert_non_null(strstr(t, "name"));
	assert_true(strstr(t, "phase") < strstr(t, "provider"));
	free(t);
	/* nested maps */
	assert_int_equal(merge("bilan.yaml",
			       "consultant:\n  name: S\nbeneficiary:\n  name: C\n",
			       "consultant:\n  name: S\nbeneficiary:\n  name: C\n  email: c@x\n",
			       "consultant:\n  name: Sophie\nbeneficiary:\n  name: C\n",
			       &t), BILAN_MERGE_MERGED);
	assert_yaml_eq(t, "consultant:\n  name: Sophie\nbeneficiary:\n  name: C\n  email: c@x\n");
	free(t);
	/* a key removed on one side, untouched on the other */
	assert_int_equal(merge("a.yaml", "a: 1\nb: 2\n", "a: 1\n", "a: 1\nb: 2\nc: 3\n", &t),
			 BILAN_MERGE_MERGED);
	assert_yaml_eq(t, "a: 1\nc: 3\n");
	free(t);
	/* key order does not make a change */
	assert_int_equal(merge("a.yaml", "a: 1\nb: 2\n", "b: 2\na: 1\n", "a: 1\nb: 3\n", &t),
			 BILAN_MERGE_MERGED);
	assert_yaml_eq(t, "a: 1\nb: 3\n");
	free(t);
}

static void test_lists_as_unions(void **state)
{
	(void)state;
	char *t = NULL;
	assert_int_equal(merge("todo/a.yaml",
			       "tags: [a, b]\n",
			       "tags: [a, b, c]\n",
			       "tags: [a, b, d]\n", &t), BILAN_MERGE_MERGED);
	assert_yaml_eq(t, "tags: [a, b, c, d]\n");
	free(t);
	/* a removal on one side is kept */
	assert_int_equal(merge("todo/a.yaml",
			       "tags: [a, b]\n",
			       "tags: [b]\n",
			       "tags: [a, b, d]\n", &t), BILAN_MERGE_MERGED);
	assert_yaml_eq(t, "tags: [b, d]\n");
	free(t);
	/* history entries appended on both sides */
	assert_int_equal(merge("pistes/p.yaml",
			       "history:\n- {date: '1', to: a}\n",
			       "history:\n- {date: '1', to: a}\n- {date: '2', to: b}\n",
			       "history:\n- {date: '1', to: a}\n- {date: '3', to: c}\n", &t),
			 BILAN_MERGE_MERGED);
	assert_yaml_eq(t, "history:\n- {date: '1', to: a}\n- {date: '2', to: b}\n- {date: '3', to: c}\n");
	free(t);
}

static void test_conflicts_keep_ours(void **state)
{
	(void)state;
	char *t = NULL;
	/* the same scalar changed on both sides */
	assert_int_equal(merge("bilan.yaml", "phase: preliminaire\ngoal: 1\n",
			       "phase: investigation\ngoal: 1\n",
			       "phase: conclusions\ngoal: 2\n", &t), BILAN_MERGE_CONFLICT);
	/* the merge went as far as it safely could, ours where they clash */
	assert_yaml_eq(t, "phase: investigation\ngoal: 2\n");
	free(t);
	/* text files: any change on both sides */
	assert_int_equal(merge("notes.md", "a\n", "b\n", "c\n", &t), BILAN_MERGE_CONFLICT);
	assert_null(t);
	/* invalid YAML on one side: a conflict, no guess */
	assert_int_equal(merge("a.yaml", "a: 1\n", "a: 2\n", "a: [\n", &t), BILAN_MERGE_CONFLICT);
	assert_null(t);
	/* deleted here, changed there */
	struct bilan_merge_result r;
	bilan_merge_file(&r, "a.yaml", B("a: 1\n"), NONE, B("a: 2\n"));
	assert_int_equal(r.outcome, BILAN_MERGE_CONFLICT);
	assert_true(r.deleted);
	bilan_buf_clear(&r.text);
	/* both added different files */
	assert_int_equal(merge("a.yaml", NULL, "a: 1\n", "a: 2\n", &t), BILAN_MERGE_CONFLICT);
	free(t);
	/* both added files that merge */
	assert_int_equal(merge("a.yaml", NULL, "a: 1\n", "b: 2\n", &t), BILAN_MERGE_MERGED);
	assert_yaml_eq(t, "a: 1\nb: 2\n");
	free(t);
	/* type change against a change */
	assert_int_equal(merge("a.yaml", "a: 1\n", "a: [1]\n", "a: 2\n", &t), BILAN_MERGE_CONFLICT);
	free(t);
}

static void test_equal(void **state)
{
	(void)state;
	struct bilan_node *a = parse("a: 1\nb: [x, {c: d}]\n");
	struct bilan_node *b = parse("b: [x, {c: d}]\na: 1\n");
	struct bilan_node *c = parse("b: [{c: d}, x]\na: 1\n");
	assert_true(bilan_node_equal(a, b));
	assert_false(bilan_node_equal(a, c));
	assert_false(bilan_node_equal(a, NULL));
	assert_true(bilan_node_equal(NULL, NULL));
	bilan_node_free(a);
	bilan_node_free(b);
	bilan_node_free(c);
}

static void test_conflict_record(void **state)
{
	(void)state;
	char dir[] = "/tmp/bilan-test-merge.XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct bilan_ws ws = { 0 };
	ws.root = dir;
	assert_true(bilan_conflict_is_own_file("conflits.yaml"));
	assert_true(bilan_conflict_is_own_file("todo/a.yaml.remote"));
	assert_false(bilan_conflict_is_own_file("todo/a.yaml"));
	char *cp = bilan_conflict_copy_path("bilan.yaml");
	assert_string_equal(cp, "bilan.yaml.remote");
	free(cp);

	struct bilan_conflicts l = BILAN_CONFLICTS_INIT;
	assert_int_equal(bilan_conflicts_load(&l, &ws, NULL), 0);
	assert_int_equal(l.n, 0);
	bilan_conflicts_add(&l, "bilan.yaml", "2026-11-27T10:00:00+01:00");
	bilan_conflicts_add(&l, "todo/a.yaml", "2026-11-27T10:00:00+01:00");
	bilan_conflicts_add(&l, "bilan.yaml", "2026-11-28T10:00:00+01:00");
	assert_int_equal(l.n, 2);
	struct bilan_node *n = bilan_conflicts_node(&l);
	assert_int_equal(bilan_fs_write_in(dir, "bilan.yaml.remote", "x: 1\n", 5, NULL), 0);
	struct bilan_buf b = BILAN_BUF_INIT;
	assert_int_equal(bilan_yaml_emit(&b, n, NULL), 0);
	assert_int_equal(bilan_fs_write_in(dir, "conflits.yaml", b.ptr, b.len, NULL), 0);
	bilan_buf_clear(&b);
	bilan_node_free(n);
	bilan_conflicts_clear(&l);

	assert_int_equal(bilan_conflicts_load(&l, &ws, NULL), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].path, "bilan.yaml");
	assert_string_equal(l.v[0].date, "2026-11-28T10:00:00+01:00");
	assert_true(l.v[0].open);
	assert_false(l.v[1].open);   /* no copy: closed */
	struct bilan_diags d = BILAN_DIAGS_INIT;
	bilan_conflicts_diags(&ws, &d);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "bilan.yaml");
	assert_non_null(strstr(d.v[0].message, "bilan.yaml.remote"));
	bilan_diags_clear(&d);
	assert_true(bilan_conflicts_prune(&l));
	assert_int_equal(l.n, 1);
	bilan_conflicts_clear(&l);
	assert_null(bilan_conflicts_node(&l));

	char *cmd = bilan_xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_side_unchanged),
		cmocka_unit_test(test_maps_by_key),
		cmocka_unit_test(test_lists_as_unions),
		cmocka_unit_test(test_conflicts_keep_ours),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_conflict_record),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
