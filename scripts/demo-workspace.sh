#!/bin/sh
# Fill the demo workspace $1 with realistic work, one block per capability.
# Called by scripts/demo with $BILAN set.  Each block uses only its own commands.
set -eu
W=$1
b() { "$BILAN" -C "$W" "$@"; }
