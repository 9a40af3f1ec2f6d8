/* questionnaire-status.c - where the questionnaires stand, for 'bilan
 * status' (see questionnaire.h): those taken and those left unfinished. */
#include "questionnaire.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"

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
