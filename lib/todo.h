/* todo.h - the work agreed for the next séance (travail inter-séances):
 * todo/<id>.yaml, one file per item.
 *
 * File:
 *   text:    "Faire le test RIASEC"       (required)
 *   kind:    test | reflexion | recherche | enquete   (optional)
 *   due:     2026-12-01                   (a calendar day, optional)
 *   piste:   developpeur-web              (optional)
 *   status:  a-faire | fait
 *   created: 2026-11-27T10:00:00+01:00
 *   done:    2026-11-30T18:00:00+01:00    (when fait)
 *   by:      <id>                         (the journal entry or test result that did it)
 *   history: [{date, from, to, reason}]   (append-only, see record.h)
 * Ids come from bilan_id_new: the consultant adds items too, in their own
 * clone, and they arrive through the shared repository without clashing.
 *
 * An item is overdue when it is not done and its day is before today; due
 * this week when its day is today or later in the current ISO week.
 * Lists are ordered: overdue first (oldest first), then by due day, then the
 * items without a day (oldest first), done items last.
 */
#ifndef BILAN_TODO_H
#define BILAN_TODO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "errors.h"
#include "id.h"
#include "record.h"
#include "workspace.h"

#define BILAN_TODO_DIR "todo"

enum bilan_todo_kind {
	BILAN_TODO_TEST,
	BILAN_TODO_REFLEXION,
	BILAN_TODO_RECHERCHE,
	BILAN_TODO_ENQUETE,
};
extern const char *const bilan_todo_kind_names[];
/* Typed with or without accents ("réflexion"); -1 when unknown. */
int bilan_todo_kind_parse(enum bilan_todo_kind *out, const char *typed);

struct bilan_todo {
	struct bilan_record rec;     /* rec.name is the id */
	const char *text;            /* borrowed from rec.doc */
	bool has_kind;
	enum bilan_todo_kind kind;
	bool has_due;
	struct bilan_time due;       /* a calendar day */
	const char *piste;           /* or NULL */
	bool done;
	const char *done_at, *by, *created;  /* or NULL */
};

struct bilan_todos {
	struct bilan_todo *v;
	size_t n, alloc;
};
#define BILAN_TODOS_INIT { .v = NULL, .n = 0, .alloc = 0 }

/* Every item, sorted as above relative to now; broken files go to diags. */
int bilan_todos_load(struct bilan_todos *out, const struct bilan_ws *ws, int64_t now,
		     struct bilan_diags *diags, struct bilan_error *err);
void bilan_todos_clear(struct bilan_todos *l);
/* By id (prefix, random suffix: see record.h), else by words of the text
 * among the open items ("riasec" finds "Faire le test RIASEC" when it is the
 * only one; several are BILAN_EAMBIGUOUS, listed). */
int bilan_todo_find(struct bilan_todo **out, const struct bilan_todos *l,
		    const char *typed, struct bilan_error *err);

bool bilan_todo_overdue(const struct bilan_todo *t, int64_t now);
bool bilan_todo_due_this_week(const struct bilan_todo *t, int64_t now);

struct bilan_todo_new {
	const char *text;            /* required, non-empty */
	bool has_kind;
	enum bilan_todo_kind kind;
	bool has_due;
	struct bilan_time due;       /* has_time is ignored: the day is kept */
	const char *piste;           /* resolved slug or NULL */
	struct bilan_time when;
};

/* Build the file of a new item; out_id holds BILAN_ID_SIZE. */
int bilan_todo_build(struct bilan_node **out, char *out_id,
		     const struct bilan_todo_new *t, struct bilan_error *err);

/* Mark done at when, by the given record id (may be NULL).  Refused
 * (BILAN_EUSAGE) when already done. */
int bilan_todo_mark_done(struct bilan_todo *t, const struct bilan_time *when,
			 const char *by, struct bilan_error *err);

#endif
