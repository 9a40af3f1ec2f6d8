/* questionnaire-run.h - the questionnaire runner of cmd/, shared by the
 * commands that take a questionnaire with the engine ('bilan test';
 * 'bilan metier ecart' builds one in memory with bilan_q_from_tree and runs
 * it here): cmd/questionnaire-run.c
 * collects answers and shows results, cmd/questionnaire-tty.c is the
 * raw-mode terminal.  No command includes another command's header: what
 * they share lives here.  Only cmd/ prints. */
#ifndef BILAN_CMD_QUESTIONNAIRE_RUN_H
#define BILAN_CMD_QUESTIONNAIRE_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "common.h"
#include "questionnaire.h"

struct test_run_opts {
	const char *answers;        /* --answers "5,4,,3" or NULL */
	const char *answers_file;   /* --answers-file FILE ("-": stdin) or NULL */
	bool restart;               /* discard unfinished answers without asking */
	bool has_date;              /* --date: when it was taken (default: now) */
	struct bilan_time date;
	bool json;                  /* print the result as JSON */
	bool quiet;                 /* print nothing on success */
};
#define TEST_RUN_OPTS_INIT { .answers = NULL, .answers_file = NULL, .restart = false, \
	.has_date = false, .date = { 0 }, .json = false, .quiet = false }

/* Collect the answers to q: scripted (answers / answers_file), else on the
 * terminal one item at a time, keeping unfinished answers in
 * <gitdir>/bilan/partial/<id>.yaml (offered for resumption).  Returns the exit
 * status, problems already reported: EXIT_DONE with *complete true and *out
 * filled (bilan_q_answers_clear) when the answers are complete; EXIT_DONE with
 * *complete false when the person chose to stop and resume later; 128 +
 * signal when interrupted; another status on error.  Never takes the
 * workspace lock. */
int test_collect(struct bilan_q_answers *out, bool *complete, struct bilan_ctx *ctx,
		 const struct bilan_questionnaire *q, const struct test_run_opts *o);

/* The whole run: collect, then write tests/<id>/<record id>.yaml in one
 * commit ("test: <id> result"), remove the unfinished answers, and show the
 * result.  Returns the exit status. */
int test_run_questionnaire(struct bilan_ctx *ctx, const struct bilan_questionnaire *q,
			   const struct test_run_opts *o);

/* Show one result: a line per dimension with a bar, the percent and the
 * interpretation of q (may be NULL: the result's own labels, no
 * interpretation), the profile, per-skill pairs, free-text answers, and the
 * reminder that it is an indicative self-assessment. */
void test_print_result(FILE *f, const struct bilan_q_result *r,
		       const struct bilan_questionnaire *q);
/* The same as JSON (new reference). */
json_t *test_result_json(const struct bilan_q_result *r, const struct bilan_questionnaire *q);


/* --- the pieces test.c and questionnaire-tty.c use too --- */

/* Percent in tenths as a JSON number (62.5). */
json_t *qr_json_pct(int tenths);
/* Print v (consumed) with a short real precision (33.3, not
 * 33.299999999999997); the exit status. */
int qr_print_json(json_t *v);
/* Workspace text padded to a display width / wrapped with an indent,
 * neutralised for the terminal. */
void qr_put_padded(FILE *f, const char *s, size_t width);
void qr_put_wrapped(FILE *f, const char *s, size_t width, const char *indent);
/* A mean in tenths ("3.4", "3,4" in French). */
void qr_fmt_mean(char *buf, size_t size, int tenths);
/* The workspace's language is English / a questionnaire's title in it. */
bool qr_english(const struct bilan_ctx *ctx);
const char *qr_q_title(const struct bilan_questionnaire *q, bool en);
/* The terminal run (questionnaire-tty.c): test_collect's interactive side. */
int qr_collect_interactive(struct bilan_q_answers *out, bool *complete,
			   struct bilan_ctx *ctx, const struct bilan_questionnaire *q,
			   const struct test_run_opts *o);

#endif
