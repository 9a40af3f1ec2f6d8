/* test-owner.c - the ownership table and who may change what (lib/owner.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "owner.h"

static struct bilan_blob B(const char *s)
{
	struct bilan_blob b = { s, s ? strlen(s) : 0 };
	return b;
}

#define BEN BILAN_PARTY_BENEFICIARY
#define CON BILAN_PARTY_CONSULTANT

static void test_table(void **state)
{
	(void)state;
	assert_int_equal(bilan_owner_rule_for("bilan.yaml")->owner, BILAN_OWNER_BENEFICIARY);
	assert_int_equal(bilan_owner_rule_for(".gitignore")->owner, BILAN_OWNER_BENEFICIARY);
	assert_string_equal(bilan_owner_rule_for(".gitattributes")->prefix, ".");
	assert_string_equal(bilan_owner_rule_for(".githooks/pre-commit")->prefix, ".");
	assert_string_equal(bilan_owner_rule_for("journal/.gitignore")->prefix, ".");
	assert_int_equal(bilan_owner_rule_for("journal/2026/12/x.yaml")->owner, BILAN_OWNER_AUTHOR);
	assert_int_equal(bilan_owner_rule_for("todo/x.yaml")->owner, BILAN_OWNER_AUTHOR);
	assert_int_equal(bilan_owner_rule_for("seances/x.yaml")->owner, BILAN_OWNER_SEANCE);
	assert_int_equal(bilan_owner_rule_for("pistes/dev.yaml")->owner, BILAN_OWNER_BENEFICIARY);
	assert_int_equal(bilan_owner_rule_for("synthese/remise-2026-12-09.pdf")->owner,
			 BILAN_OWNER_ADDED);
	/* a path the table does not name is the beneficiary's */
	assert_int_equal(bilan_owner_rule_for("autre.yaml")->owner, BILAN_OWNER_BENEFICIARY);
	assert_int_equal(bilan_owner_rule_for("journalx/y.yaml")->owner, BILAN_OWNER_BENEFICIARY);
	assert_string_equal(bilan_party_name(CON), "consultant");
	assert_string_equal(bilan_party_name(BEN), "beneficiaire");
	assert_int_equal(bilan_party_parse(NULL), BEN);
	assert_int_equal(bilan_party_parse("consultant"), CON);
}

static void test_beneficiary_files(void **state)
{
	(void)state;
	const char *a = "format: 3\nphase: investigation\n", *b = "format: 99\nphase: terminee\n";
	assert_false(bilan_owner_allows("bilan.yaml", CON, B(a), B(b)));
	assert_true(bilan_owner_allows("bilan.yaml", BEN, B(a), B(b)));
	assert_false(bilan_owner_allows(".gitignore", CON, B("x\n"), B("journal/\n")));
	assert_false(bilan_owner_allows(".gitattributes", CON, B(NULL), B("* -text\n")));
	assert_false(bilan_owner_allows("pistes/dev.yaml", CON, B("title: x\n"), B(NULL)));
}

static void test_records_by_author(void **state)
{
	(void)state;
	const char *mine = "text: a\nauthor: consultant\n", *mine2 = "text: b\nauthor: consultant\n";
	const char *hers = "text: a\n", *hers2 = "text: b\n";
	/* the consultant adds and changes their own */
	assert_true(bilan_owner_allows("todo/t.yaml", CON, B(NULL), B(mine)));
	assert_true(bilan_owner_allows("todo/t.yaml", CON, B(mine), B(mine2)));
	assert_true(bilan_owner_allows("todo/t.yaml", CON, B(mine), B(NULL)));
	/* not the beneficiary's (no author: the beneficiary's) */
	assert_false(bilan_owner_allows("todo/t.yaml", CON, B(hers), B(hers2)));
	assert_false(bilan_owner_allows("todo/t.yaml", CON, B(hers), B(NULL)));
	/* nor in the beneficiary's name, nor by taking one over */
	assert_false(bilan_owner_allows("todo/t.yaml", CON, B(NULL), B(hers)));
	assert_false(bilan_owner_allows("todo/t.yaml", CON, B(hers), B(mine)));
	/* and the other way round */
	assert_false(bilan_owner_allows("journal/2026/12/e.yaml", BEN, B(mine), B(mine2)));
	assert_true(bilan_owner_allows("journal/2026/12/e.yaml", BEN, B(hers), B(hers2)));
	/* not a mapping: the beneficiary's */
	assert_false(bilan_owner_allows("todo/t.yaml", CON, B(mine), B("- a\n")));
}

static void test_seance(void **state)
{
	(void)state;
	const char *planned = "date: x\nstatus: prevue\n";
	const char *by_con = "date: x\nstatus: realisee\nattendance:\n  duration: 1h\n"
			     "  consultant:\n    confirmed_at: t\n";
	const char *by_ben = "date: x\nstatus: realisee\nattendance:\n  duration: 1h\n"
			     "  beneficiaire:\n    confirmed_at: t\n";
	const char *both = "date: x\nstatus: realisee\nattendance:\n  duration: 1h\n"
			   "  consultant:\n    confirmed_at: t\n  beneficiaire:\n    confirmed_at: u\n";
	const char *legacy = "date: x\nstatus: realisee\nattendance:\n  duration: 1h\n"
			     "  confirmed: true\n  confirmed_by: Camille\n";
	assert_true(bilan_owner_allows("seances/s.yaml", CON, B(planned), B(by_con)));
	assert_false(bilan_owner_allows("seances/s.yaml", CON, B(planned), B(by_ben)));
	assert_false(bilan_owner_allows("seances/s.yaml", CON, B(by_con), B(both)));
	assert_true(bilan_owner_allows("seances/s.yaml", BEN, B(by_con), B(both)));
	assert_false(bilan_owner_allows("seances/s.yaml", BEN, B(by_ben), B(both)));
	assert_false(bilan_owner_allows("seances/s.yaml", CON, B(planned), B(legacy)));
	/* a common field */
	assert_true(bilan_owner_allows("seances/s.yaml", CON, B(planned),
				       B("date: y\nstatus: prevue\n")));
	/* only its author creates or deletes one */
	assert_false(bilan_owner_allows("seances/s.yaml", CON, B(NULL), B(planned)));
	assert_true(bilan_owner_allows("seances/s.yaml", CON, B(NULL),
				       B("date: x\nstatus: prevue\nauthor: consultant\n")));
	assert_false(bilan_owner_allows("seances/s.yaml", CON, B(planned), B(NULL)));
}

static void test_added(void **state)
{
	(void)state;
	assert_true(bilan_owner_allows("synthese/remise-2026-12-09.pdf", CON, B(NULL), B("%PDF")));
	assert_false(bilan_owner_allows("synthese/remise-2026-12-09.pdf", CON, B("%PDF"), B("%PDF2")));
	assert_false(bilan_owner_allows("synthese/remise-2026-12-09.pdf", BEN, B("%PDF"), B(NULL)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_beneficiary_files),
		cmocka_unit_test(test_records_by_author),
		cmocka_unit_test(test_seance),
		cmocka_unit_test(test_added),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
