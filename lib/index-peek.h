/* index-peek.h - is the working tree exactly what the index says?  A
 * read-only answer without libgit2, for the common case of a status that
 * finds nothing.
 *
 * libgit2 1.5 verifies the SHA-1 of the whole index and validates every
 * path on each read (47 M of the 87 M instructions of a status at 10,000
 * entries); git does neither, and a status through libgit2 costs ~1.3x
 * git's (bench/RESULTS.md).  bilan_index_peek_clean reads the index file
 * as git does (formats 2, 3 and 4), compares each entry's stat data with
 * lstat (times in ns, inode, size, mode, uid, gid) and walks the working
 * tree for files the index does not hold.  It answers true only when
 * everything matches: any doubt (an entry racily clean, a conflict, an
 * extension it does not know, a file not in the index, even an ignored
 * one, a read error) is false, and the caller asks libgit2.  out_sum gets
 * the index's trailing checksum (the one git_index_checksum gives). */
#ifndef BILAN_INDEX_PEEK_H
#define BILAN_INDEX_PEEK_H

#include <stdbool.h>

bool bilan_index_peek_clean(const char *gitdir, const char *workdir,
			    unsigned char out_sum[20]);

#endif
