/* test-enquete.c - enquêtes métier (lib/enquete.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enquete.h"
#include "fs.h"

static void test_values(void **state)
{
	(void)state;
	enum bilan_enquete_status s;
	enum bilan_verdict v;
	assert_int_equal(bilan_enquete_status_parse(&s, "contactée"), BILAN_ENQUETE_CONTACTEE);
	assert_int_equal(bilan_enquete_status_parse(&s, "Planifiée"), BILAN_ENQUETE_PLANIFIEE);
	assert_int_equal(bilan_enquete_status_parse(&s, "à contacter"), BILAN_ENQUETE_A_CONTACTER);
	assert_int_equal(bilan_enquete_status_parse(&s, "abandonnée"), BILAN_ENQUETE_ABANDONNEE);
	assert_int_equal(bilan_enquete_status_parse(&s, "faite"), -1);
	assert_int_equal(bilan_verdict_parse(&v, "conforté"), BILAN_VERDICT_CONFORTE);
	assert_int_equal(bilan_verdict_parse(&v, "NUANCÉ"), BILAN_VERDICT_NUANCE);
	assert_int_equal(bilan_verdict_parse(&v, "infirme"), BILAN_VERDICT_INFIRME);
	assert_int_equal(bilan_verdict_parse(&v, "mitige"), -1);
}

static void test_transitions(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	const enum bilan_enquete_status AC = BILAN_ENQUETE_A_CONTACTER,
		CO = BILAN_ENQUETE_CONTACTEE, PL = BILAN_ENQUETE_PLANIFIEE,
		RE = BILAN_ENQUETE_REALISEE, AB = BILAN_ENQUETE_ABANDONNEE;
	assert_int_equal(bilan_enquete_transition_check(AC, CO, &err), 0);
	assert_int_equal(bilan_enquete_transition_check(AC, PL, &err), 0);   /* skip */
	assert_int_equal(bilan_enquete_transition_check(CO, PL, &err), 0);
	assert_int_equal(bilan_enquete_transition_check(PL, AB, &err), 0);
	assert_int_equal(bilan_enquete_transition_check(AC, AB, &err), 0);
	assert_int_equal(bilan_enquete_transition_check(PL, CO, &err), BILAN_EUSAGE);
	assert_non_null(strstr(err.message, "does not go back"));
	assert_int_equal(bilan_enquete_transition_check(PL, PL, &err), BILAN_EUSAGE);
	assert_int_equal(bilan_enquete_transition_check(RE, AB, &err), BILAN_EUSAGE);
	assert_int_equal(bilan_enquete_transition_check(AB, AC, &err), BILAN_EUSAGE);
	assert_int_equal(bilan_enquete_transition_check(PL, RE, &err), BILAN_EUSAGE);
	assert_non_null(strstr(err.hint, "--verdict"));
}

static void test_build_keeps_names_private(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_enquete_new e = { 0 };
	e.piste = "developpeuse-web";
	e.role = "Lead dev";
	e.organisation = "Acme & Cie";
	e.channel = "réseau";
	e.name = "Jeanne Dupont";
	e.phone = "06 12 34 56 78";
	e.email = "jeanne@example.org";
	assert_true(bilan_time_parse_iso(&e.when, "2026-11-27T10:00:00+01:00"));
	struct bilan_node *root = NULL, *contact = NULL;
	char slug[BILAN_SLUG_MAX + 1];
	assert_int_equal(bilan_enquete_build(&root, &contact, slug, NULL, &e, &err), 0);
	assert_string_equal(slug, "developpeuse-web-lead-dev-acme-cie");
	struct bilan_buf b = BILAN_BUF_INIT;
	assert_int_equal(bilan_yaml_emit(&b, root, &err), 0);
	assert_null(strstr(b.ptr, "Jeanne"));
	assert_null(strstr(b.ptr, "06 12"));
	assert_null(strstr(b.ptr, "example.org"));
	assert_non_null(strstr(b.ptr, "contact: developpeuse-web-lead-dev-acme-cie\n"));
	assert_non_null(strstr(b.ptr, "status: a-contacter\n"));
	bilan_buf_reset(&b);
	assert_non_null(contact);
	assert_int_equal(bilan_yaml_emit(&b, contact, &err), 0);
	assert_non_null(strstr(b.ptr, "name: Jeanne Dupont\n"));
	assert_non_null(strstr(b.ptr, "email: jeanne@example.org\n"));
	bilan_buf_clear(&b);
	bilan_node_free(root);
	bilan_node_free(contact);

	/* without contact details: no contacts file; a date plans it */
	e.name = NULL;
	e.phone = NULL;
	e.email = NULL;
	e.role = NULL;
	e.organisation = NULL;
	e.has_date = true;
	assert_true(bilan_time_parse_iso(&e.date, "2026-12-03T14:00:00+01:00"));
	assert_int_equal(bilan_enquete_build(&root, &contact, slug, NULL, &e, &err), 0);
	assert_null(contact);
	assert_string_equal(slug, "developpeuse-web");
	assert_string_equal(bilan_map_str(root, "status"), "planifiee");
	assert_string_equal(bilan_map_str(root, "date"), "2026-12-03T14:00:00+01:00");
	assert_null(bilan_map_get(root, "contact"));
	bilan_node_free(root);

	/* bad phone and e-mail */
	e.phone = "appelle-moi";
	assert_int_equal(bilan_enquete_build(&root, &contact, slug, NULL, &e, &err), BILAN_EUSAGE);
	e.phone = "12";
	assert_int_equal(bilan_enquete_build(&root, &contact, slug, NULL, &e, &err), BILAN_EUSAGE);
	e.phone = "+33 (0)6 12.34.56.78";
	assert_int_equal(bilan_contact_phone_check(e.phone, &err), 0);
	assert_int_equal(bilan_contact_email_check("a b@c", &err), BILAN_EUSAGE);
	assert_int_equal(bilan_contact_email_check("@c", &err), BILAN_EUSAGE);
	assert_int_equal(bilan_contact_email_check("a@b@c", &err), BILAN_EUSAGE);
	assert_int_equal(bilan_contact_email_check("a@b", &err), 0);
}

static void test_notes(void **state)
{
	(void)state;
	struct bilan_enquete_notes n;
	char *tpl = bilan_enquete_notes_template("Développeuse web", "Lead dev — Acme");
	bilan_enquete_notes_parse(&n, tpl);
	assert_true(bilan_enquete_notes_empty(&n));
	bilan_enquete_notes_clear(&n);

	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_buf_puts(&b, tpl);
	free(tpl);
	/* fill two sections by replacing the headings' blank lines */
	char *filled = bilan_xstrdup(b.ptr);
	bilan_buf_clear(&b);
	struct bilan_buf f = BILAN_BUF_INIT;
	for (char *line = strtok(filled, "\n"); line; line = strtok(NULL, "\n")) {
		bilan_buf_printf(&f, "%s\n", line);
		if (strstr(line, "## Ce qui confirme"))
			bilan_buf_puts(&f, "Beaucoup de travail en équipe.\n\nDes revues de code.\n");
		if (strstr(line, "## Contacts"))
			bilan_buf_puts(&f, "Paul, chez Beta\n");
	}
	free(filled);
	bilan_enquete_notes_parse(&n, f.ptr);
	bilan_buf_clear(&f);
	assert_string_equal(n.confirmed, "Beaucoup de travail en équipe.\n\nDes revues de code.");
	assert_string_equal(n.suggested, "Paul, chez Beta");
	assert_null(n.surprised);
	assert_null(n.notes);
	bilan_enquete_notes_clear(&n);

	/* plain text without headings is notes; English headings work */
	bilan_enquete_notes_parse(&n, "\nJuste du texte.\n## What surprised me\nLes horaires\n# comment\n");
	assert_string_equal(n.notes, "Juste du texte.");
	assert_string_equal(n.surprised, "Les horaires");
	bilan_enquete_notes_clear(&n);
	bilan_enquete_notes_parse(&n, "");
	assert_true(bilan_enquete_notes_empty(&n));
	bilan_enquete_notes_clear(&n);
}

static void test_outcome(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	const char *text = "piste: dev\nstatus: planifiee\nzz_unknown: kept\n";
	struct bilan_doc *doc = NULL;
	assert_int_equal(bilan_yaml_load_buffer(&doc, "x.yaml", text, strlen(text), &err), 0);
	struct bilan_enquete e;
	memset(&e, 0, sizeof(e));
	e.rec.doc = doc;
	e.status = BILAN_ENQUETE_PLANIFIEE;
	struct bilan_time now, held;
	assert_true(bilan_time_parse_iso(&now, "2026-12-04T10:00:00+01:00"));
	assert_true(bilan_time_parse_iso(&held, "2026-12-03T14:00:00+01:00"));
	struct bilan_enquete_notes n = { 0 };
	n.confirmed = bilan_xstrdup("oui");
	n.suggested = bilan_xstrdup("Paul");
	bilan_enquete_set_outcome(&e, BILAN_VERDICT_NUANCE, &held, &n, &now);
	bilan_enquete_notes_clear(&n);
	struct bilan_buf b = BILAN_BUF_INIT;
	assert_int_equal(bilan_yaml_emit(&b, doc->root, &err), 0);
	assert_non_null(strstr(b.ptr, "status: realisee\n"));
	assert_non_null(strstr(b.ptr, "verdict: nuance\n"));
	assert_non_null(strstr(b.ptr, "confirmed: oui\n"));
	assert_non_null(strstr(b.ptr, "zz_unknown: kept\n"));
	assert_null(strstr(b.ptr, "Paul"));   /* suggested contacts stay private */
	assert_non_null(strstr(b.ptr, "from: planifiee\n"));
	bilan_buf_clear(&b);
	assert_true(e.has_verdict);
	bilan_doc_free(doc);

	/* suggested contacts go to the contacts file, appended */
	struct bilan_node *c = bilan_contact_update(NULL, "dev", "Jeanne", NULL, NULL, "Paul", &now);
	bilan_contact_update(c, "dev", NULL, "0612345678", NULL, "Marie", &now);
	assert_string_equal(bilan_map_str(c, "name"), "Jeanne");
	assert_string_equal(bilan_map_str(c, "phone"), "0612345678");
	assert_int_equal(bilan_map_get(c, "suggested")->n, 2);
	bilan_node_free(c);
}

int main(void)
{
	setenv("TZ", "Europe/Paris", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_build_keeps_names_private),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_outcome),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
