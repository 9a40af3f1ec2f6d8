/* remind.h - what needs the beneficiary's attention now, for 'bilan remind'
 * run by cron.
 *
 * bilan_remind_collect reads the workspace and never writes anything: not
 * the repository (it is never opened), not the journal's cache (read, never
 * written back), not the partial answers.  It reads only what a reminder
 * needs: the month folders of this week and last week for the hours, the
 * journal's folder digest for the open questions and blockers and the last
 * entry (bilan_journal_open_items: only folders changed since the last
 * status are listed), and the small record folders.
 *
 * What needs attention (attention = true), in this order:
 *   - a file that cannot be read (problems, FILE:LINE:COL);
 *   while the bilan runs (started, not closed):
 *   - last week's time under the weekly goal (when the bilan had started by
 *     that week's Monday);
 *   - no journal entry for BILAN_REMIND_QUIET_DAYS days or more (counted from
 *     the start of the bilan when the journal is empty);
 *   - to-do items overdue or due this week;
 *   - enquêtes waiting for a follow-up: planned with a date now past (record
 *     the outcome), contacted and unchanged for BILAN_REMIND_QUIET_DAYS days
 *     (follow the contact up), to contact and unchanged for as long;
 *   - open questions and blockers;
 *   always:
 *   - unfinished questionnaires (partial answers kept by the engine);
 *   - a séance planned within BILAN_REMIND_SEANCE_DAYS days (what to prepare:
 *     to-do items due by then, open questions);
 *   - the appraisal questionnaire ('appreciation'): from the end date of the
 *     bilan (or its closing) until it is taken, and again from six months
 *     after the end until it is taken again; each window lasts six months.
 * This week's time and the days since the last entry are always reported
 * (they are the summary --always prints).
 */
#ifndef BILAN_REMIND_H
#define BILAN_REMIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "enquete.h"
#include "errors.h"
#include "journal.h"
#include "questionnaire.h"
#include "seance.h"
#include "todo.h"
#include "workspace.h"

#define BILAN_REMIND_QUIET_DAYS 7
#define BILAN_REMIND_SEANCE_DAYS 7
#define BILAN_REMIND_APPRAISAL "appreciation"
/* A reminder is short: at most this many open questions (and as many
 * blockers) are listed, the ones waiting longest; the counts are whole. */
#define BILAN_REMIND_MAX_LISTED 5

enum bilan_remind_followup {
	BILAN_REMIND_RECORD_OUTCOME,   /* planned, date past: 'bilan enquete done' */
	BILAN_REMIND_FOLLOW_UP,        /* contacted, no answer yet */
	BILAN_REMIND_TO_CONTACT,       /* still to contact */
};

struct bilan_remind_enquete {
	const struct bilan_enquete *e;
	char *label;                   /* "role — organisation", or NULL */
	enum bilan_remind_followup what;
	int days;                      /* since the interview date / last change */
};

enum bilan_remind_appraisal {
	BILAN_APPRAISAL_NONE,
	BILAN_APPRAISAL_END,           /* the bilan has ended */
	BILAN_APPRAISAL_SIX_MONTHS,    /* six months after the end */
};

struct bilan_remind {
	bool attention;                /* something above needs attention */
	bool running;                  /* started and not closed */
	int64_t now;

	int goal;                      /* minutes per week */
	int week_minutes, last_week_minutes;
	size_t week_entries;
	bool last_week_counts;         /* the bilan ran for the whole last week */
	bool last_week_short;          /* ... and it is under the goal */

	bool has_last_entry;
	struct bilan_time last_entry;
	int days_since_entry;          /* since the last entry, or since the start */
	bool quiet;                    /* >= BILAN_REMIND_QUIET_DAYS */

	struct bilan_todos todos;
	const struct bilan_todo **overdue, **due_week;
	size_t noverdue, ndue_week;

	struct bilan_strlist unfinished;       /* questionnaire ids */
	struct bilan_q_partial *partials;      /* parallel */

	struct bilan_enquetes enquetes;
	struct bilan_remind_enquete *waiting;
	size_t nwaiting;

	/* pistes whose status an enquête did not confirm since it was last set
	 * (bilan_piste_unconfirmed), and that enquête (parallel) */
	struct bilan_pistes pistes;
	const struct bilan_piste **questioned;
	const struct bilan_enquete **questioned_by;
	size_t nquestioned;

	struct bilan_entry **questions, **blockers;   /* open (owned), the oldest */
	size_t nquestions, nblockers;                 /* listed */
	size_t questions_total, blockers_total;       /* open in all */

	struct bilan_seances seances;
	const struct bilan_seance *next;
	bool next_soon;                /* within BILAN_REMIND_SEANCE_DAYS */
	int next_days;                 /* days until it (0 = today) */
	const struct bilan_todo **prepare;   /* open items due by the next séance */
	size_t nprepare;

	enum bilan_remind_appraisal appraisal;
	struct bilan_time appraisal_since;   /* the end, or six months after it */

	struct bilan_diags problems;   /* files that could not be read */
};

struct bilan_remind_opts {
	int64_t now;                   /* 0: bilan_now() */
};
#define BILAN_REMIND_OPTS_INIT { 0 }

/* Collect what needs attention.  *out is the caller's (bilan_remind_free).
 * Broken files are reported in problems, never fatal; fails only when a
 * folder cannot be read. */
int bilan_remind_collect(struct bilan_remind **out, const struct bilan_ws *ws,
			 const struct bilan_remind_opts *opts, struct bilan_error *err);
void bilan_remind_free(struct bilan_remind *r);

/* Six calendar months after t (the same day, or the month's last day). */
int64_t bilan_remind_six_months(int64_t t);

/* The crontab line that runs 'EXE remind' in the workspace at root every
 * Monday at 9:00 ('bilan remind --crontab'), each word quoted for the
 * shell and for cron (where '%' ends the command), appended to out. */
void bilan_remind_crontab(struct bilan_buf *out, const char *root, const char *exe);

#endif
