/* sync-apply.c - a remote's changes brought into the working tree,
 * merged with this copy's (sync-internal.h). */
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
/* helpers */

/* false when the file is there but cannot be read (a damaged object). */
bool bilan_sync_version_of(struct version *v, git_repository *repo, git_tree *tree, const char *path)
{
	git_tree_entry *te = NULL;
	bool ok = true;
	memset(v, 0, sizeof(*v));
	if (!tree || git_tree_entry_bypath(&te, tree, path) < 0)
		return true;
	if (git_tree_entry_type(te) == GIT_OBJECT_BLOB) {
		if (git_blob_lookup(&v->blob, repo, git_tree_entry_id(te)) == 0) {
			v->b.data = git_blob_rawcontent(v->blob);
			v->b.len = (size_t)git_blob_rawsize(v->blob);
			if (!v->b.data)
				v->b.data = "";
		} else {
			ok = false;
		}
	}
	git_tree_entry_free(te);
	return ok;
}

/* A path from a remote must never reach .git, leave the workspace or be a
 * hidden trick. */
static bool safe_remote_path(const char *p)
{
	if (!bilan_fs_rel_path_ok(p))
		return false;
	const char *s = p;
	for (;;) {
		size_t n = strcspn(s, "/");
		if (n == 4 && !strncasecmp(s, ".git", 4))
			return false;
		if (!s[n])
			break;
		s += n + 1;
	}
	return true;
}

static void written_add(struct written *w, const char *path, const char *data, size_t len,
			bool deleted)
{
	bilan_strlist_add(&w->paths, path);
	bilan_strlist_add_owned(&w->contents, deleted ? bilan_xstrdup("") : bilan_xstrndup(data, len));
	if (w->paths.n > w->alloc) {
		w->alloc = w->paths.n * 2;
		w->deleted = bilan_xrealloc(w->deleted, w->alloc * sizeof(bool));
	}
	w->deleted[w->paths.n - 1] = deleted;
}

void bilan_sync_written_clear(struct written *w)
{
	bilan_strlist_clear(&w->paths);
	bilan_strlist_clear(&w->contents);
	free(w->deleted);
	memset(w, 0, sizeof(*w));
}

static int ws_put(struct bilan_ws *ws, struct written *w, const char *path,
		  const char *data, size_t len, struct bilan_error *err)
{
	int rc = bilan_ws_write_raw(ws, path, data, len, err);
	if (rc == 0)
		written_add(w, path, data, len, false);
	return rc;
}

static int ws_del(struct bilan_ws *ws, struct written *w, const char *path,
		  struct bilan_error *err)
{
	int rc = bilan_ws_remove(ws, path, err);
	if (rc == 0)
		written_add(w, path, NULL, 0, true);
	return rc;
}

/* Make path in the working tree what it is in theirs (a deletion when
 * theirs lacks it), unless ours already has it so. */
static int take_theirs(struct bilan_ws *ws, git_repository *repo, git_tree *ours,
		       git_tree *theirs, const char *path, struct written *w,
		       struct bilan_error *err)
{
	struct version vo, vt;
	int rc = 0;
	if (!bilan_sync_version_of(&vo, repo, ours, path) || !bilan_sync_version_of(&vt, repo, theirs, path))
		rc = bilan_sync_damaged(err);
	else if (!vt.b.data) {
		if (vo.b.data)
			rc = ws_del(ws, w, path, err);
	} else if (!vo.b.data || vo.b.len != vt.b.len || memcmp(vo.b.data, vt.b.data, vt.b.len)) {
		rc = ws_put(ws, w, path, vt.b.data, vt.b.len, err);
	}
	git_blob_free(vo.blob);
	git_blob_free(vt.blob);
	return rc;
}

int bilan_sync_apply_remote(struct bilan_ws *ws, git_repository *repo, git_tree *base,
			    git_tree *theirs, git_tree *ours, bool beneficiary,
			    const struct bilan_strlist *forgotten, struct bilan_conflicts *conf,
			    const char *when, struct written *w, struct bilan_sync_report *rep,
			    struct bilan_error *err)
{
	git_diff *diff = NULL;
	git_diff_options o;
	int rc = 0;
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	/* the remote's URL for messages: a plain lookup, never
	 * git_remote_lookup and its insteadOf scan (bilan_sync_remote_url) */
	const char *rname = beneficiary ? BILAN_SHARE_REMOTE : CONSULTANT_REMOTE;
	char *raw = NULL;
	char *url = bilan_text_name(bilan_sync_remote_url(&raw, repo, rname, NULL) == 0 ? raw : rname);
	free(raw);
	rc = bilan_sync_within_limits(repo, theirs, url, err);
	free(url);
	if (rc < 0)
		return rc;
	/* The format rule (workspace.h): a newer format from the other side
	 * is said, never written over nor taken blindly. */
	struct version vf;
	if (bilan_sync_version_of(&vf, repo, theirs, BILAN_CONFIG_FILE) && vf.b.data) {
		struct bilan_doc *d = NULL;
		long long f = 0;
		if (bilan_yaml_load_buffer(&d, BILAN_CONFIG_FILE, vf.b.data, vf.b.len, NULL) == 0 &&
		    bilan_get_int(d, d->root, "format", false, &f, NULL) == 0 && f > BILAN_FORMAT) {
			rep->remote_format = f;
			if (!beneficiary) {
				rc = bilan_error_set(err, BILAN_EFAIL,
						     _("the beneficiary's workspace has format %lld, newer than this bilan understands (%d)"),
						     f, BILAN_FORMAT);
				bilan_error_hint(err, _("nothing was changed here: install a newer bilan, then run 'bilan sync' again"));
			}
		}
		bilan_doc_free(d);
		git_blob_free(vf.blob);
		if (rc < 0)
			return rc;
	}
	if (git_diff_tree_to_tree(&diff, repo, base, theirs, &o) < 0)
		return bilan_sync_git_fail(err, _("cannot compare with the remote"));
	size_t nd = git_diff_num_deltas(diff);
	for (size_t i = 0; i < nd && rc == 0; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *path = d->status == GIT_DELTA_DELETED ? d->old_file.path : d->new_file.path;
		uint16_t mode = d->status == GIT_DELTA_DELETED ? d->old_file.mode : d->new_file.mode;
		if (!safe_remote_path(path) ||
		    (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)) {
			bilan_strlist_add(&rep->ignored, path);
			continue;
		}
		if (bilan_conflict_is_own_file(path))
			continue;
		if (bilan_share_is_generated(path)) {
			/* Made by the beneficiary's sync from their whole
			 * workspace: not in their main; the consultant's copy
			 * takes them as they are, so that a merge there never
			 * brings back (and sends back) an older report or
			 * summary. */
			if (!beneficiary)
				rc = take_theirs(ws, repo, ours, theirs, path, w, err);
			continue;
		}
		if (beneficiary && (!bilan_share_path_shared(path, forgotten) ||
				    !strcmp(path, BILAN_SHARE_FILE))) {
			bilan_strlist_add(&rep->ignored, path);
			continue;
		}
		struct version vb, vo, vt;
		bool readable = bilan_sync_version_of(&vb, repo, base, path);
		readable &= bilan_sync_version_of(&vo, repo, ours, path);
		readable &= bilan_sync_version_of(&vt, repo, theirs, path);
		struct bilan_merge_result r;
		memset(&r, 0, sizeof(r));
		/* Who may change what (owner.h): the change comes from the
		 * other side of this merge, whatever its commits' authors
		 * say; one the other party does not own is not applied. */
		enum bilan_party from = beneficiary ? BILAN_PARTY_CONSULTANT
						    : BILAN_PARTY_BENEFICIARY;
		if (readable && !bilan_owner_allows(path, from, vb.b, vt.b)) {
			bilan_strlist_add(&rep->refused, path);
			git_blob_free(vb.blob);
			git_blob_free(vo.blob);
			git_blob_free(vt.blob);
			continue;
		}
		if (readable)
			bilan_merge_file(&r, path, vb.b, vo.b, vt.b);
		else
			rc = bilan_sync_damaged(err);
		switch (readable ? r.outcome : BILAN_MERGE_KEEP_OURS) {
		case BILAN_MERGE_KEEP_OURS:
			break;
		case BILAN_MERGE_TAKE_THEIRS:
			if (r.deleted) {
				if (vo.b.data)
					rc = ws_del(ws, w, path, err);
			} else {
				rc = ws_put(ws, w, path, vt.b.data, vt.b.len, err);
			}
			rep->taken++;
			break;
		case BILAN_MERGE_MERGED:
			rc = ws_put(ws, w, path, r.text.ptr ? r.text.ptr : "", r.text.len, err);
			rep->merged++;
			break;
		case BILAN_MERGE_CONFLICT:
			if (!vt.b.data) {
				/* deleted there, changed here: ours stays */
				bilan_strlist_add(&rep->kept, path);
				break;
			}
			if (!r.deleted && r.text.ptr)
				rc = ws_put(ws, w, path, r.text.ptr, r.text.len, err);
			if (rc == 0) {
				char *copy = bilan_conflict_copy_path(path);
				rc = ws_put(ws, w, copy, vt.b.data, vt.b.len, err);
				free(copy);
			}
			if (rc == 0) {
				bilan_conflicts_add(conf, path, when);
				bilan_strlist_add(&rep->conflicts, path);
			}
			break;
		}
		bilan_buf_clear(&r.text);
		git_blob_free(vb.blob);
		git_blob_free(vo.blob);
		git_blob_free(vt.blob);
	}
	git_diff_free(diff);
	return rc;
}

/* Write the conflicts record when it changed (new entries or closed ones). */
int bilan_sync_write_conflicts(struct bilan_ws *ws, struct written *w, struct bilan_conflicts *conf,
			       bool changed, struct bilan_error *err)
{
	/* entries whose copy we just wrote are open */
	for (size_t i = 0; i < conf->n; i++)
		for (size_t k = 0; k < w->paths.n; k++)
			if (!strcmp(w->paths.v[k], conf->v[i].remote) && !w->deleted[k])
				conf->v[i].open = true;
	changed |= bilan_conflicts_prune(conf);
	if (!changed)
		return 0;
	struct bilan_node *n = bilan_conflicts_node(conf);
	int rc;
	if (n) {
		struct bilan_buf b = BILAN_BUF_INIT;
		rc = bilan_yaml_emit(&b, n, err);
		if (rc == 0)
			rc = ws_put(ws, w, BILAN_CONFLICTS_FILE, b.ptr ? b.ptr : "", b.len, err);
		bilan_buf_clear(&b);
		bilan_node_free(n);
	} else {
		char *abs = bilan_ws_path(ws, BILAN_CONFLICTS_FILE);
		rc = bilan_fs_exists(abs) ? ws_del(ws, w, BILAN_CONFLICTS_FILE, err) : 0;
		free(abs);
	}
	return rc;
}

/* Tree of base with the written files (for the consultant's merge commit). */
int bilan_sync_tree_with(git_oid *out, git_repository *repo, git_tree *base,
			 const struct written *w, struct bilan_error *err)
{
	git_tree_update *ups = bilan_xcalloc(w->paths.n + 1, sizeof(*ups));
	size_t n = 0;
	int rc = 0;
	for (size_t i = 0; i < w->paths.n; i++) {
		if (w->deleted[i]) {
			git_tree_entry *te = NULL;
			if (git_tree_entry_bypath(&te, base, w->paths.v[i]) < 0)
				continue;
			git_tree_entry_free(te);
			ups[n].action = GIT_TREE_UPDATE_REMOVE;
		} else {
			const char *c = w->contents.v[i];
			if (git_blob_create_from_buffer(&ups[n].id, repo, c, strlen(c)) < 0) {
				rc = bilan_sync_git_fail(err, _("cannot write the merge"));
				goto out;
			}
			ups[n].action = GIT_TREE_UPDATE_UPSERT;
			ups[n].filemode = GIT_FILEMODE_BLOB;
		}
		ups[n].path = w->paths.v[i];
		n++;
	}
	if (git_tree_create_updated(out, repo, base, n, ups) < 0)
		rc = bilan_sync_git_fail(err, _("cannot write the merge"));
out:
	free(ups);
	return rc;
}
