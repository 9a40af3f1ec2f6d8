/* doctor.c - a workspace checked end to end (see doctor.h). */
#include "doctor.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "fs.h"
#include "gc.h"
#include "git.h"
#include "i18n.h"
#include "lock.h"
#include "merge.h"
#include "personal.h"
#include "share.h"
#include "vcs.h"
#include "yaml-tree.h"

#define MAX_DEPTH 64

/* ------------------------------------------------------------------ */
/* findings */

__attribute__((format(printf, 5, 6)))
static struct bilan_finding *add(struct bilan_findings *out, enum bilan_severity sev,
				 const char *check, const char *file, const char *fmt, ...)
{
	va_list ap;
	struct bilan_buf b = BILAN_BUF_INIT;
	BILAN_ALLOC_GROW(out->v, out->n + 1, out->alloc);
	struct bilan_finding *f = &out->v[out->n++];
	memset(f, 0, sizeof(*f));
	f->severity = sev;
	f->check = check;
	f->file = file ? bilan_xstrdup(file) : NULL;
	va_start(ap, fmt);
	bilan_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	f->message = bilan_buf_detach(&b);
	return f;
}

__attribute__((format(printf, 2, 3)))
static void hint(struct bilan_finding *f, const char *fmt, ...)
{
	va_list ap;
	struct bilan_buf b = BILAN_BUF_INIT;
	va_start(ap, fmt);
	bilan_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(f->hint);
	f->hint = bilan_buf_detach(&b);
}

void bilan_findings_clear(struct bilan_findings *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].file);
		free(f->v[i].message);
		free(f->v[i].hint);
	}
	free(f->v);
	f->v = NULL;
	f->n = f->alloc = 0;
}


/* ------------------------------------------------------------------ */
/* the walk of the workspace */

struct entry {
	char *rel;
	mode_t mode;          /* from lstat */
};

struct entries {
	struct entry *v;
	size_t n, alloc;
};

static void walk(struct entries *out, int dirfd, const char *prefix, int depth)
{
	DIR *d = fdopendir(dirfd);
	if (!d) {
		close(dirfd);
		return;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		struct stat st;
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		char *rel = bilan_xasprintf("%s%s", prefix, de->d_name);
		BILAN_ALLOC_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n].rel = rel;
		out->v[out->n].mode = st.st_mode;
		out->n++;
		/* .git is the repository's business: only its own mode counts */
		if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH && strcmp(rel, ".git") != 0) {
			int sub = openat(dirfd, de->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0) {
				char *p = bilan_xasprintf("%s/", rel);
				walk(out, sub, p, depth + 1);
				free(p);
			}
		}
	}
	closedir(d);
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->rel, ((const struct entry *)b)->rel);
}

static void entries_free(struct entries *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i].rel);
	free(e->v);
}

static bool is_private(const char *rel)
{
	return !strcmp(rel, "private") || !strncmp(rel, "private/", 8);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

static const char *base_name(const char *rel)
{
	const char *s = strrchr(rel, '/');
	return s ? s + 1 : rel;
}

/* ".NAME.tmp-XXXXXX": a temporary of fs.c's atomic write */
static bool is_write_temporary(const char *rel)
{
	const char *b = base_name(rel);
	size_t n = strlen(b);
	if (n < 12 || b[0] != '.' || strncmp(b + n - 11, ".tmp-", 5) != 0)
		return false;
	for (size_t i = n - 6; i < n; i++)
		if (!((b[i] >= 'a' && b[i] <= 'z') || (b[i] >= 'A' && b[i] <= 'Z') ||
		      (b[i] >= '0' && b[i] <= '9')))
			return false;
	return true;
}

/* The file a write temporary was for: "dir/.NAME.tmp-XXXXXX" -> "dir/NAME". */
static char *temporary_target(const char *rel)
{
	const char *b = base_name(rel);
	size_t dir = (size_t)(b - rel), n = strlen(b);
	return bilan_xasprintf("%.*s%.*s", (int)dir, rel, (int)(n - 12), b + 1);
}

enum temp_kind {
	TEMP_SAME,        /* the file it was for holds the same bytes: removable */
	TEMP_ONLY_COPY,   /* the file is missing; the temporary is a whole record */
	TEMP_UNSURE,      /* the file is missing; the temporary may be partial */
	TEMP_OTHER,       /* the file holds something else: an unfinished change */
};

/* What an interrupted write left: never data that exists nowhere else
 * taken for garbage (a command killed between the renames of its
 * transaction leaves whole temporaries whose files were never made). */
static enum temp_kind classify_temporary(const struct bilan_ws *ws, const char *rel,
					 const char *target)
{
	char *abs = bilan_ws_path(ws, rel), *tabs = bilan_ws_path(ws, target);
	struct bilan_buf a = BILAN_BUF_INIT, t = BILAN_BUF_INIT;
	enum temp_kind k = TEMP_UNSURE;
	bool has_a = bilan_fs_read(&a, abs, 64u << 20, NULL) == 0;
	if (bilan_fs_read(&t, tabs, 64u << 20, NULL) == 0) {
		k = has_a && a.len == t.len && !memcmp(a.ptr, t.ptr, a.len) ? TEMP_SAME : TEMP_OTHER;
	} else if (has_a) {
		size_t n = strlen(target);
		struct bilan_doc *doc = NULL;
		/* a record is a mapping; a cut one rarely parses as one, and
		 * bilan writes every line with its newline */
		if (n > 5 && !strcmp(target + n - 5, ".yaml") && a.len && a.ptr[a.len - 1] == '\n' &&
		    bilan_yaml_load_buffer(&doc, target, a.ptr, a.len, NULL) == 0 && doc->root &&
		    doc->root->type == BILAN_NODE_MAP && doc->root->n > 0)
			k = TEMP_ONLY_COPY;
		bilan_doc_free(doc);
	}
	bilan_buf_clear(&a);
	bilan_buf_clear(&t);
	free(abs);
	free(tabs);
	return k;
}

/* ------------------------------------------------------------------ */
/* lock */

struct lock_state {
	bool held;            /* a running command holds bilan.lock */
	bool bogus;           /* not a file: a link, a folder... */
	bool stale;           /* the file is there, nobody holds it */
	struct bilan_strlist git_locks;   /* .git-relative */
};

static char *holder_field(const char *rec, const char *key)
{
	size_t klen = strlen(key);
	for (const char *p = rec; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n > klen && !strncmp(p, key, klen) && p[klen] == '=') {
			struct bilan_buf b = BILAN_BUF_INIT;
			for (size_t i = klen + 1; i < n; i++)
				bilan_buf_putc(&b, (unsigned char)p[i] < 0x20 ? '?' : p[i]);
			return bilan_buf_detach(&b);
		}
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static void scan_git_locks(struct bilan_strlist *out, const char *gitdir, const char *sub,
			   int depth)
{
	char *dir = *sub ? bilan_xasprintf("%s/%s", gitdir, sub) : bilan_xstrdup(gitdir);
	DIR *d = opendir(dir);
	free(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' && (!de->d_name[1] || !strcmp(de->d_name, "..")))
			continue;
		char *rel = *sub ? bilan_xasprintf("%s/%s", sub, de->d_name) : bilan_xstrdup(de->d_name);
		bool dir_entry = de->d_type == DT_DIR;
		if (de->d_type == DT_UNKNOWN) {
			char *abs = bilan_xasprintf("%s/%s", gitdir, rel);
			struct stat st;
			dir_entry = lstat(abs, &st) == 0 && S_ISDIR(st.st_mode);
			free(abs);
		}
		if (dir_entry) {
			/* objects/ is not where libgit2 puts lock files */
			if (depth < 16 && strcmp(rel, "objects") != 0)
				scan_git_locks(out, gitdir, rel, depth + 1);
		} else if (has_suffix(de->d_name, ".lock") && strcmp(rel, "bilan.lock") != 0) {
			bilan_strlist_add(out, rel);
		}
		free(rel);
	}
	closedir(d);
}

static void check_lock(struct bilan_findings *out, struct lock_state *ls, const char *gitdir)
{
	char *path = bilan_xasprintf("%s/bilan.lock", gitdir);
	const char *kind = bilan_lock_path_kind(path);
	if (*kind) {
		struct bilan_finding *f = add(out, BILAN_SEV_ERROR, "lock", ".git/bilan.lock",
			_("%s stands where bilan's lock file goes: every command is blocked"), kind);
		struct stat st;
		bool full_dir = false;
		DIR *d = lstat(path, &st) == 0 && S_ISDIR(st.st_mode) ? opendir(path) : NULL;
		for (struct dirent *de; d && (de = readdir(d));)
			full_dir |= strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
		if (d)
			closedir(d);
		if (full_dir) {
			hint(f, _("it holds files: move it away by hand"));
		} else {
			hint(f, _("'bilan doctor --fix' removes it"));
			f->fixable = true;
			ls->bogus = true;
		}
	}
	int fd = *kind ? -1 : open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd >= 0) {
		char rec[4097];
		ssize_t n = pread(fd, rec, sizeof(rec) - 1, 0);
		rec[n > 0 ? n : 0] = '\0';
		char *pid = holder_field(rec, "pid");
		char *cmd = holder_field(rec, "command");
		char *since = holder_field(rec, "since");
		const char *unknown = _("unknown");
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			ls->stale = true;
			struct bilan_finding *f = add(out, BILAN_SEV_WARNING, "lock", ".git/bilan.lock",
				_("a lock left by '%s' (pid %s, since %s), which was interrupted"),
				cmd ? cmd : unknown, pid ? pid : unknown, since ? since : unknown);
			hint(f, _("harmless: the next command takes it over and removes it; "
				  "'bilan doctor --fix' removes it now"));
			f->fixable = true;
		} else if (errno == EWOULDBLOCK) {
			ls->held = true;
			struct bilan_finding *f = add(out, BILAN_SEV_WARNING, "lock", ".git/bilan.lock",
				_("the workspace is in use by '%s' (pid %s, since %s)"),
				cmd ? cmd : unknown, pid ? pid : unknown, since ? since : unknown);
			hint(f, _("what follows may show its work in progress; run 'bilan doctor' "
				  "again when it has finished"));
		}
		free(pid);
		free(cmd);
		free(since);
		close(fd);
	}
	free(path);

	scan_git_locks(&ls->git_locks, gitdir, "", 0);
	bilan_strlist_sort(&ls->git_locks);
	if (ls->held)
		return;   /* the running command's own lock files */
	for (size_t i = 0; i < ls->git_locks.n; i++) {
		char *rel = bilan_xasprintf(".git/%s", ls->git_locks.v[i]);
		struct bilan_finding *f = add(out, BILAN_SEV_ERROR, "lock", rel,
			_("a git lock file left by an interrupted command; no commit can be made "
			  "while it is there"));
		hint(f, _("if no git command is running, 'bilan doctor --fix' removes it"));
		f->fixable = true;
		free(rel);
	}
}

/* ------------------------------------------------------------------ */
/* repository */

/* An open-addressing set of object ids. */
struct oidset {
	git_oid *v;
	unsigned char *used;
	size_t cap, n;
};

static size_t oid_hash(const git_oid *id)
{
	size_t h;
	memcpy(&h, id->id, sizeof(h));
	return h;
}

static void oidset_grow(struct oidset *s);

static bool oidset_add(struct oidset *s, const git_oid *id)
{
	if ((s->n + 1) * 2 > s->cap)
		oidset_grow(s);
	size_t i = oid_hash(id) & (s->cap - 1);
	while (s->used[i]) {
		if (git_oid_equal(&s->v[i], id))
			return false;
		i = (i + 1) & (s->cap - 1);
	}
	s->used[i] = 1;
	git_oid_cpy(&s->v[i], id);
	s->n++;
	return true;
}

static bool oidset_has(const struct oidset *s, const git_oid *id)
{
	if (!s->cap)
		return false;
	size_t i = oid_hash(id) & (s->cap - 1);
	while (s->used[i]) {
		if (git_oid_equal(&s->v[i], id))
			return true;
		i = (i + 1) & (s->cap - 1);
	}
	return false;
}

static void oidset_grow(struct oidset *s)
{
	struct oidset old = *s;
	s->cap = old.cap ? old.cap * 2 : 1024;
	s->v = bilan_xcalloc(s->cap, sizeof(*s->v));
	s->used = bilan_xcalloc(s->cap, 1);
	s->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.used[i])
			oidset_add(s, &old.v[i]);
	free(old.v);
	free(old.used);
}

static void oidset_free(struct oidset *s)
{
	free(s->v);
	free(s->used);
	memset(s, 0, sizeof(*s));
}

struct oidlist {
	git_oid *v;
	size_t n, alloc;
};

static int collect_oid(const git_oid *id, void *payload)
{
	struct oidlist *l = payload;
	BILAN_ALLOC_GROW(l->v, l->n + 1, l->alloc);
	git_oid_cpy(&l->v[l->n++], id);
	return 0;
}

struct repo_check {
	struct bilan_findings *out;
	git_repository *git;
	struct oidset good;       /* objects that read back */
	struct oidset seen;       /* reachable objects already visited */
	size_t missing;
};

static void missing_object(struct repo_check *rc, const git_oid *id, const git_oid *from)
{
	char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];
	git_oid_tostr(a, sizeof(a), id);
	git_oid_tostr(b, sizeof(b), from);
	if (rc->missing++ < 20) {
		struct bilan_finding *f = add(rc->out, BILAN_SEV_ERROR, "repository", ".git",
			_("object %s, used by %s, is missing or damaged"), a, b);
		hint(f, _("a copy of the workspace (the consultant's, a backup) may hold it; "
			  "'git fsck' tells more"));
	}
}

static void check_tree(struct repo_check *rc, const git_oid *tree_id, const git_oid *from)
{
	if (!oidset_add(&rc->seen, tree_id))
		return;
	if (!oidset_has(&rc->good, tree_id)) {
		missing_object(rc, tree_id, from);
		return;
	}
	git_tree *tree = NULL;
	if (git_tree_lookup(&tree, rc->git, tree_id) < 0) {
		missing_object(rc, tree_id, from);
		return;
	}
	size_t n = git_tree_entrycount(tree);
	for (size_t i = 0; i < n; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(tree, i);
		const git_oid *id = git_tree_entry_id(te);
		switch (git_tree_entry_type(te)) {
		case GIT_OBJECT_TREE:
			check_tree(rc, id, tree_id);
			break;
		case GIT_OBJECT_BLOB:
			if (oidset_add(&rc->seen, id) && !oidset_has(&rc->good, id))
				missing_object(rc, id, tree_id);
			break;
		default:
			break;   /* submodule commits are not ours */
		}
	}
	git_tree_free(tree);
}

static void check_repository(struct bilan_findings *out, const struct bilan_ws *ws)
{
	struct repo_check rc = { out, NULL, { 0 }, { 0 }, 0 };
	git_odb *odb = NULL;
	git_revwalk *walk = NULL;
	git_index *index = NULL;
	struct oidlist all = { NULL, 0, 0 };
	struct bilan_finding *f;
	int e;

	bilan_git_init();
	e = git_repository_open_ext(&rc.git, ws->root, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (e < 0) {
		f = add(out, BILAN_SEV_ERROR, "repository", ".git",
			_("the repository cannot be opened: %s"), bilan_git_message());
		hint(f, _("a copy of the workspace (the consultant's, a backup) may be used to rebuild it"));
		goto out;
	}
	if ((e = git_repository_odb(&odb, rc.git)) < 0 ||
	    (e = git_odb_foreach(odb, collect_oid, &all)) < 0) {
		f = add(out, BILAN_SEV_ERROR, "repository", ".git/objects",
			_("the objects cannot be listed: %s"), bilan_git_message());
		goto out;
	}
	/* Every object reads back, its hash checked. */
	size_t bad = 0;
	for (size_t i = 0; i < all.n; i++) {
		git_odb_object *obj = NULL;
		if (git_odb_read(&obj, odb, &all.v[i]) < 0) {
			char hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof(hex), &all.v[i]);
			if (bad++ < 20) {
				f = add(out, BILAN_SEV_ERROR, "repository", ".git/objects",
					_("object %s is damaged: %s"), hex, bilan_git_message());
				hint(f, _("a copy of the workspace (the consultant's, a backup) may hold it; "
					  "'git fsck' tells more"));
			}
			continue;
		}
		git_odb_object_free(obj);
		oidset_add(&rc.good, &all.v[i]);
	}
	if (bad > 20)
		add(out, BILAN_SEV_ERROR, "repository", ".git/objects",
		    _("%zu more damaged objects"), bad - 20);

	/* Refs, and everything reachable from them. */
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	if ((e = git_revwalk_new(&walk, rc.git)) < 0 ||
	    (e = git_reference_iterator_new(&it, rc.git)) < 0) {
		add(out, BILAN_SEV_ERROR, "repository", ".git/refs",
		    _("the refs cannot be read: %s"), bilan_git_message());
		goto out;
	}
	while ((e = git_reference_next(&ref, it)) == 0) {
		git_reference *res = NULL;
		const char *name = git_reference_name(ref);
		if (git_reference_resolve(&res, ref) < 0) {
			f = add(out, BILAN_SEV_ERROR, "repository", ".git/refs",
				_("ref '%s' does not resolve: %s"), name, bilan_git_message());
		} else {
			const git_oid *id = git_reference_target(res);
			git_object *obj = NULL;
			if (!id || !oidset_has(&rc.good, id)) {
				char hex[GIT_OID_HEXSZ + 1] = "?";
				if (id)
					git_oid_tostr(hex, sizeof(hex), id);
				f = add(out, BILAN_SEV_ERROR, "repository", ".git/refs",
					_("ref '%s' points to object %s, which is missing or damaged"),
					name, hex);
				hint(f, _("a copy of the workspace (the consultant's, a backup) may hold it"));
			} else if (git_object_lookup(&obj, rc.git, id, GIT_OBJECT_ANY) == 0) {
				if (git_object_type(obj) == GIT_OBJECT_COMMIT)
					git_revwalk_push(walk, id);
				else if (git_object_type(obj) == GIT_OBJECT_TREE)
					check_tree(&rc, id, id);
				git_object_free(obj);
			}
			git_reference_free(res);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	if (e != GIT_ITEROVER)
		add(out, BILAN_SEV_ERROR, "repository", ".git/refs",
		    _("the refs cannot be read: %s"), bilan_git_message());

	e = git_repository_head_unborn(rc.git);
	if (e < 0) {
		f = add(out, BILAN_SEV_ERROR, "repository", ".git/HEAD",
			_("HEAD cannot be read: %s"), bilan_git_message());
	} else if (e == 1) {
		f = add(out, BILAN_SEV_ERROR, "repository", ".git/HEAD",
			_("the history is empty (HEAD names a branch without commits)"));
		hint(f, _("a workspace made by 'bilan init' has a first commit; was the branch removed?"));
	}

	git_oid id;
	git_revwalk_sorting(walk, GIT_SORT_NONE);
	while ((e = git_revwalk_next(&id, walk)) == 0) {
		git_commit *c = NULL;
		if (!oidset_has(&rc.good, &id) || git_commit_lookup(&c, rc.git, &id) < 0) {
			missing_object(&rc, &id, &id);
			continue;
		}
		check_tree(&rc, git_commit_tree_id(c), &id);
		for (unsigned i = 0; i < git_commit_parentcount(c); i++) {
			const git_oid *p = git_commit_parent_id(c, i);
			if (!oidset_has(&rc.good, p))
				missing_object(&rc, p, &id);
		}
		git_commit_free(c);
	}
	if (e != GIT_ITEROVER) {
		f = add(out, BILAN_SEV_ERROR, "repository", ".git",
			_("the history cannot be walked: %s"), bilan_git_message());
		hint(f, _("a copy of the workspace (the consultant's, a backup) may hold what is missing"));
	}

	/* The index. */
	if (git_repository_index(&index, rc.git) < 0 || git_index_read(index, 1) < 0) {
		f = add(out, BILAN_SEV_ERROR, "repository", ".git/index",
			_("the index cannot be read: %s"), bilan_git_message());
		hint(f, _("'git reset' rebuilds it from the last commit (hand edits stay in the files)"));
	} else {
		size_t n = git_index_entrycount(index), lost = 0;
		for (size_t i = 0; i < n; i++) {
			const git_index_entry *ie = git_index_get_byindex(index, i);
			if (ie && !oidset_has(&rc.good, &ie->id) && lost++ == 0) {
				f = add(out, BILAN_SEV_ERROR, "repository", ".git/index",
					_("the index refers to a missing object (for '%s')"), ie->path);
				hint(f, _("'git reset' rebuilds it from the last commit (hand edits stay in the files)"));
			}
		}
	}
out:
	git_index_free(index);
	git_revwalk_free(walk);
	git_odb_free(odb);
	git_repository_free(rc.git);
	oidset_free(&rc.good);
	oidset_free(&rc.seen);
	free(all.v);
}

/* Temporary files of interrupted object writes (libgit2's tmp_object_git2_*,
 * git's tmp_obj_*, an indexer's pack_git2_* / tmp_pack_*), .git-relative. */
static void scan_object_temporaries(struct bilan_strlist *out, const char *gitdir)
{
	static const char *const dirs[] = { "objects", "objects/pack", NULL };
	for (size_t k = 0; k < 258; k++) {
		char sub[32];
		if (k < 2)
			snprintf(sub, sizeof(sub), "%s", dirs[k]);
		else
			snprintf(sub, sizeof(sub), "objects/%02zx", k - 2);
		char *dir = bilan_xasprintf("%s/%s", gitdir, sub);
		DIR *d = opendir(dir);
		free(dir);
		if (!d)
			continue;
		struct dirent *de;
		while ((de = readdir(d))) {
			const char *n = de->d_name;
			if (!strncmp(n, "tmp_obj", 7) || !strncmp(n, "tmp_pack", 8) ||
			    !strncmp(n, "tmp_idx", 7) || !strncmp(n, "pack_git2_", 10) ||
			    strstr(n, "_git2_"))
				bilan_strlist_add_owned(out, bilan_xasprintf("%s/%s", sub, n));
		}
		closedir(d);
	}
	bilan_strlist_sort(out);
}

/* Was this very version of rel accepted with 'bilan share accept'? */
static bool accepted_file(const struct bilan_strlist *accepted, const char *rel,
			  const struct bilan_buf *text)
{
	git_oid id;
	char hex[GIT_OID_HEXSZ + 1];
	if (!accepted || !accepted->n)
		return false;
	bilan_git_init();
	if (git_odb_hash(&id, text->ptr ? text->ptr : "", text->len, GIT_OBJECT_BLOB) < 0)
		return false;
	git_oid_tostr(hex, sizeof(hex), &id);
	for (size_t i = 0; i < accepted->n; i++)
		if (!strncmp(accepted->v[i], hex, 40) && !strcmp(accepted->v[i] + 41, rel))
			return true;
	return false;
}

static void check_privacy_file(struct bilan_findings *out, const struct bilan_ws *ws,
			       const char *rel, const struct bilan_strlist *accepted)
{
	struct bilan_buf text = BILAN_BUF_INIT;
	char *abs = bilan_ws_path(ws, rel);
	struct bilan_personal found[BILAN_PERSONAL_MAX];
	if (bilan_fs_read(&text, abs, BILAN_PERSONAL_SCAN_MAX, NULL) < 0)
		goto out;
	size_t n = bilan_scan_personal(found, rel, text.ptr ? text.ptr : "", text.len);
	if (!n || accepted_file(accepted, rel, &text))
		goto out;   /* nothing, or shared as it is, on purpose */
	for (size_t i = 0; i < n; i++) {
		const struct bilan_personal *p = &found[i];
		struct bilan_finding *f;
		switch (p->kind) {
		case BILAN_PERSONAL_MARKED:
			f = add(out, BILAN_SEV_ERROR, "privacy", rel,
				_("marked private but outside private/: it would be shared"));
			hint(f, _("'bilan private %s' moves it under private/"), rel);
			break;
		case BILAN_PERSONAL_CONTACT:
			f = add(out, BILAN_SEV_ERROR, "privacy", rel,
				_("a contact's details outside private/: they would be shared"));
			hint(f, _("'bilan private %s' moves it under private/"), rel);
			break;
		case BILAN_PERSONAL_EMAIL:
			f = add(out, BILAN_SEV_WARNING, "privacy", rel,
				_("an e-mail address in a file that is shared"));
			hint(f, _("keep people's details in private/ (a contact record of 'bilan enquete')"));
			break;
		case BILAN_PERSONAL_PHONE:
			f = add(out, BILAN_SEV_WARNING, "privacy", rel,
				_("a phone number in a file that is shared"));
			hint(f, _("keep people's details in private/ (a contact record of 'bilan enquete')"));
			break;
		case BILAN_PERSONAL_ADDRESS:
		default:
			f = add(out, BILAN_SEV_WARNING, "privacy", rel,
				_("a postal address in a file that is shared"));
			hint(f, _("keep people's details in private/ (a contact record of 'bilan enquete')"));
			break;
		}
		f->line = p->line;
		f->col = p->col;
	}
out:
	bilan_buf_clear(&text);
	free(abs);
}

/* ------------------------------------------------------------------ */
/* fixing */

struct fixes {
	bool lock;                        /* stale bilan.lock */
	struct bilan_strlist git_locks;   /* .git-relative */
	struct bilan_strlist obj_tmps;    /* .git-relative */
	struct bilan_strlist temporaries; /* workspace-relative: to remove */
	struct bilan_strlist restores;    /* workspace-relative: to put in place */
	struct bilan_strlist chmods;      /* workspace-relative ("" = root) */
	bool pack;
	struct bilan_strlist twins;       /* pairs: the newer file, the old one to remove */
};

static void mark_fixed(struct bilan_findings *out, const char *check, const char *file)
{
	for (size_t i = 0; i < out->n; i++) {
		struct bilan_finding *f = &out->v[i];
		if (f->fixable && !f->fixed && !strcmp(f->check, check) &&
		    (!file || (f->file && !strcmp(f->file, file))))
			f->fixed = true;
	}
}

/* Paths whose committed mode changes with the chmod (the executable bit of a
 * file whose content is as committed). */
static void mode_changes(struct bilan_strlist *out, const struct bilan_ws *ws,
			 const struct bilan_strlist *chmods)
{
	git_repository *git = NULL;
	git_commit *head = NULL;
	git_tree *tree = NULL;
	git_oid id;
	bilan_git_init();
	if (git_repository_open_ext(&git, ws->root, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0 ||
	    git_reference_name_to_id(&id, git, "HEAD") < 0 ||
	    git_commit_lookup(&head, git, &id) < 0 || git_commit_tree(&tree, head) < 0)
		goto out;
	for (size_t i = 0; i < chmods->n; i++) {
		git_tree_entry *te = NULL;
		if (!*chmods->v[i] || git_tree_entry_bypath(&te, tree, chmods->v[i]) < 0)
			continue;
		git_oid wt;
		char *abs = bilan_ws_path(ws, chmods->v[i]);
		if (git_tree_entry_filemode(te) == GIT_FILEMODE_BLOB_EXECUTABLE &&
		    git_odb_hashfile(&wt, abs, GIT_OBJECT_BLOB) == 0 &&
		    git_oid_equal(&wt, git_tree_entry_id(te)))
			bilan_strlist_add(out, chmods->v[i]);
		free(abs);
		git_tree_entry_free(te);
	}
out:
	git_tree_free(tree);
	git_commit_free(head);
	git_repository_free(git);
}

static int apply_fixes(struct bilan_findings *out, struct bilan_doctor_result *res,
		       struct bilan_ws *ws, struct fixes *fx, struct bilan_error *err)
{
	/* The lock: no bilan command runs while we repair; a stale lock file
	 * is taken over here and removed when released. */
	int rc = bilan_ws_begin(ws, "doctor --fix", err);
	if (rc < 0)
		return rc;
	if (fx->lock)
		mark_fixed(out, "lock", ".git/bilan.lock");
	for (size_t i = 0; i < fx->git_locks.n; i++) {
		char *p = bilan_xasprintf("%s/%s", ws->gitdir, fx->git_locks.v[i]);
		char *rel = bilan_xasprintf(".git/%s", fx->git_locks.v[i]);
		if (unlink(p) == 0 || errno == ENOENT)
			mark_fixed(out, "lock", rel);
		free(p);
		free(rel);
	}
	for (size_t i = 0; i < fx->obj_tmps.n; i++) {
		char *p = bilan_xasprintf("%s/%s", ws->gitdir, fx->obj_tmps.v[i]);
		char *rel = bilan_xasprintf(".git/%s", fx->obj_tmps.v[i]);
		if (unlink(p) == 0 || errno == ENOENT)
			mark_fixed(out, "repository", rel);
		free(p);
		free(rel);
	}
	for (size_t i = 0; i < fx->temporaries.n; i++) {
		char *p = bilan_ws_path(ws, fx->temporaries.v[i]);
		if (unlink(p) == 0 || errno == ENOENT)
			mark_fixed(out, "orphan", fx->temporaries.v[i]);
		free(p);
	}
	/* the only copy of a record: put in place, never over a file (link
	 * fails if one appeared meanwhile), then the temporary goes */
	for (size_t i = 0; i < fx->restores.n; i++) {
		char *target = temporary_target(fx->restores.v[i]);
		char *p = bilan_ws_path(ws, fx->restores.v[i]), *tp = bilan_ws_path(ws, target);
		if (link(p, tp) == 0 && unlink(p) == 0)
			mark_fixed(out, "orphan", fx->restores.v[i]);
		free(p);
		free(tp);
		free(target);
	}
	for (size_t i = 0; i < fx->chmods.n; i++) {
		const char *rel = fx->chmods.v[i];
		char *p = *rel ? bilan_ws_path(ws, rel) : bilan_xstrdup(ws->root);
		struct stat st;
		if (lstat(p, &st) == 0 && !S_ISLNK(st.st_mode) &&
		    chmod(p, S_ISDIR(st.st_mode) ? 0700 : 0600) == 0)
			mark_fixed(out, "permissions", *rel ? rel : ".");
		free(p);
	}
	if (fx->pack) {
		struct bilan_gc_opts o = BILAN_GC_OPTS_INIT;
		struct bilan_gc_stats st;
		o.full = true;
		struct bilan_error gerr = BILAN_ERROR_INIT;
		if (bilan_gc_run(&st, ws->root, &o, &gerr) == 0)
			mark_fixed(out, "repository", ".git/objects/pack");
	}
	/* A mode change git records is committed, with the moves finished. */
	struct bilan_strlist commit = BILAN_STRLIST_INIT;
	mode_changes(&commit, ws, &fx->chmods);
	bool moved = false;
	for (size_t i = 0; i + 1 < fx->twins.n; i += 2) {
		const char *newer = fx->twins.v[i], *older = fx->twins.v[i + 1];
		if (bilan_fs_remove_in(ws->root, older, NULL) == 0) {
			bilan_strlist_add(&commit, newer);
			bilan_strlist_add(&commit, older);
			mark_fixed(out, "twin", newer);
			mark_fixed(out, "schema", newer);
			mark_fixed(out, "schema", older);
			mark_fixed(out, "uncommitted", newer);
			moved = true;
		}
	}
	if (commit.n) {
		struct bilan_repo *repo = NULL;
		struct bilan_commit_opts o = BILAN_COMMIT_OPTS_INIT;
		o.message = moved ? "doctor: finish interrupted moves" : "doctor: fix file permissions";
		o.command = "doctor --fix";
		o.fallback_name = ws->cfg.name;
		o.fallback_email = ws->cfg.email;
		rc = bilan_repo_open(&repo, ws->root, err);
		if (rc == 0)
			rc = bilan_repo_commit_paths(repo, (const char *const *)commit.v, commit.n,
						     &o, res->commit, err);
		bilan_repo_free(repo);
	}
	bilan_strlist_clear(&commit);
	bilan_ws_rollback(ws);   /* releases the lock; nothing was written through it */
	return rc;
}

/* ------------------------------------------------------------------ */

int bilan_doctor_run(struct bilan_findings *out, struct bilan_doctor_result *res,
		     struct bilan_ws *ws, bool fix, struct bilan_error *err)
{
	struct lock_state ls = { false, false, false, BILAN_STRLIST_INIT };
	struct fixes fx = { false, BILAN_STRLIST_INIT, BILAN_STRLIST_INIT, BILAN_STRLIST_INIT,
			    BILAN_STRLIST_INIT, BILAN_STRLIST_INIT, false, BILAN_STRLIST_INIT };
	struct entries ents = { NULL, 0, 0 };
	struct bilan_finding *f;
	int rc = 0;

	memset(res, 0, sizeof(*res));

	/* lock */
	check_lock(out, &ls, ws->gitdir);
	fx.lock = ls.stale;
	if (!ls.held)
		for (size_t i = 0; i < ls.git_locks.n; i++)
			bilan_strlist_add(&fx.git_locks, ls.git_locks.v[i]);

	/* repository */
	check_repository(out, ws);
	if (!ls.held) {
		scan_object_temporaries(&fx.obj_tmps, ws->gitdir);
		for (size_t i = 0; i < fx.obj_tmps.n; i++) {
			char *rel = bilan_xasprintf(".git/%s", fx.obj_tmps.v[i]);
			f = add(out, BILAN_SEV_WARNING, "repository", rel,
				_("a temporary file of an interrupted write"));
			hint(f, _("'bilan doctor --fix' removes it"));
			f->fixable = true;
			free(rel);
		}
	}
	size_t loose = bilan_gc_count_loose(ws->gitdir);
	size_t threshold = bilan_gc_auto_threshold();
	char *gclog = bilan_xasprintf("%s/%s", ws->gitdir, BILAN_GC_LOG);
	if ((threshold && loose > threshold) || (loose && bilan_fs_exists(gclog))) {
		f = add(out, BILAN_SEV_WARNING, "repository", ".git/objects/pack",
			P_("%zu object of the history is not packed",
			   "%zu objects of the history are not packed", loose), loose);
		hint(f, bilan_fs_exists(gclog) ?
			_("the automatic packing did not finish in time (.git/bilan-gc.log): "
			  "'bilan gc' or 'bilan doctor --fix' packs them") :
			_("'bilan gc' or 'bilan doctor --fix' packs them"));
		f->fixable = true;
		fx.pack = true;
	}
	free(gclog);

	/* schema */
	struct bilan_diags diags = BILAN_DIAGS_INIT;
	struct bilan_error cerr = BILAN_ERROR_INIT;
	if (bilan_check_workspace(ws, false, &diags, &cerr) < 0) {
		f = add(out, BILAN_SEV_ERROR, "schema", cerr.file[0] ? cerr.file : NULL, "%s",
			cerr.message);
	}
	for (size_t i = 0; i < diags.n; i++) {
		const struct bilan_diag *d = &diags.v[i];
		f = add(out, d->severity, "schema", d->file, "%s", d->message);
		f->line = d->line;
		f->col = d->col;
		if (d->severity == BILAN_SEV_ERROR)
			hint(f, _("fix the file by hand, then 'bilan check' and 'bilan save'"));
	}
	bilan_diags_clear(&diags);

	/* guard: what could let a plain git push send private content */
	struct bilan_guard gd;
	struct bilan_error gerr = BILAN_ERROR_INIT;
	if (bilan_share_guard_check(&gd, ws, &gerr) == 0 && gd.role != BILAN_GUARD_NONE) {
		if (gd.hooks_path) {
			f = add(out, BILAN_SEV_ERROR, "guard", ".git/config",
				_("core.hooksPath is set: git runs none of the hooks of .git/hooks, "
				  "so a plain 'git push' is no longer checked for private content"));
			hint(f, _("'git config --unset core.hooksPath' (and in ~/.gitconfig, if set "
				  "there)"));
		}
		if (gd.hook != BILAN_GUARD_OK) {
			f = add(out, BILAN_SEV_ERROR, "guard", ".git/hooks/pre-push", "%s",
				gd.hook == BILAN_GUARD_MISSING ?
				_("the pre-push guard is missing: a plain 'git push' is not checked for "
				  "private content") :
				gd.hook == BILAN_GUARD_CHANGED ?
				_("the pre-push guard is not bilan's: a plain 'git push' may not be "
				  "checked for private content") :
				_("the pre-push guard is not executable: git does not run it"));
			hint(f, "%s", gd.role == BILAN_GUARD_BENEFICIARY ?
			     _("'bilan sync' installs it again") :
			     _("remove .git/hooks/pre-push; 'bilan sync' then installs bilan's"));
		}
	}
	bilan_share_guard_clear(&gd);

	/* uncommitted */
	struct bilan_repo *repo = NULL;
	struct bilan_status_list st = { NULL, 0, 0 };
	struct bilan_error serr = BILAN_ERROR_INIT;
	if (bilan_repo_open(&repo, ws->root, &serr) == 0) {
		struct bilan_error berr = BILAN_ERROR_INIT;
		if (bilan_repo_head_branch(repo, NULL, &berr) < 0) {
			f = add(out, BILAN_SEV_ERROR, "branch", ".git/HEAD", "%s", berr.message);
			hint(f, _("every bilan command that records work refuses until then: "
				  "'git switch main' (after 'git stash' if git asks)"));
		}
	}
	if (repo && bilan_repo_status(repo, &st, &serr) == 0) {
		for (size_t i = 0; i < st.n; i++) {
			const char *p = st.v[i].path;
			switch (st.v[i].change) {
			case BILAN_CHANGE_NEW:
				f = add(out, BILAN_SEV_WARNING, "uncommitted", p,
					_("a new file that is not saved in the history"));
				hint(f, _("'bilan save' records it (after 'bilan check')"));
				break;
			case BILAN_CHANGE_MODIFIED:
				f = add(out, BILAN_SEV_WARNING, "uncommitted", p,
					_("changed by hand and not saved in the history"));
				hint(f, _("'bilan save' records it (after 'bilan check'); "
					  "bilan will not rewrite it until then"));
				break;
			case BILAN_CHANGE_DELETED:
				f = add(out, BILAN_SEV_WARNING, "uncommitted", p,
					_("deleted by hand and not saved in the history"));
				hint(f, _("'bilan save' records the removal; 'git checkout -- %s' "
					  "brings the file back"), p);
				break;
			}
		}
	} else if (serr.code) {
		f = add(out, BILAN_SEV_ERROR, "uncommitted", NULL, "%s", serr.message);
	}
	/* twin: one entry in two files.  A move interrupted between its
	 * write and its removal leaves the new file (not in the history, or
	 * changed) next to the old one (as committed): the new one is the
	 * newer text, kept; anything else is left to the person. */
	for (size_t i = 0; i < st.n; i++) {
		if (st.v[i].change == BILAN_CHANGE_DELETED)
			continue;
		struct bilan_strlist tw = BILAN_STRLIST_INIT;
		if (bilan_check_twins(ws, st.v[i].path, &tw) == 1) {
			bool old_clean = true;
			for (size_t k = 0; k < st.n; k++)
				if (!strcmp(st.v[k].path, tw.v[0]))
					old_clean = false;
			struct bilan_diags d = BILAN_DIAGS_INIT;
			size_t errs = bilan_check_file(ws, st.v[i].path, false, &d);
			bilan_diags_clear(&d);
			if (old_clean && errs == 1) {
				f = add(out, BILAN_SEV_ERROR, "twin", st.v[i].path,
					_("an interrupted move: this is the newer text of the entry "
					  "still also in '%s'"), tw.v[0]);
				hint(f, _("'bilan doctor --fix' keeps this one and removes '%s', "
					  "in one commit"), tw.v[0]);
				f->fixable = true;
				for (size_t k = 0; k < out->n; k++)
					if ((!strcmp(out->v[k].check, "schema") ||
					     !strcmp(out->v[k].check, "uncommitted")) && out->v[k].file &&
					    (!strcmp(out->v[k].file, st.v[i].path) ||
					     !strcmp(out->v[k].file, tw.v[0])))
						out->v[k].fixable = true;
				bilan_strlist_add(&fx.twins, st.v[i].path);
				bilan_strlist_add(&fx.twins, tw.v[0]);
			}
		}
		bilan_strlist_clear(&tw);
	}
	bilan_status_list_clear(&st);
	bilan_repo_free(repo);

	/* the walk: orphans, permissions, privacy (but the file versions
	 * accepted with 'bilan share accept') */
	struct bilan_share_state sst;
	if (bilan_share_state_load(&sst, ws->gitdir, NULL) < 0)
		memset(&sst, 0, sizeof(sst));
	int root_fd = open(ws->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root_fd >= 0)
		walk(&ents, root_fd, "", 0);
	if (ents.n)
		qsort(ents.v, ents.n, sizeof(*ents.v), cmp_entry);
	struct stat rst;
	if (stat(ws->root, &rst) == 0 && (rst.st_mode & 077)) {
		f = add(out, BILAN_SEV_WARNING, "permissions", ".",
			_("the workspace folder has mode %04o: others may read it (expected 0700)"),
			(unsigned)(rst.st_mode & 07777));
		hint(f, _("'bilan doctor --fix' makes it private"));
		f->fixable = true;
		bilan_strlist_add(&fx.chmods, "");
	}
	for (size_t i = 0; i < ents.n; i++) {
		const char *rel = ents.v[i].rel;
		mode_t m = ents.v[i].mode;
		if (S_ISLNK(m)) {
			f = add(out, BILAN_SEV_WARNING, "orphan", rel,
				_("a symbolic link: bilan never writes through it"));
			hint(f, _("replace it with the file itself if bilan should manage it"));
			continue;
		}
		if (S_ISREG(m) && is_write_temporary(rel) && !ls.held) {
			char *target = temporary_target(rel);
			switch (classify_temporary(ws, rel, target)) {
			case TEMP_SAME:
				f = add(out, BILAN_SEV_WARNING, "orphan", rel,
					_("a temporary file of an interrupted write"));
				hint(f, _("'bilan doctor --fix' removes it (the file it was for holds the same content)"));
				f->fixable = true;
				bilan_strlist_add(&fx.temporaries, rel);
				break;
			case TEMP_ONLY_COPY:
				f = add(out, BILAN_SEV_WARNING, "orphan", rel,
					_("an interrupted write holds the only copy of '%s'"), target);
				hint(f, _("'bilan doctor --fix' puts it in place; then 'bilan check' and 'bilan save'"));
				f->fixable = true;
				bilan_strlist_add(&fx.restores, rel);
				break;
			case TEMP_UNSURE:
				f = add(out, BILAN_SEV_WARNING, "orphan", rel,
					_("an interrupted write may hold the only copy of '%s', perhaps cut short: left alone"),
					target);
				hint(f, _("look at it; rename it to '%s' if it is whole, or delete it"), target);
				break;
			case TEMP_OTHER:
				f = add(out, BILAN_SEV_WARNING, "orphan", rel,
					_("an interrupted write holds a change to '%s' that was never made: left alone"),
					target);
				hint(f, _("compare the two; keep what you need in '%s', then delete this one"), target);
				break;
			}
			free(target);
			continue;
		}
		bool bad = S_ISDIR(m) ? (m & 077) != 0 : S_ISREG(m) && (m & 0177) != 0;
		if (bad) {
			f = add(out, BILAN_SEV_WARNING, "permissions", rel,
				S_ISDIR(m) ? _("folder mode %04o, expected 0700") :
					     _("file mode %04o, expected 0600"),
				(unsigned)(m & 07777));
			hint(f, _("'bilan doctor --fix' sets it"));
			f->fixable = true;
			bilan_strlist_add(&fx.chmods, rel);
		}
		if (S_ISREG(m) && !is_private(rel) && strncmp(rel, ".git/", 5) != 0 &&
		    strcmp(rel, BILAN_CONFIG_FILE) != 0 && strcmp(rel, "partage.yaml") != 0 &&
		    !bilan_conflict_is_own_file(rel) && !is_write_temporary(rel))
			check_privacy_file(out, ws, rel, &sst.accepted);
	}

	/* first what blocks the lock itself (apply_fixes takes it) */
	if (fix && ls.bogus) {
		char *p = bilan_xasprintf("%s/bilan.lock", ws->gitdir);
		if (bilan_lock_clear_bogus(p, NULL) == 0)
			mark_fixed(out, "lock", ".git/bilan.lock");
		free(p);
	}
	if (fix && !ls.held && (fx.lock || fx.git_locks.n || fx.obj_tmps.n || fx.temporaries.n || fx.restores.n ||
				fx.chmods.n || fx.pack || fx.twins.n))
		rc = apply_fixes(out, res, ws, &fx, err);
	else if (fix && ls.held)
		rc = bilan_error_set(err, BILAN_ELOCKED,
				     _("a bilan command is running: nothing was fixed"));

	for (size_t i = 0; i < out->n; i++) {
		if (out->v[i].fixed)
			res->fixed++;
		else if (out->v[i].severity == BILAN_SEV_ERROR)
			res->errors++;
		else
			res->warnings++;
	}
	bilan_share_state_clear(&sst);
	entries_free(&ents);
	bilan_strlist_clear(&ls.git_locks);
	bilan_strlist_clear(&fx.git_locks);
	bilan_strlist_clear(&fx.obj_tmps);
	bilan_strlist_clear(&fx.temporaries);
	bilan_strlist_clear(&fx.restores);
	bilan_strlist_clear(&fx.chmods);
	bilan_strlist_clear(&fx.twins);
	return rc;
}
