/* seance.c - bilan seance: meetings with the consultant (add, list, done,
 * cancel).  done records the attendance and opens the key-takeaways journal
 * entry, committed together with the séance.  list only reads. */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "fieldwork.h"
#include "labels.h"
#include "table.h"
#include "journal.h"
#include "seance.h"
#include "text.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static const char *const seance_phases[] = {
	"preliminaire", "investigation", "conclusions", NULL,
};

/* used: minutes attended, or attended and planned when planning */
static void warn_near_cap(int used, bool planning)
{
	char u[16];
	bilan_duration_human(u, sizeof(u), used, bilan_i18n_is_french());
	if (used > BILAN_SEANCE_MAX_MINUTES)
		warn(planning ? _("%s attended or planned: over the legal maximum of 24h for a bilan (L6313-4)")
			      : _("%s used: over the legal maximum of 24h for a bilan (L6313-4)"), u);
	else if (used >= BILAN_SEANCE_WARN_MINUTES)
		warn(planning ? _("%s of the 24h maximum are attended or planned: plan the remaining séances with your consultant")
			      : _("%s of the 24h maximum are used: plan the remaining séances with your consultant"), u);
}

/* ---- add -------------------------------------------------------------------- */

static const struct cmd_option seance_add_opts[] = {
	{ "duration", 0, 'd', N_("DURATION"),
	  N_("the planned length, such as 2h"), NULL },
	{ "phase", 0, 'p', N_("PHASE"),
	  N_("the phase of the bilan it belongs to"), "preliminaire investigation conclusions" },
	{ "subject", 0, 's', N_("TEXT"),
	  N_("what it is about"), NULL },
	{ "force", 0, 'f', NULL,
	  N_("go past the 24-hour maximum"), NULL },
	{ "reason", 0, 'r', N_("TEXT"),
	  N_("why the 24-hour maximum is passed (with --force; kept in the séance)"), NULL },
	CMD_OPT_ADD_OUTPUT,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

/* Going past the 24-hour maximum takes --force and a reason, which the
 * séance keeps (bilan-seance(1)); a reason alone is refused. */
static int over_cap_reason(bool over, bool force, const char *reason)
{
	if (reason && (!*reason || strchr(reason, '\n') ||
		       !bilan_utf8_valid(reason, strlen(reason), NULL)))
		return usage_error(&cmd_seance, _("--reason needs one line of text"));
	if (over && force && !reason) {
		fail("%s", _("going past the 24-hour maximum needs a reason: add --reason TEXT (the séance keeps it)"));
		return EXIT_USAGE;
	}
	if (reason && !(over && force))
		return usage_error(&cmd_seance, _("--reason is only for going past the 24-hour maximum, with --force"));
	return 0;
}

static int seance_add(int argc, char **argv, struct bilan_ctx *ctx)
{
	const char *duration = NULL, *phase = NULL, *subject = NULL, *reason = NULL;
	bool force = false, json = false, quiet = false;
	int c, rc;
	while ((c = cmd_opt_next(&cmd_seance, seance_add_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		case 'q': quiet = true; break;
		case 'd': duration = optarg; break;
		case 'p': phase = lbl_alias(optarg); break;
		case 's': subject = optarg; break;
		case 'f': force = true; break;
		case 'r': reason = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	char *when_text = fw_join_args(argc, argv, optind);
	if (!when_text)
		return usage_error(&cmd_seance, _("when is the séance? e.g. 'bilan seance add mardi 14h'"));
	struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_time when;
	int minutes = BILAN_SEANCE_DEFAULT_MINUTES;
	enum bilan_phase ph = ws->cfg.phase;
	rc = fw_parse_date(&when, when_text, true, false);
	free(when_text);
	if (rc)
		return rc;
	if (duration && bilan_duration_parse(&minutes, duration, BILAN_SEANCE_MAX_MINUTES, &err) < 0)
		return print_error(&err);
	if (phase) {
		int i = bilan_value_parse(seance_phases, phase);
		if (i < 0)
			return bad_value("--phase", phase, seance_phases);
		ph = (enum bilan_phase)i;
	}
	if (subject && (!bilan_utf8_valid(subject, strlen(subject), NULL) || strchr(subject, '\n')))
		return usage_error(&cmd_seance, _("--subject needs one line of text"));
	/* a follow-up séance is still possible once the bilan is closed */
	if ((rc = fw_may_work(ws, BILAN_WORK_FOLLOWUP, "seance add")))
		return rc;
	struct bilan_time now = bilan_time_now();
	if (bilan_ws_begin(ws, "seance add", &err) < 0)
		return print_error(&err);
	struct bilan_seances l = BILAN_SEANCES_INIT;
	struct bilan_node *root = NULL;
	char id[BILAN_ID_SIZE] = "";
	int used = 0;
	bool over = false;
	int r = bilan_seances_load(&l, ws, NULL, &err);
	if (r == 0) {
		used = bilan_seances_attended(&l) + bilan_seances_planned(&l);
		over = bilan_seance_cap_check(used, minutes, true, force ? NULL : &err) < 0;
		if (over && !force)
			r = BILAN_ECONFLICT;
	}
	if (r == 0 && (rc = over_cap_reason(over, force, reason))) {
		bilan_ws_rollback(ws);
		bilan_seances_clear(&l);
		return rc;
	}
	if (r == 0) {
		root = bilan_seance_build(id, &when, minutes, ph, subject, &now);
		if (over)
			bilan_seance_note_over_cap(root, reason, &now);
		char *rel = bilan_xasprintf("%s/%s.yaml", BILAN_SEANCE_DIR, id);
		r = bilan_ws_write(ws, rel, root, &err);
		free(rel);
	}
	char day[32];
	char iso[32];
	char *msg = bilan_xasprintf("seance: plan %s", iso_when(iso, &when));
	rc = finish_txn(ws, r, msg, &err);
	free(msg);
	if (rc == EXIT_DONE && json) {
		char full[BILAN_TIME_ISO_MAX];
		bilan_time_format_iso(full, &when);
		char *rel = bilan_xasprintf("%s/%s.yaml", BILAN_SEANCE_DIR, id);
		rc = print_added_json(id, rel, json_pack("{s:s, s:i}", "date", full,
							 "planned_minutes", minutes));
		free(rel);
		warn_near_cap(used + minutes, true);
	} else if (rc == EXIT_DONE) {
		char dur[16];
		bilan_duration_human(dur, sizeof(dur), minutes, bilan_i18n_is_french());
		if (!quiet) {
			printf(_("Planned a séance on %s (%s), id %s."), fw_when(day, &when), dur, id);
			printf("\n");
		}
		warn_near_cap(used + minutes, true);
	}
	bilan_node_free(root);
	bilan_seances_clear(&l);
	return rc;
}

/* ---- list ------------------------------------------------------------------- */

static const struct cmd_option seance_list_opts[] = {
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int seance_list(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_seance, seance_list_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_seance, _("too many arguments"));
	const struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_seances l = BILAN_SEANCES_INIT;
	struct bilan_diags d = BILAN_DIAGS_INIT;
	if (bilan_seances_load(&l, ws, &d, &err) < 0)
		return print_error(&err);
	int64_t now = bilan_time_now().t;
	int attended = bilan_seances_attended(&l), planned = bilan_seances_planned(&l);
	const char **ids = bilan_xcalloc(l.n + 1, sizeof(*ids));
	for (size_t i = 0; i < l.n; i++)
		ids[i] = l.v[i].rec.name;
	int rc;
	if (json) {
		json_t *a = json_array();
		for (size_t i = 0; i < l.n; i++) {
			const struct bilan_seance *s = &l.v[i];
			char iso[BILAN_TIME_ISO_MAX];
			bilan_time_format_iso(iso, &s->date);
			/* each party's own confirmation (lib/owner.h) */
			json_t *conf = json_object();
			for (int p = 0; p < 2; p++)
				json_object_set_new(conf, bilan_party_name((enum bilan_party)p),
					s->confirm[p].at
						? json_pack("{s:s, s:o}", "confirmed_at", s->confirm[p].at,
							    "name", json_str_or_null(s->confirm[p].by))
						: json_null());
			json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:o, s:s, s:o, s:s, s:b, s:o, s:o}",
				"id", s->rec.name, "date", iso, "planned_minutes", s->planned,
				"attended_minutes", s->status == BILAN_SEANCE_REALISEE ?
					json_integer(s->attended) : json_null(),
				"phase", bilan_phase_name(s->phase),
				"subject", json_str_or_null(s->subject),
				"status", bilan_seance_status_name(s->status),
				"past", s->date.t < now,
				"journal", json_str_or_null(s->journal),
				"attendance", conf));
		}
		rc = json_print(json_pack("{s:o, s:i, s:i, s:i, s:s, s:b}", "seances", a,
			"attended_minutes", attended, "planned_minutes", planned,
			"max_minutes", BILAN_SEANCE_MAX_MINUTES,
			"phase", bilan_phase_name(ws->cfg.phase), "closed", bilan_ws_closed(ws)));
		goto out;
	}
	bool shown_now = false;
	struct table *tb = table_new();
	table_right(tb, 2);
	for (size_t i = 0; i < l.n; i++) {
		const struct bilan_seance *s = &l.v[i];
		if (!shown_now && s->date.t >= now) {
			if (i > 0) {
				char *line = bilan_xasprintf("%s  — %s —%s", col(stdout, C_DIM), _("now"),
							     col(stdout, C_RESET));
				table_line(tb, 0, line);
				free(line);
			}
			shown_now = true;
		}
		char when[32], dur[16], sid[BILAN_ID_SIZE];
		bilan_duration_human(dur, sizeof(dur),
				      s->status == BILAN_SEANCE_REALISEE ? s->attended : s->planned,
				     bilan_i18n_is_french());
		const char *state = lbl_seance_status(s->status);
		const char *colour = s->status == BILAN_SEANCE_REALISEE ? C_GREEN :
				     s->status == BILAN_SEANCE_ANNULEE ? C_DIM : C_CYAN;
		if (s->status == BILAN_SEANCE_PREVUE && s->date.t < now) {
			state = _("to confirm");
			colour = C_YELLOW;
		}
		table_row(tb);
		table_cell(tb, fw_short_id(sid, s->rec.name, ids, l.n));
		table_cell(tb, fw_when(when, &s->date));
		table_cell(tb, dur);
		table_cell(tb, lbl_phase(s->phase));
		table_cell_sgr(tb, col(stdout, colour), state, col(stdout, C_RESET));
		struct bilan_buf subj = BILAN_BUF_INIT;
		if (s->subject)
			sanitize_shown(&subj, s->subject);
		if (s->journal)
			bilan_buf_printf(&subj, " %s[%s %.13s]%s", col(stdout, C_DIM), _("takeaways"),
					 s->journal, col(stdout, C_RESET));
		table_cell(tb, bilan_buf_cstr(&subj));
		bilan_buf_clear(&subj);
	}
	table_print(tb, stdout);
	table_free(tb);
	if (l.n)
		printf("\n");
	char a[16] = "0h", p[16] = "0h";
	if (attended)
		bilan_duration_human(a, sizeof(a), attended, bilan_i18n_is_french());
	if (planned)
		bilan_duration_human(p, sizeof(p), planned, bilan_i18n_is_french());
	printf(_("Hours used: %s of the 24h maximum; planned: %s"), a, p);
	printf("\n");
	printf(_("Phase: %s"), lbl_phase(ws->cfg.phase));
	printf("\n");
	warn_near_cap(attended, false);
	rc = EXIT_DONE;
out:
	rc = fw_list_end(&d, rc);
	free(ids);
	bilan_seances_clear(&l);
	return rc;
}

/* ---- done ------------------------------------------------------------------- */

static char *takeaways_template(const char *subject, const char *day)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_buf_printf(&b, "Séance du %s", day);
	if (subject)
		bilan_buf_printf(&b, " : %s", subject);
	bilan_buf_puts(&b,
		"\n\n"
		"# Notez à chaud les points clés de la séance : ce qui a été dit,\n"
		"# ce que vous en retenez, les questions qui restent, le travail\n"
		"# convenu pour la prochaine fois. La première ligne est le titre.\n"
		"# Les lignes commençant par # sont ignorées ; laissez le texte vide\n"
		"# pour n'enregistrer que la présence.\n");
	return bilan_buf_detach(&b);
}

/* Drop the '#' comment lines and trim; NULL when nothing is left. */
static char *strip_comments(const char *text)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (!(len && p[0] == '#')) {
			bilan_buf_put(&b, p, len);
			bilan_buf_putc(&b, '\n');
		}
		p += len + (nl ? 1 : 0);
	}
	const char *s = bilan_buf_cstr(&b);
	while (*s == '\n' || *s == ' ')
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	char *out = len ? bilan_xstrndup(s, len) : NULL;
	bilan_buf_clear(&b);
	return out;
}

static const struct cmd_option seance_done_opts[] = {
	{ "duration", 0, 'd', N_("DURATION"),
	  N_("the time actually spent"), NULL },
	{ "date", 0, 'D', N_("WHEN"),
	  N_("when it took place"), NULL },
	{ "takeaways", 0, 't', N_("TEXT"),
	  N_("what you take away from it"), NULL },
	{ "no-takeaways", 0, 'n', NULL,
	  N_("no key-takeaways entry"), NULL },
	{ "force", 0, 'f', NULL,
	  N_("go past the 24-hour maximum"), NULL },
	{ "reason", 0, 'r', N_("TEXT"),
	  N_("why the 24-hour maximum is passed (with --force; kept in the séance)"), NULL },
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

/* The words of what 'seance done' refuses (lib/seance.h): labels and dates
 * as this command shows them. */
static void done_refusal(struct bilan_error *err, const struct bilan_seance_done *d)
{
	char day[32];
	switch (d->refusal) {
	case BILAN_SEANCE_DONE_OK:
		break;
	case BILAN_SEANCE_DONE_NONE_DUE:
		bilan_error_set(err, BILAN_EUSAGE, _("no planned séance today or before"));
		bilan_error_hint(err, _("give the séance id (bilan seance list), or --duration D "
					"to record a séance that was not planned"));
		break;
	case BILAN_SEANCE_DONE_ALREADY:
		bilan_error_set(err, BILAN_EUSAGE, _("séance %s is already '%s'"), d->id,
				lbl_seance_status(d->status));
		break;
	case BILAN_SEANCE_DONE_LATER:
		bilan_error_set(err, BILAN_EUSAGE, _("séance %s is planned for %s, later than now"),
				d->id, fw_when(day, &d->planned));
		bilan_error_hint(err, _("record it once it took place, or give --date WHEN"));
		break;
	}
}

static int seance_done(int argc, char **argv, struct bilan_ctx *ctx)
{
	const char *duration = NULL, *date = NULL, *takeaways = NULL, *reason = NULL;
	bool force = false, none = false;
	int c, rc;
	while ((c = cmd_opt_next(&cmd_seance, seance_done_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		case 'd': duration = optarg; break;
		case 'D': date = optarg; break;
		case 't': takeaways = optarg; break;
		case 'n': none = true; break;
		case 'f': force = true; break;
		case 'r': reason = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind + 1 < argc)
		return usage_error(&cmd_seance, _("too many arguments"));
	if (takeaways && none)
		return usage_error(&cmd_seance, _("--takeaways and --no-takeaways exclude each other"));
	struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_seance_done_req req = {
		.typed = optind < argc ? argv[optind] : NULL, .minutes = 0, .has_held = false,
		.held = { .t = 0, .offset = 0, .has_time = false }, .force = force,
		.reason = reason, .now = bilan_time_now(),
	};
	if (duration && bilan_duration_parse(&req.minutes, duration, BILAN_SEANCE_MAX_MINUTES, &err) < 0)
		return print_error(&err);
	if (date) {
		struct bilan_date_opts o = BILAN_DATE_OPTS_PAST;
		if (bilan_date_parse(&req.held, date, &o, &err) < 0)
			return print_error(&err);
		req.has_held = true;
	}
	if ((rc = fw_may_work(ws, BILAN_WORK_FOLLOWUP, "seance done")))
		return rc;

	/* which séance, and whether it fits, before asking for the takeaways */
	struct bilan_seance_done d = BILAN_SEANCE_DONE_INIT;
	if (bilan_seance_done_check(&d, ws, &req, &err) < 0) {
		done_refusal(&err, &d);
		bilan_seance_done_clear(&d);
		return print_error(&err);
	}
	if ((rc = over_cap_reason(d.over, force, reason))) {
		bilan_seance_done_clear(&d);
		return rc;
	}

	/* the takeaways, without the lock */
	char *text = NULL;
	if (!none) {
		char day[32];
		struct bilan_time held = d.held;
		held.has_time = false;
		char *tpl = takeaways_template(d.subject, fw_when(day, &held));
		char *raw = NULL;
		int r = fw_read_text(&raw, NULL, ws, takeaways, tpl, &err);
		free(tpl);
		if (r < 0) {
			bilan_seance_done_clear(&d);
			return print_error(&err);
		}
		text = strip_comments(raw);
		free(raw);
	}

	/* record: the séance and its takeaways entry, one commit */
	if (bilan_ws_begin(ws, "seance done", &err) < 0) {
		bilan_seance_done_clear(&d);
		free(text);
		return print_error(&err);
	}
	int r = bilan_seance_done_write(&d, ws, &req, text, &err);
	if (r < 0)
		done_refusal(&err, &d);
	char day[32];
	char iso[32];
	char *msg = bilan_xasprintf("seance: attended %s%s", iso_when(iso, &d.held),
				    d.entry_id[0] ? ", with takeaways" : "");
	rc = finish_txn(ws, r, msg, &err);
	free(msg);
	if (rc == EXIT_DONE) {
		char dur[16];
		bilan_duration_human(dur, sizeof(dur), d.minutes, bilan_i18n_is_french());
		printf(_("Recorded your attendance at the séance of %s (%s)."), fw_when(day, &d.held), dur);
		printf("\n");
		if (d.entry_id[0]) {
			printf(_("Takeaways written in journal entry %.13s."), d.entry_id);
			printf("\n");
		} else if (!none) {
			printf("%s\n", _("No takeaways written: add them with 'bilan journal add --kind seance'."));
		}
		warn_near_cap(d.attended, false);
	}
	bilan_seance_done_clear(&d);
	free(text);
	return rc;
}

/* ---- cancel ----------------------------------------------------------------- */

static const struct cmd_option seance_cancel_opts[] = {
	{ "reason", 0, 'r', N_("TEXT"),
	  N_("why it is cancelled"), NULL },
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int seance_cancel(int argc, char **argv, struct bilan_ctx *ctx)
{
	const char *reason = NULL;
	int c;
	while ((c = cmd_opt_next(&cmd_seance, seance_cancel_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		case 'r': reason = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_seance, _("which séance? give its id"));
	if (optind + 1 < argc)
		return usage_error(&cmd_seance, _("too many arguments"));
	struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_seances l = BILAN_SEANCES_INIT;
	struct bilan_seance *s = NULL;
	if (bilan_ws_begin(ws, "seance cancel", &err) < 0)
		return print_error(&err);
	int r = bilan_seances_load(&l, ws, NULL, &err);
	if (r == 0)
		r = bilan_seance_find(&s, &l, argv[optind], &err);
	if (r == 0 && s->status != BILAN_SEANCE_PREVUE)
		r = bilan_error_set(&err, BILAN_EUSAGE, _("séance %s is already '%s'"), s->rec.name,
				    lbl_seance_status(s->status));
	if (r == 0) {
		struct bilan_time now = bilan_time_now();
		bilan_seance_cancel(s, reason, &now);
		r = bilan_ws_write(ws, s->rec.rel, s->rec.doc->root, &err);
	}
	char day[32] = "", iso[32] = "";
	if (s) {
		fw_when(day, &s->date);
		iso_when(iso, &s->date);
	}
	char *msg = bilan_xasprintf("seance: cancel %s", iso);
	int rc = finish_txn(ws, r, msg, &err);
	free(msg);
	if (rc == EXIT_DONE) {
		printf(_("Cancelled the séance of %s."), day);
		printf("\n");
	}
	bilan_seances_clear(&l);
	return rc;
}

static const struct bilan_subcmd subs[] = {
	{ "add", seance_add, N_("plan a séance"),
	  seance_add_opts, NULL },
	{ "list", seance_list, N_("list past and future séances, with the hours used"),
	  seance_list_opts, NULL },
	{ "done", seance_done, N_("confirm your attendance and write the takeaways"),
	  seance_done_opts, "@seance" },
	{ "cancel", seance_cancel, N_("cancel a planned séance"),
	  seance_cancel_opts, "@seance" },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_seance = {
	"seance", run, N_("meetings with the consultant: plan, confirm attendance, takeaways"),
	N_("bilan seance add [--duration D] [--phase P] [--subject TEXT] [--force] WHEN...\n"
	   "bilan seance list [--json]\n"
	   "bilan seance done [--duration D] [--date WHEN] [--takeaways TEXT | --no-takeaways] [--force] [ID]\n"
	   "bilan seance cancel [--reason TEXT] ID"),
	CMD_NEEDS_WS,
	NULL, subs, NULL, "list",
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	return cmd_dispatch_sub(&cmd_seance, subs, "list", argc, argv, ctx);
}
