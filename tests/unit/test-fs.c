/* test-fs.c - atomic writes, path rules, bounded reads, listing (lib/fs.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fs.h"

struct fx {
	char dir[64];
};

static char *path_in(const struct fx *f, const char *rel)
{
	return bilan_xasprintf("%s/%s", f->dir, rel);
}

static void write_plain(const char *path, const char *s)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(s, fp);
	fclose(fp);
}

static int setup(void **state)
{
	struct fx *f = bilan_xcalloc(1, sizeof(*f));
	strcpy(f->dir, "/tmp/bilan-test-fs-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char *cmd = bilan_xasprintf("rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(cmd);
	free(f);
	return rc == 0 ? 0 : -1;
}

/* Number of entries in dir whose name starts with ".". */
static int count_hidden(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	assert_non_null(d);
	while ((de = readdir(d)))
		if (de->d_name[0] == '.' && strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_write_atomic_replaces(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_buf b = BILAN_BUF_INIT;
	struct stat st;
	char *p = path_in(f, "a.yaml");

	write_plain(p, "old content that is longer\n");
	assert_int_equal(bilan_fs_write_atomic(p, "new\n", 4, 0600, &err), 0);
	assert_int_equal(bilan_fs_read(&b, p, 1024, &err), 0);
	assert_string_equal(b.ptr, "new\n");
	assert_int_equal(b.len, 4);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(count_hidden(f->dir), 0);
	bilan_buf_clear(&b);
	free(p);
}

static void test_write_atomic_missing_parent(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	char *p = path_in(f, "missing/a.yaml");

	assert_int_equal(bilan_fs_write_atomic(p, "x", 1, 0600, &err), BILAN_EFAIL);
	assert_non_null(strstr(err.message, "missing/a.yaml"));
	assert_false(bilan_fs_exists(p));
	assert_int_equal(count_hidden(f->dir), 0);
	free(p);
}

/* Over `ulimit -f` (SIGXFSZ ignored, as the command layer does): EFBIG is
 * reported clearly, the old file is kept and no temporary is left. */
static void test_write_efbig(void **state)
{
	struct fx *f = *state;
	char p[128];
	int status;

	/* Nothing on the heap across fork: valgrind checks the child too. */
	snprintf(p, sizeof(p), "%s/a.yaml", f->dir);
	write_plain(p, "old\n");
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct bilan_error err = BILAN_ERROR_INIT;
		struct rlimit rl = { 100, 100 };
		char big[1000];
		memset(big, 'x', sizeof(big));
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(3);
		if (bilan_fs_write_in(f->dir, "a.yaml", big, sizeof(big), &err) != BILAN_EFAIL)
			_exit(4);
		if (!strstr(err.message, "maximum file size"))
			_exit(5);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	struct bilan_buf b = BILAN_BUF_INIT;
	assert_int_equal(bilan_fs_read(&b, p, 100, NULL), 0);
	assert_string_equal(b.ptr, "old\n");
	assert_int_equal(count_hidden(f->dir), 0);
	bilan_buf_clear(&b);
}

static void test_write_in_creates_dirs(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct stat st;
	char *d = path_in(f, "journal/2024/03");
	char *p = path_in(f, "journal/2024/03/x.yaml");

	assert_int_equal(bilan_fs_write_in(f->dir, "journal/2024/03/x.yaml", "a: 1\n", 5, &err), 0);
	assert_int_equal(stat(d, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_size, 5);
	assert_int_equal(count_hidden(d), 0);
	/* and replace */
	assert_int_equal(bilan_fs_write_in(f->dir, "journal/2024/03/x.yaml", "b\n", 2, &err), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_size, 2);
	free(d);
	free(p);
}

static void test_write_in_symlink_dir(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	char *outside = path_in(f, "outside");
	char *link = path_in(f, "ws/journal");
	char *ws = path_in(f, "ws");
	char *victim = path_in(f, "outside/x.yaml");

	assert_int_equal(mkdir(outside, 0700), 0);
	assert_int_equal(mkdir(ws, 0700), 0);
	assert_int_equal(symlink(outside, link), 0);
	assert_int_equal(bilan_fs_write_in(ws, "journal/x.yaml", "x", 1, &err), BILAN_EINVALID);
	assert_non_null(strstr(err.message, "symbolic link 'journal'"));
	assert_false(bilan_fs_exists(victim));
	/* remove_in does not go through it either */
	write_plain(victim, "keep");
	assert_true(bilan_fs_remove_in(ws, "journal/x.yaml", &err) < 0);
	assert_true(bilan_fs_exists(victim));
	free(outside);
	free(link);
	free(ws);
	free(victim);
}

static void test_write_in_symlink_final(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_buf b = BILAN_BUF_INIT;
	char *target = path_in(f, "target");
	char *link = path_in(f, "link.yaml");

	write_plain(target, "precious");
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(bilan_fs_write_in(f->dir, "link.yaml", "x", 1, &err), BILAN_EINVALID);
	assert_non_null(strstr(err.message, "symbolic link 'link.yaml'"));
	assert_int_equal(bilan_fs_read(&b, target, 100, NULL), 0);
	assert_string_equal(b.ptr, "precious");
	bilan_buf_clear(&b);
	free(target);
	free(link);
}

static void test_rel_path_rules(void **state)
{
	static const struct {
		const char *path;
		bool ok;
	} cases[] = {
		{ "a.yaml", true },
		{ "journal/2024/03/x.yaml", true },
		{ "privé/é.yaml", true },
		{ ".gitignore", true },
		{ "a..b", true },
		{ "", false },
		{ "/etc/passwd", false },
		{ "..", false },
		{ "../x", false },
		{ "a/../b", false },
		{ "a/..", false },
		{ ".", false },
		{ "./a", false },
		{ "a/./b", false },
		{ "a//b", false },
		{ "a/", false },
		{ "a\\b", false },
		{ "c:x", false },
		{ "a\nb", false },
		{ "a\tb", false },
		{ "a\x7f", false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (bilan_fs_rel_path_ok(cases[i].path) != cases[i].ok)
			fail_msg("rel_path_ok(\"%s\") should be %d", cases[i].path, cases[i].ok);
	}
	assert_false(bilan_fs_rel_path_ok(NULL));
}

static void test_write_in_invalid(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	assert_int_equal(bilan_fs_write_in(f->dir, "../x", "x", 1, &err), BILAN_EINVALID);
	assert_int_equal(bilan_fs_remove_in(f->dir, "a/../../x", &err), BILAN_EINVALID);
}

static void test_remove_in_prunes(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	char *j = path_in(f, "journal");
	char *m = path_in(f, "journal/2024/04");

	assert_int_equal(bilan_fs_write_in(f->dir, "journal/2024/03/a.yaml", "a", 1, &err), 0);
	assert_int_equal(bilan_fs_write_in(f->dir, "journal/2024/04/b.yaml", "b", 1, &err), 0);
	assert_int_equal(bilan_fs_remove_in(f->dir, "journal/2024/03/a.yaml", &err), 0);
	assert_true(bilan_fs_is_dir(m));
	assert_int_equal(bilan_fs_remove_in(f->dir, "journal/2024/04/b.yaml", &err), 0);
	assert_false(bilan_fs_exists(j));
	assert_true(bilan_fs_is_dir(f->dir));
	/* ENOENT is not an error, nor a missing parent */
	assert_int_equal(bilan_fs_remove_in(f->dir, "journal/2024/04/b.yaml", &err), 0);
	assert_int_equal(bilan_fs_remove_in(f->dir, "nothing.yaml", &err), 0);
	free(j);
	free(m);
}

static void test_mkdir_p(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	char *p = path_in(f, "a/b/c/");
	char *file = path_in(f, "file");
	char *under = path_in(f, "file/sub");

	assert_int_equal(bilan_fs_mkdir_p(p, 0700, &err), 0);
	assert_true(bilan_fs_is_dir(p));
	assert_int_equal(bilan_fs_mkdir_p(p, 0700, &err), 0);
	write_plain(file, "x");
	assert_true(bilan_fs_mkdir_p(under, 0700, &err) < 0);
	free(p);
	free(file);
	free(under);
}

static void test_read_bounded(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_buf b = BILAN_BUF_INIT;
	char *p = path_in(f, "big");
	char *missing = path_in(f, "missing");

	write_plain(p, "0123456789");
	assert_int_equal(bilan_fs_read(&b, p, 10, &err), 0);
	assert_int_equal(b.len, 10);
	assert_int_equal(bilan_fs_read(&b, p, 9, &err), BILAN_ETOOBIG);
	assert_int_equal(b.len, 0);
	assert_int_equal(bilan_fs_read(&b, missing, 9, &err), BILAN_ENOTFOUND);
	assert_int_equal(bilan_fs_read(&b, f->dir, 9, &err), BILAN_EINVALID);
	bilan_buf_clear(&b);
	free(p);
	free(missing);
}

static void test_read_fd_pipe(void **state)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_buf b = BILAN_BUF_INIT;
	int fds[2];
	(void)state;

	/* Small input: read whole. */
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "hello", 5), 5);
	close(fds[1]);
	assert_int_equal(bilan_fs_read_fd(&b, fds[0], 5, &err), 0);
	assert_string_equal(b.ptr, "hello");
	close(fds[0]);

	/* A writer that never stops: refused after max + 1 bytes, without
	 * waiting for the end of the stream. */
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		char chunk[4096];
		memset(chunk, 'x', sizeof(chunk));
		for (;;)
			if (write(fds[1], chunk, sizeof(chunk)) < 0)
				_exit(0);
	}
	close(fds[1]);
	assert_int_equal(bilan_fs_read_fd(&b, fds[0], 100000, &err), BILAN_ETOOBIG);
	assert_int_equal(b.len, 0);
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	bilan_buf_clear(&b);
}

static void test_list(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_strlist l = BILAN_STRLIST_INIT;
	char *outside = path_in(f, "outside");
	char *link = path_in(f, "ws/linked");
	char *ws = path_in(f, "ws");
	char *o = path_in(f, "outside/o.yaml");
	char *missing = path_in(f, "nope");

	assert_int_equal(mkdir(outside, 0700), 0);
	write_plain(o, "o");
	assert_int_equal(bilan_fs_write_in(f->dir, "ws/b/2.yaml", "x", 1, &err), 0);
	assert_int_equal(bilan_fs_write_in(f->dir, "ws/b/1.yaml", "x", 1, &err), 0);
	assert_int_equal(bilan_fs_write_in(f->dir, "ws/a.yaml", "x", 1, &err), 0);
	assert_int_equal(bilan_fs_write_in(f->dir, "ws/a.txt", "x", 1, &err), 0);
	assert_int_equal(bilan_fs_write_in(f->dir, "ws/.hidden.yaml", "x", 1, &err), 0);
	assert_int_equal(bilan_fs_write_in(f->dir, "ws/.git/c.yaml", "x", 1, &err), 0);
	assert_int_equal(symlink(outside, link), 0);

	assert_int_equal(bilan_fs_list(&l, ws, ".yaml", &err), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0], "a.yaml");
	assert_string_equal(l.v[1], "b/1.yaml");
	assert_string_equal(l.v[2], "b/2.yaml");
	bilan_strlist_clear(&l);

	assert_int_equal(bilan_fs_list(&l, missing, ".yaml", &err), 0);
	assert_int_equal(l.n, 0);
	bilan_strlist_clear(&l);
	free(outside);
	free(link);
	free(ws);
	free(o);
	free(missing);
}

/* "Now" in the file system's time: between the time stamps of a file
 * made before and one made after, nothing left behind; where nothing can
 * be made, the clock. */
static void test_fs_now(void **state)
{
	struct fx *f = *state;
	struct bilan_error err = BILAN_ERROR_INIT;
	char *a = path_in(f, "avant"), *b = path_in(f, "apres");
	struct stat sa, sb;
	assert_int_equal(bilan_fs_write_atomic(a, "a", 1, 0600, &err), 0);
	assert_int_equal(stat(a, &sa), 0);
	int64_t now = bilan_fs_now_ns(f->dir);
	assert_int_equal(bilan_fs_write_atomic(b, "b", 1, 0600, &err), 0);
	assert_int_equal(stat(b, &sb), 0);
	assert_true(now >= (int64_t)sa.st_mtim.tv_sec * 1000000000 + sa.st_mtim.tv_nsec);
	assert_true(now <= (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec);
	struct bilan_strlist l = BILAN_STRLIST_INIT;
	assert_int_equal(bilan_fs_list(&l, f->dir, "", &err), 0);
	assert_int_equal(l.n, 2);   /* avant, apres: nothing left */
	bilan_strlist_clear(&l);
	char *missing = path_in(f, "absent");
	int64_t real = (int64_t)time(NULL) * 1000000000;   /* the real clock: the fallback */
	int64_t fallback = bilan_fs_now_ns(missing);
	assert_true(fallback >= real - 5000000000LL && fallback <= real + 5000000000LL);
	free(missing);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_atomic_replaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_atomic_missing_parent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_efbig, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fs_now, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_in_creates_dirs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_in_symlink_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_in_symlink_final, setup, teardown),
		cmocka_unit_test(test_rel_path_rules),
		cmocka_unit_test_setup_teardown(test_write_in_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_in_prunes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mkdir_p, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_bounded, setup, teardown),
		cmocka_unit_test(test_read_fd_pipe),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
