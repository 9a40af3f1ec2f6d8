/* test-workspace.c - the workspace transaction (lib/workspace.h) under a
 * fixed clock: init records the zone and the day in it, one commit per
 * transaction dated by the clock, exactly the files written, rollback puts
 * every file back, hand edits are never overwritten, an older format only
 * reads, the zone of bilan.yaml becomes the process's. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "clock.h"
#include "fs.h"
#include "workspace.h"
#include "yaml-tree.h"

static char dir[64];

static char *slurp(const char *rel)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = calloc(1, 65536);
	size_t n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* A shell command's first line of output, in the workspace. */
static char *sh(const char *fmt, const char *arg)
{
	char cmd[512], full[700];
	snprintf(cmd, sizeof(cmd), fmt, arg ? arg : "");
	snprintf(full, sizeof(full), "cd '%s' && %s", dir, cmd);
	FILE *p = popen(full, "r");
	assert_non_null(p);
	char *line = calloc(1, 512);
	if (!fgets(line, 512, p))
		line[0] = '\0';
	line[strcspn(line, "\n")] = '\0';
	pclose(p);
	return line;
}

static int setup(void **state)
{
	(void)state;
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", "/nonexistent", 1);
	snprintf(dir, sizeof(dir), "/tmp/bilan-test-ws.XXXXXX");
	assert_non_null(mkdtemp(dir));
	/* Monday 00:30 in Paris: still Sunday in UTC */
	bilan_clock_fix(1796599800);
	setenv("TZ", "UTC", 1);
	tzset();
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_init_opts o = BILAN_INIT_OPTS_INIT;
	o.name = "Camille Martin";
	o.consultant = "Sophie Durand";
	o.timezone = "Europe/Paris";
	if (bilan_ws_init(dir, &o, &err) < 0)
		fail_msg("init: %s", err.message);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	bilan_clock_unfix();
	return 0;
}

static struct bilan_ws *open_ws(void)
{
	struct bilan_ws *ws = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_ws_open(&ws, dir, &err) < 0)
		fail_msg("open: %s", err.message);
	return ws;
}

static void test_init_in_the_zone(void **state)
{
	(void)state;
	char *cfg = slurp("bilan.yaml");
	assert_non_null(cfg);
	assert_non_null(strstr(cfg, "format: 3\n"));
	assert_non_null(strstr(cfg, "timezone: Europe/Paris\n"));
	/* the start is Monday, the day in Paris, not Sunday (UTC) */
	assert_true(strstr(cfg, "start: \"2026-12-07\"") || strstr(cfg, "start: '2026-12-07'"));
	free(cfg);
	char *when = sh("git log -1 --format=%%at%%n", NULL);
	assert_string_equal(when, "1796599800");
	free(when);
	char *tz = sh("git log -1 --format=%%ai", NULL);
	assert_string_equal(tz, "2026-12-07 00:30:00 +0100");
	free(tz);
	/* opening makes the workspace's zone the process's */
	setenv("TZ", "America/Los_Angeles", 1);
	tzset();
	struct bilan_ws *ws = open_ws();
	assert_string_equal(ws->cfg.timezone, "Europe/Paris");
	assert_string_equal(getenv("TZ"), "Europe/Paris");
	bilan_ws_free(ws);
}

static void test_one_commit_dated_by_the_clock(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_ws *ws = open_ws();
	bilan_clock_fix(1796650000);
	assert_int_equal(bilan_ws_begin(ws, "todo add", &err), 0);
	struct bilan_node *n = bilan_node_map();
	bilan_map_set_str(n, "text", "un");
	assert_int_equal(bilan_ws_write(ws, "todo/a.yaml", n, &err), 0);
	bilan_map_set_str(n, "text", "deux");
	assert_int_equal(bilan_ws_write(ws, "todo/b.yaml", n, &err), 0);
	bilan_node_free(n);
	char oid[64];
	assert_int_equal(bilan_ws_commit(ws, "todo: add", oid, &err), 0);
	assert_true(oid[0] != '\0');
	bilan_ws_free(ws);
	char *count = sh("git rev-list --count HEAD", NULL);
	assert_string_equal(count, "2");
	free(count);
	char *files = sh("git show --name-only --format= HEAD | tr '\\n' ' '", NULL);
	assert_string_equal(files, "todo/a.yaml todo/b.yaml ");
	free(files);
	char *when = sh("git log -1 --format=%%at", NULL);
	assert_string_equal(when, "1796650000");
	free(when);
	char *clean = sh("git status --porcelain | wc -l", NULL);
	assert_string_equal(clean, "0");
	free(clean);
	struct stat st;
	char path[256];
	snprintf(path, sizeof(path), "%s/todo/a.yaml", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void test_rollback_and_hand_edits(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_ws *ws = open_ws();
	assert_int_equal(bilan_ws_begin(ws, "x", &err), 0);
	struct bilan_node *n = bilan_node_map();
	bilan_map_set_str(n, "text", "provisoire");
	assert_int_equal(bilan_ws_write(ws, "todo/c.yaml", n, &err), 0);
	char *before = slurp("bilan.yaml");
	bilan_map_set_str(n, "phase", "terminee");
	assert_int_equal(bilan_ws_write(ws, "bilan.yaml", n, &err), 0);
	bilan_ws_rollback(ws);
	char *after = slurp("bilan.yaml");
	assert_string_equal(before, after);
	assert_null(slurp("todo/c.yaml"));
	free(before);
	free(after);
	char *count = sh("git rev-list --count HEAD", NULL);
	assert_string_equal(count, "1");
	free(count);
	/* a hand edit is never overwritten */
	char path[256];
	snprintf(path, sizeof(path), "%s/bilan.yaml", dir);
	FILE *f = fopen(path, "a");
	assert_non_null(f);
	fputs("# ma note\n", f);
	fclose(f);
	assert_int_equal(bilan_ws_begin(ws, "x", &err), 0);
	assert_true(bilan_ws_write(ws, "bilan.yaml", n, &err) < 0);
	assert_non_null(strstr(err.hint, "bilan save"));
	bilan_ws_rollback(ws);
	char *edited = slurp("bilan.yaml");
	assert_non_null(strstr(edited, "# ma note\n"));
	free(edited);
	bilan_node_free(n);
	bilan_ws_free(ws);
}

static void test_older_format_reads_only(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	char *cfg = slurp("bilan.yaml");
	assert_non_null(cfg);
	char *p = strstr(cfg, "format: 3");
	assert_non_null(p);
	p[8] = '1';
	static const char zline[] = "timezone: Europe/Paris\n";
	char *tz = strstr(cfg, zline);
	assert_non_null(tz);
	size_t rest = strlen(tz) - (sizeof(zline) - 1);
	memmove(tz, tz + sizeof(zline) - 1, rest + 1);
	assert_int_equal(bilan_fs_write_in(dir, "bilan.yaml", cfg, strlen(cfg), &err), 0);
	free(cfg);
	char *r = sh("git commit -q -m old -- bilan.yaml; echo done", NULL);
	free(r);
	struct bilan_ws *ws = open_ws();
	assert_int_equal(ws->cfg.format, 1);
	assert_null(ws->cfg.timezone);
	assert_int_equal(bilan_ws_begin(ws, "journal add", &err), BILAN_EFAIL);
	assert_non_null(strstr(err.hint, "bilan upgrade"));
	assert_int_equal(bilan_ws_begin(ws, "upgrade", &err), 0);
	bilan_ws_rollback(ws);
	bilan_ws_free(ws);
	/* an unknown zone is an error at its line */
	cfg = slurp("bilan.yaml");
	size_t len = strlen(cfg);
	cfg = realloc(cfg, len + 64);
	strcpy(cfg + len, "timezone: Mars/Olympus\n");
	assert_int_equal(bilan_fs_write_in(dir, "bilan.yaml", cfg, strlen(cfg), &err), 0);
	free(cfg);
	struct bilan_ws *bad = NULL;
	assert_int_equal(bilan_ws_open(&bad, dir, &err), BILAN_EINVALID);
	assert_non_null(strstr(err.message, "Mars/Olympus"));
	assert_true(err.line > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_in_the_zone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_commit_dated_by_the_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_and_hand_edits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_older_format_reads_only, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
