/* remind.c - bilan remind: a short reminder for cron (lib/remind.h).
 * Silent when nothing needs attention; plain text, no colour, no pager, no
 * prompt; never writes to the workspace. */
#include "common.h"
#include "labels.h"

#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "remind.h"
#include "text.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

/* Cron runs with no locale: then the workspace's language decides.  gettext
 * ignores LANGUAGE under the "C" locale, so messages switch to C.UTF-8 (or
 * another UTF-8 locale that exists) with LANGUAGE set. */
static void choose_language(const struct bilan_ws *ws)
{
	const char *language = cmd_env.language;
	if (language && *language)
		return;
	const char *l = setlocale(LC_MESSAGES, NULL);
	if (l && strcmp(l, "C") && strcmp(l, "POSIX"))
		return;   /* the user chose a locale */
	const char *want = ws->cfg.language ? ws->cfg.language : "fr";
	if (!strcmp(want, "en"))
		return;   /* the messages are English */
	static const char *const utf8[] = { "C.UTF-8", "C.utf8", "fr_FR.UTF-8", "fr_FR.utf8",
					    "en_US.UTF-8", NULL };
	for (size_t i = 0; utf8[i]; i++)
		if (setlocale(LC_MESSAGES, utf8[i]))
			break;
	setenv("LANGUAGE", want, 1);
	/* a new LC_MESSAGES flushes gettext's cache; set it again to be sure */
	setlocale(LC_MESSAGES, setlocale(LC_MESSAGES, NULL));
}

static void line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void line(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	/* names for "the consultant" (sanitize_shown), as every line shown */
	struct bilan_buf shown = BILAN_BUF_INIT;
	sanitize_shown(&shown, bilan_buf_cstr(&b));
	fputs(bilan_buf_cstr(&shown), stdout);
	bilan_buf_clear(&shown);
	bilan_buf_clear(&b);
	putchar('\n');
}

static void item(const char *text)
{
	printf("  - ");
	print_text(stdout, text);
}

/* "  - and 12 more: bilan journal list --open" */
static void more(size_t n)
{
	if (!n)
		return;
	printf("  - ");
	printf(P_("and %zu more: bilan journal list --open", "and %zu more: bilan journal list --open",
		  n), n);
	putchar('\n');
}

static const char *dur(char *buf, int minutes)
{
	bilan_duration_human(buf, 16, minutes <= 0 ? 0 : minutes, bilan_i18n_is_french());
	return buf;
}

static void print_message(const struct bilan_ws *ws, const struct bilan_remind *r)
{
	const struct bilan_config *cfg = &ws->cfg;
	char a[32], b[32], c[16], d[16];

	/* who and where: a cron mail may come from several workspaces */
	struct bilan_buf name = BILAN_BUF_INIT, root = BILAN_BUF_INIT;
	sanitize_shown(&name, cfg->name ? cfg->name : "");
	sanitize_shown(&root, ws->root);
	if (name.len)
		line(_("Bilan de compétences of %s (%s)"), name.ptr, root.ptr);
	else
		line(_("Bilan de compétences in %s"), root.ptr);
	bilan_buf_clear(&name);
	bilan_buf_clear(&root);

	/* time */
	if (r->goal > 0)
		printf(_("This week: %s of %s"), dur(c, r->week_minutes), dur(d, r->goal));
	else
		printf(_("This week: %s"), dur(c, r->week_minutes));
	if (r->last_week_counts) {
		printf(" ");
		if (r->last_week_short)
			printf(_("(last week: %s, under the goal)"), dur(c, r->last_week_minutes));
		else
			printf(_("(last week: %s, goal reached)"), dur(c, r->last_week_minutes));
	}
	putchar('\n');
	if (r->has_last_entry) {
		lbl_date_day(a, sizeof(a), &r->last_entry);
		if (r->days_since_entry == 0)
			line(_("Last journal entry: today."));
		else
			line(P_("Last journal entry: %d day ago (%s).",
				"Last journal entry: %d days ago (%s).", r->days_since_entry),
			     r->days_since_entry, a);
	} else if (r->running) {
		line("%s", _("No journal entry yet: 'bilan journal add' notes your work."));
	}

	if (r->noverdue) {
		line(P_("To-do item overdue (%zu):", "To-do items overdue (%zu):", r->noverdue),
		     r->noverdue);
		for (size_t i = 0; i < r->noverdue; i++) {
			item(r->overdue[i]->text);
			lbl_date_day(a, sizeof(a), &r->overdue[i]->due);
			printf(" (");
			printf(_("due %s"), a);
			printf(")\n");
		}
	}
	if (r->ndue_week) {
		line(P_("Due this week (%zu):", "Due this week (%zu):", r->ndue_week), r->ndue_week);
		for (size_t i = 0; i < r->ndue_week; i++) {
			item(r->due_week[i]->text);
			lbl_date_day(a, sizeof(a), &r->due_week[i]->due);
			printf(" (");
			printf(_("due %s"), a);
			printf(")\n");
		}
	}
	for (size_t i = 0; i < r->unfinished.n; i++) {
		const struct bilan_q_partial *p = &r->partials[i];
		printf(P_("Unfinished questionnaire '%s': %zu answer kept of %zu; "
			  "'bilan test run %s' goes on where you stopped.",
			  "Unfinished questionnaire '%s': %zu answers kept of %zu; "
			  "'bilan test run %s' goes on where you stopped.", p->answered),
		       r->unfinished.v[i], p->answered, p->total, r->unfinished.v[i]);
		putchar('\n');
	}
	if (r->nquestioned) {
		line(P_("Piste an enquête did not confirm (%zu): is its status still right?",
			"Pistes an enquête did not confirm (%zu): are their statuses still right?",
			r->nquestioned), r->nquestioned);
		for (size_t i = 0; i < r->nquestioned; i++) {
			const struct bilan_piste *p = r->questioned[i];
			printf("  - ");
			printf(_("%s (%s): the enquête '%s' does not confirm it; 'bilan piste set %s ecartee --reason ...', or set its status again with the reason it holds"),
			       p->rec.name, bilan_piste_status_name(p->status),
			       r->questioned_by[i]->rec.name, p->rec.name);
			putchar('\n');
		}
	}
	if (r->nwaiting) {
		line(P_("Enquête waiting for a follow-up (%zu):",
			"Enquêtes waiting for a follow-up (%zu):", r->nwaiting), r->nwaiting);
		for (size_t i = 0; i < r->nwaiting; i++) {
			const struct bilan_remind_enquete *w = &r->waiting[i];
			struct bilan_buf label = BILAN_BUF_INIT;
			sanitize_shown(&label, w->label ? w->label : w->e->rec.name);
			printf("  - ");
			switch (w->what) {
			case BILAN_REMIND_RECORD_OUTCOME:
				lbl_date_day(a, sizeof(a), &w->e->date);
				printf(_("%s: held on %s? Note what you learnt: 'bilan enquete done %s'"),
				       label.ptr, a, w->e->rec.name);
				break;
			case BILAN_REMIND_FOLLOW_UP:
				printf(P_("%s: contacted %d day ago with no answer: follow it up",
					  "%s: contacted %d days ago with no answer: follow it up", w->days),
				       label.ptr, w->days);
				break;
			case BILAN_REMIND_TO_CONTACT:
				printf(P_("%s: to contact, noted %d day ago",
					  "%s: to contact, noted %d days ago", w->days), label.ptr, w->days);
				break;
			}
			bilan_buf_clear(&label);
			putchar('\n');
		}
	}
	if (r->questions_total) {
		line(P_("Open question for the consultant (%zu):",
			"Open questions for the consultant (%zu):", r->questions_total),
		     r->questions_total);
		for (size_t i = 0; i < r->nquestions; i++) {
			item(r->questions[i]->title);
			putchar('\n');
		}
		more(r->questions_total - r->nquestions);
	}
	if (r->blockers_total) {
		line(P_("Blocker (%zu):", "Blockers (%zu):", r->blockers_total), r->blockers_total);
		for (size_t i = 0; i < r->nblockers; i++) {
			item(r->blockers[i]->title);
			putchar('\n');
		}
		more(r->blockers_total - r->nblockers);
	}
	if (r->next_soon) {
		lbl_date_short(b, sizeof(b), &r->next->date);
		if (r->next_days == 0)
			printf(_("Next meeting: today, %s"), b);
		else
			printf(P_("Next meeting: %s (in %d day)", "Next meeting: %s (in %d days)",
				  r->next_days), b, r->next_days);
		if (r->next->subject && *r->next->subject) {
			printf(" — ");
			print_text(stdout, r->next->subject);
		}
		putchar('\n');
		printf("  %s\n", _("To prepare ('bilan report seance' makes the preparation sheet):"));
		for (size_t i = 0; i < r->nprepare; i++) {
			item(r->prepare[i]->text);
			putchar('\n');
		}
		if (r->questions_total) {
			printf("  - ");
			printf(P_("%zu open question to ask", "%zu open questions to ask",
				  r->questions_total), r->questions_total);
			putchar('\n');
		}
		if (!r->nprepare && !r->questions_total)
			printf("  - %s\n", _("what you did since the last meeting"));
	}
	if (r->appraisal != BILAN_APPRAISAL_NONE) {
		lbl_date_day(a, sizeof(a), &r->appraisal_since);
		if (r->appraisal == BILAN_APPRAISAL_END)
			printf(_("The bilan ended on %s: please give your appraisal "
				 "('bilan test run appreciation')."), a);
		else
			printf(_("Six months after the end of the bilan (%s): please give your "
				 "appraisal again ('bilan test run appreciation')."), a);
		putchar('\n');
	}
	if (r->problems.n) {
		line("%s", _("Files that could not be read (fix them, then run 'bilan check'):"));
		for (size_t i = 0; i < r->problems.n; i++) {
			const struct bilan_diag *g = &r->problems.v[i];
			printf("  ");
			print_text(stdout, g->file ? g->file : "");
			if (g->line > 0)
				printf(":%d:%d", g->line, g->col > 0 ? g->col : 1);
			printf(": ");
			print_text(stdout, g->message);
			putchar('\n');
		}
	}
	if (!r->attention)
		line("%s", _("Nothing needs your attention."));
}

static json_t *iso_or_null(bool has, const struct bilan_time *t)
{
	if (!has)
		return json_null();
	char iso[BILAN_TIME_ISO_MAX];
	bilan_time_format_iso(iso, t);
	return json_string(iso);
}

static json_t *todos_json(const struct bilan_todo *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		char day[16] = "";
		if (v[i]->has_due)
			bilan_time_format_day(day, sizeof(day), &v[i]->due);
		json_array_append_new(a, json_pack("{s:s, s:s, s:o}", "id", v[i]->rec.name,
			"text", v[i]->text ? v[i]->text : "",
			"due", v[i]->has_due ? json_string(day) : json_null()));
	}
	return a;
}

static json_t *entries_json(struct bilan_entry *const *v, size_t n, size_t total)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "id", v[i]->id,
						   "title", v[i]->title ? v[i]->title : ""));
	return json_pack("{s:I, s:o}", "total", (json_int_t)total, "listed", a);
}

/* The reminder as the JSON contract's object (bilan-json(7)). */
static json_t *remind_json(const struct bilan_remind *r)
{
	static const char *const followups[] = { "record_outcome", "follow_up", "to_contact" };
	json_t *o = json_object();
	json_object_set_new(o, "attention", json_boolean(r->attention));
	json_object_set_new(o, "running", json_boolean(r->running));
	json_object_set_new(o, "week", json_pack("{s:i, s:i, s:I, s:o, s:b}",
		"goal_minutes", r->goal, "minutes", r->week_minutes,
		"entries", (json_int_t)r->week_entries,
		"last_week_minutes", r->last_week_counts ? json_integer(r->last_week_minutes) : json_null(),
		"last_week_short", r->last_week_counts && r->last_week_short));
	json_object_set_new(o, "last_entry", iso_or_null(r->has_last_entry, &r->last_entry));
	json_object_set_new(o, "days_since_entry", json_integer(r->days_since_entry));
	json_object_set_new(o, "overdue", todos_json(r->overdue, r->noverdue));
	json_object_set_new(o, "due_this_week", todos_json(r->due_week, r->ndue_week));
	json_t *un = json_array();
	for (size_t i = 0; i < r->unfinished.n; i++)
		json_array_append_new(un, json_pack("{s:s, s:I, s:I}", "questionnaire", r->unfinished.v[i],
			"answered", (json_int_t)r->partials[i].answered,
			"total", (json_int_t)r->partials[i].total));
	json_object_set_new(o, "unfinished_tests", un);
	json_t *en = json_array();
	for (size_t i = 0; i < r->nwaiting; i++)
		json_array_append_new(en, json_pack("{s:s, s:o, s:s, s:i}",
			"slug", r->waiting[i].e->rec.name, "label", json_str_or_null(r->waiting[i].label),
			"what", followups[r->waiting[i].what], "days", r->waiting[i].days));
	json_object_set_new(o, "enquetes", en);
	json_t *pq = json_array();
	for (size_t i = 0; i < r->nquestioned; i++)
		json_array_append_new(pq, json_pack("{s:s, s:s}", "piste", r->questioned[i]->rec.name,
			"enquete", r->questioned_by[i]->rec.name));
	json_object_set_new(o, "pistes_questioned", pq);
	json_object_set_new(o, "questions", entries_json(r->questions, r->nquestions, r->questions_total));
	json_object_set_new(o, "blockers", entries_json(r->blockers, r->nblockers, r->blockers_total));
	if (r->next_soon) {
		char iso[BILAN_TIME_ISO_MAX];
		bilan_time_format_iso(iso, &r->next->date);
		json_object_set_new(o, "next_seance", json_pack("{s:s, s:s, s:i, s:o, s:o}",
			"id", r->next->rec.name, "date", iso, "days", r->next_days,
			"subject", json_str_or_null(r->next->subject),
			"prepare", todos_json(r->prepare, r->nprepare)));
	} else {
		json_object_set_new(o, "next_seance", json_null());
	}
	json_object_set_new(o, "appraisal", r->appraisal == BILAN_APPRAISAL_NONE
		? json_null()
		: json_pack("{s:s, s:o}", "due", r->appraisal == BILAN_APPRAISAL_END ? "end" : "six_months",
			    "since", iso_or_null(true, &r->appraisal_since)));
	json_object_set_new(o, "problems", diags_json(&r->problems));
	return o;
}

static int print_crontab(const struct bilan_ws *ws)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		snprintf(exe, sizeof(exe), "bilan");
	else
		exe[n] = '\0';
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_remind_crontab(&b, ws->root, exe);
	printf("%s\n", bilan_buf_cstr(&b));
	bilan_buf_clear(&b);
	return EXIT_DONE;
}

static const struct cmd_option run_opts[] = {
	{ "always", 0, 'a', NULL,
	  N_("say something even when nothing needs attention"), NULL },
	{ "crontab", 0, 'c', NULL,
	  N_("print a crontab line that runs bilan remind"), NULL },
	{ "json", 0, 'j', NULL,
	  N_("print what needs attention as JSON, always (bilan-json(7))"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_remind = {
	"remind", run, N_("say what needs attention (for cron)"),
	N_("bilan remind [--always | --json]\n"
	   "bilan remind --crontab"),
	CMD_NEEDS_WS,
	run_opts, NULL, NULL, NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool always = false, crontab = false, json = false;
	int c;
	/* plain text whatever the terminal (cron mails it) */
	color_mode = COLOR_NEVER;
	while ((c = cmd_opt_next(&cmd_remind, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'a': always = true; break;
		case 'c': crontab = true; break;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_remind, _("too many arguments"));
	if (crontab && always)
		return usage_error(&cmd_remind, _("--crontab and --always do not go together"));
	if (crontab && json)
		return usage_error(&cmd_remind, _("--crontab and --json do not go together"));
	if (crontab)
		return print_crontab(ctx->ws);

	choose_language(ctx->ws);
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_remind *r = NULL;
	if (bilan_remind_collect(&r, ctx->ws, NULL, &err) < 0)
		return print_error(&err);
	int rc = r->problems.n ? EXIT_FAILED : EXIT_DONE;
	if (json) {
		int jrc = json_print(remind_json(r));
		if (jrc != EXIT_DONE)
			rc = jrc;
	} else if (r->attention || always) {
		print_message(ctx->ws, r);
	}
	bilan_remind_free(r);
	return rc;
}
