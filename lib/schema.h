/* schema.h - a validator for the subset of JSON Schema 2020-12 that bilan's
 * schemas (schemas/*.schema.yaml, written in YAML) use:
 *   type (object, array, string, integer, number, boolean, null, or a list),
 *   properties, required, additionalProperties (false or a schema),
 *   items, minItems, maxItems, uniqueItems, enum, const, pattern (POSIX ERE),
 *   minLength, maxLength (in characters), minimum, maximum, format
 *   (date, date-time, bilan-id, bilan-slug, bilan-duration), $ref to
 *   "#/$defs/NAME", $defs, anyOf, oneOf, allOf, title, description, $schema,
 *   $id, examples (ignored).
 * A key that a schema does not list under properties (when additionalProperties
 * is not given) is reported as a warning: a workspace written by a newer
 * bilan never breaks an older one; --strict turns warnings into errors.
 * Every problem is reported as FILE:LINE:COL through a diagnostics list.
 */
#ifndef BILAN_SCHEMA_H
#define BILAN_SCHEMA_H

#include <stdbool.h>

#include "error.h"
#include "yaml.h"

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
