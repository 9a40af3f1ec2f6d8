/* journal.c - bilan journal: the journal de bord (add, list, show, edit, rm,
 * close, time).  The entries themselves are lib/journal.c's business. */
#include "common.h"
#include "labels.h"
#include "table.h"
#include "clock.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fs.h"
#include "journal.h"
#include "piste.h"
#include "schema.h"
#include "text.h"
#include "vcs.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

/* ------------------------------------------------------------------ */
/* helpers */

/* oc(code) decided once: use_color() asks isatty(), a system call,
 * and list prints thousands of lines with several colours each.  Decided at
 * the first use, i.e. after pager_start(). */
static const char *oc(const char *code)
{
	static int on = -1;
	if (on < 0)
		on = use_color(stdout);
	return on ? code : "";
}

/* Print err and return the exit status; a value that came from the person
 * (code EUSAGE) gives exit 2. */
static int report(struct bilan_error *err)
{
	return print_error(err);
}

static int bad_kind(const char *typed)
{
	return bad_value("--kind", typed, bilan_entry_kind_names);
}

/* "journal: add reflexion entry"; private records never name anything. */
static char *commit_message(const char *verb, const struct bilan_entry *e)
{
	if (e->is_private)
		return bilan_xasprintf("journal: %s private entry", verb);
	return bilan_xasprintf("journal: %s %s entry", verb, bilan_entry_kind_name(e->kind));
}

static void short_id(char *out, size_t size, const char *id, size_t len)
{
	snprintf(out, size, "%.*s", (int)len, id);
}

/* A private temporary file in the repository's directory (never in the
 * working tree, never versioned), 0600.  Caller frees the path. */
static int make_temp(char **out, const struct bilan_ws *ws, const char *stem,
		     const char *suffix, const char *content, struct bilan_error *err)
{
	const char *dir = bilan_fs_is_dir(ws->gitdir) ? ws->gitdir : NULL;
	if (!dir) {
		dir = cmd_env.tmpdir;
		if (!dir || !*dir)
			dir = "/tmp";
	}
	char *path = bilan_xasprintf("%s/%s-XXXXXX%s", dir, stem, suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0) {
		int e = errno;
		free(path);
		return bilan_error_set_errno(err, BILAN_EFAIL, e, _("cannot create a temporary file"));
	}
	fchmod(fd, 0600);
	size_t len = strlen(content), done = 0;
	while (done < len) {
		ssize_t w = write(fd, content + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = errno;
			close(fd);
			unlink(path);
			free(path);
			return bilan_error_set_errno(err, BILAN_EFAIL, e,
						     _("cannot write a temporary file"));
		}
		done += (size_t)w;
	}
	if (close(fd) < 0) {
		int e = errno;
		unlink(path);
		free(path);
		return bilan_error_set_errno(err, BILAN_EFAIL, e, _("cannot write a temporary file"));
	}
	*out = path;
	return 0;
}

static void kept_at(const char *path)
{
	print_prefix(stderr, PFX_HINT);
	fprintf(stderr, _("what you typed is kept in %s"), path);
	fputc('\n', stderr);
}

/* Parse --since/--until: a day gives its start (or its end with end_of_day),
 * a time is taken as is. */
static int parse_bound(int64_t *out, const char *typed, bool end_of_day,
		       struct bilan_error *err)
{
	struct bilan_time t;
	struct bilan_date_opts day = BILAN_DATE_OPTS_DAY;
	struct bilan_date_opts any = BILAN_DATE_OPTS_ANY;
	if (bilan_date_parse(&t, typed, &day, NULL) == 0) {
		int64_t s = bilan_day_start(t.t);
		*out = end_of_day ? bilan_day_start(s + 36 * 3600) - 1 : s;
		return 0;
	}
	int rc = bilan_date_parse(&t, typed, &any, err);
	if (rc == 0)
		*out = t.t;
	return rc;
}

/* Resolve a typed piste: through lib/piste.h when the workspace has pistes,
 * else its slug as typed.  Usage errors exit 2. */
static int resolve_piste(char **out, const struct bilan_ws *ws, const char *typed,
			 struct bilan_error *err)
{
	*out = NULL;
	char *dir = bilan_ws_path(ws, BILAN_PISTE_DIR);
	bool has = bilan_fs_is_dir(dir);
	free(dir);
	if (!has) {
		char slug[BILAN_SLUG_MAX + 1];
		bilan_slugify(slug, typed);
		*out = bilan_xstrdup(slug);
		return 0;
	}
	struct bilan_pistes l = BILAN_PISTES_INIT;
	struct bilan_diags diags = BILAN_DIAGS_INIT;
	int rc = bilan_pistes_load(&l, ws, &diags, err);
	if (rc == 0) {
		struct bilan_piste *p = NULL;
		rc = bilan_piste_find(&p, &l, typed, err);
		if (rc == 0)
			*out = bilan_xstrdup(p->rec.name);
		else if (err)
			err->code = BILAN_EUSAGE;
		if (rc < 0)
			rc = BILAN_EUSAGE;
	}
	bilan_pistes_clear(&l);
	bilan_diags_clear(&diags);
	return rc;
}

static int parse_rome(char **out, const char *typed, struct bilan_error *err)
{
	char code[8];
	size_t n = strlen(typed);
	if (n != 5)
		goto bad;
	for (size_t i = 0; i < n; i++)
		code[i] = (char)(typed[i] >= 'a' && typed[i] <= 'z' ? typed[i] - 32 : typed[i]);
	code[n] = '\0';
	if (code[0] < 'A' || code[0] > 'N' || strspn(code + 1, "0123456789") != 4)
		goto bad;
	*out = bilan_xstrdup(code);
	return 0;
bad:
	return bilan_error_set(err, BILAN_EUSAGE,
			       _("invalid ROME code '%s' (a letter and four digits, e.g. M1805)"),
			       typed);
}

/* "2026-11-23": the local calendar day of t. */
static void local_day(char *buf, size_t size, int64_t t)
{
	struct bilan_time bt = { t, 0, true };
	struct tm tm;
	bilan_time_local(&bt, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

static bool utf8_terminal(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

/* ------------------------------------------------------------------ */
/* add */

/* The editor template: a title line, the body (a guide's questions), and
 * instructions as "# " lines. */
static char *add_template(const struct bilan_entry *e, const struct bilan_guide *g,
			  const char *title)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	char when[64];
	lbl_date_short(when, sizeof(when), &e->date);
	bilan_buf_printf(&b, "%s\n\n", title ? title : (g ? g->title : ""));
	if (g) {
		for (size_t i = 0; i < g->nsections; i++) {
			bilan_buf_printf(&b, "## %s\n\n", g->sections[i].title);
			for (size_t k = 0; k < g->sections[i].questions.n; k++)
				bilan_buf_printf(&b, "### %s\n\n\n", g->sections[i].questions.v[k]);
		}
	}
	bilan_buf_printf(&b, "# %s\n", _("Write the title on the first line, then your text below it (Markdown)."));
	bilan_buf_printf(&b, "# %s\n", _("Lines that start with '# ' are instructions and are dropped;"));
	bilan_buf_printf(&b, "# %s\n", _("write headings with '##'.  #word in the text adds a tag."));
	bilan_buf_printf(&b, "# %s\n", _("An empty or unchanged entry is not saved."));
	bilan_buf_printf(&b, "# %s: %s · %s: %s", _("kind"), lbl_kind(e->kind),
			 _("date"), when);
	if (e->duration) {
		char d[16];
		bilan_duration_human(d, sizeof(d), e->duration, bilan_i18n_is_french());
		bilan_buf_printf(&b, " · %s: %s", _("duration"), d);
	}
	if (e->is_private)
		bilan_buf_printf(&b, " · %s", _("private"));
	bilan_buf_puts(&b, "\n");
	if (g && g->description) {
		bilan_buf_puts(&b, "#\n");
		struct bilan_buf w = BILAN_BUF_INIT;
		bilan_text_wrap(&w, g->description, 72, "# ");
		bilan_buf_puts(&b, bilan_buf_cstr(&w));
		if (w.len && w.ptr[w.len - 1] != '\n')
			bilan_buf_putc(&b, '\n');
		bilan_buf_clear(&w);
	}
	return bilan_buf_detach(&b);
}

/* Where the text of an entry comes from. */
enum source { SRC_ARGS, SRC_STDIN, SRC_EDITOR };

static enum source pick_source(int nargs, bool dash, bool edit)
{
	if (edit)
		return SRC_EDITOR;
	if (dash)
		return SRC_STDIN;
	if (nargs)
		return SRC_ARGS;
	/* A pipe, a file or a socket on stdin is the text.  A terminal, or a
	 * character device such as /dev/null (cron, `</dev/null`), is no
	 * input at all: the editor opens. */
	struct stat st;
	if (!stdin_is_tty() && fstat(STDIN_FILENO, &st) == 0 && !S_ISCHR(st.st_mode))
		return SRC_STDIN;
	return SRC_EDITOR;
}

/* Run the editor on a template; e gets the title and body typed (lib/).
 * *kept gets the temporary file's path (the caller removes it once the
 * entry is committed, or names it on failure).  BILAN_ECANCELLED for an
 * empty or unchanged entry (the file is removed then). */
static int add_with_editor(struct bilan_ctx *ctx, struct bilan_entry *e,
			   const struct bilan_guide *g, const char *title_opt,
			   char **kept, struct bilan_error *err)
{
	*kept = NULL;
	char *tmpl = add_template(e, g, title_opt);
	char *path = NULL;
	int rc = make_temp(&path, ctx->ws, "BILAN_JOURNAL", ".md", tmpl, err);
	if (rc < 0) {
		free(tmpl);
		return rc;
	}
	*kept = path;
	rc = run_editor(path, err);
	if (rc < 0) {
		free(tmpl);
		bilan_error_hint(err, _("nothing was written"));
		return rc;
	}
	struct bilan_buf typed = BILAN_BUF_INIT;
	rc = bilan_fs_read(&typed, path, 2 * BILAN_JOURNAL_MAX_TEXT, err);
	if (rc == 0)
		rc = bilan_entry_set_edited(e, tmpl, bilan_buf_cstr(&typed), typed.len, err);
	if (rc == BILAN_ECANCELLED) {
		unlink(path);
		free(path);
		*kept = NULL;
	}
	free(tmpl);
	bilan_buf_clear(&typed);
	return rc;
}

static const struct cmd_option run_add_opts[] = {
	{ "title", 't', 't', N_("TITLE"),
	  N_("the title, one line"), NULL },
	{ "date", 'd', 'd', N_("WHEN"),
	  N_("when the work was done (default: now)"), NULL },
	{ "duration", 0, 'D', N_("DURATION"),
	  N_("the time spent, such as 1h30"), NULL },
	{ "kind", 'k', 'k', N_("KIND"),
	  N_("the kind of entry (default: note)"), "note reflexion recherche enquete test question blocage seance retour" },
	{ "guide", 'g', 'g', N_("NAME"),
	  N_("answer the questions of a guide"), "@guide" },
	{ "tag", 0, 'T', N_("TAG"),
	  N_("a tag (repeatable)"), NULL },
	{ "piste", 'p', 'p', N_("SLUG"),
	  N_("link the entry to a piste"), "@piste" },
	{ "rome", 0, 'R', N_("CODE"),
	  N_("a ROME job sheet code, such as M1805"), "@rome" },
	{ "private", 0, 'P', NULL,
	  N_("keep it under private/, never shared"), NULL },
	{ "shared", 0, 'S', NULL,
	  N_("store an entry of a private guide where it is shared"), NULL },
	{ "edit", 'e', 'e', NULL,
	  N_("open the editor even with text on standard input"), NULL },
	{ "quiet", 'q', 'q', NULL,
	  N_("print nothing when all went well"), NULL },
	{ "json", 0, 'j', NULL,
	  N_("print what was added as JSON, with its full id"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int run_add(int argc, char **argv, struct bilan_ctx *ctx)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_entry *e = bilan_entry_new();
	struct bilan_guide *guide = NULL;
	const char *title_opt = NULL, *kind_opt = NULL, *guide_opt = NULL, *piste_opt = NULL;
	char *kept = NULL;
	bool edit = false, quiet = false, has_date = false, shared = false, json = false;
	struct bilan_buf text = BILAN_BUF_INIT;
	int rc = EXIT_DONE, c;

	while ((c = cmd_opt_next(&cmd_journal, run_add_opts, argc, argv)) != -1) {
		switch (c) {
		case CMD_OPT_HELP: rc = EXIT_DONE; goto out;
		case CMD_OPT_BAD: rc = EXIT_USAGE; goto out;
		case 't': title_opt = optarg; break;
		case 'd': {
			struct bilan_date_opts o = BILAN_DATE_OPTS_PAST;
			if (bilan_date_parse(&e->date, optarg, &o, &err) < 0) {
				rc = report(&err);
				goto out;
			}
			e->date.has_time = true;
			has_date = true;
			break;
		}
		case 'D':
			if (bilan_duration_parse(&e->duration, optarg, BILAN_JOURNAL_MAX_DURATION,
						 &err) < 0) {
				rc = report(&err);
				goto out;
			}
			break;
		case 'k': kind_opt = optarg; break;
		case 'g': guide_opt = optarg; break;
		case 'T':
			if (bilan_entry_add_tag(e, optarg, &err) < 0) {
				rc = report(&err);
				goto out;
			}
			break;
		case 'p': piste_opt = optarg; break;
		case 'R':
			free(e->rome);
			e->rome = NULL;
			if (parse_rome(&e->rome, optarg, &err) < 0) {
				rc = report(&err);
				goto out;
			}
			break;
		case 'P': e->is_private = true; shared = false; break;
		case 'S': shared = true; e->is_private = false; break;
		case 'e': edit = true; break;
		case 'q': quiet = true; break;
		case 'j': json = true; break;
		default: rc = EXIT_USAGE; goto out;
		}
	}
	if (kind_opt && bilan_entry_kind_parse(&e->kind, lbl_alias(kind_opt)) < 0) {
		rc = bad_kind(kind_opt);
		goto out;
	}
	if (guide_opt) {
		if (kind_opt && e->kind != BILAN_KIND_REFLEXION) {
			rc = usage_error(&cmd_journal, _("a guided reflection is of kind 'reflexion', not '%s'"),
					 kind_opt);
			goto out;
		}
		if (bilan_guide_load(&guide, ctx->ws, guide_opt, &err) < 0) {
			if (err.code == BILAN_ENOTFOUND)
				err.code = BILAN_EUSAGE;
			rc = report(&err);
			goto out;
		}
		bilan_entry_use_guide(e, guide, guide_opt, shared);
	}
	if (piste_opt && resolve_piste(&e->piste, ctx->ws, piste_opt, &err) < 0) {
		rc = report(&err);
		goto out;
	}
	if (title_opt && bilan_entry_check_title(title_opt, &err) < 0) {
		rc = report(&err);
		goto out;
	}
	if (!has_date) {
		e->date = bilan_time_now();
		e->date.has_time = true;
	}

	int nargs = argc - optind;
	bool dash = nargs == 1 && !strcmp(argv[optind], "-");
	for (int i = optind; i < argc && !dash; i++)
		if (!strcmp(argv[i], "-")) {
			rc = usage_error(&cmd_journal, _("'-' (read the text from standard input) must be alone"));
			goto out;
		}
	if (edit && nargs) {
		rc = usage_error(&cmd_journal, _("--edit takes no text"));
		goto out;
	}
	enum source src = pick_source(nargs, dash, edit);
	if (src == SRC_ARGS) {
		for (int i = optind; i < argc; i++)
			bilan_buf_printf(&text, "%s%s", i > optind ? " " : "", argv[i]);
		if (text.len > BILAN_JOURNAL_MAX_TEXT) {
			bilan_error_set(&err, BILAN_ETOOBIG, _("the text is too long (at most %u bytes)"),
					BILAN_JOURNAL_MAX_TEXT);
			rc = report(&err);
			goto out;
		}
	} else if (src == SRC_STDIN) {
		if (bilan_fs_read_fd(&text, STDIN_FILENO, BILAN_JOURNAL_MAX_TEXT, &err) < 0) {
			if (err.code == BILAN_ETOOBIG)
				bilan_error_hint(&err, _("an entry holds at most 1 MiB of text; nothing was written"));
			rc = report(&err);
			goto out;
		}
	}
	if (src != SRC_EDITOR) {
		/* lib/ makes the title and the body from the text */
		if (bilan_entry_set_text(e, bilan_buf_cstr(&text), text.len, title_opt, &err) < 0) {
			rc = report(&err);
			goto out;
		}
	} else {
		if (add_with_editor(ctx, e, guide, title_opt, &kept, &err) < 0) {
			rc = report(&err);
			if (kept)
				kept_at(kept);
			goto out;
		}
	}

	int r = bilan_ws_begin(ctx->ws, "journal add", &err);
	if (r == 0)
		r = bilan_journal_write(ctx->ws, e, &err);
	char *msg = commit_message("add", e);
	rc = finish_txn(ctx->ws, r, msg, &err);
	free(msg);
	if (rc != EXIT_DONE) {
		if (kept)
			kept_at(kept);
		goto out;
	}
	if (kept)
		unlink(kept);
	if (json) {
		char iso[BILAN_TIME_ISO_MAX];
		bilan_time_format_iso(iso, &e->date);
		rc = print_added_json(e->id, e->path ? e->path : "", json_pack("{s:s, s:s, s:b}",
			"kind", bilan_entry_kind_name(e->kind), "date", iso, "private", e->is_private));
	} else if (!quiet) {
		char sid[BILAN_ID_SIZE], when[64];
		short_id(sid, sizeof(sid), e->id, bilan_journal_id_short_len(ctx->ws, e->id));
		lbl_date_short(when, sizeof(when), &e->date);
		printf(_("added %s (%s, %s)"), sid, lbl_kind(e->kind), when);
		if (e->is_private)
			printf(" [%s]", _("private"));
		printf("\n");
	}
out:
	bilan_buf_clear(&text);
	bilan_guide_free(guide);
	bilan_entry_free(e);
	free(kept);
	return rc;
}

/* ------------------------------------------------------------------ */
/* list and show */

static json_t *entry_json(const struct bilan_entry *e, const struct bilan_journal *j,
			  bool with_body)
{
	char iso[BILAN_TIME_ISO_MAX], dur[16];
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(e->id));
	if (j) {
		char sid[BILAN_ID_SIZE];
		short_id(sid, sizeof(sid), e->id, bilan_journal_short_len(j, e->id));
		json_object_set_new(o, "short_id", json_string(sid));
	}
	json_object_set_new(o, "path", json_str_or_null(e->path));
	bilan_time_format_iso(iso, &e->date);
	json_object_set_new(o, "date", json_string(iso));
	json_object_set_new(o, "kind", json_string(bilan_entry_kind_name(e->kind)));
	json_object_set_new(o, "title", json_string(e->title ? e->title : ""));
	if (e->duration) {
		bilan_duration_format(dur, sizeof(dur), e->duration);
		json_object_set_new(o, "duration", json_string(dur));
	} else {
		json_object_set_new(o, "duration", json_null());
	}
	json_object_set_new(o, "duration_minutes", json_integer(e->duration));
	json_t *tags = json_array();
	for (size_t i = 0; i < e->tags.n; i++)
		json_array_append_new(tags, json_string(e->tags.v[i]));
	json_object_set_new(o, "tags", tags);
	json_object_set_new(o, "piste", json_str_or_null(e->piste));
	json_object_set_new(o, "rome", json_str_or_null(e->rome));
	json_object_set_new(o, "guide", json_str_or_null(e->guide));
	json_object_set_new(o, "status", e->status == BILAN_STATUS_NONE ? json_null()
				: json_string(bilan_entry_status_names[e->status - 1]));
	if (e->has_closed) {
		bilan_time_format_iso(iso, &e->closed);
		json_object_set_new(o, "closed", json_pack("{s:s, s:o}", "date", iso, "answer",
							   json_str_or_null(e->answer)));
	} else {
		json_object_set_new(o, "closed", json_null());
	}
	json_object_set_new(o, "private", json_boolean(e->is_private));
	if (with_body)
		json_object_set_new(o, "body", json_string(e->body ? e->body : ""));
	return o;
}

/* "2026-11-27 14:32" in the local zone, like bilan_time_format_short, with
 * the start of the day remembered: a list runs through thousands of entries
 * in date order, and localtime() for each costs more than all the rest. */
static void list_when(char *buf, size_t size, const struct bilan_time *t)
{
	static int64_t day = 1, next = 0;
	static char label[16];
	if (t->t < day || t->t >= next) {
		day = bilan_day_start(t->t);
		next = bilan_day_start(day + 36 * 3600);
		struct bilan_time d = { day, 0, true };
		bilan_time_format_day(label, sizeof(label), &d);
	}
	if (next - day != 86400) {   /* a day with a change of time */
		bilan_time_format_short(buf, size, t);
		return;
	}
	int64_t s = t->t - day;
	snprintf(buf, size, "%s %02d:%02d", label, (int)(s / 3600), (int)(s % 3600 / 60));
}

static void print_tags(FILE *f, const struct bilan_entry *e)
{
	/* the #hashtags of the title are visible already */
	struct bilan_strlist shown = BILAN_STRLIST_INIT;
	bilan_journal_hashtags(&shown, e->title);
	for (size_t i = 0; i < e->tags.n; i++) {
		bool dup = false;
		char *fo = bilan_text_fold(e->tags.v[i]);
		for (size_t k = 0; k < shown.n && !dup; k++) {
			char *g = bilan_text_fold(shown.v[k]);
			dup = !strcmp(fo, g);
			free(g);
		}
		free(fo);
		if (dup)
			continue;
		fprintf(f, " %s#", oc(C_DIM));
		print_text(f, e->tags.v[i]);
		fprintf(f, "%s", oc(C_RESET));
	}
	bilan_strlist_clear(&shown);
}

static void print_marks(FILE *f, const struct bilan_entry *e)
{
	if (e->status == BILAN_STATUS_OUVERTE)
		fprintf(f, " %s[%s]%s", oc(C_YELLOW), _("open"), oc(C_RESET));
	else if (e->status == BILAN_STATUS_REGLEE)
		fprintf(f, " %s[%s]%s", oc(C_GREEN), _("settled"), oc(C_RESET));
	if (e->is_private)
		fprintf(f, " %s[%s]%s", oc(C_DIM), _("private"), oc(C_RESET));
}

static int parse_kinds(unsigned *kinds, const char *typed)
{
	char *copy = bilan_xstrdup(typed);
	int rc = 0;
	for (char *save = NULL, *k = strtok_r(copy, ",", &save); k;
	     k = strtok_r(NULL, ",", &save)) {
		enum bilan_entry_kind kind;
		while (*k == ' ')
			k++;
		if (bilan_entry_kind_parse(&kind, lbl_alias(k)) < 0) {
			rc = bad_kind(k);
			break;
		}
		*kinds |= 1u << kind;
	}
	free(copy);
	return rc;
}

static const struct cmd_option run_list_opts[] = {
	{ "since", 0, 's', N_("WHEN"),
	  N_("from this date on"), NULL },
	{ "until", 0, 'u', N_("WHEN"),
	  N_("until this date"), NULL },
	{ "kind", 'k', 'k', N_("KIND"),
	  N_("only these kinds (comma-separated)"), "note reflexion recherche enquete test question blocage seance retour" },
	{ "tag", 0, 'T', N_("TAG"),
	  N_("only the entries with this tag"), NULL },
	{ "piste", 'p', 'p', N_("SLUG"),
	  N_("only the entries of this piste"), "@piste" },
	{ "rome", 0, 'R', N_("CODE"),
	  N_("only the entries about this ROME code"), "@rome" },
	{ "grep", 0, 'G', N_("TEXT"),
	  N_("only the entries containing TEXT"), NULL },
	{ "open", 0, 'o', NULL,
	  N_("only the questions and blockers not settled"), NULL },
	{ "no-private", 0, 'N', NULL,
	  N_("leave out the private entries"), NULL },
	{ "max-count", 'n', 'n', N_("N"),
	  N_("show at most N entries"), NULL },
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int run_list(int argc, char **argv, struct bilan_ctx *ctx)
{
	struct bilan_journal_filter f = BILAN_JOURNAL_FILTER_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_strlist tags = BILAN_STRLIST_INIT;
	char *piste = NULL, *rome = NULL;
	bool json = false;
	int rc = EXIT_DONE, c;

	while ((c = cmd_opt_next(&cmd_journal, run_list_opts, argc, argv)) != -1) {
		switch (c) {
		case CMD_OPT_HELP: rc = EXIT_DONE; goto out;
		case CMD_OPT_BAD: rc = EXIT_USAGE; goto out;
		case 's':
		case 'u':
			if (parse_bound(c == 's' ? &f.since : &f.until, optarg, c == 'u', &err) < 0) {
				rc = report(&err);
				goto out;
			}
			if (c == 's')
				f.has_since = true;
			else
				f.has_until = true;
			break;
		case 'k':
			if ((rc = parse_kinds(&f.kinds, optarg)) != 0)
				goto out;
			break;
		case 'T':
			bilan_strlist_add(&tags, optarg[0] == '#' ? optarg + 1 : optarg);
			break;
		case 'p':
			free(piste);
			if (resolve_piste(&piste, ctx->ws, optarg, &err) < 0) {
				rc = report(&err);
				goto out;
			}
			break;
		case 'R':
			free(rome);
			rome = NULL;
			if (parse_rome(&rome, optarg, &err) < 0) {
				rc = report(&err);
				goto out;
			}
			break;
		case 'G': f.grep = optarg; break;
		case 'o': f.open_only = true; break;
		case 'N': f.include_private = false; break;
		case 'n': {
			char *end = NULL;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (errno || !end || *end || v <= 0) {
				rc = usage_error(&cmd_journal, _("-n needs a positive number, not '%s'"),
						 optarg);
				goto out;
			}
			f.limit = (size_t)v;
			break;
		}
		case 'j': json = true; break;
		default: rc = EXIT_USAGE; goto out;
		}
	}
	if (optind < argc) {
		rc = usage_error(&cmd_journal, _("too many arguments"));
		goto out;
	}
	if (f.has_since && f.has_until && f.until < f.since) {
		rc = usage_error(&cmd_journal, _("--until is before --since"));
		goto out;
	}
	f.tags = (const char *const *)tags.v;
	f.ntags = tags.n;
	f.no_body = !json;   /* the lines show no body */
	f.piste = piste;
	f.rome = rome;
	if (cmd_env.journal_no_cache)
		f.no_cache = true;

	struct bilan_journal *j = NULL;
	if (bilan_journal_load(&j, ctx->ws, &f, &err) < 0) {
		rc = report(&err);
		goto out;
	}
	size_t errors = bilan_diags_count(&j->diags, BILAN_SEV_ERROR);
	if (json) {
		json_t *o = json_object();
		json_t *a = json_array();
		for (size_t i = j->n; i-- > 0;)
			json_array_append_new(a, entry_json(j->v[i], j, true));
		json_object_set_new(o, "entries", a);
		json_object_set_new(o, "problems", diags_json(&j->diags));
		rc = json_print(o);
	} else {
		if (j->n)
			pager_start();
		struct table *tb = table_new();
		table_right(tb, 2);
		for (size_t i = j->n; i-- > 0;) {
			const struct bilan_entry *e = j->v[i];
			char sid[BILAN_ID_SIZE], when[64], dur[16] = "";
			short_id(sid, sizeof(sid), e->id, bilan_journal_short_len(j, e->id));
			list_when(when, sizeof(when), &e->date);
			if (e->duration)
				bilan_duration_human(dur, sizeof(dur), e->duration, bilan_i18n_is_french());
			table_row(tb);
			table_cell_sgr(tb, oc(C_YELLOW), sid, oc(C_RESET));
			table_cell(tb, when);
			table_cell(tb, dur);
			table_cell_sgr(tb, oc(C_CYAN), lbl_kind(e->kind), oc(C_RESET));
			char *text = NULL;
			size_t len = 0;
			FILE *m = open_memstream(&text, &len);
			if (m) {
				print_text(m, e->title);
				print_tags(m, e);
				print_marks(m, e);
				fclose(m);
			}
			table_cell(tb, text);
			free(text);
		}
		table_print(tb, stdout);
		table_free(tb);
		if (!j->n && stdout_is_tty() && !errors)
			printf("%s\n", _("No entries."));
	}
	fflush(stdout);
	for (size_t i = 0; i < j->diags.n; i++)
		print_diag(&j->diags.v[i]);
	if (errors) {
		print_hint(
			_("fix the files above with 'bilan journal edit FILE', or by hand then 'bilan save'"));
		if (rc == EXIT_DONE)
			rc = EXIT_FAILED;
	}
	bilan_journal_free(j);
out:
	bilan_strlist_clear(&tags);
	free(piste);
	free(rome);
	return rc;
}

/* One ID argument after the options. */
static int one_id(int argc, char **argv, const char **out)
{
	if (optind >= argc)
		return usage_error(&cmd_journal, _("which entry? (give its id; 'bilan journal list' shows them)"));
	if (optind + 1 < argc)
		return usage_error(&cmd_journal, _("too many arguments"));
	*out = argv[optind];
	return 0;
}

static void show_field(const char *label, const char *value)
{
	if (!value || !*value)
		return;
	fputs(oc(C_DIM), stdout);
	print_padded(stdout, label, 11);
	fputs(oc(C_RESET), stdout);
	print_text(stdout, value);
	printf("\n");
}

static const struct cmd_option run_show_opts[] = {
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int run_show(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_journal, run_show_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	const char *typed = NULL;
	int rc = one_id(argc, argv, &typed);
	if (rc)
		return rc;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_entry *e = NULL;
	if (bilan_journal_find(&e, NULL, ctx->ws, typed, &err) < 0)
		return report(&err);
	if (json) {
		rc = json_print(entry_json(e, NULL, true));
		bilan_entry_free(e);
		return rc;
	}
	pager_start();
	char when[64], buf[256];
	printf("%s%s%s  ", oc(C_YELLOW), e->id, oc(C_RESET));
	print_text(stdout, e->path);
	printf("\n");
	lbl_date_short(when, sizeof(when), &e->date);
	show_field(_("Date:"), when);
	show_field(_("Kind:"), lbl_kind(e->kind));
	if (e->duration) {
		bilan_duration_human(buf, sizeof(buf), e->duration, bilan_i18n_is_french());
		show_field(_("Duration:"), buf);
	}
	if (e->tags.n) {
		struct bilan_buf t = BILAN_BUF_INIT;
		for (size_t i = 0; i < e->tags.n; i++)
			bilan_buf_printf(&t, "%s#%s", i ? " " : "", e->tags.v[i]);
		show_field(_("Tags:"), bilan_buf_cstr(&t));
		bilan_buf_clear(&t);
	}
	show_field(_("Piste:"), e->piste);
	show_field(_("ROME:"), e->rome);
	show_field(_("Guide:"), e->guide);
	if (e->status == BILAN_STATUS_OUVERTE)
		show_field(_("Status:"), _("open"));
	else if (e->status == BILAN_STATUS_REGLEE) {
		char day[64] = "";
		if (e->has_closed)
			lbl_date_short(day, sizeof(day), &e->closed);
		snprintf(buf, sizeof(buf), _("settled on %s"), day);
		show_field(_("Status:"), buf);
		show_field(_("Answer:"), e->answer);
	}
	if (e->is_private)
		show_field(_("Private:"), _("yes (never shared)"));
	printf("\n%s", oc(C_BOLD));
	print_text(stdout, e->title);
	printf("%s\n", oc(C_RESET));
	if (e->body && *e->body) {
		printf("\n");
		print_text(stdout, e->body);
		if (e->body[strlen(e->body) - 1] != '\n')
			printf("\n");
	}
	bilan_entry_free(e);
	return EXIT_DONE;
}

/* ------------------------------------------------------------------ */
/* edit */

/* Validate edited text as the entry file rel.  Problems are printed (with
 * the temporary file's name and position).  Returns 0 and *out, or -1. */
static int validate_edit(struct bilan_entry **out, const char *tmp, const char *rel,
			 const char *text, size_t len)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_doc *doc = NULL;
	*out = NULL;
	if (bilan_yaml_load_buffer(&doc, tmp, text, len, &err) < 0) {
		print_error(&err);
		return -1;
	}
	struct bilan_entry *e = NULL;
	int rc = bilan_entry_from_doc(&e, doc, rel, &err);
	if (rc == 0 && (rc = bilan_entry_check(e, &err)) < 0)
		bilan_error_set_at(&err, err.code, tmp, 0, 0, "%s", err.message);
	if (rc < 0) {
		print_error(&err);
		bilan_doc_free(doc);
		bilan_entry_free(e);
		return -1;
	}
	/* what bilan check says of the file, so that an edit never leaves a
	 * file that check refuses */
	const struct bilan_schema *schema = NULL;
	if (bilan_schema_get(&schema, "journal-entry", &err) == 0) {
		struct bilan_diags d = BILAN_DIAGS_INIT;
		size_t errors = bilan_schema_validate(schema, doc, &d);
		for (size_t i = 0; i < d.n; i++)
			print_diag(&d.v[i]);
		bilan_diags_clear(&d);
		if (errors) {
			bilan_doc_free(doc);
			bilan_entry_free(e);
			return -1;
		}
	}
	bilan_doc_free(doc);
	*out = e;
	return 0;
}

static const struct cmd_option run_edit_opts[] = {
	{ "quiet", 'q', 'q', NULL,
	  N_("print nothing when all went well"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int run_edit(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool quiet = false;
	int c;
	while ((c = cmd_opt_next(&cmd_journal, run_edit_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': quiet = true; break;
		default: return EXIT_USAGE;
		}
	}
	const char *typed = NULL;
	int rc = one_id(argc, argv, &typed);
	if (rc)
		return rc;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_entry *old = NULL, *e = NULL;
	char *rel = NULL, *tmp = NULL, *abs = NULL;
	struct bilan_buf orig = BILAN_BUF_INIT, typed_text = BILAN_BUF_INIT;
	int r = bilan_journal_find(&old, &rel, ctx->ws, typed, &err);
	if (r < 0 && !(r == BILAN_EINVALID && rel)) {
		rc = report(&err);
		goto out;
	}
	if (r < 0) {
		/* a broken file: say so, and open it to be fixed */
		print_error(&err);
		bilan_error_clear(&err);
	}
	abs = bilan_ws_path(ctx->ws, rel);
	if (bilan_fs_read(&orig, abs, BILAN_YAML_MAX_BYTES, &err) < 0 ||
	    make_temp(&tmp, ctx->ws, "BILAN_EDIT", ".yaml", bilan_buf_cstr(&orig), &err) < 0) {
		rc = report(&err);
		goto out;
	}
	for (;;) {
		if (run_editor(tmp, &err) < 0) {
			bilan_error_hint(&err, _("nothing was written"));
			rc = report(&err);
			kept_at(tmp);
			goto out;
		}
		if (bilan_fs_read(&typed_text, tmp, BILAN_YAML_MAX_BYTES, &err) < 0) {
			rc = report(&err);
			kept_at(tmp);
			goto out;
		}
		if (typed_text.len == orig.len &&
		    !memcmp(bilan_buf_cstr(&typed_text), bilan_buf_cstr(&orig), orig.len)) {
			if (!quiet)
				fprintf(stderr, "%s\n", _("No change."));
			unlink(tmp);
			rc = EXIT_DONE;
			goto out;
		}
		if (validate_edit(&e, tmp, rel, bilan_buf_cstr(&typed_text), typed_text.len) == 0)
			break;
		if (!stdin_is_tty() || !ask_yes_no(_("The entry is not valid. Open the editor again?"), true)) {
			fail(_("the entry was not changed"));
			kept_at(tmp);
			rc = EXIT_FAILED;
			goto out;
		}
	}
	char *new_rel = bilan_entry_rel_path(e);
	char *msg = commit_message("edit", e);
	/* Everything under the lock: the file is adopted as the person saw
	 * it in the editor (hand changes not yet saved included: they have
	 * just seen them and saved the result, as 'bilan save' would), then
	 * written, and for a new month the old file removed, in one commit;
	 * a failure or a kill before the commit puts the old text back (a
	 * kill between the write and the removal leaves two files with one
	 * id: 'bilan check' names them, 'bilan doctor --fix' keeps the new). */
	r = bilan_ws_begin(ctx->ws, "journal edit", &err);
	if (r == 0)
		r = bilan_ws_adopt(ctx->ws, rel, orig.ptr ? orig.ptr : "", orig.len, &err);
	if (r == 0)
		r = bilan_ws_write_raw(ctx->ws, new_rel, typed_text.ptr, typed_text.len, &err);
	if (r == 0 && strcmp(new_rel, rel) != 0)
		r = bilan_ws_remove(ctx->ws, rel, &err);
	rc = finish_txn(ctx->ws, r, msg, &err);
	free(msg);
	if (rc != EXIT_DONE) {
		kept_at(tmp);
	} else {
		unlink(tmp);
		if (!quiet) {
			char sid[BILAN_ID_SIZE];
			short_id(sid, sizeof(sid), e->id, bilan_journal_id_short_len(ctx->ws, e->id));
			if (strcmp(new_rel, rel))
				printf(_("updated %s (moved to %s)"), sid, new_rel);
			else
				printf(_("updated %s"), sid);
			printf("\n");
		}
	}
	free(new_rel);
out:
	bilan_entry_free(old);
	bilan_entry_free(e);
	bilan_buf_clear(&orig);
	bilan_buf_clear(&typed_text);
	free(rel);
	free(tmp);
	free(abs);
	return rc;
}

/* ------------------------------------------------------------------ */
/* rm and close */

static const struct cmd_option run_rm_opts[] = {
	{ "force", 'f', 'f', NULL,
	  N_("remove without asking"), NULL },
	{ "quiet", 'q', 'q', NULL,
	  N_("print nothing when all went well"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int run_rm(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool force = false, quiet = false;
	int c;
	while ((c = cmd_opt_next(&cmd_journal, run_rm_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'f': force = true; break;
		case 'q': quiet = true; break;
		default: return EXIT_USAGE;
		}
	}
	const char *typed = NULL;
	int rc = one_id(argc, argv, &typed);
	if (rc)
		return rc;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_entry *e = NULL;
	char *rel = NULL;
	int r = bilan_journal_find(&e, &rel, ctx->ws, typed, &err);
	if (r < 0 && !(r == BILAN_EINVALID && rel)) {
		free(rel);
		return report(&err);
	}
	bilan_error_clear(&err);
	const char *bn = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	char sid[BILAN_ID_SIZE];
	short_id(sid, sizeof(sid), bn, BILAN_JOURNAL_SHORT_ID);
	if (!force) {
		if (!stdin_is_tty()) {
			fail(_("not removing '%s' without a confirmation"), rel);
			print_hint(
				_("run it on a terminal, or add --force (the history keeps the entry)"));
			bilan_entry_free(e);
			free(rel);
			return EXIT_DECISION;
		}
		char *q = bilan_xasprintf(_("Remove the entry %s (%s)?"), sid,
					  e && e->title ? e->title : rel);
		struct bilan_buf clean = BILAN_BUF_INIT;
		sanitize_shown(&clean, q);
		bool yes = ask_yes_no(bilan_buf_cstr(&clean), false);
		bilan_buf_clear(&clean);
		free(q);
		if (!yes) {
			fprintf(stderr, "%s\n", _("Nothing removed."));
			bilan_entry_free(e);
			free(rel);
			return EXIT_FAILED;
		}
	}
	bool priv = !strncmp(rel, BILAN_JOURNAL_PRIVATE_DIR "/", strlen(BILAN_JOURNAL_PRIVATE_DIR) + 1);
	r = bilan_ws_begin(ctx->ws, "journal rm", &err);
	if (r == 0)
		r = bilan_ws_remove(ctx->ws, rel, &err);
	char *msg = priv || !e ? bilan_xstrdup(priv ? "journal: remove private entry"
						    : "journal: remove entry")
			       : commit_message("remove", e);
	rc = finish_txn(ctx->ws, r, msg, &err);
	free(msg);
	if (rc == EXIT_DONE && !quiet)
		printf(_("removed %s (the history keeps it)\n"), sid);
	bilan_entry_free(e);
	free(rel);
	return rc;
}

static const struct cmd_option run_close_opts[] = {
	{ "answer", 'a', 'a', N_("TEXT"),
	  N_("the answer found (- reads standard input)"), NULL },
	{ "date", 'd', 'd', N_("WHEN"),
	  N_("when it was settled (default: now)"), NULL },
	{ "quiet", 'q', 'q', NULL,
	  N_("print nothing when all went well"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int run_close(int argc, char **argv, struct bilan_ctx *ctx)
{
	const char *answer_opt = NULL;
	bool quiet = false;
	struct bilan_time when = bilan_time_now();
	struct bilan_error err = BILAN_ERROR_INIT;
	int c;
	while ((c = cmd_opt_next(&cmd_journal, run_close_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'a': answer_opt = optarg; break;
		case 'd': {
			struct bilan_date_opts o = BILAN_DATE_OPTS_PAST;
			if (bilan_date_parse(&when, optarg, &o, &err) < 0)
				return report(&err);
			break;
		}
		case 'q': quiet = true; break;
		default: return EXIT_USAGE;
		}
	}
	when.has_time = true;
	const char *typed = NULL;
	int rc = one_id(argc, argv, &typed);
	if (rc)
		return rc;
	struct bilan_buf answer = BILAN_BUF_INIT;
	if (answer_opt && !strcmp(answer_opt, "-")) {
		if (bilan_fs_read_fd(&answer, STDIN_FILENO, BILAN_JOURNAL_MAX_TEXT, &err) < 0)
			return report(&err);
	} else if (answer_opt) {
		bilan_buf_puts(&answer, answer_opt);
	}
	if (bilan_entry_check_utf8(bilan_buf_cstr(&answer), answer.len, &err) < 0) {
		bilan_buf_clear(&answer);
		return report(&err);
	}
	char *ans = answer_opt ? bilan_entry_normalise_body(bilan_buf_cstr(&answer)) : NULL;
	bilan_buf_clear(&answer);
	/* a one-line answer is stored without its final newline */
	if (ans && strchr(ans, '\n') == ans + strlen(ans) - 1)
		ans[strlen(ans) - 1] = '\0';
	struct bilan_entry *e = NULL;
	if (bilan_journal_find(&e, NULL, ctx->ws, typed, &err) < 0) {
		free(ans);
		return report(&err);
	}
	int r = bilan_entry_close(e, &when, ans, &err);
	free(ans);
	if (r < 0) {
		bilan_entry_free(e);
		return report(&err);
	}
	r = bilan_ws_begin(ctx->ws, "journal close", &err);
	if (r == 0)
		r = bilan_journal_write(ctx->ws, e, &err);
	char *msg = commit_message("close", e);
	rc = finish_txn(ctx->ws, r, msg, &err);
	free(msg);
	if (rc == EXIT_DONE && !quiet) {
		char sid[BILAN_ID_SIZE];
		short_id(sid, sizeof(sid), e->id, bilan_journal_id_short_len(ctx->ws, e->id));
		printf(_("settled %s (%s)"), sid, lbl_kind(e->kind));
		printf("\n");
	}
	bilan_entry_free(e);
	return rc;
}

/* ------------------------------------------------------------------ */
/* time */

#define BAR_CELLS 24

static void print_bar(int minutes, int scale, bool utf8)
{
	static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	long units = scale > 0 ? (long)minutes * BAR_CELLS * 8 / scale : 0;
	if (units > BAR_CELLS * 8)
		units = BAR_CELLS * 8;
	int cells = 0;
	for (long i = 0; i < units / 8; i++, cells++)
		fputs(utf8 ? "█" : "#", stdout);
	if (units % 8) {
		if (utf8)
			fputs(eighths[units % 8], stdout);
		else if (units % 8 >= 4)
			fputs("#", stdout);
		else
			fputs(" ", stdout);
		cells++;
	}
	for (; cells < BAR_CELLS; cells++)
		fputc(' ', stdout);
}

static const struct cmd_option run_time_opts[] = {
	{ "week", 0, 'w', NULL,
	  N_("per week (the default)"), NULL },
	{ "month", 0, 'm', NULL,
	  N_("per month"), NULL },
	{ "since", 0, 's', N_("WHEN"),
	  N_("from this date on"), NULL },
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int run_time(int argc, char **argv, struct bilan_ctx *ctx)
{
	enum bilan_time_period period = BILAN_PERIOD_DEFAULT;
	int periods = 0;
	int64_t since = 0;
	bool json = false;
	struct bilan_error err = BILAN_ERROR_INIT;
	int c;
	while ((c = cmd_opt_next(&cmd_journal, run_time_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'w': period = BILAN_PERIOD_WEEK; periods++; break;
		case 'm': period = BILAN_PERIOD_MONTH; periods++; break;
		case 's':
			if (parse_bound(&since, optarg, false, &err) < 0)
				return report(&err);
			period = BILAN_PERIOD_SINCE;
			periods++;
			break;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_journal, _("too many arguments"));
	if (periods > 1)
		return usage_error(&cmd_journal, _("choose one of --week, --month and --since"));

	struct bilan_journal_time jt;
	/* lib/ builds what is shown (bilan_journal_time), printed as text or JSON */
	if (bilan_journal_time(&jt, ctx->ws, period, since, bilan_now(), &err) < 0) {
		bilan_journal_time_clear(&jt);
		return report(&err);
	}
	const struct bilan_week_total *w = jt.weeks;
	size_t n = jt.n, first = jt.first, streak = jt.streak;
	int goal = jt.goal, max = jt.max;
	long total = jt.total;
	int rc = EXIT_DONE;
	if (json) {
		json_t *o = json_object();
		json_t *a = json_array();
		char day[32];
		for (size_t i = first; i < n; i++) {
			local_day(day, sizeof(day), w[i].start);
			char label[16];
			snprintf(label, sizeof(label), "%04d-W%02d", w[i].year % 10000, w[i].week % 100);
			json_array_append_new(a, json_pack("{s:s, s:i, s:i, s:s, s:i, s:i, s:b}",
				"week", label, "year", w[i].year, "number", w[i].week, "start", day,
				"minutes", w[i].minutes, "entries", (int)w[i].entries,
				"at_goal", goal > 0 && w[i].minutes >= goal));
		}
		json_object_set_new(o, "goal_minutes", json_integer(goal));
		json_object_set_new(o, "weeks", a);
		json_object_set_new(o, "total_minutes", json_integer(total));
		json_object_set_new(o, "streak", !jt.has_streak ? json_null()
					   : json_integer((json_int_t)streak));
		json_object_set_new(o, "problems", diags_json(&jt.diags));
		rc = json_print(o);
	} else {
		bool utf8 = utf8_terminal();
		char g[16], m[16], day[32];
		bilan_duration_human(g, sizeof(g), goal, bilan_i18n_is_french());
		printf(_("Time spent per week (goal: %s)"), g);
		printf("\n");
		for (size_t i = first; i < n; i++) {
			local_day(day, sizeof(day), w[i].start);
			bilan_duration_human(m, sizeof(m), w[i].minutes, bilan_i18n_is_french());
			printf("%04d-W%02d  %s  ", w[i].year % 10000, w[i].week % 100, day);
			if (w[i].minutes >= goal && goal > 0)
				printf("%s", oc(C_GREEN));
			print_bar(w[i].minutes, max, utf8);
			printf("%s  %6s", oc(C_RESET), w[i].minutes ? m : "-");
			if (goal > 0 && w[i].minutes >= goal)
				printf("  %s", utf8 ? "✓" : "*");
			else if (i == n - 1)
				printf("  %s", _("(this week)"));
			printf("\n");
		}
		char tot[16];
		bilan_duration_human(tot, sizeof(tot), total > INT32_MAX ? INT32_MAX : (int)total, bilan_i18n_is_french());
		size_t weeks = n - first;
		printf(P_("Total: %s over %zu week", "Total: %s over %zu weeks", weeks), tot, weeks);
		if (jt.has_streak) {
			printf(" · ");
			printf(P_("streak: %zu week at goal", "streak: %zu weeks at goal", streak), streak);
		}
		printf("\n");
	}
	fflush(stdout);
	for (size_t i = 0; i < jt.diags.n; i++)
		print_diag(&jt.diags.v[i]);
	if (bilan_diags_count(&jt.diags, BILAN_SEV_ERROR) && rc == EXIT_DONE)
		rc = EXIT_FAILED;
	bilan_journal_time_clear(&jt);
	return rc;
}

/* ------------------------------------------------------------------ */

static const struct bilan_subcmd subs[] = {
	{ "add", run_add, N_("write down a piece of work"),
	  run_add_opts, NULL },
	{ "list", run_list, N_("list the entries"),
	  run_list_opts, NULL },
	{ "show", run_show, N_("show one entry"),
	  run_show_opts, "@journal" },
	{ "edit", run_edit, N_("edit one entry in the editor"),
	  run_edit_opts, "@journal" },
	{ "rm", run_rm, N_("remove one entry"),
	  run_rm_opts, "@journal" },
	{ "close", run_close, N_("mark a question or a blocker settled"),
	  run_close_opts, "@journal" },
	{ "time", run_time, N_("show the time spent per week"),
	  run_time_opts, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_journal = {
	"journal", run, N_("write down and review the work done between sessions"),
	N_("bilan journal add [-k KIND] [-d WHEN] [--duration D] [-t TITLE] [--tag T]... [--piste SLUG] [--rome CODE] [--guide NAME] [--private|--shared] [-e] [-q] [TEXT...|-]\n"
	   "bilan journal list [--since WHEN] [--until WHEN] [-k KIND] [--tag T] [--piste SLUG] [--rome CODE] [--grep TEXT] [--open] [--no-private] [-n N] [--json]\n"
	   "bilan journal show [--json] ID\n"
	   "bilan journal edit [-q] ID\n"
	   "bilan journal rm [--force] [-q] ID\n"
	   "bilan journal close [--answer TEXT|-] [-d WHEN] [-q] ID\n"
	   "bilan journal time [--week|--month|--since WHEN] [--json]"),
	CMD_NEEDS_WS,
	NULL, subs, NULL, "list",
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	return cmd_dispatch_sub(&cmd_journal, subs, "list", argc, argv, ctx);
}
