/* journal.c - the journal as a whole: its folders scanned, its entries
 * loaded (through the cache), the time per week, the open items through
 * the folder digest (see journal.h).  An entry and its file are
 * journal-entry.c's, the cache journal-cache.c's, the time shown by
 * 'journal time' journal-time.c's, the guides journal-guide.c's. */
#include "journal.h"
#include "journal-cache.h"
#include "journal-internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <utf8proc.h>

#include "fs.h"
#include "i18n.h"
#include "text.h"

/* ------------------------------------------------------------------ */
/* scanning the folders */

struct jfile {
	char *rel;
	struct bilan_jstat st;
};

struct jfiles {
	struct jfile *v;
	size_t n, alloc;
	struct jfile *dirs;      /* the folders listed, with their stat taken
				    before listing them (the folder digest) */
	size_t ndirs, adirs;
	struct bilan_strlist *subs;   /* if set: the subfolders past max_depth */
};

static void jfiles_free(struct jfiles *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].rel);
	free(l->v);
	for (size_t i = 0; i < l->ndirs; i++)
		free(l->dirs[i].rel);
	free(l->dirs);
	memset(l, 0, sizeof(*l));
}

static void stat_of(struct bilan_jstat *out, const struct stat *st)
{
	out->size = (uint64_t)st->st_size;
	out->ino = (uint64_t)st->st_ino;
	out->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	out->ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
}

static bool yaml_name(const char *name)
{
	size_t n = strlen(name);
	return n > 5 && name[0] != '.' && !strcmp(name + n - 5, ".yaml");
}

static void add_dir(struct jfiles *out, const char *rel, const struct stat *st)
{
	BILAN_ALLOC_GROW(out->dirs, out->ndirs + 1, out->adirs);
	out->dirs[out->ndirs].rel = bilan_xstrdup(rel);
	stat_of(&out->dirs[out->ndirs].st, st);
	out->dirs[out->ndirs].st.size = 0;   /* as the folder digest keeps it */
	out->ndirs++;
}

/* Add the entry files of dirfd (consumed) to out; depth bounds recursion
 * (max_depth 0: only this folder). */
static int scan_fd(struct jfiles *out, int dirfd, const char *prefix, int depth,
		   int max_depth, struct bilan_error *err)
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
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		if (name[0] == '.')
			continue;
		struct stat st;
		if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;   /* vanished meanwhile */
		if (S_ISDIR(st.st_mode)) {
			if (depth >= max_depth) {
				if (out->subs)
					bilan_strlist_add_owned(out->subs,
								bilan_xasprintf("%s/%s", prefix, name));
				continue;
			}
			int sub = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0)
				continue;
			char *p = bilan_xasprintf("%s/%s", prefix, name);
			add_dir(out, p, &st);
			rc = scan_fd(out, sub, p, depth + 1, max_depth, err);
			free(p);
			if (rc < 0)
				break;
		} else if (S_ISREG(st.st_mode) && yaml_name(name)) {
			BILAN_ALLOC_GROW(out->v, out->n + 1, out->alloc);
			/* prefix/name without printf: this runs once per entry */
			size_t pl = strlen(prefix), nl = strlen(name);
			char *rel = bilan_xmalloc(pl + nl + 2);
			memcpy(rel, prefix, pl);
			rel[pl] = '/';
			memcpy(rel + pl + 1, name, nl + 1);
			out->v[out->n].rel = rel;
			stat_of(&out->v[out->n].st, &st);
			out->n++;
		}
	}
	closedir(d);
	return rc;
}

/* Scan root/rel (missing: nothing). */
static int scan(struct jfiles *out, const struct bilan_ws *ws, const char *rel,
		int max_depth, struct bilan_error *err)
{
	char *abs = bilan_ws_path(ws, rel);
	int fd = open(abs, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int e = errno;
	free(abs);
	if (fd < 0) {
		if (e == ENOENT || e == ENOTDIR || e == ELOOP)
			return 0;
		return bilan_error_set_errno(err, BILAN_EFAIL, e, _("cannot read directory '%s'"),
					     rel);
	}
	struct stat st;
	if (fstat(fd, &st) == 0)
		add_dir(out, rel, &st);
	return scan_fd(out, fd, rel, 0, max_depth, err);
}

/* The start of a scan, for racily clean files: in the file system's time
 * (fs.h), not the clock's. */
static int64_t now_ns(const struct bilan_ws *ws)
{
	return bilan_fs_now_ns(ws->gitdir);
}

/* ------------------------------------------------------------------ */
/* loading */

void bilan_journal_free(struct bilan_journal *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->n; i++)
		bilan_entry_free(j->v[i]);
	free(j->v);
	bilan_strlist_clear(&j->all_ids);
	bilan_strlist_clear(&j->all_rels);
	bilan_diags_clear(&j->diags);
	free(j);
}

static bool has_tag_folded(const struct bilan_entry *e, const char *tag)
{
	const char *t = tag[0] == '#' ? tag + 1 : tag;
	if (bilan_jentry_tag_has(&e->tags, t))
		return true;
	/* #hashtags added by hand to the text count too */
	struct bilan_strlist h = BILAN_STRLIST_INIT;
	bilan_journal_hashtags(&h, e->title);
	bilan_journal_hashtags(&h, e->body);
	bool found = bilan_jentry_tag_has(&h, t);
	bilan_strlist_clear(&h);
	return found;
}

static bool grep_match(const struct bilan_entry *e, const char *needle)
{
	struct bilan_buf all = BILAN_BUF_INIT;
	bilan_buf_printf(&all, "%s\n%s\n%s\n", e->title ? e->title : "", e->body,
			 e->answer ? e->answer : "");
	for (size_t i = 0; i < e->tags.n; i++)
		bilan_buf_printf(&all, "#%s\n", e->tags.v[i]);
	char *f = bilan_text_fold(bilan_buf_cstr(&all));
	bool ok = bilan_text_contains(f, needle);
	free(f);
	bilan_buf_clear(&all);
	return ok;
}

static bool matches(const struct bilan_entry *e, const struct bilan_journal_filter *f,
		    const char *grep_folded)
{
	if (!f)
		return true;
	if (e->is_private && !f->include_private)
		return false;
	if (f->has_since && e->date.t < f->since)
		return false;
	if (f->has_until && e->date.t > f->until)
		return false;
	if (f->kinds && !(f->kinds & (1u << e->kind)))
		return false;
	if (f->open_only && e->status != BILAN_STATUS_OUVERTE)
		return false;
	if (f->piste && (!e->piste || strcmp(f->piste, e->piste)))
		return false;
	if (f->rome && (!e->rome || strcasecmp(f->rome, e->rome)))
		return false;
	for (size_t i = 0; i < f->ntags; i++)
		if (!has_tag_folded(e, f->tags[i]))
			return false;
	if (grep_folded && !grep_match(e, grep_folded))
		return false;
	return true;
}

/* The part of the filter the fixed fields of a cached entry decide. */
static bool cheap_match(const struct bilan_jpeek *pk, const struct bilan_journal_filter *f)
{
	if (!f)
		return true;
	if (pk->is_private && !f->include_private)
		return false;
	if (f->has_since && pk->date.t < f->since)
		return false;
	if (f->has_until && pk->date.t > f->until)
		return false;
	if (f->kinds && !(f->kinds & (1u << pk->kind)))
		return false;
	if (f->open_only && pk->status != BILAN_STATUS_OUVERTE)
		return false;
	return true;
}

/* The fixed fields of an entry file: from the cache, else read from the
 * file (and remembered in the cache).  false, with err, when the file cannot
 * be read as an entry. */
static bool fixed_fields(struct bilan_jpeek *out, struct bilan_jcache *c,
			 const struct bilan_ws *ws, const struct jfile *jf, int64_t start,
			 struct bilan_error *err)
{
	if (c && bilan_jcache_peek(c, jf->rel, &jf->st, out))
		return true;
	struct bilan_entry *e = NULL;
	char *abs = bilan_ws_path(ws, jf->rel);
	int rc = bilan_jentry_load_abs(&e, abs, jf->rel, err);
	free(abs);
	if (rc < 0)
		return false;
	if (c)
		bilan_jcache_put(c, jf->rel, &jf->st, e, start);
	memcpy(out->id, e->id, sizeof(out->id));
	out->date = e->date;
	out->kind = e->kind;
	out->status = e->status;
	out->duration = e->duration;
	out->is_private = e->is_private;
	bilan_entry_free(e);
	return true;
}

static bool racy(const struct bilan_jstat *st, int64_t start);

/* An entry file of folder f, as the digest keeps it: its date for the
 * newest, and itself when it is an open item. */
static void folder_note(struct bilan_jfolder *f, const char *rel, const struct bilan_jstat *st,
			const struct bilan_jpeek *pk)
{
	if (!f->has_newest || pk->date.t > f->newest.t) {
		f->newest = pk->date;
		f->has_newest = true;
	}
	if (pk->status == BILAN_STATUS_OUVERTE)
		bilan_jfolder_add_open(f, rel, st, pk->kind, &pk->date);
}

/* The folder digest of status and remind (bilan_journal_open_items), from
 * a scan of every folder of both journals: info[i] holds the fixed fields
 * of files.v[i], an empty id for a file that could not be read. */
static void digest_from_scan(const struct bilan_ws *ws, const struct jfiles *files,
			     const struct bilan_jpeek *info, int64_t start)
{
	struct bilan_jdigest d = { 0 };
	for (size_t i = 0; i < files->ndirs; i++) {
		struct bilan_jfolder *f = bilan_jdigest_add(&d, files->dirs[i].rel, &files->dirs[i].st);
		f->trusted = !racy(&files->dirs[i].st, start);
	}
	struct bilan_jfolder *f = NULL;
	for (size_t i = 0; i < files->n; i++) {
		const char *rel = files->v[i].rel;
		size_t dl = (size_t)(strrchr(rel, '/') - rel);
		if (!f || strlen(f->rel) != dl || strncmp(f->rel, rel, dl)) {
			f = NULL;
			for (size_t k = 0; k < d.n && !f; k++)
				if (strlen(d.v[k].rel) == dl && !strncmp(d.v[k].rel, rel, dl))
					f = &d.v[k];
			if (!f)
				continue;   /* not listed (cannot happen) */
		}
		if (!info[i].id[0]) {
			f->trusted = false;   /* a broken file: listed again each time */
			continue;
		}
		folder_note(f, rel, &files->v[i].st, &info[i]);
	}
	bilan_jdigest_write(&d, ws);
	bilan_jdigest_clear(&d);
}

static int entry_cmp(const void *a, const void *b)
{
	const struct bilan_entry *x = *(const struct bilan_entry *const *)a;
	const struct bilan_entry *y = *(const struct bilan_entry *const *)b;
	if (x->date.t != y->date.t)
		return x->date.t < y->date.t ? -1 : 1;
	return strcmp(x->id, y->id);
}

struct idref {
	char *id, *rel;
};

static int idref_cmp(const void *a, const void *b)
{
	const struct idref *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : strcmp(x->rel, y->rel);
}

int bilan_journal_load(struct bilan_journal **out, const struct bilan_ws *ws,
		       const struct bilan_journal_filter *f, struct bilan_error *err)
{
	*out = NULL;
	struct jfiles files = { 0 };
	int64_t start = now_ns(ws);
	int rc;
	/* Both folders always: every id takes part in prefix resolution, and
	 * the cache keeps the private records too. */
	if ((rc = scan(&files, ws, BILAN_JOURNAL_DIR, 8, err)) < 0 ||
	    (rc = scan(&files, ws, BILAN_JOURNAL_PRIVATE_DIR, 8, err)) < 0) {
		jfiles_free(&files);
		return rc;
	}
	struct bilan_journal *j = bilan_xcalloc(1, sizeof(*j));
	struct bilan_jcache *cache = f && f->no_cache ? NULL : bilan_jcache_open(ws);
	char *grep = f && f->grep && *f->grep ? bilan_text_fold(f->grep) : NULL;
	struct idref *refs = bilan_xcalloc(files.n + 1, sizeof(*refs));
	size_t nrefs = 0;
	struct bilan_jpeek *info = bilan_xcalloc(files.n + 1, sizeof(*info));   /* id "" = broken */
	for (size_t i = 0; i < files.n; i++) {
		const char *rel = files.v[i].rel;
		struct bilan_entry *e = NULL;
		struct bilan_jpeek pk;
		if (cache && bilan_jcache_peek(cache, rel, &files.v[i].st, &pk)) {
			info[i] = pk;
			if (!cheap_match(&pk, f)) {
				refs[nrefs].id = bilan_xstrdup(pk.id);
				refs[nrefs++].rel = bilan_xstrdup(rel);
				continue;   /* no need to decode it */
			}
			e = f && f->no_body && !grep ? bilan_jcache_get_light(cache, rel, &files.v[i].st)
						     : bilan_jcache_get(cache, rel, &files.v[i].st);
		}
		if (!e) {
			struct bilan_error ferr = BILAN_ERROR_INIT;
			char *abs = bilan_ws_path(ws, rel);
			int r = bilan_jentry_load_abs(&e, abs, rel, &ferr);
			free(abs);
			j->files_parsed++;
			if (r < 0 && bilan_fs_gone(ws->root, rel, &ferr))   /* a journal rm beside */
				continue;
			if (r < 0) {
				if (!ferr.file[0])
					snprintf(ferr.file, sizeof(ferr.file), "%s", rel);
				bilan_diags_add_error(&j->diags, &ferr);
				/* a broken file named by an id can still be found */
				const char *bn = bilan_jentry_base_name(rel);
				size_t l = strlen(bn) - 5;
				char id[BILAN_ID_SIZE];
				if (l < sizeof(id)) {
					memcpy(id, bn, l);
					id[l] = '\0';
					if (bilan_id_valid(id)) {
						refs[nrefs].id = bilan_xstrdup(id);
						refs[nrefs++].rel = bilan_xstrdup(rel);
					}
				}
				continue;
			}
			e->file_size = files.v[i].st.size;
			if (cache)
				bilan_jcache_put(cache, rel, &files.v[i].st, e, start);
		}
		memcpy(info[i].id, e->id, sizeof(info[i].id));
		info[i].date = e->date;
		info[i].kind = e->kind;
		info[i].status = e->status;
		refs[nrefs].id = bilan_xstrdup(e->id);
		refs[nrefs++].rel = bilan_xstrdup(rel);
		if (matches(e, f, grep)) {
			BILAN_ALLOC_GROW(j->v, j->n + 1, j->alloc);
			j->v[j->n++] = e;
		} else {
			bilan_entry_free(e);
		}
	}
	bilan_jcache_prune(cache);
	bilan_jcache_close(cache, true);
	if (cache)
		digest_from_scan(ws, &files, info, start);
	free(info);
	free(grep);
	jfiles_free(&files);
	qsort(refs, nrefs, sizeof(*refs), idref_cmp);
	for (size_t i = 0; i < nrefs; i++) {
		bilan_strlist_add_owned(&j->all_ids, refs[i].id);
		bilan_strlist_add_owned(&j->all_rels, refs[i].rel);
	}
	free(refs);
	if (j->n > 1)
		qsort(j->v, j->n, sizeof(*j->v), entry_cmp);
	if (f && f->limit && j->n > f->limit) {
		size_t drop = j->n - f->limit;
		for (size_t i = 0; i < drop; i++)
			bilan_entry_free(j->v[i]);
		memmove(j->v, j->v + drop, f->limit * sizeof(*j->v));
		j->n = f->limit;
	}
	*out = j;
	return 0;
}

static size_t common_prefix(const char *a, const char *b)
{
	size_t n = 0;
	while (a[n] && a[n] == b[n])
		n++;
	return n;
}

size_t bilan_journal_short_len(const struct bilan_journal *j, const char *id)
{
	size_t len = strlen(id), need = BILAN_JOURNAL_SHORT_ID;
	size_t lo = 0, hi = j->all_ids.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(j->all_ids.v[mid], id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* lo: first id >= id; neighbours that are not id itself */
	for (size_t k = lo; k < j->all_ids.n && k < lo + 2; k++)
		if (strcmp(j->all_ids.v[k], id)) {
			size_t c = common_prefix(j->all_ids.v[k], id) + 1;
			if (c > need)
				need = c;
			break;
		}
	if (lo > 0) {
		size_t c = common_prefix(j->all_ids.v[lo - 1], id) + 1;
		if (c > need)
			need = c;
	}
	return need < len ? need : len;
}

/* The longest common prefix + 1 of id with the entry file names of dirfd
 * (consumed) and its subfolders; names only, no stat but for file systems
 * without d_type. */
static void short_scan(size_t *need, int fd, const char *id, int depth)
{
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		if (name[0] == '.')
			continue;
		unsigned char type = de->d_type;
		if (type == DT_UNKNOWN) {
			struct stat st;
			if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0)
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
		}
		if (type == DT_DIR && depth < 8) {
			int sub = openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0)
				short_scan(need, sub, id, depth + 1);
		} else if (type == DT_REG && yaml_name(name)) {
			size_t c = common_prefix(name, id);
			if (c < strlen(id) || name[c] != '.') {   /* not id itself */
				if (c + 1 > *need)
					*need = c + 1;
			}
		}
	}
	closedir(d);
}

size_t bilan_journal_id_short_len(const struct bilan_ws *ws, const char *id)
{
	size_t need = BILAN_JOURNAL_SHORT_ID, len = strlen(id);
	const char *roots[] = { BILAN_JOURNAL_DIR, BILAN_JOURNAL_PRIVATE_DIR };
	for (size_t i = 0; i < 2; i++) {
		char *abs = bilan_ws_path(ws, roots[i]);
		int fd = open(abs, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		free(abs);
		if (fd >= 0)
			short_scan(&need, fd, id, 0);
	}
	return need < len ? need : len;
}

static bool looks_like_path(const char *s)
{
	size_t n = strlen(s);
	return strchr(s, '/') || (n > 5 && !strcmp(s + n - 5, ".yaml"));
}

static int find_by_path(struct bilan_entry **out, char **out_rel,
			const struct bilan_ws *ws, const char *typed,
			struct bilan_error *err)
{
	const char *rel = typed;
	/* an absolute path inside the workspace */
	size_t rl = strlen(ws->root);
	if (typed[0] == '/' && !strncmp(typed, ws->root, rl) && typed[rl] == '/')
		rel = typed + rl + 1;
	while (rel[0] == '.' && rel[1] == '/')
		rel += 2;
	bool under = (!strncmp(rel, BILAN_JOURNAL_DIR "/", sizeof(BILAN_JOURNAL_DIR)) ||
		      bilan_jentry_rel_is_private(rel));
	if (!under || !bilan_fs_rel_path_ok(rel))
		return bilan_error_set(err, BILAN_ENOTFOUND,
				       _("'%s' is not a journal entry file"), typed);
	char *abs = bilan_ws_path(ws, rel);
	bool exists = bilan_fs_exists(abs);
	free(abs);
	if (!exists)
		return bilan_error_set(err, BILAN_ENOTFOUND, _("no entry '%s'"), typed);
	if (out_rel)
		*out_rel = bilan_xstrdup(rel);
	return bilan_entry_load(out, ws, rel, err);
}

int bilan_journal_find(struct bilan_entry **out, char **out_rel,
		       const struct bilan_ws *ws, const char *typed,
		       struct bilan_error *err)
{
	*out = NULL;
	if (out_rel)
		*out_rel = NULL;
	if (!typed || !*typed)
		return bilan_error_set(err, BILAN_EUSAGE, _("which entry? (give its id)"));
	if (looks_like_path(typed))
		return find_by_path(out, out_rel, ws, typed, err);
	struct bilan_journal *j = NULL;
	struct bilan_journal_filter f = BILAN_JOURNAL_FILTER_INIT;
	f.kinds = 1u << 31;   /* matches no kind: only all_ids/all_rels are wanted */
	int rc = bilan_journal_load(&j, ws, &f, err);
	if (rc < 0)
		return rc;
	size_t idx = 0;
	rc = bilan_prefix_resolve(&idx, (const char *const *)j->all_ids.v, j->all_ids.n,
				  typed, _("entry"), err);
	if (rc == BILAN_ENOTFOUND)
		bilan_error_hint(err, _("'bilan journal list' shows the ids"));
	if (rc < 0) {
		bilan_journal_free(j);
		return rc;
	}
	const char *rel = j->all_rels.v[idx];
	if (out_rel)
		*out_rel = bilan_xstrdup(rel);
	rc = bilan_entry_load(out, ws, rel, err);
	bilan_journal_free(j);
	return rc;
}

/* ------------------------------------------------------------------ */
/* time */

static int64_t next_week(int64_t week_start)
{
	/* +8 days lands inside the next week whatever the DST change */
	return bilan_week_start(week_start + 8 * 86400);
}

/* "YYYY/MM" of t in the local zone. */
static void month_of(char out[16], int64_t t)
{
	struct bilan_time bt = { t, 0, true };
	struct tm tm;
	bilan_time_local(&bt, &tm);
	unsigned y = (unsigned)(tm.tm_year + 1900) % 10000u, m = (unsigned)(tm.tm_mon + 1) % 100u;
	snprintf(out, 16, "%04u/%02u", y, m);
}

/* The month folders of both journals between from and to (local months,
 * one day of margin each side for entries written in another offset). */
static int scan_months(struct jfiles *out, const struct bilan_ws *ws, int64_t from,
		       int64_t to, struct bilan_error *err)
{
	struct bilan_strlist months = BILAN_STRLIST_INIT;
	char m[16];
	for (int64_t t = from - 86400;; t += 86400 * 27) {
		if (t > to + 86400)
			t = to + 86400;
		month_of(m, t);
		if (!bilan_strlist_contains(&months, m))
			bilan_strlist_add(&months, m);
		if (t >= to + 86400)
			break;
	}
	int rc = 0;
	for (size_t i = 0; i < months.n && rc == 0; i++) {
		char *a = bilan_xasprintf("%s/%s", BILAN_JOURNAL_DIR, months.v[i]);
		char *b = bilan_xasprintf("%s/%s", BILAN_JOURNAL_PRIVATE_DIR, months.v[i]);
		rc = scan(out, ws, a, 0, err);
		if (rc == 0)
			rc = scan(out, ws, b, 0, err);
		free(a);
		free(b);
	}
	bilan_strlist_clear(&months);
	return rc;
}

static int weeks(struct bilan_week_total **out, size_t *out_n, const struct bilan_ws *ws,
		 int64_t since, int64_t until, struct bilan_diags *diags, bool write_back,
		 struct bilan_error *err)
{
	*out = NULL;
	*out_n = 0;
	if (until < since)
		until = since;
	struct bilan_week_total *w = NULL;
	size_t n = 0, alloc = 0;
	int64_t last = bilan_week_start(until);
	for (int64_t s = bilan_week_start(since); s <= last; s = next_week(s)) {
		BILAN_ALLOC_GROW(w, n + 1, alloc);
		memset(&w[n], 0, sizeof(w[n]));
		w[n].start = s;
		struct bilan_time bt = { s + 3 * 86400, 0, true };   /* Thursday */
		bilan_time_isoweek(&bt, &w[n].year, &w[n].week);
		n++;
	}
	if (!w)
		return bilan_error_set(err, BILAN_EFAIL, "internal: no week");
	int64_t end = next_week(last);   /* exclusive */
	struct jfiles files = { 0 };
	int64_t start = now_ns(ws);
	int rc = scan_months(&files, ws, w[0].start, end, err);
	struct bilan_jcache *cache = bilan_jcache_open(ws);
	for (size_t i = 0; rc == 0 && i < files.n; i++) {
		struct bilan_jpeek pk;
		struct bilan_error ferr = BILAN_ERROR_INIT;
		if (!fixed_fields(&pk, cache, ws, &files.v[i], start, &ferr)) {
			if (diags && !bilan_fs_gone(ws->root, files.v[i].rel, &ferr))
				bilan_diags_add_error(diags, &ferr);
			continue;
		}
		if (pk.date.t >= w[0].start && pk.date.t < end) {
			size_t lo = 0, hi = n;   /* last week starting <= t */
			while (hi - lo > 1) {
				size_t mid = (lo + hi) / 2;
				if (w[mid].start <= pk.date.t)
					lo = mid;
				else
					hi = mid;
			}
			w[lo].minutes += pk.duration;
			w[lo].entries++;
		}
	}
	bilan_jcache_close(cache, rc == 0 && write_back);
	jfiles_free(&files);
	if (rc < 0) {
		free(w);
		return rc;
	}
	*out = w;
	*out_n = n;
	return 0;
}

int bilan_journal_weeks(struct bilan_week_total **out, size_t *out_n,
			const struct bilan_ws *ws, int64_t since, int64_t until,
			struct bilan_diags *diags, struct bilan_error *err)
{
	return weeks(out, out_n, ws, since, until, diags, true, err);
}

int bilan_journal_weeks_readonly(struct bilan_week_total **out, size_t *out_n,
				 const struct bilan_ws *ws, int64_t since, int64_t until,
				 struct bilan_diags *diags, struct bilan_error *err)
{
	return weeks(out, out_n, ws, since, until, diags, false, err);
}

size_t bilan_journal_streak(const struct bilan_week_total *weeks, size_t n, int goal)
{
	if (!n || goal <= 0)
		return 0;
	size_t i = n;
	if (weeks[n - 1].minutes < goal)
		i--;   /* this week is not over */
	size_t streak = 0;
	while (i > 0 && weeks[i - 1].minutes >= goal) {
		streak++;
		i--;
	}
	return streak;
}

static int list_names(struct bilan_strlist *out, const struct bilan_ws *ws, const char *rel,
		      bool digits4)
{
	char *abs = bilan_ws_path(ws, rel);
	DIR *d = opendir(abs);
	free(abs);
	if (!d)
		return 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l != (digits4 ? 4u : 2u) || strspn(de->d_name, "0123456789") != l)
			continue;
		if (!bilan_strlist_contains(out, de->d_name))
			bilan_strlist_add(out, de->d_name);
	}
	closedir(d);
	return 0;
}

int bilan_journal_last_date(struct bilan_time *out, bool *found,
			    const struct bilan_ws *ws, struct bilan_error *err)
{
	*found = false;
	struct bilan_strlist years = BILAN_STRLIST_INIT;
	list_names(&years, ws, BILAN_JOURNAL_DIR, true);
	list_names(&years, ws, BILAN_JOURNAL_PRIVATE_DIR, true);
	bilan_strlist_sort(&years);
	int rc = 0;
	int64_t start = now_ns(ws);
	struct bilan_jcache *cache = bilan_jcache_open(ws);
	for (size_t y = years.n; y-- > 0 && !*found && rc == 0;) {
		struct bilan_strlist months = BILAN_STRLIST_INIT;
		char *a = bilan_xasprintf("%s/%s", BILAN_JOURNAL_DIR, years.v[y]);
		char *b = bilan_xasprintf("%s/%s", BILAN_JOURNAL_PRIVATE_DIR, years.v[y]);
		list_names(&months, ws, a, false);
		list_names(&months, ws, b, false);
		bilan_strlist_sort(&months);
		for (size_t m = months.n; m-- > 0 && !*found && rc == 0;) {
			struct jfiles files = { 0 };
			char *ma = bilan_xasprintf("%s/%s", a, months.v[m]);
			char *mb = bilan_xasprintf("%s/%s", b, months.v[m]);
			rc = scan(&files, ws, ma, 0, err);
			if (rc == 0)
				rc = scan(&files, ws, mb, 0, err);
			for (size_t i = 0; rc == 0 && i < files.n; i++) {
				struct bilan_jpeek pk;
				if (!fixed_fields(&pk, cache, ws, &files.v[i], start, NULL))
					continue;
				if (!*found || pk.date.t > out->t)
					*out = pk.date;
				*found = true;
			}
			jfiles_free(&files);
			free(ma);
			free(mb);
		}
		bilan_strlist_clear(&months);
		free(a);
		free(b);
	}
	bilan_strlist_clear(&years);
	bilan_jcache_close(cache, rc == 0);
	return rc;
}

/* ------------------------------------------------------------------ */
/* open items through the folder digest (see bilan_journal_open_items) */

struct walk {
	const struct bilan_ws *ws;
	struct bilan_jcache *cache;
	struct bilan_jdigest old, fresh;
	const struct bilan_strlist *changed;
	int64_t start;
	struct bilan_journal_open *out;
	bool dirty;              /* fresh differs from old */
};

static void walk_diag(struct walk *w, struct bilan_error *ferr, const char *rel)
{
	if (bilan_fs_gone(w->ws->root, rel, ferr))
		return;
	if (!ferr->file[0])
		snprintf(ferr->file, sizeof(ferr->file), "%s", rel);
	bilan_diags_add_error(&w->out->diags, ferr);
}

static bool in_folder(const char *path, const char *dir)
{
	size_t l = strlen(dir);
	return !strncmp(path, dir, l) && path[l] == '/' && !strchr(path + l + 1, '/');
}

static bool racy(const struct bilan_jstat *st, int64_t start)
{
	return st->mtime_ns > start - 2 * (int64_t)1000000000 ||
	       st->ctime_ns > start - 2 * (int64_t)1000000000;
}

static void walk_folder(struct walk *w, const char *rel, int depth);

/* A folder whose stamp matches: its names are as they were. */
static void walk_trusted(struct walk *w, int fd, const struct bilan_jfolder *of,
			 struct bilan_jfolder *nf, bool *trust_next, int depth)
{
	nf->has_newest = of->has_newest;
	nf->newest = of->newest;
	for (size_t k = 0; k < of->nopen; k++) {
		struct stat st;
		if (fstatat(fd, bilan_jentry_base_name(of->open[k].rel), &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode)) {
			w->dirty = true;   /* gone in place?  read it all next time */
			*trust_next = false;
			continue;
		}
		struct bilan_jstat js;
		stat_of(&js, &st);
		enum bilan_entry_kind kind = of->open[k].kind;
		struct bilan_time date = of->open[k].date;
		if (memcmp(&js, &of->open[k].st, sizeof(js))) {
			/* rewritten in place: read again */
			struct jfile jf = { of->open[k].rel, js };
			struct bilan_jpeek pk;
			struct bilan_error ferr = BILAN_ERROR_INIT;
			w->dirty = true;
			if (!fixed_fields(&pk, w->cache, w->ws, &jf, w->start, &ferr)) {
				walk_diag(w, &ferr, of->open[k].rel);
				*trust_next = false;
				continue;
			}
			if (pk.status != BILAN_STATUS_OUVERTE)
				continue;   /* settled by hand */
			kind = pk.kind;
			date = pk.date;
		}
		bilan_jfolder_add_open(nf, of->open[k].rel, &js, kind, &date);
	}
	/* its subfolders, from the digest (copied: walking may grow it) */
	struct bilan_strlist subs = BILAN_STRLIST_INIT;
	for (size_t i = 0; i < w->old.n; i++)
		if (in_folder(w->old.v[i].rel, of->rel))
			bilan_strlist_add(&subs, w->old.v[i].rel);
	for (size_t i = 0; i < subs.n; i++)
		walk_folder(w, subs.v[i], depth + 1);
	bilan_strlist_clear(&subs);
}

/* A folder to list (fd consumed): every entry file through the cache. */
static void walk_listed(struct walk *w, int fd, size_t nf_index, bool *trust_next, int depth)
{
	struct bilan_strlist subs = BILAN_STRLIST_INIT;
	struct jfiles files = { 0 };
	files.subs = depth < 8 ? &subs : NULL;
	if (scan_fd(&files, fd, w->fresh.v[nf_index].rel, 0, 0, NULL) < 0) {
		*trust_next = false;
		jfiles_free(&files);
		bilan_strlist_clear(&subs);
		return;
	}
	w->out->folders_read++;
	for (size_t i = 0; i < files.n; i++) {
		struct bilan_jpeek pk;
		struct bilan_error ferr = BILAN_ERROR_INIT;
		if (!fixed_fields(&pk, w->cache, w->ws, &files.v[i], w->start, &ferr)) {
			walk_diag(w, &ferr, files.v[i].rel);
			*trust_next = false;
		} else {
			folder_note(&w->fresh.v[nf_index], files.v[i].rel, &files.v[i].st, &pk);
		}
	}
	jfiles_free(&files);
	bilan_strlist_sort(&subs);
	for (size_t i = 0; i < subs.n; i++)
		walk_folder(w, subs.v[i], depth + 1);
	bilan_strlist_clear(&subs);
}

static void walk_folder(struct walk *w, const char *rel, int depth)
{
	char *abs = bilan_ws_path(w->ws, rel);
	int fd = open(abs, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	free(abs);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		if (bilan_jdigest_find(&w->old, rel))
			w->dirty = true;   /* gone */
		return;
	}
	struct bilan_jstat js;
	stat_of(&js, &st);
	js.size = 0;
	const struct bilan_jfolder *of = bilan_jdigest_find(&w->old, rel);
	bool changed = false;
	for (size_t i = 0; w->changed && i < w->changed->n && !changed; i++)
		changed = in_folder(w->changed->v[i], rel);
	bool trust = of && of->trusted && !changed && !memcmp(&of->st, &js, sizeof(js));
	size_t idx = w->fresh.n;
	bilan_jdigest_add(&w->fresh, rel, &js);
	bool trust_next = !racy(&js, w->start);
	if (trust) {
		/* nf is re-fetched by index: the walk below grows w->fresh */
		struct bilan_jfolder tmp = { 0 };
		walk_trusted(w, fd, of, &tmp, &trust_next, depth);
		close(fd);
		struct bilan_jfolder *nf = &w->fresh.v[idx];
		nf->has_newest = tmp.has_newest;
		nf->newest = tmp.newest;
		nf->open = tmp.open;
		nf->nopen = tmp.nopen;
		nf->aopen = tmp.aopen;
	} else {
		w->dirty = true;
		walk_listed(w, fd, idx, &trust_next, depth);
	}
	w->fresh.v[idx].trusted = trust_next;
	if (!trust_next && trust)
		w->dirty = true;
}

static int jopen_cmp(const void *a, const void *b)
{
	const struct bilan_jopen *x = *(const struct bilan_jopen *const *)a;
	const struct bilan_jopen *y = *(const struct bilan_jopen *const *)b;
	if (x->date.t != y->date.t)
		return x->date.t < y->date.t ? -1 : 1;
	return strcmp(x->rel, y->rel);
}

/* The whole entries of the oldest `limit` open items of each kind. */
static void read_open_entries(struct walk *w, size_t limit)
{
	size_t n = 0;
	for (size_t i = 0; i < w->fresh.n; i++)
		n += w->fresh.v[i].nopen;
	const struct bilan_jopen **refs = bilan_xcalloc(n + 1, sizeof(*refs));
	n = 0;
	for (size_t i = 0; i < w->fresh.n; i++)
		for (size_t k = 0; k < w->fresh.v[i].nopen; k++)
			refs[n++] = &w->fresh.v[i].open[k];
	qsort(refs, n, sizeof(*refs), jopen_cmp);
	size_t taken[2] = { 0, 0 };
	for (size_t i = 0; i < n; i++) {
		const struct bilan_jopen *o = refs[i];
		size_t *t = &taken[o->kind == BILAN_KIND_BLOCAGE];
		if (limit && *t >= limit)
			continue;
		struct bilan_entry *e = w->cache ? bilan_jcache_get(w->cache, o->rel, &o->st) : NULL;
		if (!e) {
			struct bilan_error ferr = BILAN_ERROR_INIT;
			char *abs = bilan_ws_path(w->ws, o->rel);
			int rc = bilan_jentry_load_abs(&e, abs, o->rel, &ferr);
			free(abs);
			if (rc < 0) {
				walk_diag(w, &ferr, o->rel);
				continue;
			}
			e->file_size = o->st.size;
			if (w->cache)
				bilan_jcache_put(w->cache, o->rel, &o->st, e, w->start);
		}
		if (e->status != BILAN_STATUS_OUVERTE) {
			bilan_entry_free(e);   /* changed since its stat: never mind */
			continue;
		}
		(*t)++;
		BILAN_ALLOC_GROW(w->out->v, w->out->n + 1, w->out->alloc);
		w->out->v[w->out->n++] = e;
	}
	free(refs);
	if (w->out->n > 1)
		qsort(w->out->v, w->out->n, sizeof(*w->out->v), entry_cmp);
}

int bilan_journal_open_items(struct bilan_journal_open *out, const struct bilan_ws *ws,
			     const struct bilan_strlist *changed, unsigned flags, size_t limit,
			     struct bilan_error *err)
{
	(void)err;
	memset(out, 0, sizeof(*out));
	bool write_back = flags & BILAN_JOPEN_WRITE_BACK;
	struct walk w = { ws, bilan_jcache_open(ws), { 0 }, { 0 }, changed, now_ns(ws), out, false };
	bilan_jdigest_read(&w.old, ws);
	walk_folder(&w, BILAN_JOURNAL_DIR, 0);
	walk_folder(&w, BILAN_JOURNAL_PRIVATE_DIR, 0);
	if (w.fresh.n != w.old.n)
		w.dirty = true;
	/* the counts and the newest date, from the new digest */
	for (size_t i = 0; i < w.fresh.n; i++) {
		const struct bilan_jfolder *f = &w.fresh.v[i];
		if (f->has_newest && (!out->has_last || f->newest.t > out->last.t)) {
			out->last = f->newest;
			out->has_last = true;
		}
		for (size_t k = 0; k < f->nopen; k++) {
			if (f->open[k].kind == BILAN_KIND_BLOCAGE)
				out->blockers++;
			else
				out->questions++;
		}
	}
	if (flags & BILAN_JOPEN_ENTRIES)
		read_open_entries(&w, limit);
	if (write_back && w.dirty)
		bilan_jdigest_write(&w.fresh, ws);
	bilan_jcache_close(w.cache, write_back);
	bilan_jdigest_clear(&w.old);
	bilan_jdigest_clear(&w.fresh);
	return 0;
}

void bilan_journal_open_clear(struct bilan_journal_open *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++)
		bilan_entry_free(o->v[i]);
	free(o->v);
	bilan_diags_clear(&o->diags);
	memset(o, 0, sizeof(*o));
}

int bilan_journal_summary(struct bilan_journal_summary *out, const struct bilan_ws *ws,
			  int64_t now, const struct bilan_strlist *changed,
			  struct bilan_error *err)
{
	memset(out, 0, sizeof(*out));
	struct bilan_week_total *weeks = NULL;
	size_t nweeks = 0;
	int rc = bilan_journal_weeks(&weeks, &nweeks, ws, now, now, NULL, err);
	if (rc < 0)
		return rc;
	out->week_minutes = weeks[nweeks - 1].minutes;
	out->week_entries = weeks[nweeks - 1].entries;
	free(weeks);
	struct bilan_journal_open o;
	rc = bilan_journal_open_items(&o, ws, changed, BILAN_JOPEN_WRITE_BACK, 0, err);
	if (rc < 0)
		return rc;
	out->open_questions = o.questions;
	out->open_blockers = o.blockers;
	out->broken = o.diags.n;
	bilan_journal_open_clear(&o);
	return 0;
}
