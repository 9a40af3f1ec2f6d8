/* fs.h - files: atomic writes, private directories, bounded reads.
 *
 * Every file bilan writes goes through bilan_fs_write_atomic: a temporary file
 * in the same directory (O_EXCL, mode 0600), full write, fsync, rename over the
 * target, fsync of the directory.  A crash at any point leaves either the old
 * file or the new one, never a partial one; a failed write (full disk,
 * read-only file system) removes the temporary and leaves the old file.
 *
 * Paths inside a workspace are written relative to its root with
 * bilan_fs_write_in: each directory component is opened with O_NOFOLLOW, so a
 * symlink in the workspace (to anywhere) is never written through; a relative
 * path that is absolute, contains "..", an empty component, a NUL or a
 * control character is refused (BILAN_EINVALID).
 */
#ifndef BILAN_FS_H
#define BILAN_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "errors.h"

/* Absolute or cwd-relative path; mode is applied to the new file (0600). */
int bilan_fs_write_atomic(const char *path, const void *data, size_t len,
			  mode_t mode, struct bilan_error *err);

/* Write root/rel atomically, creating missing directories (0700) below root.
 * Never follows a symlink below root. */
int bilan_fs_write_in(const char *root, const char *rel, const void *data,
		      size_t len, struct bilan_error *err);
/* Remove root/rel (ENOENT is not an error), with the same path rules; removes
 * directories left empty up to (not including) root. */
int bilan_fs_remove_in(const char *root, const char *rel, struct bilan_error *err);

/* true if rel is acceptable as a path inside a workspace (see above). */
bool bilan_fs_rel_path_ok(const char *rel);

/* mkdir -p with mode (0700 for bilan's own folders). */
int bilan_fs_mkdir_p(const char *path, mode_t mode, struct bilan_error *err);

/* Read a whole regular file; BILAN_ETOOBIG (checked with fstat before reading)
 * when larger than max bytes; BILAN_ENOTFOUND when missing. */
int bilan_fs_read(struct bilan_buf *out, const char *path, size_t max,
		  struct bilan_error *err);
/* Read at most max bytes from a stream fd (stdin); BILAN_ETOOBIG past it
 * without reading further. */
int bilan_fs_read_fd(struct bilan_buf *out, int fd, size_t max, struct bilan_error *err);

bool bilan_fs_exists(const char *path);
/* Whether a read of root/rel that failed with err failed because the file
 * is gone: err is BILAN_ENOTFOUND and nothing is there (lstat).  A reader
 * holds no lock: a file it listed may be removed before it opens it, and
 * is then no longer a record, never a broken one (a link to nowhere still
 * is). */
bool bilan_fs_gone(const char *root, const char *rel, const struct bilan_error *err);
bool bilan_fs_is_dir(const char *path);

/* List regular files ending in suffix (e.g. ".yaml") under dir, recursively,
 * as paths relative to dir, sorted.  A missing dir yields an empty list. */
int bilan_fs_list(struct bilan_strlist *out, const char *dir, const char *suffix,
		  struct bilan_error *err);

/* "Now" in the time of the file system that holds dir, in nanoseconds: the
 * modification time the file system gives a file made there now (an
 * unnamed O_TMPFILE, or a named one removed at once where that is not
 * supported).  File ages (racily clean files in the caches, how old a log
 * is) compare time stamps with this, never with a clock: a moved machine
 * clock, a clock skewed from a network file system, or a process under
 * libfaketime (scripts/test --full) cannot make a file just written look old.
 * Falls back to CLOCK_REALTIME when nothing can be made in dir (read-only). */
int64_t bilan_fs_now_ns(const char *dir);

#endif
