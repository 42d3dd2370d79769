/*
 * import.c: what every format of cop-import shares. A format driver turns
 * its export into rows (time, member, action, venue, thread, reply_to and
 * the text) and hands them to imp_row, which writes TSV v1 with clean
 * fields; it counts what it leaves out with imp_count, reports a broken
 * record with imp_bad (fatal, or skipped under -k), and names the people
 * it meets for the members directory of -m. Formats whose replies name
 * their parent by id read their input twice: first to note each message's
 * author (imp_note_message), then to write the rows; the table holds one
 * id and one member per message, nothing else.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

#define ALIAS_CONFLICT UINT32_MAX

void
imp_init(struct imp *im, struct imp_opts *o)
{
	memset(im, 0, sizeof *im);
	im->o = o;
	strtab_init(&im->names);
	strtab_init(&im->aliases);
	strtab_init(&im->kinds);
	strtab_init(&im->actions);
	keymap_init(&im->msgs, sizeof(uint64_t), sizeof(struct imp_msg));
}

/* The header, before any row; the text column only with --text. */
void
imp_header(struct imp *im)
{
	out_str("time\tmember\taction\tvenue\tthread\treply_to");
	if (im->o->text)
		out_str("\ttext");
	out_char('\n');
}

/* Characters that only steer the direction of text: U+200E/F, U+202A-E, U+2066-9, U+FEFF. */
static size_t
bidi_mark(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] == 0x8e || u[2] == 0x8f || (u[2] >= 0xaa && u[2] <= 0xae)))
		return 3;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9)
		return 3;
	if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return 3;
	return 0;
}

/* The length of the space or mark at s, 0 if none: trimmed from fields' ends. */
static size_t
blank_at(const char *s, size_t n)
{
	if (n >= 1 && s[0] == ' ')
		return 1;
	if (n >= 2 && (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
		return 2;
	return bidi_mark(s, n);
}

static size_t
blank_before(const char *s, size_t n)
{
	size_t k;

	for (k = 1; k <= 3 && k <= n; k++)
		if (blank_at(s + n - k, k) == k)
			return k;
	return 0;
}

/*
 * s as a field of TSV v1, into out: valid UTF-8, every control character
 * (TAB, CR and LF among them) a space, and no spaces or direction marks at
 * either end.
 */
void
imp_clean(struct buf *out, const char *s, size_t n)
{
	size_t start = 0, end, k;

	buf_reset(out);
	utf8_clean(out, s, n);
	end = out->n;
	while (start < end && (k = blank_at(out->p + start, end - start)) > 0)
		start += k;
	while (end > start && (k = blank_before(out->p + start, end - start)) > 0)
		end -= k;
	memmove(out->p, out->p + start, end - start);
	out->n = end - start;
	out->p[out->n] = '\0';
}

/* An e-mail address as a key: cleaned, and in lower case, as mail systems compare it. */
void
imp_address(struct buf *out, const char *s, size_t n)
{
	size_t i;

	imp_clean(out, s, n);
	for (i = 0; i < out->n; i++)
		if (out->p[i] >= 'A' && out->p[i] <= 'Z')
			out->p[i] = (char)(out->p[i] + 32);
}

static int
in_window(const struct imp *im, int64_t t)
{
	const struct common *c = &im->o->c;

	return (!c->has_since || t >= c->since) && (!c->has_until || t < c->until);
}

/* A handle written in a row is one the members directory of -m lists. */
static void
mark_seen(struct imp *im)
{
	size_t before = im->names.n;
	uint32_t id;

	if (im->o->members_out == NULL || im->tmp.n == 0)
		return;
	id = strtab_intern(&im->names, im->tmp.p, im->tmp.n);
	if (id >= before) {
		xgrow(&im->info, &im->info_cap, (size_t)id + 1, sizeof *im->info);
		memset(&im->info[id], 0, sizeof im->info[id]);
	}
	im->info[id].seen = 1;
}

static void
put_field(struct imp *im, const struct field *f, int handle)
{
	imp_clean(&im->tmp, f->p, f->n);
	out_char('\t');
	out_write(im->tmp.p, im->tmp.n);
	if (handle)
		mark_seen(im);
}

static void
count_in(struct strtab *t, uint64_t **counts, size_t *cap, const char *word, uint64_t n)
{
	uint32_t id = strtab_intern(t, word, strlen(word));

	if (id >= *cap) {
		size_t old = *cap;

		xgrow(counts, cap, (size_t)id + 1, sizeof **counts);
		memset(*counts + old, 0, (*cap - old) * sizeof **counts);
	}
	(*counts)[id] += n;
}

/*
 * Write one row. The member must not be empty once cleaned: the caller
 * checks with imp_member first. Rows outside --since/--until are counted.
 */
void
imp_row(struct imp *im, const struct row *r)
{
	char t[TIME_BUFSZ];

	if (!in_window(im, r->time)) {
		im->outside++;
		return;
	}
	imp_clean(&im->act, r->action, strlen(r->action));
	if (im->act.n == 0)
		buf_set(&im->act, "post", 4);
	time_format_utc(r->time, t);
	out_str(t);
	put_field(im, &r->member, 1);
	out_char('\t');
	out_write(im->act.p, im->act.n);
	put_field(im, &r->venue, 0);
	put_field(im, &r->thread, 0);
	put_field(im, &r->reply_to, 1);
	if (im->o->text)
		put_field(im, &r->text, 0);
	out_char('\n');
	count_in(&im->actions, &im->action_count, &im->action_cap, im->act.p, 1);
}

/* Something left out of the rows, by kind: -v lists the counts. */
void
imp_count(struct imp *im, const char *kind, uint64_t n)
{
	if (n > 0)
		count_in(&im->kinds, &im->kind_count, &im->kind_cap, kind, n);
}

/*
 * A broken record at file:line: the end of the run, or under -k a warning
 * and a count. Returns so that the caller can go on past it.
 */
void
imp_bad(struct imp *im, const char *file, uint64_t line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!im->o->c.skip_bad) {
		out_flush();
		if (line > 0)
			die("%s:%" PRIu64 ": %s", file, line, msg);
		die("%s: %s", file, msg);
	}
	if (line > 0)
		warnmsg("%s:%" PRIu64 ": %s", file, line, msg);
	else
		warnmsg("%s: %s", file, msg);
	im->bad++;
}

/* Members. */

/*
 * The id of a member handle, cleaned as its field will be; STR_NONE if
 * nothing is left of it, which makes the record a broken one.
 */
uint32_t
imp_member(struct imp *im, const char *s, size_t n)
{
	size_t before = im->names.n;
	uint32_t id;

	imp_clean(&im->tmp, s, n);
	if (im->tmp.n == 0)
		return STR_NONE;
	id = strtab_intern(&im->names, im->tmp.p, im->tmp.n);
	if (id >= before) {
		xgrow(&im->info, &im->info_cap, (size_t)id + 1, sizeof *im->info);
		memset(&im->info[id], 0, sizeof im->info[id]);
	}
	return id;
}

struct field
imp_member_field(const struct imp *im, uint32_t id)
{
	struct field f = { "", 0 };

	if (id != STR_NONE) {
		f.p = im->names.str[id];
		f.n = im->names.len[id];
	}
	return f;
}

void
imp_member_bot(struct imp *im, uint32_t id)
{
	if (id != STR_NONE)
		im->info[id].bot = 1;
}

/*
 * Another name of member id for -m's aliases: a display name, an
 * address. One claimed by two members, or with a comma (aliases are
 * comma-separated), is left out when the directory is written.
 */
void
imp_alias(struct imp *im, uint32_t id, const char *s, size_t n)
{
	struct imp_member *m;
	size_t before = im->aliases.n, i;
	uint32_t a;

	if (im->o->members_out == NULL || id == STR_NONE)
		return;
	imp_clean(&im->tmp, s, n);
	if (im->tmp.n == 0 || memchr(im->tmp.p, ',', im->tmp.n) != NULL ||
	    (im->tmp.n == im->names.len[id] &&
	    memcmp(im->tmp.p, im->names.str[id], im->tmp.n) == 0))
		return;
	a = strtab_intern(&im->aliases, im->tmp.p, im->tmp.n);
	if (a >= before) {
		xgrow(&im->alias_owner, &im->alias_owner_cap, (size_t)a + 1,
		    sizeof *im->alias_owner);
		im->alias_owner[a] = id;
	} else if (im->alias_owner[a] != id)
		im->alias_owner[a] = ALIAS_CONFLICT;
	m = &im->info[id];
	for (i = 0; i < m->nalias; i++)
		if (m->alias[i] == a)
			return;
	xgrow(&m->alias, &m->alias_cap, m->nalias + 1, sizeof *m->alias);
	m->alias[m->nalias++] = a;
}

static const struct strtab *sort_aliases;	/* qsort has no context argument */

static int
cmp_alias(const void *pa, const void *pb)
{
	return strtab_cmp(sort_aliases, *(const uint32_t *)pa, *(const uint32_t *)pb);
}

static int
alias_usable(const struct imp *im, uint32_t id, uint32_t a)
{
	uint32_t other;

	if (im->alias_owner[a] != id)
		return 0;
	other = strtab_find(&im->names, im->aliases.str[a], im->aliases.len[a]);
	return other == STR_NONE;
}

static void
write_member(FILE *fp, const struct imp *im, uint32_t id)
{
	const struct imp_member *m = &im->info[id];
	const char *sep = "";
	size_t i;

	fprintf(fp, "%s\t%s\t", im->names.str[id], m->bot ? "bot" : "");
	sort_aliases = &im->aliases;
	if (m->nalias > 1)
		qsort(m->alias, m->nalias, sizeof *m->alias, cmp_alias);
	for (i = 0; i < m->nalias; i++) {
		if (!alias_usable(im, id, m->alias[i]))
			continue;
		fprintf(fp, "%s%s", sep, im->aliases.str[m->alias[i]]);
		sep = ",";
	}
	fputc('\n', fp);
}

/* -m: the members directory of cop-events(5), one row per handle seen. */
static void
write_members(struct imp *im, const char *path)
{
	uint32_t *ids = strtab_sorted(&im->names);
	FILE *fp = fopen(path, "w");
	size_t i;

	if (fp == NULL)
		die("%s:", path);
	fputs("member\trole\taliases\n", fp);
	for (i = 0; i < im->names.n; i++)
		if (im->info[ids[i]].seen)
			write_member(fp, im, ids[i]);
	if (fflush(fp) == EOF || ferror(fp)) {
		fclose(fp);
		die("%s: write error:", path);
	}
	if (fclose(fp) == EOF)
		die("%s: write error:", path);
	free(ids);
}

/* Replies. */

/* The author of message key, noted as its message was read. */
void
imp_note_message(struct imp *im, uint64_t key, uint32_t author)
{
	struct imp_msg *m;
	int created;

	m = keymap_rec(&im->msgs, keymap_upsert(&im->msgs, &key, &created));
	if (created)
		m->author = author;
}

/* The author of message key, or STR_NONE if it has not been read. */
uint32_t
imp_message_author(struct imp *im, uint64_t key)
{
	size_t i = keymap_find(&im->msgs, &key);

	return i == KEY_NONE ? STR_NONE : ((struct imp_msg *)keymap_rec(&im->msgs, i))->author;
}

/* The end. */

static void
print_counts(const char *one, const char *many, const struct strtab *t, const uint64_t *counts)
{
	uint32_t *ids = strtab_sorted(t);
	uint64_t total = 0;
	size_t i, o = 0;
	char line[4096];

	for (i = 0; i < t->n; i++)
		total += counts[i];
	o += (size_t)snprintf(line, sizeof line, "%" PRIu64 " %s", total, total == 1 ? one : many);
	for (i = 0; i < t->n && o < sizeof line; i++)
		o += (size_t)snprintf(line + o, sizeof line - o, "%s%" PRIu64 " %s",
		    i == 0 ? ": " : ", ", counts[ids[i]], t->str[ids[i]]);
	warnmsg("%s", line);
	free(ids);
}

/* After the last record: -m, and the notes of -v and -k. */
void
imp_finish(struct imp *im)
{
	out_flush();
	if (im->o->members_out != NULL)
		write_members(im, im->o->members_out);
	if (im->o->verbose) {
		print_counts("row", "rows", &im->actions, im->action_count);
		if (im->kinds.n > 0)
			print_counts("record not imported", "records not imported", &im->kinds,
			    im->kind_count);
		if (im->outside > 0)
			warnmsg("%" PRIu64 " rows outside --since/--until", im->outside);
	}
	if (im->bad > 0)
		warnmsg("skipped %" PRIu64 " bad record%s (-k)", im->bad, im->bad == 1 ? "" : "s");
}

void
imp_free(struct imp *im)
{
	size_t i;

	for (i = 0; i < im->names.n; i++)
		free(im->info[i].alias);
	free(im->info);
	free(im->alias_owner);
	free(im->kind_count);
	free(im->action_count);
	strtab_free(&im->names);
	strtab_free(&im->aliases);
	strtab_free(&im->kinds);
	strtab_free(&im->actions);
	keymap_free(&im->msgs);
	buf_free(&im->tmp);
	buf_free(&im->act);
}

/* The last part of a path, for a venue named after its file. */
const char *
imp_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

/* Day/month order: given with --date-order, or decided by the file. */

/* Note what date d on line says of the order, the first time it says something. */
void
order_vote(struct order_vote *v, const struct numdate *d, uint64_t line)
{
	enum date_order o = numdate_order(d);

	if (v->order == DATE_ORDER_NONE && o != DATE_ORDER_NONE) {
		v->order = o;
		v->line = line;
	}
}

/* The order a file's dates are in, or the end of the run when it cannot tell. */
enum date_order
imp_order(struct imp *im, const char *file, const struct order_vote *v)
{
	if (im->o->order != DATE_ORDER_NONE)
		return im->o->order;
	if (v->order == DATE_ORDER_NONE) {
		out_flush();
		die("%s: cannot tell day-first from month-first dates (no day above 12): "
		    "give --date-order dmy or mdy", file);
	}
	return v->order;
}

/* JSON exports. */

static void
json_error(struct imp *im, const struct json *j)
{
	imp_bad(im, j->in->name, j->err_line, "%s", j->err);
}

/*
 * Read a JSON file whose top level is an array, one element at a time, each
 * built whole in a (reset for the next) and handed to fn. A syntax error is
 * a bad record: under -k the rest of the file is skipped. Returns -1 then,
 * or when the top level is not an array.
 */
int
imp_json_array(struct imp *im, struct input *in, struct jarena *a, imp_json_fn *fn, void *ctx)
{
	struct json j;
	struct jv *v;
	int tok, r = 0;

	json_init(&j, in);
	tok = json_next(&j);
	if (tok != JSON_ARR_BEGIN) {
		if (tok == JSON_ERROR)
			json_error(im, &j);
		else
			imp_bad(im, in->name, j.tok_line, "not a JSON array");
		json_free(&j);
		return -1;
	}
	for (;;) {
		tok = json_next(&j);
		if (tok == JSON_ARR_END)
			break;
		jarena_reset(a);
		if (json_read_from(&j, a, tok, &v) != 0) {
			r = -1;
			break;
		}
		fn(ctx, v);
	}
	if (r == 0 && json_next(&j) != JSON_EOF)
		r = -1;
	if (r != 0)
		json_error(im, &j);
	json_free(&j);
	return r;
}

/* A message key: the hash of an id, with the scope it is unique in. */
uint64_t
imp_key(const char *scope, size_t sn, const char *id, size_t n)
{
	uint64_t h = hash_bytes(scope, sn);

	return h ^ (hash_bytes(id, n) * 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

/*
 * The input of pass (1 or 2) over path: a file is opened each time;
 * standard input, which cannot be, is spooled on the first pass and kept
 * in *keep for the second. Close with imp_pass_close.
 */
struct input *
imp_pass_open(struct input *in, struct input *keep, const char *path, int pass)
{
	if (strcmp(path, "-") != 0) {
		input_open(in, path, 0);
		return in;
	}
	if (pass == 1)
		input_open(keep, path, 1);
	else
		input_rewind(keep);
	return keep;
}

void
imp_pass_close(struct input *in, struct input *keep)
{
	if (in != keep)
		input_close(in);
}
