/* purge.c - the consultant's purge at the end of retention (see purge.h). */
#include "purge.h"
#include "settings.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fs.h"
#include "i18n.h"

/* The value of "key = value" in section [sect] (or [sect "sub"]) of a git
 * config text.  Caller frees; NULL when absent. */
static char *config_get(const char *text, const char *sect, const char *key)
{
	char *found = NULL;
	bool in = false;
	for (const char *p = text; *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char *line = bilan_xstrndup(p, len);
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '[') {
			in = !strncmp(s, sect, strlen(sect)) && s[strlen(sect)] == ']';
		} else if (in && !strncmp(s, key, strlen(key))) {
			char *v = s + strlen(key);
			while (*v == ' ' || *v == '\t')
				v++;
			if (*v == '=') {
				v++;
				while (*v == ' ' || *v == '\t')
					v++;
				size_t n = strlen(v);
				while (n && (v[n - 1] == ' ' || v[n - 1] == '\r'))
					n--;
				free(found);
				found = bilan_xstrndup(v, n);
			}
		}
		free(line);
		p += len + (eol ? 1 : 0);
	}
	return found;
}

static enum bilan_purge_transport transport_of(const char *url, char **local)
{
	*local = NULL;
	if (!url)
		return BILAN_PURGE_NO_REMOTE;
	if (!strncmp(url, "ssh://", 6))
		return BILAN_PURGE_SSH;
	if (!strncmp(url, "https://", 8) || !strncmp(url, "http://", 7))
		return BILAN_PURGE_HTTPS;
	if (!strncmp(url, "git://", 6))
		return BILAN_PURGE_GIT;
	if (!strncmp(url, "file://", 7)) {
		*local = bilan_xstrdup(url + 7);
		return BILAN_PURGE_LOCAL;
	}
	if (url[0] == '/') {
		*local = bilan_xstrdup(url);
		return BILAN_PURGE_LOCAL;
	}
	const char *colon = strchr(url, ':'), *slash = strchr(url, '/');
	if (colon && (!slash || colon < slash))
		return BILAN_PURGE_SSH;     /* scp-like user@host:path */
	return BILAN_PURGE_OTHER;
}

static bool is_bare_repo(const char *path)
{
	/* a folder itself: a symbolic link named as the repository is not
	 * followed (its target is left alone, and said so) */
	struct stat lst;
	if (lstat(path, &lst) < 0 || !S_ISDIR(lst.st_mode))
		return false;
	char *head = bilan_xasprintf("%s/HEAD", path), *obj = bilan_xasprintf("%s/objects", path),
	     *cfg = bilan_xasprintf("%s/config", path);
	bool yes = bilan_fs_exists(head) && bilan_fs_is_dir(obj);
	struct bilan_buf b = BILAN_BUF_INIT;
	if (yes && bilan_fs_read(&b, cfg, 1u << 20, NULL) == 0) {
		char *bare = config_get(bilan_buf_cstr(&b), "[core", "bare");
		yes = bare && !strcmp(bare, "true");
		free(bare);
	} else {
		yes = false;
	}
	bilan_buf_clear(&b);
	free(head);
	free(obj);
	free(cfg);
	return yes;
}

int bilan_purge_plan(struct bilan_purge_plan *out, const struct bilan_ws *ws,
		     int64_t now, struct bilan_error *err)
{
	memset(out, 0, sizeof(*out));
	struct bilan_buf b = BILAN_BUF_INIT;
	char *cfgp = bilan_xasprintf("%s/config", ws->gitdir);
	int rc = bilan_fs_read(&b, cfgp, 1u << 20, err);
	free(cfgp);
	if (rc < 0) {
		bilan_buf_clear(&b);
		return rc;
	}
	if (!bilan_ws_role_is(ws, "consultant")) {
		bilan_buf_clear(&b);
		bilan_error_set(err, BILAN_EUSAGE,
				_("this is not a consultant's clone: the beneficiary's copy is theirs, bilan never purges it"));
		bilan_error_hint(err, _("the purge runs in the clone made by 'bilan share clone'"));
		return BILAN_EUSAGE;
	}
	out->remote_url = config_get(bilan_buf_cstr(&b), "[remote \"origin\"", "url");
	bilan_buf_clear(&b);
	out->transport = transport_of(out->remote_url, &out->remote_path);
	out->remote_is_bare = out->remote_path && is_bare_repo(out->remote_path);
	out->clone = bilan_xstrdup(ws->root);
	out->name = ws->cfg.name;
	const struct bilan_config *c = &ws->cfg;
	out->closed = bilan_ws_closed(ws);
	if (out->closed && c->has_end) {
		out->due_on = c->end;
		if (c->has_retention) {
			/* the day after the last day documents may be kept */
			struct bilan_date_opts o = BILAN_DATE_OPTS_DAY;
			o.now = c->retention_until.t + 12 * 3600;
			struct bilan_time t;
			if (bilan_date_parse(&t, "demain", &o, NULL) == 0)
				out->due_on = t;
		}
		out->due = bilan_day_start(now) >= bilan_day_start(out->due_on.t);
	}
	return 0;
}

void bilan_purge_plan_clear(struct bilan_purge_plan *p)
{
	if (!p)
		return;
	free(p->clone);
	free(p->remote_url);
	free(p->remote_path);
	memset(p, 0, sizeof(*p));
}

char *bilan_purge_register_path(void)
{
	const char *x = bilan_settings.xdg_data_home;
	if (x && *x == '/')
		return bilan_xasprintf("%s/bilan/purges.txt", x);
	const char *h = bilan_settings.home;
	return bilan_xasprintf("%s/.local/share/bilan/purges.txt", h && *h ? h : ".");
}

/* A copy of s fit for one field of the register: control characters
 * (newline, tab, escapes) become '?'. */
static char *one_field(const char *s)
{
	char *c = bilan_xstrdup(s);
	for (unsigned char *q = (unsigned char *)c; *q; q++)
		if (*q < 0x20 || *q == 0x7f)
			*q = '?';
	return c;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 ? -1 : 0;
}

/* Delete a folder (never following links); refuses /, $HOME, anything but
 * a folder, and a path whose real place is / or $HOME. */
static int rm_tree(const char *path, struct bilan_error *err)
{
	const char *home = bilan_settings.home;
	struct stat lst;
	char *real = path ? realpath(path, NULL) : NULL;
	bool refuse = !path || path[0] != '/' || !strcmp(path, "/") ||
		      (home && !strcmp(path, home)) || lstat(path, &lst) < 0 ||
		      !S_ISDIR(lst.st_mode) || !real || !strcmp(real, "/");
	if (!refuse && home && *home) {
		char *rh = realpath(home, NULL);
		refuse = rh && !strcmp(real, rh);
		free(rh);
	}
	free(real);
	if (refuse)
		return bilan_error_set(err, BILAN_EFAIL, _("refusing to delete '%s'"), path ? path : "");
	if (nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS) < 0)
		return bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot delete '%s'"), path);
	return 0;
}

int bilan_purge_run(const struct bilan_purge_plan *p, int64_t now, bool *remote_deleted,
		    struct bilan_error *err)
{
	*remote_deleted = false;
	int rc;
	if (p->transport == BILAN_PURGE_LOCAL && p->remote_is_bare) {
		if ((rc = rm_tree(p->remote_path, err)) < 0)
			return rc;
		*remote_deleted = true;
	}
	if ((rc = rm_tree(p->clone, err)) < 0)
		return rc;
	/* the register: one line per purge, kept */
	char *reg = bilan_purge_register_path();
	char *dir = bilan_xstrdup(reg);
	*strrchr(dir, '/') = '\0';
	struct bilan_time t = bilan_time_now();
	t.t = now;
	char iso[BILAN_TIME_ISO_MAX];
	bilan_time_format_iso(iso, &t);
	rc = bilan_fs_mkdir_p(dir, 0700, err);
	FILE *f = rc == 0 ? fopen(reg, "a") : NULL;
	if (rc == 0 && !f)
		rc = bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot write '%s'"), reg);
	if (f) {
		/* one line per purge, whatever the name and paths hold */
		char *name = one_field(p->name ? p->name : "?"), *clone = one_field(p->clone);
		fprintf(f, "%s\t%s\tclone %s supprimé\t", iso, name, clone);
		free(name);
		free(clone);
		char *where = one_field(*remote_deleted ? p->remote_path
					: p->remote_url ? p->remote_url : "");
		if (*remote_deleted)
			fprintf(f, "dépôt %s supprimé\n", where);
		else if (p->remote_url)
			fprintf(f, "dépôt %s à supprimer sur le serveur\n", where);
		else
			fprintf(f, "sans dépôt distant\n");
		free(where);
		if (fclose(f) != 0)
			rc = bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot write '%s'"), reg);
		chmod(reg, 0600);
	}
	free(dir);
	free(reg);
	return rc;
}
