/* journal-add.c - what 'journal add' decides about a new entry: the rules
 * of a guided reflection, the title given apart, the text typed in the
 * editor (see journal.h). */
#include "journal.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

void bilan_entry_use_guide(struct bilan_entry *e, const struct bilan_guide *g, const char *name,
			   bool shared)
{
	e->kind = BILAN_KIND_REFLEXION;
	free(e->guide);
	e->guide = bilan_xstrdup(name);
	/* a guide about health, family or money: private unless said */
	if (g->is_private && !shared)
		e->is_private = true;
}

int bilan_entry_check_title(const char *title, struct bilan_error *err)
{
	int rc = bilan_entry_check_utf8(title, strlen(title), err);
	if (rc == 0 && strpbrk(title, "\r\n"))
		rc = bilan_error_set(err, BILAN_EUSAGE, _("the title must be one line"));
	return rc;
}

static bool is_instruction(const char *line, size_t len)
{
	return line[0] == '#' && (len == 1 || line[1] == ' ' || line[1] == '\t');
}

char *bilan_entry_strip_instructions(const char *s)
{
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_buf_puts(&b, "");
	const char *p = s;
	while (*p) {
		size_t len = strcspn(p, "\n");
		size_t l = len && p[len - 1] == '\r' ? len - 1 : len;
		if (!(l && is_instruction(p, l)))
			bilan_buf_printf(&b, "%.*s\n", (int)l, p);
		p += len;
		if (*p == '\n')
			p++;
	}
	return bilan_buf_detach(&b);
}

static bool blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

int bilan_entry_set_edited(struct bilan_entry *e, const char *tmpl, const char *typed,
			   size_t len, struct bilan_error *err)
{
	int rc = bilan_entry_check_utf8(typed, len, err);
	if (rc < 0)
		return rc;
	char *before = bilan_entry_strip_instructions(tmpl);
	char *after = bilan_entry_strip_instructions(typed);
	char *nb = bilan_entry_normalise_body(before), *na = bilan_entry_normalise_body(after);
	if (blank(after) || !strcmp(nb, na)) {
		rc = bilan_error_set(err, BILAN_ECANCELLED,
				     blank(after) ? _("the entry is empty, nothing was written")
						  : _("the entry was left unchanged, nothing was written"));
	} else {
		/* the title: the first non-blank line; the body: the rest */
		const char *p = after + strspn(after, " \t\r\n");
		size_t n = strcspn(p, "\n");
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
			n--;
		free(e->title);
		e->title = bilan_xstrndup(p, n);
		p += strcspn(p, "\n");
		free(e->body);
		e->body = bilan_entry_normalise_body(p);
	}
	free(nb);
	free(na);
	free(before);
	free(after);
	return rc;
}
