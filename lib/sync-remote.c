/* sync-remote.c - the repository and its remotes: fetch and push, stale
 * ref locks, the limits on what a remote holds, small helpers every part
 * of sync uses (sync-internal.h). */
#include "sync.h"
#include "sync-internal.h"

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
#include "sync-net.h"
#include "share.h"
#include "text.h"
#include "vcs.h"

/* A ref lock in a remote repository on disk is another machine's business:
 * it is removed only when older than this (bilan-sync(1)), which no push
 * in progress reaches, even on a slow disk or server; a younger one stops
 * the sync with "try again later" (75).  File ages keep the real clock. */
#define REMOTE_LOCK_STALE_S 600

/* A failure of libgit2 where none of its specific codes can occur. */
int bilan_sync_git_fail(struct bilan_error *err, const char *what)
{
	return bilan_git_fail(err, GIT_ERROR, "%s", what);
}

/* libgit2 1.5.1 leaks a PCRE2 match block for every configuration entry
 * that a regular expression does not match (git_regexp_match returns before
 * freeing it), and looking a remote up scans the whole configuration for
 * url.*.insteadOf that way.  So remotes are made in memory, from the URL
 * read with a plain lookup, without insteadOf, and always used with
 * explicit refspecs. */
int bilan_sync_remote_url(char **out, git_repository *repo, const char *name,
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

int bilan_sync_remote_new(git_remote **out, git_repository *repo, const char *url,
			  struct bilan_error *err)
{
	git_remote_create_options o;
	git_remote_create_options_init(&o, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	o.repository = repo;
	o.name = NULL;
	o.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	if (git_remote_create_with_opts(out, url, &o) < 0)
		return bilan_sync_git_fail(err, _("cannot use the remote"));
	return 0;
}

/* The remote-tracking ref of a remote's main. */
char *bilan_sync_tracking_ref(const char *name)
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

bool bilan_sync_clear_stale_lock(const char *root_in, const char *msg, int grace_ms)
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

/* Fetch the remote's main into refs/remotes/NAME/main.  No lock is held. */
int bilan_sync_fetch(git_repository *repo, const char *name, const struct bilan_sync_opts *opts,
		     struct bilan_error *err)
{
	git_remote *remote = NULL;
	git_fetch_options fo;
	struct bilan_net n;
	char *url = NULL;
	int e, rc;
	if ((rc = bilan_sync_remote_url(&url, repo, name, err)) < 0)
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
			rc = bilan_sync_within_limits(there, tree, safe_url, err);
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
	if ((rc = bilan_sync_remote_new(&remote, repo, url, err)) < 0) {
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
	if (e < 0 && bilan_sync_clear_stale_lock(git_repository_path(repo), lg2_msg(), LOCK_GRACE_MS)) {
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

int bilan_sync_push(git_remote *remote, const char *const *specs, size_t nspecs,
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
		     bilan_sync_clear_stale_lock(git_repository_path(git_remote_owner(remote)), m,
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
int bilan_sync_push_named(git_repository *repo, const char *name, const char *spec,
			  const struct bilan_sync_opts *opts, bool *nonff, struct bilan_error *err)
{
	git_remote *remote = NULL;
	char *url = NULL;
	int rc = bilan_sync_remote_url(&url, repo, name, err);
	if (rc < 0)
		return rc;
	if ((rc = bilan_sync_remote_new(&remote, repo, url, err)) < 0) {
		free(url);
		return rc;
	}
	const char *specs[1] = { spec };
	rc = bilan_sync_push(remote, specs, 1, opts, nonff, err);
	if (rc == 0 && !(nonff && *nonff)) {
		/* src of "[+]src:refs/heads/main" */
		const char *src = spec[0] == '+' ? spec + 1 : spec;
		char *s2 = bilan_xstrndup(src, strcspn(src, ":"));
		git_oid id;
		git_reference *ref = NULL;
		char *track = bilan_sync_tracking_ref(name);
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

int bilan_sync_open_repo(git_repository **out, const char *root, struct bilan_error *err)
{
	bilan_git_init();
	if (git_repository_open_ext(out, root, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return bilan_sync_git_fail(err, _("cannot open the repository"));
	return 0;
}

/* true when the ref exists (its target in *out). */
bool bilan_sync_ref_id(git_oid *out, git_repository *repo, const char *name)
{
	return git_reference_name_to_id(out, repo, name) == 0;
}

char *bilan_sync_now_iso(const struct bilan_sync_opts *opts)
{
	struct bilan_time t = bilan_time_now();
	if (opts && opts->now)
		t.t = opts->now;
	char buf[BILAN_TIME_ISO_MAX];
	bilan_time_format_iso(buf, &t);
	return bilan_xstrdup(buf);
}

/* A damaged object of this repository (or of a remote on disk, which
 * libgit2 reads in place). */
int bilan_sync_damaged(struct bilan_error *err)
{
	bilan_error_set(err, BILAN_EFAIL, _("a git object is damaged (%s); nothing was changed"),
			lg2_msg());
	bilan_error_hint(err, _("'bilan doctor' tells which; a backup ('bilan backup --restore') or the other side's copy may hold it"));
	return BILAN_EFAIL;
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
int bilan_sync_within_limits(git_repository *repo, git_tree *theirs, const char *url,
			     struct bilan_error *err)
{
	struct limits_ctx c = { NULL, 0, NULL, 0, 0 };
	if (!theirs)
		return 0;
	if (git_repository_odb(&c.odb, repo) < 0)
		return bilan_sync_git_fail(err, _("cannot read the remote's files"));
	int e = git_tree_walk(theirs, GIT_TREEWALK_PRE, limits_cb, &c);
	git_odb_free(c.odb);
	if (e >= 0 && !c.bad)
		return 0;
	if (!c.bad)
		return bilan_sync_git_fail(err, _("cannot read the remote's files"));
	if (c.what == 4) {
		free(c.bad);
		return bilan_sync_damaged(err);
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

bool bilan_sync_is_ancestor(git_repository *repo, const git_oid *anc, const git_oid *of)
{
	return git_oid_equal(anc, of) || git_graph_descendant_of(repo, of, anc) == 1;
}
