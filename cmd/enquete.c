/* enquete.c - bilan enquete: enquêtes métier (add, list, show, set, done, guide).
 * Contact details live only in private/contacts/ and never reach a commit
 * message.  list, show and guide only read: no repository. */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "enquete.h"
#include "fieldwork.h"
#include "labels.h"
#include "table.h"
#include "piste.h"
#include "rome.h"
#include "text.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

static void print_enquete_line(struct table *tb, const struct bilan_enquete *e)
{
	char when[32] = "";
	if (e->has_date)
		fw_when(when, &e->date);
	table_row(tb);
	table_cell_sgr(tb, col(stdout, C_BOLD), e->rec.name, col(stdout, C_RESET));
	table_cell(tb, lbl_enquete_status(e->status));
	table_cell(tb, when);
	struct bilan_buf b = BILAN_BUF_INIT;
	char *label = bilan_enquete_label(e);
	if (label)
		sanitize_shown(&b, label);
	free(label);
	if (e->has_verdict)
		bilan_buf_printf(&b, "  %s[%s]%s", col(stdout, e->verdict == BILAN_VERDICT_INFIRME ? C_RED :
					   e->verdict == BILAN_VERDICT_CONFORTE ? C_GREEN : C_YELLOW),
				 fw_verdict_label(e->verdict), col(stdout, C_RESET));
	table_cell(tb, bilan_buf_cstr(&b));
	bilan_buf_clear(&b);
}

static int resolve_piste(char **out_slug, char **out_title, const struct bilan_ws *ws,
			 const char *typed)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_pistes l = BILAN_PISTES_INIT;
	struct bilan_piste *p = NULL;
	if (bilan_pistes_load(&l, ws, NULL, &err) < 0 || bilan_piste_find(&p, &l, typed, &err) < 0) {
		bilan_pistes_clear(&l);
		return print_error(&err);
	}
	*out_slug = bilan_xstrdup(p->rec.name);
	if (out_title)
		*out_title = bilan_xstrdup(p->title);
	bilan_pistes_clear(&l);
	return 0;
}

static int check_contact_opts(const char *name, const char *phone, const char *email)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	if ((phone && bilan_contact_phone_check(phone, &err) < 0) ||
	    (email && bilan_contact_email_check(email, &err) < 0))
		return print_error(&err);
	if (name && (!*name || !bilan_utf8_valid(name, strlen(name), NULL) || strchr(name, '\n')))
		return usage_error(&cmd_enquete, _("--with needs a name on one line"));
	return 0;
}

/* ---- add -------------------------------------------------------------------- */

static const struct cmd_option enquete_add_opts[] = {
	{ "piste", 0, 'p', N_("SLUG"),
	  N_("the piste the interview explores"), "@piste" },
	{ "with", 0, 'w', N_("NAME"),
	  N_("the person met"), NULL },
	{ "phone", 0, 'P', N_("NUMBER"),
	  N_("their phone number"), NULL },
	{ "email", 0, 'e', N_("EMAIL"),
	  N_("their email address"), NULL },
	{ "role", 0, 'r', N_("ROLE"),
	  N_("the professional's job"), NULL },
	{ "org", 0, 'o', N_("ORG"),
	  N_("their organisation"), NULL },
	{ "channel", 0, 'c', N_("CHANNEL"),
	  N_("how the contact was found or made"), NULL },
	{ "date", 0, 'd', N_("WHEN"),
	  N_("when the interview is planned"), NULL },
	CMD_OPT_ADD_OUTPUT,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int enquete_add(int argc, char **argv, struct bilan_ctx *ctx)
{
	struct bilan_enquete_new e = { 0 };
	const char *piste = NULL, *date = NULL;
	bool json = false, quiet = false;
	int c, rc;
	while ((c = cmd_opt_next(&cmd_enquete, enquete_add_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		case 'q': quiet = true; break;
		case 'p': piste = optarg; break;
		case 'w': e.name = optarg; break;
		case 'P': e.phone = optarg; break;
		case 'e': e.email = optarg; break;
		case 'r': e.role = optarg; break;
		case 'o': e.organisation = optarg; break;
		case 'c': e.channel = optarg; break;
		case 'd': date = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_enquete, _("too many arguments"));
	if (!piste)
		return usage_error(&cmd_enquete, _("an enquête belongs to a piste: give --piste SLUG"));
	struct bilan_ws *ws = ctx->ws;
	if ((rc = fw_may_work(ws, BILAN_WORK_NEW, "enquete add")) ||
	    (rc = check_contact_opts(e.name, e.phone, e.email)))
		return rc;
	if (date) {
		if ((rc = fw_parse_date(&e.date, date, true, false)))
			return rc;
		e.has_date = true;
	}
	char *slug_piste = NULL;
	if ((rc = resolve_piste(&slug_piste, NULL, ws, piste)))
		return rc;
	e.piste = slug_piste;
	e.when = bilan_time_now();

	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_enquetes l = BILAN_ENQUETES_INIT;
	struct bilan_node *root = NULL, *contact = NULL;
	char slug[BILAN_SLUG_MAX + 1] = "";
	if (bilan_ws_begin(ws, "enquete add", &err) < 0) {
		free(slug_piste);
		return print_error(&err);
	}
	int r = bilan_enquetes_load(&l, ws, NULL, &err);
	if (r == 0)
		r = bilan_enquete_build(&root, &contact, slug, &l, &e, &err);
	if (r == 0) {
		char *rel = bilan_xasprintf("%s/%s.yaml", BILAN_ENQUETE_DIR, slug);
		r = bilan_ws_write(ws, rel, root, &err);
		free(rel);
	}
	if (r == 0 && contact) {
		char *rel = bilan_xasprintf("%s/%s.yaml", BILAN_CONTACT_DIR, slug);
		r = bilan_ws_write(ws, rel, contact, &err);
		free(rel);
	}
	char *msg = bilan_xasprintf("enquete: add %s", slug);
	rc = finish_txn(ws, r, msg, &err);
	free(msg);
	if (rc == EXIT_DONE && json) {
		char *rel = bilan_xasprintf("%s/%s.yaml", BILAN_ENQUETE_DIR, slug);
		char *crel = contact ? bilan_xasprintf("%s/%s.yaml", BILAN_CONTACT_DIR, slug) : NULL;
		rc = print_added_json(slug, rel, json_pack("{s:s, s:s, s:o}",
			"status", e.has_date ? "planifiee" : "a-contacter", "piste", slug_piste,
			"contact", json_str_or_null(crel)));
		free(rel);
		free(crel);
	} else if (rc == EXIT_DONE && !quiet) {
		printf(_("Added enquête '%s' (%s) on piste '%s'."), slug,
		       e.has_date ? "planifiee" : "a-contacter", slug_piste);
		printf("\n");
		if (stdout_is_tty()) {
			printf(_("Prepare it with 'bilan enquete guide %s'."), slug);
			printf("\n");
		}
	}
	bilan_node_free(root);
	bilan_node_free(contact);
	bilan_enquetes_clear(&l);
	free(slug_piste);
	return rc;
}

/* ---- list ------------------------------------------------------------------- */

static const struct cmd_option enquete_list_opts[] = {
	{ "status", 0, 's', N_("STATUS"),
	  N_("only the interviews with this status"), "a-contacter contactee planifiee realisee abandonnee" },
	{ "piste", 0, 'p', N_("SLUG"),
	  N_("only the interviews of this piste"), "@piste" },
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int enquete_list(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool json = false, filter = false;
	enum bilan_enquete_status want = BILAN_ENQUETE_A_CONTACTER;
	const char *piste = NULL;
	int c, rc;
	while ((c = cmd_opt_next(&cmd_enquete, enquete_list_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 's':
			if (bilan_enquete_status_parse(&want, lbl_alias(optarg)) < 0)
				return bad_value("--status", optarg, bilan_enquete_status_names);
			filter = true;
			break;
		case 'p': piste = optarg; break;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_enquete, _("too many arguments"));
	const struct bilan_ws *ws = ctx->ws;
	char *slug_piste = NULL;
	if (piste && (rc = resolve_piste(&slug_piste, NULL, ws, piste)))
		return rc;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_enquetes l = BILAN_ENQUETES_INIT;
	struct bilan_diags d = BILAN_DIAGS_INIT;
	if (bilan_enquetes_load(&l, ws, &d, &err) < 0) {
		free(slug_piste);
		return print_error(&err);
	}
	json_t *a = json ? json_array() : NULL;
	size_t shown = 0;
	struct table *tb = table_new();
	for (size_t i = 0; i < l.n; i++) {
		const struct bilan_enquete *e = &l.v[i];
		if ((filter && e->status != want) || (slug_piste && strcmp(e->piste, slug_piste)))
			continue;
		shown++;
		if (!json) {
			print_enquete_line(tb, e);
			continue;
		}
		char iso[BILAN_TIME_ISO_MAX];
		if (e->has_date)
			bilan_time_format_iso(iso, &e->date);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b}",
			"slug", e->rec.name, "piste", e->piste,
			"status", bilan_enquete_status_name(e->status),
			"date", e->has_date ? json_string(iso) : json_null(),
			"role", json_str_or_null(e->role),
			"organisation", json_str_or_null(e->organisation),
			"channel", json_str_or_null(e->channel),
			"verdict", e->has_verdict ? json_string(bilan_verdict_name(e->verdict)) : json_null(),
			"has_contact", e->contact != NULL));
	}
	table_print(tb, stdout);
	table_free(tb);
	if (json)
		rc = json_print_list("enquetes", a);
	else {
		if (!shown)
			printf("%s\n", l.n ? _("No enquête matches.")
					   : _("No enquête yet: add one with 'bilan enquete add --piste SLUG'."));
		rc = EXIT_DONE;
	}
	rc = fw_list_end(&d, rc);
	bilan_enquetes_clear(&l);
	free(slug_piste);
	return rc;
}

/* ---- show ------------------------------------------------------------------- */

static int load_contact(struct bilan_record *out, const struct bilan_ws *ws,
			const struct bilan_enquete *e)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	memset(out, 0, sizeof(*out));
	if (!e->contact)
		return 0;
	if (!bilan_slug_valid(e->contact)) {
		warn(_("enquête '%s' names an invalid contacts file '%s'"), e->rec.name, e->contact);
		return 0;
	}
	int r = bilan_record_load(out, ws, BILAN_CONTACT_DIR, e->contact, &err);
	if (r == BILAN_ENOTFOUND)
		return 0;   /* e.g. a clone that did not get private/ */
	if (r < 0) {
		print_error(&err);
		return EXIT_FAILED;
	}
	return 0;
}

static const struct cmd_option enquete_show_opts[] = {
	{ "json", 0, 'j', NULL,
	  N_("print JSON"), NULL },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int enquete_show(int argc, char **argv, struct bilan_ctx *ctx)
{
	bool json = false;
	int c, rc;
	while ((c = cmd_opt_next(&cmd_enquete, enquete_show_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'j': json = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_enquete, _("which enquête? give its slug"));
	if (optind + 1 < argc)
		return usage_error(&cmd_enquete, _("too many arguments"));
	const struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_enquetes l = BILAN_ENQUETES_INIT;
	struct bilan_enquete *e = NULL;
	struct bilan_record contact;
	if (bilan_enquetes_load(&l, ws, NULL, &err) < 0 ||
	    bilan_enquete_find(&e, &l, argv[optind], &err) < 0) {
		bilan_enquetes_clear(&l);
		return print_error(&err);
	}
	if ((rc = load_contact(&contact, ws, e))) {
		bilan_enquetes_clear(&l);
		return rc;
	}
	const struct bilan_node *root = e->rec.doc->root;
	const struct bilan_node *outcome = bilan_map_get(root, "outcome");
	const struct bilan_node *croot = contact.doc ? contact.doc->root : NULL;
	static const char *const okeys[] = { "confirmed", "surprised", "attention", "notes" };
	static const char *const olabels[] = { N_("What confirmed the picture"), N_("What surprised"),
					       N_("Points of attention"), N_("Other notes") };
	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "slug", json_string(e->rec.name));
		json_object_set_new(o, "piste", json_string(e->piste));
		json_object_set_new(o, "status", json_string(bilan_enquete_status_name(e->status)));
		json_object_set_new(o, "date", json_str_or_null(bilan_map_str(root, "date")));
		json_object_set_new(o, "role", json_str_or_null(e->role));
		json_object_set_new(o, "organisation", json_str_or_null(e->organisation));
		json_object_set_new(o, "channel", json_str_or_null(e->channel));
		json_object_set_new(o, "verdict", e->has_verdict ?
				    json_string(bilan_verdict_name(e->verdict)) : json_null());
		json_t *oj = json_object();
		for (int k = 0; k < 4; k++)
			json_object_set_new(oj, okeys[k], json_str_or_null(bilan_map_str(outcome, okeys[k])));
		json_object_set_new(o, "outcome", outcome ? oj : (json_decref(oj), json_null()));
		json_t *h = json_array();
		const struct bilan_node *hist = bilan_map_get(root, "history");
		for (size_t i = 0; hist && hist->type == BILAN_NODE_SEQ && i < hist->n; i++)
			json_array_append_new(h, json_pack("{s:o, s:o, s:o, s:o}",
				"date", json_str_or_null(bilan_map_str(hist->items[i], "date")),
				"from", json_str_or_null(bilan_map_str(hist->items[i], "from")),
				"to", json_str_or_null(bilan_map_str(hist->items[i], "to")),
				"reason", json_str_or_null(bilan_map_str(hist->items[i], "reason"))));
		json_object_set_new(o, "history", h);
		json_t *cj = json_null();
		if (croot) {
			json_t *sug = json_array();
			const struct bilan_node *s = bilan_map_get(croot, "suggested");
			for (size_t i = 0; s && s->type == BILAN_NODE_SEQ && i < s->n; i++)
				json_array_append_new(sug, json_str_or_null(bilan_map_str(s->items[i], "text")));
			cj = json_pack("{s:o, s:o, s:o, s:o}",
				       "name", json_str_or_null(bilan_map_str(croot, "name")),
				       "phone", json_str_or_null(bilan_map_str(croot, "phone")),
				       "email", json_str_or_null(bilan_map_str(croot, "email")),
				       "suggested", sug);
		}
		json_object_set_new(o, "contact", cj);
		rc = json_print(o);
		goto out;
	}
	pager_start();
	char *label = bilan_enquete_label(e);
	printf("%s%s%s", col(stdout, C_BOLD), e->rec.name, col(stdout, C_RESET));
	if (label) {
		printf(" — ");
		print_text(stdout, label);
	}
	free(label);
	printf("\n");
	printf(_("piste: %s"), e->piste);
	printf("\n");
	printf(_("status: %s"), lbl_enquete_status(e->status));
	if (e->has_date) {
		char when[32];
		printf(" · %s", fw_when(when, &e->date));
	}
	printf("\n");
	if (e->channel) {
		printf(_("channel: "));
		print_text(stdout, e->channel);
		printf("\n");
	}
	if (croot) {
		printf("%s", col(stdout, C_DIM));
		printf(_("contact (private, kept on this computer):"));
		printf("%s\n", col(stdout, C_RESET));
		const char *ck[] = { "name", "phone", "email" };
		for (int k = 0; k < 3; k++) {
			const char *v = bilan_map_str(croot, ck[k]);
			if (v) {
				printf("  ");
				print_text(stdout, v);
				printf("\n");
			}
		}
	}
	if (e->has_verdict) {
		printf("\n");
		printf(_("verdict: %s"), fw_verdict_label(e->verdict));
		printf("\n");
		for (int k = 0; k < 4; k++) {
			const char *v = bilan_map_str(outcome, okeys[k]);
			if (!v)
				continue;
			printf("\n%s%s%s\n", col(stdout, C_BOLD), _(olabels[k]), col(stdout, C_RESET));
			print_text(stdout, v);
			printf("\n");
		}
	}
	const struct bilan_node *s = croot ? bilan_map_get(croot, "suggested") : NULL;
	if (s && s->type == BILAN_NODE_SEQ && s->n) {
		printf("\n%s%s%s\n", col(stdout, C_BOLD), _("Contacts suggested (private)"),
		       col(stdout, C_RESET));
		for (size_t i = 0; i < s->n; i++) {
			print_text(stdout, bilan_map_str(s->items[i], "text"));
			printf("\n");
		}
	}
	const struct bilan_node *hist = bilan_map_get(root, "history");
	if (hist && hist->type == BILAN_NODE_SEQ && hist->n) {
		printf("\n%s%s%s\n", col(stdout, C_BOLD), _("History"), col(stdout, C_RESET));
		struct table *tb = table_new();
		for (size_t i = 0; i < hist->n; i++) {
			struct bilan_time t;
			char when[32] = "";
			const char *date = bilan_map_str(hist->items[i], "date");
			if (date && bilan_time_parse_iso(&t, date))
				fw_when(when, &t);
			const char *from = bilan_map_str(hist->items[i], "from");
			const char *to = bilan_map_str(hist->items[i], "to");
			const char *reason = bilan_map_str(hist->items[i], "reason");
			table_row(tb);
			table_cell(tb, "");
			table_cell(tb, when);
			struct bilan_buf b = BILAN_BUF_INIT;
			bilan_buf_printf(&b, "%s%s%s", from ? lbl_enquete_status_str(from) : "",
					 from ? " → " : "", lbl_enquete_status_str(to));
			if (reason) {
				bilan_buf_puts(&b, " — ");
				sanitize_shown(&b, reason);
			}
			table_cell(tb, bilan_buf_cstr(&b));
			bilan_buf_clear(&b);
		}
		table_print(tb, stdout);
		table_free(tb);
	}
	rc = EXIT_DONE;
out:
	bilan_record_clear(&contact);
	bilan_enquetes_clear(&l);
	return rc;
}

/* ---- set -------------------------------------------------------------------- */

/* Write the contacts file of e with the given changes (inside the transaction). */
static int write_contact(struct bilan_ws *ws, struct bilan_enquete *e, const char *name,
			 const char *phone, const char *email, const char *suggested,
			 const struct bilan_time *now, struct bilan_error *err)
{
	const char *slug = e->contact && bilan_slug_valid(e->contact) ? e->contact : e->rec.name;
	struct bilan_record rec;
	int r = bilan_record_load(&rec, ws, BILAN_CONTACT_DIR, slug, err);
	if (r < 0 && r != BILAN_ENOTFOUND)
		return r;
	struct bilan_node *root = bilan_contact_update(r == 0 ? rec.doc->root : NULL, slug,
						      name, phone, email, suggested, now);
	char *rel = bilan_xasprintf("%s/%s.yaml", BILAN_CONTACT_DIR, slug);
	r = bilan_ws_write(ws, rel, root, err);
	free(rel);
	if (!rec.doc)
		bilan_node_free(root);
	bilan_record_clear(&rec);
	if (r == 0 && !e->contact) {
		bilan_map_set_str(e->rec.doc->root, "contact", slug);
		r = 1;   /* the enquête file changed too */
	}
	return r;
}

static const struct cmd_option enquete_set_opts[] = {
	{ "date", 0, 'd', N_("WHEN"),
	  N_("when the interview is planned or took place"), NULL },
	{ "reason", 0, 'r', N_("TEXT"),
	  N_("why the interview is given up"), NULL },
	{ "with", 0, 'w', N_("NAME"),
	  N_("the person met"), NULL },
	{ "phone", 0, 'P', N_("NUMBER"),
	  N_("their phone number"), NULL },
	{ "email", 0, 'e', N_("EMAIL"),
	  N_("their email address"), NULL },
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int enquete_set(int argc, char **argv, struct bilan_ctx *ctx)
{
	const char *date = NULL, *reason = NULL, *name = NULL, *phone = NULL, *email = NULL;
	int c, rc;
	while ((c = cmd_opt_next(&cmd_enquete, enquete_set_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		case 'd': date = optarg; break;
		case 'r': reason = optarg; break;
		case 'w': name = optarg; break;
		case 'P': phone = optarg; break;
		case 'e': email = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	int nargs = argc - optind;
	char **args = argv + optind;
	if (nargs < 1)
		return usage_error(&cmd_enquete, _("which enquête? give its slug"));
	if (nargs > 2)
		return usage_error(&cmd_enquete, _("too many arguments"));
	bool has_status = nargs == 2, has_contact = name || phone || email;
	enum bilan_enquete_status to = BILAN_ENQUETE_A_CONTACTER;
	if (has_status && bilan_enquete_status_parse(&to, lbl_alias(args[1])) < 0)
		return bad_value(_("the status"), args[1], bilan_enquete_status_names);
	if (!has_status && !has_contact && !date)
		return usage_error(&cmd_enquete, _("nothing to change: give a status, --date or contact details"));
	if (reason && (!*reason || !bilan_utf8_valid(reason, strlen(reason), NULL)))
		return usage_error(&cmd_enquete, _("the reason is empty or not valid UTF-8"));
	struct bilan_time when_date;
	if (date && (rc = fw_parse_date(&when_date, date, true, false)))
		return rc;
	struct bilan_ws *ws = ctx->ws;
	if ((rc = fw_may_work(ws, BILAN_WORK_NEW, "enquete set")) ||
	    (rc = check_contact_opts(name, phone, email)))
		return rc;

	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_enquetes l = BILAN_ENQUETES_INIT;
	struct bilan_enquete *e = NULL;
	struct bilan_time now = bilan_time_now();
	if (bilan_ws_begin(ws, "enquete set", &err) < 0)
		return print_error(&err);
	int r = bilan_enquetes_load(&l, ws, NULL, &err);
	if (r == 0)
		r = bilan_enquete_find(&e, &l, args[0], &err);
	enum bilan_enquete_status from = e ? e->status : to;
	bool changed = false;
	if (r == 0 && has_status) {
		r = bilan_enquete_transition_check(from, to, &err);
		if (r == 0 && to == BILAN_ENQUETE_PLANIFIEE && !date && !e->has_date) {
			r = bilan_error_set(&err, BILAN_EUSAGE, _("a planned enquête needs its date"));
			bilan_error_hint(&err, _("add --date WHEN, e.g. --date 'jeudi 14h'"));
		}
		if (r == 0) {
			bilan_enquete_set_status(e, to, &now, reason, date ? &when_date : NULL);
			changed = true;
		}
	} else if (r == 0 && date) {
		if (e->status == BILAN_ENQUETE_REALISEE || e->status == BILAN_ENQUETE_ABANDONNEE) {
			r = bilan_error_set(&err, BILAN_EUSAGE,
					    _("the enquête is '%s': its status no longer changes"),
					    lbl_enquete_status(e->status));
		} else if (e->status != BILAN_ENQUETE_PLANIFIEE) {
			/* a date plans it */
			bilan_enquete_set_status(e, BILAN_ENQUETE_PLANIFIEE, &now, reason, &when_date);
			to = BILAN_ENQUETE_PLANIFIEE;
			has_status = true;
			changed = true;
		} else {
			char iso[BILAN_TIME_ISO_MAX];
			bilan_map_set_str(e->rec.doc->root, "date", bilan_iso(iso, &when_date));
			changed = true;
		}
	}
	if (r == 0 && has_contact) {
		r = write_contact(ws, e, name, phone, email, NULL, &now, &err);
		if (r == 1) {
			changed = true;
			r = 0;
		}
	}
	if (r == 0 && changed)
		r = bilan_ws_write(ws, e->rec.rel, e->rec.doc->root, &err);
	char *msg;
	if (e && has_status)
		msg = bilan_xasprintf("enquete: %s %s -> %s", e->rec.name,
				      bilan_enquete_status_name(from), bilan_enquete_status_name(to));
	else if (e && date)
		msg = bilan_xasprintf("enquete: %s new date", e->rec.name);
	else
		msg = bilan_xasprintf("enquete: %s contact details", e ? e->rec.name : "?");
	rc = finish_txn(ws, r, msg, &err);
	free(msg);
	if (rc == EXIT_DONE) {
		printf(_("Enquête '%s' is '%s'."), e->rec.name, lbl_enquete_status(e->status));
		printf("\n");
	}
	bilan_enquetes_clear(&l);
	return rc;
}

/* ---- done ------------------------------------------------------------------- */

static const struct cmd_option enquete_done_opts[] = {
	{ "verdict", 0, 'v', N_("VERDICT"),
	  N_("what the interview did to the piste"), "conforte nuance infirme" },
	{ "date", 0, 'd', N_("WHEN"),
	  N_("when the interview took place (default: now)"), NULL },
	{ "confirmed", 0, 'C', N_("TEXT"),
	  N_("what it confirmed"), NULL },
	{ "surprised", 0, 'S', N_("TEXT"),
	  N_("what surprised you"), NULL },
	{ "attention", 0, 'A', N_("TEXT"),
	  N_("what needs attention"), NULL },
	{ "suggested", 0, 'G', N_("TEXT"),
	  N_("what was suggested next"), NULL },
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

/* s when it holds something other than blanks, else NULL (s freed). */
static char *blank_to_null(char *s)
{
	if (!s)
		return NULL;
	for (const char *p = s; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return s;
	free(s);
	return NULL;
}

static int enquete_done(int argc, char **argv, struct bilan_ctx *ctx)
{
	const char *verdict = NULL, *date = NULL;
	const char *opt[4] = { NULL, NULL, NULL, NULL };   /* confirmed surprised attention suggested */
	int c, rc;
	while ((c = cmd_opt_next(&cmd_enquete, enquete_done_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		case 'v': verdict = optarg; break;
		case 'd': date = optarg; break;
		case 'C': opt[0] = optarg; break;
		case 'S': opt[1] = optarg; break;
		case 'A': opt[2] = optarg; break;
		case 'G': opt[3] = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_enquete, _("which enquête? give its slug"));
	const char *typed = argv[optind];
	enum bilan_verdict v;
	if (!verdict)
		return bad_value("--verdict", "", bilan_verdict_names);
	if (bilan_verdict_parse(&v, lbl_alias(verdict)) < 0)
		return bad_value("--verdict", verdict, bilan_verdict_names);
	struct bilan_time held;
	bool has_held = false;
	if (date) {
		struct bilan_date_opts o = BILAN_DATE_OPTS_PAST;
		struct bilan_error derr = BILAN_ERROR_INIT;
		if (bilan_date_parse(&held, date, &o, &derr) < 0)
			return print_error(&derr);
		has_held = true;
	}
	for (int k = 0; k < 4; k++)
		if (opt[k] && !bilan_utf8_valid(opt[k], strlen(opt[k]), NULL))
			return usage_error(&cmd_enquete, _("the text is not valid UTF-8"));
	struct bilan_ws *ws = ctx->ws;
	if ((rc = fw_may_work(ws, BILAN_WORK_NEW, "enquete done")))
		return rc;

	/* check before asking for the notes */
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_enquetes l = BILAN_ENQUETES_INIT;
	struct bilan_enquete *e = NULL;
	char *piste_title = NULL, *label = NULL;
	if (bilan_enquetes_load(&l, ws, NULL, &err) < 0 ||
	    bilan_enquete_find(&e, &l, typed, &err) < 0) {
		bilan_enquetes_clear(&l);
		return print_error(&err);
	}
	if (e->status == BILAN_ENQUETE_REALISEE || e->status == BILAN_ENQUETE_ABANDONNEE) {
		bilan_error_set(&err, BILAN_EUSAGE, _("the enquête is '%s': its status no longer changes"),
				lbl_enquete_status(e->status));
		bilan_error_hint(&err, _("to interview someone again, add a new enquête"));
		bilan_enquetes_clear(&l);
		return print_error(&err);
	}
	char *slug = bilan_xstrdup(e->rec.name);
	label = bilan_enquete_label(e);
	{
		struct bilan_pistes pl = BILAN_PISTES_INIT;
		struct bilan_piste *p = NULL;
		struct bilan_error perr = BILAN_ERROR_INIT;
		if (bilan_pistes_load(&pl, ws, NULL, &perr) == 0 &&
		    bilan_piste_find(&p, &pl, e->piste, &perr) == 0)
			piste_title = bilan_xstrdup(p->title);
		bilan_pistes_clear(&pl);
	}
	bilan_enquetes_clear(&l);

	/* the notes: options and arguments, else stdin or the editor */
	struct bilan_enquete_notes notes = { 0 };
	char *args = fw_join_args(argc, argv, optind + 1);
	if (args || opt[0] || opt[1] || opt[2] || opt[3]) {
		notes.notes = blank_to_null(args);
		args = NULL;
		notes.confirmed = blank_to_null(opt[0] ? bilan_xstrdup(opt[0]) : NULL);
		notes.surprised = blank_to_null(opt[1] ? bilan_xstrdup(opt[1]) : NULL);
		notes.attention = blank_to_null(opt[2] ? bilan_xstrdup(opt[2]) : NULL);
		notes.suggested = blank_to_null(opt[3] ? bilan_xstrdup(opt[3]) : NULL);
	} else {
		char *tpl = bilan_enquete_notes_template(piste_title, label);
		char *text = NULL;
		bool from_editor = false;
		int r = fw_read_text(&text, &from_editor, ws, NULL, tpl, &err);
		free(tpl);
		if (r < 0) {
			free(slug);
			free(piste_title);
			free(label);
			return print_error(&err);
		}
		if (!bilan_utf8_valid(text, strlen(text), NULL)) {
			free(text);
			free(slug);
			free(piste_title);
			free(label);
			return fail(_("the notes are not valid UTF-8"));
		}
		bilan_enquete_notes_parse(&notes, text);
		free(text);
	}
	free(piste_title);
	free(label);
	/* empty notes cancel, whatever their source (options, arguments,
	 * standard input, /dev/null or the editor): a verdict is never saved
	 * without something to explain it */
	if (bilan_enquete_notes_empty(&notes)) {
		bilan_enquete_notes_clear(&notes);
		free(slug);
		return fail(_("no notes written: nothing recorded"));
	}

	/* record, under the lock, against the file as it is now */
	struct bilan_time now = bilan_time_now();
	if (bilan_ws_begin(ws, "enquete done", &err) < 0) {
		bilan_enquete_notes_clear(&notes);
		free(slug);
		return print_error(&err);
	}
	int r = bilan_enquetes_load(&l, ws, NULL, &err);
	if (r == 0)
		r = bilan_enquete_find(&e, &l, slug, &err);
	enum bilan_enquete_status from = e ? e->status : BILAN_ENQUETE_A_CONTACTER;
	if (r == 0 && (from == BILAN_ENQUETE_REALISEE || from == BILAN_ENQUETE_ABANDONNEE))
		r = bilan_error_set(&err, BILAN_EUSAGE,
				    _("the enquête is '%s': its status no longer changes"),
				    lbl_enquete_status(from));
	if (r == 0) {
		if (!has_held)
			held = e->has_date && e->date.t <= now.t ? e->date : now;
		bilan_enquete_set_outcome(e, v, &held, &notes, &now);
		if (notes.suggested) {
			r = write_contact(ws, e, NULL, NULL, NULL, notes.suggested, &now, &err);
			if (r == 1)
				r = 0;
		}
	}
	if (r == 0)
		r = bilan_ws_write(ws, e->rec.rel, e->rec.doc->root, &err);
	char *msg = bilan_xasprintf("enquete: %s done (%s)", slug, bilan_verdict_name(v));
	rc = finish_txn(ws, r, msg, &err);
	free(msg);
	if (rc == EXIT_DONE) {
		printf(_("Enquête '%s' recorded with verdict '%s' on piste '%s'."), slug,
		       fw_verdict_label(v), e->piste);
		printf("\n");
		if (v == BILAN_VERDICT_INFIRME) {
			printf(_("The enquête does not confirm the piste: is its status still right? "
				 "'bilan piste set %s ecartee --reason ...', or say why it holds with "
				 "'bilan piste set %s STATUS --reason ...'."), e->piste, e->piste);
			printf("\n");
		}
	}
	bilan_enquete_notes_clear(&notes);
	bilan_enquetes_clear(&l);
	free(slug);
	return rc;
}

/* ---- guide ------------------------------------------------------------------ */

static void put_line(struct bilan_buf *out, const char *prefix, const char *text,
		     const char *metier)
{
	/* {metier} -> the piste's title */
	bilan_buf_puts(out, prefix);
	const char *p = text;
	const char *m;
	while ((m = strstr(p, "{metier}"))) {
		bilan_buf_put(out, p, (size_t)(m - p));
		bilan_buf_puts(out, metier);
		p = m + strlen("{metier}");
	}
	bilan_buf_puts(out, p);
	bilan_buf_putc(out, '\n');
}

static void put_items(struct bilan_buf *out, const struct bilan_node *seq, const char *metier)
{
	for (size_t i = 0; seq && seq->type == BILAN_NODE_SEQ && i < seq->n; i++)
		if (seq->items[i]->type == BILAN_NODE_SCALAR)
			put_line(out, "  - ", seq->items[i]->value, metier);
}

/* Questions from the piste's ROME fiches: one per core skill, and the
 * access conditions to hold against the field. */
static void put_rome(struct bilan_buf *out, const struct bilan_strlist *codes)
{
	struct bilan_rome *r = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (!codes->n)
		return;
	if (bilan_rome_open(&r, NULL, &err) < 0) {
		warn(_("the ROME data cannot be read (%s): the guide has no fiche-specific questions"),
		     err.message);
		return;
	}
	for (size_t c = 0; c < codes->n; c++) {
		struct bilan_rome_fiche f;
		if (bilan_rome_lookup(&f, r, codes->v[c], &err) < 0)
			continue;
		bilan_buf_printf(out, "\n### Questions tirées de la fiche ROME %s (%s)\n", f.code, f.title);
		size_t asked = 0;
		for (size_t k = 0; k < f.n_items && asked < 8; k++) {
			struct bilan_rome_item it;
			bilan_rome_item(&it, r, f.index, k);
			if (!it.core || it.kind == BILAN_ROME_SAVOIR)
				continue;
			bilan_buf_printf(out, "  - Dans votre quotidien, comment mobilisez-vous : %s ?\n",
					 it.label);
			asked++;
		}
		if (f.acces && *f.acces) {
			char *first = bilan_text_first_line(f.acces, 160);
			bilan_buf_printf(out, "  - La fiche indique pour l'accès au métier : « %s ». "
					 "Est-ce ce que vous observez sur le terrain ?\n", first);
			free(first);
		}
		if (f.flags & BILAN_ROME_REGLEMENTE)
			bilan_buf_puts(out, "  - C'est un métier réglementé : quelles sont les conditions "
				       "à remplir concrètement, et combien de temps faut-il pour les réunir ?\n");
	}
	bilan_buf_printf(out, "\n%s\n", BILAN_ROME_SOURCE);
	bilan_rome_free(r);
}

static const struct cmd_option enquete_guide_opts[] = {
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int enquete_guide(int argc, char **argv, struct bilan_ctx *ctx)
{
	int c;
	while ((c = cmd_opt_next(&cmd_enquete, enquete_guide_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(&cmd_enquete, _("which enquête or piste? give its slug"));
	if (optind + 1 < argc)
		return usage_error(&cmd_enquete, _("too many arguments"));
	const struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_enquetes l = BILAN_ENQUETES_INIT;
	struct bilan_pistes pl = BILAN_PISTES_INIT;
	struct bilan_enquete *e = NULL;
	struct bilan_piste *p = NULL;
	struct bilan_doc *doc = NULL;
	struct bilan_buf out = BILAN_BUF_INIT;
	char *label = NULL;
	int rc = EXIT_DONE;
	if (bilan_enquetes_load(&l, ws, NULL, &err) < 0 || bilan_pistes_load(&pl, ws, NULL, &err) < 0) {
		rc = print_error(&err);
		goto out;
	}
	/* an enquête, else a piste */
	const char *typed = argv[optind];
	struct bilan_error eerr = BILAN_ERROR_INIT;
	if (bilan_enquete_find(&e, &l, typed, &eerr) == 0) {
		if (bilan_piste_find(&p, &pl, e->piste, &err) < 0) {
			rc = print_error(&err);
			goto out;
		}
		label = bilan_enquete_label(e);
	} else if (bilan_piste_find(&p, &pl, typed, &err) < 0) {
		if (eerr.code == BILAN_EAMBIGUOUS)
			err = eerr;
		rc = print_error(&err);
		goto out;
	}
	char *path = bilan_data_path("enquete/guide.yaml");
	int r = bilan_yaml_load_file(&doc, path, &err);
	free(path);
	if (r < 0) {
		rc = print_error(&err);
		goto out;
	}
	const struct bilan_node *root = doc->root;
	const char *metier = p->title;
	bilan_buf_printf(&out, "# %s : %s\n", bilan_map_str(root, "title") ?
			 bilan_map_str(root, "title") : "Guide d'enquête métier", metier);
	if (label)
		bilan_buf_printf(&out, "%s\n", label);
	const struct bilan_node *secs = bilan_map_get(root, "sections");
	for (size_t i = 0; secs && secs->type == BILAN_NODE_SEQ && i < secs->n; i++) {
		const struct bilan_node *s = secs->items[i];
		const char *title = bilan_map_str(s, "title");
		bilan_buf_printf(&out, "\n## %s\n", title ? title : "");
		put_items(&out, bilan_map_get(s, "points"), metier);
		const struct bilan_node *groups = bilan_map_get(s, "groups");
		for (size_t g = 0; groups && groups->type == BILAN_NODE_SEQ && g < groups->n; g++) {
			const char *gt = bilan_map_str(groups->items[g], "title");
			bilan_buf_printf(&out, "\n### %s\n", gt ? gt : "");
			put_items(&out, bilan_map_get(groups->items[g], "questions"), metier);
		}
		const char *id = bilan_map_str(s, "id");
		if (id && !strcmp(id, "pendant"))
			put_rome(&out, &p->rome);
	}
	pager_start();
	print_text(stdout, bilan_buf_cstr(&out));
out:
	bilan_buf_clear(&out);
	bilan_doc_free(doc);
	free(label);
	bilan_enquetes_clear(&l);
	bilan_pistes_clear(&pl);
	return rc;
}

static const struct bilan_subcmd subs[] = {
	{ "add", enquete_add, N_("add an enquête métier to a piste"),
	  enquete_add_opts, NULL },
	{ "list", enquete_list, N_("list the enquêtes"),
	  enquete_list_opts, NULL },
	{ "show", enquete_show, N_("show an enquête, its notes and contact (locally)"),
	  enquete_show_opts, "@enquete" },
	{ "set", enquete_set, N_("move an enquête forward, plan it, or note contact details"),
	  enquete_set_opts, "@enquete" },
	{ "done", enquete_done, N_("record an interview held: verdict and notes"),
	  enquete_done_opts, "@enquete" },
	{ "guide", enquete_guide, N_("print an interview guide for an enquête or a piste"),
	  enquete_guide_opts, "@enquete" },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_enquete = {
	"enquete", run, N_("informational interviews with professionals (enquêtes métier)"),
	N_("bilan enquete add --piste SLUG [--role R] [--org O] [--channel C] [--date WHEN]\n"
	   "                  [--with NAME] [--phone N] [--email E]\n"
	   "bilan enquete list [--status S] [--piste SLUG] [--json]\n"
	   "bilan enquete show [--json] SLUG\n"
	   "bilan enquete set [--date WHEN] [--reason TEXT] [--with NAME] [--phone N] [--email E] SLUG [STATUS]\n"
	   "bilan enquete done --verdict conforte|nuance|infirme [--date WHEN] [--confirmed T]\n"
	   "                   [--surprised T] [--attention T] [--suggested T] SLUG [NOTES...]\n"
	   "bilan enquete guide SLUG"),
	CMD_NEEDS_WS,
	NULL, subs, NULL, "list",
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	return cmd_dispatch_sub(&cmd_enquete, subs, "list", argc, argv, ctx);
}
