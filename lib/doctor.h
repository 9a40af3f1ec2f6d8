/* doctor.h - a workspace checked end to end (bilan doctor).
 *
 * bilan_doctor_run makes every check below and appends what it finds to a
 * list of findings; with fix, it then repairs what can be repaired safely,
 * under the workspace lock, and marks those findings fixed.  Checks, each
 * finding naming its check:
 *
 *   "lock"        .git/bilan.lock left by a command that was killed (no
 *                 holder): warning, fixed by taking the lock and releasing
 *                 it (which removes the file).  Held by a running command:
 *                 warning naming it, nothing fixed meanwhile (the fix
 *                 returns BILAN_ELOCKED).  A git lock file (index.lock,
 *                 HEAD.lock, config.lock, packed-refs.lock, refs/.../X.lock,
 *                 logs/.../X.lock) while no bilan command runs: error, as it
 *                 stops every commit; fixed by removing it (when no plain
 *                 git command is running: the hint says so).
 *   "repository"  every object of the object database read back through
 *                 libgit2 (git_odb_foreach, then git_odb_read: the hash is
 *                 checked), every ref resolving to an object, every commit,
 *                 tree and blob reachable from the refs present, the index
 *                 readable and its entries present: errors, not fixable
 *                 (the hint says where a copy may be found).  Temporary
 *                 object files of an interrupted write: warning, fixed by
 *                 removing them.  More loose objects than the automatic
 *                 threshold, or an automatic packing suspended
 *                 (.git/bilan-gc.log): warning, fixed by packing (gc.h).
 *   "schema"      every YAML file against its schema, as bilan check.
 *   "branch"      HEAD is not the branch main (another branch or a
 *                 detached HEAD): error, not fixed; every command that
 *                 records work refuses until 'git switch main'.
 *   "guard"       in a shared workspace or a consultant's copy, what lets a
 *                 plain 'git push' send private content: core.hooksPath set
 *                 (git then runs no hook of .git/hooks), the pre-push guard
 *                 missing, not bilan's or not executable: errors, not fixed
 *                 ('bilan sync' installs the guard again).
 *   "twin"        one journal entry in two files (an entry moved to another
 *                 month, killed between the write of the new file and the
 *                 removal of the old; bilan check names both as errors):
 *                 when the old one is as committed and the new one (new or
 *                 changed) is otherwise valid, error fixed by removing the
 *                 old one and committing both ("doctor: finish interrupted
 *                 moves"); otherwise only the schema errors, for the person
 *                 to choose.
 *   "uncommitted" files changed, added or deleted by hand and not saved in
 *                 the history: warning ('bilan save' records them).
 *   "orphan"      temporary files of an interrupted write
 *                 (.NAME.tmp-XXXXXX, fs.h): warning, fixed by removing them;
 *                 a symbolic link in the workspace: warning (bilan never
 *                 writes through it), not fixed.
 *   "permissions" a file whose mode is not 0600 or a folder not 0700
 *                 (others may read it, or a file is executable), .git
 *                 included: warning, fixed with chmod; a mode change that
 *                 git records (the executable bit of a committed file) is
 *                 committed ("doctor: fix file permissions").
 *   "privacy"     outside private/: a YAML record marked private
 *                 ('private: true' at its top), a contact record (a folder
 *                 named contacts, or top-level phone/email keys): errors,
 *                 not fixed ('bilan private PATH' moves it); an e-mail
 *                 address, a phone number or a postal address in the text
 *                 of a shared file:
 *                 warning at FILE:LINE:COL (bilan.yaml and partage.yaml,
 *                 which hold them on purpose, are not searched).
 *
 * Findings hold paths, positions and what kind of problem it is, never the
 * content of a file (not even the e-mail address found).  The checks only
 * read (no lock, no write) unless fix is set.
 */
#ifndef BILAN_DOCTOR_H
#define BILAN_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "errors.h"
#include "workspace.h"

struct bilan_finding {
	enum bilan_severity severity;
	const char *check;    /* "lock", "repository", "schema", ... (static) */
	char *file;           /* workspace-relative, or NULL */
	int line, col;        /* 0 when unknown */
	char *message;        /* translated */
	char *hint;           /* translated, or NULL */
	bool fixable;         /* --fix repairs it */
	bool fixed;           /* it was repaired */
};

struct bilan_findings {
	struct bilan_finding *v;
	size_t n, alloc;
};
#define BILAN_FINDINGS_INIT { .v = NULL, .n = 0, .alloc = 0 }

struct bilan_doctor_result {
	size_t errors, warnings;      /* not counting fixed findings */
	size_t fixed;
	char commit[41];              /* commit of the permission fix, or "" */
};

/* Check ws; with fix, repair what can be.  Returns 0 when the checks ran
 * (whatever they found), or a negative code when they could not (the
 * workspace cannot be read; with fix, BILAN_ELOCKED while a command runs). */
int bilan_doctor_run(struct bilan_findings *out, struct bilan_doctor_result *res,
		     struct bilan_ws *ws, bool fix, struct bilan_error *err);
void bilan_findings_clear(struct bilan_findings *f);

#endif
