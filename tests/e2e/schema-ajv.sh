#!/bin/sh
# End-to-end: bilan's schemas as a standard validator reads them.  ajv 8
# with ajv-formats (JSON Schema 2020-12, strict mode; pinned in
# package.json / package-lock.json, installed by scripts/install-deps with
# npm ci) compiles every schema of schemas/; it and bilan's validator
# (bilan check) agree on a shared set of good and bad files
# (tests/schema/cases/{good,bad}/PATH: PATH is where the file lies in a
# workspace, which names its schema); and ajv finds valid every file of the
# demo workspace (scripts/demo-workspace.sh), of the consultant's clone and
# of data/ that a schema describes.  Without node, the npm modules or
# python3-yaml: skipped, failed under CI=true.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

command -v node >/dev/null 2>&1 || lacking "node (scripts/install-deps installs it)"
[ -d "$SRCDIR/node_modules/ajv" ] && [ -d "$SRCDIR/node_modules/ajv-formats" ] ||
	lacking "ajv and ajv-formats (scripts/install-deps runs npm ci)"
python3 -c 'import yaml' 2>/dev/null || lacking "python3-yaml"
AJV="node $SRCDIR/tests/schema/ajv-check.mjs"
Y2J="python3 $SRCDIR/tests/schema/yaml2json.py"

mkdir -p "$T/schemas" "$T/json"
for f in "$SRCDIR"/schemas/*.schema.yaml; do
	printf '%s\t%s\n' "$f" "$T/schemas/$(basename "$f" .yaml).json"
done >"$T/convert"
$Y2J --list "$T/convert"

case_ "ajv compiles every schema (strict mode, 2020-12)"
if $AJV "$T/schemas" >"$T/compile" 2>&1; then ok; else ko "$(cat "$T/compile")"; fi
expect_eq "$(ls "$T/schemas" | wc -l)" "$(ls "$SRCDIR"/schemas/*.schema.yaml | wc -l)"
# each names itself by a URN of its kind, not an address that does not resolve
for f in "$SRCDIR"/schemas/*.schema.yaml; do
	k=$(basename "$f" .schema.yaml)
	grep -qx "\$id: urn:bilan:schema:$k" "$f" && ok || ko "$k: \$id is not urn:bilan:schema:$k"
done

# the schema of a workspace path, as bilan_schema_for_path (lib/schema.c)
schema_of() {
	case $1 in
	bilan.yaml) echo workspace ;;
	partage.yaml) echo partage ;;
	conflits.yaml) echo conflits ;;
	resume.yaml) echo resume ;;
	journal/*.yaml | private/journal/*.yaml) echo journal-entry ;;
	tests/*/*.yaml | private/tests/*.yaml | private/tests/*/*.yaml) echo test-result ;;
	questionnaires/*/*) ;;
	questionnaires/*.yaml) echo questionnaire ;;
	guides/*.yaml) echo guide ;;
	pistes/*.yaml) echo piste ;;
	enquetes/*.yaml) echo enquete ;;
	private/contacts/*.yaml) echo contact ;;
	seances/*.yaml) echo seance ;;
	todo/*.yaml) echo todo ;;
	esac
}
n=0
# add LABEL FILE SCHEMA: one line of the list ajv-check reads (the file
# made JSON by convert, all at once)
add() {
	n=$((n + 1))
	printf '%s\t%s\n' "$2" "$T/json/$n.json" >>"$T/convert"
	printf '%s\t%s\t%s\n' "$3" "$T/json/$n.json" "$1" >>"$T/list"
}
convert() { $Y2J --list "$T/convert"; : >"$T/convert"; }

case_ "bilan and ajv agree on the shared good and bad files"
W="$T/ws"
"$BILAN" init --quiet --name "Camille" --start "il y a 1 semaine" "$W"
: >"$T/list"
: >"$T/convert"
: >"$T/expected"
for kind in good bad; do
	(cd "$SRCDIR/tests/schema/cases/$kind" && find . -name '*.yaml' | sed 's|^\./||' | LC_ALL=C sort) >"$T/$kind.files"
	while read -r rel; do
		s=$(schema_of "$rel")
		[ -n "$s" ] || { ko "$kind/$rel: no schema for this path"; continue; }
		add "$kind/$rel" "$SRCDIR/tests/schema/cases/$kind/$rel" "$s"
		# bilan's verdict: its validator on the file at its place
		# (a bilan.yaml bilan refuses leaves no workspace to check: an
		# error naming it, no JSON)
		mkdir -p "$W/$(dirname "$rel")"
		cp "$W/bilan.yaml" "$T/bilan.yaml.orig"
		cp "$SRCDIR/tests/schema/cases/$kind/$rel" "$W/$rel"
		e=$("$BILAN" -C "$W" check --json "$rel" 2>"$T/check.err" |
			python3 -c 'import json,sys; print(json.load(sys.stdin)["errors"])' 2>/dev/null) ||
			{ grep -q "$rel:" "$T/check.err" && e=1 || e=; }
		[ "$rel" = bilan.yaml ] && cp "$T/bilan.yaml.orig" "$W/bilan.yaml" || rm -f "$W/$rel"
		[ -n "$e" ] || { ko "$kind/$rel: bilan check said nothing: $(cat "$T/check.err")"; continue; }
		[ "$e" -eq 0 ] && b=ok || b=bad
		printf '%s/%s\t%s\t%s\n' "$kind" "$rel" "$kind" "$b" >>"$T/expected"
	done <"$T/$kind.files"
done
convert
$AJV "$T/schemas" "$T/list" >"$T/ajv" 2>&1 || true
expect_eq "$(wc -l <"$T/good.files")" "$(grep -c . "$T/good.files")"
[ "$(wc -l <"$T/good.files")" -ge 10 ] && [ "$(wc -l <"$T/bad.files")" -ge 10 ] && ok ||
	ko "too few shared cases"
while IFS="$(printf '\t')" read -r label want bilan; do
	a=$(grep "^$label	" "$T/ajv" | cut -f2)
	[ "$want" = good ] && want=ok
	if [ "$bilan" = "$want" ] && [ "$a" = "$want" ]; then ok; else
		ko "$label: expected $want, bilan says $bilan, ajv says ${a:-nothing} $(grep "^$label	" "$T/ajv" | cut -f3)"
	fi
done <"$T/expected"

case_ "ajv: every file of the demo workspace, the consultant's clone and data/"
at 2026-12-09T10:15:00+01:00
D="$T/demo"
"$BILAN" init --quiet --name "Camille Martin" --consultant "Sophie Durand" \
	--provider "Cabinet Horizon Compétences" --funding cpf --timezone Europe/Paris \
	--start "il y a 3 semaines" --weekly-goal 2h "$D"
if ! BILAN="$BILAN" sh "$SRCDIR/scripts/demo-workspace.sh" "$D" >"$T/demo.log" 2>&1; then
	ko "scripts/demo-workspace.sh failed: $(tail -5 "$T/demo.log")"
fi
C="$T/demo-partage/clients/camille-martin"
: >"$T/list"
for ws in "$D" "$C"; do
	(cd "$ws" && find . -path ./.git -prune -o -name '*.yaml' -print | sed 's|^\./||' | LC_ALL=C sort) >"$T/files"
	while read -r rel; do
		s=$(schema_of "$rel")
		[ -n "$s" ] && add "$(basename "$ws"):$rel" "$ws/$rel" "$s"
	done <"$T/files"
done
for f in "$SRCDIR"/data/questionnaires/*.yaml "$SRCDIR"/data/questionnaires/versions/*.yaml; do
	add "data/${f#"$SRCDIR"/data/}" "$f" questionnaire
done
for f in "$SRCDIR"/data/guides/*.yaml; do
	add "data/${f#"$SRCDIR"/data/}" "$f" guide
done
convert
$AJV "$T/schemas" "$T/list" >"$T/ajv" 2>&1 || true
total=$(wc -l <"$T/list")
[ "$total" -ge 60 ] && ok || ko "only $total files validated"
[ "$(grep -c '	ok$' "$T/ajv")" -eq "$total" ] && ok || ko "ajv: $(grep -v '	ok$' "$T/ajv")"
for k in journal-entry test-result questionnaire guide piste enquete contact seance todo workspace partage; do
	cut -f1 "$T/list" | grep -qx "$k" && ok || ko "no file of the schema '$k' validated"
done
finish
