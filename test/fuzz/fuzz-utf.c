/*
 * fuzz-utf.c: the text conversions of cop-import (src/utf.c): UTF-16 in
 * chunks of any size, legacy charsets named in mail headers, and the
 * cleaning that makes any bytes a valid TSV field. What a known legacy
 * charset gives, and what cleaning gives, must be valid UTF-8 (UTF-8 and
 * unknown charsets pass as they are, for the cleaning to mend), and a
 * clean field has no TAB, CR or LF.
 *
 * needs: src/utf.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cop.h"
#include "sandbox.h"

static void
fuzz_utf16(const uint8_t *p, size_t n, size_t chunk, int big)
{
	struct utf16 u;
	char *out = malloc(2 * n + 16);
	size_t i, len = 0;

	memset(&u, 0, sizeof u);
	u.big = big;
	for (i = 0; i < n; i += chunk)
		len += utf16_decode(&u, p + i, n - i < chunk ? n - i : chunk, out + len);
	len += utf16_finish(&u, out + len);
	sandbox_check(len <= 2 * n + 16, "UTF-16 decodes within its room");
	sandbox_check(utf8_valid(out, len), "decoded UTF-16 is valid UTF-8");
	free(out);
}

static void
fuzz_clean(const char *s, size_t n)
{
	struct buf b;

	memset(&b, 0, sizeof b);
	utf8_clean(&b, s, n);
	sandbox_check(utf8_valid(b.p, b.n), "a cleaned field is valid UTF-8");
	sandbox_check(b.n == 0 || (memchr(b.p, '\t', b.n) == NULL && memchr(b.p, '\n', b.n) == NULL &&
	    memchr(b.p, '\r', b.n) == NULL), "a cleaned field has no TAB, CR or LF");
	buf_free(&b);
}

static void
fuzz_charset(const uint8_t *p, size_t n)
{
	static const char *const names[] = {
		"iso-8859-1", "ISO-8859-15", "windows-1252", "utf-8", "x-unknown"
	};
	struct buf b;
	size_t k = n % 5;

	memset(&b, 0, sizeof b);
	(void)charset_to_utf8(names[k], strlen(names[k]), (const char *)p, n, &b);
	if (k < 3)
		sandbox_check(utf8_valid(b.p, b.n), "a legacy charset converts to valid UTF-8");
	buf_free(&b);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	sandbox_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy;

	if (size < 1)
		return 0;
	copy = malloc(size);
	memcpy(copy, data + 1, size - 1);
	fuzz_utf16(data + 1, size - 1, (size_t)(data[0] & 7) + 1, data[0] >> 7);
	fuzz_clean(copy, size - 1);
	fuzz_charset(data + 1, size - 1);
	{
		uint32_t cp;
		size_t i, k;

		for (i = 1; i < size; i += k ? k : 1)
			k = utf8_decode(copy + i - 1, size - i, &cp);
	}
	free(copy);
	return 0;
}
