/*
 * table.c: the summary tables of -s and friends. A table a program reads
 * is plain TSV with a header, written as it comes; a table a person reads
 * (standard output is a terminal) is held until its end, then printed with
 * its columns aligned by display width and numbers set flush right.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cop.h"

void
table_init(struct table *t, size_t ncols)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	t->align = isatty(1);
}

/*
 * A cell for the terminal: control bytes become '?', as ls(1) shows them,
 * so that a name from the data cannot move the cursor, retitle the window
 * or write to the clipboard with an escape sequence. TSV keeps every byte.
 */
static char *
terminal_safe(char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = '?';
	return s;
}

/* Add the next cell of the current row (n bytes of s). */
void
table_cell(struct table *t, const char *s, size_t n)
{
	if (!t->align) {
		if (t->col > 0)
			out_char('\t');
		out_write(s, n);
	} else {
		xgrow(&t->cells, &t->cap, t->ncells + 1, sizeof *t->cells);
		t->cells[t->ncells++] = terminal_safe(xmemdup(s, n), n);
	}
	t->col++;
}

void
table_str(struct table *t, const char *s)
{
	table_cell(t, s, strlen(s));
}

void
table_printf(struct table *t, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("table format error");
	table_cell(t, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

void
table_u64(struct table *t, uint64_t v)
{
	table_printf(t, "%llu", (unsigned long long)v);
}

void
table_end_row(struct table *t)
{
	if (t->col != t->ncols)
		die("internal error: a table row of %zu cells in a table of %zu", t->col,
		    t->ncols);
	if (!t->align)
		out_char('\n');
	t->col = 0;
}

/*
 * Columns on a terminal: East Asian wide and fullwidth characters take two,
 * combining marks none, everything else one. Invalid UTF-8 counts a column
 * a byte, so alignment degrades gracefully.
 */
static size_t
display_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;

	while (*p) {
		unsigned c = *p, len = c < 0x80 ? 1 : c >> 5 == 6 ? 2 : c >> 4 == 14 ? 3 :
		    c >> 3 == 30 ? 4 : 1, i;

		for (i = 1; i < len; i++)
			if (p[i] >> 6 != 2)
				len = 1;
		if (len > 1) {
			c &= 0x7f >> len;
			for (i = 1; i < len; i++)
				c = c << 6 | (p[i] & 0x3f);
		}
		if (c >= 0x300 && c <= 0x36f)
			;
		else if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
		    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
		    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
		    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) ||
		    (c >= 0x20000 && c <= 0x3fffd))
			w += 2;
		else
			w += 1;
		p += len;
	}
	return w;
}

static int
is_number(const char *s)
{
	return *s != '\0' && strspn(s, "0123456789.-") == strlen(s);
}

static void
pad(size_t n)
{
	while (n-- > 0)
		out_char(' ');
}

/* Print a held table aligned; a TSV table is already out. */
void
table_flush(struct table *t)
{
	size_t *width, c, r, nrows = t->ncols ? t->ncells / t->ncols : 0;
	int *right;

	if (!t->align)
		return;
	width = xcalloc(t->ncols, sizeof *width);
	right = xcalloc(t->ncols, sizeof *right);
	for (c = 0; c < t->ncols; c++) {
		right[c] = nrows > 1;
		for (r = 0; r < nrows; r++) {
			const char *cell = t->cells[r * t->ncols + c];
			size_t w = display_width(cell);

			if (w > width[c])
				width[c] = w;
			if (r > 0 && !is_number(cell))
				right[c] = 0;
		}
	}
	for (r = 0; r < nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			size_t fill = width[c] - display_width(cell);

			if (right[c])
				pad(fill);
			out_str(cell);
			if (c + 1 < t->ncols)
				pad((right[c] ? 0 : fill) + 2);
		}
		out_char('\n');
	}
	for (r = 0; r < t->ncells; r++)
		free(t->cells[r]);
	free(t->cells);
	free(width);
	free(right);
	t->cells = NULL;
	t->ncells = t->cap = 0;
}
