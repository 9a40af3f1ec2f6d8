/* private.c - bilan private: move an item under private/ (never shared). */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "id.h"
#include "merge.h"
#include "share.h"
#include "sync.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static bool movable(const char *rel)
{
	return strcmp(rel, BILAN_CONFIG_FILE) && strcmp(rel, BILAN_SHARE_FILE) &&
	       strcmp(rel, ".gitignore") && !bilan_conflict_is_own_file(rel) &&
	       strncmp(rel, BILAN_PRIVATE_DIR "/", strlen(BILAN_PRIVATE_DIR) + 1) &&
	       strcmp(rel, BILAN_PRIVATE_DIR);
}

/* The files an argument names: a path (file or folder) of the workspace, or
 * the id / name of a record file (unique prefix). */
static int resolve(struct bilan_strlist *out, const struct bilan_ws *ws, const char *arg,
		   struct bilan_error *err)
{
	char *rel = bilan_xstrdup(arg);
	size_t l = strlen(rel);
	while (l > 1 && rel[l - 1] == '/')
		rel[--l] = '\0';
	/* a path given from inside the workspace */
	if (!strncmp(rel, ws->root, strlen(ws->root)) && rel[strlen(ws->root)] == '/')
		memmove(rel, rel + strlen(ws->root) + 1, strlen(rel + strlen(ws->root)));
	int rc = 0;
	if (bilan_fs_rel_path_ok(rel)) {
		char *abs = bilan_ws_path(ws, rel);
		if (bilan_fs_is_dir(abs)) {
			struct bilan_strlist l2 = BILAN_STRLIST_INIT;
			rc = bilan_fs_list(&l2, abs, "", err);
			for (size_t i = 0; rc == 0 && i < l2.n; i++)
				bilan_strlist_add_owned(out, bilan_xasprintf("%s/%s", rel, l2.v[i]));
			bilan_strlist_clear(&l2);
			free(abs);
			free(rel);
			return rc;
		}
		if (bilan_fs_exists(abs)) {
			bilan_strlist_add(out, rel);
			free(abs);
			free(rel);
			return 0;
		}
		free(abs);
	}
	/* an id or a record name */
	struct bilan_strlist all = BILAN_STRLIST_INIT, names = BILAN_STRLIST_INIT;
	if ((rc = bilan_fs_list(&all, ws->root, ".yaml", err)) == 0) {
		struct bilan_strlist keep = BILAN_STRLIST_INIT;
		for (size_t i = 0; i < all.n; i++) {
			if (!movable(all.v[i]) || !strchr(all.v[i], '/'))
				continue;
			const char *base = strrchr(all.v[i], '/') + 1;
			bilan_strlist_add_owned(&names, bilan_xstrndup(base, strlen(base) - 5));
			bilan_strlist_add(&keep, all.v[i]);
		}
		size_t idx = 0;
		rc = bilan_prefix_resolve(&idx, (const char *const *)names.v, names.n, arg,
					  _("item"), err);
		if (rc == 0)
			bilan_strlist_add(out, keep.v[idx]);
		bilan_strlist_clear(&keep);
	}
	bilan_strlist_clear(&all);
	bilan_strlist_clear(&names);
	free(rel);
	return rc;
}

static const struct cmd_option run_opts[] = {
	{ "quiet", 'q', 'q', NULL,
	  N_("print nothing when all went well"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_private = {
	"private", run, N_("move an item under private/, where it is never shared"),
	N_("bilan private ID|PATH..."), CMD_NEEDS_WS,
	run_opts, NULL, "@file", NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool quiet = false;
	int c;
	while ((c = cmd_opt_next(&cmd_private, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': quiet = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_private, _("name the item to make private (an id or a path)"));
	struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_strlist files = BILAN_STRLIST_INIT;
	for (int i = optind; i < argc; i++) {
		if (resolve(&files, ws, argv[i], &err) < 0) {
			bilan_strlist_clear(&files);
			return print_error(&err);
		}
	}
	for (size_t i = 0; i < files.n; i++) {
		if (!movable(files.v[i])) {
			bilan_error_set(&err, BILAN_EUSAGE, _("'%s' cannot be made private"), files.v[i]);
			if (!strncmp(files.v[i], BILAN_PRIVATE_DIR "/", strlen(BILAN_PRIVATE_DIR) + 1))
				bilan_error_hint(&err, _("it is private already"));
			bilan_strlist_clear(&files);
			return print_error(&err);
		}
	}
	if (!files.n) {
		bilan_strlist_clear(&files);
		bilan_error_set(&err, BILAN_ENOTFOUND, _("nothing to make private there"));
		return print_error(&err);
	}
	/* Shared already?  (Read before the move.) */
	struct bilan_strlist shared = BILAN_STRLIST_INIT;
	for (size_t i = 0; i < files.n; i++) {
		bool was = false;
		if (bilan_sync_was_shared(&was, ws, files.v[i], NULL) == 0 && was)
			bilan_strlist_add(&shared, files.v[i]);
	}
	int rc = bilan_ws_begin(ws, "private", &err);
	for (size_t i = 0; rc == 0 && i < files.n; i++) {
		char *dest = bilan_xasprintf("%s/%s", BILAN_PRIVATE_DIR, files.v[i]);
		char *src = bilan_ws_path(ws, files.v[i]);
		char *dabs = bilan_ws_path(ws, dest);
		struct bilan_buf b = BILAN_BUF_INIT, there = BILAN_BUF_INIT;
		bool copied = false;
		rc = bilan_fs_read(&b, src, 64u << 20, &err);
		/* The same copy there already: a move interrupted between the
		 * copy and the removal (and maybe saved since) completes. */
		if (rc == 0 && bilan_fs_exists(dabs)) {
			copied = bilan_fs_read(&there, dabs, 64u << 20, NULL) == 0 &&
				 there.len == b.len && (!b.len || !memcmp(there.ptr, b.ptr, b.len));
			if (!copied)
				rc = bilan_error_set(&err, BILAN_EEXISTS, _("'%s' exists already"), dest);
		}
		bilan_buf_clear(&there);
		if (rc == 0 && !copied)
			rc = bilan_ws_write_raw(ws, dest, b.ptr ? b.ptr : "", b.len, &err);
		if (rc == 0)
			rc = bilan_ws_remove(ws, files.v[i], &err);
		bilan_buf_clear(&b);
		free(dest);
		free(src);
		free(dabs);
	}
	/* A neutral message: a path may carry a title. */
	char *msg = bilan_xasprintf(files.n == 1 ? "private: move an item under private/"
						 : "private: move %zu items under private/", files.n);
	rc = finish_txn(ws, rc, msg, &err);
	free(msg);
	if (rc == EXIT_DONE) {
		if (!quiet)
			for (size_t i = 0; i < files.n; i++) {
				printf(_("Moved '%s' to '%s/%s'.\n"), files.v[i], BILAN_PRIVATE_DIR,
				       files.v[i]);
			}
		for (size_t i = 0; i < shared.n; i++)
			warn(_("'%s' was already shared: the consultant's copy keeps it; 'bilan share forget %s' removes it from the shared history"),
			     shared.v[i], shared.v[i]);
	}
	bilan_strlist_clear(&files);
	bilan_strlist_clear(&shared);
	return rc;
}
