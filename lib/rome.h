/* rome.h - the ROME 4.0 job repertoire (France Travail open data, v4.60):
 * fiches métiers, appellations, skills, mobility, RIASEC letters.
 *
 * Data.  The reference is the vendored CSV files in data/rome/ (unchanged
 * copies).  At build time tools/rome-index reads them with libcsv
 * (bilan_rome_build) and writes one binary index, rome.idx; at run time
 * bilan_rome_open maps it (mmap) and checks it completely before use: magic,
 * format version, size, checksum of the whole file, then every offset, index
 * and count against the bounds of its table.  A missing, truncated or
 * corrupt index is a clear error naming the file (BILAN_ENOTFOUND or
 * BILAN_EINVALID), never a crash.  Every string returned below points into
 * the mapped index: valid UTF-8, NUL-terminated, alive until bilan_rome_free.
 *
 * Index format (version 1, little-endian, all offsets from the file start):
 *   header  (96 bytes)  "BILANROM", u32 version, u32 header size,
 *                       u64 file size, u64 checksum (a 4-lane 64-bit multiply-xor
 *                       hash of every byte after the header), u32 section
 *                       count (7), u32 0, then per section {u32 offset,
 *                       u32 count}; sections start on 8-byte boundaries;
 *   sections, in order  strings  (count = bytes; NUL-terminated UTF-8,
 *                                 referenced by u32 offset, deduplicated)
 *                       grand domaines   {u32 letter, u32 label}
 *                       domaines pros    {u32 code, u32 label}
 *                       fiches (sorted by code) {code[8], u32 title,
 *                         u32 title tokens, u32 title stems, u32 definition,
 *                         u32 acces, u32 domaine pro, u32 grand domaine,
 *                         u8 major, u8 minor, u8 flags, u8 0,
 *                         u32 first/count of appellations, items, mobility}
 *                       appellations (by fiche) {u32 label, u32 tokens,
 *                         u32 stems, u32 fiche}
 *                       items (by fiche; skills then knowledge, core first,
 *                         then by label) {u32 label, u32 code_ogr, u32 flags}
 *                       mobility (by fiche, numero_ordre) {u32 target fiche,
 *                         u32 numero_ordre}
 *
 * The index holds the CSV values unchanged but for one repair: unix_texte
 * doubles its apostrophes ("l''intervention", an SQL export artefact); the
 * definition and acces_metier sentences get them single.
 *
 * Matching.  Text is folded (bilan_text_fold: no case, no accents) and cut
 * into tokens at every character that is not a letter or a digit; each token
 * is then stemmed by bilan_rome_stem, a light French stemmer applied alike to
 * the index and to the query, so that plural and feminine forms meet:
 *   plural      final -s / -x dropped (not -ss), -aux -> -al (but -eaux -> -eau)
 *   feminine    -iere/-ere -> -ier/-er, -euse -> -eur, -trice -> -teur,
 *               -eure -> -eur, -enne -> -en, -elle -> -el, -ive -> -if,
 *               -ee -> -e
 * so "infirmières" = "infirmier", "coiffeuses" = "coiffeur", "directrice" =
 * "directeur".  It only ever shortens a word and never below 3 letters.
 */
#ifndef BILAN_ROME_H
#define BILAN_ROME_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "errors.h"

/* The credit line every output showing ROME content carries. */
#define BILAN_ROME_SOURCE "Source : France Travail, ROME 4.0 (v4.60), Licence Ouverte"
#define BILAN_ROME_VERSION "4.60"
/* The index file, relative to a data directory. */
#define BILAN_ROME_INDEX "rome/rome.idx"
#define BILAN_ROME_FORMAT 1

struct bilan_rome;

/* --- opening --- */

/* Where the index is: $BILAN_ROME_INDEX, else $BILAN_DATA_DIR/rome/rome.idx
 * when it exists, else the one found from the running executable (paths.h:
 * the build tree's when it runs from one, the installed one otherwise),
 * whether it exists or not (so errors name it).
 * Caller frees. */
char *bilan_rome_index_path(void);

/* Map and check the index at path (NULL: bilan_rome_index_path()).
 * BILAN_ENOTFOUND when it does not exist, BILAN_EINVALID when it is not a
 * valid index (the message names the file and what is wrong). */
int bilan_rome_open(struct bilan_rome **out, const char *path, struct bilan_error *err);

/* Build the index in memory from the CSV files in csv_dir (the fallback
 * and the tests' way to compare the index with its source; ~0.5 s). */
int bilan_rome_open_csv(struct bilan_rome **out, const char *csv_dir,
			struct bilan_error *err);

void bilan_rome_free(struct bilan_rome *r);

/* The path it was opened from (the CSV directory for open_csv). */
const char *bilan_rome_path(const struct bilan_rome *r);

/* --- building (tools/rome-index and bilan_rome_open_csv) --- */

/* Read the CSV files of csv_dir and append the index bytes to out.  Errors
 * name the file (and line) of a missing, unreadable or inconsistent CSV. */
int bilan_rome_build(struct bilan_buf *out, const char *csv_dir, struct bilan_error *err);

/* --- fiches --- */

enum {
	BILAN_ROME_REGLEMENTE = 1,   /* emploi réglementé */
	BILAN_ROME_CADRE = 2,        /* emploi cadre */
};

struct bilan_rome_fiche {
	size_t index;                /* 0 .. bilan_rome_count()-1, in code order */
	const char *code;            /* "J1504" */
	const char *title;           /* libelle_rome */
	char grand_domaine;          /* 'J' */
	const char *grand_domaine_label;
	const char *domaine_code;    /* "J15" */
	const char *domaine_label;
	const char *definition;      /* sentences joined by "\n"; may be "" */
	const char *acces;           /* acces_metier, same; may be "" */
	char riasec_major;           /* one of RIASEC, or 0 when unknown */
	char riasec_minor;           /* one of RIASEC, or 0 when none */
	unsigned flags;              /* BILAN_ROME_REGLEMENTE | BILAN_ROME_CADRE */
	size_t n_appellations, n_items, n_mobility;
};

size_t bilan_rome_count(const struct bilan_rome *r);
/* Fill out with fiche i (i < count). */
void bilan_rome_get(struct bilan_rome_fiche *out, const struct bilan_rome *r, size_t i);

/* Normalise a code typed by a person: trims blanks, uppercases; writes
 * "J1504" into out.  BILAN_EUSAGE when it is not a letter A-N and 4 digits. */
int bilan_rome_code_parse(char out[6], const char *s, struct bilan_error *err);

/* Look a fiche up by code (case-insensitive).  BILAN_EUSAGE for a malformed
 * code, BILAN_ENOTFOUND for an unknown one; both with a hint to search. */
int bilan_rome_lookup(struct bilan_rome_fiche *out, const struct bilan_rome *r,
		      const char *code, struct bilan_error *err);

/* Appellation j (< n_appellations) of fiche i. */
const char *bilan_rome_appellation(const struct bilan_rome *r, size_t i, size_t j);

enum bilan_rome_item_kind {
	BILAN_ROME_SAVOIR_FAIRE,     /* skill (code_rubrique 1) */
	BILAN_ROME_SAVOIR_ETRE,      /* savoir-être professionnel (2) */
	BILAN_ROME_SAVOIR,           /* knowledge (3 or unspecified) */
};

struct bilan_rome_item {
	const char *label;
	unsigned code_ogr;
	enum bilan_rome_item_kind kind;
	bool core;                   /* coeur_metier is Principale or Émergente */
	bool emergent;               /* coeur_metier is Émergente */
};

/* Item j (< n_items) of fiche i.  Order: skills (savoir-faire, savoir-être)
 * before knowledge; within each, core items first; then by label. */
void bilan_rome_item(struct bilan_rome_item *out, const struct bilan_rome *r,
		     size_t i, size_t j);

/* Mobility link j (< n_mobility) of fiche i: the target fiche (index into
 * the fiches), in numero_ordre order. */
size_t bilan_rome_mobility(const struct bilan_rome *r, size_t i, size_t j);

/* --- search --- */

/* Fold, tokenise and stem a query or a label: appends space-separated stems
 * to out (see "Matching" above).  French stop words (de, la, les, d, l, et,
 * en, au, aux, du, des, un, une, pour, sur, a) are kept only when keep_stop. */
void bilan_rome_tokens(struct bilan_buf *out, const char *text, bool keep_stop);
/* Stem one folded token in place; returns it. */
char *bilan_rome_stem(char *token);

struct bilan_rome_hit {
	size_t fiche;                /* index */
	const char *code, *title;
	const char *appellation;     /* the best matching appellation; NULL when
				      * the title matched */
	char riasec_major, riasec_minor;
	bool title_match;
	unsigned prefix_words;       /* query words matched only as a prefix */
	bool typo;                   /* found with typo tolerance (see search) */
	unsigned edits;              /* letters wrong, missing or swapped */
};

struct bilan_rome_hits {
	struct bilan_rome_hit *v;
	size_t n;
};
#define BILAN_ROME_HITS_INIT { .v = NULL, .n = 0 }

/* Every query word (words may each hold several, split like labels) must
 * match a token of the fiche title, or all of them a token of one
 * appellation, as the whole token (same stem) or as its start (prefix of
 * the folded or stemmed token).  Stop words are ignored unless the query
 * has nothing else.  Ranking: title matches before appellation matches;
 * fewer prefix-only words first; shorter title; code.  One hit per fiche.
 * BILAN_EUSAGE when there is no word to search; no match is not an error
 * (out->n == 0).
 * Typo tolerance: when no fiche matches, the search is run again allowing
 * each query word of 4 to 6 letters one edit, of 7 or more two (a letter
 * wrong, missing, added, or two letters swapped), against the folded
 * tokens and the stems; those hits are marked typo, with their edits, and
 * ranked by fewest edits first.  Words under 4 letters stay exact. */
int bilan_rome_search(struct bilan_rome_hits *out, const struct bilan_rome *r,
		      const char *const *words, size_t nwords, struct bilan_error *err);
void bilan_rome_hits_clear(struct bilan_rome_hits *h);

/* --- suggestions from a RIASEC profile --- */

struct bilan_rome_suggest_opts {
	const char *profile;         /* "SAI": 1-6 distinct letters of RIASEC */
	const char *domains;         /* NULL or grand domaine letters: "A|K", "AK" */
	const char *const *exclude;  /* codes left out */
	size_t n_exclude;
	size_t limit;                /* 0 = 15 */
	const int *strength;         /* NULL, or the person's strength per letter
				      * in the order R I A S E C, 0 to 1000
				      * (percent in tenths, e.g. of a RIASEC
				      * result); NULL: from the letters' places */
	int regulated;               /* emploi_reglemente: 0 any, -1 left out, 1 only */
	int cadre;                   /* emploi_cadre: 0 any, -1 left out, 1 only */
	const unsigned *avoid;       /* contexts of work (code_ogr) refused: a
				      * fiche listing one is left out */
	size_t n_avoid;
};
#define BILAN_ROME_SUGGEST_OPTS_INIT { .profile = NULL, .domains = NULL, .exclude = NULL, \
	.n_exclude = 0, .limit = 0, .strength = NULL, .regulated = 0, .cadre = 0, \
	.avoid = NULL, .n_avoid = 0 }

struct bilan_rome_suggestion {
	size_t fiche;
	const char *code, *title;
	char riasec_major, riasec_minor;
	int major_pos, minor_pos;    /* 0-based place of the letter in the
				      * profile, -1 when absent (or no minor) */
	int score;                   /* fit, 0 to 1000 (see bilan_rome_suggest) */
	unsigned flags;              /* BILAN_ROME_REGLEMENTE | BILAN_ROME_CADRE */
	char *reason;                /* owned; e.g. "surtout S (Social), votre
				      * type le plus fort ; puis C
				      * (Conventionnel), votre troisième type"
				      * (translated) */
};

struct bilan_rome_suggestions {
	struct bilan_rome_suggestion *v;
	size_t n;
	size_t total;                /* fiches that fit, before the limit */
	size_t *avoided;             /* per opts->avoid: fiches that fit but
				      * were left out for that context */
};
#define BILAN_ROME_SUGGESTIONS_INIT { .v = NULL, .n = 0, .total = 0, .avoided = NULL }

/* The contexts of work of the ROME (code_ogr: "Travail de nuit" 300803,
 * "Travail les week-ends et jours fériés" 23376, ...) that a constraint,
 * written in French, refuses: "pas de travail de nuit", "jamais le
 * week-end", "sans déplacements", "éviter le port de charges lourdes".
 * Only refusals count (a clause with "pas", "sans", "aucun", "jamais",
 * "ni", "éviter", "exclu", "impossible", "refus", "plus de"): "travailler
 * en extérieur" is a wish and refuses nothing.  The list of phrasings is
 * in rome.c, tested in test-rome.  Writes up to max codes (no duplicates)
 * and returns how many. */
size_t bilan_rome_refused_contexts(unsigned *out, size_t max, const char *statement);
/* The ROME's label of a context (e.g. "Travail de nuit"), or NULL. */
const char *bilan_rome_context_label(unsigned code_ogr);

/* Normalise a profile code (uppercase, 1-6 distinct RIASEC letters) into
 * out (7 bytes); BILAN_EUSAGE otherwise. */
int bilan_rome_profile_parse(char out[7], const char *s, struct bilan_error *err);

/* Fiches whose RIASEC letters fit the profile, ranked by how well they fit
 * the strength of each letter (bilan-metier(1), SUGGESTIONS).  A fiche is
 * a candidate when its major letter is in the profile and it passes the
 * filters (domains, excluded codes, regulated, cadre; a flag the ROME
 * leaves empty counts as no).  With s(L) the strength of letter L (0 to
 * 1000: opts->strength, else 1000, 800, 600, 400, 200, 100 by place in the
 * profile and 0 for a letter not in it), the fit is
 *   score = (2 s(major) + s(minor) + 1) / 3     (integer division)
 * where a fiche without minor letter takes the mean of the six strengths
 * for it.  Order: score, then the broader fiche (more appellations: a
 * family of jobs before a niche), then code -- the same on every run.
 * The list (limit, 15 by default) holds at most ceil(limit / 3) fiches of
 * one pair of letters (major, minor) so that it shows several kinds of
 * work; when that leaves it short, the others follow in order.  total
 * counts every candidate.  These are leads to explore, never a verdict.
 * BILAN_EUSAGE for a bad profile, domain letter or excluded code. */
int bilan_rome_suggest(struct bilan_rome_suggestions *out, const struct bilan_rome *r,
		       const struct bilan_rome_suggest_opts *opts, struct bilan_error *err);
void bilan_rome_suggestions_clear(struct bilan_rome_suggestions *s);

#endif
