/*
 * import-mbox.c: cop-import mbox, mailing-list archives. One post per
 * message, or a reply when it answers another (In-Reply-To, else the last
 * References id), with the author of the message it answers when that is
 * in the archive: a first pass notes who wrote each Message-ID, the second
 * writes the rows. The thread is the first References id; the member the
 * sender's decoded name, or address.
 */
#include <stdint.h>
#include <string.h>

#include "cop.h"

struct mailbox {
	struct imp *im;
	struct input file, keep, *in;
	struct mbox mb;
	int pass;
	struct buf name, addr, venue, subject, sender;
};

static uint64_t
id_key(const char *id, size_t n)
{
	return imp_key("mbox", 4, id, n);
}

static const struct buf *
field(const struct mailbox *m, int k)
{
	return &m->mb.mail.field[k];
}

/* The message's own id: the first "<...>", else the whole field trimmed. */
static int
own_id(const struct mailbox *m, const char **p, size_t *n)
{
	const struct buf *f = field(m, MAIL_MESSAGE_ID);
	size_t s = 0, e = f->n;

	if (mail_msgid(f->p, f->n, 0, p, n) == 0)
		return 0;
	while (s < e && (f->p[s] == ' ' || f->p[s] == '\t'))
		s++;
	while (e > s && (f->p[e - 1] == ' ' || f->p[e - 1] == '\t'))
		e--;
	*p = f->p + s;
	*n = e - s;
	return e > s ? 0 : -1;
}

/* The From_ line's sender, "addr" or Pipermail's "x at y". */
static void
from_line_sender(struct mailbox *m)
{
	const struct buf *fl = &m->mb.mail.from_line;
	const char *sp = memchr(fl->p, ' ', fl->n);
	size_t n = sp ? (size_t)(sp - fl->p) : fl->n;

	buf_set(&m->sender, fl->p, n);
	if (fl->n > n + 4 && memcmp(fl->p + n, " at ", 4) == 0) {
		const char *dom = fl->p + n + 4, *end = memchr(dom, ' ', fl->n - n - 4);

		buf_addc(&m->sender, '@');
		buf_add(&m->sender, dom, end ? (size_t)(end - dom) : (size_t)(fl->p + fl->n - dom));
	}
}

/* The sender: From's name and address, else the From_ line's address. */
static void
sender(struct mailbox *m)
{
	mail_mailbox(field(m, MAIL_FROM)->p, field(m, MAIL_FROM)->n, &m->name, &m->sender);
	if (m->sender.n == 0 && m->name.n == 0)
		from_line_sender(m);
	imp_address(&m->addr, m->sender.p, m->sender.n);
}

static uint32_t
author(struct mailbox *m)
{
	const struct buf *key, *other;
	uint32_t id;

	sender(m);
	key = m->im->o->by_address ? &m->addr : &m->name;
	if (key->n == 0)
		key = key == &m->addr ? &m->name : &m->addr;
	other = key == &m->addr ? &m->name : &m->addr;
	if ((id = imp_member(m->im, key->p, key->n)) != STR_NONE)
		imp_alias(m->im, id, other->p, other->n);
	return id;
}

/* The Date field, else the date of the From_ line, read in the -z zone. */
static int
mail_time(struct mailbox *m, int64_t *t)
{
	const struct buf *d = field(m, MAIL_DATE), *fl = &m->mb.mail.from_line;
	size_t i;

	if (d->n > 0 && time_parse_mail(&m->im->o->c.tz, d->p, d->n, t) == 0)
		return 0;
	for (i = 0; i < fl->n; i++)
		if ((i == 0 || fl->p[i - 1] == ' ') && fl->p[i] != ' ' &&
		    time_parse_mail(&m->im->o->c.tz, fl->p + i, fl->n - i, t) == 0)
			return 0;
	return -1;
}

/* The list: List-Id's "<id>", else its text, else the file's name. */
static void
list_venue(struct mailbox *m)
{
	const struct buf *l = field(m, MAIL_LIST_ID);
	const char *p;
	size_t n;

	if (m->im->o->venue != NULL)
		buf_set(&m->venue, m->im->o->venue, strlen(m->im->o->venue));
	else if (mail_msgid(l->p, l->n, 0, &p, &n) == 0)
		buf_set(&m->venue, p, n);
	else if (l->n > 0)
		buf_set(&m->venue, l->p, l->n);
	else
		buf_set(&m->venue, imp_basename(m->in->name), strlen(imp_basename(m->in->name)));
}

/* The message answered: In-Reply-To's id, else the last of References. */
static int
parent_id(const struct mailbox *m, const char **p, size_t *n)
{
	if (mail_msgid(field(m, MAIL_IN_REPLY_TO)->p, field(m, MAIL_IN_REPLY_TO)->n, 0, p, n) == 0)
		return 0;
	return mail_msgid(field(m, MAIL_REFERENCES)->p, field(m, MAIL_REFERENCES)->n, 1, p, n);
}

/* The thread's root: the first References id, else the parent's, else its own. */
static struct field
thread_root(const struct mailbox *m)
{
	struct field f = { "", 0 };

	if (mail_msgid(field(m, MAIL_REFERENCES)->p, field(m, MAIL_REFERENCES)->n, 0, &f.p, &f.n) &&
	    parent_id(m, &f.p, &f.n) && own_id(m, &f.p, &f.n))
		f = (struct field){ "", 0 };
	return f;
}

static void
note(struct mailbox *m)
{
	const char *id;
	size_t n;
	uint32_t who;

	if (own_id(m, &id, &n) == 0 && (who = author(m)) != STR_NONE)
		imp_note_message(m->im, id_key(id, n), who);
}

static void
message(struct mailbox *m)
{
	uint64_t line = m->mb.mail.line;
	const char *pid;
	size_t pn;
	struct row r;
	uint32_t who;

	if (mail_time(m, &r.time) != 0) {
		imp_bad(m->im, m->in->name, line, "a message without a date (Date: \"%s\")",
		    quote_value(field(m, MAIL_DATE)->p, field(m, MAIL_DATE)->n));
		return;
	}
	if ((who = author(m)) == STR_NONE) {
		imp_bad(m->im, m->in->name, line, "a message without a sender");
		return;
	}
	list_venue(m);
	buf_reset(&m->subject);
	rfc2047_decode(field(m, MAIL_SUBJECT)->p, field(m, MAIL_SUBJECT)->n, &m->subject);
	r.action = "post";
	r.member = imp_member_field(m->im, who);
	r.venue = (struct field){ m->venue.p, m->venue.n };
	r.thread = thread_root(m);
	r.reply_to = (struct field){ "", 0 };
	r.text = (struct field){ m->subject.p, m->subject.n };
	if (parent_id(m, &pid, &pn) == 0) {
		r.action = "reply";
		r.reply_to = imp_member_field(m->im, imp_message_author(m->im, id_key(pid, pn)));
	}
	imp_row(m->im, &r);
}

static void
archive(struct mailbox *m, const char *path)
{
	int r;

	m->in = imp_pass_open(&m->file, &m->keep, path, m->pass);
	mbox_init(&m->mb, m->in);
	while ((r = mbox_next(&m->mb)) != 0) {
		if (r < 0) {
			if (m->pass == 2)
				imp_bad(m->im, m->in->name, m->mb.err_line, "%s", m->mb.err);
			break;
		}
		if (m->pass == 1)
			note(m);
		else
			message(m);
	}
	mbox_free(&m->mb);
	imp_pass_close(m->in, &m->keep);
}

void
import_mbox(struct imp *im, char **paths, size_t n)
{
	static char *dash[] = { "-" };
	struct mailbox m;
	size_t i;

	memset(&m, 0, sizeof m);
	m.im = im;
	if (n == 0) {
		paths = dash;
		n = 1;
	}
	for (m.pass = 1; m.pass <= 2; m.pass++)
		for (i = 0; i < n; i++)
			archive(&m, paths[i]);
	if (m.keep.name != NULL)
		input_close(&m.keep);
	buf_free(&m.name);
	buf_free(&m.addr);
	buf_free(&m.venue);
	buf_free(&m.subject);
	buf_free(&m.sender);
}
