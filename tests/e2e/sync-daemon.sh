#!/bin/sh
# End-to-end: bilan sync over git:// against a git daemon started here on
# 127.0.0.1 (receive-pack enabled), and the network faults: daemon down,
# transfer cut in the middle, a server that never answers, a wrong URL, a
# daemon that refuses pushes.
. "$SRCDIR/tests/e2e/lib.sh"

# big_todo BYTES FILE: a large to-do item of the consultant's (what the
# consultant may add, lib/owner.h), BYTES of random data in base64 lines
big_todo() {
	mkdir -p "$(dirname "$2")"
	{
		printf 'text: |\n'
		head -c "$1" /dev/urandom | base64 | sed 's/^/  /'
		printf 'status: a-faire\nauthor: consultant\n'
	} >"$2"
}
. "$SRCDIR/tests/e2e/share-lib.sh"
set -e

pids=""
groups=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for g in $groups; do kill -9 "-$g" 2>/dev/null || true; done
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_daemon PORT [extra options]: git daemon serving $T/srv
start_daemon() {
	port=$1; shift
	git daemon --base-path="$T/srv" --export-all --listen=127.0.0.1 --port="$port" \
		--reuseaddr "$@" "$T/srv" >"$T/daemon.log" 2>&1 &
	daemon_pid=$!
	pids="$pids $daemon_pid"
	i=0
	while ! git ls-remote "git://127.0.0.1:$port/remote.git" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "git daemon did not start" >&2; cat "$T/daemon.log" >&2; exit 1; }
		sleep 0.1
	done
}

wait_file() {
	i=0
	while [ ! -e "$1" ]; do
		i=$((i + 1))
		[ $i -lt 300 ] || { echo "$1 did not appear" >&2; exit 1; }
		sleep 0.1
	done
}

stop_daemon() {
	kill "$daemon_pid" 2>/dev/null || true
	wait "$daemon_pid" 2>/dev/null || true
}

mkdir -p "$T/srv"
git init -q --bare "$T/srv/remote.git"
PORT=$(free_port)
start_daemon "$PORT" --enable=receive-pack
URL="git://127.0.0.1:$PORT/remote.git"

two_sides "$URL" "$T/srv/remote.git"

# ---------------------------------------------------------------- faults
W="$T/ws" C="$T/c"
git init -q --bare "$T/srv/w.git"
new_ws "$W"
"$BILAN" -C "$W" share init "git://127.0.0.1:$PORT/w.git" --to "Sophie Durand" >/dev/null
"$BILAN" -C "$W" journal add -q -t "Entrée" "texte" >/dev/null
"$BILAN" -C "$W" sync >/dev/null || ko "first sync over git://"
git clone -q "git://127.0.0.1:$PORT/w.git" "$C"

case_ "the daemon is down: exit 75, nothing changed, a later sync completes"
"$BILAN" -C "$C" journal add -q -k retour -t "Retour" "Un retour." >/dev/null
"$BILAN" -C "$C" sync >/dev/null || ko "consultant sync"
stop_daemon
before=$(snapshot "$W")
n=$(commits "$W")
run "$BILAN" -C "$W" sync
expect_rc 75
expect_err "cannot be reached"
expect_err "run 'bilan sync' again later"
expect_eq "$(snapshot "$W")" "$before"
expect_eq "$(commits "$W")" "$n"
start_daemon "$PORT" --enable=receive-pack
run "$BILAN" -C "$W" sync
expect_rc 0
grep -rq "Un retour" "$W/journal" && ok || ko "the retour did not arrive"

case_ "the transfer is cut in the middle: exit 75, nothing changed, a later sync completes"
# A proxy in front of the daemon that cuts the answer after 20 kB when
# $T/cut exists (once).
PPORT=$(free_port)
cat >"$T/proxy.py" <<'PY'
import os, socket, sys, threading
lport, dport, limit, flag = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", lport)); srv.listen(5); srv.settimeout(120)
open(flag + ".ready", "w").close()
def pipe(a, b, limit):
    sent = 0
    try:
        while True:
            d = a.recv(4096)
            if not d: break
            if limit and sent + len(d) > limit:
                b.sendall(d[:limit - sent]); break
            b.sendall(d); sent += len(d)
    except OSError: pass
    for s in (a, b):
        try: s.shutdown(socket.SHUT_RDWR); s.close()
        except OSError: pass
while True:
    try: c, _a = srv.accept()
    except OSError: break
    cut = 0
    if os.path.exists(flag):
        os.remove(flag); cut = limit
    d = socket.create_connection(("127.0.0.1", dport))
    threading.Thread(target=pipe, args=(c, d, 0), daemon=True).start()
    threading.Thread(target=pipe, args=(d, c, cut), daemon=True).start()
PY
$SERVER python3 "$T/proxy.py" "$PPORT" "$PORT" 20000 "$T/cut" >"$T/proxy.log" 2>&1 &
pids="$pids $!"
wait_file "$T/cut.ready"
W3="$T/ws3" C3="$T/c3"
git init -q --bare "$T/srv/w3.git"
new_ws "$W3"
"$BILAN" -C "$W3" share init "git://127.0.0.1:$PPORT/w3.git" --to "Sophie Durand" >/dev/null
"$BILAN" -C "$W3" sync >/dev/null || ko "sync through the proxy"
git clone -q "git://127.0.0.1:$PORT/w3.git" "$C3"
big_todo 3000000 "$C3/todo/annexe.yaml"
"$BILAN" -C "$C3" save >/dev/null || ko "save of a big file"
"$BILAN" -C "$C3" sync >/dev/null || ko "push of a big file"
touch "$T/cut"
before=$(snapshot "$W3")
n=$(commits "$W3")
run "$BILAN" -C "$W3" sync
expect_rc 75
expect_err "cannot be reached"
expect_no_file "$T/cut"
expect_eq "$(snapshot "$W3")" "$before"
expect_eq "$(commits "$W3")" "$n"
git -C "$W3" fsck --strict >/dev/null 2>&1 && ok || ko "local fsck after a cut transfer"
run "$BILAN" -C "$W3" sync
expect_rc 0
expect_file "$W3/todo/annexe.yaml"
expect_clean_repo "$W3"

# A daemon in its own session, so that killing it kills the processes
# serving the transfer too (as a crash or a reboot of the server would).
# Its upload-pack sends the pack slowly (uploadpack.packObjectsHook, a
# protected setting given on its command line): 30 kB, then a pause,
# while $T/ksrv/slow exists.
cat >"$T/slow-pack.sh" <<'SH'
#!/bin/sh
[ -e "$KSRV/slow" ] || exec "$@"
touch "$KSRV/fetch.started"
"$@" | { head -c 30000; sleep 60; cat; }
SH
chmod +x "$T/slow-pack.sh"
start_kdaemon() {
	KSRV="$T/ksrv" setsid git -c uploadpack.packObjectsHook="$T/slow-pack.sh" daemon \
		--base-path="$T/ksrv" --export-all --listen=127.0.0.1 --port="$KPORT" --reuseaddr \
		--enable=receive-pack "$T/ksrv" >"$T/kdaemon.log" 2>&1 &
	kpid=$!
	groups="$groups $kpid"
	i=0
	while ! git ls-remote "git://127.0.0.1:$KPORT/k.git" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "git daemon did not start" >&2; cat "$T/kdaemon.log" >&2; exit 1; }
		sleep 0.1
	done
}
kill_kdaemon() {
	kill -9 "-$kpid" 2>/dev/null || true
	wait "$kpid" 2>/dev/null || true
}
if command -v setsid >/dev/null 2>&1; then
	KPORT=$(free_port)
	mkdir -p "$T/ksrv"
	git init -q --bare "$T/ksrv/k.git"
	start_kdaemon
	W8="$T/ws8" C8="$T/c8"
	new_ws "$W8"
	"$BILAN" -C "$W8" share init "git://127.0.0.1:$KPORT/k.git" --to "Sophie Durand" >/dev/null
	"$BILAN" -C "$W8" sync >/dev/null || ko "first sync (killed daemon)"
	git clone -q "$T/ksrv/k.git" "$C8"
	big_todo 2000000 "$C8/todo/annexe.yaml"
	"$BILAN" -C "$C8" save >/dev/null || ko "save of a big file"
	"$BILAN" -C "$C8" sync >/dev/null || ko "consultant sync (on disk)"

	case_ "the daemon is killed in the middle of a fetch: exit 75, nothing changed, a later sync completes"
	before="$(snapshot "$W8")"
	n=$(commits "$W8")
	touch "$T/ksrv/slow"
	set +e
	"$BILAN" -C "$W8" sync >"$T/out" 2>"$T/err" &
	syncpid=$!
	wait_file "$T/ksrv/fetch.started"
	sleep 0.5
	kill_kdaemon
	wait $syncpid
	rc=$?
	set -e
	expect_rc 75
	expect_err "cannot be reached"
	expect_eq "$(snapshot "$W8")" "$before"
	expect_eq "$(commits "$W8")" "$n"
	git -C "$W8" fsck --strict >/dev/null 2>&1 && ok || ko "local fsck after the killed fetch"
	rm -f "$T/ksrv/fetch.started" "$T/ksrv/slow"
	start_kdaemon
	run "$BILAN" -C "$W8" sync
	expect_rc 0
	expect_file "$W8/todo/annexe.yaml"
	expect_clean_repo "$W8"

	case_ "the daemon is killed in the middle of a push: exit 75, main unchanged, a later sync completes"
	printf '#!/bin/sh\ntouch "%s"\nsleep 60\n' "$T/ksrv/push.started" >"$T/ksrv/k.git/hooks/pre-receive"
	chmod +x "$T/ksrv/k.git/hooks/pre-receive"
	"$BILAN" -C "$W8" journal add -q -t "Avant la coupure" "texte" >/dev/null
	main=$(git -C "$W8" rev-parse main)
	head=$(git -C "$T/ksrv/k.git" rev-parse main)
	set +e
	"$BILAN" -C "$W8" sync >"$T/out" 2>"$T/err" &
	syncpid=$!
	wait_file "$T/ksrv/push.started"
	kill_kdaemon
	wait $syncpid
	rc=$?
	set -e
	expect_rc 75
	expect_err "cannot be reached"
	expect_eq "$(git -C "$W8" rev-parse main)" "$main"
	expect_eq "$(git -C "$T/ksrv/k.git" rev-parse main)" "$head"
	expect_clean_repo "$W8"
	rm -f "$T/ksrv/k.git/hooks/pre-receive"
	start_kdaemon
	run "$BILAN" -C "$W8" sync
	expect_rc 0
	expect_eq "$(git -C "$T/ksrv/k.git" rev-parse main)" "$(git -C "$W8" rev-parse partage)"
	git -C "$T/ksrv/k.git" grep -q "Avant la coupure" main -- journal && ok || ko "not shared after the cut"
	git -C "$T/ksrv/k.git" fsck --strict >/dev/null 2>&1 && ok || ko "remote fsck after the cut"
	kill_kdaemon
else
	lacking_part "setsid (util-linux): the killed daemon is not checked"
fi

case_ "a server that never answers: exit 75 after the idle time-out"
SPORT=$(free_port)
cat >"$T/silent.py" <<'PY'
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(5); s.settimeout(30)
open(sys.argv[2], "w").close()
try:
    c, _ = s.accept(); time.sleep(20)
except OSError: pass
PY
$SERVER python3 "$T/silent.py" "$SPORT" "$T/silent.ready" &
pids="$pids $!"
wait_file "$T/silent.ready"
W4="$T/ws4"
new_ws "$W4"
"$BILAN" -C "$W4" share init "git://127.0.0.1:$SPORT/w.git" --to "Sophie Durand" >/dev/null
before=$(snapshot "$W4")
BILAN_SYNC_TIMEOUT=2 run "$BILAN" -C "$W4" sync
expect_rc 75
expect_err "did not answer"
expect_eq "$(snapshot "$W4")" "$before"

case_ "the workspace lock is not held while the network is slow"
SPORT2=$(free_port)
$SERVER python3 "$T/silent.py" "$SPORT2" "$T/silent2.ready" &
pids="$pids $!"
wait_file "$T/silent2.ready"
W7="$T/ws7"
new_ws "$W7"
"$BILAN" -C "$W7" share init "git://127.0.0.1:$SPORT2/w.git" --to "Sophie Durand" >/dev/null
BILAN_SYNC_TIMEOUT=4 "$BILAN" -C "$W7" sync >/dev/null 2>&1 &
syncpid=$!
sleep 1
BILAN_LOCK_TIMEOUT=0.5 run "$BILAN" -C "$W7" journal add -q -t "Pendant la synchronisation" "texte"
expect_rc 0
kill -0 $syncpid 2>/dev/null && ok || ko "the sync was not waiting on the network any more"
wait $syncpid || true
expect_clean_repo "$W7"

case_ "progress on a terminal, nothing on stderr otherwise"
big_todo 1500000 "$C/todo/annexe-2.yaml"
"$BILAN" -C "$C" save >/dev/null || ko "save of a big file"
"$BILAN" -C "$C" sync >/dev/null || ko "push of a big file"
if command -v script >/dev/null 2>&1; then
	script -q -c "'$BILAN' -C '$W' sync" /dev/null >"$T/tty" 2>&1 </dev/null || true
	grep -q "receiving: [0-9]*/[0-9]* objects" "$T/tty" && ok || ko "no progress on a terminal: $(tr '\r' '\n' <"$T/tty" | tail -3)"
	expect_file "$W/todo/annexe-2.yaml"
else
	"$BILAN" -C "$W" sync >/dev/null || ko "sync"
	lacking_part "script(1) (bsdutils): the progress on a terminal is not checked"
fi
big_todo 1500000 "$C/todo/annexe-3.yaml"
"$BILAN" -C "$C" save >/dev/null || ko "save of a big file"
"$BILAN" -C "$C" sync >/dev/null || ko "push of a big file"
run "$BILAN" -C "$W" sync
expect_rc 0
expect_empty_err
expect_file "$W/todo/annexe-3.yaml"

case_ "a wrong URL: exit 1"
W2="$T/ws2"
new_ws "$W2"
"$BILAN" -C "$W2" share init "git://127.0.0.1:$PORT/nonexistent.git" --to "Sophie" >/dev/null
before=$(snapshot "$W2")
run "$BILAN" -C "$W2" sync
expect_rc 1
expect_eq "$(snapshot "$W2")" "$before"

case_ "a daemon that refuses pushes: exit 1, the workspace unchanged"
stop_daemon
start_daemon "$PORT"
"$BILAN" -C "$W" journal add -q -t "Encore une" "texte" >/dev/null
run "$BILAN" -C "$W" sync
expect_rc 1
expect_err "git://127.0.0.1:$PORT/w.git"
expect_clean_repo "$W"
stop_daemon
start_daemon "$PORT" --enable=receive-pack
run "$BILAN" -C "$W" sync
expect_rc 0

finish
