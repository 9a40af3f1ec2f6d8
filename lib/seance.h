/* seance.h - meetings with the consultant (séances): seances/<id>.yaml.
 *
 * File:
 *   date:     2026-12-01T14:00:00+01:00   (planned, or when it took place)
 *   duration: 2h                          (planned length)
 *   phase:    investigation               (phase of the bilan it belongs to)
 *   subject:  "Restitution des tests"     (optional)
 *   status:   prevue | realisee | annulee
 *   created:  ...
 *   attendance:                           (when realisee: the proof of attendance)
 *     duration: 1h45                      (the time actually spent)
 *     beneficiaire:                       (format 3: each party confirms
 *       confirmed_at: 2026-12-01T16:05:00+01:00   for themselves, owner.h)
 *       name: Camille Martin
 *     consultant:
 *       confirmed_at: 2026-12-01T16:20:00+01:00
 *       name: Sophie Durand
 *   (format 2 wrote the beneficiary's as confirmed: true, confirmed_at,
 *   confirmed_by directly under attendance; 'bilan upgrade' moves them)
 *   journal:  <id>                        (the key-takeaways journal entry)
 *   history:  [{date, from, to, reason}]  (append-only, see record.h)
 * Ids come from bilan_id_new (the consultant creates séances too).
 *
 * The law caps a bilan at 24 hours (L6313-4): the hours used are the sum of
 * the attended durations; a séance that would take the total (attended,
 * plus the planned séances still to come when planning) past
 * BILAN_SEANCE_MAX_MINUTES is refused unless forced, and the commands warn
 * from BILAN_SEANCE_WARN_MINUTES.
 */
#ifndef BILAN_SEANCE_H
#define BILAN_SEANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "errors.h"
#include "id.h"
#include "owner.h"
#include "record.h"
#include "workspace.h"

#define BILAN_SEANCE_DIR "seances"
#define BILAN_SEANCE_MAX_MINUTES (24 * 60)
#define BILAN_SEANCE_WARN_MINUTES (20 * 60)
#define BILAN_SEANCE_DEFAULT_MINUTES 120

enum bilan_seance_status {
	BILAN_SEANCE_PREVUE,
	BILAN_SEANCE_REALISEE,
	BILAN_SEANCE_ANNULEE,
};
extern const char *const bilan_seance_status_names[];
const char *bilan_seance_status_name(enum bilan_seance_status s);

struct bilan_seance {
	struct bilan_record rec;     /* rec.name is the id */
	struct bilan_time date;
	int planned;                 /* minutes */
	int attended;                /* minutes, when realisee */
	enum bilan_phase phase;
	const char *subject;         /* borrowed, or NULL */
	const char *journal;         /* takeaways entry id, or NULL */
	const char *confirmed_at;    /* the beneficiary's confirmation, or NULL */
	struct {
		const char *at, *by;     /* borrowed, or NULL */
	} confirm[2];                /* by enum bilan_party */
	enum bilan_seance_status status;
};

struct bilan_seances {
	struct bilan_seance *v;
	size_t n, alloc;
};
#define BILAN_SEANCES_INIT { .v = NULL, .n = 0, .alloc = 0 }

/* Every séance, sorted by date (then id); broken files go to diags. */
int bilan_seances_load(struct bilan_seances *out, const struct bilan_ws *ws,
		       struct bilan_diags *diags, struct bilan_error *err);
void bilan_seances_clear(struct bilan_seances *l);
/* By id prefix (or random suffix). */
int bilan_seance_find(struct bilan_seance **out, const struct bilan_seances *l,
		      const char *typed, struct bilan_error *err);

/* Minutes attended (realisee) / planned and still to come (prevue). */
int bilan_seances_attended(const struct bilan_seances *l);
int bilan_seances_planned(const struct bilan_seances *l);

/* The next planned séance at or after now, or NULL. */
const struct bilan_seance *bilan_seance_next(const struct bilan_seances *l, int64_t now);
/* The séance status, remind and reports announce: the next planned one;
 * once the bilan is closed, only a follow-up séance (phase terminee, as
 * planned after the closing) -- the others were left behind by the end. */
const struct bilan_seance *bilan_seance_next_announced(const struct bilan_seances *l,
						       int64_t now, bool closed);
/* The séance 'seance done' means without an id: the latest planned one
 * whose day is today or before, or NULL. */
struct bilan_seance *bilan_seance_due(const struct bilan_seances *l, int64_t now);

/* Would adding minutes to used pass the legal maximum?  BILAN_ECONFLICT
 * with the figures (and a hint about --force) when it would. */
/* Record in a séance's root why it goes past the 24-hour maximum (--force
 * --reason): over_cap: {reason, date}. */
void bilan_seance_note_over_cap(struct bilan_node *root, const char *reason,
				const struct bilan_time *now);
int bilan_seance_cap_check(int used, int minutes, bool planning,
			   struct bilan_error *err);

/* Build the file of a new séance (status prevue); out_id holds BILAN_ID_SIZE. */
struct bilan_node *bilan_seance_build(char *out_id, const struct bilan_time *date,
				      int minutes, enum bilan_phase phase,
				      const char *subject, const struct bilan_time *now);

/* Record that the séance took place: status realisee, its attendance
 * (party's own confirmation, now, by who, for minutes; the other
 * party's is kept; a séance already realisee keeps its date and time), the date it took place (NULL keeps
 * the planned one), the journal entry id (NULL: none), a history entry. */
void bilan_seance_mark_done(struct bilan_seance *s, int minutes,
			    const struct bilan_time *held, enum bilan_party party, const char *who,
			    const char *journal_id, const struct bilan_time *now);
/* 'seance done' (seance-done.c): a séance recorded as attended by this
 * copy's party, with its takeaways in a journal entry, in two steps so
 * that the takeaways can be asked for in between, without the lock:
 * bilan_seance_done_check decides which séance and whether it may be
 * recorded, bilan_seance_done_write (inside bilan_ws_begin ...
 * bilan_ws_commit) checks again under the lock and writes the séance and
 * the entry.  What they refuse for a reason the caller words (it shows
 * labels and dates) comes back as BILAN_EUSAGE with d->refusal set and err
 * left empty; every other failure fills err. */
struct bilan_seance_done_req {
	const char *typed;            /* the séance (id prefix), NULL: the one due */
	int minutes;                  /* 0: as planned (as attended, again) */
	bool has_held;                /* held: when it took place (--date) */
	struct bilan_time held;
	bool force;                   /* past the 24-hour maximum */
	const char *reason;           /* why past it (with force) */
	struct bilan_time now;
};
enum bilan_seance_done_refusal {
	BILAN_SEANCE_DONE_OK,
	BILAN_SEANCE_DONE_NONE_DUE,   /* no séance named, none due, no duration */
	BILAN_SEANCE_DONE_ALREADY,    /* cancelled, or this party confirmed it */
	BILAN_SEANCE_DONE_LATER,      /* planned for later than in an hour, no --date */
};
struct bilan_seance_done {
	enum bilan_seance_done_refusal refusal;
	char *id;                     /* the séance, NULL: one not planned (made
				       * by bilan_seance_done_write) */
	char *subject;                /* its subject, or NULL */
	enum bilan_seance_status status;   /* ALREADY: its status */
	struct bilan_time planned;    /* LATER: its date */
	int minutes;                  /* attended */
	struct bilan_time held;       /* when it took place */
	bool over;                    /* past the 24-hour maximum (force) */
	enum bilan_party party;       /* who confirms */
	/* after bilan_seance_done_write */
	char entry_id[BILAN_ID_SIZE]; /* the takeaways' entry, "" without */
	int attended;                 /* minutes attended in all, this one's included */
};
#define BILAN_SEANCE_DONE_INIT { .refusal = BILAN_SEANCE_DONE_OK, .id = NULL, \
	.subject = NULL, .status = BILAN_SEANCE_PREVUE, \
	.planned = { .t = 0, .offset = 0, .has_time = false }, .minutes = 0, \
	.held = { .t = 0, .offset = 0, .has_time = false }, .over = false, \
	.party = BILAN_PARTY_BENEFICIARY, .entry_id = "", .attended = 0 }
int bilan_seance_done_check(struct bilan_seance_done *out, const struct bilan_ws *ws,
			    const struct bilan_seance_done_req *req, struct bilan_error *err);
/* takeaways: the entry's text (first line its title), NULL: no entry. */
int bilan_seance_done_write(struct bilan_seance_done *d, struct bilan_ws *ws,
			    const struct bilan_seance_done_req *req, const char *takeaways,
			    struct bilan_error *err);
void bilan_seance_done_clear(struct bilan_seance_done *d);

/* Cancel a planned séance (reason may be NULL). */
void bilan_seance_cancel(struct bilan_seance *s, const char *reason,
			 const struct bilan_time *now);


#endif
