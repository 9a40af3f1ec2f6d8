/* share-url.c - the address of a remote: its forms (path, file://, ssh,
 * scp-like, https), checked and shown without a password (see share.h). */
#include "share.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "fs.h"
#include "i18n.h"
#include "id.h"
#include "text.h"

/* ------------------------------------------------------------------ */
/* remotes */

static bool is_url(const char *s)
{
	const char *p = strstr(s, "://");
	if (p && p > s) {
		for (const char *q = s; q < p; q++)
			if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
			      (*q >= '0' && *q <= '9') || *q == '+' || *q == '-' || *q == '.'))
				return false;
		return true;
	}
	return false;
}

/* user@host:path (scp-like), not a local path with a colon after a slash. */
static bool is_scp_like(const char *s)
{
	const char *colon = strchr(s, ':');
	const char *slash = strchr(s, '/');
	return colon && colon > s && (!slash || colon < slash) && s[0] != '.';
}

/* The longest remote accepted (a path or URL): PATH_MAX. */
#define URL_MAX 4096

/* user:password@ anywhere it could be read as such: in the authority (up
 * to the first '/'), or a ':' before the first '@' of rest (what follows
 * "://", or a whole scp-like address) unless it starts a port:
 * "https://user:se/cret@host/x" or "user:secret@host:x" would otherwise be
 * stored, and shared in partage.yaml, with the secret in clear. */
static bool has_password(const char *rest, bool url)
{
	if (url) {
		const char *end = rest + strcspn(rest, "/");
		const char *at = NULL;
		for (const char *p = rest; p < end; p++)
			if (*p == '@')
				at = p;
		if (at && memchr(rest, ':', (size_t)(at - rest)))
			return true;
	}
	const char *at = strchr(rest, '@'), *colon = strchr(rest, ':');
	if (!at || !colon || colon > at)
		return false;
	/* "host:8443/repo@v2.git": a port, then a path */
	size_t digits = strspn(colon + 1, "0123456789");
	return !(url && digits && colon[1 + digits] == '/');
}

/* "<transport>::<address>": git's remote helpers (ext:: runs a command,
 * fd:: reads file descriptors, and any helper on PATH may do anything). */
static bool is_helper_syntax(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-_");
	return n > 0 && s[n] == ':' && s[n + 1] == ':';
}

/* The schemes a remote may use: ssh, https, http, git, file. */
static bool scheme_ok(const char *url)
{
	static const char *const ok[] = { "ssh", "git+ssh", "ssh+git", "https", "http", "git",
					  "file", NULL };
	size_t n = (size_t)(strstr(url, "://") - url);
	for (size_t i = 0; ok[i]; i++)
		if (strlen(ok[i]) == n && !strncasecmp(url, ok[i], n))
			return true;
	return false;
}

/* "ssh:/host/x", "https:/host": a known scheme whose "//" was mistyped
 * (libgit2 would read it as a host named "ssh" and fail for ever on its
 * name). */
static bool mistyped_scheme(const char *s)
{
	static const char *const names[] = { "ssh", "git+ssh", "ssh+git", "https", "http", "git",
					     "file", NULL };
	const char *colon = strchr(s, ':');
	if (!colon || colon == s || colon[1] != '/' || !strncmp(colon, "://", 3))
		return false;
	size_t n = (size_t)(colon - s);
	for (size_t i = 0; names[i]; i++)
		if (strlen(names[i]) == n && !strncasecmp(s, names[i], n))
			return true;
	return false;
}

/* A URL other than file:// names a host: "ssh:///x" does not. */
static bool url_without_host(const char *url)
{
	if (!strncasecmp(url, "file://", 7))
		return false;
	const char *h = strstr(url, "://") + 3;
	const char *end = h + strcspn(h, "/");
	const char *at = memchr(h, '@', (size_t)(end - h));
	if (at)
		h = at + 1;
	return h >= end || *h == ':';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* s with %XX decoded (in place); true when something was decoded. */
static bool percent_decode(char *s)
{
	char *w = s;
	bool changed = false;
	for (const char *r = s; *r; r++) {
		int hi, lo;
		if (r[0] == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0) {
			*w++ = (char)(hi * 16 + lo);
			r += 2;
			changed = true;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return changed;
}

enum cred { CRED_NONE, CRED_PASSWORD, CRED_USERINFO, CRED_QUERY };

/* What credential a remote (one form of it, already decoded or not) holds. */
static enum cred credential_in(const char *url)
{
	if (is_url(url)) {
		const char *rest = strstr(url, "://") + 3;
		if (has_password(rest, true))
			return CRED_PASSWORD;
		/* "https://TOKEN@host/": a user name alone is a token over
		 * http(s) and git:// (ssh takes a user name, never a secret) */
		size_t alen = strcspn(rest, "/?#");
		bool ssh = !strncasecmp(url, "ssh", 3) || !strncasecmp(url, "git+ssh", 7);
		if (!ssh && memchr(rest, '@', alen))
			return CRED_USERINFO;
		/* "?access_token=...", "#token": query strings and fragments */
		if (strpbrk(rest, "?#"))
			return CRED_QUERY;
		return CRED_NONE;
	}
	if (is_scp_like(url) && has_password(url, false))
		return CRED_PASSWORD;
	return CRED_NONE;
}

int bilan_share_url_check(char **out, const char *url, struct bilan_error *err)
{
	*out = NULL;
	if (!url || !*url)
		return bilan_error_set(err, BILAN_EUSAGE, _("the remote is empty"));
	size_t len = strlen(url);
	if (len > URL_MAX)
		return bilan_error_set(err, BILAN_EUSAGE, _("the remote is too long (at most %d bytes)"),
				       URL_MAX);
	if (!bilan_utf8_valid(url, len, NULL))
		return bilan_error_set(err, BILAN_EUSAGE, _("the remote is not valid UTF-8"));
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return bilan_error_set(err, BILAN_EUSAGE,
					       _("the remote contains a control character"));
	if (url[0] == ' ' || url[len - 1] == ' ')
		return bilan_error_set(err, BILAN_EUSAGE, _("the remote begins or ends with a space"));
	if (is_helper_syntax(url)) {
		bilan_error_set(err, BILAN_EUSAGE,
				_("the remote uses a 'TRANSPORT::' address (ext::, fd::, ...), which "
				  "runs commands or reads file descriptors: it is refused"));
		bilan_error_hint(err, _("give an ssh or https address, or a path to a repository"));
		return BILAN_EUSAGE;
	}
	if (mistyped_scheme(url) || (is_url(url) && scheme_ok(url) && url_without_host(url))) {
		bilan_error_set(err, BILAN_EUSAGE,
				_("the remote '%s' is not a valid address: a URL is written "
				  "SCHEME://HOST/PATH"), url);
		bilan_error_hint(err, _("for example ssh://git@forge.example/camille.git, "
					"git@forge.example:camille.git, or a path to a repository"));
		return BILAN_EUSAGE;
	}
	if (is_url(url) && !scheme_ok(url)) {
		bilan_error_set(err, BILAN_EUSAGE,
				_("the remote's scheme is not one bilan accepts (ssh, https, http, git, file)"));
		bilan_error_hint(err, _("give an ssh or https address, or a path to a repository"));
		return BILAN_EUSAGE;
	}
	/* The address as given, then decoded as many times as it changes
	 * (a password hidden as "%3A", "%253A"...), holds no credential. */
	char *plain = bilan_xstrdup(url);
	enum cred cred = credential_in(plain);
	for (int i = 0; i < 4 && cred == CRED_NONE && percent_decode(plain); i++)
		cred = credential_in(plain);
	free(plain);
	if (cred != CRED_NONE) {
		bilan_error_set(err, BILAN_EUSAGE, "%s",
				cred == CRED_PASSWORD ?
				_("the remote contains a password; bilan never stores credentials") :
				cred == CRED_USERINFO ?
				_("the remote contains a user name or token before '@'; bilan never "
				  "stores credentials") :
				_("the remote contains a query string or fragment ('?', '#'), where "
				  "tokens are passed; bilan never stores credentials"));
		bilan_error_hint(err, _("give the address without credentials: ssh keys or the ssh "
					"agent authenticate you"));
		return BILAN_EUSAGE;
	}
	if (is_url(url)) {
		if (!strncmp(url, "file://", 7)) {
			char *r = realpath(url + 7, NULL);
			*out = r ? r : bilan_xstrdup(url + 7);
			return 0;
		}
		*out = bilan_xstrdup(url);
		return 0;
	}
	if (is_scp_like(url)) {
		*out = bilan_xstrdup(url);
		return 0;
	}
	/* A local path: absolute, resolved when it exists. */
	char *r = realpath(url, NULL);
	if (r) {
		*out = r;
		return 0;
	}
	if (url[0] == '/') {
		*out = bilan_xstrdup(url);
		return 0;
	}
	char *cwd = getcwd(NULL, 0);
	if (!cwd)
		return bilan_error_set_errno(err, BILAN_EFAIL, errno,
					     _("cannot read the current directory"));
	*out = bilan_xasprintf("%s/%s", cwd, url);
	free(cwd);
	return 0;
}

static char *remote_key(const char *s)
{
	char *r = NULL;
	if (!is_url(s) && !is_scp_like(s))
		r = realpath(s, NULL);
	if (!r && !strncmp(s, "file://", 7))
		r = realpath(s + 7, NULL);
	if (!r)
		r = bilan_xstrdup(s);
	size_t n = strlen(r);
	while (n > 1 && r[n - 1] == '/')
		r[--n] = '\0';
	if (n > 4 && !strcmp(r + n - 4, ".git"))
		r[n - 4] = '\0';
	n = strlen(r);
	while (n > 1 && r[n - 1] == '/')
		r[--n] = '\0';
	return r;
}

bool bilan_share_same_remote(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	char *ka = remote_key(a), *kb = remote_key(b);
	bool same = !strcmp(ka, kb);
	free(ka);
	free(kb);
	return same;
}

