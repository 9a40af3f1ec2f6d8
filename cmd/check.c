/* check.c - bilan check: validate every file against schemas/. */
#include "common.h"

#include <stdlib.h>

#include "check.h"
#include "fs.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static const struct cmd_option run_opts[] = {
	{ "strict", 0, 's', NULL,
	  N_("fail on warnings too"), NULL },
	{ "json", 0, 'j', NULL,
	  N_("print the problems as JSON (bilan-json(7))"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_check = {
	"check", run, N_("validate every file of the workspace"),
	N_("bilan check [--strict] [--json] [FILE...]"), CMD_NEEDS_WS,
	run_opts, NULL, "@file", NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool strict = false, json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_check, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 's': strict = true; break;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	struct bilan_diags diags = BILAN_DIAGS_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (optind < argc) {
		for (int i = optind; i < argc; i++) {
			/* A file named that is not there is an error, never a
			 * silent success. */
			char *rel = ws_path_arg(argv[i]);
			char *abs = bilan_ws_path(ctx->ws, rel);
			bool there = bilan_fs_exists(abs);
			free(abs);
			if (there)
				bilan_check_file(ctx->ws, rel, strict, &diags);
			else
				bilan_diags_add(&diags, BILAN_SEV_ERROR, rel, 0, 0, "%s",
						_("no such file"));
			free(rel);
		}
	} else if (bilan_check_workspace(ctx->ws, strict, &diags, &err) < 0) {
		bilan_diags_clear(&diags);
		return print_error(&err);
	}
	for (size_t i = 0; i < diags.n; i++)
		print_diag(&diags.v[i]);
	size_t errors = bilan_diags_count(&diags, BILAN_SEV_ERROR);
	int rc = errors ? EXIT_FAILED : EXIT_DONE;
	if (json) {
		json_t *o = json_pack("{s:I, s:I, s:o}", "errors", (json_int_t)errors,
				      "warnings", (json_int_t)bilan_diags_count(&diags, BILAN_SEV_WARNING),
				      "problems", diags_json(&diags));
		int jrc = json_print(o);
		if (jrc != EXIT_DONE)
			rc = jrc;
	}
	bilan_diags_clear(&diags);
	return rc;
}
