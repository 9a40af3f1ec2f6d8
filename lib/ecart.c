/* ecart.c - the skill gap for a target job (see ecart.h). */
#include "ecart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"

void bilan_ecart_id(char out[BILAN_ECART_ID_SIZE], const char *code)
{
	char low[6];
	size_t i = 0;
	for (; i < 5 && code[i]; i++)
		low[i] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] + 32 : code[i]);
	low[i] = '\0';
	snprintf(out, BILAN_ECART_ID_SIZE, "%s%s", BILAN_ECART_PREFIX, low);
}

bool bilan_ecart_code(char out[6], const char *qid)
{
	size_t plen = strlen(BILAN_ECART_PREFIX);
	if (!qid || strncmp(qid, BILAN_ECART_PREFIX, plen))
		return false;
	const char *c = qid + plen;
	if (strlen(c) != 5 || c[0] < 'a' || c[0] > 'n' || strspn(c + 1, "0123456789") != 4)
		return false;
	out[0] = (char)(c[0] - 32);
	memcpy(out + 1, c + 1, 5);
	return true;
}

/* The skills assessed, in order: core savoir-faire, then savoir-être. */
static size_t pick_items(size_t *idx, const struct bilan_rome *r,
			 const struct bilan_rome_fiche *f)
{
	size_t n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t j = 0; j < f->n_items; j++) {
			struct bilan_rome_item it;
			bilan_rome_item(&it, r, f->index, j);
			if (pass == 0 ? (it.kind == BILAN_ROME_SAVOIR_FAIRE && it.core)
				      : it.kind == BILAN_ROME_SAVOIR_ETRE)
				idx[n++] = j;
		}
	return n;
}

static struct bilan_node *interpretation(void)
{
	struct bilan_node *in = bilan_node_map();
	bilan_map_set_str(in, "low", "Pas encore : une compétence à acquérir, à inscrire dans "
			  "votre plan de formation.");
	bilan_map_set_str(in, "medium", "En partie : une compétence à consolider (formation "
			  "courte, mise en situation, tutorat, immersion).");
	bilan_map_set_str(in, "high", "Je maîtrise : un acquis à faire valoir dans votre projet.");
	return in;
}

int bilan_ecart_tree(struct bilan_node **out, const struct bilan_rome *r,
		     const struct bilan_rome_fiche *f, struct bilan_error *err)
{
	*out = NULL;
	size_t *idx = bilan_xcalloc(f->n_items ? f->n_items : 1, sizeof(*idx));
	size_t n = pick_items(idx, r, f);
	if (n == 0) {
		free(idx);
		return bilan_error_set(err, BILAN_ENOTFOUND,
				       _("the job sheet %s lists no core skill to assess"), f->code);
	}
	char id[BILAN_ECART_ID_SIZE];
	bilan_ecart_id(id, f->code);
	struct bilan_node *root = bilan_node_map();
	bilan_map_set_str(root, "id", id);
	bilan_map_set_int(root, "version", BILAN_ECART_VERSION);
	char *s = bilan_xasprintf("%s%s", BILAN_ECART_TITLE_PREFIX, f->title);
	bilan_map_set_str(root, "title", s);
	free(s);
	s = bilan_xasprintf("Les compétences clés de la fiche métier %s « %s » : ses savoir-faire "
			    "principaux, puis ses savoir-être professionnels. Pour chacune, vous "
			    "dites où vous en êtes ; le résultat range les compétences en trois "
			    "listes : déjà là, en partie, à acquérir. %s.",
			    f->code, f->title, BILAN_ROME_SOURCE);
	bilan_map_set_str(root, "description", s);
	free(s);
	s = bilan_xasprintf("Pour chacune des %zu compétences, répondez 3 si vous la maîtrisez "
			    "déjà, 2 si vous la maîtrisez en partie, 1 si pas encore. Pensez à ce "
			    "que vous avez réellement pratiqué, au travail comme ailleurs "
			    "(bénévolat, formation, vie personnelle). Comptez quelques minutes.", n);
	bilan_map_set_str(root, "instructions", s);
	free(s);
	bilan_map_set_str(root, "notice", "Cette auto-évaluation est indicative : une matière pour "
			  "préparer un plan de formation avec votre consultant, pas un verdict.");
	struct bilan_node *scale = bilan_node_map();
	bilan_map_set_int(scale, "min", 1);
	bilan_map_set_int(scale, "max", 3);
	struct bilan_node *labels = bilan_node_seq();
	bilan_seq_append(labels, bilan_node_str("Pas encore"));
	bilan_seq_append(labels, bilan_node_str("En partie"));
	bilan_seq_append(labels, bilan_node_str("Je maîtrise"));
	bilan_map_set(scale, "labels", labels);
	bilan_map_set(root, "scale", scale);

	struct bilan_node *dims = bilan_node_seq(), *items = bilan_node_seq();
	for (size_t k = 0; k < n; k++) {
		struct bilan_rome_item it;
		bilan_rome_item(&it, r, f->index, idx[k]);
		bool se = it.kind == BILAN_ROME_SAVOIR_ETRE;
		char ogr[16], dim[24];
		snprintf(ogr, sizeof(ogr), "%u", it.code_ogr);
		snprintf(dim, sizeof(dim), "%s-%u", se ? "se" : "sf", it.code_ogr);
		struct bilan_node *d = bilan_node_map();
		bilan_map_set_str(d, "id", dim);
		bilan_map_set_str(d, "label", it.label);
		s = se ? bilan_xasprintf("Savoir-être professionnel de la fiche %s (code OGR %u).",
					 f->code, it.code_ogr)
		       : bilan_xasprintf("Savoir-faire %s de la fiche %s (code OGR %u).",
					 it.emergent ? "clé, émergent," : "clé", f->code, it.code_ogr);
		bilan_map_set_str(d, "description", s);
		free(s);
		bilan_map_set(d, "interpretation", interpretation());
		bilan_seq_append(dims, d);
		struct bilan_node *i = bilan_node_map();
		bilan_map_set_str(i, "id", ogr);
		bilan_map_set_str(i, "text", it.label);
		bilan_map_set_str(i, "dimension", dim);
		bilan_seq_append(items, i);
	}
	bilan_map_set(root, "dimensions", dims);
	bilan_map_set(root, "items", items);
	free(idx);
	*out = root;
	return 0;
}

int bilan_ecart_definition(struct bilan_questionnaire **out, struct bilan_rome_fiche *fiche,
			   const struct bilan_rome *r, const char *code,
			   struct bilan_error *err)
{
	*out = NULL;
	struct bilan_rome_fiche f;
	int rc = bilan_rome_lookup(&f, r, code, err);
	if (rc)
		return rc;
	struct bilan_node *tree = NULL;
	if ((rc = bilan_ecart_tree(&tree, r, &f, err)) != 0)
		return rc;
	char id[BILAN_ECART_ID_SIZE];
	bilan_ecart_id(id, f.code);
	rc = bilan_q_from_tree(out, id, tree, err);
	bilan_node_free(tree);
	if (rc == 0 && fiche)
		*fiche = f;
	return rc;
}

int bilan_ecart_find(struct bilan_questionnaire **out, const char *qid,
		     struct bilan_error *err)
{
	*out = NULL;
	char code[6];
	if (!bilan_ecart_code(code, qid))
		return bilan_error_set(err, BILAN_ENOTFOUND, _("'%s' is not a skill gap questionnaire"),
				       qid ? qid : "");
	struct bilan_rome *r = NULL;
	int rc = bilan_rome_open(&r, NULL, err);
	if (rc == 0)
		rc = bilan_ecart_definition(out, NULL, r, code, err);
	bilan_rome_free(r);
	return rc;
}

/* --- reading a result --- */

static int not_ecart(struct bilan_error *err, const struct bilan_q_result *r, const char *why)
{
	return bilan_error_set_at(err, BILAN_EINVALID, r->rel ? r->rel : "", 0, 0,
				  _("not a skill gap result: %s"), why);
}

int bilan_ecart_read(struct bilan_ecart *out, const struct bilan_q_result *r,
		     struct bilan_error *err)
{
	struct bilan_ecart e = BILAN_ECART_INIT;
	*out = e;
	if (!bilan_ecart_code(e.code, r->questionnaire))
		return not_ecart(err, r, _("another questionnaire"));
	if (r->min != 1 || r->max != 3)
		return not_ecart(err, r, _("its scale is not 1 to 3"));
	e.v = bilan_xcalloc(r->ndims ? r->ndims : 1, sizeof(*e.v));
	for (size_t i = 0; i < r->ndims; i++) {
		const struct bilan_q_result_dim *d = &r->dims[i];
		const char *id = d->id;
		bool se = !strncmp(id, "se-", 3);
		if ((!se && strncmp(id, "sf-", 3)) || !id[3] || strspn(id + 3, "0123456789") != strlen(id + 3)) {
			free(e.v);
			return not_ecart(err, r, _("a dimension is not a skill"));
		}
		struct bilan_ecart_skill *s = &e.v[e.n++];
		s->code_ogr = id + 3;
		s->label = d->label ? d->label : s->code_ogr;
		s->savoir_etre = se;
		if (!d->has_percent)
			s->level = BILAN_ECART_UNRATED;
		else
			switch (bilan_q_level(d->tenths)) {
			case BILAN_Q_LOW: s->level = BILAN_ECART_MISSING; break;
			case BILAN_Q_MEDIUM: s->level = BILAN_ECART_PARTIAL; break;
			case BILAN_Q_HIGH: s->level = BILAN_ECART_THERE; break;
			}
		e.count[s->level]++;
	}
	const char *t = r->title ? r->title : "";
	size_t plen = strlen(BILAN_ECART_TITLE_PREFIX);
	e.title = bilan_xstrdup(strncmp(t, BILAN_ECART_TITLE_PREFIX, plen) ? t : t + plen);
	*out = e;
	return 0;
}

void bilan_ecart_clear(struct bilan_ecart *e)
{
	if (!e)
		return;
	free(e->title);
	free(e->v);
	e->title = NULL;
	e->v = NULL;
	e->n = 0;
}
