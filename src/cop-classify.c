/*
 * cop-classify: levels of participation. Reads the event stream of
 * cop-events(5) and appends `level`: each member's level (core, active or
 * peripheral) as of the event's ISO week, over a trailing window; with -s
 * prints one row per member instead, with the level as of the last week
 * and the trajectory of levels over time. cop-classify(1) defines levels.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

static struct options {
	struct common c;
	struct level_params lp;
	struct weights weights;
	int summary;
	long steady;
	const char *as_of_arg;
	int64_t as_of;
	int has_as_of;
	char *rollup;		/* -R: levels from this rollup, labels on the operands */
} opt;

/* One member of one community, for -s. */
struct member_key {
	uint32_t community, member;
};
struct run {
	enum level level;
	int64_t periods;
};
struct member_sum {		/* what follow touches every period first */
	struct member_key k;
	int64_t seen_period;		/* the last period the member was in a window */
	int in_window;
	struct run run;			/* the level held now, and for how long */
	struct run *runs;		/* the levels held before, period after period */
	size_t nruns, runcap;
	uint64_t events, periods;
	int64_t first, last;
	struct level_stat now;		/* as of the last period */
};

struct summary {
	struct keymap members;
	uint32_t *at;		/* member id -> its last row + 1, or 0 */
	size_t nat;
	int64_t last;
};

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: cop-classify [-ks] [-w WEEKS] [-a TIME] [-W ACTION=WEIGHT] [-C SHARE]\n"
"                    [-A SHARE] [-P SHARE] [-Q SHARE] [-G SHARE] [-n WEEKS]\n"
"                    [-R ROLLUP] [-M FILE] [-f NAME=COL] [-B TIME] [-E TIME]\n"
"                    [-z ZONE] [FILE ...]\n"
"Append each member's level of participation (core, active, peripheral) as of\n"
"the event's week; with -s print one row per member.\n"
"\n"
"  -s, --summary        one row per member instead of the event stream\n"
"  -w, --window WEEKS   trailing window of the level (default 12)\n"
"  -a, --as-of TIME     classify as of TIME; later events are left out\n"
"  -W, --weight ACTION=WEIGHT  weigh ACTION so (default: cop-events(5))\n"
"  -C, --core-share SHARE      core: within the top SHARE of contributions (0.5)\n"
"  -A, --active-share SHARE    active: within the top SHARE (0.8)\n"
"  -P, --core-periods SHARE    core: active in SHARE of the window (0.25)\n"
"  -Q, --active-periods SHARE  active: active in SHARE of the window (0.15)\n"
"  -G, --regular-periods SHARE active at any volume: in SHARE of it (0.5)\n"
"  -n, --steady WEEKS   trajectory: leave out levels held fewer weeks (4)\n"
"  -R, --rollup ROLLUP  levels from ROLLUP (cop-rollup(1)); label the FILEs' rows\n"
COMMON_USAGE);
}

static void
parse_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "summary", no_argument, NULL, 's' },
		{ "window", required_argument, NULL, 'w' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "weight", required_argument, NULL, 'W' },
		{ "core-share", required_argument, NULL, 'C' },
		{ "active-share", required_argument, NULL, 'A' },
		{ "core-periods", required_argument, NULL, 'P' },
		{ "active-periods", required_argument, NULL, 'Q' },
		{ "regular-periods", required_argument, NULL, 'G' },
		{ "steady", required_argument, NULL, 'n' },
		{ "rollup", required_argument, NULL, 'R' },
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	common_init(&opt.c);
	levels_defaults(&opt.lp);
	opt.steady = 4;
	while ((ch = getopt_long(argc, argv, "sw:a:W:C:A:P:Q:G:n:R:" COMMON_SHORTOPTS,
	    longopts, NULL)) != -1) {
		if (common_option(&opt.c, ch, optarg))
			continue;
		switch (ch) {
		case 's':
			opt.summary = 1;
			break;
		case 'w':
			opt.lp.window = parse_count("-w", optarg, 1, 5200);
			break;
		case 'a':
			opt.as_of_arg = optarg;
			break;
		case 'W':
			weights_set(&opt.weights, optarg);
			break;
		case 'C':
			opt.lp.core_share = parse_number("-C", optarg, 0, 1);
			break;
		case 'A':
			opt.lp.active_share = parse_number("-A", optarg, 0, 1);
			break;
		case 'P':
			opt.lp.core_regularity = parse_number("-P", optarg, 0, 1);
			break;
		case 'Q':
			opt.lp.active_regularity = parse_number("-Q", optarg, 0, 1);
			break;
		case 'G':
			opt.lp.regular = parse_number("-G", optarg, 0, 1);
			break;
		case 'n':
			opt.steady = parse_count("-n", optarg, 1, 5200);
			break;
		case 'R':
			opt.rollup = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(EXIT_USAGE);
		}
	}
	if (opt.rollup != NULL && opt.summary)
		die_usage("-R labels the rows of shards; for -s give the rollup as the FILE");
	if (opt.lp.active_share < opt.lp.core_share)
		die_usage("-A %g is below -C %g: the active share includes the core's",
		    opt.lp.active_share, opt.lp.core_share);
	common_finish(&opt.c);
	if (opt.as_of_arg != NULL) {
		if (time_parse(&opt.c.tz, opt.as_of_arg, strlen(opt.as_of_arg), &opt.as_of) != 0)
			die_usage("--as-of: cannot parse \"%s\"", opt.as_of_arg);
		opt.has_as_of = 1;
	}
}

static int
counts(const struct event *e)
{
	return !e->excluded && (!opt.has_as_of || e->time <= opt.as_of);
}

/*
 * The first pass: every counted event into the member x week table, and
 * the record it went to in the row's note, if notes are taken.
 */
static void
aggregate(struct events *ev, struct agg *a)
{
	struct row_note *n;
	struct event e;

	agg_init(a, GRAIN_WEEK, &opt.weights);
	ev->need = NEED_ACTION;		/* levels weigh actions; venues and replies play no part */
	ev->cut = opt.as_of;
	ev->has_cut = opt.has_as_of;
	while (events_next(ev, &e)) {
		n = events_note(ev);
		n->state = counts(&e) ? NOTE_ROW : NOTE_PASS;
		if (n->state == NOTE_ROW)
			n->rec = agg_add(a, ev, &e);
	}
}

/* The period levels are taken as of: --as-of's, else the input's last. */
static int64_t
last_period(const struct agg *a)
{
	if (opt.has_as_of)
		return period_of_day(tz_day(&opt.c.tz, opt.as_of), GRAIN_WEEK);
	if (a->mp.n == 0)
		return INT64_MIN;
	return period_of_day(tz_day(&opt.c.tz, a->last), GRAIN_WEEK);
}

/* The current row with the level of its record (NULL: none, "-"). */
static void
put_level(const struct events *ev, const struct mp_rec *r)
{
	tsv_put_line(&ev->in);
	out_char('\t');
	out_str(level_name(r ? (enum level)r->level : LEVEL_NONE));
	tsv_put_end(&ev->in);
}

/* Stream mode: the second pass appends each row's level. */
static void
label_rows(struct events *ev, struct agg *a)
{
	struct row_note n;
	struct event e;

	events_need_rows(ev);
	tsv_put_header(&ev->in);
	out_str("\tlevel");
	tsv_put_header_end(&ev->in);
	if (opt.rollup == NULL)
		events_rewind(ev);
	if (events_notes_ready(ev)) {	/* each row's record, from its note */
		while (events_next_noted(ev, &n))
			put_level(ev, n.state == NOTE_ROW ? keymap_rec(&a->mp, n.rec) : NULL);
		return;
	}
	ev->need = 0;		/* a level needs the member and the period only */
	while (events_next(ev, &e))
		put_level(ev, counts(&e) ? agg_find(a, e.community, e.member,
		    period_of_day(e.day, GRAIN_WEEK)) : NULL);
}

/* -s */

/*
 * The row of a member of a community. The sweep asks for every member in
 * the window at every period, a community at a time, so a member's last
 * row is kept by member id and checked before the table is hashed.
 */
static struct member_sum *
member_sum(struct summary *s, uint32_t community, uint32_t member)
{
	struct member_key k;
	struct member_sum *m;
	size_t i, old;
	int created;

	if (member < s->nat && s->at[member] != 0) {
		m = keymap_rec(&s->members, s->at[member] - 1);
		if (m->k.community == community)
			return m;
	}
	memset(&k, 0, sizeof k);
	k.community = community;
	k.member = member;
	i = keymap_upsert(&s->members, &k, &created);
	if (member >= s->nat) {
		old = s->nat;
		xgrow(&s->at, &s->nat, (size_t)member + 1, sizeof *s->at);
		memset(s->at + old, 0, (s->nat - old) * sizeof *s->at);
	}
	s->at[member] = (uint32_t)i + 1;
	return keymap_rec(&s->members, i);
}

/* Close the run held now into the array of runs. */
static void
run_close(struct member_sum *m)
{
	if (m->run.periods == 0)
		return;
	if (m->nruns == m->runcap) {	/* most members hold one or two levels */
		m->runcap = m->runcap ? 2 * m->runcap : 2;
		m->runs = xreallocarray(m->runs, m->runcap, sizeof *m->runs);
	}
	m->runs[m->nruns++] = m->run;
	m->run.periods = 0;
}

/*
 * The member held level lv for periods more: the run held now goes on,
 * in the member's own record, or is closed and a new one begins.
 */
static void
run_push(struct member_sum *m, enum level lv, int64_t periods)
{
	if (m->run.periods > 0 && m->run.level == lv) {
		m->run.periods += periods;
		return;
	}
	run_close(m);
	m->run.level = lv;
	m->run.periods = periods;
}

/* Called per week with every member in the window: follow trajectories. */
static void
follow(void *ctx, uint32_t community, int64_t period, const struct level_stat *st, size_t n)
{
	struct summary *s = ctx;
	size_t i;

	for (i = 0; i < n; i++) {
		struct member_sum *m = member_sum(s, community, st[i].member);

		if (m->in_window && m->seen_period < period - 1)
			run_push(m, LEVEL_INACTIVE, period - 1 - m->seen_period);
		run_push(m, st[i].level, 1);
		m->seen_period = period;
		m->in_window = 1;
		if (period == s->last)
			m->now = st[i];
	}
}

static void
total_events(struct summary *s, struct agg *a)
{
	size_t i;

	for (i = 0; i < a->mp.n; i++) {
		struct mp_rec *r = keymap_rec(&a->mp, i);
		struct member_sum *m = member_sum(s, r->k.community, r->k.member);

		if (m->events == 0 || r->first < m->first)
			m->first = r->first;
		if (m->events == 0 || r->last > m->last)
			m->last = r->last;
		m->events += r->events;
		m->periods++;
	}
}

static const struct events *sort_events;	/* qsort has no context argument */

static int
level_rank(const struct member_sum *m)
{
	return m->now.level == LEVEL_NONE ? LEVEL_INACTIVE : (int)m->now.level;
}

static int
cmp_rows(const void *pa, const void *pb)
{
	const struct member_sum *a = *(struct member_sum *const *)pa;
	const struct member_sum *b = *(struct member_sum *const *)pb;
	const struct members *d = sort_events->dir;
	int c;

	if (a->k.community != b->k.community) {
		if (a->k.community == STR_NONE || b->k.community == STR_NONE)
			return a->k.community == STR_NONE ? -1 : 1;
		return strtab_cmp(&sort_events->communities, a->k.community, b->k.community);
	}
	if (level_rank(a) != level_rank(b))
		return level_rank(b) - level_rank(a);
	if (a->events != b->events)
		return a->events > b->events ? -1 : 1;
	c = strtab_cmp(&d->names, a->k.member, b->k.member);
	return c;
}

static void
put_time(struct table *t, int64_t when)
{
	char buf[TIME_BUFSZ];

	time_format_utc(when, buf);
	table_str(t, buf);
}

static void
put_summary_header(struct table *t, int with_community)
{
	static const char *const cols[] = {
		"community", "member", "level", "events", "active_periods", "first_seen",
		"last_seen", "share", "regularity", "trajectory"
	};
	size_t i;

	table_init(t, 9 + (size_t)with_community);
	for (i = !with_community; i < sizeof cols / sizeof cols[0]; i++)
		table_str(t, cols[i]);
	table_end_row(t);
}

/*
 * The trajectory: the levels the member held, leaving out those held for
 * fewer than -n periods in a row (week-to-week flicker at a threshold),
 * but always the first and the last, so that arrival and the present show.
 */
static void
put_trajectory(struct table *t, const struct member_sum *m)
{
	enum level prev = LEVEL_NONE;
	char *buf = NULL;
	size_t i, len = 0, cap = 0;

	for (i = 0; i < m->nruns; i++) {
		const struct run *r = &m->runs[i];
		const char *name = level_name(r->level);
		size_t n = strlen(name);

		if ((r->periods < opt.steady && i > 0 && i + 1 < m->nruns) || r->level == prev)
			continue;
		xgrow(&buf, &cap, len + n + 2, 1);
		if (prev != LEVEL_NONE)
			buf[len++] = '>';
		memcpy(buf + len, name, n);
		len += n;
		prev = r->level;
	}
	table_cell(t, buf ? buf : "", len);
	free(buf);
}

static void
put_summary_row(struct table *t, const struct events *ev, const struct member_sum *m,
    int with_community)
{
	char buf[FMT_BUFSZ];	/* numbers without printf: a summary has a row a member */

	if (with_community)
		table_str(t, events_name(&ev->communities, m->k.community));
	table_str(t, members_name(ev->dir, m->k.member));
	table_str(t, level_name(level_rank(m)));
	table_cell(t, buf, fmt_u64(buf, m->events));
	table_cell(t, buf, fmt_u64(buf, m->periods));
	put_time(t, m->first);
	put_time(t, m->last);
	table_cell(t, buf, fmt_fixed(buf, m->now.total > 0 ?
	    (double)m->now.score / (double)m->now.total : 0.0, 3));
	table_cell(t, buf, fmt_fixed(buf, m->now.window ?
	    (double)m->now.periods / m->now.window : 0.0, 3));
	put_trajectory(t, m);
	table_end_row(t);
}

static void
print_summary(struct events *ev, struct summary *s)
{
	struct member_sum **rows = xreallocarray(NULL, s->members.n, sizeof *rows);
	int with_community = ev->col[COL_COMMUNITY] >= 0;
	struct table t;
	size_t i;

	put_summary_header(&t, with_community);
	for (i = 0; i < s->members.n; i++) {
		rows[i] = keymap_rec(&s->members, i);
		if (rows[i]->in_window && rows[i]->seen_period < s->last)
			run_push(rows[i], LEVEL_INACTIVE, s->last - rows[i]->seen_period);
		run_close(rows[i]);
	}
	sort_events = ev;
	qsort(rows, s->members.n, sizeof *rows, cmp_rows);
	for (i = 0; i < s->members.n; i++)
		put_summary_row(&t, ev, rows[i], with_community);
	table_flush(&t);
	for (i = 0; i < s->members.n; i++)
		free(rows[i]->runs);
	free(rows);
}

static void
summarise(struct events *ev, struct agg *a)
{
	struct summary s;

	keymap_init(&s.members, sizeof(struct member_key), sizeof(struct member_sum));
	s.at = NULL;
	s.nat = 0;
	s.last = last_period(a);
	total_events(&s, a);
	levels_sweep(a, ev->dir->names.n, &opt.lp, s.last, follow, &s);
	print_summary(ev, &s);
	keymap_free(&s.members);
	free(s.at);
}

/*
 * -R: the levels of the rollup (of every shard, merged), then each row of
 * this shard labelled with them, as the whole log's run would label it.
 */
static void
label_shard(struct events *ev, struct members *dir, char **files, size_t nfiles)
{
	struct agg a;

	events_open_rollup(ev, opt.rollup, &opt.c, dir);
	aggregate(ev, &a);
	levels_sweep(&a, dir->names.n, &opt.lp, last_period(&a), NULL, NULL);
	if (events_reopen(ev, files, nfiles, 0)) {
		if (events_extra_column(ev, "level") >= 0)
			events_pass_through(ev);
		else
			label_rows(ev, &a);
	}
	agg_free(&a);
}

int
main(int argc, char **argv)
{
	struct members dir;
	struct events ev;
	struct agg a;

	progname = "cop-classify";
	parse_options(argc, argv);
	members_init(&dir);
	if (opt.c.members)
		members_load(&dir, opt.c.members, &opt.c.tz);
	if (opt.rollup != NULL)
		label_shard(&ev, &dir, argv + optind, (size_t)(argc - optind));
	else if (!events_open(&ev, argv + optind, (size_t)(argc - optind), !opt.summary, &opt.c,
	    &dir)) {
		if (opt.summary) {
			struct table t;

			put_summary_header(&t, 0);
			table_flush(&t);
		}
	} else if (!opt.summary && events_extra_column(&ev, "level") >= 0) {
		events_pass_through(&ev);
	} else {
		if (!opt.summary)
			events_take_notes(&ev);
		aggregate(&ev, &a);
		if (opt.summary)
			summarise(&ev, &a);
		else {
			levels_sweep(&a, dir.names.n, &opt.lp, last_period(&a), NULL, NULL);
			label_rows(&ev, &a);
		}
		agg_free(&a);
	}
	events_close(&ev);
	members_free(&dir);
	weights_free(&opt.weights);
	common_free(&opt.c);
	out_close();
	return 0;
}
