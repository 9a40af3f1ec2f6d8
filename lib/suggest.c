/* suggest.c - what 'metier suggest' reads in a workspace (see suggest.h). */
#include "suggest.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "journal.h"
#include "piste.h"
#include "questionnaire.h"
#include "report.h"
#include "rome.h"

static const char letters6[] = BILAN_RIASEC_LETTERS;

void bilan_suggest_person_clear(struct bilan_suggest_person *p)
{
	free(p->code);
	for (int k = 0; k < 6; k++)
		bilan_buf_clear(&p->acts[k]);
}

/* The activities of letter L the person rated highest: up to two items
 * answered at the top two points of the scale, highest first, then in the
 * questionnaire's order. */
static void person_acts(struct bilan_suggest_person *p, const struct bilan_q_result *res,
			const struct bilan_questionnaire *q)
{
	for (int k = 0; k < 6; k++) {
		char id[2] = { letters6[k], 0 };
		size_t d = bilan_q_dim_index(q, id);
		if (d == BILAN_Q_NONE)
			continue;
		size_t best[2] = { BILAN_Q_NONE, BILAN_Q_NONE };
		int bv[2] = { -1, -1 };
		for (size_t i = 0; i < q->nitems; i++) {
			int v;
			if (q->items[i].dim != d || q->items[i].type != BILAN_Q_ITEM_SCALE ||
			    bilan_q_result_answer(res, q->items[i].id, &v, NULL) != 1)
				continue;
			int sc = bilan_q_item_score(q, i, v);
			if (sc < q->max - 1)
				continue;
			if (sc > bv[0]) {
				best[1] = best[0];
				bv[1] = bv[0];
				best[0] = i;
				bv[0] = sc;
			} else if (sc > bv[1]) {
				best[1] = i;
				bv[1] = sc;
			}
		}
		for (int j = 0; j < 2; j++) {
			if (best[j] == BILAN_Q_NONE)
				continue;
			if (j)
				bilan_buf_puts(&p->acts[k], ", ");
			bilan_buf_printf(&p->acts[k], "« %s »", q->items[best[j]].text);
		}
	}
}

int bilan_suggest_person_load(struct bilan_suggest_person *out, struct bilan_ws *ws,
			      struct bilan_error *err)
{
	char *dir = bilan_ws_path(ws, "tests/riasec");
	DIR *d = opendir(dir);
	char *best = NULL;
	int rc = 0;
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			size_t n = strlen(e->d_name);
			if (e->d_name[0] == '.' || n < 6 || strcmp(e->d_name + n - 5, ".yaml"))
				continue;
			if (!best || strcmp(e->d_name, best) > 0) {
				free(best);
				best = bilan_xstrdup(e->d_name);
			}
		}
		closedir(d);
	}
	if (!best) {
		rc = bilan_error_set(err, BILAN_ENOTFOUND, _("no RIASEC result in this workspace"));
		bilan_error_hint(err, _("take the interests questionnaire first: 'bilan test riasec' "
					"(or give a code with --profile SAI)"));
		goto out;
	}
	/* the code the scoring rules allow (bilan-test(1)), whatever was recorded */
	char *rel = bilan_xasprintf("tests/riasec/%s", best);
	struct bilan_q_result *res = NULL;
	struct bilan_questionnaire *q = NULL;
	rc = bilan_q_result_load(&res, ws->root, rel, err);
	if (rc == 0) {
		if (bilan_q_find(&q, ws->root, "riasec", NULL) < 0)
			q = NULL;
		struct bilan_q_reading rd = BILAN_Q_READING_INIT;
		bilan_q_read(&rd, res, q);
		switch (rd.state) {
		case BILAN_Q_PROF_CLEAR:
			out->code = rd.code;
			rd.code = NULL;
			out->min = res->min;
			out->max = res->max;
			for (size_t i = 0; i < res->ndims; i++) {
				const char *l = strlen(res->dims[i].id) == 1
							? strchr(letters6, res->dims[i].id[0]) : NULL;
				if (l && *l) {
					out->strength[l - letters6] = rd.dims[i].tenths;
					out->mean[l - letters6] = rd.dims[i].mean_tenths;
				}
			}
			person_acts(out, res, q);
			break;
		case BILAN_Q_PROF_FLAT:
			rc = bilan_error_set(err, BILAN_EFAIL, "%s",
					     _("your latest RIASEC result is little differentiated: it gives no code to suggest jobs from"));
			bilan_error_hint(err, "%s", _("talk it over with your consultant, or give a code with --profile SAI"));
			break;
		case BILAN_Q_PROF_INCOMPLETE:
			rc = bilan_error_set(err, BILAN_EFAIL, "%s",
					     _("your latest RIASEC result has too few answers to give a code"));
			bilan_error_hint(err, "%s", _("take it again with 'bilan test run riasec' (at least three quarters of the items of each type), or give a code with --profile SAI"));
			break;
		case BILAN_Q_PROF_NODEF:
		case BILAN_Q_PROF_NONE:
			rc = bilan_error_set(err, BILAN_EFAIL, "%s",
					     _("no 'profile' code in this RIASEC result"));
			break;
		}
		bilan_q_reading_clear(&rd);
	}
	bilan_q_free(q);
	bilan_q_result_free(res);
	free(rel);
out:
	free(best);
	free(dir);
	return rc;
}

/* Sheets already known: the ROME codes of every piste (whatever its status:
 * a discarded one is not suggested again) and of every journal entry (a
 * research note on a sheet).  Sorted, without duplicates. */
int bilan_suggest_known_sheets(struct bilan_strlist *out, struct bilan_ws *ws,
			       struct bilan_error *err)
{
	struct bilan_pistes l = BILAN_PISTES_INIT;
	int rc = bilan_pistes_load(&l, ws, NULL, err);
	for (size_t i = 0; rc == 0 && i < l.n; i++)
		for (size_t k = 0; k < l.v[i].rome.n; k++)
			if (!bilan_strlist_contains(out, l.v[i].rome.v[k]))
				bilan_strlist_add(out, l.v[i].rome.v[k]);
	bilan_pistes_clear(&l);
	if (rc < 0)
		return rc;
	struct bilan_journal *j = NULL;
	struct bilan_journal_filter f = BILAN_JOURNAL_FILTER_INIT;
	f.no_body = true;
	rc = bilan_journal_load(&j, ws, &f, err);
	for (size_t i = 0; rc == 0 && i < j->n; i++) {
		const char *c = j->v[i]->rome;
		char code[6];
		if (c && bilan_rome_code_parse(code, c, NULL) == 0 && !bilan_strlist_contains(out, code))
			bilan_strlist_add(out, code);
	}
	bilan_journal_free(j);
	return rc;
}

const struct bilan_buf *bilan_suggest_acts(const struct bilan_suggest_person *p, char letter)
{
	const char *l = letter ? strchr(letters6, letter) : NULL;
	return l && *l && p->code && p->acts[l - letters6].len ? &p->acts[l - letters6] : NULL;
}

/* The ROME contexts of work that the non-negotiable constraints noted in
 * the journal refuse (private entries included: suggest only reads, for
 * the beneficiary); *out_statements keeps the statement of each. */
size_t bilan_suggest_refused_contexts(unsigned *out, size_t max,
				      struct bilan_strlist *statements, struct bilan_ws *ws)
{
	struct bilan_journal *j = NULL;
	struct bilan_journal_filter f = BILAN_JOURNAL_FILTER_INIT;
	f.include_private = true;
	size_t n = 0, hidden = 0;
	if (bilan_journal_load(&j, ws, &f, NULL) < 0)
		return 0;
	struct bilan_strlist musts = BILAN_STRLIST_INIT;
	bilan_constraints_nonnegotiable(&musts, j, true, &hidden);
	for (size_t i = 0; i < musts.n && n < max; i++) {
		unsigned got[16];
		size_t k = bilan_rome_refused_contexts(got, sizeof(got) / sizeof(*got), musts.v[i]);
		for (size_t x = 0; x < k && n < max; x++) {
			bool dup = false;
			for (size_t y = 0; y < n && !dup; y++)
				dup = out[y] == got[x];
			if (!dup) {
				out[n++] = got[x];
				bilan_strlist_add(statements, musts.v[i]);
			}
		}
	}
	bilan_strlist_clear(&musts);
	bilan_journal_free(j);
	return n;
}
