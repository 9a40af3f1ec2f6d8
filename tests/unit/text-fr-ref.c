/* text-fr-ref.c - the French typography and names of lib/text.c as they
 * were written first (byte by byte, issue 20), kept as the reference the
 * faster versions (issue 24) are compared with in test-text.c: same input,
 * same bytes out.  Included by test-text.c only. */

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"

/* length of the space (plain, U+00A0 or U+202F) ending at s[i-1], or 0 */
static size_t ref_space_before(const char *s, size_t i)
{
	if (i >= 1 && s[i - 1] == ' ')
		return 1;
	if (i >= 2 && (unsigned char)s[i - 2] == 0xc2 && (unsigned char)s[i - 1] == 0xa0)
		return 2;
	if (i >= 3 && (unsigned char)s[i - 3] == 0xe2 && (unsigned char)s[i - 2] == 0x80 &&
	    (unsigned char)s[i - 1] == 0xaf)
		return 3;
	return 0;
}

/* length of the space (plain, U+00A0 or U+202F) at s[i], or 0 */
static size_t ref_space_at(const char *s, size_t i, size_t len)
{
	if (i < len && s[i] == ' ')
		return 1;
	if (i + 1 < len && (unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] == 0xa0)
		return 2;
	if (i + 2 < len && (unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
	    (unsigned char)s[i + 2] == 0xaf)
		return 3;
	return 0;
}

static bool ref_ends_word(const char *s, size_t i, size_t len)
{
	return i >= len || s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == ')' ||
	       s[i] == '<' || s[i] == '*' || s[i] == '"' || ref_space_at(s, i, len) ||
	       ((unsigned char)s[i] == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] == 0xbb);
}

static bool ref_word_char_before(const char *s, size_t i)
{
	if (!i)
		return false;
	unsigned char c = (unsigned char)s[i - 1];
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == ')' || c == '*' || c == '"' || c == '\'' ||
	       c == '%' || c == ']';
}

static void ref_fr_typo(struct bilan_buf *out, const char *s, size_t len,
			enum bilan_typo_mode mode)
{
	size_t i = 0;
	bool code = false;           /* Markdown: inside `...` */
	while (i < len) {
		char c = s[i];
		if (mode == BILAN_TYPO_HTML && c == '<') {
			/* a tag, or <style>/<script> up to its end tag */
			const char *end_tag = NULL;
			if (len - i >= 6 && !strncasecmp(s + i, "<style", 6))
				end_tag = "</style>";
			else if (len - i >= 7 && !strncasecmp(s + i, "<script", 7))
				end_tag = "</script>";
			size_t j = i;
			if (end_tag) {
				const char *e = memmem(s + i, len - i, end_tag, strlen(end_tag));
				j = e ? (size_t)(e - s) + strlen(end_tag) : len;
			} else {
				while (j < len && s[j] != '>')
					j++;
				if (j < len)
					j++;
			}
			bilan_buf_printf(out, "%.*s", (int)(j - i), s + i);
			i = j;
			continue;
		}
		if (mode == BILAN_TYPO_MARKDOWN && c == '`') {
			code = !code;
			bilan_buf_putc(out, c);
			i++;
			continue;
		}
		if (code) {
			bilan_buf_putc(out, c);
			i++;
			continue;
		}
		if (c == '&' && mode != BILAN_TYPO_TEXT) {   /* an entity: as is */
			size_t j = i + 1;
			while (j < len && j - i < 12 && (isalnum((unsigned char)s[j]) || s[j] == '#'))
				j++;
			if (j < len && s[j] == ';' && j > i + 1) {
				bilan_buf_printf(out, "%.*s", (int)(j + 1 - i), s + i);
				i = j + 1;
				continue;
			}
		}
		if (c == ' ' && out->len && isdigit((unsigned char)out->ptr[out->len - 1]) &&
		    ((i + 1 < len && s[i + 1] == 'h' && (i + 2 >= len || !isalpha((unsigned char)s[i + 2]))) ||
		     (i + 3 < len && !strncmp(s + i + 1, "min", 3) &&
		      (i + 4 >= len || !isalpha((unsigned char)s[i + 4]))))) {
			/* "24 h", "30 min": the number stays with its unit */
			bilan_buf_puts(out, NBSP);
			i++;
			continue;
		}
		const char *space = NULL;
		if (c == ':' || c == '%')
			space = NBSP;
		else if (c == ';' || c == '!' || c == '?')
			space = NNBSP;
		if (space) {
			size_t sb = ref_space_before(out->ptr ? out->ptr : "", out->len);
			bool at_start = out->len == 0 || out->ptr[out->len - 1] == '\n';
			if (c == '%') {
				/* "25 %", "%d %%": only a space already there */
				if (sb && ((i + 1 < len && s[i + 1] == '%') || ref_ends_word(s, i + 1, len))) {
					out->len -= sb;
					bilan_buf_puts(out, space);
				}
				if (i + 1 < len && s[i + 1] == '%') {
					bilan_buf_puts(out, "%%");
					i += 2;
					continue;
				}
			} else if (sb && (out->len == sb || out->ptr[out->len - sb - 1] != '\n')) {
				out->len -= sb;
				out->ptr[out->len] = 0;
				bilan_buf_puts(out, space);
			} else if (!sb && !at_start && ref_word_char_before(out->ptr, out->len) &&
				   ref_ends_word(s, i + 1, len) &&
				   !(c == ':' && i + 1 < len && s[i + 1] == ')')) {
				bilan_buf_puts(out, space);
			}
			bilan_buf_putc(out, c);
			i++;
			continue;
		}
		if ((unsigned char)c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] == 0xab) {
			/* « then one no-break space */
			bilan_buf_puts(out, "\xc2\xab" NBSP);
			i += 2;
			size_t sp = ref_space_at(s, i, len);
			i += sp;
			continue;
		}
		if ((unsigned char)c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] == 0xbb) {
			/* one no-break space then » */
			size_t sb = ref_space_before(out->ptr ? out->ptr : "", out->len);
			out->len -= sb;
			if (out->ptr)
				out->ptr[out->len] = 0;
			bilan_buf_puts(out, NBSP "\xc2\xbb");
			i += 2;
			continue;
		}
		bilan_buf_putc(out, c);
		i++;
	}
}

static bool ref_name_usable(const char *n)
{
	return n && *n && !strpbrk(n, "<>&\"\n");
}

static bool ref_starts_vowel(const char *n)
{
	static const char *const v[] = { "A", "E", "I", "O", "U", "Y", "H", "\xc3\x89",
					 "\xc3\x88", "\xc3\x8a", "\xc3\x80", "\xc3\x82",
					 "\xc3\x8e", "\xc3\x94" };
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (!strncmp(n, v[i], strlen(v[i])))
			return true;
	return false;
}

static void ref_fr_names(struct bilan_buf *b, size_t from, const char *consultant,
			 const char *beneficiary)
{
	if (from >= b->len || (!ref_name_usable(consultant) && !ref_name_usable(beneficiary)))
		return;
	struct { const char *noun; int form; const char *name; } t[] = {
		/* longest first; form: 0 the name, 1 "de", 2 "à" */
		{ "de la personne qui vous accompagne", 1, consultant },
		{ "à la personne qui vous accompagne", 2, consultant },
		{ "La personne qui vous accompagne", 0, consultant },
		{ "la personne qui vous accompagne", 0, consultant },
		{ "du ou de la consultante", 1, consultant },
		{ "au ou à la consultante", 2, consultant },
		{ "Le ou la consultante", 0, consultant },
		{ "le ou la consultante", 0, consultant },
		{ "votre consultante", 0, consultant },
		{ "votre consultant", 0, consultant },
		{ "Votre consultante", 0, consultant },
		{ "Votre consultant", 0, consultant },
		{ "du consultant", 1, consultant },
		{ "au consultant", 2, consultant },
		{ "Le consultant", 0, consultant },
		{ "le consultant", 0, consultant },
		{ "du ou de la bénéficiaire", 1, beneficiary },
		{ "au ou à la bénéficiaire", 2, beneficiary },
		{ "Le ou la bénéficiaire", 0, beneficiary },
		{ "le ou la bénéficiaire", 0, beneficiary },
		{ "du bénéficiaire", 1, beneficiary },
		{ "au bénéficiaire", 2, beneficiary },
		{ "Le bénéficiaire", 0, beneficiary },
		{ "le bénéficiaire", 0, beneficiary },
	};
	struct bilan_buf out = BILAN_BUF_INIT;
	size_t i = from;
	while (i < b->len) {
		size_t k = 0, n = sizeof t / sizeof *t;
		for (; k < n; k++) {
			size_t l = strlen(t[k].noun);
			if (!ref_name_usable(t[k].name) || b->len - i < l || memcmp(b->ptr + i, t[k].noun, l))
				continue;
			/* whole words only: "consultantes", "leur consultant" stay */
			unsigned char after = i + l < b->len ? (unsigned char)b->ptr[i + l] : ' ';
			unsigned char before = i > 0 ? (unsigned char)b->ptr[i - 1] : ' ';
			if (isalnum(after) || after >= 0x80 || isalnum(before) || before >= 0x80)
				continue;
			break;
		}
		if (k == n) {
			bilan_buf_putc(&out, b->ptr[i++]);
			continue;
		}
		const char *name = t[k].name;
		if (t[k].form == 1)
			bilan_buf_puts(&out, ref_starts_vowel(name) ? "d'" : "de ");
		else if (t[k].form == 2)
			bilan_buf_puts(&out, "à ");
		bilan_buf_puts(&out, name);
		i += strlen(t[k].noun);
	}
	b->len = from;
	b->ptr[from] = 0;
	if (out.len)
		bilan_buf_printf(b, "%.*s", (int)out.len, out.ptr);
	bilan_buf_clear(&out);
}

static void ref_fr_typo_buf(struct bilan_buf *b, size_t from, enum bilan_typo_mode mode)
{
	if (from >= b->len)
		return;
	struct bilan_buf t = BILAN_BUF_INIT;
	ref_fr_typo(&t, b->ptr + from, b->len - from, mode);
	b->len = from;
	b->ptr[from] = 0;
	if (t.len)
		bilan_buf_printf(b, "%.*s", (int)t.len, t.ptr);
	bilan_buf_clear(&t);
}
