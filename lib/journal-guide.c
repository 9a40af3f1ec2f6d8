/* journal-guide.c - the reflection guides (data/guides, overridden by the
 * workspace's guides/; see journal.h). */
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

/* ------------------------------------------------------------------ */
/* guides */

void bilan_guide_free(struct bilan_guide *g)
{
	if (!g)
		return;
	free(g->id);
	free(g->title);
	free(g->description);
	free(g->path);
	for (size_t i = 0; i < g->nsections; i++) {
		free(g->sections[i].title);
		bilan_strlist_clear(&g->sections[i].questions);
	}
	free(g->sections);
	free(g);
}

static void add_guide_names(struct bilan_strlist *out, const char *dir)
{
	struct bilan_strlist l = BILAN_STRLIST_INIT;
	bilan_fs_list(&l, dir, ".yaml", NULL);
	for (size_t i = 0; i < l.n; i++) {
		if (strchr(l.v[i], '/'))
			continue;
		char *name = bilan_xstrndup(l.v[i], strlen(l.v[i]) - 5);
		if (bilan_slug_valid(name) && !bilan_strlist_contains(out, name))
			bilan_strlist_add_owned(out, name);
		else
			free(name);
	}
	bilan_strlist_clear(&l);
}

int bilan_guide_names(struct bilan_strlist *out, const struct bilan_ws *ws,
		      struct bilan_error *err)
{
	(void)err;
	if (ws) {
		char *d = bilan_ws_path(ws, "guides");
		add_guide_names(out, d);
		free(d);
	}
	char *d = bilan_data_path("guides");
	add_guide_names(out, d);
	free(d);
	bilan_strlist_sort(out);
	return 0;
}

static int parse_guide(struct bilan_guide *g, const struct bilan_doc *doc,
		       struct bilan_error *err)
{
	struct bilan_node *root = NULL, *secs = NULL;
	const char *s = NULL;
	int rc;
	if (!doc->root)
		return bilan_error_set_at(err, BILAN_EINVALID, doc->path, 1, 1,
					  _("the file is empty"));
	if ((rc = bilan_get_map(doc, NULL, NULL, true, &root, err)) < 0)
		return rc;
	if ((rc = bilan_get_str(doc, root, "id", false, &s, err)) < 0)
		return rc;
	g->id = s ? bilan_xstrdup(s) : NULL;
	s = NULL;
	if ((rc = bilan_get_str(doc, root, "title", true, &s, err)) < 0)
		return rc;
	g->title = bilan_xstrdup(s);
	s = NULL;
	if ((rc = bilan_get_str(doc, root, "description", false, &s, err)) < 0)
		return rc;
	g->description = s ? bilan_xstrdup(s) : NULL;
	if ((rc = bilan_get_bool(doc, root, "private", false, &g->is_private, err)) < 0)
		return rc;
	if ((rc = bilan_get_seq(doc, root, "sections", true, &secs, err)) < 0)
		return rc;
	g->sections = bilan_xcalloc(secs->n + 1, sizeof(*g->sections));
	for (size_t i = 0; i < secs->n; i++) {
		struct bilan_node *sec = NULL, *qs = NULL;
		const char *t = NULL;
		if ((rc = bilan_get_map(doc, secs->items[i], NULL, true, &sec, err)) < 0 ||
		    (rc = bilan_get_str(doc, sec, "title", true, &t, err)) < 0 ||
		    (rc = bilan_get_seq(doc, sec, "questions", true, &qs, err)) < 0)
			return rc;
		struct bilan_guide_section *gs = &g->sections[g->nsections++];
		gs->title = bilan_xstrdup(t);
		for (size_t k = 0; k < qs->n; k++) {
			const struct bilan_node *q = qs->items[k];
			if (q->type != BILAN_NODE_SCALAR || bilan_node_is_null(q))
				return bilan_node_error(err, doc, q, _("a question must be text"));
			bilan_strlist_add(&gs->questions, q->value);
		}
	}
	return 0;
}

int bilan_guide_load(struct bilan_guide **out, const struct bilan_ws *ws,
		     const char *name, struct bilan_error *err)
{
	*out = NULL;
	char *path = NULL;
	if (bilan_slug_valid(name)) {
		char *rel = bilan_xasprintf("guides/%s.yaml", name);
		if (ws) {
			path = bilan_ws_path(ws, rel);
			if (!bilan_fs_exists(path)) {
				free(path);
				path = NULL;
			}
		}
		if (!path) {
			path = bilan_data_path(rel);
			if (!bilan_fs_exists(path)) {
				free(path);
				path = NULL;
			}
		}
		free(rel);
	}
	if (!path) {
		struct bilan_strlist names = BILAN_STRLIST_INIT;
		struct bilan_buf b = BILAN_BUF_INIT;
		bilan_guide_names(&names, ws, NULL);
		for (size_t i = 0; i < names.n; i++)
			bilan_buf_printf(&b, "%s%s", i ? ", " : "", names.v[i]);
		bilan_error_set(err, BILAN_ENOTFOUND, _("no guide '%s'"), name);
		bilan_error_hint(err, _("the guides are: %s"), bilan_buf_cstr(&b));
		bilan_strlist_clear(&names);
		bilan_buf_clear(&b);
		return BILAN_ENOTFOUND;
	}
	struct bilan_doc *doc = NULL;
	int rc = bilan_yaml_load_file(&doc, path, err);
	if (rc < 0) {
		free(path);
		return rc;
	}
	struct bilan_guide *g = bilan_xcalloc(1, sizeof(*g));
	g->path = path;
	rc = parse_guide(g, doc, err);
	bilan_doc_free(doc);
	if (rc < 0) {
		bilan_guide_free(g);
		return rc;
	}
	*out = g;
	return 0;
}
