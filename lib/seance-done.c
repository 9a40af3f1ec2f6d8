/* seance-done.c - the attendance at a séance recorded, with its takeaways
 * in the journal, in one transaction (see seance.h). */
#include "seance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "journal.h"
#include "text.h"
#include "yaml-tree.h"

/* "2026-12-01 14:00" / "2026-12-01" in the local zone (buf of 32). */
static const char *when(char *buf, const struct bilan_time *t)
{
	if (t->has_time)
		bilan_time_format_short(buf, 32, t);
	else
		bilan_time_format_day(buf, 32, t);
	return buf;
}

/* The takeaways' entry: kind seance, dated when it was held (never later
 * than now), its first line the title. */
static struct bilan_entry *takeaways_entry(const char *text, const struct bilan_time *held,
					   const struct bilan_time *now)
{
	struct bilan_entry *entry = bilan_entry_new();
	entry->kind = BILAN_KIND_SEANCE;
	entry->date = held->t <= now->t ? *held : *now;
	entry->date.has_time = true;
	const char *nl = strchr(text, '\n');
	char *first = nl ? bilan_xstrndup(text, (size_t)(nl - text)) : bilan_xstrdup(text);
	entry->title = bilan_text_first_line(first, BILAN_JOURNAL_MAX_TITLE);
	free(first);
	const char *body = nl ? nl + 1 : "";
	while (*body == '\n')
		body++;
	free(entry->body);
	entry->body = bilan_xstrdup(body);
	return entry;
}

int bilan_seance_done(struct bilan_seance_done_result *out, struct bilan_ws *ws,
		      const struct bilan_seance_done_opts *o, struct bilan_error *err)
{
	struct bilan_seances l = BILAN_SEANCES_INIT;
	struct bilan_seance *s = NULL, fresh;
	struct bilan_entry *entry = NULL;
	struct bilan_node *root = NULL;
	char new_id[BILAN_ID_SIZE] = "";
	memset(out, 0, sizeof(*out));
	memset(&fresh, 0, sizeof(fresh));
	int r = bilan_ws_begin(ws, "seance done", err);
	if (r < 0)
		return r;
	r = bilan_seances_load(&l, ws, NULL, err);
	if (r == 0 && o->id) {
		r = bilan_seance_find(&s, &l, o->id, err);
		if (r == 0 && s->status != BILAN_SEANCE_PREVUE)
			r = bilan_error_set(err, BILAN_EUSAGE, _("séance %s is already '%s'"),
					    s->rec.name, bilan_seance_status_name(s->status));
	}
	bool over = false;
	if (r == 0) {
		/* again under the lock: another séance may have been recorded */
		over = bilan_seance_cap_check(bilan_seances_attended(&l), o->minutes, false,
					      o->force ? NULL : err) < 0;
		if (over && !o->force)
			r = BILAN_ECONFLICT;
		else if (over && !o->reason)
			r = bilan_error_set(err, BILAN_EUSAGE,
					    _("going past the 24-hour maximum needs a reason: add --reason TEXT (the séance keeps it)"));
	}
	if (r == 0 && !s) {
		/* a séance that was not planned: made now, then marked done */
		root = bilan_seance_build(new_id, &o->held, o->minutes, ws->cfg.phase, NULL, &o->now);
		fresh.rec.name = new_id;
		fresh.rec.rel = bilan_xasprintf("%s/%s.yaml", BILAN_SEANCE_DIR, new_id);
		fresh.rec.doc = bilan_xcalloc(1, sizeof(*fresh.rec.doc));
		fresh.rec.doc->root = root;
		fresh.status = BILAN_SEANCE_PREVUE;
		fresh.date = o->held;
		s = &fresh;
	}
	if (r == 0 && o->takeaways) {
		entry = takeaways_entry(o->takeaways, &o->held, &o->now);
		r = bilan_journal_write(ws, entry, err);
	}
	if (r == 0) {
		bilan_seance_mark_done(s, o->minutes, &o->held, ws->cfg.name,
				       entry ? entry->id : NULL, &o->now);
		if (over)
			bilan_seance_note_over_cap(s->rec.doc->root, o->reason, &o->now);
		r = bilan_ws_write(ws, s->rec.rel, s->rec.doc->root, err);
	}
	char day[32];
	char *msg = bilan_xasprintf("seance: attended %s%s", when(day, &o->held),
				    entry ? ", with takeaways" : "");
	if (r >= 0)
		r = bilan_ws_commit(ws, msg, NULL, err);
	free(msg);
	if (r < 0) {
		bilan_ws_rollback(ws);
	} else {
		out->attended = bilan_seances_attended(&l) + (s == &fresh ? o->minutes : 0);
		if (entry)
			snprintf(out->entry_id, sizeof(out->entry_id), "%s", entry->id);
	}
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
