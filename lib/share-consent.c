/* share-consent.c - the consent to share: partage.yaml read, granted and
 * revoked (see share.h). */
#include "share.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "fs.h"
#include "i18n.h"
#include "id.h"
#include "text.h"

/* ------------------------------------------------------------------ */
/* consent */

int bilan_share_load(struct bilan_share *out, const struct bilan_ws *ws,
		     struct bilan_error *err)
{
	memset(out, 0, sizeof(*out));
	char *abs = bilan_ws_path(ws, BILAN_SHARE_FILE);
	int rc = 0;
	if (!bilan_fs_exists(abs))
		goto out;
	if ((rc = bilan_yaml_load_file(&out->doc, abs, err)) < 0)
		goto out;
	struct bilan_doc *doc = out->doc;
	free(doc->path);
	doc->path = bilan_xstrdup(BILAN_SHARE_FILE);
	if (!doc->root)
		goto out;
	struct bilan_node *list = NULL, *top = NULL;
	if ((rc = bilan_get_map(doc, NULL, NULL, true, &top, err)) < 0)
		goto bad;
	if ((rc = bilan_get_seq(doc, doc->root, "consents", false, &list, err)) < 0)
		goto bad;
	if (!list)
		goto out;
	out->v = bilan_xcalloc(list->n ? list->n : 1, sizeof(*out->v));
	for (size_t i = 0; i < list->n; i++) {
		const struct bilan_node *c = list->items[i];
		struct bilan_consent *k = &out->v[out->n];
		if (c->type != BILAN_NODE_MAP) {
			rc = bilan_node_error(err, doc, c, _("expected a consent record (to, remote, granted)"));
			goto bad;
		}
		if ((rc = bilan_get_str(doc, c, "to", true, &k->to, err)) < 0 ||
		    (rc = bilan_get_str(doc, c, "remote", false, &k->remote, err)) < 0 ||
		    (rc = bilan_get_str(doc, c, "scope", false, &k->scope, err)) < 0 ||
		    (rc = bilan_get_str(doc, c, "granted", true, &k->granted, err)) < 0 ||
		    (rc = bilan_get_str(doc, c, "revoked", false, &k->revoked, err)) < 0)
			goto bad;
		out->n++;
	}
	goto out;
bad:
	bilan_share_clear(out);
out:
	free(abs);
	return rc;
}

void bilan_share_clear(struct bilan_share *s)
{
	if (!s)
		return;
	bilan_doc_free(s->doc);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

const struct bilan_consent *bilan_share_active(const struct bilan_share *s)
{
	if (!s || !s->n)
		return NULL;
	const struct bilan_consent *c = &s->v[s->n - 1];
	return c->revoked ? NULL : c;
}

static struct bilan_node *share_root(const struct bilan_share *s)
{
	struct bilan_node *root = s->doc && s->doc->root && s->doc->root->type == BILAN_NODE_MAP
		? bilan_node_clone(s->doc->root) : bilan_node_map();
	if (!bilan_map_get(root, "format")) {
		struct bilan_node *fresh = bilan_node_map();
		bilan_map_set_int(fresh, "format", 1);
		for (size_t i = 0; i < root->n; i++)
			bilan_map_set(fresh, root->pairs[i].key->value,
				      bilan_node_clone(root->pairs[i].value));
		bilan_node_free(root);
		root = fresh;
	}
	struct bilan_node *list = bilan_map_get(root, "consents");
	if (!list || list->type != BILAN_NODE_SEQ)
		bilan_map_set(root, "consents", bilan_node_seq());
	return root;
}

struct bilan_node *bilan_share_grant(const struct bilan_share *s, const char *to,
				     const char *remote, const struct bilan_time *when)
{
	struct bilan_node *root = share_root(s);
	struct bilan_node *c = bilan_node_map();
	char iso[BILAN_TIME_ISO_MAX];
	bilan_time_format_iso(iso, when);
	bilan_map_set_str(c, "to", to);
	bilan_map_set_str(c, "remote", remote);
	bilan_map_set_str(c, "scope", BILAN_SHARE_SCOPE);
	bilan_map_set_str(c, "granted", iso);
	bilan_seq_append(bilan_map_get(root, "consents"), c);
	return root;
}

struct bilan_node *bilan_share_revoke(const struct bilan_share *s,
				      const struct bilan_time *when)
{
	struct bilan_node *root = share_root(s);
	struct bilan_node *list = bilan_map_get(root, "consents");
	if (list->n) {
		char iso[BILAN_TIME_ISO_MAX];
		bilan_time_format_iso(iso, when);
		struct bilan_node *last = list->items[list->n - 1];
		if (last->type == BILAN_NODE_MAP && !bilan_map_str(last, "revoked"))
			bilan_map_set_str(last, "revoked", iso);
	}
	return root;
}

