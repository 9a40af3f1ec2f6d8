/* report.h - the reports of a bilan: progress (suivi), preparation of the
 * next meeting (seance) and a draft of the document de synthèse (synthese),
 * in Markdown, HTML or JSON.
 *
 * The model (report.c).  bilan_report_build reads the workspace through the
 * domain modules only (journal.h, questionnaire.h, piste.h, enquete.h,
 * seance.h, todo.h, rome.h) and never opens the repository.  It gathers into
 * one struct bilan_report everything the report shows; bilan_report_layout
 * lays it out as a list of blocks (headings, paragraphs, lists, tables, charts, journal
 * entries) that the Markdown and HTML renderers turn into text; the JSON
 * renderer writes the typed model.  So the three formats carry the same
 * content.  Report text is French (the beneficiary and the consultant are);
 * the messages of problems are in the user's language.
 *
 * Privacy.  Private journal entries (private/journal/) and the contact
 * details of the people interviewed (private/contacts/) are left out unless
 * include_private; the report says what it left out (omitted_*), and says
 * so plainly when it holds private content.  Time spent counts every entry,
 * private ones included (as 'bilan journal time' does): the figure is not
 * private, the content is.
 *
 * Broken files.  A file that cannot be read (invalid YAML, a record a domain
 * module refuses) is listed in problems with FILE:LINE:COL and left out;
 * everything else is still reported.  bilan_report_build fails only when a
 * folder cannot be read.
 *
 * Window.  opts.since restricts what happened (journal entries and their
 * time, questionnaire takes, enquêtes held, moves of pistes, to-do items
 * done); what is (pistes, open questions, open to-do items, séances) is shown
 * whole.  The seance kind's window starts at the last séance held (else at
 * the start of the bilan) unless since is given.
 *
 * Safety.  Text from the workspace is untrusted: Markdown output escapes it
 * (journal bodies are kept as Markdown, their headings moved below the
 * report's); HTML output escapes every text and attribute, renders journal
 * bodies with cmark without CMARK_OPT_UNSAFE (raw HTML becomes a comment,
 * javascript: and similar links are dropped), turns images into plain links
 * (nothing is fetched) and carries a Content-Security-Policy that forbids
 * scripts and any fetch; control characters and escape sequences are
 * neutralised (shown as \x1b) in Markdown and HTML; JSON escapes them.
 */
#ifndef BILAN_REPORT_H
#define BILAN_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "enquete.h"
#include "errors.h"
#include "journal.h"
#include "piste.h"
#include "questionnaire.h"
#include "seance.h"
#include "todo.h"
#include "workspace.h"

enum bilan_report_kind {
	BILAN_REPORT_SUIVI,
	BILAN_REPORT_SEANCE,
	BILAN_REPORT_SYNTHESE,
	BILAN_REPORT_DECISION,       /* the pistes against the top values and
					the non-negotiable constraints */
};

enum bilan_report_format {
	BILAN_REPORT_MD,
	BILAN_REPORT_HTML,
	BILAN_REPORT_JSON,
};

/* "suivi", "seance", "synthese", "decision" / "md", "html", "json"; NULL-terminated,
 * in enum order (for messages listing the valid values). */
extern const char *const bilan_report_kind_names[];
extern const char *const bilan_report_format_names[];

/* Typed with or without accents, any case ("Séance", "synthèse"); 0, or -1
 * when unknown. */
int bilan_report_kind_parse(enum bilan_report_kind *out, const char *typed);
/* "md" (also "markdown"), "html" (also "htm"), "json"; 0 or -1. */
int bilan_report_format_parse(enum bilan_report_format *out, const char *typed);
/* The format a file name asks for by its extension (.md, .markdown, .html,
 * .htm, .json, any case); 0, or -1 when the extension says nothing. */
int bilan_report_format_for_path(enum bilan_report_format *out, const char *path);

/* The version of the JSON layout ("format" key); raised only when a key
 * changes meaning or goes away (new keys may be added at any time). */
#define BILAN_REPORT_JSON_FORMAT 1

struct bilan_report_opts {
	enum bilan_report_kind kind;
	bool has_since;
	int64_t since;               /* seconds since the epoch */
	bool include_private;
	int64_t now;                 /* 0: bilan_now() */
	bool include_personality;    /* synthese: the personality questionnaire
					(big-five) too, in words */
};
#define BILAN_REPORT_OPTS_INIT { .kind = BILAN_REPORT_SUIVI, .has_since = false, .since = 0, \
	.include_private = false, .now = 0, .include_personality = false }

/* ------------------------------------------------------------------ */
/* The document: what the Markdown and HTML renderers draw.            */

enum bilan_rspan_style { BILAN_RS_TEXT, BILAN_RS_STRONG, BILAN_RS_EM, BILAN_RS_CODE };

struct bilan_rspan {
	enum bilan_rspan_style style;
	char *text;                  /* untrusted text, escaped by the renderers */
};

/* A line of inline text: spans in order. */
struct bilan_rtext {
	struct bilan_rspan *v;
	size_t n, alloc;
};

enum bilan_rchart_type {
	BILAN_CHART_WEEKS,           /* bars per week (minutes) against the goal */
	BILAN_CHART_RADAR,           /* a hexagon (or polygon) of percents */
	BILAN_CHART_BARS,            /* horizontal bars of percents */
};

struct bilan_rseries {
	char *name;                  /* legend ("12/11/2026") */
	int *v;                      /* nlabels values: minutes (WEEKS) or
				      * percents in tenths; < 0 = no value */
};

struct bilan_rchart {
	enum bilan_rchart_type type;
	char *title;
	size_t nlabels;
	char **labels;               /* weeks ("S47") or dimensions */
	char **keys;                 /* short keys (RIASEC letters) or NULL */
	size_t nseries;
	struct bilan_rseries *series;   /* oldest first: the last is the latest */
	int goal;                    /* WEEKS: the weekly goal in minutes (0 none) */
	bool evolution;              /* the series are takes over time (else
				      * categories, e.g. maîtrise and envie) */
	int scale_min, scale_max;    /* questionnaires: the values are means on
				      * this answer scale, in tenths (34 is
				      * 3,4), drawn from min to max — never
				      * percents that read as percentiles
				      * (bilan-test(1)); 0, 0: percents */
};

enum bilan_rblock_type {
	BILAN_RB_SECTION,            /* opens a section: text = title; id; page */
	BILAN_RB_HEADING,            /* level 3 or 4 */
	BILAN_RB_PARA,
	BILAN_RB_LIST,               /* items */
	BILAN_RB_TABLE,              /* ncols; cells row by row, header first */
	BILAN_RB_NOTE,               /* set apart: note_class "info", "warning",
				      * "private" */
	BILAN_RB_CHART,
	BILAN_RB_ENTRY,              /* a journal entry: text = title, meta, md */
};

struct bilan_rblock {
	enum bilan_rblock_type type;
	int level;                   /* HEADING; ENTRY: its title's level (0: 3) */
	const char *id;              /* SECTION: anchor ("pistes") */
	bool page;                   /* SECTION: starts a new page when printed */
	const char *note_class;      /* NOTE */
	struct bilan_rtext text;     /* SECTION, HEADING, PARA, NOTE, ENTRY title */
	struct bilan_rtext meta;     /* ENTRY: date, kind, duration, tags */
	const char *md;              /* ENTRY: body as written (borrowed), or NULL */
	struct bilan_rtext *items;   /* LIST */
	size_t nitems;
	size_t ncols, nrows;         /* TABLE (nrows counts the header) */
	char **cells;                /* TABLE: nrows * ncols, plain text */
	unsigned right;              /* TABLE: bit c = column c aligned right */
	struct bilan_rchart *chart;  /* CHART */
};

struct bilan_rdoc {
	char *title;                 /* "Suivi du bilan de compétences" */
	struct bilan_rblock *v;
	size_t n, alloc;
};

/* ------------------------------------------------------------------ */
/* The model                                                           */

/* One change of status kept in a record's history (borrowed strings). */
struct bilan_report_move {
	const char *date, *from, *to, *reason;
	bool in_window;
};

struct bilan_report_piste {
	const struct bilan_piste *p;
	const char **rome_titles;    /* parallel to p->rome; NULL when unknown */
	const char *reason;          /* of the last move to the current status */
	struct bilan_report_move *moves;   /* the whole history, oldest first */
	size_t nmoves, moves_in_window;
	size_t journal, research, enquetes;   /* evidence (shown entries) */
	size_t verdicts[BILAN_NVERDICT];
	bool shown;                  /* part of this kind of report */
};

struct bilan_report_enquete {
	const struct bilan_enquete *e;
	char *label;                 /* "role — organisation" or NULL */
	const char *piste_title;     /* or NULL */
	const char *outcome_date;    /* the outcome (borrowed), each may be NULL */
	const char *confirmed, *surprised, *attention, *notes;
	bool has_contact;            /* private details exist */
	/* include_private only */
	const char *contact_name, *contact_phone, *contact_email;
	struct bilan_strlist suggested;
	struct bilan_record contact; /* the loaded private file */
	bool held_in_window;
	bool shown;
};

struct bilan_report_fiche {
	char code[8];
	const char *title;           /* from the ROME index, NULL when unknown */
	const struct bilan_entry **entries;
	size_t n, alloc;
};

struct bilan_report_test {
	char *id;
	const char *title;           /* the latest take's, else the definition's, else id */
	bool riasec;                 /* the six RIASEC dimensions: a hexagon */
	struct bilan_q_result **takes;   /* every readable take, oldest first */
	size_t ntakes;
	size_t first_shown;          /* takes[first_shown..ntakes) are shown */
	struct bilan_questionnaire *def; /* the definition, or NULL */
};

struct bilan_report_unfinished {
	struct bilan_q_partial info;
	const char *title;           /* the definition's title, or NULL */
	struct bilan_questionnaire *def;
};

struct bilan_report {
	enum bilan_report_kind kind;
	struct bilan_report_opts opts;
	int64_t now;
	bool has_since;              /* the window (see above) */
	int64_t since;
	const struct bilan_ws *ws;   /* borrowed: configuration */

	struct bilan_diags problems; /* broken files, FILE:LINE:COL */
	size_t omitted_entries;      /* private entries left out (in the window) */
	size_t omitted_contacts;     /* enquêtes whose contact details were left out */
	size_t private_shown;        /* private entries the report holds */
	size_t contacts_shown;       /* contacts' details the report holds */
	bool consultant_copy;        /* built in a consultant's copy (owner.h):
					their own entries and private notes are
					not the beneficiary's work */

	/* time: every entry, private ones included */
	struct bilan_week_total *weeks;   /* from the window's (or bilan's) start */
	size_t nweeks;
	int total_minutes;           /* in the window */
	size_t total_entries;
	int minutes_by_kind[BILAN_KIND_COUNT];   /* shown entries in the window */
	size_t entries_by_kind[BILAN_KIND_COUNT];

	struct bilan_journal *journal;    /* everything loaded */
	const struct bilan_entry **entries;   /* shown, in the window, oldest first */
	size_t nentries;
	const struct bilan_entry **questions, **blockers;   /* open, shown */
	size_t nquestions, nblockers;
	const struct bilan_entry **formation;   /* tagged #formation (synthese) */
	size_t nformation;

	struct bilan_report_fiche *fiches;   /* research notes by ROME code */
	size_t nfiches;
	bool rome_shown;             /* ROME content shown: the credit line goes out */

	struct bilan_report_test *tests;
	size_t ntests;
	struct bilan_report_unfinished *unfinished;
	size_t nunfinished;

	struct bilan_pistes pistes;
	struct bilan_report_piste *rpistes;   /* parallel to pistes.v */
	struct bilan_enquetes enquetes;
	struct bilan_report_enquete *renquetes;   /* parallel to enquetes.v */
	struct bilan_seances seances;
	const struct bilan_seance *next, *last_held;
	int attended, planned;       /* minutes */
	struct bilan_todos todos;
	bool *todo_shown;            /* parallel to todos.v */

	struct bilan_rdoc doc;       /* the layout (bilan_report_layout) */
	struct bilan_strlist texts;  /* text the layout made for it (owned) */
	struct bilan_rtext *research_summaries;   /* by journal index: a research
						     note's summary, made once */
	bool laid_out;
	void *rome;                  /* struct bilan_rome *, kept for titles */
};

/* Build the report of ws.  *out is the caller's (bilan_report_free).
 * Fails only when a folder cannot be read. */
int bilan_report_build(struct bilan_report **out, const struct bilan_ws *ws,
		       const struct bilan_report_opts *opts, struct bilan_error *err);
void bilan_report_free(struct bilan_report *r);

/* The report's title ("Suivi du bilan de compétences", ...). */
const char *bilan_report_title(const struct bilan_report *r);
/* Lay r out as blocks (r->doc), once; the Markdown and HTML renderers do it
 * on first use (JSON never needs it). */
void bilan_report_layout(struct bilan_report *r);

/* Render r, appending to out. */
void bilan_report_markdown(struct bilan_buf *out, struct bilan_report *r);
void bilan_report_html(struct bilan_buf *out, struct bilan_report *r);
/* JSON (documented in bilan-report(1)), indented, with a final newline. */
int bilan_report_json(struct bilan_buf *out, const struct bilan_report *r,
		      struct bilan_error *err);
/* Any of the three. */
int bilan_report_render(struct bilan_buf *out, struct bilan_report *r,
			enum bilan_report_format format, struct bilan_error *err);

/* The non-negotiable constraints of a journal: the statements of the entries of the guide
 * contraintes (or tagged contrainte, non-negociable) written as non
 * negotiable; private entries only when include_private (*hidden counts
 * those left out).  Used by the synthèse's decision view and 'metier suggest'. */
void bilan_constraints_nonnegotiable(struct bilan_strlist *out, const struct bilan_journal *j,
				     bool include_private, size_t *hidden);

/* The one HTML escaper of bilan (reports, portfolio): s with control
 * characters made visible (bilan_report_clean), then & < > " ' escaped:
 * safe in text and in quoted attributes. */
void bilan_html_escape(struct bilan_buf *out, const char *s);
/* The head every HTML page of bilan starts with: doctype, <html lang>,
 * charset, viewport, the Content-Security-Policy (no script, nothing
 * fetched: inline style and data: images only), no referrer, the
 * generator, <title> (title, escaped, at most 70 characters) and <style>
 * with css; then <body>. */
void bilan_html_head(struct bilan_buf *out, const char *lang, const char *title,
		     const char *css);

#endif
