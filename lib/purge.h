/* purge.h - the consultant's purge when the retention period is over.
 *
 * The provider destroys the documents of a bilan at its end, or keeps them
 * for the follow-up with the beneficiary's written agreement, at most three
 * years (R6313-7); the beneficiary's own copy is theirs and is never
 * purged.  bilan_purge_plan says what a purge of a consultant's clone
 * ('bilan share clone', [bilan] role = consultant) would delete: the clone
 * itself and, where bilan can reach it, the shared repository it was
 * cloned from (remote "origin"):
 *   - a path or file:// URL to a bare repository on disk: deleted;
 *   - ssh:// or user@host:path: git has no delete operation over SSH, the
 *     repository is deleted on the server by its owner or administrator;
 *   - https:// (a forge or a smart HTTP server): deleted in its web
 *     interface or API, not by bilan;
 *   - git:// (git daemon): read-only, deleted on the server.
 * It is due from the end of the bilan (phase terminee), or the day after
 * the retention date when documents were kept with an agreement.
 * bilan_purge_run deletes (never following symbolic links) and appends a
 * dated line to the register (bilan_purge_register_path), which stays.
 */
#ifndef BILAN_PURGE_H
#define BILAN_PURGE_H

#include <stdbool.h>
#include <stdint.h>

#include "date.h"
#include "errors.h"
#include "workspace.h"

enum bilan_purge_transport {
	BILAN_PURGE_NO_REMOTE,
	BILAN_PURGE_LOCAL,       /* a bare repository on disk: deleted */
	BILAN_PURGE_SSH,
	BILAN_PURGE_HTTPS,
	BILAN_PURGE_GIT,
	BILAN_PURGE_OTHER,
};

struct bilan_purge_plan {
	char *clone;                     /* the clone's root */
	char *remote_url;                /* remote "origin", or NULL */
	enum bilan_purge_transport transport;
	char *remote_path;               /* LOCAL: the bare repository, else NULL */
	bool remote_is_bare;             /* LOCAL: it is one (else left alone) */
	bool closed;                     /* the bilan is closed */
	bool due;                        /* the retention period is over */
	struct bilan_time due_on;        /* the first day of the purge */
	const char *name;                /* the beneficiary's name (borrowed) */
};

/* What a purge would do.  BILAN_EUSAGE in a beneficiary's workspace (their
 * copy is theirs) or in a workspace that is not a consultant's clone. */
int bilan_purge_plan(struct bilan_purge_plan *out, const struct bilan_ws *ws,
		     int64_t now, struct bilan_error *err);
void bilan_purge_plan_clear(struct bilan_purge_plan *p);

/* $XDG_DATA_HOME/bilan/purges.txt (default ~/.local/share/...).  Caller frees. */
char *bilan_purge_register_path(void);

/* Delete the remote (LOCAL and bare only) then the clone, and append
 * "DATE<TAB>NAME<TAB>what was deleted" to the register; *remote_deleted
 * says whether the remote went. */
int bilan_purge_run(const struct bilan_purge_plan *p, int64_t now, bool *remote_deleted,
		    struct bilan_error *err);

#endif
