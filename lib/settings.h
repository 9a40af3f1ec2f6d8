/* settings.h - what lib/ takes from the process's environment, given in
 * the open.
 *
 * lib/ never reads an environment variable itself (tests/lint.sh fails on
 * a getenv in lib/): the bilan executable reads them all once, in one
 * place (cmd/env.c, listed under ENVIRONMENT in bilan(1)), and fills this
 * structure before it calls anything else; a unit test sets the fields it
 * needs.  Every field is borrowed (the caller keeps the strings alive for
 * the process) and NULL or "" means "not set": the default applies.
 */
#ifndef BILAN_SETTINGS_H
#define BILAN_SETTINGS_H

struct bilan_settings {
	const char *dir;            /* BILAN_DIR: the workspace when no -C */
	const char *data_dir;       /* BILAN_DATA_DIR: shipped data (lib/workspace.h) */
	const char *schema_dir;     /* BILAN_SCHEMA_DIR: the schemas */
	const char *rome_index;     /* BILAN_ROME_INDEX: the ROME index file */
	const char *localedir;      /* BILAN_LOCALEDIR: the message catalogues */
	const char *lock_timeout;   /* BILAN_LOCK_TIMEOUT: seconds (lib/lock.h) */
	const char *gc_auto;        /* BILAN_GC_AUTO: loose objects (lib/gc.h) */
	const char *home;           /* HOME: ~/.ssh, the purge register, rm guard */
	const char *xdg_data_home;  /* XDG_DATA_HOME: the purge register */
	const char *user;           /* USER: the ssh login when the URL has none */
	const char *ssh_auth_sock;  /* SSH_AUTH_SOCK: an ssh agent to ask first */
	const char *tz;             /* TZ as the process started (the system's zone) */
	const char *tzdir;          /* TZDIR: the zoneinfo folder */
};

/* The one instance; all NULL until the executable (or a test) fills it. */
extern struct bilan_settings bilan_settings;

#endif
