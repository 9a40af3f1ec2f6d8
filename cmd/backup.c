/* backup.c - bilan backup: the whole history, private/ included, to a place
 * of the beneficiary's own; --restore brings it back. */
#include "common.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sync.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static void progress(const struct bilan_sync_progress *p, void *payload)
{
	(void)payload;
	if (p->total)
		fprintf(stderr, "\r%s: %u/%u (%zu KiB)", p->stage, p->done, p->total, p->bytes / 1024);
}

static const struct cmd_option run_opts[] = {
	{ "restore", 0, 'r', NULL,
	  N_("restore a backup SRC into a new folder DIR"), NULL },
	{ "quiet", 'q', 'q', NULL,
	  N_("print nothing when all went well"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_backup = {
	"backup", run, N_("copy the whole workspace, private part included, to a place of your own"),
	N_("bilan backup DEST\n"
	   "bilan backup --restore SRC DIR"),
	0,
	run_opts, NULL, "@dir", NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool restore = false, quiet = false;
	int c;
	while ((c = cmd_opt_next(&cmd_backup, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'r': restore = true; break;
		case 'q': quiet = true; break;
		default: return EXIT_USAGE;
		}
	}
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_sync_opts o = BILAN_SYNC_OPTS_INIT;
	bool tty = isatty(STDERR_FILENO) && !quiet;
	if (tty)
		o.progress = progress;
	int rc;
	if (restore) {
		if (argc - optind != 2)
			return usage_error(&cmd_backup, _("expected SRC and DIR"));
		rc = bilan_sync_restore(argv[optind], argv[optind + 1], &o, &err);
		if (tty)
			fputc('\n', stderr);
		if (rc < 0)
			return print_error(&err);
		if (!quiet)
			printf(_("Restored the workspace into '%s' (history and private part included).\n"),
			       argv[optind + 1]);
		return EXIT_DONE;
	}
	if (argc - optind != 1)
		return usage_error(&cmd_backup, argc - optind ? _("too many arguments")
							      : _("missing the destination"));
	if ((rc = ctx_open_ws(ctx)))
		return rc;
	rc = bilan_sync_backup(ctx->ws, argv[optind], &o, &err);
	if (tty)
		fputc('\n', stderr);
	if (rc < 0)
		return print_error(&err);
	if (!quiet) {
		printf(_("Backed up the whole history, private part included, to '%s'.\n"), argv[optind]);
		printf("%s\n", _("The private part is plain text there too: keep the backup on an encrypted disk."));
	}
	return EXIT_DONE;
}
