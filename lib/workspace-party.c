/* workspace-party.c - who this copy is: its role, its party and who
 * commits in it, read from the repository's own files without opening it
 * (workspace.h; the parties and what each owns: owner.h). */
#include "workspace.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fs.h"

bool bilan_ws_role_is(const struct bilan_ws *ws, const char *role)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	char *p = bilan_xasprintf("%s/config", ws->gitdir);
	char *want = bilan_xasprintf("role = %s\n", role);
	bool yes = false;
	if (bilan_fs_read(&b, p, 1u << 20, NULL) == 0) {
		/* [bilan] role = ..., as libgit2 and git write it */
		const char *s = bilan_buf_cstr(&b);
		const char *sec = strstr(s, "[bilan]");
		if (sec) {
			const char *end = strstr(sec + 7, "\n[");
			const char *at = strstr(sec, want);
			yes = at && (!end || at < end);
		}
	}
	free(want);
	free(p);
	bilan_buf_clear(&b);
	return yes;
}

bool bilan_ws_is_consultant_clone(const struct bilan_ws *ws)
{
	return bilan_ws_role_is(ws, "consultant");
}

bool bilan_share_is_beneficiary(const struct bilan_ws *ws)
{
	char *p = bilan_xasprintf("%s/refs/heads/partage", ws->gitdir);
	bool yes = bilan_fs_exists(p);
	free(p);
	if (yes)
		return true;
	struct bilan_buf b = BILAN_BUF_INIT;
	p = bilan_xasprintf("%s/packed-refs", ws->gitdir);
	if (bilan_fs_read(&b, p, 64u << 20, NULL) == 0 && strstr(bilan_buf_cstr(&b), " " BILAN_SHARE_REF "\n"))
		yes = true;
	free(p);
	bilan_buf_clear(&b);
	return yes || bilan_ws_role_is(ws, "beneficiaire");
}

enum bilan_party bilan_ws_party(const struct bilan_ws *ws)
{
	if (bilan_ws_is_consultant_clone(ws))
		return BILAN_PARTY_CONSULTANT;
	if (bilan_share_is_beneficiary(ws))
		return BILAN_PARTY_BENEFICIARY;
	/* a plain 'git clone' of a shared workspace (what sync takes for a
	 * consultant's copy, sync.h): a consent is there, yet neither the
	 * shared branch nor the role 'bilan share init' sets, and a remote
	 * "origin".  A beneficiary's workspace that never shared has no
	 * consent; one that did has the role. */
	char *consent = bilan_xasprintf("%s/%s", ws->root, BILAN_SHARE_FILE);
	bool shared = bilan_fs_exists(consent);
	free(consent);
	if (!shared)
		return BILAN_PARTY_BENEFICIARY;
	struct bilan_buf b = BILAN_BUF_INIT;
	char *p = bilan_xasprintf("%s/config", ws->gitdir);
	bool clone = bilan_fs_read(&b, p, 1u << 20, NULL) == 0 &&
		     strstr(bilan_buf_cstr(&b), "[remote \"origin\"]");
	free(p);
	bilan_buf_clear(&b);
	return clone ? BILAN_PARTY_CONSULTANT : BILAN_PARTY_BENEFICIARY;
}

const char *bilan_party_display(const struct bilan_ws *ws, enum bilan_party p)
{
	return p == BILAN_PARTY_CONSULTANT ? ws->cfg.consultant : ws->cfg.name;
}

/* The value of "key = value" in the [bilan] section of a git config
 * text, as git and libgit2 write it (quotes and backslash escapes). */
static char *config_value(const char *s, const char *key)
{
	const char *sec = strstr(s, "[bilan]");
	if (!sec)
		return NULL;
	const char *end = strstr(sec + 7, "\n[");
	size_t klen = strlen(key);
	for (const char *l = strchr(sec, '\n'); l && (!end || l < end); l = strchr(l + 1, '\n')) {
		const char *p = l + 1;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, key, klen) != 0)
			continue;
		p += klen;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '=')
			continue;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		struct bilan_buf b = BILAN_BUF_INIT;
		bool quoted = false;
		for (; *p && *p != '\n'; p++) {
			if (*p == '"') {
				quoted = !quoted;
			} else if (*p == '\\' && p[1] && p[1] != '\n') {
				p++;
				bilan_buf_putc(&b, *p == 'n' ? '\n' : *p == 't' ? '\t' : *p);
			} else if (!quoted && (*p == ';' || *p == '#')) {
				break;
			} else {
				bilan_buf_putc(&b, *p);
			}
		}
		while (b.len && (b.ptr[b.len - 1] == ' ' || b.ptr[b.len - 1] == '\t' ||
				 b.ptr[b.len - 1] == '\r'))
			b.len--;
		bilan_buf_putc(&b, '\0');
		return bilan_buf_detach(&b);
	}
	return NULL;
}

char *bilan_ws_local_get(const struct bilan_ws *ws, const char *key)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	char *p = bilan_xasprintf("%s/config", ws->gitdir);
	char *v = NULL;
	if (bilan_fs_read(&b, p, 1u << 20, NULL) == 0)
		v = config_value(bilan_buf_cstr(&b), key);
	free(p);
	bilan_buf_clear(&b);
	if (v && !*v) {
		free(v);
		v = NULL;
	}
	return v;
}

void bilan_ws_identity(char **out_name, char **out_email, bool *out_first,
		       const struct bilan_ws *ws)
{
	if (bilan_ws_party(ws) == BILAN_PARTY_CONSULTANT) {
		*out_name = bilan_ws_local_get(ws, "name");
		if (!*out_name && ws->cfg.consultant && *ws->cfg.consultant)
			*out_name = bilan_xstrdup(ws->cfg.consultant);
		*out_email = bilan_ws_local_get(ws, "email");
		*out_first = true;
		return;
	}
	*out_name = ws->cfg.name ? bilan_xstrdup(ws->cfg.name) : NULL;
	*out_email = ws->cfg.email ? bilan_xstrdup(ws->cfg.email) : NULL;
	*out_first = false;
}
