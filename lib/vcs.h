/* vcs.h - versioning with libgit2: the one commit path of bilan.
 *
 * libgit2 is initialised lazily by bilan_repo_open / bilan_repo_init:
 * commands that only read the workspace never call this module.  (Its
 * start-up with Debian's build parses the system certificate bundle, ~14 ms;
 * the bilan executable defers that parse to the first TLS connection:
 * cmd/tls-lazy.c.)
 *
 * bilan_repo_commit_paths makes exactly one commit on main (HEAD must be
 * the symbolic ref refs/heads/main: any other branch or a detached HEAD is
 * refused, bilan_repo_head_branch) holding exactly the given paths as they are in the working tree (a path
 * that no longer exists is removed): the tree is built from HEAD's tree with
 * git_tree_create_updated, the index is updated for those paths only (so
 * plain `git status` stays clean), and HEAD moves with optimistic concurrency.
 * Nothing else of the working tree (hand edits) is ever swept in.  When the
 * resulting tree equals HEAD's, no commit is made and *out_oid is "".
 * The author comes from git config (git_signature_default), else from the
 * fallback name/e-mail (bilan.yaml), else "bilan <bilan@localhost>" (with
 * identity_first, the fallback name comes first: a consultant's copy is
 * authored by the consultant recorded there, owner.h); the
 * commit is dated bilan_now() (lib/clock.h) with the local offset.
 * The message gets a "Bilan-Command: <command>" trailer.
 */
#ifndef BILAN_VCS_H
#define BILAN_VCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "errors.h"

struct bilan_repo;

#define BILAN_OID_HEX 41

/* Create a repository in dir with initial branch "main" (dir must exist). */
struct git_signature;
struct git_repository;
/* A signature dated bilan_now() with the local zone's offset (the one
 * clock: every commit bilan makes is dated through it).  use_config: the
 * name and e-mail of git's configuration when it has them; else name and
 * email (NULL or "": "bilan", "bilan@localhost").  Returns libgit2's code. */
int bilan_vcs_signature(struct git_signature **out, struct git_repository *git,
			bool use_config, const char *name, const char *email);

int bilan_repo_init(struct bilan_repo **out, const char *dir, struct bilan_error *err);
/* Open the repository whose work tree is dir (not searching parents). */
int bilan_repo_open(struct bilan_repo **out, const char *dir, struct bilan_error *err);
void bilan_repo_free(struct bilan_repo *repo);
/* Frees repo at the latest when the process ends (the one before now):
 * for a command done with its repository, which is about to exit. */
void bilan_repo_free_late(struct bilan_repo *repo);
/* The .git directory (borrowed). */
const char *bilan_repo_gitdir(const struct bilan_repo *repo);

/* bilan records work on main only.  0 when HEAD is the symbolic ref
 * refs/heads/main (born or not); else BILAN_EFAIL with a message naming
 * the branch or the detached commit and a hint, and *out_where (may be
 * NULL; caller frees) gets that name.  bilan_ws_begin and
 * bilan_repo_commit_paths call it, so that no mutating command writes
 * anything while another branch or a detached HEAD is checked out. */
#define BILAN_MAIN_REF "refs/heads/main"
int bilan_repo_head_branch(struct bilan_repo *repo, char **out_where,
			   struct bilan_error *err);

struct bilan_commit_opts {
	const char *message;        /* "<area>: <what>"; body optional */
	const char *command;        /* trailer value, e.g. "journal add" */
	const char *fallback_name;  /* from bilan.yaml; may be NULL */
	const char *fallback_email;
	bool identity_first;        /* the fallback before git's configuration
				       (a consultant's copy, owner.h) */
};
#define BILAN_COMMIT_OPTS_INIT { .message = NULL, .command = NULL, .fallback_name = NULL, \
	.fallback_email = NULL, .identity_first = false }

int bilan_repo_commit_paths(struct bilan_repo *repo, const char *const *paths,
			    size_t npaths, const struct bilan_commit_opts *opts,
			    char out_oid[BILAN_OID_HEX], struct bilan_error *err);

/* Update the index for these paths from the working tree (added, or
 * removed when gone) and write it: after a failed commit whose files were
 * put back, so that plain git sees no staged change either. */
int bilan_repo_stage_paths(struct bilan_repo *repo, const char *const *paths, size_t n,
			   struct bilan_error *err);

/* Working-tree changes not committed (hand edits, new files, deletions),
 * relative paths; ignored files are not reported. */
enum bilan_change { BILAN_CHANGE_NEW, BILAN_CHANGE_MODIFIED, BILAN_CHANGE_DELETED };
struct bilan_status_entry {
	char *path;
	enum bilan_change change;
};
struct bilan_status_list {
	struct bilan_status_entry *v;
	size_t n, alloc;
};
int bilan_repo_status(struct bilan_repo *repo, struct bilan_status_list *out,
		      struct bilan_error *err);
void bilan_status_list_clear(struct bilan_status_list *l);
/* true if path differs from HEAD in the working tree (hand edit). */
int bilan_repo_path_modified(struct bilan_repo *repo, const char *path, bool *out,
			     struct bilan_error *err);

/* History of the current branch, newest first; max 0 = all. */
struct bilan_log_entry {
	char oid[BILAN_OID_HEX];
	int64_t time;
	int offset_minutes;
	char *author_name;
	char *author_email;
	char *summary;
	char *command;   /* Bilan-Command trailer or NULL (hand commits) */
};
struct bilan_log {
	struct bilan_log_entry *v;
	size_t n, alloc;
};
int bilan_repo_log(struct bilan_repo *repo, size_t max, struct bilan_log *out,
		   struct bilan_error *err);
void bilan_log_clear(struct bilan_log *log);

#endif
