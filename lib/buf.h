/* buf.h - growable byte buffers and allocation helpers.
 *
 * Allocation failure aborts the process (as git does): the library has no
 * meaningful way to go on without memory, and no file is half-written because
 * every write is atomic (see fs.h). */
#ifndef BILAN_BUF_H
#define BILAN_BUF_H

#include <stdarg.h>
#include <stddef.h>

void *bilan_xmalloc(size_t n);
void *bilan_xcalloc(size_t n, size_t size);
void *bilan_xrealloc(void *p, size_t n);
char *bilan_xstrdup(const char *s);
char *bilan_xstrndup(const char *s, size_t n);
char *bilan_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow an array: BILAN_ALLOC_GROW(v, n + 1, alloc) */
#define BILAN_ALLOC_GROW(ptr, need, alloc)                                      \
	do {                                                                     \
		if ((need) > (alloc)) {                                          \
			size_t bilan_ng_ = (alloc) ? (alloc) * 2 : 8;            \
			while (bilan_ng_ < (need)) bilan_ng_ *= 2;               \
			(ptr) = bilan_xrealloc((ptr), bilan_ng_ * sizeof(*(ptr))); \
			(alloc) = bilan_ng_;                                     \
		}                                                                \
	} while (0)

/* A NUL-terminated growable buffer (ptr is never NULL after the first put). */
/* A version of a file, borrowed: data NULL means "absent" (merge.h,
 * owner.h). */
struct bilan_blob {
	const char *data;
	size_t len;
};

struct bilan_buf {
	char *ptr;
	size_t len, cap;
};

#define BILAN_BUF_INIT { .ptr = NULL, .len = 0, .cap = 0 }

void bilan_buf_grow(struct bilan_buf *b, size_t extra);
void bilan_buf_put(struct bilan_buf *b, const void *data, size_t len);
void bilan_buf_puts(struct bilan_buf *b, const char *s);
void bilan_buf_putc(struct bilan_buf *b, char c);
void bilan_buf_printf(struct bilan_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void bilan_buf_vprintf(struct bilan_buf *b, const char *fmt, va_list ap);
void bilan_buf_truncate(struct bilan_buf *b, size_t len);
void bilan_buf_reset(struct bilan_buf *b);          /* len = 0, keeps memory */
void bilan_buf_clear(struct bilan_buf *b);           /* releases memory */
char *bilan_buf_detach(struct bilan_buf *b);        /* caller frees; b reset */
/* "" when empty, never NULL */
const char *bilan_buf_cstr(const struct bilan_buf *b);

/* A list of owned strings. */
struct bilan_strlist {
	char **v;
	size_t n, alloc;
};
#define BILAN_STRLIST_INIT { .v = NULL, .n = 0, .alloc = 0 }
void bilan_strlist_add(struct bilan_strlist *l, const char *s);   /* copies */
void bilan_strlist_add_owned(struct bilan_strlist *l, char *s);   /* takes */
int bilan_strlist_contains(const struct bilan_strlist *l, const char *s);
void bilan_strlist_sort(struct bilan_strlist *l);
void bilan_strlist_clear(struct bilan_strlist *l);

#endif
