/* table.c - columns aligned by display width (table.h). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "table.h"
#include "common.h"
#include "text.h"

struct cell {
	char *text;                 /* shown as is (may hold escapes) */
	size_t width;
};

struct row {
	struct cell *c;
	size_t n, alloc;
	char *line;                 /* a free line instead of cells */
	size_t line_col;
};

struct table {
	struct row *r;
	size_t n, alloc;
	unsigned char right[32];
};

size_t text_width(const char *s)
{
	size_t w = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	while (p && *p) {
		if (*p == 0x1b) {   /* CSI ... final byte */
			p++;
			if (*p == '[') {
				p++;
				while (*p && !(*p >= 0x40 && *p <= 0x7e))
					p++;
				if (*p)
					p++;
			}
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);
		if (len <= 0) {     /* invalid byte: one column, as a replacement */
			w++, p++;
			continue;
		}
		int cw = utf8proc_charwidth(cp);
		w += cw > 0 ? (size_t)cw : 0;
		p += len;
	}
	return w;
}

void print_padded(FILE *f, const char *s, size_t width)
{
	fputs(s, f);
	for (size_t w = text_width(s); w < width; w++)
		fputc(' ', f);
}

struct table *table_new(void)
{
	return bilan_xcalloc(1, sizeof(struct table));
}

static void row_clear(struct row *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->c[i].text);
	free(r->c);
	free(r->line);
}

void table_free(struct table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		row_clear(&t->r[i]);
	free(t->r);
	free(t);
}

void table_right(struct table *t, size_t col)
{
	if (col < sizeof t->right)
		t->right[col] = 1;
}

static struct row *new_row(struct table *t)
{
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 16;
		t->r = bilan_xrealloc(t->r, t->alloc * sizeof *t->r);
	}
	struct row *r = &t->r[t->n++];
	memset(r, 0, sizeof *r);
	return r;
}

void table_row(struct table *t)
{
	new_row(t);
}

static void add(struct table *t, char *text, size_t width)
{
	if (!t->n || t->r[t->n - 1].line)
		new_row(t);
	struct row *r = &t->r[t->n - 1];
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 8;
		r->c = bilan_xrealloc(r->c, r->alloc * sizeof *r->c);
	}
	r->c[r->n].text = text;
	r->c[r->n].width = width;
	r->n++;
}

void table_cell(struct table *t, const char *text)
{
	char *s = bilan_xstrdup(text ? text : "");
	add(t, s, text_width(s));
}

void table_cell_text(struct table *t, const char *text)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	sanitize_shown(&b, text);
	table_cell(t, bilan_buf_cstr(&b));
	bilan_buf_clear(&b);
}

void table_cellf(struct table *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char *s = bilan_xstrdup(bilan_buf_cstr(&b));
	bilan_buf_clear(&b);
	add(t, s, text_width(s));
}

void table_cell_sgr(struct table *t, const char *on, const char *text, const char *off)
{
	text = text ? text : "";
	add(t, bilan_xasprintf("%s%s%s", on ? on : "", text, off ? off : ""), text_width(text));
}

void table_line(struct table *t, size_t col, const char *text)
{
	struct row *r = new_row(t);
	r->line = bilan_xstrdup(text ? text : "");
	r->line_col = col;
}

void table_print(struct table *t, FILE *f)
{
	size_t ncol = 0;
	for (size_t i = 0; i < t->n; i++) {
		struct row *r = &t->r[i];
		while (r->n && !r->c[r->n - 1].width) {   /* empty trailing cells */
			free(r->c[r->n - 1].text);
			r->n--;
		}
		if (r->n > ncol)
			ncol = r->n;
	}
	size_t *w = bilan_xcalloc(ncol + 1, sizeof *w);
	for (size_t i = 0; i < t->n; i++)
		for (size_t j = 0; j < t->r[i].n; j++) {
			bool right = j < sizeof t->right && t->right[j];
			/* a last cell is never padded: it widens no column */
			if ((j + 1 < t->r[i].n || right) && t->r[i].c[j].width > w[j])
				w[j] = t->r[i].c[j].width;
		}
	for (size_t i = 0; i < t->n; i++) {
		struct row *r = &t->r[i];
		if (r->line) {
			size_t ind = 0;
			for (size_t j = 0; j < r->line_col && j < ncol; j++)
				ind += w[j] + 2;
			fprintf(f, "%*s%s\n", (int)ind, "", r->line);
			continue;
		}
		for (size_t j = 0; j < r->n; j++) {
			const struct cell *c = &r->c[j];
			bool last = j + 1 == r->n;
			bool right = j < sizeof t->right && t->right[j];
			size_t pad = w[j] > c->width ? w[j] - c->width : 0;
			if (right)
				fprintf(f, "%*s", (int)pad, "");
			fputs(c->text, f);
			if (!last)
				fprintf(f, "%*s", right ? 2 : (int)pad + 2, "");
		}
		fputc('\n', f);
	}
	free(w);
	for (size_t i = 0; i < t->n; i++)
		row_clear(&t->r[i]);
	t->n = 0;
}
