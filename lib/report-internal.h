/* report-internal.h - internal to lib/: what report.c gives its three
 * renderers (report-md.c, report-html.c, report-json.c) beside the public
 * contract of report.h: labels, dates and numbers in French, the text of
 * an entry, Markdown made safe.
 */
#ifndef BILAN_REPORT_INTERNAL_H
#define BILAN_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"

/* The synthèse's parts that JSON gives as data (the layout uses the same). */
struct bilan_report_step {
	int64_t t;                   /* the day, when dated */
	bool dated;
	char *text;
};
/* The action plan: each "- WHEN : what" line of the shown entries tagged
 * plan, dated steps first in date order.  Returns how many; *out is the
 * caller's (bilan_report_plan_free). */
size_t bilan_report_plan(struct bilan_report_step **out, const struct bilan_report *r);
void bilan_report_plan_free(struct bilan_report_step *v, size_t n);
/* The follow-up interview (a séance of phase terminee), or NULL; when there
 * is none, the day it is due (six months after the end). */
const struct bilan_seance *bilan_report_follow_up(const struct bilan_report *r);
int64_t bilan_report_follow_up_due(const struct bilan_report *r);
/* Whether e is a comment of the beneficiary on the synthèse; *shown says
 * whether this report shows it (a private one only in the private version). */
bool bilan_report_is_comment(const struct bilan_report *r, const struct bilan_entry *e,
			     bool *shown);
/* The decision view's inputs: the leading values (questionnaire valeurs),
 * the non-negotiable constraints shown (*hidden counts entries left out). */
void bilan_report_top_values(struct bilan_strlist *out, const struct bilan_report *r);
void bilan_report_nonnegotiable(struct bilan_strlist *out, const struct bilan_report *r,
				size_t *hidden);
/* The evidence rule: an enquête held or a research note for p. */
bool bilan_report_piste_has_evidence(const struct bilan_report *r, const struct bilan_piste *p);
/* The decision view (report decision, the synthèse's project, JSON's
 * "decision"), built once for the layout and for JSON: the leading values,
 * the non-negotiable constraints, and each piste still in play with its
 * evidence and the enquêtes that say something of it. */
struct bilan_report_decision_piste {
	const struct bilan_report_piste *rp;
	bool evidence;               /* bilan_report_piste_has_evidence */
	/* its enquêtes with a "confirmed" or an "attention" text, in order */
	const struct bilan_report_enquete **enquetes;
	size_t nenquetes;
};
struct bilan_report_decision {
	struct bilan_strlist values;       /* bilan_report_top_values */
	struct bilan_strlist constraints;  /* bilan_report_nonnegotiable */
	size_t constraints_private;        /* private entries left out */
	struct bilan_report_decision_piste *pistes;   /* every piste but the ecartee */
	size_t npistes;
};
void bilan_report_decision(struct bilan_report_decision *out, const struct bilan_report *r);
void bilan_report_decision_clear(struct bilan_report_decision *d);

/* French labels of domain values ("validée", "réflexion", ...). */
const char *bilan_report_piste_label(enum bilan_piste_status s);
const char *bilan_report_enquete_label(enum bilan_enquete_status s);
const char *bilan_report_verdict_label(enum bilan_verdict v);
const char *bilan_report_kind_label(enum bilan_entry_kind k);
const char *bilan_report_phase_label(enum bilan_phase p);
/* "27/11/2026" / "27/11/2026 14:30" in the local zone (buf of 32). */
const char *bilan_report_day(char *buf, const struct bilan_time *t);
const char *bilan_report_when(char *buf, const struct bilan_time *t);
/* Percent in tenths as French text: "62,5 %" (buf of 16). */
const char *bilan_report_percent(char *buf, int tenths);
/* A value of chart c as French text: "3,4 sur 5" on an answer scale, else
 * a percent; "–" for none (buf of 24).  Its place on the chart's axis, in
 * thousandths (0 at the scale's minimum), or -1 for none. */
const char *bilan_report_chart_value(char *buf, const struct bilan_rchart *c, int v);
int bilan_report_chart_permille(const struct bilan_rchart *c, int v);
/* The maîtrise/envie pair of skill s in the latest take of t: -1 when the
 * questionnaire has no pairs, 0 nothing to say, 1 a strength (both high),
 * 2 to grow (wanted, less mastered), 3 mastered but not wanted. */
int bilan_report_skill_pair(const struct bilan_report_test *t, size_t s);
/* A guided reflection's body without the questions left unanswered (a
 * heading stays when text follows it before the next heading of its level
 * or above).  Caller frees. */
char *bilan_report_answered(const char *body);
/* An entry's text without its title when the body starts with it (text
 * from arguments or a pipe), and without unanswered questions.  Caller
 * frees. */
char *bilan_report_body_text(const struct bilan_entry *e);
/* Text of a rich line without styles (tables, titles). Caller frees. */
char *bilan_rtext_plain(const struct bilan_rtext *t);
/* Parse a journal body (Markdown) with cmark (CMARK_OPT_DEFAULT, never
 * UNSAFE) after neutralising control characters, and make it safe to embed:
 * headings moved down by shift levels (at most 6), images turned into plain
 * links (nothing is fetched), links to javascript:, vbscript:, file: and
 * data: emptied, and with html_as_text raw HTML turned into code (so that a
 * Markdown reader shows it as text).  The caller frees the tree with
 * cmark_node_free (report-md.c). */
struct cmark_node;
struct cmark_node *bilan_report_md_parse(const char *body, int shift, bool html_as_text);
/* Append a journal body to a Markdown report: parsed by
 * bilan_report_md_parse (headings 3 levels down, HTML as code), written
 * back by cmark, then an empty line.  A plain body (bilan_report_md_plain)
 * is copied instead: the same bytes, without cmark (report-md.c). */
void bilan_report_md_body(struct bilan_buf *out, const char *md);
/* The same, always through cmark (the reference of the plain copy). */
void bilan_report_md_body_cmark(struct bilan_buf *out, const char *md);
/* When md is plain prose that cmark would write back unchanged (lines
 * that start with a letter, no Markdown syntax but **strong** words, a
 * known set of characters), append what bilan_report_md_body_cmark would
 * and return true; else append nothing and return false. */
bool bilan_report_md_plain(struct bilan_buf *out, const char *md);
/* Append s with control characters and escape sequences made visible
 * (\x1b), as bilan_text_sanitize_terminal does, keeping \n and \t. */
void bilan_report_clean(struct bilan_buf *out, const char *s);

#endif
