/* workspace.c - discovery, bilan.yaml, the mutation path (see workspace.h). */
#include "config.h"
#include "settings.h"
#include "workspace.h"
#include "owner.h"
#include "clock.h"

#include <dirent.h>
#include <ftw.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fs.h"
#include "gc.h"
#include "i18n.h"
#include "lock.h"
#include "paths.h"
#include "text.h"
#include "vcs.h"

const char *const bilan_phase_names[] = {
	"preliminaire", "investigation", "conclusions", "terminee", NULL,
};

const char *const bilan_funding_names[] = {
	"cpf", "plan", "reclassement", "france-travail", "fonction-publique", "personnel", NULL,
};

static const char gitignore_text[] =
	"# Files bilan never versions: editor backups and temporary files.\n"
	"*~\n"
	".*.swp\n"
	".#*\n"
	".*.tmp-*\n";

/* ------------------------------------------------------------------ */
/* data files */

static char *shipped_path(const char *dir, enum bilan_shipped what, const char *rel)
{
	if (dir && *dir)
		return bilan_xasprintf("%s/%s", dir, rel);
	char *base = bilan_shipped_path(what);
	char *p = bilan_xasprintf("%s/%s", base, rel);
	free(base);
	return p;
}

char *bilan_data_path(const char *rel)
{
	return shipped_path(bilan_settings.data_dir, BILAN_SHIPPED_DATA, rel);
}

char *bilan_schema_path(const char *rel)
{
	return shipped_path(bilan_settings.schema_dir, BILAN_SHIPPED_SCHEMAS, rel);
}

/* ------------------------------------------------------------------ */
/* phases */

const char *bilan_phase_name(enum bilan_phase p)
{
	if ((int)p < 0 || p > BILAN_PHASE_TERMINEE)
		return "?";
	return bilan_phase_names[p];
}

int bilan_phase_parse(enum bilan_phase *out, const char *s)
{
	char *f = bilan_text_fold(s);
	int rc = BILAN_ENOTFOUND;
	for (int i = 0; bilan_phase_names[i]; i++) {
		if (!strcmp(f, bilan_phase_names[i])) {
			*out = (enum bilan_phase)i;
			rc = 0;
			break;
		}
	}
	free(f);
	return rc;
}

/* ------------------------------------------------------------------ */
/* the end of the bilan */

bool bilan_ws_closed(const struct bilan_ws *ws)
{
	return ws && ws->cfg.phase == BILAN_PHASE_TERMINEE;
}

int bilan_ws_may_work(const struct bilan_ws *ws, enum bilan_work kind,
		      const char *what, struct bilan_error *err)
{
	if (!bilan_ws_closed(ws) || kind == BILAN_WORK_FOLLOWUP)
		return 0;
	char end[32] = "";
	if (ws->cfg.has_end)
		bilan_time_format_day(end, sizeof(end), &ws->cfg.end);
	if (end[0])
		bilan_error_set(err, BILAN_EFAIL,
				_("the bilan ended on %s: '%s' records new work, which a closed bilan no longer takes"),
				end, what);
	else
		bilan_error_set(err, BILAN_EFAIL,
				_("the bilan is closed: '%s' records new work, which a closed bilan no longer takes"),
				what);
	bilan_error_hint(err, _("after the end, only the follow-up is recorded: a follow-up séance "
				"('bilan seance add'), its takeaways, journal entries and the appraisal"));
	return BILAN_EFAIL;
}

/* ------------------------------------------------------------------ */
/* discovery */

static char *absolute(const char *dir)
{
	char *r = realpath(dir, NULL);
	return r;
}

static bool has_config(const char *dir)
{
	char *p = bilan_xasprintf("%s/%s", dir, BILAN_CONFIG_FILE);
	struct stat st;
	bool ok = lstat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return ok;
}

/* The nearest directory from start upwards that holds bilan.yaml. */
static char *search_up(const char *start)
{
	char *dir = bilan_xstrdup(start);
	for (;;) {
		if (has_config(dir))
			return dir;
		char *slash = strrchr(dir, '/');
		if (!slash)
			break;
		if (slash == dir) {
			if (!dir[1])
				break;
			dir[1] = '\0';
			continue;
		}
		*slash = '\0';
	}
	free(dir);
	return NULL;
}

int bilan_ws_find(char **out_root, const char *dir_opt, struct bilan_error *err)
{
	*out_root = NULL;
	if (dir_opt && *dir_opt) {
		/* -C DIR: as if bilan had been started in DIR (like git -C). */
		char *abs = absolute(dir_opt);
		if (!abs)
			return bilan_error_set_errno(err, BILAN_ENOWORKSPACE, errno,
						     _("cannot open workspace '%s' (from %s)"),
						     dir_opt, "-C");
		*out_root = search_up(abs);
		free(abs);
		if (*out_root)
			return 0;
		bilan_error_set(err, BILAN_ENOWORKSPACE,
				_("'%s' is not a bilan workspace (no %s)"), dir_opt,
				BILAN_CONFIG_FILE);
		bilan_error_hint(err, _("create one with 'bilan init %s'"), dir_opt);
		return BILAN_ENOWORKSPACE;
	}
	const char *given = bilan_settings.dir;
	if (given && *given) {
		/* BILAN_DIR names the workspace itself. */
		char *abs = absolute(given);
		if (!abs)
			return bilan_error_set_errno(err, BILAN_ENOWORKSPACE, errno,
						     _("cannot open workspace '%s' (from %s)"),
						     given, "BILAN_DIR");
		if (!has_config(abs)) {
			bilan_error_set(err, BILAN_ENOWORKSPACE,
					_("'%s' is not a bilan workspace (no %s)"), given,
					BILAN_CONFIG_FILE);
			bilan_error_hint(err, _("create one with 'bilan init %s'"), given);
			free(abs);
			return BILAN_ENOWORKSPACE;
		}
		*out_root = abs;
		return 0;
	}
	char *cwd = getcwd(NULL, 0);
	if (!cwd)
		return bilan_error_set_errno(err, BILAN_ENOWORKSPACE, errno,
					     _("cannot read the current directory"));
	*out_root = search_up(cwd);
	free(cwd);
	if (*out_root)
		return 0;
	bilan_error_set(err, BILAN_ENOWORKSPACE,
			_("not in a bilan workspace (no %s here or in any parent directory)"),
			BILAN_CONFIG_FILE);
	bilan_error_hint(err, _("create one with 'bilan init DIR', or name one with -C DIR or BILAN_DIR"));
	return BILAN_ENOWORKSPACE;
}

/* ------------------------------------------------------------------ */
/* bilan.yaml */

static int parse_day(const struct bilan_doc *doc, const struct bilan_node *root,
		     const char *key, bool *has, struct bilan_time *out,
		     struct bilan_error *err)
{
	const char *s = NULL;
	int rc = bilan_get_str(doc, root, key, false, &s, err);
	if (rc < 0)
		return rc;
	*has = false;
	if (!s)
		return 0;
	if (!bilan_time_parse_iso(out, s) || out->has_time)
		return bilan_node_error(err, doc, bilan_map_get(root, key),
					_("expected a date like 2026-11-27, got '%s'"), s);
	*has = true;
	return 0;
}

static int parse_config(struct bilan_config *cfg, const struct bilan_doc *doc,
			struct bilan_error *err)
{
	memset(cfg, 0, sizeof(*cfg));
	const struct bilan_node *root = doc->root;
	int rc;
	if (!root || root->type != BILAN_NODE_MAP)
		return bilan_error_set_at(err, BILAN_EINVALID, doc->path,
					  root ? root->line : 1, root ? root->col : 1,
					  _("expected a mapping of settings"));
	cfg->format = 0;  /* a file without format: is from before format 1 */
	if ((rc = bilan_get_int(doc, root, "format", false, &cfg->format, err)) < 0)
		return rc;
	if (cfg->format > BILAN_FORMAT) {
		bilan_node_error(err, doc, bilan_map_get(root, "format"),
				 _("this workspace has format %lld, newer than this bilan understands (%d)"),
				 cfg->format, BILAN_FORMAT);
		bilan_error_hint(err, _("upgrade bilan to work in this workspace"));
		return BILAN_EINVALID;
	}
	if (cfg->format < 0)
		return bilan_node_error(err, doc, bilan_map_get(root, "format"),
					_("invalid format %lld"), cfg->format);
	/* The zone first: the dates below are calendar days in it. */
	if ((rc = bilan_get_str(doc, root, "timezone", false, &cfg->timezone, err)) < 0)
		return rc;
	if (cfg->timezone && bilan_zone_use(cfg->timezone, NULL) < 0) {
		bilan_node_error(err, doc, bilan_map_get(root, "timezone"),
				 _("unknown time zone '%s'"), cfg->timezone);
		bilan_error_hint(err, _("a zone name such as Europe/Paris, installed with the tzdata package"));
		return BILAN_EINVALID;
	}
	cfg->language = "fr";
	if ((rc = bilan_get_str(doc, root, "language", false, &cfg->language, err)) < 0)
		return rc;
	if (strcmp(cfg->language, "fr") && strcmp(cfg->language, "en"))
		return bilan_node_error(err, doc, bilan_map_get(root, "language"),
					_("language must be 'fr' or 'en', not '%s'"), cfg->language);
	struct bilan_node *who = NULL;
	if ((rc = bilan_get_map(doc, root, "beneficiary", false, &who, err)) < 0)
		return rc;
	if (who && ((rc = bilan_get_str(doc, who, "name", false, &cfg->name, err)) < 0 ||
		    (rc = bilan_get_str(doc, who, "email", false, &cfg->email, err)) < 0))
		return rc;
	struct bilan_node *cons = NULL;
	if ((rc = bilan_get_map(doc, root, "consultant", false, &cons, err)) < 0)
		return rc;
	if (cons && (rc = bilan_get_str(doc, cons, "name", false, &cfg->consultant, err)) < 0)
		return rc;
	if ((rc = bilan_get_str(doc, root, "provider", false, &cfg->provider, err)) < 0)
		return rc;
	if ((rc = bilan_get_str(doc, root, "funding", false, &cfg->funding, err)) < 0)
		return rc;
	if (cfg->funding) {
		bool ok = false;
		for (int i = 0; bilan_funding_names[i]; i++)
			ok |= !strcmp(cfg->funding, bilan_funding_names[i]);
		if (!ok)
			return bilan_node_error(err, doc, bilan_map_get(root, "funding"),
						_("funding must be one of cpf, plan, reclassement, france-travail, fonction-publique, personnel, not '%s'"),
						cfg->funding);
	}
	if ((rc = parse_day(doc, root, "start", &cfg->has_start, &cfg->start, err)) < 0 ||
	    (rc = parse_day(doc, root, "end", &cfg->has_end, &cfg->end, err)) < 0)
		return rc;
	cfg->weekly_goal = 120;
	const char *goal = NULL;
	if ((rc = bilan_get_str(doc, root, "weekly_goal", false, &goal, err)) < 0)
		return rc;
	if (goal) {
		struct bilan_error derr = BILAN_ERROR_INIT;
		if (bilan_duration_parse(&cfg->weekly_goal, goal, 7 * 24 * 60, &derr) < 0)
			return bilan_node_error(err, doc, bilan_map_get(root, "weekly_goal"),
						"%s", derr.message);
	}
	const char *phase = NULL;
	cfg->phase = BILAN_PHASE_PRELIMINAIRE;
	if ((rc = bilan_get_str(doc, root, "phase", false, &phase, err)) < 0)
		return rc;
	if (phase && bilan_phase_parse(&cfg->phase, phase) < 0)
		return bilan_node_error(err, doc, bilan_map_get(root, "phase"),
					_("phase must be one of preliminaire, investigation, conclusions, terminee, not '%s'"),
					phase);
	struct bilan_node *ret = NULL;
	if ((rc = bilan_get_map(doc, root, "retention", false, &ret, err)) < 0)
		return rc;
	if (ret && ((rc = parse_day(doc, ret, "until", &cfg->has_retention,
				    &cfg->retention_until, err)) < 0 ||
		    (rc = bilan_get_str(doc, ret, "agreement", false,
					&cfg->retention_agreement, err)) < 0))
		return rc;
	return 0;
}

static int load_config(struct bilan_ws *ws, struct bilan_error *err)
{
	char *path = bilan_ws_path(ws, BILAN_CONFIG_FILE);
	struct bilan_doc *doc = NULL;
	struct bilan_config cfg;
	int rc = bilan_yaml_load_file(&doc, path, err);
	free(path);
	if (rc < 0)
		return rc;
	if (!doc->root) {
		rc = bilan_error_set_at(err, BILAN_EINVALID, doc->path, 1, 1,
					_("the file is empty"));
		bilan_doc_free(doc);
		return rc;
	}
	if ((rc = parse_config(&cfg, doc, err)) < 0) {
		bilan_doc_free(doc);
		return rc;
	}
	bilan_doc_free(ws->doc);
	ws->doc = doc;
	ws->cfg = cfg;
	return 0;
}

int bilan_ws_open(struct bilan_ws **out, const char *root, struct bilan_error *err)
{
	*out = NULL;
	struct bilan_ws *ws = bilan_xcalloc(1, sizeof(*ws));
	ws->root = bilan_xstrdup(root);
	size_t len = strlen(ws->root);
	while (len > 1 && ws->root[len - 1] == '/')
		ws->root[--len] = '\0';
	ws->gitdir = bilan_xasprintf("%s/.git", ws->root);
	int rc = load_config(ws, err);
	if (rc < 0) {
		bilan_ws_free(ws);
		return rc;
	}
	*out = ws;
	return 0;
}

char *bilan_ws_path(const struct bilan_ws *ws, const char *rel)
{
	return bilan_xasprintf("%s/%s", ws->root, rel);
}

/* ------------------------------------------------------------------ */
/* transactions */

struct txn_file {
	char *rel;
	bool existed;            /* before the transaction */
	struct bilan_buf orig;   /* content before, when existed */
	bool written;            /* written or removed by the transaction:
				  * only those are put back by a rollback */
	bool unreadable;         /* adopted without a copy (too large, not a
				  * regular file): committed as is, never written */
};

struct bilan_ws_txn {
	char *command;
	struct bilan_lock *lock;
	struct bilan_repo *repo;
	struct txn_file *files;
	size_t n, alloc;
};

static void txn_free(struct bilan_ws_txn *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->files[i].rel);
		bilan_buf_clear(&t->files[i].orig);
	}
	free(t->files);
	bilan_repo_free_late(t->repo);
	bilan_lock_release(t->lock);
	free(t->command);
	free(t);
}

int bilan_ws_begin(struct bilan_ws *ws, const char *command, struct bilan_error *err)
{
	int rc;
	if (ws->txn)
		return bilan_error_set(err, BILAN_EFAIL, "internal: nested transaction");
	/* a consultant's copy of an older format takes the beneficiary's
	 * upgrade through sync (the format is the beneficiary's, owner.h) */
	if (ws->cfg.format < BILAN_FORMAT && strcmp(command, "upgrade") != 0 &&
	    !(strcmp(command, "sync") == 0 && bilan_ws_party(ws) == BILAN_PARTY_CONSULTANT)) {
		bilan_error_set(err, BILAN_EFAIL,
				_("this workspace has format %lld; this bilan writes format %d"),
				ws->cfg.format, BILAN_FORMAT);
		if (bilan_ws_party(ws) == BILAN_PARTY_CONSULTANT)
			bilan_error_hint(err, _("ask the beneficiary to run 'bilan upgrade' and 'bilan sync', then run 'bilan sync' here; reading works meanwhile"));
		else
			bilan_error_hint(err, _("run 'bilan upgrade' first (one commit, nothing lost)"));
		return BILAN_EFAIL;
	}
	struct bilan_ws_txn *t = bilan_xcalloc(1, sizeof(*t));
	t->command = bilan_xstrdup(command);
	char *lock_path = bilan_xasprintf("%s/bilan.lock", ws->gitdir);
	rc = bilan_lock_acquire(&t->lock, lock_path, command, bilan_lock_timeout_ms(), err);
	free(lock_path);
	if (rc < 0)
		goto fail;
	/* Another command may have changed bilan.yaml while we waited. */
	if ((rc = load_config(ws, err)) < 0)
		goto fail;
	if ((rc = bilan_repo_open(&t->repo, ws->root, err)) < 0)
		goto fail;
	/* Work is recorded on main only, checked before anything is written
	 * (a backup copies every branch and writes nothing here). */
	if (strcmp(command, "backup") != 0 &&
	    (rc = bilan_repo_head_branch(t->repo, NULL, err)) < 0)
		goto fail;
	ws->txn = t;
	return 0;
fail:
	txn_free(t);
	return rc;
}

static struct txn_file *txn_file_for(struct bilan_ws *ws, const char *rel,
				     bool adopt, struct bilan_error *err, int *rc)
{
	struct bilan_ws_txn *t = ws->txn;
	*rc = 0;
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->files[i].rel, rel))
			return &t->files[i];
	if (!bilan_fs_rel_path_ok(rel)) {
		*rc = bilan_error_set(err, BILAN_EINVALID, _("invalid path '%s'"), rel);
		return NULL;
	}
	char *abs = bilan_ws_path(ws, rel);
	struct txn_file f = { bilan_xstrdup(rel), false, BILAN_BUF_INIT, false, false };
	struct bilan_error rerr = BILAN_ERROR_INIT;
	int r = bilan_fs_read(&f.orig, abs, 64u * 1024u * 1024u, &rerr);
	free(abs);
	if (r == 0) {
		f.existed = true;
		/* Never sweep a hand edit into a bilan commit (unless the
		 * command adopts it: bilan_ws_adopt). */
		bool modified = false;
		if (!adopt && (*rc = bilan_repo_path_modified(t->repo, rel, &modified, err)) < 0)
			goto bad;
		if (modified) {
			*rc = bilan_error_set(err, BILAN_EFAIL,
					      _("'%s' has changes that are not saved in the history"),
					      rel);
			bilan_error_hint(err, _("check it and run 'bilan save', then try again"));
			goto bad;
		}
	} else if (r != BILAN_ENOTFOUND && adopt) {
		/* 'bilan save' of a file it cannot copy: committed as it is */
		f.existed = true;
		f.unreadable = true;
	} else if (r != BILAN_ENOTFOUND) {
		*err = rerr;
		*rc = r;
		goto bad;
	}
	BILAN_ALLOC_GROW(t->files, t->n + 1, t->alloc);
	t->files[t->n] = f;
	return &t->files[t->n++];
bad:
	free(f.rel);
	bilan_buf_clear(&f.orig);
	return NULL;
}

int bilan_ws_write_raw(struct bilan_ws *ws, const char *rel, const void *data,
		       size_t len, struct bilan_error *err)
{
	if (!ws->txn)
		return bilan_error_set(err, BILAN_EFAIL, "internal: write outside a transaction");
	int rc;
	struct txn_file *f = txn_file_for(ws, rel, false, err, &rc);
	if (!f)
		return rc;
	if (f->unreadable)
		return bilan_error_set(err, BILAN_EFAIL, _("cannot read '%s'"), rel);
	f->written = true;
	return bilan_fs_write_in(ws->root, rel, data, len, err);
}

int bilan_ws_write(struct bilan_ws *ws, const char *rel, const struct bilan_node *root,
		   struct bilan_error *err)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	struct bilan_node *signed_ = NULL;
	/* Every record says who wrote it (owner.h): a new record of a
	 * folder the ownership table gives to its author or shares gets
	 * this copy's party. */
	const struct bilan_owner_rule *rule = bilan_owner_rule_for(rel);
	if (rule && rule->owner != BILAN_OWNER_BENEFICIARY && root &&
	    root->type == BILAN_NODE_MAP && !bilan_map_get(root, "author")) {
		char *abs = bilan_ws_path(ws, rel);
		bool fresh = !bilan_fs_exists(abs);
		free(abs);
		if (fresh) {
			signed_ = bilan_node_clone(root);
			bilan_map_set_str(signed_, "author", bilan_party_name(bilan_ws_party(ws)));
			root = signed_;
		}
	}
	int rc = bilan_yaml_emit(&b, root, err);
	if (rc == 0)
		rc = bilan_ws_write_raw(ws, rel, b.ptr ? b.ptr : "", b.len, err);
	bilan_buf_clear(&b);
	bilan_node_free(signed_);
	return rc;
}

int bilan_ws_remove(struct bilan_ws *ws, const char *rel, struct bilan_error *err)
{
	if (!ws->txn)
		return bilan_error_set(err, BILAN_EFAIL, "internal: remove outside a transaction");
	int rc;
	struct txn_file *f = txn_file_for(ws, rel, false, err, &rc);
	if (!f)
		return rc;
	if (f->unreadable)
		return bilan_error_set(err, BILAN_EFAIL, _("cannot read '%s'"), rel);
	f->written = true;
	return bilan_fs_remove_in(ws->root, rel, err);
}

int bilan_ws_adopt(struct bilan_ws *ws, const char *rel, const void *expect,
		   size_t expect_len, struct bilan_error *err)
{
	if (!ws->txn)
		return bilan_error_set(err, BILAN_EFAIL, "internal: adopt outside a transaction");
	int rc;
	struct txn_file *f = txn_file_for(ws, rel, true, err, &rc);
	if (!f)
		return rc;
	if (expect && (!f->existed || f->unreadable || f->orig.len != expect_len ||
		       (expect_len && memcmp(f->orig.ptr, expect, expect_len) != 0))) {
		rc = bilan_error_set(err, BILAN_EFAIL,
				     _("'%s' was changed by something else meanwhile"), rel);
		bilan_error_hint(err, _("nothing was written; try again"));
		return rc;
	}
	return 0;
}

int bilan_ws_commit(struct bilan_ws *ws, const char *message, char *out_oid,
		    struct bilan_error *err)
{
	struct bilan_ws_txn *t = ws->txn;
	if (!t)
		return bilan_error_set(err, BILAN_EFAIL, "internal: commit outside a transaction");
	const char **paths = bilan_xcalloc(t->n + 1, sizeof(*paths));
	for (size_t i = 0; i < t->n; i++)
		paths[i] = t->files[i].rel;
	struct bilan_commit_opts o = BILAN_COMMIT_OPTS_INIT;
	o.message = message;
	o.command = t->command;
	char *name = NULL, *email = NULL;
	bilan_ws_identity(&name, &email, &o.identity_first, ws);
	o.fallback_name = name;
	o.fallback_email = email;
	char oid[BILAN_OID_HEX] = "";
	int rc = 0;
	if (t->n)
		rc = bilan_repo_commit_paths(t->repo, paths, t->n, &o, oid, err);
	free(paths);
	free(name);
	free(email);
	if (rc < 0)
		return rc;   /* the caller rolls back */
	if (out_oid)
		memcpy(out_oid, oid, BILAN_OID_HEX);
	/* Repository upkeep under the lock, time-bounded (gc.h). */
	if (oid[0])
		bilan_gc_auto(NULL, ws->root, NULL);
	ws->txn = NULL;
	txn_free(t);
	return 0;
}

void bilan_ws_rollback(struct bilan_ws *ws)
{
	struct bilan_ws_txn *t = ws->txn;
	if (!t)
		return;
	for (size_t i = t->n; i-- > 0;) {
		struct txn_file *f = &t->files[i];
		if (!f->written)
			continue;
		if (f->existed)
			bilan_fs_write_in(ws->root, f->rel, f->orig.ptr ? f->orig.ptr : "",
					  f->orig.len, NULL);
		else
			bilan_fs_remove_in(ws->root, f->rel, NULL);
	}
	/* A commit that failed after the index was written left these paths
	 * staged: the index follows the files put back (best effort). */
	if (t->repo && t->n) {
		/* only what the transaction wrote: a file it merely adopted
		 * (bilan save) keeps its place in the index */
		const char **paths = bilan_xcalloc(t->n, sizeof(*paths));
		size_t n = 0;
		for (size_t i = 0; i < t->n; i++)
			if (t->files[i].written)
				paths[n++] = t->files[i].rel;
		if (n)
			bilan_repo_stage_paths(t->repo, paths, n, NULL);
		free(paths);
	}
	ws->txn = NULL;
	txn_free(t);
}

int bilan_ws_commit_existing(struct bilan_ws *ws, const char *command,
			     const char *const *paths, size_t n, const char *message,
			     char *out_oid, struct bilan_error *err)
{
	int rc = bilan_ws_begin(ws, command, err);
	if (rc < 0)
		return rc;
	struct bilan_commit_opts o = BILAN_COMMIT_OPTS_INIT;
	o.message = message;
	o.command = command;
	char *name = NULL, *email = NULL;
	bilan_ws_identity(&name, &email, &o.identity_first, ws);
	o.fallback_name = name;
	o.fallback_email = email;
	char oid[BILAN_OID_HEX] = "";
	rc = bilan_repo_commit_paths(ws->txn->repo, paths, n, &o, oid, err);
	free(name);
	free(email);
	if (rc == 0 && oid[0])
		bilan_gc_auto(NULL, ws->root, NULL);
	if (rc == 0 && out_oid)
		memcpy(out_oid, oid, BILAN_OID_HEX);
	txn_free(ws->txn);
	ws->txn = NULL;
	return rc;
}

void bilan_ws_free(struct bilan_ws *ws)
{
	if (!ws)
		return;
	bilan_ws_rollback(ws);
	bilan_doc_free(ws->doc);
	free(ws->root);
	free(ws->gitdir);
	free(ws);
}

/* ------------------------------------------------------------------ */
/* init */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static bool dir_is_empty(const char *dir, bool *exists)
{
	DIR *d = opendir(dir);
	*exists = d != NULL || errno != ENOENT;
	if (!d)
		return errno == ENOENT;
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = false;
			break;
		}
	}
	closedir(d);
	return empty;
}

/* The language the person reads bilan in: French when the messages locale
 * is French, English otherwise (C, POSIX, en_*, any other). */
static const char *default_language(void)
{
	return bilan_i18n_is_french() ? "fr" : "en";
}

static struct bilan_node *person(const char *name, const char *email)
{
	struct bilan_node *m = bilan_node_map();
	bilan_map_set_str(m, "name", name ? name : "");
	if (email)
		bilan_map_set_str(m, "email", email);
	return m;
}

int bilan_ws_init(const char *dir, const struct bilan_init_opts *opts,
		  struct bilan_error *err)
{
	int rc;
	bool exists = false;
	char zone[BILAN_ZONE_MAX];
	if (opts->timezone)
		snprintf(zone, sizeof(zone), "%s", opts->timezone);
	else
		bilan_zone_system(zone);
	if (opts->timezone && (strlen(opts->timezone) >= sizeof(zone) ||
			       !bilan_zone_valid(opts->timezone))) {
		bilan_error_set(err, BILAN_EUSAGE, _("unknown time zone '%s'"), opts->timezone);
		bilan_error_hint(err, _("a zone name such as Europe/Paris, installed with the tzdata package"));
		return BILAN_EUSAGE;
	}
	if ((rc = bilan_zone_use(zone, err)) < 0)
		return rc;
	if (has_config(dir)) {
		bilan_error_set(err, BILAN_EEXISTS, _("'%s' is already a bilan workspace"), dir);
		return BILAN_EEXISTS;
	}
	bool empty = dir_is_empty(dir, &exists);
	if (exists && !bilan_fs_is_dir(dir))
		return bilan_error_set(err, BILAN_EEXISTS, _("'%s' exists and is not a directory"), dir);
	if (!empty) {
		bilan_error_set(err, BILAN_EEXISTS,
				_("'%s' is not empty; bilan creates a workspace in a new or empty directory"),
				dir);
		bilan_error_hint(err, _("choose another directory, e.g. 'bilan init ~/bilan'"));
		return BILAN_EEXISTS;
	}
	bool created = false;
	if (!exists) {
		if ((rc = bilan_fs_mkdir_p(dir, 0700, err)) < 0)
			return rc;
		created = true;
	} else {
		chmod(dir, 0700);
	}
	char *root = absolute(dir);
	struct bilan_repo *repo = NULL;
	struct bilan_node *cfg = NULL;
	struct bilan_buf text = BILAN_BUF_INIT;
	if (!root) {
		rc = bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot open '%s'"), dir);
		goto out;
	}

	cfg = bilan_node_map();
	bilan_map_set_int(cfg, "format", BILAN_FORMAT);
	bilan_map_set_str(cfg, "language", opts->language ? opts->language : default_language());
	bilan_map_set_str(cfg, "timezone", zone);
	bilan_map_set(cfg, "beneficiary", person(opts->name, opts->email));
	bilan_map_set(cfg, "consultant", person(opts->consultant, NULL));
	if (opts->provider)
		bilan_map_set_str(cfg, "provider", opts->provider);
	if (opts->funding)
		bilan_map_set_str(cfg, "funding", opts->funding);
	char day[BILAN_TIME_ISO_MAX];
	struct bilan_time start = opts->has_start ? opts->start : bilan_time_now();
	start.has_time = false;
	bilan_time_format_iso(day, &start);
	bilan_map_set_str(cfg, "start", day);
	if (opts->has_end) {
		struct bilan_time end = opts->end;
		end.has_time = false;
		bilan_time_format_iso(day, &end);
		bilan_map_set_str(cfg, "end", day);
	}
	char goal[32];
	bilan_duration_format(goal, sizeof(goal), opts->weekly_goal ? opts->weekly_goal : 120);
	bilan_map_set_str(cfg, "weekly_goal", goal);
	bilan_map_set_str(cfg, "phase", "preliminaire");

	if ((rc = bilan_yaml_emit(&text, cfg, err)) < 0)
		goto out;
	/* The repository first: if it fails, nothing else was written. */
	if ((rc = bilan_repo_init(&repo, root, err)) < 0)
		goto out;
	if ((rc = bilan_fs_write_in(root, BILAN_CONFIG_FILE, text.ptr, text.len, err)) < 0 ||
	    (rc = bilan_fs_write_in(root, ".gitignore", gitignore_text,
				    sizeof(gitignore_text) - 1, err)) < 0)
		goto out;
	static const char *const paths[] = { BILAN_CONFIG_FILE, ".gitignore" };
	struct bilan_commit_opts o = BILAN_COMMIT_OPTS_INIT;
	o.message = "init: new bilan workspace";
	o.command = "init";
	o.fallback_name = opts->name;
	o.fallback_email = opts->email;
	char oid[BILAN_OID_HEX];
	rc = bilan_repo_commit_paths(repo, paths, 2, &o, oid, err);
out:
	if (rc < 0 && root) {
		/* Leave nothing behind in a directory we made or that was empty. */
		char *p = bilan_xasprintf("%s/%s", root, BILAN_CONFIG_FILE);
		unlink(p);
		free(p);
		p = bilan_xasprintf("%s/.gitignore", root);
		unlink(p);
		free(p);
		/* .git, without a shell and without following links */
		p = bilan_xasprintf("%s/.git", root);
		nftw(p, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
		free(p);
		if (created)
			rmdir(root);
	}
	bilan_repo_free(repo);
	bilan_node_free(cfg);
	bilan_buf_clear(&text);
	free(root);
	return rc;
}
