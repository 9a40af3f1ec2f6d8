/* labels.c - translated labels of stored values (labels.h). */
#include <string.h>

#include "i18n.h"
#include "labels.h"

const char *lbl_piste_status(enum bilan_piste_status s)
{
	switch (s) {
	case BILAN_PISTE_A_EXPLORER: return _("to explore");
	case BILAN_PISTE_EN_EXPLORATION: return _("being explored");
	case BILAN_PISTE_VALIDEE: return _("validated");
	case BILAN_PISTE_ECARTEE: return _("set aside");
	case BILAN_PISTE_EN_ATTENTE: return _("on hold");
	}
	return "?";
}

const char *lbl_enquete_status(enum bilan_enquete_status s)
{
	switch (s) {
	case BILAN_ENQUETE_A_CONTACTER: return _("to contact");
	case BILAN_ENQUETE_CONTACTEE: return _("contacted");
	case BILAN_ENQUETE_PLANIFIEE: return _("scheduled");
	case BILAN_ENQUETE_REALISEE: return _("carried out");
	case BILAN_ENQUETE_ABANDONNEE: return _("abandoned");
	}
	return "?";
}

const char *lbl_verdict(enum bilan_verdict v)
{
	switch (v) {
	case BILAN_VERDICT_CONFORTE: return _("confirms");
	case BILAN_VERDICT_NUANCE: return _("qualifies");
	case BILAN_VERDICT_INFIRME: return _("does not confirm");
	}
	return "?";
}

const char *lbl_seance_status(enum bilan_seance_status s)
{
	switch (s) {
	case BILAN_SEANCE_PREVUE: return _("planned");
	case BILAN_SEANCE_REALISEE: return _("held");
	case BILAN_SEANCE_ANNULEE: return _("cancelled");
	}
	return "?";
}

const char *lbl_kind(enum bilan_entry_kind k)
{
	switch (k) {
	case BILAN_KIND_NOTE: return _("note");
	case BILAN_KIND_REFLEXION: return _("reflection");
	case BILAN_KIND_RECHERCHE: return _("research");
	case BILAN_KIND_ENQUETE: return _("enquête");
	case BILAN_KIND_TEST: return _("test");
	case BILAN_KIND_QUESTION: return _("question");
	case BILAN_KIND_BLOCAGE: return _("obstacle");
	case BILAN_KIND_SEANCE: return _("séance");
	case BILAN_KIND_RETOUR: return _("feedback");
	}
	return "?";
}

const char *lbl_todo_kind(enum bilan_todo_kind k)
{
	switch (k) {
	case BILAN_TODO_TEST: return _("test");
	case BILAN_TODO_REFLEXION: return _("reflection");
	case BILAN_TODO_RECHERCHE: return _("research");
	case BILAN_TODO_ENQUETE: return _("enquête");
	}
	return "?";
}

const char *lbl_phase(enum bilan_phase p)
{
	switch (p) {
	case BILAN_PHASE_PRELIMINAIRE: return _("preliminary");
	case BILAN_PHASE_INVESTIGATION: return _("investigation");
	case BILAN_PHASE_CONCLUSIONS: return _("conclusions");
	case BILAN_PHASE_TERMINEE: return _("finished");
	}
	return "?";
}

const char *lbl_value(const char *stored)
{
	static const struct { const char *value, *label; } t[] = {
		/* the values questionnaire (data/questionnaires/valeurs.yaml) */
		{ "autonomie", N_("autonomy") },
		{ "securite", N_("security") },
		{ "reconnaissance", N_("recognition") },
		{ "relations", N_("human relationships") },
		{ "sens", N_("meaning and usefulness") },
		{ "equilibre", N_("work-life balance") },
		{ "creativite", N_("creativity") },
		{ "remuneration", N_("pay") },
		{ "apprentissage", N_("learning") },
		{ "responsabilite", N_("responsibility") },
		/* fundings */
		{ "cpf", N_("CPF (Mon Compte Formation)") },
		{ "plan", N_("skills development plan") },
		{ "reclassement", N_("redeployment leave") },
		{ "personnel", N_("self-funded") },
		{ "france-travail", N_("France Travail") },
		{ "fonction-publique", N_("civil service") },
	};
	if (!stored)
		return "";
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		if (!strcmp(t[i].value, stored))
			return _(t[i].label);
	return stored;
}

/* "2026-11-27..." to "27/11/2026..." when the language writes the day first */
static const char *day_style(char *buf)
{
	/* TRANSLATORS: how a day is shown: "yyyy-mm-dd" (ISO 8601) or
	 * "dd/mm/yyyy"; times stay "14:30" */
	if (strcmp(_("yyyy-mm-dd"), "dd/mm/yyyy") || strlen(buf) < 10 || buf[4] != '-' || buf[7] != '-')
		return buf;
	char y[5], m[3], d[3];
	memcpy(y, buf, 4), y[4] = 0;
	memcpy(m, buf + 5, 2), m[2] = 0;
	memcpy(d, buf + 8, 2), d[2] = 0;
	memcpy(buf, d, 2);
	buf[2] = '/';
	memcpy(buf + 3, m, 2);
	buf[5] = '/';
	memcpy(buf + 6, y, 4);
	return buf;
}

char *lbl_day_str(char *iso)
{
	day_style(iso);
	return iso;
}

const char *iso_when(char *buf, const struct bilan_time *t)
{
	if (t->has_time)
		bilan_time_format_short(buf, 32, t);
	else
		bilan_time_format_day(buf, 32, t);
	return buf;
}

const char *lbl_date_short(char *buf, size_t size, const struct bilan_time *t)
{
	bilan_time_format_short(buf, size, t);
	return day_style(buf);
}

const char *lbl_date_day(char *buf, size_t size, const struct bilan_time *t)
{
	bilan_time_format_day(buf, size, t);
	return day_style(buf);
}

const char *lbl_alias(const char *typed)
{
	static const struct { const char *en, *value; } t[] = {
		/* kinds (journal, to-do) */
		{ "reflection", "reflexion" }, { "research", "recherche" },
		{ "obstacle", "blocage" }, { "feedback", "retour" },
		{ "interview", "enquete" }, { "session", "seance" }, { "meeting", "seance" },
		/* piste statuses */
		{ "to-explore", "a-explorer" }, { "being-explored", "en-exploration" },
		{ "exploring", "en-exploration" }, { "validated", "validee" },
		{ "set-aside", "ecartee" }, { "discarded", "ecartee" }, { "on-hold", "en-attente" },
		/* enquête statuses */
		{ "to-contact", "a-contacter" }, { "contacted", "contactee" },
		{ "scheduled", "planifiee" }, { "carried-out", "realisee" }, { "done", "realisee" },
		{ "abandoned", "abandonnee" },
		/* verdicts */
		{ "confirms", "conforte" }, { "qualifies", "nuance" },
		{ "does-not-confirm", "infirme" }, { "infirms", "infirme" },
		/* phases */
		{ "preliminary", "preliminaire" }, { "finished", "terminee" },
	};
	if (!typed)
		return typed;
	char norm[32];
	size_t n = 0;
	for (const char *p = typed; *p && n + 1 < sizeof norm; p++)
		norm[n++] = (*p == ' ' || *p == '_') ? '-' :
			    (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
	norm[n] = 0;
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		if (!strcmp(norm, t[i].en))
			return t[i].value;
	return typed;
}

const char *lbl_piste_status_str(const char *stored)
{
	enum bilan_piste_status s;
	return stored && bilan_piste_status_parse(&s, stored) >= 0 ? lbl_piste_status(s)
								   : (stored ? stored : "");
}

const char *lbl_enquete_status_str(const char *stored)
{
	enum bilan_enquete_status s;
	return stored && bilan_enquete_status_parse(&s, stored) >= 0 ? lbl_enquete_status(s)
								     : (stored ? stored : "");
}
