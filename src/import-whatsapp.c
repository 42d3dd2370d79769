/*
 * import-whatsapp.c: cop-import whatsapp, the text a chat export writes.
 * Each message starts a line with its date and time, as the phone was set
 * up: Android "15/01/2024, 09:58 - Name: text", iOS "[15/01/24, 09:58:31]
 * Name: text", slashes or dots, 12- or 24-hour clocks; lines that do not
 * start so continue the message above. WhatsApp's own lines (encryption
 * notice, joins, adds, removals, subject and settings changes, missed
 * calls) are membership rows for the people they name, or counted.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

struct whatsapp {
	struct imp *im;
	struct input in;
	struct buf venue;
	struct buf line;	/* the message being read, continuation lines joined */
	uint64_t lineno;	/* its first line */
	int have, decided;
	struct order_vote vote;
	struct numdate date;
	int ios;
};

static const char LRM[] = "\xe2\x80\x8e";

static size_t
skip_marks(const char *s, size_t n)
{
	size_t i = 0;

	while (i + 3 <= n && memcmp(s + i, LRM, 3) == 0)
		i += 3;
	return i;
}

/*
 * The date and time a message line starts with: "[date, time] " (iOS) or
 * "date, time - " (Android). Returns the length of that start, 0 if the
 * line is not a message's first.
 */
static size_t
line_start(const char *s, size_t n, struct numdate *d, int *ios)
{
	size_t i = skip_marks(s, n), used;

	*ios = i < n && s[i] == '[';
	i += (size_t)*ios;
	if (numdate_scan(s + i, n - i, d, &used) != 0 || !d->has_time)
		return 0;
	i += used;
	if (*ios) {
		if (i >= n || s[i] != ']')
			return 0;
		i++;
		return i < n && s[i] == ' ' ? i + 1 : i;
	}
	if (i + 3 <= n && memcmp(s + i, " - ", 3) == 0)
		return i + 3;
	if (i + 5 <= n && memcmp(s + i, " \xe2\x80\x93 ", 5) == 0)	/* an en dash */
		return i + 5;
	return 0;
}

static int
starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0;
}

static int
ends(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static const char *
find(const char *s, size_t n, const char *what)
{
	size_t k = strlen(what), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, what, k) == 0)
			return s + i;
	return NULL;
}

static void
row(struct whatsapp *w, const char *action, const char *who, size_t n, const struct field *text)
{
	struct row r;
	int64_t t;

	if (numdate_time(&w->im->o->c.tz, &w->date, imp_order(w->im, w->in.name, &w->vote), &t)) {
		imp_bad(w->im, w->in.name, w->lineno, "cannot read the date as %s (as line %"
		    PRIu64 " shows)", date_order_name(imp_order(w->im, w->in.name, &w->vote)),
		    w->vote.line);
		return;
	}
	r.time = t;
	r.action = action;
	r.member = (struct field){ who, n };
	r.venue = (struct field){ w->venue.p, w->venue.n };
	r.thread = r.reply_to = (struct field){ "", 0 };
	r.text = *text;
	if (imp_member(w->im, who, n) == STR_NONE)
		imp_bad(w->im, w->in.name, w->lineno, "a message without a sender");
	else
		imp_row(w->im, &r);
}

static int
is_you(const char *s, size_t n)
{
	n -= skip_marks(s, n);
	s += skip_marks(s, n);
	return (n == 3 && memcmp(s, "You", 3) == 0) || (n == 3 && memcmp(s, "you", 3) == 0);
}

/* A join or leave for each person "A, B and C" names; "you" is counted. */
static void
people(struct whatsapp *w, const char *s, size_t n, const char *action, const char *you)
{
	static const struct field none = { "", 0 };
	const char *end = s + n, *comma, *and, *stop;

	while (s < end) {
		comma = find(s, (size_t)(end - s), ", ");
		and = find(s, (size_t)(end - s), " and ");
		stop = comma && (!and || comma < and) ? comma : and ? and : end;
		if (is_you(s, (size_t)(stop - s)))
			imp_count(w->im, you, 1);
		else if (stop > s)
			row(w, action, s, (size_t)(stop - s), &none);
		s = stop == end ? end : stop + (stop == comma ? 2 : 5);
	}
}

/* WhatsApp's notices that count, not name anyone: the kind, or NULL. */
static const char *
notice_kind(const char *s, size_t n)
{
	static const char *const kinds[][2] = {
		{ "Messages and calls are end-to-end encrypted", "encryption notice" },
		{ "Messages to this group are now secured", "encryption notice" },
		{ "Messages to this chat and calls are now secured", "encryption notice" },
		{ "Messages you send to this", "encryption notice" },
		{ "Your security code with ", "security code change" },
		{ "Missed voice call", "missed call" },
		{ "Missed video call", "missed call" },
		{ "Missed group voice call", "missed call" },
		{ "Missed group video call", "missed call" },
		{ "You're now an admin", "admin change" },
		{ "You're no longer an admin", "admin change" },
		{ "Waiting for this message", "message not delivered" },
	};
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (starts(s, n, kinds[i][0]))
			return kinds[i][1];
	if (find(s, n, "'s security code changed"))
		return "security code change";
	return NULL;
}

/* The notices about a group: "X changed the subject ...", and so on. */
static const char *
group_kind(const char *s, size_t n)
{
	static const char *const kinds[][2] = {
		{ " created group ", "group created" },
		{ " created this group", "group created" },
		{ " changed the subject ", "subject or settings change" },
		{ " changed this group's ", "subject or settings change" },
		{ " changed the group ", "subject or settings change" },
		{ " deleted this group's ", "subject or settings change" },
		{ " removed this group's ", "subject or settings change" },
		{ " the message timer", "message timer" },
		{ " disappearing messages", "message timer" },
		{ " now an admin", "admin change" },
		{ " no longer an admin", "admin change" },
		{ " changed their phone number", "phone number change" },
		{ " changed to +", "phone number change" },
		{ " pinned a message", "pinned message" },
	};
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (find(s, n, kinds[i][0]))
			return kinds[i][1];
	return NULL;
}

/* WhatsApp's own line s: membership rows, or a count. */
static void
notice(struct whatsapp *w, const char *s, size_t n)
{
	static const char *const joins[] = {
		" joined using this group's invite link",
		" joined using this community's invite link",
		" joined using a group link", " joined from the community", " joined"
	};
	size_t i, marks = skip_marks(s, n);
	const char *kind, *at;

	s += marks;
	n -= marks;
	if ((kind = notice_kind(s, n)) != NULL || (kind = group_kind(s, n)) != NULL) {
		imp_count(w->im, kind, 1);
		return;
	}
	for (i = 0; i < sizeof joins / sizeof joins[0]; i++)
		if (ends(s, n, joins[i])) {
			people(w, s, n - strlen(joins[i]), "join", "you joined");
			return;
		}
	if (ends(s, n, " left")) {
		people(w, s, n - 5, "leave", "you left");
		return;
	}
	if ((at = find(s, n, " added ")) != NULL) {
		people(w, at + 7, (size_t)(s + n - at - 7), "join", "added you");
		return;
	}
	if ((at = find(s, n, " removed ")) != NULL) {
		people(w, at + 9, (size_t)(s + n - at - 9), "leave", "removed you");
		return;
	}
	imp_count(w->im, "other WhatsApp notices", 1);
}

/* One whole message: a post by its sender, or a notice. */
static void
message(struct whatsapp *w)
{
	const char *s, *colon, *text;
	size_t n, skip, tn;
	struct field t;

	s = w->line.p;
	n = w->line.n;
	colon = find(s, n, ": ");
	if (colon == NULL || (!w->ios && (memchr(s, '"', (size_t)(colon - s)) != NULL ||
	    find(s, (size_t)(colon - s), "\xe2\x80\x9c") != NULL))) {
		notice(w, s, n);
		return;
	}
	text = colon + 2;
	tn = (size_t)(s + n - text);
	skip = skip_marks(text, tn);
	if (notice_kind(text + skip, tn - skip) != NULL ||
	    (skip > 0 && (group_kind(text + skip, tn - skip) != NULL ||
	    find(text, tn, " added ") || find(text, tn, " removed ") || ends(text, tn, " left") ||
	    find(text, tn, " joined")))) {
		notice(w, text + skip, tn - skip);
		return;
	}
	t.p = text;
	t.n = tn;
	row(w, "post", s, (size_t)(colon - s), &t);
}

/* Look through the file for a date that tells the day/month order. */
static void
decide_order(struct whatsapp *w)
{
	struct input look;
	struct numdate d;
	char *line;
	size_t n;
	int ios;

	w->decided = 1;
	if (w->im->o->order != DATE_ORDER_NONE)
		return;
	input_clone(&look, &w->in);
	while (w->vote.order == DATE_ORDER_NONE && input_line(&look, &line, &n))
		if (line_start(line, n, &d, &ios) > 0)
			order_vote(&w->vote, &d, look.lineno);
	input_close(&look);
}

static void
flush(struct whatsapp *w)
{
	if (w->have)
		message(w);
	w->have = 0;
}

static void
chat_line(struct whatsapp *w, char *line, size_t n)
{
	struct numdate d;
	size_t start;
	int ios;

	if (memchr(line, '\0', n) != NULL) {
		imp_bad(w->im, w->in.name, w->in.lineno, "a NUL byte: not a text file");
		return;
	}
	if ((start = line_start(line, n, &d, &ios)) == 0) {
		if (!w->have && n > 0) {
			out_flush();
			die("%s:%" PRIu64 ": not a WhatsApp chat export (the first line does "
			    "not start with a date and a time)", w->in.name, w->in.lineno);
		}
		buf_addc(&w->line, '\n');
		buf_add(&w->line, line, n);
		return;
	}
	flush(w);
	if (!w->decided)
		decide_order(w);
	w->have = 1;
	w->date = d;
	w->ios = ios;
	w->lineno = w->in.lineno;
	buf_set(&w->line, line + start, n - start);
}

/* The chat's name: --venue, else the file's, without "WhatsApp Chat with " and ".txt". */
static void
chat_name(struct whatsapp *w)
{
	static const char *const prefixes[] = { "WhatsApp Chat with ", "WhatsApp Chat - " };
	const char *base = w->im->o->venue ? w->im->o->venue : imp_basename(w->in.name);
	size_t n = strlen(base), i;

	if (w->im->o->venue == NULL) {
		for (i = 0; i < 2; i++)
			if (starts(base, n, prefixes[i]) && n > strlen(prefixes[i])) {
				base += strlen(prefixes[i]);
				n -= strlen(prefixes[i]);
			}
		if (ends(base, n, ".txt"))
			n -= 4;
	}
	buf_set(&w->venue, base, n);
}

static void
chat(struct whatsapp *w, const char *path)
{
	char *line;
	size_t n;

	input_open(&w->in, path, w->im->o->order == DATE_ORDER_NONE);
	chat_name(w);
	w->have = w->decided = 0;
	memset(&w->vote, 0, sizeof w->vote);
	while (input_line(&w->in, &line, &n))
		chat_line(w, line, n);
	flush(w);
	input_close(&w->in);
}

void
import_whatsapp(struct imp *im, char **paths, size_t n)
{
	static char *dash[] = { "-" };
	struct whatsapp w;
	size_t i;

	memset(&w, 0, sizeof w);
	w.im = im;
	buf_reset(&w.line);
	if (n == 0) {
		paths = dash;
		n = 1;
	}
	for (i = 0; i < n; i++)
		chat(&w, paths[i]);
	buf_free(&w.venue);
	buf_free(&w.line);
}
