/* test-rome.c - the ROME index against its CSV source, search, lookup,
 * suggestions, and damaged indexes (lib/rome.h).
 *
 * The built index is BILAN_BUILD_DIR/tools/rome.idx (a dependency of this
 * test); the CSVs are read here with libcsv, independently of lib/rome.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "config.h"
#include "buf.h"
#include "errors.h"
#include "rome.h"
#include "text.h"

#define IDX BILAN_BUILD_DIR "/tools/rome.idx"
#define CSV_DIR TEST_SOURCE_DIR "/../data/rome"

static struct bilan_rome *R;

static int setup(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	int rc = bilan_rome_open(&R, IDX, &err);
	if (rc)
		fprintf(stderr, "%s\n", err.message);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	bilan_rome_free(R);
	return 0;
}

/* --- reading a CSV in the test (libcsv) --- */

struct rows {
	char ***row;                 /* row[i][j] */
	size_t *nf;
	size_t n, alloc;
	char **cur;
	size_t ncur, acur;
};

static void fcb(void *s, size_t len, void *data)
{
	struct rows *r = data;
	BILAN_ALLOC_GROW(r->cur, r->ncur + 1, r->acur);
	r->cur[r->ncur++] = bilan_xstrndup(s ? s : "", s ? len : 0);
}

static void rcb(int c, void *data)
{
	(void)c;
	struct rows *r = data;
	size_t a1 = r->alloc;
	BILAN_ALLOC_GROW(r->row, r->n + 1, r->alloc);
	BILAN_ALLOC_GROW(r->nf, r->n + 1, a1);
	r->row[r->n] = r->cur;
	r->nf[r->n++] = r->ncur;
	r->cur = NULL;
	r->ncur = r->acur = 0;
}

static struct rows *load_csv(const char *name)
{
	char *path = bilan_xasprintf("%s/unix_%s_v460_utf8.csv", CSV_DIR, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct csv_parser p;
	assert_int_equal(csv_init(&p, CSV_STRICT), 0);
	struct rows *r = bilan_xcalloc(1, sizeof(*r));
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		assert_int_equal(csv_parse(&p, buf, n, fcb, rcb, r), n);
	assert_int_equal(csv_fini(&p, fcb, rcb, r), 0);
	csv_free(&p);
	fclose(f);
	free(path);
	return r;
}

static void free_csv(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++) {
		for (size_t j = 0; j < r->nf[i]; j++)
			free(r->row[i][j]);
		free(r->row[i]);
	}
	free(r->row);
	free(r->nf);
	free(r);
}

static int col(const struct rows *r, const char *name)
{
	for (size_t j = 0; j < r->nf[0]; j++)
		if (strcmp(r->row[0][j], name) == 0)
			return (int)j;
	fail_msg("no column %s", name);
	return -1;
}

/* --- the index equals the CSV --- */

static void test_all_fiches_match_csv(void **state)
{
	(void)state;
	struct rows *ro = load_csv("referentiel_code_rome");
	struct rows *ri = load_csv("referentiel_code_rome_riasec");
	int cc = col(ro, "code_rome"), ct = col(ro, "libelle_rome");
	assert_int_equal(bilan_rome_count(R), ro->n - 1);
	assert_int_equal(bilan_rome_count(R), 1584);
	for (size_t i = 1; i < ro->n; i++) {
		struct bilan_rome_fiche f;
		assert_int_equal(bilan_rome_lookup(&f, R, ro->row[i][cc], NULL), 0);
		assert_string_equal(f.title, ro->row[i][ct]);
		assert_int_equal(f.grand_domaine, ro->row[i][cc][0]);
		assert_memory_equal(f.domaine_code, ro->row[i][cc], 3);
	}
	int rc = col(ri, "code_rome"), rM = col(ri, "riasec_majeur"), rm = col(ri, "riasec_mineur");
	for (size_t i = 1; i < ri->n; i++) {
		struct bilan_rome_fiche f;
		assert_int_equal(bilan_rome_lookup(&f, R, ri->row[i][rc], NULL), 0);
		assert_int_equal(f.riasec_major, ri->row[i][rM][0]);
		assert_int_equal(f.riasec_minor, ri->row[i][rm][0]);
	}
	free_csv(ro);
	free_csv(ri);
}

/* definition and acces_metier of a few fiches, rebuilt from unix_texte */
static void test_texts_match_csv(void **state)
{
	(void)state;
	static const char *const codes[] = { "J1504", "A1101", "D1102", "K2111", "M1805", "N4101" };
	struct rows *tx = load_csv("texte");
	int cc = col(tx, "code_rome"), ct = col(tx, "libelle_type_texte"),
	    cp = col(tx, "position_phrase"), cl = col(tx, "libelle_texte");
	for (size_t k = 0; k < sizeof(codes) / sizeof(codes[0]); k++) {
		struct bilan_rome_fiche f;
		assert_int_equal(bilan_rome_lookup(&f, R, codes[k], NULL), 0);
		for (int t = 0; t < 2; t++) {
			const char *type = t ? "acces_metier" : "definition";
			struct bilan_buf want = BILAN_BUF_INIT;
			for (int pos = 1; pos < 100; pos++) {
				for (size_t i = 1; i < tx->n; i++) {
					if (strcmp(tx->row[i][cc], codes[k]) || strcmp(tx->row[i][ct], type) ||
					    atoi(tx->row[i][cp]) != pos)
						continue;
					if (want.len)
						bilan_buf_putc(&want, '\n');
					bilan_buf_puts(&want, tx->row[i][cl]);
				}
			}
			/* the one repair: doubled apostrophes made single */
			bilan_buf_puts(&want, "");
			char *w = want.ptr;
			for (char *rd = w, *wr = w;; rd++) {
				if (!(rd[0] == '\'' && rd[1] == '\''))
					*wr++ = *rd;
				if (!*rd)
					break;
			}
			assert_string_equal(t ? f.acces : f.definition, w);
			if (t == 0)
				assert_true(strlen(f.definition) > 20);
			bilan_buf_clear(&want);
		}
	}
	free_csv(tx);
}

/* items, appellations and mobility counts for every fiche */
static void test_lists_match_csv(void **state)
{
	(void)state;
	size_t n = bilan_rome_count(R);
	size_t *items = bilan_xcalloc(n, sizeof(size_t)), *core = bilan_xcalloc(n, sizeof(size_t));
	size_t *apps = bilan_xcalloc(n, sizeof(size_t)), *mobs = bilan_xcalloc(n, sizeof(size_t));
	struct rows *ci = load_csv("coherence_item");
	struct rows *ap = load_csv("referentiel_appellation");
	struct rows *mo = load_csv("rubrique_mobilite");
	struct bilan_rome_fiche f;
	for (size_t i = 1; i < ci->n; i++) {
		assert_int_equal(bilan_rome_lookup(&f, R, ci->row[i][0], NULL), 0);
		items[f.index]++;
		if (ci->row[i][2][0])
			core[f.index]++;
	}
	int ac = col(ap, "code_rome");
	for (size_t i = 1; i < ap->n; i++) {
		assert_int_equal(bilan_rome_lookup(&f, R, ap->row[i][ac], NULL), 0);
		apps[f.index]++;
	}
	for (size_t i = 1; i < mo->n; i++) {
		assert_int_equal(bilan_rome_lookup(&f, R, mo->row[i][0], NULL), 0);
		mobs[f.index]++;
	}
	size_t total_apps = 0;
	for (size_t i = 0; i < n; i++) {
		bilan_rome_get(&f, R, i);
		assert_int_equal(f.n_items, items[i]);
		assert_int_equal(f.n_appellations, apps[i]);
		assert_int_equal(f.n_mobility, mobs[i]);
		total_apps += f.n_appellations;
		/* order: skills before knowledge, core first within each */
		size_t ncore = 0;
		int last_group = -1;
		for (size_t j = 0; j < f.n_items; j++) {
			struct bilan_rome_item it;
			bilan_rome_item(&it, R, i, j);
			assert_true(it.label[0] != '\0');
			ncore += it.core;
			int g = (it.kind == BILAN_ROME_SAVOIR ? 2 : 0) + !it.core;
			assert_true(g >= last_group);
			last_group = g;
		}
		assert_int_equal(ncore, core[i]);
		for (size_t j = 0; j < f.n_mobility; j++)
			assert_true(bilan_rome_mobility(R, i, j) < n);
		for (size_t j = 0; j < f.n_appellations; j++)
			assert_non_null(bilan_rome_appellation(R, i, j));
	}
	assert_int_equal(total_apps, 13120);
	free_csv(ci);
	free_csv(ap);
	free_csv(mo);
	free(items);
	free(core);
	free(apps);
	free(mobs);
}

/* the index built in memory from the CSVs is the file built by the build */
static void test_build_is_deterministic(void **state)
{
	(void)state;
	struct bilan_buf b = BILAN_BUF_INIT;
	assert_int_equal(bilan_rome_build(&b, CSV_DIR, NULL), 0);
	FILE *f = fopen(IDX, "rb");
	assert_non_null(f);
	char *file = bilan_xmalloc(b.len + 1);
	size_t got = fread(file, 1, b.len + 1, f);
	fclose(f);
	assert_int_equal(got, b.len);
	assert_memory_equal(file, b.ptr, b.len);
	free(file);
	bilan_buf_clear(&b);

	struct bilan_rome *m = NULL;
	assert_int_equal(bilan_rome_open_csv(&m, CSV_DIR, NULL), 0);
	assert_int_equal(bilan_rome_count(m), 1584);
	bilan_rome_free(m);
}

/* --- lookup --- */

static void test_lookup(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_rome_fiche f;
	assert_int_equal(bilan_rome_lookup(&f, R, " j1504 ", &err), 0);
	assert_string_equal(f.code, "J1504");
	assert_string_equal(f.title, "Infirmier / Infirmière de bloc opératoire (IBODE)");
	assert_string_equal(f.domaine_code, "J15");
	assert_int_equal(f.grand_domaine, 'J');
	assert_true(f.flags & BILAN_ROME_REGLEMENTE);
	assert_true(f.n_mobility > 0);
	assert_int_equal(bilan_rome_lookup(&f, R, "J15", &err), BILAN_EUSAGE);
	assert_non_null(strstr(err.message, "J15"));
	assert_true(err.hint[0] != '\0');
	assert_int_equal(bilan_rome_lookup(&f, R, "Z1234", &err), BILAN_EUSAGE);
	assert_int_equal(bilan_rome_lookup(&f, R, "J15044", &err), BILAN_EUSAGE);
	assert_int_equal(bilan_rome_lookup(&f, R, "", &err), BILAN_EUSAGE);
	assert_int_equal(bilan_rome_lookup(&f, R, NULL, &err), BILAN_EUSAGE);
	assert_int_equal(bilan_rome_lookup(&f, R, "A9999", &err), BILAN_ENOTFOUND);
	assert_non_null(strstr(err.message, "A9999"));
	char c[6];
	assert_int_equal(bilan_rome_code_parse(c, "k2111", NULL), 0);
	assert_string_equal(c, "K2111");
}

/* --- search --- */

static const char *first_code(const char *q1, const char *q2)
{
	static char code[6];
	const char *w[2] = { q1, q2 };
	struct bilan_rome_hits h = BILAN_ROME_HITS_INIT;
	assert_int_equal(bilan_rome_search(&h, R, w, q2 ? 2 : 1, NULL), 0);
	if (h.n == 0) {
		bilan_rome_hits_clear(&h);
		return "";
	}
	memcpy(code, h.v[0].code, 6);
	bilan_rome_hits_clear(&h);
	return code;
}

static bool finds(const char *query, const char *code)
{
	const char *w[1] = { query };
	struct bilan_rome_hits h = BILAN_ROME_HITS_INIT;
	assert_int_equal(bilan_rome_search(&h, R, w, 1, NULL), 0);
	bool found = false;
	for (size_t i = 0; i < h.n; i++)
		found |= strcmp(h.v[i].code, code) == 0;
	bilan_rome_hits_clear(&h);
	return found;
}

static void test_search(void **state)
{
	(void)state;
	assert_string_equal(first_code("infirmiere", "bloc"), "J1504");
	assert_string_equal(first_code("infirmière", "bloc"), "J1504");
	assert_string_equal(first_code("INFIRMIERES BLOC", NULL), "J1504");
	assert_string_equal(first_code("infirmiers de bloc", NULL), "J1504");
	assert_string_equal(first_code("boulangere", NULL), "D1102");
	assert_string_equal(first_code("boulangères", NULL), "D1102");
	assert_string_equal(first_code("coiffeuse", NULL), "D1202");
	assert_string_equal(first_code("coiffeurs", NULL), "D1202");
	assert_true(finds("directrice agence bancaire", "C1207"));
	assert_true(finds("directeurs d'agence bancaire", "C1207"));
	assert_true(finds("ibode", "J1504"));
	assert_true(finds("infirm bloc", "J1504"));     /* prefixes */
	/* appellation only: "Panseur / Panseuse en bloc opératoire" */
	assert_true(finds("panseuse", "J1504"));
	/* nothing */
	assert_string_equal(first_code("zzzqqq", NULL), "");
	assert_string_equal(first_code("infirmiere", "boulangere"), "");
}

/* Typo tolerance: one edit for words of 4 to 6 letters, two from 7. */
static void test_search_typos(void **state)
{
	(void)state;
	assert_string_equal(first_code("boulanjer", NULL), "D1102");       /* wrong */
	assert_string_equal(first_code("formatuer", NULL), "K2111");       /* swapped */
	assert_string_equal(first_code("coifeuse", NULL), "D1202");        /* missing */
	assert_string_equal(first_code("infirmiere", "blok"), "J1504");    /* one word off */
	assert_true(finds("devloppeur", "M1855"));
	assert_true(finds("devlopeur", "M1855"));                          /* two missing */
	const char *w[] = { "devloppeur" };
	struct bilan_rome_hits h = BILAN_ROME_HITS_INIT;
	assert_int_equal(bilan_rome_search(&h, R, w, 1, NULL), 0);
	assert_true(h.n > 0);
	for (size_t i = 0; i < h.n; i++) {
		assert_true(h.v[i].typo);
		assert_int_equal(h.v[i].edits, 1);
	}
	bilan_rome_hits_clear(&h);
	/* found as written: no typo mode */
	const char *x[] = { "developpeur" };
	assert_int_equal(bilan_rome_search(&h, R, x, 1, NULL), 0);
	assert_true(h.n > 0 && !h.v[0].typo && h.v[0].edits == 0);
	bilan_rome_hits_clear(&h);
	/* three letters off, and short words, stay unmatched */
	const char *y[] = { "dvlppr" };
	assert_int_equal(bilan_rome_search(&h, R, y, 1, NULL), 0);
	assert_int_equal(h.n, 0);
	const char *z[] = { "xqz" };
	assert_int_equal(bilan_rome_search(&h, R, z, 1, NULL), 0);
	assert_int_equal(h.n, 0);
}

static void test_search_ranking(void **state)
{
	(void)state;
	const char *w[] = { "infirmier" };
	struct bilan_rome_hits h = BILAN_ROME_HITS_INIT;
	assert_int_equal(bilan_rome_search(&h, R, w, 1, NULL), 0);
	assert_true(h.n >= 8);
	bool seen_app = false;
	for (size_t i = 0; i < h.n; i++) {
		if (!h.v[i].title_match) {
			seen_app = true;
			assert_non_null(h.v[i].appellation);
		} else {
			assert_false(seen_app);            /* titles first */
			assert_null(h.v[i].appellation);
		}
		if (i > 0 && h.v[i].title_match == h.v[i - 1].title_match)
			assert_true(h.v[i].prefix_words >= h.v[i - 1].prefix_words);
	}
	/* "Infirmier / Infirmière scolaire" is the shortest title */
	assert_string_equal(h.v[0].code, "J1511");
	bilan_rome_hits_clear(&h);

	/* whole word before prefix: "infirmier" ranks above "infirm" alone */
	const char *w2[] = { "chef", "boulanger" };
	assert_int_equal(bilan_rome_search(&h, R, w2, 2, NULL), 0);
	assert_true(h.n > 0);
	assert_string_equal(h.v[0].code, "D1108");
	assert_int_equal(h.v[0].prefix_words, 0);
	bilan_rome_hits_clear(&h);
}

static void test_search_usage(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_rome_hits h = BILAN_ROME_HITS_INIT;
	assert_int_equal(bilan_rome_search(&h, R, NULL, 0, &err), BILAN_EUSAGE);
	const char *w[] = { "  ", "/-" };
	assert_int_equal(bilan_rome_search(&h, R, w, 2, &err), BILAN_EUSAGE);
	/* stop words alone are searched as words */
	const char *w2[] = { "de" };
	assert_int_equal(bilan_rome_search(&h, R, w2, 1, &err), 0);
	assert_true(h.n > 0);
	bilan_rome_hits_clear(&h);
}

static void check_stem(const char *in, const char *want)
{
	char buf[64];
	snprintf(buf, sizeof(buf), "%s", in);
	assert_string_equal(bilan_rome_stem(buf), want);
}

static void test_stem(void **state)
{
	(void)state;
	check_stem("infirmiere", "infirmier");
	check_stem("infirmieres", "infirmier");
	check_stem("infirmiers", "infirmier");
	check_stem("boulangere", "boulanger");
	check_stem("coiffeuse", "coiffeur");
	check_stem("directrice", "directeur");
	check_stem("directrices", "directeur");
	check_stem("technicienne", "technicien");
	check_stem("animaux", "animal");
	check_stem("bureaux", "bureau");
	check_stem("ingenieure", "ingenieur");
	check_stem("employee", "employe");
	check_stem("bus", "bus");
	check_stem("stress", "stress");
	struct bilan_buf b = BILAN_BUF_INIT;
	bilan_rome_tokens(&b, "Infirmières de Bloc-Opératoire", false);
	assert_string_equal(bilan_buf_cstr(&b), "infirmier bloc operatoire");
	bilan_buf_clear(&b);
}

/* --- suggestions --- */

static void test_suggest(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_rome_suggest_opts o = BILAN_ROME_SUGGEST_OPTS_INIT;
	struct bilan_rome_suggestions s = BILAN_ROME_SUGGESTIONS_INIT;
	o.profile = "sai";
	assert_int_equal(bilan_rome_suggest(&s, R, &o, &err), 0);
	assert_int_equal(s.n, 15);
	assert_true(s.total > 15);
	/* strengths by place: S 1000, A 800, I 600; S/A fiches fit best:
	 * (2 * 1000 + 800 + 1) / 3 = 933; ROME 4.60 has 3 of them */
	int pairs[7][7] = { { 0 } };
	for (size_t i = 0; i < s.n; i++) {
		if (i < 3) {
			assert_int_equal(s.v[i].riasec_major, 'S');
			assert_int_equal(s.v[i].riasec_minor, 'A');
			assert_int_equal(s.v[i].score, 933);
		}
		assert_non_null(strchr("SAI", s.v[i].riasec_major));
		if (i)
			assert_true(s.v[i].score <= s.v[i - 1].score);
		const char *L = "RIASEC";
		int M = (int)(strchr(L, s.v[i].riasec_major) - L);
		int m = s.v[i].riasec_minor ? (int)(strchr(L, s.v[i].riasec_minor) - L) : 6;
		/* at most a third of the list (5 of 15) for one pair of letters */
		assert_true(++pairs[M][m] <= 5);
	}
	assert_string_equal(s.v[0].reason,
		"mainly S (Social), your strongest type; then A (Artistic), your second type");
	bilan_rome_suggestions_clear(&s);

	/* the same order on every run */
	struct bilan_rome_suggestions s2 = BILAN_ROME_SUGGESTIONS_INIT;
	assert_int_equal(bilan_rome_suggest(&s, R, &o, &err), 0);
	assert_int_equal(bilan_rome_suggest(&s2, R, &o, &err), 0);
	assert_int_equal(s.n, s2.n);
	for (size_t i = 0; i < s.n; i++)
		assert_string_equal(s.v[i].code, s2.v[i].code);
	bilan_rome_suggestions_clear(&s);
	bilan_rome_suggestions_clear(&s2);

	/* strengths given: S 900, I 620, C 600 (I and C close) -- SIC: Formateur
	 * (K2111, S/C, the broadest S/C sheet) is in the first 15 */
	int strength[6] = { 100, 620, 200, 900, 250, 600 };
	o.profile = "SIC";
	o.strength = strength;
	assert_int_equal(bilan_rome_suggest(&s, R, &o, &err), 0);
	assert_true(s.n <= 15);
	bool formateur = false;
	for (size_t i = 0; i < s.n; i++)
		formateur = formateur || !strcmp(s.v[i].code, "K2111");
	assert_true(formateur);
	assert_string_equal(s.v[0].reason,
		"mainly S (Social), your strongest type; then I (Investigative), your second type");
	bilan_rome_suggestions_clear(&s);
	o.strength = NULL;

	/* regulated and cadre filters */
	o.profile = "SIC";
	o.regulated = -1;
	o.limit = 2000;
	assert_int_equal(bilan_rome_suggest(&s, R, &o, &err), 0);
	for (size_t i = 0; i < s.n; i++)
		assert_false(s.v[i].flags & BILAN_ROME_REGLEMENTE);
	size_t nonreg = s.n;
	bilan_rome_suggestions_clear(&s);
	o.regulated = 1;
	assert_int_equal(bilan_rome_suggest(&s, R, &o, &err), 0);
	for (size_t i = 0; i < s.n; i++)
		assert_true(s.v[i].flags & BILAN_ROME_REGLEMENTE);
	assert_true(s.n > 0 && nonreg > s.n);
	bilan_rome_suggestions_clear(&s);
	o.regulated = 0;
	o.cadre = 1;
	assert_int_equal(bilan_rome_suggest(&s, R, &o, &err), 0);
	for (size_t i = 0; i < s.n; i++)
		assert_true(s.v[i].flags & BILAN_ROME_CADRE);
	bilan_rome_suggestions_clear(&s);
	o.cadre = 0;

	/* every candidate, in order, when the limit allows */
	o.profile = "sai";
	assert_int_equal(bilan_rome_suggest(&s, R, &o, &err), 0);
	for (size_t i = 0; i < s.n; i++) {
		assert_true(strchr("SAI", s.v[i].riasec_major) != NULL);
		if (i)
			assert_true(s.v[i].score <= s.v[i - 1].score);
	}
	assert_int_equal(s.n, s.total);
	bilan_rome_suggestions_clear(&s);

	/* filters */
	const char *excl[] = { "K1201" };
	o.limit = 0;
	o.domains = "k|j";
	o.exclude = excl;
	o.n_exclude = 1;
	assert_int_equal(bilan_rome_suggest(&s, R, &o, &err), 0);
	assert_true(s.n > 0);
	for (size_t i = 0; i < s.n; i++) {
		assert_true(s.v[i].code[0] == 'K' || s.v[i].code[0] == 'J');
		assert_string_not_equal(s.v[i].code, "K1201");
	}
	bilan_rome_suggestions_clear(&s);

	/* bad input */
	o.domains = NULL;
	o.n_exclude = 0;
	o.profile = "SAX";
	assert_int_equal(bilan_rome_suggest(&s, R, &o, &err), BILAN_EUSAGE);
	o.profile = "SS";
	assert_int_equal(bilan_rome_suggest(&s, R, &o, &err), BILAN_EUSAGE);
	o.profile = "";
	assert_int_equal(bilan_rome_suggest(&s, R, &o, &err), BILAN_EUSAGE);
	o.profile = "S";
	o.domains = "Z";
	assert_int_equal(bilan_rome_suggest(&s, R, &o, &err), BILAN_EUSAGE);
	o.domains = NULL;
	const char *bad[] = { "nope" };
	o.exclude = bad;
	o.n_exclude = 1;
	assert_int_equal(bilan_rome_suggest(&s, R, &o, &err), BILAN_EUSAGE);
	assert_int_equal(s.n, 0);
}

/* --- damaged indexes --- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = bilan_xmalloc((size_t)n);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

static void spit(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* the same checksum as lib/rome.c, to forge files that pass it */
static uint64_t rd64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void fix_checksum(unsigned char *p, size_t n)
{
	const unsigned char *d = p + 96;
	size_t len = n - 96, i = 0;
	uint64_t h[4] = { 0x84222325CBF29CE4ull ^ len, 0x9E3779B97F4A7C15ull,
			  0xC2B2AE3D27D4EB4Full, 0x165667B19E3779F9ull };
	for (; i + 32 <= len; i += 32) {
		for (int k = 0; k < 4; k++) {
			h[k] ^= rd64(d + i + 8 * k);
			h[k] *= 0x9E3779B97F4A7C15ull;
			h[k] ^= h[k] >> 29;
		}
	}
	uint64_t r = h[0] ^ (h[1] * 3) ^ (h[2] * 5) ^ (h[3] * 7);
	for (; i < len; i++) {
		r ^= d[i];
		r *= 0x100000001B3ull;
	}
	r ^= r >> 32;
	for (int k = 0; k < 8; k++)
		p[24 + k] = (unsigned char)(r >> (8 * k));
}

/* Open path; when it opens, walk everything (ASan/valgrind catch reads out
 * of bounds).  Returns the open result. */
static int open_and_walk(const char *path, struct bilan_error *err)
{
	struct bilan_rome *r = NULL;
	int rc = bilan_rome_open(&r, path, err);
	if (rc) {
		assert_null(r);
		assert_non_null(strstr(err->message, path));
		return rc;
	}
	size_t total = 0;
	for (size_t i = 0; i < bilan_rome_count(r); i++) {
		struct bilan_rome_fiche f;
		bilan_rome_get(&f, r, i);
		total += strlen(f.title) + strlen(f.definition) + strlen(f.acces) +
			 strlen(f.domaine_label) + strlen(f.grand_domaine_label);
		for (size_t j = 0; j < f.n_items; j++) {
			struct bilan_rome_item it;
			bilan_rome_item(&it, r, i, j);
			total += strlen(it.label);
		}
		for (size_t j = 0; j < f.n_appellations; j++)
			total += strlen(bilan_rome_appellation(r, i, j));
		for (size_t j = 0; j < f.n_mobility; j++)
			total += bilan_rome_mobility(r, i, j) < bilan_rome_count(r);
	}
	const char *w[] = { "infirmiere" };
	struct bilan_rome_hits h = BILAN_ROME_HITS_INIT;
	bilan_rome_search(&h, r, w, 1, NULL);
	bilan_rome_hits_clear(&h);
	assert_true(total > 0);
	bilan_rome_free(r);
	return 0;
}

static void test_corrupt(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/test-rome-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	char *path = bilan_xasprintf("%s/rome.idx", tmpl);
	struct bilan_error err = BILAN_ERROR_INIT;
	size_t len;
	char *orig = slurp(IDX, &len);
	char *data = bilan_xmalloc(len);

	/* missing */
	struct bilan_rome *none = NULL;
	assert_int_equal(bilan_rome_open(&none, path, &err), BILAN_ENOTFOUND);
	assert_null(none);
	assert_non_null(strstr(err.message, path));

	/* empty, tiny, truncated at several places */
	static const size_t cuts[] = { 0, 1, 8, 95, 96, 97, 4096, 100000 };
	for (size_t k = 0; k < sizeof(cuts) / sizeof(cuts[0]); k++) {
		spit(path, orig, cuts[k]);
		assert_int_equal(open_and_walk(path, &err), BILAN_EINVALID);
	}
	spit(path, orig, len - 1);
	assert_int_equal(open_and_walk(path, &err), BILAN_EINVALID);

	/* a flipped byte anywhere: caught by the checksum */
	for (size_t pos = 0; pos < len; pos += len / 97 + 1) {
		memcpy(data, orig, len);
		data[pos] ^= 0x5a;
		spit(path, data, len);
		assert_int_equal(open_and_walk(path, &err), BILAN_EINVALID);
	}

	/* forged: bytes flipped and the checksum recomputed; the bounds checks
	 * must refuse the file or every access must stay inside it */
	unsigned seed = 12345;
	for (int round = 0; round < 300; round++) {
		memcpy(data, orig, len);
		for (int k = 0; k < 4; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t pos = 96 + (seed >> 4) % (len - 96);
			if (round % 3 == 0)       /* aim at the tables' offsets */
				pos = 96 + (seed >> 4) % (len / 2 - 96);
			data[pos] = (char)(seed >> 20);
		}
		fix_checksum((unsigned char *)data, len);
		spit(path, data, len);
		int rc = open_and_walk(path, &err);
		assert_true(rc == 0 || rc == BILAN_EINVALID);
	}

	/* forged: section table pointing outside the file */
	memcpy(data, orig, len);
	data[40 + 8 * 3 + 3] = 0x7f;
	fix_checksum((unsigned char *)data, len);
	spit(path, data, len);
	assert_int_equal(open_and_walk(path, &err), BILAN_EINVALID);
	assert_non_null(strstr(err.message, "bounds"));

	/* wrong magic */
	memcpy(data, orig, len);
	data[0] = 'X';
	spit(path, data, len);
	assert_int_equal(open_and_walk(path, &err), BILAN_EINVALID);

	/* a directory */
	assert_int_equal(open_and_walk(tmpl, &err), BILAN_EINVALID);

	unlink(path);
	rmdir(tmpl);
	free(path);
	free(orig);
	free(data);
}

static void test_bad_csv(void **state)
{
	(void)state;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_rome *m = NULL;
	char tmpl[] = "/tmp/test-rome-csv-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	/* missing files: the error names the first one */
	assert_int_equal(bilan_rome_open_csv(&m, tmpl, &err), BILAN_ENOTFOUND);
	assert_non_null(strstr(err.message, "unix_grand_domaine_v460_utf8.csv"));
	assert_null(m);
	/* a malformed one */
	char *p = bilan_xasprintf("%s/unix_grand_domaine_v460_utf8.csv", tmpl);
	const char *bad1 = "\"code_grand_domaine\",\"libelle_grand_domaine\"\n\"A\",\"x\"y\"\n";
	spit(p, bad1, strlen(bad1));
	assert_int_equal(bilan_rome_open_csv(&m, tmpl, &err), BILAN_EINVALID);
	assert_non_null(strstr(err.file, "unix_grand_domaine"));
	/* a missing column */
	const char *bad2 = "\"code\",\"libelle_grand_domaine\"\n\"A\",\"x\"\n";
	spit(p, bad2, strlen(bad2));
	assert_int_equal(bilan_rome_open_csv(&m, tmpl, &err), BILAN_EINVALID);
	assert_non_null(strstr(err.message, "code_grand_domaine"));
	unlink(p);
	rmdir(tmpl);
	free(p);
}

/* The phrasings of a refusal: each maps to the ROME's contexts of work it
 * refuses; a wish refuses nothing. */
static void test_refused_contexts(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		unsigned want[3];
	} cases[] = {
		{ "pas de travail de nuit", { 300803 } },
		{ "Jamais le week-end ni les jours fériés", { 23376 } },
		{ "ni nuit ni week-end", { 300803, 23376 } },
		{ "Non négociable : sans déplacements", { 300779 } },
		{ "éviter le port de charges lourdes (dos)", { 300795 } },
		{ "pas d'astreinte, pas d'horaires décalés", { 300804, 300805 } },
		{ "rester à Lyon, pas le dimanche", { 300793 } },
		{ "plus de travail debout toute la journée", { 300800 } },
		{ "hors de question de travailler le samedi", { 23374 } },
		{ "travailler en extérieur", { 0 } },
		{ "j'aime les déplacements", { 0 } },
		{ "rester à Lyon", { 0 } },
		{ "", { 0 } },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++) {
		unsigned got[8];
		size_t n = bilan_rome_refused_contexts(got, 8, cases[c].text);
		size_t want = 0;
		while (want < 3 && cases[c].want[want])
			want++;
		if (n != want)
			fail_msg("'%s': %zu contexts, expected %zu", cases[c].text, n, want);
		for (size_t k = 0; k < n; k++)
			assert_int_equal(got[k], cases[c].want[k]);
	}
	assert_string_equal(bilan_rome_context_label(300803), "Travail de nuit");
	assert_null(bilan_rome_context_label(1));
	/* max is kept */
	unsigned one[1];
	assert_int_equal(bilan_rome_refused_contexts(one, 1, "ni nuit ni week-end"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_fiches_match_csv),
		cmocka_unit_test(test_texts_match_csv),
		cmocka_unit_test(test_lists_match_csv),
		cmocka_unit_test(test_build_is_deterministic),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_search_typos),
		cmocka_unit_test(test_search_ranking),
		cmocka_unit_test(test_search_usage),
		cmocka_unit_test(test_stem),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_refused_contexts),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_bad_csv),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
