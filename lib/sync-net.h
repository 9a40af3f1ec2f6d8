/* sync-net.h - internal to lib/: the network side of the sync:
 * libgit2's remote callbacks (ssh credentials from the agent or ~/.ssh,
 * host keys and certificates checked, @revoked keys refused, progress,
 * push rejections, the transfer limit) and the one translation of a failed
 * transfer into a bilan error with its documented exit code (bilan-sync(1):
 * 75 only for what waiting can mend).
 */
#ifndef BILAN_SYNC_NET_H
#define BILAN_SYNC_NET_H

#include <stdbool.h>

#include <git2.h>

#include "errors.h"
#include "sync.h"

/* What the callbacks of one transfer learnt (the payload of its callbacks). */
struct bilan_net {
	const struct bilan_sync_opts *opts;
	const char *url;
	/* credentials */
	int attempts, max_attempts;
	bool tried_agent, offered;
	int key_index;
	bool no_key;
	/* host key (ssh) or certificate (https) */
	bool cert_failed, tls_cert, revoked;
	/* an http(s) server asked for a login and password (401) */
	bool userpass;
	char host[256];
	char fingerprint[128];
	/* push */
	char rejected[512];
	/* a transfer past BILAN_REMOTE_MAX_FETCH (fetch and clone) */
	bool limit_fetch, too_much;
};

/* Start n for one transfer to url (opts may be NULL). */
void bilan_net_init(struct bilan_net *n, const struct bilan_sync_opts *opts, const char *url);
/* Set the callbacks of cb, with n as their payload. */
void bilan_net_set_callbacks(git_remote_callbacks *cb, struct bilan_net *n);
/* Turn a failed transfer (libgit2's code gerr) into a bilan error with the
 * documented code: BILAN_EAGAIN for a network that waiting can mend,
 * BILAN_EFAIL for the rest (credentials, host keys, limits, addresses). */
int bilan_net_fail(struct bilan_error *err, int gerr, const struct bilan_net *n, const char *url);
/* A path or file:// URL (a repository on this computer's disks). */
bool bilan_url_is_local(const char *url);

#endif
