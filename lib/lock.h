/* lock.h - the workspace lock.
 *
 * An flock(2) on <gitdir>/bilan.lock, so a holder that dies (even by
 * SIGKILL) releases it at once.  The file records the holder's pid, host,
 * command and start time (no content) so a waiting command can name it.
 * Acquiring waits up to timeout_ms (the caller reads BILAN_LOCK_TIMEOUT,
 * default 30 s), then fails with BILAN_ELOCKED and a message naming the
 * holder.  The lock is never held while waiting for a person or the network.
 */
#ifndef BILAN_LOCK_H
#define BILAN_LOCK_H

#include "error.h"

struct bilan_lock;

int bilan_lock_acquire(struct bilan_lock **out, const char *lock_path,
		       const char *command, int timeout_ms, struct bilan_error *err);
/* Releases and frees; NULL is accepted. */
void bilan_lock_release(struct bilan_lock *lock);

/* Timeout from $BILAN_LOCK_TIMEOUT (seconds, may be fractional), default 30 s. */
int bilan_lock_timeout_ms(void);

#endif
