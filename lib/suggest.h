/* suggest.h - what 'metier suggest' reads in a workspace: the person the
 * latest RIASEC result describes, the job sheets already known, the
 * contexts of work the non-negotiable constraints refuse (the suggestions
 * themselves: bilan_rome_suggest, rome.h).
 */
#ifndef BILAN_SUGGEST_H
#define BILAN_SUGGEST_H

#include <stddef.h>

#include "buf.h"
#include "errors.h"
#include "workspace.h"

/* What the latest RIASEC result lets us say of the person: the code the
 * scoring rules allow (bilan-test(1)), the strength of each letter and
 * the activities rated highest per letter. */
struct bilan_suggest_person {
	char *code;
	int strength[6];              /* R I A S E C, percent in tenths */
	int mean[6];                  /* mean on the answer scale, in tenths */
	int min, max;
	struct bilan_buf acts[6];     /* « a », « b » */
};

/* The letters of strength[], mean[] and acts[], in order. */
#define BILAN_RIASEC_LETTERS "RIASEC"
/* The person of the latest RIASEC result of ws (tests/riasec/): BILAN_ENOTFOUND
 * without one, BILAN_EFAIL when it gives no code (too flat, too few
 * answers), with a hint.  Empty out first; bilan_suggest_person_clear. */
int bilan_suggest_person_load(struct bilan_suggest_person *out, struct bilan_ws *ws,
			      struct bilan_error *err);
void bilan_suggest_person_clear(struct bilan_suggest_person *p);
/* The activities of letter (R, I, A, S, E or C) rated highest, or NULL. */
const struct bilan_buf *bilan_suggest_acts(const struct bilan_suggest_person *p, char letter);
/* Sheets already known: the ROME codes of every piste (whatever its status:
 * a discarded one is not suggested again) and of every journal entry (a
 * research note on a sheet).  Sorted, without duplicates. */
int bilan_suggest_known_sheets(struct bilan_strlist *out, struct bilan_ws *ws,
			       struct bilan_error *err);
/* The ROME contexts of work that the non-negotiable constraints noted in
 * the journal refuse (private entries included: suggest only reads, for
 * the beneficiary); *out_statements keeps the statement of each. */
size_t bilan_suggest_refused_contexts(unsigned *out, size_t max,
				      struct bilan_strlist *statements, struct bilan_ws *ws);

#endif
