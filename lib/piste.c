/* piste.c - career hypotheses (see piste.h). */
#include "piste.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "id.h"
#include "text.h"

const char *const bilan_piste_status_names[] = {
	"a-explorer", "en-exploration", "validee", "ecartee", "en-attente", NULL,
};

int bilan_piste_status_parse(enum bilan_piste_status *out, const char *typed)
{
	int i = bilan_value_parse(bilan_piste_status_names, typed);
	if (i >= 0)
		*out = (enum bilan_piste_status)i;
	return i;
}

const char *bilan_piste_status_name(enum bilan_piste_status s)
{
	if ((int)s < 0 || (int)s >= BILAN_PISTE_NSTATUS)
		return "?";
	return bilan_piste_status_names[s];
}

static void piste_clear(struct bilan_piste *p)
{
	bilan_record_clear(&p->rec);
	bilan_strlist_clear(&p->rome);
}

void bilan_pistes_clear(struct bilan_pistes *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		piste_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Parse the record into p (takes the record on success). */
static int piste_parse(struct bilan_piste *p, struct bilan_record *r,
		       struct bilan_error *err)
{
	const struct bilan_doc *doc = r->doc;
	const struct bilan_node *root = doc->root;
	const char *status = NULL;
	struct bilan_node *rome = NULL, *hist = NULL;
	int rc;

	memset(p, 0, sizeof(*p));
	if ((rc = bilan_get_str(doc, root, "title", true, &p->title, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "why", false, &p->why, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "created", false, &p->created, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "status", true, &status, err)) < 0 ||
	    (rc = bilan_get_seq(doc, root, "rome", false, &rome, err)) < 0 ||
	    (rc = bilan_get_seq(doc, root, "history", false, &hist, err)) < 0)
		return rc;
	if (bilan_piste_status_parse(&p->status, status) < 0)
		return bilan_node_error(err, doc, bilan_map_get(root, "status"),
					_("unknown piste status '%s' (valid: %s)"), status,
					"a-explorer, en-exploration, validee, ecartee, en-attente");
	for (size_t i = 0; rome && i < rome->n; i++) {
		const struct bilan_node *c = rome->items[i];
		if (c->type != BILAN_NODE_SCALAR) {
			bilan_strlist_clear(&p->rome);
			return bilan_node_error(err, doc, c, _("expected a ROME code like M1805"));
		}
		bilan_strlist_add(&p->rome, c->value);
	}
	p->rec = *r;
	memset(r, 0, sizeof(*r));
	return 0;
}

int bilan_pistes_load(struct bilan_pistes *out, const struct bilan_ws *ws,
		      struct bilan_diags *diags, struct bilan_error *err)
{
	struct bilan_records recs = BILAN_RECORDS_INIT;
	memset(out, 0, sizeof(*out));
	int rc = bilan_records_load(&recs, ws, BILAN_PISTE_DIR, diags, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < recs.n; i++) {
		struct bilan_piste p;
		struct bilan_error perr = BILAN_ERROR_INIT;
		if (piste_parse(&p, &recs.v[i], &perr) < 0) {
			if (diags) {
				/* workspace-relative file name */
				snprintf(perr.file, sizeof(perr.file), "%s", recs.v[i].rel);
				bilan_diags_add_error(diags, &perr);
			}
			continue;
		}
		BILAN_ALLOC_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n++] = p;
	}
	bilan_records_clear(&recs);
	return 0;
}

int bilan_piste_find(struct bilan_piste **out, const struct bilan_pistes *l,
		     const char *typed, struct bilan_error *err)
{
	const char **names = bilan_xcalloc(l->n + 1, sizeof(*names));
	for (size_t i = 0; i < l->n; i++)
		names[i] = l->v[i].rec.name;
	size_t idx = 0;
	int rc = bilan_record_resolve(&idx, names, l->n, typed, _("piste"), err);
	free(names);
	if (rc < 0)
		return rc;
	*out = &l->v[idx];
	return 0;
}

static bool is_decision(enum bilan_piste_status s)
{
	return s == BILAN_PISTE_VALIDEE || s == BILAN_PISTE_ECARTEE;
}

int bilan_piste_transition_check(enum bilan_piste_status from,
				 enum bilan_piste_status to, bool has_reason,
				 bool force, struct bilan_error *err)
{
	const char *f = bilan_piste_status_name(from), *t = bilan_piste_status_name(to);
	if (from == to)
		return bilan_error_set(err, BILAN_EUSAGE, _("the piste is already '%s'"), f);
	if (is_decision(from)) {
		if (!force) {
			bilan_error_set(err, BILAN_EUSAGE,
					_("the piste is '%s': a decided piste is reopened only on purpose"),
					f);
			bilan_error_hint(err, _("add --force and a --reason to move it to '%s'"), t);
			return BILAN_EUSAGE;
		}
		if (!has_reason) {
			bilan_error_set(err, BILAN_EUSAGE,
					_("reopening a piste needs a reason"));
			bilan_error_hint(err, _("add --reason TEXT"));
			return BILAN_EUSAGE;
		}
		return 0;
	}
	if (from == BILAN_PISTE_EN_EXPLORATION && to == BILAN_PISTE_A_EXPLORER) {
		bilan_error_set(err, BILAN_EUSAGE,
				_("a piste in exploration does not go back to '%s'"), t);
		bilan_error_hint(err, _("to pause it, set it 'en-attente'"));
		return BILAN_EUSAGE;
	}
	if (is_decision(to) && !has_reason) {
		bilan_error_set(err, BILAN_EUSAGE, _("setting a piste '%s' needs a reason"), t);
		bilan_error_hint(err, _("add --reason TEXT: what the research and the enquêtes showed"));
		return BILAN_EUSAGE;
	}
	return 0;
}

int bilan_piste_build(struct bilan_node **out, char *out_slug,
		      const struct bilan_pistes *l, const struct bilan_piste_new *p,
		      struct bilan_error *err)
{
	*out = NULL;
	if (!p->title || !*p->title)
		return bilan_error_set(err, BILAN_EUSAGE, _("a piste needs a title"));
	if (!bilan_utf8_valid(p->title, strlen(p->title), NULL) ||
	    (p->why && !bilan_utf8_valid(p->why, strlen(p->why), NULL)))
		return bilan_error_set(err, BILAN_EUSAGE, _("the text is not valid UTF-8"));
	if (strchr(p->title, '\n'))
		return bilan_error_set(err, BILAN_EUSAGE, _("a piste title is one line"));
	struct bilan_strlist existing = BILAN_STRLIST_INIT;
	for (size_t i = 0; l && i < l->n; i++)
		bilan_strlist_add(&existing, l->v[i].rec.name);
	char base[BILAN_SLUG_MAX + 1];
	bilan_slugify(base, p->title);
	bilan_slug_unique(out_slug, base, &existing);
	bilan_strlist_clear(&existing);

	char iso[BILAN_TIME_ISO_MAX];
	struct bilan_node *root = bilan_node_map();
	bilan_map_set_str(root, "title", p->title);
	if (p->n_rome) {
		struct bilan_node *codes = bilan_node_seq();
		for (size_t i = 0; i < p->n_rome; i++)
			bilan_seq_append(codes, bilan_node_str(p->rome[i]));
		bilan_map_set(root, "rome", codes);
	}
	if (p->why && *p->why)
		bilan_map_set_str(root, "why", p->why);
	bilan_map_set_str(root, "status", "a-explorer");
	bilan_map_set_str(root, "created", bilan_iso(iso, &p->when));
	bilan_history_append(root, &p->when, NULL, "a-explorer", NULL);
	*out = root;
	return 0;
}

void bilan_piste_set_status(struct bilan_piste *p, enum bilan_piste_status to,
			    const struct bilan_time *when, const char *reason,
			    bool forced)
{
	struct bilan_node *root = p->rec.doc->root;
	const char *from = bilan_piste_status_name(p->status);
	struct bilan_node *e = bilan_history_append(root, when, from,
						    bilan_piste_status_name(to), reason);
	if (forced)
		bilan_map_set_bool(e, "forced", true);
	bilan_map_set_str(root, "status", bilan_piste_status_name(to));
	p->status = to;
}

const char *bilan_piste_last_reason(const struct bilan_piste *p)
{
	const struct bilan_node *h = bilan_map_get(p->rec.doc->root, "history");
	if (!h || h->type != BILAN_NODE_SEQ)
		return NULL;
	const char *want = bilan_piste_status_name(p->status);
	for (size_t i = h->n; i-- > 0;) {
		const char *to = bilan_map_str(h->items[i], "to");
		if (to && !strcmp(to, want))
			return bilan_map_str(h->items[i], "reason");
	}
	return NULL;
}
