/* fs.c - atomic writes, private directories, bounded reads (see fs.h). */
#include "fs.h"
#include "i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define REL_PATH_MAX 4096
#define MAX_DEPTH 64

/* Message for a failed write, with a clear wording for the errors a user can
 * act on (full disk, quota, read-only file system, file size limit). */
static int write_error(struct bilan_error *err, int errnum, const char *path)
{
	switch (errnum) {
	case ENOSPC:
		return bilan_error_set(err, BILAN_EFAIL,
			_("cannot write '%s': no space left on the device"), path);
	case EDQUOT:
		return bilan_error_set(err, BILAN_EFAIL,
			_("cannot write '%s': disk quota exceeded"), path);
	case EROFS:
		return bilan_error_set(err, BILAN_EFAIL,
			_("cannot write '%s': the file system is read-only"), path);
	case EFBIG:
		return bilan_error_set(err, BILAN_EFAIL,
			_("cannot write '%s': the file exceeds the maximum file size allowed"), path);
	default:
		return bilan_error_set_errno(err, BILAN_EFAIL, errnum,
			_("cannot write '%s'"), path);
	}
}

/* Write all of data to fd, looping on short writes and EINTR. */
static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		size_t chunk = len > (size_t)SSIZE_MAX ? (size_t)SSIZE_MAX : len;
		ssize_t n = write(fd, p, chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void random_suffix(char out[7])
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char rnd[6];
	if (getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd)) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 20) ^
			     (uint64_t)(uintptr_t)out;
		for (size_t i = 0; i < sizeof(rnd); i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			rnd[i] = (unsigned char)(x >> 56);
		}
	}
	for (size_t i = 0; i < 6; i++)
		out[i] = alphabet[rnd[i] % (sizeof(alphabet) - 1)];
	out[6] = '\0';
}

/* fsync a directory; file systems that cannot (EINVAL) are not an error. */
static int fsync_dir(int dirfd)
{
	if (fsync(dirfd) < 0 && errno != EINVAL && errno != EROFS)
		return -1;
	return 0;
}

/* The atomic write itself: dirfd/name through dirfd/.name.tmp-XXXXXX.
 * display is the path shown in messages. */
static int write_at(int dirfd, const char *name, const char *display,
		    const void *data, size_t len, mode_t mode, struct bilan_error *err)
{
	char tmp[NAME_MAX + 1];
	char suffix[7];
	int fd = -1;
	size_t namelen = strlen(name);
	/* ".NAME.tmp-XXXXXX": keep it under NAME_MAX by shortening NAME. */
	int keep = (int)(namelen > NAME_MAX - 12 ? NAME_MAX - 12 : namelen);

	for (int tries = 0; tries < 100; tries++) {
		random_suffix(suffix);
		snprintf(tmp, sizeof(tmp), ".%.*s.tmp-%s", keep, name, suffix);
		fd = openat(dirfd, tmp,
			    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0)
		return write_error(err, errno, display);

	if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		int e = errno;
		close(fd);
		unlinkat(dirfd, tmp, 0);
		return write_error(err, e, display);
	}
	if (close(fd) < 0 && errno != EINTR) {
		int e = errno;
		unlinkat(dirfd, tmp, 0);
		return write_error(err, e, display);
	}
	if (renameat(dirfd, tmp, dirfd, name) < 0) {
		int e = errno;
		unlinkat(dirfd, tmp, 0);
		return write_error(err, e, display);
	}
	if (fsync_dir(dirfd) < 0)
		return write_error(err, errno, display);
	return 0;
}

int bilan_fs_write_atomic(const char *path, const void *data, size_t len,
			  mode_t mode, struct bilan_error *err)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	char *dir = slash ? bilan_xstrndup(path, (size_t)(slash - path)) : bilan_xstrdup(".");
	int ret, dirfd;

	if (!*name || !strcmp(name, ".") || !strcmp(name, "..")) {
		free(dir);
		return bilan_error_set(err, BILAN_EINVALID, _("invalid file name '%s'"), path);
	}
	dirfd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (dirfd < 0)
		return write_error(err, errno, path);
	ret = write_at(dirfd, name, path, data, len, mode, err);
	close(dirfd);
	return ret;
}

bool bilan_fs_rel_path_ok(const char *rel)
{
	if (!rel || !*rel || rel[0] == '/' || strlen(rel) >= REL_PATH_MAX)
		return false;
	const char *p = rel;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0 || n > NAME_MAX)
			return false;
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)p[i];
			if (c < 0x20 || c == 0x7f || c == '\\' || c == ':')
				return false;
		}
		if (!end)
			break;
		p = end + 1;
		if (!*p)
			return false; /* trailing slash: empty last component */
	}
	return true;
}

static bool too_deep(const char *rel)
{
	size_t slashes = 0;
	for (const char *p = rel; *p; p++)
		slashes += *p == '/';
	return slashes + 1 > MAX_DEPTH;
}

/* Split rel into components in a modifiable copy; returns count. */
static size_t split_rel(char *copy, char **comps, size_t max)
{
	size_t n = 0;
	char *save = NULL;
	for (char *t = strtok_r(copy, "/", &save); t && n < max; t = strtok_r(NULL, "/", &save))
		comps[n++] = t;
	return n;
}

static int refuse_symlink(struct bilan_error *err, const char *rel, size_t upto)
{
	char *link = bilan_xstrndup(rel, upto);
	int ret = bilan_error_set(err, BILAN_EINVALID,
		_("refusing to write through symbolic link '%s'"), link);
	free(link);
	return ret;
}

/* Open (and with create, make 0700) the directory component name in dirfd,
 * never following a symlink.  rel/upto name it in messages. */
static int open_component(int dirfd, const char *name, bool create, const char *rel,
			  size_t upto, struct bilan_error *err)
{
	for (int tries = 0; tries < 3; tries++) {
		int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0)
			return fd;
		int e = errno;
		if (e == ENOENT) {
			if (!create)
				return bilan_error_set(err, BILAN_ENOTFOUND,
					_("'%.*s' not found"), (int)upto, rel);
			if (mkdirat(dirfd, name, 0700) < 0 && errno != EEXIST)
				return bilan_error_set_errno(err, BILAN_EFAIL, errno,
					_("cannot create directory '%.*s'"), (int)upto, rel);
			continue;
		}
		if (e == ELOOP || e == ENOTDIR) {
			struct stat st;
			if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			    S_ISLNK(st.st_mode))
				return refuse_symlink(err, rel, upto);
			return bilan_error_set(err, BILAN_EINVALID,
				_("'%.*s' is not a directory"), (int)upto, rel);
		}
		return bilan_error_set_errno(err, BILAN_EFAIL, e,
			_("cannot open directory '%.*s'"), (int)upto, rel);
	}
	return bilan_error_set(err, BILAN_EFAIL,
		_("cannot open directory '%.*s'"), (int)upto, rel);
}

int bilan_fs_write_in(const char *root, const char *rel, const void *data,
		      size_t len, struct bilan_error *err)
{
	char *comps[MAX_DEPTH];
	char *copy = NULL;
	int fd = -1, ret = 0;
	size_t n;
	struct stat st;

	if (!bilan_fs_rel_path_ok(rel))
		return bilan_error_set(err, BILAN_EINVALID, _("invalid path '%s'"), rel);
	if (too_deep(rel))
		return bilan_error_set(err, BILAN_EINVALID, _("invalid path '%s'"), rel);
	copy = bilan_xstrdup(rel);
	n = split_rel(copy, comps, MAX_DEPTH);
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		ret = bilan_error_set_errno(err, BILAN_EFAIL, errno,
			_("cannot open directory '%s'"), root);
		goto out;
	}
	for (size_t i = 0; i + 1 < n; i++) {
		size_t upto = (size_t)(comps[i] - copy) + strlen(comps[i]);
		int sub = open_component(fd, comps[i], true, rel, upto, err);
		if (sub < 0) {
			ret = sub;
			goto out;
		}
		close(fd);
		fd = sub;
	}
	if (fstatat(fd, comps[n - 1], &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISLNK(st.st_mode)) {
			ret = refuse_symlink(err, rel, strlen(rel));
			goto out;
		}
		if (!S_ISREG(st.st_mode)) {
			ret = bilan_error_set(err, BILAN_EINVALID,
				_("'%s' is not a regular file"), rel);
			goto out;
		}
	}
	ret = write_at(fd, comps[n - 1], rel, data, len, 0600, err);
out:
	if (fd >= 0)
		close(fd);
	free(copy);
	return ret;
}

int bilan_fs_remove_in(const char *root, const char *rel, struct bilan_error *err)
{
	char *comps[MAX_DEPTH];
	int fds[MAX_DEPTH];
	char *copy = NULL;
	size_t n, nfds = 0;
	int ret = 0;

	if (!bilan_fs_rel_path_ok(rel))
		return bilan_error_set(err, BILAN_EINVALID, _("invalid path '%s'"), rel);
	if (too_deep(rel))
		return bilan_error_set(err, BILAN_EINVALID, _("invalid path '%s'"), rel);
	copy = bilan_xstrdup(rel);
	n = split_rel(copy, comps, MAX_DEPTH);
	fds[0] = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fds[0] < 0) {
		ret = bilan_error_set_errno(err, BILAN_EFAIL, errno,
			_("cannot open directory '%s'"), root);
		goto out;
	}
	nfds = 1;
	for (size_t i = 0; i + 1 < n; i++) {
		size_t upto = (size_t)(comps[i] - copy) + strlen(comps[i]);
		struct bilan_error sub_err = BILAN_ERROR_INIT;
		int sub = open_component(fds[nfds - 1], comps[i], false, rel, upto, &sub_err);
		if (sub < 0) {
			if (sub != BILAN_ENOTFOUND) {
				ret = sub;
				if (err)
					*err = sub_err;
			}
			goto out; /* a missing parent: nothing to remove */
		}
		fds[nfds++] = sub;
	}
	if (unlinkat(fds[nfds - 1], comps[n - 1], 0) < 0) {
		if (errno == ENOENT)
			goto out;
		ret = bilan_error_set_errno(err, BILAN_EFAIL, errno,
			_("cannot remove '%s'"), rel);
		goto out;
	}
	fsync_dir(fds[nfds - 1]);
	/* Prune directories left empty, deepest first, never root. */
	for (size_t i = nfds - 1; i >= 1; i--) {
		if (unlinkat(fds[i - 1], comps[i - 1], AT_REMOVEDIR) < 0)
			break;
		fsync_dir(fds[i - 1]);
	}
out:
	for (size_t i = 0; i < nfds; i++)
		close(fds[i]);
	free(copy);
	return ret;
}

int bilan_fs_mkdir_p(const char *path, mode_t mode, struct bilan_error *err)
{
	char *p = bilan_xstrdup(path);
	int ret = 0;
	size_t len = strlen(p);
	struct stat st;

	while (len > 1 && p[len - 1] == '/')
		p[--len] = '\0';
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, mode) < 0) {
			int e = errno;
			if (e != EEXIST || stat(p, &st) < 0 || !S_ISDIR(st.st_mode)) {
				if (e == EEXIST)
					ret = bilan_error_set(err, BILAN_EINVALID,
						_("'%s' is not a directory"), p);
				else
					ret = bilan_error_set_errno(err, BILAN_EFAIL, e,
						_("cannot create directory '%s'"), p);
				goto out;
			}
		}
		*s = c;
		if (!c)
			break;
	}
out:
	free(p);
	return ret;
}

/* Read from fd until EOF, at most max bytes; -1 with errno, or 1 if over max. */
static int read_bounded(struct bilan_buf *out, int fd, size_t max)
{
	size_t total = 0;
	for (;;) {
		size_t want = max - total + 1; /* one more byte reveals "too big" */
		if (want > 65536)
			want = 65536;
		bilan_buf_grow(out, want);
		ssize_t n = read(fd, out->ptr + out->len, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			out->ptr[out->len] = '\0';
			return -1;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		total += (size_t)n;
		out->ptr[out->len] = '\0';
		if (total > max)
			return 1;
	}
	out->ptr[out->len] = '\0';
	return 0;
}

int bilan_fs_read(struct bilan_buf *out, const char *path, size_t max,
		  struct bilan_error *err)
{
	struct stat st;
	int ret = 0, r;
	/* O_NONBLOCK: a FIFO named as a file must not hang the open (it is
	 * refused below, not a regular file); regular files ignore the flag. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	bilan_buf_reset(out);
	bilan_buf_put(out, "", 0);
	if (fd < 0) {
		if (errno == ENOENT)
			return bilan_error_set(err, BILAN_ENOTFOUND, _("'%s' not found"), path);
		return bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot read '%s'"), path);
	}
	if (fstat(fd, &st) < 0) {
		ret = bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot read '%s'"), path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = bilan_error_set(err, BILAN_EINVALID, _("'%s' is not a regular file"), path);
		goto out;
	}
	if ((uintmax_t)st.st_size > (uintmax_t)max) {
		ret = bilan_error_set(err, BILAN_ETOOBIG,
			_("'%s' is too large (%jd bytes, the limit is %zu)"),
			path, (intmax_t)st.st_size, max);
		goto out;
	}
	r = read_bounded(out, fd, max);
	if (r < 0)
		ret = bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot read '%s'"), path);
	else if (r > 0)
		ret = bilan_error_set(err, BILAN_ETOOBIG,
			_("'%s' is too large (more than %zu bytes)"), path, max);
out:
	if (ret < 0)
		bilan_buf_reset(out);
	close(fd);
	return ret;
}

int bilan_fs_read_fd(struct bilan_buf *out, int fd, size_t max, struct bilan_error *err)
{
	int r;

	bilan_buf_reset(out);
	bilan_buf_put(out, "", 0);
	r = read_bounded(out, fd, max);
	if (r < 0) {
		int e = errno;
		bilan_buf_reset(out);
		return bilan_error_set_errno(err, BILAN_EFAIL, e, _("cannot read the input"));
	}
	if (r > 0) {
		bilan_buf_reset(out);
		return bilan_error_set(err, BILAN_ETOOBIG,
			_("the input is too large (more than %zu bytes)"), max);
	}
	return 0;
}

bool bilan_fs_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

bool bilan_fs_gone(const char *root, const char *rel, const struct bilan_error *err)
{
	if (!err || err->code != BILAN_ENOTFOUND)
		return false;
	char *abs = bilan_xasprintf("%s/%s", root, rel);
	bool gone = !bilan_fs_exists(abs);
	free(abs);
	return gone;
}

bool bilan_fs_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

/* List dirfd (consumed) into out with prefix; depth bounds recursion. */
static int list_dir(struct bilan_strlist *out, int dirfd, const char *prefix,
		    const char *suffix, int depth, const char *top, struct bilan_error *err)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *de;
	int ret = 0;

	if (!d) {
		int e = errno;
		close(dirfd);
		return bilan_error_set_errno(err, BILAN_EFAIL, e, _("cannot read directory '%s'"), top);
	}
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno)
				ret = bilan_error_set_errno(err, BILAN_EFAIL, errno,
					_("cannot read directory '%s'"), top);
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		unsigned char type = de->d_type;
		if (type == DT_UNKNOWN) {
			struct stat st;
			if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
		}
		if (type == DT_DIR) {
			if (depth >= MAX_DEPTH)
				continue;
			int sub = openat(dirfd, de->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0)
				continue; /* raced into a symlink or vanished */
			char *p = bilan_xasprintf("%s%s/", prefix, de->d_name);
			ret = list_dir(out, sub, p, suffix, depth + 1, top, err);
			free(p);
			if (ret < 0)
				break;
		} else if (type == DT_REG) {
			if (!suffix || has_suffix(de->d_name, suffix))
				bilan_strlist_add_owned(out,
					bilan_xasprintf("%s%s", prefix, de->d_name));
		}
	}
	closedir(d);
	return ret;
}

int bilan_fs_list(struct bilan_strlist *out, const char *dir, const char *suffix,
		  struct bilan_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret;

	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return bilan_error_set_errno(err, BILAN_EFAIL, errno,
			_("cannot read directory '%s'"), dir);
	}
	ret = list_dir(out, fd, "", suffix, 0, dir, err);
	bilan_strlist_sort(out);
	return ret;
}

int64_t bilan_fs_now_ns(const char *dir)
{
	struct stat st;
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0) {
		int ok = fstat(fd, &st);
		close(fd);
		if (ok == 0)
			return (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	} else if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) {
		/* no O_TMPFILE here: a named file, removed at once */
		char suffix[7];
		random_suffix(suffix);
		char *path = bilan_xasprintf("%s/.bilan-now-%s", dir, suffix);
		fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd >= 0) {
			int ok = fstat(fd, &st);
			close(fd);
			unlink(path);
			free(path);
			if (ok == 0)
				return (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
		} else {
			free(path);
		}
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
