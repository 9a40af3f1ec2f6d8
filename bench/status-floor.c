/* status-floor.c - the least a status through Debian's libgit2 costs, for
 * bench/journal.sh: libgit2 init, open the repository, compare the working
 * tree with the index (untracked files included, as bilan status does),
 * nothing else (no HEAD, no journal, nothing freed at exit).  Linked like
 * the shipped executable (cmd/tls-lazy.c).  Against `git status
 * --porcelain` it shows what libgit2 1.5 itself costs: it verifies the
 * index's SHA-1 and validates every path on each read, which git does not.
 *
 *   status-floor WORKSPACE      (prints the number of changes) */
#include <git2.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	git_repository *repo = NULL;
	git_status_list *list = NULL;
	git_status_options o;

	if (argc != 2) {
		fprintf(stderr, "usage: status-floor WORKSPACE\n");
		return 2;
	}
	git_libgit2_init();
	git_status_options_init(&o, GIT_STATUS_OPTIONS_VERSION);
	o.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
	o.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		  GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY;
	if (git_repository_open_ext(&repo, argv[1], GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0 ||
	    git_status_list_new(&list, repo, &o) < 0) {
		fprintf(stderr, "status-floor: %s\n", git_error_last()->message);
		return 1;
	}
	printf("%zu\n", git_status_list_entrycount(list));
	return 0;   /* nothing freed: the exit gives it back */
}
