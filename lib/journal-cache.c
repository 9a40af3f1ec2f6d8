/* journal-cache.c - the derived cache of parsed journal entries
 * (<gitdir>/bilan-cache/journal.bin), see journal.h.
 *
 * File: a header then records.  Integers are in host byte order (the cache
 * never leaves the machine; a byte-order mark refuses a foreign one).
 *   header: "BILANJC\n", u32 version, u32 byte-order mark, u64 record count,
 *           u64 payload length, u64 checksum of the payload
 *   record: str path, u64 size, u64 inode, i64 mtime_ns, i64 ctime_ns,
 *           str id, i64 date, i32 offset, u8 kind, u8 status, u8 has_closed,
 *           u8 private, i64 closed, i32 closed offset, i32 duration,
 *           str title, piste, rome, guide, answer, body, u32 ntags, str tags...
 *   str: u32 length (0xffffffff for none) then the bytes.
 * Every read is bounds-checked; any inconsistency drops the whole cache.
 */
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs.h"

#define MAGIC "BILANJC\n"
#define VERSION 1u
#define BOM 0x01020304u
#define HEADER_SIZE (8 + 4 + 4 + 8 + 8 + 8)
#define NONE 0xffffffffu
#define MAX_CACHE (512u * 1024u * 1024u)
#define RACY_NS (2 * (int64_t)1000000000)

struct crec {
	const char *rel;        /* points into data */
	size_t rel_len;
	size_t start, end;      /* the record's bytes in data */
	struct bilan_jstat st;
	size_t entry_off;       /* where the entry fields start */
	bool used;
};

struct bilan_jcache {
	char *path;             /* NULL: no cache possible (no .git directory) */
	struct bilan_buf data;  /* the old file */
	struct crec *recs;
	size_t n;
	size_t *table;          /* open addressing: index + 1, 0 = empty */
	size_t tsize;
	struct bilan_buf fresh; /* new records */
	size_t nfresh;
	bool dirty;
};

/* --- checksum and hashing --- */

static uint64_t checksum(const unsigned char *p, size_t len)
{
	uint64_t h = 0x84222325cbf29ce4ull ^ len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h ^= w;
		h *= 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	for (; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h ^ (h >> 32);
}

static size_t hash_str(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return (size_t)h;
}

/* --- reading --- */

struct rd {
	const unsigned char *p, *end;
	bool bad;
};

static bool rd_take(struct rd *r, void *out, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = true;
		memset(out, 0, n);
		return false;
	}
	memcpy(out, r->p, n);
	r->p += n;
	return true;
}

static uint8_t rd_u8(struct rd *r)
{
	uint8_t v;
	rd_take(r, &v, 1);
	return v;
}

static uint32_t rd_u32(struct rd *r)
{
	uint32_t v;
	rd_take(r, &v, 4);
	return v;
}

static uint64_t rd_u64(struct rd *r)
{
	uint64_t v;
	rd_take(r, &v, 8);
	return v;
}

/* A string without copying: *s points into the buffer (not terminated). */
static bool rd_span(struct rd *r, const char **s, size_t *len)
{
	uint32_t n = rd_u32(r);
	*s = NULL;
	*len = 0;
	if (r->bad)
		return false;
	if (n == NONE)
		return true;
	if ((size_t)(r->end - r->p) < n) {
		r->bad = true;
		return false;
	}
	*s = (const char *)r->p;
	*len = n;
	r->p += n;
	return true;
}

static char *rd_str(struct rd *r)
{
	const char *s;
	size_t len;
	if (!rd_span(r, &s, &len) || !s)
		return NULL;
	if (memchr(s, '\0', len)) {
		r->bad = true;
		return NULL;
	}
	return bilan_xstrndup(s, len);
}

/* --- writing --- */

static void wr(struct bilan_buf *b, const void *p, size_t n)
{
	bilan_buf_put(b, p, n);
}

static void wr_u8(struct bilan_buf *b, uint8_t v) { wr(b, &v, 1); }
static void wr_u32(struct bilan_buf *b, uint32_t v) { wr(b, &v, 4); }
static void wr_u64(struct bilan_buf *b, uint64_t v) { wr(b, &v, 8); }

static void wr_str(struct bilan_buf *b, const char *s)
{
	if (!s) {
		wr_u32(b, NONE);
		return;
	}
	size_t n = strlen(s);
	wr_u32(b, (uint32_t)n);
	wr(b, s, n);
}

/* --- the index --- */

static void table_add(struct bilan_jcache *c, size_t idx)
{
	size_t mask = c->tsize - 1;
	size_t h = hash_str(c->recs[idx].rel, c->recs[idx].rel_len) & mask;
	while (c->table[h])
		h = (h + 1) & mask;
	c->table[h] = idx + 1;
}

static struct crec *table_find_n(struct bilan_jcache *c, const char *rel, size_t len)
{
	if (!c->tsize)
		return NULL;
	size_t mask = c->tsize - 1;
	size_t h = hash_str(rel, len) & mask;
	while (c->table[h]) {
		struct crec *r = &c->recs[c->table[h] - 1];
		if (r->rel_len == len && !memcmp(r->rel, rel, len))
			return r;
		h = (h + 1) & mask;
	}
	return NULL;
}

static void drop_old(struct bilan_jcache *c)
{
	if (c->n)
		c->dirty = true;
	free(c->recs);
	free(c->table);
	c->recs = NULL;
	c->table = NULL;
	c->n = c->tsize = 0;
	bilan_buf_free(&c->data);
}

/* Skip the entry fields of a record (to find where it ends). */
static void skip_entry(struct rd *r)
{
	const char *s;
	size_t l;
	rd_span(r, &s, &l);               /* id */
	rd_u64(r);                        /* date */
	rd_u32(r);                        /* offset */
	rd_u32(r);                        /* kind, status, has_closed, private */
	rd_u64(r);                        /* closed */
	rd_u32(r);                        /* closed offset */
	rd_u32(r);                        /* duration */
	for (int i = 0; i < 6; i++)       /* title, piste, rome, guide, answer, body */
		rd_span(r, &s, &l);
	uint32_t nt = rd_u32(r);
	if (nt > BILAN_JOURNAL_MAX_TAGS * 4) {
		r->bad = true;
		return;
	}
	for (uint32_t i = 0; i < nt && !r->bad; i++)
		rd_span(r, &s, &l);
}

static bool parse_file(struct bilan_jcache *c)
{
	const unsigned char *p = (const unsigned char *)c->data.ptr;
	size_t len = c->data.len;
	if (len < HEADER_SIZE || memcmp(p, MAGIC, 8))
		return false;
	struct rd h = { p + 8, p + HEADER_SIZE, false };
	uint32_t version = rd_u32(&h), bom = rd_u32(&h);
	uint64_t count = rd_u64(&h), plen = rd_u64(&h), sum = rd_u64(&h);
	if (h.bad || version != VERSION || bom != BOM || plen != len - HEADER_SIZE ||
	    count > plen / 16)
		return false;
	if (checksum(p + HEADER_SIZE, plen) != sum)
		return false;
	c->recs = bilan_xcalloc(count + 1, sizeof(*c->recs));
	c->tsize = 16;
	while (c->tsize < count * 2 + 2)
		c->tsize *= 2;
	c->table = bilan_xcalloc(c->tsize, sizeof(*c->table));
	struct rd r = { p + HEADER_SIZE, p + len, false };
	for (uint64_t i = 0; i < count; i++) {
		struct crec *rec = &c->recs[c->n];
		rec->start = (size_t)(r.p - p);
		const char *rel;
		size_t rl;
		if (!rd_span(&r, &rel, &rl) || !rel || !rl)
			return false;
		rec->rel = rel;
		rec->rel_len = rl;
		rec->st.size = rd_u64(&r);
		rec->st.ino = rd_u64(&r);
		rec->st.mtime_ns = (int64_t)rd_u64(&r);
		rec->st.ctime_ns = (int64_t)rd_u64(&r);
		rec->entry_off = (size_t)(r.p - p);
		skip_entry(&r);
		if (r.bad)
			return false;
		rec->end = (size_t)(r.p - p);
		if (table_find_n(c, rel, rl))
			return false;   /* a path twice: not a file we wrote */
		c->n++;
		table_add(c, c->n - 1);
	}
	return r.p == r.end;
}

struct bilan_jcache *bilan_jcache_open(const struct bilan_ws *ws)
{
	struct bilan_jcache *c = bilan_xcalloc(1, sizeof(*c));
	if (!bilan_fs_is_dir(ws->gitdir))
		return c;
	c->path = bilan_xasprintf("%s/bilan-cache/journal.bin", ws->gitdir);
	int fd = open(c->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return c;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (uint64_t)st.st_size > MAX_CACHE) {
		close(fd);
		c->dirty = true;   /* replace it */
		return c;
	}
	int rc = bilan_fs_read_fd(&c->data, fd, MAX_CACHE, NULL);
	close(fd);
	if (rc < 0 || !parse_file(c)) {
		drop_old(c);
		c->dirty = true;
	}
	return c;
}

static bool same_stat(const struct bilan_jstat *a, const struct bilan_jstat *b)
{
	return a->size == b->size && a->ino == b->ino && a->mtime_ns == b->mtime_ns &&
	       a->ctime_ns == b->ctime_ns;
}

static struct bilan_entry *decode(const struct crec *rec, const char *data,
				  const char *rel)
{
	struct rd r = { (const unsigned char *)data + rec->entry_off,
			(const unsigned char *)data + rec->end, false };
	struct bilan_entry *e = bilan_entry_new();
	const char *id;
	size_t idl;
	rd_span(&r, &id, &idl);
	if (!id || idl >= BILAN_ID_SIZE)
		goto bad;
	memcpy(e->id, id, idl);
	e->id[idl] = '\0';
	e->date.t = (int64_t)rd_u64(&r);
	e->date.offset = (int32_t)rd_u32(&r);
	e->date.has_time = true;
	uint8_t kind = rd_u8(&r), status = rd_u8(&r), has_closed = rd_u8(&r),
		priv = rd_u8(&r);
	e->closed.t = (int64_t)rd_u64(&r);
	e->closed.offset = (int32_t)rd_u32(&r);
	e->closed.has_time = true;
	e->duration = (int32_t)rd_u32(&r);
	if (kind >= BILAN_KIND_COUNT || status > BILAN_STATUS_REGLEE || has_closed > 1 ||
	    priv > 1 || e->duration < 0 || e->duration > BILAN_JOURNAL_MAX_DURATION)
		goto bad;
	e->kind = (enum bilan_entry_kind)kind;
	e->status = (enum bilan_entry_status)status;
	e->has_closed = has_closed;
	e->is_private = priv;
	e->title = rd_str(&r);
	e->piste = rd_str(&r);
	e->rome = rd_str(&r);
	e->guide = rd_str(&r);
	e->answer = rd_str(&r);
	char *body = rd_str(&r);
	if (body) {
		free(e->body);
		e->body = body;
	}
	uint32_t nt = rd_u32(&r);
	for (uint32_t i = 0; i < nt && !r.bad; i++) {
		char *t = rd_str(&r);
		if (t)
			bilan_strlist_add_owned(&e->tags, t);
		else
			r.bad = true;
	}
	if (r.bad || !e->title || r.p != r.end || !bilan_id_valid(e->id))
		goto bad;
	/* the record must be the file it claims to be */
	const char *bn = strrchr(rel, '/');
	bn = bn ? bn + 1 : rel;
	if (strncmp(bn, e->id, idl) || strcmp(bn + idl, ".yaml"))
		goto bad;
	e->path = bilan_xstrdup(rel);
	return e;
bad:
	bilan_entry_free(e);
	return NULL;
}

struct bilan_entry *bilan_jcache_get(struct bilan_jcache *c, const char *rel,
				     const struct bilan_jstat *st)
{
	if (!c)
		return NULL;
	struct crec *rec = table_find_n(c, rel, strlen(rel));
	if (!rec || !same_stat(&rec->st, st))
		return NULL;
	struct bilan_entry *e = decode(rec, c->data.ptr, rel);
	if (!e) {
		/* never trusted blindly: one bad record drops the whole cache */
		drop_old(c);
		c->dirty = true;
		return NULL;
	}
	e->file_size = st->size;
	rec->used = true;
	return e;
}

void bilan_jcache_put(struct bilan_jcache *c, const char *rel,
		      const struct bilan_jstat *st, const struct bilan_entry *e,
		      int64_t scan_start_ns)
{
	if (!c || !c->path)
		return;
	/* Racily clean: the file could change again within the same time
	 * stamp (coarse file systems); it is parsed again next time.  An old
	 * record of it, left unused, is dropped at close. */
	if (st->mtime_ns > scan_start_ns - RACY_NS || st->ctime_ns > scan_start_ns - RACY_NS)
		return;
	c->dirty = true;
	struct bilan_buf *b = &c->fresh;
	wr_str(b, rel);
	wr_u64(b, st->size);
	wr_u64(b, st->ino);
	wr_u64(b, (uint64_t)st->mtime_ns);
	wr_u64(b, (uint64_t)st->ctime_ns);
	wr_str(b, e->id);
	wr_u64(b, (uint64_t)e->date.t);
	wr_u32(b, (uint32_t)e->date.offset);
	wr_u8(b, (uint8_t)e->kind);
	wr_u8(b, (uint8_t)e->status);
	wr_u8(b, e->has_closed);
	wr_u8(b, e->is_private);
	wr_u64(b, (uint64_t)(e->has_closed ? e->closed.t : 0));
	wr_u32(b, (uint32_t)(e->has_closed ? e->closed.offset : 0));
	wr_u32(b, (uint32_t)e->duration);
	wr_str(b, e->title ? e->title : "");
	wr_str(b, e->piste);
	wr_str(b, e->rome);
	wr_str(b, e->guide);
	wr_str(b, e->answer);
	wr_str(b, e->body);
	wr_u32(b, (uint32_t)e->tags.n);
	for (size_t i = 0; i < e->tags.n; i++)
		wr_str(b, e->tags.v[i]);
	c->nfresh++;
}

static void write_cache(struct bilan_jcache *c)
{
	struct bilan_buf payload = BILAN_BUF_INIT;
	uint64_t count = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (!c->recs[i].used)
			continue;
		wr(&payload, c->data.ptr + c->recs[i].start, c->recs[i].end - c->recs[i].start);
		count++;
	}
	if (c->fresh.len)
		wr(&payload, c->fresh.ptr, c->fresh.len);
	count += c->nfresh;
	struct bilan_buf file = BILAN_BUF_INIT;
	wr(&file, MAGIC, 8);
	wr_u32(&file, VERSION);
	wr_u32(&file, BOM);
	wr_u64(&file, count);
	wr_u64(&file, payload.len);
	wr_u64(&file, checksum((const unsigned char *)(payload.ptr ? payload.ptr : ""),
			       payload.len));
	if (payload.len)
		wr(&file, payload.ptr, payload.len);
	char *dir = bilan_xstrndup(c->path, strrchr(c->path, '/') - c->path);
	if (bilan_fs_mkdir_p(dir, 0700, NULL) == 0)
		bilan_fs_write_atomic(c->path, file.ptr, file.len, 0600, NULL);
	free(dir);
	bilan_buf_free(&file);
	bilan_buf_free(&payload);
}

void bilan_jcache_close(struct bilan_jcache *c, bool write_back)
{
	if (!c)
		return;
	if (write_back && c->path) {
		bool vanished = false;
		for (size_t i = 0; i < c->n && !vanished; i++)
			vanished = !c->recs[i].used;
		if (c->dirty || vanished)
			write_cache(c);
	}
	free(c->path);
	free(c->recs);
	free(c->table);
	bilan_buf_free(&c->data);
	bilan_buf_free(&c->fresh);
	free(c);
}
