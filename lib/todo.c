/* todo.c - inter-session work items (see todo.h). */
#include "todo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

const char *const bilan_todo_kind_names[] = {
	"test", "reflexion", "recherche", "enquete", NULL,
};

static const char *const status_names[] = { "a-faire", "fait", NULL };

int bilan_todo_kind_parse(enum bilan_todo_kind *out, const char *typed)
{
	int i = bilan_value_parse(bilan_todo_kind_names, typed);
	if (i >= 0)
		*out = (enum bilan_todo_kind)i;
	return i;
}

void bilan_todos_clear(struct bilan_todos *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		bilan_record_clear(&l->v[i].rec);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int todo_parse(struct bilan_todo *t, struct bilan_record *r,
		      struct bilan_error *err)
{
	const struct bilan_doc *doc = r->doc;
	const struct bilan_node *root = doc->root;
	const char *kind = NULL, *due = NULL, *status = NULL;
	struct bilan_node *hist = NULL;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((rc = bilan_get_str(doc, root, "text", true, &t->text, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "kind", false, &kind, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "due", false, &due, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "piste", false, &t->piste, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "status", true, &status, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "done", false, &t->done_at, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "by", false, &t->by, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "created", false, &t->created, err)) < 0 ||
	    (rc = bilan_get_seq(doc, root, "history", false, &hist, err)) < 0)
		return rc;
	if (kind) {
		if (bilan_todo_kind_parse(&t->kind, kind) < 0)
			return bilan_node_error(err, doc, bilan_map_get(root, "kind"),
						_("unknown kind '%s' (valid: %s)"), kind,
						"test, reflexion, recherche, enquete");
		t->has_kind = true;
	}
	if (due) {
		if (!bilan_time_parse_iso(&t->due, due))
			return bilan_node_error(err, doc, bilan_map_get(root, "due"),
						_("expected a date like 2026-11-27, got '%s'"), due);
		t->has_due = true;
	}
	int st = bilan_value_parse(status_names, status);
	if (st < 0)
		return bilan_node_error(err, doc, bilan_map_get(root, "status"),
					_("unknown to-do status '%s' (valid: %s)"), status,
					"a-faire, fait");
	t->done = st == 1;
	t->rec = *r;
	memset(r, 0, sizeof(*r));
	return 0;
}

static int64_t due_day(const struct bilan_todo *t)
{
	return bilan_day_start(t->due.t);
}

bool bilan_todo_overdue(const struct bilan_todo *t, int64_t now)
{
	return !t->done && t->has_due && due_day(t) < bilan_day_start(now);
}

bool bilan_todo_due_this_week(const struct bilan_todo *t, int64_t now)
{
	if (t->done || !t->has_due)
		return false;
	int64_t d = due_day(t);
	int64_t next_week = bilan_day_start(bilan_week_start(now) + 7 * 86400 + 12 * 3600);
	return d >= bilan_day_start(now) && d < next_week;
}

static int64_t sort_now;

static int rank(const struct bilan_todo *t)
{
	if (t->done)
		return 3;
	if (bilan_todo_overdue(t, sort_now))
		return 0;
	return t->has_due ? 1 : 2;
}

static int by_urgency(const void *a, const void *b)
{
	const struct bilan_todo *x = a, *y = b;
	int rx = rank(x), ry = rank(y);
	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (rx < 2 && due_day(x) != due_day(y))
		return due_day(x) < due_day(y) ? -1 : 1;
	/* ids sort by creation time */
	return strcmp(x->rec.name, y->rec.name);
}

int bilan_todos_load(struct bilan_todos *out, const struct bilan_ws *ws, int64_t now,
		     struct bilan_diags *diags, struct bilan_error *err)
{
	struct bilan_records recs = BILAN_RECORDS_INIT;
	memset(out, 0, sizeof(*out));
	int rc = bilan_records_load(&recs, ws, BILAN_TODO_DIR, diags, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < recs.n; i++) {
		struct bilan_todo t;
		struct bilan_error perr = BILAN_ERROR_INIT;
		if (todo_parse(&t, &recs.v[i], &perr) < 0) {
			if (diags) {
				snprintf(perr.file, sizeof(perr.file), "%s", recs.v[i].rel);
				bilan_diags_add_error(diags, &perr);
			}
			continue;
		}
		BILAN_ALLOC_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n++] = t;
	}
	bilan_records_clear(&recs);
	sort_now = now;
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), by_urgency);
	return 0;
}

int bilan_todo_find(struct bilan_todo **out, const struct bilan_todos *l,
		    const char *typed, struct bilan_error *err)
{
	const char **names = bilan_xcalloc(l->n + 1, sizeof(*names));
	for (size_t i = 0; i < l->n; i++)
		names[i] = l->v[i].rec.name;
	size_t idx = 0;
	struct bilan_error first = BILAN_ERROR_INIT;
	int rc = bilan_record_resolve(&idx, names, l->n, typed, _("to-do item"), &first);
	free(names);
	if (rc == 0) {
		*out = &l->v[idx];
		return 0;
	}
	if (rc == BILAN_ENOTFOUND && typed && *typed) {
		/* words of the text, among the open items */
		char *want = bilan_text_fold(typed);
		size_t found = 0;
		struct bilan_buf list = BILAN_BUF_INIT;
		for (size_t i = 0; i < l->n; i++) {
			if (l->v[i].done)
				continue;
			char *f = bilan_text_fold(l->v[i].text);
			if (bilan_text_contains(f, want)) {
				if (found++ == 0)
					idx = i;
				if (found <= 10)
					bilan_buf_printf(&list, "%s%s  %s", found > 1 ? "\n" : "",
							 l->v[i].rec.name, l->v[i].text);
			}
			free(f);
		}
		free(want);
		if (found == 1) {
			bilan_buf_clear(&list);
			*out = &l->v[idx];
			return 0;
		}
		if (found > 1) {
			bilan_error_set(err, BILAN_EAMBIGUOUS, _("%s '%s' is ambiguous"),
					_("to-do item"), typed);
			bilan_error_hint(err, "%s", bilan_buf_cstr(&list));
			bilan_buf_clear(&list);
			return BILAN_EAMBIGUOUS;
		}
		bilan_buf_clear(&list);
	}
	if (err)
		*err = first;
	return rc;
}

int bilan_todo_build(struct bilan_node **out, char *out_id,
		     const struct bilan_todo_new *t, struct bilan_error *err)
{
	*out = NULL;
	if (!t->text || !*t->text)
		return bilan_error_set(err, BILAN_EUSAGE, _("a to-do item needs a text"));
	if (!bilan_utf8_valid(t->text, strlen(t->text), NULL))
		return bilan_error_set(err, BILAN_EUSAGE, _("the text is not valid UTF-8"));
	char iso[BILAN_TIME_ISO_MAX];
	bilan_id_new(out_id, t->when.t);
	struct bilan_node *root = bilan_node_map();
	bilan_map_set_str(root, "text", t->text);
	if (t->has_kind)
		bilan_map_set_str(root, "kind", bilan_todo_kind_names[t->kind]);
	if (t->has_due) {
		struct bilan_time day = t->due;
		day.has_time = false;
		bilan_map_set_str(root, "due", bilan_iso(iso, &day));
	}
	if (t->piste)
		bilan_map_set_str(root, "piste", t->piste);
	bilan_map_set_str(root, "status", "a-faire");
	bilan_map_set_str(root, "created", bilan_iso(iso, &t->when));
	bilan_history_append(root, &t->when, NULL, "a-faire", NULL);
	*out = root;
	return 0;
}

int bilan_todo_mark_done(struct bilan_todo *t, const struct bilan_time *when,
			 const char *by, struct bilan_error *err)
{
	if (t->done)
		return bilan_error_set(err, BILAN_EUSAGE, _("this item is already done"));
	struct bilan_node *root = t->rec.doc->root;
	char iso[BILAN_TIME_ISO_MAX];
	bilan_history_append(root, when, "a-faire", "fait", NULL);
	bilan_map_set_str(root, "status", "fait");
	bilan_map_set_str(root, "done", bilan_iso(iso, when));
	if (by)
		bilan_map_set_str(root, "by", by);
	t->done = true;
	t->done_at = bilan_map_str(root, "done");
	t->by = bilan_map_str(root, "by");
	return 0;
}
