/*
 * mbox.c: mailing-list archives. mbox_next splits an mbox file (mboxo or
 * mboxrd, as mail tools and Mailman's Pipermail write them) into messages
 * and keeps the few header fields an event needs, unfolded; bodies are
 * read line by line and dropped, so a 2 GB archive streams in the memory
 * of its largest header. The helpers read what the fields say: the
 * sender's name and address (RFC 5322 mailboxes, comments, Pipermail's
 * "x at y (Name)"), RFC 2047 encoded words, message ids.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

static const char *const mail_fields[MAIL_NFIELDS] = {
	"from", "date", "message-id", "in-reply-to", "references", "list-id", "subject"
};

void
mbox_init(struct mbox *m, struct input *in)
{
	memset(m, 0, sizeof *m);
	m->in = in;
}

void
mbox_free(struct mbox *m)
{
	int i;

	buf_free(&m->pending);
	buf_free(&m->from_copy);
	buf_free(&m->mail.from_line);
	for (i = 0; i < MAIL_NFIELDS; i++)
		buf_free(&m->mail.field[i]);
}

static int mbox_fail(struct mbox *, uint64_t, const char *, ...) COP_PRINTF(3, 4);

static int
mbox_fail(struct mbox *m, uint64_t line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->err, sizeof m->err, fmt, ap);
	va_end(ap);
	m->err_line = line;
	return -1;
}

/* The next line: the one read ahead if any, else a new one. */
static int
next_line(struct mbox *m, char **line, size_t *len)
{
	if (m->have_pending) {
		m->have_pending = 0;
		*line = m->pending.p;
		*len = m->pending.n;
		m->lineno = m->pending_line;
		return 1;
	}
	if (!input_line(m->in, line, len))
		return 0;
	m->lineno = m->in->lineno;
	return 1;
}

static int
is_from_line(const char *s, size_t n)
{
	return n > 5 && memcmp(s, "From ", 5) == 0;
}

/* "Name:" with a name of printable ASCII, as RFC 5322 fields start. */
static int
is_header_line(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i] != ':'; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return 0;
	return i > 0 && i < n;
}

static int
field_index(const char *s, size_t n)
{
	int i;
	size_t k;

	for (i = 0; i < MAIL_NFIELDS; i++) {
		if (strlen(mail_fields[i]) != n)
			continue;
		for (k = 0; k < n && (s[k] | 0x20) == mail_fields[i][k]; k++)
			;
		if (k == n)
			return i;
	}
	return -1;
}

static void
mail_clear(struct mail *msg)
{
	int i;

	buf_reset(&msg->from_line);
	for (i = 0; i < MAIL_NFIELDS; i++) {
		buf_reset(&msg->field[i]);
		msg->have[i] = 0;
	}
}

/*
 * The header section, up to the blank line. A folded line continues the
 * field above it (RFC 5322 unfolding: the line break goes, the space
 * stays); the first of two fields of one name wins. Returns 0 at the end
 * of the input.
 */
static int
read_header(struct mbox *m)
{
	struct mail *msg = &m->mail;
	int cur = -1, skip_cur = 0;
	char *line, *colon;
	size_t len;

	while (next_line(m, &line, &len)) {
		if (len == 0)
			return 1;
		if (line[0] == ' ' || line[0] == '\t') {
			if (cur >= 0 && !skip_cur)
				buf_add(&msg->field[cur], line, len);
			continue;
		}
		if (!is_header_line(line, len)) {
			m->in_body_line = 1;	/* a body without its blank line */
			return 1;
		}
		colon = memchr(line, ':', len);
		cur = field_index(line, (size_t)(colon - line));
		skip_cur = cur >= 0 && msg->have[cur];
		if (cur >= 0 && !skip_cur) {
			msg->have[cur] = 1;
			buf_set(&msg->field[cur], colon + 1, len - (size_t)(colon + 1 - line));
		}
	}
	return 0;
}

/*
 * A "From " line starts a message when a blank line (or the start of the
 * file) is before it and a header field after it. mboxrd and mboxo quote
 * "From " in bodies as ">From ", but archives are not always careful, so
 * both conditions are asked for. The line after is read ahead and kept.
 */
static int
starts_message(struct mbox *m, const char *line, size_t len, int after_blank)
{
	uint64_t from_lineno = m->lineno;
	char *next;
	size_t n;
	int yes;

	if (!after_blank || !is_from_line(line, len))
		return 0;
	buf_set(&m->from_copy, line, len);
	if (!input_line(m->in, &next, &n))
		return 0;
	yes = is_header_line(next, n);
	buf_set(&m->pending, next, n);
	m->pending_line = m->in->lineno;
	m->have_pending = 1;
	m->lineno = from_lineno;
	return yes;
}

/* Read a body and drop it; stop at the next message's From_ line. */
static void
skip_body(struct mbox *m)
{
	int after_blank = m->in_body_line ? 0 : 1;
	char *line;
	size_t len;

	m->in_body_line = 0;
	m->next_from = 0;
	while (next_line(m, &line, &len)) {
		if (starts_message(m, line, len, after_blank)) {
			m->next_from = 1;
			m->next_from_line = m->lineno;
			return;
		}
		after_blank = len == 0;
	}
}

/*
 * The next message: its From_ line and the fields of mail_fields, in
 * m->mail. Returns 1, 0 at the end, -1 if the input is not an mbox (the
 * first line is not a From_ line), with m->err.
 */
int
mbox_next(struct mbox *m)
{
	struct mail *msg = &m->mail;
	char *line;
	size_t len;

	mail_clear(msg);
	if (!m->started) {
		m->started = 1;
		if (!next_line(m, &line, &len))
			return 0;
		if (!is_from_line(line, len))
			return mbox_fail(m, m->lineno, "not an mbox file: the first line does not "
			    "start with \"From \"");
		buf_set(&msg->from_line, line + 5, len - 5);
		msg->line = m->lineno;
	} else {
		if (!m->next_from)
			return 0;
		buf_set(&msg->from_line, m->from_copy.p + 5, m->from_copy.n - 5);
		msg->line = m->next_from_line;
	}
	if (memchr(msg->from_line.p, '\0', msg->from_line.n) != NULL)
		return mbox_fail(m, msg->line, "a NUL byte: not a text file");
	if (read_header(m))
		skip_body(m);
	else
		m->next_from = 0;
	return 1;
}

/* RFC 2047 encoded words: "=?charset?Q?text?=" and "=?charset?B?text?=". */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

static int
decode_q(const char *s, size_t n, struct buf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '_')
			buf_addc(out, ' ');
		else if (s[i] == '=' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
		    hexval(s[i + 2]) >= 0) {
			buf_addc(out, (char)(hexval(s[i + 1]) << 4 | hexval(s[i + 2])));
			i += 2;
		} else if (s[i] == '=')
			return -1;
		else
			buf_addc(out, s[i]);
	}
	return 0;
}

static int
decode_b(const char *s, size_t n, struct buf *out)
{
	uint32_t acc = 0;
	int bits = 0, v;
	size_t i;

	for (i = 0; i < n && s[i] != '='; i++) {
		if ((v = b64val((unsigned char)s[i])) < 0)
			return -1;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(out, (char)(acc >> bits & 0xff));
		}
	}
	return 0;
}

/*
 * One encoded word at s (which starts "=?"): decoded into out as UTF-8.
 * Returns its length, or 0 if it is not a well-formed encoded word.
 */
static size_t
encoded_word(const char *s, size_t n, struct buf *out, struct buf *tmp)
{
	const char *cs = s + 2, *enc, *text, *end;
	size_t i;
	int r;

	enc = memchr(cs, '?', n - 2);
	if (enc == NULL || enc + 2 >= s + n || enc[2] != '?')
		return 0;
	text = enc + 3;
	for (end = NULL, i = (size_t)(text - s); i + 1 < n; i++)
		if (s[i] == '?' && s[i + 1] == '=') {
			end = s + i;
			break;
		}
	if (end == NULL || memchr(s, ' ', (size_t)(end - s)) != NULL)
		return 0;
	buf_reset(tmp);
	if ((enc[1] | 0x20) == 'q')
		r = decode_q(text, (size_t)(end - text), tmp);
	else if ((enc[1] | 0x20) == 'b')
		r = decode_b(text, (size_t)(end - text), tmp);
	else
		return 0;
	if (r != 0)
		return 0;
	charset_to_utf8(cs, (size_t)(enc - cs), tmp->p, tmp->n, out);
	return (size_t)(end + 2 - s);
}

/*
 * Decode the encoded words of s into out; the white space between two
 * adjacent encoded words goes (RFC 2047 section 6.2), other text stays.
 */
void
rfc2047_decode(const char *s, size_t n, struct buf *out)
{
	struct buf tmp = { 0 };
	size_t i = 0, w, gap_start = 0, gap = 0;
	int after_word = 0;

	while (i < n) {
		if (s[i] == '=' && i + 1 < n && s[i + 1] == '?' &&
		    (w = encoded_word(s + i, n - i, out, &tmp)) > 0) {
			i += w;
			after_word = 1;
			gap = 0;
			continue;
		}
		if (after_word && (s[i] == ' ' || s[i] == '\t')) {
			if (gap == 0)
				gap_start = i;
			gap++;
			i++;
			continue;
		}
		if (gap > 0)
			buf_add(out, s + gap_start, gap);
		gap = 0;
		after_word = 0;
		buf_addc(out, s[i++]);
	}
	if (gap > 0)
		buf_add(out, s + gap_start, gap);
	buf_free(&tmp);
}

/* Mailboxes: the first of an address list, as name and address. */

/* A quoted string or comment at s[*i] (its opener), unescaped into out. */
static void
delimited(const char *s, size_t n, size_t *i, struct buf *out)
{
	char open = s[*i], close = open == '(' ? ')' : '"';
	int depth = 1;

	for ((*i)++; *i < n; (*i)++) {
		char c = s[*i];

		if (c == '\\' && *i + 1 < n) {
			buf_addc(out, s[++*i]);
			continue;
		}
		if (open == '(' && c == '(')
			depth++;
		else if (c == close && --depth == 0) {
			(*i)++;
			return;
		}
		buf_addc(out, c);
	}
}

static void
add_word(struct buf *b, const char *s, size_t n)
{
	if (b->n > 0 && n > 0)
		buf_addc(b, ' ');
	buf_add(b, s, n);
}

/* Pipermail hides addresses as "x at y": the address is "x@y". */
static void
unhide_at(struct buf *addr)
{
	char *at = addr->n > 8 ? strstr(addr->p, " at ") : NULL;

	if (at == NULL || memchr(addr->p, '@', addr->n) != NULL)
		return;
	*at = '@';
	memmove(at + 1, at + 4, addr->n - (size_t)(at + 4 - addr->p) + 1);
	addr->n -= 3;
}

/* Remove quotes or apostrophes around a whole name, as Outlook adds them. */
static void
trim_name(struct buf *b)
{
	size_t s = 0, e = b->n;

	while (s < e && (b->p[s] == ' ' || b->p[s] == '\t'))
		s++;
	while (e > s && (b->p[e - 1] == ' ' || b->p[e - 1] == '\t'))
		e--;
	while (e - s >= 2 && (b->p[s] == '\'' || b->p[s] == '"') && b->p[e - 1] == b->p[s])
		s++, e--;
	memmove(b->p, b->p + s, e - s);
	b->n = e - s;
	if (b->cap > 0)
		b->p[b->n] = '\0';
}

/*
 * The parts of the first mailbox of s: its phrase (words and quoted
 * strings, one space apart), its comments, and its address in angle
 * brackets.
 */
static void
mailbox_parts(const char *s, size_t n, struct buf *phrase, struct buf *comment,
    struct buf *angle)
{
	size_t i = 0, start;

	while (i < n && s[i] != ',') {
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
		} else if (s[i] == '"') {
			if (phrase->n > 0)
				buf_addc(phrase, ' ');
			delimited(s, n, &i, phrase);
		} else if (s[i] == '(') {
			if (comment->n > 0)
				buf_addc(comment, ' ');
			delimited(s, n, &i, comment);
		} else if (s[i] == '<') {
			start = ++i;
			while (i < n && s[i] != '>')
				i++;
			buf_set(angle, s + start, i - start);
			i += i < n;
		} else {
			start = i;
			while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '"' &&
			    s[i] != '(' && s[i] != '<' && s[i] != ',')
				i++;
			add_word(phrase, s + start, i - start);
		}
	}
}

/*
 * The first mailbox of an address field (RFC 5322 section 3.4, obsolete
 * forms included): its display name, decoded, into name, or the comment
 * when there is no phrase ("addr (Name)"); its address into addr. Either
 * may come out empty.
 */
void
mail_mailbox(const char *s, size_t n, struct buf *name, struct buf *addr)
{
	struct buf phrase = { 0 }, comment = { 0 }, angle = { 0 };

	buf_reset(&phrase);
	buf_reset(&comment);
	buf_reset(&angle);
	mailbox_parts(s, n, &phrase, &comment, &angle);
	buf_reset(name);
	buf_reset(addr);
	if (angle.n > 0) {
		buf_add(addr, angle.p, angle.n);
		rfc2047_decode(phrase.n > 0 ? phrase.p : comment.p,
		    phrase.n > 0 ? phrase.n : comment.n, name);
	} else {
		buf_add(addr, phrase.p, phrase.n);
		unhide_at(addr);
		rfc2047_decode(comment.p, comment.n, name);
	}
	trim_name(name);
	trim_name(addr);
	buf_free(&phrase);
	buf_free(&comment);
	buf_free(&angle);
}

/*
 * The message ids "<...>" of a field (Message-ID, In-Reply-To,
 * References), without their brackets: the first when which is 0, the
 * last when 1. Returns 0 and sets *p, *len, or -1 when there is none.
 * Comments and phrases around ids (In-Reply-To "<id> (X's message of
 * ...)") are passed over.
 */
int
mail_msgid(const char *s, size_t n, int which, const char **p, size_t *len)
{
	const char *open = NULL, *close;
	size_t i = 0;
	int found = -1;

	while (i < n) {
		if (s[i] == '(') {
			struct buf skip = { 0 };

			delimited(s, n, &i, &skip);
			buf_free(&skip);
			continue;
		}
		if (s[i] == '"') {
			struct buf skip = { 0 };

			delimited(s, n, &i, &skip);
			buf_free(&skip);
			continue;
		}
		if (s[i] != '<') {
			i++;
			continue;
		}
		open = s + i + 1;
		close = memchr(open, '>', n - i - 1);
		if (close == NULL)
			break;
		if (close > open) {
			*p = open;
			*len = (size_t)(close - open);
			found = 0;
			if (which == 0)
				return 0;
		}
		i = (size_t)(close - s) + 1;
	}
	return found;
}
