/* text.c - UTF-8 text helpers (see text.h).
 *
 * Notes on the implementation:
 * - Decoding is strict (no overlong forms, no surrogates, nothing above
 *   U+10FFFF); every function steps over an invalid byte as one unit, so no
 *   input can make them read past the given length or loop.
 * - Folding has an ASCII fast path; other code points go through
 *   utf8proc_decompose_char (compatibility decomposition, marks stripped,
 *   case folded).  A few letters that Unicode does not decompose are spelt
 *   out the French way: oe, ae; typographic apostrophes become "'".
 * - Terminal sanitising also neutralises the bidirectional overrides and
 *   isolates (U+202A-U+202E, U+2066-U+2069) that can reorder what a line
 *   shows, and shows every invalid byte as \xNN.
 */
#include "text.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

/* Decode one code point from s[0..len) (len >= 1).  Returns the number of
 * bytes used (1..4) and sets *cp, or returns 0 (invalid; caller skips one
 * byte) leaving *cp = -1. */
static size_t utf8_decode(const unsigned char *s, size_t len, int32_t *cp)
{
	unsigned char c = s[0];
	*cp = -1;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2 || c > 0xF4)
		return 0;
	size_t n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	int32_t v;
	if (n == 2) {
		v = ((int32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
	} else if (n == 3) {
		v = ((int32_t)(c & 0x0F) << 12) | ((int32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
			return 0;
	} else {
		v = ((int32_t)(c & 0x07) << 18) | ((int32_t)(s[1] & 0x3F) << 12) |
		    ((int32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		if (v < 0x10000 || v > 0x10FFFF)
			return 0;
	}
	*cp = v;
	return n;
}

static void put_cp(struct bilan_buf *b, int32_t cp)
{
	unsigned char tmp[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);
	if (n > 0)
		bilan_buf_put(b, tmp, (size_t)n);
}

bool bilan_utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		if (p[i] != 0 && p[i] < 0x80) {
			i++;
			continue;
		}
		int32_t cp;
		size_t n = p[i] ? utf8_decode(p + i, len - i, &cp) : 0;
		if (n == 0) {
			if (bad)
				*bad = i;
			return false;
		}
		i += n;
	}
	if (bad)
		*bad = len;
	return true;
}

/* Fold one non-ASCII code point into b. */
static void fold_cp(struct bilan_buf *b, int32_t cp)
{
	switch (cp) {
	case 0x152: case 0x153:                 /* Œ œ */
		bilan_buf_puts(b, "oe");
		return;
	case 0xC6: case 0xE6:                   /* Æ æ */
		bilan_buf_puts(b, "ae");
		return;
	case 0x2018: case 0x2019: case 0x2032:  /* ‘ ’ ′ */
		bilan_buf_putc(b, '\'');
		return;
	default:
		break;
	}
	utf8proc_int32_t dec[32];
	int last = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, dec, 32, BILAN_FOLD_FLAGS, &last);
	if (n < 0 || n > 32) {
		put_cp(b, cp);
		return;
	}
	for (utf8proc_ssize_t i = 0; i < n; i++) {
		if (dec[i] < 0x80)
			bilan_buf_putc(b, (char)(dec[i] >= 'A' && dec[i] <= 'Z' ? dec[i] + 32 : dec[i]));
		else if (dec[i] == 0x153 || dec[i] == 0xE6)
			fold_cp(b, dec[i]);
		else
			put_cp(b, dec[i]);
	}
}

char *bilan_text_fold(const char *s)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	size_t len = strlen(s);
	const unsigned char *p = (const unsigned char *)s;
	bilan_buf_grow(&b, len + 1);
	size_t i = 0;
	while (i < len) {
		unsigned char c = p[i];
		if (c < 0x80) {
			bilan_buf_putc(&b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
			i++;
			continue;
		}
		int32_t cp;
		size_t n = utf8_decode(p + i, len - i, &cp);
		if (n == 0) {       /* invalid byte: dropped */
			i++;
			continue;
		}
		fold_cp(&b, cp);
		i += n;
	}
	bilan_buf_puts(&b, "");   /* terminated even when empty */
	return bilan_buf_detach(&b);
}

bool bilan_text_contains(const char *folded_haystack, const char *folded_needle)
{
	if (!folded_needle || !*folded_needle)
		return true;
	if (!folded_haystack)
		return false;
	return strstr(folded_haystack, folded_needle) != NULL;
}

/* Code points of folded s; caller frees. */
static int32_t *folded_cps(const char *s, size_t *out_n)
{
	char *f = bilan_text_fold(s);
	size_t len = strlen(f), n = 0;
	int32_t *v = bilan_xmalloc((len + 1) * sizeof(*v));
	const unsigned char *p = (const unsigned char *)f;
	for (size_t i = 0; i < len;) {
		int32_t cp;
		size_t k = utf8_decode(p + i, len - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		v[n++] = cp;
		i += k;
	}
	free(f);
	*out_n = n;
	return v;
}

static size_t distance_cps(const int32_t *a, size_t na, const int32_t *b, size_t nb)
{
	if (na == 0)
		return nb;
	if (nb == 0)
		return na;
	size_t *row = bilan_xmalloc((nb + 1) * sizeof(*row));
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	size_t d = row[nb];
	free(row);
	return d;
}

size_t bilan_text_distance(const char *a, const char *b)
{
	size_t na, nb;
	int32_t *va = folded_cps(a ? a : "", &na);
	int32_t *vb = folded_cps(b ? b : "", &nb);
	size_t d = distance_cps(va, na, vb, nb);
	free(va);
	free(vb);
	return d;
}

const char *bilan_text_closest(const char *word, const char *const *candidates, size_t n)
{
	if (!word || !candidates)
		return NULL;
	size_t nw;
	int32_t *vw = folded_cps(word, &nw);
	size_t limit = nw / 3 > 2 ? nw / 3 : 2;
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		if (!candidates[i])
			continue;
		size_t nc;
		int32_t *vc = folded_cps(candidates[i], &nc);
		/* the length difference is a lower bound of the distance */
		size_t diff = nc > nw ? nc - nw : nw - nc;
		if (diff <= limit && diff < best_d) {
			size_t d = distance_cps(vw, nw, vc, nc);
			if (d <= limit && d < best_d) {
				best_d = d;
				best = candidates[i];
			}
		}
		free(vc);
	}
	free(vw);
	return best;
}

static bool is_bidi_control(int32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

static void sanitize(struct bilan_buf *out, const char *s, bool lines);

void bilan_text_sanitize_terminal(struct bilan_buf *out, const char *s)
{
	sanitize(out, s, true);
}

bool bilan_text_terminal_safe(const char *s)
{
	/* the tests of sanitize() below, lines kept, without writing */
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; p[i];) {
		unsigned char c = p[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
				return false;
			i++;
			continue;
		}
		int32_t cp;
		/* 4: the NUL ends a short sequence as the length would */
		size_t n = utf8_decode(p + i, 4, &cp);
		if (n == 0 || (cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp))
			return false;
		i += n;
	}
	return true;
}

void bilan_text_sanitize_name(struct bilan_buf *out, const char *s)
{
	sanitize(out, s, false);
}

char *bilan_text_name(const char *s)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	sanitize(&b, s, false);
	return bilan_buf_detach(&b);
}

static void sanitize(struct bilan_buf *out, const char *s, bool lines)
{
	if (!s) {
		bilan_buf_puts(out, "");
		return;
	}
	size_t len = strlen(s);
	const unsigned char *p = (const unsigned char *)s;
	bilan_buf_grow(out, len + 1);
	/* what passes unchanged is appended in runs, not byte by byte */
	size_t i = 0, run = 0;
	while (i < len) {
		unsigned char c = p[i];
		if (c < 0x80) {
			if ((c < 0x20 && (!lines || (c != '\n' && c != '\t'))) || c == 0x7F) {
				bilan_buf_put(out, p + run, i - run);
				bilan_buf_printf(out, "\\x%02x", c);
				run = i + 1;
			}
			i++;
			continue;
		}
		int32_t cp;
		size_t n = utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			bilan_buf_put(out, p + run, i - run);
			bilan_buf_printf(out, "\\x%02x", c);
			run = ++i;
			continue;
		}
		if ((cp >= 0x80 && cp <= 0x9F)) {
			bilan_buf_put(out, p + run, i - run);
			bilan_buf_printf(out, "\\x%02x", (unsigned)cp);
			run = i + n;
		} else if (is_bidi_control(cp)) {
			bilan_buf_put(out, p + run, i - run);
			bilan_buf_printf(out, "\\u%04x", (unsigned)cp);
			run = i + n;
		}
		i += n;
	}
	bilan_buf_put(out, p + run, len - run);
}

/* Width of one code point: control and combining characters take none. */
static size_t cp_width(int32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	int w = utf8proc_charwidth(cp);
	return w > 0 ? (size_t)w : 0;
}

static size_t width_n(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, i = 0;
	while (i < len) {
		if (p[i] < 0x80) {
			w += cp_width(p[i]);
			i++;
			continue;
		}
		int32_t cp;
		size_t n = utf8_decode(p + i, len - i, &cp);
		if (n == 0) {        /* shown as one replacement character */
			w += 1;
			i++;
			continue;
		}
		w += cp_width(cp);
		i += n;
	}
	return w;
}

size_t bilan_text_width(const char *s)
{
	return s ? width_n(s, strlen(s)) : 0;
}

/* Wrap one line (no \n inside) of len bytes. */
static void wrap_line(struct bilan_buf *out, const char *s, size_t len,
		      size_t avail, const char *indent)
{
	size_t i = 0, col = 0;
	bool line_open = false;
	while (i < len) {
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= len)
			break;
		size_t start = i;
		while (i < len && s[i] != ' ' && s[i] != '\t')
			i++;
		size_t ww = width_n(s + start, i - start);
		if (line_open && col + 1 + ww > avail) {
			bilan_buf_putc(out, '\n');
			line_open = false;
		}
		if (!line_open) {
			bilan_buf_puts(out, indent);
			col = 0;
			line_open = true;
		} else {
			bilan_buf_putc(out, ' ');
			col++;
		}
		bilan_buf_put(out, s + start, i - start);
		col += ww;
	}
	if (!line_open)
		bilan_buf_puts(out, "");   /* empty line: no trailing indent */
	bilan_buf_putc(out, '\n');
}

void bilan_text_wrap(struct bilan_buf *out, const char *s, size_t width,
		     const char *indent)
{
	if (!indent)
		indent = "";
	if (!s)
		return;
	/* width counts the indent; keep at least 20 columns of text */
	size_t iw = bilan_text_width(indent);
	size_t avail = width > iw + 20 ? width - iw : 20;
	const char *p = s;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (!nl && len == 0 && p != s)
			break;                 /* text ended with \n */
		wrap_line(out, p, len, avail, indent);
		if (!nl)
			break;
		p = nl + 1;
	}
}

char *bilan_text_first_line(const char *s, size_t max)
{
	if (!s)
		return bilan_xstrdup("");
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t len = strcspn(s, "\r\n");
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	/* no character is wider than its bytes (wide ones take 3 or 4, an
	 * invalid byte counts 1): a short line needs no measuring */
	if (len <= max || width_n(s, len) <= max)
		return bilan_xstrndup(s, len);
	if (max == 0)
		return bilan_xstrdup("");
	/* keep whole code points while width + 1 (for "…") fits */
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w = 0, keep = 0;
	while (i < len) {
		int32_t cp;
		size_t n = p[i] < 0x80 ? 1 : utf8_decode(p + i, len - i, &cp);
		size_t cw = n == 0 ? 1 : width_n(s + i, n);
		if (n == 0)
			n = 1;
		if (w + cw > max - 1)
			break;
		w += cw;
		i += n;
		keep = i;
	}
	while (keep > 0 && (s[keep - 1] == ' ' || s[keep - 1] == '\t'))
		keep--;
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_buf_put(&b, s, keep);
	bilan_buf_puts(&b, "\xe2\x80\xa6");
	return bilan_buf_detach(&b);
}

/* ---- French typography ------------------------------------------------ */

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"

/* length of the space (plain, U+00A0 or U+202F) ending at s[i-1], or 0 */
static size_t space_before(const char *s, size_t i)
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
static size_t space_at(const char *s, size_t i, size_t len)
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

static bool ends_word(const char *s, size_t i, size_t len)
{
	return i >= len || s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == ')' ||
	       s[i] == '<' || s[i] == '*' || s[i] == '"' || space_at(s, i, len) ||
	       ((unsigned char)s[i] == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] == 0xbb);
}

static bool word_char_before(const char *s, size_t i)
{
	if (!i)
		return false;
	unsigned char c = (unsigned char)s[i - 1];
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == ')' || c == '*' || c == '"' || c == '\'' ||
	       c == '%' || c == ']';
}

/* the bytes bilan_text_fr_typo may do something with in `mode`; every
 * other byte is copied as it is, a run of them in one block */
static void typo_special(bool special[256], enum bilan_typo_mode mode)
{
	memset(special, 0, 256 * sizeof *special);
	for (const char *p = " :%;!?\xc2"; *p; p++)
		special[(unsigned char)*p] = true;
	if (mode == BILAN_TYPO_HTML)
		special['<'] = true;
	if (mode == BILAN_TYPO_MARKDOWN)
		special['`'] = true;
	if (mode != BILAN_TYPO_TEXT)
		special['&'] = true;
}

void bilan_text_fr_typo(struct bilan_buf *out, const char *s, size_t len,
			enum bilan_typo_mode mode)
{
	size_t i = 0;
	bool code = false;           /* Markdown: inside `...` */
	bool special[256];
	typo_special(special, mode);
	while (i < len) {
		/* a run that nothing below would change, in one block: inside
		 * `code` up to the next backquote; elsewhere up to a special
		 * byte, a space counting only after a digit ("24 h") */
		size_t run_end = i;
		if (code) {
			const char *bq = memchr(s + i, '`', len - i);
			run_end = bq ? (size_t)(bq - s) : len;
		} else {
			for (; run_end < len; run_end++) {
				unsigned char u = (unsigned char)s[run_end];
				if (!special[u])
					continue;
				if (u != ' ')
					break;
				char prev = run_end > i ? s[run_end - 1] : out->len ? out->ptr[out->len - 1] : 0;
				if (isdigit((unsigned char)prev))
					break;
			}
		}
		if (run_end > i) {
			bilan_buf_put(out, s + i, run_end - i);
			i = run_end;
			continue;
		}
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
			size_t sb = space_before(out->ptr ? out->ptr : "", out->len);
			bool at_start = out->len == 0 || out->ptr[out->len - 1] == '\n';
			if (c == '%') {
				/* "25 %", "%d %%": only a space already there */
				if (sb && ((i + 1 < len && s[i + 1] == '%') || ends_word(s, i + 1, len))) {
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
			} else if (!sb && !at_start && word_char_before(out->ptr, out->len) &&
				   ends_word(s, i + 1, len) &&
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
			size_t sp = space_at(s, i, len);
			i += sp;
			continue;
		}
		if ((unsigned char)c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] == 0xbb) {
			/* one no-break space then » */
			size_t sb = space_before(out->ptr ? out->ptr : "", out->len);
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

static bool name_usable(const char *n)
{
	return n && *n && !strpbrk(n, "<>&\"\n");
}

static bool starts_vowel(const char *n)
{
	static const char *const v[] = { "A", "E", "I", "O", "U", "Y", "H", "\xc3\x89",
					 "\xc3\x88", "\xc3\x8a", "\xc3\x80", "\xc3\x82",
					 "\xc3\x8e", "\xc3\x94" };
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (!strncmp(n, v[i], strlen(v[i])))
			return true;
	return false;
}

/* b's length cut at its first NUL from byte `from` on: what the copy
 * through printf's "%.*s" these functions made at first did */
static void cut_at_nul(struct bilan_buf *b, size_t from)
{
	const char *z = from < b->len ? memchr(b->ptr + from, 0, b->len - from) : NULL;
	if (z) {
		b->len = (size_t)(z - b->ptr);
		b->ptr[b->len] = 0;
	}
}

#define NOUN(s, form, who) { (s), sizeof(s) - 1, (form), (who) }

/* the offset of the first key in b from byte `from` on, or b->len */
static size_t find_from(const struct bilan_buf *b, size_t from, const char *key)
{
	const char *f = memmem(b->ptr + from, b->len - from, key, strlen(key));
	return f ? (size_t)(f - b->ptr) : b->len;
}

void bilan_text_fr_names(struct bilan_buf *b, size_t from, const char *consultant,
			 const char *beneficiary)
{
	if (from >= b->len || (!name_usable(consultant) && !name_usable(beneficiary)))
		return;
	/* who: 0 the consultant, 1 the beneficiary */
	static const struct { const char *noun; size_t len; int form; int who; } t[] = {
		/* longest first; form: 0 the name, 1 "de", 2 "à" */
		NOUN("de la personne qui vous accompagne", 1, 0),
		NOUN("à la personne qui vous accompagne", 2, 0),
		NOUN("La personne qui vous accompagne", 0, 0),
		NOUN("la personne qui vous accompagne", 0, 0),
		NOUN("du ou de la consultante", 1, 0),
		NOUN("au ou à la consultante", 2, 0),
		NOUN("Le ou la consultante", 0, 0),
		NOUN("le ou la consultante", 0, 0),
		NOUN("votre consultante", 0, 0),
		NOUN("votre consultant", 0, 0),
		NOUN("Votre consultante", 0, 0),
		NOUN("Votre consultant", 0, 0),
		NOUN("du consultant", 1, 0),
		NOUN("au consultant", 2, 0),
		NOUN("Le consultant", 0, 0),
		NOUN("le consultant", 0, 0),
		NOUN("du ou de la bénéficiaire", 1, 1),
		NOUN("au ou à la bénéficiaire", 2, 1),
		NOUN("Le ou la bénéficiaire", 0, 1),
		NOUN("le ou la bénéficiaire", 0, 1),
		NOUN("du bénéficiaire", 1, 1),
		NOUN("au bénéficiaire", 2, 1),
		NOUN("Le bénéficiaire", 0, 1),
		NOUN("le bénéficiaire", 0, 1),
	};
	const size_t n = sizeof t / sizeof *t;
	const char *names[2] = { name_usable(consultant) ? consultant : NULL,
				 name_usable(beneficiary) ? beneficiary : NULL };
	/* the first bytes of the nouns in use: only there can one start, and
	 * only where a word starts (the test below, done first) */
	bool first[256] = { false };
	for (size_t k = 0; k < n; k++)
		if (names[t[k].who])
			first[(unsigned char)t[k].noun[0]] = true;
	/* every noun holds one of these words, at most 25 bytes after its
	 * start: away from them nothing can match, and is skipped */
	static const char *const keys[] = { "consultant", "accompagne", "bénéficiaire" };
	size_t next[3];
	for (size_t q = 0; q < 3; q++)
		next[q] = find_from(b, from, keys[q]);
	struct bilan_buf out = BILAN_BUF_INIT;
	size_t i = from, kept = from;   /* b->ptr[kept..i) not copied yet */
	bool changed = false;
	while (i < b->len) {
		size_t key = b->len;
		for (size_t q = 0; q < 3; q++) {
			if (next[q] < i)
				next[q] = find_from(b, i, keys[q]);
			if (next[q] < key)
				key = next[q];
		}
		if (key == b->len)
			break;
		if (i + 32 < key) {
			i = key - 32;
			continue;
		}
		if (!first[(unsigned char)b->ptr[i]] ||
		    (i > 0 && (isalnum((unsigned char)b->ptr[i - 1]) ||
			       (unsigned char)b->ptr[i - 1] >= 0x80))) {
			i++;
			continue;
		}
		size_t k = 0;
		for (; k < n; k++) {
			size_t l = t[k].len;
			if (!names[t[k].who] || t[k].noun[0] != b->ptr[i] || b->len - i < l ||
			    t[k].noun[1] != b->ptr[i + 1] || memcmp(b->ptr + i, t[k].noun, l))
				continue;
			/* whole words only: "consultantes", "leur consultant" stay */
			unsigned char after = i + l < b->len ? (unsigned char)b->ptr[i + l] : ' ';
			unsigned char before = i > 0 ? (unsigned char)b->ptr[i - 1] : ' ';
			if (isalnum(after) || after >= 0x80 || isalnum(before) || before >= 0x80)
				continue;
			break;
		}
		if (k == n) {
			i++;
			continue;
		}
		changed = true;
		bilan_buf_put(&out, b->ptr + kept, i - kept);
		const char *name = names[t[k].who];
		if (t[k].form == 1)
			bilan_buf_puts(&out, starts_vowel(name) ? "d'" : "de ");
		else if (t[k].form == 2)
			bilan_buf_puts(&out, "à ");
		bilan_buf_puts(&out, name);
		i += t[k].len;
		kept = i;
	}
	if (changed) {
		bilan_buf_put(&out, b->ptr + kept, b->len - kept);
		b->len = from;
		b->ptr[from] = 0;
		bilan_buf_put(b, out.ptr, out.len);
	}
	cut_at_nul(b, from);
	bilan_buf_clear(&out);
}

#undef NOUN

void bilan_text_fr_typo_buf(struct bilan_buf *b, size_t from, enum bilan_typo_mode mode)
{
	if (from >= b->len)
		return;
	struct bilan_buf t = BILAN_BUF_INIT;
	bilan_text_fr_typo(&t, b->ptr + from, b->len - from, mode);
	b->len = from;
	b->ptr[from] = 0;
	bilan_buf_put(b, t.ptr, t.len);
	cut_at_nul(b, from);
	bilan_buf_clear(&t);
}
