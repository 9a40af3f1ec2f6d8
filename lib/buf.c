/* buf.c - growable buffers and allocation helpers (see buf.h). */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
	static const char msg[] = "bilan: fatal: out of memory\n";
	fwrite(msg, 1, sizeof(msg) - 1, stderr);
	abort();
}

void *bilan_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *bilan_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *bilan_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

char *bilan_xstrdup(const char *s)
{
	return bilan_xstrndup(s, strlen(s));
}

char *bilan_xstrndup(const char *s, size_t n)
{
	char *p = bilan_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *bilan_xasprintf(const char *fmt, ...)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	bilan_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return bilan_buf_detach(&b);
}

void bilan_buf_grow(struct bilan_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need < b->len)
		oom();
	if (need > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < need)
			cap *= 2;
		b->ptr = bilan_xrealloc(b->ptr, cap);
		b->cap = cap;
	}
}

void bilan_buf_put(struct bilan_buf *b, const void *data, size_t len)
{
	bilan_buf_grow(b, len);
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void bilan_buf_puts(struct bilan_buf *b, const char *s)
{
	bilan_buf_put(b, s, strlen(s));
}

void bilan_buf_putc(struct bilan_buf *b, char c)
{
	bilan_buf_put(b, &c, 1);
}

void bilan_buf_vprintf(struct bilan_buf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		bilan_buf_put(b, small, (size_t)n);
		return;
	}
	bilan_buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void bilan_buf_printf(struct bilan_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bilan_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void bilan_buf_truncate(struct bilan_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->ptr[len] = '\0';
	}
}

void bilan_buf_reset(struct bilan_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void bilan_buf_clear(struct bilan_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

char *bilan_buf_detach(struct bilan_buf *b)
{
	char *p = b->ptr ? b->ptr : bilan_xstrdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

const char *bilan_buf_cstr(const struct bilan_buf *b)
{
	return b->ptr ? b->ptr : "";
}

void bilan_strlist_add(struct bilan_strlist *l, const char *s)
{
	bilan_strlist_add_owned(l, bilan_xstrdup(s));
}

void bilan_strlist_add_owned(struct bilan_strlist *l, char *s)
{
	BILAN_ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = s;
}

int bilan_strlist_contains(const struct bilan_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void bilan_strlist_sort(struct bilan_strlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_str);
}

void bilan_strlist_clear(struct bilan_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}
