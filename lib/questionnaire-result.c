/* questionnaire-result.c - result files (tests/<id>/<record id>.yaml) and
 * partial answers (<gitdir>/bilan/partial/<id>.yaml); see questionnaire.h. */
#include "questionnaire.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "config.h"
#include "fs.h"
#include "i18n.h"
#include "schema.h"

/* ------------------------------------------------------------------ */
/* writing                                                             */

static struct bilan_node *percent_node(int tenths)
{
	char buf[16];
	snprintf(buf, sizeof(buf), "%d.%d", tenths / 10, tenths % 10);
	return bilan_node_plain(buf);
}

static struct bilan_node *dim_node(const char *id, const char *label,
				   const struct bilan_q_dim_score *d)
{
	struct bilan_node *m = bilan_node_map();
	bilan_map_set_str(m, "id", id);
	if (label)
		bilan_map_set_str(m, "label", label);
	bilan_map_set_int(m, "raw", d->raw);
	bilan_map_set_int(m, "n", d->n);
	if (d->has_percent)
		bilan_map_set(m, "percent", percent_node(d->tenths));
	return m;
}

struct bilan_node *bilan_q_result_tree(const struct bilan_questionnaire *q,
				       const struct bilan_q_answers *a,
				       const struct bilan_q_score *s,
				       const struct bilan_time *when)
{
	struct bilan_node *root = bilan_node_map();
	bilan_map_set_str(root, "questionnaire", q->id);
	bilan_map_set_int(root, "version", q->version);
	bilan_map_set_str(root, "title", q->title);
	bilan_map_set_str(root, "sha256", q->sha256);
	char iso[BILAN_TIME_ISO_MAX];
	bilan_time_format_iso(iso, when);
	bilan_map_set_str(root, "date", iso);
	struct bilan_node *scale = bilan_node_map();
	bilan_map_set_int(scale, "min", q->min);
	bilan_map_set_int(scale, "max", q->max);
	bilan_map_set(root, "scale", scale);
	struct bilan_node *ans = bilan_node_map();
	for (size_t i = 0; i < q->nitems && i < a->n; i++) {
		if (q->items[i].type == BILAN_Q_ITEM_TEXT) {
			if (a->text[i])
				bilan_map_set_str(ans, q->items[i].id, a->text[i]);
		} else if (a->value[i] != BILAN_Q_SKIPPED) {
			bilan_map_set_int(ans, q->items[i].id, a->value[i]);
		}
	}
	bilan_map_set(root, "answers", ans);
	struct bilan_node *dims = bilan_node_seq();
	for (size_t d = 0; d < q->ndims; d++)
		bilan_seq_append(dims, dim_node(q->dims[d].id, q->dims[d].label, &s->dims[d]));
	bilan_map_set(root, "dimensions", dims);
	if (s->profile) {
		bilan_map_set_str(root, "profile", s->profile);
		struct bilan_node *top = bilan_node_seq();
		for (size_t k = 0; k < s->ntop; k++)
			bilan_seq_append(top, bilan_node_str(q->dims[s->top[k]].id));
		bilan_map_set(root, "top", top);
	}
	if (q->nskills) {
		struct bilan_node *skills = bilan_node_seq();
		for (size_t k = 0; k < q->nskills; k++) {
			struct bilan_node *m = bilan_node_map();
			bilan_map_set_str(m, "id", q->skills[k].id);
			bilan_map_set_str(m, "label", q->skills[k].label);
			struct bilan_node *sd = bilan_node_seq();
			for (size_t d = 0; d < q->ndims; d++) {
				const struct bilan_q_dim_score *x = &s->skills[k * q->ndims + d];
				if (x->n)
					bilan_seq_append(sd, dim_node(q->dims[d].id, NULL, x));
			}
			bilan_map_set(m, "dimensions", sd);
			bilan_seq_append(skills, m);
		}
		bilan_map_set(root, "skills", skills);
	}
	return root;
}

int bilan_q_result_write(char **out_rel, struct bilan_ws *ws,
			 const struct bilan_questionnaire *q,
			 const struct bilan_q_answers *a,
			 const struct bilan_time *when, struct bilan_error *err)
{
	if (out_rel)
		*out_rel = NULL;
	if (!bilan_q_id_valid(q->id))
		return bilan_error_set(err, BILAN_EINVALID, _("invalid questionnaire id '%s'"), q->id);
	size_t rated = 0;
	for (size_t i = 0; i < q->nitems && i < a->n; i++)
		if (q->items[i].type == BILAN_Q_ITEM_SCALE && a->value[i] != BILAN_Q_SKIPPED)
			rated++;
	if (!rated)
		return bilan_error_set(err, BILAN_EUSAGE, "%s",
				       _("no item is answered on the scale: nothing to score"));
	struct bilan_q_score s = BILAN_Q_SCORE_INIT;
	bilan_q_score(&s, q, a);
	struct bilan_node *tree = bilan_q_result_tree(q, a, &s, when);
	bilan_q_score_clear(&s);
	/* Record ids sort by their second, then by their random suffix: a
	 * result taken in a second that already has one gets the id of the
	 * next free second (its date stays the true one), so that the history
	 * (oldest first, the latest last) follows the order of the runs. */
	struct bilan_strlist files = BILAN_STRLIST_INIT;
	const char *folder = bilan_q_results_folder(q->id);
	char *dir = bilan_xasprintf("%s/%s/%s", ws->root, folder, q->id);
	if (bilan_fs_list(&files, dir, ".yaml", NULL) < 0)
		bilan_strlist_clear(&files);
	free(dir);
	int64_t t = when->t;
	char rid[BILAN_ID_SIZE];
	for (int k = 0; k < 100000; k++, t++) {
		bilan_id_new(rid, t);
		bool taken = false;
		for (size_t i = 0; i < files.n && !taken; i++)
			taken = !strncmp(files.v[i], rid, 16) && files.v[i][16] == '-';
		if (!taken)
			break;
	}
	bilan_strlist_clear(&files);
	char *rel = bilan_xasprintf("%s/%s/%s.yaml", folder, q->id, rid);
	int rc = bilan_ws_write(ws, rel, tree, err);
	bilan_node_free(tree);
	if (rc == 0 && out_rel)
		*out_rel = rel;
	else
		free(rel);
	return rc;
}

/* ------------------------------------------------------------------ */
/* reading                                                             */

struct rctx {
	const struct bilan_doc *doc;
	struct bilan_error *err;
	int min, max;
};

static int rerr(struct rctx *c, const struct bilan_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int rerr(struct rctx *c, const struct bilan_node *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		abort();
	va_end(ap);
	bilan_node_error(c->err, c->doc, at, "%s", msg);
	free(msg);
	return BILAN_EINVALID;
}

static bool is_sha256(const char *s)
{
	if (!s || strlen(s) != 64)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* A plain number 0..100 with at most one significant decimal ("75", "75.0",
 * "33.3", "33.30"), in tenths; -1 if not. */
static int parse_percent(const struct bilan_node *n)
{
	if (!n || n->type != BILAN_NODE_SCALAR || n->kind != BILAN_SCALAR_PLAIN)
		return -1;
	const char *p = n->value;
	long whole = 0;
	int digits = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (++digits > 3)
			return -1;
		whole = whole * 10 + (*p - '0');
	}
	if (!digits)
		return -1;
	int tenth = 0;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		tenth = *p++ - '0';
		while (*p == '0')
			p++;
	}
	if (*p)
		return -1;
	long t = whole * 10 + tenth;
	return t > 1000 ? -1 : (int)t;
}

static int read_dim(struct rctx *c, const struct bilan_node *m, bool need_label,
		    struct bilan_q_result_dim *out)
{
	int rc;
	const char *id = NULL, *label = NULL;
	long long raw = 0, n = 0;
	if (m->type != BILAN_NODE_MAP)
		return rerr(c, m, "%s", _("expected a mapping with id, raw, n and percent"));
	if ((rc = bilan_get_str(c->doc, m, "id", true, &id, c->err)) < 0 ||
	    (rc = bilan_get_str(c->doc, m, "label", need_label, &label, c->err)) < 0 ||
	    (rc = bilan_get_int(c->doc, m, "raw", true, &raw, c->err)) < 0 ||
	    (rc = bilan_get_int(c->doc, m, "n", true, &n, c->err)) < 0)
		return rc;
	const struct bilan_node *pn = bilan_map_get(m, "percent");
	if (n < 0 || n > BILAN_Q_MAX_ITEMS)
		return rerr(c, bilan_map_get(m, "n"), _("invalid number of answered items %lld"), n);
	if (n == 0) {
		if (raw != 0)
			return rerr(c, bilan_map_get(m, "raw"), "%s",
				    _("a dimension without answered item has a raw score of 0"));
		if (pn && !bilan_node_is_null(pn))
			return rerr(c, pn, "%s", _("a dimension without answered item has no percent"));
	} else {
		if (raw < n * c->min || raw > n * c->max)
			return rerr(c, bilan_map_get(m, "raw"),
				    _("raw score %lld impossible for %lld items on the scale %d to %d"),
				    raw, n, c->min, c->max);
		if (!pn)
			return rerr(c, m, "%s", _("missing key 'percent'"));
		int t = parse_percent(pn);
		int want = bilan_q_percent_tenths(raw, (int)n, c->min, c->max);
		if (t < 0)
			return rerr(c, pn, _("'%s' is not a percent with one decimal"), pn->value);
		if (t != want)
			return rerr(c, pn, _("percent %s does not match raw %lld over %lld items (%d.%d)"),
				    pn->value, raw, n, want / 10, want % 10);
		out->has_percent = true;
		out->tenths = t;
	}
	out->id = bilan_xstrdup(id);
	out->label = label ? bilan_xstrdup(label) : NULL;
	out->raw = raw;
	out->n = (int)n;
	if (!out->has_percent)
		out->tenths = -1;
	return 0;
}

static void dims_free(struct bilan_q_result_dim *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(d[i].id);
		free(d[i].label);
	}
	free(d);
}

void bilan_q_result_free(struct bilan_q_result *r)
{
	if (!r)
		return;
	free(r->rel);
	free(r->rid);
	free(r->questionnaire);
	free(r->title);
	for (size_t i = 0; i < r->nanswers; i++) {
		free(r->answers[i].item);
		free(r->answers[i].text);
	}
	free(r->answers);
	dims_free(r->dims, r->ndims);
	for (size_t i = 0; i < r->nskills; i++) {
		free(r->skills[i].id);
		free(r->skills[i].label);
		dims_free(r->skills[i].dims, r->skills[i].ndims);
	}
	free(r->skills);
	free(r->profile);
	for (size_t i = 0; i < r->ntop; i++)
		free(r->top[i]);
	free(r->top);
	free(r);
}

static int parse_result(struct bilan_q_result *r, const struct bilan_doc *doc,
			const char *folder, struct bilan_error *err)
{
	struct rctx c = { doc, err, 0, 0 };
	const struct bilan_node *root = doc->root;
	int rc;
	const char *qid = NULL, *title = NULL, *sha = NULL, *date = NULL;
	if (!root || root->type != BILAN_NODE_MAP)
		return rerr(&c, root, "%s", _("a test result must be a mapping"));
	if ((rc = bilan_get_str(doc, root, "questionnaire", true, &qid, err)) < 0 ||
	    (rc = bilan_get_int(doc, root, "version", true, &r->version, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "title", false, &title, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "sha256", true, &sha, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "date", true, &date, err)) < 0)
		return rc;
	if (!bilan_q_id_valid(qid))
		return rerr(&c, bilan_map_get(root, "questionnaire"),
			    _("invalid questionnaire id '%s'"), qid);
	if (folder && strcmp(folder, qid) != 0)
		return rerr(&c, bilan_map_get(root, "questionnaire"),
			    _("this result of '%s' is filed under 'tests/%s/'"), qid, folder);
	if (r->version < 1)
		return rerr(&c, bilan_map_get(root, "version"), _("the version must be 1 or more, not %lld"),
			    r->version);
	if (!is_sha256(sha))
		return rerr(&c, bilan_map_get(root, "sha256"), "%s",
			    _("sha256 must be 64 lowercase hexadecimal digits"));
	if (!bilan_time_parse_iso(&r->date, date) || !r->date.has_time)
		return rerr(&c, bilan_map_get(root, "date"),
			    _("'%s' is not a date and time (like 2026-11-27T14:30:00+01:00)"), date);
	r->questionnaire = bilan_xstrdup(qid);
	r->title = title ? bilan_xstrdup(title) : NULL;
	memcpy(r->sha256, sha, BILAN_SHA256_HEX);

	struct bilan_node *scale = NULL;
	long long min = 0, max = 0;
	if ((rc = bilan_get_map(doc, root, "scale", true, &scale, err)) < 0 ||
	    (rc = bilan_get_int(doc, scale, "min", true, &min, err)) < 0 ||
	    (rc = bilan_get_int(doc, scale, "max", true, &max, err)) < 0)
		return rc;
	if (min < 0 || max <= min || max > 100 || max - min > 10)
		return rerr(&c, scale, _("invalid scale %lld to %lld"), min, max);
	r->min = c.min = (int)min;
	r->max = c.max = (int)max;

	struct bilan_node *ans = NULL;
	if ((rc = bilan_get_map(doc, root, "answers", true, &ans, err)) < 0)
		return rc;
	if (ans) {
		r->answers = bilan_xcalloc(ans->n ? ans->n : 1, sizeof(*r->answers));
		for (size_t i = 0; i < ans->n; i++) {
			const struct bilan_node *k = ans->pairs[i].key, *v = ans->pairs[i].value;
			struct bilan_q_result_answer *x = &r->answers[r->nanswers];
			if (v->type != BILAN_NODE_SCALAR || bilan_node_is_null(v))
				return rerr(&c, v, _("answer '%s': expected a number or a text"), k->value);
			long long n = 0;
			if (v->kind == BILAN_SCALAR_PLAIN &&
			    bilan_get_int(doc, ans, k->value, true, &n, NULL) == 0) {
				if (n < min || n > max)
					return rerr(&c, v, _("answer '%s': %lld is outside the scale %lld to %lld"),
						    k->value, n, min, max);
				x->value = (int)n;
			} else {
				x->is_text = true;
				x->text = bilan_xstrdup(v->value);
			}
			x->item = bilan_xstrdup(k->value);
			r->nanswers++;
		}
	}

	struct bilan_node *dims = NULL;
	if ((rc = bilan_get_seq(doc, root, "dimensions", true, &dims, err)) < 0)
		return rc;
	r->dims = bilan_xcalloc(dims->n ? dims->n : 1, sizeof(*r->dims));
	for (size_t i = 0; i < dims->n; i++) {
		if ((rc = read_dim(&c, dims->items[i], true, &r->dims[r->ndims])) < 0)
			return rc;
		r->ndims++;
		for (size_t k = 0; k + 1 < r->ndims; k++)
			if (!strcmp(r->dims[k].id, r->dims[r->ndims - 1].id))
				return rerr(&c, dims->items[i], _("duplicate dimension id '%s'"),
					    r->dims[k].id);
	}

	const char *profile = NULL;
	struct bilan_node *top = NULL;
	if ((rc = bilan_get_str(doc, root, "profile", false, &profile, err)) < 0 ||
	    (rc = bilan_get_seq(doc, root, "top", false, &top, err)) < 0)
		return rc;
	r->profile = profile ? bilan_xstrdup(profile) : NULL;
	if (top) {
		r->top = bilan_xcalloc(top->n ? top->n : 1, sizeof(*r->top));
		for (size_t i = 0; i < top->n; i++) {
			const struct bilan_node *t = top->items[i];
			if (t->type != BILAN_NODE_SCALAR || !bilan_q_result_dim(r, t->value))
				return rerr(&c, t, "%s", _("'top' must list dimensions of the result"));
			r->top[r->ntop++] = bilan_xstrdup(t->value);
		}
	}

	struct bilan_node *skills = NULL;
	if ((rc = bilan_get_seq(doc, root, "skills", false, &skills, err)) < 0)
		return rc;
	if (skills) {
		r->skills = bilan_xcalloc(skills->n ? skills->n : 1, sizeof(*r->skills));
		for (size_t i = 0; i < skills->n; i++) {
			const struct bilan_node *m = skills->items[i];
			const char *id = NULL, *label = NULL;
			struct bilan_node *sd = NULL;
			if (m->type != BILAN_NODE_MAP)
				return rerr(&c, m, "%s", _("expected a mapping with id, label and dimensions"));
			if ((rc = bilan_get_str(doc, m, "id", true, &id, err)) < 0 ||
			    (rc = bilan_get_str(doc, m, "label", true, &label, err)) < 0 ||
			    (rc = bilan_get_seq(doc, m, "dimensions", true, &sd, err)) < 0)
				return rc;
			struct bilan_q_result_skill *s = &r->skills[r->nskills++];
			s->id = bilan_xstrdup(id);
			s->label = bilan_xstrdup(label);
			s->dims = bilan_xcalloc(sd->n ? sd->n : 1, sizeof(*s->dims));
			for (size_t k = 0; k < sd->n; k++) {
				if ((rc = read_dim(&c, sd->items[k], false, &s->dims[s->ndims])) < 0)
					return rc;
				s->ndims++;
				if (!bilan_q_result_dim(r, s->dims[s->ndims - 1].id))
					return rerr(&c, sd->items[k], _("unknown dimension '%s'"),
						    s->dims[s->ndims - 1].id);
			}
		}
	}
	return 0;
}

/* the trust (results-checked) is lib/questionnaire-trust.c's */
static int load_result_abs(struct bilan_q_result **out, const char *abs, const char *rel,
			   const char *folder, struct bilan_q_trust *t,
			   struct bilan_error *err)
{
	*out = NULL;
	struct bilan_q_trust_key k1, k2;
	bool keyed = t && !strchr(rel, '\n') && bilan_q_trust_stat(&k1, abs);
	/* vouched for: the tree it had when it passed, neither read nor checked */
	struct bilan_doc *doc = keyed ? bilan_q_trust_get(t, &k1, rel, abs, NULL) : NULL;
	bool trusted = doc != NULL;
	int rc;
	if (!trusted) {
		rc = bilan_yaml_load_file(&doc, abs, err);
		if (rc < 0)
			return rc;
		/* the same file before and after the read: its key is what was read */
		keyed = keyed && bilan_q_trust_stat(&k2, abs) && !memcmp(&k1, &k2, sizeof(k1));
	}
	const struct bilan_schema *schema = NULL;
	struct bilan_error e = BILAN_ERROR_INIT;
	if (!trusted && bilan_schema_get(&schema, "test-result", &e) == 0) {
		struct bilan_diags d = BILAN_DIAGS_INIT;
		if (bilan_schema_validate(schema, doc, &d) > 0) {
			for (size_t i = 0; i < d.n; i++)
				if (d.v[i].severity == BILAN_SEV_ERROR) {
					bilan_error_set_at(err, BILAN_EINVALID, d.v[i].file, d.v[i].line,
							   d.v[i].col, "%s", d.v[i].message);
					break;
				}
			bilan_diags_clear(&d);
			bilan_doc_free(doc);
			return BILAN_EINVALID;
		}
		bilan_diags_clear(&d);
	}
	struct bilan_q_result *r = bilan_xcalloc(1, sizeof(*r));
	rc = parse_result(r, doc, folder, err);
	if (rc < 0) {
		bilan_doc_free(doc);
		bilan_q_result_free(r);
		return rc;
	}
	r->rel = bilan_xstrdup(rel);
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	size_t n = strlen(base);
	r->rid = bilan_xstrndup(base, n > 5 ? n - 5 : n);
	*out = r;
	if (keyed)
		bilan_q_trust_add(t, &k1, rel, doc, NULL);
	bilan_doc_free(doc);
	return 0;
}

int bilan_q_result_load(struct bilan_q_result **out, const char *ws_root,
			const char *rel, struct bilan_error *err)
{
	return bilan_q_result_load_trusted(out, ws_root, rel, NULL, err);
}

int bilan_q_result_load_trusted(struct bilan_q_result **out, const char *ws_root,
				const char *rel, struct bilan_q_trust *t,
				struct bilan_error *err)
{
	*out = NULL;
	if (!bilan_fs_rel_path_ok(rel))
		return bilan_error_set(err, BILAN_EINVALID, _("invalid path '%s'"), rel);
	/* tests/<qid>/<file>: the folder names the questionnaire */
	char *folder = NULL;
	const char *in = !strncmp(rel, "tests/", 6) ? rel + 6
			 : !strncmp(rel, "private/tests/", 14) ? rel + 14 : NULL;
	if (in) {
		const char *slash = strchr(in, '/');
		if (slash)
			folder = bilan_xstrndup(in, (size_t)(slash - in));
	}
	char *abs = bilan_xasprintf("%s/%s", ws_root, rel);
	int rc = load_result_abs(out, abs, rel, folder, t, err);
	free(abs);
	free(folder);
	return rc;
}

static int check_qid(const char *qid, struct bilan_error *err)
{
	if (!bilan_q_id_valid(qid))
		return bilan_error_set(err, BILAN_EUSAGE, _("invalid questionnaire id '%s'"), qid);
	return 0;
}

const char *bilan_q_results_folder(const char *qid)
{
	return qid && !strcmp(qid, "appreciation") ? "private/tests" : "tests";
}

static int by_file_name(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	const char *bx = strrchr(x, '/'), *by = strrchr(y, '/');
	return strcmp(bx ? bx + 1 : x, by ? by + 1 : y);
}

int bilan_q_results_files(struct bilan_strlist *out, const char *ws_root,
			  const char *qid, struct bilan_error *err)
{
	memset(out, 0, sizeof(*out));
	int rc = check_qid(qid, err);
	if (rc < 0)
		return rc;
	const char *folders[2] = { bilan_q_results_folder(qid), NULL };
	if (strcmp(folders[0], "tests"))
		folders[1] = "tests";   /* kept there by an older bilan */
	for (size_t f = 0; rc == 0 && f < 2 && folders[f]; f++) {
		struct bilan_strlist files = BILAN_STRLIST_INIT;
		char *dir = bilan_xasprintf("%s/%s/%s", ws_root, folders[f], qid);
		rc = bilan_fs_list(&files, dir, ".yaml", err);
		free(dir);
		for (size_t i = 0; rc == 0 && i < files.n; i++)
			if (!strchr(files.v[i], '/') && files.v[i][0] != '.')
				bilan_strlist_add_owned(out, bilan_xasprintf("%s/%s/%s", folders[f],
									     qid, files.v[i]));
		bilan_strlist_clear(&files);
	}
	if (rc == 0 && out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), by_file_name);
	return rc;
}

int bilan_q_results_load(struct bilan_q_results *out, const char *ws_root,
			 const char *qid, struct bilan_error *err)
{
	memset(out, 0, sizeof(*out));
	struct bilan_strlist files = BILAN_STRLIST_INIT;
	int rc = bilan_q_results_files(&files, ws_root, qid, err);
	for (size_t i = 0; rc == 0 && i < files.n; i++) {
		struct bilan_q_result *r = NULL;
		rc = bilan_q_result_load(&r, ws_root, files.v[i], err);
		if (rc < 0 && bilan_fs_gone(ws_root, files.v[i], err)) {
			/* removed since it was listed (a test rm beside) */
			bilan_error_clear(err);
			rc = 0;
		} else if (rc == 0) {
			BILAN_ALLOC_GROW(out->v, out->n + 1, out->alloc);
			out->v[out->n++] = r;
		}
	}
	bilan_strlist_clear(&files);
	if (rc < 0)
		bilan_q_results_clear(out);
	return rc;
}

void bilan_q_results_clear(struct bilan_q_results *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		bilan_q_result_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int bilan_q_result_latest(struct bilan_q_result **out, const char *ws_root,
			  const char *qid, struct bilan_error *err)
{
	*out = NULL;
	struct bilan_strlist files = BILAN_STRLIST_INIT;
	int rc = bilan_q_results_files(&files, ws_root, qid, err);
	if (rc == 0 && files.n == 0) {
		rc = bilan_error_set(err, BILAN_ENOTFOUND, _("the questionnaire '%s' was never taken"), qid);
		bilan_error_hint(err, _("take it with 'bilan test run %s'"), qid);
	}
	if (rc == 0)
		rc = bilan_q_result_load(out, ws_root, files.v[files.n - 1], err);
	bilan_strlist_clear(&files);
	return rc;
}

int bilan_q_results_ids(struct bilan_strlist *out, const char *ws_root,
			struct bilan_error *err)
{
	memset(out, 0, sizeof(*out));
	struct bilan_strlist files = BILAN_STRLIST_INIT;
	char *dir = bilan_xasprintf("%s/tests", ws_root);
	int rc = bilan_fs_list(&files, dir, ".yaml", err);
	free(dir);
	/* the private results (the appraisal) */
	struct bilan_strlist priv = BILAN_STRLIST_INIT;
	dir = bilan_xasprintf("%s/private/tests", ws_root);
	if (rc == 0 && bilan_fs_list(&priv, dir, ".yaml", NULL) == 0)
		for (size_t i = 0; i < priv.n; i++)
			bilan_strlist_add(&files, priv.v[i]);
	bilan_strlist_clear(&priv);
	free(dir);
	for (size_t i = 0; rc == 0 && i < files.n; i++) {
		const char *f = files.v[i];
		const char *slash = strchr(f, '/');
		if (!slash || strchr(slash + 1, '/') || slash[1] == '.')
			continue;
		char *id = bilan_xstrndup(f, (size_t)(slash - f));
		if (bilan_q_id_valid(id) && !bilan_strlist_contains(out, id))
			bilan_strlist_add_owned(out, id);
		else
			free(id);
	}
	bilan_strlist_clear(&files);
	bilan_strlist_sort(out);
	return rc;
}

int bilan_q_taken_since(bool *out, const char *ws_root, const char *qid,
			const struct bilan_time *since, struct bilan_error *err)
{
	*out = false;
	struct bilan_q_results l = BILAN_Q_RESULTS_INIT;
	int rc = bilan_q_results_load(&l, ws_root, qid, err);
	if (rc < 0)
		return rc;
	int64_t from = since->has_time ? since->t : bilan_day_start(since->t);
	for (size_t i = 0; i < l.n && !*out; i++)
		*out = l.v[i]->date.t >= from;
	bilan_q_results_clear(&l);
	return 0;
}

int bilan_q_result_answer(const struct bilan_q_result *r, const char *item_id,
			  int *value, const char **text)
{
	for (size_t i = 0; i < r->nanswers; i++) {
		if (strcmp(r->answers[i].item, item_id) != 0)
			continue;
		if (r->answers[i].is_text) {
			if (text)
				*text = r->answers[i].text;
		} else if (value) {
			*value = r->answers[i].value;
		}
		return 1;
	}
	return 0;
}

const struct bilan_q_result_dim *bilan_q_result_dim(const struct bilan_q_result *r,
						    const char *id)
{
	for (size_t i = 0; id && i < r->ndims; i++)
		if (!strcmp(r->dims[i].id, id))
			return &r->dims[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* partial answers                                                     */

static char *partial_dir(const char *gitdir)
{
	return bilan_xasprintf("%s/bilan/partial", gitdir);
}

static char *partial_path(const char *gitdir, const char *qid)
{
	return bilan_xasprintf("%s/bilan/partial/%s.yaml", gitdir, qid);
}

int bilan_q_partial_save(const char *gitdir, const struct bilan_questionnaire *q,
			 const struct bilan_q_answers *a, size_t position,
			 struct bilan_error *err)
{
	int rc = check_qid(q->id, err);
	if (rc < 0)
		return rc;
	char *dir = partial_dir(gitdir);
	rc = bilan_fs_mkdir_p(dir, 0700, err);
	free(dir);
	if (rc < 0)
		return rc;
	struct bilan_node *root = bilan_node_map();
	bilan_map_set_str(root, "questionnaire", q->id);
	bilan_map_set_int(root, "version", q->version);
	bilan_map_set_str(root, "sha256", q->sha256);
	char iso[BILAN_TIME_ISO_MAX];
	struct bilan_time now = bilan_time_now();
	bilan_time_format_iso(iso, &now);
	bilan_map_set_str(root, "saved", iso);
	bilan_map_set_int(root, "position", (long long)position);
	bilan_map_set_int(root, "total", (long long)q->nitems);
	struct bilan_node *ans = bilan_node_map();
	for (size_t i = 0; i < q->nitems && i < a->n; i++) {
		if (q->items[i].type == BILAN_Q_ITEM_TEXT) {
			if (a->text[i])
				bilan_map_set_str(ans, q->items[i].id, a->text[i]);
		} else if (a->value[i] != BILAN_Q_SKIPPED) {
			bilan_map_set_int(ans, q->items[i].id, a->value[i]);
		}
	}
	bilan_map_set(root, "answers", ans);
	char *path = partial_path(gitdir, q->id);
	rc = bilan_yaml_write_file(path, root, err);
	free(path);
	bilan_node_free(root);
	return rc;
}

static int partial_read(struct bilan_doc **out, struct bilan_q_partial *info,
			const char *gitdir, const char *qid, struct bilan_error *err)
{
	*out = NULL;
	memset(info, 0, sizeof(*info));
	int rc = check_qid(qid, err);
	if (rc < 0)
		return rc;
	char *path = partial_path(gitdir, qid);
	if (!bilan_fs_exists(path)) {
		free(path);
		return bilan_error_set(err, BILAN_ENOTFOUND, _("no unfinished answers for '%s'"), qid);
	}
	struct bilan_doc *doc = NULL;
	rc = bilan_yaml_load_file(&doc, path, err);
	free(path);
	if (rc < 0)
		return rc;
	const struct bilan_node *root = doc->root;
	const char *id = NULL, *sha = NULL, *saved = NULL;
	long long pos = 0, total = 0;
	struct bilan_node *ans = NULL;
	if (!root || root->type != BILAN_NODE_MAP)
		rc = bilan_node_error(err, doc, root, "%s", _("expected a mapping"));
	if (rc == 0 &&
	    ((rc = bilan_get_str(doc, root, "questionnaire", true, &id, err)) < 0 ||
	     (rc = bilan_get_int(doc, root, "version", true, &info->version, err)) < 0 ||
	     (rc = bilan_get_str(doc, root, "sha256", true, &sha, err)) < 0 ||
	     (rc = bilan_get_str(doc, root, "saved", false, &saved, err)) < 0 ||
	     (rc = bilan_get_int(doc, root, "position", true, &pos, err)) < 0 ||
	     (rc = bilan_get_int(doc, root, "total", false, &total, err)) < 0 ||
	     (rc = bilan_get_map(doc, root, "answers", false, &ans, err)) < 0)) {
		/* rc holds the error */
	}
	if (rc == 0 && (strcmp(id, qid) != 0 || !is_sha256(sha) || pos < 0 ||
			pos > BILAN_Q_MAX_ITEMS || total < 0 || total > BILAN_Q_MAX_ITEMS))
		rc = bilan_node_error(err, doc, root, "%s", _("these saved answers are damaged"));
	if (rc < 0) {
		bilan_doc_free(doc);
		return rc;
	}
	info->questionnaire = bilan_xstrdup(id);
	memcpy(info->sha256, sha, BILAN_SHA256_HEX);
	if (!saved || !bilan_time_parse_iso(&info->saved, saved))
		memset(&info->saved, 0, sizeof(info->saved));
	info->position = (size_t)pos;
	info->total = (size_t)total;
	info->answered = ans ? ans->n : 0;
	*out = doc;
	return 0;
}

int bilan_q_partial_info(struct bilan_q_partial *out, const char *gitdir,
			 const char *qid, struct bilan_error *err)
{
	struct bilan_doc *doc = NULL;
	int rc = partial_read(&doc, out, gitdir, qid, err);
	bilan_doc_free(doc);
	return rc;
}

int bilan_q_partial_load(struct bilan_q_answers *out, struct bilan_q_partial *info,
			 bool *same_def, const char *gitdir,
			 const struct bilan_questionnaire *q, struct bilan_error *err)
{
	struct bilan_doc *doc = NULL;
	struct bilan_q_partial tmp;
	struct bilan_q_partial *pi = info ? info : &tmp;
	int rc = partial_read(&doc, pi, gitdir, q->id, err);
	if (rc < 0)
		return rc;
	bilan_q_answers_init(out, q);
	const struct bilan_node *ans = bilan_map_get(doc->root, "answers");
	size_t kept = 0;
	for (size_t i = 0; ans && ans->type == BILAN_NODE_MAP && i < ans->n; i++) {
		const struct bilan_node *k = ans->pairs[i].key, *v = ans->pairs[i].value;
		size_t it = bilan_q_item_index(q, k->value);
		if (it == BILAN_Q_NONE || v->type != BILAN_NODE_SCALAR)
			continue;
		if (q->items[it].type == BILAN_Q_ITEM_TEXT) {
			if (bilan_q_answer_set_text(out, q, it, v->value, NULL) == 0)
				kept++;
		} else {
			long long n;
			if (bilan_get_int(doc, ans, k->value, true, &n, NULL) == 0 &&
			    n >= q->min && n <= q->max) {
				out->value[it] = (int)n;
				kept++;
			}
		}
	}
	pi->answered = kept;
	if (pi->position > q->nitems)
		pi->position = q->nitems;
	if (same_def)
		*same_def = pi->version == q->version && !strcmp(pi->sha256, q->sha256);
	bilan_doc_free(doc);
	if (!info)
		bilan_q_partial_clear(&tmp);
	return 0;
}

void bilan_q_partial_clear(struct bilan_q_partial *p)
{
	if (!p)
		return;
	free(p->questionnaire);
	memset(p, 0, sizeof(*p));
}

int bilan_q_partial_remove(const char *gitdir, const char *qid, struct bilan_error *err)
{
	int rc = check_qid(qid, err);
	if (rc < 0)
		return rc;
	char *path = partial_path(gitdir, qid);
	if (unlink(path) < 0 && errno != ENOENT)
		rc = bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot remove '%s'"), path);
	free(path);
	return rc;
}

int bilan_q_partial_list(struct bilan_strlist *out, const char *gitdir,
			 struct bilan_error *err)
{
	memset(out, 0, sizeof(*out));
	struct bilan_strlist files = BILAN_STRLIST_INIT;
	char *dir = partial_dir(gitdir);
	int rc = bilan_fs_list(&files, dir, ".yaml", err);
	free(dir);
	for (size_t i = 0; rc == 0 && i < files.n; i++) {
		const char *f = files.v[i];
		if (strchr(f, '/'))
			continue;
		char *id = bilan_xstrndup(f, strlen(f) - 5);
		if (bilan_q_id_valid(id))
			bilan_strlist_add_owned(out, id);
		else
			free(id);
	}
	bilan_strlist_clear(&files);
	bilan_strlist_sort(out);
	return rc;
}
