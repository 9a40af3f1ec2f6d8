#!/bin/sh
# Run a test program, through $BILAN_TEST_WRAPPER (valgrind) when it is set.
exec ${BILAN_TEST_WRAPPER:-} "$@"
