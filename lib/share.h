/* share.h - what is shared with the consultant, and with whose consent.
 *
 * Consent: partage.yaml at the root of the workspace, committed on main and
 * so shared too (the consultant sees what was agreed):
 *   format: 1
 *   consents:
 *     - to: Sophie Durand                 (who receives)
 *       remote: ssh://git@forge/c.git     (where; never a password)
 *       scope: tout-sauf-private          (everything outside private/)
 *       granted: 2026-11-27T10:00:00+01:00
 *       revoked: 2026-12-03T18:00:00+01:00   (once revoked)
 * The last consent is the one in force when it has no 'revoked'.  Records
 * are only ever appended to or given a 'revoked' date, so the file is the
 * history of the beneficiary's agreements.  No push ever happens without a
 * consent in force (bilan_share_active).
 *
 * THE PUBLICATION INVARIANT.  Everything published -- the shared tree and
 * the generated README.md, RAPPORT.md and resume.yaml -- is derived from
 * one committed tree of the local main (the commit sync reads from
 * refs/heads/main, never the working tree, never whatever HEAD points at),
 * filtered once (bilan_share_path_shared and bilan_share_in_layout):
 * without private/, the conflict files (merge.h), the paths forgotten with
 * 'bilan share forget', anything outside the documented layout (a saved
 * report, a file at the root, a non-YAML file in a folder) and anything
 * that is not a plain file (a symbolic link, an executable, a submodule).
 * The generated files are built from that filtered tree alone, written to
 * a scratch folder <gitdir>/bilan-publish-PID (bilan_share_generate_published),
 * so that nothing derived from a private item -- a title, a slug, its
 * time, a count that would reveal it -- can reach them.
 *
 * The shared branch 'partage' (refs/heads/partage): each commit's tree is
 * that filtered tree of main plus the generated files.  Its parents are the
 * previous partage commit and, when the remote moved, the remote's head:
 * never a main commit.  Its message is bilan's own summary (counts by
 * folder), never a title.  So no object reachable from it holds private
 * content or a private commit message.
 *
 * Local state that is not versioned lives in <gitdir>/bilan/share.yaml
 * (last sync, last push, paths forgotten, last backup); it is never shared.
 * The repository's configuration gets a remote named "partage" whose push
 * refspec is refs/heads/partage:refs/heads/main (remote.pushDefault), and
 * a pre-push hook (bilan_share_install_hook) that refuses any push whose
 * objects hold private/, so a plain 'git push' cannot send private content
 * either; 'share init' also puts a pre-receive guard into the shared
 * repository when it is on disk.
 *
 * Reading the consent and the state never opens the repository.
 */
#ifndef BILAN_SHARE_H
#define BILAN_SHARE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "date.h"
#include "personal.h"
#include "errors.h"
#include "workspace.h"
#include "yaml-tree.h"

#define BILAN_SHARE_REMOTE "partage"
#define BILAN_SHARE_SCOPE "tout-sauf-private"
#define BILAN_PRIVATE_DIR "private"

/* The files generated in the shared tree (not in main). */
#define BILAN_SHARE_README "README.md"
#define BILAN_SHARE_RAPPORT "RAPPORT.md"
#define BILAN_SHARE_RESUME "resume.yaml"

struct bilan_consent {
	const char *to;
	const char *remote;
	const char *scope;
	const char *granted;
	const char *revoked;          /* NULL while in force */
};

struct bilan_share {
	struct bilan_doc *doc;        /* NULL when there is no partage.yaml */
	struct bilan_consent *v;
	size_t n;
};

/* Load partage.yaml (a missing file is no consent at all).  BILAN_EINVALID
 * with FILE:LINE:COL for a malformed file. */
int bilan_share_load(struct bilan_share *out, const struct bilan_ws *ws,
		     struct bilan_error *err);
void bilan_share_clear(struct bilan_share *s);
/* The consent in force, or NULL. */
const struct bilan_consent *bilan_share_active(const struct bilan_share *s);
/* The file's new tree with a consent appended / the one in force revoked.
 * The caller writes it (bilan_ws_write) and frees it. */
struct bilan_node *bilan_share_grant(const struct bilan_share *s, const char *to,
				     const char *remote, const struct bilan_time *when);
struct bilan_node *bilan_share_revoke(const struct bilan_share *s,
				      const struct bilan_time *when);

/* Check a remote given by a person and normalise it: a local path becomes
 * absolute.  Refused (BILAN_EUSAGE), so that no credential is ever stored
 * (partage.yaml is shared) nor a command run: a password
 * ("https://u:p@host/", "u:p@host:x"), a user name or token before '@'
 * over http(s) or git:// ("https://TOKEN@host/"), a query string or
 * fragment in a URL ("?access_token=..."), each also once percent-decoded
 * (repeatedly); git's remote-helper syntax "TRANSPORT::ADDRESS" (ext::,
 * fd::, ...); a scheme other than ssh, https, http, git, file; control
 * characters, invalid UTF-8, a leading or trailing space.  A user name is
 * accepted over ssh ("ssh://git@host/x", "git@host:x"): ssh never takes a
 * secret there. */
int bilan_share_url_check(char **out, const char *url, struct bilan_error *err);
/* Do two remotes name the same repository? (same normalised text, or the
 * same directory on disk) */
bool bilan_share_same_remote(const char *a, const char *b);

/* Is rel (a path of main's tree) part of the shared tree?  False for
 * private/..., conflict files, generated files and forgotten paths. */
bool bilan_share_path_shared(const char *rel, const struct bilan_strlist *forgotten);
/* Is rel (a folder when dir) in the documented layout (bilan-workspace(5))
 * of what may be shared: bilan.yaml, .gitignore and partage.yaml at the
 * root; YAML files under journal/, tests/, questionnaires/, guides/,
 * pistes/, enquetes/, seances/, todo/; the versions of the synthèse handed
 * over, synthese/remise-AAAA-MM-JJ[-N].EXT (closing.h). */
bool bilan_share_in_layout(const char *rel, bool dir);
/* Is rel one of the generated files (README.md, RAPPORT.md, resume.yaml)? */
bool bilan_share_is_generated(const char *rel);

/* --- local state (<gitdir>/bilan/share.yaml) --- */
struct bilan_share_state {
	char *last_sync;              /* ISO date or NULL */
	char *last_push;              /* oid of the last commit pushed, or NULL */
	char *last_backup;            /* ISO date or NULL */
	char *last_backup_dest;
	char *published;              /* "MAIN SHARED N": the shared commit last
					 built, from which main commit, with N
					 forgotten paths (sync reuses its
					 generated files while all three hold) */
	long long shared_files;       /* files in the last shared tree */
	struct bilan_strlist forgotten;
	struct bilan_strlist accepted;   /* "OID PATH": versions of files
					    'bilan share accept' let be shared
					    (or stay out of the layout) as they
					    are; never dropped */
};
int bilan_share_state_load(struct bilan_share_state *out, const char *gitdir,
			   struct bilan_error *err);
int bilan_share_state_save(const struct bilan_share_state *st, const char *gitdir,
			   struct bilan_error *err);
void bilan_share_state_clear(struct bilan_share_state *st);

/* Count the files under private/ (the items that stay home). */
size_t bilan_share_private_count(const struct bilan_ws *ws);

/* --- generated files --- */
struct bilan_share_generated {
	struct bilan_buf readme, rapport, resume;
	bool has_rapport;             /* false when the report could not be built */
	struct bilan_strlist missing; /* parts of resume.yaml that could not be
					 computed (a broken file), for a warning */
};
/* Build README.md, RAPPORT.md (the suivi report without private content,
 * report.h) and resume.yaml from the files of ws as they are (no
 * repository): sync calls it only through bilan_share_generate_published.
 * now: the moment they describe (sync passes the time of main's last
 * commit, so that nothing changes while nothing happens); 0 = bilan_now(). */
int bilan_share_generate(struct bilan_share_generated *out, const struct bilan_ws *ws,
			 int64_t now, struct bilan_error *err);
void bilan_share_generated_clear(struct bilan_share_generated *g);

/* The scratch folders of bilan_share_generate_published, in the gitdir
 * (removed when done; those of a process that is gone, by the next one). */
#define BILAN_PUBLISH_DIR_PREFIX "bilan-publish-"
struct git_repository;
struct git_oid;
/* The generated files as sync publishes them (the invariant above): the
 * tree of main_commit filtered as the shared tree is, checked out into
 * <gitdir>/bilan-publish-PID, opened as a workspace and given to
 * bilan_share_generate; the folder is removed before it returns. */
int bilan_share_generate_published(struct bilan_share_generated *out,
				   struct git_repository *repo, const struct git_oid *main_commit,
				   const struct bilan_strlist *forgotten, int64_t now,
				   struct bilan_error *err);

/* --- repository configuration (opens the repository) --- */
/* Set the remote "partage" (url, fetch +refs/heads/main:refs/remotes/partage/main,
 * push refs/heads/partage:refs/heads/main), remote.pushDefault, the role
 * bilan.role=beneficiaire and the pre-push hook. */
int bilan_share_configure(const struct bilan_ws *ws, const char *url,
			  struct bilan_error *err);
/* Stop pushing: remove the push refspec and remote.pushDefault (the hook
 * stays). */
int bilan_share_unconfigure(const struct bilan_ws *ws, struct bilan_error *err);
/* The text of the pre-push hook (for tests and the man page). */
const char *bilan_share_hook_text(void);
/* Install (or bring up to date) the beneficiary's pre-push guard in
 * <gitdir>/hooks/pre-push, 0700.  The hooks are data files of the source
 * tree (data/hooks/, checked by shellcheck), embedded at build time
 * (hooks.h).  The guard refuses any push whose objects -- of every ref
 * pushed, every reachable commit and tree, tags included -- hold a
 * private/ path, a conflict file, an object that is or was under private/
 * or a commit of main's history that partage does not hold.  libgit2 runs
 * no hook: it guards plain git only ('bilan sync' filters by itself). */
int bilan_share_install_hook(const char *gitdir, struct bilan_error *err);

/* Server side: a pre-receive hook in the shared repository when it is on
 * disk (a path or file:// URL naming a repository), 0755, refusing any
 * ref but main, anything but a commit, and new objects holding private/ or
 * a conflict file.  A pre-receive hook of someone else's is left alone.
 * A hosted server needs the same rule set up by its administrator
 * (bilan-share(1)). */
enum bilan_server_hook {
	BILAN_SERVER_HOOK_INSTALLED,  /* installed or already up to date */
	BILAN_SERVER_HOOK_FOREIGN,    /* a hook of someone else's is there */
	BILAN_SERVER_HOOK_REMOTE,     /* not a repository on disk */
};
int bilan_share_install_server_hook(enum bilan_server_hook *out, const char *remote,
				    struct bilan_error *err);

/* What could disable the guard of this workspace (for doctor). */
enum bilan_guard_role { BILAN_GUARD_NONE, BILAN_GUARD_BENEFICIARY, BILAN_GUARD_CONSULTANT };
enum bilan_guard_hook {
	BILAN_GUARD_OK,
	BILAN_GUARD_MISSING,
	BILAN_GUARD_CHANGED,          /* not bilan's text (a hook of one's own too) */
	BILAN_GUARD_NOT_EXECUTABLE,
};
struct bilan_guard {
	enum bilan_guard_role role;   /* NONE: nothing shared, nothing to guard */
	enum bilan_guard_hook hook;
	char *hooks_path;             /* core.hooksPath when set (git then runs
					 no hook of .git/hooks), or NULL */
};
/* Opens the repository. */
int bilan_share_guard_check(struct bilan_guard *out, const struct bilan_ws *ws,
			    struct bilan_error *err);
void bilan_share_guard_clear(struct bilan_guard *g);
/* In a consultant's clone: a pre-push hook that refuses any push whose
 * objects not yet on the remote pushed to (its remote-tracking refs; what
 * another remote, a backup of their own, has is looked at too) hold a
 * private/ path (the consultant's own private entries), a conflict file or
 * an object that is or was under private/, so that a plain 'git push'
 * cannot send them either ('bilan sync' leaves them out, sync.h).  A
 * pre-push hook of the consultant's own is left alone (doctor says so). */
int bilan_share_install_consultant_hook(const char *gitdir, struct bilan_error *err);

/* --- the shared branch (libgit2 objects; the caller holds the lock) --- */
struct git_repository;
struct git_oid;

struct bilan_share_built {
	bool made;                    /* a new commit was made */
	size_t files;                 /* files in the shared tree */
	char summary[256];            /* the commit's message (counts only) */
};

/* Build the next partage commit: the tree of main_commit filtered by
 * bilan_share_path_shared, plus the generated files; parents prev (the
 * current partage tip, may be NULL) and remote (the remote's head, when it
 * is not already in prev's history; may be NULL).  When the tree equals
 * prev's and there is no new parent, no commit is made and *out is prev.
 * The ref is not moved: the caller does it. */
int bilan_share_build(struct git_oid *out, struct bilan_share_built *info,
		      struct git_repository *repo, const struct git_oid *main_commit,
		      const struct git_oid *prev, const struct git_oid *remote,
		      const struct bilan_share_generated *gen,
		      const struct bilan_strlist *forgotten, struct bilan_error *err);

/* --- checks before publishing (sync, beneficiary) --- */
/* What sync stops for, before it shares anything (exit 3): in the files
 * the next shared commit would add or change -- each version of main's
 * committed tree that the last shared tree does not hold, bilan.yaml and
 * partage.yaml excepted -- a record marked private, a contact's details,
 * an e-mail address, a phone number, a postal address (doctor.h), a
 * record naming a private piste (private/pistes/SLUG.yaml); and any
 * committed file outside the layout (never shared, said so) but one a
 * commit of the remote's history (remote, may be NULL) held as it is.  A version
 * accepted with 'bilan share accept' (state.accepted) is not reported
 * again; a new version is.  At most BILAN_PRIVACY_MAX items. */
#define BILAN_PRIVACY_MAX 200
struct bilan_privacy_item {
	char *path;
	char oid[41];                 /* the blob: what an acceptance names */
	bool outside_layout;          /* else what says what was found */
	bool private_piste;           /* a record naming a private piste (its
					 slug would tell); what has the place */
	struct bilan_personal what;
};
struct bilan_privacy_list {
	struct bilan_privacy_item *v;
	size_t n, alloc;
};
int bilan_share_privacy_check(struct bilan_privacy_list *out, struct git_repository *repo,
			      const struct git_oid *main_commit, const struct git_oid *prev,
			      const struct git_oid *remote, const struct bilan_strlist *forgotten,
			      const struct bilan_strlist *accepted, struct bilan_error *err);
void bilan_privacy_list_clear(struct bilan_privacy_list *l);
/* Record that the versions of paths (files of main's last commit, shared
 * ones) may be shared as they are: under the workspace lock, in the local
 * state (never shared).  BILAN_ENOTFOUND for a path not committed,
 * BILAN_EUSAGE for one that is never shared (private/...). */
int bilan_share_accept(struct bilan_ws *ws, const char *const *paths, size_t n,
		       struct bilan_error *err);

/* The trailer of a shared commit that replaced history on purpose ('share
 * forget', or a sync replacing a remote that held a forgotten path again):
 * a consultant's sync then puts their changes on top instead of merging
 * the old history back (sync.h). */
#define BILAN_SHARE_REWRITTEN_TRAILER "Bilan-Rewritten:"

/* Rewrite every commit reachable from tip without path (a file or a
 * folder) and without RAPPORT.md (an earlier report may quote it), keeping
 * messages (plus the BILAN_SHARE_REWRITTEN_TRAILER trailer), authors and
 * dates; *out is the new tip and *out_changed the
 * number of commits that held path.  The caller then makes a new shared
 * commit on top, with a fresh report. */
int bilan_share_rewrite_without(struct git_oid *out, size_t *out_changed,
				struct git_repository *repo, const struct git_oid *tip,
				const char *path, struct bilan_error *err);

#endif
