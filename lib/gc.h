/* gc.h - repository upkeep: packing the loose objects libgit2 leaves.
 *
 * libgit2 writes every object loose (one file per object): after months of
 * one commit per command a workspace holds thousands of them.  This module
 * packs them with libgit2's packbuilder (git_packbuilder_write: a .pack and
 * its .idx in .git/objects/pack, readable by plain git), then removes the
 * loose copies.  Nothing is ever lost:
 *   - the pack and its index are fsynced, and so is their folder, before
 *     any loose object is removed;
 *   - the written index is opened again and every object inserted is looked
 *     up in it; a loose object is removed only when the new pack holds it;
 *   - an object that cannot be read (corrupt) stops the run before anything
 *     is removed (BILAN_EINVALID naming the object; bilan doctor explains);
 *   - a run that is cancelled (time budget) or fails removes nothing but its
 *     own temporary files.
 * The caller holds the workspace lock (bilan_ws_begin), so no bilan command
 * writes objects meanwhile; objects written by plain git meanwhile are not
 * in the list and stay loose.
 *
 * Two modes:
 *   - full (bilan gc): every object of the repository, loose or packed,
 *     goes into one new pack; the older packs (except those with a .keep
 *     file) and the loose objects are then removed;
 *   - incremental (automatic): at most max_objects loose objects go into a
 *     new pack, within budget_ms; older packs stay.
 *
 * Automatic upkeep: after each commit, bilan_gc_auto estimates the number
 * of loose objects by counting BILAN_GC_SAMPLE_DIRS of the 256 fan-out
 * folders (as git gc --auto does with one), which costs a few readdir
 * calls (tens of microseconds).  Above the threshold (BILAN_GC_AUTO, default
 * BILAN_GC_AUTO_DEFAULT loose objects; 0 turns it off) it packs at most
 * BILAN_GC_AUTO_BATCH loose objects incrementally, cancelling itself after
 * BILAN_GC_AUTO_BUDGET_MS: the command that triggers it is never slowed by
 * more than that bound.  A cancelled run leaves .git/bilan-gc.log and
 * automatic runs skip for a day while it is there ('bilan gc' removes it),
 * so a slow disk does not slow every command.
 */
#ifndef BILAN_GC_H
#define BILAN_GC_H

#include <stdbool.h>
#include <stddef.h>

#include "errors.h"

#define BILAN_GC_AUTO_DEFAULT 1000
#define BILAN_GC_AUTO_BATCH 4000
#define BILAN_GC_AUTO_BUDGET_MS 500
#define BILAN_GC_SAMPLE_DIRS 8
#define BILAN_GC_LOG "bilan-gc.log"

struct bilan_gc_opts {
	bool full;            /* every object into one pack, older packs removed */
	size_t max_objects;   /* incremental: at most this many loose objects; 0 = all */
	int budget_ms;        /* cancel past this time (0 = no limit) */
};
#define BILAN_GC_OPTS_INIT { .full = false, .max_objects = 0, .budget_ms = 0 }

struct bilan_gc_stats {
	bool ran;             /* a pack was written */
	bool cancelled;       /* over budget: nothing removed */
	size_t loose_before;  /* loose objects found (incremental: considered) */
	size_t packed;        /* objects in the new pack */
	size_t loose_removed; /* loose files removed */
	size_t packs_removed; /* older packs removed (full) */
	size_t packs_before;  /* packs before the run */
	char pack[64];        /* "pack-<hash>" of the new pack, "" if none */
	long long ms;         /* time taken */
};

/* Pack the repository whose working tree is root (gitdir = root/.git). */
int bilan_gc_run(struct bilan_gc_stats *out, const char *root,
		 const struct bilan_gc_opts *opts, struct bilan_error *err);

/* Exact number of loose objects (reads the 256 fan-out folders). */
size_t bilan_gc_count_loose(const char *gitdir);
/* Estimate from BILAN_GC_SAMPLE_DIRS fan-out folders. */
size_t bilan_gc_estimate_loose(const char *gitdir);
/* Number of packs in gitdir/objects/pack. */
size_t bilan_gc_count_packs(const char *gitdir);

/* Threshold from $BILAN_GC_AUTO (a number of loose objects; 0 = never),
 * default BILAN_GC_AUTO_DEFAULT. */
size_t bilan_gc_auto_threshold(void);

/* The automatic upkeep after a commit (see above).  Never fails the
 * command: returns 0, or a negative code the caller may ignore; out (may be
 * NULL) says what happened. */
int bilan_gc_auto(struct bilan_gc_stats *out, const char *root,
		  struct bilan_error *err);

#endif
