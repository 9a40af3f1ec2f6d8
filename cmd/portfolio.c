/* portfolio.c - bilan portfolio: one line per beneficiary, for the consultant. */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "portfolio.h"
#include "report.h"
#include "text.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static const char *const formats[] = { "text", "md", "html", "json", NULL };

/* "3h30" or "?" */
static void hours(char *buf, size_t size, long long minutes)
{
	if (minutes < 0)
		snprintf(buf, size, "?");
	else
		bilan_duration_human(buf, size, (int)minutes, bilan_i18n_is_french());
	if (minutes == 0)
		snprintf(buf, size, "0");
}

static void num(char *buf, size_t size, long long v)
{
	if (v < 0)
		snprintf(buf, size, "?");
	else
		snprintf(buf, size, "%lld", v);
}

/* The cells of a row, as text (owned by the caller). */
enum { COL_NAME, COL_PHASE, COL_USED, COL_WEEK, COL_IDLE, COL_TESTS, COL_PISTES,
       COL_ENQ, COL_LATE, COL_NEXT, COL_FLAG, NCOLS };

static void cells(char cell[NCOLS][128], const struct bilan_portfolio_row *r)
{
	char a[32], b[32];
	snprintf(cell[COL_NAME], 128, "%s", r->name ? r->name : r->dir);
	snprintf(cell[COL_PHASE], 128, "%s", r->error ? _("unreadable") : r->phase ? r->phase : "?");
	hours(a, sizeof(a), r->seances_minutes);
	snprintf(cell[COL_USED], 128, "%s/24h", a);
	hours(a, sizeof(a), r->week_minutes);
	hours(b, sizeof(b), r->weekly_goal);
	snprintf(cell[COL_WEEK], 128, "%s/%s", a, b);
	num(cell[COL_IDLE], 128, r->days_idle);
	num(cell[COL_TESTS], 128, r->tests);
	num(a, sizeof(a), r->pistes_validees);
	num(b, sizeof(b), r->pistes_ouvertes);
	snprintf(cell[COL_PISTES], 128, "%s/%s", a, b);
	num(cell[COL_ENQ], 128, r->enquetes_realisees);
	num(cell[COL_LATE], 128, r->todo_overdue);
	snprintf(cell[COL_NEXT], 128, "%.16s", r->next_meeting ? r->next_meeting : "-");
	if (cell[COL_NEXT][10] == 'T')
		cell[COL_NEXT][10] = ' ';
	snprintf(cell[COL_FLAG], 128, "%s", r->past_retention ? _("retention over") : "");
}

static const char *header(int i)
{
	switch (i) {
	case COL_NAME: return _("Beneficiary");
	case COL_PHASE: return _("Phase");
	case COL_USED: return _("Hours used");
	case COL_WEEK: return _("This week");
	case COL_IDLE: return _("Idle (days)");
	case COL_TESTS: return _("Tests");
	case COL_PISTES: return _("Pistes val./open");
	case COL_ENQ: return _("Enquêtes");
	case COL_LATE: return _("Overdue");
	case COL_NEXT: return _("Next meeting");
	case COL_FLAG: return _("Flag");
	}
	return "";
}

static void md_cell(struct bilan_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			bilan_buf_puts(b, "\\|");
		else if ((unsigned char)*s < 0x20)
			bilan_buf_putc(b, ' ');
		else
			bilan_buf_putc(b, *s);
	}
}

static json_t *jnum(long long v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static const struct cmd_option run_opts[] = {
	{ "format", 'f', 'f', N_("FORMAT"),
	  N_("the output format"), "text md html json" },
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_portfolio = {
	"portfolio", run, N_("one line per beneficiary, over many shared workspaces"),
	N_("bilan portfolio [--format text|md|html|json] [--json] DIR..."), 0,
	run_opts, NULL, "@dir", NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	(void)ctx;
	const char *format = "text";
	int c;
	while ((c = cmd_opt_next(&cmd_portfolio, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'f': format = optarg; break;
		case 'j': format = "json"; break;
		default: return EXIT_USAGE;
		}
	}
	int fi = -1;
	for (int i = 0; formats[i]; i++)
		if (!strcmp(format, formats[i]))
			fi = i;
	if (fi < 0)
		return bad_value("--format", format, formats);
	if (optind >= argc)
		return usage_error(&cmd_portfolio, _("name at least one directory (a workspace, or a folder of clones)"));
	struct bilan_portfolio p = BILAN_PORTFOLIO_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_portfolio_scan(&p, (const char *const *)argv + optind, (size_t)(argc - optind),
				 0, &err) < 0) {
		bilan_portfolio_clear(&p);
		return print_error(&err);
	}
	int rc = EXIT_DONE;
	if (fi == 3) {
		json_t *a = json_array();
		for (size_t i = 0; i < p.n; i++) {
			const struct bilan_portfolio_row *r = &p.v[i];
			json_t *o = json_object();
			json_object_set_new(o, "dir", json_string(r->dir));
			json_object_set_new(o, "name", json_str_or_null(r->name));
			json_object_set_new(o, "phase", json_str_or_null(r->phase));
			json_object_set_new(o, "from_resume", json_boolean(r->from_resume));
			json_object_set_new(o, "seances_minutes", jnum(r->seances_minutes));
			json_object_set_new(o, "legal_minutes", json_integer(BILAN_LEGAL_MINUTES));
			json_object_set_new(o, "week_minutes", jnum(r->week_minutes));
			json_object_set_new(o, "weekly_goal_minutes", jnum(r->weekly_goal));
			json_object_set_new(o, "days_idle", jnum(r->days_idle));
			json_object_set_new(o, "tests", jnum(r->tests));
			json_object_set_new(o, "pistes_validees", jnum(r->pistes_validees));
			json_object_set_new(o, "pistes_ouvertes", jnum(r->pistes_ouvertes));
			json_object_set_new(o, "enquetes_realisees", jnum(r->enquetes_realisees));
			json_object_set_new(o, "todo_overdue", jnum(r->todo_overdue));
			json_object_set_new(o, "next_meeting", json_str_or_null(r->next_meeting));
			json_object_set_new(o, "retention_until", json_str_or_null(r->retention_until));
			json_object_set_new(o, "past_retention", json_boolean(r->past_retention));
			json_object_set_new(o, "error", json_str_or_null(r->error));
			json_array_append_new(a, o);
		}
		bilan_portfolio_clear(&p);
		return json_print_list("beneficiaries", a);
	}
	char (*cl)[NCOLS][128] = bilan_xcalloc(p.n ? p.n : 1, sizeof(*cl));
	for (size_t i = 0; i < p.n; i++)
		cells(cl[i], &p.v[i]);
	struct bilan_buf b = BILAN_BUF_INIT;
	if (fi == 0) {
		size_t w[NCOLS];
		for (int k = 0; k < NCOLS; k++) {
			w[k] = bilan_text_width(header(k));
			for (size_t i = 0; i < p.n; i++) {
				size_t x = bilan_text_width(cl[i][k]);
				if (x > w[k])
					w[k] = x;
			}
		}
		for (size_t i = 0; i <= p.n; i++) {
			for (int k = 0; k < NCOLS; k++) {
				const char *s = i ? cl[i - 1][k] : header(k);
				struct bilan_buf clean = BILAN_BUF_INIT;
				sanitize_shown(&clean, s);
				bilan_buf_puts(&b, bilan_buf_cstr(&clean));
				bilan_buf_clear(&clean);
				if (k < NCOLS - 1)
					for (size_t pad = bilan_text_width(s); pad < w[k] + 2; pad++)
						bilan_buf_putc(&b, ' ');
			}
			while (b.len && b.ptr[b.len - 1] == ' ')
				bilan_buf_truncate(&b, b.len - 1);
			bilan_buf_putc(&b, '\n');
		}
	} else if (fi == 1) {
		for (int k = 0; k < NCOLS; k++) {
			bilan_buf_puts(&b, "| ");
			md_cell(&b, header(k));
			bilan_buf_puts(&b, " ");
		}
		bilan_buf_puts(&b, "|\n");
		for (int k = 0; k < NCOLS; k++)
			bilan_buf_puts(&b, "|---");
		bilan_buf_puts(&b, "|\n");
		for (size_t i = 0; i < p.n; i++) {
			for (int k = 0; k < NCOLS; k++) {
				bilan_buf_puts(&b, "| ");
				md_cell(&b, cl[i][k]);
				bilan_buf_puts(&b, " ");
			}
			bilan_buf_puts(&b, "|\n");
		}
	} else {
		/* the reports' head: its CSP, its viewport; one escaper for all HTML
		 * (the names come from the beneficiaries' remotes) */
		bilan_html_head(&b, bilan_i18n_is_french() ? "fr" : "en", _("Portfolio"),
				"body{font-family:system-ui,sans-serif;margin:1rem}"
				".table{overflow-x:auto}"
				"table{border-collapse:collapse}td,th{border:1px solid #767676;padding:2px 6px;"
				"text-align:left}"
				".late{color:#b00020;font-weight:600}");
		bilan_buf_puts(&b, "<main>\n<h1>");
		bilan_html_escape(&b, _("Portfolio"));
		bilan_buf_puts(&b, "</h1>\n<div class=\"table\"><table>\n<thead><tr>");
		for (int k = 0; k < NCOLS; k++) {
			bilan_buf_puts(&b, "<th scope=\"col\">");
			bilan_html_escape(&b, header(k));
			bilan_buf_puts(&b, "</th>");
		}
		bilan_buf_puts(&b, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < p.n; i++) {
			bilan_buf_puts(&b, p.v[i].past_retention ? "<tr class=\"late\">" : "<tr>");
			for (int k = 0; k < NCOLS; k++) {
				bilan_buf_puts(&b, "<td>");
				bilan_html_escape(&b, cl[i][k]);
				bilan_buf_puts(&b, "</td>");
			}
			bilan_buf_puts(&b, "</tr>\n");
		}
		bilan_buf_puts(&b, "</tbody>\n</table></div>\n</main>\n</body>\n</html>\n");
	}
	fputs(bilan_buf_cstr(&b), stdout);
	for (size_t i = 0; i < p.n; i++) {
		if (p.v[i].error) {
			struct bilan_buf e = BILAN_BUF_INIT;
			sanitize_shown(&e, p.v[i].error);
			warn("%s: %s", p.v[i].dir, bilan_buf_cstr(&e));
			bilan_buf_clear(&e);
			rc = EXIT_FAILED;
		}
	}
	bilan_buf_clear(&b);
	free(cl);
	bilan_portfolio_clear(&p);
	return rc;
}
