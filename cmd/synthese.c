/* synthese.c - bilan synthese: the document de synthèse once handed over.
 *   remise [--date WHEN] [FILE]  keep the version handed over to the
 *                                beneficiary, as a shared file dated by its
 *                                name (lib/closing.h): FILE (the consultant's
 *                                final document: .md, .pdf, .html, .odt,
 *                                .docx, .txt), else the draft of 'bilan report
 *                                synthese' as it is now
 *   list [--json]                the versions kept, oldest first
 * The draft itself is 'bilan report synthese'; the beneficiary's comments
 * are journal entries tagged #synthese. */
#include "common.h"
#include "labels.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "closing.h"
#include "fs.h"
#include "report.h"

#define VERSION_MAX (20u * 1024u * 1024u)   /* a PDF with images, not more */

static int run(int argc, char **argv, struct bilan_ctx *ctx);

/* The extension of a version file, lowercased: one bilan accepts, or NULL. */
static char *version_ext(const char *path)
{
	static const char *const ok[] = { "md", "pdf", "html", "odt", "docx", "txt", NULL };
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	if (!dot || strlen(dot + 1) > 4)
		return NULL;
	char ext[8];
	size_t n = 0;
	for (const char *p = dot + 1; *p; p++)
		ext[n++] = (char)tolower((unsigned char)*p);
	ext[n] = '\0';
	for (size_t i = 0; ok[i]; i++)
		if (!strcmp(ext, ok[i]))
			return bilan_xstrdup(ext);
	return NULL;
}

static const struct cmd_option remise_opts[] = {
	{ "date", 0, 'd', N_("WHEN"),
	  N_("the day it was handed over (default: today)"), NULL },
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static const struct cmd_option list_opts[] = {
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int synthese_remise(int argc, char **argv, struct bilan_ctx *ctx)
{
	const char *date = NULL;
	int c;
	while ((c = cmd_opt_next(&cmd_synthese, remise_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		case 'd': date = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind > 1)
		return usage_error(&cmd_synthese, _("too many arguments"));
	const char *file = optind < argc ? argv[optind] : NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_time when = bilan_time_now();
	struct bilan_date_opts o = BILAN_DATE_OPTS_DAY;
	o.allow_future = false;
	if (bilan_date_parse(&when, date ? date : "aujourd'hui", &o, &err) < 0)
		return print_error(&err);
	char *ext = NULL;
	if (file && !(ext = version_ext(file)))
		return usage_error(&cmd_synthese, _("keep the version handed over as .md, .pdf, .html, .odt, .docx or .txt"));

	/* what is kept: the file, or the draft as it is now */
	struct bilan_ws *ws = ctx->ws;
	struct bilan_buf data = BILAN_BUF_INIT;
	int r = 0;
	if (file) {
		r = bilan_fs_read(&data, file, VERSION_MAX, &err);
	} else {
		ext = bilan_xstrdup("md");
		struct bilan_report *rep = NULL;
		struct bilan_report_opts ro = BILAN_REPORT_OPTS_INIT;
		ro.kind = BILAN_REPORT_SYNTHESE;
		if ((r = bilan_report_build(&rep, ws, &ro, &err)) == 0)
			r = bilan_report_render(&data, rep, BILAN_REPORT_MD, &err);
		bilan_report_free(rep);
	}
	if (r < 0) {
		free(ext);
		bilan_buf_clear(&data);
		return print_error(&err);
	}
	char day[32];
	bilan_time_format_day(day, sizeof(day), &when);
	if (bilan_ws_begin(ws, "synthese remise", &err) < 0) {
		free(ext);
		bilan_buf_clear(&data);
		return print_error(&err);
	}
	char *rel = bilan_synthese_version_name(ws, day, ext);
	r = bilan_ws_write_raw(ws, rel, data.ptr ? data.ptr : "", data.len, &err);
	char *msg = bilan_xasprintf("synthese: version handed over on %s", day);
	int rc = finish_txn(ws, r, msg, &err);
	free(msg);
	if (rc == EXIT_DONE) {
		char dayh[32];
		printf(_("Kept the version of the synthèse handed over on %s: %s"),
		       lbl_date_day(dayh, sizeof(dayh), &when), rel);
		printf("\n");
		printf("%s\n", _("It is a shared file of the workspace, which 'bilan sync' carries to the other side; the beneficiary keeps their copy (R6313-7)."));
	}
	free(rel);
	free(ext);
	bilan_buf_clear(&data);
	return rc;
}

static int synthese_list(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_synthese, list_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_synthese, _("too many arguments"));
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_strlist v = BILAN_STRLIST_INIT;
	if (bilan_synthese_versions(&v, ctx->ws, &err) < 0)
		return print_error(&err);
	char day[11];
	int rc = EXIT_DONE;
	if (json) {
		json_t *a = json_array();
		for (size_t i = 0; i < v.n; i++)
			if (bilan_synthese_version_day(day, v.v[i]))
				json_array_append_new(a, json_pack("{s:s, s:s}", "date", day, "path", v.v[i]));
		rc = json_print(json_pack("{s:o}", "versions", a));
	} else if (!v.n) {
		printf("%s\n", _("No version of the synthèse handed over yet ('bilan synthese remise' keeps one)."));
	} else {
		for (size_t i = 0; i < v.n; i++)
			if (bilan_synthese_version_day(day, v.v[i]))
				printf("%s  %s\n", day, v.v[i]);
	}
	bilan_strlist_clear(&v);
	return rc;
}

static const struct bilan_subcmd subs[] = {
	{ "remise", synthese_remise, N_("keep the version of the synthèse handed over, with its date"),
	  remise_opts, "@file" },
	{ "list", synthese_list, N_("list the versions of the synthèse handed over"),
	  list_opts, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_synthese = {
	"synthese", run, N_("the document de synthèse handed over: keep it, list the versions"),
	N_("bilan synthese remise [--date WHEN] [FILE]\n"
	   "bilan synthese list [--json]"),
	CMD_NEEDS_WS,
	NULL, subs, NULL, "list",
};


static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	return cmd_dispatch_sub(&cmd_synthese, subs, "list", argc, argv, ctx);
}
