/* status.c - bilan status: where the bilan stands. */
#include "common.h"
#include "labels.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "clock.h"
#include "journal.h"
#include "merge.h"
#include "fieldwork.h"
#include "questionnaire.h"
#include "vcs.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static const char *phase_label(enum bilan_phase p)
{
	switch (p) {
	case BILAN_PHASE_PRELIMINAIRE: return _("preliminary phase");
	case BILAN_PHASE_INVESTIGATION: return _("investigation phase");
	case BILAN_PHASE_CONCLUSIONS: return _("conclusions phase");
	case BILAN_PHASE_TERMINEE: return _("finished");
	}
	return "?";
}

static const char *change_label(enum bilan_change c)
{
	switch (c) {
	case BILAN_CHANGE_NEW: return _("new");
	case BILAN_CHANGE_MODIFIED: return _("modified");
	case BILAN_CHANGE_DELETED: return _("deleted");
	}
	return "?";
}

static const char *change_key(enum bilan_change c)
{
	switch (c) {
	case BILAN_CHANGE_NEW: return "new";
	case BILAN_CHANGE_MODIFIED: return "modified";
	case BILAN_CHANGE_DELETED: return "deleted";
	}
	return "?";
}

/* The journal's lines (lib/ builds them: bilan_journal_summary);
 * changed: the paths of the hand edits. */
static void journal_status_text(const struct bilan_ws *ws, const struct bilan_strlist *changed)
{
	struct bilan_journal_summary s;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_journal_summary(&s, ws, bilan_now(), changed, &err) < 0)
		return;   /* status goes on; 'bilan journal list' will say why */
	char m[16], g[16];
	bilan_duration_human(m, sizeof(m), s.week_minutes, bilan_i18n_is_french());
	bilan_duration_human(g, sizeof(g), ws->cfg.weekly_goal, bilan_i18n_is_french());
	bool reached = ws->cfg.weekly_goal > 0 && s.week_minutes >= ws->cfg.weekly_goal;
	printf(_("this week: %s%s%s of %s"), col(stdout, reached ? C_GREEN : C_BOLD),
	       s.week_minutes ? m : "0", col(stdout, C_RESET), g);
	printf(" · ");
	printf(P_("%zu entry", "%zu entries", s.week_entries), s.week_entries);
	printf("\n");
	if (s.open_questions || s.open_blockers) {
		printf("%s", col(stdout, C_YELLOW));
		printf(P_("open: %zu question", "open: %zu questions", s.open_questions),
		       s.open_questions);
		printf(", ");
		printf(P_("%zu blocker", "%zu blockers", s.open_blockers), s.open_blockers);
		printf("%s (bilan journal list --open)\n", col(stdout, C_RESET));
	}
	if (s.broken) {
		printf("%s", col(stdout, C_RED));
		printf(P_("%zu journal file cannot be read", "%zu journal files cannot be read",
			  s.broken), s.broken);
		printf("%s (bilan journal list)\n", col(stdout, C_RESET));
	}
}

static void journal_status_json(const struct bilan_ws *ws, const struct bilan_strlist *changed,
				json_t *o)
{
	struct bilan_journal_summary s;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_journal_summary(&s, ws, bilan_now(), changed, &err) < 0) {
		json_object_set_new(o, "journal", json_null());
		return;
	}
	json_object_set_new(o, "journal", json_pack("{s:i, s:i, s:i, s:i, s:i}",
		"week_minutes", s.week_minutes, "week_entries", (int)s.week_entries,
		"open_questions", (int)s.open_questions, "open_blockers", (int)s.open_blockers,
		"broken_files", (int)s.broken));
}

/* The questionnaires' lines (lib/ builds them: bilan_q_status): those taken
 * (with their profile) and the unfinished ones; nothing when neither. */
static void questionnaires_text(const struct bilan_ws *ws)
{
	struct bilan_q_status st;
	bilan_q_status(&st, ws->root, ws->gitdir);
	if (st.ntaken) {
		printf("%s ", _("questionnaires:"));
		for (size_t i = 0; i < st.ntaken; i++) {
			const struct bilan_q_taken *t = &st.taken[i];
			printf("%s", i ? ", " : "");
			print_text(stdout, t->id);
			if (t->attempts > 1)
				printf(" ×%zu", t->attempts);
			if (t->profile) {
				/* a code ("IAC") as it is; values by their labels */
				printf(" (");
				char *copy = bilan_xstrdup(t->profile), *save = NULL;
				const char *sep = "";
				for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
					printf("%s", sep);
					print_text(stdout, lbl_value(w));
					sep = ", ";
				}
				free(copy);
				printf(")");
			}
		}
		printf(" (bilan test show ID)\n");
	}
	for (size_t i = 0; i < st.nunfinished; i++) {
		const struct bilan_q_unfinished *u = &st.unfinished[i];
		printf("%s", col(stdout, C_CYAN));
		printf(_("unfinished questionnaire: %s, %zu of %zu answered"), u->id,
		       u->answered, u->total);
		printf("%s (bilan test run %s)\n", col(stdout, C_RESET), u->id);
	}
	bilan_q_status_clear(&st);
}

/* The same under the key "questionnaires" of o:
 * {"taken": [{id, attempts, last, profile}], "unfinished": [{id, answered, total}]}. */
static void questionnaires_json(const struct bilan_ws *ws, json_t *o)
{
	struct bilan_q_status st;
	bilan_q_status(&st, ws->root, ws->gitdir);
	json_t *q = json_object(), *taken = json_array(), *unfinished = json_array();
	for (size_t i = 0; i < st.ntaken; i++) {
		const struct bilan_q_taken *t = &st.taken[i];
		json_array_append_new(taken, json_pack("{s:s, s:I, s:o, s:o}", "id", t->id,
			"attempts", (json_int_t)t->attempts,
			"last", t->last[0] ? json_string(t->last) : json_null(),
			"profile", json_str_or_null(t->profile)));
	}
	for (size_t i = 0; i < st.nunfinished; i++) {
		const struct bilan_q_unfinished *u = &st.unfinished[i];
		json_array_append_new(unfinished, json_pack("{s:s, s:I, s:I}", "id", u->id,
			"answered", (json_int_t)u->answered, "total", (json_int_t)u->total));
	}
	bilan_q_status_clear(&st);
	json_object_set_new(q, "taken", taken);
	json_object_set_new(q, "unfinished", unfinished);
	json_object_set_new(o, "questionnaires", q);
}

static const struct cmd_option run_opts[] = {
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_status = {
	"status", run, N_("show where the bilan stands"),
	N_("bilan status [--json]"), CMD_NEEDS_WS,
	run_opts, NULL, NULL, NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_status, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_status, _("too many arguments"));

	const struct bilan_ws *ws = ctx->ws;
	const struct bilan_config *cfg = &ws->cfg;
	struct bilan_error err = BILAN_ERROR_INIT;

	/* Hand edits, and whether those files are valid. */
	struct bilan_repo *repo = NULL;
	struct bilan_status_list st = { 0 };
	if (bilan_repo_open(&repo, ws->root, &err) < 0 ||
	    bilan_repo_status(repo, &st, &err) < 0) {
		bilan_repo_free(repo);
		return print_error(&err);
	}
	bilan_repo_free_late(repo);   /* about to exit: a 10k index costs 7 M to free */
	struct bilan_diags diags = BILAN_DIAGS_INIT;
	struct bilan_strlist changed = BILAN_STRLIST_INIT;
	for (size_t i = 0; i < st.n; i++) {
		bilan_strlist_add(&changed, st.v[i].path);
		if (st.v[i].change != BILAN_CHANGE_DELETED)
			bilan_check_file(ws, st.v[i].path, false, &diags);
	}
	bilan_conflicts_diags(ws, &diags);   /* open sync conflicts (merge.h) */

	char start[32] = "", end[32] = "";
	if (cfg->has_start)
		bilan_time_format_day(start, sizeof(start), &cfg->start);
	if (cfg->has_end)
		bilan_time_format_day(end, sizeof(end), &cfg->end);
	char goal[16];
	bilan_duration_human(goal, sizeof(goal), cfg->weekly_goal, bilan_i18n_is_french());

	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "name", json_str_or_null(cfg->name));
		json_object_set_new(o, "consultant", json_str_or_null(cfg->consultant));
		json_object_set_new(o, "provider", json_str_or_null(cfg->provider));
		json_object_set_new(o, "funding", json_str_or_null(cfg->funding));
		json_object_set_new(o, "phase", json_string(bilan_phase_name(cfg->phase)));
		json_object_set_new(o, "start", cfg->has_start ? json_string(start) : json_null());
		json_object_set_new(o, "end", cfg->has_end ? json_string(end) : json_null());
		json_object_set_new(o, "weekly_goal_minutes", json_integer(cfg->weekly_goal));
		json_t *ch = json_array();
		for (size_t i = 0; i < st.n; i++)
			json_array_append_new(ch, json_pack("{s:s, s:s}", "path", st.v[i].path,
							    "change", change_key(st.v[i].change)));
		json_object_set_new(o, "uncommitted", ch);
		json_t *inv = json_array();
		for (size_t i = 0; i < diags.n; i++) {
			const struct bilan_diag *d = &diags.v[i];
			json_array_append_new(inv, json_pack("{s:s, s:s, s:i, s:i, s:s}",
				"severity", d->severity == BILAN_SEV_ERROR ? "error" : "warning",
				"file", d->file, "line", d->line, "column", d->col,
				"message", d->message));
		}
		json_object_set_new(o, "problems", inv);
		journal_status_json(ws, &changed, o);
		bilan_strlist_clear(&changed);
		bilan_status_list_clear(&st);
		bilan_diags_clear(&diags);
		fw_status_json(ws, o);
		questionnaires_json(ws, o);
		return json_print(o);
	}

	printf("%s", col(stdout, C_BOLD));
	print_text(stdout, cfg->name && *cfg->name ? cfg->name : _("(no name)"));
	printf("%s", col(stdout, C_RESET));
	if (cfg->consultant && *cfg->consultant) {
		printf(" — %s ", _("with"));
		print_text(stdout, cfg->consultant);
	}
	if (cfg->provider && *cfg->provider) {
		printf(" (");
		print_text(stdout, cfg->provider);
		printf(")");
	}
	printf("\n");
	printf("%s", phase_label(cfg->phase));
	if (cfg->has_start) {
		printf(" · ");
		if (cfg->has_end)
			printf(_("from %s to %s"), lbl_day_str(start), lbl_day_str(end));
		else
			printf(_("since %s"), lbl_day_str(start));
	}
	if (cfg->funding)
		printf(" · %s", lbl_value(cfg->funding));
	printf("\n");
	printf(_("weekly goal: %s"), goal);
	printf("\n");
	journal_status_text(ws, &changed);
	bilan_strlist_clear(&changed);
	fw_status_text(ws);
	questionnaires_text(ws);

	if (st.n) {
		printf("\n%s\n", _("Changes not saved in the history (run 'bilan save'):"));
		struct table *tb = table_new();
		for (size_t i = 0; i < st.n; i++) {
			table_row(tb);
			table_cell(tb, "");
			table_cell_sgr(tb, col(stdout, C_YELLOW), change_label(st.v[i].change),
				       col(stdout, C_RESET));
			table_cell_text(tb, st.v[i].path);
		}
		table_print(tb, stdout);
		table_free(tb);
	}
	fflush(stdout);
	for (size_t i = 0; i < diags.n; i++)
		print_diag(&diags.v[i]);
	size_t errors = bilan_diags_count(&diags, BILAN_SEV_ERROR);
	bilan_status_list_clear(&st);
	bilan_diags_clear(&diags);
	return errors ? EXIT_FAILED : EXIT_DONE;
}
