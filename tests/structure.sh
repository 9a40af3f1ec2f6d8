#!/bin/sh
# tests/structure.sh - the layout rules of HACKING.md ("Layout") that a
# compiler does not check:
#   - lib/ reads no environment variable: cmd/env.c reads them all, once,
#     and gives lib/ what it needs through bilan_settings (lib/settings.h);
#     in cmd/ only env.c (and tls-lazy.c, which must decide before main)
#     calls getenv.
# Exit 0 clean, 1 with each finding printed.
set -u
cd "${SRCDIR:-$(dirname "$0")/..}" || exit 1

bad=0
if grep -nE '\b(secure_)?getenv[[:space:]]*\(' lib/*.c lib/*.h; then
	echo "structure: lib/ reads the environment: read it in cmd/env.c and pass it in bilan_settings (lib/settings.h)" >&2
	bad=1
fi
for f in cmd/*.c cmd/*.h; do
	case "$f" in cmd/env.c|cmd/tls-lazy.c) continue ;; esac
	if grep -nE '\b(secure_)?getenv[[:space:]]*\(' "$f"; then
		echo "structure: $f reads the environment: read it in cmd/env.c (struct cmd_env)" >&2
		bad=1
	fi
done
[ "$bad" = 0 ] && echo "structure: clean"
exit "$bad"
