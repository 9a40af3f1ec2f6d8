/* journal-entry.c - the entry model of the journal: its kinds and
 * statuses, an entry made, copied and freed, its tags, its checks, its
 * file read and written (see journal.h).  The cache (journal-cache.c) and
 * the journal as a whole (journal.c) build on it. */
#include "journal.h"
#include "journal-internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <utf8proc.h>

#include "fs.h"
#include "i18n.h"
#include "text.h"

const char *const bilan_entry_kind_names[] = {
	"note", "reflexion", "recherche", "enquete", "test",
	"question", "blocage", "seance", "retour", NULL,
};

const char *const bilan_entry_status_names[] = { "ouverte", "reglee", NULL };

/* ------------------------------------------------------------------ */
/* domain values */

static int parse_folded(const char *const *names, const char *typed)
{
	if (!typed)
		return -1;
	char *f = bilan_text_fold(typed);
	/* "En cours" / "en_cours": spaces and '_' as '-' (none of ours has any,
	 * but a trailing blank typed by hand must not matter) */
	size_t len = strlen(f);
	while (len && (f[len - 1] == ' ' || f[len - 1] == '\t'))
		f[--len] = '\0';
	int found = -1;
	for (int i = 0; names[i]; i++)
		if (!strcmp(f, names[i]))
			found = i;
	free(f);
	return found;
}

int bilan_entry_status_index(const char *typed)
{
	return parse_folded(bilan_entry_status_names, typed);
}

int bilan_entry_kind_parse(enum bilan_entry_kind *out, const char *typed)
{
	int i = parse_folded(bilan_entry_kind_names, typed);
	if (i < 0)
		return BILAN_EUSAGE;
	*out = (enum bilan_entry_kind)i;
	return 0;
}

const char *bilan_entry_kind_name(enum bilan_entry_kind k)
{
	if ((int)k < 0 || (int)k >= BILAN_KIND_COUNT)
		return "?";
	return bilan_entry_kind_names[k];
}

bool bilan_entry_kind_closable(enum bilan_entry_kind k)
{
	return k == BILAN_KIND_QUESTION || k == BILAN_KIND_BLOCAGE;
}

/* ------------------------------------------------------------------ */
/* entries */

struct bilan_entry *bilan_entry_new(void)
{
	struct bilan_entry *e = bilan_xcalloc(1, sizeof(*e));
	e->kind = BILAN_KIND_NOTE;
	e->body = bilan_xstrdup("");
	return e;
}

void bilan_entry_free(struct bilan_entry *e)
{
	if (!e)
		return;
	free(e->path);
	free(e->title);
	bilan_strlist_clear(&e->tags);
	free(e->piste);
	free(e->rome);
	free(e->guide);
	free(e->answer);
	free(e->body);
	bilan_node_free(e->extra);
	bilan_node_free(e->comments);
	free(e);
}

static char *dup_or_null(const char *s)
{
	return s ? bilan_xstrdup(s) : NULL;
}

struct bilan_entry *bilan_entry_clone(const struct bilan_entry *e)
{
	struct bilan_entry *c = bilan_xcalloc(1, sizeof(*c));
	*c = *e;
	c->path = dup_or_null(e->path);
	c->title = dup_or_null(e->title);
	memset(&c->tags, 0, sizeof(c->tags));
	for (size_t i = 0; i < e->tags.n; i++)
		bilan_strlist_add(&c->tags, e->tags.v[i]);
	c->piste = dup_or_null(e->piste);
	c->rome = dup_or_null(e->rome);
	c->guide = dup_or_null(e->guide);
	c->answer = dup_or_null(e->answer);
	c->body = bilan_xstrdup(e->body ? e->body : "");
	c->extra = e->extra ? bilan_node_clone(e->extra) : NULL;
	c->comments = e->comments ? bilan_node_clone(e->comments) : NULL;
	return c;
}

/* ------------------------------------------------------------------ */
/* tags */

static bool tag_cp(int32_t cp, bool *letter)
{
	if (cp == '-' || cp == '_')
		return true;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		*letter = true;
		return true;
	case UTF8PROC_CATEGORY_MN:  /* combining accents (decomposed text) */
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ND:
		return true;
	default:
		return false;
	}
}

/* Length in bytes of the tag that starts at s (0 if none), its number of
 * characters and whether it has a letter.  Trailing '-' and '_' are not
 * part of it. */
static size_t tag_span(const char *s, size_t len, size_t *chars, bool *letter)
{
	size_t i = 0, end = 0, n = 0, nend = 0;
	*letter = false;
	while (i < len) {
		int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0 || !tag_cp(cp, letter))
			break;
		i += (size_t)k;
		n++;
		if (cp != '-' && cp != '_')
			end = i, nend = n;
	}
	*chars = nend;
	return end;
}

bool bilan_jentry_tag_has(const struct bilan_strlist *tags, const char *tag)
{
	char *f = bilan_text_fold(tag);
	bool found = false;
	for (size_t i = 0; i < tags->n && !found; i++) {
		char *g = bilan_text_fold(tags->v[i]);
		found = !strcmp(f, g);
		free(g);
	}
	free(f);
	return found;
}

static bool tag_valid(const char *tag)
{
	size_t len = strlen(tag), chars;
	bool letter;
	if (!len || !bilan_utf8_valid(tag, len, NULL))
		return false;
	return tag_span(tag, len, &chars, &letter) == len && chars <= BILAN_JOURNAL_MAX_TAG;
}

int bilan_entry_add_tag(struct bilan_entry *e, const char *tag, struct bilan_error *err)
{
	if (tag[0] == '#')
		tag++;
	if (!tag_valid(tag)) {
		bilan_error_set(err, BILAN_EUSAGE, _("invalid tag '%s'"), tag);
		bilan_error_hint(err, _("a tag is one word of letters, digits, '-' or '_' (at most %d characters), e.g. 'valeurs' or 'vie-pro'"),
				 BILAN_JOURNAL_MAX_TAG);
		return BILAN_EUSAGE;
	}
	if (!bilan_jentry_tag_has(&e->tags, tag)) {
		if (e->tags.n >= BILAN_JOURNAL_MAX_TAGS)
			return bilan_error_set(err, BILAN_EUSAGE, _("too many tags (at most %d)"),
					       BILAN_JOURNAL_MAX_TAGS);
		bilan_strlist_add(&e->tags, tag);
	}
	return 0;
}

static bool url_char(char c)
{
	return c && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '<' &&
	       c != '>' && c != '"' && c != '(' && c != ')';
}

/* Is position i of text inside a URL-like token ("http://", "www.")? */
static bool in_url(const char *text, size_t i)
{
	size_t start = i;
	while (start > 0 && url_char(text[start - 1]))
		start--;
	size_t end = i;
	while (url_char(text[end]))
		end++;
	for (size_t k = start; k + 2 < end; k++)
		if (text[k] == ':' && text[k + 1] == '/' && text[k + 2] == '/')
			return true;
	return end - start > 4 && strncasecmp(text + start, "www.", 4) == 0;
}

void bilan_journal_hashtags(struct bilan_strlist *out, const char *text)
{
	if (!text)
		return;
	size_t len = strlen(text);
	bool line_start = true;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '\n') {
			line_start = true;
			continue;
		}
		if (line_start && c == '#') {
			/* "# Title", "## Title", "#": a Markdown heading */
			size_t k = i;
			while (text[k] == '#')
				k++;
			if (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || !text[k]) {
				while (i < len && text[i] != '\n')
					i++;
				i--;   /* the loop's i++ lands on the '\n' */
				continue;
			}
		}
		if (c != ' ' && c != '\t')
			line_start = false;
		if (c != '#')
			continue;
		if (i > 0) {
			unsigned char p = (unsigned char)text[i - 1];
			if (p == '#' || p == '&' || p == '/' || p >= 0x80 ||
			    (p >= '0' && p <= '9') || ((p | 32) >= 'a' && (p | 32) <= 'z') ||
			    p == '-' || p == '_')
				continue;
		}
		size_t chars;
		bool letter;
		size_t n = tag_span(text + i + 1, len - i - 1, &chars, &letter);
		if (!n || !letter || chars > BILAN_JOURNAL_MAX_TAG || in_url(text, i)) {
			i += n;
			continue;
		}
		char *tag = bilan_xstrndup(text + i + 1, n);
		if (!bilan_jentry_tag_has(out, tag))
			bilan_strlist_add_owned(out, tag);
		else
			free(tag);
		i += n;
	}
}

/* ------------------------------------------------------------------ */
/* checking */

static bool slug_or_null(const char *s)
{
	return !s || bilan_slug_valid(s);
}

static bool rome_valid(const char *s)
{
	return s && strlen(s) == 5 && s[0] >= 'A' && s[0] <= 'N' &&
	       strspn(s + 1, "0123456789") == 4;
}

static bool utf8_ok(const char *s)
{
	return !s || bilan_utf8_valid(s, strlen(s), NULL);
}

static size_t char_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int bilan_entry_check(const struct bilan_entry *e, struct bilan_error *err)
{
	if ((int)e->kind < 0 || (int)e->kind >= BILAN_KIND_COUNT)
		return bilan_error_set(err, BILAN_EUSAGE, "internal: bad kind %d", (int)e->kind);
	if (!utf8_ok(e->title) || !utf8_ok(e->body) || !utf8_ok(e->answer) ||
	    !utf8_ok(e->piste) || !utf8_ok(e->rome) || !utf8_ok(e->guide))
		return bilan_error_set(err, BILAN_EUSAGE,
				       _("the text is not valid UTF-8 (or holds a NUL byte)"));
	if (!e->title || !e->title[strspn(e->title, " \t")])
		return bilan_error_set(err, BILAN_EUSAGE, _("the entry has no title"));
	if (strpbrk(e->title, "\r\n"))
		return bilan_error_set(err, BILAN_EUSAGE, _("the title must be one line"));
	if (char_count(e->title) > BILAN_JOURNAL_MAX_TITLE)
		return bilan_error_set(err, BILAN_EUSAGE,
				       _("the title is too long (at most %d characters)"),
				       BILAN_JOURNAL_MAX_TITLE);
	if (e->body && strlen(e->body) > BILAN_JOURNAL_MAX_TEXT)
		return bilan_error_set(err, BILAN_ETOOBIG,
				       _("the text is too long (at most %u bytes)"),
				       BILAN_JOURNAL_MAX_TEXT);
	if (e->answer && strlen(e->answer) > BILAN_JOURNAL_MAX_TEXT)
		return bilan_error_set(err, BILAN_ETOOBIG,
				       _("the answer is too long (at most %u bytes)"),
				       BILAN_JOURNAL_MAX_TEXT);
	if (e->duration < 0 || e->duration > BILAN_JOURNAL_MAX_DURATION)
		return bilan_error_set(err, BILAN_EUSAGE,
				       _("the duration must be between 1 minute and 24 hours"));
	for (size_t i = 0; i < e->tags.n; i++)
		if (!tag_valid(e->tags.v[i]))
			return bilan_error_set(err, BILAN_EUSAGE, _("invalid tag '%s'"),
					       e->tags.v[i]);
	if (e->tags.n > BILAN_JOURNAL_MAX_TAGS)
		return bilan_error_set(err, BILAN_EUSAGE, _("too many tags (at most %d)"),
				       BILAN_JOURNAL_MAX_TAGS);
	if (!slug_or_null(e->piste))
		return bilan_error_set(err, BILAN_EUSAGE,
				       _("invalid piste '%s' (a short name such as 'developpeuse-web')"),
				       e->piste);
	if (!slug_or_null(e->guide))
		return bilan_error_set(err, BILAN_EUSAGE, _("invalid guide name '%s'"), e->guide);
	if (e->rome && !rome_valid(e->rome))
		return bilan_error_set(err, BILAN_EUSAGE,
				       _("invalid ROME code '%s' (a letter and four digits, e.g. M1805)"),
				       e->rome);
	if (e->status != BILAN_STATUS_NONE && !bilan_entry_kind_closable(e->kind))
		return bilan_error_set(err, BILAN_EUSAGE,
				       _("only questions and blockers can be open or settled"));
	if (e->has_closed && e->status != BILAN_STATUS_REGLEE)
		return bilan_error_set(err, BILAN_EUSAGE, "internal: closed date on an open entry");
	return 0;
}

/* ------------------------------------------------------------------ */
/* YAML */

void bilan_entry_to_node(struct bilan_node **out, const struct bilan_entry *e)
{
	char iso[BILAN_TIME_ISO_MAX];
	struct bilan_node *m = bilan_node_map();
	bilan_map_set_str(m, "id", e->id);
	struct bilan_time d = e->date;
	d.has_time = true;
	bilan_time_format_iso(iso, &d);
	bilan_map_set_str(m, "date", iso);
	bilan_map_set_str(m, "kind", bilan_entry_kind_name(e->kind));
	bilan_map_set_str(m, "title", e->title ? e->title : "");
	if (e->duration > 0) {
		char dur[16];
		bilan_duration_format(dur, sizeof(dur), e->duration);
		bilan_map_set_str(m, "duration", dur);
	}
	if (e->tags.n) {
		struct bilan_node *seq = bilan_node_seq();
		for (size_t i = 0; i < e->tags.n; i++)
			bilan_seq_append(seq, bilan_node_str(e->tags.v[i]));
		bilan_map_set(m, "tags", seq);
	}
	if (e->piste)
		bilan_map_set_str(m, "piste", e->piste);
	if (e->rome)
		bilan_map_set_str(m, "rome", e->rome);
	if (e->guide)
		bilan_map_set_str(m, "guide", e->guide);
	if (e->status != BILAN_STATUS_NONE)
		bilan_map_set_str(m, "status", bilan_entry_status_names[e->status - 1]);
	if (e->has_closed) {
		struct bilan_node *c = bilan_node_map();
		struct bilan_time ct = e->closed;
		ct.has_time = true;
		bilan_time_format_iso(iso, &ct);
		bilan_map_set_str(c, "date", iso);
		if (e->answer && *e->answer)
			bilan_map_set_str(c, "answer", e->answer);
		bilan_map_set(m, "closed", c);
	}
	if (e->extra)
		for (size_t i = 0; i < e->extra->n; i++)
			bilan_map_set(m, e->extra->pairs[i].key->value,
				      bilan_node_clone(e->extra->pairs[i].value));
	if (e->body && *e->body)
		bilan_map_set_str(m, "body", e->body);
	/* a person's comments stay, each with its key */
	bilan_map_keep_comments(m, e->comments, true);
	*out = m;
}

static const char *const known_keys[] = {
	"id", "date", "kind", "title", "duration", "tags", "piste", "rome",
	"guide", "status", "closed", "body", NULL,
};

static bool is_known(const char *k)
{
	for (size_t i = 0; known_keys[i]; i++)
		if (!strcmp(known_keys[i], k))
			return true;
	return false;
}

static int get_time(const struct bilan_doc *doc, const struct bilan_node *map,
		    const char *key, bool required, bool *has, struct bilan_time *out,
		    struct bilan_error *err)
{
	const char *s = NULL;
	int rc = bilan_get_str(doc, map, key, required, &s, err);
	*has = false;
	if (rc < 0 || !s)
		return rc;
	if (!bilan_time_parse_iso(out, s) || !out->has_time)
		return bilan_node_error(err, doc, bilan_map_get(map, key),
					_("expected a date and time like 2026-11-27T14:30:00+01:00, got '%s'"),
					s);
	*has = true;
	return 0;
}

static int opt_str(const struct bilan_doc *doc, const struct bilan_node *map,
		   const char *key, char **out, struct bilan_error *err)
{
	const char *s = NULL;
	int rc = bilan_get_str(doc, map, key, false, &s, err);
	if (rc < 0)
		return rc;
	*out = s ? bilan_xstrdup(s) : NULL;
	return 0;
}

const char *bilan_jentry_base_name(const char *rel)
{
	const char *s = strrchr(rel, '/');
	return s ? s + 1 : rel;
}

bool bilan_jentry_rel_is_private(const char *rel)
{
	return !strncmp(rel, BILAN_JOURNAL_PRIVATE_DIR "/",
			sizeof(BILAN_JOURNAL_PRIVATE_DIR));
}

int bilan_entry_from_doc(struct bilan_entry **out, const struct bilan_doc *doc,
			 const char *rel, struct bilan_error *err)
{
	*out = NULL;
	const struct bilan_node *root = doc->root;
	int rc;
	if (!root)
		return bilan_error_set_at(err, BILAN_EINVALID, doc->path, 1, 1,
					  _("the file is empty"));
	if (root->type != BILAN_NODE_MAP)
		return bilan_node_error(err, doc, root, _("expected a journal entry (a mapping)"));
	struct bilan_entry *e = bilan_entry_new();
	e->path = bilan_xstrdup(rel);
	e->is_private = bilan_jentry_rel_is_private(rel);

	const char *id = NULL;
	if ((rc = bilan_get_str(doc, root, "id", true, &id, err)) < 0)
		goto fail;
	if (!bilan_id_valid(id)) {
		rc = bilan_node_error(err, doc, bilan_map_get(root, "id"),
				      _("'%s' is not an entry id (like 20261127T143205Z-k3f9)"), id);
		goto fail;
	}
	const char *bn = bilan_jentry_base_name(rel);
	size_t idl = strlen(id);
	if (strncmp(bn, id, idl) || strcmp(bn + idl, ".yaml")) {
		rc = bilan_node_error(err, doc, bilan_map_get(root, "id"),
				      _("the id '%s' does not match the file name '%s'"), id, bn);
		goto fail;
	}
	memcpy(e->id, id, idl + 1);

	bool has;
	if ((rc = get_time(doc, root, "date", true, &has, &e->date, err)) < 0)
		goto fail;
	const char *kind = NULL;
	if ((rc = bilan_get_str(doc, root, "kind", true, &kind, err)) < 0)
		goto fail;
	if (bilan_entry_kind_parse(&e->kind, kind) < 0) {
		rc = bilan_node_error(err, doc, bilan_map_get(root, "kind"),
				      _("unknown kind '%s' (note, reflexion, recherche, enquete, test, question, blocage, seance, retour)"),
				      kind);
		goto fail;
	}
	const char *title = NULL;
	if ((rc = bilan_get_str(doc, root, "title", true, &title, err)) < 0)
		goto fail;
	if (strpbrk(title, "\r\n")) {
		rc = bilan_node_error(err, doc, bilan_map_get(root, "title"),
				      _("the title must be one line"));
		goto fail;
	}
	e->title = bilan_xstrdup(title);

	const char *dur = NULL;
	if ((rc = bilan_get_str(doc, root, "duration", false, &dur, err)) < 0)
		goto fail;
	if (dur) {
		struct bilan_error derr = BILAN_ERROR_INIT;
		if (bilan_duration_parse(&e->duration, dur, BILAN_JOURNAL_MAX_DURATION, &derr) < 0) {
			rc = bilan_node_error(err, doc, bilan_map_get(root, "duration"), "%s",
					      derr.message);
			goto fail;
		}
	}
	struct bilan_node *tags = NULL;
	if ((rc = bilan_get_seq(doc, root, "tags", false, &tags, err)) < 0)
		goto fail;
	for (size_t i = 0; tags && i < tags->n; i++) {
		const struct bilan_node *t = tags->items[i];
		if (t->type != BILAN_NODE_SCALAR || bilan_node_is_null(t) || !t->len) {
			rc = bilan_node_error(err, doc, t, _("a tag must be a word"));
			goto fail;
		}
		const char *tv = t->value[0] == '#' ? t->value + 1 : t->value;
		if (*tv && !bilan_jentry_tag_has(&e->tags, tv))
			bilan_strlist_add(&e->tags, tv);
	}
	if ((rc = opt_str(doc, root, "piste", &e->piste, err)) < 0 ||
	    (rc = opt_str(doc, root, "rome", &e->rome, err)) < 0 ||
	    (rc = opt_str(doc, root, "guide", &e->guide, err)) < 0)
		goto fail;

	const char *status = NULL;
	if ((rc = bilan_get_str(doc, root, "status", false, &status, err)) < 0)
		goto fail;
	if (status) {
		int s = bilan_entry_status_index(status);
		if (s < 0) {
			rc = bilan_node_error(err, doc, bilan_map_get(root, "status"),
					      _("unknown status '%s' (ouverte or reglee)"), status);
			goto fail;
		}
		e->status = (enum bilan_entry_status)(s + 1);
	}
	/* Lenient: a status on a kind that has none is ignored; a question
	 * without one is open. */
	if (!bilan_entry_kind_closable(e->kind))
		e->status = BILAN_STATUS_NONE;
	else if (e->status == BILAN_STATUS_NONE)
		e->status = BILAN_STATUS_OUVERTE;
	struct bilan_node *closed = NULL;
	if ((rc = bilan_get_map(doc, root, "closed", false, &closed, err)) < 0)
		goto fail;
	if (closed) {
		if ((rc = get_time(doc, closed, "date", true, &e->has_closed, &e->closed, err)) < 0 ||
		    (rc = opt_str(doc, closed, "answer", &e->answer, err)) < 0)
			goto fail;
		if (e->status != BILAN_STATUS_REGLEE)
			e->has_closed = false;
	}
	const char *body = NULL;
	if ((rc = bilan_get_str(doc, root, "body", false, &body, err)) < 0)
		goto fail;
	if (body) {
		free(e->body);
		e->body = bilan_xstrdup(body);
	}
	for (size_t i = 0; i < root->n; i++) {
		const char *k = root->pairs[i].key->value;
		if (is_known(k))
			continue;
		if (!e->extra)
			e->extra = bilan_node_map();
		bilan_map_set(e->extra, k, bilan_node_clone(root->pairs[i].value));
	}
	if (bilan_node_has_comments(root))
		e->comments = bilan_node_clone(root);
	*out = e;
	return 0;
fail:
	bilan_entry_free(e);
	return rc;
}

/* Load abs (a path) as rel; errors name rel. */
int bilan_jentry_load_abs(struct bilan_entry **out, const char *abs, const char *rel,
		    struct bilan_error *err)
{
	struct bilan_doc *doc = NULL;
	int rc = bilan_yaml_load_file(&doc, abs, err);
	if (rc < 0) {
		if (err && !strcmp(err->file, abs))
			snprintf(err->file, sizeof(err->file), "%s", rel);
		return rc;
	}
	free(doc->path);
	doc->path = bilan_xstrdup(rel);
	rc = bilan_entry_from_doc(out, doc, rel, err);
	bilan_doc_free(doc);
	return rc;
}

int bilan_entry_load(struct bilan_entry **out, const struct bilan_ws *ws,
		     const char *rel, struct bilan_error *err)
{
	*out = NULL;
	char *abs = bilan_ws_path(ws, rel);
	int rc = bilan_jentry_load_abs(out, abs, rel, err);
	free(abs);
	return rc;
}

char *bilan_entry_rel_path(const struct bilan_entry *e)
{
	char iso[BILAN_TIME_ISO_MAX];
	struct bilan_time d = e->date;
	d.has_time = true;
	bilan_time_format_iso(iso, &d);   /* "YYYY-MM-..." in the entry's offset */
	return bilan_xasprintf("%s/%.4s/%.2s/%s.yaml",
			       e->is_private ? BILAN_JOURNAL_PRIVATE_DIR : BILAN_JOURNAL_DIR,
			       iso, iso + 5, e->id);
}

/* ------------------------------------------------------------------ */
/* writing */

static int check_piste(const struct bilan_ws *ws, const char *slug, struct bilan_error *err)
{
	char *dir = bilan_ws_path(ws, "pistes");
	int rc = 0;
	if (bilan_fs_is_dir(dir)) {
		char *f = bilan_xasprintf("%s/%s.yaml", dir, slug);
		if (!bilan_fs_exists(f)) {
			struct bilan_strlist all = BILAN_STRLIST_INIT;
			struct bilan_buf names = BILAN_BUF_INIT;
			bilan_fs_list(&all, dir, ".yaml", NULL);
			for (size_t i = 0; i < all.n; i++) {
				if (strchr(all.v[i], '/'))
					continue;
				size_t l = strlen(all.v[i]) - 5;
				bilan_buf_printf(&names, "%s%.*s", names.len ? ", " : "", (int)l,
						 all.v[i]);
			}
			rc = bilan_error_set(err, BILAN_EUSAGE, _("no piste '%s'"), slug);
			if (names.len)
				bilan_error_hint(err, _("the pistes are: %s"), bilan_buf_cstr(&names));
			else
				bilan_error_hint(err, _("the workspace has no piste yet"));
			bilan_strlist_clear(&all);
			bilan_buf_clear(&names);
		}
		free(f);
	}
	free(dir);
	return rc;
}

int bilan_journal_write(struct bilan_ws *ws, struct bilan_entry *e,
			struct bilan_error *err)
{
	bool fresh = e->path == NULL;
	int rc;
	char *rel = NULL;
	struct bilan_node *node = NULL;
	if (fresh) {
		if (e->date.t == 0)
			e->date = bilan_time_now();
		e->date.has_time = true;
		if (bilan_entry_kind_closable(e->kind) && e->status == BILAN_STATUS_NONE)
			e->status = BILAN_STATUS_OUVERTE;
		struct bilan_strlist h = BILAN_STRLIST_INIT;
		bilan_journal_hashtags(&h, e->title);
		bilan_journal_hashtags(&h, e->body);
		for (size_t i = 0; i < h.n && e->tags.n < BILAN_JOURNAL_MAX_TAGS; i++)
			bilan_entry_add_tag(e, h.v[i], NULL);
		bilan_strlist_clear(&h);
		if (e->piste && bilan_slug_valid(e->piste) &&
		    (rc = check_piste(ws, e->piste, err)) < 0)
			return rc;
	}
	if ((rc = bilan_entry_check(e, err)) < 0)
		return rc;
	if (fresh) {
		bool had_id = e->id[0] != '\0';
		for (int tries = 0;; tries++) {
			if (!had_id)
				bilan_id_new(e->id, 0);
			rel = bilan_entry_rel_path(e);
			char *abs = bilan_ws_path(ws, rel);
			bool taken = bilan_fs_exists(abs);
			free(abs);
			if (!taken)
				break;
			if (had_id || tries > 8) {
				rc = bilan_error_set(err, BILAN_EEXISTS,
						     _("an entry '%s' exists already"), e->id);
				free(rel);
				return rc;
			}
			free(rel);
		}
	} else {
		rel = bilan_entry_rel_path(e);
	}
	bilan_entry_to_node(&node, e);
	rc = bilan_ws_write(ws, rel, node, err);
	if (rc == 0 && !fresh && strcmp(e->path, rel) != 0)
		rc = bilan_ws_remove(ws, e->path, err);
	bilan_node_free(node);
	if (rc < 0) {
		free(rel);
		return rc;
	}
	free(e->path);
	e->path = rel;
	return 0;
}

int bilan_journal_remove(struct bilan_ws *ws, const struct bilan_entry *e,
			 struct bilan_error *err)
{
	if (!e->path)
		return bilan_error_set(err, BILAN_EFAIL, "internal: entry without a path");
	return bilan_ws_remove(ws, e->path, err);
}

int bilan_entry_close(struct bilan_entry *e, const struct bilan_time *when,
		      const char *answer, struct bilan_error *err)
{
	if (!bilan_entry_kind_closable(e->kind))
		return bilan_error_set(err, BILAN_EUSAGE,
				       _("only questions and blockers can be closed; '%s' is a %s"),
				       e->id, bilan_entry_kind_name(e->kind));
	if (e->status == BILAN_STATUS_REGLEE) {
		char day[32] = "";
		if (e->has_closed)
			bilan_time_format_short(day, sizeof(day), &e->closed);
		return bilan_error_set(err, BILAN_EEXISTS, _("'%s' is already settled (%s)"),
				       e->id, day);
	}
	if (answer && !bilan_utf8_valid(answer, strlen(answer), NULL))
		return bilan_error_set(err, BILAN_EUSAGE,
				       _("the text is not valid UTF-8 (or holds a NUL byte)"));
	e->status = BILAN_STATUS_REGLEE;
	e->has_closed = true;
	e->closed = *when;
	e->closed.has_time = true;
	free(e->answer);
	e->answer = answer && *answer ? bilan_xstrdup(answer) : NULL;
	return 0;
}

/* ------------------------------------------------------------------ */
/* text typed for an entry */

/* Body as stored: CRLF as LF, no blanks at line ends, no blank lines
 * before or after, one final newline ("" when empty). */
char *bilan_entry_normalise_body(const char *s)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_buf_puts(&b, "");
	const char *p = s;
	while (*p) {
		size_t len = strcspn(p, "\n");
		size_t l = len;
		while (l && (p[l - 1] == ' ' || p[l - 1] == '\t' || p[l - 1] == '\r'))
			l--;
		if (l || b.len)   /* no leading blank lines */
			bilan_buf_printf(&b, "%.*s\n", (int)l, p);
		p += len;
		if (*p == '\n')
			p++;
	}
	while (b.len && b.ptr[b.len - 1] == '\n')
		b.len--;
	if (b.len)
		bilan_buf_putc(&b, '\n');
	else
		bilan_buf_truncate(&b, 0);
	bilan_buf_puts(&b, "");
	return bilan_buf_detach(&b);
}

int bilan_entry_check_utf8(const char *s, size_t len, struct bilan_error *err)
{
	size_t bad = 0;
	if (!bilan_utf8_valid(s, len, &bad))
		return bilan_error_set(err, BILAN_EUSAGE,
				       _("the text is not valid UTF-8 (byte %zu), nothing was written"),
				       bad + 1);
	return 0;
}

int bilan_entry_set_text(struct bilan_entry *e, const char *text, size_t len, const char *title,
			 struct bilan_error *err)
{
	int rc = bilan_entry_check_utf8(text, len, err);
	if (rc < 0)
		return rc;
	char *body = bilan_entry_normalise_body(text);
	if (!*body) {
		free(body);
		return bilan_error_set(err, BILAN_ECANCELLED, _("the entry is empty, nothing was written"));
	}
	char *t = title ? bilan_xstrdup(title) : bilan_text_first_line(body, BILAN_JOURNAL_TITLE_AUTO);
	/* a one-line text that is all in the title has no separate body */
	if (!title && strcspn(body, "\n") == strlen(body) - 1 &&
	    !strncmp(body, t, strlen(body) - 1) && strlen(t) == strlen(body) - 1) {
		free(body);
		body = bilan_xstrdup("");
	}
	free(e->title);
	e->title = t;
	free(e->body);
	e->body = body;
	return 0;
}
