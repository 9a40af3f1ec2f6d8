/* fieldwork.h - what the commands of pistes, enquêtes, séances, to-do items,
 * phases and the end of the bilan share (cmd/fieldwork.c), and their lines
 * in 'bilan status'. */
#ifndef BILAN_CMD_FIELDWORK_H
#define BILAN_CMD_FIELDWORK_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "common.h"
#include "date.h"
#include "enquete.h"
#include "errors.h"
#include "workspace.h"

/* Print the problems of files that could not be read (as warnings: the
 * others are still shown) and free them. */
void fw_print_diags(struct bilan_diags *d);

/* The one exit rule of every list command for broken files (HACKING.md,
 * "Nothing lost"): what could be read is listed, each file that could not
 * is named FILE:LINE:COL on stderr, and the exit status is 1.  Called after
 * the listing with the problems gathered while loading (d, freed) and the
 * listing's own status rc; returns the status to exit with. */
int fw_list_end(struct bilan_diags *d, int rc);

/* A closed bilan refuses new work: prints the error, returns its exit
 * status, or 0 when the command may run. */
int fw_may_work(const struct bilan_ws *ws, enum bilan_work kind, const char *what);

/* How a verdict reads (the stored value stays conforte, nuance, infirme):
 * "confirms", "qualifies", "does not confirm" -- in French "conforte",
 * "nuance", "ne confirme pas" ("infirme" alone reads as "disabled"). */
const char *fw_verdict_label(enum bilan_verdict v);

/* Join argv[from..argc) with spaces; NULL when there is none.  Caller frees. */
char *fw_join_args(int argc, char **argv, int from);

/* Text for a record: from args (already joined, may be NULL), else standard
 * input when it is not a terminal, else the editor on a private temporary
 * file in .git/ filled with template (never with the lock held).  *out is
 * "" when nothing was written; BILAN_ECANCELLED when the editor failed.
 * *from_editor tells where it came from (may be NULL). */
int fw_read_text(char **out, bool *from_editor, const struct bilan_ws *ws,
		 const char *args, const char *template, struct bilan_error *err);

/* The short form of a record id for lists: its 4-character random suffix
 * when no other id has it, else the shortest unique prefix.  Writes to buf
 * (BILAN_ID_SIZE). */
const char *fw_short_id(char *buf, const char *id, const char *const *all, size_t n);

/* "2026-12-01 14:00" / "2026-12-01" in the local zone (buf of 32). */
const char *fw_when(char *buf, const struct bilan_time *t);

/* Parse a date typed for a future event (lean future) or for a day;
 * prints the error and returns the exit status, or 0. */
int fw_parse_date(struct bilan_time *out, const char *typed, bool future, bool day_only);

/* 'bilan status': the séances (hours used of 24, the next one), the pistes,
 * the to-do items overdue and due this week, and the retention of a closed
 * bilan.  Text to stdout, or into the JSON object o. */
void fw_status_text(const struct bilan_ws *ws);
void fw_status_json(const struct bilan_ws *ws, json_t *o);

#endif
