/*
 * import-slack.c: cop-import slack, a Slack export folder: users.json
 * names the people, and each conversation is a folder (named after the
 * channel; a direct message's after its id) of YYYY-MM-DD.json files,
 * each an array of messages. Messages become posts and thread replies,
 * reactions become react rows, joins and leaves membership rows; other
 * subtypes are counted. cop-import(1) gives the mapping.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cop.h"

struct slack {
	struct imp *im;
	struct strtab ids;	/* user ids of users.json */
	uint32_t *user;		/* user id -> member id */
	size_t user_cap;
	struct jarena arena;
	const char *file;	/* the day file being read */
	struct field venue;
	struct buf text;
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

static const struct jv *
get2(const struct jv *obj, const char *a, const char *b)
{
	return jv_get(jv_get(obj, a), b);
}

/* The handle of a users.json entry: name, or with -a the e-mail. */
static struct field
user_handle(struct slack *s, const struct jv *u)
{
	struct field f = str_field(get2(u, "profile", "email"));

	if (s->im->o->by_address && f.n > 0) {
		imp_address(&s->text, f.p, f.n);
		return (struct field){ s->text.p, s->text.n };
	}
	f = str_field(jv_get(u, "name"));
	if (f.n == 0)
		f = str_field(jv_get(u, "id"));
	return f;
}

static void
add_user(void *ctx, const struct jv *u)
{
	static const char *const names[][2] = {
		{ "real_name", NULL }, { "profile", "real_name" }, { "profile", "display_name" },
		{ "id", NULL }, { "name", NULL }, { "profile", "email" }
	};
	struct slack *s = ctx;
	struct field id = str_field(jv_get(u, "id")), h = user_handle(s, u);
	uint32_t k, m;
	size_t i;

	if (id.n == 0 || (m = imp_member(s->im, h.p, h.n)) == STR_NONE) {
		imp_count(s->im, "users.json entries without an id", 1);
		return;
	}
	k = strtab_intern(&s->ids, id.p, id.n);
	xgrow(&s->user, &s->user_cap, (size_t)k + 1, sizeof *s->user);
	s->user[k] = m;
	if (jv_truthy(jv_get(u, "is_bot")))
		imp_member_bot(s->im, m);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		const struct jv *v = names[i][1] ? get2(u, names[i][0], names[i][1]) :
		    jv_get(u, names[i][0]);
		struct field a = str_field(v);

		imp_alias(s->im, m, a.p, a.n);
	}
}

/* The member of a user id: its users.json handle, or the id itself. */
static uint32_t
user_member(struct slack *s, const char *id, size_t n)
{
	uint32_t k = strtab_find(&s->ids, id, n);

	return k != STR_NONE ? s->user[k] : imp_member(s->im, id, n);
}

static int
read_users(struct slack *s, const char *dir)
{
	struct input in;
	struct buf path = { 0 };
	struct stat st;

	buf_reset(&path);
	buf_adds(&path, dir);
	buf_adds(&path, "/users.json");
	if (stat(path.p, &st) != 0) {
		buf_free(&path);
		return 0;
	}
	input_open(&in, path.p, 0);
	imp_json_array(s->im, &in, &s->arena, add_user, s);
	input_close(&in);
	buf_free(&path);
	return 1;
}

/* Message times are "seconds.micro" strings; the seconds are ours. */
static int
slack_ts(const struct jv *v, int64_t *t)
{
	size_t n, i;
	const char *p = jv_str(v, &n);

	if (p == NULL && v != NULL && v->type == JV_NUMBER)
		p = v->s, n = v->n;
	if (p == NULL || n == 0)
		return -1;
	*t = 0;
	for (i = 0; i < n && p[i] != '.'; i++) {
		if (p[i] < '0' || p[i] > '9' || i >= 12)
			return -1;
		*t = *t * 10 + (p[i] - '0');
	}
	return i == 0 ? -1 : 0;
}

/* Who wrote a message: its user, or a bot's username, profile name or id. */
static uint32_t
author(struct slack *s, const struct jv *msg)
{
	static const char *const bot_names[][2] = {
		{ "username", NULL }, { "bot_profile", "name" }, { "bot_id", NULL }
	};
	struct field f = str_field(jv_get(msg, "user"));
	size_t i;

	if (f.n > 0)
		return user_member(s, f.p, f.n);
	for (i = 0; i < sizeof bot_names / sizeof bot_names[0]; i++) {
		f = str_field(bot_names[i][1] ? get2(msg, bot_names[i][0], bot_names[i][1]) :
		    jv_get(msg, bot_names[i][0]));
		if (f.n > 0)
			return imp_member(s->im, f.p, f.n);
	}
	return STR_NONE;
}

static int
is_bot_message(const struct jv *msg, const char *subtype)
{
	return jv_truthy(jv_get(msg, "bot_id")) || strcmp(subtype, "bot_message") == 0;
}

/* What a subtype is: "post" (or a reply), "join", "leave", or NULL. */
static const char *
subtype_action(const char *st)
{
	static const char *const posts[] = { "", "thread_broadcast", "me_message", "bot_message" };
	size_t i;

	for (i = 0; i < sizeof posts / sizeof posts[0]; i++)
		if (strcmp(st, posts[i]) == 0)
			return "post";
	if (strcmp(st, "channel_join") == 0 || strcmp(st, "group_join") == 0)
		return "join";
	if (strcmp(st, "channel_leave") == 0 || strcmp(st, "group_leave") == 0)
		return "leave";
	return NULL;
}

static uint64_t
thread_key(const struct slack *s, const struct field *ts)
{
	return imp_key(s->venue.p, s->venue.n, ts->p, ts->n);
}

/* A reply's parent author: parent_user_id, else the parent's, else none. */
static struct field
parent_author(struct slack *s, const struct jv *msg, const struct field *thread)
{
	struct field p = str_field(jv_get(msg, "parent_user_id"));

	if (p.n > 0)
		return imp_member_field(s->im, user_member(s, p.p, p.n));
	return imp_member_field(s->im, imp_message_author(s->im, thread_key(s, thread)));
}

static void
reactions(struct slack *s, const struct jv *msg, struct row *r, uint32_t who)
{
	const struct jv *re, *u;
	uint64_t listed, n;

	r->action = "react";
	r->reply_to = imp_member_field(s->im, who);
	for (re = jv_items(msg, "reactions"); re; re = re->next) {
		struct field name = str_field(jv_get(re, "name")), c;
		const struct jv *count = jv_get(re, "count");

		buf_set(&s->text, ":", 1);
		buf_add(&s->text, name.p, name.n);
		buf_addc(&s->text, ':');
		r->text = (struct field){ s->text.p, s->text.n };
		listed = 0;
		for (u = jv_items(re, "users"); u; u = u->next) {
			uint32_t m;

			c = str_field(u);
			if ((m = c.n ? user_member(s, c.p, c.n) : STR_NONE) == STR_NONE)
				continue;
			r->member = imp_member_field(s->im, m);
			imp_row(s->im, r);
			listed++;
		}
		n = count != NULL && count->type == JV_NUMBER ? strtoull(count->s, NULL, 10) : 0;
		if (n > listed)
			imp_count(s->im, "reactions by users the export does not list", n - listed);
	}
}

static void
message(void *ctx, const struct jv *msg)
{
	struct slack *s = ctx;
	struct field st = str_field(jv_get(msg, "subtype")), ts = str_field(jv_get(msg, "ts"));
	struct field thread = str_field(jv_get(msg, "thread_ts"));
	const char *action = subtype_action(st.p);
	struct row r;
	uint32_t who;

	if (action == NULL) {
		buf_set(&s->text, "subtype ", 8);
		buf_add(&s->text, st.p, st.n);
		imp_count(s->im, s->text.p, 1);
		return;
	}
	if (slack_ts(jv_get(msg, "ts"), &r.time) != 0) {
		imp_bad(s->im, s->file, msg->line, "a message without a valid \"ts\"");
		return;
	}
	if ((who = author(s, msg)) == STR_NONE) {
		imp_bad(s->im, s->file, msg->line, "a message without \"user\" or bot name");
		return;
	}
	if (is_bot_message(msg, st.p))
		imp_member_bot(s->im, who);
	memset(&r.reply_to, 0, sizeof r.reply_to);
	r.reply_to.p = "";
	r.action = action;
	r.member = imp_member_field(s->im, who);
	r.venue = s->venue;
	r.thread = thread;
	r.text = str_field(jv_get(msg, "text"));
	if (thread.n > 0 && (thread.n != ts.n || memcmp(thread.p, ts.p, ts.n) != 0)) {
		if (strcmp(action, "post") == 0) {
			r.action = "reply";
			r.reply_to = parent_author(s, msg, &thread);
		}
	} else if (thread.n > 0)
		imp_note_message(s->im, thread_key(s, &ts), who);
	imp_row(s->im, &r);
	reactions(s, msg, &r, who);
}

static int
is_day_file(const char *name)
{
	static const char pattern[] = "dddd-dd-dd.json";
	size_t i;

	if (strlen(name) != sizeof pattern - 1)
		return 0;
	for (i = 0; i < sizeof pattern - 1; i++)
		if (pattern[i] == 'd' ? (name[i] < '0' || name[i] > '9') : name[i] != pattern[i])
			return 0;
	return 1;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a directory, sorted, for which keep says yes. */
static char **
sorted_entries(const char *dir, int (*keep)(const char *dir, const char *name), size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	if (d == NULL)
		die("%s:", dir);
	while ((errno = 0, e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !keep(dir, e->d_name))
			continue;
		xgrow(&names, &cap, *n + 1, sizeof *names);
		names[(*n)++] = xstrdup(e->d_name);
	}
	if (errno != 0)
		die("%s:", dir);
	closedir(d);
	if (*n > 1)
		qsort(names, *n, sizeof *names, cmp_names);
	return names;
}

static char *
join_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static int
keep_dir(const char *dir, const char *name)
{
	char *p = join_path(dir, name);
	struct stat st;
	int yes = stat(p, &st) == 0 && S_ISDIR(st.st_mode);

	free(p);
	return yes;
}

static int
keep_day(const char *dir, const char *name)
{
	(void)dir;
	return is_day_file(name);
}

static void
free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* One conversation: its day files in date order. */
static void
conversation(struct slack *s, const char *dir, const char *name)
{
	char *path = join_path(dir, name), **days;
	size_t n, i;
	struct input in;

	s->venue.p = s->im->o->venue ? s->im->o->venue : name;
	s->venue.n = strlen(s->venue.p);
	days = sorted_entries(path, keep_day, &n);
	for (i = 0; i < n; i++) {
		char *file = join_path(path, days[i]);

		input_open(&in, file, 0);
		s->file = in.name;
		imp_json_array(s->im, &in, &s->arena, message, s);
		input_close(&in);
		free(file);
	}
	free_names(days, n);
	free(path);
}

static void
slack_export(struct slack *s, const char *dir)
{
	struct stat st;
	char **convs, *chan;
	size_t n, i;

	if (stat(dir, &st) != 0)
		die("%s:", dir);
	if (!S_ISDIR(st.st_mode))
		die("%s: not a directory (a Slack export is a folder: unzip the export first)",
		    dir);
	chan = join_path(dir, "channels.json");
	if (!read_users(s, dir) && stat(chan, &st) != 0)
		die("%s: not a Slack export (no users.json or channels.json in it)", dir);
	free(chan);
	convs = sorted_entries(dir, keep_dir, &n);
	for (i = 0; i < n; i++)
		conversation(s, dir, convs[i]);
	free_names(convs, n);
}

void
import_slack(struct imp *im, char **paths, size_t n)
{
	struct slack s;
	size_t i;

	if (n == 0)
		die_usage("slack: give the export folder");
	memset(&s, 0, sizeof s);
	s.im = im;
	strtab_init(&s.ids);
	buf_reset(&s.text);
	for (i = 0; i < n; i++)
		slack_export(&s, paths[i]);
	strtab_free(&s.ids);
	free(s.user);
	jarena_free(&s.arena);
	buf_free(&s.text);
}
