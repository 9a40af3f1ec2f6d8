/* fr-typo - French typography (bilan_text_fr_typo, lib/text.h) on stdin to
 * stdout: a filter for msgfilter (po/meson.build's target fr-typo, and
 * tests/po-typo.sh, which fails on a msgstr it would change).
 * usage: fr-typo [--markdown|--html] */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "text.h"

int main(int argc, char **argv)
{
	enum bilan_typo_mode mode = BILAN_TYPO_TEXT;
	if (argc > 1 && !strcmp(argv[1], "--markdown"))
		mode = BILAN_TYPO_MARKDOWN;
	else if (argc > 1 && !strcmp(argv[1], "--html"))
		mode = BILAN_TYPO_HTML;
	struct bilan_buf in = BILAN_BUF_INIT, out = BILAN_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		bilan_buf_printf(&in, "%.*s", (int)n, chunk);
	bilan_text_fr_typo(&out, in.ptr ? in.ptr : "", in.len, mode);
	if (out.len)
		fwrite(out.ptr, 1, out.len, stdout);
	bilan_buf_clear(&in);
	bilan_buf_clear(&out);
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
