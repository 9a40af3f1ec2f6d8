#!/bin/sh
# End-to-end: the HTML reports in a real headless Chromium (Debian's
# chromium package): they load with no console message at all (no error, no
# blocked fetch, no script), the DOM holds what it should, a screenshot of
# each is kept in the build directory for people to look at
# ($BUILDDIR/report-screenshots/), on a desktop and a phone width, and the
# progress report prints to PDF.  Skipped (exit 77) without chromium.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	lacking "chromium"
fi
SHOTS="${BUILDDIR:-$T}/report-screenshots"
mkdir -p "$SHOTS"

# chrome FILE.html WIDTH HEIGHT OUT.png [extra options]: load and screenshot;
# Chromium's log (console messages included) goes to $T/chrome.log
chrome() {
	f=$1; w=$2; h=$3; png=$4; shift 4
	rm -f "$png"
	$TOOL timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$T/chr" --enable-logging=stderr --v=0 \
		--screenshot="$png" --window-size="$w,$h" "$@" "file://$f" >"$T/chrome.out" 2>"$T/chrome.log" || true
}

# No console message of any level: a report has no script, and a blocked
# fetch (Content-Security-Policy) or a parse problem would be logged.
expect_quiet_console() {
	if grep -q 'CONSOLE\|Uncaught' "$T/chrome.log"; then
		ko "console: $(grep 'CONSOLE\|Uncaught' "$T/chrome.log" | head -3)"
	else ok; fi
}

expect_png() {
	if [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ]; then ok
	else ko "no screenshot $1"; fi
}

case_ "the harness sees console errors (a page with a failing script)"
printf '<!DOCTYPE html><html><body><p>x</p><script>throw new Error("boom")</script></body></html>\n' >"$T/bad.html"
chrome "$T/bad.html" 400 300 "$T/bad.png"
if grep -q 'Uncaught Error: boom' "$T/chrome.log"; then ok; else
	ko "Chromium's console is not seen: $(tail -3 "$T/chrome.log")"; fi

W="$T/ws"
b() { "$BILAN" -C "$W" "$@"; }
ans() { python3 -c "import random; random.seed($2); print(','.join(str(random.randint(1,$3)) for _ in range($1)))"; }
new_ws "$W" --provider "Cabinet Horizon" --funding cpf --start "il y a 6 semaines" --weekly-goal 2h
i=0
for d in 40 33 30 26 19 16 12 9 5 2; do
	i=$((i + 1))
	b journal add -q -k reflexion -d "il y a $d jours" --duration "$((i * 15 + 15))min" -t "Réflexion $i" --tag valeurs \
		"## Ce que j'en retiens

- un **point** important
- un [lien](https://example.org/fiche)

> une citation" >/dev/null
done
b journal add -q -k question -d "il y a 8 jours" -t "Comment financer une formation ?" "Le CPF suffit-il ?" >/dev/null
esc=$(printf '\033[31mROUGE\033[0m')
b journal add -q -k note -d hier -t "Essai <script>alert(1)</script>" \
	"Texte <script>alert('x')</script> <img src=x onerror=alert(1)> [lien](javascript:alert(1)) ![photo](https://example.org/x.png) <iframe src=https://example.org></iframe> $esc" >/dev/null
b journal add -q -k recherche --rome M1805 --duration 45 -d "il y a 4 jours" -t "Fiche M1805" "Étude" >/dev/null
b journal add -q -k note --private -d "il y a 3 jours" -t "Note intime" "Très personnel" >/dev/null
b piste add --rome M1805 --why "Construire des outils utiles" "Développeuse web" >/dev/null
b piste add "Formatrice pour adultes" >/dev/null
b piste set developpeuse-web en-exploration >/dev/null
b enquete add --piste developpeuse-web --role "Lead dev" --org Acme --with "Jean Dupont" --date "il y a 2 jours" >/dev/null
b enquete done --verdict conforte --confirmed "Le travail en équipe" --attention "Salaire de départ" \
	developpeuse-web-lead-dev-acme >/dev/null
b piste set --reason "L'enquête confirme" developpeuse-web validee >/dev/null
b piste set --reason "Peu de débouchés" formatrice-pour-adultes ecartee >/dev/null
b test run -q --date "il y a 30 jours" --answers "$(ans 48 1 5)" riasec >/dev/null
b test run -q --date "il y a 3 jours" --answers "$(ans 48 2 5)" riasec >/dev/null
b test run -q --answers "$(ans 48 3 4)" competences >/dev/null
b test run -q --answers "$(ans 40 4 5)" valeurs >/dev/null
b test run -q --answers "$(ans 40 5 5)" big-five >/dev/null
b seance add --duration 2h --subject "Entretien préliminaire" --force "il y a 20 jours" >/dev/null 2>&1
id=$(ls "$W/seances" | head -1); id=${id%.yaml}
b seance done --duration 1h45 --takeaways "Travailler sur les valeurs" "$id" >/dev/null
b seance add --duration 2h --subject "Restitution des tests" "dans 4 jours 14h" >/dev/null
b todo add --due "dans 2 jours" --piste developpeuse-web "Lire la fiche M1805" >/dev/null
b todo add "Contacter une formatrice" >/dev/null

for kind in suivi seance synthese; do
	case_ "report $kind in Chromium"
	H="$T/$kind.html"
	run b report "$kind" -o "$H"
	expect_rc 0
	chrome "$H" 1200 2000 "$SHOTS/$kind.png"
	expect_png "$SHOTS/$kind.png"
	expect_quiet_console
	# the DOM after load: no script ever, the report's structure
	$TOOL timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$T/chr" --dump-dom "file://$H" >"$T/dom.html" 2>/dev/null || true
	grep -q '<h1>' "$T/dom.html" && ok || ko "no DOM dumped"
	grep -qi '<script\|<iframe\|<img\|onerror=' "$T/dom.html" && ko "active content in the DOM" || ok
	[ "$(grep -o '<section' "$T/dom.html" | wc -l)" -ge 4 ] && ok || ko "sections missing"
	grep -q 'Note intime\|Jean Dupont' "$T/dom.html" && ko "private content" || ok
done

case_ "the progress report on a phone"
chrome "$T/suivi.html" 390 1800 "$SHOTS/suivi-phone.png"
expect_png "$SHOTS/suivi-phone.png"
expect_quiet_console

case_ "the progress report prints to PDF"
rm -f "$T/suivi.pdf"
$TOOL timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$T/chr" --no-pdf-header-footer --print-to-pdf="$T/suivi.pdf" \
	"file://$T/suivi.html" >/dev/null 2>&1 || true
[ "$(head -c 4 "$T/suivi.pdf" 2>/dev/null)" = "%PDF" ] && ok || ko "no PDF"
pages=$(grep -ao '/Count [0-9]*' "$T/suivi.pdf" | awk '$2 > m { m = $2 } END { print m + 0 }')
[ "${pages:-0}" -ge 2 ] && ok || ko "the PDF has ${pages:-0} page(s)"
cp "$T/suivi.pdf" "$SHOTS/suivi.pdf" 2>/dev/null || true

echo "screenshots: $SHOTS"
finish
