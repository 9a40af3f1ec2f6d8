/* save.c - bilan save: validate and commit files edited by hand. */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "journal.h"
#include "fs.h"
#include "text.h"
#include "vcs.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static const struct cmd_option run_opts[] = {
	{ "message", 'm', 'm', N_("MESSAGE"),
	  N_("the commit message"), NULL },
	{ "quiet", 'q', 'q', NULL,
	  N_("print nothing when it is done"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_save = {
	"save", run, N_("validate and commit the files edited by hand"),
	N_("bilan save [-q] [-m MESSAGE] [PATH...]"), CMD_NEEDS_WS,
	run_opts, NULL, "@file", NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	const char *message = NULL;
	bool quiet = false;
	int c;
	while ((c = cmd_opt_next(&cmd_save, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'm': message = optarg; break;
		case 'q': quiet = true; break;
		default: return EXIT_USAGE;
		}
	}
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_repo *repo = NULL;
	struct bilan_status_list st = { 0 };
	if (bilan_repo_open(&repo, ctx->ws->root, &err) < 0 ||
	    bilan_repo_status(repo, &st, &err) < 0) {
		bilan_repo_free(repo);
		return print_error(&err);
	}
	bilan_repo_free_late(repo);   /* about to exit: a 10k index costs 7 M to free */

	/* paths as the person names them, from where they stand */
	struct bilan_strlist args = BILAN_STRLIST_INIT;
	for (int k = optind; k < argc; k++)
		bilan_strlist_add_owned(&args, ws_path_arg(argv[k]));
	/* A path named that is neither in the workspace nor a change (a file
	 * removed by hand is one) is an error, never a quiet success. */
	for (size_t k = 0; k < args.n; k++) {
		const char *a = args.v[k];
		size_t l = strlen(a);
		bool known = !strcmp(a, ".");
		for (size_t i = 0; i < st.n && !known; i++)
			known = !strncmp(st.v[i].path, a, l) &&
				(st.v[i].path[l] == '\0' || st.v[i].path[l] == '/');
		char *abs = bilan_ws_path(ctx->ws, a);
		known = known || bilan_fs_exists(abs);
		free(abs);
		if (!known) {
			bilan_status_list_clear(&st);
			struct bilan_error nf = BILAN_ERROR_INIT;
			bilan_error_set(&nf, BILAN_ENOTFOUND, _("'%s': no such file in the workspace"),
					argv[optind + (int)k]);
			bilan_strlist_clear(&args);
			return print_error(&nf);
		}
	}

	struct bilan_strlist paths = BILAN_STRLIST_INIT;
	for (size_t i = 0; i < st.n; i++) {
		bool wanted = args.n == 0;
		for (size_t k = 0; k < args.n && !wanted; k++) {
			const char *a = args.v[k];
			size_t l = strlen(a);
			wanted = !strcmp(a, ".") ||
				 (!strncmp(st.v[i].path, a, l) &&
				  (st.v[i].path[l] == '\0' || st.v[i].path[l] == '/'));
		}
		if (wanted)
			bilan_strlist_add(&paths, st.v[i].path);
	}
	bilan_strlist_clear(&args);
	if (!paths.n) {
		bilan_status_list_clear(&st);
		bilan_strlist_clear(&paths);
		return EXIT_DONE;   /* nothing to save: quiet success */
	}

	/* Under the lock, in one transaction: every file saved is adopted as
	 * it is, and an interrupted move is finished (a saved journal entry
	 * whose twin, the same entry in another folder, is as committed: the
	 * saved one is the newer text, the twin goes -- it stays in the
	 * history).  Then never commit an invalid file. */
	struct bilan_error err2 = BILAN_ERROR_INIT;
	int rc = bilan_ws_begin(ctx->ws, "save", &err2);
	for (size_t i = 0; rc == 0 && i < paths.n; i++)
		rc = bilan_ws_adopt(ctx->ws, paths.v[i], NULL, 0, &err2);
	size_t finished = 0;
	for (size_t i = 0; rc == 0 && i < paths.n; i++) {
		char *abs = bilan_ws_path(ctx->ws, paths.v[i]);
		bool there = bilan_fs_exists(abs);
		free(abs);
		struct bilan_strlist tw = BILAN_STRLIST_INIT;
		if (there && bilan_check_twins(ctx->ws, paths.v[i], &tw) == 1) {
			bool clean = true;
			for (size_t k = 0; k < st.n; k++)
				if (!strcmp(st.v[k].path, tw.v[0]))
					clean = false;
			if (clean && (rc = bilan_ws_remove(ctx->ws, tw.v[0], &err2)) == 0) {
				char *n1 = bilan_text_name(paths.v[i]), *n2 = bilan_text_name(tw.v[0]);
				warn(_("an interrupted move finished: '%s' kept, '%s' removed (it stays in the history)"),
				     n1, n2);
				free(n1);
				free(n2);
				finished++;
			}
		}
		bilan_strlist_clear(&tw);
	}
	bilan_status_list_clear(&st);
	struct bilan_diags diags = BILAN_DIAGS_INIT;
	size_t errors = 0;
	for (size_t i = 0; rc == 0 && i < paths.n; i++) {
		char *abs = bilan_ws_path(ctx->ws, paths.v[i]);
		if (bilan_fs_exists(abs))
			errors += bilan_check_file(ctx->ws, paths.v[i], false, &diags);
		free(abs);
	}
	for (size_t i = 0; i < diags.n; i++)
		print_diag(&diags.v[i]);
	bilan_diags_clear(&diags);
	if (rc < 0) {
		bilan_ws_rollback(ctx->ws);
		bilan_strlist_clear(&paths);
		return print_error(&err2);
	}
	if (errors) {
		bilan_ws_rollback(ctx->ws);
		bilan_strlist_clear(&paths);
		fail(_("nothing saved: fix the files above first"));
		return EXIT_FAILED;
	}

	/* the commit subject is stored in English whatever the locale, as
	 * every command's (bilan log shows it translated) */
	size_t nsaved = paths.n + finished;
	char *msg = message ? bilan_xstrdup(message)
			    : bilan_xasprintf(nsaved == 1 ? "save: %zu file edited by hand"
							  : "save: %zu files edited by hand", nsaved);
	char oid[BILAN_OID_HEX] = "";
	rc = bilan_ws_commit(ctx->ws, msg, oid, &err);
	if (rc < 0)
		bilan_ws_rollback(ctx->ws);
	free(msg);
	/* A journal entry edited in place escapes the folder digest of status
	 * and remind (journal.h): forget it. */
	for (size_t i = 0; rc == 0 && i < paths.n; i++)
		if (!strncmp(paths.v[i], BILAN_JOURNAL_DIR "/", strlen(BILAN_JOURNAL_DIR) + 1) ||
		    !strncmp(paths.v[i], BILAN_JOURNAL_PRIVATE_DIR "/",
			     strlen(BILAN_JOURNAL_PRIVATE_DIR) + 1)) {
			bilan_journal_digest_drop(ctx->ws);
			break;
		}
	size_t n = paths.n;
	bilan_strlist_clear(&paths);
	if (rc < 0)
		return print_error(&err);
	if (oid[0] && !quiet && stdout_is_tty())
		printf(P_("Saved %zu file.\n", "Saved %zu files.\n", n), n);
	return EXIT_DONE;
}
