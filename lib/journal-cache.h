/* journal-cache.h - internal to lib/: the derived cache of the journal's
 * parsed entries and its folder digest (journal-cache.c), used by the
 * loading of journal.c only (the public contract is journal.h's).
 */
#ifndef BILAN_JOURNAL_CACHE_H
#define BILAN_JOURNAL_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "journal.h"

struct bilan_jcache;
struct bilan_jstat {
	uint64_t size, ino;
	int64_t mtime_ns, ctime_ns;
};
/* The fixed fields of a cached entry, read without decoding it. */
struct bilan_jpeek {
	char id[BILAN_ID_SIZE];
	struct bilan_time date;
	enum bilan_entry_kind kind;
	enum bilan_entry_status status;
	int duration;
	bool is_private;
};
/* The cache of ws: one shard per folder of entry files, each read on first
 * use (a missing, unreadable or invalid shard is empty). */
struct bilan_jcache *bilan_jcache_open(const struct bilan_ws *ws);
/* The cached entry for rel if its stat matches (a copy, caller frees). */
struct bilan_entry *bilan_jcache_get(struct bilan_jcache *c, const char *rel,
				     const struct bilan_jstat *st);
/* The same without the body and the answer (left "" and NULL). */
struct bilan_entry *bilan_jcache_get_light(struct bilan_jcache *c, const char *rel,
					   const struct bilan_jstat *st);
/* The same, fixed fields only; false when rel is not cached as it is now. */
bool bilan_jcache_peek(struct bilan_jcache *c, const char *rel,
		       const struct bilan_jstat *st, struct bilan_jpeek *out);
/* Remember rel as it is now (copies e); files changed in the last 2 s of
 * scan_start_ns are not remembered. */
void bilan_jcache_put(struct bilan_jcache *c, const char *rel,
		      const struct bilan_jstat *st, const struct bilan_entry *e,
		      int64_t scan_start_ns);
/* After a scan of every folder of both journals: forget the shards of the
 * folders that were not seen (gone).  Call before bilan_jcache_close. */
void bilan_jcache_prune(struct bilan_jcache *c);
/* Write back the shards that changed (new, changed or vanished files: every
 * folder a shard was used for must have been scanned whole); failures are
 * ignored (it is derived data).  Frees c. */
void bilan_jcache_close(struct bilan_jcache *c, bool write_back);

/* The folder digest (journal-cache.c; see bilan_journal_open_items). */
struct bilan_jopen {
	char *rel;
	struct bilan_jstat st;
	enum bilan_entry_kind kind;  /* question or blocage */
	struct bilan_time date;
};
struct bilan_jfolder {
	char *rel;                   /* "journal/2026/11" */
	struct bilan_jstat st;       /* of the folder itself (size unused) */
	bool trusted;                /* false: list it again next time */
	bool has_newest;
	struct bilan_time newest;
	struct bilan_jopen *open;
	size_t nopen, aopen;
};
struct bilan_jdigest {
	struct bilan_jfolder *v;
	size_t n, alloc;
};
/* Read it (empty when missing or failing any check). */
void bilan_jdigest_read(struct bilan_jdigest *out, const struct bilan_ws *ws);
void bilan_jdigest_write(const struct bilan_jdigest *d, const struct bilan_ws *ws);
void bilan_jdigest_clear(struct bilan_jdigest *d);
struct bilan_jfolder *bilan_jdigest_add(struct bilan_jdigest *d, const char *rel,
					 const struct bilan_jstat *st);
void bilan_jfolder_add_open(struct bilan_jfolder *f, const char *rel,
			    const struct bilan_jstat *st, enum bilan_entry_kind kind,
			    const struct bilan_time *date);
const struct bilan_jfolder *bilan_jdigest_find(const struct bilan_jdigest *d, const char *rel);

#endif
