/* test-sync.c - the sync merge (lib/sync.h) under fixed clocks: the
 * beneficiary's workspace, a bare repository on disk, the consultant's
 * clone.  Every date the sync writes (the shared commit, the merge, the
 * conflict record, the state's last sync) is the one clock's. */
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
#include "date.h"
#include "fs.h"
#include "merge.h"
#include "share.h"
#include "sync.h"
#include "workspace.h"
#include "yaml-tree.h"

static char top[64], ben[128], rem[128], con[128];

/* Monday 2026-12-07 00:30 in Paris (Sunday 23:30 UTC), then minutes later */
#define T0 INT64_C(1796599800)

static char *sh(const char *fmt, const char *a)
{
	char cmd[700];
	snprintf(cmd, sizeof(cmd), fmt, a, a);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char *line = calloc(1, 512);
	if (!fgets(line, 512, p))
		line[0] = '\0';
	line[strcspn(line, "\n")] = '\0';
	pclose(p);
	return line;
}

static void expect_sh(const char *fmt, const char *a, const char *want)
{
	char *got = sh(fmt, a);
	if (strcmp(got, want) != 0)
		fail_msg("%s: got '%s', expected '%s'", fmt, got, want);
	free(got);
}

static struct bilan_ws *open_ws(const char *d)
{
	struct bilan_ws *ws = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_ws_open(&ws, d, &err) < 0)
		fail_msg("open %s: %s", d, err.message);
	return ws;
}

static void write_one(struct bilan_ws *ws, const char *rel, const char *key, const char *value)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_node *n = bilan_node_map();
	bilan_map_set_str(n, "text", "Contacter deux développeuses");
	bilan_map_set_str(n, "status", "a-faire");
	bilan_map_set_str(n, "created", "2026-12-01T10:00:00+01:00");
	/* the consultant's item, which both change (lib/owner.h: the
	 * beneficiary's would be the beneficiary's alone) */
	bilan_map_set_str(n, "author", "consultant");
	if (key)
		bilan_map_set_str(n, key, value);
	if (bilan_ws_begin(ws, "todo add", &err) < 0 ||
	    bilan_ws_write(ws, rel, n, &err) < 0 ||
	    bilan_ws_commit(ws, "todo: add", NULL, &err) < 0)
		fail_msg("write %s: %s", rel, err.message);
	bilan_node_free(n);
}

static void sync_at(int64_t t, const char *d, struct bilan_sync_report *r)
{
	bilan_clock_fix(t);
	struct bilan_ws *ws = open_ws(d);
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_sync_opts o;
	memset(&o, 0, sizeof(o));
	memset(r, 0, sizeof(*r));
	if (bilan_sync_run(r, ws, &o, &err) < 0)
		fail_msg("sync of %s: %s", d, err.message);
	bilan_ws_free(ws);
}

static int setup(void **state)
{
	(void)state;
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	snprintf(top, sizeof(top), "/tmp/bilan-test-sync.XXXXXX");
	assert_non_null(mkdtemp(top));
	setenv("HOME", top, 1);
	snprintf(ben, sizeof(ben), "%s/ben", top);
	snprintf(rem, sizeof(rem), "%s/remote.git", top);
	snprintf(con, sizeof(con), "%s/con", top);
	setenv("TZ", "UTC", 1);
	tzset();
	bilan_clock_fix(T0);
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_init_opts io = BILAN_INIT_OPTS_INIT;
	io.name = "Camille Martin";
	io.email = "camille@example.org";
	io.consultant = "Sophie Durand";
	io.timezone = "Europe/Paris";
	if (bilan_ws_init(ben, &io, &err) < 0)
		fail_msg("init: %s", err.message);
	free(sh("git init -q --bare '%s' && echo ok", rem));
	/* consent and the remote, as 'bilan share init' records them */
	struct bilan_ws *ws = open_ws(ben);
	struct bilan_share s;
	assert_int_equal(bilan_share_load(&s, ws, &err), 0);
	struct bilan_time now = bilan_time_now();
	struct bilan_node *root = bilan_share_grant(&s, "Sophie Durand", rem, &now);
	bilan_share_clear(&s);
	if (bilan_ws_begin(ws, "share init", &err) < 0 ||
	    bilan_ws_write(ws, BILAN_SHARE_FILE, root, &err) < 0 ||
	    bilan_ws_commit(ws, "share: consent recorded", NULL, &err) < 0 ||
	    bilan_share_configure(ws, rem, &err) < 0)
		fail_msg("share: %s", err.message);
	bilan_node_free(root);
	bilan_ws_free(ws);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	assert_int_equal(system(cmd), 0);
	bilan_clock_unfix();
	return 0;
}

static void test_dates_of_a_round_trip(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_ws *ws = open_ws(ben);
	bilan_clock_fix(T0 + 60);
	write_one(ws, "todo/20261207T000000Z-aaaa.yaml", NULL, NULL);
	bilan_ws_free(ws);

	/* the first sync, ten minutes later: the shared commit is dated then */
	struct bilan_sync_report r;
	sync_at(T0 + 600, ben, &r);
	assert_true(r.pushed);
	assert_true(r.shared_commit);
	bilan_sync_report_clear(&r);
	expect_sh("git --git-dir='%s' log -1 --format=%%at main", rem, "1796600400");
	expect_sh("git --git-dir='%s' log -1 --format=%%ai main", rem, "2026-12-07 00:40:00 +0100");
	struct bilan_share_state st;
	char gitdir[160];
	snprintf(gitdir, sizeof(gitdir), "%s/.git", ben);
	assert_int_equal(bilan_share_state_load(&st, gitdir, &err), 0);
	assert_non_null(st.last_sync);
	assert_string_equal(st.last_sync, "2026-12-07T00:40:00+01:00");
	bilan_share_state_clear(&st);

	/* the consultant's clone; both change the same field of one item */
	bilan_clock_fix(T0 + 900);
	struct bilan_sync_opts o;
	memset(&o, 0, sizeof(o));
	if (bilan_sync_clone(rem, con, &o, &err) < 0)
		fail_msg("clone: %s", err.message);
	struct bilan_ws *cw = open_ws(con);
	bilan_clock_fix(T0 + 1200);
	write_one(cw, "todo/20261207T000000Z-aaaa.yaml", "due", "2026-12-10");
	bilan_ws_free(cw);
	sync_at(T0 + 1500, con, &r);
	assert_true(r.pushed);
	bilan_sync_report_clear(&r);
	ws = open_ws(ben);
	bilan_clock_fix(T0 + 1600);
	write_one(ws, "todo/20261207T000000Z-aaaa.yaml", "due", "2026-12-11");
	bilan_ws_free(ws);

	/* the beneficiary's sync an hour after the start: one conflict, kept
	 * on her side, recorded at the clock's moment in the zone of the
	 * workspace, whatever the process's */
	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	sync_at(T0 + 3600, ben, &r);
	assert_int_equal(r.conflicts.n, 1);
	assert_string_equal(r.conflicts.v[0], "todo/20261207T000000Z-aaaa.yaml");
	bilan_sync_report_clear(&r);
	ws = open_ws(ben);
	struct bilan_conflicts cl = BILAN_CONFLICTS_INIT;
	assert_int_equal(bilan_conflicts_load(&cl, ws, &err), 0);
	assert_int_equal(cl.n, 1);
	assert_true(cl.v[0].open);
	assert_string_equal(cl.v[0].date, "2026-12-07T01:30:00+01:00");
	bilan_conflicts_clear(&cl);
	bilan_ws_free(ws);
	expect_sh("git -C '%s' log -1 --format=%%at main", ben, "1796603400");
	expect_sh("grep '^due:' '%s/todo/20261207T000000Z-aaaa.yaml' || echo none", ben,
		  "due: \"2026-12-11\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dates_of_a_round_trip, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
