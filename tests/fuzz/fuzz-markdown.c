/* fuzz-markdown.c - libFuzzer target for the Markdown-to-HTML report path:
 * a journal entry whose title and body are the input, in a workspace on
 * /dev/shm, through bilan_report_build and the HTML and Markdown renderers
 * (lib/report*.c: cmark without CMARK_OPT_UNSAFE, bilan_report_md_parse).
 *
 * Invariants of the HTML report, whatever the body:
 *   - no element that runs or fetches anything: <script, <iframe, <object,
 *     <embed, <img, <link, <meta (other than the report's own head),
 *     <base, <form, <svg with a script, and no on...= event attribute in
 *     any tag;
 *   - no href or src whose scheme, once entities are decoded and blanks and
 *     control characters removed, is javascript:, vbscript:, data: or file:;
 *   - no control character other than newline and tab, no escape sequence,
 *     valid UTF-8;
 * and the Markdown report has no raw control character either.
 * Built by tests/fuzz/run; replayed by meson test (replay-markdown). */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "settings.h"
#include "fs.h"
#include "report.h"
#include "report-internal.h"
#include "text.h"
#include "workspace.h"
#include "yaml-tree.h"

#define CHECK(c)                                                                \
	do {                                                                    \
		if (!(c)) {                                                     \
			fprintf(stderr, "invariant failed: %s (line %d)\n", #c, \
				__LINE__);                                      \
			abort();                                                \
		}                                                               \
	} while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[256];
static struct bilan_ws *ws;
#define ENTRY "journal/2026/11/20261120T100000Z-fuzz.yaml"

static void rm_tree(void)
{
	char *cmd = bilan_xasprintf("rm -rf '%s'", root);
	if (system(cmd) != 0)
		(void)0;
	free(cmd);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct bilan_error err = BILAN_ERROR_INIT;
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
			   getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(root, sizeof(root), "%s/bilan-fuzz-md-XXXXXX", base);
	if (!mkdtemp(root))
		abort();
	atexit(rm_tree);
	setenv("TZ", "Europe/Paris", 1);
#ifdef FUZZ_SOURCE_DIR
	bilan_settings.data_dir = getenv("BILAN_DATA_DIR");
	if (!bilan_settings.data_dir)
		bilan_settings.data_dir = FUZZ_SOURCE_DIR "/data";
	bilan_settings.schema_dir = getenv("BILAN_SCHEMA_DIR");
	if (!bilan_settings.schema_dir)
		bilan_settings.schema_dir = FUZZ_SOURCE_DIR "/schemas";
#endif
	static const char config[] =
		"format: 1\nlanguage: fr\nbeneficiary:\n  name: Camille Martin\n"
		"consultant:\n  name: Sophie Durand\nstart: 2026-11-02\nweekly_goal: 2h\n"
		"phase: investigation\n";
	if (bilan_fs_write_in(root, "bilan.yaml", config, sizeof(config) - 1, &err) < 0 ||
	    bilan_ws_open(&ws, root, &err) < 0) {
		fprintf(stderr, "fuzz-markdown: %s\n", err.message);
		abort();
	}
	return 0;
}

/* Decode the HTML entities of an attribute value, drop blanks and control
 * characters, lowercase: what a browser would take as the URL's start. */
static void url_start(char *out, size_t size, const char *v, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < size; i++) {
		unsigned c = (unsigned char)v[i];
		if (c == '&') {
			const char *semi = memchr(v + i, ';', n - i);
			if (semi && semi - (v + i) < 12) {
				unsigned long cp = 0;
				if (v[i + 1] == '#')
					cp = (v[i + 2] == 'x' || v[i + 2] == 'X') ?
						strtoul(v + i + 3, NULL, 16) : strtoul(v + i + 2, NULL, 10);
				else if (!strncmp(v + i, "&amp;", 5))
					cp = '&';
				else if (!strncmp(v + i, "&colon;", 7))
					cp = ':';
				else if (!strncmp(v + i, "&Tab;", 5) || !strncmp(v + i, "&NewLine;", 9))
					cp = ' ';
				i = (size_t)(semi - v);
				c = cp < 128 ? (unsigned)cp : 'x';
			}
		}
		if (c <= ' ' || c == 0x7f)
			continue;
		out[o++] = (char)tolower((int)c);
	}
	out[o] = '\0';
}

static void check_html(const char *h, size_t len)
{
	CHECK(bilan_utf8_valid(h, len, NULL));
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)h[i];
		CHECK(c >= 0x20 || c == '\n' || c == '\t');
		CHECK(c != 0x7f);
	}
	/* the body starts after the report's own <head> */
	const char *body = strstr(h, "<body>");
	CHECK(body != NULL);
	static const char *const banned[] = { "<script", "<iframe", "<object", "<embed", "<img",
		"<link", "<meta", "<base", "<form", "<input", "<button", "<frame", "<applet",
		"<audio", "<video", "<source", "<style", "<math", "<template", NULL };
	for (const char *p = body; (p = strchr(p, '<')); p++) {
		for (size_t k = 0; banned[k]; k++) {
			size_t n = strlen(banned[k]);
			if (!strncasecmp(p, banned[k], n) && !isalnum((unsigned char)p[n])) {
				fprintf(stderr, "element %s in the report: %.80s\n", banned[k], p);
				abort();
			}
		}
		/* the attributes of this tag, their values quoted or not */
		const char *a = p + 1;
		while (*a && !isspace((unsigned char)*a) && *a != '>')
			a++;   /* the tag's name */
		for (;;) {
			while (*a && isspace((unsigned char)*a))
				a++;
			if (!*a || *a == '>' || (*a == '/' && a[1] == '>'))
				break;
			const char *name = a;
			while (*a && !isspace((unsigned char)*a) && *a != '=' && *a != '>')
				a++;
			size_t nlen = (size_t)(a - name);
			const char *v = NULL;
			size_t vlen = 0;
			if (*a == '=') {
				a++;
				if (*a == '"' || *a == '\'') {
					char q = *a++;
					v = a;
					while (*a && *a != q)
						a++;
					vlen = (size_t)(a - v);
					if (*a)
						a++;
				} else {
					v = a;
					while (*a && !isspace((unsigned char)*a) && *a != '>')
						a++;
					vlen = (size_t)(a - v);
				}
			}
			if (nlen > 2 && !strncasecmp(name, "on", 2)) {
				fprintf(stderr, "event attribute in the report: %.80s\n", name);
				abort();
			}
			if (v && ((nlen == 4 && !strncasecmp(name, "href", 4)) ||
				  (nlen == 3 && !strncasecmp(name, "src", 3)))) {
				char u[64];
				url_start(u, sizeof(u), v, vlen);
				static const char *const schemes[] = { "javascript:", "vbscript:",
								       "data:", "file:", NULL };
				for (size_t k = 0; schemes[k]; k++)
					if (!strncmp(u, schemes[k], strlen(schemes[k]))) {
						fprintf(stderr, "%s link in the report: %.80s\n",
							schemes[k], name);
						abort();
					}
			}
			if (nlen == 0)
				a++;   /* a stray character: move on */
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	if (!ws)
		LLVMFuzzerInitialize(NULL, NULL);
	if (size > 65536 || !bilan_utf8_valid((const char *)data, size, NULL) ||
	    memchr(data, '\0', size))
		return 0;
	char *text = bilan_xstrndup((const char *)data, size);
	/* the first line is the title, the rest the body (as bilan journal add) */
	char *nl = strchr(text, '\n');
	char *title = bilan_xstrndup(text, nl ? (size_t)(nl - text) : strlen(text));
	struct bilan_node *e = bilan_node_map();
	bilan_map_set_str(e, "id", "20261120T100000Z-fuzz");
	bilan_map_set_str(e, "date", "2026-11-20T10:00:00+01:00");
	bilan_map_set_str(e, "kind", "reflexion");
	bilan_map_set_str(e, "title", *title ? title : "sans titre");
	bilan_map_set_str(e, "duration", "30min");
	if (nl && nl[1])
		bilan_map_set_str(e, "body", nl + 1);
	struct bilan_buf y = BILAN_BUF_INIT;
	CHECK(bilan_yaml_emit(&y, e, &err) == 0);
	CHECK(bilan_fs_write_in(root, ENTRY, y.ptr, y.len, &err) == 0);

	struct bilan_report *r = NULL;
	struct bilan_report_opts o = BILAN_REPORT_OPTS_INIT;
	o.now = 1795770000;   /* Friday 2026-11-27 */
	if (bilan_report_build(&r, ws, &o, &err) == 0) {
		struct bilan_buf html = BILAN_BUF_INIT, md = BILAN_BUF_INIT;
		bilan_report_html(&html, r);
		check_html(bilan_buf_cstr(&html), html.len);
		bilan_report_markdown(&md, r);
		for (size_t i = 0; i < md.len; i++) {
			unsigned char c = (unsigned char)md.ptr[i];
			CHECK(c >= 0x20 || c == '\n' || c == '\t');
		}
		bilan_buf_clear(&html);
		bilan_buf_clear(&md);
		bilan_report_free(r);
	} else {
		CHECK(err.message[0] != '\0');
	}
	bilan_buf_clear(&y);
	bilan_node_free(e);
	free(title);
	free(text);
	return 0;
}
