/* questionnaire.c - questionnaire definitions: loading, semantic checks,
 * validation and the catalogue of built-in and workspace definitions
 * (see questionnaire.h). */
#include "questionnaire.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "i18n.h"
#include "schema.h"
#include "text.h"

/* ------------------------------------------------------------------ */
/* ids                                                                 */

static bool is_windows_device(const char *s)
{
	static const char *const names[] = { "con", "prn", "aux", "nul", NULL };
	for (size_t i = 0; names[i]; i++)
		if (!strcmp(s, names[i]))
			return true;
	if ((!strncmp(s, "com", 3) || !strncmp(s, "lpt", 3)) && s[3] >= '1' &&
	    s[3] <= '9' && s[4] == '\0')
		return true;
	return false;
}

bool bilan_q_id_valid(const char *id)
{
	if (!id || !*id || strlen(id) > BILAN_Q_ID_MAX)
		return false;
	for (const char *p = id; *p; p++) {
		bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			  (*p == '-' && p != id);
		if (!ok)
			return false;
	}
	return !is_windows_device(id);
}

/* Dimension, skill and item ids: [A-Za-z0-9][A-Za-z0-9_.-]*, at most 64. */
static bool sub_id_valid(const char *id)
{
	if (!id || !*id || strlen(id) > BILAN_Q_ID_MAX)
		return false;
	for (const char *p = id; *p; p++) {
		bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			     (*p >= '0' && *p <= '9');
		if (!alnum && (p == id || !strchr("_.-", *p)))
			return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* the semantic parser                                                 */

struct parser {
	const struct bilan_doc *doc;
	struct bilan_diags *diags;
	size_t errors;
	bool dims_ok;     /* every dimension id is known (references can be checked) */
	bool skills_ok;   /* the same for skills */
};

static const char *doc_name(const struct parser *p)
{
	return p->doc->path ? p->doc->path : "";
}

static void perr(struct parser *p, const struct bilan_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void perr(struct parser *p, const struct bilan_node *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		abort();
	va_end(ap);
	bilan_diags_add(p->diags, BILAN_SEV_ERROR, doc_name(p), at ? at->line : 0,
			at ? at->col : 0, "%s", msg);
	free(msg);
	p->errors++;
}

static void pwarn(struct parser *p, const struct bilan_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void pwarn(struct parser *p, const struct bilan_node *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		abort();
	va_end(ap);
	bilan_diags_add(p->diags, BILAN_SEV_WARNING, doc_name(p), at ? at->line : 0,
			at ? at->col : 0, "%s", msg);
	free(msg);
}

static void perr_from(struct parser *p, const struct bilan_error *e)
{
	bilan_diags_add_error(p->diags, e);
	p->errors++;
}

/* A text value: NULL when absent (an error when required) or not text.
 * Empty text is an error when required. */
static char *get_text(struct parser *p, const struct bilan_node *map, const char *key,
		      bool required)
{
	struct bilan_error e = BILAN_ERROR_INIT;
	const char *s = NULL;
	if (bilan_get_str(p->doc, map, key, required, &s, &e) < 0) {
		perr_from(p, &e);
		return NULL;
	}
	if (!s)
		return NULL;
	if (required && !*s) {
		perr(p, bilan_map_get(map, key), _("'%s' is empty"), key);
		return NULL;
	}
	return bilan_xstrdup(s);
}

static bool get_int(struct parser *p, const struct bilan_node *map, const char *key,
		    bool required, long long *out)
{
	struct bilan_error e = BILAN_ERROR_INIT;
	long long v = LLONG_MIN;
	if (bilan_get_int(p->doc, map, key, required, &v, &e) < 0) {
		perr_from(p, &e);
		return false;
	}
	if (v == LLONG_MIN)
		return false;
	*out = v;
	return true;
}

static struct bilan_node *get_coll(struct parser *p, const struct bilan_node *map,
				   const char *key, bool required, bool seq)
{
	struct bilan_error e = BILAN_ERROR_INIT;
	struct bilan_node *n = NULL;
	int rc = seq ? bilan_get_seq(p->doc, map, key, required, &n, &e)
		     : bilan_get_map(p->doc, map, key, required, &n, &e);
	if (rc < 0) {
		perr_from(p, &e);
		return NULL;
	}
	return n;
}

/* An id at map[key]: checked for form, kind names it in messages. */
static char *get_id(struct parser *p, const struct bilan_node *map, const char *what)
{
	char *id = get_text(p, map, "id", true);
	if (!id)
		return NULL;
	if (!sub_id_valid(id)) {
		perr(p, bilan_map_get(map, "id"),
		     _("invalid %s id '%s' (letters, digits, '_', '.' and '-', at most %d)"),
		     what, id, BILAN_Q_ID_MAX);
		free(id);
		return NULL;
	}
	return id;
}

static void parse_en(struct parser *p, struct bilan_questionnaire *q,
		     const struct bilan_node *root)
{
	struct bilan_node *en = get_coll(p, root, "en", false, false);
	if (!en)
		return;
	q->en_title = get_text(p, en, "title", false);
	q->en_description = get_text(p, en, "description", false);
	q->en_instructions = get_text(p, en, "instructions", false);
	q->en_notice = get_text(p, en, "notice", false);
}

static void parse_labels(struct parser *p, const struct bilan_node *labels, long long min,
			 long long max, char ***out);

static void parse_scale(struct parser *p, struct bilan_questionnaire *q,
			const struct bilan_node *root)
{
	struct bilan_node *scale = get_coll(p, root, "scale", true, false);
	if (!scale)
		return;
	long long min = 0, max = 0;
	bool okmin = get_int(p, scale, "min", true, &min);
	bool okmax = get_int(p, scale, "max", true, &max);
	if (!okmin || !okmax)
		return;
	if (min < 0 || min > 100) {
		perr(p, bilan_map_get(scale, "min"),
		     _("the scale minimum must be between 0 and 100, not %lld"), min);
		return;
	}
	if (max <= min) {
		perr(p, bilan_map_get(scale, "max"),
		     _("the scale maximum (%lld) must be greater than its minimum (%lld)"),
		     max, min);
		return;
	}
	if (max > 100 || max - min > 10) {
		perr(p, bilan_map_get(scale, "max"),
		     _("a scale has at most 11 points and a maximum of at most 100, not %lld to %lld"),
		     min, max);
		return;
	}
	q->min = (int)min;
	q->max = (int)max;
	parse_labels(p, bilan_map_get(scale, "labels"), min, max, &q->labels);
}

/* Labels of the points min..max: a list from min to max, or a mapping
 * point: label; *out gets max - min + 1 strings (errors reported). */
static void parse_labels(struct parser *p, const struct bilan_node *labels, long long min,
			 long long max, char ***out)
{
	size_t points = (size_t)(max - min + 1);
	if (!labels || bilan_node_is_null(labels))
		return;
	if (labels->type == BILAN_NODE_SEQ) {
		if (labels->n != points) {
			perr(p, labels,
			     _("the scale has %zu points (%lld to %lld) but %zu labels"),
			     points, min, max, labels->n);
			return;
		}
		(*out) = bilan_xcalloc(points, sizeof(*(*out)));
		for (size_t i = 0; i < points; i++) {
			const struct bilan_node *l = labels->items[i];
			if (l->type != BILAN_NODE_SCALAR || bilan_node_is_null(l) || !*l->value) {
				perr(p, l, "%s", _("a scale label must be a non-empty text"));
				continue;
			}
			(*out)[i] = bilan_xstrdup(l->value);
		}
	} else if (labels->type == BILAN_NODE_MAP) {
		/* { 1: "Pas du tout", ..., 5: "Tout à fait" } */
		(*out) = bilan_xcalloc(points, sizeof(*(*out)));
		size_t before = p->errors;
		for (size_t i = 0; i < labels->n; i++) {
			const struct bilan_node *k = labels->pairs[i].key;
			const struct bilan_node *l = labels->pairs[i].value;
			char *end = NULL;
			long v = strtol(k->value, &end, 10);
			if (!*k->value || *end || v < min || v > max) {
				perr(p, k, _("'%s' is not a point of the scale (%lld to %lld)"),
				     k->value, min, max);
				continue;
			}
			if (l->type != BILAN_NODE_SCALAR || bilan_node_is_null(l) || !*l->value) {
				perr(p, l, "%s", _("a scale label must be a non-empty text"));
				continue;
			}
			free((*out)[v - min]);
			(*out)[v - min] = bilan_xstrdup(l->value);
		}
		for (size_t i = 0; i < points && p->errors == before; i++)
			if (!(*out)[i]) {
				perr(p, labels, _("the scale point %lld has no label"),
				     min + (long long)i);
				break;
			}
	} else {
		perr(p, labels, "%s",
		     _("'labels' must be a list (from the minimum to the maximum) or a mapping point: label"));
	}
}

static void parse_dimensions(struct parser *p, struct bilan_questionnaire *q,
			     const struct bilan_node *root)
{
	struct bilan_node *dims = get_coll(p, root, "dimensions", true, true);
	if (!dims)
		return;
	p->dims_ok = true;
	if (dims->n == 0) {
		perr(p, dims, "%s", _("a questionnaire needs at least one dimension"));
		return;
	}
	q->dims = bilan_xcalloc(dims->n, sizeof(*q->dims));
	for (size_t i = 0; i < dims->n; i++) {
		const struct bilan_node *d = dims->items[i];
		if (d->type != BILAN_NODE_MAP) {
			perr(p, d, "%s", _("a dimension must be a mapping with id, label, description and interpretation"));
			p->dims_ok = false;
			continue;
		}
		struct bilan_q_dimension *dim = &q->dims[q->ndims];
		char *id = get_id(p, d, _("dimension"));
		bool dup = false;
		for (size_t k = 0; id && k < q->ndims; k++)
			if (!strcmp(q->dims[k].id, id)) {
				perr(p, bilan_map_get(d, "id"), _("duplicate dimension id '%s'"), id);
				free(id);
				id = NULL;
				dup = true;
			}
		char *label = get_text(p, d, "label", true);
		char *desc = get_text(p, d, "description", false);
		struct bilan_node *in = get_coll(p, d, "interpretation", true, false);
		char *it[3] = { NULL, NULL, NULL };
		if (in)
			for (int l = 0; l < 3; l++)
				it[l] = get_text(p, in, bilan_q_level_name((enum bilan_q_level)l), true);
		if (!id) {
			p->dims_ok = p->dims_ok && dup;
			free(label);
			free(desc);
			for (int l = 0; l < 3; l++)
				free(it[l]);
			continue;
		}
		/* its own labels of the scale points (e.g. a wish, not a mastery) */
		if (bilan_map_get(d, "labels") && q->max > q->min)
			parse_labels(p, bilan_map_get(d, "labels"), q->min, q->max, &dim->labels);
		/* Kept even when incomplete (the load fails then), so that the
		 * items referring to it are checked. */
		dim->id = id;
		dim->label = label;
		dim->description = desc;
		for (int l = 0; l < 3; l++)
			dim->interpretation[l] = it[l];
		q->ndims++;
	}
}

static void parse_skills(struct parser *p, struct bilan_questionnaire *q,
			 const struct bilan_node *root)
{
	struct bilan_node *skills = get_coll(p, root, "skills", false, true);
	p->skills_ok = !bilan_map_get(root, "skills") || skills;
	if (!skills)
		return;
	q->skills = bilan_xcalloc(skills->n ? skills->n : 1, sizeof(*q->skills));
	for (size_t i = 0; i < skills->n; i++) {
		const struct bilan_node *s = skills->items[i];
		if (s->type != BILAN_NODE_MAP) {
			perr(p, s, "%s", _("a skill must be a mapping with id, label and description"));
			p->skills_ok = false;
			continue;
		}
		char *id = get_id(p, s, _("skill"));
		bool dup = false;
		for (size_t k = 0; id && k < q->nskills; k++)
			if (!strcmp(q->skills[k].id, id)) {
				perr(p, bilan_map_get(s, "id"), _("duplicate skill id '%s'"), id);
				free(id);
				id = NULL;
				dup = true;
			}
		char *label = get_text(p, s, "label", true);
		char *desc = get_text(p, s, "description", false);
		if (!id) {
			p->skills_ok = p->skills_ok && dup;
			free(label);
			free(desc);
			continue;
		}
		q->skills[q->nskills].id = id;
		q->skills[q->nskills].label = label;
		q->skills[q->nskills].description = desc;
		q->nskills++;
	}
}

static void parse_items(struct parser *p, struct bilan_questionnaire *q,
			const struct bilan_node *root)
{
	size_t scale_items = 0;
	struct bilan_node *items = get_coll(p, root, "items", true, true);
	if (!items)
		return;
	if (items->n == 0) {
		perr(p, items, "%s", _("a questionnaire needs at least one item"));
		return;
	}
	if (items->n > BILAN_Q_MAX_ITEMS) {
		perr(p, items, _("too many items: %zu (at most %d)"), items->n, BILAN_Q_MAX_ITEMS);
		return;
	}
	q->items = bilan_xcalloc(items->n, sizeof(*q->items));
	for (size_t i = 0; i < items->n; i++) {
		const struct bilan_node *it = items->items[i];
		if (it->type != BILAN_NODE_MAP) {
			perr(p, it, "%s", _("an item must be a mapping with id, text, dimension and reverse"));
			continue;
		}
		struct bilan_q_item item = { NULL, NULL, BILAN_Q_ITEM_SCALE, BILAN_Q_NONE,
					     BILAN_Q_NONE, false, 0 };
		bool ok = true;
		item.id = get_id(p, it, _("item"));
		for (size_t k = 0; item.id && k < q->nitems; k++)
			if (!strcmp(q->items[k].id, item.id)) {
				perr(p, bilan_map_get(it, "id"), _("duplicate item id '%s'"), item.id);
				free(item.id);
				item.id = NULL;
			}
		ok = item.id != NULL;
		item.text = get_text(p, it, "text", true);
		ok = ok && item.text;
		char *type = get_text(p, it, "type", false);
		if (type) {
			if (!strcmp(type, "text")) {
				item.type = BILAN_Q_ITEM_TEXT;
			} else if (!strcmp(type, "rank")) {
				/* a forced choice: the `count` dimensions that
				 * matter most, in order (answered as a text) */
				item.type = BILAN_Q_ITEM_TEXT;
				long long count = 0;
				struct bilan_error e = BILAN_ERROR_INIT;
				if (bilan_get_int(p->doc, it, "count", true, &count, &e) < 0) {
					perr_from(p, &e);
					ok = false;
				} else if (count < 1 || (p->dims_ok && (size_t)count > q->ndims)) {
					perr(p, bilan_map_get(it, "count"),
					     _("a rank item chooses 1 to %zu dimensions, not %lld"),
					     q->ndims, count);
					ok = false;
				} else {
					item.rank = (int)count;
				}
			} else if (strcmp(type, "scale") != 0) {
				perr(p, bilan_map_get(it, "type"),
				     _("unknown item type '%s' (scale, text or rank)"), type);
				ok = false;
			}
			free(type);
		}
		if (item.type == BILAN_Q_ITEM_SCALE)
			scale_items++;
		const struct bilan_node *dn = bilan_map_get(it, "dimension");
		const struct bilan_node *sn = bilan_map_get(it, "skill");
		if (item.type == BILAN_Q_ITEM_TEXT) {
			if (dn || bilan_map_get(it, "reverse")) {
				perr(p, dn ? dn : bilan_map_get(it, "reverse"), "%s",
				     _("a text item is not scored: it takes no 'dimension' nor 'reverse'"));
				ok = false;
			}
		} else {
			char *dim = get_text(p, it, "dimension", true);
			if (dim) {
				item.dim = bilan_q_dim_index(q, dim);
				if (item.dim == BILAN_Q_NONE && p->dims_ok) {
					perr(p, dn, _("item '%s': unknown dimension '%s'"),
					     item.id ? item.id : "?", dim);
					ok = false;
				} else if (item.dim == BILAN_Q_NONE) {
					ok = false;
				}
				free(dim);
			} else {
				ok = false;
			}
			struct bilan_error e = BILAN_ERROR_INIT;
			if (bilan_get_bool(p->doc, it, "reverse", false, &item.reverse, &e) < 0) {
				perr_from(p, &e);
				ok = false;
			}
		}
		if (sn) {
			char *skill = get_text(p, it, "skill", true);
			if (skill) {
				item.skill = bilan_q_skill_index(q, skill);
				if (item.skill == BILAN_Q_NONE && p->skills_ok) {
					perr(p, sn, _("item '%s': unknown skill '%s'"),
					     item.id ? item.id : "?", skill);
					ok = false;
				} else if (item.skill == BILAN_Q_NONE) {
					ok = false;
				}
				free(skill);
			} else {
				ok = false;
			}
		}
		if (!item.id) {
			free(item.text);
			continue;
		}
		/* Kept even when broken (the load fails then): a later item with
		 * the same id is reported as a duplicate. */
		q->items[q->nitems++] = item;
		if (ok && item.type == BILAN_Q_ITEM_SCALE)
			q->nscale++;
	}
	if (scale_items == 0)
		perr(p, items, "%s", _("a questionnaire needs at least one item that is rated on the scale"));
}

static void parse_profile(struct parser *p, struct bilan_questionnaire *q,
			  const struct bilan_node *root)
{
	bool dims_ok = p->dims_ok;
	struct bilan_node *prof = get_coll(p, root, "profile", false, false);
	if (!prof)
		return;
	long long top = 0;
	if (get_int(p, prof, "top", false, &top)) {
		if (top < 1 || (dims_ok && top > (long long)q->ndims))
			perr(p, bilan_map_get(prof, "top"),
			     _("profile.top must be between 1 and the number of dimensions (%zu), not %lld"),
			     q->ndims, top);
		else
			q->top = (int)top;
	}
	struct bilan_node *pairs = get_coll(p, prof, "pairs", false, true);
	if (!pairs)
		return;
	if (pairs->n != 2) {
		perr(p, pairs, _("profile.pairs names two dimensions (e.g. [maitrise, envie]), not %zu"),
		     pairs->n);
		return;
	}
	if (!bilan_map_get(root, "skills")) {
		perr(p, pairs, "%s", _("profile.pairs needs 'skills': the pairs are shown per skill"));
		return;
	}
	for (int k = 0; k < 2; k++) {
		const struct bilan_node *n = pairs->items[k];
		if (n->type != BILAN_NODE_SCALAR || bilan_node_is_null(n)) {
			perr(p, n, "%s", _("profile.pairs must list dimension ids"));
			return;
		}
		q->pair[k] = bilan_q_dim_index(q, n->value);
		if (q->pair[k] == BILAN_Q_NONE) {
			if (dims_ok)
				perr(p, n, _("profile.pairs: unknown dimension '%s'"), n->value);
			return;
		}
	}
	if (q->pair[0] == q->pair[1]) {
		perr(p, pairs->items[1], "%s", _("profile.pairs must name two different dimensions"));
		return;
	}
	q->has_pairs = true;
}

/* Warnings: dimensions and skills no item rates. */
static void check_coverage(struct parser *p, const struct bilan_questionnaire *q,
			   const struct bilan_node *root)
{
	struct bilan_node *dims = bilan_map_get(root, "dimensions");
	for (size_t d = 0; d < q->ndims; d++) {
		bool used = false;
		for (size_t i = 0; i < q->nitems && !used; i++)
			used = q->items[i].dim == d;
		if (!used)
			pwarn(p, dims, _("no item rates the dimension '%s': it will never have a score"),
			      q->dims[d].id);
	}
	struct bilan_node *skills = bilan_map_get(root, "skills");
	for (size_t s = 0; s < q->nskills; s++) {
		bool used = false;
		for (size_t i = 0; i < q->nitems && !used; i++)
			used = q->items[i].skill == s;
		if (!used)
			pwarn(p, skills, _("no item rates the skill '%s'"), q->skills[s].id);
	}
}

/* Fill q from doc; returns the number of errors added to diags. */
static size_t parse_def(struct bilan_questionnaire *q, const struct bilan_doc *doc,
			struct bilan_diags *diags)
{
	struct parser p = { doc, diags, 0, false, false };
	const struct bilan_node *root = doc->root;
	if (!root || root->type != BILAN_NODE_MAP) {
		perr(&p, root, "%s", _("a questionnaire definition must be a mapping (id, version, title, ...)"));
		return p.errors;
	}
	q->id = get_text(&p, root, "id", true);
	if (q->id && !bilan_q_id_valid(q->id)) {
		perr(&p, bilan_map_get(root, "id"),
		     _("invalid questionnaire id '%s' (lowercase letters, digits and '-', at most %d)"),
		     q->id, BILAN_Q_ID_MAX);
		free(q->id);
		q->id = NULL;
	}
	if (get_int(&p, root, "version", true, &q->version) && q->version < 1)
		perr(&p, bilan_map_get(root, "version"), _("the version must be 1 or more, not %lld"),
		     q->version);
	q->title = get_text(&p, root, "title", true);
	q->description = get_text(&p, root, "description", true);
	q->instructions = get_text(&p, root, "instructions", true);
	q->notice = get_text(&p, root, "notice", false);
	parse_en(&p, q, root);
	parse_scale(&p, q, root);
	parse_dimensions(&p, q, root);
	parse_skills(&p, q, root);
	parse_items(&p, q, root);
	parse_profile(&p, q, root);
	if (p.errors == 0)
		check_coverage(&p, q, root);
	return p.errors;
}

/* ------------------------------------------------------------------ */
/* loading                                                             */

void bilan_q_free(struct bilan_questionnaire *q)
{
	if (!q)
		return;
	free(q->id);
	free(q->title);
	free(q->description);
	free(q->instructions);
	free(q->notice);
	free(q->en_title);
	free(q->en_description);
	free(q->en_instructions);
	free(q->en_notice);
	if (q->labels)
		for (int i = 0; i <= q->max - q->min; i++)
			free(q->labels[i]);
	free(q->labels);
	for (size_t i = 0; i < q->ndims; i++) {
		free(q->dims[i].id);
		free(q->dims[i].label);
		free(q->dims[i].description);
		for (int l = 0; l < 3; l++)
			free(q->dims[i].interpretation[l]);
		if (q->dims[i].labels)
			for (int k = 0; k <= q->max - q->min; k++)
				free(q->dims[i].labels[k]);
		free(q->dims[i].labels);
	}
	free(q->dims);
	for (size_t i = 0; i < q->nskills; i++) {
		free(q->skills[i].id);
		free(q->skills[i].label);
		free(q->skills[i].description);
	}
	free(q->skills);
	for (size_t i = 0; i < q->nitems; i++) {
		free(q->items[i].id);
		free(q->items[i].text);
	}
	free(q->items);
	free(q->path);
	free(q);
}

/* The error of diags that comes first in the file. */
static const struct bilan_diag *first_error(const struct bilan_diags *d)
{
	const struct bilan_diag *best = NULL;
	for (size_t i = 0; i < d->n; i++) {
		const struct bilan_diag *x = &d->v[i];
		if (x->severity != BILAN_SEV_ERROR)
			continue;
		if (!best || x->line < best->line ||
		    (x->line == best->line && x->col < best->col))
			best = x;
	}
	return best;
}

static int diags_to_error(const struct bilan_diags *d, struct bilan_error *err)
{
	const struct bilan_diag *x = first_error(d);
	if (!x)
		return 0;
	size_t n = bilan_diags_count(d, BILAN_SEV_ERROR);
	bilan_error_set_at(err, BILAN_EINVALID, x->file, x->line, x->col, "%s", x->message);
	if (n > 1)
		bilan_error_hint(err, P_("%zu more problem: 'bilan test validate %s' lists them all",
					 "%zu more problems: 'bilan test validate %s' lists them all",
					 n - 1),
				 n - 1, x->file);
	return BILAN_EINVALID;
}

/* Parse a loaded doc (schema diags, if any, already in d). */
static int build(struct bilan_questionnaire **out, const struct bilan_doc *doc,
		 struct bilan_diags *d, struct bilan_error *err)
{
	struct bilan_questionnaire *q = bilan_xcalloc(1, sizeof(*q));
	parse_def(q, doc, d);
	int rc = diags_to_error(d, err);
	if (rc < 0) {
		bilan_q_free(q);
		return rc;
	}
	*out = q;
	return 0;
}

int bilan_q_load_buffer(struct bilan_questionnaire **out, const char *name,
			const char *data, size_t len, struct bilan_error *err)
{
	*out = NULL;
	struct bilan_doc *doc = NULL;
	int rc = bilan_yaml_load_buffer(&doc, name, data, len, err);
	if (rc < 0)
		return rc;
	struct bilan_diags d = BILAN_DIAGS_INIT;
	rc = build(out, doc, &d, err);
	bilan_diags_clear(&d);
	bilan_doc_free(doc);
	if (rc == 0) {
		bilan_sha256_hex((*out)->sha256, data, len);
		(*out)->origin = BILAN_Q_MEMORY;
	}
	return rc;
}

/* The schema's diagnostics, when the schema can be found. */
static void schema_check(const struct bilan_doc *doc, struct bilan_diags *d)
{
	const struct bilan_schema *s = NULL;
	struct bilan_error e = BILAN_ERROR_INIT;
	if (bilan_schema_get(&s, "questionnaire", &e) < 0)
		return;
	bilan_schema_validate(s, doc, d);
}

/* bilan_q_load_file, the schema check vouched by t when t is given */
static int load_file(struct bilan_questionnaire **out, const char *path,
		     enum bilan_q_origin origin, struct bilan_q_trust *t, struct bilan_error *err)
{
	*out = NULL;
	struct bilan_buf b = BILAN_BUF_INIT;
	struct bilan_doc *doc = NULL;
	struct bilan_diags d = BILAN_DIAGS_INIT;
	struct bilan_q_trust_key k1, k2;
	char *name = t ? bilan_xasprintf("q:%s", path) : NULL;
	bool keyed = t && bilan_q_trust_stat(&k1, path);
	char sha[BILAN_SHA256_HEX] = "";
	/* vouched for: the tree it had when it passed, neither read nor checked */
	doc = keyed ? bilan_q_trust_get(t, &k1, name, path, sha) : NULL;
	bool trusted = doc && sha[0];
	int rc;
	if (!trusted) {
		bilan_doc_free(doc);
		doc = NULL;
		rc = bilan_fs_read(&b, path, BILAN_YAML_MAX_BYTES, err);
		if (rc < 0)
			goto out;
		/* the same file before and after the read: its key is what was read */
		keyed = keyed && bilan_q_trust_stat(&k2, path) && !memcmp(&k1, &k2, sizeof(k1));
		rc = bilan_yaml_load_buffer(&doc, path, bilan_buf_cstr(&b), b.len, err);
		if (rc < 0)
			goto out;
		schema_check(doc, &d);
		bilan_sha256_hex(sha, bilan_buf_cstr(&b), b.len);
	}
	bool clean = d.n == 0;
	rc = build(out, doc, &d, err);
	if (rc < 0)
		goto out;
	if (keyed && clean)
		bilan_q_trust_add(t, &k1, name, doc, sha);
	memcpy((*out)->sha256, sha, sizeof(sha));
	(*out)->path = bilan_xstrdup(path);
	(*out)->origin = origin;
out:
	bilan_diags_clear(&d);
	bilan_doc_free(doc);
	bilan_buf_clear(&b);
	free(name);
	return rc;
}

int bilan_q_load_file(struct bilan_questionnaire **out, const char *path,
		      enum bilan_q_origin origin, struct bilan_error *err)
{
	return load_file(out, path, origin, NULL, err);
}

int bilan_q_from_tree(struct bilan_questionnaire **out, const char *name,
		      const struct bilan_node *root, struct bilan_error *err)
{
	*out = NULL;
	struct bilan_doc doc = { bilan_xstrdup(name ? name : "questionnaire"), NULL };
	struct bilan_buf b = BILAN_BUF_INIT;
	struct bilan_diags d = BILAN_DIAGS_INIT;
	int rc = bilan_yaml_emit(&b, root, err);
	if (rc == 0) {
		/* Parse the canonical text: the checksum is of what was parsed. */
		struct bilan_doc *loaded = NULL;
		rc = bilan_yaml_load_buffer(&loaded, doc.path, bilan_buf_cstr(&b), b.len, err);
		if (rc == 0) {
			/* Positions of a built tree mean nothing to the caller. */
			rc = build(out, loaded, &d, err);
			if (rc < 0) {
				if (err)
					err->line = err->col = 0;
			} else {
				bilan_sha256_hex((*out)->sha256, bilan_buf_cstr(&b), b.len);
				(*out)->origin = BILAN_Q_MEMORY;
			}
		}
		bilan_doc_free(loaded);
	}
	bilan_diags_clear(&d);
	bilan_buf_clear(&b);
	free(doc.path);
	return rc;
}

static int diag_cmp(const void *a, const void *b)
{
	const struct bilan_diag *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return 0;
}

size_t bilan_q_validate_file(const char *path, struct bilan_diags *diags)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	struct bilan_error e = BILAN_ERROR_INIT;
	struct bilan_doc *doc = NULL;
	size_t errors = 0;
	if (bilan_fs_read(&b, path, BILAN_YAML_MAX_BYTES, &e) < 0 ||
	    bilan_yaml_load_buffer(&doc, path, bilan_buf_cstr(&b), b.len, &e) < 0) {
		if (!e.file[0])
			snprintf(e.file, sizeof(e.file), "%s", path);
		bilan_diags_add_error(diags, &e);
		bilan_buf_clear(&b);
		return 1;
	}
	struct bilan_diags schema = BILAN_DIAGS_INIT, sem = BILAN_DIAGS_INIT;
	const struct bilan_schema *s = NULL;
	if (bilan_schema_get(&s, "questionnaire", &e) < 0)
		bilan_diags_add(&schema, BILAN_SEV_WARNING, path, 0, 0, "%s", e.message);
	else
		bilan_schema_validate(s, doc, &schema);
	struct bilan_questionnaire *q = bilan_xcalloc(1, sizeof(*q));
	parse_def(q, doc, &sem);
	/* The file name should be the id (bilan test run ID finds it either way). */
	if (q->id) {
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		size_t n = strlen(q->id);
		if (strncmp(base, q->id, n) != 0 || strcmp(base + n, ".yaml") != 0)
			bilan_diags_add(&sem, BILAN_SEV_WARNING, path, 0, 0,
					_("the file name is not '%s.yaml' (the id)"), q->id);
	}
	bilan_q_free(q);
	/* Merge: a semantic problem at the place of a schema problem says the
	 * same thing twice; keep the schema's. */
	struct bilan_diags all = BILAN_DIAGS_INIT;
	for (size_t i = 0; i < schema.n; i++) {
		const struct bilan_diag *x = &schema.v[i];
		bilan_diags_add(&all, x->severity, x->file, x->line, x->col, "%s", x->message);
	}
	for (size_t i = 0; i < sem.n; i++) {
		const struct bilan_diag *x = &sem.v[i];
		bool dup = false;
		for (size_t k = 0; k < schema.n && !dup; k++)
			dup = x->line > 0 && schema.v[k].line == x->line &&
			      schema.v[k].col == x->col &&
			      schema.v[k].severity == BILAN_SEV_ERROR;
		if (!dup)
			bilan_diags_add(&all, x->severity, x->file, x->line, x->col, "%s", x->message);
	}
	if (all.n > 1)
		qsort(all.v, all.n, sizeof(*all.v), diag_cmp);
	for (size_t i = 0; i < all.n; i++) {
		const struct bilan_diag *x = &all.v[i];
		bilan_diags_add(diags, x->severity, x->file, x->line, x->col, "%s", x->message);
		if (x->severity == BILAN_SEV_ERROR)
			errors++;
	}
	bilan_diags_clear(&all);
	bilan_diags_clear(&schema);
	bilan_diags_clear(&sem);
	bilan_doc_free(doc);
	bilan_buf_clear(&b);
	return errors;
}

size_t bilan_q_dim_index(const struct bilan_questionnaire *q, const char *id)
{
	for (size_t i = 0; id && i < q->ndims; i++)
		if (!strcmp(q->dims[i].id, id))
			return i;
	return BILAN_Q_NONE;
}

size_t bilan_q_item_index(const struct bilan_questionnaire *q, const char *id)
{
	for (size_t i = 0; id && i < q->nitems; i++)
		if (!strcmp(q->items[i].id, id))
			return i;
	return BILAN_Q_NONE;
}

size_t bilan_q_skill_index(const struct bilan_questionnaire *q, const char *id)
{
	for (size_t i = 0; id && i < q->nskills; i++)
		if (!strcmp(q->skills[i].id, id))
			return i;
	return BILAN_Q_NONE;
}

const char *bilan_q_item_label(const struct bilan_questionnaire *q, size_t item, int value)
{
	if (item < q->nitems && q->items[item].dim < q->ndims &&
	    q->dims[q->items[item].dim].labels && value >= q->min && value <= q->max)
		return q->dims[q->items[item].dim].labels[value - q->min];
	return bilan_q_scale_label(q, value);
}

const char *bilan_q_scale_label(const struct bilan_questionnaire *q, int value)
{
	if (!q->labels || value < q->min || value > q->max)
		return NULL;
	return q->labels[value - q->min];
}

/* ------------------------------------------------------------------ */
/* the catalogue                                                       */

static void add_entries(struct bilan_q_catalog *c, const char *dir,
			enum bilan_q_origin origin, const struct bilan_strlist *files,
			struct bilan_q_trust *t)
{
	for (size_t i = 0; i < files->n; i++) {
		const char *f = files->v[i];
		if (strchr(f, '/') || f[0] == '.')
			continue;   /* only the folder's own files */
		BILAN_ALLOC_GROW(c->v, c->n + 1, c->alloc);
		struct bilan_q_entry *e = &c->v[c->n++];
		memset(e, 0, sizeof(*e));
		e->path = bilan_xasprintf("%s/%s", dir, f);
		e->origin = origin;
		struct bilan_questionnaire *q = NULL;
		if (load_file(&q, e->path, origin, t, &e->error) < 0) {
			e->id = bilan_xstrndup(f, strlen(f) - strlen(".yaml"));
			continue;
		}
		e->id = bilan_xstrdup(q->id);
		e->title = bilan_xstrdup(q->title);
		e->version = q->version;
		e->nitems = q->nitems;
		e->q = q;   /* kept: a find would parse and check it again */
	}
}

int bilan_q_catalog_load(struct bilan_q_catalog *out, const char *ws_root,
			 struct bilan_error *err)
{
	return bilan_q_catalog_load_trusted(out, ws_root, NULL, err);
}

int bilan_q_catalog_load_trusted(struct bilan_q_catalog *out, const char *ws_root,
				 struct bilan_q_trust *t, struct bilan_error *err)
{
	memset(out, 0, sizeof(*out));
	struct bilan_strlist files = BILAN_STRLIST_INIT;
	char *dir = bilan_data_path("questionnaires");
	int rc = bilan_fs_list(&files, dir, ".yaml", err);
	if (rc == 0)
		add_entries(out, dir, BILAN_Q_BUILTIN, &files, t);
	bilan_strlist_clear(&files);
	free(dir);
	if (rc < 0 || !ws_root)
		return rc;
	size_t nbuiltin = out->n;
	dir = bilan_xasprintf("%s/questionnaires", ws_root);
	rc = bilan_fs_list(&files, dir, ".yaml", err);
	if (rc == 0)
		add_entries(out, dir, BILAN_Q_WORKSPACE, &files, t);
	bilan_strlist_clear(&files);
	free(dir);
	for (size_t i = nbuiltin; i < out->n; i++)
		for (size_t k = 0; k < nbuiltin; k++)
			if (!out->v[i].error.code && !strcmp(out->v[i].id, out->v[k].id)) {
				out->v[i].overrides = true;
				out->v[k].hidden = true;
			}
	return rc;
}

void bilan_q_catalog_clear(struct bilan_q_catalog *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].id);
		free(c->v[i].path);
		free(c->v[i].title);
		bilan_q_free(c->v[i].q);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

int bilan_q_find(struct bilan_questionnaire **out, const char *ws_root,
		 const char *id, struct bilan_error *err)
{
	*out = NULL;
	struct bilan_q_catalog c = BILAN_Q_CATALOG_INIT;
	int rc = bilan_q_catalog_load(&c, ws_root, err);
	if (rc == 0)
		rc = bilan_q_catalog_take(out, &c, id, err);
	bilan_q_catalog_clear(&c);
	return rc;
}

int bilan_q_catalog_take(struct bilan_questionnaire **out, struct bilan_q_catalog *c,
			 const char *id, struct bilan_error *err)
{
	*out = NULL;
	int rc;
	/* Workspace definitions win: search from the end. */
	for (size_t i = c->n; i-- > 0;) {
		struct bilan_q_entry *e = &c->v[i];
		if (strcmp(e->id, id) != 0)
			continue;
		if (e->error.code) {
			if (err)
				*err = e->error;
			return e->error.code;
		}
		if (e->q) {
			*out = e->q;
			e->q = NULL;
			return 0;
		}
		return bilan_q_load_file(out, e->path, e->origin, err);
	}
	const char **ids = bilan_xcalloc(c->n + 1, sizeof(*ids));
	for (size_t i = 0; i < c->n; i++)
		ids[i] = c->v[i].id;
	const char *close = bilan_text_closest(id, ids, c->n);
	struct bilan_buf v = BILAN_BUF_INIT;
	bilan_text_sanitize_terminal(&v, id);
	rc = bilan_error_set(err, BILAN_ENOTFOUND, _("unknown questionnaire '%s'"),
			     bilan_buf_cstr(&v));
	bilan_buf_clear(&v);
	if (close)
		bilan_error_hint(err, _("did you mean '%s'? 'bilan test list' shows them all"), close);
	else
		bilan_error_hint(err, "%s", _("'bilan test list' shows the questionnaires"));
	free(ids);
	return rc;
}

int bilan_q_find_taken(struct bilan_questionnaire **out, const struct bilan_q_result *r,
		       struct bilan_error *err)
{
	*out = NULL;
	if (!bilan_q_id_valid(r->questionnaire))
		return bilan_error_set(err, BILAN_ENOTFOUND, "%s", _("no such version"));
	char *rel = bilan_xasprintf("questionnaires/versions/%s.%lld.yaml", r->questionnaire,
				    r->version);
	char *path = bilan_data_path(rel);
	free(rel);
	struct bilan_questionnaire *q = NULL;
	int rc = 0;
	if (!bilan_fs_exists(path) || bilan_q_load_file(&q, path, BILAN_Q_BUILTIN, NULL) < 0 ||
	    strcmp(q->sha256, r->sha256) != 0) {
		bilan_q_free(q);
		rc = bilan_error_set(err, BILAN_ENOTFOUND,
				     _("version %lld of '%s' is not shipped"), r->version,
				     r->questionnaire);
	} else {
		*out = q;
	}
	free(path);
	return rc;
}

/* ------------------------------------------------------------------ */
/* small facts of the model, used by the scoring and the results       */

const char *bilan_q_level_name(enum bilan_q_level l)
{
	switch (l) {
	case BILAN_Q_LOW: return "low";
	case BILAN_Q_MEDIUM: return "medium";
	case BILAN_Q_HIGH: return "high";
	}
	return "?";
}

bool bilan_q_result_outdated(const struct bilan_q_result *r,
			     const struct bilan_questionnaire *q)
{
	return r->version != q->version || strcmp(r->sha256, q->sha256) != 0;
}
