/* ecart.h - the skill gap for a target job (bilan metier ecart): a
 * questionnaire generated from a ROME 4.0 fiche, taken with the questionnaire
 * engine (questionnaire.h), and its result read back as three lists.
 *
 * The definition is built in memory, never written to a file:
 *   id            "ecart-<code in lowercase>"          (ecart-j1504)
 *   version       BILAN_ECART_VERSION
 *   title         "Écart de compétences : <fiche title>"
 *   scale         1..3: "Pas encore", "En partie", "Je maîtrise"
 *   items         one per skill, in this order: the fiche's core savoir-faire
 *                 (coeur_metier Principale or Émergente), then its
 *                 savoir-être professionnels (ROME 4.60 marks none of them
 *                 core; a fiche has 0 to 5, all taken), each group in the
 *                 index order (by label); item id = the skill's code_ogr
 *                 ("300051"), text = its label
 *   dimensions    one per item, "sf-<code_ogr>" (savoir-faire) or
 *                 "se-<code_ogr>" (savoir-être), label = the skill's label,
 *                 interpretations low/medium/high = missing/partial/there
 * One dimension per skill keeps a result self-contained (labels are copied
 * into it): bilan test show and compare read it skill by skill without the
 * index.  The tree is a pure function of the index, so its checksum (stored
 * in every result) changes only when the fiche's skills do: a result taken
 * against an older ROME is then reported as taken with another version.
 *
 * Results are read back by level of the answer (score 1, 2, 3 = 0 %, 50 %,
 * 100 % of the skill's dimension; bilan_q_level low/medium/high), skipped
 * skills apart.  Nothing here prints.
 */
#ifndef BILAN_ECART_H
#define BILAN_ECART_H

#include <stdbool.h>
#include <stddef.h>

#include "errors.h"
#include "questionnaire.h"
#include "rome.h"
#include "yaml-tree.h"

#define BILAN_ECART_PREFIX "ecart-"
#define BILAN_ECART_VERSION 1
/* "ecart-j1504" and its NUL */
#define BILAN_ECART_ID_SIZE 12
/* Prefix of the definition's title (the fiche's title follows). */
#define BILAN_ECART_TITLE_PREFIX "Écart de compétences : "

/* "ecart-j1504" for a valid code ("J1504"). */
void bilan_ecart_id(char out[BILAN_ECART_ID_SIZE], const char *code);
/* The ROME code ("J1504") of a questionnaire id "ecart-j1504" (lowercase,
 * as bilan_ecart_id writes it); false for any other id. */
bool bilan_ecart_code(char out[6], const char *qid);

/* The definition tree for fiche f of r (*out is the caller's).
 * BILAN_ENOTFOUND when the fiche has no skill to assess (none in 4.60). */
int bilan_ecart_tree(struct bilan_node **out, const struct bilan_rome *r,
		     const struct bilan_rome_fiche *f, struct bilan_error *err);

/* Look code up in r (bilan_rome_lookup: BILAN_EUSAGE malformed, BILAN_ENOTFOUND
 * unknown, with a hint to search), build its tree and load it with
 * bilan_q_from_tree (origin BILAN_Q_MEMORY).  fiche (may be NULL) gets the
 * fiche. */
int bilan_ecart_definition(struct bilan_questionnaire **out, struct bilan_rome_fiche *fiche,
			   const struct bilan_rome *r, const char *code,
			   struct bilan_error *err);

/* The hook for commands that look a questionnaire up by id (bilan test show,
 * run, compare): when qid is an ecart id, open the index
 * (bilan_rome_index_path) and build its definition.  BILAN_ENOTFOUND, without
 * touching the index, for any other id; the index's own error when it cannot
 * be opened. */
int bilan_ecart_find(struct bilan_questionnaire **out, const char *qid,
		     struct bilan_error *err);

/* --- reading a result --- */

enum bilan_ecart_level {
	BILAN_ECART_UNRATED,         /* skipped */
	BILAN_ECART_MISSING,         /* 1 "Pas encore" */
	BILAN_ECART_PARTIAL,         /* 2 "En partie" */
	BILAN_ECART_THERE,           /* 3 "Je maîtrise" */
};
#define BILAN_ECART_LEVELS 4

struct bilan_ecart_skill {
	const char *code_ogr;        /* borrowed from the result */
	const char *label;           /* the same */
	bool savoir_etre;            /* else savoir-faire */
	enum bilan_ecart_level level;
};

struct bilan_ecart {
	char code[6];                /* "J1504" */
	char *title;                 /* the fiche's title as recorded (owned) */
	struct bilan_ecart_skill *v; /* in the definition's order */
	size_t n;
	size_t count[BILAN_ECART_LEVELS];
};
#define BILAN_ECART_INIT { .code = "", .title = NULL, .v = NULL, .n = 0, .count = { 0 } }

/* Read a loaded result of an ecart questionnaire (bilan_q_result_load).
 * BILAN_EINVALID (naming r->rel) when it is not one: another questionnaire,
 * a dimension that is not "sf-"/"se-" and a code_ogr, a scale other than
 * 1..3.  The result must outlive *out. */
int bilan_ecart_read(struct bilan_ecart *out, const struct bilan_q_result *r,
		     struct bilan_error *err);
void bilan_ecart_clear(struct bilan_ecart *e);

#endif
