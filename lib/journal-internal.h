/* journal-internal.h - internal to lib/: what the files of the journal
 * (journal-entry.c, journal.c, journal-guide.c) share beside journal.h.
 */
#ifndef BILAN_JOURNAL_INTERNAL_H
#define BILAN_JOURNAL_INTERNAL_H

#include <stdbool.h>

#include "buf.h"
#include "errors.h"
#include "journal.h"

/* tags holds tag, folded (case, accents). */
bool bilan_jentry_tag_has(const struct bilan_strlist *tags, const char *tag);
/* The last component of a workspace-relative path. */
const char *bilan_jentry_base_name(const char *rel);
/* rel is under the private journal (journal/private/...). */
bool bilan_jentry_rel_is_private(const char *rel);
/* Read and check the entry file abs, named rel in errors. */
int bilan_jentry_load_abs(struct bilan_entry **out, const char *abs, const char *rel,
			  struct bilan_error *err);

#endif
