/* sync-net.c - libgit2's remote callbacks and the errors of a
 * transfer (see sync-net.h). */
#include "sync-net.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "git.h"
#include "i18n.h"
#include "settings.h"

static const char *const key_names[] = { "id_ed25519", "id_ecdsa", "id_rsa" };

static int cred_cb(git_credential **out, const char *url, const char *user_from_url,
		   unsigned int allowed, void *payload)
{
	struct bilan_net *n = payload;
	(void)url;
	const char *user = user_from_url && *user_from_url ? user_from_url : bilan_settings.user;
	if (!user || !*user) {
		struct passwd *pw = getpwuid(getuid());
		user = pw ? pw->pw_name : "git";
	}
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user);
	if (!(allowed & GIT_CREDENTIAL_SSH_KEY)) {
		/* https: a login and password, which bilan never sends */
		if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
			n->userpass = true;
			git_error_set_str(GIT_ERROR_NET, "the server asks for a password");
			return GIT_EAUTH;
		}
		n->no_key = true;
		git_error_set_str(GIT_ERROR_NET, "no credentials");
		return GIT_EAUTH;
	}
	if (++n->attempts > n->max_attempts) {
		git_error_set_str(GIT_ERROR_NET, "too many authentication attempts");
		return GIT_EAUTH;
	}
	const char *sock = bilan_settings.ssh_auth_sock;
	if (!n->tried_agent && sock && *sock) {
		n->tried_agent = true;
		n->offered = true;
		return git_credential_ssh_key_from_agent(out, user);
	}
	const char *home = bilan_settings.home;
	while (home && n->key_index < (int)(sizeof(key_names) / sizeof(key_names[0]))) {
		char *priv = bilan_xasprintf("%s/.ssh/%s", home, key_names[n->key_index++]);
		char *pub = bilan_xasprintf("%s.pub", priv);
		int r = 1;
		if (access(priv, R_OK) == 0) {
			n->offered = true;
			r = git_credential_ssh_key_new(out, user, access(pub, R_OK) == 0 ? pub : NULL,
						       priv, NULL);
		}
		free(priv);
		free(pub);
		if (r <= 0)
			return r;
	}
	n->no_key = !n->offered;
	git_error_set_str(GIT_ERROR_NET, "no more credentials");
	return GIT_EAUTH;
}

static void b64(char *out, size_t size, const unsigned char *in, size_t len)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;
	for (size_t i = 0; i < len && o + 5 < size; i += 3) {
		unsigned v = (unsigned)in[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		out[o++] = t[(v >> 18) & 63];
		out[o++] = t[(v >> 12) & 63];
		if (i + 1 < len)
			out[o++] = t[(v >> 6) & 63];
		if (i + 2 < len)
			out[o++] = t[v & 63];
	}
	out[o] = '\0';   /* ssh-keygen's form: no padding */
}

static int b64_decode(unsigned char *out, size_t size, const char *in, size_t *outlen)
{
	unsigned v = 0;
	int bits = 0;
	size_t o = 0;
	for (const char *p = in; *p && *p != '='; p++) {
		int c = *p >= 'A' && *p <= 'Z' ? *p - 'A' : *p >= 'a' && *p <= 'z' ? *p - 'a' + 26 :
			*p >= '0' && *p <= '9' ? *p - '0' + 52 : *p == '+' ? 62 : *p == '/' ? 63 : -1;
		if (c < 0)
			return -1;
		v = (v << 6) | (unsigned)c;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= size)
				return -1;
			out[o++] = (unsigned char)((v >> bits) & 0xFF);
		}
	}
	*outlen = o;
	return 0;
}

/* Is the raw host key listed as "@revoked" in ~/.ssh/known_hosts?  A
 * revoked key is refused even when a line lists it as the host's (OpenSSH
 * does the same; libgit2 ignores the marker). */
static bool key_revoked(const unsigned char *key, size_t keylen)
{
	const char *home = bilan_settings.home;
	if (!home || !key || !keylen)
		return false;
	char *path = bilan_xasprintf("%s/.ssh/known_hosts", home);
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return false;
	bool revoked = false;
	char line[16384];
	unsigned char *dec = bilan_xmalloc(sizeof(line));
	while (!revoked && fgets(line, sizeof(line), f)) {
		char *save = NULL;
		char *marker = strtok_r(line, " \t\r\n", &save);
		if (!marker || strcmp(marker, "@revoked") != 0)
			continue;
		char *hosts = strtok_r(NULL, " \t\r\n", &save);
		char *type = strtok_r(NULL, " \t\r\n", &save);
		char *b = strtok_r(NULL, " \t\r\n", &save);
		size_t n = 0;
		(void)hosts;
		(void)type;
		if (b && b64_decode(dec, sizeof(line), b, &n) == 0 && n == keylen &&
		    !memcmp(dec, key, keylen))
			revoked = true;
	}
	free(dec);
	fclose(f);
	return revoked;
}

static int cert_cb(git_cert *cert, int valid, const char *host, void *payload)
{
	struct bilan_net *n = payload;
	if (valid && cert->cert_type == GIT_CERT_HOSTKEY_LIBSSH2) {
		const git_cert_hostkey *hk = (const git_cert_hostkey *)cert;
		if ((hk->type & GIT_CERT_SSH_RAW) &&
		    key_revoked((const unsigned char *)hk->hostkey, hk->hostkey_len)) {
			n->cert_failed = true;
			n->revoked = true;
			snprintf(n->host, sizeof(n->host), "%s", host ? host : "?");
			if (hk->type & GIT_CERT_SSH_SHA256) {
				char enc[64];
				b64(enc, sizeof(enc), hk->hash_sha256, 32);
				snprintf(n->fingerprint, sizeof(n->fingerprint), "SHA256:%s", enc);
			}
			git_error_set_str(GIT_ERROR_SSH, "revoked host key");
			return GIT_ECERTIFICATE;
		}
	}
	if (valid)
		return 0;
	if (cert->cert_type == GIT_CERT_HOSTKEY_LIBSSH2) {
		const git_cert_hostkey *hk = (const git_cert_hostkey *)cert;
		n->cert_failed = true;
		snprintf(n->host, sizeof(n->host), "%s", host ? host : "?");
		if (hk->type & GIT_CERT_SSH_SHA256) {
			char enc[64];
			b64(enc, sizeof(enc), hk->hash_sha256, 32);
			snprintf(n->fingerprint, sizeof(n->fingerprint), "SHA256:%s", enc);
		}
		git_error_set_str(GIT_ERROR_SSH, "unknown host key");
		return GIT_ECERTIFICATE;
	}
	n->cert_failed = true;
	n->tls_cert = cert->cert_type == GIT_CERT_X509;
	snprintf(n->host, sizeof(n->host), "%s", host ? host : "?");
	return GIT_ECERTIFICATE;
}

static int fetch_progress(const git_indexer_progress *s, void *payload)
{
	struct bilan_net *n = payload;
	if (n->limit_fetch && s->received_bytes > BILAN_REMOTE_MAX_FETCH) {
		n->too_much = true;
		git_error_set_str(GIT_ERROR_NET, "transfer too large");
		return -1;
	}
	if (n->opts && n->opts->progress) {
		struct bilan_sync_progress p = { "fetch", s->received_objects, s->total_objects,
						 s->received_bytes };
		n->opts->progress(&p, n->opts->payload);
	}
	return 0;
}

static int push_progress(unsigned int current, unsigned int total, size_t bytes, void *payload)
{
	struct bilan_net *n = payload;
	if (n->opts && n->opts->progress) {
		struct bilan_sync_progress p = { "push", current, total, bytes };
		n->opts->progress(&p, n->opts->payload);
	}
	return 0;
}

static int push_ref_cb(const char *refname, const char *status, void *payload)
{
	struct bilan_net *n = payload;
	if (status && !n->rejected[0])
		snprintf(n->rejected, sizeof(n->rejected), "%s: %s", refname, status);
	return 0;
}

void bilan_net_set_callbacks(git_remote_callbacks *cb, struct bilan_net *n)
{
	cb->credentials = cred_cb;
	cb->certificate_check = cert_cb;
	cb->transfer_progress = fetch_progress;
	cb->push_transfer_progress = push_progress;
	cb->push_update_reference = push_ref_cb;
	cb->payload = n;
}

void bilan_net_init(struct bilan_net *n, const struct bilan_sync_opts *opts, const char *url)
{
	memset(n, 0, sizeof(*n));
	n->opts = opts;
	n->url = url;
	n->max_attempts = opts && opts->max_auth_attempts > 0 ? opts->max_auth_attempts : 4;
}

bool bilan_url_is_local(const char *url)
{
	if (!strncmp(url, "file://", 7))
		return true;
	if (strstr(url, "://"))
		return false;
	const char *colon = strchr(url, ':'), *slash = strchr(url, '/');
	return !(colon && (!slash || colon < slash));
}

static bool transient(const char *m)
{
	static const char *const pats[] = {
		"connection refused", "failed to connect", "could not connect",
		"failed to resolve", "could not resolve", "name or service not known",
		"temporary failure in name resolution", "timed out", "timeout",
		"early eof", "unexpected eof", "connection reset", "broken pipe",
		"interrupted system call", "network is unreachable", "no route to host",
		"could not read from remote", "failed to receive", "failed to send",
		"error receiving data", "error sending data", "unexpected disconnect",
		"hung up", "would block", "short read", "invalid packet line",
		"pack is truncated", "socket", "recv", "eof",
		NULL,
	};
	char *f = bilan_xstrdup(m);
	for (char *p = f; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	bool yes = false;
	for (size_t i = 0; pats[i] && !yes; i++)
		yes = strstr(f, pats[i]) != NULL;
	free(f);
	return yes;
}

/* Turn a failed transfer into a bilan error with the documented code. */
int bilan_net_fail(struct bilan_error *err, int gerr, const struct bilan_net *n, const char *url)
{
	const char *m = bilan_git_message();
	if (n->too_much) {
		bilan_error_set(err, BILAN_EFAIL,
				_("the remote '%s' sends more than %u MiB: refused"), url,
				BILAN_REMOTE_MAX_FETCH >> 20);
		bilan_error_hint(err, _("nothing was changed here; a bilan's history is far smaller: "
					"ask who added large files to remove them from the remote "
					"(limits: bilan-sync(1))"));
		return BILAN_EFAIL;
	}
	if (n->cert_failed && n->tls_cert) {
		bilan_error_set(err, BILAN_EFAIL,
				_("the certificate of '%s' is not trusted (not signed by an authority this computer knows, expired, or for another name)"),
				n->host);
		bilan_error_hint(err, _("bilan checks https servers against the system's certificate authorities (/etc/ssl/certs) and never accepts an untrusted one; ask the server's administrator, or use an ssh:// address"));
		return BILAN_EFAIL;
	}
	if (n->revoked) {
		bilan_error_set(err, BILAN_EFAIL,
				_("the host key of '%s' (%s) is marked @revoked in ~/.ssh/known_hosts: refused"),
				n->host, n->fingerprint[0] ? n->fingerprint : "?");
		bilan_error_hint(err, _("a revoked key may be in a thief's hands: ask the server's "
					"administrator for its new key; bilan never accepts a revoked one"));
		return BILAN_EFAIL;
	}
	if (n->userpass) {
		bilan_error_set(err, BILAN_EFAIL,
				_("the server of '%s' asks for a login and password (HTTP 401); bilan never "
				  "sends or stores a password"), url);
		bilan_error_hint(err, _("ask for an ssh address of the repository (ssh://...) and "
					"authorise your ssh key there"));
		return BILAN_EFAIL;
	}
	if (n->cert_failed) {
		/* "-p PORT host" from ssh://user@host:PORT/path */
		char where[300];
		const char *h = strstr(url, "://");
		const char *port = NULL;
		size_t portlen = 0;
		if (h) {
			h += 3;
			const char *end = h + strcspn(h, "/");
			const char *at = memchr(h, '@', (size_t)(end - h));
			const char *colon = memchr(at ? at : h, ':', (size_t)(end - (at ? at : h)));
			if (colon) {
				port = colon + 1;
				portlen = (size_t)(end - port);
			}
		}
		if (port && portlen && portlen < 8)
			snprintf(where, sizeof(where), "-p %.*s %s", (int)portlen, port, n->host);
		else
			snprintf(where, sizeof(where), "%s", n->host);
		bilan_error_set(err, BILAN_EFAIL,
				_("the host key of '%s' is not in ~/.ssh/known_hosts or does not match it (%s)"),
				n->host, n->fingerprint[0] ? n->fingerprint : "?");
		bilan_error_hint(err, _("if this fingerprint is the server's (ask its administrator), accept it once with 'ssh %s' or 'ssh-keyscan %s >> ~/.ssh/known_hosts'; bilan never accepts an unknown host by itself"),
				 where, where);
		return BILAN_EFAIL;
	}
	if (gerr == GIT_EAUTH || n->attempts > 0 || n->no_key ||
	    strstr(m, "authentication") || strstr(m, "Authentication") ||
	    strstr(m, "credentials")) {
		if (n->no_key) {
			bilan_error_set(err, BILAN_EFAIL, _("no ssh key to offer to '%s'"), url);
			bilan_error_hint(err, _("start ssh-agent and 'ssh-add' your key, or create ~/.ssh/id_ed25519 ('ssh-keygen -t ed25519'); bilan never asks for or stores a password"));
		} else {
			bilan_error_set(err, BILAN_EFAIL, _("the remote '%s' refused the credentials"), url);
			bilan_error_hint(err, _("check that your public key is authorised on the server; an encrypted key must be loaded in ssh-agent ('ssh-add')"));
		}
		return BILAN_EFAIL;
	}
	if (!bilan_url_is_local(url) && transient(m)) {
		bilan_error_set(err, BILAN_EAGAIN, _("the remote '%s' cannot be reached now: %s"), url, m);
		bilan_error_hint(err, _("nothing was changed here; run 'bilan sync' again later"));
		return BILAN_EAGAIN;
	}
	bilan_error_set(err, BILAN_EFAIL, _("cannot exchange with the remote '%s': %s"), url, m);
	if (bilan_url_is_local(url))
		bilan_error_hint(err, _("check the address: is there a git repository at that path?"));
	return BILAN_EFAIL;
}

