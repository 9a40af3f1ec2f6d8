/* log.c - bilan log: the workspace history. */
#include "common.h"
#include "labels.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "enquete.h"
#include "journal.h"
#include "table.h"
#include "text.h"
#include "vcs.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

/* Commit subjects stay as they are written (English, stable for scripts
 * and JSON); the log shows them translated: each known form below is
 * matched, its %s parts (ids, values, dates) shown by their labels. */
static const char *const subjects[] = {
	N_("journal: %s private entry"),
	N_("journal: %s %s entry"),
	N_("todo: add an item"),
	N_("todo: item done"),
	N_("piste: add %s"),
	N_("piste: %s %s -> %s"),
	N_("piste: set"),
	N_("enquete: add %s"),
	N_("enquete: %s %s -> %s"),
	N_("enquete: %s done (%s)"),
	N_("enquete: %s contact details"),
	N_("enquete: %s new date"),
	N_("seance: plan %s"),
	N_("seance: attended %s, with takeaways"),
	N_("seance: attended %s"),
	N_("seance: cancel %s"),
	N_("phase: %s -> %s"),
	N_("close: end of the bilan on %s"),
	N_("close: retention agreement recorded"),
	N_("synthese: version handed over on %s"),
	N_("metier: note on %s"),
	N_("metier: %s result"),
	N_("test: %s result"),
	N_("test: remove a %s result"),
	N_("sync: %s file from the remote"),
	N_("sync: %s files from the remote"),
	N_("sync: merge the remote's changes"),
	N_("sync: changes put on top of the remote's new history"),
	N_("sync: the consultant's changes (their private/ and conflict files stay on their computer)"),
	N_("sync: closed conflicts dropped from the record"),
	N_("share: consent recorded"),
	N_("share: consent revoked"),
	N_("init: new bilan workspace"),
	N_("upgrade: format %s to %s"),
	N_("doctor: finish interrupted moves"),
	N_("doctor: fix file permissions"),
	N_("private: move an item under private/"),
	N_("save: %s file edited by hand"),
	N_("save: %s files edited by hand"),
	N_("bilan: undo a commit that was not written"),
};

/* s against pattern (literal text and %s, each %s at least one
 * character, as short as possible): its parts in args[3]. */
static bool subject_match(const char *pat, const char *s, char args[3][128])
{
	size_t n = 0;
	while (*pat) {
		if (pat[0] == '%' && pat[1] == 's') {
			pat += 2;
			size_t lit = strcspn(pat, "%");
			const char *end = NULL;
			if (!lit) {
				end = s + strlen(s);
			} else {
				/* the first place past one character where the literal follows */
				for (const char *q = s + 1; *q; q++)
					if (!strncmp(q, pat, lit) && (pat[lit] || !q[lit])) {
						end = q;
						break;
					}
			}
			if (!end || end == s || n >= 3 || (size_t)(end - s) >= 128)
				return false;
			memcpy(args[n], s, (size_t)(end - s));
			args[n][end - s] = 0;
			n++;
			s = end;
		} else if (*pat++ != *s++) {
			return false;
		}
	}
	return *s == '\0';
}

/* a part of a subject for a person: a verb, a stored value, a date */
static const char *subject_part(char *a)
{
	static const struct { const char *verb, *label; } verbs[] = {
		{ "add", N_("added") }, { "edit", N_("edited") },
		{ "remove", N_("removed") }, { "close", N_("settled") },
	};
	for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
		if (!strcmp(a, verbs[i].verb))
			return _(verbs[i].label);
	enum bilan_entry_kind k;
	enum bilan_phase ph;
	enum bilan_verdict v;
	if (bilan_entry_kind_parse(&k, a) >= 0)
		return lbl_kind(k);
	const char *l = lbl_piste_status_str(a);
	if (l != a)
		return l;
	l = lbl_enquete_status_str(a);
	if (l != a)
		return l;
	if (bilan_verdict_parse(&v, a) >= 0)
		return lbl_verdict(v);
	if (bilan_phase_parse(&ph, a) == 0)
		return lbl_phase(ph);
	if (strlen(a) >= 10 && a[4] == '-' && a[7] == '-')
		return lbl_day_str(a);
	return a;
}

static char *subject_text(const char *summary)
{
	char args[3][128];
	for (size_t i = 0; i < sizeof subjects / sizeof *subjects; i++) {
		memset(args, 0, sizeof args);
		if (!subject_match(subjects[i], summary, args))
			continue;
		const char *a0 = subject_part(args[0]), *a1 = subject_part(args[1]),
			   *a2 = subject_part(args[2]);
		return bilan_xasprintf(_(subjects[i]), a0, a1, a2);
	}
	return bilan_xstrdup(summary);
}

static const struct cmd_option run_opts[] = {
	{ "max-count", 'n', 'n', N_("N"),
	  N_("show at most N commits"), NULL },
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_log = {
	"log", run, N_("show the history of the workspace"),
	N_("bilan log [-n N] [--json]"), CMD_NEEDS_WS,
	run_opts, NULL, NULL, NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	long max = 0;
	bool json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_log, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'n': {
			char *end;
			max = strtol(optarg, &end, 10);
			if (*end || max <= 0)
				return usage_error(&cmd_log, _("-n needs a positive number, not '%s'"), optarg);
			break;
		}
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_log, _("too many arguments"));
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_repo *repo = NULL;
	struct bilan_log log = { 0 };
	if (bilan_repo_open(&repo, ctx->ws->root, &err) < 0 ||
	    bilan_repo_log(repo, (size_t)max, &log, &err) < 0) {
		bilan_repo_free(repo);
		return print_error(&err);
	}
	int rc = EXIT_DONE;
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < log.n; i++) {
			const struct bilan_log_entry *e = &log.v[i];
			struct bilan_time t = { e->time, e->offset_minutes * 60, true };
			char iso[BILAN_TIME_ISO_MAX];
			bilan_time_format_iso(iso, &t);
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}",
				"commit", e->oid, "date", iso,
				"author", e->author_name ? e->author_name : "",
				"email", e->author_email ? e->author_email : "",
				"summary", e->summary ? e->summary : "",
				"command", json_str_or_null(e->command)));
		}
		rc = json_print_list("commits", arr);
	} else {
		pager_start();
		struct table *tb = table_new();
		for (size_t i = 0; i < log.n; i++) {
			const struct bilan_log_entry *e = &log.v[i];
			struct bilan_time t = { e->time, e->offset_minutes * 60, true };
			char when[64], oid[9];
			lbl_date_short(when, sizeof(when), &t);
			snprintf(oid, sizeof(oid), "%.8s", e->oid);
			table_row(tb);
			table_cell_sgr(tb, col(stdout, C_YELLOW), oid, col(stdout, C_RESET));
			table_cell(tb, when);
			struct bilan_buf who = BILAN_BUF_INIT;
			sanitize_shown(&who, e->author_name ? e->author_name : "");
			table_cell_sgr(tb, col(stdout, C_DIM), bilan_buf_cstr(&who), col(stdout, C_RESET));
			bilan_buf_clear(&who);
			char *subject = subject_text(e->summary ? e->summary : "");
			table_cell_text(tb, subject);
			free(subject);
		}
		table_print(tb, stdout);
		table_free(tb);
	}
	bilan_log_clear(&log);
	bilan_repo_free(repo);
	return rc;
}
