/*
 * buf.c: a growable byte string, for the text the import parsers build
 * (decoded JSON strings, unfolded mail headers, cleaned fields). Reset and
 * reused, so a long run allocates only as much as its longest value.
 */
#include <stdint.h>
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

void
buf_free(struct buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}
