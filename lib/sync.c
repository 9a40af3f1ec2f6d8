/* sync.c - the sync: fetch, merge step, build and push of the shared
 * branch (see sync.h; its parts: sync-internal.h). */
#include "sync.h"
#include "sync-internal.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <git2.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "fs.h"
#include "git.h"
#include "i18n.h"
#include "merge.h"
#include "sync-net.h"
#include "share.h"
#include "text.h"
#include "vcs.h"

/* A commit of this copy's party: the consultant recorded in a
 * consultant's copy before git's own configuration (owner.h). */
static int party_signature(git_signature **out, git_repository *repo, const struct bilan_ws *ws)
{
	char *name = NULL, *email = NULL;
	bool first = false;
	bilan_ws_identity(&name, &email, &first, ws);
	int e = bilan_vcs_signature(out, repo, !(first && name), name, email);
	free(name);
	free(email);
	return e;
}


/* ------------------------------------------------------------------ */
/* the merge step, under the lock */

/* Does a commit of R's history that H does not hold carry the trailer of
 * a history replaced on purpose? */
static bool marked_rewritten(git_repository *repo, const git_oid *R, const git_oid *H)
{
	git_revwalk *walk = NULL;
	git_oid id;
	bool found = false;
	if (git_revwalk_new(&walk, repo) < 0)
		return false;
	if (git_revwalk_push(walk, R) == 0 && git_revwalk_hide(walk, H) == 0) {
		while (!found && git_revwalk_next(&id, walk) == 0) {
			git_commit *c = NULL;
			if (git_commit_lookup(&c, repo, &id) == 0) {
				const char *m = git_commit_message(c);
				found = m && (!strncmp(m, BILAN_SHARE_REWRITTEN_TRAILER,
						       strlen(BILAN_SHARE_REWRITTEN_TRAILER)) ||
					      strstr(m, "\n" BILAN_SHARE_REWRITTEN_TRAILER));
			}
			git_commit_free(c);
		}
	}
	git_revwalk_free(walk);
	return found;
}

/* before: the remote-tracking head before the fetch (consultant), or NULL. */
static int merge_step(git_oid *out_r, bool *out_have_r, struct bilan_ws *ws,
		      git_repository *repo, bool beneficiary,
		      const char *remote_ref, const git_oid *before,
		      const struct bilan_share_state *st,
		      const struct bilan_sync_opts *opts, struct bilan_sync_report *rep,
		      struct bilan_error *err)
{
	git_oid R, P, H, B;
	git_commit *hc = NULL, *rc_ = NULL, *bc = NULL;
	git_tree *ht = NULL, *rt = NULL, *bt = NULL;
	struct bilan_conflicts conf = BILAN_CONFLICTS_INIT;
	struct written w = { BILAN_STRLIST_INIT, BILAN_STRLIST_INIT, NULL, 0 };
	char *when = bilan_sync_now_iso(opts);
	int rc = bilan_ws_begin(ws, "sync", err);
	if (rc < 0) {
		free(when);
		return rc;
	}
	bool have_r = bilan_sync_ref_id(&R, repo, remote_ref);
	bool have_p = beneficiary && bilan_sync_ref_id(&P, repo, BILAN_SHARE_REF);
	/* read once, under the lock: the head merged here (or already held) */
	*out_have_r = have_r;
	if (have_r)
		git_oid_cpy(out_r, &R);
	if (!bilan_sync_ref_id(&H, repo, "refs/heads/main")) {
		rc = bilan_sync_git_fail(err, _("cannot read main"));
		goto out;
	}
	const git_oid *mine = beneficiary ? (have_p ? &P : NULL) : &H;
	bool todo = have_r && (!mine || !bilan_sync_is_ancestor(repo, &R, mine));
	if (have_r && beneficiary && st->last_push) {
		git_oid lp;
		if (git_oid_fromstr(&lp, st->last_push) == 0 &&
		    !bilan_sync_is_ancestor(repo, &lp, &R) && !(have_p && bilan_sync_is_ancestor(repo, &R, &P)))
			rep->rewritten = true;
	}
	if ((rc = bilan_conflicts_load(&conf, ws, err)) < 0)
		goto out;
	/* Consultant: the remote's main no longer holds what it held before
	 * the fetch, and a commit of its new history says that it was
	 * replaced on purpose ('bilan share forget', see share.h): a merge
	 * would bring the old history, and what was withdrawn, back to the
	 * remote.  Their own changes since what they last had from the
	 * remote go on top of the new history instead (one commit whose only
	 * parent is the remote's head); the old history stays in this copy's
	 * reflog.  A remote that
	 * merely lost commits (rewound, or a lost update) still has a common
	 * commit: the ordinary merge then keeps and sends back what it lost. */
	bool rewritten = !beneficiary && todo && before && !bilan_sync_is_ancestor(repo, before, &R) &&
			 marked_rewritten(repo, &R, &H);
	if (rewritten)
		rep->rewritten = true;
	/* Consultant: before is the commit their last sync pushed without
	 * their private/ (see consultant_outgoing), so not in main's history
	 * but with all its content in main: what the remote added since is
	 * the difference from it. */
	git_oid lp;
	bool own_outgoing = !beneficiary && before && st->last_push &&
			    git_oid_fromstr(&lp, st->last_push) == 0 && git_oid_equal(&lp, before) &&
			    !bilan_sync_is_ancestor(repo, before, &H) && bilan_sync_is_ancestor(repo, before, &R);
	if (todo) {
		bool have_b = true;
		if (rewritten)
			have_b = git_merge_base(&B, repo, &H, before) == 0;
		else if (own_outgoing)
			git_oid_cpy(&B, before);
		else
			/* no shared commit yet: what the remote holds of main's
			 * own history is common to both */
			have_b = git_merge_base(&B, repo, mine ? mine : &H, &R) == 0;
		if (git_commit_lookup(&hc, repo, &H) < 0 || git_commit_tree(&ht, hc) < 0 ||
		    git_commit_lookup(&rc_, repo, &R) < 0 || git_commit_tree(&rt, rc_) < 0 ||
		    (have_b && (git_commit_lookup(&bc, repo, &B) < 0 ||
				git_commit_tree(&bt, bc) < 0))) {
			rc = bilan_sync_damaged(err);
			goto out;
		}
		rc = bilan_sync_apply_remote(ws, repo, bt, rt, ht, beneficiary, &st->forgotten, &conf, when,
				  &w, rep, err);
		if (rc < 0)
			goto out;
	}
	if ((rc = bilan_sync_write_conflicts(ws, &w, &conf, rep->conflicts.n > 0, err)) < 0)
		goto out;
	if (!beneficiary && todo) {
		/* The consultant's main: a merge commit (or a fast-forward) so
		 * that the push is a fast-forward of the remote's main. */
		git_oid tid, mid;
		git_tree *nt = NULL;
		git_signature *sig = NULL;
		git_reference *ref = NULL;
		if ((rc = bilan_sync_tree_with(&tid, repo, ht, &w, err)) < 0)
			goto out;
		const git_oid *target = NULL;
		if ((rewritten || bilan_sync_is_ancestor(repo, &H, &R)) &&
		    git_oid_equal(&tid, git_commit_tree_id(rc_))) {
			target = &R;
		} else {
			const git_commit *two[2] = { hc, rc_ }, *one[1] = { rc_ };
			const git_commit **parents = rewritten ? one : two;
			if (git_tree_lookup(&nt, repo, &tid) < 0 ||
			    party_signature(&sig, repo, ws) < 0 ||
			    git_commit_create(&mid, repo, NULL, sig, sig, NULL,
					      rewritten ? "sync: changes put on top of the remote's new history\n\nBilan-Command: sync\n"
							: "sync: merge the remote's changes\n\nBilan-Command: sync\n",
					      nt, rewritten ? 1 : 2, parents) < 0) {
				git_tree_free(nt);
				git_signature_free(sig);
				rc = bilan_sync_git_fail(err, _("cannot write the merge"));
				goto out;
			}
			git_tree_free(nt);
			git_signature_free(sig);
			target = &mid;
		}
		if (git_reference_create_matching(&ref, repo, "refs/heads/main", target, 1, &H,
						  "bilan sync: merge") < 0) {
			rc = bilan_error_set(err, BILAN_EAGAIN, _("main moved during the sync: %s"),
					     lg2_msg());
			goto out;
		}
		git_reference_free(ref);
		/* the index follows the written paths; the tree equals HEAD's now */
		rc = bilan_ws_commit(ws, "sync: merge the remote's changes", NULL, err);
		goto out;
	}
	if (w.paths.n) {
		/* the conflicts record and copies are bookkeeping, not files
		 * from the remote */
		size_t from_remote = 0;
		for (size_t i = 0; i < w.paths.n; i++)
			if (!bilan_conflict_is_own_file(w.paths.v[i]))
				from_remote++;
		char *msg = from_remote
				    ? bilan_xasprintf("sync: %zu %s from the remote", from_remote,
						      from_remote == 1 ? "file" : "files")
				    : bilan_xstrdup("sync: closed conflicts dropped from the record");
		rc = bilan_ws_commit(ws, msg, NULL, err);
		free(msg);
	} else {
		bilan_ws_rollback(ws);
	}
out:
	if (rc < 0)
		bilan_ws_rollback(ws);
	bilan_conflicts_clear(&conf);
	bilan_sync_written_clear(&w);
	git_tree_free(ht);
	git_tree_free(rt);
	git_tree_free(bt);
	git_commit_free(hc);
	git_commit_free(rc_);
	git_commit_free(bc);
	free(when);
	return rc;
}

/* The first forgotten path held by a commit reachable from R and not from
 * P (may be NULL), or NULL. */
static const char *holds_forgotten(git_repository *repo, const git_oid *R, const git_oid *P,
				   const struct bilan_strlist *forgotten)
{
	git_revwalk *walk = NULL;
	git_oid id;
	const char *found = NULL;
	if (!forgotten->n || git_revwalk_new(&walk, repo) < 0)
		return NULL;
	if (git_revwalk_push(walk, R) < 0 || (P && git_revwalk_hide(walk, P) < 0)) {
		git_revwalk_free(walk);
		return NULL;
	}
	while (!found && git_revwalk_next(&id, walk) == 0) {
		git_commit *c = NULL;
		git_tree *t = NULL;
		if (git_commit_lookup(&c, repo, &id) == 0 && git_commit_tree(&t, c) == 0) {
			for (size_t i = 0; i < forgotten->n && !found; i++) {
				git_tree_entry *te = NULL;
				if (git_tree_entry_bypath(&te, t, forgotten->v[i]) == 0)
					found = forgotten->v[i];
				git_tree_entry_free(te);
			}
		}
		git_tree_free(t);
		git_commit_free(c);
	}
	git_revwalk_free(walk);
	return found;
}

/* Build the next partage commit, under the lock.  *out_tip: what to push. */
/* merged: the remote head whose changes merge_step took into main (NULL:
 * none), the only one that may become a parent -- not the tracking ref as
 * it is now: a concurrent sync may have fetched a newer head whose changes
 * main does not hold, and partage would then look like their deletion. */
/* The generated files of the shared commit P, read back (gen zeroed). */
static int generated_of(struct bilan_share_generated *gen, git_repository *repo, const git_oid *P)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	int rc = -1;
	memset(gen, 0, sizeof(*gen));
	if (git_commit_lookup(&c, repo, P) < 0 || git_commit_tree(&t, c) < 0)
		goto out;
	struct { const char *name; struct bilan_buf *b; } files[3] = {
		{ BILAN_SHARE_README, &gen->readme },
		{ BILAN_SHARE_RAPPORT, &gen->rapport },
		{ BILAN_SHARE_RESUME, &gen->resume },
	};
	for (size_t i = 0; i < 3; i++) {
		git_tree_entry *te = NULL;
		git_blob *b = NULL;
		if (git_tree_entry_bypath(&te, t, files[i].name) < 0) {
			if (i != 1)
				goto out;   /* README.md and resume.yaml are always there */
			continue;
		}
		if (git_blob_lookup(&b, repo, git_tree_entry_id(te)) == 0) {
			bilan_buf_put(files[i].b, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
			if (i == 1)
				gen->has_rapport = true;
		}
		git_blob_free(b);
		git_tree_entry_free(te);
	}
	rc = 0;
out:
	if (rc < 0)
		bilan_share_generated_clear(gen);
	git_tree_free(t);
	git_commit_free(c);
	return rc;
}

/* "MAIN SHARED N" (share.h: state.published) */
static char *published_key(const git_oid *H, const git_oid *N, size_t forgotten)
{
	char h[GIT_OID_HEXSZ + 1], n[GIT_OID_HEXSZ + 1];
	git_oid_tostr(h, sizeof(h), H);
	git_oid_tostr(n, sizeof(n), N);
	return bilan_xasprintf("%s %s %zu", h, n, forgotten);
}

int bilan_sync_build_step(git_oid *out_tip, struct bilan_ws *ws, git_repository *repo,
			  struct bilan_share_state *st, const struct bilan_sync_opts *opts,
			  const git_oid *merged, struct bilan_sync_report *rep, struct bilan_error *err)
{
	git_oid H, P, R, N;
	struct bilan_share_generated gen;
	struct bilan_share_built info;
	int rc = bilan_ws_begin(ws, "sync", err);
	if (rc < 0)
		return rc;
	bool have_p = bilan_sync_ref_id(&P, repo, BILAN_SHARE_REF);
	bool have_r = merged != NULL;
	if (have_r)
		git_oid_cpy(&R, merged);
	if (have_r && !(have_p && bilan_sync_is_ancestor(repo, &R, &P))) {
		const char *back = holds_forgotten(repo, &R, have_p ? &P : NULL, &st->forgotten);
		if (back) {
			/* its changes are merged into main already (without
			 * the path); its history stays out of partage */
			free(rep->forgotten_back);
			rep->forgotten_back = bilan_xstrdup(back);
			have_r = false;
		}
	}
	if (!bilan_sync_ref_id(&H, repo, "refs/heads/main")) {
		rc = bilan_sync_git_fail(err, _("cannot read main"));
		goto out;
	}
	/* Generated files are dated by main's last commit, not by the clock:
	 * a sync with nothing new makes no new shared commit. */
	int64_t when = opts && opts->now ? opts->now : 0;
	if (!when) {
		git_commit *hc = NULL;
		if (git_commit_lookup(&hc, repo, &H) == 0)
			when = (int64_t)git_commit_time(hc);
		git_commit_free(hc);
	}
	/* The checks before publishing: nothing is shared while a file to
	 * share holds someone's details or a file is outside the layout,
	 * until it is moved under private/ or accepted (share.h). */
	git_oid T;
	bool have_t = bilan_sync_ref_id(&T, repo, "refs/remotes/" BILAN_SHARE_REMOTE "/main");
	if ((rc = bilan_share_privacy_check(&rep->privacy, repo, &H, have_p ? &P : NULL,
					    have_t ? &T : NULL, &st->forgotten, &st->accepted,
					    err)) < 0)
		goto out;
	if (rep->privacy.n) {
		if (have_p)
			git_oid_cpy(out_tip, &P);
		goto out;
	}
	/* from main's committed tree as it is shared, never the working tree
	 * (share.h: the publication invariant); when neither main, the shared
	 * branch nor the forgotten paths moved since the last build, its
	 * generated files are the same: read back, not made again */
	char *key = have_p ? published_key(&H, &P, st->forgotten.n) : NULL;
	bool same = key && st->published && !strcmp(key, st->published) &&
		    generated_of(&gen, repo, &P) == 0;
	free(key);
	if (!same &&
	    (rc = bilan_share_generate_published(&gen, repo, &H, &st->forgotten, when, err)) < 0)
		goto out;
	for (size_t i = 0; i < gen.missing.n; i++)
		bilan_strlist_add(&rep->warnings, gen.missing.v[i]);
	rc = bilan_share_build(&N, &info, repo, &H, have_p ? &P : NULL, have_r ? &R : NULL,
			       &gen, &st->forgotten, err);
	bilan_share_generated_clear(&gen);
	if (rc < 0)
		goto out;
	if (rep->forgotten_back && info.made) {
		/* it replaces the remote's history: say so to the consultant's
		 * sync (marked_rewritten) */
		git_commit *nc = NULL;
		git_oid N2;
		char *msg = NULL;
		if (git_commit_lookup(&nc, repo, &N) == 0) {
			msg = bilan_xasprintf("%s" BILAN_SHARE_REWRITTEN_TRAILER " sync\n",
					      git_commit_message(nc));
			if (git_commit_amend(&N2, nc, NULL, NULL, NULL, NULL, msg, NULL) == 0)
				git_oid_cpy(&N, &N2);
		}
		free(msg);
		git_commit_free(nc);
	}
	free(st->published);
	st->published = published_key(&H, &N, st->forgotten.n);
	rep->shared_files = info.files;
	rep->shared_commit = info.made;
	snprintf(rep->summary, sizeof(rep->summary), "%s", info.summary);
	if (!have_p || !git_oid_equal(&N, &P)) {
		git_reference *ref = NULL;
		int e = 0;
		for (int attempt = 0; attempt < 2; attempt++) {
			e = have_p ? git_reference_create_matching(&ref, repo, BILAN_SHARE_REF, &N, 1,
								   &P, "bilan sync")
				   : git_reference_create(&ref, repo, BILAN_SHARE_REF, &N, 0, "bilan sync");
			/* only sync writes partage, under the workspace lock we
			 * hold: a lock file there is a killed sync's */
			if (e >= 0 || !bilan_sync_clear_stale_lock(git_repository_path(repo), lg2_msg(), 0))
				break;
		}
		if (e < 0) {
			rc = bilan_error_set(err, BILAN_EAGAIN, _("the shared branch moved during the sync: %s"),
					     lg2_msg());
			goto out;
		}
		git_reference_free(ref);
	}
	git_oid_cpy(out_tip, &N);
out:
	bilan_ws_rollback(ws);   /* nothing written: releases the lock */
	return rc;
}

/* The remote "partage" must match the consent in force. */
int bilan_sync_ensure_remote(git_repository *repo, const struct bilan_ws *ws, const char *url,
			     struct bilan_error *err)
{
	char *u = NULL;
	bool ok = bilan_sync_remote_url(&u, repo, BILAN_SHARE_REMOTE, NULL) == 0 && !strcmp(u, url);
	free(u);
	if (ok) {
		git_config *cfg = NULL;
		git_buf b = { 0 };
		/* a pushurl elsewhere would send to another place */
		if (git_repository_config_snapshot(&cfg, repo) == 0 &&
		    git_config_get_string_buf(&b, cfg, "remote." BILAN_SHARE_REMOTE ".pushurl") == 0)
			ok = !strcmp(b.ptr, url);
		git_buf_dispose(&b);
		git_config_free(cfg);
	}
	if (ok)
		return 0;
	return bilan_share_configure(ws, url, err);
}

static bool open_conflicts(const struct bilan_ws *ws)
{
	struct bilan_conflicts c = BILAN_CONFLICTS_INIT;
	bool open = false;
	if (bilan_conflicts_load(&c, ws, NULL) == 0)
		for (size_t i = 0; i < c.n; i++)
			open |= c.v[i].open;
	bilan_conflicts_clear(&c);
	return open;
}

static int consent_in_force(const struct bilan_ws *ws, char **out_url, struct bilan_error *err)
{
	struct bilan_share s;
	int rc = bilan_share_load(&s, ws, err);
	if (rc < 0)
		return rc;
	const struct bilan_consent *c = bilan_share_active(&s);
	if (!c || !c->remote || !*c->remote) {
		bilan_error_set(err, BILAN_EFAIL,
				s.n ? _("sharing was revoked: nothing is sent without a consent in force")
				    : _("no consent to share is recorded: nothing is sent"));
		bilan_error_hint(err, _("the beneficiary agrees with 'bilan share init URL --to NAME'"));
		bilan_share_clear(&s);
		return BILAN_EFAIL;
	}
	/* A remote recorded by an older bilan may hold a credential: nothing
	 * is sent to it (and the credential stays out of every message). */
	char *checked = NULL;
	struct bilan_error uerr = BILAN_ERROR_INIT;
	if (bilan_share_url_check(&checked, c->remote, &uerr) < 0) {
		bilan_error_set(err, BILAN_EFAIL, _("the remote of the consent in force is refused: %s"),
				uerr.message);
		bilan_error_hint(err, _("trying again does not help: 'bilan share revoke', then "
					"'bilan share init' with a valid address without credentials"));
		bilan_share_clear(&s);
		return BILAN_EFAIL;
	}
	free(checked);
	if (out_url)
		*out_url = bilan_xstrdup(c->remote);
	bilan_share_clear(&s);
	return 0;
}

/* The ref a consultant's filtered commit is pushed from (never kept; one
 * per process, as two syncs may run at once). */
#define OUTGOING_REF_FMT "refs/bilan/sortant-%ld"

static void drop_ref(git_repository *repo, const char *name)
{
	git_reference *ref = NULL;
	if (git_reference_lookup(&ref, repo, name) == 0)
		git_reference_delete(ref);
	git_reference_free(ref);
}

/* Is name a conflict file (merge.h) -- at the root for conflits.yaml? */
static bool conflict_name(const char *name, bool root)
{
	size_t n = strlen(name), sl = strlen(BILAN_CONFLICT_SUFFIX);
	return (root && !strcmp(name, BILAN_CONFLICTS_FILE)) ||
	       (n > sl && !strcmp(name + n - sl, BILAN_CONFLICT_SUFFIX));
}

/* Does tree hold what is never shared: private/ or conflits.yaml at its
 * root, a *.remote file anywhere?  Subtrees equal to base's (the parent
 * commit's, may be NULL) are not entered: the parent is looked at too. */
static bool tree_holds_unshared(git_repository *repo, git_tree *tree, git_tree *base,
				bool root, int depth)
{
	size_t n = git_tree_entrycount(tree);
	if (depth > 64)
		return true;   /* cannot tell: filter */
	for (size_t i = 0; i < n; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(te);
		if (root && !strcmp(name, BILAN_PRIVATE_DIR))
			return true;
		if (git_tree_entry_type(te) != GIT_OBJECT_TREE) {
			if (conflict_name(name, root))
				return true;
			continue;
		}
		const git_tree_entry *be = base ? git_tree_entry_byname(base, name) : NULL;
		if (be && git_oid_equal(git_tree_entry_id(be), git_tree_entry_id(te)))
			continue;
		git_tree *sub = NULL, *bsub = NULL;
		bool found;
		if (git_tree_lookup(&sub, repo, git_tree_entry_id(te)) < 0)
			return true;
		if (be && git_tree_entry_type(be) == GIT_OBJECT_TREE)
			(void)git_tree_lookup(&bsub, repo, git_tree_entry_id(be));
		found = tree_holds_unshared(repo, sub, bsub, false, depth + 1);
		git_tree_free(bsub);
		git_tree_free(sub);
		if (found)
			return true;
	}
	return false;
}

/* Does a commit of tip's history that the remote rname's tracking refs do
 * not hold have what is never shared: a private/ folder (the consultant's own private
 * notes) or a conflict file (merge.h: conflits.yaml, *.remote)? */
static bool history_holds_unshared(git_repository *repo, const git_oid *tip, const char *rname)
{
	git_revwalk *walk = NULL;
	git_oid id;
	bool found = false;
	if (git_revwalk_new(&walk, repo) < 0)
		return true;   /* cannot tell: filter */
	if (git_revwalk_push(walk, tip) < 0) {
		git_revwalk_free(walk);
		return true;
	}
	/* what the remote pushed to has, not any remote: a backup of the
	 * consultant's own holds their private/ */
	char *glob = bilan_xasprintf("refs/remotes/%s/*", rname);
	git_revwalk_hide_glob(walk, glob);
	free(glob);
	int e;
	while (!found && (e = git_revwalk_next(&id, walk)) != GIT_ITEROVER) {
		git_commit *c = NULL, *p = NULL;
		git_tree *t = NULL, *pt = NULL;
		if (e < 0 || git_commit_lookup(&c, repo, &id) < 0 || git_commit_tree(&t, c) < 0) {
			found = true;
		} else {
			if (git_commit_parentcount(c) > 0 && git_commit_parent(&p, c, 0) == 0)
				(void)git_commit_tree(&pt, p);
			found = tree_holds_unshared(repo, t, pt, true, 0);
		}
		git_tree_free(pt);
		git_commit_free(p);
		git_tree_free(t);
		git_commit_free(c);
	}
	git_revwalk_free(walk);
	return found;
}

/* Collect the conflict files of a tree (git_tree_walk, pre-order). */
static int conflict_file_cb(const char *root, const git_tree_entry *te, void *payload)
{
	struct bilan_strlist *out = payload;
	if (git_tree_entry_type(te) == GIT_OBJECT_TREE)
		return !root[0] && !strcmp(git_tree_entry_name(te), BILAN_PRIVATE_DIR) ? 1 : 0;
	if (conflict_name(git_tree_entry_name(te), !root[0])) {
		char *p = bilan_xasprintf("%s%s", root, git_tree_entry_name(te));
		bilan_strlist_add(out, p);
		free(p);
	}
	return 0;
}

/* The consultant's commit to push when their history holds private/ or a
 * conflict file: main's tree without them, one parent (the remote's head R, may be NULL).
 * *out_same: that tree is R's already (nothing to send).  The commit is
 * made and outgoing_ref points at it. */
static int consultant_outgoing(git_oid *out, bool *out_same, git_repository *repo,
			       const struct bilan_ws *ws, const git_oid *tip, const git_oid *R,
			       const char *outgoing_ref, struct bilan_error *err)
{
	git_commit *hc = NULL, *rc_ = NULL;
	git_tree *ht = NULL, *nt = NULL;
	git_signature *sig = NULL;
	git_reference *ref = NULL;
	git_oid tid;
	int rc = 0;
	*out_same = false;
	if (git_commit_lookup(&hc, repo, tip) < 0 || git_commit_tree(&ht, hc) < 0 ||
	    (R && git_commit_lookup(&rc_, repo, R) < 0)) {
		rc = bilan_sync_damaged(err);
		goto out;
	}
	/* main's tree without private/ and the conflict files */
	struct bilan_strlist gone = BILAN_STRLIST_INIT;
	if (git_tree_walk(ht, GIT_TREEWALK_PRE, conflict_file_cb, &gone) < 0) {
		bilan_strlist_clear(&gone);
		rc = bilan_sync_damaged(err);
		goto out;
	}
	if (git_tree_entry_byname(ht, BILAN_PRIVATE_DIR))
		bilan_strlist_add(&gone, BILAN_PRIVATE_DIR);
	git_tree_update *upd = bilan_xcalloc(gone.n ? gone.n : 1, sizeof(*upd));
	for (size_t i = 0; i < gone.n; i++) {
		upd[i].action = GIT_TREE_UPDATE_REMOVE;
		upd[i].path = gone.v[i];
	}
	int ue = gone.n ? git_tree_create_updated(&tid, repo, ht, gone.n, upd) : 0;
	if (!gone.n)
		git_oid_cpy(&tid, git_tree_id(ht));
	free(upd);
	bilan_strlist_clear(&gone);
	if (ue < 0) {
		rc = bilan_sync_git_fail(err, _("cannot write the shared tree"));
		goto out;
	}
	if (rc_ && git_oid_equal(&tid, git_commit_tree_id(rc_))) {
		*out_same = true;
		goto out;
	}
	const git_commit *parents[1] = { rc_ };
	if (git_tree_lookup(&nt, repo, &tid) < 0 ||
	    party_signature(&sig, repo, ws) < 0 ||
	    git_commit_create(out, repo, NULL, sig, sig, NULL,
			      "sync: the consultant's changes (their private/ and conflict files stay on their computer)\n\nBilan-Command: sync\n",
			      nt, rc_ ? 1 : 0, parents) < 0 ||
	    git_reference_create(&ref, repo, outgoing_ref, out, 1, "bilan sync") < 0)
		rc = bilan_sync_git_fail(err, _("cannot write the shared commit"));
out:
	git_reference_free(ref);
	git_signature_free(sig);
	git_tree_free(nt);
	git_tree_free(ht);
	git_commit_free(rc_);
	git_commit_free(hc);
	return rc;
}

/* A bare repository on disk whose HEAD names a branch it does not have
 * ("master", the default of many installations) gives 'git clone' an empty
 * copy: point it at main.  Only a dangling HEAD is changed. */
static void fix_remote_head(const char *url)
{
	git_repository *r = NULL;
	git_reference *head = NULL, *res = NULL;
	git_oid id;
	if (!bilan_url_is_local(url))
		return;
	const char *path = !strncmp(url, "file://", 7) ? url + 7 : url;
	if (git_repository_open_ext(&r, path, GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE,
				    NULL) < 0)
		return;
	if (git_reference_lookup(&head, r, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
	    git_reference_resolve(&res, head) < 0 &&
	    git_reference_name_to_id(&id, r, "refs/heads/main") == 0)
		git_repository_set_head(r, "refs/heads/main");
	git_reference_free(res);
	git_reference_free(head);
	git_repository_free(r);
}

int bilan_sync_run(struct bilan_sync_report *rep, struct bilan_ws *ws,
		   const struct bilan_sync_opts *opts, struct bilan_error *err)
{
	git_repository *repo = NULL;
	struct bilan_share_state st;
	char *url = NULL;
	int rc;
	memset(rep, 0, sizeof(*rep));
	rep->beneficiary = bilan_share_is_beneficiary(ws);
	if ((rc = consent_in_force(ws, &url, err)) < 0)
		return rc;
	if ((rc = bilan_share_state_load(&st, ws->gitdir, err)) < 0) {
		free(url);
		return rc;
	}
	/* Nothing fetched, merged or sent unless main is checked out: the
	 * merge writes main's files into the working tree. */
	struct bilan_repo *br = NULL;
	if ((rc = bilan_repo_open(&br, ws->root, err)) == 0)
		rc = bilan_repo_head_branch(br, NULL, err);
	bilan_repo_free(br);
	if (rc < 0)
		goto out;
	if ((rc = bilan_sync_open_repo(&repo, ws->root, err)) < 0)
		goto out;
	const char *rname = rep->beneficiary ? BILAN_SHARE_REMOTE : CONSULTANT_REMOTE;
	char *remote_ref = bilan_sync_tracking_ref(rname);
	if (rep->beneficiary && ((rc = bilan_sync_ensure_remote(repo, ws, url, err)) < 0 ||
				 (rc = bilan_share_install_hook(ws->gitdir, err)) < 0)) {
		free(remote_ref);
		goto out;
	}
	if (!rep->beneficiary && (rc = bilan_share_install_consultant_hook(ws->gitdir, err)) < 0) {
		free(remote_ref);
		goto out;
	}
	for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
		git_oid tip, R;
		bool nonff = false;
		git_oid before;
		bool have_before = bilan_sync_ref_id(&before, repo, remote_ref);
		if ((rc = bilan_sync_fetch(repo, rname, opts, err)) < 0)
			break;
		git_oid merged;
		bool have_merged = false;
		if ((rc = merge_step(&merged, &have_merged, ws, repo, rep->beneficiary, remote_ref,
				     have_before ? &before : NULL, &st, opts, rep, err)) < 0)
			break;
		if (rep->beneficiary) {
			if ((rc = bilan_sync_build_step(&tip, ws, repo, &st, opts, have_merged ? &merged : NULL,
					     rep, err)) < 0)
				break;
			if (rep->privacy.n)
				break;   /* nothing sent: the beneficiary decides first */
		} else if (!bilan_sync_ref_id(&tip, repo, "refs/heads/main")) {
			rc = bilan_sync_git_fail(err, _("cannot read main"));
			break;
		}
		/* The consent is read again just before anything is sent. */
		if ((rc = consent_in_force(ws, NULL, err)) < 0)
			break;
		/* the head merged into main, not the tracking ref as it is now
		 * (a concurrent sync may have fetched a newer one, whose
		 * changes main does not hold) */
		bool have_r = have_merged;
		if (have_r)
			git_oid_cpy(&R, &merged);
		const char *spec = !rep->beneficiary ? "refs/heads/main:refs/heads/main"
				   : rep->forgotten_back ? "+" BILAN_SHARE_REF ":refs/heads/main"
				   : BILAN_SHARE_REF ":refs/heads/main";
		bool outgoing = false, nothing_new = have_r && git_oid_equal(&R, &tip);
		char outgoing_ref[64], outgoing_spec[96];
		snprintf(outgoing_ref, sizeof(outgoing_ref), OUTGOING_REF_FMT, (long)getpid());
		snprintf(outgoing_spec, sizeof(outgoing_spec), "%s:refs/heads/main", outgoing_ref);
		if (!rep->beneficiary && !nothing_new && !rep->conflicts.n && !open_conflicts(ws) &&
		    history_holds_unshared(repo, &tip, rname)) {
			/* The consultant's own private/ and the conflict
			 * files stay on their computer: what goes is main's
			 * tree without them, in one commit on top of the
			 * remote's head. */
			git_oid F;
			rep->private_kept = true;
			if ((rc = consultant_outgoing(&F, &nothing_new, repo, ws, &tip,
						      have_r ? &R : NULL, outgoing_ref, err)) < 0)
				break;
			if (!nothing_new) {
				git_oid_cpy(&tip, &F);
				spec = outgoing_spec;
				outgoing = true;
			}
		}
		if (!rep->beneficiary && (rep->conflicts.n || open_conflicts(ws))) {
			/* The consultant decides first: their merge would
			 * otherwise replace the beneficiary's version. */
			rep->held = true;
		} else if (!nothing_new) {
			rc = bilan_sync_push_named(repo, rname, spec, opts, &nonff, err);
			if (outgoing)
				drop_ref(repo, outgoing_ref);
			if (rc < 0)
				break;
			if (nonff) {
				/* the remote moved since the fetch: once more */
				rc = bilan_error_set(err, BILAN_EAGAIN,
						     _("the remote kept changing during the sync"));
				bilan_error_hint(err, _("run 'bilan sync' again"));
				continue;
			}
			rep->pushed = true;
			fix_remote_head(url);
		}
		char oid[GIT_OID_HEXSZ + 1];
		git_oid_tostr(oid, sizeof(oid), &tip);
		free(st.last_push);
		st.last_push = bilan_xstrdup(oid);
		free(st.last_sync);
		st.last_sync = bilan_sync_now_iso(opts);
		if (rep->beneficiary)
			st.shared_files = (long long)rep->shared_files;
		rc = bilan_share_state_save(&st, ws->gitdir, err);
		break;
	}
	free(remote_ref);
out:
	git_repository_free(repo);
	bilan_share_state_clear(&st);
	free(url);
	return rc;
}

void bilan_sync_report_clear(struct bilan_sync_report *r)
{
	if (!r)
		return;
	bilan_privacy_list_clear(&r->privacy);
	bilan_strlist_clear(&r->conflicts);
	bilan_strlist_clear(&r->ignored);
	bilan_strlist_clear(&r->kept);
	bilan_strlist_clear(&r->refused);
	bilan_strlist_clear(&r->warnings);
	free(r->forgotten_back);
	r->forgotten_back = NULL;
}
