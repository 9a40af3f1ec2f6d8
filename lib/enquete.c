/* enquete.c - enquêtes métier (see enquete.h). */
#include "enquete.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "id.h"
#include "text.h"

const char *const bilan_enquete_status_names[] = {
	"a-contacter", "contactee", "planifiee", "realisee", "abandonnee", NULL,
};

const char *const bilan_verdict_names[] = {
	"conforte", "nuance", "infirme", NULL,
};

int bilan_enquete_status_parse(enum bilan_enquete_status *out, const char *typed)
{
	int i = bilan_value_parse(bilan_enquete_status_names, typed);
	if (i >= 0)
		*out = (enum bilan_enquete_status)i;
	return i;
}

int bilan_verdict_parse(enum bilan_verdict *out, const char *typed)
{
	int i = bilan_value_parse(bilan_verdict_names, typed);
	if (i >= 0)
		*out = (enum bilan_verdict)i;
	return i;
}

const char *bilan_enquete_status_name(enum bilan_enquete_status s)
{
	if ((int)s < 0 || (int)s >= BILAN_ENQUETE_NSTATUS)
		return "?";
	return bilan_enquete_status_names[s];
}

const char *bilan_verdict_name(enum bilan_verdict v)
{
	if ((int)v < 0 || (int)v >= BILAN_NVERDICT)
		return "?";
	return bilan_verdict_names[v];
}

void bilan_enquetes_clear(struct bilan_enquetes *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		bilan_record_clear(&l->v[i].rec);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int enquete_parse(struct bilan_enquete *e, struct bilan_record *r,
			 struct bilan_error *err)
{
	const struct bilan_doc *doc = r->doc;
	const struct bilan_node *root = doc->root;
	const char *status = NULL, *date = NULL;
	struct bilan_node *outcome = NULL, *hist = NULL;
	int rc;

	memset(e, 0, sizeof(*e));
	if ((rc = bilan_get_str(doc, root, "piste", true, &e->piste, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "role", false, &e->role, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "organisation", false, &e->organisation, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "channel", false, &e->channel, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "contact", false, &e->contact, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "created", false, &e->created, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "status", true, &status, err)) < 0 ||
	    (rc = bilan_get_str(doc, root, "date", false, &date, err)) < 0 ||
	    (rc = bilan_get_map(doc, root, "outcome", false, &outcome, err)) < 0 ||
	    (rc = bilan_get_seq(doc, root, "history", false, &hist, err)) < 0)
		return rc;
	if (bilan_enquete_status_parse(&e->status, status) < 0)
		return bilan_node_error(err, doc, bilan_map_get(root, "status"),
					_("unknown enquête status '%s' (valid: %s)"), status,
					"a-contacter, contactee, planifiee, realisee, abandonnee");
	if (date) {
		if (!bilan_time_parse_iso(&e->date, date))
			return bilan_node_error(err, doc, bilan_map_get(root, "date"),
						_("expected a date like 2026-11-27T14:30:00+01:00, got '%s'"),
						date);
		e->has_date = true;
	}
	if (outcome) {
		const char *v = NULL;
		if ((rc = bilan_get_str(doc, outcome, "verdict", false, &v, err)) < 0)
			return rc;
		if (v) {
			if (bilan_verdict_parse(&e->verdict, v) < 0)
				return bilan_node_error(err, doc, bilan_map_get(outcome, "verdict"),
							_("unknown verdict '%s' (valid: %s)"), v,
							"conforte, nuance, infirme");
			e->has_verdict = true;
		}
	}
	e->rec = *r;
	memset(r, 0, sizeof(*r));
	return 0;
}

int bilan_enquetes_load(struct bilan_enquetes *out, const struct bilan_ws *ws,
			struct bilan_diags *diags, struct bilan_error *err)
{
	struct bilan_records recs = BILAN_RECORDS_INIT;
	memset(out, 0, sizeof(*out));
	int rc = bilan_records_load(&recs, ws, BILAN_ENQUETE_DIR, diags, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < recs.n; i++) {
		struct bilan_enquete e;
		struct bilan_error perr = BILAN_ERROR_INIT;
		if (enquete_parse(&e, &recs.v[i], &perr) < 0) {
			if (diags) {
				snprintf(perr.file, sizeof(perr.file), "%s", recs.v[i].rel);
				bilan_diags_add_error(diags, &perr);
			}
			continue;
		}
		BILAN_ALLOC_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n++] = e;
	}
	bilan_records_clear(&recs);
	return 0;
}

int bilan_enquete_find(struct bilan_enquete **out, const struct bilan_enquetes *l,
		       const char *typed, struct bilan_error *err)
{
	const char **names = bilan_xcalloc(l->n + 1, sizeof(*names));
	for (size_t i = 0; i < l->n; i++)
		names[i] = l->v[i].rec.name;
	size_t idx = 0;
	int rc = bilan_record_resolve(&idx, names, l->n, typed, _("enquête"), err);
	free(names);
	if (rc < 0)
		return rc;
	*out = &l->v[idx];
	return 0;
}

char *bilan_enquete_label(const struct bilan_enquete *e)
{
	bool r = e->role && *e->role, o = e->organisation && *e->organisation;
	if (r && o)
		return bilan_xasprintf("%s — %s", e->role, e->organisation);
	if (r)
		return bilan_xstrdup(e->role);
	if (o)
		return bilan_xstrdup(e->organisation);
	return NULL;
}

int bilan_contact_phone_check(const char *phone, struct bilan_error *err)
{
	size_t digits = 0;
	bool ok = phone && *phone;
	for (const char *p = phone; ok && *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" +.-()", *p))
			ok = false;
	}
	if (!ok || digits < 6 || digits > 20) {
		bilan_error_set(err, BILAN_EUSAGE, _("'%s' is not a phone number"),
				phone ? phone : "");
		bilan_error_hint(err, _("write it with digits, e.g. 06 12 34 56 78 or +33 6 12 34 56 78"));
		return BILAN_EUSAGE;
	}
	return 0;
}

int bilan_contact_email_check(const char *email, struct bilan_error *err)
{
	const char *at = email ? strchr(email, '@') : NULL;
	bool ok = at && at != email && at[1] && !strchr(at + 1, '@');
	for (const char *p = email; ok && *p; p++)
		if (isspace((unsigned char)*p) || (unsigned char)*p < 0x20)
			ok = false;
	if (!ok) {
		bilan_error_set(err, BILAN_EUSAGE, _("'%s' is not an e-mail address"),
				email ? email : "");
		bilan_error_hint(err, _("write it like name@example.org"));
		return BILAN_EUSAGE;
	}
	return 0;
}

static bool text_ok(const char *s)
{
	return !s || bilan_utf8_valid(s, strlen(s), NULL);
}

struct bilan_node *bilan_contact_update(struct bilan_node *contact, const char *slug,
					const char *name, const char *phone,
					const char *email, const char *suggested,
					const struct bilan_time *when)
{
	if (!contact) {
		contact = bilan_node_map();
		bilan_map_set_str(contact, "enquete", slug);
	}
	if (name)
		bilan_map_set_str(contact, "name", name);
	if (phone)
		bilan_map_set_str(contact, "phone", phone);
	if (email)
		bilan_map_set_str(contact, "email", email);
	if (suggested && *suggested) {
		struct bilan_node *s = bilan_map_get(contact, "suggested");
		if (!s || s->type != BILAN_NODE_SEQ) {
			s = bilan_node_seq();
			bilan_map_set(contact, "suggested", s);
		}
		char iso[BILAN_TIME_ISO_MAX];
		struct bilan_node *e = bilan_node_map();
		bilan_map_set_str(e, "date", bilan_iso(iso, when));
		bilan_map_set_str(e, "text", suggested);
		bilan_seq_append(s, e);
	}
	return contact;
}

int bilan_enquete_build(struct bilan_node **out, struct bilan_node **out_contact,
			char *out_slug, const struct bilan_enquetes *l,
			const struct bilan_enquete_new *e, struct bilan_error *err)
{
	int rc;
	*out = NULL;
	*out_contact = NULL;
	if (!e->piste || !*e->piste)
		return bilan_error_set(err, BILAN_EUSAGE, _("an enquête belongs to a piste"));
	if (!text_ok(e->role) || !text_ok(e->organisation) || !text_ok(e->channel) ||
	    !text_ok(e->name))
		return bilan_error_set(err, BILAN_EUSAGE, _("the text is not valid UTF-8"));
	if (e->phone && (rc = bilan_contact_phone_check(e->phone, err)) < 0)
		return rc;
	if (e->email && (rc = bilan_contact_email_check(e->email, err)) < 0)
		return rc;

	/* slug: piste, role, organisation -- never the person's name */
	struct bilan_buf words = BILAN_BUF_INIT;
	bilan_buf_puts(&words, e->piste);
	if (e->role && *e->role)
		bilan_buf_printf(&words, " %s", e->role);
	if (e->organisation && *e->organisation)
		bilan_buf_printf(&words, " %s", e->organisation);
	char base[BILAN_SLUG_MAX + 1];
	bilan_slugify(base, bilan_buf_cstr(&words));
	bilan_buf_clear(&words);
	struct bilan_strlist existing = BILAN_STRLIST_INIT;
	for (size_t i = 0; l && i < l->n; i++)
		bilan_strlist_add(&existing, l->v[i].rec.name);
	bilan_slug_unique(out_slug, base, &existing);
	bilan_strlist_clear(&existing);

	bool has_contact = (e->name && *e->name) || e->phone || e->email;
	char iso[BILAN_TIME_ISO_MAX];
	struct bilan_node *root = bilan_node_map();
	bilan_map_set_str(root, "piste", e->piste);
	if (e->role && *e->role)
		bilan_map_set_str(root, "role", e->role);
	if (e->organisation && *e->organisation)
		bilan_map_set_str(root, "organisation", e->organisation);
	if (e->channel && *e->channel)
		bilan_map_set_str(root, "channel", e->channel);
	if (has_contact)
		bilan_map_set_str(root, "contact", out_slug);
	const char *status = e->has_date ? "planifiee" : "a-contacter";
	bilan_map_set_str(root, "status", status);
	if (e->has_date)
		bilan_map_set_str(root, "date", bilan_iso(iso, &e->date));
	bilan_map_set_str(root, "created", bilan_iso(iso, &e->when));
	bilan_history_append(root, &e->when, NULL, status, NULL);
	*out = root;
	if (has_contact)
		*out_contact = bilan_contact_update(NULL, out_slug,
						    e->name && *e->name ? e->name : NULL,
						    e->phone, e->email, NULL, &e->when);
	return 0;
}

int bilan_enquete_transition_check(enum bilan_enquete_status from,
				   enum bilan_enquete_status to,
				   struct bilan_error *err)
{
	const char *f = bilan_enquete_status_name(from), *t = bilan_enquete_status_name(to);
	if (from == to)
		return bilan_error_set(err, BILAN_EUSAGE, _("the enquête is already '%s'"), f);
	if (from == BILAN_ENQUETE_REALISEE || from == BILAN_ENQUETE_ABANDONNEE) {
		bilan_error_set(err, BILAN_EUSAGE,
				_("the enquête is '%s': its status no longer changes"), f);
		bilan_error_hint(err, _("to interview someone again, add a new enquête"));
		return BILAN_EUSAGE;
	}
	if (to < from) {
		bilan_error_set(err, BILAN_EUSAGE,
				_("an enquête does not go back from '%s' to '%s'"), f, t);
		bilan_error_hint(err, _("statuses move forward: a-contacter, contactee, planifiee, realisee (or abandonnee)"));
		return BILAN_EUSAGE;
	}
	if (to == BILAN_ENQUETE_REALISEE) {
		bilan_error_set(err, BILAN_EUSAGE,
				_("an enquête is marked 'realisee' with its verdict"));
		bilan_error_hint(err, _("run 'bilan enquete done SLUG --verdict conforte|nuance|infirme'"));
		return BILAN_EUSAGE;
	}
	return 0;
}

void bilan_enquete_set_status(struct bilan_enquete *e, enum bilan_enquete_status to,
			      const struct bilan_time *when, const char *reason,
			      const struct bilan_time *date)
{
	struct bilan_node *root = e->rec.doc->root;
	bilan_history_append(root, when, bilan_enquete_status_name(e->status),
			     bilan_enquete_status_name(to), reason);
	bilan_map_set_str(root, "status", bilan_enquete_status_name(to));
	e->status = to;
	if (date) {
		char iso[BILAN_TIME_ISO_MAX];
		bilan_map_set_str(root, "date", bilan_iso(iso, date));
		e->date = *date;
		e->has_date = true;
	}
}

/* ---- notes ---------------------------------------------------------------- */

void bilan_enquete_notes_clear(struct bilan_enquete_notes *n)
{
	if (!n)
		return;
	free(n->confirmed);
	free(n->surprised);
	free(n->attention);
	free(n->suggested);
	free(n->notes);
	memset(n, 0, sizeof(*n));
}

bool bilan_enquete_notes_empty(const struct bilan_enquete_notes *n)
{
	return !n->confirmed && !n->surprised && !n->attention && !n->suggested &&
	       !n->notes;
}

char *bilan_enquete_notes_template(const char *piste_title, const char *label)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_buf_puts(&b, "# Notes d'enquête métier");
	if (piste_title)
		bilan_buf_printf(&b, " : %s", piste_title);
	if (label)
		bilan_buf_printf(&b, " (%s)", label);
	bilan_buf_puts(&b,
		"\n"
		"# Écrivez sous chaque titre, à chaud. Les lignes commençant par un seul #\n"
		"# sont ignorées ; une section laissée vide n'est pas enregistrée.\n"
		"# Les contacts suggérés sont des données personnelles : ils restent dans\n"
		"# private/contacts/ et ne sont jamais partagés.\n"
		"\n"
		"## Ce qui confirme l'image que j'avais du métier\n\n\n"
		"## Ce qui m'a surpris\n\n\n"
		"## Points de vigilance\n\n\n"
		"## Contacts suggérés\n\n\n"
		"## Autres notes\n\n");
	return bilan_buf_detach(&b);
}

enum section { S_NOTES, S_CONFIRMED, S_SURPRISED, S_ATTENTION, S_SUGGESTED };

static enum section section_of(const char *heading)
{
	char *f = bilan_text_fold(heading);
	enum section s = S_NOTES;
	if (strstr(f, "confirm"))
		s = S_CONFIRMED;
	else if (strstr(f, "surpri"))
		s = S_SURPRISED;
	else if (strstr(f, "vigilance") || strstr(f, "attention"))
		s = S_ATTENTION;
	else if (strstr(f, "contact"))
		s = S_SUGGESTED;
	free(f);
	return s;
}

static char *trimmed(const struct bilan_buf *b)
{
	const char *s = bilan_buf_cstr(b);
	while (*s == '\n' || *s == ' ' || *s == '\t' || *s == '\r')
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == '\n' || s[len - 1] == ' ' || s[len - 1] == '\t' ||
		       s[len - 1] == '\r'))
		len--;
	return len ? bilan_xstrndup(s, len) : NULL;
}

void bilan_enquete_notes_parse(struct bilan_enquete_notes *out, const char *text)
{
	struct bilan_buf sec[5] = { BILAN_BUF_INIT, BILAN_BUF_INIT, BILAN_BUF_INIT,
				    BILAN_BUF_INIT, BILAN_BUF_INIT };
	enum section cur = S_NOTES;
	memset(out, 0, sizeof(*out));
	const char *p = text ? text : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len >= 2 && p[0] == '#' && p[1] == '#') {
			char *h = bilan_xstrndup(p + 2, len - 2);
			cur = section_of(h);
			free(h);
		} else if (len >= 1 && p[0] == '#') {
			/* comment */
		} else {
			bilan_buf_put(&sec[cur], p, len);
			bilan_buf_putc(&sec[cur], '\n');
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	out->notes = trimmed(&sec[S_NOTES]);
	out->confirmed = trimmed(&sec[S_CONFIRMED]);
	out->surprised = trimmed(&sec[S_SURPRISED]);
	out->attention = trimmed(&sec[S_ATTENTION]);
	out->suggested = trimmed(&sec[S_SUGGESTED]);
	for (int i = 0; i < 5; i++)
		bilan_buf_clear(&sec[i]);
}

void bilan_enquete_set_outcome(struct bilan_enquete *e, enum bilan_verdict v,
			       const struct bilan_time *held,
			       const struct bilan_enquete_notes *notes,
			       const struct bilan_time *when)
{
	struct bilan_node *root = e->rec.doc->root;
	char iso[BILAN_TIME_ISO_MAX];
	struct bilan_node *o = bilan_node_map();
	bilan_map_set_str(o, "verdict", bilan_verdict_name(v));
	bilan_map_set_str(o, "date", bilan_iso(iso, when));
	if (notes->confirmed)
		bilan_map_set_str(o, "confirmed", notes->confirmed);
	if (notes->surprised)
		bilan_map_set_str(o, "surprised", notes->surprised);
	if (notes->attention)
		bilan_map_set_str(o, "attention", notes->attention);
	if (notes->notes)
		bilan_map_set_str(o, "notes", notes->notes);
	bilan_enquete_set_status(e, BILAN_ENQUETE_REALISEE, when, NULL, held);
	bilan_map_set(root, "outcome", o);
	e->has_verdict = true;
	e->verdict = v;
}

bool bilan_enquete_verdict_time(int64_t *out, const struct bilan_enquete *e)
{
	const struct bilan_node *o = bilan_map_get(e->rec.doc->root, "outcome");
	const char *d = o ? bilan_map_str(o, "date") : NULL;
	struct bilan_time t;
	if (!e->has_verdict || !d || !bilan_time_parse_iso(&t, d))
		return false;
	*out = t.t;
	return true;
}

const struct bilan_enquete *bilan_piste_unconfirmed(const struct bilan_piste *p,
						    const struct bilan_enquetes *l)
{
	if (p->status == BILAN_PISTE_ECARTEE)
		return NULL;
	int64_t since = INT64_MIN;
	struct bilan_time t;
	const struct bilan_node *h = bilan_map_get(p->rec.doc->root, "history");
	const char *d = h && h->type == BILAN_NODE_SEQ && h->n
				? bilan_map_str(h->items[h->n - 1], "date") : NULL;
	if (d && bilan_time_parse_iso(&t, d))
		since = t.t;
	else if (p->created && bilan_time_parse_iso(&t, p->created))
		since = t.t;
	const struct bilan_enquete *best = NULL;
	int64_t best_t = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct bilan_enquete *e = &l->v[i];
		int64_t vt;
		if (strcmp(e->piste, p->rec.name) || !e->has_verdict ||
		    e->verdict != BILAN_VERDICT_INFIRME || !bilan_enquete_verdict_time(&vt, e) ||
		    vt < since)
			continue;
		if (!best || vt > best_t) {
			best = e;
			best_t = vt;
		}
	}
	return best;
}
