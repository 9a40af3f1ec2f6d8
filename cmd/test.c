/* test.c - bilan test: questionnaires (list, run, show, compare, validate).
 * The engine is lib/questionnaire.h; answers are collected and results shown
 * by the runner (questionnaire-run.h: questionnaire-run.c, and the raw-mode
 * terminal of questionnaire-tty.c). */
#include "common.h"
#include "labels.h"
#include "table.h"
#include "questionnaire-run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ecart.h"
#include "fs.h"
#include "id.h"
#include "text.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

/* ------------------------------------------------------------------ */
/* small helpers                                                       */

/* Signed difference in tenths: "+5.0", "-12.5", "0.0". */
static void fmt_diff(char *buf, size_t size, int d)
{
	int a = d < 0 ? -d : d;
	snprintf(buf, size, "%s%d%s%d", d > 0 ? "+" : d < 0 ? "-" : "", a / 10,
		 bilan_i18n_is_french() ? "," : ".", a % 10);
}

/* The workspace if there is one (list works outside a workspace too). */
static int open_ws_optional(struct bilan_ctx *ctx)
{
	if (ctx->ws)
		return 0;
	struct bilan_error err = BILAN_ERROR_INIT;
	char *root = NULL;
	if (bilan_ws_find(&root, ctx->dir_opt, &err) < 0) {
		if (err.code == BILAN_ENOWORKSPACE && !ctx->dir_opt)
			return 0;
		return print_error(&err);
	}
	int rc = 0;
	if (bilan_ws_open(&ctx->ws, root, &err) < 0)
		rc = print_error(&err);
	free(root);
	shown_names(ctx->ws);
	return rc;
}

/* ------------------------------------------------------------------ */
/* the sub-commands                                                    */

/* Questionnaire ids are lowercase; one typed with capitals (ecart-J1504,
 * after the ROME code) is taken as its lowercase form (in place). */
static char *fold_id(char *id)
{
	for (char *p = id; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return id;
}

/* The definition of id (workspace first), or NULL and an error printed.
 * With results_ok, a questionnaire that has results but no definition
 * (generated ones) is not an error: *q stays NULL and 0 is returned. */
static int find_def(struct bilan_questionnaire **q, struct bilan_ctx *ctx, const char *id,
		    bool results_ok)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	*q = NULL;
	if (!bilan_q_id_valid(id)) {
		struct bilan_buf v = BILAN_BUF_INIT;
		sanitize_shown(&v, id);
		bilan_error_set(&err, BILAN_EUSAGE,
				_("invalid questionnaire id '%s' (lowercase letters, digits and '-')"),
				bilan_buf_cstr(&v));
		bilan_error_hint(&err, "%s", _("'bilan test list' shows the questionnaires"));
		bilan_buf_clear(&v);
		return print_error(&err);
	}
	if (bilan_q_find(q, ctx->ws ? ctx->ws->root : NULL, id, &err) == 0)
		return 0;
	/* skill gaps (bilan metier ecart) are generated from ROME, not files */
	if (err.code == BILAN_ENOTFOUND && bilan_ecart_find(q, id, NULL) == 0)
		return 0;
	if (results_ok && err.code == BILAN_ENOTFOUND && ctx->ws) {
		struct bilan_strlist files = BILAN_STRLIST_INIT;
		struct bilan_error e2 = BILAN_ERROR_INIT;
		bool has = bilan_q_results_files(&files, ctx->ws->root, id, &e2) == 0 && files.n;
		bilan_strlist_clear(&files);
		if (has)
			return 0;
	}
	return print_error(&err);
}

static const struct cmd_option run_list_opts[] = {
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int run_list(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_test, run_list_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_test, _("too many arguments"));
	int rc = open_ws_optional(ctx);
	if (rc)
		return rc;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_q_list l;
	/* lib/ builds the rows (bilan_q_list), printed as JSON or a table */
	if (bilan_q_list(&l, ctx->ws ? ctx->ws->root : NULL, ctx->ws ? ctx->ws->gitdir : NULL,
			 &err) < 0) {
		bilan_q_list_clear(&l);
		return print_error(&err);
	}
	const struct bilan_q_list_row *rows = l.v;
	size_t nrows = l.n;
	int status = EXIT_DONE;

	if (json) {
		json_t *arr = json_array();
		for (size_t k = 0; k < nrows; k++) {
			const struct bilan_q_list_row *w = &rows[k];
			const struct bilan_q_entry *e = w->e;
			json_t *o = json_object();
			json_object_set_new(o, "id", json_string(w->id));
			json_object_set_new(o, "title", json_str_or_null(e ? e->title : w->title));
			json_object_set_new(o, "version", e && !e->error.code ? json_integer(e->version) : json_null());
			json_object_set_new(o, "items", e && !e->error.code ? json_integer((json_int_t)e->nitems) : json_null());
			json_object_set_new(o, "origin", json_string(!e ? "results-only"
				: e->origin == BILAN_Q_BUILTIN ? "builtin" : "workspace"));
			json_object_set_new(o, "overrides_builtin", json_boolean(e && e->overrides));
			json_object_set_new(o, "path", json_str_or_null(e ? e->path : NULL));
			json_object_set_new(o, "error", e && e->error.code ? json_string(e->error.message) : json_null());
			json_object_set_new(o, "taken", json_integer((json_int_t)w->taken));
			json_object_set_new(o, "last", w->last[0] ? json_string(w->last) : json_null());
			json_object_set_new(o, "unfinished", w->unfinished
				? json_pack("{s:I, s:I}", "answered", (json_int_t)w->partial.answered,
					    "total", (json_int_t)w->partial.total)
				: json_null());
			json_array_append_new(arr, o);
		}
		rc = qr_print_json(json_pack("{s:o}", "questionnaires", arr));
	} else {
		struct table *tb = table_new();
		table_right(tb, 1);
		table_right(tb, 2);
		table_row(tb);
		table_cell_sgr(tb, col(stdout, C_BOLD), _("ID"), "");
		table_cell(tb, _("ITEMS"));
		table_cell(tb, _("TAKEN"));
		table_cell(tb, _("LAST"));
		table_cell_sgr(tb, "", _("TITLE"), col(stdout, C_RESET));
		for (size_t k = 0; k < nrows; k++) {
			const struct bilan_q_list_row *w = &rows[k];
			const struct bilan_q_entry *e = w->e;
			table_row(tb);
			table_cell(tb, w->id);
			if (e && !e->error.code)
				table_cellf(tb, "%zu", e->nitems);
			else
				table_cell(tb, "-");
			table_cellf(tb, "%zu", w->taken);
			char lastd[32];
			snprintf(lastd, sizeof(lastd), "%s", w->last);
			table_cell(tb, w->last[0] ? lbl_day_str(lastd) : "-");
			struct bilan_buf t = BILAN_BUF_INIT;
			if (e && e->title)
				sanitize_shown(&t, e->title);
			if (!e && w->title)
				sanitize_shown(&t, w->title);
			/* a skill gap's definition is generated from ROME: not
			 * missing */
			char code[6];
			if (!e) {
				if (!bilan_ecart_code(code, w->id))
					bilan_buf_printf(&t, "%s%s%s%s", w->title ? "  " : "", col(stdout, C_DIM),
							 _("(results only: no definition)"), col(stdout, C_RESET));
			} else if (e->error.code)
				bilan_buf_printf(&t, "%s%s%s", col(stdout, C_RED),
						 _("(broken definition: see below)"), col(stdout, C_RESET));
			if (e && e->overrides)
				bilan_buf_printf(&t, "  %s%s%s", col(stdout, C_YELLOW),
						 _("[workspace: replaces the built-in]"), col(stdout, C_RESET));
			else if (e && e->origin == BILAN_Q_WORKSPACE)
				bilan_buf_printf(&t, "  %s%s%s", col(stdout, C_DIM), _("[workspace]"),
						 col(stdout, C_RESET));
			if (w->unfinished)
				bilan_buf_printf(&t, "  %s%s%s", col(stdout, C_CYAN), _("unfinished"),
						 col(stdout, C_RESET));
			table_cell(tb, bilan_buf_cstr(&t));
			bilan_buf_clear(&t);
		}
		table_print(tb, stdout);
		table_free(tb);
		bool any = false;
		for (size_t k = 0; k < nrows; k++)
			any = any || rows[k].unfinished;
		if (any) {
			printf("\n");
			for (size_t k = 0; k < nrows; k++)
				if (rows[k].unfinished) {
					printf(_("Unfinished: '%s' (%zu of %zu answered); 'bilan test run %s' resumes it."),
					       rows[k].id, rows[k].partial.answered, rows[k].partial.total,
					       rows[k].id);
					printf("\n");
				}
		}
	}
	for (size_t k = 0; k < nrows; k++) {
		const struct bilan_q_entry *e = rows[k].e;
		if (e && e->error.code) {
			if (!json)
				print_error(&e->error);
			status = EXIT_FAILED;
		}
	}
	bilan_q_list_clear(&l);
	return rc ? rc : status;
}

static const struct cmd_option run_run_opts[] = {
	{ "answers", 'a', 'a', N_("LIST"),
	  N_("the answers, without asking"), NULL },
	{ "answers-file", 'f', 'f', N_("FILE"),
	  N_("read the answers from FILE"), "@file" },
	{ "date", 'd', 'd', N_("WHEN"),
	  N_("when it happened (default: now)"), NULL },
	{ "restart", 0, 'r', NULL,
	  N_("start again from the first question"), NULL },
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ "quiet", 'q', 'q', NULL,
	  N_("print nothing when all went well"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int run_run(int argc, char **argv, struct bilan_ctx *ctx)
{
	struct test_run_opts o = TEST_RUN_OPTS_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	int c;
	while ((c = cmd_opt_next(&cmd_test, run_run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'a': o.answers = optarg; break;
		case 'f': o.answers_file = optarg; break;
		case 'r': o.restart = true; break;
		case 'j': o.json = true; break;
		case 'q': o.quiet = true; break;
		case 'd': {
			struct bilan_date_opts dopts = BILAN_DATE_OPTS_PAST;
			if (bilan_date_parse(&o.date, optarg, &dopts, &err) < 0)
				return print_error(&err);
			o.has_date = true;
			break;
		}
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_test, _("which questionnaire? 'bilan test list' shows them"));
	if (optind + 1 < argc)
		return usage_error(&cmd_test, _("too many arguments"));
	if (o.answers && o.answers_file)
		return usage_error(&cmd_test, _("give --answers or --answers-file, not both"));
	int rc = ctx_open_ws(ctx);
	if (rc)
		return rc;
	struct bilan_questionnaire *q = NULL;
	if ((rc = find_def(&q, ctx, fold_id(argv[optind]), false)) != 0)
		return rc;
	rc = test_run_questionnaire(ctx, q, &o);
	bilan_q_free(q);
	return rc;
}

static const struct cmd_option run_show_opts[] = {
	{ "all", 'a', 'a', NULL,
	  N_("show every attempt"), NULL },
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int run_show(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool all = false, json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_test, run_show_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'a': all = true; break;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_test, _("which questionnaire? 'bilan test list' shows them"));
	if (optind + 1 < argc)
		return usage_error(&cmd_test, _("too many arguments"));
	int rc = ctx_open_ws(ctx);
	if (rc)
		return rc;
	const char *id = fold_id(argv[optind]);
	struct bilan_questionnaire *q = NULL;
	if ((rc = find_def(&q, ctx, id, true)) != 0)
		return rc;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_q_results l = BILAN_Q_RESULTS_INIT;
	if (bilan_q_results_load(&l, ctx->ws->root, id, &err) < 0) {
		bilan_q_free(q);
		return print_error(&err);
	}
	if (!l.n) {
		bilan_error_set(&err, BILAN_ENOTFOUND, _("the questionnaire '%s' was never taken"), id);
		bilan_error_hint(&err, _("take it with 'bilan test run %s'"), id);
		bilan_q_free(q);
		return print_error(&err);
	}
	size_t from = all ? 0 : l.n - 1;
	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "questionnaire", json_string(id));
		json_object_set_new(o, "title", json_str_or_null(q ? q->title : l.v[l.n - 1]->title));
		json_object_set_new(o, "version", q ? json_integer(q->version) : json_null());
		json_object_set_new(o, "origin", json_string(!q ? "results-only"
			: q->origin == BILAN_Q_BUILTIN ? "builtin" : "workspace"));
		json_object_set_new(o, "attempts", json_integer((json_int_t)l.n));
		json_t *arr = json_array();
		for (size_t i = from; i < l.n; i++)
			json_array_append_new(arr, test_result_json(l.v[i], q));
		json_object_set_new(o, "results", arr);
		rc = qr_print_json(o);
	} else {
		pager_start();
		for (size_t i = from; i < l.n; i++) {
			if (i > from)
				printf("\n");
			if (all) {
				printf("%s", col(stdout, C_DIM));
				printf(_("Attempt %zu of %zu (%s)"), i + 1, l.n, l.v[i]->rid);
				printf("%s\n", col(stdout, C_RESET));
			}
			test_print_result(stdout, l.v[i], q);
		}
		if (!all && l.n > 1) {
			printf("\n");
			printf(P_("%zu earlier attempt: 'bilan test show --all %s' or 'bilan test compare %s'.",
				  "%zu earlier attempts: 'bilan test show --all %s' or 'bilan test compare %s'.",
				  l.n - 1), l.n - 1, id, id);
			printf("\n");
		}
	}
	bilan_q_results_clear(&l);
	bilan_q_free(q);
	return rc;
}

static const struct cmd_option run_compare_opts[] = {
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int compare_json(const struct bilan_q_compare *c, const char *id,
			const struct bilan_questionnaire *q)
{
	const struct bilan_q_result *latest = c->att[c->natt - 1].r;
	json_t *o = json_object();
	json_object_set_new(o, "questionnaire", json_string(id));
	json_object_set_new(o, "title", json_str_or_null(q ? q->title : latest->title));
	json_t *att = json_array();
	for (size_t k = 0; k < c->natt; k++) {
		const struct bilan_q_compare_attempt *a = &c->att[k];
		char iso[BILAN_TIME_ISO_MAX];
		bilan_time_format_iso(iso, &a->r->date);
		json_array_append_new(att, json_pack("{s:s, s:s, s:I, s:o, s:o}",
			"id", a->r->rid, "date", iso, "version", (json_int_t)a->r->version,
			"outdated", q ? json_boolean(a->outdated) : json_null(),
			"profile", json_str_or_null(a->reading.code)));
	}
	json_object_set_new(o, "attempts", att);
	json_t *darr = json_array();
	for (size_t i = 0; i < c->ndims; i++) {
		const struct bilan_q_compare_dim *x = &c->dims[i];
		json_t *d = json_object();
		json_object_set_new(d, "id", json_string(x->id));
		json_object_set_new(d, "label", json_str_or_null(x->label));
		json_t *pcts = json_array(), *chg = json_array();
		json_t *means = json_array(), *mchg = json_array();
		int first = -1, lastp = -1;
		for (size_t k = 0; k < c->natt; k++) {
			int t = x->percent[k], mt = x->mean[k];
			int prev = k ? x->percent[k - 1] : -1, mprev = k ? x->mean[k - 1] : -1;
			json_array_append_new(means, mt >= 0 ? qr_json_pct(mt) : json_null());
			json_array_append_new(mchg, k && mt >= 0 && mprev >= 0 ? qr_json_pct(mt - mprev) : json_null());
			json_array_append_new(pcts, t >= 0 ? qr_json_pct(t) : json_null());
			json_array_append_new(chg, k && t >= 0 && prev >= 0 ? qr_json_pct(t - prev) : json_null());
			if (t >= 0 && first < 0)
				first = t;
			if (t >= 0)
				lastp = t;
		}
		json_object_set_new(d, "percents", pcts);
		json_object_set_new(d, "changes", chg);
		json_object_set_new(d, "means", means);
		json_object_set_new(d, "mean_changes", mchg);
		json_object_set_new(d, "total_change", first >= 0 && lastp >= 0
				    ? qr_json_pct(lastp - first) : json_null());
		json_array_append_new(darr, d);
	}
	json_object_set_new(o, "dimensions", darr);
	return qr_print_json(o);
}

static void compare_text(const struct bilan_q_compare *c, const char *id,
			 const struct bilan_questionnaire *q)
{
	const struct bilan_q_result *latest = c->att[c->natt - 1].r;
	size_t n = c->natt;
	pager_start();
	printf("%s", col(stdout, C_BOLD));
	print_text(stdout, q ? q->title : latest->title ? latest->title : id);
	printf("%s — ", col(stdout, C_RESET));
	printf(P_("%zu attempt", "%zu attempts", n), n);
	printf("\n\n");
	size_t lw = 0;
	for (size_t i = 0; i < c->ndims; i++) {
		size_t w = bilan_text_width(c->dims[i].label ? c->dims[i].label : c->dims[i].id);
		if (w > lw)
			lw = w;
	}
	if (lw > 28)
		lw = 28;
	/* header: dates; each later attempt has its change from the one
	 * before beside it, on its right */
	qr_put_padded(stdout, "", lw);
	for (size_t k = 0; k < n; k++) {
		char day[32];
		lbl_date_day(day, sizeof(day), &c->att[k].r->date);
		printf("  %10s%s", day, k ? "         " : "");
	}
	printf("  %8s\n", _("change"));
	for (size_t i = 0; i < c->ndims; i++) {
		const struct bilan_q_compare_dim *x = &c->dims[i];
		qr_put_padded(stdout, x->label ? x->label : x->id, lw);
		int prev = -1, first = -1, lastp = -1;
		for (size_t k = 0; k < n; k++) {
			int t = x->read_mean[k];
			char p[16] = "—", d[24] = "";
			if (t >= 0)
				qr_fmt_mean(p, sizeof(p), t);
			if (k && t >= 0 && prev >= 0) {
				char sdiff[16];
				fmt_diff(sdiff, sizeof(sdiff), t - prev);
				snprintf(d, sizeof(d), "(%s)", sdiff);
			}
			printf("  %10s", p);
			if (k) {
				printf(" %s", d);
				for (size_t w = bilan_text_width(d); w < 8; w++)
					fputc(' ', stdout);
			}
			if (t >= 0 && first < 0)
				first = t;
			if (t >= 0)
				lastp = t;
			prev = t;
		}
		char tot[16] = "—";
		if (first >= 0 && lastp >= 0)
			fmt_diff(tot, sizeof(tot), lastp - first);
		printf("  %8s\n", tot);
	}
	if (c->profiles) {
		qr_put_padded(stdout, _("Profile"), lw);
		for (size_t k = 0; k < n; k++) {
			const char *p = c->att[k].reading.code ? c->att[k].reading.code : "—";
			printf("  ");
			for (size_t w = bilan_text_width(p); w < 10; w++)
				fputc(' ', stdout);
			print_text(stdout, p);
			if (k)
				printf("         ");
		}
		printf("\n");
	}
	if (c->outdated) {
		printf("\n");
		printf(_("Some attempts were taken with another version of the questionnaire (now version %lld): compare them with care."),
		       q->version);
		printf("\n");
	}
	printf("\n");
	printf("%s", col(stdout, C_DIM));
	char *m = bilan_xasprintf(_("Each value is the mean of the answers on the scale %d to %d (\"—\": too few answers to say anything); the change in brackets sits beside the later attempt and is counted from the one before it. A few tenths up or down between attempts are usual and say little; discuss the larger ones with your consultant."),
				  latest->min, latest->max);
	qr_put_wrapped(stdout, m, term_width(40, 120), "");
	free(m);
	printf("%s", col(stdout, C_RESET));
}

/* bilan test compare ID [ATTEMPT...]: lib/ builds the comparison once
 * (bilan_q_compare), printed as text or JSON. */
static int run_compare(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_test, run_compare_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_test, _("which questionnaire? 'bilan test list' shows them"));
	int rc = ctx_open_ws(ctx);
	if (rc)
		return rc;
	const char *id = fold_id(argv[optind++]);
	struct bilan_questionnaire *q = NULL;
	if ((rc = find_def(&q, ctx, id, true)) != 0)
		return rc;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_q_compare cmp;
	if (bilan_q_compare(&cmp, ctx->ws->root, id, q, (const char *const *)argv + optind,
			    (size_t)(argc - optind), &err) < 0) {
		rc = print_error(&err);
	} else if (json) {
		rc = compare_json(&cmp, id, q);
	} else {
		compare_text(&cmp, id, q);
		rc = EXIT_DONE;
	}
	bilan_q_compare_clear(&cmp);
	bilan_q_free(q);
	return rc;
}

static const struct cmd_option run_validate_opts[] = {
	{ "strict", 0, 's', NULL,
	  N_("fail on warnings too"), NULL },
	{ "json", 0, 'j', NULL,
	  N_("print the result as JSON (bilan-json(7))"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static const struct cmd_option run_rm_opts[] = {
	{ "force", 'f', 'f', NULL,
	  N_("remove it without asking"), NULL },
	{ "quiet", 'q', 'q', NULL,
	  N_("print nothing when it is done"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

/* bilan test rm ID ATTEMPT: remove one attempt (one commit; the history
 * keeps it).  ATTEMPT is a record id, or a unique prefix or suffix of one,
 * as for compare. */
static int run_rm(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool force = false, quiet = false;
	int c;
	while ((c = cmd_opt_next(&cmd_test, run_rm_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'f': force = true; break;
		case 'q': quiet = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_test, _("which questionnaire? 'bilan test list' shows them"));
	if (optind + 1 >= argc)
		return usage_error(&cmd_test, _("which attempt? 'bilan test show --all %s' lists them"),
				   argv[optind]);
	if (optind + 2 < argc)
		return usage_error(&cmd_test, _("too many arguments"));
	int rc = ctx_open_ws(ctx);
	if (rc)
		return rc;
	const char *id = fold_id(argv[optind]);
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_strlist files = BILAN_STRLIST_INIT;
	if (bilan_q_results_files(&files, ctx->ws->root, id, &err) < 0)
		return print_error(&err);
	if (!files.n) {
		bilan_strlist_clear(&files);
		bilan_error_set(&err, BILAN_ENOTFOUND, _("the questionnaire '%s' was never taken"), id);
		return print_error(&err);
	}
	/* record ids: the file stems */
	char **rids = bilan_xcalloc(files.n + 1, sizeof(*rids));
	const char **crids = bilan_xcalloc(files.n + 1, sizeof(*crids));
	for (size_t i = 0; i < files.n; i++) {
		const char *bn = strrchr(files.v[i], '/') ? strrchr(files.v[i], '/') + 1 : files.v[i];
		rids[i] = bilan_xstrndup(bn, strlen(bn) > 5 ? strlen(bn) - 5 : strlen(bn));
		crids[i] = rids[i];
	}
	size_t idx = 0;
	char when[64] = "";
	if (bilan_prefix_resolve(&idx, crids, files.n, argv[optind + 1],
				 _("attempt"), &err) < 0) {
		rc = print_error(&err);
		goto out;
	}
	struct bilan_q_result *res = NULL;
	if (bilan_q_result_load(&res, ctx->ws->root, files.v[idx], NULL) == 0)
		lbl_date_short(when, sizeof(when), &res->date);
	bilan_q_result_free(res);
	if (!force) {
		if (!stdin_is_tty()) {
			fail(_("not removing the attempt %s of '%s' without a confirmation"), rids[idx], id);
			print_hint(
				_("run it on a terminal, or add --force (the history keeps the attempt)"));
			rc = EXIT_DECISION;
			goto out;
		}
		char *qs = bilan_xasprintf(_("Remove the attempt of '%s' taken %s (%s)?"), id,
					   *when ? when : "?", rids[idx]);
		bool yes = ask_yes_no(qs, false);
		free(qs);
		if (!yes) {
			fprintf(stderr, "%s\n", _("Nothing removed."));
			rc = EXIT_FAILED;
			goto out;
		}
	}
	int r = bilan_ws_begin(ctx->ws, "test rm", &err);
	if (r == 0)
		r = bilan_ws_remove(ctx->ws, files.v[idx], &err);
	char *msg = bilan_xasprintf("test: remove a %s result", id);
	rc = finish_txn(ctx->ws, r, msg, &err);
	free(msg);
	if (rc == EXIT_DONE && !quiet) {
		printf(_("removed the attempt %s of '%s' (the history keeps it)"), rids[idx], id);
		printf("\n");
	}
out:
	for (size_t i = 0; i < files.n; i++)
		free(rids[i]);
	free(rids);
	free(crids);
	bilan_strlist_clear(&files);
	return rc;
}

static int run_validate(int argc, char **argv, struct bilan_ctx *ctx)
{
	(void)ctx;
	bool strict = false, json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_test, run_validate_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 's': strict = true; break;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_test, _("which file? e.g. 'bilan test validate questionnaires/mon-test.yaml'"));
	int status = EXIT_DONE;
	json_t *files = json ? json_array() : NULL;
	for (int k = optind; k < argc; k++) {
		const char *path = argv[k];
		struct bilan_diags d = BILAN_DIAGS_INIT;
		size_t errors = bilan_q_validate_file(path, &d);
		size_t warnings = bilan_diags_count(&d, BILAN_SEV_WARNING);
		fflush(stdout);
		for (size_t i = 0; i < d.n; i++)
			print_diag(&d.v[i]);
		json_t *fo = json ? json_pack("{s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			"file", path, "valid", 0, "id", json_null(), "version", json_null(),
			"items", json_null(), "dimensions", json_null(), "skills", json_null(),
			"problems", diags_json(&d), "error", json_null()) : NULL;
		if (fo)
			json_array_append_new(files, fo);
		bilan_diags_clear(&d);
		if (errors || (strict && warnings)) {
			status = EXIT_FAILED;
			continue;
		}
		struct bilan_questionnaire *q = NULL;
		struct bilan_error err = BILAN_ERROR_INIT;
		if (bilan_q_load_file(&q, path, BILAN_Q_FILE, &err) < 0) {
			if (fo)
				json_object_set_new(fo, "error", json_string(err.message));
			status = print_error(&err);
			continue;
		}
		if (fo) {
			json_object_set_new(fo, "valid", json_true());
			json_object_set_new(fo, "id", json_string(q->id));
			json_object_set_new(fo, "version", json_integer(q->version));
			json_object_set_new(fo, "items", json_integer((json_int_t)q->nitems));
			json_object_set_new(fo, "dimensions", json_integer((json_int_t)q->ndims));
			json_object_set_new(fo, "skills", json_integer((json_int_t)q->nskills));
			bilan_q_free(q);
			continue;
		}
		print_text(stdout, path);
		printf(": ");
		printf(_("valid: '%s' version %lld, %zu items, %zu dimensions"), q->id, q->version,
		       q->nitems, q->ndims);
		if (q->nskills)
			printf(P_(", %zu skill", ", %zu skills", q->nskills), q->nskills);
		printf("\n");
		bilan_q_free(q);
	}
	if (json) {
		int jrc = qr_print_json(json_pack("{s:o}", "files", files));
		if (jrc != EXIT_DONE)
			status = jrc;
	}
	return status;
}

static const struct bilan_subcmd subs[] = {
	{ "list", run_list, N_("list the questionnaires, how often and when each was taken"),
	  run_list_opts, NULL },
	{ "run", run_run, N_("take a questionnaire"),
	  run_run_opts, "@test" },
	{ "show", run_show, N_("show the latest result (or all)"),
	  run_show_opts, "@test" },
	{ "compare", run_compare, N_("show the evolution between attempts"),
	  run_compare_opts, "@test" },
	{ "rm", run_rm, N_("remove an attempt taken by mistake"),
	  run_rm_opts, "@test" },
	{ "validate", run_validate, N_("check a questionnaire definition"),
	  run_validate_opts, "@file" },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_test = {
	"test", run, N_("take questionnaires and review their results"),
	N_("bilan test list [--json]\n"
	   "bilan test run [--answers LIST | --answers-file FILE] [--date WHEN] [--restart] [--json] [-q] ID\n"
	   "bilan test show [--all] [--json] ID\n"
	   "bilan test compare [--json] ID [ATTEMPT...]\n"
	   "bilan test rm [--force] [-q] ID ATTEMPT\n"
	   "bilan test validate [--strict] [--json] FILE..."),
	0,
	NULL, subs, NULL, "list",
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	return cmd_dispatch_sub(&cmd_test, subs, "list", argc, argv, ctx);
}

