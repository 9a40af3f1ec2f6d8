/* sync-clone.c - a consultant's clone, was_shared, forget (see sync.h). */
#include "sync.h"
#include "sync-internal.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <git2.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "fs.h"
#include "git.h"
#include "i18n.h"
#include "merge.h"
#include "sync-net.h"
#include "share.h"
#include "text.h"
#include "vcs.h"

/* ------------------------------------------------------------------ */
/* clone, was_shared, forget */

/* nftw callback: remove one entry (what a failed clone left). */
int bilan_sync_rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)f;
	if (flag == FTW_DP)
		rmdir(p);
	else
		unlink(p);
	return 0;
}

/* The place beside dir where a new repository is made before it is renamed
 * into place (.NAME.bilan-new-PID; *out_copy: dir without trailing
 * slashes), after removing what a command killed there left (the same
 * names with the pid of a process that is gone).  Caller frees both. */
char *bilan_sync_beside(const char *dir, char **out_copy)
{
	char *copy = bilan_xstrdup(dir);
	size_t n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	char *slash = strrchr(copy, '/');
	char *tmp = slash ? bilan_xasprintf("%.*s/.%s.bilan-new-%ld", (int)(slash - copy), copy,
					    slash + 1, (long)getpid())
			  : bilan_xasprintf(".%s.bilan-new-%ld", copy, (long)getpid());
	char *parent = slash ? bilan_xstrndup(copy, (size_t)(slash - copy)) : bilan_xstrdup(".");
	if (!*parent) {
		free(parent);
		parent = bilan_xstrdup("/");
	}
	char *prefix = bilan_xasprintf(".%s.bilan-new-", slash ? slash + 1 : copy);
	DIR *d = opendir(parent);
	for (struct dirent *e; d && (e = readdir(d));) {
		if (strncmp(e->d_name, prefix, strlen(prefix)))
			continue;
		char *end = NULL;
		long pid = strtol(e->d_name + strlen(prefix), &end, 10);
		if (!end || *end || pid <= 0 || (pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno != ESRCH)))
			continue;
		char *old = bilan_xasprintf("%s/%s", parent, e->d_name);
		nftw(old, bilan_sync_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		free(old);
	}
	if (d)
		closedir(d);
	free(prefix);
	free(parent);
	*out_copy = copy;
	return tmp;
}

/* The directory a clone goes to: created (0700, with its parents) when
 * missing, so that git_clone gets an empty directory; *made says so, for
 * the cleanup of a failed clone. */
int bilan_sync_make_target(const char *dir, bool *made, struct bilan_error *err)
{
	*made = false;
	if (bilan_fs_exists(dir))
		return 0;
	int rc = bilan_fs_mkdir_p(dir, 0700, err);
	*made = rc == 0;
	return rc;
}

/* git_clone's remote, made without the insteadOf scan (see bilan_sync_remote_url). */
int bilan_sync_clone_remote_cb(git_remote **out, git_repository *repo, const char *name,
			       const char *url, void *payload)
{
	git_remote_create_options o;
	(void)payload;
	git_remote_create_options_init(&o, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	o.repository = repo;
	o.name = name;
	o.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
	return git_remote_create_with_opts(out, url, &o);
}

/* init + remote origin + fetch + main checked out. */
static int clone_main(git_repository **out, const char *url, const char *dir, struct bilan_net *n)
{
	git_repository *repo = NULL;
	git_remote *remote = NULL;
	git_reference *ref = NULL, *head = NULL;
	git_repository_init_options io;
	git_remote_create_options ro;
	git_fetch_options fo;
	git_checkout_options cko;
	git_oid id;
	int e;
	*out = NULL;
	git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	io.flags = GIT_REPOSITORY_INIT_MKPATH;
	io.initial_head = "main";
	if ((e = git_repository_init_ext(&repo, dir, &io)) < 0)
		return e;
	git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	ro.repository = repo;
	ro.name = "origin";
	ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	bilan_net_set_callbacks(&fo.callbacks, n);
	/* main only, no tags (as sync fetches) */
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	fo.update_fetchhead = 0;
	char spec_main[] = "+refs/heads/main:refs/remotes/origin/main";
	char *spec = spec_main;
	git_strarray specs = { &spec, 1 };
	git_checkout_options_init(&cko, GIT_CHECKOUT_OPTIONS_VERSION);
	cko.checkout_strategy = GIT_CHECKOUT_FORCE;
	if ((e = git_remote_create_with_opts(&remote, url, &ro)) < 0 ||
	    (e = git_remote_fetch(remote, &specs, &fo, NULL)) < 0)
		goto out;
	if ((e = git_reference_name_to_id(&id, repo, "refs/remotes/origin/main")) < 0) {
		git_error_set_str(GIT_ERROR_REFERENCE, "the remote has no branch main");
		goto out;
	}
	/* checked out by the caller, once within the limits */
	(void)cko;
	if ((e = git_reference_create(&ref, repo, "refs/heads/main", &id, 0, "bilan share clone")) < 0 ||
	    (e = git_repository_set_head(repo, "refs/heads/main")) < 0)
		goto out;
out:
	git_reference_free(ref);
	git_reference_free(head);
	git_remote_free(remote);
	if (e < 0) {
		git_repository_free(repo);
		return e;
	}
	*out = repo;
	return 0;
}

int bilan_sync_clone(const char *url, const char *dir, const struct bilan_sync_opts *opts,
		     struct bilan_error *err)
{
	git_clone_options co;
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	struct bilan_net n;
	bilan_git_init();
	if (bilan_fs_exists(dir) && !bilan_fs_is_dir(dir))
		return bilan_error_set(err, BILAN_EEXISTS, _("'%s' exists and is not a directory"), dir);
	if (bilan_fs_exists(dir)) {
		DIR *d = opendir(dir);
		bool empty = d != NULL;
		for (struct dirent *e; d && (e = readdir(d));)
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				empty = false;
		if (d)
			closedir(d);
		if (!empty)
			return bilan_error_set(err, BILAN_EEXISTS,
					       _("'%s' is not empty; clone into a new or empty directory"), dir);
	}
	/* Made beside dir and renamed into place once whole: a clone that
	 * fails, or is killed, never leaves a half-made copy that refuses
	 * the next try (what a killed one left is removed then). */
	char *copy = NULL;
	char *tmp = bilan_sync_beside(dir, &copy);
	char *parent = bilan_xstrdup(copy);
	char *slash = strrchr(parent, '/');
	int rc = 0;
	if (slash && slash != parent) {
		*slash = '\0';
		rc = bilan_fs_mkdir_p(parent, 0700, err);
	}
	free(parent);
	if (rc < 0)
		goto out;
	bilan_net_init(&n, opts, url);
	n.limit_fetch = true;
	git_clone_options_init(&co, GIT_CLONE_OPTIONS_VERSION);
	bilan_net_set_callbacks(&co.fetch_opts.callbacks, &n);
	co.checkout_branch = "main";
	co.remote_cb = bilan_sync_clone_remote_cb;
	/* nothing checked out before the limits are checked */
	co.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE;
	int e = git_clone(&repo, url, tmp, &co);
	if (e < 0 && !git_error_last()) {
		/* libgit2 1.5.1 fails without a word when the remote's HEAD
		 * names a branch it does not have (a bare repository made with
		 * "master" as default): clone main by hand. */
		nftw(tmp, bilan_sync_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		/* a new connection: the credentials are offered afresh (over
		 * ssh, the key the first one used would count as spent, and
		 * the server "refused the credentials": tests/e2e/gitolite.sh,
		 * a gitolite repository whose HEAD names master) */
		bilan_net_init(&n, opts, url);
		n.limit_fetch = true;
		e = clone_main(&repo, url, tmp, &n);
	}
	if (e < 0) {
		if (bilan_url_is_local(url) && !bilan_fs_is_dir(!strncmp(url, "file://", 7) ? url + 7 : url))
			rc = bilan_error_set(err, BILAN_EFAIL, _("no repository at '%s'"), url);
		else
			rc = bilan_net_fail(err, e, &n, url);
		goto out;
	}
	{
		git_object *head = NULL;
		char *safe_url = bilan_text_name(url);
		if (git_revparse_single(&head, repo, "HEAD^{tree}") < 0)
			rc = bilan_sync_git_fail(err, _("cannot read main"));
		else
			rc = bilan_sync_within_limits(repo, (git_tree *)head, safe_url, err);
		free(safe_url);
		git_checkout_options cko;
		git_checkout_options_init(&cko, GIT_CHECKOUT_OPTIONS_VERSION);
		cko.checkout_strategy = GIT_CHECKOUT_FORCE;
		if (rc == 0 && git_checkout_head(repo, &cko) < 0)
			rc = bilan_sync_git_fail(err, _("cannot write the files of the clone"));
		git_object_free(head);
	}
	if (rc == 0 && (git_repository_config(&cfg, repo) < 0 ||
			git_config_set_string(cfg, "bilan.role", "consultant") < 0 ||
			(opts && opts->name && git_config_set_string(cfg, "bilan.name", opts->name) < 0) ||
			(opts && opts->email && git_config_set_string(cfg, "bilan.email", opts->email) < 0)))
		rc = bilan_sync_git_fail(err, _("cannot configure the clone"));
	if (rc == 0)
		rc = bilan_share_install_consultant_hook(git_repository_path(repo), err);
	git_config_free(cfg);
	cfg = NULL;
	git_repository_free(repo);
	repo = NULL;
	if (rc == 0) {
		chmod(tmp, 0700);
		/* over a directory that is still empty, or where there was none */
		if (rename(tmp, copy) < 0)
			rc = errno == ENOTEMPTY || errno == EEXIST ?
				bilan_error_set(err, BILAN_EEXISTS,
						_("'%s' is not empty; clone into a new or empty directory"), dir) :
				bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot put the clone at '%s'"),
						      dir);
	}
out:
	git_repository_free(repo);
	if (rc < 0)
		nftw(tmp, bilan_sync_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(tmp);
	free(copy);
	return rc;
}

int bilan_sync_was_shared(bool *out, const struct bilan_ws *ws, const char *path,
			  struct bilan_error *err)
{
	git_repository *repo = NULL;
	*out = false;
	int rc = bilan_sync_open_repo(&repo, ws->root, err);
	if (rc < 0)
		return rc;
	static const char *const refs[] = { BILAN_SHARE_REF,
		"refs/remotes/" BILAN_SHARE_REMOTE "/main" };
	for (size_t i = 0; i < 2 && !*out; i++) {
		git_oid id;
		git_commit *c = NULL;
		git_tree *t = NULL;
		git_tree_entry *te = NULL;
		if (!bilan_sync_ref_id(&id, repo, refs[i]) || git_commit_lookup(&c, repo, &id) < 0)
			continue;
		if (git_commit_tree(&t, c) == 0 && git_tree_entry_bypath(&te, t, path) == 0)
			*out = true;
		git_tree_entry_free(te);
		git_tree_free(t);
		git_commit_free(c);
	}
	git_repository_free(repo);
	return 0;
}

int bilan_sync_forget(size_t *out_commits, bool *out_pushed, struct bilan_ws *ws,
		      const char *path, const struct bilan_sync_opts *opts,
		      struct bilan_error *err)
{
	git_repository *repo = NULL;
	struct bilan_share s;
	struct bilan_share_state st;
	git_oid P, R, H, N;
	int rc;
	*out_commits = 0;
	*out_pushed = false;
	if (!bilan_fs_rel_path_ok(path))
		return bilan_error_set(err, BILAN_EUSAGE, _("invalid path '%s'"), path);
	if ((rc = bilan_share_load(&s, ws, err)) < 0)
		return rc;
	char *url = s.n && s.v[s.n - 1].remote ? bilan_xstrdup(s.v[s.n - 1].remote) : NULL;
	bilan_share_clear(&s);
	if ((rc = bilan_share_state_load(&st, ws->gitdir, err)) < 0) {
		free(url);
		return rc;
	}
	if ((rc = bilan_sync_open_repo(&repo, ws->root, err)) < 0)
		goto out;
	if (!bilan_sync_ref_id(&P, repo, BILAN_SHARE_REF)) {
		rc = bilan_error_set(err, BILAN_ENOTFOUND, _("nothing was shared yet"));
		goto out;
	}
	/* Still in main's shared part?  Then the next sync would share it again. */
	if (bilan_sync_ref_id(&H, repo, "refs/heads/main") && bilan_share_path_shared(path, &st.forgotten)) {
		git_commit *c = NULL;
		git_tree *t = NULL;
		git_tree_entry *te = NULL;
		bool there = git_commit_lookup(&c, repo, &H) == 0 && git_commit_tree(&t, c) == 0 &&
			     git_tree_entry_bypath(&te, t, path) == 0;
		git_tree_entry_free(te);
		git_tree_free(t);
		git_commit_free(c);
		if (there) {
			rc = bilan_error_set(err, BILAN_EFAIL,
					     _("'%s' is still part of what is shared"), path);
			bilan_error_hint(err, _("make it private first ('bilan private %s') or delete it, then forget it"),
					 path);
			goto out;
		}
	}
	/* The consultant's latest work must be merged first: a forced push
	 * would drop it.  Except the history an interrupted forget of this
	 * path left on the remote (killed after the shared branch was
	 * rewritten, before the push): rewritten without the path (the
	 * rewrite is deterministic), it is in the shared branch already;
	 * the push is what is left to do. */
	size_t resumed = 0;
	if (url) {
		if ((rc = bilan_sync_ensure_remote(repo, ws, url, err)) < 0 ||
		    (rc = bilan_sync_fetch(repo, BILAN_SHARE_REMOTE, opts, err)) < 0)
			goto out;
		git_oid RW;
		if (bilan_sync_ref_id(&R, repo, "refs/remotes/" BILAN_SHARE_REMOTE "/main") &&
		    !bilan_sync_is_ancestor(repo, &R, &P) &&
		    (bilan_share_rewrite_without(&RW, &resumed, repo, &R, path, NULL) < 0 ||
		     !resumed || !bilan_sync_is_ancestor(repo, &RW, &P))) {
			rc = bilan_error_set(err, BILAN_EFAIL,
					     _("the remote has changes that are not merged yet"));
			bilan_error_hint(err, _("run 'bilan sync' first, then 'bilan share forget' again"));
			goto out;
		}
	}
	if ((rc = bilan_ws_begin(ws, "share forget", err)) < 0)
		goto out;
	rc = bilan_share_rewrite_without(&N, out_commits, repo, &P, path, err);
	if (rc == 0 && !git_oid_equal(&N, &P)) {
		git_reference *ref = NULL;
		if (git_reference_create_matching(&ref, repo, BILAN_SHARE_REF, &N, 1, &P,
						  "bilan share forget") < 0)
			rc = bilan_error_set(err, BILAN_EAGAIN, _("the shared branch moved: %s"), lg2_msg());
		git_reference_free(ref);
	}
	if (rc == 0 && !bilan_strlist_contains(&st.forgotten, path)) {
		bilan_strlist_add(&st.forgotten, path);
		rc = bilan_share_state_save(&st, ws->gitdir, err);
	}
	bilan_ws_rollback(ws);
	if (rc == 0 && !*out_commits)
		*out_commits = resumed;
	if (rc < 0 || !*out_commits)
		goto out;
	/* A fresh shared commit on top: the current report, the path left out
	 * (it is remembered as forgotten).  Not the remote's old head. */
	struct bilan_sync_report rep;
	memset(&rep, 0, sizeof(rep));
	rc = bilan_sync_build_step(&N, ws, repo, &st, opts, NULL, &rep, err);
	bilan_sync_report_clear(&rep);
	if (rc < 0 || !url)
		goto out;
	rc = bilan_sync_push_named(repo, BILAN_SHARE_REMOTE, "+" BILAN_SHARE_REF ":refs/heads/main", opts,
			NULL, err);
	if (rc == 0) {
		*out_pushed = true;
		char oid[GIT_OID_HEXSZ + 1];
		git_oid_tostr(oid, sizeof(oid), &N);
		free(st.last_push);
		st.last_push = bilan_xstrdup(oid);
		rc = bilan_share_state_save(&st, ws->gitdir, err);
	}
out:
	git_repository_free(repo);
	bilan_share_state_clear(&st);
	free(url);
	return rc;
}
