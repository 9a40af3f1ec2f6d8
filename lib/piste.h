/* piste.h - career hypotheses (pistes): pistes/<slug>.yaml.
 *
 * A piste is a hypothesis about a job or a direction that the bilan tests
 * against reality (documentary research, enquêtes métier).  File:
 *   title:   "Développeuse web"              (required)
 *   rome:    [M1805]                          (ROME 4.0 codes, optional)
 *   why:     "ce qui m'attire"                (optional)
 *   status:  a-explorer                       (see below)
 *   created: 2026-11-27T10:00:00+01:00
 *   history: [{date, from, to, reason}]       (append-only, see record.h)
 * The slug (file name) comes from the title (bilan_slugify, made unique) and
 * never changes.
 *
 * Statuses: a-explorer, en-exploration, validee, ecartee, en-attente.
 * Transitions (bilan_piste_transition_check):
 *   - forward moves are free: a-explorer -> en-exploration | validee |
 *     ecartee | en-attente; en-exploration -> validee | ecartee | en-attente;
 *   - en-attente (paused) goes back to any open state or to a decision;
 *   - en-exploration -> a-explorer is refused (pause it: en-attente);
 *   - validee and ecartee are decisions: leaving them (reopening a piste)
 *     needs force, and a reason;
 *   - validee and ecartee always need a reason; setting the current status
 *     again is refused.
 */
#ifndef BILAN_PISTE_H
#define BILAN_PISTE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "date.h"
#include "errors.h"
#include "id.h"
#include "record.h"
#include "workspace.h"

#define BILAN_PISTE_DIR "pistes"

enum bilan_piste_status {
	BILAN_PISTE_A_EXPLORER,
	BILAN_PISTE_EN_EXPLORATION,
	BILAN_PISTE_VALIDEE,
	BILAN_PISTE_ECARTEE,
	BILAN_PISTE_EN_ATTENTE,
};
#define BILAN_PISTE_NSTATUS 5

/* "a-explorer", ... NULL-terminated, in enum order. */
extern const char *const bilan_piste_status_names[];

/* Typed with or without accents ("écartée", "En exploration"); -1 if none. */
int bilan_piste_status_parse(enum bilan_piste_status *out, const char *typed);
const char *bilan_piste_status_name(enum bilan_piste_status s);

struct bilan_piste {
	struct bilan_record rec;     /* rec.name is the slug */
	const char *title;           /* borrowed from rec.doc */
	const char *why;             /* NULL when absent */
	const char *created;         /* NULL when absent */
	struct bilan_strlist rome;   /* codes (owned copies) */
	enum bilan_piste_status status;
};

struct bilan_pistes {
	struct bilan_piste *v;
	size_t n, alloc;
};
#define BILAN_PISTES_INIT { .v = NULL, .n = 0, .alloc = 0 }

/* Every piste, sorted by slug; broken files go to diags (see record.h), and
 * a file whose title or status is missing or wrong too (FILE:LINE:COL). */
int bilan_pistes_load(struct bilan_pistes *out, const struct bilan_ws *ws,
		      struct bilan_diags *diags, struct bilan_error *err);
void bilan_pistes_clear(struct bilan_pistes *l);

/* Resolve a typed slug (prefix, or the title typed as is) among l.
 * BILAN_ENOTFOUND with a hint naming the closest piste. */
int bilan_piste_find(struct bilan_piste **out, const struct bilan_pistes *l,
		     const char *typed, struct bilan_error *err);

/* Check a status change; 0 when allowed, else BILAN_EUSAGE with a message
 * saying why and a hint (the allowed targets, --force, --reason). */
int bilan_piste_transition_check(enum bilan_piste_status from,
				 enum bilan_piste_status to, bool has_reason,
				 bool force, struct bilan_error *err);

struct bilan_piste_new {
	const char *title;           /* required, non-empty */
	const char *const *rome;     /* normalised codes ("M1805"), n_rome of them */
	size_t n_rome;
	const char *why;             /* may be NULL */
	struct bilan_time when;      /* creation time */
};

/* Build the file of a new piste and choose its slug (unique among l);
 * out_slug holds BILAN_SLUG_MAX + 1.  *out is the caller's. */
int bilan_piste_build(struct bilan_node **out, char *out_slug,
		      const struct bilan_pistes *l, const struct bilan_piste_new *p,
		      struct bilan_error *err);

/* Change the status in p's document (status and a history entry; with
 * force, "forced: true" in it).  The caller has checked the transition and
 * writes rec.doc->root back with bilan_ws_write. */
void bilan_piste_set_status(struct bilan_piste *p, enum bilan_piste_status to,
			    const struct bilan_time *when, const char *reason,
			    bool forced);

/* The reason of the last history entry that moved to the current status,
 * or NULL. */
const char *bilan_piste_last_reason(const struct bilan_piste *p);

#endif
