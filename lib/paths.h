/* paths.h - where the files shipped with bilan are: data, schemas, the ROME
 * index, the translations.
 *
 * Found from the running executable, never from a path of the build
 * machine (an installed binary holds none, and two builds of one commit in
 * different folders install the same bytes):
 *  1. running from a build tree: the folder of the executable holds
 *     BILAN_UNINSTALLED_MARKER, written by meson, naming the source and the
 *     build tree; data and schemas come from the source tree, the ROME index
 *     and the catalogue from the build tree.  Only a binary in that build
 *     tree reads it (whoever can write beside the executable can replace it).
 *  2. installed: the data directory relative to the executable's folder
 *     (BILAN_REL_DATADIR, "../share/bilan" for bin/bilan), so a tree moved
 *     elsewhere or installed with --destdir finds its own files;
 *  3. else the installed paths of the configured prefix (BILAN_DATADIR,
 *     BILAN_LOCALEDIR).
 * The environment variables that override each (BILAN_DATA_DIR, ...) are
 * read by the callers (workspace.h, rome.h, i18n.h). */
#ifndef BILAN_PATHS_H
#define BILAN_PATHS_H

#define BILAN_UNINSTALLED_MARKER "bilan-uninstalled.txt"

enum bilan_shipped {
	BILAN_SHIPPED_DATA,		/* questionnaires, guides, ROME sources */
	BILAN_SHIPPED_SCHEMAS,		/* schemas/<kind>.schema.yaml */
	BILAN_SHIPPED_ROME_INDEX,	/* the ROME index file itself */
	BILAN_SHIPPED_LOCALE,		/* the folder bindtextdomain takes */
};

/* The path of what (a folder, or the index file), whether it exists or not
 * (errors then name it).  Never NULL; caller frees. */
char *bilan_shipped_path(enum bilan_shipped what);

#endif
