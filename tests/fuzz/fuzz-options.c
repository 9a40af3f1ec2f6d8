/* fuzz-options.c - libFuzzer target for the option parser of the commands
 * (cmd/options.c: cmd_opt_next, the permutation of argv) and for the
 * completion's reading of a command line (complete_main).
 *
 * The input is a command line, one word a line (at most 64 words).  The
 * words are parsed against a table with every kind of option (switches,
 * values, short forms, long names that are prefixes of each other) and
 * handed to completion.  Invariants: the parse ends (-1, help or a usage
 * error); at its end optind is within argv, the words before it are the
 * options and their values, and argv holds the same words as before, in
 * another order.
 *
 * cmd/ is not a library: its two files are compiled into the target.
 * Built and run by tests/fuzz/run (libFuzzer); replayed on its corpus by
 * meson test (tests/fuzz/meson.build, replay.c).
 */
#include "../../cmd/common.c"
#include "../../cmd/env.c"
#include "../../cmd/options.c"

#include <stdint.h>

#define CHECK(c)                                                                \
	do {                                                                    \
		if (!(c)) {                                                     \
			fprintf(stderr, "invariant failed: %s (line %d)\n", #c, \
				__LINE__);                                      \
			abort();                                                \
		}                                                               \
	} while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct cmd_option fuzz_opts[] = {
	{ "answers", 'a', 'a', "LIST", "answers", NULL },
	{ "answers-file", 'f', 'f', "FILE", "file", "@file" },
	{ "all", 0, 'A', NULL, "all", NULL },
	{ "kind", 'k', 'k', "KIND", "kind", "note reflexion" },
	{ "quiet", 'q', 'q', NULL, "quiet", NULL },
	{ "json", 0, 'j', NULL, "json", NULL },
	{ "piste", 'p', 'p', "SLUG", "piste", "@piste" },
	{ "rome", 0, 'R', "CODE", "rome", "@rome" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static int fuzz_run(int argc, char **argv, struct bilan_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	return 0;
}

static const struct bilan_subcmd fuzz_subs[] = {
	{ "add", fuzz_run, "add", fuzz_opts, "@journal" },
	{ "show", fuzz_run, "show", fuzz_opts, "@todo" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const struct bilan_cmd fuzz_cmd = {
	"fuzz", fuzz_run, "fuzz", "bilan fuzz add [-k KIND] [TEXT...]\nbilan fuzz show ID", 0,
	NULL, fuzz_subs, NULL, "add",
};

static const struct bilan_cmd *const fuzz_commands[] = { &fuzz_cmd, NULL };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* the parser's messages and completion's candidates go nowhere */
	if (!freopen("/dev/null", "w", stdout))
		abort();
	color_mode = COLOR_NEVER;
	unsetenv("BILAN_DIR");
	return 0;
}

/* The parser's error messages are not the fuzzer's: stderr goes to
 * /dev/null around each call (a failed invariant still reaches stderr). */
static int null_fd = -1, saved_fd = -1;

static void quiet(bool on)
{
	fflush(stderr);
	if (on) {
		if (null_fd < 0)
			null_fd = open("/dev/null", O_WRONLY);
		saved_fd = dup(2);
		dup2(null_fd, 2);
	} else {
		dup2(saved_fd, 2);
		close(saved_fd);
	}
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(char *const *)a, y = (uintptr_t)*(char *const *)b;
	return x < y ? -1 : x > y;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';

	static char add[] = "add", complete[] = "__complete", fuzz[] = "fuzz";
	char *words[66];
	int argc = 0;
	words[argc++] = add;
	for (char *p = text; argc < 65;) {
		words[argc++] = p;
		char *nl = memchr(p, '\n', (size_t)(text + size - p));
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	words[argc] = NULL;

	/* the parse */
	char *argv[66], *before[66], *after[66];
	memcpy(argv, words, sizeof(char *) * (size_t)(argc + 1));
	memcpy(before, words, sizeof(char *) * (size_t)argc);
	int c, steps = 0;
	optind = 0;
	for (;;) {
		quiet(true);
		c = cmd_opt_next(&fuzz_cmd, fuzz_opts, argc, argv);
		quiet(false);
		if (c == -1)
			break;
		/* at most one option per character */
		CHECK(++steps <= (int)size + argc);
		if (c == CMD_OPT_HELP || c == CMD_OPT_BAD)
			break;
		bool known = false;
		for (size_t i = 0; fuzz_opts[i].name; i++)
			if (fuzz_opts[i].val == c) {
				known = true;
				CHECK(!fuzz_opts[i].arg == !optarg);
			}
		CHECK(known);
	}
	if (c == -1) {
		CHECK(optind >= 1 && optind <= argc);
		for (int i = optind; i < argc; i++)
			CHECK(argv[i] != NULL);
	}
	/* a permutation of the same words */
	memcpy(after, argv, sizeof(char *) * (size_t)argc);
	qsort(before, (size_t)argc, sizeof(char *), cmp_ptr);
	qsort(after, (size_t)argc, sizeof(char *), cmp_ptr);
	CHECK(!memcmp(before, after, sizeof(char *) * (size_t)argc));
	CHECK(argv[argc] == NULL);

	/* completion of the same line after "fuzz" */
	char *cargv[67];
	cargv[0] = complete;
	cargv[1] = fuzz;
	memcpy(cargv + 2, words + 1, sizeof(char *) * (size_t)argc);
	quiet(true);
	int crc = complete_main(argc + 1, cargv, fuzz_commands, NULL);
	quiet(false);
	CHECK(crc == EXIT_DONE);
	fflush(stdout);

	free(text);
	return 0;
}
