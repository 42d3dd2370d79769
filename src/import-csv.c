/*
 * import-csv.c: cop-import csv, the escape hatch for every export we do
 * not know. RFC 4180 CSV with a header; our columns found by name or
 * mapped with -f NAME=COL; times in any form of cop-events(5), a numeric
 * local form whose day/month order the file decides (or --date-order),
 * or the strptime-style --time-format, read in the -z zone.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

enum { C_TIME, C_MEMBER, C_ACTION, C_VENUE, C_THREAD, C_REPLY_TO, C_TEXT, C_N };
static const char *const csv_names[C_N] = {
	"time", "member", "action", "venue", "thread", "reply_to", "text"
};

struct csv_file {
	struct imp *im;
	struct input in;
	struct csv c;
	char **cols;		/* the header */
	size_t ncols;
	int col[C_N];		/* -1: absent */
	int decided;		/* the day/month order, once known */
	struct order_vote vote;
	struct buf action;
};

static char *
columns_found(const struct csv_file *f)
{
	struct buf b = { 0 };
	size_t i;

	buf_reset(&b);
	for (i = 0; i < f->ncols; i++) {
		buf_adds(&b, i ? ", \"" : "\"");
		buf_adds(&b, quote_value(f->cols[i], strlen(f->cols[i])));
		buf_addc(&b, '"');
	}
	return b.p;
}

static int
header_index(const struct csv_file *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->ncols; i++)
		if (strcmp(f->cols[i], name) == 0)
			return (int)i;
	return -1;
}

/* Our column name: -f's COL (a header name or a number), else its own name. */
static int
find_column(struct csv_file *f, const struct colmap *map, int k)
{
	const char *name = csv_names[k], *col = name;
	size_t i;
	int idx;

	for (i = 0; i < map->n; i++)
		if (strcmp(map->name[i], name) == 0)
			col = map->col[i];
	if (col != name && col[strspn(col, "0123456789")] == '\0') {
		long n = strtol(col, NULL, 10);

		if (n < 1 || (size_t)n > f->ncols)
			die_usage("-f %s=%s: %s has %zu columns", name, col, f->in.name, f->ncols);
		return (int)n - 1;
	}
	idx = header_index(f, col);
	if (idx < 0 && (k <= C_MEMBER || col != name || (k == C_TEXT && f->im->o->text)))
		die_usage("%s: no column \"%s\"%s%s (columns found: %s)", f->in.name, col,
		    col != name ? " for " : "", col != name ? name : "", columns_found(f));
	return idx;
}

static int
read_header(struct csv_file *f)
{
	size_t i;
	int r;

	while ((r = csv_next(&f->c)) < 0)
		die("%s:%" PRIu64 ": %s", f->in.name, f->c.err_line, f->c.err);
	if (r == 0)
		return 0;
	f->ncols = f->c.nf;
	f->cols = xcalloc(f->ncols, sizeof *f->cols);
	for (i = 0; i < f->ncols; i++)
		f->cols[i] = xmemdup(f->c.f[i].p, f->c.f[i].n);
	for (i = 0; i < C_N; i++)
		f->col[i] = find_column(f, &f->im->o->c.map, (int)i);
	return 1;
}

/* A time cell that is a whole numeric local date, "15/01/2024 09:58". */
static int
numeric_cell(const struct field *t, struct numdate *d)
{
	size_t used;

	return numdate_scan(t->p, t->n, d, &used) == 0 && used == t->n;
}

/* Look through the file from its start for a date that tells the order. */
static void
decide_order(struct csv_file *f)
{
	struct input look;
	struct csv c;
	struct numdate d;
	int64_t t;
	int r, first = 1;

	f->decided = 1;
	if (f->im->o->order != DATE_ORDER_NONE)
		return;
	input_clone(&look, &f->in);
	csv_init(&c, &look, f->im->o->delim);
	while (f->vote.order == DATE_ORDER_NONE && (r = csv_next(&c)) != 0) {
		const struct field *cell;

		if (r < 0 || first || (size_t)f->col[C_TIME] >= c.nf) {
			first = 0;
			continue;
		}
		cell = &c.f[f->col[C_TIME]];
		if (time_parse(&f->im->o->c.tz, cell->p, cell->n, &t) != 0 &&
		    numeric_cell(cell, &d))
			order_vote(&f->vote, &d, c.line);
	}
	csv_free(&c);
	input_close(&look);
}

static int
parse_time(struct csv_file *f, const struct field *cell, int64_t *t)
{
	struct imp_opts *o = f->im->o;
	struct numdate d;

	if (o->time_format != NULL)
		return time_parse_format(&o->c.tz, o->time_format, cell->p, cell->n, t);
	if (time_parse(&o->c.tz, cell->p, cell->n, t) == 0)
		return 0;
	if (!numeric_cell(cell, &d))
		return -1;
	if (!f->decided)
		decide_order(f);
	return numdate_time(&o->c.tz, &d, imp_order(f->im, f->in.name, &f->vote), t);
}

static struct field
cell(const struct csv_file *f, int k)
{
	struct field none = { "", 0 };

	return f->col[k] < 0 ? none : f->c.f[f->col[k]];
}

static void
bad_time(struct csv_file *f, const struct field *t)
{
	struct imp_opts *o = f->im->o;
	struct numdate d;

	if (o->time_format == NULL && numeric_cell(t, &d) && numdate_order(&d) != DATE_YMD &&
	    (f->vote.order == DATE_DMY || f->vote.order == DATE_MDY))
		imp_bad(f->im, f->in.name, f->c.line, "time: cannot parse \"%s\" (dates here "
		    "are %s, as line %" PRIu64 " shows)", quote_value(t->p, t->n),
		    date_order_name(f->vote.order), f->vote.line);
	else if (o->time_format != NULL)
		imp_bad(f->im, f->in.name, f->c.line, "time: cannot parse \"%s\" with "
		    "--time-format %s", quote_value(t->p, t->n), o->time_format);
	else
		imp_bad(f->im, f->in.name, f->c.line, "time: cannot parse \"%s\"",
		    quote_value(t->p, t->n));
}

static void
record(struct csv_file *f)
{
	struct field t = cell(f, C_TIME), m = cell(f, C_MEMBER), a = cell(f, C_ACTION);
	struct row r;

	if (f->c.nf != f->ncols) {
		imp_bad(f->im, f->in.name, f->c.line, "%zu fields where the header has %zu",
		    f->c.nf, f->ncols);
		return;
	}
	if (t.n == 0) {
		imp_bad(f->im, f->in.name, f->c.line, "time: empty");
		return;
	}
	if (parse_time(f, &t, &r.time) != 0) {
		bad_time(f, &t);
		return;
	}
	if (imp_member(f->im, m.p, m.n) == STR_NONE) {
		imp_bad(f->im, f->in.name, f->c.line, "member: empty");
		return;
	}
	buf_set(&f->action, a.p, a.n);
	r.action = f->action.p;
	r.member = m;
	r.venue = cell(f, C_VENUE);
	if (f->im->o->venue != NULL)
		r.venue = (struct field){ f->im->o->venue, strlen(f->im->o->venue) };
	r.thread = cell(f, C_THREAD);
	r.reply_to = cell(f, C_REPLY_TO);
	r.text = cell(f, C_TEXT);
	imp_row(f->im, &r);
}

static void
csv_file(struct imp *im, const char *path)
{
	struct imp_opts *o = im->o;
	struct csv_file f;
	size_t i;
	int r;

	memset(&f, 0, sizeof f);
	f.im = im;
	input_open(&f.in, path, o->time_format == NULL && o->order == DATE_ORDER_NONE);
	csv_init(&f.c, &f.in, o->delim);
	buf_reset(&f.action);
	if (read_header(&f)) {
		while ((r = csv_next(&f.c)) != 0) {
			if (r < 0)
				imp_bad(im, f.in.name, f.c.err_line, "%s", f.c.err);
			else
				record(&f);
		}
	}
	for (i = 0; i < f.ncols; i++)
		free(f.cols[i]);
	free(f.cols);
	buf_free(&f.action);
	csv_free(&f.c);
	input_close(&f.in);
}

void
import_csv(struct imp *im, char **paths, size_t n)
{
	static char *dash[] = { "-" };
	size_t i;

	if (n == 0) {
		paths = dash;
		n = 1;
	}
	for (i = 0; i < n; i++)
		csv_file(im, paths[i]);
}
