/* close.c - bilan close: the end of the bilan.  First lists what is left to
 * settle (lib/closing.h: open to-dos, planned séances, open questions, the
 * appraisal, the beneficiary's comments on the synthèse) and stops there,
 * exit 3, unless --force.  Then sets the end date and the phase 'terminee'
 * and, when the beneficiary agreed in writing that documents be kept for the
 * follow-up, that agreement and how long (at most 3 years after the end,
 * R6313-7); it says who keeps and who destroys what (R6313-7/8). */
#include "common.h"
#include "labels.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "closing.h"
#include "fieldwork.h"
#include "text.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static int day_key(const struct bilan_time *t)
{
	struct tm tm;
	bilan_time_local(t, &tm);
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* The last day documents may be kept: the end plus 3 years (29 February
 * gives 28 February). */
static int retention_limit(const struct bilan_time *end, char *buf, size_t size)
{
	struct tm tm;
	bilan_time_local(end, &tm);
	int y = tm.tm_year + 1900 + 3, m = tm.tm_mon + 1, d = tm.tm_mday;
	if (m == 2 && d == 29)
		d = 28;
	struct bilan_time lim = { 0, 0, false };
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
	if (bilan_time_parse_iso(&lim, buf))
		lbl_date_day(buf, size, &lim);
	return y * 10000 + m * 100 + d;
}

static void print_item(const struct bilan_close_item *it)
{
	char when[32];
	fprintf(stderr, "    - ");
	if (it->has_when)
		fprintf(stderr, "%s  ", fw_when(when, &it->when));
	if (it->id)
		fprintf(stderr, "%s  ", it->id);
	if (it->text)
		print_text(stderr, it->text);
	fprintf(stderr, "\n");
}

/* What is left, grouped, each group with the command that settles it. */
static void print_left(const struct bilan_close_left *l)
{
	size_t count[BILAN_LEFT_COMMENTS + 1] = { 0 };
	for (size_t i = 0; i < l->n; i++)
		count[l->v[i].what]++;
	fprintf(stderr, P_("bilan: %zu thing is left to settle before closing the bilan:",
			   "bilan: %zu things are left to settle before closing the bilan:", l->n),
		l->n);
	fprintf(stderr, "\n");
	for (int w = BILAN_LEFT_TODO; w <= BILAN_LEFT_COMMENTS; w++) {
		size_t n = count[w];
		if (!n)
			continue;
		switch ((enum bilan_close_what)w) {
		case BILAN_LEFT_TODO:
			fprintf(stderr, P_("  %zu to-do item still open: 'bilan todo done ID'",
					   "  %zu to-do items still open: 'bilan todo done ID'", n), n);
			break;
		case BILAN_LEFT_SEANCE:
			fprintf(stderr, P_("  %zu séance still planned: 'bilan seance done ID' or 'bilan seance cancel ID'",
					   "  %zu séances still planned: 'bilan seance done ID' or 'bilan seance cancel ID'", n), n);
			break;
		case BILAN_LEFT_QUESTION:
			fprintf(stderr, P_("  %zu question still open: 'bilan journal close ID --answer TEXT'",
					   "  %zu questions still open: 'bilan journal close ID --answer TEXT'", n), n);
			break;
		case BILAN_LEFT_BLOCKER:
			fprintf(stderr, P_("  %zu blocker still open: 'bilan journal close ID'",
					   "  %zu blockers still open: 'bilan journal close ID'", n), n);
			break;
		case BILAN_LEFT_APPRAISAL:
			fprintf(stderr, "  %s", _("the appraisal questionnaire has not been taken: 'bilan test run appreciation'"));
			break;
		case BILAN_LEFT_COMMENTS:
			fprintf(stderr, "  %s", _("the beneficiary has not commented on the synthèse: read 'bilan report synthese', then 'bilan journal add --tag synthese TEXT'"));
			break;
		}
		fprintf(stderr, "\n");
		for (size_t i = 0; i < l->n; i++)
			if (l->v[i].what == (enum bilan_close_what)w &&
			    (l->v[i].id || l->v[i].text))
				print_item(&l->v[i]);
	}
	print_hint(_("settle each of them, or close anyway with 'bilan close --force'"));
}

/* Who keeps and who destroys what (R6313-7, R6313-8). */
static void print_retention(const struct bilan_config *cfg, const char *until)
{
	if (until) {
		printf(_("With the beneficiary's written agreement, the provider keeps the documents for the follow-up until %s, then destroys them (R6313-7)."),
		       until);
		printf("\n");
	} else {
		printf("%s\n", _("Without the beneficiary's written agreement to keep them, the provider (the consultant's organisation) destroys the documents of the bilan at its end (R6313-7), except the synthèse sent to the CEP at the beneficiary's request."));
	}
	printf("%s\n", _("The beneficiary's own copy (this workspace, the synthèse) is theirs: they keep it or delete it as they wish; no one else receives it without their agreement (L6313-4)."));
	printf("%s\n", _("The consultant deletes their clone and the shared repository with 'bilan purge' when that time comes."));
	if (cfg->funding && (!strcmp(cfg->funding, "plan") || !strcmp(cfg->funding, "reclassement"))) {
		printf(_("Funded by the employer (%s): the three-party agreement (R6313-8) says how the results and the synthèse are handed over; the employer receives them only with the beneficiary's agreement."),
		       lbl_value(cfg->funding));
		printf("\n");
	}
}

static const struct cmd_option run_opts[] = {
	{ "date", 0, 'd', N_("WHEN"),
	  N_("the end date (default: today)"), NULL },
	{ "keep-until", 0, 'k', N_("DATE"),
	  N_("the last day documents are kept for the follow-up"), NULL },
	{ "agreement", 0, 'a', N_("TEXT"),
	  N_("the beneficiary's written agreement, on one line"), NULL },
	{ "force", 0, 'f', NULL,
	  N_("close even with work left to settle"), NULL },
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_close = {
	"close", run, N_("mark the bilan finished (end date, retention agreement)"),
	N_("bilan close [--date WHEN] [--keep-until DATE --agreement TEXT] [--force]"),
	CMD_NEEDS_WS,
	run_opts, NULL, NULL, NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	const char *date = NULL, *keep = NULL, *agreement = NULL;
	int c, rc;
	bool force = false;
	while ((c = cmd_opt_next(&cmd_close, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		case 'd': date = optarg; break;
		case 'k': keep = optarg; break;
		case 'a': agreement = optarg; break;
		case 'f': force = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_close, _("too many arguments"));
	if (keep && !agreement)
		return usage_error(&cmd_close, _("--keep-until needs --agreement: documents are kept only with the beneficiary's written agreement"));
	if (agreement && !keep)
		return usage_error(&cmd_close, _("--agreement needs --keep-until: say until when documents are kept"));
	if (agreement && (!*agreement || !bilan_utf8_valid(agreement, strlen(agreement), NULL) ||
			  strchr(agreement, '\n')))
		return usage_error(&cmd_close, _("--agreement needs one line of text, e.g. 'accord écrit signé le 30/01/2027'"));
	struct bilan_time end = bilan_time_now(), until = { 0, 0, false };
	end.has_time = false;
	if (date && (rc = fw_parse_date(&end, date, false, true)))
		return rc;
	if (keep && (rc = fw_parse_date(&until, keep, true, true)))
		return rc;
	struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_ws_begin(ws, "close", &err) < 0)
		return print_error(&err);
	const struct bilan_config *cfg = &ws->cfg;
	char endbuf[32], endh[32], limit[32], untilbuf[32];
	bool already = bilan_ws_closed(ws);
	int r = 0;
	if (already) {
		/* only the retention agreement may still be added */
		char prev[32] = "?";
		if (cfg->has_end)
			lbl_date_day(prev, sizeof(prev), &cfg->end);
		if (!keep || date) {
			r = bilan_error_set(&err, BILAN_EUSAGE, _("the bilan is already closed (on %s)"), prev);
			bilan_error_hint(&err, _("a retention agreement can still be recorded: "
						 "'bilan close --keep-until DATE --agreement TEXT'"));
		} else if (cfg->has_end) {
			end = cfg->end;
		}
	}
	if (r == 0 && cfg->has_start && day_key(&end) < day_key(&cfg->start)) {
		char s[32];
		lbl_date_day(s, sizeof(s), &cfg->start);
		r = bilan_error_set(&err, BILAN_EUSAGE, _("the end date is before the start of the bilan (%s)"), s);
	}
	bilan_time_format_day(endbuf, sizeof(endbuf), &end);
	lbl_date_day(endh, sizeof(endh), &end);
	if (r == 0 && keep) {
		int lim = retention_limit(&end, limit, sizeof(limit));
		lbl_date_day(untilbuf, sizeof(untilbuf), &until);
		if (day_key(&until) > lim) {
			r = bilan_error_set(&err, BILAN_EUSAGE,
					    _("documents may be kept at most 3 years after the end of the bilan: until %s, not %s"),
					    limit, untilbuf);
			bilan_error_hint(&err, _("R6313-7 of the Code du travail (decree 2023-1350)"));
		} else if (day_key(&until) < day_key(&end)) {
			r = bilan_error_set(&err, BILAN_EUSAGE,
					    _("the retention date %s is before the end of the bilan (%s)"),
					    untilbuf, endh);
		}
	}
	/* what is left: listed, and the bilan stays open until it is settled */
	struct bilan_close_left left = BILAN_CLOSE_LEFT_INIT;
	if (r == 0 && !already) {
		r = bilan_close_left(&left, ws, bilan_now(), &err);
		if (r == 0 && left.n && !force) {
			bilan_ws_rollback(ws);
			print_left(&left);
			bilan_close_left_clear(&left);
			return EXIT_DECISION;
		}
	}
	size_t forced = left.n;
	bilan_close_left_clear(&left);
	if (r == 0) {
		struct bilan_node *config = bilan_node_clone(ws->doc->root);
		char iso[BILAN_TIME_ISO_MAX];
		struct bilan_time e = end;
		e.has_time = false;
		bilan_time_format_iso(iso, &e);
		bilan_map_set_str(config, "end", iso);
		bilan_map_set_str(config, "phase", "terminee");
		if (keep) {
			struct bilan_node *ret = bilan_node_map();
			struct bilan_time u = until;
			u.has_time = false;
			bilan_time_format_iso(iso, &u);
			bilan_map_set_str(ret, "until", iso);
			bilan_map_set_str(ret, "agreement", agreement);
			bilan_map_set(config, "retention", ret);
		}
		r = bilan_ws_write(ws, BILAN_CONFIG_FILE, config, &err);
		bilan_node_free(config);
	}
	char *msg = already ? bilan_xstrdup("close: retention agreement recorded")
			    : bilan_xasprintf("close: end of the bilan on %s", endbuf);
	rc = finish_txn(ws, r, msg, &err);
	free(msg);
	if (rc != EXIT_DONE)
		return rc;
	if (!already) {
		printf(_("The bilan is closed on %s (phase: %s)."), endh, lbl_phase(BILAN_PHASE_TERMINEE));
		printf("\n");
		if (forced) {
			printf(P_("Closed with --force: %zu thing was left unsettled; planned séances are no longer announced.",
				  "Closed with --force: %zu things were left unsettled; planned séances are no longer announced.",
				  forced), forced);
			printf("\n");
		}
	}
	print_retention(cfg, keep ? untilbuf : NULL);
	if (!already)
		printf("%s\n", _("From now on only the follow-up is recorded: a follow-up séance, its takeaways, journal entries and the appraisal."));
	return EXIT_DONE;
}
