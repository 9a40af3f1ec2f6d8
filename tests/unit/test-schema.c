/* test-schema.c - the JSON Schema subset validator (lib/schema.h) and the
 * workspace schema (schemas/workspace.schema.yaml). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "settings.h"
#include "schema.h"

#define SCHEMA_DIR TEST_SOURCE_DIR "/../schemas"

struct fx {
	char dir[64];
	struct bilan_schema *workspace;
};

static struct fx *fx_of(void **state)
{
	return *state;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static int setup(void **state)
{
	struct fx *f = bilan_xcalloc(1, sizeof(*f));
	struct bilan_error err = BILAN_ERROR_INIT;
	strcpy(f->dir, "/tmp/bilan-test-schema-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	if (bilan_schema_load(&f->workspace, SCHEMA_DIR "/workspace.schema.yaml", &err) < 0) {
		fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.col, err.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char *cmd = bilan_xasprintf("rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(cmd);
	bilan_schema_free(f->workspace);
	free(f);
	return rc == 0 ? 0 : -1;
}

/* Load a schema from text (written to a file in the fixture directory). */
static struct bilan_schema *schema_text(struct fx *f, const char *text)
{
	char *path = bilan_xasprintf("%s/s.schema.yaml", f->dir);
	struct bilan_schema *s = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	write_file(path, text);
	if (bilan_schema_load(&s, path, &err) < 0)
		fail_msg("schema refused: %d:%d: %s", err.line, err.col, err.message);
	free(path);
	return s;
}

static void schema_refused(struct fx *f, const char *text, int line, int col,
			   const char *message)
{
	char *path = bilan_xasprintf("%s/bad.schema.yaml", f->dir);
	struct bilan_schema *s = (struct bilan_schema *)(uintptr_t)1;
	struct bilan_error err = BILAN_ERROR_INIT;
	write_file(path, text);
	assert_int_equal(bilan_schema_load(&s, path, &err), BILAN_EINVALID);
	assert_null(s);
	assert_string_equal(err.message, message);
	assert_string_equal(err.file, path);
	assert_int_equal(err.line, line);
	assert_int_equal(err.col, col);
	free(path);
}

/* Validate text; returns the diagnostics as "E 3:7 message\n" lines. */
static char *check(const struct bilan_schema *s, const char *text)
{
	struct bilan_doc *doc = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_diags d = BILAN_DIAGS_INIT;
	struct bilan_buf b = BILAN_BUF_INIT;
	if (bilan_yaml_load_buffer(&doc, "f.yaml", text, strlen(text), &err) < 0)
		fail_msg("%d:%d: %s", err.line, err.col, err.message);
	size_t errors = bilan_schema_validate(s, doc, &d);
	assert_int_equal(errors, bilan_diags_count(&d, BILAN_SEV_ERROR));
	for (size_t i = 0; i < d.n; i++) {
		assert_string_equal(d.v[i].file, "f.yaml");
		bilan_buf_printf(&b, "%c %d:%d %s\n",
				 d.v[i].severity == BILAN_SEV_ERROR ? 'E' : 'W',
				 d.v[i].line, d.v[i].col, d.v[i].message);
	}
	bilan_diags_clear(&d);
	bilan_doc_free(doc);
	bilan_buf_putc(&b, '\0');
	return bilan_buf_detach(&b);
}

#define CHECK(schema, text, expected)                    \
	do {                                             \
		char *got_ = check((schema), (text));    \
		assert_string_equal(got_, (expected));   \
		free(got_);                              \
	} while (0)

/* ------------------------------------------------------------------------ */
/* the workspace schema */

static const char good_workspace[] =
	"format: 1\n"
	"language: fr\n"
	"beneficiary:\n"
	"  name: Camille Martin\n"
	"  email: camille@example.org\n"
	"consultant:\n"
	"  name: \"\"\n"
	"provider: Cabinet Exemple\n"
	"funding: cpf\n"
	"start: 2026-11-02\n"
	"end: \"2027-01-31\"\n"
	"weekly_goal: 1h30\n"
	"phase: investigation\n";

static void test_workspace_good(void **state)
{
	struct fx *f = fx_of(state);
	CHECK(f->workspace, good_workspace, "");
	CHECK(f->workspace, "format: 1\n", "");
	CHECK(f->workspace, "format: 2\ntimezone: America/Argentina/Buenos_Aires\n", "");
	CHECK(f->workspace, "format: 1\nweekly_goal: 45min\nstart: '2026-02-28'\n", "");
	CHECK(f->workspace, "format: 1\nweekly_goal: 2h\nphase: terminee\n", "");
}

static void test_workspace_bad(void **state)
{
	struct fx *f = fx_of(state);
	CHECK(f->workspace, "format: 1\nlanguage: de\n",
	      "E 2:11 'de' is not one of: fr, en\n");
	CHECK(f->workspace, "format: 1\nfunding: entreprise\nphase: finie\n",
	      "E 2:10 'entreprise' is not one of: cpf, plan, reclassement, france-travail, fonction-publique, personnel\n"
	      "E 3:8 'finie' is not one of: preliminaire, investigation, conclusions, terminee\n");
	CHECK(f->workspace, "format: \"1\"\n",
	      "E 1:9 expected an integer, got text\n");
	CHECK(f->workspace, "format: 3\n", "");
	CHECK(f->workspace, "format: 4\n", "E 1:9 '4' is not one of: 1, 2, 3\n");
	CHECK(f->workspace, "format: 2\ntimezone: ../etc/passwd\n",
	      "E 2:11 '../etc/passwd' does not match the pattern '^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$'\n");
	CHECK(f->workspace, "language: fr\n", "E 1:1 missing key 'format'\n");
	CHECK(f->workspace, "format: 1\nbeneficiary: Camille\n",
	      "E 2:14 expected a mapping, got text\n");
	CHECK(f->workspace, "format: 1\nbeneficiary:\n  email: c@example.org\n",
	      "E 3:3 missing key 'name'\n");
	CHECK(f->workspace, "format: 1\nbeneficiary:\n  name: C\n  email: pas une adresse\n",
	      "E 4:10 'pas une adresse' does not match the pattern "
	      "'^[^@\\s]+@[^@\\s]+$'\n");
	CHECK(f->workspace, "format: 1\nstart: 2026-13-02\nend: 2027-02-29\n",
	      "E 2:8 '2026-13-02' is not a date (YYYY-MM-DD)\n"
	      "E 3:6 '2027-02-29' is not a date (YYYY-MM-DD)\n");
	CHECK(f->workspace, "format: 1\nweekly_goal: 2 heures\n",
	      "E 2:14 '2 heures' is not a duration (like 2h, 1h30 or 45min)\n");
	CHECK(f->workspace, "format: 1\nprovider: 42\n",
	      "E 2:11 expected text, got an integer (put it in quotes to make it text)\n");
	CHECK(f->workspace, "format: 1\nphase:\n",
	      "E 2:7 expected text, got nothing\n");
	CHECK(f->workspace, "", "E 0:0 expected a mapping, got nothing\n");
	CHECK(f->workspace, "- format\n", "E 1:1 expected a mapping, got a list\n");
}

static void test_workspace_unknown_keys(void **state)
{
	struct fx *f = fx_of(state);
	CHECK(f->workspace, "format: 1\ncolour: blue\nbeneficiary:\n  name: C\n  phone: 06\n",
	      "W 2:1 unknown key 'colour'\nW 5:3 unknown key 'phone'\n");
}

/* ------------------------------------------------------------------------ */
/* keywords */

static void test_type(void **state)
{
	struct fx *f = fx_of(state);
	struct bilan_schema *s = schema_text(f,
		"type: object\n"
		"properties:\n"
		"  s: {type: string}\n"
		"  i: {type: integer}\n"
		"  n: {type: number}\n"
		"  b: {type: boolean}\n"
		"  z: {type: 'null'}\n"
		"  a: {type: array}\n"
		"  o: {type: object}\n"
		"  sn: {type: [string, 'null']}\n");
	CHECK(s, "s: texte\ni: 3\nn: 3.5\nb: true\nz: ~\na: []\no: {}\nsn:\n", "");
	CHECK(s, "s: \"3\"\ni: -3\nn: 3\nb: FALSE\nz: null\nsn: x\n", "");
	/* plain strings in YAML 1.2: yes, dates, versions, hex */
	CHECK(s, "s: yes\n", "");
	CHECK(s, "s: 2026-11-02\n", "");
	CHECK(s, "s: 1.2.3\n", "");
	CHECK(s, "s: 0x10\n", "");
	CHECK(s, "s: 3\n",
	      "E 1:4 expected text, got an integer (put it in quotes to make it text)\n");
	CHECK(s, "s: true\n",
	      "E 1:4 expected text, got true or false (put it in quotes to make it text)\n");
	CHECK(s, "s: [x]\n", "E 1:4 expected text, got a list\n");
	CHECK(s, "i: \"3\"\n", "E 1:4 expected an integer, got text\n");
	CHECK(s, "i: 3.5\n", "E 1:4 expected an integer, got a number\n");
	CHECK(s, "i: 0x10\n", "E 1:4 expected an integer, got text\n");
	CHECK(s, "n: \"3.5\"\n", "E 1:4 expected a number, got text\n");
	CHECK(s, "b: yes\n", "E 1:4 expected true or false, got text\n");
	CHECK(s, "b: \"true\"\n", "E 1:4 expected true or false, got text\n");
	CHECK(s, "z: 0\n", "E 1:4 expected nothing, got an integer\n");
	CHECK(s, "a: x\n", "E 1:4 expected a list, got text\n");
	CHECK(s, "o: [1]\n", "E 1:4 expected a mapping, got a list\n");
	CHECK(s, "sn: 3\n",
	      "E 1:5 expected text or nothing, got an integer (put it in quotes to make it text)\n");
	bilan_schema_free(s);
}

static void test_objects(void **state)
{
	struct fx *f = fx_of(state);
	struct bilan_schema *s = schema_text(f,
		"type: object\n"
		"required: [id]\n"
		"properties:\n"
		"  id: {type: string, format: bilan-id}\n"
		"  closed:\n"
		"    type: object\n"
		"    additionalProperties: false\n"
		"    properties: {a: {type: integer}}\n"
		"  counts:\n"
		"    type: object\n"
		"    additionalProperties: {type: integer, minimum: 0}\n"
		"  open:\n"
		"    type: object\n"
		"  anything: true\n"
		"  never: false\n");
	CHECK(s, "id: 20261127T143000Z-a1b2\nclosed: {a: 1}\ncounts: {x: 1, y: 2}\n"
		 "open: {whatever: 1}\nanything: [1, {b: 2}]\n", "");
	CHECK(s, "closed: {a: 1, b: 2}\n",
	      "E 1:1 missing key 'id'\nE 1:16 unknown key 'b'\n");
	CHECK(s, "id: 20261127T143000Z-a1b2\ncounts: {x: -1, y: z}\n",
	      "E 2:13 -1 is less than the minimum 0\nE 2:20 expected an integer, got text\n");
	CHECK(s, "id: 20261127T143000Z-A1B2\nnever: 1\n",
	      "E 1:5 '20261127T143000Z-A1B2' is not a record id (like 20261127T143000Z-a1b2)\n"
	      "E 2:8 not allowed here\n");
	/* null values count as present for required */
	CHECK(s, "id:\n", "E 1:4 expected text, got nothing\n");
	bilan_schema_free(s);
}

static void test_arrays(void **state)
{
	struct fx *f = fx_of(state);
	struct bilan_schema *s = schema_text(f,
		"type: object\n"
		"properties:\n"
		"  tags:\n"
		"    type: array\n"
		"    items: {type: string, format: bilan-slug}\n"
		"    minItems: 1\n"
		"    maxItems: 3\n"
		"    uniqueItems: true\n"
		"  any:\n"
		"    type: array\n"
		"    uniqueItems: true\n");
	CHECK(s, "tags: [un, deux-trois, x4]\n", "");
	CHECK(s, "tags: []\n", "E 1:7 at least 1 item expected, got 0\n");
	CHECK(s, "tags: [a, b, c, d]\n", "E 1:7 at most 3 items expected, got 4\n");
	CHECK(s, "tags:\n- a\n- b\n- a\n", "E 4:3 duplicate item (first at line 2)\n");
	CHECK(s, "tags: [Majuscule, a--b]\n",
	      "E 1:8 'Majuscule' is not a short name (lowercase letters, digits and hyphens, at most 48)\n"
	      "E 1:19 'a--b' is not a short name (lowercase letters, digits and hyphens, at most 48)\n");
	CHECK(s, "tags: [aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]\n", "");
	CHECK(s, "tags: [aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]\n",
	      "E 1:8 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…' is not a short name "
	      "(lowercase letters, digits and hyphens, at most 48)\n");
	/* 1 and 1.0 are equal numbers; "1" is text; mappings compare deeply */
	CHECK(s, "any: [1, \"1\", true, \"true\", {a: 1}, {a: 2}, [1]]\n", "");
	CHECK(s, "any:\n- 1\n- 1.0\n", "E 3:3 duplicate item (first at line 2)\n");
	CHECK(s, "any:\n- {a: 1, b: [x]}\n- {b: [x], a: 1}\n",
	      "E 3:3 duplicate item (first at line 2)\n");
	bilan_schema_free(s);
}

static void test_strings(void **state)
{
	struct fx *f = fx_of(state);
	struct bilan_schema *s = schema_text(f,
		"type: object\n"
		"properties:\n"
		"  code: {type: string, pattern: '^[A-Z][0-9]{4}$'}\n"
		"  word: {type: string, pattern: 'ab'}\n"
		"  name: {type: string, minLength: 2, maxLength: 4}\n"
		"  day: {type: string, format: date}\n"
		"  at: {type: string, format: date-time}\n"
		"  d: {type: string, format: bilan-duration}\n");
	CHECK(s, "code: M1805\nword: xxabyy\nname: Éléa\n", "");
	/* ECMA-262 classes and escapes, as a standard validator reads them */
	struct bilan_schema *e = schema_text(f,
		"type: object\n"
		"properties:\n"
		"  tag: {type: string, pattern: '^#?[^\\]\\s#,/]+$'}\n"
		"  num: {type: string, pattern: '^\\d+[-.]\\w$'}\n"
		"  sp: {type: string, pattern: '^\\S+\\s\\S+$'}\n");
	CHECK(e, "tag: \"#ok-tag\"\nnum: 12.a\nsp: a b\n", "");
	CHECK(e, "tag: a]b\n", "E 1:6 'a]b' does not match the pattern '^#?[^\\]\\s#,/]+$'\n");
	CHECK(e, "tag: a\\b\n", "");
	CHECK(e, "tag: a s\n", "E 1:6 'a s' does not match the pattern '^#?[^\\]\\s#,/]+$'\n");
	CHECK(e, "num: 1-_\n", "");
	CHECK(e, "num: a-1\n", "E 1:6 'a-1' does not match the pattern '^\\d+[-.]\\w$'\n");
	bilan_schema_free(e);
	CHECK(s, "code: m1805\n",
	      "E 1:7 'm1805' does not match the pattern '^[A-Z][0-9]{4}$'\n");
	CHECK(s, "name: É\n", "E 1:7 text shorter than 2 characters\n");
	CHECK(s, "name: Éléas\n", "E 1:7 text longer than 4 characters\n");
	CHECK(s, "day: 2028-02-29\nat: 2026-11-27T14:30:00+01:00\n", "");
	CHECK(s, "at: 2026-11-27T14:30:00Z\n", "");
	/* RFC 3339, the date parser's rule (bilan_time_parse_iso) */
	CHECK(s, "at: 2026-11-27T14:30Z\n",
	      "E 1:5 '2026-11-27T14:30Z' is not a date and time (like 2026-11-27T14:30:00+01:00)\n");
	CHECK(s, "at: 2026-11-27T14:30:00.123-05:30\n", "");
	CHECK(s, "at: \"2026-11-27T14:30:00+0100\"\n",
	      "E 1:5 '2026-11-27T14:30:00+0100' is not a date and time (like 2026-11-27T14:30:00+01:00)\n");
	CHECK(s, "at: 2026-12-07 16:59:34Z\n", "");
	CHECK(s, "at: 2026-12-31T23:59:60Z\n", "");
	CHECK(s, "at: 2026-12-07T16:59:60Z\n",
	      "E 1:5 '2026-12-07T16:59:60Z' is not a date and time (like 2026-11-27T14:30:00+01:00)\n");
	CHECK(s, "day: 2100-02-29\n", "E 1:6 '2100-02-29' is not a date (YYYY-MM-DD)\n");
	CHECK(s, "day: 2026-11-2\n", "E 1:6 '2026-11-2' is not a date (YYYY-MM-DD)\n");
	CHECK(s, "day: 2026-11-27T10:00:00Z\n",
	      "E 1:6 '2026-11-27T10:00:00Z' is not a date (YYYY-MM-DD)\n");
	CHECK(s, "at: 2026-11-27T14:30:00\n",
	      "E 1:5 '2026-11-27T14:30:00' is not a date and time "
	      "(like 2026-11-27T14:30:00+01:00)\n");
	CHECK(s, "at: 2026-11-27_14:30:00Z\n",
	      "E 1:5 '2026-11-27_14:30:00Z' is not a date and time "
	      "(like 2026-11-27T14:30:00+01:00)\n");
	CHECK(s, "at: 2026-11-27T24:00:00Z\n",
	      "E 1:5 '2026-11-27T24:00:00Z' is not a date and time "
	      "(like 2026-11-27T14:30:00+01:00)\n");
	CHECK(s, "d: 2h\n", "");
	CHECK(s, "d: 1h30\n", "");
	CHECK(s, "d: 45min\n", "");
	CHECK(s, "d: 1h75\n", "E 1:4 '1h75' is not a duration (like 2h, 1h30 or 45min)\n");
	CHECK(s, "d: 90\n",
	      "E 1:4 expected text, got an integer (put it in quotes to make it text)\n");
	CHECK(s, "d: h\n", "E 1:4 'h' is not a duration (like 2h, 1h30 or 45min)\n");
	bilan_schema_free(s);
}

static void test_numbers_enum_const(void **state)
{
	struct fx *f = fx_of(state);
	struct bilan_schema *s = schema_text(f,
		"type: object\n"
		"properties:\n"
		"  score: {type: integer, minimum: 1, maximum: 10}\n"
		"  ratio: {type: number, minimum: 0, maximum: 1.5}\n"
		"  level: {enum: [1, 2, three, null]}\n"
		"  v: {const: 2}\n"
		"  obj: {const: {a: [1, 2]}}\n");
	CHECK(s, "score: 10\nratio: 1.5\nlevel: 2\nv: 2.0\nobj: {a: [1, 2]}\n", "");
	CHECK(s, "level: three\n", "");
	CHECK(s, "level:\n", "");
	CHECK(s, "score: 0\nratio: 1.6\n",
	      "E 1:8 0 is less than the minimum 1\n"
	      "E 2:8 1.6 is greater than the maximum 1.5\n");
	CHECK(s, "level: \"2\"\n", "E 1:8 '2' is not one of: 1, 2, three, null (remove the quotes)\n");
	CHECK(s, "v: \"2\"\n", "E 1:4 expected '2', got '2' (remove the quotes)\n");
	CHECK(s, "obj: {a: [2, 1]}\n", "E 1:6 does not have the expected value\n");
	bilan_schema_free(s);
}

static void test_ref_and_combinators(void **state)
{
	struct fx *f = fx_of(state);
	struct bilan_schema *s = schema_text(f,
		"$schema: https://json-schema.org/draft/2020-12/schema\n"
		"$id: https://bilan.example/schemas/t.schema.yaml\n"
		"title: Essai\n"
		"description: Un schéma d'essai.\n"
		"examples: [{}]\n"
		"type: object\n"
		"properties:\n"
		"  who: {$ref: '#/$defs/person'}\n"
		"  when:\n"
		"    anyOf:\n"
		"      - {type: string, format: date}\n"
		"      - {type: string, format: date-time}\n"
		"  one:\n"
		"    oneOf:\n"
		"      - {type: integer}\n"
		"      - {type: number, minimum: 5}\n"
		"  both:\n"
		"    allOf:\n"
		"      - {type: string, minLength: 2}\n"
		"      - {pattern: '^a'}\n"
		"  item:\n"
		"    allOf:\n"
		"      - {properties: {a: {type: string}}}\n"
		"      - {properties: {b: {type: string}}, required: [b]}\n"
		"$defs:\n"
		"  person:\n"
		"    title: Personne\n"
		"    type: object\n"
		"    required: [name]\n"
		"    properties:\n"
		"      name: {type: string}\n");
	CHECK(s, "who: {name: C}\nwhen: 2026-11-27\none: 3\nboth: ab\nitem: {a: x, b: y}\n", "");
	CHECK(s, "when: 2026-11-27T10:00:00Z\none: 5.5\n", "");
	CHECK(s, "who: {nom: C}\n",
	      "W 1:7 unknown key 'nom'\nE 1:6 missing key 'name'\n");
	CHECK(s, "when: demain\n",
	      "E 1:7 'demain' is not a date (YYYY-MM-DD)\n");
	CHECK(s, "one: 7\n", "E 1:6 matches more than one of the allowed forms\n");
	CHECK(s, "one: x\n", "E 1:6 expected an integer, got text\n");
	CHECK(s, "both: b\n",
	      "E 1:7 text shorter than 2 characters\n"
	      "E 1:7 'b' does not match the pattern '^a'\n");
	CHECK(s, "item: {a: x}\n", "E 1:7 missing key 'b'\n");
	CHECK(s, "item: {a: x, b: y, c: z}\n", "W 1:20 unknown key 'c'\n");
	bilan_schema_free(s);
}

static void test_schema_refused(void **state)
{
	struct fx *f = fx_of(state);
	schema_refused(f, "type: object\npatternProperties: {}\n", 2, 1,
		       "unsupported schema keyword 'patternProperties'");
	schema_refused(f, "type: objet\n", 1, 7, "invalid value for 'type'");
	schema_refused(f, "properties:\n  a: {$ref: '#/$defs/nope'}\n", 2, 13,
		       "unresolved reference '#/$defs/nope'");
	schema_refused(f, "properties:\n  a: {pattern: '(['}\n", 2, 16,
		       "invalid pattern '([' (ECMA-262: see bilan-workspace(5))");
	/* ECMA-262 only: POSIX classes, lookarounds, lazy quantifiers, [] */
	schema_refused(f, "pattern: '^[[:space:]]$'\n", 1, 10,
		       "invalid pattern '^[[:space:]]$' (ECMA-262: see bilan-workspace(5))");
	schema_refused(f, "pattern: '^(?!a)'\n", 1, 10,
		       "invalid pattern '^(?!a)' (ECMA-262: see bilan-workspace(5))");
	schema_refused(f, "pattern: 'a+?'\n", 1, 10,
		       "invalid pattern 'a+?' (ECMA-262: see bilan-workspace(5))");
	schema_refused(f, "pattern: '[^]'\n", 1, 10,
		       "invalid pattern '[^]' (ECMA-262: see bilan-workspace(5))");
	schema_refused(f, "properties:\n  a: {format: email}\n", 2, 15,
		       "unknown format 'email'");
	schema_refused(f, "properties:\n  a: {minLength: -1}\n", 2, 18,
		       "invalid value for 'minLength'");
	schema_refused(f, "properties:\n  a: 3\n", 2, 6, "a schema must be a mapping");
	schema_refused(f, "- a\n", 1, 1, "a schema must be a mapping");
	schema_refused(f, "anyOf: []\n", 1, 8, "invalid value for 'anyOf'");
	schema_refused(f, "a: &x 1\n", 1, 4, "anchors and aliases are not allowed");
	struct bilan_schema *s = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	assert_int_equal(bilan_schema_load(&s, "/nonexistent/x.schema.yaml", &err),
			 BILAN_ENOTFOUND);
	bilan_schema_free(NULL);
}

/* A $ref cycle that never descends into the value stops with an error. */
static void test_ref_cycle(void **state)
{
	struct fx *f = fx_of(state);
	struct bilan_schema *s = schema_text(f,
		"$ref: '#/$defs/a'\n"
		"$defs:\n"
		"  a: {$ref: '#/$defs/b'}\n"
		"  b: {$ref: '#/$defs/a'}\n");
	char *got = check(s, "x: 1\n");
	assert_non_null(strstr(got, "schema nested too deeply"));
	free(got);
	bilan_schema_free(s);
}

static void test_schema_get(void **state)
{
	struct fx *f = fx_of(state);
	const struct bilan_schema *a = NULL, *b = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	bilan_settings.schema_dir = SCHEMA_DIR;
	assert_int_equal(bilan_schema_get(&a, "workspace", &err), 0);
	assert_non_null(a);
	assert_int_equal(bilan_schema_get(&b, "workspace", &err), 0);
	assert_ptr_equal(a, b); /* cached */
	CHECK(a, good_workspace, "");
	bilan_settings.schema_dir = f->dir;
	assert_int_equal(bilan_schema_get(&b, "no-such-kind", &err), BILAN_ENOTFOUND);
	assert_null(b);
	assert_int_equal(bilan_schema_get(&b, "../etc", &err), BILAN_EINVALID);
	bilan_settings.schema_dir = NULL;
}

static void test_schema_for_path(void **state)
{
	(void)state;
	static const struct {
		const char *rel, *schema;
	} cases[] = {
		{ "bilan.yaml", "workspace" },
		{ "partage.yaml", "partage" },
		{ "journal/2026/11/20261127T143000Z-a1b2.yaml", "journal-entry" },
		{ "journal/x.yaml", "journal-entry" },
		{ "private/journal/2026/11/x.yaml", "journal-entry" },
		{ "tests/riasec/resultat.yaml", "test-result" },
		{ "tests/resultat.yaml", NULL },
		{ "tests/a/b/resultat.yaml", NULL },
		{ "private/tests/riasec/2026/r.yaml", "test-result" },
		{ "private/tests/r.yaml", "test-result" },
		{ "questionnaires/valeurs.yaml", "questionnaire" },
		{ "questionnaires/sub/valeurs.yaml", NULL },
		{ "guides/g.yaml", "guide" },
		{ "pistes/boulangerie.yaml", "piste" },
		{ "enquetes/e.yaml", "enquete" },
		{ "private/contacts/c.yaml", "contact" },
		{ "contacts/c.yaml", NULL },
		{ "seances/s.yaml", "seance" },
		{ "todo/t.yaml", "todo" },
		{ "todo/t.yml", NULL },
		{ "todo/.yaml", NULL },
		{ "todo/.hidden.yaml", NULL },
		{ "todo//t.yaml", NULL },
		{ "journal/../bilan.yaml", NULL },
		{ "notes.yaml", NULL },
		{ "sub/bilan.yaml", NULL },
		{ "journal", NULL },
		{ "", NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = bilan_schema_for_path(cases[i].rel);
		if (!cases[i].schema ? got != NULL
				     : (!got || strcmp(got, cases[i].schema) != 0))
			fail_msg("%s: got %s, want %s", cases[i].rel, got ? got : "NULL",
				 cases[i].schema ? cases[i].schema : "NULL");
	}
	assert_null(bilan_schema_for_path(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workspace_good),
		cmocka_unit_test(test_workspace_bad),
		cmocka_unit_test(test_workspace_unknown_keys),
		cmocka_unit_test(test_type),
		cmocka_unit_test(test_objects),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_numbers_enum_const),
		cmocka_unit_test(test_ref_and_combinators),
		cmocka_unit_test(test_schema_refused),
		cmocka_unit_test(test_ref_cycle),
		cmocka_unit_test(test_schema_get),
		cmocka_unit_test(test_schema_for_path),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
