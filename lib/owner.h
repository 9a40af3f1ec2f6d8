/* owner.h - two parties, one workspace: who this copy is, and who may
 * change what (bilan-workspace(5), "Who may change what").
 *
 * Roles (read by workspace-party.c, declared in workspace.h: bilan_ws_party,
 * bilan_ws_identity...).  A workspace is the beneficiary's unless its repository's own
 * configuration (.git/config, never shared) says "[bilan] role =
 * consultant" ('bilan share clone'), or it is a plain 'git clone' of a
 * shared workspace (partage.yaml there, but no partage branch, no role,
 * and a remote "origin": what sync takes for a consultant's copy too);
 * the consultant's name and e-mail are
 * recorded there too ("[bilan] name", "[bilan] email"; the name defaults to
 * bilan.yaml's 'consultant').  Every commit made in a consultant's copy is
 * authored by that identity (libgit2 1.5 reads no GIT_AUTHOR_* variable:
 * bilan builds the signature itself, vcs.h), and every record a party
 * creates says so: 'author: beneficiaire' or 'author: consultant'
 * (format 3; a record without one is the beneficiary's).
 *
 * THE OWNERSHIP TABLE.  One owner per file of the layout and per record
 * kind (bilan_owner_table): the beneficiary owns bilan.yaml (format,
 * phase, consent, dates), partage.yaml, every dot file (.gitignore,
 * .gitattributes, hooks) and every record kind but three; journal entries
 * and to-do items belong to their author; a séance is common, except each
 * party's attendance confirmation (attendance.beneficiaire,
 * attendance.consultant), which is that party's alone; the versions of
 * the synthèse handed over (synthese/remise-*, often the consultant's)
 * are added by either party and changed by none.  A path the table
 * does not name is the beneficiary's.  A new record kind registers its
 * owner here.
 *
 * Enforcement: 'bilan sync', on both sides, asks bilan_owner_allows about
 * each change the remote brought.  The side a change comes from is the
 * side of the merge it arrives on (the other party's), never a commit's
 * author (anyone can write any name there).  A change refused is not
 * applied: this copy keeps its version, which goes back to the other side
 * with the next sync, so that the owner's version wins on both.
 */
#ifndef BILAN_OWNER_H
#define BILAN_OWNER_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

enum bilan_party { BILAN_PARTY_BENEFICIARY, BILAN_PARTY_CONSULTANT };

/* "beneficiaire" or "consultant" (the value of 'author:'). */
const char *bilan_party_name(enum bilan_party p);
/* Parse an 'author:' value; NULL or unknown: the beneficiary. */
enum bilan_party bilan_party_parse(const char *s);
enum bilan_owner {
	BILAN_OWNER_BENEFICIARY,      /* only the beneficiary */
	BILAN_OWNER_AUTHOR,           /* each record its author's ('author:') */
	BILAN_OWNER_SEANCE,           /* common, each confirmation its party's */
	BILAN_OWNER_ADDED,            /* either party adds; nobody changes or
					 removes what the other sent */
};
struct bilan_owner_rule {
	const char *prefix;           /* a file, or a folder ending in '/' */
	enum bilan_owner owner;
	const char *what;             /* for the manual page and messages */
};
/* The table, ended by a NULL prefix. */
extern const struct bilan_owner_rule bilan_owner_table[];
/* The rule for rel (a path of the workspace). */
const struct bilan_owner_rule *bilan_owner_rule_for(const char *rel);

/* The record keys each party alone may change in a séance. */
#define BILAN_ATTENDANCE_KEY "attendance"

/* May the change of rel from base to theirs (data NULL: absent), made by
 * party from, be applied in the other party's copy?  true when it may. */
bool bilan_owner_allows(const char *rel, enum bilan_party from, struct bilan_blob base,
			struct bilan_blob theirs);

#endif
