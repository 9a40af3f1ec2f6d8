/* log.c - bilan log: the workspace history. */
#include "common.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vcs.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static const struct cmd_option run_opts[] = {
	{ "max-count", 'n', 'n', N_("N"),
	  N_("show at most N commits"), NULL },
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_log = {
	"log", run, N_("show the history of the workspace"),
	N_("bilan log [-n N] [--json]"), CMD_NEEDS_WS,
	run_opts, NULL, NULL, NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	long max = 0;
	bool json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_log, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'n': {
			char *end;
			max = strtol(optarg, &end, 10);
			if (*end || max <= 0)
				return usage_error(&cmd_log, _("-n needs a positive number, not '%s'"), optarg);
			break;
		}
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_log, _("too many arguments"));
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_repo *repo = NULL;
	struct bilan_log log = { 0 };
	if (bilan_repo_open(&repo, ctx->ws->root, &err) < 0 ||
	    bilan_repo_log(repo, (size_t)max, &log, &err) < 0) {
		bilan_repo_free(repo);
		return print_error(&err);
	}
	int rc = EXIT_DONE;
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < log.n; i++) {
			const struct bilan_log_entry *e = &log.v[i];
			struct bilan_time t = { e->time, e->offset_minutes * 60, true };
			char iso[BILAN_TIME_ISO_MAX];
			bilan_time_format_iso(iso, &t);
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}",
				"commit", e->oid, "date", iso,
				"author", e->author_name ? e->author_name : "",
				"email", e->author_email ? e->author_email : "",
				"summary", e->summary ? e->summary : "",
				"command", json_str_or_null(e->command)));
		}
		rc = json_print_list("commits", arr);
	} else {
		pager_start();
		for (size_t i = 0; i < log.n; i++) {
			const struct bilan_log_entry *e = &log.v[i];
			struct bilan_time t = { e->time, e->offset_minutes * 60, true };
			char when[64];
			bilan_time_format_short(when, sizeof(when), &t);
			printf("%s%.8s%s  %s  %s%-16.16s%s  ", col(stdout, C_YELLOW), e->oid,
			       col(stdout, C_RESET), when, col(stdout, C_DIM),
			       e->author_name ? e->author_name : "", col(stdout, C_RESET));
			print_text(stdout, e->summary ? e->summary : "");
			putchar('\n');
		}
	}
	bilan_log_clear(&log);
	bilan_repo_free(repo);
	return rc;
}
