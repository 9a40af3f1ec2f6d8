/* questionnaire-trust.c - the files already checked against their schema,
 * vouched by their stat data, with the tree parsed from them: test results
 * and questionnaire definitions (results-checked, see questionnaire.h).
 * Its own module: the results (questionnaire-result.c) and the definitions
 * (questionnaire.c) both use it.
 *
 * The file: a header line "bilan results-checked 2 <version> <checksum>\n"
 * (the checksum, 16 hex digits, is bilan_checksum64_lanes of all that
 * follows), then one record per file:
 *   "<ino> <size> <mtime_ns> <ctime_ns> <payload length> <name>\n" payload
 * payload: 's' and the 64 hex digits of the SHA-256 of the file's bytes
 * (definitions), or '-' (results); then the tree (bilan_yaml_pack).
 * Anything that does not read back exactly (another version, a bad
 * checksum, a record cut short) drops the whole file: it is rebuilt. */
#include "questionnaire.h"
#include "buf.h"
#include "fs.h"
#include "hash.h"
#include "config.h"
#include "yaml-tree.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define trust_key bilan_q_trust_key

struct trec {
	struct trust_key k;
	const char *name;          /* into old, not terminated */
	size_t name_len;
	const char *payload;       /* into old */
	size_t plen;
};

struct bilan_q_trust {
	char *dir, *path;
	struct bilan_buf old;      /* the file as read */
	struct trec *recs;
	size_t n, alloc;
	const struct trec *hit;    /* the last record bilan_q_trust_get gave */
	struct bilan_buf now;      /* the records this run vouches for */
	long long horizon_ns;      /* changed after this: not vouched */
};

#define TRUST_RACY_NS (2LL * 1000000000LL)
#define TRUST_MAGIC "bilan results-checked 2 " BILAN_VERSION " "
#define TRUST_SUM_DIGITS 16

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

/* One field of a record line: digits (a '-' first for a signed one) and
 * the space after them. */
static bool field_u(const char **p, unsigned long long *out)
{
	char *e;
	if (**p < '0' || **p > '9')
		return false;
	errno = 0;
	*out = strtoull(*p, &e, 10);
	if (errno || *e != ' ')
		return false;
	*p = e + 1;
	return true;
}

static bool field_s(const char **p, long long *out)
{
	char *e;
	if ((**p < '0' || **p > '9') && **p != '-')
		return false;
	errno = 0;
	*out = strtoll(*p, &e, 10);
	if (errno || e == *p || *e != ' ')
		return false;
	*p = e + 1;
	return true;
}

/* The records of the file as read; false (and nothing kept) on any fault. */
static bool trust_parse(struct bilan_q_trust *t)
{
	const char *p = t->old.ptr, *end = t->old.ptr + t->old.len;
	size_t ml = strlen(TRUST_MAGIC);
	if (t->old.len < ml + TRUST_SUM_DIGITS + 1 || memcmp(p, TRUST_MAGIC, ml) != 0 ||
	    p[ml + TRUST_SUM_DIGITS] != '\n')
		return false;
	char sum[TRUST_SUM_DIGITS + 1];
	memcpy(sum, p + ml, TRUST_SUM_DIGITS);
	sum[TRUST_SUM_DIGITS] = '\0';
	p += ml + TRUST_SUM_DIGITS + 1;
	char want[TRUST_SUM_DIGITS + 1];
	snprintf(want, sizeof(want), "%016" PRIx64, bilan_checksum64_lanes(p, (size_t)(end - p)));
	if (strcmp(sum, want) != 0)
		return false;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return false;
		struct trec r;
		unsigned long long plen;
		const char *q = p;   /* the fields stop at the line's end at the latest */
		if (!field_u(&q, &r.k.ino) || !field_s(&q, &r.k.size) || !field_s(&q, &r.k.mtime_ns) ||
		    !field_s(&q, &r.k.ctime_ns) || !field_u(&q, &plen) || q >= nl ||
		    plen > (unsigned long long)(end - nl - 1))
			return false;
		r.name = q;
		r.name_len = (size_t)(nl - q);
		r.payload = nl + 1;
		r.plen = (size_t)plen;
		BILAN_ALLOC_GROW(t->recs, t->n + 1, t->alloc);
		t->recs[t->n++] = r;
		p = r.payload + r.plen;
	}
	return true;
}

struct bilan_q_trust *bilan_q_trust_open(const char *gitdir)
{
	struct bilan_q_trust *t = bilan_xcalloc(1, sizeof(*t));
	t->dir = bilan_xasprintf("%s/bilan-cache", gitdir);
	t->path = bilan_xasprintf("%s/results-checked", t->dir);
	/* vouched by this version's schema only: another version's file goes */
	if (bilan_fs_read(&t->old, t->path, 64 << 20, NULL) < 0 || !trust_parse(t)) {
		free(t->recs);
		t->recs = NULL;
		t->n = t->alloc = 0;
		bilan_buf_reset(&t->old);
	}
	/* file ages: in the file system's time (fs.h), never a clock's */
	t->horizon_ns = (long long)bilan_fs_now_ns(gitdir) - TRUST_RACY_NS;
	return t;
}

void bilan_q_trust_close(struct bilan_q_trust *t)
{
	if (!t)
		return;
	struct bilan_buf file = BILAN_BUF_INIT;
	bilan_buf_printf(&file, "%s%016" PRIx64 "\n", TRUST_MAGIC,
			 bilan_checksum64_lanes(t->now.len ? t->now.ptr : "", t->now.len));
	bilan_buf_put(&file, t->now.len ? t->now.ptr : "", t->now.len);
	if ((t->now.len || t->old.len) &&
	    (file.len != t->old.len || memcmp(file.ptr, t->old.ptr, file.len) != 0)) {
		if (bilan_fs_mkdir_p(t->dir, 0700, NULL) == 0)
			bilan_fs_write_atomic(t->path, file.ptr, file.len, 0600, NULL);
	}
	bilan_buf_clear(&file);
	bilan_buf_clear(&t->old);
	bilan_buf_clear(&t->now);
	free(t->recs);
	free(t->dir);
	free(t->path);
	free(t);
}

bool bilan_q_trust_stat(struct bilan_q_trust_key *k, const char *abs)
{
	return !strchr(abs, '\n') && trust_stat(k, abs);
}

static const struct trec *trust_find(const struct bilan_q_trust *t, const struct trust_key *k,
				     const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < t->n; i++) {
		const struct trec *r = &t->recs[i];
		if (!memcmp(&r->k, k, sizeof(*k)) && r->name_len == len &&
		    !memcmp(r->name, name, len))
			return r;
	}
	return NULL;
}

struct bilan_doc *bilan_q_trust_get(struct bilan_q_trust *t,
				    const struct bilan_q_trust_key *k, const char *name,
				    const char *path, char sha256[BILAN_SHA256_HEX])
{
	if (sha256)
		sha256[0] = '\0';
	const struct trec *r = t ? trust_find(t, k, name) : NULL;
	if (!r || !r->plen)
		return NULL;
	size_t skip = 1;
	if (r->payload[0] == 's') {
		if (r->plen < 65)
			return NULL;
		skip = 65;
	} else if (r->payload[0] != '-') {
		return NULL;
	}
	struct bilan_doc *doc = NULL;
	if (bilan_yaml_unpack(&doc, path, r->payload + skip, r->plen - skip) < 0)
		return NULL;
	if (sha256 && skip == 65) {
		memcpy(sha256, r->payload + 1, 64);
		sha256[64] = '\0';
	}
	t->hit = r;
	return doc;
}

void bilan_q_trust_add(struct bilan_q_trust *t, const struct bilan_q_trust_key *k,
		       const char *name, const struct bilan_doc *doc, const char *sha256)
{
	if (!t || strchr(name, '\n') || k->mtime_ns >= t->horizon_ns || k->ctime_ns >= t->horizon_ns)
		return;
	const struct trec *r = t->hit;
	t->hit = NULL;
	struct bilan_buf packed = BILAN_BUF_INIT;
	const char *payload;
	size_t plen;
	if (r && !memcmp(&r->k, k, sizeof(*k)) && r->name_len == strlen(name) &&
	    !memcmp(r->name, name, r->name_len)) {
		/* the tree given back by the last get: its record as it was */
		payload = r->payload;
		plen = r->plen;
	} else {
		if (sha256 && strlen(sha256) == 64) {
			bilan_buf_putc(&packed, 's');
			bilan_buf_put(&packed, sha256, 64);
		} else {
			bilan_buf_putc(&packed, '-');
		}
		bilan_yaml_pack(&packed, doc ? doc->root : NULL);
		payload = packed.ptr;
		plen = packed.len;
	}
	bilan_buf_printf(&t->now, "%llu %lld %lld %lld %zu %s\n", k->ino, k->size, k->mtime_ns,
			 k->ctime_ns, plen, name);
	bilan_buf_put(&t->now, payload, plen);
	bilan_buf_clear(&packed);
}
