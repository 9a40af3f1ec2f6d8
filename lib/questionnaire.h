/* questionnaire.h - the questionnaire engine: definitions, answers, scoring,
 * results with history, partial answers of an interrupted run.
 *
 * Definitions are YAML data (schemas/questionnaire.schema.yaml): built-ins in
 * the shipped data/questionnaires/, a consultant's own in the workspace's
 * questionnaires/ (a workspace definition with the id of a built-in overrides
 * it), or built in memory by another module (bilan metier ecart) as a tree.
 *
 * Scoring (documented in bilan-test(1)):
 *   - an item's score is the answer, or min + max - answer when reverse;
 *   - per dimension, raw = sum of the scores of its n answered items, and
 *     percent = 100 * (raw - n*min) / (n*(max - min)), rounded half up to one
 *     decimal; a dimension without answered item has no percent;
 *   - per skill (definitions with `skills`), the same per (skill, dimension);
 *   - the profile (profile.top = N) takes the N dimensions with the highest
 *     exact, unrounded percent (compared as exact fractions), ties broken by
 *     the order of `dimensions`, dimensions without percent left out; its code
 *     is the dimension ids concatenated when they are all one character long
 *     (the Holland code "SAI"), else joined with ",";
 *   - levels, on the rounded percent: low < 33.3 <= medium < 66.7 <= high;
 *   - a skill pair (profile.pairs = [A, B], e.g. [maitrise, envie]) is flagged
 *     BILAN_Q_PAIR_UNWANTED when A is high (>= 66.7) and B < 50, and
 *     BILAN_Q_PAIR_TO_GROW when B is high and A < 50.
 * Text items (type: text) are kept in the answers and never scored.
 * Rank items (type: rank, count: K) are text items whose answer is K
 * distinct dimensions, most important first: typed as ids, labels or
 * numbers (1 = the first dimension) separated by commas, stored as the ids
 * joined by ", " (a forced choice after the ratings; never scored).
 *
 * Results are files tests/<id>/<record id>.yaml (schemas/test-result.schema.yaml)
 * holding the definition's id, version, title and the SHA-256 of its bytes,
 * the date, the scale, every answer by item id, per dimension raw/n/percent,
 * the profile code and, for skills definitions, per skill and dimension.
 * A result is self-contained: it can be shown without its definition (labels
 * are copied), and is marked as taken with an older version when the
 * definition's version or checksum differs.
 *
 * Partial answers of an interrupted run live in <gitdir>/bilan/partial/<id>.yaml
 * (0600, inside .git: never committed, never listed by bilan status).
 *
 * Nothing here prints; every function that can fail returns 0 or a negative
 * enum bilan_code and fills err (FILE:LINE:COL for file content).
 */
#ifndef BILAN_QUESTIONNAIRE_H
#define BILAN_QUESTIONNAIRE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "errors.h"
#include "id.h"
#include "workspace.h"
#include "yaml-tree.h"

#define BILAN_Q_ID_MAX 64            /* questionnaire, dimension, item, skill ids */
#define BILAN_Q_NONE ((size_t)-1)    /* no dimension / no skill */
#define BILAN_Q_SKIPPED INT_MIN      /* a scale item without answer */
#define BILAN_Q_MAX_ITEMS 1000
#define BILAN_Q_TEXT_MAX 4000        /* bytes of one free-text answer */
#define BILAN_SHA256_HEX 65

/* ------------------------------------------------------------------ */
/* Definitions                                                         */

enum bilan_q_level { BILAN_Q_LOW, BILAN_Q_MEDIUM, BILAN_Q_HIGH };
enum bilan_q_item_type { BILAN_Q_ITEM_SCALE, BILAN_Q_ITEM_TEXT };
enum bilan_q_origin {
	BILAN_Q_BUILTIN,     /* data/questionnaires/ */
	BILAN_Q_WORKSPACE,   /* the workspace's questionnaires/ */
	BILAN_Q_FILE,        /* any file (bilan test validate) */
	BILAN_Q_MEMORY,      /* built from a tree by another module */
};

struct bilan_q_dimension {
	char *id, *label, *description;   /* description may be NULL */
	char *interpretation[3];          /* indexed by enum bilan_q_level */
	char **labels;                    /* its own labels of the scale points
					   * (max-min+1, min first), or NULL:
					   * the questionnaire's */
};

struct bilan_q_skill {
	char *id, *label, *description;   /* description may be NULL */
};

struct bilan_q_item {
	char *id, *text;
	enum bilan_q_item_type type;
	size_t dim;                       /* index in dims, BILAN_Q_NONE for text */
	size_t skill;                     /* index in skills or BILAN_Q_NONE */
	bool reverse;
	int rank;                         /* type: rank (a text item): choose and
					   * order this many dimensions; 0 else */
};

struct bilan_questionnaire {
	char *id;
	long long version;
	char *title, *description, *instructions;
	char *notice;                     /* NULL: the engine's generic notice */
	char *en_title, *en_description, *en_instructions, *en_notice; /* or NULL */
	int min, max;                     /* 0 <= min < max <= 100, max-min <= 10 */
	char **labels;                    /* max-min+1 labels (min first) or NULL */
	struct bilan_q_dimension *dims;
	size_t ndims;
	struct bilan_q_skill *skills;
	size_t nskills;
	struct bilan_q_item *items;
	size_t nitems;
	size_t nscale;                    /* items of type scale */
	int top;                          /* profile.top, 0 when none */
	bool has_pairs;
	size_t pair[2];                   /* profile.pairs as dimension indices */
	char sha256[BILAN_SHA256_HEX];    /* of the file's bytes (or of the
					   * canonical YAML of an in-memory tree) */
	char *path;                       /* file it was read from, or NULL */
	enum bilan_q_origin origin;
};

/* true for an acceptable questionnaire id: [a-z0-9][a-z0-9-]*, at most
 * BILAN_Q_ID_MAX, not a Windows device name (it names a folder). */
bool bilan_q_id_valid(const char *id);

/* Load a definition file: size limit, YAML, schema (when the schema file can
 * be found), then the semantic checks below.  The first error is returned
 * with FILE:LINE:COL.  *out is the caller's (bilan_q_free). */
int bilan_q_load_file(struct bilan_questionnaire **out, const char *path,
		      enum bilan_q_origin origin, struct bilan_error *err);
/* Same from bytes (name is used in errors; no schema check; fuzzing). */
int bilan_q_load_buffer(struct bilan_questionnaire **out, const char *name,
			const char *data, size_t len, struct bilan_error *err);
/* A definition built in memory as a tree (bilan metier ecart): semantic
 * checks only; errors name `name` (nodes built in memory have no position).
 * The checksum is that of the tree's canonical YAML, so a result records
 * which generated definition it answered. */
int bilan_q_from_tree(struct bilan_questionnaire **out, const char *name,
		      const struct bilan_node *root, struct bilan_error *err);
void bilan_q_free(struct bilan_questionnaire *q);

/* bilan test validate: every problem of a definition file as diagnostics,
 * schema (warnings for unknown keys) and semantic checks:
 *   ids present, well formed and unique (dimensions, skills, items);
 *   version >= 1; scale 0 <= min < max <= 100 with at most 11 points and
 *   max-min+1 labels (a list from min to max, or a mapping point: label);
 *   every dimension has a label and low/medium/high interpretations;
 *   every scale item names an existing dimension, every skill an existing
 *   skill; text items have no dimension; at least one scale item;
 *   profile.top between 1 and the number of dimensions; profile.pairs two
 *   distinct dimensions of a definition with skills;
 *   warnings: a dimension or skill without item, a file name that is not
 *   <id>.yaml.
 * Returns the number of errors added. */
size_t bilan_q_validate_file(const char *path, struct bilan_diags *diags);

/* Index helpers: BILAN_Q_NONE when absent. */
size_t bilan_q_dim_index(const struct bilan_questionnaire *q, const char *id);
size_t bilan_q_item_index(const struct bilan_questionnaire *q, const char *id);
size_t bilan_q_skill_index(const struct bilan_questionnaire *q, const char *id);
/* Label of a scale point, or NULL. */
const char *bilan_q_scale_label(const struct bilan_questionnaire *q, int value);
/* Label of a scale point for item `item`: its dimension's own labels when
 * it has some (e.g. "envie" rated as a wish, not as a mastery), else the
 * questionnaire's; NULL when none. */
const char *bilan_q_item_label(const struct bilan_questionnaire *q, size_t item, int value);

/* ------------------------------------------------------------------ */
/* The catalogue: built-in and workspace definitions                   */

struct bilan_q_entry {
	char *id;                 /* from the file; the file stem when broken */
	char *path;               /* absolute */
	char *title;              /* NULL when broken */
	long long version;
	size_t nitems;
	enum bilan_q_origin origin;   /* BUILTIN or WORKSPACE */
	bool overrides;           /* a workspace definition hiding a built-in */
	bool hidden;              /* a built-in hidden by a workspace one */
	struct bilan_error error; /* code != 0 when the file is broken */
	struct bilan_questionnaire *q;   /* the definition as loaded (owned); NULL
					  * when broken or taken */
};

struct bilan_q_catalog {
	struct bilan_q_entry *v;
	size_t n, alloc;
};
#define BILAN_Q_CATALOG_INIT { .v = NULL, .n = 0, .alloc = 0 }

/* Every definition: built-ins first (sorted by id), then the workspace's
 * (ws_root may be NULL).  A broken file is listed with its error, never
 * fatal.  Fails only on an unreadable folder. */
int bilan_q_catalog_load(struct bilan_q_catalog *out, const char *ws_root,
			 struct bilan_error *err);
void bilan_q_catalog_clear(struct bilan_q_catalog *c);

/* The definition of id: the workspace's first (ws_root may be NULL), then
 * the built-in.  BILAN_ENOTFOUND for an unknown id, with a hint naming the
 * closest known id; the definition's own error when it is broken. */
int bilan_q_find(struct bilan_questionnaire **out, const char *ws_root,
		 const char *id, struct bilan_error *err);
/* The same lookup in a catalogue already loaded (bilan_q_catalog_load):
 * a command that needs several definitions reads the catalogue once.  The
 * definition is moved out of the catalogue (the caller frees it); a second
 * take of the same id reads its file again. */
int bilan_q_catalog_take(struct bilan_questionnaire **out, struct bilan_q_catalog *c,
			 const char *id, struct bilan_error *err);

/* The earlier version of a built-in a result was taken with: the shipped
 * copy data/questionnaires/versions/<id>.<version>.yaml whose checksum is
 * the result's.  BILAN_ENOTFOUND when there is none. */
struct bilan_q_result;
int bilan_q_find_taken(struct bilan_questionnaire **out, const struct bilan_q_result *r,
		       struct bilan_error *err);

/* ------------------------------------------------------------------ */
/* Answers                                                             */

struct bilan_q_answers {
	size_t n;          /* = q->nitems */
	int *value;        /* per item: answer as given, or BILAN_Q_SKIPPED */
	char **text;       /* per item: text answer (text items) or NULL */
};
#define BILAN_Q_ANSWERS_INIT { .n = 0, .value = NULL, .text = NULL }

/* Every item skipped. */
void bilan_q_answers_init(struct bilan_q_answers *a, const struct bilan_questionnaire *q);
void bilan_q_answers_clear(struct bilan_q_answers *a);
/* Number of items answered (scale and text). */
size_t bilan_q_answers_count(const struct bilan_q_answers *a);
/* Set the answer of item i (a scale value in range, or a text of at most
 * BILAN_Q_TEXT_MAX bytes of valid UTF-8 without control characters other
 * than tab; "" clears it).  BILAN_EUSAGE with a message naming the item. */
int bilan_q_answer_set(struct bilan_q_answers *a, const struct bilan_questionnaire *q,
		       size_t i, int value, struct bilan_error *err);
int bilan_q_answer_set_text(struct bilan_q_answers *a, const struct bilan_questionnaire *q,
			    size_t i, const char *text, struct bilan_error *err);
/* The dimensions of a rank answer ("sens, autonomie"), in order, as
 * indices into q->dims; returns how many (at most max), 0 when it does not
 * parse. */
size_t bilan_q_rank_parse(size_t *out, size_t max, const struct bilan_questionnaire *q,
			  const char *text);

/* --answers "5,4,,3": one value per scale item in item order (text items
 * are not part of the list), empty = skipped.  A wrong count, a value that
 * is not a number or is outside the scale: BILAN_EUSAGE, *out untouched. */
int bilan_q_answers_parse_list(struct bilan_q_answers *out,
			       const struct bilan_questionnaire *q,
			       const char *list, struct bilan_error *err);
/* --answers-file contents.  Two forms, chosen by the first line that is not
 * empty or a comment (#):
 *   - "ID: VALUE" lines (the first line starts with a known item id and a
 *     colon): any subset of items, each at most once, in any order; a text
 *     item takes the rest of the line as its text; unknown or repeated ids
 *     are errors; items not named are skipped;
 *   - one answer per line, in item order: as many lines as scale items
 *     (text items left empty) or as items (text items included); an empty
 *     line is a skipped item.  Comment lines (#) do not count.
 * Errors carry name:LINE:COL (BILAN_EUSAGE); *out untouched on error. */
int bilan_q_answers_parse_text(struct bilan_q_answers *out,
			       const struct bilan_questionnaire *q, const char *name,
			       const char *data, size_t len, struct bilan_error *err);

/* The score of one item for an answer (reverse applied). */
int bilan_q_item_score(const struct bilan_questionnaire *q, size_t item, int answer);

/* ------------------------------------------------------------------ */
/* Scoring                                                             */

struct bilan_q_dim_score {
	long long raw;     /* sum of item scores */
	int n;             /* answered items */
	bool has_percent;  /* n > 0 */
	int tenths;        /* percent rounded to one decimal, in tenths (0..1000) */
};

struct bilan_q_score {
	size_t ndims, nskills;
	struct bilan_q_dim_score *dims;     /* ndims */
	struct bilan_q_dim_score *skills;   /* nskills * ndims: [s * ndims + d] */
	size_t *top;                        /* profile dimension indices, best first */
	size_t ntop;
	char *profile;                      /* profile code, or NULL */
};
#define BILAN_Q_SCORE_INIT { .ndims = 0, .nskills = 0, .dims = NULL, .skills = NULL, \
	.top = NULL, .ntop = 0, .profile = NULL }

void bilan_q_score(struct bilan_q_score *out, const struct bilan_questionnaire *q,
		   const struct bilan_q_answers *a);
void bilan_q_score_clear(struct bilan_q_score *s);

/* Percent of raw over n items on [min, max], rounded, in tenths. */
int bilan_q_percent_tenths(long long raw, int n, int min, int max);
/* Level of a rounded percent (tenths). */
enum bilan_q_level bilan_q_level(int tenths);
const char *bilan_q_level_name(enum bilan_q_level l);   /* "low", "medium", "high" */

enum bilan_q_pair_flag { BILAN_Q_PAIR_NONE, BILAN_Q_PAIR_UNWANTED, BILAN_Q_PAIR_TO_GROW };
/* Flag of a pair of percents (tenths; negative = no percent). */
enum bilan_q_pair_flag bilan_q_pair_flag(int first_tenths, int second_tenths);

/* ------------------------------------------------------------------ */
/* Results                                                             */

struct bilan_q_result_dim {
	char *id, *label;
	long long raw;
	int n;
	bool has_percent;
	int tenths;
};

struct bilan_q_result_skill {
	char *id, *label;
	struct bilan_q_result_dim *dims;
	size_t ndims;
};

struct bilan_q_result_answer {
	char *item;
	bool is_text;
	int value;          /* when !is_text */
	char *text;         /* when is_text */
};

struct bilan_q_result {
	char *rel;                      /* "tests/riasec/<record id>.yaml" */
	char *rid;                      /* the record id (file stem) */
	char *questionnaire;
	long long version;
	char sha256[BILAN_SHA256_HEX];
	char *title;                    /* may be NULL */
	struct bilan_time date;
	int min, max;
	struct bilan_q_result_answer *answers;
	size_t nanswers;
	struct bilan_q_result_dim *dims;
	size_t ndims;
	struct bilan_q_result_skill *skills;
	size_t nskills;
	char *profile;                  /* NULL when none */
	char **top;                     /* profile dimension ids, best first */
	size_t ntop;
};

struct bilan_q_results {
	struct bilan_q_result **v;      /* oldest first */
	size_t n, alloc;
};
#define BILAN_Q_RESULTS_INIT { .v = NULL, .n = 0, .alloc = 0 }

/* The result tree of a run taken at `when` (kept in item order). */
struct bilan_node *bilan_q_result_tree(const struct bilan_questionnaire *q,
				       const struct bilan_q_answers *a,
				       const struct bilan_q_score *s,
				       const struct bilan_time *when);

/* Write the result of a run inside the caller's open transaction
 * (bilan_ws_begin ... bilan_ws_commit): tests/<q->id>/<bilan_id_new>.yaml,
 * never over an existing file.  The record id is that of the next second
 * without a result when `when`'s second already has one (the date in the
 * file stays `when`), so that the history follows the order of the runs.  Refuses answers with no answered scale item
 * (BILAN_EUSAGE).  out_rel (may be NULL) gets the workspace-relative path,
 * the caller's to free. */
int bilan_q_result_write(char **out_rel, struct bilan_ws *ws,
			 const struct bilan_questionnaire *q,
			 const struct bilan_q_answers *a,
			 const struct bilan_time *when, struct bilan_error *err);

/* Load one result (workspace-relative path): YAML, schema, and checks that
 * nothing was edited into nonsense (answers inside the scale, raw inside
 * [n*min, n*max], percent equal to the formula, questionnaire id equal to
 * its folder, profile ids among the dimensions).  FILE:LINE:COL errors. */
int bilan_q_result_load(struct bilan_q_result **out, const char *ws_root,
			const char *rel, struct bilan_error *err);

/* Results already checked, vouched by their stat data (inode, size, mtime
 * and ctime in ns, like git's index), with the tree parsed from them: a
 * derived cache in <gitdir>/bilan-cache/results-checked, never tracked,
 * safe to delete.  A command that reads many results (report) opens it,
 * loads each result with bilan_q_result_load_trusted, which takes a file
 * unchanged since it passed from the cache, neither read nor parsed nor
 * checked against the schema again (the result's own checks still run),
 * and closes it, which writes it back if it changed.  Files changed in the
 * last 2 seconds are never vouched for (a change in the same tick would
 * keep the same times).  Failures are ignored; a cache that does not read
 * back exactly (its checksum, every length) is dropped whole. */
struct bilan_q_trust;
struct bilan_q_trust *bilan_q_trust_open(const char *gitdir);
void bilan_q_trust_close(struct bilan_q_trust *t);   /* NULL is accepted */
int bilan_q_result_load_trusted(struct bilan_q_result **out, const char *ws_root,
				const char *rel, struct bilan_q_trust *t,
				struct bilan_error *err);
/* The catalogue (bilan_q_catalog_load) with the definitions vouched the
 * same way (records "q:PATH" of the same file, with the SHA-256 of the
 * definition's bytes): a definition unchanged since it passed is built
 * from its cached tree, not read, parsed or checked against the schema
 * again. */
int bilan_q_catalog_load_trusted(struct bilan_q_catalog *out, const char *ws_root,
				 struct bilan_q_trust *t, struct bilan_error *err);
/* For questionnaire.c: a file's key (its stat data). */
struct bilan_q_trust_key {
	unsigned long long ino;
	long long size, mtime_ns, ctime_ns;
};
bool bilan_q_trust_stat(struct bilan_q_trust_key *k, const char *abs);
/* The tree of a vouched file (named path, the caller's: bilan_doc_free),
 * and in sha256 the checksum kept with it ("" when none); NULL when the
 * file is not vouched for under that key. */
struct bilan_doc *bilan_q_trust_get(struct bilan_q_trust *t,
				    const struct bilan_q_trust_key *k, const char *name,
				    const char *path, char sha256[BILAN_SHA256_HEX]);
/* Vouch for it, with its tree and the checksum of its bytes (or NULL),
 * unless it changed in the last 2 seconds.  Right after the get that gave
 * doc, the record read is kept as it was (doc must be that tree, unedited). */
void bilan_q_trust_add(struct bilan_q_trust *t, const struct bilan_q_trust_key *k,
		       const char *name, const struct bilan_doc *doc, const char *sha256);
void bilan_q_result_free(struct bilan_q_result *r);

/* Every result of questionnaire qid, oldest first (record ids sort by
 * time).  None is not an error (n = 0).  The first broken file fails. */
int bilan_q_results_load(struct bilan_q_results *out, const char *ws_root,
			 const char *qid, struct bilan_error *err);
void bilan_q_results_clear(struct bilan_q_results *l);
/* The latest result of qid; BILAN_ENOTFOUND when it was never taken. */
int bilan_q_result_latest(struct bilan_q_result **out, const char *ws_root,
			  const char *qid, struct bilan_error *err);
/* Where the results of qid are kept: "tests", or "private/tests" for the
 * appraisal (appreciation): it judges the consultant's work, so its
 * answers are never published, never go through the assessed consultant's
 * clone; the beneficiary sends them to the provider (bilan-test(1)). */
const char *bilan_q_results_folder(const char *qid);
/* Result files of qid without parsing them: workspace-relative paths,
 * oldest first (for counts and dates: the record id holds the time); for
 * the appraisal, results kept under tests/ by an older bilan too. */
int bilan_q_results_files(struct bilan_strlist *out, const char *ws_root,
			  const char *qid, struct bilan_error *err);
/* Questionnaire ids that have results (folders of tests/ and
 * private/tests/), sorted. */
int bilan_q_results_ids(struct bilan_strlist *out, const char *ws_root,
			struct bilan_error *err);
/* Was qid taken at or after `since` (e.g. the appraisal after the end date
 * of the bilan; a calendar date counts from 00:00 local time)? */
int bilan_q_taken_since(bool *out, const char *ws_root, const char *qid,
			const struct bilan_time *since, struct bilan_error *err);

/* The result was taken with another version of q (version or checksum). */
bool bilan_q_result_outdated(const struct bilan_q_result *r,
			     const struct bilan_questionnaire *q);
/* The answer to item_id: 1 when answered (value or text set, each may be
 * NULL), 0 when not. */
int bilan_q_result_answer(const struct bilan_q_result *r, const char *item_id,
			  int *value, const char **text);
/* Dimension of a result by id, or NULL. */
const struct bilan_q_result_dim *bilan_q_result_dim(const struct bilan_q_result *r,
						    const char *id);

/* ------------------------------------------------------------------ */
/* Reading a result: what may honestly be said of it                   */
/*
 * The rules (bilan-test(1), SCORING RULES), applied when a result is shown,
 * whatever was recorded in it (old results included):
 *   - coverage: a dimension is read (mean, level, interpretation) only when
 *     at least three quarters of its items were answered (n * 4 >= items * 3,
 *     items counted in the definition the result was taken with: q when it
 *     is that one or only its content changed under the same version, else
 *     the shipped earlier version (bilan_q_find_taken), else unknown);
 *     below, nothing is said of it but the count;
 *   - a profile (profile.top) is given only when every dimension is read, and
 *     never without the definition (the share answered cannot be checked);
 *   - flat ("peu différencié"): when the highest and the lowest dimension
 *     differ by less than BILAN_Q_FLAT_TENTHS (15 points of the 0-100 range,
 *     0.6 on a 1-to-5 scale; Holland's differentiation index), no profile is
 *     given and no dimension is called dominant;
 *   - ranking by exact mean; dimensions with the same exact mean are tied, and
 *     a tie is always said: inside the profile (listed in the definition's
 *     order) and across its last place (the code is then not unique);
 *     neighbours less than BILAN_Q_CLOSE_TENTHS apart (5 points, 0.2 on a
 *     1-to-5 scale) are said too close to order;
 *   - the mean is on the answer scale (reverse items turned), in tenths; the
 *     level words follow the absolute cut-offs of bilan_q_level: they compare
 *     the answers with the scale, not the person with other people.
 */
#define BILAN_Q_SHARE_NUM 3
#define BILAN_Q_SHARE_DEN 4
#define BILAN_Q_FLAT_TENTHS 150
#define BILAN_Q_CLOSE_TENTHS 50

enum bilan_q_profile_state {
	BILAN_Q_PROF_NONE,        /* the definition has no profile (or no dims) */
	BILAN_Q_PROF_NODEF,       /* definition unavailable: coverage unknown */
	BILAN_Q_PROF_INCOMPLETE,  /* some dimension has too few answers */
	BILAN_Q_PROF_FLAT,        /* peu différencié */
	BILAN_Q_PROF_CLEAR,       /* a code can be given */
};

struct bilan_q_reading_dim {
	int items;        /* items of the dimension in the definition, -1 unknown */
	int n;            /* answered */
	int need;         /* answers needed to read it, -1 unknown */
	bool read;        /* enough answers (or definition unknown and n > 0) */
	int mean_tenths;  /* mean on the answer scale, in tenths; -1 when none */
	int tenths;       /* percent of the range, in tenths; -1 when none */
};

struct bilan_q_reading {
	size_t ndims;                   /* = the result's dimensions */
	struct bilan_q_reading_dim *dims;
	size_t *order;                  /* read dimensions, highest first (ties
					 * in the result's order) */
	size_t norder;
	bool *tie_next;                 /* order[k] has the same mean as order[k+1] */
	bool *close_next;               /* order[k] within CLOSE of order[k+1] */
	size_t top;                     /* profile length wanted (0: none) */
	enum bilan_q_profile_state state;
	int spread_tenths;              /* highest - lowest read percent; -1 */
	size_t unread;                  /* dimensions with too few answers */
	char *code;                     /* the profile code when CLEAR */
	bool code_ambiguous;            /* last place tied with the next */
};
#define BILAN_Q_READING_INIT { \
	.ndims = 0, .dims = NULL, .order = NULL, .norder = 0, .tie_next = NULL, \
	.close_next = NULL, .top = 0, .state = BILAN_Q_PROF_NONE, .spread_tenths = -1, \
	.unread = 0, .code = NULL, .code_ambiguous = false }

/* Answers needed for a dimension of `items` items. */
int bilan_q_needed(int items);
/* Read result r with its definition q (may be NULL). */
void bilan_q_read(struct bilan_q_reading *out, const struct bilan_q_result *r,
		  const struct bilan_questionnaire *q);
void bilan_q_reading_clear(struct bilan_q_reading *rd);
/* Mean of raw over n on the answer scale, in tenths, rounded half up; -1
 * when n <= 0. */
int bilan_q_mean_tenths(long long raw, int n);

/* ------------------------------------------------------------------ */
/* Attempts compared (bilan test compare; questionnaire-compare.c)     */

struct bilan_q_compare_attempt {
	const struct bilan_q_result *r;   /* one of results (borrowed) */
	struct bilan_q_reading reading;   /* bilan_q_read of r with the definition */
	bool outdated;                    /* another version of the definition */
};
struct bilan_q_compare_dim {
	const char *id;                   /* borrowed from an attempt */
	const char *label;                /* of the latest attempt that has it, or NULL */
	/* per attempt (natt values), tenths, -1 when the attempt has none: */
	int *percent;                     /* the dimension's percent */
	int *mean;                        /* its mean (bilan_q_mean_tenths of raw) */
	int *read_mean;                   /* the reading's mean (-1: too few answers) */
};
struct bilan_q_compare {
	struct bilan_q_results results;   /* every attempt of the questionnaire */
	struct bilan_q_compare_attempt *att;   /* the ones compared, oldest first */
	size_t natt;
	struct bilan_q_compare_dim *dims; /* those of the latest attempt, then others */
	size_t ndims;
	bool profiles;                    /* some attempt has a profile to show */
	bool outdated;                    /* some attempt is outdated */
};

/* Compare the attempts of questionnaire qid in the workspace at ws_root:
 * all of them, or those named by attempts (record ids, or unique prefixes
 * or suffixes: bilan_prefix_resolve), with the definition q (may be NULL).
 * Fails with BILAN_ENOTFOUND when it was never taken and BILAN_EFAIL when
 * fewer than two attempts are left (each with a hint).  Clear *out even on
 * failure. */
int bilan_q_compare(struct bilan_q_compare *out, const char *ws_root, const char *qid,
		    const struct bilan_questionnaire *q, const char *const *attempts,
		    size_t nattempts, struct bilan_error *err);
void bilan_q_compare_clear(struct bilan_q_compare *c);


/* ------------------------------------------------------------------ */
/* Partial answers of an interrupted run                               */

struct bilan_q_partial {
	char *questionnaire;
	long long version;
	char sha256[BILAN_SHA256_HEX];
	struct bilan_time saved;
	size_t position;       /* index of the item to show next */
	size_t answered;       /* answers kept */
	size_t total;          /* items of the definition when saved */
};

/* Save (atomically, 0600, folders 0700) <gitdir>/bilan/partial/<id>.yaml. */
int bilan_q_partial_save(const char *gitdir, const struct bilan_questionnaire *q,
			 const struct bilan_q_answers *a, size_t position,
			 struct bilan_error *err);
/* Load the partial answers of q into *out (bilan_q_answers_init'ed by the
 * call): answers whose item still exists and is still in range are kept.
 * *same_def (may be NULL) tells whether q is the definition they were given
 * for.  BILAN_ENOTFOUND when there is none. */
int bilan_q_partial_load(struct bilan_q_answers *out, struct bilan_q_partial *info,
			 bool *same_def, const char *gitdir,
			 const struct bilan_questionnaire *q, struct bilan_error *err);
void bilan_q_partial_clear(struct bilan_q_partial *p);
/* Remove it (absent is not an error). */
int bilan_q_partial_remove(const char *gitdir, const char *qid, struct bilan_error *err);
/* Questionnaire ids with partial answers (unfinished questionnaires), sorted. */
int bilan_q_partial_list(struct bilan_strlist *out, const char *gitdir,
			 struct bilan_error *err);
/* Information of the partial of qid without a definition (reminders). */
int bilan_q_partial_info(struct bilan_q_partial *out, const char *gitdir,
			 const char *qid, struct bilan_error *err);

/* ------------------------------------------------------------------ */
/* Checksums                                                           */

/* SHA-256 (FIPS 180-4) of data as 64 lowercase hex digits. */
void bilan_sha256_hex(char out[BILAN_SHA256_HEX], const void *data, size_t len);

/* ------------------------------------------------------------------ */
/* Where the questionnaires stand (bilan status; questionnaire-status.c) */

struct bilan_q_taken {
	char *id;                 /* the questionnaire */
	size_t attempts;
	char last[32];            /* day of the latest attempt ("" unreadable) */
	char *profile;            /* the latest attempt's profile code the rules
				   * allow now (not the one recorded), or NULL */
};
struct bilan_q_unfinished {
	char *id;
	size_t answered, total;
};
struct bilan_q_status {
	struct bilan_q_taken *taken;           /* oldest id first */
	size_t ntaken;
	struct bilan_q_unfinished *unfinished; /* answers kept for resumption */
	size_t nunfinished;
};
/* Fill *out from the results under ws_root and the unfinished answers under
 * gitdir; broken files are skipped (bilan status reports them itself).
 * Reads files only: no repository. */
void bilan_q_status(struct bilan_q_status *out, const char *ws_root, const char *gitdir);
void bilan_q_status_clear(struct bilan_q_status *st);

/* The rows of 'bilan test list': the visible definitions of the catalogue,
 * then the questionnaires that have results only (a skill gap's, an old
 * one), each with its attempts, the day of the latest and the unfinished
 * answers kept.  ws_root NULL: outside a workspace (definitions only). */
struct bilan_q_list_row {
	const char *id;                   /* borrowed */
	const struct bilan_q_entry *e;    /* its definition, NULL: results only */
	size_t taken;                     /* attempts */
	char last[32];                    /* day of the latest attempt, or "" */
	char *title;                      /* no definition: the latest result's */
	bool unfinished;
	struct bilan_q_partial partial;   /* when unfinished */
};
struct bilan_q_list {
	struct bilan_q_catalog catalog;
	struct bilan_strlist result_ids, partials;
	struct bilan_q_list_row *v;
	size_t n;
};
/* Clear *out even on failure (the catalogue or the results unreadable). */
int bilan_q_list(struct bilan_q_list *out, const char *ws_root, const char *gitdir,
		 struct bilan_error *err);
void bilan_q_list_clear(struct bilan_q_list *l);

#endif
