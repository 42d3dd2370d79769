/*
 * events.c: the event stream of cop-events(5) as every program reads it.
 * Columns are resolved once after the header (through -f); each row becomes
 * a struct event with its time in UTC seconds, its day in the --tz zone and
 * its names interned to ids, the member resolved through the directory's
 * aliases. A bad row stops the run, or with -k is reported and skipped;
 * rows outside --since/--until are left out; a bot's row comes back marked
 * excluded, so a stream stage can pass it through without figures.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

/*
 * Open the stream and resolve its columns. Returns 0 when the input is
 * empty (not even a header): there is then nothing to read or print.
 */
int
events_open(struct events *ev, char **files, size_t nfiles, int rewindable,
    struct common *c, struct members *dir)
{
	size_t i;

	if (c->members != NULL && strcmp(c->members, "-") == 0) {
		for (i = 0; i < nfiles && strcmp(files[i], "-") != 0; i++)
			;
		if (nfiles == 0 || i < nfiles)	/* else stdin, read to its end, looks empty */
			die_usage("-M -: standard input cannot hold both the members directory "
			    "and the events");
	}
	memset(ev, 0, sizeof *ev);
	ev->opt = c;
	ev->dir = dir;
	ev->pass = 1;
	ev->need = NEED_ACTION | NEED_VENUE | NEED_REPLY_TO;
	memset(ev->action_cache, 0xff, sizeof ev->action_cache);
	memset(ev->venue_cache, 0xff, sizeof ev->venue_cache);
	memset(ev->community_cache, 0xff, sizeof ev->community_cache);
	strtab_init(&ev->communities);
	strtab_init(&ev->venues);
	strtab_init(&ev->actions);
	ev->post = strtab_intern(&ev->actions, "post", 4);
	return events_reopen(ev, files, nfiles, rewindable);
}

/* -R: open the merged rollup a shard's rows are labelled against, or die. */
void
events_open_rollup(struct events *ev, const char *path, struct common *c,
    struct members *dir)
{
	char *files[1] = { (char *)path };

	if (!events_open(ev, files, 1, 0, c, dir) || ev->rollup == NULL)
		die("%s: -R: not a rollup (cop-rollup(1))", path);
}

/*
 * Read other files from now on, keeping every name's id: cop-rollup -m
 * merges rollups one by one, and -R labels a shard's rows against the
 * rollup read before. The counts behind events_close's notes start again.
 * Returns 0 when the files are empty, as events_open.
 */
int
events_reopen(struct events *ev, char **files, size_t nfiles, int rewindable)
{
	size_t i;

	if (ev->in.file != NULL)
		tsv_close(&ev->in);
	ev->pass = 1;
	ev->rows = ev->bad = ev->bot_rows = ev->outside = 0;
	ev->nbots = 0;
	for (i = 0; i < ev->dir->names.n; i++)
		ev->dir->info[i].seen = 0;
	tsv_open(&ev->in, files, nfiles, rewindable);
	if (!tsv_header(&ev->in))
		return 0;
	if (rollup_is_header(ev->in.line, ev->in.len))
		return rollup_open(ev);
	rollup_close(ev);
	for (i = 0; i < NCOLS_STD; i++)
		ev->col[i] = tsv_find(&ev->in, &ev->opt->map, column_names[i],
		    i == COL_TIME || i == COL_MEMBER);
	return 1;
}

/* A stage about to pass rows through: a rollup has none. */
void
events_need_rows(const struct events *ev)
{
	if (ev->rollup != NULL)
		die("%s: a rollup holds no rows to label: read it with a summary (-s), or "
		    "label the shards with -R %s SHARD...", ev->in.name, ev->in.name);
}

/* The index of a column a stage appends (level, period, signal), or -1. */
int
events_extra_column(struct events *ev, const char *name)
{
	return ev->in.have_header ? tsv_column(&ev->in, name) : -1;
}

static int bad_row(struct events *, int, const char *, ...) COP_PRINTF(3, 4);

/* Report a bad row: fatal, or with -k a warning (first pass only) and a skip. */
static int
bad_row(struct events *ev, int col, const char *fmt, ...)
{
	const char *column = col < 0 ? NULL : ev->in.cols[ev->col[col]];
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!ev->opt->skip_bad)
		tsv_die(&ev->in, column, "%s", msg);
	if (ev->pass == 1) {
		tsv_warn(&ev->in, column, "%s", msg);
		ev->bad++;
	}
	return -1;
}

static const struct field *
field_of(const struct events *ev, int col)
{
	static const struct field none = { "", 0 };

	return ev->col[col] < 0 ? &none : &ev->in.f[ev->col[col]];
}

/*
 * The id of a name of a small table (actions, venues, communities). Such
 * names repeat row after row, so a few bytes of the name pick a slot of
 * a small cache whose id is checked with one compare before the table is
 * hashed and probed.
 */
static uint32_t
name_id(struct strtab *t, uint32_t *cache, const struct field *f)
{
	size_t n = f->n, slot;
	uint32_t id;

	if (n == 0)
		return STR_NONE;
	slot = (n * 7 + (unsigned char)f->p[0] + (unsigned char)f->p[n - 1] * 3) % NAME_CACHE;
	id = cache[slot];
	if (id != STR_NONE && t->len[id] == n && bytes_equal(t->str[id], f->p, n))
		return id;
	return cache[slot] = strtab_intern(t, f->p, f->n);
}

/* Whether handle f is the one remembered in r. */
static int
is_recent(const struct recent *r, const struct field *f)
{
	return r->n == f->n && bytes_equal(r->s, f->p, f->n);
}

static void
remember(struct recent *r, const struct field *f, uint32_t id)
{
	if (f->n > RECENT_MAX) {
		r->n = 0;	/* never matches: a handle is never empty */
		return;
	}
	r->id = id;
	r->n = f->n;
	memcpy(r->s, f->p, f->n);
}

/*
 * The member id of a handle, trying the previous row's member and reply_to
 * first: in chat a person often writes several lines in a row, and a
 * reply mostly answers the previous speaker, so a compare or two with
 * bytes kept at hand often saves the hashed lookup.
 */
static uint32_t
member_id(struct events *ev, const struct field *f)
{
	if (is_recent(&ev->recent[0], f))
		return ev->recent[0].id;
	if (is_recent(&ev->recent[1], f))
		return ev->recent[1].id;
	return members_intern(ev->dir, f->p, f->n);
}

/* The kind of an action id, looked up once per distinct word. */
static enum action_kind
kind_of(struct events *ev, uint32_t action)
{
	size_t i, old = ev->nkinds;

	if (action >= old) {
		xgrow(&ev->kinds, &ev->nkinds, (size_t)action + 1, sizeof *ev->kinds);
		for (i = old; i < ev->nkinds; i++)
			ev->kinds[i] = ACT_NKINDS;
	}
	if (ev->kinds[action] == ACT_NKINDS)
		ev->kinds[action] = action_kind(ev->actions.str[action], ev->actions.len[action]);
	return ev->kinds[action];
}

/* Fill e from the current row; -1 if the row is bad (reported), 1 if not. */
static int
parse_row(struct events *ev, struct event *e)
{
	const struct field *time = field_of(ev, COL_TIME), *member = field_of(ev, COL_MEMBER);
	const struct field *action = field_of(ev, COL_ACTION), *reply = field_of(ev, COL_REPLY_TO);
	int i;

	if (ev->in.nf != ev->in.ncols)
		return bad_row(ev, -1, "%zu field%s where the header has %zu", ev->in.nf,
		    ev->in.nf == 1 ? "" : "s", ev->in.ncols);
	if (time->n == 0)
		return bad_row(ev, COL_TIME, "empty");
	if (time_parse(&ev->opt->tz, time->p, time->n, &e->time) != 0)
		return bad_row(ev, COL_TIME, "cannot parse \"%s\"", quote_value(time->p, time->n));
	if (member->n == 0)
		return bad_row(ev, COL_MEMBER, "empty");
	/*
	 * Names are C strings once interned: a NUL would cut "a\0b" to "a" in
	 * every table. Columns not ours pass NULs through untouched. The
	 * splitter has seen whether the line holds one; only such a line is
	 * checked column by column.
	 */
	if (ev->in.has_nul)
		for (i = COL_MEMBER; i < NCOLS_STD; i++)
			if (memchr(field_of(ev, i)->p, '\0', field_of(ev, i)->n) != NULL)
				return bad_row(ev, i, "holds a NUL byte: \"%s\"",
				    quote_value(field_of(ev, i)->p, field_of(ev, i)->n));
	e->day = tz_day(&ev->opt->tz, e->time);
	events_names(ev, e, field_of(ev, COL_COMMUNITY), field_of(ev, COL_VENUE), member,
	    action, reply);
	if (!is_recent(&ev->recent[0], member))
		remember(&ev->recent[0], member, e->member);
	if (e->reply_to != STR_NONE && !is_recent(&ev->recent[1], reply))
		remember(&ev->recent[1], reply, e->reply_to);
	e->thread = field_of(ev, COL_THREAD)->p;
	e->thread_len = field_of(ev, COL_THREAD)->n;
	e->count = 1;
	e->strategic = -1;
	return 1;
}

/* The ids of the names that need (NEED_*) asks for. */
static void
fill_names(struct events *ev, struct event *e, unsigned need, const struct field *venue,
    const struct field *action, const struct field *reply_to)
{
	if ((need & NEED_REPLY_TO) && reply_to->n > 0)
		e->reply_to = member_id(ev, reply_to);
	if (need & NEED_ACTION) {
		e->action = action->n ? name_id(&ev->actions, ev->action_cache, action) : ev->post;
		e->kind = kind_of(ev, e->action);
	}
	if (need & NEED_VENUE)
		e->venue = name_id(&ev->venues, ev->venue_cache, venue);
}

/*
 * The ids of a row's or a rollup cell's names (rollup.c checked a cell's):
 * through the caches, the member through the aliases; no thread.
 */
void
events_names(struct events *ev, struct event *e, const struct field *community,
    const struct field *venue, const struct field *member, const struct field *action,
    const struct field *reply_to)
{
	e->member = member_id(ev, member);
	e->reply_to = STR_NONE;
	e->action = STR_NONE;
	e->kind = ACT_OTHER;
	e->venue = STR_NONE;
	fill_names(ev, e, ev->need, venue, action, reply_to);
	e->community = name_id(&ev->communities, ev->community_cache, community);
	e->thread = "";
	e->thread_len = 0;
	e->excluded = members_is_bot(ev->dir, e->member);
}

static int
in_window(const struct common *c, int64_t t)
{
	return (!c->has_since || t >= c->since) && (!c->has_until || t < c->until);
}

/* events_next on a rollup: its cells' events, counted as many. */
static int
next_cell(struct events *ev, struct event *e)
{
	while (rollup_next(ev, e)) {
		if (!in_window(ev->opt, e->time)) {
			ev->outside += ev->pass == 1 ? e->count : 0;
			continue;
		}
		if (ev->pass == 1) {
			ev->rows += e->count;
			if (e->excluded) {
				ev->bot_rows += e->count;
				if (!ev->dir->info[e->member].seen)
					ev->nbots++;
				ev->dir->info[e->member].seen = 1;
			}
		}
		return 1;
	}
	return 0;
}

/*
 * The next row to process: 1 with e filled (e->excluded for a bot's row),
 * 0 at the end. Bad rows under -k and rows outside the window are skipped.
 */
int
events_next(struct events *ev, struct event *e)
{
	if (ev->rollup != NULL)
		return next_cell(ev, e);
	while (tsv_next(&ev->in)) {
		if (ev->noting)
			ev->note = notes_add(&ev->notes);	/* NOTE_SKIP until events_note */
		if (parse_row(ev, e) < 0)
			continue;
		if (!in_window(ev->opt, e->time)) {
			ev->outside += ev->pass == 1;
			continue;
		}
		if (ev->pass == 1) {
			ev->rows++;
			if (e->excluded) {
				ev->bot_rows++;
				if (!ev->dir->info[e->member].seen)
					ev->nbots++;
				ev->dir->info[e->member].seen = 1;
			}
		}
		return 1;
	}
	return 0;
}

/*
 * The time of the stream's last row, when events_next will give it as a
 * row: its last file is a regular file, and the row is well formed (as
 * parse_row checks it, and with no NUL at all), within -B and -E and not a
 * bot's. Its fields, ncols of them, go into *f, valid until events_close.
 * Nothing is interned: member ids stay in the order the rows give them.
 * For a stage that can use, before its first pass, a time the events it
 * counts reach at least. 0 when that cannot be told.
 */
int
events_last_row(struct events *ev, int64_t *time, const struct field **f)
{
	const struct field *member;
	size_t len, nf = 0, i, from = 0;
	uint32_t id;

	if (ev->rollup != NULL || ev->last_line != NULL ||
	    (ev->last_line = tsv_last_line(&ev->in, &len)) == NULL ||
	    memchr(ev->last_line, '\0', len) != NULL)
		return 0;
	ev->last_f = xreallocarray(NULL, ev->in.ncols, sizeof *ev->last_f);
	for (i = 0; i <= len; i++)
		if (i == len || ev->last_line[i] == '\t') {
			if (nf == ev->in.ncols)
				return 0;
			ev->last_f[nf].p = ev->last_line + from;
			ev->last_f[nf++].n = i - from;
			from = i + 1;
		}
	if (nf != ev->in.ncols || ev->last_f[ev->col[COL_TIME]].n == 0 ||
	    time_parse(&ev->opt->tz, ev->last_f[ev->col[COL_TIME]].p,
	    ev->last_f[ev->col[COL_TIME]].n, time) != 0 || !in_window(ev->opt, *time))
		return 0;
	member = &ev->last_f[ev->col[COL_MEMBER]];
	if (member->n == 0 || (ev->dir->have_bots &&
	    (id = members_find(ev->dir, member->p, member->n)) != STR_NONE &&
	    members_is_bot(ev->dir, id)))
		return 0;
	*f = ev->last_f;
	return 1;
}

/*
 * The ids a pass with less than every NEED_* bit left out, for the current
 * row of events: a second pass that looks closely at few of its rows.
 */
void
events_complete(struct events *ev, struct event *e)
{
	fill_names(ev, e, ~ev->need & (NEED_ACTION | NEED_VENUE | NEED_REPLY_TO),
	    field_of(ev, COL_VENUE), field_of(ev, COL_ACTION), field_of(ev, COL_REPLY_TO));
}

/*
 * Events put aside with their rows (tsv_save), to be taken up again later
 * without parsing the rows again: up to limit bytes. A row's event (not a
 * bot's, one event, its thread in the row) is kept in 40 bytes.
 */
struct saved_event {
	int64_t time;
	int32_t day;
	uint32_t community, member, action, venue, reply_to;
	uint8_t kind;
};

void
events_aside_init(struct tsv_saved *s, size_t limit)
{
	tsv_saved_init(s, limit, sizeof(struct saved_event));
}

/* Put the current row and its event e aside; 0 if they do not fit. */
int
events_save(struct events *ev, struct tsv_saved *s, const struct event *e)
{
	struct saved_event *to;

	if (e->excluded || e->count != 1 || e->strategic >= 0 || e->day < INT32_MIN ||
	    e->day > INT32_MAX)
		die("internal error: an event put aside that is not a row's");
	to = tsv_save(s, &ev->in);
	if (to == NULL)
		return 0;
	to->time = e->time;
	to->day = (int32_t)e->day;
	to->community = e->community;
	to->member = e->member;
	to->action = e->action;
	to->venue = e->venue;
	to->reply_to = e->reply_to;
	to->kind = (uint8_t)e->kind;
	return 1;
}

/* Event i put aside, its row the current one again. */
void
events_restore(struct events *ev, const struct tsv_saved *s, size_t i, struct event *e)
{
	const struct saved_event *from = tsv_restore(&ev->in, s, i);

	memset(e, 0, sizeof *e);
	e->time = from->time;
	e->day = from->day;
	e->community = from->community;
	e->member = from->member;
	e->action = from->action;
	e->venue = from->venue;
	e->reply_to = from->reply_to;
	e->kind = (enum action_kind)from->kind;
	e->thread = field_of(ev, COL_THREAD)->p;
	e->thread_len = field_of(ev, COL_THREAD)->n;
	e->count = 1;
	e->strategic = -1;
}

void
events_rewind(struct events *ev)
{
	ev->pass = 2;
	tsv_rewind(&ev->in);
	if (ev->rollup != NULL)
		ev->rollup->has_pending = 0;
}

/*
 * Keep a note of each row of pass one, for a pass two that parses again
 * only the rows it looks at closely: the caller notes each row events_next
 * gives it (events_note); the rows events_next leaves out are noted so.
 */
void
events_take_notes(struct events *ev)
{
	if (ev->rollup != NULL)
		return;	/* a rollup's cells are no rows to go back to */
	notes_init(&ev->notes, sizeof(struct row_note));
	ev->noting = 1;
}

/*
 * The note of the row events_next gave last, zeroed (NOTE_SKIP), for the
 * caller to fill with what became of it; a scratch one if none is kept.
 */
struct row_note *
events_note(struct events *ev)
{
	return ev->note != NULL ? ev->note : &ev->scratch;
}

/*
 * After pass one: whether every row has its note, to read them back in
 * pass two (events_next_noted) after events_rewind.
 */
int
events_notes_ready(struct events *ev)
{
	int ready = ev->noting && notes_rewind(&ev->notes);

	ev->noting = 0;
	ev->note = NULL;
	return ready;
}

/*
 * Pass two with notes: the next row pass one did not leave out, as a
 * line (not split) and its note.
 */
int
events_next_noted(struct events *ev, struct row_note *n)
{
	const struct row_note *r;

	while (tsv_next_line(&ev->in)) {
		if ((r = notes_next(&ev->notes)) == NULL)
			die("%s: the input changed between passes: it has more rows", ev->in.name);
		if (r->state != NOTE_SKIP) {
			*n = *r;
			return 1;
		}
	}
	if (notes_next(&ev->notes) != NULL)
		die("%s: the input changed between passes: it has fewer rows", ev->in.name);
	return 0;
}

/* The event of the row events_next_noted gave, parsed as in pass one. */
int
events_parse_noted(struct events *ev, struct event *e)
{
	tsv_split(&ev->in);
	return parse_row(ev, e) > 0;
}

/* Read rows again from a marked one (tsv_mark), in a second pass. */
void
events_seek(struct events *ev, const struct tsv_mark *m)
{
	if (ev->rollup != NULL)
		die("internal error: seek in a rollup");
	ev->pass = 2;
	tsv_seek(&ev->in, m);
}

/* The notes a run owes its user: rows skipped, bots left out. */
void
events_close(struct events *ev)
{
	if (ev->bad > 0)
		warnmsg("skipped %llu bad row%s (-k)", (unsigned long long)ev->bad,
		    ev->bad == 1 ? "" : "s");
	if (ev->bot_rows > 0)
		warnmsg("note: %llu row%s by %zu bot%s left out of the figures",
		    (unsigned long long)ev->bot_rows, ev->bot_rows == 1 ? "" : "s",
		    ev->nbots, ev->nbots == 1 ? "" : "s");
	tsv_close(&ev->in);
	rollup_close(ev);
	if (ev->notes.buf != NULL)
		notes_free(&ev->notes);
	strtab_free(&ev->communities);
	strtab_free(&ev->venues);
	strtab_free(&ev->actions);
	free(ev->kinds);
	free(ev->last_line);
	free(ev->last_f);
}

const char *
events_name(const struct strtab *t, uint32_t id)
{
	return id == STR_NONE ? "" : t->str[id];
}

/* A stream that already carries a stage's column passes through untouched. */
void
events_pass_through(struct events *ev)
{
	struct event e;

	tsv_put_header(&ev->in);
	tsv_put_header_end(&ev->in);
	while (events_next(ev, &e)) {
		tsv_put_line(&ev->in);
		tsv_put_end(&ev->in);
	}
}
