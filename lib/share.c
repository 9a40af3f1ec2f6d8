/* share.c - what is shared, the generated files, the repository's
 * configuration, the shared branch, the checks before publishing (see
 * share.h).  The consent is share-consent.c's, a remote's address
 * share-url.c's, the local state share-state.c's. */
#include "share.h"
#include "closing.h"
#include "clock.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "enquete.h"
#include "fs.h"
#include "git.h"
#include "hooks.h"
#include "i18n.h"
#include "id.h"
#include "journal.h"
#include "merge.h"
#include "personal.h"
#include "piste.h"
#include "questionnaire.h"
#include "report.h"
#include "seance.h"
#include "text.h"
#include "todo.h"
#include "vcs.h"

/* ------------------------------------------------------------------ */
/* what is shared */

bool bilan_share_is_generated(const char *rel)
{
	return !strcmp(rel, BILAN_SHARE_README) || !strcmp(rel, BILAN_SHARE_RAPPORT) ||
	       !strcmp(rel, BILAN_SHARE_RESUME);
}

static bool under_dir(const char *rel, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(rel, dir, n) && (rel[n] == '\0' || rel[n] == '/');
}

bool bilan_share_path_shared(const char *rel, const struct bilan_strlist *forgotten)
{
	if (under_dir(rel, BILAN_PRIVATE_DIR) || bilan_conflict_is_own_file(rel))
		return false;
	if (bilan_share_is_generated(rel))
		return false;
	for (size_t i = 0; forgotten && i < forgotten->n; i++)
		if (under_dir(rel, forgotten->v[i]))
			return false;
	return true;
}

bool bilan_share_in_layout(const char *rel, bool dir)
{
	static const char *const dirs[] = { "journal", "tests", "questionnaires", "guides",
					    "pistes", "enquetes", "seances", "todo", NULL };
	static const char *const files[] = { BILAN_CONFIG_FILE, ".gitignore", BILAN_SHARE_FILE,
					     NULL };
	const char *slash = strchr(rel, '/');
	size_t top = slash ? (size_t)(slash - rel) : strlen(rel);
	if (!slash && !dir) {
		for (size_t i = 0; files[i]; i++)
			if (!strcmp(rel, files[i]))
				return true;
		return false;
	}
	/* the versions of the synthèse handed over, in any format (closing.h) */
	char day[11];
	if (top == strlen(BILAN_SYNTHESE_DIR) && !strncmp(rel, BILAN_SYNTHESE_DIR, top))
		return dir || bilan_synthese_version_day(day, rel);
	bool known = false;
	for (size_t i = 0; dirs[i] && !known; i++)
		known = strlen(dirs[i]) == top && !strncmp(rel, dirs[i], top);
	if (!known)
		return false;
	size_t n = strlen(rel);
	return dir || (n > 5 && !strcmp(rel + n - 5, ".yaml"));
}

/* ------------------------------------------------------------------ */
/* generated files */

static void day_of(char *buf, int64_t t)
{
	struct bilan_time bt = { t, 0, false };
	struct tm tm;
	bilan_time_local(&bt, &tm);
	snprintf(buf, BILAN_TIME_ISO_MAX, "%04d-%02d-%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday);
}

static void readme(struct bilan_buf *b, const struct bilan_ws *ws, bool has_rapport)
{
	const struct bilan_config *c = &ws->cfg;
	bilan_buf_printf(b, "# Bilan de compétences — %s\n\n",
			 c->name && *c->name ? c->name : "bénéficiaire");
	bilan_buf_puts(b,
		"Ce dépôt est la partie partagée de l'espace de travail `bilan` du ou de la "
		"bénéficiaire, publiée avec son accord (voir `partage.yaml`). Il est "
		"reconstruit à chaque `bilan sync` : tout ce qui n'est pas sous `private/` "
		"y figure ; rien de ce qui est privé n'y entre jamais.\n\n"
		"## Comment le lire\n\n");
	if (has_rapport)
		bilan_buf_puts(b, "- `RAPPORT.md` : le rapport de suivi, lisible sur toute forge git.\n");
	bilan_buf_puts(b,
		"- `resume.yaml` : le résumé chiffré (heures par semaine, y compris le temps "
		"passé sur des notes privées — des totaux, jamais leur contenu —, nombre "
		"d'entrées, de tests, de pistes, d'enquêtes, tâches ouvertes, prochaine séance).\n"
		"- `bilan.yaml` : le cadre du bilan (dates, phase, objectif hebdomadaire).\n"
		"- `journal/` : le journal de bord, une entrée par fichier.\n"
		"- `pistes/`, `enquetes/`, `seances/`, `todo/`, `tests/` : pistes "
		"professionnelles, enquêtes métier, séances, tâches, résultats de questionnaires.\n\n"
		"## Pour la ou le consultant\n\n"
		"`git clone` de ce dépôt donne une copie de travail : toutes les commandes de "
		"lecture de `bilan` y fonctionnent (`bilan status`, `bilan report`…). Ce que vous "
		"y ajoutez (tâches, entrées `retour`) revient au ou à la bénéficiaire avec "
		"`bilan sync`. Ces fichiers générés (README.md, RAPPORT.md, resume.yaml) sont "
		"refaits à chaque synchronisation : ne les modifiez pas.\n");
}

static void set_day(struct bilan_node *m, const char *key, bool has, const struct bilan_time *t)
{
	if (!has) {
		bilan_map_set(m, key, bilan_node_null());
		return;
	}
	char d[BILAN_TIME_ISO_MAX];
	struct bilan_time x = *t;
	x.has_time = false;
	bilan_time_format_iso(d, &x);
	bilan_map_set_str(m, key, d);
}

static void note_missing(struct bilan_share_generated *g, const char *what,
			 struct bilan_diags *d, size_t before)
{
	if (d->n > before)
		bilan_strlist_add(&g->missing, what);
}

static struct bilan_node *resume(struct bilan_share_generated *g, const struct bilan_ws *ws,
				 int64_t now)
{
	const struct bilan_config *c = &ws->cfg;
	struct bilan_node *r = bilan_node_map();
	struct bilan_diags d = BILAN_DIAGS_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;

	bilan_map_set_int(r, "format", 1);
	bilan_map_set_str(r, "beneficiary", c->name ? c->name : "");
	bilan_map_set_str(r, "consultant", c->consultant ? c->consultant : "");
	if (c->provider)
		bilan_map_set_str(r, "provider", c->provider);
	bilan_map_set_str(r, "phase", bilan_phase_name(c->phase));
	set_day(r, "start", c->has_start, &c->start);
	set_day(r, "end", c->has_end, &c->end);
	if (c->has_retention)
		set_day(r, "retention_until", true, &c->retention_until);
	else
		set_day(r, "retention_until", c->has_end, &c->end);
	bilan_map_set_int(r, "weekly_goal_minutes", c->weekly_goal);

	/* Time: journal weeks (private entries included: sums only). */
	struct bilan_node *hours = bilan_node_map();
	int64_t since = c->has_start ? c->start.t : now;
	if (since > now)
		since = now;
	/* at most a year of weeks */
	if (now - since > 53LL * 7 * 86400)
		since = now - 53LL * 7 * 86400;
	struct bilan_week_total *weeks = NULL;
	size_t nweeks = 0, before = d.n;
	long long total = 0;
	struct bilan_node *wl = bilan_node_seq();
	if (bilan_journal_weeks(&weeks, &nweeks, ws, since, now, &d, &err) == 0) {
		for (size_t i = 0; i < nweeks; i++) {
			struct bilan_node *w = bilan_node_map();
			char wk[16], day[BILAN_TIME_ISO_MAX];
			snprintf(wk, sizeof(wk), "%04d-W%02d", weeks[i].year, weeks[i].week);
			day_of(day, weeks[i].start);
			bilan_map_set_str(w, "week", wk);
			bilan_map_set_str(w, "start", day);
			bilan_map_set_int(w, "minutes", weeks[i].minutes);
			bilan_seq_append(wl, w);
			total += weeks[i].minutes;
		}
	} else {
		bilan_diags_add_error(&d, &err);
	}
	free(weeks);
	note_missing(g, "journal", &d, before);
	bilan_map_set_int(hours, "journal_minutes", total);

	/* Séances: hours used out of the legal 24. */
	struct bilan_seances se = BILAN_SEANCES_INIT;
	const char *next = NULL;
	char next_iso[BILAN_TIME_ISO_MAX] = "";
	before = d.n;
	if (bilan_seances_load(&se, ws, &d, &err) == 0) {
		bilan_map_set_int(hours, "seances_minutes", bilan_seances_attended(&se));
		bilan_map_set_int(hours, "seances_planned_minutes", bilan_seances_planned(&se));
		const struct bilan_seance *s = bilan_seance_next(&se, now);
		if (s) {
			bilan_time_format_iso(next_iso, &s->date);
			next = next_iso;
		}
	} else {
		bilan_diags_add_error(&d, &err);
	}
	note_missing(g, "seances", &d, before);
	bilan_seances_clear(&se);
	bilan_map_set(hours, "weeks", wl);
	bilan_map_set(r, "hours", hours);

	/* Counts (shared records only: private ones stay uncounted). */
	struct bilan_node *counts = bilan_node_map();
	char *jdir = bilan_ws_path(ws, BILAN_JOURNAL_DIR);
	struct bilan_strlist files = BILAN_STRLIST_INIT;
	bilan_fs_list(&files, jdir, ".yaml", NULL);
	bilan_map_set_int(counts, "journal_entries", (long long)files.n);
	bilan_strlist_clear(&files);
	free(jdir);

	long long tests = 0;
	struct bilan_strlist qids = BILAN_STRLIST_INIT;
	if (bilan_q_results_ids(&qids, ws->root, NULL) == 0) {
		for (size_t i = 0; i < qids.n; i++) {
			struct bilan_strlist rf = BILAN_STRLIST_INIT;
			if (bilan_q_results_files(&rf, ws->root, qids.v[i], NULL) == 0)
				for (size_t k = 0; k < rf.n; k++)
					tests += strncmp(rf.v[k], "private/", 8) != 0;
			bilan_strlist_clear(&rf);
		}
	}
	bilan_strlist_clear(&qids);
	bilan_map_set_int(counts, "tests_taken", tests);

	struct bilan_pistes pi = BILAN_PISTES_INIT;
	before = d.n;
	long long pv = 0, po = 0, pe = 0;
	if (bilan_pistes_load(&pi, ws, &d, &err) == 0) {
		for (size_t i = 0; i < pi.n; i++) {
			if (pi.v[i].status == BILAN_PISTE_VALIDEE)
				pv++;
			else if (pi.v[i].status == BILAN_PISTE_ECARTEE)
				pe++;
			else
				po++;
		}
	} else {
		bilan_diags_add_error(&d, &err);
	}
	note_missing(g, "pistes", &d, before);
	bilan_map_set_int(counts, "pistes", (long long)pi.n);
	bilan_map_set_int(counts, "pistes_validees", pv);
	bilan_map_set_int(counts, "pistes_ouvertes", po);
	bilan_map_set_int(counts, "pistes_ecartees", pe);
	bilan_pistes_clear(&pi);

	struct bilan_enquetes en = BILAN_ENQUETES_INIT;
	long long ed = 0;
	before = d.n;
	if (bilan_enquetes_load(&en, ws, &d, &err) == 0) {
		for (size_t i = 0; i < en.n; i++)
			ed += en.v[i].status == BILAN_ENQUETE_REALISEE;
	} else {
		bilan_diags_add_error(&d, &err);
	}
	note_missing(g, "enquetes", &d, before);
	bilan_map_set_int(counts, "enquetes", (long long)en.n);
	bilan_map_set_int(counts, "enquetes_realisees", ed);
	bilan_enquetes_clear(&en);
	bilan_map_set(r, "counts", counts);

	struct bilan_todos td = BILAN_TODOS_INIT;
	struct bilan_node *todo = bilan_node_map();
	struct bilan_node *due = bilan_node_seq();
	long long open = 0;
	before = d.n;
	if (bilan_todos_load(&td, ws, now, &d, &err) == 0) {
		for (size_t i = 0; i < td.n; i++) {
			if (td.v[i].done)
				continue;
			open++;
			if (td.v[i].has_due) {
				char dd[BILAN_TIME_ISO_MAX];
				struct bilan_time x = td.v[i].due;
				x.has_time = false;
				bilan_time_format_iso(dd, &x);
				bilan_seq_append(due, bilan_node_str(dd));
			}
		}
	} else {
		bilan_diags_add_error(&d, &err);
	}
	note_missing(g, "todo", &d, before);
	bilan_todos_clear(&td);
	bilan_map_set_int(todo, "open", open);
	bilan_map_set(todo, "open_due", due);
	bilan_map_set(r, "todo", todo);
	bilan_map_set(r, "next_meeting", next ? bilan_node_str(next) : bilan_node_null());

	struct bilan_time last;
	bool found = false;
	if (bilan_journal_last_date(&last, &found, ws, NULL) == 0 && found) {
		char l[BILAN_TIME_ISO_MAX];
		bilan_time_format_iso(l, &last);
		bilan_map_set_str(r, "last_activity", l);
	} else {
		set_day(r, "last_activity", c->has_start, &c->start);
	}
	bilan_diags_clear(&d);
	return r;
}

int bilan_share_generate(struct bilan_share_generated *out, const struct bilan_ws *ws,
			 int64_t now, struct bilan_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!now)
		now = bilan_now();
	/* RAPPORT.md: the suivi report, private content left out. */
	struct bilan_report *rep = NULL;
	struct bilan_report_opts ro = BILAN_REPORT_OPTS_INIT;
	struct bilan_error rerr = BILAN_ERROR_INIT;
	ro.kind = BILAN_REPORT_SUIVI;
	ro.include_private = false;
	ro.now = now;
	if (bilan_report_build(&rep, ws, &ro, &rerr) == 0) {
		bilan_report_render(&out->rapport, rep, BILAN_REPORT_MD, NULL);
		out->has_rapport = true;
	} else {
		bilan_strlist_add(&out->missing, "rapport");
	}
	bilan_report_free(rep);
	readme(&out->readme, ws, out->has_rapport);
	struct bilan_node *r = resume(out, ws, now);
	bilan_buf_puts(&out->resume,
		       "# Généré par bilan sync : résumé chiffré, sans contenu privé.\n");
	int rc = bilan_yaml_emit(&out->resume, r, err);
	bilan_node_free(r);
	if (rc < 0)
		bilan_share_generated_clear(out);
	return rc;
}

void bilan_share_generated_clear(struct bilan_share_generated *g)
{
	if (!g)
		return;
	bilan_buf_clear(&g->readme);
	bilan_buf_clear(&g->rapport);
	bilan_buf_clear(&g->resume);
	bilan_strlist_clear(&g->missing);
}

/* ------------------------------------------------------------------ */
/* repository configuration */

/* The lines that tell our hooks from someone else's. */
#define CONSULTANT_HOOK_MARK "# Installed by bilan in a consultant's copy"
#define SERVER_HOOK_MARK "(bilan: server guard)"

const char *bilan_share_hook_text(void)
{
	return (const char *)bilan_hook_pre_push;
}

/* Write a hook (mode) unless it is there already with that text. */
static int write_hook(const char *hooks, const char *name, const unsigned char *text,
		      size_t len, mode_t mode, struct bilan_error *err)
{
	char *hook = bilan_xasprintf("%s/%s", hooks, name);
	struct bilan_buf cur = BILAN_BUF_INIT;
	struct stat st;
	int rc = 0;
	if (bilan_fs_read(&cur, hook, 1u << 20, NULL) == 0 && cur.len == len &&
	    !memcmp(cur.ptr, text, len) && stat(hook, &st) == 0 &&
	    (st.st_mode & 07777) == mode)
		goto out;
	if ((rc = bilan_fs_mkdir_p(hooks, 0700, err)) == 0)
		rc = bilan_fs_write_atomic(hook, text, len, mode, err);
	if (rc == 0 && chmod(hook, mode) < 0)
		rc = bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot install '%s'"), hook);
out:
	bilan_buf_clear(&cur);
	free(hook);
	return rc;
}

int bilan_share_install_hook(const char *gitdir, struct bilan_error *err)
{
	char *hooks = bilan_xasprintf("%s/hooks", gitdir);
	int rc = write_hook(hooks, "pre-push", bilan_hook_pre_push, bilan_hook_pre_push_len,
			    0700, err);
	free(hooks);
	return rc;
}

int bilan_share_install_consultant_hook(const char *gitdir, struct bilan_error *err)
{
	char *hooks = bilan_xasprintf("%s/hooks", gitdir);
	char *hook = bilan_xasprintf("%s/pre-push", hooks);
	struct bilan_buf cur = BILAN_BUF_INIT;
	int rc = 0;
	/* a hook of the consultant's own stays; ours is brought up to date */
	if (bilan_fs_exists(hook) &&
	    (bilan_fs_read(&cur, hook, 1u << 20, NULL) < 0 ||
	     !strstr(bilan_buf_cstr(&cur), CONSULTANT_HOOK_MARK)))
		goto out;
	rc = write_hook(hooks, "pre-push", bilan_hook_pre_push_consultant,
			bilan_hook_pre_push_consultant_len, 0700, err);
out:
	bilan_buf_clear(&cur);
	free(hooks);
	free(hook);
	return rc;
}

/* The hooks folder of a repository on disk named by remote (a path or a
 * file:// URL), or NULL: <dir>/hooks for a bare repository, <dir>/.git/hooks
 * for one with a working tree. */
static char *local_hooks_dir(const char *remote)
{
	const char *path = !strncmp(remote, "file://", 7) ? remote + 7 : remote;
	if (path[0] != '/')
		return NULL;
	char *p = bilan_xasprintf("%s/.git", path);
	char *q = NULL;
	if (bilan_fs_is_dir(p)) {
		q = bilan_xasprintf("%s/hooks", p);
	} else {
		char *head = bilan_xasprintf("%s/HEAD", path), *objs = bilan_xasprintf("%s/objects", path);
		if (bilan_fs_exists(head) && bilan_fs_is_dir(objs))
			q = bilan_xasprintf("%s/hooks", path);
		free(head);
		free(objs);
	}
	free(p);
	return q;
}

int bilan_share_install_server_hook(enum bilan_server_hook *out, const char *remote,
				    struct bilan_error *err)
{
	*out = BILAN_SERVER_HOOK_REMOTE;
	char *hooks = local_hooks_dir(remote);
	if (!hooks)
		return 0;
	char *hook = bilan_xasprintf("%s/pre-receive", hooks);
	struct bilan_buf cur = BILAN_BUF_INIT;
	int rc = 0;
	if (bilan_fs_exists(hook) &&
	    (bilan_fs_read(&cur, hook, 1u << 20, NULL) < 0 ||
	     !strstr(bilan_buf_cstr(&cur), SERVER_HOOK_MARK))) {
		*out = BILAN_SERVER_HOOK_FOREIGN;
		goto out;
	}
	/* 0755: the server runs it, maybe as another user; it holds no secret */
	if ((rc = write_hook(hooks, "pre-receive", bilan_hook_pre_receive,
			     bilan_hook_pre_receive_len, 0755, err)) == 0)
		*out = BILAN_SERVER_HOOK_INSTALLED;
out:
	bilan_buf_clear(&cur);
	free(hooks);
	free(hook);
	return rc;
}

/* A failure of libgit2 where none of its specific codes can occur. */
static int lg2_fail(struct bilan_error *err, const char *what)
{
	return bilan_git_fail(err, GIT_ERROR, "%s", what);
}

static int open_repo(git_repository **out, const struct bilan_ws *ws, struct bilan_error *err)
{
	bilan_git_init();
	if (git_repository_open_ext(out, ws->root, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return lg2_fail(err, _("cannot open the repository"));
	return 0;
}

int bilan_share_configure(const struct bilan_ws *ws, const char *url,
			  struct bilan_error *err)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_remote *remote = NULL;
	int rc = open_repo(&repo, ws, err);
	if (rc < 0)
		return rc;
	if (git_repository_config(&cfg, repo) < 0) {
		rc = lg2_fail(err, _("cannot read the repository's configuration"));
		goto out;
	}
	/* The remote, with exactly our refspecs. */
	git_config_delete_multivar(cfg, "remote." BILAN_SHARE_REMOTE ".fetch", ".*");
	git_config_delete_multivar(cfg, "remote." BILAN_SHARE_REMOTE ".push", ".*");
	git_config_delete_entry(cfg, "remote." BILAN_SHARE_REMOTE ".pushurl");
	/* set_string, not set_multivar: libgit2 1.5.1 leaks on every value a
	 * regular expression does not match (see sync.c) */
	int e;
	if ((e = git_config_set_string(cfg, "remote." BILAN_SHARE_REMOTE ".url", url)) < 0 ||
	    (e = git_config_set_string(cfg, "remote." BILAN_SHARE_REMOTE ".fetch",
				  "+refs/heads/main:refs/remotes/" BILAN_SHARE_REMOTE "/main")) < 0 ||
	    (e = git_config_set_string(cfg, "remote." BILAN_SHARE_REMOTE ".push",
				  BILAN_SHARE_REF ":refs/heads/main")) < 0 ||
	    (e = git_config_set_string(cfg, "remote.pushDefault", BILAN_SHARE_REMOTE)) < 0 ||
	    (e = git_config_set_string(cfg, "bilan.role", "beneficiaire")) < 0) {
		/* .git/config.lock held by another program: 75, as everywhere */
		rc = bilan_git_fail(err, e, "%s", _("cannot configure the remote"));
		goto out;
	}
	rc = bilan_share_install_hook(ws->gitdir, err);
out:
	git_remote_free(remote);
	git_config_free(cfg);
	git_repository_free(repo);
	return rc;
}

int bilan_share_guard_check(struct bilan_guard *out, const struct bilan_ws *ws,
			    struct bilan_error *err)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_buf b = { 0 };
	memset(out, 0, sizeof(*out));
	int rc = open_repo(&repo, ws, err);
	if (rc < 0)
		return rc;
	if (git_repository_config_snapshot(&cfg, repo) < 0) {
		rc = lg2_fail(err, _("cannot read the repository's configuration"));
		goto out;
	}
	bool consultant = git_config_get_string_buf(&b, cfg, "bilan.role") == 0 &&
			  !strcmp(b.ptr, "consultant");
	git_buf_dispose(&b);
	out->role = bilan_share_is_beneficiary(ws) ? BILAN_GUARD_BENEFICIARY
		    : consultant ? BILAN_GUARD_CONSULTANT : BILAN_GUARD_NONE;
	if (out->role == BILAN_GUARD_NONE)
		goto out;
	if (git_config_get_string_buf(&b, cfg, "core.hooksPath") == 0)
		out->hooks_path = bilan_xstrdup(b.ptr);
	git_buf_dispose(&b);
	const unsigned char *text = out->role == BILAN_GUARD_BENEFICIARY ? bilan_hook_pre_push
					: bilan_hook_pre_push_consultant;
	size_t len = out->role == BILAN_GUARD_BENEFICIARY ? bilan_hook_pre_push_len
		     : bilan_hook_pre_push_consultant_len;
	char *hook = bilan_xasprintf("%s/hooks/pre-push", ws->gitdir);
	struct bilan_buf cur = BILAN_BUF_INIT;
	struct stat st;
	if (lstat(hook, &st) < 0)
		out->hook = BILAN_GUARD_MISSING;
	else if (!S_ISREG(st.st_mode) || bilan_fs_read(&cur, hook, 1u << 20, NULL) < 0 ||
		 cur.len != len || memcmp(cur.ptr, text, len) != 0)
		out->hook = BILAN_GUARD_CHANGED;
	else if ((st.st_mode & 0100) == 0)
		out->hook = BILAN_GUARD_NOT_EXECUTABLE;
	else
		out->hook = BILAN_GUARD_OK;
	bilan_buf_clear(&cur);
	free(hook);
out:
	git_config_free(cfg);
	git_repository_free(repo);
	return rc;
}

void bilan_share_guard_clear(struct bilan_guard *g)
{
	if (!g)
		return;
	free(g->hooks_path);
	g->hooks_path = NULL;
}

int bilan_share_unconfigure(const struct bilan_ws *ws, struct bilan_error *err)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	int rc = open_repo(&repo, ws, err);
	if (rc < 0)
		return rc;
	if (git_repository_config(&cfg, repo) < 0) {
		rc = lg2_fail(err, _("cannot read the repository's configuration"));
		goto out;
	}
	git_config_delete_multivar(cfg, "remote." BILAN_SHARE_REMOTE ".push", ".*");
	git_config_delete_entry(cfg, "remote.pushDefault");
out:
	git_config_free(cfg);
	git_repository_free(repo);
	return rc;
}

/* ------------------------------------------------------------------ */
/* the shared branch */

struct walk_ctx {
	const struct bilan_strlist *forgotten;
	struct bilan_strlist removes;
	struct bilan_strlist kinds;   /* "journal" ... */
	size_t *kind_counts;
	size_t files;
};

static int walk_cb(const char *root, const git_tree_entry *entry, void *payload)
{
	struct walk_ctx *w = payload;
	char *path = bilan_xasprintf("%s%s", root, git_tree_entry_name(entry));
	int ret = 0;
	if (git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
		/* private/, forgotten folders and folders outside the layout
		 * go whole */
		if (!bilan_share_path_shared(path, w->forgotten) ||
		    !bilan_share_in_layout(path, true)) {
			bilan_strlist_add(&w->removes, path);
			ret = 1;
		}
	} else if ((!bilan_share_path_shared(path, w->forgotten) ||
		    !bilan_share_in_layout(path, false) ||
		    git_tree_entry_filemode(entry) != GIT_FILEMODE_BLOB) &&
		   !bilan_share_is_generated(path)) {
		/* a symbolic link, an executable or a submodule is no record */
		bilan_strlist_add(&w->removes, path);
	} else if (!bilan_share_is_generated(path)) {
		w->files++;
		const char *slash = strchr(path, '/');
		char *kind = slash ? bilan_xstrndup(path, (size_t)(slash - path)) : NULL;
		if (kind) {
			size_t i = 0;
			while (i < w->kinds.n && strcmp(w->kinds.v[i], kind))
				i++;
			if (i == w->kinds.n) {
				bilan_strlist_add(&w->kinds, kind);
				w->kind_counts = bilan_xrealloc(w->kind_counts,
								w->kinds.n * sizeof(size_t));
				w->kind_counts[i] = 0;
			}
			w->kind_counts[i]++;
		}
		free(kind);
	}
	free(path);
	return ret;
}

static int blob_of(git_oid *out, git_repository *repo, const struct bilan_buf *b,
		   struct bilan_error *err)
{
	if (git_blob_create_from_buffer(out, repo, b->ptr ? b->ptr : "", b->len) < 0)
		return lg2_fail(err, _("cannot write the shared tree"));
	return 0;
}

/* main_commit's tree filtered as the shared tree is (walk_cb), without
 * the generated files. */
static int published_tree(git_tree **out, git_repository *repo, const git_oid *main_commit,
			  const struct bilan_strlist *forgotten, struct bilan_error *err)
{
	git_commit *mc = NULL;
	git_tree *mt = NULL;
	git_tree_update *ups = NULL;
	struct walk_ctx w = { forgotten, BILAN_STRLIST_INIT, BILAN_STRLIST_INIT, NULL, 0 };
	git_oid tid;
	int rc = 0;
	*out = NULL;
	if (git_commit_lookup(&mc, repo, main_commit) < 0 || git_commit_tree(&mt, mc) < 0 ||
	    git_tree_walk(mt, GIT_TREEWALK_PRE, walk_cb, &w) < 0) {
		rc = lg2_fail(err, _("cannot read main"));
		goto out;
	}
	ups = bilan_xcalloc(w.removes.n + 3, sizeof(*ups));
	size_t n = 0;
	for (size_t i = 0; i < w.removes.n; i++) {
		ups[n].action = GIT_TREE_UPDATE_REMOVE;
		ups[n++].path = w.removes.v[i];
	}
	static const char *const gens[] = { BILAN_SHARE_README, BILAN_SHARE_RAPPORT,
					     BILAN_SHARE_RESUME };
	for (size_t i = 0; i < 3; i++) {
		git_tree_entry *te = NULL;
		if (git_tree_entry_bypath(&te, mt, gens[i]) == 0) {
			git_tree_entry_free(te);
			ups[n].action = GIT_TREE_UPDATE_REMOVE;
			ups[n++].path = gens[i];
		}
	}
	if (git_tree_create_updated(&tid, repo, mt, n, ups) < 0 ||
	    git_tree_lookup(out, repo, &tid) < 0)
		rc = lg2_fail(err, _("cannot write the shared tree"));
out:
	free(ups);
	bilan_strlist_clear(&w.removes);
	bilan_strlist_clear(&w.kinds);
	free(w.kind_counts);
	git_tree_free(mt);
	git_commit_free(mc);
	return rc;
}

static int rm_tree_entry(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)f;
	if (flag == FTW_DP)
		return rmdir(p) < 0 && errno != ENOENT ? -1 : 0;
	return unlink(p) < 0 && errno != ENOENT ? -1 : 0;
}

static void rm_tree(const char *dir)
{
	(void)nftw(dir, rm_tree_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The folders <gitdir>/bilan-publish-PID of processes that are gone (a
 * sync killed while it generated) */
static void drop_stale_publish_dirs(const char *gitdir)
{
	DIR *d = opendir(gitdir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		const char *tail;
		if (strncmp(e->d_name, BILAN_PUBLISH_DIR_PREFIX, strlen(BILAN_PUBLISH_DIR_PREFIX)))
			continue;
		tail = e->d_name + strlen(BILAN_PUBLISH_DIR_PREFIX);
		char *end = NULL;
		errno = 0;
		long pid = strtol(tail, &end, 10);
		if (errno || end == tail || *end || pid <= 0 || pid > INT_MAX)
			continue;
		if (pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		char *path = bilan_xasprintf("%s/%s", gitdir, e->d_name);
		rm_tree(path);
		free(path);
	}
	closedir(d);
}

int bilan_share_generate_published(struct bilan_share_generated *out,
				   struct git_repository *repo, const struct git_oid *main_commit,
				   const struct bilan_strlist *forgotten, int64_t now,
				   struct bilan_error *err)
{
	git_tree *tree = NULL;
	struct bilan_ws *pws = NULL;
	char *gitdir = bilan_xstrdup(git_repository_path(repo));
	for (size_t l = strlen(gitdir); l > 1 && gitdir[l - 1] == '/'; l--)
		gitdir[l - 1] = '\0';
	char *dir = bilan_xasprintf("%s/" BILAN_PUBLISH_DIR_PREFIX "%ld", gitdir, (long)getpid());
	int rc;

	memset(out, 0, sizeof(*out));
	drop_stale_publish_dirs(gitdir);
	rm_tree(dir);
	if ((rc = published_tree(&tree, repo, main_commit, forgotten, err)) < 0)
		goto out;
	if (mkdir(dir, 0700) < 0) {
		rc = bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot create '%s'"), dir);
		goto out;
	}
	git_checkout_options co;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DONT_UPDATE_INDEX |
			       GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
	co.target_directory = dir;
	co.dir_mode = 0700;
	co.file_mode = 0600;
	if (git_checkout_tree(repo, (const git_object *)tree, &co) < 0) {
		const git_error *ge = git_error_last();
		if (ge && (ge->klass == GIT_ERROR_ODB || ge->klass == GIT_ERROR_ZLIB ||
			   ge->klass == GIT_ERROR_OBJECT)) {
			bilan_error_set(err, BILAN_EFAIL,
					_("a git object is damaged (%s); nothing was changed"),
					ge->message);
			bilan_error_hint(err, _("'bilan doctor' tells which; a backup ('bilan backup --restore') or the other side's copy may hold it"));
			rc = BILAN_EFAIL;
		} else {
			rc = lg2_fail(err, _("cannot write the shared tree"));
		}
		goto out;
	}
	if ((rc = bilan_ws_open(&pws, dir, err)) < 0)
		goto out;
	rc = bilan_share_generate(out, pws, now, err);
out:
	bilan_ws_free(pws);
	git_tree_free(tree);
	rm_tree(dir);
	free(dir);
	free(gitdir);
	return rc;
}

/* ------------------------------------------------------------------ */
/* checks before publishing */

struct privacy_walk {
	git_repository *repo;
	git_tree *main;                        /* main's tree */
	git_tree *prev;                        /* the last shared tree, or NULL */
	const git_oid *remote;                 /* the remote's head, or NULL */
	const struct bilan_strlist *forgotten;
	const struct bilan_strlist *accepted;
	struct bilan_privacy_list *out;
	int error;
};

static bool accepted_version(const struct bilan_strlist *acc, const git_oid *id, const char *path)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), id);
	for (size_t i = 0; acc && i < acc->n; i++)
		if (!strncmp(acc->v[i], hex, 40) && !strcmp(acc->v[i] + 41, path))
			return true;
	return false;
}

static struct bilan_privacy_item *privacy_add(struct bilan_privacy_list *l, const char *path,
					      const git_oid *id, bool layout,
					      const struct bilan_personal *what)
{
	BILAN_ALLOC_GROW(l->v, l->n + 1, l->alloc);
	struct bilan_privacy_item *it = &l->v[l->n++];
	memset(it, 0, sizeof(*it));
	it->path = bilan_xstrdup(path);
	git_oid_tostr(it->oid, sizeof(it->oid), id);
	it->outside_layout = layout;
	if (what)
		it->what = *what;
	return it;
}

/* A record (journal entry, enquête, to-do item) naming a piste that is
 * private (private/pistes/SLUG.yaml, and no pistes/SLUG.yaml): its slug
 * would tell what the beneficiary keeps to themself. */
static bool names_private_piste(git_tree *main, const char *path, const char *text, size_t len,
				int *line, int *col)
{
	static const char *const dirs[] = { "journal/", "enquetes/", "todo/", "seances/", NULL };
	bool record = false;
	for (size_t i = 0; dirs[i] && !record; i++)
		record = !strncmp(path, dirs[i], strlen(dirs[i]));
	if (!record || len > (4u << 20))
		return false;
	struct bilan_doc *doc = NULL;
	bool found = false;
	if (bilan_yaml_load_buffer(&doc, path, text, len, NULL) == 0 && doc->root &&
	    doc->root->type == BILAN_NODE_MAP) {
		const struct bilan_node *pv = bilan_map_get(doc->root, "piste");
		if (pv && pv->type == BILAN_NODE_SCALAR && pv->value && bilan_slug_valid(pv->value)) {
			char *priv = bilan_xasprintf(BILAN_PRIVATE_DIR "/pistes/%s.yaml", pv->value);
			char *pub = bilan_xasprintf("pistes/%s.yaml", pv->value);
			git_tree_entry *a = NULL, *b = NULL;
			found = git_tree_entry_bypath(&a, main, priv) == 0 &&
				git_tree_entry_bypath(&b, main, pub) != 0;
			if (found) {
				*line = pv->line;
				*col = pv->col;
			}
			git_tree_entry_free(a);
			git_tree_entry_free(b);
			free(priv);
			free(pub);
		}
	}
	bilan_doc_free(doc);
	return found;
}

/* Did a commit of the remote's history (its last 10,000) hold path as id? */
static bool remote_had(git_repository *repo, const git_oid *head, const char *path,
		       const git_oid *id)
{
	git_revwalk *walk = NULL;
	git_oid c;
	bool found = false;
	if (git_revwalk_new(&walk, repo) < 0 || git_revwalk_push(walk, head) < 0) {
		git_revwalk_free(walk);
		return false;
	}
	for (int n = 0; !found && n < 10000 && git_revwalk_next(&c, walk) == 0; n++) {
		git_commit *cm = NULL;
		git_tree *t = NULL;
		git_tree_entry *te = NULL;
		if (git_commit_lookup(&cm, repo, &c) == 0 && git_commit_tree(&t, cm) == 0 &&
		    git_tree_entry_bypath(&te, t, path) == 0)
			found = git_oid_equal(git_tree_entry_id(te), id);
		git_tree_entry_free(te);
		git_tree_free(t);
		git_commit_free(cm);
	}
	git_revwalk_free(walk);
	return found;
}

static int privacy_cb(const char *root, const git_tree_entry *te, void *payload)
{
	struct privacy_walk *w = payload;
	char *path = bilan_xasprintf("%s%s", root, git_tree_entry_name(te));
	int ret = 0;
	const git_oid *id = git_tree_entry_id(te);
	if (w->out->n >= BILAN_PRIVACY_MAX) {
		ret = -1;   /* enough to act on */
		goto out;
	}
	if (git_tree_entry_type(te) == GIT_OBJECT_TREE) {
		if (!bilan_share_path_shared(path, w->forgotten))
			ret = 1;   /* private/, forgotten: never shared, not searched */
		goto out;
	}
	if (!bilan_share_path_shared(path, w->forgotten) || bilan_share_is_generated(path))
		goto out;
	bool layout = bilan_share_in_layout(path, false) &&
		      git_tree_entry_filemode(te) == GIT_FILEMODE_BLOB;
	if (accepted_version(w->accepted, id, path))
		goto out;
	if (!layout) {
		/* one the remote's history holds as it is came from there */
		if (!(w->remote && remote_had(w->repo, w->remote, path, id)))
			privacy_add(w->out, path, id, true, NULL);
		goto out;
	}
	/* bilan.yaml and partage.yaml hold names and e-mails on purpose */
	if (!strcmp(path, BILAN_CONFIG_FILE) || !strcmp(path, BILAN_SHARE_FILE))
		goto out;
	/* already shared as it is: nothing new */
	if (w->prev) {
		git_tree_entry *pe = NULL;
		bool same = git_tree_entry_bypath(&pe, w->prev, path) == 0 &&
			    git_oid_equal(git_tree_entry_id(pe), id);
		git_tree_entry_free(pe);
		if (same)
			goto out;
	}
	git_blob *blob = NULL;
	if (git_blob_lookup(&blob, w->repo, id) < 0) {
		w->error = 1;
		ret = -1;
		goto out;
	}
	struct bilan_personal found[BILAN_PERSONAL_MAX];
	size_t n = bilan_scan_personal(found, path, git_blob_rawcontent(blob),
				       (size_t)git_blob_rawsize(blob));
	for (size_t i = 0; i < n; i++)
		privacy_add(w->out, path, id, false, &found[i]);
	int pl = 0, pc = 0;
	if (names_private_piste(w->main, path, git_blob_rawcontent(blob),
				(size_t)git_blob_rawsize(blob), &pl, &pc)) {
		struct bilan_personal at = { BILAN_PERSONAL_MARKED, pl, pc };
		privacy_add(w->out, path, id, false, &at)->private_piste = true;
	}
	git_blob_free(blob);
out:
	free(path);
	return ret;
}

/* A damaged object is named as such (sync.c says the same). */
static int read_fail(struct bilan_error *err, const char *what)
{
	const git_error *ge = git_error_last();
	if (ge && (ge->klass == GIT_ERROR_ODB || ge->klass == GIT_ERROR_ZLIB ||
		   ge->klass == GIT_ERROR_OBJECT)) {
		bilan_error_set(err, BILAN_EFAIL, _("a git object is damaged (%s); nothing was changed"),
				ge->message ? ge->message : "?");
		bilan_error_hint(err, _("'bilan doctor' tells which; a backup ('bilan backup --restore') or the other side's copy may hold it"));
		return BILAN_EFAIL;
	}
	return lg2_fail(err, what);
}

int bilan_share_privacy_check(struct bilan_privacy_list *out, struct git_repository *repo,
			      const struct git_oid *main_commit, const struct git_oid *prev,
			      const struct git_oid *remote, const struct bilan_strlist *forgotten,
			      const struct bilan_strlist *accepted, struct bilan_error *err)
{
	git_commit *mc = NULL, *pc = NULL;
	git_tree *mt = NULL, *pt = NULL;
	int rc = 0;
	memset(out, 0, sizeof(*out));
	if (git_commit_lookup(&mc, repo, main_commit) < 0 || git_commit_tree(&mt, mc) < 0) {
		rc = lg2_fail(err, _("cannot read main"));
		goto out;
	}
	if (prev && (git_commit_lookup(&pc, repo, prev) < 0 || git_commit_tree(&pt, pc) < 0)) {
		rc = lg2_fail(err, _("cannot read the shared branch"));
		goto out;
	}
	struct privacy_walk w = { repo, mt, pt, remote, forgotten, accepted, out, 0 };
	int e = git_tree_walk(mt, GIT_TREEWALK_PRE, privacy_cb, &w);
	if (w.error || (e < 0 && out->n < BILAN_PRIVACY_MAX))
		rc = read_fail(err, _("cannot read main"));
out:
	git_tree_free(pt);
	git_commit_free(pc);
	git_tree_free(mt);
	git_commit_free(mc);
	if (rc < 0)
		bilan_privacy_list_clear(out);
	return rc;
}

void bilan_privacy_list_clear(struct bilan_privacy_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int bilan_share_accept(struct bilan_ws *ws, const char *const *paths, size_t n,
		       struct bilan_error *err)
{
	git_repository *repo = NULL;
	git_commit *mc = NULL;
	git_tree *mt = NULL;
	git_oid H;
	struct bilan_share_state st;
	int rc = bilan_ws_begin(ws, "share accept", err);
	if (rc < 0)
		return rc;
	if ((rc = bilan_share_state_load(&st, ws->gitdir, err)) < 0)
		goto out;
	if ((rc = open_repo(&repo, ws, err)) < 0)
		goto out;
	if (git_reference_name_to_id(&H, repo, "refs/heads/main") < 0 ||
	    git_commit_lookup(&mc, repo, &H) < 0 || git_commit_tree(&mt, mc) < 0) {
		rc = lg2_fail(err, _("cannot read main"));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		git_tree_entry *te = NULL;
		if (!bilan_fs_rel_path_ok(paths[i]) ||
		    git_tree_entry_bypath(&te, mt, paths[i]) < 0 ||
		    git_tree_entry_type(te) != GIT_OBJECT_BLOB) {
			git_tree_entry_free(te);
			rc = bilan_error_set(err, BILAN_ENOTFOUND,
					     _("'%s' is not a file of the history"), paths[i]);
			bilan_error_hint(err, _("'bilan save' records it first; give the path from "
						"the workspace's root"));
			goto out;
		}
		if (!bilan_share_path_shared(paths[i], &st.forgotten)) {
			git_tree_entry_free(te);
			rc = bilan_error_set(err, BILAN_EUSAGE,
					     _("'%s' is never shared: nothing to accept"), paths[i]);
			goto out;
		}
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), git_tree_entry_id(te));
		git_tree_entry_free(te);
		char *line = bilan_xasprintf("%s %s", hex, paths[i]);
		if (!bilan_strlist_contains(&st.accepted, line))
			bilan_strlist_add(&st.accepted, line);
		free(line);
	}
	rc = bilan_share_state_save(&st, ws->gitdir, err);
out:
	git_tree_free(mt);
	git_commit_free(mc);
	git_repository_free(repo);
	bilan_share_state_clear(&st);
	bilan_ws_rollback(ws);   /* nothing written in the workspace: releases the lock */
	return rc;
}

int bilan_share_build(struct git_oid *out, struct bilan_share_built *info,
		      struct git_repository *repo, const struct git_oid *main_commit,
		      const struct git_oid *prev, const struct git_oid *remote,
		      const struct bilan_share_generated *gen,
		      const struct bilan_strlist *forgotten, struct bilan_error *err)
{
	git_commit *mc = NULL, *pc = NULL, *rc_ = NULL;
	git_tree *mt = NULL, *nt = NULL;
	git_tree_update *ups = NULL;
	git_signature *sig = NULL;
	struct walk_ctx w = { forgotten, BILAN_STRLIST_INIT, BILAN_STRLIST_INIT, NULL, 0 };
	git_oid tree_id, ids[3];
	int rc = 0;

	memset(info, 0, sizeof(*info));
	if (git_commit_lookup(&mc, repo, main_commit) < 0 || git_commit_tree(&mt, mc) < 0) {
		rc = lg2_fail(err, _("cannot read main"));
		goto out;
	}
	if (git_tree_walk(mt, GIT_TREEWALK_PRE, walk_cb, &w) < 0) {
		rc = lg2_fail(err, _("cannot read main"));
		goto out;
	}
	/* Generated files replace whatever main has under those names. */
	struct { const char *name; const struct bilan_buf *b; bool on; } gens[3] = {
		{ BILAN_SHARE_README, &gen->readme, true },
		{ BILAN_SHARE_RAPPORT, &gen->rapport, gen->has_rapport },
		{ BILAN_SHARE_RESUME, &gen->resume, true },
	};
	ups = bilan_xcalloc(w.removes.n + 3, sizeof(*ups));
	size_t n = 0;
	for (size_t i = 0; i < w.removes.n; i++) {
		ups[n].action = GIT_TREE_UPDATE_REMOVE;
		ups[n].path = w.removes.v[i];
		n++;
	}
	for (size_t i = 0; i < 3; i++) {
		if (!gens[i].on) {
			git_tree_entry *te = NULL;
			if (git_tree_entry_bypath(&te, mt, gens[i].name) == 0) {
				git_tree_entry_free(te);
				ups[n].action = GIT_TREE_UPDATE_REMOVE;
				ups[n].path = gens[i].name;
				n++;
			}
			continue;
		}
		if ((rc = blob_of(&ids[i], repo, gens[i].b, err)) < 0)
			goto out;
		ups[n].action = GIT_TREE_UPDATE_UPSERT;
		git_oid_cpy(&ups[n].id, &ids[i]);
		ups[n].filemode = GIT_FILEMODE_BLOB;
		ups[n].path = gens[i].name;
		n++;
	}
	if (git_tree_create_updated(&tree_id, repo, mt, n, ups) < 0 ||
	    git_tree_lookup(&nt, repo, &tree_id) < 0) {
		rc = lg2_fail(err, _("cannot write the shared tree"));
		goto out;
	}
	info->files = w.files;

	const git_commit *parents[2];
	size_t np = 0;
	if (prev) {
		if (git_commit_lookup(&pc, repo, prev) < 0) {
			rc = lg2_fail(err, _("cannot read the shared branch"));
			goto out;
		}
		parents[np++] = pc;
	}
	bool remote_new = false;
	if (remote && (!prev || (!git_oid_equal(remote, prev) &&
				 git_graph_descendant_of(repo, prev, remote) != 1))) {
		if (git_commit_lookup(&rc_, repo, remote) < 0) {
			rc = lg2_fail(err, _("cannot read the remote's history"));
			goto out;
		}
		parents[np++] = rc_;
		remote_new = true;
	}
	if (pc && !remote_new && git_oid_equal(git_tree_id(nt), git_commit_tree_id(pc))) {
		git_oid_cpy(out, prev);
		goto out;   /* nothing new to share */
	}
	/* A remote head whose tree is the one we would write: adopt it. */
	if (!pc && rc_ && git_oid_equal(git_tree_id(nt), git_commit_tree_id(rc_))) {
		git_oid_cpy(out, remote);
		goto out;
	}

	/* The message: counts by folder, never a title. */
	struct bilan_buf msg = BILAN_BUF_INIT;
	bilan_buf_printf(&msg, "partage: %zu %s", w.files, w.files == 1 ? "file" : "files");
	for (size_t i = 0; i < w.kinds.n; i++)
		bilan_buf_printf(&msg, "%s%s %zu", i ? ", " : " (", w.kinds.v[i], w.kind_counts[i]);
	if (w.kinds.n)
		bilan_buf_putc(&msg, ')');
	snprintf(info->summary, sizeof(info->summary), "%s", bilan_buf_cstr(&msg));
	bilan_buf_puts(&msg, "\n\nBilan-Command: sync\n");
	/* The author of the shared commits: the beneficiary as in main's last
	 * commit (never a private field). */
	const git_signature *a = git_commit_author(mc);
	if (bilan_vcs_signature(&sig, repo, false, a ? a->name : NULL, a ? a->email : NULL) < 0) {
		bilan_buf_clear(&msg);
		rc = lg2_fail(err, _("cannot make the commit's author"));
		goto out;
	}
	if (git_commit_create(out, repo, NULL, sig, sig, NULL, msg.ptr, nt, np, parents) < 0)
		rc = lg2_fail(err, _("cannot write the shared commit"));
	else
		info->made = true;
	bilan_buf_clear(&msg);
out:
	git_signature_free(sig);
	free(ups);
	bilan_strlist_clear(&w.removes);
	bilan_strlist_clear(&w.kinds);
	free(w.kind_counts);
	git_tree_free(nt);
	git_tree_free(mt);
	git_commit_free(rc_);
	git_commit_free(pc);
	git_commit_free(mc);
	return rc;
}

struct oid_map {
	git_oid *from, *to;
	size_t n, alloc;
};

static const git_oid *map_get(const struct oid_map *m, const git_oid *id)
{
	for (size_t i = m->n; i-- > 0;)
		if (git_oid_equal(&m->from[i], id))
			return &m->to[i];
	return NULL;
}

int bilan_share_rewrite_without(struct git_oid *out, size_t *out_changed,
				struct git_repository *repo, const struct git_oid *tip,
				const char *path, struct bilan_error *err)
{
	git_revwalk *walk = NULL;
	struct oid_map m = { 0 };
	git_oid id;
	int rc = 0, e;
	*out_changed = 0;
	if (git_revwalk_new(&walk, repo) < 0 || git_revwalk_push(walk, tip) < 0) {
		rc = lg2_fail(err, _("cannot read the shared branch"));
		goto out;
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	while ((e = git_revwalk_next(&id, walk)) == 0) {
		git_commit *c = NULL;
		git_tree *t = NULL, *nt = NULL;
		git_tree_entry *te = NULL;
		git_oid nid, tree_id;
		const git_commit *parents[16];
		git_commit *owned[16];
		size_t np;
		if (git_commit_lookup(&c, repo, &id) < 0 || git_commit_tree(&t, c) < 0) {
			git_commit_free(c);
			rc = lg2_fail(err, _("cannot read the shared branch"));
			goto out;
		}
		np = git_commit_parentcount(c);
		if (np > 16)
			np = 16;
		bool parents_same = true;
		for (size_t i = 0; i < np; i++) {
			const git_oid *po = git_commit_parent_id(c, (unsigned)i);
			const git_oid *mapped = map_get(&m, po);
			owned[i] = NULL;
			if (mapped && !git_oid_equal(mapped, po))
				parents_same = false;
			if (git_commit_lookup(&owned[i], repo, mapped ? mapped : po) < 0) {
				rc = lg2_fail(err, _("cannot read the shared branch"));
				for (size_t k = 0; k < i; k++)
					git_commit_free(owned[k]);
				git_tree_free(t);
				git_commit_free(c);
				goto out;
			}
			parents[i] = owned[i];
		}
		git_oid_cpy(&tree_id, git_tree_id(t));
		/* The path, and the reports that may quote it. */
		const char *gone[2] = { path, BILAN_SHARE_RAPPORT };
		git_tree_update ups[2];
		size_t nup = 0;
		bool has_path = false;
		for (size_t k = 0; k < 2; k++) {
			if (git_tree_entry_bypath(&te, t, gone[k]) == 0) {
				git_tree_entry_free(te);
				te = NULL;
				memset(&ups[nup], 0, sizeof(ups[nup]));
				ups[nup].action = GIT_TREE_UPDATE_REMOVE;
				ups[nup].path = gone[k];
				nup++;
				has_path |= k == 0;
			}
		}
		if (nup && git_tree_create_updated(&tree_id, repo, t, nup, ups) < 0)
			rc = lg2_fail(err, _("cannot write the shared tree"));
		else if (has_path)
			(*out_changed)++;
		if (rc == 0 && (parents_same && git_oid_equal(&tree_id, git_tree_id(t)))) {
			git_oid_cpy(&nid, &id);
		} else if (rc == 0) {
			/* the message kept, with a trailer that tells a
			 * consultant's sync the history was rewritten on
			 * purpose (see sync.h) */
			const char *om = git_commit_message(c);
			size_t ol = strlen(om);
			char *msg = strstr(om, "\n" BILAN_SHARE_REWRITTEN_TRAILER)
					    ? bilan_xstrdup(om)
					    : bilan_xasprintf("%s%s" BILAN_SHARE_REWRITTEN_TRAILER " share forget\n",
							      om, ol && om[ol - 1] == '\n' ? "" : "\n");
			if (git_tree_lookup(&nt, repo, &tree_id) < 0 ||
			    git_commit_create(&nid, repo, NULL, git_commit_author(c),
					      git_commit_committer(c), git_commit_message_encoding(c),
					      msg, nt, np, parents) < 0)
				rc = lg2_fail(err, _("cannot rewrite the shared branch"));
			free(msg);
		}
		for (size_t i = 0; i < np; i++)
			git_commit_free(owned[i]);
		git_tree_free(nt);
		git_tree_free(t);
		git_commit_free(c);
		if (rc < 0)
			goto out;
		BILAN_ALLOC_GROW(m.from, m.n + 1, m.alloc);
		m.to = bilan_xrealloc(m.to, m.alloc * sizeof(*m.to));
		git_oid_cpy(&m.from[m.n], &id);
		git_oid_cpy(&m.to[m.n], &nid);
		m.n++;
	}
	if (e != GIT_ITEROVER) {
		rc = lg2_fail(err, _("cannot read the shared branch"));
		goto out;
	}
	const git_oid *t = map_get(&m, tip);
	git_oid_cpy(out, t ? t : tip);
out:
	free(m.from);
	free(m.to);
	git_revwalk_free(walk);
	return rc;
}
