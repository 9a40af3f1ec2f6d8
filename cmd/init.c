/* init.c - bilan init: create a workspace. */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "date.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static const struct cmd_option run_opts[] = {
	{ "name", 0, 'n', N_("NAME"),
	  N_("the beneficiary's name"), NULL },
	{ "consultant", 0, 'c', N_("NAME"),
	  N_("the consultant's name"), NULL },
	{ "provider", 0, 'p', N_("NAME"),
	  N_("the organisation providing the bilan"), NULL },
	{ "funding", 0, 'f', N_("FUNDING"),
	  N_("how the bilan is funded"), "cpf plan reclassement france-travail fonction-publique personnel" },
	{ "start", 0, 's', N_("DATE"),
	  N_("the first day of the bilan"), NULL },
	{ "end", 0, 'e', N_("DATE"),
	  N_("the planned last day"), NULL },
	{ "weekly-goal", 0, 'g', N_("DURATION"),
	  N_("the time to give each week, such as 3h"), NULL },
	{ "email", 0, 'm', N_("EMAIL"),
	  N_("the beneficiary's email address"), NULL },
	{ "language", 0, 'l', N_("LANG"),
	  N_("the language of the workspace"), "fr en" },
	{ "timezone", 0, 't', N_("ZONE"),
	  N_("the time zone, such as Europe/Paris"), NULL },
	{ "quiet", 'q', 'q', NULL,
	  N_("print nothing when all went well"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_init = {
	"init", run, N_("create a new bilan workspace"),
	N_("bilan init [--name NAME] [--consultant NAME] [--provider NAME]\n"
	   "       [--funding FUNDING] [--start DATE] [--end DATE]\n"
	   "       [--weekly-goal DURATION] [--email EMAIL] [--language fr|en] [--timezone ZONE]\n"
	   "       [--quiet] [DIR]"),
	0,
	run_opts, NULL, "@dir", NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	struct bilan_init_opts o = BILAN_INIT_OPTS_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	bool quiet = false;
	const char *start = NULL, *end = NULL;
	int c;
	while ((c = cmd_opt_next(&cmd_init, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'n': o.name = optarg; break;
		case 'c': o.consultant = optarg; break;
		case 'p': o.provider = optarg; break;
		case 'm': o.email = optarg; break;
		case 'q': quiet = true; break;
		case 'f': {
			bool ok = false;
			for (int i = 0; bilan_funding_names[i]; i++)
				ok |= !strcmp(optarg, bilan_funding_names[i]);
			if (!ok)
				return bad_value("--funding", optarg, bilan_funding_names);
			o.funding = optarg;
			break;
		}
		case 'l': {
			static const char *const langs[] = { "fr", "en", NULL };
			if (strcmp(optarg, "fr") && strcmp(optarg, "en"))
				return bad_value("--language", optarg, langs);
			o.language = optarg;
			break;
		}
		case 's': start = optarg; break;
		case 'e': end = optarg; break;
		case 't': o.timezone = optarg; break;
		case 'g':
			if (bilan_duration_parse(&o.weekly_goal, optarg, 7 * 24 * 60, &err) < 0)
				return print_error(&err);
			break;
		default:
			return usage_error(&cmd_init, _("unexpected option"));
		}
	}
	if (argc - optind > 1)
		return usage_error(&cmd_init, _("too many arguments"));
	const char *dir = optind < argc ? argv[optind] : (ctx->dir_opt ? ctx->dir_opt : ".");
	/* The dates are calendar days in the workspace's zone. */
	char zone[BILAN_ZONE_MAX] = "";
	if (o.timezone && (strlen(o.timezone) >= sizeof(zone) || !bilan_zone_valid(o.timezone))) {
		bilan_error_set(&err, BILAN_EUSAGE, _("unknown time zone '%s'"), o.timezone);
		bilan_error_hint(&err, _("a zone name such as Europe/Paris, installed with the tzdata package"));
		return print_error(&err);
	}
	if (!o.timezone)
		bilan_zone_system(zone);
	if (bilan_zone_use(o.timezone ? o.timezone : zone, &err) < 0)
		return print_error(&err);
	for (int k = 0; k < 2; k++) {
		const char *text = k ? end : start;
		if (!text)
			continue;
		struct bilan_date_opts dopts = BILAN_DATE_OPTS_DAY;
		/* a bare weekday: the start leans past, the end future */
		if (k)
			dopts.lean = BILAN_LEAN_FUTURE;
		if (bilan_date_parse(k ? &o.end : &o.start, text, &dopts, &err) < 0)
			return print_error(&err);
		if (k)
			o.has_end = true;
		else
			o.has_start = true;
	}
	if (o.has_start && o.has_end && bilan_time_cmp(&o.end, &o.start) < 0)
		return usage_error(&cmd_init, _("the end date is before the start date"));
	if (bilan_ws_init(dir, &o, &err) < 0)
		return print_error(&err);
	if (!quiet) {
		printf(_("Created a bilan workspace in '%s'."), dir);
		printf("\n");
		printf("%s\n", _("Next: 'bilan journal add \"...\"' to write down your work, 'bilan status' to see where you are."));
	}
	return EXIT_DONE;
}
