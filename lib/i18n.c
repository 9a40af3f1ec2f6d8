/* i18n.c - text domain binding (see i18n.h). */
#include "config.h"
#include "i18n.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int dir_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

void bilan_i18n_init(void)
{
	setlocale(LC_ALL, "");
	const char *dir = getenv("BILAN_LOCALEDIR");
	if (!dir || !*dir) {
		/* Running from the build tree: the catalogue compiled there wins
		 * over an older installed one. */
		static const char build_dir[] = BILAN_BUILD_DIR "/po/locale";
		dir = dir_exists(build_dir) ? build_dir : BILAN_LOCALEDIR;
	}
	bindtextdomain(BILAN_TEXTDOMAIN, dir);
	bind_textdomain_codeset(BILAN_TEXTDOMAIN, "UTF-8");
}

int bilan_i18n_is_french(void)
{
	const char *l = setlocale(LC_MESSAGES, NULL);
	return l && strncmp(l, "fr", 2) == 0;
}
