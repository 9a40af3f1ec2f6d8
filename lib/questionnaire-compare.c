/* questionnaire-compare.c - attempts of one questionnaire side by side
 * (see questionnaire.h): built once, for the text and the JSON of
 * 'bilan test compare'. */
#include "questionnaire.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "id.h"

static int pick(struct bilan_q_compare *c, const char *qid, const char *const *attempts,
		size_t nattempts, struct bilan_error *err)
{
	const struct bilan_q_results *l = &c->results;
	bool *chosen = bilan_xcalloc(l->n + 1, sizeof(*chosen));
	int rc = 0;
	if (nattempts) {
		const char **rids = bilan_xcalloc(l->n + 1, sizeof(*rids));
		for (size_t i = 0; i < l->n; i++)
			rids[i] = l->v[i]->rid;
		for (size_t k = 0; k < nattempts && rc == 0; k++) {
			size_t idx;
			rc = bilan_prefix_resolve(&idx, rids, l->n, attempts[k], _("attempt"), err);
			if (rc == 0)
				chosen[idx] = true;
		}
		free(rids);
	} else {
		for (size_t i = 0; i < l->n; i++)
			chosen[i] = true;
	}
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += chosen[i];
	if (rc == 0 && n < 2) {
		if (!l->n) {
			rc = bilan_error_set(err, BILAN_ENOTFOUND,
					     _("the questionnaire '%s' was never taken"), qid);
			bilan_error_hint(err, _("take it with 'bilan test run %s'"), qid);
		} else {
			rc = bilan_error_set(err, BILAN_EFAIL,
					     P_("nothing to compare: %zu attempt of '%s'",
						"nothing to compare: %zu attempts of '%s'", n), n, qid);
			bilan_error_hint(err, _("take it again with 'bilan test run %s' to see the evolution"),
					 qid);
		}
	}
	if (rc == 0) {
		c->att = bilan_xcalloc(n, sizeof(*c->att));
		for (size_t i = 0; i < l->n; i++)
			if (chosen[i])
				c->att[c->natt++].r = l->v[i];
	}
	free(chosen);
	return rc;
}

int bilan_q_compare(struct bilan_q_compare *out, const char *ws_root, const char *qid,
		    const struct bilan_questionnaire *q, const char *const *attempts,
		    size_t nattempts, struct bilan_error *err)
{
	memset(out, 0, sizeof(*out));
	int rc = bilan_q_results_load(&out->results, ws_root, qid, err);
	if (rc < 0 || (rc = pick(out, qid, attempts, nattempts, err)) < 0)
		return rc;
	size_t n = out->natt;
	for (size_t k = 0; k < n; k++) {
		struct bilan_q_compare_attempt *a = &out->att[k];
		a->reading = (struct bilan_q_reading)BILAN_Q_READING_INIT;
		bilan_q_read(&a->reading, a->r, q);
		a->outdated = q && bilan_q_result_outdated(a->r, q);
		out->outdated = out->outdated || a->outdated;
		out->profiles = out->profiles || a->reading.state != BILAN_Q_PROF_NONE;
	}
	/* dimensions: those of the latest attempt, then any others */
	struct bilan_strlist ids = BILAN_STRLIST_INIT;
	for (size_t k = n; k-- > 0;)
		for (size_t i = 0; i < out->att[k].r->ndims; i++)
			if (!bilan_strlist_contains(&ids, out->att[k].r->dims[i].id))
				bilan_strlist_add(&ids, out->att[k].r->dims[i].id);
	out->dims = bilan_xcalloc(ids.n + 1, sizeof(*out->dims));
	out->ndims = ids.n;
	for (size_t i = 0; i < ids.n; i++) {
		struct bilan_q_compare_dim *d = &out->dims[i];
		d->percent = bilan_xcalloc(n, sizeof(int));
		d->mean = bilan_xcalloc(n, sizeof(int));
		d->read_mean = bilan_xcalloc(n, sizeof(int));
		for (size_t k = 0; k < n; k++) {
			const struct bilan_q_result *r = out->att[k].r;
			const struct bilan_q_result_dim *x = NULL;
			d->read_mean[k] = -1;
			for (size_t j = 0; j < r->ndims; j++)
				if (!strcmp(r->dims[j].id, ids.v[i])) {
					x = &r->dims[j];
					d->read_mean[k] = out->att[k].reading.dims[j].mean_tenths;
					if (!d->id)
						d->id = r->dims[j].id;
				}
			d->percent[k] = x && x->has_percent ? x->tenths : -1;
			d->mean[k] = x && x->has_percent ? bilan_q_mean_tenths(x->raw, x->n) : -1;
		}
		for (size_t k = n; k-- > 0 && !d->label;) {
			const struct bilan_q_result_dim *x = bilan_q_result_dim(out->att[k].r, ids.v[i]);
			if (x) {
				d->label = x->label;
				if (!d->label)
					break;
			}
		}
	}
	bilan_strlist_clear(&ids);
	return 0;
}

void bilan_q_compare_clear(struct bilan_q_compare *c)
{
	for (size_t k = 0; k < c->natt; k++)
		bilan_q_reading_clear(&c->att[k].reading);
	free(c->att);
	for (size_t i = 0; i < c->ndims; i++) {
		free(c->dims[i].percent);
		free(c->dims[i].mean);
		free(c->dims[i].read_mean);
	}
	free(c->dims);
	bilan_q_results_clear(&c->results);
	memset(c, 0, sizeof(*c));
}
