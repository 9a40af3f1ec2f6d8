/* yaml-tree.h - the one YAML layer of bilan (libyaml parser and emitter):
 * the tree of nodes bilan reads and writes (named apart from libyaml's
 * <yaml.h>, which lib/yaml-tree.c includes).
 *
 * Loading builds a tree of nodes that remember their 1-based line and column.
 * The loader refuses, with FILE:LINE:COL errors (code BILAN_EINVALID, or
 * BILAN_ETOOBIG for size):
 *   - anchors and aliases (no billion laughs),
 *   - nesting deeper than BILAN_YAML_MAX_DEPTH,
 *   - files larger than BILAN_YAML_MAX_BYTES (checked before reading them),
 *   - invalid UTF-8 and NUL bytes,
 *   - duplicate keys in a mapping, non-scalar keys,
 *   - tabs used for indentation (libyaml's own error),
 *   - more than one document in a file.
 * An empty file loads as a NULL root.
 *
 * Comments survive a rewrite (bilan-workspace(5), COMMENTS): the loader
 * keeps the header block (the comment lines at the top of the file) and the
 * comment lines at its end on the root node, the comment lines before a
 * mapping key and the comment at the end of its line on the key node; the
 * emitter writes them back at their key, wherever the key now is.  A
 * comment goes with its key: removed with it, moved with it.  Other
 * comments (beside an item of a list of plain values, inside a flow
 * collection) are dropped.
 *
 * Emitting writes canonical YAML: block style, keys in the tree's order
 * (loading keeps the file's order, so unknown keys survive a rewrite in place),
 * multi-line strings as literal blocks, strings that would read as another
 * type (yes, null, 1.0, 2026-11-27, "") quoted, UTF-8 written as is, no line
 * width limit.  The emitted text of a loaded tree re-loads to an equal tree.
 */
#ifndef BILAN_YAML_TREE_H
#define BILAN_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "errors.h"

#define BILAN_YAML_MAX_BYTES (4u * 1024u * 1024u)
#define BILAN_YAML_MAX_DEPTH 64

enum bilan_node_type { BILAN_NODE_SCALAR, BILAN_NODE_MAP, BILAN_NODE_SEQ };

/* How a scalar must be emitted / how it was written. */
enum bilan_scalar_kind {
	BILAN_SCALAR_STR,   /* a string: quoted on output if it would read as another type */
	BILAN_SCALAR_PLAIN, /* a number, bool, null or date written plain in the source */
};

struct bilan_pair;

struct bilan_node {
	enum bilan_node_type type;
	int line, col;               /* 1-based position in the source; 0 if built */
	/* scalar */
	char *value;                 /* NUL-terminated; may contain \n */
	size_t len;
	enum bilan_scalar_kind kind;
	/* sequence */
	struct bilan_node **items;
	/* mapping */
	struct bilan_pair *pairs;
	size_t n, alloc;             /* number of items or pairs */
	/* comments, each line "# ..." without its indentation, lines joined by
	 * \n; NULL when none.  On a mapping key: the comment lines before it
	 * and the comment at the end of its line; on the root: the header
	 * block and the comment lines at the end of the file. */
	char *comment, *eol;
};

struct bilan_pair {
	struct bilan_node *key;      /* always a scalar */
	struct bilan_node *value;
};

struct bilan_doc {
	char *path;                  /* as given to the loader; used in errors */
	struct bilan_node *root;     /* NULL for an empty file */
};

/* Load a file.  *out is the caller's (bilan_doc_free).  On error *out is NULL
 * and err has FILE:LINE:COL. */
int bilan_yaml_load_file(struct bilan_doc **out, const char *path,
			 struct bilan_error *err);
/* Same from memory; name is used in errors. */
int bilan_yaml_load_buffer(struct bilan_doc **out, const char *name,
			   const char *data, size_t len, struct bilan_error *err);
void bilan_doc_free(struct bilan_doc *doc);

/* Packed trees (yaml-pack.c): a loaded tree as bytes and back, for the
 * derived caches of files already parsed.  Unpacking gives a tree equal to
 * the one packed, positions and comments included; it checks every byte
 * (corrupt input is BILAN_EINVALID, nothing built, never a crash) and names
 * the document name, as the loader does. */
void bilan_yaml_pack(struct bilan_buf *out, const struct bilan_node *root);
int bilan_yaml_unpack(struct bilan_doc **out, const char *name, const void *data,
		      size_t len);

/* Emit canonical YAML text of a tree (a NULL root emits nothing). */
int bilan_yaml_emit(struct bilan_buf *out, const struct bilan_node *root,
		    struct bilan_error *err);

/* --- building and editing trees (all nodes are owned by their parent) --- */
struct bilan_node *bilan_node_map(void);
struct bilan_node *bilan_node_seq(void);
struct bilan_node *bilan_node_str(const char *s);           /* kind STR */
struct bilan_node *bilan_node_strn(const char *s, size_t n);
struct bilan_node *bilan_node_int(long long v);              /* kind PLAIN */
struct bilan_node *bilan_node_bool(bool v);                  /* kind PLAIN */
struct bilan_node *bilan_node_null(void);                    /* kind PLAIN "null" */
struct bilan_node *bilan_node_plain(const char *s);          /* kind PLAIN, as given */
struct bilan_node *bilan_node_clone(const struct bilan_node *n);
void bilan_node_free(struct bilan_node *n);

/* Set key to value (takes ownership of value).  An existing key keeps its
 * position and its old value is freed; a new key is appended. */
void bilan_map_set(struct bilan_node *map, const char *key, struct bilan_node *value);
void bilan_map_set_str(struct bilan_node *map, const char *key, const char *s);
void bilan_map_set_int(struct bilan_node *map, const char *key, long long v);
void bilan_map_set_bool(struct bilan_node *map, const char *key, bool v);
/* Returns true if the key existed (its comments go with it). */
bool bilan_map_remove(struct bilan_node *map, const char *key);
/* A mapping rebuilt from another (keys reordered, values cloned): give to
 * map the comments of from's root (when both are roots, root is true) and
 * of each key of from to the key of the same name in map, so that a comment
 * moves with its key. */
void bilan_map_keep_comments(struct bilan_node *map, const struct bilan_node *from, bool root);
/* Whether a tree holds a comment. */
bool bilan_node_has_comments(const struct bilan_node *n);
void bilan_seq_append(struct bilan_node *seq, struct bilan_node *item);

/* --- reading --- */
/* Borrowed pointer or NULL (also NULL when map is NULL or not a mapping). */
struct bilan_node *bilan_map_get(const struct bilan_node *map, const char *key);
/* Scalar value of map[key] or NULL if absent / not a scalar / null. */
const char *bilan_map_str(const struct bilan_node *map, const char *key);
bool bilan_node_is_null(const struct bilan_node *n);

/* Typed accessors with FILE:LINE:COL errors (BILAN_EINVALID), reporting the
 * node's position (or the map's when the key is missing).  When the key is
 * absent and !required they return 0 and leave *out unchanged.
 * String results are borrowed from the tree. */
int bilan_get_str(const struct bilan_doc *doc, const struct bilan_node *map,
		  const char *key, bool required, const char **out,
		  struct bilan_error *err);
int bilan_get_int(const struct bilan_doc *doc, const struct bilan_node *map,
		  const char *key, bool required, long long *out,
		  struct bilan_error *err);
int bilan_get_bool(const struct bilan_doc *doc, const struct bilan_node *map,
		   const char *key, bool required, bool *out,
		   struct bilan_error *err);
/* Expect a mapping / sequence at key (or the root when key is NULL). */
int bilan_get_map(const struct bilan_doc *doc, const struct bilan_node *map,
		  const char *key, bool required, struct bilan_node **out,
		  struct bilan_error *err);
int bilan_get_seq(const struct bilan_doc *doc, const struct bilan_node *map,
		  const char *key, bool required, struct bilan_node **out,
		  struct bilan_error *err);
/* Report an error at a node of a document (convenience for domain modules). */
int bilan_node_error(struct bilan_error *err, const struct bilan_doc *doc,
		     const struct bilan_node *node, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Write a tree atomically to an absolute path (see fs.h), mode 0600. */
int bilan_yaml_write_file(const char *path, const struct bilan_node *root,
			  struct bilan_error *err);

/* Deep equality of YAML trees, ignoring the order of mapping keys. */
bool bilan_node_equal(const struct bilan_node *a, const struct bilan_node *b);

#endif
