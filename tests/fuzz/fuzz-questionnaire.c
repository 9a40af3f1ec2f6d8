/* fuzz-questionnaire.c - libFuzzer target for questionnaire definitions
 * and scripted answers (lib/questionnaire*.c).
 *
 * Input: a definition (YAML), optionally followed by a line "=====" and
 * the text of an --answers-file; the first line of that text is also tried
 * as an --answers list.  Invariants:
 *   - a definition is refused with a located message or loaded with
 *     1..BILAN_Q_MAX_ITEMS items, ids valid and unique, a scale
 *     0 <= min < max <= 100 with at most 11 points;
 *   - answers are refused (BILAN_EUSAGE, answers untouched) or every value
 *     is inside the scale or skipped;
 *   - scores: raw inside [n*min, n*max], percent in 0..100.0, levels and
 *     profile consistent; the result tree emits as YAML that loads back. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "questionnaire.h"
#include "yaml-tree.h"

#define CHECK(c)                                                                \
	do {                                                                    \
		if (!(c)) {                                                     \
			fprintf(stderr, "invariant failed: %s (line %d)\n", #c, \
				__LINE__);                                      \
			abort();                                                \
		}                                                               \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_answers(const struct bilan_questionnaire *q, const struct bilan_q_answers *a)
{
	CHECK(a->n == q->nitems);
	for (size_t i = 0; i < a->n; i++) {
		if (q->items[i].type == BILAN_Q_ITEM_SCALE) {
			CHECK(a->text[i] == NULL);
			CHECK(a->value[i] == BILAN_Q_SKIPPED ||
			      (a->value[i] >= q->min && a->value[i] <= q->max));
		} else {
			CHECK(a->value[i] == BILAN_Q_SKIPPED);
			CHECK(!a->text[i] || strlen(a->text[i]) <= BILAN_Q_TEXT_MAX);
		}
	}
}

static void check_score(const struct bilan_questionnaire *q, const struct bilan_q_answers *a)
{
	struct bilan_q_score s = BILAN_Q_SCORE_INIT;
	bilan_q_score(&s, q, a);
	CHECK(s.ndims == q->ndims);
	for (size_t d = 0; d < s.ndims; d++) {
		const struct bilan_q_dim_score *ds = &s.dims[d];
		CHECK(ds->n >= 0);
		CHECK(ds->raw >= (long long)ds->n * q->min && ds->raw <= (long long)ds->n * q->max);
		CHECK(ds->has_percent == (ds->n > 0));
		if (ds->has_percent)
			CHECK(ds->tenths >= 0 && ds->tenths <= 1000);
	}
	CHECK(s.ntop <= s.ndims);
	for (size_t k = 0; k < s.ntop; k++) {
		CHECK(s.top[k] < s.ndims);
		CHECK(s.dims[s.top[k]].has_percent);
		if (k > 0)
			CHECK(s.dims[s.top[k]].tenths <= s.dims[s.top[k - 1]].tenths);
	}
	/* the result tree is valid YAML that loads back */
	struct bilan_time when = { 1795770000LL, 3600, true };
	struct bilan_node *tree = bilan_q_result_tree(q, a, &s, &when);
	CHECK(tree != NULL);
	struct bilan_buf out = BILAN_BUF_INIT;
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_doc *doc = NULL;
	CHECK(bilan_yaml_emit(&out, tree, &err) == 0);
	if (bilan_yaml_load_buffer(&doc, "result.yaml", bilan_buf_cstr(&out), out.len, &err) < 0) {
		fprintf(stderr, "result does not load: %s\n%s", err.message, bilan_buf_cstr(&out));
		abort();
	}
	bilan_doc_free(doc);
	bilan_buf_clear(&out);
	bilan_node_free(tree);
	bilan_q_score_clear(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	static const char sep[] = "\n=====\n";
	const char *answers = NULL;
	size_t deflen = size, anslen = 0;
	for (size_t i = 0; i + sizeof(sep) - 1 <= size; i++) {
		if (!memcmp(text + i, sep, sizeof(sep) - 1)) {
			deflen = i + 1;
			answers = text + i + sizeof(sep) - 1;
			anslen = size - i - (sizeof(sep) - 1);
			break;
		}
	}

	struct bilan_questionnaire *q = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	int rc = bilan_q_load_buffer(&q, "fuzz.yaml", text, deflen, &err);
	if (rc < 0) {
		if (getenv("FUZZ_VERBOSE"))
			fprintf(stderr, "refused: %s:%d:%d: %s\n", err.file, err.line, err.col, err.message);
		CHECK(q == NULL);
		CHECK(err.code == rc);
		CHECK(err.message[0] != '\0');
		return 0;
	}
	CHECK(q->nitems >= 1 && q->nitems <= BILAN_Q_MAX_ITEMS);
	CHECK(q->min >= 0 && q->min < q->max && q->max <= 100 && q->max - q->min <= 10);
	CHECK(bilan_q_id_valid(q->id));
	for (size_t i = 0; i < q->nitems; i++) {
		CHECK(bilan_q_item_index(q, q->items[i].id) == i);
		if (q->items[i].type == BILAN_Q_ITEM_SCALE)
			CHECK(q->items[i].dim < q->ndims);
	}
	for (int v = q->min - 1; v <= q->max + 1; v++)
		(void)bilan_q_scale_label(q, v);

	/* no answers: everything skipped */
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	bilan_q_answers_init(&a, q);
	check_score(q, &a);

	if (answers) {
		/* --answers-file */
		struct bilan_error aerr = BILAN_ERROR_INIT;
		rc = bilan_q_answers_parse_text(&a, q, "answers.txt", answers, anslen, &aerr);
		if (rc < 0) {
			CHECK(rc == BILAN_EUSAGE);
			CHECK(aerr.message[0] != '\0');
			CHECK(bilan_q_answers_count(&a) == 0);
		}
		check_answers(q, &a);
		check_score(q, &a);

		/* --answers LIST: the first line */
		const char *nl = memchr(answers, '\n', anslen);
		char *list = bilan_xstrndup(answers, nl ? (size_t)(nl - answers) : anslen);
		struct bilan_q_answers b = BILAN_Q_ANSWERS_INIT;
		bilan_q_answers_init(&b, q);
		if (strlen(list) == (nl ? (size_t)(nl - answers) : anslen)) {
			rc = bilan_q_answers_parse_list(&b, q, list, &aerr);
			if (rc < 0)
				CHECK(bilan_q_answers_count(&b) == 0);
			check_answers(q, &b);
			check_score(q, &b);
		}
		bilan_q_answers_clear(&b);
		free(list);
	}
	bilan_q_answers_clear(&a);
	bilan_q_free(q);
	return 0;
}
