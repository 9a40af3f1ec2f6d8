/* todo.c - bilan todo: the work agreed for the next séance (add, list, done).
 * list only reads: no repository. */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "fieldwork.h"
#include "labels.h"
#include "table.h"
#include "fs.h"
#include "piste.h"
#include "todo.h"
#include "text.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static int resolve_piste(char **out, const struct bilan_ws *ws, const char *typed)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_pistes l = BILAN_PISTES_INIT;
	struct bilan_piste *p = NULL;
	if (bilan_pistes_load(&l, ws, NULL, &err) < 0 || bilan_piste_find(&p, &l, typed, &err) < 0) {
		bilan_pistes_clear(&l);
		return print_error(&err);
	}
	*out = bilan_xstrdup(p->rec.name);
	bilan_pistes_clear(&l);
	return 0;
}

static const struct cmd_option todo_add_opts[] = {
	{ "due", 0, 'd', N_("WHEN"),
	  N_("the day it is due"), NULL },
	{ "piste", 0, 'p', N_("SLUG"),
	  N_("the piste it belongs to"), "@piste" },
	{ "kind", 0, 'k', N_("KIND"),
	  N_("the kind of work"), "test reflexion recherche enquete" },
	CMD_OPT_ADD_OUTPUT,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int todo_add(int argc, char **argv, struct bilan_ctx *ctx)
{
	struct bilan_todo_new t = { 0 };
	const char *due = NULL, *piste = NULL;
	bool json = false, quiet = false;
	int c, rc;
	while ((c = cmd_opt_next(&cmd_todo, todo_add_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		case 'q': quiet = true; break;
		case 'd': due = optarg; break;
		case 'p': piste = optarg; break;
		case 'k':
			if (bilan_todo_kind_parse(&t.kind, lbl_alias(optarg)) < 0)
				return bad_value("--kind", optarg, bilan_todo_kind_names);
			t.has_kind = true;
			break;
		default: return EXIT_USAGE;
		}
	}
	char *text = fw_join_args(argc, argv, optind);
	if (!text)
		return usage_error(&cmd_todo, _("what is to be done? give the text"));
	struct bilan_ws *ws = ctx->ws;
	char *slug = NULL;
	if ((rc = fw_may_work(ws, BILAN_WORK_NEW, "todo add")) ||
	    (due && (rc = fw_parse_date(&t.due, due, true, true))) ||
	    (piste && (rc = resolve_piste(&slug, ws, piste)))) {
		free(text);
		return rc;
	}
	t.has_due = due != NULL;
	t.text = text;
	t.piste = slug;
	t.when = bilan_time_now();
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_node *root = NULL;
	char id[BILAN_ID_SIZE] = "";
	int r = bilan_todo_build(&root, id, &t, &err);
	if (r < 0) {
		free(text);
		free(slug);
		return print_error(&err);
	}
	if (bilan_ws_begin(ws, "todo add", &err) < 0) {
		r = -1;
		rc = print_error(&err);
	} else {
		char *rel = bilan_xasprintf("%s/%s.yaml", BILAN_TODO_DIR, id);
		r = bilan_ws_write(ws, rel, root, &err);
		free(rel);
		rc = finish_txn(ws, r, "todo: add an item", &err);
	}
	if (rc == EXIT_DONE && json) {
		char *rel = bilan_xasprintf("%s/%s.yaml", BILAN_TODO_DIR, id);
		rc = print_added_json(id, rel, NULL);
		free(rel);
	} else if (rc == EXIT_DONE && !quiet) {
		printf(_("Added to-do item %s."), id + strlen(id) - 4);
		if (t.has_due) {
			char day[32];
			printf(" ");
			printf(_("Due %s."), fw_when(day, &t.due));
		}
		printf("\n");
		if (t.has_due && bilan_day_start(t.due.t) < bilan_day_start(t.when.t))
			warn(_("this item is already overdue"));
	}
	bilan_node_free(root);
	free(text);
	free(slug);
	return rc;
}

static const struct cmd_option todo_list_opts[] = {
	{ "all", 0, 'a', NULL,
	  N_("include the items done"), NULL },
	{ "piste", 0, 'p', N_("SLUG"),
	  N_("only the items of this piste"), "@piste" },
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int todo_list(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool all = false, json = false;
	const char *piste = NULL;
	int c, rc;
	while ((c = cmd_opt_next(&cmd_todo, todo_list_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'a': all = true; break;
		case 'p': piste = optarg; break;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_todo, _("too many arguments"));
	const struct bilan_ws *ws = ctx->ws;
	char *slug = NULL;
	if (piste && (rc = resolve_piste(&slug, ws, piste)))
		return rc;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_todos l = BILAN_TODOS_INIT;
	struct bilan_diags d = BILAN_DIAGS_INIT;
	int64_t now = bilan_time_now().t;
	if (bilan_todos_load(&l, ws, now, &d, &err) < 0) {
		free(slug);
		return print_error(&err);
	}
	const char **ids = bilan_xcalloc(l.n + 1, sizeof(*ids));
	for (size_t i = 0; i < l.n; i++)
		ids[i] = l.v[i].rec.name;
	json_t *a = json ? json_array() : NULL;
	struct table *tb = table_new();
	size_t shown = 0, hidden = 0;
	for (size_t i = 0; i < l.n; i++) {
		const struct bilan_todo *t = &l.v[i];
		if (slug && (!t->piste || strcmp(t->piste, slug)))
			continue;
		if (t->done && !all) {
			hidden++;
			continue;
		}
		bool late = bilan_todo_overdue(t, now), week = bilan_todo_due_this_week(t, now);
		char day[32] = "", iso[32] = "", sid[BILAN_ID_SIZE];
		if (t->has_due) {
			fw_when(day, &t->due);
			iso_when(iso, &t->due);
		}
		shown++;
		if (json) {
			json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o, s:o, s:s, s:b, s:b, s:o, s:o, s:o}",
				"id", t->rec.name, "text", t->text,
				"kind", t->has_kind ? json_string(bilan_todo_kind_names[t->kind]) : json_null(),
				"due", t->has_due ? json_string(iso) : json_null(),
				"piste", json_str_or_null(t->piste),
				"status", t->done ? "fait" : "a-faire",
				"overdue", late, "due_this_week", week,
				"done", json_str_or_null(t->done_at), "by", json_str_or_null(t->by),
				"created", json_str_or_null(t->created)));
			continue;
		}
		const char *state = t->done ? _("done") : late ? _("overdue") : week ? _("this week") : "";
		const char *colour = t->done ? C_DIM : late ? C_RED : week ? C_YELLOW : "";
		table_row(tb);
		table_cell(tb, fw_short_id(sid, t->rec.name, ids, l.n));
		table_cell_sgr(tb, *colour ? col(stdout, colour) : "", state,
			       *colour ? col(stdout, C_RESET) : "");
		table_cell(tb, day);
		struct bilan_buf text = BILAN_BUF_INIT;
		sanitize_shown(&text, t->text);
		if (t->has_kind)
			bilan_buf_printf(&text, "  %s(%s)%s", col(stdout, C_DIM), lbl_todo_kind(t->kind),
					 col(stdout, C_RESET));
		if (t->piste)
			bilan_buf_printf(&text, "  %s[%s]%s", col(stdout, C_DIM), t->piste, col(stdout, C_RESET));
		table_cell(tb, bilan_buf_cstr(&text));
		bilan_buf_clear(&text);
	}
	table_print(tb, stdout);
	table_free(tb);
	if (json) {
		rc = json_print_list("todos", a);
	} else {
		if (!shown)
			printf("%s\n", l.n ? _("Nothing left to do.")
					   : _("No to-do item yet: add one with 'bilan todo add TEXT'."));
		if (hidden && !slug) {
			printf(P_("(%zu item done; --all shows it)", "(%zu items done; --all shows them)",
				  hidden), hidden);
			printf("\n");
		}
		rc = EXIT_DONE;
	}
	rc = fw_list_end(&d, rc);
	free(ids);
	free(slug);
	bilan_todos_clear(&l);
	return rc;
}

/* The journal entry or test result that did the work: an id prefix among
 * the files of journal/, private/journal/, tests/ and private/tests/. */
static int resolve_by(char **out, const struct bilan_ws *ws, const char *typed)
{
	static const char *const dirs[] = { "journal", "private/journal", "tests", "private/tests" };
	struct bilan_strlist ids = BILAN_STRLIST_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	for (size_t k = 0; k < sizeof(dirs) / sizeof(dirs[0]); k++) {
		struct bilan_strlist files = BILAN_STRLIST_INIT;
		char *dir = bilan_ws_path(ws, dirs[k]);
		int r = bilan_fs_list(&files, dir, ".yaml", &err);
		free(dir);
		if (r < 0) {
			bilan_strlist_clear(&files);
			bilan_strlist_clear(&ids);
			return print_error(&err);
		}
		for (size_t i = 0; i < files.n; i++) {
			const char *base = strrchr(files.v[i], '/');
			base = base ? base + 1 : files.v[i];
			char *id = bilan_xstrndup(base, strlen(base) - strlen(".yaml"));
			if (bilan_id_valid(id) && !bilan_strlist_contains(&ids, id))
				bilan_strlist_add_owned(&ids, id);
			else
				free(id);
		}
		bilan_strlist_clear(&files);
	}
	size_t idx;
	int r = bilan_prefix_resolve(&idx, (const char *const *)ids.v, ids.n, typed,
				     _("journal entry or test result"), &err);
	if (r < 0) {
		bilan_strlist_clear(&ids);
		return print_error(&err);
	}
	*out = bilan_xstrdup(ids.v[idx]);
	bilan_strlist_clear(&ids);
	return 0;
}

static const struct cmd_option todo_done_opts[] = {
	{ "by", 0, 'b', N_("ID"),
	  N_("the journal entry or test result that did it"), "@journal" },
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int todo_done(int argc, char **argv, struct bilan_ctx *ctx)
{
	const char *by = NULL;
	int c, rc;
	while ((c = cmd_opt_next(&cmd_todo, todo_done_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		case 'b': by = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_todo, _("which item? give its id (bilan todo list)"));
	if (optind + 1 < argc)
		return usage_error(&cmd_todo, _("too many arguments"));
	struct bilan_ws *ws = ctx->ws;
	char *by_id = NULL;
	/* finishing agreed work is not new work: allowed once closed */
	if ((rc = fw_may_work(ws, BILAN_WORK_FOLLOWUP, "todo done")) ||
	    (by && (rc = resolve_by(&by_id, ws, by))))
		return rc;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_todos l = BILAN_TODOS_INIT;
	struct bilan_todo *t = NULL;
	struct bilan_time now = bilan_time_now();
	if (bilan_ws_begin(ws, "todo done", &err) < 0) {
		free(by_id);
		return print_error(&err);
	}
	int r = bilan_todos_load(&l, ws, now.t, NULL, &err);
	if (r == 0)
		r = bilan_todo_find(&t, &l, argv[optind], &err);
	if (r == 0)
		r = bilan_todo_mark_done(t, &now, by_id, &err);
	if (r == 0)
		r = bilan_ws_write(ws, t->rec.rel, t->rec.doc->root, &err);
	rc = finish_txn(ws, r, "todo: item done", &err);
	if (rc == EXIT_DONE) {
		printf(_("Done: "));
		print_text(stdout, t->text);
		printf("\n");
	}
	bilan_todos_clear(&l);
	free(by_id);
	return rc;
}

static const struct bilan_subcmd subs[] = {
	{ "add", todo_add, N_("add work to do before the next séance"),
	  todo_add_opts, NULL },
	{ "list", todo_list, N_("list the work to do, overdue first"),
	  todo_list_opts, NULL },
	{ "done", todo_done, N_("mark an item done"),
	  todo_done_opts, "@todo" },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_todo = {
	"todo", run, N_("the work agreed for the next séance"),
	N_("bilan todo add [--due WHEN] [--piste SLUG] [--kind test|reflexion|recherche|enquete] TEXT...\n"
	   "bilan todo list [--all] [--piste SLUG] [--json]\n"
	   "bilan todo done [--by ID] ID"),
	CMD_NEEDS_WS,
	NULL, subs, NULL, "list",
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	return cmd_dispatch_sub(&cmd_todo, subs, "list", argc, argv, ctx);
}
