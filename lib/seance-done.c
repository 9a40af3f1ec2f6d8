/* seance-done.c - 'seance done': a séance recorded as attended, with its
 * takeaways (see seance.h). */
#include "seance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "journal.h"
#include "text.h"

/* Cancelled, or confirmed already by this party (a beneficiary's
 * confirmation of format 2 included). */
static bool already_done(const struct bilan_seance *s, enum bilan_party party)
{
	return s->status == BILAN_SEANCE_ANNULEE || s->confirm[party].at ||
	       (s->status == BILAN_SEANCE_REALISEE && party == BILAN_PARTY_BENEFICIARY &&
		s->confirmed_at);
}

static int refuse(struct bilan_seance_done *d, enum bilan_seance_done_refusal why)
{
	d->refusal = why;
	return BILAN_EUSAGE;
}

int bilan_seance_done_check(struct bilan_seance_done *out, const struct bilan_ws *ws,
			    const struct bilan_seance_done_req *req, struct bilan_error *err)
{
	struct bilan_seances l = BILAN_SEANCES_INIT;
	struct bilan_seance *s = NULL;
	int rc = bilan_seances_load(&l, ws, NULL, err);
	if (rc < 0)
		return rc;
	out->party = bilan_ws_party(ws);
	if (req->typed) {
		if ((rc = bilan_seance_find(&s, &l, req->typed, err)) < 0)
			goto out;
	} else {
		s = bilan_seance_due(&l, req->now.t);
		if (!s && !req->minutes) {
			rc = refuse(out, BILAN_SEANCE_DONE_NONE_DUE);
			goto out;
		}
	}
	/* each party confirms for themselves: a séance the other party
	 * confirmed waits for this one's confirmation */
	if (s && already_done(s, out->party)) {
		out->id = bilan_xstrdup(s->rec.name);
		out->status = s->status;
		rc = refuse(out, BILAN_SEANCE_DONE_ALREADY);
		goto out;
	}
	if (s && !req->has_held && s->date.t > req->now.t + 3600) {
		out->id = bilan_xstrdup(s->rec.name);
		out->planned = s->date;
		rc = refuse(out, BILAN_SEANCE_DONE_LATER);
		goto out;
	}
	bool again = s && s->status == BILAN_SEANCE_REALISEE;
	out->minutes = req->minutes;
	if (!out->minutes)
		out->minutes = s ? (again ? s->attended : s->planned) : BILAN_SEANCE_DEFAULT_MINUTES;
	out->held = req->has_held ? req->held : s && s->date.t <= req->now.t ? s->date : req->now;
	int used = bilan_seances_attended(&l);
	/* a séance the other party already confirmed counts once */
	out->over = !again && bilan_seance_cap_check(used, out->minutes, false,
						     req->force ? NULL : err) < 0;
	if (out->over && !req->force) {
		rc = BILAN_ECONFLICT;
		goto out;
	}
	out->id = s ? bilan_xstrdup(s->rec.name) : NULL;
	out->subject = s && s->subject ? bilan_xstrdup(s->subject) : NULL;
out:
	bilan_seances_clear(&l);
	return rc;
}

int bilan_seance_done_write(struct bilan_seance_done *d, struct bilan_ws *ws,
			    const struct bilan_seance_done_req *req, const char *takeaways,
			    struct bilan_error *err)
{
	struct bilan_seances l = BILAN_SEANCES_INIT;
	struct bilan_seance *s = NULL;
	struct bilan_entry *entry = NULL;
	struct bilan_node *root = NULL;
	struct bilan_seance fresh;
	memset(&fresh, 0, sizeof(fresh));
	char new_id[BILAN_ID_SIZE] = "";
	int r = bilan_seances_load(&l, ws, NULL, err);
	if (r == 0 && d->id) {
		r = bilan_seance_find(&s, &l, d->id, err);
		if (r == 0 && already_done(s, d->party)) {
			d->status = s->status;
			r = refuse(d, BILAN_SEANCE_DONE_ALREADY);
		}
	}
	if (r == 0 && !(s && s->status == BILAN_SEANCE_REALISEE)) {
		/* again under the lock: another séance may have been recorded */
		d->over = bilan_seance_cap_check(bilan_seances_attended(&l), d->minutes, false,
						 req->force ? NULL : err) < 0;
		if (d->over && !req->force)
			r = BILAN_ECONFLICT;
		else if (d->over && !req->reason)
			r = bilan_error_set(err, BILAN_EUSAGE,
					    _("going past the 24-hour maximum needs a reason: add --reason TEXT (the séance keeps it)"));
	}
	if (r == 0 && !s) {
		/* a séance that was not planned: made now, then marked done */
		root = bilan_seance_build(new_id, &d->held, d->minutes, ws->cfg.phase, NULL, &req->now);
		fresh.rec.name = new_id;
		fresh.rec.rel = bilan_xasprintf("%s/%s.yaml", BILAN_SEANCE_DIR, new_id);
		fresh.rec.doc = bilan_xcalloc(1, sizeof(*fresh.rec.doc));
		fresh.rec.doc->root = root;
		fresh.status = BILAN_SEANCE_PREVUE;
		fresh.date = d->held;
		s = &fresh;
	}
	if (r == 0 && takeaways) {
		entry = bilan_entry_new();
		entry->kind = BILAN_KIND_SEANCE;
		entry->date = d->held.t <= req->now.t ? d->held : req->now;
		entry->date.has_time = true;
		/* first line: the title */
		const char *nl = strchr(takeaways, '\n');
		char *first = nl ? bilan_xstrndup(takeaways, (size_t)(nl - takeaways))
				 : bilan_xstrdup(takeaways);
		entry->title = bilan_text_first_line(first, BILAN_JOURNAL_MAX_TITLE);
		free(first);
		const char *body = nl ? nl + 1 : "";
		while (*body == '\n')
			body++;
		free(entry->body);
		entry->body = bilan_xstrdup(body);
		r = bilan_journal_write(ws, entry, err);
		if (r == 0)
			snprintf(d->entry_id, sizeof(d->entry_id), "%s", entry->id);
	}
	if (r == 0) {
		char *who = NULL, *email = NULL;
		bool first = false;
		bilan_ws_identity(&who, &email, &first, ws);
		bilan_seance_mark_done(s, d->minutes, &d->held, d->party, who,
				       entry ? entry->id : NULL, &req->now);
		free(who);
		free(email);
		if (d->over)
			bilan_seance_note_over_cap(s->rec.doc->root, req->reason, &req->now);
		r = bilan_ws_write(ws, s->rec.rel, s->rec.doc->root, err);
	}
	if (r == 0)
		d->attended = bilan_seances_attended(&l) + (s == &fresh ? d->minutes : 0);
	if (s == &fresh) {
		free(fresh.rec.rel);
		fresh.rec.doc->root = NULL;
		bilan_doc_free(fresh.rec.doc);
		bilan_node_free(root);
	}
	bilan_entry_free(entry);
	bilan_seances_clear(&l);
	return r;
}

void bilan_seance_done_clear(struct bilan_seance_done *d)
{
	free(d->id);
	free(d->subject);
	d->id = d->subject = NULL;
}
