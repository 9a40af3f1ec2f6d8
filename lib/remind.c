/* remind.c - what needs attention now (see remind.h). */
#include "remind.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "record.h"

int64_t bilan_remind_six_months(int64_t t)
{
	struct bilan_time bt = { t, 0, true };
	struct tm tm;
	bilan_time_local(&bt, &tm);
	int y = tm.tm_year + 1900, m = tm.tm_mon + 6;
	y += m / 12;
	m %= 12;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int last = mdays[m];
	if (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		last = 29;
	struct tm out = tm;
	out.tm_year = y - 1900;
	out.tm_mon = m;
	out.tm_mday = tm.tm_mday > last ? last : tm.tm_mday;
	out.tm_isdst = -1;
	return (int64_t)mktime(&out);
}

/* ------------------------------------------------------------------ */
/* the journal, read through its cache without ever writing it back    */

struct scan_ctx {
	const struct bilan_ws *ws;
	struct bilan_jcache *cache;
	struct bilan_remind *r;
	int64_t week, last_week, next_week;
};

/* Time and last date of an entry. */
static void account(struct scan_ctx *c, const struct bilan_time *date, int duration)
{
	struct bilan_remind *r = c->r;
	int64_t t = date->t;
	if (t >= c->week && t < c->next_week) {
		r->week_minutes += duration;
		r->week_entries++;
	} else if (t >= c->last_week && t < c->week) {
		r->last_week_minutes += duration;
	}
	if (!r->has_last_entry || t > r->last_entry.t) {
		r->last_entry = *date;
		r->has_last_entry = true;
	}
}

/* Keep e when it is an open question or blocker, else free it. */
static void keep_if_open(struct scan_ctx *c, struct bilan_entry *e)
{
	struct bilan_remind *r = c->r;
	if (e->status == BILAN_STATUS_OUVERTE) {
		bool blocker = e->kind == BILAN_KIND_BLOCAGE;
		struct bilan_entry ***v = blocker ? &r->blockers : &r->questions;
		size_t *n = blocker ? &r->nblockers : &r->nquestions;
		*v = bilan_xrealloc(*v, (*n + 1) * sizeof(**v));
		(*v)[(*n)++] = e;
		return;
	}
	bilan_entry_free(e);
}

static void load_entry(struct scan_ctx *c, const char *rel, bool account_it)
{
	struct bilan_entry *e = NULL;
	struct bilan_error ferr = BILAN_ERROR_INIT;
	if (bilan_entry_load(&e, c->ws, rel, &ferr) < 0) {
		if (!ferr.file[0])
			snprintf(ferr.file, sizeof(ferr.file), "%s", rel);
		bilan_diags_add_error(&c->r->problems, &ferr);
		return;
	}
	if (account_it)
		account(c, &e->date, e->duration);
	keep_if_open(c, e);
}

/* One entry file: its fixed fields from the cache when it is cached as it
 * is now (no decoding), the whole entry only for open items; a file not
 * cached is read and parsed. */
static void take_file(struct scan_ctx *c, const char *rel, const struct bilan_jstat *js)
{
	struct bilan_jpeek pk;
	if (!c->cache || !bilan_jcache_peek(c->cache, rel, js, &pk)) {
		load_entry(c, rel, true);
		return;
	}
	account(c, &pk.date, pk.duration);
	if (pk.status != BILAN_STATUS_OUVERTE)
		return;
	struct bilan_entry *e = bilan_jcache_get(c->cache, rel, js);
	if (e)
		keep_if_open(c, e);
	else
		load_entry(c, rel, false);
}

static bool yaml_name(const char *name)
{
	size_t n = strlen(name);
	return n > 5 && name[0] != '.' && !strcmp(name + n - 5, ".yaml");
}

static int scan_dir(struct scan_ctx *c, int dirfd, const char *prefix, int depth,
		    struct bilan_error *err)
{
	DIR *d = fdopendir(dirfd);
	if (!d) {
		int e = errno;
		close(dirfd);
		return bilan_error_set_errno(err, BILAN_EFAIL, e, _("cannot read directory '%s'"),
					     prefix);
	}
	struct dirent *de;
	int rc = 0;
	while (rc == 0 && (de = readdir(d))) {
		const char *name = de->d_name;
		if (name[0] == '.')
			continue;
		struct stat st;
		if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		char *rel = bilan_xasprintf("%s/%s", prefix, name);
		if (S_ISDIR(st.st_mode) && depth < 8) {
			int sub = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0)
				rc = scan_dir(c, sub, rel, depth + 1, err);
		} else if (S_ISREG(st.st_mode) && yaml_name(name)) {
			struct bilan_jstat js = {
				(uint64_t)st.st_size, (uint64_t)st.st_ino,
				(int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec,
				(int64_t)st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec,
			};
			take_file(c, rel, &js);
		}
		free(rel);
	}
	closedir(d);
	return rc;
}

static int scan_journal(struct scan_ctx *c, const char *rel, struct bilan_error *err)
{
	char *abs = bilan_ws_path(c->ws, rel);
	int fd = open(abs, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int e = errno;
	free(abs);
	if (fd < 0) {
		if (e == ENOENT || e == ENOTDIR || e == ELOOP)
			return 0;
		return bilan_error_set_errno(err, BILAN_EFAIL, e, _("cannot read directory '%s'"), rel);
	}
	return scan_dir(c, fd, rel, 0, err);
}

/* ------------------------------------------------------------------ */

static int days_between(int64_t from, int64_t to)
{
	int64_t a = bilan_day_start(from), b = bilan_day_start(to);
	/* +12h absorbs a DST change */
	return (int)((b - a + 43200) / 86400);
}

/* The date of the last change of a record: its last history entry, else
 * its creation; false when neither is readable. */
static bool last_change(const struct bilan_record *rec, int64_t *out)
{
	const struct bilan_node *h = bilan_map_get(rec->doc->root, "history");
	struct bilan_time t;
	if (h && h->type == BILAN_NODE_SEQ && h->n) {
		const char *d = bilan_map_str(h->items[h->n - 1], "date");
		if (d && bilan_time_parse_iso(&t, d)) {
			*out = t.t;
			return true;
		}
	}
	if (bilan_record_time(rec, "created", &t)) {
		*out = t.t;
		return true;
	}
	return false;
}

static void fix_paths(struct bilan_diags *d, const char *root)
{
	size_t l = strlen(root);
	for (size_t i = 0; i < d->n; i++) {
		char *f = d->v[i].file;
		if (f && !strncmp(f, root, l) && f[l] == '/')
			memmove(f, f + l + 1, strlen(f + l + 1) + 1);
	}
}

int bilan_remind_collect(struct bilan_remind **out, const struct bilan_ws *ws,
			 const struct bilan_remind_opts *opts, struct bilan_error *err)
{
	*out = NULL;
	struct bilan_remind *r = bilan_xcalloc(1, sizeof(*r));
	const struct bilan_config *cfg = &ws->cfg;
	int64_t now = opts && opts->now ? opts->now : (int64_t)time(NULL);
	r->now = now;
	r->goal = cfg->weekly_goal;
	bool closed = bilan_ws_closed(ws);
	r->running = !closed && (!cfg->has_start || cfg->start.t <= now);
	int rc = 0;

	struct scan_ctx c = { ws, bilan_jcache_open(ws), r, 0, 0, 0 };
	c.week = bilan_week_start(now);
	c.last_week = bilan_week_start(c.week - 3 * 86400);
	c.next_week = bilan_week_start(c.week + 8 * 86400);
	rc = scan_journal(&c, BILAN_JOURNAL_DIR, err);
	if (rc == 0)
		rc = scan_journal(&c, BILAN_JOURNAL_PRIVATE_DIR, err);
	bilan_jcache_close(c.cache, false);   /* never written back */
	if (rc < 0)
		goto fail;

	struct bilan_diags d = BILAN_DIAGS_INIT;
	if ((rc = bilan_todos_load(&r->todos, ws, now, &d, err)) < 0 ||
	    (rc = bilan_enquetes_load(&r->enquetes, ws, &d, err)) < 0 ||
	    (rc = bilan_seances_load(&r->seances, ws, &d, err)) < 0) {
		bilan_diags_free(&d);
		goto fail;
	}
	fix_paths(&d, ws->root);
	for (size_t i = 0; i < d.n; i++)
		bilan_diags_add(&r->problems, d.v[i].severity, d.v[i].file, d.v[i].line,
				d.v[i].col, "%s", d.v[i].message);
	bilan_diags_free(&d);
	fix_paths(&r->problems, ws->root);

	/* time */
	r->last_week_counts = r->running && r->goal > 0 &&
			      (!cfg->has_start || cfg->start.t <= c.last_week);
	r->last_week_short = r->last_week_counts && r->last_week_minutes < r->goal;
	if (r->has_last_entry)
		r->days_since_entry = days_between(r->last_entry.t, now);
	else if (cfg->has_start)
		r->days_since_entry = days_between(cfg->start.t, now);
	r->quiet = r->running && (r->has_last_entry || cfg->has_start) &&
		   r->days_since_entry >= BILAN_REMIND_QUIET_DAYS;
	if (!r->running) {
		/* open items of a finished bilan are history */
		for (size_t i = 0; i < r->nquestions; i++)
			bilan_entry_free(r->questions[i]);
		for (size_t i = 0; i < r->nblockers; i++)
			bilan_entry_free(r->blockers[i]);
		r->nquestions = r->nblockers = 0;
	}

	/* to-do items */
	for (size_t i = 0; r->running && i < r->todos.n; i++) {
		const struct bilan_todo *t = &r->todos.v[i];
		if (t->done)
			continue;
		if (bilan_todo_overdue(t, now)) {
			r->overdue = bilan_xrealloc((void *)r->overdue, (r->noverdue + 1) * sizeof(*r->overdue));
			r->overdue[r->noverdue++] = t;
		} else if (bilan_todo_due_this_week(t, now)) {
			r->due_week = bilan_xrealloc((void *)r->due_week,
						     (r->ndue_week + 1) * sizeof(*r->due_week));
			r->due_week[r->ndue_week++] = t;
		}
	}

	/* enquêtes waiting for a follow-up */
	for (size_t i = 0; r->running && i < r->enquetes.n; i++) {
		const struct bilan_enquete *e = &r->enquetes.v[i];
		struct bilan_remind_enquete w = { e, NULL, BILAN_REMIND_RECORD_OUTCOME, 0 };
		int64_t since;
		bool want = false;
		if (e->status == BILAN_ENQUETE_PLANIFIEE && e->has_date && e->date.t < now) {
			w.what = BILAN_REMIND_RECORD_OUTCOME;
			w.days = days_between(e->date.t, now);
			want = true;
		} else if ((e->status == BILAN_ENQUETE_CONTACTEE ||
			    e->status == BILAN_ENQUETE_A_CONTACTER) && last_change(&e->rec, &since)) {
			w.days = days_between(since, now);
			w.what = e->status == BILAN_ENQUETE_CONTACTEE ? BILAN_REMIND_FOLLOW_UP
								      : BILAN_REMIND_TO_CONTACT;
			want = w.days >= BILAN_REMIND_QUIET_DAYS;
		}
		if (!want)
			continue;
		w.label = bilan_enquete_label(e);
		r->waiting = bilan_xrealloc(r->waiting, (r->nwaiting + 1) * sizeof(*r->waiting));
		r->waiting[r->nwaiting++] = w;
	}

	/* unfinished questionnaires */
	struct bilan_error e2 = BILAN_ERROR_INIT;
	if (bilan_q_partial_list(&r->unfinished, ws->gitdir, &e2) == 0 && r->unfinished.n) {
		r->partials = bilan_xcalloc(r->unfinished.n, sizeof(*r->partials));
		for (size_t i = 0; i < r->unfinished.n; i++) {
			bilan_error_clear(&e2);
			if (bilan_q_partial_info(&r->partials[i], ws->gitdir, r->unfinished.v[i], &e2) < 0)
				memset(&r->partials[i], 0, sizeof(r->partials[i]));
		}
	}

	/* the next séance */
	r->next = bilan_seance_next(&r->seances, now);
	if (r->next) {
		r->next_days = days_between(now, r->next->date.t);
		r->next_soon = r->next->date.t - now <= (int64_t)BILAN_REMIND_SEANCE_DAYS * 86400;
		for (size_t i = 0; r->next_soon && i < r->todos.n; i++) {
			const struct bilan_todo *t = &r->todos.v[i];
			if (t->done || !t->has_due || t->due.t > r->next->date.t)
				continue;
			r->prepare = bilan_xrealloc((void *)r->prepare, (r->nprepare + 1) * sizeof(*r->prepare));
			r->prepare[r->nprepare++] = t;
		}
	}

	/* the appraisal, at the end and six months later */
	if (cfg->has_end && (closed || cfg->end.t <= now)) {
		int64_t end = cfg->end.t;
		int64_t six = bilan_remind_six_months(end);
		int64_t twelve = bilan_remind_six_months(six);
		struct bilan_time since = cfg->end;
		enum bilan_remind_appraisal which = BILAN_APPRAISAL_NONE;
		if (now >= six && now < twelve) {
			since.t = six;
			since.has_time = false;
			which = BILAN_APPRAISAL_SIX_MONTHS;
		} else if (now >= end && now < six) {
			which = BILAN_APPRAISAL_END;
		}
		bool taken = false;
		bilan_error_clear(&e2);
		if (which != BILAN_APPRAISAL_NONE &&
		    bilan_q_taken_since(&taken, ws->root, BILAN_REMIND_APPRAISAL, &since, &e2) == 0 &&
		    !taken) {
			r->appraisal = which;
			r->appraisal_since = since;
		}
	}

	r->attention = r->problems.n || r->last_week_short || r->quiet || r->noverdue ||
		       r->ndue_week || r->nwaiting || r->nquestions || r->nblockers ||
		       r->unfinished.n || r->next_soon || r->appraisal != BILAN_APPRAISAL_NONE;
	*out = r;
	return 0;
fail:
	bilan_remind_free(r);
	return rc;
}

void bilan_remind_free(struct bilan_remind *r)
{
	if (!r)
		return;
	free((void *)r->overdue);
	free((void *)r->due_week);
	free((void *)r->prepare);
	for (size_t i = 0; i < r->nwaiting; i++)
		free(r->waiting[i].label);
	free(r->waiting);
	for (size_t i = 0; i < r->nquestions; i++)
		bilan_entry_free(r->questions[i]);
	free(r->questions);
	for (size_t i = 0; i < r->nblockers; i++)
		bilan_entry_free(r->blockers[i]);
	free(r->blockers);
	for (size_t i = 0; r->partials && i < r->unfinished.n; i++)
		bilan_q_partial_clear(&r->partials[i]);
	free(r->partials);
	bilan_strlist_free(&r->unfinished);
	bilan_todos_free(&r->todos);
	bilan_enquetes_free(&r->enquetes);
	bilan_seances_free(&r->seances);
	bilan_diags_free(&r->problems);
	free(r);
}
