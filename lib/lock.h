/* lock.h - the workspace lock.
 *
 * An flock(2) on <gitdir>/bilan.lock, so a holder that dies (even by
 * SIGKILL) releases it at once.  The file records the holder's pid, host,
 * command and start time (no content) so a waiting command can name it;
 * a holder that wrote no record (flock(1), a holder just starting) is
 * named from /proc/locks.  Acquiring waits up to timeout_ms (the caller
 * reads BILAN_LOCK_TIMEOUT, default 30 s), then fails with BILAN_ELOCKED
 * and a message naming the holder.  The lock is never held while waiting
 * for a person or the network.
 *
 * No lock file remains after a command: the holder unlinks the file
 * before it releases the flock, and a command that gets the flock checks
 * that its descriptor is still the file at the path (same device and
 * inode) and otherwise starts again on the new file.  A file left by a
 * holder killed with SIGKILL holds no flock: the next command takes it and
 * removes it when it finishes.
 *
 * A holder killed while libgit2 held one of git's lock files leaves it too
 * (.git/index.lock, .git/refs/heads/main.lock, ...), and git refuses every
 * later write while it is there.  The command that takes over a lock file
 * still holding a record (so its holder was killed) removes the git lock
 * files under the lock's folder (top level, refs/, logs/) that are not older
 * than that record (its modification time, less one second): they were made
 * by the killed holder, as no other bilan command could run meanwhile.  A
 * plain git command started after the killed holder, and still running,
 * could lose its lock file then (it fails; nothing is lost);
 * 'bilan doctor' names any other git lock file.
 */
#ifndef BILAN_LOCK_H
#define BILAN_LOCK_H

#include "errors.h"

struct bilan_lock;

int bilan_lock_acquire(struct bilan_lock **out, const char *lock_path,
		       const char *command, int timeout_ms, struct bilan_error *err);
/* Removes the lock file, releases and frees; NULL is accepted. */
void bilan_lock_release(struct bilan_lock *lock);

/* Something other than a file at lock_path (a symbolic link, a folder, a
 * FIFO...) blocks every command: acquiring fails at once (BILAN_EFAIL, not
 * "try again later") and names it.  bilan_lock_path_kind says what is
 * there ("" for a regular file or nothing); bilan_lock_clear_bogus
 * removes a link, an empty folder or a special file, and refuses a folder
 * that holds something (it is left, never deleted with its content). */
const char *bilan_lock_path_kind(const char *lock_path);
int bilan_lock_clear_bogus(const char *lock_path, struct bilan_error *err);

/* Timeout from $BILAN_LOCK_TIMEOUT (seconds, may be fractional), default 30 s. */
int bilan_lock_timeout_ms(void);

#endif
