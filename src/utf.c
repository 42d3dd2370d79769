/*
 * utf.c: text encodings, so that everything cop-import writes is valid
 * UTF-8 without control characters. UTF-8 is checked strictly (an invalid
 * byte becomes U+FFFD, never passes through); UTF-16 (Teams reports) is
 * decoded as a stream, surrogate pairs joined across reads; the few
 * single-byte charsets mail still uses are mapped by table. No iconv:
 * the set is small and the behaviour must not depend on the system.
 */
#include <stdint.h>
#include <string.h>

#include "cop.h"

#define REPLACEMENT 0xfffd

/* Write code point cp as UTF-8 into out (room for 4); returns the length. */
size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = REPLACEMENT;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Decode the character at s (n > 0 bytes). Returns the bytes it takes;
 * an invalid or truncated sequence, an overlong form or a surrogate gives
 * U+FFFD for its first byte alone, so decoding resumes at the next byte.
 */
size_t
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c = u[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, c &= 0x07, min = 0x10000;
	else
		goto bad;
	if (n < len)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto bad;
		c = c << 6 | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = REPLACEMENT;
	return 1;
}

/*
 * Append s to out as clean UTF-8: invalid bytes become U+FFFD, and control
 * characters (TAB, CR and LF among them; CRLF as one) and DEL become
 * spaces, which is what a TSV field may hold.
 */
void
utf8_clean(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, run;
	char enc[4];
	uint32_t cp;

	buf_reserve(out, n);
	while (i < n) {
		for (run = i; run < n && (unsigned char)s[run] >= 0x20 &&
		    (unsigned char)s[run] < 0x7f; run++)
			;
		if (run > i) {
			buf_add(out, s + i, run - i);
			i = run;
			continue;
		}
		run = utf8_decode(s + i, n - i, &cp);
		if (cp == '\r' && i + 1 < n && s[i + 1] == '\n')
			;	/* CRLF is one line break, one space */
		else if (cp < 0x20 || cp == 0x7f)
			buf_addc(out, ' ');
		else if (cp == REPLACEMENT && run == 1)
			buf_add(out, enc, utf8_encode(cp, enc));
		else
			buf_add(out, s + i, run);
		i += run;
	}
}

/* Whether s is valid UTF-8 (control characters allowed). */
int
utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (utf8_decode(s + i, n - i, &cp) == 1)
			return 0;
		i += utf8_decode(s + i, n - i, &cp);
	}
	return 1;
}

/*
 * UTF-16 to UTF-8 as the bytes come: an odd byte or a high surrogate at the
 * end of one chunk waits in u for the next. out must have room for
 * 2 * n + 8 bytes. A lone surrogate becomes U+FFFD.
 */
size_t
utf16_decode(struct utf16 *u, const unsigned char *in, size_t n, char *out)
{
	size_t i = 0, o = 0;
	uint32_t w;

	for (;;) {
		if (u->have_byte) {
			if (i >= n)
				break;
			w = u->big ? (uint32_t)u->byte << 8 | in[i] :
			    (uint32_t)in[i] << 8 | u->byte;
			i++;
			u->have_byte = 0;
		} else if (i + 1 < n) {
			w = u->big ? (uint32_t)in[i] << 8 | in[i + 1] :
			    (uint32_t)in[i + 1] << 8 | in[i];
			i += 2;
		} else {
			if (i < n) {
				u->byte = in[i];
				u->have_byte = 1;
			}
			break;
		}
		if (u->high && w >= 0xdc00 && w <= 0xdfff) {
			w = 0x10000 + ((u->high - 0xd800) << 10) + (w - 0xdc00);
			o += utf8_encode(w, out + o);
			u->high = 0;
			continue;
		}
		if (u->high)
			o += utf8_encode(REPLACEMENT, out + o);
		u->high = 0;
		if (w >= 0xd800 && w <= 0xdbff)
			u->high = w;
		else
			o += utf8_encode(w, out + o);
	}
	return o;
}

/* The end of the stream: what still waits in u is broken. */
size_t
utf16_finish(struct utf16 *u, char *out)
{
	size_t o = 0;

	if (u->high)
		o += utf8_encode(REPLACEMENT, out + o);
	if (u->have_byte)
		o += utf8_encode(REPLACEMENT, out + o);
	u->high = 0;
	u->have_byte = 0;
	return o;
}

/* Windows-1252's 0x80-0x9f; 0 where it has no character. */
static const uint16_t cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

/* ISO 8859-15 differs from Latin-1 in eight places. */
static uint32_t
latin9(unsigned char c)
{
	switch (c) {
	case 0xa4: return 0x20ac;
	case 0xa6: return 0x0160;
	case 0xa8: return 0x0161;
	case 0xb4: return 0x017d;
	case 0xb8: return 0x017e;
	case 0xbc: return 0x0152;
	case 0xbd: return 0x0153;
	case 0xbe: return 0x0178;
	}
	return c;
}

static int
charset_is(const char *cs, size_t n, const char *name)
{
	size_t i;

	if (strlen(name) != n)
		return 0;
	for (i = 0; i < n; i++) {
		char c = cs[i] >= 'A' && cs[i] <= 'Z' ? (char)(cs[i] + 32) : cs[i];

		if (c != name[i])
			return 0;
	}
	return 1;
}

enum charset { CS_UTF8, CS_LATIN1, CS_CP1252, CS_LATIN9, CS_UNKNOWN };

static enum charset
charset_of(const char *cs, size_t n)
{
	const char *star = memchr(cs, '*', n);	/* RFC 2231 language */

	if (star != NULL)
		n = (size_t)(star - cs);
	if (charset_is(cs, n, "utf-8") || charset_is(cs, n, "utf8") ||
	    charset_is(cs, n, "us-ascii") || charset_is(cs, n, "ascii"))
		return CS_UTF8;
	if (charset_is(cs, n, "iso-8859-1") || charset_is(cs, n, "iso8859-1") ||
	    charset_is(cs, n, "latin1") || charset_is(cs, n, "l1"))
		return CS_LATIN1;
	if (charset_is(cs, n, "windows-1252") || charset_is(cs, n, "cp1252"))
		return CS_CP1252;
	if (charset_is(cs, n, "iso-8859-15") || charset_is(cs, n, "latin-9") ||
	    charset_is(cs, n, "latin9"))
		return CS_LATIN9;
	return CS_UNKNOWN;
}

/*
 * Append s, in the charset named cs, to out as UTF-8. Returns 0, or -1
 * for a charset we do not know: s is then appended as if UTF-8, so what
 * is ASCII in it survives and the rest becomes U+FFFD.
 */
int
charset_to_utf8(const char *cs, size_t csn, const char *s, size_t n, struct buf *out)
{
	enum charset c = charset_of(cs, csn);
	char enc[4];
	size_t i;
	uint32_t cp;

	if (c == CS_UTF8 || c == CS_UNKNOWN) {
		buf_add(out, s, n);
		return c == CS_UTF8 ? 0 : -1;
	}
	for (i = 0; i < n; i++) {
		cp = (unsigned char)s[i];
		if (c == CS_CP1252 && cp >= 0x80 && cp < 0xa0)
			cp = cp1252[cp - 0x80] ? cp1252[cp - 0x80] : REPLACEMENT;
		else if (c == CS_LATIN9)
			cp = latin9((unsigned char)cp);
		buf_add(out, enc, utf8_encode(cp, enc));
	}
	return 0;
}
