/* yaml-tree.c - loading and emitting YAML with libyaml's event API (see yaml-tree.h).
 *
 * The loader drives yaml_parser_parse() and builds the tree itself, so that it
 * can refuse anchors, aliases, deep nesting, duplicate and complex keys as soon
 * as they appear (libyaml 0.2.5 has no limit of its own).  Before parsing, the
 * whole buffer is checked for NUL bytes and invalid UTF-8 so that the error
 * gives a line and a column (libyaml's reader only gives a byte offset).
 *
 * Scalar kinds: a plain scalar that would resolve to another type than a
 * string (null, bool, int, float, timestamp; YAML 1.1 and 1.2 rules, any case)
 * is BILAN_SCALAR_PLAIN; everything else is BILAN_SCALAR_STR.  The emitter
 * uses the same predicate to decide which strings must be quoted, so that the
 * emitted text re-loads to an equal tree.
 */
#include "yaml-tree.h"

#include "fs.h"
#include "hash.h"
#include "i18n.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#define STR_TAG "tag:yaml.org,2002:str"

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool all_chars_in(const char *s, size_t len, const char *set)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr(set, s[i]))
			return false;
	return true;
}

static bool eq_ci(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

/* true when a plain scalar with this text would be read as something else
 * than a string by some YAML reader (1.1 or 1.2).  Over-approximates on
 * purpose: quoting a string that did not need it is harmless. */
static bool looks_typed(const char *s, size_t len)
{
	static const char *const words[] = {
		"~", "null", "y", "n", "yes", "no", "on", "off", "true", "false",
		".inf", "+.inf", "-.inf", ".nan", "=", "<<",
	};
	if (len == 0)
		return true;
	/* (every word starts with one of these: most scalars skip the list) */
	if (len <= 5 && strchr("~nNyYoOtTfF.+-=<", s[0]))
		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (eq_ci(s, len, words[i]))
				return true;
	/* ints, floats, sexagesimals, dates: only number-ish characters and at
	 * least one digit ("1_000", "1e5", "3.5", "14:30", "2026-11-27"). */
	bool digit = false;
	for (size_t i = 0; i < len; i++)
		if (is_digit(s[i]))
			digit = true;
	if (digit && all_chars_in(s, len, "0123456789+-._:eE"))
		return true;
	/* 0x1F, 0o17, 0b101 with an optional sign */
	size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
	if (len >= i + 3 && s[i] == '0' && strchr("xXoObB", s[i + 1]) &&
	    all_chars_in(s + i + 2, len - i - 2, "0123456789abcdefABCDEF_"))
		return true;
	/* timestamps: 2026-11-27T14:30:00+01:00, 2026-11-27 14:30 ... */
	if (len >= 10 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) &&
	    is_digit(s[3]) && s[4] == '-' && is_digit(s[5]))
		return true;
	return false;
}

/* Strings that need quotes besides the typed-looking ones: leading or
 * trailing blanks, indicators at the start, ": " and " #" inside. */
static bool needs_quotes(const char *s, size_t len)
{
	if (looks_typed(s, len))
		return true;
	if (strchr(" \t", s[0]) || strchr(" \t", s[len - 1]))
		return true;
	if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
		return true;
	if (s[len - 1] == ':')
		return true;
	for (size_t i = 0; i + 1 < len; i++)
		if ((s[i] == ':' && (s[i + 1] == ' ' || s[i + 1] == '\t')) ||
		    ((s[i] == ' ' || s[i] == '\t') && s[i + 1] == '#'))
			return true;
	return false;
}

/* A short quote of a value for messages: at most ~40 bytes, cut on a
 * character boundary, first line only, with "…" when cut. */
static const char *short_quote(char *buf, size_t size, const char *s)
{
	size_t max = size - 4, n = 0;
	if (max > 40)
		max = 40;
	while (s[n] && s[n] != '\n' && n < max)
		n++;
	while (n > 0 && s[n] && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--; /* do not cut a UTF-8 sequence */
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (s[n])
		strcat(buf, "\xE2\x80\xA6");
	return buf;
}

/* ------------------------------------------------------------------------ */
/* Nodes                                                                    */

static struct bilan_node *node_new(enum bilan_node_type type)
{
	struct bilan_node *n = bilan_xcalloc(1, sizeof(*n));
	n->type = type;
	return n;
}

struct bilan_node *bilan_node_map(void)
{
	return node_new(BILAN_NODE_MAP);
}

struct bilan_node *bilan_node_seq(void)
{
	return node_new(BILAN_NODE_SEQ);
}

static struct bilan_node *scalar_new(const char *s, size_t len,
				     enum bilan_scalar_kind kind)
{
	struct bilan_node *n = node_new(BILAN_NODE_SCALAR);
	n->value = bilan_xstrndup(s, len);
	n->len = len;
	n->kind = kind;
	return n;
}

struct bilan_node *bilan_node_strn(const char *s, size_t n)
{
	return scalar_new(s, n, BILAN_SCALAR_STR);
}

struct bilan_node *bilan_node_str(const char *s)
{
	return bilan_node_strn(s, strlen(s));
}

struct bilan_node *bilan_node_int(long long v)
{
	char tmp[32];
	int len = snprintf(tmp, sizeof(tmp), "%lld", v);
	return scalar_new(tmp, (size_t)len, BILAN_SCALAR_PLAIN);
}

struct bilan_node *bilan_node_bool(bool v)
{
	return v ? scalar_new("true", 4, BILAN_SCALAR_PLAIN)
		 : scalar_new("false", 5, BILAN_SCALAR_PLAIN);
}

struct bilan_node *bilan_node_null(void)
{
	return scalar_new("null", 4, BILAN_SCALAR_PLAIN);
}

struct bilan_node *bilan_node_plain(const char *s)
{
	return scalar_new(s, strlen(s), BILAN_SCALAR_PLAIN);
}

struct bilan_node *bilan_node_clone(const struct bilan_node *n)
{
	if (!n)
		return NULL;
	struct bilan_node *c = node_new(n->type);
	c->line = n->line;
	c->col = n->col;
	c->comment = n->comment ? bilan_xstrdup(n->comment) : NULL;
	c->eol = n->eol ? bilan_xstrdup(n->eol) : NULL;
	switch (n->type) {
	case BILAN_NODE_SCALAR:
		c->value = bilan_xstrndup(n->value, n->len);
		c->len = n->len;
		c->kind = n->kind;
		break;
	case BILAN_NODE_SEQ:
		c->items = bilan_xcalloc(n->n ? n->n : 1, sizeof(*c->items));
		c->alloc = n->n ? n->n : 1;
		for (size_t i = 0; i < n->n; i++)
			c->items[i] = bilan_node_clone(n->items[i]);
		c->n = n->n;
		break;
	case BILAN_NODE_MAP:
		c->pairs = bilan_xcalloc(n->n ? n->n : 1, sizeof(*c->pairs));
		c->alloc = n->n ? n->n : 1;
		for (size_t i = 0; i < n->n; i++) {
			c->pairs[i].key = bilan_node_clone(n->pairs[i].key);
			c->pairs[i].value = bilan_node_clone(n->pairs[i].value);
		}
		c->n = n->n;
		break;
	}
	return c;
}

void bilan_node_free(struct bilan_node *n)
{
	if (!n)
		return;
	switch (n->type) {
	case BILAN_NODE_SCALAR:
		break;
	case BILAN_NODE_SEQ:
		for (size_t i = 0; i < n->n; i++)
			bilan_node_free(n->items[i]);
		break;
	case BILAN_NODE_MAP:
		for (size_t i = 0; i < n->n; i++) {
			bilan_node_free(n->pairs[i].key);
			bilan_node_free(n->pairs[i].value);
		}
		break;
	}
	free(n->value);
	free(n->items);
	free(n->pairs);
	free(n->comment);
	free(n->eol);
	free(n);
}

static void map_append(struct bilan_node *map, struct bilan_node *key,
		       struct bilan_node *value)
{
	BILAN_ALLOC_GROW(map->pairs, map->n + 1, map->alloc);
	map->pairs[map->n].key = key;
	map->pairs[map->n].value = value;
	map->n++;
}

static ssize_t map_find(const struct bilan_node *map, const char *key)
{
	if (!map || map->type != BILAN_NODE_MAP || !key)
		return -1;
	size_t klen = strlen(key);
	for (size_t i = 0; i < map->n; i++) {
		const struct bilan_node *k = map->pairs[i].key;
		if (k->len == klen && memcmp(k->value, key, klen) == 0)
			return (ssize_t)i;
	}
	return -1;
}

void bilan_map_set(struct bilan_node *map, const char *key, struct bilan_node *value)
{
	assert(map && map->type == BILAN_NODE_MAP && key);
	if (!map || map->type != BILAN_NODE_MAP || !key) {
		bilan_node_free(value);
		return;
	}
	if (!value)
		value = bilan_node_null();
	ssize_t i = map_find(map, key);
	if (i >= 0) {
		bilan_node_free(map->pairs[i].value);
		map->pairs[i].value = value;
		return;
	}
	map_append(map, bilan_node_str(key), value);
}

void bilan_map_set_str(struct bilan_node *map, const char *key, const char *s)
{
	bilan_map_set(map, key, bilan_node_str(s));
}

void bilan_map_set_int(struct bilan_node *map, const char *key, long long v)
{
	bilan_map_set(map, key, bilan_node_int(v));
}

void bilan_map_set_bool(struct bilan_node *map, const char *key, bool v)
{
	bilan_map_set(map, key, bilan_node_bool(v));
}

bool bilan_map_remove(struct bilan_node *map, const char *key)
{
	ssize_t i = map_find(map, key);
	if (i < 0)
		return false;
	bilan_node_free(map->pairs[i].key);
	bilan_node_free(map->pairs[i].value);
	memmove(&map->pairs[i], &map->pairs[i + 1],
		(map->n - (size_t)i - 1) * sizeof(*map->pairs));
	map->n--;
	return true;
}

static void copy_comment(char **dst, const char *src)
{
	if (!src)
		return;
	free(*dst);
	*dst = bilan_xstrdup(src);
}

void bilan_map_keep_comments(struct bilan_node *map, const struct bilan_node *from, bool root)
{
	if (!map || !from || map->type != BILAN_NODE_MAP || from->type != BILAN_NODE_MAP)
		return;
	if (root) {
		copy_comment(&map->comment, from->comment);
		copy_comment(&map->eol, from->eol);
	}
	for (size_t i = 0; i < from->n; i++) {
		ssize_t j = map_find(map, from->pairs[i].key->value);
		if (j < 0)
			continue;
		copy_comment(&map->pairs[j].key->comment, from->pairs[i].key->comment);
		copy_comment(&map->pairs[j].key->eol, from->pairs[i].key->eol);
	}
}

void bilan_seq_append(struct bilan_node *seq, struct bilan_node *item)
{
	assert(seq && seq->type == BILAN_NODE_SEQ);
	if (!seq || seq->type != BILAN_NODE_SEQ) {
		bilan_node_free(item);
		return;
	}
	if (!item)
		item = bilan_node_null();
	BILAN_ALLOC_GROW(seq->items, seq->n + 1, seq->alloc);
	seq->items[seq->n++] = item;
}

struct bilan_node *bilan_map_get(const struct bilan_node *map, const char *key)
{
	ssize_t i = map_find(map, key);
	return i < 0 ? NULL : map->pairs[i].value;
}

bool bilan_node_is_null(const struct bilan_node *n)
{
	if (!n)
		return true;
	if (n->type != BILAN_NODE_SCALAR || n->kind != BILAN_SCALAR_PLAIN)
		return false;
	return n->len == 0 || strcmp(n->value, "~") == 0 ||
	       strcmp(n->value, "null") == 0 || strcmp(n->value, "Null") == 0 ||
	       strcmp(n->value, "NULL") == 0;
}

const char *bilan_map_str(const struct bilan_node *map, const char *key)
{
	const struct bilan_node *v = bilan_map_get(map, key);
	if (!v || v->type != BILAN_NODE_SCALAR || bilan_node_is_null(v))
		return NULL;
	return v->value;
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                  */

/* The position (1-based line and column in characters) of a byte offset. */
static void offset_position(const char *data, size_t len, size_t off, int *line,
			    int *col)
{
	int l = 1, c = 1;
	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)data[i];
		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* Refuse NUL bytes and invalid UTF-8 (overlong forms, surrogates, code
 * points past U+10FFFF, truncated sequences). */
static int check_text(const char *name, const char *data, size_t len,
		      struct bilan_error *err)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0;
	int line, col;
	while (i < len) {
		unsigned char c = s[i];
		if (c == 0) {
			offset_position(data, len, i, &line, &col);
			return bilan_error_set_at(err, BILAN_EINVALID, name, line, col,
						  _("NUL byte in file"));
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned int cp, min;
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1; cp = c & 0x1F; min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2; cp = c & 0x0F; min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3; cp = c & 0x07; min = 0x10000;
		} else {
			goto bad;
		}
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		i += n + 1;
	}
	return 0;
bad:
	offset_position(data, len, i, &line, &col);
	return bilan_error_set_at(err, BILAN_EINVALID, name, line, col,
				  _("invalid UTF-8"));
}

/* libyaml's most common problems, translated. */
static const char *const yaml_problems[] = {
	N_("found character that cannot start any token"),
	N_("mapping values are not allowed in this context"),
	N_("found a tab character that violates indentation"),
	N_("found a tab character where an indentation space is expected"),
	N_("did not find expected key"),
	N_("did not find expected node content"),
	N_("did not find expected '-' indicator"),
	N_("did not find expected ',' or ']'"),
	N_("did not find expected ',' or '}'"),
	N_("could not find expected ':'"),
	N_("found unexpected end of stream"),
	N_("found unknown escape character"),
	N_("found unexpected ':'"),
	N_("block sequence entries are not allowed in this context"),
	N_("did not find expected comment or line break"),
	N_("found undefined alias"),
	N_("control characters are not allowed"),
	N_("found unexpected document indicator"),
	N_("did not find expected <document start>"),
	N_("found incompatible YAML document"),
	N_("invalid Unicode character"),
};

static const char *yaml_problem(const char *problem)
{
	if (!problem)
		return _("invalid YAML");
	for (size_t i = 0; i < sizeof(yaml_problems) / sizeof(yaml_problems[0]); i++)
		if (strcmp(problem, yaml_problems[i]) == 0)
			return _(yaml_problems[i]);
	return problem;
}

/* The byte offset of a 1-based line and column (in characters). */
static size_t position_offset(const char *data, size_t len, int line, int col)
{
	size_t i = 0;
	for (int l = 1; l < line && i < len; i++)
		if (data[i] == '\n')
			l++;
	for (int c = 1; c < col && i < len && data[i] != '\n'; c++) {
		i++;
		while (i < len && ((unsigned char)data[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

static int parser_error(const yaml_parser_t *p, const char *name, const char *data,
			size_t len, struct bilan_error *err)
{
	int line = 0, col = 0;
	size_t off;
	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return bilan_error_set_at(err, BILAN_EFAIL, name, 0, 0,
					  _("out of memory while reading YAML"));
	case YAML_READER_ERROR:
		offset_position(data, len, p->problem_offset, &line, &col);
		break;
	default:
		line = (int)p->problem_mark.line + 1;
		col = (int)p->problem_mark.column + 1;
		/* A tab where a key was expected: say so rather than libyaml's
		 * "cannot start any token". */
		off = position_offset(data, len, line, col);
		if (off < len && data[off] == '\t')
			return bilan_error_set_at(err, BILAN_EINVALID, name, line, col,
						  "%s", _("found a tab character that violates indentation"));
		break;
	}
	/* An unclosed quote or bracket is reported where the file ends:
	 * also say where it was opened. */
	if (p->error == YAML_SCANNER_ERROR && p->context &&
	    (int)p->context_mark.line + 1 < line)
		return bilan_error_set_at(err, BILAN_EINVALID, name, line, col,
					  _("%s (from line %d)"), yaml_problem(p->problem),
					  (int)p->context_mark.line + 1);
	return bilan_error_set_at(err, BILAN_EINVALID, name, line, col, "%s",
				  yaml_problem(p->problem));
}

/* A mapping being built, with a hash set of its keys once it gets large
 * (a 4 MiB file can hold a mapping of 400,000 keys). */
struct frame {
	struct bilan_node *node;
	struct bilan_node *key;   /* pending key of a mapping */
	size_t *slots;            /* pair index + 1, 0 empty */
	size_t nslots;
};

#define HASH_FROM 16

static void frame_index(struct frame *f, size_t idx)
{
	const struct bilan_node *k = f->node->pairs[idx].key;
	size_t h = (size_t)bilan_fnv1a64(k->value, k->len) & (f->nslots - 1);
	while (f->slots[h])
		h = (h + 1) & (f->nslots - 1);
	f->slots[h] = idx + 1;
}

static void frame_rehash(struct frame *f)
{
	free(f->slots);
	f->nslots = 64;
	while (f->nslots < f->node->n * 2 + 2)
		f->nslots *= 2;
	f->slots = bilan_xcalloc(f->nslots, sizeof(*f->slots));
	for (size_t i = 0; i < f->node->n; i++)
		frame_index(f, i);
}

/* The earlier key equal to key, or NULL. */
static const struct bilan_node *frame_find(struct frame *f, const struct bilan_node *key)
{
	const struct bilan_node *m = f->node;
	if (m->n < HASH_FROM) {
		for (size_t i = 0; i < m->n; i++) {
			const struct bilan_node *k = m->pairs[i].key;
			if (k->len == key->len && memcmp(k->value, key->value, k->len) == 0)
				return k;
		}
		return NULL;
	}
	if (!f->slots || f->nslots < m->n * 2 + 2)
		frame_rehash(f);
	size_t h = (size_t)bilan_fnv1a64(key->value, key->len) & (f->nslots - 1);
	while (f->slots[h]) {
		const struct bilan_node *k = m->pairs[f->slots[h] - 1].key;
		if (k->len == key->len && memcmp(k->value, key->value, k->len) == 0)
			return k;
		h = (h + 1) & (f->nslots - 1);
	}
	return NULL;
}

struct loader {
	const char *name;
	struct bilan_node *root;
	struct frame stack[BILAN_YAML_MAX_DEPTH];
	size_t depth;
	struct bilan_error *err;
	/* for the comments: the source, its lines that belong to a scalar of
	 * several lines (not comments whatever they hold), the mapping keys
	 * in the order of the file */
	const char *data;
	size_t len;
	unsigned char *in_scalar;    /* one per line (0-based) */
	size_t *line_start;          /* byte offset of each line */
	size_t nlines;
	struct bilan_node **keys;
	size_t nkeys, akeys;
};

/* The length of the line break at data[i] as libyaml reads breaks (LF,
 * CR LF, CR, NEL, LS, PS), 0 when there is none. */
static size_t break_len(const char *d, size_t len, size_t i)
{
	if (i >= len)
		return 0;
	if (d[i] == '\n')
		return 1;
	if (d[i] == '\r')
		return i + 1 < len && d[i + 1] == '\n' ? 2 : 1;
	if ((unsigned char)d[i] == 0xC2 && i + 1 < len && (unsigned char)d[i + 1] == 0x85)
		return 2;
	if ((unsigned char)d[i] == 0xE2 && i + 2 < len && (unsigned char)d[i + 1] == 0x80 &&
	    ((unsigned char)d[i + 2] == 0xA8 || (unsigned char)d[i + 2] == 0xA9))
		return 3;
	return 0;
}

/* The byte offset of a mark of libyaml (its index and column count
 * characters, not bytes). */
static size_t mark_offset(const struct loader *ld, const yaml_mark_t *m)
{
	if (m->line >= ld->nlines)
		return ld->len;
	size_t i = ld->line_start[m->line];
	for (size_t c = 0; c < m->column && i < ld->len && !break_len(ld->data, ld->len, i); c++) {
		i++;
		while (i < ld->len && ((unsigned char)ld->data[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

/* The comment that ends the line at data[i...] after blanks (and, after a
 * key, its ':' and blanks), or NULL; a copy. */
static char *eol_comment(const char *data, size_t len, size_t i, bool after_key)
{
	while (i < len && (data[i] == ' ' || data[i] == '\t'))
		i++;
	if (after_key && i < len && data[i] == ':') {
		i++;
		while (i < len && (data[i] == ' ' || data[i] == '\t'))
			i++;
	}
	if (i >= len || data[i] != '#' || i == 0 || (data[i - 1] != ' ' && data[i - 1] != '\t'))
		return NULL;
	size_t e = i;
	while (e < len && !break_len(data, len, e))
		e++;
	while (e > i && (data[e - 1] == ' ' || data[e - 1] == '\t'))
		e--;
	return bilan_xstrndup(data + i, e - i);
}

/* Attach a new node where it belongs.  Takes node. */
static int attach(struct loader *ld, struct bilan_node *node)
{
	if (ld->depth == 0) {
		ld->root = node;
		return 0;
	}
	struct frame *f = &ld->stack[ld->depth - 1];
	if (f->node->type == BILAN_NODE_SEQ) {
		bilan_seq_append(f->node, node);
		return 0;
	}
	if (f->key) {
		map_append(f->node, f->key, node);
		f->key = NULL;
		if (f->slots) {
			if (f->nslots < f->node->n * 2 + 2)
				frame_rehash(f);
			else
				frame_index(f, f->node->n - 1);
		}
		return 0;
	}
	/* node is a key */
	if (node->type != BILAN_NODE_SCALAR) {
		int line = node->line, col = node->col;
		bilan_node_free(node);
		return bilan_error_set_at(ld->err, BILAN_EINVALID, ld->name, line, col,
					  _("complex mapping keys are not allowed"));
	}
	const struct bilan_node *first = frame_find(f, node);
	if (first) {
		char q[64];
		int line = node->line, col = node->col, fline = first->line;
		short_quote(q, sizeof(q), node->value);
		bilan_node_free(node);
		return bilan_error_set_at(ld->err, BILAN_EINVALID, ld->name, line, col,
					  _("duplicate key '%s' (first at line %d)"), q,
					  fline);
	}
	f->key = node;
	return 0;
}


/* Attach the comment lines of the source: the header block and the lines
 * at the end to the root, each other group of comment lines to the mapping
 * key on the next line of content (or the first key after it). */
static void assign_comments(struct loader *ld, struct bilan_node *root)
{
	const char *d = ld->data;
	size_t k = 0;
	struct bilan_buf group = BILAN_BUF_INIT;
	bool header = true;
	size_t pos = 0;
	for (size_t l = 0; pos <= ld->len && l < ld->nlines; l++) {
		size_t start = pos, e = pos;
		while (e < ld->len && !break_len(d, ld->len, e))
			e++;
		pos = e + (e < ld->len ? break_len(d, ld->len, e) : 1);
		size_t i = start;
		while (i < e && (d[i] == ' ' || d[i] == '\t'))
			i++;
		size_t end = e;
		while (end > i && (d[end - 1] == '\r' || d[end - 1] == ' ' || d[end - 1] == '\t'))
			end--;
		if (ld->in_scalar[l])
			continue;
		if (i == end) {                 /* blank: kept inside a group */
			if (group.len)
				bilan_buf_putc(&group, '\n');
			continue;
		}
		if (d[i] == '#') {
			if (group.len)
				bilan_buf_putc(&group, '\n');
			bilan_buf_put(&group, d + i, end - i);
			continue;
		}
		if (d[i] == '-' && i + 2 < end && d[i + 1] == '-' && d[i + 2] == '-')
			continue;                   /* a document marker */
		/* a line of content */
		bool blank_after = group.len && group.ptr[group.len - 1] == '\n';
		while (group.len && group.ptr[group.len - 1] == '\n')
			group.len--;
		if (group.len) {
			group.ptr[group.len] = '\0';
			const char *own = group.ptr;
			while (k < ld->nkeys && (size_t)ld->keys[k]->line < l + 1)
				k++;
			if (header && root) {
				/* the header block ends at the last blank line before
				 * the content (kept, as the ending \n); what follows it
				 * is the first key's, as anywhere else.  With no key to
				 * take it (a root that is not a mapping), the whole
				 * group is the header: never dropped, so that a file
				 * written again is written the same (fuzz-yaml). */
				char *blank = strstr(group.ptr, "\n\n");
				for (char *b = blank; b; b = strstr(b + 1, "\n\n"))
					blank = b;
				if (blank && (k >= ld->nkeys || ld->keys[k]->comment))
					blank = NULL;
				if (blank) {
					root->comment = bilan_xstrndup(group.ptr, (size_t)(blank - group.ptr) + 1);
					own = blank + 2;
					while (*own == '\n')
						own++;
				} else {
					root->comment = bilan_xasprintf("%s%s", group.ptr,
									blank_after ? "\n" : "");
					own = "";
				}
			}
			if (*own && k < ld->nkeys && !ld->keys[k]->comment)
				ld->keys[k]->comment = bilan_xstrdup(own);
			bilan_buf_truncate(&group, 0);
		}
		header = false;
	}
	while (group.len && group.ptr[group.len - 1] == '\n')
		group.len--;
	if (group.len && root) {
		group.ptr[group.len] = '\0';
		if (header)
			root->comment = bilan_xstrdup(group.ptr);
		else
			root->eol = bilan_xstrdup(group.ptr);
	}
	bilan_buf_clear(&group);
}

static void loader_free(struct loader *ld)
{
	free(ld->in_scalar);
	free(ld->line_start);
	free(ld->keys);
	ld->in_scalar = NULL;
	ld->line_start = NULL;
	ld->keys = NULL;
	for (size_t i = 0; i < ld->depth; i++) {
		bilan_node_free(ld->stack[i].key);
		free(ld->stack[i].slots);
	}
	bilan_node_free(ld->root);
	ld->root = NULL;
	ld->depth = 0;
}

static int on_event(struct loader *ld, const yaml_event_t *ev)
{
	int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
	const char *anchor = NULL;
	struct bilan_node *node = NULL;

	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		return bilan_error_set_at(ld->err, BILAN_EINVALID, ld->name, line, col,
					  _("anchors and aliases are not allowed"));
	case YAML_SCALAR_EVENT: {
		anchor = (const char *)ev->data.scalar.anchor;
		if (anchor)
			break;
		const char *v = (const char *)ev->data.scalar.value;
		size_t len = ev->data.scalar.length;
		if (memchr(v, '\0', len))
			return bilan_error_set_at(ld->err, BILAN_EINVALID, ld->name,
						  line, col,
						  _("NUL character in a value"));
		const char *tag = (const char *)ev->data.scalar.tag;
		bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			     (!tag || strcmp(tag, STR_TAG) != 0) && looks_typed(v, len);
		node = scalar_new(v, len, plain ? BILAN_SCALAR_PLAIN : BILAN_SCALAR_STR);
		node->line = line;
		node->col = col;
		/* the lines of a scalar of several lines hold no comment */
		size_t sl = ev->start_mark.line, el = ev->end_mark.line;
		if (el > sl && ev->end_mark.column == 0)
			el--;
		for (size_t l = sl + 1; l <= el && l < ld->nlines; l++)
			ld->in_scalar[l] = 1;
		struct frame *f = ld->depth ? &ld->stack[ld->depth - 1] : NULL;
		bool in_map = f && f->node->type == BILAN_NODE_MAP;
		struct bilan_node *key = in_map ? f->key : NULL;
		bool block = ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
			     ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
		char *eol = NULL;
		if (in_map && block) {
			/* "key: |- # comment" */
			size_t i = mark_offset(ld, &ev->start_mark);
			while (i < ld->len && strchr("|>+-0123456789", ld->data[i]) && ld->data[i])
				i++;
			eol = eol_comment(ld->data, ld->len, i, false);
		} else if (in_map) {
			eol = eol_comment(ld->data, ld->len, mark_offset(ld, &ev->end_mark), !key);
		}
		int rc = attach(ld, node);
		if (rc < 0) {
			free(eol);
			return rc;
		}
		if (in_map && !key) {          /* node is the pending key */
			BILAN_ALLOC_GROW(ld->keys, ld->nkeys + 1, ld->akeys);
			ld->keys[ld->nkeys++] = node;
			node->eol = eol;
		} else if (key && eol) {
			free(key->eol);
			key->eol = eol;
		} else {
			free(eol);
		}
		return 0;
	}
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		bool map = ev->type == YAML_MAPPING_START_EVENT;
		anchor = map ? (const char *)ev->data.mapping_start.anchor
			     : (const char *)ev->data.sequence_start.anchor;
		if (anchor)
			break;
		if (ld->depth >= BILAN_YAML_MAX_DEPTH)
			return bilan_error_set_at(ld->err, BILAN_EINVALID, ld->name,
						  line, col,
						  _("nesting deeper than %d levels"),
						  BILAN_YAML_MAX_DEPTH);
		node = map ? bilan_node_map() : bilan_node_seq();
		node->line = line;
		node->col = col;
		int rc = attach(ld, node);
		if (rc < 0)
			return rc;
		struct frame *f = &ld->stack[ld->depth++];
		memset(f, 0, sizeof(*f));
		f->node = node;
		return 0;
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (ld->depth > 0) {
			struct frame *f = &ld->stack[--ld->depth];
			free(f->slots);
			bilan_node_free(f->key); /* cannot happen with libyaml */
			memset(f, 0, sizeof(*f));
		}
		return 0;
	default:
		return 0;
	}
	return bilan_error_set_at(ld->err, BILAN_EINVALID, ld->name, line, col,
				  _("anchors and aliases are not allowed"));
}

int bilan_yaml_load_buffer(struct bilan_doc **out, const char *name,
			   const char *data, size_t len, struct bilan_error *err)
{
	yaml_parser_t parser;
	struct loader ld;
	int docs = 0, rc;
	bool done = false;

	*out = NULL;
	if (!name)
		name = "";
	if (!data) {
		data = "";
		len = 0;
	}
	if (len > BILAN_YAML_MAX_BYTES)
		return bilan_error_set_at(err, BILAN_ETOOBIG, name, 0, 0,
					  _("file is larger than %u bytes"),
					  BILAN_YAML_MAX_BYTES);
	rc = check_text(name, data, len, err);
	if (rc < 0)
		return rc;

	memset(&ld, 0, sizeof(ld));
	ld.name = name;
	ld.err = err;
	ld.data = data;
	ld.len = len;
	/* the lines as libyaml counts them (its marks' line numbers) */
	ld.nlines = 1;
	for (size_t i = 0, b; i < len; i += b ? b : 1)
		if ((b = break_len(data, len, i)))
			ld.nlines++;
	ld.in_scalar = bilan_xcalloc(ld.nlines, 1);
	ld.line_start = bilan_xcalloc(ld.nlines, sizeof(*ld.line_start));
	for (size_t i = 0, l = 1, b; i < len; i += b ? b : 1)
		if ((b = break_len(data, len, i)) && l < ld.nlines)
			ld.line_start[l++] = i + b;
	if (!yaml_parser_initialize(&parser))
		return bilan_error_set(err, BILAN_EFAIL,
				       _("out of memory while reading YAML"));
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);

	while (!done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = parser_error(&parser, name, data, len, err);
			goto out;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
			rc = bilan_error_set_at(err, BILAN_EINVALID, name,
						(int)ev.start_mark.line + 1,
						(int)ev.start_mark.column + 1,
						_("more than one document in the file"));
			yaml_event_delete(&ev);
			goto out;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = on_event(&ld, &ev);
		yaml_event_delete(&ev);
		if (rc < 0)
			goto out;
	}

	/* "---" alone is an empty document, like an empty file. */
	if (ld.root && ld.root->type == BILAN_NODE_SCALAR && ld.root->len == 0 &&
	    ld.root->kind == BILAN_SCALAR_PLAIN) {
		bilan_node_free(ld.root);
		ld.root = NULL;
	}
	if (ld.root && memchr(data, '#', len))
		assign_comments(&ld, ld.root);
	struct bilan_doc *doc = bilan_xcalloc(1, sizeof(*doc));
	doc->path = bilan_xstrdup(name);
	doc->root = ld.root;
	ld.root = NULL;
	*out = doc;
	rc = 0;
out:
	loader_free(&ld);
	yaml_parser_delete(&parser);
	return rc;
}

int bilan_yaml_load_file(struct bilan_doc **out, const char *path,
			 struct bilan_error *err)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	struct stat st;
	int fd, rc;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return bilan_error_set_errno(err, errno == ENOENT ? BILAN_ENOTFOUND
								  : BILAN_EFAIL,
					     errno, _("cannot open '%s'"), path);
	if (fstat(fd, &st) < 0) {
		rc = bilan_error_set_errno(err, BILAN_EFAIL, errno,
					   _("cannot read '%s'"), path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = bilan_error_set_at(err, BILAN_EINVALID, path, 0, 0,
					_("not a regular file"));
		goto out;
	}
	if (st.st_size > (off_t)BILAN_YAML_MAX_BYTES) {
		rc = bilan_error_set_at(err, BILAN_ETOOBIG, path, 0, 0,
					_("file is larger than %u bytes"),
					BILAN_YAML_MAX_BYTES);
		goto out;
	}
	/* Read up to one byte past the limit: the file may have grown. */
	bilan_buf_grow(&b, (size_t)st.st_size + 1);
	for (;;) {
		if (b.len > BILAN_YAML_MAX_BYTES) {
			rc = bilan_error_set_at(err, BILAN_ETOOBIG, path, 0, 0,
						_("file is larger than %u bytes"),
						BILAN_YAML_MAX_BYTES);
			goto out;
		}
		bilan_buf_grow(&b, 65536);
		size_t room = b.cap - b.len - 1;
		if (room > BILAN_YAML_MAX_BYTES + 1 - b.len)
			room = BILAN_YAML_MAX_BYTES + 1 - b.len;
		ssize_t r = read(fd, b.ptr + b.len, room);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = bilan_error_set_errno(err, BILAN_EFAIL, errno,
						   _("cannot read '%s'"), path);
			goto out;
		}
		if (r == 0)
			break;
		b.len += (size_t)r;
		b.ptr[b.len] = '\0';
	}
	rc = bilan_yaml_load_buffer(out, path, b.ptr ? b.ptr : "", b.len, err);
out:
	close(fd);
	bilan_buf_clear(&b);
	return rc;
}

void bilan_doc_free(struct bilan_doc *doc)
{
	if (!doc)
		return;
	bilan_node_free(doc->root);
	free(doc->path);
	free(doc);
}

/* ------------------------------------------------------------------------ */
/* Emitting                                                                 */

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	bilan_buf_put(data, buffer, size);
	return 1;
}

static int emit_node(yaml_emitter_t *e, const struct bilan_node *n)
{
	yaml_event_t ev;
	int ok;

	if (!n) {
		ok = yaml_scalar_event_initialize(&ev, NULL, NULL,
						  (yaml_char_t *)(uintptr_t)"null", 4,
						  1, 1, YAML_PLAIN_SCALAR_STYLE);
		return ok && yaml_emitter_emit(e, &ev);
	}
	switch (n->type) {
	case BILAN_NODE_SCALAR: {
		yaml_char_t *v = (yaml_char_t *)(uintptr_t)n->value;
		int len = n->len > INT_MAX ? INT_MAX : (int)n->len;
		if (n->kind == BILAN_SCALAR_PLAIN) {
			ok = yaml_scalar_event_initialize(&ev, NULL, NULL, v, len, 1, 1,
							  YAML_PLAIN_SCALAR_STYLE);
		} else if (memchr(n->value, '\n', n->len) &&
			   !(n->value[n->len - 1] == '\n' &&
			     (n->len == 1 || n->value[n->len - 2] == '\n'))) {
			/* A literal block; libyaml falls back to double quotes
			 * by itself when a literal block cannot hold the text
			 * (trailing blanks on a line, control characters).
			 * Trailing blank lines ("|+") are double-quoted too: a
			 * keep block makes libyaml end the stream with "...". */
			ok = yaml_scalar_event_initialize(&ev, NULL, NULL, v, len, 0, 1,
							  YAML_LITERAL_SCALAR_STYLE);
		} else if (memchr(n->value, '\n', n->len) ||
			   needs_quotes(n->value, n->len)) {
			ok = yaml_scalar_event_initialize(&ev, NULL, NULL, v, len, 0, 1,
							  YAML_DOUBLE_QUOTED_SCALAR_STYLE);
		} else {
			ok = yaml_scalar_event_initialize(&ev, NULL, NULL, v, len, 1, 1,
							  YAML_PLAIN_SCALAR_STYLE);
		}
		return ok && yaml_emitter_emit(e, &ev);
	}
	case BILAN_NODE_SEQ:
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
							  YAML_BLOCK_SEQUENCE_STYLE) ||
		    !yaml_emitter_emit(e, &ev))
			return 0;
		for (size_t i = 0; i < n->n; i++)
			if (!emit_node(e, n->items[i]))
				return 0;
		return yaml_sequence_end_event_initialize(&ev) && yaml_emitter_emit(e, &ev);
	case BILAN_NODE_MAP:
		if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
							 YAML_BLOCK_MAPPING_STYLE) ||
		    !yaml_emitter_emit(e, &ev))
			return 0;
		for (size_t i = 0; i < n->n; i++)
			if (!emit_node(e, n->pairs[i].key) ||
			    !emit_node(e, n->pairs[i].value))
				return 0;
		return yaml_mapping_end_event_initialize(&ev) && yaml_emitter_emit(e, &ev);
	}
	return 0;
}

static bool has_comments(const struct bilan_node *n)
{
	if (!n)
		return false;
	if (n->comment || n->eol)
		return true;
	for (size_t i = 0; i < n->n; i++) {
		if (n->type == BILAN_NODE_SEQ && has_comments(n->items[i]))
			return true;
		if (n->type == BILAN_NODE_MAP &&
		    (has_comments(n->pairs[i].key) || has_comments(n->pairs[i].value)))
			return true;
	}
	return false;
}

bool bilan_node_has_comments(const struct bilan_node *n)
{
	return has_comments(n);
}

struct key_list {
	const struct bilan_node **v;
	size_t n, alloc;
};

/* The mapping keys of a tree, in the order they are emitted. */
static void collect_keys(struct key_list *l, const struct bilan_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		if (n->type == BILAN_NODE_SEQ) {
			collect_keys(l, n->items[i]);
		} else if (n->type == BILAN_NODE_MAP) {
			BILAN_ALLOC_GROW(l->v, l->n + 1, l->alloc);
			l->v[l->n++] = n->pairs[i].key;
			collect_keys(l, n->pairs[i].value);
		}
	}
}

/* Put the comments of the tree back into its canonical text (text, len):
 * the header and the end of the file from the root, the lines before a key
 * at the key's line, indented as the line, the comment of its line at the
 * end of it.  The keys' lines come from reading the text again. */
static int put_comments(struct bilan_buf *out, const char *text, size_t len,
			const struct bilan_node *root)
{
	struct key_list keys = { NULL, 0, 0 };
	collect_keys(&keys, root);
	size_t *lines = bilan_xcalloc(keys.n ? keys.n : 1, sizeof(*lines));
	size_t nk = 0;
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		free(lines);
		free(keys.v);
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	/* per level: 0 a sequence, 1 a mapping awaiting a key, 2 its value */
	unsigned char stack[BILAN_YAML_MAX_DEPTH + 2];
	size_t depth = 0;
	int rc = 0;
	for (bool done = false; !done;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			rc = -1;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		bool value_or_key = ev.type == YAML_SCALAR_EVENT ||
				    ev.type == YAML_MAPPING_START_EVENT ||
				    ev.type == YAML_SEQUENCE_START_EVENT;
		if (value_or_key && depth && stack[depth - 1]) {
			if (stack[depth - 1] == 1 && nk < keys.n)
				lines[nk++] = ev.start_mark.line;
			stack[depth - 1] = stack[depth - 1] == 1 ? 2 : 1;
		}
		if ((ev.type == YAML_MAPPING_START_EVENT || ev.type == YAML_SEQUENCE_START_EVENT) &&
		    depth < sizeof(stack))
			stack[depth++] = ev.type == YAML_MAPPING_START_EVENT ? 1 : 0;
		if ((ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) && depth)
			depth--;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	if (rc == 0 && nk != keys.n)
		rc = -1;
	if (rc == 0) {
		if (root->comment) {
			bilan_buf_puts(out, root->comment);
			bilan_buf_putc(out, '\n');
		}
		size_t k = 0, line = 0;
		for (size_t i = 0; i < len; line++) {
			size_t e = i;
			while (e < len && text[e] != '\n')
				e++;
			/* comment lines are indented as the line: at its dash for
			 * the first key of an item ("- key:"), never at the key,
			 * where they would be read as the last lines of a block
			 * scalar ending the item before */
			size_t ind = i;
			while (ind < e && text[ind] == ' ')
				ind++;
			const struct bilan_node *key = NULL;
			while (k < keys.n && lines[k] < line)
				k++;
			if (k < keys.n && lines[k] == line)
				key = keys.v[k];
			if (key && key->comment) {
				for (const char *c = key->comment; *c;) {
					const char *nl = strchr(c, '\n');
					size_t n = nl ? (size_t)(nl - c) : strlen(c);
					if (n) {
						for (size_t s = i; s < ind; s++)
							bilan_buf_putc(out, ' ');
						bilan_buf_put(out, c, n);
					}
					bilan_buf_putc(out, '\n');
					c += n + (nl ? 1 : 0);
				}
			}
			bilan_buf_put(out, text + i, e - i);
			if (key && key->eol) {
				bilan_buf_putc(out, ' ');
				bilan_buf_puts(out, key->eol);
			}
			bilan_buf_putc(out, '\n');
			i = e + 1;
		}
		if (root->eol) {
			bilan_buf_puts(out, root->eol);
			bilan_buf_putc(out, '\n');
		}
	}
	free(lines);
	free(keys.v);
	return rc;
}

int bilan_yaml_emit(struct bilan_buf *out, const struct bilan_node *root,
		    struct bilan_error *err)
{
	yaml_emitter_t e;
	yaml_event_t ev;
	size_t start = out->len;
	int rc = 0;

	if (!root)
		return 0;
	if (!yaml_emitter_initialize(&e))
		return bilan_error_set(err, BILAN_EFAIL, _("cannot write YAML: %s"),
				       _("out of memory"));
	yaml_emitter_set_output(&e, write_handler, out);
	yaml_emitter_set_width(&e, -1);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_break(&e, YAML_LN_BREAK);
	yaml_emitter_set_indent(&e, 2);

	if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) ||
	    !yaml_emitter_emit(&e, &ev) ||
	    !yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) ||
	    !yaml_emitter_emit(&e, &ev) ||
	    !emit_node(&e, root) ||
	    !yaml_document_end_event_initialize(&ev, 1) ||
	    !yaml_emitter_emit(&e, &ev) ||
	    !yaml_stream_end_event_initialize(&ev) ||
	    !yaml_emitter_emit(&e, &ev) ||
	    !yaml_emitter_flush(&e)) {
		rc = bilan_error_set(err, BILAN_EFAIL, _("cannot write YAML: %s"),
				     e.problem ? e.problem : _("invalid text"));
		bilan_buf_truncate(out, start);
	}
	yaml_emitter_delete(&e);
	if (rc == 0 && has_comments(root)) {
		/* the comments back in: the text without them is read again for
		 * the keys' lines (a failure keeps the text without them) */
		struct bilan_buf with = BILAN_BUF_INIT;
		if (put_comments(&with, out->ptr + start, out->len - start, root) == 0) {
			bilan_buf_truncate(out, start);
			bilan_buf_put(out, with.ptr ? with.ptr : "", with.len);
		}
		bilan_buf_clear(&with);
	}
	return rc;
}

int bilan_yaml_write_file(const char *path, const struct bilan_node *root,
			  struct bilan_error *err)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	int rc = bilan_yaml_emit(&b, root, err);
	if (rc == 0)
		rc = bilan_fs_write_atomic(path, b.ptr ? b.ptr : "", b.len, 0600, err);
	bilan_buf_clear(&b);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Typed accessors                                                          */

static int node_verror(struct bilan_error *err, const struct bilan_doc *doc,
		       const struct bilan_node *node, const char *fmt, va_list ap)
{
	bilan_error_setv(err, BILAN_EINVALID, fmt, ap);
	if (err) {
		snprintf(err->file, sizeof(err->file), "%s",
			 doc && doc->path ? doc->path : "");
		err->line = node ? node->line : 0;
		err->col = node ? node->col : 0;
	}
	return BILAN_EINVALID;
}

int bilan_node_error(struct bilan_error *err, const struct bilan_doc *doc,
		     const struct bilan_node *node, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = node_verror(err, doc, node, fmt, ap);
	va_end(ap);
	return rc;
}

/* "a mapping", "a list", "nothing" or the quoted value. */
static const char *describe(char *buf, size_t size, const struct bilan_node *n)
{
	char q[64];
	if (bilan_node_is_null(n))
		return _("nothing");
	if (n->type == BILAN_NODE_MAP)
		return _("a mapping");
	if (n->type == BILAN_NODE_SEQ)
		return _("a list");
	snprintf(buf, size, "'%s'", short_quote(q, sizeof(q), n->value));
	return buf;
}

/* Find map[key]; 1 when found and not null, 0 when absent (an error when
 * required), negative on error. */
static int lookup(const struct bilan_doc *doc, const struct bilan_node *map,
		  const char *key, bool required, const struct bilan_node **out,
		  struct bilan_error *err)
{
	char d[80];
	*out = NULL;
	if (map && map->type != BILAN_NODE_MAP)
		return bilan_node_error(err, doc, map, _("expected a mapping, got %s"),
					describe(d, sizeof(d), map));
	const struct bilan_node *v = bilan_map_get(map, key);
	if (v && !bilan_node_is_null(v)) {
		*out = v;
		return 1;
	}
	if (!required)
		return 0;
	if (v)
		return bilan_node_error(err, doc, v, _("'%s' has no value"), key);
	return bilan_node_error(err, doc, map, _("missing key '%s'"), key);
}

int bilan_get_str(const struct bilan_doc *doc, const struct bilan_node *map,
		  const char *key, bool required, const char **out,
		  struct bilan_error *err)
{
	const struct bilan_node *v;
	char d[80];
	int rc = lookup(doc, map, key, required, &v, err);
	if (rc <= 0)
		return rc;
	if (v->type != BILAN_NODE_SCALAR)
		return bilan_node_error(err, doc, v, _("expected text, got %s"),
					describe(d, sizeof(d), v));
	*out = v->value;
	return 0;
}

int bilan_get_int(const struct bilan_doc *doc, const struct bilan_node *map,
		  const char *key, bool required, long long *out,
		  struct bilan_error *err)
{
	const struct bilan_node *v;
	char d[80];
	int rc = lookup(doc, map, key, required, &v, err);
	if (rc <= 0)
		return rc;
	const char *s = v->type == BILAN_NODE_SCALAR ? v->value : NULL;
	size_t i = s && (s[0] == '-' || s[0] == '+') ? 1 : 0;
	if (!s || !is_digit(s[i]) || !all_chars_in(s + i, v->len - i, "0123456789"))
		return bilan_node_error(err, doc, v, _("expected an integer, got %s"),
					describe(d, sizeof(d), v));
	if (v->kind != BILAN_SCALAR_PLAIN)
		return bilan_node_error(err, doc, v,
					_("expected an integer, got the text \"%s\" (remove the quotes)"),
					s);
	errno = 0;
	long long n = strtoll(s, NULL, 10);
	if (errno == ERANGE)
		return bilan_node_error(err, doc, v, _("integer out of range: %s"),
					describe(d, sizeof(d), v));
	*out = n;
	return 0;
}

int bilan_get_bool(const struct bilan_doc *doc, const struct bilan_node *map,
		   const char *key, bool required, bool *out,
		   struct bilan_error *err)
{
	const struct bilan_node *v;
	char d[80];
	int rc = lookup(doc, map, key, required, &v, err);
	if (rc <= 0)
		return rc;
	bool t = v->type == BILAN_NODE_SCALAR && eq_ci(v->value, v->len, "true");
	bool f = v->type == BILAN_NODE_SCALAR && eq_ci(v->value, v->len, "false");
	if (!t && !f)
		return bilan_node_error(err, doc, v,
					_("expected true or false, got %s"),
					describe(d, sizeof(d), v));
	if (v->kind != BILAN_SCALAR_PLAIN)
		return bilan_node_error(err, doc, v,
					_("expected true or false, got the text \"%s\" (remove the quotes)"),
					v->value);
	*out = t;
	return 0;
}

static int get_coll(const struct bilan_doc *doc, const struct bilan_node *map,
		    const char *key, bool required, struct bilan_node **out,
		    enum bilan_node_type type, struct bilan_error *err)
{
	const struct bilan_node *v;
	char d[80];
	if (key) {
		int rc = lookup(doc, map, key, required, &v, err);
		if (rc <= 0)
			return rc;
	} else {
		v = map ? map : doc->root;
		if (bilan_node_is_null(v)) {
			if (!required)
				return 0;
			return bilan_node_error(err, doc, v,
						type == BILAN_NODE_MAP
							? _("expected a mapping, got %s")
							: _("expected a list, got %s"),
						_("an empty document"));
		}
	}
	if (v->type != type)
		return bilan_node_error(err, doc, v,
					type == BILAN_NODE_MAP
						? _("expected a mapping, got %s")
						: _("expected a list, got %s"),
					describe(d, sizeof(d), v));
	*out = (struct bilan_node *)(uintptr_t)v;
	return 0;
}

int bilan_get_map(const struct bilan_doc *doc, const struct bilan_node *map,
		  const char *key, bool required, struct bilan_node **out,
		  struct bilan_error *err)
{
	return get_coll(doc, map, key, required, out, BILAN_NODE_MAP, err);
}

int bilan_get_seq(const struct bilan_doc *doc, const struct bilan_node *map,
		  const char *key, bool required, struct bilan_node **out,
		  struct bilan_error *err)
{
	return get_coll(doc, map, key, required, out, BILAN_NODE_SEQ, err);
}

/* ------------------------------------------------------------------ */
/* equality (merge.c, owner.c) */

static bool scalar_equal(const struct bilan_node *a, const struct bilan_node *b)
{
	return a->len == b->len && memcmp(a->value, b->value, a->len) == 0;
}

bool bilan_node_equal(const struct bilan_node *a, const struct bilan_node *b)
{
	if (!a || !b)
		return a == b;
	if (a->type != b->type)
		return false;
	if (a->type != BILAN_NODE_SCALAR && a->n != b->n)
		return false;
	switch (a->type) {
	case BILAN_NODE_SCALAR:
		return scalar_equal(a, b);
	case BILAN_NODE_SEQ:
		for (size_t i = 0; i < a->n; i++)
			if (!bilan_node_equal(a->items[i], b->items[i]))
				return false;
		return true;
	case BILAN_NODE_MAP:
		for (size_t i = 0; i < a->n; i++) {
			const struct bilan_node *bv = bilan_map_get(b, a->pairs[i].key->value);
			if (!bv || !bilan_node_equal(a->pairs[i].value, bv))
				return false;
		}
		return true;
	}
	return false;
}
