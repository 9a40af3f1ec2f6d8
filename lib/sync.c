/* sync.c - fetch, merge, push, clone, backup, restore, forget (see sync.h). */
#include "sync.h"
#include "owner.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <git2.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "fs.h"
#include "git.h"
#include "i18n.h"
#include "merge.h"
#include "remote-callbacks.h"
#include "share.h"
#include "text.h"
#include "vcs.h"

#define CONSULTANT_REMOTE "origin"
#define ATTEMPTS 3
/* A ref lock a live libgit2 holds for milliseconds; one still there after
 * this long was left by a killed process (see clear_stale_lock_in). */
#define LOCK_GRACE_MS 3000
/* A ref lock in a remote repository on disk is another machine's business:
 * it is removed only when older than this (bilan-sync(1)), which no push
 * in progress reaches, even on a slow disk or server; a younger one stops
 * the sync with "try again later" (75).  File ages keep the real clock. */
#define REMOTE_LOCK_STALE_S 600

/* libgit2's last message, neutralised (lib/git.h). */
#define lg2_msg bilan_git_message

/* A failure of libgit2 where none of its specific codes can occur. */
static int lg2_fail(struct bilan_error *err, const char *what)
{
	return bilan_git_fail(err, GIT_ERROR, "%s", what);
}

/* libgit2 1.5.1 leaks a PCRE2 match block for every configuration entry
 * that a regular expression does not match (git_regexp_match returns before
 * freeing it), and looking a remote up scans the whole configuration for
 * url.*.insteadOf that way.  So remotes are made in memory, from the URL
 * read with a plain lookup, without insteadOf, and always used with
 * explicit refspecs. */
static int remote_url(char **out, git_repository *repo, const char *name,
		      struct bilan_error *err)
{
	git_config *cfg = NULL;
	git_buf b = { 0 };
	char *key = bilan_xasprintf("remote.%s.url", name);
	int rc = 0;
	*out = NULL;
	if (git_repository_config_snapshot(&cfg, repo) < 0 ||
	    git_config_get_string_buf(&b, cfg, key) < 0) {
		rc = bilan_error_set(err, BILAN_EFAIL, _("no remote '%s' is configured"), name);
		bilan_error_hint(err, _("'bilan share init URL --to NAME' sets it"));
	} else {
		*out = bilan_xstrdup(b.ptr);
	}
	git_buf_dispose(&b);
	git_config_free(cfg);
	free(key);
	return rc;
}

static int remote_new(git_remote **out, git_repository *repo, const char *url,
		      struct bilan_error *err)
{
	git_remote_create_options o;
	git_remote_create_options_init(&o, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	o.repository = repo;
	o.name = NULL;
	o.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	if (git_remote_create_with_opts(out, url, &o) < 0)
		return lg2_fail(err, _("cannot use the remote"));
	return 0;
}

/* The remote-tracking ref of a remote's main. */
static char *tracking_ref(const char *name)
{
	return bilan_xasprintf("refs/remotes/%s/main", name);
}

/* A push to a repository on disk updates its refs in this process: killed
 * at that moment (kill -9, power cut), it leaves "refs/heads/main.lock"
 * there, and every later push fails.  A live pusher holds such a lock for
 * milliseconds; one still there after LOCK_GRACE_MS is stale and goes. */

/* If msg is libgit2's "failed to lock file 'ROOT/....lock'" (or "failed to
 * create locked file '...'") about a file
 * under root, wait up to grace_ms for it to go, then remove it.  True when
 * the lock is gone (its live holder finished, or it was removed): the
 * caller tries again. */
struct young_lock {
	char *path;        /* a lock left in place: held, or younger than the stale age */
	long long age_s;
	long holder;       /* pid of a process here that has it open, or 0 */
};

/* Is the file st open in a process of this computer?  1 yes (*pid), 0 no,
 * -1 cannot tell: the file is another user's and we cannot see their
 * processes (the creator of a lock file owns it, so for our own locks
 * our own processes are enough). */
static int held_open(const struct stat *st, long *pid)
{
	*pid = 0;
	bool all = geteuid() == 0;
	if (!all && st->st_uid != geteuid())
		return -1;
	DIR *proc = opendir("/proc");
	if (!proc)
		return -1;
	int found = 0;
	for (struct dirent *p; !found && (p = readdir(proc));) {
		char *end = NULL;
		long id = strtol(p->d_name, &end, 10);
		if (!end || *end || id <= 0)
			continue;
		char *fds = bilan_xasprintf("/proc/%s/fd", p->d_name);
		DIR *d = opendir(fds);
		for (struct dirent *f; d && !found && (f = readdir(d));) {
			if (f->d_name[0] == '.')
				continue;
			char *fp = bilan_xasprintf("%s/%s", fds, f->d_name);
			struct stat fst;
			if (stat(fp, &fst) == 0 && fst.st_dev == st->st_dev && fst.st_ino == st->st_ino) {
				found = 1;
				*pid = id;
			}
			free(fp);
		}
		if (d)
			closedir(d);
		free(fds);
	}
	closedir(proc);
	return found;
}

/* A file system shared with other computers (their processes cannot be
 * seen from here). */
static bool on_network_fs(const char *path)
{
	struct statfs sf;
	if (statfs(path, &sf) < 0)
		return true;
	switch ((unsigned long)sf.f_type) {
	case 0x6969UL:       /* NFS */
	case 0x517BUL:       /* SMB */
	case 0xFF534D42UL:   /* CIFS */
	case 0xFE534D42UL:   /* SMB2 */
	case 0x65735546UL:   /* FUSE (sshfs, ...) */
	case 0x00C36400UL:   /* Ceph */
	case 0x5346414FUL:   /* AFS */
	case 0x01021997UL:   /* 9p */
	case 0x73757245UL:   /* Coda */
	case 0x47504653UL:   /* GPFS */
	case 0x0BD00BD0UL:   /* Lustre */
		return true;
	default:
		return false;
	}
}

static bool clear_stale_lock_in_aged(const char *root_in, const char *msg, int grace_ms,
				     long long stale_s, struct young_lock *young);

static bool clear_stale_lock_in(const char *root_in, const char *msg, int grace_ms)
{
	return clear_stale_lock_in_aged(root_in, msg, grace_ms, 0, NULL);
}

/* The same; with stale_s > 0 (a remote on disk), a lock still there after
 * grace_ms is never removed while a process here has it open; otherwise it
 * is removed when its holder is known to be gone (a local file system, no
 * process has it open) or when its last change is at least stale_s old;
 * a lock left in place is named in *young. */
static bool clear_stale_lock_in_aged(const char *root_in, const char *msg, int grace_ms,
				     long long stale_s, struct young_lock *young)
{
	/* libgit2 says either (filebuf.c) */
	static const char *const pats[] = { "failed to lock file '", "failed to create locked file '" };
	const char *p = NULL;
	for (size_t i = 0; msg && !p && i < sizeof(pats) / sizeof(pats[0]); i++)
		if ((p = strstr(msg, pats[i])))
			p += strlen(pats[i]);
	if (!p)
		return false;
	const char *q = strchr(p, '\'');
	if (!q)
		return false;
	char *lock = bilan_xstrndup(p, (size_t)(q - p));
	char *root = realpath(root_in, NULL);
	size_t n = strlen(lock);
	bool ok = root && n > 5 && !strcmp(lock + n - 5, ".lock") &&
		  !strncmp(lock, root, strlen(root)) && lock[strlen(root)] == '/' &&
		  !strstr(lock, "/../");
	if (ok) {
		struct stat st;
		for (int waited = 0; waited < grace_ms && lstat(lock, &st) == 0; waited += 100) {
			struct timespec ts = { 0, 100 * 1000000L };
			nanosleep(&ts, NULL);
		}
		long long age = 0;
		long pid = 0;
		int open_here = 0;
		bool keep = false;
		if (lstat(lock, &st) == 0 && stale_s > 0 && S_ISREG(st.st_mode)) {
			/* a file's age: in its file system's time (fs.h) */
			char *dir = bilan_xstrdup(lock);
			char *slash = strrchr(dir, '/');
			if (slash)
				*slash = '\0';
			age = (long long)(bilan_fs_now_ns(slash ? dir : ".") / 1000000000) -
			      (long long)st.st_mtime;
			free(dir);
			open_here = held_open(&st, &pid);
			keep = open_here == 1 ||
			       ((open_here < 0 || on_network_fs(lock)) && age < stale_s);
		}
		if (keep) {
			if (young) {
				free(young->path);
				young->path = bilan_xstrdup(lock);
				young->age_s = age < 0 ? 0 : age;
				young->holder = pid;
			}
			ok = false;
		} else if (lstat(lock, &st) == 0)
			ok = S_ISREG(st.st_mode) && unlink(lock) == 0;
		else
			ok = errno == ENOENT;   /* a live holder, done now */
	}
	free(root);
	free(lock);
	return ok;
}

static int remote_within_limits(git_repository *repo, git_tree *theirs, const char *url,
				struct bilan_error *err);

/* Fetch the remote's main into refs/remotes/NAME/main.  No lock is held. */
static int do_fetch(git_repository *repo, const char *name, const struct bilan_sync_opts *opts,
		    struct bilan_error *err)
{
	git_remote *remote = NULL;
	git_fetch_options fo;
	struct bilan_net n;
	char *url = NULL;
	int e, rc;
	if ((rc = remote_url(&url, repo, name, err)) < 0)
		return rc;
	bilan_net_init(&n, opts, url);
	n.limit_fetch = true;
	if (bilan_url_is_local(url)) {
		const char *p = !strncmp(url, "file://", 7) ? url + 7 : url;
		if (!bilan_fs_is_dir(p)) {
			bilan_error_set(err, BILAN_EFAIL, _("no repository at '%s'"), url);
			bilan_error_hint(err, _("check the address given to 'bilan share init'"));
			free(url);
			return BILAN_EFAIL;
		}
		/* a remote on disk is read in place: its limits are checked
		 * before anything is copied (a transfer would load a large
		 * file whole) */
		git_repository *there = NULL;
		git_commit *head = NULL;
		git_tree *tree = NULL;
		git_oid hid;
		/* not git_revparse_single: libgit2 1.5.1 leaks a reference when
		 * it cannot peel a corrupted object */
		if (git_repository_open_ext(&there, p, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0 &&
		    git_reference_name_to_id(&hid, there, "refs/heads/main") == 0 &&
		    git_commit_lookup(&head, there, &hid) == 0 &&
		    git_commit_tree(&tree, head) == 0) {
			char *safe_url = bilan_text_name(url);
			rc = remote_within_limits(there, tree, safe_url, err);
			free(safe_url);
		}
		git_tree_free(tree);
		git_commit_free(head);
		git_repository_free(there);
		git_error_clear();
		if (rc < 0) {
			free(url);
			return rc;
		}
	}
	if ((rc = remote_new(&remote, repo, url, err)) < 0) {
		free(url);
		return rc;
	}
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	bilan_net_set_callbacks(&fo.callbacks, &n);
	fo.prune = GIT_FETCH_NO_PRUNE;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	fo.update_fetchhead = 0;
	char *spec = bilan_xasprintf("+refs/heads/main:refs/remotes/%s/main", name);
	git_strarray specs = { &spec, 1 };
	e = git_remote_fetch(remote, &specs, &fo, NULL);
	/* a fetch killed while it updated the tracking ref leaves its lock */
	if (e < 0 && clear_stale_lock_in(git_repository_path(repo), lg2_msg(), LOCK_GRACE_MS)) {
		bilan_net_init(&n, opts, url);
		n.limit_fetch = true;
		e = git_remote_fetch(remote, &specs, &fo, NULL);
	}
	rc = e < 0 ? bilan_net_fail(err, e, &n, url) : 0;
	free(spec);
	git_remote_free(remote);
	free(url);
	return rc;
}

/* Push refspecs; *rejected set when the remote refused a ref (non-fast-forward). */
static bool clear_stale_ref_lock(const char *url, const char *msg, struct young_lock *young)
{
	if (!bilan_url_is_local(url))
		return false;
	return clear_stale_lock_in_aged(!strncmp(url, "file://", 7) ? url + 7 : url, msg,
					LOCK_GRACE_MS, REMOTE_LOCK_STALE_S, young);
}

struct walk_ctx {
	git_repository *repo;
	bool bad;
};

static int read_entry_cb(const char *root, const git_tree_entry *te, void *payload)
{
	struct walk_ctx *c = payload;
	git_object *o = NULL;
	(void)root;
	if (git_tree_entry_type(te) == GIT_OBJECT_COMMIT)
		return 0;   /* a submodule: not ours */
	if (git_tree_entry_to_object(&o, c->repo, te) < 0) {
		c->bad = true;
		return -1;
	}
	git_object_free(o);
	return 0;
}

/* After a failed push: can every object it had to send be read here?
 * (the commits of src not on any remote-tracking ref, their trees and
 * files).  A damaged one is this workspace's problem, not the remote's. */
static bool local_objects_damaged(git_repository *repo, const char *const *specs, size_t nspecs)
{
	git_revwalk *walk = NULL;
	struct walk_ctx c = { repo, false };
	git_oid id;
	if (git_revwalk_new(&walk, repo) < 0)
		return false;
	for (size_t i = 0; i < nspecs; i++) {
		const char *src = specs[i][0] == '+' ? specs[i] + 1 : specs[i];
		char *name = bilan_xstrndup(src, strcspn(src, ":"));
		if (git_reference_name_to_id(&id, repo, name) == 0 && git_revwalk_push(walk, &id) < 0)
			c.bad = true;
		free(name);
	}
	git_revwalk_hide_glob(walk, "refs/remotes/*");
	int e;
	while (!c.bad && (e = git_revwalk_next(&id, walk)) != GIT_ITEROVER) {
		git_commit *cm = NULL;
		git_tree *t = NULL;
		if (e < 0 || git_commit_lookup(&cm, repo, &id) < 0 || git_commit_tree(&t, cm) < 0 ||
		    git_tree_walk(t, GIT_TREEWALK_PRE, read_entry_cb, &c) < 0)
			c.bad = true;
		git_tree_free(t);
		git_commit_free(cm);
	}
	git_revwalk_free(walk);
	return c.bad;
}

static int do_push(git_remote *remote, const char *const *specs, size_t nspecs,
		   const struct bilan_sync_opts *opts, bool *nonff, struct bilan_error *err)
{
	git_push_options po;
	struct bilan_net n;
	const char *url = git_remote_url(remote);
	git_strarray arr = { (char **)(uintptr_t)specs, nspecs };
	int e;
	struct young_lock young = { NULL, 0, 0 };
	if (nonff)
		*nonff = false;
	for (int attempt = 0;; attempt++) {
		bilan_net_init(&n, opts, url);
		git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
		bilan_net_set_callbacks(&po.callbacks, &n);
		e = git_remote_push(remote, &arr, &po);
		const char *m = e < 0 ? lg2_msg() : n.rejected;
		/* a lock in the remote on disk, or here (libgit2 updates the
		 * remote-tracking ref after a push; a concurrent fetch may
		 * hold it a moment) */
		if (attempt < 2 && (e < 0 || n.rejected[0]) &&
		    (clear_stale_ref_lock(url, m, &young) ||
		     clear_stale_lock_in(git_repository_path(git_remote_owner(remote)), m,
					 LOCK_GRACE_MS)))
			continue;
		break;
	}
	if ((e < 0 || n.rejected[0]) && young.path) {
		/* a push in progress, perhaps: never broken */
		if (young.holder)
			bilan_error_set(err, BILAN_EAGAIN,
					_("the remote '%s' is locked by another push: '%s' is held by process %ld"),
					url, young.path, young.holder);
		else
			bilan_error_set(err, BILAN_EAGAIN,
					_("the remote '%s' is locked by another push, perhaps from another computer: '%s' changed %lld s ago"),
					url, young.path, young.age_s);
		bilan_error_hint(err, _("nothing was sent; run 'bilan sync' again later (a lock that no "
					"process here holds is removed at once on this computer's disks, "
					"after %d minutes on a shared one)"),
				 REMOTE_LOCK_STALE_S / 60);
		free(young.path);
		return BILAN_EAGAIN;
	}
	free(young.path);
	if (e < 0) {
		const char *m = lg2_msg();
		/* "non-fast-forward" (network), "cannot push
		 * non-fastforwardable reference" (a remote on disk) */
		if (nonff && (strstr(m, "non-fast-forward") || strstr(m, "non-fastforwardable") ||
			      strstr(m, "not present locally") || strstr(m, "fetch first"))) {
			*nonff = true;
			return 0;
		}
		char *why = bilan_xstrdup(lg2_msg());
		if (local_objects_damaged(git_remote_owner(remote), specs, nspecs)) {
			bilan_error_set(err, BILAN_EFAIL,
					_("a git object of this workspace is damaged (%s): nothing was sent"), why);
			bilan_error_hint(err, _("'bilan doctor' tells which; a backup ('bilan backup --restore') or the other side's copy may hold it"));
			free(why);
			return BILAN_EFAIL;
		}
		/* the walk may have replaced libgit2's last error */
		git_error_set_str(GIT_ERROR_NET, why);
		free(why);
		return bilan_net_fail(err, e, &n, url);
	}
	if (n.rejected[0]) {
		if (nonff && (strstr(n.rejected, "non-fast-forward") || strstr(n.rejected, "fetch first") ||
			      strstr(n.rejected, "stale"))) {
			*nonff = true;
			return 0;
		}
		char *why = bilan_text_name(n.rejected);
		bilan_error_set(err, BILAN_EFAIL, _("the remote '%s' refused the push (%s)"), url, why);
		free(why);
		return BILAN_EFAIL;
	}
	return 0;
}

/* Push one refspec to the remote NAME; on success the remote-tracking ref
 * of its main follows (a push does not update it for an in-memory remote). */
static int push_named(git_repository *repo, const char *name, const char *spec,
		      const struct bilan_sync_opts *opts, bool *nonff, struct bilan_error *err)
{
	git_remote *remote = NULL;
	char *url = NULL;
	int rc = remote_url(&url, repo, name, err);
	if (rc < 0)
		return rc;
	if ((rc = remote_new(&remote, repo, url, err)) < 0) {
		free(url);
		return rc;
	}
	const char *specs[1] = { spec };
	rc = do_push(remote, specs, 1, opts, nonff, err);
	if (rc == 0 && !(nonff && *nonff)) {
		/* src of "[+]src:refs/heads/main" */
		const char *src = spec[0] == '+' ? spec + 1 : spec;
		char *s2 = bilan_xstrndup(src, strcspn(src, ":"));
		git_oid id;
		git_reference *ref = NULL;
		char *track = tracking_ref(name);
		if (git_reference_name_to_id(&id, repo, s2) == 0)
			git_reference_create(&ref, repo, track, &id, 1, "bilan: pushed");
		git_reference_free(ref);
		free(track);
		free(s2);
	}
	git_remote_free(remote);
	free(url);
	return rc;
}

/* ------------------------------------------------------------------ */
/* helpers */

static int open_repo(git_repository **out, const char *root, struct bilan_error *err)
{
	bilan_git_init();
	if (git_repository_open_ext(out, root, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return lg2_fail(err, _("cannot open the repository"));
	return 0;
}

/* true when the ref exists (its target in *out). */
static bool ref_id(git_oid *out, git_repository *repo, const char *name)
{
	return git_reference_name_to_id(out, repo, name) == 0;
}

static char *now_iso(const struct bilan_sync_opts *opts)
{
	struct bilan_time t = bilan_time_now();
	if (opts && opts->now)
		t.t = opts->now;
	char buf[BILAN_TIME_ISO_MAX];
	bilan_time_format_iso(buf, &t);
	return bilan_xstrdup(buf);
}

struct version {
	git_blob *blob;
	struct bilan_blob b;
};

/* false when the file is there but cannot be read (a damaged object). */
static bool version_of(struct version *v, git_repository *repo, git_tree *tree, const char *path)
{
	git_tree_entry *te = NULL;
	bool ok = true;
	memset(v, 0, sizeof(*v));
	if (!tree || git_tree_entry_bypath(&te, tree, path) < 0)
		return true;
	if (git_tree_entry_type(te) == GIT_OBJECT_BLOB) {
		if (git_blob_lookup(&v->blob, repo, git_tree_entry_id(te)) == 0) {
			v->b.data = git_blob_rawcontent(v->blob);
			v->b.len = (size_t)git_blob_rawsize(v->blob);
			if (!v->b.data)
				v->b.data = "";
		} else {
			ok = false;
		}
	}
	git_tree_entry_free(te);
	return ok;
}

/* A damaged object of this repository (or of a remote on disk, which
 * libgit2 reads in place). */
static int damaged(struct bilan_error *err)
{
	bilan_error_set(err, BILAN_EFAIL, _("a git object is damaged (%s); nothing was changed"),
			lg2_msg());
	bilan_error_hint(err, _("'bilan doctor' tells which; a backup ('bilan backup --restore') or the other side's copy may hold it"));
	return BILAN_EFAIL;
}

/* A path from a remote must never reach .git, leave the workspace or be a
 * hidden trick. */
static bool safe_remote_path(const char *p)
{
	if (!bilan_fs_rel_path_ok(p))
		return false;
	const char *s = p;
	for (;;) {
		size_t n = strcspn(s, "/");
		if (n == 4 && !strncasecmp(s, ".git", 4))
			return false;
		if (!s[n])
			break;
		s += n + 1;
	}
	return true;
}

struct written {
	struct bilan_strlist paths;
	struct bilan_strlist contents;   /* NULL entry (stored as "") not used */
	bool *deleted;
	size_t alloc;
};

static void written_add(struct written *w, const char *path, const char *data, size_t len,
			bool deleted)
{
	bilan_strlist_add(&w->paths, path);
	bilan_strlist_add_owned(&w->contents, deleted ? bilan_xstrdup("") : bilan_xstrndup(data, len));
	if (w->paths.n > w->alloc) {
		w->alloc = w->paths.n * 2;
		w->deleted = bilan_xrealloc(w->deleted, w->alloc * sizeof(bool));
	}
	w->deleted[w->paths.n - 1] = deleted;
}

static void written_free(struct written *w)
{
	bilan_strlist_clear(&w->paths);
	bilan_strlist_clear(&w->contents);
	free(w->deleted);
	memset(w, 0, sizeof(*w));
}

static int ws_put(struct bilan_ws *ws, struct written *w, const char *path,
		  const char *data, size_t len, struct bilan_error *err)
{
	int rc = bilan_ws_write_raw(ws, path, data, len, err);
	if (rc == 0)
		written_add(w, path, data, len, false);
	return rc;
}

static int ws_del(struct bilan_ws *ws, struct written *w, const char *path,
		  struct bilan_error *err)
{
	int rc = bilan_ws_remove(ws, path, err);
	if (rc == 0)
		written_add(w, path, NULL, 0, true);
	return rc;
}

/* Make path in the working tree what it is in theirs (a deletion when
 * theirs lacks it), unless ours already has it so. */
static int take_theirs(struct bilan_ws *ws, git_repository *repo, git_tree *ours,
		       git_tree *theirs, const char *path, struct written *w,
		       struct bilan_error *err)
{
	struct version vo, vt;
	int rc = 0;
	if (!version_of(&vo, repo, ours, path) || !version_of(&vt, repo, theirs, path))
		rc = damaged(err);
	else if (!vt.b.data) {
		if (vo.b.data)
			rc = ws_del(ws, w, path, err);
	} else if (!vo.b.data || vo.b.len != vt.b.len || memcmp(vo.b.data, vt.b.data, vt.b.len)) {
		rc = ws_put(ws, w, path, vt.b.data, vt.b.len, err);
	}
	git_blob_free(vo.blob);
	git_blob_free(vt.blob);
	return rc;
}

/* Apply to the working tree what changed between base and theirs, merged
 * with ours (main's committed version).  Inside an open transaction. */
struct limits_ctx {
	git_odb *odb;
	size_t files;
	char *bad;           /* the path past a limit */
	int what;            /* 1 size, 2 count, 3 depth, 4 unreadable */
	size_t size;
};

static int limits_cb(const char *root, const git_tree_entry *te, void *payload)
{
	struct limits_ctx *c = payload;
	size_t depth = 1;
	for (const char *p = root; *p; p++)
		depth += *p == '/';
	if (depth > BILAN_REMOTE_MAX_DEPTH) {
		c->what = 3;
		c->bad = bilan_xasprintf("%s%s", root, git_tree_entry_name(te));
		return -1;
	}
	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB)
		return 0;
	if (++c->files > BILAN_REMOTE_MAX_FILES) {
		c->what = 2;
		c->bad = bilan_xasprintf("%s%s", root, git_tree_entry_name(te));
		return -1;
	}
	size_t len = 0;
	git_object_t type;
	if (git_odb_read_header(&len, &type, c->odb, git_tree_entry_id(te)) < 0) {
		c->what = 4;
		c->bad = bilan_xasprintf("%s%s", root, git_tree_entry_name(te));
		return -1;
	}
	if (len > BILAN_REMOTE_MAX_FILE) {
		c->what = 1;
		c->size = len;
		c->bad = bilan_xasprintf("%s%s", root, git_tree_entry_name(te));
		return -1;
	}
	return 0;
}

/* What a remote holds must stay within the limits of sync.h before
 * anything of it is read: the size of each file (read from the object's
 * header, not loaded), their number, the depth of folders.  BILAN_EFAIL
 * naming the first file past one (nothing changed here). */
static int remote_within_limits(git_repository *repo, git_tree *theirs, const char *url,
				struct bilan_error *err)
{
	struct limits_ctx c = { NULL, 0, NULL, 0, 0 };
	if (!theirs)
		return 0;
	if (git_repository_odb(&c.odb, repo) < 0)
		return lg2_fail(err, _("cannot read the remote's files"));
	int e = git_tree_walk(theirs, GIT_TREEWALK_PRE, limits_cb, &c);
	git_odb_free(c.odb);
	if (e >= 0 && !c.bad)
		return 0;
	if (!c.bad)
		return lg2_fail(err, _("cannot read the remote's files"));
	if (c.what == 4) {
		free(c.bad);
		return damaged(err);
	}
	char *name = bilan_text_name(c.bad);
	free(c.bad);
	if (c.what == 1)
		bilan_error_set(err, BILAN_EFAIL,
				_("the remote '%s' holds '%s', a file of %zu MiB: bilan takes files of at most %u MiB from a remote"),
				url, name, c.size >> 20, BILAN_REMOTE_MAX_FILE >> 20);
	else if (c.what == 2)
		bilan_error_set(err, BILAN_EFAIL,
				_("the remote '%s' holds more than %u files: refused"), url,
				BILAN_REMOTE_MAX_FILES);
	else
		bilan_error_set(err, BILAN_EFAIL,
				_("the remote '%s' holds '%s', more than %u folders deep: refused"), url,
				name, BILAN_REMOTE_MAX_DEPTH);
	bilan_error_hint(err, _("nothing was changed here; ask who added it to remove it from the "
				"remote (limits: bilan-sync(1))"));
	free(name);
	return BILAN_EFAIL;
}

static int apply_remote(struct bilan_ws *ws, git_repository *repo, git_tree *base,
			git_tree *theirs, git_tree *ours, bool beneficiary,
			const struct bilan_strlist *forgotten, struct bilan_conflicts *conf,
			const char *when, struct written *w, struct bilan_sync_report *rep,
			struct bilan_error *err)
{
	git_diff *diff = NULL;
	git_diff_options o;
	int rc = 0;
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	git_remote *rem = NULL;
	const char *rname = beneficiary ? BILAN_SHARE_REMOTE : CONSULTANT_REMOTE;
	bool named = git_remote_lookup(&rem, repo, rname) == 0;
	char *url = bilan_text_name(named && git_remote_url(rem) ? git_remote_url(rem) : rname);
	git_remote_free(rem);
	rc = remote_within_limits(repo, theirs, url, err);
	free(url);
	if (rc < 0)
		return rc;
	/* The format rule (workspace.h): a newer format from the other side
	 * is said, never written over nor taken blindly. */
	struct version vf;
	if (version_of(&vf, repo, theirs, BILAN_CONFIG_FILE) && vf.b.data) {
		struct bilan_doc *d = NULL;
		long long f = 0;
		if (bilan_yaml_load_buffer(&d, BILAN_CONFIG_FILE, vf.b.data, vf.b.len, NULL) == 0 &&
		    bilan_get_int(d, d->root, "format", false, &f, NULL) == 0 && f > BILAN_FORMAT) {
			rep->remote_format = f;
			if (!beneficiary) {
				rc = bilan_error_set(err, BILAN_EFAIL,
						     _("the beneficiary's workspace has format %lld, newer than this bilan understands (%d)"),
						     f, BILAN_FORMAT);
				bilan_error_hint(err, _("nothing was changed here: install a newer bilan, then run 'bilan sync' again"));
			}
		}
		bilan_doc_free(d);
		git_blob_free(vf.blob);
		if (rc < 0)
			return rc;
	}
	if (git_diff_tree_to_tree(&diff, repo, base, theirs, &o) < 0)
		return lg2_fail(err, _("cannot compare with the remote"));
	size_t nd = git_diff_num_deltas(diff);
	for (size_t i = 0; i < nd && rc == 0; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *path = d->status == GIT_DELTA_DELETED ? d->old_file.path : d->new_file.path;
		uint16_t mode = d->status == GIT_DELTA_DELETED ? d->old_file.mode : d->new_file.mode;
		if (!safe_remote_path(path) ||
		    (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)) {
			bilan_strlist_add(&rep->ignored, path);
			continue;
		}
		if (bilan_conflict_is_own_file(path))
			continue;
		if (bilan_share_is_generated(path)) {
			/* Made by the beneficiary's sync from their whole
			 * workspace: not in their main; the consultant's copy
			 * takes them as they are, so that a merge there never
			 * brings back (and sends back) an older report or
			 * summary. */
			if (!beneficiary)
				rc = take_theirs(ws, repo, ours, theirs, path, w, err);
			continue;
		}
		if (beneficiary && (!bilan_share_path_shared(path, forgotten) ||
				    !strcmp(path, BILAN_SHARE_FILE))) {
			bilan_strlist_add(&rep->ignored, path);
			continue;
		}
		struct version vb, vo, vt;
		bool readable = version_of(&vb, repo, base, path);
		readable &= version_of(&vo, repo, ours, path);
		readable &= version_of(&vt, repo, theirs, path);
		struct bilan_merge_result r;
		memset(&r, 0, sizeof(r));
		/* Who may change what (owner.h): the change comes from the
		 * other side of this merge, whatever its commits' authors
		 * say; one the other party does not own is not applied. */
		enum bilan_party from = beneficiary ? BILAN_PARTY_CONSULTANT
						    : BILAN_PARTY_BENEFICIARY;
		if (readable && !bilan_owner_allows(path, from, vb.b, vt.b)) {
			bilan_strlist_add(&rep->refused, path);
			git_blob_free(vb.blob);
			git_blob_free(vo.blob);
			git_blob_free(vt.blob);
			continue;
		}
		if (readable)
			bilan_merge_file(&r, path, vb.b, vo.b, vt.b);
		else
			rc = damaged(err);
		switch (readable ? r.outcome : BILAN_MERGE_KEEP_OURS) {
		case BILAN_MERGE_KEEP_OURS:
			break;
		case BILAN_MERGE_TAKE_THEIRS:
			if (r.deleted) {
				if (vo.b.data)
					rc = ws_del(ws, w, path, err);
			} else {
				rc = ws_put(ws, w, path, vt.b.data, vt.b.len, err);
			}
			rep->taken++;
			break;
		case BILAN_MERGE_MERGED:
			rc = ws_put(ws, w, path, r.text.ptr ? r.text.ptr : "", r.text.len, err);
			rep->merged++;
			break;
		case BILAN_MERGE_CONFLICT:
			if (!vt.b.data) {
				/* deleted there, changed here: ours stays */
				bilan_strlist_add(&rep->kept, path);
				break;
			}
			if (!r.deleted && r.text.ptr)
				rc = ws_put(ws, w, path, r.text.ptr, r.text.len, err);
			if (rc == 0) {
				char *copy = bilan_conflict_copy_path(path);
				rc = ws_put(ws, w, copy, vt.b.data, vt.b.len, err);
				free(copy);
			}
			if (rc == 0) {
				bilan_conflicts_add(conf, path, when);
				bilan_strlist_add(&rep->conflicts, path);
			}
			break;
		}
		bilan_buf_clear(&r.text);
		git_blob_free(vb.blob);
		git_blob_free(vo.blob);
		git_blob_free(vt.blob);
	}
	git_diff_free(diff);
	return rc;
}

/* Write the conflicts record when it changed (new entries or closed ones). */
static int write_conflicts(struct bilan_ws *ws, struct written *w, struct bilan_conflicts *conf,
			   bool changed, struct bilan_error *err)
{
	/* entries whose copy we just wrote are open */
	for (size_t i = 0; i < conf->n; i++)
		for (size_t k = 0; k < w->paths.n; k++)
			if (!strcmp(w->paths.v[k], conf->v[i].remote) && !w->deleted[k])
				conf->v[i].open = true;
	changed |= bilan_conflicts_prune(conf);
	if (!changed)
		return 0;
	struct bilan_node *n = bilan_conflicts_node(conf);
	int rc;
	if (n) {
		struct bilan_buf b = BILAN_BUF_INIT;
		rc = bilan_yaml_emit(&b, n, err);
		if (rc == 0)
			rc = ws_put(ws, w, BILAN_CONFLICTS_FILE, b.ptr ? b.ptr : "", b.len, err);
		bilan_buf_clear(&b);
		bilan_node_free(n);
	} else {
		char *abs = bilan_ws_path(ws, BILAN_CONFLICTS_FILE);
		rc = bilan_fs_exists(abs) ? ws_del(ws, w, BILAN_CONFLICTS_FILE, err) : 0;
		free(abs);
	}
	return rc;
}

/* Tree of base with the written files (for the consultant's merge commit). */
static int tree_with(git_oid *out, git_repository *repo, git_tree *base,
		     const struct written *w, struct bilan_error *err)
{
	git_tree_update *ups = bilan_xcalloc(w->paths.n + 1, sizeof(*ups));
	size_t n = 0;
	int rc = 0;
	for (size_t i = 0; i < w->paths.n; i++) {
		if (w->deleted[i]) {
			git_tree_entry *te = NULL;
			if (git_tree_entry_bypath(&te, base, w->paths.v[i]) < 0)
				continue;
			git_tree_entry_free(te);
			ups[n].action = GIT_TREE_UPDATE_REMOVE;
		} else {
			const char *c = w->contents.v[i];
			if (git_blob_create_from_buffer(&ups[n].id, repo, c, strlen(c)) < 0) {
				rc = lg2_fail(err, _("cannot write the merge"));
				goto out;
			}
			ups[n].action = GIT_TREE_UPDATE_UPSERT;
			ups[n].filemode = GIT_FILEMODE_BLOB;
		}
		ups[n].path = w->paths.v[i];
		n++;
	}
	if (git_tree_create_updated(out, repo, base, n, ups) < 0)
		rc = lg2_fail(err, _("cannot write the merge"));
out:
	free(ups);
	return rc;
}

/* A commit of this copy's party: the consultant recorded in a
 * consultant's copy before git's own configuration (owner.h). */
static int party_signature(git_signature **out, git_repository *repo, const struct bilan_ws *ws)
{
	char *name = NULL, *email = NULL;
	bool first = false;
	bilan_ws_identity(&name, &email, &first, ws);
	int e = bilan_vcs_signature(out, repo, !(first && name), name, email);
	free(name);
	free(email);
	return e;
}

static bool is_ancestor(git_repository *repo, const git_oid *anc, const git_oid *of)
{
	return git_oid_equal(anc, of) || git_graph_descendant_of(repo, of, anc) == 1;
}

/* ------------------------------------------------------------------ */
/* the merge step, under the lock */

/* Does a commit of R's history that H does not hold carry the trailer of
 * a history replaced on purpose? */
static bool marked_rewritten(git_repository *repo, const git_oid *R, const git_oid *H)
{
	git_revwalk *walk = NULL;
	git_oid id;
	bool found = false;
	if (git_revwalk_new(&walk, repo) < 0)
		return false;
	if (git_revwalk_push(walk, R) == 0 && git_revwalk_hide(walk, H) == 0) {
		while (!found && git_revwalk_next(&id, walk) == 0) {
			git_commit *c = NULL;
			if (git_commit_lookup(&c, repo, &id) == 0) {
				const char *m = git_commit_message(c);
				found = m && (!strncmp(m, BILAN_SHARE_REWRITTEN_TRAILER,
						       strlen(BILAN_SHARE_REWRITTEN_TRAILER)) ||
					      strstr(m, "\n" BILAN_SHARE_REWRITTEN_TRAILER));
			}
			git_commit_free(c);
		}
	}
	git_revwalk_free(walk);
	return found;
}

/* before: the remote-tracking head before the fetch (consultant), or NULL. */
static int merge_step(git_oid *out_r, bool *out_have_r, struct bilan_ws *ws,
		      git_repository *repo, bool beneficiary,
		      const char *remote_ref, const git_oid *before,
		      const struct bilan_share_state *st,
		      const struct bilan_sync_opts *opts, struct bilan_sync_report *rep,
		      struct bilan_error *err)
{
	git_oid R, P, H, B;
	git_commit *hc = NULL, *rc_ = NULL, *bc = NULL;
	git_tree *ht = NULL, *rt = NULL, *bt = NULL;
	struct bilan_conflicts conf = BILAN_CONFLICTS_INIT;
	struct written w = { BILAN_STRLIST_INIT, BILAN_STRLIST_INIT, NULL, 0 };
	char *when = now_iso(opts);
	int rc = bilan_ws_begin(ws, "sync", err);
	if (rc < 0) {
		free(when);
		return rc;
	}
	bool have_r = ref_id(&R, repo, remote_ref);
	bool have_p = beneficiary && ref_id(&P, repo, BILAN_SHARE_REF);
	/* read once, under the lock: the head merged here (or already held) */
	*out_have_r = have_r;
	if (have_r)
		git_oid_cpy(out_r, &R);
	if (!ref_id(&H, repo, "refs/heads/main")) {
		rc = lg2_fail(err, _("cannot read main"));
		goto out;
	}
	const git_oid *mine = beneficiary ? (have_p ? &P : NULL) : &H;
	bool todo = have_r && (!mine || !is_ancestor(repo, &R, mine));
	if (have_r && beneficiary && st->last_push) {
		git_oid lp;
		if (git_oid_fromstr(&lp, st->last_push) == 0 &&
		    !is_ancestor(repo, &lp, &R) && !(have_p && is_ancestor(repo, &R, &P)))
			rep->rewritten = true;
	}
	if ((rc = bilan_conflicts_load(&conf, ws, err)) < 0)
		goto out;
	/* Consultant: the remote's main no longer holds what it held before
	 * the fetch, and a commit of its new history says that it was
	 * replaced on purpose ('bilan share forget', see share.h): a merge
	 * would bring the old history, and what was withdrawn, back to the
	 * remote.  Their own changes since what they last had from the
	 * remote go on top of the new history instead (one commit whose only
	 * parent is the remote's head); the old history stays in this copy's
	 * reflog.  A remote that
	 * merely lost commits (rewound, or a lost update) still has a common
	 * commit: the ordinary merge then keeps and sends back what it lost. */
	bool rewritten = !beneficiary && todo && before && !is_ancestor(repo, before, &R) &&
			 marked_rewritten(repo, &R, &H);
	if (rewritten)
		rep->rewritten = true;
	/* Consultant: before is the commit their last sync pushed without
	 * their private/ (see consultant_outgoing), so not in main's history
	 * but with all its content in main: what the remote added since is
	 * the difference from it. */
	git_oid lp;
	bool own_outgoing = !beneficiary && before && st->last_push &&
			    git_oid_fromstr(&lp, st->last_push) == 0 && git_oid_equal(&lp, before) &&
			    !is_ancestor(repo, before, &H) && is_ancestor(repo, before, &R);
	if (todo) {
		bool have_b = true;
		if (rewritten)
			have_b = git_merge_base(&B, repo, &H, before) == 0;
		else if (own_outgoing)
			git_oid_cpy(&B, before);
		else
			/* no shared commit yet: what the remote holds of main's
			 * own history is common to both */
			have_b = git_merge_base(&B, repo, mine ? mine : &H, &R) == 0;
		if (git_commit_lookup(&hc, repo, &H) < 0 || git_commit_tree(&ht, hc) < 0 ||
		    git_commit_lookup(&rc_, repo, &R) < 0 || git_commit_tree(&rt, rc_) < 0 ||
		    (have_b && (git_commit_lookup(&bc, repo, &B) < 0 ||
				git_commit_tree(&bt, bc) < 0))) {
			rc = damaged(err);
			goto out;
		}
		rc = apply_remote(ws, repo, bt, rt, ht, beneficiary, &st->forgotten, &conf, when,
				  &w, rep, err);
		if (rc < 0)
			goto out;
	}
	if ((rc = write_conflicts(ws, &w, &conf, rep->conflicts.n > 0, err)) < 0)
		goto out;
	if (!beneficiary && todo) {
		/* The consultant's main: a merge commit (or a fast-forward) so
		 * that the push is a fast-forward of the remote's main. */
		git_oid tid, mid;
		git_tree *nt = NULL;
		git_signature *sig = NULL;
		git_reference *ref = NULL;
		if ((rc = tree_with(&tid, repo, ht, &w, err)) < 0)
			goto out;
		const git_oid *target = NULL;
		if ((rewritten || is_ancestor(repo, &H, &R)) &&
		    git_oid_equal(&tid, git_commit_tree_id(rc_))) {
			target = &R;
		} else {
			const git_commit *two[2] = { hc, rc_ }, *one[1] = { rc_ };
			const git_commit **parents = rewritten ? one : two;
			if (git_tree_lookup(&nt, repo, &tid) < 0 ||
			    party_signature(&sig, repo, ws) < 0 ||
			    git_commit_create(&mid, repo, NULL, sig, sig, NULL,
					      rewritten ? "sync: changes put on top of the remote's new history\n\nBilan-Command: sync\n"
							: "sync: merge the remote's changes\n\nBilan-Command: sync\n",
					      nt, rewritten ? 1 : 2, parents) < 0) {
				git_tree_free(nt);
				git_signature_free(sig);
				rc = lg2_fail(err, _("cannot write the merge"));
				goto out;
			}
			git_tree_free(nt);
			git_signature_free(sig);
			target = &mid;
		}
		if (git_reference_create_matching(&ref, repo, "refs/heads/main", target, 1, &H,
						  "bilan sync: merge") < 0) {
			rc = bilan_error_set(err, BILAN_EAGAIN, _("main moved during the sync: %s"),
					     lg2_msg());
			goto out;
		}
		git_reference_free(ref);
		/* the index follows the written paths; the tree equals HEAD's now */
		rc = bilan_ws_commit(ws, "sync: merge the remote's changes", NULL, err);
		goto out;
	}
	if (w.paths.n) {
		/* the conflicts record and copies are bookkeeping, not files
		 * from the remote */
		size_t from_remote = 0;
		for (size_t i = 0; i < w.paths.n; i++)
			if (!bilan_conflict_is_own_file(w.paths.v[i]))
				from_remote++;
		char *msg = from_remote
				    ? bilan_xasprintf("sync: %zu %s from the remote", from_remote,
						      from_remote == 1 ? "file" : "files")
				    : bilan_xstrdup("sync: closed conflicts dropped from the record");
		rc = bilan_ws_commit(ws, msg, NULL, err);
		free(msg);
	} else {
		bilan_ws_rollback(ws);
	}
out:
	if (rc < 0)
		bilan_ws_rollback(ws);
	bilan_conflicts_clear(&conf);
	written_free(&w);
	git_tree_free(ht);
	git_tree_free(rt);
	git_tree_free(bt);
	git_commit_free(hc);
	git_commit_free(rc_);
	git_commit_free(bc);
	free(when);
	return rc;
}

/* The first forgotten path held by a commit reachable from R and not from
 * P (may be NULL), or NULL. */
static const char *holds_forgotten(git_repository *repo, const git_oid *R, const git_oid *P,
				   const struct bilan_strlist *forgotten)
{
	git_revwalk *walk = NULL;
	git_oid id;
	const char *found = NULL;
	if (!forgotten->n || git_revwalk_new(&walk, repo) < 0)
		return NULL;
	if (git_revwalk_push(walk, R) < 0 || (P && git_revwalk_hide(walk, P) < 0)) {
		git_revwalk_free(walk);
		return NULL;
	}
	while (!found && git_revwalk_next(&id, walk) == 0) {
		git_commit *c = NULL;
		git_tree *t = NULL;
		if (git_commit_lookup(&c, repo, &id) == 0 && git_commit_tree(&t, c) == 0) {
			for (size_t i = 0; i < forgotten->n && !found; i++) {
				git_tree_entry *te = NULL;
				if (git_tree_entry_bypath(&te, t, forgotten->v[i]) == 0)
					found = forgotten->v[i];
				git_tree_entry_free(te);
			}
		}
		git_tree_free(t);
		git_commit_free(c);
	}
	git_revwalk_free(walk);
	return found;
}

/* Build the next partage commit, under the lock.  *out_tip: what to push. */
/* merged: the remote head whose changes merge_step took into main (NULL:
 * none), the only one that may become a parent -- not the tracking ref as
 * it is now: a concurrent sync may have fetched a newer head whose changes
 * main does not hold, and partage would then look like their deletion. */
/* The generated files of the shared commit P, read back (gen zeroed). */
static int generated_of(struct bilan_share_generated *gen, git_repository *repo, const git_oid *P)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	int rc = -1;
	memset(gen, 0, sizeof(*gen));
	if (git_commit_lookup(&c, repo, P) < 0 || git_commit_tree(&t, c) < 0)
		goto out;
	struct { const char *name; struct bilan_buf *b; } files[3] = {
		{ BILAN_SHARE_README, &gen->readme },
		{ BILAN_SHARE_RAPPORT, &gen->rapport },
		{ BILAN_SHARE_RESUME, &gen->resume },
	};
	for (size_t i = 0; i < 3; i++) {
		git_tree_entry *te = NULL;
		git_blob *b = NULL;
		if (git_tree_entry_bypath(&te, t, files[i].name) < 0) {
			if (i != 1)
				goto out;   /* README.md and resume.yaml are always there */
			continue;
		}
		if (git_blob_lookup(&b, repo, git_tree_entry_id(te)) == 0) {
			bilan_buf_put(files[i].b, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
			if (i == 1)
				gen->has_rapport = true;
		}
		git_blob_free(b);
		git_tree_entry_free(te);
	}
	rc = 0;
out:
	if (rc < 0)
		bilan_share_generated_clear(gen);
	git_tree_free(t);
	git_commit_free(c);
	return rc;
}

/* "MAIN SHARED N" (share.h: state.published) */
static char *published_key(const git_oid *H, const git_oid *N, size_t forgotten)
{
	char h[GIT_OID_HEXSZ + 1], n[GIT_OID_HEXSZ + 1];
	git_oid_tostr(h, sizeof(h), H);
	git_oid_tostr(n, sizeof(n), N);
	return bilan_xasprintf("%s %s %zu", h, n, forgotten);
}

static int build_step(git_oid *out_tip, struct bilan_ws *ws, git_repository *repo,
		      struct bilan_share_state *st, const struct bilan_sync_opts *opts,
		      const git_oid *merged, struct bilan_sync_report *rep, struct bilan_error *err)
{
	git_oid H, P, R, N;
	struct bilan_share_generated gen;
	struct bilan_share_built info;
	int rc = bilan_ws_begin(ws, "sync", err);
	if (rc < 0)
		return rc;
	bool have_p = ref_id(&P, repo, BILAN_SHARE_REF);
	bool have_r = merged != NULL;
	if (have_r)
		git_oid_cpy(&R, merged);
	if (have_r && !(have_p && is_ancestor(repo, &R, &P))) {
		const char *back = holds_forgotten(repo, &R, have_p ? &P : NULL, &st->forgotten);
		if (back) {
			/* its changes are merged into main already (without
			 * the path); its history stays out of partage */
			free(rep->forgotten_back);
			rep->forgotten_back = bilan_xstrdup(back);
			have_r = false;
		}
	}
	if (!ref_id(&H, repo, "refs/heads/main")) {
		rc = lg2_fail(err, _("cannot read main"));
		goto out;
	}
	/* Generated files are dated by main's last commit, not by the clock:
	 * a sync with nothing new makes no new shared commit. */
	int64_t when = opts && opts->now ? opts->now : 0;
	if (!when) {
		git_commit *hc = NULL;
		if (git_commit_lookup(&hc, repo, &H) == 0)
			when = (int64_t)git_commit_time(hc);
		git_commit_free(hc);
	}
	/* The checks before publishing: nothing is shared while a file to
	 * share holds someone's details or a file is outside the layout,
	 * until it is moved under private/ or accepted (share.h). */
	git_oid T;
	bool have_t = ref_id(&T, repo, "refs/remotes/" BILAN_SHARE_REMOTE "/main");
	if ((rc = bilan_share_privacy_check(&rep->privacy, repo, &H, have_p ? &P : NULL,
					    have_t ? &T : NULL, &st->forgotten, &st->accepted,
					    err)) < 0)
		goto out;
	if (rep->privacy.n) {
		if (have_p)
			git_oid_cpy(out_tip, &P);
		goto out;
	}
	/* from main's committed tree as it is shared, never the working tree
	 * (share.h: the publication invariant); when neither main, the shared
	 * branch nor the forgotten paths moved since the last build, its
	 * generated files are the same: read back, not made again */
	char *key = have_p ? published_key(&H, &P, st->forgotten.n) : NULL;
	bool same = key && st->published && !strcmp(key, st->published) &&
		    generated_of(&gen, repo, &P) == 0;
	free(key);
	if (!same &&
	    (rc = bilan_share_generate_published(&gen, repo, &H, &st->forgotten, when, err)) < 0)
		goto out;
	for (size_t i = 0; i < gen.missing.n; i++)
		bilan_strlist_add(&rep->warnings, gen.missing.v[i]);
	rc = bilan_share_build(&N, &info, repo, &H, have_p ? &P : NULL, have_r ? &R : NULL,
			       &gen, &st->forgotten, err);
	bilan_share_generated_clear(&gen);
	if (rc < 0)
		goto out;
	if (rep->forgotten_back && info.made) {
		/* it replaces the remote's history: say so to the consultant's
		 * sync (marked_rewritten) */
		git_commit *nc = NULL;
		git_oid N2;
		char *msg = NULL;
		if (git_commit_lookup(&nc, repo, &N) == 0) {
			msg = bilan_xasprintf("%s" BILAN_SHARE_REWRITTEN_TRAILER " sync\n",
					      git_commit_message(nc));
			if (git_commit_amend(&N2, nc, NULL, NULL, NULL, NULL, msg, NULL) == 0)
				git_oid_cpy(&N, &N2);
		}
		free(msg);
		git_commit_free(nc);
	}
	free(st->published);
	st->published = published_key(&H, &N, st->forgotten.n);
	rep->shared_files = info.files;
	rep->shared_commit = info.made;
	snprintf(rep->summary, sizeof(rep->summary), "%s", info.summary);
	if (!have_p || !git_oid_equal(&N, &P)) {
		git_reference *ref = NULL;
		int e = 0;
		for (int attempt = 0; attempt < 2; attempt++) {
			e = have_p ? git_reference_create_matching(&ref, repo, BILAN_SHARE_REF, &N, 1,
								   &P, "bilan sync")
				   : git_reference_create(&ref, repo, BILAN_SHARE_REF, &N, 0, "bilan sync");
			/* only sync writes partage, under the workspace lock we
			 * hold: a lock file there is a killed sync's */
			if (e >= 0 || !clear_stale_lock_in(git_repository_path(repo), lg2_msg(), 0))
				break;
		}
		if (e < 0) {
			rc = bilan_error_set(err, BILAN_EAGAIN, _("the shared branch moved during the sync: %s"),
					     lg2_msg());
			goto out;
		}
		git_reference_free(ref);
	}
	git_oid_cpy(out_tip, &N);
out:
	bilan_ws_rollback(ws);   /* nothing written: releases the lock */
	return rc;
}

/* The remote "partage" must match the consent in force. */
static int ensure_remote(git_repository *repo, const struct bilan_ws *ws, const char *url,
			 struct bilan_error *err)
{
	char *u = NULL;
	bool ok = remote_url(&u, repo, BILAN_SHARE_REMOTE, NULL) == 0 && !strcmp(u, url);
	free(u);
	if (ok) {
		git_config *cfg = NULL;
		git_buf b = { 0 };
		/* a pushurl elsewhere would send to another place */
		if (git_repository_config_snapshot(&cfg, repo) == 0 &&
		    git_config_get_string_buf(&b, cfg, "remote." BILAN_SHARE_REMOTE ".pushurl") == 0)
			ok = !strcmp(b.ptr, url);
		git_buf_dispose(&b);
		git_config_free(cfg);
	}
	if (ok)
		return 0;
	return bilan_share_configure(ws, url, err);
}

static bool open_conflicts(const struct bilan_ws *ws)
{
	struct bilan_conflicts c = BILAN_CONFLICTS_INIT;
	bool open = false;
	if (bilan_conflicts_load(&c, ws, NULL) == 0)
		for (size_t i = 0; i < c.n; i++)
			open |= c.v[i].open;
	bilan_conflicts_clear(&c);
	return open;
}

static int consent_in_force(const struct bilan_ws *ws, char **out_url, struct bilan_error *err)
{
	struct bilan_share s;
	int rc = bilan_share_load(&s, ws, err);
	if (rc < 0)
		return rc;
	const struct bilan_consent *c = bilan_share_active(&s);
	if (!c || !c->remote || !*c->remote) {
		bilan_error_set(err, BILAN_EFAIL,
				s.n ? _("sharing was revoked: nothing is sent without a consent in force")
				    : _("no consent to share is recorded: nothing is sent"));
		bilan_error_hint(err, _("the beneficiary agrees with 'bilan share init URL --to NAME'"));
		bilan_share_clear(&s);
		return BILAN_EFAIL;
	}
	/* A remote recorded by an older bilan may hold a credential: nothing
	 * is sent to it (and the credential stays out of every message). */
	char *checked = NULL;
	struct bilan_error uerr = BILAN_ERROR_INIT;
	if (bilan_share_url_check(&checked, c->remote, &uerr) < 0) {
		bilan_error_set(err, BILAN_EFAIL, _("the remote of the consent in force is refused: %s"),
				uerr.message);
		bilan_error_hint(err, _("trying again does not help: 'bilan share revoke', then "
					"'bilan share init' with a valid address without credentials"));
		bilan_share_clear(&s);
		return BILAN_EFAIL;
	}
	free(checked);
	if (out_url)
		*out_url = bilan_xstrdup(c->remote);
	bilan_share_clear(&s);
	return 0;
}

/* The ref a consultant's filtered commit is pushed from (never kept; one
 * per process, as two syncs may run at once). */
#define OUTGOING_REF_FMT "refs/bilan/sortant-%ld"

static void drop_ref(git_repository *repo, const char *name)
{
	git_reference *ref = NULL;
	if (git_reference_lookup(&ref, repo, name) == 0)
		git_reference_delete(ref);
	git_reference_free(ref);
}

/* Is name a conflict file (merge.h) -- at the root for conflits.yaml? */
static bool conflict_name(const char *name, bool root)
{
	size_t n = strlen(name), sl = strlen(BILAN_CONFLICT_SUFFIX);
	return (root && !strcmp(name, BILAN_CONFLICTS_FILE)) ||
	       (n > sl && !strcmp(name + n - sl, BILAN_CONFLICT_SUFFIX));
}

/* Does tree hold what is never shared: private/ or conflits.yaml at its
 * root, a *.remote file anywhere?  Subtrees equal to base's (the parent
 * commit's, may be NULL) are not entered: the parent is looked at too. */
static bool tree_holds_unshared(git_repository *repo, git_tree *tree, git_tree *base,
				bool root, int depth)
{
	size_t n = git_tree_entrycount(tree);
	if (depth > 64)
		return true;   /* cannot tell: filter */
	for (size_t i = 0; i < n; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(te);
		if (root && !strcmp(name, BILAN_PRIVATE_DIR))
			return true;
		if (git_tree_entry_type(te) != GIT_OBJECT_TREE) {
			if (conflict_name(name, root))
				return true;
			continue;
		}
		const git_tree_entry *be = base ? git_tree_entry_byname(base, name) : NULL;
		if (be && git_oid_equal(git_tree_entry_id(be), git_tree_entry_id(te)))
			continue;
		git_tree *sub = NULL, *bsub = NULL;
		bool found;
		if (git_tree_lookup(&sub, repo, git_tree_entry_id(te)) < 0)
			return true;
		if (be && git_tree_entry_type(be) == GIT_OBJECT_TREE)
			(void)git_tree_lookup(&bsub, repo, git_tree_entry_id(be));
		found = tree_holds_unshared(repo, sub, bsub, false, depth + 1);
		git_tree_free(bsub);
		git_tree_free(sub);
		if (found)
			return true;
	}
	return false;
}

/* Does a commit of tip's history that the remote rname's tracking refs do
 * not hold have what is never shared: a private/ folder (the consultant's own private
 * notes) or a conflict file (merge.h: conflits.yaml, *.remote)? */
static bool history_holds_unshared(git_repository *repo, const git_oid *tip, const char *rname)
{
	git_revwalk *walk = NULL;
	git_oid id;
	bool found = false;
	if (git_revwalk_new(&walk, repo) < 0)
		return true;   /* cannot tell: filter */
	if (git_revwalk_push(walk, tip) < 0) {
		git_revwalk_free(walk);
		return true;
	}
	/* what the remote pushed to has, not any remote: a backup of the
	 * consultant's own holds their private/ */
	char *glob = bilan_xasprintf("refs/remotes/%s/*", rname);
	git_revwalk_hide_glob(walk, glob);
	free(glob);
	int e;
	while (!found && (e = git_revwalk_next(&id, walk)) != GIT_ITEROVER) {
		git_commit *c = NULL, *p = NULL;
		git_tree *t = NULL, *pt = NULL;
		if (e < 0 || git_commit_lookup(&c, repo, &id) < 0 || git_commit_tree(&t, c) < 0) {
			found = true;
		} else {
			if (git_commit_parentcount(c) > 0 && git_commit_parent(&p, c, 0) == 0)
				(void)git_commit_tree(&pt, p);
			found = tree_holds_unshared(repo, t, pt, true, 0);
		}
		git_tree_free(pt);
		git_commit_free(p);
		git_tree_free(t);
		git_commit_free(c);
	}
	git_revwalk_free(walk);
	return found;
}

/* Collect the conflict files of a tree (git_tree_walk, pre-order). */
static int conflict_file_cb(const char *root, const git_tree_entry *te, void *payload)
{
	struct bilan_strlist *out = payload;
	if (git_tree_entry_type(te) == GIT_OBJECT_TREE)
		return !root[0] && !strcmp(git_tree_entry_name(te), BILAN_PRIVATE_DIR) ? 1 : 0;
	if (conflict_name(git_tree_entry_name(te), !root[0])) {
		char *p = bilan_xasprintf("%s%s", root, git_tree_entry_name(te));
		bilan_strlist_add(out, p);
		free(p);
	}
	return 0;
}

/* The consultant's commit to push when their history holds private/ or a
 * conflict file: main's tree without them, one parent (the remote's head R, may be NULL).
 * *out_same: that tree is R's already (nothing to send).  The commit is
 * made and outgoing_ref points at it. */
static int consultant_outgoing(git_oid *out, bool *out_same, git_repository *repo,
			       const struct bilan_ws *ws, const git_oid *tip, const git_oid *R,
			       const char *outgoing_ref, struct bilan_error *err)
{
	git_commit *hc = NULL, *rc_ = NULL;
	git_tree *ht = NULL, *nt = NULL;
	git_signature *sig = NULL;
	git_reference *ref = NULL;
	git_oid tid;
	int rc = 0;
	*out_same = false;
	if (git_commit_lookup(&hc, repo, tip) < 0 || git_commit_tree(&ht, hc) < 0 ||
	    (R && git_commit_lookup(&rc_, repo, R) < 0)) {
		rc = damaged(err);
		goto out;
	}
	/* main's tree without private/ and the conflict files */
	struct bilan_strlist gone = BILAN_STRLIST_INIT;
	if (git_tree_walk(ht, GIT_TREEWALK_PRE, conflict_file_cb, &gone) < 0) {
		bilan_strlist_clear(&gone);
		rc = damaged(err);
		goto out;
	}
	if (git_tree_entry_byname(ht, BILAN_PRIVATE_DIR))
		bilan_strlist_add(&gone, BILAN_PRIVATE_DIR);
	git_tree_update *upd = bilan_xcalloc(gone.n ? gone.n : 1, sizeof(*upd));
	for (size_t i = 0; i < gone.n; i++) {
		upd[i].action = GIT_TREE_UPDATE_REMOVE;
		upd[i].path = gone.v[i];
	}
	int ue = gone.n ? git_tree_create_updated(&tid, repo, ht, gone.n, upd) : 0;
	if (!gone.n)
		git_oid_cpy(&tid, git_tree_id(ht));
	free(upd);
	bilan_strlist_clear(&gone);
	if (ue < 0) {
		rc = lg2_fail(err, _("cannot write the shared tree"));
		goto out;
	}
	if (rc_ && git_oid_equal(&tid, git_commit_tree_id(rc_))) {
		*out_same = true;
		goto out;
	}
	const git_commit *parents[1] = { rc_ };
	if (git_tree_lookup(&nt, repo, &tid) < 0 ||
	    party_signature(&sig, repo, ws) < 0 ||
	    git_commit_create(out, repo, NULL, sig, sig, NULL,
			      "sync: the consultant's changes (their private/ and conflict files stay on their computer)\n\nBilan-Command: sync\n",
			      nt, rc_ ? 1 : 0, parents) < 0 ||
	    git_reference_create(&ref, repo, outgoing_ref, out, 1, "bilan sync") < 0)
		rc = lg2_fail(err, _("cannot write the shared commit"));
out:
	git_reference_free(ref);
	git_signature_free(sig);
	git_tree_free(nt);
	git_tree_free(ht);
	git_commit_free(rc_);
	git_commit_free(hc);
	return rc;
}

/* A bare repository on disk whose HEAD names a branch it does not have
 * ("master", the default of many installations) gives 'git clone' an empty
 * copy: point it at main.  Only a dangling HEAD is changed. */
static void fix_remote_head(const char *url)
{
	git_repository *r = NULL;
	git_reference *head = NULL, *res = NULL;
	git_oid id;
	if (!bilan_url_is_local(url))
		return;
	const char *path = !strncmp(url, "file://", 7) ? url + 7 : url;
	if (git_repository_open_ext(&r, path, GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE,
				    NULL) < 0)
		return;
	if (git_reference_lookup(&head, r, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
	    git_reference_resolve(&res, head) < 0 &&
	    git_reference_name_to_id(&id, r, "refs/heads/main") == 0)
		git_repository_set_head(r, "refs/heads/main");
	git_reference_free(res);
	git_reference_free(head);
	git_repository_free(r);
}

int bilan_sync_run(struct bilan_sync_report *rep, struct bilan_ws *ws,
		   const struct bilan_sync_opts *opts, struct bilan_error *err)
{
	git_repository *repo = NULL;
	struct bilan_share_state st;
	char *url = NULL;
	int rc;
	memset(rep, 0, sizeof(*rep));
	rep->beneficiary = bilan_share_is_beneficiary(ws);
	if ((rc = consent_in_force(ws, &url, err)) < 0)
		return rc;
	if ((rc = bilan_share_state_load(&st, ws->gitdir, err)) < 0) {
		free(url);
		return rc;
	}
	/* Nothing fetched, merged or sent unless main is checked out: the
	 * merge writes main's files into the working tree. */
	struct bilan_repo *br = NULL;
	if ((rc = bilan_repo_open(&br, ws->root, err)) == 0)
		rc = bilan_repo_head_branch(br, NULL, err);
	bilan_repo_free(br);
	if (rc < 0)
		goto out;
	if ((rc = open_repo(&repo, ws->root, err)) < 0)
		goto out;
	const char *rname = rep->beneficiary ? BILAN_SHARE_REMOTE : CONSULTANT_REMOTE;
	char *remote_ref = tracking_ref(rname);
	if (rep->beneficiary && ((rc = ensure_remote(repo, ws, url, err)) < 0 ||
				 (rc = bilan_share_install_hook(ws->gitdir, err)) < 0)) {
		free(remote_ref);
		goto out;
	}
	if (!rep->beneficiary && (rc = bilan_share_install_consultant_hook(ws->gitdir, err)) < 0) {
		free(remote_ref);
		goto out;
	}
	for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
		git_oid tip, R;
		bool nonff = false;
		git_oid before;
		bool have_before = ref_id(&before, repo, remote_ref);
		if ((rc = do_fetch(repo, rname, opts, err)) < 0)
			break;
		git_oid merged;
		bool have_merged = false;
		if ((rc = merge_step(&merged, &have_merged, ws, repo, rep->beneficiary, remote_ref,
				     have_before ? &before : NULL, &st, opts, rep, err)) < 0)
			break;
		if (rep->beneficiary) {
			if ((rc = build_step(&tip, ws, repo, &st, opts, have_merged ? &merged : NULL,
					     rep, err)) < 0)
				break;
			if (rep->privacy.n)
				break;   /* nothing sent: the beneficiary decides first */
		} else if (!ref_id(&tip, repo, "refs/heads/main")) {
			rc = lg2_fail(err, _("cannot read main"));
			break;
		}
		/* The consent is read again just before anything is sent. */
		if ((rc = consent_in_force(ws, NULL, err)) < 0)
			break;
		/* the head merged into main, not the tracking ref as it is now
		 * (a concurrent sync may have fetched a newer one, whose
		 * changes main does not hold) */
		bool have_r = have_merged;
		if (have_r)
			git_oid_cpy(&R, &merged);
		const char *spec = !rep->beneficiary ? "refs/heads/main:refs/heads/main"
				   : rep->forgotten_back ? "+" BILAN_SHARE_REF ":refs/heads/main"
				   : BILAN_SHARE_REF ":refs/heads/main";
		bool outgoing = false, nothing_new = have_r && git_oid_equal(&R, &tip);
		char outgoing_ref[64], outgoing_spec[96];
		snprintf(outgoing_ref, sizeof(outgoing_ref), OUTGOING_REF_FMT, (long)getpid());
		snprintf(outgoing_spec, sizeof(outgoing_spec), "%s:refs/heads/main", outgoing_ref);
		if (!rep->beneficiary && !nothing_new && !rep->conflicts.n && !open_conflicts(ws) &&
		    history_holds_unshared(repo, &tip, rname)) {
			/* The consultant's own private/ and the conflict
			 * files stay on their computer: what goes is main's
			 * tree without them, in one commit on top of the
			 * remote's head. */
			git_oid F;
			rep->private_kept = true;
			if ((rc = consultant_outgoing(&F, &nothing_new, repo, ws, &tip,
						      have_r ? &R : NULL, outgoing_ref, err)) < 0)
				break;
			if (!nothing_new) {
				git_oid_cpy(&tip, &F);
				spec = outgoing_spec;
				outgoing = true;
			}
		}
		if (!rep->beneficiary && (rep->conflicts.n || open_conflicts(ws))) {
			/* The consultant decides first: their merge would
			 * otherwise replace the beneficiary's version. */
			rep->held = true;
		} else if (!nothing_new) {
			rc = push_named(repo, rname, spec, opts, &nonff, err);
			if (outgoing)
				drop_ref(repo, outgoing_ref);
			if (rc < 0)
				break;
			if (nonff) {
				/* the remote moved since the fetch: once more */
				rc = bilan_error_set(err, BILAN_EAGAIN,
						     _("the remote kept changing during the sync"));
				bilan_error_hint(err, _("run 'bilan sync' again"));
				continue;
			}
			rep->pushed = true;
			fix_remote_head(url);
		}
		char oid[GIT_OID_HEXSZ + 1];
		git_oid_tostr(oid, sizeof(oid), &tip);
		free(st.last_push);
		st.last_push = bilan_xstrdup(oid);
		free(st.last_sync);
		st.last_sync = now_iso(opts);
		if (rep->beneficiary)
			st.shared_files = (long long)rep->shared_files;
		rc = bilan_share_state_save(&st, ws->gitdir, err);
		break;
	}
	free(remote_ref);
out:
	git_repository_free(repo);
	bilan_share_state_clear(&st);
	free(url);
	return rc;
}

void bilan_sync_report_clear(struct bilan_sync_report *r)
{
	if (!r)
		return;
	bilan_privacy_list_clear(&r->privacy);
	bilan_strlist_clear(&r->conflicts);
	bilan_strlist_clear(&r->ignored);
	bilan_strlist_clear(&r->kept);
	bilan_strlist_clear(&r->refused);
	bilan_strlist_clear(&r->warnings);
	free(r->forgotten_back);
	r->forgotten_back = NULL;
}

/* ------------------------------------------------------------------ */
/* clone, was_shared, forget */

/* The directory a clone goes to: created (0700, with its parents) when
 * missing, so that git_clone gets an empty directory; *made says so, for
 * the cleanup of a failed clone. */
static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)f;
	if (flag == FTW_DP)
		rmdir(p);
	else
		unlink(p);
	return 0;
}

/* The place beside dir where a new repository is made before it is renamed
 * into place (.NAME.bilan-new-PID; *out_copy: dir without trailing
 * slashes), after removing what a command killed there left (the same
 * names with the pid of a process that is gone).  Caller frees both. */
static char *beside(const char *dir, char **out_copy)
{
	char *copy = bilan_xstrdup(dir);
	size_t n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	char *slash = strrchr(copy, '/');
	char *tmp = slash ? bilan_xasprintf("%.*s/.%s.bilan-new-%ld", (int)(slash - copy), copy,
					    slash + 1, (long)getpid())
			  : bilan_xasprintf(".%s.bilan-new-%ld", copy, (long)getpid());
	char *parent = slash ? bilan_xstrndup(copy, (size_t)(slash - copy)) : bilan_xstrdup(".");
	if (!*parent) {
		free(parent);
		parent = bilan_xstrdup("/");
	}
	char *prefix = bilan_xasprintf(".%s.bilan-new-", slash ? slash + 1 : copy);
	DIR *d = opendir(parent);
	for (struct dirent *e; d && (e = readdir(d));) {
		if (strncmp(e->d_name, prefix, strlen(prefix)))
			continue;
		char *end = NULL;
		long pid = strtol(e->d_name + strlen(prefix), &end, 10);
		if (!end || *end || pid <= 0 || (pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno != ESRCH)))
			continue;
		char *old = bilan_xasprintf("%s/%s", parent, e->d_name);
		nftw(old, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		free(old);
	}
	if (d)
		closedir(d);
	free(prefix);
	free(parent);
	*out_copy = copy;
	return tmp;
}

static int make_target(const char *dir, bool *made, struct bilan_error *err)
{
	*made = false;
	if (bilan_fs_exists(dir))
		return 0;
	int rc = bilan_fs_mkdir_p(dir, 0700, err);
	*made = rc == 0;
	return rc;
}

/* git_clone's remote, made without the insteadOf scan (see remote_url). */
static int clone_remote_cb(git_remote **out, git_repository *repo, const char *name,
			   const char *url, void *payload)
{
	git_remote_create_options o;
	(void)payload;
	git_remote_create_options_init(&o, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	o.repository = repo;
	o.name = name;
	o.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
	return git_remote_create_with_opts(out, url, &o);
}

/* init + remote origin + fetch + main checked out. */
static int clone_main(git_repository **out, const char *url, const char *dir, struct bilan_net *n)
{
	git_repository *repo = NULL;
	git_remote *remote = NULL;
	git_reference *ref = NULL, *head = NULL;
	git_repository_init_options io;
	git_remote_create_options ro;
	git_fetch_options fo;
	git_checkout_options cko;
	git_oid id;
	int e;
	*out = NULL;
	git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	io.flags = GIT_REPOSITORY_INIT_MKPATH;
	io.initial_head = "main";
	if ((e = git_repository_init_ext(&repo, dir, &io)) < 0)
		return e;
	git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	ro.repository = repo;
	ro.name = "origin";
	ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	bilan_net_set_callbacks(&fo.callbacks, n);
	/* main only, no tags (as sync fetches) */
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	fo.update_fetchhead = 0;
	char spec_main[] = "+refs/heads/main:refs/remotes/origin/main";
	char *spec = spec_main;
	git_strarray specs = { &spec, 1 };
	git_checkout_options_init(&cko, GIT_CHECKOUT_OPTIONS_VERSION);
	cko.checkout_strategy = GIT_CHECKOUT_FORCE;
	if ((e = git_remote_create_with_opts(&remote, url, &ro)) < 0 ||
	    (e = git_remote_fetch(remote, &specs, &fo, NULL)) < 0)
		goto out;
	if ((e = git_reference_name_to_id(&id, repo, "refs/remotes/origin/main")) < 0) {
		git_error_set_str(GIT_ERROR_REFERENCE, "the remote has no branch main");
		goto out;
	}
	/* checked out by the caller, once within the limits */
	(void)cko;
	if ((e = git_reference_create(&ref, repo, "refs/heads/main", &id, 0, "bilan share clone")) < 0 ||
	    (e = git_repository_set_head(repo, "refs/heads/main")) < 0)
		goto out;
out:
	git_reference_free(ref);
	git_reference_free(head);
	git_remote_free(remote);
	if (e < 0) {
		git_repository_free(repo);
		return e;
	}
	*out = repo;
	return 0;
}

int bilan_sync_clone(const char *url, const char *dir, const struct bilan_sync_opts *opts,
		     struct bilan_error *err)
{
	git_clone_options co;
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	struct bilan_net n;
	bilan_git_init();
	if (bilan_fs_exists(dir) && !bilan_fs_is_dir(dir))
		return bilan_error_set(err, BILAN_EEXISTS, _("'%s' exists and is not a directory"), dir);
	if (bilan_fs_exists(dir)) {
		DIR *d = opendir(dir);
		bool empty = d != NULL;
		for (struct dirent *e; d && (e = readdir(d));)
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				empty = false;
		if (d)
			closedir(d);
		if (!empty)
			return bilan_error_set(err, BILAN_EEXISTS,
					       _("'%s' is not empty; clone into a new or empty directory"), dir);
	}
	/* Made beside dir and renamed into place once whole: a clone that
	 * fails, or is killed, never leaves a half-made copy that refuses
	 * the next try (what a killed one left is removed then). */
	char *copy = NULL;
	char *tmp = beside(dir, &copy);
	char *parent = bilan_xstrdup(copy);
	char *slash = strrchr(parent, '/');
	int rc = 0;
	if (slash && slash != parent) {
		*slash = '\0';
		rc = bilan_fs_mkdir_p(parent, 0700, err);
	}
	free(parent);
	if (rc < 0)
		goto out;
	bilan_net_init(&n, opts, url);
	n.limit_fetch = true;
	git_clone_options_init(&co, GIT_CLONE_OPTIONS_VERSION);
	bilan_net_set_callbacks(&co.fetch_opts.callbacks, &n);
	co.checkout_branch = "main";
	co.remote_cb = clone_remote_cb;
	/* nothing checked out before the limits are checked */
	co.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE;
	int e = git_clone(&repo, url, tmp, &co);
	if (e < 0 && !git_error_last()) {
		/* libgit2 1.5.1 fails without a word when the remote's HEAD
		 * names a branch it does not have (a bare repository made with
		 * "master" as default): clone main by hand. */
		nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		/* a new connection: the credentials are offered afresh (over
		 * ssh, the key the first one used would count as spent, and
		 * the server "refused the credentials": tests/e2e/gitolite.sh,
		 * a gitolite repository whose HEAD names master) */
		bilan_net_init(&n, opts, url);
		n.limit_fetch = true;
		e = clone_main(&repo, url, tmp, &n);
	}
	if (e < 0) {
		if (bilan_url_is_local(url) && !bilan_fs_is_dir(!strncmp(url, "file://", 7) ? url + 7 : url))
			rc = bilan_error_set(err, BILAN_EFAIL, _("no repository at '%s'"), url);
		else
			rc = bilan_net_fail(err, e, &n, url);
		goto out;
	}
	{
		git_object *head = NULL;
		char *safe_url = bilan_text_name(url);
		if (git_revparse_single(&head, repo, "HEAD^{tree}") < 0)
			rc = lg2_fail(err, _("cannot read main"));
		else
			rc = remote_within_limits(repo, (git_tree *)head, safe_url, err);
		free(safe_url);
		git_checkout_options cko;
		git_checkout_options_init(&cko, GIT_CHECKOUT_OPTIONS_VERSION);
		cko.checkout_strategy = GIT_CHECKOUT_FORCE;
		if (rc == 0 && git_checkout_head(repo, &cko) < 0)
			rc = lg2_fail(err, _("cannot write the files of the clone"));
		git_object_free(head);
	}
	if (rc == 0 && (git_repository_config(&cfg, repo) < 0 ||
			git_config_set_string(cfg, "bilan.role", "consultant") < 0 ||
			(opts && opts->name && git_config_set_string(cfg, "bilan.name", opts->name) < 0) ||
			(opts && opts->email && git_config_set_string(cfg, "bilan.email", opts->email) < 0)))
		rc = lg2_fail(err, _("cannot configure the clone"));
	if (rc == 0)
		rc = bilan_share_install_consultant_hook(git_repository_path(repo), err);
	git_config_free(cfg);
	cfg = NULL;
	git_repository_free(repo);
	repo = NULL;
	if (rc == 0) {
		chmod(tmp, 0700);
		/* over a directory that is still empty, or where there was none */
		if (rename(tmp, copy) < 0)
			rc = errno == ENOTEMPTY || errno == EEXIST ?
				bilan_error_set(err, BILAN_EEXISTS,
						_("'%s' is not empty; clone into a new or empty directory"), dir) :
				bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot put the clone at '%s'"),
						      dir);
	}
out:
	git_repository_free(repo);
	if (rc < 0)
		nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(tmp);
	free(copy);
	return rc;
}

int bilan_sync_was_shared(bool *out, const struct bilan_ws *ws, const char *path,
			  struct bilan_error *err)
{
	git_repository *repo = NULL;
	*out = false;
	int rc = open_repo(&repo, ws->root, err);
	if (rc < 0)
		return rc;
	static const char *const refs[] = { BILAN_SHARE_REF,
		"refs/remotes/" BILAN_SHARE_REMOTE "/main" };
	for (size_t i = 0; i < 2 && !*out; i++) {
		git_oid id;
		git_commit *c = NULL;
		git_tree *t = NULL;
		git_tree_entry *te = NULL;
		if (!ref_id(&id, repo, refs[i]) || git_commit_lookup(&c, repo, &id) < 0)
			continue;
		if (git_commit_tree(&t, c) == 0 && git_tree_entry_bypath(&te, t, path) == 0)
			*out = true;
		git_tree_entry_free(te);
		git_tree_free(t);
		git_commit_free(c);
	}
	git_repository_free(repo);
	return 0;
}

int bilan_sync_forget(size_t *out_commits, bool *out_pushed, struct bilan_ws *ws,
		      const char *path, const struct bilan_sync_opts *opts,
		      struct bilan_error *err)
{
	git_repository *repo = NULL;
	struct bilan_share s;
	struct bilan_share_state st;
	git_oid P, R, H, N;
	int rc;
	*out_commits = 0;
	*out_pushed = false;
	if (!bilan_fs_rel_path_ok(path))
		return bilan_error_set(err, BILAN_EUSAGE, _("invalid path '%s'"), path);
	if ((rc = bilan_share_load(&s, ws, err)) < 0)
		return rc;
	char *url = s.n && s.v[s.n - 1].remote ? bilan_xstrdup(s.v[s.n - 1].remote) : NULL;
	bilan_share_clear(&s);
	if ((rc = bilan_share_state_load(&st, ws->gitdir, err)) < 0) {
		free(url);
		return rc;
	}
	if ((rc = open_repo(&repo, ws->root, err)) < 0)
		goto out;
	if (!ref_id(&P, repo, BILAN_SHARE_REF)) {
		rc = bilan_error_set(err, BILAN_ENOTFOUND, _("nothing was shared yet"));
		goto out;
	}
	/* Still in main's shared part?  Then the next sync would share it again. */
	if (ref_id(&H, repo, "refs/heads/main") && bilan_share_path_shared(path, &st.forgotten)) {
		git_commit *c = NULL;
		git_tree *t = NULL;
		git_tree_entry *te = NULL;
		bool there = git_commit_lookup(&c, repo, &H) == 0 && git_commit_tree(&t, c) == 0 &&
			     git_tree_entry_bypath(&te, t, path) == 0;
		git_tree_entry_free(te);
		git_tree_free(t);
		git_commit_free(c);
		if (there) {
			rc = bilan_error_set(err, BILAN_EFAIL,
					     _("'%s' is still part of what is shared"), path);
			bilan_error_hint(err, _("make it private first ('bilan private %s') or delete it, then forget it"),
					 path);
			goto out;
		}
	}
	/* The consultant's latest work must be merged first: a forced push
	 * would drop it.  Except the history an interrupted forget of this
	 * path left on the remote (killed after the shared branch was
	 * rewritten, before the push): rewritten without the path (the
	 * rewrite is deterministic), it is in the shared branch already;
	 * the push is what is left to do. */
	size_t resumed = 0;
	if (url) {
		if ((rc = ensure_remote(repo, ws, url, err)) < 0 ||
		    (rc = do_fetch(repo, BILAN_SHARE_REMOTE, opts, err)) < 0)
			goto out;
		git_oid RW;
		if (ref_id(&R, repo, "refs/remotes/" BILAN_SHARE_REMOTE "/main") &&
		    !is_ancestor(repo, &R, &P) &&
		    (bilan_share_rewrite_without(&RW, &resumed, repo, &R, path, NULL) < 0 ||
		     !resumed || !is_ancestor(repo, &RW, &P))) {
			rc = bilan_error_set(err, BILAN_EFAIL,
					     _("the remote has changes that are not merged yet"));
			bilan_error_hint(err, _("run 'bilan sync' first, then 'bilan share forget' again"));
			goto out;
		}
	}
	if ((rc = bilan_ws_begin(ws, "share forget", err)) < 0)
		goto out;
	rc = bilan_share_rewrite_without(&N, out_commits, repo, &P, path, err);
	if (rc == 0 && !git_oid_equal(&N, &P)) {
		git_reference *ref = NULL;
		if (git_reference_create_matching(&ref, repo, BILAN_SHARE_REF, &N, 1, &P,
						  "bilan share forget") < 0)
			rc = bilan_error_set(err, BILAN_EAGAIN, _("the shared branch moved: %s"), lg2_msg());
		git_reference_free(ref);
	}
	if (rc == 0 && !bilan_strlist_contains(&st.forgotten, path)) {
		bilan_strlist_add(&st.forgotten, path);
		rc = bilan_share_state_save(&st, ws->gitdir, err);
	}
	bilan_ws_rollback(ws);
	if (rc == 0 && !*out_commits)
		*out_commits = resumed;
	if (rc < 0 || !*out_commits)
		goto out;
	/* A fresh shared commit on top: the current report, the path left out
	 * (it is remembered as forgotten).  Not the remote's old head. */
	struct bilan_sync_report rep;
	memset(&rep, 0, sizeof(rep));
	rc = build_step(&N, ws, repo, &st, opts, NULL, &rep, err);
	bilan_sync_report_clear(&rep);
	if (rc < 0 || !url)
		goto out;
	rc = push_named(repo, BILAN_SHARE_REMOTE, "+" BILAN_SHARE_REF ":refs/heads/main", opts,
			NULL, err);
	if (rc == 0) {
		*out_pushed = true;
		char oid[GIT_OID_HEXSZ + 1];
		git_oid_tostr(oid, sizeof(oid), &N);
		free(st.last_push);
		st.last_push = bilan_xstrdup(oid);
		rc = bilan_share_state_save(&st, ws->gitdir, err);
	}
out:
	git_repository_free(repo);
	bilan_share_state_clear(&st);
	free(url);
	return rc;
}

/* ------------------------------------------------------------------ */
/* backup and restore */

static bool inside(const char *path, const char *root)
{
	char *r = realpath(path, NULL);
	if (!r) {
		/* not there yet: its parent decides */
		char *copy = bilan_xstrdup(path);
		char *slash = strrchr(copy, '/');
		if (slash && slash != copy) {
			*slash = '\0';
			r = realpath(copy, NULL);
		} else if (!slash) {
			r = realpath(".", NULL);
		}
		free(copy);
	}
	bool in = false;
	if (r) {
		size_t n = strlen(root);
		in = !strncmp(r, root, n) && (r[n] == '\0' || r[n] == '/');
	}
	free(r);
	return in;
}

/* A new bare repository at dir (missing or an empty directory), made
 * beside it and renamed into place: a backup killed while it creates the
 * repository never leaves a half-made one that later backups refuse. */
static int init_bare(const char *dir, struct bilan_error *err)
{
	git_repository *b = NULL;
	git_repository_init_options o;
	git_repository_init_options_init(&o, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	o.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
	o.initial_head = "main";
	char *copy = NULL;
	char *tmp = beside(dir, &copy);
	int rc = 0;
	if (git_repository_init_ext(&b, tmp, &o) < 0) {
		rc = lg2_fail(err, _("cannot create the backup repository"));
	} else {
		git_repository_free(b);
		chmod(tmp, 0700);
		if (rename(tmp, copy) < 0) {
			rc = bilan_error_set_errno(err, BILAN_EFAIL, errno,
						   _("cannot create the backup repository"));
			nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		}
	}
	free(tmp);
	free(copy);
	return rc;
}

int bilan_sync_backup(struct bilan_ws *ws, const char *dest,
		      const struct bilan_sync_opts *opts, struct bilan_error *err)
{
	git_repository *repo = NULL;
	git_remote *remote = NULL;
	struct bilan_share s;
	struct bilan_share_state st;
	char *norm = NULL;
	int rc = bilan_share_url_check(&norm, dest, err);
	if (rc < 0)
		return rc;
	if ((rc = bilan_share_load(&s, ws, err)) < 0) {
		free(norm);
		return rc;
	}
	for (size_t i = 0; i < s.n; i++) {
		if (s.v[i].remote && bilan_share_same_remote(s.v[i].remote, norm)) {
			bilan_share_clear(&s);
			bilan_error_set(err, BILAN_EUSAGE,
					_("'%s' is the shared remote: a backup holds private/ and must go to a place of your own"),
					dest);
			bilan_error_hint(err, _("give a USB key, a disk or a repository only you can read"));
			free(norm);
			return BILAN_EUSAGE;
		}
	}
	bilan_share_clear(&s);
	/* Under the workspace lock: main and partage copied as one state,
	 * two backups to one place one after the other (the second one's
	 * push would find the ref the first just created), and the state
	 * file read and written without losing a concurrent sync's or
	 * forget's update. */
	memset(&st, 0, sizeof(st));
	if ((rc = bilan_ws_begin(ws, "backup", err)) < 0) {
		free(norm);
		return rc;
	}
	if ((rc = bilan_share_state_load(&st, ws->gitdir, err)) < 0)
		goto out;
	bilan_git_init();
	if (bilan_url_is_local(norm)) {
		if (inside(norm, ws->root)) {
			rc = bilan_error_set(err, BILAN_EUSAGE,
					     _("the backup cannot be inside the workspace"));
			goto out;
		}
		git_repository *probe = NULL;
		if (!bilan_fs_exists(norm)) {
			if ((rc = init_bare(norm, err)) < 0)
				goto out;
		} else if (git_repository_open_ext(&probe, norm, GIT_REPOSITORY_OPEN_NO_SEARCH |
						   GIT_REPOSITORY_OPEN_BARE, NULL) == 0) {
			git_repository_free(probe);
		} else {
			struct bilan_strlist l = BILAN_STRLIST_INIT;
			bool empty = bilan_fs_is_dir(norm) && bilan_fs_list(&l, norm, "", NULL) == 0 &&
				     l.n == 0;
			bilan_strlist_clear(&l);
			if (!empty) {
				rc = bilan_error_set(err, BILAN_EFAIL,
						     _("'%s' exists and is not a backup repository"), dest);
				bilan_error_hint(err, _("give a new or empty directory, or an earlier backup"));
				goto out;
			}
			if ((rc = init_bare(norm, err)) < 0)
				goto out;
		}
	}
	if ((rc = open_repo(&repo, ws->root, err)) < 0)
		goto out;
	if ((rc = remote_new(&remote, repo, norm, err)) < 0)
		goto out;
	git_oid P;
	/* main only fast-forward (another workspace's backup is refused);
	 * partage forced: 'bilan share forget' rewrites it on purpose */
	const char *specs[2] = { "refs/heads/main:refs/heads/main",
				 "+" BILAN_SHARE_REF ":" BILAN_SHARE_REF };
	size_t n = ref_id(&P, repo, BILAN_SHARE_REF) ? 2 : 1;
	bool nonff = false;
	if ((rc = do_push(remote, specs, n, opts, &nonff, err)) < 0)
		goto out;
	if (nonff) {
		rc = bilan_error_set(err, BILAN_EFAIL,
				     _("'%s' holds a history this workspace does not have (a backup of another workspace, or of a later state)"),
				     dest);
		bilan_error_hint(err, _("back up to a new directory"));
		goto out;
	}
	free(st.last_backup);
	st.last_backup = now_iso(opts);
	free(st.last_backup_dest);
	st.last_backup_dest = bilan_xstrdup(norm);
	rc = bilan_share_state_save(&st, ws->gitdir, err);
out:
	bilan_ws_rollback(ws);   /* nothing written in the workspace: releases the lock */
	git_remote_free(remote);
	git_repository_free(repo);
	bilan_share_state_clear(&st);
	free(norm);
	return rc;
}

int bilan_sync_restore(const char *src, const char *dir, const struct bilan_sync_opts *opts,
		       struct bilan_error *err)
{
	git_clone_options co;
	git_repository *repo = NULL;
	git_reference *ref = NULL;
	struct bilan_ws *ws = NULL;
	struct bilan_net n;
	git_oid P;
	int rc = 0;
	bilan_git_init();
	if (bilan_url_is_local(src) && !bilan_fs_is_dir(!strncmp(src, "file://", 7) ? src + 7 : src))
		return bilan_error_set(err, BILAN_EFAIL, _("no backup at '%s'"), src);
	bilan_net_init(&n, opts, src);
	git_clone_options_init(&co, GIT_CLONE_OPTIONS_VERSION);
	bilan_net_set_callbacks(&co.fetch_opts.callbacks, &n);
	co.checkout_branch = "main";
	co.remote_cb = clone_remote_cb;
	bool made = false;
	if ((rc = make_target(dir, &made, err)) < 0)
		return rc;
	int e = git_clone(&repo, src, dir, &co);
	if (e < 0 && made)
		rmdir(dir);
	if (e < 0) {
		if (e == GIT_EEXISTS || strstr(lg2_msg(), "exists and is not an empty"))
			return bilan_error_set(err, BILAN_EEXISTS,
					       _("'%s' is not empty; restore into a new or empty directory"), dir);
		return bilan_net_fail(err, e, &n, src);
	}
	chmod(dir, 0700);
	if (ref_id(&P, repo, "refs/remotes/origin/partage") &&
	    git_reference_create(&ref, repo, BILAN_SHARE_REF, &P, 0, "bilan backup --restore") < 0) {
		rc = lg2_fail(err, _("cannot restore the shared branch"));
		goto out;
	}
	git_reference_free(ref);
	ref = NULL;
	char *root = realpath(dir, NULL);
	if (!root || bilan_ws_open(&ws, root, err) < 0) {
		if (root)
			rc = err ? err->code : BILAN_EFAIL;
		else
			rc = bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot open '%s'"), dir);
		bilan_error_hint(err, _("is '%s' a backup made by 'bilan backup'?"), src);
		free(root);
		goto out;
	}
	free(root);
	struct bilan_share s;
	if ((rc = bilan_share_load(&s, ws, err)) < 0)
		goto out;
	const struct bilan_consent *c = bilan_share_active(&s);
	if (c && c->remote)
		rc = bilan_share_configure(ws, c->remote, err);
	bilan_share_clear(&s);
out:
	bilan_ws_free(ws);
	git_reference_free(ref);
	git_repository_free(repo);
	return rc;
}
