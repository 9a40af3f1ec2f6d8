/* table.h - the one table printer of every list: columns aligned by display
 * width (utf8proc: "é" is one column, a CJK character two, a colour escape
 * none), two spaces between columns, the last column never padded, empty
 * trailing cells dropped.  Never pad translated text with printf's %-Ns
 * (tests/po-typo.sh fails on it in cmd/). */
#ifndef BILAN_CMD_TABLE_H
#define BILAN_CMD_TABLE_H

#include <stdio.h>

struct table;

struct table *table_new(void);
void table_free(struct table *t);
/* Column `col` (from 0) is aligned right (counts, durations). */
void table_right(struct table *t, size_t col);
/* A new row; its cells follow. */
void table_row(struct table *t);
/* A cell of the current row (NULL: empty). */
void table_cell(struct table *t, const char *text);
/* A cell of text from a file or the user, neutralised for a terminal. */
void table_cell_text(struct table *t, const char *text);
void table_cellf(struct table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A cell shown between two escapes (colour on, off) not counted in width. */
void table_cell_sgr(struct table *t, const char *on, const char *text, const char *off);
/* A line of its own between rows, not in the columns ("— now —"); indent:
 * under column `col` (0: at the margin). */
void table_line(struct table *t, size_t col, const char *text);
/* Print every row to f and empty the table. */
void table_print(struct table *t, FILE *f);

/* Columns a string takes on a terminal (escape sequences take none). */
size_t text_width(const char *s);
/* Print s then spaces up to `width` columns. */
void print_padded(FILE *f, const char *s, size_t width);

#endif
