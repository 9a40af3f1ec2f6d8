/* check.c - validation of workspace files (see check.h). */
#include "check.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs.h"
#include "id.h"
#include "i18n.h"
#include "journal.h"
#include "schema.h"
#include "yaml-tree.h"

static bool is_yaml(const char *rel)
{
	size_t n = strlen(rel);
	return n > 5 && !strcmp(rel + n - 5, ".yaml");
}

/* What a file names must exist: an enquête's contact (the beneficiary's
 * private/contacts/SLUG.yaml; not in a consultant's clone, which never
 * has it). */
static size_t check_references(const struct bilan_ws *ws, const struct bilan_doc *doc,
			       const char *rel, struct bilan_diags *diags)
{
	if (strncmp(rel, "enquetes/", 9) != 0 || !doc->root ||
	    doc->root->type != BILAN_NODE_MAP || bilan_ws_is_consultant_clone(ws))
		return 0;
	const struct bilan_node *c = bilan_map_get(doc->root, "contact");
	if (!c || c->type != BILAN_NODE_SCALAR || !c->value || !*c->value)
		return 0;
	if (!bilan_slug_valid(c->value)) {
		bilan_diags_add(diags, BILAN_SEV_ERROR, rel, c->line, c->col,
				_("contact '%s' is not a valid name"), c->value);
		return 1;
	}
	char *crel = bilan_xasprintf("private/contacts/%s.yaml", c->value);
	char *cabs = bilan_ws_path(ws, crel);
	size_t bad = 0;
	if (!bilan_fs_exists(cabs)) {
		bilan_diags_add(diags, BILAN_SEV_ERROR, rel, c->line, c->col,
				_("contact '%s' points at nothing: '%s' is missing"), c->value, crel);
		bad = 1;
	}
	free(cabs);
	free(crel);
	return bad;
}

/* the first n bytes of s are digits */
static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool all_digits(const char *s, size_t n)
{
	return strlen(s) == n && digits(s, n);
}

/* rel's file name when rel is DIR/YYYY/MM/NAME.yaml of one of the journals. */
static const char *journal_entry_name(const char *rel)
{
	static const char *const roots[] = { BILAN_JOURNAL_DIR "/", BILAN_JOURNAL_PRIVATE_DIR "/" };
	for (size_t k = 0; k < 2; k++) {
		size_t l = strlen(roots[k]);
		if (strncmp(rel, roots[k], l) != 0)
			continue;
		const char *p = rel + l;
		if (strlen(p) > 8 && digits(p, 4) && p[4] == '/' && digits(p + 5, 2) && p[7] == '/' &&
		    !strchr(p + 8, '/') && is_yaml(p + 8))
			return p + 8;
	}
	return NULL;
}

size_t bilan_check_twins(const struct bilan_ws *ws, const char *rel, struct bilan_strlist *out)
{
	const char *name = journal_entry_name(rel);
	if (!name)
		return 0;
	static const char *const roots[] = { BILAN_JOURNAL_DIR, BILAN_JOURNAL_PRIVATE_DIR };
	size_t n = 0;
	for (size_t k = 0; k < 2; k++) {
		char *top = bilan_ws_path(ws, roots[k]);
		DIR *years = opendir(top);
		struct dirent *y;
		while (years && (y = readdir(years))) {
			if (!all_digits(y->d_name, 4))
				continue;
			char *ydir = bilan_xasprintf("%s/%s", top, y->d_name);
			DIR *months = opendir(ydir);
			struct dirent *m;
			while (months && (m = readdir(months))) {
				if (!all_digits(m->d_name, 2))
					continue;
				char *cand = bilan_xasprintf("%s/%s/%s/%s", roots[k], y->d_name,
							     m->d_name, name);
				char *abs = bilan_ws_path(ws, cand);
				struct stat st;
				if (strcmp(cand, rel) != 0 && lstat(abs, &st) == 0 && S_ISREG(st.st_mode)) {
					if (out)
						bilan_strlist_add(out, cand);
					n++;
				}
				free(abs);
				free(cand);
			}
			if (months)
				closedir(months);
			free(ydir);
		}
		if (years)
			closedir(years);
		free(top);
	}
	return n;
}

size_t bilan_check_file(const struct bilan_ws *ws, const char *rel, bool strict,
			struct bilan_diags *diags)
{
	if (!is_yaml(rel))
		return 0;
	char *abs = bilan_ws_path(ws, rel);
	struct bilan_doc *doc = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	size_t errors = 0;
	if (bilan_yaml_load_file(&doc, abs, &err) < 0) {
		/* Report the workspace-relative name. */
		snprintf(err.file, sizeof(err.file), "%s", rel);
		bilan_diags_add_error(diags, &err);
		free(abs);
		return 1;
	}
	free(doc->path);
	doc->path = bilan_xstrdup(rel);
	const char *name = bilan_schema_for_path(rel);
	if (name) {
		const struct bilan_schema *schema = NULL;
		if (bilan_schema_get(&schema, name, &err) < 0) {
			bilan_diags_add_error(diags, &err);
			errors++;
		} else {
			size_t before = diags->n;
			errors += bilan_schema_validate(schema, doc, diags);
			if (strict) {
				for (size_t i = before; i < diags->n; i++) {
					if (diags->v[i].severity == BILAN_SEV_WARNING) {
						diags->v[i].severity = BILAN_SEV_ERROR;
						errors++;
					}
				}
			}
		}
	}
	errors += check_references(ws, doc, rel, diags);
	/* One entry, one file: two files with one id are an interrupted move
	 * (or a copy by hand). */
	struct bilan_strlist twins = BILAN_STRLIST_INIT;
	bilan_check_twins(ws, rel, &twins);
	for (size_t i = 0; i < twins.n; i++)
		bilan_diags_add(diags, BILAN_SEV_ERROR, rel, 0, 0,
				_("the same entry is also in '%s': one entry, one file "
				  "(an interrupted move? 'bilan doctor' tells which is newer)"),
				twins.v[i]);
	errors += twins.n;
	bilan_strlist_clear(&twins);
	bilan_doc_free(doc);
	free(abs);
	return errors;
}

int bilan_check_workspace(const struct bilan_ws *ws, bool strict,
			  struct bilan_diags *diags, struct bilan_error *err)
{
	struct bilan_strlist files = BILAN_STRLIST_INIT;
	int rc = bilan_fs_list(&files, ws->root, ".yaml", err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < files.n; i++)
		bilan_check_file(ws, files.v[i], strict, diags);
	bilan_strlist_clear(&files);
	return 0;
}
