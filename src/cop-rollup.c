/*
 * cop-rollup: roll the event stream of cop-events(5) up into a rollup,
 * one line per (day, community, venue, member, action, reply_to) cell
 * with its count of events and first and last time; with -m merge
 * rollups. Every -s summary and cop-report read a rollup in place of the
 * events and print the same; merging is associative and commutative and
 * the cells come out sorted by key, so shards rolled up anywhere and
 * merged in any order give the same bytes. cop-rollup(1) defines it;
 * rollup.c reads it.
 */
#include <getopt.h>
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
add(struct keymap *cells, const struct out_meta *om, const struct event *e)
{
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
drain(struct events *ev, struct keymap *cells, struct out_meta *om, struct rollup_meta *first)
{
	struct event e;

	take_meta(om, first, ev);
	while (events_next(ev, &e))
		add(cells, om, &e);
}

/* Output: the cells sorted by their key's bytes. */

struct ranks {
	uint32_t *community, *venue, *member, *action;
};
static const struct ranks *sort_ranks;	/* qsort has no context argument */

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

static int
cmp_cells(const void *pa, const void *pb)
{
	const struct cell_key *a = &(*(const struct cell *const *)pa)->k;
	const struct cell_key *b = &(*(const struct cell *const *)pb)->k;
	const struct ranks *r = sort_ranks;
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

static void
put_rollup(const struct events *ev, const struct out_meta *om, struct keymap *cells)
{
	struct cell **v = xreallocarray(NULL, cells->n + 1, sizeof *v);
	struct ranks r;
	size_t i;

	r.community = ranks_of(&ev->communities);
	r.venue = ranks_of(&ev->venues);
	r.member = ranks_of(&ev->dir->names);
	r.action = ranks_of(&ev->actions);
	for (i = 0; i < cells->n; i++)
		v[i] = keymap_rec(cells, i);
	sort_ranks = &r;
	qsort(v, cells->n, sizeof *v, cmp_cells);
	put_header(om, opt.c.tz.name);
	for (i = 0; i < cells->n; i++)
		put_cell(ev, om, v[i]);
	free(r.community);
	free(r.venue);
	free(r.member);
	free(r.action);
	free(v);
}

/* -m: each rollup on its own, so that a header that differs is named. */
static void
merge(struct events *ev, char **files, size_t n, struct keymap *cells, struct out_meta *om,
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
		drain(ev, cells, om, first);
	}
}

int
main(int argc, char **argv)
{
	struct rollup_meta first;
	struct members dir;
	struct events ev;
	struct out_meta om;
	struct keymap cells;

	progname = "cop-rollup";
	parse_options(argc, argv);
	on_terminal = isatty(1);
	members_init(&dir);
	if (opt.c.members)
		members_load(&dir, opt.c.members, &opt.c.tz);
	memset(&om, 0, sizeof om);
	memset(&first, 0, sizeof first);
	keymap_init(&cells, sizeof(struct cell_key), sizeof(struct cell));
	ev.dir = &dir;
	if (opt.merge)
		merge(&ev, argv + optind, (size_t)(argc - optind), &cells, &om, &first);
	else if (events_open(&ev, argv + optind, (size_t)(argc - optind), 0, &opt.c, &dir))
		drain(&ev, &cells, &om, &first);
	if (om.known)
		put_rollup(&ev, &om, &cells);
	ev.bot_rows = 0;	/* kept, not left out: no note */
	events_close(&ev);
	rollup_meta_free(&first);
	keymap_free(&cells);
	members_free(&dir);
	patterns_params_free(&opt.pp);
	common_free(&opt.c);
	out_close();
	return 0;
}
