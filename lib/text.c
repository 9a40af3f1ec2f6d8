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

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
