/*
 * cop-report: the report a coordinator reads every Monday. Reads the
 * event stream of cop-events(5), raw or annotated by the earlier stages,
 * and renders one period (by default the last complete week): headline
 * figures, levels of participation and who moved between them, anchors
 * at risk, recognition, the rhythm, the patterns and the success factors,
 * per community, as plain text, Markdown or one HTML page with SVG charts.
 * Every figure is computed through the library the earlier stages use;
 * cop-report(1) says which -s table each one can be checked against.
 */
#define _XOPEN_SOURCE 700	/* realpath, for -o onto a symbolic link */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "cop.h"

#define MEAN_OF 4	/* the headline's average: the periods before this one */
#define LIST_MAX 20	/* names in one list before "and N more" */
#define TOP_MAX 5	/* members named in each line of recognition */
#define VENUES_MAX 10	/* venues in the rhythm's table */
#define ASIDE_MAX (4 << 20)	/* bytes of rows put aside: a large community's week */

static struct options {
	struct common c;
	struct level_params lp;
	struct weights weights;
	enum rformat fmt;
	enum grain grain;
	int grain_set;
	const char *period_arg;
	int64_t period;
	int has_period;
	long nperiods;		/* -n, 0: a quarter */
	const char *output;
	int pseudonymize;
	const char *salt;
	int64_t generated;	/* SOURCE_DATE_EPOCH */
	int has_generated;
	char *tmp_path;		/* -o: the temporary file, until renamed */
	char *target;		/* what it is renamed to: -o's file, a link's target */
	int out_fd;		/* -o's descriptor, -1 before */
	size_t aside;		/* bytes of rows put aside: ASIDE_MAX, COP_REPORT_ASIDE */
} opt;

/* One member of one community. */
struct mkey {
	uint32_t community, member;
};
struct mstate {
	struct mkey k;
	enum level now, prev;	/* at the level weeks of this period and the last */
	int core_recent;	/* core in a week of the window ending now */
	int64_t last_week;	/* the last active week up to now */
	int64_t gap;		/* median weeks between active weeks, 0 unknown */
	uint64_t replies, partners, welcomed, led;
};

/* A reply from one member to another in one period. */
struct ekey {
	uint32_t community, from, to;
	int32_t period;
};
struct erec {
	struct ekey k;
	uint64_t n;
};

/* A period of the range: its figures for one community. */
struct pstat {
	uint64_t events, members, newcomers, returning, departed;	/* cop-rhythm -s */
	uint64_t level[3];	/* core, active, peripheral at its level week */
};

struct community {
	uint32_t id;
	int64_t first;		/* its first period with an event */
	struct pstat *ps;	/* the range, oldest first */
	const struct rhythm_community *rc;	/* its rhythm, NULL if none */
	const struct pattern_set *pat;		/* its patterns, NULL if none */
};

struct report {
	struct events *ev;
	struct members *dir;
	struct render r;
	struct agg weeks, months, *pa;	/* pa: the report's grain */
	struct agg *pw;		/* the weekly table: patterns' own, or weeks */
	struct keymap members, edges;	/* edges: p's, when not patterns' */
	int64_t p, lo;		/* the report period; the range's first */
	size_t n;		/* periods in the range, p included */
	int64_t *lw;		/* the level week of each period of the range */
	struct community *comm;
	size_t ncomm;
	size_t *comm_of;	/* community id (STR_NONE last) -> index + 1 */
	char **shown;		/* member id -> name as shown, made on demand */
	size_t nshown;
	int multi;		/* a community column: portfolio first */
	struct rhythm_params rp;
	struct rhythm_days days, *pd;	/* pd: patterns' own, or days */
	int shared;		/* pw, pd and under -g week the edges are patterns' */
	int col_period;		/* the stream's `period` column, -1 if none */
	int64_t label_week;	/* the week whose label is in label */
	char label[TIME_BUFSZ];
	size_t label_len;
	struct rhythm rhythm;
	int have_rhythm;	/* rhythm computed, to be freed */
	const struct rhythm *rh;	/* rhythm or patterns' own, NULL if none */
	struct pattern_params pp;
	struct patterns patterns;
	uint32_t *by_length;	/* member ids, longest name first: for -a */
	uint64_t counted, later;	/* events up to the period's end, and after */
	struct tsv_saved aside;	/* rows past the period so far: read_one_pass */
};

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: cop-report [-a] [-T FORMAT] [-p PERIOD] [-g GRAIN] [-n PERIODS] [-o FILE]\n"
"                  [-S SALT] [-w WEEKS] [-W ACTION=WEIGHT] [-M FILE]\n"
"                  [-f NAME=COL] [-k] [-B TIME] [-E TIME] [-z ZONE] [FILE ...]\n"
"Render the report of one period (default: the last complete week) from the\n"
"event stream, raw or annotated by cop-classify, cop-rhythm and cop-patterns.\n"
"\n"
"  -T, --format FORMAT  text (default, 80 columns), md (Markdown) or html\n"
"  -p, --period PERIOD  report on PERIOD: a week 2025-W10 or a month 2025-03\n"
"  -g, --grain GRAIN    week (default) or month: the period of the report\n"
"  -n, --periods N      periods in the charts (default 13 weeks, 3 months)\n"
"  -o, --output FILE    write to FILE atomically (a failed run leaves it alone)\n"
"  -a, --pseudonymize   show every member under a pseudonym (needs -S)\n"
"  -S, --salt SALT      the secret the pseudonyms are derived from (default:\n"
"                       $COP_REPORT_SALT, which ps(1) does not show)\n"
"  -w, --window WEEKS   trailing window of the levels (default 12)\n"
"  -W, --weight ACTION=WEIGHT  weigh ACTION so (default: cop-events(5))\n"
COMMON_USAGE);
}

static void
parse_format(const char *s)
{
	if (strcmp(s, "text") == 0)
		opt.fmt = FMT_TEXT;
	else if (strcmp(s, "md") == 0)
		opt.fmt = FMT_MD;
	else if (strcmp(s, "html") == 0)
		opt.fmt = FMT_HTML;
	else
		die_usage("-T: unknown format \"%s\" (text, md or html)", s);
}

static void
parse_grain(const char *s)
{
	if (grain_parse(s, &opt.grain) != 0 || opt.grain == GRAIN_DAY)
		die_usage("-g: unknown grain \"%s\" (week or month)", s);
	opt.grain_set = 1;
}

/* -p fixes the grain too; with -g the two must agree. */
static void
parse_period(void)
{
	enum grain g;

	if (period_parse(opt.period_arg, &g, &opt.period) != 0 || g == GRAIN_DAY)
		die_usage("-p: cannot parse \"%s\" (a week such as 2025-W10 or a month "
		    "such as 2025-03)", opt.period_arg);
	if (opt.grain_set && g != opt.grain)
		die_usage("-p %s is a %s, but -g says %s", opt.period_arg, grain_name(g),
		    grain_name(opt.grain));
	opt.grain = g;
	opt.has_period = 1;
}

static void
parse_source_date(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < 0 || v > 253402300799LL)
		die_usage("SOURCE_DATE_EPOCH: \"%s\" is not a number of seconds since 1970", s);
	opt.generated = v;
	opt.has_generated = 1;
}

/*
 * The salt: -S, else COP_REPORT_SALT, which other users cannot read as
 * they can read a command line in ps(1).
 */
static void
check_salt(void)
{
	const char *env = getenv("COP_REPORT_SALT");

	if (!opt.pseudonymize && opt.salt != NULL)
		die_usage("-S is only for -a (pseudonyms)");
	if (!opt.pseudonymize)
		return;
	if (opt.salt == NULL && env != NULL) {
		if (*env == '\0')
			die_usage("COP_REPORT_SALT: the salt is empty");
		opt.salt = env;
	}
	if (opt.salt == NULL)
		die_usage("-a needs a secret: give it with -S SALT or in COP_REPORT_SALT");
	if (*opt.salt == '\0')
		die_usage("-S: the salt is empty");
}

/* COP_REPORT_ASIDE, for tests: a small room for rows put aside runs out. */
static size_t
aside_limit(void)
{
	const char *s = getenv("COP_REPORT_ASIDE");

	if (s == NULL || *s == '\0')
		return ASIDE_MAX;
	return (size_t)parse_count("COP_REPORT_ASIDE", s, 0, LONG_MAX);
}

static void
check_options(void)
{
	check_salt();
	if (opt.period_arg)
		parse_period();
	if (opt.nperiods == 0)
		opt.nperiods = opt.grain == GRAIN_MONTH ? 3 : 13;
	parse_source_date();
	opt.aside = aside_limit();
}

static void
parse_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'T' },
		{ "period", required_argument, NULL, 'p' },
		{ "grain", required_argument, NULL, 'g' },
		{ "periods", required_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "pseudonymize", no_argument, NULL, 'a' },
		{ "salt", required_argument, NULL, 'S' },
		{ "window", required_argument, NULL, 'w' },
		{ "weight", required_argument, NULL, 'W' },
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	common_init(&opt.c);
	levels_defaults(&opt.lp);
	opt.out_fd = -1;
	opt.grain = GRAIN_WEEK;
	while ((ch = getopt_long(argc, argv, "T:p:g:n:o:aS:w:W:" COMMON_SHORTOPTS,
	    longopts, NULL)) != -1) {
		if (common_option(&opt.c, ch, optarg))
			continue;
		switch (ch) {
		case 'T':
			parse_format(optarg);
			break;
		case 'p':
			opt.period_arg = optarg;
			break;
		case 'g':
			parse_grain(optarg);
			break;
		case 'n':
			opt.nperiods = parse_count("-n", optarg, 2, 520);
			break;
		case 'o':
			opt.output = optarg;
			break;
		case 'a':
			opt.pseudonymize = 1;
			break;
		case 'S':
			opt.salt = optarg;
			break;
		case 'w':
			opt.lp.window = parse_count("-w", optarg, 1, 5200);
			break;
		case 'W':
			weights_set(&opt.weights, optarg);
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(EXIT_USAGE);
		}
	}
	common_finish(&opt.c);
	check_options();
}

/*
 * -o: a temporary file beside the target, renamed over it at the end; its
 * name is in opt, where remove_tmp finds it when a data error ends the run.
 */

static void
remove_tmp(void)
{
	if (opt.tmp_path != NULL)
		unlink(opt.tmp_path);
}

/*
 * Anything but a regular file (a FIFO, a terminal) is written into as it
 * is: a rename would replace the device or the FIFO itself. So are
 * /dev/stdout and its kin, whatever they lead to, and a symbolic link to
 * nothing yet, which creates its target.
 */
static void
output_direct(const char *path)
{
	if ((opt.out_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0)
		die("%s:", path);
	out_open_fd(opt.out_fd, path);
}

static void
output_open(const char *path)
{
	struct buf b = { 0 };
	const char *slash;
	struct stat st;
	mode_t mask;

	if (strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0 ||
	    (stat(path, &st) == 0 ? !S_ISREG(st.st_mode) :
	    lstat(path, &st) == 0 && S_ISLNK(st.st_mode))) {
		output_direct(path);
		return;
	}
	/* A link to a file: replace the file, so the link stays. */
	opt.target = realpath(path, NULL);
	if (opt.target == NULL || lstat(path, &st) != 0 || !S_ISLNK(st.st_mode)) {
		free(opt.target);
		opt.target = xstrdup(path);
	}
	slash = strrchr(opt.target, '/');
	if (slash == NULL)
		buf_adds(&b, ".");
	else
		buf_add(&b, opt.target, slash == opt.target ? 1 : (size_t)(slash - opt.target));
	buf_printf(&b, "/.%s.XXXXXX", slash ? slash + 1 : opt.target);
	opt.tmp_path = buf_take(&b);
	if ((opt.out_fd = mkstemp(opt.tmp_path)) < 0) {
		free(opt.tmp_path);
		opt.tmp_path = NULL;
		die("%s: cannot create a temporary file beside it:", path);
	}
	atexit(remove_tmp);
	mask = umask(0);
	umask(mask);
	if (fchmod(opt.out_fd, 0666 & ~mask) != 0)
		die("%s: chmod:", opt.tmp_path);
	out_open_fd(opt.out_fd, path);
}

/* The report is complete: the temporary file takes the target's place. */
static void
output_commit(const char *path)
{
	out_flush();
	if ((opt.tmp_path != NULL && fsync(opt.out_fd) != 0) || close(opt.out_fd) != 0)
		die("%s: write error:", path);
	out_reset();
	if (opt.tmp_path == NULL)
		return;
	if (rename(opt.tmp_path, opt.target) != 0)
		die("%s: cannot replace it:", path);
	free(opt.tmp_path);
	opt.tmp_path = NULL;
	free(opt.target);
	opt.target = NULL;
}

/* Reading: the weekly table of levels, the report's grain, reply edges. */

static struct mstate *
mstate_of(struct report *rep, uint32_t community, uint32_t member)
{
	struct mkey k;
	struct mstate *m;
	int created;

	memset(&k, 0, sizeof k);
	k.community = community;
	k.member = member;
	m = keymap_rec(&rep->members, keymap_upsert(&rep->members, &k, &created));
	if (created)
		m->last_week = INT64_MIN;
	return m;
}

/*
 * A reply to someone else: conversation or content, not a reaction. Only
 * the report's period is kept: recognition is all that reads them.
 */
static void
add_edge(struct report *rep, const struct event *e)
{
	struct ekey k;
	struct erec *r;
	int created;

	if (e->reply_to == STR_NONE || e->reply_to == e->member || e->kind == ACT_REACT ||
	    e->kind == ACT_MEMBERSHIP || period_of_day(e->day, opt.grain) != rep->p ||
	    members_is_bot(rep->dir, e->reply_to))
		return;
	memset(&k, 0, sizeof k);
	k.community = e->community;
	k.from = e->member;
	k.to = e->reply_to;
	k.period = (int32_t)rep->p;
	r = keymap_rec(&rep->edges, keymap_upsert(&rep->edges, &k, &created));
	r->n += e->count;
}

/*
 * Patterns keeps a weekly member x period table, reply edges and a venue x
 * day table of the same events, so the report reads those rather than
 * building copies, as long as they hold exactly what its own would: each
 * counted row's period is its day's week (a `period` column written in
 * another grain or zone is not) and patterns counted the row (under -k it
 * leaves out one with a bad `level` or `period`). Until then a row is
 * counted once; from the first row where that fails, the report copies
 * what patterns holds and goes on with tables of its own.
 */
static int
same_week(struct report *rep, const struct event *e)
{
	const struct field *f;
	int64_t w;

	if (rep->col_period < 0)
		return 1;
	w = period_of_day(e->day, GRAIN_WEEK);
	if (w != rep->label_week) {
		period_label(w, GRAIN_WEEK, rep->label);
		rep->label_len = strlen(rep->label);
		rep->label_week = w;
	}
	f = &rep->ev->in.f[rep->col_period];
	return f->n == rep->label_len && memcmp(f->p, rep->label, f->n) == 0;
}

/* Records in the same order, keys first in each record. */
static void
copy_keymap(struct keymap *to, const struct keymap *from)
{
	size_t i;
	int created;

	for (i = 0; i < from->n; i++) {
		const void *r = keymap_rec(from, i);

		memcpy(keymap_rec(to, keymap_upsert(to, r, &created)), r, to->recsize);
	}
}

/* Patterns' tables no longer serve: the report's own, from copies of them. */
static void
unshare(struct report *rep)
{
	const struct edges *g = patterns_edges(&rep->patterns);
	size_t i;

	rep->shared = 0;
	for (i = 0; i < rep->pw->mp.n; i++) {
		const struct mp_rec *r = keymap_rec(&rep->pw->mp, i);
		int created;

		memcpy(keymap_rec(&rep->weeks.mp, keymap_upsert(&rep->weeks.mp, &r->k, &created)),
		    r, sizeof *r);
	}
	rep->weeks.first = rep->pw->first;
	rep->weeks.last = rep->pw->last;
	if (rep->pa == rep->pw)
		rep->pa = &rep->weeks;
	rep->pw = &rep->weeks;
	copy_keymap(&rep->days.days, &rep->pd->days);
	copy_keymap(&rep->days.members, &rep->pd->members);
	rep->pd = &rep->days;
	if (opt.grain != GRAIN_WEEK)
		return;
	for (i = 0; i < g->m.n; i++) {
		const struct edge_rec *r = keymap_rec(&g->m, i);
		struct ekey k;
		struct erec *to;
		int created;

		if (r->replies == 0 || r->k.period != rep->p)	/* reactions only, or not p */
			continue;
		memset(&k, 0, sizeof k);
		k.community = r->k.community;
		k.from = r->k.from;
		k.to = r->k.to;
		k.period = r->k.period;
		to = keymap_rec(&rep->edges, keymap_upsert(&rep->edges, &k, &created));
		to->n = r->replies;
	}
}

static void
reading_init(struct report *rep)
{
	agg_init(&rep->weeks, GRAIN_WEEK, &opt.weights);
	agg_init(&rep->months, GRAIN_MONTH, &opt.weights);
	keymap_init(&rep->members, sizeof(struct mkey), sizeof(struct mstate));
	keymap_init(&rep->edges, sizeof(struct ekey), sizeof(struct erec));
	rhythm_defaults(&rep->rp, opt.grain);
	rhythm_days_init(&rep->days);
	patterns_defaults(&rep->pp);
	patterns_init(&rep->patterns, &rep->pp, rep->ev, &opt.weights);
	rep->shared = 1;
	rep->pw = patterns_agg(&rep->patterns);
	rep->pd = patterns_days(&rep->patterns);
	rep->pa = opt.grain == GRAIN_WEEK ? rep->pw : &rep->months;
	rep->col_period = events_extra_column(rep->ev, "period");
	rep->label_week = INT64_MIN;
	rep->p = INT64_MIN;
	events_aside_init(&rep->aside, opt.aside);
}

/* Count an event (not a bot's) of the report's period or before. */
static void
count_event(struct report *rep, const struct event *e)
{
	int ok;

	if (rep->shared && !same_week(rep, e))
		unshare(rep);
	ok = patterns_add(&rep->patterns, rep->ev, e, NULL);
	rep->counted += e->count;
	if (rep->shared && !ok)
		unshare(rep);
	if (!rep->shared) {
		agg_add(&rep->weeks, rep->ev, e);
		rhythm_days_add(&rep->days, e);
	}
	if (opt.grain != GRAIN_WEEK)
		agg_add(rep->pa, rep->ev, e);
	if (!rep->shared || opt.grain != GRAIN_WEEK)
		add_edge(rep, e);
}

static int64_t
period_last_day(int64_t p)
{
	return period_first_day(p + 1, opt.grain) - 1;
}

/*
 * Read the events up to the end of the report's period, rep->p: everything
 * in the report is as of that moment, so a past period's report does not
 * change when later weeks are added to the log.
 */
static void
read_period(struct report *rep)
{
	int64_t last_day = period_last_day(rep->p);
	struct event e;

	while (events_next(rep->ev, &e)) {
		if (e.excluded)
			continue;
		if (e.day > last_day)
			rep->later += e.count;
		else
			count_event(rep, &e);
	}
}

static int
edge_of_period(const void *rec, const void *p)
{
	return ((const struct erec *)rec)->k.period == *(const int64_t *)p;
}

/*
 * The period moves on to p: the rows put aside that now fall in it or
 * before are counted, the others stay aside. The report's own reply
 * edges were the old period's (add_edge): none is p's yet.
 */
static void
move_period(struct report *rep, int64_t p)
{
	int64_t last_day = period_last_day(p);
	struct event e;
	size_t i, k = 0;

	rep->p = p;
	keymap_filter(&rep->edges, edge_of_period, &p);
	for (i = 0; i < rep->aside.nrow; i++) {
		events_restore(rep->ev, &rep->aside, i, &e);
		if (e.day <= last_day)
			count_event(rep, &e);
		else
			tsv_saved_keep(&rep->aside, i, k++);
	}
	tsv_saved_cut(&rep->aside, k);
}

/* Rows that found no room aside, to be read again (read_again). */
struct reread {
	int pending;
	struct tsv_mark from;		/* the first of them */
	int64_t latest, last_day;	/* read_one_pass's, just before it */
};

/*
 * Read again from the first row that found no room aside, and count the
 * rows that read_one_pass left, as it left them: past the period of the
 * latest event before them. The first pass's decisions are made again
 * along the same rows, so none is counted twice.
 */
static void
read_again(struct report *rep, const struct reread *rr)
{
	int64_t latest = rr->latest, last_day = rr->last_day;
	int64_t period_end = period_last_day(rep->p);
	struct event e;

	events_seek(rep->ev, &rr->from);
	while (events_next(rep->ev, &e)) {
		if (e.excluded || e.day <= last_day)
			continue;	/* a bot's, or counted in the first pass */
		if (e.day <= period_end)
			count_event(rep, &e);
		else
			rep->later += e.count;
		if (e.time > latest) {
			latest = e.time;
			last_day = period_last_day(period_of_day(e.day, opt.grain) - 1);
		}
	}
}

/*
 * The default period is the last one that ends before the latest event.
 * Read in one pass, it is the last before the latest event so far: rows
 * past it are put aside, parsed, and counted when the latest event moves
 * the period on (in a log in time order, each week's rows wait for the
 * next week's first). Rows with no room aside (opt.aside) are read again
 * once the latest event is known, from the first of them.
 */
static void
read_one_pass(struct report *rep, int64_t *latest)
{
	int64_t last_day = INT64_MIN, p;
	struct reread rr;
	struct event e;

	memset(&rr, 0, sizeof rr);
	while (events_next(rep->ev, &e)) {
		if (e.excluded)
			continue;
		if (e.day <= last_day) {	/* before the latest event's period */
			count_event(rep, &e);
			continue;
		}
		if (!rr.pending && !events_save(rep->ev, &rep->aside, &e)) {
			rr.pending = 1;
			tsv_mark(&rep->ev->in, &rr.from);
			rr.latest = *latest;
			rr.last_day = last_day;
		}
		if (e.time > *latest) {
			*latest = e.time;
			p = period_of_day(e.day, opt.grain) - 1;
			if (p != rep->p) {
				move_period(rep, p);
				last_day = period_last_day(p);
			}
			if (rr.pending && rep->aside.nrow == 0)
				tsv_saved_free(&rep->aside);	/* no use for it now */
		}
	}
	rep->later += rep->aside.nrow;	/* a row is one event */
	tsv_saved_free(&rep->aside);
	if (rr.pending)
		read_again(rep, &rr);
}

/*
 * The latest event of a rollup, in a first pass. Only times count here:
 * actions and venues are not looked up (a few percent of the run).
 * reply_to still is, so members get their ids in the same order as in one
 * full read.
 */
static void
scan_latest(struct report *rep, int64_t *latest)
{
	unsigned need = rep->ev->need;
	struct event e;

	rep->ev->need = NEED_REPLY_TO;
	while (events_next(rep->ev, &e))
		if (!e.excluded && e.time > *latest)
			*latest = e.time;
	rep->ev->need = need;
}

/*
 * Read the events, for -p's period or the default one, and set the range.
 * A rollup takes two passes: one to find the latest event, one to count.
 * Returns 0 when there is no period to report on (no events and no -p).
 */
static int
read_events(struct report *rep, int have_input)
{
	int64_t latest = INT64_MIN;

	reading_init(rep);
	if (opt.has_period) {
		rep->p = opt.period;
		if (have_input)
			read_period(rep);
	} else if (have_input && rep->ev->rollup != NULL) {
		scan_latest(rep, &latest);
		if (latest != INT64_MIN) {
			rep->p = period_of_day(tz_day(&opt.c.tz, latest), opt.grain) - 1;
			events_rewind(rep->ev);
			read_period(rep);
		}
	} else if (have_input) {
		tsv_spool_later(&rep->ev->in);	/* a pipe: only from a mark on */
		read_one_pass(rep, &latest);
	}
	if (!opt.has_period && latest == INT64_MIN)
		return 0;
	rep->n = (size_t)opt.nperiods > MEAN_OF + 1 ? (size_t)opt.nperiods : MEAN_OF + 1;
	rep->lo = rep->p - (int64_t)rep->n + 1;
	return 1;
}

/* The period and its range. */

/*
 * The week a period's levels are taken at: the last ISO week that ends
 * within it (for a week, itself), as cop-classify -s --as-of its last day.
 */
static int64_t
level_week(int64_t period)
{
	int64_t last;

	if (opt.grain == GRAIN_WEEK)
		return period;
	last = period_first_day(period + 1, GRAIN_MONTH) - 1;
	return period_of_day(last, GRAIN_WEEK) - (weekday_of_day(last) != 7);
}

static int
in_range(const struct report *rep, int64_t period)
{
	return period >= rep->lo && period <= rep->p;
}

/* Communities. */

static struct community *
community_of(struct report *rep, uint32_t id)
{
	size_t ncomm = rep->ev->communities.n, i = id == STR_NONE ? ncomm : id;

	return &rep->comm[rep->comm_of[i] - 1];
}

static const struct strtab *sort_names;	/* qsort has no context argument */

static int
cmp_community(const void *pa, const void *pb)
{
	const struct community *a = pa, *b = pb;

	if (a->id == b->id)
		return 0;
	if (a->id == STR_NONE || b->id == STR_NONE)
		return a->id == STR_NONE ? -1 : 1;
	return strtab_cmp(sort_names, a->id, b->id);
}

/* One entry per community with an event (one unnamed if there is none). */
static void
find_communities(struct report *rep)
{
	size_t ncomm = rep->ev->communities.n, i;
	char *seen = xcalloc(ncomm + 1, 1);

	for (i = 0; i < rep->pa->mp.n; i++) {
		const struct mp_rec *r = keymap_rec(&rep->pa->mp, i);

		seen[r->k.community == STR_NONE ? ncomm : r->k.community] = 1;
	}
	if (rep->pa->mp.n == 0)
		seen[ncomm] = 1;
	rep->comm = xcalloc(ncomm + 1, sizeof *rep->comm);
	for (i = 0; i <= ncomm; i++)
		if (seen[i]) {
			struct community *c = &rep->comm[rep->ncomm++];

			c->id = i == ncomm ? STR_NONE : (uint32_t)i;
			c->first = INT64_MAX;
			c->ps = xcalloc(rep->n, sizeof *c->ps);
		}
	sort_names = &rep->ev->communities;
	qsort(rep->comm, rep->ncomm, sizeof *rep->comm, cmp_community);
	rep->comm_of = xcalloc(ncomm + 1, sizeof *rep->comm_of);
	for (i = 0; i < rep->ncomm; i++)
		rep->comm_of[rep->comm[i].id == STR_NONE ? ncomm : rep->comm[i].id] = i + 1;
	rep->multi = rep->ev->col[COL_COMMUNITY] >= 0;
	free(seen);
}

/*
 * The figures of each period from cop-rhythm's library, as of the end of
 * the report's period: events, members, newcomers, returning, departed.
 */
static void
rhythm_figures(struct report *rep)
{
	int64_t last_day = period_last_day(rep->p);
	size_t i, k;

	if (rep->pa->mp.n == 0)
		return;
	/*
	 * Patterns computed the rhythm of the same tables in weeks, as of
	 * its last event's day: the same figures when that day is in p
	 * (rhythm.c reads the as-of day only through its week).
	 */
	rep->rh = patterns_rhythm(&rep->patterns);
	if (!rep->shared || opt.grain != GRAIN_WEEK || rep->rh == NULL ||
	    period_of_day(tz_day(&opt.c.tz, rep->pw->last), GRAIN_WEEK) != rep->p) {
		rhythm_compute(&rep->rhythm, rep->pa, rep->pd, rep->ev, &rep->rp, last_day);
		rep->have_rhythm = 1;
		rep->rh = &rep->rhythm;
	}
	for (k = 0; k < rep->rh->ncomm; k++) {
		const struct rhythm_community *rc = &rep->rh->comm[k];
		struct community *c = community_of(rep, rc->community);

		c->rc = rc;
		for (i = 0; i < rc->nperiods; i++) {
			const struct rhythm_period *rp = &rc->period[i];
			struct pstat *ps;

			if (!in_range(rep, rp->period))
				continue;
			ps = &c->ps[rp->period - rep->lo];
			ps->events = rp->events;
			ps->members = rp->members;
			ps->newcomers = rp->newcomers;
			ps->returning = rp->returning;
			ps->departed = rp->departed;
		}
		if (rc->nperiods > 0)
			c->first = rc->period[0].period;
	}
	for (i = 0; i < rep->ncomm; i++)
		rep->comm[i].pat = patterns_find(&rep->patterns, rep->comm[i].id);
}

/* Levels: one sweep of the weekly table through the level week of p. */

static void
take_levels(void *ctx, uint32_t community, int64_t week, const struct level_stat *st, size_t n)
{
	struct report *rep = ctx;
	struct community *c = community_of(rep, community);
	int64_t now = rep->lw[rep->n - 1], prev = rep->lw[rep->n - 2];
	int recent = week > now - opt.lp.window;
	size_t i, q;

	for (q = 0; q < rep->n; q++)
		if (rep->lw[q] == week)
			for (i = 0; i < n; i++)
				c->ps[q].level[LEVEL_CORE - st[i].level]++;
	if (!recent && week != prev)
		return;
	for (i = 0; i < n; i++) {
		struct mstate *m = mstate_of(rep, community, st[i].member);

		if (recent && st[i].level == LEVEL_CORE)
			m->core_recent = 1;
		if (week == now)
			m->now = st[i].level;
		if (week == prev)
			m->prev = st[i].level;
	}
}

static void
sweep_levels(struct report *rep)
{
	size_t q;

	rep->lw = xcalloc(rep->n, sizeof *rep->lw);
	for (q = 0; q < rep->n; q++)
		rep->lw[q] = level_week(rep->lo + (int64_t)q);
	levels_sweep(rep->pw, rep->dir->names.n, &opt.lp, rep->lw[rep->n - 1],
	    take_levels, rep);
}

/* Gaps: each member's active weeks up to now, for anchors at risk. */

static int
cmp_i64(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return (a > b) - (a < b);
}

/* The median of n gaps, the lower middle one when n is even. */
static int64_t
median_gap(int64_t *g, size_t n)
{
	if (n == 0)
		return 0;
	qsort(g, n, sizeof *g, cmp_i64);
	return g[(n - 1) / 2];
}

/* An active week up to now (the level week of p). */
static int
active_by(const struct mp_rec *r, const void *now)
{
	return r->k.period <= *(const int64_t *)now && r->score > 0;
}

static void
member_gaps(struct report *rep)
{
	/* agg_sorted: by community, week, member; the levels' sweep made it */
	struct mp_rec **all = agg_sorted(rep->pw);
	struct mp_rec **v = xreallocarray(NULL, rep->pw->mp.n + 1, sizeof *v);
	int64_t now = rep->lw[rep->n - 1], *gaps = NULL;
	size_t i, j, k, ng, gcap = 0;

	for (i = 0, k = 0; i < rep->pw->mp.n; i = j) {
		for (j = i; j < rep->pw->mp.n && all[j]->k.community == all[i]->k.community; j++)
			;
		k += agg_by_member_if(v + k, all + i, j - i, active_by, &now);
	}
	for (i = 0; i < k; i = j) {
		struct mstate *m;

		for (j = i + 1; j < k && v[j]->k.member == v[i]->k.member &&
		    v[j]->k.community == v[i]->k.community; j++)
			;
		m = mstate_of(rep, v[i]->k.community, v[i]->k.member);
		if (!m->core_recent)
			continue;
		xgrow(&gaps, &gcap, j - i, sizeof *gaps);
		for (ng = 0; ng + 1 < j - i; ng++)
			gaps[ng] = v[i + ng + 1]->k.period - v[i + ng]->k.period;
		m->gap = median_gap(gaps, ng);
		m->last_week = v[j - 1]->k.period;
	}
	free(gaps);
	free(v);
}

/* Recognition: replies to others, newcomers welcomed, sessions led, in p. */

/* A newcomer to welcome: their first period is this one or the last. */
static int
is_newcomer(const struct report *rep, uint32_t community, uint32_t member)
{
	int64_t first;

	return rep->rh != NULL &&
	    rhythm_first_period(rep->rh, community, member, &first) &&
	    first >= rep->p - 1 && first <= rep->p;
}

/* One member's replies to another in p. */
static void
recognition_edge(struct report *rep, uint32_t community, uint32_t from, uint32_t to,
    uint64_t n)
{
	int welcome = is_newcomer(rep, community, to);
	struct mstate *m = mstate_of(rep, community, from);

	m->replies += n;
	m->partners++;
	m->welcomed += welcome;
}

/*
 * Recognition: replies to others, newcomers welcomed (members whose first
 * event falls in this period or the last), sessions led, all in p.
 */
static void
recognition_figures(struct report *rep)
{
	const struct edges *g = patterns_edges(&rep->patterns);
	size_t i;

	if (rep->shared && opt.grain == GRAIN_WEEK)
		for (i = 0; i < g->m.n; i++) {
			const struct edge_rec *e = keymap_rec(&g->m, i);

			if (e->k.period == rep->p && e->replies > 0)
				recognition_edge(rep, e->k.community, e->k.from, e->k.to,
				    e->replies);
		}
	else
		for (i = 0; i < rep->edges.n; i++) {
			const struct erec *e = keymap_rec(&rep->edges, i);

			if (e->k.period == rep->p)
				recognition_edge(rep, e->k.community, e->k.from, e->k.to, e->n);
		}
	for (i = 0; i < rep->pa->mp.n; i++) {
		const struct mp_rec *r = keymap_rec(&rep->pa->mp, i);

		if (r->k.period == rep->p && r->kind[ACT_LEAD] > 0)
			mstate_of(rep, r->k.community, r->k.member)->led = r->kind[ACT_LEAD];
	}
}

static void
compute(struct report *rep)
{
	find_communities(rep);
	if (rep->shared && opt.grain == GRAIN_WEEK)	/* recognition reads p's */
		patterns_keep_edges(&rep->patterns, rep->p);
	patterns_finish(&rep->patterns, rep->ev);
	rhythm_figures(rep);
	sweep_levels(rep);
	member_gaps(rep);
	recognition_figures(rep);
}

/* Names as shown: the handle, or its pseudonym under -a. */

static const char *
shown_name(struct report *rep, uint32_t member)
{
	if (member >= rep->nshown) {
		size_t old = rep->nshown;

		rep->shown = xreallocarray(rep->shown, rep->dir->names.n, sizeof *rep->shown);
		rep->nshown = rep->dir->names.n;
		memset(rep->shown + old, 0, (rep->nshown - old) * sizeof *rep->shown);
	}
	if (rep->shown[member] == NULL) {
		const char *name = members_name(rep->dir, member);
		char buf[PSEUDONYM_BUFSZ];

		if (opt.pseudonymize) {
			pseudonym(opt.salt, name, rep->dir->names.len[member], buf);
			rep->shown[member] = xstrdup(buf);
		} else
			rep->shown[member] = xmemdup(name, rep->dir->names.len[member]);
	}
	return rep->shown[member];
}

static void
add_name(struct report *rep, struct buf *b, uint32_t member)
{
	const char *s = shown_name(rep, member);

	render_data(&rep->r, b, s, strlen(s));
}

static void add_words(struct report *, struct buf *, const char *, ...) COP_PRINTF(3, 4);
static char *words(struct report *, const char *, ...) COP_PRINTF(2, 3);

static void
add_words(struct report *rep, struct buf *b, const char *fmt, ...)
{
	struct buf tmp = { 0 };
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&tmp, fmt, ap);
	va_end(ap);
	render_words(&rep->r, b, tmp.p);
	buf_free(&tmp);
}

/* Prepared words, for a table cell or a heading. */
static char *
words(struct report *rep, const char *fmt, ...)
{
	struct buf b = { 0 }, tmp = { 0 };
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&tmp, fmt, ap);
	va_end(ap);
	render_words(&rep->r, &b, tmp.p);
	buf_free(&tmp);
	return buf_take(&b);
}

static char *
name_cell(struct report *rep, uint32_t member)
{
	struct buf b = { 0 };

	add_name(rep, &b, member);
	return buf_take(&b);
}

static void
add_community(struct report *rep, struct buf *b, uint32_t id)
{
	const struct strtab *t = &rep->ev->communities;

	if (id == STR_NONE)
		render_words(&rep->r, b, "(no community)");
	else
		render_data(&rep->r, b, t->str[id], t->len[id]);
}

/* A paragraph of prepared text, freed once written. */
static void
put_para(struct report *rep, char *prepared)
{
	render_para(&rep->r, prepared);
	free(prepared);
}

static void
put_note(struct report *rep, char *prepared)
{
	render_note(&rep->r, prepared);
	free(prepared);
}

/* Dates in words. */

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

#define EN_DASH "\xe2\x80\x93"

/* "3–9 March 2025", "28 April – 4 May 2025", "March 2025". */
static char *
period_dates(int64_t p)
{
	int64_t d0 = period_first_day(p, opt.grain), d1 = period_first_day(p + 1, opt.grain) - 1;
	int y0, m0, a0, y1, m1, a1;
	struct buf b = { 0 };

	civil_from_days(d0, &y0, &m0, &a0);
	civil_from_days(d1, &y1, &m1, &a1);
	if (opt.grain == GRAIN_MONTH)
		buf_printf(&b, "%s %d", month_names[m0 - 1], y0);
	else if (m0 == m1)
		buf_printf(&b, "%d" EN_DASH "%d %s %d", a0, a1, month_names[m1 - 1], y1);
	else if (y0 == y1)
		buf_printf(&b, "%d %s " EN_DASH " %d %s %d", a0, month_names[m0 - 1], a1,
		    month_names[m1 - 1], y1);
	else
		buf_printf(&b, "%d %s %d " EN_DASH " %d %s %d", a0, month_names[m0 - 1], y0, a1,
		    month_names[m1 - 1], y1);
	return buf_take(&b);
}

static const char *
label(int64_t p, char buf[TIME_BUFSZ])
{
	period_label(p, opt.grain, buf);
	return buf;
}

static const char *
week_label(int64_t w, char buf[TIME_BUFSZ])
{
	period_label(w, GRAIN_WEEK, buf);
	return buf;
}

static const char *
unit_word(void)
{
	return opt.grain == GRAIN_WEEK ? "week" : "month";
}

static const char *
plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* The report: title. */

static void
put_title(struct report *rep)
{
	char buf[TIME_BUFSZ], *dates = period_dates(rep->p);
	struct buf b = { 0 };

	add_words(rep, &b, "%s report, %s %s", rep->multi ? "Portfolio" : "Community",
	    unit_word(), label(rep->p, buf));
	render_begin(&rep->r, b.p);
	render_heading(&rep->r, 1, b.p);
	buf_free(&b);
	add_words(rep, &b, "%s, days cut in %s.", dates, opt.c.tz.name);
	render_subtitle(&rep->r, b.p);
	buf_free(&b);
	free(dates);
}

/* Headline: this period, the last, the change, the mean of those before. */

static char *
change_cell(struct report *rep, uint64_t now, uint64_t before)
{
	int64_t d = (int64_t)now - (int64_t)before;

	if (d == 0)
		return words(rep, "0");
	if (before == 0)
		return words(rep, "%+" PRId64, d);
	return words(rep, "%+" PRId64 " (%+.0f%%)", d, 100.0 * (double)d / (double)before);
}

/* The mean over the MEAN_OF periods before p since the community began. */
static char *
mean_cell(struct report *rep, const struct community *c, size_t field)
{
	uint64_t sum = 0;
	size_t q, n = 0;

	for (q = rep->n - 1 - MEAN_OF; q < rep->n - 1; q++) {
		const uint64_t *v = &c->ps[q].events;

		if (rep->lo + (int64_t)q < c->first)
			continue;
		sum += v[field];
		n++;
	}
	if (n == 0)
		return words(rep, "-");
	return words(rep, "%.1f", (double)sum / (double)n);
}

static void
headline_row(struct report *rep, struct rtable *t, const struct community *c, const char *what,
    size_t field)
{
	uint64_t now = (&c->ps[rep->n - 1].events)[field];
	uint64_t before = (&c->ps[rep->n - 2].events)[field];

	rtable_row(t);
	rtable_cell(t, words(rep, "%s", what));
	rtable_cell(t, words(rep, "%" PRIu64, now));
	rtable_cell(t, words(rep, "%" PRIu64, before));
	rtable_cell(t, change_cell(rep, now, before));
	rtable_cell(t, mean_cell(rep, c, field));
}

static void
put_headline(struct report *rep, const struct community *c, int level)
{
	char b0[TIME_BUFSZ], b1[TIME_BUFSZ];
	const char *head[5];
	struct buf b = { 0 };
	struct rtable t;
	uint64_t ev[520];
	size_t q, k = (size_t)opt.nperiods;

	render_heading(&rep->r, level, "Headline");
	head[0] = "";
	head[1] = label(rep->p, b0);
	head[2] = label(rep->p - 1, b1);
	head[3] = "change";
	head[4] = MEAN_OF == 4 ? "mean of 4 before" : "mean";
	rtable_init(&t, 5, head, "lrrrr");
	headline_row(rep, &t, c, "Events", 0);
	headline_row(rep, &t, c, "Active members", 1);
	headline_row(rep, &t, c, "Newcomers", 2);
	headline_row(rep, &t, c, "Returning", 3);
	headline_row(rep, &t, c, "Departed", 4);
	render_table(&rep->r, &t);
	rtable_free(&t);
	if (rep->r.fmt == FMT_TEXT)
		out_char('\n');
	for (q = 0; q < k; q++)
		ev[q] = c->ps[rep->n - k + q].events;
	if (rep->r.fmt != FMT_HTML) {
		add_words(rep, &b, "Events over the last %zu %ss: ", k, unit_word());
		if (rep->r.fmt == FMT_MD)
			buf_adds(&b, "`");
		render_sparkline(&b, ev, k);
		if (rep->r.fmt == FMT_MD)
			buf_adds(&b, "`");
		render_para(&rep->r, b.p);
		buf_free(&b);
	}
}

/* Levels and the movement between them. */

static int
level_rank(enum level lv)
{
	return lv == LEVEL_NONE || lv == LEVEL_INACTIVE ? 0 : (int)lv - 1;
}

static const char *
level_word(enum level lv)
{
	return level_rank(lv) == 0 ? "outside" : level_name(lv);
}

/* The members of c whose movement is kind, sorted by name as shown. */
enum move { MOVE_IN, MOVE_OUT, MOVE_ARRIVED, MOVE_LEFT, NMOVES };

static int
move_of(const struct mstate *m)
{
	int a = level_rank(m->prev), b = level_rank(m->now);

	if (a == b)
		return -1;
	if (a == 0)
		return MOVE_ARRIVED;
	if (b == 0)
		return MOVE_LEFT;
	return b > a ? MOVE_IN : MOVE_OUT;
}

static struct report *sort_rep;	/* qsort has no context argument */

static int
cmp_shown(const void *pa, const void *pb)
{
	const struct mstate *a = *(struct mstate *const *)pa, *b = *(struct mstate *const *)pb;

	return strcmp(shown_name(sort_rep, a->k.member), shown_name(sort_rep, b->k.member));
}

/* Members of community c for whom keep() holds, sorted by name as shown. */
static struct mstate **
select_members(struct report *rep, const struct community *c,
    int (*keep)(const struct mstate *, const void *), const void *arg, size_t *n)
{
	struct mstate **v = xreallocarray(NULL, rep->members.n + 1, sizeof *v);
	size_t i;

	*n = 0;
	for (i = 0; i < rep->members.n; i++) {
		struct mstate *m = keymap_rec(&rep->members, i);

		if (m->k.community == c->id && keep(m, arg))
			v[(*n)++] = m;
	}
	sort_rep = rep;
	qsort(v, *n, sizeof *v, cmp_shown);
	return v;
}

static int
keep_move(const struct mstate *m, const void *arg)
{
	return move_of(m) == *(const int *)arg;
}

/* "Moved inward (2): ann (peripheral → active), bob (active → core)". */
static char *
move_item(struct report *rep, const struct community *c, int kind)
{
	static const char *const what[] = {
		"Moved inward", "Moved outward", "Arrived in the window",
		"Left the window"
	};
	struct buf b = { 0 };
	struct mstate **v;
	size_t n, i;

	v = select_members(rep, c, keep_move, &kind, &n);
	add_words(rep, &b, "%s (%zu)%s", what[kind], n, n ? ": " : ": nobody");
	for (i = 0; i < n && i < LIST_MAX; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		add_name(rep, &b, v[i]->k.member);
		if (kind == MOVE_IN || kind == MOVE_OUT)
			add_words(rep, &b, " (%s \xe2\x86\x92 %s)", level_word(v[i]->prev),
			    level_word(v[i]->now));
		else if (kind == MOVE_ARRIVED)
			add_words(rep, &b, " (%s)", level_word(v[i]->now));
	}
	if (n > LIST_MAX)
		add_words(rep, &b, " and %zu more", n - LIST_MAX);
	free(v);
	return buf_take(&b);
}

static const char *const state_names[] = { "outside", "peripheral", "active", "core" };
static const char *const state_colors[] = { "#afb8c1", "#9ecae1", "#4292c6", "#08519c" };

static void
put_flow(struct report *rep, const struct community *c)
{
	char b0[TIME_BUFSZ], b1[TIME_BUFSZ];
	struct flow f;
	size_t i;

	memset(&f, 0, sizeof f);
	f.nstates = 4;
	f.state = state_names;
	f.color = state_colors;
	f.before = label(rep->p - 1, b0);
	f.after = label(rep->p, b1);
	f.title = "Movement between levels";
	f.caption = "Members by level at the end of the last period (left) and this one "
	    "(right); outside: no event in the window.";
	for (i = 0; i < rep->members.n; i++) {
		const struct mstate *m = keymap_rec(&rep->members, i);

		if (m->k.community == c->id)
			f.m[level_rank(m->prev)][level_rank(m->now)]++;
	}
	f.m[0][0] = 0;
	render_flow(&rep->r, &f);
}

static void
put_levels(struct report *rep, const struct community *c, int level)
{
	const struct pstat *ps = &c->ps[rep->n - 1];
	char buf[TIME_BUFSZ], b0[TIME_BUFSZ], b1[TIME_BUFSZ];
	char *items[NMOVES];
	struct buf b = { 0 };
	int k;

	render_heading(&rep->r, level, "Levels of participation");
	add_words(rep, &b, "As of %s, over a window of %ld weeks: %" PRIu64 " core, %" PRIu64
	    " active, %" PRIu64 " peripheral (%" PRIu64 " members).",
	    week_label(rep->lw[rep->n - 1], buf), opt.lp.window, ps->level[0], ps->level[1],
	    ps->level[2], ps->level[0] + ps->level[1] + ps->level[2]);
	render_para(&rep->r, b.p);
	buf_free(&b);
	for (k = 0; k < NMOVES; k++)
		items[k] = move_item(rep, c, k);
	render_list(&rep->r, items, NMOVES);
	for (k = 0; k < NMOVES; k++)
		free(items[k]);
	if (rep->r.fmt == FMT_TEXT)
		out_char('\n');
	if (rep->r.fmt != FMT_HTML)
		put_para(rep, words(rep, "Members by level in %s (rows) and %s (columns):",
		    label(rep->p - 1, b0), label(rep->p, b1)));
	put_flow(rep, c);
}

/* Anchors at risk: core in the window, silent longer than their usual gap. */

static int
keep_at_risk(const struct mstate *m, const void *arg)
{
	int64_t now = *(const int64_t *)arg;

	return m->core_recent && level_rank(m->now) > 0 && m->gap > 0 &&
	    m->last_week != INT64_MIN && now - m->last_week > m->gap;
}

static void
put_anchors(struct report *rep, const struct community *c, int level)
{
	static const char *const head[] = {
		"member", "level now", "last active", "silent", "usual gap"
	};
	int64_t now = rep->lw[rep->n - 1];
	char buf[TIME_BUFSZ];
	struct mstate **v;
	struct rtable t;
	size_t n, i;

	render_heading(&rep->r, level, "Anchors at risk");
	v = select_members(rep, c, keep_at_risk, &now, &n);
	if (n == 0) {
		put_para(rep, words(rep, "None: every member who was core in the last %ld "
		    "weeks and is still in the window was active within their usual gap.",
		    opt.lp.window));
		free(v);
		return;
	}
	put_para(rep, words(rep, "Members who were core in the last %ld weeks, are still "
	    "in the window, and have been silent for longer than their usual gap between "
	    "active weeks:",
	    opt.lp.window));
	rtable_init(&t, 5, head, "llrrr");
	t.flex = 0;
	for (i = 0; i < n; i++) {
		rtable_row(&t);
		rtable_cell(&t, name_cell(rep, v[i]->k.member));
		rtable_cell(&t, words(rep, "%s", level_word(v[i]->now)));
		rtable_cell(&t, words(rep, "%s", week_label(v[i]->last_week, buf)));
		rtable_cell(&t, words(rep, "%" PRId64 " weeks", now - v[i]->last_week));
		rtable_cell(&t, words(rep, "%" PRId64 " %s", v[i]->gap,
		    plural((uint64_t)v[i]->gap, "week", "weeks")));
	}
	render_table(&rep->r, &t);
	rtable_free(&t);
	free(v);
}

/* Recognition: who carried the period. */

struct top {
	const char *what;
	uint64_t (*value)(const struct mstate *);
};

static uint64_t
by_replies(const struct mstate *m)
{
	return m->replies;
}

static uint64_t
by_welcomed(const struct mstate *m)
{
	return m->welcomed;
}

static uint64_t
by_led(const struct mstate *m)
{
	return m->led;
}

static int
keep_positive(const struct mstate *m, const void *arg)
{
	const struct top *t = arg;

	return t->value(m) > 0;
}

static const struct top *sort_top;	/* qsort has no context argument */

static int
cmp_top(const void *pa, const void *pb)
{
	const struct mstate *a = *(struct mstate *const *)pa, *b = *(struct mstate *const *)pb;
	uint64_t va = sort_top->value(a), vb = sort_top->value(b);

	if (va != vb)
		return va > vb ? -1 : 1;
	return cmp_shown(pa, pb);
}

/* "Most replies to others: ann 12 (to 5 members), bob 7 (to 3 members)". */
static char *
top_item(struct report *rep, const struct community *c, const struct top *t)
{
	struct buf b = { 0 };
	struct mstate **v;
	size_t n, i;

	v = select_members(rep, c, keep_positive, t, &n);
	sort_top = t;
	qsort(v, n, sizeof *v, cmp_top);
	add_words(rep, &b, "%s: ", t->what);
	if (n == 0)
		add_words(rep, &b, "nobody this %s", unit_word());
	for (i = 0; i < n && i < TOP_MAX; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		add_name(rep, &b, v[i]->k.member);
		add_words(rep, &b, " %" PRIu64, t->value(v[i]));
		if (t->value == by_replies)
			add_words(rep, &b, " (to %" PRIu64 " %s)", v[i]->partners,
			    plural(v[i]->partners, "member", "members"));
	}
	if (n > TOP_MAX)
		add_words(rep, &b, " and %zu more", n - TOP_MAX);
	free(v);
	return buf_take(&b);
}

static void
put_recognition(struct report *rep, const struct community *c, int level)
{
	static const struct top tops[] = {
		{ "Most replies to others", by_replies },
		{ "Newcomers welcomed (replies to members in their first two periods)", by_welcomed },
		{ "Sessions led (host, chair, present, ...)", by_led },
	};
	char *items[3];
	size_t k;

	render_heading(&rep->r, level, "Recognition");
	put_para(rep, words(rep, "The members who carried this %s. Thank them, and "
	    "say so where the community can see it.", unit_word()));
	for (k = 0; k < 3; k++)
		items[k] = top_item(rep, c, &tops[k]);
	render_list(&rep->r, items, 3);
	for (k = 0; k < 3; k++)
		free(items[k]);
}

/* Rhythm: activity and level composition over the range's last periods. */

static char **
range_labels(struct report *rep, size_t k)
{
	char **v = xreallocarray(NULL, k, sizeof *v), buf[TIME_BUFSZ];
	size_t q;

	for (q = 0; q < k; q++)
		v[q] = words(rep, "%s", label(rep->p - (int64_t)k + 1 + (int64_t)q, buf));
	return v;
}

static void
free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

static void
put_activity(struct report *rep, const struct community *c, char **labels, size_t k)
{
	uint64_t *events = xreallocarray(NULL, k, sizeof *events);
	char **notes = xreallocarray(NULL, k, sizeof *notes);
	struct chart ch;
	size_t q;

	for (q = 0; q < k; q++) {
		const struct pstat *ps = &c->ps[rep->n - k + q];

		events[q] = ps->events;
		notes[q] = words(rep, "%" PRIu64 " %s", ps->members,
		    plural(ps->members, "member", "members"));
	}
	memset(&ch, 0, sizeof ch);
	ch.title = words(rep, "Events per %s, the last %zu %ss", unit_word(), k, unit_word());
	ch.caption = words(rep, "Events per %s; the darker bar is the %s of this report.",
	    unit_word(), unit_word());
	ch.n = k;
	ch.highlight = k - 1;
	ch.label = labels;
	ch.value = events;
	ch.note = notes;
	if (rep->r.fmt != FMT_HTML)
		render_para(&rep->r, ch.title);
	render_bars(&rep->r, &ch);
	free((char *)ch.title);
	free((char *)ch.caption);
	free_strings(notes, k);
	free(events);
}

static void
put_composition(struct report *rep, const struct community *c, char **labels, size_t k)
{
	static const char *const layers[] = { "core", "active", "peripheral" };
	static const char *const glyphs[] = {
		"\xe2\x96\x88", "\xe2\x96\x93", "\xe2\x96\x91"
	};
	static const char *const colors[] = { "#08519c", "#4292c6", "#9ecae1" };
	uint64_t *v = xreallocarray(NULL, k * 3, sizeof *v);
	struct stack s;
	size_t q, l;

	for (q = 0; q < k; q++)
		for (l = 0; l < 3; l++)
			v[q * 3 + l] = c->ps[rep->n - k + q].level[l];
	memset(&s, 0, sizeof s);
	s.title = words(rep, "Members by level, the last %zu %ss", k, unit_word());
	s.caption = words(rep, "Members in the %ld-week window by level, as of the end of each %s.",
	    opt.lp.window, unit_word());
	s.n = k;
	s.nlayers = 3;
	s.label = labels;
	s.value = v;
	s.layer = layers;
	s.glyph = glyphs;
	s.color = colors;
	if (rep->r.fmt != FMT_HTML)
		render_para(&rep->r, s.title);
	render_stack(&rep->r, &s);
	free((char *)s.title);
	free((char *)s.caption);
	free(v);
}

/* "#data-guild: weekly since 2025-01-07, 2 beats missed, regularity 0.93". */
static void
put_venues(struct report *rep, const struct community *c)
{
	static const char *const head[] = {
		"venue", "events", "cadence", "since", "sessions", "missed", "regularity"
	};
	const struct rhythm_community *rc = c->rc;
	struct rtable t;
	size_t i, shown;
	char buf[TIME_BUFSZ];

	if (rc == NULL || rc->nvenues == 0)
		return;
	put_para(rep, words(rep, "Venues, the busiest first: their cadence since the "
	    "current one began, and the beats they missed:"));
	rtable_init(&t, 7, head, "lrllrrr");
	t.flex = 0;
	shown = rc->nvenues > VENUES_MAX ? VENUES_MAX : rc->nvenues;
	for (i = 0; i < shown; i++) {
		const struct rhythm_venue *v = &rc->venue[i];
		const struct strtab *vt = &rep->ev->venues;
		struct buf b = { 0 };

		rtable_row(&t);
		if (v->venue == STR_NONE)
			render_words(&rep->r, &b, "(none)");
		else
			render_data(&rep->r, &b, vt->str[v->venue], vt->len[v->venue]);
		rtable_cell(&t, buf_take(&b));
		rtable_cellf(&t, "%" PRIu64, v->events);
		rtable_cell(&t, words(rep, "%s", cadence_name(v->cadence)));
		day_format(v->since, buf);
		rtable_cell(&t, words(rep, "%s", buf));
		rtable_cellf(&t, "%" PRIu64, v->sessions);
		rtable_cellf(&t, "%" PRIu64, v->missed);
		rtable_cellf(&t, "%.2f", v->regularity);
	}
	render_table(&rep->r, &t);
	rtable_free(&t);
	if (rc->nvenues > shown)
		put_note(rep, words(rep, "And %zu more venues (cop-rhythm -c lists them all).",
		    rc->nvenues - shown));
}

/* "Stage maturing, trend growing: 412 events in the last 8 weeks, 12% more..." */
static void
put_lifecycle(struct report *rep, const struct community *c)
{
	const struct rhythm_life *l;
	struct buf b = { 0 };

	if (c->rc == NULL)
		return;
	l = &c->rc->life;
	add_words(rep, &b, "Lifecycle: ");
	render_strong(&rep->r, &b, stage_name(l->stage));
	add_words(rep, &b, ", trend ");
	render_strong(&rep->r, &b, trend_name(l->trend));
	if (l->compared == 0)	/* one period: nothing to compare it with */
		add_words(rep, &b, ": too young for a trend");
	else
		add_words(rep, &b, ": %" PRIu64 " events by %" PRIu64 " members in the last %"
		    PRId64 " %ss against %" PRIu64 " by %" PRIu64 " in the %" PRId64 " before",
		    l->recent_events, l->recent_members, l->compared, unit_word(),
		    l->earlier_events, l->earlier_members, l->compared);
	if (l->has_change)
		add_words(rep, &b, " (%+.0f%%)", 100 * l->change);
	add_words(rep, &b, "; %" PRIu64 " of %" PRId64 " %ss active since the first.",
	    (uint64_t)l->active_periods, l->age, unit_word());
	render_para(&rep->r, b.p);
	buf_free(&b);
}

static void
put_rhythm(struct report *rep, const struct community *c, int level)
{
	size_t k = (size_t)opt.nperiods;
	char **labels = range_labels(rep, k);

	render_heading(&rep->r, level, "Rhythm");
	put_lifecycle(rep, c);
	if (rep->r.fmt == FMT_TEXT && c->rc != NULL)
		out_char('\n');
	put_activity(rep, c, labels, k);
	if (rep->r.fmt == FMT_TEXT)
		out_char('\n');
	put_composition(rep, c, labels, k);
	if (rep->r.fmt == FMT_TEXT)
		out_char('\n');
	put_venues(rep, c);
	free_strings(labels, k);
}

/*
 * Evidence names members; under -a each name is replaced by its pseudonym.
 * A name counts where it stands as a whole (not inside a longer word), the
 * longest names first, so "ann" inside "anne" stays.
 */
static int
name_char(unsigned char ch)
{
	return ch >= 0x80 || (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= 'a' && ch <= 'z') || ch == '_' || ch == '.' || ch == '-' || ch == '@';
}

static int
cmp_length(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	size_t la = sort_rep->dir->names.len[a], lb = sort_rep->dir->names.len[b];

	if (la != lb)
		return la > lb ? -1 : 1;
	return (a > b) - (a < b);
}

static size_t
match_name(struct report *rep, const char *s, size_t at, size_t n, uint32_t *who)
{
	size_t i, len;

	if (at > 0 && name_char((unsigned char)s[at - 1]))
		return 0;
	for (i = 0; i < rep->dir->names.n; i++) {
		uint32_t m = rep->by_length[i];

		len = rep->dir->names.len[m];
		if (len == 0 || len > n - at || memcmp(s + at, rep->dir->names.str[m], len) != 0)
			continue;
		if (at + len < n && name_char((unsigned char)s[at + len]) &&
		    !(s[at + len] == '.' && (at + len + 1 == n || s[at + len + 1] == ' ')))
			continue;
		*who = m;
		return len;
	}
	return 0;
}

static void
add_evidence(struct report *rep, struct buf *b, const char *s)
{
	size_t n = strlen(s), i, start = 0, len;
	uint32_t who;

	if (!opt.pseudonymize) {
		render_data(&rep->r, b, s, n);
		return;
	}
	if (rep->by_length == NULL) {
		rep->by_length = xreallocarray(NULL, rep->dir->names.n + 1, sizeof *rep->by_length);
		for (i = 0; i < rep->dir->names.n; i++)
			rep->by_length[i] = (uint32_t)i;
		sort_rep = rep;
		qsort(rep->by_length, rep->dir->names.n, sizeof *rep->by_length, cmp_length);
	}
	for (i = 0; i < n; i++) {
		if ((len = match_name(rep, s, i, n, &who)) == 0)
			continue;
		render_data(&rep->r, b, s + start, i - start);
		add_name(rep, b, who);
		i += len - 1;
		start = i + 1;
	}
	render_data(&rep->r, b, s + start, n - start);
}

/* Patterns: present first (failures before successes), absent, unknown. */
static char *
pattern_item(struct report *rep, const struct pattern_result *pr, enum pattern pat)
{
	struct buf b = { 0 }, name = { 0 };

	render_words(&rep->r, &name, pattern_name(pat));
	if (rep->r.fmt == FMT_HTML && pr->verdict == VERDICT_PRESENT)
		render_mark(&rep->r, &b, strcmp(pattern_polarity(pat), "failure") == 0 ? "fail" :
		    "ok", name.p);
	else
		render_strong(&rep->r, &b, name.p);
	buf_free(&name);
	if (pr->verdict == VERDICT_PRESENT)
		add_words(rep, &b, " (%s, strength %.2f): ", pattern_polarity(pat), pr->strength);
	else
		add_words(rep, &b, ": ");
	add_evidence(rep, &b, pr->evidence ? pr->evidence : "");
	if (b.n > 0 && b.p[b.n - 1] != '.')
		buf_adds(&b, ".");
	if (pr->verdict == VERDICT_PRESENT && pr->advice != NULL) {
		buf_adds(&b, " ");
		render_strong(&rep->r, &b, "What to do:");
		add_words(rep, &b, " %s", pr->advice);
	}
	return buf_take(&b);
}

static void
put_pattern_list(struct report *rep, const struct pattern_set *set, enum pattern_verdict v,
    const char *title)
{
	char *items[PAT_COUNT];
	size_t n = 0, i;
	int pat;

	for (pat = 0; pat < PAT_COUNT; pat++)
		if (set->pattern[pat].verdict == v)
			items[n++] = pattern_item(rep, &set->pattern[pat], (enum pattern)pat);
	if (n == 0)
		return;
	if (rep->r.fmt == FMT_TEXT && v == VERDICT_UNKNOWN)
		out_char('\n');
	put_para(rep, words(rep, "%s", title));
	render_list(&rep->r, items, n);
	for (i = 0; i < n; i++)
		free(items[i]);
	if (rep->r.fmt == FMT_TEXT && v == VERDICT_PRESENT)
		out_char('\n');
}

/* The absent patterns in one line: names only, the evidence is in cop-patterns -s. */
static void
put_absent(struct report *rep, const struct pattern_set *set)
{
	struct buf b = { 0 };
	int pat, n = 0;

	add_words(rep, &b, "Absent: ");
	for (pat = 0; pat < PAT_COUNT; pat++)
		if (set->pattern[pat].verdict == VERDICT_ABSENT)
			add_words(rep, &b, "%s%s", n++ ? ", " : "", pattern_name((enum pattern)pat));
	add_words(rep, &b, ".");
	if (n > 0)
		render_para(&rep->r, b.p);
	buf_free(&b);
}

static void
put_patterns(struct report *rep, const struct community *c, int level)
{
	const struct pattern_set *set = c->pat;

	render_heading(&rep->r, level, "Patterns");
	if (set == NULL) {
		put_para(rep, words(rep, "No events to judge the patterns on."));
		return;
	}
	put_pattern_list(rep, set, VERDICT_PRESENT, "Present, failures first:");
	put_absent(rep, set);
	put_pattern_list(rep, set, VERDICT_UNKNOWN, "Unknown, and what would settle them:");
}

static void
put_factors(struct report *rep, const struct community *c, int level)
{
	const struct pattern_set *set = c->pat;
	char *items[FACTOR_COUNT];
	int f;

	render_heading(&rep->r, level, "Critical success factors");
	if (set == NULL) {
		put_para(rep, words(rep, "No events to check the factors on."));
		return;
	}
	for (f = 0; f < FACTOR_COUNT; f++) {
		const struct factor_result *fr = &set->factor[f];
		struct buf b = { 0 }, mark = { 0 };

		if (rep->r.fmt == FMT_HTML)
			render_mark(&rep->r, &b, fr->status == FACTOR_OK ? "ok" :
			    fr->status == FACTOR_WEAK ? "fail" : "unk", fr->status == FACTOR_OK ?
			    "\xe2\x9c\x93" : fr->status == FACTOR_WEAK ? "\xe2\x9c\x97" : "?");
		else
			render_mark(&rep->r, &b, "", fr->status == FACTOR_OK ? "x" :
			    fr->status == FACTOR_WEAK ? " " : "?");
		render_words(&rep->r, &mark, factor_name((enum factor)f));
		buf_adds(&b, " ");
		render_strong(&rep->r, &b, mark.p);
		buf_free(&mark);
		add_words(rep, &b, " (%s): ", factor_status_name(fr->status));
		add_evidence(rep, &b, fr->evidence ? fr->evidence : "");
		items[f] = buf_take(&b);
	}
	render_list(&rep->r, items, FACTOR_COUNT);
	for (f = 0; f < FACTOR_COUNT; f++)
		free(items[f]);
}

static void
put_community(struct report *rep, const struct community *c)
{
	int level = rep->multi ? 3 : 2;

	if (rep->multi) {
		struct buf b = { 0 };

		add_community(rep, &b, c->id);
		render_heading(&rep->r, 2, b.p);
		buf_free(&b);
	}
	put_headline(rep, c, level);
	put_levels(rep, c, level);
	put_anchors(rep, c, level);
	put_recognition(rep, c, level);
	put_rhythm(rep, c, level);
	put_patterns(rep, c, level);
	put_factors(rep, c, level);
}

/* The failure patterns present, by name, or "none". */
static char *
failures_cell(struct report *rep, const struct community *c)
{
	struct buf b = { 0 };
	int pat, n = 0;

	for (pat = 0; pat < PAT_COUNT; pat++)
		if (c->pat != NULL && c->pat->pattern[pat].verdict == VERDICT_PRESENT &&
		    strcmp(pattern_polarity((enum pattern)pat), "failure") == 0)
			add_words(rep, &b, "%s%s", n++ ? ", " : "", pattern_name((enum pattern)pat));
	if (n == 0)
		add_words(rep, &b, "none");
	return buf_take(&b);
}

/* The portfolio: one row per community, before their sections. */
static void
put_portfolio(struct report *rep)
{
	static const char *const head[] = {
		"community", "events", "change", "members", "trend", "stage", "failures"
	};
	struct rtable t;
	size_t i;

	render_heading(&rep->r, 2, "Portfolio");
	rtable_init(&t, 7, head, "lrrrlll");
	t.flex = 6;
	t.flex2 = 0;
	for (i = 0; i < rep->ncomm; i++) {
		const struct community *c = &rep->comm[i];
		const struct pstat *now = &c->ps[rep->n - 1], *before = &c->ps[rep->n - 2];
		struct buf b = { 0 };

		rtable_row(&t);
		add_community(rep, &b, c->id);
		rtable_cell(&t, buf_take(&b));
		rtable_cell(&t, words(rep, "%" PRIu64, now->events));
		rtable_cell(&t, change_cell(rep, now->events, before->events));
		rtable_cell(&t, words(rep, "%" PRIu64, now->members));
		rtable_cell(&t, words(rep, "%s", c->rc ? trend_name(c->rc->life.trend) : "-"));
		rtable_cell(&t, words(rep, "%s", c->rc ? stage_name(c->rc->life.stage) : "-"));
		rtable_cell(&t, failures_cell(rep, c));
	}
	render_table(&rep->r, &t);
	rtable_free(&t);
}

static void
put_footer(struct report *rep)
{
	const struct events *ev = rep->ev;
	char b0[TIME_BUFSZ], b1[TIME_BUFSZ];
	struct buf b = { 0 };

	if (rep->r.fmt == FMT_TEXT)
		out_str("\n--\n");
	else if (rep->r.fmt == FMT_MD)
		out_str("---\n\n");
	else
		out_str("<footer>");
	add_words(rep, &b, "Made by cop-report %s", VERSION);
	if (opt.has_generated) {
		day_format(opt.generated / 86400, b0);
		add_words(rep, &b, " on %s", b0);
	}
	add_words(rep, &b, " from %" PRIu64 " %s", rep->counted,
	    plural(rep->counted, "event", "events"));
	if (rep->pa->mp.n > 0) {
		day_format(tz_day(&opt.c.tz, rep->pa->first), b0);
		day_format(tz_day(&opt.c.tz, rep->pa->last), b1);
		add_words(rep, &b, " (%s to %s)", b0, b1);
	}
	if (rep->later > 0)
		add_words(rep, &b, "; %" PRIu64 " later %s left out", rep->later,
		    plural(rep->later, "event", "events"));
	if (ev->bot_rows > 0)
		add_words(rep, &b, "; %" PRIu64 " %s by %zu %s left out", ev->bot_rows,
		    plural(ev->bot_rows, "row", "rows"), ev->nbots, plural(ev->nbots, "bot", "bots"));
	add_words(rep, &b, ". Levels over a %ld-week window; cop-report(1) says which "
	    "table of the earlier stages each figure comes from.", opt.lp.window);
	if (rep->r.fmt == FMT_HTML)
		out_printf("%s</footer>\n", b.p);
	else
		render_para(&rep->r, b.p);
	buf_free(&b);
}

static void
put_report(struct report *rep)
{
	size_t i;

	put_title(rep);
	if (rep->multi)
		put_portfolio(rep);
	for (i = 0; i < rep->ncomm; i++)
		put_community(rep, &rep->comm[i]);
	put_footer(rep);
	render_end(&rep->r);
}

/* No events and no -p: there is no period to report on. */
static void
put_empty(struct report *rep)
{
	char *title = words(rep, "Community report");

	render_begin(&rep->r, title);
	render_heading(&rep->r, 1, title);
	put_para(rep, words(rep, "No events in the input: nothing to report."));
	put_footer(rep);
	render_end(&rep->r);
	free(title);
}

static void
report_free(struct report *rep)
{
	size_t i;

	for (i = 0; i < rep->ncomm; i++)
		free(rep->comm[i].ps);
	free(rep->comm);
	free(rep->comm_of);
	free(rep->lw);
	free_strings(rep->shown, rep->nshown);
	keymap_free(&rep->members);
	keymap_free(&rep->edges);
	if (rep->have_rhythm)
		rhythm_free(&rep->rhythm);
	rhythm_days_free(&rep->days);
	patterns_free(&rep->patterns);
	patterns_params_free(&rep->pp);
	free(rep->by_length);
	agg_free(&rep->weeks);
	agg_free(&rep->months);
	tsv_saved_free(&rep->aside);
}

static void
setup_render(struct render *r)
{
	const char *term = getenv("TERM");

	r->fmt = opt.fmt;
	r->width = 80;
	r->color = opt.fmt == FMT_TEXT && opt.output == NULL && isatty(1) &&
	    getenv("NO_COLOR") == NULL && !(term && strcmp(term, "dumb") == 0);
}

int
main(int argc, char **argv)
{
	struct members dir;
	struct events ev;
	struct report rep;
	int have;

	progname = "cop-report";
	parse_options(argc, argv);
	memset(&rep, 0, sizeof rep);
	setup_render(&rep.r);
	members_init(&dir);
	if (opt.c.members)
		members_load(&dir, opt.c.members, &opt.c.tz);
	if (opt.output != NULL && strcmp(opt.output, "-") != 0)
		output_open(opt.output);
	rep.ev = &ev;
	rep.dir = &dir;
	have = events_open(&ev, argv + optind, (size_t)(argc - optind), !opt.has_period, &opt.c,
	    &dir);
	if (read_events(&rep, have)) {
		compute(&rep);
		put_report(&rep);
	} else
		put_empty(&rep);
	if (opt.out_fd >= 0)
		output_commit(opt.output);
	events_close(&ev);
	report_free(&rep);
	members_free(&dir);
	weights_free(&opt.weights);
	common_free(&opt.c);
	out_close();
	return 0;
}
