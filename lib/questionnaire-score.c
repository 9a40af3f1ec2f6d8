/* questionnaire-score.c - answers (set, scripted forms) and scoring
 * (see questionnaire.h for the exact rules). */
#include "questionnaire.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

/* ------------------------------------------------------------------ */
/* answers                                                             */

static char *trim(char *s);
static bool parse_int(const char *s, int *out);
static char *quote(const char *s);

void bilan_q_answers_init(struct bilan_q_answers *a, const struct bilan_questionnaire *q)
{
	a->n = q->nitems;
	a->value = bilan_xcalloc(q->nitems ? q->nitems : 1, sizeof(*a->value));
	a->text = bilan_xcalloc(q->nitems ? q->nitems : 1, sizeof(*a->text));
	for (size_t i = 0; i < q->nitems; i++)
		a->value[i] = BILAN_Q_SKIPPED;
}

void bilan_q_answers_clear(struct bilan_q_answers *a)
{
	if (!a)
		return;
	for (size_t i = 0; a->text && i < a->n; i++)
		free(a->text[i]);
	free(a->text);
	free(a->value);
	a->n = 0;
	a->text = NULL;
	a->value = NULL;
}

size_t bilan_q_answers_count(const struct bilan_q_answers *a)
{
	size_t n = 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->value[i] != BILAN_Q_SKIPPED || a->text[i])
			n++;
	return n;
}

int bilan_q_answer_set(struct bilan_q_answers *a, const struct bilan_questionnaire *q,
		       size_t i, int value, struct bilan_error *err)
{
	if (i >= q->nitems || i >= a->n)
		return bilan_error_set(err, BILAN_EUSAGE, "internal: no item %zu", i);
	const struct bilan_q_item *it = &q->items[i];
	if (it->type != BILAN_Q_ITEM_SCALE)
		return bilan_error_set(err, BILAN_EUSAGE,
				       _("item '%s' takes a text, not a number"), it->id);
	if (value != BILAN_Q_SKIPPED && (value < q->min || value > q->max))
		return bilan_error_set(err, BILAN_EUSAGE,
				       _("item '%s': %d is outside the scale %d to %d"),
				       it->id, value, q->min, q->max);
	a->value[i] = value;
	return 0;
}

static bool text_ok(const char *s, size_t len)
{
	if (!bilan_utf8_valid(s, len, NULL))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return false;
	}
	return true;
}

int bilan_q_answer_set_text(struct bilan_q_answers *a, const struct bilan_questionnaire *q,
			    size_t i, const char *text, struct bilan_error *err)
{
	if (i >= q->nitems || i >= a->n)
		return bilan_error_set(err, BILAN_EUSAGE, "internal: no item %zu", i);
	const struct bilan_q_item *it = &q->items[i];
	if (it->type != BILAN_Q_ITEM_TEXT)
		return bilan_error_set(err, BILAN_EUSAGE,
				       _("item '%s' takes a number of the scale %d to %d, not a text"),
				       it->id, q->min, q->max);
	size_t len = text ? strlen(text) : 0;
	if (len > BILAN_Q_TEXT_MAX)
		return bilan_error_set(err, BILAN_EUSAGE,
				       _("item '%s': the answer is longer than %d bytes"),
				       it->id, BILAN_Q_TEXT_MAX);
	if (len && !text_ok(text, len))
		return bilan_error_set(err, BILAN_EUSAGE,
				       _("item '%s': the answer holds control characters or invalid UTF-8"),
				       it->id);
	if (len && it->rank > 0) {
		/* a forced choice: exactly rank distinct dimensions, stored as ids */
		size_t idx[BILAN_Q_MAX_ITEMS];
		size_t n = bilan_q_rank_parse(idx, sizeof(idx) / sizeof(idx[0]), q, text);
		if (n != (size_t)it->rank) {
			char *qv = quote(text);
			bilan_error_set(err, BILAN_EUSAGE,
					_("item '%s': choose %d different values, most important first (their numbers, ids or names separated by commas), not '%s'"),
					it->id, it->rank, qv);
			free(qv);
			return BILAN_EUSAGE;
		}
		struct bilan_buf b = BILAN_BUF_INIT;
		for (size_t k = 0; k < n; k++)
			bilan_buf_printf(&b, "%s%s", k ? ", " : "", q->dims[idx[k]].id);
		free(a->text[i]);
		a->text[i] = bilan_buf_detach(&b);
		return 0;
	}
	free(a->text[i]);
	a->text[i] = len ? bilan_xstrdup(text) : NULL;
	return 0;
}

size_t bilan_q_rank_parse(size_t *out, size_t max, const struct bilan_questionnaire *q,
			  const char *text)
{
	size_t n = 0;
	char *copy = bilan_xstrdup(text ? text : "");
	char *save = NULL;
	for (char *w = strtok_r(copy, ",;\n", &save); w; w = strtok_r(NULL, ",;\n", &save)) {
		char *t = trim(w);
		if (!*t)
			continue;
		size_t d = BILAN_Q_NONE;
		int num;
		if (parse_int(t, &num)) {
			if (num >= 1 && (size_t)num <= q->ndims)
				d = (size_t)num - 1;
		} else {
			char *ft = bilan_text_fold(t);
			for (size_t k = 0; k < q->ndims && d == BILAN_Q_NONE; k++) {
				char *fi = bilan_text_fold(q->dims[k].id);
				char *fl = bilan_text_fold(q->dims[k].label ? q->dims[k].label : "");
				if (!strcmp(ft, fi) || !strcmp(ft, fl))
					d = k;
				free(fi);
				free(fl);
			}
			free(ft);
		}
		bool dup = false;
		for (size_t k = 0; k < n && d != BILAN_Q_NONE; k++)
			dup = dup || out[k] == d;
		if (d == BILAN_Q_NONE || dup || n >= max) {
			n = 0;
			break;
		}
		out[n++] = d;
	}
	free(copy);
	return n;
}

static void answers_copy(struct bilan_q_answers *dst, struct bilan_q_answers *src)
{
	bilan_q_answers_clear(dst);
	*dst = *src;
	src->n = 0;
	src->value = NULL;
	src->text = NULL;
}

/* Trim spaces and tabs in place; returns the start. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* A decimal integer (optional sign) that fits an int. */
static bool parse_int(const char *s, int *out)
{
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (!*p || strlen(p) > 6)
		return false;
	for (const char *c = p; *c; c++)
		if (*c < '0' || *c > '9')
			return false;
	*out = atoi(s); /* NOLINT(cert-err34-c): a sign and 1 to 6 digits */
	return true;
}

static size_t count_scale(const struct bilan_questionnaire *q)
{
	size_t n = 0;
	for (size_t i = 0; i < q->nitems; i++)
		if (q->items[i].type == BILAN_Q_ITEM_SCALE)
			n++;
	return n;
}

/* Short, printable quote of user input for a message. */
static char *quote(const char *s)
{
	char *first = bilan_text_first_line(s, 24);
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_text_sanitize_terminal(&b, first);
	free(first);
	return bilan_buf_detach(&b);
}

int bilan_q_answers_parse_list(struct bilan_q_answers *out,
			       const struct bilan_questionnaire *q,
			       const char *list, struct bilan_error *err)
{
	size_t nscale = count_scale(q);
	size_t fields = 1;
	for (const char *p = list; *p; p++)
		if (*p == ',')
			fields++;
	if (fields != nscale) {
		bilan_error_set(err, BILAN_EUSAGE,
				P_("expected %zu answer (one per rated item, in order), got %zu",
				   "expected %zu answers (one per rated item, in order), got %zu",
				   nscale),
				nscale, fields);
		if (nscale != q->nitems)
			bilan_error_hint(err, "%s",
					 _("text items are not part of --answers: give them with --answers-file as 'ID: text' lines"));
		else
			bilan_error_hint(err, "%s", _("leave a place empty to skip an item, e.g. 5,,3"));
		return BILAN_EUSAGE;
	}
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	bilan_q_answers_init(&a, q);
	char *copy = bilan_xstrdup(list);
	char *p = copy;
	size_t k = 0;
	int rc = 0;
	for (size_t i = 0; i < q->nitems && rc == 0; i++) {
		if (q->items[i].type != BILAN_Q_ITEM_SCALE)
			continue;
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		char *f = trim(p);
		k++;
		if (*f) {
			int v;
			if (!parse_int(f, &v)) {
				char *qv = quote(f);
				rc = bilan_error_set(err, BILAN_EUSAGE,
						     _("answer %zu (item '%s'): '%s' is not a number"),
						     k, q->items[i].id, qv);
				free(qv);
			} else if (v < q->min || v > q->max) {
				rc = bilan_error_set(err, BILAN_EUSAGE,
						     _("answer %zu (item '%s'): %d is outside the scale %d to %d"),
						     k, q->items[i].id, v, q->min, q->max);
			} else {
				a.value[i] = v;
			}
		}
		p = comma ? comma + 1 : p + strlen(p);
	}
	free(copy);
	if (rc == 0 && bilan_q_answers_count(&a) == 0)
		rc = bilan_error_set(err, BILAN_EUSAGE, "%s", _("every item is skipped: nothing to score"));
	if (rc == 0)
		answers_copy(out, &a);
	bilan_q_answers_clear(&a);
	return rc;
}

struct line {
	char *s;       /* trimmed content (points into the copy) */
	int no;        /* 1-based line number */
	int col;       /* 1-based column of s */
};

/* Value of one line for item i; errors at name:line:col. */
static int line_value(struct bilan_q_answers *a, const struct bilan_questionnaire *q,
		      size_t i, const char *v, const char *name, int line, int col,
		      struct bilan_error *err)
{
	const struct bilan_q_item *it = &q->items[i];
	if (!*v || !strcmp(v, "-"))
		return 0;   /* skipped */
	if (it->type == BILAN_Q_ITEM_TEXT) {
		struct bilan_error e = BILAN_ERROR_INIT;
		if (bilan_q_answer_set_text(a, q, i, v, &e) < 0)
			return bilan_error_set_at(err, BILAN_EUSAGE, name, line, col, "%s", e.message);
		return 0;
	}
	int n;
	if (!parse_int(v, &n)) {
		char *qv = quote(v);
		bilan_error_set_at(err, BILAN_EUSAGE, name, line, col,
				   _("item '%s': '%s' is not a number of the scale %d to %d"),
				   it->id, qv, q->min, q->max);
		free(qv);
		return BILAN_EUSAGE;
	}
	if (n < q->min || n > q->max)
		return bilan_error_set_at(err, BILAN_EUSAGE, name, line, col,
					  _("item '%s': %d is outside the scale %d to %d"),
					  it->id, n, q->min, q->max);
	a->value[i] = n;
	return 0;
}

/* Is s "ID:..." with a known item id?  Sets *item and *rest. */
static bool id_line(const struct bilan_questionnaire *q, char *s, size_t *item, char **rest)
{
	char *colon = strchr(s, ':');
	if (!colon)
		return false;
	char save = *colon;
	*colon = '\0';
	char *id = trim(s);
	size_t i = bilan_q_item_index(q, id);
	*colon = save;
	if (i == BILAN_Q_NONE)
		return false;
	*item = i;
	*rest = colon + 1;
	return true;
}

int bilan_q_answers_parse_text(struct bilan_q_answers *out,
			       const struct bilan_questionnaire *q, const char *name,
			       const char *data, size_t len, struct bilan_error *err)
{
	if (!bilan_utf8_valid(data, len, NULL))
		return bilan_error_set_at(err, BILAN_EUSAGE, name, 0, 0, "%s",
					  _("the answers are not valid UTF-8 text"));
	char *copy = bilan_xstrndup(data, len);
	struct line *lines = NULL;
	size_t nlines = 0, alloc = 0;
	int no = 0;
	for (char *p = copy; len > 0;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		no++;
		char *raw = p;
		char *s = trim(p);
		BILAN_ALLOC_GROW(lines, nlines + 1, alloc);
		lines[nlines].s = s;
		lines[nlines].no = no;
		/* column in characters */
		int col = 1;
		for (const char *c = raw; c < s; c++)
			if (((unsigned char)*c & 0xC0) != 0x80)
				col++;
		lines[nlines].col = col;
		nlines++;
		if (!nl)
			break;
		p = nl + 1;
		if (!*p)
			break;
	}
	/* Trailing empty lines do not count. */
	while (nlines && !*lines[nlines - 1].s)
		nlines--;

	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	bilan_q_answers_init(&a, q);
	int rc = 0;
	size_t first = 0;
	while (first < nlines && (!*lines[first].s || lines[first].s[0] == '#'))
		first++;
	size_t item;
	char *rest;
	if (first < nlines && id_line(q, lines[first].s, &item, &rest)) {
		/* ID: VALUE lines */
		bool *seen = bilan_xcalloc(q->nitems ? q->nitems : 1, sizeof(*seen));
		for (size_t l = first; l < nlines && rc == 0; l++) {
			struct line *ln = &lines[l];
			if (!*ln->s || ln->s[0] == '#')
				continue;
			if (!id_line(q, ln->s, &item, &rest)) {
				char *colon = strchr(ln->s, ':');
				if (colon) {
					*colon = '\0';
					char *id = trim(ln->s);
					char *qv = quote(id);
					const char **ids = bilan_xcalloc(q->nitems + 1, sizeof(*ids));
					for (size_t i = 0; i < q->nitems; i++)
						ids[i] = q->items[i].id;
					const char *close = bilan_text_closest(id, ids, q->nitems);
					rc = bilan_error_set_at(err, BILAN_EUSAGE, name, ln->no, ln->col,
								_("unknown item '%s'"), qv);
					if (close)
						bilan_error_hint(err, _("did you mean '%s'?"), close);
					free(ids);
					free(qv);
				} else {
					rc = bilan_error_set_at(err, BILAN_EUSAGE, name, ln->no, ln->col,
								"%s", _("expected 'ID: VALUE' (every line names its item once the first does)"));
				}
				break;
			}
			if (seen[item]) {
				rc = bilan_error_set_at(err, BILAN_EUSAGE, name, ln->no, ln->col,
							_("item '%s' is answered twice"), q->items[item].id);
				break;
			}
			seen[item] = true;
			char *v = trim(rest);
			int col = ln->col + (int)(v - ln->s);
			rc = line_value(&a, q, item, v, name, ln->no, col, err);
		}
		free(seen);
	} else {
		/* one answer per line, in item order */
		size_t count = 0;
		for (size_t l = 0; l < nlines; l++)
			if (lines[l].s[0] != '#')
				count++;
		size_t nscale = count_scale(q);
		bool all = count == q->nitems;
		if (count != nscale && !all) {
			if (nscale == q->nitems)
				rc = bilan_error_set_at(err, BILAN_EUSAGE, name, 0, 0,
							P_("expected %zu answer line (one per item, in order), got %zu",
							   "expected %zu answer lines (one per item, in order), got %zu",
							   nscale),
							nscale, count);
			else
				rc = bilan_error_set_at(err, BILAN_EUSAGE, name, 0, 0,
							_("expected %zu answer lines (one per rated item) or %zu (every item, text items included), got %zu"),
							nscale, q->nitems, count);
			bilan_error_hint(err, "%s", _("an empty line or '-' skips an item; 'ID: VALUE' lines name their items"));
		}
		size_t i = 0;
		for (size_t l = 0; l < nlines && rc == 0; l++) {
			struct line *ln = &lines[l];
			if (ln->s[0] == '#')
				continue;
			if (!all)
				while (i < q->nitems && q->items[i].type != BILAN_Q_ITEM_SCALE)
					i++;
			if (i >= q->nitems)
				break;
			rc = line_value(&a, q, i, ln->s, name, ln->no, ln->col, err);
			i++;
		}
	}
	if (rc == 0 && bilan_q_answers_count(&a) == 0)
		rc = bilan_error_set_at(err, BILAN_EUSAGE, name, 0, 0, "%s",
					_("every item is skipped: nothing to score"));
	if (rc == 0)
		answers_copy(out, &a);
	bilan_q_answers_clear(&a);
	free(lines);
	free(copy);
	return rc;
}

/* ------------------------------------------------------------------ */
/* scoring                                                             */

int bilan_q_item_score(const struct bilan_questionnaire *q, size_t item, int answer)
{
	return q->items[item].reverse ? q->min + q->max - answer : answer;
}

int bilan_q_percent_tenths(long long raw, int n, int min, int max)
{
	if (n <= 0 || max <= min)
		return -1;
	/* round half up of 1000 * (raw - n*min) / (n*(max-min)), exactly */
	long long num = 1000 * (raw - (long long)n * min);
	long long den = (long long)n * (max - min);
	if (num < 0)
		return -1;
	return (int)((2 * num + den) / (2 * den));
}

enum bilan_q_level bilan_q_level(int tenths)
{
	if (tenths < 333)
		return BILAN_Q_LOW;
	if (tenths < 667)
		return BILAN_Q_MEDIUM;
	return BILAN_Q_HIGH;
}

enum bilan_q_pair_flag bilan_q_pair_flag(int first_tenths, int second_tenths)
{
	if (first_tenths < 0 || second_tenths < 0)
		return BILAN_Q_PAIR_NONE;
	if (first_tenths >= 667 && second_tenths < 500)
		return BILAN_Q_PAIR_UNWANTED;
	if (second_tenths >= 667 && first_tenths < 500)
		return BILAN_Q_PAIR_TO_GROW;
	return BILAN_Q_PAIR_NONE;
}

static void dim_finish(struct bilan_q_dim_score *d, int min, int max)
{
	d->has_percent = d->n > 0;
	d->tenths = d->has_percent ? bilan_q_percent_tenths(d->raw, d->n, min, max) : -1;
}

/* Exact comparison of the percents of a and b: >0 when a is higher. */
static int exact_cmp(const struct bilan_q_dim_score *a, const struct bilan_q_dim_score *b,
		     int min)
{
	/* (ra - na*min)/na vs (rb - nb*min)/nb: the (max-min) factor cancels */
	long long l = (a->raw - (long long)a->n * min) * b->n;
	long long r = (b->raw - (long long)b->n * min) * a->n;
	return l > r ? 1 : l < r ? -1 : 0;
}

/* A profile is recorded only when every dimension has enough answers and
 * the profile is differentiated (the rules of bilan_q_read). */
static bool profile_allowed(const struct bilan_questionnaire *q, const struct bilan_q_score *s)
{
	int hi = -1, lo = -1;
	for (size_t d = 0; d < q->ndims; d++) {
		int items = 0;
		for (size_t k = 0; k < q->nitems; k++)
			items += q->items[k].type == BILAN_Q_ITEM_SCALE && q->items[k].dim == d;
		const struct bilan_q_dim_score *x = &s->dims[d];
		if (!x->has_percent || x->n < bilan_q_needed(items))
			return false;
		if (hi < 0 || x->tenths > hi)
			hi = x->tenths;
		if (lo < 0 || x->tenths < lo)
			lo = x->tenths;
	}
	return q->ndims >= 2 && hi - lo >= BILAN_Q_FLAT_TENTHS;
}

void bilan_q_score(struct bilan_q_score *out, const struct bilan_questionnaire *q,
		   const struct bilan_q_answers *a)
{
	memset(out, 0, sizeof(*out));
	out->ndims = q->ndims;
	out->nskills = q->nskills;
	out->dims = bilan_xcalloc(q->ndims ? q->ndims : 1, sizeof(*out->dims));
	size_t ns = q->nskills * q->ndims;
	out->skills = bilan_xcalloc(ns ? ns : 1, sizeof(*out->skills));
	for (size_t i = 0; i < q->nitems && i < a->n; i++) {
		const struct bilan_q_item *it = &q->items[i];
		if (it->type != BILAN_Q_ITEM_SCALE || a->value[i] == BILAN_Q_SKIPPED)
			continue;
		int s = bilan_q_item_score(q, i, a->value[i]);
		out->dims[it->dim].raw += s;
		out->dims[it->dim].n++;
		if (it->skill != BILAN_Q_NONE) {
			struct bilan_q_dim_score *k = &out->skills[it->skill * q->ndims + it->dim];
			k->raw += s;
			k->n++;
		}
	}
	for (size_t d = 0; d < q->ndims; d++)
		dim_finish(&out->dims[d], q->min, q->max);
	for (size_t k = 0; k < q->nskills * q->ndims; k++)
		dim_finish(&out->skills[k], q->min, q->max);
	if (q->top <= 0 || !profile_allowed(q, out))
		return;
	/* The profile: a stable selection by exact percent. */
	out->top = bilan_xcalloc((size_t)q->top, sizeof(*out->top));
	bool *taken = bilan_xcalloc(q->ndims ? q->ndims : 1, sizeof(*taken));
	while (out->ntop < (size_t)q->top) {
		size_t best = BILAN_Q_NONE;
		for (size_t d = 0; d < q->ndims; d++) {
			if (taken[d] || !out->dims[d].has_percent)
				continue;
			if (best == BILAN_Q_NONE || exact_cmp(&out->dims[d], &out->dims[best], q->min) > 0)
				best = d;
		}
		if (best == BILAN_Q_NONE)
			break;
		taken[best] = true;
		out->top[out->ntop++] = best;
	}
	free(taken);
	if (!out->ntop)
		return;
	bool letters = true;
	for (size_t k = 0; k < out->ntop; k++)
		letters = letters && strlen(q->dims[out->top[k]].id) == 1;
	struct bilan_buf b = BILAN_BUF_INIT;
	for (size_t k = 0; k < out->ntop; k++) {
		if (k && !letters)
			bilan_buf_putc(&b, ',');
		bilan_buf_puts(&b, q->dims[out->top[k]].id);
	}
	out->profile = bilan_buf_detach(&b);
}

void bilan_q_score_clear(struct bilan_q_score *s)
{
	if (!s)
		return;
	free(s->dims);
	free(s->skills);
	free(s->top);
	free(s->profile);
	memset(s, 0, sizeof(*s));
}

/* ------------------------------------------------------------------ */
/* reading a result (see questionnaire.h)                              */

int bilan_q_needed(int items)
{
	if (items <= 0)
		return 0;
	/* the smallest n with n * DEN >= items * NUM */
	return (items * BILAN_Q_SHARE_NUM + BILAN_Q_SHARE_DEN - 1) / BILAN_Q_SHARE_DEN;
}

int bilan_q_mean_tenths(long long raw, int n)
{
	if (n <= 0 || raw < 0)
		return -1;
	return (int)((20 * raw + n) / (2 * (long long)n));
}

/* >0 when result dimension a has the higher exact mean */
static int rdim_cmp(const struct bilan_q_result_dim *a, const struct bilan_q_result_dim *b)
{
	long long l = a->raw * b->n, r = b->raw * a->n;
	return l > r ? 1 : l < r ? -1 : 0;
}

void bilan_q_read(struct bilan_q_reading *out, const struct bilan_q_result *r,
		  const struct bilan_questionnaire *q)
{
	memset(out, 0, sizeof(*out));
	out->spread_tenths = -1;
	out->ndims = r->ndims;
	size_t nd = r->ndims ? r->ndims : 1;
	out->dims = bilan_xcalloc(nd, sizeof(*out->dims));
	out->order = bilan_xcalloc(nd, sizeof(*out->order));
	out->tie_next = bilan_xcalloc(nd, sizeof(*out->tie_next));
	out->close_next = bilan_xcalloc(nd, sizeof(*out->close_next));
	/* the definition the result was taken with, for the item counts: q,
	 * or under another version number the shipped earlier version, else
	 * none (the share answered is then unknown) */
	struct bilan_questionnaire *taken_def = NULL;
	out->top = r->ntop;
	if (q && r->version != q->version && bilan_q_result_outdated(r, q)) {
		if (bilan_q_find_taken(&taken_def, r, NULL) < 0)
			taken_def = NULL;
		out->top = q->top > 0 ? (size_t)q->top : 0;
		q = taken_def;
	}
	if (q)
		out->top = q->top > 0 ? (size_t)q->top : 0;
	bool unknown = !q;
	for (size_t i = 0; i < r->ndims; i++) {
		const struct bilan_q_result_dim *d = &r->dims[i];
		struct bilan_q_reading_dim *x = &out->dims[i];
		x->n = d->n;
		x->items = -1;
		x->need = -1;
		size_t qd = q ? bilan_q_dim_index(q, d->id) : BILAN_Q_NONE;
		if (qd != BILAN_Q_NONE) {
			int items = 0;
			for (size_t k = 0; k < q->nitems; k++)
				items += q->items[k].type == BILAN_Q_ITEM_SCALE && q->items[k].dim == qd;
			x->items = items;
			x->need = bilan_q_needed(items);
		} else {
			unknown = true;
		}
		x->read = d->has_percent && d->n > 0 && (x->need < 0 || d->n >= x->need);
		x->mean_tenths = x->read ? bilan_q_mean_tenths(d->raw, d->n) : -1;
		x->tenths = x->read ? d->tenths : -1;
		if (!x->read)
			out->unread++;
	}
	/* the ranking: a stable selection sort by exact mean */
	bool *taken = bilan_xcalloc(nd, sizeof(*taken));
	for (;;) {
		size_t best = BILAN_Q_NONE;
		for (size_t i = 0; i < r->ndims; i++) {
			if (taken[i] || !out->dims[i].read)
				continue;
			if (best == BILAN_Q_NONE || rdim_cmp(&r->dims[i], &r->dims[best]) > 0)
				best = i;
		}
		if (best == BILAN_Q_NONE)
			break;
		taken[best] = true;
		out->order[out->norder++] = best;
	}
	free(taken);
	for (size_t k = 0; k + 1 < out->norder; k++) {
		const struct bilan_q_result_dim *a = &r->dims[out->order[k]];
		const struct bilan_q_result_dim *b = &r->dims[out->order[k + 1]];
		out->tie_next[k] = rdim_cmp(a, b) == 0;
		out->close_next[k] = !out->tie_next[k] && a->tenths - b->tenths < BILAN_Q_CLOSE_TENTHS;
	}
	if (out->norder)
		out->spread_tenths = r->dims[out->order[0]].tenths -
				     r->dims[out->order[out->norder - 1]].tenths;
	bilan_q_free(taken_def);
	q = NULL;
	if (!out->top || !r->ndims) {
		out->state = BILAN_Q_PROF_NONE;
		return;
	}
	if (unknown)
		out->state = BILAN_Q_PROF_NODEF;
	else if (out->unread)
		out->state = BILAN_Q_PROF_INCOMPLETE;
	else if (out->norder < 2 || out->spread_tenths < BILAN_Q_FLAT_TENTHS)
		out->state = BILAN_Q_PROF_FLAT;
	else
		out->state = BILAN_Q_PROF_CLEAR;
	if (out->state != BILAN_Q_PROF_CLEAR)
		return;
	size_t n = out->top < out->norder ? out->top : out->norder;
	bool letters = true;
	for (size_t k = 0; k < n; k++)
		letters = letters && strlen(r->dims[out->order[k]].id) == 1;
	struct bilan_buf b = BILAN_BUF_INIT;
	for (size_t k = 0; k < n; k++) {
		if (k && !letters)
			bilan_buf_putc(&b, ',');
		bilan_buf_puts(&b, r->dims[out->order[k]].id);
	}
	out->code = bilan_buf_detach(&b);
	out->code_ambiguous = n < out->norder && out->tie_next[n - 1];
}

void bilan_q_reading_clear(struct bilan_q_reading *rd)
{
	if (!rd)
		return;
	free(rd->dims);
	free(rd->order);
	free(rd->tie_next);
	free(rd->close_next);
	free(rd->code);
	memset(rd, 0, sizeof(*rd));
}
