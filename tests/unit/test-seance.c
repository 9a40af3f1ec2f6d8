/* test-seance.c - séances (lib/seance.h), to-do items (lib/todo.h) and the
 * end of the bilan (bilan_ws_closed / bilan_ws_may_work). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "seance.h"
#include "todo.h"
#include "vcs.h"
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
	snprintf(dir, sizeof(dir), "/tmp/bilan-test-seance.XXXXXX");
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

static int64_t at(const char *iso)
{
	struct bilan_time t;
	if (!bilan_time_parse_iso(&t, iso))
		fail_msg("bad iso %s", iso);
	return t.t;
}

static void test_seances(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	put("seances/20261101T090000Z-aaaa.yaml",
	    "date: '2026-11-02T10:00:00+01:00'\nduration: 2h\nphase: preliminaire\n"
	    "status: realisee\nattendance:\n  confirmed: true\n  duration: 1h30\n");
	put("seances/20261101T090000Z-bbbb.yaml",
	    "date: '2026-11-20T10:00:00+01:00'\nduration: 2h\nstatus: realisee\n");
	put("seances/20261101T090000Z-cccc.yaml",
	    "date: '2026-12-01T14:00:00+01:00'\nduration: 3h\nstatus: prevue\n");
	put("seances/20261101T090000Z-dddd.yaml",
	    "date: '2026-11-25T14:00:00+01:00'\nduration: 1h\nstatus: prevue\n");
	put("seances/20261101T090000Z-eeee.yaml",
	    "date: '2026-11-26T14:00:00+01:00'\nduration: 1h\nstatus: annulee\n");
	put("seances/20261101T090000Z-ffff.yaml",
	    "date: demain\nstatus: prevue\n");
	struct bilan_ws *ws = open_ws();
	struct bilan_seances l = BILAN_SEANCES_INIT;
	struct bilan_diags d = BILAN_DIAGS_INIT;
	assert_int_equal(bilan_seances_load(&l, ws, &d, &err), 0);
	assert_int_equal(l.n, 5);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "seances/20261101T090000Z-ffff.yaml");
	bilan_diags_clear(&d);
	/* sorted by date */
	assert_string_equal(l.v[0].rec.name, "20261101T090000Z-aaaa");
	assert_string_equal(l.v[2].rec.name, "20261101T090000Z-dddd");
	assert_string_equal(l.v[4].rec.name, "20261101T090000Z-cccc");
	assert_int_equal(l.v[0].phase, BILAN_PHASE_PRELIMINAIRE);
	/* attended: 1h30 (from attendance) + 2h (planned length) */
	assert_int_equal(bilan_seances_attended(&l), 210);
	assert_int_equal(bilan_seances_planned(&l), 240);
	int64_t now = at("2026-11-25T18:00:00+01:00");
	const struct bilan_seance *next = bilan_seance_next(&l, now);
	assert_non_null(next);
	assert_string_equal(next->rec.name, "20261101T090000Z-cccc");
	struct bilan_seance *due = bilan_seance_due(&l, now);
	assert_non_null(due);
	assert_string_equal(due->rec.name, "20261101T090000Z-dddd");
	assert_null(bilan_seance_due(&l, at("2026-11-24T18:00:00+01:00")));
	/* find by the random suffix */
	struct bilan_seance *s = NULL;
	assert_int_equal(bilan_seance_find(&s, &l, "cccc", &err), 0);
	assert_ptr_equal(s, &l.v[4]);

	/* marking done */
	struct bilan_time t = { now, 3600, true };
	bilan_seance_mark_done(due, 45, NULL, BILAN_PARTY_BENEFICIARY, "Camille Martin",
			       "20261125T170000Z-jjjj", &t);
	assert_int_equal(bilan_seances_attended(&l), 255);
	struct bilan_buf b = BILAN_BUF_INIT;
	assert_int_equal(bilan_yaml_emit(&b, due->rec.doc->root, &err), 0);
	assert_non_null(strstr(b.ptr, "status: realisee\n"));
	assert_non_null(strstr(b.ptr, "  beneficiaire:\n"));
	assert_non_null(strstr(b.ptr, "    name: Camille Martin\n"));
	assert_null(strstr(b.ptr, "  consultant:\n"));
	assert_string_equal(due->confirm[BILAN_PARTY_BENEFICIARY].by, "Camille Martin");
	assert_non_null(strstr(b.ptr, "  duration: 45min\n"));
	assert_non_null(strstr(b.ptr, "journal: 20261125T170000Z-jjjj\n"));
	bilan_buf_clear(&b);
	bilan_seances_clear(&l);
	bilan_ws_free(ws);
}

static void test_cap(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	assert_int_equal(bilan_seance_cap_check(22 * 60, 120, false, &err), 0);
	assert_int_equal(bilan_seance_cap_check(22 * 60, 121, false, &err), BILAN_ECONFLICT);
	assert_non_null(strstr(err.message, "24h"));
	assert_non_null(strstr(err.hint, "--force"));
	assert_int_equal(bilan_seance_cap_check(0, 24 * 60, true, &err), 0);

	struct bilan_time now = { at("2026-11-27T10:00:00+01:00"), 3600, true };
	struct bilan_time when = { at("2026-12-01T14:00:00+01:00"), 3600, true };
	char id[BILAN_ID_SIZE];
	struct bilan_node *root = bilan_seance_build(id, &when, 90, BILAN_PHASE_CONCLUSIONS,
						     "Synthèse", &now);
	assert_true(bilan_id_valid(id));
	assert_string_equal(bilan_map_str(root, "duration"), "1h30");
	assert_string_equal(bilan_map_str(root, "phase"), "conclusions");
	assert_string_equal(bilan_map_str(root, "status"), "prevue");
	bilan_node_free(root);
}

static void test_todos(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	/* now: Wednesday 2026-11-25 */
	int64_t now = at("2026-11-25T18:00:00+01:00");
	put("todo/20261101T090000Z-a001.yaml", "text: pas de date\nstatus: a-faire\n");
	put("todo/20261101T090000Z-a002.yaml", "text: semaine\ndue: '2026-11-29'\nstatus: a-faire\n");
	put("todo/20261101T090000Z-a003.yaml", "text: en retard\ndue: '2026-11-20'\nstatus: a-faire\n");
	put("todo/20261101T090000Z-a004.yaml", "text: fait\ndue: '2026-11-01'\nstatus: fait\n");
	put("todo/20261101T090000Z-a005.yaml", "text: aujourd'hui\ndue: '2026-11-25'\nkind: réflexion\nstatus: a-faire\n");
	put("todo/20261101T090000Z-a006.yaml", "text: plus tard\ndue: '2026-11-30'\nstatus: a-faire\n");
	put("todo/20261101T090000Z-a007.yaml", "text: x\nkind: dessin\nstatus: a-faire\n");
	put("todo/20261101T090000Z-a008.yaml", "text: hier\ndue: '2026-11-24'\nstatus: a-faire\n");
	struct bilan_ws *ws = open_ws();
	struct bilan_todos l = BILAN_TODOS_INIT;
	struct bilan_diags d = BILAN_DIAGS_INIT;
	assert_int_equal(bilan_todos_load(&l, ws, now, &d, &err), 0);
	assert_int_equal(d.n, 1);   /* unknown kind */
	bilan_diags_clear(&d);
	assert_int_equal(l.n, 7);
	const char *order[] = { "en retard", "hier", "aujourd'hui", "semaine", "plus tard",
				"pas de date", "fait" };
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(l.v[i].text, order[i]);
	assert_true(bilan_todo_overdue(&l.v[0], now));
	assert_true(bilan_todo_overdue(&l.v[1], now));
	assert_false(bilan_todo_overdue(&l.v[2], now));
	assert_true(bilan_todo_due_this_week(&l.v[2], now));
	assert_true(bilan_todo_due_this_week(&l.v[3], now));
	assert_false(bilan_todo_due_this_week(&l.v[4], now));   /* next Monday */
	assert_false(bilan_todo_due_this_week(&l.v[5], now));
	assert_false(bilan_todo_overdue(&l.v[6], now));         /* done */
	assert_true(l.v[2].has_kind);
	assert_int_equal(l.v[2].kind, BILAN_TODO_REFLEXION);

	struct bilan_time when = { now, 3600, true };
	assert_int_equal(bilan_todo_mark_done(&l.v[0], &when, "20261125T170000Z-jjjj", &err), 0);
	assert_string_equal(bilan_map_str(l.v[0].rec.doc->root, "status"), "fait");
	assert_string_equal(l.v[0].by, "20261125T170000Z-jjjj");
	assert_int_equal(bilan_todo_mark_done(&l.v[0], &when, NULL, &err), BILAN_EUSAGE);

	struct bilan_todo_new tn = { 0 };
	tn.text = "Lire la fiche";
	tn.has_due = true;
	tn.due = (struct bilan_time){ at("2026-12-01T09:00:00+01:00"), 3600, true };
	tn.has_kind = true;
	tn.kind = BILAN_TODO_RECHERCHE;
	tn.piste = "dev";
	tn.when = when;
	struct bilan_node *root = NULL;
	char id[BILAN_ID_SIZE];
	assert_int_equal(bilan_todo_build(&root, id, &tn, &err), 0);
	assert_string_equal(bilan_map_str(root, "due"), "2026-12-01");
	assert_string_equal(bilan_map_str(root, "kind"), "recherche");
	bilan_node_free(root);
	tn.text = "";
	assert_int_equal(bilan_todo_build(&root, id, &tn, &err), BILAN_EUSAGE);
	bilan_todos_clear(&l);
	bilan_ws_free(ws);
}

static void test_closed(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_ws *ws = open_ws();
	assert_false(bilan_ws_closed(ws));
	assert_int_equal(bilan_ws_may_work(ws, BILAN_WORK_NEW, "piste add", &err), 0);
	bilan_ws_free(ws);
	put("bilan.yaml", "format: 3\nphase: terminee\nend: '2027-01-31'\n"
	    "retention:\n  until: '2030-01-31'\n  agreement: accord écrit du 2027-01-30\n");
	ws = open_ws();
	assert_true(bilan_ws_closed(ws));
	assert_true(ws->cfg.has_retention);
	assert_string_equal(ws->cfg.retention_agreement, "accord écrit du 2027-01-30");
	assert_int_equal(bilan_ws_may_work(ws, BILAN_WORK_NEW, "piste add", &err), BILAN_EFAIL);
	assert_non_null(strstr(err.message, "2027-01-31"));
	assert_non_null(strstr(err.message, "piste add"));
	assert_int_equal(bilan_ws_may_work(ws, BILAN_WORK_FOLLOWUP, "seance add", &err), 0);
	bilan_ws_free(ws);
	put("bilan.yaml", "format: 3\nretention:\n  until: bientot\n");
	assert_int_equal(bilan_ws_open(&ws, dir, &err), BILAN_EINVALID);
	assert_null(ws);
}

int main(void)
{
	setenv("TZ", "Europe/Paris", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_seances, setup, teardown),
		cmocka_unit_test(test_cap),
		cmocka_unit_test_setup_teardown(test_todos, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
