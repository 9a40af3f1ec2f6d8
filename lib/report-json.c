/* report-json.c - the JSON rendering of a report (see report.h); the keys
 * are documented in bilan-report(1) and stable (BILAN_REPORT_JSON_FORMAT). */
#include "report.h"
#include "report-internal.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "closing.h"
#include "i18n.h"
#include "rome.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *iso_of(const struct bilan_time *t)
{
	char b[BILAN_TIME_ISO_MAX];
	bilan_time_format_iso(b, t);
	return json_string(b);
}

static json_t *iso_at(int64_t t)
{
	struct bilan_time bt = { t, 0, true };
	struct tm tm;
	bilan_time_local(&bt, &tm);
	bt.offset = (int)tm.tm_gmtoff;
	return iso_of(&bt);
}

static json_t *day_at(int64_t t)
{
	struct bilan_time bt = { t, 0, true };
	char b[32];
	bilan_time_format_day(b, sizeof(b), &bt);
	return json_string(b);
}

static json_t *percent(bool has, int tenths)
{
	return has ? json_real(tenths / 10.0) : json_null();
}

static json_t *entry_json(const struct bilan_entry *e, bool body)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(e->id));
	json_object_set_new(o, "date", iso_of(&e->date));
	json_object_set_new(o, "kind", json_string(bilan_entry_kind_name(e->kind)));
	json_object_set_new(o, "title", json_string(e->title ? e->title : ""));
	json_object_set_new(o, "duration_minutes", json_integer(e->duration));
	json_t *tags = json_array();
	for (size_t i = 0; i < e->tags.n; i++)
		json_array_append_new(tags, json_string(e->tags.v[i]));
	json_object_set_new(o, "tags", tags);
	json_object_set_new(o, "piste", str_or_null(e->piste));
	json_object_set_new(o, "rome", str_or_null(e->rome));
	json_object_set_new(o, "status", e->status == BILAN_STATUS_NONE ? json_null()
				: json_string(bilan_entry_status_names[e->status - 1]));
	json_object_set_new(o, "answer", str_or_null(e->answer));
	json_object_set_new(o, "private", json_boolean(e->is_private));
	json_object_set_new(o, "path", str_or_null(e->path));
	if (body)
		json_object_set_new(o, "body", json_string(e->body ? e->body : ""));
	return o;
}

static json_t *entries_json(const struct bilan_entry *const *v, size_t n, bool body)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, entry_json(v[i], body));
	return a;
}

static json_t *dims_json(const struct bilan_q_result_dim *d, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:I, s:i}", "id", d[i].id,
						   "label", str_or_null(d[i].label),
						   "percent", percent(d[i].has_percent, d[i].tenths),
						   "raw", (json_int_t)d[i].raw, "answered", d[i].n));
	return a;
}

static json_t *test_json(const struct bilan_report_test *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(t->id));
	json_object_set_new(o, "title", json_string(t->title));
	json_object_set_new(o, "riasec", json_boolean(t->riasec));
	json_object_set_new(o, "takes_total", json_integer((json_int_t)t->ntakes));
	json_t *takes = json_array();
	for (size_t k = t->first_shown; k < t->ntakes; k++) {
		const struct bilan_q_result *r = t->takes[k];
		json_t *tk = json_object();
		json_object_set_new(tk, "file", json_string(r->rel));
		json_object_set_new(tk, "date", iso_of(&r->date));
		json_object_set_new(tk, "version", json_integer(r->version));
		json_object_set_new(tk, "outdated", json_boolean(t->def && bilan_q_result_outdated(r, t->def)));
		/* the code the scoring rules allow (bilan-test(1)), not the one
		 * an old file may record */
		struct bilan_q_reading rd = BILAN_Q_READING_INIT;
		bilan_q_read(&rd, r, t->def);
		json_object_set_new(tk, "profile", str_or_null(rd.code));
		bilan_q_reading_clear(&rd);
		json_object_set_new(tk, "dimensions", dims_json(r->dims, r->ndims));
		json_t *sk = json_array();
		for (size_t s = 0; s < r->nskills; s++)
			json_array_append_new(sk, json_pack("{s:s, s:o, s:o}", "id", r->skills[s].id,
							    "label", str_or_null(r->skills[s].label),
							    "dimensions",
							    dims_json(r->skills[s].dims, r->skills[s].ndims)));
		json_object_set_new(tk, "skills", sk);
		json_array_append_new(takes, tk);
	}
	json_object_set_new(o, "takes", takes);
	/* maîtrise/envie pairs of the latest take */
	if (bilan_report_skill_pair(t, 0) >= 0) {
		const struct bilan_q_result *r = t->takes[t->ntakes - 1];
		json_t *g[3] = { json_array(), json_array(), json_array() };
		for (size_t s = 0; s < r->nskills; s++) {
			int f = bilan_report_skill_pair(t, s);
			if (f > 0)
				json_array_append_new(g[f - 1], json_string(r->skills[s].id));
		}
		json_object_set_new(o, "pairs", json_pack("{s:o, s:o, s:o}", "strengths", g[0],
							   "to_grow", g[1], "unwanted", g[2]));
	} else {
		json_object_set_new(o, "pairs", json_null());
	}
	return o;
}

static json_t *seance_json(const struct bilan_seance *s)
{
	if (!s)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(s->rec.name));
	json_object_set_new(o, "date", iso_of(&s->date));
	json_object_set_new(o, "status", json_string(bilan_seance_status_name(s->status)));
	json_object_set_new(o, "phase", json_string(bilan_phase_name(s->phase)));
	json_object_set_new(o, "planned_minutes", json_integer(s->planned));
	json_object_set_new(o, "attended_minutes", s->status == BILAN_SEANCE_REALISEE
				? json_integer(s->attended) : json_null());
	json_object_set_new(o, "subject", str_or_null(s->subject));
	return o;
}

static json_t *moves_json(const struct bilan_report_move *m, size_t n, bool window_only)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		if (!window_only || m[i].in_window)
			json_array_append_new(a, json_pack("{s:o, s:o, s:o, s:o}",
							   "date", str_or_null(m[i].date),
							   "from", str_or_null(m[i].from),
							   "to", str_or_null(m[i].to),
							   "reason", str_or_null(m[i].reason)));
	return a;
}

static json_t *piste_json(const struct bilan_report *r, const struct bilan_report_piste *rp)
{
	const struct bilan_piste *p = rp->p;
	json_t *o = json_object();
	json_object_set_new(o, "slug", json_string(p->rec.name));
	json_object_set_new(o, "title", json_string(p->title));
	json_object_set_new(o, "status", json_string(bilan_piste_status_name(p->status)));
	json_t *rome = json_array();
	for (size_t k = 0; k < p->rome.n; k++)
		json_array_append_new(rome, json_pack("{s:s, s:o}", "code", p->rome.v[k], "title",
						      str_or_null(rp->rome_titles[k])));
	json_object_set_new(o, "rome", rome);
	json_object_set_new(o, "why", str_or_null(p->why));
	json_object_set_new(o, "reason", str_or_null(rp->reason));
	json_t *v = json_object();
	for (int i = 0; i < BILAN_NVERDICT; i++)
		json_object_set_new(v, bilan_verdict_names[i], json_integer((json_int_t)rp->verdicts[i]));
	json_object_set_new(o, "evidence", json_pack("{s:I, s:I, s:I, s:o}",
						     "journal", (json_int_t)rp->journal,
						     "research", (json_int_t)rp->research,
						     "enquetes", (json_int_t)rp->enquetes,
						     "verdicts", v));
	json_object_set_new(o, "history", moves_json(rp->moves, rp->nmoves,
						     r->kind == BILAN_REPORT_SEANCE));
	return o;
}

static json_t *enquete_json(const struct bilan_report *r, const struct bilan_report_enquete *re)
{
	const struct bilan_enquete *e = re->e;
	json_t *o = json_object();
	json_object_set_new(o, "slug", json_string(e->rec.name));
	json_object_set_new(o, "piste", json_string(e->piste));
	json_object_set_new(o, "label", str_or_null(re->label));
	json_object_set_new(o, "role", str_or_null(e->role));
	json_object_set_new(o, "organisation", str_or_null(e->organisation));
	json_object_set_new(o, "channel", str_or_null(e->channel));
	json_object_set_new(o, "status", json_string(bilan_enquete_status_name(e->status)));
	json_object_set_new(o, "date", e->has_date ? iso_of(&e->date) : json_null());
	json_object_set_new(o, "verdict", e->has_verdict ? json_string(bilan_verdict_name(e->verdict))
							 : json_null());
	if (re->outcome_date || re->confirmed || re->surprised || re->attention || re->notes)
		json_object_set_new(o, "outcome", json_pack("{s:o, s:o, s:o, s:o, s:o}",
				"date", str_or_null(re->outcome_date),
				"confirmed", str_or_null(re->confirmed),
				"surprised", str_or_null(re->surprised),
				"attention", str_or_null(re->attention),
				"notes", str_or_null(re->notes)));
	else
		json_object_set_new(o, "outcome", json_null());
	json_object_set_new(o, "has_contact", json_boolean(re->has_contact));
	if (r->opts.include_private && (re->contact_name || re->contact_phone ||
					re->contact_email || re->suggested.n)) {
		json_t *s = json_array();
		for (size_t k = 0; k < re->suggested.n; k++)
			json_array_append_new(s, json_string(re->suggested.v[k]));
		json_object_set_new(o, "contact", json_pack("{s:o, s:o, s:o, s:o}",
				"name", str_or_null(re->contact_name),
				"phone", str_or_null(re->contact_phone),
				"email", str_or_null(re->contact_email),
				"suggested", s));
	}
	return o;
}

static const char *todo_state(const struct bilan_todo *t, int64_t now)
{
	if (t->done)
		return "fait";
	if (bilan_todo_overdue(t, now))
		return "en-retard";
	if (bilan_todo_due_this_week(t, now))
		return "cette-semaine";
	return "a-faire";
}

/* The synthèse's own parts (null in the other kinds): the action plan and
 * the follow-up, the decision view, the beneficiary's comments, the versions
 * handed over. */
static json_t *synthese_json(const struct bilan_report *r)
{
	char day[11];
	json_t *o = json_object();

	json_t *plan = json_array();
	struct bilan_report_step *v = NULL;
	size_t nv = bilan_report_plan(&v, r);
	for (size_t i = 0; i < nv; i++)
		json_array_append_new(plan, json_pack("{s:o, s:s}", "date",
				v[i].dated ? day_at(v[i].t) : json_null(), "text", v[i].text));
	bilan_report_plan_free(v, nv);
	json_object_set_new(o, "plan", plan);
	const struct bilan_seance *f = bilan_report_follow_up(r);
	json_object_set_new(o, "follow_up", json_pack("{s:o, s:o, s:o}",
			"seance", f ? json_string(f->rec.name) : json_null(),
			"date", f ? iso_of(&f->date) : json_null(),
			"due", f ? json_null() : day_at(bilan_report_follow_up_due(r))));

	struct bilan_report_decision dec;
	bilan_report_decision(&dec, r);
	json_t *dv = json_array(), *dm = json_array(), *dp = json_array();
	for (size_t k = 0; k < dec.values.n; k++)
		json_array_append_new(dv, json_string(dec.values.v[k]));
	for (size_t k = 0; k < dec.constraints.n; k++)
		json_array_append_new(dm, json_string(dec.constraints.v[k]));
	for (size_t i = 0; i < dec.npistes; i++) {
		const struct bilan_report_decision_piste *x = &dec.pistes[i];
		const struct bilan_piste *p = x->rp->p;
		json_t *confirmed = json_array(), *vigilance = json_array();
		for (size_t k = 0; k < x->nenquetes; k++) {
			const struct bilan_report_enquete *re = x->enquetes[k];
			if (re->confirmed && *re->confirmed)
				json_array_append_new(confirmed, json_pack("{s:s, s:s}",
						"enquete", re->e->rec.name, "text", re->confirmed));
			if (re->attention && *re->attention)
				json_array_append_new(vigilance, json_pack("{s:s, s:s}",
						"enquete", re->e->rec.name, "text", re->attention));
		}
		json_array_append_new(dp, json_pack("{s:s, s:s, s:b, s:o, s:o}",
				"slug", p->rec.name, "status", bilan_piste_status_name(p->status),
				"evidence", x->evidence,
				"confirmed", confirmed, "vigilance", vigilance));
	}
	json_object_set_new(o, "decision", json_pack("{s:o, s:o, s:I, s:o}",
			"values", dv, "constraints", dm,
			"constraints_private", (json_int_t)dec.constraints_private, "pistes", dp));
	bilan_report_decision_clear(&dec);

	const struct bilan_entry **c = NULL;
	size_t nc = 0, chidden = 0;
	for (size_t i = 0; i < r->journal->n; i++) {
		bool shown;
		if (!bilan_report_is_comment(r, r->journal->v[i], &shown))
			continue;
		if (!shown) {
			chidden++;
			continue;
		}
		c = bilan_xrealloc(c, (nc + 1) * sizeof(*c));
		c[nc++] = r->journal->v[i];
	}
	json_object_set_new(o, "comments", entries_json(c, nc, true));
	json_object_set_new(o, "comments_private", json_integer((json_int_t)chidden));
	free(c);

	json_t *vs = json_array();
	struct bilan_strlist files = BILAN_STRLIST_INIT;
	if (bilan_synthese_versions(&files, r->ws, NULL) == 0)
		for (size_t i = 0; i < files.n; i++)
			if (bilan_synthese_version_day(day, files.v[i]))
				json_array_append_new(vs, json_pack("{s:s, s:s}", "date", day,
								    "file", files.v[i]));
	bilan_strlist_clear(&files);
	json_object_set_new(o, "versions", vs);
	return o;
}

static json_t *build(const struct bilan_report *r)
{
	const struct bilan_config *c = &r->ws->cfg;
	json_t *o = json_object();
	json_object_set_new(o, "format", json_integer(BILAN_REPORT_JSON_FORMAT));
	json_object_set_new(o, "report", json_string(bilan_report_kind_names[r->kind]));
	json_object_set_new(o, "title", json_string(bilan_report_title(r)));
	json_object_set_new(o, "generated", iso_at(r->now));
	json_object_set_new(o, "window", json_pack("{s:o, s:o}", "since",
						   r->has_since ? iso_at(r->since) : json_null(),
						   "until", iso_at(r->now)));
	json_object_set_new(o, "include_private", json_boolean(r->opts.include_private));
	json_object_set_new(o, "omitted", json_pack("{s:I, s:I}",
						    "private_entries", (json_int_t)r->omitted_entries,
						    "contacts", (json_int_t)r->omitted_contacts));
	json_t *pb = json_array();
	for (size_t i = 0; i < r->problems.n; i++) {
		const struct bilan_diag *d = &r->problems.v[i];
		json_array_append_new(pb, json_pack("{s:s, s:s, s:i, s:i, s:s}",
				"severity", d->severity == BILAN_SEV_ERROR ? "error" : "warning",
				"file", d->file ? d->file : "", "line", d->line, "column", d->col,
				"message", d->message ? d->message : ""));
	}
	json_object_set_new(o, "problems", pb);

	char day[32];
	json_t *b = json_object();
	json_object_set_new(b, "name", str_or_null(c->name));
	json_object_set_new(b, "consultant", str_or_null(c->consultant));
	json_object_set_new(b, "provider", str_or_null(c->provider));
	json_object_set_new(b, "funding", str_or_null(c->funding));
	json_object_set_new(b, "phase", json_string(bilan_phase_name(c->phase)));
	if (c->has_start)
		bilan_time_format_day(day, sizeof(day), &c->start);
	json_object_set_new(b, "start", c->has_start ? json_string(day) : json_null());
	if (c->has_end)
		bilan_time_format_day(day, sizeof(day), &c->end);
	json_object_set_new(b, "end", c->has_end ? json_string(day) : json_null());
	json_object_set_new(b, "weekly_goal_minutes", json_integer(c->weekly_goal));
	json_object_set_new(b, "closed", json_boolean(bilan_ws_closed(r->ws)));
	json_object_set_new(o, "bilan", b);

	json_t *t = json_object();
	json_object_set_new(t, "weekly_goal_minutes", json_integer(c->weekly_goal));
	json_object_set_new(t, "minutes", json_integer(r->total_minutes));
	json_object_set_new(t, "entries", json_integer((json_int_t)r->total_entries));
	json_object_set_new(t, "streak_weeks", json_integer((json_int_t)bilan_journal_streak(
					r->weeks, r->nweeks, c->weekly_goal)));
	json_t *weeks = json_array();
	for (size_t i = 0; i < r->nweeks; i++)
		json_array_append_new(weeks, json_pack("{s:i, s:i, s:o, s:i, s:I}",
				"year", r->weeks[i].year, "week", r->weeks[i].week,
				"start", day_at(r->weeks[i].start), "minutes", r->weeks[i].minutes,
				"entries", (json_int_t)r->weeks[i].entries));
	json_object_set_new(t, "weeks", weeks);
	json_t *bk = json_object();
	for (int k = 0; k < BILAN_KIND_COUNT; k++)
		json_object_set_new(bk, bilan_entry_kind_names[k], json_pack("{s:I, s:i}",
				"entries", (json_int_t)r->entries_by_kind[k],
				"minutes", r->minutes_by_kind[k]));
	json_object_set_new(t, "by_kind", bk);
	json_object_set_new(o, "time", t);

	json_t *s = json_object();
	json_object_set_new(s, "attended_minutes", json_integer(r->attended));
	json_object_set_new(s, "planned_minutes", json_integer(r->planned));
	json_object_set_new(s, "max_minutes", json_integer(BILAN_SEANCE_MAX_MINUTES));
	json_object_set_new(s, "next", seance_json(r->next));
	json_object_set_new(s, "last_held", seance_json(r->last_held));
	json_t *items = json_array();
	for (size_t i = 0; i < r->seances.n; i++)
		json_array_append_new(items, seance_json(&r->seances.v[i]));
	json_object_set_new(s, "items", items);
	json_object_set_new(o, "seances", s);

	json_t *q = json_array();
	for (size_t i = 0; i < r->ntests; i++)
		if (r->tests[i].first_shown < r->tests[i].ntakes)
			json_array_append_new(q, test_json(&r->tests[i]));
	json_object_set_new(o, "questionnaires", q);
	json_t *u = json_array();
	for (size_t i = 0; i < r->nunfinished; i++) {
		const struct bilan_report_unfinished *x = &r->unfinished[i];
		json_array_append_new(u, json_pack("{s:s, s:o, s:I, s:I, s:o}",
				"id", x->info.questionnaire, "title", str_or_null(x->title),
				"answered", (json_int_t)x->info.answered,
				"total", (json_int_t)x->info.total, "saved", iso_of(&x->info.saved)));
	}
	json_object_set_new(o, "unfinished_questionnaires", u);

	json_t *p = json_array();
	for (size_t i = 0; i < r->pistes.n; i++)
		if (r->rpistes[i].shown)
			json_array_append_new(p, piste_json(r, &r->rpistes[i]));
	json_object_set_new(o, "pistes", p);
	json_t *e = json_array();
	for (size_t i = 0; i < r->enquetes.n; i++)
		if (r->renquetes[i].shown)
			json_array_append_new(e, enquete_json(r, &r->renquetes[i]));
	json_object_set_new(o, "enquetes", e);
	json_t *rs = json_array();
	for (size_t i = 0; i < r->nfiches; i++) {
		json_t *ids = json_array();
		for (size_t k = 0; k < r->fiches[i].n; k++)
			json_array_append_new(ids, json_string(r->fiches[i].entries[k]->id));
		json_array_append_new(rs, json_pack("{s:s, s:o, s:o}", "rome", r->fiches[i].code,
						    "title", str_or_null(r->fiches[i].title),
						    "entries", ids));
	}
	json_object_set_new(o, "research", rs);
	json_object_set_new(o, "rome_source", r->rome_shown ? json_string(BILAN_ROME_SOURCE)
							    : json_null());
	json_object_set_new(o, "open_questions", entries_json(r->questions, r->nquestions, true));
	json_object_set_new(o, "blockers", entries_json(r->blockers, r->nblockers, true));
	json_t *td = json_array();
	for (size_t i = 0; i < r->todos.n; i++) {
		if (!r->todo_shown[i])
			continue;
		const struct bilan_todo *x = &r->todos.v[i];
		if (x->has_due)
			bilan_time_format_day(day, sizeof(day), &x->due);
		json_array_append_new(td, json_pack("{s:s, s:s, s:o, s:o, s:o, s:b, s:o, s:s}",
				"id", x->rec.name, "text", x->text ? x->text : "",
				"kind", x->has_kind ? json_string(bilan_todo_kind_names[x->kind]) : json_null(),
				"due", x->has_due ? json_string(day) : json_null(),
				"piste", str_or_null(x->piste), "done", x->done,
				"done_at", str_or_null(x->done_at), "state", todo_state(x, r->now)));
	}
	json_object_set_new(o, "todo", td);
	json_object_set_new(o, "formation", entries_json(r->formation, r->nformation, true));
	json_object_set_new(o, "synthese", r->kind == BILAN_REPORT_SYNTHESE ? synthese_json(r)
									 : json_null());
	/* "journal" comes last, written entry by entry (see bilan_report_json) */
	return o;
}

#define FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))

static int to_buf(const char *data, size_t size, void *payload)
{
	bilan_buf_put(payload, data, size);
	return 0;
}

int bilan_report_json(struct bilan_buf *out, const struct bilan_report *r,
		      struct bilan_error *err)
{
	/* The journal can hold thousands of entries: rather than one tree of
	 * everything dumped at once (twice the memory), the rest is dumped,
	 * then each entry on its own, indented to its place. */
	json_t *o = build(r);
	size_t start = out->len;
	if (!o || json_dump_callback(o, to_buf, out, FLAGS) < 0 || out->len < start + 2 ||
	    out->ptr[out->len - 1] != '}') {
		json_decref(o);
		bilan_buf_truncate(out, start);
		return bilan_error_set(err, BILAN_EFAIL, _("cannot build the JSON output"));
	}
	json_decref(o);
	bilan_buf_truncate(out, out->len - 1);
	while (out->len > start && out->ptr[out->len - 1] == '\n')
		bilan_buf_truncate(out, out->len - 1);
	bilan_buf_puts(out, ",\n  \"journal\": [");
	struct bilan_buf one = BILAN_BUF_INIT;
	bool body = r->kind == BILAN_REPORT_SUIVI;
	for (size_t i = 0; i < r->nentries; i++) {
		json_t *e = entry_json(r->entries[i], body);
		bilan_buf_reset(&one);
		int rc = json_dump_callback(e, to_buf, &one, FLAGS);
		json_decref(e);
		if (rc < 0) {
			bilan_buf_clear(&one);
			bilan_buf_truncate(out, start);
			return bilan_error_set(err, BILAN_EFAIL, _("cannot build the JSON output"));
		}
		bilan_buf_puts(out, i ? ",\n    " : "\n    ");
		const char *p = one.ptr, *end = one.ptr + one.len;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
			bilan_buf_put(out, p, n);
			if (nl)
				bilan_buf_puts(out, "    ");
			p += n;
		}
	}
	bilan_buf_clear(&one);
	bilan_buf_puts(out, r->nentries ? "\n  ]\n}\n" : "]\n}\n");
	return 0;
}
