/* purge.c - bilan purge: the consultant deletes their clone, and the shared
 * repository where bilan can reach it, once the retention period is over
 * (R6313-7; lib/purge.h).  A dry run unless the beneficiary's name is typed
 * with --confirm; a dated line is kept in the register. */
#include "common.h"
#include "labels.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "purge.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static const struct cmd_option run_opts[] = {
	{ "confirm", 0, 'c', N_("NAME"),
	  N_("the beneficiary's name, typed to purge for real (else a dry run)"), NULL },
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_purge = {
	"purge", run, N_("consultant: delete the clone and the shared repository when retention ends"),
	N_("bilan purge [--confirm NAME]"),
	CMD_NEEDS_WS,
	run_opts, NULL, NULL, NULL,
};

static const char *transport_text(const struct bilan_purge_plan *p)
{
	switch (p->transport) {
	case BILAN_PURGE_NO_REMOTE:
		return _("no shared repository is named in the clone");
	case BILAN_PURGE_LOCAL:
		return p->remote_is_bare ? _("a bare repository on disk: deleted")
					 : _("not a bare git repository: left alone, delete it by hand");
	case BILAN_PURGE_SSH:
		return _("over SSH: git cannot delete a repository; its owner deletes it on the server (rm -r)");
	case BILAN_PURGE_HTTPS:
		return _("over HTTPS (a forge or a git server): delete it in its web interface or API; bilan cannot");
	case BILAN_PURGE_GIT:
		return _("over the git protocol, which is read-only: delete it on the server");
	case BILAN_PURGE_OTHER:
		break;
	}
	return _("a transport bilan does not know: delete it where it is kept");
}

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	const char *confirm = NULL;
	int c;
	while ((c = cmd_opt_next(&cmd_purge, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		case 'c': confirm = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_purge, _("too many arguments"));
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_purge_plan p;
	int64_t now = bilan_now();
	if (bilan_purge_plan(&p, ctx->ws, now, &err) < 0)
		return print_error(&err);
	char day[32];
	int rc = EXIT_DONE;
	if (!p.closed) {
		fprintf(stderr, "%s\n", _("bilan: the bilan is not closed: nothing is purged before its end ('bilan close' in the beneficiary's workspace, then sync)"));
		rc = EXIT_DECISION;
		goto out;
	}
	lbl_date_day(day, sizeof(day), &p.due_on);
	if (!p.due) {
		fprintf(stderr, _("bilan: the documents are kept with the beneficiary's written agreement: the purge is due from %s"), day);
		fprintf(stderr, "\n");
		rc = EXIT_DECISION;
		goto out;
	}
	char *reg = bilan_purge_register_path();
	printf(_("Purge of the consultant's copy of the bilan of %s (due since %s):"), p.name ? p.name : "?", day);
	printf("\n  ");
	printf(_("the clone %s: deleted"), p.clone);
	printf("\n  ");
	if (p.remote_url) {
		printf(_("the shared repository %s: %s"), p.remote_url, transport_text(&p));
	} else {
		printf("%s", transport_text(&p));
	}
	printf("\n  ");
	printf(_("a dated line in the register %s, which stays"), reg);
	printf("\n%s\n", _("The beneficiary's own copy is theirs: it is never purged."));
	if (!confirm) {
		printf(_("Dry run: nothing deleted.  To purge, type the beneficiary's name: bilan purge --confirm '%s'"),
		       p.name ? p.name : "");
		printf("\n");
	} else if (!p.name || strcmp(confirm, p.name)) {
		rc = usage_error(&cmd_purge, _("the name typed is not the beneficiary's: nothing deleted"));
	} else {
		bool remote = false;
		if (bilan_purge_run(&p, now, &remote, &err) < 0) {
			rc = print_error(&err);
		} else {
			printf("%s\n", remote ? _("Purged: the clone and the shared repository are deleted.")
					      : _("Purged: the clone is deleted; the shared repository is to delete where it is kept."));
		}
	}
	free(reg);
out:
	bilan_purge_plan_clear(&p);
	return rc;
}
