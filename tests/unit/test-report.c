/* test-report.c - reports (lib/report.h) and reminders (lib/remind.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "settings.h"
#include "fs.h"
#include "questionnaire.h"
#include "remind.h"
#include "report.h"
#include "report-internal.h"
#include "workspace.h"
#include "yaml-tree.h"

#define DATA_DIR TEST_SOURCE_DIR "/../data"
#define SCHEMA_DIR TEST_SOURCE_DIR "/../schemas"

static char dir[64];
static int64_t now;   /* Friday 2026-11-27 10:00 in Paris */

static void put(const char *rel, const char *content)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_fs_write_in(dir, rel, content, strlen(content), &err) < 0)
		fail_msg("write %s: %s", rel, err.message);
}

static struct bilan_ws *open_ws(void)
{
	struct bilan_ws *ws = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_ws_open(&ws, dir, &err) < 0)
		fail_msg("open: %s", err.message);
	return ws;
}

static void entry(const char *id, const char *date, const char *kind, const char *title,
		  const char *extra, const char *body, bool priv)
{
	char rel[256], text[4096];
	snprintf(rel, sizeof(rel), "%sjournal/%.4s/%.2s/%s.yaml", priv ? "private/" : "", date,
		 date + 5, id);
	snprintf(text, sizeof(text), "id: %s\ndate: %s\nkind: %s\ntitle: \"%s\"\n%sbody: |\n  %s\n",
		 id, date, kind, title, extra ? extra : "", body);
	put(rel, text);
}

/* A workspace with a little of everything. */
static int setup(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	bilan_settings.data_dir = DATA_DIR;
	bilan_settings.schema_dir = SCHEMA_DIR;
	struct bilan_time t;
	assert_true(bilan_time_parse_iso(&t, "2026-11-27T10:00:00+01:00"));
	now = t.t;
	snprintf(dir, sizeof(dir), "/tmp/bilan-test-report.XXXXXX");
	assert_non_null(mkdtemp(dir));
	char git[128];
	snprintf(git, sizeof(git), "%s/.git", dir);
	assert_int_equal(mkdir(git, 0700), 0);
	put("bilan.yaml", "format: 3\nbeneficiary:\n  name: Camille Martin\nconsultant:\n"
	    "  name: Sophie Durand\nprovider: Cabinet Horizon\nfunding: cpf\nstart: 2026-11-02\n"
	    "end: 2027-01-29\n"
	    "weekly_goal: 2h\nphase: investigation\nlanguage: fr\n");
	entry("20261103T090000Z-aaaa", "2026-11-03T10:00:00+01:00", "reflexion", "Mon parcours",
	      "duration: 1h30\ntags: [parcours]\n", "# Débuts\n  J'ai commencé **tôt**.", false);
	entry("20261110T090000Z-bbbb", "2026-11-10T10:00:00+01:00", "question",
	      "Comment financer une formation ?", "status: ouverte\n", "Le CPF suffit-il ?", false);
	entry("20261118T090000Z-cccc", "2026-11-18T10:00:00+01:00", "note", "Note intime secrète",
	      "duration: 30min\n", "Très personnel", true);
	entry("20261124T090000Z-dddd", "2026-11-24T10:00:00+01:00", "recherche", "Fiche M1805",
	      "duration: 45min\nrome: M1805\npiste: developpeuse-web\ntags: [formation]\n",
	      "Étude de la fiche.", false);
	entry("20261126T090000Z-eeee", "2026-11-26T10:00:00+01:00", "reflexion",
	      "Valeurs <script>alert(1)</script>", "duration: 2h\n",
	      "Texte <script>alert('x')</script> <img src=x onerror=alert(1)> "
	      "[lien](javascript:alert(1)) ![img](https://example.org/x.png) \\u001b[31m", false);
	entry("20261125T090000Z-ffff", "2026-11-25T10:00:00+01:00", "blocage", "Peur de l'échec",
	      "status: ouverte\n", "Je doute.", false);
	/* a body with a real escape character (YAML double-quoted) */
	put("journal/2026/11/20261126T100000Z-gggg.yaml",
	    "id: 20261126T100000Z-gggg\ndate: 2026-11-26T11:00:00+01:00\nkind: note\n"
	    "title: \"Couleur \\e[31mrouge\"\nbody: \"avant \\e[2J après\"\n");
	put("pistes/developpeuse-web.yaml",
	    "title: Développeuse web\nrome: [M1805]\nwhy: J'aime construire\nstatus: validee\n"
	    "created: 2026-11-05T10:00:00+01:00\nhistory:\n"
	    "  - {date: 2026-11-05T10:00:00+01:00, to: a-explorer}\n"
	    "  - {date: 2026-11-12T10:00:00+01:00, from: a-explorer, to: en-exploration}\n"
	    "  - {date: 2026-11-26T10:00:00+01:00, from: en-exploration, to: validee, "
	    "reason: \"L'enquête confirme\"}\n");
	put("pistes/formatrice.yaml",
	    "title: Formatrice\nstatus: ecartee\ncreated: 2026-11-05T10:00:00+01:00\nhistory:\n"
	    "  - {date: 2026-11-05T10:00:00+01:00, to: a-explorer}\n"
	    "  - {date: 2026-11-15T10:00:00+01:00, from: a-explorer, to: ecartee, "
	    "reason: Pas de débouchés}\n");
	put("enquetes/developpeuse-web-lead-acme.yaml",
	    "piste: developpeuse-web\nrole: Lead dev\norganisation: Acme\n"
	    "contact: developpeuse-web-lead-acme\nstatus: realisee\n"
	    "date: 2026-11-23T14:00:00+01:00\ncreated: 2026-11-12T10:00:00+01:00\n"
	    "outcome:\n  verdict: conforte\n  date: 2026-11-23T18:00:00+01:00\n"
	    "  confirmed: Le travail en équipe\n  attention: Salaire de départ\n");
	put("private/contacts/developpeuse-web-lead-acme.yaml",
	    "enquete: developpeuse-web-lead-acme\nname: Jean Dupont\nphone: 06 12 34 56 78\n");
	put("todo/20261120T090000Z-t001.yaml", "text: Faire le test RIASEC\ndue: 2026-11-25\n"
	    "status: a-faire\ncreated: 2026-11-20T10:00:00+01:00\n");
	put("todo/20261120T090000Z-t002.yaml", "text: Lire la fiche M1805\ndue: 2026-11-29\n"
	    "piste: developpeuse-web\nstatus: a-faire\ncreated: 2026-11-20T10:00:00+01:00\n");
	put("seances/20261101T090000Z-s001.yaml",
	    "date: 2026-11-16T14:00:00+01:00\nduration: 2h\nphase: investigation\n"
	    "subject: Entretien\nstatus: realisee\ncreated: 2026-11-01T10:00:00+01:00\n"
	    "attendance:\n  confirmed: true\n  confirmed_at: 2026-11-16T16:00:00+01:00\n"
	    "  confirmed_by: Camille Martin\n  duration: 1h45\n");
	put("seances/20261101T090000Z-s002.yaml",
	    "date: 2026-11-30T14:00:00+01:00\nduration: 2h\nphase: investigation\n"
	    "subject: Restitution des tests\nstatus: prevue\ncreated: 2026-11-01T10:00:00+01:00\n");
	/* a RIASEC result through the engine */
	struct bilan_questionnaire *q = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_q_find(&q, dir, "riasec", &err) < 0)
		fail_msg("riasec: %s", err.message);
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	bilan_q_answers_init(&a, q);
	for (size_t i = 0; i < q->nitems; i++)
		if (q->items[i].type == BILAN_Q_ITEM_SCALE)
			assert_int_equal(bilan_q_answer_set(&a, q, i, q->items[i].id[0] == 's' ? 5 : 2,
							    &err), 0);
	struct bilan_q_score sc = BILAN_Q_SCORE_INIT;
	bilan_q_score(&sc, q, &a);
	struct bilan_time when;
	assert_true(bilan_time_parse_iso(&when, "2026-11-20T10:00:00+01:00"));
	struct bilan_node *tree = bilan_q_result_tree(q, &a, &sc, &when);
	char path[256];
	snprintf(path, sizeof(path), "%s/tests/riasec", dir);
	assert_int_equal(bilan_fs_mkdir_p(path, 0700, &err), 0);
	snprintf(path, sizeof(path), "%s/tests/riasec/20261120T090000Z-r001.yaml", dir);
	if (bilan_yaml_write_file(path, tree, &err) < 0)
		fail_msg("result: %s", err.message);
	bilan_node_free(tree);
	bilan_q_score_clear(&sc);
	bilan_q_answers_clear(&a);
	bilan_q_free(q);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static char *render(enum bilan_report_kind kind, enum bilan_report_format f, bool priv,
		    bool has_since, int64_t since, size_t *problems)
{
	struct bilan_ws *ws = open_ws();
	struct bilan_report_opts o = BILAN_REPORT_OPTS_INIT;
	o.kind = kind;
	o.include_private = priv;
	o.has_since = has_since;
	o.since = since;
	o.now = now;
	struct bilan_report *r = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_report_build(&r, ws, &o, &err) < 0)
		fail_msg("build: %s", err.message);
	struct bilan_buf out = BILAN_BUF_INIT;
	assert_int_equal(bilan_report_render(&out, r, f, &err), 0);
	if (problems)
		*problems = bilan_diags_count(&r->problems, BILAN_SEV_ERROR);
	bilan_report_free(r);
	bilan_ws_free(ws);
	return bilan_buf_detach(&out);
}

static void test_names(void **state)
{
	(void)state;
	enum bilan_report_kind k;
	enum bilan_report_format f;
	assert_int_equal(bilan_report_kind_parse(&k, "Séance"), 0);
	assert_int_equal(k, BILAN_REPORT_SEANCE);
	assert_int_equal(bilan_report_kind_parse(&k, "SYNTHÈSE"), 0);
	assert_int_equal(k, BILAN_REPORT_SYNTHESE);
	assert_int_equal(bilan_report_kind_parse(&k, "bilan"), -1);
	assert_int_equal(bilan_report_kind_parse(&k, NULL), -1);
	assert_int_equal(bilan_report_format_parse(&f, "markdown"), 0);
	assert_int_equal(f, BILAN_REPORT_MD);
	assert_int_equal(bilan_report_format_parse(&f, "pdf"), -1);
	assert_int_equal(bilan_report_format_for_path(&f, "/tmp/x.d/rapport.HTML"), 0);
	assert_int_equal(f, BILAN_REPORT_HTML);
	assert_int_equal(bilan_report_format_for_path(&f, "out.json"), 0);
	assert_int_equal(f, BILAN_REPORT_JSON);
	assert_int_equal(bilan_report_format_for_path(&f, "notes.d/rapport"), -1);
	assert_int_equal(bilan_report_format_for_path(&f, ".md"), -1);
	char b[32];
	assert_string_equal(bilan_report_percent(b, 625), "62,5\u00a0%");
	assert_string_equal(bilan_report_percent(b, 1000), "100\u00a0%");
	assert_string_equal(bilan_report_percent(b, -1), "–");
}

static void test_markdown_suivi(void **state)
{
	(void)state;
	size_t problems = 9;
	char *md = render(BILAN_REPORT_SUIVI, BILAN_REPORT_MD, false, false, 0, &problems);
	assert_int_equal(problems, 0);
	assert_non_null(strstr(md, "# Suivi du bilan de compétences"));
	assert_non_null(strstr(md, "Camille Martin"));
	assert_non_null(strstr(md, "## Temps consacré"));
	assert_non_null(strstr(md, "## Questionnaires"));
	assert_non_null(strstr(md, "Intérêts professionnels (RIASEC)"));
	assert_non_null(strstr(md, "Profil\xc2\xa0" ": **S"));
	assert_non_null(strstr(md, "## Pistes professionnelles"));
	assert_non_null(strstr(md, "Pourquoi validée\xc2\xa0" ":** L'enquête confirme"));
	assert_non_null(strstr(md, "Pourquoi écartée\xc2\xa0" ":** Pas de débouchés"));
	assert_non_null(strstr(md, "`M1805`"));
	assert_non_null(strstr(md, "## Enquêtes métier"));
	assert_non_null(strstr(md, "Le travail en équipe"));
	assert_non_null(strstr(md, "## Recherches par fiche métier"));
	assert_non_null(strstr(md, "Comment financer une formation\xe2\x80\xaf" "?"));
	assert_non_null(strstr(md, "Peur de l'échec"));
	assert_non_null(strstr(md, "en retard"));
	assert_non_null(strstr(md, "## Journal de bord"));
	/* journal headings go below the report's */
	assert_non_null(strstr(md, "#### Débuts"));
	/* privacy: left out, and said */
	assert_null(strstr(md, "Note intime"));
	assert_null(strstr(md, "Jean Dupont"));
	assert_null(strstr(md, "06 12 34"));
	assert_non_null(strstr(md, "1 entrée privée du journal"));
	assert_non_null(strstr(md, "coordonnées de 1 personne"));
	/* untrusted text: escaped, no raw HTML, no escape character, no script link */
	assert_null(strstr(md, "<script>alert(1)"));
	assert_non_null(strstr(md, "\\<script\\>"));
	assert_null(strchr(md, '\033'));
	assert_non_null(strstr(md, "\\x1b"));
	assert_null(strstr(md, "javascript:"));
	assert_null(strstr(md, "![img]"));
	free(md);

	md = render(BILAN_REPORT_SUIVI, BILAN_REPORT_MD, true, false, 0, NULL);
	assert_non_null(strstr(md, "Note intime secrète"));
	assert_non_null(strstr(md, "Jean Dupont"));
	assert_non_null(strstr(md, "Document privé"));
	free(md);
}

static void test_html(void **state)
{
	(void)state;
	char *h = render(BILAN_REPORT_SUIVI, BILAN_REPORT_HTML, false, false, 0, NULL);
	assert_non_null(strstr(h, "<!DOCTYPE html>"));
	assert_non_null(strstr(h, "Content-Security-Policy"));
	assert_non_null(strstr(h, "default-src 'none'"));
	assert_non_null(strstr(h, "name=\"viewport\""));
	assert_non_null(strstr(h, "@media print"));
	/* charts: weeks, the RIASEC hexagon */
	assert_non_null(strstr(h, "class=\"chart weeks\""));
	assert_non_null(strstr(h, "class=\"chart radar\""));
	assert_non_null(strstr(h, "<svg"));
	/* no script, no handler, no fetch */
	assert_null(strstr(h, "<script"));
	assert_null(strstr(h, "<img"));
	assert_null(strstr(h, "onerror="));
	assert_null(strstr(h, "javascript:"));
	assert_null(strstr(h, "src="));
	assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(h, "<!-- raw HTML omitted -->"));
	assert_non_null(strstr(h, "href=\"https://example.org/x.png\""));
	assert_null(strchr(h, '\033'));
	assert_null(strstr(h, "Note intime"));
	assert_null(strstr(h, "Jean Dupont"));
	/* every opened section is closed */
	size_t open = 0, close = 0;
	for (const char *p = h; (p = strstr(p, "<section")); p++)
		open++;
	for (const char *p = h; (p = strstr(p, "</section>")); p++)
		close++;
	assert_int_equal(open, close);
	assert_true(open >= 8);
	free(h);
}

static void test_json(void **state)
{
	(void)state;
	char *s = render(BILAN_REPORT_SUIVI, BILAN_REPORT_JSON, false, false, 0, NULL);
	json_error_t je;
	json_t *o = json_loads(s, 0, &je);
	if (!o)
		fail_msg("json: %s at %d", je.text, je.line);
	assert_int_equal(json_integer_value(json_object_get(o, "format")), BILAN_REPORT_JSON_FORMAT);
	assert_string_equal(json_string_value(json_object_get(o, "report")), "suivi");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "omitted"),
							    "private_entries")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "omitted"),
							    "contacts")), 1);
	json_t *time = json_object_get(o, "time");
	/* every entry counts for time, private ones included: 1h30+30+45+2h */
	assert_int_equal(json_integer_value(json_object_get(time, "minutes")), 285);
	assert_int_equal(json_array_size(json_object_get(o, "pistes")), 2);
	assert_int_equal(json_array_size(json_object_get(o, "journal")), 6);
	assert_int_equal(json_array_size(json_object_get(o, "open_questions")), 1);
	assert_int_equal(json_array_size(json_object_get(o, "blockers")), 1);
	json_t *q = json_array_get(json_object_get(o, "questionnaires"), 0);
	assert_string_equal(json_string_value(json_object_get(q, "id")), "riasec");
	assert_true(json_is_true(json_object_get(q, "riasec")));
	json_t *e = json_array_get(json_object_get(o, "enquetes"), 0);
	assert_string_equal(json_string_value(json_object_get(e, "verdict")), "conforte");
	assert_null(json_object_get(e, "contact"));
	assert_null(strstr(s, "Jean Dupont"));
	assert_non_null(json_object_get(o, "problems"));
	json_decref(o);
	free(s);

	s = render(BILAN_REPORT_SUIVI, BILAN_REPORT_JSON, true, false, 0, NULL);
	o = json_loads(s, 0, &je);
	assert_non_null(o);
	e = json_array_get(json_object_get(o, "enquetes"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "contact"), "name")),
			    "Jean Dupont");
	assert_int_equal(json_array_size(json_object_get(o, "journal")), 7);
	json_decref(o);
	free(s);
}

static void test_since(void **state)
{
	(void)state;
	struct bilan_time t;
	assert_true(bilan_time_parse_iso(&t, "2026-11-20T00:00:00+01:00"));
	char *s = render(BILAN_REPORT_SUIVI, BILAN_REPORT_JSON, false, true, t.t, NULL);
	json_t *o = json_loads(s, 0, NULL);
	assert_non_null(o);
	/* 45min + 2h since the 20th (the private note is before) */
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "time"), "minutes")), 165);
	assert_int_equal(json_array_size(json_object_get(o, "journal")), 4);
	/* the RIASEC result of the 20th is in the window; open questions always are */
	assert_int_equal(json_array_size(json_object_get(o, "questionnaires")), 1);
	assert_int_equal(json_array_size(json_object_get(o, "open_questions")), 1);
	json_decref(o);
	free(s);
	assert_true(bilan_time_parse_iso(&t, "2026-11-21T00:00:00+01:00"));
	s = render(BILAN_REPORT_SUIVI, BILAN_REPORT_MD, false, true, t.t, NULL);
	assert_non_null(strstr(s, "Aucun questionnaire passé sur la période."));
	assert_null(strstr(s, "Mon parcours"));
	free(s);
}

static void test_seance(void **state)
{
	(void)state;
	char *s = render(BILAN_REPORT_SEANCE, BILAN_REPORT_MD, false, false, 0, NULL);
	assert_non_null(strstr(s, "# Préparation de la prochaine séance"));
	assert_non_null(strstr(s, "lundi 30/11/2026 à 14:00"));
	assert_non_null(strstr(s, "depuis la dernière séance, le 16/11/2026"));
	assert_non_null(strstr(s, "## Travail réalisé"));
	/* since the 16th: 45min + 2h, the private note of the 18th counted, not shown */
	assert_non_null(strstr(s, "**3\xc2\xa0" "h\xc2\xa0" "15** en 5 entrées (dont 1 privée)\xc2\xa0" ": 1 note, 1 réflexion"));
	assert_non_null(strstr(s, "Pistes qui ont bougé"));
	assert_non_null(strstr(s, "en exploration → **validée**"));
	assert_null(strstr(s, "Formatrice"));   /* moved on the 15th */
	assert_non_null(strstr(s, "Enquêtes métier réalisées"));
	assert_non_null(strstr(s, "Comment financer une formation\xe2\x80\xaf" "?"));
	assert_non_null(strstr(s, "Faire le test RIASEC — échéance 25/11/2026 **(en retard)**"));
	assert_non_null(strstr(s, "Lire la fiche M1805 — échéance 29/11/2026 **(cette semaine)** — pour la séance"));
	assert_null(strstr(s, "Mon parcours"));
	free(s);
}

static void test_synthese(void **state)
{
	(void)state;
	char *s = render(BILAN_REPORT_SYNTHESE, BILAN_REPORT_MD, false, false, 0, NULL);
	assert_non_null(strstr(s, "1. Circonstances du bilan"));
	assert_non_null(strstr(s, "2. Compétences et aptitudes au regard des perspectives envisagées"));
	assert_non_null(strstr(s, "3. Projet professionnel retenu et alternatives"));
	assert_non_null(strstr(s, "4. Appuis et freins"));
	assert_non_null(strstr(s, "5. Projet de formation et financement"));
	assert_non_null(strstr(s, "6. Étapes après le bilan"));
	assert_non_null(strstr(s, "7. Observations de "));
	assert_non_null(strstr(s, "rédigé par "));
	assert_non_null(strstr(s, " le commente avant sa remise"));
	/* retained piste with its evidence, discarded with its reason */
	char *ret = strstr(s, "### Projet retenu");
	char *alt = strstr(s, "### Alternatives");
	char *disc = strstr(s, "### Pistes écartées");
	assert_non_null(ret);
	assert_non_null(alt);
	assert_non_null(disc);
	char *dev = strstr(s, "#### Développeuse web");
	assert_true(dev > ret && dev < alt);
	assert_non_null(strstr(dev, "conforte"));
	char *form = strstr(s, "#### Formatrice");
	assert_true(form > disc);
	assert_non_null(strstr(form, "Pas de débouchés"));
	/* research notes beside their piste, #formation entries in part 5 */
	char *p4 = strstr(s, "4. Appuis et freins");
	char *p5 = strstr(s, "5. Projet de formation");
	char *p6 = strstr(s, "6. Étapes après le bilan");
	char *note = strstr(dev, "Recherches documentaires");
	assert_true(note && note < disc);
	assert_non_null(strstr(p5, "Fiche M1805"));
	/* steps after the bilan: never the inter-session to-dos */
	char *todo = strstr(p6, "Lire la fiche M1805");
	assert_true(todo == NULL);
	assert_non_null(strstr(p6, "entretien de suivi"));
	assert_non_null(strstr(p6, "bilan todo list"));
	/* in words before numbers: no score in part 2 */
	char *p2 = strstr(s, "## 2. ");
	for (char *q = p2; q && q < strstr(s, "## 3. "); q++)
		assert_false(q[0] == ' ' && q[1] == '%');
	assert_non_null(strstr(p2, "Intérêts professionnels (RIASEC)"));
	assert_true(p4 != NULL && p4 < p5);
	assert_null(strstr(s, "Note intime"));
	free(s);
}

/* Guide questions left unanswered are left out; a title that is the
 * text's first line is not repeated. */
/* The decision view is built once (bilan_report_decision) for the layout
 * and for JSON: the pistes in play only, each with its evidence and the
 * enquêtes that say something of it; both outputs show the same. */
static void test_decision(void **state)
{
	(void)state;
	struct bilan_ws *ws = open_ws();
	struct bilan_report_opts o = BILAN_REPORT_OPTS_INIT;
	o.kind = BILAN_REPORT_DECISION;
	o.now = now;
	struct bilan_report *r = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_report_build(&r, ws, &o, &err) < 0)
		fail_msg("build: %s", err.message);
	struct bilan_report_decision d;
	bilan_report_decision(&d, r);
	assert_int_equal(d.npistes, 1);   /* formatrice is ecartee */
	assert_string_equal(d.pistes[0].rp->p->rec.name, "developpeuse-web");
	assert_true(d.pistes[0].evidence);
	assert_int_equal(d.pistes[0].nenquetes, 1);
	assert_string_equal(d.pistes[0].enquetes[0]->confirmed, "Le travail en équipe");
	assert_string_equal(d.pistes[0].enquetes[0]->attention, "Salaire de départ");
	bilan_report_decision_clear(&d);
	assert_null(d.pistes);
	bilan_report_free(r);
	bilan_ws_free(ws);

	char *md = render(BILAN_REPORT_DECISION, BILAN_REPORT_MD, false, false, 0, NULL);
	assert_non_null(strstr(md, "Développeuse web"));
	assert_non_null(strstr(md, "Le travail en équipe"));
	assert_non_null(strstr(md, "Salaire de départ"));
	assert_null(strstr(md, "Formatrice"));
	free(md);
	/* JSON gives it in the synthèse's "decision" */
	char *js = render(BILAN_REPORT_SYNTHESE, BILAN_REPORT_JSON, false, false, 0, NULL);
	const char *dj = strstr(js, "\"decision\": {");
	assert_non_null(dj);
	assert_non_null(strstr(dj, "\"slug\": \"developpeuse-web\""));
	assert_null(strstr(dj, "\"slug\": \"formatrice\""));
	assert_non_null(strstr(dj, "\"text\": \"Le travail en équipe\""));
	assert_non_null(strstr(dj, "\"text\": \"Salaire de départ\""));
	free(js);
}

static void test_answered(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} c[] = {
		{ "## Q1\nRéponse\n## Q2\n\n## Q3\nAutre", "## Q1\nRéponse\n\n## Q3\nAutre" },
		{ "## Q1\n\n## Q2\n", "" },
		{ "Texte libre\n### Vide\n", "Texte libre" },
		{ "# Partie\n## Q vide\n## Q\nOui", "# Partie\n## Q\nOui" },
		{ "# Partie\n## Q vide\n# Autre\nx", "# Autre\nx" },
		{ "```\n# pas un titre\n```", "```\n# pas un titre\n```" },
		{ "#sens n'est pas un titre", "#sens n'est pas un titre" },
		{ "", "" },
		/* no line opens with '#' (the quick path): only blank lines
		 * squeezed, as when a line does ("#x" is no heading) */
		{ "\n\nUn\n\n\n\nDeux #x\n  \n\n", "Un\n\nDeux #x" },
		{ "\n\nUn\n\n\n\n#x\n  \n\n", "Un\n\n#x" },
		{ "Un   \n\n", "Un" },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *got = bilan_report_answered(c[i].in);
		if (strcmp(got, c[i].want) != 0)
			fail_msg("'%s': got '%s', want '%s'", c[i].in, got, c[i].want);
		free(got);
	}
	struct bilan_entry *e = bilan_entry_new();
	e->title = strdup("Premier jet");
	free(e->body);
	e->body = strdup("Premier jet\nLa suite.");
	char *t = bilan_report_body_text(e);
	assert_string_equal(t, "La suite.");
	free(t);
	free(e->body);
	e->body = strdup("Autre chose\n## Q\n");
	t = bilan_report_body_text(e);
	assert_string_equal(t, "Autre chose");
	free(t);
	bilan_entry_free(e);
}

/* The report's dates, written by hand since issue 24 (snprintf's "%02d"
 * and "%04d" were a quarter of a report's layout): the same text, and
 * snprintf's own for a year before 0. */
static void test_report_dates(void **state)
{
	(void)state;
	char *tz = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	setenv("TZ", "UTC", 1);
	tzset();
	char buf[32];
	struct bilan_time t = { 1796379300, 0, true };   /* 2026-12-04 10:15 UTC */
	assert_string_equal(bilan_report_day(buf, &t), "04/12/2026");
	assert_string_equal(bilan_report_when(buf, &t), "04/12/2026 10:15");
	t.has_time = false;
	assert_string_equal(bilan_report_when(buf, &t), "04/12/2026");
	t = (struct bilan_time){ 0, 0, true };
	assert_string_equal(bilan_report_when(buf, &t), "01/01/1970 00:00");
	t.t = 253402300799;                              /* 9999-12-31 23:59:59 */
	assert_string_equal(bilan_report_when(buf, &t), "31/12/9999 23:59");
	t.t += 86400;                                    /* 10000: the year cut to 4 digits */
	assert_string_equal(bilan_report_day(buf, &t), "01/01/0000");
	t.t = -62198755200;                              /* -0001-01-01: snprintf's way */
	struct tm tm;
	bilan_time_local(&t, &tm);
	char want[64];
	snprintf(want, sizeof want, "%02d/%02d/%04d %02d:%02d", tm.tm_mday % 100,
		 (tm.tm_mon + 1) % 100, (tm.tm_year + 1900) % 10000, tm.tm_hour % 100,
		 tm.tm_min % 100);
	assert_true(tm.tm_year + 1900 < 0);
	assert_string_equal(bilan_report_when(buf, &t), want);
	if (tz)
		setenv("TZ", tz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(tz);
}

static void test_broken_file(void **state)
{
	(void)state;
	put("journal/2026/11/20261126T120000Z-zzzz.yaml", "id: [unclosed\n");
	put("pistes/cassee.yaml", "title: Cassée\nstatus: nimporte\n");
	size_t problems = 0;
	char *s = render(BILAN_REPORT_SUIVI, BILAN_REPORT_MD, false, false, 0, &problems);
	assert_int_equal(problems, 2);
	char *top = strstr(s, "n'ont pas pu être lus");
	assert_non_null(top);
	assert_true(top < strstr(s, "## Temps consacré"));
	assert_non_null(strstr(s, "journal/2026/11/20261126T120000Z-zzzz.yaml:"));
	assert_non_null(strstr(s, "pistes/cassee.yaml:2:"));
	/* the rest still renders */
	assert_non_null(strstr(s, "Développeuse web"));
	assert_non_null(strstr(s, "Mon parcours"));
	free(s);
	char *j = render(BILAN_REPORT_SUIVI, BILAN_REPORT_JSON, false, false, 0, NULL);
	json_t *o = json_loads(j, 0, NULL);
	assert_int_equal(json_array_size(json_object_get(o, "problems")), 2);
	json_decref(o);
	free(j);
	char path[256];
	snprintf(path, sizeof(path), "%s/journal/2026/11/20261126T120000Z-zzzz.yaml", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/pistes/cassee.yaml", dir);
	unlink(path);
}

/* ------------------------------------------------------------------ */
/* remind                                                              */

static struct bilan_remind *remind_at(int64_t when)
{
	struct bilan_ws *ws = open_ws();
	struct bilan_remind_opts o = BILAN_REMIND_OPTS_INIT;
	o.now = when;
	struct bilan_remind *r = NULL;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_remind_collect(&r, ws, &o, &err) < 0)
		fail_msg("remind: %s", err.message);
	bilan_ws_free(ws);
	return r;
}

static void test_remind(void **state)
{
	(void)state;
	struct bilan_remind *r = remind_at(now);
	assert_true(r->attention);
	assert_true(r->running);
	assert_int_equal(r->goal, 120);
	/* week of the 23rd: 45min + 2h (no entry on the 27th yet) */
	assert_int_equal(r->week_minutes, 165);
	/* week of the 16th: the private note */
	assert_int_equal(r->last_week_minutes, 30);
	assert_true(r->last_week_short);
	assert_true(r->has_last_entry);
	assert_int_equal(r->days_since_entry, 1);
	assert_false(r->quiet);
	assert_int_equal(r->noverdue, 1);
	assert_string_equal(r->overdue[0]->text, "Faire le test RIASEC");
	assert_int_equal(r->ndue_week, 1);
	assert_int_equal(r->nquestions, 1);
	assert_int_equal(r->nblockers, 1);
	assert_true(r->next_soon);
	assert_int_equal(r->next_days, 3);
	assert_int_equal(r->nprepare, 2);
	assert_int_equal(r->appraisal, BILAN_APPRAISAL_NONE);
	assert_int_equal(r->problems.n, 0);
	bilan_remind_free(r);
}

static void test_remind_appraisal(void **state)
{
	(void)state;
	struct bilan_time t;
	/* a week after the end (29 January 2027) */
	assert_true(bilan_time_parse_iso(&t, "2027-02-05T09:00:00+01:00"));
	struct bilan_remind *r = remind_at(t.t);
	assert_false(r->running == false && r->appraisal == BILAN_APPRAISAL_NONE);
	assert_int_equal(r->appraisal, BILAN_APPRAISAL_END);
	assert_true(r->attention);
	bilan_remind_free(r);
	/* six months later, then a year later: nothing any more */
	assert_true(bilan_time_parse_iso(&t, "2027-08-02T09:00:00+02:00"));
	r = remind_at(t.t);
	assert_int_equal(r->appraisal, BILAN_APPRAISAL_SIX_MONTHS);
	bilan_remind_free(r);
	assert_true(bilan_time_parse_iso(&t, "2028-02-02T09:00:00+01:00"));
	r = remind_at(t.t);
	assert_int_equal(r->appraisal, BILAN_APPRAISAL_NONE);
	bilan_remind_free(r);

	assert_true(bilan_time_parse_iso(&t, "2027-01-31T00:00:00+01:00"));
	struct bilan_time six;
	assert_true(bilan_time_parse_iso(&six, "2027-07-31T00:00:00+02:00"));
	assert_int_equal(bilan_remind_six_months(t.t), six.t);
	assert_true(bilan_time_parse_iso(&t, "2026-08-31T00:00:00+02:00"));
	assert_true(bilan_time_parse_iso(&six, "2027-02-28T00:00:00+01:00"));
	assert_int_equal(bilan_remind_six_months(t.t), six.t);
}

/* Nothing due: no attention.  And nothing written, the journal's cache
 * included. */
static void test_remind_quiet_and_read_only(void **state)
{
	(void)state;
	char saved[64];
	snprintf(saved, sizeof(saved), "%.50s.quiet", dir);
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/.git' && cp '%s/bilan.yaml' '%s/' && "
		 "cp -r '%s/journal' '%s/private' '%s/'", saved, dir, saved, dir, dir, saved);
	assert_int_equal(system(cmd), 0);
	char keep[64];
	memcpy(keep, dir, sizeof(keep));
	snprintf(dir, sizeof(dir), "%s", saved);
	/* only reflections, all in the past, and the weekly goal met */
	snprintf(cmd, sizeof(cmd), "cd '%s/journal/2026/11' && rm -f *bbbb* *ffff* *gggg*", dir);
	assert_int_equal(system(cmd), 0);
	put("bilan.yaml", "format: 3\nbeneficiary:\n  name: Camille\nstart: 2026-11-02\n"
	    "weekly_goal: 30min\n");
	struct bilan_remind *r = remind_at(now);
	assert_false(r->attention);
	assert_int_equal(r->week_minutes, 165);
	bilan_remind_free(r);
	/* no cache file appeared */
	snprintf(cmd, sizeof(cmd), "test -z \"$(find '%s/.git' -type f)\"", dir);
	assert_int_equal(system(cmd), 0);
	/* a broken entry is reported, never fatal */
	put("journal/2026/11/20261126T120000Z-zzzz.yaml", "title: [\n");
	r = remind_at(now);
	assert_true(r->attention);
	assert_int_equal(r->problems.n, 1);
	assert_non_null(strstr(r->problems.v[0].file, "journal/2026/11/20261126T120000Z-zzzz.yaml"));
	assert_int_equal(r->problems.v[0].file[0], 'j');
	bilan_remind_free(r);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	memcpy(dir, keep, sizeof(keep));
}

/* A plain body is copied, not re-rendered by cmark (issue 24): on random
 * bodies, near plain and not, whenever bilan_report_md_plain takes one,
 * its bytes are cmark's (bilan_report_md_body_cmark); both sides taken. */
static const char *const body_pieces[] = {
	"mot", "Relu", "séance", "É", "œ", "ç", "à", "2026", "1", " ", " ", " ", "  ", "\n", "\n",
	"\n\n", "\n\n\n", ",", ".", ":", ";", "?", "'", "\"", "(", ")", "/", "%", "-", "+", "=", "@",
	"$", "**", "*", "***", "**gras**", " **gras**", "**gras** ", " **deux mots**", "**é**",
	"!", "#", "#sens", "# Titre", "&", "&amp;", "<b>", "<", ">", "[x](y)", "[", "]", "`c`",
	"_x_", "_", "~", "\\", "\t", "\r", "«", "»", "\xc2\xa0", "\xe2\x80\xaf", "’", "…",
	"—", "–", "“", "”", "°", "€", "×", "÷", "1.", "2)", "- ", "+ ", "> ", "    ", "===", "---",
	"\xc3", "\xe2\x80", "{", "^", "|",
};

static void random_body(struct bilan_buf *b, unsigned *seed)
{
	size_t np = sizeof body_pieces / sizeof *body_pieces;
	unsigned count = 1 + (unsigned)rand_r(seed) % 30;
	unsigned odd = 2 + (unsigned)rand_r(seed) % 60;   /* one random piece in odd */
	bool line_start = true;
	for (unsigned k = 0; k < count; k++) {
		if ((unsigned)rand_r(seed) % odd == 0) {
			bilan_buf_puts(b, body_pieces[(size_t)rand_r(seed) % np]);
			line_start = false;
			continue;
		}
		/* prose: words, a space between them, lines and paragraphs */
		static const char *const w[] = { "Relu", "mes", "notes", "et", "**préparé**", "la",
						 "séance.", "Questions", ":", "financement,", "durée",
						 "?", "Œuvre", "l’été", "«\xc2\xa0oui\xc2\xa0»", "**deux mots**",
						 "10", "12.", "(voir)", "a/b", "50 %", "—", "\n", "\n", "\n\n" };
		const char *word = w[(size_t)rand_r(seed) % (sizeof w / sizeof *w)];
		if (*word == '\n') {
			bilan_buf_puts(b, word);
			line_start = true;
			continue;
		}
		if (!line_start)
			bilan_buf_putc(b, ' ');
		bilan_buf_puts(b, word);
		line_start = false;
	}
}

static void test_md_plain_body(void **state)
{
	(void)state;
	unsigned seed = 24;   /* fixed: the same bodies on every run */
	int taken = 0, left = 0;
	for (int round = 0; round < 6000; round++) {
		struct bilan_buf body = BILAN_BUF_INIT, a = BILAN_BUF_INIT, b = BILAN_BUF_INIT;
		random_body(&body, &seed);
		bilan_buf_puts(&a, "x");
		if (bilan_report_md_plain(&a, bilan_buf_cstr(&body))) {
			taken++;
			bilan_buf_puts(&b, "x");
			bilan_report_md_body_cmark(&b, bilan_buf_cstr(&body));
			if (strcmp(bilan_buf_cstr(&a), bilan_buf_cstr(&b)))
				fail_msg("plain copy differs from cmark for [%s]: [%s] / [%s]",
					 bilan_buf_cstr(&body), bilan_buf_cstr(&a), bilan_buf_cstr(&b));
		} else {
			left++;
			assert_string_equal(bilan_buf_cstr(&a), "x");   /* nothing written */
		}
		bilan_buf_clear(&body);
		bilan_buf_clear(&a);
		bilan_buf_clear(&b);
	}
	print_message("plain bodies: %d taken, %d through cmark\n", taken, left);
	assert_true(taken > 500);
	assert_true(left > 500);
	/* the bench's body is plain; syntax is not */
	struct bilan_buf o = BILAN_BUF_INIT;
	assert_true(bilan_report_md_plain(&o, "Relu mes notes et **préparé** la séance.\n"
					     "Questions à creuser : financement.\n"));
	assert_string_equal(bilan_buf_cstr(&o), "Relu mes notes et **préparé** la séance.\n"
						"Questions à creuser : financement.\n\n");
	bilan_buf_reset(&o);
	assert_false(bilan_report_md_plain(&o, "Voir [ici](javascript:x)\n"));
	assert_false(bilan_report_md_plain(&o, "# Titre\n"));
	assert_false(bilan_report_md_plain(&o, "a **b**c\n"));
	assert_false(bilan_report_md_plain(&o, "\n\n"));
	assert_int_equal(o.len, 0);
	bilan_buf_clear(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_markdown_suivi),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_since),
		cmocka_unit_test(test_seance),
		cmocka_unit_test(test_synthese),
		cmocka_unit_test(test_decision),
		cmocka_unit_test(test_answered),
		cmocka_unit_test(test_md_plain_body),
		cmocka_unit_test(test_report_dates),
		cmocka_unit_test(test_broken_file),
		cmocka_unit_test(test_remind),
		cmocka_unit_test(test_remind_appraisal),
		cmocka_unit_test(test_remind_quiet_and_read_only),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
