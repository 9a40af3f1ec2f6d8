/* personal.h - personal data in the text of a file: what 'bilan doctor'
 * reports as privacy problems (doctor.h) and what sync refuses to publish
 * (share.h), found in one place.
 */
#ifndef BILAN_PERSONAL_H
#define BILAN_PERSONAL_H

#include <stdbool.h>
#include <stddef.h>

/* Files past this size are not searched. */
#define BILAN_PERSONAL_SCAN_MAX (4u * 1024u * 1024u)

/* Scanners for personal data in text (exposed for the unit tests): find the
 * first e-mail address / phone number (French: 0X XX XX XX XX, +33 X XX XX
 * XX XX, 0033..., separators space, dot or dash, or none) at or after *pos;
 * [*start, *end) are its bytes, *pos moves past it.  false when none. */
bool bilan_find_email(const char *text, size_t len, size_t *pos, size_t *start, size_t *end);
bool bilan_find_phone(const char *text, size_t len, size_t *pos, size_t *start, size_t *end);
/* A French postal address: a number and a street word ("12 rue des
 * Lilas", "3 bis, avenue Foch"), or a postcode (01 to 98) and a town
 * ("75011 Paris").  A heuristic: 'bilan share accept' answers for a false
 * alarm before a sync. */
bool bilan_find_address(const char *text, size_t len, size_t *pos, size_t *start, size_t *end);

/* The personal data in the text of a file rel (the "privacy" checks
 * of doctor.h, and what sync checks before it publishes, share.h): a YAML record marked
 * private or holding a contact's details, the first e-mail address, phone
 * number and postal address, each with its position (0 when none).
 * Binary files and files past 4 MiB are not searched. */
enum bilan_personal_kind {
	BILAN_PERSONAL_MARKED, BILAN_PERSONAL_CONTACT, BILAN_PERSONAL_EMAIL,
	BILAN_PERSONAL_PHONE, BILAN_PERSONAL_ADDRESS,
};
#define BILAN_PERSONAL_MAX 5
struct bilan_personal {
	enum bilan_personal_kind kind;
	int line, col;
};
size_t bilan_scan_personal(struct bilan_personal out[BILAN_PERSONAL_MAX], const char *rel,
			   const char *text, size_t len);

#endif
