/* sync.h - exchanging with a remote: fetch, merge, push (libgit2), clone,
 * backup and restore, and the rewrite of the shared history.
 *
 * bilan_sync_run, in the beneficiary's workspace (share.h):
 *   1. checks that a consent is in force (else BILAN_EFAIL, nothing sent);
 *   2. fetches the remote's main into refs/remotes/partage/main WITHOUT the
 *      workspace lock (a transfer can take long; other commands go on);
 *   3. takes the lock and applies to main what the remote added since the
 *      last shared commit it knows: the changes between B = merge-base
 *      (partage, remote head) and the remote head, file by file (merge.h),
 *      against main's version of each file.  Paths outside the shared tree
 *      (private/, generated files, conflict files, forgotten paths) and
 *      partage.yaml (the beneficiary's consent) are never taken from the
 *      remote.  Main gets one ordinary commit "sync: ..." holding exactly
 *      the files written (main never contains the remote's commits);
 *   4. under the lock again, runs the checks before publishing on what
 *      the next shared commit would add (share.h: someone's details, a
 *      file outside the layout): when one is found, it stops there, sends
 *      nothing and lists them (report.privacy; the command exits 3) until
 *      each is moved under private/ or accepted ('bilan share accept');
 *      else builds the next partage commit from main (share.h), whose parents are the previous partage commit and the
 *      remote head: the consultant's commits stay in the shared history;
 *   5. releases the lock and pushes partage to the remote's main.  If the
 *      remote moved meanwhile (non-fast-forward), it starts again from 2,
 *      at most three times.
 * A path withdrawn with 'bilan share forget' never comes back through a
 * remote: when the remote's new commits hold one again (a copy pulled
 * before the forget and pushed with plain git), their changes are merged
 * as in 3 but the remote's head is not made a parent, and the push
 * replaces the remote's main (report.forgotten_back).
 * In a consultant's clone (no partage branch): fetch origin's main, merge
 * into main (a merge commit with the remote head as second parent, or a
 * fast-forward), push main -- except while a conflict is open there: the
 * consultant decides first, so that their merge never replaces the
 * beneficiary's version unseen (report.held).  The generated files
 * (share.h) are taken as the remote has them.  When the remote's main no
 * longer holds what it held before the fetch (rewritten by 'bilan share
 * forget'), the consultant's changes since then go on top of the new
 * history in one commit whose only parent is the remote's head, so that
 * the old history, and what was withdrawn, is not sent back
 * (report.rewritten).  A consultant's own private/ (their private
 * entries) and the conflict files (merge.h: conflits.yaml, *.remote) never
 * leave their computer either: when a commit to send holds one (looked for
 * in every commit no remote-tracking ref holds), what is pushed is one
 * commit on top of the remote's head with main's tree without them
 * (report.private_kept).
 *
 * Errors: BILAN_EAGAIN when the remote cannot be reached now (connection
 * refused or reset, name resolution, time-out, transfer cut): nothing
 * changed locally and a later sync completes; BILAN_EFAIL for a wrong URL,
 * refused credentials, an unknown or changed host key (the message gives
 * its SHA256 fingerprint and the hint how to accept it), a refused push;
 * BILAN_ECONFLICT is never returned: conflicts are in the report (the
 * command exits 3).  Credentials: ssh-agent when SSH_AUTH_SOCK is set, then
 * ~/.ssh/id_ed25519, id_ecdsa, id_rsa (unencrypted, or loaded in the agent),
 * at most max_auth_attempts offers in all; nothing is ever stored or shown.
 * Host keys: checked by libgit2 against ~/.ssh/known_hosts; never accepted
 * when unknown.
 */
#ifndef BILAN_SYNC_H
#define BILAN_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "errors.h"
#include "share.h"
#include "workspace.h"

/* Limits on what comes from a remote (bilan-sync(1)): a fetch or a clone
 * that receives more than BILAN_REMOTE_MAX_FETCH bytes is stopped; a remote
 * head holding a file larger than BILAN_REMOTE_MAX_FILE, more than
 * BILAN_REMOTE_MAX_FILES files or a path more than BILAN_REMOTE_MAX_DEPTH
 * folders deep is refused before any of it is read (sync: nothing merged;
 * clone: nothing checked out, nothing left).  BILAN_EFAIL (exit 1): trying
 * again does not help until the remote changes. */
#define BILAN_REMOTE_MAX_FETCH (256u << 20)
#define BILAN_REMOTE_MAX_FILE (16u << 20)
#define BILAN_REMOTE_MAX_FILES 20000u
#define BILAN_REMOTE_MAX_DEPTH 16u

struct bilan_sync_progress {
	const char *stage;            /* "fetch" or "push" */
	unsigned int done, total;     /* objects */
	size_t bytes;
};
/* Called during transfers (libgit2 callbacks); may be NULL. */
typedef void (*bilan_progress_fn)(const struct bilan_sync_progress *p, void *payload);

struct bilan_sync_opts {
	bilan_progress_fn progress;
	void *payload;
	int max_auth_attempts;        /* 0: 4 */
	int64_t now;                  /* 0: bilan_now() */
	const char *name, *email;     /* clone: the consultant's identity,
					 recorded in the clone's own
					 configuration (owner.h); may be NULL */
};
#define BILAN_SYNC_OPTS_INIT { .progress = NULL, .payload = NULL, .max_auth_attempts = 0, .now = 0, \
	.name = NULL, .email = NULL }

struct bilan_sync_report {
	bool beneficiary;             /* which side this workspace is */
	size_t taken;                 /* files taken as the remote had them */
	size_t merged;                /* files merged field by field */
	struct bilan_strlist conflicts;   /* paths with a new open conflict */
	struct bilan_strlist ignored;     /* remote changes not taken (private/...) */
	struct bilan_strlist kept;        /* deleted on the remote, changed here: kept */
	long long remote_format;      /* the remote's bilan.yaml has this
					 format, newer than this bilan's
					 (beneficiary: not taken, said; a
					 consultant's sync stops, BILAN_EFAIL) */
	struct bilan_strlist refused;     /* changes the other party does not
					     own (owner.h): not applied, this
					     copy's version kept and sent */
	bool pushed;                  /* something was sent */
	bool held;                    /* consultant: nothing sent while a
					 conflict is open (they decide first) */
	bool shared_commit;           /* a new partage commit was made */
	bool rewritten;               /* the remote's history had been rewritten */
	bool private_kept;            /* consultant: their history holds a
					 private/ folder or a conflict file;
					 what was sent is main's tree without
					 them, in one commit on top of the
					 remote's head */
	size_t shared_files;
	char summary[256];            /* the partage commit's message */
	struct bilan_strlist warnings;    /* generated parts that failed */
	struct bilan_privacy_list privacy;   /* beneficiary: what the checks
					 before publishing found (share.h);
					 when not empty, no shared commit was
					 made and nothing was sent */
	char *forgotten_back;         /* beneficiary: the remote's history held
					 this forgotten path again (an older
					 copy pushed it back); that history was
					 not taken as a parent and the shared
					 branch replaced it (forced push) */
};

int bilan_sync_run(struct bilan_sync_report *out, struct bilan_ws *ws,
		   const struct bilan_sync_opts *opts, struct bilan_error *err);
void bilan_sync_report_clear(struct bilan_sync_report *r);

/* git clone URL DIR for a consultant (checkout of main, bilan.role set). */
int bilan_sync_clone(const char *url, const char *dir, const struct bilan_sync_opts *opts,
		     struct bilan_error *err);

/* Rewrite the shared history without path and force-push it (when a
 * remote is configured and a consent was ever given for it).  Refused
 * while main still shares path (move it under private/ or delete it
 * first).  The path is remembered so that it is never shared again.
 * *out_commits: commits rewritten; *out_pushed: the remote was updated. */
int bilan_sync_forget(size_t *out_commits, bool *out_pushed, struct bilan_ws *ws,
		      const char *path, const struct bilan_sync_opts *opts,
		      struct bilan_error *err);

/* Was path in the shared history (the partage tip or the remote's head)?
 * Opens the repository. */
int bilan_sync_was_shared(bool *out, const struct bilan_ws *ws, const char *path,
			  struct bilan_error *err);

/* Copy the whole history (main and partage, private/ included) to dest, a
 * directory (a bare repository is created there when it does not exist) or
 * a URL of the beneficiary's own.  Refused when dest is the shared remote
 * or inside the workspace.  Holds the workspace lock for the whole copy
 * (two backups to one place, or a backup and a command that changes the
 * sharing state, never interleave): other commands wait for it, and give
 * up with BILAN_EAGAIN after their lock timeout. */
int bilan_sync_backup(struct bilan_ws *ws, const char *dest,
		      const struct bilan_sync_opts *opts, struct bilan_error *err);
/* Bring a backup back into dir (new or empty): clone, main checked out,
 * the partage branch restored, the pre-push hook installed, the remote
 * of the consent configured again. */
int bilan_sync_restore(const char *src, const char *dir,
		       const struct bilan_sync_opts *opts, struct bilan_error *err);

#endif
