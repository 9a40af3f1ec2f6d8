/* doctor.c - bilan doctor: check a workspace end to end (lib/doctor.h). */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "doctor.h"
#include "text.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

/* The tag of a check as shown ("[privacy]"); JSON keeps the check's name. */
static const char *check_label(const char *check)
{
	static const struct { const char *check, *label; } t[] = {
		{ "branch", N_("branch") },
		{ "guard", N_("guard") },
		{ "lock", N_("lock") },
		{ "orphan", N_("orphan") },
		{ "permissions", N_("permissions") },
		{ "privacy", N_("privacy") },
		{ "repository", N_("repository") },
		{ "schema", N_("schema") },
		{ "twin", N_("twin") },
		{ "uncommitted", N_("uncommitted") },
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		if (!strcmp(t[i].check, check))
			return _(t[i].label);
	return check;
}

static void print_finding(const struct bilan_finding *f)
{
	bool is_err = f->severity == BILAN_SEV_ERROR;
	struct bilan_buf msg = BILAN_BUF_INIT;
	sanitize_shown(&msg, f->message);
	if (f->fixed)
		fprintf(stderr, "%s %s%s%s ", _("bilan:"), col(stderr, C_GREEN), _("fixed:"),
			col(stderr, C_RESET));
	else
		print_prefix(stderr, is_err ? PFX_ERROR : PFX_WARNING);
	print_place(f->file, f->line, f->col, bilan_buf_cstr(&msg), check_label(f->check));
	bilan_buf_clear(&msg);
	if (f->hint && !f->fixed) {
		print_prefix(stderr, PFX_HINT);
		print_text(stderr, f->hint);
		fputc('\n', stderr);
	}
}

static json_t *finding_json(const struct bilan_finding *f)
{
	json_t *o = json_pack("{s:s, s:s, s:o, s:i, s:i, s:s, s:o, s:b, s:b}",
			      "severity", f->severity == BILAN_SEV_ERROR ? "error" : "warning",
			      "check", f->check, "file", json_str_or_null(f->file),
			      "line", f->line, "col", f->col, "message", f->message,
			      "hint", json_str_or_null(f->hint), "fixable", f->fixable,
			      "fixed", f->fixed);
	return o;
}

static const struct cmd_option run_opts[] = {
	{ "fix", 0, 'f', NULL,
	  N_("repair what can be repaired"), NULL },
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_doctor = {
	"doctor", run, N_("check the workspace end to end, and repair what can be"),
	N_("bilan doctor [--fix] [--json]"), CMD_NEEDS_WS,
	run_opts, NULL, NULL, NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool fix = false, json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_doctor, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		case 'f': fix = true; break;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_doctor, _("too many arguments"));

	struct bilan_findings fs = BILAN_FINDINGS_INIT;
	struct bilan_doctor_result res;
	struct bilan_error err = BILAN_ERROR_INIT;
	int rc = bilan_doctor_run(&fs, &res, ctx->ws, fix, &err);
	int status = res.errors ? EXIT_FAILED : EXIT_DONE;

	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < fs.n; i++)
			json_array_append_new(arr, finding_json(&fs.v[i]));
		json_t *o = json_pack("{s:b, s:I, s:I, s:I, s:o, s:o}",
				      "ok", res.errors == 0 && rc == 0,
				      "errors", (json_int_t)res.errors,
				      "warnings", (json_int_t)res.warnings,
				      "fixed", (json_int_t)res.fixed,
				      "commit", json_str_or_null(res.commit[0] ? res.commit : NULL),
				      "findings", arr);
		int jrc = json_print(o);
		bilan_findings_clear(&fs);
		if (rc < 0)
			return print_error(&err);
		return jrc ? jrc : status;
	}
	for (size_t i = 0; i < fs.n; i++)
		print_finding(&fs.v[i]);
	size_t fixable = 0;
	for (size_t i = 0; i < fs.n; i++)
		fixable += fs.v[i].fixable && !fs.v[i].fixed;
	if (res.errors || res.warnings) {
		fprintf(stderr, "%s", _("doctor: "));
		fprintf(stderr, P_("%zu error", "%zu errors", res.errors), res.errors);
		fprintf(stderr, ", ");
		fprintf(stderr, P_("%zu warning", "%zu warnings", res.warnings), res.warnings);
		if (res.fixed) {
			fprintf(stderr, ", ");
			fprintf(stderr, P_("%zu fixed", "%zu fixed", res.fixed), res.fixed);
		}
		if (fixable && !fix) {
			fprintf(stderr, " (");
			fprintf(stderr, P_("%zu can be fixed with 'bilan doctor --fix'",
					   "%zu can be fixed with 'bilan doctor --fix'", fixable), fixable);
			fputc(')', stderr);
		}
		fputc('\n', stderr);
	}
	bilan_findings_clear(&fs);
	if (rc < 0)
		return print_error(&err);
	return status;
}
