/* fuzz-yaml.c - libFuzzer target for the YAML loader (lib/yaml-tree.c) and the
 * schema validator (lib/schema.c).
 *
 * Invariants checked on every input:
 *   - the loader either refuses with a located error (BILAN_EINVALID or
 *     BILAN_ETOOBIG, a message, line/col >= 1 when given) or gives a tree;
 *   - a tree is at most BILAN_YAML_MAX_DEPTH deep, every scalar is valid
 *     UTF-8 without NUL, mapping keys are unique;
 *   - emitting it gives text that loads again to an equal tree (same types,
 *     keys in the same order and text, same scalar bytes, and the same kind
 *     or at least the same JSON type under the YAML 1.2 core schema), and
 *     that text is a fixed point of load + emit;
 *   - validating the tree against every shipped schema never crashes and
 *     reports every problem with a file name and a message;
 *   - packing the tree (yaml-pack.c) and unpacking it gives the very same
 *     tree (positions, kinds and comments included);
 *   - the input itself, read as a packed tree, is refused or gives a tree
 *     that keeps the invariants above and packs to bytes that unpack to it.
 * Built by tests/fuzz/run (libFuzzer) and by meson as tests/fuzz/replay-yaml
 * (replays tests/fuzz/corpus/yaml/). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "schema.h"
#include "text.h"
#include "yaml-tree.h"

#ifndef FUZZ_SCHEMA_DIR
#define FUZZ_SCHEMA_DIR "schemas"
#endif

#define CHECK(c)                                                                \
	do {                                                                    \
		if (!(c)) {                                                     \
			fprintf(stderr, "invariant failed: %s (line %d)\n", #c, \
				__LINE__);                                      \
			abort();                                                \
		}                                                               \
	} while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const schema_names[] = {
	"workspace", "journal-entry", "guide", "questionnaire", "test-result", "piste",
	"enquete", "contact", "seance", "todo", "partage",
};
#define NSCHEMAS (sizeof(schema_names) / sizeof(schema_names[0]))
static struct bilan_schema *schemas[NSCHEMAS];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = getenv("BILAN_SCHEMA_DIR");
	if (!dir || !*dir)
		dir = FUZZ_SCHEMA_DIR;
	for (size_t i = 0; i < NSCHEMAS; i++) {
		struct bilan_error err = BILAN_ERROR_INIT;
		char *path = bilan_xasprintf("%s/%s.schema.yaml", dir, schema_names[i]);
		if (bilan_schema_load(&schemas[i], path, &err) < 0) {
			/* a schema added later or not there yet: skip it */
			schemas[i] = NULL;
		}
		free(path);
	}
	return 0;
}

static void check_tree(const struct bilan_node *n, int depth, bool unique)
{
	CHECK(depth <= BILAN_YAML_MAX_DEPTH + 1);
	switch (n->type) {
	case BILAN_NODE_SCALAR:
		CHECK(n->value != NULL);
		CHECK(strlen(n->value) == n->len);
		CHECK(bilan_utf8_valid(n->value, n->len, NULL));
		break;
	case BILAN_NODE_SEQ:
		for (size_t i = 0; i < n->n; i++)
			check_tree(n->items[i], depth + 1, unique);
		break;
	case BILAN_NODE_MAP:
		for (size_t i = 0; i < n->n; i++) {
			CHECK(n->pairs[i].key->type == BILAN_NODE_SCALAR);
			for (size_t j = 0; unique && j < i; j++)
				CHECK(strcmp(n->pairs[i].key->value, n->pairs[j].key->value) != 0);
			check_tree(n->pairs[i].key, depth + 1, unique);
			check_tree(n->pairs[i].value, depth + 1, unique);
		}
		break;
	}
}

/* The JSON type of a scalar under the YAML 1.2 core schema (schema.h):
 * what the kinds must agree on.  A quoted scalar is a string; a plain one
 * is null, a boolean, an integer, a number, or else a string (so a plain
 * string emitted quoted, because it holds a tab, is still the same). */
enum core { CORE_NULL, CORE_BOOL, CORE_INT, CORE_FLOAT, CORE_STR };

static enum core core_type(const struct bilan_node *n)
{
	const char *v = n->value;
	if (n->kind == BILAN_SCALAR_STR)
		return CORE_STR;
	if (!*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	    !strcmp(v, "NULL"))
		return CORE_NULL;
	static const char *const bools[] = { "true", "True", "TRUE", "false", "False",
					     "FALSE", NULL };
	for (size_t i = 0; bools[i]; i++)
		if (!strcmp(v, bools[i]))
			return CORE_BOOL;
	const char *p = v + (*v == '-' || *v == '+');
	if (*p && strspn(p, "0123456789") == strlen(p))
		return CORE_INT;
	char *end = NULL;
	(void)strtod(v, &end);
	if (end && end != v && !*end && !strchr(v, 'x') && !strchr(v, 'X') && !strchr(v, 'n') &&
	    !strchr(v, 'N'))
		return CORE_FLOAT;
	if (!strcmp(v, ".inf") || !strcmp(v, "-.inf") || !strcmp(v, "+.inf") ||
	    !strcmp(v, ".nan") || !strcmp(v, ".NaN") || !strcmp(v, ".NAN") ||
	    !strcmp(v, ".Inf") || !strcmp(v, ".INF"))
		return CORE_FLOAT;
	return CORE_STR;
}

static bool same_tree(const struct bilan_node *a, const struct bilan_node *b)
{
	if (!a || !b)
		return a == b;
	if (a->type != b->type || a->n != b->n)
		return false;
	switch (a->type) {
	case BILAN_NODE_SCALAR:
		return a->len == b->len && !memcmp(a->value, b->value, a->len) &&
		       (a->kind == b->kind || core_type(a) == core_type(b));
	case BILAN_NODE_SEQ:
		for (size_t i = 0; i < a->n; i++)
			if (!same_tree(a->items[i], b->items[i]))
				return false;
		return true;
	case BILAN_NODE_MAP:
		/* Keys by their text only: bilan looks keys up as strings, and
		 * an empty plain key (a YAML null, "?" alone) is emitted as ''. */
		for (size_t i = 0; i < a->n; i++)
			if (a->pairs[i].key->len != b->pairs[i].key->len ||
			    memcmp(a->pairs[i].key->value, b->pairs[i].key->value,
				   a->pairs[i].key->len) != 0 ||
			    !same_tree(a->pairs[i].value, b->pairs[i].value))
				return false;
		return true;
	}
	return false;
}

/* Equal in every field the loader sets. */
static bool exact_tree(const struct bilan_node *a, const struct bilan_node *b)
{
	if (!a || !b)
		return a == b;
	if (a->type != b->type || a->n != b->n || a->line != b->line || a->col != b->col ||
	    !a->comment != !b->comment || !a->eol != !b->eol ||
	    (a->comment && strcmp(a->comment, b->comment)) || (a->eol && strcmp(a->eol, b->eol)))
		return false;
	switch (a->type) {
	case BILAN_NODE_SCALAR:
		return a->kind == b->kind && a->len == b->len && !memcmp(a->value, b->value, a->len);
	case BILAN_NODE_SEQ:
		for (size_t i = 0; i < a->n; i++)
			if (!exact_tree(a->items[i], b->items[i]))
				return false;
		return true;
	case BILAN_NODE_MAP:
		for (size_t i = 0; i < a->n; i++)
			if (!exact_tree(a->pairs[i].key, b->pairs[i].key) ||
			    !exact_tree(a->pairs[i].value, b->pairs[i].value))
				return false;
		return true;
	}
	return false;
}

/* pack, unpack: the same tree; packing that gives the same bytes */
static void check_pack(const struct bilan_node *root)
{
	struct bilan_buf p1 = BILAN_BUF_INIT, p2 = BILAN_BUF_INIT;
	struct bilan_doc *back = NULL;
	bilan_yaml_pack(&p1, root);
	CHECK(bilan_yaml_unpack(&back, "packed", p1.ptr, p1.len) == 0);
	CHECK(!strcmp(back->path, "packed"));
	CHECK(exact_tree(root, back->root));
	bilan_yaml_pack(&p2, back->root);
	CHECK(p1.len == p2.len && !memcmp(p1.ptr, p2.ptr, p1.len));
	bilan_doc_free(back);
	bilan_buf_clear(&p1);
	bilan_buf_clear(&p2);
}

/* the input as a packed tree: refused, or a tree that packs back to itself */
static void check_unpack(const uint8_t *data, size_t size)
{
	struct bilan_doc *doc = NULL;
	if (bilan_yaml_unpack(&doc, "raw", data, size) < 0) {
		CHECK(doc == NULL);
		return;
	}
	if (doc->root) {
		check_tree(doc->root, 1, false);   /* a packed tree may repeat a key */
		/* whatever it is, the emitter takes it or refuses it */
		struct bilan_buf text = BILAN_BUF_INIT;
		struct bilan_error e = BILAN_ERROR_INIT;
		(void)bilan_yaml_emit(&text, doc->root, &e);
		bilan_buf_clear(&text);
	}
	check_pack(doc->root);
	bilan_doc_free(doc);
}

static void check_error(int rc, const struct bilan_error *err)
{
	CHECK(rc == BILAN_EINVALID || rc == BILAN_ETOOBIG);
	CHECK(err->code == rc);
	CHECK(err->message[0] != '\0');
	CHECK(err->line >= 0 && err->col >= 0);
	/* one line, no control characters from the input */
	for (const char *p = err->message; *p; p++)
		CHECK(*p != '\n');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_doc *doc = NULL, *again = NULL;
	struct bilan_buf out = BILAN_BUF_INIT, out2 = BILAN_BUF_INIT;

	check_unpack(data, size);
	int rc = bilan_yaml_load_buffer(&doc, "fuzz.yaml", (const char *)data, size, &err);
	if (rc < 0) {
		if (getenv("FUZZ_VERBOSE"))
			fprintf(stderr, "refused: %s:%d:%d: %s\n", err.file, err.line, err.col, err.message);
		CHECK(doc == NULL);
		check_error(rc, &err);
		return 0;
	}
	CHECK(doc != NULL);
	if (doc->root)
		check_tree(doc->root, 1, true);
	check_pack(doc->root);

	/* emit, reload, compare; emit again: same text */
	CHECK(bilan_yaml_emit(&out, doc->root, &err) == 0);
	rc = bilan_yaml_load_buffer(&again, "emitted.yaml", bilan_buf_cstr(&out), out.len, &err);
	if (rc < 0) {
		fprintf(stderr, "emitted text does not load: %s (%d:%d)\n---\n%s---\n",
			err.message, err.line, err.col, bilan_buf_cstr(&out));
		abort();
	}
	CHECK(same_tree(doc->root, again->root));
	/* the emitted text is a fixed point: emitting what it loads to gives
	 * it back (after one round trip: a null key becomes '') */
	CHECK(bilan_yaml_emit(&out2, again->root, &err) == 0);
	struct bilan_doc *third = NULL;
	struct bilan_buf out3 = BILAN_BUF_INIT;
	CHECK(bilan_yaml_load_buffer(&third, "again.yaml", bilan_buf_cstr(&out2), out2.len, &err) == 0);
	CHECK(bilan_yaml_emit(&out3, third->root, &err) == 0);
	CHECK(out2.len == out3.len && !memcmp(bilan_buf_cstr(&out2), bilan_buf_cstr(&out3), out2.len));
	bilan_doc_free(third);
	bilan_buf_clear(&out3);

	/* every schema */
	for (size_t i = 0; i < NSCHEMAS; i++) {
		if (!schemas[i])
			continue;
		struct bilan_diags diags = BILAN_DIAGS_INIT;
		size_t errors = bilan_schema_validate(schemas[i], doc, &diags);
		CHECK(errors <= diags.n);
		for (size_t k = 0; k < diags.n; k++) {
			CHECK(diags.v[k].message && diags.v[k].message[0]);
			CHECK(diags.v[k].line >= 0);
		}
		bilan_diags_clear(&diags);
	}
	bilan_doc_free(doc);
	bilan_doc_free(again);
	bilan_buf_clear(&out);
	bilan_buf_clear(&out2);
	return 0;
}
