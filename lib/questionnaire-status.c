/* questionnaire-status.c - where the questionnaires stand, for 'bilan
 * status' (see questionnaire.h): those taken and those left unfinished. */
#include "questionnaire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "id.h"

static void taken(struct bilan_q_status *out, const char *ws_root)
{
	struct bilan_strlist ids = BILAN_STRLIST_INIT;
	if (bilan_q_results_ids(&ids, ws_root, NULL) < 0 || !ids.n) {
		bilan_strlist_clear(&ids);
		return;
	}
	out->taken = bilan_xcalloc(ids.n, sizeof(*out->taken));
	for (size_t i = 0; i < ids.n; i++) {
		struct bilan_strlist files = BILAN_STRLIST_INIT;
		if (bilan_q_results_files(&files, ws_root, ids.v[i], NULL) == 0 && files.n) {
			struct bilan_q_taken *t = &out->taken[out->ntaken++];
			t->id = bilan_xstrdup(ids.v[i]);
			t->attempts = files.n;
			struct bilan_q_result *r = NULL;
			if (bilan_q_result_load(&r, ws_root, files.v[files.n - 1], NULL) == 0) {
				bilan_time_format_day(t->last, sizeof(t->last), &r->date);
				/* the code the rules allow, not the one recorded */
				struct bilan_questionnaire *q = NULL;
				if (bilan_q_find(&q, ws_root, ids.v[i], NULL) < 0)
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
}

static void unfinished(struct bilan_q_status *out, const char *gitdir)
{
	struct bilan_strlist partials = BILAN_STRLIST_INIT;
	if (bilan_q_partial_list(&partials, gitdir, NULL) == 0 && partials.n) {
		out->unfinished = bilan_xcalloc(partials.n, sizeof(*out->unfinished));
		for (size_t i = 0; i < partials.n; i++) {
			struct bilan_q_partial p;
			if (bilan_q_partial_info(&p, gitdir, partials.v[i], NULL) < 0)
				continue;
			struct bilan_q_unfinished *u = &out->unfinished[out->nunfinished++];
			u->id = bilan_xstrdup(partials.v[i]);
			u->answered = p.answered;
			u->total = p.total;
			bilan_q_partial_clear(&p);
		}
	}
	bilan_strlist_clear(&partials);
}

void bilan_q_status(struct bilan_q_status *out, const char *ws_root, const char *gitdir)
{
	memset(out, 0, sizeof(*out));
	taken(out, ws_root);
	unfinished(out, gitdir);
}

void bilan_q_status_clear(struct bilan_q_status *st)
{
	for (size_t i = 0; i < st->ntaken; i++) {
		free(st->taken[i].id);
		free(st->taken[i].profile);
	}
	free(st->taken);
	for (size_t i = 0; i < st->nunfinished; i++)
		free(st->unfinished[i].id);
	free(st->unfinished);
	memset(st, 0, sizeof(*st));
}

int bilan_q_list(struct bilan_q_list *out, const char *root, const char *gitdir,
		 struct bilan_error *err)
{
	memset(out, 0, sizeof(*out));
	int rc = bilan_q_catalog_load(&out->catalog, root, err);
	if (rc < 0)
		return rc;
	if (root && ((rc = bilan_q_results_ids(&out->result_ids, root, err)) < 0 ||
		     (rc = bilan_q_partial_list(&out->partials, gitdir, err)) < 0))
		return rc;
	const struct bilan_q_catalog *cat = &out->catalog;
	out->v = bilan_xcalloc(cat->n + out->result_ids.n + 1, sizeof(*out->v));
	for (size_t i = 0; i < cat->n; i++)
		if (!cat->v[i].hidden) {
			out->v[out->n].id = cat->v[i].id;
			out->v[out->n++].e = &cat->v[i];
		}
	for (size_t i = 0; i < out->result_ids.n; i++) {
		bool known = false;
		for (size_t k = 0; k < out->n && !known; k++)
			known = !strcmp(out->v[k].id, out->result_ids.v[i]);
		if (!known)
			out->v[out->n++].id = out->result_ids.v[i];
	}
	for (size_t k = 0; root && k < out->n; k++) {
		struct bilan_q_list_row *w = &out->v[k];
		if (!bilan_q_id_valid(w->id))
			continue;
		struct bilan_strlist files = BILAN_STRLIST_INIT;
		if (bilan_q_results_files(&files, root, w->id, NULL) == 0 && files.n) {
			w->taken = files.n;
			const char *f = strrchr(files.v[files.n - 1], '/') + 1;
			char rid[BILAN_ID_SIZE] = "";
			snprintf(rid, sizeof(rid), "%.*s", (int)(strlen(f) - 5), f);
			int64_t t = bilan_id_time(rid);
			if (t < 0 || !w->e) {
				/* a generated questionnaire (bilan metier ecart) has
				 * no definition: its title is the result's */
				struct bilan_q_result *res = NULL;
				if (bilan_q_result_load(&res, root, files.v[files.n - 1], NULL) == 0) {
					if (t < 0)
						t = res->date.t;
					if (!w->e && res->title)
						w->title = bilan_xstrdup(res->title);
				}
				bilan_q_result_free(res);
			}
			if (t >= 0) {
				struct bilan_time bt = { t, 0, true };
				bilan_time_format_day(w->last, sizeof(w->last), &bt);
			}
		}
		bilan_strlist_clear(&files);
		if (bilan_strlist_contains(&out->partials, w->id) &&
		    bilan_q_partial_info(&w->partial, gitdir, w->id, NULL) == 0)
			w->unfinished = true;
	}
	return 0;
}

void bilan_q_list_clear(struct bilan_q_list *l)
{
	for (size_t k = 0; k < l->n; k++) {
		bilan_q_partial_clear(&l->v[k].partial);
		free(l->v[k].title);
	}
	free(l->v);
	bilan_strlist_clear(&l->result_ids);
	bilan_strlist_clear(&l->partials);
	bilan_q_catalog_clear(&l->catalog);
	memset(l, 0, sizeof(*l));
}
