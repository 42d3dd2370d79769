/*
 * csv.c: a streaming reader of RFC 4180 CSV. Fields may be quoted, and a
 * quoted field may hold the delimiter, doubled quotes and line breaks;
 * records end in LF, CRLF or a lone CR. The delimiter is a parameter, so
 * the same reader takes semicolon CSV and the tab-separated Teams
 * reports. A record is built in one buffer reused for the next, so memory
 * follows the longest record. A broken record (a quoted field never
 * closed, text after a closing quote, a NUL byte) is an error with its
 * line; the reader then resumes at the next line, for -k.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

void
csv_init(struct csv *c, struct input *in, char delim)
{
	memset(c, 0, sizeof *c);
	c->in = in;
	c->delim = delim;
	c->lineno = 1;
	buf_reset(&c->rec);
}

void
csv_free(struct csv *c)
{
	buf_free(&c->rec);
	free(c->f);
	free(c->off);
}

static int csv_fail(struct csv *, const char *, ...) COP_PRINTF(2, 3);

static int
csv_fail(struct csv *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof c->err, fmt, ap);
	va_end(ap);
	c->err_line = c->lineno;
	return -1;
}

/* After an error: drop the rest of the physical line. */
static void
skip_line(struct csv *c)
{
	int ch;

	while ((ch = input_getc(c->in)) >= 0 && ch != '\n')
		;
	if (ch == '\n')
		c->lineno++;
}

static void
new_field(struct csv *c)
{
	xgrow(&c->off, &c->offcap, c->nf + 1, sizeof *c->off);
	c->off[c->nf++] = c->rec.n;
}

/* A line end at ch (CR, LF or CRLF), taken whole; 1 if it was one. */
static int
line_end(struct csv *c, int ch)
{
	if (ch == '\r') {
		if (input_peekc(c->in) == '\n')
			input_getc(c->in);
		c->lineno++;
		return 1;
	}
	if (ch == '\n') {
		c->lineno++;
		return 1;
	}
	return 0;
}

/* The rest of a quoted field after its opening quote. */
static int
quoted(struct csv *c, int *after)
{
	uint64_t opened = c->lineno;
	int ch;

	for (;;) {
		ch = input_getc(c->in);
		if (ch < 0) {
			c->lineno = opened;
			return csv_fail(c, "a quoted field is never closed (the quote opens here)");
		}
		if (ch == '\0')
			return csv_fail(c, "a NUL byte: not a text file");
		if (ch == '"') {
			if (input_peekc(c->in) != '"')
				break;
			input_getc(c->in);
		}
		if (ch == '\n')
			c->lineno++;
		buf_addc(&c->rec, (char)ch);
	}
	ch = input_getc(c->in);
	if (ch >= 0 && ch != c->delim && ch != '\n' && ch != '\r')
		return csv_fail(c, "\"%s\" after a closing quote (a quote inside a quoted "
		    "field must be doubled)", quote_value((char *)&ch, 1));
	*after = ch;
	return 0;
}

/* An unquoted field from its first character ch; *after is what ended it. */
static int
unquoted(struct csv *c, int ch, int *after)
{
	struct input *in = c->in;
	size_t run;

	for (;;) {
		if (ch < 0 || ch == c->delim || ch == '\n' || ch == '\r') {
			*after = ch;
			return 0;
		}
		if (ch == '\0')
			return csv_fail(c, "a NUL byte: not a text file");
		buf_addc(&c->rec, (char)ch);
		/* Copy plain bytes in runs: most fields are plain. */
		for (run = in->pos; run < in->end; run++) {
			char b = in->buf[run];

			if (b == c->delim || b == '\n' || b == '\r' || b == '\0' || b == '"')
				break;
		}
		buf_add(&c->rec, in->buf + in->pos, run - in->pos);
		in->pos = run;
		ch = input_getc(in);
	}
}

static void
point_fields(struct csv *c)
{
	size_t i;

	xgrow(&c->f, &c->fcap, c->nf, sizeof *c->f);
	for (i = 0; i < c->nf; i++) {
		size_t end = i + 1 < c->nf ? c->off[i + 1] : c->rec.n;

		c->f[i].p = c->rec.p + c->off[i];
		c->f[i].n = end - c->off[i];
	}
}

/*
 * The next record into c->f[0..nf), its first line in c->line. Returns 1,
 * 0 at the end of the input, or -1 for a broken record (c->err at
 * c->err_line); the next call goes on after it. Blank lines are skipped.
 */
int
csv_next(struct csv *c)
{
	int ch, after = -1;

	do {
		ch = input_getc(c->in);
		if (ch < 0)
			return 0;
	} while (line_end(c, ch));
	buf_reset(&c->rec);
	c->nf = 0;
	c->line = c->lineno;
	for (;;) {
		new_field(c);
		if (ch == '"' ? quoted(c, &after) : unquoted(c, ch, &after)) {
			if (c->err_line == c->lineno)
				skip_line(c);
			return -1;
		}
		if (after != c->delim)
			break;
		ch = input_getc(c->in);
	}
	line_end(c, after);
	point_fields(c);
	return 1;
}
