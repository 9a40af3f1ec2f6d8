/* piste.c - bilan piste: career hypotheses (add, list, show, set).
 * list and show only read: they never open the repository. */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "enquete.h"
#include "fieldwork.h"
#include "labels.h"
#include "table.h"
#include "journal.h"
#include "piste.h"
#include "rome.h"
#include "text.h"
#include "todo.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

/* ---- evidence: journal entries, research notes, enquêtes ------------------- */

struct evidence {
	size_t journal, research, enquetes;
	size_t verdicts[BILAN_NVERDICT];
};

static bool entry_is_for(const struct bilan_entry *e, const struct bilan_piste *p)
{
	if (e->piste && !strcmp(e->piste, p->rec.name))
		return true;
	/* research on one of the piste's fiches (bilan metier note CODE) */
	if (e->rome)
		for (size_t i = 0; i < p->rome.n; i++)
			if (!strcasecmp(e->rome, p->rome.v[i]))
				return true;
	return false;
}

static void count_evidence(struct evidence *ev, const struct bilan_piste *p,
			   const struct bilan_journal *j, const struct bilan_enquetes *enq)
{
	memset(ev, 0, sizeof(*ev));
	for (size_t i = 0; j && i < j->n; i++) {
		if (!entry_is_for(j->v[i], p))
			continue;
		if (j->v[i]->kind == BILAN_KIND_RECHERCHE)
			ev->research++;
		else
			ev->journal++;
	}
	for (size_t i = 0; i < enq->n; i++) {
		if (strcmp(enq->v[i].piste, p->rec.name))
			continue;
		ev->enquetes++;
		if (enq->v[i].has_verdict)
			ev->verdicts[enq->v[i].verdict]++;
	}
}

static json_t *evidence_json(const struct evidence *ev)
{
	json_t *v = json_object();
	for (int i = 0; i < BILAN_NVERDICT; i++)
		json_object_set_new(v, bilan_verdict_names[i], json_integer((json_int_t)ev->verdicts[i]));
	return json_pack("{s:I, s:I, s:I, s:o}", "journal", (json_int_t)ev->journal,
			 "research", (json_int_t)ev->research, "enquetes",
			 (json_int_t)ev->enquetes, "verdicts", v);
}

static void print_evidence(FILE *f, const struct evidence *ev)
{
	const char *sep = "";
	if (ev->journal) {
		fprintf(f, P_("%zu journal entry", "%zu journal entries", ev->journal), ev->journal);
		sep = " · ";
	}
	if (ev->research) {
		fprintf(f, "%s", sep);
		fprintf(f, P_("%zu research note", "%zu research notes", ev->research), ev->research);
		sep = " · ";
	}
	if (ev->enquetes) {
		fprintf(f, "%s", sep);
		fprintf(f, P_("%zu enquête", "%zu enquêtes", ev->enquetes), ev->enquetes);
		const char *vs = " (";
		for (int i = 0; i < BILAN_NVERDICT; i++) {
			if (!ev->verdicts[i])
				continue;
			fprintf(f, "%s%zu %s", vs, ev->verdicts[i], fw_verdict_label((enum bilan_verdict)i));
			vs = ", ";
		}
		if (vs[0] == ',')
			fprintf(f, ")");
		sep = " · ";
	}
	if (!*sep)
		fprintf(f, "%s", _("no evidence yet"));
}

static json_t *strlist_json(const struct bilan_strlist *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static int load_journal(struct bilan_journal **out, const struct bilan_ws *ws,
			const char *piste)
{
	struct bilan_journal_filter f = BILAN_JOURNAL_FILTER_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	(void)piste;
	f.include_private = true;
	if (bilan_journal_load(out, ws, &f, &err) < 0)
		return print_error(&err);
	fw_print_diags(&(*out)->diags);
	return 0;
}

/* ---- add -------------------------------------------------------------------- */

/* Check typed ROME codes ("M1805", "m1805, K2111") against the ROME data and
 * add them to codes, their sheets' titles to titles ("" when the data
 * cannot be opened: only the form was checked, with a warning). */
static int check_rome(struct bilan_strlist *codes, struct bilan_strlist *titles,
		      const struct bilan_strlist *typed)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_rome *rome = NULL;
	bool tried = false;
	int rc = 0;
	for (size_t i = 0; i < typed->n && !rc; i++) {
		char *copy = bilan_xstrdup(typed->v[i]);
		char *save = NULL;
		for (char *w = strtok_r(copy, ", ", &save); w && !rc; w = strtok_r(NULL, ", ", &save)) {
			char code[6];
			if (bilan_rome_code_parse(code, w, &err) < 0) {
				rc = print_error(&err);
				break;
			}
			if (!tried) {
				tried = true;
				struct bilan_error oerr = BILAN_ERROR_INIT;
				if (bilan_rome_open(&rome, NULL, &oerr) < 0) {
					warn(_("cannot check ROME codes against the ROME data (%s); only their form was checked"),
					     oerr.message);
					rome = NULL;
				}
			}
			struct bilan_rome_fiche fiche;
			if (rome && bilan_rome_lookup(&fiche, rome, code, &err) < 0) {
				rc = print_error(&err);
				break;
			}
			if (!bilan_strlist_contains(codes, code)) {
				bilan_strlist_add(codes, code);
				bilan_strlist_add(titles, rome ? fiche.title : "");
			}
		}
		free(copy);
	}
	bilan_rome_free(rome);
	return rc;
}

static const struct cmd_option piste_add_opts[] = {
	{ "rome", 0, 'r', N_("CODE"),
	  N_("a ROME code of the piste (repeatable)"), "@rome" },
	{ "why", 0, 'w', N_("TEXT"),
	  N_("what attracts you in this piste"), NULL },
	CMD_OPT_ADD_OUTPUT,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int piste_add(int argc, char **argv, struct bilan_ctx *ctx)
{
	struct bilan_strlist typed = BILAN_STRLIST_INIT, codes = BILAN_STRLIST_INIT;
	struct bilan_strlist titles = BILAN_STRLIST_INIT;
	const char *why = NULL;
	bool json = false, quiet = false;
	int c, rc;
	while ((c = cmd_opt_next(&cmd_piste, piste_add_opts, argc, argv)) != -1) {
		switch (c) {
		case CMD_OPT_HELP: bilan_strlist_clear(&typed); return EXIT_DONE;
		case CMD_OPT_BAD: bilan_strlist_clear(&typed); return EXIT_USAGE;
		case 'j': json = true; break;
		case 'q': quiet = true; break;
		case 'r': bilan_strlist_add(&typed, optarg); break;
		case 'w': why = optarg; break;
		default: bilan_strlist_clear(&typed); return EXIT_USAGE;
		}
	}
	char *title = fw_join_args(argc, argv, optind);
	struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_pistes l = BILAN_PISTES_INIT;
	struct bilan_node *root = NULL;
	char slug[BILAN_SLUG_MAX + 1] = "";
	if (!title || !*title) {
		rc = usage_error(&cmd_piste, _("a piste needs a title"));
		goto out;
	}
	if ((rc = fw_may_work(ws, BILAN_WORK_NEW, "piste add")) ||
	    (rc = check_rome(&codes, &titles, &typed)))
		goto out;
	struct bilan_piste_new p = { title, (const char *const *)codes.v, codes.n, why,
				     bilan_time_now() };
	if (bilan_ws_begin(ws, "piste add", &err) < 0) {
		rc = print_error(&err);
		goto out;
	}
	int r = bilan_pistes_load(&l, ws, NULL, &err);
	if (r == 0)
		r = bilan_piste_build(&root, slug, &l, &p, &err);
	char *rel = bilan_xasprintf("%s/%s.yaml", BILAN_PISTE_DIR, slug);
	if (r == 0)
		r = bilan_ws_write(ws, rel, root, &err);
	char *msg = bilan_xasprintf("piste: add %s", slug);
	rc = finish_txn(ws, r, msg, &err);
	free(msg);
	if (rc == EXIT_DONE && json) {
		json_t *rome = json_array();
		for (size_t i = 0; i < codes.n; i++)
			json_array_append_new(rome, json_string(codes.v[i]));
		rc = print_added_json(slug, rel, json_pack("{s:s, s:o}", "status", "a-explorer",
							   "rome", rome));
	}
	free(rel);
	if (rc == EXIT_DONE && !json && !quiet) {
		printf(_("Added piste '%s' (%s)."), slug, lbl_piste_status(BILAN_PISTE_A_EXPLORER));
		printf("\n");
		/* the sheets, by title: a code that names another job shows */
		for (size_t i = 0; i < codes.n; i++) {
			printf("  %s", codes.v[i]);
			if (i < titles.n && *titles.v[i]) {
				printf("  ");
				print_text(stdout, titles.v[i]);
			}
			printf("\n");
		}
	}
out:
	bilan_node_free(root);
	bilan_pistes_clear(&l);
	bilan_strlist_clear(&typed);
	bilan_strlist_clear(&codes);
	bilan_strlist_clear(&titles);
	free(title);
	return rc;
}

/* ---- list ------------------------------------------------------------------- */

static const struct cmd_option piste_list_opts[] = {
	{ "status", 0, 's', N_("STATUS"),
	  N_("only the pistes with this status"), "a-explorer en-exploration validee ecartee en-attente" },
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int piste_list(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool json = false, filter = false;
	enum bilan_piste_status want = BILAN_PISTE_A_EXPLORER;
	int c;
	while ((c = cmd_opt_next(&cmd_piste, piste_list_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 's':
			if (bilan_piste_status_parse(&want, lbl_alias(optarg)) < 0)
				return bad_value("--status", optarg, bilan_piste_status_names);
			filter = true;
			break;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_piste, _("too many arguments"));
	const struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_pistes l = BILAN_PISTES_INIT;
	struct bilan_enquetes enq = BILAN_ENQUETES_INIT;
	struct bilan_diags d = BILAN_DIAGS_INIT;
	struct bilan_journal *j = NULL;
	int rc;
	if (bilan_pistes_load(&l, ws, &d, &err) < 0 || bilan_enquetes_load(&enq, ws, &d, &err) < 0) {
		rc = print_error(&err);
		goto out;
	}
	/* the journal's broken files too: the evidence counts them not */
	struct bilan_journal_filter jf = BILAN_JOURNAL_FILTER_INIT;
	jf.include_private = true;
	if (bilan_journal_load(&j, ws, &jf, &err) < 0) {
		rc = print_error(&err);
		goto out;
	}
	for (size_t i = 0; i < j->diags.n; i++) {
		const struct bilan_diag *g = &j->diags.v[i];
		bilan_diags_add(&d, g->severity, g->file, g->line, g->col, "%s", g->message);
	}
	if (json) {
		json_t *a = json_array();
		for (size_t i = 0; i < l.n; i++) {
			const struct bilan_piste *p = &l.v[i];
			if (filter && p->status != want)
				continue;
			struct evidence ev;
			count_evidence(&ev, p, j, &enq);
			json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}",
				"slug", p->rec.name, "title", p->title,
				"status", bilan_piste_status_name(p->status),
				"reason", json_str_or_null(bilan_piste_last_reason(p)),
				"rome", strlist_json(&p->rome), "why", json_str_or_null(p->why),
				"created", json_str_or_null(p->created),
				"evidence", evidence_json(&ev)));
		}
		rc = fw_list_end(&d, json_print_list("pistes", a));
		goto out;
	}
	size_t shown = 0;
	struct table *tb = table_new();
	for (size_t i = 0; i < l.n; i++) {
		const struct bilan_piste *p = &l.v[i];
		if (filter && p->status != want)
			continue;
		struct evidence ev;
		count_evidence(&ev, p, j, &enq);
		const char *colour = p->status == BILAN_PISTE_VALIDEE ? C_GREEN :
				     p->status == BILAN_PISTE_ECARTEE ? C_DIM :
				     p->status == BILAN_PISTE_EN_EXPLORATION ? C_CYAN : "";
		table_row(tb);
		table_cell_sgr(tb, col(stdout, C_BOLD), p->rec.name, col(stdout, C_RESET));
		table_cell_sgr(tb, *colour ? col(stdout, colour) : "", lbl_piste_status(p->status),
			       *colour ? col(stdout, C_RESET) : "");
		struct bilan_buf title = BILAN_BUF_INIT;
		sanitize_shown(&title, p->title ? p->title : "");
		for (size_t k = 0; k < p->rome.n; k++)
			bilan_buf_printf(&title, " [%s]", p->rome.v[k]);
		table_cell(tb, bilan_buf_cstr(&title));
		bilan_buf_clear(&title);
		char *evs = NULL;
		size_t evn = 0;
		FILE *m = open_memstream(&evs, &evn);
		if (m) {
			fputs(col(stdout, C_DIM), m);
			print_evidence(m, &ev);
			fputs(col(stdout, C_RESET), m);
			fclose(m);
			table_line(tb, 1, evs);
		}
		free(evs);
		shown++;
	}
	table_print(tb, stdout);
	table_free(tb);
	if (!shown) {
		if (l.n)
			printf("%s\n", _("No piste with this status."));
		else
			printf("%s\n", _("No piste yet: add one with 'bilan piste add TITLE'."));
	}
	rc = fw_list_end(&d, EXIT_DONE);
out:
	bilan_diags_clear(&d);
	bilan_journal_free(j);
	bilan_pistes_clear(&l);
	bilan_enquetes_clear(&enq);
	return rc;
}

/* ---- show ------------------------------------------------------------------- */

struct event {
	int64_t t;
	size_t order;           /* insertion order: ties keep it */
	char iso[BILAN_TIME_ISO_MAX];
	const char *kind;       /* "status", "journal", "enquete", "todo" */
	char *text;             /* one line, owned */
	char *detail;           /* more lines or NULL, owned */
	const char *ref;        /* id or slug, borrowed */
};

struct events {
	struct event *v;
	size_t n, alloc;
};

static void add_event(struct events *ev, const char *iso, const char *kind, const char *ref,
		      char *text, char *detail)
{
	struct bilan_time t = { 0, 0, true };
	if (iso)
		bilan_time_parse_iso(&t, iso);
	BILAN_ALLOC_GROW(ev->v, ev->n + 1, ev->alloc);
	struct event *e = &ev->v[ev->n++];
	e->t = t.t;
	e->order = ev->n - 1;
	snprintf(e->iso, sizeof(e->iso), "%s", iso ? iso : "");
	e->kind = kind;
	e->ref = ref;
	e->text = text;
	e->detail = detail;
}

static int by_time(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void add_enquete_events(struct events *ev, const struct bilan_enquete *e)
{
	const struct bilan_node *root = e->rec.doc->root;
	const struct bilan_node *h = bilan_map_get(root, "history");
	char *label = bilan_enquete_label(e);
	const char *name = label ? label : e->rec.name;
	for (size_t i = 0; h && h->type == BILAN_NODE_SEQ && i < h->n; i++) {
		const char *to = bilan_map_str(h->items[i], "to");
		const char *date = bilan_map_str(h->items[i], "date");
		if (!to || !date)
			continue;
		char *text;
		char *detail = NULL;
		if (!strcmp(to, "realisee") && e->has_verdict) {
			text = bilan_xasprintf(_("enquête %s: held, verdict %s"), name,
					       fw_verdict_label(e->verdict));
			const struct bilan_node *o = bilan_map_get(root, "outcome");
			struct bilan_buf b = BILAN_BUF_INIT;
			const char *keys[] = { "confirmed", "surprised", "attention", "notes" };
			const char *labels[] = { N_("confirmed"), N_("surprised"),
						 N_("points of attention"), N_("notes") };
			for (int k = 0; k < 4; k++) {
				const char *s = bilan_map_str(o, keys[k]);
				if (s)
				{
					if (b.len)
						bilan_buf_puts(&b, "\n");
					bilan_buf_printf(&b, _("%s: %s"), _(labels[k]), s);
				}
			}
			detail = b.len ? bilan_buf_detach(&b) : NULL;
			bilan_buf_clear(&b);
		} else {
			text = bilan_xasprintf(_("enquête %s: %s"), name, lbl_enquete_status_str(to));
		}
		add_event(ev, date, "enquete", e->rec.name, text, detail);
	}
	free(label);
}

static const struct cmd_option piste_show_opts[] = {
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int piste_show(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool json = false;
	int c;
	while ((c = cmd_opt_next(&cmd_piste, piste_show_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_piste, _("which piste? give its slug"));
	if (optind + 1 < argc)
		return usage_error(&cmd_piste, _("too many arguments"));
	const struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_pistes l = BILAN_PISTES_INIT;
	struct bilan_enquetes enq = BILAN_ENQUETES_INIT;
	struct bilan_todos todos = BILAN_TODOS_INIT;
	struct bilan_diags d = BILAN_DIAGS_INIT;
	struct bilan_journal *j = NULL;
	struct events ev = { 0 };
	struct bilan_piste *p = NULL;
	int64_t now = bilan_time_now().t;
	int rc;
	if (bilan_pistes_load(&l, ws, &d, &err) < 0 ||
	    bilan_piste_find(&p, &l, argv[optind], &err) < 0 ||
	    bilan_enquetes_load(&enq, ws, &d, &err) < 0 ||
	    bilan_todos_load(&todos, ws, now, &d, &err) < 0) {
		bilan_diags_clear(&d);
		rc = print_error(&err);
		goto out;
	}
	fw_print_diags(&d);
	if ((rc = load_journal(&j, ws, p->rec.name)))
		goto out;

	/* the timeline: status changes, journal entries, enquêtes, to-do items */
	const struct bilan_node *h = bilan_map_get(p->rec.doc->root, "history");
	for (size_t i = 0; h && h->type == BILAN_NODE_SEQ && i < h->n; i++) {
		const char *to = bilan_map_str(h->items[i], "to");
		const char *from = bilan_map_str(h->items[i], "from");
		const char *reason = bilan_map_str(h->items[i], "reason");
		if (!to)
			continue;
		char *text = from ? bilan_xasprintf(_("status %s → %s"), lbl_piste_status_str(from),
						       lbl_piste_status_str(to))
				  : bilan_xasprintf(_("piste added (%s)"), lbl_piste_status_str(to));
		add_event(&ev, bilan_map_str(h->items[i], "date"), "status", p->rec.name, text,
			  reason ? bilan_xstrdup(reason) : NULL);
	}
	for (size_t i = 0; j && i < j->n; i++) {
		const struct bilan_entry *e = j->v[i];
		if (!entry_is_for(e, p))
			continue;
		char iso[BILAN_TIME_ISO_MAX];
		bilan_time_format_iso(iso, &e->date);
		char *text = bilan_xasprintf(_("%s: %s"), lbl_kind(e->kind), e->title);
		add_event(&ev, iso, "journal", e->id, text, NULL);
	}
	struct evidence evd;
	count_evidence(&evd, p, j, &enq);
	for (size_t i = 0; i < enq.n; i++)
		if (!strcmp(enq.v[i].piste, p->rec.name))
			add_enquete_events(&ev, &enq.v[i]);
	for (size_t i = 0; i < todos.n; i++) {
		const struct bilan_todo *t = &todos.v[i];
		if (!t->piste || strcmp(t->piste, p->rec.name))
			continue;
		add_event(&ev, t->created, "todo", t->rec.name,
			  bilan_xasprintf(_("to do: %s"), t->text), NULL);
		if (t->done && t->done_at)
			add_event(&ev, t->done_at, "todo", t->rec.name,
				  bilan_xasprintf(_("done: %s"), t->text), NULL);
	}
	if (ev.n > 1)
		qsort(ev.v, ev.n, sizeof(*ev.v), by_time);

	if (json) {
		json_t *tl = json_array();
		for (size_t i = 0; i < ev.n; i++)
			json_array_append_new(tl, json_pack("{s:s, s:s, s:s, s:s, s:o}",
				"date", ev.v[i].iso, "kind", ev.v[i].kind, "ref", ev.v[i].ref,
				"text", ev.v[i].text, "detail", json_str_or_null(ev.v[i].detail)));
		json_t *en = json_array();
		for (size_t i = 0; i < enq.n; i++) {
			const struct bilan_enquete *e = &enq.v[i];
			if (strcmp(e->piste, p->rec.name))
				continue;
			json_array_append_new(en, json_pack("{s:s, s:s, s:o}", "slug", e->rec.name,
				"status", bilan_enquete_status_name(e->status), "verdict",
				e->has_verdict ? json_string(bilan_verdict_name(e->verdict)) : json_null()));
		}
		const struct bilan_enquete *uq = bilan_piste_unconfirmed(p, &enq);
		json_t *po = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			"slug", p->rec.name, "title", p->title,
			"status", bilan_piste_status_name(p->status),
			"reason", json_str_or_null(bilan_piste_last_reason(p)),
			"rome", strlist_json(&p->rome), "why", json_str_or_null(p->why),
			"created", json_str_or_null(p->created),
			"evidence", evidence_json(&evd), "enquetes", en, "timeline", tl);
		json_object_set_new(po, "questioned_by", uq ? json_string(uq->rec.name) : json_null());
		rc = json_print(po);
		goto out;
	}
	pager_start();
	printf("%s", col(stdout, C_BOLD));
	print_text(stdout, p->title);
	printf("%s  (%s)\n", col(stdout, C_RESET), p->rec.name);
	printf(_("status: %s"), lbl_piste_status(p->status));
	const char *reason = bilan_piste_last_reason(p);
	if (reason) {
		printf(" — ");
		print_text(stdout, reason);
	}
	printf("\n");
	if (p->rome.n) {
		printf("ROME:");
		for (size_t k = 0; k < p->rome.n; k++)
			printf(" %s", p->rome.v[k]);
		printf("\n");
	}
	if (p->why) {
		printf(_("why: "));
		print_text(stdout, p->why);
		printf("\n");
	}
	printf(_("evidence: "));
	print_evidence(stdout, &evd);
	printf("\n");
	const struct bilan_enquete *unconf = bilan_piste_unconfirmed(p, &enq);
	if (unconf) {
		printf("%s", col(stdout, C_YELLOW));
		printf(_("The enquête '%s' does not confirm this piste: is the status '%s' still right? "
			 "Set it again with the reason ('bilan piste set %s STATUS --reason ...'), "
			 "or discard it."), unconf->rec.name, lbl_piste_status(p->status),
		       p->rec.name);
		printf("%s\n", col(stdout, C_RESET));
	}
	printf("\n");
	for (size_t i = 0; i < ev.n; i++) {
		struct bilan_time t;
		char when[32] = "";
		if (bilan_time_parse_iso(&t, ev.v[i].iso))
			fw_when(when, &t);
		fputs(col(stdout, C_DIM), stdout);
		print_padded(stdout, when, 16);
		printf("%s  ", col(stdout, C_RESET));
		print_text(stdout, ev.v[i].text);
		printf("\n");
		if (ev.v[i].detail) {
			struct bilan_buf b = BILAN_BUF_INIT;
			bilan_text_wrap(&b, ev.v[i].detail, 72, "                    ");
			print_text(stdout, bilan_buf_cstr(&b));
			if (b.len && b.ptr[b.len - 1] != '\n')
				printf("\n");
			bilan_buf_clear(&b);
		}
	}
	rc = EXIT_DONE;
out:
	for (size_t i = 0; i < ev.n; i++) {
		free(ev.v[i].text);
		free(ev.v[i].detail);
	}
	free(ev.v);
	bilan_journal_free(j);
	bilan_pistes_clear(&l);
	bilan_enquetes_clear(&enq);
	bilan_todos_clear(&todos);
	return rc;
}

/* ---- set -------------------------------------------------------------------- */

static const struct cmd_option piste_set_opts[] = {
	{ "reason", 0, 'r', N_("TEXT"),
	  N_("why the status changes"), NULL },
	{ "force", 0, 'f', NULL,
	  N_("reopen a piste that is validee or ecartee"), NULL },
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

/* Evidence before a verdict: validating a piste with neither an enquête
 * held nor a research note asks for a confirmation (on a terminal), else
 * changes nothing and exits 3 (--force goes ahead).  Read before the lock;
 * 0 to go on. */
static int evidence_gate(const struct bilan_ws *ws, const char *typed, bool has_reason)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_pistes l = BILAN_PISTES_INIT;
	struct bilan_enquetes enq = BILAN_ENQUETES_INIT;
	struct bilan_journal *j = NULL;
	struct bilan_piste *p = NULL;
	int rc = 0;
	if (bilan_pistes_load(&l, ws, NULL, &err) < 0 ||
	    bilan_piste_find(&p, &l, typed, &err) < 0 ||
	    bilan_enquetes_load(&enq, ws, NULL, &err) < 0) {
		rc = print_error(&err);
		goto out;
	}
	/* a change refused anyway (no reason, the same status...) is said by
	 * the transition check, with its own exit status */
	if (bilan_piste_transition_check(p->status, BILAN_PISTE_VALIDEE, has_reason, false, NULL) < 0)
		goto out;
	if ((rc = load_journal(&j, ws, p->rec.name)))
		goto out;
	size_t held = 0;
	for (size_t i = 0; i < enq.n; i++)
		held += !strcmp(enq.v[i].piste, p->rec.name) &&
			enq.v[i].status == BILAN_ENQUETE_REALISEE;
	struct evidence ev;
	count_evidence(&ev, p, j, &enq);
	if (held || ev.research)
		goto out;
	if (stdin_is_tty()) {
		char *q = bilan_xasprintf(_("No enquête held and no research note for '%s': validate it anyway?"),
					  p->rec.name);
		struct bilan_buf clean = BILAN_BUF_INIT;
		sanitize_shown(&clean, q);
		bool yes = ask_yes_no(bilan_buf_cstr(&clean), false);
		bilan_buf_clear(&clean);
		free(q);
		if (!yes) {
			fprintf(stderr, "%s\n", _("Nothing changed."));
			rc = EXIT_DECISION;
		}
		goto out;
	}
	fail(_("not validating '%s' on no evidence: no enquête held and no research note"), p->rec.name);
	print_hint(
		_("hold an enquête ('bilan enquete add') or note your research ('bilan metier note CODE'), or add --force to validate it anyway"));
	rc = EXIT_DECISION;
out:
	bilan_journal_free(j);
	bilan_enquetes_clear(&enq);
	bilan_pistes_clear(&l);
	return rc;
}

static int piste_set(int argc, char **argv, struct bilan_ctx *ctx)
{
	const char *reason = NULL;
	bool force = false;
	int c;
	while ((c = cmd_opt_next(&cmd_piste, piste_set_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		case 'r': reason = optarg; break;
		case 'f': force = true; break;
		default: return EXIT_USAGE;
		}
	}
	/* options may follow the arguments: bilan piste set dev ecartee --reason ... */
	int nargs = argc - optind;
	char **args = argv + optind;
	if (nargs < 2)
		return usage_error(&cmd_piste, _("give the piste and its new status"));
	if (nargs > 2)
		return usage_error(&cmd_piste, _("too many arguments (put the reason in quotes after --reason)"));
	enum bilan_piste_status to;
	if (bilan_piste_status_parse(&to, lbl_alias(args[1])) < 0)
		return bad_value(_("the status"), args[1], bilan_piste_status_names);
	if (reason && (!*reason || !bilan_utf8_valid(reason, strlen(reason), NULL)))
		return usage_error(&cmd_piste, _("the reason is empty or not valid UTF-8"));
	struct bilan_ws *ws = ctx->ws;
	int rc;
	if ((rc = fw_may_work(ws, BILAN_WORK_NEW, "piste set")))
		return rc;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_pistes l = BILAN_PISTES_INIT;
	struct bilan_piste *p = NULL;
	if (to == BILAN_PISTE_VALIDEE && !force && (rc = evidence_gate(ws, args[0], reason != NULL)))
		return rc;
	if (bilan_ws_begin(ws, "piste set", &err) < 0)
		return print_error(&err);
	int r = bilan_pistes_load(&l, ws, NULL, &err);
	if (r == 0)
		r = bilan_piste_find(&p, &l, args[0], &err);
	enum bilan_piste_status from = p ? p->status : to;
	if (r == 0)
		r = bilan_piste_transition_check(from, to, reason != NULL, force, &err);
	if (r == 0) {
		struct bilan_time now = bilan_time_now();
		bilan_piste_set_status(p, to, &now, reason,
				       force && (from == BILAN_PISTE_VALIDEE || from == BILAN_PISTE_ECARTEE));
		r = bilan_ws_write(ws, p->rec.rel, p->rec.doc->root, &err);
	}
	char *msg = p ? bilan_xasprintf("piste: %s %s -> %s", p->rec.name,
					bilan_piste_status_name(from), bilan_piste_status_name(to))
		      : bilan_xstrdup("piste: set");
	rc = finish_txn(ws, r, msg, &err);
	free(msg);
	if (rc == EXIT_DONE) {
		printf(_("Piste '%s' is now '%s'."), p->rec.name, lbl_piste_status(to));
		printf("\n");
	}
	bilan_pistes_clear(&l);
	return rc;
}

static const struct bilan_subcmd subs[] = {
	{ "add", piste_add, N_("add a career hypothesis"),
	  piste_add_opts, NULL },
	{ "list", piste_list, N_("list the pistes with their evidence"),
	  piste_list_opts, NULL },
	{ "show", piste_show, N_("show a piste and everything linked to it, in time order"),
	  piste_show_opts, "@piste" },
	{ "set", piste_set, N_("change the status of a piste"),
	  piste_set_opts, "@piste" },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_piste = {
	"piste", run, N_("career hypotheses to explore, validate or set aside"),
	N_("bilan piste add [--rome CODE]... [--why TEXT] TITLE...\n"
	   "bilan piste list [--status STATUS] [--json]\n"
	   "bilan piste show [--json] SLUG\n"
	   "bilan piste set [--reason TEXT] [--force] SLUG STATUS"),
	CMD_NEEDS_WS,
	NULL, subs, NULL, "list",
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	return cmd_dispatch_sub(&cmd_piste, subs, "list", argc, argv, ctx);
}
