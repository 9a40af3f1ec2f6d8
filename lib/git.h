/* git.h - the one wrapper of libgit2's start and errors.
 *
 * Every module that calls libgit2 (vcs, gc, doctor, share, sync) starts it
 * through bilan_git_init and turns its failures into bilan errors through
 * bilan_git_fail: one init, one shutdown at exit, one mapping of libgit2's
 * codes to bilan's (and so to the exit codes of cmd/):
 *
 *   GIT_ELOCKED    BILAN_ELOCKED  exit 75, hint "another program is using
 *                                 the repository; try again"
 *   GIT_EMODIFIED  BILAN_EAGAIN   exit 75 (a ref moved under us)
 *   GIT_ENOTFOUND  BILAN_ENOTFOUND
 *   GIT_EEXISTS    BILAN_EEXISTS
 *   anything else  BILAN_EFAIL    exit 1
 *
 * Commands that only read the workspace never call this module (libgit2's
 * start-up with Debian's build parses the system certificate bundle; the
 * bilan executable defers that parse: cmd/tls-lazy.c).
 */
#ifndef BILAN_GIT_H
#define BILAN_GIT_H

#include "errors.h"

/* Start libgit2 once per process (later calls do nothing); it is shut
 * down at exit.  Strict object creation is off: every object bilan writes
 * references objects it has just written or read. */
void bilan_git_init(void);

/* The bilan code for a libgit2 return code (negative; 0 or more gives 0). */
int bilan_git_code(int gerr);

/* libgit2's last message, neutralised (bilan_text_name: it may quote what a
 * remote sent, which must never print a line of its own or drive the
 * terminal); "?" when there is none.  Valid until the fourth call after. */
const char *bilan_git_message(void);

/* Set err to "<what>: <libgit2's message>" with the code bilan_git_code
 * gives for gerr (and the hint of a locked repository); returns that code.
 * gerr is libgit2's return code, or GIT_ERROR (-1) where only a generic
 * failure is possible. */
__attribute__((format(printf, 3, 4)))
int bilan_git_fail(struct bilan_error *err, int gerr, const char *fmt, ...);

#endif
