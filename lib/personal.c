/* personal.c - personal data in the text of a file (see personal.h). */
#include "personal.h"

#include <stdbool.h>
#include <string.h>

#include "yaml-tree.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

static bool is_email_local(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static bool is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool bilan_find_email(const char *text, size_t len, size_t *pos, size_t *start, size_t *end)
{
	const unsigned char *t = (const unsigned char *)text;
	for (size_t at = *pos; at < len; at++) {
		if (t[at] != '@')
			continue;
		size_t s = at;
		while (s > 0 && is_email_local(t[s - 1]))
			s--;
		while (s < at && (t[s] == '.' || t[s] == '-'))
			s++;
		if (s == at)
			continue;
		/* domain: labels of [A-Za-z0-9-] separated by dots, the last
		 * one (2+ letters) alphabetic */
		size_t e = at + 1, last_dot;
		while (e < len && (is_alnum(t[e]) || t[e] == '-' || t[e] == '.')) {
			if (t[e] == '.' && (e == at + 1 || t[e - 1] == '.'))
				break;
			e++;
		}
		while (e > at + 1 && (t[e - 1] == '.' || t[e - 1] == '-'))
			e--;
		last_dot = 0;
		for (size_t k = at + 1; k < e; k++)
			if (t[k] == '.')
				last_dot = k;
		if (!last_dot)
			continue;
		bool tld = e - last_dot - 1 >= 2;
		for (size_t i = last_dot + 1; i < e && tld; i++)
			tld = (t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z');
		if (!tld)
			continue;
		*start = s;
		*end = e;
		*pos = e;
		return true;
	}
	*pos = len;
	return false;
}

static bool is_sep(unsigned char c)
{
	return c == ' ' || c == '.' || c == '-';
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Match a French phone number at t[i]; returns its end or 0.  The national
 * part is a digit 1-9 and four pairs of digits, each pair preceded by the
 * same separator or none. */
static size_t phone_at(const unsigned char *t, size_t len, size_t i)
{
	size_t p = i;
	if (p + 3 < len && t[p] == '+' && t[p + 1] == '3' && t[p + 2] == '3') {
		p += 3;
		if (p < len && is_sep(t[p]))
			p++;
		if (p + 2 < len && t[p] == '(' && t[p + 1] == '0' && t[p + 2] == ')')
			p += 3;
	} else if (p + 4 < len && !memcmp(t + p, "0033", 4)) {
		p += 4;
		if (p < len && is_sep(t[p]))
			p++;
	} else if (p < len && t[p] == '0') {
		p++;
	} else {
		return 0;
	}
	if (p >= len || t[p] < '1' || t[p] > '9')
		return 0;
	p++;
	unsigned char sep = 0;
	for (int pair = 0; pair < 4; pair++) {
		if (p < len && is_sep(t[p])) {
			if ((pair > 0 && !sep) || (sep && t[p] != sep))
				return 0;
			sep = t[p++];
		} else if (sep) {
			return 0;
		}
		if (p + 1 >= len || !is_digit(t[p]) || !is_digit(t[p + 1]))
			return 0;
		p += 2;
	}
	if (p < len && (is_alnum(t[p]) || t[p] == '@' ||
			(is_sep(t[p]) && p + 1 < len && is_digit(t[p + 1]))))
		return 0;
	return p;
}

bool bilan_find_phone(const char *text, size_t len, size_t *pos, size_t *start, size_t *end)
{
	const unsigned char *t = (const unsigned char *)text;
	for (size_t i = *pos; i < len; i++) {
		if (t[i] != '0' && t[i] != '+')
			continue;
		if (i > 0 && (is_alnum(t[i - 1]) || t[i - 1] == '+' || t[i - 1] == '-' ||
			      t[i - 1] == '.' || t[i - 1] == '/' || t[i - 1] == ':'))
			continue;
		size_t e = phone_at(t, len, i);
		if (e) {
			*start = i;
			*end = e;
			*pos = e;
			return true;
		}
	}
	*pos = len;
	return false;
}

static bool is_upper_start(const unsigned char *t, size_t len, size_t i)
{
	if (i >= len)
		return false;
	if (t[i] >= 'A' && t[i] <= 'Z')
		return true;
	/* É, È, Ê, À, Â, Î, Ô, Û, Ç (UTF-8 C3 80..9F) */
	return t[i] == 0xC3 && i + 1 < len && t[i + 1] >= 0x80 && t[i + 1] <= 0x9F;
}

/* The street words of a French address, lower case, each followed by a
 * space or a dot in the text. */
static size_t street_word_at(const unsigned char *t, size_t len, size_t i)
{
	static const char *const words[] = { "rue", "avenue", "av", "boulevard", "bd", "bld",
		"chemin", "impasse", "allée", "allee", "place", "route", "quai", "cours",
		"square", "passage", "résidence", "residence", "lotissement", "lieu-dit",
		"hameau", "voie", "sentier", "cité", "cite", NULL };
	for (size_t k = 0; words[k]; k++) {
		size_t n = strlen(words[k]);
		if (i + n < len && !strncasecmp((const char *)t + i, words[k], n) &&
		    (t[i + n] == ' ' || t[i + n] == '.'))
			return i + n;
	}
	return 0;
}

bool bilan_find_address(const char *text, size_t len, size_t *pos, size_t *start, size_t *end)
{
	const unsigned char *t = (const unsigned char *)text;
	for (size_t i = *pos; i < len; i++) {
		if (!is_digit(t[i]) || (i > 0 && (is_alnum(t[i - 1]) || t[i - 1] == '.' ||
						  t[i - 1] == ',' || t[i - 1] == '-' ||
						  t[i - 1] == '/' || t[i - 1] == ':')))
			continue;
		size_t d = i;
		while (d < len && is_digit(t[d]))
			d++;
		size_t nd = d - i;
		/* "12 rue des Lilas", "3 bis, avenue Foch" */
		if (nd <= 4) {
			size_t p = d;
			if (p + 4 <= len && (!strncasecmp(text + p, " bis", 4) ||
					     !strncasecmp(text + p, " ter", 4)))
				p += 4;
			else if (p < len && (t[p] == 'b' || t[p] == 't') && p + 1 < len && t[p + 1] == ' ')
				p++;
			if (p < len && t[p] == ',')
				p++;
			if (p < len && t[p] == ' ') {
				size_t e = street_word_at(t, len, p + 1);
				if (e && e + 1 < len && (is_alnum(t[e + 1]) || t[e + 1] >= 0x80 ||
							 t[e + 1] == ' ')) {
					*start = i;
					*end = e;
					*pos = e;
					return true;
				}
			}
		}
		/* "75011 Paris": a postcode (01 to 98) and a town */
		if (nd == 5 && !(t[i] == '0' && t[i + 1] == '0') && !(t[i] == '9' && t[i + 1] == '9') &&
		    d + 1 < len && t[d] == ' ' && is_upper_start(t, len, d + 1)) {
			size_t e = d + 1;
			while (e < len && (is_alnum(t[e]) || t[e] >= 0x80 || t[e] == '-'))
				e++;
			/* a town name of two letters or more */
			if (e - (d + 1) >= 2) {
				*start = i;
				*end = e;
				*pos = e;
				return true;
			}
		}
		i = d;
	}
	*pos = len;
	return false;
}

static void line_col(const char *text, size_t off, int *line, int *col)
{
	int l = 1, c = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static bool looks_binary(const char *s, size_t n)
{
	return memchr(s, '\0', n < 8000 ? n : 8000) != NULL;
}

static bool contact_key(const char *k)
{
	static const char *const keys[] = { "phone", "telephone", "téléphone", "tel",
		"mobile", "portable", "email", "e-mail", "mail", "courriel", NULL };
	for (size_t i = 0; keys[i]; i++)
		if (!strcmp(k, keys[i]))
			return true;
	return false;
}

/* The "private: true" marker of a record (also "prive", "privé"), or NULL. */
static const struct bilan_node *private_marker(const struct bilan_node *root)
{
	const struct bilan_node *pv = bilan_map_get(root, "private");
	if (!pv)
		pv = bilan_map_get(root, "prive");
	if (!pv)
		pv = bilan_map_get(root, "privé");
	if (pv && pv->type == BILAN_NODE_SCALAR && pv->kind == BILAN_SCALAR_PLAIN &&
	    (!strcmp(pv->value, "true") || !strcmp(pv->value, "True") ||
	     !strcmp(pv->value, "TRUE")))
		return pv;
	return NULL;
}

static bool has_component(const char *rel, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = rel; p; p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL)
		if (!strncmp(p, name, n) && (p[n] == '/' || p[n] == '\0'))
			return true;
	return false;
}

size_t bilan_scan_personal(struct bilan_personal out[BILAN_PERSONAL_MAX], const char *rel,
			   const char *text, size_t len)
{
	size_t n = 0, pos, s, e;
	if (len > BILAN_PERSONAL_SCAN_MAX || looks_binary(text, len))
		return 0;
	if (ends_with(rel, ".yaml")) {
		struct bilan_doc *doc = NULL;
		if (bilan_yaml_load_buffer(&doc, rel, text, len, NULL) == 0 && doc->root &&
		    doc->root->type == BILAN_NODE_MAP) {
			const struct bilan_node *pv = private_marker(doc->root);
			if (pv)
				out[n++] = (struct bilan_personal){ BILAN_PERSONAL_MARKED, pv->line,
								    pv->col };
			bool contact = false;
			for (size_t i = 0; i < doc->root->n && !contact; i++)
				contact = contact_key(doc->root->pairs[i].key->value);
			if (contact || has_component(rel, "contacts"))
				out[n++] = (struct bilan_personal){ BILAN_PERSONAL_CONTACT, 0, 0 };
		}
		bilan_doc_free(doc);
	}
	static const struct {
		enum bilan_personal_kind kind;
		bool (*find)(const char *, size_t, size_t *, size_t *, size_t *);
	} finders[] = {
		{ BILAN_PERSONAL_EMAIL, bilan_find_email },
		{ BILAN_PERSONAL_PHONE, bilan_find_phone },
		{ BILAN_PERSONAL_ADDRESS, bilan_find_address },
	};
	for (size_t k = 0; k < sizeof(finders) / sizeof(finders[0]); k++) {
		pos = 0;
		if (finders[k].find(text, len, &pos, &s, &e)) {
			int line, col;
			line_col(text, s, &line, &col);
			out[n++] = (struct bilan_personal){ finders[k].kind, line, col };
		}
	}
	return n;
}

