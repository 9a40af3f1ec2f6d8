/* owner.c - the parties and the ownership table (owner.h). */
#include "owner.h"

#include <stdlib.h>
#include <string.h>

#include "yaml-tree.h"

const struct bilan_owner_rule bilan_owner_table[] = {
	{ "bilan.yaml", BILAN_OWNER_BENEFICIARY, "format, phase, consent, dates, names" },
	{ "partage.yaml", BILAN_OWNER_BENEFICIARY, "the consent to share" },
	{ ".", BILAN_OWNER_BENEFICIARY, ".gitignore, .gitattributes, hooks: every dot file" },
	{ "journal/", BILAN_OWNER_AUTHOR, "journal entries" },
	{ "todo/", BILAN_OWNER_AUTHOR, "to-do items" },
	{ "seances/", BILAN_OWNER_SEANCE, "séances (each attendance confirmation its party's)" },
	{ "pistes/", BILAN_OWNER_BENEFICIARY, "pistes" },
	{ "enquetes/", BILAN_OWNER_BENEFICIARY, "enquêtes métier" },
	{ "tests/", BILAN_OWNER_BENEFICIARY, "test results" },
	{ "questionnaires/", BILAN_OWNER_BENEFICIARY, "questionnaires" },
	{ "guides/", BILAN_OWNER_BENEFICIARY, "guides" },
	{ "synthese/", BILAN_OWNER_ADDED, "the versions of the synthèse handed over" },
	{ "", BILAN_OWNER_BENEFICIARY, "anything else" },
	{ NULL, BILAN_OWNER_BENEFICIARY, NULL },
};

const char *bilan_party_name(enum bilan_party p)
{
	return p == BILAN_PARTY_CONSULTANT ? "consultant" : "beneficiaire";
}

enum bilan_party bilan_party_parse(const char *s)
{
	return s && !strcmp(s, "consultant") ? BILAN_PARTY_CONSULTANT : BILAN_PARTY_BENEFICIARY;
}

const struct bilan_owner_rule *bilan_owner_rule_for(const char *rel)
{
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	for (const struct bilan_owner_rule *r = bilan_owner_table; r->prefix; r++) {
		size_t n = strlen(r->prefix);
		if (!strcmp(r->prefix, ".")) {
			/* a dot file or folder anywhere */
			if (*base == '.' || *rel == '.' || strstr(rel, "/."))
				return r;
			continue;
		}
		if (n && r->prefix[n - 1] == '/' ? !strncmp(rel, r->prefix, n)
						 : !strcmp(rel, r->prefix))
			return r;
		if (!n)
			return r;
	}
	return NULL;
}

static struct bilan_doc *load(struct bilan_blob b)
{
	struct bilan_doc *d = NULL;
	if (!b.data || bilan_yaml_load_buffer(&d, "remote", b.data, b.len, NULL) < 0)
		return NULL;
	return d;
}

static bool is_map(const struct bilan_doc *d)
{
	return d && d->root && d->root->type == BILAN_NODE_MAP;
}

/* The author of a version (NULL: absent); a version that is not a
 * mapping has no author field: the beneficiary's. */
static enum bilan_party author_of(const struct bilan_doc *d)
{
	return bilan_party_parse(is_map(d) ? bilan_map_str(d->root, "author") : NULL);
}

static bool same_sub(const struct bilan_node *a, const struct bilan_node *b)
{
	if (!a || !b)
		return !a && !b;
	return bilan_node_equal(a, b);
}

bool bilan_owner_allows(const char *rel, enum bilan_party from, struct bilan_blob base,
			struct bilan_blob theirs)
{
	const struct bilan_owner_rule *r = bilan_owner_rule_for(rel);
	if (!r || r->owner == BILAN_OWNER_BENEFICIARY)
		return from == BILAN_PARTY_BENEFICIARY;
	if (r->owner == BILAN_OWNER_ADDED)
		return !base.data && theirs.data;
	struct bilan_doc *b = load(base), *t = load(theirs);
	bool ok = false;
	if ((base.data && !is_map(b)) || (theirs.data && !is_map(t))) {
		/* not a record this table can read: its owner is the
		 * beneficiary */
		ok = from == BILAN_PARTY_BENEFICIARY;
		goto out;
	}
	if (r->owner == BILAN_OWNER_AUTHOR) {
		/* the record's author (as the common version says; a new one
		 * as sent), and no record given to someone else */
		enum bilan_party owner = base.data ? author_of(b) : author_of(t);
		ok = owner == from && (!theirs.data || author_of(t) == from);
		goto out;
	}
	/* a séance: common, but for the other party's confirmation and the
	 * record's author */
	const struct bilan_node *ab = b ? bilan_map_get(b->root, BILAN_ATTENDANCE_KEY) : NULL;
	const struct bilan_node *at = t ? bilan_map_get(t->root, BILAN_ATTENDANCE_KEY) : NULL;
	enum bilan_party other = from == BILAN_PARTY_CONSULTANT ? BILAN_PARTY_BENEFICIARY
							       : BILAN_PARTY_CONSULTANT;
	ok = same_sub(bilan_map_get(ab, bilan_party_name(other)),
		      bilan_map_get(at, bilan_party_name(other)));
	if (ok && from == BILAN_PARTY_CONSULTANT) {
		/* the beneficiary's confirmation as format 2 wrote it */
		static const char *const legacy[] = { "confirmed", "confirmed_at", "confirmed_by" };
		for (size_t i = 0; i < 3 && ok; i++)
			ok = same_sub(bilan_map_get(ab, legacy[i]), bilan_map_get(at, legacy[i]));
	}
	if (ok && base.data && theirs.data)
		ok = author_of(b) == author_of(t);
	else if (ok && !base.data)
		ok = author_of(t) == from;
	else if (ok && !theirs.data)
		ok = author_of(b) == from;   /* only its author deletes a séance */
out:
	bilan_doc_free(b);
	bilan_doc_free(t);
	return ok;
}
