/* record.c - one YAML file per record (see record.h). */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fs.h"
#include "i18n.h"
#include "id.h"
#include "text.h"

void bilan_record_clear(struct bilan_record *r)
{
	if (!r)
		return;
	free(r->name);
	free(r->rel);
	bilan_doc_free(r->doc);
	memset(r, 0, sizeof(*r));
}

void bilan_records_clear(struct bilan_records *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		bilan_record_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int load_one(struct bilan_record *out, const struct bilan_ws *ws,
		    const char *folder, const char *name, struct bilan_error *err)
{
	memset(out, 0, sizeof(*out));
	char *rel = bilan_xasprintf("%s/%s.yaml", folder, name);
	char *abs = bilan_ws_path(ws, rel);
	struct bilan_doc *doc = NULL;
	int rc = bilan_yaml_load_file(&doc, abs, err);
	free(abs);
	if (rc < 0) {
		free(rel);
		return rc;
	}
	if (!doc->root || doc->root->type != BILAN_NODE_MAP) {
		rc = bilan_error_set_at(err, BILAN_EINVALID, doc->path,
					doc->root ? doc->root->line : 1,
					doc->root ? doc->root->col : 1,
					_("expected a mapping"));
		bilan_doc_free(doc);
		free(rel);
		return rc;
	}
	out->name = bilan_xstrdup(name);
	out->rel = rel;
	out->doc = doc;
	return 0;
}

int bilan_record_load(struct bilan_record *out, const struct bilan_ws *ws,
		      const char *folder, const char *name, struct bilan_error *err)
{
	return load_one(out, ws, folder, name, err);
}

int bilan_records_load(struct bilan_records *out, const struct bilan_ws *ws,
		       const char *folder, struct bilan_diags *diags,
		       struct bilan_error *err)
{
	memset(out, 0, sizeof(*out));
	char *dir = bilan_ws_path(ws, folder);
	struct bilan_strlist files = BILAN_STRLIST_INIT;
	int rc = bilan_fs_list(&files, dir, ".yaml", err);
	free(dir);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < files.n; i++) {
		const char *f = files.v[i];
		if (strchr(f, '/') || f[0] == '.')
			continue;   /* records live directly in the folder */
		size_t len = strlen(f) - strlen(".yaml");
		if (len == 0)
			continue;
		char *name = bilan_xstrndup(f, len);
		struct bilan_record r;
		struct bilan_error lerr = BILAN_ERROR_INIT;
		if (load_one(&r, ws, folder, name, &lerr) < 0) {
			/* report the file relative to the workspace */
			if (lerr.file[0]) {
				size_t rl = strlen(ws->root);
				if (!strncmp(lerr.file, ws->root, rl) && lerr.file[rl] == '/')
					memmove(lerr.file, lerr.file + rl + 1,
						strlen(lerr.file + rl + 1) + 1);
			}
			if (diags)
				bilan_diags_add_error(diags, &lerr);
		} else {
			BILAN_ALLOC_GROW(out->v, out->n + 1, out->alloc);
			out->v[out->n++] = r;
		}
		free(name);
	}
out:
	bilan_strlist_clear(&files);
	return rc;
}

const char **bilan_records_names(const struct bilan_records *l)
{
	const char **v = bilan_xcalloc(l->n + 1, sizeof(*v));
	for (size_t i = 0; i < l->n; i++)
		v[i] = l->v[i].name;
	return v;
}

/* Is every '-'-separated word of slug (2 characters or more) in name? */
static bool words_in(const char *name, const char *slug)
{
	bool any = false;
	const char *p = slug;
	while (*p) {
		const char *dash = strchr(p, '-');
		size_t len = dash ? (size_t)(dash - p) : strlen(p);
		if (len >= 2) {
			char w[BILAN_SLUG_MAX + 1];
			snprintf(w, sizeof(w), "%.*s", (int)len, p);
			if (!strstr(name, w))
				return false;
			any = true;
		}
		p += len;
		if (*p == '-')
			p++;
	}
	return any;
}

int bilan_record_resolve(size_t *out_index, const char *const *names, size_t n,
			 const char *typed, const char *what, struct bilan_error *err)
{
	struct bilan_error first = BILAN_ERROR_INIT;
	int rc = bilan_prefix_resolve(out_index, names, n, typed, what, &first);
	if (rc != BILAN_ENOTFOUND) {
		if (rc < 0 && err)
			*err = first;
		return rc;
	}
	/* records named by ids: only prefixes make sense */
	bool ids = n > 0;
	for (size_t i = 0; i < n && ids; i++)
		ids = names[i] && bilan_id_valid(names[i]);
	if (ids) {
		if (err)
			*err = first;
		return rc;
	}
	char slug[BILAN_SLUG_MAX + 1];
	bilan_slugify(slug, typed ? typed : "");
	if (typed && strcmp(slug, typed) != 0 && strcmp(slug, "sans-titre") != 0) {
		struct bilan_error second = BILAN_ERROR_INIT;
		rc = bilan_prefix_resolve(out_index, names, n, slug, what, &second);
		if (rc == 0)
			return 0;
		if (rc == BILAN_EAMBIGUOUS) {
			if (err)
				*err = second;
			return rc;
		}
	}
	/* every word typed found in one name only ("acme", "lead-acme") */
	if (typed && strcmp(slug, "sans-titre") != 0) {
		size_t found = 0, idx = 0;
		struct bilan_buf list = BILAN_BUF_INIT;
		for (size_t i = 0; i < n; i++) {
			if (!names[i] || !words_in(names[i], slug))
				continue;
			if (found++ == 0)
				idx = i;
			if (found <= 10)
				bilan_buf_printf(&list, "%s%s", found > 1 ? "\n" : "", names[i]);
		}
		if (found == 1) {
			bilan_buf_clear(&list);
			*out_index = idx;
			return 0;
		}
		if (found > 1) {
			bilan_error_set(err, BILAN_EAMBIGUOUS, _("%s '%s' is ambiguous"), what, typed);
			bilan_error_hint(err, "%s", bilan_buf_cstr(&list));
			bilan_buf_clear(&list);
			return BILAN_EAMBIGUOUS;
		}
		bilan_buf_clear(&list);
	}
	if (err)
		*err = first;
	const char *close = bilan_text_closest(slug, names, n);
	if (!close)
		close = bilan_text_closest(typed ? typed : "", names, n);
	if (!close) {
		/* the name sharing the longest start with what was typed (3+) */
		size_t best = 2;
		for (size_t i = 0; i < n; i++) {
			size_t k = 0;
			while (names[i] && names[i][k] && names[i][k] == slug[k])
				k++;
			if (k > best) {
				best = k;
				close = names[i];
			}
		}
	}
	if (close)
		bilan_error_hint(err, _("did you mean '%s'?"), close);
	else if (n == 0)
		bilan_error_hint(err, _("there is no %s yet"), what);
	return BILAN_ENOTFOUND;
}

int bilan_value_parse(const char *const *names, const char *typed)
{
	if (!typed)
		return -1;
	char *f = bilan_text_fold(typed);
	/* trim, and spaces, '_' and apostrophes as '-' */
	char *s = f;
	while (*s == ' ')
		s++;
	size_t len = strlen(s);
	while (len && s[len - 1] == ' ')
		s[--len] = '\0';
	for (char *p = s; *p; p++)
		if (*p == ' ' || *p == '_' || *p == '\'')
			*p = '-';
	int found = -1;
	for (int i = 0; names[i]; i++)
		if (!strcmp(s, names[i])) {
			found = i;
			break;
		}
	free(f);
	return found;
}

const char *bilan_iso(char *buf, const struct bilan_time *t)
{
	bilan_time_format_iso(buf, t);
	return buf;
}

struct bilan_node *bilan_history_append(struct bilan_node *root,
					const struct bilan_time *when,
					const char *from, const char *to,
					const char *reason)
{
	struct bilan_node *h = bilan_map_get(root, "history");
	if (!h || h->type != BILAN_NODE_SEQ) {
		h = bilan_node_seq();
		bilan_map_set(root, "history", h);
	}
	char iso[BILAN_TIME_ISO_MAX];
	struct bilan_node *e = bilan_node_map();
	bilan_map_set_str(e, "date", bilan_iso(iso, when));
	if (from)
		bilan_map_set_str(e, "from", from);
	bilan_map_set_str(e, "to", to);
	if (reason)
		bilan_map_set_str(e, "reason", reason);
	bilan_seq_append(h, e);
	return e;
}

const char *bilan_record_str(const struct bilan_record *r, const char *key)
{
	return r && r->doc ? bilan_map_str(r->doc->root, key) : NULL;
}

bool bilan_record_time(const struct bilan_record *r, const char *key,
		       struct bilan_time *out)
{
	const char *s = bilan_record_str(r, key);
	return s && bilan_time_parse_iso(out, s);
}
