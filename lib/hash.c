/* hash.c - non-cryptographic hashes and checksums (see hash.h). */
#include "hash.h"

#include <string.h>

uint64_t bilan_fnv1a64(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++) {
		h ^= s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

uint64_t bilan_checksum64(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0x84222325cbf29ce4ull ^ len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h ^= w;
		h *= 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	for (; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h ^ (h >> 32);
}

static uint64_t rd64le(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
	       (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

uint64_t bilan_checksum64_lanes(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h[4] = { 0x84222325CBF29CE4ull ^ n, 0x9E3779B97F4A7C15ull,
			  0xC2B2AE3D27D4EB4Full, 0x165667B19E3779F9ull };
	size_t i = 0;
	for (; i + 32 <= n; i += 32) {
		for (int k = 0; k < 4; k++) {
			h[k] ^= rd64le(p + i + 8 * k);
			h[k] *= 0x9E3779B97F4A7C15ull;
			h[k] ^= h[k] >> 29;
		}
	}
	uint64_t r = h[0] ^ (h[1] * 3) ^ (h[2] * 5) ^ (h[3] * 7);
	for (; i < n; i++) {
		r ^= p[i];
		r *= 0x100000001B3ull;
	}
	r ^= r >> 32;
	return r;
}
