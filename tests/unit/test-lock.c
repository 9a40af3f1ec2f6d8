/* test-lock.c - the workspace lock (lib/lock.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "settings.h"
#include "fs.h"
#include "lock.h"

struct fx {
	char dir[64];
	char *path;
};

static int setup(void **state)
{
	struct fx *f = bilan_xcalloc(1, sizeof(*f));
	strcpy(f->dir, "/tmp/bilan-test-lock-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	f->path = bilan_xasprintf("%s/bilan.lock", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char *cmd = bilan_xasprintf("rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(cmd);
	free(f->path);
	free(f);
	bilan_settings.lock_timeout = NULL;
	return rc == 0 ? 0 : -1;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_acquire_release(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_lock *l = NULL;
	struct bilan_buf b = BILAN_BUF_INIT;
	struct stat st;
	char pidline[64];

	assert_int_equal(bilan_lock_acquire(&l, f->path, "journal add", 1000, &err), 0);
	assert_non_null(l);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(bilan_fs_read(&b, f->path, 4096, &err), 0);
	snprintf(pidline, sizeof(pidline), "pid=%ld\n", (long)getpid());
	assert_non_null(strstr(b.ptr, pidline));
	assert_non_null(strstr(b.ptr, "\ncommand=journal add\n"));
	assert_non_null(strstr(b.ptr, "\nhost="));
	assert_non_null(strstr(b.ptr, "\nsince="));
	bilan_lock_release(l);
	/* no lock file remains, and the lock can be taken again */
	assert_false(bilan_fs_exists(f->path));
	assert_int_equal(bilan_lock_acquire(&l, f->path, "x", 0, &err), 0);
	bilan_lock_release(l);
	assert_false(bilan_fs_exists(f->path));
	bilan_lock_release(NULL);
	bilan_buf_clear(&b);
}

/* Fork a child that takes the lock, signals through a pipe, then sleeps. */
static pid_t fork_holder(const char *path, const char *command)
{
	int fds[2];
	char c;
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct bilan_lock *l = NULL;
		close(fds[0]);
		if (bilan_lock_acquire(&l, path, command, 5000, NULL) < 0)
			_exit(1);
		if (write(fds[1], "k", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);
	close(fds[0]);
	return pid;
}

static void test_second_acquire_times_out(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_lock *l = NULL;
	pid_t pid = fork_holder(f->path, "piste add");
	char expect[64];

	long long t0 = now_ms();
	assert_int_equal(bilan_lock_acquire(&l, f->path, "journal add", 200, &err), BILAN_ELOCKED);
	long long waited = now_ms() - t0;
	assert_null(l);
	assert_true(waited >= 200);
	assert_true(waited < 2000);
	assert_non_null(strstr(err.message, "'piste add'"));
	snprintf(expect, sizeof(expect), "pid %ld", (long)pid);
	assert_non_null(strstr(err.message, expect));
	assert_non_null(strstr(err.hint, "BILAN_LOCK_TIMEOUT"));

	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	assert_int_equal(bilan_lock_acquire(&l, f->path, "journal add", 1000, &err), 0);
	bilan_lock_release(l);
}

static void test_sigkill_releases(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_lock *l = NULL;
	pid_t pid = fork_holder(f->path, "report");

	assert_int_equal(bilan_lock_acquire(&l, f->path, "journal add", 0, &err), BILAN_ELOCKED);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	long long t0 = now_ms();
	assert_int_equal(bilan_lock_acquire(&l, f->path, "journal add", 0, &err), 0);
	assert_true(now_ms() - t0 < 100);
	bilan_lock_release(l);
}

static void test_waits_for_release(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_lock *l = NULL;
	pid_t pid = fork_holder(f->path, "report");
	pid_t killer = fork();

	assert_true(killer >= 0);
	if (killer == 0) {
		struct timespec ts = { 0, 150 * 1000000L };
		nanosleep(&ts, NULL);
		kill(pid, SIGTERM);
		_exit(0);
	}
	assert_int_equal(bilan_lock_acquire(&l, f->path, "journal add", 5000, &err), 0);
	bilan_lock_release(l);
	waitpid(killer, NULL, 0);
	waitpid(pid, NULL, 0);
}

static void test_timeout_env(void **state)
{
	static const struct {
		const char *value;
		int ms;
	} cases[] = {
		{ NULL, 30000 }, { "", 30000 }, { "5", 5000 }, { "0", 0 },
		{ "0.25", 250 }, { "1,5", 1500 }, { " 2 ", 2000 }, { ".5", 500 },
		{ "abc", 30000 }, { "-1", 30000 }, { "1e3", 30000 }, { "nan", 30000 },
		{ "inf", 30000 }, { "5s", 30000 }, { ".", 30000 },
		{ "99999999999999", 2147483647 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].value)
			bilan_settings.lock_timeout = cases[i].value;
		else
			bilan_settings.lock_timeout = NULL;
		int got = bilan_lock_timeout_ms();
		if (got != cases[i].ms)
			fail_msg("BILAN_LOCK_TIMEOUT=\"%s\": %d, expected %d",
				 cases[i].value ? cases[i].value : "(unset)", got, cases[i].ms);
	}
	bilan_settings.lock_timeout = NULL;
}

static void test_symlink_refused(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_lock *l = NULL;
	char *target = bilan_xasprintf("%s/target", f->dir);

	assert_int_equal(symlink(target, f->path), 0);
	assert_true(bilan_lock_acquire(&l, f->path, "x", 0, &err) < 0);
	assert_null(l);
	assert_false(bilan_fs_exists(target));
	free(target);
}

/* A waiter that opened the file before the holder released it must not
 * keep a lock on the unlinked inode: two processes would then both "hold"
 * the workspace.  Every child adds one to a counter file under the lock
 * with a read-sleep-write cycle that loses updates if two overlap. */
static void test_no_two_holders(void **state)
{
	struct fx *f = *state;
	char *counter = bilan_xasprintf("%s/counter", f->dir);
	enum { CHILDREN = 8, ROUNDS = 12 };
	pid_t pids[CHILDREN];
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_buf b = BILAN_BUF_INIT;

	assert_int_equal(bilan_fs_write_atomic(counter, "0", 1, 0600, &err), 0);
	for (int c = 0; c < CHILDREN; c++) {
		pids[c] = fork();
		assert_true(pids[c] >= 0);
		if (pids[c] == 0) {
			for (int r = 0; r < ROUNDS; r++) {
				struct bilan_lock *l = NULL;
				struct bilan_buf v = BILAN_BUF_INIT;
				if (bilan_lock_acquire(&l, f->path, "count", 600000, NULL) < 0)
					_exit(2);
				if (bilan_fs_read(&v, counter, 64, NULL) < 0)
					_exit(3);
				long n = strtol(v.ptr, NULL, 10) + 1;
				struct timespec ts = { 0, 200 * 1000L };
				nanosleep(&ts, NULL);
				char out[32];
				int len = snprintf(out, sizeof(out), "%ld", n);
				if (bilan_fs_write_atomic(counter, out, (size_t)len, 0600, NULL) < 0)
					_exit(4);
				bilan_buf_clear(&v);
				bilan_lock_release(l);
			}
			free(counter);   /* valgrind checks the children too */
			_exit(0);
		}
	}
	for (int c = 0; c < CHILDREN; c++) {
		int st = 0;
		assert_int_equal(waitpid(pids[c], &st, 0), pids[c]);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	assert_int_equal(bilan_fs_read(&b, counter, 64, &err), 0);
	assert_int_equal(strtol(b.ptr, NULL, 10), CHILDREN * ROUNDS);
	assert_false(bilan_fs_exists(f->path));
	bilan_buf_clear(&b);
	free(counter);
}

/* A file left by a holder killed with SIGKILL is taken, then removed. */
static void test_stale_file_removed(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_lock *l = NULL;
	pid_t pid = fork_holder(f->path, "journal add");

	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_true(bilan_fs_exists(f->path));
	assert_int_equal(bilan_lock_acquire(&l, f->path, "journal add", 0, &err), 0);
	bilan_lock_release(l);
	assert_false(bilan_fs_exists(f->path));
}

/* A holder that is not bilan (flock(1)) writes no record: it is named
 * from /proc/locks. */
static void test_foreign_holder_named(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_lock *l = NULL;
	int fds[2];
	char c, expect[64];

	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		int fd = open(f->path, O_RDWR | O_CREAT, 0600);
		if (fd < 0 || flock(fd, LOCK_EX) < 0 || write(fds[1], "k", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);
	close(fds[0]);
	assert_int_equal(bilan_lock_acquire(&l, f->path, "journal add", 0, &err), BILAN_ELOCKED);
	snprintf(expect, sizeof(expect), "(pid %ld on ", (long)pid);
	if (!access("/proc/locks", R_OK))
		assert_non_null(strstr(err.message, expect));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_int_equal(bilan_lock_acquire(&l, f->path, "journal add", 0, &err), 0);
	bilan_lock_release(l);
}

/* git's lock files left by a killed holder are removed by the next
 * holder; older ones (not the killed holder's) are left to bilan doctor. */
static void test_killed_holder_git_locks(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_lock *l = NULL;
	char *old = bilan_xasprintf("%s/config.lock", f->dir);
	char *index = bilan_xasprintf("%s/index.lock", f->dir);
	char *refdir = bilan_xasprintf("%s/refs/heads", f->dir);
	char *ref = bilan_xasprintf("%s/refs/heads/main.lock", f->dir);
	char *obj = bilan_xasprintf("%s/objects/ab", f->dir);
	char *objlock = bilan_xasprintf("%s/objects/ab/x.lock", f->dir);

	assert_int_equal(bilan_fs_write_atomic(old, "", 0, 0600, &err), 0);
	struct timespec times[2] = { { time(NULL) - 3600, 0 }, { time(NULL) - 3600, 0 } };   /* real clock: a lock file an hour old */
	assert_int_equal(utimensat(AT_FDCWD, old, times, 0), 0);
	assert_int_equal(bilan_fs_mkdir_p(refdir, 0700, &err), 0);
	assert_int_equal(bilan_fs_mkdir_p(obj, 0700, &err), 0);
	pid_t pid = fork_holder(f->path, "journal add");
	assert_int_equal(bilan_fs_write_atomic(index, "", 0, 0600, &err), 0);
	assert_int_equal(bilan_fs_write_atomic(ref, "", 0, 0600, &err), 0);
	assert_int_equal(bilan_fs_write_atomic(objlock, "", 0, 0600, &err), 0);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);

	assert_int_equal(bilan_lock_acquire(&l, f->path, "journal add", 0, &err), 0);
	assert_false(bilan_fs_exists(index));
	assert_false(bilan_fs_exists(ref));
	assert_true(bilan_fs_exists(old));      /* older than the killed holder */
	assert_true(bilan_fs_exists(objlock));  /* objects/ is not searched */
	bilan_lock_release(l);

	/* a normal release leaves no record: nothing is removed next time */
	assert_int_equal(bilan_fs_write_atomic(index, "", 0, 0600, &err), 0);
	assert_int_equal(bilan_lock_acquire(&l, f->path, "journal add", 0, &err), 0);
	assert_true(bilan_fs_exists(index));
	bilan_lock_release(l);
	free(old);
	free(index);
	free(refdir);
	free(ref);
	free(obj);
	free(objlock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_acquire_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_acquire_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sigkill_releases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waits_for_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_env, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_two_holders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_file_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_holder_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_killed_holder_git_locks, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
