/* rome-index - build-time converter: ROME CSV files -> rome.idx.
 *
 *   rome-index CSV_DIR OUTPUT
 *
 * Reads the vendored CSV files (libcsv, see lib/rome.h for the format),
 * writes the index atomically (OUTPUT.tmp then rename) and checks it by
 * opening it as the runtime does. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "errors.h"
#include "rome.h"

static int fail(const struct bilan_error *err)
{
	if (err->file[0])
		fprintf(stderr, "rome-index: %s: %s\n", err->file, err->message);
	else
		fprintf(stderr, "rome-index: %s\n", err->message);
	return 1;
}

int main(int argc, char **argv)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_buf idx = BILAN_BUF_INIT;
	struct bilan_rome *r = NULL;
	if (argc != 3) {
		fprintf(stderr, "usage: rome-index CSV_DIR OUTPUT\n");
		return 2;
	}
	if (bilan_rome_build(&idx, argv[1], &err) != 0)
		return fail(&err);
	char *tmp = bilan_xasprintf("%s.tmp", argv[2]);
	FILE *f = fopen(tmp, "wb");
	if (!f || fwrite(idx.ptr, 1, idx.len, f) != idx.len || fclose(f) != 0) {
		fprintf(stderr, "rome-index: cannot write '%s': %s\n", tmp, strerror(errno));
		unlink(tmp);
		return 1;
	}
	if (rename(tmp, argv[2]) != 0) {
		fprintf(stderr, "rome-index: cannot rename '%s': %s\n", tmp, strerror(errno));
		unlink(tmp);
		return 1;
	}
	if (bilan_rome_open(&r, argv[2], &err) != 0)
		return fail(&err);
	printf("rome-index: %zu fiches, %zu bytes -> %s\n", bilan_rome_count(r), idx.len, argv[2]);
	bilan_rome_free(r);
	bilan_buf_clear(&idx);
	free(tmp);
	return 0;
}
