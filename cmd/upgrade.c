/* upgrade.c - bilan upgrade: bring an older workspace to the current format. */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "fs.h"
#include "owner.h"
#include "questionnaire.h"
#include "record.h"
#include "seance.h"

static int run(int argc, char **argv, struct bilan_ctx *ctx);

/* One migration per format step: from format N to N+1.  Each rewrites what
 * it must through the transaction; the whole upgrade is one commit. */
typedef int (*migration_fn)(struct bilan_ws *ws, struct bilan_node *config,
			    struct bilan_error *err);

/* 0 -> 1: workspaces made before formats were numbered carry no 'format'. */
static int migrate_0_to_1(struct bilan_ws *ws, struct bilan_node *config,
			  struct bilan_error *err)
{
	(void)ws;
	(void)err;
	if (!bilan_map_get(config, "language"))
		bilan_map_set_str(config, "language", "fr");
	return 0;
}

/* 1 -> 2: the workspace's time zone decides the calendar (lib/clock.h).
 * An older workspace used the zone of each process; it gets the system's,
 * the zone its dates were most likely written in.  bilan.yaml keeps its
 * keys' order: timezone goes after language. */
/* the zone migrate_1_to_2 recorded, for the message */
static char chosen_zone[BILAN_ZONE_MAX];

static int migrate_1_to_2(struct bilan_ws *ws, struct bilan_node *config,
			  struct bilan_error *err)
{
	(void)ws;
	const struct bilan_node *had = bilan_map_get(config, "timezone");
	if (had) {
		if (had->value)
			snprintf(chosen_zone, sizeof(chosen_zone), "%s", had->value);
		return 0;
	}
	char zone[BILAN_ZONE_MAX];
	bilan_zone_system(zone);
	if (bilan_zone_use(zone, err) < 0)
		return -1;
	snprintf(chosen_zone, sizeof(chosen_zone), "%s", zone);
	struct bilan_node *fresh = bilan_node_map();
	bool placed = false;
	for (size_t i = 0; i < config->n; i++) {
		const char *key = config->pairs[i].key->value;
		bilan_map_set(fresh, key, bilan_node_clone(config->pairs[i].value));
		if (!strcmp(key, "language")) {
			bilan_map_set_str(fresh, "timezone", zone);
			placed = true;
		}
	}
	if (!placed)
		bilan_map_set_str(fresh, "timezone", zone);
	/* config becomes fresh, in place */
	while (config->n)
		bilan_map_remove(config, config->pairs[0].key->value);
	for (size_t i = 0; i < fresh->n; i++)
		bilan_map_set(config, fresh->pairs[i].key->value,
			      bilan_node_clone(fresh->pairs[i].value));
	bilan_node_free(fresh);
	return 0;
}

/* 2 -> 3: two parties (lib/owner.h).  Each party confirms attendance for
 * themselves: the beneficiary's confirmation, which format 2 kept as
 * attendance.confirmed, confirmed_at and confirmed_by, moves under
 * attendance.beneficiaire {confirmed_at, name}.  Records without
 * 'author:' stay as they are: they are the beneficiary's. */
/* ... and the appraisal's results move from tests/appreciation/ to
 * private/tests/appreciation/ (lib/questionnaire.h): format 2 published
 * them; from format 3 the assessed consultant never sees them.  A move
 * killed half-way leaves both copies, byte for byte the same: the next
 * upgrade writes the new one again and removes the old. */
static int move_appraisal(struct bilan_ws *ws, struct bilan_error *err)
{
	struct bilan_strlist files = BILAN_STRLIST_INIT;
	int rc = bilan_q_results_files(&files, ws->root, "appreciation", err);
	for (size_t i = 0; rc == 0 && i < files.n; i++) {
		if (strncmp(files.v[i], "tests/", 6))
			continue;
		struct bilan_buf b = BILAN_BUF_INIT;
		char *abs = bilan_ws_path(ws, files.v[i]);
		char *dst = bilan_xasprintf("private/%s", files.v[i]);
		rc = bilan_fs_read(&b, abs, 1u << 22, err);
		if (rc == 0)
			rc = bilan_ws_write_raw(ws, dst, b.ptr, b.len, err);
		if (rc == 0)
			rc = bilan_ws_remove(ws, files.v[i], err);
		bilan_buf_clear(&b);
		free(dst);
		free(abs);
	}
	bilan_strlist_clear(&files);
	return rc;
}

static int migrate_2_to_3(struct bilan_ws *ws, struct bilan_node *config,
			  struct bilan_error *err)
{
	(void)config;
	if (move_appraisal(ws, err) < 0)
		return -1;
	struct bilan_records recs = BILAN_RECORDS_INIT;
	struct bilan_diags diags = BILAN_DIAGS_INIT;
	int rc = bilan_records_load(&recs, ws, BILAN_SEANCE_DIR, &diags, err);
	for (size_t i = 0; rc == 0 && i < recs.n; i++) {
		/* taken as it is: an upgrade killed after it rewrote this file
		 * left it changed and not committed; this one commits it */
		if ((rc = bilan_ws_adopt(ws, recs.v[i].rel, NULL, 0, err)) < 0)
			break;
		struct bilan_node *root = recs.v[i].doc->root;
		struct bilan_node *att = bilan_map_get(root, "attendance");
		if (!att || att->type != BILAN_NODE_MAP ||
		    (!bilan_map_get(att, "confirmed") && !bilan_map_get(att, "confirmed_at") &&
		     !bilan_map_get(att, "confirmed_by")))
			continue;
		const char *at = bilan_map_str(att, "confirmed_at");
		const char *by = bilan_map_str(att, "confirmed_by");
		const char *yes = bilan_map_str(att, "confirmed");
		struct bilan_node *mine = NULL;
		if (at || (yes && !strcmp(yes, "true"))) {
			mine = bilan_node_map();
			/* a confirmation without its moment: the séance's date */
			bilan_map_set_str(mine, "confirmed_at", at ? at : bilan_map_str(root, "date"));
			if (by)
				bilan_map_set_str(mine, "name", by);
		}
		bilan_map_remove(att, "confirmed");
		bilan_map_remove(att, "confirmed_at");
		bilan_map_remove(att, "confirmed_by");
		if (mine && !bilan_map_get(att, "beneficiaire"))
			bilan_map_set(att, "beneficiaire", mine);
		else
			bilan_node_free(mine);
		rc = bilan_ws_write(ws, recs.v[i].rel, root, err);
	}
	bilan_diags_clear(&diags);
	bilan_records_clear(&recs);
	return rc;
}

static const migration_fn migrations[BILAN_FORMAT] = {
	migrate_0_to_1,
	migrate_1_to_2,
	migrate_2_to_3,
};

static const struct cmd_option run_opts[] = {
	CMD_OPT_QUIET,
	{ NULL, 0, 0, NULL, NULL, NULL },
};

const struct bilan_cmd cmd_upgrade = {
	"upgrade", run, N_("bring the workspace up to the current format"),
	N_("bilan upgrade"), CMD_NEEDS_WS,
	run_opts, NULL, NULL, NULL,
};

static int run(int argc, char **argv, struct bilan_ctx *ctx)
{
	int c;
	while ((c = cmd_opt_next(&cmd_upgrade, run_opts, argc, argv)) != -1) {
		switch (c) {
		CMD_OPT_SPECIAL_CASES;
		case 'q': cmd_quiet(); break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(&cmd_upgrade, _("too many arguments"));
	struct bilan_ws *ws = ctx->ws;
	struct bilan_error err = BILAN_ERROR_INIT;
	if (ws->cfg.format < BILAN_FORMAT && bilan_ws_party(ws) == BILAN_PARTY_CONSULTANT) {
		/* the format is the beneficiary's (lib/owner.h): an upgrade here
		 * would be refused by their sync */
		bilan_error_set(&err, BILAN_EFAIL,
				_("this copy has format %lld: the format is the beneficiary's to change"),
				ws->cfg.format);
		bilan_error_hint(&err, _("ask the beneficiary to run 'bilan upgrade' and 'bilan sync', then run 'bilan sync' here; reading works meanwhile"));
		return print_error(&err);
	}
	if (bilan_ws_begin(ws, "upgrade", &err) < 0)
		return print_error(&err);
	long long from = ws->cfg.format;
	if (from >= BILAN_FORMAT) {
		bilan_ws_rollback(ws);
		if (stdout_is_tty())
			printf(_("The workspace is already at format %d.\n"), BILAN_FORMAT);
		return EXIT_DONE;
	}
	struct bilan_node *config = bilan_node_clone(ws->doc->root);
	int rc = 0;
	for (long long f = from; f < BILAN_FORMAT && rc == 0; f++)
		rc = migrations[f](ws, config, &err);
	if (rc == 0) {
		/* format first, as bilan init writes it */
		bilan_map_remove(config, "format");
		struct bilan_node *fresh = bilan_node_map();
		bilan_map_set_int(fresh, "format", BILAN_FORMAT);
		for (size_t i = 0; i < config->n; i++)
			bilan_map_set(fresh, config->pairs[i].key->value,
				      bilan_node_clone(config->pairs[i].value));
		/* a person's comments stay, each with its key */
		bilan_map_keep_comments(fresh, ws->doc->root, true);
		rc = bilan_ws_write(ws, BILAN_CONFIG_FILE, fresh, &err);
		bilan_node_free(fresh);
	}
	bilan_node_free(config);
	char *msg = bilan_xasprintf("upgrade: format %lld to %d", from, BILAN_FORMAT);
	rc = finish_txn(ws, rc, msg, &err);
	free(msg);
	if (rc == EXIT_DONE) {
		printf(_("Upgraded the workspace from format %lld to %d.\n"), from, BILAN_FORMAT);
		if (from < 2 && *chosen_zone)
			printf(_("The workspace's time zone is %s.\n"), chosen_zone);
	}
	return rc;
}
