/* gc.c - repository upkeep: packing loose objects (see gc.h). */
#include "gc.h"
#include "settings.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fs.h"
#include "git.h"
#include "i18n.h"

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------------ */
/* counting */

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[n] == '\0';
}

struct oid_list {
	git_oid *v;
	size_t n, alloc;
};

/* Loose objects of one fan-out folder (hex byte fan) into list (may be
 * NULL: count only), at most max in the list (0 = no limit). */
static size_t scan_fanout(const char *gitdir, unsigned fan, struct oid_list *list, size_t max)
{
	char dir[4096];
	size_t count = 0;
	snprintf(dir, sizeof(dir), "%s/objects/%02x", gitdir, fan);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strlen(de->d_name) != GIT_OID_HEXSZ - 2 || !is_hex(de->d_name, GIT_OID_HEXSZ - 2))
			continue;   /* temporary files of a writer, ... */
		count++;
		if (!list || (max && list->n >= max))
			continue;
		char hex[GIT_OID_HEXSZ + 1];
		static const char digits[] = "0123456789abcdef";
		hex[0] = digits[(fan >> 4) & 0xf];
		hex[1] = digits[fan & 0xf];
		memcpy(hex + 2, de->d_name, GIT_OID_HEXSZ - 2);
		hex[GIT_OID_HEXSZ] = '\0';
		BILAN_ALLOC_GROW(list->v, list->n + 1, list->alloc);
		if (git_oid_fromstr(&list->v[list->n], hex) == 0)
			list->n++;
	}
	closedir(d);
	return count;
}

size_t bilan_gc_count_loose(const char *gitdir)
{
	size_t n = 0;
	for (unsigned fan = 0; fan < 256; fan++)
		n += scan_fanout(gitdir, fan, NULL, 0);
	return n;
}

size_t bilan_gc_estimate_loose(const char *gitdir)
{
	/* Evenly spread folders: object ids are uniformly distributed. */
	size_t n = 0;
	for (unsigned i = 0; i < BILAN_GC_SAMPLE_DIRS; i++)
		n += scan_fanout(gitdir, (0x17 + i * (256 / BILAN_GC_SAMPLE_DIRS)) & 0xff, NULL, 0);
	return n * (256 / BILAN_GC_SAMPLE_DIRS);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* Names ("pack-<hex>") of the packs with an index in gitdir/objects/pack. */
static void list_packs(struct bilan_strlist *out, const char *gitdir)
{
	char *dir = bilan_xasprintf("%s/objects/pack", gitdir);
	DIR *d = opendir(dir);
	free(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strncmp(de->d_name, "pack-", 5) && has_suffix(de->d_name, ".idx"))
			bilan_strlist_add_owned(out, bilan_xstrndup(de->d_name,
								    strlen(de->d_name) - 4));
	}
	closedir(d);
	bilan_strlist_sort(out);
}

size_t bilan_gc_count_packs(const char *gitdir)
{
	struct bilan_strlist l = BILAN_STRLIST_INIT;
	list_packs(&l, gitdir);
	size_t n = l.n;
	bilan_strlist_clear(&l);
	return n;
}

size_t bilan_gc_auto_threshold(void)
{
	const char *s = bilan_settings.gc_auto;
	if (!s || !*s)
		return BILAN_GC_AUTO_DEFAULT;
	char *end = NULL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || s[0] == '-')
		return BILAN_GC_AUTO_DEFAULT;
	return (size_t)v;
}

/* ------------------------------------------------------------------ */
/* packing */

struct budget {
	long long deadline;   /* 0 = none */
	bool cancelled;
};

static bool over(struct budget *b)
{
	if (b->deadline && now_ms() > b->deadline)
		b->cancelled = true;
	return b->cancelled;
}

static int pb_progress(int stage, uint32_t current, uint32_t total, void *payload)
{
	(void)stage;
	(void)current;
	(void)total;
	return over(payload) ? GIT_EUSER : 0;
}

static int idx_progress(const git_indexer_progress *stats, void *payload)
{
	(void)stats;
	return over(payload) ? GIT_EUSER : 0;
}

struct collect {
	git_packbuilder *pb;
	struct budget *budget;
	struct oid_list *all;
	int error;
	git_oid bad;
};

static int insert_one(const git_oid *id, void *payload)
{
	struct collect *c = payload;
	if (over(c->budget))
		return GIT_EUSER;
	int e = git_packbuilder_insert(c->pb, id, NULL);
	if (e < 0) {
		c->error = e;
		git_oid_cpy(&c->bad, id);
		return GIT_EUSER;
	}
	if (c->all) {
		BILAN_ALLOC_GROW(c->all->v, c->all->n + 1, c->all->alloc);
		git_oid_cpy(&c->all->v[c->all->n++], id);
	}
	return 0;
}

static int fsync_path(const char *path, bool dir)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | (dir ? O_DIRECTORY : 0));
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	if (rc < 0 && dir && (errno == EINVAL || errno == EROFS))
		rc = 0;
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* Every object of list is in the pack whose index is idx_path. */
static int verify_pack(const char *idx_path, const struct oid_list *list,
		       struct bilan_error *err)
{
	git_odb *odb = NULL;
	git_odb_backend *be = NULL;
	int e, ret = 0;

	if ((e = git_odb_new(&odb)) < 0 || (e = git_odb_backend_one_pack(&be, idx_path)) < 0) {
		ret = bilan_git_fail(err, e, _("cannot read the new pack '%s'"), idx_path);
		goto out;
	}
	if ((e = git_odb_add_backend(odb, be, 1)) < 0) {
		be->free(be);
		ret = bilan_git_fail(err, e, _("cannot read the new pack '%s'"), idx_path);
		goto out;
	}
	for (size_t i = 0; i < list->n; i++) {
		if (!git_odb_exists(odb, &list->v[i])) {
			char hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof(hex), &list->v[i]);
			ret = bilan_error_set(err, BILAN_EFAIL,
				_("the new pack lacks object %s; nothing was removed"), hex);
			goto out;
		}
	}
out:
	git_odb_free(odb);
	return ret;
}

static void remove_loose(struct bilan_gc_stats *st, const char *gitdir,
			 const struct oid_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), &list->v[i]);
		char *p = bilan_xasprintf("%s/objects/%.2s/%s", gitdir, hex, hex + 2);
		if (unlink(p) == 0)
			st->loose_removed++;
		free(p);
	}
	/* Empty fan-out folders go too, as with git prune. */
	for (unsigned fan = 0; fan < 256; fan++) {
		char *p = bilan_xasprintf("%s/objects/%02x", gitdir, fan);
		rmdir(p);   /* fails harmlessly when not empty */
		free(p);
	}
}

/* Remove the older pack name (index first: readers find packs by it). */
static bool remove_pack(const char *gitdir, const char *name)
{
	static const char *const exts[] = { ".idx", ".pack", ".rev", ".bitmap", NULL };
	char *keep = bilan_xasprintf("%s/objects/pack/%s.keep", gitdir, name);
	bool kept = bilan_fs_exists(keep);
	free(keep);
	if (kept)
		return false;
	for (size_t i = 0; exts[i]; i++) {
		char *p = bilan_xasprintf("%s/objects/pack/%s%s", gitdir, name, exts[i]);
		unlink(p);
		free(p);
	}
	return true;
}

/* Temporary files libgit2's indexer leaves behind when cancelled. */
static void remove_pack_temporaries(const char *gitdir, const struct bilan_strlist *before)
{
	char *dir = bilan_xasprintf("%s/objects/pack", gitdir);
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			if (strncmp(de->d_name, "pack_git2_", 10) != 0 || bilan_strlist_contains(before, de->d_name))
				continue;
			char *p = bilan_xasprintf("%s/%s", dir, de->d_name);
			unlink(p);
			free(p);
		}
		closedir(d);
	}
	free(dir);
}

static void list_pack_dir(struct bilan_strlist *out, const char *gitdir)
{
	char *dir = bilan_xasprintf("%s/objects/pack", gitdir);
	DIR *d = opendir(dir);
	free(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d)))
		bilan_strlist_add(out, de->d_name);
	closedir(d);
}

int bilan_gc_run(struct bilan_gc_stats *out, const char *root,
		 const struct bilan_gc_opts *opts, struct bilan_error *err)
{
	struct bilan_gc_opts o = BILAN_GC_OPTS_INIT;
	struct bilan_gc_stats st;
	git_repository *repo = NULL;
	git_packbuilder *pb = NULL;
	git_odb *odb = NULL;
	struct oid_list loose = { NULL, 0, 0 }, all = { NULL, 0, 0 };
	struct bilan_strlist packs = BILAN_STRLIST_INIT, pack_files = BILAN_STRLIST_INIT;
	char *gitdir = NULL, *pack_dir = NULL, *path = NULL;
	long long t0 = now_ms();
	struct budget budget = { 0, false };
	int e, ret = 0;

	memset(&st, 0, sizeof(st));
	if (opts)
		o = *opts;
	if (o.budget_ms > 0)
		budget.deadline = t0 + o.budget_ms;
	bilan_git_init();
	e = git_repository_open_ext(&repo, root, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (e < 0) {
		ret = bilan_git_fail(err, e, _("cannot open the repository in '%s'"), root);
		goto out;
	}
	gitdir = bilan_xstrdup(git_repository_path(repo));
	if (*gitdir && gitdir[strlen(gitdir) - 1] == '/')
		gitdir[strlen(gitdir) - 1] = '\0';
	pack_dir = bilan_xasprintf("%s/objects/pack", gitdir);

	/* What is there before: loose objects (all, or a batch) and packs. */
	for (unsigned fan = 0; fan < 256; fan++) {
		size_t max = o.full ? 0 : o.max_objects;
		st.loose_before += scan_fanout(gitdir, fan, &loose, max);
	}
	if (!o.full && o.max_objects && st.loose_before > o.max_objects)
		st.loose_before = o.max_objects;
	list_packs(&packs, gitdir);
	list_pack_dir(&pack_files, gitdir);
	st.packs_before = packs.n;
	if (loose.n == 0 && (!o.full || packs.n <= 1))
		goto out;   /* nothing to do */

	if ((e = git_packbuilder_new(&pb, repo)) < 0) {
		ret = bilan_git_fail(err, e, _("cannot start packing"));
		goto out;
	}
	git_packbuilder_set_callbacks(pb, pb_progress, &budget);
	struct collect c = { pb, &budget, NULL, 0, { { 0 } } };
	if (o.full) {
		/* Every object the repository has, loose or packed. */
		c.all = &all;
		if ((e = git_repository_odb(&odb, repo)) < 0) {
			ret = bilan_git_fail(err, e, _("cannot read the objects"));
			goto out;
		}
		e = git_odb_foreach(odb, insert_one, &c);
	} else {
		e = 0;
		for (size_t i = 0; i < loose.n && e == 0; i++)
			e = insert_one(&loose.v[i], &c);
	}
	if (budget.cancelled)
		goto cancelled;
	if (c.error < 0 || e < 0) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), &c.bad);
		if (c.error < 0) {
			bilan_git_fail(err, c.error, _("cannot read object %s"), hex);
			bilan_error_hint(err, _("the repository may be damaged: run 'bilan doctor'"));
			if (err)
				err->code = BILAN_EINVALID;
			ret = BILAN_EINVALID;
		} else {
			ret = bilan_git_fail(err, e, _("cannot list the objects"));
		}
		goto out;
	}
	st.packed = git_packbuilder_object_count(pb);
	e = git_packbuilder_write(pb, NULL, 0444, idx_progress, &budget);
	if (budget.cancelled)
		goto cancelled;
	if (e < 0) {
		ret = bilan_git_fail(err, e, _("cannot write the pack"));
		remove_pack_temporaries(gitdir, &pack_files);
		goto out;
	}
	snprintf(st.pack, sizeof(st.pack), "pack-%s", git_packbuilder_name(pb));
	st.ran = true;

	/* Durable before anything is removed. */
	free(path);
	path = bilan_xasprintf("%s/%s.pack", pack_dir, st.pack);
	if (fsync_path(path, false) < 0) {
		ret = bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot write '%s'"), path);
		goto out;
	}
	free(path);
	path = bilan_xasprintf("%s/%s.idx", pack_dir, st.pack);
	if (fsync_path(path, false) < 0 || fsync_path(pack_dir, true) < 0) {
		ret = bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot write '%s'"), path);
		goto out;
	}
	/* Nothing is removed unless the new pack holds it. */
	if ((ret = verify_pack(path, o.full ? &all : &loose, err)) < 0)
		goto out;
	if (o.full) {
		for (size_t i = 0; i < packs.n; i++)
			if (strcmp(packs.v[i], st.pack) != 0 && remove_pack(gitdir, packs.v[i]))
				st.packs_removed++;
	}
	remove_loose(&st, gitdir, &loose);
	if (o.full) {
		free(path);
		path = bilan_xasprintf("%s/%s", gitdir, BILAN_GC_LOG);
		unlink(path);
	}
	goto out;

cancelled:
	st.cancelled = true;
	st.ran = false;
	remove_pack_temporaries(gitdir, &pack_files);
out:
	st.ms = now_ms() - t0;
	if (out)
		*out = st;
	git_packbuilder_free(pb);
	git_odb_free(odb);
	git_repository_free(repo);
	free(loose.v);
	free(all.v);
	bilan_strlist_clear(&packs);
	bilan_strlist_clear(&pack_files);
	free(gitdir);
	free(pack_dir);
	free(path);
	return ret;
}

int bilan_gc_auto(struct bilan_gc_stats *out, const char *root, struct bilan_error *err)
{
	size_t threshold = bilan_gc_auto_threshold();
	int ret = 0;
	if (out)
		memset(out, 0, sizeof(*out));
	if (threshold == 0)
		return 0;
	char *gitdir = bilan_xasprintf("%s/.git", root);
	char *log = bilan_xasprintf("%s/%s", gitdir, BILAN_GC_LOG);
	struct stat lst;
	if (bilan_gc_estimate_loose(gitdir) <= threshold)
		goto out;
	/* A recent run that did not finish in time: do not slow every
	 * command; 'bilan gc' clears it. */
	if (lstat(log, &lst) == 0 &&
	    lst.st_mtime > bilan_fs_now_ns(gitdir) / 1000000000 - 24 * 3600)
		goto out;
	struct bilan_gc_opts o = BILAN_GC_OPTS_INIT;
	o.max_objects = BILAN_GC_AUTO_BATCH;
	o.budget_ms = BILAN_GC_AUTO_BUDGET_MS;
	struct bilan_gc_stats st;
	ret = bilan_gc_run(&st, root, &o, err);
	if (st.cancelled) {
		char *msg = bilan_xasprintf(
			"The automatic packing of loose objects did not finish in %d ms;\n"
			"automatic packing is suspended for a day. Run 'bilan gc'.\n",
			BILAN_GC_AUTO_BUDGET_MS);
		bilan_fs_write_atomic(log, msg, strlen(msg), 0600, NULL);
		free(msg);
	}
	if (out)
		*out = st;
out:
	free(gitdir);
	free(log);
	return ret;
}
