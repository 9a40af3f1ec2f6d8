/* errors.h - error reporting for the bilan library.
 *
 * Contract: lib/ never prints and never exits.  Every function that can fail
 * returns 0 on success or a negative enum bilan_code, and fills the caller's
 * struct bilan_error (which may be NULL when the caller does not care).
 * Messages are user-facing, already translated (gettext), lowercase, no final
 * full stop, and never contain the content of a personal file (only paths,
 * positions and short quotes of the offending token).
 */
#ifndef BILAN_ERRORS_H
#define BILAN_ERRORS_H

#include <stdarg.h>
#include <stddef.h>

enum bilan_code {
	BILAN_OK = 0,
	BILAN_EFAIL = -1,        /* generic failure                      exit 1  */
	BILAN_EUSAGE = -2,       /* bad command-line value               exit 2  */
	BILAN_ENOTFOUND = -3,    /* no such record / file                exit 1  */
	BILAN_EAMBIGUOUS = -4,   /* prefix matches several records       exit 1  */
	BILAN_EINVALID = -5,     /* invalid file content (FILE:LINE:COL) exit 1  */
	BILAN_EEXISTS = -6,      /* already exists                       exit 1  */
	BILAN_ELOCKED = -7,      /* workspace lock held                  exit 75 */
	BILAN_ECONFLICT = -8,    /* needs a decision                     exit 3  */
	BILAN_EAGAIN = -9,       /* transient (network, ...)             exit 75 */
	BILAN_ENOWORKSPACE = -10,/* not inside a workspace               exit 1  */
	BILAN_ETOOBIG = -11,     /* over a documented size limit         exit 1  */
	BILAN_ECANCELLED = -12,  /* the user cancelled (empty entry ...) exit 1  */
};

#define BILAN_ERROR_MSG_MAX 1024
#define BILAN_ERROR_PATH_MAX 1024

struct bilan_error {
	int code;                         /* 0 when no error */
	char message[BILAN_ERROR_MSG_MAX];
	char file[BILAN_ERROR_PATH_MAX];  /* "" when the error has no location */
	int line, col;                    /* 1-based; 0 when unknown */
	char hint[BILAN_ERROR_MSG_MAX];   /* optional advice ("run 'bilan init'") */
};

#define BILAN_ERROR_INIT { .code = 0, .message = "", .file = "", .line = 0, .col = 0, .hint = "" }

void bilan_error_clear(struct bilan_error *err);

/* Set code and message; returns code so one can write
 * `return bilan_error_set(err, BILAN_EFAIL, _("..."), ...);`.
 * err may be NULL. */
int bilan_error_set(struct bilan_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int bilan_error_setv(struct bilan_error *err, int code, const char *fmt, va_list ap);

/* Same with a location in a file (line/col 1-based). */
int bilan_error_set_at(struct bilan_error *err, int code, const char *file,
		       int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Message followed by ": strerror(errnum)". */
int bilan_error_set_errno(struct bilan_error *err, int code, int errnum,
			  const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Add or replace the hint. */
void bilan_error_hint(struct bilan_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A list of diagnostics, for validators that report every problem
 * (bilan check, bilan doctor, journal list with broken files). */
enum bilan_severity { BILAN_SEV_ERROR, BILAN_SEV_WARNING };

struct bilan_diag {
	enum bilan_severity severity;
	char *file;
	int line, col;
	char *message;
};

struct bilan_diags {
	struct bilan_diag *v;
	size_t n, alloc;
};

#define BILAN_DIAGS_INIT { .v = NULL, .n = 0, .alloc = 0 }

void bilan_diags_add(struct bilan_diags *d, enum bilan_severity sev,
		     const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Append an error struct as one diagnostic. */
void bilan_diags_add_error(struct bilan_diags *d, const struct bilan_error *err);
size_t bilan_diags_count(const struct bilan_diags *d, enum bilan_severity sev);
void bilan_diags_clear(struct bilan_diags *d);

#endif
