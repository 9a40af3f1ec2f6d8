/* common.h - the command layer: dispatch, printing, exit codes, colour,
 * pager, editor, JSON.  Only cmd/ prints or exits. */
#ifndef BILAN_CMD_COMMON_H
#define BILAN_CMD_COMMON_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "buf.h"
#include "errors.h"
#include "i18n.h"
#include "workspace.h"

/* Exit status, documented in bilan(1). */
enum {
	EXIT_DONE = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 2,
	EXIT_DECISION = 3,
	EXIT_TEMPFAIL = 75,
};

enum cmd_flags {
	CMD_NEEDS_WS = 1 << 0,   /* find and open the workspace before running */
	CMD_HIDDEN = 1 << 1,     /* not listed in 'bilan help' */
};

struct bilan_ctx {
	const char *dir_opt;     /* -C DIR */
	struct bilan_ws *ws;     /* open workspace for CMD_NEEDS_WS commands */
	const char *cmd_name;    /* "journal", ... */
};

/* An option of a command, declared once: the parser (cmd_opt_next), the
 * -h text and the completion data (bilan __complete, __options) are all
 * generated from these tables.  A table ends with a zeroed entry; -h and
 * --help are implicit. */
struct cmd_option {
	const char *name;        /* long form, without "--" */
	int short_name;          /* 'q', or 0: no short form */
	int val;                 /* what cmd_opt_next returns for it */
	const char *arg;         /* N_() "WHEN": takes a value; NULL: a switch */
	const char *help;        /* N_() one line */
	const char *complete;    /* values: "a b c", or "@journal", "@piste",
	                          * "@enquete", "@todo", "@seance", "@test",
	                          * "@rome", "@file", "@dir"; NULL: none */
};

struct bilan_subcmd;

struct bilan_cmd {
	const char *name;
	int (*fn)(int argc, char **argv, struct bilan_ctx *ctx);
	const char *summary;     /* N_() one line */
	const char *usage;       /* N_() "bilan journal add [options] [TEXT...]" lines */
	unsigned flags;
	const struct cmd_option *opts;      /* without sub-commands */
	const struct bilan_subcmd *subs;    /* the sub-commands, or NULL */
	const char *operands;               /* completion of operands, as
	                                     * cmd_option.complete */
	const char *default_sub;            /* run when the first word is an
	                                     * option (completion follows it) */
};

/* Sub-command tables (bilan journal add): dispatch argv[1] among subs; with no
 * sub-command, default (may be NULL) runs, else usage.  Handles --help. */
struct bilan_subcmd {
	const char *name;
	int (*fn)(int argc, char **argv, struct bilan_ctx *ctx);
	const char *summary;     /* N_() */
	const struct cmd_option *opts;
	const char *operands;    /* completion of operands, as cmd_option.complete */
};
int cmd_dispatch_sub(const struct bilan_cmd *parent, const struct bilan_subcmd *subs,
		     const char *default_sub, int argc, char **argv,
		     struct bilan_ctx *ctx);

/* --- printing --- */
/* "bilan: error: FILE:LINE:COL: message", the offending source line with a
 * caret when the file can be read, then "hint: ..." lines.  Returns the exit
 * status for err->code. */
int print_error(const struct bilan_error *err);
/* Errors from where the person stands (as git): once a workspace is open,
 * workspace-relative file names are shown relative to the current folder
 * (-C DIR, else the one the command runs in) when it is inside the
 * workspace, and their line is read from the workspace. */
void print_set_workspace(const char *root, const char *dir_opt);
/* A file named on the command line as a workspace-relative path: relative
 * to the current folder when it is inside the workspace (as git reads a
 * path), an absolute path inside the workspace made relative; to free. */
char *ws_path_arg(const char *arg);
/* "FILE:LINE:COL: message [tag]" (after the caller's "bilan: error: "),
 * then the source line and a caret, as print_error does (not for the tag
 * "privacy": a finding of personal data never shows the data). */
void print_place(const char *file, int line, int column, const char *message,
		 const char *tag);
void print_diag(const struct bilan_diag *d);
/* "bilan: error: <fmt>"; returns EXIT_FAILED */
/* The translated, coloured prefix of a message on f: "bilan: error: ",
 * "bilan: warning: ", "hint: " (French: "bilan : erreur : ", ...). */
enum prefix { PFX_ERROR, PFX_WARNING, PFX_HINT };
void print_prefix(FILE *f, enum prefix which);
/* A usage text with its placeholders translated ("WHEN": "QUAND"). Caller frees. */
char *usage_translated(const char *usage);
/* Each line of a hint on stderr after "hint: ". */
void print_hint(const char *hint);
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Usage error: message, then the command's usage, exit status 2. */
int usage_error(const struct bilan_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A bad value for an option: lists the valid ones.  Returns EXIT_USAGE. */
int bad_value(const char *option, const char *value, const char *const *valid);
int exit_status_for(int code);
/* Print the usage of cmd (with the summary) to f. */
void print_usage(FILE *f, const struct bilan_cmd *cmd);
/* --help for a command: usage + "See 'man bilan-NAME'". */
int print_help(const struct bilan_cmd *cmd);

/* Text from the workspace shown on a terminal is neutralised (ANSI escapes). */
void print_text(FILE *f, const char *s);
/* Append s as a terminal shows it: neutralised (bilan_text_sanitize_terminal),
 * in French with its typography (bilan_text_fr_typo): every text a person
 * reads on a terminal goes through it or print_text. */
void sanitize_shown(struct bilan_buf *out, const char *s);
/* The names sanitize_shown puts for the generic nouns in French
 * (bilan_text_fr_names): the workspace's consultant and beneficiary;
 * called when the workspace is opened (NULL: none). */
void shown_names(const struct bilan_ws *ws);

/* The width to lay text out in: the terminal's when stdout is one, else
 * COLUMNS, else 80; kept within [min, max]. */
size_t term_width(size_t min, size_t max);

/* --- colour --- */
enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
extern enum color_mode color_mode;

/* The environment, read once at start by cmd_env_read (cmd/env.c), the one
 * place bilan reads a variable (bilan(1), ENVIRONMENT): what lib/ takes
 * goes into bilan_settings (lib/settings.h), what cmd/ takes stays here.
 * NULL when unset. */
struct cmd_env {
	const char *now;               /* BILAN_NOW */
	const char *id_seed;           /* BILAN_ID_SEED */
	const char *no_color;          /* NO_COLOR */
	const char *term;              /* TERM */
	const char *bilan_pager;       /* BILAN_PAGER */
	const char *pager;             /* PAGER */
	const char *less;              /* LESS */
	const char *visual;            /* VISUAL */
	const char *editor;            /* EDITOR */
	const char *tmpdir;            /* TMPDIR */
	const char *journal_no_cache;  /* BILAN_JOURNAL_NO_CACHE */
	const char *columns;           /* COLUMNS */
	const char *language;          /* LANGUAGE */
	const char *sync_timeout;      /* BILAN_SYNC_TIMEOUT */
};
extern struct cmd_env cmd_env;
void cmd_env_read(void);
bool use_color(FILE *f);
const char *col(FILE *f, const char *code);  /* "" when colour is off */
#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_BLUE "\033[34m"
#define C_CYAN "\033[36m"

/* --- pager, editor, prompts --- */
/* Start $PAGER (default "less -FRX") when stdout is a terminal. */
void pager_start(void);
/* Run $VISUAL or $EDITOR (default vi) on path, without the lock held.
 * Returns 0 when the editor exited 0. */
int run_editor(const char *path, struct bilan_error *err);
/* Ask a yes/no question on the terminal; false when stdin is not a terminal. */
bool ask_yes_no(const char *question, bool def);
bool stdin_is_tty(void);
bool stdout_is_tty(void);

/* --- JSON (jansson) --- */
/* Dump v (stolen) to stdout, indented, UTF-8, with a final newline. */
/* The JSON contract (bilan-json(7)): every --json output is one object whose
 * first member is "format" (BILAN_JSON_FORMAT), then named members; a list
 * is a named member, never a bare array.  json_contract() makes that object
 * from V (an object: its members follow "format"; anything else is a bug and
 * gives NULL), taking V.  json_print() prints it (and frees it);
 * json_print_list() prints {"format": 1, MEMBER: ARRAY}. */
#define BILAN_JSON_FORMAT 1
json_t *json_contract(json_t *v);
int json_print(json_t *v);
int json_print_list(const char *member, json_t *array);
json_t *json_str_or_null(const char *s);
/* Diagnostics as the contract's "problems": objects with severity, file,
 * line, column (0 when unknown), message. */
json_t *diags_json(const struct bilan_diags *d);
/* What an add made, as the contract's object: {"format", "id": the full id
 * (or slug), "path": its workspace-relative file, then MORE's members
 * (stolen, may be NULL)}. */
int print_added_json(const char *id, const char *path, json_t *more);
/* -q, --quiet of a command that changes the workspace: what it would print
 * on standard output when done is not printed (cmd_quiet() sends standard
 * output to /dev/null); warnings, errors and questions go to standard error
 * as ever. */
#define CMD_OPT_QUIET \
	{ "quiet", 'q', 'q', NULL, N_("print nothing when it is done"), NULL }
void cmd_quiet(void);
/* The two options every add has (after its own in its table). */
#define CMD_OPT_ADD_OUTPUT \
	{ "json", 0, 'j', NULL, N_("print what was added as JSON, with its full id"), NULL }, \
	{ "quiet", 'q', 'q', NULL, N_("print nothing when it is done"), NULL }

/* --- options --- */
/* The next option of argv (argv[0] is the command or sub-command name) by
 * the table opts: options anywhere on the line, whatever POSIXLY_CORRECT
 * says, "--" ends them.  The first call moves the options before the
 * operands (argv is permuted, as GNU getopt does); each call returns the
 * val of the next option with optarg set to its value (or NULL), -1 at the
 * end with optind at the first operand.  "-h"/"--help" print the help
 * (returns CMD_OPT_HELP: the caller returns EXIT_DONE); an unknown option or
 * a missing value is a usage error (returns CMD_OPT_BAD: the caller returns
 * EXIT_USAGE).  A long option may be shortened while it is unambiguous. */
#include <unistd.h>
int cmd_opt_next(const struct bilan_cmd *cmd, const struct cmd_option *opts,
		 int argc, char **argv);
/* -h of a command, or of one of its sub-commands (sub NULL: the command). */
int print_cmd_help(const struct bilan_cmd *cmd, const struct bilan_subcmd *sub);
/* bilan help X: the manual page on a terminal when installed, else -h. */
int help_command(const struct bilan_cmd *cmd, const char *sub);
/* Hidden commands for completion: __complete WORDS..., __options. */
int complete_main(int argc, char **argv, const struct bilan_cmd *const *commands,
		  const char *dir_opt);
int options_main(int argc, char **argv, const struct bilan_cmd *const *commands);
/* The global options (-C, --color, ...), and their lines for bilan -h. */
extern const struct cmd_option global_options[];
void print_global_options(FILE *f);
/* --no-pager */
extern bool pager_disabled;
#define CMD_OPT_HELP (-2)
#define CMD_OPT_BAD (-3)
/* Convenience: handle the two special returns above inside a switch. */
#define CMD_OPT_SPECIAL_CASES \
	case CMD_OPT_HELP: return EXIT_DONE; \
	case CMD_OPT_BAD: return EXIT_USAGE

/* Open the workspace named by ctx (for commands without CMD_NEEDS_WS that
 * want one when present).  Prints the error; returns exit status or 0. */
int ctx_open_ws(struct bilan_ctx *ctx);

/* Run a mutation: prints the error and rolls back on failure. */
int finish_txn(struct bilan_ws *ws, int rc, const char *message,
	       struct bilan_error *err);

/* The commands (one file each). */
extern const struct bilan_cmd cmd_test;
extern const struct bilan_cmd cmd_metier;
extern const struct bilan_cmd cmd_piste, cmd_enquete, cmd_seance, cmd_todo, cmd_phase, cmd_close;
extern const struct bilan_cmd cmd_synthese, cmd_purge;
extern const struct bilan_cmd cmd_journal;
extern const struct bilan_cmd cmd_share, cmd_sync, cmd_backup, cmd_portfolio, cmd_private;
extern const struct bilan_cmd cmd_init, cmd_status, cmd_log, cmd_check,
	cmd_save, cmd_upgrade, cmd_help, cmd_version;
extern const struct bilan_cmd cmd_gc, cmd_doctor;
extern const struct bilan_cmd cmd_report, cmd_remind;

#endif
