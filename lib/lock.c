/* lock.c - the workspace lock: flock(2) with a holder record (see lock.h). */
#include "lock.h"
#include "buf.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT_MS 30000
#define HOLDER_MAX 4096

struct bilan_lock {
	int fd;
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
static void iso_now(char *out, size_t size)
{
	time_t t = time(NULL);
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
	iso_now(since, sizeof(since));
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
	bilan_buf_free(&b);
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

	ret = bilan_error_set(err, BILAN_ELOCKED,
		_("the workspace is locked by '%s' (pid %ld on %s, since %s)"),
		command ? command : unknown, pid ? strtol(pid, NULL, 10) : 0L,
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

int bilan_lock_acquire(struct bilan_lock **out, const char *lock_path,
		       const char *command, int timeout_ms, struct bilan_error *err)
{
	int fd, delay = 5, ret;
	long long deadline;

	*out = NULL;
	fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return bilan_error_set_errno(err, BILAN_EFAIL, errno,
			_("cannot open the lock file '%s'"), lock_path);
	deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
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
	}
	write_holder(fd, command);
	*out = bilan_xmalloc(sizeof(**out));
	(*out)->fd = fd;
	return 0;
}

void bilan_lock_release(struct bilan_lock *lock)
{
	if (!lock)
		return;
	/* Never unlink: a waiter may hold an fd on this inode and would then
	 * lock a file nobody else sees.  Closing releases the flock. */
	close(lock->fd);
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
	const char *s = getenv("BILAN_LOCK_TIMEOUT");
	long long ms;

	if (!s || !*s)
		return DEFAULT_TIMEOUT_MS;
	ms = parse_seconds_ms(s);
	if (ms < 0)
		return DEFAULT_TIMEOUT_MS;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}
