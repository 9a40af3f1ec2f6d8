/* closing.c - what is left before the end of the bilan (see closing.h). */
#include "closing.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fs.h"
#include "journal.h"
#include "questionnaire.h"
#include "seance.h"
#include "todo.h"

static struct bilan_close_item *add(struct bilan_close_left *l, enum bilan_close_what what,
				    const char *id, const char *text,
				    const struct bilan_time *when)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 8;
		l->v = bilan_xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	struct bilan_close_item *it = &l->v[l->n++];
	memset(it, 0, sizeof(*it));
	it->what = what;
	it->id = id ? bilan_xstrdup(id) : NULL;
	it->text = text && *text ? bilan_xstrdup(text) : NULL;
	if (when) {
		it->has_when = true;
		it->when = *when;
	}
	return it;
}

static void take_diags(struct bilan_close_left *l, const struct bilan_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		bilan_diags_add(&l->diags, d->v[i].severity, d->v[i].file, d->v[i].line,
				d->v[i].col, "%s", d->v[i].message);
}

int bilan_close_left(struct bilan_close_left *out, const struct bilan_ws *ws,
		     int64_t now, struct bilan_error *err)
{
	struct bilan_close_left l = BILAN_CLOSE_LEFT_INIT;
	struct bilan_todos todos = BILAN_TODOS_INIT;
	struct bilan_seances seances = BILAN_SEANCES_INIT;
	struct bilan_journal *open = NULL, *comments = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = bilan_todos_load(&todos, ws, now, &l.diags, err)) < 0)
		goto out;
	for (size_t i = 0; i < todos.n; i++) {
		const struct bilan_todo *t = &todos.v[i];
		if (!t->done)
			add(&l, BILAN_LEFT_TODO, t->rec.name, t->text, t->has_due ? &t->due : NULL);
	}

	if ((rc = bilan_seances_load(&seances, ws, &l.diags, err)) < 0)
		goto out;
	for (size_t i = 0; i < seances.n; i++) {
		const struct bilan_seance *s = &seances.v[i];
		if (s->status == BILAN_SEANCE_PREVUE && s->phase != BILAN_PHASE_TERMINEE)
			add(&l, BILAN_LEFT_SEANCE, s->rec.name, s->subject, &s->date);
	}

	struct bilan_journal_filter f = BILAN_JOURNAL_FILTER_INIT;
	f.include_private = true;
	f.open_only = true;
	f.no_body = true;
	if ((rc = bilan_journal_load(&open, ws, &f, err)) < 0)
		goto out;
	take_diags(&l, &open->diags);
	for (size_t i = 0; i < open->n; i++) {
		const struct bilan_entry *e = open->v[i];
		add(&l, e->kind == BILAN_KIND_BLOCAGE ? BILAN_LEFT_BLOCKER : BILAN_LEFT_QUESTION,
		    e->id, e->title, &e->date);
	}

	bool taken = false;
	struct bilan_time since = { 0, 0, true };
	if (ws->cfg.has_start)
		since = ws->cfg.start;
	if ((rc = bilan_q_taken_since(&taken, ws->root, BILAN_CLOSE_APPRAISAL, &since, err)) < 0)
		goto out;
	if (!taken)
		add(&l, BILAN_LEFT_APPRAISAL, NULL, NULL, NULL);

	static const char *const tag[] = { BILAN_SYNTHESE_TAG };
	struct bilan_journal_filter c = BILAN_JOURNAL_FILTER_INIT;
	c.include_private = true;
	c.tags = tag;
	c.ntags = 1;
	c.limit = 1;
	c.no_body = true;
	if ((rc = bilan_journal_load(&comments, ws, &c, err)) < 0)
		goto out;
	if (comments->n == 0)
		add(&l, BILAN_LEFT_COMMENTS, NULL, NULL, NULL);
	rc = 0;
out:
	bilan_todos_clear(&todos);
	bilan_seances_clear(&seances);
	bilan_journal_free(open);
	bilan_journal_free(comments);
	if (rc < 0)
		bilan_close_left_clear(&l);
	else
		*out = l;
	return rc;
}

void bilan_close_left_clear(struct bilan_close_left *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].id);
		free(l->v[i].text);
	}
	free(l->v);
	bilan_diags_clear(&l->diags);
	memset(l, 0, sizeof(*l));
}

bool bilan_synthese_version_day(char *day, const char *rel)
{
	static const char prefix[] = BILAN_SYNTHESE_DIR "/remise-";
	size_t pl = sizeof(prefix) - 1;
	if (!rel || strncmp(rel, prefix, pl))
		return false;
	const char *d = rel + pl;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? d[i] != '-' : !isdigit((unsigned char)d[i]))
			return false;
	if (d[10] != '.' && d[10] != '-')
		return false;
	if (strchr(d, '/'))
		return false;
	memcpy(day, d, 10);
	day[10] = '\0';
	return true;
}

int bilan_synthese_versions(struct bilan_strlist *out, const struct bilan_ws *ws,
			    struct bilan_error *err)
{
	struct bilan_strlist all = BILAN_STRLIST_INIT;
	char *dir = bilan_xasprintf("%s/%s", ws->root, BILAN_SYNTHESE_DIR);
	int rc = bilan_fs_list(&all, dir, NULL, err);
	free(dir);
	char day[11];
	for (size_t i = 0; rc == 0 && i < all.n; i++) {
		char *rel = bilan_xasprintf("%s/%s", BILAN_SYNTHESE_DIR, all.v[i]);
		if (bilan_synthese_version_day(day, rel))
			bilan_strlist_add_owned(out, rel);
		else
			free(rel);
	}
	bilan_strlist_clear(&all);
	return rc;
}

char *bilan_synthese_version_name(const struct bilan_ws *ws, const char *day, const char *ext)
{
	for (int n = 1;; n++) {
		char *rel = n == 1 ? bilan_xasprintf("%s/remise-%s.%s", BILAN_SYNTHESE_DIR, day, ext)
				   : bilan_xasprintf("%s/remise-%s-%d.%s", BILAN_SYNTHESE_DIR, day, n, ext);
		char *abs = bilan_xasprintf("%s/%s", ws->root, rel);
		bool taken = bilan_fs_exists(abs);
		free(abs);
		if (!taken)
			return rel;
		free(rel);
	}
}
