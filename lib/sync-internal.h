/* sync-internal.h - internal to lib/: what the files of the sync share
 * (sync.c the sync itself, sync-remote.c fetch and push, sync-apply.c a
 * remote's changes in the working tree, sync-clone.c, sync-backup.c;
 * sync-net.c the network callbacks, sync-net.h).  Never included by cmd/.
 */
#ifndef BILAN_SYNC_INTERNAL_H
#define BILAN_SYNC_INTERNAL_H

#include <ftw.h>
#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "buf.h"
#include "errors.h"
#include "merge.h"
#include "sync.h"
#include "workspace.h"

#define CONSULTANT_REMOTE "origin"
#define ATTEMPTS 3
/* A ref lock a live libgit2 holds for milliseconds; one still there after
 * this long was left by a killed process (see bilan_sync_clear_stale_lock). */
#define LOCK_GRACE_MS 3000

/* libgit2's last message, neutralised (lib/git.h). */
#define lg2_msg bilan_git_message

struct version {
	git_blob *blob;
	struct bilan_blob b;
};

struct written {
	struct bilan_strlist paths;
	struct bilan_strlist contents;   /* NULL entry (stored as "") not used */
	bool *deleted;
	size_t alloc;
};

/* sync-remote.c: the repository and its remotes */
/* A failure of libgit2 where none of its specific codes can occur. */
int bilan_sync_git_fail(struct bilan_error *err, const char *what);
/* libgit2 1.5.1 leaks a PCRE2 match block for every configuration entry
 * that a regular expression does not match (git_regexp_match returns before
 * freeing it), and looking a remote up scans the whole configuration for
 * url.*.insteadOf that way.  So remotes are made in memory, from the URL
 * read with a plain lookup, without insteadOf, and always used with
 * explicit refspecs. */
int bilan_sync_remote_url(char **out, git_repository *repo, const char *name,
			  struct bilan_error *err);
int bilan_sync_remote_new(git_remote **out, git_repository *repo, const char *url,
			  struct bilan_error *err);
/* The remote-tracking ref of a remote's main. */
char *bilan_sync_tracking_ref(const char *name);
bool bilan_sync_clear_stale_lock(const char *root_in, const char *msg, int grace_ms);
/* Fetch the remote's main into refs/remotes/NAME/main.  No lock is held. */
int bilan_sync_fetch(git_repository *repo, const char *name, const struct bilan_sync_opts *opts,
		     struct bilan_error *err);
int bilan_sync_push(git_remote *remote, const char *const *specs, size_t nspecs,
		    const struct bilan_sync_opts *opts, bool *nonff, struct bilan_error *err);
/* Push one refspec to the remote NAME; on success the remote-tracking ref
 * of its main follows (a push does not update it for an in-memory remote). */
int bilan_sync_push_named(git_repository *repo, const char *name, const char *spec,
			  const struct bilan_sync_opts *opts, bool *nonff, struct bilan_error *err);
int bilan_sync_open_repo(git_repository **out, const char *root, struct bilan_error *err);
/* true when the ref exists (its target in *out). */
bool bilan_sync_ref_id(git_oid *out, git_repository *repo, const char *name);
char *bilan_sync_now_iso(const struct bilan_sync_opts *opts);
/* A damaged object of this repository (or of a remote on disk, which
 * libgit2 reads in place). */
int bilan_sync_damaged(struct bilan_error *err);
/* What a remote holds must stay within the limits of sync.h before
 * anything of it is read: the size of each file (read from the object's
 * header, not loaded), their number, the depth of folders.  BILAN_EFAIL
 * naming the first file past one (nothing changed here). */
int bilan_sync_within_limits(git_repository *repo, git_tree *theirs, const char *url,
			     struct bilan_error *err);
bool bilan_sync_is_ancestor(git_repository *repo, const git_oid *anc, const git_oid *of);

/* sync-apply.c: a remote's changes in the working tree */
/* false when the file is there but cannot be read (a damaged object). */
bool bilan_sync_version_of(struct version *v, git_repository *repo, git_tree *tree, const char *path);
void bilan_sync_written_clear(struct written *w);
int bilan_sync_apply_remote(struct bilan_ws *ws, git_repository *repo, git_tree *base,
			    git_tree *theirs, git_tree *ours, bool beneficiary,
			    const struct bilan_strlist *forgotten, struct bilan_conflicts *conf,
			    const char *when, struct written *w, struct bilan_sync_report *rep,
			    struct bilan_error *err);
/* Write the conflicts record when it changed (new entries or closed ones). */
int bilan_sync_write_conflicts(struct bilan_ws *ws, struct written *w, struct bilan_conflicts *conf,
			       bool changed, struct bilan_error *err);
/* Tree of base with the written files (for the consultant's merge commit). */
int bilan_sync_tree_with(git_oid *out, git_repository *repo, git_tree *base,
			 const struct written *w, struct bilan_error *err);

/* sync.c: the sync */
/* The build step, in a transaction of its own: the shared branch's next
 * commit (*out_tip) made from main and its generated files, with merged
 * (the remote's head the merge step took, or NULL) as a parent. */
int bilan_sync_build_step(git_oid *out_tip, struct bilan_ws *ws, git_repository *repo,
			  struct bilan_share_state *st, const struct bilan_sync_opts *opts,
			  const git_oid *merged, struct bilan_sync_report *rep, struct bilan_error *err);
/* The remote "partage" must match the consent in force. */
int bilan_sync_ensure_remote(git_repository *repo, const struct bilan_ws *ws, const char *url,
			     struct bilan_error *err);

/* sync-clone.c: clone */
/* nftw callback: remove one entry (what a failed clone left). */
int bilan_sync_rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *f);
/* The place beside dir where a new repository is made before it is renamed
 * into place (.NAME.bilan-new-PID; *out_copy: dir without trailing
 * slashes), after removing what a command killed there left (the same
 * names with the pid of a process that is gone).  Caller frees both. */
char *bilan_sync_beside(const char *dir, char **out_copy);
/* The directory a clone goes to: created (0700, with its parents) when
 * missing, so that git_clone gets an empty directory; *made says so, for
 * the cleanup of a failed clone. */
int bilan_sync_make_target(const char *dir, bool *made, struct bilan_error *err);
/* git_clone's remote, made without the insteadOf scan (see bilan_sync_remote_url). */
int bilan_sync_clone_remote_cb(git_remote **out, git_repository *repo, const char *name,
			       const char *url, void *payload);

#endif
