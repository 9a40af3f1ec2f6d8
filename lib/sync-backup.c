/* sync-backup.c - backup and restore (see sync.h). */
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
/* backup and restore */

static bool inside(const char *path, const char *root)
{
	char *r = realpath(path, NULL);
	if (!r) {
		/* not there yet: its parent decides */
		char *copy = bilan_xstrdup(path);
		char *slash = strrchr(copy, '/');
		if (slash && slash != copy) {
			*slash = '\0';
			r = realpath(copy, NULL);
		} else if (!slash) {
			r = realpath(".", NULL);
		}
		free(copy);
	}
	bool in = false;
	if (r) {
		size_t n = strlen(root);
		in = !strncmp(r, root, n) && (r[n] == '\0' || r[n] == '/');
	}
	free(r);
	return in;
}

/* A new bare repository at dir (missing or an empty directory), made
 * beside it and renamed into place: a backup killed while it creates the
 * repository never leaves a half-made one that later backups refuse. */
static int init_bare(const char *dir, struct bilan_error *err)
{
	git_repository *b = NULL;
	git_repository_init_options o;
	git_repository_init_options_init(&o, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	o.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
	o.initial_head = "main";
	char *copy = NULL;
	char *tmp = bilan_sync_beside(dir, &copy);
	int rc = 0;
	if (git_repository_init_ext(&b, tmp, &o) < 0) {
		rc = bilan_sync_git_fail(err, _("cannot create the backup repository"));
	} else {
		git_repository_free(b);
		chmod(tmp, 0700);
		if (rename(tmp, copy) < 0) {
			rc = bilan_error_set_errno(err, BILAN_EFAIL, errno,
						   _("cannot create the backup repository"));
			nftw(tmp, bilan_sync_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		}
	}
	free(tmp);
	free(copy);
	return rc;
}

int bilan_sync_backup(struct bilan_ws *ws, const char *dest,
		      const struct bilan_sync_opts *opts, struct bilan_error *err)
{
	git_repository *repo = NULL;
	git_remote *remote = NULL;
	struct bilan_share s;
	struct bilan_share_state st;
	char *norm = NULL;
	int rc = bilan_share_url_check(&norm, dest, err);
	if (rc < 0)
		return rc;
	if ((rc = bilan_share_load(&s, ws, err)) < 0) {
		free(norm);
		return rc;
	}
	for (size_t i = 0; i < s.n; i++) {
		if (s.v[i].remote && bilan_share_same_remote(s.v[i].remote, norm)) {
			bilan_share_clear(&s);
			bilan_error_set(err, BILAN_EUSAGE,
					_("'%s' is the shared remote: a backup holds private/ and must go to a place of your own"),
					dest);
			bilan_error_hint(err, _("give a USB key, a disk or a repository only you can read"));
			free(norm);
			return BILAN_EUSAGE;
		}
	}
	bilan_share_clear(&s);
	/* Under the workspace lock: main and partage copied as one state,
	 * two backups to one place one after the other (the second one's
	 * push would find the ref the first just created), and the state
	 * file read and written without losing a concurrent sync's or
	 * forget's update. */
	memset(&st, 0, sizeof(st));
	if ((rc = bilan_ws_begin(ws, "backup", err)) < 0) {
		free(norm);
		return rc;
	}
	if ((rc = bilan_share_state_load(&st, ws->gitdir, err)) < 0)
		goto out;
	bilan_git_init();
	if (bilan_url_is_local(norm)) {
		if (inside(norm, ws->root)) {
			rc = bilan_error_set(err, BILAN_EUSAGE,
					     _("the backup cannot be inside the workspace"));
			goto out;
		}
		git_repository *probe = NULL;
		if (!bilan_fs_exists(norm)) {
			if ((rc = init_bare(norm, err)) < 0)
				goto out;
		} else if (git_repository_open_ext(&probe, norm, GIT_REPOSITORY_OPEN_NO_SEARCH |
						   GIT_REPOSITORY_OPEN_BARE, NULL) == 0) {
			git_repository_free(probe);
		} else {
			struct bilan_strlist l = BILAN_STRLIST_INIT;
			bool empty = bilan_fs_is_dir(norm) && bilan_fs_list(&l, norm, "", NULL) == 0 &&
				     l.n == 0;
			bilan_strlist_clear(&l);
			if (!empty) {
				rc = bilan_error_set(err, BILAN_EFAIL,
						     _("'%s' exists and is not a backup repository"), dest);
				bilan_error_hint(err, _("give a new or empty directory, or an earlier backup"));
				goto out;
			}
			if ((rc = init_bare(norm, err)) < 0)
				goto out;
		}
	}
	if ((rc = bilan_sync_open_repo(&repo, ws->root, err)) < 0)
		goto out;
	if ((rc = bilan_sync_remote_new(&remote, repo, norm, err)) < 0)
		goto out;
	git_oid P;
	/* main only fast-forward (another workspace's backup is refused);
	 * partage forced: 'bilan share forget' rewrites it on purpose */
	const char *specs[2] = { "refs/heads/main:refs/heads/main",
				 "+" BILAN_SHARE_REF ":" BILAN_SHARE_REF };
	size_t n = bilan_sync_ref_id(&P, repo, BILAN_SHARE_REF) ? 2 : 1;
	bool nonff = false;
	if ((rc = bilan_sync_push(remote, specs, n, opts, &nonff, err)) < 0)
		goto out;
	if (nonff) {
		rc = bilan_error_set(err, BILAN_EFAIL,
				     _("'%s' holds a history this workspace does not have (a backup of another workspace, or of a later state)"),
				     dest);
		bilan_error_hint(err, _("back up to a new directory"));
		goto out;
	}
	free(st.last_backup);
	st.last_backup = bilan_sync_now_iso(opts);
	free(st.last_backup_dest);
	st.last_backup_dest = bilan_xstrdup(norm);
	rc = bilan_share_state_save(&st, ws->gitdir, err);
out:
	bilan_ws_rollback(ws);   /* nothing written in the workspace: releases the lock */
	git_remote_free(remote);
	git_repository_free(repo);
	bilan_share_state_clear(&st);
	free(norm);
	return rc;
}

int bilan_sync_restore(const char *src, const char *dir, const struct bilan_sync_opts *opts,
		       struct bilan_error *err)
{
	git_clone_options co;
	git_repository *repo = NULL;
	git_reference *ref = NULL;
	struct bilan_ws *ws = NULL;
	struct bilan_net n;
	git_oid P;
	int rc = 0;
	bilan_git_init();
	if (bilan_url_is_local(src) && !bilan_fs_is_dir(!strncmp(src, "file://", 7) ? src + 7 : src))
		return bilan_error_set(err, BILAN_EFAIL, _("no backup at '%s'"), src);
	bilan_net_init(&n, opts, src);
	git_clone_options_init(&co, GIT_CLONE_OPTIONS_VERSION);
	bilan_net_set_callbacks(&co.fetch_opts.callbacks, &n);
	co.checkout_branch = "main";
	co.remote_cb = bilan_sync_clone_remote_cb;
	bool made = false;
	if ((rc = bilan_sync_make_target(dir, &made, err)) < 0)
		return rc;
	int e = git_clone(&repo, src, dir, &co);
	if (e < 0 && made)
		rmdir(dir);
	if (e < 0) {
		if (e == GIT_EEXISTS || strstr(lg2_msg(), "exists and is not an empty"))
			return bilan_error_set(err, BILAN_EEXISTS,
					       _("'%s' is not empty; restore into a new or empty directory"), dir);
		return bilan_net_fail(err, e, &n, src);
	}
	chmod(dir, 0700);
	if (bilan_sync_ref_id(&P, repo, "refs/remotes/origin/partage") &&
	    git_reference_create(&ref, repo, BILAN_SHARE_REF, &P, 0, "bilan backup --restore") < 0) {
		rc = bilan_sync_git_fail(err, _("cannot restore the shared branch"));
		goto out;
	}
	git_reference_free(ref);
	ref = NULL;
	char *root = realpath(dir, NULL);
	if (!root || bilan_ws_open(&ws, root, err) < 0) {
		if (root)
			rc = err ? err->code : BILAN_EFAIL;
		else
			rc = bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot open '%s'"), dir);
		bilan_error_hint(err, _("is '%s' a backup made by 'bilan backup'?"), src);
		free(root);
		goto out;
	}
	free(root);
	struct bilan_share s;
	if ((rc = bilan_share_load(&s, ws, err)) < 0)
		goto out;
	const struct bilan_consent *c = bilan_share_active(&s);
	if (c && c->remote)
		rc = bilan_share_configure(ws, c->remote, err);
	bilan_share_clear(&s);
out:
	bilan_ws_free(ws);
	git_reference_free(ref);
	git_repository_free(repo);
	return rc;
}
