/* gc.c - bilan gc: pack the repository's loose objects (lib/gc.h). */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "gc.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static json_t *stats_json(const struct bilan_gc_stats *st, const char *mode,
			  size_t loose_after, size_t packs_after)
{
	return json_pack("{s:s, s:b, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:I}",
			 "mode", mode, "packed", st->ran, "cancelled", st->cancelled,
			 "loose_before", (json_int_t)st->loose_before,
			 "objects_in_pack", (json_int_t)st->packed,
			 "loose_removed", (json_int_t)st->loose_removed,
			 "packs_removed", (json_int_t)st->packs_removed,
			 "loose_after", (json_int_t)loose_after,
			 "packs_after", (json_int_t)packs_after,
			 "pack", json_str_or_null(st->pack[0] ? st->pack : NULL),
			 "ms", (json_int_t)st->ms);
}

static const struct cmd_option run_opts[] = {
	{ "auto", 0, 'a', NULL,
	  N_("pack as the automatic packing does, past its threshold only"), NULL },
	{ "quiet", 'q', 'q', NULL,
	  N_("print nothing when all went well"), NULL },
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_gc = {
	"gc", run, N_("pack the history's loose objects (also done automatically)"),
	N_("bilan gc [--auto] [-q] [--json]"), CMD_NEEDS_WS,
	run_opts, NULL, NULL, NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool automatic = false, quiet = false, json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_gc, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'a': automatic = true; break;
		case 'q': quiet = true; break;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_gc, _("too many arguments"));

	struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_gc_stats st;
	/* The workspace lock, so that no bilan command writes objects while
	 * they are packed; nothing is written in the working tree. */
	if (bilan_ws_begin(ws, "gc", &err) < 0)
		return print_error(&err);
	int rc;
	if (automatic) {
		rc = bilan_gc_auto(&st, ws->root, &err);
	} else {
		struct bilan_gc_opts o = BILAN_GC_OPTS_INIT;
		o.full = true;
		rc = bilan_gc_run(&st, ws->root, &o, &err);
	}
	size_t loose_after = bilan_gc_count_loose(ws->gitdir);
	size_t packs_after = bilan_gc_count_packs(ws->gitdir);
	bilan_ws_rollback(ws);   /* releases the lock; nothing to undo */
	if (rc < 0)
		return print_error(&err);
	if (json)
		return json_print(stats_json(&st, automatic ? "auto" : "full",
					     loose_after, packs_after));
	if (quiet)
		return EXIT_DONE;
	if (st.cancelled)
		printf(_("Packing stopped after %lld ms (the time allowed to an automatic run); "
			 "nothing was removed. Run 'bilan gc'.\n"), st.ms);
	else if (!st.ran)
		printf(_("Nothing to pack.\n"));
	else
		printf(P_("Packed %zu object in %lld ms.\n", "Packed %zu objects in %lld ms.\n",
			  st.packed), st.packed, st.ms);
	return EXIT_DONE;
}
