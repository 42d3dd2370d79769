/*
 * patterns.c: the ten success and failure patterns of communities of
 * practice and the critical success factors, as cop-patterns(1) defines
 * them. A program feeds every event to patterns_add (one pass), calls
 * patterns_finish, and then reads one struct pattern_set per community
 * (verdict, strength, evidence and advice for each pattern; status and
 * evidence for each factor) and, in a second pass, asks patterns_signal
 * which present patterns an event is evidence for. Nothing is printed
 * here: cop-patterns and cop-report render the tables.
 *
 * Everything is computed from tables that grow with members x periods
 * (the agg records, with our figures after them), pairs x periods (the
 * reply edges) and venues x days (rhythm.c's), never with events, so a
 * rollup can feed the same computation.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

/* The thresholds, their defaults and ranges: cop-patterns(1) explains each. */
static const struct threshold_info thresholds[T_COUNT] = {
	{ "span", 26, 1, 5200, 1, "periods judged, ending with the last" },
	{ "gap", 8, 1, 5200, 1, "silent periods that make a member gone" },
	{ "compare", 12, 2, 5200, 1, "periods compared before and after a change" },
	{ "big-boys-club.share", 0.5, 0, 1, 0,
	    "management's share of contributions, at least" },
	{ "big-boys-club.engagement", 0.25, 0, 1000, 0,
	    "members' replies per management contribution, at most" },
	{ "solopreneur.share", 0.4, 0, 1, 0, "the lead's share of contributions, at least" },
	{ "solopreneur.ratio", 3, 1, 1000, 0, "the lead's contributions over the next member's" },
	{ "solopreneur.hosting", 0.8, 0, 1, 0, "the lead's share of hosting, at least" },
	{ "passionless-glow.voluntary", 0.3, 0, 1, 0,
	    "voluntary share of activity, at most" },
	{ "passionless-glow.attendance", 1.1, 0, 1000, 0,
	    "attendance per session, later over earlier, at most" },
	{ "passionless-glow.regularity", 0.6, 0, 1, 0,
	    "a scheduled venue's regularity, at least" },
	{ "dropped-anchor.presence", 0.5, 0, 1, 0,
	    "share of the active periods before leaving an anchor was in" },
	{ "dropped-anchor.fall", 0.3, 0, 1, 0, "fall in events after a departure, at least" },
	{ "big-brother-conflict.fall", 0.5, 0, 1, 0,
	    "fall in events after an intervention, at least" },
	{ "band-of-brothers.min", 3, 2, 1000, 1, "members in the core, at least" },
	{ "band-of-brothers.max", 8, 2, 1000, 1, "members of the core compared, at most" },
	{ "band-of-brothers.pair", 2, 1, 1e9, 1, "replies that link a pair, at least" },
	{ "band-of-brothers.density", 0.5, 0, 1, 0, "share of linked pairs, at least" },
	{ "band-of-brothers.star", 0.6, 0, 1, 0,
	    "the most answered member's share, at most" },
	{ "diversity-rules.units", 3, 1, 1e6, 1, "units, at least" },
	{ "diversity-rules.dominance", 0.5, 0, 1, 0, "the largest unit's share, at most" },
	{ "diversity-rules.tenure", 0.2, 0, 0.5, 0,
	    "newcomers' and old hands' shares, each at least" },
	{ "diversity-rules.coverage", 0.5, 0, 1, 0,
	    "share of members with a unit needed for a verdict" },
	{ "musical-chairs.hosts", 3, 1, 1e6, 1, "different hosts, at least" },
	{ "musical-chairs.top", 0.5, 0, 1, 0, "the busiest host's share, at most" },
	{ "fast-lane.share", 0.2, 0, 1, 0, "strategic share of contributions, at least" },
	{ "fast-lane.presence", 0.25, 0, 1, 0,
	    "share of active periods with a sponsor, at least" },
	{ "fast-lane.dominance", 0.25, 0, 1, 0, "sponsors' share of contributions, at most" },
	{ "circle-of-life.newcomers", 0.2, 0, 1, 0,
	    "newcomers' share of active members, at least" },
	{ "circle-of-life.return", 0.3, 0, 1, 0, "share of newcomers who came back, at least" },
	{ "circle-of-life.wait", 4, 1, 5200, 1, "periods a newcomer is given to come back" },
	{ "circle-of-life.growth", 1.1, 0, 1000, 0,
	    "events per period, later half over earlier, at least" },
	{ "core-group.size", 3, 1, 1e6, 1, "regular core members, at least" },
	{ "core-group.regularity", 0.25, 0, 1, 0,
	    "share of the active periods a regular core is core in" },
	{ "coordinator.presence", 0.5, 0, 1, 0,
	    "share of active periods with the coordinator" },
	{ "experts.presence", 0.25, 0, 1, 0, "share of active periods with an expert" },
};

static const char *const names[PAT_COUNT] = {
	"big-boys-club", "solopreneur", "passionless-glow", "dropped-anchor",
	"big-brother-conflict", "band-of-brothers", "diversity-rules", "musical-chairs",
	"fast-lane", "circle-of-life"
};

/*
 * What a coordinator can do when a pattern is present: our own words,
 * after Wenger, McDermott and Snyder (2002), Wenger-Trayner's success and
 * failure factors, and Mehdiratta's CoP success and failure patterns.
 */
static const char *const advice[PAT_COUNT] = {
	"Let members own the agenda: ask practitioners to bring their own cases and "
	"questions, have managers listen and answer rather than present, and move "
	"sponsors to the edge of the conversation.",
	"Share the lead: invite others to host sessions and start threads, build a "
	"core group of three to five around the lead, and recognise their work in "
	"public.",
	"Rekindle the passion: ask members which problems of practice they want to "
	"work on, seed discussion between meetings, and drop events that run only "
	"because they are scheduled.",
	"Renew the core: talk to the members who left, ask the remaining active "
	"members to take over their roles, and make the path from active to core "
	"visible.",
	"Restore the community's autonomy: have the sponsor state support without "
	"steering the content, talk openly about the intervention, and let the "
	"core group set the next agenda.",
	"Keep the band open: protect what the core has built, but pair core members "
	"with newcomers and peripheral members so the circle does not close.",
	"Use the mix: let members from different units and tenures pair up on "
	"shared problems and spread practice across the organisation.",
	"Keep the chairs moving: publish a hosting rota, coach first-time hosts, "
	"and thank each host in public.",
	"Stay in the lane: report the strategic results to the sponsors regularly "
	"and keep them visible, while the members keep the agenda.",
	"Feed the circle: welcome each newcomer personally, pair them with an old "
	"hand, and make a first contribution easy.",
};

static const char *const factor_names[FACTOR_COUNT] = {
	"core-group", "coordinator", "experts", "rhythm", "sponsorship"
};

static const char *const senior_roles[] = { "manager", "executive", "sponsor", NULL };
static const char *const sponsor_roles[] = { "sponsor", "executive", NULL };
static const char *const posting_roles[] = { "manager", "executive", NULL };
static const char *const sponsor_only[] = { "sponsor", NULL };
static const char *const coordinator_roles[] = { "coordinator", NULL };
static const char *const expert_roles[] = { "expert", NULL };

const struct threshold_info *
threshold_info(enum threshold t)
{
	return &thresholds[t];
}

const char *
pattern_name(enum pattern pat)
{
	return names[pat];
}

const char *
pattern_polarity(enum pattern pat)
{
	return pat < PAT_BAND_OF_BROTHERS ? "failure" : "success";
}

const char *
verdict_name(enum pattern_verdict v)
{
	return v == VERDICT_PRESENT ? "present" : v == VERDICT_ABSENT ? "absent" : "unknown";
}

const char *
factor_name(enum factor f)
{
	return factor_names[f];
}

const char *
factor_status_name(enum factor_status s)
{
	return s == FACTOR_OK ? "ok" : s == FACTOR_WEAK ? "weak" : "unknown";
}

void
patterns_defaults(struct pattern_params *pp)
{
	size_t i;

	memset(pp, 0, sizeof *pp);
	for (i = 0; i < T_COUNT; i++)
		pp->t[i] = thresholds[i].value;
	levels_defaults(&pp->lp);
	pp->grain = GRAIN_WEEK;
}

/* -t NAME=VALUE: a bad name or value is a usage error naming what is allowed. */
void
patterns_set_threshold(struct pattern_params *pp, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t i, n;

	if (eq == NULL || eq == arg)
		die_usage("-t: \"%s\" is not NAME=VALUE", arg);
	n = (size_t)(eq - arg);
	for (i = 0; i < T_COUNT; i++) {
		if (strlen(thresholds[i].name) != n || strncmp(thresholds[i].name, arg, n) != 0)
			continue;
		if (thresholds[i].whole)
			pp->t[i] = (double)parse_count("-t", eq + 1, (long)thresholds[i].min,
			    (long)thresholds[i].max);
		else
			pp->t[i] = parse_number("-t", eq + 1, thresholds[i].min, thresholds[i].max);
		return;
	}
	die_usage("-t: no threshold \"%.*s\" (see cop-patterns --help)", (int)n, arg);
}

/* -S FILE: one venue or keyword per line; empty lines are skipped. */
void
patterns_load_strategic(struct pattern_params *pp, const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t len;

	if (fp == NULL)
		die("%s:", path);
	while ((len = getline(&line, &cap, fp)) != -1) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (len == 0)
			continue;
		if (memchr(line, '\0', (size_t)len) != NULL) {
			fclose(fp);	/* what getline holds is no x-allocation */
			free(line);
			die("%s: a line holds a NUL byte", path);
		}
		for (i = 0; i < (size_t)len; i++)
			if (line[i] >= 'A' && line[i] <= 'Z')
				line[i] = (char)(line[i] - 'A' + 'a');
		pp->strategic = xreallocarray(pp->strategic, pp->nstrategic + 1,
		    sizeof *pp->strategic);
		pp->strategic[pp->nstrategic++] = xmemdup(line, (size_t)len);
	}
	free(line);
	if (ferror(fp))
		die("%s: read error:", path);
	fclose(fp);
	pp->have_strategic = 1;
}

void
patterns_params_free(struct pattern_params *pp)
{
	size_t i;

	for (i = 0; i < pp->nstrategic; i++)
		free(pp->strategic[i]);
	free(pp->strategic);
}

/* Pass one: the tables. */

/*
 * An agg record with our own figures after it (agg_init_rec). Without -S
 * no share is strategic, and the records end before that figure: 8 bytes
 * of 88 a member and period, 9 MiB of the 10M-event bench file's peak.
 */
struct pm_rec {
	struct mp_rec base;
	int64_t contrib;		/* weighted contributions, thousandths */
	int64_t strategic;		/* of which in strategic venues or threads: -S only */
};

/* A venue of a community: the scheduled series of a present passionless glow. */
struct venue_key {
	uint32_t community, venue;
};

/* Contributions: the voluntary work of cop-patterns(1), weighted. */
static int
is_contribution(enum action_kind k)
{
	return k == ACT_DISCUSS || k == ACT_CONTENT || k == ACT_LEAD || k == ACT_OTHER;
}

void
patterns_init(struct patterns *p, const struct pattern_params *pp, struct events *ev,
    struct weights *w)
{
	memset(p, 0, sizeof *p);
	p->pp = pp;
	p->dir = ev->dir;
	agg_init_rec(&p->a, pp->grain, w, pp->have_strategic ? sizeof(struct pm_rec) :
	    offsetof(struct pm_rec, strategic));
	edges_init(&p->edges);
	p->edges_from = INT64_MAX;
	rhythm_days_init(&p->days);
	keymap_init(&p->scheduled, sizeof(struct venue_key), sizeof(struct venue_key));
	rollup_check_strategic(ev, pp);
	p->col_level = events_extra_column(ev, "level");
	p->col_period = events_extra_column(ev, "period");
	p->grain = pp->grain;
	p->grain_known = p->col_period < 0;
	p->last = INT64_MIN;
}

/*
 * A bad `level` or `period` value: fatal, or under -k skipped, and reported
 * and counted when report is set: by patterns_add, which reads each row
 * once a run, in whichever pass (cop-report's first pass reads times only).
 */
static int bad_value(struct events *ev, int report, const char *column, const char *fmt, ...)
    COP_PRINTF(4, 5);

static int
bad_value(struct events *ev, int report, const char *column, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!ev->opt->skip_bad)
		tsv_die(&ev->in, column, "%s", msg);
	if (report) {
		tsv_warn(&ev->in, column, "%s", msg);
		ev->bad++;
	}
	return 0;
}

/* The row's period: its `period` column's, else its day's. */
static int
row_period(struct patterns *p, struct events *ev, const struct event *e, int64_t *period,
    int report)
{
	struct period_memo *pm = &p->period_memo;
	const struct field *f;
	char buf[TIME_BUFSZ];
	enum grain g;

	if (p->col_period < 0) {
		*period = period_of_day(e->day, p->grain);
		return 1;
	}
	f = &ev->in.f[p->col_period];
	if (f->n == 0 || f->n >= sizeof buf)
		return bad_value(ev, report, "period", "cannot parse \"%s\"", quote_value(f->p, f->n));
	memcpy(buf, f->p, f->n);
	buf[f->n] = '\0';
	if (pm->n == f->n && bytes_equal(pm->text, buf, f->n)) {
		/* rows come in runs of a period: parse its label once a run */
		g = pm->grain;
		*period = pm->period;
	} else {
		if (period_parse(buf, &g, period) != 0)
			return bad_value(ev, report, "period", "cannot parse \"%s\"",
			    quote_value(f->p, f->n));
		memcpy(pm->text, buf, f->n + 1);
		pm->n = f->n;
		pm->grain = g;
		pm->period = *period;
	}
	if (!p->grain_known) {
		if (p->pp->grain_given && g != p->pp->grain)
			tsv_die(&ev->in, "period", "\"%s\" is a %s, but -g %s was given", buf,
			    grain_name(g), grain_name(p->pp->grain));
		p->grain = p->a.grain = g;
		p->grain_known = 1;
	} else if (g != p->grain)
		return bad_value(ev, report, "period", "\"%s\" is a %s where the rows before have %ss",
		    buf, grain_name(g), grain_name(p->grain));
	return 1;
}

/* The level a `level` value names (cop-classify's words); 0 if none. */
static int
level_word(const struct field *f, enum level *lv)
{
	static const char *const words[] = { "-", "inactive", "peripheral", "active", "core" };
	/* the words differ in length: a word's length tells which it can be */
	static const signed char by_len[] = { -1, 0, -1, -1, 4, -1, 3, -1, 1, -1, 2 };
	int i;

	if (f->n < sizeof by_len && (i = by_len[f->n]) >= 0 && bytes_equal(words[i], f->p, f->n)) {
		*lv = (enum level)i;
		return 1;
	}
	return 0;
}

/* The row's level from a `level` column (cop-classify's), LEVEL_NONE if none. */
static int
row_level(const struct patterns *p, struct events *ev, enum level *lv, int report)
{
	const struct field *f;

	*lv = LEVEL_NONE;
	if (p->col_level < 0)
		return 1;
	f = &ev->in.f[p->col_level];
	if (level_word(f, lv))
		return 1;
	return bad_value(ev, report, "level", "cannot parse \"%s\"", quote_value(f->p, f->n));
}

/*
 * Before pass one over a file: the period of its last row, when that row
 * will be counted, is one the figures reach at least, so no reply edge of
 * a period before the span that ends there need be kept. On a log in time
 * order (most are) that spares the edges of all but the last span: three
 * quarters of them for two years and a span of 26 weeks. Not with a
 * `period` column, whose grain its first row tells.
 */
void
patterns_expect_last(struct patterns *p, struct events *ev)
{
	const struct field *f;
	enum level lv;
	int64_t t;

	if (p->col_period >= 0 || !events_last_row(ev, &t, &f) ||
	    (p->col_level >= 0 && !level_word(&f[p->col_level], &lv)))
		return;
	edges_keep_from(&p->edges, period_of_day(tz_day(&ev->opt->tz, t), p->grain) -
	    (int64_t)p->pp->t[T_SPAN] + 1);
}

/* Whether needle (lower case) occurs in s, ignoring ASCII case. */
static int
contains(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle), i, j;

	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++) {
			char c = s[i + j];

			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != needle[j])
				break;
		}
		if (j == m)
			return 1;
	}
	return 0;
}

static int
matches_strategic(const struct pattern_params *pp, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < pp->nstrategic; i++)
		if (contains(s, n, pp->strategic[i]))
			return 1;
	return 0;
}

/* Strategic: a -S line occurs in the venue (looked up once per venue) or the thread. */
static int
is_strategic(struct patterns *p, struct events *ev, const struct event *e)
{
	const struct pattern_params *pp = p->pp;

	if (pp->nstrategic == 0)
		return 0;
	if (e->venue != STR_NONE) {
		if (e->venue >= p->nvenue_strategic) {
			size_t old = p->nvenue_strategic;

			xgrow(&p->venue_strategic, &p->nvenue_strategic, (size_t)e->venue + 1, 1);
			memset(p->venue_strategic + old, -1, p->nvenue_strategic - old);
		}
		if (p->venue_strategic[e->venue] < 0)
			p->venue_strategic[e->venue] = (signed char)matches_strategic(pp,
			    ev->venues.str[e->venue], ev->venues.len[e->venue]);
		if (p->venue_strategic[e->venue])
			return 1;
	}
	if (e->strategic >= 0)		/* a rollup's cell: matched when rolled up */
		return e->strategic;
	return matches_strategic(pp, e->thread, e->thread_len);
}

/* Whether a thread's text holds a -S line: cop-rollup -S keeps the answer. */
int
patterns_thread_strategic(const struct pattern_params *pp, const char *s, size_t n)
{
	return matches_strategic(pp, s, n);
}

/*
 * Count one event of pass one. Returns 0 for a row whose `level` or
 * `period` value is bad (under -k: reported and left out), 1 otherwise.
 * A bot's row is left out before its columns are read: the earlier
 * stages wrote "-" in them (cop-events(5)), which is no period.
 */
int
patterns_add(struct patterns *p, struct events *ev, const struct event *e, int64_t *counted_in)
{
	struct pm_rec *r;
	int64_t period;
	enum level lv;

	if (e->excluded)
		return 1;
	if (!row_period(p, ev, e, &period, 1) || !row_level(p, ev, &lv, 1))
		return 0;
	if (counted_in != NULL)
		*counted_in = period;
	r = (struct pm_rec *)agg_add_at(&p->a, ev, e, period);
	if (lv > (enum level)r->base.level)
		r->base.level = (uint8_t)lv;
	if (is_contribution(e->kind)) {
		int64_t w = weights_get(p->a.weights, &ev->actions, e->action) *
		    (int64_t)e->count;

		r->contrib += w;
		if (p->pp->have_strategic && is_strategic(p, ev, e))
			r->strategic += w;
	}
	if (period > p->last)
		p->last = period;
	rhythm_days_add(&p->days, e);
	/* Pairs count in the span only (comm_build): older edges need no room. */
	edges_keep_from(&p->edges, p->last - (int64_t)p->pp->t[T_SPAN] + 1);
	/* comm_build sums replies only: reactions need no edge either. */
	if (e->kind != ACT_REACT)
		edges_add(&p->edges, ev, e, period);
	return 1;
}

/* Evidence sentences are built in a struct buf. A name from the data: control bytes become spaces, so evidence stays one field. */
static void
sb_name(struct buf *sb, const struct members *dir, uint32_t id)
{
	const char *s = members_name(dir, id);
	size_t i, n = dir->names.len[id];

	buf_reserve(sb, n);
	for (i = 0; i < n; i++)
		sb->p[sb->n++] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
	sb->p[sb->n] = '\0';
}

/* A unit's name, as sb_name writes a member's. */
static void
sb_unit(struct buf *sb, const struct members *dir, uint32_t id)
{
	const char *s = dir->units.str[id];
	size_t i, n = dir->units.len[id];

	buf_reserve(sb, n);
	for (i = 0; i < n; i++)
		sb->p[sb->n++] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
	sb->p[sb->n] = '\0';
}

/* "A", "A and B", "A, B and C", "A, B, C, D, E and 3 others". */
static void
sb_names(struct buf *sb, const struct members *dir, const uint32_t *ids, size_t n)
{
	size_t i, shown = n > 6 ? 5 : n;

	for (i = 0; i < shown; i++) {
		if (i > 0)
			buf_printf(sb, i + 1 == n ? " and " : ", ");
		sb_name(sb, dir, ids[i]);
	}
	if (shown < n)
		buf_printf(sb, " and %zu other%s", n - shown, n - shown == 1 ? "" : "s");
}

static void
sb_period(struct buf *sb, enum grain g, int64_t period)
{
	char buf[TIME_BUFSZ];

	period_label(period, g, buf);
	buf_printf(sb, "%s", buf);
}

/* A weighted sum in thousandths: 12, 12.5, 12.25. */
static void
sb_score(struct buf *sb, int64_t v)
{
	int64_t whole = v / 1000, frac = v % 1000;

	if (frac < 0)
		frac = -frac;
	if (frac == 0)
		buf_printf(sb, "%lld", (long long)whole);
	else if (frac % 100 == 0)
		buf_printf(sb, "%lld.%lld", (long long)whole, (long long)(frac / 100));
	else if (frac % 10 == 0)
		buf_printf(sb, "%lld.%02lld", (long long)whole, (long long)(frac / 10));
	else
		buf_printf(sb, "%lld.%03lld", (long long)whole, (long long)frac);
}

static void
sb_percent(struct buf *sb, double share)
{
	buf_printf(sb, "%.0f%%", 100 * share);
}


/*
 * Degrees of a condition, combined into a strength (cop-patterns(1)): for
 * "x at least t", 0.5 x / t below t, then linear from 0.5 at t to 1 at
 * full; for "x at most t", one minus that.
 */
static double
at_least(double x, double t, double full)
{
	double d;

	if (x >= t)
		d = full > t ? 0.5 + 0.5 * (x - t) / (full - t) : 1;
	else
		d = 0.5 * x / t;
	return d < 0 ? 0 : d > 1 ? 1 : d;
}

static double
at_most(double x, double t, double full)
{
	return 1 - at_least(x, t, full);
}

static double
share(double part, double whole)
{
	return whole > 0 ? part / whole : 0;
}

/* Pass one done: one community at a time, from the tables to the verdicts. */

struct person_key {
	uint32_t community, member;
};
struct person {
	struct person_key k;
	int64_t first, last;		/* the first and last period active */
	int64_t start;			/* tenure: the earlier of joined and first */
	int64_t contrib, strategic;	/* in the span, thousandths */
	uint64_t events, hosting;	/* in the span */
	uint32_t periods, core_periods;	/* periods of the span active, and core */
	int64_t first_time;		/* of the first event in the span */
	int64_t anchor_from, anchor_to;	/* a dropped anchor's periods, signalled */
	int64_t intervention;		/* a senior intervention's period, signalled */
	unsigned char senior, sponsor;	/* management; sponsor or executive */
	unsigned char lead, band, returned, intervention_all, diversity, first_done;
	unsigned char mark;		/* scratch for one computation */
	int64_t prev;			/* scratch: the last period seen */
	size_t run, nrun;		/* the member's records: bymember[run..run+nrun) */
};

/* A pair's replies over the span, one way. */
struct pair_key {
	uint32_t from, to;
};
struct pair_rec {
	struct pair_key k;
	uint64_t replies;
};

struct comm {
	struct patterns *p;
	struct events *ev;
	const struct members *dir;
	const double *t;		/* the thresholds */
	struct pattern_set *set;
	enum grain g;
	const struct rhythm_community *rc;	/* its rhythm: periods, venues */
	struct rd_rec **days;		/* its venue x day records, by venue, day */
	size_t ndays;
	struct mp_rec **rec;		/* the community's records, by period */
	struct mp_rec **bymember;	/* the same, by member, then period */
	size_t nrec;
	int64_t first, S, E, n;		/* the first period; the span S..E of n */
	uint64_t *events;		/* per period, first..E */
	unsigned char *sponsor_seen;	/* per period: a sponsor or executive active */
	uint32_t active_periods;	/* periods of the span with an event */
	uint64_t span_hosting, span_replies;
	int64_t span_contrib, span_strategic;
	struct person **people;		/* active in the span, by contribution */
	size_t npeople;
	struct person **all;		/* everyone active in the log, by name */
	uint32_t *all_ids;
	size_t nall, all_cap;
	struct keymap pairs;
	int roles_known, units_known;
	const char *no_roles;		/* why roles are not known */
	struct buf sb;
	uint32_t *ids;			/* scratch for lists of names */
};

static const char *
grain_noun(enum grain g, int plural)
{
	if (g == GRAIN_DAY)
		return plural ? "days" : "day";
	if (g == GRAIN_MONTH)
		return plural ? "months" : "month";
	return plural ? "weeks" : "week";
}

static void
sb_span(struct comm *c)
{
	buf_printf(&c->sb, "from ");
	sb_period(&c->sb, c->g, c->S);
	buf_printf(&c->sb, " to ");
	sb_period(&c->sb, c->g, c->E);
}

static void
verdict(struct comm *c, enum pattern pat, enum pattern_verdict v, double strength)
{
	struct pattern_result *r = &c->set->pattern[pat];

	r->verdict = v;
	r->strength = v == VERDICT_UNKNOWN ? 0 : strength;
	r->evidence = buf_take(&c->sb);
	r->advice = v == VERDICT_PRESENT ? advice[pat] : NULL;
	if (v == VERDICT_PRESENT)
		c->set->present |= 1u << pat;
}

static void
factor(struct comm *c, enum factor f, enum factor_status st)
{
	c->set->factor[f].status = st;
	c->set->factor[f].evidence = buf_take(&c->sb);
}

static struct person *
person(struct patterns *p, uint32_t community, uint32_t member, int *created)
{
	struct person_key k;

	memset(&k, 0, sizeof k);
	k.community = community;
	k.member = member;
	return keymap_rec(&p->people, keymap_upsert(&p->people, &k, created));
}

static struct person *
person_find(const struct patterns *p, uint32_t community, uint32_t member)
{
	struct person_key k;
	size_t i;

	memset(&k, 0, sizeof k);
	k.community = community;
	k.member = member;
	i = keymap_find(&p->people, &k);
	return i == KEY_NONE ? NULL : keymap_rec(&p->people, i);
}

/*
 * person_find for pass two, through the member's hint: a member's rows
 * come in runs and the people table no longer changes, so most rows hash
 * nothing (person_find was a twentieth of the stream mode).
 */
static struct person *
person_hinted(struct patterns *p, uint32_t community, uint32_t member)
{
	uint32_t *h = hint_at(&p->person_hint, &p->nperson_hint, member);
	struct person *m;

	if (*h != 0) {
		m = keymap_rec(&p->people, *h - 1);
		if (m->k.community == community)
			return m;
	}
	if ((m = person_find(p, community, member)) != NULL)
		*h = (uint32_t)((size_t)((unsigned char *)m - p->people.recs) /
		    p->people.recsize) + 1;
	return m;
}

/* Roles are known when the directory gives some non-bot member a role. */
static const char *
why_no_roles(const struct members *d)
{
	size_t i;

	if (!d->loaded)
		return "no members directory (-M) gives roles";
	if (!d->have_role)
		return "the members directory has no role column";
	for (i = 0; i < d->names.n; i++)
		if (d->info[i].listed && d->info[i].role != STR_NONE && !d->info[i].bot)
			return NULL;
	return "the members directory gives no role but bot";
}

static int
units_known(const struct members *d)
{
	size_t i;

	if (!d->loaded || !d->have_unit)
		return 0;
	for (i = 0; i < d->names.n; i++)
		if (d->info[i].listed && d->info[i].unit != STR_NONE && !d->info[i].bot)
			return 1;
	return 0;
}

static void
mark_roles(struct comm *c, struct person *m)
{
	uint32_t id = m->k.member;

	m->senior = (unsigned char)members_has_role(c->dir, id, senior_roles);
	m->sponsor = (unsigned char)members_has_role(c->dir, id, sponsor_roles);
}

/*
 * Fold a member's records, bymember[lo..hi) (by period), into their
 * summary and the community's series.
 */
static void
fold_member(struct comm *c, size_t lo, size_t hi)
{
	const struct mp_rec *b = c->bymember[lo];
	int created;
	struct person *m = person(c->p, b->k.community, b->k.member, &created);
	size_t i;

	m->first = b->k.period;
	m->last = c->bymember[hi - 1]->k.period;
	m->first_time = INT64_MAX;
	m->anchor_from = 1;
	m->anchor_to = 0;
	m->intervention = INT64_MIN;
	m->run = lo;
	m->nrun = hi - lo;
	mark_roles(c, m);
	for (i = lo; i < hi; i++) {
		const struct pm_rec *r = (const struct pm_rec *)c->bymember[i];
		int64_t per = r->base.k.period;

		if (m->sponsor)
			c->sponsor_seen[per - c->first] = 1;
		if (per < c->S)
			continue;
		m->contrib += r->contrib;
		if (c->p->pp->have_strategic) {
			m->strategic += r->strategic;
			c->span_strategic += r->strategic;
		}
		m->events += r->base.events;
		m->hosting += r->base.kind[ACT_LEAD];
		m->periods++;
		m->core_periods += r->base.level == LEVEL_CORE;
		if (r->base.first < m->first_time)
			m->first_time = r->base.first;
		c->span_hosting += r->base.kind[ACT_LEAD];
		c->span_contrib += r->contrib;
	}
	xgrow(&c->all_ids, &c->all_cap, c->nall + 1, sizeof *c->all_ids);
	c->all_ids[c->nall++] = b->k.member;
}

static const struct members *sort_dir;	/* qsort has no context argument */

static int
cmp_name(const struct person *a, const struct person *b)
{
	return strtab_cmp(&sort_dir->names, a->k.member, b->k.member);
}

/* Most contributions first, then most events, then by name. */
static int
cmp_contrib(const void *pa, const void *pb)
{
	const struct person *a = *(struct person *const *)pa, *b = *(struct person *const *)pb;

	if (a->contrib != b->contrib)
		return a->contrib > b->contrib ? -1 : 1;
	if (a->events != b->events)
		return a->events > b->events ? -1 : 1;
	return cmp_name(a, b);
}

static int
cmp_hosting(const void *pa, const void *pb)
{
	const struct person *a = *(struct person *const *)pa, *b = *(struct person *const *)pb;

	if (a->hosting != b->hosting)
		return a->hosting > b->hosting ? -1 : 1;
	return cmp_name(a, b);
}

static int
cmp_periods(const void *pa, const void *pb)
{
	const struct person *a = *(struct person *const *)pa, *b = *(struct person *const *)pb;

	if (a->periods != b->periods)
		return a->periods > b->periods ? -1 : 1;
	return cmp_name(a, b);
}

static int
cmp_by_name(const void *pa, const void *pb)
{
	return cmp_name(*(struct person *const *)pa, *(struct person *const *)pb);
}

static int64_t
min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t
max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* Events per period over a..b, clipped to the community's periods. */
static double
mean_events(const struct comm *c, int64_t a, int64_t b)
{
	uint64_t sum = 0;
	int64_t i;

	a = max64(a, c->first);
	b = min64(b, c->E);
	if (b < a)
		return 0;
	for (i = a; i <= b; i++)
		sum += c->events[i - c->first];
	return (double)sum / (double)(b - a + 1);
}

/* The periods of a..b in which the community had an event. */
static uint32_t
active_in(const struct comm *c, int64_t a, int64_t b)
{
	uint32_t n = 0;
	int64_t i;

	for (i = max64(a, c->first); i <= min64(b, c->E); i++)
		n += c->events[i - c->first] > 0;
	return n;
}

/* A share of n periods, rounded up, at least one. */
static uint32_t
periods_share(double share, uint32_t n)
{
	uint32_t k = (uint32_t)ceil(share * (double)n - 1e-9);

	return k < 1 ? 1 : k;
}

static uint64_t
pair_replies(const struct comm *c, uint32_t from, uint32_t to)
{
	struct pair_key k;
	size_t i;

	memset(&k, 0, sizeof k);
	k.from = from;
	k.to = to;
	i = keymap_find(&c->pairs, &k);
	return i == KEY_NONE ? 0 : ((struct pair_rec *)keymap_rec(&c->pairs, i))->replies;
}

/* The index of the first record of period a or later. */
static size_t
rec_from(const struct comm *c, int64_t a)
{
	size_t lo = 0, hi = c->nrec;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->rec[mid]->k.period < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The records of member in periods a..b, from its run of bymember. */
static void
member_window(const struct comm *c, uint32_t member, int64_t a, int64_t b, size_t *lo,
    size_t *hi)
{
	const struct person *m = person_find(c->p, c->set->community, member);
	size_t i = m->run, end = m->run + m->nrun;

	while (i < end && c->bymember[i]->k.period < a)
		i++;
	*lo = i;
	while (i < end && c->bymember[i]->k.period <= b)
		i++;
	*hi = i;
}

/* The periods of a..b in which member was active. */
static uint32_t
present_in(const struct comm *c, uint32_t member, int64_t a, int64_t b)
{
	size_t lo, hi;

	member_window(c, member, a, b, &lo, &hi);
	return (uint32_t)(hi - lo);
}

/* The periods of a..b in which member was core. */
static uint32_t
core_in(const struct comm *c, uint32_t member, int64_t a, int64_t b)
{
	uint32_t n = 0;
	size_t lo, hi;

	for (member_window(c, member, a, b, &lo, &hi); lo < hi; lo++)
		n += c->bymember[lo]->level == LEVEL_CORE;
	return n;
}

/* Each member's records in a run of their own, folded into their summary. */
static void
fold_members(struct comm *c)
{
	size_t i, j;

	c->bymember = table_alloc(c->nrec, sizeof *c->bymember);
	agg_by_member(c->bymember, c->rec, c->nrec);
	for (i = 0; i < c->nrec; i = j) {
		for (j = i; j < c->nrec && c->bymember[j]->k.member == c->bymember[i]->k.member; j++)
			;
		fold_member(c, i, j);
	}
}

/* Events per period, first..E, from rhythm.c's periods of the community. */
static void
period_events(struct comm *c)
{
	size_t i;

	c->events = xcalloc((size_t)(c->E - c->first + 1), sizeof *c->events);
	for (i = 0; i < c->rc->nperiods; i++) {
		int64_t per = c->rc->period[i].period;

		if (per >= c->first && per <= c->E)
			c->events[per - c->first] = c->rc->period[i].events;
	}
}

/* Newcomers (first period ever) in periods a..b, from rhythm.c's periods. */
static uint64_t
newcomers_in(const struct comm *c, int64_t a, int64_t b)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < c->rc->nperiods; i++)
		if (c->rc->period[i].period >= a && c->rc->period[i].period <= b)
			n += c->rc->period[i].newcomers;
	return n;
}

/*
 * The last community's pairs are made: the reply edges now serve only a
 * caller that asked to keep some (patterns_keep_edges), and the memory of
 * the others goes to the judging (16 MiB of the 10M-event bench file's).
 */
static void
edges_judged(struct patterns *p)
{
	free(p->edge_order);
	p->edge_order = NULL;
	edges_drop_before(&p->edges, p->edges_from);
}

/*
 * The replies of each pair over the span, from the community's edges. The
 * first thing a community's judging builds: after the last community's,
 * the edges' memory goes to the rest.
 */
static void
make_pairs(struct comm *c, struct edge_rec **edge, size_t nedge, int last)
{
	size_t i;

	keymap_init(&c->pairs, sizeof(struct pair_key), sizeof(struct pair_rec));
	for (i = 0; i < nedge; i++) {
		struct pair_key k;
		struct pair_rec *r;
		int created;

		if (edge[i]->k.period < c->S || edge[i]->replies == 0)
			continue;
		memset(&k, 0, sizeof k);
		k.from = edge[i]->k.from;
		k.to = edge[i]->k.to;
		r = keymap_rec(&c->pairs, keymap_upsert(&c->pairs, &k, &created));
		r->replies += edge[i]->replies;
		c->span_replies += edge[i]->replies;
	}
	if (last)
		edges_judged(c->p);
}

static void
comm_build(struct comm *c, struct mp_rec **rec, size_t nrec, struct edge_rec **edge,
    size_t nedge, int last)
{
	const struct pattern_params *pp = c->p->pp;
	size_t i, n;

	c->rec = rec;
	c->nrec = nrec;
	c->first = rec[0]->k.period;
	c->E = c->p->last;
	c->S = max64(c->first, c->E - (int64_t)pp->t[T_SPAN] + 1);
	c->n = c->E - c->S + 1;
	c->set->span_first = c->S;
	c->set->span_last = c->E;
	make_pairs(c, edge, nedge, last);
	period_events(c);
	c->sponsor_seen = xcalloc((size_t)(c->E - c->first + 1), 1);
	fold_members(c);
	for (i = (size_t)(c->S - c->first); i < (size_t)(c->E - c->first + 1); i++)
		c->active_periods += c->events[i] > 0;
	c->all = xreallocarray(NULL, c->nall + 1, sizeof *c->all);
	c->people = xreallocarray(NULL, c->nall + 1, sizeof *c->people);
	c->ids = xreallocarray(NULL, c->nall + 1, sizeof *c->ids);
	for (i = n = 0; i < c->nall; i++) {
		struct person *m = person_find(c->p, c->set->community, c->all_ids[i]);
		const struct member_info *info = &c->dir->info[m->k.member];

		m->start = m->first;
		if (info->joined != INT64_MIN)
			m->start = min64(m->start, period_of_day(tz_day(&c->ev->opt->tz,
			    info->joined), c->g));
		c->all[i] = m;
		if (m->periods > 0)
			c->people[n++] = m;
	}
	c->npeople = n;
	sort_dir = c->dir;
	qsort(c->all, c->nall, sizeof *c->all, cmp_by_name);
	qsort(c->people, c->npeople, sizeof *c->people, cmp_contrib);
}

static void
comm_free(struct comm *c)
{
	free(c->events);
	free(c->bymember);
	free(c->sponsor_seen);
	free(c->all);
	free(c->all_ids);
	free(c->people);
	free(c->ids);
	buf_free(&c->sb);
	keymap_free(&c->pairs);
}

/* The patterns, one function each, in cop-patterns(1)'s order. */

static void
no_contributions(struct comm *c, enum pattern pat)
{
	buf_printf(&c->sb, "no contributions (posts, replies, content, hosting) ");
	sb_span(c);
	verdict(c, pat, VERDICT_UNKNOWN, 0);
}

static void
judge_big_boys_club(struct comm *c)
{
	const double *t = c->t;
	int64_t senior = 0;
	uint64_t to_senior = 0;
	double sh, eng = 0, strength;
	size_t i, k = 0;
	int ok;

	if (!c->roles_known) {
		buf_printf(&c->sb, "%s, so management cannot be told apart", c->no_roles);
		verdict(c, PAT_BIG_BOYS_CLUB, VERDICT_UNKNOWN, 0);
		return;
	}
	if (c->span_contrib == 0) {
		no_contributions(c, PAT_BIG_BOYS_CLUB);
		return;
	}
	for (i = 0; i < c->npeople; i++)
		if (c->people[i]->senior) {
			c->ids[k++] = c->people[i]->k.member;
			senior += c->people[i]->contrib;
		}
	if (k == 0) {
		buf_printf(&c->sb, "none of the %zu members active ", c->npeople);
		sb_span(c);
		buf_printf(&c->sb, " is a manager, executive or sponsor");
		verdict(c, PAT_BIG_BOYS_CLUB, VERDICT_ABSENT, 0);
		return;
	}
	for (i = 0; i < c->pairs.n; i++) {
		const struct pair_rec *r = keymap_rec(&c->pairs, i);

		if (!members_has_role(c->dir, r->k.from, senior_roles) &&
		    members_has_role(c->dir, r->k.to, senior_roles))
			to_senior += r->replies;
	}
	sh = share((double)senior, (double)c->span_contrib);
	strength = at_least(sh, t[T_BBC_SHARE], 1);
	ok = sh >= t[T_BBC_SHARE];
	buf_printf(&c->sb, "managers, executives and sponsors (");
	sb_names(&c->sb, c->dir, c->ids, k);
	buf_printf(&c->sb, ") made ");
	sb_percent(&c->sb, sh);
	buf_printf(&c->sb, " of the contributions (");
	sb_score(&c->sb, senior);
	buf_printf(&c->sb, " of ");
	sb_score(&c->sb, c->span_contrib);
	buf_printf(&c->sb, ") ");
	sb_span(c);
	if (c->span_replies > 0) {
		eng = senior > 0 ? (double)to_senior / ((double)senior / 1000) : 0;
		strength = fmin(strength, at_most(eng, t[T_BBC_ENGAGEMENT],
		    4 * t[T_BBC_ENGAGEMENT]));
		ok = ok && eng <= t[T_BBC_ENGAGEMENT];
		buf_printf(&c->sb, "; the other members answered them %llu time%s, %.2f per "
		    "contribution", (unsigned long long)to_senior, to_senior == 1 ? "" : "s", eng);
	} else
		buf_printf(&c->sb, "; no replies are recorded, so engagement is not measured");
	verdict(c, PAT_BIG_BOYS_CLUB, ok ? VERDICT_PRESENT : VERDICT_ABSENT, strength);
}

static void
judge_solopreneur(struct comm *c)
{
	const double *t = c->t;
	struct person *lead, *next;
	double s1, ratio, strength, h;
	size_t i, others = 0;
	int ok;

	if (c->span_contrib == 0) {
		no_contributions(c, PAT_SOLOPRENEUR);
		return;
	}
	lead = c->people[0];
	next = c->npeople > 1 && c->people[1]->contrib > 0 ? c->people[1] : NULL;
	s1 = share((double)lead->contrib, (double)c->span_contrib);
	ratio = next ? (double)lead->contrib / (double)next->contrib : INFINITY;
	strength = fmin(at_least(s1, t[T_SOLO_SHARE], 1),
	    at_least(ratio, t[T_SOLO_RATIO], 2 * t[T_SOLO_RATIO]));
	ok = s1 >= t[T_SOLO_SHARE] && ratio >= t[T_SOLO_RATIO];
	sb_name(&c->sb, c->dir, lead->k.member);
	buf_printf(&c->sb, " made ");
	sb_percent(&c->sb, s1);
	buf_printf(&c->sb, " of the contributions (");
	sb_score(&c->sb, lead->contrib);
	buf_printf(&c->sb, " of ");
	sb_score(&c->sb, c->span_contrib);
	buf_printf(&c->sb, ") ");
	sb_span(c);
	if (next) {
		buf_printf(&c->sb, ", %.1f times as much as the next, ", ratio);
		sb_name(&c->sb, c->dir, next->k.member);
		buf_printf(&c->sb, " (");
		sb_percent(&c->sb, share((double)next->contrib, (double)c->span_contrib));
		buf_printf(&c->sb, ")");
	} else
		buf_printf(&c->sb, ", and nobody else contributed");
	if (c->span_hosting > 0) {
		h = share((double)lead->hosting, (double)c->span_hosting);
		strength = fmin(strength, at_least(h, t[T_SOLO_HOSTING], 1));
		ok = ok && h >= t[T_SOLO_HOSTING];
		buf_printf(&c->sb, "; %llu of the %llu hosting events were theirs",
		    (unsigned long long)lead->hosting, (unsigned long long)c->span_hosting);
	} else
		buf_printf(&c->sb, "; no hosting is recorded");
	for (i = 1; i < c->npeople; i++)
		others += c->people[i]->core_periods > 0;
	if (others == 0)
		buf_printf(&c->sb, "; nobody else was core");
	else
		buf_printf(&c->sb, "; %zu other member%s core", others,
		    others == 1 ? " was" : "s were");
	lead->lead = 1;
	verdict(c, PAT_SOLOPRENEUR, ok ? VERDICT_PRESENT : VERDICT_ABSENT, strength);
}

/* One anchor's departure, grouped with the others of the same last period. */
struct departure {
	int64_t last;
	size_t from, n;			/* anchors c->ids[from..from+n) */
	double before, after, fall;
	size_t risers;
	int kind;			/* DROPPED, SUCCESSION or HELD */
};
enum { DROPPED, SUCCESSION, HELD };

struct anchor {
	struct person *m;
	uint32_t core, present, active;	/* of the community's active periods before leaving */
};

static int
cmp_anchor(const void *pa, const void *pb)
{
	const struct anchor *a = pa, *b = pb;

	if (a->m->last != b->m->last)
		return a->m->last < b->m->last ? -1 : 1;
	if (a->present != b->present)
		return a->present > b->present ? -1 : 1;
	return cmp_name(a->m, b->m);
}

/* Mark (as mark) the persons core in a..b; with collect, list those still unmarked. */
static size_t
mark_core(struct comm *c, int64_t a, int64_t b, unsigned char mark, uint32_t *out)
{
	size_t i, n = 0;

	for (i = rec_from(c, a); i < c->nrec && c->rec[i]->k.period <= b; i++) {
		struct person *m;

		if (c->rec[i]->level != LEVEL_CORE)
			continue;
		m = person_find(c->p, c->set->community, c->rec[i]->k.member);
		if (out != NULL && m->mark == 0)
			out[n++] = m->k.member;
		if (out == NULL || m->mark == 0)
			m->mark = mark;
	}
	return n;
}

/*
 * Members core in the periods after L who were not core in the periods up
 * to L: the rising core of a succession. Their ids go to out, by name.
 */
static size_t
risers(struct comm *c, int64_t L, uint32_t *out)
{
	int64_t C = (int64_t)c->t[T_COMPARE];
	size_t n;

	mark_core(c, L - C + 1, L, 1, NULL);
	n = mark_core(c, L + 1, min64(L + C, c->E), 2, out);
	mark_core(c, L - C + 1, min64(L + C, c->E), 0, NULL);
	strtab_sort_ids(&c->dir->names, out, n);
	return n;
}

static void
sb_change(struct buf *sb, double fall)
{
	if (fall >= 0.0005)
		buf_printf(sb, "fell %.0f%%", 100 * fall);
	else if (fall <= -0.0005)
		buf_printf(sb, "rose %.0f%%", -100 * fall);
	else
		buf_printf(sb, "held");
}

static void
describe_departure(struct comm *c, const struct anchor *an, const struct departure *d,
    const uint32_t *rose)
{
	int64_t C = (int64_t)c->t[T_COMPARE];
	size_t i;

	if (d->kind == SUCCESSION)
		buf_printf(&c->sb, "succession, not a dropped anchor: ");
	for (i = 0; i < d->n && i < 5; i++) {
		if (i > 0)
			buf_printf(&c->sb, i + 1 == d->n ? " and " : ", ");
		sb_name(&c->sb, c->dir, an[d->from + i].m->k.member);
		if (i == 0)
			buf_printf(&c->sb, " (active in %u and core in %u of the community's %u "
			    "active %s of the %lld up to then)", an[d->from].present,
			    an[d->from].core, an[d->from].active, grain_noun(c->g, 1), (long long)C);
		else
			buf_printf(&c->sb, " (%u and %u of %u)", an[d->from + i].present,
			    an[d->from + i].core, an[d->from + i].active);
	}
	if (d->n > 5)
		buf_printf(&c->sb, " and %zu other%s", d->n - 5, d->n - 5 == 1 ? "" : "s");
	buf_printf(&c->sb, " %s last active in ", d->n == 1 ? "was" : "were");
	sb_period(&c->sb, c->g, d->last);
	buf_printf(&c->sb, "; events ");
	sb_change(&c->sb, d->fall);
	buf_printf(&c->sb, ", from %.1f a %s in the %lld %s to then to %.1f in the %lld after",
	    d->before, grain_noun(c->g, 0), (long long)(d->last - max64(c->first,
	    d->last - C + 1) + 1), grain_noun(c->g, 1), d->after,
	    (long long)(min64(d->last + C, c->E) - d->last));
	if (d->risers == 0)
		buf_printf(&c->sb, ", and nobody rose to core");
	else {
		buf_printf(&c->sb, ", while ");
		sb_names(&c->sb, c->dir, rose, d->risers);
		buf_printf(&c->sb, " rose to core");
	}
}

/* The anchors of the other departures: "; other anchors who left: A in W (held), ...". */
static void
describe_others(struct comm *c, const struct anchor *an, const struct departure *dep,
    size_t nd, const struct departure *show)
{
	static const char *const kind[] = { "dropped", "succession", "held" };
	size_t i, j, k = 0, total = 0;

	for (i = 0; i < nd; i++)
		total += &dep[i] == show ? 0 : dep[i].n;
	for (i = 0; i < nd && k < 4; i++) {
		if (&dep[i] == show)
			continue;
		for (j = 0; j < dep[i].n && k < 4; j++, k++) {
			buf_printf(&c->sb, k == 0 ? "; other anchors who left: " : ", ");
			sb_name(&c->sb, c->dir, an[dep[i].from + j].m->k.member);
			buf_printf(&c->sb, " in ");
			sb_period(&c->sb, c->g, dep[i].last);
			buf_printf(&c->sb, " (%s)", kind[dep[i].kind]);
		}
	}
	if (total > k)
		buf_printf(&c->sb, " and %zu more", total - k);
}

/*
 * The anchors who left in the span (cop-patterns(1)), into an[], by their
 * last period, most present first, then by name; returns how many.
 */
static size_t
find_anchors(struct comm *c, struct anchor *an)
{
	int64_t G = (int64_t)c->t[T_GAP], C = (int64_t)c->t[T_COMPARE];
	size_t i, n = 0;

	for (i = 0; i < c->nall; i++) {
		struct person *m = c->all[i];

		if (m->last < c->S || m->last > c->E - G)
			continue;
		an[n].m = m;
		an[n].core = core_in(c, m->k.member, m->last - C + 1, m->last);
		an[n].present = present_in(c, m->k.member, m->last - C + 1, m->last);
		an[n].active = active_in(c, m->last - C + 1, m->last);
		n += an[n].core > 0 &&
		    an[n].present >= periods_share(c->t[T_ANCHOR_PRESENCE], an[n].active);
	}
	qsort(an, n, sizeof *an, cmp_anchor);
	return n;
}

/* Weigh the departure of an[from..from+n) in period last; rose gets the risers. */
static void
weigh_departure(struct comm *c, struct departure *d, struct anchor *an, uint32_t *rose)
{
	int64_t C = (int64_t)c->t[T_COMPARE];
	size_t k;

	d->before = mean_events(c, d->last - C + 1, d->last);
	d->after = mean_events(c, d->last + 1, d->last + C);
	d->fall = d->before > 0 ? 1 - d->after / d->before : 0;
	d->risers = risers(c, d->last, rose);
	d->kind = d->fall >= c->t[T_ANCHOR_FALL] ? DROPPED : d->risers > 0 ? SUCCESSION : HELD;
	for (k = d->from; d->kind == DROPPED && k < d->from + d->n; k++) {
		an[k].m->anchor_from = d->last - C + 1;
		an[k].m->anchor_to = d->last;
	}
}

static void
no_anchor_left(struct comm *c)
{
	int64_t G = (int64_t)c->t[T_GAP];

	buf_printf(&c->sb, "no anchor left: of the members last active from ");
	sb_period(&c->sb, c->g, c->S);
	buf_printf(&c->sb, " to ");
	sb_period(&c->sb, c->g, c->E - G);
	buf_printf(&c->sb, " (then silent for %lld %s or more), none had been core and "
	    "active in %.0f%% of the community's active %s of the %.0f before",
	    (long long)G, grain_noun(c->g, 1), 100 * c->t[T_ANCHOR_PRESENCE],
	    grain_noun(c->g, 1), c->t[T_COMPARE]);
	verdict(c, PAT_DROPPED_ANCHOR, VERDICT_ABSENT, 0);
}

static void
judge_dropped_anchor(struct comm *c)
{
	struct anchor *an;
	struct departure *dep, *show = NULL;
	uint32_t *rose;
	size_t i, j, n, nd = 0;
	double strength = 0;

	if (c->S > c->E - (int64_t)c->t[T_GAP]) {
		buf_printf(&c->sb, "the span ");
		sb_span(c);
		buf_printf(&c->sb, " is too short to see an anchor leave: that takes %.0f silent %s",
		    c->t[T_GAP], grain_noun(c->g, 1));
		verdict(c, PAT_DROPPED_ANCHOR, VERDICT_UNKNOWN, 0);
		return;
	}
	an = xreallocarray(NULL, c->nall + 1, sizeof *an);
	if ((n = find_anchors(c, an)) == 0) {
		no_anchor_left(c);
		free(an);
		return;
	}
	dep = xreallocarray(NULL, n, sizeof *dep);
	rose = xreallocarray(NULL, c->nall + 1, sizeof *rose);
	for (i = 0; i < n; i = j) {
		struct departure *d = &dep[nd++];

		for (j = i; j < n && an[j].m->last == an[i].m->last; j++)
			;
		d->last = an[i].m->last;
		d->from = i;
		d->n = j - i;
		weigh_departure(c, d, an, rose);
		strength = fmax(strength, at_least(fmax(d->fall, 0), c->t[T_ANCHOR_FALL], 1));
		/* Report the worst fall, else the latest succession, else the latest. */
		if (show == NULL || (d->kind == DROPPED && (show->kind != DROPPED ||
		    d->fall > show->fall)) || (show->kind != DROPPED &&
		    (d->kind == SUCCESSION || show->kind == HELD)))
			show = d;
	}
	risers(c, show->last, rose);
	describe_departure(c, an, show, rose);
	describe_others(c, an, dep, nd, show);
	verdict(c, PAT_DROPPED_ANCHOR, show->kind == DROPPED ? VERDICT_PRESENT : VERDICT_ABSENT,
	    strength);
	free(an);
	free(dep);
	free(rose);
}

/* A senior intervention and what followed it. */
struct intervention {
	struct person *m;
	int64_t period;
	int64_t silent;			/* periods without a contribution before; -1: first */
	int left;			/* a sponsor's last period, not a post */
	double before, half1, half2, fall;
};

static void
measure_intervention(struct comm *c, struct intervention *iv)
{
	int64_t C = (int64_t)c->t[T_COMPARE], h = C / 2, i = iv->period;

	iv->before = mean_events(c, i - C, i - 1);
	iv->half1 = mean_events(c, i + 1, i + h);
	iv->half2 = mean_events(c, i + h + 1, i + C);
	iv->fall = iv->before > 0 ? 1 - fmax(iv->half1, iv->half2) / iv->before : 0;
}

/* Is iv worse than w: a larger fall, then earlier, then by name. */
static int
worse(const struct intervention *iv, const struct intervention *w)
{
	if (w->m == NULL || iv->fall != w->fall)
		return w->m == NULL || iv->fall > w->fall;
	if (iv->period != w->period)
		return iv->period < w->period;
	return cmp_name(iv->m, w->m) < 0;
}

/*
 * The worst intervention of the span that leaves room for the periods
 * after it: a manager's or executive's contribution after at least gap
 * silent periods (or their first), or the last period of a sponsor who
 * had been visibly present (fast-lane.presence of the active periods
 * before) and then stays away for gap periods. Returns how many.
 */
static size_t
worst_intervention(struct comm *c, struct intervention *w)
{
	int64_t G = (int64_t)c->t[T_GAP], C = (int64_t)c->t[T_COMPARE];
	int64_t hi = c->E - C;
	struct intervention iv;
	size_t i, n = 0;

	memset(w, 0, sizeof *w);
	for (i = 0; i < c->nall; i++)
		c->all[i]->prev = INT64_MIN;
	for (i = 0; i < c->nrec; i++) {
		const struct pm_rec *r = (const struct pm_rec *)c->rec[i];
		int64_t per = r->base.k.period;
		struct person *m;

		if (r->contrib == 0 || !members_has_role(c->dir, r->base.k.member, posting_roles))
			continue;
		m = person_find(c->p, c->set->community, r->base.k.member);
		if (per >= c->S && per <= hi && per > c->first &&
		    (m->prev == INT64_MIN || per - m->prev > G)) {
			memset(&iv, 0, sizeof iv);
			iv.m = m;
			iv.period = per;
			iv.silent = m->prev == INT64_MIN ? -1 : per - m->prev - 1;
			measure_intervention(c, &iv);
			n++;
			if (worse(&iv, w))
				*w = iv;
		}
		m->prev = per;
	}
	for (i = 0; i < c->nall; i++) {
		struct person *m = c->all[i];

		if (!members_has_role(c->dir, m->k.member, sponsor_only) || m->last < c->S ||
		    m->last > hi || m->last > c->E - G || m->last <= c->first ||
		    present_in(c, m->k.member, m->last - C + 1, m->last) <
		    periods_share(c->t[T_LANE_PRESENCE], active_in(c, m->last - C + 1, m->last)))
			continue;
		memset(&iv, 0, sizeof iv);
		iv.m = m;
		iv.period = m->last;
		iv.left = 1;
		measure_intervention(c, &iv);
		n++;
		if (worse(&iv, w))
			*w = iv;
	}
	return n;
}

static void
describe_intervention(struct comm *c, const struct intervention *w)
{
	int64_t C = (int64_t)c->t[T_COMPARE];

	buf_printf(&c->sb, "after ");
	sb_name(&c->sb, c->dir, w->m->k.member);
	buf_printf(&c->sb, " (%s) ", members_role(c->dir, w->m->k.member));
	if (w->left)
		buf_printf(&c->sb, "was last active in ");
	else
		buf_printf(&c->sb, "posted in ");
	sb_period(&c->sb, c->g, w->period);
	if (!w->left && w->silent < 0)
		buf_printf(&c->sb, " for the first time");
	else if (!w->left)
		buf_printf(&c->sb, " after %lld silent %s", (long long)w->silent, grain_noun(c->g, 1));
	buf_printf(&c->sb, ", events ");
	sb_change(&c->sb, w->fall);
	buf_printf(&c->sb, ": %.1f a %s in the %lld %s before, %.1f and %.1f in the two %lld-%s "
	    "halves after", w->before, grain_noun(c->g, 0),
	    (long long)(w->period - max64(c->first, w->period - C)), grain_noun(c->g, 1),
	    w->half1, w->half2, (long long)(C / 2), grain_noun(c->g, 0));
}

static void
judge_big_brother_conflict(struct comm *c)
{
	int64_t G = (int64_t)c->t[T_GAP], C = (int64_t)c->t[T_COMPARE];
	struct intervention w;
	size_t i, n;
	int seniors = 0, ok;

	if (!c->roles_known) {
		buf_printf(&c->sb, "%s, so senior interventions cannot be seen", c->no_roles);
		verdict(c, PAT_BIG_BROTHER_CONFLICT, VERDICT_UNKNOWN, 0);
		return;
	}
	for (i = 0; i < c->nall; i++)
		seniors += c->all[i]->senior;
	if (seniors == 0) {
		buf_printf(&c->sb, "none of the %zu members in the log is a manager, executive or "
		    "sponsor", c->nall);
		verdict(c, PAT_BIG_BROTHER_CONFLICT, VERDICT_ABSENT, 0);
		return;
	}
	if (c->S > c->E - C || c->S > c->E - G) {
		buf_printf(&c->sb, "the span ");
		sb_span(c);
		buf_printf(&c->sb, " is too short to follow an intervention for %lld %s",
		    (long long)max64(C, G), grain_noun(c->g, 1));
		verdict(c, PAT_BIG_BROTHER_CONFLICT, VERDICT_UNKNOWN, 0);
		return;
	}
	n = worst_intervention(c, &w);
	if (n == 0) {
		buf_printf(&c->sb, "no senior intervention from ");
		sb_period(&c->sb, c->g, c->S);
		buf_printf(&c->sb, " to ");
		sb_period(&c->sb, c->g, c->E - C);
		buf_printf(&c->sb, ": no manager or executive posted after %lld silent %s, and no "
		    "sponsor who had been present left", (long long)G, grain_noun(c->g, 1));
		verdict(c, PAT_BIG_BROTHER_CONFLICT, VERDICT_ABSENT, 0);
		return;
	}
	ok = w.fall >= c->t[T_CONFLICT_FALL];
	if (!ok && n == 1)
		buf_printf(&c->sb, "no lasting fall after the one senior intervention: ");
	else if (!ok)
		buf_printf(&c->sb, "no lasting fall after the %zu senior interventions: the "
		    "largest was ", n);
	describe_intervention(c, &w);
	if (ok) {
		w.m->intervention = w.period;
		w.m->intervention_all = (unsigned char)w.left;
	}
	verdict(c, PAT_BIG_BROTHER_CONFLICT, ok ? VERDICT_PRESENT : VERDICT_ABSENT,
	    at_least(fmax(w.fall, 0), c->t[T_CONFLICT_FALL], 1));
}

/* The band of band-of-brothers, in c->ids[0..k), and the replies among them. */
struct band {
	size_t k, cand;			/* the band; the core outside management */
	size_t linked, npairs, top;	/* linked pairs; the most answered, c->ids[top] */
	uint64_t within;		/* replies within the band */
	double density, star;
};

static void
measure_band(struct comm *c, struct band *b)
{
	size_t i, j, max = (size_t)c->t[T_BAND_MAX];
	uint64_t *recv;

	memset(b, 0, sizeof *b);
	for (i = 0; i < c->npeople; i++) {
		struct person *m = c->people[i];

		if (m->core_periods == 0 || (c->roles_known && m->senior))
			continue;
		b->cand++;
		if (b->k < max)
			c->ids[b->k++] = m->k.member;
	}
	recv = xcalloc(b->k + 1, sizeof *recv);
	for (i = 0; i < b->k; i++)
		for (j = 0; j < b->k; j++) {
			uint64_t r = i == j ? 0 : pair_replies(c, c->ids[i], c->ids[j]);

			recv[j] += r;
			b->within += r;
			if (i < j && r + pair_replies(c, c->ids[j], c->ids[i]) >= c->t[T_BAND_PAIR])
				b->linked++;
		}
	for (j = 1; j < b->k; j++)
		if (recv[j] > recv[b->top])
			b->top = j;
	b->npairs = b->k * (b->k - 1) / 2;
	b->density = b->npairs ? (double)b->linked / (double)b->npairs : 0;
	b->star = b->within ? (double)recv[b->top] / (double)b->within : 1;
	free(recv);
}

static void
describe_band(struct comm *c, const struct band *b)
{
	const char *outside = c->roles_known ? " outside management" : "";

	if (b->k < c->t[T_BAND_MIN]) {
		if (b->k == 0)
			buf_printf(&c->sb, "nobody%s was core ", outside);
		else
			buf_printf(&c->sb, "only %zu member%s%s %s core ", b->k, b->k == 1 ? "" : "s",
			    outside, b->k == 1 ? "was" : "were");
		sb_span(c);
		if (b->k > 0) {
			buf_printf(&c->sb, " (");
			sb_names(&c->sb, c->dir, c->ids, b->k);
			buf_printf(&c->sb, ")");
		}
		buf_printf(&c->sb, ", too few for a band of %.0f", c->t[T_BAND_MIN]);
	} else {
		buf_printf(&c->sb, "the core%s, ", outside);
		if (b->cand > b->k)
			buf_printf(&c->sb, "%zu most active of %zu, ", b->k, b->cand);
		sb_names(&c->sb, c->dir, c->ids, b->k);
		buf_printf(&c->sb, ", exchanged %llu replies among themselves ",
		    (unsigned long long)b->within);
		sb_span(c);
		buf_printf(&c->sb, ": %zu of their %zu pairs exchanged at least %.0f", b->linked,
		    b->npairs, c->t[T_BAND_PAIR]);
		if (b->within > 0) {
			buf_printf(&c->sb, ", and the most answered, ");
			sb_name(&c->sb, c->dir, c->ids[b->top]);
			buf_printf(&c->sb, ", received ");
			sb_percent(&c->sb, b->star);
		}
	}
	if (!c->roles_known)
		buf_printf(&c->sb, "; roles are not given, so nobody is left out as management");
}

static void
judge_band_of_brothers(struct comm *c)
{
	const double *t = c->t;
	struct band b;
	double strength;
	size_t i;
	int ok;

	if (c->span_replies == 0) {
		buf_printf(&c->sb, "no replies are recorded (reply_to) ");
		sb_span(c);
		buf_printf(&c->sb, ", so who answers whom is not known");
		verdict(c, PAT_BAND_OF_BROTHERS, VERDICT_UNKNOWN, 0);
		return;
	}
	measure_band(c, &b);
	strength = fmin(fmin(at_least((double)b.k, t[T_BAND_MIN], 2 * t[T_BAND_MIN]),
	    at_least(b.density, t[T_BAND_DENSITY], 1)), at_most(b.star, t[T_BAND_STAR], 1));
	ok = b.k >= t[T_BAND_MIN] && b.density >= t[T_BAND_DENSITY] && b.star <= t[T_BAND_STAR];
	describe_band(c, &b);
	for (i = 0; ok && i < b.k; i++)
		person_find(c->p, c->set->community, c->ids[i])->band = 1;
	verdict(c, PAT_BAND_OF_BROTHERS, ok ? VERDICT_PRESENT : VERDICT_ABSENT, strength);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/*
 * The distinct units among the unit ids c->ids[0..known), and the largest
 * (ties: the first by name) with its count.
 */
static size_t
count_units(struct comm *c, size_t known, uint32_t *topunit, size_t *topn)
{
	size_t i, j, n = 0;

	*topunit = STR_NONE;
	*topn = 0;
	qsort(c->ids, known, sizeof *c->ids, cmp_u32);
	for (i = 0; i < known; i = j) {
		for (j = i; j < known && c->ids[j] == c->ids[i]; j++)
			;
		n++;
		if (j - i > *topn || (j - i == *topn &&
		    strtab_cmp(&c->dir->units, c->ids[i], *topunit) < 0)) {
			*topn = j - i;
			*topunit = c->ids[i];
		}
	}
	return n;
}

static void
judge_diversity_rules(struct comm *c)
{
	const double *t = c->t;
	const struct members *d = c->dir;
	size_t i, known = 0, nunits, topn, newcomers = 0, old = 0;
	uint32_t topunit;
	double dom, mix, strength;
	int joined = 0, ok;

	if (!c->units_known) {
		buf_printf(&c->sb, "%s, so the mix of units cannot be judged", !d->loaded ?
		    "no members directory (-M) gives units" : !d->have_unit ?
		    "the members directory has no unit column" :
		    "the members directory gives no unit");
		verdict(c, PAT_DIVERSITY_RULES, VERDICT_UNKNOWN, 0);
		return;
	}
	if (c->npeople == 0) {
		buf_printf(&c->sb, "nobody was active ");
		sb_span(c);
		verdict(c, PAT_DIVERSITY_RULES, VERDICT_UNKNOWN, 0);
		return;
	}
	for (i = 0; i < c->npeople; i++) {
		const struct member_info *info = &d->info[c->people[i]->k.member];

		if (info->unit != STR_NONE)
			c->ids[known++] = info->unit;
		joined |= info->joined != INT64_MIN;
		if (c->people[i]->start >= c->S)
			newcomers++;
		else
			old++;
	}
	if ((double)known < t[T_DIV_COVERAGE] * (double)c->npeople) {
		buf_printf(&c->sb, "units are known for only %zu of the %zu members active ", known,
		    c->npeople);
		sb_span(c);
		verdict(c, PAT_DIVERSITY_RULES, VERDICT_UNKNOWN, 0);
		return;
	}
	if (c->first >= c->S && !joined) {
		buf_printf(&c->sb, "tenures are unknown: the log begins in ");
		sb_period(&c->sb, c->g, c->first);
		buf_printf(&c->sb, ", inside the span, and the directory gives no joined dates");
		verdict(c, PAT_DIVERSITY_RULES, VERDICT_UNKNOWN, 0);
		return;
	}
	nunits = count_units(c, known, &topunit, &topn);
	dom = share((double)topn, (double)known);
	mix = share((double)(newcomers < old ? newcomers : old), (double)c->npeople);
	strength = fmin(fmin(at_least((double)nunits, t[T_DIV_UNITS], 2 * t[T_DIV_UNITS]),
	    at_most(dom, t[T_DIV_DOMINANCE], 1)), at_least(mix, t[T_DIV_TENURE], 0.5));
	ok = nunits >= t[T_DIV_UNITS] && dom <= t[T_DIV_DOMINANCE] && mix >= t[T_DIV_TENURE];
	buf_printf(&c->sb, "the %zu members active ", c->npeople);
	sb_span(c);
	buf_printf(&c->sb, " come from %zu unit%s; the largest, ", nunits, nunits == 1 ? "" : "s");
	sb_unit(&c->sb, d, topunit);
	buf_printf(&c->sb, ", has ");
	sb_percent(&c->sb, dom);
	buf_printf(&c->sb, " of the %zu whose unit is known; %zu arrived in the span and %zu "
	    "before it", known, newcomers, old);
	if (ok)
		for (i = 0; i < c->npeople; i++)
			c->people[i]->diversity = d->info[c->people[i]->k.member].unit != STR_NONE;
	verdict(c, PAT_DIVERSITY_RULES, ok ? VERDICT_PRESENT : VERDICT_ABSENT, strength);
}

static void
judge_musical_chairs(struct comm *c)
{
	const double *t = c->t;
	struct person **hosts;
	size_t i, n = 0;
	double top, strength;
	int ok;

	if (c->span_hosting == 0) {
		buf_printf(&c->sb, "no hosting is recorded (host, chair, present, organize, "
		    "facilitate or scribe rows) ");
		sb_span(c);
		verdict(c, PAT_MUSICAL_CHAIRS, VERDICT_UNKNOWN, 0);
		return;
	}
	hosts = xreallocarray(NULL, c->npeople, sizeof *hosts);
	for (i = 0; i < c->npeople; i++)
		if (c->people[i]->hosting > 0)
			hosts[n++] = c->people[i];
	qsort(hosts, n, sizeof *hosts, cmp_hosting);
	top = share((double)hosts[0]->hosting, (double)c->span_hosting);
	strength = fmin(at_least((double)n, t[T_CHAIRS_HOSTS], 2 * t[T_CHAIRS_HOSTS]),
	    at_most(top, t[T_CHAIRS_TOP], 1));
	ok = n >= t[T_CHAIRS_HOSTS] && top <= t[T_CHAIRS_TOP];
	buf_printf(&c->sb, "%zu member%s hosted the %llu hosting events ", n, n == 1 ? "" : "s",
	    (unsigned long long)c->span_hosting);
	sb_span(c);
	buf_printf(&c->sb, ": ");
	for (i = 0; i < n && i < 5; i++) {
		if (i > 0)
			buf_printf(&c->sb, i + 1 == n ? " and " : ", ");
		sb_name(&c->sb, c->dir, hosts[i]->k.member);
		buf_printf(&c->sb, " %llu", (unsigned long long)hosts[i]->hosting);
	}
	if (n > 5)
		buf_printf(&c->sb, " and %zu other%s", n - 5, n - 5 == 1 ? "" : "s");
	buf_printf(&c->sb, "; the busiest held ");
	sb_percent(&c->sb, top);
	free(hosts);
	verdict(c, PAT_MUSICAL_CHAIRS, ok ? VERDICT_PRESENT : VERDICT_ABSENT, strength);
}

/* Sponsors and executives active in the span: ids, contributions, periods seen. */
static size_t
sponsors(struct comm *c, int64_t *contrib, uint32_t *periods)
{
	size_t i, k = 0;
	int64_t p;

	*contrib = 0;
	*periods = 0;
	for (i = 0; i < c->npeople; i++)
		if (c->people[i]->sponsor) {
			c->ids[k++] = c->people[i]->k.member;
			*contrib += c->people[i]->contrib;
		}
	for (p = c->S; p <= c->E; p++)
		*periods += c->sponsor_seen[p - c->first];
	return k;
}

static void
sb_sponsors(struct comm *c, size_t k, int64_t contrib, uint32_t periods)
{
	buf_printf(&c->sb, "sponsors and executives (");
	sb_names(&c->sb, c->dir, c->ids, k);
	buf_printf(&c->sb, ") were active in %u of the %u active %s and made ", periods,
	    c->active_periods, grain_noun(c->g, 1));
	sb_percent(&c->sb, share((double)contrib, (double)c->span_contrib));
	buf_printf(&c->sb, " of the contributions");
}

static void
judge_fast_lane(struct comm *c)
{
	const double *t = c->t;
	double sh, presence, dom, strength;
	int64_t scontrib;
	uint32_t speriods;
	size_t k;
	int ok;

	if (!c->p->pp->have_strategic) {
		buf_printf(&c->sb, "no strategic venues or keywords are given (-S FILE)");
		verdict(c, PAT_FAST_LANE, VERDICT_UNKNOWN, 0);
		return;
	}
	if (c->span_contrib == 0) {
		no_contributions(c, PAT_FAST_LANE);
		return;
	}
	sh = share((double)c->span_strategic, (double)c->span_contrib);
	strength = at_least(sh, t[T_LANE_SHARE], 1);
	buf_printf(&c->sb, "%s", sh < t[T_LANE_SHARE] ? "only " : "");
	sb_percent(&c->sb, sh);
	buf_printf(&c->sb, " of the contributions (");
	sb_score(&c->sb, c->span_strategic);
	buf_printf(&c->sb, " of ");
	sb_score(&c->sb, c->span_contrib);
	buf_printf(&c->sb, ") ");
	sb_span(c);
	buf_printf(&c->sb, " were in strategic venues or threads");
	if (sh < t[T_LANE_SHARE]) {
		verdict(c, PAT_FAST_LANE, VERDICT_ABSENT, strength);
		return;
	}
	if (!c->roles_known) {
		buf_printf(&c->sb, ", but whether sponsors were present is unknown: %s",
		    c->no_roles);
		verdict(c, PAT_FAST_LANE, VERDICT_UNKNOWN, 0);
		return;
	}
	k = sponsors(c, &scontrib, &speriods);
	if (k == 0) {
		buf_printf(&c->sb, ", but no sponsor or executive was active");
		verdict(c, PAT_FAST_LANE, VERDICT_ABSENT, 0);
		return;
	}
	presence = share(speriods, c->active_periods);
	dom = share((double)scontrib, (double)c->span_contrib);
	strength = fmin(strength, fmin(at_least(presence, t[T_LANE_PRESENCE], 1),
	    at_most(dom, t[T_LANE_DOMINANCE], 1)));
	ok = presence >= t[T_LANE_PRESENCE] && dom <= t[T_LANE_DOMINANCE];
	buf_printf(&c->sb, "; ");
	sb_sponsors(c, k, scontrib, speriods);
	verdict(c, PAT_FAST_LANE, ok ? VERDICT_PRESENT : VERDICT_ABSENT, strength);
}

static void
judge_circle_of_life(struct comm *c)
{
	const double *t = c->t;
	int64_t half = c->S + c->n / 2, wait = (int64_t)t[T_CIRCLE_WAIT];
	size_t i, eligible = 0, back = 0;
	uint64_t n1, n2;
	double r1, r2, growth, newshare, ret, strength;
	int ok;

	if (c->npeople == 0 || c->n < 2) {
		buf_printf(&c->sb, c->npeople == 0 ? "nobody was active " :
		    "the span is a single %s, ", grain_noun(c->g, 0));
		sb_span(c);
		verdict(c, PAT_CIRCLE_OF_LIFE, VERDICT_UNKNOWN, 0);
		return;
	}
	/* Newcomers by rhythm.c's count; the community's first period's are its founders. */
	n1 = newcomers_in(c, max64(c->S, c->first + 1), half - 1);
	n2 = newcomers_in(c, max64(half, c->first + 1), c->E);
	for (i = 0; i < c->npeople; i++) {
		struct person *m = c->people[i];

		if (m->first < c->S || m->first == c->first)
			continue;
		if (m->first <= c->E - wait) {
			eligible++;
			back += m->last > m->first;
		}
	}
	r1 = mean_events(c, c->S, half - 1);
	r2 = mean_events(c, half, c->E);
	growth = r1 > 0 ? r2 / r1 : r2 > 0 ? INFINITY : 0;
	newshare = share((double)(n1 + n2), (double)c->npeople);
	ret = share((double)back, (double)eligible);
	strength = fmin(fmin(at_least(newshare, t[T_CIRCLE_NEWCOMERS], 1),
	    at_least((double)(n1 < n2 ? n1 : n2), 1, 3)),
	    fmin(at_least(ret, t[T_CIRCLE_RETURN], 1),
	    at_least(growth, t[T_CIRCLE_GROWTH], 2 * t[T_CIRCLE_GROWTH])));
	ok = newshare >= t[T_CIRCLE_NEWCOMERS] && n1 > 0 && n2 > 0 &&
	    ret >= t[T_CIRCLE_RETURN] && growth >= t[T_CIRCLE_GROWTH];
	buf_printf(&c->sb, "%llu of the %zu members active ", (unsigned long long)(n1 + n2),
	    c->npeople);
	sb_span(c);
	buf_printf(&c->sb, n1 + n2 == 1 ? " was a newcomer (" : " were newcomers (");
	sb_percent(&c->sb, newshare);
	buf_printf(&c->sb, "; %llu in the first half, %llu in the second); %zu of the %zu who "
	    "arrived at least %lld %s before the end came back later (", (unsigned long long)n1,
	    (unsigned long long)n2, back, eligible, (long long)wait, grain_noun(c->g, 1));
	sb_percent(&c->sb, ret);
	buf_printf(&c->sb, "); events per %s went from %.1f to %.1f", grain_noun(c->g, 0), r1, r2);
	if (isfinite(growth) && r1 > 0)
		buf_printf(&c->sb, " (%.2f times)", growth);
	if (ok)
		for (i = 0; i < c->npeople; i++) {
			struct person *m = c->people[i];

			m->returned = m->first >= c->S && m->first != c->first &&
			    m->first <= c->E - wait && m->last > m->first;
		}
	verdict(c, PAT_CIRCLE_OF_LIFE, ok ? VERDICT_PRESENT : VERDICT_ABSENT, strength);
}

/* The critical success factors of -F. */

static void
factor_core_group(struct comm *c)
{
	uint32_t need = periods_share(c->t[T_CORE_REGULARITY], c->active_periods);
	size_t i, k = 0;

	if (c->npeople == 0) {
		buf_printf(&c->sb, "nobody was active ");
		sb_span(c);
		factor(c, FACTOR_CORE_GROUP, FACTOR_UNKNOWN);
		return;
	}
	for (i = 0; i < c->npeople; i++)
		if (c->people[i]->core_periods >= need)
			c->ids[k++] = c->people[i]->k.member;
	if (k == 0)
		buf_printf(&c->sb, "nobody was core in at least %u of the %u active %s ", need,
		    c->active_periods, grain_noun(c->g, 1));
	else
		buf_printf(&c->sb, "%s%zu member%s core in at least %u of the %u active %s ",
		    k < c->t[T_CORE_SIZE] ? "only " : "", k, k == 1 ? " was" : "s were", need,
		    c->active_periods, grain_noun(c->g, 1));
	sb_span(c);
	if (k > 0) {
		buf_printf(&c->sb, ": ");
		sb_names(&c->sb, c->dir, c->ids, k);
	}
	factor(c, FACTOR_CORE_GROUP, k >= c->t[T_CORE_SIZE] ? FACTOR_OK : FACTOR_WEAK);
}

/* Distinct members a member answered in the span. */
static size_t
answered(const struct comm *c, uint32_t member)
{
	size_t i, n = 0;

	for (i = 0; i < c->pairs.n; i++)
		n += ((const struct pair_rec *)keymap_rec(&c->pairs, i))->k.from == member;
	return n;
}

/* Does the directory give anyone one of roles? */
static int
role_listed(const struct members *d, const char *const *roles)
{
	size_t i;

	for (i = 0; i < d->names.n; i++)
		if (d->info[i].listed && members_has_role(d, (uint32_t)i, roles))
			return 1;
	return 0;
}

/*
 * A role the guide asks for (coordinator, expert): ok when its busiest
 * holder was active in at least the share given of the active periods.
 */
static void
factor_role(struct comm *c, enum factor f, const char *const *roles, const char *role,
    double need)
{
	struct person **holders;
	size_t i, k = 0, n;

	if (!c->roles_known) {
		buf_printf(&c->sb, "%s", c->no_roles);
		factor(c, f, FACTOR_UNKNOWN);
		return;
	}
	holders = xreallocarray(NULL, c->npeople + 1, sizeof *holders);
	for (i = 0; i < c->npeople; i++)
		if (members_has_role(c->dir, c->people[i]->k.member, roles))
			holders[k++] = c->people[i];
	if (k == 0) {
		if (!role_listed(c->dir, roles))
			buf_printf(&c->sb, "the members directory names no %s", role);
		else {
			buf_printf(&c->sb, "no member with role %s was active ", role);
			sb_span(c);
		}
		free(holders);
		factor(c, f, FACTOR_WEAK);
		return;
	}
	qsort(holders, k, sizeof *holders, cmp_periods);
	for (i = 0; i < k && i < 5; i++) {
		if (i > 0)
			buf_printf(&c->sb, i + 1 == k ? " and " : ", ");
		sb_name(&c->sb, c->dir, holders[i]->k.member);
		buf_printf(&c->sb, " (%s) was active in %u", role, holders[i]->periods);
		if (i == 0)
			buf_printf(&c->sb, " of the %u active %s", c->active_periods,
			    grain_noun(c->g, 1));
		n = answered(c, holders[i]->k.member);
		buf_printf(&c->sb, " and answered %zu member%s", n, n == 1 ? "" : "s");
	}
	if (k > 5)
		buf_printf(&c->sb, ", and %zu other%s", k - 5, k - 5 == 1 ? "" : "s");
	buf_printf(&c->sb, " ");
	sb_span(c);
	factor(c, f, share(holders[0]->periods, c->active_periods) >= need ? FACTOR_OK :
	    FACTOR_WEAK);
	free(holders);
}

static void
factor_sponsorship(struct comm *c)
{
	const double *t = c->t;
	int64_t scontrib;
	uint32_t speriods;
	size_t k;
	int visible, steering;

	if (!c->roles_known) {
		buf_printf(&c->sb, "%s", c->no_roles);
		factor(c, FACTOR_SPONSORSHIP, FACTOR_UNKNOWN);
		return;
	}
	k = sponsors(c, &scontrib, &speriods);
	if (k == 0) {
		buf_printf(&c->sb, "no sponsor or executive was active ");
		sb_span(c);
		factor(c, FACTOR_SPONSORSHIP, FACTOR_WEAK);
		return;
	}
	visible = share(speriods, c->active_periods) >= t[T_LANE_PRESENCE];
	steering = share((double)scontrib, (double)c->span_contrib) > t[T_LANE_DOMINANCE];
	sb_sponsors(c, k, scontrib, speriods);
	buf_printf(&c->sb, " ");
	sb_span(c);
	buf_printf(&c->sb, "%s", steering ? ": more steering than sponsoring" : !visible ?
	    ": too seldom to be visible" : "");
	factor(c, FACTOR_SPONSORSHIP, visible && !steering ? FACTOR_OK : FACTOR_WEAK);
}

/* The driver: every community's verdicts, in name order. */

/*
 * The scheduled machine and what happens around it, for passionless-glow
 * and the rhythm factor: a community's venues on a beat (cop-rhythm(1)'s
 * daily, weekly, biweekly or monthly cadence) whose sessions reach into
 * the span, and its activity in the span inside and outside them.
 */
struct glow {
	const struct rhythm_venue **series;	/* most regular first, then by name */
	size_t nseries;
	int other_venue;		/* a place of voluntary activity (talk_venue) */
	double regularity;		/* the most regular series' */
	uint64_t scheduled, voluntary;	/* events in the series; contributions elsewhere */
	int attendance;			/* some series records attendance */
	uint64_t nsessions;		/* of every series, in the span */
	uint64_t sessions[2], attend[2];	/* in each half of the span */
};

/* A venue's name, as sb_name writes a member's. */
static void
sb_venue(struct buf *sb, const struct strtab *venues, uint32_t id)
{
	const char *s = events_name(venues, id);
	size_t i, n = id == STR_NONE ? 0 : venues->len[id];

	if (n == 0) {
		buf_printf(sb, "(no venue)");
		return;
	}
	buf_reserve(sb, n);
	for (i = 0; i < n; i++)
		sb->p[sb->n++] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
	sb->p[sb->n] = '\0';
}

/* Remember a series of a present passionless glow, for the signal. */
static void
mark_series(struct comm *c, uint32_t venue)
{
	struct venue_key k;
	int created;

	memset(&k, 0, sizeof k);
	k.community = c->set->community;
	k.venue = venue;
	keymap_upsert(&c->p->scheduled, &k, &created);
}

static int
has_beat(enum cadence cad)
{
	return cad == CAD_DAILY || cad == CAD_WEEKLY || cad == CAD_BIWEEKLY || cad == CAD_MONTHLY;
}

/*
 * The community's rhythm venues by venue id, in p->venue_by_id (a search
 * of the list for each venue was quadratic: 4.5 s for 50,000 one-day
 * venues); NULL for a venue the rhythm does not list, the absent venue at
 * index venues.n. One array serves every community, set and cleared for
 * each, so that many communities cost no communities x venues.
 */
static const struct rhythm_venue **
venues_by_id(const struct comm *c, int set)
{
	struct patterns *p = c->p;
	size_t i, n = c->ev->venues.n + 1, old = p->nvenue_by_id;
	uint32_t id;

	if (n > old) {
		xgrow(&p->venue_by_id, &p->nvenue_by_id, n, sizeof *p->venue_by_id);
		memset(p->venue_by_id + old, 0, (p->nvenue_by_id - old) * sizeof *p->venue_by_id);
	}
	for (i = 0; i < c->rc->nvenues; i++) {
		id = c->rc->venue[i].venue;
		p->venue_by_id[id == STR_NONE ? n - 1 : id] = set ? &c->rc->venue[i] : NULL;
	}
	return p->venue_by_id;
}

/*
 * A place for voluntary activity: a venue that is not a series and is no
 * record of meetings either, less than a tenth of its events over the log
 * being attendance or hosting (minutes of irregular meetings record who
 * spoke, and are still meetings).
 */
static int
talk_venue(const struct rhythm_venue *v)
{
	return v != NULL && 10 * (v->kind[ACT_ATTEND] + v->kind[ACT_LEAD]) < v->events;
}

/* Is the venue a series on a beat whose sessions reach into the span? */
static int
is_series(const struct comm *c, const struct rhythm_venue *v)
{
	return v != NULL && has_beat(v->cadence) && period_of_day(v->last_day, c->g) >= c->S;
}

static const struct strtab *sort_venues;	/* qsort has no context argument */

static int
cmp_series(const void *pa, const void *pb)
{
	const struct rhythm_venue *a = *(const struct rhythm_venue *const *)pa;
	const struct rhythm_venue *b = *(const struct rhythm_venue *const *)pb;

	if (a->regularity != b->regularity)
		return a->regularity > b->regularity ? -1 : 1;
	return strtab_cmp(sort_venues, a->venue, b->venue);
}

/*
 * Attendance per session compares the sessions of the series that record
 * attendance, counting attend rows; when none does, all the series'
 * sessions, counting their events.
 */
static void
count_session(struct glow *gl, const struct rhythm_venue *v, const struct rd_rec *d, int h)
{
	if (gl->attendance && v->kind[ACT_ATTEND] == 0)
		return;
	gl->sessions[h]++;
	gl->attend[h] += gl->attendance ? d->kind[ACT_ATTEND] : d->events;
}

static void
measure_glow(struct comm *c, struct glow *gl)
{
	int64_t half = c->S + c->n / 2;
	const struct rhythm_venue **by_id;
	size_t i, j;

	memset(gl, 0, sizeof *gl);
	for (i = 0; i < c->rc->nvenues; i++)
		if (is_series(c, &c->rc->venue[i]) && c->rc->venue[i].kind[ACT_ATTEND] > 0)
			gl->attendance = 1;
	by_id = venues_by_id(c, 1);
	gl->series = xcalloc(c->rc->nvenues + 1, sizeof *gl->series);
	for (i = 0; i < c->ndays; i = j) {
		uint32_t id = c->days[i]->k.venue;
		const struct rhythm_venue *v = by_id[id == STR_NONE ? c->ev->venues.n : id];
		int series = is_series(c, v);

		if (series) {
			gl->series[gl->nseries++] = v;
		} else if (talk_venue(v))
			gl->other_venue = 1;
		for (j = i; j < c->ndays && c->days[j]->k.venue == c->days[i]->k.venue; j++) {
			const struct rd_rec *d = c->days[j];
			int64_t per = period_of_day(d->k.day, c->g);
			int h = per >= half;

			if (per < c->S || per > c->E)
				continue;
			if (!series) {
				gl->voluntary += d->kind[ACT_DISCUSS] + d->kind[ACT_CONTENT] +
				    d->kind[ACT_OTHER];
				continue;
			}
			gl->scheduled += d->events;
			gl->nsessions++;
			count_session(gl, v, d, h);
		}
	}
	venues_by_id(c, 0);
	sort_venues = &c->ev->venues;
	if (gl->nseries > 1)
		qsort(gl->series, gl->nseries, sizeof *gl->series, cmp_series);
	gl->regularity = gl->nseries ? gl->series[0]->regularity : 0;
}

static void
sb_series(struct comm *c, const struct glow *gl)
{
	size_t i;

	for (i = 0; i < gl->nseries && i < 3; i++) {
		const struct rhythm_venue *v = gl->series[i];

		if (i > 0)
			buf_printf(&c->sb, i + 1 == gl->nseries ? " and " : ", ");
		sb_venue(&c->sb, &c->ev->venues, v->venue);
		buf_printf(&c->sb, " (%s, regularity %.2f)", cadence_name(v->cadence), v->regularity);
	}
	if (gl->nseries > 3)
		buf_printf(&c->sb, " and %zu more series", gl->nseries - 3);
}

/* Attendance per session in a half of the span (count_session). */
static double
per_session(const struct glow *gl, int h)
{
	return share((double)gl->attend[h], (double)gl->sessions[h]);
}

static void
judge_passionless_glow(struct comm *c)
{
	const double *t = c->t;
	struct glow gl;
	double vol, att = 0, strength;
	int ok, compare;
	size_t i;

	measure_glow(c, &gl);
	if (!gl.other_venue || gl.nseries == 0) {
		if (!gl.other_venue)
			buf_printf(&c->sb, "the log has no venue for talk between sessions (all are "
			    "meeting series or records of attendance), so voluntary activity is "
			    "not recorded");
		else {
			buf_printf(&c->sb, "no venue keeps a beat ");
			sb_span(c);
			buf_printf(&c->sb, " (cop-rhythm -c): nothing runs on a schedule");
		}
		free(gl.series);
		verdict(c, PAT_PASSIONLESS_GLOW, gl.other_venue ? VERDICT_ABSENT : VERDICT_UNKNOWN,
		    0);
		return;
	}
	vol = share((double)gl.voluntary, (double)(gl.voluntary + gl.scheduled));
	compare = gl.sessions[0] > 0 && gl.sessions[1] > 0;
	strength = fmin(at_least(gl.regularity, t[T_GLOW_REGULARITY], 1),
	    at_most(vol, t[T_GLOW_VOLUNTARY], 1));
	ok = gl.regularity >= t[T_GLOW_REGULARITY] && vol <= t[T_GLOW_VOLUNTARY];
	if (compare) {
		att = share(per_session(&gl, 1), per_session(&gl, 0));
		strength = fmin(strength, at_most(att, t[T_GLOW_ATTENDANCE],
		    2 * t[T_GLOW_ATTENDANCE]));
		ok = ok && att <= t[T_GLOW_ATTENDANCE];
	}
	sb_series(c, &gl);
	buf_printf(&c->sb, " held %llu sessions ", (unsigned long long)gl.nsessions);
	sb_span(c);
	buf_printf(&c->sb, "; contributions outside them were ");
	sb_percent(&c->sb, vol);
	buf_printf(&c->sb, " of the activity (%llu of %llu)", (unsigned long long)gl.voluntary,
	    (unsigned long long)(gl.voluntary + gl.scheduled));
	if (compare)
		buf_printf(&c->sb, "; %s per session went from %.1f to %.1f between the halves",
		    gl.attendance ? "attendance" : "events",
		    per_session(&gl, 0), per_session(&gl, 1));
	else
		buf_printf(&c->sb, "; one half of the span has no session, so attendance is not "
		    "compared");
	for (i = 0; ok && i < gl.nseries; i++)
		mark_series(c, gl.series[i]->venue);
	free(gl.series);
	verdict(c, PAT_PASSIONLESS_GLOW, ok ? VERDICT_PRESENT : VERDICT_ABSENT, strength);
}

static void
factor_rhythm(struct comm *c)
{
	enum factor_status st;
	struct glow gl;
	double vol;

	measure_glow(c, &gl);
	vol = share((double)gl.voluntary, (double)(gl.voluntary + gl.scheduled));
	if (gl.nseries == 0) {
		buf_printf(&c->sb, "no venue keeps a beat ");
		sb_span(c);
		buf_printf(&c->sb, ", so the community has no regular events");
		st = FACTOR_WEAK;
	} else if (gl.regularity < c->t[T_GLOW_REGULARITY]) {
		sb_series(c, &gl);
		buf_printf(&c->sb, ": no series keeps its beat ");
		sb_span(c);
		st = FACTOR_WEAK;
	} else {
		sb_series(c, &gl);
		buf_printf(&c->sb, " keep%s the beat ", gl.nseries == 1 ? "s" : "");
		sb_span(c);
		if (!gl.other_venue) {
			buf_printf(&c->sb, ", but the log has no venue for talk between sessions, so "
			    "the mix cannot be judged");
			st = FACTOR_UNKNOWN;
		} else {
			buf_printf(&c->sb, ", and contributions outside them were ");
			sb_percent(&c->sb, vol);
			buf_printf(&c->sb, " of the activity%s", vol <= c->t[T_GLOW_VOLUNTARY] ?
			    ": little happens between sessions" : "");
			st = vol > c->t[T_GLOW_VOLUNTARY] ? FACTOR_OK : FACTOR_WEAK;
		}
	}
	free(gl.series);
	factor(c, FACTOR_RHYTHM, st);
}

/* One community's part of each table, sorted by community id. */
struct slice {
	struct mp_rec **rec;
	size_t nrec;
	struct edge_rec **edge;
	size_t nedge;
	int last;			/* the last community: its edges are the last read */
	struct rd_rec **day;
	size_t nday;
	const struct rhythm_community *rc;
};

static void
judge_community(struct patterns *p, struct events *ev, struct pattern_set *set,
    const struct slice *sl)
{
	struct comm c;

	memset(&c, 0, sizeof c);
	c.rc = sl->rc;
	c.days = sl->day;
	c.ndays = sl->nday;
	c.p = p;
	c.ev = ev;
	c.dir = ev->dir;
	c.t = p->pp->t;
	c.set = set;
	c.g = p->grain;
	c.no_roles = why_no_roles(ev->dir);
	c.roles_known = c.no_roles == NULL;
	c.units_known = units_known(ev->dir);
	comm_build(&c, sl->rec, sl->nrec, sl->edge, sl->nedge, sl->last);
	judge_big_boys_club(&c);
	judge_solopreneur(&c);
	judge_passionless_glow(&c);
	judge_dropped_anchor(&c);
	judge_big_brother_conflict(&c);
	judge_band_of_brothers(&c);
	judge_diversity_rules(&c);
	judge_musical_chairs(&c);
	judge_fast_lane(&c);
	judge_circle_of_life(&c);
	factor_core_group(&c);
	factor_role(&c, FACTOR_COORDINATOR, coordinator_roles, "coordinator",
	    c.t[T_COORD_PRESENCE]);
	factor_role(&c, FACTOR_EXPERTS, expert_roles, "expert", c.t[T_EXPERT_PRESENCE]);
	factor_rhythm(&c);
	factor_sponsorship(&c);
	comm_free(&c);
}

/* A community with no counted event: every verdict and factor unknown. */
static void
judge_empty(struct pattern_set *set)
{
	size_t i;

	set->span_first = 1;
	set->span_last = 0;
	for (i = 0; i < PAT_COUNT; i++) {
		set->pattern[i].verdict = VERDICT_UNKNOWN;
		set->pattern[i].evidence = xstrdup("no events to judge");
	}
	for (i = 0; i < FACTOR_COUNT; i++) {
		set->factor[i].status = FACTOR_UNKNOWN;
		set->factor[i].evidence = xstrdup("no events to judge");
	}
}

static const struct strtab *sort_communities;

static int
cmp_sets(const void *pa, const void *pb)
{
	const struct pattern_set *a = pa, *b = pb;

	if (a->community == STR_NONE || b->community == STR_NONE)
		return (a->community != STR_NONE) - (b->community != STR_NONE);
	return strtab_cmp(sort_communities, a->community, b->community);
}

static int
cmp_days(const void *pa, const void *pb)
{
	const struct rd_rec *a = *(struct rd_rec *const *)pa, *b = *(struct rd_rec *const *)pb;

	if (a->k.community != b->k.community)
		return a->k.community < b->k.community ? -1 : 1;
	if (a->k.venue != b->k.venue)
		return a->k.venue < b->k.venue ? -1 : 1;
	return (a->k.day > b->k.day) - (a->k.day < b->k.day);
}

/* The venue x day records, by community id, venue id and day; caller frees. */
static struct rd_rec **
days_sorted(const struct rhythm_days *d)
{
	struct rd_rec **v = xreallocarray(NULL, d->days.n, sizeof *v);
	size_t i;

	for (i = 0; i < d->days.n; i++)
		v[i] = keymap_rec(&d->days, i);
	qsort(v, d->days.n, sizeof *v, cmp_days);
	return v;
}

/* Levels, unless a `level` column gave them, and rhythm.c's figures. */
static void
compute_levels_and_rhythm(struct patterns *p, struct events *ev)
{
	if (p->a.mp.n == 0)
		return;
	if (p->col_level < 0)
		levels_sweep(&p->a, ev->dir->names.n, &p->pp->lp, p->last, NULL, NULL);
	rhythm_defaults(&p->rp, p->grain);
	rhythm_compute(&p->rhythm, &p->a, &p->days, ev, &p->rp,
	    tz_day(&ev->opt->tz, p->a.last));
	p->have_rhythm = 1;
}

/* rhythm.c's figures for a community. */
static const struct rhythm_community *
rhythm_of(const struct rhythm *r, uint32_t community)
{
	size_t i;

	for (i = 0; i < r->ncomm; i++)
		if (r->comm[i].community == community)
			return &r->comm[i];
	die("internal error: no rhythm for a community");
	return NULL;
}

/*
 * The first period whose rows can be evidence, per community: the span's
 * for every present pattern but two, whose members' periods (a dropped
 * anchor's, an intervention's) may lie before it. Pass two then labels
 * the rows of earlier periods, most of a long log, without looking up
 * their member.
 */
static void
signal_from(struct patterns *p)
{
	const unsigned early = 1u << PAT_DROPPED_ANCHOR | 1u << PAT_BIG_BROTHER_CONFLICT;
	size_t i, j;

	for (i = 0; i < p->nset; i++) {
		struct pattern_set *set = &p->set[i];

		set->signal_from = INT64_MAX;
		if ((set->present & ~early) != 0 && set->span_first <= set->span_last)
			set->signal_from = set->span_first;
	}
	for (j = 0; j < p->people.n; j++) {
		const struct person *m = keymap_rec(&p->people, j);
		/* the sets are p's own: patterns_find's answer is const for its callers */
		struct pattern_set *set = (struct pattern_set *)patterns_find(p, m->k.community);

		if (set == NULL || (set->present & early) == 0)
			continue;
		if ((set->present & 1u << PAT_DROPPED_ANCHOR) && m->anchor_from <= m->anchor_to &&
		    m->anchor_from < set->signal_from)
			set->signal_from = m->anchor_from;
		if ((set->present & 1u << PAT_BIG_BROTHER_CONFLICT) &&
		    m->intervention != INT64_MIN && m->intervention < set->signal_from)
			set->signal_from = m->intervention;
	}
}

/*
 * After pass one: levels and rhythm, then each community's verdicts. A
 * stream without a community column always gets its one set, with every
 * verdict unknown when no event counted.
 */
void
patterns_finish(struct patterns *p, struct events *ev)
{
	struct mp_rec **v;
	struct edge_rec **e;
	struct rd_rec **d;
	size_t lo, hi, elo = 0, ehi, dlo = 0, dhi, i;

	agg_settle(&p->a);
	edges_settle(&p->edges);
	rhythm_days_settle(&p->days);
	compute_levels_and_rhythm(p, ev);
	v = agg_sorted(&p->a);
	e = p->edge_order = edges_by_community(&p->edges);
	d = days_sorted(&p->days);
	keymap_init(&p->people, sizeof(struct person_key), sizeof(struct person));
	/* a person per member and community with a record */
	keymap_reserve(&p->people, min64((int64_t)ev->dir->names.n, (int64_t)p->a.mp.n));
	p->set = xcalloc(ev->communities.n + 1, sizeof *p->set);
	for (lo = 0; lo < p->a.mp.n; lo = hi) {
		uint32_t id = v[lo]->k.community;
		struct slice sl;

		for (hi = lo; hi < p->a.mp.n && v[hi]->k.community == id; hi++)
			;
		while (elo < p->edges.m.n && e[elo]->k.community < id)
			elo++;
		for (ehi = elo; ehi < p->edges.m.n && e[ehi]->k.community == id; ehi++)
			;
		while (dlo < p->days.days.n && d[dlo]->k.community < id)
			dlo++;
		for (dhi = dlo; dhi < p->days.days.n && d[dhi]->k.community == id; dhi++)
			;
		sl.rec = v + lo;
		sl.nrec = hi - lo;
		sl.edge = e + elo;
		sl.nedge = ehi - elo;
		sl.last = hi == p->a.mp.n;
		sl.day = d + dlo;
		sl.nday = dhi - dlo;
		sl.rc = rhythm_of(&p->rhythm, id);
		p->set[p->nset].community = id;
		judge_community(p, ev, &p->set[p->nset++], &sl);
		elo = ehi;
		dlo = dhi;
	}
	if (p->nset == 0 && (!ev->in.have_header || ev->col[COL_COMMUNITY] < 0)) {
		p->set[0].community = STR_NONE;
		judge_empty(&p->set[p->nset++]);
	}
	sort_communities = &ev->communities;
	qsort(p->set, p->nset, sizeof *p->set, cmp_sets);
	p->set_of = xreallocarray(NULL, ev->communities.n + 1, sizeof *p->set_of);
	for (i = 0; i < p->nset; i++)
		p->set_of[p->set[i].community == STR_NONE ? ev->communities.n :
		    p->set[i].community] = i;
	p->ncommunities = ev->communities.n;
	signal_from(p);
	free(p->edge_order);	/* if no community was judged */
	p->edge_order = NULL;
	free(d);
}

/* The verdicts of a community (STR_NONE: the stream's only one), NULL if none. */
const struct pattern_set *
patterns_find(const struct patterns *p, uint32_t community)
{
	size_t i;

	if (community == STR_NONE) {
		if (p->nset == 0 || p->set[0].community != STR_NONE)
			return NULL;
		return &p->set[0];
	}
	if (community >= p->ncommunities)
		return NULL;
	i = p->set_of[community];
	return i < p->nset && p->set[i].community == community ? &p->set[i] : NULL;
}

/* Is the event's venue a series of its community's present passionless glow? */
static int
is_scheduled(const struct patterns *p, const struct event *e)
{
	struct venue_key k;

	memset(&k, 0, sizeof k);
	k.community = e->community;
	k.venue = e->venue;
	return keymap_find(&p->scheduled, &k) != KEY_NONE;
}

/* Is this event part of the evidence for present pattern pat of its community? */
static int
evidence_for(struct patterns *p, struct events *ev, const struct event *e,
    const struct pattern_set *set, struct person *m, int64_t per, enum pattern pat)
{
	int in_span = per >= set->span_first && per <= set->span_last;
	struct person *to;

	switch (pat) {
	case PAT_BIG_BOYS_CLUB:
		return in_span && m->senior && is_contribution(e->kind);
	case PAT_SOLOPRENEUR:
		return in_span && m->lead;
	case PAT_PASSIONLESS_GLOW:
		return in_span && is_scheduled(p, e);
	case PAT_DROPPED_ANCHOR:
		return per >= m->anchor_from && per <= m->anchor_to;
	case PAT_BIG_BROTHER_CONFLICT:
		return per == m->intervention && (m->intervention_all || is_contribution(e->kind));
	case PAT_BAND_OF_BROTHERS:
		if (!in_span || !m->band || e->reply_to == STR_NONE || e->reply_to == e->member ||
		    e->kind == ACT_REACT || e->kind == ACT_MEMBERSHIP)
			return 0;
		to = person_hinted(p, e->community, e->reply_to);
		return to != NULL && to->band;
	case PAT_DIVERSITY_RULES:
		if (!in_span || !m->diversity || m->first_done || e->time != m->first_time)
			return 0;
		m->first_done = 1;
		return 1;
	case PAT_MUSICAL_CHAIRS:
		return in_span && e->kind == ACT_LEAD;
	case PAT_FAST_LANE:
		return in_span && is_strategic(p, ev, e);
	case PAT_CIRCLE_OF_LIFE:
		return in_span && m->returned;
	case PAT_COUNT:
		break;
	}
	return 0;
}

/*
 * Whether a row of the community and period (counted by patterns_add) can
 * be evidence for some present pattern: if not, patterns_signal would
 * find it none.
 */
int
patterns_may_signal(const struct patterns *p, uint32_t community, int64_t period)
{
	const struct pattern_set *set = patterns_find(p, community);

	return set != NULL && set->present != 0 && period >= set->signal_from;
}

/* The present patterns of set that the event is evidence for, as bits. */
static unsigned
evidence_mask(struct patterns *p, struct events *ev, const struct event *e,
    const struct pattern_set *set, struct person *m, int64_t per)
{
	unsigned mask = 0;
	int pat;

	for (pat = 0; pat < PAT_COUNT; pat++)
		if ((set->present & (1u << pat)) &&
		    evidence_for(p, ev, e, set, m, per, (enum pattern)pat))
			mask |= 1u << pat;
	return mask;
}

/*
 * The patterns whose evidence needs more of a row than its note keeps:
 * its venue and day (a scheduled meeting), its thread (strategic) or its
 * time (a member's first event).
 */
#define NEEDS_ROW (1u << PAT_PASSIONLESS_GLOW | 1u << PAT_FAST_LANE | 1u << PAT_DIVERSITY_RULES)

/*
 * patterns_signal from the note of a row pass one counted (its period,
 * community, member, reply_to and kind): 1 with *mask set, as
 * patterns_signal would set it, or 0 when a present pattern needs the row
 * itself, which must then be parsed for patterns_signal.
 */
int
patterns_signal_noted(struct patterns *p, const struct row_note *n, unsigned *mask)
{
	const struct pattern_set *set;
	struct person *m;
	struct event e;

	*mask = 0;
	if (!patterns_may_signal(p, n->community, n->period))
		return 1;
	set = patterns_find(p, n->community);
	if (set->present & NEEDS_ROW)
		return 0;
	if ((m = person_hinted(p, n->community, n->member)) == NULL)
		return 1;
	memset(&e, 0, sizeof e);
	e.community = n->community;
	e.member = n->member;
	e.reply_to = n->reply_to;
	e.kind = (enum action_kind)n->kind;
	*mask = evidence_mask(p, NULL, &e, set, m, n->period);	/* no NEEDS_ROW: no ev */
	return 1;
}

/*
 * Pass two: which present patterns the current row is evidence for, as
 * bits (1u << pattern) in *mask. Returns 0 for a row whose `level` or
 * `period` value is bad (under -k: to be left out, as in pass one).
 */
int
patterns_signal(struct patterns *p, struct events *ev, struct event *e, unsigned *mask)
{
	struct person *m;
	int64_t per;
	enum level lv;

	*mask = 0;
	if (e->excluded)
		return 1;	/* as in patterns_add: its "-" is no period */
	if (!row_period(p, ev, e, &per, 0) || !row_level(p, ev, &lv, 0))
		return 0;
	if (!patterns_may_signal(p, e->community, per) ||
	    (m = person_hinted(p, e->community, e->member)) == NULL)
		return 1;
	events_complete(ev, e);		/* the names a pass two may leave out */
	*mask = evidence_mask(p, ev, e, patterns_find(p, e->community), m, per);
	return 1;
}

void
patterns_free(struct patterns *p)
{
	size_t i, j;

	for (i = 0; i < p->nset; i++) {
		for (j = 0; j < PAT_COUNT; j++)
			free(p->set[i].pattern[j].evidence);
		for (j = 0; j < FACTOR_COUNT; j++)
			free(p->set[i].factor[j].evidence);
	}
	free(p->set);
	free(p->set_of);
	free(p->venue_strategic);
	free(p->venue_by_id);
	if (p->have_rhythm)
		rhythm_free(&p->rhythm);
	rhythm_days_free(&p->days);
	keymap_free(&p->scheduled);
	agg_free(&p->a);
	edges_free(&p->edges);
	keymap_free(&p->people);
	free(p->person_hint);
}

/*
 * The tables of pass one, for a program that needs the same figures
 * (cop-report reads them instead of building copies): the member x period
 * table (struct pm_rec records, a struct mp_rec first), the reply edges
 * and the venue x day table, all fed the rows patterns_add counted. Valid
 * until patterns_free; after patterns_finish their levels and beats are
 * only what the last sweep wrote, the edges only those patterns_keep_edges
 * asked for, and their indexes are freed (agg_settle): a lookup makes
 * them again.
 */
struct agg *
patterns_agg(struct patterns *p)
{
	return &p->a;
}

struct edges *
patterns_edges(struct patterns *p)
{
	edges_flush(&p->edges);		/* every reply counted so far, in the table */
	return &p->edges;
}

/*
 * The caller reads the reply edges of the given period and later ones
 * after patterns_finish; by default none are kept once judged.
 */
void
patterns_keep_edges(struct patterns *p, int64_t period)
{
	p->edges_from = period;
}

struct rhythm_days *
patterns_days(struct patterns *p)
{
	return &p->days;
}

/* rhythm.c's figures of pass one's tables, in our grain; NULL if none. */
const struct rhythm *
patterns_rhythm(const struct patterns *p)
{
	return p->have_rhythm ? &p->rhythm : NULL;
}
