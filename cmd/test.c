/* test.c - bilan test: questionnaires (list, run, show, compare, validate).
 * The engine is lib/questionnaire.h; this file reads answers (scripted, or
 * on a terminal in raw mode) and shows results. */
#include "common.h"
#include "test.h"

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

static int run(int argc, char **argv, struct bilan_ctx *ctx);

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

/* Signed difference in tenths: "+5.0", "-12.5", "0.0". */
static void fmt_diff(char *buf, size_t size, int d)
{
	int a = d < 0 ? -d : d;
	snprintf(buf, size, "%s%d%s%d", d > 0 ? "+" : d < 0 ? "-" : "", a / 10,
		 bilan_i18n_is_french() ? "," : ".", a % 10);
}

static json_t *json_pct(int tenths)
{
	return json_real(tenths / 10.0);
}

/* jansson with a short real precision: 33.3, not 33.299999999999997 */
static int print_json(json_t *v)
{
	if (!v)
		return fail(_("cannot build the JSON output"));
	int rc = json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
				       JSON_REAL_PRECISION(10));
	json_decref(v);
	fputc('\n', stdout);
	return rc == 0 ? EXIT_DONE : EXIT_FAILED;
}

static int term_width(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col > 120 ? 120 : ws.ws_col;
	return 80;
}

/* Pad workspace text to a display width (sanitised). */
static void put_padded(FILE *f, const char *s, size_t width)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_text_sanitize_terminal(&b, s ? s : "");
	fputs(bilan_buf_cstr(&b), f);
	size_t w = bilan_text_width(bilan_buf_cstr(&b));
	for (; w < width; w++)
		fputc(' ', f);
	bilan_buf_clear(&b);
}

/* Wrapped, sanitised text with an indent. */
static void put_wrapped(FILE *f, const char *s, size_t width, const char *indent)
{
	struct bilan_buf clean = BILAN_BUF_INIT, out = BILAN_BUF_INIT;
	bilan_text_sanitize_terminal(&clean, s ? s : "");
	bilan_text_wrap(&out, bilan_buf_cstr(&clean), width, indent);
	fputs(bilan_buf_cstr(&out), f);
	bilan_buf_clear(&clean);
	bilan_buf_clear(&out);
}

static bool english(const struct bilan_ctx *ctx)
{
	return ctx && ctx->ws && ctx->ws->cfg.language && !strcmp(ctx->ws->cfg.language, "en");
}

static const char *q_title(const struct bilan_questionnaire *q, bool en)
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

/* The workspace if there is one (list works outside a workspace too). */
static int open_ws_optional(struct bilan_ctx *ctx)
{
	if (ctx->ws)
		return 0;
	struct bilan_error err = BILAN_ERROR_INIT;
	char *root = NULL;
	if (bilan_ws_find(&root, ctx->dir_opt, &err) < 0) {
		if (err.code == BILAN_ENOWORKSPACE && !ctx->dir_opt)
			return 0;
		return print_error(&err);
	}
	int rc = 0;
	if (bilan_ws_open(&ctx->ws, root, &err) < 0)
		rc = print_error(&err);
	free(root);
	return rc;
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
static void fmt_mean(char *buf, size_t size, int tenths)
{
	fmt_pct(buf, size, tenths);
}

/* "rather high, mean 3.9 on the scale 1 to 5" */
static void print_dim_words(FILE *f, const struct bilan_q_reading_dim *x, int min, int max)
{
	char m[16];
	fmt_mean(m, sizeof(m), x->mean_tenths);
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
		put_wrapped(f, m, (size_t)width, "  ");
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
		fmt_mean(m, sizeof(m), bilan_q_mean_tenths(d->raw, d->n));
		snprintf(cell, sizeof(cell), "%s (%s)", level_words(bilan_q_level(d->tenths)), m);
	} else {
		snprintf(cell, sizeof(cell), "%s", d && d->n ? _("too few answers") : "—");
	}
	put_padded(f, cell, width);
	(void)min;
	(void)max;
	return ok;
}

void test_print_result(FILE *f, const struct bilan_q_result *r,
		       const struct bilan_questionnaire *q)
{
	int width = term_width();
	char when[64];
	bilan_time_format_short(when, sizeof(when), &r->date);
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
		put_padded(f, d->label ? d->label : d->id, lw);
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
			put_wrapped(f, qd->interpretation[bilan_q_level(d->tenths)], (size_t)width, "      ");
	}
	print_profile(f, r, &rd, width);
	if (r->ndims && rd.norder && !r->nskills) {
		fputc('\n', f);
		fprintf(f, "%s", col(f, C_DIM));
		put_wrapped(f, _("The words and means compare your answers with the answer scale, not you with other people: this questionnaire has no norms."),
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
		put_padded(f, "", sw);
		for (size_t c = 0; c < ncols; c++) {
			fputs("  ", f);
			put_padded(f, result_dim_label(r, cols[c]), c + 1 < ncols ? BAR_WIDTH + 8 : 0);
		}
		fputc('\n', f);
		for (size_t k = 0; k < r->nskills; k++) {
			const struct bilan_q_result_skill *s = &r->skills[k];
			fputs("  ", f);
			put_padded(f, s->label, sw);
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
		put_wrapped(f, a->text, (size_t)width, "    ");
	}

	fputc('\n', f);
	fprintf(f, "%s", col(f, C_DIM));
	put_wrapped(f, q ? q_notice(q, false)
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
	json_object_set_new(o, "mean", ok ? json_pct(bilan_q_mean_tenths(d->raw, d->n)) : json_null());
	json_object_set_new(o, "percent", ok ? json_pct(d->tenths) : json_null());
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
	json_object_set_new(o, "spread", rd.spread_tenths >= 0 ? json_pct(rd.spread_tenths) : json_null());
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
/* bilan status                                                        */

struct taken {
	char *id;
	size_t attempts;
	char last[32];
	char *profile;
};

/* The questionnaires taken, oldest id first; broken results are skipped
 * (bilan status reports broken files itself). */
static size_t status_taken(const struct bilan_ws *ws, struct taken **out)
{
	struct bilan_strlist ids = BILAN_STRLIST_INIT;
	*out = NULL;
	if (bilan_q_results_ids(&ids, ws->root, NULL) < 0 || !ids.n) {
		bilan_strlist_clear(&ids);
		return 0;
	}
	struct taken *v = bilan_xcalloc(ids.n, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < ids.n; i++) {
		struct bilan_strlist files = BILAN_STRLIST_INIT;
		if (bilan_q_results_files(&files, ws->root, ids.v[i], NULL) == 0 && files.n) {
			struct taken *t = &v[n++];
			t->id = bilan_xstrdup(ids.v[i]);
			t->attempts = files.n;
			struct bilan_q_result *r = NULL;
			if (bilan_q_result_load(&r, ws->root, files.v[files.n - 1], NULL) == 0) {
				bilan_time_format_day(t->last, sizeof(t->last), &r->date);
				/* the code the rules allow, not the one recorded */
				struct bilan_questionnaire *q = NULL;
				if (bilan_q_find(&q, ws->root, ids.v[i], NULL) < 0)
					q = NULL;
				struct bilan_q_reading rd = BILAN_Q_READING_INIT;
				bilan_q_read(&rd, r, q);
				t->profile = rd.code;
				rd.code = NULL;
				bilan_q_reading_clear(&rd);
				bilan_q_free(q);
			}
			bilan_q_result_free(r);
		}
		bilan_strlist_clear(&files);
	}
	bilan_strlist_clear(&ids);
	*out = v;
	return n;
}

static void taken_free(struct taken *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].profile);
	}
	free(v);
}

void test_status_text(const struct bilan_ws *ws)
{
	struct taken *v = NULL;
	size_t n = status_taken(ws, &v);
	if (n) {
		printf("%s ", _("questionnaires:"));
		for (size_t i = 0; i < n; i++) {
			printf("%s", i ? ", " : "");
			print_text(stdout, v[i].id);
			if (v[i].attempts > 1)
				printf(" ×%zu", v[i].attempts);
			if (v[i].profile) {
				printf(" (");
				print_text(stdout, v[i].profile);
				printf(")");
			}
		}
		printf(" (bilan test show ID)\n");
	}
	taken_free(v, n);
	struct bilan_strlist partials = BILAN_STRLIST_INIT;
	if (bilan_q_partial_list(&partials, ws->gitdir, NULL) == 0) {
		for (size_t i = 0; i < partials.n; i++) {
			struct bilan_q_partial p;
			if (bilan_q_partial_info(&p, ws->gitdir, partials.v[i], NULL) < 0)
				continue;
			printf("%s", col(stdout, C_CYAN));
			printf(_("unfinished questionnaire: %s, %zu of %zu answered"), partials.v[i],
			       p.answered, p.total);
			printf("%s (bilan test run %s)\n", col(stdout, C_RESET), partials.v[i]);
			bilan_q_partial_clear(&p);
		}
	}
	bilan_strlist_clear(&partials);
}

void test_status_json(const struct bilan_ws *ws, json_t *o)
{
	struct taken *v = NULL;
	size_t n = status_taken(ws, &v);
	json_t *q = json_object(), *taken = json_array(), *unfinished = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(taken, json_pack("{s:s, s:I, s:o, s:o}", "id", v[i].id,
			"attempts", (json_int_t)v[i].attempts,
			"last", v[i].last[0] ? json_string(v[i].last) : json_null(),
			"profile", json_str_or_null(v[i].profile)));
	taken_free(v, n);
	struct bilan_strlist partials = BILAN_STRLIST_INIT;
	if (bilan_q_partial_list(&partials, ws->gitdir, NULL) == 0) {
		for (size_t i = 0; i < partials.n; i++) {
			struct bilan_q_partial p;
			if (bilan_q_partial_info(&p, ws->gitdir, partials.v[i], NULL) < 0)
				continue;
			json_array_append_new(unfinished, json_pack("{s:s, s:I, s:I}", "id", partials.v[i],
				"answered", (json_int_t)p.answered, "total", (json_int_t)p.total));
			bilan_q_partial_clear(&p);
		}
	}
	bilan_strlist_clear(&partials);
	json_object_set_new(q, "taken", taken);
	json_object_set_new(q, "unfinished", unfinished);
	json_object_set_new(o, "questionnaires", q);
}

/* ------------------------------------------------------------------ */
/* the terminal run                                                    */

static volatile sig_atomic_t pending_signal;

static void on_signal(int sig)
{
	pending_signal = sig;
}

enum outcome { OUT_FINISHED, OUT_QUIT, OUT_SIGNAL, OUT_HANGUP };

enum {
	KEY_NONE = 0,
	KEY_ENTER = 1000, KEY_LEFT, KEY_RIGHT, KEY_BACKSPACE, KEY_INTR, KEY_EOF, KEY_REDRAW,
	KEY_SIGNAL = -1, KEY_HANGUP = -2,
};

struct runner {
	const struct bilan_questionnaire *q;
	struct bilan_q_answers *a;
	const char *gitdir;
	bool en;
	size_t pos;                 /* item shown; nitems = the end screen */
	struct termios saved;
	bool raw;
	sigset_t waitmask;          /* the mask while waiting (signals open) */
	char typed[8];              /* digits typed on scales over 9 */
	unsigned char in[64];       /* keys read but not handled yet */
	size_t inlen;
	const char *msg;            /* one line shown under the item */
	char msgbuf[BILAN_ERROR_MSG_MAX + 64];
};

static void term_raw(struct runner *r)
{
	struct termios t = r->saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
	t.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
		r->raw = true;
}

static void term_restore(struct runner *r)
{
	if (r->raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &r->saved);
	r->raw = false;
}

/* Wait for input with the signals open; KEY_SIGNAL when one came. */
static int wait_input(struct runner *r)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	for (;;) {
		if (pending_signal)
			return KEY_SIGNAL;
		int n = ppoll(&p, 1, NULL, &r->waitmask);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return KEY_HANGUP;
		if (p.revents & (POLLIN | POLLHUP | POLLERR))
			return 0;
	}
}

/* One key: keys typed or pasted faster than the screen is drawn are kept
 * in r->in and taken one at a time. */
static int read_key(struct runner *r)
{
	if (!r->inlen) {
		int w = wait_input(r);
		if (w < 0)
			return w;
		ssize_t n = read(STDIN_FILENO, r->in, sizeof(r->in));
		if (n < 0 && errno == EINTR)
			return pending_signal ? KEY_SIGNAL : KEY_NONE;
		if (n <= 0)
			return KEY_HANGUP;
		r->inlen = (size_t)n;
	}
	const unsigned char *b = r->in;
	size_t used = 1;
	int key;
	if (b[0] == 0x1b) {
		key = KEY_NONE;
		if (r->inlen >= 3 && (b[1] == '[' || b[1] == 'O')) {
			used = 3;
			if (b[2] == 'D')
				key = KEY_LEFT;
			else if (b[2] == 'C')
				key = KEY_RIGHT;
			else
				used = r->inlen;   /* another sequence: drop it */
		} else {
			used = r->inlen;
		}
	} else {
		switch (b[0]) {
		case '\r':
		case '\n': key = KEY_ENTER; break;
		case 0x7f:
		case 0x08: key = KEY_BACKSPACE; break;
		case 0x03: key = KEY_INTR; break;
		case 0x04: key = KEY_EOF; break;
		case 0x0c: key = KEY_REDRAW; break;
		default: key = b[0]; break;
		}
	}
	memmove(r->in, r->in + used, r->inlen - used);
	r->inlen -= used;
	return key;
}

static void save_partial(struct runner *r)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_q_answers_count(r->a) == 0) {
		bilan_q_partial_remove(r->gitdir, r->q->id, NULL);
		return;
	}
	if (bilan_q_partial_save(r->gitdir, r->q, r->a, r->pos, &err) < 0) {
		snprintf(r->msgbuf, sizeof(r->msgbuf), "%s", err.message);
		r->msg = r->msgbuf;
	}
}

static void clear_screen(void)
{
	fputs("\033[H\033[2J", stdout);
}

static void draw_keys(const struct runner *r, bool text_item)
{
	const struct bilan_questionnaire *q = r->q;
	printf("%s", col(stdout, C_DIM));
	if (text_item)
		printf(_("Enter: write your answer · s: skip · b: back · q: save and quit"));
	else
		printf(_("%d-%d: answer · Enter: keep · b: back · s: skip · q: save and quit"),
		       q->min, q->max);
	printf("%s\n", col(stdout, C_RESET));
}

static void draw_header(const struct runner *r, int width)
{
	const struct bilan_questionnaire *q = r->q;
	char prog[48];
	if (r->pos < q->nitems)
		snprintf(prog, sizeof(prog), "%zu/%zu", r->pos + 1, q->nitems);
	else
		snprintf(prog, sizeof(prog), "%zu/%zu", q->nitems, q->nitems);
	char *title = bilan_text_first_line(q_title(q, r->en), (size_t)width - 10);
	struct bilan_buf t = BILAN_BUF_INIT;
	bilan_text_sanitize_terminal(&t, title);
	size_t tw = bilan_text_width(bilan_buf_cstr(&t));
	printf("%s%s%s", col(stdout, C_BOLD), bilan_buf_cstr(&t), col(stdout, C_RESET));
	for (size_t i = tw; i + strlen(prog) < (size_t)width; i++)
		fputc(' ', stdout);
	printf("%s\n", prog);
	for (int i = 0; i < width; i++)
		fputs("─", stdout);
	fputc('\n', stdout);
	bilan_buf_clear(&t);
	free(title);
}

static void draw(struct runner *r)
{
	const struct bilan_questionnaire *q = r->q;
	int width = term_width();
	clear_screen();
	draw_header(r, width);
	if (r->pos >= q->nitems) {
		size_t answered = bilan_q_answers_count(r->a);
		printf("\n");
		printf(_("End of the questionnaire: %zu of %zu items answered."), answered, q->nitems);
		printf("\n\n");
		printf("%s", col(stdout, C_DIM));
		printf(_("Enter: save the result · b: back · q: keep the answers for later"));
		printf("%s\n", col(stdout, C_RESET));
	} else {
		const struct bilan_q_item *it = &q->items[r->pos];
		if (it->skill != BILAN_Q_NONE) {
			printf("%s", col(stdout, C_DIM));
			print_text(stdout, q->skills[it->skill].label);
			printf("%s\n", col(stdout, C_RESET));
		}
		printf("\n");
		put_wrapped(stdout, it->text, (size_t)width, "  ");
		printf("\n");
		if (it->type == BILAN_Q_ITEM_TEXT) {
			if (r->a->text[r->pos]) {
				printf("  %s\n", _("Your answer:"));
				put_wrapped(stdout, r->a->text[r->pos], (size_t)width, "    ");
			} else {
				printf("  %s%s%s\n", col(stdout, C_DIM), _("(free answer, optional)"),
				       col(stdout, C_RESET));
			}
			printf("\n");
			draw_keys(r, true);
		} else {
			int cur = r->a->value[r->pos];
			for (int v = q->min; v <= q->max; v++) {
				const char *label = bilan_q_item_label(q, r->pos, v);
				bool on = v == cur;
				printf("  %s%s %2d  ", on ? col(stdout, C_BOLD) : "", on ? "›" : " ", v);
				if (label)
					print_text(stdout, label);
				printf("%s\n", on ? col(stdout, C_RESET) : "");
			}
			printf("\n");
			if (r->typed[0])
				printf("  > %s\n", r->typed);
			draw_keys(r, false);
		}
	}
	if (r->msg) {
		printf("%s", col(stdout, C_YELLOW));
		print_text(stdout, r->msg);
		printf("%s\n", col(stdout, C_RESET));
		r->msg = NULL;
	}
	fflush(stdout);
}

/* The start screen: title, description, instructions; false to quit. */
static int draw_start(struct runner *r)
{
	const struct bilan_questionnaire *q = r->q;
	int width = term_width();
	clear_screen();
	draw_header(r, width);
	printf("\n");
	put_wrapped(stdout, r->en && q->en_description ? q->en_description : q->description,
		    (size_t)width, "");
	printf("\n");
	put_wrapped(stdout, r->en && q->en_instructions ? q->en_instructions : q->instructions,
		    (size_t)width, "");
	printf("\n");
	printf(P_("%zu question. Answer with the number keys; b goes back, s skips, q saves and quits.",
		  "%zu questions. Answer with the number keys; b goes back, s skips, q saves and quits.",
		  q->nitems), q->nitems);
	printf("\n\n%s%s%s\n", col(stdout, C_BOLD), _("Press Enter to begin (q to quit)."),
	       col(stdout, C_RESET));
	fflush(stdout);
	for (;;) {
		int k = read_key(r);
		if (k == KEY_ENTER || k == ' ')
			return 1;
		if (k == 'q' || k == 'Q' || k == KEY_EOF)
			return 0;
		if (k == KEY_INTR || k == KEY_SIGNAL)
			return KEY_SIGNAL;
		if (k == KEY_HANGUP)
			return KEY_HANGUP;
	}
}

/* Read one line in cooked mode (the kernel edits it), signals open. */
static int read_line(struct runner *r, struct bilan_buf *out)
{
	struct termios t = r->saved;
	t.c_lflag |= ICANON | ECHO | ISIG;
	t.c_iflag |= ICRNL;
	tcsetattr(STDIN_FILENO, TCSANOW, &t);
	printf("  > ");
	fflush(stdout);
	int rc = 0;
	/* keys typed ahead belong to the line */
	if (r->inlen) {
		size_t k = 0;
		while (k < r->inlen && r->in[k] != '\r' && r->in[k] != '\n')
			k++;
		bilan_buf_put(out, r->in, k);
		fwrite(r->in, 1, k, stdout);
		bool complete = k < r->inlen;
		if (complete) {
			fputc('\n', stdout);
			k++;   /* the end of the line; what follows stays for the next keys */
		}
		fflush(stdout);
		memmove(r->in, r->in + k, r->inlen - k);
		r->inlen -= k;
		if (complete)
			goto done;
	}
	for (;;) {
		int w = wait_input(r);
		if (w < 0) {
			rc = w;
			break;
		}
		char buf[512];
		ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* 0: Ctrl-D (end of the line); an error: the terminal is gone */
			rc = n == 0 ? 0 : KEY_HANGUP;
			break;
		}
		bilan_buf_put(out, buf, (size_t)n);
		if (out->len > BILAN_Q_TEXT_MAX + 1 || memchr(buf, '\n', (size_t)n))
			break;
	}
done:
	term_raw(r);
	char *nl = out->ptr ? strpbrk(out->ptr, "\r\n") : NULL;
	if (nl)
		bilan_buf_truncate(out, (size_t)(nl - out->ptr));
	return rc;
}

static void set_answer(struct runner *r, int v)
{
	r->a->value[r->pos] = v;
	r->pos++;
	save_partial(r);
}

/* One key on a scale item. */
static void scale_key(struct runner *r, int k)
{
	const struct bilan_questionnaire *q = r->q;
	if (k >= '0' && k <= '9') {
		int d = k - '0';
		if (q->max <= 9) {
			if (d >= q->min && d <= q->max)
				set_answer(r, d);
			else {
				snprintf(r->msgbuf, sizeof(r->msgbuf), _("answer with a number from %d to %d"),
					 q->min, q->max);
				r->msg = r->msgbuf;
			}
			return;
		}
		size_t len = strlen(r->typed);
		if (len + 1 < sizeof(r->typed)) {
			r->typed[len] = (char)k;
			r->typed[len + 1] = '\0';
		}
		int v = atoi(r->typed); /* NOLINT(cert-err34-c): at most 7 digits */
		if (v * 10 > q->max) {   /* no digit can follow */
			r->typed[0] = '\0';
			if (v >= q->min && v <= q->max)
				set_answer(r, v);
			else {
				snprintf(r->msgbuf, sizeof(r->msgbuf), _("answer with a number from %d to %d"),
					 q->min, q->max);
				r->msg = r->msgbuf;
			}
		}
		return;
	}
	if (k == KEY_ENTER && r->typed[0]) {
		int v = atoi(r->typed); /* NOLINT(cert-err34-c): at most 7 digits */
		r->typed[0] = '\0';
		if (v >= q->min && v <= q->max)
			set_answer(r, v);
		else {
			snprintf(r->msgbuf, sizeof(r->msgbuf), _("answer with a number from %d to %d"),
				 q->min, q->max);
			r->msg = r->msgbuf;
		}
		return;
	}
	if (k == KEY_BACKSPACE && r->typed[0]) {
		r->typed[strlen(r->typed) - 1] = '\0';
		return;
	}
	if (k == KEY_ENTER || k == KEY_RIGHT) {
		if (r->a->value[r->pos] != BILAN_Q_SKIPPED || k == KEY_RIGHT) {
			r->pos++;
			save_partial(r);
		} else {
			snprintf(r->msgbuf, sizeof(r->msgbuf), _("answer with a number from %d to %d, or s to skip"),
				 q->min, q->max);
			r->msg = r->msgbuf;
		}
		return;
	}
	if (k == 's' || k == 'S') {
		r->typed[0] = '\0';
		set_answer(r, BILAN_Q_SKIPPED);
		return;
	}
}

static enum outcome interact(struct runner *r)
{
	const struct bilan_questionnaire *q = r->q;
	for (;;) {
		draw(r);
		int k = read_key(r);
		if (k == KEY_SIGNAL || k == KEY_INTR)
			return OUT_SIGNAL;
		if (k == KEY_HANGUP)
			return OUT_HANGUP;
		if (k == 'q' || k == 'Q' || k == KEY_EOF)
			return OUT_QUIT;
		if (k == KEY_REDRAW || k == KEY_NONE)
			continue;
		if (k == 'b' || k == 'B' || k == KEY_LEFT || (k == KEY_BACKSPACE && !r->typed[0])) {
			r->typed[0] = '\0';
			if (r->pos > 0)
				r->pos--;
			continue;
		}
		if (r->pos >= q->nitems) {
			if (k == KEY_ENTER) {
				if (bilan_q_answers_count(r->a) == 0 ||
				    q->nscale == 0) {
					r->msg = _("nothing answered yet");
					continue;
				}
				size_t rated = 0;
				for (size_t i = 0; i < q->nitems; i++)
					rated += q->items[i].type == BILAN_Q_ITEM_SCALE &&
						 r->a->value[i] != BILAN_Q_SKIPPED;
				if (!rated) {
					r->msg = _("no item is answered on the scale: go back with b");
					continue;
				}
				return OUT_FINISHED;
			}
			continue;
		}
		const struct bilan_q_item *it = &q->items[r->pos];
		if (it->type == BILAN_Q_ITEM_TEXT) {
			if (k == 's' || k == 'S') {
				free(r->a->text[r->pos]);
				r->a->text[r->pos] = NULL;
				r->pos++;
				save_partial(r);
			} else if (k == KEY_RIGHT) {
				r->pos++;
			} else if (k == KEY_ENTER || k == 'e' || k == 'E') {
				struct bilan_buf line = BILAN_BUF_INIT;
				int rc = read_line(r, &line);
				if (rc == KEY_SIGNAL) {
					bilan_buf_clear(&line);
					return OUT_SIGNAL;
				}
				if (rc == KEY_HANGUP) {
					bilan_buf_clear(&line);
					return OUT_HANGUP;
				}
				char *s = bilan_buf_detach(&line);
				char *t = s ? s : bilan_xstrdup("");
				/* trim */
				char *b = t;
				while (*b == ' ' || *b == '\t')
					b++;
				size_t n = strlen(b);
				while (n && (b[n - 1] == ' ' || b[n - 1] == '\t' || b[n - 1] == '\r'))
					b[--n] = '\0';
				struct bilan_error err = BILAN_ERROR_INIT;
				if (!*b) {
					r->pos++;   /* empty: keep what was there */
					save_partial(r);
				} else if (bilan_q_answer_set_text(r->a, q, r->pos, b, &err) < 0) {
					snprintf(r->msgbuf, sizeof(r->msgbuf), "%s", err.message);
					r->msg = r->msgbuf;
				} else {
					r->pos++;
					save_partial(r);
				}
				free(t);
			}
			continue;
		}
		scale_key(r, k);
	}
}

static int collect_interactive(struct bilan_q_answers *out, bool *complete,
			       struct bilan_ctx *ctx, const struct bilan_questionnaire *q,
			       const struct test_run_opts *o)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_ws *ws = ctx->ws;
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	struct bilan_q_partial info;
	bool same = true, resume = false;
	memset(&info, 0, sizeof(info));
	int rc = bilan_q_partial_load(&a, &info, &same, ws->gitdir, q, &err);
	if (rc == 0 && info.answered == 0) {
		bilan_q_answers_clear(&a);
		rc = BILAN_ENOTFOUND;
	}
	if (rc == 0) {
		char saved[64] = "";
		if (info.saved.t)
			bilan_time_format_short(saved, sizeof(saved), &info.saved);
		if (o->restart) {
			resume = false;
		} else {
			char *question = same
				? bilan_xasprintf(_("You have unfinished answers to '%s' (%zu answered, saved %s). Resume them?"),
						  q->id, info.answered, saved)
				: bilan_xasprintf(_("The questionnaire '%s' has changed since your unfinished answers (%zu still apply, saved %s). Resume them?"),
						  q->id, info.answered, saved);
			resume = ask_yes_no(question, true);
			free(question);
		}
		if (!resume) {
			bilan_q_answers_clear(&a);
			bilan_q_partial_remove(ws->gitdir, q->id, NULL);
		}
	} else if (rc != BILAN_ENOTFOUND) {
		/* damaged: say so, start over (it is replaced at the first answer) */
		print_error(&err);
		warn(_("the unfinished answers cannot be read: starting over"));
	}
	if (!resume)
		bilan_q_answers_init(&a, q);

	struct runner r;
	memset(&r, 0, sizeof(r));
	r.q = q;
	r.a = &a;
	r.gitdir = ws->gitdir;
	r.en = english(ctx);
	r.pos = resume ? info.position : 0;
	bilan_q_partial_clear(&info);
	if (tcgetattr(STDIN_FILENO, &r.saved) < 0) {
		bilan_q_answers_clear(&a);
		return fail(_("cannot set up the terminal: %s"), strerror(errno));
	}

	/* Signals: blocked except while waiting for a key, so that a Ctrl-C,
	 * a closed terminal (SIGHUP) or a kill saves the answers and restores
	 * the terminal from the main loop, never from a handler. */
	static const int sigs[] = { SIGINT, SIGHUP, SIGTERM, SIGQUIT };
	struct sigaction sa, old[4];
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigset_t block, prev;
	sigemptyset(&block);
	for (size_t i = 0; i < 4; i++) {
		sigaction(sigs[i], &sa, &old[i]);
		sigaddset(&block, sigs[i]);
	}
	sigprocmask(SIG_BLOCK, &block, &prev);
	r.waitmask = prev;
	for (size_t i = 0; i < 4; i++)
		sigdelset(&r.waitmask, sigs[i]);
	pending_signal = 0;

	term_raw(&r);
	enum outcome out_kind;
	int start = resume ? 1 : draw_start(&r);
	if (start == 1)
		out_kind = interact(&r);
	else if (start == 0)
		out_kind = OUT_QUIT;
	else
		out_kind = start == KEY_HANGUP ? OUT_HANGUP : OUT_SIGNAL;
	/* keep what was answered, whatever happens */
	if (out_kind != OUT_FINISHED)
		save_partial(&r);
	else if (bilan_q_partial_save(ws->gitdir, q, &a, q->nitems, &err) < 0)
		print_error(&err);
	term_restore(&r);
	clear_screen();
	fflush(stdout);
	int sig = pending_signal;
	sigprocmask(SIG_SETMASK, &prev, NULL);
	for (size_t i = 0; i < 4; i++)
		sigaction(sigs[i], &old[i], NULL);

	size_t answered = bilan_q_answers_count(&a);
	if (out_kind == OUT_FINISHED) {
		*out = a;
		*complete = true;
		return EXIT_DONE;
	}
	bilan_q_answers_clear(&a);
	if (answered)
		fprintf(stderr, P_("%zu answer kept; 'bilan test run %s' resumes where you stopped.\n",
				   "%zu answers kept; 'bilan test run %s' resumes where you stopped.\n",
				   answered), answered, q->id);
	else
		fprintf(stderr, "%s\n", _("Nothing answered, nothing kept."));
	if (out_kind == OUT_QUIT)
		return EXIT_DONE;
	if (out_kind == OUT_HANGUP)
		return 128 + SIGHUP;
	return 128 + (sig ? sig : SIGINT);
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
		fprintf(stderr, "bilan: %serror:%s %s\n", col(stderr, C_RED), col(stderr, C_RESET),
			_("not on a terminal: give the answers with --answers or --answers-file"));
		fprintf(stderr, "%shint:%s ", col(stderr, C_YELLOW), col(stderr, C_RESET));
		fprintf(stderr, P_("'%s' has %zu rated item: --answers takes one value per rated item, e.g. --answers 5,4,,3",
				   "'%s' has %zu rated items: --answers takes one value per rated item, e.g. --answers 5,4,,3",
				   q->nscale), q->id, q->nscale);
		fputc('\n', stderr);
		return EXIT_USAGE;
	}
	return collect_interactive(out, complete, ctx, q, o);
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
		rc = print_json(test_result_json(res, q));
	else if (!o->quiet)
		test_print_result(stdout, res, q);
	bilan_q_result_free(res);
	return rc;
}

/* ------------------------------------------------------------------ */
/* the sub-commands                                                    */

/* Questionnaire ids are lowercase; one typed with capitals (ecart-J1504,
 * after the ROME code) is taken as its lowercase form (in place). */
static char *fold_id(char *id)
{
	for (char *p = id; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return id;
}

/* The definition of id (workspace first), or NULL and an error printed.
 * With results_ok, a questionnaire that has results but no definition
 * (generated ones) is not an error: *q stays NULL and 0 is returned. */
static int find_def(struct bilan_questionnaire **q, struct bilan_ctx *ctx, const char *id,
		    bool results_ok)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	*q = NULL;
	if (!bilan_q_id_valid(id)) {
		struct bilan_buf v = BILAN_BUF_INIT;
		bilan_text_sanitize_terminal(&v, id);
		bilan_error_set(&err, BILAN_EUSAGE,
				_("invalid questionnaire id '%s' (lowercase letters, digits and '-')"),
				bilan_buf_cstr(&v));
		bilan_error_hint(&err, "%s", _("'bilan test list' shows the questionnaires"));
		bilan_buf_clear(&v);
		return print_error(&err);
	}
	if (bilan_q_find(q, ctx->ws ? ctx->ws->root : NULL, id, &err) == 0)
		return 0;
	/* skill gaps (bilan metier ecart) are generated from ROME, not files */
	if (err.code == BILAN_ENOTFOUND && bilan_ecart_find(q, id, NULL) == 0)
		return 0;
	if (results_ok && err.code == BILAN_ENOTFOUND && ctx->ws) {
		struct bilan_strlist files = BILAN_STRLIST_INIT;
		struct bilan_error e2 = BILAN_ERROR_INIT;
		bool has = bilan_q_results_files(&files, ctx->ws->root, id, &e2) == 0 && files.n;
		bilan_strlist_clear(&files);
		if (has)
			return 0;
	}
	return print_error(&err);
}

static const struct cmd_option run_list_opts[] = {
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int run_list(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_test, run_list_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_test, _("too many arguments"));
	int rc = open_ws_optional(ctx);
	if (rc)
		return rc;
	const char *root = ctx->ws ? ctx->ws->root : NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_q_catalog cat = BILAN_Q_CATALOG_INIT;
	if (bilan_q_catalog_load(&cat, root, &err) < 0)
		return print_error(&err);

	/* rows: visible definitions, then questionnaires with results only */
	struct row {
		const char *id;
		const struct bilan_q_entry *e;
		size_t taken;
		char last[32];
		char *title;            /* no definition: the latest result's */
		bool unfinished;
		struct bilan_q_partial partial;
	};
	struct bilan_strlist result_ids = BILAN_STRLIST_INIT, partials = BILAN_STRLIST_INIT;
	if (root && (bilan_q_results_ids(&result_ids, root, &err) < 0 ||
		     bilan_q_partial_list(&partials, ctx->ws->gitdir, &err) < 0)) {
		bilan_q_catalog_clear(&cat);
		return print_error(&err);
	}
	struct row *rows = bilan_xcalloc(cat.n + result_ids.n + 1, sizeof(*rows));
	size_t nrows = 0;
	for (size_t i = 0; i < cat.n; i++)
		if (!cat.v[i].hidden) {
			rows[nrows].id = cat.v[i].id;
			rows[nrows++].e = &cat.v[i];
		}
	for (size_t i = 0; i < result_ids.n; i++) {
		bool known = false;
		for (size_t k = 0; k < nrows && !known; k++)
			known = !strcmp(rows[k].id, result_ids.v[i]);
		if (!known)
			rows[nrows++].id = result_ids.v[i];
	}
	int status = EXIT_DONE;
	for (size_t k = 0; root && k < nrows; k++) {
		struct row *w = &rows[k];
		if (!bilan_q_id_valid(w->id))
			continue;
		struct bilan_strlist files = BILAN_STRLIST_INIT;
		if (bilan_q_results_files(&files, root, w->id, &err) == 0 && files.n) {
			w->taken = files.n;
			const char *f = strrchr(files.v[files.n - 1], '/') + 1;
			char rid[BILAN_ID_SIZE] = "";
			snprintf(rid, sizeof(rid), "%.*s", (int)(strlen(f) - 5), f);
			int64_t t = bilan_id_time(rid);
			if (t < 0 || !w->e) {
				/* a generated questionnaire (bilan metier ecart) has
				 * no definition: its title is the result's */
				struct bilan_q_result *res = NULL;
				if (bilan_q_result_load(&res, root, files.v[files.n - 1], &err) == 0) {
					if (t < 0)
						t = res->date.t;
					if (!w->e && res->title)
						w->title = bilan_xstrdup(res->title);
				}
				bilan_q_result_free(res);
				bilan_error_clear(&err);
			}
			if (t >= 0) {
				struct bilan_time bt = { t, 0, true };
				bilan_time_format_day(w->last, sizeof(w->last), &bt);
			}
		}
		bilan_strlist_clear(&files);
		if (bilan_strlist_contains(&partials, w->id) &&
		    bilan_q_partial_info(&w->partial, ctx->ws->gitdir, w->id, NULL) == 0)
			w->unfinished = true;
	}

	if (json) {
		json_t *arr = json_array();
		for (size_t k = 0; k < nrows; k++) {
			const struct row *w = &rows[k];
			const struct bilan_q_entry *e = w->e;
			json_t *o = json_object();
			json_object_set_new(o, "id", json_string(w->id));
			json_object_set_new(o, "title", json_str_or_null(e ? e->title : w->title));
			json_object_set_new(o, "version", e && !e->error.code ? json_integer(e->version) : json_null());
			json_object_set_new(o, "items", e && !e->error.code ? json_integer((json_int_t)e->nitems) : json_null());
			json_object_set_new(o, "origin", json_string(!e ? "results-only"
				: e->origin == BILAN_Q_BUILTIN ? "builtin" : "workspace"));
			json_object_set_new(o, "overrides_builtin", json_boolean(e && e->overrides));
			json_object_set_new(o, "path", json_str_or_null(e ? e->path : NULL));
			json_object_set_new(o, "error", e && e->error.code ? json_string(e->error.message) : json_null());
			json_object_set_new(o, "taken", json_integer((json_int_t)w->taken));
			json_object_set_new(o, "last", w->last[0] ? json_string(w->last) : json_null());
			json_object_set_new(o, "unfinished", w->unfinished
				? json_pack("{s:I, s:I}", "answered", (json_int_t)w->partial.answered,
					    "total", (json_int_t)w->partial.total)
				: json_null());
			json_array_append_new(arr, o);
		}
		rc = print_json(arr);
	} else {
		size_t iw = 2;
		for (size_t k = 0; k < nrows; k++)
			if (strlen(rows[k].id) > iw)
				iw = strlen(rows[k].id);
		printf("%s", col(stdout, C_BOLD));
		put_padded(stdout, _("ID"), iw);
		printf("  %5s  %5s  %-10s  %s%s\n", _("ITEMS"), _("TAKEN"), _("LAST"), _("TITLE"),
		       col(stdout, C_RESET));
		for (size_t k = 0; k < nrows; k++) {
			const struct row *w = &rows[k];
			const struct bilan_q_entry *e = w->e;
			put_padded(stdout, w->id, iw);
			if (e && !e->error.code)
				printf("  %5zu", e->nitems);
			else
				printf("  %5s", "-");
			printf("  %5zu  %-10s  ", w->taken, w->last[0] ? w->last : "-");
			if (e && e->title)
				print_text(stdout, e->title);
			if (!e && w->title)
				print_text(stdout, w->title);
			/* a skill gap's definition is generated from ROME: not
			 * missing */
			char code[6];
			if (!e) {
				if (!bilan_ecart_code(code, w->id))
					printf("%s%s%s%s", w->title ? "  " : "", col(stdout, C_DIM),
					       _("(results only: no definition)"), col(stdout, C_RESET));
			} else if (e->error.code)
				printf("%s%s%s", col(stdout, C_RED), _("(broken definition: see below)"),
				       col(stdout, C_RESET));
			if (e && e->overrides)
				printf("  %s%s%s", col(stdout, C_YELLOW),
				       _("[workspace: replaces the built-in]"), col(stdout, C_RESET));
			else if (e && e->origin == BILAN_Q_WORKSPACE)
				printf("  %s%s%s", col(stdout, C_DIM), _("[workspace]"), col(stdout, C_RESET));
			if (w->unfinished)
				printf("  %s%s%s", col(stdout, C_CYAN), _("unfinished"), col(stdout, C_RESET));
			printf("\n");
		}
		bool any = false;
		for (size_t k = 0; k < nrows; k++)
			any = any || rows[k].unfinished;
		if (any) {
			printf("\n");
			for (size_t k = 0; k < nrows; k++)
				if (rows[k].unfinished) {
					printf(_("Unfinished: '%s' (%zu of %zu answered); 'bilan test run %s' resumes it."),
					       rows[k].id, rows[k].partial.answered, rows[k].partial.total,
					       rows[k].id);
					printf("\n");
				}
		}
	}
	for (size_t k = 0; k < nrows; k++) {
		const struct bilan_q_entry *e = rows[k].e;
		if (e && e->error.code) {
			if (!json)
				print_error(&e->error);
			status = EXIT_FAILED;
		}
		bilan_q_partial_clear(&rows[k].partial);
		free(rows[k].title);
	}
	free(rows);
	bilan_strlist_clear(&result_ids);
	bilan_strlist_clear(&partials);
	bilan_q_catalog_clear(&cat);
	return rc ? rc : status;
}

static const struct cmd_option run_run_opts[] = {
	{ "answers", 'a', 'a', N_("LIST"),
	  N_("the answers, without asking"), NULL },
	{ "answers-file", 'f', 'f', N_("FILE"),
	  N_("read the answers from FILE"), "@file" },
	{ "date", 'd', 'd', N_("WHEN"),
	  N_("when it happened (default: now)"), NULL },
	{ "restart", 0, 'r', NULL,
	  N_("start again from the first question"), NULL },
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ "quiet", 'q', 'q', NULL,
	  N_("print nothing when all went well"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int run_run(int argc, char **argv, struct bilan_ctx *ctx)
{
	struct test_run_opts o = TEST_RUN_OPTS_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	int c;
	while ((c = cmd_opt_next(&cmd_test, run_run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'a': o.answers = optarg; break;
		case 'f': o.answers_file = optarg; break;
		case 'r': o.restart = true; break;
		case 'j': o.json = true; break;
		case 'q': o.quiet = true; break;
		case 'd': {
			struct bilan_date_opts dopts = BILAN_DATE_OPTS_PAST;
			if (bilan_date_parse(&o.date, optarg, &dopts, &err) < 0)
				return print_error(&err);
			o.has_date = true;
			break;
		}
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_test, _("which questionnaire? 'bilan test list' shows them"));
	if (optind + 1 < argc)
		return usage_error(&cmd_test, _("too many arguments"));
	if (o.answers && o.answers_file)
		return usage_error(&cmd_test, _("give --answers or --answers-file, not both"));
	int rc = ctx_open_ws(ctx);
	if (rc)
		return rc;
	struct bilan_questionnaire *q = NULL;
	if ((rc = find_def(&q, ctx, fold_id(argv[optind]), false)) != 0)
		return rc;
	rc = test_run_questionnaire(ctx, q, &o);
	bilan_q_free(q);
	return rc;
}

static const struct cmd_option run_show_opts[] = {
	{ "all", 'a', 'a', NULL,
	  N_("show every attempt"), NULL },
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int run_show(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool all = false, json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_test, run_show_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'a': all = true; break;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_test, _("which questionnaire? 'bilan test list' shows them"));
	if (optind + 1 < argc)
		return usage_error(&cmd_test, _("too many arguments"));
	int rc = ctx_open_ws(ctx);
	if (rc)
		return rc;
	const char *id = fold_id(argv[optind]);
	struct bilan_questionnaire *q = NULL;
	if ((rc = find_def(&q, ctx, id, true)) != 0)
		return rc;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_q_results l = BILAN_Q_RESULTS_INIT;
	if (bilan_q_results_load(&l, ctx->ws->root, id, &err) < 0) {
		bilan_q_free(q);
		return print_error(&err);
	}
	if (!l.n) {
		bilan_error_set(&err, BILAN_ENOTFOUND, _("the questionnaire '%s' was never taken"), id);
		bilan_error_hint(&err, _("take it with 'bilan test run %s'"), id);
		bilan_q_free(q);
		return print_error(&err);
	}
	size_t from = all ? 0 : l.n - 1;
	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "questionnaire", json_string(id));
		json_object_set_new(o, "title", json_str_or_null(q ? q->title : l.v[l.n - 1]->title));
		json_object_set_new(o, "version", q ? json_integer(q->version) : json_null());
		json_object_set_new(o, "origin", json_string(!q ? "results-only"
			: q->origin == BILAN_Q_BUILTIN ? "builtin" : "workspace"));
		json_object_set_new(o, "attempts", json_integer((json_int_t)l.n));
		json_t *arr = json_array();
		for (size_t i = from; i < l.n; i++)
			json_array_append_new(arr, test_result_json(l.v[i], q));
		json_object_set_new(o, "results", arr);
		rc = print_json(o);
	} else {
		pager_start();
		for (size_t i = from; i < l.n; i++) {
			if (i > from)
				printf("\n");
			if (all) {
				printf("%s", col(stdout, C_DIM));
				printf(_("Attempt %zu of %zu (%s)"), i + 1, l.n, l.v[i]->rid);
				printf("%s\n", col(stdout, C_RESET));
			}
			test_print_result(stdout, l.v[i], q);
		}
		if (!all && l.n > 1) {
			printf("\n");
			printf(P_("%zu earlier attempt: 'bilan test show --all %s' or 'bilan test compare %s'.",
				  "%zu earlier attempts: 'bilan test show --all %s' or 'bilan test compare %s'.",
				  l.n - 1), l.n - 1, id, id);
			printf("\n");
		}
	}
	bilan_q_results_clear(&l);
	bilan_q_free(q);
	return rc;
}

static const struct cmd_option run_compare_opts[] = {
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int run_compare(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_test, run_compare_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_test, _("which questionnaire? 'bilan test list' shows them"));
	int rc = ctx_open_ws(ctx);
	if (rc)
		return rc;
	const char *id = fold_id(argv[optind++]);
	struct bilan_questionnaire *q = NULL;
	if ((rc = find_def(&q, ctx, id, true)) != 0)
		return rc;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_q_results l = BILAN_Q_RESULTS_INIT;
	if (bilan_q_results_load(&l, ctx->ws->root, id, &err) < 0) {
		bilan_q_free(q);
		return print_error(&err);
	}
	/* which attempts: all, or the ones named (by record id prefix) */
	const struct bilan_q_result **sel = bilan_xcalloc(l.n + 1, sizeof(*sel));
	size_t nsel = 0;
	if (optind < argc) {
		const char **rids = bilan_xcalloc(l.n + 1, sizeof(*rids));
		bool *taken = bilan_xcalloc(l.n + 1, sizeof(*taken));
		for (size_t i = 0; i < l.n; i++)
			rids[i] = l.v[i]->rid;
		for (int k = optind; k < argc; k++) {
			size_t idx;
			if (bilan_prefix_resolve(&idx, rids, l.n, argv[k], _("attempt"), &err) < 0) {
				free(rids);
				free(taken);
				free(sel);
				bilan_q_results_clear(&l);
				bilan_q_free(q);
				return print_error(&err);
			}
			taken[idx] = true;
		}
		for (size_t i = 0; i < l.n; i++)
			if (taken[i])
				sel[nsel++] = l.v[i];
		free(rids);
		free(taken);
	} else {
		for (size_t i = 0; i < l.n; i++)
			sel[nsel++] = l.v[i];
	}
	if (nsel < 2) {
		if (!l.n) {
			bilan_error_set(&err, BILAN_ENOTFOUND, _("the questionnaire '%s' was never taken"), id);
			bilan_error_hint(&err, _("take it with 'bilan test run %s'"), id);
		} else {
			bilan_error_set(&err, BILAN_EFAIL,
					P_("nothing to compare: %zu attempt of '%s'",
					   "nothing to compare: %zu attempts of '%s'", nsel), nsel, id);
			bilan_error_hint(&err, _("take it again with 'bilan test run %s' to see the evolution"), id);
		}
		free(sel);
		bilan_q_results_clear(&l);
		bilan_q_free(q);
		return print_error(&err);
	}

	/* dimensions: those of the latest attempt, then any others */
	struct bilan_strlist dims = BILAN_STRLIST_INIT;
	for (size_t k = nsel; k-- > 0;)
		for (size_t i = 0; i < sel[k]->ndims; i++)
			if (!bilan_strlist_contains(&dims, sel[k]->dims[i].id))
				bilan_strlist_add(&dims, sel[k]->dims[i].id);

	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "questionnaire", json_string(id));
		json_object_set_new(o, "title", json_str_or_null(q ? q->title : sel[nsel - 1]->title));
		json_t *att = json_array();
		for (size_t k = 0; k < nsel; k++) {
			char iso[BILAN_TIME_ISO_MAX];
			bilan_time_format_iso(iso, &sel[k]->date);
			struct bilan_q_reading rd = BILAN_Q_READING_INIT;
			bilan_q_read(&rd, sel[k], q);
			json_array_append_new(att, json_pack("{s:s, s:s, s:I, s:o, s:o}",
				"id", sel[k]->rid, "date", iso, "version", (json_int_t)sel[k]->version,
				"outdated", q ? json_boolean(bilan_q_result_outdated(sel[k], q)) : json_null(),
				"profile", json_str_or_null(rd.code)));
			bilan_q_reading_clear(&rd);
		}
		json_object_set_new(o, "attempts", att);
		json_t *darr = json_array();
		for (size_t i = 0; i < dims.n; i++) {
			json_t *d = json_object();
			const struct bilan_q_result_dim *last = NULL;
			for (size_t k = nsel; k-- > 0 && !last;)
				last = bilan_q_result_dim(sel[k], dims.v[i]);
			json_object_set_new(d, "id", json_string(dims.v[i]));
			json_object_set_new(d, "label", json_str_or_null(last ? last->label : NULL));
			json_t *pcts = json_array(), *chg = json_array();
			json_t *means = json_array(), *mchg = json_array();
			int prev = -1, first = -1, lastp = -1, mprev = -1;
			for (size_t k = 0; k < nsel; k++) {
				const struct bilan_q_result_dim *x = bilan_q_result_dim(sel[k], dims.v[i]);
				int t = x && x->has_percent ? x->tenths : -1;
				int mt = x && x->has_percent ? bilan_q_mean_tenths(x->raw, x->n) : -1;
				json_array_append_new(means, mt >= 0 ? json_pct(mt) : json_null());
				json_array_append_new(mchg, k && mt >= 0 && mprev >= 0 ? json_pct(mt - mprev) : json_null());
				mprev = mt;
				json_array_append_new(pcts, t >= 0 ? json_pct(t) : json_null());
				json_array_append_new(chg, k && t >= 0 && prev >= 0 ? json_pct(t - prev) : json_null());
				if (t >= 0 && first < 0)
					first = t;
				if (t >= 0)
					lastp = t;
				prev = t;
			}
			json_object_set_new(d, "percents", pcts);
			json_object_set_new(d, "changes", chg);
			json_object_set_new(d, "means", means);
			json_object_set_new(d, "mean_changes", mchg);
			json_object_set_new(d, "total_change", first >= 0 && lastp >= 0
					    ? json_pct(lastp - first) : json_null());
			json_array_append_new(darr, d);
		}
		json_object_set_new(o, "dimensions", darr);
		rc = print_json(o);
	} else {
		pager_start();
		printf("%s", col(stdout, C_BOLD));
		print_text(stdout, q ? q->title : sel[nsel - 1]->title ? sel[nsel - 1]->title : id);
		printf("%s — ", col(stdout, C_RESET));
		printf(P_("%zu attempt", "%zu attempts", nsel), nsel);
		printf("\n\n");
		size_t lw = 0;
		for (size_t i = 0; i < dims.n; i++) {
			const struct bilan_q_result_dim *x = NULL;
			for (size_t k = nsel; k-- > 0 && !x;)
				x = bilan_q_result_dim(sel[k], dims.v[i]);
			size_t w = bilan_text_width(x && x->label ? x->label : dims.v[i]);
			if (w > lw)
				lw = w;
		}
		if (lw > 28)
			lw = 28;
		/* header: dates; each later attempt has its change from the one
		 * before beside it, on its right */
		struct bilan_q_reading *rds = bilan_xcalloc(nsel, sizeof(*rds));
		for (size_t k = 0; k < nsel; k++)
			bilan_q_read(&rds[k], sel[k], q);
		put_padded(stdout, "", lw);
		for (size_t k = 0; k < nsel; k++) {
			char day[32];
			bilan_time_format_day(day, sizeof(day), &sel[k]->date);
			printf("  %10s%s", day, k ? "         " : "");
		}
		printf("  %8s\n", _("change"));
		for (size_t i = 0; i < dims.n; i++) {
			const struct bilan_q_result_dim *lastd = NULL;
			for (size_t k = nsel; k-- > 0 && !lastd;)
				lastd = bilan_q_result_dim(sel[k], dims.v[i]);
			put_padded(stdout, lastd && lastd->label ? lastd->label : dims.v[i], lw);
			int prev = -1, first = -1, lastp = -1;
			for (size_t k = 0; k < nsel; k++) {
				int t = -1;
				for (size_t j = 0; j < sel[k]->ndims; j++)
					if (!strcmp(sel[k]->dims[j].id, dims.v[i]))
						t = rds[k].dims[j].mean_tenths;
				char p[16] = "—", d[24] = "";
				if (t >= 0)
					fmt_mean(p, sizeof(p), t);
				if (k && t >= 0 && prev >= 0) {
					char sdiff[16];
					fmt_diff(sdiff, sizeof(sdiff), t - prev);
					snprintf(d, sizeof(d), "(%s)", sdiff);
				}
				printf("  %10s", p);
				if (k) {
					printf(" %s", d);
					for (size_t w = bilan_text_width(d); w < 8; w++)
						fputc(' ', stdout);
				}
				if (t >= 0 && first < 0)
					first = t;
				if (t >= 0)
					lastp = t;
				prev = t;
			}
			char tot[16] = "—";
			if (first >= 0 && lastp >= 0)
				fmt_diff(tot, sizeof(tot), lastp - first);
			printf("  %8s\n", tot);
		}
		bool profiles = false;
		for (size_t k = 0; k < nsel; k++)
			profiles = profiles || rds[k].state != BILAN_Q_PROF_NONE;
		if (profiles) {
			put_padded(stdout, _("Profile"), lw);
			for (size_t k = 0; k < nsel; k++) {
				const char *p = rds[k].code ? rds[k].code : "—";
				printf("  ");
				for (size_t w = bilan_text_width(p); w < 10; w++)
					fputc(' ', stdout);
				print_text(stdout, p);
				if (k)
					printf("         ");
			}
			printf("\n");
		}
		for (size_t k = 0; k < nsel; k++)
			bilan_q_reading_clear(&rds[k]);
		free(rds);
		for (size_t k = 0; q && k < nsel; k++)
			if (bilan_q_result_outdated(sel[k], q)) {
				printf("\n");
				printf(_("Some attempts were taken with another version of the questionnaire (now version %lld): compare them with care."),
				       q->version);
				printf("\n");
				break;
			}
		printf("\n");
		printf("%s", col(stdout, C_DIM));
		char *m = bilan_xasprintf(_("Each value is the mean of the answers on the scale %d to %d (\"—\": too few answers to say anything); the change in brackets sits beside the later attempt and is counted from the one before it. A few tenths up or down between attempts are usual and say little; discuss the larger ones with your consultant."),
					  sel[nsel - 1]->min, sel[nsel - 1]->max);
		put_wrapped(stdout, m, (size_t)term_width(), "");
		free(m);
		printf("%s", col(stdout, C_RESET));
	}
	bilan_strlist_clear(&dims);
	free(sel);
	bilan_q_results_clear(&l);
	bilan_q_free(q);
	return rc;
}

static const struct cmd_option run_validate_opts[] = {
	{ "strict", 0, 's', NULL,
	  N_("fail on warnings too"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static const struct cmd_option run_rm_opts[] = {
	{ "force", 'f', 'f', NULL,
	  N_("remove it without asking"), NULL },
	{ "quiet", 'q', 'q', NULL,
	  N_("print nothing when it is done"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

/* bilan test rm ID ATTEMPT: remove one attempt (one commit; the history
 * keeps it).  ATTEMPT is a record id, or a unique prefix or suffix of one,
 * as for compare. */
static int run_rm(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool force = false, quiet = false;
	int c;
	while ((c = cmd_opt_next(&cmd_test, run_rm_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'f': force = true; break;
		case 'q': quiet = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_test, _("which questionnaire? 'bilan test list' shows them"));
	if (optind + 1 >= argc)
		return usage_error(&cmd_test, _("which attempt? 'bilan test show --all %s' lists them"),
				   argv[optind]);
	if (optind + 2 < argc)
		return usage_error(&cmd_test, _("too many arguments"));
	int rc = ctx_open_ws(ctx);
	if (rc)
		return rc;
	const char *id = fold_id(argv[optind]);
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_strlist files = BILAN_STRLIST_INIT;
	if (bilan_q_results_files(&files, ctx->ws->root, id, &err) < 0)
		return print_error(&err);
	if (!files.n) {
		bilan_strlist_clear(&files);
		bilan_error_set(&err, BILAN_ENOTFOUND, _("the questionnaire '%s' was never taken"), id);
		return print_error(&err);
	}
	/* record ids: the file stems */
	char **rids = bilan_xcalloc(files.n + 1, sizeof(*rids));
	const char **crids = bilan_xcalloc(files.n + 1, sizeof(*crids));
	for (size_t i = 0; i < files.n; i++) {
		const char *bn = strrchr(files.v[i], '/') ? strrchr(files.v[i], '/') + 1 : files.v[i];
		rids[i] = bilan_xstrndup(bn, strlen(bn) > 5 ? strlen(bn) - 5 : strlen(bn));
		crids[i] = rids[i];
	}
	size_t idx = 0;
	char when[64] = "";
	if (bilan_prefix_resolve(&idx, crids, files.n, argv[optind + 1],
				 _("attempt"), &err) < 0) {
		rc = print_error(&err);
		goto out;
	}
	struct bilan_q_result *res = NULL;
	if (bilan_q_result_load(&res, ctx->ws->root, files.v[idx], NULL) == 0)
		bilan_time_format_short(when, sizeof(when), &res->date);
	bilan_q_result_free(res);
	if (!force) {
		if (!stdin_is_tty()) {
			fail(_("not removing the attempt %s of '%s' without a confirmation"), rids[idx], id);
			fprintf(stderr, "%shint:%s %s\n", col(stderr, C_YELLOW), col(stderr, C_RESET),
				_("run it on a terminal, or add --force (the history keeps the attempt)"));
			rc = EXIT_DECISION;
			goto out;
		}
		char *qs = bilan_xasprintf(_("Remove the attempt of '%s' taken %s (%s)?"), id,
					   *when ? when : "?", rids[idx]);
		bool yes = ask_yes_no(qs, false);
		free(qs);
		if (!yes) {
			fprintf(stderr, "%s\n", _("Nothing removed."));
			rc = EXIT_FAILED;
			goto out;
		}
	}
	int r = bilan_ws_begin(ctx->ws, "test rm", &err);
	if (r == 0)
		r = bilan_ws_remove(ctx->ws, files.v[idx], &err);
	char *msg = bilan_xasprintf("test: remove a %s result", id);
	rc = finish_txn(ctx->ws, r, msg, &err);
	free(msg);
	if (rc == EXIT_DONE && !quiet) {
		printf(_("removed the attempt %s of '%s' (the history keeps it)"), rids[idx], id);
		printf("\n");
	}
out:
	for (size_t i = 0; i < files.n; i++)
		free(rids[i]);
	free(rids);
	free(crids);
	bilan_strlist_clear(&files);
	return rc;
}

static int run_validate(int argc, char **argv, struct bilan_ctx *ctx)
{
	(void)ctx;
	bool strict = false;
	int c;
	while ((c = cmd_opt_next(&cmd_test, run_validate_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 's': strict = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_test, _("which file? e.g. 'bilan test validate questionnaires/mon-test.yaml'"));
	int status = EXIT_DONE;
	for (int k = optind; k < argc; k++) {
		const char *path = argv[k];
		struct bilan_diags d = BILAN_DIAGS_INIT;
		size_t errors = bilan_q_validate_file(path, &d);
		size_t warnings = bilan_diags_count(&d, BILAN_SEV_WARNING);
		fflush(stdout);
		for (size_t i = 0; i < d.n; i++)
			print_diag(&d.v[i]);
		bilan_diags_clear(&d);
		if (errors || (strict && warnings)) {
			status = EXIT_FAILED;
			continue;
		}
		struct bilan_questionnaire *q = NULL;
		struct bilan_error err = BILAN_ERROR_INIT;
		if (bilan_q_load_file(&q, path, BILAN_Q_FILE, &err) < 0) {
			status = print_error(&err);
			continue;
		}
		print_text(stdout, path);
		printf(": ");
		printf(_("valid: '%s' version %lld, %zu items, %zu dimensions"), q->id, q->version,
		       q->nitems, q->ndims);
		if (q->nskills)
			printf(P_(", %zu skill", ", %zu skills", q->nskills), q->nskills);
		printf("\n");
		bilan_q_free(q);
	}
	return status;
}

static const struct bilan_subcmd subs[] = {
	{ "list", run_list, N_("list the questionnaires, how often and when each was taken"),
	  run_list_opts, NULL },
	{ "run", run_run, N_("take a questionnaire"),
	  run_run_opts, "@test" },
	{ "show", run_show, N_("show the latest result (or all)"),
	  run_show_opts, "@test" },
	{ "compare", run_compare, N_("show the evolution between attempts"),
	  run_compare_opts, "@test" },
	{ "rm", run_rm, N_("remove an attempt taken by mistake"),
	  run_rm_opts, "@test" },
	{ "validate", run_validate, N_("check a questionnaire definition"),
	  run_validate_opts, "@file" },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_test = {
	"test", run, N_("take questionnaires and review their results"),
	N_("bilan test list [--json]\n"
	   "bilan test run [--answers LIST | --answers-file FILE] [--date WHEN] [--restart] [--json] [-q] ID\n"
	   "bilan test show [--all] [--json] ID\n"
	   "bilan test compare [--json] ID [ATTEMPT...]\n"
	   "bilan test rm [--force] [-q] ID ATTEMPT\n"
	   "bilan test validate [--strict] FILE..."),
	0,
	NULL, subs, NULL, "list",
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	return cmd_dispatch_sub(&cmd_test, subs, "list", argc, argv, ctx);
}
