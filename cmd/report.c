/* report.c - bilan report: the progress report, the preparation sheet of the
 * next meeting and the draft of the document de synthèse (lib/report.h). */
#include "common.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "fs.h"
#include "report.h"
#include "share.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

/* Where a file to be written falls: outside the workspace, in .git/ or
 * under private/ (never shared), or anywhere else in the workspace, where
 * 'bilan save' would commit it and a sync publish it. */
enum place { PLACE_OUTSIDE, PLACE_UNSHARED, PLACE_SHARED };

static bool under(const char *rel, const char *dir)
{
	size_t l = strlen(dir);
	return !strncmp(rel, dir, l) && (rel[l] == '\0' || rel[l] == '/');
}

static enum place place_of(const char *path, const char *root)
{
	char *copy = bilan_xstrdup(path);
	char *slash = strrchr(copy, '/');
	const char *dir = ".";
	if (slash) {
		*slash = '\0';
		dir = copy[0] ? copy : "/";
	}
	char real[PATH_MAX];
	enum place p = PLACE_OUTSIDE;
	if (realpath(dir, real)) {
		size_t l = strlen(root);
		if (!strncmp(real, root, l) && (real[l] == '\0' || real[l] == '/')) {
			const char *rel = real[l] == '/' ? real + l + 1 : "";
			p = under(rel, ".git") || under(rel, BILAN_PRIVATE_DIR) ? PLACE_UNSHARED
										 : PLACE_SHARED;
		}
	}
	free(copy);
	return p;
}

static const struct cmd_option run_opts[] = {
	{ "format", 'f', 'f', N_("FORMAT"),
	  N_("the output format (default: md)"), "md html json" },
	{ "output", 'o', 'o', N_("FILE"),
	  N_("write to FILE instead of standard output"), "@file" },
	{ "since", 's', 's', N_("WHEN"),
	  N_("cover from this date on"), NULL },
	{ "include-private", 0, 'p', NULL,
	  N_("include the private part"), NULL },
	{ "include-personality", 0, 'P', NULL,
	  N_("include the personality traits in the synthèse"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_report = {
	"report", run, N_("write a progress report, a meeting preparation sheet or a synthesis draft"),
	N_("bilan report [suivi|seance|synthese|decision] [--format md|html|json] [-o FILE]\n"
	   "             [--since WHEN] [--include-private] [--include-personality]"),
	CMD_NEEDS_WS,
	run_opts, NULL, "suivi seance synthese decision", NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	const char *format_opt = NULL, *output = NULL, *since = NULL;
	bool include_private = false, include_personality = false;
	int c;
	while ((c = cmd_opt_next(&cmd_report, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'f': format_opt = optarg; break;
		case 'o': output = optarg; break;
		case 's': since = optarg; break;
		case 'p': include_private = true; break;
		case 'P': include_personality = true; break;
		default: return EXIT_USAGE;
		}
	}
	struct bilan_report_opts o = BILAN_REPORT_OPTS_INIT;
	if (optind < argc) {
		if (bilan_report_kind_parse(&o.kind, argv[optind]) < 0)
			return bad_value(_("the report kind"), argv[optind], bilan_report_kind_names);
		optind++;
	}
	if (optind < argc)
		return usage_error(&cmd_report, _("too many arguments"));

	enum bilan_report_format format = BILAN_REPORT_MD;
	if (format_opt) {
		if (bilan_report_format_parse(&format, format_opt) < 0)
			return bad_value("--format", format_opt, bilan_report_format_names);
	} else if (output && bilan_report_format_for_path(&format, output) < 0) {
		format = BILAN_REPORT_MD;
	}
	if (output && !*output)
		return usage_error(&cmd_report, _("option '%s' needs a value"), "-o");
	/* "-o -" is standard output, as everywhere (never a file named "-") */
	if (output && !strcmp(output, "-"))
		output = NULL;
	/* A report written where 'bilan save' would commit it would then be
	 * published: only private/ (or outside the workspace) holds one. */
	if (output && place_of(output, ctx->ws->root) == PLACE_SHARED) {
		struct bilan_error perr = BILAN_ERROR_INIT;
		bilan_error_set(&perr, BILAN_EUSAGE,
				_("'%s' is inside the workspace, outside private/: a report there "
				  "would be shared by the next 'bilan save' and 'bilan sync'"), output);
		bilan_error_hint(&perr, _("write it outside the workspace (-o ~/rapport.html) "
					  "or under private/"));
		return print_error(&perr);
	}

	struct bilan_error err = BILAN_ERROR_INIT;
	if (since) {
		/* a day means from its start; a time is taken as is */
		struct bilan_time t;
		struct bilan_date_opts day = BILAN_DATE_OPTS_DAY, any = BILAN_DATE_OPTS_ANY;
		if (bilan_date_parse(&t, since, &day, NULL) == 0) {
			o.since = bilan_day_start(t.t);
		} else {
			if (bilan_date_parse(&t, since, &any, &err) < 0)
				return print_error(&err);
			o.since = t.t;
		}
		o.has_since = true;
	}
	o.include_private = include_private;
	o.include_personality = include_personality;

	struct bilan_report *r = NULL;
	if (bilan_report_build(&r, ctx->ws, &o, &err) < 0)
		return print_error(&err);
	struct bilan_buf text = BILAN_BUF_INIT;
	int rc = bilan_report_render(&text, r, format, &err);
	size_t errors = bilan_diags_count(&r->problems, BILAN_SEV_ERROR);
	if (rc < 0) {
		bilan_buf_clear(&text);
		bilan_report_free(r);
		return print_error(&err);
	}
	if (output) {
		rc = bilan_fs_write_atomic(output, text.ptr, text.len, 0600, &err);
		if (rc == 0 && stdout_is_tty())
			printf(_("Report written to '%s'.\n"), output);
	} else {
		if (format == BILAN_REPORT_MD)
			pager_start();
		fwrite(text.ptr, 1, text.len, stdout);
	}
	bilan_buf_clear(&text);
	/* the broken files are named at the top of the report, and here */
	for (size_t i = 0; i < r->problems.n; i++)
		print_diag(&r->problems.v[i]);
	bilan_report_free(r);
	if (rc < 0)
		return print_error(&err);
	if (errors) {
		fail(P_("%zu file could not be read: the report leaves it out",
			"%zu files could not be read: the report leaves them out", errors), errors);
		return EXIT_FAILED;
	}
	return EXIT_DONE;
}
