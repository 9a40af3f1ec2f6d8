/* id.h - record ids, slugs and prefix resolution.
 *
 * An id is the UTC creation time without colons plus a 4-character random
 * suffix from [a-z0-9]: "20261127T143205Z-k3f9".  Ids sort by creation time,
 * two machines creating records in the same second collide with probability
 * 1/36^4, and they are accepted by unique prefix like git's short hashes
 * ("20261127T1432" or the suffix alone "k3f9" when unique).
 *
 * A slug is lowercase ASCII: accents folded (é -> e, œ -> oe, ß -> ss), every
 * other run of characters becomes one '-', no leading or trailing '-', at most
 * 48 characters (cut at a '-' when possible).  Uniqueness is checked without
 * regard to case by the caller's list of existing slugs (-2, -3 ...).  Neither
 * ids nor slugs ever contain a character Windows refuses in file names, and a
 * slug is never a Windows device name (con, prn, aux, nul, com1..com9,
 * lpt1..lpt9): bilan_slugify gives "con-1" for "CON" (the explicit first of
 * the base, -2, -3 ... series), bilan_slug_unique skips such a base ("con-2"),
 * bilan_slug_valid refuses it.  Past 48 characters a slug is cut at the last
 * '-' that keeps at least 24 characters, else at 48.
 */
#ifndef BILAN_ID_H
#define BILAN_ID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "errors.h"

#define BILAN_ID_SIZE 24   /* "20261127T143205Z-k3f9" + NUL */
#define BILAN_SLUG_MAX 48

/* now: seconds since the epoch (0 = bilan_now()).  Random suffix from getrandom,
 * or from the seed of lib/clock.h when one is set. */
void bilan_id_new(char out[BILAN_ID_SIZE], int64_t now);
bool bilan_id_valid(const char *s);
/* Creation time of an id, or -1. */
int64_t bilan_id_time(const char *id);

/* Slug of a title; "" titles give "sans-titre".  out holds BILAN_SLUG_MAX+1. */
void bilan_slugify(char out[BILAN_SLUG_MAX + 1], const char *title);
bool bilan_slug_valid(const char *s);
/* Make base unique against existing (case-insensitive): base, base-2, base-3...
 * (cut so that the result still fits in BILAN_SLUG_MAX). */
void bilan_slug_unique(char out[BILAN_SLUG_MAX + 1], const char *base,
		       const struct bilan_strlist *existing);

/* Resolve a user-typed prefix against candidate ids or slugs.  An exact match
 * wins; else a unique prefix (of the whole id, or of the random suffix).
 * Returns the index, or BILAN_ENOTFOUND / BILAN_EAMBIGUOUS (the message lists
 * up to 10 candidates); what names the kind of record for the message
 * ("entry", "piste"...). */
int bilan_prefix_resolve(size_t *out_index, const char *const *candidates,
			 size_t n, const char *prefix, const char *what,
			 struct bilan_error *err);

/* Short form of an id for display: the shortest unique prefix among
 * candidates, at least 8 characters ("20261127T1432"...). */
size_t bilan_id_short_len(const char *id, const char *const *all, size_t n);

#endif
