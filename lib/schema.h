/* schema.h - a validator for the subset of JSON Schema 2020-12 that bilan's
 * schemas (schemas/NAME.schema.yaml, written in YAML) use:
 *   type (object, array, string, integer, number, boolean, null, or a list),
 *   properties, required, additionalProperties (false or a schema),
 *   items, minItems, maxItems, uniqueItems, enum, const, pattern (ECMA-262,
 *   the part POSIX EREs share: classes \d \s \w, escapes; no lookaround),
 *   minLength, maxLength (in characters), minimum, maximum, format
 *   (date, date-time as RFC 3339 -- the one rule of bilan_time_parse_iso --, bilan-id, bilan-slug, bilan-duration), $ref to
 *   "#/$defs/NAME", $defs, anyOf, oneOf, allOf, title, description, $schema,
 *   $id, examples, default, $comment, deprecated, markdownDescription
 *   (annotations, ignored).
 * A key that a schema does not list under properties (when additionalProperties
 * is not given) is reported as a warning: a workspace written by a newer
 * bilan never breaks an older one; --strict turns warnings into errors.
 * Every problem is reported as FILE:LINE:COL through a diagnostics list.
 *
 * JSON types of YAML values follow the YAML 1.2 core schema, as
 * yaml-language-server does, so that an editor and `bilan check` agree:
 *   - a quoted or block scalar (BILAN_SCALAR_STR) is always a string:
 *     "3" is a string, never an integer;
 *   - a plain scalar is null (empty, ~, null/Null/NULL), boolean
 *     (true/false, True/False, TRUE/FALSE), integer ([-+]?[0-9]+, decimal
 *     only), number (1.5, 1e3, .inf), else a string: yes/no/on/off, 0x10,
 *     1.2.3 and timestamps such as 2026-11-02 are strings.
 * So `type: string` accepts `start: 2026-11-02` written plain or quoted, and
 * `format: date` checks the text whichever way it was written; but it refuses
 * a plain number, boolean or null (`postcode: 75001`): the message says to put
 * the value in quotes.  (Accepting plain numbers as strings would let an
 * editor flag what bilan accepts, and a number with a leading zero or an
 * exponent does not survive every YAML reader.)  "integer" accepts only plain
 * decimal integers, like bilan_get_int; "number" accepts integers too.
 * Keywords apply only to values of their JSON type (pattern, minLength,
 * maxLength and format to strings; minimum and maximum to numbers; items and
 * the *Items keywords to lists; properties, required and additionalProperties
 * to mappings).  Patterns are POSIX extended regular expressions searched
 * anywhere in the text (anchor them with ^ and $; no \d, use [0-9]).
 * Unknown keys: keys declared under properties of the schema or of the
 * schemas it applies to the same value ($ref, allOf, anyOf, oneOf) are known;
 * an object schema without any properties (a free-form mapping) warns about
 * nothing.  anyOf/oneOf that no alternative matches report the problems of
 * the closest alternative (fewest errors).  A schema using a keyword outside
 * the subset, a $ref that does not resolve, an unknown format or an invalid
 * pattern is refused when loaded (BILAN_EINVALID at the schema's position).
 */
#ifndef BILAN_SCHEMA_H
#define BILAN_SCHEMA_H

#include <stdbool.h>

#include "errors.h"
#include "yaml-tree.h"

struct bilan_schema;

/* Load schemas/<name>.schema.yaml from the schema directory (see
 * bilan_data_path in workspace.h).  Cached for the life of the process. */
int bilan_schema_get(const struct bilan_schema **out, const char *name,
		     struct bilan_error *err);
/* Load a schema from a file (tests). */
int bilan_schema_load(struct bilan_schema **out, const char *path,
		      struct bilan_error *err);
void bilan_schema_free(struct bilan_schema *schema);

/* Validate a loaded document; problems are appended to diags.
 * Returns the number of errors added (warnings not counted). */
size_t bilan_schema_validate(const struct bilan_schema *schema,
			     const struct bilan_doc *doc, struct bilan_diags *diags);

/* Which schema a workspace-relative path is checked against, or NULL for a
 * file bilan does not know ("bilan.yaml" -> "workspace",
 * "journal/2026/11/ID.yaml" -> "journal-entry", ...). */
const char *bilan_schema_for_path(const char *rel);

#endif
