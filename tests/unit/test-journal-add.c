/* test-journal-add.c - what 'journal add' decides about a new entry
 * (lib/journal-add.c, once in cmd/journal.c): the guide's rules, a title
 * given apart, the text typed in the editor on its template. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "journal.h"

static void test_guide_rules(void **state)
{
	(void)state;
	struct bilan_guide g;
	memset(&g, 0, sizeof(g));
	g.is_private = true;
	struct bilan_entry *e = bilan_entry_new();
	bilan_entry_use_guide(e, &g, "sante", false);
	assert_int_equal(e->kind, BILAN_KIND_REFLEXION);
	assert_string_equal(e->guide, "sante");
	assert_true(e->is_private);
	bilan_entry_free(e);
	/* --shared keeps an entry of a private guide where it is shared */
	e = bilan_entry_new();
	bilan_entry_use_guide(e, &g, "sante", true);
	assert_false(e->is_private);
	bilan_entry_free(e);
	/* a guide that is not private leaves the choice as it was */
	g.is_private = false;
	e = bilan_entry_new();
	e->is_private = true;
	bilan_entry_use_guide(e, &g, "valeurs", false);
	assert_true(e->is_private);
	bilan_entry_free(e);
}

static void test_title(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	assert_int_equal(bilan_entry_check_title("Entretien avec Mme Roux", &err), 0);
	assert_int_equal(bilan_entry_check_title("deux\nlignes", &err), BILAN_EUSAGE);
	assert_non_null(strstr(err.message, "one line"));
	bilan_error_clear(&err);
	assert_int_equal(bilan_entry_check_title("retour\r", NULL), BILAN_EUSAGE);
	assert_true(bilan_entry_check_title("\xff\xfe", &err) < 0);
	bilan_error_clear(&err);
}

static void test_strip_instructions(void **state)
{
	(void)state;
	char *s = bilan_entry_strip_instructions("Titre\r\n# dropped\n#\n## kept heading\n#tag kept\n\tx");
	assert_string_equal(s, "Titre\n## kept heading\n#tag kept\n\tx\n");
	free(s);
}

static void test_edited(void **state)
{
	(void)state;
	const char *tmpl = "Bilan de mi-parcours\n\n## Ce qui avance\n\n# instructions\n# kind: note\n";
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_entry *e = bilan_entry_new();
	/* unchanged: instructions and blanks do not count */
	const char *same = "Bilan de mi-parcours\n\n## Ce qui avance\n\n\n# instructions\n";
	assert_int_equal(bilan_entry_set_edited(e, tmpl, same, strlen(same), &err), BILAN_ECANCELLED);
	assert_non_null(strstr(err.message, "unchanged"));
	bilan_error_clear(&err);
	/* empty */
	const char *empty = "# only instructions\n  \n";
	assert_int_equal(bilan_entry_set_edited(e, tmpl, empty, strlen(empty), &err), BILAN_ECANCELLED);
	assert_non_null(strstr(err.message, "empty"));
	bilan_error_clear(&err);
	/* written: the first non-blank line is the title */
	const char *typed = "\n  Bilan de mi-parcours  \r\n\n## Ce qui avance\n\nLes enquêtes.  \n# kind: note\n";
	assert_int_equal(bilan_entry_set_edited(e, tmpl, typed, strlen(typed), &err), 0);
	assert_string_equal(e->title, "Bilan de mi-parcours");
	assert_string_equal(e->body, "## Ce qui avance\n\nLes enquêtes.\n");
	/* not UTF-8: refused before anything */
	const char *bad = "Titre\n\xc3\x28\n";
	assert_true(bilan_entry_set_edited(e, tmpl, bad, strlen(bad), &err) < 0);
	assert_int_not_equal(err.code, BILAN_ECANCELLED);
	bilan_error_clear(&err);
	bilan_entry_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guide_rules),
		cmocka_unit_test(test_title),
		cmocka_unit_test(test_strip_instructions),
		cmocka_unit_test(test_edited),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
