/* phase.c - bilan phase: the phase of the bilan (R6313-4), shown or set.
 * 'terminee' is reached only with 'bilan close'. */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "fieldwork.h"
#include "record.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static const char *const settable[] = {
	"preliminaire", "investigation", "conclusions", NULL,
};

static const struct cmd_option phase_show_opts[] = {
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int phase_show(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_phase, phase_show_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_phase, _("too many arguments"));
	const struct bilan_config *cfg = &ctx->ws->cfg;
	if (json)
		return json_print(json_pack("{s:s, s:b}", "phase", bilan_phase_name(cfg->phase),
					    "closed", bilan_ws_closed(ctx->ws)));
	printf("%s\n", bilan_phase_name(cfg->phase));
	return EXIT_DONE;
}

static const struct cmd_option phase_set_opts[] = {
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int phase_set(int argc, char **argv, struct bilan_ctx *ctx)
{
	int c;
	while ((c = cmd_opt_next(&cmd_phase, phase_set_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_phase, _("which phase? preliminaire, investigation or conclusions"));
	if (optind + 1 < argc)
		return usage_error(&cmd_phase, _("too many arguments"));
	const char *typed = argv[optind];
	enum bilan_phase to;
	if (bilan_phase_parse(&to, typed) == 0 && to == BILAN_PHASE_TERMINEE) {
		struct bilan_error e = BILAN_ERROR_INIT;
		bilan_error_set(&e, BILAN_EUSAGE, _("the bilan ends with 'bilan close', not with a phase"));
		bilan_error_hint(&e, _("run 'bilan close' (see 'man bilan-close')"));
		return print_error(&e);
	}
	int i = bilan_value_parse(settable, typed);
	if (i < 0)
		return bad_value(_("the phase"), typed, settable);
	to = (enum bilan_phase)i;
	struct bilan_ws *ws = ctx->ws;
	int rc;
	if ((rc = fw_may_work(ws, BILAN_WORK_NEW, "phase set")))
		return rc;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_ws_begin(ws, "phase set", &err) < 0)
		return print_error(&err);
	/* bilan.yaml as it is now, under the lock */
	if (ws->cfg.phase == to) {
		bilan_ws_rollback(ws);
		printf(_("The bilan is already in phase '%s'."), bilan_phase_name(to));
		printf("\n");
		return EXIT_DONE;
	}
	if ((rc = fw_may_work(ws, BILAN_WORK_NEW, "phase set"))) {
		bilan_ws_rollback(ws);
		return rc;
	}
	enum bilan_phase from = ws->cfg.phase;
	struct bilan_node *config = bilan_node_clone(ws->doc->root);
	bilan_map_set_str(config, "phase", bilan_phase_name(to));
	int r = bilan_ws_write(ws, BILAN_CONFIG_FILE, config, &err);
	bilan_node_free(config);
	char *msg = bilan_xasprintf("phase: %s -> %s", bilan_phase_name(from), bilan_phase_name(to));
	rc = finish_txn(ws, r, msg, &err);
	free(msg);
	if (rc == EXIT_DONE) {
		printf(_("The bilan is now in phase '%s'."), bilan_phase_name(to));
		printf("\n");
	}
	return rc;
}

static const struct bilan_subcmd subs[] = {
	{ "show", phase_show, N_("print the current phase"),
	  phase_show_opts, NULL },
	{ "set", phase_set, N_("move the bilan to another phase"),
	  phase_set_opts, "preliminaire investigation conclusions" },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_phase = {
	"phase", run, N_("show or set the phase of the bilan"),
	N_("bilan phase [show] [--json]\n"
	   "bilan phase set preliminaire|investigation|conclusions"),
	CMD_NEEDS_WS,
	NULL, subs, NULL, "show",
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	return cmd_dispatch_sub(&cmd_phase, subs, "show", argc, argv, ctx);
}
