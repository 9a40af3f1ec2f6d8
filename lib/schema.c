/* schema.c - a JSON Schema 2020-12 subset validator over bilan_node trees
 * (see schema.h for the subset and for how YAML scalars get JSON types). */
#include "schema.h"

#include "buf.h"
#include "date.h"
#include "i18n.h"
#include "workspace.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_SCHEMA_DEPTH 128

struct pattern {
	const struct bilan_node *node;
	regex_t re;
};

struct bilan_schema {
	struct bilan_doc *doc;
	const struct bilan_node *defs;   /* root $defs or NULL */
	struct pattern *pats;
	size_t npats, alloc;
};

/* ------------------------------------------------------------------------ */
/* JSON types of YAML nodes                                                 */

enum jtype { J_NULL, J_BOOL, J_INT, J_NUM, J_STR, J_OBJ, J_ARR };

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool str_in(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

#define STR_IN(s, list) str_in((s), (list), sizeof(list) / sizeof((list)[0]))

/* [-+]?[0-9]+ */
static bool is_decimal_int(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!is_digit(*s))
		return false;
	while (is_digit(*s))
		s++;
	return *s == '\0';
}

/* YAML 1.2 core schema floats: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
 * and .inf/.nan. */
static bool is_float(const char *s)
{
	static const char *const special[] = {
		".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
		"-.INF", ".nan", ".NaN", ".NAN",
	};
	if (STR_IN(s, special))
		return true;
	if (*s == '-' || *s == '+')
		s++;
	bool digits = false;
	while (is_digit(*s)) {
		s++;
		digits = true;
	}
	if (*s == '.') {
		s++;
		while (is_digit(*s)) {
			s++;
			digits = true;
		}
	}
	if (!digits)
		return false;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		if (!is_digit(*s))
			return false;
		while (is_digit(*s))
			s++;
	}
	return *s == '\0';
}

static enum jtype jtype(const struct bilan_node *n)
{
	static const char *const bools[] = {
		"true", "True", "TRUE", "false", "False", "FALSE",
	};
	if (!n)
		return J_NULL;
	if (n->type == BILAN_NODE_MAP)
		return J_OBJ;
	if (n->type == BILAN_NODE_SEQ)
		return J_ARR;
	if (n->kind == BILAN_SCALAR_STR)
		return J_STR;
	if (bilan_node_is_null(n))
		return J_NULL;
	if (STR_IN(n->value, bools))
		return J_BOOL;
	if (is_decimal_int(n->value))
		return J_INT;
	if (is_float(n->value))
		return J_NUM;
	return J_STR; /* yes/no, timestamps, 0x10, 1.2.3: strings in YAML 1.2 */
}

static const char *const type_names[] = {
	[J_NULL] = "null", [J_BOOL] = "boolean", [J_INT] = "integer",
	[J_NUM] = "number", [J_STR] = "string", [J_OBJ] = "object",
	[J_ARR] = "array",
};

/* Words for messages. */
static const char *type_word(enum jtype t)
{
	switch (t) {
	case J_NULL: return _("nothing");
	case J_BOOL: return _("true or false");
	case J_INT: return _("an integer");
	case J_NUM: return _("a number");
	case J_STR: return _("text");
	case J_OBJ: return _("a mapping");
	case J_ARR: return _("a list");
	}
	return "?";
}

static int type_from_name(const char *s)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strcmp(s, type_names[i]) == 0)
			return (int)i;
	return -1;
}

static bool is_bool_node(const struct bilan_node *n)
{
	return n && jtype(n) == J_BOOL;
}

static bool bool_value(const struct bilan_node *n)
{
	return n->value[0] == 't' || n->value[0] == 'T';
}

/* A non-negative decimal integer written plain. */
static bool get_count(const struct bilan_node *n, long long *out)
{
	if (!n || jtype(n) != J_INT || n->value[0] == '-')
		return false;
	errno = 0;
	*out = strtoll(n->value, NULL, 10);
	return errno == 0;
}

static bool json_equal(const struct bilan_node *a, const struct bilan_node *b)
{
	enum jtype ta = jtype(a), tb = jtype(b);
	if ((ta == J_INT || ta == J_NUM) && (tb == J_INT || tb == J_NUM))
		return strtod(a->value, NULL) == strtod(b->value, NULL);
	if (ta != tb)
		return false;
	switch (ta) {
	case J_NULL:
		return true;
	case J_BOOL:
		return bool_value(a) == bool_value(b);
	case J_STR:
		return a->len == b->len && memcmp(a->value, b->value, a->len) == 0;
	case J_ARR:
		if (a->n != b->n)
			return false;
		for (size_t i = 0; i < a->n; i++)
			if (!json_equal(a->items[i], b->items[i]))
				return false;
		return true;
	case J_OBJ:
		if (a->n != b->n)
			return false;
		for (size_t i = 0; i < a->n; i++) {
			const struct bilan_node *v = bilan_map_get(b, a->pairs[i].key->value);
			if (!v || !json_equal(a->pairs[i].value, v))
				return false;
		}
		return true;
	default:
		return false;
	}
}

/* Short quote of a scalar for messages (no personal text beyond the token). */
static const char *quote(char *buf, size_t size, const struct bilan_node *n)
{
	if (!n || n->type != BILAN_NODE_SCALAR) {
		snprintf(buf, size, "%s", type_word(jtype(n)));
		return buf;
	}
	size_t max = size - 4 < 40 ? size - 4 : 40, len = 0;
	while (n->value[len] && n->value[len] != '\n' && len < max)
		len++;
	while (len > 0 && n->value[len] && ((unsigned char)n->value[len] & 0xC0) == 0x80)
		len--;
	snprintf(buf, size, "%.*s%s", (int)len, n->value,
		 n->value[len] ? "\xE2\x80\xA6" : "");
	return buf;
}

static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* ------------------------------------------------------------------------ */
/* Formats                                                                  */

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* YYYY-MM-DD, a real calendar day. */
static bool date_prefix_ok(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2))
		return false;
	int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

static bool format_date(const char *s)
{
	return strlen(s) == 10 && date_prefix_ok(s);
}

/* RFC 3339 date-time: the one rule of the date parser (lib/date.h). */
static bool format_date_time(const char *s)
{
	struct bilan_time t;
	return bilan_time_parse_iso(&t, s) && t.has_time;
}

static bool lower_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z');
}

/* [0-9]{8}T[0-9]{6}Z-[a-z0-9]{4} */
static bool format_bilan_id(const char *s)
{
	if (strlen(s) != 21 || !digits(s, 8) || s[8] != 'T' || !digits(s + 9, 6) ||
	    s[15] != 'Z' || s[16] != '-')
		return false;
	for (int i = 17; i < 21; i++)
		if (!lower_alnum(s[i]))
			return false;
	return true;
}

/* ^[a-z0-9]+(-[a-z0-9]+)*$, at most 48 characters */
static bool format_bilan_slug(const char *s)
{
	size_t len = strlen(s);
	if (len == 0 || len > 48 || s[0] == '-' || s[len - 1] == '-')
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '-' && s[i + 1] == '-')
			return false;
		if (s[i] != '-' && !lower_alnum(s[i]))
			return false;
	}
	return true;
}

/* "2h", "1h30", "45min" (what bilan_duration_format writes). */
static bool format_bilan_duration(const char *s)
{
	int n = 0;
	while (is_digit(s[n]))
		n++;
	if (n == 0 || n > 4)
		return false;
	s += n;
	if (strcmp(s, "min") == 0 || strcmp(s, "h") == 0)
		return true;
	return s[0] == 'h' && digits(s + 1, 2) && s[1] <= '5' && s[3] == '\0';
}

struct format {
	const char *name;
	bool (*check)(const char *s);
	const char *message; /* N_() with one %s */
};

static const struct format formats[] = {
	{ "date", format_date, N_("'%s' is not a date (YYYY-MM-DD)") },
	{ "date-time", format_date_time,
	  N_("'%s' is not a date and time (like 2026-11-27T14:30:00+01:00)") },
	{ "bilan-id", format_bilan_id,
	  N_("'%s' is not a record id (like 20261127T143000Z-a1b2)") },
	{ "bilan-slug", format_bilan_slug,
	  N_("'%s' is not a short name (lowercase letters, digits and hyphens, at most 48)") },
	{ "bilan-duration", format_bilan_duration,
	  N_("'%s' is not a duration (like 2h, 1h30 or 45min)") },
};

static const struct format *find_format(const char *name)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

/* ------------------------------------------------------------------------ */
/* Loading and checking a schema                                            */

static const char *const annotations[] = {
	"title", "description", "$schema", "$id", "examples", "default",
	"$comment", "deprecated", "markdownDescription",
};

struct loadctx {
	struct bilan_schema *schema;
	struct bilan_error *err;
};

static int schema_error(struct loadctx *lc, const struct bilan_node *n,
			const char *fmt, const char *arg)
{
	return bilan_node_error(lc->err, lc->schema->doc, n, fmt, arg);
}

static int check_schema(struct loadctx *lc, const struct bilan_node *s, int depth);

static int check_schema_list(struct loadctx *lc, const char *kw,
			     const struct bilan_node *v, int depth)
{
	if (v->type != BILAN_NODE_SEQ || v->n == 0)
		return schema_error(lc, v, _("invalid value for '%s'"), kw);
	for (size_t i = 0; i < v->n; i++) {
		int rc = check_schema(lc, v->items[i], depth + 1);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int check_schema_map(struct loadctx *lc, const char *kw,
			    const struct bilan_node *v, int depth)
{
	if (v->type != BILAN_NODE_MAP)
		return schema_error(lc, v, _("invalid value for '%s'"), kw);
	for (size_t i = 0; i < v->n; i++) {
		int rc = check_schema(lc, v->pairs[i].value, depth + 1);
		if (rc < 0)
			return rc;
	}
	return 0;
}


/* The patterns of JSON Schema are ECMA-262 regular expressions; regcomp
 * reads POSIX EREs.  Translate the common part, and refuse the rest (so a
 * pattern means the same here and in any standard validator): outside a
 * class, \d \D \s \S \w \W become classes and an escaped character
 * stays escaped; inside a class, the escapes \] \\ \- \^ \[ \/ and
 * \d \s \w are spelled as POSIX wants them (']' first, '-' last).
 * Lookarounds, back-references, \b, \u and lazy quantifiers are
 * refused.  False when the pattern is not in that part. */
#define ECMA_SPACE " \t\n\r\f\v"
static bool ecma_to_posix(struct bilan_buf *out, const char *p)
{
	while (*p) {
		char c = *p++;
		if (c == '(' && *p == '?')
			return false;                 /* lookaround, named group */
		if ((c == '*' || c == '+' || c == '?' || c == '}') && *p == '?')
			return false;                 /* lazy quantifier */
		if (c == '\\') {
			char e = *p++;
			switch (e) {
			case 'd': bilan_buf_puts(out, "[0-9]"); break;
			case 'D': bilan_buf_puts(out, "[^0-9]"); break;
			case 's': bilan_buf_puts(out, "[" ECMA_SPACE "]"); break;
			case 'S': bilan_buf_puts(out, "[^" ECMA_SPACE "]"); break;
			case 'w': bilan_buf_puts(out, "[A-Za-z0-9_]"); break;
			case 'W': bilan_buf_puts(out, "[^A-Za-z0-9_]"); break;
			case 'n': bilan_buf_putc(out, '\n'); break;
			case 'r': bilan_buf_putc(out, '\r'); break;
			case 't': bilan_buf_putc(out, '\t'); break;
			case 'f': bilan_buf_putc(out, '\f'); break;
			case 'v': bilan_buf_putc(out, '\v'); break;
			default:
				/* an escaped punctuation character is itself */
				if (!e || !strchr("^$\\.*+?()[]{}|/-", e))
					return false;
				if (e == '/' || e == '-')
					bilan_buf_putc(out, e);
				else {
					bilan_buf_putc(out, '\\');
					bilan_buf_putc(out, e);
				}
			}
			continue;
		}
		if (c != '[') {
			bilan_buf_putc(out, c);
			continue;
		}
		/* a class: gather its members, then write them POSIX's way */
		bool neg = *p == '^', close = false, dash = false, caret = false;
		if (neg)
			p++;
		struct bilan_buf m = BILAN_BUF_INIT;
		bool ended = false;
		while (*p) {
			char d = *p++;
			if (d == ']') {
				ended = true;
				break;
			}
			if (d == '[' && (*p == ':' || *p == '.' || *p == '=')) {
				bilan_buf_clear(&m);
				return false;             /* POSIX syntax, not ECMA */
			}
			if (d == '\\') {
				char e = *p++;
				switch (e) {
				case ']': close = true; break;
				case '-': dash = true; break;
				case '^': caret = true; break;
				case 'd': bilan_buf_puts(&m, "0-9"); break;
				case 's': bilan_buf_puts(&m, ECMA_SPACE); break;
				case 'w': bilan_buf_puts(&m, "A-Za-z0-9_"); break;
				case 'n': bilan_buf_putc(&m, '\n'); break;
				case 'r': bilan_buf_putc(&m, '\r'); break;
				case 't': bilan_buf_putc(&m, '\t'); break;
				case 'f': bilan_buf_putc(&m, '\f'); break;
				case 'v': bilan_buf_putc(&m, '\v'); break;
				default:
					if (!e || !strchr("\\[/.*+?(){}|$", e)) {
						bilan_buf_clear(&m);
						return false;
					}
					bilan_buf_putc(&m, e);
				}
				continue;
			}
			if (d == '^' && m.len == 0)
				caret = true;             /* not first in POSIX */
			else if (d == '-' && (m.len == 0 || *p == ']'))
				dash = true;
			else
				bilan_buf_putc(&m, d);
		}
		if (!ended || (!m.len && !close && !dash && !caret)) {
			bilan_buf_clear(&m);
			return false;                     /* unclosed, or [] [^] */
		}
		bilan_buf_putc(out, '[');
		if (neg)
			bilan_buf_putc(out, '^');
		if (close)
			bilan_buf_putc(out, ']');
		bilan_buf_puts(out, bilan_buf_cstr(&m));
		if (caret)
			bilan_buf_putc(out, '^');
		if (dash)
			bilan_buf_putc(out, '-');
		bilan_buf_putc(out, ']');
		bilan_buf_clear(&m);
	}
	return true;
}

static int check_keyword(struct loadctx *lc, const char *kw,
			 const struct bilan_node *v, int depth)
{
	static const char *const counts[] = {
		"minItems", "maxItems", "minLength", "maxLength",
	};
	long long count;

	if (STR_IN(kw, annotations) || strcmp(kw, "const") == 0)
		return 0;
	if (strcmp(kw, "type") == 0) {
		if (v->type == BILAN_NODE_SCALAR && type_from_name(v->value) >= 0)
			return 0;
		if (v->type == BILAN_NODE_SEQ && v->n > 0) {
			for (size_t i = 0; i < v->n; i++)
				if (v->items[i]->type != BILAN_NODE_SCALAR ||
				    type_from_name(v->items[i]->value) < 0)
					return schema_error(lc, v->items[i],
							    _("invalid value for '%s'"), kw);
			return 0;
		}
		return schema_error(lc, v, _("invalid value for '%s'"), kw);
	}
	if (strcmp(kw, "properties") == 0 || strcmp(kw, "$defs") == 0)
		return check_schema_map(lc, kw, v, depth);
	if (strcmp(kw, "anyOf") == 0 || strcmp(kw, "oneOf") == 0 ||
	    strcmp(kw, "allOf") == 0)
		return check_schema_list(lc, kw, v, depth);
	if (strcmp(kw, "items") == 0 || strcmp(kw, "additionalProperties") == 0)
		return check_schema(lc, v, depth + 1);
	if (strcmp(kw, "required") == 0 || strcmp(kw, "enum") == 0) {
		if (v->type != BILAN_NODE_SEQ)
			return schema_error(lc, v, _("invalid value for '%s'"), kw);
		if (kw[0] == 'r')
			for (size_t i = 0; i < v->n; i++)
				if (v->items[i]->type != BILAN_NODE_SCALAR)
					return schema_error(lc, v->items[i],
							    _("invalid value for '%s'"), kw);
		return 0;
	}
	if (STR_IN(kw, counts)) {
		if (!get_count(v, &count))
			return schema_error(lc, v, _("invalid value for '%s'"), kw);
		return 0;
	}
	if (strcmp(kw, "uniqueItems") == 0) {
		if (!is_bool_node(v))
			return schema_error(lc, v, _("invalid value for '%s'"), kw);
		return 0;
	}
	if (strcmp(kw, "minimum") == 0 || strcmp(kw, "maximum") == 0) {
		enum jtype t = jtype(v);
		if (t != J_INT && t != J_NUM)
			return schema_error(lc, v, _("invalid value for '%s'"), kw);
		return 0;
	}
	if (strcmp(kw, "format") == 0) {
		if (v->type != BILAN_NODE_SCALAR || !find_format(v->value))
			return schema_error(lc, v, _("unknown format '%s'"),
					    v->type == BILAN_NODE_SCALAR ? v->value : "");
		return 0;
	}
	if (strcmp(kw, "pattern") == 0) {
		if (v->type != BILAN_NODE_SCALAR)
			return schema_error(lc, v, _("invalid value for '%s'"), kw);
		struct bilan_schema *sc = lc->schema;
		BILAN_ALLOC_GROW(sc->pats, sc->npats + 1, sc->alloc);
		struct pattern *p = &sc->pats[sc->npats];
		struct bilan_buf posix = BILAN_BUF_INIT;
		bool ok = ecma_to_posix(&posix, v->value) &&
			  regcomp(&p->re, bilan_buf_cstr(&posix), REG_EXTENDED | REG_NOSUB) == 0;
		bilan_buf_clear(&posix);
		if (!ok)
			return schema_error(lc, v, _("invalid pattern '%s' (ECMA-262: see bilan-workspace(5))"),
					    v->value);
		p->node = v;
		sc->npats++;
		return 0;
	}
	if (strcmp(kw, "$ref") == 0) {
		const char *prefix = "#/$defs/";
		if (v->type != BILAN_NODE_SCALAR ||
		    strncmp(v->value, prefix, strlen(prefix)) != 0 ||
		    !bilan_map_get(lc->schema->defs, v->value + strlen(prefix)))
			return schema_error(lc, v, _("unresolved reference '%s'"),
					    v->type == BILAN_NODE_SCALAR ? v->value : "");
		return 0;
	}
	return -1; /* unknown */
}

static int check_schema(struct loadctx *lc, const struct bilan_node *s, int depth)
{
	if (depth > MAX_SCHEMA_DEPTH)
		return schema_error(lc, s, "%s", _("schema nested too deeply"));
	if (is_bool_node(s))
		return 0;
	if (!s || s->type != BILAN_NODE_MAP)
		return schema_error(lc, s, "%s", _("a schema must be a mapping"));
	for (size_t i = 0; i < s->n; i++) {
		const char *kw = s->pairs[i].key->value;
		const struct bilan_node *v = s->pairs[i].value;
		if (!v)
			return schema_error(lc, s->pairs[i].key,
					    _("invalid value for '%s'"), kw);
		int rc = check_keyword(lc, kw, v, depth);
		if (rc == -1)
			return schema_error(lc, s->pairs[i].key,
					    _("unsupported schema keyword '%s'"), kw);
		if (rc < 0)
			return rc;
	}
	return 0;
}

void bilan_schema_free(struct bilan_schema *schema)
{
	if (!schema)
		return;
	for (size_t i = 0; i < schema->npats; i++)
		regfree(&schema->pats[i].re);
	free(schema->pats);
	bilan_doc_free(schema->doc);
	free(schema);
}

int bilan_schema_load(struct bilan_schema **out, const char *path,
		      struct bilan_error *err)
{
	struct bilan_schema *sc = bilan_xcalloc(1, sizeof(*sc));
	struct loadctx lc = { sc, err };
	int rc;

	*out = NULL;
	rc = bilan_yaml_load_file(&sc->doc, path, err);
	if (rc < 0)
		goto out;
	if (!sc->doc->root || sc->doc->root->type != BILAN_NODE_MAP) {
		rc = schema_error(&lc, sc->doc->root, "%s",
				  _("a schema must be a mapping"));
		goto out;
	}
	sc->defs = bilan_map_get(sc->doc->root, "$defs");
	rc = check_schema(&lc, sc->doc->root, 0);
	if (rc < 0)
		goto out;
	*out = sc;
	sc = NULL;
out:
	bilan_schema_free(sc);
	return rc;
}

/* Loaded schemas, kept for the life of the process (reachable from here). */
static struct cached {
	char *name;
	struct bilan_schema *schema;
} *cache;
static size_t ncache, acache;

int bilan_schema_get(const struct bilan_schema **out, const char *name,
		     struct bilan_error *err)
{
	*out = NULL;
	for (size_t i = 0; i < ncache; i++) {
		if (strcmp(cache[i].name, name) == 0) {
			*out = cache[i].schema;
			return 0;
		}
	}
	if (!format_bilan_slug(name))
		return bilan_error_set(err, BILAN_EINVALID, _("unknown schema '%s'"),
				       name);
	char *rel = bilan_xasprintf("%s.schema.yaml", name);
	char *path = bilan_schema_path(rel);
	struct bilan_schema *sc;
	int rc = bilan_schema_load(&sc, path, err);
	free(rel);
	free(path);
	if (rc < 0)
		return rc;
	BILAN_ALLOC_GROW(cache, ncache + 1, acache);
	cache[ncache].name = bilan_xstrdup(name);
	cache[ncache].schema = sc;
	ncache++;
	*out = sc;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Validation                                                               */

struct vctx {
	const struct bilan_schema *schema;
	const struct bilan_doc *doc;
	struct bilan_diags *diags;
	int depth;
};

__attribute__((format(printf, 4, 5)))
static void diag(struct vctx *c, enum bilan_severity sev, const struct bilan_node *at,
		 const char *fmt, ...)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	bilan_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	bilan_diags_add(c->diags, sev, c->doc->path, at ? at->line : 0,
			at ? at->col : 0, "%s", bilan_buf_cstr(&b));
	bilan_buf_clear(&b);
}

static const struct bilan_node *resolve_ref(const struct bilan_schema *sc,
					    const struct bilan_node *ref)
{
	return bilan_map_get(sc->defs, ref->value + strlen("#/$defs/"));
}

static const regex_t *find_pattern(const struct bilan_schema *sc,
				   const struct bilan_node *n)
{
	for (size_t i = 0; i < sc->npats; i++)
		if (sc->pats[i].node == n)
			return &sc->pats[i].re;
	return NULL;
}

/* Whether a key is declared by the schema or by the schemas it applies to
 * the same instance ($ref, allOf, anyOf, oneOf).  *described is set when any
 * of them has "properties" (a free-form object warns about nothing). */
static bool key_known(const struct bilan_schema *sc, const struct bilan_node *s,
		      const char *key, bool *described, int depth)
{
	static const char *const applicators[] = { "allOf", "anyOf", "oneOf" };
	if (!s || s->type != BILAN_NODE_MAP || depth > 32)
		return false;
	const struct bilan_node *props = bilan_map_get(s, "properties");
	if (props) {
		*described = true;
		if (bilan_map_get(props, key))
			return true;
	}
	const struct bilan_node *ref = bilan_map_get(s, "$ref");
	if (ref && key_known(sc, resolve_ref(sc, ref), key, described, depth + 1))
		return true;
	for (size_t a = 0; a < sizeof(applicators) / sizeof(applicators[0]); a++) {
		const struct bilan_node *l = bilan_map_get(s, applicators[a]);
		for (size_t i = 0; l && i < l->n; i++)
			if (key_known(sc, l->items[i], key, described, depth + 1))
				return true;
	}
	return false;
}

static void validate(struct vctx *c, const struct bilan_node *s,
		     const struct bilan_node *inst, bool applied);

/* Validate into a separate list; returns the number of errors. */
static size_t validate_branch(struct vctx *c, const struct bilan_node *s,
			      const struct bilan_node *inst, struct bilan_diags *into)
{
	struct vctx sub = *c;
	sub.diags = into;
	validate(&sub, s, inst, true);
	return bilan_diags_count(into, BILAN_SEV_ERROR);
}

static void diags_move(struct bilan_diags *to, struct bilan_diags *from)
{
	for (size_t i = 0; i < from->n; i++) {
		struct bilan_diag *d = &from->v[i];
		bilan_diags_add(to, d->severity, d->file, d->line, d->col, "%s",
				d->message);
	}
	bilan_diags_clear(from);
}

static void check_type(struct vctx *c, const struct bilan_node *tv,
		       const struct bilan_node *inst)
{
	enum jtype t = jtype(inst);
	struct bilan_buf want = BILAN_BUF_INIT;
	bool wants_str = false;
	size_t n = tv->type == BILAN_NODE_SEQ ? tv->n : 1;

	for (size_t i = 0; i < n; i++) {
		const struct bilan_node *one = tv->type == BILAN_NODE_SEQ ? tv->items[i] : tv;
		int w = type_from_name(one->value);
		if ((enum jtype)w == t || (w == J_NUM && t == J_INT))
			goto out;
		if (w == J_STR)
			wants_str = true;
		if (i > 0)
			bilan_buf_puts(&want, _(" or "));
		bilan_buf_puts(&want, type_word((enum jtype)w));
	}
	if (wants_str && (t == J_INT || t == J_NUM || t == J_BOOL))
		diag(c, BILAN_SEV_ERROR, inst,
		     _("expected %s, got %s (put it in quotes to make it text)"),
		     bilan_buf_cstr(&want), type_word(t));
	else
		diag(c, BILAN_SEV_ERROR, inst, _("expected %s, got %s"),
		     bilan_buf_cstr(&want), type_word(t));
out:
	bilan_buf_clear(&want);
}

/* When a scalar differs from an expected one only by its quotes, say so:
 * 1 if quotes should be removed, 2 if they should be added, 0 otherwise. */
static int quote_hint(const struct bilan_node *want, const struct bilan_node *inst)
{
	if (!want || !inst || want->type != BILAN_NODE_SCALAR ||
	    inst->type != BILAN_NODE_SCALAR || want->len != inst->len ||
	    memcmp(want->value, inst->value, inst->len) != 0)
		return 0;
	if (inst->kind == BILAN_SCALAR_STR && jtype(want) != J_STR)
		return 1;
	if (inst->kind == BILAN_SCALAR_PLAIN && jtype(want) == J_STR)
		return 2;
	return 0;
}

static void check_enum(struct vctx *c, const struct bilan_node *ev,
		       const struct bilan_node *inst)
{
	struct bilan_buf list = BILAN_BUF_INIT;
	char q[80];
	int hint = 0;
	for (size_t i = 0; i < ev->n; i++)
		if (json_equal(ev->items[i], inst))
			return;
	for (size_t i = 0; i < ev->n; i++) {
		if (i > 0)
			bilan_buf_puts(&list, ", ");
		bilan_buf_puts(&list, quote(q, sizeof(q), ev->items[i]));
		if (!hint)
			hint = quote_hint(ev->items[i], inst);
	}
	quote(q, sizeof(q), inst);
	if (hint == 1)
		diag(c, BILAN_SEV_ERROR, inst,
		     _("'%s' is not one of: %s (remove the quotes)"), q,
		     bilan_buf_cstr(&list));
	else if (hint == 2)
		diag(c, BILAN_SEV_ERROR, inst,
		     _("'%s' is not one of: %s (put it in quotes)"), q,
		     bilan_buf_cstr(&list));
	else
		diag(c, BILAN_SEV_ERROR, inst, _("'%s' is not one of: %s"), q,
		     bilan_buf_cstr(&list));
	bilan_buf_clear(&list);
}

static void check_const(struct vctx *c, const struct bilan_node *want,
			const struct bilan_node *inst)
{
	char q1[80], q2[80];
	if (json_equal(want, inst))
		return;
	if (want->type != BILAN_NODE_SCALAR || !inst || inst->type != BILAN_NODE_SCALAR) {
		diag(c, BILAN_SEV_ERROR, inst, "%s", _("does not have the expected value"));
		return;
	}
	quote(q1, sizeof(q1), want);
	quote(q2, sizeof(q2), inst);
	switch (quote_hint(want, inst)) {
	case 1:
		diag(c, BILAN_SEV_ERROR, inst,
		     _("expected '%s', got '%s' (remove the quotes)"), q1, q2);
		break;
	case 2:
		diag(c, BILAN_SEV_ERROR, inst,
		     _("expected '%s', got '%s' (put it in quotes)"), q1, q2);
		break;
	default:
		diag(c, BILAN_SEV_ERROR, inst, _("expected '%s', got '%s'"), q1, q2);
	}
}

/* Order scalars for uniqueItems. */
static int scalar_cmp(const void *pa, const void *pb)
{
	const struct bilan_node *a = *(const struct bilan_node *const *)pa;
	const struct bilan_node *b = *(const struct bilan_node *const *)pb;
	enum jtype ta = jtype(a), tb = jtype(b);
	if (ta == J_INT)
		ta = J_NUM;
	if (tb == J_INT)
		tb = J_NUM;
	int r = (int)ta - (int)tb;
	if (r == 0) {
		if (ta == J_NUM) {
			double x = strtod(a->value, NULL), y = strtod(b->value, NULL);
			r = x < y ? -1 : x > y;
		} else if (ta == J_BOOL) {
			r = (int)bool_value(a) - (int)bool_value(b);
		} else if (ta == J_STR) {
			r = strcmp(a->value, b->value);
		}
	}
	if (r == 0) /* keep source order among equals */
		r = a->line != b->line ? a->line - b->line : a->col - b->col;
	return r;
}

static void check_unique(struct vctx *c, const struct bilan_node *inst)
{
	bool scalars = true;
	for (size_t i = 0; i < inst->n; i++)
		if (inst->items[i]->type != BILAN_NODE_SCALAR)
			scalars = false;
	if (!scalars) {
		for (size_t i = 1; i < inst->n; i++)
			for (size_t j = 0; j < i; j++)
				if (json_equal(inst->items[i], inst->items[j])) {
					diag(c, BILAN_SEV_ERROR, inst->items[i],
					     _("duplicate item (first at line %d)"),
					     inst->items[j]->line);
					break;
				}
		return;
	}
	const struct bilan_node **v = bilan_xcalloc(inst->n, sizeof(*v));
	for (size_t i = 0; i < inst->n; i++)
		v[i] = inst->items[i];
	qsort(v, inst->n, sizeof(*v), scalar_cmp);
	size_t first = 0;
	for (size_t i = 1; i < inst->n; i++) {
		if (json_equal(v[first], v[i]))
			diag(c, BILAN_SEV_ERROR, v[i],
			     _("duplicate item (first at line %d)"), v[first]->line);
		else
			first = i;
	}
	free(v);
}

static void check_object(struct vctx *c, const struct bilan_node *s,
			 const struct bilan_node *inst, bool applied)
{
	const struct bilan_node *props = bilan_map_get(s, "properties");
	const struct bilan_node *req = bilan_map_get(s, "required");
	const struct bilan_node *add = bilan_map_get(s, "additionalProperties");

	for (size_t i = 0; req && i < req->n; i++)
		if (!bilan_map_get(inst, req->items[i]->value))
			diag(c, BILAN_SEV_ERROR, inst, _("missing key '%s'"),
			     req->items[i]->value);

	for (size_t i = 0; i < inst->n; i++) {
		const struct bilan_node *key = inst->pairs[i].key;
		const struct bilan_node *val = inst->pairs[i].value;
		const struct bilan_node *ps = bilan_map_get(props, key->value);
		if (ps) {
			validate(c, ps, val, false);
			continue;
		}
		bool described = props != NULL;
		if (add && is_bool_node(add) && !bool_value(add)) {
			if (!key_known(c->schema, s, key->value, &described, 0))
				diag(c, BILAN_SEV_ERROR, key, _("unknown key '%s'"),
				     key->value);
		} else if (add) {
			if (!is_bool_node(add))
				validate(c, add, val, false);
		} else if (!applied &&
			   !key_known(c->schema, s, key->value, &described, 0) &&
			   described) {
			diag(c, BILAN_SEV_WARNING, key, _("unknown key '%s'"),
			     key->value);
		}
	}
}

static void check_string(struct vctx *c, const struct bilan_node *s,
			 const struct bilan_node *inst)
{
	char q[80];
	const struct bilan_node *v;
	long long lim;
	size_t chars = utf8_chars(inst->value, inst->len);

	if ((v = bilan_map_get(s, "minLength")) && get_count(v, &lim) &&
	    chars < (unsigned long long)lim)
		diag(c, BILAN_SEV_ERROR, inst,
		     P_("text shorter than %lld character", "text shorter than %lld characters",
			(unsigned long)lim),
		     lim);
	if ((v = bilan_map_get(s, "maxLength")) && get_count(v, &lim) &&
	    chars > (unsigned long long)lim)
		diag(c, BILAN_SEV_ERROR, inst,
		     P_("text longer than %lld character", "text longer than %lld characters",
			(unsigned long)lim),
		     lim);
	if ((v = bilan_map_get(s, "pattern"))) {
		const regex_t *re = find_pattern(c->schema, v);
		if (re && regexec(re, inst->value, 0, NULL, 0) != 0)
			diag(c, BILAN_SEV_ERROR, inst,
			     _("'%s' does not match the pattern '%s'"),
			     quote(q, sizeof(q), inst), v->value);
	}
	if ((v = bilan_map_get(s, "format"))) {
		const struct format *f = find_format(v->value);
		if (f && !f->check(inst->value))
			diag(c, BILAN_SEV_ERROR, inst, _(f->message),
			     quote(q, sizeof(q), inst));
	}
}

static void check_number(struct vctx *c, const struct bilan_node *s,
			 const struct bilan_node *inst)
{
	const struct bilan_node *v;
	double x = strtod(inst->value, NULL);
	if ((v = bilan_map_get(s, "minimum")) && x < strtod(v->value, NULL))
		diag(c, BILAN_SEV_ERROR, inst, _("%s is less than the minimum %s"),
		     inst->value, v->value);
	if ((v = bilan_map_get(s, "maximum")) && x > strtod(v->value, NULL))
		diag(c, BILAN_SEV_ERROR, inst, _("%s is greater than the maximum %s"),
		     inst->value, v->value);
}

static void check_array(struct vctx *c, const struct bilan_node *s,
			const struct bilan_node *inst)
{
	const struct bilan_node *v;
	long long lim;
	if ((v = bilan_map_get(s, "minItems")) && get_count(v, &lim) &&
	    inst->n < (unsigned long long)lim)
		diag(c, BILAN_SEV_ERROR, inst,
		     P_("at least %lld item expected, got %zu",
			"at least %lld items expected, got %zu", (unsigned long)lim),
		     lim, inst->n);
	if ((v = bilan_map_get(s, "maxItems")) && get_count(v, &lim) &&
	    inst->n > (unsigned long long)lim)
		diag(c, BILAN_SEV_ERROR, inst,
		     P_("at most %lld item expected, got %zu",
			"at most %lld items expected, got %zu", (unsigned long)lim),
		     lim, inst->n);
	if ((v = bilan_map_get(s, "uniqueItems")) && bool_value(v))
		check_unique(c, inst);
	if ((v = bilan_map_get(s, "items")))
		for (size_t i = 0; i < inst->n; i++)
			validate(c, v, inst->items[i], false);
}

static void check_alternatives(struct vctx *c, const struct bilan_node *list,
			       const struct bilan_node *inst, bool one)
{
	struct bilan_diags best = BILAN_DIAGS_INIT, chosen = BILAN_DIAGS_INIT;
	size_t best_errors = (size_t)-1, matches = 0;

	for (size_t i = 0; i < list->n; i++) {
		struct bilan_diags d = BILAN_DIAGS_INIT;
		size_t errors = validate_branch(c, list->items[i], inst, &d);
		if (errors == 0) {
			if (matches++ == 0) {
				chosen = d;
				continue;
			}
		} else if (errors < best_errors) {
			bilan_diags_clear(&best);
			best = d;
			best_errors = errors;
			continue;
		}
		bilan_diags_clear(&d);
	}
	if (matches == 0) {
		/* Report the closest alternative's problems. */
		diags_move(c->diags, &best);
	} else if (one && matches > 1) {
		diag(c, BILAN_SEV_ERROR, inst, "%s",
		     _("matches more than one of the allowed forms"));
	} else {
		diags_move(c->diags, &chosen); /* its warnings */
	}
	bilan_diags_clear(&best);
	bilan_diags_clear(&chosen);
}

static void validate(struct vctx *c, const struct bilan_node *s,
		     const struct bilan_node *inst, bool applied)
{
	const struct bilan_node *v;

	if (is_bool_node(s)) {
		if (!bool_value(s))
			diag(c, BILAN_SEV_ERROR, inst, "%s", _("not allowed here"));
		return;
	}
	if (!s || s->type != BILAN_NODE_MAP)
		return;
	if (c->depth >= MAX_SCHEMA_DEPTH) {
		diag(c, BILAN_SEV_ERROR, inst, "%s", _("schema nested too deeply"));
		return;
	}
	c->depth++;

	enum jtype t = jtype(inst);
	if ((v = bilan_map_get(s, "type"))) {
		size_t before = bilan_diags_count(c->diags, BILAN_SEV_ERROR);
		check_type(c, v, inst);
		/* A value of the wrong type: the other keywords would only
		 * repeat the problem. */
		if (bilan_diags_count(c->diags, BILAN_SEV_ERROR) > before)
			goto out;
	}
	if ((v = bilan_map_get(s, "const")))
		check_const(c, v, inst);
	if ((v = bilan_map_get(s, "enum")))
		check_enum(c, v, inst);
	if (t == J_OBJ)
		check_object(c, s, inst, applied);
	else if (t == J_ARR)
		check_array(c, s, inst);
	else if (t == J_STR)
		check_string(c, s, inst);
	else if (t == J_INT || t == J_NUM)
		check_number(c, s, inst);
	if ((v = bilan_map_get(s, "$ref")))
		validate(c, resolve_ref(c->schema, v), inst, true);
	if ((v = bilan_map_get(s, "allOf")))
		for (size_t i = 0; i < v->n; i++)
			validate(c, v->items[i], inst, true);
	if ((v = bilan_map_get(s, "anyOf")))
		check_alternatives(c, v, inst, false);
	if ((v = bilan_map_get(s, "oneOf")))
		check_alternatives(c, v, inst, true);
out:
	c->depth--;
}

size_t bilan_schema_validate(const struct bilan_schema *schema,
			     const struct bilan_doc *doc, struct bilan_diags *diags)
{
	struct vctx c = { schema, doc, diags, 0 };
	size_t before = bilan_diags_count(diags, BILAN_SEV_ERROR);
	validate(&c, schema->doc->root, doc->root, false);
	return bilan_diags_count(diags, BILAN_SEV_ERROR) - before;
}

/* ------------------------------------------------------------------------ */
/* Which schema for which file                                              */

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* rel is DIR/NAME.yaml with NAME a plain file name (depth 0) or
 * DIR/A/.../NAME.yaml with at least min_sub and at most max_sub folders. */
static bool under(const char *rel, const char *dir, int min_sub, int max_sub)
{
	size_t n = strlen(dir);
	if (strncmp(rel, dir, n) != 0 || rel[n] != '/')
		return false;
	const char *p = rel + n + 1;
	int subs = 0;
	for (;;) {
		const char *slash = strchr(p, '/');
		if (p[0] == '\0' || p[0] == '.' || p == slash)
			return false; /* empty component, hidden file, ".." */
		if (!slash)
			break;
		subs++;
		p = slash + 1;
	}
	if (subs < min_sub || subs > max_sub)
		return false;
	return has_suffix(p, ".yaml") && strlen(p) > strlen(".yaml");
}

const char *bilan_schema_for_path(const char *rel)
{
	static const struct {
		const char *dir;
		int min_sub, max_sub;
		const char *schema;
	} dirs[] = {
		{ "journal", 0, 64, "journal-entry" },
		{ "private/journal", 0, 64, "journal-entry" },
		{ "tests", 1, 1, "test-result" },
		{ "private/tests", 0, 64, "test-result" },
		{ "questionnaires", 0, 0, "questionnaire" },
		{ "guides", 0, 0, "guide" },
		{ "pistes", 0, 0, "piste" },
		{ "enquetes", 0, 0, "enquete" },
		{ "private/contacts", 0, 0, "contact" },
		{ "seances", 0, 0, "seance" },
		{ "todo", 0, 0, "todo" },
	};
	if (!rel)
		return NULL;
	if (strcmp(rel, "bilan.yaml") == 0)
		return "workspace";
	if (strcmp(rel, "partage.yaml") == 0)
		return "partage";
	if (!strcmp(rel, "conflits.yaml") || !strcmp(rel, "resume.yaml")) return rel[0] == 'c' ? "conflits" : "resume";
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (under(rel, dirs[i].dir, dirs[i].min_sub, dirs[i].max_sub))
			return dirs[i].schema;
	return NULL;
}
