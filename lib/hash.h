/* hash.h - the one home of bilan's non-cryptographic hashes and checksums.
 *
 * Each is part of a file format (the journal cache, the ROME index) or of
 * a name on disk (a cache shard's): never change one; a new need gets a
 * new function.  None resists an attacker: they find damage, not forgery.
 */
#ifndef BILAN_HASH_H
#define BILAN_HASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a, 64 bits (hash tables, the journal cache's shard names). */
uint64_t bilan_fnv1a64(const void *p, size_t len);

/* The checksum of a journal cache shard's payload: one multiply-xor lane
 * over 8-byte words in host order (the cache never leaves the machine),
 * then the tail byte by byte. */
uint64_t bilan_checksum64(const void *p, size_t len);

/* The checksum of the ROME index: four independent multiply-xor lanes over
 * 32-byte blocks of little-endian words (fast: the whole index is checked
 * at every open), then the tail byte by byte. */
uint64_t bilan_checksum64_lanes(const void *p, size_t len);

#endif
