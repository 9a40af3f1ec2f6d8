/* test-git.c - the one wrapper of libgit2's start and errors (lib/git.h):
 * its mapping of libgit2's codes, and a locked repository giving
 * BILAN_ELOCKED (exit 75) with its hint through every path. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "git.h"
#include "vcs.h"

static void test_codes(void **state)
{
	(void)state;
	assert_int_equal(bilan_git_code(0), 0);
	assert_int_equal(bilan_git_code(3), 0);
	assert_int_equal(bilan_git_code(GIT_ELOCKED), BILAN_ELOCKED);
	assert_int_equal(bilan_git_code(GIT_EMODIFIED), BILAN_EAGAIN);
	assert_int_equal(bilan_git_code(GIT_ENOTFOUND), BILAN_ENOTFOUND);
	assert_int_equal(bilan_git_code(GIT_EEXISTS), BILAN_EEXISTS);
	assert_int_equal(bilan_git_code(GIT_ERROR), BILAN_EFAIL);
	assert_int_equal(bilan_git_code(GIT_EAUTH), BILAN_EFAIL);
}

/* Started twice: one start, no harm. */
static void test_init_once(void **state)
{
	(void)state;
	bilan_git_init();
	bilan_git_init();
	assert_int_equal(git_libgit2_init(), 2);   /* ours, and this one */
	git_libgit2_shutdown();
}

/* libgit2's message is appended, neutralised (no line of its own). */
static void test_fail_message(void **state)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	(void)state;
	bilan_git_init();
	git_error_set_str(GIT_ERROR_OS, "bad\nline");
	assert_int_equal(bilan_git_fail(&err, GIT_ERROR, "cannot %s", "go"), BILAN_EFAIL);
	assert_string_equal(err.message, "cannot go: bad\\x0aline");
	assert_string_equal(err.hint, "");
	git_error_clear();
	assert_int_equal(bilan_git_fail(&err, 1, "%s", "nothing known"), BILAN_EFAIL);
	assert_string_equal(err.message, "nothing known");
}

/* A real lock: libgit2's GIT_ELOCKED becomes BILAN_ELOCKED with the hint,
 * both through lib/vcs.c and through bilan_git_fail called directly (the
 * path of share.c's configuration). */
static void test_locked(void **state)
{
	char dir[] = "/tmp/bilan-test-git-XXXXXX";
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_repo *repo = NULL;
	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(bilan_repo_init(&repo, dir, &err), 0);
	char *lock = bilan_xasprintf("%s/.git/index.lock", dir);
	int fd = open(lock, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	char *file = bilan_xasprintf("%s/a.md", dir);
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fputs("a\n", f);
	fclose(f);
	const char *paths[] = { "a.md" };
	assert_int_equal(bilan_repo_stage_paths(repo, paths, 1, &err), BILAN_ELOCKED);
	assert_string_equal(err.hint, "another program is using the repository; try again");
	unlink(lock);
	free(lock);

	lock = bilan_xasprintf("%s/.git/config.lock", dir);
	fd = open(lock, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	git_repository *git = NULL;
	git_config *cfg = NULL;
	assert_int_equal(git_repository_open(&git, dir), 0);
	assert_int_equal(git_repository_config(&cfg, git), 0);
	int e = git_config_set_string(cfg, "bilan.role", "x");
	err = (struct bilan_error)BILAN_ERROR_INIT;
	assert_int_equal(bilan_git_fail(&err, e, "%s", "cannot configure"), BILAN_ELOCKED);
	assert_string_equal(err.hint, "another program is using the repository; try again");
	git_config_free(cfg);
	git_repository_free(git);
	unlink(lock);
	free(lock);
	bilan_repo_free(repo);
	char *rm = bilan_xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(rm), 0);
	free(rm);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_init_once),
		cmocka_unit_test(test_fail_message),
		cmocka_unit_test(test_locked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
