/* floor.c - the floor of 'bilan journal list': a plain C program that opens,
 * reads and parses every entry file of a workspace's journal/ (and
 * private/journal/) with libyaml's event parser, and nothing else.
 *
 * usage: floor WORKSPACE   (prints the number of files and of events)
 * Built by bench/journal.sh with the same optimisation as bilan (-O2). */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

static unsigned long files, events;

static void parse(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return;
	}
	unsigned char *buf = malloc((size_t)st.st_size + 1);
	ssize_t n = read(fd, buf, (size_t)st.st_size);
	close(fd);
	if (n < 0) {
		free(buf);
		return;
	}
	yaml_parser_t p;
	yaml_event_t ev;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, buf, (size_t)n);
	for (;;) {
		if (!yaml_parser_parse(&p, &ev))
			break;
		events++;
		int done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (done)
			break;
	}
	yaml_parser_delete(&p);
	free(buf);
	files++;
}

static void walk(int dirfd)
{
	DIR *d = fdopendir(dirfd);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		size_t l = strlen(e->d_name);
		if (e->d_type == DT_DIR) {
			int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (sub >= 0)
				walk(sub);
		} else if (l > 5 && !strcmp(e->d_name + l - 5, ".yaml")) {
			parse(dirfd, e->d_name);
		}
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: floor WORKSPACE\n");
		return 2;
	}
	static const char *const tops[] = { "journal", "private/journal" };
	for (size_t i = 0; i < 2; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", argv[1], tops[i]);
		int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0)
			walk(fd);
	}
	printf("%lu files, %lu events\n", files, events);
	return 0;
}
