/*
 * buf.c: a growable byte string, for the text the import parsers build
 * (decoded JSON strings, unfolded mail headers, cleaned fields) and the
 * sentences and cells of the reports. Reset and reused, so a long run
 * allocates only as much as its longest value.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

void
buf_reserve(struct buf *b, size_t more)
{
	if (more > SIZE_MAX - b->n - 1)
		die("out of memory (a value of %zu bytes)", b->n);
	xgrow(&b->p, &b->cap, b->n + more + 1, 1);
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void
buf_addc(struct buf *b, char c)
{
	if (b->n + 2 > b->cap)
		buf_reserve(b, 1);
	b->p[b->n++] = c;
	b->p[b->n] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n < 0)
		die("output format error");
	buf_reserve(b, (size_t)n);
	vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
	b->n += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_set(struct buf *b, const void *p, size_t n)
{
	b->n = 0;
	buf_add(b, p, n);
}

/* Empty the string, keeping its memory; p is a valid "" afterwards. */
void
buf_reset(struct buf *b)
{
	b->n = 0;
	if (b->cap == 0)
		buf_reserve(b, 0);
	b->p[0] = '\0';
}

/* The string, handed over to the caller ("" if nothing was added); b is empty again. */
char *
buf_take(struct buf *b)
{
	char *p = b->p ? b->p : xstrdup("");

	memset(b, 0, sizeof *b);
	return p;
}

void
buf_free(struct buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}
