/* questionnaire-trust.c - the files already checked against their schema,
 * vouched by their stat data: test results and questionnaire definitions
 * (results-checked, see questionnaire.h).  Its own module: the results
 * (questionnaire-result.c) and the definitions (questionnaire.c) both use
 * it. */
#include "questionnaire.h"
#include "buf.h"
#include "fs.h"
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define trust_key bilan_q_trust_key

static bool trust_has(const struct bilan_q_trust *t, const struct trust_key *k, const char *rel);

struct bilan_q_trust {
	char *dir, *path;
	struct bilan_buf old;      /* the file as read: "ino size mtime ctime rel\n" */
	struct bilan_buf now;      /* what this run vouches for */
	long long horizon_ns;      /* changed after this: not vouched */
};

#define TRUST_RACY_NS (2LL * 1000000000LL)
#define TRUST_HEADER "bilan results-checked 1 " BILAN_VERSION "\n"

static bool trust_stat(struct trust_key *k, const char *abs)
{
	struct stat st;
	if (stat(abs, &st) < 0 || !S_ISREG(st.st_mode))
		return false;
	k->ino = (unsigned long long)st.st_ino;
	k->size = (long long)st.st_size;
	k->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	k->ctime_ns = (long long)st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec;
	return true;
}

static void trust_line(struct bilan_buf *b, const struct trust_key *k, const char *rel)
{
	bilan_buf_printf(b, "%llu %lld %lld %lld %s\n", k->ino, k->size, k->mtime_ns,
			 k->ctime_ns, rel);
}

struct bilan_q_trust *bilan_q_trust_open(const char *gitdir)
{
	struct bilan_q_trust *t = bilan_xcalloc(1, sizeof(*t));
	t->dir = bilan_xasprintf("%s/bilan-cache", gitdir);
	t->path = bilan_xasprintf("%s/results-checked", t->dir);
	/* vouched by this version's schema only: another version's lines go */
	bilan_buf_puts(&t->now, TRUST_HEADER);
	if (bilan_fs_read(&t->old, t->path, 16 << 20, NULL) < 0 ||
	    strncmp(bilan_buf_cstr(&t->old), TRUST_HEADER, strlen(TRUST_HEADER)) != 0)
		bilan_buf_reset(&t->old);
	/* file ages: in the file system's time (fs.h), never a clock's */
	t->horizon_ns = (long long)bilan_fs_now_ns(gitdir) - TRUST_RACY_NS;
	return t;
}

void bilan_q_trust_close(struct bilan_q_trust *t)
{
	if (!t)
		return;
	if (t->now.len != t->old.len ||
	    (t->now.len && memcmp(t->now.ptr, t->old.ptr, t->now.len) != 0)) {
		if (bilan_fs_mkdir_p(t->dir, 0700, NULL) == 0)
			bilan_fs_write_atomic(t->path, t->now.len ? t->now.ptr : "", t->now.len,
					      0600, NULL);
	}
	bilan_buf_clear(&t->old);
	bilan_buf_clear(&t->now);
	free(t->dir);
	free(t->path);
	free(t);
}

bool bilan_q_trust_stat(struct bilan_q_trust_key *k, const char *abs)
{
	return !strchr(abs, '\n') && trust_stat(k, abs);
}

bool bilan_q_trust_has(const struct bilan_q_trust *t, const struct bilan_q_trust_key *k,
		       const char *name)
{
	return t && trust_has(t, k, name);
}

void bilan_q_trust_add(struct bilan_q_trust *t, const struct bilan_q_trust_key *k,
		       const char *name)
{
	if (t && !strchr(name, '\n') && k->mtime_ns < t->horizon_ns && k->ctime_ns < t->horizon_ns)
		trust_line(&t->now, k, name);
}

/* Whether "<key> rel" is a line of the file as read. */
static bool trust_has(const struct bilan_q_trust *t, const struct trust_key *k, const char *rel)
{
	if (!t->old.len)
		return false;
	struct bilan_buf want = BILAN_BUF_INIT;
	trust_line(&want, k, rel);
	const char *p = bilan_buf_cstr(&t->old);
	bool found = false;
	while (!found && (p = strstr(p, bilan_buf_cstr(&want))) != NULL) {
		found = p == t->old.ptr || p[-1] == '\n';
		p++;
	}
	bilan_buf_clear(&want);
	return found;
}

