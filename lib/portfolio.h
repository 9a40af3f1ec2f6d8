/* portfolio.h - the consultant's view over many workspaces (clones).
 *
 * One row per workspace: a directory holding bilan.yaml, or each direct
 * sub-directory of a given directory that holds one.  For speed (a firm
 * follows hundreds of bilans) a row reads at most two small files and
 * stats one more, and never opens a repository: resume.yaml (generated at
 * each 'bilan sync', see share.h) when present, bilan.yaml otherwise (then
 * only name, phase, goal and dates are known; the other figures are -1).
 * Name, phase, weekly goal and the retention date always come from
 * bilan.yaml (resume.yaml is as old as the last sync).
 * Days since the last activity come from resume.yaml's last_activity, else
 * from the modification time of .git/logs/HEAD (the last commit).
 * A workspace that cannot be read is a row with an error, never a failure
 * of the whole scan.
 */
#ifndef BILAN_PORTFOLIO_H
#define BILAN_PORTFOLIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "errors.h"

#define BILAN_LEGAL_MINUTES (24 * 60)   /* R6313-4 / L6313-4: 24 hours */

struct bilan_portfolio_row {
	char *dir;                    /* as found */
	char *name;                   /* beneficiary, or NULL */
	char *phase;                  /* "investigation", or NULL */
	bool from_resume;             /* figures from resume.yaml */
	long long seances_minutes;    /* hours used (séances attended); -1 unknown */
	long long week_minutes;       /* this ISO week (private time included); -1 */
	long long weekly_goal;        /* minutes; -1 */
	long long days_idle;          /* -1 unknown */
	long long tests;              /* tests taken; -1 */
	long long pistes_validees, pistes_ouvertes;   /* -1 */
	long long enquetes_realisees; /* -1 */
	long long todo_overdue;       /* open to-do items past their due day; -1 */
	char *next_meeting;           /* ISO date-time in the future, or NULL */
	char *retention_until;        /* calendar date, or NULL */
	bool past_retention;          /* today is after retention_until */
	char *error;                  /* the workspace could not be read */
};

struct bilan_portfolio {
	struct bilan_portfolio_row *v;
	size_t n, alloc;
};
#define BILAN_PORTFOLIO_INIT { .v = NULL, .n = 0, .alloc = 0 }

/* Scan dirs (workspaces or folders of workspaces), rows in the order given,
 * sub-directories sorted.  now: 0 = bilan_now().  Fails only when a given
 * directory does not exist (BILAN_ENOTFOUND). */
int bilan_portfolio_scan(struct bilan_portfolio *out, const char *const *dirs, size_t n,
			 int64_t now, struct bilan_error *err);
void bilan_portfolio_clear(struct bilan_portfolio *p);

#endif
