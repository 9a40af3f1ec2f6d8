/* check.h - validation of workspace files against schemas/.
 *
 * A file is first loaded by the YAML layer (every refusal of yaml-tree.h is an
 * error), then validated against the schema bilan_schema_for_path names; a
 * YAML file bilan does not know is only checked for being valid YAML.
 * Problems are appended to diags with workspace-relative file names. */
#ifndef BILAN_CHECK_H
#define BILAN_CHECK_H

#include <stdbool.h>

#include "buf.h"
#include "errors.h"
#include "workspace.h"

/* Validate one workspace-relative file.  Returns the number of errors added
 * (warnings are not counted; with strict they are errors). */
size_t bilan_check_file(const struct bilan_ws *ws, const char *rel, bool strict,
			struct bilan_diags *diags);

/* The other files that hold the journal entry of rel (the same file name
 * in another month folder of either journal), appended to out (may be
 * NULL); their number.  0 for a file that is not a journal entry.
 * bilan_check_file reports each as an error. */
size_t bilan_check_twins(const struct bilan_ws *ws, const char *rel, struct bilan_strlist *out);

/* Validate every YAML file of the workspace (outside .git). */
int bilan_check_workspace(const struct bilan_ws *ws, bool strict,
			  struct bilan_diags *diags, struct bilan_error *err);

#endif
