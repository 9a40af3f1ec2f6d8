/* index-quick.c - a commit's files put into the index without libgit2's
 * read and write of it (see index-quick.h) */
#include "index-quick.h"
#include "buf.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* SHA1_Init and co., not the one-shot SHA1() of OpenSSL 3, which fetches
 * its provider first: 4.4 M instructions, a quarter of a 10-entry commit */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#define INDEX_MAX (256u << 20)   /* beyond: libgit2's business */

static void sha1(const void *p, size_t n, unsigned char out[20])
{
	SHA_CTX c;
	SHA1_Init(&c);
	SHA1_Update(&c, p, n);
	SHA1_Final(out, &c);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(struct bilan_buf *b, uint32_t v)
{
	unsigned char p[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v };
	bilan_buf_put(b, p, 4);
}

/* git's varint (varint.c): the number of bytes a format-4 path takes off
 * the path before it */
static void put_varint(struct bilan_buf *b, size_t v)
{
	unsigned char tmp[16];
	size_t pos = sizeof tmp - 1;
	tmp[pos] = (unsigned char)(v & 127);
	while (v >>= 7)
		tmp[--pos] = (unsigned char)(128 | (--v & 127));
	bilan_buf_put(b, tmp + pos, sizeof tmp - pos);
}

static bool get_varint(const unsigned char **p, const unsigned char *end, size_t *out)
{
	size_t v = 0;
	for (int guard = 0;; guard++) {
		if (*p >= end || guard > 8)
			return false;
		unsigned char c = *(*p)++;
		v = (v << 7) | (c & 127);
		if (!(c & 128))
			break;
		v++;
	}
	*out = v;
	return true;
}

/* One entry of the new index: its 62 bytes of stat data, id and flags, and
 * its path in format 4 against the path written before it (prev). */
static void put_entry(struct bilan_buf *out, struct bilan_buf *prev, const unsigned char *head,
		      const char *path, size_t len)
{
	bilan_buf_put(out, head, 62);
	size_t common = 0;
	while (common < prev->len && common < len && prev->ptr[common] == path[common])
		common++;
	put_varint(out, prev->len - common);
	bilan_buf_put(out, path + common, len - common);
	bilan_buf_putc(out, '\0');
	bilan_buf_truncate(prev, common);
	bilan_buf_put(prev, path + common, len - common);
}

/* The 62 bytes of a new entry, as libgit2 makes them from lstat
 * (git_index_entry__init_from_stat: dev is st_rdev, the mode 100644 or
 * 100755, the size cut to 32 bits) */
static void new_head(unsigned char h[62], const struct bilan_index_add *a)
{
	const struct stat *st = &a->st;
	uint32_t v[10] = {
		(uint32_t)st->st_ctim.tv_sec, (uint32_t)st->st_ctim.tv_nsec,
		(uint32_t)st->st_mtim.tv_sec, (uint32_t)st->st_mtim.tv_nsec,
		(uint32_t)st->st_rdev, (uint32_t)st->st_ino,
		(st->st_mode & 0100) ? 0100755u : 0100644u,
		(uint32_t)st->st_uid, (uint32_t)st->st_gid, (uint32_t)st->st_size,
	};
	for (int i = 0; i < 10; i++) {
		h[4 * i] = (unsigned char)(v[i] >> 24);
		h[4 * i + 1] = (unsigned char)(v[i] >> 16);
		h[4 * i + 2] = (unsigned char)(v[i] >> 8);
		h[4 * i + 3] = (unsigned char)v[i];
	}
	memcpy(h + 40, a->oid, 20);
	size_t len = strlen(a->path);
	uint16_t flags = (uint16_t)(len < 0xFFF ? len : 0xFFF);
	h[60] = (unsigned char)(flags >> 8);
	h[61] = (unsigned char)flags;
}

/* ---- the cached trees (TREE extension) ---- */

struct tnode {
	const unsigned char *name;   /* not NUL-terminated: nlen bytes */
	size_t nlen;
	long entries, subtrees;      /* entries -1: invalid, no id */
	const unsigned char *oid;
	size_t size;                 /* nodes in its subtree, itself included */
};

/* Parse one node and its subtrees (pre-order) at *p into v; false on
 * anything malformed. */
static bool tree_parse(const unsigned char **p, const unsigned char *end, struct tnode **v,
		       size_t *n, size_t *alloc, int depth)
{
	if (depth > 256 || *p >= end)
		return false;
	const unsigned char *nul = memchr(*p, '\0', (size_t)(end - *p));
	if (!nul)
		return false;
	struct tnode t = { .name = *p, .nlen = (size_t)(nul - *p) };
	const unsigned char *q = nul + 1;
	char num[48];
	const unsigned char *lf = memchr(q, '\n', (size_t)(end - q));
	if (!lf || (size_t)(lf - q) >= sizeof num)
		return false;
	memcpy(num, q, (size_t)(lf - q));
	num[lf - q] = '\0';
	char *sp;
	errno = 0;
	t.entries = strtol(num, &sp, 10);
	if (sp == num || *sp != ' ' || errno)
		return false;
	char *stop;
	t.subtrees = strtol(sp + 1, &stop, 10);
	if (stop == sp + 1 || *stop || errno || t.entries < -1 || t.subtrees < 0 ||
	    t.subtrees > 100000)
		return false;
	q = lf + 1;
	if (t.entries >= 0) {
		if (end - q < 20)
			return false;
		t.oid = q;
		q += 20;
	}
	*p = q;
	size_t me = *n;
	BILAN_ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[(*n)++] = t;
	for (long i = 0; i < t.subtrees; i++)
		if (!tree_parse(p, end, v, n, alloc, depth + 1))
			return false;
	(*v)[me].size = *n - me;
	return true;
}

/* Invalidate the root and every folder of path the cache holds. */
static void tree_invalidate(struct tnode *v, size_t n, const char *path)
{
	if (!n)
		return;
	size_t i = 0;
	v[0].entries = -1;
	for (const char *c = path;;) {
		const char *slash = strchr(c, '/');
		if (!slash)
			return;   /* the file itself: no subtree of that name */
		size_t len = (size_t)(slash - c);
		size_t j = i + 1, found = (size_t)-1;
		for (long k = 0; k < v[i].subtrees && j < n; k++, j += v[j].size)
			if (v[j].nlen == len && !memcmp(v[j].name, c, len)) {
				found = j;
				break;
			}
		if (found == (size_t)-1)
			return;
		i = found;
		v[i].entries = -1;
		c = slash + 1;
	}
}

static void tree_write(struct bilan_buf *out, const struct tnode *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bilan_buf_put(out, v[i].name, v[i].nlen);
		bilan_buf_putc(out, '\0');
		bilan_buf_printf(out, "%ld %ld\n", v[i].entries, v[i].subtrees);
		if (v[i].entries >= 0)
			bilan_buf_put(out, v[i].oid, 20);
	}
}

/* ---- the index ---- */

/* Is the file at workdir/path the blob oid, byte for byte (no filter)?
 * What an entry racily clean needs before it is written again: git and
 * libgit2 look at its content then (and mark it changed when it is). */
static bool same_blob(const char *workdir, const char *path, const unsigned char *oid)
{
	char *full = bilan_xasprintf("%s/%s", workdir, path);
	struct bilan_buf b = BILAN_BUF_INIT;
	bool same = false;
	int fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (1 << 26)) {
		bilan_buf_printf(&b, "blob %lld", (long long)st.st_size);
		bilan_buf_putc(&b, '\0');
		size_t want = (size_t)st.st_size, got = 0;
		bilan_buf_grow(&b, want);
		while (got < want) {
			ssize_t r = read(fd, b.ptr + b.len + got, want - got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		b.len += got;
		if (got == want) {
			unsigned char sum[20];
			sha1(b.ptr, b.len, sum);
			same = !memcmp(sum, oid, 20);
		}
	}
	if (fd >= 0)
		close(fd);
	bilan_buf_clear(&b);
	free(full);
	return same;
}

static bool bsearch_path(const struct bilan_index_add *v, size_t n, const char *path)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid].path, path);
		if (!c)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* The index's bytes (from fd) rewritten with v in out; false when this
 * index is not one for the quick path. */
static bool rewrite(struct bilan_buf *out, const unsigned char *d, size_t size,
		    const struct timespec *mtime, const char *workdir,
		    const struct bilan_index_add *v, size_t nv)
{
	if (size < 12 + 20 || memcmp(d, "DIRC", 4) || be32(d + 4) != 4)
		return false;
	size_t body = size - 20;
	unsigned char sum[20];
	sha1(d, body, sum);
	if (memcmp(sum, d + body, 20))
		return false;   /* libgit2 says what is wrong */
	uint32_t count = be32(d + 8);
	if (count > body / 63)
		return false;
	bilan_buf_put(out, d, 8);
	put_be32(out, 0);   /* the count, set at the end */
	struct bilan_buf prev_in = BILAN_BUF_INIT, prev_out = BILAN_BUF_INIT;
	size_t off = 12, vi = 0, written = 0;
	bool ok = true;
	for (uint32_t i = 0; ok && i < count; i++) {
		if (off + 62 > body) {
			ok = false;
			break;
		}
		const unsigned char *e = d + off;
		uint16_t flags = (uint16_t)(e[60] << 8 | e[61]);
		if (flags & 0x7000) {   /* extended flags or a conflict */
			ok = false;
			break;
		}
		uint32_t ms = be32(e + 8), mns = be32(e + 12);
		bool racy = (int64_t)ms > (int64_t)mtime->tv_sec ||
			    ((int64_t)ms == (int64_t)mtime->tv_sec &&
			     (int64_t)mns >= (int64_t)mtime->tv_nsec);
		const unsigned char *p = e + 62;
		size_t strip;
		if (!get_varint(&p, d + body, &strip) || strip > prev_in.len) {
			ok = false;
			break;
		}
		const unsigned char *nul = memchr(p, '\0', (size_t)(d + body - p));
		if (!nul) {
			ok = false;
			break;
		}
		bilan_buf_truncate(&prev_in, prev_in.len - strip);
		bilan_buf_put(&prev_in, p, (size_t)(nul - p));
		off = (size_t)(nul + 1 - d);
		const char *path = bilan_buf_cstr(&prev_in);
		/* attributes in the index: filters may apply (the caller made
		 * the blobs from the files' bytes) */
		const char *base = strrchr(path, '/');
		if (!strcmp(base ? base + 1 : path, ".gitattributes")) {
			ok = false;
			break;
		}
		/* racily clean (its file changed in the tick of the index's
		 * own write, as the file of the last commit often is): kept
		 * when its content is still its blob, else left to libgit2,
		 * which marks it changed as git does */
		if (racy && (be32(e + 24) >> 12 != 010 || !same_blob(workdir, path, e + 40)) &&
		    !(nv && bsearch_path(v, nv, path))) {
			ok = false;
			break;
		}
		int c = 1;
		while (vi < nv && (c = strcmp(v[vi].path, path)) < 0) {
			unsigned char h[62];
			new_head(h, &v[vi]);
			put_entry(out, &prev_out, h, v[vi].path, strlen(v[vi].path));
			vi++, written++;
		}
		if (vi < nv && c == 0) {   /* replaced */
			unsigned char h[62];
			new_head(h, &v[vi]);
			put_entry(out, &prev_out, h, v[vi].path, strlen(v[vi].path));
			vi++, written++;
			continue;
		}
		put_entry(out, &prev_out, e, path, prev_in.len);
		written++;
	}
	for (; ok && vi < nv; vi++, written++) {
		unsigned char h[62];
		new_head(h, &v[vi]);
		put_entry(out, &prev_out, h, v[vi].path, strlen(v[vi].path));
	}
	/* the extensions: the cached trees only */
	struct tnode *t = NULL;
	size_t nt = 0, at = 0;
	bool seen_tree = false;
	while (ok && off < body) {
		if (body - off < 8 || memcmp(d + off, "TREE", 4) || seen_tree) {
			ok = false;
			break;
		}
		size_t len = be32(d + off + 4);
		if (len > body - off - 8) {
			ok = false;
			break;
		}
		const unsigned char *p = d + off + 8, *end = p + len;
		if (len && (!tree_parse(&p, end, &t, &nt, &at, 0) || p != end)) {
			ok = false;
			break;
		}
		off += 8 + len;
		seen_tree = true;
		if (!nt) {   /* an empty TREE: kept empty */
			bilan_buf_put(out, "TREE", 4);
			put_be32(out, 0);
		}
	}
	if (ok && nt) {
		for (size_t k = 0; k < nv; k++)
			tree_invalidate(t, nt, v[k].path);
		struct bilan_buf ext = BILAN_BUF_INIT;
		tree_write(&ext, t, nt);
		bilan_buf_put(out, "TREE", 4);
		put_be32(out, (uint32_t)ext.len);
		bilan_buf_put(out, ext.ptr, ext.len);
		bilan_buf_clear(&ext);
	}
	free(t);
	bilan_buf_clear(&prev_in);
	bilan_buf_clear(&prev_out);
	if (!ok || written > UINT32_MAX)
		return false;
	unsigned char *cnt = (unsigned char *)out->ptr + 8;
	cnt[0] = (unsigned char)(written >> 24);
	cnt[1] = (unsigned char)(written >> 16);
	cnt[2] = (unsigned char)(written >> 8);
	cnt[3] = (unsigned char)written;
	sha1(out->ptr, out->len, sum);
	bilan_buf_put(out, sum, 20);
	return true;
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

int bilan_index_quick_add(const char *gitdir, const char *workdir,
			  const struct bilan_index_add *v, size_t n, unsigned char out_old[20],
			  unsigned char out_sum[20], struct bilan_error *err)
{
	char *path = bilan_xasprintf("%s/index", gitdir);
	char *lock = bilan_xasprintf("%s/index.lock", gitdir);
	struct bilan_buf in = BILAN_BUF_INIT, out = BILAN_BUF_INIT;
	int ret = 0, fd = -1, lfd = -1;
	bool locked = false;

	for (size_t i = 0; i < n; i++)
		if (!S_ISREG(v[i].st.st_mode) || (i && strcmp(v[i - 1].path, v[i].path) >= 0))
			goto out;
	/* the lock first, as git does: nobody writes the index between our
	 * read and our rename */
	lfd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (lfd < 0)
		goto out;   /* held (libgit2 says so), or anything else */
	locked = true;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 32 ||
	    (uintmax_t)st.st_size > INDEX_MAX)
		goto out;
	if (fchmod(lfd, st.st_mode & 0777) < 0)
		goto out;
	bilan_buf_grow(&in, (size_t)st.st_size);
	while (in.len < (size_t)st.st_size) {
		ssize_t r = read(fd, in.ptr + in.len, (size_t)st.st_size - in.len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			goto out;
		in.len += (size_t)r;
	}
	if (!rewrite(&out, (const unsigned char *)in.ptr, in.len, &st.st_mtim, workdir, v, n))
		goto out;
	if (!write_all(lfd, out.ptr, out.len)) {
		ret = bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot write the index"));
		goto out;
	}
	int c = close(lfd);
	lfd = -1;
	if (c < 0 || rename(lock, path) < 0) {
		ret = bilan_error_set_errno(err, BILAN_EFAIL, errno, _("cannot write the index"));
		goto out;
	}
	locked = false;
	memcpy(out_old, in.ptr + in.len - 20, 20);
	memcpy(out_sum, out.ptr + out.len - 20, 20);
	ret = 1;
out:
	if (fd >= 0)
		close(fd);
	if (lfd >= 0)
		close(lfd);
	if (locked)
		unlink(lock);
	bilan_buf_clear(&in);
	bilan_buf_clear(&out);
	free(path);
	free(lock);
	return ret;
}
