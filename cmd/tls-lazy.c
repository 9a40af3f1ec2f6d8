/* tls-lazy.c - libgit2's certificate bundle, parsed only when a TLS
 * connection is made.
 *
 * Debian's libgit2 1.5 is built with mbedTLS and parses the whole system
 * certificate bundle (/etc/ssl/certs/ca-certificates.crt, ~140
 * certificates) inside git_libgit2_init(): 14 ms and 54 M instructions on
 * the machines measured, most of what a 'bilan journal add' costs
 * (bench/RESULTS.md, "Commit path").  libgit2 offers no option to skip it,
 * and only bilan sync, clone and backup may ever open a TLS connection.
 *
 * So the executable defines the two mbedTLS functions libgit2 calls for
 * this (ELF symbol interposition: they are exported from the executable,
 * see cmd/meson.build, and libgit2's calls through its PLT reach them
 * first):
 *   - the first mbedtls_x509_crt_parse_file() (the one inside
 *     git_libgit2_init) remembers its chain and file and returns success
 *     without parsing; any later one (GIT_OPT_SET_SSL_CERT_LOCATIONS,
 *     which bilan never sets) parses at once;
 *   - mbedtls_ssl_setup(), which libgit2 calls for every TLS connection
 *     before its handshake, first parses the remembered file into its
 *     chain (the very chain libgit2 registered in its configuration), then
 *     calls the real function.
 * Only the commands that go online (sync, share clone, backup to a
 * remote) ever make a TLS connection, so only they pay for the bundle;
 * every other command that opens the repository saves 54 M instructions,
 * 4 to 6 ms of CPU (bench/RESULTS.md, "tls-lazy").
 * The real functions are found with dlsym(RTLD_NEXT).  A libgit2 built with
 * another TLS library never calls these, and nothing changes.  If the real
 * functions cannot be found, the parse happens at once, as before.
 * BILAN_EAGER_TLS=1 in the environment turns the deferral off.
 */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The mbedTLS signatures (stable since mbedTLS 1.3), without its headers. */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_ssl_setup(void *ssl, const void *conf);

typedef int (*parse_fn)(void *, const char *);
typedef int (*setup_fn)(void *, const void *);

/* The parse put off: libgit2's chain and the bundle's path. */
static void *deferred_chain;
static char *deferred_path;
static bool first_done;

/* dlsym's object pointer as a function pointer (POSIX allows it; ISO C
 * only through a copy). */
static void *next(const char *name, void *fn, size_t size)
{
	void *p = dlsym(RTLD_NEXT, name);
	if (p)
		memcpy(fn, &p, size);
	return p;
}

static parse_fn real_parse(void)
{
	static parse_fn fn;
	if (!fn)
		next("mbedtls_x509_crt_parse_file", &fn, sizeof(fn));
	return fn;
}

int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	parse_fn parse = real_parse();
	if (!parse)
		return -1;   /* no mbedTLS behind us: cannot happen when libgit2 calls */
	bool first = !first_done;
	first_done = true;
	if (!first && deferred_path && chain != deferred_chain) {
		/* libgit2 replaced (and freed) the chain the parse was put
		 * off for: nothing to parse into any more */
		free(deferred_path);
		deferred_path = NULL;
	}
	const char *eager = getenv("BILAN_EAGER_TLS");
	if (!first || !path || (eager && *eager && strcmp(eager, "0")) ||
	    dlsym(RTLD_NEXT, "mbedtls_ssl_setup") == NULL ||
	    (deferred_path = strdup(path)) == NULL)
		return parse(chain, path);
	deferred_chain = chain;
	return 0;
}

int mbedtls_ssl_setup(void *ssl, const void *conf)
{
	static setup_fn setup;
	if (!setup)
		next("mbedtls_ssl_setup", &setup, sizeof(setup));
	if (deferred_path) {
		parse_fn parse = real_parse();
		if (parse)   /* as libgit2: a failure leaves the chain empty */
			parse(deferred_chain, deferred_path);
		free(deferred_path);
		deferred_path = NULL;
	}
	return setup ? setup(ssl, conf) : -1;
}
