/* paths.c - where the files shipped with bilan are (see paths.h). */
#include "config.h"
#include "paths.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

enum where_kind { WHERE_UNKNOWN, WHERE_BUILD_TREE, WHERE_RELATIVE, WHERE_PREFIX };

static struct {
	enum where_kind kind;
	char exe_dir[PATH_MAX];		/* WHERE_RELATIVE */
	char source[PATH_MAX];		/* WHERE_BUILD_TREE */
	char build[PATH_MAX];
} where;

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Copy the value of "key VALUE" into out when line starts with key. */
static bool marker_value(const char *line, const char *key, char *out, size_t size)
{
	size_t kl = strlen(key);
	if (strncmp(line, key, kl) != 0 || line[kl] != ' ')
		return false;
	const char *v = line + kl + 1;
	size_t n = strcspn(v, "\n");
	if (n == 0 || n >= size || v[0] != '/')
		return false;
	memcpy(out, v, n);
	out[n] = '\0';
	return true;
}

/* The marker meson writes beside the executables of a build tree. */
static bool read_marker(const char *exe_dir)
{
	char path[PATH_MAX], line[PATH_MAX + 16];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", exe_dir, BILAN_UNINSTALLED_MARKER) >= sizeof(path))
		return false;
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	bool src = false, bld = false;
	while (fgets(line, sizeof(line), f)) {
		src = marker_value(line, "source", where.source, sizeof(where.source)) || src;
		bld = marker_value(line, "build", where.build, sizeof(where.build)) || bld;
	}
	fclose(f);
	return src && bld;
}

static void find_where(void)
{
	if (where.kind != WHERE_UNKNOWN)
		return;
	where.kind = WHERE_PREFIX;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	if (read_marker(exe)) {
		where.kind = WHERE_BUILD_TREE;
		return;
	}
	char data[PATH_MAX];
	if (BILAN_REL_DATADIR[0] != '\0' &&
	    (size_t)snprintf(data, sizeof(data), "%s/%s", exe, BILAN_REL_DATADIR) < sizeof(data) &&
	    is_dir(data)) {
		memcpy(where.exe_dir, exe, (size_t)(slash - exe) + 1);
		where.kind = WHERE_RELATIVE;
	}
}

char *bilan_shipped_path(enum bilan_shipped what)
{
	find_where();
	switch (where.kind) {
	case WHERE_BUILD_TREE:
		switch (what) {
		case BILAN_SHIPPED_DATA:
			return bilan_xasprintf("%s/data", where.source);
		case BILAN_SHIPPED_SCHEMAS:
			return bilan_xasprintf("%s/schemas", where.source);
		case BILAN_SHIPPED_ROME_INDEX:
			return bilan_xasprintf("%s/tools/rome.idx", where.build);
		case BILAN_SHIPPED_LOCALE:
			return bilan_xasprintf("%s/po", where.build);
		}
		break;
	case WHERE_RELATIVE:
		switch (what) {
		case BILAN_SHIPPED_DATA:
			return bilan_xasprintf("%s/%s", where.exe_dir, BILAN_REL_DATADIR);
		case BILAN_SHIPPED_SCHEMAS:
			return bilan_xasprintf("%s/%s/schemas", where.exe_dir, BILAN_REL_DATADIR);
		case BILAN_SHIPPED_ROME_INDEX:
			return bilan_xasprintf("%s/%s/rome/rome.idx", where.exe_dir, BILAN_REL_DATADIR);
		case BILAN_SHIPPED_LOCALE:
			return bilan_xasprintf("%s/%s", where.exe_dir, BILAN_REL_LOCALEDIR);
		}
		break;
	case WHERE_UNKNOWN:
	case WHERE_PREFIX:
		break;
	}
	switch (what) {
	case BILAN_SHIPPED_SCHEMAS:
		return bilan_xstrdup(BILAN_DATADIR "/schemas");
	case BILAN_SHIPPED_ROME_INDEX:
		return bilan_xstrdup(BILAN_DATADIR "/rome/rome.idx");
	case BILAN_SHIPPED_LOCALE:
		return bilan_xstrdup(BILAN_LOCALEDIR);
	case BILAN_SHIPPED_DATA:
		break;
	}
	return bilan_xstrdup(BILAN_DATADIR);
}
