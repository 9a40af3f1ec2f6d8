/* journal-entry.c - the entry model of the journal: its kinds and
 * statuses, an entry made, copied and freed (see journal.h).  The cache
 * (journal-cache.c) and the rest of the journal (journal.c) build on it. */
#include "journal.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

const char *const bilan_entry_kind_names[] = {
	"note", "reflexion", "recherche", "enquete", "test",
	"question", "blocage", "seance", "retour", NULL,
};

const char *const bilan_entry_status_names[] = { "ouverte", "reglee", NULL };

/* ------------------------------------------------------------------ */
/* domain values */

static int parse_folded(const char *const *names, const char *typed)
{
	if (!typed)
		return -1;
	char *f = bilan_text_fold(typed);
	/* "En cours" / "en_cours": spaces and '_' as '-' (none of ours has any,
	 * but a trailing blank typed by hand must not matter) */
	size_t len = strlen(f);
	while (len && (f[len - 1] == ' ' || f[len - 1] == '\t'))
		f[--len] = '\0';
	int found = -1;
	for (int i = 0; names[i]; i++)
		if (!strcmp(f, names[i]))
			found = i;
	free(f);
	return found;
}

int bilan_entry_status_index(const char *typed)
{
	return parse_folded(bilan_entry_status_names, typed);
}

int bilan_entry_kind_parse(enum bilan_entry_kind *out, const char *typed)
{
	int i = parse_folded(bilan_entry_kind_names, typed);
	if (i < 0)
		return BILAN_EUSAGE;
	*out = (enum bilan_entry_kind)i;
	return 0;
}

const char *bilan_entry_kind_name(enum bilan_entry_kind k)
{
	if ((int)k < 0 || (int)k >= BILAN_KIND_COUNT)
		return "?";
	return bilan_entry_kind_names[k];
}

bool bilan_entry_kind_closable(enum bilan_entry_kind k)
{
	return k == BILAN_KIND_QUESTION || k == BILAN_KIND_BLOCAGE;
}

/* ------------------------------------------------------------------ */
/* entries */

struct bilan_entry *bilan_entry_new(void)
{
	struct bilan_entry *e = bilan_xcalloc(1, sizeof(*e));
	e->kind = BILAN_KIND_NOTE;
	e->body = bilan_xstrdup("");
	return e;
}

void bilan_entry_free(struct bilan_entry *e)
{
	if (!e)
		return;
	free(e->path);
	free(e->title);
	bilan_strlist_clear(&e->tags);
	free(e->piste);
	free(e->rome);
	free(e->guide);
	free(e->answer);
	free(e->body);
	bilan_node_free(e->extra);
	free(e);
}

static char *dup_or_null(const char *s)
{
	return s ? bilan_xstrdup(s) : NULL;
}

struct bilan_entry *bilan_entry_clone(const struct bilan_entry *e)
{
	struct bilan_entry *c = bilan_xcalloc(1, sizeof(*c));
	*c = *e;
	c->path = dup_or_null(e->path);
	c->title = dup_or_null(e->title);
	memset(&c->tags, 0, sizeof(c->tags));
	for (size_t i = 0; i < e->tags.n; i++)
		bilan_strlist_add(&c->tags, e->tags.v[i]);
	c->piste = dup_or_null(e->piste);
	c->rome = dup_or_null(e->rome);
	c->guide = dup_or_null(e->guide);
	c->answer = dup_or_null(e->answer);
	c->body = bilan_xstrdup(e->body ? e->body : "");
	c->extra = e->extra ? bilan_node_clone(e->extra) : NULL;
	return c;
}
