/* hooks.h - the git hooks bilan installs, embedded at build time from
 * data/hooks/ (tools/embed.sh; the files are the reference, checked by
 * shellcheck in the test suite):
 *   pre-push             a beneficiary's workspace (share.h)
 *   pre-push-consultant  a consultant's copy (share.h)
 *   pre-receive          the shared repository, when it is on disk
 * Each array holds the file's bytes; _len is their number. */
#ifndef BILAN_HOOKS_H
#define BILAN_HOOKS_H

#include <stddef.h>

extern const unsigned char bilan_hook_pre_push[];
extern const size_t bilan_hook_pre_push_len;
extern const unsigned char bilan_hook_pre_push_consultant[];
extern const size_t bilan_hook_pre_push_consultant_len;
extern const unsigned char bilan_hook_pre_receive[];
extern const size_t bilan_hook_pre_receive_len;

#endif
