/* errors.c - error structs and diagnostic lists (see errors.h). */
#include "errors.h"
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bilan_error_clear(struct bilan_error *err)
{
	if (!err)
		return;
	err->code = 0;
	err->message[0] = err->file[0] = err->hint[0] = '\0';
	err->line = err->col = 0;
}

int bilan_error_setv(struct bilan_error *err, int code, const char *fmt, va_list ap)
{
	if (!err)
		return code;
	bilan_error_clear(err);
	err->code = code;
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	return code;
}

int bilan_error_set(struct bilan_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bilan_error_setv(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int bilan_error_set_at(struct bilan_error *err, int code, const char *file,
		       int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bilan_error_setv(err, code, fmt, ap);
	va_end(ap);
	if (err) {
		snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
		err->line = line;
		err->col = col;
	}
	return code;
}

int bilan_error_set_errno(struct bilan_error *err, int code, int errnum,
			  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bilan_error_setv(err, code, fmt, ap);
	va_end(ap);
	if (err) {
		size_t len = strlen(err->message);
		snprintf(err->message + len, sizeof(err->message) - len, ": %s",
			 strerror(errnum));
	}
	return code;
}

void bilan_error_hint(struct bilan_error *err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
	va_end(ap);
}

void bilan_diags_add(struct bilan_diags *d, enum bilan_severity sev,
		     const char *file, int line, int col, const char *fmt, ...)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	bilan_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	BILAN_ALLOC_GROW(d->v, d->n + 1, d->alloc);
	struct bilan_diag *g = &d->v[d->n++];
	g->severity = sev;
	g->file = bilan_xstrdup(file ? file : "");
	g->line = line;
	g->col = col;
	g->message = bilan_buf_detach(&b);
}

void bilan_diags_add_error(struct bilan_diags *d, const struct bilan_error *err)
{
	bilan_diags_add(d, BILAN_SEV_ERROR, err->file, err->line, err->col, "%s",
			err->message);
}

size_t bilan_diags_count(const struct bilan_diags *d, enum bilan_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].severity == sev)
			n++;
	return n;
}

void bilan_diags_clear(struct bilan_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].message);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->alloc = 0;
}
