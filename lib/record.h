/* record.h - one YAML file per record in a folder of the workspace
 * (pistes/, enquetes/, seances/, todo/, private/contacts/): loading a folder,
 * resolving what a person typed, domain values typed with or without
 * accents, and the append-only status history kept inside each file.
 *
 * A record is named by its file: "<folder>/<name>.yaml", name being a slug or
 * an id (id.h).  Only files directly in the folder are records; the file is
 * kept as loaded (struct bilan_doc) so that a rewrite changes the keys it
 * means to change and keeps every other key (a consultant's additions, a
 * newer bilan's keys) in place.
 *
 * History: a sequence "history" of mappings {date, from, to, reason} that
 * commands only ever append to; the first entry of a record (its creation)
 * has no "from".  Dates are ISO 8601 with offset (date.h).
 */
#ifndef BILAN_RECORD_H
#define BILAN_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "errors.h"
#include "workspace.h"
#include "yaml-tree.h"

struct bilan_record {
	char *name;              /* file name without ".yaml" */
	char *rel;               /* "<folder>/<name>.yaml" */
	struct bilan_doc *doc;   /* the file as loaded (root is a mapping) */
};

struct bilan_records {
	struct bilan_record *v;
	size_t n, alloc;
};
#define BILAN_RECORDS_INIT { .v = NULL, .n = 0, .alloc = 0 }

/* Load every <folder>/<name>.yaml of the workspace, sorted by name.  A missing
 * folder is empty.  A file that cannot be read, is not valid YAML or whose
 * root is not a mapping is reported in diags (as an error, with
 * FILE:LINE:COL) and left out: one broken file never hides the others.
 * Fails only when the folder itself cannot be read. */
int bilan_records_load(struct bilan_records *out, const struct bilan_ws *ws,
		       const char *folder, struct bilan_diags *diags,
		       struct bilan_error *err);
/* Load one record; BILAN_ENOTFOUND when the file does not exist. */
int bilan_record_load(struct bilan_record *out, const struct bilan_ws *ws,
		      const char *folder, const char *name, struct bilan_error *err);
void bilan_record_clear(struct bilan_record *r);
void bilan_records_clear(struct bilan_records *l);

/* Names of the records, for prefix resolution (borrowed, n entries). */
const char **bilan_records_names(const struct bilan_records *l);

/* Resolve a typed name among names (see bilan_prefix_resolve: exact, then
 * unique prefix, then unique prefix of an id's random suffix); when nothing
 * matches, the slug of what was typed is tried too ("Développeur web" finds
 * "developpeur-web"), then its words: the one name holding every word of
 * two letters or more ("acme" or "lead-acme" finds
 * "developpeuse-web-lead-dev-acme"; several are BILAN_EAMBIGUOUS, listed).
 * A BILAN_ENOTFOUND error carries a "did you mean" hint naming the closest
 * name.  Records named by ids (id.h) are resolved by prefix only.
 * what names the kind ("piste"). */
int bilan_record_resolve(size_t *out_index, const char *const *names, size_t n,
			 const char *typed, const char *what, struct bilan_error *err);

/* Match a typed domain value against names (French words written with '-'):
 * case, accents, spaces and '_' do not matter ("Écartée", "en exploration",
 * "EN_ATTENTE").  Returns the index or -1. */
int bilan_value_parse(const char *const *names, const char *typed);

/* Append {date, from, to, reason} to root's "history" (created when missing).
 * from and reason may be NULL (left out).  Returns the new entry so a caller
 * can add keys (e.g. "forced: true"). */
struct bilan_node *bilan_history_append(struct bilan_node *root,
					const struct bilan_time *when,
					const char *from, const char *to,
					const char *reason);

/* A string of the record, or NULL when absent, null or not a scalar. */
const char *bilan_record_str(const struct bilan_record *r, const char *key);

/* Parse a stored date ("2026-11-27T14:30:00+01:00" or "2026-11-27") at key;
 * false when absent or not a date. */
bool bilan_record_time(const struct bilan_record *r, const char *key,
		       struct bilan_time *out);

/* The ISO form of t (buf holds BILAN_TIME_ISO_MAX), for storing. */
const char *bilan_iso(char *buf, const struct bilan_time *t);

#endif
