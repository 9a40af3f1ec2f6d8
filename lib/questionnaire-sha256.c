/* questionnaire-sha256.c - SHA-256 for the checksums of questionnaire
 * definitions (see questionnaire.h).  libgit2 1.5 has no public SHA-256;
 * OpenSSL's (libcrypto, linked for the index's SHA-1: lib/index-quick.c)
 * uses the CPU's SHA instructions: the portable one that was here took
 * 3.9 M instructions of a 10-entry report for the five definitions. */
#include "questionnaire.h"

#include <openssl/sha.h>

void bilan_sha256_hex(char out[BILAN_SHA256_HEX], const void *data, size_t len)
{
	unsigned char d[SHA256_DIGEST_LENGTH];
	SHA256(len ? data : (const void *)"", len, d);
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}
