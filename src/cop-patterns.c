/*
 * cop-patterns: the ten success and failure patterns of a community of
 * practice. Reads the event stream of cop-events(5) and appends `signal`:
 * the present patterns each event is evidence for; with -s prints one row
 * per pattern (polarity, verdict, strength, evidence, advice), with -F one
 * row per critical success factor. The library (patterns.c) does the
 * judging; cop-patterns(1) defines every pattern and threshold.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

static struct options {
	struct common c;
	struct pattern_params pp;
	struct weights weights;
	int summary, factors;
	char *rollup;		/* -R: verdicts from this rollup, signals on the shards */
} opt;

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp,
"usage: cop-patterns [-Fks] [-S FILE] [-t NAME=VALUE] [-g GRAIN] [-w PERIODS]\n"
"                    [-W ACTION=WEIGHT] [-R ROLLUP] [-M FILE] [-f NAME=COL]\n"
"                    [-B TIME] [-E TIME] [-z ZONE] [FILE ...]\n"
"Append `signal`, the success and failure patterns each event is evidence for;\n"
"with -s print one row per pattern, with -F one row per success factor.\n"
"\n"
"  -s, --summary        one row per pattern: verdict, strength, evidence, advice\n"
"  -F, --factors        one row per critical success factor\n"
"  -S, --strategic FILE strategic venues or keywords, one per line (fast-lane)\n"
"  -t, --threshold NAME=VALUE  set a threshold (below)\n"
"  -g, --grain GRAIN    periods: day, week (default) or month\n"
"  -w, --window PERIODS trailing window of the levels (default 12)\n"
"  -W, --weight ACTION=WEIGHT  weigh ACTION so (default: cop-events(5))\n"
"  -R, --rollup ROLLUP  verdicts from ROLLUP (cop-rollup(1)); label the FILEs' rows\n"
COMMON_USAGE
"\n"
"Thresholds (-t NAME=VALUE), with their defaults:\n");
	for (i = 0; i < T_COUNT; i++) {
		const struct threshold_info *ti = threshold_info((enum threshold)i);

		fprintf(fp, "  %-28s %-5g %s\n", ti->name, ti->value, ti->what);
	}
}

static void
parse_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "summary", no_argument, NULL, 's' },
		{ "factors", no_argument, NULL, 'F' },
		{ "strategic", required_argument, NULL, 'S' },
		{ "threshold", required_argument, NULL, 't' },
		{ "grain", required_argument, NULL, 'g' },
		{ "window", required_argument, NULL, 'w' },
		{ "weight", required_argument, NULL, 'W' },
		{ "rollup", required_argument, NULL, 'R' },
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	const char *strategic = NULL;
	int ch;

	common_init(&opt.c);
	patterns_defaults(&opt.pp);
	while ((ch = getopt_long(argc, argv, "sFS:t:g:w:W:R:" COMMON_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (common_option(&opt.c, ch, optarg))
			continue;
		switch (ch) {
		case 's':
			opt.summary = 1;
			break;
		case 'F':
			opt.factors = 1;
			break;
		case 'S':
			strategic = optarg;
			break;
		case 't':
			patterns_set_threshold(&opt.pp, optarg);
			break;
		case 'g':
			if (grain_parse(optarg, &opt.pp.grain) != 0)
				die_usage("-g: \"%s\" is not day, week or month", optarg);
			opt.pp.grain_given = 1;
			break;
		case 'w':
			opt.pp.lp.window = parse_count("-w", optarg, 1, 5200);
			break;
		case 'W':
			weights_set(&opt.weights, optarg);
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
	if (opt.summary && opt.factors)
		die_usage("-s and -F print different tables: give one");
	if (opt.rollup != NULL && (opt.summary || opt.factors))
		die_usage("-R labels the rows of shards; for -%c give the rollup as the FILE",
		    opt.summary ? 's' : 'F');
	if (opt.pp.t[T_BAND_MAX] < opt.pp.t[T_BAND_MIN])
		die_usage("-t band-of-brothers.max=%g is below band-of-brothers.min=%g",
		    opt.pp.t[T_BAND_MAX], opt.pp.t[T_BAND_MIN]);
	common_finish(&opt.c);
	if (strategic != NULL)
		patterns_load_strategic(&opt.pp, strategic);
}

/* Pass one: every row into the library's tables, and its note if asked. */
static void
aggregate(struct events *ev, struct patterns *p)
{
	struct row_note *n;
	struct event e;
	int64_t period;

	patterns_init(p, &opt.pp, ev, &opt.weights);
	patterns_expect_last(p, ev);
	while (events_next(ev, &e)) {
		if (!patterns_add(p, ev, &e, &period))
			continue;	/* a bad row under -k: NOTE_SKIP */
		n = events_note(ev);
		n->state = e.excluded ? NOTE_PASS : NOTE_ROW;
		n->period = e.excluded ? 0 : (int32_t)period;	/* periods are 32-bit in the tables */
		n->community = e.community;
		n->member = e.member;
		n->reply_to = e.reply_to;
		n->kind = (uint8_t)e.kind;
	}
	patterns_finish(p, ev);
}

static void
put_community(const struct events *ev, const struct pattern_set *set, int with_community)
{
	if (!with_community)
		return;
	out_str(events_name(&ev->communities, set->community));
	out_char('\t');
}

static void
print_patterns(const struct events *ev, const struct patterns *p, int with_community)
{
	size_t i, j;

	out_str(with_community ? "community\t" : "");
	out_str("pattern\tpolarity\tverdict\tstrength\tevidence\tadvice\n");
	for (i = 0; i < p->nset; i++)
		for (j = 0; j < PAT_COUNT; j++) {
			const struct pattern_result *r = &p->set[i].pattern[j];

			put_community(ev, &p->set[i], with_community);
			out_printf("%s\t%s\t%s\t", pattern_name((enum pattern)j),
			    pattern_polarity((enum pattern)j), verdict_name(r->verdict));
			if (r->verdict == VERDICT_UNKNOWN)
				out_char('-');
			else
				out_printf("%.3f", r->strength);
			out_char('\t');
			out_str(r->evidence);
			out_char('\t');
			out_str(r->advice ? r->advice : "-");
			out_char('\n');
		}
}

static void
print_factors(const struct events *ev, const struct patterns *p, int with_community)
{
	size_t i, j;

	out_str(with_community ? "community\t" : "");
	out_str("factor\tstatus\tevidence\n");
	for (i = 0; i < p->nset; i++)
		for (j = 0; j < FACTOR_COUNT; j++) {
			const struct factor_result *r = &p->set[i].factor[j];

			put_community(ev, &p->set[i], with_community);
			out_printf("%s\t%s\t", factor_name((enum factor)j),
			    factor_status_name(r->status));
			out_str(r->evidence);
			out_char('\n');
		}
}

/* The current row with its signal: the patterns in mask, or "-". */
static void
put_signal(const struct events *ev, unsigned mask)
{
	const char *sep = "\t";
	int pat;

	tsv_put_line(&ev->in);
	if (mask == 0)
		out_write("\t-", 2);	/* most rows */
	for (pat = 0; mask != 0; pat++, mask >>= 1)
		if (mask & 1) {
			out_str(sep);
			out_str(pattern_name((enum pattern)pat));
			sep = ",";
		}
	tsv_put_end(&ev->in);
}

/*
 * Pass two from pass one's notes: a bot's row passes through with "-",
 * a counted row takes its signal from its note; only where a present
 * pattern needs more of a row than its note (patterns_signal_noted) is
 * the row parsed again.
 */
static void
label_noted(struct events *ev, struct patterns *p)
{
	struct row_note n;
	struct event e;
	unsigned mask;

	while (events_next_noted(ev, &n))
		if (n.state == NOTE_PASS)
			put_signal(ev, 0);
		else if (patterns_signal_noted(p, &n, &mask))
			put_signal(ev, mask);
		else if (events_parse_noted(ev, &e) && patterns_signal(p, ev, &e, &mask))
			put_signal(ev, mask);
}

/* Stream mode, pass two: each row with its signal. */
static void
label_rows(struct events *ev, struct patterns *p)
{
	struct event e;
	unsigned mask;

	events_need_rows(ev);
	tsv_put_header(&ev->in);
	out_str("\tsignal");
	tsv_put_header_end(&ev->in);
	if (opt.rollup == NULL)
		events_rewind(ev);
	/*
	 * Most rows fall before the span the signals look at: their action,
	 * venue and reply_to are looked up only when patterns_signal needs them.
	 */
	ev->need = 0;
	if (events_notes_ready(ev))
		label_noted(ev, p);
	else
		while (events_next(ev, &e))
			if (patterns_signal(p, ev, &e, &mask))
				put_signal(ev, mask);
}

/* -R: the verdicts of the rollup (every shard's), then this shard's signals. */
static void
label_shard(struct events *ev, struct members *dir, char **files, size_t nfiles)
{
	struct patterns p;

	events_open_rollup(ev, opt.rollup, &opt.c, dir);
	aggregate(ev, &p);
	if (events_reopen(ev, files, nfiles, 0)) {
		if (events_extra_column(ev, "signal") >= 0)
			events_pass_through(ev);
		else
			label_rows(ev, &p);
	}
	patterns_free(&p);
}

int
main(int argc, char **argv)
{
	struct members dir;
	struct events ev;
	struct patterns p;
	int tables, have;

	progname = "cop-patterns";
	parse_options(argc, argv);
	tables = opt.summary || opt.factors;
	members_init(&dir);
	if (opt.c.members)
		members_load(&dir, opt.c.members, &opt.c.tz);
	have = opt.rollup == NULL && events_open(&ev, argv + optind, (size_t)(argc - optind),
	    !tables, &opt.c, &dir);
	if (opt.rollup != NULL)
		label_shard(&ev, &dir, argv + optind, (size_t)(argc - optind));
	else if (!tables && !have)
		;
	else if (!tables && events_extra_column(&ev, "signal") >= 0)
		events_pass_through(&ev);
	else {
		int with_community = have && ev.col[COL_COMMUNITY] >= 0;

		if (!tables)
			events_take_notes(&ev);
		aggregate(&ev, &p);
		if (opt.summary)
			print_patterns(&ev, &p, with_community);
		else if (opt.factors)
			print_factors(&ev, &p, with_community);
		else
			label_rows(&ev, &p);
		patterns_free(&p);
	}
	events_close(&ev);
	members_free(&dir);
	patterns_params_free(&opt.pp);
	weights_free(&opt.weights);
	common_free(&opt.c);
	out_close();
	return 0;
}
