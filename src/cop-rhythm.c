/*
 * cop-rhythm: the rhythm of a community of practice. Reads the event
 * stream of cop-events(5) and appends `period` (the event's ISO week, day
 * or month), `newcomer` (whether it falls in the member's first period)
 * and `beat` (whether its session fell on its venue's beat); with -s
 * prints one row per period (events, members, newcomers, returning,
 * departed, the mix of activities, a moving average, the trend), with -c
 * one row per venue (its cadence, regularity and missed beats), with -l
 * the lifecycle stage. cop-rhythm(1) defines every figure; rhythm.c
 * computes them.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

enum mode { MODE_STREAM, MODE_PERIODS, MODE_VENUES, MODE_LIFE };

static struct options {
	struct common c;
	struct rhythm_params rp;
	enum mode mode;
	enum grain grain;
	const char *as_of_arg;
	int64_t as_of;
	int has_as_of;
	char *rollup;		/* -R: figures from this rollup, labels on the shards */
	char **shards;
	size_t nshards;
} opt;

static const char *const period_columns[] = {
	"period", "events", "members", "newcomers", "returning", "departed", "retained",
	"sessions", "moving_avg", "scheduled", "discussion", "content", "other", "trend",
	"stage", NULL
};
static const char *const venue_columns[] = {
	"venue", "events", "first", "last", "cadence", "regularity", "missed", "sessions",
	"members", "per_session", "since", "phases", "burstiness", "kind", NULL
};
static const char *const life_columns[] = {
	"stage", "trend", "change", "recent_events", "earlier_events", "recent_members",
	"earlier_members", "newcomers", "compared", "age", "active_periods", "first", "last",
	NULL
};

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: cop-rhythm [-k] [-s | -c | -l] [-g GRAIN] [-a TIME] [-w PERIODS]\n"
"                  [-m PERIODS] [-G SHARE] [-t SHARE] [-r SHARE] [-p MISFITS]\n"
"                  [-n SESSIONS] [-S HOURS] [-d DAYS] [-y SHARE] [-R ROLLUP]\n"
"                  [-M FILE] [-f NAME=COL] [-B TIME] [-E TIME] [-z ZONE]\n"
"                  [FILE ...]\n"
"Append each event's period, whether it falls in its member's first period and\n"
"whether it fell on its venue's beat; or print the rhythm per period (-s), per\n"
"venue (-c) or the lifecycle (-l).\n"
"\n"
"  -s, --summary        one row per period instead of the event stream\n"
"  -c, --cadence        one row per venue: cadence, regularity, missed beats\n"
"  -l, --lifecycle      one row: lifecycle stage, trend, the figures behind them\n"
"  -g, --grain GRAIN    periods: day, week (default) or month\n"
"  -a, --as-of TIME     judge as of TIME; later events are left out\n"
"  -w, --window PERIODS trend: the last PERIODS against as many before\n"
"                       (default 26 weeks, 182 days, 6 months)\n"
"  -m, --moving PERIODS the moving average's periods (4 weeks, 7 days, 3 months)\n"
"  -G, --growth SHARE   a change in events that is growth or decline (0.2)\n"
"  -t, --tolerance SHARE  how far off its beat a session may fall (0.25)\n"
"  -r, --regularity SHARE a phase less regular is irregular (0.5)\n"
"  -p, --phase-cost MISFITS  misfits a change of cadence must save (4)\n"
"  -n, --min-sessions SESSIONS  sessions a venue needs to show a beat (3)\n"
"  -S, --session-hours HOURS  days spanning longer are conversation (4)\n"
"  -d, --dense DAYS     venues busier (days a week) with no daily beat are\n"
"                       continuous (1)\n"
"  -y, --day-share SHARE  weekdays with less of the sessions are off a daily\n"
"                       beat (1/14, 0.0714)\n"
"  -R, --rollup ROLLUP  figures from ROLLUP (cop-rollup(1)); label the FILEs' rows\n"
COMMON_USAGE);
}

static void
set_mode(enum mode m)
{
	if (opt.mode != MODE_STREAM && opt.mode != m)
		die_usage("-s, -c and -l are exclusive: give one");
	opt.mode = m;
}

/* Options left at -1 take the grain's defaults once -g is known. */
static void
finish_params(long window, long moving)
{
	struct rhythm_params def;

	rhythm_defaults(&def, opt.grain);
	opt.rp.window = window > 0 ? window : def.window;
	opt.rp.moving = moving > 0 ? moving : def.moving;
}

static void
parse_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "summary", no_argument, NULL, 's' },
		{ "cadence", no_argument, NULL, 'c' },
		{ "lifecycle", no_argument, NULL, 'l' },
		{ "grain", required_argument, NULL, 'g' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "window", required_argument, NULL, 'w' },
		{ "moving", required_argument, NULL, 'm' },
		{ "growth", required_argument, NULL, 'G' },
		{ "tolerance", required_argument, NULL, 't' },
		{ "regularity", required_argument, NULL, 'r' },
		{ "phase-cost", required_argument, NULL, 'p' },
		{ "min-sessions", required_argument, NULL, 'n' },
		{ "session-hours", required_argument, NULL, 'S' },
		{ "dense", required_argument, NULL, 'd' },
		{ "day-share", required_argument, NULL, 'y' },
		{ "rollup", required_argument, NULL, 'R' },
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	long window = -1, moving = -1;
	int ch;

	common_init(&opt.c);
	opt.grain = GRAIN_WEEK;
	rhythm_defaults(&opt.rp, opt.grain);
	while ((ch = getopt_long(argc, argv, "sclg:a:w:m:G:t:r:p:n:S:d:y:R:" COMMON_SHORTOPTS,
	    longopts, NULL)) != -1) {
		if (common_option(&opt.c, ch, optarg))
			continue;
		switch (ch) {
		case 's':
			set_mode(MODE_PERIODS);
			break;
		case 'c':
			set_mode(MODE_VENUES);
			break;
		case 'l':
			set_mode(MODE_LIFE);
			break;
		case 'g':
			if (grain_parse(optarg, &opt.grain) != 0)
				die_usage("-g: \"%s\" is not a grain (day, week or month)", optarg);
			break;
		case 'a':
			opt.as_of_arg = optarg;
			break;
		case 'w':
			window = parse_count("-w", optarg, 1, 100000);
			break;
		case 'm':
			moving = parse_count("-m", optarg, 1, 100000);
			break;
		case 'G':
			opt.rp.growth = parse_number("-G", optarg, 0, 100);
			break;
		case 't':
			opt.rp.tolerance = parse_number("-t", optarg, 0, 0.5);
			break;
		case 'r':
			opt.rp.regularity = parse_number("-r", optarg, 0.01, 1);
			break;
		case 'p':
			opt.rp.phase_cost = parse_number("-p", optarg, 1, 1000000);
			break;
		case 'n':
			opt.rp.min_sessions = parse_count("-n", optarg, 2, 1000000);
			break;
		case 'S':
			opt.rp.session_hours = parse_number("-S", optarg, 0, 24);
			break;
		case 'd':
			opt.rp.dense = parse_number("-d", optarg, 0, 7);
			break;
		case 'y':
			opt.rp.day_share = parse_number("-y", optarg, 0, 1.0 / 7);
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
	if (opt.rollup != NULL && opt.mode != MODE_STREAM)
		die_usage("-R labels the rows of shards; for -s, -c or -l give the rollup as the "
		    "FILE");
	finish_params(window, moving);
	common_finish(&opt.c);
	if (opt.as_of_arg != NULL) {
		if (time_parse(&opt.c.tz, opt.as_of_arg, strlen(opt.as_of_arg), &opt.as_of) != 0)
			die_usage("--as-of: cannot parse \"%s\" (a time as in cop-events(5), "
			    "e.g. 2024-03-05 or 2024-03-05T14:02:11Z)", opt.as_of_arg);
		opt.has_as_of = 1;
	}
}

static int
counts(const struct event *e)
{
	return !e->excluded && (!opt.has_as_of || e->time <= opt.as_of);
}

/*
 * The first pass: every counted event into both aggregates, and what
 * pass two looks up for it (day, member, venue) into its note if notes
 * are taken.
 */
static void
aggregate(struct events *ev, struct agg *a, struct rhythm_days *d, struct weights *w)
{
	struct row_note *n;
	struct event e;

	agg_init(a, opt.grain, w);
	rhythm_days_init(d);
	ev->need = NEED_ACTION | NEED_VENUE;	/* replies play no part in rhythm */
	ev->cut = opt.as_of;
	ev->has_cut = opt.has_as_of;
	while (events_next(ev, &e)) {
		n = events_note(ev);
		n->state = NOTE_PASS;
		if (!counts(&e))
			continue;
		agg_add(a, ev, &e);
		rhythm_days_add(d, &e);
		n->state = NOTE_ROW;
		n->period = (int32_t)e.day;	/* days are 32-bit in the tables */
		n->community = e.community;
		n->member = e.member;
		n->venue = e.venue;
	}
}

/* Figures are as of --as-of's day, else the day of the last event counted. */
static int64_t
as_of_day(const struct agg *a)
{
	return tz_day(&opt.c.tz, opt.has_as_of ? opt.as_of : a->last);
}

/* Stream mode. */

/*
 * What pass two looks up for each row, remembered: the period's label,
 * each member's first period and each venue's last day's beat. Rows of
 * a member or a venue come in runs, so most rows hash nothing (the two
 * lookups a row were a fifth of the stream mode).
 */
struct first_memo {		/* a member's first period in one community */
	uint32_t community;
	int32_t first;
	int8_t state;			/* 0 unknown, 1 known, -1 none */
};
struct beat_memo {		/* a venue's beat on one day of one community */
	uint32_t community;
	int32_t day;
	int8_t beat;
	int8_t valid;
};
struct label_cache {
	int64_t period;
	int valid;
	char buf[TIME_BUFSZ];
	struct first_memo *first;	/* by member id */
	size_t nfirst;
	struct beat_memo *beat;		/* by venue id + 1 (STR_NONE: 0) */
	size_t nbeat;
};

static void
put_period(struct label_cache *lc, int64_t p)
{
	if (!lc->valid || lc->period != p) {
		period_label(p, opt.grain, lc->buf);
		lc->period = p;
		lc->valid = 1;
	}
	out_str(lc->buf);
}

/* Make v (of *n elements of size bytes) hold index i, zeroed. */
static void *
memo_at(void *v, size_t *n, size_t i, size_t size)
{
	unsigned char **p = v;
	size_t old = *n;

	if (i >= *n) {
		xgrow(p, n, i + 1, size);
		memset(*p + old * size, 0, (*n - old) * size);
	}
	return *p + i * size;
}

/* The member's first period through the memo: 0 if none. */
static int
first_period(struct label_cache *lc, const struct rhythm *r, const struct event *e,
    int64_t *first)
{
	struct first_memo *f = memo_at(&lc->first, &lc->nfirst, e->member, sizeof *f);

	if (f->state == 0 || f->community != e->community) {
		f->community = e->community;
		f->state = rhythm_first_period(r, e->community, e->member, first) ? 1 : -1;
		f->first = (int32_t)*first;	/* periods are 32-bit in the tables */
	}
	*first = f->first;
	return f->state > 0;
}

static int
beat_of(struct label_cache *lc, const struct rhythm_days *d, const struct event *e)
{
	struct beat_memo *b = memo_at(&lc->beat, &lc->nbeat, (uint32_t)(e->venue + 1),
	    sizeof *b);

	if (!b->valid || b->community != e->community || b->day != e->day) {
		b->community = e->community;
		b->day = (int32_t)e->day;
		b->beat = (int8_t)rhythm_beat(d, e->community, e->venue, e->day);
		b->valid = 1;
	}
	return b->beat;
}

static void
put_facts(struct label_cache *lc, const struct rhythm *r, const struct rhythm_days *d,
    const struct event *e)
{
	int64_t p = period_of_day(e->day, opt.grain), first = 0;
	int beat = beat_of(lc, d, e);

	out_char('\t');
	put_period(lc, p);
	out_str(first_period(lc, r, e, &first) && first == p ? "\tyes" : "\tno");
	out_str(beat < 0 ? "\t-" : beat ? "\ton" : "\toff");
}

/* The current row with the facts of its event e; NULL: not counted, "-". */
static void
put_row(struct label_cache *lc, const struct rhythm *r, const struct rhythm_days *d,
    const struct event *e, const struct tsv *in)
{
	tsv_put_line(in);
	if (e != NULL)
		put_facts(lc, r, d, e);
	else
		out_str("\t-\t-\t-");
	tsv_put_end(in);
}

/* The second pass: every row as it came, with its facts appended. */
static void
label_rows(struct events *ev, const struct rhythm *r, const struct rhythm_days *d)
{
	struct label_cache lc;
	struct row_note n;
	struct event e;

	memset(&lc, 0, sizeof lc);
	events_need_rows(ev);
	tsv_put_header(&ev->in);
	out_str("\tperiod\tnewcomer\tbeat");
	tsv_put_header_end(&ev->in);
	if (opt.rollup == NULL)
		events_rewind(ev);
	if (events_notes_ready(ev))
		while (events_next_noted(ev, &n)) {
			memset(&e, 0, sizeof e);	/* what put_facts looks at, from the note */
			e.day = n.period;
			e.community = n.community;
			e.member = n.member;
			e.venue = n.venue;
			put_row(&lc, r, d, n.state == NOTE_ROW ? &e : NULL, &ev->in);
		}
	else
		while (events_next(ev, &e))
			put_row(&lc, r, d, counts(&e) ? &e : NULL, &ev->in);
	free(lc.first);
	free(lc.beat);
}

/* Tables. */

/* Start the table of the mode, its header row written. */
static void
put_header(struct table *t, int with_community)
{
	const char *const *cols = opt.mode == MODE_PERIODS ? period_columns :
	    opt.mode == MODE_VENUES ? venue_columns : life_columns;
	size_t i, n = 0;

	while (cols[n] != NULL)
		n++;
	table_init(t, n + (size_t)with_community);
	if (with_community)
		table_str(t, "community");
	for (i = 0; i < n; i++)
		table_str(t, cols[i]);
	table_end_row(t);
}

/* A figure to so many decimals; one that rounds to zero is 0, never -0. */
static void
put_fixed(struct table *t, double x, int decimals)
{
	if (x < 0 && x > (decimals == 2 ? -0.005 : -0.0005))
		x = 0;
	table_printf(t, "%.*f", decimals, x);
}

/* A share of the period's events; "-" in a period without any. */
static void
put_share(struct table *t, uint64_t part, uint64_t whole)
{
	if (whole == 0)
		table_str(t, "-");
	else
		put_fixed(t, (double)part / (double)whole, 3);
}

static void
put_label(struct table *t, int64_t p)
{
	char buf[TIME_BUFSZ];

	period_label(p, opt.grain, buf);
	table_str(t, buf);
}

static void
put_day(struct table *t, int64_t day)
{
	char buf[TIME_BUFSZ];

	day_format(day, buf);
	table_str(t, buf);
}

static void
put_period_row(struct table *t, const struct rhythm_period *ps)
{
	const uint64_t *k = ps->kind;

	put_label(t, ps->period);
	table_u64(t, ps->events);
	table_u64(t, ps->members);
	table_u64(t, ps->newcomers);
	table_u64(t, ps->returning);
	table_u64(t, ps->departed);
	table_u64(t, ps->retained);
	table_u64(t, ps->sessions);
	put_fixed(t, ps->moving, 2);
	put_share(t, k[ACT_ATTEND] + k[ACT_LEAD], ps->events);
	put_share(t, k[ACT_DISCUSS], ps->events);
	put_share(t, k[ACT_CONTENT], ps->events);
	put_share(t, k[ACT_REACT] + k[ACT_MEMBERSHIP] + k[ACT_OTHER], ps->events);
	table_str(t, trend_name(ps->trend));
	table_str(t, stage_name(ps->stage));
}

/* The kind of action most of the venue's events are; ties go to the first kind. */
static enum action_kind
main_kind(const struct rhythm_venue *v)
{
	int k, best = 0;

	for (k = 1; k < ACT_NKINDS; k++)
		if (v->kind[k] > v->kind[best])
			best = k;
	return (enum action_kind)best;
}

/* The cadence history: "weekly:2018-10-22>biweekly:2021-01-05". */
static void
put_phases(struct table *t, const struct rhythm_venue *v)
{
	char *buf = NULL, day[TIME_BUFSZ];
	size_t i, len = 0, cap = 0;

	for (i = 0; i < v->nphases; i++) {
		const char *name = cadence_name(v->phase[i].cadence);

		day_format(v->phase[i].first, day);
		xgrow(&buf, &cap, len + strlen(name) + strlen(day) + 3, 1);
		len += (size_t)snprintf(buf + len, cap - len, "%s%s:%s", i ? ">" : "", name, day);
	}
	table_cell(t, buf ? buf : "", len);
	free(buf);
}

static void
put_venue_row(struct table *t, const struct events *ev, const struct rhythm_venue *v)
{
	table_str(t, v->venue == STR_NONE ? "-" : events_name(&ev->venues, v->venue));
	table_u64(t, v->events);
	put_day(t, v->first_day);
	put_day(t, v->last_day);
	table_str(t, cadence_name(v->cadence));
	put_fixed(t, v->regularity, 3);
	table_u64(t, v->missed);
	table_u64(t, v->sessions);
	table_u64(t, v->members);
	put_fixed(t, (double)v->events / (double)v->sessions, 2);
	put_day(t, v->since);
	put_phases(t, v);
	if (v->has_burstiness)
		put_fixed(t, v->burstiness, 3);
	else
		table_str(t, "-");
	table_str(t, action_kind_name(main_kind(v)));
}

static void
put_life_row(struct table *t, const struct rhythm_life *l)
{
	table_str(t, stage_name(l->stage));
	table_str(t, trend_name(l->trend));
	if (l->has_change)
		put_fixed(t, l->change, 3);
	else
		table_str(t, "-");
	table_u64(t, l->recent_events);
	table_u64(t, l->earlier_events);
	table_u64(t, l->recent_members);
	table_u64(t, l->earlier_members);
	table_u64(t, l->newcomers);
	table_u64(t, (uint64_t)l->compared);
	table_u64(t, (uint64_t)l->age);
	table_u64(t, (uint64_t)l->active_periods);
	put_label(t, l->first);
	put_label(t, l->last);
}

static void
put_community(struct table *t, const struct events *ev, const struct rhythm_community *c,
    int with_community)
{
	if (with_community)
		table_str(t, events_name(&ev->communities, c->community));
}

static void
print_table(const struct events *ev, const struct rhythm *r)
{
	int with_community = ev->col[COL_COMMUNITY] >= 0;
	struct table t;
	size_t i, j;

	put_header(&t, with_community);
	for (i = 0; i < r->ncomm; i++) {
		const struct rhythm_community *c = &r->comm[i];
		size_t n = opt.mode == MODE_PERIODS ? c->nperiods :
		    opt.mode == MODE_VENUES ? c->nvenues : 1;

		for (j = 0; j < n; j++) {
			put_community(&t, ev, c, with_community);
			if (opt.mode == MODE_PERIODS)
				put_period_row(&t, &c->period[j]);
			else if (opt.mode == MODE_VENUES)
				put_venue_row(&t, ev, &c->venue[j]);
			else
				put_life_row(&t, &c->life);
			table_end_row(&t);
		}
	}
	table_flush(&t);
}

/* The table of an input without events: its header alone. */
static void
print_empty(int with_community)
{
	struct table t;

	put_header(&t, with_community);
	table_flush(&t);
}

/* -R: the shards' rows, labelled with the rollup's (every shard's) figures. */
static void
label_shard(struct events *ev, const struct rhythm *r, const struct rhythm_days *d)
{
	if (!events_reopen(ev, opt.shards, opt.nshards, 0))
		return;
	if (events_extra_column(ev, "period") >= 0)
		events_pass_through(ev);
	else
		label_rows(ev, r, d);
}

static void
run(struct events *ev)
{
	struct weights w;
	struct rhythm_days d;
	struct rhythm r;
	struct agg a;

	memset(&w, 0, sizeof w);
	if (opt.mode == MODE_STREAM)
		events_take_notes(ev);
	aggregate(ev, &a, &d, &w);
	if (a.mp.n == 0 && opt.mode != MODE_STREAM) {
		print_empty(ev->col[COL_COMMUNITY] >= 0);
	} else {
		rhythm_compute(&r, &a, &d, ev, &opt.rp, a.mp.n ? as_of_day(&a) : 0);
		if (opt.mode == MODE_STREAM && opt.rollup != NULL)
			label_shard(ev, &r, &d);
		else if (opt.mode == MODE_STREAM)
			label_rows(ev, &r, &d);
		else
			print_table(ev, &r);
		rhythm_free(&r);
	}
	rhythm_days_free(&d);
	agg_free(&a);
	weights_free(&w);
}

int
main(int argc, char **argv)
{
	struct members dir;
	struct events ev;

	progname = "cop-rhythm";
	parse_options(argc, argv);
	members_init(&dir);
	if (opt.c.members)
		members_load(&dir, opt.c.members, &opt.c.tz);
	if (opt.rollup != NULL) {
		opt.shards = argv + optind;
		opt.nshards = (size_t)(argc - optind);
		events_open_rollup(&ev, opt.rollup, &opt.c, &dir);
		run(&ev);
	} else if (!events_open(&ev, argv + optind, (size_t)(argc - optind),
	    opt.mode == MODE_STREAM, &opt.c, &dir)) {
		if (opt.mode != MODE_STREAM)
			print_empty(0);
	} else if (opt.mode == MODE_STREAM && events_extra_column(&ev, "period") >= 0)
		events_pass_through(&ev);
	else
		run(&ev);
	events_close(&ev);
	members_free(&dir);
	common_free(&opt.c);
	out_close();
	return 0;
}
