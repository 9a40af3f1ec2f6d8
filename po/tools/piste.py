# French translations of the field-work area: pistes, enquêtes, séances,
# to-do items, phases and the end of the bilan (lib/record.c, lib/piste.c,
# lib/enquete.c, lib/seance.c, lib/todo.c, the closing check of
# lib/workspace.c, cmd/piste.c, cmd/enquete.c, cmd/seance.c, cmd/todo.c,
# cmd/phase.c, cmd/close.c, cmd/fieldwork.c).
# usage: po/update piste lib/record.c lib/piste.c lib/enquete.c lib/seance.c \
#          lib/todo.c lib/workspace.c cmd/piste.c cmd/enquete.c cmd/seance.c \
#          cmd/todo.c cmd/phase.c cmd/close.c cmd/fieldwork.c
T = {
# lib/record.c
"expected a mapping": "une table de clés était attendue",
"%s '%s' is ambiguous": "%s « %s » est ambigu",
"did you mean '%s'?": "vouliez-vous dire « %s » ?",
"there is no %s yet": "il n'y a pas encore de %s",
# lib/piste.c
"unknown piste status '%s' (valid: %s)": "état de piste « %s » inconnu (possibles : %s)",
"expected a ROME code like M1805": "un code ROME comme M1805 était attendu",
"piste": "piste",
"the piste is already '%s'": "la piste est déjà « %s »",
"the piste is '%s': a decided piste is reopened only on purpose": "la piste est « %s » : une piste tranchée ne se rouvre que délibérément",
"add --force and a --reason to move it to '%s'": "ajoutez --force et une raison (--reason) pour la passer à « %s »",
"reopening a piste needs a reason": "rouvrir une piste demande une raison",
"add --reason TEXT": "ajoutez --reason TEXTE",
"a piste in exploration does not go back to '%s'": "une piste en exploration ne revient pas à « %s »",
"to pause it, set it 'en-attente'": "pour la mettre de côté, passez-la « en-attente »",
"setting a piste '%s' needs a reason": "passer une piste à « %s » demande une raison",
"add --reason TEXT: what the research and the enquêtes showed": "ajoutez --reason TEXTE : ce que les recherches et les enquêtes ont montré",
"a piste needs a title": "une piste a besoin d'un intitulé",
"the text is not valid UTF-8": "le texte n'est pas en UTF-8 valide",
"a piste title is one line": "l'intitulé d'une piste tient sur une ligne",
# lib/enquete.c
"unknown enquête status '%s' (valid: %s)": "état d'enquête « %s » inconnu (possibles : %s)",
"expected a date like 2026-11-27T14:30:00+01:00, got '%s'": "une date comme 2026-11-27T14:30:00+01:00 était attendue, pas « %s »",
"unknown verdict '%s' (valid: %s)": "verdict « %s » inconnu (possibles : %s)",
"enquête": "enquête",
"'%s' is not a phone number": "« %s » n'est pas un numéro de téléphone",
"write it with digits, e.g. 06 12 34 56 78 or +33 6 12 34 56 78": "écrivez-le en chiffres, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78",
"'%s' is not an e-mail address": "« %s » n'est pas une adresse électronique",
"write it like name@example.org": "écrivez-la comme nom@example.org",
"an enquête belongs to a piste": "une enquête se rattache à une piste",
"the enquête is already '%s'": "l'enquête est déjà « %s »",
"the enquête is '%s': its status no longer changes": "l'enquête est « %s » : son état ne change plus",
"to interview someone again, add a new enquête": "pour interroger de nouveau quelqu'un, ajoutez une nouvelle enquête",
"an enquête does not go back from '%s' to '%s'": "une enquête ne revient pas de « %s » à « %s »",
"statuses move forward: a-contacter, contactee, planifiee, realisee (or abandonnee)": "les états avancent : a-contacter, contactee, planifiee, realisee (ou abandonnee)",
"an enquête is marked 'realisee' with its verdict": "une enquête passe à « realisee » avec son verdict",
"run 'bilan enquete done SLUG --verdict conforte|nuance|infirme'": "lancez « bilan enquete done NOM --verdict conforte|nuance|infirme »",
# lib/seance.c
"phase must be one of preliminaire, investigation, conclusions, terminee, not '%s'": "la phase doit être preliminaire, investigation, conclusions ou terminee, pas « %s »",
"unknown séance status '%s' (valid: %s)": "état de séance « %s » inconnu (possibles : %s)",
"séance": "séance",
"this séance would bring the planned time to %s, over the legal maximum of 24h (%s already attended or planned, %s more)": "cette séance porterait le temps prévu à %s, au-delà du maximum légal de 24h (%s déjà faites ou prévues, %s de plus)",
"this séance would bring the time used to %s, over the legal maximum of 24h (%s already used, %s more)": "cette séance porterait le temps utilisé à %s, au-delà du maximum légal de 24h (%s déjà utilisées, %s de plus)",
"a bilan de compétences lasts at most 24 hours (Code du travail, L6313-4); check with your consultant, and add --force if the time is right": "un bilan de compétences dure au plus 24 heures (Code du travail, L6313-4) ; vérifiez avec votre consultant, et ajoutez --force si la durée est juste",
# lib/todo.c
"unknown kind '%s' (valid: %s)": "nature « %s » inconnue (possibles : %s)",
"expected a date like 2026-11-27, got '%s'": "une date comme 2026-11-27 était attendue, pas « %s »",
"unknown to-do status '%s' (valid: %s)": "état de travail « %s » inconnu (possibles : %s)",
"to-do item": "travail à faire",
"a to-do item needs a text": "un travail à faire a besoin d'un texte",
"this item is already done": "ce travail est déjà fait",
# lib/workspace.c (the end of the bilan)
"the bilan ended on %s: '%s' records new work, which a closed bilan no longer takes": "le bilan s'est terminé le %s : « %s » enregistre un nouveau travail, ce qu'un bilan clos n'accepte plus",
"the bilan is closed: '%s' records new work, which a closed bilan no longer takes": "le bilan est clos : « %s » enregistre un nouveau travail, ce qu'un bilan clos n'accepte plus",
"after the end, only the follow-up is recorded: a follow-up séance ('bilan seance add'), its takeaways, journal entries and the appraisal": "après la fin, seul le suivi s'enregistre : une séance de suivi (« bilan seance add »), ses points clés, des entrées du journal et l'appréciation",
# cmd/piste.c
"career hypotheses to explore, validate or set aside": "pistes professionnelles à explorer, valider ou écarter",
"%zu journal entry": ["%zu entrée du journal", "%zu entrées du journal"],
"%zu research note": ["%zu note de recherche", "%zu notes de recherche"],
"%zu enquête": ["%zu enquête", "%zu enquêtes"],
"no evidence yet": "pas encore d'élément",
"cannot check ROME codes against the ROME data (%s); only their form was checked": "impossible de vérifier les codes ROME dans les données ROME (%s) ; seule leur forme a été vérifiée",
"Added piste '%s' (a-explorer).": "Piste « %s » ajoutée (a-explorer).",
"too many arguments": "trop d'arguments",
"No piste with this status.": "Aucune piste dans cet état.",
"No piste yet: add one with 'bilan piste add TITLE'.": "Pas encore de piste : ajoutez-en une avec « bilan piste add INTITULÉ ».",
"enquête %s: held, verdict %s": "enquête %s : réalisée, verdict %s",
"confirmed": "ce qui confirme",
"surprised": "surprises",
"points of attention": "points de vigilance",
"notes": "notes",
"enquête %s: %s": "enquête %s : %s",
"which piste? give its slug": "quelle piste ? donnez son nom court",
"status %s → %s": "état %s → %s",
"piste added (%s)": "piste ajoutée (%s)",
"to do: %s": "à faire : %s",
"done: %s": "fait : %s",
"status: %s": "état : %s",
"why: ": "ce qui attire : ",
"evidence: ": "éléments : ",
"give the piste and its new status": "donnez la piste et son nouvel état",
"too many arguments (put the reason in quotes after --reason)": "trop d'arguments (mettez la raison entre guillemets après --reason)",
"the status": "l'état",
"the reason is empty or not valid UTF-8": "la raison est vide ou n'est pas en UTF-8 valide",
"Piste '%s' is now '%s'.": "La piste « %s » est maintenant « %s ».",
"add a career hypothesis": "ajouter une piste professionnelle",
"list the pistes with their evidence": "lister les pistes avec leurs éléments",
"show a piste and everything linked to it, in time order": "montrer une piste et tout ce qui s'y rattache, dans l'ordre du temps",
"change the status of a piste": "changer l'état d'une piste",
# cmd/enquete.c
"informational interviews with professionals (enquêtes métier)": "entretiens avec des professionnels (enquêtes métier)",
"--with needs a name on one line": "--with attend un nom sur une ligne",
"an enquête belongs to a piste: give --piste SLUG": "une enquête se rattache à une piste : donnez --piste NOM",
"Added enquête '%s' (%s) on piste '%s'.": "Enquête « %s » ajoutée (%s) sur la piste « %s ».",
"Prepare it with 'bilan enquete guide %s'.": "Préparez-la avec « bilan enquete guide %s ».",
"No enquête matches.": "Aucune enquête ne correspond.",
"No enquête yet: add one with 'bilan enquete add --piste SLUG'.": "Pas encore d'enquête : ajoutez-en une avec « bilan enquete add --piste NOM ».",
"enquête '%s' names an invalid contacts file '%s'": "l'enquête « %s » désigne une fiche contact invalide « %s »",
"which enquête? give its slug": "quelle enquête ? donnez son nom court",
"What confirmed the picture": "Ce qui confirme l'image du métier",
"What surprised": "Ce qui a surpris",
"Points of attention": "Points de vigilance",
"Other notes": "Autres notes",
"piste: %s": "piste : %s",
"channel: ": "canal : ",
"contact (private, kept on this computer):": "contact (privé, gardé sur cet ordinateur) :",
"verdict: %s": "verdict : %s",
"Contacts suggested (private)": "Contacts suggérés (privé)",
"History": "Historique",
"nothing to change: give a status, --date or contact details": "rien à changer : donnez un état, --date ou des coordonnées",
"a planned enquête needs its date": "une enquête planifiée a besoin de sa date",
"add --date WHEN, e.g. --date 'jeudi 14h'": "ajoutez --date QUAND, par exemple --date 'jeudi 14h'",
"Enquête '%s' is '%s'.": "L'enquête « %s » est « %s ».",
"the notes are not valid UTF-8": "les notes ne sont pas en UTF-8 valide",
"no notes written: nothing recorded": "aucune note écrite : rien n'a été enregistré",
"Enquête '%s' recorded with verdict '%s' on piste '%s'.": "Enquête « %s » enregistrée avec le verdict « %s » sur la piste « %s ».",
"the ROME data cannot be read (%s): the guide has no fiche-specific questions": "les données ROME sont illisibles (%s) : le guide n'a pas de questions propres à la fiche",
"which enquête or piste? give its slug": "quelle enquête ou quelle piste ? donnez son nom court",
"add an enquête métier to a piste": "ajouter une enquête métier à une piste",
"list the enquêtes": "lister les enquêtes",
"show an enquête, its notes and contact (locally)": "montrer une enquête, ses notes et son contact (sur cet ordinateur)",
"move an enquête forward, plan it, or note contact details": "faire avancer une enquête, la planifier ou noter des coordonnées",
"record an interview held: verdict and notes": "enregistrer un entretien réalisé : verdict et notes",
"print an interview guide for an enquête or a piste": "afficher un guide d'entretien pour une enquête ou une piste",
# cmd/seance.c
"meetings with the consultant: plan, confirm attendance, takeaways": "séances avec le consultant : planifier, confirmer sa présence, points clés",
"%s attended or planned: over the legal maximum of 24h for a bilan (L6313-4)": "%s faites ou prévues : au-delà du maximum légal de 24h pour un bilan (L6313-4)",
"%s used: over the legal maximum of 24h for a bilan (L6313-4)": "%s utilisées : au-delà du maximum légal de 24h pour un bilan (L6313-4)",
"%s of the 24h maximum are attended or planned: plan the remaining séances with your consultant": "%s du maximum de 24h sont faites ou prévues : planifiez les séances restantes avec votre consultant",
"%s of the 24h maximum are used: plan the remaining séances with your consultant": "%s du maximum de 24h sont utilisées : planifiez les séances restantes avec votre consultant",
"when is the séance? e.g. 'bilan seance add mardi 14h'": "quand a lieu la séance ? par exemple « bilan seance add mardi 14h »",
"--subject needs one line of text": "--subject attend une ligne de texte",
"Planned a séance on %s (%s), id %s.": "Séance prévue le %s (%s), identifiant %s.",
"now": "maintenant",
"to confirm": "à confirmer",
"takeaways": "points clés",
"Hours used: %s of the 24h maximum; planned: %s": "Heures utilisées : %s sur le maximum de 24h ; prévues : %s",
"Phase: %s": "Phase : %s",
"--takeaways and --no-takeaways exclude each other": "--takeaways et --no-takeaways s'excluent",
"no planned séance today or before": "aucune séance prévue aujourd'hui ou avant",
"give the séance id (bilan seance list), or --duration D to record a séance that was not planned": "donnez l'identifiant de la séance (bilan seance list), ou --duration D pour enregistrer une séance qui n'était pas prévue",
"séance %s is already '%s'": "la séance %s est déjà « %s »",
"séance %s is planned for %s, later than now": "la séance %s est prévue le %s, plus tard que maintenant",
"record it once it took place, or give --date WHEN": "enregistrez-la une fois qu'elle a eu lieu, ou donnez --date QUAND",
"Recorded your attendance at the séance of %s (%s).": "Présence enregistrée à la séance du %s (%s).",
"Takeaways written in journal entry %.13s.": "Points clés écrits dans l'entrée du journal %.13s.",
"No takeaways written: add them with 'bilan journal add --kind seance'.": "Aucun point clé écrit : ajoutez-les avec « bilan journal add --kind seance ».",
"which séance? give its id": "quelle séance ? donnez son identifiant",
"Cancelled the séance of %s.": "Séance du %s annulée.",
"plan a séance": "planifier une séance",
"list past and future séances, with the hours used": "lister les séances passées et à venir, avec les heures utilisées",
"confirm your attendance and write the takeaways": "confirmer sa présence et écrire les points clés",
"cancel a planned séance": "annuler une séance prévue",
# cmd/todo.c
"the work agreed for the next séance": "le travail convenu pour la prochaine séance",
"what is to be done? give the text": "que faut-il faire ? donnez le texte",
"Added to-do item %s.": "Travail à faire %s ajouté.",
"Due %s.": "Pour le %s.",
"this item is already overdue": "ce travail est déjà en retard",
"done": "fait",
"overdue": "en retard",
"this week": "cette semaine",
"Nothing left to do.": "Plus rien à faire.",
"No to-do item yet: add one with 'bilan todo add TEXT'.": "Pas encore de travail à faire : ajoutez-en un avec « bilan todo add TEXTE ».",
"(%zu item done; --all shows it)": ["(%zu travail fait ; --all le montre)", "(%zu travaux faits ; --all les montre)"],
"journal entry or test result": "entrée du journal ou résultat de test",
"which item? give its id (bilan todo list)": "quel travail ? donnez son identifiant (bilan todo list)",
"Done: ": "Fait : ",
"add work to do before the next séance": "ajouter un travail à faire avant la prochaine séance",
"list the work to do, overdue first": "lister le travail à faire, les retards d'abord",
"mark an item done": "marquer un travail comme fait",
# cmd/phase.c
"show or set the phase of the bilan": "afficher ou changer la phase du bilan",
"which phase? preliminaire, investigation or conclusions": "quelle phase ? preliminaire, investigation ou conclusions",
"the bilan ends with 'bilan close', not with a phase": "le bilan se termine avec « bilan close », pas avec une phase",
"run 'bilan close' (see 'man bilan-close')": "lancez « bilan close » (voir « man bilan-close »)",
"the phase": "la phase",
"The bilan is already in phase '%s'.": "Le bilan est déjà en phase « %s ».",
"The bilan is now in phase '%s'.": "Le bilan est maintenant en phase « %s ».",
"print the current phase": "afficher la phase actuelle",
"move the bilan to another phase": "passer le bilan à une autre phase",
# cmd/close.c
"mark the bilan finished (end date, retention agreement)": "clore le bilan (date de fin, accord de conservation)",
"--keep-until needs --agreement: documents are kept only with the beneficiary's written agreement": "--keep-until demande --agreement : les documents ne sont conservés qu'avec l'accord écrit du bénéficiaire",
"--agreement needs --keep-until: say until when documents are kept": "--agreement demande --keep-until : dites jusqu'à quand les documents sont conservés",
"--agreement needs one line of text, e.g. 'accord écrit signé le 30/01/2027'": "--agreement attend une ligne de texte, par exemple « accord écrit signé le 30/01/2027 »",
"the bilan is already closed (on %s)": "le bilan est déjà clos (le %s)",
"a retention agreement can still be recorded: 'bilan close --keep-until DATE --agreement TEXT'": "un accord de conservation peut encore être enregistré : « bilan close --keep-until DATE --agreement TEXTE »",
"the end date is before the start of the bilan (%s)": "la date de fin est avant le début du bilan (%s)",
"documents may be kept at most 3 years after the end of the bilan: until %s, not %s": "les documents peuvent être conservés au plus 3 ans après la fin du bilan : jusqu'au %s, pas au %s",
"R6313-7 of the Code du travail (decree 2023-1350)": "article R6313-7 du Code du travail (décret 2023-1350)",
"the retention date %s is before the end of the bilan (%s)": "la date de conservation %s est avant la fin du bilan (%s)",
"The bilan is closed on %s (phase 'terminee').": "Le bilan est clos le %s (phase « terminee »).",
"Documents are kept for the follow-up until %s, with the beneficiary's written agreement.": "Les documents sont conservés pour le suivi jusqu'au %s, avec l'accord écrit du bénéficiaire.",
"Without a written agreement to keep them, the documents of the bilan are destroyed at its end (R6313-7), except the synthesis sent to the CEP.": "Sans accord écrit pour les conserver, les documents du bilan sont détruits à sa fin (R6313-7), sauf la synthèse transmise au CEP.",
"From now on only the follow-up is recorded: a follow-up séance, its takeaways, journal entries and the appraisal.": "Désormais seul le suivi s'enregistre : une séance de suivi, ses points clés, des entrées du journal et l'appréciation.",
# cmd/fieldwork.c (lines of bilan status)
"Séances: %s used of the 24h maximum": "Séances : %s utilisées sur le maximum de 24h",
"over the legal maximum": "au-delà du maximum légal",
"near the legal maximum": "proche du maximum légal",
"next: %s": "prochaine : %s",
"Pistes: %zu": ["Piste : %zu", "Pistes : %zu"],
"To do: %zu open": ["À faire : %zu en cours", "À faire : %zu en cours"],
"%zu overdue": ["%zu en retard", "%zu en retard"],
"%zu due this week": ["%zu pour cette semaine", "%zu pour cette semaine"],
"Documents kept until %s, with the beneficiary's written agreement": "Documents conservés jusqu'au %s, avec l'accord écrit du bénéficiaire",
"No agreement to keep documents: they are destroyed at the end of the bilan (R6313-7)": "Pas d'accord de conservation : les documents sont détruits à la fin du bilan (R6313-7)",
}

# The other messages of lib/workspace.c belong to the core area: take them
# from po/fr/core.po so that this file never disagrees with it.
def _core():
    path = 'po/fr/core.po'   # po/update runs from the top of the tree
    out, cur, key = {}, None, None
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.startswith('msgid '):
            cur = {'id': eval(line[6:]), 'pl': None, 's': [], 'str': ''}
            key = 'id'
        elif line.startswith('msgid_plural '):
            cur['pl'] = eval(line[13:]); key = 'pl'
        elif line.startswith('msgstr['):
            cur['s'].append(eval(line.split(' ', 1)[1])); key = 's'
        elif line.startswith('msgstr '):
            cur['str'] = eval(line[7:]); key = 'str'
        elif line.startswith('"') and cur is not None and key:
            if key == 's':
                cur['s'][-1] += eval(line)
            else:
                cur[key] += eval(line)
        elif not line and cur is not None:
            if cur['id']:
                out[cur['id']] = cur['s'] if cur['pl'] else cur['str']
            cur = None
    if cur is not None and cur['id']:
        out[cur['id']] = cur['s'] if cur['pl'] else cur['str']
    return out

for _k, _v in _core().items():
    T.setdefault(_k, _v)
