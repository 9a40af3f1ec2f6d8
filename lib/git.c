/* git.c - the one wrapper of libgit2's start and errors (see git.h). */
#include "git.h"
#include "i18n.h"
#include "text.h"

#include <git2.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void shutdown_at_exit(void)
{
	git_libgit2_shutdown();
}

void bilan_git_init(void)
{
	static bool ready;
	if (ready)
		return;
	ready = true;
	git_libgit2_init();
	atexit(shutdown_at_exit);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
}

int bilan_git_code(int gerr)
{
	if (gerr >= 0)
		return 0;
	switch (gerr) {
	case GIT_ELOCKED:
		return BILAN_ELOCKED;
	case GIT_EMODIFIED:
		return BILAN_EAGAIN;
	case GIT_ENOTFOUND:
		return BILAN_ENOTFOUND;
	case GIT_EEXISTS:
		return BILAN_EEXISTS;
	default:
		return BILAN_EFAIL;
	}
}

const char *bilan_git_message(void)
{
	static char *ring[4];
	static unsigned next;
	const git_error *e = git_error_last();
	unsigned k = next++ % 4;
	free(ring[k]);
	ring[k] = bilan_text_name(e && e->message && *e->message ? e->message : "?");
	return ring[k];
}

int bilan_git_fail(struct bilan_error *err, int gerr, const char *fmt, ...)
{
	int code = bilan_git_code(gerr < 0 ? gerr : GIT_ERROR);
	const git_error *e = git_error_last();
	va_list ap;

	va_start(ap, fmt);
	bilan_error_setv(err, code, fmt, ap);
	va_end(ap);
	if (err && e && e->message && *e->message) {
		size_t len = strlen(err->message);
		snprintf(err->message + len, sizeof(err->message) - len, ": %s",
			 bilan_git_message());
	}
	if (code == BILAN_ELOCKED)
		bilan_error_hint(err, _("another program is using the repository; try again"));
	return code;
}
