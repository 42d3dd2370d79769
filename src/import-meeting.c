/*
 * import-meeting.c: what the attendance reports of Zoom and Teams share.
 * A report lists joins, several per person who dropped and came back; a
 * meeting's rows are one attend per person at their first join, and a
 * host row for its host, written sorted once the report is read. The
 * table holds one meeting's attendees, never more.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

void
meeting_init(struct meeting *m, struct imp *im)
{
	memset(m, 0, sizeof *m);
	m->im = im;
	strtab_init(&m->keys);
	buf_reset(&m->venue);
	buf_reset(&m->thread);
	buf_reset(&m->host_email);
}

void
meeting_free(struct meeting *m)
{
	strtab_free(&m->keys);
	free(m->a);
	buf_free(&m->venue);
	buf_free(&m->thread);
	buf_free(&m->host_email);
	buf_free(&m->email);
}

/* Note a time of the report, for the meeting's start when it names none. */
void
meeting_time(struct meeting *m, int64_t t)
{
	if (!m->has_earliest || t < m->earliest)
		m->earliest = t;
	m->has_earliest = 1;
}

/*
 * A join by the person named name (address email, either may be empty)
 * at t; at_start: at the meeting's start, whenever that turns out to be.
 * Returns -1 when the person has neither name nor address.
 */
int
meeting_join(struct meeting *m, const struct field *name, const struct field *email,
    int64_t t, int at_start, int host)
{
	struct attendee *a;
	size_t before = m->keys.n;
	uint32_t id, k;
	int by_address;

	imp_address(&m->email, email->p, email->n);
	by_address = m->im->o->by_address && m->email.n > 0;
	id = by_address ? imp_member(m->im, m->email.p, m->email.n) :
	    imp_member(m->im, name->p, name->n);
	if (id == STR_NONE)
		return -1;
	if (by_address)
		imp_alias(m->im, id, name->p, name->n);
	else
		imp_alias(m->im, id, m->email.p, m->email.n);
	k = strtab_intern(&m->keys, (const char *)&id, sizeof id);
	if (k >= before) {
		xgrow(&m->a, &m->cap, (size_t)k + 1, sizeof *m->a);
		memset(&m->a[k], 0, sizeof m->a[k]);
		m->a[k].member = id;
		m->a[k].first = t;
	}
	a = &m->a[k];
	if (!at_start)
		meeting_time(m, t);
	if (t < a->first && !at_start)
		a->first = t;
	a->at_start |= at_start;
	a->host |= host;
	a->host |= m->host_email.n > 0 && m->email.n == m->host_email.n &&
	    memcmp(m->email.p, m->host_email.p, m->email.n) == 0;
	return 0;
}

struct meeting_row {
	int64_t t;
	uint32_t member;
	int host;
};

static const struct strtab *sort_names;	/* qsort has no context argument */

static int
cmp_rows(const void *pa, const void *pb)
{
	const struct meeting_row *a = pa, *b = pb;

	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	if (a->host != b->host)
		return a->host - b->host;
	return strtab_cmp(sort_names, a->member, b->member);
}

static void
write_row(struct meeting *m, const struct meeting_row *mr)
{
	struct row r;

	r.time = mr->t;
	r.action = mr->host ? "host" : "attend";
	r.member = imp_member_field(m->im, mr->member);
	r.venue = (struct field){ m->venue.p, m->venue.n };
	r.thread = (struct field){ m->thread.p, m->thread.n };
	r.reply_to = r.text = (struct field){ "", 0 };
	imp_row(m->im, &r);
}

/*
 * The rows of the meeting, sorted by time, attend before host, then by
 * handle. thread is the meeting id, or empty for the start time; a host
 * named by address only (host_email) who never joined hosts at the start.
 */
void
meeting_write(struct meeting *m)
{
	struct meeting_row *rows = xreallocarray(NULL, 2 * m->keys.n + 1, sizeof *rows);
	int64_t start = m->has_start ? m->start : m->earliest;
	size_t i, n = 0;
	int hosted = 0;
	char t[TIME_BUFSZ];

	if (m->thread.n == 0 && (m->has_start || m->has_earliest)) {
		time_format_utc(start, t);
		buf_set(&m->thread, t, strlen(t));
	}
	for (i = 0; i < m->keys.n; i++) {
		struct attendee *a = &m->a[i];
		int64_t first = a->at_start && start < a->first ? start : a->first;

		rows[n++] = (struct meeting_row){ first, a->member, 0 };
		if (a->host) {
			rows[n++] = (struct meeting_row){ first, a->member, 1 };
			hosted = 1;
		}
	}
	if (!hosted && m->host_email.n > 0 && (m->has_start || m->has_earliest)) {
		uint32_t id = imp_member(m->im, m->host_email.p, m->host_email.n);

		if (id != STR_NONE)
			rows[n++] = (struct meeting_row){ start, id, 1 };
	}
	sort_names = &m->im->names;
	if (n > 1)
		qsort(rows, n, sizeof *rows, cmp_rows);
	for (i = 0; i < n; i++)
		write_row(m, &rows[i]);
	free(rows);
}

/* A report's host, named by address in its meeting section (Zoom). */
void
meeting_host(struct meeting *m, const struct field *email)
{
	imp_address(&m->host_email, email->p, email->n);
}

/* The day/month order of a report: the first cell that is a numeric date and tells. */
void
meeting_order(struct meeting *m, struct input *in, char delim)
{
	struct input look;
	struct csv c;
	struct numdate d;
	size_t i, used;
	int r;

	m->decided = 1;
	if (m->im->o->order != DATE_ORDER_NONE)
		return;
	input_clone(&look, in);
	csv_init(&c, &look, delim);
	while (m->vote.order == DATE_ORDER_NONE && (r = csv_next(&c)) != 0)
		for (i = 0; r > 0 && i < c.nf; i++)
			if (numdate_scan(c.f[i].p, c.f[i].n, &d, &used) == 0 && used == c.f[i].n &&
			    d.has_time)
				order_vote(&m->vote, &d, c.line);
	csv_free(&c);
	input_close(&look);
}

/* A report's time cell: a numeric date and time in the -z zone. */
int
meeting_parse_time(struct meeting *m, struct input *in, char delim, const struct field *f,
    int64_t *t)
{
	struct numdate d;
	size_t used;

	if (time_parse(&m->im->o->c.tz, f->p, f->n, t) == 0)
		return 0;
	if (numdate_scan(f->p, f->n, &d, &used) != 0 || used != f->n)
		return -1;
	if (!m->decided)
		meeting_order(m, in, delim);
	return numdate_time(&m->im->o->c.tz, &d, imp_order(m->im, in->name, &m->vote), t);
}

/* A header cell equal to one of names, case ignored: its index, or -1. */
int
meeting_column(const struct csv *c, const char *const *names)
{
	size_t i, k;

	for (; *names; names++)
		for (i = 0; i < c->nf; i++) {
			const struct field *f = &c->f[i];

			if (f->n != strlen(*names))
				continue;
			for (k = 0; k < f->n && (f->p[k] | 0x20) == ((*names)[k] | 0x20); k++)
				;
			if (k == f->n)
				return (int)i;
		}
	return -1;
}

/* The venue named after the report's file, when nothing better is known. */
void
meeting_venue_from_file(struct meeting *m, const char *path)
{
	const char *base = imp_basename(path);
	size_t n = strlen(base);

	if (n > 4 && (strcmp(base + n - 4, ".csv") == 0 || strcmp(base + n - 4, ".tsv") == 0))
		n -= 4;
	buf_set(&m->venue, base, n);
}
