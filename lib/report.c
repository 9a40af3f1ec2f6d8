/* report.c - the model of a report and its layout (see report.h). */
#include "report.h"
#include "report-internal.h"
#include "owner.h"
#include "clock.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "closing.h"
#include "fs.h"
#include "i18n.h"
#include "record.h"
#include "remind.h"
#include "rome.h"
#include "text.h"

const char *const bilan_report_kind_names[] = { "suivi", "seance", "synthese", "decision", NULL };
const char *const bilan_report_format_names[] = { "md", "html", "json", NULL };

int bilan_report_kind_parse(enum bilan_report_kind *out, const char *typed)
{
	if (!typed)
		return -1;
	char *f = bilan_text_fold(typed);
	int rc = -1;
	for (int i = 0; bilan_report_kind_names[i]; i++)
		if (!strcmp(f, bilan_report_kind_names[i])) {
			*out = (enum bilan_report_kind)i;
			rc = 0;
		}
	free(f);
	return rc;
}

int bilan_report_format_parse(enum bilan_report_format *out, const char *typed)
{
	static const struct { const char *name; enum bilan_report_format f; } names[] = {
		{ "md", BILAN_REPORT_MD }, { "markdown", BILAN_REPORT_MD },
		{ "html", BILAN_REPORT_HTML }, { "htm", BILAN_REPORT_HTML },
		{ "json", BILAN_REPORT_JSON },
	};
	if (!typed)
		return -1;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(typed, names[i].name)) {
			*out = names[i].f;
			return 0;
		}
	return -1;
}

int bilan_report_format_for_path(enum bilan_report_format *out, const char *path)
{
	if (!path)
		return -1;
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base)
		return -1;
	return bilan_report_format_parse(out, dot + 1);
}

/* ------------------------------------------------------------------ */
/* labels and formatting                                               */

const char *bilan_report_piste_label(enum bilan_piste_status s)
{
	switch (s) {
	case BILAN_PISTE_A_EXPLORER: return "à explorer";
	case BILAN_PISTE_EN_EXPLORATION: return "en exploration";
	case BILAN_PISTE_VALIDEE: return "validée";
	case BILAN_PISTE_ECARTEE: return "écartée";
	case BILAN_PISTE_EN_ATTENTE: return "en attente";
	}
	return "?";
}

const char *bilan_report_enquete_label(enum bilan_enquete_status s)
{
	switch (s) {
	case BILAN_ENQUETE_A_CONTACTER: return "à contacter";
	case BILAN_ENQUETE_CONTACTEE: return "contactée";
	case BILAN_ENQUETE_PLANIFIEE: return "planifiée";
	case BILAN_ENQUETE_REALISEE: return "réalisée";
	case BILAN_ENQUETE_ABANDONNEE: return "abandonnée";
	}
	return "?";
}

const char *bilan_report_verdict_label(enum bilan_verdict v)
{
	switch (v) {
	case BILAN_VERDICT_CONFORTE: return "conforte";
	case BILAN_VERDICT_NUANCE: return "nuance";
	case BILAN_VERDICT_INFIRME: return "ne confirme pas";
	}
	return "?";
}

const char *bilan_report_kind_label(enum bilan_entry_kind k)
{
	switch (k) {
	case BILAN_KIND_NOTE: return "note";
	case BILAN_KIND_REFLEXION: return "réflexion";
	case BILAN_KIND_RECHERCHE: return "recherche";
	case BILAN_KIND_ENQUETE: return "enquête";
	case BILAN_KIND_TEST: return "test";
	case BILAN_KIND_QUESTION: return "question";
	case BILAN_KIND_BLOCAGE: return "blocage";
	case BILAN_KIND_SEANCE: return "séance";
	case BILAN_KIND_RETOUR: return "retour";
	}
	return "?";
}

/* plural forms for counts by kind */
static const char *kind_plural(enum bilan_entry_kind k)
{
	switch (k) {
	case BILAN_KIND_NOTE: return "notes";
	case BILAN_KIND_REFLEXION: return "réflexions";
	case BILAN_KIND_RECHERCHE: return "recherches";
	case BILAN_KIND_ENQUETE: return "enquêtes";
	case BILAN_KIND_TEST: return "tests";
	case BILAN_KIND_QUESTION: return "questions";
	case BILAN_KIND_BLOCAGE: return "blocages";
	case BILAN_KIND_SEANCE: return "séances";
	case BILAN_KIND_RETOUR: return "retours";
	}
	return "?";
}

const char *bilan_report_phase_label(enum bilan_phase p)
{
	switch (p) {
	case BILAN_PHASE_PRELIMINAIRE: return "phase préliminaire";
	case BILAN_PHASE_INVESTIGATION: return "phase d'investigation";
	case BILAN_PHASE_CONCLUSIONS: return "phase de conclusions";
	case BILAN_PHASE_TERMINEE: return "bilan terminé";
	}
	return "?";
}

static const char *funding_label(const char *f)
{
	if (!f)
		return NULL;
	if (!strcmp(f, "cpf"))
		return "CPF (Mon Compte Formation)";
	if (!strcmp(f, "plan"))
		return "plan de développement des compétences";
	if (!strcmp(f, "reclassement"))
		return "congé de reclassement";
	if (!strcmp(f, "france-travail"))
		return "France Travail (aide individuelle à la formation)";
	if (!strcmp(f, "fonction-publique"))
		return "employeur public (congé pour bilan de compétences de la fonction publique)";
	if (!strcmp(f, "personnel"))
		return "financement personnel";
	return f;
}

static const char *seance_status_label(enum bilan_seance_status s)
{
	switch (s) {
	case BILAN_SEANCE_PREVUE: return "prévue";
	case BILAN_SEANCE_REALISEE: return "réalisée";
	case BILAN_SEANCE_ANNULEE: return "annulée";
	}
	return "?";
}

/* two digits of v (0-99) at p */
static char *put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

/* "dd/mm/yyyy" of tm at buf, as snprintf's "%02d/%02d/%04d" writes it
 * (without its cost: a report writes one per entry); false, nothing
 * written, for a field out of 0-99 (0-9999 for the year) */
static bool put_day(char *buf, const struct tm *tm)
{
	int d = tm->tm_mday % 100, m = (tm->tm_mon + 1) % 100, y = (tm->tm_year + 1900) % 10000;
	if (d < 0 || m < 0 || y < 0)
		return false;
	char *p = put2(buf, d);
	*p++ = '/';
	p = put2(p, m);
	*p++ = '/';
	p = put2(put2(p, y / 100), y % 100);
	*p = '\0';
	return true;
}

const char *bilan_report_day(char *buf, const struct bilan_time *t)
{
	struct tm tm;
	bilan_time_local(t, &tm);
	if (!put_day(buf, &tm))
		snprintf(buf, 32, "%02d/%02d/%04d", tm.tm_mday % 100, (tm.tm_mon + 1) % 100,
			 (tm.tm_year + 1900) % 10000);
	return buf;
}

const char *bilan_report_when(char *buf, const struct bilan_time *t)
{
	if (!t->has_time)
		return bilan_report_day(buf, t);
	struct tm tm;
	bilan_time_local(t, &tm);
	int h = tm.tm_hour % 100, mi = tm.tm_min % 100;
	if (h >= 0 && mi >= 0 && put_day(buf, &tm)) {
		char *p = buf + 10;
		*p++ = ' ';
		p = put2(p, h);
		*p++ = ':';
		p = put2(p, mi);
		*p = '\0';
		return buf;
	}
	snprintf(buf, 32, "%02d/%02d/%04d %02d:%02d", tm.tm_mday % 100, (tm.tm_mon + 1) % 100,
		 (tm.tm_year + 1900) % 10000, tm.tm_hour % 100, tm.tm_min % 100);
	return buf;
}

static const char *day_of(char *buf, int64_t t)
{
	struct bilan_time bt = { t, 0, true };
	return bilan_report_day(buf, &bt);
}

/* "27/11/2026" from a stored ISO date; the text itself when unreadable. */
static const char *day_iso(char *buf, const char *iso)
{
	struct bilan_time t;
	if (!iso || !bilan_time_parse_iso(&t, iso)) {
		snprintf(buf, 32, "%s", iso ? iso : "");
		return buf;
	}
	return bilan_report_day(buf, &t);
}

static const char *weekday(const struct bilan_time *t)
{
	static const char *const days[] = { "dimanche", "lundi", "mardi", "mercredi",
					    "jeudi", "vendredi", "samedi" };
	struct tm tm;
	bilan_time_local(t, &tm);
	return days[tm.tm_wday % 7];
}

const char *bilan_report_chart_value(char *buf, const struct bilan_rchart *c, int v)
{
	if (c->scale_max <= c->scale_min)
		return bilan_report_percent(buf, v);
	/* one decimal always, as the words say it ("moyenne 4,0 sur 1 à 5") */
	if (v < 0)
		snprintf(buf, 24, "–");
	else
		snprintf(buf, 24, "%d,%d sur %d", (v / 10) % 1000, v % 10, c->scale_max % 1000);
	return buf;
}

int bilan_report_chart_permille(const struct bilan_rchart *c, int v)
{
	if (v < 0)
		return -1;
	if (c->scale_max <= c->scale_min)
		return v > 1000 ? 1000 : v;
	int lo = c->scale_min * 10, hi = c->scale_max * 10;
	if (v < lo)
		v = lo;
	if (v > hi)
		v = hi;
	return (v - lo) * 1000 / (hi - lo);
}

const char *bilan_report_percent(char *buf, int tenths)
{
	if (tenths < 0) {
		snprintf(buf, 16, "–");
		return buf;
	}
	if (tenths % 10)
		snprintf(buf, 16, "%d,%d\u00a0%%", tenths / 10, tenths % 10);
	else
		snprintf(buf, 16, "%d\u00a0%%", tenths / 10);
	return buf;
}

static const char *dur(char *buf, int minutes)
{
	if (minutes <= 0)
		snprintf(buf, 16, "0\u00a0h");
	else
		bilan_duration_human(buf, 16, minutes, true);   /* reports are French */
	return buf;
}

void bilan_report_clean(struct bilan_buf *out, const char *s)
{
	bilan_text_sanitize_terminal(out, s ? s : "");
}

/* ------------------------------------------------------------------ */
/* the document                                                        */

static void rt_add(struct bilan_rtext *t, enum bilan_rspan_style st, const char *s)
{
	if (!s || !*s)
		return;
	BILAN_ALLOC_GROW(t->v, t->n + 1, t->alloc);
	t->v[t->n].style = st;
	t->v[t->n].text = bilan_xstrdup(s);
	t->n++;
}

static void rt_addf(struct bilan_rtext *t, enum bilan_rspan_style st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void rt_addf(struct bilan_rtext *t, enum bilan_rspan_style st, const char *fmt, ...)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	bilan_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (b.len) {
		BILAN_ALLOC_GROW(t->v, t->n + 1, t->alloc);
		t->v[t->n].style = st;
		t->v[t->n].text = bilan_buf_detach(&b);
		t->n++;
	}
	bilan_buf_clear(&b);
}

/* rt_addf(t, st, "%s%s%s", a, b, c) without printf: a, b and c joined
 * (a NULL as printf writes it), nothing added when all are empty */
static void rt_cat(struct bilan_rtext *t, enum bilan_rspan_style st, const char *a,
		   const char *b, const char *c)
{
	const char *v[3] = { a ? a : "(null)", b ? b : "(null)", c ? c : "(null)" };
	size_t l[3], n = 0;
	for (int i = 0; i < 3; i++)
		n += l[i] = strlen(v[i]);
	if (!n)
		return;
	char *s = bilan_xmalloc(n + 1), *p = s;
	for (int i = 0; i < 3; i++) {
		memcpy(p, v[i], l[i]);
		p += l[i];
	}
	*p = '\0';
	BILAN_ALLOC_GROW(t->v, t->n + 1, t->alloc);
	t->v[t->n].style = st;
	t->v[t->n].text = s;
	t->n++;
}

static void rt_free(struct bilan_rtext *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].text);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

char *bilan_rtext_plain(const struct bilan_rtext *t)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_buf_puts(&b, "");
	for (size_t i = 0; i < t->n; i++)
		bilan_buf_puts(&b, t->v[i].text);
	return bilan_buf_detach(&b);
}

static struct bilan_rblock *blk(struct bilan_rdoc *d, enum bilan_rblock_type type)
{
	BILAN_ALLOC_GROW(d->v, d->n + 1, d->alloc);
	struct bilan_rblock *b = &d->v[d->n++];
	memset(b, 0, sizeof(*b));
	b->type = type;
	return b;
}

static struct bilan_rtext *section(struct bilan_rdoc *d, const char *id, const char *title,
				   bool page)
{
	struct bilan_rblock *b = blk(d, BILAN_RB_SECTION);
	b->id = id;
	b->page = page;
	rt_add(&b->text, BILAN_RS_TEXT, title);
	return &b->text;
}

static struct bilan_rtext *heading(struct bilan_rdoc *d, int level)
{
	struct bilan_rblock *b = blk(d, BILAN_RB_HEADING);
	b->level = level;
	return &b->text;
}

static struct bilan_rtext *para(struct bilan_rdoc *d)
{
	return &blk(d, BILAN_RB_PARA)->text;
}

static struct bilan_rtext *note(struct bilan_rdoc *d, const char *cls)
{
	struct bilan_rblock *b = blk(d, BILAN_RB_NOTE);
	b->note_class = cls;
	return &b->text;
}

/* Lists are filled through an index: the block array may move. */
static size_t list(struct bilan_rdoc *d)
{
	blk(d, BILAN_RB_LIST);
	return d->n - 1;
}

static struct bilan_rtext *item(struct bilan_rdoc *d, size_t list_index)
{
	struct bilan_rblock *b = &d->v[list_index];
	b->items = bilan_xrealloc(b->items, (b->nitems + 1) * sizeof(*b->items));
	struct bilan_rtext *t = &b->items[b->nitems++];
	memset(t, 0, sizeof(*t));
	return t;
}

static size_t table(struct bilan_rdoc *d, size_t ncols, unsigned right, ...)
{
	struct bilan_rblock *b = blk(d, BILAN_RB_TABLE);
	b->ncols = ncols;
	b->right = right;
	b->nrows = 1;
	b->cells = bilan_xcalloc(ncols, sizeof(char *));
	va_list ap;
	va_start(ap, right);
	for (size_t c = 0; c < ncols; c++)
		b->cells[c] = bilan_xstrdup(va_arg(ap, const char *));
	va_end(ap);
	return d->n - 1;
}

/* Add a row of ncols cells (NULL cells are empty). */
static void row(struct bilan_rdoc *d, size_t ti, ...)
{
	struct bilan_rblock *b = &d->v[ti];
	b->cells = bilan_xrealloc(b->cells, (b->nrows + 1) * b->ncols * sizeof(char *));
	va_list ap;
	va_start(ap, ti);
	for (size_t c = 0; c < b->ncols; c++) {
		const char *s = va_arg(ap, const char *);
		b->cells[b->nrows * b->ncols + c] = bilan_xstrdup(s ? s : "");
	}
	va_end(ap);
	b->nrows++;
}

static struct bilan_rchart *chart(struct bilan_rdoc *d, enum bilan_rchart_type type,
				  const char *title, size_t nlabels)
{
	struct bilan_rblock *b = blk(d, BILAN_RB_CHART);
	struct bilan_rchart *c = bilan_xcalloc(1, sizeof(*c));
	c->type = type;
	c->title = bilan_xstrdup(title);
	c->nlabels = nlabels;
	c->labels = bilan_xcalloc(nlabels + 1, sizeof(char *));
	b->chart = c;
	return c;
}

static int *chart_series(struct bilan_rchart *c, const char *name)
{
	c->series = bilan_xrealloc(c->series, (c->nseries + 1) * sizeof(*c->series));
	struct bilan_rseries *s = &c->series[c->nseries++];
	s->name = bilan_xstrdup(name);
	s->v = bilan_xcalloc(c->nlabels + 1, sizeof(int));
	for (size_t i = 0; i < c->nlabels; i++)
		s->v[i] = -1;
	return s->v;
}

static void doc_free(struct bilan_rdoc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		struct bilan_rblock *b = &d->v[i];
		rt_free(&b->text);
		rt_free(&b->meta);
		for (size_t k = 0; k < b->nitems; k++)
			rt_free(&b->items[k]);
		free(b->items);
		for (size_t k = 0; k < b->nrows * b->ncols; k++)
			free(b->cells[k]);
		free(b->cells);
		if (b->chart) {
			struct bilan_rchart *c = b->chart;
			free(c->title);
			for (size_t k = 0; k < c->nlabels; k++) {
				free(c->labels[k]);
				if (c->keys)
					free(c->keys[k]);
			}
			free(c->labels);
			free(c->keys);
			for (size_t k = 0; k < c->nseries; k++) {
				free(c->series[k].name);
				free(c->series[k].v);
			}
			free(c->series);
			free(c);
		}
	}
	free(d->v);
	free(d->title);
	memset(d, 0, sizeof(*d));
}

/* ------------------------------------------------------------------ */
/* gathering                                                           */

static bool in_window(const struct bilan_report *r, int64_t t)
{
	return !r->has_since || t >= r->since;
}

static bool iso_in_window(const struct bilan_report *r, const char *iso)
{
	struct bilan_time t;
	if (!r->has_since)
		return true;
	return iso && bilan_time_parse_iso(&t, iso) && t.t >= r->since;
}

/* Diagnostics from other modules name absolute paths: keep them relative. */
static void add_problems(struct bilan_report *r, struct bilan_diags *from)
{
	size_t rootlen = strlen(r->ws->root);
	for (size_t i = 0; i < from->n; i++) {
		struct bilan_diag *d = &from->v[i];
		const char *f = d->file ? d->file : "";
		if (!strncmp(f, r->ws->root, rootlen) && f[rootlen] == '/')
			f += rootlen + 1;
		bilan_diags_add(&r->problems, d->severity, f, d->line, d->col, "%s", d->message);
	}
	bilan_diags_clear(from);
}

static void add_problem_error(struct bilan_report *r, const struct bilan_error *e)
{
	struct bilan_diags d = BILAN_DIAGS_INIT;
	bilan_diags_add_error(&d, e);
	add_problems(r, &d);
}

static void ptr_push(const struct bilan_entry ***v, size_t *n, const struct bilan_entry *e)
{
	/* capacity: 4, then the next power of two (no separate counter) */
	if (*n == 0 || (*n >= 4 && (*n & (*n - 1)) == 0))
		*v = bilan_xrealloc((void *)*v, (*n ? *n * 2 : 4) * sizeof(**v));
	(*v)[(*n)++] = e;
}

static bool tagged(const struct bilan_entry *e, const char *folded_tag)
{
	for (size_t i = 0; i < e->tags.n; i++) {
		char *f = bilan_text_fold(e->tags.v[i]);
		bool eq = !strcmp(f, folded_tag);
		free(f);
		if (eq)
			return true;
	}
	return false;
}

static struct bilan_report_fiche *fiche_for(struct bilan_report *r, const char *code)
{
	for (size_t i = 0; i < r->nfiches; i++)
		if (!strcasecmp(r->fiches[i].code, code))
			return &r->fiches[i];
	r->fiches = bilan_xrealloc(r->fiches, (r->nfiches + 1) * sizeof(*r->fiches));
	struct bilan_report_fiche *f = &r->fiches[r->nfiches++];
	memset(f, 0, sizeof(*f));
	snprintf(f->code, sizeof(f->code), "%s", code);
	for (char *p = f->code; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return f;
}

static int fiche_cmp(const void *a, const void *b)
{
	return strcmp(((const struct bilan_report_fiche *)a)->code,
		      ((const struct bilan_report_fiche *)b)->code);
}

static int64_t next_week(int64_t week_start)
{
	return bilan_week_start(week_start + 8 * 86400);
}

/* Does the entry count as the beneficiary's work?  Not the consultant's
 * own entries ('author: consultant', owner.h), nor, in a consultant's
 * copy, the private notes kept there (the consultant's too): so that
 * the consultant's report and the RAPPORT.md the beneficiary publishes
 * give one figure. */
static bool counts_as_work(const struct bilan_report *r, const struct bilan_entry *e)
{
	if (bilan_party_parse(bilan_map_str(e->extra, "author")) == BILAN_PARTY_CONSULTANT)
		return false;
	return !(e->is_private && r->consultant_copy);
}

static void gather_journal(struct bilan_report *r)
{
	const struct bilan_journal *j = r->journal;
	bool want_entries = r->kind != BILAN_REPORT_SYNTHESE && r->kind != BILAN_REPORT_DECISION;
	int64_t first = 0;
	bool any = false;
	for (size_t i = 0; i < j->n; i++) {
		const struct bilan_entry *e = j->v[i];
		bool shown = !e->is_private || r->opts.include_private;
		bool win = in_window(r, e->date.t);
		if (!any || e->date.t < first)
			first = e->date.t;
		any = true;
		if (win && counts_as_work(r, e)) {
			r->total_minutes += e->duration;
			r->total_entries++;
		}
		if (!shown) {
			if (!r->consultant_copy)
				r->omitted_entries++;
			continue;
		}
		if (win && e->is_private &&
		    (r->kind != BILAN_REPORT_SEANCE || tagged(e, BILAN_AGENDA_TAG)))
			r->private_shown++;
		if (win) {
			r->minutes_by_kind[e->kind] += e->duration;
			r->entries_by_kind[e->kind]++;
			if (want_entries)
				ptr_push(&r->entries, &r->nentries, e);
			if (e->rome && r->kind == BILAN_REPORT_SUIVI) {
				struct bilan_report_fiche *f = fiche_for(r, e->rome);
				ptr_push(&f->entries, &f->n, e);
			}
		}
		if (e->status == BILAN_STATUS_OUVERTE && want_entries) {
			if (e->kind == BILAN_KIND_BLOCAGE)
				ptr_push(&r->blockers, &r->nblockers, e);
			else
				ptr_push(&r->questions, &r->nquestions, e);
		}
		if (r->kind == BILAN_REPORT_SYNTHESE && tagged(e, "formation"))
			ptr_push(&r->formation, &r->nformation, e);
	}
	if (r->nfiches > 1)
		qsort(r->fiches, r->nfiches, sizeof(*r->fiches), fiche_cmp);

	/* weeks: from the window's start, else the bilan's, else the first entry */
	const struct bilan_config *c = &r->ws->cfg;
	int64_t from = r->now;
	if (r->has_since)
		from = r->since;
	else if (c->has_start)
		from = c->start.t;
	if (!r->has_since && any && first < from)
		from = first;
	if (from > r->now)
		from = r->now;
	int64_t last = bilan_week_start(r->now);
	size_t alloc = 0;
	for (int64_t s = bilan_week_start(from); s <= last; s = next_week(s)) {
		BILAN_ALLOC_GROW(r->weeks, r->nweeks + 1, alloc);
		struct bilan_week_total *w = &r->weeks[r->nweeks++];
		memset(w, 0, sizeof(*w));
		w->start = s;
		struct bilan_time bt = { s + 3 * 86400, 0, true };
		bilan_time_isoweek(&bt, &w->year, &w->week);
	}
	if (!r->nweeks)
		return;
	int64_t end = next_week(last);
	for (size_t i = 0; i < j->n; i++) {
		int64_t t = j->v[i]->date.t;
		if (t < r->weeks[0].start || t >= end)
			continue;
		size_t lo = 0, hi = r->nweeks;
		while (hi - lo > 1) {
			size_t mid = (lo + hi) / 2;
			if (r->weeks[mid].start <= t)
				lo = mid;
			else
				hi = mid;
		}
		r->weeks[lo].minutes += j->v[i]->duration;
		r->weeks[lo].entries++;
	}
}

static bool riasec_dims(const struct bilan_q_result *res)
{
	if (res->ndims != 6)
		return false;
	const char *want = "RIASEC";
	for (size_t i = 0; i < 6; i++)
		if (strlen(res->dims[i].id) != 1 || res->dims[i].id[0] != want[i])
			return false;
	return true;
}

/* The definition of a questionnaire from the catalogue, read once for the
 * whole report (each bilan_q_find would parse and check every definition). */
static int find_def(struct bilan_questionnaire **out, struct bilan_report *r,
		    struct bilan_q_catalog *cat, bool *loaded, const char *id,
		    struct bilan_q_trust *trust, struct bilan_error *err)
{
	*out = NULL;
	if (!*loaded) {
		*loaded = true;
		if (bilan_q_catalog_load_trusted(cat, r->ws->root, trust, err) < 0)
			return bilan_q_find(out, r->ws->root, id, err);
	}
	return bilan_q_catalog_take(out, cat, id, err);
}

static int gather_tests(struct bilan_report *r, struct bilan_error *err)
{
	struct bilan_strlist ids = BILAN_STRLIST_INIT;
	struct bilan_q_catalog cat = BILAN_Q_CATALOG_INIT;
	bool cat_loaded = false;
	int rc = bilan_q_results_ids(&ids, r->ws->root, err);
	if (rc < 0)
		return rc;
	struct bilan_q_trust *trust = ids.n ? bilan_q_trust_open(r->ws->gitdir) : NULL;
	for (size_t i = 0; i < ids.n; i++) {
		struct bilan_strlist files = BILAN_STRLIST_INIT;
		struct bilan_error e = BILAN_ERROR_INIT;
		if (bilan_q_results_files(&files, r->ws->root, ids.v[i], &e) < 0) {
			add_problem_error(r, &e);
			continue;
		}
		struct bilan_report_test t = { 0 };
		for (size_t k = 0; k < files.n; k++) {
			struct bilan_q_result *res = NULL;
			/* private results (the appraisal): only in the private version */
			if (!r->opts.include_private && !strncmp(files.v[k], "private/", 8))
				continue;
			bilan_error_clear(&e);
			if (bilan_q_result_load_trusted(&res, r->ws->root, files.v[k], trust, &e) < 0) {
				/* removed since it was listed (a test rm beside) */
				if (!bilan_fs_gone(r->ws->root, files.v[k], &e))
					add_problem_error(r, &e);
				continue;
			}
			t.takes = bilan_xrealloc(t.takes, (t.ntakes + 1) * sizeof(*t.takes));
			t.takes[t.ntakes++] = res;
		}
		bilan_strlist_clear(&files);
		if (!t.ntakes)
			continue;
		t.id = bilan_xstrdup(ids.v[i]);
		bilan_error_clear(&e);
		if (find_def(&t.def, r, &cat, &cat_loaded, t.id, trust, &e) < 0) {
			t.def = NULL;
			if (e.code == BILAN_EINVALID)
				add_problem_error(r, &e);
		}
		const struct bilan_q_result *latest = t.takes[t.ntakes - 1];
		t.title = latest->title ? latest->title : t.def ? t.def->title : t.id;
		t.riasec = riasec_dims(latest);
		/* which takes this kind shows */
		size_t first = 0;
		if (r->kind == BILAN_REPORT_SYNTHESE || r->kind == BILAN_REPORT_DECISION) {
			first = t.ntakes - 1;
		} else if (r->has_since) {
			first = t.ntakes;
			for (size_t k = 0; k < t.ntakes; k++)
				if (t.takes[k]->date.t >= r->since) {
					first = k;
					break;
				}
		}
		t.first_shown = first;
		/* a skill gap's dimensions are the skills of a ROME fiche */
		if (!strncmp(t.id, "ecart-", 6) && first < t.ntakes)
			r->rome_shown = true;
		r->tests = bilan_xrealloc(r->tests, (r->ntests + 1) * sizeof(*r->tests));
		r->tests[r->ntests++] = t;
	}
	bilan_strlist_clear(&ids);
	bilan_q_trust_close(trust);

	/* unfinished questionnaires (partial answers inside .git) */
	struct bilan_strlist part = BILAN_STRLIST_INIT;
	struct bilan_error e = BILAN_ERROR_INIT;
	if (r->kind != BILAN_REPORT_SYNTHESE && r->kind != BILAN_REPORT_DECISION &&
	    bilan_q_partial_list(&part, r->ws->gitdir, &e) == 0) {
		for (size_t i = 0; i < part.n; i++) {
			struct bilan_report_unfinished u;
			memset(&u, 0, sizeof(u));
			bilan_error_clear(&e);
			if (bilan_q_partial_info(&u.info, r->ws->gitdir, part.v[i], &e) < 0)
				continue;   /* private scratch state: nothing to report */
			bilan_error_clear(&e);
			if (find_def(&u.def, r, &cat, &cat_loaded, part.v[i], NULL, &e) == 0)
				u.title = u.def->title;
			r->unfinished = bilan_xrealloc(r->unfinished,
						       (r->nunfinished + 1) * sizeof(*r->unfinished));
			r->unfinished[r->nunfinished++] = u;
		}
	}
	bilan_strlist_clear(&part);
	bilan_q_catalog_clear(&cat);
	return 0;
}

static void read_moves(struct bilan_report *r, const struct bilan_record *rec,
		       struct bilan_report_move **out, size_t *n, size_t *in_win)
{
	const struct bilan_node *h = bilan_map_get(rec->doc->root, "history");
	*out = NULL;
	*n = 0;
	*in_win = 0;
	if (!h || h->type != BILAN_NODE_SEQ || !h->n)
		return;
	*out = bilan_xcalloc(h->n, sizeof(**out));
	for (size_t i = 0; i < h->n; i++) {
		const struct bilan_node *m = h->items[i];
		if (m->type != BILAN_NODE_MAP)
			continue;
		struct bilan_report_move *mv = &(*out)[(*n)++];
		mv->date = bilan_map_str(m, "date");
		mv->from = bilan_map_str(m, "from");
		mv->to = bilan_map_str(m, "to");
		mv->reason = bilan_map_str(m, "reason");
		mv->in_window = r->has_since ? iso_in_window(r, mv->date) : true;
		if (mv->in_window)
			(*in_win)++;
	}
}

static bool entry_is_for(const struct bilan_entry *e, const struct bilan_piste *p)
{
	if (e->piste && !strcmp(e->piste, p->rec.name))
		return true;
	if (e->rome)
		for (size_t i = 0; i < p->rome.n; i++)
			if (!strcasecmp(e->rome, p->rome.v[i]))
				return true;
	return false;
}

static const char *rome_title(struct bilan_report *r, const char *code)
{
	if (!r->rome)
		return NULL;
	struct bilan_rome_fiche f;
	if (bilan_rome_lookup(&f, r->rome, code, NULL) < 0)
		return NULL;
	return f.title;
}

static int gather_records(struct bilan_report *r, struct bilan_error *err)
{
	const struct bilan_ws *ws = r->ws;
	struct bilan_diags d = BILAN_DIAGS_INIT;
	int rc;
	if ((rc = bilan_pistes_load(&r->pistes, ws, &d, err)) < 0 ||
	    (rc = bilan_enquetes_load(&r->enquetes, ws, &d, err)) < 0 ||
	    (rc = bilan_seances_load(&r->seances, ws, &d, err)) < 0 ||
	    (rc = bilan_todos_load(&r->todos, ws, r->now, &d, err)) < 0) {
		bilan_diags_clear(&d);
		return rc;
	}
	add_problems(r, &d);

	/* the ROME index, only when a code is to be named */
	bool codes = r->nfiches > 0;
	for (size_t i = 0; i < r->pistes.n && !codes; i++)
		codes = r->pistes.v[i].rome.n > 0;
	if (codes) {
		struct bilan_rome *rome = NULL;
		if (bilan_rome_open(&rome, NULL, NULL) == 0)
			r->rome = rome;
	}
	for (size_t i = 0; i < r->nfiches; i++) {
		r->fiches[i].title = rome_title(r, r->fiches[i].code);
		if (r->fiches[i].title)
			r->rome_shown = true;
	}

	r->rpistes = bilan_xcalloc(r->pistes.n + 1, sizeof(*r->rpistes));
	for (size_t i = 0; i < r->pistes.n; i++) {
		const struct bilan_piste *p = &r->pistes.v[i];
		struct bilan_report_piste *rp = &r->rpistes[i];
		rp->p = p;
		rp->reason = bilan_piste_last_reason(p);
		rp->rome_titles = bilan_xcalloc(p->rome.n + 1, sizeof(char *));
		for (size_t k = 0; k < p->rome.n; k++) {
			rp->rome_titles[k] = rome_title(r, p->rome.v[k]);
			if (rp->rome_titles[k])
				r->rome_shown = true;
		}
		read_moves(r, &p->rec, &rp->moves, &rp->nmoves, &rp->moves_in_window);
		for (size_t k = 0; k < r->journal->n; k++) {
			const struct bilan_entry *e = r->journal->v[k];
			if ((e->is_private && !r->opts.include_private) || !entry_is_for(e, p))
				continue;
			if (e->kind == BILAN_KIND_RECHERCHE)
				rp->research++;
			else
				rp->journal++;
		}
		for (size_t k = 0; k < r->enquetes.n; k++) {
			const struct bilan_enquete *q = &r->enquetes.v[k];
			if (strcmp(q->piste, p->rec.name))
				continue;
			rp->enquetes++;
			if (q->has_verdict)
				rp->verdicts[q->verdict]++;
		}
		rp->shown = r->kind != BILAN_REPORT_SEANCE || (r->has_since && rp->moves_in_window) ||
			    (!r->has_since && rp->nmoves);
	}

	r->renquetes = bilan_xcalloc(r->enquetes.n + 1, sizeof(*r->renquetes));
	for (size_t i = 0; i < r->enquetes.n; i++) {
		const struct bilan_enquete *q = &r->enquetes.v[i];
		struct bilan_report_enquete *re = &r->renquetes[i];
		re->e = q;
		re->label = bilan_enquete_label(q);
		for (size_t k = 0; k < r->pistes.n; k++)
			if (!strcmp(r->pistes.v[k].rec.name, q->piste))
				re->piste_title = r->pistes.v[k].title;
		const struct bilan_node *o = bilan_map_get(q->rec.doc->root, "outcome");
		if (o && o->type == BILAN_NODE_MAP) {
			re->outcome_date = bilan_map_str(o, "date");
			re->confirmed = bilan_map_str(o, "confirmed");
			re->surprised = bilan_map_str(o, "surprised");
			re->attention = bilan_map_str(o, "attention");
			re->notes = bilan_map_str(o, "notes");
		}
		if (q->status == BILAN_ENQUETE_REALISEE) {
			if (q->has_date)
				re->held_in_window = in_window(r, q->date.t);
			else
				re->held_in_window = iso_in_window(r, re->outcome_date);
		}
		re->has_contact = q->contact && *q->contact;
		if (re->has_contact && !r->opts.include_private) {
			r->omitted_contacts++;
		} else if (re->has_contact) {
			struct bilan_error e = BILAN_ERROR_INIT;
			if (bilan_record_load(&re->contact, ws, BILAN_CONTACT_DIR, q->contact, &e) < 0) {
				if (e.code != BILAN_ENOTFOUND)
					add_problem_error(r, &e);
				memset(&re->contact, 0, sizeof(re->contact));
			} else {
				/* only the follow-up report lists them */
				if (r->kind == BILAN_REPORT_SUIVI)
					r->contacts_shown++;
				re->contact_name = bilan_record_str(&re->contact, "name");
				re->contact_phone = bilan_record_str(&re->contact, "phone");
				re->contact_email = bilan_record_str(&re->contact, "email");
				const struct bilan_node *s = bilan_map_get(re->contact.doc->root,
									   "suggested");
				for (size_t k = 0; s && s->type == BILAN_NODE_SEQ && k < s->n; k++) {
					const char *t = s->items[k]->type == BILAN_NODE_MAP
						? bilan_map_str(s->items[k], "text")
						: s->items[k]->type == BILAN_NODE_SCALAR ? s->items[k]->value : NULL;
					if (t)
						bilan_strlist_add(&re->suggested, t);
				}
			}
		}
		re->shown = r->kind != BILAN_REPORT_SEANCE || re->held_in_window;
	}

	r->next = bilan_seance_next_announced(&r->seances, r->now, bilan_ws_closed(ws));
	r->attended = bilan_seances_attended(&r->seances);
	r->planned = bilan_seances_planned(&r->seances);
	for (size_t i = 0; i < r->seances.n; i++) {
		const struct bilan_seance *s = &r->seances.v[i];
		if (s->status == BILAN_SEANCE_REALISEE && s->date.t <= r->now &&
		    (!r->last_held || s->date.t >= r->last_held->date.t))
			r->last_held = s;
	}

	r->todo_shown = bilan_xcalloc(r->todos.n + 1, sizeof(bool));
	for (size_t i = 0; i < r->todos.n; i++) {
		const struct bilan_todo *t = &r->todos.v[i];
		if (!t->done)
			r->todo_shown[i] = true;
		else
			r->todo_shown[i] = r->kind == BILAN_REPORT_SUIVI && iso_in_window(r, t->done_at);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* layout: shared parts                                                */

static const char *who(const struct bilan_report *r)
{
	const char *n = r->ws->cfg.name;
	return n && *n ? n : "(sans nom)";
}

static void header_list(struct bilan_report *r, bool with_window)
{
	struct bilan_rdoc *d = &r->doc;
	const struct bilan_config *c = &r->ws->cfg;
	char a[32], b[32];
	size_t l = list(d);
	struct bilan_rtext *t = item(d, l);
	rt_add(t, BILAN_RS_STRONG, "Bénéficiaire : ");
	rt_add(t, BILAN_RS_TEXT, who(r));
	if ((c->consultant && *c->consultant) || (c->provider && *c->provider)) {
		t = item(d, l);
		rt_add(t, BILAN_RS_STRONG, "Accompagnement : ");
		rt_add(t, BILAN_RS_TEXT, c->consultant);
		if (c->consultant && *c->consultant && c->provider && *c->provider)
			rt_add(t, BILAN_RS_TEXT, " — ");
		rt_add(t, BILAN_RS_TEXT, c->provider);
	}
	if (c->funding) {
		t = item(d, l);
		rt_add(t, BILAN_RS_STRONG, "Financement : ");
		rt_add(t, BILAN_RS_TEXT, funding_label(c->funding));
	}
	if (c->has_start) {
		t = item(d, l);
		rt_add(t, BILAN_RS_STRONG, "Dates : ");
		if (c->has_end)
			rt_addf(t, BILAN_RS_TEXT, "du %s au %s", bilan_report_day(a, &c->start),
				bilan_report_day(b, &c->end));
		else
			rt_addf(t, BILAN_RS_TEXT, "depuis le %s", bilan_report_day(a, &c->start));
	}
	t = item(d, l);
	rt_add(t, BILAN_RS_STRONG, "Étape : ");
	rt_add(t, BILAN_RS_TEXT, bilan_report_phase_label(c->phase));
	t = item(d, l);
	rt_add(t, BILAN_RS_STRONG, "Établi le : ");
	struct bilan_time now = { r->now, 0, true };
	rt_add(t, BILAN_RS_TEXT, bilan_report_when(a, &now));
	if (with_window) {
		rt_add(t, BILAN_RS_TEXT, " — période : ");
		if (r->has_since)
			rt_addf(t, BILAN_RS_TEXT, "depuis le %s", day_of(a, r->since));
		else
			rt_add(t, BILAN_RS_TEXT, "tout le bilan");
	}
}

static void problems_and_privacy(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	size_t nerr = bilan_diags_count(&r->problems, BILAN_SEV_ERROR);
	if (nerr) {
		struct bilan_rtext *t = note(d, "warning");
		rt_addf(t, BILAN_RS_STRONG, "%s", nerr > 1
			? "Des fichiers n'ont pas pu être lus"
			: "Un fichier n'a pas pu être lu");
		rt_add(t, BILAN_RS_TEXT, " : ce qu'ils contiennent manque à ce rapport. "
		       "Corrigez-les (bilan check) puis relancez bilan report.");
		size_t l = list(d);
		for (size_t i = 0; i < r->problems.n; i++) {
			const struct bilan_diag *g = &r->problems.v[i];
			if (g->severity != BILAN_SEV_ERROR)
				continue;
			struct bilan_rtext *it = item(d, l);
			if (g->line > 0)
				rt_addf(it, BILAN_RS_CODE, "%s:%d:%d", g->file ? g->file : "", g->line,
					g->col > 0 ? g->col : 1);
			else
				rt_add(it, BILAN_RS_CODE, g->file && *g->file ? g->file : "?");
			rt_addf(it, BILAN_RS_TEXT, " : %s", g->message);
		}
	}
	if (r->opts.include_private) {
		/* the banner says what the report holds, and only that */
		if (!r->private_shown && !r->contacts_shown)
			return;
		struct bilan_rtext *t = note(d, "private");
		rt_add(t, BILAN_RS_STRONG, "Document privé. ");
		rt_add(t, BILAN_RS_TEXT, "Ce rapport contient ");
		if (r->private_shown)
			rt_add(t, BILAN_RS_TEXT, r->consultant_copy ? "vos notes privées"
				     : "des entrées privées du journal");
		if (r->private_shown && r->contacts_shown)
			rt_add(t, BILAN_RS_TEXT, " et ");
		if (r->contacts_shown)
			rt_add(t, BILAN_RS_TEXT, "les coordonnées de personnes interrogées");
		rt_add(t, BILAN_RS_TEXT, r->consultant_copy ? " : gardez-le pour vous."
			     : " : ne le transmettez qu'avec l'accord du bénéficiaire.");
	} else if (r->omitted_entries || r->omitted_contacts) {
		struct bilan_rtext *t = note(d, "info");
		rt_add(t, BILAN_RS_STRONG, "Contenu privé omis : ");
		if (r->omitted_entries)
			rt_addf(t, BILAN_RS_TEXT, "%zu entrée%s privée%s du journal", r->omitted_entries,
				r->omitted_entries > 1 ? "s" : "", r->omitted_entries > 1 ? "s" : "");
		if (r->omitted_entries && r->omitted_contacts)
			rt_add(t, BILAN_RS_TEXT, " et ");
		if (r->omitted_contacts)
			rt_addf(t, BILAN_RS_TEXT, "les coordonnées de %zu personne%s interrogée%s",
				r->omitted_contacts, r->omitted_contacts > 1 ? "s" : "",
				r->omitted_contacts > 1 ? "s" : "");
		rt_add(t, BILAN_RS_TEXT, r->omitted_contacts || r->omitted_entries > 1
		       ? " ne figurent pas dans ce rapport (bilan report --include-private les inclut)."
		       : " ne figure pas dans ce rapport (bilan report --include-private l'inclut).");
		if (r->omitted_entries)
			rt_add(t, BILAN_RS_TEXT, " Le temps noté compte les entrées privées.");
	}
}

static void rome_credit(struct bilan_report *r)
{
	if (r->rome_shown)
		rt_add(para(&r->doc), BILAN_RS_EM, BILAN_ROME_SOURCE);
}

static void notice_indicative(struct bilan_report *r)
{
	struct bilan_rtext *t = note(&r->doc, "info");
	rt_add(t, BILAN_RS_TEXT, "Ces questionnaires sont des auto-évaluations indicatives, à "
	       "discuter avec le consultant : ce ne sont ni des tests psychométriques validés, "
	       "ni des verdicts. Les niveaux (« plutôt élevé »…) et les moyennes comparent les "
	       "réponses à l'échelle de réponse, pas la personne à d'autres personnes : ces "
	       "questionnaires n'ont pas de normes.");
}

/* The bars of a weekly chart: the last max_weeks weeks. */
static void weeks_chart(struct bilan_report *r, size_t max_weeks)
{
	if (!r->nweeks)
		return;
	size_t from = r->nweeks > max_weeks ? r->nweeks - max_weeks : 0;
	char goal[16], title[96];
	if (r->ws->cfg.weekly_goal > 0)
		snprintf(title, sizeof(title), "Heures par semaine (objectif %s)",
			 dur(goal, r->ws->cfg.weekly_goal));
	else
		snprintf(title, sizeof(title), "Heures par semaine");
	struct bilan_rchart *c = chart(&r->doc, BILAN_CHART_WEEKS, title, r->nweeks - from);
	c->keys = bilan_xcalloc(c->nlabels + 1, sizeof(char *));
	c->goal = r->ws->cfg.weekly_goal;
	int *v = chart_series(c, "Heures");
	for (size_t i = from; i < r->nweeks; i++) {
		char d[32];
		c->labels[i - from] = bilan_xasprintf("S%02d (%.5s)", r->weeks[i].week,
						      day_of(d, r->weeks[i].start));
		c->keys[i - from] = bilan_xasprintf("S%02d", r->weeks[i].week);
		v[i - from] = r->weeks[i].minutes;
	}
}

/* A skill gap against a ROME fiche ('bilan metier ecart': questionnaires
 * ecart-CODE): its dimensions are the fiche's skills. */
static bool is_gap(const struct bilan_report_test *t)
{
	return !strncmp(t->id, "ecart-", 6);
}

/* "4,1" from tenths of a mean */
static const char *mean_fr(char *buf, int tenths)
{
	snprintf(buf, 16, "%d,%d", tenths / 10, tenths % 10);
	return buf;
}

static const char *level_fr(int tenths)
{
	switch (bilan_q_level(tenths)) {
	case BILAN_Q_LOW: return "plutôt bas";
	case BILAN_Q_MEDIUM: return "intermédiaire";
	case BILAN_Q_HIGH: return "plutôt élevé";
	}
	return "";
}

/* What may be said of a take's dimensions, in words (bilan-test(1),
 * SCORING RULES): too few answers, little differentiated, or the most
 * marked dimensions with their level and mean on the answer scale, ties
 * said.  Nothing for skills questionnaires (their dimensions average
 * unrelated skills) and skill gaps. */
static void dims_words(struct bilan_rtext *t, const struct bilan_report_test *rt, size_t max)
{
	const struct bilan_q_result *res = rt->takes[rt->ntakes - 1];
	if (!res->ndims || res->nskills || is_gap(rt))
		return;
	struct bilan_q_reading rd = BILAN_Q_READING_INIT;
	bilan_q_read(&rd, res, rt->def);
	char m[16];
	if (rd.unread) {
		rt_addf(t, BILAN_RS_TEXT, " Trop peu de réponses pour lire %zu dimension%s "
			"(il faut au moins les trois quarts des questions de chacune).",
			rd.unread, rd.unread > 1 ? "s" : "");
	} else if (rd.norder < 2 || rd.spread_tenths < BILAN_Q_FLAT_TENTHS) {
		rt_addf(t, BILAN_RS_TEXT, " Profil peu différencié : aucune dimension ne ressort "
			"(%d,%d points sur 100 entre la plus haute et la plus basse, moins de 15).",
			rd.spread_tenths < 0 ? 0 : rd.spread_tenths / 10,
			rd.spread_tenths < 0 ? 0 : rd.spread_tenths % 10);
	} else {
		size_t n = rd.top ? rd.top : max;
		if (n > rd.norder)
			n = rd.norder;
		rt_add(t, BILAN_RS_TEXT, " Plus marquées : ");
		for (size_t k = 0; k < n; k++) {
			const struct bilan_q_result_dim *dm = &res->dims[rd.order[k]];
			rt_addf(t, BILAN_RS_TEXT, "%s%s (%s, moyenne %s sur %d à %d)", k ? ", " : "",
				dm->label ? dm->label : dm->id, level_fr(dm->tenths),
				mean_fr(m, rd.dims[rd.order[k]].mean_tenths), res->min, res->max);
		}
		rt_add(t, BILAN_RS_TEXT, ".");
		for (size_t k = 0; k < n && k + 1 < rd.norder; k++) {
			if (!rd.tie_next[k])
				continue;
			rt_add(t, BILAN_RS_TEXT, " Ex aequo : ");
			size_t b = k;
			while (b + 1 < rd.norder && rd.tie_next[b])
				b++;
			for (size_t j = k; j <= b; j++) {
				const struct bilan_q_result_dim *dm = &res->dims[rd.order[j]];
				rt_addf(t, BILAN_RS_TEXT, "%s%s", j == k ? "" : j == b ? " et " : ", ",
					dm->label ? dm->label : dm->id);
			}
			rt_add(t, BILAN_RS_TEXT, b >= n ? " (le code pourrait aussi bien en prendre une autre)."
							: " (dans l'ordre du questionnaire).");
			k = b;
		}
	}
	/* a forced choice (rank item), in its order */
	for (size_t i = 0; rt->def && i < res->nanswers; i++) {
		const struct bilan_q_result_answer *a = &res->answers[i];
		size_t it = a->is_text ? bilan_q_item_index(rt->def, a->item) : BILAN_Q_NONE;
		size_t idx[64];
		size_t n = it != BILAN_Q_NONE && rt->def->items[it].rank > 0
				   ? bilan_q_rank_parse(idx, 64, rt->def, a->text) : 0;
		if (!n)
			continue;
		rt_add(t, BILAN_RS_TEXT, " Choisies, de la plus importante à la moins importante : ");
		for (size_t k = 0; k < n; k++)
			rt_addf(t, BILAN_RS_TEXT, "%s%zu. %s", k ? ", " : "", k + 1,
				rt->def->dims[idx[k]].label);
		rt_add(t, BILAN_RS_TEXT, ".");
	}
	bilan_q_reading_clear(&rd);
}

static void test_chart(struct bilan_report *r, const struct bilan_report_test *t, size_t max_takes)
{
	const struct bilan_q_result *latest = t->takes[t->ntakes - 1];
	size_t first = t->first_shown;
	if (t->ntakes - first > max_takes)
		first = t->ntakes - max_takes;
	bool several = t->ntakes - first > 1;
	char title[256];
	snprintf(title, sizeof(title), "%s%s", t->title, several ? " — évolution" : "");
	struct bilan_rchart *c = chart(&r->doc, t->riasec ? BILAN_CHART_RADAR : BILAN_CHART_BARS,
				       title, latest->ndims);
	c->keys = bilan_xcalloc(latest->ndims + 1, sizeof(char *));
	for (size_t d = 0; d < latest->ndims; d++) {
		c->labels[d] = bilan_xstrdup(latest->dims[d].label ? latest->dims[d].label
								    : latest->dims[d].id);
		c->keys[d] = bilan_xstrdup(latest->dims[d].id);
	}
	c->evolution = several;
	c->scale_min = latest->min;
	c->scale_max = latest->max;
	for (size_t k = first; k < t->ntakes; k++) {
		const struct bilan_q_result *res = t->takes[k];
		char day[32];
		int *v = chart_series(c, bilan_report_day(day, &res->date));
		/* a dimension with too few answers has no value (bilan-test(1)) */
		struct bilan_q_reading rd = BILAN_Q_READING_INIT;
		bilan_q_read(&rd, res, t->def);
		for (size_t d = 0; d < latest->ndims; d++)
			for (size_t x = 0; x < res->ndims; x++)
				if (!strcmp(res->dims[x].id, latest->dims[d].id) && rd.dims[x].read &&
				    res->min == latest->min && res->max == latest->max)
					v[d] = rd.dims[x].mean_tenths;
		bilan_q_reading_clear(&rd);
	}
}

/* Skills definitions (competences): a bar per skill, one series per
 * dimension (maîtrise, envie) of the latest take. */
static void skills_chart(struct bilan_report *r, const struct bilan_report_test *t)
{
	const struct bilan_q_result *res = t->takes[t->ntakes - 1];
	if (!res->nskills || !res->ndims)
		return;
	char title[256];
	snprintf(title, sizeof(title), "%s — par compétence", t->title);
	struct bilan_rchart *c = chart(&r->doc, BILAN_CHART_BARS, title, res->nskills);
	c->scale_min = res->min;
	c->scale_max = res->max;
	for (size_t s = 0; s < res->nskills; s++)
		c->labels[s] = bilan_xstrdup(res->skills[s].label ? res->skills[s].label
								  : res->skills[s].id);
	for (size_t d = 0; d < res->ndims; d++) {
		int *v = chart_series(c, res->dims[d].label ? res->dims[d].label : res->dims[d].id);
		for (size_t s = 0; s < res->nskills; s++) {
			const struct bilan_q_result_skill *sk = &res->skills[s];
			for (size_t k = 0; k < sk->ndims; k++)
				if (!strcmp(sk->dims[k].id, res->dims[d].id) && sk->dims[k].has_percent)
					/* the percent of the range back on the scale */
					v[s] = (res->min * 1000 + sk->dims[k].tenths * (res->max - res->min) + 50) / 100;
		}
	}
}

static int skill_tenths(const struct bilan_q_result_skill *sk, const char *dim)
{
	for (size_t k = 0; k < sk->ndims; k++)
		if (!strcmp(sk->dims[k].id, dim))
			return sk->dims[k].has_percent ? sk->dims[k].tenths : -1;
	return -1;
}

int bilan_report_skill_pair(const struct bilan_report_test *t, size_t s)
{
	const struct bilan_questionnaire *q = t->def;
	const struct bilan_q_result *res = t->takes[t->ntakes - 1];
	if (!q || !q->has_pairs || !res->nskills)
		return -1;
	if (s >= res->nskills)
		return 0;
	const struct bilan_q_result_skill *sk = &res->skills[s];
	int ta = skill_tenths(sk, q->dims[q->pair[0]].id);
	int tb = skill_tenths(sk, q->dims[q->pair[1]].id);
	switch (bilan_q_pair_flag(ta, tb)) {
	case BILAN_Q_PAIR_UNWANTED: return 3;
	case BILAN_Q_PAIR_TO_GROW: return 2;
	case BILAN_Q_PAIR_NONE: break;
	}
	if (ta >= 0 && tb >= 0 && bilan_q_level(ta) == BILAN_Q_HIGH && bilan_q_level(tb) == BILAN_Q_HIGH)
		return 1;
	return 0;
}


static size_t gap_items(struct bilan_report *r, const struct bilan_report_test *t, int level);

/* The three lists of a skill gap, by level, with the skills' full labels:
 * acquired, in part, to acquire (a chart of 0/50/100 % says less). */
static void gap_lists(struct bilan_report *r, const struct bilan_report_test *t)
{
	if (!is_gap(t))
		return;
	static const char *const titles[] = { "Acquis :", "En partie :", "À acquérir :" };
	for (int k = 0; k < 3; k++) {
		rt_add(para(&r->doc), BILAN_RS_STRONG, titles[k]);
		if (!gap_items(r, t, k))
			rt_add(para(&r->doc), BILAN_RS_EM, "aucune");
	}
	r->rome_shown = true;
	rt_add(para(&r->doc), BILAN_RS_EM, BILAN_ROME_SOURCE);
}

/* Pairs (maîtrise/envie): strengths, skills to grow, unwanted ones. */
static void skill_pairs(struct bilan_report *r, const struct bilan_report_test *t)
{
	if (bilan_report_skill_pair(t, 0) < 0)
		return;
	const struct bilan_q_result *res = t->takes[t->ntakes - 1];
	struct bilan_rdoc *d = &r->doc;
	struct bilan_buf g[3] = { BILAN_BUF_INIT, BILAN_BUF_INIT, BILAN_BUF_INIT };
	for (size_t s = 0; s < res->nskills; s++) {
		int f = bilan_report_skill_pair(t, s);
		if (f <= 0)
			continue;
		const struct bilan_q_result_skill *sk = &res->skills[s];
		bilan_buf_printf(&g[f - 1], "%s%s", g[f - 1].len ? ", " : "",
				 sk->label ? sk->label : sk->id);
	}
	static const char *const titles[] = { "Atouts (maîtrisés et souhaités) : ",
					      "À développer (souhaités, moins maîtrisés) : ",
					      "Maîtrisés mais peu souhaités : " };
	static const char *const none[] = { "aucun pour l'instant", "aucun", "aucun" };
	size_t l = list(d);
	for (int k = 0; k < 3; k++) {
		struct bilan_rtext *it = item(d, l);
		rt_add(it, BILAN_RS_STRONG, titles[k]);
		rt_add(it, BILAN_RS_TEXT, g[k].len ? g[k].ptr : none[k]);
		bilan_buf_clear(&g[k]);
	}
}

static void text_answers(struct bilan_report *r, const struct bilan_report_test *t)
{
	const struct bilan_q_result *res = t->takes[t->ntakes - 1];
	size_t l = (size_t)-1;
	for (size_t i = 0; i < res->nanswers; i++) {
		const struct bilan_q_result_answer *a = &res->answers[i];
		if (!a->is_text || !a->text || !*a->text)
			continue;
		/* a forced choice is given with the dimensions (dims_words) */
		size_t ri = t->def ? bilan_q_item_index(t->def, a->item) : BILAN_Q_NONE;
		if (ri != BILAN_Q_NONE && t->def->items[ri].rank > 0)
			continue;
		if (l == (size_t)-1) {
			rt_add(para(&r->doc), BILAN_RS_STRONG, "Réponses libres :");
			l = list(&r->doc);
		}
		struct bilan_rtext *it = item(&r->doc, l);
		size_t qi = t->def ? bilan_q_item_index(t->def, a->item) : BILAN_Q_NONE;
		rt_add(it, BILAN_RS_EM, qi != BILAN_Q_NONE ? t->def->items[qi].text : a->item);
		rt_add(it, BILAN_RS_TEXT, " — ");
		rt_add(it, BILAN_RS_TEXT, a->text);
	}
}

/* The profile: a code of letters as is ("SAI"), else the labels of its
 * dimensions ("Sens et utilité, Sécurité"). */
static void profile_text(struct bilan_rtext *t, const struct bilan_q_result *res)
{
	bool letters = res->ntop > 0;
	for (size_t k = 0; k < res->ntop; k++)
		letters = letters && strlen(res->top[k]) == 1;
	if (letters || !res->ntop) {
		rt_add(t, BILAN_RS_STRONG, res->profile);
		return;
	}
	for (size_t k = 0; k < res->ntop; k++) {
		const struct bilan_q_result_dim *d = bilan_q_result_dim(res, res->top[k]);
		if (k)
			rt_add(t, BILAN_RS_TEXT, ", ");
		rt_add(t, BILAN_RS_STRONG, d && d->label ? d->label : res->top[k]);
	}
}

/* The profile as the rules allow it (bilan-test(1)): the code, or why
 * there is none; nothing for a questionnaire without profile. */
static void profile_said(struct bilan_rtext *t, const struct bilan_q_result *res,
			 const struct bilan_questionnaire *def, const char *lead)
{
	struct bilan_q_reading rd = BILAN_Q_READING_INIT;
	bilan_q_read(&rd, res, def);
	switch (rd.state) {
	case BILAN_Q_PROF_NONE:
		break;
	case BILAN_Q_PROF_NODEF:
		rt_addf(t, BILAN_RS_TEXT, "%sPas de profil (définition du questionnaire absente)", lead);
		break;
	case BILAN_Q_PROF_INCOMPLETE:
		rt_addf(t, BILAN_RS_TEXT, "%sPas de profil : trop peu de réponses", lead);
		break;
	case BILAN_Q_PROF_FLAT:
		rt_addf(t, BILAN_RS_TEXT, "%sPas de profil : profil peu différencié", lead);
		break;
	case BILAN_Q_PROF_CLEAR: {
		rt_addf(t, BILAN_RS_TEXT, "%sProfil : ", lead);
		struct bilan_q_result tmp = *res;
		char *top[16];
		size_t n = rd.top < rd.norder ? rd.top : rd.norder;
		if (n > 16)
			n = 16;
		for (size_t k = 0; k < n; k++)
			top[k] = res->dims[rd.order[k]].id;
		tmp.profile = rd.code;
		tmp.top = top;
		tmp.ntop = n;
		profile_text(t, &tmp);
		if (rd.code_ambiguous)
			rt_add(t, BILAN_RS_TEXT, " (ex aequo à la dernière place : un autre code serait aussi juste)");
		break;
	}
	}
	bilan_q_reading_clear(&rd);
}

static void test_takes_line(struct bilan_rtext *t, const struct bilan_report_test *rt)
{
	char d[32];
	size_t n = rt->ntakes - rt->first_shown;
	if (n == 1) {
		rt_addf(t, BILAN_RS_TEXT, "Passé le %s",
			bilan_report_day(d, &rt->takes[rt->ntakes - 1]->date));
	} else {
		rt_addf(t, BILAN_RS_TEXT, "Passé %zu fois : ", n);
		for (size_t k = rt->first_shown; k < rt->ntakes; k++)
			rt_addf(t, BILAN_RS_TEXT, "%s%s", k > rt->first_shown ? ", " : "",
				bilan_report_day(d, &rt->takes[k]->date));
	}
	if (rt->first_shown > 0)
		rt_addf(t, BILAN_RS_TEXT, " (et %zu fois avant)", rt->first_shown);
	const struct bilan_q_result *latest = rt->takes[rt->ntakes - 1];
	profile_said(t, latest, rt->def, ". ");
	rt_add(t, BILAN_RS_TEXT, ".");
}

static void entry_line(struct bilan_rtext *t, const struct bilan_entry *e, bool with_kind)
{
	char d[32], du[16];
	rt_add(t, BILAN_RS_TEXT, bilan_report_day(d, &e->date));
	if (with_kind) {
		rt_add(t, BILAN_RS_TEXT, " · ");
		rt_add(t, BILAN_RS_TEXT, bilan_report_kind_label(e->kind));
	}
	rt_add(t, BILAN_RS_TEXT, " — ");
	rt_add(t, BILAN_RS_STRONG, e->title);
	if (e->duration)
		rt_addf(t, BILAN_RS_TEXT, " (%s)", dur(du, e->duration));
	if (e->is_private)
		rt_add(t, BILAN_RS_EM, " [privée]");
}

static void open_items(struct bilan_report *r, const char *qtitle)
{
	struct bilan_rdoc *d = &r->doc;
	section(d, "questions", qtitle, false);
	if (!r->nquestions && !r->nblockers) {
		rt_add(para(d), BILAN_RS_TEXT, "Aucune question ni aucun blocage en suspens.");
		return;
	}
	if (r->nquestions) {
		rt_addf(heading(d, 3), BILAN_RS_TEXT, "Questions pour le consultant (%zu)",
			r->nquestions);
		size_t l = list(d);
		for (size_t i = 0; i < r->nquestions; i++) {
			struct bilan_rtext *t = item(d, l);
			entry_line(t, r->questions[i], false);
			char *first = bilan_text_first_line(r->questions[i]->body, 160);
			if (first && *first) {
				rt_add(t, BILAN_RS_TEXT, " : ");
				rt_add(t, BILAN_RS_TEXT, first);
			}
			free(first);
		}
	}
	if (r->nblockers) {
		rt_addf(heading(d, 3), BILAN_RS_TEXT, "Blocages (%zu)", r->nblockers);
		size_t l = list(d);
		for (size_t i = 0; i < r->nblockers; i++) {
			struct bilan_rtext *t = item(d, l);
			entry_line(t, r->blockers[i], false);
			char *first = bilan_text_first_line(r->blockers[i]->body, 160);
			if (first && *first) {
				rt_add(t, BILAN_RS_TEXT, " : ");
				rt_add(t, BILAN_RS_TEXT, first);
			}
			free(first);
		}
	}
}

static const char *todo_state(char *buf, const struct bilan_todo *t, int64_t now)
{
	if (t->done) {
		char d[32];
		snprintf(buf, 64, "fait le %s", day_iso(d, t->done_at));
		return buf;
	}
	if (bilan_todo_overdue(t, now))
		return "en retard";
	if (bilan_todo_due_this_week(t, now))
		return "cette semaine";
	return "à faire";
}

static const char *piste_title(const struct bilan_report *r, const char *slug)
{
	for (size_t i = 0; slug && i < r->pistes.n; i++)
		if (!strcmp(r->pistes.v[i].rec.name, slug))
			return r->pistes.v[i].title;
	return slug;
}

/* Who wrote a record when it is not the beneficiary (owner.h): the
 * consultant's name, or NULL. */
static const char *author_name(const struct bilan_report *r, const struct bilan_node *map)
{
	if (bilan_party_parse(bilan_map_str(map, "author")) != BILAN_PARTY_CONSULTANT)
		return NULL;
	const char *c = r->ws->cfg.consultant;
	return c && *c ? c : "le consultant";
}

/* The attendance sheet (émargement): each séance held, each party's own
 * confirmation with its date (owner.h). */
static void attendance_sheet(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	size_t held = 0;
	for (size_t i = 0; i < r->seances.n; i++)
		held += r->seances.v[i].status == BILAN_SEANCE_REALISEE;
	if (!held)
		return;
	section(d, "emargement", "Émargement", false);
	size_t ti = table(d, 4, 1u << 1, "Séance", "Durée", "Bénéficiaire", "Consultant");
	for (size_t i = 0; i < r->seances.n; i++) {
		const struct bilan_seance *s = &r->seances.v[i];
		if (s->status != BILAN_SEANCE_REALISEE)
			continue;
		char a[32], b[16], *c[2];
		for (int p = 0; p < 2; p++) {
			struct bilan_time t;
			const char *name = s->confirm[p].by ? s->confirm[p].by
				: bilan_party_display(r->ws, (enum bilan_party)p);
			if (s->confirm[p].at && bilan_time_parse_iso(&t, s->confirm[p].at)) {
				char w[32];
				c[p] = bilan_xasprintf("%s, le %s", name && *name ? name : "?",
						       bilan_report_when(w, &t));
			} else {
				c[p] = bilan_xstrdup("non confirmée");
			}
		}
		row(d, ti, bilan_report_when(a, &s->date), dur(b, s->attended), c[0], c[1]);
		free(c[0]);
		free(c[1]);
	}
}

static void todo_table(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	size_t n = 0;
	for (size_t i = 0; i < r->todos.n; i++)
		n += r->todo_shown[i];
	if (!n) {
		rt_add(para(d), BILAN_RS_TEXT, "Rien à faire pour l'instant.");
		return;
	}
	size_t ti = table(d, 4, 0, "Tâche", "Échéance", "Piste", "État");
	for (size_t i = 0; i < r->todos.n; i++) {
		if (!r->todo_shown[i])
			continue;
		const struct bilan_todo *t = &r->todos.v[i];
		char due[32] = "", st[64];
		if (t->has_due)
			bilan_report_day(due, &t->due);
		const char *by = author_name(r, t->rec.doc ? t->rec.doc->root : NULL);
		char *text = by ? bilan_xasprintf("%s (par %s)", t->text, by) : NULL;
		row(d, ti, text ? text : t->text, due, t->piste ? piste_title(r, t->piste) : "",
		    todo_state(st, t, r->now));
		free(text);
	}
}

static void seances_hours(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	char b[16], c[16];
	struct bilan_rtext *t = para(d);
	rt_add(t, BILAN_RS_TEXT, "Temps de séance : ");
	rt_add(t, BILAN_RS_STRONG, dur(b, r->attended));
	rt_addf(t, BILAN_RS_TEXT, " réalisées sur 24 h au plus (article L6313-4 du Code du "
		"travail)");
	if (r->planned)
		rt_addf(t, BILAN_RS_TEXT, " ; %s prévues", dur(c, r->planned));
	rt_add(t, BILAN_RS_TEXT, ".");
}

static void seances_table(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	char a[32], b[16];
	seances_hours(r);
	if (!r->seances.n)
		return;
	size_t ti = table(d, 4, 1u << 2, "Date", "Statut", "Durée", "Sujet");
	for (size_t i = 0; i < r->seances.n; i++) {
		const struct bilan_seance *s = &r->seances.v[i];
		int m = s->status == BILAN_SEANCE_REALISEE ? s->attended : s->planned;
		row(d, ti, bilan_report_when(a, &s->date), seance_status_label(s->status),
		    dur(b, m), s->subject ? s->subject : "");
	}
}

static void next_seance_text(struct bilan_rtext *t, const struct bilan_report *r)
{
	char a[32], b[16];
	if (!r->next) {
		rt_add(t, BILAN_RS_TEXT, "aucune séance prévue");
		return;
	}
	struct tm tm;
	bilan_time_local(&r->next->date, &tm);
	rt_addf(t, BILAN_RS_STRONG, "%s %s à %02d:%02d", weekday(&r->next->date),
		bilan_report_day(a, &r->next->date), tm.tm_hour % 100, tm.tm_min % 100);
	rt_addf(t, BILAN_RS_TEXT, " (%s)", dur(b, r->next->planned));
	if (r->next->subject && *r->next->subject) {
		rt_add(t, BILAN_RS_TEXT, " — ");
		rt_add(t, BILAN_RS_TEXT, r->next->subject);
	}
}

static void evidence_text(struct bilan_rtext *t, const struct bilan_report_piste *rp)
{
	const char *sep = "";
	if (rp->journal) {
		rt_addf(t, BILAN_RS_TEXT, "%zu entrée%s du journal", rp->journal,
			rp->journal > 1 ? "s" : "");
		sep = ", ";
	}
	if (rp->research) {
		rt_addf(t, BILAN_RS_TEXT, "%s%zu note%s de recherche", sep, rp->research,
			rp->research > 1 ? "s" : "");
		sep = ", ";
	}
	if (rp->enquetes) {
		rt_addf(t, BILAN_RS_TEXT, "%s%zu enquête%s métier", sep, rp->enquetes,
			rp->enquetes > 1 ? "s" : "");
		const char *vs = " (";
		for (int v = 0; v < BILAN_NVERDICT; v++) {
			if (!rp->verdicts[v])
				continue;
			rt_addf(t, BILAN_RS_TEXT, "%s%zu %s", vs, rp->verdicts[v],
				bilan_report_verdict_label((enum bilan_verdict)v));
			vs = ", ";
		}
		if (vs[0] == ',')
			rt_add(t, BILAN_RS_TEXT, ")");
		sep = ", ";
	}
	if (!*sep)
		rt_add(t, BILAN_RS_EM, "aucun élément pour l'instant");
}

static void move_text(struct bilan_rtext *t, const struct bilan_report_move *m)
{
	char d[32];
	rt_addf(t, BILAN_RS_TEXT, "%s : ", day_iso(d, m->date));
	enum bilan_piste_status s;
	if (!m->from) {
		rt_add(t, BILAN_RS_TEXT, "créée");
		if (m->to && bilan_piste_status_parse(&s, m->to) >= 0 && s != BILAN_PISTE_A_EXPLORER)
			rt_addf(t, BILAN_RS_TEXT, " (%s)", bilan_report_piste_label(s));
	} else {
		enum bilan_piste_status f;
		rt_add(t, BILAN_RS_TEXT, bilan_piste_status_parse(&f, m->from) >= 0
			? bilan_report_piste_label(f) : m->from);
		rt_add(t, BILAN_RS_TEXT, " → ");
		rt_add(t, BILAN_RS_STRONG, m->to && bilan_piste_status_parse(&s, m->to) >= 0
			? bilan_report_piste_label(s) : m->to);
	}
	if (m->reason && *m->reason) {
		rt_add(t, BILAN_RS_TEXT, " — ");
		rt_add(t, BILAN_RS_EM, m->reason);
	}
}

static void piste_details(struct bilan_report *r, const struct bilan_report_piste *rp,
			  int level, bool history)
{
	struct bilan_rdoc *d = &r->doc;
	const struct bilan_piste *p = rp->p;
	struct bilan_rtext *h = heading(d, level);
	rt_add(h, BILAN_RS_TEXT, p->title);
	size_t l = list(d);
	struct bilan_rtext *t = item(d, l);
	rt_add(t, BILAN_RS_STRONG, "Statut : ");
	rt_add(t, BILAN_RS_TEXT, bilan_report_piste_label(p->status));
	if (p->rome.n) {
		t = item(d, l);
		rt_add(t, BILAN_RS_STRONG, "Fiches ROME : ");
		for (size_t k = 0; k < p->rome.n; k++) {
			rt_addf(t, BILAN_RS_TEXT, "%s", k ? " ; " : "");
			rt_add(t, BILAN_RS_CODE, p->rome.v[k]);
			if (rp->rome_titles[k]) {
				rt_add(t, BILAN_RS_TEXT, " ");
				rt_add(t, BILAN_RS_TEXT, rp->rome_titles[k]);
			}
		}
	}
	if (p->why && *p->why) {
		t = item(d, l);
		rt_add(t, BILAN_RS_STRONG, "Ce qui attire : ");
		rt_add(t, BILAN_RS_TEXT, p->why);
	}
	t = item(d, l);
	rt_add(t, BILAN_RS_STRONG, "Éléments : ");
	evidence_text(t, rp);
	if (rp->reason && (p->status == BILAN_PISTE_VALIDEE || p->status == BILAN_PISTE_ECARTEE)) {
		t = item(d, l);
		rt_add(t, BILAN_RS_STRONG, p->status == BILAN_PISTE_VALIDEE ? "Pourquoi validée : "
									    : "Pourquoi écartée : ");
		rt_add(t, BILAN_RS_TEXT, rp->reason);
	}
	if (history && rp->nmoves) {
		t = item(d, l);
		rt_add(t, BILAN_RS_STRONG, "Historique : ");
		for (size_t k = 0; k < rp->nmoves; k++) {
			if (k)
				rt_add(t, BILAN_RS_TEXT, " ; ");
			move_text(t, &rp->moves[k]);
		}
	}
}

static void enquete_notes(struct bilan_report *r, const struct bilan_report_enquete *re,
			  size_t l)
{
	struct bilan_rdoc *d = &r->doc;
	static const char *const names[] = { "Ce qui confirme : ", "Ce qui surprend : ",
					     "Points de vigilance : ", "Notes : " };
	const char *vals[] = { re->confirmed, re->surprised, re->attention, re->notes };
	for (int k = 0; k < 4; k++) {
		if (!vals[k] || !*vals[k])
			continue;
		struct bilan_rtext *t = item(d, l);
		rt_add(t, BILAN_RS_STRONG, names[k]);
		rt_add(t, BILAN_RS_TEXT, vals[k]);
	}
	if (re->contact_name || re->contact_phone || re->contact_email) {
		struct bilan_rtext *t = item(d, l);
		rt_add(t, BILAN_RS_STRONG, "Contact (privé) : ");
		const char *sep = "";
		const char *c[] = { re->contact_name, re->contact_phone, re->contact_email };
		for (int k = 0; k < 3; k++)
			if (c[k] && *c[k]) {
				rt_addf(t, BILAN_RS_TEXT, "%s%s", sep, c[k]);
				sep = " · ";
			}
	}
	if (re->suggested.n) {
		struct bilan_rtext *t = item(d, l);
		rt_add(t, BILAN_RS_STRONG, "Contacts suggérés (privé) : ");
		for (size_t k = 0; k < re->suggested.n; k++)
			rt_addf(t, BILAN_RS_TEXT, "%s%s", k ? " ; " : "", re->suggested.v[k]);
	}
}

static const char *enquete_name(const struct bilan_report_enquete *re)
{
	return re->label ? re->label : re->e->rec.name;
}

static void enquete_line(struct bilan_rtext *t, const struct bilan_report_enquete *re)
{
	char d[32];
	rt_add(t, BILAN_RS_STRONG, enquete_name(re));
	if (re->piste_title || re->e->piste) {
		rt_add(t, BILAN_RS_TEXT, " (piste ");
		rt_add(t, BILAN_RS_TEXT, re->piste_title ? re->piste_title : re->e->piste);
		rt_add(t, BILAN_RS_TEXT, ")");
	}
	if (re->e->has_date)
		rt_addf(t, BILAN_RS_TEXT, ", le %s", bilan_report_day(d, &re->e->date));
	if (re->e->has_verdict) {
		rt_add(t, BILAN_RS_TEXT, " : ");
		rt_add(t, BILAN_RS_STRONG, bilan_report_verdict_label(re->e->verdict));
	} else {
		rt_addf(t, BILAN_RS_TEXT, " : %s", bilan_report_enquete_label(re->e->status));
	}
}

/* " (dont 2 privées)": entries of the window left out of the lists */
static void private_part(struct bilan_rtext *t, const struct bilan_report *r)
{
	size_t shown = 0;
	for (int k = 0; k < BILAN_KIND_COUNT; k++)
		shown += r->entries_by_kind[k];
	size_t hidden = r->total_entries > shown ? r->total_entries - shown : 0;
	if (hidden)
		rt_addf(t, BILAN_RS_TEXT, " (dont %zu privée%s)", hidden, hidden > 1 ? "s" : "");
}

/* ------------------------------------------------------------------ */
/* layout: suivi                                                       */

static void layout_time(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	char a[16], b[32];
	section(d, "temps", "Temps consacré", false);
	struct bilan_rtext *t = para(d);
	if (r->ws->cfg.weekly_goal > 0) {
		rt_add(t, BILAN_RS_TEXT, "Objectif : ");
		rt_add(t, BILAN_RS_STRONG, dur(a, r->ws->cfg.weekly_goal));
		rt_add(t, BILAN_RS_TEXT, " par semaine. ");
	}
	rt_add(t, BILAN_RS_TEXT, "Travail personnel noté : ");
	rt_add(t, BILAN_RS_STRONG, dur(a, r->total_minutes));
	rt_addf(t, BILAN_RS_TEXT, " en %zu entrée%s", r->total_entries,
		r->total_entries > 1 ? "s" : "");
	private_part(t, r);
	if (r->has_since)
		rt_addf(t, BILAN_RS_TEXT, " depuis le %s", day_of(b, r->since));
	rt_add(t, BILAN_RS_TEXT, ".");
	size_t streak = bilan_journal_streak(r->weeks, r->nweeks, r->ws->cfg.weekly_goal);
	if (streak > 1)
		rt_addf(t, BILAN_RS_TEXT, " Objectif atteint %zu semaines de suite.", streak);
	if (r->nweeks > 26)
		rt_add(para(d), BILAN_RS_EM, "Le graphique montre les 26 dernières semaines.");
	weeks_chart(r, 26);
	seances_hours(r);
}

static void layout_tests(struct bilan_report *r, bool charts, bool details)
{
	struct bilan_rdoc *d = &r->doc;
	section(d, "questionnaires", "Questionnaires", false);
	size_t shown = 0;
	for (size_t i = 0; i < r->ntests; i++)
		shown += r->tests[i].first_shown < r->tests[i].ntakes;
	if (!shown && !r->nunfinished) {
		rt_add(para(d), BILAN_RS_TEXT, r->has_since
		       ? "Aucun questionnaire passé sur la période." : "Aucun questionnaire passé.");
		return;
	}
	if (shown)
		notice_indicative(r);
	for (size_t i = 0; i < r->ntests; i++) {
		const struct bilan_report_test *t = &r->tests[i];
		if (t->first_shown >= t->ntakes)
			continue;
		rt_add(heading(d, 3), BILAN_RS_TEXT, t->title);
		struct bilan_rtext *p = para(d);
		test_takes_line(p, t);
		dims_words(p, t, 3);
		if (t->def && t->def->notice && !strcmp(t->id, "appreciation"))
			rt_add(para(d), BILAN_RS_EM, t->def->notice);
		if (charts && !is_gap(t)) {
			test_chart(r, t, 4);
			skills_chart(r, t);
		}
		skill_pairs(r, t);
		gap_lists(r, t);
		if (details)
			text_answers(r, t);
	}
	if (r->nunfinished) {
		struct bilan_rtext *p = para(d);
		rt_add(p, BILAN_RS_STRONG, "En cours : ");
		for (size_t i = 0; i < r->nunfinished; i++) {
			const struct bilan_report_unfinished *u = &r->unfinished[i];
			char s[32];
			rt_addf(p, BILAN_RS_TEXT, "%s%s (%zu réponse%s sur %zu, le %s)", i ? " ; " : "",
				u->title ? u->title : u->info.questionnaire, u->info.answered,
				u->info.answered > 1 ? "s" : "", u->info.total,
				bilan_report_day(s, &u->info.saved));
		}
		rt_add(p, BILAN_RS_TEXT, ".");
	}
}

static void piste_research(struct bilan_report *r, const struct bilan_piste *p);
static void entry_summary(const struct bilan_report *r, struct bilan_rtext *it,
			  const struct bilan_entry *e);

static void layout_pistes(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	section(d, "pistes", "Pistes professionnelles", false);
	if (!r->pistes.n) {
		rt_add(para(d), BILAN_RS_TEXT, "Aucune piste notée pour l'instant.");
		return;
	}
	size_t ti = table(d, 3, 0, "Piste", "Statut", "Enquêtes");
	for (size_t i = 0; i < r->pistes.n; i++) {
		const struct bilan_report_piste *rp = &r->rpistes[i];
		char n[64] = "";
		if (rp->enquetes)
			snprintf(n, sizeof(n), "%zu (%zu conforte, %zu nuance, %zu ne confirme pas)",
				 rp->enquetes, rp->verdicts[0], rp->verdicts[1], rp->verdicts[2]);
		row(d, ti, rp->p->title, bilan_report_piste_label(rp->p->status), n);
	}
	for (size_t i = 0; i < r->pistes.n; i++) {
		piste_details(r, &r->rpistes[i], 3, true);
		piste_research(r, r->rpistes[i].p);
	}
	rome_credit(r);
}

static void layout_enquetes(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	section(d, "enquetes", "Enquêtes métier", false);
	if (!r->enquetes.n) {
		rt_add(para(d), BILAN_RS_TEXT, "Aucune enquête métier pour l'instant.");
		return;
	}
	size_t ti = table(d, 5, 0, "Enquête", "Piste", "Statut", "Date", "Verdict");
	for (size_t i = 0; i < r->enquetes.n; i++) {
		const struct bilan_report_enquete *re = &r->renquetes[i];
		char day[32] = "";
		if (re->e->has_date)
			bilan_report_day(day, &re->e->date);
		row(d, ti, enquete_name(re), re->piste_title ? re->piste_title : re->e->piste,
		    bilan_report_enquete_label(re->e->status), day,
		    re->e->has_verdict ? bilan_report_verdict_label(re->e->verdict) : "");
	}
	for (size_t i = 0; i < r->enquetes.n; i++) {
		const struct bilan_report_enquete *re = &r->renquetes[i];
		bool notes = re->confirmed || re->surprised || re->attention || re->notes ||
			     re->contact_name || re->contact_phone || re->contact_email ||
			     re->suggested.n;
		if (!notes)
			continue;
		enquete_line(heading(d, 4), re);
		enquete_notes(r, re, list(d));
	}
}

static void layout_research(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	if (!r->nfiches)
		return;
	section(d, "recherches", "Recherches par fiche métier", false);
	for (size_t i = 0; i < r->nfiches; i++) {
		const struct bilan_report_fiche *f = &r->fiches[i];
		struct bilan_rtext *h = heading(d, 3);
		rt_add(h, BILAN_RS_TEXT, f->code);
		if (f->title) {
			rt_add(h, BILAN_RS_TEXT, " — ");
			rt_add(h, BILAN_RS_TEXT, f->title);
		}
		size_t l = list(d);
		for (size_t k = 0; k < f->n; k++)
			entry_summary(r, item(d, l), f->entries[k]);
	}
	rome_credit(r);
}

/* A copy the report keeps until it is freed (bodies rewritten for it). */
static const char *keep(struct bilan_report *r, char *s)
{
	bilan_strlist_add_owned(&r->texts, s);
	return s;
}

static void entry_block(struct bilan_report *r, const struct bilan_entry *e)
{
	struct bilan_rblock *b = blk(&r->doc, BILAN_RB_ENTRY);
	char d[32], du[16];
	rt_add(&b->text, BILAN_RS_TEXT, e->title);
	struct bilan_rtext *m = &b->meta;
	/* joined by hand, not by printf: 4 spans or more for each entry */
	rt_cat(m, BILAN_RS_TEXT, weekday(&e->date), " ", bilan_report_when(d, &e->date));
	rt_cat(m, BILAN_RS_TEXT, " · ", bilan_report_kind_label(e->kind), "");
	if (e->duration)
		rt_cat(m, BILAN_RS_TEXT, " · ", dur(du, e->duration), "");
	for (size_t k = 0; k < e->tags.n; k++)
		rt_cat(m, BILAN_RS_TEXT, k ? " " : " · ", "#", e->tags.v[k]);
	if (e->piste)
		rt_cat(m, BILAN_RS_TEXT, " · piste : ", piste_title(r, e->piste), "");
	if (e->rome)
		rt_cat(m, BILAN_RS_TEXT, " · ROME ", e->rome, "");
	if (e->status == BILAN_STATUS_OUVERTE)
		rt_add(m, BILAN_RS_TEXT, " · ouverte");
	else if (e->status == BILAN_STATUS_REGLEE)
		rt_addf(m, BILAN_RS_TEXT, " · réglée%s%s", e->has_closed ? " le " : "",
			e->has_closed ? bilan_report_day(d, &e->closed) : "");
	if (e->is_private)
		rt_add(m, BILAN_RS_STRONG, " · privée");
	/* the text without its first line when that is the title, without the
	 * guide's questions left unanswered */
	char *text = bilan_report_body_text(e);
	b->md = *text ? keep(r, text) : (free(text), NULL);
	if (e->answer && *e->answer) {
		struct bilan_rtext *t = para(&r->doc);
		rt_add(t, BILAN_RS_STRONG, "Réponse : ");
		rt_add(t, BILAN_RS_TEXT, e->answer);
	}
}

static void layout_journal(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	section(d, "journal", "Journal de bord", true);
	if (!r->nentries) {
		rt_add(para(d), BILAN_RS_TEXT, r->has_since ? "Aucune entrée sur la période."
							    : "Aucune entrée.");
		return;
	}
	struct bilan_rtext *t = para(d);
	rt_addf(t, BILAN_RS_TEXT, "%zu entrée%s, de la plus ancienne à la plus récente.",
		r->nentries, r->nentries > 1 ? "s" : "");
	for (size_t i = 0; i < r->nentries; i++)
		entry_block(r, r->entries[i]);
}

static void layout_suivi(struct bilan_report *r)
{
	header_list(r, true);
	problems_and_privacy(r);
	layout_time(r);
	layout_tests(r, true, true);
	layout_pistes(r);
	layout_enquetes(r);
	layout_research(r);
	open_items(r, "Questions ouvertes et blocages");
	struct bilan_rdoc *d = &r->doc;
	section(d, "a-faire", "À faire", false);
	todo_table(r);
	section(d, "seances", "Séances", false);
	struct bilan_rtext *t = para(d);
	rt_add(t, BILAN_RS_TEXT, "Prochaine séance : ");
	next_seance_text(t, r);
	rt_add(t, BILAN_RS_TEXT, ".");
	seances_table(r);
	attendance_sheet(r);
	layout_journal(r);
}

/* ------------------------------------------------------------------ */
/* layout: seance (the preparation sheet)                             */

#define SEANCE_MAX_ENTRIES 30

static const struct bilan_entry *entry_by_id(const struct bilan_report *r, const char *id);
static void synth_entry(struct bilan_report *r, const struct bilan_entry *e, int level);

static void layout_seance(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	char a[32], b[16];
	size_t l = list(d);
	struct bilan_rtext *t = item(d, l);
	rt_add(t, BILAN_RS_STRONG, "Bénéficiaire : ");
	rt_add(t, BILAN_RS_TEXT, who(r));
	if (r->ws->cfg.consultant && *r->ws->cfg.consultant) {
		rt_add(t, BILAN_RS_TEXT, " — accompagnement : ");
		rt_add(t, BILAN_RS_TEXT, r->ws->cfg.consultant);
	}
	t = item(d, l);
	rt_add(t, BILAN_RS_STRONG, "Prochaine séance : ");
	next_seance_text(t, r);
	t = item(d, l);
	rt_add(t, BILAN_RS_STRONG, "Période : ");
	if (r->opts.has_since)
		rt_addf(t, BILAN_RS_TEXT, "depuis le %s", day_of(a, r->since));
	else if (r->last_held)
		rt_addf(t, BILAN_RS_TEXT, "depuis la dernière séance, le %s",
			bilan_report_day(a, &r->last_held->date));
	else if (r->has_since)
		rt_addf(t, BILAN_RS_TEXT, "depuis le début du bilan, le %s", day_of(a, r->since));
	else
		rt_add(t, BILAN_RS_TEXT, "tout le bilan");
	t = item(d, l);
	rt_add(t, BILAN_RS_STRONG, "Établi le : ");
	struct bilan_time now = { r->now, 0, true };
	rt_add(t, BILAN_RS_TEXT, bilan_report_when(a, &now));
	problems_and_privacy(r);

	/* what the last séance concluded, in its own words */
	const struct bilan_entry *took = r->last_held ? entry_by_id(r, r->last_held->journal) : NULL;
	if (took && (!took->is_private || r->opts.include_private)) {
		section(d, "derniere-seance", "Points clés de la dernière séance", false);
		synth_entry(r, took, 3);
	}
	/* what the beneficiary wants to bring up: entries tagged #aborder */
	size_t la = (size_t)-1;
	for (size_t i = 0; i < r->journal->n; i++) {
		const struct bilan_entry *e = r->journal->v[i];
		if ((e->is_private && !r->opts.include_private) || !tagged(e, BILAN_AGENDA_TAG) ||
		    !in_window(r, e->date.t))
			continue;
		if (la == (size_t)-1) {
			section(d, "aborder", "Ce que je veux aborder", false);
			la = list(d);
		}
		entry_summary(r, item(d, la), e);
	}

	section(d, "travail", "Travail réalisé", false);
	t = para(d);
	rt_add(t, BILAN_RS_STRONG, dur(b, r->total_minutes));
	rt_addf(t, BILAN_RS_TEXT, " en %zu entrée%s", r->total_entries, r->total_entries > 1 ? "s" : "");
	private_part(t, r);
	const char *sep = " : ";
	for (int k = 0; k < BILAN_KIND_COUNT; k++) {
		if (!r->entries_by_kind[k])
			continue;
		rt_addf(t, BILAN_RS_TEXT, "%s%zu %s", sep, r->entries_by_kind[k],
			r->entries_by_kind[k] > 1 ? kind_plural((enum bilan_entry_kind)k)
						  : bilan_report_kind_label((enum bilan_entry_kind)k));
		sep = ", ";
	}
	rt_add(t, BILAN_RS_TEXT, ".");
	if (r->ws->cfg.weekly_goal > 0)
		rt_addf(t, BILAN_RS_TEXT, " Objectif : %s par semaine.", dur(b, r->ws->cfg.weekly_goal));
	weeks_chart(r, 8);

	size_t ntests = 0;
	for (size_t i = 0; i < r->ntests; i++)
		ntests += r->tests[i].first_shown < r->tests[i].ntakes;
	if (ntests || r->nunfinished) {
		section(d, "questionnaires", "Questionnaires passés", false);
		l = list(d);
		for (size_t i = 0; i < r->ntests; i++) {
			const struct bilan_report_test *rt = &r->tests[i];
			if (rt->first_shown >= rt->ntakes)
				continue;
			const struct bilan_q_result *latest = rt->takes[rt->ntakes - 1];
			t = item(d, l);
			rt_add(t, BILAN_RS_STRONG, rt->title);
			rt_addf(t, BILAN_RS_TEXT, ", le %s", bilan_report_day(a, &latest->date));
			profile_said(t, latest, rt->def, ". ");
			rt_add(t, BILAN_RS_TEXT, ".");
			dims_words(t, rt, 3);
		}
		for (size_t i = 0; i < r->nunfinished; i++) {
			const struct bilan_report_unfinished *u = &r->unfinished[i];
			t = item(d, l);
			rt_add(t, BILAN_RS_STRONG, u->title ? u->title : u->info.questionnaire);
			rt_addf(t, BILAN_RS_TEXT, " : en cours (%zu réponse%s sur %zu)", u->info.answered,
				u->info.answered > 1 ? "s" : "", u->info.total);
		}
		rt_add(para(d), BILAN_RS_EM, "Auto-évaluations indicatives, à discuter ensemble.");
		for (size_t i = 0; i < r->ntests; i++)
			if (is_gap(&r->tests[i]) && r->tests[i].first_shown < r->tests[i].ntakes) {
				rome_credit(r);
				break;
			}
	}

	size_t nenq = 0;
	for (size_t i = 0; i < r->enquetes.n; i++)
		nenq += r->renquetes[i].shown;
	if (nenq) {
		section(d, "enquetes", "Enquêtes métier réalisées", false);
		l = list(d);
		for (size_t i = 0; i < r->enquetes.n; i++) {
			const struct bilan_report_enquete *re = &r->renquetes[i];
			if (!re->shown)
				continue;
			t = item(d, l);
			enquete_line(t, re);
			const char *c[] = { re->confirmed, re->surprised, re->attention };
			const char *n[] = { "confirme", "surprend", "vigilance" };
			for (int k = 0; k < 3; k++) {
				char *first = c[k] ? bilan_text_first_line(c[k], 120) : NULL;
				if (first && *first)
					rt_addf(t, BILAN_RS_TEXT, " — %s : %s", n[k], first);
				free(first);
			}
		}
	}

	size_t npistes = 0;
	for (size_t i = 0; i < r->pistes.n; i++)
		npistes += r->rpistes[i].shown;
	if (npistes) {
		section(d, "pistes", "Pistes qui ont bougé", false);
		l = list(d);
		for (size_t i = 0; i < r->pistes.n; i++) {
			const struct bilan_report_piste *rp = &r->rpistes[i];
			if (!rp->shown)
				continue;
			t = item(d, l);
			rt_add(t, BILAN_RS_STRONG, rp->p->title);
			rt_add(t, BILAN_RS_TEXT, " — ");
			bool first = true;
			for (size_t k = 0; k < rp->nmoves; k++) {
				if (!rp->moves[k].in_window)
					continue;
				if (!first)
					rt_add(t, BILAN_RS_TEXT, " ; ");
				move_text(t, &rp->moves[k]);
				first = false;
			}
		}
	}

	open_items(r, "Questions à poser et blocages");

	attendance_sheet(r);
	section(d, "a-faire", "À faire", false);
	size_t ntodo = 0;
	l = list(d);
	for (size_t i = 0; i < r->todos.n; i++) {
		const struct bilan_todo *td = &r->todos.v[i];
		if (!r->todo_shown[i])
			continue;
		ntodo++;
		t = item(d, l);
		rt_add(t, BILAN_RS_TEXT, td->text);
		if (td->has_due) {
			char st[64];
			rt_addf(t, BILAN_RS_TEXT, " — échéance %s", bilan_report_day(a, &td->due));
			const char *s = todo_state(st, td, r->now);
			if (strcmp(s, "à faire"))
				rt_addf(t, BILAN_RS_STRONG, " (%s)", s);
			if (r->next && td->due.t <= r->next->date.t && !bilan_todo_overdue(td, r->now))
				rt_add(t, BILAN_RS_TEXT, " — pour la séance");
		}
	}
	if (!ntodo)
		rt_add(item(d, l), BILAN_RS_TEXT, "rien en attente");

	section(d, "journal", "Entrées du journal", false);
	if (!r->nentries) {
		rt_add(para(d), BILAN_RS_TEXT, "Aucune entrée sur la période.");
		return;
	}
	l = list(d);
	size_t from = r->nentries > SEANCE_MAX_ENTRIES ? r->nentries - SEANCE_MAX_ENTRIES : 0;
	for (size_t i = from; i < r->nentries; i++)
		entry_line(item(d, l), r->entries[i], true);
	if (from)
		rt_addf(para(d), BILAN_RS_EM, "… et %zu entrées plus anciennes sur la période "
			"(bilan report suivi les montre toutes).", from);
}

/* ------------------------------------------------------------------ */
/* layout: synthese                                                    */

static void todo_complete(struct bilan_report *r, const char *what)
{
	rt_addf(para(&r->doc), BILAN_RS_EM, "[À compléter par le consultant : %s]", what);
}

static int heading_level(const char *line, size_t len)
{
	size_t n = 0;
	while (n < len && n < 7 && line[n] == '#')
		n++;
	return n >= 1 && n <= 6 && (n == len || line[n] == ' ') ? (int)n : 0;
}

static bool blank_line(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			return false;
	return true;
}

/* A guided reflection's body without the questions left unanswered: a
 * heading stays only when some text comes before the next heading of its
 * level or above.  Caller frees. */
/* s without runs of more than one blank line, none at either end, in place */
static char *squeeze_blank_lines(char *s)
{
	size_t o = 0, blanks = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '\n') {
			if (++blanks > 2 || o == 0)
				continue;
		} else {
			blanks = 0;
		}
		s[o++] = s[i];
	}
	while (o > 0 && (s[o - 1] == '\n' || s[o - 1] == ' '))
		o--;
	s[o] = '\0';
	return s;
}

char *bilan_report_answered(const char *body)
{
	struct bilan_buf out = BILAN_BUF_INIT;
	const char *p = body ? body : "";
	/* no line opens with '#': no heading, every line stays */
	if (*p != '#' && !strstr(p, "\n#"))
		return squeeze_blank_lines(bilan_xstrdup(p));
	size_t nlines = 0;
	for (const char *q = p; *q; q++)
		nlines += *q == '\n';
	nlines++;
	const char **start = bilan_xcalloc(nlines, sizeof(*start));
	size_t *len = bilan_xcalloc(nlines, sizeof(*len));
	size_t n = 0;
	for (const char *q = p;;) {
		const char *e = strchr(q, '\n');
		start[n] = q;
		len[n] = e ? (size_t)(e - q) : strlen(q);
		n++;
		if (!e)
			break;
		q = e + 1;
	}
	bool fence = false;
	for (size_t i = 0; i < n; i++) {
		if (len[i] >= 3 && !strncmp(start[i], "```", 3))
			fence = !fence;
		int lv = fence ? 0 : heading_level(start[i], len[i]);
		if (lv) {
			bool answered = false;
			bool f2 = false;
			for (size_t k = i + 1; k < n; k++) {
				if (len[k] >= 3 && !strncmp(start[k], "```", 3))
					f2 = !f2;
				int lk = f2 ? 0 : heading_level(start[k], len[k]);
				if (lk && lk <= lv)
					break;
				if (!lk && !blank_line(start[k], len[k])) {
					answered = true;
					break;
				}
			}
			if (!answered)
				continue;
		}
		bilan_buf_put(&out, start[i], len[i]);
		if (i + 1 < n)
			bilan_buf_putc(&out, '\n');
	}
	free(start);
	free(len);
	return squeeze_blank_lines(bilan_buf_detach(&out));
}

/* The text of an entry without its title when the title is the body's first
 * line (text from arguments or a pipe): never the title twice.  Caller frees. */
char *bilan_report_body_text(const struct bilan_entry *e)
{
	const char *b = e->body ? e->body : "";
	size_t tl = e->title ? strlen(e->title) : 0;
	if (tl && !strncmp(b, e->title, tl) && (b[tl] == '\n' || b[tl] == '\0')) {
		b += tl;
		while (*b == '\n')
			b++;
	}
	return bilan_report_answered(b);
}

/* An automatic title, cut with "…": the body says it whole. */
static bool title_cut(const struct bilan_entry *e)
{
	size_t tl = e->title ? strlen(e->title) : 0;
	return tl >= 3 && !strcmp(e->title + tl - 3, "\xe2\x80\xa6") && e->body && *e->body;
}

/* The whole first paragraph of what the entry says (a question's full
 * text, not its cut title).  Caller frees. */
static char *entry_words(const struct bilan_entry *e)
{
	if (!title_cut(e))
		return bilan_xstrdup(e->title);
	return bilan_text_first_line(e->body, 1000);
}

/* "date — Title : the first paragraph, whole" (the title only when it is
 * not the text's own first line). */
static void entry_summary(const struct bilan_report *r, struct bilan_rtext *it,
			  const struct bilan_entry *e)
{
	char dd[32];
	rt_addf(it, BILAN_RS_TEXT, "%s — ", bilan_report_day(dd, &e->date));
	char *text = bilan_report_body_text(e);
	bool own = e->body && e->title && !strncmp(e->body, e->title, strlen(e->title));
	/* 'metier note' names a note after its fiche: the piste says it already */
	bool fiche = false;
	if (e->rome && e->title && !strncmp(e->title, "Recherche : ", 12)) {
		size_t tl = strlen(e->title), rl = strlen(e->rome);
		fiche = tl > rl + 2 && e->title[tl - 1] == ')' &&
			!strncmp(e->title + tl - rl - 1, e->rome, rl);
	}
	if (!title_cut(e) && !own && !fiche) {
		rt_add(it, BILAN_RS_STRONG, e->title);
		if (*text)
			rt_add(it, BILAN_RS_TEXT, " : ");
	}
	char *first = bilan_text_first_line(text, 1000);
	rt_add(it, BILAN_RS_TEXT, first);
	free(first);
	free(text);
	const char *by = author_name(r, e->extra);
	if (by)
		rt_addf(it, BILAN_RS_EM, " (par %s)", by);
}

/* Ends a sentence with a full stop unless it ends with one already. */
static void end_sentence(struct bilan_rtext *t)
{
	const char *last = t->n ? t->v[t->n - 1].text : "";
	size_t n = strlen(last);
	if (!n || !strchr(".!?…", last[n - 1]))
		rt_add(t, BILAN_RS_TEXT, ".");
}

/* A journal entry in the synthèse: its title (unless the body already
 * starts with it, cut), the date, the text without unanswered questions. */
static void synth_entry(struct bilan_report *r, const struct bilan_entry *e, int level)
{
	struct bilan_rblock *b = blk(&r->doc, BILAN_RB_ENTRY);
	char d[32];
	b->level = level;
	char *text = bilan_report_body_text(e);
	if (title_cut(e))
		rt_addf(&b->text, BILAN_RS_TEXT, "Écrit le %s", bilan_report_day(d, &e->date));
	else
		rt_add(&b->text, BILAN_RS_TEXT, e->title);
	rt_addf(&b->meta, BILAN_RS_TEXT, "%s, %s", bilan_report_kind_label(e->kind),
		bilan_report_day(d, &e->date));
	if (e->is_private)
		rt_add(&b->meta, BILAN_RS_STRONG, " · privée");
	b->md = *text ? keep(r, text) : (free(text), NULL);
}

static bool shown_entry(const struct bilan_report *r, const struct bilan_entry *e)
{
	return !e->is_private || r->opts.include_private;
}

static bool guide_is(const struct bilan_entry *e, const char *g)
{
	return e->guide && !strcmp(e->guide, g);
}

static bool is_constraint(const struct bilan_entry *e)
{
	return guide_is(e, "contraintes") || tagged(e, "contrainte") || tagged(e, "contraintes");
}

/* A question about financing (CPF, Transition Pro, France Travail, OPCO...) */
static bool about_financing(const struct bilan_entry *e)
{
	static const char *const words[] = { "financ", "cpf", "transition pro", "france travail",
					     "aif", "opco", "pole emploi", "plan de developpement",
					     "prise en charge", "fonction publique", "employeur public",
					     "conge de formation professionnelle", NULL };
	char *t = bilan_text_fold(e->title ? e->title : "");
	char *b = bilan_text_fold(e->body ? e->body : "");
	bool yes = tagged(e, "financement");
	for (size_t i = 0; !yes && words[i]; i++)
		yes = bilan_text_contains(t, words[i]) || bilan_text_contains(b, words[i]);
	free(t);
	free(b);
	return yes;
}

static const struct bilan_report_test *test_of(const struct bilan_report *r, const char *id)
{
	for (size_t i = 0; i < r->ntests; i++)
		if (!strcmp(r->tests[i].id, id))
			return &r->tests[i];
	return NULL;
}

/* The level of a skill-gap answer: 0 acquired, 1 in part, 2 to acquire. */
static int gap_level(int tenths)
{
	return tenths >= 667 ? 0 : tenths > 333 ? 1 : 2;
}

/* The skill gap of a ROME code (questionnaire ecart-CODE), or NULL. */
static const struct bilan_report_test *gap_of(const struct bilan_report *r, const char *code)
{
	char id[32];
	snprintf(id, sizeof(id), "ecart-%s", code);
	for (char *p = id + 6; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	const struct bilan_report_test *t = test_of(r, id);
	if (!t) {
		snprintf(id, sizeof(id), "ecart-%s", code);
		t = test_of(r, id);
	}
	return t;
}

/* The labels of a skill gap at one level, as list items (full labels). */
static size_t gap_items(struct bilan_report *r, const struct bilan_report_test *t, int level)
{
	const struct bilan_q_result *res = t->takes[t->ntakes - 1];
	size_t l = (size_t)-1, n = 0;
	for (size_t k = 0; k < res->ndims; k++) {
		const struct bilan_q_result_dim *dm = &res->dims[k];
		if (!dm->has_percent || gap_level(dm->tenths) != level)
			continue;
		if (l == (size_t)-1)
			l = list(&r->doc);
		rt_add(item(&r->doc, l), BILAN_RS_TEXT, dm->label ? dm->label : dm->id);
		n++;
	}
	return n;
}

static void gap_counts(struct bilan_rtext *t, const struct bilan_report_test *g)
{
	const struct bilan_q_result *res = g->takes[g->ntakes - 1];
	size_t c[3] = { 0, 0, 0 };
	for (size_t k = 0; k < res->ndims; k++)
		if (res->dims[k].has_percent)
			c[gap_level(res->dims[k].tenths)]++;
	rt_addf(t, BILAN_RS_TEXT, "%zu compétence%s acquise%s, %zu en partie, %zu à acquérir",
		c[0], c[0] > 1 ? "s" : "", c[0] > 1 ? "s" : "", c[1], c[2]);
}

/* Labels of the skills of a pairs questionnaire with flag f, joined. */
static void pair_labels(struct bilan_buf *b, const struct bilan_report *r, int f)
{
	for (size_t i = 0; i < r->ntests; i++) {
		const struct bilan_report_test *t = &r->tests[i];
		if (bilan_report_skill_pair(t, 0) < 0)
			continue;
		const struct bilan_q_result *res = t->takes[t->ntakes - 1];
		for (size_t s = 0; s < res->nskills; s++)
			if (bilan_report_skill_pair(t, s) == f)
				bilan_buf_printf(b, "%s%s", b->len ? ", " : "",
						 res->skills[s].label ? res->skills[s].label
								      : res->skills[s].id);
	}
}

static bool is_personality(const struct bilan_report_test *t)
{
	return !strcmp(t->id, "big-five");
}

static const struct bilan_entry *entry_by_id(const struct bilan_report *r, const char *id)
{
	for (size_t i = 0; id && i < r->journal->n; i++)
		if (!strcmp(r->journal->v[i]->id, id))
			return r->journal->v[i];
	return NULL;
}

static void synth_circumstances(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	const struct bilan_config *c = &r->ws->cfg;
	char a[32], b[16];
	section(d, "circonstances", "1. Circonstances du bilan", false);
	struct bilan_rtext *t = para(d);
	rt_add(t, BILAN_RS_TEXT, who(r));
	rt_add(t, BILAN_RS_TEXT, " a engagé ce bilan de compétences");
	if (c->has_start)
		rt_addf(t, BILAN_RS_TEXT, " le %s", bilan_report_day(a, &c->start));
	if (c->consultant && *c->consultant) {
		rt_add(t, BILAN_RS_TEXT, ", avec l'accompagnement de ");
		rt_add(t, BILAN_RS_TEXT, c->consultant);
		if (c->provider && *c->provider) {
			rt_add(t, BILAN_RS_TEXT, " (");
			rt_add(t, BILAN_RS_TEXT, c->provider);
			rt_add(t, BILAN_RS_TEXT, ")");
		}
	}
	rt_add(t, BILAN_RS_TEXT, ".");
	if (c->funding) {
		rt_add(t, BILAN_RS_TEXT, " Financement : ");
		rt_add(t, BILAN_RS_TEXT, funding_label(c->funding));
		rt_add(t, BILAN_RS_TEXT, ".");
	}
	if (c->has_end)
		rt_addf(t, BILAN_RS_TEXT, " Il s'est terminé le %s.", bilan_report_day(a, &c->end));

	/* the request, as the preliminary séance recorded it */
	const struct bilan_entry *prelim = NULL;
	const struct bilan_seance *ps = NULL;
	for (size_t i = 0; i < r->seances.n && !prelim; i++) {
		const struct bilan_seance *s = &r->seances.v[i];
		if (s->phase != BILAN_PHASE_PRELIMINAIRE || s->status != BILAN_SEANCE_REALISEE)
			continue;
		const struct bilan_entry *e = entry_by_id(r, s->journal);
		if (e && shown_entry(r, e)) {
			prelim = e;
			ps = s;
		}
	}
	if (prelim) {
		t = para(d);
		rt_addf(t, BILAN_RS_TEXT, "La demande, telle que l'entretien préliminaire du %s l'a "
			"formulée :", bilan_report_day(a, &ps->date));
		synth_entry(r, prelim, 3);
	}

	size_t held = 0;
	for (size_t i = 0; i < r->seances.n; i++)
		held += r->seances.v[i].status == BILAN_SEANCE_REALISEE;
	size_t l = list(d);
	t = item(d, l);
	rt_add(t, BILAN_RS_STRONG, "Séances : ");
	rt_addf(t, BILAN_RS_TEXT, "%zu réalisée%s (%s sur 24 h au plus)", held, held > 1 ? "s" : "",
		dur(b, r->attended));
	t = item(d, l);
	rt_add(t, BILAN_RS_STRONG, "Travail personnel entre les séances : ");
	rt_addf(t, BILAN_RS_TEXT, "%s en %zu entrée%s du journal de bord", dur(b, r->total_minutes),
		r->total_entries, r->total_entries > 1 ? "s" : "");
	t = item(d, l);
	rt_add(t, BILAN_RS_STRONG, "Investigation : ");
	rt_addf(t, BILAN_RS_TEXT, "%zu piste%s explorée%s, %zu enquête%s métier", r->pistes.n,
		r->pistes.n > 1 ? "s" : "", r->pistes.n > 1 ? "s" : "", r->enquetes.n,
		r->enquetes.n > 1 ? "s" : "");
	todo_complete(r, "la situation professionnelle et les attentes du bénéficiaire au début "
		      "du bilan");
}

static void synth_skills(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	section(d, "competences", "2. Compétences et aptitudes au regard des perspectives "
		"envisagées", false);

	/* strengths and skills to develop, in words */
	struct bilan_buf g[3] = { BILAN_BUF_INIT, BILAN_BUF_INIT, BILAN_BUF_INIT };
	for (int f = 1; f <= 3; f++)
		pair_labels(&g[f - 1], r, f);
	rt_add(heading(d, 3), BILAN_RS_TEXT, "Points forts et compétences à développer");
	size_t l = list(d);
	static const char *const names[] = { "Points forts (maîtrisés et souhaités) : ",
					     "À développer (souhaitées, encore peu maîtrisées) : ",
					     "Maîtrisées, mais que le bénéficiaire ne souhaite plus "
					     "exercer en priorité : " };
	bool any = false;
	for (int k = 0; k < 3; k++) {
		if (!g[k].len)
			continue;
		struct bilan_rtext *t = item(d, l);
		rt_add(t, BILAN_RS_STRONG, names[k]);
		rt_add(t, BILAN_RS_TEXT, g[k].ptr);
		rt_add(t, BILAN_RS_TEXT, ".");
		any = true;
	}
	for (int k = 0; k < 3; k++)
		bilan_buf_clear(&g[k]);
	for (size_t i = 0; i < r->ntests; i++) {
		const struct bilan_report_test *t = &r->tests[i];
		if (!is_gap(t))
			continue;
		const struct bilan_q_result *res = t->takes[t->ntakes - 1];
		struct bilan_buf acq = BILAN_BUF_INIT;
		for (size_t k = 0; k < res->ndims; k++)
			if (res->dims[k].has_percent && gap_level(res->dims[k].tenths) == 0)
				bilan_buf_printf(&acq, "%s%s", acq.len ? " ; " : "",
						 res->dims[k].label ? res->dims[k].label : res->dims[k].id);
		if (acq.len) {
			struct bilan_rtext *it = item(d, l);
			rt_addf(it, BILAN_RS_STRONG, "Déjà acquis pour le métier visé (%s) : ",
				t->title + (strncmp(t->title, "Écart de compétences : ", 25) ? 0 : 25));
			rt_add(it, BILAN_RS_TEXT, acq.ptr);
			rt_add(it, BILAN_RS_TEXT, ".");
			any = true;
		}
		bilan_buf_clear(&acq);
	}
	if (!any)
		rt_add(item(d, l), BILAN_RS_EM, "Aucune auto-évaluation des compétences pour l'instant.");

	/* interests, values and the other questionnaires, in words */
	bool head = false;
	for (size_t i = 0; i < r->ntests; i++) {
		const struct bilan_report_test *t = &r->tests[i];
		if (is_gap(t) || bilan_report_skill_pair(t, 0) >= 0 ||
		    (is_personality(t) && !r->opts.include_personality))
			continue;
		if (!head) {
			rt_add(heading(d, 3), BILAN_RS_TEXT, "Intérêts, valeurs et façons de travailler");
			l = list(d);
			head = true;
		}
		struct bilan_rtext *it = item(d, l);
		rt_add(it, BILAN_RS_STRONG, t->title);
		rt_add(it, BILAN_RS_TEXT, " :");
		/* only what the scoring rules let us say (bilan-test(1)):
		 * enough answers, a differentiated profile, ties said */
		dims_words(it, t, 3);
		end_sentence(it);
	}
	if (head) {
		struct bilan_rtext *t = para(d);
		rt_add(t, BILAN_RS_EM, "Auto-évaluations indicatives, discutées avec le consultant ; "
		       "les scores détaillés sont dans le rapport de suivi.");
		bool personality = false;
		for (size_t i = 0; i < r->ntests; i++)
			personality |= is_personality(&r->tests[i]);
		if (personality && !r->opts.include_personality)
			rt_add(t, BILAN_RS_EM, " Les traits de personnalité n'y figurent pas, sauf si "
			       "le bénéficiaire les ajoute (bilan report synthese --include-personality).");
	}

	/* achievements, from the reussites guide */
	head = false;
	for (size_t i = 0; i < r->journal->n; i++) {
		const struct bilan_entry *e = r->journal->v[i];
		if (!shown_entry(r, e) || !guide_is(e, "reussites"))
			continue;
		if (!head) {
			rt_add(heading(d, 3), BILAN_RS_TEXT, "Réussites");
			head = true;
		}
		synth_entry(r, e, 4);
	}

	/* the beneficiary's own words */
	head = false;
	for (size_t i = 0; i < r->journal->n; i++) {
		const struct bilan_entry *e = r->journal->v[i];
		if (!shown_entry(r, e) || e->kind != BILAN_KIND_REFLEXION ||
		    guide_is(e, "reussites") || is_constraint(e) ||
		    tagged(e, BILAN_SYNTHESE_TAG))
			continue;
		if (!head) {
			rt_add(heading(d, 3), BILAN_RS_TEXT, "Avec ses propres mots");
			rt_add(para(d), BILAN_RS_TEXT, "Ce que le bénéficiaire a écrit de son parcours, "
			       "de ses valeurs et de ses motivations pendant le bilan :");
			head = true;
		}
		synth_entry(r, e, 4);
	}

	/* answered questions only */
	head = false;
	for (size_t i = 0; i < r->journal->n; i++) {
		const struct bilan_entry *e = r->journal->v[i];
		if (!shown_entry(r, e) || e->kind != BILAN_KIND_QUESTION ||
		    e->status != BILAN_STATUS_REGLEE || !e->answer || !*e->answer)
			continue;
		if (!head) {
			rt_add(heading(d, 3), BILAN_RS_TEXT, "Questions éclaircies");
			l = list(d);
			head = true;
		}
		struct bilan_rtext *it = item(d, l);
		char *q = entry_words(e);
		rt_add(it, BILAN_RS_EM, q);
		free(q);
		rt_add(it, BILAN_RS_TEXT, " — ");
		rt_add(it, BILAN_RS_TEXT, e->answer);
	}
	todo_complete(r, "les compétences et aptitudes mises en évidence au fil des entretiens, "
		      "au regard des perspectives envisagées");
}

/* Research notes beside their piste: the first paragraph, whole. */
static void piste_research(struct bilan_report *r, const struct bilan_piste *p)
{
	size_t l = (size_t)-1;
	for (size_t i = 0; i < r->journal->n; i++) {
		const struct bilan_entry *e = r->journal->v[i];
		if (!shown_entry(r, e) || e->kind != BILAN_KIND_RECHERCHE || !entry_is_for(e, p) ||
		    (r->kind != BILAN_REPORT_SYNTHESE && !in_window(r, e->date.t)))
			continue;
		if (l == (size_t)-1) {
			rt_add(para(&r->doc), BILAN_RS_STRONG, "Recherches documentaires :");
			l = list(&r->doc);
		}
		/* made once per note: a note serves every piste of its fiche */
		if (!r->research_summaries)
			r->research_summaries = bilan_xcalloc(r->journal->n,
							      sizeof *r->research_summaries);
		struct bilan_rtext *memo = &r->research_summaries[i];
		if (!memo->n)
			entry_summary(r, memo, e);
		struct bilan_rtext *it = item(&r->doc, l);
		for (size_t k = 0; k < memo->n; k++)
			rt_add(it, memo->v[k].style, memo->v[k].text);
	}
}

static void decision_view(struct bilan_report *r, int level);

/* The evidence rule (bilan-piste(1)): a piste is retained on an enquête
 * held or a research note, the same rule as 'piste set ... validee'. */
bool bilan_report_piste_has_evidence(const struct bilan_report *r, const struct bilan_piste *p)
{
	for (size_t k = 0; k < r->enquetes.n; k++)
		if (!strcmp(r->renquetes[k].e->piste, p->rec.name) &&
		    r->renquetes[k].e->status == BILAN_ENQUETE_REALISEE)
			return true;
	for (size_t i = 0; i < r->journal->n; i++) {
		const struct bilan_entry *e = r->journal->v[i];
		if (shown_entry(r, e) && e->kind == BILAN_KIND_RECHERCHE && entry_is_for(e, p))
			return true;
	}
	return false;
}

static void synth_project(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	section(d, "projet", "3. Projet professionnel retenu et alternatives", true);
	static const struct { const char *title; int which; } groups[] = {
		{ "Projet retenu", 0 }, { "Alternatives", 1 }, { "Pistes écartées", 2 },
	};
	for (size_t g = 0; g < 3; g++) {
		rt_add(heading(d, 3), BILAN_RS_TEXT, groups[g].title);
		size_t n = 0;
		for (size_t i = 0; i < r->pistes.n; i++) {
			const struct bilan_report_piste *rp = &r->rpistes[i];
			enum bilan_piste_status s = rp->p->status;
			int which = s == BILAN_PISTE_VALIDEE ? 0 : s == BILAN_PISTE_ECARTEE ? 2 : 1;
			if (which != groups[g].which)
				continue;
			n++;
			piste_details(r, rp, 4, false);
			if (which == 0 && !bilan_report_piste_has_evidence(r, rp->p))
				rt_add(para(d), BILAN_RS_EM,
				       "Validée sans enquête métier réalisée ni recherche documentaire : "
				       "à étayer avant de la retenir dans la synthèse.");
			size_t ll = (size_t)-1;
			for (size_t k = 0; k < r->enquetes.n; k++) {
				const struct bilan_report_enquete *re = &r->renquetes[k];
				if (strcmp(re->e->piste, rp->p->rec.name) || !re->e->has_verdict)
					continue;
				if (ll == (size_t)-1) {
					rt_add(para(d), BILAN_RS_STRONG, "Enquêtes métier :");
					ll = list(d);
				}
				struct bilan_rtext *it = item(d, ll);
				enquete_line(it, re);
				if (re->confirmed && *re->confirmed) {
					rt_add(it, BILAN_RS_TEXT, ". Ce qui confirme : ");
					rt_add(it, BILAN_RS_TEXT, re->confirmed);
				}
				if (re->notes && *re->notes && !re->confirmed) {
					rt_add(it, BILAN_RS_TEXT, ". ");
					rt_add(it, BILAN_RS_TEXT, re->notes);
				}
			}
			piste_research(r, rp->p);
			for (size_t k = 0; k < rp->p->rome.n; k++) {
				const struct bilan_report_test *gt = gap_of(r, rp->p->rome.v[k]);
				if (!gt)
					continue;
				struct bilan_rtext *t = para(d);
				rt_add(t, BILAN_RS_STRONG, "Écart de compétences ");
				rt_add(t, BILAN_RS_CODE, rp->p->rome.v[k]);
				rt_add(t, BILAN_RS_STRONG, " : ");
				gap_counts(t, gt);
				rt_add(t, BILAN_RS_TEXT, " (le détail est en partie 5).");
			}
		}
		if (!n)
			rt_add(para(d), BILAN_RS_EM, g == 0 ? "Aucune piste validée pour l'instant."
						    : g == 1 ? "Aucune autre piste ouverte."
							     : "Aucune piste écartée.");
	}
	rt_add(heading(d, 3), BILAN_RS_TEXT, "Aide à la décision");
	decision_view(r, 4);
	todo_complete(r, "l'analyse du projet retenu : sa cohérence avec les compétences, les "
		      "intérêts et les valeurs, et sa faisabilité");
}

static void synth_supports(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	section(d, "appuis-freins", "4. Appuis et freins", false);
	rt_add(para(d), BILAN_RS_TEXT, "Les éléments qui favorisent la réalisation du projet et "
	       "ceux qui peuvent la freiner, d'après les enquêtes métier, les contraintes notées et "
	       "ce qui reste ouvert.");
	/* appuis */
	rt_add(heading(d, 3), BILAN_RS_TEXT, "Ce qui favorise le projet");
	size_t l = list(d), n = 0;
	struct bilan_buf st = BILAN_BUF_INIT;
	pair_labels(&st, r, 1);
	if (st.len) {
		struct bilan_rtext *t = item(d, l);
		rt_add(t, BILAN_RS_STRONG, "Points forts : ");
		rt_add(t, BILAN_RS_TEXT, st.ptr);
		n++;
	}
	bilan_buf_clear(&st);
	for (size_t k = 0; k < r->enquetes.n; k++) {
		const struct bilan_report_enquete *re = &r->renquetes[k];
		const struct bilan_piste *p = NULL;
		for (size_t i = 0; i < r->pistes.n; i++)
			if (!strcmp(r->pistes.v[i].rec.name, re->e->piste))
				p = &r->pistes.v[i];
		if (!re->confirmed || !*re->confirmed || (p && p->status == BILAN_PISTE_ECARTEE))
			continue;
		struct bilan_rtext *t = item(d, l);
		rt_addf(t, BILAN_RS_STRONG, "%s : ", enquete_name(re));
		rt_add(t, BILAN_RS_TEXT, re->confirmed);
		n++;
	}
	for (size_t i = 0; i < r->journal->n; i++) {
		const struct bilan_entry *e = r->journal->v[i];
		if (!shown_entry(r, e) || e->kind != BILAN_KIND_QUESTION || !e->answer ||
		    !*e->answer || !about_financing(e))
			continue;
		struct bilan_rtext *t = item(d, l);
		rt_add(t, BILAN_RS_STRONG, "Financement : ");
		rt_add(t, BILAN_RS_TEXT, e->answer);
		n++;
	}
	if (!n)
		rt_add(item(d, l), BILAN_RS_EM, "Rien de noté pour l'instant.");

	/* freins */
	rt_add(heading(d, 3), BILAN_RS_TEXT, "Ce qui peut le freiner, points de vigilance");
	l = list(d);
	n = 0;
	for (size_t k = 0; k < r->enquetes.n; k++) {
		const struct bilan_report_enquete *re = &r->renquetes[k];
		const struct bilan_piste *p = NULL;
		for (size_t i = 0; i < r->pistes.n; i++)
			if (!strcmp(r->pistes.v[i].rec.name, re->e->piste))
				p = &r->pistes.v[i];
		if (!re->attention || !*re->attention || (p && p->status == BILAN_PISTE_ECARTEE))
			continue;
		struct bilan_rtext *t = item(d, l);
		rt_addf(t, BILAN_RS_STRONG, "Vigilance (%s) : ", enquete_name(re));
		rt_add(t, BILAN_RS_TEXT, re->attention);
		n++;
	}
	for (size_t i = 0; i < r->pistes.n; i++) {
		const struct bilan_report_piste *rp = &r->rpistes[i];
		if (rp->p->status != BILAN_PISTE_ECARTEE || !rp->reason || !*rp->reason)
			continue;
		struct bilan_rtext *t = item(d, l);
		rt_addf(t, BILAN_RS_STRONG, "Contrainte (piste %s écartée) : ", rp->p->title);
		rt_add(t, BILAN_RS_TEXT, rp->reason);
		n++;
	}
	size_t hidden = 0, guided = 0;
	for (size_t i = 0; i < r->journal->n; i++) {
		const struct bilan_entry *e = r->journal->v[i];
		bool risk = e->status == BILAN_STATUS_OUVERTE;
		if (!is_constraint(e) && !risk)
			continue;
		if (!shown_entry(r, e)) {
			hidden++;
			continue;
		}
		if (is_constraint(e) && e->guide) {
			guided++;   /* written with the guide: whole, after the list */
			continue;
		} else if (is_constraint(e)) {
			struct bilan_rtext *t = item(d, l);
			rt_add(t, BILAN_RS_STRONG, "Contrainte : ");
			char *q = bilan_report_body_text(e);
			char *first = bilan_text_first_line(*q ? q : e->title, 1000);
			rt_add(t, BILAN_RS_TEXT, first);
			free(first);
			free(q);
		} else {
			struct bilan_rtext *t = item(d, l);
			rt_add(t, BILAN_RS_STRONG, e->kind == BILAN_KIND_BLOCAGE
				? "Blocage encore ouvert : " : "Question encore ouverte : ");
			char *q = entry_words(e);
			rt_add(t, BILAN_RS_TEXT, q);
			free(q);
		}
		n++;
	}
	if (!n && !guided)
		rt_add(item(d, l), BILAN_RS_EM, "Rien de noté pour l'instant.");
	for (size_t i = 0; guided && i < r->journal->n; i++) {
		const struct bilan_entry *e = r->journal->v[i];
		if (shown_entry(r, e) && is_constraint(e) && e->guide)
			synth_entry(r, e, 4);
	}
	if (hidden)
		rt_add(para(d), BILAN_RS_EM, "Une partie privée (contraintes ou difficultés notées "
		       "en privé) complète cette partie dans la version personnelle du bénéficiaire.");
	todo_complete(r, "les conditions et les moyens qui favorisent la réalisation du projet");
}

static void synth_training(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	section(d, "formation", "5. Projet de formation et financement", false);
	bool any = false;
	/* what to acquire, for the pistes still open */
	for (size_t i = 0; i < r->pistes.n; i++) {
		const struct bilan_piste *p = &r->pistes.v[i];
		if (p->status == BILAN_PISTE_ECARTEE)
			continue;
		for (size_t k = 0; k < p->rome.n; k++) {
			const struct bilan_report_test *gt = gap_of(r, p->rome.v[k]);
			if (!gt)
				continue;
			rt_addf(para(d), BILAN_RS_STRONG, "À acquérir pour %s (écart de compétences, "
				"fiche %s) :", p->title, p->rome.v[k]);
			if (!gap_items(r, gt, 2))
				rt_add(para(d), BILAN_RS_EM, "rien : tout est au moins en partie acquis.");
			struct bilan_rtext *t2 = para(d);
			rt_add(t2, BILAN_RS_STRONG, "À consolider :");
			if (!gap_items(r, gt, 1))
				rt_add(para(d), BILAN_RS_EM, "rien.");
			r->rome_shown = true;
			any = true;
		}
	}
	/* training research */
	size_t l = (size_t)-1;
	for (size_t i = 0; i < r->nformation; i++) {
		const struct bilan_entry *e = r->formation[i];
		if (l == (size_t)-1) {
			rt_add(para(d), BILAN_RS_STRONG, "Formations étudiées :");
			l = list(d);
		}
		entry_summary(r, item(d, l), e);
		any = true;
	}
	/* financing: the answered questions about it */
	l = (size_t)-1;
	for (size_t i = 0; i < r->journal->n; i++) {
		const struct bilan_entry *e = r->journal->v[i];
		if (!shown_entry(r, e) || e->kind != BILAN_KIND_QUESTION || !e->answer ||
		    !*e->answer || !about_financing(e))
			continue;
		if (l == (size_t)-1) {
			rt_add(para(d), BILAN_RS_STRONG, "Financement :");
			l = list(d);
		}
		struct bilan_rtext *it = item(d, l);
		char *q = entry_words(e);
		rt_add(it, BILAN_RS_EM, q);
		free(q);
		rt_add(it, BILAN_RS_TEXT, " — ");
		rt_add(it, BILAN_RS_TEXT, e->answer);
		any = true;
	}
	if (!any)
		rt_add(para(d), BILAN_RS_TEXT, "Aucun élément de formation noté (l'écart de "
		       "compétences, les entrées du journal marquées #formation et les questions de "
		       "financement réglées viennent ici).");
	todo_complete(r, "le projet de formation retenu, son organisme, sa durée et son "
		      "financement (CPF, Transition Pro, AIF de France Travail, plan de développement "
		      "des compétences de l'employeur, congé de formation de la fonction publique)");
	rome_credit(r);
}

/* The action plan (bilan-report(1)): each "- WHEN : what" line of the
 * entries tagged plan, WHEN read from the entry's date; dated steps in date
 * order (stable), undated ones after. */
size_t bilan_report_plan(struct bilan_report_step **out, const struct bilan_report *r)
{
	struct bilan_report_step *v = NULL;
	size_t nv = 0;
	for (size_t i = 0; i < r->journal->n; i++) {
		const struct bilan_entry *e = r->journal->v[i];
		if (!shown_entry(r, e) || !tagged(e, BILAN_PLAN_TAG))
			continue;
		for (const char *p = e->body ? e->body : ""; *p;) {
			const char *eol = strchr(p, '\n');
			size_t len = eol ? (size_t)(eol - p) : strlen(p);
			if (len > 2 && (p[0] == '-' || p[0] == '*') && p[1] == ' ') {
				struct bilan_report_step st = { 0, false, NULL };
				const char *text = p + 2;
				const char *colon = memchr(p + 2, ':', len - 2);
				if (colon && colon - (p + 2) < 60) {
					char when[64];
					size_t wl = (size_t)(colon - (p + 2));
					memcpy(when, p + 2, wl);
					when[wl] = '\0';
					struct bilan_date_opts o = BILAN_DATE_OPTS_DAY;
					o.lean = BILAN_LEAN_FUTURE;
					o.now = e->date.t;
					struct bilan_time bt;
					if (bilan_date_parse(&bt, when, &o, NULL) == 0) {
						st.t = bt.t;
						st.dated = true;
						text = colon + 1;
						while (*text == ' ')
							text++;
					}
				}
				st.text = bilan_xstrndup(text, len - (size_t)(text - p));
				v = bilan_xrealloc(v, (nv + 1) * sizeof(*v));
				v[nv++] = st;
			}
			p += len + (eol ? 1 : 0);
		}
	}
	for (size_t i = 1; i < nv; i++)
		for (size_t k = i; k > 0; k--) {
			bool swap = v[k].dated && (!v[k - 1].dated || v[k].t < v[k - 1].t);
			if (!swap)
				break;
			struct bilan_report_step tmp = v[k];
			v[k] = v[k - 1];
			v[k - 1] = tmp;
		}
	*out = v;
	return nv;
}

void bilan_report_plan_free(struct bilan_report_step *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

const struct bilan_seance *bilan_report_follow_up(const struct bilan_report *r)
{
	for (size_t i = 0; i < r->seances.n; i++)
		if (r->seances.v[i].phase == BILAN_PHASE_TERMINEE &&
		    r->seances.v[i].status != BILAN_SEANCE_ANNULEE)
			return &r->seances.v[i];
	return NULL;
}

/* About six months after the end (or after the last séance planned). */
int64_t bilan_report_follow_up_due(const struct bilan_report *r)
{
	const struct bilan_config *c = &r->ws->cfg;
	int64_t base = c->has_end ? c->end.t : r->now;
	for (size_t i = 0; !c->has_end && i < r->seances.n; i++)
		if (r->seances.v[i].status == BILAN_SEANCE_PREVUE && r->seances.v[i].date.t > base)
			base = r->seances.v[i].date.t;
	return bilan_remind_six_months(base);
}

bool bilan_report_is_comment(const struct bilan_report *r, const struct bilan_entry *e,
			     bool *shown)
{
	*shown = shown_entry(r, e);
	return tagged(e, BILAN_SYNTHESE_TAG);
}

static void synth_steps(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	char a[32];
	section(d, "etapes", "6. Étapes après le bilan", false);
	rt_add(para(d), BILAN_RS_TEXT, "Le plan d'action que le bénéficiaire garde, daté, "
	       "distinct du travail convenu d'une séance à l'autre.");
	struct bilan_report_step *v = NULL;
	size_t nv = bilan_report_plan(&v, r);
	size_t l = list(d);
	for (size_t i = 0; i < nv; i++) {
		struct bilan_rtext *t = item(d, l);
		struct bilan_time bt = { v[i].t, 0, false };
		if (v[i].dated)
			rt_addf(t, BILAN_RS_STRONG, "%s : ", bilan_report_day(a, &bt));
		else
			rt_add(t, BILAN_RS_STRONG, "À dater : ");
		rt_add(t, BILAN_RS_TEXT, v[i].text);
	}
	bilan_report_plan_free(v, nv);
	/* the follow-up interview */
	const struct bilan_seance *follow = bilan_report_follow_up(r);
	struct bilan_rtext *t = item(d, l);
	if (follow) {
		rt_addf(t, BILAN_RS_STRONG, "%s : ", bilan_report_day(a, &follow->date));
		rt_add(t, BILAN_RS_TEXT, "entretien de suivi avec le consultant");
		if (follow->subject && *follow->subject) {
			rt_add(t, BILAN_RS_TEXT, " (");
			rt_add(t, BILAN_RS_TEXT, follow->subject);
			rt_add(t, BILAN_RS_TEXT, ")");
		}
		rt_add(t, BILAN_RS_TEXT, follow->status == BILAN_SEANCE_REALISEE ? ", réalisé." : ".");
	} else {
		struct bilan_time six = { bilan_report_follow_up_due(r), 0, false };
		rt_addf(t, BILAN_RS_STRONG, "vers le %s : ", bilan_report_day(a, &six));
		rt_add(t, BILAN_RS_TEXT, "entretien de suivi, six mois après la fin du bilan, à fixer "
		       "avec le consultant (bilan seance add, une fois le bilan clos), avec le "
		       "questionnaire d'appréciation.");
	}
	if (!nv)
		rt_add(para(d), BILAN_RS_EM, "[Plan d'action à écrire par le bénéficiaire, une étape "
		       "par ligne « - QUAND : quoi » : bilan journal add --tag plan]");
	size_t open = 0;
	for (size_t i = 0; i < r->todos.n; i++)
		open += !r->todos.v[i].done;
	if (open)
		rt_addf(para(d), BILAN_RS_EM, "Le travail convenu entre les séances (%zu élément%s "
			"encore ouvert%s, bilan todo list) n'en fait pas partie.", open,
			open > 1 ? "s" : "", open > 1 ? "s" : "");
	todo_complete(r, "les principales étapes de mise en œuvre du projet et leur calendrier");
}

/* The beneficiary's comments on the draft: journal entries tagged synthese. */
static void synth_comments(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	section(d, "commentaires", "7. Observations du bénéficiaire", false);
	size_t n = 0, hidden = 0;
	for (size_t i = 0; i < r->journal->n; i++) {
		const struct bilan_entry *e = r->journal->v[i];
		if (!tagged(e, BILAN_SYNTHESE_TAG))
			continue;
		if (!shown_entry(r, e)) {
			hidden++;
			continue;
		}
		synth_entry(r, e, 3);
		n++;
	}
	if (!n)
		rt_add(para(d), BILAN_RS_EM, "[Le bénéficiaire n'a pas encore commenté ce document : "
		       "bilan journal add --tag synthese \"…\"]");
	if (hidden)
		rt_add(para(d), BILAN_RS_EM, "D'autres observations, privées, figurent dans la "
		       "version personnelle du bénéficiaire.");
	/* the versions handed over (bilan synthese remise) */
	struct bilan_strlist v = BILAN_STRLIST_INIT;
	if (bilan_synthese_versions(&v, r->ws, NULL) == 0 && v.n) {
		rt_add(para(d), BILAN_RS_STRONG, "Versions remises au bénéficiaire :");
		size_t l = list(d);
		char day[11], a[32];
		for (size_t i = 0; i < v.n; i++) {
			struct bilan_time t;
			if (!bilan_synthese_version_day(day, v.v[i]) || !bilan_time_parse_iso(&t, day))
				continue;
			struct bilan_rtext *it = item(d, l);
			rt_addf(it, BILAN_RS_TEXT, "le %s : ", bilan_report_day(a, &t));
			rt_add(it, BILAN_RS_CODE, v.v[i]);
		}
	}
	bilan_strlist_clear(&v);
}

static void layout_synthese(struct bilan_report *r)
{
	struct bilan_rdoc *d = &r->doc;
	char a[32];
	struct bilan_rtext *t = note(d, "info");
	rt_add(t, BILAN_RS_STRONG, "Brouillon. ");
	rt_add(t, BILAN_RS_TEXT, "Ce document rassemble les éléments du travail personnel "
	       "notés dans bilan. Le document de synthèse définitif est rédigé par le "
	       "consultant ; le bénéficiaire le commente avant sa remise. Il est destiné au seul "
	       "bénéficiaire, qui décide de le communiquer (article L6313-4 du Code du travail).");
	problems_and_privacy(r);
	synth_circumstances(r);
	synth_skills(r);
	synth_project(r);
	synth_supports(r);
	synth_training(r);
	synth_steps(r);
	synth_comments(r);
	struct bilan_time now = { r->now, 0, true };
	rt_addf(para(d), BILAN_RS_EM, "Brouillon établi par bilan le %s, à reprendre par le "
		"consultant et à commenter par le bénéficiaire.", bilan_report_when(a, &now));
}


/* ------------------------------------------------------------------ */
/* the decision view (conclusions phase)                               */

/* Non-negotiable constraints: the lines of the constraints the
 * beneficiary wrote (guide 'contraintes', tag #contrainte) that say so
 * ("non négociable", "incontournable"), or under the guide's heading
 * "Distinguer l'incontournable du négociable".  *hidden counts private
 * entries left out. */
void bilan_constraints_nonnegotiable(struct bilan_strlist *out, const struct bilan_journal *j,
				     bool include_private, size_t *hidden)
{
	*hidden = 0;
	for (size_t i = 0; i < j->n; i++) {
		const struct bilan_entry *e = j->v[i];
		if (!is_constraint(e) && !tagged(e, "non-negociable"))
			continue;
		if (e->is_private && !include_private) {
			(*hidden)++;
			continue;
		}
		char *text = bilan_report_answered(e->body);
		bool under = false;
		for (char *save = NULL, *l = strtok_r(text, "\n", &save); l;
		     l = strtok_r(NULL, "\n", &save)) {
			char *f = bilan_text_fold(l);
			if (l[0] == '#') {
				under = bilan_text_contains(f, "incontournable");
			} else if (under || bilan_text_contains(f, "non negociable") ||
				   bilan_text_contains(f, "non-negociable") ||
				   bilan_text_contains(f, "incontournable") ||
				   tagged(e, "non-negociable")) {
				while (*l == '-' || *l == '*' || *l == ' ')
					l++;
				/* "Non négociable : pas de nuit" says "pas de nuit" */
				char *colon = strchr(l, ':');
				char *lf = bilan_text_fold(l);
				if (colon && colon - l < 24 && (!strncmp(lf, "non negociable", 14) ||
								!strncmp(lf, "non-negociable", 14) ||
								!strncmp(lf, "incontournable", 14))) {
					l = colon + 1;
					while (*l == ' ')
						l++;
				}
				free(lf);
				if (*l)
					bilan_strlist_add(out, l);
			}
			free(f);
		}
		free(text);
	}
}

void bilan_report_nonnegotiable(struct bilan_strlist *out, const struct bilan_report *r, size_t *hidden)
{
	bilan_constraints_nonnegotiable(out, r->journal, r->opts.include_private, hidden);
}

/* The leading values (questionnaire 'valeurs'), in order. */
void bilan_report_top_values(struct bilan_strlist *out, const struct bilan_report *r)
{
	const struct bilan_report_test *t = test_of(r, "valeurs");
	if (!t)
		return;
	const struct bilan_q_result *res = t->takes[t->ntakes - 1];
	for (size_t k = 0; k < res->ntop; k++) {
		const struct bilan_q_result_dim *d = bilan_q_result_dim(res, res->top[k]);
		bilan_strlist_add(out, d && d->label ? d->label : res->top[k]);
	}
}

void bilan_report_decision(struct bilan_report_decision *out, const struct bilan_report *r)
{
	memset(out, 0, sizeof(*out));
	bilan_report_top_values(&out->values, r);
	bilan_report_nonnegotiable(&out->constraints, r, &out->constraints_private);
	out->pistes = bilan_xcalloc(r->pistes.n + 1, sizeof(*out->pistes));
	for (size_t i = 0; i < r->pistes.n; i++) {
		const struct bilan_report_piste *rp = &r->rpistes[i];
		const struct bilan_piste *p = rp->p;
		if (p->status == BILAN_PISTE_ECARTEE)
			continue;
		struct bilan_report_decision_piste *dp = &out->pistes[out->npistes++];
		dp->rp = rp;
		dp->evidence = bilan_report_piste_has_evidence(r, p);
		for (size_t k = 0; k < r->enquetes.n; k++) {
			const struct bilan_report_enquete *re = &r->renquetes[k];
			if (strcmp(re->e->piste, p->rec.name))
				continue;
			if (!(re->confirmed && *re->confirmed) && !(re->attention && *re->attention))
				continue;
			dp->enquetes = bilan_xrealloc((void *)dp->enquetes,
						      (dp->nenquetes + 1) * sizeof(*dp->enquetes));
			dp->enquetes[dp->nenquetes++] = re;
		}
	}
}

void bilan_report_decision_clear(struct bilan_report_decision *d)
{
	bilan_strlist_clear(&d->values);
	bilan_strlist_clear(&d->constraints);
	for (size_t i = 0; i < d->npistes; i++)
		free((void *)d->pistes[i].enquetes);
	free(d->pistes);
	memset(d, 0, sizeof(*d));
}

/* Each piste still in play against the top values and the non-negotiable
 * constraints: the evidence beside a checklist the beneficiary goes
 * through with the consultant (bilan does not tick it: only they can). */
static void decision_view(struct bilan_report *r, int level)
{
	struct bilan_rdoc *d = &r->doc;
	struct bilan_report_decision dv;
	bilan_report_decision(&dv, r);
	const struct bilan_strlist *values = &dv.values, *musts = &dv.constraints;
	struct bilan_rtext *t = para(d);
	rt_add(t, BILAN_RS_STRONG, "Valeurs prioritaires : ");
	if (values->n)
		for (size_t k = 0; k < values->n; k++)
			rt_addf(t, BILAN_RS_TEXT, "%s%s", k ? (k + 1 == values->n ? " et " : ", ") : "",
				values->v[k]);
	else
		rt_add(t, BILAN_RS_EM, "le questionnaire des valeurs n'a pas été passé (bilan test run valeurs)");
	rt_add(t, BILAN_RS_TEXT, ".");
	t = para(d);
	rt_add(t, BILAN_RS_STRONG, "Contraintes non négociables : ");
	if (musts->n)
		for (size_t k = 0; k < musts->n; k++)
			rt_addf(t, BILAN_RS_TEXT, "%s%s", k ? " ; " : "", musts->v[k]);
	else if (dv.constraints_private)
		rt_add(t, BILAN_RS_EM, "notées en privé : elles figurent dans la version "
		       "personnelle du bénéficiaire (--include-private)");
	else
		rt_add(t, BILAN_RS_EM, "aucune notée (le guide contraintes : bilan journal add --guide contraintes)");
	end_sentence(t);

	for (size_t i = 0; i < dv.npistes; i++) {
		const struct bilan_report_piste *rp = dv.pistes[i].rp;
		const struct bilan_piste *p = rp->p;
		struct bilan_rtext *h = heading(d, level);
		rt_add(h, BILAN_RS_TEXT, p->title);
		rt_addf(h, BILAN_RS_TEXT, " (%s)", bilan_report_piste_label(p->status));
		size_t l = list(d);
		t = item(d, l);
		rt_add(t, BILAN_RS_STRONG, "Ce qui attire : ");
		if (p->why && *p->why)
			rt_add(t, BILAN_RS_TEXT, p->why);
		else
			rt_add(t, BILAN_RS_EM, "non noté");
		t = item(d, l);
		rt_add(t, BILAN_RS_STRONG, "Éléments : ");
		evidence_text(t, rp);
		for (size_t k = 0; k < dv.pistes[i].nenquetes; k++) {
			const struct bilan_report_enquete *re = dv.pistes[i].enquetes[k];
			if (re->confirmed && *re->confirmed) {
				t = item(d, l);
				rt_addf(t, BILAN_RS_STRONG, "Confirmé (%s) : ", enquete_name(re));
				rt_add(t, BILAN_RS_TEXT, re->confirmed);
			}
			if (re->attention && *re->attention) {
				t = item(d, l);
				rt_addf(t, BILAN_RS_STRONG, "Vigilance (%s) : ", enquete_name(re));
				rt_add(t, BILAN_RS_TEXT, re->attention);
			}
		}
		if (values->n || musts->n) {
			rt_add(para(d), BILAN_RS_TEXT, "À examiner avec le consultant :");
			size_t cl = list(d);
			for (size_t k = 0; k < values->n; k++)
				rt_addf(item(d, cl), BILAN_RS_TEXT, "☐ respecte la valeur « %s »", values->v[k]);
			for (size_t k = 0; k < musts->n; k++)
				rt_addf(item(d, cl), BILAN_RS_TEXT, "☐ compatible avec « %s »", musts->v[k]);
		}
	}
	if (!dv.npistes)
		rt_add(para(d), BILAN_RS_EM, "Aucune piste en jeu : toutes sont écartées ou il n'y en a pas encore.");
	bilan_report_decision_clear(&dv);
}

static void layout_decision(struct bilan_report *r)
{
	struct bilan_rtext *t = note(&r->doc, "info");
	rt_add(t, BILAN_RS_STRONG, "Pour décider, pas un verdict. ");
	rt_add(t, BILAN_RS_TEXT, "Chaque piste encore en jeu, avec ce qui l'appuie et ce qui "
	       "appelle la vigilance, face à vos valeurs prioritaires et à vos contraintes non "
	       "négociables : cochez avec votre consultant ce qui tient.");
	problems_and_privacy(r);
	section(&r->doc, "decision", "Les pistes en jeu", false);
	decision_view(r, 3);
}

/* ------------------------------------------------------------------ */

int bilan_report_build(struct bilan_report **out, const struct bilan_ws *ws,
		       const struct bilan_report_opts *opts, struct bilan_error *err)
{
	*out = NULL;
	struct bilan_report *r = bilan_xcalloc(1, sizeof(*r));
	struct bilan_report_opts o = BILAN_REPORT_OPTS_INIT;
	if (opts)
		o = *opts;
	r->opts = o;
	r->kind = o.kind;
	r->ws = ws;
	r->consultant_copy = bilan_ws_party(ws) == BILAN_PARTY_CONSULTANT;
	r->now = o.now ? o.now : bilan_now();
	r->has_since = o.has_since;
	r->since = o.since;
	int rc = 0;

	/* the seances first: the prep sheet's window starts at the last one held */
	struct bilan_journal_filter f = BILAN_JOURNAL_FILTER_INIT;
	f.include_private = true;
	if ((rc = bilan_journal_load(&r->journal, ws, &f, err)) < 0)
		goto fail;
	if (r->kind == BILAN_REPORT_SEANCE && !r->has_since) {
		struct bilan_seances s = BILAN_SEANCES_INIT;
		struct bilan_diags d = BILAN_DIAGS_INIT;
		if (bilan_seances_load(&s, ws, &d, NULL) == 0) {
			const struct bilan_seance *last = NULL;
			for (size_t i = 0; i < s.n; i++)
				if (s.v[i].status == BILAN_SEANCE_REALISEE && s.v[i].date.t <= r->now &&
				    (!last || s.v[i].date.t >= last->date.t))
					last = &s.v[i];
			if (last) {
				r->has_since = true;
				r->since = last->date.t;
			}
		}
		bilan_seances_clear(&s);
		bilan_diags_clear(&d);
		if (!r->has_since && ws->cfg.has_start) {
			r->has_since = true;
			r->since = ws->cfg.start.t;
		}
	}
	{
		struct bilan_diags jd = BILAN_DIAGS_INIT;
		for (size_t i = 0; i < r->journal->diags.n; i++) {
			const struct bilan_diag *g = &r->journal->diags.v[i];
			bilan_diags_add(&jd, g->severity, g->file, g->line, g->col, "%s", g->message);
		}
		add_problems(r, &jd);
	}
	gather_journal(r);
	if ((rc = gather_tests(r, err)) < 0 || (rc = gather_records(r, err)) < 0)
		goto fail;

	*out = r;
	return 0;
fail:
	bilan_report_free(r);
	return rc;
}

const char *bilan_report_title(const struct bilan_report *r)
{
	switch (r->kind) {
	case BILAN_REPORT_SUIVI: return "Suivi du bilan de compétences";
	case BILAN_REPORT_SEANCE: return "Préparation de la prochaine séance";
	case BILAN_REPORT_SYNTHESE: return "Document de synthèse — brouillon";
	case BILAN_REPORT_DECISION: return "Aide à la décision : les pistes face aux valeurs et aux contraintes";
	}
	return "";
}

void bilan_report_layout(struct bilan_report *r)
{
	if (r->laid_out)
		return;
	r->laid_out = true;
	r->doc.title = bilan_xstrdup(bilan_report_title(r));
	switch (r->kind) {
	case BILAN_REPORT_SUIVI: layout_suivi(r); break;
	case BILAN_REPORT_SEANCE: layout_seance(r); break;
	case BILAN_REPORT_SYNTHESE: layout_synthese(r); break;
	case BILAN_REPORT_DECISION: layout_decision(r); break;
	}
}

void bilan_report_free(struct bilan_report *r)
{
	if (!r)
		return;
	doc_free(&r->doc);
	bilan_diags_clear(&r->problems);
	free(r->weeks);
	free((void *)r->entries);
	free((void *)r->questions);
	free((void *)r->blockers);
	free((void *)r->formation);
	for (size_t i = 0; i < r->nfiches; i++)
		free((void *)r->fiches[i].entries);
	free(r->fiches);
	for (size_t i = 0; i < r->ntests; i++) {
		for (size_t k = 0; k < r->tests[i].ntakes; k++)
			bilan_q_result_free(r->tests[i].takes[k]);
		free(r->tests[i].takes);
		free(r->tests[i].id);
		bilan_q_free(r->tests[i].def);
	}
	free(r->tests);
	for (size_t i = 0; i < r->nunfinished; i++) {
		bilan_q_partial_clear(&r->unfinished[i].info);
		bilan_q_free(r->unfinished[i].def);
	}
	free(r->unfinished);
	for (size_t i = 0; r->rpistes && i < r->pistes.n; i++) {
		free((void *)r->rpistes[i].rome_titles);
		free(r->rpistes[i].moves);
	}
	free(r->rpistes);
	for (size_t i = 0; r->renquetes && i < r->enquetes.n; i++) {
		free(r->renquetes[i].label);
		bilan_strlist_clear(&r->renquetes[i].suggested);
		bilan_record_clear(&r->renquetes[i].contact);
	}
	free(r->renquetes);
	free(r->todo_shown);
	for (size_t i = 0; r->research_summaries && i < r->journal->n; i++)
		rt_free(&r->research_summaries[i]);
	free(r->research_summaries);
	bilan_pistes_clear(&r->pistes);
	bilan_enquetes_clear(&r->enquetes);
	bilan_seances_clear(&r->seances);
	bilan_todos_clear(&r->todos);
	bilan_journal_free(r->journal);
	bilan_rome_free(r->rome);
	bilan_strlist_clear(&r->texts);
	free(r);
}
