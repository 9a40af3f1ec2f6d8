/* test-text.c - UTF-8 validation, folding, distance, terminal sanitising,
 * widths and wrapping (lib/text.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"

static void check_fold(const char *in, const char *want)
{
	char *f = bilan_text_fold(in);
	assert_string_equal(f, want);
	free(f);
}

static void test_fold(void **state)
{
	(void)state;
	check_fold("Réflexion", "reflexion");
	check_fold("Œuvre", "oeuvre");
	check_fold("cœur", "coeur");
	check_fold("ÆTHER", "aether");
	check_fold("Infirmier / Infirmière", "infirmier / infirmiere");
	check_fold("ÉLÈVE À L'ÉCOLE", "eleve a l'ecole");
	check_fold("l’été", "l'ete");
	check_fold("Straße", "strasse");
	check_fold("ﬁn", "fin");                       /* ligature, NFKD */
	check_fold("çà et là", "ca et la");
	check_fold("", "");
	check_fold("ABC xyz 123", "abc xyz 123");
	/* invalid bytes are dropped, the rest kept */
	check_fold("a\xff" "b\xc3" "c\xe2\x82", "abc");
	/* fold is idempotent */
	char *f = bilan_text_fold("Économie Sociale & Solidaire");
	char *g = bilan_text_fold(f);
	assert_string_equal(f, g);
	free(f);
	free(g);
}

static void test_utf8_valid(void **state)
{
	(void)state;
	size_t bad = 99;
	assert_true(bilan_utf8_valid("", 0, &bad));
	assert_int_equal(bad, 0);
	assert_true(bilan_utf8_valid("héllo €𝄞", strlen("héllo €𝄞"), NULL));
	assert_false(bilan_utf8_valid("ab\xff", 3, &bad));
	assert_int_equal(bad, 2);
	assert_false(bilan_utf8_valid("a\0b", 3, &bad));          /* NUL */
	assert_int_equal(bad, 1);
	assert_false(bilan_utf8_valid("\xc0\xaf", 2, &bad));      /* overlong */
	assert_int_equal(bad, 0);
	assert_false(bilan_utf8_valid("\xe0\x80\xaf", 3, NULL));  /* overlong */
	assert_false(bilan_utf8_valid("\xed\xa0\x80", 3, NULL));  /* surrogate */
	assert_false(bilan_utf8_valid("\xf4\x90\x80\x80", 4, NULL)); /* > U+10FFFF */
	/* truncated sequence at the end of the given length */
	assert_false(bilan_utf8_valid("é", 1, &bad));
	assert_int_equal(bad, 0);
	assert_true(bilan_utf8_valid("é", 2, NULL));
}

static void test_contains(void **state)
{
	(void)state;
	assert_true(bilan_text_contains("infirmier de bloc", "bloc"));
	assert_false(bilan_text_contains("infirmier de bloc", "blocs"));
	assert_true(bilan_text_contains("abc", ""));
}

static void test_distance(void **state)
{
	(void)state;
	assert_int_equal(bilan_text_distance("", ""), 0);
	assert_int_equal(bilan_text_distance("abc", ""), 3);
	assert_int_equal(bilan_text_distance("kitten", "sitting"), 3);
	/* on folded text, by code point */
	assert_int_equal(bilan_text_distance("Réflexion", "reflexion"), 0);
	assert_int_equal(bilan_text_distance("été", "ete"), 0);
	assert_int_equal(bilan_text_distance("journal", "jurnal"), 1);

	const char *const cands[] = { "journal", "test", "metier", "piste", "status" };
	assert_string_equal(bilan_text_closest("jurnal", cands, 5), "journal");
	assert_string_equal(bilan_text_closest("métier", cands, 5), "metier");
	assert_string_equal(bilan_text_closest("stats", cands, 5), "status");
	assert_null(bilan_text_closest("xylophone", cands, 5));
	assert_null(bilan_text_closest("a", NULL, 0));
}

static void check_sanitize(const char *in, const char *want)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_text_sanitize_terminal(&b, in);
	assert_string_equal(bilan_buf_cstr(&b), want);
	bilan_buf_clear(&b);
}

static void test_sanitize_name(void **state)
{
	(void)state;
	char *n = bilan_text_name("x.yaml\nbilan: error: fausse\tligne\r");
	assert_string_equal(n, "x.yaml\\x0abilan: error: fausse\\x09ligne\\x0d");
	free(n);
	n = bilan_text_name("journal/esc\x1b[2Jx.yaml \xc3\xa9t\xc3\xa9");
	assert_string_equal(n, "journal/esc\\x1b[2Jx.yaml \xc3\xa9t\xc3\xa9");
	free(n);
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_text_sanitize_name(&b, NULL);
	assert_string_equal(bilan_buf_cstr(&b), "");
	bilan_buf_clear(&b);
}

static void test_sanitize(void **state)
{
	(void)state;
	check_sanitize("\x1b[31mrouge\x1b[0m", "\\x1b[31mrouge\\x1b[0m");
	check_sanitize("ligne\nsuite\tfin", "ligne\nsuite\tfin");
	check_sanitize("bell\a cr\r del\x7f", "bell\\x07 cr\\x0d del\\x7f");
	check_sanitize("c1 \xc2\x9b" "2J", "c1 \\x9b2J");           /* C1 CSI */
	check_sanitize("bad \xff byte", "bad \\xff byte");
	check_sanitize("bidi \xe2\x80\xae" "abc", "bidi \\u202eabc");
	check_sanitize("accents éèà œ €", "accents éèà œ €");
	check_sanitize("", "");
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(bilan_text_width(""), 0);
	assert_int_equal(bilan_text_width("abc"), 3);
	assert_int_equal(bilan_text_width("été"), 3);
	assert_int_equal(bilan_text_width("e\xcc\x81t\xc3\xa9"), 3);  /* combining */
	assert_int_equal(bilan_text_width("日本"), 4);                   /* wide */
	assert_int_equal(bilan_text_width("…"), 1);
}

static void test_wrap(void **state)
{
	(void)state;
	struct bilan_buf b = BILAN_BUF_INIT;
	/* width counts the indent; accented letters count as one column */
	bilan_text_wrap(&b, "Réalise des opérations élémentaires également éprouvées", 32, "  ");
	assert_string_equal(bilan_buf_cstr(&b),
		"  Réalise des opérations\n"
		"  élémentaires également\n"
		"  éprouvées\n");
	/* every line fits */
	bilan_buf_reset(&b);
	const char *txt = "Élève à l'école été où ça déçoit énormément, ô combien "
			  "hélas, à côté du théâtre désaffecté près de l'église.";
	bilan_text_wrap(&b, txt, 30, "");
	char *copy = bilan_xstrdup(bilan_buf_cstr(&b));
	for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n"))
		assert_true(bilan_text_width(line) <= 30);
	free(copy);
	/* paragraphs and empty lines kept, no trailing blanks */
	bilan_buf_reset(&b);
	bilan_text_wrap(&b, "un\n\ndeux  trois", 40, "> ");
	assert_string_equal(bilan_buf_cstr(&b), "> un\n\n> deux trois\n");
	/* a word longer than the width stays whole on its own line */
	bilan_buf_reset(&b);
	bilan_text_wrap(&b, "a anticonstitutionnellement b", 25, "");
	assert_string_equal(bilan_buf_cstr(&b), "a\nanticonstitutionnellement\nb\n");
	bilan_buf_clear(&b);
}

static void test_first_line(void **state)
{
	(void)state;
	char *s = bilan_text_first_line("  Première ligne  \nseconde", 40);
	assert_string_equal(s, "Première ligne");
	free(s);
	s = bilan_text_first_line("Infirmière de bloc opératoire", 12);
	assert_string_equal(s, "Infirmière…");
	assert_int_equal(bilan_text_width(s), 11);
	free(s);
	s = bilan_text_first_line("éééééé", 4);
	assert_string_equal(s, "ééé…");
	free(s);
	s = bilan_text_first_line("abc", 0);
	assert_string_equal(s, "");
	free(s);
	s = bilan_text_first_line(NULL, 5);
	assert_string_equal(s, "");
	free(s);
}

/* the first, byte-by-byte versions, the reference for the faster ones */
#include "text-fr-ref.c"

#define NB "\xc2\xa0"
#define NN "\xe2\x80\xaf"

static char *typo(const char *s, enum bilan_typo_mode mode)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_text_fr_typo(&b, s, strlen(s), mode);
	return bilan_buf_detach(&b);
}

static void check_typo(const char *in, enum bilan_typo_mode mode, const char *want)
{
	char *got = typo(in, mode);
	assert_string_equal(got, want);
	/* a fixed point: applied twice, nothing more changes */
	char *again = typo(got, mode);
	assert_string_equal(again, want);
	free(got);
	free(again);
}

static void test_fr_names(void **state)
{
	(void)state;
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_buf_puts(&b, "x: à discuter avec votre consultante ; l'accord du ou de la bénéficiaire, "
			   "le consultant, les consultantes, au consultant.");
	bilan_text_fr_names(&b, 3, "Sophie Durand", "Anne Martin");
	assert_string_equal(bilan_buf_cstr(&b),
			    "x: à discuter avec Sophie Durand ; l'accord d'Anne Martin, "
			    "Sophie Durand, les consultantes, à Sophie Durand.");
	bilan_buf_reset(&b);
	bilan_buf_puts(&b, "le consultant");
	bilan_text_fr_names(&b, 0, "", NULL);
	assert_string_equal(bilan_buf_cstr(&b), "le consultant");
	bilan_buf_clear(&b);
}

static void test_fr_typo(void **state)
{
	(void)state;
	/* a space becomes the right one; none added inside words */
	check_typo("état : %s", BILAN_TYPO_TEXT, "état" NB ": %s");
	check_typo(" : après %s", BILAN_TYPO_TEXT, NB ": après %s");
	check_typo("état: %s", BILAN_TYPO_TEXT, "état" NB ": %s");
	check_typo("oui ; non ! vraiment ?", BILAN_TYPO_TEXT, "oui" NN "; non" NN "! vraiment" NN "?");
	check_typo("« %s »", BILAN_TYPO_TEXT, "«" NB "%s" NB "»");
	check_typo("«%s»", BILAN_TYPO_TEXT, "«" NB "%s" NB "»");
	check_typo("25 %", BILAN_TYPO_TEXT, "25" NB "%");
	check_typo("sur 24 h au plus, 30 min, 2 heures", BILAN_TYPO_TEXT,
		   "sur 24" NB "h au plus, 30" NB "min, 2 heures");
	check_typo("%d %%", BILAN_TYPO_TEXT, "%d" NB "%%");
	check_typo("14:00 FILE:3:1 https://x.org/?q=1 a:b", BILAN_TYPO_TEXT,
		   "14:00 FILE:3:1 https://x.org/?q=1 a:b");
	check_typo("FILE:3:1: message", BILAN_TYPO_TEXT, "FILE:3:1" NB ": message");
	/* Markdown: code spans and table rules alone */
	check_typo("**Phase :** `a : b` | ---: |", BILAN_TYPO_MARKDOWN,
		   "**Phase" NB ":** `a : b` | ---: |");
	/* HTML: tags, style, script and entities alone */
	check_typo("<style>a{color: red; x: y}</style><p class=\"a: b\">Objectif : x &amp; y ?</p>",
		   BILAN_TYPO_HTML,
		   "<style>a{color: red; x: y}</style><p class=\"a: b\">Objectif" NB ": x &amp; y" NN "?</p>");
}

/* The faster bilan_text_fr_typo and bilan_text_fr_names (issue 24: runs
 * copied in blocks, nouns looked for only at their first bytes) against
 * the first versions (text-fr-ref.c), on random texts made of the pieces
 * either looks at: the same bytes out, every mode, with and without names,
 * a NUL included, a buffer that already ends in a digit. */
static const char *const pieces[] = {
	"a", "b", "x", "é", "1", "24", " ", " ", " ", "\n", "\t", ":", "%", "%%", ";", "!", "?",
	"h", " h", " min", "min", "heures", ")", "(", "*", "**", "\"", "'", "]", "[", "`",
	"&", "&amp;", "&#39;", "&x", "<", ">", "<p>", "<style>a: b;</style>", "<script>x ? y</script>",
	"<STYLE>", "«", "»", NB, NN, "\xc2", "\xe2\x80", "\0", "le ", "Le ", "la ", "de ", "du ",
	"au ", "à ", "votre ", "Votre ", "ou ", "consultant", "consultante", "consultantes",
	"bénéficiaire", "personne qui vous accompagne", "le consultant", "du ou de la consultante",
	"au ou à la bénéficiaire", "de la personne qui vous accompagne", "la personne qui vous accompagne",
	"La personne qui vous accompagne", "votre consultante", "le bénéficiaire", "du consultant",
	"leur consultant", "au consultant.", "le ou la bénéficiaire,", "Le consultant", "d", "v", "l", "L",
	"\x1b[31m", "\x7f", "\xc2\x85", "\xe2\x80\xae", "\xf0\x9f\x98\x80", "\xed\xa0\x80", "\xf0\x9f",
};

static void random_text(struct bilan_buf *b, unsigned *seed, unsigned most)
{
	size_t npieces = sizeof pieces / sizeof *pieces;
	unsigned count = (unsigned)rand_r(seed) % most;
	for (unsigned k = 0; k < count; k++) {
		const char *p = pieces[(size_t)rand_r(seed) % npieces];
		if (!*p)
			bilan_buf_putc(b, 0);   /* the "\0" piece */
		else
			bilan_buf_puts(b, p);
	}
}

static void test_fr_fast_same_bytes(void **state)
{
	(void)state;
	unsigned seed = 24; /* fixed: the same texts on every run */
	const char *names[][2] = { { "Sophie Durand", "Anne Martin" }, { "Émile", NULL },
				   { NULL, "Hugo" }, { "<b>", "" }, { NULL, NULL } };
	const char *prefixes[] = { "", "12", "x:", "1\n" };
	for (int round = 0; round < 5000; round++) {
		struct bilan_buf in = BILAN_BUF_INIT, a = BILAN_BUF_INIT, b = BILAN_BUF_INIT;
		random_text(&in, &seed, round % 10 ? 40 : 400);
		{   /* bilan_text_terminal_safe: true exactly when nothing changes */
			struct bilan_buf c = BILAN_BUF_INIT;
			const char *txt = in.ptr ? in.ptr : "";
			bilan_text_sanitize_terminal(&c, txt);
			assert_int_equal(bilan_text_terminal_safe(txt),
					 strcmp(bilan_buf_cstr(&c), txt) == 0);
			bilan_buf_clear(&c);
		}
		for (int mode = BILAN_TYPO_TEXT; mode <= BILAN_TYPO_HTML; mode++) {
			const char *pre = prefixes[(size_t)round % 4];
			bilan_buf_reset(&a);
			bilan_buf_reset(&b);
			bilan_buf_puts(&a, pre);
			bilan_buf_puts(&b, pre);
			ref_fr_typo(&a, in.ptr ? in.ptr : "", in.len, (enum bilan_typo_mode)mode);
			bilan_text_fr_typo(&b, in.ptr ? in.ptr : "", in.len, (enum bilan_typo_mode)mode);
			assert_int_equal(a.len, b.len);
			assert_memory_equal(a.ptr, b.ptr, a.len);
			/* the in-place form, names first as the reports do */
			const char *const *nm = names[(size_t)round % 5];
			bilan_buf_reset(&a);
			bilan_buf_reset(&b);
			bilan_buf_puts(&a, pre);
			bilan_buf_puts(&b, pre);
			bilan_buf_put(&a, in.ptr ? in.ptr : "", in.len);
			bilan_buf_put(&b, in.ptr ? in.ptr : "", in.len);
			size_t from = strlen(pre);
			ref_fr_names(&a, from, nm[0], nm[1]);
			bilan_text_fr_names(&b, from, nm[0], nm[1]);
			assert_int_equal(a.len, b.len);
			assert_memory_equal(a.ptr ? a.ptr : "", b.ptr ? b.ptr : "", a.len);
			ref_fr_typo_buf(&a, from, (enum bilan_typo_mode)mode);
			bilan_text_fr_typo_buf(&b, from, (enum bilan_typo_mode)mode);
			assert_int_equal(a.len, b.len);
			assert_memory_equal(a.ptr ? a.ptr : "", b.ptr ? b.ptr : "", a.len);
		}
		bilan_buf_clear(&in);
		bilan_buf_clear(&a);
		bilan_buf_clear(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_contains),
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_sanitize_name),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_first_line),
		cmocka_unit_test(test_fr_typo),
		cmocka_unit_test(test_fr_names),
		cmocka_unit_test(test_fr_fast_same_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
