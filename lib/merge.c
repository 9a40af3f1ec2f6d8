/* merge.c - three-way merge of workspace files, open conflicts (see merge.h). */
#include "merge.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs.h"
#include "i18n.h"

/* ------------------------------------------------------------------ */
/* tree merge */

static bool seq_has(const struct bilan_node *seq, const struct bilan_node *item)
{
	if (!seq || seq->type != BILAN_NODE_SEQ)
		return false;
	for (size_t i = 0; i < seq->n; i++)
		if (bilan_node_equal(seq->items[i], item))
			return true;
	return false;
}

static struct bilan_node *merge_seq(const struct bilan_node *base,
				    const struct bilan_node *ours,
				    const struct bilan_node *theirs)
{
	struct bilan_node *out = bilan_node_seq();
	for (size_t i = 0; i < ours->n; i++) {
		const struct bilan_node *it = ours->items[i];
		/* removed by theirs (it was in the base, they dropped it) */
		if (seq_has(base, it) && !seq_has(theirs, it))
			continue;
		bilan_seq_append(out, bilan_node_clone(it));
	}
	for (size_t i = 0; i < theirs->n; i++) {
		const struct bilan_node *it = theirs->items[i];
		if (seq_has(ours, it) || seq_has(base, it) || seq_has(out, it))
			continue;
		bilan_seq_append(out, bilan_node_clone(it));
	}
	return out;
}

static const struct bilan_node *get(const struct bilan_node *map, const char *key)
{
	if (!map || map->type != BILAN_NODE_MAP)
		return NULL;
	return bilan_map_get(map, key);
}

static struct bilan_node *merge_map(const struct bilan_node *base,
				    const struct bilan_node *ours,
				    const struct bilan_node *theirs, size_t *conflicts)
{
	struct bilan_node *out = bilan_node_map();
	for (size_t i = 0; i < ours->n; i++) {
		const char *k = ours->pairs[i].key->value;
		struct bilan_node *m = bilan_merge_nodes(get(base, k), ours->pairs[i].value,
							 get(theirs, k), conflicts);
		if (m)
			bilan_map_set(out, k, m);
	}
	for (size_t i = 0; i < theirs->n; i++) {
		const char *k = theirs->pairs[i].key->value;
		if (bilan_map_get(ours, k))
			continue;
		struct bilan_node *m = bilan_merge_nodes(get(base, k), NULL,
							 theirs->pairs[i].value, conflicts);
		if (m)
			bilan_map_set(out, k, m);
	}
	return out;
}

struct bilan_node *bilan_merge_nodes(const struct bilan_node *base,
				     const struct bilan_node *ours,
				     const struct bilan_node *theirs,
				     size_t *conflicts)
{
	if (bilan_node_equal(ours, theirs))
		return bilan_node_clone(ours);
	if (bilan_node_equal(base, ours))
		return bilan_node_clone(theirs);
	if (bilan_node_equal(base, theirs))
		return bilan_node_clone(ours);
	if (ours && theirs && ours->type == theirs->type) {
		if (ours->type == BILAN_NODE_MAP)
			return merge_map(base && base->type == BILAN_NODE_MAP ? base : NULL,
					 ours, theirs, conflicts);
		if (ours->type == BILAN_NODE_SEQ)
			return merge_seq(base && base->type == BILAN_NODE_SEQ ? base : NULL,
					 ours, theirs);
	}
	/* Both changed the same scalar, or one deleted what the other changed:
	 * keep ours here. */
	(*conflicts)++;
	return bilan_node_clone(ours);
}

/* ------------------------------------------------------------------ */
/* file merge */

static bool blob_equal(struct bilan_blob a, struct bilan_blob b)
{
	if (!a.data || !b.data)
		return !a.data && !b.data;
	return a.len == b.len && memcmp(a.data, b.data, a.len) == 0;
}

static bool is_yaml(const char *path)
{
	size_t n = strlen(path);
	return n > 5 && !strcmp(path + n - 5, ".yaml");
}

static struct bilan_doc *load(const char *path, struct bilan_blob b, bool *ok)
{
	struct bilan_doc *doc = NULL;
	if (!b.data)
		return NULL;
	if (bilan_yaml_load_buffer(&doc, path, b.data, b.len, NULL) < 0)
		*ok = false;
	return doc;
}

void bilan_merge_file(struct bilan_merge_result *r, const char *path,
		      struct bilan_blob base, struct bilan_blob ours,
		      struct bilan_blob theirs)
{
	memset(r, 0, sizeof(*r));
	r->outcome = BILAN_MERGE_KEEP_OURS;
	if (blob_equal(ours, theirs) || blob_equal(base, theirs))
		return;
	if (blob_equal(base, ours)) {
		r->outcome = BILAN_MERGE_TAKE_THEIRS;
		r->deleted = theirs.data == NULL;
		return;
	}
	/* Both sides changed the file. */
	r->outcome = BILAN_MERGE_CONFLICT;
	r->deleted = ours.data == NULL;
	if (!ours.data || !theirs.data || !is_yaml(path))
		return;
	bool ok = true;
	struct bilan_doc *b = load(path, base, &ok);
	struct bilan_doc *o = load(path, ours, &ok);
	struct bilan_doc *t = load(path, theirs, &ok);
	if (ok) {
		size_t conflicts = 0;
		struct bilan_node *m = bilan_merge_nodes(b ? b->root : NULL, o->root,
							 t->root, &conflicts);
		if (m && bilan_yaml_emit(&r->text, m, NULL) < 0) {
			bilan_buf_clear(&r->text);
			conflicts++;
		}
		if (!conflicts) {
			r->outcome = BILAN_MERGE_MERGED;
			bilan_buf_puts(&r->text, "");
		}
		bilan_node_free(m);
	}
	bilan_doc_free(b);
	bilan_doc_free(o);
	bilan_doc_free(t);
}

/* ------------------------------------------------------------------ */
/* conflicts record */

char *bilan_conflict_copy_path(const char *path)
{
	return bilan_xasprintf("%s%s", path, BILAN_CONFLICT_SUFFIX);
}

bool bilan_conflict_is_own_file(const char *path)
{
	size_t n = strlen(path), s = strlen(BILAN_CONFLICT_SUFFIX);
	if (!strcmp(path, BILAN_CONFLICTS_FILE))
		return true;
	return n > s && !strcmp(path + n - s, BILAN_CONFLICT_SUFFIX);
}

static bool copy_exists(const struct bilan_ws *ws, const char *rel)
{
	if (!bilan_fs_rel_path_ok(rel))
		return false;
	char *abs = bilan_ws_path(ws, rel);
	struct stat st;
	bool ok = lstat(abs, &st) == 0 && S_ISREG(st.st_mode);
	free(abs);
	return ok;
}

int bilan_conflicts_load(struct bilan_conflicts *out, const struct bilan_ws *ws,
			 struct bilan_error *err)
{
	char *abs = bilan_ws_path(ws, BILAN_CONFLICTS_FILE);
	struct bilan_doc *doc = NULL;
	int rc = 0;
	if (!bilan_fs_exists(abs))
		goto out;
	if ((rc = bilan_yaml_load_file(&doc, abs, err)) < 0)
		goto out;
	struct bilan_node *list = NULL;
	if (doc->root && (rc = bilan_get_seq(doc, doc->root, "conflicts", false, &list, err)) < 0)
		goto out;
	for (size_t i = 0; list && i < list->n; i++) {
		const char *path = bilan_map_str(list->items[i], "path");
		const char *date = bilan_map_str(list->items[i], "date");
		if (!path || !bilan_fs_rel_path_ok(path))
			continue;
		bilan_conflicts_add(out, path, date ? date : "");
	}
	for (size_t i = 0; i < out->n; i++)
		out->v[i].open = copy_exists(ws, out->v[i].remote);
out:
	bilan_doc_free(doc);
	free(abs);
	return rc;
}

void bilan_conflicts_clear(struct bilan_conflicts *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].remote);
		free(l->v[i].date);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

void bilan_conflicts_add(struct bilan_conflicts *l, const char *path, const char *date)
{
	for (size_t i = 0; i < l->n; i++) {
		if (!strcmp(l->v[i].path, path)) {
			free(l->v[i].date);
			l->v[i].date = bilan_xstrdup(date);
			l->v[i].open = true;
			return;
		}
	}
	BILAN_ALLOC_GROW(l->v, l->n + 1, l->alloc);
	struct bilan_conflict *c = &l->v[l->n++];
	c->path = bilan_xstrdup(path);
	c->remote = bilan_conflict_copy_path(path);
	c->date = bilan_xstrdup(date);
	c->open = true;
}

bool bilan_conflicts_prune(struct bilan_conflicts *l)
{
	size_t k = 0;
	bool dropped = false;
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].open) {
			l->v[k++] = l->v[i];
		} else {
			free(l->v[i].path);
			free(l->v[i].remote);
			free(l->v[i].date);
			dropped = true;
		}
	}
	l->n = k;
	return dropped;
}

struct bilan_node *bilan_conflicts_node(const struct bilan_conflicts *l)
{
	if (!l->n)
		return NULL;
	struct bilan_node *root = bilan_node_map();
	struct bilan_node *seq = bilan_node_seq();
	for (size_t i = 0; i < l->n; i++) {
		struct bilan_node *m = bilan_node_map();
		bilan_map_set_str(m, "path", l->v[i].path);
		bilan_map_set_str(m, "remote", l->v[i].remote);
		if (l->v[i].date && *l->v[i].date)
			bilan_map_set_str(m, "date", l->v[i].date);
		bilan_seq_append(seq, m);
	}
	bilan_map_set(root, "conflicts", seq);
	return root;
}

void bilan_conflicts_diags(const struct bilan_ws *ws, struct bilan_diags *diags)
{
	struct bilan_conflicts l = BILAN_CONFLICTS_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_conflicts_load(&l, ws, &err) < 0) {
		bilan_diags_add_error(diags, &err);
		return;
	}
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].open)
			bilan_diags_add(diags, BILAN_SEV_WARNING, l.v[i].path, 0, 0,
					_("open conflict: the remote's version is in '%s'; take what you need from it, delete it and run 'bilan save'"),
					l.v[i].remote);
	bilan_conflicts_clear(&l);
}
