/* workspace.h - a bilan workspace: discovery, bilan.yaml, data files, and
 * the one mutation path (lock, atomic writes, exactly one commit).
 *
 * Layout (see bilan-workspace(5)):
 *   bilan.yaml               configuration (format: 3; 2 added timezone:,
 *                            3 the records' author: and each party's
 *                            attendance confirmation, owner.h)
 *   .gitignore
 *   journal/YYYY/MM/ID.yaml  journal entries
 *   private/...              everything private (never shared)
 *   ...                      one folder per record kind
 *   .git/                    the repository (branch main); .git/bilan.lock
 *
 * Mutation: bilan_ws_begin takes the lock (waiting up to
 * BILAN_LOCK_TIMEOUT), re-reads bilan.yaml, opens the repository and
 * refuses (BILAN_EFAIL, nothing written) unless HEAD is on main
 * (bilan_repo_head_branch; a backup, which writes nothing here, excepted);
 * bilan_ws_write / _write_raw / _remove change files atomically and remember
 * what they replaced; bilan_ws_commit commits exactly those paths in one
 * commit and releases the lock; bilan_ws_rollback restores every file the
 * transaction touched and releases the lock.  bilan_ws_free rolls back an
 * open transaction.  A file with uncommitted hand edits is never rewritten
 * (BILAN_EFAIL with a hint to run 'bilan save').
 */
#ifndef BILAN_WORKSPACE_H
#define BILAN_WORKSPACE_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "errors.h"
#include "owner.h"
#include "yaml-tree.h"

/* The consent to share and the shared branch (share.h): their presence
 * tells who this copy is (bilan_ws_party). */
#define BILAN_SHARE_FILE "partage.yaml"
#define BILAN_SHARE_REF "refs/heads/partage"

/* THE FORMAT RULE.  One number for the whole on-disk data, owned by the
 * beneficiary (bilan.yaml, owner.h): every change to what bilan writes or
 * reads on disk bumps it, with its step in cmd/upgrade.c ('bilan
 * upgrade'), the schema's enum (schemas/workspace.schema.yaml) and a kept
 * workspace of the previous format that the suite upgrades
 * (tests/fixtures/format-N, tests/e2e/format.sh).  A newer format is
 * never written over by an older bilan: opened, it is refused with the
 * version needed; arriving from the other side, sync stops before taking
 * anything (consultant) or keeps the beneficiary's own (beneficiary). */
#define BILAN_FORMAT 3
#define BILAN_CONFIG_FILE "bilan.yaml"

enum bilan_phase {
	BILAN_PHASE_PRELIMINAIRE,
	BILAN_PHASE_INVESTIGATION,
	BILAN_PHASE_CONCLUSIONS,
	BILAN_PHASE_TERMINEE,
};

/* Valid values, NULL-terminated, for messages and completion. */
extern const char *const bilan_phase_names[];
extern const char *const bilan_funding_names[];

struct bilan_config {
	long long format;
	const char *language;        /* "fr" or "en" */
	const char *timezone;        /* IANA zone of the calendar (format 2), or NULL:
				      * bilan_ws_open makes it the process's zone */
	const char *name;            /* beneficiary */
	const char *email;           /* beneficiary's e-mail (commit fallback), may be NULL */
	const char *consultant;
	const char *provider;
	const char *funding;         /* cpf, plan, reclassement, personnel or NULL */
	bool has_start, has_end;
	struct bilan_time start, end;   /* calendar dates */
	int weekly_goal;             /* minutes */
	enum bilan_phase phase;
	/* retention: {until, agreement} -- written by 'bilan close' when the
	 * beneficiary agreed in writing that documents be kept (R6313-7) */
	bool has_retention;
	struct bilan_time retention_until;   /* calendar date */
	const char *retention_agreement;
};

struct bilan_ws_txn;

struct bilan_ws {
	char *root;                  /* absolute, no trailing slash */
	char *gitdir;                /* root/.git */
	struct bilan_doc *doc;       /* bilan.yaml as loaded (keeps unknown keys) */
	struct bilan_config cfg;     /* strings borrowed from doc */
	struct bilan_ws_txn *txn;    /* open transaction or NULL */
};

/* Find the workspace root: dir_opt (-C) if given, else $BILAN_DIR, else the
 * nearest parent of the current directory that holds bilan.yaml.
 * BILAN_ENOWORKSPACE with a hint on how to create one. */
int bilan_ws_find(char **out_root, const char *dir_opt, struct bilan_error *err);

/* Open a workspace: load and validate bilan.yaml.  A newer format is refused;
 * an older one opens read-only with cfg.format < BILAN_FORMAT (commands that
 * write refuse it and point to 'bilan upgrade'). */
int bilan_ws_open(struct bilan_ws **out, const char *root, struct bilan_error *err);
void bilan_ws_free(struct bilan_ws *ws);

/* root/rel; caller frees. */
char *bilan_ws_path(const struct bilan_ws *ws, const char *rel);

struct bilan_init_opts {
	const char *name;
	const char *consultant;
	const char *provider;
	const char *funding;         /* validated against bilan_funding_names */
	const char *email;
	const char *language;        /* NULL: from the locale, French by default */
	const char *timezone;        /* NULL: the system's (bilan_zone_system);
				      * made the process's zone before the dates */
	bool has_start, has_end;
	struct bilan_time start, end;
	int weekly_goal;             /* minutes, 0 = 120 */
};
#define BILAN_INIT_OPTS_INIT { 0 }

/* Create a workspace in dir (created 0700 if missing).  Refuses a directory
 * that already is a workspace or is not empty (BILAN_EEXISTS), touching
 * nothing.  Writes bilan.yaml and .gitignore and makes the first commit. */
int bilan_ws_init(const char *dir, const struct bilan_init_opts *opts,
		  struct bilan_error *err);

/* --- the mutation path --- */
int bilan_ws_begin(struct bilan_ws *ws, const char *command, struct bilan_error *err);
int bilan_ws_write(struct bilan_ws *ws, const char *rel, const struct bilan_node *root,
		   struct bilan_error *err);
int bilan_ws_write_raw(struct bilan_ws *ws, const char *rel, const void *data,
		       size_t len, struct bilan_error *err);
int bilan_ws_remove(struct bilan_ws *ws, const char *rel, struct bilan_error *err);
/* Take rel into the transaction as it is now, hand changes included: a
 * command that has shown the person a hand-edited file and writes what they
 * saved adopts it first, so that its write, the commit and a rollback (which
 * puts the hand-edited text back) all happen under the lock.  With expect
 * (may be NULL), rel must still hold exactly those bytes (what the person
 * saw): BILAN_EFAIL otherwise, nothing written. */
int bilan_ws_adopt(struct bilan_ws *ws, const char *rel, const void *expect,
		   size_t expect_len, struct bilan_error *err);
/* Commit what the transaction wrote ("<area>: <what>"), release the lock.
 * out_oid (may be NULL) gets the new commit id, "" if nothing changed. */
int bilan_ws_commit(struct bilan_ws *ws, const char *message, char *out_oid,
		    struct bilan_error *err);
void bilan_ws_rollback(struct bilan_ws *ws);

/* Commit paths already written by hand (bilan save), under the lock. */
int bilan_ws_commit_existing(struct bilan_ws *ws, const char *command,
			     const char *const *paths, size_t n, const char *message,
			     char *out_oid, struct bilan_error *err);

/* --- the end of the bilan (bilan close) --- */
enum bilan_work {
	BILAN_WORK_NEW,        /* pistes, enquêtes, to-do items, phase changes */
	BILAN_WORK_FOLLOWUP,   /* a later séance and its takeaways, the appraisal,
				* journal entries: still possible once closed */
};
/* true once 'bilan close' has set the phase to terminee. */
bool bilan_ws_closed(const struct bilan_ws *ws);
/* 0 when work of this kind may be recorded now.  A closed bilan refuses new
 * work: BILAN_EFAIL, a message naming the command (what, e.g. "piste add")
 * and the end date, and a hint saying what remains possible. */
int bilan_ws_may_work(const struct bilan_ws *ws, enum bilan_work kind,
		      const char *what, struct bilan_error *err);

/* Who this copy is (workspace-party.c; the parties and the ownership
 * table: owner.h). */
/* The role git config records (bilan.role: "beneficiaire" from 'bilan
 * share init', "consultant" from 'bilan share clone'): true when it is
 * role.  Reads .git/config as a file, without opening the repository. */
bool bilan_ws_role_is(const struct bilan_ws *ws, const char *role);
/* true in a consultant's clone: the beneficiary's private/ is not there. */
bool bilan_ws_is_consultant_clone(const struct bilan_ws *ws);
/* Is this workspace the beneficiary's (it has a partage branch or
 * bilan.role=beneficiaire) rather than a consultant's clone?  Reads files
 * of the repository only. */
bool bilan_share_is_beneficiary(const struct bilan_ws *ws);
/* The party of this copy (reads .git/config as a file). */
enum bilan_party bilan_ws_party(const struct bilan_ws *ws);
/* The party's display name: bilan.yaml's name, or for the consultant
 * bilan.yaml's consultant (borrowed; may be NULL). */
const char *bilan_party_display(const struct bilan_ws *ws, enum bilan_party p);

/* A value of the [bilan] section of the repository's own configuration
 * (<gitdir>/config), read as a file; NULL when absent.  Caller frees. */
char *bilan_ws_local_get(const struct bilan_ws *ws, const char *key);
/* Who commits in this copy: the beneficiary's name and e-mail from
 * bilan.yaml; in a consultant's copy [bilan] name and email, else
 * bilan.yaml's consultant.  *out_first: that identity comes before git's
 * own configuration (a consultant's copy).  Caller frees both. */
void bilan_ws_identity(char **out_name, char **out_email, bool *out_first,
		       const struct bilan_ws *ws);

/* Parse and store helpers for bilan.yaml values. */
const char *bilan_phase_name(enum bilan_phase p);
int bilan_phase_parse(enum bilan_phase *out, const char *s);   /* accents optional */

/* Files shipped with bilan: $BILAN_DATA_DIR/rel, else in the data directory
 * found from the running executable (paths.h: the source tree's data/ when
 * it runs from a build tree, the installed one otherwise).
 * bilan_schema_path: the same for schemas/.  Caller frees. */
char *bilan_data_path(const char *rel);
char *bilan_schema_path(const char *rel);

#endif
