#!/bin/sh
# Fill the demo workspace $1 with realistic work, one block per capability.
# Called by scripts/demo with $BILAN set.  Each block uses only its own commands.
set -eu
W=$1
b() { "$BILAN" -C "$W" "$@"; }

# --- piste: career hypotheses, enquêtes métier, séances, to-do (issue 6) ---
# Two pistes, three enquêtes through their statuses with verdicts, a piste
# set aside with its reason, séances attended with their takeaways, work
# agreed for the next séance.  (bilan close is left out: a closed demo would
# refuse the work of the blocks that follow.)
b seance add "il y a 3 semaines 10h" --duration 2h --phase preliminaire \
	--subject "Entretien préliminaire : demande, besoins, déroulement" >/dev/null
b seance done --takeaways "Cadrage du bilan
Objectif : savoir si je peux quitter la comptabilité pour un métier plus créatif.
Deux pistes à explorer : le développement web et le métier d'infirmière.
Travail convenu : le questionnaire RIASEC et le récit de mon parcours." >/dev/null
b phase set investigation >/dev/null
b piste add "Développeuse web" --rome M1805 \
	--why "Créer des outils utiles, apprendre en continu, travailler en équipe" >/dev/null
b piste add "Infirmière" --rome J1506 --why "Un métier utile, au contact des gens" >/dev/null
b piste set developpeuse-web en-exploration >/dev/null
b piste set infirmiere en-exploration >/dev/null
b enquete add --piste developpeuse-web --role "Lead développeuse" --org "Atelier Numérique" \
	--channel "réseau d'anciens collègues" --with "Jeanne Dupont" --phone "06 12 34 56 78" >/dev/null
b enquete set atelier contactee >/dev/null
b enquete done atelier --verdict conforte --date "il y a 10 jours" \
	--confirmed "Beaucoup de travail en équipe et de revues de code ; on apprend tout le temps." \
	--surprised "Plus de réunions avec les clients que je ne l'imaginais." \
	--attention "Une veille technique régulière, souvent sur son temps personnel." \
	--suggested "Karim, développeur en reconversion, via Jeanne" >/dev/null
b enquete add --piste developpeuse-web --role "Développeuse en reconversion" --org "ESN Lyon" \
	--channel "recommandation de Jeanne" --date "il y a 6 jours 18h" >/dev/null
b enquete done reconversion --verdict nuance \
	--confirmed "La reconversion est possible en un an avec une formation intensive." \
	--attention "Les premiers salaires sont plus bas que mon poste actuel." >/dev/null
b enquete add --piste infirmiere --role "Infirmière de nuit" --org "Hôpital Édouard-Herriot" \
	--channel "salon de l'orientation" >/dev/null
b enquete set hopital planifiee --date "il y a 4 jours 14h" >/dev/null
b enquete done hopital --verdict infirme \
	"Les gardes de nuit et de week-end ne sont pas négociables les premières années, et trois ans d'études à temps plein ne sont pas compatibles avec ma situation." >/dev/null
b piste set infirmiere ecartee \
	--reason "Les horaires de nuit et la durée de la formation ne sont pas compatibles avec ma vie de famille" >/dev/null
b seance add "il y a 5 jours 14h" --duration 2h --subject "Restitution du RIASEC et point sur les enquêtes" >/dev/null
b seance done --takeaways "Restitution RIASEC et enquêtes
Profil I-A-C : cohérent avec le développement web, à nuancer par mon goût du contact.
La piste infirmière ne tient pas, la piste développeuse web se confirme avec des réserves sur le salaire." >/dev/null
b seance add "mardi 14h" --duration 2h --subject "Plan d'action et formation" >/dev/null
b seance add "dans 3 semaines 10h" --duration 2h --phase conclusions --subject "Synthèse" >/dev/null
b todo add "Comparer trois formations en développement web (durée, coût, financement CPF)" \
	--kind recherche --piste developpeuse-web --due "lundi" >/dev/null
b todo add "Écrire ce que je garde de la comptabilité dans un nouveau métier" \
	--kind reflexion --due "il y a 2 jours" >/dev/null 2>&1   # overdue on purpose
b todo add "Préparer une enquête auprès d'une développeuse freelance" \
	--kind enquete --piste developpeuse-web --due "dans 10 jours" >/dev/null
b todo add "Passer le questionnaire RIASEC" --kind test --due "il y a 8 jours" >/dev/null 2>&1
b todo done riasec >/dev/null

# --- metier: research on ROME job sheets, skill gap (issue 5) ---
# Research on the job sheets of both pistes noted in the journal (kind
# recherche, linked to the sheet and the piste, with the time spent), then the
# skill gap between Camille, an accountant, and the sheet of the piste kept
# (M1805), answered skill by skill: three lists to build the training plan
# with the consultant.  (search, show and suggest only read: nothing to keep.)
b metier note J1506 --piste infirmiere --duration 45m --date "il y a 12 jours 21h" \
	"Lu la fiche J1506 (infirmier en soins généraux).
Accès : diplôme d'État en 3 ans (IFSI), après Parcoursup ou en formation professionnelle continue.
Le travail de nuit, le week-end et les jours fériés figure dans les conditions d'exercice.
À demander en enquête : peut-on éviter les nuits les premières années ?" >/dev/null
b metier note M1805 --piste developpeuse-web --duration 1h --date "il y a 9 jours 20h" --tag formation \
	"Lu la fiche M1805 (développeur / développeuse informatique) et ses appellations.
Accès : bac+2 à bac+5 ; les titres professionnels de développeur web (bac+2) sont reconnus et beaucoup de reconversions passent par là.
Compétences clés : analyser les besoins, coder, concevoir une application web, documenter, traiter les retours des utilisateurs.
Métiers proches : testeur, intégrateur, chef de projet web — à garder en tête si le développement pur ne convient pas." >/dev/null
b metier ecart M1805 --date "il y a 2 jours 20h" --answers-file - >/dev/null <<'ANSWERS'
# Écart de compétences M1805 : 3 = je maîtrise, 2 = en partie, 1 = pas encore
400199: 2
400261: 1
300587: 1
109846: 1
113317: 2
484402: 3
400759: 1
400192: 2
126535: 1
486495: 1
484405: 2
300460: 3
300497: 2
300490: 3
ANSWERS
b metier note M1805 --piste developpeuse-web --duration 30m --date "hier 19h" \
	"Relu mon écart de compétences pour M1805 ('bilan metier ecart --show M1805').
Déjà là : la documentation, l'autonomie, la rigueur — la comptabilité m'a formée à tout cela.
À acquérir : le code, la conception d'applications web, la sécurité ; c'est le cœur d'une formation de développeur web.
Question pour Sophie : une formation intensive de 6 mois suffit-elle, ou faut-il viser un titre en alternance ?" >/dev/null

# --- journal: the journal de bord (issue 3) ---
# Three weeks of inter-session work in the logbook: guided reflections
# answered through a pipe (valeurs, parcours), research notes and #tags, two
# questions for the consultant (one settled with its answer), a private
# blocker, the takeaways of a séance, the time spent each week; then an entry
# corrected in the "editor" (a sed script standing in for vi).
b journal add --guide valeurs --duration 1h15 -d "il y a 19 jours 20h" - >/dev/null <<'EOF'
Mes valeurs au travail
## Ce qui compte pour moi
L'autonomie dans l'organisation de mes journées, et le sentiment d'être utile.
## Ce que je ne veux plus
Des tâches répétitives dont je ne vois pas à quoi elles servent. #sens
EOF
b journal add --guide parcours --duration 1h30 -d "il y a 16 jours 21h" - >/dev/null <<'EOF'
Mon parcours en quelques étapes
BTS comptabilité, puis douze ans dans le même cabinet : j'y ai appris la
rigueur et le contact avec les clients.  Le tournant : la refonte de notre
outil de facturation, où j'ai fait le lien avec les développeurs. #parcours #numérique
EOF
b journal add -k recherche --duration 45min -d "il y a 15 jours 19h" --tag formation \
	"Comparé trois formations de développeur web : en ligne (12 mois), au GRETA (7 mois, en présentiel) et en alternance (18 mois). #financement" >/dev/null
b journal add -k question -d "il y a 14 jours 18h" \
	"Une formation intensive de 7 mois peut-elle être financée par le CPF de transition ?" >/dev/null
b journal add -k blocage --private --duration 20min -d "il y a 12 jours 22h" \
	"Je n'ose pas parler de mon projet à mon responsable : peur qu'il le prenne mal avant que je sois sûre." >/dev/null
b journal add -k reflexion --duration 40min -d "il y a 9 jours 20h" \
	"Ce que je garde de la comptabilité : la rigueur, le goût des chiffres justes, la relation client. #compétences" >/dev/null
b journal add -k seance --duration 15min -d "il y a 5 jours 17h" \
	"Points clés de la séance : la piste infirmière est écartée ; approfondir la formation et son financement." >/dev/null
b journal add -k question -d "il y a 3 jours 21h" \
	"Faut-il faire un stage d'observation avant de démissionner ?" >/dev/null
b journal add -k recherche --duration 1h10 -d "hier 20h" \
	"Lu le référentiel du titre professionnel de développeur web et web mobile (niveau 5). #formation" >/dev/null
b journal add --duration 30min "Relu mon journal de la semaine avant la prochaine séance." >/dev/null
q=$(b journal list -k question --open --grep "CPF" | cut -d' ' -f1)
b journal close "$q" --answer "Oui, avec un dossier Transition Pro ; Sophie m'aide à le monter." >/dev/null
r=$(b journal list -k reflexion --grep "ce que je garde" | cut -d' ' -f1)
EDITOR="sed -i 's/la relation client/la relation avec les clients/'" b journal edit "$r" >/dev/null

# --- test: questionnaires (issue 4) ---
# The questionnaires of the investigation phase, answered as Camille did them
# between sessions: RIASEC twice (a first attempt on paper, then again after
# the first enquête: her profile moves from C-I-S to I-A-C), the Big Five,
# her work values, her transferable skills (management mastered but no longer
# wanted, the digital skills wanted but still to develop), and a short
# questionnaire of the consultant's own, validated and saved in the workspace.
# (list, show and compare only read.)
riasec() { v="$1,$2,$3,$4,$5,$6"; printf '%s' "$v"; for _ in 2 3 4 5 6 7 8; do printf ',%s' "$v"; done; }
b test run riasec -q --date "il y a 17 jours 21h" --answers "$(riasec 2 4 2 3 3 5)"
b test run riasec -q --date "il y a 8 jours 20h30" --answers "2,5,4,3,2,3,$(riasec 2 5 4 3 2 4 | cut -d, -f7-)"
b test run big-five -q --date "il y a 13 jours 21h" \
	--answers 4,4,3,4,2,2,1,4,2,2,4,5,2,4,2,2,2,4,2,4,5,4,2,4,2,2,1,2,2,4,5,5,3,4,2,2,1,4,2,3
b test run valeurs -q --date "il y a 11 jours 20h" --answers \
	5,3,3,4,5,4,4,3,5,2,5,4,3,4,5,5,4,2,4,2,4,3,2,4,5,4,5,3,5,1,5,3,3,3,4,4,4,3,5,2
b test run competences -q --date "il y a 6 jours 21h" --answers-file - <<'ANSWERS'
# Mes compétences transférables : maîtrise (m1, m2) puis envie (e, e2), de 1 à 4
3
3
3
3
4
4
3
3
4
3
3
3
3
4
2
2
4
3
1
1
2
2
4
4
3
3
3
3
2
3
2
2
3
3
4
4
3
4
4
4
3
3
4
4
2
2
3
3
ANSWERS
(umask 077 && mkdir -p "$W/questionnaires")
(umask 077 && cat >"$W/questionnaires/apprentissage.yaml") <<'EOF'
id: apprentissage
version: 1
title: "Ma façon d'apprendre"
description: "Un questionnaire de Sophie Durand pour préparer le choix d'une formation : apprendre seule, à son rythme, ou accompagnée, en groupe."
instructions: "Pensez à une chose que vous avez apprise récemment, au travail ou ailleurs, et répondez spontanément."
notice: "Ce questionnaire est une auto-évaluation indicative, à discuter avec votre consultante ; ce n'est pas un verdict."
scale:
  min: 1
  max: 4
  labels: ["Pas du tout", "Un peu", "Plutôt", "Tout à fait"]
dimensions:
  - id: autonomie
    label: "Apprendre en autonomie"
    description: "Se former seule, à son rythme, avec des ressources en ligne."
    interpretation:
      low: "Apprendre seule vous coûte : une formation en présentiel ou très encadrée vous conviendra mieux."
      medium: "Vous pouvez apprendre seule par moments, avec des rendez-vous réguliers pour tenir le rythme."
      high: "Vous savez vous former seule : une formation à distance peut vous convenir, à condition d'en vérifier le suivi."
  - id: groupe
    label: "Apprendre avec d'autres"
    description: "Le groupe, le formateur et les échanges comme moteur."
    interpretation:
      low: "Le groupe compte peu pour vous : le format importe moins que le contenu."
      medium: "Quelques temps collectifs vous aident, sans être indispensables."
      high: "Les autres vous portent : privilégiez une formation en groupe, en présentiel ou en alternance."
items:
  - {id: aut1, text: "Je trouve seule les ressources pour apprendre quelque chose de nouveau.", dimension: autonomie, reverse: false}
  - {id: grp1, text: "J'apprends mieux quand je peux poser mes questions à quelqu'un.", dimension: groupe, reverse: false}
  - {id: aut2, text: "Sans échéance fixée par quelqu'un d'autre, je remets à plus tard.", dimension: autonomie, reverse: true}
  - {id: grp2, text: "Travailler en binôme me motive.", dimension: groupe, reverse: false}
  - {id: aut3, text: "Je sais organiser mon temps d'étude le soir ou le week-end.", dimension: autonomie, reverse: false}
  - {id: grp3, text: "Je préfère avancer seule plutôt que d'attendre le groupe.", dimension: groupe, reverse: true}
EOF
b test validate "$W/questionnaires/apprentissage.yaml" >/dev/null
b save -m "questionnaires: apprentissage, de Sophie Durand" questionnaires/apprentissage.yaml
b test run apprentissage -q --date "il y a 3 jours 20h" --answers 3,4,3,4,2,2

# --- harden: bilan doctor and bilan gc (issue 9) ---
# A note typed by hand with a phone number in a shared folder: bilan doctor
# warns that it would be shared, bilan private moves it under private/;
# bilan doctor --fix repairs what it can (file modes), and the workspace is
# sound.  Then the history is packed (bilan does it by itself past 1,000
# loose objects; a demo has fewer).
mkdir -p "$W/notes"
printf '# Contacts à appeler\n\nKarim, développeur en reconversion (recommandé par Jeanne) : 06 98 76 54 32.\nLui demander comment il a financé sa formation.\n' \
	>"$W/notes/contacts-a-appeler.md"
chmod 700 "$W/notes"
chmod 600 "$W/notes/contacts-a-appeler.md"
b save -m "notes : contacts à appeler" >/dev/null
b doctor 2>/dev/null || true
b private notes/contacts-a-appeler.md >/dev/null
b doctor --fix || true
b doctor
b gc -q

# --- share: sharing with the consultant (issue 8) ---
# Camille agrees to share her workspace with Sophie Durand; a bare
# repository beside the demo stands in for the firm's git server.  A private
# reflection stays home.  Sophie clones the shared part, adds a to-do item
# and a retour entry and syncs them back; Camille's next sync takes them in.
# Then a backup to a "USB key", and the consultant's portfolio.
S="${W%/}-partage"
mkdir -p "$S"
git init -q --bare --initial-branch=main "$S/depot.git"
b share init "$S/depot.git" --to "Sophie Durand" >/dev/null
b journal add -q --private -k reflexion -t "Ce que je n'ose pas dire" --duration 20min \
	"Peur de décevoir ma famille si je quitte la comptabilité."
b sync -q
C="$S/clients/camille-martin"
"$BILAN" share clone "$S/depot.git" "$C" >/dev/null
"$BILAN" -C "$C" todo add --due "vendredi prochain" "Préparer trois questions pour l'enquête métier" >/dev/null
"$BILAN" -C "$C" journal add -q -k retour -t "Retour sur la séance" \
	"Beau travail sur les valeurs. Pour la prochaine fois : relier chaque valeur à un exemple vécu."
"$BILAN" -C "$C" sync -q
b sync -q
b share status
b backup -q "$S/cle-usb/bilan.git"
"$BILAN" portfolio "$S/clients"

# --- synthese: the material of the document de synthèse (issue 22) ---
# An achievement told with the reussites guide (a question left unanswered,
# which the synthèse leaves out), the constraints written in private, the
# action plan after the bilan (one dated step per line, "dans 6 mois"
# counted from the entry's date) and Camille's comments on the draft.
b journal add --guide reussites --duration 50min -d "il y a 7 jours 20h30" - >/dev/null <<'EOF'
La refonte de l'outil de facturation
## La situation
Notre cabinet changeait d'outil de facturation ; personne ne faisait le lien
entre les comptables et les développeurs du prestataire.
## Vos actions
J'ai recueilli les besoins de mes collègues, écrit les cas de test et vérifié
chaque version avant la mise en service.
## Le résultat
## Les compétences révélées
Analyser un besoin, le traduire pour des développeurs, tester avec rigueur.
EOF
b journal add --guide contraintes --private --duration 30min -d "il y a 6 jours 21h" - >/dev/null <<'EOF'
Mes contraintes
## Contraintes financières
Je peux accepter une baisse de revenus d'un quart pendant un an, pas plus.
## Distinguer l'incontournable du négociable
Non négociable : pas de travail de nuit, rester à Lyon.
EOF
b journal add --tag plan -t "Mon plan d'action après le bilan" --duration 30min - >/dev/null <<'EOF'
- dans 2 semaines : déposer le dossier Transition Pro, avec l'aide de Sophie
- dans 1 mois : m'inscrire à la formation de développeuse web du GRETA (7 mois)
- dans 2 mois : annoncer mon projet à mon responsable et demander le congé
- dans 9 mois : passer le titre professionnel de développeur web et web mobile
- chercher un premier poste dans une ESN lyonnaise, avec mon réseau d'enquêtes
EOF
b journal add --tag synthese -t "Mes observations sur le brouillon de synthèse" \
	"Je me reconnais dans ce document. J'ajouterais mon goût pour transmettre : j'ai formé deux collègues au nouvel outil." >/dev/null

# --- report: reports and reminders (issue 7) ---
# The three reports as the beneficiary and the consultant would make them,
# written next to the workspace (reports are never committed): the progress
# report as a web page to print and as JSON, the sheet for the next séance,
# the draft of the synthesis; then what cron would mail on Monday morning,
# and the crontab line that does it.  Last, so that the reports hold the
# work of every block above.  (report exits 1 when a file of the
# workspace is broken, naming it at the top; the demo goes on.)
R="${W%/}-rapports"
mkdir -p "$R"
b report -o "$R/suivi.html" || true
b report --format json -o "$R/suivi.json" || true
b report seance -o "$R/preparation-seance.html" || true
b report synthese -o "$R/synthese-brouillon.md" || true
b report synthese -o "$R/synthese-brouillon.html" || true
env -i BILAN_DIR="$W" "$BILAN" remind --always >"$R/rappel-du-lundi.txt" || true
b remind --crontab >"$R/crontab.txt"
# The consultant's side: the progress report of the shared clone (no private
# content there to leave out), after her sync.
if [ -n "${C:-}" ] && [ -d "$C" ]; then
	"$BILAN" -C "$C" report -o "$R/suivi-vu-par-la-consultante.html" || true
fi
