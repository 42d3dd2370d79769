/*
 * import-discord.c: cop-import discord, the files of DiscordChatExporter:
 * its JSON (one channel or thread per file: the channel, then an array of
 * messages, streamed one message at a time) and its CSV. Messages become
 * posts and replies, joins join rows, each listed user of a reaction a
 * react row; system messages are counted. A reply names the author of the
 * message it references when that message is in the files given: a first
 * pass over them notes who wrote each message.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

struct discord {
	struct imp *im;
	struct input file, keep, *in;
	int pass;
	struct jarena arena;
	struct buf venue, thread, kind;
	struct order_vote vote;
	int decided;
};

static struct field
str_field(const struct jv *v)
{
	struct field f;

	f.p = jv_str(v, &f.n);
	if (f.p == NULL)
		f.p = "";
	return f;
}

static uint64_t
message_key(const char *id, size_t n)
{
	return imp_key("discord", 7, id, n);
}

/* An author object: name (the id if it has none), nickname an alias, bots marked. */
static uint32_t
person(struct discord *d, const struct jv *a)
{
	struct field name = str_field(jv_get(a, "name")), nick = str_field(jv_get(a, "nickname"));
	struct field id = str_field(jv_get(a, "id"));
	uint32_t m;

	if (name.n == 0)
		name = id;
	if ((m = imp_member(d->im, name.p, name.n)) == STR_NONE)
		return STR_NONE;
	if (jv_truthy(jv_get(a, "isBot")))
		imp_member_bot(d->im, m);
	imp_alias(d->im, m, nick.p, nick.n);
	return m;
}

/* The referenced message of a reply, or NULL (ThreadCreated has a null one). */
static const struct jv *
reference(const struct jv *msg)
{
	const struct jv *id = jv_get(jv_get(msg, "reference"), "messageId");

	return id != NULL && id->type == JV_STRING && id->n > 0 ? id : NULL;
}

/*
 * Default and Reply are posts, or replies when they reference a message
 * (older exporters write replies as Default with a reference).
 */
static const char *
type_action(const struct jv *msg, const char *type)
{
	if (strcmp(type, "Default") == 0 || strcmp(type, "Reply") == 0)
		return reference(msg) != NULL || strcmp(type, "Reply") == 0 ? "reply" : "post";
	if (strcmp(type, "GuildMemberJoin") == 0)
		return "join";
	return NULL;
}

static void
reactions(struct discord *d, const struct jv *msg, struct row *r, uint32_t who)
{
	const struct jv *re, *u;
	uint64_t listed, count;

	r->action = "react";
	r->reply_to = imp_member_field(d->im, who);
	for (re = jv_items(msg, "reactions"); re; re = re->next) {
		const struct jv *c = jv_get(re, "count");

		r->text = str_field(jv_get(jv_get(re, "emoji"), "name"));
		listed = 0;
		for (u = jv_items(re, "users"); u; u = u->next) {
			uint32_t m = person(d, u);

			if (m == STR_NONE)
				continue;
			r->member = imp_member_field(d->im, m);
			imp_row(d->im, r);
			listed++;
		}
		count = c != NULL && c->type == JV_NUMBER ? strtoull(c->s, NULL, 10) : 0;
		if (count > listed)
			imp_count(d->im, "reactions without their users (counts only)",
			    count - listed);
	}
}

static void
message(void *ctx, const struct jv *msg)
{
	struct discord *d = ctx;
	struct field type = str_field(jv_get(msg, "type")), id = str_field(jv_get(msg, "id"));
	struct field ts = str_field(jv_get(msg, "timestamp"));
	const char *action = type_action(msg, type.p);
	const struct jv *ref;
	struct row r;
	uint32_t who;

	if (d->pass == 1) {
		who = action != NULL ? person(d, jv_get(msg, "author")) : STR_NONE;
		if (id.n > 0 && who != STR_NONE)
			imp_note_message(d->im, message_key(id.p, id.n), who);
		return;
	}
	if (action == NULL) {
		buf_set(&d->kind, "type ", 5);
		buf_add(&d->kind, type.n ? type.p : "(none)", type.n ? type.n : 6);
		imp_count(d->im, d->kind.p, 1);
		return;
	}
	if (time_parse(&d->im->o->c.tz, ts.p, ts.n, &r.time) != 0) {
		imp_bad(d->im, d->in->name, msg->line, "timestamp: cannot parse \"%s\"",
		    quote_value(ts.p, ts.n));
		return;
	}
	if ((who = person(d, jv_get(msg, "author"))) == STR_NONE) {
		imp_bad(d->im, d->in->name, msg->line, "a message without an author");
		return;
	}
	r.action = action;
	r.member = imp_member_field(d->im, who);
	r.venue = (struct field){ d->venue.p, d->venue.n };
	r.thread = (struct field){ d->thread.p, d->thread.n };
	r.reply_to = (struct field){ "", 0 };
	r.text = str_field(jv_get(msg, "content"));
	ref = reference(msg);
	if (strcmp(action, "reply") == 0 && ref != NULL)
		r.reply_to = imp_member_field(d->im,
		    imp_message_author(d->im, message_key(ref->s, ref->n)));
	imp_row(d->im, &r);
	reactions(d, msg, &r, who);
}

static void
set_channel(struct discord *d, const struct jv *ch)
{
	struct field name = str_field(jv_get(ch, "name")), id = str_field(jv_get(ch, "id"));

	if (d->im->o->venue == NULL)
		buf_set(&d->venue, name.p, name.n);
	buf_set(&d->thread, id.p, id.n);
}

/* A broken file is reported on the second pass, which stops where the first did. */
static int
json_fail(struct discord *d, struct json *j)
{
	if (d->pass == 2)
		imp_bad(d->im, d->in->name, j->err_line, "%s", j->err);
	return -1;
}

/* The "messages" array, one message at a time. */
static int
messages(struct discord *d, struct json *j)
{
	struct jv *v;
	int tok = json_next(j);

	if (tok != JSON_ARR_BEGIN)
		return tok == JSON_ERROR ? json_fail(d, j) : json_skip(j, tok);
	while ((tok = json_next(j)) != JSON_ARR_END) {
		jarena_reset(&d->arena);
		if (json_read_from(j, &d->arena, tok, &v) != 0)
			return json_fail(d, j);
		message(d, v);
	}
	return 0;
}

/* The top-level object: the channel first, then its messages. */
static void
json_export(struct discord *d)
{
	struct json j;
	struct jv *v;
	int tok;

	json_init(&j, d->in);
	if ((tok = json_next(&j)) != JSON_OBJ_BEGIN) {
		if (tok == JSON_ERROR)
			json_fail(d, &j);
		else if (d->pass == 2)
			imp_bad(d->im, d->in->name, j.tok_line, "not a DiscordChatExporter export "
			    "(a JSON object with \"messages\")");
		json_free(&j);
		return;
	}
	while ((tok = json_next(&j)) == JSON_KEY) {
		if (strcmp(j.str.p, "channel") == 0) {
			jarena_reset(&d->arena);
			if (json_read(&j, &d->arena, &v) != 0)
				break;
			set_channel(d, v);
		} else if (strcmp(j.str.p, "messages") == 0) {
			if (messages(d, &j) != 0) {
				json_free(&j);
				return;
			}
		} else if (json_skip(&j, json_next(&j)) != 0)
			break;
	}
	if (tok == JSON_ERROR || j.failed || json_next(&j) != JSON_EOF)
		json_fail(d, &j);
	json_free(&j);
}

/* CSV: AuthorID, Author, Date, Content, Attachments, Reactions. */

enum { D_AUTHOR, D_DATE, D_CONTENT, D_REACTIONS, D_N };

/* DiscordChatExporter's fallback texts of system messages, which its CSV writes. */
static const char *
system_kind(const struct field *content)
{
	static const char *const kinds[][2] = {
		{ "Pinned a message.", "pinned message" },
		{ "Started a thread.", "thread created" },
		{ "Started a call", "call" },
		{ "Added ", "recipient added" },
		{ "Removed ", "recipient removed" },
		{ "Left the group.", "recipient removed" },
		{ "Changed the channel name", "channel name change" },
		{ "Changed the channel icon.", "channel icon change" },
	};
	size_t i, k;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		k = strlen(kinds[i][0]);
		if (content->n >= k && memcmp(content->p, kinds[i][0], k) == 0 &&
		    (kinds[i][0][k - 1] == '.' ? content->n == k :
		    content->p[content->n - 1] == '.'))
			return kinds[i][1];
	}
	return NULL;
}

/* "name#1234" is the name: the JSON has the discriminator apart. */
static struct field
csv_author(const struct field *f)
{
	struct field a = *f;
	size_t i;

	if (a.n > 5 && a.p[a.n - 5] == '#') {
		for (i = a.n - 4; i < a.n && a.p[i] >= '0' && a.p[i] <= '9'; i++)
			;
		if (i == a.n)
			a.n -= 5;
	}
	return a;
}

/* The reactions cell, "👍 (2),🎉 (1)": counts without users. */
static uint64_t
reaction_count(const struct field *f)
{
	uint64_t total = 0;
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->p[i] == '(')
			total += strtoull(f->p + i + 1, NULL, 10);
	return total;
}

static int
csv_time(struct discord *d, const struct field *f, int64_t *t)
{
	struct tz *z = &d->im->o->c.tz;
	struct numdate nd;
	size_t used;

	if (time_parse(z, f->p, f->n, t) == 0 ||
	    time_parse_format(z, "%d-%b-%y %I:%M %p", f->p, f->n, t) == 0)
		return 0;
	if (numdate_scan(f->p, f->n, &nd, &used) != 0 || used != f->n)
		return -1;
	return numdate_time(z, &nd, imp_order(d->im, d->in->name, &d->vote), t);
}

/* The day/month order of a CSV's numeric dates, from the file. */
static void
csv_decide(struct discord *d, int col)
{
	struct input look;
	struct csv c;
	struct numdate nd;
	size_t used;
	int r;

	d->decided = 1;
	if (d->im->o->order != DATE_ORDER_NONE)
		return;
	input_clone(&look, d->in);
	csv_init(&c, &look, ',');
	while (d->vote.order == DATE_ORDER_NONE && (r = csv_next(&c)) != 0)
		if (r > 0 && (size_t)col < c.nf && numdate_scan(c.f[col].p, c.f[col].n, &nd,
		    &used) == 0 && used == c.f[col].n)
			order_vote(&d->vote, &nd, c.line);
	csv_free(&c);
	input_close(&look);
}

static void
csv_record(struct discord *d, struct csv *c, const int *col)
{
	struct field author, content = c->f[col[D_CONTENT]];
	const char *kind = system_kind(&content);
	struct row r;
	uint32_t who;

	if (!d->decided)
		csv_decide(d, col[D_DATE]);
	if (csv_time(d, &c->f[col[D_DATE]], &r.time) != 0) {
		imp_bad(d->im, d->in->name, c->line, "Date: cannot parse \"%s\"",
		    quote_value(c->f[col[D_DATE]].p, c->f[col[D_DATE]].n));
		return;
	}
	author = csv_author(&c->f[col[D_AUTHOR]]);
	if ((who = imp_member(d->im, author.p, author.n)) == STR_NONE) {
		imp_bad(d->im, d->in->name, c->line, "Author: empty");
		return;
	}
	if (kind != NULL) {
		imp_count(d->im, kind, 1);
		return;
	}
	r.action = content.n == 18 && memcmp(content.p, "Joined the server.", 18) == 0 ?
	    "join" : "post";
	r.member = imp_member_field(d->im, who);
	r.venue = (struct field){ d->venue.p, d->venue.n };
	r.thread = (struct field){ d->thread.p, d->thread.n };
	r.reply_to = (struct field){ "", 0 };
	r.text = content;
	imp_row(d->im, &r);
	if (col[D_REACTIONS] >= 0)
		imp_count(d->im, "reactions without their users (counts only)",
		    reaction_count(&c->f[col[D_REACTIONS]]));
}

static int
csv_columns(struct discord *d, struct csv *c, int *col)
{
	static const char *const names[D_N] = { "Author", "Date", "Content", "Reactions" };
	size_t i;
	int k;

	for (k = 0; k < D_N; k++) {
		col[k] = -1;
		for (i = 0; i < c->nf; i++)
			if (c->f[i].n == strlen(names[k]) &&
			    memcmp(c->f[i].p, names[k], c->f[i].n) == 0)
				col[k] = (int)i;
		if (col[k] < 0 && k != D_REACTIONS) {
			imp_bad(d->im, d->in->name, c->line, "not a DiscordChatExporter CSV (no "
			    "\"%s\" column)", names[k]);
			return -1;
		}
	}
	return 0;
}

/* "Guild - Category - channel [id].csv": the venue and thread of a CSV. */
static void
venue_from_name(struct discord *d)
{
	const char *base = imp_basename(d->in->name), *open = strrchr(base, '[');
	const char *close = open ? strchr(open, ']') : NULL, *dash, *end;
	size_t n = strlen(base);

	end = open && close && open > base ? open - 1 : base + (n > 4 &&
	    strcmp(base + n - 4, ".csv") == 0 ? n - 4 : n);
	for (dash = end; dash > base && !(dash[-1] == ' ' && dash - 2 >= base &&
	    dash[-2] == '-' && dash - 3 >= base && dash[-3] == ' '); dash--)
		;
	if (d->im->o->venue == NULL)
		buf_set(&d->venue, dash, (size_t)(end - dash));
	if (open && close)
		buf_set(&d->thread, open + 1, (size_t)(close - open - 1));
}

static void
csv_export(struct discord *d)
{
	struct csv c;
	int col[D_N], r;

	venue_from_name(d);
	csv_init(&c, d->in, ',');
	while ((r = csv_next(&c)) < 0)
		imp_bad(d->im, d->in->name, c.err_line, "%s", c.err);
	if (r > 0 && csv_columns(d, &c, col) == 0) {
		while ((r = csv_next(&c)) != 0) {
			if (r < 0)
				imp_bad(d->im, d->in->name, c.err_line, "%s", c.err);
			else if (c.nf <= (size_t)col[D_CONTENT] || c.nf <= (size_t)col[D_DATE] ||
			    c.nf <= (size_t)col[D_AUTHOR] || (col[D_REACTIONS] >= 0 &&
			    c.nf <= (size_t)col[D_REACTIONS]))
				imp_bad(d->im, d->in->name, c.line, "%zu fields, too few", c.nf);
			else
				csv_record(d, &c, col);
		}
	}
	csv_free(&c);
}

static int
first_char(struct input *in)
{
	int c;

	while ((c = input_peekc(in)) == ' ' || c == '\t' || c == '\r' || c == '\n')
		input_getc(in);
	return c;
}

static void
discord_file(struct discord *d, const char *path)
{
	int c;

	d->in = imp_pass_open(&d->file, &d->keep, path, d->pass);
	buf_reset(&d->venue);
	buf_reset(&d->thread);
	if (d->im->o->venue != NULL)
		buf_set(&d->venue, d->im->o->venue, strlen(d->im->o->venue));
	d->decided = 0;
	memset(&d->vote, 0, sizeof d->vote);
	c = first_char(d->in);
	if (c == '{' || c == '[')
		json_export(d);
	else if (d->pass == 2) {
		input_rewind(d->in);
		csv_export(d);
	}
	imp_pass_close(d->in, &d->keep);
}

void
import_discord(struct imp *im, char **paths, size_t n)
{
	static char *dash[] = { "-" };
	struct discord d;
	size_t i;

	memset(&d, 0, sizeof d);
	d.im = im;
	if (n == 0) {
		paths = dash;
		n = 1;
	}
	for (d.pass = 1; d.pass <= 2; d.pass++)
		for (i = 0; i < n; i++)
			discord_file(&d, paths[i]);
	if (d.keep.name != NULL)
		input_close(&d.keep);
	jarena_free(&d.arena);
	buf_free(&d.venue);
	buf_free(&d.thread);
	buf_free(&d.kind);
}
