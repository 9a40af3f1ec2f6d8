/* journal.h - the journal de bord: one YAML file per entry.
 *
 * An entry lives in journal/YYYY/MM/<id>.yaml (a private one in
 * private/journal/YYYY/MM/<id>.yaml), YYYY/MM being the month of the entry's
 * own date in its own UTC offset, <id> its id (id.h).  Keys, in this order:
 *
 *   id:       20261127T143205Z-k3f9          (required, = the file name)
 *   date:     2026-11-27T15:32:05+01:00      (required, ISO 8601 with offset)
 *   kind:     reflexion                      (required, see below)
 *   title:    Mon parcours                   (required, one line)
 *   duration: 1h30                           (optional, 1 minute to 24 hours)
 *   tags: [valeurs, parcours]                (optional)
 *   piste:    developpeuse-web               (optional, a slug)
 *   rome:     M1805                          (optional, a ROME 4.0 code)
 *   guide:    parcours                       (optional, the guide answered)
 *   status:   ouverte | reglee               (question and blocage only)
 *   closed:   {date: ..., answer: ...}       (when status is reglee)
 *   body: |                                  (optional, Markdown, as written)
 *     ...
 * Keys this module does not know are kept, in their order, before body when
 * an entry is rewritten (close).  Domain values (kind, status) are read with
 * or without accents and in any case ("Réflexion"), written canonical.
 *
 * Every function that writes takes an open transaction (workspace.h): other
 * modules add entries inside their own transaction (bilan seance done commits
 * its takeaways entry with the séance).  Reading never opens the repository.
 *
 * Reading keeps a derived cache of parsed entries in
 * <gitdir>/bilan-cache/journal/, one file per folder of entries (so that a
 * command that needs one month reads one small file), never tracked, mode
 * 0600, written atomically: each record is trusted only while the file's
 * path, size, mtime (ns), ctime (ns) and inode are unchanged, files changed
 * less than 2 s before a scan are never cached (coarse time stamps), and a
 * header naming the folder, a version, a byte-order mark, a checksum and
 * bounds checks guard the rest; a shard that fails any check is ignored and
 * rebuilt.  Deleting the cache is always safe.
 */
#ifndef BILAN_JOURNAL_H
#define BILAN_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "errors.h"
#include "id.h"
#include "workspace.h"
#include "yaml-tree.h"

#define BILAN_JOURNAL_DIR "journal"
#define BILAN_JOURNAL_PRIVATE_DIR "private/journal"
/* Documented limits (bilan-journal(1)). */
#define BILAN_JOURNAL_MAX_TEXT (1024u * 1024u)   /* body, bytes */
#define BILAN_JOURNAL_MAX_TITLE 200              /* title, characters */
#define BILAN_JOURNAL_TITLE_AUTO 60              /* default title: columns */
#define BILAN_JOURNAL_MAX_TAG 48                 /* one tag, characters */
#define BILAN_JOURNAL_MAX_TAGS 64
#define BILAN_JOURNAL_MAX_DURATION (24 * 60)     /* minutes */
/* The short id shown by commands: "20261127T1432" (extended when needed). */
#define BILAN_JOURNAL_SHORT_ID 13

enum bilan_entry_kind {
	BILAN_KIND_NOTE,
	BILAN_KIND_REFLEXION,
	BILAN_KIND_RECHERCHE,
	BILAN_KIND_ENQUETE,
	BILAN_KIND_TEST,
	BILAN_KIND_QUESTION,
	BILAN_KIND_BLOCAGE,
	BILAN_KIND_SEANCE,
	BILAN_KIND_RETOUR,
};
#define BILAN_KIND_COUNT 9
/* "note", "reflexion", ... in enum order, NULL-terminated. */
extern const char *const bilan_entry_kind_names[];
/* Typed with or without accents, any case ("Réflexion"); BILAN_EUSAGE if none
 * (err names the value; the caller lists bilan_entry_kind_names). */
int bilan_entry_kind_parse(enum bilan_entry_kind *out, const char *typed);
const char *bilan_entry_kind_name(enum bilan_entry_kind k);
/* The index of typed in bilan_entry_status_names (folded: case, accents,
 * trailing blanks), or -1. */
int bilan_entry_status_index(const char *typed);
/* Questions and blockers stay open until closed. */
bool bilan_entry_kind_closable(enum bilan_entry_kind k);

enum bilan_entry_status {
	BILAN_STATUS_NONE,      /* kinds that are never open */
	BILAN_STATUS_OUVERTE,
	BILAN_STATUS_REGLEE,
};
/* "ouverte", "reglee"; NULL-terminated, index + 1 = enum value. */
extern const char *const bilan_entry_status_names[];

struct bilan_entry {
	char id[BILAN_ID_SIZE];      /* "" until bilan_journal_write assigns one */
	char *path;                  /* workspace-relative; NULL for a new entry */
	bool is_private;             /* under private/journal/ */
	struct bilan_time date;      /* has_time always true */
	enum bilan_entry_kind kind;
	char *title;
	int duration;                /* minutes; 0 = not given */
	struct bilan_strlist tags;   /* as written, no '#', no duplicates (folded) */
	char *piste, *rome, *guide;  /* NULL when absent */
	enum bilan_entry_status status;
	bool has_closed;
	struct bilan_time closed;    /* when status is reglee */
	char *answer;                /* NULL when absent */
	char *body;                  /* never NULL ("" when absent) */
	struct bilan_node *extra;    /* unknown keys (a mapping) or NULL */
	struct bilan_node *comments; /* the file as loaded when it has comments,
	                              * given back to it when written (yaml.h) */
	/* filled when loading */
	uint64_t file_size;
};

/* A new empty entry (kind note, date unset, body ""). */
struct bilan_entry *bilan_entry_new(void);
void bilan_entry_free(struct bilan_entry *e);
struct bilan_entry *bilan_entry_clone(const struct bilan_entry *e);

/* Text as typed for an entry (arguments, standard input): BILAN_EUSAGE
 * when it is not valid UTF-8 (err names the byte). */
int bilan_entry_check_utf8(const char *s, size_t len, struct bilan_error *err);
/* A body as stored: CRLF as LF, no blanks at line ends, no blank lines
 * before or after, one final newline ("" when empty).  Caller frees. */
char *bilan_entry_normalise_body(const char *s);
/* e's title and body from text (len bytes): checked, normalised; the title
 * is title when given, else the first line; a one-line text that is all in
 * the title has no separate body.  BILAN_ECANCELLED when it is empty. */
int bilan_entry_set_text(struct bilan_entry *e, const char *text, size_t len, const char *title,
			 struct bilan_error *err);
/* What 'journal add' decides (journal-add.c).  A title given apart: valid
 * UTF-8 on one line, else BILAN_EUSAGE. */
int bilan_entry_check_title(const char *title, struct bilan_error *err);
/* s without its instruction lines ("# ..." and "#" alone; "## heading"
 * and "#tag" stay).  Caller frees. */
char *bilan_entry_strip_instructions(const char *s);
/* e's title (the first non-blank line) and body from typed (len bytes),
 * what was written in the editor on the template tmpl, instructions
 * dropped: BILAN_ECANCELLED when it is empty or the template unchanged. */
int bilan_entry_set_edited(struct bilan_entry *e, const char *tmpl, const char *typed,
			   size_t len, struct bilan_error *err);

/* Add a tag (a leading '#' is dropped) unless an equal one (folded) is
 * there; BILAN_EUSAGE when it is not a valid tag (letters with or without
 * accents, digits, '-', '_'; at most BILAN_JOURNAL_MAX_TAG characters). */
int bilan_entry_add_tag(struct bilan_entry *e, const char *tag, struct bilan_error *err);
/* The #hashtags of text, appended to out (no '#', duplicates skipped by
 * folded form).  A hashtag is '#' then letters (accents included), digits,
 * '-' or '_', with at least one letter, not preceded by a letter, digit, '#',
 * '&' or '/', not inside a URL ("https://x/p#part", "www.x.fr/#a"), and not
 * a Markdown heading ("# Title", "## Title" at the start of a line). */
void bilan_journal_hashtags(struct bilan_strlist *out, const char *text);

/* Check an entry before it is written: kind/status consistency, one-line
 * title of at most BILAN_JOURNAL_MAX_TITLE characters, UTF-8 everywhere,
 * body within BILAN_JOURNAL_MAX_TEXT, duration within 1..24h, tags, slugs
 * (piste, guide), ROME code (one letter A-N and four digits).
 * BILAN_EUSAGE (values that came from a person) or BILAN_ETOOBIG. */
int bilan_entry_check(const struct bilan_entry *e, struct bilan_error *err);

/* The canonical YAML tree of e (keys in the documented order, unknown keys
 * before body).  *out is the caller's. */
void bilan_entry_to_node(struct bilan_node **out, const struct bilan_entry *e);

/* Read an entry from a loaded document; rel is the workspace-relative path
 * it came from (it decides is_private and must end in "<id>.yaml").
 * BILAN_EINVALID with FILE:LINE:COL (doc->path) on any problem. */
int bilan_entry_from_doc(struct bilan_entry **out, const struct bilan_doc *doc,
			 const char *rel, struct bilan_error *err);
/* Load root/rel. */
int bilan_entry_load(struct bilan_entry **out, const struct bilan_ws *ws,
		     const char *rel, struct bilan_error *err);

/* Where an entry with this date and id is stored (caller frees). */
char *bilan_entry_rel_path(const struct bilan_entry *e);

/* Write e inside the caller's transaction (bilan_ws_begin ... commit).
 * A new entry (path NULL) gets an id (bilan_id_new), a date (now when its
 * date is unset: t == 0), status ouverte when it is a question or blocker,
 * the #hashtags of its title and body as tags, and its path; its piste must
 * exist when the workspace has a pistes/ folder.  An entry whose date moved
 * to another month is written at its new path and its old file removed.
 * e is checked first (bilan_entry_check); nothing is written on failure. */
int bilan_journal_write(struct bilan_ws *ws, struct bilan_entry *e,
			struct bilan_error *err);
/* Remove e's file inside the caller's transaction. */
int bilan_journal_remove(struct bilan_ws *ws, const struct bilan_entry *e,
			 struct bilan_error *err);
/* Mark a question or blocker settled: status reglee, closed date and
 * answer (may be NULL).  BILAN_EUSAGE for other kinds, BILAN_EEXISTS when
 * already settled.  Only changes e; the caller writes it. */
int bilan_entry_close(struct bilan_entry *e, const struct bilan_time *when,
		      const char *answer, struct bilan_error *err);

/* --- loading --- */

struct bilan_journal_filter {
	bool has_since, has_until;
	int64_t since, until;        /* inclusive, seconds since the epoch */
	unsigned kinds;              /* bit (1u << kind); 0 = every kind */
	const char *const *tags;     /* every one must be present (folded) */
	size_t ntags;
	const char *piste;           /* exact slug */
	const char *rome;            /* exact code, case-insensitive */
	const char *grep;            /* folded substring of title, body, tags, answer */
	bool include_private;
	bool open_only;              /* questions and blockers still open */
	size_t limit;                /* keep the newest N; 0 = all */
	bool no_cache;               /* read every file (tests, benchmarks) */
	bool no_body;                /* entries from the cache may come without
					their body ("") and answer (listing) */
};
#define BILAN_JOURNAL_FILTER_INIT { \
	.has_since = false, .has_until = false, .since = 0, .until = 0, .kinds = 0, \
	.tags = NULL, .ntags = 0, .piste = NULL, .rome = NULL, .grep = NULL, \
	.include_private = true, .open_only = false, .limit = 0, .no_cache = false, \
	.no_body = false }

struct bilan_journal {
	struct bilan_entry **v;      /* matching entries, oldest first */
	size_t n, alloc;
	/* ids of every entry file found (matching or not, broken ones
	 * included when named by an id), sorted, and their paths in the same
	 * order: prefix resolution and short ids */
	struct bilan_strlist all_ids, all_rels;
	/* broken files, FILE:LINE:COL, workspace-relative; the rest loads */
	struct bilan_diags diags;
	size_t files_parsed;         /* files read this time (not from the cache) */
};

/* Load the journal (journal/ and, when the filter says so, private/journal/),
 * through the cache.  Fails only when a folder cannot be read. */
int bilan_journal_load(struct bilan_journal **out, const struct bilan_ws *ws,
		       const struct bilan_journal_filter *f, struct bilan_error *err);
void bilan_journal_free(struct bilan_journal *j);

/* Length of the short id of id among j->all_ids: at least
 * BILAN_JOURNAL_SHORT_ID, longer when another id shares that prefix. */
size_t bilan_journal_short_len(const struct bilan_journal *j, const char *id);

/* The same without a loaded journal: reads the names of the entry files
 * of both journals (no entry, no stat): for a command that has just
 * written id. */
size_t bilan_journal_id_short_len(const struct bilan_ws *ws, const char *id);

/* Find one entry by id prefix (private entries included), like git's short
 * hashes: BILAN_ENOTFOUND, or BILAN_EAMBIGUOUS listing the candidates.
 * A typed workspace-relative path of an entry file is accepted too.  A file
 * that matches but cannot be read as an entry fails with its FILE:LINE:COL
 * error, and *out_rel (may be NULL; caller frees) gets its path anyway so
 * that an editor can be opened on it. */
int bilan_journal_find(struct bilan_entry **out, char **out_rel,
		       const struct bilan_ws *ws, const char *typed,
		       struct bilan_error *err);

/* --- time --- */

struct bilan_week_total {
	int year, week;              /* ISO 8601 week in the local zone */
	int64_t start;               /* Monday 00:00 local */
	int minutes;                 /* private entries included */
	size_t entries;
};

/* Minutes per ISO week for every week from the one containing since to the
 * one containing until, zero weeks included, oldest first.  Reads only the
 * month folders those weeks touch.  Broken files go to diags (may be NULL). */
int bilan_journal_weeks(struct bilan_week_total **out, size_t *out_n,
			const struct bilan_ws *ws, int64_t since, int64_t until,
			struct bilan_diags *diags, struct bilan_error *err);
/* The same without writing the cache back (remind writes nothing). */
int bilan_journal_weeks_readonly(struct bilan_week_total **out, size_t *out_n,
				 const struct bilan_ws *ws, int64_t since, int64_t until,
				 struct bilan_diags *diags, struct bilan_error *err);
/* Number of consecutive weeks at goal (minutes >= goal > 0) ending with the
 * last week of weeks, or with the one before when the last week (in
 * progress) is not at goal yet. */
size_t bilan_journal_streak(const struct bilan_week_total *weeks, size_t n, int goal);

/* What 'bilan journal time' shows, built once (journal-time.c) for its
 * text and its JSON. */
enum bilan_time_period {
	BILAN_PERIOD_DEFAULT,   /* since the start of the bilan, else 7 weeks */
	BILAN_PERIOD_WEEK,      /* this week */
	BILAN_PERIOD_MONTH,     /* since the first of this month */
	BILAN_PERIOD_SINCE,     /* since a date given */
};
struct bilan_journal_time {
	struct bilan_week_total *weeks;  /* read: weeks[first .. n) are shown */
	size_t n, first;
	int goal;                        /* the weekly goal, minutes */
	long total;                      /* minutes over the weeks shown */
	int max;                         /* the largest week shown, at least goal */
	bool has_streak;                 /* false for BILAN_PERIOD_WEEK */
	size_t streak;                   /* weeks at goal (bilan_journal_streak) */
	struct bilan_diags diags;        /* files that could not be read */
};
/* Fill *out for period (since: its date for BILAN_PERIOD_SINCE) at now in
 * ws's zone; clear it with bilan_journal_time_clear, even on failure. */
int bilan_journal_time(struct bilan_journal_time *out, const struct bilan_ws *ws,
		       enum bilan_time_period period, int64_t since, int64_t now,
		       struct bilan_error *err);
void bilan_journal_time_clear(struct bilan_journal_time *t);

/* Date of the newest entry (private ones included), reading only the newest
 * month folders; *found false for an empty journal (reminders). */
int bilan_journal_last_date(struct bilan_time *out, bool *found,
			    const struct bilan_ws *ws, struct bilan_error *err);

/* For bilan status: this week's minutes and the open items (through the
 * folder digest, see bilan_journal_open_items; changed may be NULL). */
struct bilan_journal_summary {
	int week_minutes;
	size_t week_entries;
	size_t open_questions, open_blockers;
	size_t broken;               /* files that could not be read */
};
int bilan_journal_summary(struct bilan_journal_summary *out, const struct bilan_ws *ws,
			  int64_t now, const struct bilan_strlist *changed,
			  struct bilan_error *err);

/* --- what needs attention, without reading the whole journal --- */

/* The open questions and blockers (whole entries, oldest first), the date of
 * the newest entry and the files that could not be read, for status and
 * remind.  A digest of every folder of both journals
 * (<gitdir>/bilan-cache/journal/folders.digest: the folder's own inode, mtime
 * and ctime, its open items with their stat, its newest date) lets a
 * folder be trusted without listing it while its own stat is unchanged: an
 * entry added, removed, moved or replaced in it (bilan's atomic writes, git,
 * editors that write a new file and rename it) changes it, and such a
 * folder is read again, file by file through the cache.  The open items of
 * a trusted folder are still checked one by one (closed by hand: seen).
 * What a folder's stamp cannot see is an entry rewritten in place (some
 * editors, libgit2's checkout): folders holding one of `changed`
 * (workspace-relative paths, a status's hand edits; may be NULL) are read
 * again, and the commands that commit files bilan did not write (save,
 * journal edit, sync) forget the digest (bilan_journal_digest_drop).
 * Folders changed in the last 2 s, or holding a broken file, are not
 * trusted next time.  Flags: BILAN_JOPEN_ENTRIES to get the open entries
 * themselves, the `limit` oldest of each kind (0: all; else nothing is
 * decoded: the digest has their kind and date), BILAN_JOPEN_WRITE_BACK to
 * store the new digest and cache (remind never writes). */
#define BILAN_JOPEN_ENTRIES 1u
#define BILAN_JOPEN_WRITE_BACK 2u
struct bilan_journal_open {
	size_t questions, blockers;  /* open ones, all */
	struct bilan_entry **v;      /* with BILAN_JOPEN_ENTRIES: them (the oldest
					`limit` of each kind), oldest first */
	size_t n, alloc;
	bool has_last;               /* the newest entry's date, private ones */
	struct bilan_time last;      /* included */
	struct bilan_diags diags;    /* broken files, FILE:LINE:COL, workspace-relative */
	size_t folders_read;         /* folders listed this time (tests, benchmarks) */
};
int bilan_journal_open_items(struct bilan_journal_open *out, const struct bilan_ws *ws,
			     const struct bilan_strlist *changed, unsigned flags, size_t limit,
			     struct bilan_error *err);
void bilan_journal_open_clear(struct bilan_journal_open *o);
/* Forget the folder digest (derived data: always safe). */
void bilan_journal_digest_drop(const struct bilan_ws *ws);

/* --- reflection guides (data/guides, overridden by the workspace's guides/) --- */

struct bilan_guide_section {
	char *title;
	struct bilan_strlist questions;
};

struct bilan_guide {
	char *id, *title, *description;
	bool is_private;             /* 'private: true': its entries are private
					unless written with --shared (questions
					about health, family, money) */
	char *path;                  /* where it was read */
	struct bilan_guide_section *sections;
	size_t nsections;
};

/* Load guide name: <root>/guides/<name>.yaml first, then the shipped one.
 * BILAN_ENOTFOUND (err lists the available names), BILAN_EINVALID. */
int bilan_guide_load(struct bilan_guide **out, const struct bilan_ws *ws,
		     const char *name, struct bilan_error *err);
void bilan_guide_free(struct bilan_guide *g);
/* e as a reflection guided by g (journal-add.c): kind reflexion, guide
 * name, and private when g is, unless shared. */
void bilan_entry_use_guide(struct bilan_entry *e, const struct bilan_guide *g, const char *name,
			   bool shared);
/* Names of every available guide, sorted, no duplicates. */
int bilan_guide_names(struct bilan_strlist *out, const struct bilan_ws *ws,
		      struct bilan_error *err);

#endif
