/* enquete.h - enquêtes métier (informational interviews): enquetes/<slug>.yaml
 * and the interviewee's contact details apart in private/contacts/<slug>.yaml.
 *
 * File (enquetes/<slug>.yaml):
 *   piste:        developpeur-web             (slug of the piste, required)
 *   role:         "Lead développeuse"         (optional)
 *   organisation: "Acme"                      (optional)
 *   channel:      "réseau"                    (how the contact was found, free text)
 *   contact:      <slug>                      (present when private/contacts/<slug>.yaml
 *                                              holds the person's details)
 *   status:       a-contacter
 *   date:         2026-12-03T14:00:00+01:00   (the interview, once planned or held)
 *   created:      ...
 *   history:      [{date, from, to, reason}]  (append-only, see record.h)
 *   outcome:      {verdict, date, confirmed, surprised, attention, notes}
 * The slug comes from the piste, the role and the organisation -- never from
 * the person's name, which is personal data of a third party: the name, phone,
 * e-mail and the contacts they suggest live only in the private contacts file
 * (private/ is never shared and never appears in a commit message).
 *
 * Statuses, in order: a-contacter, contactee, planifiee, realisee, abandonnee.
 * A change moves forward only (skipping steps is allowed), never back;
 * realisee and abandonnee are final.  realisee is reached through the
 * outcome (bilan_enquete_set_outcome), which needs a verdict.
 * Verdicts: conforte (the picture holds), nuance (it holds with changes),
 * infirme (it does not).
 */
#ifndef BILAN_ENQUETE_H
#define BILAN_ENQUETE_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "errors.h"
#include "id.h"
#include "piste.h"
#include "record.h"
#include "workspace.h"

#define BILAN_ENQUETE_DIR "enquetes"
#define BILAN_CONTACT_DIR "private/contacts"

enum bilan_enquete_status {
	BILAN_ENQUETE_A_CONTACTER,
	BILAN_ENQUETE_CONTACTEE,
	BILAN_ENQUETE_PLANIFIEE,
	BILAN_ENQUETE_REALISEE,
	BILAN_ENQUETE_ABANDONNEE,
};
#define BILAN_ENQUETE_NSTATUS 5

enum bilan_verdict {
	BILAN_VERDICT_CONFORTE,
	BILAN_VERDICT_NUANCE,
	BILAN_VERDICT_INFIRME,
};
#define BILAN_NVERDICT 3

/* NULL-terminated, in enum order. */
extern const char *const bilan_enquete_status_names[];
extern const char *const bilan_verdict_names[];

/* Typed with or without accents; -1 when unknown. */
int bilan_enquete_status_parse(enum bilan_enquete_status *out, const char *typed);
int bilan_verdict_parse(enum bilan_verdict *out, const char *typed);
const char *bilan_enquete_status_name(enum bilan_enquete_status s);
const char *bilan_verdict_name(enum bilan_verdict v);

struct bilan_enquete {
	struct bilan_record rec;     /* rec.name is the slug */
	const char *piste;           /* borrowed from rec.doc */
	const char *role, *organisation, *channel, *contact, *created;  /* or NULL */
	enum bilan_enquete_status status;
	bool has_date;
	struct bilan_time date;
	bool has_verdict;
	enum bilan_verdict verdict;
};

struct bilan_enquetes {
	struct bilan_enquete *v;
	size_t n, alloc;
};
#define BILAN_ENQUETES_INIT { .v = NULL, .n = 0, .alloc = 0 }

/* Every enquête sorted by slug; broken files go to diags. */
int bilan_enquetes_load(struct bilan_enquetes *out, const struct bilan_ws *ws,
			struct bilan_diags *diags, struct bilan_error *err);
void bilan_enquetes_clear(struct bilan_enquetes *l);
int bilan_enquete_find(struct bilan_enquete **out, const struct bilan_enquetes *l,
		       const char *typed, struct bilan_error *err);

/* When the verdict was recorded (outcome.date): true and *out in seconds,
 * false when there is none. */
bool bilan_enquete_verdict_time(int64_t *out, const struct bilan_enquete *e);

/* Is the status of piste p in question?  The latest of l's enquêtes on p
 * held with the verdict infirme ("ne confirme pas") and recorded at or
 * after the piste's last status change (its last history entry, else its
 * creation), while the piste is not ecartee; NULL when none.  Setting the
 * status again (even to the same decision, with a reason) answers it. */
const struct bilan_enquete *bilan_piste_unconfirmed(const struct bilan_piste *p,
						    const struct bilan_enquetes *l);

/* A short human label: "role — organisation", either alone, or NULL. Caller frees. */
char *bilan_enquete_label(const struct bilan_enquete *e);

struct bilan_enquete_new {
	const char *piste;           /* resolved slug */
	const char *role, *organisation, *channel;   /* may be NULL */
	bool has_date;               /* the interview is planned */
	struct bilan_time date;
	struct bilan_time when;      /* now */
	/* the interviewee: personal data, stored only in the contacts file */
	const char *name, *phone, *email;
};

/* Check a typed phone number / e-mail address: BILAN_EUSAGE when it cannot be
 * one (a phone has 6 to 20 digits, and only digits, spaces, + . - ( );
 * an e-mail is something@something without spaces). */
int bilan_contact_phone_check(const char *phone, struct bilan_error *err);
int bilan_contact_email_check(const char *email, struct bilan_error *err);

/* Build a new enquête: its file, its slug (from piste, role, organisation;
 * unique among l) and, when a name, phone or e-mail is given, the contacts
 * file (*out_contact, else NULL).  The status is planifiee when a date is
 * given, else a-contacter.  out_slug holds BILAN_SLUG_MAX + 1. */
int bilan_enquete_build(struct bilan_node **out, struct bilan_node **out_contact,
			char *out_slug, const struct bilan_enquetes *l,
			const struct bilan_enquete_new *e, struct bilan_error *err);

/* Check a status change (see above); BILAN_EUSAGE with a hint when refused.
 * to == realisee is refused here (it needs the outcome: bilan enquete done). */
int bilan_enquete_transition_check(enum bilan_enquete_status from,
				   enum bilan_enquete_status to,
				   struct bilan_error *err);

/* Change the status in e's document, with a history entry; date (may be
 * NULL) sets the interview date. */
void bilan_enquete_set_status(struct bilan_enquete *e, enum bilan_enquete_status to,
			      const struct bilan_time *when, const char *reason,
			      const struct bilan_time *date);

/* The notes written after an interview (owned strings, NULL when empty). */
struct bilan_enquete_notes {
	char *confirmed;   /* what confirmed the picture of the job */
	char *surprised;   /* what surprised */
	char *attention;   /* points of attention */
	char *suggested;   /* contacts suggested: personal data, private file only */
	char *notes;       /* anything else */
};
void bilan_enquete_notes_clear(struct bilan_enquete_notes *n);
bool bilan_enquete_notes_empty(const struct bilan_enquete_notes *n);

/* The editor template: French headings ("## Ce qui confirme ...") and
 * comment lines starting with a single '#'.  Caller frees. */
char *bilan_enquete_notes_template(const char *piste_title, const char *label);
/* Read notes written in the template's form (or any text): lines starting
 * with "##" open a section, recognised by its words (confirm, surpri,
 * vigilance/attention, contact, note/autre); lines starting with a single '#'
 * are dropped; text before any heading, or under an unknown heading, goes
 * to notes.  Sections are trimmed of blank lines. */
void bilan_enquete_notes_parse(struct bilan_enquete_notes *out, const char *text);

/* Record the outcome: verdict, date held, notes (not the suggested contacts),
 * status realisee with a history entry.  The enquête must not be final. */
void bilan_enquete_set_outcome(struct bilan_enquete *e, enum bilan_verdict v,
			       const struct bilan_time *held,
			       const struct bilan_enquete_notes *notes,
			       const struct bilan_time *when);

/* The contacts file of an enquête, built or updated: sets name, phone, email
 * when given (non-NULL) and appends suggested contacts (with the date).
 * contact may be NULL (a new mapping is made and returned) or the loaded
 * root, changed in place and returned. */
struct bilan_node *bilan_contact_update(struct bilan_node *contact, const char *slug,
					const char *name, const char *phone,
					const char *email, const char *suggested,
					const struct bilan_time *when);

#endif
