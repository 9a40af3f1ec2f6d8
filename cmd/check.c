/* check.c - bilan check: validate every file against schemas/. */
#include "common.h"

#include "check.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

const struct bilan_cmd cmd_check = {
	"check", run, N_("validate every file of the workspace"),
	N_("bilan check [--strict] [FILE...]"), CMD_NEEDS_WS,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool strict = false;
	int c;
	while ((c = cmd_getopt(&cmd_check, argc, argv, "+h", longopts)) != -1) {
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
		bilan_diags_free(&diags);
		return print_error(&err);
	}
	for (size_t i = 0; i < diags.n; i++)
		print_diag(&diags.v[i]);
	size_t errors = bilan_diags_count(&diags, BILAN_SEV_ERROR);
	bilan_diags_free(&diags);
	return errors ? EXIT_FAILED : EXIT_DONE;
}
