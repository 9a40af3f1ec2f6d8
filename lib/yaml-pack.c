/* yaml-pack.c - a loaded tree written to bytes and read back (yaml-tree.h,
 * "Packed trees"), for the derived caches that keep files already parsed
 * (results-checked: questionnaire-trust.c).
 *
 * A node: one tag byte (type in bits 0-1, kind in bit 2, a comment in
 * bit 3, an end-of-line comment in bit 4), its line and column, then the
 * comment and the end-of-line comment when the tag says so, then
 *   scalar: its value;  sequence: the count, then the items;
 *   mapping: the count, then key and value of each pair.
 * Numbers are unsigned LEB128 (7 bits a byte, low first); a string is its
 * length then its bytes.  An empty document is the one byte 0xff.
 *
 * Reading trusts nothing: every length is checked against what is left,
 * nesting is bounded by BILAN_YAML_MAX_DEPTH, a key must be a scalar, a
 * value or a comment must be valid UTF-8 without NUL (as the loader
 * requires), and the bytes must end with the tree.  Anything else: BILAN_EINVALID, nothing built.
 */
#include "yaml-tree.h"
#include "buf.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

#define TAG_EMPTY 0xffu
#define TAG_TYPE 0x03u
#define TAG_PLAIN 0x04u
#define TAG_COMMENT 0x08u
#define TAG_EOL 0x10u

static void put_num(struct bilan_buf *b, unsigned long long v)
{
	unsigned char tmp[10];
	size_t n = 0;
	do {
		unsigned char c = v & 0x7f;
		v >>= 7;
		tmp[n++] = v ? (unsigned char)(c | 0x80) : c;
	} while (v);
	bilan_buf_put(b, tmp, n);
}

static void put_str(struct bilan_buf *b, const char *s, size_t len)
{
	put_num(b, len);
	bilan_buf_put(b, s, len);
}

static void pack_node(struct bilan_buf *b, const struct bilan_node *n)
{
	unsigned char tag = (unsigned char)n->type;
	if (n->type == BILAN_NODE_SCALAR && n->kind == BILAN_SCALAR_PLAIN)
		tag |= TAG_PLAIN;
	if (n->comment)
		tag |= TAG_COMMENT;
	if (n->eol)
		tag |= TAG_EOL;
	bilan_buf_putc(b, (char)tag);
	put_num(b, n->line > 0 ? (unsigned)n->line : 0);
	put_num(b, n->col > 0 ? (unsigned)n->col : 0);
	if (n->comment)
		put_str(b, n->comment, strlen(n->comment));
	if (n->eol)
		put_str(b, n->eol, strlen(n->eol));
	switch (n->type) {
	case BILAN_NODE_SCALAR:
		put_str(b, n->value ? n->value : "", n->value ? n->len : 0);
		break;
	case BILAN_NODE_SEQ:
		put_num(b, n->n);
		for (size_t i = 0; i < n->n; i++)
			pack_node(b, n->items[i]);
		break;
	case BILAN_NODE_MAP:
		put_num(b, n->n);
		for (size_t i = 0; i < n->n; i++) {
			pack_node(b, n->pairs[i].key);
			pack_node(b, n->pairs[i].value);
		}
		break;
	}
}

void bilan_yaml_pack(struct bilan_buf *out, const struct bilan_node *root)
{
	if (!root)
		bilan_buf_putc(out, (char)TAG_EMPTY);
	else
		pack_node(out, root);
}

struct reader {
	const unsigned char *p, *end;
};

static bool get_num(struct reader *r, unsigned long long *out)
{
	unsigned long long v = 0;
	for (unsigned shift = 0; shift < 64 && r->p < r->end; shift += 7) {
		unsigned char c = *r->p++;
		v |= (unsigned long long)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*out = v;
			return true;
		}
	}
	return false;
}

/* A string of the bytes; valid UTF-8 without NUL when text. */
static bool get_str(struct reader *r, char **out, size_t *len, bool text)
{
	unsigned long long n;
	if (!get_num(r, &n) || n > (unsigned long long)(r->end - r->p))
		return false;
	if (text && (memchr(r->p, '\0', (size_t)n) ||
			 !bilan_utf8_valid((const char *)r->p, (size_t)n, NULL)))
		return false;
	*out = bilan_xstrndup((const char *)r->p, (size_t)n);
	if (len)
		*len = (size_t)n;
	r->p += n;
	return true;
}

static struct bilan_node *unpack_node(struct reader *r, int depth)
{
	if (r->p >= r->end || depth > BILAN_YAML_MAX_DEPTH + 1)
		return NULL;
	unsigned char tag = *r->p++;
	unsigned type = tag & TAG_TYPE;
	unsigned long long line, col, count;
	if ((tag & ~(TAG_TYPE | TAG_PLAIN | TAG_COMMENT | TAG_EOL)) || type > BILAN_NODE_SEQ ||
	    (type != BILAN_NODE_SCALAR && (tag & TAG_PLAIN)) ||
	    !get_num(r, &line) || !get_num(r, &col) || line > 0x7fffffff || col > 0x7fffffff)
		return NULL;
	struct bilan_node *n = bilan_xcalloc(1, sizeof(*n));
	n->type = (enum bilan_node_type)type;
	n->line = (int)line;
	n->col = (int)col;
	if (((tag & TAG_COMMENT) && !get_str(r, &n->comment, NULL, true)) ||
	    ((tag & TAG_EOL) && !get_str(r, &n->eol, NULL, true)))
		goto bad;
	switch (n->type) {
	case BILAN_NODE_SCALAR:
		n->kind = (tag & TAG_PLAIN) ? BILAN_SCALAR_PLAIN : BILAN_SCALAR_STR;
		if (!get_str(r, &n->value, &n->len, true))
			goto bad;
		return n;
	case BILAN_NODE_SEQ:
		/* each item takes at least 3 bytes: a count beyond that is a lie */
		if (!get_num(r, &count) || count > (unsigned long long)(r->end - r->p) / 3)
			goto bad;
		n->items = bilan_xcalloc(count ? count : 1, sizeof(*n->items));
		n->alloc = count ? count : 1;
		for (; n->n < count; n->n++)
			if (!(n->items[n->n] = unpack_node(r, depth + 1)))
				goto bad;
		return n;
	case BILAN_NODE_MAP:
		if (!get_num(r, &count) || count > (unsigned long long)(r->end - r->p) / 6)
			goto bad;
		n->pairs = bilan_xcalloc(count ? count : 1, sizeof(*n->pairs));
		n->alloc = count ? count : 1;
		for (; n->n < count; n->n++) {
			struct bilan_pair *p = &n->pairs[n->n];
			p->key = unpack_node(r, depth + 1);
			if (!p->key || p->key->type != BILAN_NODE_SCALAR ||
			    !(p->value = unpack_node(r, depth + 1))) {
				bilan_node_free(p->key);
				p->key = NULL;
				goto bad;
			}
		}
		return n;
	}
bad:
	bilan_node_free(n);
	return NULL;
}

int bilan_yaml_unpack(struct bilan_doc **out, const char *name, const void *data,
		      size_t len)
{
	*out = NULL;
	struct reader r = { data, (const unsigned char *)data + len };
	struct bilan_node *root = NULL;
	if (len == 1 && r.p[0] == TAG_EMPTY) {
		r.p++;
	} else if (!(root = unpack_node(&r, 1)) || r.p != r.end) {
		bilan_node_free(root);
		return BILAN_EINVALID;
	}
	struct bilan_doc *doc = bilan_xcalloc(1, sizeof(*doc));
	doc->path = bilan_xstrdup(name ? name : "");
	doc->root = root;
	*out = doc;
	return 0;
}
