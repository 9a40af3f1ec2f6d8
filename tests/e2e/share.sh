#!/bin/sh
# End-to-end: bilan share / sync / backup / private / portfolio against a
# bare repository on disk, and the faults a sync must survive.
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/share-lib.sh"
set -e

git init -q --bare "$T/remote.git"
two_sides "$T/remote.git" "$T/remote.git"

finish
