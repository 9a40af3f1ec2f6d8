/* lock.c - the workspace lock: flock(2) with a holder record (see lock.h). */
#include "lock.h"
#include "settings.h"
#include "buf.h"
#include "i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT_MS 30000
#define HOLDER_MAX 4096

struct bilan_lock {
	int fd;
	char *path;
};

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* ISO 8601 local time with offset, e.g. 2024-03-01T10:42:00+01:00. */
static void iso_time(char *out, size_t size, time_t t)
{
	struct tm tm;
	char tz[8];

	localtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(tz, sizeof(tz), "%z", &tm); /* +0100 */
	if (strlen(tz) == 5) {
		size_t len = strlen(out);
		snprintf(out + len, size - len, "%.3s:%s", tz, tz + 3);
	}
}

/* Copy s into b with control characters replaced, so one value stays on one line. */
static void put_clean(struct bilan_buf *b, const char *s)
{
	for (; s && *s; s++)
		bilan_buf_putc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

static void write_holder(int fd, const char *command)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	char host[256] = "";
	char since[64];

	if (gethostname(host, sizeof(host) - 1) < 0)
		strcpy(host, "?");
	host[sizeof(host) - 1] = '\0';
	iso_time(since, sizeof(since), time(NULL));
	bilan_buf_printf(&b, "pid=%ld\nhost=", (long)getpid());
	put_clean(&b, host);
	bilan_buf_puts(&b, "\ncommand=");
	put_clean(&b, command ? command : "?");
	bilan_buf_printf(&b, "\nsince=%s\n", since);
	/* The record is a courtesy to waiters: failing to write it (full disk)
	 * does not make the lock less held. */
	if (ftruncate(fd, 0) == 0) {
		size_t off = 0;
		while (off < b.len) {
			ssize_t n = pwrite(fd, b.ptr + off, b.len - off, (off_t)off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			off += (size_t)n;
		}
	}
	bilan_buf_clear(&b);
}

/* Value of "key=" in the holder record, or NULL. Caller frees. */
static char *holder_field(const char *rec, const char *key)
{
	size_t klen = strlen(key);
	for (const char *p = rec; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n > klen && !strncmp(p, key, klen) && p[klen] == '=')
			return bilan_xstrndup(p + klen + 1, n - klen - 1);
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

/* The holder of the flock on the inode of fd, from /proc/locks, for a lock
 * file whose record is missing (a holder that is not bilan, such as
 * flock(1)): 0 when unknown. */
static long proc_locks_holder(int fd)
{
	struct stat st;
	char line[256];
	long pid = 0;
	FILE *f;

	if (fstat(fd, &st) < 0 || !(f = fopen("/proc/locks", "re")))
		return 0;
	while (!pid && fgets(line, sizeof(line), f)) {
		long p;
		unsigned int maj, min;
		unsigned long ino;
		char kind[16], mode[16], access[16];
		const char *l = strstr(line, ": ");
		/* "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF" ("->" marks waiters) */
		if (!l || strstr(line, "->"))
			continue;
		/* a kernel file of fixed layout: sscanf's lack of overflow
		 * reporting does not matter here */
		if (sscanf(l + 2, "%15s %15s %15s %ld %x:%x:%lu", kind, mode, access, // NOLINT(cert-err34-c)
			   &p, &maj, &min, &ino) == 7 && !strcmp(kind, "FLOCK") &&
		    ino == (unsigned long)st.st_ino && maj == major(st.st_dev) &&
		    min == minor(st.st_dev))
			pid = p;
	}
	fclose(f);
	return pid;
}

/* The name of a running process, or NULL. Caller frees. */
static char *proc_comm(long pid)
{
	char path[64], name[64];
	FILE *f;
	char *ret = NULL;

	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	if (!(f = fopen(path, "re")))
		return NULL;
	if (fgets(name, sizeof(name), f)) {
		name[strcspn(name, "\n")] = '\0';
		struct bilan_buf b = BILAN_BUF_INIT;
		put_clean(&b, name);
		ret = bilan_buf_detach(&b);
	}
	fclose(f);
	return ret;
}

static int locked_error(int fd, struct bilan_error *err)
{
	char rec[HOLDER_MAX + 1];
	ssize_t n;
	int ret;

	do
		n = pread(fd, rec, HOLDER_MAX, 0);
	while (n < 0 && errno == EINTR);
	rec[n > 0 ? n : 0] = '\0';

	char *pid = holder_field(rec, "pid");
	char *host = holder_field(rec, "host");
	char *command = holder_field(rec, "command");
	char *since = holder_field(rec, "since");
	const char *unknown = _("unknown");
	long holder = pid ? strtol(pid, NULL, 10) : 0L;

	if (!pid) {
		/* Not a bilan holder (or one that has not written its record
		 * yet): the kernel still knows who it is. */
		holder = proc_locks_holder(fd);
		struct stat st;
		if (!since && fstat(fd, &st) == 0 && st.st_size == 0) {
			/* an empty file: it was made when the holder took it */
			char when[64];
			iso_time(when, sizeof(when), st.st_mtime);
			since = bilan_xstrdup(when);
		}
		if (holder > 0) {
			free(command);
			command = proc_comm(holder);
			if (!host) {
				char h[256] = "";
				if (gethostname(h, sizeof(h) - 1) == 0 && h[0]) {
					struct bilan_buf b = BILAN_BUF_INIT;
					put_clean(&b, h);
					host = bilan_buf_detach(&b);
				}
			}
		}
	}
	ret = bilan_error_set(err, BILAN_ELOCKED,
		_("the workspace is locked by '%s' (pid %ld on %s, since %s)"),
		command ? command : unknown, holder,
		host ? host : unknown, since ? since : unknown);
	bilan_error_hint(err,
		_("try again when it has finished, or set BILAN_LOCK_TIMEOUT to the number "
		  "of seconds to wait (now %.1f)"), bilan_lock_timeout_ms() / 1000.0);
	free(pid);
	free(host);
	free(command);
	free(since);
	return ret;
}

/* true when fd is still the file at path (nobody released and unlinked it
 * between our open and our flock). */
static bool same_file(int fd, const char *path)
{
	struct stat a, b;
	return fstat(fd, &a) == 0 && lstat(path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Remove, under dir (the .git folder), git's lock files ("X.lock") that are
 * not older than since: those of a holder killed while it held the
 * workspace lock.  refs/ and logs/ are searched, objects/ is not. */
static void remove_git_locks(const char *dir, const char *rel, const struct timespec *since,
			     int depth)
{
	char *path = rel ? bilan_xasprintf("%s/%s", dir, rel) : bilan_xstrdup(dir);
	DIR *d = opendir(path);
	free(path);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *n = de->d_name;
		if (n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2])))
			continue;
		char *sub = rel ? bilan_xasprintf("%s/%s", rel, n) : bilan_xstrdup(n);
		char *full = bilan_xasprintf("%s/%s", dir, sub);
		struct stat st;
		if (lstat(full, &st) == 0) {
			size_t len = strlen(n);
			if (S_ISDIR(st.st_mode)) {
				if (depth < 16 && (rel || !strcmp(n, "refs") || !strcmp(n, "logs")))
					remove_git_locks(dir, sub, since, depth + 1);
			} else if (S_ISREG(st.st_mode) && len > 5 && !strcmp(n + len - 5, ".lock") &&
				   strcmp(sub, "bilan.lock") != 0 &&
				   (st.st_mtim.tv_sec > since->tv_sec ||
				    (st.st_mtim.tv_sec == since->tv_sec &&
				     st.st_mtim.tv_nsec >= since->tv_nsec))) {
				unlink(full);
			}
		}
		free(sub);
		free(full);
	}
	closedir(d);
}

/* The lock file we now hold still has a record: its holder was killed
 * before it could remove it (a normal release unlinks the file).  git's own
 * lock files it left (index.lock when killed while writing the index,
 * refs/heads/main.lock while moving the branch) would stop every later
 * commit: remove those made since that holder took the lock (the record's
 * modification time). */
static void recover_after_killed_holder(int fd, const char *lock_path)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || st.st_size == 0)
		return;
	const char *slash = strrchr(lock_path, '/');
	char *gitdir = slash ? bilan_xstrndup(lock_path, (size_t)(slash - lock_path))
			     : bilan_xstrdup(".");
	struct timespec since = st.st_mtim;
	/* a second of margin for file systems with coarse timestamps */
	since.tv_sec -= 1;
	remove_git_locks(gitdir, NULL, &since, 0);
	free(gitdir);
}

const char *bilan_lock_path_kind(const char *lock_path)
{
	struct stat st;
	if (lstat(lock_path, &st) < 0 || S_ISREG(st.st_mode))
		return "";
	if (S_ISLNK(st.st_mode))
		return _("a symbolic link");
	if (S_ISDIR(st.st_mode))
		return _("a folder");
	return _("a special file");
}

int bilan_lock_clear_bogus(const char *lock_path, struct bilan_error *err)
{
	struct stat st;
	if (lstat(lock_path, &st) < 0 || S_ISREG(st.st_mode))
		return 0;
	if (S_ISDIR(st.st_mode) ? rmdir(lock_path) == 0 : unlink(lock_path) == 0)
		return 0;
	return bilan_error_set_errno(err, BILAN_EFAIL, errno,
				     _("cannot remove '%s'; move it away by hand"), lock_path);
}

static int bogus_lock_error(const char *lock_path, struct bilan_error *err)
{
	bilan_error_set(err, BILAN_EFAIL,
			_("'%s' is %s, not bilan's lock file: no command can run while it is there"),
			lock_path, bilan_lock_path_kind(lock_path));
	bilan_error_hint(err, _("'bilan doctor --fix' removes it"));
	return BILAN_EFAIL;
}

int bilan_lock_acquire(struct bilan_lock **out, const char *lock_path,
		       const char *command, int timeout_ms, struct bilan_error *err)
{
	int fd = -1, delay = 5, ret;
	long long deadline;

	*out = NULL;
	deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	for (;;) {
		if (fd < 0) {
			fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
			if (fd < 0) {
				int e = errno;   /* before lstat changes it */
				if (*bilan_lock_path_kind(lock_path))
					return bogus_lock_error(lock_path, err);
				return bilan_error_set_errno(err, BILAN_EFAIL, e,
					_("cannot open the lock file '%s'"), lock_path);
			}
			struct stat fst;
			if (fstat(fd, &fst) == 0 && !S_ISREG(fst.st_mode)) {
				close(fd);
				return bogus_lock_error(lock_path, err);
			}
		}
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			/* The holder before us unlinks the file before it
			 * releases the flock: if we locked an inode that is no
			 * longer at lock_path, start again on the new one. */
			if (same_file(fd, lock_path))
				break;
			close(fd);
			fd = -1;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			ret = bilan_error_set_errno(err, BILAN_EFAIL, errno,
				_("cannot lock '%s'"), lock_path);
			close(fd);
			return ret;
		}
		long long left = deadline - now_ms();
		if (left <= 0) {
			ret = locked_error(fd, err);
			close(fd);
			return ret;
		}
		sleep_ms(delay < left ? delay : (int)left);
		delay = delay * 2 > 50 ? 50 : delay * 2;
		/* The file may have been released and unlinked while we
		 * slept: waiting on a stale inode would wait forever. */
		if (!same_file(fd, lock_path)) {
			close(fd);
			fd = -1;
		}
	}
	recover_after_killed_holder(fd, lock_path);
	write_holder(fd, command);
	*out = bilan_xmalloc(sizeof(**out));
	(*out)->fd = fd;
	(*out)->path = bilan_xstrdup(lock_path);
	return 0;
}

void bilan_lock_release(struct bilan_lock *lock)
{
	if (!lock)
		return;
	/* Unlink while still holding the flock, then close: a waiter that
	 * opened this inode gets the flock on a file that is no longer at the
	 * path, sees it (same_file) and starts again on a new file.  So no
	 * lock file remains once the last command has finished. */
	unlink(lock->path);
	close(lock->fd);
	free(lock->path);
	free(lock);
}

/* Seconds as "N", "N.F" or "N,F" (independent of LC_NUMERIC); -1 if invalid. */
static long long parse_seconds_ms(const char *s)
{
	long long ms = 0, scale = 100;
	const char *p = s;
	bool digits = false;

	while (*p == ' ')
		p++;
	for (; *p >= '0' && *p <= '9'; p++) {
		digits = true;
		ms = ms * 10 + (*p - '0') * 1000;
		if (ms > INT_MAX)
			return INT_MAX;
	}
	if (*p == '.' || *p == ',') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			digits = true;
			ms += (*p - '0') * scale;
			scale /= 10;
		}
	}
	while (*p == ' ')
		p++;
	return digits && !*p ? ms : -1;
}

int bilan_lock_timeout_ms(void)
{
	const char *s = bilan_settings.lock_timeout;
	long long ms;

	if (!s || !*s)
		return DEFAULT_TIMEOUT_MS;
	ms = parse_seconds_ms(s);
	if (ms < 0)
		return DEFAULT_TIMEOUT_MS;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}
