#!/bin/sh
# End-to-end: errors from where you stand (as git): a file of the workspace
# is named relative to the current folder (or to -C DIR) when that is inside
# the workspace, so the name can be opened from there; its line is shown
# with a caret by every command that names a place: check, doctor, the
# lists, save.  File arguments of check and save are read from the current
# folder too.
. "$SRCDIR/tests/e2e/lib.sh"
set -e
W="$T/ws"
new_ws "$W"
"$BILAN" -C "$W" todo add -q "Relire la fiche M1805"
f=$(cd "$W" && ls todo/*.yaml)
sed -i 's/^status: .*/status: bof/' "$W/$f"
line=$(grep -n '^status:' "$W/$f" | cut -d: -f1)
mkdir -p "$W/notes/sub"
caret="      |         ^"

case_ "check: from the root, from a subfolder, with -C"
run sh -c "cd '$W' && '$BILAN' check"
expect_rc 1
expect_err "^bilan: error: $f:$line:9: 'bof' is not one of"
expect_err "^ *$line | status: bof$"
grep -qxF "$caret" "$T/err" && ok || ko "no caret: $(cat "$T/err")"
run sh -c "cd '$W/notes/sub' && '$BILAN' check"
expect_rc 1
expect_err "^bilan: error: \.\./\.\./$f:$line:9: 'bof' is not one of"
grep -qxF "$caret" "$T/err" && ok || ko "no caret from a subfolder: $(cat "$T/err")"
# the name shown opens from there
name=$(sed -n 's/^bilan: error: \([^:]*\):.*/\1/p' "$T/err" | head -1)
[ -f "$W/notes/sub/$name" ] && ok || ko "'$name' does not open from notes/sub"
run "$BILAN" -C "$W/notes" check
expect_err "^bilan: error: \.\./$f:$line:9:"
# outside the workspace (BILAN_DIR): named from the workspace, as before
run sh -c "cd '$T' && BILAN_DIR='$W' '$BILAN' check"
expect_err "^bilan: error: $f:$line:9:"
grep -qxF "$caret" "$T/err" && ok || ko "no caret through BILAN_DIR: $(cat "$T/err")"

case_ "check and save read their file arguments from the current folder"
run sh -c "cd '$W/notes/sub' && '$BILAN' check ../../$f"
expect_rc 1
expect_err "^bilan: error: \.\./\.\./$f:$line:9:"
run sh -c "cd '$W/todo' && '$BILAN' check $(basename "$f")"
expect_rc 1
expect_err "^bilan: error: $(basename "$f"):$line:9:"
run sh -c "cd '$W/notes/sub' && '$BILAN' check ../../todo/nope.yaml"
expect_rc 1
expect_err "^bilan: error: \.\./\.\./todo/nope.yaml: no such file"
run sh -c "cd '$W/notes/sub' && '$BILAN' save -m x ../../nope"
expect_rc 1
expect_err "'../../nope': no such file in the workspace"

case_ "doctor and the lists: the place and the caret"
run sh -c "cd '$W/notes/sub' && '$BILAN' doctor"
expect_rc 1
expect_err "^bilan: error: \.\./\.\./$f:$line:9: 'bof' is not one of.* \[schema\]"
grep -qxF "$caret" "$T/err" && ok || ko "doctor: no caret: $(cat "$T/err")"
run sh -c "cd '$W/notes/sub' && '$BILAN' todo list"
expect_rc 1
expect_err "^bilan: error: \.\./\.\./$f:$line:9:"
grep -qxF "$caret" "$T/err" && ok || ko "todo list: no caret: $(cat "$T/err")"

case_ "doctor's privacy findings: the place, never the line (the data)"
printf 'Appeler Marie au 06 98 76 54 32.\n' >"$W/notes/appel.md"
run sh -c "cd '$W/notes/sub' && '$BILAN' doctor"
expect_err "^bilan: warning: \.\./appel.md:1:18: a phone number"
grep -q "98 76" "$T/err" && ko "the number is shown: $(cat "$T/err")" || ok
rm "$W/notes/appel.md"

case_ "a file named from here that is not the workspace's: as given"
mkdir -p "$W/notes/q"
printf 'id: mon-test\nversion: deux\n' >"$W/notes/q/t.yaml"
run sh -c "cd '$W/notes' && '$BILAN' test validate q/t.yaml"
expect_rc 1
expect_err "^bilan: error: q/t.yaml:2:"
expect_err "^ *2 | version: deux$"
rm -r "$W/notes/q"

case_ "save from a subfolder: the file fixed, named from there"
sed -i 's/^status: .*/status: a-faire/' "$W/$f"
run sh -c "cd '$W/todo' && '$BILAN' save -q -m 'relu' $(basename "$f")"
expect_rc 0
expect_clean_repo "$W"
finish
