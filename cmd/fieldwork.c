/* fieldwork.c - helpers of the field-work commands (see fieldwork.h). */
#include "fieldwork.h"
#include "labels.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs.h"
#include "id.h"
#include "piste.h"
#include "seance.h"
#include "todo.h"

#define FW_MAX_TEXT (1024u * 1024u)

void fw_print_diags(struct bilan_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		struct bilan_diag w = d->v[i];
		w.severity = BILAN_SEV_WARNING;
		print_diag(&w);
	}
	bilan_diags_clear(d);
}

int fw_list_end(struct bilan_diags *d, int rc)
{
	fflush(stdout);
	size_t errors = bilan_diags_count(d, BILAN_SEV_ERROR);
	for (size_t i = 0; i < d->n; i++)
		print_diag(&d->v[i]);
	bilan_diags_clear(d);
	if (errors) {
		print_hint(
			_("the files above could not be read and are not listed: fix them by "
			  "hand, then 'bilan check' and 'bilan save'"));
		if (rc == EXIT_DONE)
			rc = EXIT_FAILED;
	}
	return rc;
}

const char *fw_verdict_label(enum bilan_verdict v)
{
	switch (v) {
	case BILAN_VERDICT_CONFORTE: return _("confirms");
	case BILAN_VERDICT_NUANCE: return _("qualifies");
	case BILAN_VERDICT_INFIRME: return _("does not confirm");
	}
	return "?";
}

int fw_may_work(const struct bilan_ws *ws, enum bilan_work kind, const char *what)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_ws_may_work(ws, kind, what, &err) < 0)
		return print_error(&err);
	return 0;
}

char *fw_join_args(int argc, char **argv, int from)
{
	if (from >= argc)
		return NULL;
	struct bilan_buf b = BILAN_BUF_INIT;
	for (int i = from; i < argc; i++)
		bilan_buf_printf(&b, "%s%s", i > from ? " " : "", argv[i]);
	return bilan_buf_detach(&b);
}

int fw_read_text(char **out, bool *from_editor, const struct bilan_ws *ws,
		 const char *args, const char *template, struct bilan_error *err)
{
	*out = NULL;
	if (from_editor)
		*from_editor = false;
	if (args) {
		*out = bilan_xstrdup(args);
		return 0;
	}
	struct bilan_buf b = BILAN_BUF_INIT;
	int rc;
	if (!stdin_is_tty()) {
		rc = bilan_fs_read_fd(&b, STDIN_FILENO, FW_MAX_TEXT, err);
		if (rc < 0) {
			bilan_buf_clear(&b);
			return rc;
		}
		*out = bilan_xstrdup(bilan_buf_cstr(&b));
		bilan_buf_clear(&b);
		return 0;
	}
	/* the editor, on a private file inside .git (never committed) */
	char *path = bilan_xasprintf("%s/BILAN_EDIT_%ld.md", ws->gitdir, (long)getpid());
	const char *tpl = template ? template : "";
	if ((rc = bilan_fs_write_atomic(path, tpl, strlen(tpl), 0600, err)) < 0)
		goto out;
	if ((rc = run_editor(path, err)) < 0)
		goto out;
	if ((rc = bilan_fs_read(&b, path, FW_MAX_TEXT, err)) < 0)
		goto out;
	if (from_editor)
		*from_editor = true;
	*out = bilan_xstrdup(strcmp(bilan_buf_cstr(&b), tpl) ? bilan_buf_cstr(&b) : "");
out:
	unlink(path);
	free(path);
	bilan_buf_clear(&b);
	return rc;
}

const char *fw_short_id(char *buf, const char *id, const char *const *all, size_t n)
{
	const char *dash = strrchr(id, '-');
	if (bilan_id_valid(id) && dash) {
		size_t same = 0;
		for (size_t i = 0; i < n; i++) {
			const char *d = all[i] ? strrchr(all[i], '-') : NULL;
			if (d && !strcmp(d, dash))
				same++;
		}
		if (same <= 1) {
			snprintf(buf, BILAN_ID_SIZE, "%s", dash + 1);
			return buf;
		}
	}
	size_t len = bilan_id_short_len(id, all, n);
	snprintf(buf, BILAN_ID_SIZE, "%.*s", (int)len, id);
	return buf;
}

const char *fw_when(char *buf, const struct bilan_time *t)
{
	if (t->has_time)
		lbl_date_short(buf, 32, t);
	else
		lbl_date_day(buf, 32, t);
	return buf;
}

int fw_parse_date(struct bilan_time *out, const char *typed, bool future, bool day_only)
{
	struct bilan_date_opts o = BILAN_DATE_OPTS_ANY;
	o.lean = future ? BILAN_LEAN_FUTURE : BILAN_LEAN_PAST;
	o.date_only = day_only;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_date_parse(out, typed, &o, &err) < 0)
		return print_error(&err);
	return 0;
}

/* ---- bilan status ----------------------------------------------------------- */

struct fw_state {
	struct bilan_seances seances;
	struct bilan_pistes pistes;
	struct bilan_todos todos;
	size_t by_status[BILAN_PISTE_NSTATUS];
	size_t overdue, week, open;
	int64_t now;
};

static void state_load(struct fw_state *s, const struct bilan_ws *ws)
{
	memset(s, 0, sizeof(*s));
	s->now = bilan_time_now().t;
	/* broken files are reported by the check of status itself */
	bilan_seances_load(&s->seances, ws, NULL, NULL);
	bilan_pistes_load(&s->pistes, ws, NULL, NULL);
	bilan_todos_load(&s->todos, ws, s->now, NULL, NULL);
	for (size_t i = 0; i < s->pistes.n; i++)
		s->by_status[s->pistes.v[i].status]++;
	for (size_t i = 0; i < s->todos.n; i++) {
		const struct bilan_todo *t = &s->todos.v[i];
		if (t->done)
			continue;
		s->open++;
		if (bilan_todo_overdue(t, s->now))
			s->overdue++;
		else if (bilan_todo_due_this_week(t, s->now))
			s->week++;
	}
}

static void state_free(struct fw_state *s)
{
	bilan_seances_clear(&s->seances);
	bilan_pistes_clear(&s->pistes);
	bilan_todos_clear(&s->todos);
}

static const char **todo_ids(const struct bilan_todos *l)
{
	const char **v = bilan_xcalloc(l->n + 1, sizeof(*v));
	for (size_t i = 0; i < l->n; i++)
		v[i] = l->v[i].rec.name;
	return v;
}

void fw_status_text(const struct bilan_ws *ws)
{
	struct fw_state s;
	state_load(&s, ws);
	char buf[32], used[16];
	int attended = bilan_seances_attended(&s.seances);

	if (s.seances.n || s.pistes.n || s.open || ws->cfg.has_retention || bilan_ws_closed(ws))
		printf("\n");
	if (s.seances.n || attended) {
		bilan_duration_human(used, sizeof(used), attended, bilan_i18n_is_french());
		printf(_("Séances: %s used of the 24h maximum"), attended ? used : "0h");
		if (attended > BILAN_SEANCE_MAX_MINUTES)
			printf(" %s(%s)%s", col(stdout, C_RED), _("over the legal maximum"),
			       col(stdout, C_RESET));
		else if (attended >= BILAN_SEANCE_WARN_MINUTES)
			printf(" %s(%s)%s", col(stdout, C_YELLOW), _("near the legal maximum"),
			       col(stdout, C_RESET));
		const struct bilan_seance *next = bilan_seance_next_announced(&s.seances, s.now, bilan_ws_closed(ws));
		if (next) {
			printf(" · ");
			printf(_("next: %s"), fw_when(buf, &next->date));
			if (next->subject) {
				printf(" (");
				print_text(stdout, next->subject);
				printf(")");
			}
		}
		printf("\n");
	}
	if (s.pistes.n) {
		printf(P_("Pistes: %zu", "Pistes: %zu", s.pistes.n), s.pistes.n);
		const char *sep = " (";
		for (int i = 0; i < BILAN_PISTE_NSTATUS; i++) {
			if (!s.by_status[i])
				continue;
			printf("%s%zu %s", sep, s.by_status[i],
			       lbl_piste_status((enum bilan_piste_status)i));
			sep = ", ";
		}
		printf(")\n");
	}
	if (s.open) {
		printf(P_("To do: %zu open", "To do: %zu open", s.open), s.open);
		if (s.overdue) {
			printf(", %s", col(stdout, C_RED));
			printf(P_("%zu overdue", "%zu overdue", s.overdue), s.overdue);
			printf("%s", col(stdout, C_RESET));
		}
		if (s.week) {
			printf(", ");
			printf(P_("%zu due this week", "%zu due this week", s.week), s.week);
		}
		printf("\n");
		const char **ids = todo_ids(&s.todos);
		struct table *tb = table_new();
		for (size_t i = 0; i < s.todos.n; i++) {
			const struct bilan_todo *t = &s.todos.v[i];
			bool late = bilan_todo_overdue(t, s.now);
			if (!late && !bilan_todo_due_this_week(t, s.now))
				continue;
			char sid[BILAN_ID_SIZE];
			fw_short_id(sid, t->rec.name, ids, s.todos.n);
			table_row(tb);
			table_cell(tb, "");
			table_cell_sgr(tb, col(stdout, late ? C_RED : C_YELLOW),
				       late ? _("overdue") : _("this week"), col(stdout, C_RESET));
			table_cell(tb, fw_when(buf, &t->due));
			table_cell(tb, sid);
			table_cell_text(tb, t->text);
		}
		table_print(tb, stdout);
		table_free(tb);
		free(ids);
	}
	const struct bilan_config *cfg = &ws->cfg;
	if (cfg->has_retention) {
		printf(_("Documents kept until %s, with the beneficiary's written agreement"),
		       fw_when(buf, &cfg->retention_until));
		printf("\n");
	} else if (bilan_ws_closed(ws)) {
		printf("%s\n", _("No agreement to keep documents: the provider destroys them at the end of the bilan (R6313-7); your own copy is yours"));
	}
	state_free(&s);
}

void fw_status_json(const struct bilan_ws *ws, json_t *o)
{
	struct fw_state s;
	state_load(&s, ws);
	char buf[BILAN_TIME_ISO_MAX];
	const struct bilan_seance *next = bilan_seance_next_announced(&s.seances, s.now, bilan_ws_closed(ws));
	json_t *next_j = json_null();
	if (next) {
		bilan_time_format_iso(buf, &next->date);
		next_j = json_pack("{s:s, s:s, s:o}", "id", next->rec.name, "date", buf,
				   "subject", json_str_or_null(next->subject));
	}
	json_object_set_new(o, "seances", json_pack("{s:i, s:i, s:i, s:i, s:o}",
		"attended_minutes", bilan_seances_attended(&s.seances),
		"planned_minutes", bilan_seances_planned(&s.seances),
		"max_minutes", BILAN_SEANCE_MAX_MINUTES,
		"warn_minutes", BILAN_SEANCE_WARN_MINUTES,
		"next", next_j));
	json_t *by = json_object();
	for (int i = 0; i < BILAN_PISTE_NSTATUS; i++)
		json_object_set_new(by, bilan_piste_status_names[i],
				    json_integer((json_int_t)s.by_status[i]));
	json_object_set_new(o, "pistes", json_pack("{s:I, s:o}", "total",
						   (json_int_t)s.pistes.n, "by_status", by));
	json_t *over = json_array(), *week = json_array();
	for (size_t i = 0; i < s.todos.n; i++) {
		const struct bilan_todo *t = &s.todos.v[i];
		bool late = bilan_todo_overdue(t, s.now);
		if (!late && !bilan_todo_due_this_week(t, s.now))
			continue;
		bilan_time_format_iso(buf, &t->due);
		json_array_append_new(late ? over : week,
				      json_pack("{s:s, s:s, s:s, s:o}", "id", t->rec.name,
						"text", t->text, "due", buf,
						"piste", json_str_or_null(t->piste)));
	}
	json_object_set_new(o, "todo", json_pack("{s:I, s:o, s:o}", "open", (json_int_t)s.open,
						 "overdue", over, "due_this_week", week));
	json_t *ret = json_null();
	if (ws->cfg.has_retention) {
		bilan_time_format_iso(buf, &ws->cfg.retention_until);
		ret = json_pack("{s:s, s:o}", "until", buf, "agreement",
				json_str_or_null(ws->cfg.retention_agreement));
	}
	json_object_set_new(o, "closed", json_boolean(bilan_ws_closed(ws)));
	json_object_set_new(o, "retention", ret);
	state_free(&s);
}
