/* i18n.h - gettext for the library and the command layer.
 * Messages are English msgids translated in po/fr/<area>.po (text domain "bilan"). */
#ifndef BILAN_I18N_H
#define BILAN_I18N_H

#include <libintl.h>

#define BILAN_TEXTDOMAIN "bilan"
#define _(s) dgettext(BILAN_TEXTDOMAIN, s)
#define N_(s) (s)
/* plural: P_("%d entry", "%d entries", n) */
#define P_(s, p, n) dngettext(BILAN_TEXTDOMAIN, s, p, n)

/* Bind the text domain to the locale directory ($BILAN_LOCALEDIR, else the
 * one found from the running executable: paths.h) and honour LANG/LC_ALL.
 * Called by main. */
void bilan_i18n_init(void);

/* true when bilan speaks French: the catalogue in use is the French one
 * (the messages locale is French, or LANGUAGE chose it). */
int bilan_i18n_is_french(void);

#endif
