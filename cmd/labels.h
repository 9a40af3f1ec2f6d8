/* labels.h - what the interface shows for a stored value: a translated
 * label ("en exploration", "réalisée"), never the value as stored
 * ("en-exploration", "realisee"); the French words are the reports' ones
 * (lib/report.c), the English ones their translation.  JSON keeps the
 * stored values. */
#ifndef BILAN_CMD_LABELS_H
#define BILAN_CMD_LABELS_H

#include <stddef.h>

#include "date.h"
#include "enquete.h"
#include "journal.h"
#include "piste.h"
#include "seance.h"
#include "todo.h"
#include "workspace.h"

const char *lbl_piste_status(enum bilan_piste_status s);
const char *lbl_enquete_status(enum bilan_enquete_status s);
const char *lbl_verdict(enum bilan_verdict v);
const char *lbl_seance_status(enum bilan_seance_status s);
const char *lbl_kind(enum bilan_entry_kind k);
const char *lbl_todo_kind(enum bilan_todo_kind k);
const char *lbl_phase(enum bilan_phase p);
/* The same from the value as stored (history entries); the value itself
 * when it is not one. */
const char *lbl_piste_status_str(const char *stored);
const char *lbl_enquete_status_str(const char *stored);
/* Dates and times for a person, in the messages' language (HACKING.md,
 * "Dates"): "2026-11-27 14:30" and "2026-11-27" in English, "27/11/2026
 * 14:30" and "27/11/2026" in French; in the workspace's zone (bilan_ws_open
 * makes it the process's).  JSON, files and commit subjects keep ISO 8601
 * (bilan_time_format_*).  buf holds 32 bytes. */
const char *lbl_date_short(char *buf, size_t size, const struct bilan_time *t);
const char *lbl_date_day(char *buf, size_t size, const struct bilan_time *t);
/* An ISO day ("2026-11-27") restyled in place for a person; returns it. */
char *lbl_day_str(char *iso);
/* The same as stored, for JSON and commit subjects: "2026-11-27 14:30"
 * with a time, "2026-11-27" without. */
const char *iso_when(char *buf, const struct bilan_time *t);
/* The stored value for an English word typed ("reflection", "set-aside",
 * "confirms", "preliminary": the English labels, spaces or dashes), else
 * typed itself: English speakers type kinds, statuses, verdicts and phases
 * in their language. */
const char *lbl_alias(const char *typed);
/* A stored value typed by name ("en-exploration", "conforte", a value of
 * the values questionnaire such as "securite", a funding "cpf"): its
 * label, or the value itself when it is none of them. */
const char *lbl_value(const char *stored);

#endif
