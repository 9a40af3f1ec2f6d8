/* bilan.c - main and the command table. */
#include "config.h"
#include "common.h"
#include "table.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "text.h"

/* The dispatch table: one entry per command file.  The usage text of
 * 'bilan help' is generated from it. */
static const struct bilan_cmd *const commands[] = {
	&cmd_init,
	&cmd_status,
	&cmd_log,
	&cmd_test,
	&cmd_journal,
	&cmd_metier,
	&cmd_piste, &cmd_enquete, &cmd_seance, &cmd_todo, &cmd_phase, &cmd_close,
	&cmd_synthese, &cmd_purge,
	&cmd_share, &cmd_sync, &cmd_backup, &cmd_private, &cmd_portfolio,
	&cmd_check,
	&cmd_save,
	&cmd_upgrade,
	&cmd_gc, &cmd_doctor,
	&cmd_report, &cmd_remind,
	&cmd_help,
	&cmd_version,
	NULL,
};

static const struct bilan_cmd *find_command(const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

static void print_main_usage(FILE *f)
{
	fprintf(f, "%s\n\n", _("usage: bilan [-C DIR] [--color[=WHEN]] [--no-pager] COMMAND [ARGS...]"));
	fprintf(f, "%s\n\n", _("bilan keeps the inter-session work of a bilan de compétences."));
	fprintf(f, "%s\n", _("Commands:"));
	for (size_t i = 0; commands[i]; i++) {
		if (commands[i]->flags & CMD_HIDDEN)
			continue;
		const char *s = _(commands[i]->summary);
		fputs("  ", f);
		print_padded(f, commands[i]->name, 10);
		fprintf(f, " %s\n", s);
	}
	fputc('\n', f);
	print_global_options(f);
	fprintf(f, "\n%s\n", _("'bilan help COMMAND' or 'bilan COMMAND --help' tells more; see also bilan(1)."));
}

/* --- help and version live here: they need the table --- */

static const struct cmd_option no_opts[] = {
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int run_help(int argc, char **argv, struct bilan_ctx *ctx)
{
	(void)ctx;
	int c;
	while ((c = cmd_opt_next(&cmd_help, no_opts, argc, argv)) != -1)
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		default: return EXIT_USAGE;
		}
	if (optind >= argc) {
		print_main_usage(stdout);
		return EXIT_DONE;
	}
	const struct bilan_cmd *cmd = find_command(argv[optind]);
	if (!cmd)
		return usage_error(&cmd_help, _("no such command '%s'"), argv[optind]);
	return help_command(cmd, optind + 1 < argc ? argv[optind + 1] : NULL);
}

const struct bilan_cmd cmd_help = {
	"help", run_help, N_("show the commands, or the help of one command"),
	N_("bilan help [COMMAND]"), 0,
	no_opts, NULL, "@command", NULL,
};

static int run_version(int argc, char **argv, struct bilan_ctx *ctx)
{
	(void)ctx;
	int c;
	while (argv && (c = cmd_opt_next(&cmd_version, no_opts, argc, argv)) != -1)
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		default: return EXIT_USAGE;
		}
	printf("bilan %s\n", BILAN_VERSION);
	return EXIT_DONE;
}

const struct bilan_cmd cmd_version = {
	"version", run_version, N_("print the version of bilan"),
	N_("bilan version"), 0,
	no_opts, NULL, NULL, NULL,
};

static int check_stdout(void)
{
	/* As git's run_builtin: a full disk or a closed pipe is an error. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int e = errno;
		if (e == EPIPE)
			return EXIT_FAILED;
		print_prefix(stderr, PFX_ERROR);
		fprintf(stderr, "%s: %s\n", _("cannot write the output"),
			strerror(e ? e : EIO));
		return EXIT_FAILED;
	}
	return EXIT_DONE;
}

/* The testing aids of bilan(1), ENVIRONMENT: $BILAN_NOW fixes the clock of
 * content (lib/clock.h), $BILAN_ID_SEED the random part of ids.  A bad
 * value is a usage error. */
static int print_env_error(const char *var, struct bilan_error *err)
{
	char msg[BILAN_ERROR_MSG_MAX];
	memcpy(msg, err->message, sizeof(msg));
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_buf_printf(&b, "%s: %s", var, msg);
	size_t n = b.len < sizeof(err->message) - 1 ? b.len : sizeof(err->message) - 1;
	memcpy(err->message, bilan_buf_cstr(&b), n);
	err->message[n] = '\0';
	bilan_buf_clear(&b);
	return print_error(err);   /* neutralised for the terminal, exit 2 */
}

static int read_clock_env(void)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	const char *now = cmd_env.now;
	if (now && *now) {
		int64_t t;
		if (bilan_clock_parse(&t, now, &err) < 0)
			return print_env_error("BILAN_NOW", &err);
		bilan_clock_fix(t);
	}
	const char *seed = cmd_env.id_seed;
	if (seed && *seed) {
		uint64_t s;
		if (bilan_clock_parse_seed(&s, seed, &err) < 0)
			return print_env_error("BILAN_ID_SEED", &err);
		bilan_clock_seed(s);
	}
	return 0;
}

int main(int argc, char **argv)
{
	/* Everything bilan creates is private. */
	umask(077);
	/* A write over `ulimit -f` must fail with EFBIG, not kill the process. */
	signal(SIGXFSZ, SIG_IGN);
	cmd_env_read();   /* the environment, once (cmd/env.c) */
	bilan_i18n_init();
	int crc = read_clock_env();
	if (crc)
		return crc;

	struct bilan_ctx ctx = { 0 };
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-C")) {
			if (i + 1 >= argc) {
				print_prefix(stderr, PFX_ERROR);
				fprintf(stderr, "%s\n", _("option '-C' needs a directory"));
				return EXIT_USAGE;
			}
			ctx.dir_opt = argv[++i];
		} else if (!strncmp(a, "-C", 2) && a[2]) {
			ctx.dir_opt = a + 2;
		} else if (!strncmp(a, "--color", 7) && (a[7] == '\0' || a[7] == '=')) {
			static const char *const valid[] = { "auto", "always", "never", NULL };
			const char *v = a[7] == '=' ? a + 8 : NULL;
			/* --color WHEN, as well as --color=WHEN and --color alone */
			if (!v && i + 1 < argc)
				for (size_t k = 0; valid[k]; k++)
					if (!strcmp(argv[i + 1], valid[k]))
						v = argv[++i];
			if (!v)
				v = "always";
			if (!strcmp(v, "auto"))
				color_mode = COLOR_AUTO;
			else if (!strcmp(v, "always"))
				color_mode = COLOR_ALWAYS;
			else if (!strcmp(v, "never"))
				color_mode = COLOR_NEVER;
			else
				return bad_value("--color", v, valid);
		} else if (!strcmp(a, "--no-color")) {
			color_mode = COLOR_NEVER;
		} else if (!strcmp(a, "--no-pager") || !strcmp(a, "-P")) {
			pager_disabled = true;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			print_main_usage(stdout);
			return check_stdout();
		} else if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			return run_version(0, NULL, &ctx) | check_stdout();
		} else if (a[0] == '-') {
			struct bilan_buf v = BILAN_BUF_INIT;
			sanitize_shown(&v, a);
			print_prefix(stderr, PFX_ERROR);
			fprintf(stderr, _("unknown option '%s'"), bilan_buf_cstr(&v));
			fputc('\n', stderr);
			bilan_buf_clear(&v);
			print_main_usage(stderr);
			return EXIT_USAGE;
		} else {
			break;
		}
	}
	/* the hidden commands of completion: fast, no repository */
	if (i < argc && !strcmp(argv[i], "__complete"))
		return complete_main(argc - i, argv + i, commands, ctx.dir_opt) | check_stdout();
	if (i < argc && !strcmp(argv[i], "__options"))
		return options_main(argc - i, argv + i, commands) | check_stdout();
	if (i >= argc) {
		print_main_usage(stderr);
		return EXIT_USAGE;
	}

	const struct bilan_cmd *cmd = find_command(argv[i]);
	if (!cmd) {
		const char *names[64];
		size_t n = 0;
		for (size_t k = 0; commands[k] && n < 64; k++)
			names[n++] = commands[k]->name;
		print_prefix(stderr, PFX_ERROR);
		fprintf(stderr, _("'%s' is not a bilan command"), argv[i]);
		fputc('\n', stderr);
		const char *close = bilan_text_closest(argv[i], names, n);
		if (close) {
			print_prefix(stderr, PFX_HINT);
			fprintf(stderr, _("did you mean '%s'?"), close);
			fputc('\n', stderr);
		}
		print_hint( _("'bilan help' lists the commands"));
		return EXIT_USAGE;
	}
	ctx.cmd_name = cmd->name;
	/* 'bilan X help' (and 'bilan X help SUB' for those with sub-commands):
	 * as 'bilan help X', anywhere */
	if (i + 1 < argc && !strcmp(argv[i + 1], "help") && cmd != &cmd_help &&
	    (i + 2 == argc || (cmd->subs && i + 3 == argc)))
		return help_command(cmd, i + 2 < argc ? argv[i + 2] : NULL) | check_stdout();
	if (cmd->flags & CMD_NEEDS_WS) {
		/* --help works anywhere */
		bool wants_help = i + 1 < argc && !strcmp(argv[i + 1], "help");
		for (int k = i + 1; k < argc; k++)
			if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h"))
				wants_help = true;
			else if (!strcmp(argv[k], "--"))
				break;
		if (!wants_help) {
			int rc = ctx_open_ws(&ctx);
			if (rc)
				return rc;
		}
	} else if (cmd != &cmd_init && cmd != &cmd_help && cmd != &cmd_version) {
		/* Commands that may run outside a workspace parse their dates
		 * before they open one: inside one, its zone decides the
		 * calendar from the start.  Opening reads only bilan.yaml; a
		 * failure here is the command's to report, if it needs it. */
		char *root = NULL;
		if (bilan_ws_find(&root, ctx.dir_opt, NULL) == 0 &&
		    bilan_ws_open(&ctx.ws, root, NULL) < 0)
			ctx.ws = NULL;
		free(root);
		if (ctx.ws)
			print_set_workspace(ctx.ws->root, ctx.dir_opt);
	}
	shown_names(ctx.ws);
	int rc = cmd->fn(argc - i, argv + i, &ctx);
	bilan_ws_free(ctx.ws);
	int out = check_stdout();
	return rc ? rc : out;
}
