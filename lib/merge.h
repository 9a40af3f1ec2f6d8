/* merge.h - three-way merge of workspace files, and the record of open
 * conflicts.
 *
 * bilan_merge_file merges one file changed on both sides since a common
 * base (base NULL: the file did not exist there; ours or theirs NULL: that
 * side deleted it):
 *   - when one side is unchanged from the base, the other side wins as is;
 *   - a YAML file (name ending in ".yaml") whose three versions all load is
 *     merged field by field: mappings key by key (keys of ours in their
 *     order, then keys theirs added, in theirs' order), lists as unions
 *     (ours' items, then the items theirs added; an item one side removed
 *     and the other kept is removed), scalars: whichever side changed, a
 *     conflict when both changed to different values (ours is kept there);
 *     equality is deep and ignores the order of keys;
 *   - any other file, or a YAML file that does not load: a conflict unless
 *     both sides are byte-identical;
 *   - a deletion on one side against a change on the other is a conflict.
 * The result is never lossy: on a conflict the merged text keeps ours at
 * every conflicting place, and the caller stores theirs beside it, in
 * bilan_conflict_copy_path(path) ("FILE.remote": never read as a record,
 * since readers only take ".yaml" files).
 *
 * Open conflicts are recorded in BILAN_CONFLICTS_FILE at the root of the
 * workspace (committed, never shared):
 *   conflicts:
 *     - path: bilan.yaml
 *       remote: bilan.yaml.remote
 *       date: 2026-11-27T10:00:00+01:00
 * A conflict stays open while its ".remote" copy exists; deleting the copy
 * (after taking what you want from it) and 'bilan save' closes it.
 */
#ifndef BILAN_MERGE_H
#define BILAN_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "errors.h"
#include "workspace.h"
#include "yaml-tree.h"

#define BILAN_CONFLICTS_FILE "conflits.yaml"
#define BILAN_CONFLICT_SUFFIX ".remote"

enum bilan_merge_outcome {
	BILAN_MERGE_KEEP_OURS,    /* nothing to do: ours is the result */
	BILAN_MERGE_TAKE_THEIRS,  /* the result is theirs (may be a deletion) */
	BILAN_MERGE_MERGED,       /* the result is a new text in out */
	BILAN_MERGE_CONFLICT,     /* out (or ours when out is empty and
				     ours_deleted is false) is the result;
				     store theirs beside it */
};

struct bilan_merge_result {
	enum bilan_merge_outcome outcome;
	struct bilan_buf text;    /* merged text for MERGED and CONFLICT */
	bool deleted;             /* the result is "no file" */
};

/* Merge one file; path decides whether it is YAML.  Never fails: a YAML
 * merge that cannot be done safely becomes a conflict.  Free r->text. */
void bilan_merge_file(struct bilan_merge_result *r, const char *path,
		      struct bilan_blob base, struct bilan_blob ours,
		      struct bilan_blob theirs);

/* Three-way merge of YAML trees (base, ours or theirs may be NULL: absent).
 * Returns a new tree (the caller frees it; NULL for "absent") and adds the
 * number of conflicting places to *conflicts. */
struct bilan_node *bilan_merge_nodes(const struct bilan_node *base,
				     const struct bilan_node *ours,
				     const struct bilan_node *theirs,
				     size_t *conflicts);

/* "FILE.remote"; caller frees. */
char *bilan_conflict_copy_path(const char *path);
/* true for a conflict copy or the conflicts record (never shared, never
 * taken from a remote). */
bool bilan_conflict_is_own_file(const char *path);

struct bilan_conflict {
	char *path;
	char *remote;
	char *date;
	bool open;                /* the remote copy still exists */
};

struct bilan_conflicts {
	struct bilan_conflict *v;
	size_t n, alloc;
};
#define BILAN_CONFLICTS_INIT { .v = NULL, .n = 0, .alloc = 0 }

/* Read the record (no repository access); a missing file is an empty list.
 * open is computed from the existence of each copy. */
int bilan_conflicts_load(struct bilan_conflicts *out, const struct bilan_ws *ws,
			 struct bilan_error *err);
void bilan_conflicts_clear(struct bilan_conflicts *l);
/* Add or refresh an entry (path, date). */
void bilan_conflicts_add(struct bilan_conflicts *l, const char *path, const char *date);
/* Drop closed entries; true if something was dropped. */
bool bilan_conflicts_prune(struct bilan_conflicts *l);
/* The file's tree (NULL when the list is empty: the file should go). */
struct bilan_node *bilan_conflicts_node(const struct bilan_conflicts *l);
/* Open conflicts as warnings (for 'bilan status'): "FILE: open conflict ...". */
void bilan_conflicts_diags(const struct bilan_ws *ws, struct bilan_diags *diags);

#endif
