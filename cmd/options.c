/* options.c - the table-driven option parser of every command, the -h text
 * generated from the same tables, 'bilan help X', and the hidden commands
 * that completion calls (__complete, __options). */
#include "config.h"
#include "common.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "paths.h"
#include "rome.h"
#include "text.h"

/* ------------------------------------------------------------------ */
/* The parser */

static struct {
	char **argv;      /* the argv being parsed, NULL between parses */
	int pos;          /* next argv index to read */
	int end;          /* end of the options after the permutation */
	int operands;     /* index of the first operand (after a "--") */
	char *cluster;    /* rest of a "-abc" cluster */
	bool help;        /* -h or --help among the options */
} st;

static const struct cmd_option *find_long(const struct cmd_option *opts, const char *name,
					  size_t len, bool *ambiguous)
{
	const struct cmd_option *hit = NULL;
	*ambiguous = false;
	for (size_t i = 0; opts && opts[i].name; i++)
		if (strlen(opts[i].name) == len && !strncmp(opts[i].name, name, len))
			return &opts[i];
	for (size_t i = 0; opts && opts[i].name; i++) {
		if (!strncmp(opts[i].name, name, len)) {
			if (hit)
				*ambiguous = true;
			hit = &opts[i];
		}
	}
	return *ambiguous ? NULL : hit;
}

static const struct cmd_option *find_short(const struct cmd_option *opts, int c)
{
	for (size_t i = 0; opts && opts[i].name; i++)
		if (opts[i].short_name == c)
			return &opts[i];
	return NULL;
}

static bool is_help_long(const char *name, size_t len)
{
	return len >= 3 && len <= 4 && !strncmp("help", name, len);
}

/* Move the options (with their values) before the operands, keeping the
 * order of each; everything after "--" is an operand, and "--" itself goes
 * between the two. */
static void permute(const struct cmd_option *opts, int argc, char **argv)
{
	char **o = bilan_xmalloc(sizeof(char *) * (size_t)(argc + 1));
	char **p = bilan_xmalloc(sizeof(char *) * (size_t)(argc + 1));
	int no = 0, np = 0;
	char *dashdash = NULL;
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (!strcmp(a, "--")) {
			dashdash = a;
			for (i++; i < argc; i++)
				p[np++] = argv[i];
			break;
		}
		if (a[0] != '-' || a[1] == '\0') {
			p[np++] = a;
			continue;
		}
		o[no++] = a;
		if (a[1] == '-') {
			const char *name = a + 2;
			const char *eq = strchr(name, '=');
			if (eq)
				continue;
			bool amb;
			const struct cmd_option *opt = find_long(opts, name, strlen(name), &amb);
			if (!opt && !amb && is_help_long(name, strlen(name)))
				st.help = true;
			if (opt && opt->arg && i + 1 < argc)
				o[no++] = argv[++i];
			continue;
		}
		for (const char *c = a + 1; *c; c++) {
			const struct cmd_option *opt = find_short(opts, (unsigned char)*c);
			if (!opt) {
				if (*c == 'h')
					st.help = true;
				break;   /* else reported when read */
			}
			if (opt->arg) {
				if (c[1] == '\0' && i + 1 < argc)
					o[no++] = argv[++i];
				break;
			}
		}
	}
	int k = 1;
	for (int i = 0; i < no; i++)
		argv[k++] = o[i];
	st.end = k;
	if (dashdash)
		argv[k++] = dashdash;
	st.operands = k;
	for (int i = 0; i < np; i++)
		argv[k++] = p[i];
	free(o);
	free(p);
}

static void print_usage_lines(FILE *f, const struct bilan_cmd *cmd, const char *sub,
			      size_t cols);

static const struct bilan_subcmd *sub_of(const struct bilan_cmd *cmd,
					 const struct cmd_option *opts, const char *name)
{
	if (!cmd->subs)
		return NULL;
	for (size_t i = 0; cmd->subs[i].name; i++)
		if (opts && cmd->subs[i].opts == opts)
			return &cmd->subs[i];
	for (size_t i = 0; cmd->subs[i].name; i++)
		if (name && !strcmp(cmd->subs[i].name, name))
			return &cmd->subs[i];
	return NULL;
}

static int opt_done(void)
{
	optind = st.operands;
	st.argv = NULL;
	st.cluster = NULL;
	return -1;
}

static int opt_bad(const struct bilan_cmd *cmd)
{
	st.argv = NULL;
	st.cluster = NULL;
	(void)cmd;
	return CMD_OPT_BAD;
}

/* "bilan: error: ..." then the usage of the sub-command only */
static void opt_error(const struct bilan_cmd *cmd, const struct cmd_option *opts,
		      char **argv, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void opt_error(const struct bilan_cmd *cmd, const struct cmd_option *opts,
		      char **argv, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	print_prefix(stderr, PFX_ERROR);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	const struct bilan_subcmd *sub = sub_of(cmd, opts, argv[0]);
	print_usage_lines(stderr, cmd, sub ? sub->name : NULL, term_width(40, 100));
}

static int opt_help(const struct bilan_cmd *cmd, const struct cmd_option *opts, char **argv)
{
	st.argv = NULL;
	st.cluster = NULL;
	print_cmd_help(cmd, sub_of(cmd, opts, argv[0]));
	return CMD_OPT_HELP;
}

int cmd_opt_next(const struct bilan_cmd *cmd, const struct cmd_option *opts,
		 int argc, char **argv)
{
	if (st.argv != argv) {
		st.argv = argv;
		st.cluster = NULL;
		st.pos = 1;
		st.help = false;
		permute(opts, argc, argv);
		/* -h anywhere wins, before any option acts (as git does): an
		 * option may need the workspace, not opened for --help */
		if (st.help)
			return opt_help(cmd, opts, argv);
	}
	optarg = NULL;
	if (st.cluster && *st.cluster) {
		int c = (unsigned char)*st.cluster++;
		const struct cmd_option *opt = find_short(opts, c);
		if (!opt) {
			if (c == 'h')
				return opt_help(cmd, opts, argv);
			opt_error(cmd, opts, argv, _("unknown or incomplete option '-%c'"), c);
			return opt_bad(cmd);
		}
		if (opt->arg) {
			if (*st.cluster) {
				optarg = st.cluster;
			} else if (st.pos < st.end) {
				optarg = argv[st.pos++];
			} else {
				char o[3] = { '-', (char)c, '\0' };
				opt_error(cmd, opts, argv, _("option '%s' needs a value"), o);
				return opt_bad(cmd);
			}
			st.cluster = NULL;
		}
		return opt->val;
	}
	st.cluster = NULL;
	if (st.pos >= st.end)
		return opt_done();
	char *a = argv[st.pos++];
	if (a[1] != '-') {
		st.cluster = a + 1;
		return cmd_opt_next(cmd, opts, argc, argv);
	}
	const char *name = a + 2;
	char *eq = strchr(a + 2, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	bool amb;
	const struct cmd_option *opt = find_long(opts, name, len, &amb);
	if (!opt && !amb && is_help_long(name, len))
		return opt_help(cmd, opts, argv);
	if (!opt) {
		struct bilan_buf v = BILAN_BUF_INIT;
		sanitize_shown(&v, a);
		if (amb)
			opt_error(cmd, opts, argv, _("ambiguous option '%s'"), bilan_buf_cstr(&v));
		else
			opt_error(cmd, opts, argv, _("unknown or incomplete option '%s'"), bilan_buf_cstr(&v));
		bilan_buf_clear(&v);
		return opt_bad(cmd);
	}
	if (opt->arg) {
		if (eq) {
			optarg = eq + 1;
		} else if (st.pos < st.end) {
			optarg = argv[st.pos++];
		} else {
			char *o = bilan_xasprintf("--%s", opt->name);
			opt_error(cmd, opts, argv, _("option '%s' needs a value"), o);
			free(o);
			return opt_bad(cmd);
		}
	} else if (eq) {
		opt_error(cmd, opts, argv, _("option '--%s' takes no value"), opt->name);
		return opt_bad(cmd);
	}
	return opt->val;
}

/* ------------------------------------------------------------------ */
/* -h */

/* prefix then s wrapped at cols, the next lines indented as far as prefix */
static void print_hanging_more(FILE *f, const char *prefix, const char *s, size_t cols,
			       size_t more)
{
	size_t w = bilan_text_width(prefix) + more;
	char indent[128];
	if (w > sizeof(indent) - 1)
		w = sizeof(indent) - 1;
	memset(indent, ' ', w);
	indent[w] = '\0';
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_text_wrap(&b, s, cols, indent);
	static char empty[1];
	char *t = b.ptr ? b.ptr : empty;
	/* U+2007 (the usage's spaces inside [...]) kept whole by the
	 * wrapping: a space again; U+00A0 and U+202F (French typography)
	 * stay as they are */
	size_t o = 0;
	for (size_t k = 0; k < b.len; k++) {
		if ((unsigned char)t[k] == 0xe2 && k + 2 < b.len &&
		    (unsigned char)t[k + 1] == 0x80 && (unsigned char)t[k + 2] == 0x87) {
			t[o++] = ' ';
			k += 2;
		} else {
			t[o++] = t[k];
		}
	}
	if (b.ptr) {
		b.len = o;
		t[o] = '\0';
	}
	fputs(prefix, f);
	fputs(b.len >= w ? t + w : t, f);
	if (!b.len || t[b.len - 1] != '\n')
		fputc('\n', f);
	bilan_buf_clear(&b);
}

static void print_hanging(FILE *f, const char *prefix, const char *s, size_t cols)
{
	print_hanging_more(f, prefix, s, cols, 0);
}

/* The usage lines of cmd, only those of sub when given.  A line that begins
 * with blanks continues the one before (it is wrapped again here). */
static void print_usage_lines(FILE *f, const struct bilan_cmd *cmd, const char *sub,
			      size_t cols)
{
	/* the logical lines, continuations joined */
	struct bilan_strlist lines = BILAN_STRLIST_INIT;
	struct bilan_buf cur = BILAN_BUF_INIT;
	char *translated = usage_translated(_(cmd->usage));
	const char *p = translated;
	while (*p) {
		size_t len = strcspn(p, "\n");
		if (p[0] == ' ' && cur.len) {
			size_t sp = strspn(p, " ");
			bilan_buf_printf(&cur, " %.*s", (int)(len - sp), p + sp);
		} else {
			if (cur.len)
				bilan_strlist_add(&lines, bilan_buf_cstr(&cur));
			cur.len = 0;
			bilan_buf_printf(&cur, "%.*s", (int)len, p);
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	if (cur.len)
		bilan_strlist_add(&lines, bilan_buf_cstr(&cur));
	bilan_buf_clear(&cur);

	char *want = sub ? bilan_xasprintf("bilan %s %s", cmd->name, sub) : NULL;
	size_t wl = want ? strlen(want) : 0;
	bool any = false;
	for (int pass = 0; pass < 2 && !any; pass++) {
		for (size_t i = 0; i < lines.n; i++) {
			const char *l = lines.v[i];
			if (pass == 0 && want &&
			    !(strncmp(l, want, wl) == 0 && (l[wl] == '\0' || l[wl] == ' ')))
				continue;
			/* no break inside [...]: their spaces become U+2007 for
			 * the wrapping, and spaces again after it */
			struct bilan_buf lb = BILAN_BUF_INIT;
			int depth = 0;
			for (const char *k = l; *k; k++) {
				if (*k == '[')
					depth++;
				else if (*k == ']' && depth > 0)
					depth--;
				if (*k == ' ' && depth > 0)
					bilan_buf_puts(&lb, "\xe2\x80\x87");
				else
					bilan_buf_putc(&lb, *k);
			}
			const char *u = _("usage:");
			char *pre = any ? bilan_xasprintf("%*s ", (int)bilan_text_width(u), "")
					: bilan_xasprintf("%s ", u);
			print_hanging_more(f, pre, bilan_buf_cstr(&lb), cols, 4);
			free(pre);
			bilan_buf_clear(&lb);
			any = true;
		}
	}
	free(want);
	free(translated);
	bilan_strlist_clear(&lines);
}

static void print_option_line(FILE *f, int short_name, const char *name, const char *arg,
			      const char *help, size_t cols)
{
	struct bilan_buf left = BILAN_BUF_INIT;
	if (!*name)
		bilan_buf_printf(&left, "  -%c", short_name);   /* no long form */
	else if (short_name)
		bilan_buf_printf(&left, "  -%c, --%s", short_name, name);
	else
		bilan_buf_printf(&left, "      --%s", name);
	if (arg)
		bilan_buf_printf(&left, " %s", _(arg));
	const size_t col = 26;
	size_t w = bilan_text_width(bilan_buf_cstr(&left));
	if (w + 2 > col) {
		fprintf(f, "%s\n", bilan_buf_cstr(&left));
		bilan_buf_clear(&left);
		bilan_buf_printf(&left, "%*s", (int)col, "");
	} else {
		bilan_buf_printf(&left, "%*s", (int)(col - w), "");
	}
	print_hanging(f, bilan_buf_cstr(&left), _(help), cols);
	bilan_buf_clear(&left);
}

/* The global options, before the command (read by main in cmd/bilan.c,
 * which takes --color WHEN only for a WHEN of the three). */
const struct cmd_option global_options[] = {
	{ "", 'C', 'C', N_("DIR"),
	  N_("work in the workspace DIR (for init: the folder to create)"), "@dir" },
	{ "color", 0, 'c', N_("WHEN"),
	  N_("colour: auto, always or never; alone: always"), "auto always never" },
	{ "no-color", 0, 'n', NULL,
	  N_("same as --color=never"), NULL },
	{ "no-pager", 'P', 'P', NULL,
	  N_("do not run the pager, even on a terminal"), NULL },
	{ "version", 'V', 'V', NULL,
	  N_("print the version"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static void print_options(FILE *f, const struct cmd_option *opts, size_t cols)
{
	fprintf(f, "\n%s\n", _("Options:"));
	for (size_t i = 0; opts && opts[i].name; i++)
		print_option_line(f, opts[i].short_name, opts[i].name, opts[i].arg,
				  opts[i].help, cols);
	print_option_line(f, 'h', "help", NULL, N_("show this help"), cols);
}

void print_global_options(FILE *f)
{
	fprintf(f, "%s\n", _("Global options:"));
	size_t cols = term_width(40, 100);
	for (size_t i = 0; global_options[i].name; i++)
		print_option_line(f, global_options[i].short_name, global_options[i].name,
				  global_options[i].arg, global_options[i].help, cols);
	print_option_line(f, 'h', "help", NULL, N_("show this help"), cols);
}

int print_cmd_help(const struct bilan_cmd *cmd, const struct bilan_subcmd *sub)
{
	size_t cols = term_width(40, 100);
	FILE *f = stdout;
	fprintf(f, "%s\n\n", _(sub ? sub->summary : cmd->summary));
	print_usage_lines(f, cmd, sub ? sub->name : NULL, cols);
	if (cmd->subs && !sub) {
		fprintf(f, "\n%s\n", _("Sub-commands:"));
		for (size_t i = 0; cmd->subs[i].name; i++) {
			size_t nw = bilan_text_width(cmd->subs[i].name);
			char *pre = bilan_xasprintf("  %s%*s ", cmd->subs[i].name,
						    nw < 10 ? (int)(10 - nw) : 0, "");
			print_hanging(f, pre, _(cmd->subs[i].summary), cols);
			free(pre);
		}
		fputc('\n', f);
		/* through a variable: under the sanitizers gcc takes gettext's
		 * result for a possible NULL format (-Wformat-overflow) */
		const char *lists = _("'bilan %s SUB-COMMAND -h' lists the options of one.");
		fprintf(f, lists ? lists : "%s", cmd->name);
		fputc('\n', f);
	} else {
		print_options(f, sub ? sub->opts : cmd->opts, cols);
	}
	fputc('\n', f);
	const char *see = _("See 'man bilan-%s' for the details.");
	fprintf(f, see ? see : "%s", cmd->name);
	fputc('\n', f);
	return EXIT_DONE;
}

/* ------------------------------------------------------------------ */
/* bilan help X */

static bool man_page_installed(const char *page)
{
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		execlp("man", "man", "-w", page, (char *)NULL);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int help_command(const struct bilan_cmd *cmd, const char *sub)
{
	const struct bilan_subcmd *s = NULL;
	if (sub && cmd->subs)
		s = sub_of(cmd, NULL, sub);
	if (stdout_is_tty()) {
		char *page = bilan_xasprintf("bilan-%s", cmd->name);
		if (man_page_installed(page)) {
			fflush(stdout);
			execlp("man", "man", page, (char *)NULL);
		}
		free(page);
	}
	return print_cmd_help(cmd, s);
}

/* ------------------------------------------------------------------ */
/* Completion: bilan __complete WORDS...  (the words after "bilan", the
 * last one being completed, maybe empty).  Prints one candidate a line;
 * "::files" or "::dirs" asks the shell for its own completion.  Reads
 * folder listings only: never the repository. */

struct comp {
	const char *cur;
	const char *prefix;     /* printed before each candidate ("--color=") */
	char *root;             /* the workspace, or NULL */
	const char *dir_opt;
	bool describe;          /* --describe: "word<TAB>description" (zsh) */
};

static void cand(struct comp *c, const char *w, size_t len)
{
	size_t cl = strlen(c->cur) - strlen(c->prefix);
	const char *cur = c->cur + strlen(c->prefix);
	if (len < cl || strncmp(w, cur, cl))
		return;
	/* a file name with blanks, control characters or escape sequences is
	 * no id or slug bilan made: never handed to the shell */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)w[i] <= ' ' || w[i] == 0x7f)
			return;
	printf("%s%.*s\n", c->prefix, (int)len, w);
}

static void cand_s(struct comp *c, const char *w)
{
	cand(c, w, strlen(w));
}

/* a candidate with its description (N_() text), in --describe mode */
static void cand_d(struct comp *c, const char *w, const char *desc)
{
	if (!c->describe || !desc) {
		cand_s(c, w);
		return;
	}
	size_t cl = strlen(c->cur) - strlen(c->prefix);
	if (strncmp(w, c->cur + strlen(c->prefix), cl))
		return;
	printf("%s%s\t%s\n", c->prefix, w, _(desc));
}

/* Can a folder of journal/YYYY/MM/ (level 2: YYYY, 1: MM) hold ids that
 * begin with what is typed?  Ids begin with YYYYMM. */
static bool shard_may_match(const struct comp *c, const char *name, int depth)
{
	const char *typed = c->cur + strlen(c->prefix);
	size_t off = depth == 2 ? 0 : 4, len = depth == 2 ? 4 : 2;
	size_t tl = strlen(typed);
	if (tl <= off)
		return true;
	size_t n = tl - off < len ? tl - off : len;
	return strncmp(typed + off, name, n) == 0;
}

/* the basenames of dir's *.yaml (recursing depth levels below, through
 * the journal's YYYY/MM shards) */
static void yaml_names(struct comp *c, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *n = de->d_name;
		if (n[0] == '.')
			continue;
		if (depth > 0) {
			if (!shard_may_match(c, n, depth))
				continue;
			char *sub = bilan_xasprintf("%s/%s", dir, n);
			yaml_names(c, sub, depth - 1);
			free(sub);
			continue;
		}
		size_t len = strlen(n);
		if (len > 5 && !strcmp(n + len - 5, ".yaml"))
			cand(c, n, len - 5);
	}
	closedir(d);
}

static void ws_names(struct comp *c, const char *rel, int depth)
{
	if (!c->root) {
		struct bilan_error err = BILAN_ERROR_INIT;
		char *root = NULL;
		if (bilan_ws_find(&root, c->dir_opt, &err) < 0)
			return;
		c->root = root;   /* freed at exit of __complete */
	}
	char *dir = bilan_xasprintf("%s/%s", c->root, rel);
	yaml_names(c, dir, depth);
	free(dir);
}

static void data_names(struct comp *c, const char *rel)
{
	char *dir = bilan_data_path(rel);
	yaml_names(c, dir, 0);
	free(dir);
}

static void rome_codes(struct comp *c)
{
	struct bilan_rome *r = NULL;
	if (bilan_rome_open(&r, NULL, NULL) < 0)
		return;
	size_t n = bilan_rome_count(r);
	for (size_t i = 0; i < n; i++) {
		struct bilan_rome_fiche fi;
		bilan_rome_get(&fi, r, i);
		cand_s(c, fi.code);
	}
	bilan_rome_free(r);
}

static void complete_values(struct comp *c, const char *spec,
			    const struct bilan_cmd *const *commands)
{
	if (!spec)
		return;
	if (spec[0] != '@') {
		const char *p = spec;
		while (*p) {
			size_t len = strcspn(p, " ");
			if (len)
				cand(c, p, len);
			p += len;
			p += strspn(p, " ");
		}
		return;
	}
	if (!strcmp(spec, "@file"))
		puts("::files");
	else if (!strcmp(spec, "@dir"))
		puts("::dirs");
	else if (!strcmp(spec, "@journal")) {
		ws_names(c, "journal", 2);
		ws_names(c, "private/journal", 2);
	} else if (!strcmp(spec, "@piste"))
		ws_names(c, "pistes", 0);
	else if (!strcmp(spec, "@enquete"))
		ws_names(c, "enquetes", 0);
	else if (!strcmp(spec, "@todo"))
		ws_names(c, "todo", 0);
	else if (!strcmp(spec, "@seance"))
		ws_names(c, "seances", 0);
	else if (!strcmp(spec, "@test"))
		data_names(c, "questionnaires");
	else if (!strcmp(spec, "@guide"))
		data_names(c, "guides");
	else if (!strcmp(spec, "@rome"))
		rome_codes(c);
	else if (!strcmp(spec, "@command"))
		for (size_t i = 0; commands[i]; i++)
			if (!(commands[i]->flags & CMD_HIDDEN))
				cand_d(c, commands[i]->name, commands[i]->summary);
}

static const struct bilan_cmd *find_cmd(const struct bilan_cmd *const *commands,
					const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

static const char *const global_values_color = "auto always never";

int complete_main(int argc, char **argv, const struct bilan_cmd *const *commands,
		  const char *dir_opt)
{
	/* argv[0] is "__complete", then maybe --describe */
	bool describe = argc > 1 && !strcmp(argv[1], "--describe");
	int n = argc - 1 - describe;
	char **w = argv + 1 + describe;
	struct comp c = { .cur = n > 0 ? w[n - 1] : "", .prefix = "", .dir_opt = dir_opt,
			  .describe = describe };
	static char empty[1];
	static char *no_words[] = { empty, NULL };
	if (n <= 0) {
		n = 1;
		w = no_words;
	}
	int i = 0;
	const char *vals = NULL;
	bool want_vals = false;
	for (; i < n - 1; i++) {
		const char *a = w[i];
		if (!strcmp(a, "-C")) {
			if (i + 1 < n - 1)
				c.dir_opt = w[++i];
			else
				vals = "@dir", want_vals = true;
		} else if (!strncmp(a, "-C", 2)) {
			c.dir_opt = a + 2;
		} else if (!strcmp(a, "--color")) {
			if (i + 1 < n - 1) {
				const char *v = w[i + 1];
				if (!strcmp(v, "auto") || !strcmp(v, "always") || !strcmp(v, "never"))
					i++;
			} else {
				vals = global_values_color, want_vals = true;
			}
		} else if (a[0] != '-') {
			break;
		}
	}
	if (i >= n - 1) {
		if (want_vals) {
			complete_values(&c, vals, commands);
		} else if (!strncmp(c.cur, "--color=", 8)) {
			c.prefix = "--color=";
			complete_values(&c, global_values_color, commands);
		} else if (c.cur[0] == '-') {
			for (size_t k = 0; global_options[k].name; k++) {
				const struct cmd_option *o = &global_options[k];
				char *w1 = *o->name ? bilan_xasprintf("--%s", o->name)
						    : bilan_xasprintf("-%c", o->short_name);
				cand_d(&c, w1, o->help);
				free(w1);
				if (*o->name && o->arg) {
					char *w2 = bilan_xasprintf("--%s=", o->name);
					cand_s(&c, w2);
					free(w2);
				}
			}
			cand_d(&c, "--help", N_("show this help"));
		} else {
			complete_values(&c, "@command", commands);
		}
		goto out;
	}
	const struct bilan_cmd *cmd = find_cmd(commands, w[i++]);
	if (!cmd)
		goto out;
	if (!strcmp(cmd->name, "help") && i < n - 1) {
		/* bilan help COMMAND SUB-COMMAND */
		const struct bilan_cmd *of = find_cmd(commands, w[i]);
		if (of && of->subs && i + 1 == n - 1)
			for (size_t k = 0; of->subs[k].name; k++)
				cand_d(&c, of->subs[k].name, of->subs[k].summary);
		goto out;
	}
	const struct cmd_option *opts = cmd->opts;
	const char *operands = cmd->operands;
	if (cmd->subs) {
		const struct bilan_subcmd *sub = NULL;
		const struct bilan_subcmd *def =
			cmd->default_sub ? sub_of(cmd, NULL, cmd->default_sub) : NULL;
		if (i < n - 1 && w[i][0] == '-' && strcmp(w[i], "--")) {
			/* bilan journal --kind ...: the default sub-command */
			sub = def;
		} else if (i < n - 1) {
			if (!strcmp(w[i], "help") && i + 1 == n - 1) {
				for (size_t k = 0; cmd->subs[k].name; k++)
					cand_d(&c, cmd->subs[k].name, cmd->subs[k].summary);
				goto out;
			}
			sub = sub_of(cmd, NULL, w[i++]);
		}
		if (!sub && i < n - 1)
			goto out;
		if (!sub) {
			/* the sub-command itself, or the default one's options */
			if (c.cur[0] == '-') {
				cand_s(&c, "--help");
				for (size_t k = 0; def && def->opts && def->opts[k].name; k++) {
					char *o = bilan_xasprintf("--%s", def->opts[k].name);
					cand_d(&c, o, def->opts[k].help);
					free(o);
				}
			} else {
				for (size_t k = 0; cmd->subs[k].name; k++)
					cand_d(&c, cmd->subs[k].name, cmd->subs[k].summary);
			}
			goto out;
		}
		opts = sub->opts;
		operands = sub->operands;
	}
	/* is the current word an option's value? */
	bool dashdash = false;
	for (int k = i; k < n - 1; k++)
		if (!strcmp(w[k], "--"))
			dashdash = true;
	if (!dashdash && n - 2 >= i) {
		const char *prev = w[n - 2];
		const struct cmd_option *o = NULL;
		bool amb;
		if (prev[0] == '-' && prev[1] == '-' && !strchr(prev, '='))
			o = find_long(opts, prev + 2, strlen(prev + 2), &amb);
		else if (prev[0] == '-' && prev[1] && prev[1] != '-')
			/* "-qk": k takes the next word; "-kx": x is k's value */
			for (const char *k = prev + 1; *k; k++) {
				o = find_short(opts, (unsigned char)*k);
				if (!o || (o->arg && k[1])) {
					o = NULL;
					break;
				}
			}
		if (o && o->arg) {
			complete_values(&c, o->complete, commands);
			goto out;
		}
	}
	if (!dashdash && c.cur[0] == '-') {
		const char *eq = strchr(c.cur, '=');
		if (c.cur[1] == '-' && eq) {
			bool amb;
			const struct cmd_option *o =
				find_long(opts, c.cur + 2, (size_t)(eq - c.cur - 2), &amb);
			if (o && o->arg) {
				char *pre = bilan_xstrndup(c.cur, (size_t)(eq - c.cur) + 1);
				c.prefix = pre;
				complete_values(&c, o->complete, commands);
				free(pre);
			}
			goto out;
		}
		for (size_t k = 0; opts && opts[k].name; k++) {
			char *s = bilan_xasprintf("--%s", opts[k].name);
			cand_d(&c, s, opts[k].help);
			free(s);
		}
		cand_d(&c, "--help", N_("show this help"));
		goto out;
	}
	complete_values(&c, operands, commands);
out:
	free(c.root);
	return EXIT_DONE;
}

/* bilan __options: a line per command and sub-command ("journal add"),
 * then one per option of it: the command, a tab, --NAME, a tab, -X or
 * nothing, a tab, ARG or nothing.  With a COMMAND, its lines only. */
static void options_lines(const char *path, const struct cmd_option *opts)
{
	printf("%s\n", path);
	for (size_t k = 0; opts && opts[k].name; k++) {
		printf("%s\t--%s\t", path, opts[k].name);
		if (opts[k].short_name)
			printf("-%c", opts[k].short_name);
		printf("\t%s\n", opts[k].arg ? opts[k].arg : "");
	}
}

int options_main(int argc, char **argv, const struct bilan_cmd *const *commands)
{
	for (size_t i = 0; commands[i]; i++) {
		const struct bilan_cmd *cmd = commands[i];
		if (argc > 1 && strcmp(argv[1], cmd->name))
			continue;
		if (!cmd->subs) {
			options_lines(cmd->name, cmd->opts);
			continue;
		}
		for (size_t k = 0; cmd->subs[k].name; k++) {
			char *p = bilan_xasprintf("%s %s", cmd->name, cmd->subs[k].name);
			options_lines(p, cmd->subs[k].opts);
			free(p);
		}
	}
	return EXIT_DONE;
}
