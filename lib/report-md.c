/* report-md.c - the Markdown rendering of a report (see report.h), and the
 * safe parsing of journal bodies that the HTML rendering shares. */
#include "report.h"
#include "report-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "text.h"

/* ------------------------------------------------------------------ */
/* journal bodies                                                      */

static bool unsafe_url(const char *url)
{
	if (!url)
		return false;
	/* the scheme, ignoring case, blanks and control characters (as browsers do) */
	char scheme[16];
	size_t n = 0;
	for (const char *p = url; *p && n < sizeof(scheme) - 1; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ')
			continue;
		if (c == ':')
			break;
		scheme[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	scheme[n] = '\0';
	return !strcmp(scheme, "javascript") || !strcmp(scheme, "vbscript") ||
	       !strcmp(scheme, "file") || !strcmp(scheme, "data");
}

/* Character references (&#x1b;, &#12;) are decoded by cmark after the body
 * was cleaned: clean the decoded text again, so that no control character
 * reaches a report. */
static bool has_control(const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			return true;
	}
	return false;
}

static void reclean_literal(cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	if (!has_control(lit))
		return;
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_report_clean(&b, lit);
	cmark_node_set_literal(n, bilan_buf_cstr(&b));
	bilan_buf_clear(&b);
}

/* The address of a link: none when its scheme is unsafe; control
 * characters decoded from a reference (&#x1b;) percent-encoded, as the HTML
 * rendering does. */
static void set_safe_url(cmark_node *link, const char *url)
{
	if (!url || unsafe_url(url)) {
		cmark_node_set_url(link, "");
		return;
	}
	if (!has_control(url)) {
		if (cmark_node_get_url(link) != url)
			cmark_node_set_url(link, url);
		return;
	}
	struct bilan_buf b = BILAN_BUF_INIT;
	for (const char *p = url; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f)
			bilan_buf_printf(&b, "%%%02X", c);
		else
			bilan_buf_putc(&b, (char)c);
	}
	cmark_node_set_url(link, bilan_buf_cstr(&b));
	bilan_buf_clear(&b);
}

struct cmark_node *bilan_report_md_parse(const char *body, int shift, bool html_as_text)
{
	struct bilan_buf clean = BILAN_BUF_INIT;
	bilan_report_clean(&clean, body);
	cmark_node *doc = cmark_parse_document(bilan_buf_cstr(&clean), clean.len, CMARK_OPT_DEFAULT);
	bilan_buf_clear(&clean);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (t) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			reclean_literal(n);
			break;
		case CMARK_NODE_CODE_BLOCK:
			reclean_literal(n);
			/* the info string of a fence decodes references too
			 * (```x &#x1b;): made visible like any text */
			if (has_control(cmark_node_get_fence_info(n))) {
				struct bilan_buf b = BILAN_BUF_INIT;
				bilan_report_clean(&b, cmark_node_get_fence_info(n));
				cmark_node_set_fence_info(n, bilan_buf_cstr(&b));
				bilan_buf_clear(&b);
			}
			break;
		case CMARK_NODE_HEADING: {
			int l = cmark_node_get_heading_level(n) + shift;
			cmark_node_set_heading_level(n, l > 6 ? 6 : l);
			break;
		}
		case CMARK_NODE_IMAGE: {
			/* never fetched when the report is opened: a plain link
			 * (with no address when the address is unsafe: never an
			 * <img>, not even an empty one) */
			cmark_node *link = cmark_node_new(CMARK_NODE_LINK);
			set_safe_url(link, cmark_node_get_url(n));
			cmark_node *c;
			while ((c = cmark_node_first_child(n)))
				cmark_node_append_child(link, c);
			if (!cmark_node_first_child(link)) {
				cmark_node *txt = cmark_node_new(CMARK_NODE_TEXT);
				cmark_node_set_literal(txt, "image");
				cmark_node_append_child(link, txt);
			}
			cmark_node_replace(n, link);
			cmark_node_free(n);
			cmark_iter_reset(it, link, CMARK_EVENT_ENTER);
			break;
		}
		case CMARK_NODE_LINK:
			set_safe_url(n, cmark_node_get_url(n));
			if (has_control(cmark_node_get_title(n))) {
				struct bilan_buf b = BILAN_BUF_INIT;
				bilan_report_clean(&b, cmark_node_get_title(n));
				cmark_node_set_title(n, bilan_buf_cstr(&b));
				bilan_buf_clear(&b);
			}
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			if (html_as_text) {
				bool block = t == CMARK_NODE_HTML_BLOCK;
				cmark_node *txt = cmark_node_new(block ? CMARK_NODE_CODE_BLOCK
								      : CMARK_NODE_CODE);
				cmark_node_set_literal(txt, cmark_node_get_literal(n));
				cmark_node_replace(n, txt);
				cmark_node_free(n);
				cmark_iter_reset(it, txt, CMARK_EVENT_ENTER);
			}
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	return doc;
}

/* ------------------------------------------------------------------ */
/* inline text                                                         */

/* Escape s for inline Markdown; in a table cell '|' is escaped too and
 * line breaks become spaces everywhere (a span never breaks a block). */
static void md_escape(struct bilan_buf *out, const char *s, bool line_start)
{
	struct bilan_buf clean = BILAN_BUF_INIT;
	const char *p = s ? s : "";
	if (!bilan_text_terminal_safe(p)) {   /* a copy only when it changes */
		bilan_report_clean(&clean, p);
		p = bilan_buf_cstr(&clean);
	}
	if (line_start) {
		/* what would open a heading, a list, a quote or a break */
		size_t d = strspn(p, "0123456789");
		if (strchr("#-+>=*_~`|", *p) && *p)
			bilan_buf_putc(out, '\\');
		else if (d && d < 10 && (p[d] == '.' || p[d] == ')')) {
			bilan_buf_put(out, p, d);
			bilan_buf_putc(out, '\\');
			p += d;
		}
	}
	/* in runs: the characters Markdown reads as syntax stop a run */
	while (*p) {
		size_t n = strcspn(p, "\n\r\\`*_[]<>|~&");
		bilan_buf_put(out, p, n);
		p += n;
		if (!*p)
			break;
		if (*p == '\n' || *p == '\r') {
			bilan_buf_putc(out, ' ');
		} else {
			char esc[2] = { '\\', *p };
			bilan_buf_put(out, esc, 2);
		}
		p++;
	}
	bilan_buf_clear(&clean);
}

static void md_code(struct bilan_buf *out, const char *s)
{
	struct bilan_buf clean = BILAN_BUF_INIT;
	bilan_report_clean(&clean, s);
	bool tick = strchr(bilan_buf_cstr(&clean), '`') != NULL;
	bilan_buf_puts(out, tick ? "`` " : "`");
	for (const char *p = bilan_buf_cstr(&clean); *p; p++)
		bilan_buf_putc(out, *p == '\n' || *p == '|' ? ' ' : *p);
	bilan_buf_puts(out, tick ? " ``" : "`");
	bilan_buf_clear(&clean);
}

static void md_rtext(struct bilan_buf *out, const struct bilan_rtext *t, bool line_start)
{
	for (size_t i = 0; i < t->n; i++) {
		const char *s = t->v[i].text;
		if (t->v[i].style == BILAN_RS_CODE) {
			md_code(out, s);
			line_start = false;
			continue;
		}
		if (t->v[i].style == BILAN_RS_TEXT) {
			md_escape(out, s, line_start);
			line_start = false;
			continue;
		}
		/* emphasis: blanks stay outside the markers */
		const char *mark = t->v[i].style == BILAN_RS_STRONG ? "**" : "*";
		size_t len = strlen(s), a = 0, b = len;
		while (a < len && (s[a] == ' ' || s[a] == '\n'))
			a++;
		while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n'))
			b--;
		if (a)
			bilan_buf_putc(out, ' ');
		if (b > a) {
			char *core = bilan_xstrndup(s + a, b - a);
			bilan_buf_puts(out, mark);
			md_escape(out, core, false);
			bilan_buf_puts(out, mark);
			free(core);
		}
		if (b < len)
			bilan_buf_putc(out, ' ');
		line_start = false;
	}
}

/* ------------------------------------------------------------------ */
/* blocks                                                              */

static void md_cell(struct bilan_buf *out, const char *s)
{
	bilan_buf_putc(out, ' ');
	if (!*s)
		bilan_buf_putc(out, ' ');
	md_escape(out, s, false);
	bilan_buf_putc(out, ' ');
}

static void md_table(struct bilan_buf *out, const struct bilan_rblock *b)
{
	for (size_t r = 0; r < b->nrows; r++) {
		bilan_buf_putc(out, '|');
		for (size_t c = 0; c < b->ncols; c++) {
			md_cell(out, b->cells[r * b->ncols + c]);
			bilan_buf_putc(out, '|');
		}
		bilan_buf_putc(out, '\n');
		if (r == 0) {
			bilan_buf_putc(out, '|');
			for (size_t c = 0; c < b->ncols; c++)
				bilan_buf_puts(out, b->right & (1u << c) ? " ---: |" : " --- |");
			bilan_buf_putc(out, '\n');
		}
	}
	bilan_buf_putc(out, '\n');
}

static void bar(struct bilan_buf *out, int value, int max, int width)
{
	if (value < 0 || max <= 0)
		return;
	int n = (int)(((long long)value * width + max / 2) / max);
	if (n == 0 && value > 0)
		n = 1;
	for (int i = 0; i < n && i < width; i++)
		bilan_buf_puts(out, "█");
}

static void md_chart(struct bilan_buf *out, const struct bilan_rchart *c)
{
	bilan_buf_puts(out, "**");
	md_escape(out, c->title, false);
	bilan_buf_puts(out, "**\n\n");
	if (c->type == BILAN_CHART_WEEKS) {
		const int *v = c->nseries ? c->series[0].v : NULL;
		int max = c->goal;
		for (size_t i = 0; v && i < c->nlabels; i++)
			if (v[i] > max)
				max = v[i];
		bilan_buf_puts(out, "| Semaine | Temps | |\n| --- | ---: | --- |\n");
		for (size_t i = 0; v && i < c->nlabels; i++) {
			char d[16];
			bilan_buf_puts(out, "| ");
			md_escape(out, c->labels[i], false);
			if (v[i] > 0)
				bilan_duration_human(d, sizeof(d), v[i], true);
			else
				snprintf(d, sizeof(d), "0h");
			bilan_buf_printf(out, " | %s | ", d);
			bar(out, v[i], max, 20);
			if (c->goal > 0 && v[i] >= c->goal)
				bilan_buf_puts(out, " ✓");
			bilan_buf_puts(out, " |\n");
		}
		bilan_buf_putc(out, '\n');
		return;
	}
	/* percents: a row per dimension, a column per take, a bar for the latest */
	bool with_bar = c->nseries == 1 || c->evolution;
	bilan_buf_puts(out, "| |");
	for (size_t s = 0; s < c->nseries; s++) {
		bilan_buf_putc(out, ' ');
		md_escape(out, c->series[s].name, false);
		bilan_buf_puts(out, " |");
	}
	bilan_buf_puts(out, with_bar ? " |\n| --- |" : "\n| --- |");
	for (size_t s = 0; s < c->nseries; s++)
		bilan_buf_puts(out, " ---: |");
	bilan_buf_puts(out, with_bar ? " --- |\n" : "\n");
	for (size_t i = 0; i < c->nlabels; i++) {
		bilan_buf_puts(out, "| ");
		md_escape(out, c->labels[i], false);
		if (c->keys && c->keys[i] && strlen(c->keys[i]) <= 2 && strcmp(c->keys[i], c->labels[i])) {
			bilan_buf_puts(out, " (");
			md_escape(out, c->keys[i], false);
			bilan_buf_puts(out, ")");
		}
		bilan_buf_puts(out, " |");
		for (size_t s = 0; s < c->nseries; s++) {
			char p[24];
			bilan_buf_printf(out, " %s |", bilan_report_chart_value(p, c, c->series[s].v[i]));
		}
		if (with_bar) {
			bilan_buf_putc(out, ' ');
			bar(out, bilan_report_chart_permille(c, c->series[c->nseries - 1].v[i]), 1000, 20);
			bilan_buf_puts(out, " |");
		}
		bilan_buf_putc(out, '\n');
	}
	bilan_buf_putc(out, '\n');
}

/* cmark escapes every '#' it writes ("\\#sens"), though a '#' followed by
 * anything but a blank, another '#' or the end of the line can never open
 * a heading (in any container): those are put back as written, so that a
 * hashtag reads as one in the Markdown file. */
static void unescape_hashes(char *s)
{
	size_t o = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '\\' && s[i + 1] == '\\') {   /* an escaped backslash */
			s[o++] = s[i++];
			s[o++] = s[i];
			continue;
		}
		if (s[i] == '\\' && s[i + 1] == '#') {
			char next = s[i + 2];
			if (next && next != ' ' && next != '\t' && next != '\n' && next != '\r' &&
			    next != '#') {
				s[o++] = '#';
				i++;
				continue;
			}
		}
		s[o++] = s[i];
	}
	s[o] = '\0';
}

/* ---- plain bodies: copied, not re-rendered ---- */

/* The length of the letter (or digit) at s for the plain check: ASCII,
 * Latin-1 (U+00C0 to U+00FF but × and ÷) or œ, Œ; 0 for anything else. */
static size_t plain_letter(const unsigned char *s)
{
	unsigned char c = s[0];
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 1;
	if (c == 0xc3 && s[1] >= 0x80 && s[1] <= 0xbf && s[1] != 0x97 && s[1] != 0xb7)
		return 2;
	if (c == 0xc5 && (s[1] == 0x92 || s[1] == 0x93))
		return 2;
	return 0;
}

/* The length of the other characters a plain body may hold at s: a
 * space, ASCII punctuation that Markdown never reads as syntax inside a
 * line, and a few typographic signs (no-break spaces, « », ’, …, dashes,
 * quotes, °, €); 0 for anything else. */
static size_t plain_other(const unsigned char *s)
{
	if (s[0] < 0x80)
		return s[0] && strchr(" ,.;:?'\"()/%-+=@$", s[0]) ? 1 : 0;
	if (s[0] == 0xc2 && (s[1] == 0xa0 || s[1] == 0xab || s[1] == 0xbb || s[1] == 0xb0))
		return 2;
	if (s[0] == 0xe2 && s[1] == 0x80 &&
	    (s[2] == 0x99 || s[2] == 0xaf || s[2] == 0xa6 || s[2] == 0x93 || s[2] == 0x94 ||
	     s[2] == 0x9c || s[2] == 0x9d))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x82 && s[2] == 0xac)
		return 3;
	return 0;
}

/* Is the line s[0..len) plain: starting with a letter, ending with no
 * space, made of letters and plain_other's characters, with at most
 * **strong** words (opened after a space before a letter, closed after a
 * letter before a space, the line's end or , . ; : ?)?  cmark renders
 * such a line back as it is (tests/unit/test-report.c compares). */
static bool plain_line(const unsigned char *s, size_t len)
{
	if (!len || (s[0] >= '0' && s[0] <= '9') || !plain_letter(s) || s[len - 1] == ' ')
		return false;
	bool strong = false, letter = false;
	size_t i = 0;
	while (i < len) {
		if (s[i] == '*') {
			if (i + 1 >= len || s[i + 1] != '*' || (i + 2 < len && s[i + 2] == '*'))
				return false;
			if (!strong) {
				if (s[i - 1] != ' ' || i + 2 >= len || !plain_letter(s + i + 2))
					return false;
			} else {
				if (!letter || (i + 2 < len && !strchr(" ,.;:?", s[i + 2])))
					return false;
			}
			strong = !strong;
			letter = false;
			i += 2;
			continue;
		}
		size_t n = plain_letter(s + i);
		letter = n > 0;
		if (!n)
			n = plain_other(s + i);
		if (!n || i + n > len)
			return false;
		i += n;
	}
	return !strong;
}

/* A plain body (every line plain or empty, one at least not empty),
 * written as cmark writes it back: its paragraphs, one empty line between
 * them, then the empty line bilan_report_md_body_cmark ends a body with.
 * False, and nothing written, for any other body. */
bool bilan_report_md_plain(struct bilan_buf *out, const char *md)
{
	const unsigned char *s = (const unsigned char *)md;
	bool any = false;
	for (const unsigned char *p = s; *p;) {
		const unsigned char *e = (const unsigned char *)strchrnul((const char *)p, '\n');
		if (e > p && !plain_line(p, (size_t)(e - p)))
			return false;
		any = any || e > p;
		p = *e ? e + 1 : e;
	}
	if (!any)
		return false;
	bool para = false, gap = false;
	for (const unsigned char *p = s; *p;) {
		const unsigned char *e = (const unsigned char *)strchrnul((const char *)p, '\n');
		if (e == p) {
			gap = para;
		} else {
			if (para)
				bilan_buf_puts(out, gap ? "\n\n" : "\n");
			bilan_buf_put(out, p, (size_t)(e - p));
			para = true;
			gap = false;
		}
		p = *e ? e + 1 : e;
	}
	bilan_buf_puts(out, "\n\n");
	return true;
}

void bilan_report_md_body(struct bilan_buf *out, const char *md)
{
	if (bilan_report_md_plain(out, md))
		return;
	bilan_report_md_body_cmark(out, md);
}

void bilan_report_md_body_cmark(struct bilan_buf *out, const char *md)
{
	cmark_node *doc = bilan_report_md_parse(md, 3, true);
	char *text = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	unescape_hashes(text);
	bilan_buf_puts(out, text);
	size_t l = strlen(text);
	if (l && text[l - 1] != '\n')
		bilan_buf_putc(out, '\n');
	bilan_buf_putc(out, '\n');
	free(text);
	cmark_node_free(doc);
}

void bilan_report_markdown(struct bilan_buf *out, struct bilan_report *r)
{
	bilan_report_layout(r);
	const struct bilan_rdoc *d = &r->doc;
	bilan_buf_puts(out, "# ");
	md_escape(out, d->title ? d->title : "", false);
	bilan_buf_puts(out, "\n\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct bilan_rblock *b = &d->v[i];
		switch (b->type) {
		case BILAN_RB_SECTION:
			bilan_buf_puts(out, "## ");
			md_rtext(out, &b->text, false);
			bilan_buf_puts(out, "\n\n");
			break;
		case BILAN_RB_HEADING:
			bilan_buf_puts(out, b->level >= 4 ? "#### " : "### ");
			md_rtext(out, &b->text, false);
			bilan_buf_puts(out, "\n\n");
			break;
		case BILAN_RB_PARA:
			md_rtext(out, &b->text, true);
			bilan_buf_puts(out, "\n\n");
			break;
		case BILAN_RB_NOTE:
			bilan_buf_puts(out, "> ");
			md_rtext(out, &b->text, false);
			bilan_buf_puts(out, "\n\n");
			break;
		case BILAN_RB_LIST:
			for (size_t k = 0; k < b->nitems; k++) {
				bilan_buf_puts(out, "- ");
				md_rtext(out, &b->items[k], true);
				bilan_buf_putc(out, '\n');
			}
			bilan_buf_putc(out, '\n');
			break;
		case BILAN_RB_TABLE:
			md_table(out, b);
			break;
		case BILAN_RB_CHART:
			md_chart(out, b->chart);
			break;
		case BILAN_RB_ENTRY:
			for (int k = 0; k < (b->level >= 1 && b->level <= 6 ? b->level : 3); k++)
				bilan_buf_putc(out, '#');
			bilan_buf_putc(out, ' ');
			md_rtext(out, &b->text, false);
			bilan_buf_puts(out, "\n\n*");
			md_escape(out, "", false);
			for (size_t k = 0; k < b->meta.n; k++)
				md_escape(out, b->meta.v[k].text, false);
			bilan_buf_puts(out, "*\n\n");
			if (b->md)
				bilan_report_md_body(out, b->md);
			break;
		}
	}
}
