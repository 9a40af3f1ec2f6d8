/* test-gc.c - packing loose objects (lib/gc.h), checked with plain git. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "settings.h"
#include "fs.h"
#include "gc.h"
#include "vcs.h"

static char home[64];

struct fx {
	char dir[64];
	char *gitdir;
	struct bilan_repo *repo;
};

/* Run a shell command in the repository; its stdout (caller frees). */
__attribute__((format(printf, 2, 3)))
static char *sh(const struct fx *f, const char *fmt, ...)
{
	struct bilan_buf cmd = BILAN_BUF_INIT, out = BILAN_BUF_INIT;
	va_list ap;
	char chunk[4096];
	size_t n;

	bilan_buf_printf(&cmd, "cd '%s' && ", f->dir);
	va_start(ap, fmt);
	bilan_buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	FILE *p = popen(cmd.ptr, "r");
	assert_non_null(p);
	bilan_buf_put(&out, "", 0);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		bilan_buf_put(&out, chunk, n);
	int rc = pclose(p);
	if (rc != 0)
		fail_msg("'%s' failed (%d): %s", cmd.ptr, rc, out.ptr);
	bilan_buf_clear(&cmd);
	return bilan_buf_detach(&out);
}

static long sh_num(const struct fx *f, const char *cmd)
{
	char *s = sh(f, "%s", cmd);
	long v = strtol(s, NULL, 10);
	free(s);
	return v;
}

/* n commits of one new file each (a blob, a tree or two and a commit). */
static void make_commits(struct fx *f, int n, int from)
{
	for (int i = from; i < from + n; i++) {
		struct bilan_error err = BILAN_ERROR_INIT;
		char rel[64], text[128], oid[BILAN_OID_HEX];
		snprintf(rel, sizeof(rel), "journal/%02d/%d.yaml", i % 7, i);
		snprintf(text, sizeof(text), "text: entrée %d\n", i);
		if (bilan_fs_write_in(f->dir, rel, text, strlen(text), &err) < 0)
			fail_msg("write: %s", err.message);
		const char *paths[] = { rel };
		struct bilan_commit_opts o = BILAN_COMMIT_OPTS_INIT;
		o.message = "journal: add entry";
		o.command = "journal add";
		if (bilan_repo_commit_paths(f->repo, paths, 1, &o, oid, &err) < 0)
			fail_msg("commit: %s", err.message);
	}
}

static void check_git(const struct fx *f)
{
	free(sh(f, "git fsck --full --strict 2>&1"));
	free(sh(f, "git log --oneline >/dev/null && git diff --cached --quiet"));
}

static int setup(void **state)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct fx *f = bilan_xcalloc(1, sizeof(*f));
	strcpy(f->dir, "/tmp/bilan-test-gc-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	if (bilan_repo_init(&f->repo, f->dir, &err) < 0) {
		fprintf(stderr, "init: %s\n", err.message);
		return -1;
	}
	f->gitdir = bilan_xasprintf("%s/.git", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	bilan_repo_free(f->repo);
	char *cmd = bilan_xasprintf("chmod -R u+w '%s'; rm -rf '%s'", f->dir, f->dir);
	int rc = system(cmd);
	free(cmd);
	free(f->gitdir);
	free(f);
	bilan_settings.gc_auto = NULL;
	return rc == 0 ? 0 : -1;
}

static void test_full(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_gc_stats st;
	struct bilan_gc_opts o = BILAN_GC_OPTS_INIT;

	make_commits(f, 40, 0);
	size_t loose = bilan_gc_count_loose(f->gitdir);
	assert_int_equal((long)loose, sh_num(f, "git count-objects | cut -d' ' -f1"));
	assert_true(loose >= 40 * 3);
	char *before = sh(f, "git log --format='%%H %%T' && git ls-tree -r HEAD");

	o.full = true;
	assert_int_equal(bilan_gc_run(&st, f->dir, &o, &err), 0);
	assert_true(st.ran);
	assert_false(st.cancelled);
	assert_int_equal(st.loose_before, loose);
	assert_int_equal(st.packed, loose);
	assert_int_equal(st.loose_removed, loose);
	assert_int_equal(bilan_gc_count_loose(f->gitdir), 0);
	assert_int_equal(bilan_gc_count_packs(f->gitdir), 1);
	assert_int_equal(sh_num(f, "git count-objects -v | sed -n 's/^in-pack: //p'"), (long)loose);
	check_git(f);
	char *after = sh(f, "git log --format='%%H %%T' && git ls-tree -r HEAD");
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* bilan keeps committing on top of the pack; a second full run
	 * leaves one pack holding everything. */
	make_commits(f, 10, 40);
	assert_int_equal(bilan_gc_run(&st, f->dir, &o, &err), 0);
	assert_int_equal(st.packs_before, 1);
	assert_int_equal(st.packs_removed, 1);
	assert_int_equal(bilan_gc_count_packs(f->gitdir), 1);
	assert_int_equal(bilan_gc_count_loose(f->gitdir), 0);
	check_git(f);

	/* nothing to do */
	assert_int_equal(bilan_gc_run(&st, f->dir, &o, &err), 0);
	assert_false(st.ran);
}

static void test_incremental_batch(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_gc_stats st;
	struct bilan_gc_opts o = BILAN_GC_OPTS_INIT;

	make_commits(f, 30, 0);
	size_t loose = bilan_gc_count_loose(f->gitdir);
	o.max_objects = 25;
	assert_int_equal(bilan_gc_run(&st, f->dir, &o, &err), 0);
	assert_true(st.ran);
	assert_int_equal(st.packed, 25);
	assert_int_equal(st.loose_removed, 25);
	assert_int_equal(bilan_gc_count_loose(f->gitdir), loose - 25);
	check_git(f);
	o.max_objects = 0;
	assert_int_equal(bilan_gc_run(&st, f->dir, &o, &err), 0);
	assert_int_equal(bilan_gc_count_loose(f->gitdir), 0);
	assert_int_equal(bilan_gc_count_packs(f->gitdir), 2);
	check_git(f);
}

/* A run over its time budget removes nothing and leaves no temporary. */
static void test_budget_cancels(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_gc_stats st;
	struct bilan_gc_opts o = BILAN_GC_OPTS_INIT;

	make_commits(f, 60, 0);
	size_t loose = bilan_gc_count_loose(f->gitdir);
	o.budget_ms = 1;   /* scanning 256 folders and packing ~240 objects take longer */
	assert_int_equal(bilan_gc_run(&st, f->dir, &o, &err), 0);
	assert_true(st.cancelled);
	assert_false(st.ran);
	assert_int_equal(bilan_gc_count_loose(f->gitdir), loose);
	assert_int_equal(bilan_gc_count_packs(f->gitdir), 0);
	assert_int_equal(sh_num(f, "ls -A .git/objects/pack | wc -l"), 0);
	check_git(f);
}

/* A corrupt loose object stops the run before anything is removed. */
static void test_corrupt_object(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_gc_stats st;
	struct bilan_gc_opts o = BILAN_GC_OPTS_INIT;

	make_commits(f, 5, 0);
	size_t loose = bilan_gc_count_loose(f->gitdir);
	char *blob = sh(f, "git rev-parse HEAD:journal/00/0.yaml");
	blob[strcspn(blob, "\n")] = '\0';
	char *path = bilan_xasprintf("%s/objects/%.2s/%s", f->gitdir, blob, blob + 2);
	assert_int_equal(chmod(path, 0600), 0);
	int fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "garbage", 7), 7);
	close(fd);

	o.full = true;
	assert_int_equal(bilan_gc_run(&st, f->dir, &o, &err), BILAN_EINVALID);
	assert_non_null(strstr(err.message, "object"));
	assert_non_null(strstr(err.hint, "bilan doctor"));
	assert_int_equal(bilan_gc_count_loose(f->gitdir), loose);
	assert_int_equal(bilan_gc_count_packs(f->gitdir), 0);
	free(blob);
	free(path);
}

/* A pack with a .keep file is never removed. */
static void test_keep_pack(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_gc_stats st;
	struct bilan_gc_opts o = BILAN_GC_OPTS_INIT;

	make_commits(f, 5, 0);
	free(sh(f, "git repack -q -d && for p in .git/objects/pack/*.pack; do touch \"${p%%.pack}.keep\"; done"));
	make_commits(f, 5, 5);
	o.full = true;
	assert_int_equal(bilan_gc_run(&st, f->dir, &o, &err), 0);
	assert_int_equal(st.packs_removed, 0);
	assert_int_equal(bilan_gc_count_packs(f->gitdir), 2);
	assert_int_equal(bilan_gc_count_loose(f->gitdir), 0);
	check_git(f);
}

static void test_auto(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_gc_stats st;

	make_commits(f, 40, 0);
	size_t loose = bilan_gc_count_loose(f->gitdir);
	/* the estimate is in the right range */
	size_t est = bilan_gc_estimate_loose(f->gitdir);
	assert_true(est <= loose * 8);

	bilan_settings.gc_auto = "0";
	assert_int_equal(bilan_gc_auto_threshold(), 0);
	assert_int_equal(bilan_gc_auto(&st, f->dir, &err), 0);
	assert_false(st.ran);
	bilan_settings.gc_auto = "junk";
	assert_int_equal(bilan_gc_auto_threshold(), BILAN_GC_AUTO_DEFAULT);
	bilan_settings.gc_auto = NULL;
	assert_int_equal(bilan_gc_auto_threshold(), BILAN_GC_AUTO_DEFAULT);
	assert_int_equal(bilan_gc_auto(&st, f->dir, &err), 0);
	assert_false(st.ran);   /* under the default threshold */
	assert_int_equal(bilan_gc_count_loose(f->gitdir), loose);

	bilan_settings.gc_auto = "1";
	/* the estimate may be 0 for a small repository: add objects until
	 * a sampled folder has one */
	for (int i = 40; bilan_gc_estimate_loose(f->gitdir) <= 1 && i < 400; i += 5)
		make_commits(f, 5, i);
	assert_int_equal(bilan_gc_auto(&st, f->dir, &err), 0);
	assert_true(st.ran || st.cancelled);
	if (st.ran)
		assert_int_equal(bilan_gc_count_loose(f->gitdir), 0);
	check_git(f);

	/* a recent cancelled run suspends the automatic one */
	make_commits(f, 40, 500);
	char *log = bilan_xasprintf("%s/%s", f->gitdir, BILAN_GC_LOG);
	assert_int_equal(bilan_fs_write_atomic(log, "x\n", 2, 0600, &err), 0);
	loose = bilan_gc_count_loose(f->gitdir);
	assert_int_equal(bilan_gc_auto(&st, f->dir, &err), 0);
	assert_false(st.ran);
	assert_int_equal(bilan_gc_count_loose(f->gitdir), loose);
	/* and a full run clears it */
	struct bilan_gc_opts o = BILAN_GC_OPTS_INIT;
	o.full = true;
	assert_int_equal(bilan_gc_run(&st, f->dir, &o, &err), 0);
	assert_false(bilan_fs_exists(log));
	free(log);
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
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	bilan_settings.gc_auto = NULL;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_incremental_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_budget_cancels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_object, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_pack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auto, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char *cmd = bilan_xasprintf("rm -rf '%s'", home);
	if (system(cmd) != 0)
		rc = 1;
	free(cmd);
	return rc;
}
