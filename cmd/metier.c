/* metier.c - bilan metier: offline job research in ROME 4.0 (search, show,
 * suggest).  Reads only: never opens the repository. */
#include "common.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "rome.h"
#include "text.h"
#include "yaml.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

const struct bilan_cmd cmd_metier = {
	"metier", run, N_("explore the ROME job sheets offline (search, show, suggest)"),
	N_("bilan metier search [-n N] [--json] WORDS...\n"
	   "bilan metier show [--json] CODE\n"
	   "bilan metier suggest [-n N] [--domain A|B...] [--exclude CODE]... [--profile CODE] [--json]"),
	0,
};

static int open_rome(struct bilan_rome **out)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_rome_open(out, NULL, &err) != 0)
		return print_error(&err);
	return 0;
}

static size_t term_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");
	size_t w = 80;
	if (c && atoi(c) > 0)
		w = (size_t)atoi(c);
	else if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		w = ws.ws_col;
	return w < 40 ? 40 : w > 100 ? 100 : w;
}

static json_t *riasec_json(char major, char minor)
{
	char M[2] = { major, 0 }, m[2] = { minor, 0 };
	return json_pack("{s:o, s:o}", "major", json_str_or_null(major ? M : NULL),
			 "minor", json_str_or_null(minor ? m : NULL));
}

static void print_riasec(char major, char minor)
{
	printf("%s[%c%c]%s", col(stdout, C_DIM), major ? major : '?', minor ? minor : ' ',
	       col(stdout, C_RESET));
}

static void print_source(void)
{
	printf("\n%s%s%s\n", col(stdout, C_DIM), BILAN_ROME_SOURCE, col(stdout, C_RESET));
}

static long parse_count(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	return (*end || n <= 0 || n > 100000) ? -1 : n;
}

/* --- search --- */

static int do_search(int argc, char **argv, struct bilan_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "max-count", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	(void)ctx;
	long max = 20;
	bool json = false;
	int c;
	while ((c = cmd_getopt(&cmd_metier, argc, argv, "+hn:", longopts)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'n':
			if ((max = parse_count(optarg)) < 0)
				return usage_error(&cmd_metier, _("-n needs a positive number, not '%s'"), optarg);
			break;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_metier, _("no search words"));
	struct bilan_rome *r = NULL;
	int rc = open_rome(&r);
	if (rc)
		return rc;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_rome_hits h = BILAN_ROME_HITS_INIT;
	if (bilan_rome_search(&h, r, (const char *const *)argv + optind,
			      (size_t)(argc - optind), &err) != 0) {
		rc = err.code == BILAN_EUSAGE ? usage_error(&cmd_metier, "%s", err.message)
					       : print_error(&err);
		goto out;
	}
	struct bilan_buf q = BILAN_BUF_INIT;
	for (int i = optind; i < argc; i++) {
		if (q.len)
			bilan_buf_putc(&q, ' ');
		bilan_buf_puts(&q, argv[i]);
	}
	size_t shown = h.n < (size_t)max ? h.n : (size_t)max;
	if (json) {
		json_t *res = json_array();
		for (size_t i = 0; i < shown; i++)
			json_array_append_new(res, json_pack("{s:s, s:s, s:s, s:o, s:o, s:i}",
				"code", h.v[i].code, "title", h.v[i].title,
				"match", h.v[i].title_match ? "title" : "appellation",
				"appellation", json_str_or_null(h.v[i].appellation),
				"riasec", riasec_json(h.v[i].riasec_major, h.v[i].riasec_minor),
				"prefix_words", (int)h.v[i].prefix_words));
		json_print(json_pack("{s:s, s:s, s:I, s:o}", "source", BILAN_ROME_SOURCE,
				     "query", bilan_buf_cstr(&q), "total", (json_int_t)h.n,
				     "results", res));
		rc = h.n ? EXIT_DONE : EXIT_FAILED;
	} else if (h.n == 0) {
		struct bilan_buf v = BILAN_BUF_INIT;
		bilan_text_sanitize_terminal(&v, bilan_buf_cstr(&q));
		bilan_error_set(&err, BILAN_ENOTFOUND, _("no job sheet matches '%s'"),
				bilan_buf_cstr(&v));
		bilan_error_hint(&err, argc - optind > 1
			? _("try fewer words, or the start of a word ('infirm' finds 'infirmier')")
			: _("try another word, or the start of a word ('infirm' finds 'infirmier')"));
		bilan_buf_free(&v);
		rc = print_error(&err);
	} else {
		for (size_t i = 0; i < shown; i++) {
			printf("%s%s%s  %s  ", col(stdout, C_BOLD), h.v[i].code, col(stdout, C_RESET),
			       h.v[i].title);
			print_riasec(h.v[i].riasec_major, h.v[i].riasec_minor);
			putchar('\n');
			if (h.v[i].appellation)
				printf("       %s%s%s\n", col(stdout, C_CYAN), h.v[i].appellation,
				       col(stdout, C_RESET));
		}
		if (shown < h.n)
			printf(P_("(%zu more result: use -n %zu to see all)\n",
				  "(%zu more results: use -n %zu to see all)\n", h.n - shown),
			       h.n - shown, h.n);
		print_source();
		rc = EXIT_DONE;
	}
	bilan_buf_free(&q);
out:
	bilan_rome_hits_free(&h);
	bilan_rome_free(r);
	return rc;
}

/* --- show --- */

static const char *kind_name(enum bilan_rome_item_kind k)
{
	return k == BILAN_ROME_SAVOIR_FAIRE ? "savoir-faire" :
	       k == BILAN_ROME_SAVOIR_ETRE ? "savoir-etre" : "savoir";
}

static void heading(const char *s)
{
	printf("\n%s%s%s\n", col(stdout, C_BOLD), s, col(stdout, C_RESET));
}

static void print_items(const struct bilan_rome *r, size_t fi, size_t n, bool knowledge,
			bool core, size_t width)
{
	size_t count = 0;
	for (size_t j = 0; j < n; j++) {
		struct bilan_rome_item it;
		bilan_rome_item(&it, r, fi, j);
		if ((it.kind == BILAN_ROME_SAVOIR) != knowledge || it.core != core)
			continue;
		if (!count++)
			heading(knowledge ? (core ? _("Core knowledge") : _("Other knowledge"))
					  : (core ? _("Core skills") : _("Other skills")));
		struct bilan_buf b = BILAN_BUF_INIT;
		bilan_text_wrap(&b, it.label, width, "    ");
		if (b.len > 3)
			b.ptr[2] = '-';
		fputs(b.ptr, stdout);
		bilan_buf_free(&b);
	}
}

static int do_show(int argc, char **argv, struct bilan_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	(void)ctx;
	bool json = false;
	int c;
	while ((c = cmd_getopt(&cmd_metier, argc, argv, "+h", longopts)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_metier, _("missing ROME code (e.g. J1504)"));
	if (optind + 1 < argc)
		return usage_error(&cmd_metier, _("too many arguments"));
	struct bilan_error err = BILAN_ERROR_INIT;
	char code[6];
	if (bilan_rome_code_parse(code, argv[optind], &err) != 0)
		return print_error(&err);
	struct bilan_rome *r = NULL;
	int rc = open_rome(&r);
	if (rc)
		return rc;
	struct bilan_rome_fiche f;
	if (bilan_rome_lookup(&f, r, code, &err) != 0) {
		rc = print_error(&err);
		bilan_rome_free(r);
		return rc;
	}
	if (json) {
		json_t *items = json_array(), *mob = json_array(), *apps = json_array();
		for (size_t j = 0; j < f.n_items; j++) {
			struct bilan_rome_item it;
			bilan_rome_item(&it, r, f.index, j);
			json_array_append_new(items, json_pack("{s:s, s:i, s:s, s:b, s:b}",
				"label", it.label, "code_ogr", (int)it.code_ogr,
				"kind", kind_name(it.kind), "core", it.core, "emergent", it.emergent));
		}
		for (size_t j = 0; j < f.n_mobility; j++) {
			struct bilan_rome_fiche t;
			bilan_rome_get(&t, r, bilan_rome_mobility(r, f.index, j));
			json_array_append_new(mob, json_pack("{s:s, s:s}", "code", t.code,
							     "title", t.title));
		}
		for (size_t j = 0; j < f.n_appellations; j++)
			json_array_append_new(apps, json_string(bilan_rome_appellation(r, f.index, j)));
		char gd[2] = { f.grand_domaine, 0 };
		json_t *o = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:s, s:s, s:o,"
				      " s:b, s:b, s:o, s:o, s:o}",
			"source", BILAN_ROME_SOURCE, "code", f.code, "title", f.title,
			"grand_domaine", "code", gd, "label", f.grand_domaine_label,
			"domaine_professionnel", "code", f.domaine_code, "label", f.domaine_label,
			"definition", f.definition, "acces_metier", f.acces,
			"riasec", riasec_json(f.riasec_major, f.riasec_minor),
			"emploi_reglemente", (f.flags & BILAN_ROME_REGLEMENTE) != 0,
			"emploi_cadre", (f.flags & BILAN_ROME_CADRE) != 0,
			"items", items, "mobility", mob, "appellations", apps);
		rc = json_print(o);
		bilan_rome_free(r);
		return rc;
	}
	size_t width = term_width();
	pager_start();
	printf("%s%s  %s%s\n", col(stdout, C_BOLD), f.code, f.title, col(stdout, C_RESET));
	printf(_("Domain: %c %s / %s %s\n"), f.grand_domaine, f.grand_domaine_label,
	       f.domaine_code, f.domaine_label);
	if (f.riasec_major && f.riasec_minor)
		printf(_("RIASEC: %c major, %c minor\n"), f.riasec_major, f.riasec_minor);
	else if (f.riasec_major)
		printf(_("RIASEC: %c major\n"), f.riasec_major);
	if (f.flags & BILAN_ROME_REGLEMENTE)
		printf("%s\n", _("Regulated occupation"));
	struct bilan_buf b = BILAN_BUF_INIT;
	if (f.definition[0]) {
		heading(_("Definition"));
		bilan_text_wrap(&b, f.definition, width, "  ");
		fputs(bilan_buf_cstr(&b), stdout);
	}
	if (f.acces[0]) {
		heading(_("Access to the job"));
		bilan_buf_clear(&b);
		bilan_text_wrap(&b, f.acces, width, "  ");
		fputs(bilan_buf_cstr(&b), stdout);
	}
	bilan_buf_free(&b);
	print_items(r, f.index, f.n_items, false, true, width);
	print_items(r, f.index, f.n_items, false, false, width);
	print_items(r, f.index, f.n_items, true, true, width);
	print_items(r, f.index, f.n_items, true, false, width);
	if (f.n_mobility) {
		heading(_("Close jobs one can move to"));
		for (size_t j = 0; j < f.n_mobility; j++) {
			struct bilan_rome_fiche t;
			bilan_rome_get(&t, r, bilan_rome_mobility(r, f.index, j));
			printf("  %s  %s\n", t.code, t.title);
		}
	}
	if (f.n_appellations) {
		heading(_("Job titles (appellations)"));
		for (size_t j = 0; j < f.n_appellations; j++)
			printf("  %s\n", bilan_rome_appellation(r, f.index, j));
	}
	print_source();
	bilan_rome_free(r);
	return EXIT_DONE;
}

/* --- suggest --- */

/* The profile code of the latest riasec result (ids sort by time). */
static int latest_profile(char **out, struct bilan_ws *ws, struct bilan_error *err)
{
	char *dir = bilan_ws_path(ws, "tests/riasec");
	DIR *d = opendir(dir);
	char *best = NULL;
	int rc = 0;
	*out = NULL;
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			size_t n = strlen(e->d_name);
			if (e->d_name[0] == '.' || n < 6 || strcmp(e->d_name + n - 5, ".yaml"))
				continue;
			if (!best || strcmp(e->d_name, best) > 0) {
				free(best);
				best = bilan_xstrdup(e->d_name);
			}
		}
		closedir(d);
	}
	if (!best) {
		rc = bilan_error_set(err, BILAN_ENOTFOUND, _("no RIASEC result in this workspace"));
		bilan_error_hint(err, _("take the interests questionnaire first: 'bilan test riasec' "
					"(or give a code with --profile SAI)"));
		goto out;
	}
	char *path = bilan_xasprintf("%s/%s", dir, best);
	struct bilan_doc *doc = NULL;
	rc = bilan_yaml_load_file(&doc, path, err);
	if (rc == 0) {
		const struct bilan_node *root = doc->root, *v = NULL;
		for (size_t i = 0; root && root->type == BILAN_NODE_MAP && i < root->n; i++)
			if (!strcmp(root->pairs[i].key->value, "profile"))
				v = root->pairs[i].value;
		if (!v || v->type != BILAN_NODE_SCALAR) {
			rc = bilan_error_set_at(err, BILAN_EINVALID, path, root ? root->line : 0, 0,
				_("no 'profile' code in this RIASEC result"));
		} else {
			*out = bilan_xstrdup(v->value);
		}
	}
	bilan_doc_free(doc);
	free(path);
out:
	free(best);
	free(dir);
	return rc;
}

static int do_suggest(int argc, char **argv, struct bilan_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "max-count", required_argument, NULL, 'n' },
		{ "domain", required_argument, NULL, 'd' },
		{ "exclude", required_argument, NULL, 'x' },
		{ "profile", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bilan_rome_suggest_opts o = BILAN_ROME_SUGGEST_OPTS_INIT;
	struct bilan_strlist excl = BILAN_STRLIST_INIT;
	struct bilan_buf domains = BILAN_BUF_INIT;
	const char *profile_opt = NULL;
	char *profile = NULL;
	bool json = false;
	long max = 15;
	int c, rc = EXIT_DONE;
	while ((c = cmd_getopt(&cmd_metier, argc, argv, "+hn:d:x:p:", longopts)) != -1) {
		switch (c) {
		case CMD_OPT_HELP: rc = EXIT_DONE; goto out;
		case CMD_OPT_BAD: rc = EXIT_USAGE; goto out;
		case 'n':
			if ((max = parse_count(optarg)) < 0) {
				rc = usage_error(&cmd_metier, _("-n needs a positive number, not '%s'"), optarg);
				goto out;
			}
			break;
		case 'd': bilan_buf_puts(&domains, optarg); bilan_buf_putc(&domains, '|'); break;
		case 'x': bilan_strlist_add(&excl, optarg); break;
		case 'p': profile_opt = optarg; break;
		case 'j': json = true; break;
		default: rc = EXIT_USAGE; goto out;
		}
	}
	if (optind < argc) {
		rc = usage_error(&cmd_metier, _("too many arguments"));
		goto out;
	}
	struct bilan_error err = BILAN_ERROR_INIT;
	if (profile_opt) {
		profile = bilan_xstrdup(profile_opt);
	} else {
		if ((rc = ctx_open_ws(ctx)) != 0)
			goto out;
		if (!ctx->ws) {
			bilan_error_set(&err, BILAN_ENOWORKSPACE, _("not inside a bilan workspace"));
			bilan_error_hint(&err, _("run it in your workspace after 'bilan test riasec', or give a code with --profile SAI"));
			rc = print_error(&err);
			goto out;
		}
		if (latest_profile(&profile, ctx->ws, &err) != 0) {
			rc = print_error(&err);
			goto out;
		}
	}
	struct bilan_rome *r = NULL;
	if ((rc = open_rome(&r)) != 0)
		goto out;
	o.profile = profile;
	o.domains = domains.len ? domains.ptr : NULL;
	o.exclude = (const char *const *)excl.v;
	o.n_exclude = excl.n;
	o.limit = (size_t)max;
	struct bilan_rome_suggestions s = BILAN_ROME_SUGGESTIONS_INIT;
	if (bilan_rome_suggest(&s, r, &o, &err) != 0) {
		rc = err.code == BILAN_EUSAGE ? usage_error(&cmd_metier, "%s", err.message)
					       : print_error(&err);
		bilan_rome_free(r);
		goto out;
	}
	char code[7] = "";
	bilan_rome_profile_parse(code, profile, NULL);
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < s.n; i++)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:i, s:s}",
				"code", s.v[i].code, "title", s.v[i].title,
				"riasec", riasec_json(s.v[i].riasec_major, s.v[i].riasec_minor),
				"score", s.v[i].score, "reason", s.v[i].reason));
		rc = json_print(json_pack("{s:s, s:s, s:s, s:I, s:o}", "source", BILAN_ROME_SOURCE,
			"profile", code,
			"notice", _("leads to explore with your consultant, not a verdict"),
			"total", (json_int_t)s.total, "suggestions", arr));
	} else if (s.n == 0) {
		bilan_error_set(&err, BILAN_ENOTFOUND, _("no job sheet fits profile %s with these filters"), code);
		bilan_error_hint(&err, _("remove a --domain or --exclude filter"));
		rc = print_error(&err);
	} else {
		printf(_("Leads to explore for profile %s: not a verdict, but job sheets whose "
			 "RIASEC letters meet your code, to look at and discuss with your consultant.\n"),
		       code);
		for (size_t i = 0; i < s.n; i++) {
			printf("\n%2zu. %s%s%s  %s  ", i + 1, col(stdout, C_BOLD), s.v[i].code,
			       col(stdout, C_RESET), s.v[i].title);
			print_riasec(s.v[i].riasec_major, s.v[i].riasec_minor);
			printf("\n    %s%s%s\n", col(stdout, C_DIM), s.v[i].reason, col(stdout, C_RESET));
		}
		if (s.total > s.n)
			printf(P_("\n%zu other job sheet fits (-n to see more); "
				  "'bilan metier show CODE' to read one.\n",
				  "\n%zu other job sheets fit (-n to see more); "
				  "'bilan metier show CODE' to read one.\n", s.total - s.n),
			       s.total - s.n);
		print_source();
		rc = EXIT_DONE;
	}
	bilan_rome_suggestions_free(&s);
	bilan_rome_free(r);
out:
	free(profile);
	bilan_strlist_free(&excl);
	bilan_buf_free(&domains);
	return rc;
}

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	static const struct bilan_subcmd subs[] = {
		{ "search", do_search, N_("find job sheets by words of a job title") },
		{ "show", do_show, N_("show a job sheet") },
		{ "suggest", do_suggest, N_("job sheets that fit your RIASEC code") },
		{ NULL, NULL, NULL },
	};
	return cmd_dispatch_sub(&cmd_metier, subs, NULL, argc, argv, ctx);
}
