/* test-piste.c - records (lib/record.h) and pistes (lib/piste.h). */
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
#include "piste.h"
#include "record.h"
#include "workspace.h"

static char dir[64];

static void put(const char *rel, const char *content)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_fs_write_in(dir, rel, content, strlen(content), &err) < 0)
		fail_msg("write %s: %s", rel, err.message);
}

static struct bilan_ws *open_ws(void)
{
	struct bilan_ws *ws = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_ws_open(&ws, dir, &err) < 0)
		fail_msg("open: %s", err.message);
	return ws;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/bilan-test-piste.XXXXXX");
	assert_non_null(mkdtemp(dir));
	put("bilan.yaml", "format: 3\nphase: investigation\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static void test_value_parse(void **state)
{
	(void)state;
	enum bilan_piste_status s;
	assert_int_equal(bilan_piste_status_parse(&s, "validee"), BILAN_PISTE_VALIDEE);
	assert_int_equal(bilan_piste_status_parse(&s, "Validée"), BILAN_PISTE_VALIDEE);
	assert_int_equal(s, BILAN_PISTE_VALIDEE);
	assert_int_equal(bilan_piste_status_parse(&s, "écartée"), BILAN_PISTE_ECARTEE);
	assert_int_equal(bilan_piste_status_parse(&s, "à explorer"), BILAN_PISTE_A_EXPLORER);
	assert_int_equal(bilan_piste_status_parse(&s, "En exploration"), BILAN_PISTE_EN_EXPLORATION);
	assert_int_equal(bilan_piste_status_parse(&s, " EN_ATTENTE "), BILAN_PISTE_EN_ATTENTE);
	assert_int_equal(bilan_piste_status_parse(&s, "valide"), -1);
	assert_int_equal(bilan_piste_status_parse(&s, ""), -1);
	assert_int_equal(bilan_piste_status_parse(&s, NULL), -1);
	assert_string_equal(bilan_piste_status_name(BILAN_PISTE_EN_ATTENTE), "en-attente");
}

static void test_transitions(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	const enum bilan_piste_status AE = BILAN_PISTE_A_EXPLORER, EE = BILAN_PISTE_EN_EXPLORATION,
		VA = BILAN_PISTE_VALIDEE, EC = BILAN_PISTE_ECARTEE, AT = BILAN_PISTE_EN_ATTENTE;
	/* forward moves */
	assert_int_equal(bilan_piste_transition_check(AE, EE, false, false, &err), 0);
	assert_int_equal(bilan_piste_transition_check(AE, AT, false, false, &err), 0);
	assert_int_equal(bilan_piste_transition_check(EE, VA, true, false, &err), 0);
	assert_int_equal(bilan_piste_transition_check(EE, EC, true, false, &err), 0);
	assert_int_equal(bilan_piste_transition_check(AE, EC, true, false, &err), 0);
	assert_int_equal(bilan_piste_transition_check(AT, EE, false, false, &err), 0);
	assert_int_equal(bilan_piste_transition_check(AT, AE, false, false, &err), 0);
	/* decisions need a reason */
	assert_int_equal(bilan_piste_transition_check(EE, VA, false, false, &err), BILAN_EUSAGE);
	assert_non_null(strstr(err.message, "needs a reason"));
	assert_int_equal(bilan_piste_transition_check(EE, EC, false, false, &err), BILAN_EUSAGE);
	/* no going back without force */
	assert_int_equal(bilan_piste_transition_check(EE, AE, true, false, &err), BILAN_EUSAGE);
	assert_int_equal(bilan_piste_transition_check(VA, AE, true, false, &err), BILAN_EUSAGE);
	assert_non_null(strstr(err.hint, "--force"));
	assert_int_equal(bilan_piste_transition_check(EC, EE, true, false, &err), BILAN_EUSAGE);
	assert_int_equal(bilan_piste_transition_check(EC, EE, true, true, &err), 0);
	assert_int_equal(bilan_piste_transition_check(VA, EC, false, true, &err), BILAN_EUSAGE);
	/* same status */
	assert_int_equal(bilan_piste_transition_check(EE, EE, true, true, &err), BILAN_EUSAGE);
	assert_non_null(strstr(err.message, "already"));
}

static void test_build_and_load(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_ws *ws = open_ws();
	struct bilan_pistes l = BILAN_PISTES_INIT;
	assert_int_equal(bilan_pistes_load(&l, ws, NULL, &err), 0);
	assert_int_equal(l.n, 0);

	const char *codes[] = { "M1805" };
	struct bilan_piste_new p = { "Développeuse web", codes, 1, "Créer des outils", { 0 } };
	assert_true(bilan_time_parse_iso(&p.when, "2026-11-27T10:00:00+01:00"));
	struct bilan_node *root = NULL;
	char slug[BILAN_SLUG_MAX + 1];
	assert_int_equal(bilan_piste_build(&root, slug, &l, &p, &err), 0);
	assert_string_equal(slug, "developpeuse-web");
	struct bilan_buf b = BILAN_BUF_INIT;
	assert_int_equal(bilan_yaml_emit(&b, root, &err), 0);
	assert_non_null(strstr(b.ptr, "title: Développeuse web\n"));
	assert_non_null(strstr(b.ptr, "- M1805\n"));
	assert_non_null(strstr(b.ptr, "status: a-explorer\n"));
	assert_non_null(strstr(b.ptr, "history:\n- date: '2026-11-27T10:00:00+01:00'\n  to: a-explorer\n") ||
			strstr(b.ptr, "history:\n- date: \"2026-11-27T10:00:00+01:00\"\n  to: a-explorer\n") ||
			strstr(b.ptr, "history:\n  - date:"));
	put("pistes/developpeuse-web.yaml", b.ptr);
	bilan_buf_clear(&b);
	bilan_node_free(root);

	/* a second piste with the same title gets -2; a broken file is
	 * reported without hiding the others; a sub-folder is ignored */
	put("pistes/broken.yaml", "title: [unclosed\n");
	put("pistes/nostatus.yaml", "title: Sans statut\n");
	put("pistes/sub/other.yaml", "title: x\nstatus: a-explorer\n");
	struct bilan_diags d = BILAN_DIAGS_INIT;
	assert_int_equal(bilan_pistes_load(&l, ws, &d, &err), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(d.n, 2);
	assert_string_equal(d.v[0].file, "pistes/broken.yaml");
	assert_string_equal(d.v[1].file, "pistes/nostatus.yaml");
	assert_true(d.v[1].line > 0);
	bilan_diags_clear(&d);
	assert_string_equal(l.v[0].title, "Développeuse web");
	assert_string_equal(l.v[0].why, "Créer des outils");
	assert_int_equal(l.v[0].rome.n, 1);
	assert_string_equal(l.v[0].rome.v[0], "M1805");
	assert_int_equal(l.v[0].status, BILAN_PISTE_A_EXPLORER);
	assert_int_equal(bilan_piste_build(&root, slug, &l, &p, &err), 0);
	assert_string_equal(slug, "developpeuse-web-2");
	bilan_node_free(root);

	/* empty title, multi-line title */
	p.title = "";
	assert_int_equal(bilan_piste_build(&root, slug, &l, &p, &err), BILAN_EUSAGE);
	assert_null(root);
	p.title = "a\nb";
	assert_int_equal(bilan_piste_build(&root, slug, &l, &p, &err), BILAN_EUSAGE);

	/* status change keeps unknown keys and appends to the history */
	struct bilan_piste *pp = NULL;
	assert_int_equal(bilan_piste_find(&pp, &l, "dev", &err), 0);
	bilan_map_set_str(pp->rec.doc->root, "consultant_note", "à creuser");
	struct bilan_time now;
	assert_true(bilan_time_parse_iso(&now, "2026-11-28T10:00:00+01:00"));
	bilan_piste_set_status(pp, BILAN_PISTE_ECARTEE, &now, "trop sédentaire", false);
	assert_string_equal(bilan_piste_last_reason(pp), "trop sédentaire");
	assert_int_equal(bilan_yaml_emit(&b, pp->rec.doc->root, &err), 0);
	assert_non_null(strstr(b.ptr, "status: ecartee\n"));
	assert_non_null(strstr(b.ptr, "consultant_note: à creuser\n"));
	assert_non_null(strstr(b.ptr, "from: a-explorer\n"));
	assert_non_null(strstr(b.ptr, "reason: trop sédentaire\n"));
	bilan_buf_clear(&b);
	bilan_pistes_clear(&l);
	bilan_ws_free(ws);
}

static void test_resolve(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	const char *names[] = { "developpeur-web", "data-analyste", "infirmier" };
	size_t i = 99;
	assert_int_equal(bilan_record_resolve(&i, names, 3, "data", "piste", &err), 0);
	assert_int_equal(i, 1);
	/* the title typed with accents and spaces */
	assert_int_equal(bilan_record_resolve(&i, names, 3, "Développeur web", "piste", &err), 0);
	assert_int_equal(i, 0);
	/* words found in one name only */
	const char *enq[] = { "dev-web-lead-dev-acme", "dev-web-beta-sas", "infirmiere-chu" };
	assert_int_equal(bilan_record_resolve(&i, enq, 3, "acme", "enquête", &err), 0);
	assert_int_equal(i, 0);
	assert_int_equal(bilan_record_resolve(&i, enq, 3, "Beta SAS", "enquête", &err), 0);
	assert_int_equal(i, 1);
	assert_int_equal(bilan_record_resolve(&i, enq, 3, "web", "enquête", &err), BILAN_EAMBIGUOUS);
	assert_non_null(strstr(err.hint, "dev-web-beta-sas"));
	assert_int_equal(bilan_record_resolve(&i, enq, 3, "acme-chu", "enquête", &err), BILAN_ENOTFOUND);
	/* a typo gets a suggestion */
	assert_int_equal(bilan_record_resolve(&i, names, 3, "infirmeir", "piste", &err),
			 BILAN_ENOTFOUND);
	assert_non_null(strstr(err.hint, "infirmier"));
	/* ambiguity lists the candidates */
	const char *two[] = { "dev-web", "dev-mobile" };
	assert_int_equal(bilan_record_resolve(&i, two, 2, "dev", "piste", &err), BILAN_EAMBIGUOUS);
	assert_non_null(strstr(err.hint, "dev-mobile"));
	/* a longer word than the name: the name sharing its start */
	assert_int_equal(bilan_record_resolve(&i, names, 3, "developpeuse-webz", "piste", &err),
			 BILAN_ENOTFOUND);
	assert_non_null(strstr(err.hint, "developpeur-web"));
	/* nothing at all */
	assert_int_equal(bilan_record_resolve(&i, NULL, 0, "x", "piste", &err), BILAN_ENOTFOUND);
	assert_non_null(strstr(err.hint, "no piste yet"));
}

static void test_history_append(void **state)
{
	(void)state;
	struct bilan_node *root = bilan_node_map();
	struct bilan_time t;
	assert_true(bilan_time_parse_iso(&t, "2026-11-27T10:00:00+01:00"));
	bilan_history_append(root, &t, NULL, "a", NULL);
	struct bilan_node *e = bilan_history_append(root, &t, "a", "b", "parce que");
	bilan_map_set_bool(e, "forced", true);
	struct bilan_node *h = bilan_map_get(root, "history");
	assert_non_null(h);
	assert_int_equal(h->n, 2);
	assert_null(bilan_map_get(h->items[0], "from"));
	assert_string_equal(bilan_map_str(h->items[1], "from"), "a");
	assert_string_equal(bilan_map_str(h->items[1], "reason"), "parce que");
	assert_string_equal(bilan_map_str(h->items[1], "date"), "2026-11-27T10:00:00+01:00");
	bilan_node_free(root);
}

int main(void)
{
	setenv("TZ", "Europe/Paris", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_parse),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test_setup_teardown(test_build_and_load, setup, teardown),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_history_append),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
