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
 *   - mbedtls_x509_crt_parse_file() remembers the chain and the file and
 *     returns success without parsing;
 *   - mbedtls_ssl_setup(), which libgit2 calls for every TLS connection
 *     before its handshake, first parses every remembered file into its
 *     chain (the very chain libgit2 registered in its configuration), then
 *     calls the real function.
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

#define MAX_DEFERRED 8

static struct {
	void *chain;
	char *path;
} deferred[MAX_DEFERRED];
static size_t ndeferred;

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

static void flush(void)
{
	parse_fn parse = real_parse();
	for (size_t i = 0; i < ndeferred; i++) {
		if (parse)
			parse(deferred[i].chain, deferred[i].path);   /* as libgit2: failures leave the chain empty */
		free(deferred[i].path);
	}
	ndeferred = 0;
}

int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	parse_fn parse = real_parse();
	if (!parse)
		return -1;   /* no mbedTLS behind us: cannot happen when libgit2 calls */
	const char *eager = getenv("BILAN_EAGER_TLS");
	bool defer = !(eager && *eager && strcmp(eager, "0")) && ndeferred < MAX_DEFERRED &&
		     dlsym(RTLD_NEXT, "mbedtls_ssl_setup") != NULL && path;
	if (!defer)
		return parse(chain, path);
	/* libgit2 keeps one chain: a new one (GIT_OPT_SET_SSL_CERT_LOCATIONS)
	 * replaces, and frees, the one before; files for the same chain
	 * (a folder of certificates) add up. */
	if (ndeferred && deferred[0].chain != chain) {
		for (size_t i = 0; i < ndeferred; i++)
			free(deferred[i].path);
		ndeferred = 0;
	}
	char *copy = strdup(path);
	if (!copy)
		return parse(chain, path);
	deferred[ndeferred].chain = chain;
	deferred[ndeferred].path = copy;
	ndeferred++;
	return 0;
}

int mbedtls_ssl_setup(void *ssl, const void *conf)
{
	static setup_fn setup;
	if (!setup)
		next("mbedtls_ssl_setup", &setup, sizeof(setup));
	flush();
	return setup ? setup(ssl, conf) : -1;
}
