/*
 * import-teams.c: cop-import teams, the attendance report of a Teams
 * meeting: tab-separated, in UTF-16 with a byte order mark or UTF-8, in
 * sections ("1. Summary", "2. Participants", "3. In-Meeting activities")
 * or in the older one table of "Full Name", "User Action", "Timestamp".
 * One attend per participant at their first join, a host row for each
 * organizer.
 */
#include <stdint.h>
#include <string.h>

#include "cop.h"

struct teams {
	struct imp *im;
	struct input in;
	struct csv c;
	struct meeting m;
	int name, email, join, role, action;	/* the table's columns, -1 if none */
	int in_table;
};

static const char *const name_names[] = { "Name", "Full Name", NULL };
static const char *const join_names[] = { "First join", "First Join", "Join time", "Join Time",
	"Timestamp", NULL };
static const char *const email_names[] = { "Email", "Participant ID (UPN)", "UPN", NULL };
static const char *const role_names[] = { "Role", NULL };
static const char *const action_names[] = { "User Action", "Action", NULL };
static const char *const title_keys[] = { "Meeting title", "Meeting Title", "Title", NULL };
static const char *const start_keys[] = { "Start time", "Meeting Start Time", "Start Time", NULL };

static int
field_is(const struct field *f, const char *const *names)
{
	size_t k;

	for (; *names; names++) {
		if (f->n != strlen(*names))
			continue;
		for (k = 0; k < f->n && (f->p[k] | 0x20) == ((*names)[k] | 0x20); k++)
			;
		if (k == f->n)
			return 1;
	}
	return 0;
}

/* "2. Participants": a numbered section title starts a new part. */
static int
is_section_title(const struct csv *c)
{
	const struct field *f = &c->f[0];

	return c->nf == 1 && f->n > 2 && f->p[0] >= '0' && f->p[0] <= '9' &&
	    memchr(f->p, '.', f->n) != NULL;
}

static void
summary_line(struct teams *t)
{
	const struct field *key = &t->c.f[0], *value = &t->c.f[1];

	if (field_is(key, title_keys) && t->im->o->venue == NULL && value->n > 0)
		imp_clean(&t->m.venue, value->p, value->n);
	else if (field_is(key, start_keys)) {
		if (meeting_parse_time(&t->m, &t->in, '\t', value, &t->m.start) == 0)
			t->m.has_start = 1;
		else
			imp_bad(t->im, t->in.name, t->c.line, "%.*s: cannot parse \"%s\"",
			    (int)key->n, key->p, quote_value(value->p, value->n));
	}
}

static int
table_header(struct teams *t)
{
	t->name = meeting_column(&t->c, name_names);
	t->join = meeting_column(&t->c, join_names);
	if (t->name < 0 || t->join < 0)
		return 0;
	t->email = meeting_column(&t->c, email_names);
	t->role = meeting_column(&t->c, role_names);
	t->action = meeting_column(&t->c, action_names);
	t->in_table = 1;
	return 1;
}

static const struct field *
cell(const struct teams *t, int k)
{
	static const struct field none = { "", 0 };

	return k >= 0 && (size_t)k < t->c.nf ? &t->c.f[k] : &none;
}

/* A row of a table: a join ("Joined before": at the start), or a leave. */
static void
table_row(struct teams *t)
{
	static const char *const organizer[] = { "Organizer", "Organiser", NULL };
	static const char *const before[] = { "Joined before", NULL };
	static const char *const left[] = { "Left", NULL };
	const struct field *act = cell(t, t->action), *when = cell(t, t->join);
	int64_t time;

	if ((size_t)t->name >= t->c.nf || (size_t)t->join >= t->c.nf) {
		imp_bad(t->im, t->in.name, t->c.line, "%zu fields, too few", t->c.nf);
		return;
	}
	if (meeting_parse_time(&t->m, &t->in, '\t', when, &time) != 0) {
		imp_bad(t->im, t->in.name, t->c.line, "cannot parse the time \"%s\"",
		    quote_value(when->p, when->n));
		return;
	}
	if (field_is(act, left)) {
		meeting_time(&t->m, time);
		return;
	}
	if (meeting_join(&t->m, cell(t, t->name), cell(t, t->email), time, field_is(act, before),
	    field_is(cell(t, t->role), organizer)) != 0)
		imp_bad(t->im, t->in.name, t->c.line, "a participant without a name");
}

static void
record(struct teams *t)
{
	if (is_section_title(&t->c))
		t->in_table = 0;
	else if (t->in_table)
		table_row(t);
	else if (!table_header(t) && t->c.nf >= 2)
		summary_line(t);
}

static void
report(struct teams *t, const char *path)
{
	int r, tables = 0;

	input_open(&t->in, path, 1);
	csv_init(&t->c, &t->in, '\t');
	meeting_init(&t->m, t->im);
	if (t->im->o->venue != NULL)
		buf_set(&t->m.venue, t->im->o->venue, strlen(t->im->o->venue));
	else
		meeting_venue_from_file(&t->m, t->in.name);
	t->in_table = 0;
	while ((r = csv_next(&t->c)) != 0) {
		if (r < 0) {
			imp_bad(t->im, t->in.name, t->c.err_line, "%s", t->c.err);
			continue;
		}
		if (memchr(t->c.rec.p, '\0', t->c.rec.n) != NULL) {
			imp_bad(t->im, t->in.name, t->c.line, "a NUL byte: not a text file");
			continue;
		}
		record(t);
		tables += t->in_table;
	}
	if (tables == 0 && t->in.base + t->in.end > 0)
		imp_bad(t->im, t->in.name, 0, "not a Teams attendance report (no table with "
		    "\"Name\" and \"First join\" or \"Timestamp\" columns)");
	meeting_write(&t->m);
	meeting_free(&t->m);
	csv_free(&t->c);
	input_close(&t->in);
}

void
import_teams(struct imp *im, char **paths, size_t n)
{
	static char *dash[] = { "-" };
	struct teams t;
	size_t i;

	memset(&t, 0, sizeof t);
	t.im = im;
	if (n == 0) {
		paths = dash;
		n = 1;
	}
	for (i = 0; i < n; i++)
		report(&t, paths[i]);
}
