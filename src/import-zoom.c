/*
 * import-zoom.c: cop-import zoom, Zoom's participants report (CSV), with
 * or without the meeting section above the participants: one attend per
 * person at their first join, and a host row for the host the meeting
 * section names by address.
 */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "cop.h"

struct zoom {
	struct imp *im;
	struct input in;
	struct csv c;
	struct meeting m;
	int name, email, join;	/* the participants' columns */
};

static const char *const id_names[] = { "Meeting ID", "ID", NULL };
static const char *const topic_names[] = { "Topic", NULL };
static const char *const start_names[] = { "Start Time", NULL };
static const char *const host_names[] = { "User Email", "Host Email", NULL };
static const char *const email_names[] = { "User Email", "Email", NULL };
static const char *const join_names[] = { "Join Time", NULL };

static int
is_blank_record(const struct csv *c)
{
	size_t i;

	for (i = 0; i < c->nf; i++)
		if (c->f[i].n > 0)
			return 0;
	return 1;
}

static int
next_record(struct zoom *z)
{
	int r;

	while ((r = csv_next(&z->c)) != 0) {
		if (r < 0)
			imp_bad(z->im, z->in.name, z->c.err_line, "%s", z->c.err);
		else if (!is_blank_record(&z->c))
			return 1;
	}
	return 0;
}

static int
starts_name(const struct field *f)
{
	return f->n >= 4 && (f->p[0] | 0x20) == 'n' && (f->p[1] | 0x20) == 'a' &&
	    (f->p[2] | 0x20) == 'm' && (f->p[3] | 0x20) == 'e';
}

/* The meeting section: a header, then one row of values. */
static void
meeting_section(struct zoom *z)
{
	int id = meeting_column(&z->c, id_names), topic = meeting_column(&z->c, topic_names);
	int start = meeting_column(&z->c, start_names), host = meeting_column(&z->c, host_names);
	struct field none = { "", 0 };

	if (!next_record(z))
		return;
#define CELL(k) ((k) >= 0 && (size_t)(k) < z->c.nf ? &z->c.f[k] : &none)
	imp_clean(&z->m.thread, CELL(id)->p, CELL(id)->n);
	if (z->im->o->venue == NULL && CELL(topic)->n > 0)
		imp_clean(&z->m.venue, CELL(topic)->p, CELL(topic)->n);
	meeting_host(&z->m, CELL(host));
	if (CELL(start)->n > 0) {
		if (meeting_parse_time(&z->m, &z->in, ',', CELL(start), &z->m.start) == 0)
			z->m.has_start = 1;
		else
			imp_bad(z->im, z->in.name, z->c.line, "Start Time: cannot parse \"%s\"",
			    quote_value(CELL(start)->p, CELL(start)->n));
	}
#undef CELL
}

static void
participant(struct zoom *z)
{
	static const struct field none = { "", 0 };
	const struct field *name = &z->c.f[z->name], *join = &z->c.f[z->join];
	const struct field *email = z->email >= 0 ? &z->c.f[z->email] : &none;
	int64_t t;

	if (meeting_parse_time(&z->m, &z->in, ',', join, &t) != 0)
		imp_bad(z->im, z->in.name, z->c.line, "Join Time: cannot parse \"%s\"",
		    quote_value(join->p, join->n));
	else if (meeting_join(&z->m, name, email, t, 0, 0) != 0)
		imp_bad(z->im, z->in.name, z->c.line, "a participant without a name");
}

static void
report(struct zoom *z, const char *path)
{
	int in_table = 0;

	input_open(&z->in, path, 1);
	csv_init(&z->c, &z->in, ',');
	meeting_init(&z->m, z->im);
	if (z->im->o->venue != NULL)
		buf_set(&z->m.venue, z->im->o->venue, strlen(z->im->o->venue));
	else
		meeting_venue_from_file(&z->m, z->in.name);
	while (next_record(z)) {
		if (!in_table && starts_name(&z->c.f[0])) {
			z->name = 0;
			z->email = meeting_column(&z->c, email_names);
			if ((z->join = meeting_column(&z->c, join_names)) < 0)
				break;
			in_table = 1;
		} else if (!in_table && (meeting_column(&z->c, id_names) >= 0 ||
		    meeting_column(&z->c, topic_names) >= 0)) {
			meeting_section(z);
		} else if (in_table && (size_t)z->join < z->c.nf &&
		    (z->email < 0 || (size_t)z->email < z->c.nf))
			participant(z);
		else if (in_table)
			imp_bad(z->im, z->in.name, z->c.line, "%zu fields, too few", z->c.nf);
	}
	if (!in_table && z->in.base + z->in.end > 0)
		imp_bad(z->im, z->in.name, 0, "not a Zoom participants report (no \"Name "
		    "(Original Name)\" and \"Join Time\" columns)");
	meeting_write(&z->m);
	meeting_free(&z->m);
	csv_free(&z->c);
	input_close(&z->in);
}

void
import_zoom(struct imp *im, char **paths, size_t n)
{
	static char *dash[] = { "-" };
	struct zoom z;
	size_t i;

	memset(&z, 0, sizeof z);
	z.im = im;
	if (n == 0) {
		paths = dash;
		n = 1;
	}
	for (i = 0; i < n; i++)
		report(&z, paths[i]);
}
