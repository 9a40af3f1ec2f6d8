/* remind.c - what needs attention now (see remind.h). */
#include "remind.h"
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "record.h"

int64_t bilan_remind_six_months(int64_t t)
{
	struct bilan_time bt = { t, 0, true };
	struct tm tm;
	bilan_time_local(&bt, &tm);
	int y = tm.tm_year + 1900, m = tm.tm_mon + 6;
	y += m / 12;
	m %= 12;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int last = mdays[m];
	if (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		last = 29;
	struct tm out = tm;
	out.tm_year = y - 1900;
	out.tm_mon = m;
	out.tm_mday = tm.tm_mday > last ? last : tm.tm_mday;
	out.tm_isdst = -1;
	return (int64_t)mktime(&out);
}

/* ------------------------------------------------------------------ */

static bool has_file(const struct bilan_diags *d, const char *file)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].file && file && !strcmp(d->v[i].file, file))
			return true;
	return false;
}

static int days_between(int64_t from, int64_t to)
{
	int64_t a = bilan_day_start(from), b = bilan_day_start(to);
	/* +12h absorbs a DST change */
	return (int)((b - a + 43200) / 86400);
}

/* The date of the last change of a record: its last history entry, else
 * its creation; false when neither is readable. */
static bool last_change(const struct bilan_record *rec, int64_t *out)
{
	const struct bilan_node *h = bilan_map_get(rec->doc->root, "history");
	struct bilan_time t;
	if (h && h->type == BILAN_NODE_SEQ && h->n) {
		const char *d = bilan_map_str(h->items[h->n - 1], "date");
		if (d && bilan_time_parse_iso(&t, d)) {
			*out = t.t;
			return true;
		}
	}
	if (bilan_record_time(rec, "created", &t)) {
		*out = t.t;
		return true;
	}
	return false;
}

static void fix_paths(struct bilan_diags *d, const char *root)
{
	size_t l = strlen(root);
	for (size_t i = 0; i < d->n; i++) {
		char *f = d->v[i].file;
		if (f && !strncmp(f, root, l) && f[l] == '/')
			memmove(f, f + l + 1, strlen(f + l + 1) + 1);
	}
}

int bilan_remind_collect(struct bilan_remind **out, const struct bilan_ws *ws,
			 const struct bilan_remind_opts *opts, struct bilan_error *err)
{
	*out = NULL;
	struct bilan_remind *r = bilan_xcalloc(1, sizeof(*r));
	const struct bilan_config *cfg = &ws->cfg;
	int64_t now = opts && opts->now ? opts->now : bilan_now();
	r->now = now;
	r->goal = cfg->weekly_goal;
	bool closed = bilan_ws_closed(ws);
	r->running = !closed && (!cfg->has_start || cfg->start.t <= now);
	int rc = 0;

	/* the journal: this week and last week, and the open items through
	 * the folder digest (neither written back) */
	int64_t week = bilan_week_start(now);
	int64_t last_week = bilan_week_start(week - 3 * 86400);
	struct bilan_week_total *weeks = NULL;
	size_t nweeks = 0;
	if ((rc = bilan_journal_weeks_readonly(&weeks, &nweeks, ws, last_week, now, &r->problems, err)) < 0)
		goto fail;
	r->week_minutes = weeks[nweeks - 1].minutes;
	r->week_entries = weeks[nweeks - 1].entries;
	r->last_week_minutes = nweeks > 1 ? weeks[0].minutes : 0;
	free(weeks);
	struct bilan_journal_open open;
	if ((rc = bilan_journal_open_items(&open, ws, NULL, BILAN_JOPEN_ENTRIES,
					   BILAN_REMIND_MAX_LISTED, err)) < 0)
		goto fail;
	r->has_last_entry = open.has_last;
	r->questions_total = open.questions;
	r->blockers_total = open.blockers;
	r->last_entry = open.last;
	for (size_t i = 0; i < open.n; i++) {
		bool blocker = open.v[i]->kind == BILAN_KIND_BLOCAGE;
		struct bilan_entry ***v = blocker ? &r->blockers : &r->questions;
		size_t *n = blocker ? &r->nblockers : &r->nquestions;
		*v = bilan_xrealloc(*v, (*n + 1) * sizeof(**v));
		(*v)[(*n)++] = open.v[i];
	}
	open.n = 0;   /* moved */
	for (size_t i = 0; i < open.diags.n; i++)
		if (!has_file(&r->problems, open.diags.v[i].file))
			bilan_diags_add(&r->problems, open.diags.v[i].severity, open.diags.v[i].file,
					open.diags.v[i].line, open.diags.v[i].col, "%s",
					open.diags.v[i].message);
	bilan_journal_open_clear(&open);

	struct bilan_diags d = BILAN_DIAGS_INIT;
	if ((rc = bilan_todos_load(&r->todos, ws, now, &d, err)) < 0 ||
	    (rc = bilan_enquetes_load(&r->enquetes, ws, &d, err)) < 0 ||
	    (rc = bilan_pistes_load(&r->pistes, ws, &d, err)) < 0 ||
	    (rc = bilan_seances_load(&r->seances, ws, &d, err)) < 0) {
		bilan_diags_clear(&d);
		goto fail;
	}
	fix_paths(&d, ws->root);
	for (size_t i = 0; i < d.n; i++)
		bilan_diags_add(&r->problems, d.v[i].severity, d.v[i].file, d.v[i].line,
				d.v[i].col, "%s", d.v[i].message);
	bilan_diags_clear(&d);
	fix_paths(&r->problems, ws->root);

	/* time */
	r->last_week_counts = r->running && r->goal > 0 &&
			      (!cfg->has_start || cfg->start.t <= last_week);
	r->last_week_short = r->last_week_counts && r->last_week_minutes < r->goal;
	if (r->has_last_entry)
		r->days_since_entry = days_between(r->last_entry.t, now);
	else if (cfg->has_start)
		r->days_since_entry = days_between(cfg->start.t, now);
	r->quiet = r->running && (r->has_last_entry || cfg->has_start) &&
		   r->days_since_entry >= BILAN_REMIND_QUIET_DAYS;
	if (!r->running) {
		/* open items of a finished bilan are history */
		for (size_t i = 0; i < r->nquestions; i++)
			bilan_entry_free(r->questions[i]);
		for (size_t i = 0; i < r->nblockers; i++)
			bilan_entry_free(r->blockers[i]);
		r->nquestions = r->nblockers = 0;
		r->questions_total = r->blockers_total = 0;
	}

	/* to-do items */
	for (size_t i = 0; r->running && i < r->todos.n; i++) {
		const struct bilan_todo *t = &r->todos.v[i];
		if (t->done)
			continue;
		if (bilan_todo_overdue(t, now)) {
			r->overdue = bilan_xrealloc((void *)r->overdue, (r->noverdue + 1) * sizeof(*r->overdue));
			r->overdue[r->noverdue++] = t;
		} else if (bilan_todo_due_this_week(t, now)) {
			r->due_week = bilan_xrealloc((void *)r->due_week,
						     (r->ndue_week + 1) * sizeof(*r->due_week));
			r->due_week[r->ndue_week++] = t;
		}
	}

	/* enquêtes waiting for a follow-up */
	for (size_t i = 0; r->running && i < r->enquetes.n; i++) {
		const struct bilan_enquete *e = &r->enquetes.v[i];
		struct bilan_remind_enquete w = { e, NULL, BILAN_REMIND_RECORD_OUTCOME, 0 };
		int64_t since;
		bool want = false;
		if (e->status == BILAN_ENQUETE_PLANIFIEE && e->has_date && e->date.t < now) {
			w.what = BILAN_REMIND_RECORD_OUTCOME;
			w.days = days_between(e->date.t, now);
			want = true;
		} else if ((e->status == BILAN_ENQUETE_CONTACTEE ||
			    e->status == BILAN_ENQUETE_A_CONTACTER) && last_change(&e->rec, &since)) {
			w.days = days_between(since, now);
			w.what = e->status == BILAN_ENQUETE_CONTACTEE ? BILAN_REMIND_FOLLOW_UP
								      : BILAN_REMIND_TO_CONTACT;
			want = w.days >= BILAN_REMIND_QUIET_DAYS;
		}
		if (!want)
			continue;
		w.label = bilan_enquete_label(e);
		r->waiting = bilan_xrealloc(r->waiting, (r->nwaiting + 1) * sizeof(*r->waiting));
		r->waiting[r->nwaiting++] = w;
	}

	/* unfinished questionnaires */
	struct bilan_error e2 = BILAN_ERROR_INIT;
	if (bilan_q_partial_list(&r->unfinished, ws->gitdir, &e2) == 0 && r->unfinished.n) {
		r->partials = bilan_xcalloc(r->unfinished.n, sizeof(*r->partials));
		for (size_t i = 0; i < r->unfinished.n; i++) {
			bilan_error_clear(&e2);
			if (bilan_q_partial_info(&r->partials[i], ws->gitdir, r->unfinished.v[i], &e2) < 0)
				memset(&r->partials[i], 0, sizeof(r->partials[i]));
		}
	}

	/* the next séance */
	r->next = bilan_seance_next_announced(&r->seances, now, closed);
	if (r->next) {
		r->next_days = days_between(now, r->next->date.t);
		r->next_soon = r->next->date.t - now <= (int64_t)BILAN_REMIND_SEANCE_DAYS * 86400;
		for (size_t i = 0; r->next_soon && i < r->todos.n; i++) {
			const struct bilan_todo *t = &r->todos.v[i];
			if (t->done || !t->has_due || t->due.t > r->next->date.t)
				continue;
			r->prepare = bilan_xrealloc((void *)r->prepare, (r->nprepare + 1) * sizeof(*r->prepare));
			r->prepare[r->nprepare++] = t;
		}
	}

	/* the appraisal, at the end and six months later */
	if (cfg->has_end && (closed || cfg->end.t <= now)) {
		int64_t end = cfg->end.t;
		int64_t six = bilan_remind_six_months(end);
		int64_t twelve = bilan_remind_six_months(six);
		struct bilan_time since = cfg->end;
		enum bilan_remind_appraisal which = BILAN_APPRAISAL_NONE;
		if (now >= six && now < twelve) {
			since.t = six;
			since.has_time = false;
			which = BILAN_APPRAISAL_SIX_MONTHS;
		} else if (now >= end && now < six) {
			which = BILAN_APPRAISAL_END;
		}
		bool taken = false;
		bilan_error_clear(&e2);
		if (which != BILAN_APPRAISAL_NONE &&
		    bilan_q_taken_since(&taken, ws->root, BILAN_REMIND_APPRAISAL, &since, &e2) == 0 &&
		    !taken) {
			r->appraisal = which;
			r->appraisal_since = since;
		}
	}

	/* pistes an enquête did not confirm */
	for (size_t i = 0; r->running && i < r->pistes.n; i++) {
		const struct bilan_enquete *e = bilan_piste_unconfirmed(&r->pistes.v[i], &r->enquetes);
		if (!e)
			continue;
		r->questioned = bilan_xrealloc((void *)r->questioned,
					       (r->nquestioned + 1) * sizeof(*r->questioned));
		r->questioned_by = bilan_xrealloc((void *)r->questioned_by,
						  (r->nquestioned + 1) * sizeof(*r->questioned_by));
		r->questioned[r->nquestioned] = &r->pistes.v[i];
		r->questioned_by[r->nquestioned++] = e;
	}

	r->attention = r->problems.n || r->last_week_short || r->quiet || r->noverdue ||
		       r->ndue_week || r->nwaiting || r->nquestioned || r->nquestions || r->nblockers ||
		       r->unfinished.n || r->next_soon || r->appraisal != BILAN_APPRAISAL_NONE;
	*out = r;
	return 0;
fail:
	bilan_remind_free(r);
	return rc;
}

void bilan_remind_free(struct bilan_remind *r)
{
	if (!r)
		return;
	free((void *)r->overdue);
	free((void *)r->due_week);
	free((void *)r->prepare);
	for (size_t i = 0; i < r->nwaiting; i++)
		free(r->waiting[i].label);
	free(r->waiting);
	for (size_t i = 0; i < r->nquestions; i++)
		bilan_entry_free(r->questions[i]);
	free(r->questions);
	for (size_t i = 0; i < r->nblockers; i++)
		bilan_entry_free(r->blockers[i]);
	free(r->blockers);
	for (size_t i = 0; r->partials && i < r->unfinished.n; i++)
		bilan_q_partial_clear(&r->partials[i]);
	free(r->partials);
	bilan_strlist_clear(&r->unfinished);
	bilan_todos_clear(&r->todos);
	bilan_enquetes_clear(&r->enquetes);
	free((void *)r->questioned);
	free((void *)r->questioned_by);
	bilan_pistes_clear(&r->pistes);
	bilan_seances_clear(&r->seances);
	bilan_diags_clear(&r->problems);
	free(r);
}

/* Quote a word for the shell (and for cron, where '%' ends the command). */
static void shell_word(struct bilan_buf *out, const char *s)
{
	bool plain = *s != '\0';
	for (const char *p = s; *p && plain; p++)
		plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+,:@",
			       *p) != NULL;
	if (plain) {
		bilan_buf_puts(out, s);
		return;
	}
	bilan_buf_putc(out, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '\'')
			bilan_buf_puts(out, "'\\''");
		else if (*p == '%')
			bilan_buf_puts(out, "\\%");
		else
			bilan_buf_putc(out, *p);
	}
	bilan_buf_putc(out, '\'');
}

void bilan_remind_crontab(struct bilan_buf *out, const char *root, const char *exe)
{
	bilan_buf_puts(out, "0 9 * * 1 BILAN_DIR=");
	shell_word(out, root);
	bilan_buf_putc(out, ' ');
	shell_word(out, exe);
	bilan_buf_puts(out, " remind");
}
