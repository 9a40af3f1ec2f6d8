#!/bin/sh
# End-to-end: a firm's git server, for real (issue 17).  Debian's gitolite3
# behind an sshd started here on 127.0.0.1 (as sync-ssh.sh does), set up as
# bilan-server(7) says: one repository per beneficiary, each consultant
# granted only their own beneficiaries, a VREF/NAME rule refusing any path
# under private/ on the server.  share init, sync, share clone and
# portfolio work against it; a consultant is refused another's
# beneficiary; a plain push of private/ is refused by the server itself.
# Without gitolite3 or a runnable sshd: a failure under CI, meson's SKIP
# elsewhere.  libgit2 1.5.1 leaks in its ssh transport: those leaks only
# are suppressed, as in sync-ssh.sh.
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$SRCDIR/tests/e2e/libgit2-ssh.lsan:print_suppressions=0"
case "${BILAN_TEST_WRAPPER:-}" in
*valgrind*) BILAN_TEST_WRAPPER="$BILAN_TEST_WRAPPER --suppressions=$SRCDIR/tests/e2e/libgit2-ssh.supp" ;;
esac
. "$SRCDIR/tests/e2e/lib.sh"
set -e

SSHD=$(command -v sshd || echo /usr/sbin/sshd)
GITOLITE=$(command -v gitolite || echo /usr/bin/gitolite)
GL_SHELL=/usr/share/gitolite3/gitolite-shell
[ -x "$GITOLITE" ] && [ -x "$GL_SHELL" ] || lacking "gitolite: no gitolite3 (apt-get install gitolite3)"
[ -x "$SSHD" ] || lacking "gitolite: no sshd (apt-get install openssh-server)"
command -v ssh-keygen >/dev/null || lacking "gitolite: no ssh-keygen (apt-get install openssh-client)"

pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# ---------------------------------------------------------------- the server
# The hosting account's home: gitolite keeps its rc, its configuration and
# the repositories there, and writes the authorized_keys sshd reads.
GLH="$T/gitolite"
S="$T/sshd"
mkdir -p "$GLH" "$S"
ssh-keygen -q -t ed25519 -N "" -C host -f "$S/host_ed25519"
ssh-keygen -q -t ed25519 -N "" -C admin -f "$T/admin"
# one key per person, each in their own home
for who in camille paul sophie marc; do
	mkdir -p "$T/home-$who/.ssh"
	chmod 700 "$T/home-$who/.ssh"
	ssh-keygen -q -t ed25519 -N "" -C "$who" -f "$T/home-$who/.ssh/id_ed25519"
done
HOME="$GLH" "$GITOLITE" setup -pk "$T/admin.pub" >"$T/setup.log" 2>&1 ||
	ko "gitolite setup: $(tail -3 "$T/setup.log")"
for who in camille paul sophie marc; do
	cp "$T/home-$who/.ssh/id_ed25519.pub" "$GLH/.gitolite/keydir/$who.pub"
done
# the access rules (bilan-server(7)): the beneficiary may rewrite their
# repository's main ('bilan share forget' pushes a new history), their
# consultant may add to it; nobody, whatever the client, pushes a path
# under private/
cat >"$GLH/.gitolite/conf/gitolite.conf" <<'CONF'
@consultants = sophie marc
repo gitolite-admin
    RW+ = admin
repo bilans/camille
    RW+ main = camille
    RW  main = sophie
    -   VREF/NAME/private/ = @all
    -   VREF/NAME/.*/private/ = @all
repo bilans/paul
    RW+ main = paul
    RW  main = marc
    -   VREF/NAME/private/ = @all
    -   VREF/NAME/.*/private/ = @all
CONF
HOME="$GLH" "$GITOLITE" compile >>"$T/setup.log" 2>&1 || ko "gitolite compile: $(tail -3 "$T/setup.log")"
HOME="$GLH" "$GITOLITE" trigger POST_COMPILE >>"$T/setup.log" 2>&1 || ko "gitolite trigger: $(tail -3 "$T/setup.log")"
[ -d "$GLH/repositories/bilans/camille.git" ] && ok || ko "gitolite made no repository for camille"
# sshd runs the forced command with the account's real home: gitolite
# finds its own through HOME
sed -i "s|command=\"$GL_SHELL |command=\"env HOME=$GLH $GL_SHELL |" "$GLH/.ssh/authorized_keys"
grep -q "gitolite-shell sophie" "$GLH/.ssh/authorized_keys" && ok || ko "no key for sophie: $(cat "$GLH/.ssh/authorized_keys")"

PORT=$(free_port)
ME=$(id -un)
cat >"$S/config" <<CFG
Port $PORT
ListenAddress 127.0.0.1
HostKey $S/host_ed25519
PidFile $S/sshd.pid
AuthorizedKeysFile $GLH/.ssh/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
AllowUsers $ME
MaxAuthTries 10
LogLevel VERBOSE
SetEnv SHLVL=5
CFG
[ "$(id -u)" -eq 0 ] && mkdir -p /run/sshd 2>/dev/null || true
"$SSHD" -D -e -f "$S/config" >>"$S/log" 2>&1 &
pids="$pids $!"
i=0
while ! grep -q "Server listening" "$S/log" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 100 ] || lacking "gitolite: sshd cannot run here: $(tail -3 "$S/log" | tr '\n' ' ')"
	sleep 0.1
done
for who in camille paul sophie marc; do
	printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1-2 "$S/host_ed25519.pub")" \
		>"$T/home-$who/.ssh/known_hosts"
done
unset SSH_AUTH_SOCK 2>/dev/null || true
URL="ssh://$ME@127.0.0.1:$PORT"
# as WHO: bilan (and plain git) with that person's home and key
as() {
	who=$1; shift
	HOME="$T/home-$who" GIT_SSH_COMMAND="ssh -F /dev/null -i $T/home-$who/.ssh/id_ed25519 -o IdentitiesOnly=yes -o UserKnownHostsFile=$T/home-$who/.ssh/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes" "$@"
}
repo_main() { git -C "$GLH/repositories/bilans/$1.git" rev-parse -q --verify refs/heads/main 2>/dev/null || echo none; }

# ---------------------------------------------------------------- the cases

case_ "share init and sync: the beneficiary publishes to their repository on the server"
B="$T/camille"
new_ws "$B" --start 2026-11-02
as camille "$BILAN" -C "$B" journal add -q -k reflexion -t "Mon parcours" --duration 1h "Ce que j'ai aimé." || ko "journal add"
as camille "$BILAN" -C "$B" journal add -q --private -k note -t "GL-SECRET-5q" --duration 20min "GL-SECRET-5q" || ko "journal add --private"
run as camille "$BILAN" -C "$B" share init "$URL/bilans/camille" --to "Sophie Durand"
expect_rc 0
run as camille "$BILAN" -C "$B" sync
expect_rc 0
expect_eq "$(repo_main camille)" "$(git -C "$B" rev-parse partage)"
git -C "$GLH/repositories/bilans/camille.git" cat-file --batch-all-objects --batch 2>/dev/null |
	grep -q "GL-SECRET-5q" && ko "a private entry reached the server" || ok

case_ "share clone and sync: the consultant's additions go back, authored by the consultant"
C="$T/sophie/camille"
mkdir -p "$T/sophie"
run as sophie "$BILAN" share clone --name "Sophie Durand" --email sophie@cabinet.example "$URL/bilans/camille" "$C"
expect_rc 0
expect_file "$C/bilan.yaml"
as sophie "$BILAN" -C "$C" todo add "Contacter deux développeuses" >/dev/null || ko "todo add (consultant)"
run as sophie "$BILAN" -C "$C" sync
expect_rc 0
expect_eq "$(git -C "$GLH/repositories/bilans/camille.git" log -1 --format='%an <%ae>' main)" "Sophie Durand <sophie@cabinet.example>"
run as camille "$BILAN" -C "$B" sync
expect_rc 0
grep -rq "Contacter deux" "$B/todo" && ok || ko "the consultant's to-do item did not arrive"

case_ "a consultant is refused another consultant's beneficiary"
run as marc "$BILAN" share clone "$URL/bilans/camille" "$T/marc/camille"
expect_rc 1
expect_no_file "$T/marc/camille/bilan.yaml"
# nor can they push there with plain git
before=$(repo_main camille)
as marc git -C "$C" push -q --no-verify "$URL/bilans/camille" HEAD:refs/heads/main >/dev/null 2>&1 &&
	ko "marc pushed to camille's repository" || ok
expect_eq "$(repo_main camille)" "$before"
# their own beneficiary works
P="$T/paul"
new_ws "$P" --name "Paul Arnaud" --consultant "Marc Lenoir"
as paul "$BILAN" -C "$P" share init "$URL/bilans/paul" --to "Marc Lenoir" >/dev/null || ko "share init (paul)"
run as paul "$BILAN" -C "$P" sync
expect_rc 0
run as marc "$BILAN" share clone "$URL/bilans/paul" "$T/marc/paul"
expect_rc 0
expect_file "$T/marc/paul/bilan.yaml"

case_ "the server refuses any path under private/, whoever pushes it (VREF/NAME)"
as sophie "$BILAN" -C "$C" sync >/dev/null || ko "consultant sync"
mkdir -p "$C/private"
printf 'note: GL-SECRET-7x\n' >"$C/private/note.yaml"
git -C "$C" add private/note.yaml
git -C "$C" -c user.name=Sophie -c user.email=s@x commit -qm "privé"
before=$(repo_main camille)
as sophie git -C "$C" push --no-verify origin main >"$T/out" 2>&1 && ko "the server took private/ from the consultant" || ok
grep -q "private" "$T/out" && ok || ko "the server did not say why: $(cat "$T/out")"
expect_eq "$(repo_main camille)" "$before"
git -C "$C" reset -q --hard HEAD~1
mkdir -p "$B/private/x"
git -C "$B" checkout -q -b side
printf 'note: GL-SECRET-8y\n' >"$B/private/x/n.yaml"
git -C "$B" add private/x/n.yaml
git -C "$B" -c user.name=C -c user.email=c@x commit -qm "privé"
# even forced, and main's history holds private entries too
as camille git -C "$B" push --no-verify "$URL/bilans/camille" +side:main >"$T/out" 2>&1 &&
	ko "the server took private/ from the beneficiary" || ok
grep -q "VREF/NAME/private/" "$T/out" && ok || ko "the server did not name its rule: $(cat "$T/out")"
expect_eq "$(repo_main camille)" "$before"
# nothing reachable holds it (no client can fetch it); the refused push's
# objects stay on the server's disk, unreachable, until a gc prunes them
# (git moves them in before gitolite's update hook refuses the ref: the
# set-up of bilan-server(7) prunes them every night)
srv="$GLH/repositories/bilans/camille.git"
git -C "$srv" rev-list --objects --all | cut -d' ' -f1 |
	git -C "$srv" cat-file --batch 2>/dev/null | grep -q "GL-SECRET" &&
	ko "a private object is reachable on the server" || ok
git -C "$srv" -c gc.reflogExpire=now -c gc.reflogExpireUnreachable=now gc -q --prune=now
git -C "$srv" cat-file --batch-all-objects --batch 2>/dev/null |
	grep -q "GL-SECRET" && ko "a private object stayed on the server after gc --prune=now" || ok
git -C "$B" checkout -q main
git -C "$B" branch -q -D side
# bilan itself never sends it: the consultant's sync still works
as sophie "$BILAN" -C "$C" journal add -q -k retour -t "Retour" "Bien." || ko "journal add retour"
run as sophie "$BILAN" -C "$C" sync
expect_rc 0

case_ "portfolio over the consultant's clones of the server"
run as sophie "$BILAN" portfolio "$T/sophie"
expect_rc 0
expect_out "Camille Martin"
run as marc "$BILAN" portfolio --format json "$T/marc"
expect_rc 0
expect_out "Paul Arnaud"
expect_no_out "Camille"

finish
