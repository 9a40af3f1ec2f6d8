/* questionnaire-run.c - the questionnaire runner shared by 'bilan test',
 * 'bilan metier ecart' and 'bilan status' (see questionnaire-run.h):
 * answers collected (scripted, or on the terminal: questionnaire-tty.c),
 * the result written, results shown as text and JSON. */
#include "common.h"
#include "labels.h"
#include "questionnaire-run.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "ecart.h"
#include "fs.h"
#include "id.h"
#include "text.h"

#define ANSWERS_FILE_MAX (1024 * 1024)
#define BAR_WIDTH 20

/* ------------------------------------------------------------------ */
/* small helpers                                                       */

/* "75.0" (or "75,0" in French) from tenths. */
static void fmt_pct(char *buf, size_t size, int tenths)
{
	snprintf(buf, size, "%d%s%d", tenths / 10, bilan_i18n_is_french() ? "," : ".",
		 tenths % 10);
}

json_t *qr_json_pct(int tenths)
{
	return json_real(tenths / 10.0);
}

/* jansson with a short real precision: 33.3, not 33.299999999999997 */
int qr_print_json(json_t *v)
{
	v = json_contract(v);
	if (!v)
		return fail(_("cannot build the JSON output"));
	int rc = json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
				       JSON_REAL_PRECISION(10));
	json_decref(v);
	fputc('\n', stdout);
	return rc == 0 ? EXIT_DONE : EXIT_FAILED;
}

/* Pad workspace text to a display width (sanitised). */
void qr_put_padded(FILE *f, const char *s, size_t width)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	sanitize_shown(&b, s ? s : "");
	fputs(bilan_buf_cstr(&b), f);
	size_t w = bilan_text_width(bilan_buf_cstr(&b));
	for (; w < width; w++)
		fputc(' ', f);
	bilan_buf_clear(&b);
}

/* Wrapped, sanitised text with an indent. */
void qr_put_wrapped(FILE *f, const char *s, size_t width, const char *indent)
{
	struct bilan_buf clean = BILAN_BUF_INIT, out = BILAN_BUF_INIT;
	sanitize_shown(&clean, s ? s : "");
	bilan_text_wrap(&out, bilan_buf_cstr(&clean), width, indent);
	fputs(bilan_buf_cstr(&out), f);
	bilan_buf_clear(&clean);
	bilan_buf_clear(&out);
}

bool qr_english(const struct bilan_ctx *ctx)
{
	return ctx && ctx->ws && ctx->ws->cfg.language && !strcmp(ctx->ws->cfg.language, "en");
}

const char *qr_q_title(const struct bilan_questionnaire *q, bool en)
{
	return en && q->en_title ? q->en_title : q->title;
}

static const char *q_notice(const struct bilan_questionnaire *q, bool en)
{
	if (en && q->en_notice)
		return q->en_notice;
	if (q->notice && !en)
		return q->notice;
	return _("This is an indicative self-assessment to discuss with your consultant, not a verdict.");
}

static const char *pair_flag_text(enum bilan_q_pair_flag fl)
{
	switch (fl) {
	case BILAN_Q_PAIR_UNWANTED: return _("mastered, little wish to use it");
	case BILAN_Q_PAIR_TO_GROW: return _("wished for, still to develop");
	case BILAN_Q_PAIR_NONE: break;
	}
	return NULL;
}

static const char *pair_flag_key(enum bilan_q_pair_flag fl)
{
	switch (fl) {
	case BILAN_Q_PAIR_UNWANTED: return "mastered-unwanted";
	case BILAN_Q_PAIR_TO_GROW: return "wished-to-develop";
	case BILAN_Q_PAIR_NONE: break;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* showing results                                                     */

static const struct bilan_q_dimension *def_dim(const struct bilan_questionnaire *q,
					       const char *id)
{
	if (!q)
		return NULL;
	size_t d = bilan_q_dim_index(q, id);
	return d == BILAN_Q_NONE ? NULL : &q->dims[d];
}

static const struct bilan_q_result_dim *skill_dim(const struct bilan_q_result_skill *s,
						  const char *id)
{
	for (size_t i = 0; i < s->ndims; i++)
		if (!strcmp(s->dims[i].id, id))
			return &s->dims[i];
	return NULL;
}

static const char *result_dim_label(const struct bilan_q_result *r, const char *id)
{
	const struct bilan_q_result_dim *d = bilan_q_result_dim(r, id);
	return d && d->label ? d->label : id;
}

/* A level in words (the cut-offs of bilan_q_level, on the answer scale). */
static const char *level_words(enum bilan_q_level l)
{
	switch (l) {
	case BILAN_Q_LOW: return _("rather low");
	case BILAN_Q_MEDIUM: return _("in between");
	case BILAN_Q_HIGH: return _("rather high");
	}
	return "";
}

/* "3.9" (or "3,9") from tenths of a mean. */
void qr_fmt_mean(char *buf, size_t size, int tenths)
{
	fmt_pct(buf, size, tenths);
}

/* "rather high, mean 3.9 on the scale 1 to 5" */
static void print_dim_words(FILE *f, const struct bilan_q_reading_dim *x, int min, int max)
{
	char m[16];
	qr_fmt_mean(m, sizeof(m), x->mean_tenths);
	fprintf(f, _("%s, mean %s on the scale %d to %d"), level_words(bilan_q_level(x->tenths)),
		m, min, max);
}

/* Labels of the dimensions of a reading from position a to b (inclusive) of
 * its order: "Social, Artistique and Investigateur". */
static void print_dim_run(FILE *f, const struct bilan_q_result *r,
			  const struct bilan_q_reading *rd, size_t a, size_t b)
{
	for (size_t k = a; k <= b; k++) {
		if (k > a)
			fputs(k == b ? _(" and ") : ", ", f);
		print_text(f, result_dim_label(r, r->dims[rd->order[k]].id));
	}
}

/* What may be said of the profile, and why (bilan-test(1), SCORING RULES). */
static void print_profile(FILE *f, const struct bilan_q_result *r,
			  const struct bilan_q_reading *rd, int width)
{
	char *m = NULL;
	char pts[16];
	switch (rd->state) {
	case BILAN_Q_PROF_NONE:
		return;
	case BILAN_Q_PROF_NODEF:
		m = bilan_xstrdup(_("No profile: without the questionnaire's definition, the share of answered items cannot be checked."));
		break;
	case BILAN_Q_PROF_INCOMPLETE:
		m = bilan_xasprintf(P_("No profile: %zu dimension has too few answers (at least three quarters of the items of each dimension are needed).",
				       "No profile: %zu dimensions have too few answers (at least three quarters of the items of each dimension are needed).",
				       rd->unread), rd->unread);
		break;
	case BILAN_Q_PROF_FLAT:
		fmt_pct(pts, sizeof(pts), rd->spread_tenths < 0 ? 0 : rd->spread_tenths);
		m = bilan_xasprintf(_("No profile: little differentiated. The highest and the lowest dimensions are %s points apart out of 100 (less than 15): your answers do not rank them, and no dimension stands out."),
				    pts);
		break;
	case BILAN_Q_PROF_CLEAR:
		break;
	}
	if (m) {
		fprintf(f, "\n%s%s%s\n", col(f, C_BOLD), _("Profile:"), col(f, C_RESET));
		qr_put_wrapped(f, m, (size_t)width, "  ");
		free(m);
		return;
	}
	fprintf(f, "\n%s%s%s ", col(f, C_BOLD), _("Profile:"), col(f, C_RESET));
	print_text(f, rd->code);
	size_t n = rd->top < rd->norder ? rd->top : rd->norder;
	fputs(" (", f);
	for (size_t k = 0; k < n; k++) {
		if (k)
			fputs(", ", f);
		print_text(f, result_dim_label(r, r->dims[rd->order[k]].id));
	}
	fputs(")\n", f);
	/* ties and near ties inside the code and across its last place */
	for (size_t k = 0; k < n && k + 1 < rd->norder; k++) {
		if (!rd->tie_next[k] && !rd->close_next[k])
			continue;
		size_t b = k;
		bool tie = rd->tie_next[k];
		while (b + 1 < rd->norder && (tie ? rd->tie_next[b] : rd->close_next[b]))
			b++;
		fputs("  ", f);
		print_dim_run(f, r, rd, k, b);
		if (tie && b >= n)
			fputs(_(": same mean, tied across the last place of the code; the code shown takes the questionnaire's order, another would be as right"), f);
		else if (tie)
			fputs(_(": same mean (tied); shown in the questionnaire's order"), f);
		else
			fputs(_(": less than 5 points apart, too close to order"), f);
		fputc('\n', f);
		k = b;
	}
}

/* A skill's cell: words and mean, when enough of its items were answered
 * (the coverage rule applies to each skill's items too). */
static bool skill_cell(FILE *f, const struct bilan_questionnaire *q, const char *skill,
		       const struct bilan_q_result_dim *d, int min, int max, size_t width)
{
	int items = -1;
	size_t sk = q ? bilan_q_skill_index(q, skill) : BILAN_Q_NONE;
	size_t qd = q && d ? bilan_q_dim_index(q, d->id) : BILAN_Q_NONE;
	if (sk != BILAN_Q_NONE && qd != BILAN_Q_NONE) {
		items = 0;
		for (size_t i = 0; i < q->nitems; i++)
			items += q->items[i].skill == sk && q->items[i].dim == qd;
	}
	bool ok = d && d->has_percent && d->n > 0 && (items < 0 || d->n >= bilan_q_needed(items));
	char cell[96];
	if (ok) {
		char m[16];
		qr_fmt_mean(m, sizeof(m), bilan_q_mean_tenths(d->raw, d->n));
		snprintf(cell, sizeof(cell), "%s (%s)", level_words(bilan_q_level(d->tenths)), m);
	} else {
		snprintf(cell, sizeof(cell), "%s", d && d->n ? _("too few answers") : "—");
	}
	qr_put_padded(f, cell, width);
	(void)min;
	(void)max;
	return ok;
}

void test_print_result(FILE *f, const struct bilan_q_result *r,
		       const struct bilan_questionnaire *q)
{
	int width = (int)term_width(40, 120);
	char when[64];
	lbl_date_short(when, sizeof(when), &r->date);
	fprintf(f, "%s", col(f, C_BOLD));
	print_text(f, q ? q->title : r->title ? r->title : r->questionnaire);
	fprintf(f, "%s — %s\n", col(f, C_RESET), when);
	if (q && bilan_q_result_outdated(r, q)) {
		fprintf(f, "%s", col(f, C_YELLOW));
		if (r->version != q->version)
			fprintf(f, _("(taken with version %lld; the questionnaire is now at version %lld)"),
				r->version, q->version);
		else
			fprintf(f, _("(taken with version %lld; the questionnaire has changed since)"),
				r->version);
		fprintf(f, "%s\n", col(f, C_RESET));
	} else if (!q) {
		char *m = bilan_xasprintf(_("(its definition is not available: shown as recorded, version %lld)"),
					  r->version);
		fprintf(f, "%s%s%s\n", col(f, C_DIM), m, col(f, C_RESET));
		free(m);
	}
	fputc('\n', f);

	struct bilan_q_reading rd = BILAN_Q_READING_INIT;
	bilan_q_read(&rd, r, q);
	size_t lw = 0;
	for (size_t i = 0; i < r->ndims; i++) {
		size_t w = bilan_text_width(r->dims[i].label ? r->dims[i].label : r->dims[i].id);
		if (w > lw)
			lw = w;
	}
	if (lw > 30)
		lw = 30;
	for (size_t i = 0; i < r->ndims; i++) {
		const struct bilan_q_result_dim *d = &r->dims[i];
		const struct bilan_q_reading_dim *x = &rd.dims[i];
		fputs("  ", f);
		qr_put_padded(f, d->label ? d->label : d->id, lw);
		fputs("  ", f);
		if (x->read) {
			print_dim_words(f, x, r->min, r->max);
			if (x->items > x->n)
				fprintf(f, "  %s(%d/%d)%s", col(f, C_DIM), d->n, x->items, col(f, C_RESET));
		} else if (!d->n) {
			fputs(_("no answer"), f);
		} else {
			fprintf(f, _("too few answers to say anything: %d of %d (at least %d needed)"),
				d->n, x->items, x->need);
		}
		fputc('\n', f);
		const struct bilan_q_dimension *qd = def_dim(q, d->id);
		if (qd && x->read)
			qr_put_wrapped(f, qd->interpretation[bilan_q_level(d->tenths)], (size_t)width, "      ");
	}
	print_profile(f, r, &rd, width);
	if (r->ndims && rd.norder && !r->nskills) {
		fputc('\n', f);
		fprintf(f, "%s", col(f, C_DIM));
		qr_put_wrapped(f, _("The words and means compare your answers with the answer scale, not you with other people: this questionnaire has no norms."),
			    (size_t)width, "");
		fprintf(f, "%s", col(f, C_RESET));
	}
	bilan_q_reading_clear(&rd);

	/* the item counts of the definition the result was taken with */
	struct bilan_questionnaire *tq = NULL;
	const struct bilan_questionnaire *cq = q;
	if (q && r->version != q->version && bilan_q_result_outdated(r, q))
		cq = bilan_q_find_taken(&tq, r, NULL) == 0 ? tq : NULL;
	if (r->nskills) {
		/* the pair side by side (maitrise / envie), or every dimension */
		const char *cols[2] = { NULL, NULL };
		size_t ncols = 0;
		if (q && q->has_pairs) {
			cols[0] = q->dims[q->pair[0]].id;
			cols[1] = q->dims[q->pair[1]].id;
			ncols = 2;
		} else {
			for (size_t i = 0; i < r->ndims && ncols < 2; i++)
				cols[ncols++] = r->dims[i].id;
		}
		size_t sw = 0;
		for (size_t k = 0; k < r->nskills; k++) {
			size_t w = bilan_text_width(r->skills[k].label);
			if (w > sw)
				sw = w;
		}
		if (sw > 30)
			sw = 30;
		fprintf(f, "\n%s%s%s\n", col(f, C_BOLD), _("By skill:"), col(f, C_RESET));
		fputs("  ", f);
		qr_put_padded(f, "", sw);
		for (size_t c = 0; c < ncols; c++) {
			fputs("  ", f);
			qr_put_padded(f, result_dim_label(r, cols[c]), c + 1 < ncols ? BAR_WIDTH + 8 : 0);
		}
		fputc('\n', f);
		for (size_t k = 0; k < r->nskills; k++) {
			const struct bilan_q_result_skill *s = &r->skills[k];
			fputs("  ", f);
			qr_put_padded(f, s->label, sw);
			int t[2] = { -1, -1 };
			for (size_t c = 0; c < ncols; c++) {
				const struct bilan_q_result_dim *d = skill_dim(s, cols[c]);
				fputs("  ", f);
				bool ok = skill_cell(f, cq, s->id, d, r->min, r->max,
						     c + 1 < ncols ? BAR_WIDTH + 8 : 0);
				if (ok)
					t[c] = d->tenths;
			}
			const char *flag = ncols == 2 && q && q->has_pairs
						   ? pair_flag_text(bilan_q_pair_flag(t[0], t[1])) : NULL;
			if (flag)
				fprintf(f, "  %s◆ %s%s", col(f, C_YELLOW), flag, col(f, C_RESET));
			fputc('\n', f);
		}
	}

	bilan_q_free(tq);
	/* forced choices (rank items), in their order */
	for (size_t i = 0; q && i < r->nanswers; i++) {
		const struct bilan_q_result_answer *a = &r->answers[i];
		size_t it = a->is_text ? bilan_q_item_index(q, a->item) : BILAN_Q_NONE;
		if (it == BILAN_Q_NONE || q->items[it].rank <= 0)
			continue;
		size_t idx[64];
		size_t n = bilan_q_rank_parse(idx, 64, q, a->text);
		if (!n)
			continue;
		fprintf(f, "\n%s%s%s\n", col(f, C_BOLD),
			P_("Your choice, the value that matters most:",
			   "Your choice, the values that matter most, in order:", n),
			col(f, C_RESET));
		for (size_t k = 0; k < n; k++) {
			fprintf(f, "  %zu. ", k + 1);
			print_text(f, q->dims[idx[k]].label);
			fputc('\n', f);
		}
	}
	/* free-text answers */
	bool header = false;
	for (size_t i = 0; i < r->nanswers; i++) {
		const struct bilan_q_result_answer *a = &r->answers[i];
		if (!a->is_text)
			continue;
		if (q) {
			size_t it = bilan_q_item_index(q, a->item);
			if (it != BILAN_Q_NONE && q->items[it].rank > 0 &&
			    bilan_q_rank_parse((size_t[64]){ 0 }, 64, q, a->text))
				continue;
		}
		if (!header) {
			fprintf(f, "\n%s%s%s\n", col(f, C_BOLD), _("Your comments:"), col(f, C_RESET));
			header = true;
		}
		size_t it = q ? bilan_q_item_index(q, a->item) : BILAN_Q_NONE;
		fputs("  ", f);
		print_text(f, it != BILAN_Q_NONE ? q->items[it].text : a->item);
		fputc('\n', f);
		qr_put_wrapped(f, a->text, (size_t)width, "    ");
	}

	fputc('\n', f);
	fprintf(f, "%s", col(f, C_DIM));
	qr_put_wrapped(f, q ? q_notice(q, false)
			 : _("This is an indicative self-assessment to discuss with your consultant, not a verdict."),
		    (size_t)width, "");
	fprintf(f, "%s", col(f, C_RESET));
}

/* x: the reading of a dimension (NULL for a skill's dimension) */
static json_t *dim_json(const struct bilan_q_result_dim *d, const struct bilan_questionnaire *q,
			const struct bilan_q_reading_dim *x)
{
	bool full = x != NULL;
	bool ok = x ? x->read : d->has_percent;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(d->id));
	if (full)
		json_object_set_new(o, "label", json_str_or_null(d->label));
	json_object_set_new(o, "raw", json_integer(d->raw));
	json_object_set_new(o, "n", json_integer(d->n));
	if (x) {
		json_object_set_new(o, "items", x->items >= 0 ? json_integer(x->items) : json_null());
		json_object_set_new(o, "needed", x->need >= 0 ? json_integer(x->need) : json_null());
		json_object_set_new(o, "enough", json_boolean(x->read));
	}
	json_object_set_new(o, "mean", ok ? qr_json_pct(bilan_q_mean_tenths(d->raw, d->n)) : json_null());
	json_object_set_new(o, "percent", ok ? qr_json_pct(d->tenths) : json_null());
	json_object_set_new(o, "level", ok
		? json_string(bilan_q_level_name(bilan_q_level(d->tenths))) : json_null());
	if (full) {
		const struct bilan_q_dimension *qd = def_dim(q, d->id);
		json_object_set_new(o, "interpretation", qd && ok
			? json_string(qd->interpretation[bilan_q_level(d->tenths)]) : json_null());
	}
	return o;
}

static const char *profile_state_key(enum bilan_q_profile_state st)
{
	switch (st) {
	case BILAN_Q_PROF_NONE: return "none";
	case BILAN_Q_PROF_NODEF: return "no-definition";
	case BILAN_Q_PROF_INCOMPLETE: return "too-few-answers";
	case BILAN_Q_PROF_FLAT: return "little-differentiated";
	case BILAN_Q_PROF_CLEAR: return "clear";
	}
	return "none";
}

json_t *test_result_json(const struct bilan_q_result *r, const struct bilan_questionnaire *q)
{
	char iso[BILAN_TIME_ISO_MAX];
	bilan_time_format_iso(iso, &r->date);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(r->rid));
	json_object_set_new(o, "file", json_string(r->rel));
	json_object_set_new(o, "questionnaire", json_string(r->questionnaire));
	json_object_set_new(o, "title", json_str_or_null(r->title));
	json_object_set_new(o, "date", json_string(iso));
	json_object_set_new(o, "version", json_integer(r->version));
	json_object_set_new(o, "sha256", json_string(r->sha256));
	json_object_set_new(o, "outdated", q ? json_boolean(bilan_q_result_outdated(r, q)) : json_null());
	json_object_set_new(o, "scale", json_pack("{s:i, s:i}", "min", r->min, "max", r->max));
	json_t *ans = json_object();
	for (size_t i = 0; i < r->nanswers; i++)
		json_object_set_new(ans, r->answers[i].item, r->answers[i].is_text
				    ? json_string(r->answers[i].text)
				    : json_integer(r->answers[i].value));
	json_object_set_new(o, "answers", ans);
	struct bilan_q_reading rd = BILAN_Q_READING_INIT;
	bilan_q_read(&rd, r, q);
	json_t *dims = json_array();
	for (size_t i = 0; i < r->ndims; i++)
		json_array_append_new(dims, dim_json(&r->dims[i], q, &rd.dims[i]));
	json_object_set_new(o, "dimensions", dims);
	json_object_set_new(o, "profile", json_str_or_null(rd.code));
	json_object_set_new(o, "profile_state", json_string(profile_state_key(rd.state)));
	json_object_set_new(o, "spread", rd.spread_tenths >= 0 ? qr_json_pct(rd.spread_tenths) : json_null());
	json_t *top = json_array();
	size_t ntop = rd.code ? (rd.top < rd.norder ? rd.top : rd.norder) : 0;
	for (size_t i = 0; i < ntop; i++)
		json_array_append_new(top, json_string(r->dims[rd.order[i]].id));
	json_object_set_new(o, "top", top);
	/* groups of tied dimensions (same exact mean), highest first */
	json_t *ties = json_array();
	for (size_t k = 0; k + 1 < rd.norder; k++) {
		if (!rd.tie_next[k])
			continue;
		json_t *g = json_array();
		json_array_append_new(g, json_string(r->dims[rd.order[k]].id));
		while (k + 1 < rd.norder && rd.tie_next[k])
			json_array_append_new(g, json_string(r->dims[rd.order[++k]].id));
		json_array_append_new(ties, g);
	}
	json_object_set_new(o, "ties", ties);
	json_object_set_new(o, "code_ambiguous", json_boolean(rd.code_ambiguous));
	bilan_q_reading_clear(&rd);
	json_t *skills = json_array();
	for (size_t k = 0; k < r->nskills; k++) {
		const struct bilan_q_result_skill *s = &r->skills[k];
		json_t *so = json_object();
		json_object_set_new(so, "id", json_string(s->id));
		json_object_set_new(so, "label", json_string(s->label));
		json_t *sd = json_array();
		for (size_t i = 0; i < s->ndims; i++)
			json_array_append_new(sd, dim_json(&s->dims[i], q, NULL));
		json_object_set_new(so, "dimensions", sd);
		const char *flag = NULL;
		if (q && q->has_pairs) {
			const struct bilan_q_result_dim *a = skill_dim(s, q->dims[q->pair[0]].id);
			const struct bilan_q_result_dim *b = skill_dim(s, q->dims[q->pair[1]].id);
			flag = pair_flag_key(bilan_q_pair_flag(a && a->has_percent ? a->tenths : -1,
							       b && b->has_percent ? b->tenths : -1));
		}
		json_object_set_new(so, "flag", json_str_or_null(flag));
		json_array_append_new(skills, so);
	}
	json_object_set_new(o, "skills", skills);
	return o;
}

/* ------------------------------------------------------------------ */
/* collecting answers, writing the result                              */

int test_collect(struct bilan_q_answers *out, bool *complete, struct bilan_ctx *ctx,
		 const struct bilan_questionnaire *q, const struct test_run_opts *o)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	memset(out, 0, sizeof(*out));
	*complete = false;
	if (o->answers && o->answers_file)
		return usage_error(&cmd_test, _("give --answers or --answers-file, not both"));
	if (o->answers) {
		if (bilan_q_answers_parse_list(out, q, o->answers, &err) < 0)
			return print_error(&err);
		*complete = true;
		return EXIT_DONE;
	}
	if (o->answers_file) {
		struct bilan_buf b = BILAN_BUF_INIT;
		int rc;
		const char *name = o->answers_file;
		if (!strcmp(name, "-")) {
			rc = bilan_fs_read_fd(&b, STDIN_FILENO, ANSWERS_FILE_MAX, &err);
			name = _("(standard input)");
		} else {
			rc = bilan_fs_read(&b, name, ANSWERS_FILE_MAX, &err);
		}
		if (rc == 0)
			rc = bilan_q_answers_parse_text(out, q, name, bilan_buf_cstr(&b), b.len, &err);
		bilan_buf_clear(&b);
		if (rc < 0)
			return print_error(&err);
		*complete = true;
		return EXIT_DONE;
	}
	if (!stdin_is_tty() || !stdout_is_tty()) {
		fflush(stdout);
		print_prefix(stderr, PFX_ERROR);
		fprintf(stderr, "%s\n",
			_("not on a terminal: give the answers with --answers or --answers-file"));
		print_prefix(stderr, PFX_HINT);
		fprintf(stderr, P_("'%s' has %zu rated item: --answers takes one value per rated item, e.g. --answers 5,4,,3",
				   "'%s' has %zu rated items: --answers takes one value per rated item, e.g. --answers 5,4,,3",
				   q->nscale), q->id, q->nscale);
		fputc('\n', stderr);
		return EXIT_USAGE;
	}
	return qr_collect_interactive(out, complete, ctx, q, o);
}

int test_run_questionnaire(struct bilan_ctx *ctx, const struct bilan_questionnaire *q,
			   const struct test_run_opts *o)
{
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	bool complete = false;
	int rc = test_collect(&a, &complete, ctx, q, o);
	if (rc != EXIT_DONE || !complete)
		return rc;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_ws *ws = ctx->ws;
	struct bilan_time when = o->has_date ? o->date : bilan_time_now();
	char *rel = NULL;
	/* The lock only now, to write the result. */
	int r = bilan_ws_begin(ws, "test run", &err);
	if (r == 0)
		r = bilan_q_result_write(&rel, ws, q, &a, &when, &err);
	char *msg = bilan_xasprintf("test: %s result", q->id);
	rc = finish_txn(ws, r, msg, &err);
	free(msg);
	bilan_q_answers_clear(&a);
	if (rc != EXIT_DONE) {
		if (!o->answers && !o->answers_file)
			fprintf(stderr, _("Your answers are kept: 'bilan test run %s' offers them again.\n"),
				q->id);
		free(rel);
		return rc;
	}
	if (!o->answers && !o->answers_file)
		bilan_q_partial_remove(ws->gitdir, q->id, NULL);
	struct bilan_q_result *res = NULL;
	if (bilan_q_result_load(&res, ws->root, rel, &err) < 0) {
		free(rel);
		return print_error(&err);
	}
	free(rel);
	if (o->json)
		rc = qr_print_json(test_result_json(res, q));
	else if (!o->quiet)
		test_print_result(stdout, res, q);
	bilan_q_result_free(res);
	return rc;
}

