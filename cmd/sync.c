/* sync.c - bilan sync: exchange with the remote (see sync.h). */
#include "common.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "sync.h"
#include "text.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

/* An idle time-out on transfers: a blocked read is interrupted (no
 * SA_RESTART) when nothing moved for BILAN_SYNC_TIMEOUT seconds (default
 * 120), and the sync fails with exit status 75. */
static int idle_timeout;

static void on_alarm(int sig)
{
	(void)sig;
}

static void arm(void)
{
	if (idle_timeout > 0)
		alarm((unsigned)idle_timeout);
}

static void progress(const struct bilan_sync_progress *p, void *payload)
{
	bool tty = payload != NULL;
	arm();
	if (tty && p->total) {
		fputc('\r', stderr);
		fprintf(stderr, _("%s: %u/%u objects (%zu KiB)"),
			!strcmp(p->stage, "push") ? _("sending") : _("receiving"),
			p->done, p->total, p->bytes / 1024);
	}
}

static void json_list(json_t *o, const char *key, const struct bilan_strlist *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	json_object_set_new(o, key, a);
}

static const char *privacy_key(const struct bilan_privacy_item *it)
{
	if (it->outside_layout)
		return "outside-layout";
	if (it->private_piste)
		return "private-piste";
	switch (it->what.kind) {
	case BILAN_PERSONAL_MARKED: return "marked-private";
	case BILAN_PERSONAL_CONTACT: return "contact";
	case BILAN_PERSONAL_EMAIL: return "email";
	case BILAN_PERSONAL_PHONE: return "phone";
	case BILAN_PERSONAL_ADDRESS: return "address";
	}
	return "?";
}

/* The checks before publishing: one line per finding, never the text
 * found (only where), and what to do. */
static void print_privacy(const struct bilan_privacy_list *l)
{
	fflush(stdout);
	for (size_t i = 0; i < l->n; i++) {
		const struct bilan_privacy_item *it = &l->v[i];
		struct bilan_buf b = BILAN_BUF_INIT;
		bilan_text_sanitize_name(&b, it->path);
		const char *what = it->outside_layout ?
			_("outside the layout of a workspace: it is not shared") :
			it->private_piste ? _("names a private piste") :
			it->what.kind == BILAN_PERSONAL_MARKED ? _("marked private") :
			it->what.kind == BILAN_PERSONAL_CONTACT ? _("a contact's details") :
			it->what.kind == BILAN_PERSONAL_EMAIL ? _("an e-mail address") :
			it->what.kind == BILAN_PERSONAL_PHONE ? _("a phone number") :
			_("a postal address");
		/* "bilan :" in French; the locus FILE:LINE:COL: (or FILE:) stays
		 * as compilers write it (HACKING.md, "French typography") */
		if (it->what.line)
			fprintf(stderr, "%s %s:%d:%d: %s\n", _("bilan:"), bilan_buf_cstr(&b),
				it->what.line, it->what.col, what);
		else
			fprintf(stderr, "%s %s: %s\n", _("bilan:"), bilan_buf_cstr(&b), what);
		bilan_buf_clear(&b);
	}
	print_hint(
		_("nothing was shared: 'bilan private PATH' moves a file under private/; "
		  "'bilan share accept PATH' shares it as it is; then 'bilan sync'"));
}

static const struct cmd_option run_opts[] = {
	{ "quiet", 'q', 'q', NULL,
	  N_("print nothing when all went well"), NULL },
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_sync = {
	"sync", run, N_("send the shared part to the consultant and take their additions"),
	N_("bilan sync [--quiet] [--json]"), CMD_NEEDS_WS,
	run_opts, NULL, NULL, NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool quiet = false, json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_sync, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': quiet = true; break;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_sync, _("too many arguments"));
	const char *t = cmd_env.sync_timeout;
	idle_timeout = 120;
	if (t && *t) {
		/* seconds without progress before giving up (tests set it low);
		 * anything but 1 to 86400 keeps the default */
		char *end = NULL;
		errno = 0;
		long v = strtol(t, &end, 10);
		if (!errno && end && !*end && v >= 1 && v <= 86400)
			idle_timeout = (int)v;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;   /* no SA_RESTART: blocked reads return EINTR */
	sigaction(SIGALRM, &sa, NULL);

	bool tty = isatty(STDERR_FILENO) && !quiet && !json;
	struct bilan_sync_opts o = BILAN_SYNC_OPTS_INIT;
	o.progress = progress;
	o.payload = tty ? (void *)1 : NULL;
	struct bilan_sync_report rep;
	struct bilan_error err = BILAN_ERROR_INIT;
	arm();
	int rc = bilan_sync_run(&rep, ctx->ws, &o, &err);
	alarm(0);
	if (tty)
		fputc('\n', stderr);
	if (rc < 0) {
		bilan_sync_report_clear(&rep);
		if (rc == BILAN_EAGAIN && strstr(err.message, "nterrupted"))
			bilan_error_set(&err, BILAN_EAGAIN,
					_("the remote did not answer for %d seconds"), idle_timeout);
		return print_error(&err);
	}
	int status = rep.conflicts.n || rep.held || rep.privacy.n || rep.refused.n ? EXIT_DECISION
										: EXIT_DONE;
	if (json) {
		json_t *j = json_object();
		json_object_set_new(j, "role", json_string(rep.beneficiary ? "beneficiaire" : "consultant"));
		json_object_set_new(j, "taken", json_integer((json_int_t)rep.taken));
		json_object_set_new(j, "merged", json_integer((json_int_t)rep.merged));
		json_list(j, "conflicts", &rep.conflicts);
		json_list(j, "ignored", &rep.ignored);
		json_list(j, "kept", &rep.kept);
		json_list(j, "refused", &rep.refused);
		json_object_set_new(j, "remote_format", rep.remote_format ?
				    json_integer((json_int_t)rep.remote_format) : json_null());
		json_object_set_new(j, "pushed", json_boolean(rep.pushed));
		json_object_set_new(j, "held", json_boolean(rep.held));
		json_object_set_new(j, "shared_files", json_integer((json_int_t)rep.shared_files));
		json_object_set_new(j, "rewritten_remote", json_boolean(rep.rewritten));
		json_object_set_new(j, "forgotten_back", rep.forgotten_back ?
				    json_string(rep.forgotten_back) : json_null());
		json_t *pv = json_array();
		for (size_t i = 0; i < rep.privacy.n; i++) {
			const struct bilan_privacy_item *it = &rep.privacy.v[i];
			json_t *po = json_object();
			json_object_set_new(po, "path", json_string(it->path));
			json_object_set_new(po, "what", json_string(privacy_key(it)));
			json_object_set_new(po, "line", json_integer(it->what.line));
			json_object_set_new(po, "column", json_integer(it->what.col));
			json_array_append_new(pv, po);
		}
		json_object_set_new(j, "privacy", pv);
		bilan_sync_report_clear(&rep);
		int jr = json_print(j);
		return jr ? jr : status;
	}
	if (rep.rewritten && rep.beneficiary && !rep.forgotten_back)
		warn("%s", _("the remote's history had been rewritten by someone else: bilan merged it and published its own history on top"));
	else if (rep.rewritten)
		warn("%s", _("the remote's history was rewritten (something withdrawn with 'bilan share forget', or someone else's change): your changes now sit on top of the new history, and the old one stays only in this copy"));
	if (rep.forgotten_back) {
		struct bilan_buf b = BILAN_BUF_INIT;
		bilan_text_sanitize_name(&b, rep.forgotten_back);
		warn(_("the remote's history held '%s' again, withdrawn with 'bilan share forget' (a copy pulled before was pushed back): the shared history replaced it; copies already pulled keep it"),
		     bilan_buf_cstr(&b));
		bilan_buf_clear(&b);
	}
	for (size_t i = 0; i < rep.ignored.n; i++) {
		struct bilan_buf b = BILAN_BUF_INIT;
		bilan_text_sanitize_name(&b, rep.ignored.v[i]);
		warn(_("'%s' changed on the remote: not taken (private, generated or unsafe path)"),
		     bilan_buf_cstr(&b));
		bilan_buf_clear(&b);
	}
	for (size_t i = 0; i < rep.kept.n; i++) {
		char *name = bilan_text_name(rep.kept.v[i]);
		warn(_("'%s' was deleted on the remote but changed here: kept"), name);
		free(name);
	}
	if (rep.remote_format)
		warn(_("the consultant's copy says format %lld, newer than this bilan's (%d): the format is yours, and your workspace keeps its own; if the consultant uses a newer bilan, install it too, then 'bilan upgrade'"),
		     rep.remote_format, BILAN_FORMAT);
	for (size_t i = 0; i < rep.refused.n; i++) {
		char *name = bilan_text_name(rep.refused.v[i]);
		warn(rep.beneficiary
			     ? _("'%s' was changed by the consultant, who may not change it: not applied, your version stays and goes back with this sync")
			     : _("'%s' was changed by the beneficiary, who may not change it: not applied, your version stays and goes back with this sync"),
		     name);
		free(name);
	}
	if (rep.refused.n)
		fprintf(stderr, "hint: %s\n",
			rep.beneficiary
				? _("bilan.yaml, the dot files and your own records are yours alone to change (bilan-workspace(5), \"Who may change what\"): if a change is wanted, make it here ('bilan phase', 'bilan save'); your workspace is usable as it is")
				: _("the beneficiary's files and your own records are each party's alone to change (bilan-workspace(5), \"Who may change what\"): ask the beneficiary, or make your change again in your own records; your copy is usable as it is"));
	for (size_t i = 0; i < rep.warnings.n; i++)
		warn(_("resume.yaml: the %s part could not be computed (a broken file; see 'bilan check')"),
		     rep.warnings.v[i]);
	if (rep.privacy.n) {
		print_privacy(&rep.privacy);
		bilan_sync_report_clear(&rep);
		return status;
	}
	if (!quiet) {
		if (rep.taken || rep.merged) {
			printf(P_("Took %zu file from the remote", "Took %zu files from the remote",
				  rep.taken), rep.taken);
			printf(P_(", merged %zu.", ", merged %zu.", rep.merged), rep.merged);
			printf("\n");
		}
		if (rep.held)
			printf("%s\n", _("Nothing sent while a conflict is open."));
		else if (rep.pushed && rep.beneficiary)
			printf(P_("Shared %zu file; nothing from private/.\n",
				  "Shared %zu files; nothing from private/.\n", rep.shared_files),
			       rep.shared_files);
		else if (rep.pushed)
			fputs(rep.private_kept ? _("Sent your changes; your private/ stays on this computer.\n")
					       : _("Sent your changes.\n"), stdout);
		else
			printf("%s\n", _("Already up to date."));
	}
	for (size_t i = 0; i < rep.conflicts.n; i++) {
		fflush(stdout);
		fprintf(stderr, "%s %s", _("bilan:"), col(stderr, C_YELLOW));
		fprintf(stderr, _("conflict:"));
		fprintf(stderr, "%s ", col(stderr, C_RESET));
		char *name = bilan_text_name(rep.conflicts.v[i]);
		fprintf(stderr, _("'%s' changed on both sides: your version is kept, the remote's is in '%s.remote'"),
			name, name);
		free(name);
		fputc('\n', stderr);
	}
	if (rep.conflicts.n)
		print_hint(
			_("compare the two, keep what you want in the file, delete the .remote copy, then 'bilan save' and 'bilan sync'"));
	bilan_sync_report_clear(&rep);
	return status;
}
