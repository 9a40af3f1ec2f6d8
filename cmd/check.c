/* check.c - bilan check: validate every file against schemas/. */
#include "common.h"

#include "check.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static const struct cmd_option run_opts[] = {
	{ "strict", 0, 's', NULL,
	  N_("fail on warnings too"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_check = {
	"check", run, N_("validate every file of the workspace"),
	N_("bilan check [--strict] [FILE...]"), CMD_NEEDS_WS,
	run_opts, NULL, "@file", NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool strict = false;
	int c;
	while ((c = cmd_opt_next(&cmd_check, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 's': strict = true; break;
		default: return EXIT_USAGE;
		}
	}
	struct bilan_diags diags = BILAN_DIAGS_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (optind < argc) {
		for (int i = optind; i < argc; i++)
			bilan_check_file(ctx->ws, argv[i], strict, &diags);
	} else if (bilan_check_workspace(ctx->ws, strict, &diags, &err) < 0) {
		bilan_diags_clear(&diags);
		return print_error(&err);
	}
	for (size_t i = 0; i < diags.n; i++)
		print_diag(&diags.v[i]);
	size_t errors = bilan_diags_count(&diags, BILAN_SEV_ERROR);
	bilan_diags_clear(&diags);
	return errors ? EXIT_FAILED : EXIT_DONE;
}
