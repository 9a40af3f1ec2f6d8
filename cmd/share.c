/* share.c - bilan share: consent, remote, status, revoke, forget, clone. */
#include "common.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "fs.h"
#include "merge.h"
#include "share.h"
#include "sync.h"
#include "text.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static void progress(const struct bilan_sync_progress *p, void *payload)
{
	(void)payload;
	if (p->total)
		fprintf(stderr, "\r%s: %u/%u (%zu KiB)", p->stage, p->done, p->total, p->bytes / 1024);
}

/* A recipient's name: a person or a firm, not a document. */
#define NAME_MAX_BYTES 256

static const struct cmd_option do_init_opts[] = {
	{ "to", 't', 't', N_("NAME"),
	  N_("the consultant who receives the shared part"), NULL },
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int do_init(int argc, char **argv, struct bilan_ctx *ctx)
{
	const char *to = NULL;
	int c;
	while ((c = cmd_opt_next(&cmd_share, do_init_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		case 't': to = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_share, _("missing the remote (a path or URL)"));
	if (optind + 1 < argc)
		return usage_error(&cmd_share, _("too many arguments"));
	if (!to || !to[strspn(to, " ")])
		return usage_error(&cmd_share, _("say who receives the work: --to NAME"));
	if (strlen(to) > NAME_MAX_BYTES)
		return usage_error(&cmd_share, _("the name is too long"));
	if (!bilan_utf8_valid(to, strlen(to), NULL))
		return usage_error(&cmd_share, _("the name is not valid UTF-8"));
	/* C0, DEL and C1 (U+0080 to U+009F: a terminal may read U+009B as CSI) */
	for (const unsigned char *p = (const unsigned char *)to; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return usage_error(&cmd_share, _("the name contains a control character"));
	int rc = ctx_open_ws(ctx);
	if (rc)
		return rc;
	struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	char *url = NULL;
	if (bilan_share_url_check(&url, argv[optind], &err) < 0)
		return print_error(&err);
	struct bilan_share s;
	if ((rc = bilan_share_load(&s, ws, &err)) < 0) {
		free(url);
		return print_error(&err);
	}
	const struct bilan_consent *cur = bilan_share_active(&s);
	/* the same consent again: an earlier share init recorded it and then
	 * could not configure the remote (75, try again): finish that */
	bool resume = cur && cur->to && cur->remote && !strcmp(cur->to, to) &&
		      !strcmp(cur->remote, url);
	if (cur && !resume) {
		bilan_error_set(&err, BILAN_EEXISTS, _("the workspace is already shared with '%s'"),
				cur->to);
		bilan_error_hint(&err, _("'bilan share revoke' first to share with someone else or elsewhere"));
		bilan_share_clear(&s);
		free(url);
		return print_error(&err);
	}
	if (!resume) {
		struct bilan_time now = bilan_time_now();
		struct bilan_node *root = bilan_share_grant(&s, to, url, &now);
		bilan_share_clear(&s);
		rc = bilan_ws_begin(ws, "share init", &err);
		if (rc == 0)
			rc = bilan_ws_write(ws, BILAN_SHARE_FILE, root, &err);
		bilan_node_free(root);
		rc = finish_txn(ws, rc, "share: consent recorded", &err);
		if (rc != EXIT_DONE) {
			free(url);
			return rc;
		}
	} else {
		bilan_share_clear(&s);
	}
	if (bilan_share_configure(ws, url, &err) < 0) {
		free(url);
		return print_error(&err);
	}
	enum bilan_server_hook server;
	if (bilan_share_install_server_hook(&server, url, &err) < 0) {
		free(url);
		return print_error(&err);
	}
	size_t priv = bilan_share_private_count(ws);
	printf(_("Consent recorded: everything outside private/ will be shared with "));
	print_text(stdout, to);
	printf(" (");
	print_text(stdout, url);
	printf(").\n");
	printf(P_("%zu private item stays on this computer.\n",
		  "%zu private items stay on this computer.\n", priv), priv);
	if (server == BILAN_SERVER_HOOK_INSTALLED)
		printf("%s\n", _("The shared repository refuses anything private: a pre-receive "
				 "guard is installed there."));
	else if (server == BILAN_SERVER_HOOK_FOREIGN)
		warn(_("the shared repository has a pre-receive hook of its own: bilan's guard "
		       "was not installed there (see bilan-share(1))"));
	printf("%s\n", _("The remote must be a private repository controlled by the provider: "
			 "whoever can read it reads everything shared."));
	printf("%s\n", _("Next: 'bilan sync' publishes the shared part."));
	free(url);
	return EXIT_DONE;
}

static const struct cmd_option do_status_opts[] = {
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int do_status(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_share, do_status_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_share, _("too many arguments"));
	int rc = ctx_open_ws(ctx);
	if (rc)
		return rc;
	const struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_share s;
	struct bilan_share_state st;
	struct bilan_conflicts conf = BILAN_CONFLICTS_INIT;
	if (bilan_share_load(&s, ws, &err) < 0)
		return print_error(&err);
	if (bilan_share_state_load(&st, ws->gitdir, &err) < 0 ||
	    bilan_conflicts_load(&conf, ws, &err) < 0) {
		bilan_share_clear(&s);
		bilan_share_state_clear(&st);
		return print_error(&err);
	}
	bool benef = bilan_share_is_beneficiary(ws);
	const struct bilan_consent *a = bilan_share_active(&s);
	const struct bilan_consent *last = s.n ? &s.v[s.n - 1] : NULL;
	size_t priv = bilan_share_private_count(ws);
	size_t open = 0;
	for (size_t i = 0; i < conf.n; i++)
		open += conf.v[i].open;
	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "role", json_string(benef ? "beneficiaire" : "consultant"));
		json_object_set_new(o, "shared", json_boolean(a != NULL));
		json_object_set_new(o, "to", json_str_or_null(last ? last->to : NULL));
		json_object_set_new(o, "remote", json_str_or_null(last ? last->remote : NULL));
		json_object_set_new(o, "granted", json_str_or_null(last ? last->granted : NULL));
		json_object_set_new(o, "revoked", json_str_or_null(last ? last->revoked : NULL));
		json_object_set_new(o, "last_sync", json_str_or_null(st.last_sync));
		json_object_set_new(o, "shared_files", json_integer(st.shared_files));
		json_object_set_new(o, "private_items", json_integer((json_int_t)priv));
		json_object_set_new(o, "open_conflicts", json_integer((json_int_t)open));
		json_object_set_new(o, "last_backup", json_str_or_null(st.last_backup));
		bilan_share_clear(&s);
		bilan_share_state_clear(&st);
		bilan_conflicts_clear(&conf);
		return json_print(o);
	}
	if (!benef && a) {
		printf(_("This is a copy shared by "));
		print_text(stdout, ws->cfg.name ? ws->cfg.name : "?");
		printf(_(" with "));
		print_text(stdout, a->to);
		printf(".\n");
	} else if (a) {
		printf(_("Shared with "));
		print_text(stdout, a->to);
		printf(_(" since %.10s (consent recorded), at "), a->granted);
		print_text(stdout, a->remote ? a->remote : "?");
		printf(".\n");
	} else if (last) {
		printf(_("Not shared: sharing with "));
		print_text(stdout, last->to);
		printf(_(" was revoked on %.10s.\n"), last->revoked ? last->revoked : "?");
	} else {
		printf("%s\n", _("Not shared: no consent is recorded ('bilan share init URL --to NAME')."));
	}
	if (st.last_sync && benef)
		printf(_("Last sync: %.16s (%lld files shared).\n"), st.last_sync, st.shared_files);
	else if (st.last_sync)
		printf(_("Last sync: %.16s.\n"), st.last_sync);
	else if (a)
		printf("%s\n", _("Never synced yet: run 'bilan sync'."));
	if (benef)
		printf(P_("%zu private item stays on this computer.\n",
			  "%zu private items stay on this computer.\n", priv), priv);
	if (st.last_backup)
		printf(_("Last backup: %.16s.\n"), st.last_backup);
	if (open)
		printf(P_("%zu open conflict: see 'bilan status'.\n",
			  "%zu open conflicts: see 'bilan status'.\n", open), open);
	bilan_share_clear(&s);
	bilan_share_state_clear(&st);
	bilan_conflicts_clear(&conf);
	return EXIT_DONE;
}

static const struct cmd_option do_revoke_opts[] = {
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int do_revoke(int argc, char **argv, struct bilan_ctx *ctx)
{
	int c;
	while ((c = cmd_opt_next(&cmd_share, do_revoke_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_share, _("too many arguments"));
	int rc = ctx_open_ws(ctx);
	if (rc)
		return rc;
	struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_share s;
	struct bilan_share_state st;
	if (bilan_share_load(&s, ws, &err) < 0)
		return print_error(&err);
	const struct bilan_consent *a = bilan_share_active(&s);
	if (!a) {
		bilan_share_clear(&s);
		bilan_error_set(&err, BILAN_EFAIL, _("the workspace is not shared"));
		return print_error(&err);
	}
	char *to = bilan_xstrdup(a->to);
	struct bilan_time now = bilan_time_now();
	struct bilan_node *root = bilan_share_revoke(&s, &now);
	bilan_share_clear(&s);
	rc = bilan_ws_begin(ws, "share revoke", &err);
	if (rc == 0)
		rc = bilan_ws_write(ws, BILAN_SHARE_FILE, root, &err);
	bilan_node_free(root);
	rc = finish_txn(ws, rc, "share: consent revoked", &err);
	if (rc != EXIT_DONE) {
		free(to);
		return rc;
	}
	if (bilan_share_unconfigure(ws, &err) < 0) {
		free(to);
		return print_error(&err);
	}
	bilan_share_state_load(&st, ws->gitdir, NULL);
	printf(_("Sharing with "));
	print_text(stdout, to);
	printf("%s\n", _(" stopped: nothing more will be sent."));
	if (st.last_sync)
		printf(_("They keep what they already have: the shared history up to %.16s (%lld files, nothing from private/). Ask them to delete their copy: bilan cannot take it back.\n"),
		       st.last_sync, st.shared_files);
	else
		printf("%s\n", _("Nothing had been sent yet."));
	bilan_share_state_clear(&st);
	free(to);
	return EXIT_DONE;
}

static const struct cmd_option do_forget_opts[] = {
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int do_forget(int argc, char **argv, struct bilan_ctx *ctx)
{
	int c;
	while ((c = cmd_opt_next(&cmd_share, do_forget_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_share, _("missing the path to forget"));
	if (optind + 1 < argc)
		return usage_error(&cmd_share, _("too many arguments"));
	int rc = ctx_open_ws(ctx);
	if (rc)
		return rc;
	char *path = bilan_xstrdup(argv[optind]);
	size_t l = strlen(path);
	while (l > 1 && path[l - 1] == '/')
		path[--l] = '\0';
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_sync_opts o = BILAN_SYNC_OPTS_INIT;
	if (isatty(STDERR_FILENO))
		o.progress = progress;
	size_t n = 0;
	bool pushed = false;
	rc = bilan_sync_forget(&n, &pushed, ctx->ws, path, &o, &err);
	if (o.progress)
		fputc('\n', stderr);
	if (rc < 0) {
		free(path);
		return print_error(&err);
	}
	if (!n) {
		printf(_("'%s' is not in the shared history; it will never be shared.\n"), path);
	} else {
		printf(P_("Removed '%s' from %zu shared commit", "Removed '%s' from %zu shared commits", n),
		       path, n);
		printf("%s\n", pushed ? _(" and replaced the remote's history.") : ".");
		warn(_("copies already pulled (the consultant's clone, forks) keep '%s': ask them to delete it"),
		     path);
	}
	free(path);
	return EXIT_DONE;
}

static const struct cmd_option do_accept_opts[] = {
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int do_accept(int argc, char **argv, struct bilan_ctx *ctx)
{
	int c;
	while ((c = cmd_opt_next(&cmd_share, do_accept_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_share, _("missing the path to accept"));
	for (int i = optind; i < argc; i++)
		if (strlen(argv[i]) > 4096)
			return usage_error(&cmd_share, _("the path is too long (at most %d bytes)"),
					   4096);
	int rc = ctx_open_ws(ctx);
	if (rc)
		return rc;
	size_t n = (size_t)(argc - optind);
	char **paths = bilan_xcalloc(n, sizeof(*paths));
	for (size_t i = 0; i < n; i++) {
		paths[i] = bilan_xstrdup(argv[optind + (int)i]);
		size_t l = strlen(paths[i]);
		while (l > 1 && paths[i][l - 1] == '/')
			paths[i][--l] = '\0';
	}
	struct bilan_error err = BILAN_ERROR_INIT;
	rc = bilan_share_accept(ctx->ws, (const char *const *)paths, n, &err);
	if (rc == 0)
		printf(P_("Accepted %zu file as it is now: the next 'bilan sync' shares it "
			  "(a later change is checked again).\n",
			  "Accepted %zu files as they are now: the next 'bilan sync' shares them "
			  "(a later change is checked again).\n", n), n);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return rc < 0 ? print_error(&err) : EXIT_DONE;
}

static const struct cmd_option do_clone_opts[] = {
	CMD_OPT_QUIET,
	{ "name", 0, 'n', N_("NAME"), N_("your name, as the clone's commits and records give it (default: bilan.yaml's consultant)"), NULL },
	{ "email", 0, 'e', N_("EMAIL"), N_("your e-mail, for the clone's commits"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int do_clone(int argc, char **argv, struct bilan_ctx *ctx)
{
	(void)ctx;
	int c;
	const char *name = NULL, *email = NULL;
	while ((c = cmd_opt_next(&cmd_share, do_clone_opts, argc, argv)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 'e': email = optarg; break;
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 2)
		return usage_error(&cmd_share, _("expected URL and DIR"));
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_sync_opts o = BILAN_SYNC_OPTS_INIT;
	o.name = name;
	o.email = email;
	if (isatty(STDERR_FILENO))
		o.progress = progress;
	int rc = bilan_sync_clone(argv[optind], argv[optind + 1], &o, &err);
	if (o.progress)
		fputc('\n', stderr);
	if (rc < 0)
		return print_error(&err);
	char *cfg = bilan_xasprintf("%s/%s", argv[optind + 1], BILAN_CONFIG_FILE);
	bool ok = bilan_fs_exists(cfg);
	free(cfg);
	if (!ok)
		warn(_("'%s' holds no bilan.yaml: it is not a shared bilan workspace"), argv[optind]);
	printf(_("Cloned into '%s'. Read it with 'bilan -C %s status'; send your additions back with 'bilan sync'.\n"),
	       argv[optind + 1], argv[optind + 1]);
	return EXIT_DONE;
}

static const struct bilan_subcmd subs[] = {
	{ "init", do_init, N_("record the consent and set the remote"),
	  do_init_opts, NULL },
	{ "status", do_status, N_("with whom, since when, last sync"),
	  do_status_opts, NULL },
	{ "revoke", do_revoke, N_("stop sharing"),
	  do_revoke_opts, NULL },
	{ "forget", do_forget, N_("remove a path from the shared history"),
	  do_forget_opts, "@file" },
	{ "accept", do_accept, N_("let files that sync stopped for be shared as they are"),
	  do_accept_opts, "@file" },
	{ "clone", do_clone, N_("clone a shared workspace (consultant)"),
	  do_clone_opts, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_share = {
	"share", run, N_("share the workspace with the consultant, with consent"),
	N_("bilan share init URL --to NAME\n"
	   "bilan share status [--json]\n"
	   "bilan share revoke\n"
	   "bilan share forget PATH\n"
	   "bilan share accept PATH...\n"
	   "bilan share clone URL DIR"),
	0,
	NULL, subs, NULL, "status",
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	return cmd_dispatch_sub(&cmd_share, subs, "status", argc, argv, ctx);
}
