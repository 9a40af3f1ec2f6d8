/* closing.h - what is left to settle before the end of the bilan, for
 * 'bilan close' (R6313-4 3°: the conclusions phase ends the bilan).
 *
 * bilan_close_left reads the workspace (never writes) and lists, in this
 * order:
 *   - the to-do items still open ('bilan todo done');
 *   - the séances still planned, whatever their date, except follow-up
 *     séances (phase terminee) ('bilan seance done' or 'seance cancel');
 *   - the questions and blockers still open, private ones included
 *     ('bilan journal close');
 *   - the appraisal questionnaire (BILAN_CLOSE_APPRAISAL) not taken since
 *     the start of the bilan ('bilan test run appreciation');
 *   - no comment of the beneficiary's on the synthèse: a journal entry
 *     tagged BILAN_SYNTHESE_TAG, shared or private
 *     ('bilan journal add --tag synthese ...').
 * Broken files are reported in diags, never fatal.
 */
#ifndef BILAN_CLOSING_H
#define BILAN_CLOSING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "errors.h"
#include "workspace.h"

#define BILAN_CLOSE_APPRAISAL "appreciation"
/* The tag of the beneficiary's comments on the synthèse (journal entries). */
#define BILAN_SYNTHESE_TAG "synthese"
/* The tag of the action plan after the bilan (journal entries whose lines
 * "- WHEN : step" the synthèse dates, WHEN read from the entry's date). */
#define BILAN_PLAN_TAG "plan"
/* The tag of what the beneficiary wants to bring up at the next séance
 * (shown by 'bilan report seance'). */
#define BILAN_AGENDA_TAG "aborder"

enum bilan_close_what {
	BILAN_LEFT_TODO,
	BILAN_LEFT_SEANCE,
	BILAN_LEFT_QUESTION,     /* an open question */
	BILAN_LEFT_BLOCKER,      /* an open blocker */
	BILAN_LEFT_APPRAISAL,
	BILAN_LEFT_COMMENTS,
};

struct bilan_close_item {
	enum bilan_close_what what;
	char *id;                /* the record's id, or NULL */
	char *text;              /* to-do text, séance subject, entry title; or NULL */
	bool has_when;
	struct bilan_time when;  /* due date, séance date, entry date */
};

struct bilan_close_left {
	struct bilan_close_item *v;
	size_t n, alloc;
	struct bilan_diags diags;   /* broken files, workspace-relative */
};
#define BILAN_CLOSE_LEFT_INIT { .v = NULL, .n = 0, .alloc = 0, .diags = BILAN_DIAGS_INIT }

/* The versions of the synthèse handed over to the beneficiary, kept as
 * shared files (never under private/): synthese/remise-AAAA-MM-JJ[-N].EXT,
 * the day it was handed over in the name.  A new folder that versions of
 * bilan before it ignore ('bilan check' reads only YAML files), so the
 * workspace format is unchanged. */
#define BILAN_SYNTHESE_DIR "synthese"
/* Workspace-relative paths of the versions, oldest first. */
int bilan_synthese_versions(struct bilan_strlist *out, const struct bilan_ws *ws,
			    struct bilan_error *err);
/* The day (AAAA-MM-JJ, into day[11]) of a version's path; false when rel
 * is not a version. */
bool bilan_synthese_version_day(char *day, const char *rel);
/* A free workspace-relative name for a version handed over on day
 * (AAAA-MM-JJ), with extension ext ("md", "pdf"...).  Caller frees. */
char *bilan_synthese_version_name(const struct bilan_ws *ws, const char *day, const char *ext);

int bilan_close_left(struct bilan_close_left *out, const struct bilan_ws *ws,
		     int64_t now, struct bilan_error *err);
void bilan_close_left_clear(struct bilan_close_left *l);

#endif
