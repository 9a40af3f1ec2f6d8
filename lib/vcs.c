/* vcs.c - versioning with libgit2: the one commit path of bilan (see vcs.h).
 *
 * Cost notes (bench/RESULTS.md, /work/shared/PERFORMANCE.md): the index is
 * read once and written once; the commit's tree is HEAD's tree with the
 * named paths upserted or removed (git_tree_create_updated), never
 * git_index_write_tree except for the very first commit; nothing scans the
 * working tree.  git objects are not fsynced (as git's own default): the
 * data file itself was fsynced by fs.c before it gets here.
 */
#include "vcs.h"
#include "clock.h"
#include "fs.h"
#include "git.h"
#include "i18n.h"
#include "index-peek.h"
#include "index-quick.h"
#include "lock.h"

#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define TRAILER_KEY "Bilan-Command"

struct bilan_repo {
	git_repository *git;
	char *gitdir;   /* no trailing slash */
	char *workdir;  /* no trailing slash */
};

static char *strip_slash(const char *s)
{
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		n--;
	return bilan_xstrndup(s, n);
}

static int wrap(struct bilan_repo **out, git_repository *git, const char *dir,
		struct bilan_error *err)
{
	const char *wd = git_repository_workdir(git);
	if (!wd) {
		git_repository_free(git);
		return bilan_error_set(err, BILAN_EINVALID,
			_("the repository in '%s' has no working tree"), dir);
	}
	struct bilan_repo *r = bilan_xcalloc(1, sizeof(*r));
	r->git = git;
	r->gitdir = strip_slash(git_repository_path(git));
	r->workdir = strip_slash(wd);
	*out = r;
	return 0;
}

int bilan_repo_init(struct bilan_repo **out, const char *dir, struct bilan_error *err)
{
	git_repository_init_options o;
	git_repository *git = NULL;
	int e;

	*out = NULL;
	bilan_git_init();
	git_repository_init_options_init(&o, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	o.flags = GIT_REPOSITORY_INIT_NO_REINIT;
	o.mode = GIT_REPOSITORY_INIT_SHARED_UMASK;
	o.initial_head = "main";
	e = git_repository_init_ext(&git, dir, &o);
	if (e == GIT_EEXISTS)
		return bilan_git_fail(err, e, _("a repository already exists in '%s'"), dir);
	if (e < 0)
		return bilan_git_fail(err, e, _("cannot create a repository in '%s'"), dir);
	e = wrap(out, git, dir, err);
	if (e < 0)
		return e;
	/* Private whatever the umask: nobody else may even list the history. */
	if (chmod((*out)->gitdir, 0700) < 0) {
		e = bilan_error_set_errno(err, BILAN_EFAIL, errno,
			_("cannot make '%s' private"), (*out)->gitdir);
		bilan_repo_free(*out);
		*out = NULL;
		return e;
	}
	return 0;
}

int bilan_repo_open(struct bilan_repo **out, const char *dir, struct bilan_error *err)
{
	git_repository *git = NULL;
	int e;

	*out = NULL;
	bilan_git_init();
	e = git_repository_open_ext(&git, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (e == GIT_ENOTFOUND)
		return bilan_error_set(err, BILAN_ENOTFOUND, _("no git repository in '%s'"), dir);
	if (e < 0)
		return bilan_git_fail(err, e, _("cannot open the repository in '%s'"), dir);
	return wrap(out, git, dir, err);
}

void bilan_repo_free(struct bilan_repo *repo)
{
	if (!repo)
		return;
	git_repository_free(repo->git);
	free(repo->gitdir);
	free(repo->workdir);
	free(repo);
}

/* The repository a command is done with, left to the end of the process:
 * freeing a 10,000-entry index entry by entry costs 7 M instructions, 5 %
 * of a commit, for memory the exit gives back anyway.  One at a time (a
 * command with several transactions frees the one before); the pointer
 * stays reachable, so valgrind and LeakSanitizer see no leak. */
static struct bilan_repo *parked_repo;

void bilan_repo_free_late(struct bilan_repo *repo)
{
	if (!repo)
		return;
	bilan_repo_free(parked_repo);
	parked_repo = repo;
}

const char *bilan_repo_gitdir(const struct bilan_repo *repo)
{
	return repo->gitdir;
}

int bilan_repo_head_branch(struct bilan_repo *repo, char **out_where,
			   struct bilan_error *err)
{
	git_reference *head = NULL;
	int ret = 0;

	if (out_where)
		*out_where = NULL;
	int e = git_reference_lookup(&head, repo->git, "HEAD");
	if (e < 0)
		return bilan_git_fail(err, e, _("cannot read HEAD"));
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		const char *target = git_reference_symbolic_target(head);
		if (target && strcmp(target, BILAN_MAIN_REF) == 0)
			goto out;
		const char *name = target && strncmp(target, "refs/heads/", 11) == 0
			? target + 11 : (target ? target : "");
		ret = bilan_error_set(err, BILAN_EFAIL,
			_("the workspace is on branch '%s': bilan records work only on 'main'"),
			name);
		if (out_where)
			*out_where = bilan_xstrdup(name);
	} else {
		char hex[BILAN_OID_HEX] = "";
		const git_oid *id = git_reference_target(head);
		if (id)
			git_oid_tostr(hex, 8, id);
		ret = bilan_error_set(err, BILAN_EFAIL,
			_("the workspace is on a detached HEAD (%s): bilan records work only on 'main'"),
			hex);
		if (out_where)
			*out_where = bilan_xstrdup(hex);
	}
	bilan_error_hint(err, _("nothing was written; 'git switch main' (after 'git stash' "
				"if git asks) brings the workspace back to 'main'"));
out:
	git_reference_free(head);
	return ret;
}

/* message, trimmed, + blank line + trailer.  Control characters in the
 * command are replaced so that the trailer stays one line. */
static char *build_message(const char *message, const char *command)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	size_t n = strlen(message);

	while (n > 0 && (message[n - 1] == '\n' || message[n - 1] == ' ' ||
			 message[n - 1] == '\t' || message[n - 1] == '\r'))
		n--;
	bilan_buf_put(&b, message, n);
	bilan_buf_puts(&b, "\n\n" TRAILER_KEY ": ");
	for (const char *p = command; *p; p++)
		bilan_buf_putc(&b, (unsigned char)*p < 0x20 || *p == 0x7f ? ' ' : *p);
	bilan_buf_putc(&b, '\n');
	return bilan_buf_detach(&b);
}

int bilan_vcs_signature(git_signature **out, git_repository *git, bool use_config,
			const char *name, const char *email)
{
	int64_t now = bilan_now();
	time_t tt = (time_t)now;
	struct tm tm;
	int offset = localtime_r(&tt, &tm) ? (int)(tm.tm_gmtoff / 60) : 0;
	git_signature *def = NULL;
	if (use_config && git && git_signature_default(&def, git) == 0) {
		int e = git_signature_new(out, def->name, def->email, (git_time_t)now, offset);
		git_signature_free(def);
		if (e == 0)
			return 0;
	}
	if (!name || !*name)
		name = "bilan";
	if (!email || !*email)
		email = "bilan@localhost";
	int e = git_signature_new(out, name, email, (git_time_t)now, offset);
	if (e < 0)
		e = git_signature_new(out, "bilan", "bilan@localhost", (git_time_t)now, offset);
	return e;
}

static int make_signature(git_signature **out, git_repository *git,
			  const struct bilan_commit_opts *opts)
{
	bool named = opts->fallback_name && *opts->fallback_name;
	return bilan_vcs_signature(out, git, !(opts->identity_first && named), opts->fallback_name,
				   opts->fallback_email);
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The index-equals-HEAD stamp, <gitdir>/bilan-cache/index-head:
 * "<index checksum> <HEAD commit>\n" in hex.  It vouches that the index
 * whose trailing checksum is the first (its content, whoever wrote it) holds
 * exactly the tree of the second, so that a status need not compare them.
 * It is written only along a chain of states known equal: after a status
 * that found no staged change, and after a commit of bilan_repo_commit_paths
 * made from a vouched state (the index bilan writes is then the old one with
 * the committed paths, which is the new tree).  Any other writer of the
 * index or of HEAD changes one of the two ids, so an old stamp never
 * matches again.  Derived data: failures to write it are ignored. */
static char *stamp_path(const struct bilan_repo *repo)
{
	return bilan_xasprintf("%s/bilan-cache/index-head", repo->gitdir);
}

#define STAMP_LINE_SIZE (2 * GIT_OID_HEXSZ + 3)

/* "<index checksum> <HEAD>\n" */
static void stamp_line(char out[STAMP_LINE_SIZE], const git_oid *index_sum, const git_oid *head)
{
	char a[GIT_OID_HEXSZ + 1], h[GIT_OID_HEXSZ + 1];
	git_oid_tostr(a, sizeof(a), index_sum);
	git_oid_tostr(h, sizeof(h), head);
	snprintf(out, STAMP_LINE_SIZE, "%s %s\n", a, h);
}

static bool stamp_matches(const struct bilan_repo *repo, const git_oid *index_sum,
			  const git_oid *head)
{
	char *path = stamp_path(repo);
	struct bilan_buf b = BILAN_BUF_INIT;
	char want[STAMP_LINE_SIZE];
	stamp_line(want, index_sum, head);
	bool ok = bilan_fs_read(&b, path, 256, NULL) == 0 && !strcmp(bilan_buf_cstr(&b), want);
	bilan_buf_clear(&b);
	free(path);
	return ok;
}

static void stamp_write(const struct bilan_repo *repo, const git_oid *index_sum,
			const git_oid *head)
{
	char *dir = bilan_xasprintf("%s/bilan-cache", repo->gitdir);
	char *path = stamp_path(repo);
	char line[STAMP_LINE_SIZE];
	stamp_line(line, index_sum, head);
	if (!git_oid_is_zero(index_sum) && bilan_fs_mkdir_p(dir, 0700, NULL) == 0)
		bilan_fs_write_atomic(path, line, strlen(line), 0600, NULL);
	free(path);
	free(dir);
}

static void stamp_drop(const struct bilan_repo *repo)
{
	char *path = stamp_path(repo);
	unlink(path);
	free(path);
}

/* Stage each path as it is in the working tree (add, or remove when gone). */
static int stage_paths(struct bilan_repo *repo, git_index *index,
		       const char *const *paths, size_t npaths, struct bilan_error *err)
{
	struct bilan_buf full = BILAN_BUF_INIT;
	int ret = 0, e;

	for (size_t i = 0; i < npaths; i++) {
		struct stat st;
		bilan_buf_reset(&full);
		bilan_buf_printf(&full, "%s/%s", repo->workdir, paths[i]);
		if (lstat(full.ptr, &st) == 0) {
			if (!S_ISREG(st.st_mode)) {
				ret = bilan_error_set(err, BILAN_EINVALID,
					_("cannot commit '%s': not a regular file"), paths[i]);
				goto out;
			}
			e = git_index_add_bypath(index, paths[i]);
			if (e < 0) {
				ret = bilan_git_fail(err, e, _("cannot add '%s' to the index"), paths[i]);
				goto out;
			}
		} else if (errno == ENOENT || errno == ENOTDIR) {
			e = git_index_remove_bypath(index, paths[i]);
			if (e < 0) {
				ret = bilan_git_fail(err, e, _("cannot remove '%s' from the index"),
						paths[i]);
				goto out;
			}
		} else {
			ret = bilan_error_set_errno(err, BILAN_EFAIL, errno,
				_("cannot read '%s'"), paths[i]);
			goto out;
		}
	}
out:
	bilan_buf_clear(&full);
	return ret;
}

int bilan_repo_stage_paths(struct bilan_repo *repo, const char *const *paths, size_t n,
			   struct bilan_error *err)
{
	git_index *index = NULL;
	int e, ret = 0;
	for (size_t i = 0; i < n; i++)
		if (!bilan_fs_rel_path_ok(paths[i]))
			return bilan_error_set(err, BILAN_EINVALID, _("invalid path '%s'"), paths[i]);
	if ((e = git_repository_index(&index, repo->git)) < 0 || (e = git_index_read(index, 0)) < 0) {
		ret = bilan_git_fail(err, e, _("cannot read the index"));
		goto out;
	}
	if ((ret = stage_paths(repo, index, paths, n, err)) < 0)
		goto out;
	if ((e = git_index_write(index)) < 0)
		ret = bilan_git_fail(err, e, _("cannot write the index"));
out:
	git_index_free(index);
	return ret;
}

/* No attributes file libgit2 would read for paths: none in $GIT_DIR/info,
 * the system's or the user's (libgit2's own search paths), nor a
 * .gitattributes in the work tree along the paths' folders (the index's
 * are bilan_index_quick_add's to check). */
static bool no_attributes(const struct bilan_repo *repo, const char *const *paths, size_t n)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	struct stat st;
	bool none = true;
	bilan_buf_printf(&b, "%s/info/attributes", repo->gitdir);
	if (lstat(b.ptr, &st) == 0)
		none = false;
	static const struct { int level; const char *file; } sys[] = {
		{ GIT_CONFIG_LEVEL_SYSTEM, "gitattributes" }, { GIT_CONFIG_LEVEL_XDG, "attributes" },
	};
	for (size_t k = 0; none && k < 2; k++) {
		git_buf dirs = { 0 };
		if (git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, sys[k].level, &dirs) < 0) {
			git_error_clear();
			none = false;
			break;
		}
		/* a list separated by ':' (GIT_PATH_LIST_SEPARATOR) */
		for (const char *d = dirs.ptr ? dirs.ptr : ""; none && *d;) {
			size_t l = strcspn(d, ":");
			bilan_buf_reset(&b);
			bilan_buf_printf(&b, "%.*s/%s", (int)l, d, sys[k].file);
			if (l && lstat(b.ptr, &st) == 0)
				none = false;
			d += l + (d[l] == ':');
		}
		git_buf_dispose(&dirs);
	}
	for (size_t i = 0; none && i < n; i++) {
		for (const char *slash = paths[i];; slash++) {
			bilan_buf_reset(&b);
			bilan_buf_printf(&b, "%s/%.*s.gitattributes", repo->workdir,
					 (int)(slash - paths[i]), paths[i]);
			if (lstat(b.ptr, &st) == 0) {
				none = false;
				break;
			}
			slash = strchr(slash, '/');
			if (!slash)
				break;
		}
	}
	bilan_buf_clear(&b);
	return none;
}

/* The quick way to stage a commit's files (lib/index-quick.h): every path
 * a regular file, HEAD born, core.filemode true (the mode comes from the
 * file), no filter that could apply (no attributes file, no core.autocrlf
 * or core.eol): the blobs are the files' bytes, as git_index_add_bypath
 * would write them (its filters would load the whole index to look for
 * .gitattributes); then the index rewritten without libgit2's read and
 * write of it.  1: staged (*out: the entries, paths' order; old_sum and new_sum:
 * the index's checksums before and after); 0: the libgit2 way, nothing
 * staged (the blobs written are found again); < 0: failed. */
static int quick_stage(struct bilan_repo *repo, const char *const *paths, size_t n,
		       struct bilan_index_add **out, git_oid *old_sum, git_oid *new_sum,
		       struct bilan_error *err)
{
	*out = NULL;
	if (!n || git_repository_head_unborn(repo->git) != 0) {
		git_error_clear();
		return 0;
	}
	git_config *cfg = NULL;
	int filemode = 1;
	if (git_repository_config_snapshot(&cfg, repo->git) < 0) {
		git_error_clear();
		return 0;
	}
	if (git_config_get_bool(&filemode, cfg, "core.filemode") < 0) {
		filemode = 1;
		git_error_clear();
	}
	bool filters = false;
	static const char *const keys[] = { "core.autocrlf", "core.eol", "core.attributesfile" };
	for (size_t k = 0; k < 3; k++) {
		git_config_entry *ce = NULL;
		if (git_config_get_entry(&ce, cfg, keys[k]) == 0)
			filters = true;
		git_config_entry_free(ce);
		git_error_clear();
	}
	git_config_free(cfg);
	if (!filemode || filters || !no_attributes(repo, paths, n))
		return 0;
	struct bilan_index_add *v = bilan_xcalloc(n, sizeof(*v));
	struct bilan_buf full = BILAN_BUF_INIT, data = BILAN_BUF_INIT;
	int ret = 0;
	for (size_t i = 0; i < n; i++) {
		bilan_buf_reset(&full);
		bilan_buf_printf(&full, "%s/%s", repo->workdir, paths[i]);
		if (lstat(full.ptr, &v[i].st) < 0 || !S_ISREG(v[i].st.st_mode) ||
		    v[i].st.st_size > (64 << 20))
			goto out;   /* a removal, or an error libgit2's way reports */
		v[i].path = paths[i];
		/* no filter applies (above): the blob is the file's bytes, as
		 * git_index_add_bypath would write it */
		bilan_buf_reset(&data);
		if (bilan_fs_read(&data, full.ptr, (size_t)(64 << 20), NULL) < 0)
			goto out;
		git_oid id;
		int e = git_blob_create_from_buffer(&id, repo->git, data.ptr ? data.ptr : "", data.len);
		if (e < 0) {
			ret = bilan_git_fail(err, e, _("cannot add '%s' to the index"), paths[i]);
			goto out;
		}
		memcpy(v[i].oid, id.id, 20);
	}
	unsigned char olds[20], news[20];
	ret = bilan_index_quick_add(repo->gitdir, repo->workdir, v, n, olds, news, err);
	if (ret == 1) {
		git_oid_fromraw(old_sum, olds);
		git_oid_fromraw(new_sum, news);
		*out = v;
		v = NULL;
	}
out:
	bilan_buf_clear(&full);
	bilan_buf_clear(&data);
	free(v);
	return ret;
}

/* Tree of the commit: base (HEAD's tree) with the paths taken from the
 * index (or from quick, quick_stage's entries). */
static int build_tree(git_oid *out, git_repository *git, git_index *index,
		      const struct bilan_index_add *quick, git_tree *base,
		      const char *const *paths, size_t npaths, struct bilan_error *err)
{
	git_tree_update *ups = bilan_xcalloc(npaths, sizeof(*ups));
	git_odb *odb = NULL;
	size_t n = 0;
	int e, ret = 0;

	if (!base) {
		/* Unborn HEAD: the index is the whole first tree. */
		e = git_index_write_tree(out, index);
		if (e < 0)
			ret = bilan_git_fail(err, e, _("cannot build the commit's tree"));
		goto out;
	}
	if ((e = git_repository_odb(&odb, git)) < 0) {
		ret = bilan_git_fail(err, e, _("cannot build the commit's tree"));
		goto out;
	}
	for (size_t i = 0; i < npaths; i++) {
		git_index_entry qe;
		const git_index_entry *ie;
		if (quick) {   /* staged by quick_stage: quick[i] is paths[i] */
			memset(&qe, 0, sizeof qe);
			git_oid_fromraw(&qe.id, quick[i].oid);
			qe.mode = (quick[i].st.st_mode & 0100) ? GIT_FILEMODE_BLOB_EXECUTABLE
							       : GIT_FILEMODE_BLOB;
			ie = &qe;
		} else {
			ie = git_index_get_bypath(index, paths[i], 0);
		}
		if (ie && !git_odb_exists(odb, &ie->id)) {
			/* libgit2 may report a write that failed (a full
			 * disk) as done: never commit a tree that names a
			 * blob the repository does not hold. */
			ret = bilan_error_set(err, BILAN_EFAIL,
				_("cannot commit '%s': its content was not written to the repository "
				  "(is the disk full?)"), paths[i]);
			goto out;
		}
		if (ie) {
			ups[n].action = GIT_TREE_UPDATE_UPSERT;
			git_oid_cpy(&ups[n].id, &ie->id);
			ups[n].filemode = ie->mode == GIT_FILEMODE_BLOB_EXECUTABLE ?
				GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
			ups[n].path = paths[i];
			n++;
		} else {
			/* Removing what the tree does not hold is an error for
			 * git_tree_create_updated: only remove what is there. */
			git_tree_entry *te = NULL;
			e = git_tree_entry_bypath(&te, base, paths[i]);
			if (e == GIT_ENOTFOUND)
				continue;
			if (e < 0) {
				ret = bilan_git_fail(err, e, _("cannot read the tree of HEAD"));
				goto out;
			}
			git_tree_entry_free(te);
			ups[n].action = GIT_TREE_UPDATE_REMOVE;
			ups[n].path = paths[i];
			n++;
		}
	}
	if (n == 0) {
		git_oid_cpy(out, git_tree_id(base));
		goto out;
	}
	e = git_tree_create_updated(out, git, base, n, ups);
	if (e < 0)
		ret = bilan_git_fail(err, e, _("cannot build the commit's tree"));
out:
	git_odb_free(odb);
	free(ups);
	return ret;
}

/* libgit2 1.5 may report the write of an object as done when the disk was
 * full: the object is then missing when the next step looks it up. */
static int not_written(struct bilan_error *err)
{
	return bilan_error_set(err, BILAN_EFAIL,
		_("the commit was not written to the repository (is the disk full?)"));
}

/* Almost no room left where the repository is (libgit2 does not always
 * say ENOSPC: a failed reference write may report an older error). */
static bool disk_full(const char *gitdir)
{
	struct statvfs v;
	return statvfs(gitdir, &v) == 0 && (uint64_t)v.f_bavail * v.f_frsize < 64 * 1024;
}

static bool odb_has(git_repository *git, const git_oid *id)
{
	git_odb *odb = NULL;
	bool has = git_repository_odb(&odb, git) == 0 && git_odb_exists(odb, id);
	git_odb_free(odb);
	return has;
}

/* The commit libgit2 says it made is there and HEAD names it.  libgit2
 * 1.5 may report the write of an object as done when the disk was full:
 * then the commit is refused, and HEAD, if it moved, is put back. */
static int check_commit(git_repository *git, const git_oid *commit_id, const git_oid *old_head,
			bool unborn, struct bilan_error *err)
{
	git_oid now;
	int ret = 0;
	bool exists = odb_has(git, commit_id);
	bool moved = git_reference_name_to_id(&now, git, "HEAD") == 0 &&
		     git_oid_equal(&now, commit_id);
	if (!exists || !moved) {
		if (moved && !unborn) {
			git_reference *head = NULL, *ref = NULL;
			if (git_repository_head(&head, git) == 0) {
				git_reference_set_target(&ref, head, old_head,
							 "bilan: undo a commit that was not written");
				git_reference_free(ref);
				git_reference_free(head);
			}
		}
		ret = not_written(err);
	}
	return ret;
}

int bilan_repo_commit_paths(struct bilan_repo *repo, const char *const *paths,
			    size_t npaths, const struct bilan_commit_opts *opts,
			    char out_oid[BILAN_OID_HEX], struct bilan_error *err)
{
	const char **sorted = NULL;
	git_index *index = NULL;
	struct bilan_index_add *quick = NULL;
	git_signature *sig = NULL;
	char *message = NULL;
	size_t n = 0;
	int ret = 0, e;

	out_oid[0] = '\0';
	if (!opts || !opts->message || !*opts->message || !opts->command)
		return bilan_error_set(err, BILAN_EINVALID, _("a commit needs a message"));

	/* Validate, sort and deduplicate the paths. */
	sorted = bilan_xcalloc(npaths ? npaths : 1, sizeof(*sorted));
	for (size_t i = 0; i < npaths; i++) {
		if (!bilan_fs_rel_path_ok(paths[i])) {
			ret = bilan_error_set(err, BILAN_EINVALID, _("invalid path '%s'"),
					      paths[i] ? paths[i] : "");
			goto out;
		}
		sorted[i] = paths[i];
	}
	qsort(sorted, npaths, sizeof(*sorted), cmp_cstr);
	for (size_t i = 0; i < npaths; i++)
		if (n == 0 || strcmp(sorted[n - 1], sorted[i]) != 0)
			sorted[n++] = sorted[i];

	/* The index first: should the commit fail, plain git sees the files
	 * staged (a later 'git commit' records them), never a stale entry
	 * that would revert them.  The quick way when it can (quick_stage),
	 * else libgit2's. */
	git_oid old_sum, quick_sum;
	ret = quick_stage(repo, sorted, n, &quick, &old_sum, &quick_sum, err);
	if (ret < 0)
		goto out;
	if (!quick) {
		e = git_repository_index(&index, repo->git);
		if (e < 0) {
			ret = bilan_git_fail(err, e, _("cannot read the index"));
			goto out;
		}
		/* The index object may be older than the file if the repository
		 * has been open for a while: reload only if it changed on disk. */
		e = git_index_read(index, 0);
		if (e < 0) {
			ret = bilan_git_fail(err, e, _("cannot read the index"));
			goto out;
		}
		/* Is the index as read vouched equal to HEAD?  (checked against
		 * HEAD below, on the first attempt) */
		git_oid_cpy(&old_sum, git_index_checksum(index));
		/* Index format 4 (paths prefix-compressed: 806 KB instead of
		 * 1.1 MB at 10,000 entries, 11 % fewer instructions for a commit
		 * and 8 % for a status, which hash the whole file); git reads
		 * and keeps it (bench/RESULTS.md). */
		if (git_index_version(index) < 4 && git_index_set_version(index, 4) < 0)
			git_error_clear();
		ret = stage_paths(repo, index, sorted, n, err);
		if (ret < 0)
			goto out;
		e = git_index_write(index);
		if (e < 0) {
			ret = bilan_git_fail(err, e, _("cannot write the index"));
			goto out;
		}
	}
	const git_oid *new_sum = quick ? &quick_sum : git_index_checksum(index);

	/* Only ever on main: a commit on another branch or a detached HEAD
	 * would escape every guard that looks at main (issue 14). */
	if ((ret = bilan_repo_head_branch(repo, NULL, err)) < 0)
		goto out;

	message = build_message(opts->message, opts->command);
	e = make_signature(&sig, repo->git, opts);
	if (e < 0) {
		ret = bilan_git_fail(err, e, _("cannot make the commit's author"));
		goto out;
	}

	for (int attempt = 0;; attempt++) {
		git_oid head_id, tree_id, commit_id;
		bool vouched = false;
		git_commit *parent = NULL;
		git_tree *base = NULL, *tree = NULL;
		bool unborn = false;

		e = git_reference_name_to_id(&head_id, repo->git, "HEAD");
		if (e == GIT_ENOTFOUND || e == GIT_EUNBORNBRANCH) {
			unborn = true;
			vouched = attempt == 0;   /* the first tree is the index */
		} else if (e < 0) {
			ret = bilan_git_fail(err, e, _("cannot read HEAD"));
			goto out;
		} else if ((e = git_commit_lookup(&parent, repo->git, &head_id)) < 0 ||
			   (e = git_commit_tree(&base, parent)) < 0) {
			git_commit_free(parent);
			ret = bilan_git_fail(err, e, _("cannot read HEAD"));
			goto out;
		}
		if (!unborn)
			vouched = attempt == 0 && stamp_matches(repo, &old_sum, &head_id);
		ret = build_tree(&tree_id, repo->git, index, quick, base, sorted, n, err);
		if (ret == 0 && base && git_oid_equal(&tree_id, git_tree_id(base))) {
			if (vouched)
				stamp_write(repo, new_sum, &head_id);
			git_tree_free(base);
			git_commit_free(parent);
			goto out; /* nothing changed: no commit */
		}
		if (ret == 0 && (e = git_tree_lookup(&tree, repo->git, &tree_id)) < 0)
			ret = !odb_has(repo->git, &tree_id) ? not_written(err)
				: bilan_git_fail(err, e, _("cannot build the commit's tree"));
		if (ret == 0 && unborn && git_tree_entrycount(tree) == 0) {
			git_tree_free(tree);
			goto out; /* nothing to record in a first commit */
		}
		if (ret == 0) {
			const git_commit *parents[1] = { parent };
			e = git_commit_create(&commit_id, repo->git, "HEAD", sig, sig,
					      NULL, message, tree, unborn ? 0 : 1, parents);
			if (e == 0 && (ret = check_commit(repo->git, &commit_id, &head_id, unborn, err)) < 0)
				e = -1;
			else if (e == 0)
				git_oid_tostr(out_oid, BILAN_OID_HEX, &commit_id);
			if (e == 0 && ret == 0 && vouched)
				stamp_write(repo, new_sum, &commit_id);
			else if (e == 0 && ret == 0)
				stamp_drop(repo);
			else if (e != GIT_EMODIFIED &&
				 (!odb_has(repo->git, &tree_id) || disk_full(repo->gitdir)))
				ret = not_written(err);   /* libgit2's message may be stale */
			else if (e != GIT_EMODIFIED || attempt > 0)
				ret = bilan_git_fail(err, e, _("cannot commit"));
		}
		git_tree_free(tree);
		git_tree_free(base);
		git_commit_free(parent);
		if (ret < 0 || e == 0)
			goto out;
		/* GIT_EMODIFIED: HEAD moved under us; once more from the new HEAD. */
	}
out:
	git_signature_free(sig);
	git_index_free(index);
	free(quick);
	free(message);
	free(sorted);
	return ret;
}

/* Change against HEAD from libgit2's status flags; -1 when none. */
static int change_of(unsigned int s)
{
	if (s & GIT_STATUS_IGNORED)
		return -1;
	if (s & GIT_STATUS_CONFLICTED)
		return BILAN_CHANGE_MODIFIED;
	if (s & GIT_STATUS_INDEX_NEW)
		return (s & GIT_STATUS_WT_DELETED) ? -1 : BILAN_CHANGE_NEW;
	if (s & GIT_STATUS_INDEX_DELETED)
		return (s & GIT_STATUS_WT_NEW) ? BILAN_CHANGE_MODIFIED : BILAN_CHANGE_DELETED;
	if (s & GIT_STATUS_WT_NEW)
		return BILAN_CHANGE_NEW;
	if (s & GIT_STATUS_WT_DELETED)
		return BILAN_CHANGE_DELETED;
	if (s & (GIT_STATUS_WT_MODIFIED | GIT_STATUS_WT_TYPECHANGE |
		 GIT_STATUS_INDEX_MODIFIED | GIT_STATUS_INDEX_TYPECHANGE |
		 GIT_STATUS_WT_RENAMED | GIT_STATUS_INDEX_RENAMED))
		return BILAN_CHANGE_MODIFIED;
	return -1;
}

/* Whether the index's stat data no longer describe the working tree as a
 * whole: a copy (cp -a, rsync, a restore, a clone by hand), a touch of
 * everything, a sync client.  Then every status would hash every file
 * again, for ever, since a status never writes the index.  A sample of up
 * to 16 entries spread over the index is enough: a copy changes the inode
 * and the change time of every file; a hand edit changes its own file only
 * (and a file of another size needs no hashing). */
static bool stat_data_stale(const struct bilan_repo *repo, git_index *index)
{
	size_t n = git_index_entrycount(index);
	size_t step = n > 16 ? n / 16 : 1;
	struct bilan_buf path = BILAN_BUF_INIT;
	bool stale = false;
	for (size_t i = 0; i < n && !stale; i += step) {
		const git_index_entry *ie = git_index_get_byindex(index, i);
		struct stat st;
		if (!ie || GIT_INDEX_ENTRY_STAGE(ie) != 0 || !S_ISREG(ie->mode))
			continue;
		bilan_buf_reset(&path);
		bilan_buf_printf(&path, "%s/%s", repo->workdir, ie->path);
		if (lstat(bilan_buf_cstr(&path), &st) < 0 || !S_ISREG(st.st_mode) ||
		    (uint32_t)st.st_size != ie->file_size)
			continue;   /* gone or changed: no hashing for it */
		stale = (uint32_t)st.st_ino != ie->ino ||
			(int32_t)st.st_mtim.tv_sec != ie->mtime.seconds ||
			(int32_t)st.st_ctim.tv_sec != ie->ctime.seconds;
	}
	bilan_buf_clear(&path);
	return stale;
}

/* The index and HEAD as they are now; sum is the index's checksum. */
static int read_index_sum(struct bilan_repo *repo, git_oid *sum, bool *out_stale,
			  struct bilan_error *err)
{
	git_index *index = NULL;
	int e = git_repository_index(&index, repo->git);
	if (e == 0)
		e = git_index_read(index, 0);   /* as it is on disk now */
	if (e < 0) {
		git_index_free(index);
		return bilan_git_fail(err, e, _("cannot read the index"));
	}
	git_oid_cpy(sum, git_index_checksum(index));
	if (out_stale)
		*out_stale = stat_data_stale(repo, index);
	git_index_free(index);
	return 0;
}

int bilan_repo_status(struct bilan_repo *repo, struct bilan_status_list *out,
		      struct bilan_error *err)
{
	git_status_options o;
	git_status_list *list = NULL;
	struct bilan_lock *lock = NULL;
	int e;

	/* When the index is vouched equal to HEAD (the stamp above), only the
	 * working tree is compared with it: the tree-to-index diff, which reads
	 * every tree of HEAD, is most of a status on a large journal. */
	git_oid head, sum;
	bool has_head = git_reference_name_to_id(&head, repo->git, "HEAD") == 0;
	bool stale = false;
	/* The common answer, nothing changed, without libgit2's index read
	 * (index-peek.h): the working tree is the index, and the stamp
	 * vouches the index equal to HEAD. */
	unsigned char raw[20];
	if (has_head && bilan_index_peek_clean(repo->gitdir, repo->workdir, raw)) {
		git_oid_fromraw(&sum, raw);
		if (stamp_matches(repo, &sum, &head))
			return 0;
	}
	e = read_index_sum(repo, &sum, &stale, err);
	if (e < 0)
		return e;
	if (stale) {
		/* Stale stat data: write the fresh ones back, as git's status
		 * does, but only under the workspace lock taken without
		 * waiting (a mutating command may be about to write the index;
		 * the lock also keeps the removal of a killed holder's
		 * index.lock from racing this write).  Otherwise this status
		 * hashes and the next one tries again.  The index is read
		 * again once the lock is held. */
		char *lock_path = bilan_xasprintf("%s/bilan.lock", repo->gitdir);
		if (bilan_lock_acquire(&lock, lock_path, "status (refresh)", 0, NULL) < 0)
			lock = NULL;
		free(lock_path);
		if (lock && (e = read_index_sum(repo, &sum, NULL, err)) < 0) {
			bilan_lock_release(lock);
			return e;
		}
	}
	bool vouched = has_head && stamp_matches(repo, &sum, &head);

	git_status_options_init(&o, GIT_STATUS_OPTIONS_VERSION);
	o.show = vouched ? GIT_STATUS_SHOW_WORKDIR_ONLY : GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	o.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		  GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY;
	if (lock)
		o.flags |= GIT_STATUS_OPT_UPDATE_INDEX;
	e = git_status_list_new(&list, repo->git, &o);
	if (e < 0 && lock) {
		/* index.lock held by some git command: no refresh this time */
		bilan_lock_release(lock);
		lock = NULL;
		o.flags &= ~(unsigned int)GIT_STATUS_OPT_UPDATE_INDEX;
		e = git_status_list_new(&list, repo->git, &o);
	}
	if (e < 0)
		return bilan_git_fail(err, e, _("cannot compute the status of the workspace"));
	if (lock) {
		/* libgit2 wrote each refreshed entry as an update, which
		 * invalidated the index's cached trees (TREE): git's own status
		 * would then compare all of HEAD's trees with the index, 2.6
		 * times its cost at 10k entries, until a git command rebuilt
		 * them.  Rebuilt here, once: the trees exist already (same
		 * content), only the cache is written. */
		git_index *index = NULL;
		git_oid tree;
		if (git_repository_index(&index, repo->git) == 0 &&
		    git_index_write_tree(&tree, index) == 0)
			git_index_write(index);
		git_error_clear();
		git_index_free(index);
	}
	size_t count = git_status_list_entrycount(list);
	bool staged = false;
	for (size_t i = 0; i < count; i++) {
		const git_status_entry *se = git_status_byindex(list, i);
		if (se->head_to_index)
			staged = true;
		int c = change_of(se->status);
		if (c < 0)
			continue;
		const git_diff_delta *d = se->index_to_workdir ? se->index_to_workdir :
					  se->head_to_index;
		const char *path = d ? (d->new_file.path ? d->new_file.path : d->old_file.path)
				     : NULL;
		if (!path)
			continue;
		BILAN_ALLOC_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n].path = bilan_xstrdup(path);
		out->v[out->n].change = (enum bilan_change)c;
		out->n++;
	}
	git_status_list_free(list);
	if (has_head && !staged && (lock || !vouched)) {
		/* Nothing staged: the index status read was HEAD's tree, if
		 * neither moved meanwhile.  A refresh under the lock changed
		 * the index's stat data only, so its new checksum is vouched
		 * too (no bilan command could write meanwhile). */
		git_oid head2, sum2;
		if (read_index_sum(repo, &sum2, NULL, NULL) == 0 &&
		    git_reference_name_to_id(&head2, repo->git, "HEAD") == 0 &&
		    git_oid_equal(&head, &head2) &&
		    (lock || git_oid_equal(&sum, &sum2)) &&
		    !(vouched && git_oid_equal(&sum, &sum2)))
			stamp_write(repo, &sum2, &head);
	}
	bilan_lock_release(lock);
	return 0;
}

void bilan_status_list_clear(struct bilan_status_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

int bilan_repo_path_modified(struct bilan_repo *repo, const char *path, bool *out,
			     struct bilan_error *err)
{
	unsigned int flags = 0;
	int e;

	*out = false;
	if (!bilan_fs_rel_path_ok(path))
		return bilan_error_set(err, BILAN_EINVALID, _("invalid path '%s'"), path);
	e = git_status_file(&flags, repo->git, path);
	if (e == GIT_ENOTFOUND)
		return 0; /* neither in HEAD, the index nor the working tree */
	if (e < 0)
		return bilan_git_fail(err, e, _("cannot compute the status of '%s'"), path);
	*out = change_of(flags) >= 0;
	return 0;
}

static char *trailer_command(const char *message)
{
	git_message_trailer_array arr = { 0 };
	char *value = NULL;

	if (git_message_trailers(&arr, message) < 0)
		return NULL;
	for (size_t i = 0; i < arr.count; i++) {
		if (!strcasecmp(arr.trailers[i].key, TRAILER_KEY)) {
			free(value); /* the last one wins */
			value = bilan_xstrdup(arr.trailers[i].value);
		}
	}
	git_message_trailer_array_free(&arr);
	return value;
}

int bilan_repo_log(struct bilan_repo *repo, size_t max, struct bilan_log *out,
		   struct bilan_error *err)
{
	git_revwalk *walk = NULL;
	git_oid id;
	int e, ret = 0;

	e = git_repository_head_unborn(repo->git);
	if (e == 1)
		return 0; /* no commit yet */
	if (e < 0)
		return bilan_git_fail(err, e, _("cannot read HEAD"));
	e = git_revwalk_new(&walk, repo->git);
	if (e < 0)
		return bilan_git_fail(err, e, _("cannot read the history"));
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	e = git_revwalk_push_head(walk);
	if (e < 0) {
		ret = bilan_git_fail(err, e, _("cannot read the history"));
		goto out;
	}
	while ((max == 0 || out->n < max) && (e = git_revwalk_next(&id, walk)) == 0) {
		git_commit *c = NULL;
		e = git_commit_lookup(&c, repo->git, &id);
		if (e < 0)
			break;
		const git_signature *a = git_commit_author(c);
		const char *summary = git_commit_summary(c);
		BILAN_ALLOC_GROW(out->v, out->n + 1, out->alloc);
		struct bilan_log_entry *le = &out->v[out->n++];
		memset(le, 0, sizeof(*le));
		git_oid_tostr(le->oid, sizeof(le->oid), &id);
		le->time = (int64_t)git_commit_time(c);
		le->offset_minutes = git_commit_time_offset(c);
		le->author_name = bilan_xstrdup(a && a->name ? a->name : "");
		le->author_email = bilan_xstrdup(a && a->email ? a->email : "");
		le->summary = bilan_xstrdup(summary ? summary : "");
		le->command = trailer_command(git_commit_message(c));
		git_commit_free(c);
	}
	if (e < 0 && e != GIT_ITEROVER)
		ret = bilan_git_fail(err, e, _("cannot read the history"));
out:
	git_revwalk_free(walk);
	return ret;
}

void bilan_log_clear(struct bilan_log *log)
{
	if (!log)
		return;
	for (size_t i = 0; i < log->n; i++) {
		free(log->v[i].author_name);
		free(log->v[i].author_email);
		free(log->v[i].summary);
		free(log->v[i].command);
	}
	free(log->v);
	log->v = NULL;
	log->n = log->alloc = 0;
}
