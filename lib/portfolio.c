/* portfolio.c - one row per workspace, from a few small files (see portfolio.h). */
#include "portfolio.h"
#include "clock.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "date.h"
#include "fs.h"
#include "i18n.h"
#include "workspace.h"
#include "yaml-tree.h"

static bool has_file(const char *dir, const char *name)
{
	char *p = bilan_xasprintf("%s/%s", dir, name);
	struct stat st;
	bool ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return ok;
}

static long long num(const struct bilan_node *map, const char *key)
{
	const char *s = bilan_map_str(map, key);
	if (!s || !*s)
		return -1;
	char *end = NULL;
	long long v = strtoll(s, &end, 10);
	return end && !*end ? v : -1;
}

static char *dup_str(const struct bilan_node *map, const char *key)
{
	const char *s = bilan_map_str(map, key);
	return s && *s ? bilan_xstrdup(s) : NULL;
}

static void row_init(struct bilan_portfolio_row *r, const char *dir)
{
	memset(r, 0, sizeof(*r));
	r->dir = bilan_xstrdup(dir);
	r->seances_minutes = r->week_minutes = r->weekly_goal = r->days_idle = -1;
	r->tests = r->pistes_validees = r->pistes_ouvertes = r->enquetes_realisees = -1;
	r->todo_overdue = -1;
}

static void set_error(struct bilan_portfolio_row *r, const struct bilan_error *e)
{
	free(r->error);
	r->error = e->file[0] && e->line
		? bilan_xasprintf("%s:%d:%d: %s", e->file, e->line, e->col, e->message)
		: bilan_xstrdup(e->message);
}

/* "2026-11-27" of a time in the local zone */
static void day(char buf[BILAN_TIME_ISO_MAX], int64_t t)
{
	struct bilan_time bt = { t, 0, false };
	struct tm tm;
	bilan_time_local(&bt, &tm);
	snprintf(buf, BILAN_TIME_ISO_MAX, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static void from_resume(struct bilan_portfolio_row *r, const struct bilan_node *root,
			int64_t now)
{
	char today[BILAN_TIME_ISO_MAX];
	day(today, now);
	r->from_resume = true;
	/* name, phase, goal and dates: bilan.yaml is the authority (a clone's
	 * resume.yaml is as old as the last sync) */
	if (!r->name)
		r->name = dup_str(root, "beneficiary");
	if (!r->phase)
		r->phase = dup_str(root, "phase");
	if (r->weekly_goal < 0)
		r->weekly_goal = num(root, "weekly_goal_minutes");
	const struct bilan_node *h = bilan_map_get(root, "hours");
	r->seances_minutes = num(h, "seances_minutes");
	const struct bilan_node *weeks = bilan_map_get(h, "weeks");
	r->week_minutes = 0;
	int64_t ws = bilan_week_start(now);
	char wsd[BILAN_TIME_ISO_MAX];
	day(wsd, ws);
	for (size_t i = 0; weeks && weeks->type == BILAN_NODE_SEQ && i < weeks->n; i++) {
		const char *start = bilan_map_str(weeks->items[i], "start");
		if (start && !strcmp(start, wsd))
			r->week_minutes = num(weeks->items[i], "minutes");
	}
	const struct bilan_node *c = bilan_map_get(root, "counts");
	r->tests = num(c, "tests_taken");
	r->pistes_validees = num(c, "pistes_validees");
	r->pistes_ouvertes = num(c, "pistes_ouvertes");
	r->enquetes_realisees = num(c, "enquetes_realisees");
	const struct bilan_node *todo = bilan_map_get(root, "todo");
	const struct bilan_node *due = bilan_map_get(todo, "open_due");
	if (todo) {
		r->todo_overdue = 0;
		for (size_t i = 0; due && due->type == BILAN_NODE_SEQ && i < due->n; i++)
			if (due->items[i]->type == BILAN_NODE_SCALAR &&
			    strncmp(due->items[i]->value, today, 10) < 0)
				r->todo_overdue++;
	}
	const char *next = bilan_map_str(root, "next_meeting");
	struct bilan_time nt;
	if (next && bilan_time_parse_iso(&nt, next) && nt.t >= now) {
		free(r->next_meeting);
		r->next_meeting = bilan_xstrdup(next);
	}
	const char *ret = bilan_map_str(root, "retention_until");
	if (ret && *ret && !r->retention_until) {
		free(r->retention_until);
		r->retention_until = bilan_xstrdup(ret);
	}
	const char *last = bilan_map_str(root, "last_activity");
	struct bilan_time lt;
	if (last && bilan_time_parse_iso(&lt, last))
		r->days_idle = lt.t <= now ? (bilan_day_start(now) - bilan_day_start(lt.t)) / 86400 : 0;
}

static void from_config(struct bilan_portfolio_row *r, const struct bilan_ws *ws)
{
	const struct bilan_config *c = &ws->cfg;
	r->name = c->name && *c->name ? bilan_xstrdup(c->name) : NULL;
	r->phase = bilan_xstrdup(bilan_phase_name(c->phase));
	r->weekly_goal = c->weekly_goal;
	const struct bilan_time *t = c->has_retention ? &c->retention_until
				     : c->has_end ? &c->end : NULL;
	if (t) {
		char d[BILAN_TIME_ISO_MAX];
		struct bilan_time x = *t;
		x.has_time = false;
		bilan_time_format_iso(d, &x);
		r->retention_until = bilan_xstrdup(d);
	}
}

static void scan_one(struct bilan_portfolio *out, const char *dir, int64_t now)
{
	BILAN_ALLOC_GROW(out->v, out->n + 1, out->alloc);
	struct bilan_portfolio_row *r = &out->v[out->n++];
	row_init(r, dir);
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_ws *ws = NULL;
	if (bilan_ws_open(&ws, dir, &err) < 0) {
		set_error(r, &err);
		return;
	}
	from_config(r, ws);
	bilan_ws_free(ws);
	if (has_file(dir, "resume.yaml")) {
		char *p = bilan_xasprintf("%s/resume.yaml", dir);
		struct bilan_doc *doc = NULL;
		if (bilan_yaml_load_file(&doc, p, &err) < 0)
			set_error(r, &err);
		else if (doc->root && doc->root->type == BILAN_NODE_MAP)
			from_resume(r, doc->root, now);
		bilan_doc_free(doc);
		free(p);
	}
	if (r->days_idle < 0) {
		char *p = bilan_xasprintf("%s/.git/logs/HEAD", dir);
		struct stat st;
		if (stat(p, &st) == 0 && st.st_mtime <= now)
			r->days_idle = (bilan_day_start(now) - bilan_day_start(st.st_mtime)) / 86400;
		free(p);
	}
	if (r->retention_until) {
		char today[BILAN_TIME_ISO_MAX];
		day(today, now);
		r->past_retention = strncmp(r->retention_until, today, 10) < 0;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int bilan_portfolio_scan(struct bilan_portfolio *out, const char *const *dirs, size_t n,
			 int64_t now, struct bilan_error *err)
{
	if (!now)
		now = bilan_now();
	for (size_t i = 0; i < n; i++) {
		if (!bilan_fs_is_dir(dirs[i]))
			return bilan_error_set(err, BILAN_ENOTFOUND, _("no directory '%s'"), dirs[i]);
	}
	for (size_t i = 0; i < n; i++) {
		if (has_file(dirs[i], BILAN_CONFIG_FILE)) {
			scan_one(out, dirs[i], now);
			continue;
		}
		DIR *d = opendir(dirs[i]);
		if (!d)
			return bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot read '%s'"),
						     dirs[i]);
		struct bilan_strlist subs = BILAN_STRLIST_INIT;
		struct dirent *e;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			char *p = bilan_xasprintf("%s/%s", dirs[i], e->d_name);
			if (has_file(p, BILAN_CONFIG_FILE))
				bilan_strlist_add_owned(&subs, p);
			else
				free(p);
		}
		closedir(d);
		qsort(subs.v, subs.n, sizeof(*subs.v), cmp_str);
		for (size_t k = 0; k < subs.n; k++)
			scan_one(out, subs.v[k], now);
		bilan_strlist_clear(&subs);
	}
	return 0;
}

void bilan_portfolio_clear(struct bilan_portfolio *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		struct bilan_portfolio_row *r = &p->v[i];
		free(r->dir);
		free(r->name);
		free(r->phase);
		free(r->next_meeting);
		free(r->retention_until);
		free(r->error);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}
