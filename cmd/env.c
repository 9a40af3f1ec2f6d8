/* env.c - the one place bilan reads its environment (bilan(1),
 * ENVIRONMENT; tests/lint.sh fails on a getenv anywhere else in lib/ or
 * cmd/, but cmd/tls-lazy.c's BILAN_EAGER_TLS, read before main).  What lib/
 * takes is given to it through bilan_settings (lib/settings.h). */
#include "common.h"
#include "settings.h"

#include <stdlib.h>

struct cmd_env cmd_env;

void cmd_env_read(void)
{
	struct bilan_settings *s = &bilan_settings;

	s->dir = getenv("BILAN_DIR");
	s->data_dir = getenv("BILAN_DATA_DIR");
	s->schema_dir = getenv("BILAN_SCHEMA_DIR");
	s->rome_index = getenv("BILAN_ROME_INDEX");
	s->localedir = getenv("BILAN_LOCALEDIR");
	s->lock_timeout = getenv("BILAN_LOCK_TIMEOUT");
	s->gc_auto = getenv("BILAN_GC_AUTO");
	s->home = getenv("HOME");
	s->xdg_data_home = getenv("XDG_DATA_HOME");
	s->user = getenv("USER");
	s->ssh_auth_sock = getenv("SSH_AUTH_SOCK");
	s->tz = getenv("TZ");
	s->tzdir = getenv("TZDIR");

	cmd_env.now = getenv("BILAN_NOW");
	cmd_env.id_seed = getenv("BILAN_ID_SEED");
	cmd_env.no_color = getenv("NO_COLOR");
	cmd_env.term = getenv("TERM");
	cmd_env.bilan_pager = getenv("BILAN_PAGER");
	cmd_env.pager = getenv("PAGER");
	cmd_env.less = getenv("LESS");
	cmd_env.visual = getenv("VISUAL");
	cmd_env.editor = getenv("EDITOR");
	cmd_env.tmpdir = getenv("TMPDIR");
	cmd_env.journal_no_cache = getenv("BILAN_JOURNAL_NO_CACHE");
	cmd_env.columns = getenv("COLUMNS");
	cmd_env.language = getenv("LANGUAGE");
	cmd_env.sync_timeout = getenv("BILAN_SYNC_TIMEOUT");
}
