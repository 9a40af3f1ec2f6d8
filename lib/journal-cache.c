/* journal-cache.c - the derived cache of parsed journal entries, one shard
 * per folder of entry files (see journal.h):
 *   <gitdir>/bilan-cache/journal/<16 hex digits of a hash of the folder>.bin
 *
 * Shard file: a header then records.  Integers are in host byte order (the
 * cache never leaves the machine; a byte-order mark refuses a foreign one).
 *   header: "BILANJC\n", u32 version, u32 byte-order mark, str folder,
 *           u64 record count, u64 payload length, u64 checksum of the payload
 *   record: str path, u64 size, u64 inode, i64 mtime_ns, i64 ctime_ns,
 *           then the entry: str id, i64 date, i32 offset, u8 kind, u8 status,
 *           u8 has_closed, u8 private, i64 closed, i32 closed offset,
 *           i32 duration, str title, piste, rome, guide, answer, body,
 *           u32 ntags, str tags..., str author (the one unknown key kept:
 *           owner.h; NONE when absent)
 * An entry with other unknown keys or with comments is not remembered: it
 * is parsed from its file every time (they are rare: hand edits, newer
 * formats), so that what the cache gives back is the whole entry.
 *   str: u32 length (0xffffffff for none) then the bytes.
 * Every read is bounds-checked; any inconsistency drops the whole shard.
 */
#include "journal.h"
#include "journal-cache.h"
#include "hash.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs.h"

#define MAGIC "BILANJC\n"
#define VERSION 3u
#define BOM 0x01020304u
#define NONE 0xffffffffu
#define MAX_SHARD (256u * 1024u * 1024u)
#define RACY_NS (2 * (int64_t)1000000000)
#define FIXED_SIZE (8 + 4 + 4 + 8 + 4 + 4)   /* date .. duration */

struct crec {
	const char *rel;        /* points into data */
	size_t rel_len;
	size_t start, end;      /* the record's bytes in data */
	struct bilan_jstat st;
	size_t entry_off;       /* where the entry fields start */
	bool used;
};

struct shard {
	char *dir;              /* workspace-relative folder */
	char *path;             /* the shard file */
	struct bilan_buf data;  /* the old file */
	struct crec *recs;
	size_t n;
	size_t *table;          /* open addressing: index + 1, 0 = empty */
	size_t tsize;
	struct bilan_buf fresh; /* new records */
	size_t nfresh;
	bool dirty;
};

struct bilan_jcache {
	char *dir;              /* <gitdir>/bilan-cache/journal, NULL: no cache */
	struct shard **shards;
	size_t n, alloc;
	struct shard *last;     /* entries come folder by folder */
	bool prune;             /* every folder was scanned: drop unseen shards */
};

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

static void rd_skip(struct rd *r, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n)
		r->bad = true;
	else
		r->p += n;
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

/* --- one shard --- */

static void table_add(struct shard *s, size_t idx)
{
	size_t mask = s->tsize - 1;
	size_t h = (size_t)bilan_fnv1a64(s->recs[idx].rel, s->recs[idx].rel_len) & mask;
	while (s->table[h])
		h = (h + 1) & mask;
	s->table[h] = idx + 1;
}

static struct crec *table_find(struct shard *s, const char *rel, size_t len)
{
	if (!s->tsize)
		return NULL;
	size_t mask = s->tsize - 1;
	size_t h = (size_t)bilan_fnv1a64(rel, len) & mask;
	while (s->table[h]) {
		struct crec *r = &s->recs[s->table[h] - 1];
		if (r->rel_len == len && !memcmp(r->rel, rel, len))
			return r;
		h = (h + 1) & mask;
	}
	return NULL;
}

static void drop_old(struct shard *s)
{
	if (s->n || s->data.len)
		s->dirty = true;
	free(s->recs);
	free(s->table);
	s->recs = NULL;
	s->table = NULL;
	s->n = s->tsize = 0;
	bilan_buf_clear(&s->data);
}

/* Skip the entry fields of a record (to find where it ends). */
static void skip_entry(struct rd *r)
{
	const char *s;
	size_t l;
	rd_span(r, &s, &l);               /* id */
	rd_skip(r, FIXED_SIZE);
	for (int i = 0; i < 6; i++)       /* title, piste, rome, guide, answer, body */
		rd_span(r, &s, &l);
	uint32_t nt = rd_u32(r);
	if (nt > BILAN_JOURNAL_MAX_TAGS * 4) {
		r->bad = true;
		return;
	}
	for (uint32_t i = 0; i < nt && !r->bad; i++)
		rd_span(r, &s, &l);
	rd_span(r, &s, &l);               /* author */
}

static bool parse_shard(struct shard *s)
{
	const unsigned char *p = (const unsigned char *)s->data.ptr;
	size_t len = s->data.len;
	if (len < 16 || memcmp(p, MAGIC, 8))
		return false;
	struct rd h = { p + 8, p + len, false };
	uint32_t version = rd_u32(&h), bom = rd_u32(&h);
	const char *dir;
	size_t dl;
	rd_span(&h, &dir, &dl);
	uint64_t count = rd_u64(&h), plen = rd_u64(&h), sum = rd_u64(&h);
	if (h.bad || version != VERSION || bom != BOM || !dir || dl != strlen(s->dir) ||
	    memcmp(dir, s->dir, dl))
		return false;
	size_t header = (size_t)(h.p - p);
	if (plen != len - header || count > plen / 16)
		return false;
	if (bilan_checksum64(p + header, plen) != sum)
		return false;
	s->recs = bilan_xcalloc(count + 1, sizeof(*s->recs));
	s->tsize = 16;
	while (s->tsize < count * 2 + 2)
		s->tsize *= 2;
	s->table = bilan_xcalloc(s->tsize, sizeof(*s->table));
	struct rd r = { p + header, p + len, false };
	size_t prefix = strlen(s->dir);
	for (uint64_t i = 0; i < count; i++) {
		struct crec *rec = &s->recs[s->n];
		rec->start = (size_t)(r.p - p);
		const char *rel;
		size_t rl;
		if (!rd_span(&r, &rel, &rl) || !rel || rl <= prefix + 1 ||
		    memcmp(rel, s->dir, prefix) || rel[prefix] != '/' ||
		    memchr(rel + prefix + 1, '/', rl - prefix - 1))
			return false;   /* every record is a file of this folder */
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
		if (table_find(s, rel, rl))
			return false;   /* a path twice: not a file we wrote */
		s->n++;
		table_add(s, s->n - 1);
	}
	return r.p == r.end;
}

/* Read a cache file whole into out: 1 done, 0 missing, -1 not ours to
 * trust (a symlink, not a regular file, another owner, over max bytes, a
 * short read): the caller replaces it. */
static int read_cache_file(struct bilan_buf *out, const char *path, uint64_t max)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (uint64_t)st.st_size > max) {
		close(fd);
		return -1;
	}
	/* exactly the size fstat gave: no growing buffer to copy and unmap */
	size_t want = (size_t)st.st_size, got = 0;
	bilan_buf_grow(out, want + 1);
	while (got < want) {
		ssize_t r = read(fd, out->ptr + got, want - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	out->len = got;
	out->ptr[got] = '\0';
	return got == want ? 1 : -1;
}

static struct shard *shard_open(const struct bilan_jcache *c, const char *dir, size_t dl)
{
	struct shard *s = bilan_xcalloc(1, sizeof(*s));
	s->dir = bilan_xstrndup(dir, dl);
	s->path = bilan_xasprintf("%s/%016llx.bin", c->dir,
				  (unsigned long long)bilan_fnv1a64(dir, dl));
	int rc = read_cache_file(&s->data, s->path, MAX_SHARD);
	if (rc == 0)
		return s;
	if (rc < 0 || !parse_shard(s)) {   /* a symlink or worse: replace it */
		drop_old(s);
		s->dirty = true;
	}
	return s;
}

static void shard_free(struct shard *s)
{
	if (!s)
		return;
	free(s->dir);
	free(s->path);
	free(s->recs);
	free(s->table);
	bilan_buf_clear(&s->data);
	bilan_buf_clear(&s->fresh);
	free(s);
}

static void shard_write(struct shard *s)
{
	struct bilan_buf payload = BILAN_BUF_INIT;
	uint64_t count = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (!s->recs[i].used)
			continue;
		wr(&payload, s->data.ptr + s->recs[i].start, s->recs[i].end - s->recs[i].start);
		count++;
	}
	if (s->fresh.len)
		wr(&payload, s->fresh.ptr, s->fresh.len);
	count += s->nfresh;
	if (!count) {
		unlink(s->path);
		bilan_buf_clear(&payload);
		return;
	}
	struct bilan_buf file = BILAN_BUF_INIT;
	wr(&file, MAGIC, 8);
	wr_u32(&file, VERSION);
	wr_u32(&file, BOM);
	wr_str(&file, s->dir);
	wr_u64(&file, count);
	wr_u64(&file, payload.len);
	wr_u64(&file, bilan_checksum64((const unsigned char *)payload.ptr, payload.len));
	wr(&file, payload.ptr, payload.len);
	bilan_fs_write_atomic(s->path, file.ptr, file.len, 0600, NULL);
	bilan_buf_clear(&file);
	bilan_buf_clear(&payload);
}

/* --- the cache --- */

struct bilan_jcache *bilan_jcache_open(const struct bilan_ws *ws)
{
	struct bilan_jcache *c = bilan_xcalloc(1, sizeof(*c));
	if (bilan_fs_is_dir(ws->gitdir))
		c->dir = bilan_xasprintf("%s/bilan-cache/journal", ws->gitdir);
	return c;
}

static struct shard *shard_for(struct bilan_jcache *c, const char *rel)
{
	if (!c || !c->dir)
		return NULL;
	const char *slash = strrchr(rel, '/');
	size_t dl = slash ? (size_t)(slash - rel) : 0;
	if (c->last && strlen(c->last->dir) == dl && !memcmp(c->last->dir, rel, dl))
		return c->last;
	for (size_t i = 0; i < c->n; i++)
		if (strlen(c->shards[i]->dir) == dl && !memcmp(c->shards[i]->dir, rel, dl))
			return c->last = c->shards[i];
	BILAN_ALLOC_GROW(c->shards, c->n + 1, c->alloc);
	c->shards[c->n] = shard_open(c, rel, dl);
	return c->last = c->shards[c->n++];
}

static bool same_stat(const struct bilan_jstat *a, const struct bilan_jstat *b)
{
	return a->size == b->size && a->ino == b->ino && a->mtime_ns == b->mtime_ns &&
	       a->ctime_ns == b->ctime_ns;
}

/* The record of rel if it matches st, with its id checked against the file
 * name; a record that does not hold together drops the shard. */
static struct crec *lookup(struct bilan_jcache *c, const char *rel,
			   const struct bilan_jstat *st, struct shard **out)
{
	struct shard *s = shard_for(c, rel);
	*out = s;
	if (!s)
		return NULL;
	struct crec *rec = table_find(s, rel, strlen(rel));
	if (!rec || !same_stat(&rec->st, st))
		return NULL;
	return rec;
}

/* The fixed fields; closed (may be NULL) gets the closed date, or t 0 and
 * has_time false when the entry has none. */
static bool read_fixed(struct rd *r, struct bilan_jpeek *pk, struct bilan_time *closed,
		       const char *rel)
{
	const char *id;
	size_t idl;
	rd_span(r, &id, &idl);
	if (!id || idl >= BILAN_ID_SIZE)
		return false;
	memcpy(pk->id, id, idl);
	pk->id[idl] = '\0';
	pk->date.t = (int64_t)rd_u64(r);
	pk->date.offset = (int32_t)rd_u32(r);
	pk->date.has_time = true;
	uint8_t kind = rd_u8(r), status = rd_u8(r), has_closed = rd_u8(r), priv = rd_u8(r);
	int64_t ct = (int64_t)rd_u64(r);
	int32_t coff = (int32_t)rd_u32(r);
	pk->duration = (int32_t)rd_u32(r);
	if (r->bad || kind >= BILAN_KIND_COUNT || status > BILAN_STATUS_REGLEE ||
	    has_closed > 1 || priv > 1 || pk->duration < 0 ||
	    pk->duration > BILAN_JOURNAL_MAX_DURATION || !bilan_id_valid(pk->id))
		return false;
	pk->kind = (enum bilan_entry_kind)kind;
	pk->status = (enum bilan_entry_status)status;
	pk->is_private = priv;
	if (closed) {
		closed->t = has_closed ? ct : 0;
		closed->offset = has_closed ? coff : 0;
		closed->has_time = has_closed;
	}
	/* the record must be the file it claims to be */
	const char *bn = strrchr(rel, '/');
	bn = bn ? bn + 1 : rel;
	return !strncmp(bn, pk->id, idl) && !strcmp(bn + idl, ".yaml");
}

bool bilan_jcache_peek(struct bilan_jcache *c, const char *rel,
		       const struct bilan_jstat *st, struct bilan_jpeek *out)
{
	struct shard *s;
	struct crec *rec = lookup(c, rel, st, &s);
	if (!rec)
		return false;
	struct rd r = { (const unsigned char *)s->data.ptr + rec->entry_off,
			(const unsigned char *)s->data.ptr + rec->end, false };
	if (!read_fixed(&r, out, NULL, rel)) {
		drop_old(s);   /* never trusted blindly */
		return false;
	}
	rec->used = true;
	return true;
}

static struct bilan_entry *get(struct bilan_jcache *c, const char *rel,
				const struct bilan_jstat *st, bool light)
{
	struct shard *s;
	struct crec *rec = lookup(c, rel, st, &s);
	if (!rec)
		return NULL;
	struct rd r = { (const unsigned char *)s->data.ptr + rec->entry_off,
			(const unsigned char *)s->data.ptr + rec->end, false };
	struct bilan_jpeek pk;
	struct bilan_time closed;
	struct bilan_entry *e = bilan_entry_new();
	if (!read_fixed(&r, &pk, &closed, rel))
		goto bad;
	memcpy(e->id, pk.id, sizeof(e->id));
	e->date = pk.date;
	e->kind = pk.kind;
	e->status = pk.status;
	e->is_private = pk.is_private;
	e->duration = pk.duration;
	e->has_closed = closed.has_time;
	e->closed = closed;
	e->closed.has_time = true;
	e->title = rd_str(&r);
	e->piste = rd_str(&r);
	e->rome = rd_str(&r);
	e->guide = rd_str(&r);
	if (light) {
		const char *skip;
		size_t sl;
		rd_span(&r, &skip, &sl);   /* answer */
		rd_span(&r, &skip, &sl);   /* body */
	} else {
		e->answer = rd_str(&r);
		char *body = rd_str(&r);
		if (body) {
			free(e->body);
			e->body = body;
		}
	}
	uint32_t nt = rd_u32(&r);
	for (uint32_t i = 0; i < nt && !r.bad; i++) {
		char *t = rd_str(&r);
		if (t)
			bilan_strlist_add_owned(&e->tags, t);
		else
			r.bad = true;
	}
	char *author = rd_str(&r);
	if (author) {
		e->extra = bilan_node_map();
		bilan_map_set(e->extra, "author", bilan_node_str(author));
		free(author);
	}
	if (r.bad || !e->title || r.p != r.end)
		goto bad;
	e->path = bilan_xstrdup(rel);
	e->file_size = st->size;
	rec->used = true;
	return e;
bad:
	bilan_entry_free(e);
	drop_old(s);   /* never trusted blindly: one bad record drops the shard */
	return NULL;
}

struct bilan_entry *bilan_jcache_get(struct bilan_jcache *c, const char *rel,
				     const struct bilan_jstat *st)
{
	return get(c, rel, st, false);
}

struct bilan_entry *bilan_jcache_get_light(struct bilan_jcache *c, const char *rel,
					   const struct bilan_jstat *st)
{
	return get(c, rel, st, true);
}

/* Can the cache give e back whole?  No comments, and no unknown key but
 * an 'author' string (*author, NULL when absent). */
static bool cacheable_extra(const struct bilan_entry *e, const char **author)
{
	*author = NULL;
	if (e->comments)
		return false;
	if (!e->extra)
		return true;
	if (e->extra->type != BILAN_NODE_MAP || e->extra->n != 1)
		return false;
	const struct bilan_pair *p = &e->extra->pairs[0];
	if (strcmp(p->key->value, "author") != 0 || p->value->type != BILAN_NODE_SCALAR ||
	    p->value->kind != BILAN_SCALAR_STR || p->value->comment || p->value->eol ||
	    p->key->comment || p->key->eol || strlen(p->value->value) != p->value->len)
		return false;
	*author = p->value->value;
	return true;
}

void bilan_jcache_put(struct bilan_jcache *c, const char *rel,
		      const struct bilan_jstat *st, const struct bilan_entry *e,
		      int64_t scan_start_ns)
{
	/* Racily clean: the file could change again within the same time
	 * stamp (coarse file systems); it is parsed again next time.  An old
	 * record of it, left unused, is dropped at close. */
	if (st->mtime_ns > scan_start_ns - RACY_NS || st->ctime_ns > scan_start_ns - RACY_NS)
		return;
	const char *author = NULL;
	if (!cacheable_extra(e, &author))
		return;
	struct shard *s = shard_for(c, rel);
	if (!s)
		return;
	s->dirty = true;
	struct bilan_buf *b = &s->fresh;
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
	wr_str(b, author);
	s->nfresh++;
}

/* Remove the shard files no scanned folder uses any more. */
static void remove_unseen(const struct bilan_jcache *c)
{
	DIR *d = opendir(c->dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l != 20 || strcmp(de->d_name + 16, ".bin"))
			continue;
		bool seen = false;
		for (size_t i = 0; i < c->n && !seen; i++)
			seen = !strcmp(strrchr(c->shards[i]->path, '/') + 1, de->d_name);
		if (!seen)
			unlinkat(dirfd(d), de->d_name, 0);
	}
	closedir(d);
}

void bilan_jcache_prune(struct bilan_jcache *c)
{
	if (c && c->dir)
		c->prune = true;
}

void bilan_jcache_close(struct bilan_jcache *c, bool write_back)
{
	if (!c)
		return;
	if (write_back && c->dir) {
		bool made = false;
		for (size_t i = 0; i < c->n; i++) {
			struct shard *s = c->shards[i];
			bool vanished = false;
			for (size_t k = 0; k < s->n && !vanished; k++)
				vanished = !s->recs[k].used;
			if (!s->dirty && !vanished)
				continue;
			if (!made && bilan_fs_mkdir_p(c->dir, 0700, NULL) < 0)
				break;
			made = true;
			shard_write(s);
		}
		if (c->prune)
			remove_unseen(c);
	}
	for (size_t i = 0; i < c->n; i++)
		shard_free(c->shards[i]);
	free(c->shards);
	free(c->dir);
	free(c);
}

/* ------------------------------------------------------------------ */
/* the folder digest: <gitdir>/bilan-cache/journal/folders.digest
 *   header: "BILANJD\n", u32 version, u32 byte-order mark, u64 folder
 *           count, u64 payload length, u64 checksum of the payload
 *   folder: str path, u8 trusted, u64 inode, i64 mtime_ns, i64 ctime_ns,
 *           u8 has_newest, i64 newest, i32 newest offset, u32 open count,
 *           then per open item: str path, u64 size, u64 inode, i64 mtime_ns,
 *           i64 ctime_ns, u8 kind, i64 date, i32 date offset
 * Its name is not a shard's (16 hex digits + .bin): pruning leaves it alone. */

#define DIGEST_MAGIC "BILANJD\n"
#define DIGEST_VERSION 3u
#define DIGEST_MAX (64u * 1024u * 1024u)

static char *digest_path(const struct bilan_ws *ws)
{
	return bilan_xasprintf("%s/bilan-cache/journal/folders.digest", ws->gitdir);
}

void bilan_jdigest_clear(struct bilan_jdigest *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].rel);
		for (size_t k = 0; k < d->v[i].nopen; k++)
			free(d->v[i].open[k].rel);
		free(d->v[i].open);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

struct bilan_jfolder *bilan_jdigest_add(struct bilan_jdigest *d, const char *rel,
					 const struct bilan_jstat *st)
{
	BILAN_ALLOC_GROW(d->v, d->n + 1, d->alloc);
	struct bilan_jfolder *f = &d->v[d->n++];
	memset(f, 0, sizeof(*f));
	f->rel = bilan_xstrdup(rel);
	f->st = *st;
	return f;
}

void bilan_jfolder_add_open(struct bilan_jfolder *f, const char *rel,
			    const struct bilan_jstat *st, enum bilan_entry_kind kind,
			    const struct bilan_time *date)
{
	BILAN_ALLOC_GROW(f->open, f->nopen + 1, f->aopen);
	f->open[f->nopen].rel = bilan_xstrdup(rel);
	f->open[f->nopen].st = *st;
	f->open[f->nopen].kind = kind;
	f->open[f->nopen].date = *date;
	f->nopen++;
}

const struct bilan_jfolder *bilan_jdigest_find(const struct bilan_jdigest *d, const char *rel)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].rel, rel))
			return &d->v[i];
	return NULL;
}

static bool read_jstat(struct rd *r, struct bilan_jstat *st, bool with_size)
{
	st->size = with_size ? rd_u64(r) : 0;
	st->ino = rd_u64(r);
	st->mtime_ns = (int64_t)rd_u64(r);
	st->ctime_ns = (int64_t)rd_u64(r);
	return !r->bad;
}

void bilan_jdigest_read(struct bilan_jdigest *out, const struct bilan_ws *ws)
{
	memset(out, 0, sizeof(*out));
	if (!bilan_fs_is_dir(ws->gitdir))
		return;
	char *path = digest_path(ws);
	struct bilan_buf b = BILAN_BUF_INIT;
	int rc = read_cache_file(&b, path, DIGEST_MAX);
	free(path);
	if (rc <= 0) {
		bilan_buf_clear(&b);
		return;
	}
	size_t got = b.len;
	const unsigned char *p = (const unsigned char *)b.ptr;
	struct rd h = { p, p + got, false };
	char magic[8];
	rd_take(&h, magic, 8);
	uint32_t version = rd_u32(&h), bom = rd_u32(&h);
	uint64_t count = rd_u64(&h), plen = rd_u64(&h), sum = rd_u64(&h);
	size_t header = (size_t)(h.p - p);
	if (h.bad || memcmp(magic, DIGEST_MAGIC, 8) || version != DIGEST_VERSION ||
	    bom != BOM || plen != got - header || count > plen / 16 ||
	    bilan_checksum64(p + header, plen) != sum) {
		bilan_buf_clear(&b);
		return;
	}
	struct rd r = { p + header, p + got, false };
	for (uint64_t i = 0; i < count && !r.bad; i++) {
		char *rel = rd_str(&r);
		uint8_t trusted = rd_u8(&r);
		struct bilan_jstat fst;
		read_jstat(&r, &fst, false);
		uint8_t has_newest = rd_u8(&r);
		int64_t nt = (int64_t)rd_u64(&r);
		int32_t noff = (int32_t)rd_u32(&r);
		uint32_t nopen = rd_u32(&r);
		if (r.bad || !rel || !bilan_fs_rel_path_ok(rel) || trusted > 1 || has_newest > 1 ||
		    nopen > plen / 16 || bilan_jdigest_find(out, rel)) {
			free(rel);
			r.bad = true;
			break;
		}
		struct bilan_jfolder *f = bilan_jdigest_add(out, rel, &fst);
		free(rel);
		f->trusted = trusted;
		f->has_newest = has_newest;
		f->newest.t = nt;
		f->newest.offset = noff;
		f->newest.has_time = true;
		for (uint32_t k = 0; k < nopen && !r.bad; k++) {
			char *orel = rd_str(&r);
			struct bilan_jstat ost;
			read_jstat(&r, &ost, true);
			uint8_t kind = rd_u8(&r);
			struct bilan_time od = { (int64_t)rd_u64(&r), 0, true };
			od.offset = (int32_t)rd_u32(&r);
			size_t fl = strlen(f->rel);
			if (!orel || r.bad || strncmp(orel, f->rel, fl) || orel[fl] != '/' ||
			    strchr(orel + fl + 1, '/') ||
			    !bilan_entry_kind_closable((enum bilan_entry_kind)kind))
				r.bad = true;   /* an open item of another folder */
			else
				bilan_jfolder_add_open(f, orel, &ost, (enum bilan_entry_kind)kind, &od);
			free(orel);
		}
	}
	if (r.bad || r.p != r.end)
		bilan_jdigest_clear(out);   /* never trusted blindly */
	bilan_buf_clear(&b);
}

void bilan_jdigest_write(const struct bilan_jdigest *d, const struct bilan_ws *ws)
{
	if (!bilan_fs_is_dir(ws->gitdir))
		return;
	struct bilan_buf payload = BILAN_BUF_INIT;
	for (size_t i = 0; i < d->n; i++) {
		const struct bilan_jfolder *f = &d->v[i];
		wr_str(&payload, f->rel);
		wr_u8(&payload, f->trusted);
		wr_u64(&payload, f->st.ino);
		wr_u64(&payload, (uint64_t)f->st.mtime_ns);
		wr_u64(&payload, (uint64_t)f->st.ctime_ns);
		wr_u8(&payload, f->has_newest);
		wr_u64(&payload, (uint64_t)(f->has_newest ? f->newest.t : 0));
		wr_u32(&payload, (uint32_t)(f->has_newest ? f->newest.offset : 0));
		wr_u32(&payload, (uint32_t)f->nopen);
		for (size_t k = 0; k < f->nopen; k++) {
			wr_str(&payload, f->open[k].rel);
			wr_u64(&payload, f->open[k].st.size);
			wr_u64(&payload, f->open[k].st.ino);
			wr_u64(&payload, (uint64_t)f->open[k].st.mtime_ns);
			wr_u64(&payload, (uint64_t)f->open[k].st.ctime_ns);
			wr_u8(&payload, (uint8_t)f->open[k].kind);
			wr_u64(&payload, (uint64_t)f->open[k].date.t);
			wr_u32(&payload, (uint32_t)f->open[k].date.offset);
		}
	}
	struct bilan_buf file = BILAN_BUF_INIT;
	wr(&file, DIGEST_MAGIC, 8);
	wr_u32(&file, DIGEST_VERSION);
	wr_u32(&file, BOM);
	wr_u64(&file, (uint64_t)d->n);
	wr_u64(&file, payload.len);
	wr_u64(&file, bilan_checksum64((const unsigned char *)payload.ptr, payload.len));
	wr(&file, payload.ptr, payload.len);
	char *dir = bilan_xasprintf("%s/bilan-cache/journal", ws->gitdir);
	char *path = digest_path(ws);
	if (bilan_fs_mkdir_p(dir, 0700, NULL) == 0)
		bilan_fs_write_atomic(path, file.ptr, file.len, 0600, NULL);
	free(dir);
	free(path);
	bilan_buf_clear(&file);
	bilan_buf_clear(&payload);
}

void bilan_journal_digest_drop(const struct bilan_ws *ws)
{
	char *path = digest_path(ws);
	unlink(path);
	free(path);
}
