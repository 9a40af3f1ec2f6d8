/* rome.c - the ROME 4.0 repertoire: CSV -> index builder, mapped index
 * reader, lookup, search, suggestions (see rome.h). */
#include "config.h"
#include "hash.h"
#include "settings.h"
#include "rome.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "i18n.h"
#include "paths.h"
#include "text.h"

/* ------------------------------------------------------------------ */
/* Format                                                              */

#define MAGIC "BILANROM"
#define HDR_SIZE 96u
#define NSEC 7u

enum { SEC_STR, SEC_GD, SEC_DP, SEC_FICHE, SEC_APP, SEC_ITEM, SEC_MOB };
static const uint32_t sec_elem[NSEC] = { 1, 8, 8, 64, 16, 12, 8 };

#define ITEM_KIND_MASK 3u
#define ITEM_CORE 4u
#define ITEM_EMERGENT 8u

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void wr32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void wr64(unsigned char *p, uint64_t v)
{
	wr32(p, (uint32_t)v);
	wr32(p + 4, (uint32_t)(v >> 32));
}

/* ------------------------------------------------------------------ */
/* Tokens and stems                                                    */

static bool ends(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* Replace suffix suf (length ks) by rep when the result keeps >= 3 bytes. */
static bool swap_suffix(char *s, size_t *n, const char *suf, const char *rep)
{
	size_t ks = strlen(suf), kr = strlen(rep);
	if (!ends(s, *n, suf) || *n - ks + kr < 3)
		return false;
	memcpy(s + *n - ks, rep, kr);
	*n = *n - ks + kr;
	s[*n] = '\0';
	return true;
}

char *bilan_rome_stem(char *t)
{
	size_t n = strlen(t);
	if (n < 4)
		return t;
	/* plural */
	if (ends(t, n, "eaux"))
		t[--n] = '\0';
	else if (!swap_suffix(t, &n, "aux", "al")) {
		if ((t[n - 1] == 's' && t[n - 2] != 's') || t[n - 1] == 'x')
			t[--n] = '\0';
	}
	/* feminine */
	static const char *const rules[][2] = {
		{ "trice", "teur" }, { "euse", "eur" }, { "eure", "eur" },
		{ "iere", "ier" }, { "ere", "er" }, { "enne", "en" },
		{ "elle", "el" }, { "ive", "if" }, { "ee", "e" },
	};
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (swap_suffix(t, &n, rules[i][0], rules[i][1]))
			break;
	return t;
}

static const char *const stop_words[] = {
	"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le",
	"les", "pour", "sur", "un", "une", "ou", NULL,
};

static bool is_stop(const char *t)
{
	for (size_t i = 0; stop_words[i]; i++)
		if (strcmp(t, stop_words[i]) == 0)
			return true;
	return false;
}

static bool tok_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Fold text and cut it into tokens: folded ones into fold (may be NULL),
 * stems into stems, both space-separated and in the same order.  Returns the
 * number of tokens. */
static size_t tokenize(struct bilan_buf *fold, struct bilan_buf *stems,
		       const char *text, bool keep_stop)
{
	char *f = bilan_text_fold(text ? text : "");
	size_t count = 0;
	char *p = f;
	for (;;) {
		while (*p && !tok_char((unsigned char)*p))
			p++;
		if (!*p)
			break;
		char *start = p;
		while (*p && tok_char((unsigned char)*p))
			p++;
		char save = *p;
		*p = '\0';
		if (keep_stop || !is_stop(start)) {
			char *st = bilan_xstrdup(start);
			bilan_rome_stem(st);
			if (fold) {
				if (fold->len)
					bilan_buf_putc(fold, ' ');
				bilan_buf_puts(fold, start);
			}
			if (stems->len)
				bilan_buf_putc(stems, ' ');
			bilan_buf_puts(stems, st);
			free(st);
			count++;
		}
		*p = save;
	}
	free(f);
	if (fold)
		bilan_buf_puts(fold, "");
	bilan_buf_puts(stems, "");
	return count;
}

void bilan_rome_tokens(struct bilan_buf *out, const char *text, bool keep_stop)
{
	struct bilan_buf tmp = BILAN_BUF_INIT;
	tokenize(NULL, &tmp, text, keep_stop);
	if (tmp.len) {
		if (out->len)
			bilan_buf_putc(out, ' ');
		bilan_buf_put(out, tmp.ptr, tmp.len);
	}
	bilan_buf_puts(out, "");
	bilan_buf_clear(&tmp);
}

/* ------------------------------------------------------------------ */
/* CSV reading (libcsv)                                                */

struct csv_ctx {
	const char *path;
	const char *const *want;     /* column names wanted, NULL-terminated */
	size_t nwant;
	int col_of[16];              /* want[i] -> column index */
	char **fields;               /* current row */
	size_t nfields, alloc;
	size_t row;                  /* 1-based record number (1 = header) */
	int (*on_row)(void *data, char **f, size_t row, struct bilan_error *err);
	void *data;
	struct bilan_error *err;
	int rc;
};

static void csv_field_cb(void *s, size_t len, void *data)
{
	struct csv_ctx *c = data;
	BILAN_ALLOC_GROW(c->fields, c->nfields + 1, c->alloc);
	c->fields[c->nfields++] = bilan_xstrndup(s ? s : "", s ? len : 0);
}

static void csv_row_cb(int term, void *data)
{
	struct csv_ctx *c = data;
	(void)term;
	c->row++;
	if (c->rc == 0) {
		for (size_t i = 0; i < c->nfields && c->rc == 0; i++) {
			size_t bad;
			if (!bilan_utf8_valid(c->fields[i], strlen(c->fields[i]), &bad))
				c->rc = bilan_error_set_at(c->err, BILAN_EINVALID, c->path,
					0, 0, _("invalid UTF-8 in record %zu"), c->row);
		}
	}
	if (c->rc == 0 && c->row == 1) {
		for (size_t w = 0; w < c->nwant; w++) {
			c->col_of[w] = -1;
			for (size_t i = 0; i < c->nfields; i++)
				if (strcmp(c->fields[i], c->want[w]) == 0)
					c->col_of[w] = (int)i;
			if (c->col_of[w] < 0) {
				c->rc = bilan_error_set_at(c->err, BILAN_EINVALID, c->path, 1, 0,
					_("missing column '%s'"), c->want[w]);
				break;
			}
		}
	} else if (c->rc == 0 && !(c->nfields == 1 && c->fields[0][0] == '\0')) {
		char *f[16];
		for (size_t w = 0; w < c->nwant; w++) {
			size_t k = (size_t)c->col_of[w];
			if (k >= c->nfields) {
				c->rc = bilan_error_set_at(c->err, BILAN_EINVALID, c->path,
					0, 0, _("record %zu has %zu fields, expected at least %zu"),
					c->row, c->nfields, k + 1);
				break;
			}
			f[w] = c->fields[k];
		}
		if (c->rc == 0)
			c->rc = c->on_row(c->data, f, c->row, c->err);
	}
	for (size_t i = 0; i < c->nfields; i++)
		free(c->fields[i]);
	c->nfields = 0;
}

static int read_csv(const char *dir, const char *name, const char *const *want,
		    int (*on_row)(void *, char **, size_t, struct bilan_error *),
		    void *data, struct bilan_error *err)
{
	char *path = bilan_xasprintf("%s/unix_%s_v460_utf8.csv", dir, name);
	struct csv_parser p;
	struct csv_ctx c = { 0 };
	char *buf = NULL;
	int rc = 0;
	bool parser = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = bilan_error_set_errno(err, errno == ENOENT ? BILAN_ENOTFOUND : BILAN_EFAIL,
			errno, _("cannot read '%s'"), path);
		goto out;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (64 << 20)) {
		rc = bilan_error_set(err, BILAN_EINVALID, _("'%s' is not a readable CSV file"), path);
		goto out;
	}
	size_t size = (size_t)st.st_size, got = 0;
	buf = bilan_xmalloc(size + 1);
	while (got < size) {
		ssize_t k = read(fd, buf + got, size - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			rc = bilan_error_set_errno(err, BILAN_EFAIL, k < 0 ? errno : EIO,
				_("cannot read '%s'"), path);
			goto out;
		}
		got += (size_t)k;
	}
	c.path = path;
	c.want = want;
	while (want[c.nwant])
		c.nwant++;
	c.on_row = on_row;
	c.data = data;
	c.err = err;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		abort();
	parser = true;
	if (csv_parse(&p, buf, size, csv_field_cb, csv_row_cb, &c) != size ||
	    csv_fini(&p, csv_field_cb, csv_row_cb, &c) != 0) {
		if (c.rc == 0)
			c.rc = bilan_error_set_at(err, BILAN_EINVALID, path, 0, 0,
				_("malformed CSV after record %zu: %s"), c.row,
				csv_strerror(csv_error(&p)));
	}
	rc = c.rc;
	if (rc == 0 && c.row < 2)
		rc = bilan_error_set_at(err, BILAN_EINVALID, path, 0, 0, _("no records"));
out:
	if (parser)
		csv_free(&p);
	for (size_t i = 0; i < c.nfields; i++)
		free(c.fields[i]);
	free(c.fields);
	free(buf);
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Builder                                                             */

struct strtab {
	struct bilan_buf bytes;
	uint32_t *slots;             /* offset + 1; 0 = empty */
	size_t nslots, used;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 0xCBF29CE484222325ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001B3ull;
	}
	return h;
}

static uint32_t intern(struct strtab *t, const char *s)
{
	if (t->used * 2 >= t->nslots) {
		size_t nn = t->nslots ? t->nslots * 2 : 4096;
		uint32_t *ns = bilan_xcalloc(nn, sizeof(*ns));
		for (size_t i = 0; i < t->nslots; i++) {
			if (!t->slots[i])
				continue;
			size_t j = hash_str(t->bytes.ptr + t->slots[i] - 1) & (nn - 1);
			while (ns[j])
				j = (j + 1) & (nn - 1);
			ns[j] = t->slots[i];
		}
		free(t->slots);
		t->slots = ns;
		t->nslots = nn;
	}
	size_t j = hash_str(s) & (t->nslots - 1);
	while (t->slots[j]) {
		if (strcmp(t->bytes.ptr + t->slots[j] - 1, s) == 0)
			return t->slots[j] - 1;
		j = (j + 1) & (t->nslots - 1);
	}
	uint32_t off = (uint32_t)t->bytes.len;
	bilan_buf_put(&t->bytes, s, strlen(s) + 1);
	t->slots[j] = off + 1;
	t->used++;
	return off;
}

struct b_sentence { int pos; char *text; };
struct b_sentences { struct b_sentence *v; size_t n, alloc; };

struct b_fiche {
	char code[8];
	char *title;
	uint32_t dp, gd;
	char major, minor;
	unsigned flags;
	struct b_sentences def, acc;
};

struct b_app { uint32_t fiche; char *label; char *fold; };
struct b_itemdef { unsigned code; char *label; char *fold; unsigned kind; };
struct b_link { uint32_t fiche; unsigned code; unsigned flags; const struct b_itemdef *def; };
struct b_mob { uint32_t fiche, target, order; };

struct builder {
	const char *dir;
	struct b_fiche *f; size_t nf, af;
	char (*gd_letter)[2]; char **gd_label; size_t ngd, agd, agdl;
	char **dp_code; char **dp_label; size_t ndp, adp, adpl;
	struct b_app *app; size_t napp, aapp;
	struct b_itemdef *items; size_t nitems, aitems;
	struct b_link *links; size_t nlinks, alinks;
	struct b_mob *mob; size_t nmob, amob;
	char *cur_path;
};

static bool code_ok(const char *s)
{
	if (strlen(s) != 5 || s[0] < 'A' || s[0] > 'N')
		return false;
	for (int i = 1; i < 5; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static char riasec_letter(const char *s)
{
	if (!s[0])
		return 0;
	if (s[1] || !strchr("RIASEC", s[0]))
		return -1;
	return s[0];
}

static int cmp_fiche(const void *a, const void *b)
{
	return strcmp(((const struct b_fiche *)a)->code, ((const struct b_fiche *)b)->code);
}

static long find_fiche(const struct builder *b, const char *code)
{
	size_t lo = 0, hi = b->nf;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(b->f[mid].code, code);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The code itself, not bilan_error_set_at()'s return: the static analyzer
 * sees one file at a time, and would take a failed fiche_of() for a success
 * that left its out parameter unset. */
#define ROW_ERR(b, row, ...) \
	(bilan_error_set_at(err, BILAN_EINVALID, (b)->cur_path, 0, 0, __VA_ARGS__), \
	 BILAN_EINVALID)

static void set_path(struct builder *b, const char *name)
{
	free(b->cur_path);
	b->cur_path = bilan_xasprintf("%s/unix_%s_v460_utf8.csv", b->dir, name);
}

static int row_gd(void *data, char **f, size_t row, struct bilan_error *err)
{
	struct builder *b = data;
	if (strlen(f[0]) != 1 || f[0][0] < 'A' || f[0][0] > 'N')
		return ROW_ERR(b, row, _("record %zu: bad grand domaine '%s'"), row, f[0]);
	BILAN_ALLOC_GROW(b->gd_letter, b->ngd + 1, b->agd);
	BILAN_ALLOC_GROW(b->gd_label, b->ngd + 1, b->agdl);
	b->gd_letter[b->ngd][0] = f[0][0];
	b->gd_letter[b->ngd][1] = 0;
	b->gd_label[b->ngd++] = bilan_xstrdup(f[1]);
	return 0;
}

static int row_dp(void *data, char **f, size_t row, struct bilan_error *err)
{
	struct builder *b = data;
	if (strlen(f[0]) != 3 || f[0][0] < 'A' || f[0][0] > 'N')
		return ROW_ERR(b, row, _("record %zu: bad domaine professionnel '%s'"), row, f[0]);
	BILAN_ALLOC_GROW(b->dp_code, b->ndp + 1, b->adp);
	BILAN_ALLOC_GROW(b->dp_label, b->ndp + 1, b->adpl);
	b->dp_code[b->ndp] = bilan_xstrdup(f[0]);
	b->dp_label[b->ndp++] = bilan_xstrdup(f[1]);
	return 0;
}

static int row_fiche(void *data, char **f, size_t row, struct bilan_error *err)
{
	struct builder *b = data;
	if (!code_ok(f[0]))
		return ROW_ERR(b, row, _("record %zu: bad code '%s'"), row, f[0]);
	if (!f[1][0])
		return ROW_ERR(b, row, _("record %zu: empty title"), row);
	BILAN_ALLOC_GROW(b->f, b->nf + 1, b->af);
	struct b_fiche *x = &b->f[b->nf++];
	memset(x, 0, sizeof(*x));
	memcpy(x->code, f[0], 6);
	x->title = bilan_xstrdup(f[1]);
	x->flags = (strcmp(f[2], "O") == 0 ? BILAN_ROME_REGLEMENTE : 0) |
		   (strcmp(f[3], "O") == 0 ? BILAN_ROME_CADRE : 0);
	x->gd = UINT32_MAX;
	x->dp = UINT32_MAX;
	for (size_t i = 0; i < b->ngd; i++)
		if (b->gd_letter[i][0] == x->code[0])
			x->gd = (uint32_t)i;
	for (size_t i = 0; i < b->ndp; i++)
		if (strncmp(b->dp_code[i], x->code, 3) == 0)
			x->dp = (uint32_t)i;
	if (x->gd == UINT32_MAX || x->dp == UINT32_MAX)
		return ROW_ERR(b, row, _("record %zu: no domain for code '%s'"), row, f[0]);
	return 0;
}

static int fiche_of(const struct builder *b, const char *code, size_t row,
		    uint32_t *out, struct bilan_error *err)
{
	long i = find_fiche(b, code);
	if (i < 0)
		return ROW_ERR(b, row, _("record %zu: unknown code '%s'"), row, code);
	*out = (uint32_t)i;
	return 0;
}

static int row_riasec(void *data, char **f, size_t row, struct bilan_error *err)
{
	struct builder *b = data;
	uint32_t i;
	int rc = fiche_of(b, f[0], row, &i, err);
	if (rc)
		return rc;
	char M = riasec_letter(f[1]), m = riasec_letter(f[2]);
	if (M < 0 || m < 0)
		return ROW_ERR(b, row, _("record %zu: bad RIASEC letters"), row);
	b->f[i].major = M;
	b->f[i].minor = m;
	return 0;
}

static int row_texte(void *data, char **f, size_t row, struct bilan_error *err)
{
	struct builder *b = data;
	uint32_t i;
	int rc = fiche_of(b, f[0], row, &i, err);
	if (rc)
		return rc;
	struct b_sentences *s;
	if (strcmp(f[1], "definition") == 0)
		s = &b->f[i].def;
	else if (strcmp(f[1], "acces_metier") == 0)
		s = &b->f[i].acc;
	else
		return 0;
	BILAN_ALLOC_GROW(s->v, s->n + 1, s->alloc);
	/* the sentence's position (1 to 13 in the shipped data); anything
	 * else sorts first, as 0 */
	char *end = NULL;
	errno = 0;
	long pos = strtol(f[2], &end, 10);
	s->v[s->n].pos = !errno && end && !*end && pos >= 0 && pos <= INT_MAX ? (int)pos : 0;
	/* unix_texte writes apostrophes doubled (an SQL export artefact:
	 * "l''intervention"); the index has them single */
	char *t = bilan_xstrdup(f[3]), *w = t;
	for (const char *q = f[3]; *q; q++)
		if (!(q[0] == '\'' && q[1] == '\''))
			*w++ = *q;
	*w = '\0';
	s->v[s->n++].text = t;
	return 0;
}

static int row_app(void *data, char **f, size_t row, struct bilan_error *err)
{
	struct builder *b = data;
	uint32_t i;
	int rc = fiche_of(b, f[1], row, &i, err);
	if (rc)
		return rc;
	if (!f[0][0])
		return ROW_ERR(b, row, _("record %zu: empty appellation"), row);
	BILAN_ALLOC_GROW(b->app, b->napp + 1, b->aapp);
	b->app[b->napp].fiche = i;
	b->app[b->napp].label = bilan_xstrdup(f[0]);
	b->app[b->napp++].fold = bilan_text_fold(f[0]);
	return 0;
}

static int row_item(void *data, char **f, size_t row, struct bilan_error *err)
{
	struct builder *b = data;
	char *end;
	unsigned long code = strtoul(f[0], &end, 10);
	if (!f[0][0] || *end || code > UINT32_MAX)
		return ROW_ERR(b, row, _("record %zu: bad code_ogr '%s'"), row, f[0]);
	BILAN_ALLOC_GROW(b->items, b->nitems + 1, b->aitems);
	struct b_itemdef *d = &b->items[b->nitems++];
	d->code = (unsigned)code;
	d->label = bilan_xstrdup(f[1]);
	d->fold = bilan_text_fold(f[1]);
	d->kind = strcmp(f[2], "1") == 0 ? BILAN_ROME_SAVOIR_FAIRE :
		  strcmp(f[2], "2") == 0 ? BILAN_ROME_SAVOIR_ETRE : BILAN_ROME_SAVOIR;
	return 0;
}

static int cmp_itemdef(const void *a, const void *b)
{
	unsigned x = ((const struct b_itemdef *)a)->code, y = ((const struct b_itemdef *)b)->code;
	return x < y ? -1 : x > y;
}

static int row_link(void *data, char **f, size_t row, struct bilan_error *err)
{
	struct builder *b = data;
	uint32_t i;
	int rc = fiche_of(b, f[0], row, &i, err);
	if (rc)
		return rc;
	char *end;
	unsigned long code = strtoul(f[1], &end, 10);
	struct b_itemdef key = { .code = (unsigned)code };
	const struct b_itemdef *d = bsearch(&key, b->items, b->nitems, sizeof(key), cmp_itemdef);
	if (!f[1][0] || *end || !d)
		return ROW_ERR(b, row, _("record %zu: unknown item '%s'"), row, f[1]);
	BILAN_ALLOC_GROW(b->links, b->nlinks + 1, b->alinks);
	struct b_link *l = &b->links[b->nlinks++];
	l->fiche = i;
	l->code = d->code;
	l->def = d;
	l->flags = d->kind;
	if (f[2][0])
		l->flags |= ITEM_CORE;
	if (strncmp(f[2], "\xc3\x89merg", 6) == 0)   /* Émergente */
		l->flags |= ITEM_EMERGENT;
	return 0;
}

static int row_mob(void *data, char **f, size_t row, struct bilan_error *err)
{
	struct builder *b = data;
	uint32_t i, t;
	int rc = fiche_of(b, f[0], row, &i, err);
	if (rc == 0)
		rc = fiche_of(b, f[1], row, &t, err);
	if (rc)
		return rc;
	BILAN_ALLOC_GROW(b->mob, b->nmob + 1, b->amob);
	b->mob[b->nmob].fiche = i;
	b->mob[b->nmob].target = t;
	b->mob[b->nmob++].order = (uint32_t)strtoul(f[2], NULL, 10);
	return 0;
}

static int cmp_sentence(const void *a, const void *b)
{
	int x = ((const struct b_sentence *)a)->pos, y = ((const struct b_sentence *)b)->pos;
	return x < y ? -1 : x > y;
}

static char *join_sentences(struct b_sentences *s)
{
	struct bilan_buf out = BILAN_BUF_INIT;
	if (s->n)   /* qsort(NULL, 0, ...) is undefined */
		qsort(s->v, s->n, sizeof(*s->v), cmp_sentence);
	for (size_t i = 0; i < s->n; i++) {
		if (i)
			bilan_buf_putc(&out, '\n');
		bilan_buf_puts(&out, s->v[i].text);
	}
	bilan_buf_puts(&out, "");
	return bilan_buf_detach(&out);
}

static int cmp_app(const void *a, const void *b)
{
	const struct b_app *x = a, *y = b;
	if (x->fiche != y->fiche)
		return x->fiche < y->fiche ? -1 : 1;
	int c = strcmp(x->fold, y->fold);
	return c ? c : strcmp(x->label, y->label);
}

static unsigned link_group(unsigned flags)
{
	unsigned kind = flags & ITEM_KIND_MASK;
	return (kind == BILAN_ROME_SAVOIR ? 2u : 0u) + (flags & ITEM_CORE ? 0u : 1u);
}

static int cmp_link(const void *a, const void *b)
{
	const struct b_link *x = a, *y = b;
	if (x->fiche != y->fiche)
		return x->fiche < y->fiche ? -1 : 1;
	unsigned gx = link_group(x->flags), gy = link_group(y->flags);
	if (gx != gy)
		return gx < gy ? -1 : 1;
	int c = strcmp(x->def->fold, y->def->fold);
	if (c)
		return c;
	return x->code < y->code ? -1 : x->code > y->code;
}

static int cmp_mob(const void *a, const void *b)
{
	const struct b_mob *x = a, *y = b;
	if (x->fiche != y->fiche)
		return x->fiche < y->fiche ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->target < y->target ? -1 : x->target > y->target;
}

static void builder_free(struct builder *b)
{
	for (size_t i = 0; i < b->nf; i++) {
		free(b->f[i].title);
		for (size_t k = 0; k < b->f[i].def.n; k++)
			free(b->f[i].def.v[k].text);
		for (size_t k = 0; k < b->f[i].acc.n; k++)
			free(b->f[i].acc.v[k].text);
		free(b->f[i].def.v);
		free(b->f[i].acc.v);
	}
	free(b->f);
	for (size_t i = 0; i < b->ngd; i++)
		free(b->gd_label[i]);
	free(b->gd_letter);
	free(b->gd_label);
	for (size_t i = 0; i < b->ndp; i++) {
		free(b->dp_code[i]);
		free(b->dp_label[i]);
	}
	free(b->dp_code);
	free(b->dp_label);
	for (size_t i = 0; i < b->napp; i++) {
		free(b->app[i].label);
		free(b->app[i].fold);
	}
	free(b->app);
	for (size_t i = 0; i < b->nitems; i++) {
		free(b->items[i].label);
		free(b->items[i].fold);
	}
	free(b->items);
	free(b->links);
	free(b->mob);
	free(b->cur_path);
}

static void put32(struct bilan_buf *o, uint32_t v)
{
	unsigned char t[4];
	wr32(t, v);
	bilan_buf_put(o, t, 4);
}

/* Intern the folded tokens and stems of text. */
static void intern_tokens(struct strtab *st, const char *text, uint32_t *tok, uint32_t *stem)
{
	struct bilan_buf f = BILAN_BUF_INIT, s = BILAN_BUF_INIT;
	tokenize(&f, &s, text, true);
	*tok = intern(st, f.ptr);
	*stem = intern(st, s.ptr);
	bilan_buf_clear(&f);
	bilan_buf_clear(&s);
}

static void write_index(struct bilan_buf *out, struct builder *b)
{
	struct strtab st = { BILAN_BUF_INIT, NULL, 0, 0 };
	struct bilan_buf sec[NSEC];
	for (size_t i = 0; i < NSEC; i++)
		sec[i] = (struct bilan_buf)BILAN_BUF_INIT;
	intern(&st, "");
	for (size_t i = 0; i < b->ngd; i++) {
		put32(&sec[SEC_GD], (uint32_t)b->gd_letter[i][0]);
		put32(&sec[SEC_GD], intern(&st, b->gd_label[i]));
	}
	for (size_t i = 0; i < b->ndp; i++) {
		put32(&sec[SEC_DP], intern(&st, b->dp_code[i]));
		put32(&sec[SEC_DP], intern(&st, b->dp_label[i]));
	}
	size_t ia = 0, il = 0, im = 0;
	for (size_t i = 0; i < b->nf; i++) {
		struct b_fiche *x = &b->f[i];
		struct bilan_buf *o = &sec[SEC_FICHE];
		unsigned char code[8] = { 0 };
		memcpy(code, x->code, 5);
		bilan_buf_put(o, code, 8);
		uint32_t tok, stem;
		put32(o, intern(&st, x->title));
		intern_tokens(&st, x->title, &tok, &stem);
		put32(o, tok);
		put32(o, stem);
		char *def = join_sentences(&x->def), *acc = join_sentences(&x->acc);
		put32(o, intern(&st, def));
		put32(o, intern(&st, acc));
		free(def);
		free(acc);
		put32(o, x->dp);
		put32(o, x->gd);
		unsigned char misc[4] = { (unsigned char)x->major, (unsigned char)x->minor,
					  (unsigned char)x->flags, 0 };
		bilan_buf_put(o, misc, 4);
		size_t a0 = ia, l0 = il, m0 = im;
		while (ia < b->napp && b->app[ia].fiche == i)
			ia++;
		while (il < b->nlinks && b->links[il].fiche == i)
			il++;
		while (im < b->nmob && b->mob[im].fiche == i)
			im++;
		put32(o, (uint32_t)a0);
		put32(o, (uint32_t)(ia - a0));
		put32(o, (uint32_t)l0);
		put32(o, (uint32_t)(il - l0));
		put32(o, (uint32_t)m0);
		put32(o, (uint32_t)(im - m0));
	}
	for (size_t i = 0; i < b->napp; i++) {
		uint32_t tok, stem;
		put32(&sec[SEC_APP], intern(&st, b->app[i].label));
		intern_tokens(&st, b->app[i].label, &tok, &stem);
		put32(&sec[SEC_APP], tok);
		put32(&sec[SEC_APP], stem);
		put32(&sec[SEC_APP], b->app[i].fiche);
	}
	for (size_t i = 0; i < b->nlinks; i++) {
		put32(&sec[SEC_ITEM], intern(&st, b->links[i].def->label));
		put32(&sec[SEC_ITEM], b->links[i].code);
		put32(&sec[SEC_ITEM], b->links[i].flags);
	}
	for (size_t i = 0; i < b->nmob; i++) {
		put32(&sec[SEC_MOB], b->mob[i].target);
		put32(&sec[SEC_MOB], b->mob[i].order);
	}
	sec[SEC_STR] = st.bytes;
	free(st.slots);

	size_t start = out->len;
	unsigned char hdr[HDR_SIZE] = { 0 };
	bilan_buf_put(out, hdr, HDR_SIZE);
	uint32_t offs[NSEC], counts[NSEC];
	for (size_t i = 0; i < NSEC; i++) {
		while ((out->len - start) % 8)
			bilan_buf_putc(out, '\0');
		offs[i] = (uint32_t)(out->len - start);
		counts[i] = (uint32_t)(sec[i].len / sec_elem[i]);
		if (sec[i].len)
			bilan_buf_put(out, sec[i].ptr, sec[i].len);
		bilan_buf_clear(&sec[i]);
	}
	unsigned char *h = (unsigned char *)out->ptr + start;
	size_t total = out->len - start;
	memcpy(h, MAGIC, 8);
	wr32(h + 8, BILAN_ROME_FORMAT);
	wr32(h + 12, HDR_SIZE);
	wr64(h + 16, total);
	wr32(h + 32, NSEC);
	for (size_t i = 0; i < NSEC; i++) {
		wr32(h + 40 + 8 * i, offs[i]);
		wr32(h + 44 + 8 * i, counts[i]);
	}
	wr64(h + 24, bilan_checksum64_lanes(h + HDR_SIZE, total - HDR_SIZE));
}

int bilan_rome_build(struct bilan_buf *out, const char *csv_dir, struct bilan_error *err)
{
	static const char *const c_gd[] = { "code_grand_domaine", "libelle_grand_domaine", NULL };
	static const char *const c_dp[] = { "code_domaine_professionnel",
					    "libelle_domaine_professionnel", NULL };
	static const char *const c_fi[] = { "code_rome", "libelle_rome", "emploi_reglemente",
					    "emploi_cadre", NULL };
	static const char *const c_ri[] = { "code_rome", "riasec_majeur", "riasec_mineur", NULL };
	static const char *const c_tx[] = { "code_rome", "libelle_type_texte", "position_phrase",
					    "libelle_texte", NULL };
	static const char *const c_ap[] = { "libelle_appellation_long", "code_rome", NULL };
	static const char *const c_it[] = { "code_ogr", "libelle", "code_rubrique", NULL };
	static const char *const c_ci[] = { "code_rome", "code_ogr", "coeur_metier", NULL };
	static const char *const c_mo[] = { "code_rome", "code_rome_cible", "numero_ordre", NULL };
	struct builder b = { 0 };
	int rc;
	b.dir = csv_dir;
#define STEP(name, cols, fn)                                              \
	do {                                                              \
		set_path(&b, name);                                       \
		rc = read_csv(csv_dir, name, cols, fn, &b, err);          \
		if (rc)                                                   \
			goto out;                                         \
	} while (0)
	STEP("grand_domaine", c_gd, row_gd);
	STEP("domaine_professionnel", c_dp, row_dp);
	STEP("referentiel_code_rome", c_fi, row_fiche);
	if (b.nf)
		qsort(b.f, b.nf, sizeof(*b.f), cmp_fiche);
	for (size_t i = 1; i < b.nf; i++)
		if (strcmp(b.f[i - 1].code, b.f[i].code) == 0) {
			rc = bilan_error_set_at(err, BILAN_EINVALID, b.cur_path, 0, 0,
				_("duplicate code '%s'"), b.f[i].code);
			goto out;
		}
	STEP("referentiel_code_rome_riasec", c_ri, row_riasec);
	STEP("texte", c_tx, row_texte);
	STEP("referentiel_appellation", c_ap, row_app);
	STEP("item", c_it, row_item);
	if (b.nitems)
		qsort(b.items, b.nitems, sizeof(*b.items), cmp_itemdef);
	STEP("coherence_item", c_ci, row_link);
	STEP("rubrique_mobilite", c_mo, row_mob);
#undef STEP
	if (b.napp)
		qsort(b.app, b.napp, sizeof(*b.app), cmp_app);
	if (b.nlinks)
		qsort(b.links, b.nlinks, sizeof(*b.links), cmp_link);
	if (b.nmob)
		qsort(b.mob, b.nmob, sizeof(*b.mob), cmp_mob);
	write_index(out, &b);
	rc = 0;
out:
	builder_free(&b);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Reader                                                              */

struct bilan_rome {
	char *path;
	const unsigned char *base;
	size_t size;
	bool mapped;
	char *owned;                 /* built in memory (open_csv) */
	const char *str;
	uint32_t nstr;
	const unsigned char *sec[NSEC];
	uint32_t count[NSEC];
};

#define FI(r, i) ((r)->sec[SEC_FICHE] + (size_t)(i) * 64u)
#define STR(r, off) ((r)->str + (off))

static int bad_index(struct bilan_error *err, const char *path, const char *what)
{
	bilan_error_set(err, BILAN_EINVALID, _("'%s' is not a valid ROME index: %s"),
			path, what);
	bilan_error_hint(err, _("rebuild it with 'ninja' (tools/rome-index) or reinstall bilan"));
	return BILAN_EINVALID;
}

static bool str_ok(const struct bilan_rome *r, uint32_t off)
{
	return off < r->nstr;
}

static bool range_ok(uint32_t first, uint32_t n, uint32_t total)
{
	return first <= total && n <= total - first;
}

static int validate(struct bilan_rome *r, struct bilan_error *err)
{
	const unsigned char *h = r->base;
	const char *p = r->path;
	if (r->size < HDR_SIZE || memcmp(h, MAGIC, 8) != 0)
		return bad_index(err, p, _("bad magic (not an index file)"));
	if (rd32(h + 8) != BILAN_ROME_FORMAT)
		return bad_index(err, p, _("unsupported format version"));
	if (rd32(h + 12) != HDR_SIZE || rd32(h + 32) != NSEC)
		return bad_index(err, p, _("bad header"));
	if (rd64(h + 16) != r->size)
		return bad_index(err, p, _("wrong size (truncated?)"));
	if (rd64(h + 24) != bilan_checksum64_lanes(h + HDR_SIZE, r->size - HDR_SIZE))
		return bad_index(err, p, _("checksum mismatch (corrupt file)"));
	for (size_t i = 0; i < NSEC; i++) {
		uint64_t off = rd32(h + 40 + 8 * i), n = rd32(h + 44 + 8 * i);
		if (off < HDR_SIZE || off % 4 || off > r->size ||
		    n * sec_elem[i] > r->size - off)
			return bad_index(err, p, _("section out of bounds"));
		r->sec[i] = h + off;
		r->count[i] = (uint32_t)n;
	}
	r->str = (const char *)r->sec[SEC_STR];
	r->nstr = r->count[SEC_STR];
	if (r->nstr == 0 || r->str[r->nstr - 1] != '\0')
		return bad_index(err, p, _("unterminated string table"));
	for (uint32_t i = 0; i < r->count[SEC_GD]; i++) {
		const unsigned char *e = r->sec[SEC_GD] + 8 * i;
		uint32_t letter = rd32(e);
		if (letter < 'A' || letter > 'N' || !str_ok(r, rd32(e + 4)))
			return bad_index(err, p, _("bad grand domaine"));
	}
	for (uint32_t i = 0; i < r->count[SEC_DP]; i++) {
		const unsigned char *e = r->sec[SEC_DP] + 8 * i;
		if (!str_ok(r, rd32(e)) || !str_ok(r, rd32(e + 4)))
			return bad_index(err, p, _("bad domaine professionnel"));
	}
	uint32_t nf = r->count[SEC_FICHE];
	for (uint32_t i = 0; i < nf; i++) {
		const unsigned char *e = FI(r, i);
		if (e[5] || e[6] || e[7] || !code_ok((const char *)e) ||
		    (i > 0 && memcmp(FI(r, i - 1), e, 8) >= 0))
			return bad_index(err, p, _("bad fiche code"));
		for (int k = 0; k < 5; k++)
			if (!str_ok(r, rd32(e + 8 + 4 * k)))
				return bad_index(err, p, _("string offset out of bounds"));
		if (rd32(e + 28) >= r->count[SEC_DP] || rd32(e + 32) >= r->count[SEC_GD])
			return bad_index(err, p, _("bad domain reference"));
		if ((e[36] && !strchr("RIASEC", e[36])) || (e[37] && !strchr("RIASEC", e[37])))
			return bad_index(err, p, _("bad RIASEC letter"));
		if (!range_ok(rd32(e + 40), rd32(e + 44), r->count[SEC_APP]) ||
		    !range_ok(rd32(e + 48), rd32(e + 52), r->count[SEC_ITEM]) ||
		    !range_ok(rd32(e + 56), rd32(e + 60), r->count[SEC_MOB]))
			return bad_index(err, p, _("list out of bounds"));
	}
	for (uint32_t i = 0; i < r->count[SEC_APP]; i++) {
		const unsigned char *e = r->sec[SEC_APP] + 16 * (size_t)i;
		if (!str_ok(r, rd32(e)) || !str_ok(r, rd32(e + 4)) || !str_ok(r, rd32(e + 8)) ||
		    rd32(e + 12) >= nf)
			return bad_index(err, p, _("bad appellation"));
	}
	for (uint32_t i = 0; i < r->count[SEC_ITEM]; i++) {
		const unsigned char *e = r->sec[SEC_ITEM] + 12 * (size_t)i;
		if (!str_ok(r, rd32(e)) || (rd32(e + 8) & ITEM_KIND_MASK) > BILAN_ROME_SAVOIR)
			return bad_index(err, p, _("bad item"));
	}
	for (uint32_t i = 0; i < r->count[SEC_MOB]; i++)
		if (rd32(r->sec[SEC_MOB] + 8 * (size_t)i) >= nf)
			return bad_index(err, p, _("bad mobility link"));
	if (nf == 0)
		return bad_index(err, p, _("no fiches"));
	return 0;
}

static bool file_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

char *bilan_rome_index_path(void)
{
	const char *env = bilan_settings.rome_index;
	if (env && *env)
		return bilan_xstrdup(env);
	env = bilan_settings.data_dir;
	if (env && *env) {
		char *p = bilan_xasprintf("%s/%s", env, BILAN_ROME_INDEX);
		if (file_exists(p))
			return p;
		free(p);
	}
	return bilan_shipped_path(BILAN_SHIPPED_ROME_INDEX);
}

int bilan_rome_open(struct bilan_rome **out, const char *path, struct bilan_error *err)
{
	struct bilan_rome *r = NULL;
	int rc = 0, fd = -1;
	*out = NULL;
	r = bilan_xcalloc(1, sizeof(*r));
	r->path = path ? bilan_xstrdup(path) : bilan_rome_index_path();
	fd = open(r->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = bilan_error_set_errno(err, errno == ENOENT ? BILAN_ENOTFOUND : BILAN_EFAIL,
			errno, _("cannot open the ROME index '%s'"), r->path);
		bilan_error_hint(err, _("build it with 'ninja' or set BILAN_DATA_DIR to the directory holding rome/rome.idx"));
		goto out;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = bad_index(err, r->path, _("not a regular file"));
		goto out;
	}
	if ((uint64_t)st.st_size < HDR_SIZE || (uint64_t)st.st_size > UINT32_MAX) {
		rc = bad_index(err, r->path, _("wrong size (truncated?)"));
		goto out;
	}
	r->size = (size_t)st.st_size;
	void *m = mmap(NULL, r->size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED) {
		rc = bilan_error_set_errno(err, BILAN_EFAIL, errno,
			_("cannot map the ROME index '%s'"), r->path);
		goto out;
	}
	r->base = m;
	r->mapped = true;
	rc = validate(r, err);
out:
	if (fd >= 0)
		close(fd);
	if (rc) {
		bilan_rome_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int bilan_rome_open_csv(struct bilan_rome **out, const char *csv_dir,
			struct bilan_error *err)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	*out = NULL;
	int rc = bilan_rome_build(&b, csv_dir, err);
	if (rc) {
		bilan_buf_clear(&b);
		return rc;
	}
	struct bilan_rome *r = bilan_xcalloc(1, sizeof(*r));
	r->path = bilan_xstrdup(csv_dir);
	r->size = b.len;
	r->owned = bilan_buf_detach(&b);
	r->base = (const unsigned char *)r->owned;
	rc = validate(r, err);
	if (rc) {
		bilan_rome_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void bilan_rome_free(struct bilan_rome *r)
{
	if (!r)
		return;
	if (r->mapped)
		munmap((void *)(uintptr_t)r->base, r->size);
	free(r->owned);
	free(r->path);
	free(r);
}

const char *bilan_rome_path(const struct bilan_rome *r)
{
	return r->path;
}

size_t bilan_rome_count(const struct bilan_rome *r)
{
	return r->count[SEC_FICHE];
}

void bilan_rome_get(struct bilan_rome_fiche *out, const struct bilan_rome *r, size_t i)
{
	const unsigned char *e = FI(r, i);
	const unsigned char *dp = r->sec[SEC_DP] + 8 * (size_t)rd32(e + 28);
	const unsigned char *gd = r->sec[SEC_GD] + 8 * (size_t)rd32(e + 32);
	out->index = i;
	out->code = (const char *)e;
	out->title = STR(r, rd32(e + 8));
	out->definition = STR(r, rd32(e + 20));
	out->acces = STR(r, rd32(e + 24));
	out->domaine_code = STR(r, rd32(dp));
	out->domaine_label = STR(r, rd32(dp + 4));
	out->grand_domaine = (char)rd32(gd);
	out->grand_domaine_label = STR(r, rd32(gd + 4));
	out->riasec_major = (char)e[36];
	out->riasec_minor = (char)e[37];
	out->flags = e[38];
	out->n_appellations = rd32(e + 44);
	out->n_items = rd32(e + 52);
	out->n_mobility = rd32(e + 60);
}

int bilan_rome_code_parse(char out[6], const char *s, struct bilan_error *err)
{
	char tmp[6];
	size_t n = 0;
	if (!s)
		s = "";
	while (*s == ' ' || *s == '\t')
		s++;
	const char *q = s;
	while (*q && *q != ' ' && *q != '\t' && n < 6)
		tmp[n++] = (char)toupper((unsigned char)*q++);
	while (*q == ' ' || *q == '\t')
		q++;
	if (n == 5 && !*q) {
		tmp[5] = '\0';
		if (code_ok(tmp)) {
			memcpy(out, tmp, 6);
			return 0;
		}
	}
	bilan_error_set(err, BILAN_EUSAGE,
		_("malformed ROME code '%s' (a letter A to N and four digits, e.g. J1504)"), s);
	bilan_error_hint(err, _("find a code with 'bilan metier search WORDS'"));
	return BILAN_EUSAGE;
}

static long find_code(const struct bilan_rome *r, const char *code)
{
	size_t lo = 0, hi = r->count[SEC_FICHE];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp((const char *)FI(r, mid), code);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int bilan_rome_lookup(struct bilan_rome_fiche *out, const struct bilan_rome *r,
		      const char *code, struct bilan_error *err)
{
	char c[6];
	int rc = bilan_rome_code_parse(c, code, err);
	if (rc)
		return rc;
	long i = find_code(r, c);
	if (i < 0) {
		bilan_error_set(err, BILAN_ENOTFOUND, _("no fiche with code '%s' in ROME %s"),
				c, BILAN_ROME_VERSION);
		bilan_error_hint(err, _("find a code with 'bilan metier search WORDS'"));
		return BILAN_ENOTFOUND;
	}
	bilan_rome_get(out, r, (size_t)i);
	return 0;
}

const char *bilan_rome_appellation(const struct bilan_rome *r, size_t i, size_t j)
{
	const unsigned char *e = FI(r, i);
	return STR(r, rd32(r->sec[SEC_APP] + 16 * ((size_t)rd32(e + 40) + j)));
}

void bilan_rome_item(struct bilan_rome_item *out, const struct bilan_rome *r,
		     size_t i, size_t j)
{
	const unsigned char *e = FI(r, i);
	const unsigned char *it = r->sec[SEC_ITEM] + 12 * ((size_t)rd32(e + 48) + j);
	uint32_t flags = rd32(it + 8);
	out->label = STR(r, rd32(it));
	out->code_ogr = rd32(it + 4);
	out->kind = (enum bilan_rome_item_kind)(flags & ITEM_KIND_MASK);
	out->core = (flags & ITEM_CORE) != 0;
	out->emergent = (flags & ITEM_EMERGENT) != 0;
}

size_t bilan_rome_mobility(const struct bilan_rome *r, size_t i, size_t j)
{
	const unsigned char *e = FI(r, i);
	return rd32(r->sec[SEC_MOB] + 8 * ((size_t)rd32(e + 56) + j));
}

/* ------------------------------------------------------------------ */
/* Search                                                              */

struct qtok {
	char *fold, *stem;
	size_t nfold, nstem;
	unsigned char bigrams[37 * 37];   /* of fold (typo tolerance) */
};

enum { M_NONE, M_PREFIX, M_WHOLE };

/* Best match of q among the tokens of (fold, stems) — parallel strings. */
static int match_tok(const struct qtok *q, const char *fold, const char *stems)
{
	int best = M_NONE;
	const char *f = fold, *s = stems;
	while (*f && *s) {
		size_t nf = strcspn(f, " "), ns = strcspn(s, " ");
		if (ns == q->nstem && memcmp(s, q->stem, ns) == 0)
			return M_WHOLE;
		if ((nf >= q->nfold && memcmp(f, q->fold, q->nfold) == 0) ||
		    (ns >= q->nstem && memcmp(s, q->stem, q->nstem) == 0))
			best = M_PREFIX;
		f += nf;
		s += ns;
		while (*f == ' ')
			f++;
		while (*s == ' ')
			s++;
	}
	return best;
}

/* -1: no match; else the number of prefix-only words. */
static int match_all(const struct qtok *q, size_t nq, const char *fold, const char *stems)
{
	int prefix = 0;
	/* exact pre-filter: a whole or prefix match needs the stem in the
	 * stems or the folded word in the folded tokens (strstr is fast) */
	for (size_t i = 0; i < nq; i++)
		if (!strstr(stems, q[i].stem) && !strstr(fold, q[i].fold))
			return -1;
	for (size_t i = 0; i < nq; i++) {
		int m = match_tok(&q[i], fold, stems);
		if (m == M_NONE)
			return -1;
		if (m == M_PREFIX)
			prefix++;
	}
	return prefix;
}

/* Typo tolerance.  Edits allowed for a query word of n letters (folded):
 * none under 4, one from 4 to 6, two from 7. */
static size_t edits_allowed(size_t n)
{
	return n < 4 ? 0 : n < 7 ? 1 : 2;
}

/* Optimal string alignment distance of a (na) and b (nb), bytes, or k + 1
 * when it exceeds k (words of folded text: ASCII letters and digits). */
static size_t osa_bounded(const char *a, size_t na, const char *b, size_t nb, size_t k)
{
	if (na > 40 || nb > 40)
		return k + 1;
	if ((na > nb ? na - nb : nb - na) > k)
		return k + 1;
	size_t d[42][42];
	for (size_t i = 0; i <= na; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= nb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t rowmin = k + 1;
		for (size_t j = 1; j <= nb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < rowmin)
				rowmin = v;
		}
		if (rowmin > k)
			return k + 1;
	}
	return d[na][nb] > k ? k + 1 : d[na][nb];
}

/* Bigram filter: how many bigrams of token t are bigrams of q.fold (an
 * over-count at worst).  Each edit destroys at most three bigrams of the
 * query (a swap: three), so a token within k edits has at least
 * nfold - 1 - 3k of them: fewer, and the distance need not be computed. */
static unsigned char bg_code(unsigned char c)
{
	return c >= 'a' && c <= 'z' ? (unsigned char)(c - 'a' + 1)
	       : c >= '0' && c <= '9' ? (unsigned char)(c - '0' + 27) : 0;
}

static bool bigram_may_match(const struct qtok *q, const char *t, size_t nt, size_t k)
{
	size_t need = q->nfold > 1 + 3 * k ? q->nfold - 1 - 3 * k : 0;
	if (!need)
		return true;
	size_t have = 0;
	for (size_t j = 0; j + 1 < nt; j++) {
		unsigned char a = bg_code((unsigned char)t[j]), b = bg_code((unsigned char)t[j + 1]);
		have += q->bigrams[a * 37 + b];
		if (have >= need)
			return true;
	}
	return false;
}

/* Fewest edits for q to meet a token of (fold, stems): 0 for a whole or
 * prefix match, else the distance of the folded word to a folded token
 * or of the stem to a stem when within the allowance; -1 when none. */
static size_t tok_len(const char *p)
{
	const char *e = p;
	while (*e && *e != ' ')
		e++;
	return (size_t)(e - p);
}

static int match_tok_typo(const struct qtok *q, const char *fold, const char *stems)
{
	size_t k = edits_allowed(q->nfold);
	size_t best = k + 1;
	const char *f = fold, *s = stems;
	while (*f && *s) {
		size_t nf = tok_len(f), ns = tok_len(s);
		/* a whole or prefix match, as without typos */
		if ((ns >= q->nstem && memcmp(s, q->stem, q->nstem) == 0) ||
		    (nf >= q->nfold && memcmp(f, q->fold, q->nfold) == 0))
			return 0;
		if (best > 1) {
			size_t lim = best - 1 < k ? best - 1 : k;
			if ((nf > q->nfold ? nf - q->nfold : q->nfold - nf) <= lim &&
			    bigram_may_match(q, f, nf, lim)) {
				size_t e = osa_bounded(q->fold, q->nfold, f, nf, lim);
				if (e < best)
					best = e;
			}
			lim = best - 1 < k ? best - 1 : k;
			/* the stem, when it differs from the folded word */
			if (best > 1 && !(ns == nf && !memcmp(s, f, ns)) &&
			    (ns > q->nstem ? ns - q->nstem : q->nstem - ns) <= lim) {
				size_t e = osa_bounded(q->stem, q->nstem, s, ns, lim);
				if (e < best)
					best = e;
			}
		}
		f += nf;
		s += ns;
		while (*f == ' ')
			f++;
		while (*s == ' ')
			s++;
	}
	return best <= k && k ? (int)best : -1;
}

/* -1: no match; else the total edits of the query words. */
static int match_all_typo(const struct qtok *q, size_t nq, const char *fold, const char *stems)
{
	int total = 0;
	for (size_t i = 0; i < nq; i++) {
		int e = match_tok_typo(&q[i], fold, stems);
		if (e < 0)
			return -1;
		total += e;
	}
	return total;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct bilan_rome_hit *x = a, *y = b;
	if (x->edits != y->edits)
		return x->edits < y->edits ? -1 : 1;
	if (x->title_match != y->title_match)
		return x->title_match ? -1 : 1;
	if (x->prefix_words != y->prefix_words)
		return x->prefix_words < y->prefix_words ? -1 : 1;
	size_t lx = strlen(x->title), ly = strlen(y->title);
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(x->code, y->code);
}

static size_t split_query(struct qtok **out, const char *text, bool keep_stop)
{
	struct bilan_buf f = BILAN_BUF_INIT, s = BILAN_BUF_INIT;
	size_t n = tokenize(&f, &s, text, keep_stop);
	struct qtok *v = bilan_xcalloc(n ? n : 1, sizeof(*v));
	char *fp = f.ptr, *sp = s.ptr;
	for (size_t i = 0; i < n; i++) {
		size_t nf = strcspn(fp, " "), ns = strcspn(sp, " ");
		v[i].fold = bilan_xstrndup(fp, nf);
		v[i].stem = bilan_xstrndup(sp, ns);
		v[i].nfold = nf;
		v[i].nstem = ns;
		for (size_t j = 0; j + 1 < nf; j++)
			v[i].bigrams[bg_code((unsigned char)fp[j]) * 37 + bg_code((unsigned char)fp[j + 1])] = 1;
		fp += nf + (fp[nf] == ' ');
		sp += ns + (sp[ns] == ' ');
	}
	bilan_buf_clear(&f);
	bilan_buf_clear(&s);
	*out = v;
	return n;
}

int bilan_rome_search(struct bilan_rome_hits *out, const struct bilan_rome *r,
		      const char *const *words, size_t nwords, struct bilan_error *err)
{
	struct bilan_buf all = BILAN_BUF_INIT;
	struct qtok *q = NULL;
	size_t nq = 0, alloc = 0;
	int rc = 0;
	out->v = NULL;
	out->n = 0;
	for (size_t i = 0; i < nwords; i++) {
		if (!words[i])
			continue;
		if (all.len)
			bilan_buf_putc(&all, ' ');
		bilan_buf_puts(&all, words[i]);
	}
	bilan_buf_puts(&all, "");
	nq = split_query(&q, all.ptr, false);
	if (nq == 0) {
		free(q);
		nq = split_query(&q, all.ptr, true);
	}
	if (nq == 0) {
		rc = bilan_error_set(err, BILAN_EUSAGE, _("no words to search"));
		bilan_error_hint(err, _("give words of a job title, e.g. 'bilan metier search infirmiere bloc'"));
		goto out;
	}
	uint32_t nf = r->count[SEC_FICHE];
	/* exact words (whole or prefix) first; when nothing matches, the same
	 * with one or two letters wrong, missing or swapped */
	for (int typo = 0; typo < 2 && out->n == 0; typo++)
	for (uint32_t i = 0; i < nf; i++) {
		const unsigned char *e = FI(r, i);
		struct bilan_rome_hit h = { 0 };
		int (*match)(const struct qtok *, size_t, const char *, const char *) =
			typo ? match_all_typo : match_all;
		int p = match(q, nq, STR(r, rd32(e + 12)), STR(r, rd32(e + 16)));
		const char *best_app = NULL;
		if (p >= 0) {
			h.title_match = true;
		} else {
			uint32_t a0 = rd32(e + 40), na = rd32(e + 44);
			int bp = -1;
			for (uint32_t j = a0; j < a0 + na; j++) {
				const unsigned char *a = r->sec[SEC_APP] + 16 * (size_t)j;
				int pa = match(q, nq, STR(r, rd32(a + 4)), STR(r, rd32(a + 8)));
				if (pa < 0)
					continue;
				const char *label = STR(r, rd32(a));
				if (bp < 0 || pa < bp ||
				    (pa == bp && strlen(label) < strlen(best_app))) {
					bp = pa;
					best_app = label;
				}
			}
			p = bp;
		}
		if (p < 0)
			continue;
		h.fiche = i;
		h.code = (const char *)e;
		h.title = STR(r, rd32(e + 8));
		h.appellation = best_app;
		h.riasec_major = (char)e[36];
		h.riasec_minor = (char)e[37];
		h.prefix_words = typo ? 0 : (unsigned)p;
		h.edits = typo ? (unsigned)p : 0;
		h.typo = typo;
		BILAN_ALLOC_GROW(out->v, out->n + 1, alloc);
		out->v[out->n++] = h;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_hit);
out:
	for (size_t i = 0; i < nq; i++) {
		free(q[i].fold);
		free(q[i].stem);
	}
	free(q);
	bilan_buf_clear(&all);
	return rc;
}

void bilan_rome_hits_clear(struct bilan_rome_hits *h)
{
	if (!h)
		return;
	free(h->v);
	h->v = NULL;
	h->n = 0;
}

/* ------------------------------------------------------------------ */
/* Suggestions                                                         */

int bilan_rome_profile_parse(char out[7], const char *s, struct bilan_error *err)
{
	size_t n = 0;
	const char *p = s ? s : "";
	while (*p == ' ')
		p++;
	for (; *p && *p != ' '; p++) {
		char c = (char)toupper((unsigned char)*p);
		if (!strchr("RIASEC", c) || n >= 6 || memchr(out, c, n))
			goto bad;
		out[n++] = c;
	}
	while (*p == ' ')
		p++;
	if (n == 0 || *p)
		goto bad;
	out[n] = '\0';
	return 0;
bad:
	out[0] = '\0';
	bilan_error_set(err, BILAN_EUSAGE,
		_("invalid RIASEC profile '%s' (one to six different letters among R I A S E C, e.g. SAI)"),
		s ? s : "");
	return BILAN_EUSAGE;
}

static int pos_in(const char *profile, char c)
{
	if (!c)
		return -1;
	const char *p = strchr(profile, c);
	return p ? (int)(p - profile) : -1;
}

struct scored { struct bilan_rome_suggestion s; size_t breadth; };

/* The documented order: fit, then the broader sheet, then the code. */
static int cmp_scored(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;
	if (x->s.score != y->s.score)
		return x->s.score > y->s.score ? -1 : 1;
	if (x->breadth != y->breadth)
		return x->breadth > y->breadth ? -1 : 1;
	return strcmp(x->s.code, y->s.code);
}

static const char *letter_name(char c)
{
	switch (c) {
	case 'R': return _("Realistic");
	case 'I': return _("Investigative");
	case 'A': return _("Artistic");
	case 'S': return _("Social");
	case 'E': return _("Enterprising");
	case 'C': return _("Conventional");
	}
	return "?";
}

static const char *place_word(int pos)
{
	static const char *const w[] = { N_("your strongest type"), N_("your second type"),
					 N_("your third type"), N_("your fourth type"),
					 N_("your fifth type"), N_("your sixth type") };
	return pos >= 0 && pos < 6 ? _(w[pos]) : _("not in your code");
}

/* "S (Social), your strongest type, and C (Conventional), your third type" */
static char *reason_text(char major, char minor, int mp, int np)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_buf_printf(&b, _("mainly %c (%s), %s"), major, letter_name(major), place_word(mp));
	if (minor)
		bilan_buf_printf(&b, _("; then %c (%s), %s"), minor, letter_name(minor),
				 place_word(np));
	else
		bilan_buf_puts(&b, _("; no second letter in the sheet"));
	return bilan_buf_detach(&b);
}

static const char riasec_letters[] = "RIASEC";

/* Phrasings of a refusal and the ROME contexts they refuse (folded, as
 * bilan_text_fold writes them). */
static const struct {
	const char *words;           /* any of these, '|' between them */
	unsigned code;
	const char *label;
} refusals[] = {
	{ "nuit|nocturne", 300803, "Travail de nuit" },
	{ "week-end|weekend|week end|jours feries|jour ferie", 23376,
	  "Travail les week-ends et jours fériés" },
	{ "samedi", 23374, "Travail le samedi" },
	{ "dimanche", 300793, "Travail le dimanche" },
	{ "astreinte", 300804, "Travail en astreinte" },
	{ "horaires decales|horaire decale", 300805, "Travail en horaires décalés" },
	{ "horaires fractionnes|horaire fractionne|coupure", 400005,
	  "Travail en horaires fractionnés" },
	{ "deplacement|grand deplacement|voyage", 300779, "Déplacements professionnels" },
	{ "charges lourdes|port de charge|porter des charges|charge lourde", 300795,
	  "Port et manipulation de charges lourdes ou encombrantes" },
	{ "debout", 300800, "Station debout prolongée" },
	{ "exterieur|dehors", 300783, "En extérieur" },
	{ "saisonnier|saison", 400040, "Travail saisonnier" },
	{ "altitude", 23377, "En altitude" },
};

static const char *const refusal_marks[] = {
	"pas ", "pas de", "sans ", "aucun", "jamais", "ni ", "eviter", "evite ", "exclu",
	"impossible", "refus", "plus de ", "non ", "hors de question", NULL,
};

const char *bilan_rome_context_label(unsigned code_ogr)
{
	for (size_t i = 0; i < sizeof(refusals) / sizeof(*refusals); i++)
		if (refusals[i].code == code_ogr)
			return refusals[i].label;
	return NULL;
}

size_t bilan_rome_refused_contexts(unsigned *out, size_t max, const char *statement)
{
	size_t n = 0;
	char *f = bilan_text_fold(statement ? statement : "");
	/* clause by clause: a refusal says it in its own clause ("rester à
	 * Lyon, pas de nuit" refuses the night only) */
	for (char *save = NULL, *cl = strtok_r(f, ",;.!?\n", &save); cl;
	     cl = strtok_r(NULL, ",;.!?\n", &save)) {
		/* " et " joins two refusals ("ni nuit ni week-end") or a
		 * refusal and a wish: each part is judged with the marks of
		 * the clause's start */
		char padded[512];
		snprintf(padded, sizeof(padded), " %s ", cl);
		bool refusal = false;
		for (size_t m = 0; refusal_marks[m] && !refusal; m++)
			refusal = strstr(padded, refusal_marks[m]) != NULL ||
				  (refusal_marks[m][0] != ' ' && !strncmp(cl, refusal_marks[m],
									  strlen(refusal_marks[m])));
		if (!refusal)
			continue;
		for (size_t i = 0; i < sizeof(refusals) / sizeof(*refusals); i++) {
			bool hit = false;
			const char *w = refusals[i].words;
			while (*w && !hit) {
				const char *bar = strchr(w, '|');
				size_t len = bar ? (size_t)(bar - w) : strlen(w);
				char word[64];
				if (len < sizeof(word)) {
					memcpy(word, w, len);
					word[len] = '\0';
					hit = strstr(cl, word) != NULL;
				}
				w += len + (bar ? 1 : 0);
			}
			bool dup = false;
			for (size_t k = 0; k < n && !dup; k++)
				dup = out[k] == refusals[i].code;
			if (hit && !dup && n < max)
				out[n++] = refusals[i].code;
		}
	}
	free(f);
	return n;
}

/* The first of the n codes (in their order) that fiche i lists among its
 * items, or n when none: one walk of the fiche's items. */
static size_t fiche_first_item(const struct bilan_rome *r, const struct bilan_rome_fiche *f,
			       size_t i, const unsigned *codes, size_t n)
{
	size_t first = n;
	for (size_t j = 0; j < f->n_items && first > 0; j++) {
		struct bilan_rome_item it;
		bilan_rome_item(&it, r, i, j);
		for (size_t k = 0; k < first; k++)
			if (it.code_ogr == codes[k]) {
				first = k;
				break;
			}
	}
	return first;
}

int bilan_rome_suggest(struct bilan_rome_suggestions *out, const struct bilan_rome *r,
		       const struct bilan_rome_suggest_opts *opts, struct bilan_error *err)
{
	/* strengths from the places of the letters when none are given */
	static const int by_place[] = { 1000, 800, 600, 400, 200, 100 };
	char profile[7], domains[16] = "", (*excl)[6] = NULL;
	struct scored *v = NULL;
	size_t nv = 0, av = 0, nd = 0;
	int rc;
	out->v = NULL;
	out->n = out->total = 0;
	out->avoided = NULL;
	rc = bilan_rome_profile_parse(profile, opts->profile, err);
	if (rc)
		return rc;
	for (const char *d = opts->domains ? opts->domains : ""; *d; d++) {
		char c = (char)toupper((unsigned char)*d);
		if (c == '|' || c == ',' || c == ' ')
			continue;
		if (c < 'A' || c > 'N') {
			bilan_error_set(err, BILAN_EUSAGE,
				_("invalid grand domaine '%c' (letters A to N, e.g. --domain 'J|K')"), *d);
			return BILAN_EUSAGE;
		}
		if (!memchr(domains, c, nd))
			domains[nd++] = c;
	}
	domains[nd] = '\0';
	int strength[6];
	long sum = 0;
	for (int k = 0; k < 6; k++) {
		int pos = pos_in(profile, riasec_letters[k]);
		int sv = opts->strength ? opts->strength[k] : pos >= 0 ? by_place[pos] : 0;
		strength[k] = sv < 0 ? 0 : sv > 1000 ? 1000 : sv;
		sum += strength[k];
	}
	int mean = (int)(sum / 6);
	if (opts->n_exclude)
		excl = bilan_xcalloc(opts->n_exclude, sizeof(*excl));
	for (size_t i = 0; i < opts->n_exclude; i++) {
		rc = bilan_rome_code_parse(excl[i], opts->exclude[i], err);
		if (rc)
			goto out;
	}
	/* (after the last early return: freed by bilan_rome_suggestions_clear) */
	out->avoided = opts->n_avoid ? bilan_xcalloc(opts->n_avoid, sizeof(*out->avoided)) : NULL;
	uint32_t nf = r->count[SEC_FICHE];
	for (uint32_t i = 0; i < nf; i++) {
		const unsigned char *e = FI(r, i);
		const char *code = (const char *)e;
		char M = (char)e[36], m = (char)e[37];
		unsigned flags = e[38];
		int mp = pos_in(profile, M), np = pos_in(profile, m);
		if (mp < 0)
			continue;
		if (nd && !memchr(domains, code[0], nd))
			continue;
		bool reg = (flags & BILAN_ROME_REGLEMENTE) != 0, cad = (flags & BILAN_ROME_CADRE) != 0;
		if ((opts->regulated < 0 && reg) || (opts->regulated > 0 && !reg) ||
		    (opts->cadre < 0 && cad) || (opts->cadre > 0 && !cad))
			continue;
		bool skip = false;
		for (size_t k = 0; k < opts->n_exclude && !skip; k++)
			skip = strcmp(excl[k], code) == 0;
		if (skip)
			continue;
		struct bilan_rome_fiche f;
		bilan_rome_get(&f, r, i);
		if (opts->n_avoid) {
			size_t k = fiche_first_item(r, &f, i, opts->avoid, opts->n_avoid);
			if (k < opts->n_avoid) {
				out->avoided[k]++;
				continue;
			}
		}
		const char *pm = strchr(riasec_letters, M), *pn = m ? strchr(riasec_letters, m) : NULL;
		int sM = pm ? strength[pm - riasec_letters] : 0;
		int sm = pn ? strength[pn - riasec_letters] : mean;
		BILAN_ALLOC_GROW(v, nv + 1, av);
		struct scored *x = &v[nv++];
		memset(x, 0, sizeof(*x));
		x->s.fiche = i;
		x->s.code = code;
		x->s.title = f.title;
		x->s.riasec_major = M;
		x->s.riasec_minor = m;
		x->s.major_pos = mp;
		x->s.minor_pos = np;
		x->s.flags = flags;
		x->s.score = (2 * sM + sm + 1) / 3;
		x->breadth = f.n_appellations;
	}
	if (nv > 1)
		qsort(v, nv, sizeof(*v), cmp_scored);
	size_t limit = opts->limit ? opts->limit : 15;
	size_t cap = (limit + 2) / 3;
	out->total = nv;
	out->n = nv < limit ? nv : limit;
	out->v = bilan_xcalloc(out->n ? out->n : 1, sizeof(*out->v));
	/* at most a third of the list for one pair of letters, so that a short
	 * list shows several kinds of work; then, if it is not full, the
	 * others in their order */
	bool *used = bilan_xcalloc(nv ? nv : 1, sizeof(*used));
	int pairs[7][7] = { { 0 } };
	size_t k = 0;
	for (int pass = 0; pass < 2 && k < out->n; pass++)
		for (size_t i = 0; i < nv && k < out->n; i++) {
			if (used[i])
				continue;
			const char *pm = strchr(riasec_letters, v[i].s.riasec_major);
			const char *pn = v[i].s.riasec_minor ? strchr(riasec_letters, v[i].s.riasec_minor) : NULL;
			int *cnt = &pairs[pm ? pm - riasec_letters : 6][pn ? pn - riasec_letters : 6];
			if (pass == 0 && (size_t)*cnt >= cap)
				continue;
			(*cnt)++;
			used[i] = true;
			out->v[k] = v[i].s;
			out->v[k].reason = reason_text(v[i].s.riasec_major, v[i].s.riasec_minor,
						       v[i].s.major_pos, v[i].s.minor_pos);
			k++;
		}
	free(used);
	rc = 0;
out:
	free(v);
	free(excl);
	return rc;
}

void bilan_rome_suggestions_clear(struct bilan_rome_suggestions *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].reason);
	free(s->v);
	free(s->avoided);
	s->v = NULL;
	s->avoided = NULL;
	s->n = s->total = 0;
}
