/* index-quick.h - a commit's files put into the index without reading and
 * writing it through libgit2.
 *
 * libgit2 1.5 verifies the SHA-1 of the whole index on every read and
 * computes it again on every write, with its collision-detecting SHA-1
 * (about 33 instructions a byte), and validates every path it reads: at
 * 10,000 entries that was 91 M of the 105 M instructions of a 'journal
 * add' (bench/RESULTS.md).  bilan_index_quick_add does what
 * git_index_add_bypath + git_index_write do for new or changed regular
 * files, on an index of the one shape bilan writes (format 4, no conflict,
 * no extended flags, no extension but the cached trees): under
 * index.lock, taken before the index is read, it checks the index's
 * SHA-1 (OpenSSL's, with the CPU's SHA instructions), puts the entries in
 * their places, invalidates the cached trees (TREE) of the folders along
 * their paths as git and libgit2 do, and renames the new index in.
 *
 * Any other index, or any doubt, is left to libgit2 (return 0, nothing
 * written): another format, an extension it does not know, a conflict, a
 * .gitattributes file in the index (the caller makes the blobs from the
 * files' bytes: no filter must apply),
 * an entry racily clean (its file changed in the tick the index was
 * written) whose content is no longer its blob (git and libgit2 look at
 * the content of such an entry before they write the index again, and
 * mark it changed), index.lock held, a checksum that does not match.  The index format:
 * git's Documentation/gitformat-index.txt. */
#ifndef BILAN_INDEX_QUICK_H
#define BILAN_INDEX_QUICK_H

#include <stddef.h>
#include <sys/stat.h>

#include "errors.h"

struct bilan_index_add {
	const char *path;            /* relative to the work tree, '/'-separated */
	struct stat st;              /* lstat of the file, before its blob was made */
	unsigned char oid[20];       /* its blob */
};

/* v[0..n) sorted by path (strcmp), no path twice, every one a regular
 * file.  1: the index is written (out_old: the trailing checksum it had,
 * out_sum: its new one); 0: not an index this handles, nothing written;
 * < 0: failed (err), the index as it was. */
int bilan_index_quick_add(const char *gitdir, const char *workdir,
			  const struct bilan_index_add *v, size_t n, unsigned char out_old[20],
			  unsigned char out_sum[20], struct bilan_error *err);

#endif
