/* index-peek.c - is the working tree exactly what the index says?  (see
 * index-peek.h; the format: git's Documentation/gitformat-index.txt) */
#include "index-peek.h"
#include "buf.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

struct peek {
	struct bilan_buf arena;    /* the paths, NUL-separated, in index order */
	size_t *off;               /* where each path starts in arena */
	size_t n;
	struct bilan_buf abs;      /* workdir + '/' + a path, reused */
	size_t root_len;           /* workdir + '/' */
	size_t found;              /* files of the walk found in the index */
};

/* Whether the entry's stat data are those of the file now, and the file
 * is not racily clean (changed in the index file's own tick). */
static bool entry_matches(struct peek *pk, const char *path, const unsigned char *e,
			  const struct timespec *index_mtime)
{
	uint32_t mode = be32(e + 24);
	uint32_t mtime_s = be32(e + 8), mtime_ns = be32(e + 12);
	if ((int64_t)mtime_s > (int64_t)index_mtime->tv_sec ||
	    ((int64_t)mtime_s == (int64_t)index_mtime->tv_sec &&
	     (int64_t)mtime_ns >= (int64_t)index_mtime->tv_nsec))
		return false;   /* racily clean: only its content can tell */
	bilan_buf_truncate(&pk->abs, pk->root_len);
	bilan_buf_puts(&pk->abs, path);
	struct stat st;
	if (lstat(bilan_buf_cstr(&pk->abs), &st) < 0)
		return false;
	switch (mode >> 12) {
	case 010:   /* regular file */
		if (!S_ISREG(st.st_mode) || ((st.st_mode & 0100) ? 0755u : 0644u) != (mode & 0777))
			return false;
		break;
	case 012:   /* symbolic link */
		if (!S_ISLNK(st.st_mode))
			return false;
		break;
	default:    /* a submodule or anything else: libgit2 decides */
		return false;
	}
	return be32(e) == (uint32_t)st.st_ctim.tv_sec && be32(e + 4) == (uint32_t)st.st_ctim.tv_nsec &&
	       mtime_s == (uint32_t)st.st_mtim.tv_sec && mtime_ns == (uint32_t)st.st_mtim.tv_nsec &&
	       be32(e + 20) == (uint32_t)st.st_ino && be32(e + 28) == (uint32_t)st.st_uid &&
	       be32(e + 32) == (uint32_t)st.st_gid && be32(e + 36) == (uint32_t)st.st_size;
}

/* The entries, each checked; false at the first doubt.  end: where the
 * extensions stop (before the trailing checksum). */
static bool read_entries(struct peek *pk, const unsigned char *data, size_t end,
			 const struct timespec *index_mtime)
{
	if (end < 12 || memcmp(data, "DIRC", 4) != 0)
		return false;
	uint32_t version = be32(data + 4);
	if (version < 2 || version > 4)
		return false;
	pk->n = be32(data + 8);
	if (pk->n > end / 62)
		return false;
	pk->off = bilan_xcalloc(pk->n ? pk->n : 1, sizeof(*pk->off));
	struct bilan_buf prev = BILAN_BUF_INIT;   /* format 4: the path before */
	size_t off = 12;
	bool ok = true;
	for (size_t i = 0; ok && i < pk->n; i++) {
		if (off + 62 > end) {
			ok = false;
			break;
		}
		const unsigned char *e = data + off;
		uint16_t flags = be16(e + 60);
		size_t head = 62;
		if (flags & 0x4000) {   /* extended flags: skip-worktree, intent-to-add */
			if (version < 3 || off + 64 > end || be16(e + 62) != 0) {
				ok = false;
				break;
			}
			head = 64;
		}
		if (flags & 0x3000) {   /* a conflict */
			ok = false;
			break;
		}
		const unsigned char *p = e + head;
		const unsigned char *nul;
		if (version == 4) {
			/* strip N bytes from the path before, then add the suffix */
			size_t strip = 0;
			unsigned char c;
			int guard = 0;
			do {
				if (p >= data + end || ++guard > 9) {
					ok = false;
					break;
				}
				c = *p++;
				strip = (strip << 7) | (c & 127);
				if (c & 128)
					strip++;
			} while (c & 128);
			if (!ok)
				break;
			nul = memchr(p, '\0', (size_t)(data + end - p));
			if (!nul || strip > prev.len) {
				ok = false;
				break;
			}
			bilan_buf_truncate(&prev, prev.len - strip);
			bilan_buf_put(&prev, p, (size_t)(nul - p));
			off = (size_t)(nul + 1 - data);
		} else {
			nul = memchr(p, '\0', (size_t)(data + end - p));
			if (!nul) {
				ok = false;
				break;
			}
			bilan_buf_reset(&prev);
			bilan_buf_put(&prev, p, (size_t)(nul - p));
			off += (head + (size_t)(nul - p) + 8) & ~(size_t)7;
		}
		if (!prev.len || off > end) {
			ok = false;
			break;
		}
		pk->off[i] = pk->arena.len;
		bilan_buf_put(&pk->arena, prev.ptr, prev.len + 1);   /* with its NUL */
		ok = entry_matches(pk, bilan_buf_cstr(&prev), e, index_mtime);
	}
	/* extensions: the optional ones (A-Z) may be ignored; a required
	 * one (a split index, a sparse one) means entries are elsewhere */
	while (ok && off + 8 <= end) {
		if (data[off] < 'A' || data[off] > 'Z')
			ok = false;
		off += 8 + (size_t)be32(data + off + 4);
	}
	bilan_buf_clear(&prev);
	return ok && off == end;
}

static int cmp_path(const void *key, const void *elt, const char *base)
{
	return strcmp((const char *)key, base + *(const size_t *)elt);
}

static bool in_index(const struct peek *pk, const char *rel)
{
	size_t lo = 0, hi = pk->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_path(rel, &pk->off[mid], pk->arena.ptr);
		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/* Every file under pk->abs (a folder, relative part from root_len) is in
 * the index.  depth bounds the recursion. */
static bool walk(struct peek *pk, int depth)
{
	if (depth > 64)
		return false;
	DIR *d = opendir(bilan_buf_cstr(&pk->abs));
	if (!d)
		return false;
	size_t here = pk->abs.len;
	bool top = here == pk->root_len;
	bool ok = true;
	struct dirent *de;
	while (ok && (de = readdir(d)) != NULL) {
		const char *name = de->d_name;
		if (!strcmp(name, ".") || !strcmp(name, "..") || (top && !strcmp(name, ".git")))
			continue;
		bilan_buf_truncate(&pk->abs, here);
		bilan_buf_puts(&pk->abs, name);
		unsigned char type = de->d_type;
		if (type == DT_UNKNOWN) {
			struct stat st;
			if (lstat(bilan_buf_cstr(&pk->abs), &st) < 0) {
				ok = false;
				break;
			}
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG :
			       S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
		}
		if (type == DT_DIR) {
			bilan_buf_putc(&pk->abs, '/');
			ok = walk(pk, depth + 1);
		} else if ((type == DT_REG || type == DT_LNK) &&
			   in_index(pk, bilan_buf_cstr(&pk->abs) + pk->root_len)) {
			pk->found++;
		} else {
			ok = false;   /* untracked, ignored, special: libgit2 decides */
		}
	}
	closedir(d);
	bilan_buf_truncate(&pk->abs, here);
	return ok;
}

bool bilan_index_peek_clean(const char *gitdir, const char *workdir,
			    unsigned char out_sum[20])
{
	struct peek pk;
	memset(&pk, 0, sizeof(pk));
	bool ok = false;
	char *path = bilan_xasprintf("%s/index", gitdir);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(path);
	struct stat st;
	if (fd < 0)
		return false;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 12 + 20 ||
	    (uint64_t)st.st_size > (uint64_t)1 << 31) {
		close(fd);
		return false;
	}
	size_t size = (size_t)st.st_size;
	void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return false;
	const unsigned char *data = map;
	bilan_buf_puts(&pk.abs, workdir);
	bilan_buf_putc(&pk.abs, '/');
	pk.root_len = pk.abs.len;
	if (read_entries(&pk, data, size - 20, &st.st_mtim)) {
		bilan_buf_truncate(&pk.abs, pk.root_len);
		ok = walk(&pk, 0) && pk.found == pk.n;
		memcpy(out_sum, data + size - 20, 20);
	}
	munmap(map, size);
	free(pk.off);
	bilan_buf_clear(&pk.arena);
	bilan_buf_clear(&pk.abs);
	return ok;
}
