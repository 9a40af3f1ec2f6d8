/* common.c - the command layer's shared helpers (see common.h). */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "fs.h"
#include "text.h"

enum color_mode color_mode = COLOR_AUTO;

int exit_status_for(int code)
{
	switch (code) {
	case BILAN_OK:
		return EXIT_DONE;
	case BILAN_EUSAGE:
		return EXIT_USAGE;
	case BILAN_ELOCKED:
	case BILAN_EAGAIN:
		return EXIT_TEMPFAIL;
	case BILAN_ECONFLICT:
		return EXIT_DECISION;
	default:
		return EXIT_FAILED;
	}
}

/* Where errors are seen from, as git does: the workspace's root, and the
 * folder the command runs in (-C DIR, else the current one) when it is
 * inside the workspace ("" at the root, "sub/dir" below it); NULL outside. */
static char *place_root, *place_here;

void print_set_workspace(const char *root, const char *dir_opt)
{
	free(place_root);
	free(place_here);
	place_root = place_here = NULL;
	if (!root || root[0] != '/')
		return;
	place_root = bilan_xstrdup(root);
	char *here = dir_opt ? realpath(dir_opt, NULL) : getcwd(NULL, 0);
	char *real_root = realpath(root, NULL);
	const char *r = real_root ? real_root : root;
	size_t n = strlen(r);
	if (here && !strncmp(here, r, n) && (here[n] == '\0' || here[n] == '/'))
		place_here = bilan_xstrdup(here[n] ? here + n + 1 : "");
	free(here);
	free(real_root);
}

char *ws_path_arg(const char *arg)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	if (arg[0] == '/') {
		size_t n = place_root ? strlen(place_root) : 0;
		if (n && !strncmp(arg, place_root, n) && (arg[n] == '/' || arg[n] == '\0'))
			arg += n + (arg[n] == '/');
		else
			return bilan_xstrdup(arg);
	} else if (place_here && *place_here) {
		bilan_buf_puts(&b, place_here);
		bilan_buf_putc(&b, '/');
	}
	bilan_buf_puts(&b, arg);
	/* "a/./b", "a/../b", "a//b" made plain; a ".." above the root stays */
	char *joined = bilan_buf_detach(&b);
	if (!joined)
		joined = bilan_xstrdup("");
	struct bilan_strlist parts = BILAN_STRLIST_INIT;
	char *save = NULL;
	for (char *t = strtok_r(joined, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (!strcmp(t, "."))
			continue;
		if (!strcmp(t, "..") && parts.n && strcmp(parts.v[parts.n - 1], "..")) {
			free(parts.v[--parts.n]);
			continue;
		}
		bilan_strlist_add(&parts, t);
	}
	for (size_t i = 0; i < parts.n; i++) {
		if (i)
			bilan_buf_putc(&b, '/');
		bilan_buf_puts(&b, parts.v[i]);
	}
	if (!parts.n)
		bilan_buf_puts(&b, ".");
	bilan_strlist_clear(&parts);
	free(joined);
	return bilan_buf_detach(&b);
}

/* FILE as the person sees it from where they stand (*shown, to free) and
 * the path to read it (*read, to free): a workspace-relative name is shown
 * relative to the current folder when that is inside the workspace
 * ("../todo/x.yaml" from a subfolder), as it is otherwise; it is read from
 * the workspace's root. */
static void place_of_file(const char *file, char **shown, char **read)
{
	if (file[0] == '/' || !place_root) {
		*shown = bilan_xstrdup(file);
		*read = bilan_xstrdup(file);
		return;
	}
	*read = bilan_xasprintf("%s/%s", place_root, file);
	/* a name given from here (an answers file, 'bilan test validate
	 * FILE') that is not one of the workspace is shown and read as is */
	if (place_here && *place_here && access(*read, F_OK) != 0 && access(file, F_OK) == 0) {
		free(*read);
		*read = bilan_xstrdup(file);
		*shown = bilan_xstrdup(file);
		return;
	}
	if (!place_here || !*place_here) {
		*shown = bilan_xstrdup(file);
		return;
	}
	/* the common leading folders, then one ".." per folder left of here */
	const char *h = place_here, *f = file;
	while (*h && *f) {
		size_t hl = strcspn(h, "/"), fl = strcspn(f, "/");
		if (hl != fl || strncmp(h, f, hl) != 0)
			break;
		h += hl + (h[hl] == '/');
		f += fl + (f[fl] == '/');
	}
	struct bilan_buf b = BILAN_BUF_INIT;
	if (*h) {
		bilan_buf_puts(&b, "..");
		for (const char *p = h; *p; p++)
			if (*p == '/')
				bilan_buf_puts(&b, "/..");
		if (*f)
			bilan_buf_putc(&b, '/');
	} else if (!*f) {
		bilan_buf_putc(&b, '.');
	}
	bilan_buf_puts(&b, f);
	*shown = bilan_buf_detach(&b);
}

static void print_source_line(const char *file, int line, int column)
{
	if (!file || !*file || line <= 0)
		return;
	FILE *f = fopen(file, "r");
	if (!f)
		return;
	char buf[512];
	int n = 0;
	bool found = false;
	while (fgets(buf, sizeof(buf), f)) {
		size_t len = strlen(buf);
		bool whole = len > 0 && buf[len - 1] == '\n';
		if (++n == line) {
			found = true;
			if (whole)
				buf[len - 1] = '\0';
			break;
		}
		/* skip the rest of an overlong line */
		while (!whole && fgets(buf, sizeof(buf), f)) {
			len = strlen(buf);
			whole = len > 0 && buf[len - 1] == '\n';
		}
	}
	fclose(f);
	if (!found)
		return;
	/* Tabs shown as one space so the caret lines up. */
	for (char *p = buf; *p; p++)
		if (*p == '\t')
			*p = ' ';
	struct bilan_buf clean = BILAN_BUF_INIT;
	bilan_text_sanitize_terminal(&clean, buf);   /* the line as it is in the file */
	fprintf(stderr, "%5d | %s\n", line, bilan_buf_cstr(&clean));
	bilan_buf_clear(&clean);
	if (column > 0 && column < 400) {
		fprintf(stderr, "      | ");
		/* col counts characters: advance over UTF-8 sequences */
		int c = 1;
		for (const unsigned char *p = (const unsigned char *)buf; *p && c < column; p++)
			if ((*p & 0xC0) != 0x80)
				c++, fputc(' ', stderr);
		fprintf(stderr, "%s^%s\n", col(stderr, C_RED), col(stderr, C_RESET));
	}
}

void print_prefix(FILE *f, enum prefix which)
{
	const char *colour = which == PFX_ERROR ? C_RED : C_YELLOW;
	const char *word = which == PFX_ERROR ? _("error:")
			 : which == PFX_WARNING ? _("warning:") : _("hint:");
	if (which != PFX_HINT)
		fprintf(f, "%s ", _("bilan:"));
	fprintf(f, "%s%s%s ", col(f, colour), word, col(f, C_RESET));
}

void print_hint(const char *hint)
{
	if (!hint || !*hint)
		return;
	const char *p = hint;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		print_prefix(stderr, PFX_HINT);
		fprintf(stderr, "%.*s\n", (int)len, p);
		p += len;
		if (*p == '\n')
			p++;
	}
}

int print_error(const struct bilan_error *err)
{
	fflush(stdout);
	struct bilan_buf msg = BILAN_BUF_INIT;
	sanitize_shown(&msg, err->message[0] ? err->message : _("unknown error"));
	print_prefix(stderr, PFX_ERROR);
	char *shown = NULL, *read = NULL;
	if (err->file[0]) {
		place_of_file(err->file, &shown, &read);
		fprintf(stderr, "%s", shown);
		if (err->line > 0) {
			fprintf(stderr, ":%d", err->line);
			if (err->col > 0)
				fprintf(stderr, ":%d", err->col);
		}
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s\n", bilan_buf_cstr(&msg));
	bilan_buf_clear(&msg);
	print_source_line(read, err->line, err->col);
	free(shown);
	free(read);
	print_hint(err->hint);
	return exit_status_for(err->code ? err->code : BILAN_EFAIL);
}

void print_diag(const struct bilan_diag *d)
{
	bool is_err = d->severity == BILAN_SEV_ERROR;
	print_prefix(stderr, is_err ? PFX_ERROR : PFX_WARNING);
	print_place(d->file, d->line, d->col, d->message, NULL);
}

void print_place(const char *file, int line, int column, const char *message,
		 const char *tag)
{
	char *shown = NULL, *read = NULL;
	if (file && file[0]) {
		place_of_file(file, &shown, &read);
		print_text(stderr, shown);
		if (line > 0)
			fprintf(stderr, ":%d:%d", line, column > 0 ? column : 1);
		fputs(": ", stderr);
	}
	struct bilan_buf msg = BILAN_BUF_INIT;
	sanitize_shown(&msg, message ? message : "");
	if (tag)
		fprintf(stderr, "%s [%s]\n", bilan_buf_cstr(&msg), tag);
	else
		fprintf(stderr, "%s\n", bilan_buf_cstr(&msg));
	bilan_buf_clear(&msg);
	/* the line and the caret, as for an error; never for a finding of
	 * personal data (doctor's "privacy": the place, not the data) */
	if (!tag || strcmp(tag, "privacy") != 0)
		print_source_line(read, line, column > 0 ? column : 1);
	free(shown);
	free(read);
}

int fail(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	print_prefix(stderr, PFX_ERROR);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAILED;
}

void warn(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	print_prefix(stderr, PFX_WARNING);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The usage with its placeholders translated as the option tables'
 * arguments are ("WHEN": "QUAND"): each word of capitals (not part of an
 * option name) goes through gettext. */
char *usage_translated(const char *usage)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	const char *p = usage;
	while (*p) {
		bool start = p == usage || !(p[-1] == '-' || (p[-1] >= 'a' && p[-1] <= 'z') ||
					     (p[-1] >= 'A' && p[-1] <= 'Z'));
		size_t n = 0;
		while (p[n] >= 'A' && p[n] <= 'Z')
			n++;
		if (start && n >= 2 && !(p[n] >= 'a' && p[n] <= 'z')) {
			char word[32];
			if (n < sizeof word) {
				memcpy(word, p, n);
				word[n] = 0;
				bilan_buf_puts(&b, _(word));
			} else {
				bilan_buf_printf(&b, "%.*s", (int)n, p);
			}
			p += n;
		} else {
			bilan_buf_printf(&b, "%c", *p);
			p++;
		}
	}
	return bilan_buf_detach(&b);
}

void print_usage(FILE *f, const struct bilan_cmd *cmd)
{
	char *all = usage_translated(_(cmd->usage));
	const char *u = all;
	bool first = true;
	while (*u) {
		const char *nl = strchr(u, '\n');
		size_t len = nl ? (size_t)(nl - u) : strlen(u);
		const char *word = _("usage:");
		if (first)
			fprintf(f, "%s %.*s\n", word, (int)len, u);
		else
			fprintf(f, "%*s %.*s\n", (int)bilan_text_width(word), "", (int)len, u);
		first = false;
		u += len;
		if (*u == '\n')
			u++;
	}
	free(all);
}

int usage_error(const struct bilan_cmd *cmd, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	print_prefix(stderr, PFX_ERROR);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd)
		print_usage(stderr, cmd);
	return EXIT_USAGE;
}

int bad_value(const char *option, const char *value, const char *const *valid)
{
	struct bilan_buf list = BILAN_BUF_INIT;
	for (size_t i = 0; valid[i]; i++)
		bilan_buf_printf(&list, "%s%s", i ? ", " : "", valid[i]);
	struct bilan_buf v = BILAN_BUF_INIT;
	sanitize_shown(&v, value);
	fflush(stdout);
	print_prefix(stderr, PFX_ERROR);
	fprintf(stderr, _("invalid value '%s' for %s"), bilan_buf_cstr(&v), option);
	fputc('\n', stderr);
	char *h = bilan_xasprintf(_("valid values: %s"), bilan_buf_cstr(&list));
	print_hint(h);
	free(h);
	bilan_buf_clear(&list);
	bilan_buf_clear(&v);
	return EXIT_USAGE;
}

int print_help(const struct bilan_cmd *cmd)
{
	return print_cmd_help(cmd, NULL);
}

static char *shown_consultant, *shown_beneficiary;   /* owned (shown_names) */

/* Copies: the workspace's configuration is read again (and the strings it
 * lent freed) by bilan_ws_begin, while the names are still shown after. */
void shown_names(const struct bilan_ws *ws)
{
	free(shown_consultant);
	free(shown_beneficiary);
	shown_consultant = ws && ws->cfg.consultant ? bilan_xstrdup(ws->cfg.consultant) : NULL;
	shown_beneficiary = ws && ws->cfg.name ? bilan_xstrdup(ws->cfg.name) : NULL;
}

void sanitize_shown(struct bilan_buf *out, const char *s)
{
	size_t from = out->len;
	bilan_text_sanitize_terminal(out, s ? s : "");
	if (bilan_i18n_is_french()) {   /* what is shown, never what is stored */
		bilan_text_fr_names(out, from, shown_consultant, shown_beneficiary);
		bilan_text_fr_typo_buf(out, from, BILAN_TYPO_TEXT);
	}
}

void print_text(FILE *f, const char *s)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	sanitize_shown(&b, s);
	fputs(bilan_buf_cstr(&b), f);
	bilan_buf_clear(&b);
}

size_t term_width(size_t min, size_t max)
{
	struct winsize ws;
	size_t w = 80;
	const char *c = cmd_env.columns;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col) {
		w = ws.ws_col;
	} else if (c && *c) {
		/* strtol, not atoi: a huge COLUMNS saturates instead of overflowing */
		long cols = strtol(c, NULL, 10);
		if (cols > 0)
			w = (size_t)cols;
	}
	return w < min ? min : w > max ? max : w;
}

bool use_color(FILE *f)
{
	if (color_mode == COLOR_NEVER)
		return false;
	if (color_mode == COLOR_ALWAYS)
		return true;
	const char *nc = cmd_env.no_color;
	if (nc && *nc)
		return false;
	const char *term = cmd_env.term;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(f));
}

const char *col(FILE *f, const char *code)
{
	return use_color(f) ? code : "";
}

bool stdin_is_tty(void)
{
	return isatty(STDIN_FILENO);
}

bool stdout_is_tty(void)
{
	return isatty(STDOUT_FILENO);
}

static pid_t pager_pid;

static void pager_wait(void)
{
	if (!pager_pid)
		return;
	fflush(stdout);
	fclose(stdout);
	close(STDOUT_FILENO);
	int st;
	while (waitpid(pager_pid, &st, 0) < 0 && errno == EINTR)
		;
	pager_pid = 0;
}

bool pager_disabled;

void pager_start(void)
{
	if (pager_disabled || !stdout_is_tty() || pager_pid)
		return;
	const char *pager = cmd_env.bilan_pager;
	if (!pager)
		pager = cmd_env.pager;
	if (!pager)
		pager = "less";
	if (!*pager || strcmp(pager, "cat") == 0)
		return;
	int fds[2];
	if (pipe(fds) < 0)
		return;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		const char *less = cmd_env.less;
		setenv("LESS", less ? less : "FRX", 1);
		setenv("LV", "-c", 0);
		execlp("sh", "sh", "-c", pager, (char *)NULL);
		_exit(127);
	}
	dup2(fds[1], STDOUT_FILENO);
	close(fds[0]);
	close(fds[1]);
	pager_pid = pid;
	/* colours stay on: the pager shows them (less -R) */
	if (color_mode == COLOR_AUTO && use_color(stderr))
		color_mode = COLOR_ALWAYS;
	atexit(pager_wait);
}

/* standard output before -q (cmd_quiet), for the editor; -1 without -q */
static int quiet_saved_stdout = -1;

int run_editor(const char *path, struct bilan_error *err)
{
	const char *editor = cmd_env.visual;
	const char *term = cmd_env.term;
	if (!editor || !*editor || (term && !strcmp(term, "dumb")))
		editor = cmd_env.editor;
	if (!editor || !*editor)
		editor = "vi";
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0)
		return bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot start the editor"));
	if (pid == 0) {
		/* -q hid what the command prints, never the editor's screen */
		if (quiet_saved_stdout >= 0)
			dup2(quiet_saved_stdout, STDOUT_FILENO);
		/* As git does: the editor command line is shell words (so
		 * "code --wait" works); the file name is passed as "$1", never
		 * spliced into the command, so it cannot inject anything.  An
		 * editor value that names an existing file is run directly,
		 * spaces included. */
		if (access(editor, X_OK) == 0)
			execl(editor, editor, path, (char *)NULL);
		else
			execl("/bin/sh", "sh", "-c", "eval \"$0\" '\"$@\"'", editor, path,
			      (char *)NULL);
		_exit(127);
	}
	int st = 0;
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return bilan_error_set_errno(err, BILAN_EFAIL, errno,
						     _("cannot wait for the editor"));
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return bilan_error_set(err, BILAN_ECANCELLED,
				       _("the editor '%s' exited with an error"), editor);
	return 0;
}

bool ask_yes_no(const char *question, bool def)
{
	if (!stdin_is_tty())
		return false;
	fprintf(stderr, "%s %s ", question, def ? _("[Y/n]") : _("[y/N]"));
	fflush(stderr);
	char line[64];
	if (!fgets(line, sizeof(line), stdin))
		return false;
	char c = line[0];
	if (c == '\n')
		return def;
	/* y, o (oui) */
	return c == 'y' || c == 'Y' || c == 'o' || c == 'O';
}

json_t *json_contract(json_t *v)
{
	if (!v || !json_is_object(v)) {
		json_decref(v);
		return NULL;
	}
	json_t *o = json_object();
	json_object_set_new(o, "format", json_integer(BILAN_JSON_FORMAT));
	const char *k;
	json_t *m;
	json_object_foreach(v, k, m) {
		if (strcmp(k, "format") != 0)
			json_object_set(o, k, m);
	}
	json_decref(v);
	return o;
}

int json_print_list(const char *member, json_t *array)
{
	if (!array)
		return json_print(NULL);
	return json_print(json_pack("{s:o}", member, array));
}

int json_print(json_t *v)
{
	v = json_contract(v);
	if (!v)
		return fail(_("cannot build the JSON output"));
	/* -q silences what a command says, never the JSON a script asked for */
	if (quiet_saved_stdout >= 0) {
		fflush(stdout);
		dup2(quiet_saved_stdout, STDOUT_FILENO);
	}
	int rc = json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(v);
	fputc('\n', stdout);
	return rc == 0 ? EXIT_DONE : EXIT_FAILED;
}

json_t *json_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

void cmd_quiet(void)
{
	fflush(stdout);
	if (quiet_saved_stdout < 0)
		quiet_saved_stdout = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (fd != STDOUT_FILENO) {
			dup2(fd, STDOUT_FILENO);
			close(fd);
		}
	}
}

int print_added_json(const char *id, const char *path, json_t *more)
{
	json_t *o = json_pack("{s:s, s:s}", "id", id, "path", path);
	if (more) {
		json_object_update(o, more);
		json_decref(more);
	}
	return json_print(o);
}

json_t *diags_json(const struct bilan_diags *d)
{
	json_t *a = json_array();
	for (size_t i = 0; i < d->n; i++) {
		const struct bilan_diag *x = &d->v[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:i, s:s}",
			"severity", x->severity == BILAN_SEV_ERROR ? "error" : "warning",
			"file", x->file ? x->file : "", "line", x->line > 0 ? x->line : 0,
			"column", x->line > 0 ? (x->col > 0 ? x->col : 1) : 0,
			"message", x->message ? x->message : ""));
	}
	return a;
}

int ctx_open_ws(struct bilan_ctx *ctx)
{
	if (ctx->ws)
		return 0;
	struct bilan_error err = BILAN_ERROR_INIT;
	char *root = NULL;
	if (bilan_ws_find(&root, ctx->dir_opt, &err) < 0 ||
	    bilan_ws_open(&ctx->ws, root, &err) < 0) {
		free(root);
		return print_error(&err);
	}
	free(root);
	print_set_workspace(ctx->ws->root, ctx->dir_opt);
	shown_names(ctx->ws);
	return 0;
}

int finish_txn(struct bilan_ws *ws, int rc, const char *message,
	       struct bilan_error *err)
{
	if (rc >= 0)
		rc = bilan_ws_commit(ws, message, NULL, err);
	if (rc < 0) {
		bilan_ws_rollback(ws);
		return print_error(err);
	}
	return EXIT_DONE;
}

int cmd_dispatch_sub(const struct bilan_cmd *parent, const struct bilan_subcmd *subs,
		     const char *default_sub, int argc, char **argv,
		     struct bilan_ctx *ctx)
{
	const char *name = argc > 1 ? argv[1] : default_sub;
	if (name && (!strcmp(name, "--help") || !strcmp(name, "-h")))
		return print_cmd_help(parent, NULL);
	if (name && !strcmp(name, "help")) {
		/* bilan journal help [add] */
		return help_command(parent, argc > 2 ? argv[2] : NULL);
	}
	if (!name)
		return usage_error(parent, _("missing sub-command"));
	if (argc > 1 && name[0] == '-' && default_sub) {
		name = default_sub;
		for (size_t i = 0; subs[i].name; i++)
			if (!strcmp(subs[i].name, name))
				return subs[i].fn(argc, argv, ctx);
	}
	for (size_t i = 0; subs[i].name; i++) {
		if (!strcmp(subs[i].name, name)) {
			if (argc > 1)
				return subs[i].fn(argc - 1, argv + 1, ctx);
			char name_copy[64];
			snprintf(name_copy, sizeof(name_copy), "%s", subs[i].name);
			char *av[] = { name_copy, NULL };
			return subs[i].fn(1, av, ctx);
		}
	}
	const char *names[64];
	size_t n = 0;
	for (size_t i = 0; subs[i].name && n < 63; i++)
		names[n++] = subs[i].name;
	names[n] = NULL;
	struct bilan_buf v = BILAN_BUF_INIT;
	sanitize_shown(&v, name);
	fflush(stdout);
	print_prefix(stderr, PFX_ERROR);
	fprintf(stderr, _("unknown sub-command '%s %s'"), parent->name, bilan_buf_cstr(&v));
	fputc('\n', stderr);
	const char *close = bilan_text_closest(name, names, n);
	if (close) {
		char *h = bilan_xasprintf(_("did you mean 'bilan %s %s'?"), parent->name, close);
		print_hint(h);
		free(h);
	}
	bilan_buf_clear(&v);
	print_usage(stderr, parent);
	return EXIT_USAGE;
}
