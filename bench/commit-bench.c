/* commit-bench.c - bilan's commit path as one process, for bench/commit.sh.
 *
 *   commit-bench WORKSPACE PATH...
 *
 * Opens the repository of WORKSPACE and commits exactly PATH... the way a
 * mutating command does (bilan_repo_commit_paths), so that timing this
 * process measures what a user waits for: loading, libgit2 init, index
 * read/write, objects, ref update. */
#include <stdio.h>
#include <stdlib.h>

#include "vcs.h"

int main(int argc, char **argv)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_commit_opts o = BILAN_COMMIT_OPTS_INIT;
	struct bilan_repo *repo = NULL;
	char oid[BILAN_OID_HEX];

	if (argc < 3) {
		fprintf(stderr, "usage: commit-bench WORKSPACE PATH...\n");
		return 2;
	}
	o.message = "journal: add entry";
	o.command = "journal add";
	if (bilan_repo_open(&repo, argv[1], &err) < 0 ||
	    bilan_repo_commit_paths(repo, (const char *const *)(argv + 2),
				    (size_t)(argc - 2), &o, oid, &err) < 0) {
		fprintf(stderr, "commit-bench: %s\n", err.message);
		bilan_repo_free_late(repo);   /* as a command does (lib/workspace.c) */
		return 1;
	}
	bilan_repo_free_late(repo);   /* as a command does (lib/workspace.c) */
	return 0;
}
