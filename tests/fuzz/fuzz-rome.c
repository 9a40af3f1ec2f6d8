/* fuzz-rome.c - libFuzzer target for the ROME CSV loader (lib/rome.c:
 * bilan_rome_build / bilan_rome_open_csv) and the reader on what it builds.
 *
 * Input: the nine CSV files of a ROME release, in the order of NAMES below,
 * separated by lines "@@@@" (a missing part is a missing file).  They are
 * written to a private folder in /dev/shm (else TMPDIR) and loaded.
 * Invariants: a refusal is a message naming the file; an index that loads
 * passes its own validation, every fiche looks up by its code, every string
 * is valid UTF-8, every appellation, item and mobility target is in range,
 * and search and suggestions run on it without a crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs.h"
#include "rome.h"
#include "text.h"

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

static const char *const NAMES[] = {
	"grand_domaine", "domaine_professionnel", "referentiel_code_rome",
	"referentiel_code_rome_riasec", "texte", "referentiel_appellation", "item",
	"coherence_item", "rubrique_mobilite",
};
#define NFILES (sizeof(NAMES) / sizeof(NAMES[0]))

static char dir[256];

static void cleanup(void)
{
	for (size_t i = 0; i < NFILES; i++) {
		char *p = bilan_xasprintf("%s/unix_%s_v460_utf8.csv", dir, NAMES[i]);
		unlink(p);
		free(p);
	}
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
			   getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(dir, sizeof(dir), "%s/bilan-fuzz-rome-XXXXXX", base);
	if (!mkdtemp(dir))
		abort();
	atexit(cleanup);
	return 0;
}

static void check_str(const char *s)
{
	CHECK(s != NULL);
	CHECK(bilan_utf8_valid(s, strlen(s), NULL));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sep[] = "\n@@@@\n";
	const char *p = (const char *)data, *end = p + size;
	if (!dir[0])
		LLVMFuzzerInitialize(NULL, NULL);
	for (size_t i = 0; i < NFILES; i++) {
		char *path = bilan_xasprintf("%s/unix_%s_v460_utf8.csv", dir, NAMES[i]);
		if (p) {
			const char *q = p;
			const char *next = NULL;
			for (; q + sizeof(sep) - 1 <= end; q++)
				if (!memcmp(q, sep, sizeof(sep) - 1)) {
					next = q + sizeof(sep) - 1;
					break;
				}
			size_t len = next ? (size_t)(q - p) + 1 : (size_t)(end - p);
			if (bilan_fs_write_atomic(path, p, len, 0600, NULL) < 0)
				abort();
			p = next;
		} else {
			unlink(path);
		}
		free(path);
	}

	struct bilan_rome *r = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	int rc = bilan_rome_open_csv(&r, dir, &err);
	if (rc < 0) {
		if (getenv("FUZZ_VERBOSE"))
			fprintf(stderr, "refused: %s:%d:%d: %s\n", err.file, err.line, err.col, err.message);
		CHECK(r == NULL);
		CHECK(err.code == rc);
		CHECK(err.message[0] != '\0');
		return 0;
	}
	size_t n = bilan_rome_count(r);
	for (size_t i = 0; i < n; i++) {
		struct bilan_rome_fiche f, g;
		bilan_rome_get(&f, r, i);
		CHECK(f.index == i);
		check_str(f.code);
		check_str(f.title);
		check_str(f.definition);
		check_str(f.acces);
		check_str(f.grand_domaine_label);
		check_str(f.domaine_label);
		CHECK(bilan_rome_lookup(&g, r, f.code, NULL) == 0 && g.index == i);
		for (size_t j = 0; j < f.n_appellations; j++)
			check_str(bilan_rome_appellation(r, i, j));
		for (size_t j = 0; j < f.n_items; j++) {
			struct bilan_rome_item it;
			bilan_rome_item(&it, r, i, j);
			check_str(it.label);
		}
		for (size_t j = 0; j < f.n_mobility; j++)
			CHECK(bilan_rome_mobility(r, i, j) < n);
	}
	/* search with words of the first title, and a prefix */
	if (n) {
		struct bilan_rome_fiche f;
		bilan_rome_get(&f, r, 0);
		const char *queries[][2] = { { f.title, NULL }, { "a", NULL }, { "conducteur", "engins" },
					     { "infirmières", NULL } };
		for (size_t k = 0; k < sizeof(queries) / sizeof(queries[0]); k++) {
			struct bilan_rome_hits hits = BILAN_ROME_HITS_INIT;
			if (bilan_rome_search(&hits, r, queries[k], queries[k][1] ? 2 : 1, NULL) == 0)
				for (size_t h = 0; h < hits.n; h++)
					CHECK(hits.v[h].fiche < n);
			bilan_rome_hits_clear(&hits);
		}
		struct bilan_rome_suggestions sg = BILAN_ROME_SUGGESTIONS_INIT;
		struct bilan_rome_suggest_opts so = BILAN_ROME_SUGGEST_OPTS_INIT;
		so.profile = "SAI";
		if (bilan_rome_suggest(&sg, r, &so, NULL) == 0)
			for (size_t k = 0; k < sg.n; k++)
				CHECK(sg.v[k].fiche < n);
		bilan_rome_suggestions_clear(&sg);
	}
	bilan_rome_free(r);
	return 0;
}
