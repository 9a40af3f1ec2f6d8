/* share-state.c - the local state of sharing in .git/bilan/ (see share.h). */
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
/* local state */

static char *state_path(const char *gitdir)
{
	return bilan_xasprintf("%s/bilan/share.yaml", gitdir);
}

static char *dup_or_null(const char *s)
{
	return s ? bilan_xstrdup(s) : NULL;
}

int bilan_share_state_load(struct bilan_share_state *out, const char *gitdir,
			   struct bilan_error *err)
{
	memset(out, 0, sizeof(*out));
	char *path = state_path(gitdir);
	struct bilan_doc *doc = NULL;
	int rc = 0;
	if (!bilan_fs_exists(path))
		goto out;
	if ((rc = bilan_yaml_load_file(&doc, path, err)) < 0)
		goto out;
	const struct bilan_node *r = doc->root;
	out->last_sync = dup_or_null(bilan_map_str(r, "last_sync"));
	out->last_push = dup_or_null(bilan_map_str(r, "last_push"));
	out->last_backup = dup_or_null(bilan_map_str(r, "last_backup"));
	out->last_backup_dest = dup_or_null(bilan_map_str(r, "last_backup_dest"));
	out->published = dup_or_null(bilan_map_str(r, "published"));
	const char *n = bilan_map_str(r, "shared_files");
	out->shared_files = 0;
	if (n) {
		/* a count for display, in a file that may be edited by hand */
		char *end = NULL;
		errno = 0;
		long long v = strtoll(n, &end, 10);
		if (!errno && end && !*end && v >= 0)
			out->shared_files = v;
	}
	const struct bilan_node *f = bilan_map_get(r, "forgotten");
	for (size_t i = 0; f && f->type == BILAN_NODE_SEQ && i < f->n; i++)
		if (f->items[i]->type == BILAN_NODE_SCALAR &&
		    bilan_fs_rel_path_ok(f->items[i]->value))
			bilan_strlist_add(&out->forgotten, f->items[i]->value);
	const struct bilan_node *a = bilan_map_get(r, "accepted");
	for (size_t i = 0; a && a->type == BILAN_NODE_SEQ && i < a->n; i++) {
		const char *v = a->items[i]->type == BILAN_NODE_SCALAR ? a->items[i]->value : "";
		/* "OID PATH" */
		if (strlen(v) > 41 && strspn(v, "0123456789abcdef") == 40 && v[40] == ' ' &&
		    bilan_fs_rel_path_ok(v + 41))
			bilan_strlist_add(&out->accepted, v);
	}
out:
	bilan_doc_free(doc);
	free(path);
	return rc;
}

int bilan_share_state_save(const struct bilan_share_state *st, const char *gitdir,
			   struct bilan_error *err)
{
	char *dir = bilan_xasprintf("%s/bilan", gitdir);
	char *path = state_path(gitdir);
	struct bilan_node *r = bilan_node_map();
	int rc;
	if (st->last_sync)
		bilan_map_set_str(r, "last_sync", st->last_sync);
	if (st->last_push)
		bilan_map_set_str(r, "last_push", st->last_push);
	bilan_map_set_int(r, "shared_files", st->shared_files);
	if (st->last_backup)
		bilan_map_set_str(r, "last_backup", st->last_backup);
	if (st->last_backup_dest)
		bilan_map_set_str(r, "last_backup_dest", st->last_backup_dest);
	if (st->published)
		bilan_map_set_str(r, "published", st->published);
	/* Forgotten paths are never dropped: a sync that read the state
	 * before a concurrent 'share forget' saved one (sync reads it
	 * without the lock, before its fetch) keeps it, so that the path is
	 * never shared again. */
	struct bilan_share_state cur;
	struct bilan_strlist all = BILAN_STRLIST_INIT;
	for (size_t i = 0; i < st->forgotten.n; i++)
		bilan_strlist_add(&all, st->forgotten.v[i]);
	if (bilan_share_state_load(&cur, gitdir, NULL) == 0)
		for (size_t i = 0; i < cur.forgotten.n; i++)
			if (!bilan_strlist_contains(&all, cur.forgotten.v[i]))
				bilan_strlist_add(&all, cur.forgotten.v[i]);
	/* Acceptances are kept the same way (a sync saves the state it read
	 * before a concurrent 'share accept'). */
	struct bilan_strlist acc = BILAN_STRLIST_INIT;
	for (size_t i = 0; i < st->accepted.n; i++)
		bilan_strlist_add(&acc, st->accepted.v[i]);
	for (size_t i = 0; i < cur.accepted.n; i++)
		if (!bilan_strlist_contains(&acc, cur.accepted.v[i]))
			bilan_strlist_add(&acc, cur.accepted.v[i]);
	bilan_share_state_clear(&cur);
	if (all.n) {
		struct bilan_node *f = bilan_node_seq();
		for (size_t i = 0; i < all.n; i++)
			bilan_seq_append(f, bilan_node_str(all.v[i]));
		bilan_map_set(r, "forgotten", f);
	}
	if (acc.n) {
		struct bilan_node *f = bilan_node_seq();
		for (size_t i = 0; i < acc.n; i++)
			bilan_seq_append(f, bilan_node_str(acc.v[i]));
		bilan_map_set(r, "accepted", f);
	}
	bilan_strlist_clear(&acc);
	bilan_strlist_clear(&all);
	if ((rc = bilan_fs_mkdir_p(dir, 0700, err)) == 0)
		rc = bilan_yaml_write_file(path, r, err);
	bilan_node_free(r);
	free(dir);
	free(path);
	return rc;
}

void bilan_share_state_clear(struct bilan_share_state *st)
{
	if (!st)
		return;
	free(st->last_sync);
	free(st->last_push);
	free(st->last_backup);
	free(st->last_backup_dest);
	free(st->published);
	bilan_strlist_clear(&st->forgotten);
	bilan_strlist_clear(&st->accepted);
	memset(st, 0, sizeof(*st));
}

size_t bilan_share_private_count(const struct bilan_ws *ws)
{
	char *dir = bilan_ws_path(ws, BILAN_PRIVATE_DIR);
	struct bilan_strlist l = BILAN_STRLIST_INIT;
	size_t n = 0;
	if (bilan_fs_list(&l, dir, "", NULL) == 0)
		n = l.n;
	bilan_strlist_clear(&l);
	free(dir);
	return n;
}

