/* seance.c - meetings with the consultant (see seance.h). */
#include "seance.h"
#include "owner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

const char *const bilan_seance_status_names[] = {
	"prevue", "realisee", "annulee", NULL,
};

const char *bilan_seance_status_name(enum bilan_seance_status s)
{
	if ((int)s < 0 || s > BILAN_SEANCE_ANNULEE)
		return "?";
	return bilan_seance_status_names[s];
}

void bilan_seances_clear(struct bilan_seances *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		bilan_record_clear(&l->v[i].rec);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int parse_minutes(const struct bilan_doc *doc, const struct bilan_node *map,
			 const char *key, bool required, int *out,
			 struct bilan_error *err)
{
	const char *s = NULL;
	int rc = bilan_get_str(doc, map, key, required, &s, err);
	if (rc < 0 || !s)
		return rc;
	struct bilan_error derr = BILAN_ERROR_INIT;
	if (bilan_duration_parse(out, s, BILAN_SEANCE_MAX_MINUTES, &derr) < 0)
		return bilan_node_error(err, doc, bilan_map_get(map, key), "%s", derr.message);
	return 0;
}

static int seance_parse(struct bilan_seance *s, struct bilan_record *r,
			struct bilan_error *err)
{
	const struct bilan_doc *doc = r->doc;
	const struct bilan_node *root = doc->root;
	const char *date = NULL, *phase = NULL, *status = NULL;
	struct bilan_node *att = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	s->planned = BILAN_SEANCE_DEFAULT_MINUTES;
	if ((rc = bilan_get_str(doc, root, "date", true, &date, err)) < 0 ||
	    (rc = parse_minutes(doc, root, "duration", false, &s->planned, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "phase", false, &phase, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "subject", false, &s->subject, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "journal", false, &s->journal, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "status", true, &status, err)) < 0 ||
	    (rc = bilan_get_map(doc, root, "attendance", false, &att, err)) < 0)
		return rc;
	if (!bilan_time_parse_iso(&s->date, date))
		return bilan_node_error(err, doc, bilan_map_get(root, "date"),
					_("expected a date like 2026-11-27T14:30:00+01:00, got '%s'"),
					date);
	s->phase = BILAN_PHASE_INVESTIGATION;
	if (phase && bilan_phase_parse(&s->phase, phase) < 0)
		return bilan_node_error(err, doc, bilan_map_get(root, "phase"),
					_("phase must be one of preliminaire, investigation, conclusions, terminee, not '%s'"),
					phase);
	int st = bilan_value_parse(bilan_seance_status_names, status);
	if (st < 0)
		return bilan_node_error(err, doc, bilan_map_get(root, "status"),
					_("unknown séance status '%s' (valid: %s)"), status,
					"prevue, realisee, annulee");
	s->status = (enum bilan_seance_status)st;
	if (s->status == BILAN_SEANCE_REALISEE) {
		s->attended = s->planned;
		if (att && ((rc = parse_minutes(doc, att, "duration", false, &s->attended, err)) < 0 ||
			    (rc = bilan_get_str(doc, att, "confirmed_at", false,
						&s->confirmed_at, err)) < 0))
			return rc;
	}
	/* each party's own confirmation (format 3); the beneficiary's as
	 * format 2 wrote it above */
	for (int p = 0; att && p < 2; p++) {
		struct bilan_node *c = NULL;
		const char *at = NULL, *by = NULL;
		if ((rc = bilan_get_map(doc, att, bilan_party_name((enum bilan_party)p), false, &c,
					err)) < 0 ||
		    (c && ((rc = bilan_get_str(doc, c, "confirmed_at", false, &at, err)) < 0 ||
			   (rc = bilan_get_str(doc, c, "name", false, &by, err)) < 0)))
			return rc;
		if (!c)
			continue;
		s->confirm[p].at = at;
		s->confirm[p].by = by;
		if (p == BILAN_PARTY_BENEFICIARY && at)
			s->confirmed_at = at;
	}
	if (att && !s->confirm[BILAN_PARTY_BENEFICIARY].at && s->confirmed_at) {
		s->confirm[BILAN_PARTY_BENEFICIARY].at = s->confirmed_at;
		s->confirm[BILAN_PARTY_BENEFICIARY].by = bilan_map_str(att, "confirmed_by");
	}
	s->rec = *r;
	memset(r, 0, sizeof(*r));
	return 0;
}

static int by_date(const void *a, const void *b)
{
	const struct bilan_seance *x = a, *y = b;
	if (x->date.t != y->date.t)
		return x->date.t < y->date.t ? -1 : 1;
	return strcmp(x->rec.name, y->rec.name);
}

int bilan_seances_load(struct bilan_seances *out, const struct bilan_ws *ws,
		       struct bilan_diags *diags, struct bilan_error *err)
{
	struct bilan_records recs = BILAN_RECORDS_INIT;
	memset(out, 0, sizeof(*out));
	int rc = bilan_records_load(&recs, ws, BILAN_SEANCE_DIR, diags, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < recs.n; i++) {
		struct bilan_seance s;
		struct bilan_error perr = BILAN_ERROR_INIT;
		if (seance_parse(&s, &recs.v[i], &perr) < 0) {
			if (diags) {
				snprintf(perr.file, sizeof(perr.file), "%s", recs.v[i].rel);
				bilan_diags_add_error(diags, &perr);
			}
			continue;
		}
		BILAN_ALLOC_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n++] = s;
	}
	bilan_records_clear(&recs);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), by_date);
	return 0;
}

int bilan_seance_find(struct bilan_seance **out, const struct bilan_seances *l,
		      const char *typed, struct bilan_error *err)
{
	const char **names = bilan_xcalloc(l->n + 1, sizeof(*names));
	for (size_t i = 0; i < l->n; i++)
		names[i] = l->v[i].rec.name;
	size_t idx = 0;
	int rc = bilan_record_resolve(&idx, names, l->n, typed, _("séance"), err);
	free(names);
	if (rc < 0)
		return rc;
	*out = &l->v[idx];
	return 0;
}

int bilan_seances_attended(const struct bilan_seances *l)
{
	int m = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].status == BILAN_SEANCE_REALISEE)
			m += l->v[i].attended;
	return m;
}

int bilan_seances_planned(const struct bilan_seances *l)
{
	int m = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].status == BILAN_SEANCE_PREVUE)
			m += l->v[i].planned;
	return m;
}

const struct bilan_seance *bilan_seance_next(const struct bilan_seances *l, int64_t now)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].status == BILAN_SEANCE_PREVUE && l->v[i].date.t >= now)
			return &l->v[i];
	return NULL;
}

const struct bilan_seance *bilan_seance_next_announced(const struct bilan_seances *l,
						       int64_t now, bool closed)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].status == BILAN_SEANCE_PREVUE && l->v[i].date.t >= now &&
		    (!closed || l->v[i].phase == BILAN_PHASE_TERMINEE))
			return &l->v[i];
	return NULL;
}

struct bilan_seance *bilan_seance_due(const struct bilan_seances *l, int64_t now)
{
	int64_t tomorrow = bilan_day_start(now) + 36 * 3600;
	tomorrow = bilan_day_start(tomorrow);
	struct bilan_seance *best = NULL;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].status == BILAN_SEANCE_PREVUE && l->v[i].date.t < tomorrow)
			best = &l->v[i];   /* sorted by date: the latest wins */
	return best;
}

void bilan_seance_note_over_cap(struct bilan_node *root, const char *reason,
				const struct bilan_time *now)
{
	char iso[BILAN_TIME_ISO_MAX];
	bilan_time_format_iso(iso, now);
	struct bilan_node *m = bilan_node_map();
	bilan_map_set_str(m, "reason", reason);
	bilan_map_set_str(m, "date", iso);
	bilan_map_set(root, "over_cap", m);
}

int bilan_seance_cap_check(int used, int minutes, bool planning,
			   struct bilan_error *err)
{
	if (used + minutes <= BILAN_SEANCE_MAX_MINUTES)
		return 0;
	char u[16], m[16], t[16];
	bilan_duration_human(u, sizeof(u), used, bilan_i18n_is_french());
	bilan_duration_human(m, sizeof(m), minutes, bilan_i18n_is_french());
	bilan_duration_human(t, sizeof(t), used + minutes, bilan_i18n_is_french());
	if (planning)
		bilan_error_set(err, BILAN_ECONFLICT,
				_("this séance would bring the planned time to %s, over the legal maximum of 24h (%s already attended or planned, %s more)"),
				t, u, m);
	else
		bilan_error_set(err, BILAN_ECONFLICT,
				_("this séance would bring the time used to %s, over the legal maximum of 24h (%s already used, %s more)"),
				t, u, m);
	bilan_error_hint(err, _("a bilan de compétences lasts at most 24 hours (Code du travail, L6313-4); "
				"check with your consultant, and if the time is right add --force with --reason TEXT, which the séance keeps"));
	return BILAN_ECONFLICT;
}

struct bilan_node *bilan_seance_build(char *out_id, const struct bilan_time *date,
				      int minutes, enum bilan_phase phase,
				      const char *subject, const struct bilan_time *now)
{
	char iso[BILAN_TIME_ISO_MAX], dur[16];
	bilan_id_new(out_id, now->t);
	struct bilan_node *root = bilan_node_map();
	bilan_map_set_str(root, "date", bilan_iso(iso, date));
	bilan_duration_format(dur, sizeof(dur), minutes);
	bilan_map_set_str(root, "duration", dur);
	bilan_map_set_str(root, "phase", bilan_phase_name(phase));
	if (subject && *subject)
		bilan_map_set_str(root, "subject", subject);
	bilan_map_set_str(root, "status", "prevue");
	bilan_map_set_str(root, "created", bilan_iso(iso, now));
	bilan_history_append(root, now, NULL, "prevue", NULL);
	return root;
}

void bilan_seance_mark_done(struct bilan_seance *s, int minutes,
			    const struct bilan_time *held, enum bilan_party party, const char *who,
			    const char *journal_id, const struct bilan_time *now)
{
	struct bilan_node *root = s->rec.doc->root;
	char iso[BILAN_TIME_ISO_MAX], dur[16];
	bool first = s->status != BILAN_SEANCE_REALISEE;
	if (held && first) {
		bilan_map_set_str(root, "date", bilan_iso(iso, held));
		s->date = *held;
	}
	if (first) {
		bilan_history_append(root, now, bilan_seance_status_name(s->status), "realisee", NULL);
		bilan_map_set_str(root, "status", "realisee");
	}
	/* the other party's confirmation stays as it is: each party
	 * confirms for themselves only (owner.h) */
	struct bilan_node *att = bilan_map_get(root, "attendance");
	if (!att || att->type != BILAN_NODE_MAP) {
		att = bilan_node_map();
		bilan_map_set(root, "attendance", att);
	}
	if (first || !bilan_map_get(att, "duration")) {
		bilan_duration_format(dur, sizeof(dur), minutes);
		bilan_map_set_str(att, "duration", dur);
		s->attended = minutes;
	}
	struct bilan_node *mine = bilan_node_map();
	bilan_map_set_str(mine, "confirmed_at", bilan_iso(iso, now));
	if (who && *who)
		bilan_map_set_str(mine, "name", who);
	bilan_map_set(att, bilan_party_name(party), mine);
	if (journal_id && !bilan_map_get(root, "journal"))
		bilan_map_set_str(root, "journal", journal_id);
	s->status = BILAN_SEANCE_REALISEE;
	/* the borrowed pointers into the old nodes are gone */
	s->confirm[party].at = bilan_map_str(mine, "confirmed_at");
	s->confirm[party].by = bilan_map_str(mine, "name");
	if (party == BILAN_PARTY_BENEFICIARY)
		s->confirmed_at = s->confirm[party].at;
	s->journal = bilan_map_str(root, "journal");
}

void bilan_seance_cancel(struct bilan_seance *s, const char *reason,
			 const struct bilan_time *now)
{
	struct bilan_node *root = s->rec.doc->root;
	bilan_history_append(root, now, bilan_seance_status_name(s->status), "annulee", reason);
	bilan_map_set_str(root, "status", "annulee");
	s->status = BILAN_SEANCE_ANNULEE;
}
