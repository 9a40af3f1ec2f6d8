/* i18n.c - text domain binding (see i18n.h). */
#include "config.h"
#include "settings.h"
#include "i18n.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "paths.h"

void bilan_i18n_init(void)
{
	setlocale(LC_ALL, "");
	const char *env = bilan_settings.localedir;
	/* Found like the data (paths.h): the build tree's catalogue only for
	 * a binary that runs from that build tree. */
	char *dir = env && *env ? bilan_xstrdup(env) : bilan_shipped_path(BILAN_SHIPPED_LOCALE);
	bindtextdomain(BILAN_TEXTDOMAIN, dir);
	free(dir);
	bind_textdomain_codeset(BILAN_TEXTDOMAIN, "UTF-8");
}

int bilan_i18n_is_french(void)
{
	/* the catalogue in use says it: French whether the locale chose it
	 * or LANGUAGE did (remind under cron, in the workspace's language);
	 * English when no French catalogue is found */
	const char *t = dgettext(BILAN_TEXTDOMAIN, "yyyy-mm-dd");
	return t && strcmp(t, "dd/mm/yyyy") == 0;
}
