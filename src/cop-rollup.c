/*
 * cop-rollup: roll the event stream of cop-events(5) up into a rollup,
 * one line per (day, community, venue, member, action, reply_to) cell
 * with its count of events and first and last time; with -m merge
 * rollups. Every -s summary and cop-report read a rollup in place of the
 * events and print the same; merging is associative and commutative and
 * the cells come out sorted by key, so shards rolled up anywhere and
 * merged in any order give the same bytes. cop-rollup(1) defines it;
 * rollup.c reads it.
 *
 * The cells are many (a cell per member, venue, action and day), so the
 * table has a memory budget: past it, its cells are sorted in the output's
 * order and written out to TMPDIR as a run, and the output merges the
 * runs (spill.c). Memory then stays within the budget plus the names.
 */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cop.h"

static struct options {
	struct common c;
	struct pattern_params pp;	/* -S */
	int merge, zone_given;
} opt;

struct cell_key {
	int32_t day;
	uint32_t community, venue, member, action, reply_to;
	int32_t strategic;		/* 0 or 1; -1 without -S */
};
struct cell {
	struct cell_key k;
	uint64_t count;
	int64_t first, last;
};

/* rank[id] + 1 of each table of names: their places in byte order. */
struct ranks {
	uint32_t *community, *venue, *member, *action;
};

/*
 * The cells since the last run was written, and the runs. The budget
 * counts the records, the hash slots and the pointers sorting them.
 */
struct celltab {
	struct keymap cells;
	struct spill spill;
	struct spill_ops ops;
	struct ranks r;
	size_t budget;
	const struct events *ev;
};

#define BUDGET_DEFAULT ((size_t)64 << 20)

/* What the output's header says, taken from the first input. */
struct out_meta {
	int known, has_community, has_strategic;
	uint64_t strategic;
};

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: cop-rollup [-k] [-S FILE] [-M FILE] [-f NAME=COL] [-B TIME] [-E TIME]\n"
"                  [-z ZONE] [FILE ...]\n"
"       cop-rollup -m [-S FILE] [-M FILE] [-B TIME] [-E TIME] [-z ZONE]\n"
"                  [ROLLUP ...]\n"
"Roll events up into cells of a day, venue, member, action and reply_to,\n"
"each with its count and first and last time; with -m merge rollups.\n"
"\n"
"  -m, --merge          the inputs are rollups: merge them\n"
"  -S, --strategic FILE keep whether each cell's thread holds a line of FILE\n"
"                       (cop-patterns -S on the rollup needs the same FILE)\n"
"  -M, --members FILE   merge aliases into the directory's handles (bots' rows\n"
"                       are kept: the reader's -M leaves them out)\n"
"  -f, --field NAME=COL read column NAME from COL (a header name or number)\n"
"  -k, --skip-bad       skip bad rows, report them on stderr, go on\n"
"  -B, --since TIME     leave out rows before TIME\n"
"  -E, --until TIME     leave out rows at or after TIME\n"
"  -z, --tz ZONE        cut days in ZONE (default UTC; with -m the rollups')\n"
"  -h, --help           print this help and exit\n"
"  -V, --version        print the version and exit\n");
}

static void
parse_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "merge", no_argument, NULL, 'm' },
		{ "strategic", required_argument, NULL, 'S' },
		{ "members", required_argument, NULL, 'M' },
		{ "field", required_argument, NULL, 'f' },
		{ "skip-bad", no_argument, NULL, 'k' },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "tz", required_argument, NULL, OPT_TZ },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	const char *strategic = NULL;
	int ch;

	common_init(&opt.c);
	patterns_defaults(&opt.pp);
	while ((ch = getopt_long(argc, argv, "mS:M:f:kB:E:z:hV", longopts, NULL)) != -1) {
		if (ch == OPT_TZ)
			opt.zone_given = 1;
		if (common_option(&opt.c, ch, optarg))
			continue;
		switch (ch) {
		case 'm':
			opt.merge = 1;
			break;
		case 'S':
			strategic = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(EXIT_USAGE);
		}
	}
	if (opt.merge && (opt.c.map.n > 0 || opt.c.skip_bad))
		die_usage("-m merges rollups, whose columns are fixed and whose cells are never "
		    "skipped: -f and -k are for events");
	common_finish(&opt.c);
	opt.c.zone_from_input = opt.merge && !opt.zone_given;
	if (strategic != NULL)
		patterns_load_strategic(&opt.pp, strategic);
}

/*
 * The order of the output: day, then the bytes of community, venue,
 * member, action and reply_to, then strategic. The final sort and merge
 * compare names through their ranks, computed once every name is known;
 * a run is written before that, so it is sorted by the names' bytes,
 * which is the same order.
 */
static const struct ranks *sort_ranks;	/* qsort has no context argument */
static const struct events *sort_ev;

/* rank[id] + 1: a name's place in byte order; the absent name (0) first. */
static uint32_t *
ranks_of(const struct strtab *t)
{
	uint32_t *sorted = strtab_sorted(t), *rank = xcalloc(t->n + 1, sizeof *rank);
	size_t i;

	for (i = 0; i < t->n; i++)
		rank[sorted[i]] = (uint32_t)i + 1;
	free(sorted);
	return rank;
}

static void
ranks_free(struct ranks *r)
{
	free(r->community);
	free(r->venue);
	free(r->member);
	free(r->action);
	memset(r, 0, sizeof *r);
}

static void
ranks_take(struct ranks *r, const struct events *ev)
{
	ranks_free(r);
	r->community = ranks_of(&ev->communities);
	r->venue = ranks_of(&ev->venues);
	r->member = ranks_of(&ev->dir->names);
	r->action = ranks_of(&ev->actions);
}

static uint32_t
rank(const uint32_t *r, uint32_t id)
{
	return id == STR_NONE ? 0 : r[id];
}

static int
cmp_u32(uint32_t a, uint32_t b)
{
	return (a > b) - (a < b);
}

/* 0 only for the same key: equal ranks are the same id. */
static int
cell_cmp(const struct cell *pa, const struct cell *pb, const struct ranks *r)
{
	const struct cell_key *a = &pa->k, *b = &pb->k;
	int c;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if ((c = cmp_u32(rank(r->community, a->community), rank(r->community, b->community))))
		return c;
	if ((c = cmp_u32(rank(r->venue, a->venue), rank(r->venue, b->venue))))
		return c;
	if ((c = cmp_u32(rank(r->member, a->member), rank(r->member, b->member))))
		return c;
	if ((c = cmp_u32(rank(r->action, a->action), rank(r->action, b->action))))
		return c;
	if ((c = cmp_u32(rank(r->member, a->reply_to), rank(r->member, b->reply_to))))
		return c;
	return (a->strategic > b->strategic) - (a->strategic < b->strategic);
}

static int
cmp_cells(const void *pa, const void *pb)
{
	return cell_cmp(*(const struct cell *const *)pa, *(const struct cell *const *)pb,
	    sort_ranks);
}

/* cell_cmp by the names' bytes, for a run written before all are known. */
static int
cmp_cells_bytes(const void *pa, const void *pb)
{
	const struct cell_key *a = &(*(const struct cell *const *)pa)->k;
	const struct cell_key *b = &(*(const struct cell *const *)pb)->k;
	const struct strtab *names = &sort_ev->dir->names;
	int c;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if ((c = strtab_cmp(&sort_ev->communities, a->community, b->community)))
		return c;
	if ((c = strtab_cmp(&sort_ev->venues, a->venue, b->venue)))
		return c;
	if ((c = strtab_cmp(names, a->member, b->member)))
		return c;
	if ((c = strtab_cmp(&sort_ev->actions, a->action, b->action)))
		return c;
	if ((c = strtab_cmp(names, a->reply_to, b->reply_to)))
		return c;
	return (a->strategic > b->strategic) - (a->strategic < b->strategic);
}

/* The table's cells in the output's order: by the final ranks, or by bytes. */
static struct cell **
celltab_sorted(struct celltab *t, int final)
{
	struct cell **v = xreallocarray(NULL, t->cells.n + 1, sizeof *v);
	size_t i;

	for (i = 0; i < t->cells.n; i++)
		v[i] = keymap_rec(&t->cells, i);
	if (final) {
		ranks_take(&t->r, t->ev);
		sort_ranks = &t->r;
		qsort(v, t->cells.n, sizeof *v, cmp_cells);
	} else {
		sort_ev = t->ev;
		qsort(v, t->cells.n, sizeof *v, cmp_cells_bytes);
	}
	return v;
}

/*
 * A cell in a run is a record of varints: the day, the ids + 1 (the
 * absent name, STR_NONE, wraps to 0), strategic + 1, the count, the first
 * time from the day's start in UTC and the last from the first. That is
 * some 14 bytes in place of the table's 56 (and the rollup's 78).
 */
#define CELL_MAXENC (5 * 10 + 1 + 3 * 10 + 10)

static size_t
cell_encode(unsigned char *p, const void *rec, void *arg)
{
	const struct cell *c = rec;
	int64_t day0 = (int64_t)c->k.day * 86400;
	size_t n = 0;

	(void)arg;
	n += spill_put_svarint(p + n, c->k.day);
	n += spill_put_uvarint(p + n, (uint32_t)(c->k.community + 1));
	n += spill_put_uvarint(p + n, (uint32_t)(c->k.venue + 1));
	n += spill_put_uvarint(p + n, (uint32_t)(c->k.member + 1));
	n += spill_put_uvarint(p + n, (uint32_t)(c->k.action + 1));
	n += spill_put_uvarint(p + n, (uint32_t)(c->k.reply_to + 1));
	p[n++] = (unsigned char)(c->k.strategic + 1);
	n += spill_put_uvarint(p + n, c->count);
	n += spill_put_svarint(p + n, (int64_t)((uint64_t)c->first - (uint64_t)day0));
	n += spill_put_uvarint(p + n, (uint64_t)c->last - (uint64_t)c->first);
	return n;
}

static size_t
cell_decode(void *rec, const unsigned char *p, void *arg)
{
	struct cell *c = rec;
	uint64_t v[5], d;
	int64_t day, off;
	size_t n = 0, i;

	(void)arg;
	memset(c, 0, sizeof *c);
	n += spill_get_svarint(p + n, &day);
	for (i = 0; i < 5; i++)
		n += spill_get_uvarint(p + n, &v[i]);
	c->k.day = (int32_t)day;
	c->k.community = (uint32_t)v[0] - 1;
	c->k.venue = (uint32_t)v[1] - 1;
	c->k.member = (uint32_t)v[2] - 1;
	c->k.action = (uint32_t)v[3] - 1;
	c->k.reply_to = (uint32_t)v[4] - 1;
	c->k.strategic = (int32_t)p[n++] - 1;
	n += spill_get_uvarint(p + n, &c->count);
	n += spill_get_svarint(p + n, &off);
	n += spill_get_uvarint(p + n, &d);
	c->first = (int64_t)((uint64_t)day * 86400 + (uint64_t)off);
	c->last = (int64_t)((uint64_t)c->first + d);
	return n;
}

static int
cell_cmp_ops(const void *a, const void *b, void *arg)
{
	return cell_cmp(a, b, arg);
}

/* The same cell from two runs: as add() would have counted both. */
static void
cell_combine(void *into, const void *rec, void *arg)
{
	struct cell *c = into;
	const struct cell *o = rec;

	(void)arg;
	if (o->count > ROLLUP_COUNT_MAX - c->count)
		die("a cell's count passes %llu events: a rollup cannot hold it",
		    (unsigned long long)ROLLUP_COUNT_MAX);
	c->count += o->count;
	if (o->first < c->first)
		c->first = o->first;
	if (o->last > c->last)
		c->last = o->last;
}

static int
keep_none(const void *rec, const void *arg)
{
	(void)rec;
	(void)arg;
	return 0;
}

static void
celltab_init(struct celltab *t, const struct events *ev)
{
	const char *env = getenv("COP_ROLLUP_BUDGET");

	memset(t, 0, sizeof *t);
	keymap_init(&t->cells, sizeof(struct cell_key), sizeof(struct cell));
	t->ops.recsize = sizeof(struct cell);
	t->ops.maxenc = CELL_MAXENC;
	t->ops.encode = cell_encode;
	t->ops.decode = cell_decode;
	t->ops.cmp = cell_cmp_ops;
	t->ops.combine = cell_combine;
	t->ops.arg = &t->r;
	spill_init(&t->spill, &t->ops);
	t->budget = BUDGET_DEFAULT;
	if (env != NULL && *env != '\0')
		t->budget = (size_t)parse_count("COP_ROLLUP_BUDGET", env, 1, LONG_MAX);
	t->ev = ev;
}

/* Past the budget, write the cells out as a run and start afresh. */
static void
celltab_check(struct celltab *t)
{
	const struct keymap *m = &t->cells;
	struct cell **v;

	if (m->n * (m->recsize + sizeof(struct cell *)) + m->nslots * sizeof *m->slots <=
	    t->budget)
		return;
	v = celltab_sorted(t, 0);
	spill_run(&t->spill, (void *const *)v, m->n);
	free(v);
	keymap_filter(&t->cells, keep_none, NULL);
}

static void
celltab_free(struct celltab *t)
{
	keymap_free(&t->cells);
	spill_free(&t->spill);
	ranks_free(&t->r);
}

/* Whether a cell's thread matched -S: the rollup's answer, or the text's. */
static int32_t
strategic_of(const struct out_meta *om, const struct event *e)
{
	if (!om->has_strategic)
		return -1;
	if (e->strategic >= 0)
		return e->strategic;
	return patterns_thread_strategic(&opt.pp, e->thread, e->thread_len);
}

/* Count the event in its cell. */
static void
add(struct celltab *t, const struct out_meta *om, const struct event *e)
{
	struct keymap *cells = &t->cells;
	struct cell_key k;
	struct cell *c;
	int created;

	memset(&k, 0, sizeof k);
	k.day = (int32_t)e->day;
	k.community = e->community;
	k.venue = e->venue;
	k.member = e->member;
	k.action = e->action;
	k.reply_to = e->reply_to;
	k.strategic = strategic_of(om, e);
	c = keymap_rec(cells, keymap_upsert(cells, &k, &created));
	if (created || e->time < c->first)
		c->first = e->time;
	if (created || e->time > c->last)
		c->last = e->time;
	if (e->count > ROLLUP_COUNT_MAX - c->count)
		die("a cell's count passes %llu events: a rollup cannot hold it",
		    (unsigned long long)ROLLUP_COUNT_MAX);
	c->count += e->count;
	if (created)
		celltab_check(t);
}

/*
 * The header of the output, from the first input: a rollup's own, or the
 * events' columns and -S. A later rollup must agree with it.
 */
static void
take_meta(struct out_meta *om, struct rollup_meta *first, const struct events *ev)
{
	const struct rollup_meta *m = ev->rollup ? &ev->rollup->meta : NULL;

	if (m != NULL)
		rollup_check_strategic(ev, &opt.pp);
	if (om->known) {
		if (m != NULL)
			rollup_check_same(&ev->in, m, first, "the first rollup");
		return;
	}
	om->known = 1;
	om->has_community = ev->col[COL_COMMUNITY] >= 0;
	if (m != NULL) {
		*first = *m;
		first->zone = xstrdup(m->zone);
		om->has_strategic = m->has_strategic;
		om->strategic = m->strategic;
	} else if (opt.pp.have_strategic) {
		om->has_strategic = 1;
		om->strategic = rollup_strategic_digest(&opt.pp);
	}
}

static void
drain(struct events *ev, struct celltab *t, struct out_meta *om, struct rollup_meta *first)
{
	struct event e;

	take_meta(om, first, ev);
	while (events_next(ev, &e))
		add(t, om, &e);
}

/* Output. */

static void
put_header(const struct out_meta *om, const char *zone)
{
	out_str(ROLLUP_SIGNATURE " 1 grain=day zone=");
	out_str(zone);
	if (om->has_strategic)
		out_printf(" strategic=%016llx", (unsigned long long)om->strategic);
	else
		out_str(" strategic=-");
	out_str(om->has_community ? "\tcommunity" : "");
	out_str("\tvenue\tmember\taction\treply_to");
	out_str(om->has_strategic ? "\tstrategic" : "");
	out_str("\tcount\tfirst\tlast\n");
}

static void
put_i64(int64_t v)
{
	char buf[FMT_BUFSZ];

	if (v < 0) {
		out_char('-');
		out_write(buf, fmt_u64(buf, (uint64_t)0 - (uint64_t)v));
	} else
		out_write(buf, fmt_u64(buf, (uint64_t)v));
}

static int on_terminal;		/* stdout is one: show control bytes as ? */

static void
put_name(const struct strtab *t, uint32_t id)
{
	size_t i;

	if (id == STR_NONE)
		return;
	if (!on_terminal) {
		out_write(t->str[id], t->len[id]);
		return;
	}
	for (i = 0; i < t->len[id]; i++) {	/* a name may not drive the terminal */
		unsigned char c = (unsigned char)t->str[id][i];

		out_char(c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
}

static void
put_cell(const struct events *ev, const struct out_meta *om, const struct cell *c)
{
	char buf[TIME_BUFSZ > FMT_BUFSZ ? TIME_BUFSZ : FMT_BUFSZ];
	const struct strtab *names = &ev->dir->names;

	day_format(c->k.day, buf);
	out_str(buf);
	out_char('\t');
	if (om->has_community) {
		put_name(&ev->communities, c->k.community);
		out_char('\t');
	}
	put_name(&ev->venues, c->k.venue);
	out_char('\t');
	put_name(names, c->k.member);
	out_char('\t');
	put_name(&ev->actions, c->k.action);
	out_char('\t');
	put_name(names, c->k.reply_to);
	out_char('\t');
	if (om->has_strategic)
		out_str(c->k.strategic ? "1\t" : "0\t");
	out_write(buf, fmt_u64(buf, c->count));
	out_char('\t');
	put_i64(c->first);
	out_char('\t');
	put_i64(c->last);
	out_char('\n');
}

/* The cells in order: the table's, merged with the runs if any. */
static void
put_rollup(const struct events *ev, const struct out_meta *om, struct celltab *t)
{
	struct cell **v = celltab_sorted(t, 1);
	const struct cell *c;
	size_t i;

	put_header(om, opt.c.tz.name);
	if (t->spill.nruns == 0) {
		for (i = 0; i < t->cells.n; i++)
			put_cell(ev, om, v[i]);
	} else {
		spill_merge(&t->spill, (void *const *)v, t->cells.n);
		while ((c = spill_next(&t->spill)) != NULL)
			put_cell(ev, om, c);
	}
	free(v);
}

/* -m: each rollup on its own, so that a header that differs is named. */
static void
merge(struct events *ev, char **files, size_t n, struct celltab *t, struct out_meta *om,
    struct rollup_meta *first)
{
	static char *dash[] = { "-" };
	size_t i;

	if (n == 0) {
		files = dash;
		n = 1;
	}
	for (i = 0; i < n; i++) {
		if (!(i > 0 ? events_reopen(ev, files + i, 1, 0) :
		    events_open(ev, files + i, 1, 0, &opt.c, ev->dir)))
			continue;
		if (ev->rollup == NULL) {
			ev->in.lineno = 1;
			tsv_die(&ev->in, NULL, "not a rollup (no %s header): -m merges rollups; "
			    "roll events up without -m", ROLLUP_SIGNATURE);
		}
		drain(ev, t, om, first);
	}
}

int
main(int argc, char **argv)
{
	struct rollup_meta first;
	struct members dir;
	struct events ev;
	struct out_meta om;
	struct celltab t;

	progname = "cop-rollup";
	parse_options(argc, argv);
	on_terminal = isatty(1);
	members_init(&dir);
	if (opt.c.members)
		members_load(&dir, opt.c.members, &opt.c.tz);
	memset(&om, 0, sizeof om);
	memset(&first, 0, sizeof first);
	celltab_init(&t, &ev);
	ev.dir = &dir;
	if (opt.merge)
		merge(&ev, argv + optind, (size_t)(argc - optind), &t, &om, &first);
	else if (events_open(&ev, argv + optind, (size_t)(argc - optind), 0, &opt.c, &dir))
		drain(&ev, &t, &om, &first);
	if (om.known)
		put_rollup(&ev, &om, &t);
	ev.bot_rows = 0;	/* kept, not left out: no note */
	events_close(&ev);
	rollup_meta_free(&first);
	celltab_free(&t);
	members_free(&dir);
	patterns_params_free(&opt.pp);
	common_free(&opt.c);
	out_close();
	return 0;
}
