/* text.h - UTF-8 text helpers: validation, accent- and case-insensitive
 * folding (utf8proc), closest-match suggestions, terminal-safe output.
 * All functions accept any bytes; none reads past the given length. */
#ifndef BILAN_TEXT_H
#define BILAN_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* The one folding of bilan (ids, slugs, dates typed, search, tags): utf8proc
 * flags for compatibility forms, case folded, accents stripped.  For a file
 * that includes <utf8proc.h>. */
#define BILAN_FOLD_FLAGS (UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | \
			  UTF8PROC_STRIPMARK)

/* true if s[0..len) is valid UTF-8 without NUL; *bad gets the byte offset of
 * the first invalid byte (may be NULL). */
bool bilan_utf8_valid(const char *s, size_t len, size_t *bad);

/* Fold for matching: NFKD, strip combining marks, casefold; "Réflexion" ->
 * "reflexion", "Œuvre" -> "oeuvre".  Invalid UTF-8 bytes are dropped.
 * Caller frees. */
char *bilan_text_fold(const char *s);

/* Does folded haystack contain folded needle? (both already folded) */
bool bilan_text_contains(const char *folded_haystack, const char *folded_needle);

/* Levenshtein distance on folded strings (for "did you mean"). */
size_t bilan_text_distance(const char *a, const char *b);
/* The closest of candidates to word (folded distance <= max(2, len/3)), or NULL. */
const char *bilan_text_closest(const char *word, const char *const *candidates, size_t n);

/* Append s to out with control characters and escape sequences (ESC, CSI,
 * C0 except \n and \t, DEL, C1) neutralised as visible \x1b-style text, so a
 * hand-edited or pulled file can never drive the terminal. */
void bilan_text_sanitize_terminal(struct bilan_buf *out, const char *s);
/* Would bilan_text_sanitize_terminal append s unchanged? */
bool bilan_text_terminal_safe(const char *s);
/* The same for a name (a path, a ref, a server's word) inside a message:
 * a newline, a tab or a carriage return is neutralised too (\x0a), so a
 * name from a remote can never print a line of its own.  bilan_text_name
 * returns it (caller frees). */
void bilan_text_sanitize_name(struct bilan_buf *out, const char *s);
char *bilan_text_name(const char *s);

/* Display width of UTF-8 text in terminal columns (utf8proc charwidth). */
size_t bilan_text_width(const char *s);
/* Append s word-wrapped at width columns, each line prefixed by indent. */
void bilan_text_wrap(struct bilan_buf *out, const char *s, size_t width,
		     const char *indent);
/* First line of s, shortened to at most max columns with "…". Caller frees. */
char *bilan_text_first_line(const char *s, size_t max);

/* French typography, the one rule of everything French bilan prints or
 * writes (HACKING.md, "French typography"): U+00A0 (no-break space)
 * before ':' and '%' and inside « », U+202F (narrow no-break space)
 * before ';', '!' and '?'; U+00A0 between a number and "h" or "min"
 * ("24 h").  A space there (plain, no-break or narrow)
 * becomes the right one; none is added where the sign touches a word
 * only when the sign ends a word (followed by a space, a line end, ')'
 * or the end): "14:00", "FILE:3:1", "https://", "?q=" stay as they are.
 * Text inside `code` (Markdown) and inside tags, <style> and <script>
 * (HTML) is left alone, and so are entities ("&amp;"). */
enum bilan_typo_mode { BILAN_TYPO_TEXT, BILAN_TYPO_MARKDOWN, BILAN_TYPO_HTML };
void bilan_text_fr_typo(struct bilan_buf *out, const char *s, size_t len,
			enum bilan_typo_mode mode);
/* Names instead of generic nouns, in French text from byte `from` of b on:
 * "votre consultant(e)", "le ou la consultante", "le consultant" become the
 * consultant's name, "du ..." "de NAME" (or "d'NAME"), "au ..." "à NAME";
 * the same for "le ou la bénéficiaire", "le bénéficiaire".  A NULL or
 * empty name, or one with a character of markup (<>&"), leaves its
 * nouns as they are. */
void bilan_text_fr_names(struct bilan_buf *b, size_t from, const char *consultant,
			 const char *beneficiary);
/* The same on b in place, from byte `from` on (what was appended since). */
void bilan_text_fr_typo_buf(struct bilan_buf *b, size_t from, enum bilan_typo_mode mode);

#endif
