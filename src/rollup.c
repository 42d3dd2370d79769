/*
 * rollup.c: rollups, as cop-rollup(1) and cop-events(5) define them. A
 * rollup is TSV: a header line whose first cell is the signature
 *
 *	#coptools-rollup 1 grain=day zone=UTC strategic=-
 *
 * (the format version, the grain of its cells, the zone of their days and
 * the digest of the -S list its threads were matched against, or -) and
 * whose other cells name the columns, then one line per cell: the day,
 * [community,] venue, member, action, reply_to, [strategic,] count, first
 * and last time in Unix seconds. Names are the events' own bytes: -M,
 * -W and bots apply when a rollup is read, as on events.
 *
 * Reading one in place of events (events.c) gives each cell back as one
 * event standing for count events, or as two when its first and last
 * times differ: count - 1 at the first and 1 at the last. Every count,
 * sum, minimum and maximum over a day or longer is then the events' own.
 * A bad rollup is always fatal, -k or not: a wrong merge must never pass.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

/* The columns after the day, in order; community and strategic are optional. */
enum { RC_COMMUNITY, RC_VENUE, RC_MEMBER, RC_ACTION, RC_REPLY_TO, RC_STRATEGIC, RC_COUNT,
	RC_FIRST, RC_LAST, RC_N };
static const char *const rollup_columns[RC_N] = {
	"community", "venue", "member", "action", "reply_to", "strategic", "count", "first",
	"last"
};

/* Whether a line (a header's or a row's) is a rollup's header. */
int
rollup_is_header(const char *line, size_t n)
{
	size_t k = sizeof ROLLUP_SIGNATURE - 1;

	return n >= k && memcmp(line, ROLLUP_SIGNATURE, k) == 0 &&
	    (n == k || line[k] == ' ' || line[k] == '\t');
}

/*
 * Whether the current line of t ended in a LF. A rollup cut short (a full
 * disk, a copy interrupted) ends in a partial line; its cells would be
 * wrong, so the last line must be whole. tsv.c has moved its position past
 * the line and its LF, if it had one.
 */
void
rollup_check_line_end(const struct tsv *t)
{
	const char *end = t->line + t->len + t->cr;

	if (t->buf + t->pos != end + 1 || *end != '\n')
		tsv_die(t, NULL, "the last line has no newline: the rollup is truncated");
}

void
rollup_meta_free(struct rollup_meta *m)
{
	free(m->zone);
	m->zone = NULL;
}

/* Parse the signature's words: version, grain, zone, strategic. */
static void
parse_signature(const struct tsv *t, const char *s, size_t n, struct rollup_meta *m)
{
	const char *p = s + sizeof ROLLUP_SIGNATURE - 1, *end = s + n, *sp;
	int seen = 0;

	memset(m, 0, sizeof *m);
	while (p < end && *p == ' ')
		p++;
	if (end - p < 1 || *p != '1' || (end - p > 1 && p[1] != ' '))
		tsv_die(t, NULL, "a rollup of another format version (\"%s\"): this cop-rollup "
		    "reads version %d", quote_value(s, n), ROLLUP_VERSION);
	m->version = ROLLUP_VERSION;
	for (p++; p < end; p = sp) {
		size_t len;

		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		sp = memchr(p, ' ', (size_t)(end - p));
		if (sp == NULL)
			sp = end;
		len = (size_t)(sp - p);
		if (len > 6 && memcmp(p, "grain=", 6) == 0) {
			if (len != 9 || memcmp(p + 6, "day", 3) != 0)
				tsv_die(t, NULL, "a rollup of %s cells: this cop-rollup reads and "
				    "merges cells of a day", quote_value(p + 6, len - 6));
			seen |= 1;
		} else if (len > 5 && memcmp(p, "zone=", 5) == 0) {
			free(m->zone);
			m->zone = xmemdup(p + 5, len - 5);
			seen |= 2;
		} else if (len > 10 && memcmp(p, "strategic=", 10) == 0) {
			if (len == 11 && p[10] == '-')
				m->has_strategic = 0;
			else if (len == 26 && strspn(p + 10, "0123456789abcdef") >= 16) {
				char hex[17];

				memcpy(hex, p + 10, 16);
				hex[16] = '\0';
				m->strategic = strtoull(hex, NULL, 16);
				m->has_strategic = 1;
			} else
				goto bad;
			seen |= 4;
		} else {
bad:
			tsv_die(t, NULL, "the rollup header's \"%s\" is none of grain=, zone=, "
			    "strategic=", quote_value(p, len));
		}
	}
	if (seen != 7)
		tsv_die(t, NULL, "the rollup header lacks %s", !(seen & 1) ? "grain=" :
		    !(seen & 2) ? "zone=" : "strategic=");
}

/*
 * Parse the header line of a rollup (split into t->f): the signature, then
 * the column names, which must be those of the signature's format.
 */
void
rollup_parse_header(const struct tsv *t, struct rollup_meta *m)
{
	size_t i, k = 1;

	parse_signature(t, t->f[0].p, t->f[0].n, m);
	m->has_community = t->nf > 1 && t->f[1].n == 9 && memcmp(t->f[1].p, "community", 9) == 0;
	for (i = 0; i < RC_N; i++) {
		const char *name = rollup_columns[i];

		if ((i == RC_COMMUNITY && !m->has_community) ||
		    (i == RC_STRATEGIC && !m->has_strategic))
			continue;
		if (k >= t->nf || t->f[k].n != strlen(name) || memcmp(t->f[k].p, name,
		    t->f[k].n) != 0)
			tsv_die(t, NULL, "the rollup header's column %zu is %s%s%s, not \"%s\"",
			    k + 1, k < t->nf ? "\"" : "", k < t->nf ?
			    quote_value(t->f[k].p, t->f[k].n) : "missing", k < t->nf ? "\"" : "",
			    name);
		k++;
	}
	if (k != t->nf)
		tsv_die(t, NULL, "the rollup header has %zu columns, not %zu", t->nf, k);
}

/*
 * Another header (a later rollup's, in a merge or on standard input) must
 * describe cells that can be added to the first's.
 */
void
rollup_check_same(const struct tsv *t, const struct rollup_meta *m,
    const struct rollup_meta *first, const char *first_name)
{
	if (strcmp(m->zone, first->zone) != 0)
		tsv_die(t, NULL, "days in zone %s, but %s has them in zone %s: roll up every "
		    "shard with the same --tz", m->zone, first_name, first->zone);
	if (m->has_community != first->has_community)
		tsv_die(t, NULL, "%s community column, but %s %s: roll up logs of the same "
		    "columns", m->has_community ? "a" : "no", first_name,
		    first->has_community ? "has one" : "has none");
	if (m->has_strategic != first->has_strategic || m->strategic != first->strategic)
		tsv_die(t, NULL, "threads matched against %s, but %s against %s: roll up "
		    "every shard with the same -S", m->has_strategic ? "a -S list" : "no -S list",
		    first_name, first->has_strategic ? (m->has_strategic ? "another -S list" :
		    "a -S list") : "no -S list");
}

/* Digits only: a count or a time; -1 if not a number (or out of range). */
static int
parse_int(const struct field *f, int neg_ok, int64_t *v)
{
	const char *p = f->p, *end = f->p + f->n;
	int neg = 0;
	uint64_t x = 0;

	if (p < end && *p == '-' && neg_ok) {
		neg = 1;
		p++;
	}
	if (p == end || end - p > 18)
		return -1;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		x = x * 10 + (uint64_t)(*p - '0');
	}
	*v = neg ? -(int64_t)x : (int64_t)x;
	return 0;
}

/* YYYY-MM-DD, a real date, to its day number; -1 if not. */
static int
parse_day(const struct field *f, int64_t *day)
{
	int64_t v[3];
	int y, m, d, i;
	static const int at[3] = { 0, 5, 8 }, len[3] = { 4, 2, 2 };

	if (f->n != 10 || f->p[4] != '-' || f->p[7] != '-')
		return -1;
	for (i = 0; i < 3; i++) {
		struct field part = { f->p + at[i], (size_t)len[i] };

		if (parse_int(&part, 0, &v[i]) != 0)
			return -1;
	}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
		return -1;
	*day = days_from_civil(v[0], (int)v[1], (int)v[2]);
	civil_from_days(*day, &y, &m, &d);
	return y == v[0] && m == v[1] && d == v[2] ? 0 : -1;
}

static void
check_name(const struct tsv *t, const struct field *f, const char *column, int required)
{
	if (required && f->n == 0)
		tsv_die(t, column, "empty");
	if (memchr(f->p, '\0', f->n) != NULL)
		tsv_die(t, column, "holds a NUL byte: \"%s\"", quote_value(f->p, f->n));
}

/* A time of the cell: Unix seconds on the cell's day in the rollup's zone. */
static int64_t
cell_time(const struct tsv *t, const struct field *f, const char *column, struct tz *z,
    int64_t day)
{
	char buf[TIME_BUFSZ];
	int64_t v;

	if (parse_int(f, 1, &v) != 0)
		tsv_die(t, column, "not a time in Unix seconds: \"%s\"", quote_value(f->p, f->n));
	if (tz_day(z, v) != day) {
		day_format(day, buf);
		tsv_die(t, column, "%s is not on the cell's day %s in zone %s", quote_value(f->p,
		    f->n), buf, z->name);
	}
	return v;
}

/*
 * Parse the current row of t, a cell of a rollup described by m, into c
 * (names point into the row). Every value is checked: a cell that is not
 * what cop-rollup writes is an error naming its column.
 */
void
rollup_parse_cell(const struct tsv *t, const struct rollup_meta *m, struct tz *z,
    struct rollup_cell *c)
{
	size_t want = 8 + (size_t)m->has_community + (size_t)m->has_strategic, k = 1;
	const struct field *f = t->f;
	struct field none = { "", 0 };
	int64_t v;

	if (t->nf != want)
		tsv_die(t, NULL, "%zu field%s where the rollup header has %zu", t->nf,
		    t->nf == 1 ? "" : "s", want);
	if (parse_day(&f[0], &c->day) != 0)
		tsv_die(t, "day", "not a day (YYYY-MM-DD): \"%s\"", quote_value(f[0].p, f[0].n));
	c->community = m->has_community ? f[k++] : none;
	c->venue = f[k++];
	c->member = f[k++];
	c->action = f[k++];
	c->reply_to = f[k++];
	check_name(t, &c->community, "community", 0);
	check_name(t, &c->venue, "venue", 0);
	check_name(t, &c->member, "member", 1);
	check_name(t, &c->action, "action", 1);
	check_name(t, &c->reply_to, "reply_to", 0);
	c->strategic = -1;
	if (m->has_strategic) {
		if (f[k].n != 1 || (f[k].p[0] != '0' && f[k].p[0] != '1'))
			tsv_die(t, "strategic", "not 0 or 1: \"%s\"", quote_value(f[k].p, f[k].n));
		c->strategic = f[k++].p[0] == '1';
	}
	if (parse_int(&f[k], 0, &v) != 0 || v < 1)
		tsv_die(t, "count", "not a count of events (1 or more): \"%s\"",
		    quote_value(f[k].p, f[k].n));
	c->count = (uint64_t)v;
	k++;
	c->first = cell_time(t, &f[k], "first", z, c->day);
	c->last = cell_time(t, &f[k + 1], "last", z, c->day);
	if (c->last < c->first)
		tsv_die(t, "last", "%lld is before first %lld", (long long)c->last,
		    (long long)c->first);
	if (c->count == 1 && c->last != c->first)
		tsv_die(t, "last", "a cell of one event has one time, but first %lld and last "
		    "%lld differ", (long long)c->first, (long long)c->last);
}

/*
 * The digest of a -S list: FNV-1a (64 bits) of its lines, lower-cased as
 * loaded, sorted, without duplicates, each ending in LF. A format's own
 * hash, not hash.c's, which may change for speed: the digest is written
 * in rollups and must mean the same to every later version.
 */
uint64_t
rollup_strategic_digest(const struct pattern_params *pp)
{
	char **v = xreallocarray(NULL, pp->nstrategic + 1, sizeof *v);
	char *buf = NULL;
	size_t i, len = 0, cap = 0, n;
	uint64_t h;

	memcpy(v, pp->strategic, pp->nstrategic * sizeof *v);
	for (i = 1; i < pp->nstrategic; i++) {	/* a few lines: insertion sort */
		char *x = v[i];
		size_t j;

		for (j = i; j > 0 && strcmp(x, v[j - 1]) < 0; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	xgrow(&buf, &cap, 1, 1);
	for (i = 0; i < pp->nstrategic; i++) {
		if (i > 0 && strcmp(v[i], v[i - 1]) == 0)
			continue;
		n = strlen(v[i]);
		xgrow(&buf, &cap, len + n + 1, 1);
		memcpy(buf + len, v[i], n);
		len += n;
		buf[len++] = '\n';
	}
	h = 14695981039346656037ull;
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)buf[i]) * 1099511628211ull;
	free(buf);
	free(v);
	return h;
}

/*
 * cop-patterns -S on a rollup: a thread's match was decided when the
 * rollup was made, so it must have been made with the same list.
 */
void
rollup_check_strategic(const struct events *ev, const struct pattern_params *pp)
{
	const struct rollup_meta *m;

	if (ev->rollup == NULL || !pp->have_strategic)
		return;
	m = &ev->rollup->meta;
	if (!m->has_strategic)
		tsv_die(&ev->in, NULL, "-S matches threads, but this rollup was made without -S "
		    "and keeps no threads: roll up with the same -S FILE");
	if (m->strategic != rollup_strategic_digest(pp))
		tsv_die(&ev->in, NULL, "the rollup's threads were matched against another -S "
		    "list: roll up with the same -S FILE");
}

/* A time of day in the rollup's zone: --since, --until must be midnight. */
static void
check_midnight(const struct events *ev, int has, int64_t t, const char *opt, const char *arg)
{
	struct tz *z = &ev->opt->tz;

	if (has && tz_day(z, t - 1) == tz_day(z, t))
		tsv_die(&ev->in, NULL, "%s %s is not the start of a day in zone %s: a rollup's "
		    "cells are whole days", opt, arg, z->name);
}

/*
 * events_open found a rollup's header: check it against the options (its
 * days must be in the --tz zone; a window must fall on day boundaries) and
 * set ev->col for the programs that ask which columns the events had.
 */
int
rollup_open(struct events *ev)
{
	struct rollup_in *r;
	int i;

	rollup_close(ev);
	rollup_check_line_end(&ev->in);
	r = xcalloc(1, sizeof *r);
	rollup_parse_header(&ev->in, &r->meta);
	r->header = xmemdup(ev->in.line, ev->in.len);
	r->header_len = ev->in.len;
	ev->rollup = r;
	if (ev->opt->zone_from_input) {
		ev->opt->zone_from_input = 0;
		free(ev->opt->zone_owned);
		ev->opt->zone_owned = xstrdup(r->meta.zone);
		tz_init(&ev->opt->tz, ev->opt->zone_owned);
	}
	if (strcmp(r->meta.zone, ev->opt->tz.name) != 0 && ev->opt->zone_owned != NULL)
		tsv_die(&ev->in, NULL, "days in zone %s, but the first rollup has them in zone "
		    "%s: roll up every shard with the same --tz", r->meta.zone, ev->opt->tz.name);
	if (strcmp(r->meta.zone, ev->opt->tz.name) != 0)
		tsv_die(&ev->in, NULL, "the rollup's days are in zone %s, not in %s (--tz): give "
		    "--tz %s, or roll up the events again", r->meta.zone, ev->opt->tz.name,
		    r->meta.zone);
	check_midnight(ev, ev->opt->has_since, ev->opt->since, "--since", ev->opt->since_arg);
	check_midnight(ev, ev->opt->has_until, ev->opt->until, "--until", ev->opt->until_arg);
	for (i = 0; i < NCOLS_STD; i++)
		ev->col[i] = -1;
	ev->col[COL_TIME] = 0;
	ev->col[COL_VENUE] = 1 + r->meta.has_community;
	ev->col[COL_MEMBER] = ev->col[COL_VENUE] + 1;
	ev->col[COL_ACTION] = ev->col[COL_VENUE] + 2;
	ev->col[COL_REPLY_TO] = ev->col[COL_VENUE] + 3;
	if (r->meta.has_community)
		ev->col[COL_COMMUNITY] = 1;
	return 1;
}

/* A header met again: a later file's or a concatenated rollup's. */
static void
next_header(struct events *ev)
{
	struct rollup_in *r = ev->rollup;
	struct rollup_meta m;

	if (ev->in.len == r->header_len && memcmp(ev->in.line, r->header, r->header_len) == 0)
		return;
	rollup_parse_header(&ev->in, &m);
	rollup_check_same(&ev->in, &m, &r->meta, "the first rollup");
	rollup_meta_free(&m);
}

/*
 * The next event of the rollup: 1 with e filled, 0 at the end. A cell
 * whose first and last times differ comes back in two events.
 */
int
rollup_next(struct events *ev, struct event *e)
{
	struct rollup_in *r = ev->rollup;
	struct rollup_cell c;

	if (r->has_pending) {
		*e = r->pending;
		r->has_pending = 0;
		return 1;
	}
	for (;;) {
		if (!tsv_next(&ev->in))
			return 0;
		rollup_check_line_end(&ev->in);
		if (!rollup_is_header(ev->in.line, ev->in.len))
			break;
		next_header(ev);
	}
	rollup_parse_cell(&ev->in, &r->meta, &ev->opt->tz, &c);
	if (ev->has_cut && c.first <= ev->cut && ev->cut < c.last)
		tsv_die(&ev->in, NULL, "the cell's events run from %lld to %lld, across --as-of: "
		    "give a time at the end of a day", (long long)c.first, (long long)c.last);
	events_names(ev, e, &c.community, &c.venue, &c.member, &c.action, &c.reply_to);
	e->day = c.day;
	e->strategic = c.strategic;
	e->time = c.first;
	e->count = c.count;
	if (c.last != c.first) {
		e->count = c.count - 1;
		r->pending = *e;
		r->pending.time = c.last;
		r->pending.count = 1;
		r->has_pending = 1;
	}
	return 1;
}

void
rollup_close(struct events *ev)
{
	if (ev->rollup == NULL)
		return;
	rollup_meta_free(&ev->rollup->meta);
	free(ev->rollup->header);
	free(ev->rollup);
	ev->rollup = NULL;
}
