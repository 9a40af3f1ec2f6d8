#!/bin/sh
# End-to-end: libgit2's certificate bundle is parsed only for a TLS
# connection (cmd/tls-lazy.c): a command that commits never opens it, an
# https remote does (before its handshake), BILAN_EAGER_TLS=1 brings back
# the parse at start-up; an untrusted server certificate is refused.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

# What is checked is which files the executable opens, not its memory:
# under valgrind (BILAN_TEST_WRAPPER), strace watches the bare binary, so
# the test runs under every setup and never skips (issue 24).
if [ -n "${BILAN_TEST_WRAPPER:-}" ]; then
	BILAN=$real_bilan
fi
has_strace || lacking "a usable strace"
# LeakSanitizer cannot run under ptrace (the sanitizer build): leaks are
# checked by every other test
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
W="$T/ws"
new_ws "$W"
case_ "the bundle is put off, not dropped: an eager start reads it"
BILAN_EAGER_TLS=1 strace -f -qq -e trace=openat -o "$T/eager" "$BILAN" -C "$W" journal add -q "avant" >/dev/null
bundle=$(sed -n 's/.*openat([^"]*"\([^"]*\)".*/\1/p' "$T/eager" | grep -E 'cert|\.crt|\.pem' | head -1)
if [ -z "$bundle" ]; then
	lacking "a libgit2 that reads a certificate bundle at start-up (Debian's, with mbedTLS)"
fi

case_ "a commit never parses the certificate bundle"
strace -f -qq -e trace=openat -o "$T/lazy" "$BILAN" -C "$W" journal add -q "sans TLS"
grep -qF "\"$bundle\"" "$T/lazy" && ko "journal add opened $bundle" || ok
expect_eq "$(commits "$W")" 3
expect_clean_repo "$W"
strace -f -qq -e trace=openat -o "$T/lazy2" "$BILAN" -C "$W" status >/dev/null
grep -qF "\"$bundle\"" "$T/lazy2" && ko "status opened $bundle" || ok

case_ "an https remote: the bundle is read before the handshake, a self-signed server refused"
if command -v openssl >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" \
		-days 1 -subj "/CN=127.0.0.1" >/dev/null 2>&1
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	openssl s_server -accept "127.0.0.1:$port" -cert "$T/cert.pem" -key "$T/key.pem" -www -quiet \
		>/dev/null 2>&1 </dev/null &
	srv=$!
	i=0
	while [ $i -lt 50 ] && ! python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	set +e
	strace -f -qq -e trace=openat -o "$T/https" "$BILAN" share clone "https://127.0.0.1:$port/x.git" "$T/copy" \
		>"$T/out" 2>"$T/err" </dev/null
	rc=$?
	set -e
	kill "$srv" 2>/dev/null || :
	wait "$srv" 2>/dev/null || :
	expect_rc 1
	expect_err "the certificate of '127.0.0.1' is not trusted"
	expect_no_out "known_hosts"
	grep -qF "\"$bundle\"" "$T/https" && ok || ko "the bundle was not read for an https connection"
	expect_no_file "$T/copy/.git"
else
	lacking_part "openssl and python3 for the https case"
fi

finish
