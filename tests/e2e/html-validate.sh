#!/bin/sh
# End-to-end: the HTML bilan writes is valid and accessible.  The three
# reports (suivi, seance, synthese), the decision view and the portfolio of
# the demo workspace (scripts/demo-workspace.sh) pass html-validate (pinned
# in package.json / package-lock.json, installed by scripts/install-deps
# with npm ci) with 0 errors under html-validate:recommended, no rule turned
# off.  Then what a validator does not see: the portfolio has the reports'
# Content-Security-Policy and viewport and escapes with their escaper (one
# escaper for all HTML); the weekly chart shows the goal met by a mark, not
# only a colour; its marks have a contrast of at least 3:1 (against white
# and against each other); the goal's label is beside the plot, over no bar.
# Without node or the npm modules: skipped, failed under CI=true.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

HV="$SRCDIR/node_modules/.bin/html-validate"
command -v node >/dev/null 2>&1 || lacking "node (scripts/install-deps installs it)"
[ -x "$HV" ] || lacking "html-validate (scripts/install-deps runs npm ci)"
command -v python3 >/dev/null 2>&1 || lacking "python3"

at 2026-12-09T10:15:00+01:00
export GIT_AUTHOR_NAME="Camille Martin" GIT_AUTHOR_EMAIL="camille@example.org"
export GIT_COMMITTER_NAME="Camille Martin" GIT_COMMITTER_EMAIL="camille@example.org"
D="$T/demo"
"$BILAN" init --quiet --name "Camille Martin" --consultant "Sophie Durand" \
	--provider "Cabinet Horizon Compétences" --funding cpf --timezone Europe/Paris \
	--start "il y a 3 semaines" --weekly-goal 2h "$D"
if ! BILAN="$BILAN" sh "$SRCDIR/scripts/demo-workspace.sh" "$D" >"$T/demo.log" 2>&1; then
	ko "scripts/demo-workspace.sh failed: $(tail -5 "$T/demo.log")"
fi
P="$T/demo-partage/clients"
C="$P/camille-martin"
mkdir -p "$T/html"
for k in suivi seance synthese decision; do
	"$BILAN" -C "$D" report "$k" --format html -o "$T/html/$k.html" 2>>"$T/report.err" || true
	"$BILAN" -C "$C" report "$k" --format html -o "$T/html/$k-consultante.html" 2>>"$T/report.err" || true
	"$BILAN" -C "$D" report "$k" --format html --include-private -o "$T/html/$k-prive.html" 2>>"$T/report.err" || true
done
# a beneficiary whose name is markup, as a remote could send it
"$BILAN" init --quiet --name "<b>Zoé</b> \"&' <script>x</script>" --start "il y a 1 semaine" "$P/zoe"
"$BILAN" portfolio --format html "$P" >"$T/html/portfolio.html" 2>"$T/portfolio.err" || true

case_ "the reports and the portfolio pass html-validate:recommended"
n=$(find "$T/html" -name '*.html' | wc -l)
expect_eq "$n" 13
printf '{"extends": ["html-validate:recommended"]}\n' >"$T/hv.json"
if "$HV" --config "$T/hv.json" "$T"/html/*.html >"$T/hv.out" 2>&1; then ok; else ko "html-validate: $(cat "$T/hv.out")"; fi

case_ "the portfolio: the reports' CSP and viewport, their escaper"
H="$T/html/portfolio.html"
S="$T/html/suivi.html"
csp() { grep -o '<meta http-equiv="Content-Security-Policy"[^>]*>' "$1"; }
expect_eq "$(csp "$H")" "$(csp "$S")"
grep -q '<meta name="viewport" content="width=device-width, initial-scale=1">' "$H" && ok || ko "no viewport"
grep -q '&lt;b&gt;Zoé&lt;/b&gt; &quot;&amp;&#39; &lt;script&gt;' "$H" && ok || ko "the name is not escaped: $(grep -i zo "$H")"
if grep -q '<script' "$H"; then ko "markup of a name came through"; else ok; fi
if grep -n '"&lt;"\|static void html_escape' "$SRCDIR"/cmd/*.c >"$T/escapers"; then ko "an escaper of its own in cmd/: $(cat "$T/escapers")"; else ok; fi

case_ "the weekly chart: a mark for the goal met, contrasts of 3:1, no label over a bar"
if python3 - "$S" >"$T/chart" 2>&1 <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
def lum(h):
    c = [int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
def ratio(a, b):
    a, b = sorted((lum(a), lum(b)), reverse=True)
    return (a + 0.05) / (b + 0.05)
css = dict(re.findall(r"svg \.([a-z-]+)\{fill:(#[0-9a-f]{6})", html))
bad = 0
for k in ("met", "under"):
    if ratio(css[k], "#ffffff") < 3:
        print(f".{k} {css[k]}: {ratio(css[k], '#ffffff'):.2f}:1 against white"); bad += 1
if ratio(css["met"], css["under"]) < 3:
    print(f"met against under: {ratio(css['met'], css['under']):.2f}:1"); bad += 1
cur = re.search(r"svg \.cur\{([^}]*)\}", html).group(1)
if "opacity" in cur:
    print(f"the current week is faded ({cur}): its contrast falls"); bad += 1
fig = re.search(r'<figure class="chart weeks">(.*?)</figure>', html, re.S).group(1)
rects = [(float(x), float(w), c) for x, w, c in
         re.findall(r'<rect x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)" height="[0-9.]+" class="([a-z ]+)"', fig)]
met = [r for r in rects if r[2].startswith("met")]
marks = re.findall(r'<text x="([0-9.]+)" y="[0-9.]+" class="mk"', fig)
if not met or len(marks) != len(met):
    print(f"{len(met)} weeks met, {len(marks)} marks"); bad += 1
# the data table says it in words, every column named
if fig.count("<td>✓ atteint</td>") != len(met):
    print(f"{len(met)} weeks met, {fig.count('<td>✓ atteint</td>')} in the table"); bad += 1
if "<th></th>" in html:
    print("an empty <th>"); bad += 1
goal = re.search(r'<text x="([0-9.]+)" y="[0-9.]+" class="ax goal-l">', fig)
gx = float(goal.group(1))
for x, w, c in rects:
    if x <= gx <= x + w or gx < x + w:
        print(f"the goal label at x={gx} is over the bar at {x}..{x + w}"); bad += 1
sys.exit(1 if bad else 0)
PY
then ok; else ko "$(cat "$T/chart")"; fi
finish
