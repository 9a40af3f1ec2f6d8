/* test-doctor.c - bilan doctor's checks and repairs (lib/doctor.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "settings.h"
#include "doctor.h"
#include "personal.h"
#include "fs.h"
#include "workspace.h"

static char home[64];

struct fx {
	char dir[64];
	struct bilan_ws *ws;
};

static int sh(const struct fx *f, const char *cmd)
{
	char *c = bilan_xasprintf("cd '%s' && { %s; } >/dev/null 2>&1", f->dir, cmd);
	int rc = system(c);
	free(c);
	return rc;
}

static void put(const struct fx *f, const char *rel, const char *text)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_fs_write_in(f->dir, rel, text, strlen(text), &err) < 0)
		fail_msg("write %s: %s", rel, err.message);
}

static int setup(void **state)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_init_opts o = BILAN_INIT_OPTS_INIT;
	struct fx *f = bilan_xcalloc(1, sizeof(*f));
	strcpy(f->dir, "/tmp/bilan-test-doctor-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	o.name = "Camille Martin";
	o.consultant = "Sophie Durand";
	o.language = "fr";
	if (bilan_ws_init(f->dir, &o, &err) < 0 || bilan_ws_open(&f->ws, f->dir, &err) < 0) {
		fprintf(stderr, "init: %s\n", err.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	bilan_ws_free(f->ws);
	char *cmd = bilan_xasprintf("chmod -R u+w '%s'; rm -rf '%s'", f->dir, f->dir);
	int rc = system(cmd);
	free(cmd);
	free(f);
	return rc == 0 ? 0 : -1;
}

/* The finding of check about file, or NULL. */
static const struct bilan_finding *find(const struct bilan_findings *fs, const char *check,
					const char *file)
{
	for (size_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->v[i].check, check) &&
		    (!file || (fs->v[i].file && !strcmp(fs->v[i].file, file))))
			return &fs->v[i];
	return NULL;
}

static void dump(const struct bilan_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		fprintf(stderr, "  [%s] %s: %s\n", fs->v[i].check,
			fs->v[i].file ? fs->v[i].file : "-", fs->v[i].message);
}

static void test_clean_workspace(void **state)
{
	struct fx *f = *state;
	struct bilan_findings fs = BILAN_FINDINGS_INIT;
	struct bilan_doctor_result res;
	struct bilan_error err = BILAN_ERROR_INIT;

	assert_int_equal(bilan_doctor_run(&fs, &res, f->ws, false, &err), 0);
	if (fs.n)
		dump(&fs);
	assert_int_equal(fs.n, 0);
	assert_int_equal(res.errors + res.warnings + res.fixed, 0);
	/* --fix on a clean workspace changes nothing, makes no commit */
	assert_int_equal(bilan_doctor_run(&fs, &res, f->ws, true, &err), 0);
	assert_int_equal(fs.n, 0);
	assert_string_equal(res.commit, "");
	bilan_findings_clear(&fs);
}

static void test_finds_and_fixes(void **state)
{
	struct fx *f = *state;
	struct bilan_findings fs = BILAN_FINDINGS_INIT;
	struct bilan_doctor_result res;
	struct bilan_error err = BILAN_ERROR_INIT;

	/* a stale bilan lock, a git lock, a temporary, wrong modes */
	put(f, ".git/bilan.lock", "pid=1\ncommand=journal add\n");
	put(f, ".git/index.lock", "");
	put(f, "journal/.x.yaml.tmp-Ab12Cd", "text: x\n");      /* the only copy */
	put(f, "journal/.z.yaml.tmp-Zz12Zz", "text: cut sh");   /* perhaps partial */
	assert_int_equal(sh(f, "chmod 644 bilan.yaml && chmod 755 journal"), 0);

	assert_int_equal(bilan_doctor_run(&fs, &res, f->ws, false, &err), 0);
	const struct bilan_finding *x;
	assert_non_null(x = find(&fs, "lock", ".git/bilan.lock"));
	assert_int_equal(x->severity, BILAN_SEV_WARNING);
	assert_true(x->fixable);
	assert_non_null(strstr(x->message, "journal add"));
	assert_non_null(x = find(&fs, "lock", ".git/index.lock"));
	assert_int_equal(x->severity, BILAN_SEV_ERROR);
	assert_non_null(x = find(&fs, "orphan", "journal/.x.yaml.tmp-Ab12Cd"));
	assert_true(x->fixable);
	assert_non_null(strstr(x->message, "only copy"));
	assert_non_null(x = find(&fs, "orphan", "journal/.z.yaml.tmp-Zz12Zz"));
	assert_false(x->fixable);   /* never deleted: it may be all there is */
	assert_non_null(x = find(&fs, "permissions", "bilan.yaml"));
	assert_non_null(strstr(x->message, "0644"));
	assert_non_null(find(&fs, "permissions", "journal"));
	assert_true(res.errors >= 1);
	bilan_findings_clear(&fs);

	assert_int_equal(bilan_doctor_run(&fs, &res, f->ws, true, &err), 0);
	assert_int_equal(res.errors, 0);
	assert_true(res.fixed >= 5);
	assert_string_equal(res.commit, "");   /* no mode change git records */
	bilan_findings_clear(&fs);
	assert_int_equal(sh(f, "test ! -e .git/bilan.lock && test ! -e .git/index.lock && "
			       "test ! -e journal/.x.yaml.tmp-Ab12Cd && test \"$(cat journal/x.yaml)\" = 'text: x' && "
			       "test -e journal/.z.yaml.tmp-Zz12Zz && "
			       "test \"$(stat -c %a bilan.yaml journal | tr '\\n' ' ')\" = '600 700 '"), 0);

	/* and then all is well, once the person has looked at the restored
	 * file and at the partial one (and deleted both, here) */
	assert_int_equal(sh(f, "rm journal/.z.yaml.tmp-Zz12Zz journal/x.yaml"), 0);
	assert_int_equal(bilan_doctor_run(&fs, &res, f->ws, false, &err), 0);
	if (fs.n)
		dump(&fs);
	assert_int_equal(fs.n, 0);
	bilan_findings_clear(&fs);
}

/* An executable bit that was committed is removed by a commit. */
static void test_mode_fix_committed(void **state)
{
	struct fx *f = *state;
	struct bilan_findings fs = BILAN_FINDINGS_INIT;
	struct bilan_doctor_result res;
	struct bilan_error err = BILAN_ERROR_INIT;

	assert_int_equal(sh(f, "chmod 700 bilan.yaml && git add bilan.yaml && git commit -qm x"), 0);
	assert_int_equal(bilan_doctor_run(&fs, &res, f->ws, true, &err), 0);
	assert_int_equal(res.errors, 0);
	assert_int_not_equal(res.commit[0], '\0');
	bilan_findings_clear(&fs);
	assert_int_equal(sh(f, "test \"$(git ls-tree HEAD bilan.yaml | cut -c1-6)\" = 100644 && "
			       "test -z \"$(git status --porcelain)\" && "
			       "git log -1 --format=%s | grep -qx 'doctor: fix file permissions' && "
			       "git fsck --full --strict"), 0);
}

/* A running command: nothing is fixed, nothing of its work is touched. */
static void test_held_lock(void **state)
{
	struct fx *f = *state;
	struct bilan_findings fs = BILAN_FINDINGS_INIT;
	struct bilan_doctor_result res;
	struct bilan_error err = BILAN_ERROR_INIT;
	int fds[2];
	char c;

	put(f, "journal/.y.yaml.tmp-Zz99Yy", "text: y");
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *p = bilan_xasprintf("%s/.git/bilan.lock", f->dir);
		int fd = open(p, O_RDWR | O_CREAT, 0600);
		if (fd < 0 || flock(fd, LOCK_EX) < 0 ||
		    write(fd, "pid=1\ncommand=piste set\n", 24) != 24 || write(fds[1], "k", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);
	close(fds[0]);
	assert_int_equal(bilan_doctor_run(&fs, &res, f->ws, true, &err), BILAN_ELOCKED);
	const struct bilan_finding *x = find(&fs, "lock", ".git/bilan.lock");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "piste set"));
	assert_null(find(&fs, "orphan", NULL));   /* maybe the holder's own write */
	bilan_findings_clear(&fs);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_int_equal(sh(f, "test -e journal/.y.yaml.tmp-Zz99Yy"), 0);
}

static void test_privacy(void **state)
{
	struct fx *f = *state;
	struct bilan_findings fs = BILAN_FINDINGS_INIT;
	struct bilan_doctor_result res;
	struct bilan_error err = BILAN_ERROR_INIT;

	put(f, "journal/2026/11/a.yaml", "id: a\ntext: ok\nprivate: true\n");
	put(f, "notes/appel.md", "Rappeler\nMarie au 06 12 34 56 78 ou marie.d@exemple.fr\n");
	put(f, "pistes/x.yaml", "title: X\nemail: \"x@y.fr\"\n");
	put(f, "private/contacts/marie.yaml", "name: Marie\nphone: \"0612345678\"\nemail: m@e.fr\n");
	put(f, "private/journal/2026/11/b.yaml", "private: true\ntext: m@e.fr\n");

	assert_int_equal(bilan_doctor_run(&fs, &res, f->ws, false, &err), 0);
	const struct bilan_finding *x;
	assert_non_null(x = find(&fs, "privacy", "journal/2026/11/a.yaml"));
	assert_int_equal(x->severity, BILAN_SEV_ERROR);
	assert_int_equal(x->line, 3);
	assert_non_null(x = find(&fs, "privacy", "pistes/x.yaml"));
	assert_int_equal(x->severity, BILAN_SEV_ERROR);
	size_t phone = 0, email = 0;
	for (size_t i = 0; i < fs.n; i++) {
		if (strcmp(fs.v[i].check, "privacy") || !fs.v[i].file)
			continue;
		assert_true(strncmp(fs.v[i].file, "private/", 8) != 0);
		/* never the address or number itself */
		assert_null(strstr(fs.v[i].message, "exemple"));
		assert_null(strstr(fs.v[i].message, "06 12"));
		if (!strcmp(fs.v[i].file, "notes/appel.md")) {
			assert_int_equal(fs.v[i].severity, BILAN_SEV_WARNING);
			assert_int_equal(fs.v[i].line, 2);
			if (strstr(fs.v[i].message, "phone")) {
				phone++;
				assert_int_equal(fs.v[i].col, 10);
			} else {
				email++;
				assert_int_equal(fs.v[i].col, 28);
			}
		}
	}
	assert_int_equal(phone, 1);
	assert_int_equal(email, 1);
	bilan_findings_clear(&fs);
}

static void test_scanners(void **state)
{
	static const struct {
		const char *text;
		bool email, phone;
	} cases[] = {
		{ "marie.dupont@exemple.fr", true, false },
		{ "écrire à jean+bilan@mail.example.com.", true, false },
		{ "@twitter ou a@b ou x@y.z ou foo@bar.123", false, false },
		{ "06 12 34 56 78", false, true },
		{ "06.12.34.56.78", false, true },
		{ "06-12-34-56-78", false, true },
		{ "0612345678", false, true },
		{ "+33 6 12 34 56 78", false, true },
		{ "+33612345678", false, true },
		{ "+33 (0)6 12 34 56 78", false, true },
		{ "0033 1 44 55 66 77", false, true },
		{ "tel: 01 44 55 66 77.", false, true },
		{ "2026-11-27, 20261127T143205Z-k3f9, M1805", false, false },
		{ "06 12 34 56", false, false },
		{ "06 12.34 56 78", false, false },
		{ "00 12 34 56 78", false, false },
		{ "061234567890", false, false },
		{ "1206123456789", false, false },
		{ "durée 1h30, 120 min, 0,5 j", false, false },
		{ "06 12 34 56 78 90", false, false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *t = cases[i].text;
		size_t pos = 0, s, e;
		bool em = bilan_find_email(t, strlen(t), &pos, &s, &e);
		pos = 0;
		bool ph = bilan_find_phone(t, strlen(t), &pos, &s, &e);
		if (em != cases[i].email || ph != cases[i].phone)
			fail_msg("'%s': email %d phone %d, expected %d %d", t, em, ph,
				 cases[i].email, cases[i].phone);
	}
	static const struct {
		const char *text;
		bool address;
	} addresses[] = {
		{ "12 rue des Lilas", true },
		{ "habite au 3 bis, avenue Foch", true },
		{ "4 bd Voltaire", true },
		{ "75011 Paris", true },
		{ "69003 Lyon, tout près", true },
		{ "13100 Aix-en-Provence", true },
		{ "2 Rue de la Paix", true },
		{ "en 2026 Paris recrute", false },
		{ "12000 euros par an", false },
		{ "20261127T143205Z-k3f9, M1805, 2 heures de route", false },
		{ "3 places de parking", false },
		{ "1h30 le 12 rue", false },
		{ "00100 Roma", false },
	};
	for (size_t i = 0; i < sizeof(addresses) / sizeof(addresses[0]); i++) {
		const char *t = addresses[i].text;
		size_t pos = 0, s, e;
		bool ad = bilan_find_address(t, strlen(t), &pos, &s, &e);
		if (ad != addresses[i].address)
			fail_msg("'%s': address %d, expected %d", t, ad, addresses[i].address);
	}
	const char *t = "voir a@b.fr puis c@d.org";
	size_t pos = 0, s, e;
	assert_true(bilan_find_email(t, strlen(t), &pos, &s, &e));
	assert_int_equal(s, 5);
	assert_int_equal(e, 11);
	assert_true(bilan_find_email(t, strlen(t), &pos, &s, &e));
	assert_int_equal(s, 17);
	assert_false(bilan_find_email(t, strlen(t), &pos, &s, &e));
}

/* A damaged object and a missing one are named; nothing is "fixed". */
static void test_damaged_repository(void **state)
{
	struct fx *f = *state;
	struct bilan_findings fs = BILAN_FINDINGS_INIT;
	struct bilan_doctor_result res;
	struct bilan_error err = BILAN_ERROR_INIT;

	assert_int_equal(sh(f, "b=$(git rev-parse HEAD:bilan.yaml) && p=.git/objects/$(echo $b | cut -c1-2)/$(echo $b | cut -c3-) && "
			       "chmod u+w $p && printf garbage > $p"), 0);
	assert_int_equal(bilan_doctor_run(&fs, &res, f->ws, false, &err), 0);
	const struct bilan_finding *x = find(&fs, "repository", ".git/objects");
	assert_non_null(x);
	assert_int_equal(x->severity, BILAN_SEV_ERROR);
	assert_non_null(strstr(x->message, "damaged"));
	assert_true(res.errors >= 1);
	bilan_findings_clear(&fs);

	assert_int_equal(sh(f, "b=$(git rev-parse HEAD:bilan.yaml) && rm -f .git/objects/$(echo $b | cut -c1-2)/$(echo $b | cut -c3-)"), 0);
	assert_int_equal(bilan_doctor_run(&fs, &res, f->ws, false, &err), 0);
	x = find(&fs, "repository", ".git");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "missing"));
	bilan_findings_clear(&fs);
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
	setenv("GIT_AUTHOR_NAME", "Test", 1);
	setenv("GIT_AUTHOR_EMAIL", "t@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "Test", 1);
	setenv("GIT_COMMITTER_EMAIL", "t@example.org", 1);
	bilan_settings.schema_dir = TEST_SOURCE_DIR "/../schemas";
	unsetenv("GIT_DIR");
	bilan_settings.gc_auto = NULL;
	umask(077);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clean_workspace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finds_and_fixes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode_fix_committed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_held_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_privacy, setup, teardown),
		cmocka_unit_test(test_scanners),
		cmocka_unit_test_setup_teardown(test_damaged_repository, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char *cmd = bilan_xasprintf("rm -rf '%s'", home);
	if (system(cmd) != 0)
		rc = 1;
	free(cmd);
	return rc;
}
