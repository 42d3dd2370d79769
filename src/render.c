/*
 * render.c: the writers of cop-report(1), one document model in three
 * formats. Text is plain UTF-8 no wider than 80 columns (tables shrink
 * their widest column and cut it with an ellipsis, prose wraps); Markdown
 * uses pipe tables; HTML is one self-contained page whose charts are
 * inline SVG. Text from the data goes through render_data, which makes it
 * safe for the format: invalid UTF-8 and control bytes become U+FFFD (an
 * escape byte in a name must not reach a terminal), HTML specials become
 * entities, Markdown specials get a backslash.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */

/* UTF-8. */

/*
 * Decode one code point at s with utf.c's decoder: its length, or 0 when
 * the bytes are not valid UTF-8 (the decoder's U+FFFD for one bad byte).
 */
static size_t
decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len = utf8_decode((const char *)s, n, cp);

	return *cp == 0xfffd && len == 1 ? 0 : len;
}

static int
in_ranges(uint32_t c, const uint32_t (*r)[2], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (c >= r[i][0] && c <= r[i][1])
			return 1;
	return 0;
}

/*
 * Columns a code point takes in a terminal: 0 for combining marks and
 * joiners, 2 for East Asian wide and fullwidth forms and emoji, else 1.
 * The ranges are the main blocks of Unicode's EastAsianWidth W/F and
 * general category Mn, enough for names; a rare miss costs alignment only.
 */
static int
cp_width(uint32_t c)
{
	static const uint32_t zero[][2] = {
		{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
		{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x0900, 0x0903 },
		{ 0x093a, 0x094f }, { 0x0e31, 0x0e31 }, { 0x0e34, 0x0e3a },
		{ 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff }, { 0x200b, 0x200f },
		{ 0x202a, 0x202e }, { 0x2060, 0x2064 }, { 0x20d0, 0x20ff },
		{ 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
		{ 0xe0100, 0xe01ef },
	};
	static const uint32_t wide[][2] = {
		{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
		{ 0x23e9, 0x23ec }, { 0x25fd, 0x25fe }, { 0x2614, 0x2615 },
		{ 0x2648, 0x2653 }, { 0x26a1, 0x26a1 }, { 0x26aa, 0x26ab },
		{ 0x26bd, 0x26be }, { 0x26c4, 0x26c5 }, { 0x26ce, 0x26ce },
		{ 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea }, { 0x26f2, 0x26f5 },
		{ 0x26fa, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
		{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x2753, 0x2757 },
		{ 0x2795, 0x2797 }, { 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf },
		{ 0x2b1b, 0x2b1c }, { 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 },
		{ 0x2e80, 0x303e }, { 0x3041, 0x33ff }, { 0x3400, 0x4dbf },
		{ 0x4e00, 0x9fff }, { 0xa000, 0xa4cf }, { 0xa960, 0xa97f },
		{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe10, 0xfe19 },
		{ 0xfe30, 0xfe6f }, { 0xff00, 0xff60 }, { 0xffe0, 0xffe6 },
		{ 0x1f004, 0x1f004 }, { 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e },
		{ 0x1f191, 0x1f19a }, { 0x1f200, 0x1f251 }, { 0x1f300, 0x1f64f },
		{ 0x1f680, 0x1f6ff }, { 0x1f7e0, 0x1f7eb }, { 0x1f90c, 0x1f9ff },
		{ 0x1fa70, 0x1faff }, { 0x20000, 0x3fffd },
	};

	if (c == 0x200d || in_ranges(c, zero, sizeof zero / sizeof zero[0]))
		return 0;
	if (c >= 0x1100 && in_ranges(c, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

/* Display width of n bytes of clean UTF-8 (as render_data leaves text). */
size_t
utf8_width(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w = 0, len;
	uint32_t c;

	while (i < n) {
		if (p[i] == 0x1b) {	/* an escape sequence of ours: no width */
			while (i < n && p[i] != 'm')
				i++;
			i++;
			continue;
		}
		len = decode(p + i, n - i, &c);
		if (len == 0)
			len = 1, c = '?';
		w += (size_t)cp_width(c);
		i += len;
	}
	return w;
}

/*
 * The longest prefix of s (clean UTF-8) that fits in width columns; its
 * width in *used. Zero-width marks stay with the character before them.
 */
size_t
utf8_fit(const char *s, size_t n, size_t width, size_t *used)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w = 0, len;
	uint32_t c;

	while (i < n) {
		len = decode(p + i, n - i, &c);
		if (len == 0)
			len = 1, c = '?';
		if (w + (size_t)cp_width(c) > width)
			break;
		w += (size_t)cp_width(c);
		i += len;
	}
	*used = w;
	return i;
}

/* Text from the data. */

/*
 * Markdown's specials, escaped wherever they stand: '#' too, since a
 * heading drops a closing run of them ("## guild #" reads "guild").
 * Only ASCII punctuation can take a backslash (before a digit or a
 * letter the backslash shows), so a list marker at the start of a line
 * is escaped by its punctuation: "\-", "\+", and "1\." after digits.
 * lead is the number of digits that start the line before c, or -1 when
 * c is not at its start.
 */
static int
md_special(unsigned char c, long lead)
{
	if (strchr("\\`*_[]<>|~{}!#", c) != NULL)
		return 1;
	if (lead == 0)
		return strchr("+-=:", c) != NULL;
	return lead > 0 && (c == '.' || c == ')');
}

/* One byte of clean ASCII, escaped for the format; lead as md_special's. */
static void
put_ascii(const struct render *r, struct buf *b, unsigned char c, long lead)
{
	if (r->fmt == FMT_HTML) {
		switch (c) {
		case '&': buf_adds(b, "&amp;"); return;
		case '<': buf_adds(b, "&lt;"); return;
		case '>': buf_adds(b, "&gt;"); return;
		case '"': buf_adds(b, "&quot;"); return;
		case '\'': buf_adds(b, "&#39;"); return;
		}
	} else if (r->fmt == FMT_MD) {
		if (c == '&') {
			buf_adds(b, "&amp;");
			return;
		}
		if (md_special(c, lead))
			buf_add(b, "\\", 1);
	}
	buf_addc(b, (char)c);
}

/*
 * Append n bytes from the data to b, safe for the format: valid UTF-8 and
 * printable, specials escaped. Data that starts b may start a Markdown
 * line, so its '-', '+' or "1." is escaped too: a name never starts a
 * list.
 */
void
render_data(const struct render *r, struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	long lead = b->n == 0 ? 0 : -1;
	size_t i = 0, len;
	uint32_t c;

	while (i < n) {
		len = decode(p + i, n - i, &c);
		if (len == 0 || c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029) {
			buf_adds(b, REPLACEMENT);
			i += len ? len : 1;
			lead = -1;
		} else if (c < 0x80) {
			put_ascii(r, b, (unsigned char)c, lead);
			lead = lead >= 0 && c >= '0' && c <= '9' ? lead + 1 : -1;
			i++;
		} else {
			buf_add(b, s + i, len);
			i += len;
			lead = -1;
		}
	}
}

/* Our own words: only HTML needs its specials escaped. */
void
render_words(const struct render *r, struct buf *b, const char *s)
{
	if (r->fmt != FMT_HTML) {
		buf_adds(b, s);
		return;
	}
	for (; *s; s++)
		put_ascii(r, b, (unsigned char)*s, -1);
}

/* Emphasis around prepared text: bold in Markdown and HTML, plain in text. */
void
render_strong(const struct render *r, struct buf *b, const char *prepared)
{
	if (r->fmt == FMT_MD)
		buf_printf(b, "**%s**", prepared);
	else if (r->fmt == FMT_HTML)
		buf_printf(b, "<strong>%s</strong>", prepared);
	else
		buf_adds(b, prepared);
}

/*
 * A verdict mark: coloured in HTML (class ok, fail or unk of the style
 * sheet), in brackets in text and Markdown.
 */
void
render_mark(const struct render *r, struct buf *b, const char *cls, const char *prepared)
{
	if (r->fmt == FMT_HTML)
		buf_printf(b, "<span class=\"%s\">%s</span>", cls, prepared);
	else
		buf_printf(b, "[%s]", prepared);
}

/* The page. */

static const char css[] =
"*{box-sizing:border-box}\n"
"body{font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\","
"\"DejaVu Sans\",sans-serif;color:#1b1f24;background:#fff;margin:0 auto;"
"max-width:52rem;padding:1rem 1.25rem 3rem}\n"
"h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 .25rem}\n"
"h2{font-size:1.3rem;margin:2.2rem 0 .5rem;padding-bottom:.2rem;"
"border-bottom:2px solid #d0d7de}\n"
"h3{font-size:1.05rem;margin:1.6rem 0 .4rem}\n"
"p,ul{margin:.4rem 0 .8rem}ul{padding-left:1.3rem}li{margin:.15rem 0}\n"
".sub{color:#57606a;margin-top:0}\n"
".scroll{overflow-x:auto;margin:.4rem 0 1rem}\n"
"table{border-collapse:collapse;font-variant-numeric:tabular-nums}\n"
"th,td{padding:.3rem .7rem .3rem 0;text-align:left;vertical-align:top;"
"border-bottom:1px solid #eaeef2}\n"
"th{font-weight:600;border-bottom:2px solid #d0d7de;vertical-align:bottom}\n"
"td.n,th.n{text-align:right}td:not(:first-child){white-space:nowrap}\n"
"td{overflow-wrap:break-word}\n"
"figure{margin:.8rem 0 1.4rem}figcaption{color:#57606a;font-size:.9rem;margin-bottom:.3rem}\n"
"figcaption strong{color:#1b1f24;display:block;font-size:1rem}\n"
"svg{display:block;width:100%;height:auto;max-width:36rem}\n"
"svg text{font:12px system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\","
"sans-serif;fill:#1b1f24}\n"
".note{color:#57606a;font-style:italic}\n"
".fail{color:#b42318;font-weight:600}.ok{color:#1a7f37;font-weight:600}\n"
".unk{color:#57606a;font-weight:600}\n"
"footer{margin-top:2.5rem;color:#57606a;font-size:.85rem}\n"
"@media (max-width:30rem){body{font-size:15px;padding:.6rem .7rem 2rem}"
"th,td{padding:.25rem .45rem .25rem 0}}\n"
"@media print{body{max-width:none;padding:0;font-size:11pt}"
"h2{break-after:avoid}table,figure{break-inside:avoid}"
".scroll{overflow:visible}a{color:inherit}}\n";

void
render_begin(const struct render *r, const char *title)
{
	if (r->fmt != FMT_HTML)
		return;
	out_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
	    "<title>");
	out_str(title);
	out_str("</title>\n<style>\n");
	out_str(css);
	out_str("</style>\n</head>\n<body>\n");
}

void
render_end(const struct render *r)
{
	if (r->fmt == FMT_HTML)
		out_str("</body>\n</html>\n");
}

/* Text: bold when escape codes are allowed. */
static void
text_bold(const struct render *r, const char *s)
{
	if (r->color)
		out_printf("\033[1m%s\033[0m", s);
	else
		out_str(s);
}

static void
text_rule(char c, size_t n)
{
	while (n-- > 0)
		out_char(c);
	out_char('\n');
}

/*
 * Headings. Text: level 1 underlined with '=', level 2 with '-', level 3
 * on its own; each after a blank line but the first.
 */
void
render_heading(const struct render *r, int level, const char *prepared)
{
	size_t w;

	switch (r->fmt) {
	case FMT_TEXT:
		w = utf8_width(prepared, strlen(prepared));
		if (level > 1)
			out_char('\n');
		text_bold(r, prepared);
		out_char('\n');
		if (level < 3)
			text_rule(level == 1 ? '=' : '-', w < (size_t)r->width ? w : (size_t)r->width);
		break;
	case FMT_MD:
		out_printf("%.*s %s\n\n", level, "###", prepared);
		break;
	case FMT_HTML:
		out_printf("<h%d>%s</h%d>\n", level, prepared, level);
		break;
	}
}

/*
 * The bytes of a word to put on a line of width columns, their width in
 * *used: what fits, or when not even one character does, that character
 * whole (never part of one).
 */
static size_t
cut_word(const char *s, size_t n, size_t width, size_t *used)
{
	size_t cut = utf8_fit(s, n, width, used);
	uint32_t c;

	if (cut > 0)
		return cut;
	cut = decode((const unsigned char *)s, n, &c);
	if (cut == 0)
		cut = 1, c = '?';
	*used = (size_t)cp_width(c);
	return cut;
}

/*
 * Write prepared text wrapped at the width, the first line indented by
 * first columns and the others by rest. Words longer than a line are cut.
 */
static void
text_wrap(const struct render *r, const char *s, const char *lead, size_t rest)
{
	size_t col = 0, limit = (size_t)r->width;
	int fresh = 1;		/* no word on this line yet */
	const char *p = s;

	if (lead != NULL) {
		out_str(lead);
		col = utf8_width(lead, strlen(lead));
	}
	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t n = sp ? (size_t)(sp - p) : strlen(p);
		size_t w = utf8_width(p, n), used, cut;

		if (n == 0) {
			p++;
			continue;
		}
		if (!fresh && col + 1 + w > limit) {
			out_printf("\n%*s", (int)rest, "");
			col = rest;
			fresh = 1;
		}
		if (!fresh) {
			out_char(' ');
			col++;
		}
		while (col + w > limit && n > 0) {	/* a word longer than a line */
			cut = cut_word(p, n, limit - col, &used);
			out_write(p, cut);
			out_printf("\n%*s", (int)rest, "");
			/* What is left weighs less by what was cut: no quadratic rescan. */
			w = memchr(p, 0x1b, cut) == NULL ? w - used : utf8_width(p + cut, n - cut);
			p += cut, n -= cut, col = rest;
		}
		out_write(p, n);
		col += w;
		p += n;
		fresh = 0;
	}
	out_char('\n');
}

void
render_para(const struct render *r, const char *prepared)
{
	switch (r->fmt) {
	case FMT_TEXT:
		text_wrap(r, prepared, NULL, 0);
		break;
	case FMT_MD:
		out_printf("%s\n\n", prepared);
		break;
	case FMT_HTML:
		out_printf("<p>%s</p>\n", prepared);
		break;
	}
}

/* A paragraph set off as secondary (a note, a subtitle). */
void
render_note(const struct render *r, const char *prepared)
{
	switch (r->fmt) {
	case FMT_TEXT:
		text_wrap(r, prepared, NULL, 0);
		break;
	case FMT_MD:
		out_printf("*%s*\n\n", prepared);
		break;
	case FMT_HTML:
		out_printf("<p class=\"note\">%s</p>\n", prepared);
		break;
	}
}

void
render_subtitle(const struct render *r, const char *prepared)
{
	if (r->fmt == FMT_HTML)
		out_printf("<p class=\"sub\">%s</p>\n", prepared);
	else
		render_para(r, prepared);
}

void
render_list(const struct render *r, char *const *items, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	if (r->fmt == FMT_HTML)
		out_str("<ul>\n");
	for (i = 0; i < n; i++) {
		if (r->fmt == FMT_TEXT) {
			text_wrap(r, items[i], "  - ", 4);
		} else if (r->fmt == FMT_MD)
			out_printf("- %s\n", items[i]);
		else
			out_printf("<li>%s</li>\n", items[i]);
	}
	if (r->fmt == FMT_HTML)
		out_str("</ul>\n");
	else if (r->fmt == FMT_MD)
		out_char('\n');
}

/* Tables. */

void
rtable_init(struct rtable *t, size_t ncols, const char *const *head, const char *align)
{
	size_t i;

	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	t->head = xreallocarray(NULL, ncols, sizeof *t->head);
	for (i = 0; i < ncols; i++)
		t->head[i] = xstrdup(head[i]);
	t->align = xstrdup(align);
	t->flex = t->flex2 = SIZE_MAX;
}

/* Start a row; cells follow with table_cell, in column order. */
void
rtable_row(struct rtable *t)
{
	xgrow(&t->cell, &t->cap, (t->nrows + 1) * t->ncols, sizeof *t->cell);
	memset(t->cell + t->nrows * t->ncols, 0, t->ncols * sizeof *t->cell);
	t->nrows++;
	t->col = 0;
}

/* The next cell of the current row: prepared text, which the table takes. */
void
rtable_cell(struct rtable *t, char *prepared)
{
	if (t->col >= t->ncols)
		die("table: too many cells");
	t->cell[(t->nrows - 1) * t->ncols + t->col++] = prepared;
}

void
rtable_cellf(struct rtable *t, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	rtable_cell(t, buf_take(&b));
}

void
rtable_free(struct rtable *t)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		free(t->head[i]);
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cell[i]);
	free(t->head);
	free(t->align);
	free(t->cell);
	memset(t, 0, sizeof *t);
}

static const char *
cell_at(const struct rtable *t, size_t row, size_t col)
{
	const char *c = t->cell[row * t->ncols + col];

	return c ? c : "";
}

/* Shrink column j by up to over columns, to no less than least; the rest. */
static size_t
shrink(size_t *w, size_t j, size_t over, size_t least)
{
	size_t take;

	if (w[j] <= least)
		return over;
	take = w[j] - least < over ? w[j] - least : over;
	w[j] -= take;
	return over - take;
}

/*
 * Column widths for text: the flexible column shrunk to fit the width,
 * down to 12 columns, then the second one, then the first further.
 */
static size_t *
text_widths(const struct render *r, const struct rtable *t)
{
	size_t *w = xcalloc(t->ncols, sizeof *w), i, j, total;

	for (j = 0; j < t->ncols; j++)
		w[j] = utf8_width(t->head[j], strlen(t->head[j]));
	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++) {
			const char *c = cell_at(t, i, j);
			size_t cw = utf8_width(c, strlen(c));

			if (cw > w[j])
				w[j] = cw;
		}
	total = 2;
	for (j = 0; j < t->ncols; j++)
		total += w[j] + (j > 0 ? 2 : 0);
	if (total > (size_t)r->width && t->flex < t->ncols) {
		size_t over = total - (size_t)r->width;

		over = shrink(w, t->flex, over, 12);
		if (t->flex2 < t->ncols)
			over = shrink(w, t->flex2, over, 8);
		shrink(w, t->flex, over, 4);
	}
	return w;
}

/* One text cell padded to width w, cut with an ellipsis when too wide. */
static void
text_cell(const char *s, size_t w, char align, int last)
{
	size_t n = strlen(s), sw = utf8_width(s, n), used;

	if (sw > w) {
		n = utf8_fit(s, n, w - 1, &used);
		out_write(s, n);
		out_str("\xe2\x80\xa6");	/* U+2026 */
		sw = used + 1;
		if (!last)
			out_printf("%*s", (int)(w - sw), "");
		return;
	}
	if (align == 'r')
		out_printf("%*s", (int)(w - sw), "");
	out_write(s, n);
	if (align != 'r' && !last)
		out_printf("%*s", (int)(w - sw), "");
}

static void
text_table(const struct render *r, const struct rtable *t)
{
	size_t *w = text_widths(r, t), i, j;

	out_str("  ");
	for (j = 0; j < t->ncols; j++) {
		if (j > 0)
			out_str("  ");
		text_cell(t->head[j], w[j], t->align[j], j + 1 == t->ncols);
	}
	out_char('\n');
	for (i = 0; i < t->nrows; i++) {
		out_str("  ");
		for (j = 0; j < t->ncols; j++) {
			if (j > 0)
				out_str("  ");
			text_cell(cell_at(t, i, j), w[j], t->align[j], j + 1 == t->ncols);
		}
		out_char('\n');
	}
	free(w);
}

static void
md_table(const struct rtable *t)
{
	size_t i, j;

	for (j = 0; j < t->ncols; j++)
		out_printf("| %s ", t->head[j]);
	out_str("|\n");
	for (j = 0; j < t->ncols; j++)
		out_str(t->align[j] == 'r' ? "|---:" : "|---");
	out_str("|\n");
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++)
			out_printf("| %s ", cell_at(t, i, j));
		out_str("|\n");
	}
	out_char('\n');
}

static void
html_table(const struct rtable *t)
{
	size_t i, j;

	out_str("<div class=\"scroll\"><table>\n<thead><tr>");
	for (j = 0; j < t->ncols; j++)
		out_printf("<th%s>%s</th>", t->align[j] == 'r' ? " class=\"n\"" : "", t->head[j]);
	out_str("</tr></thead>\n<tbody>\n");
	for (i = 0; i < t->nrows; i++) {
		out_str("<tr>");
		for (j = 0; j < t->ncols; j++)
			out_printf("<td%s>%s</td>", t->align[j] == 'r' ? " class=\"n\"" : "",
			    cell_at(t, i, j));
		out_str("</tr>\n");
	}
	out_str("</tbody></table></div>\n");
}

void
render_table(const struct render *r, const struct rtable *t)
{
	if (r->fmt == FMT_TEXT)
		text_table(r, t);
	else if (r->fmt == FMT_MD)
		md_table(t);
	else
		html_table(t);
}

/* Charts. */

/* Eighths of a block, for bars drawn in text. */
static const char *const eighths[] = {
	"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c",
	"\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89", "\xe2\x96\x88"
};
#define FULL_BLOCK "\xe2\x96\x88"

/* A sparkline of v[0..n) in b: one of eight block heights per value. */
void
render_sparkline(struct buf *b, const uint64_t *v, size_t n)
{
	static const char *const ticks[] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
	};
	uint64_t max = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	for (i = 0; i < n; i++) {
		if (v[i] == 0)
			buf_adds(b, "\xc2\xb7");	/* a middle dot: none at all */
		else
			buf_adds(b, ticks[max ? (v[i] * 7 + max / 2) / max : 0]);
	}
}

/* A bar of v out of max in width columns, to eighths of a column. */
static void
text_bar(uint64_t v, uint64_t max, size_t width)
{
	uint64_t e = max ? (v * width * 8 + max / 2) / max : 0;
	size_t i;

	if (v > 0 && e == 0)
		e = 1;	/* something, however small, shows */
	for (i = 0; i < e / 8; i++)
		out_str(FULL_BLOCK);
	out_str(eighths[e % 8]);
}

/*
 * A step for an axis up to max: 1, 2 or 5 x 10^k, the smallest that needs
 * at most five gridlines, so the ticks read 0, 2, 4, 6, 8 and never 2.5.
 */
static uint64_t
nice_step(uint64_t max)
{
	uint64_t step = 1;

	for (;;) {
		if (max <= 5 * step)
			return step;
		if (max <= 10 * step)
			return 2 * step;
		if (max <= 25 * step)
			return 5 * step;
		if (step > UINT64_MAX / 100)
			return max;
		step *= 10;
	}
}

/* The widest of n strings, in columns. */
static size_t
widest(char *const *v, size_t n)
{
	size_t i, w, max = 0;

	for (i = 0; v != NULL && i < n; i++)
		if (v[i] != NULL && (w = utf8_width(v[i], strlen(v[i]))) > max)
			max = w;
	return max;
}

static void
put_padded(const char *s, size_t w, int right)
{
	size_t sw = utf8_width(s, strlen(s));

	if (right)
		out_printf("%*s%s", (int)(w - sw), "", s);
	else
		out_printf("%s%*s", s, (int)(w - sw), "");
}

/* Text: label, value and note in aligned columns, then the bar. */
static void
bars_text(const struct render *r, const struct chart *c)
{
	uint64_t max = 0;
	size_t i, lw = widest(c->label, c->n), nw = widest(c->note, c->n), vw = 1, barw;
	char num[24];

	for (i = 0; i < c->n; i++) {
		if (c->value[i] > max)
			max = c->value[i];
		if ((size_t)snprintf(num, sizeof num, "%" PRIu64, c->value[i]) > vw)
			vw = strlen(num);
	}
	barw = (size_t)r->width - 2 - lw - 2 - vw - 2 - (nw ? nw + 2 : 0);
	for (i = 0; i < c->n; i++) {
		out_str("  ");
		put_padded(c->label[i], lw, 0);
		out_printf("  %*" PRIu64, (int)vw, c->value[i]);
		if (c->value[i] > 0) {
			if (nw) {
				out_str("  ");
				put_padded(c->note[i], nw, 1);
			}
			out_str("  ");
			text_bar(c->value[i], max, barw);
		}
		out_char('\n');
	}
}

/* SVG: a frame of width x height with the chart's title for screen readers. */
static void
svg_open(const struct chart *c, int width, int height)
{
	out_printf("<figure>\n<figcaption><strong>%s</strong>%s</figcaption>\n"
	    "<svg viewBox=\"0 0 %d %d\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">"
	    "<title>%s</title>\n", c->title, c->caption ? c->caption : "", width, height, c->title);
}

static void
svg_close(void)
{
	out_str("</svg>\n</figure>\n");
}

/* The left axis: gridlines every step up to top, which it returns. */
static uint64_t
svg_axis(uint64_t max, int x0, int y0, int x1, int h)
{
	uint64_t step = nice_step(max ? max : 1), top, v;

	top = ((max ? max : 1) + step - 1) / step * step;
	for (v = 0; v <= top; v += step) {
		int y = y0 - (int)((uint64_t)h * v / top);

		out_printf("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>"
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%" PRIu64 "</text>\n",
		    x0, y, x1, y, v == 0 ? "#8c959f" : "#eaeef2", x0 - 4, y + 4, v);
	}
	return top;
}

/* Period labels under the bars, thinned so they do not overlap. */
static void
svg_labels(const struct chart *c, int x0, double slot, int y)
{
	size_t step = (size_t)(72 / slot) + 1, i;	/* a label is about 56 wide */

	for (i = 0; i < c->n; i++) {
		if ((c->n - 1 - i) % step != 0)
			continue;
		out_printf("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
		    x0 + slot * ((double)i + 0.5), y, c->label[i]);
	}
}

static void
bars_svg(const struct chart *c)
{
	const int W = 480, H = 220, x0 = 40, x1 = 452, y0 = 190, h = 170;
	uint64_t max = 0, top;
	double slot;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->value[i] > max)
			max = c->value[i];
	slot = (double)(x1 - x0) / (double)(c->n ? c->n : 1);
	svg_open(c, W, H);
	top = svg_axis(max, x0, y0, x1, h);
	for (i = 0; i < c->n; i++) {
		double bh = (double)h * (double)c->value[i] / (double)top;
		double x = x0 + slot * (double)i + slot * 0.15;

		out_printf("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
		    "<title>%s: %" PRIu64 "</title></rect>\n", x, y0 - bh, slot * 0.7, bh,
		    i == c->highlight ? "#0a5c8a" : "#7fb2d6", c->label[i], c->value[i]);
		if (c->n <= 16 && c->value[i] > 0)
			out_printf("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%" PRIu64
			    "</text>\n", x + slot * 0.35, y0 - bh - 3, c->value[i]);
	}
	svg_labels(c, x0, slot, y0 + 16);
	svg_close();
}

/* Bars, one per label: a figure of inline SVG in HTML, block bars elsewhere. */
void
render_bars(const struct render *r, const struct chart *c)
{
	if (r->fmt == FMT_HTML) {
		bars_svg(c);
		return;
	}
	if (r->fmt == FMT_MD)
		out_str("```text\n");
	bars_text(r, c);
	if (r->fmt == FMT_MD)
		out_str("```\n\n");
}

/*
 * Stacked bars: each label's layers side by side in text, one glyph per
 * unit scaled to fit, so the composition shows at a glance.
 */
static void
stack_text(const struct render *r, const struct stack *s)
{
	uint64_t max = 0, tot;
	size_t i, k, lw = widest(s->label, s->n), nw = 0, barw, used;
	char **nums = xcalloc(s->n, sizeof *nums);

	for (i = 0; i < s->n; i++) {
		struct buf b = { 0 };

		for (tot = 0, k = 0; k < s->nlayers; k++) {
			tot += s->value[i * s->nlayers + k];
			buf_printf(&b, "%s%" PRIu64, k ? "/" : "", s->value[i * s->nlayers + k]);
		}
		if (tot > max)
			max = tot;
		nums[i] = buf_take(&b);
		if (strlen(nums[i]) > nw)
			nw = strlen(nums[i]);
	}
	out_printf("  %*s", (int)(lw + 2 + nw), "");
	for (k = 0; k < s->nlayers; k++)
		out_printf("  %s %s", s->glyph[k], s->layer[k]);
	out_char('\n');
	barw = (size_t)r->width - 2 - lw - 2 - nw - 2;
	for (i = 0; i < s->n; i++) {
		out_str("  ");
		put_padded(s->label[i], lw, 0);
		out_str("  ");
		put_padded(nums[i], nw, 1);
		for (tot = 0, k = 0; k < s->nlayers; k++)
			tot += s->value[i * s->nlayers + k];
		if (tot > 0)
			out_str("  ");
		for (used = 0, tot = 0, k = 0; k < s->nlayers; k++) {
			size_t end, j;

			tot += s->value[i * s->nlayers + k];
			end = max ? (size_t)((tot * barw + max / 2) / max) : 0;
			if (s->value[i * s->nlayers + k] > 0 && end == used)
				end = used + 1;
			for (j = used; j < end; j++)
				out_str(s->glyph[k]);
			used = end;
		}
		out_char('\n');
		free(nums[i]);
	}
	free(nums);
}

static void
stack_legend(const struct stack *s, int y)
{
	size_t k;

	for (k = 0; k < s->nlayers; k++) {
		int x = 40 + (int)k * 110;

		out_printf("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
		    "<text x=\"%d\" y=\"%d\">%s</text>\n", x, y - 10, s->color[k], x + 16, y, s->layer[k]);
	}
}

static void
stack_svg(const struct stack *s)
{
	const int W = 480, H = 240, x0 = 40, x1 = 452, y0 = 190, h = 160;
	uint64_t max = 0, top, tot;
	struct chart c = { 0 };
	double slot;
	size_t i, k;

	for (i = 0; i < s->n; i++) {
		for (tot = 0, k = 0; k < s->nlayers; k++)
			tot += s->value[i * s->nlayers + k];
		if (tot > max)
			max = tot;
	}
	slot = (double)(x1 - x0) / (double)(s->n ? s->n : 1);
	c.title = s->title, c.caption = s->caption, c.n = s->n, c.label = s->label;
	svg_open(&c, W, H);
	top = svg_axis(max, x0, y0, x1, h);
	for (i = 0; i < s->n; i++) {
		double y = y0, x = x0 + slot * (double)i + slot * 0.15;

		for (k = 0; k < s->nlayers; k++) {
			uint64_t v = s->value[i * s->nlayers + k];
			double bh = (double)h * (double)v / (double)top;

			if (v == 0)
				continue;
			y -= bh;
			out_printf("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			    "fill=\"%s\"><title>%s: %" PRIu64 " %s</title></rect>\n", x, y, slot * 0.7,
			    bh, s->color[k], s->label[i], v, s->layer[k]);
		}
	}
	svg_labels(&c, x0, slot, y0 + 16);
	stack_legend(s, H - 8);
	svg_close();
}

void
render_stack(const struct render *r, const struct stack *s)
{
	if (r->fmt == FMT_HTML) {
		stack_svg(s);
		return;
	}
	if (r->fmt == FMT_MD)
		out_str("```text\n");
	stack_text(r, s);
	if (r->fmt == FMT_MD)
		out_str("```\n\n");
}

/*
 * The flow between states from one period to the next, as SVG: the
 * states before on the left, after on the right, each a bar as tall as
 * its members, and a band per pair as wide as the members who moved.
 */
static void
flow_nodes(const struct flow *f, const uint64_t *tot, double scale, int x, double *top,
    int side)
{
	double y = 30;
	size_t k;

	for (k = 0; k < f->nstates; k++) {
		double h = (double)tot[k] * scale;

		top[k] = y;
		if (tot[k] == 0)
			continue;
		out_printf("<rect x=\"%d\" y=\"%.1f\" width=\"14\" height=\"%.1f\" fill=\"%s\"/>"
		    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"%s\">%s %" PRIu64 "</text>\n",
		    x, y, h, f->color[k], side ? x + 20 : x - 6, y + h / 2 + 4,
		    side ? "start" : "end", f->state[k], tot[k]);
		y += h + 12;
	}
}

static void
flow_svg(const struct flow *f)
{
	const int W = 480, xl = 110, xr = 356;
	uint64_t in[FLOW_MAX] = { 0 }, outn[FLOW_MAX] = { 0 }, total = 0;
	double ltop[FLOW_MAX], rtop[FLOW_MAX], lused[FLOW_MAX] = { 0 }, rused[FLOW_MAX] = { 0 };
	double scale;
	struct chart c = { 0 };
	size_t a, b;
	int H;

	for (a = 0; a < f->nstates; a++)
		for (b = 0; b < f->nstates; b++) {
			outn[a] += f->m[a][b];
			in[b] += f->m[a][b];
			total += f->m[a][b];
		}
	scale = total ? 220.0 / (double)total : 0;
	if (scale > 24)
		scale = 24;	/* a handful of members: bands, not slabs */
	for (a = 0, b = 0, H = 0; a < f->nstates; a++) {
		b += outn[a] > 0;
		H += in[a] > 0;
	}
	H = 30 + (total ? (int)(scale * (double)total + 0.5) : 20) + 12 * ((int)(b > (size_t)H ? b : (size_t)H) - 1) + 12;
	c.title = f->title, c.caption = f->caption;
	svg_open(&c, W, H);
	out_printf("<text x=\"%d\" y=\"16\" text-anchor=\"middle\">%s</text>"
	    "<text x=\"%d\" y=\"16\" text-anchor=\"middle\">%s</text>\n",
	    xl + 7, f->before, xr + 7, f->after);
	if (total == 0)
		out_printf("<text x=\"%d\" y=\"46\" text-anchor=\"middle\">no members in "
		    "either window</text>\n", W / 2);
	flow_nodes(f, outn, scale, xl, ltop, 0);
	flow_nodes(f, in, scale, xr, rtop, 1);
	for (a = 0; a < f->nstates; a++)
		for (b = 0; b < f->nstates; b++) {
			double h = (double)f->m[a][b] * scale, y1, y2;

			if (f->m[a][b] == 0)
				continue;
			y1 = ltop[a] + lused[a] + h / 2;
			y2 = rtop[b] + rused[b] + h / 2;
			lused[a] += h;
			rused[b] += h;
			out_printf("<path d=\"M%d %.1fC%d %.1f %d %.1f %d %.1f\" fill=\"none\" "
			    "stroke=\"%s\" stroke-opacity=\"%s\" stroke-width=\"%.1f\">"
			    "<title>%s \xe2\x86\x92 %s: %" PRIu64 "</title></path>\n",
			    xl + 14, y1, (xl + xr) / 2, y1, (xl + xr) / 2, y2, xr, y2,
			    f->color[a == b ? a : b], a == b ? "0.25" : "0.6", h < 1 ? 1.0 : h,
			    f->state[a], f->state[b], f->m[a][b]);
		}
	svg_close();
}

/* Text and Markdown: the same flow as a table of from x to counts. */
static void
flow_table(const struct render *r, const struct flow *f)
{
	const char *head[FLOW_MAX + 1];
	char align[FLOW_MAX + 2];
	struct buf corner = { 0 };
	struct rtable t;
	size_t a, b;

	render_words(r, &corner, f->before);
	buf_adds(&corner, " \\ ");
	render_words(r, &corner, f->after);
	head[0] = corner.p;
	align[0] = 'l';
	for (b = 0; b < f->nstates; b++) {
		head[b + 1] = f->state[b];
		align[b + 1] = 'r';
	}
	align[f->nstates + 1] = '\0';
	rtable_init(&t, f->nstates + 1, head, align);
	for (a = 0; a < f->nstates; a++) {
		rtable_row(&t);
		rtable_cell(&t, xstrdup(f->state[a]));
		for (b = 0; b < f->nstates; b++)
			rtable_cellf(&t, "%" PRIu64, f->m[a][b]);
	}
	render_table(r, &t);
	rtable_free(&t);
	buf_free(&corner);
}

void
render_flow(const struct render *r, const struct flow *f)
{
	if (r->fmt == FMT_HTML)
		flow_svg(f);
	else
		flow_table(r, f);
}
