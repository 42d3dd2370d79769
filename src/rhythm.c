/*
 * rhythm.c: the rhythm of a community, as cop-rhythm(1) defines it, from
 * two aggregates so that no caller reads its events twice. The member x
 * period table of agg.c gives, per community and period, the events,
 * members, newcomers, returning, retained and departed members, the mix
 * of activities and a moving average, and from them the trend and the
 * lifecycle stage of Wenger, McDermott & Snyder (2002). The venue x day
 * table kept here (struct rhythm_days, fed per event like agg_add) gives
 * each venue's sessions (its days with events) and their cadence: beats
 * of a day, a week, two weeks and a month are fitted to the sessions, the
 * series cut into phases where the cadence changes; a venue
 * whose days are long conversations rather than sessions is continuous,
 * measured by the weeks it is heard in and the burstiness of its weekly
 * counts (Goh & Barabasi 2008). Memory grows with venues x days and
 * members x periods, never with events.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

#define NBEATS 4	/* daily, weekly, biweekly, monthly: the cadences with a beat */
#define NSTATES 5	/* and irregular */
#define EPS 1e-9	/* so that a threshold met exactly in decimal is met in binary */

/* The beats in days; a month is the mean Gregorian month. */
static const double beat_days[NBEATS] = { 1, 7, 14, 365.2425 / 12 };

struct rm_key {			/* a member of a venue: the set counts its members */
	uint32_t community, venue, member;
};
struct span_key {
	uint32_t community, member;
};
struct span_rec {		/* a member's first and last period in a community */
	struct span_key k;
	int32_t first, last;
	uint8_t in_recent, in_earlier;
};
struct cv_key {
	uint32_t community, venue;
};
struct cv_rec {			/* where a venue's figures are being built */
	struct cv_key k;
	size_t comm, venue;
};

const char *
cadence_name(enum cadence c)
{
	static const char *const names[] = {
		"daily", "weekly", "biweekly", "monthly", "irregular", "continuous"
	};

	return names[c];
}

const char *
trend_name(enum trend t)
{
	static const char *const names[] = { "growing", "steady", "declining", "dormant" };

	return names[t];
}

const char *
stage_name(enum stage s)
{
	static const char *const names[] = {
		"potential", "coalescing", "maturing", "stewardship", "transformation"
	};

	return names[s];
}

/*
 * The documented defaults. The trend compares a half-year with the one
 * before it and the moving average spans about a month, in the grain's
 * own periods.
 */
void
rhythm_defaults(struct rhythm_params *rp, enum grain g)
{
	rp->window = g == GRAIN_DAY ? 182 : g == GRAIN_WEEK ? 26 : 6;
	rp->moving = g == GRAIN_DAY ? 7 : g == GRAIN_WEEK ? 4 : 3;
	rp->growth = 0.2;
	rp->tolerance = 0.25;
	rp->regularity = 0.5;
	rp->phase_cost = 4;
	rp->min_sessions = 3;
	rp->session_hours = 4;
	rp->day_share = 1.0 / 14;
	rp->dense = 1;
}

/* The venue x day table. */

void
rhythm_days_init(struct rhythm_days *d)
{
	memset(d, 0, sizeof *d);
	keymap_init(&d->days, sizeof(struct rd_key), sizeof(struct rd_rec));
	keymap_init(&d->members, sizeof(struct rm_key), sizeof(struct rm_key));
}

static struct rd_key
rd_key(uint32_t community, uint32_t venue, int64_t day)
{
	struct rd_key k;

	memset(&k, 0, sizeof k);
	k.community = community;
	k.venue = venue;
	k.day = (int32_t)day;
	return k;
}

/*
 * The index of k's record, made if absent. A venue's events mostly fall
 * on the day of its previous one, even in unsorted input, so the venue's
 * last record is tried before the table is hashed and probed (that took
 * a fifth of cop-rhythm -s). The hint is kept at venue id + 1, so that
 * STR_NONE (rows without a venue) wraps to slot 0.
 */
static size_t
day_index(struct rhythm_days *d, const struct rd_key *k, int *created)
{
	uint32_t *h = hint_at(&d->day_hint, &d->nday_hint, (uint32_t)(k->venue + 1));
	size_t i;

	*created = 0;
	if (*h != 0) {
		const struct rd_rec *r = keymap_rec(&d->days, *h - 1);

		if (r->k.day == k->day && r->k.community == k->community)
			return *h - 1;
	}
	i = keymap_upsert(&d->days, k, created);
	*h = (uint32_t)i + 1;
	return i;
}

/*
 * Record that the member used the venue. Members wander between a few
 * venues, so their last venue alone missed a third of the time (a tenth
 * of cop-rhythm -s went to hashing the set): the first VENUE_BITS venue
 * slots a member used in one community are kept as bits, and only other
 * venues try the last one and then the set.
 */
static void
add_member(struct rhythm_days *d, uint32_t community, uint32_t venue, uint32_t member)
{
	uint32_t slot = venue + 1, *h;	/* STR_NONE wraps to slot 0 */
	struct rm_seen *seen = NULL;
	struct rm_key mk;
	size_t old;
	int created;

	if (slot < VENUE_BITS) {
		if (member >= d->nseen) {
			old = d->nseen;
			xgrow(&d->seen, &d->nseen, (size_t)member + 1, sizeof *d->seen);
			memset(d->seen + old, 0, (d->nseen - old) * sizeof *d->seen);
		}
		seen = &d->seen[member];
		if (seen->venues == 0)
			seen->community = community;
		if (seen->community == community) {
			if (seen->venues & (uint64_t)1 << slot)
				return;
		} else
			seen = NULL;
	}
	h = hint_at(&d->member_hint, &d->nmember_hint, member);
	if (seen == NULL && *h != 0) {
		const struct rm_key *m = keymap_rec(&d->members, *h - 1);

		if (m->venue == venue && m->community == community)
			return;
	}
	memset(&mk, 0, sizeof mk);
	mk.community = community;
	mk.venue = venue;
	mk.member = member;
	*h = (uint32_t)keymap_upsert(&d->members, &mk, &created) + 1;
	if (seen != NULL)
		seen->venues |= (uint64_t)1 << slot;
}

/* Count one event (not a bot's) in its venue's day and member sets. */
void
rhythm_days_add(struct rhythm_days *d, const struct event *e)
{
	struct rd_key k = rd_key(e->community, e->venue, e->day);
	struct rd_rec *r;
	int created;

	r = keymap_rec(&d->days, day_index(d, &k, &created));
	if (created) {
		r->first = r->last = e->time;
		r->beat = -1;
	}
	if (e->count > UINT32_MAX - r->events)	/* 32 bits: see struct rd_rec */
		die("more than %lu events in one venue in one day",
		    (unsigned long)UINT32_MAX);
	r->events += (uint32_t)e->count;
	r->kind[e->kind] += (uint32_t)e->count;	/* no more than events */
	if (e->time < r->first)
		r->first = e->time;
	if (e->time > r->last)
		r->last = e->time;
	add_member(d, e->community, e->venue, e->member);
}

/*
 * Every event is in: the member sets' index and the hints of adding are
 * freed, as agg_settle's. The days keep their index, for rhythm_beat.
 */
void
rhythm_days_settle(struct rhythm_days *d)
{
	keymap_drop_index(&d->members);
	hint_free(&d->member_hint, &d->nmember_hint);
	free(d->seen);
	d->seen = NULL;
	d->nseen = 0;
}

void
rhythm_days_free(struct rhythm_days *d)
{
	keymap_free(&d->days);
	keymap_free(&d->members);
	free(d->day_hint);
	free(d->member_hint);
	free(d->seen);
}

/* Whether the venue's session on day fell on its beat: 1, 0, or -1 for no beat. */
int
rhythm_beat(const struct rhythm_days *d, uint32_t community, uint32_t venue, int64_t day)
{
	struct rd_key k = rd_key(community, venue, day);
	size_t i = keymap_find(&d->days, &k);

	return i == KEY_NONE ? -1 : ((const struct rd_rec *)keymap_rec(&d->days, i))->beat;
}

/* Communities. */

static size_t
cslot(uint32_t community)
{
	return community == STR_NONE ? 0 : (size_t)community + 1;
}

static const struct strtab *sort_names;	/* qsort has no context argument */

static int
cmp_communities(const void *pa, const void *pb)
{
	return strtab_cmp(sort_names, ((const struct rhythm_community *)pa)->community,
	    ((const struct rhythm_community *)pb)->community);
}

/*
 * One rhythm_community per community with events, by name; index[cslot(id)]
 * becomes its position. Each spans its first period through the as-of one.
 */
static size_t *
find_communities(struct rhythm *r, struct agg *a, const struct rhythm_days *d,
    const struct events *ev)
{
	size_t nslots = ev->communities.n + 1, i, *index = xreallocarray(NULL, nslots, sizeof *index);
	int64_t *first = xreallocarray(NULL, nslots, sizeof *first);

	for (i = 0; i < nslots; i++) {
		index[i] = SIZE_MAX;
		first[i] = INT64_MAX;
	}
	for (i = 0; i < a->mp.n; i++) {
		const struct mp_rec *m = keymap_rec(&a->mp, i);
		size_t s = cslot(m->k.community);

		if (index[s] == SIZE_MAX) {
			index[s] = r->ncomm;
			r->comm = xreallocarray(r->comm, ++r->ncomm, sizeof *r->comm);
			memset(&r->comm[r->ncomm - 1], 0, sizeof *r->comm);
			r->comm[r->ncomm - 1].community = m->k.community;
			r->comm[r->ncomm - 1].first_day = INT64_MAX;
		}
		if (m->k.period < first[s])
			first[s] = m->k.period;
	}
	for (i = 0; i < d->days.n; i++) {
		const struct rd_rec *v = keymap_rec(&d->days, i);
		struct rhythm_community *c = &r->comm[index[cslot(v->k.community)]];

		if (v->k.day < c->first_day)
			c->first_day = v->k.day;
	}
	for (i = 0; i < r->ncomm; i++) {
		struct rhythm_community *c = &r->comm[i];
		int64_t f = first[cslot(c->community)];

		c->life.first = f;
		c->nperiods = r->last >= f ? (size_t)(r->last - f + 1) : 0;
		c->period = xcalloc(c->nperiods, sizeof *c->period);
	}
	sort_names = &ev->communities;
	if (r->ncomm > 1)	/* qsort(NULL, 0) is undefined */
		qsort(r->comm, r->ncomm, sizeof *r->comm, cmp_communities);
	for (i = 0; i < r->ncomm; i++)
		index[cslot(r->comm[i].community)] = i;
	free(first);
	return index;
}

/*
 * What fill_periods and window_members need of each member record: its
 * member's span and whether the member had a record the period before.
 * Found by walking each member's records in period order rather than by
 * hashing twice a record (that was a tenth of cop-rhythm -s).
 */
struct rec_info {
	uint32_t span;			/* index in r->spans */
	uint8_t retained;		/* a record of period - 1 exists */
};

static const struct agg *sort_agg;	/* qsort has no context argument */

static int
cmp_rec_index(const void *pa, const void *pb)
{
	const struct mp_rec *a = keymap_rec(&sort_agg->mp, *(const uint32_t *)pa);
	const struct mp_rec *b = keymap_rec(&sort_agg->mp, *(const uint32_t *)pb);

	if (a->k.community != b->k.community)
		return a->k.community < b->k.community ? -1 : 1;
	return a->k.period < b->k.period ? -1 : a->k.period > b->k.period;
}

/*
 * Record indexes grouped by member (a counting sort on the dense member
 * ids), each member's by community and period: records are made in about
 * period order, so a member's are mostly in order already and only the
 * others are sorted. start[m]..start[m + 1] are member m's; caller frees
 * both.
 */
static uint32_t *
by_member(const struct agg *a, size_t **startp, size_t *nmembersp)
{
	size_t n = a->mp.n, nm = 0, i, j, *start;
	uint32_t *v = xreallocarray(NULL, n + 1, sizeof *v);

	for (i = 0; i < n; i++) {
		const struct mp_rec *m = keymap_rec(&a->mp, i);

		if ((size_t)m->k.member + 1 > nm)
			nm = (size_t)m->k.member + 1;
	}
	start = xcalloc(nm + 1, sizeof *start);
	for (i = 0; i < n; i++)
		start[((const struct mp_rec *)keymap_rec(&a->mp, i))->k.member + 1]++;
	for (i = 0; i < nm; i++)
		start[i + 1] += start[i];
	for (i = 0; i < n; i++)
		v[start[((const struct mp_rec *)keymap_rec(&a->mp, i))->k.member]++] = (uint32_t)i;
	for (i = nm; i > 0; i--)	/* each start[m] ran to start[m + 1]: shift back */
		start[i] = start[i - 1];
	start[0] = 0;
	sort_agg = a;
	for (i = 0; i < nm; i++)
		for (j = start[i] + 1; j < start[i + 1]; j++)
			if (cmp_rec_index(&v[j - 1], &v[j]) > 0) {
				qsort(v + start[i], start[i + 1] - start[i], sizeof *v,
				    cmp_rec_index);
				break;
			}
	*startp = start;
	*nmembersp = nm;
	return v;
}

/* Every member's first and last period in each community, and each record's rec_info. */
static struct rec_info *
member_spans(struct rhythm *r, struct agg *a)
{
	struct rec_info *info = xreallocarray(NULL, a->mp.n + 1, sizeof *info);
	size_t *start, nm, i, j;
	uint32_t *v = by_member(a, &start, &nm);
	const struct mp_rec *m, *prev;
	struct span_key k;
	struct span_rec *s = NULL;
	size_t si = 0;
	int created;

	keymap_init(&r->spans, sizeof(struct span_key), sizeof(struct span_rec));
	for (i = 0; i < nm; i++) {
		prev = NULL;
		for (j = start[i]; j < start[i + 1]; j++) {
			m = keymap_rec(&a->mp, v[j]);
			if (prev == NULL || prev->k.community != m->k.community) {
				memset(&k, 0, sizeof k);
				k.community = m->k.community;
				k.member = m->k.member;
				si = keymap_upsert(&r->spans, &k, &created);
				s = keymap_rec(&r->spans, si);
				s->first = m->k.period;
				prev = NULL;
			}
			s->last = m->k.period;	/* in period order */
			info[v[j]].span = (uint32_t)si;
			info[v[j]].retained = prev != NULL && prev->k.period == m->k.period - 1;
			prev = m;
		}
	}
	free(start);
	free(v);
	return info;
}

static struct span_rec *
span_find(const struct rhythm *r, uint32_t community, uint32_t member)
{
	struct span_key k;
	size_t i;

	memset(&k, 0, sizeof k);
	k.community = community;
	k.member = member;
	i = keymap_find(&r->spans, &k);
	return i == KEY_NONE ? NULL : keymap_rec(&r->spans, i);
}

/* The period in which member first took part in community; 0 if never. */
int
rhythm_first_period(const struct rhythm *r, uint32_t community, uint32_t member,
    int64_t *period)
{
	const struct span_rec *s = span_find(r, community, member);

	if (s == NULL)
		return 0;
	*period = s->first;
	return 1;
}

/* Cadence. */

struct fit {
	uint32_t on, missed;
};

/*
 * The weekdays of a daily beat: those holding at least day_share of the
 * sessions, so that a Monday-to-Friday stand-up misses no beat at the
 * weekend. Daily means most days of the week: with fewer than four such
 * weekdays there is no daily beat (one weekday would be a weekly one).
 */
static unsigned
daily_weekdays(struct rd_rec **day, size_t n, double day_share)
{
	uint64_t count[7] = { 0 };
	unsigned mask = 0;
	size_t i;
	int w, days = 0;

	for (i = 0; i < n; i++)
		count[weekday_of_day(day[i]->k.day) - 1]++;
	for (w = 0; w < 7; w++)
		if ((double)count[w] >= day_share * (double)n - EPS) {
			mask |= 1u << w;
			days++;
		}
	return days >= 4 ? mask : 0;
}

/* The days after a up to b whose weekday is in mask. */
static int64_t
weekdays_between(int64_t a, int64_t b, unsigned mask)
{
	int64_t n = 0, d;
	int w;

	for (w = 0; w < 7; w++)
		n += (mask >> w) & 1;
	n *= (b - a) / 7;
	for (d = a + 1 + (b - a) / 7 * 7; d <= b; d++)
		n += (mask >> (weekday_of_day(d) - 1)) & 1;
	return n;
}

/*
 * A session on day against a beat of L days kept from anchor: on the beat
 * if within tolerance of k >= 1 beats after the anchor, which means k - 1
 * beats were missed, and it becomes the anchor. A session off the beat
 * before one beat has passed is an extra: it neither misses nor moves the
 * beat. One off the beat later than that is late: the floor(g / L) beats
 * that passed were missed, and the beat moves to it. For the daily beat
 * the gap g counts only the weekdays of mask. Returns the next anchor.
 */
static int64_t
beat_step(int64_t day, int64_t anchor, int beat, unsigned mask, double tolerance,
    struct fit *f)
{
	double L = beat_days[beat], g, k;

	g = beat == CAD_DAILY ? (double)weekdays_between(anchor, day, mask) :
	    (double)(day - anchor);
	k = floor(g / L + 0.5);
	f->on = k >= 1 && fabs(g - k * L) <= tolerance * L + EPS;
	if (f->on)
		f->missed = (uint32_t)k - 1;
	else
		f->missed = g < L ? 0 : (uint32_t)floor(g / L);
	return f->on || g >= L ? day : anchor;
}

/*
 * A session's misfit against a beat: its missed beats, and 1 / R if it
 * is off the beat (R the least regularity, rp->regularity), counted at
 * most phase_cost, as one long pause is a pause, not a change of
 * cadence. A session of an irregular stretch costs (1 - R) / R. With
 * these weights a stretch is cheaper on a beat than irregular exactly
 * when its regularity on that beat, on / (sessions + missed), is at
 * least R.
 */
static double
misfit(const struct fit *f, const struct rhythm_params *rp)
{
	double c = (double)f->missed + (f->on ? 0 : 1 / rp->regularity);

	return c < rp->phase_cost ? c : rp->phase_cost;
}

struct path {		/* the cheapest cadences up to a session, ending in one state */
	double cost;
	int64_t anchor;		/* where that path keeps its beat */
};

/*
 * The best path into state s at session i, from the paths into each state
 * at session i - 1: going on in s with its anchor, or changing into s for
 * phase_cost with the beat kept from the previous session. Ties go on.
 */
static void
path_step(struct rd_rec **day, size_t i, int s, int from, const struct path *prev,
    unsigned mask, const struct rhythm_params *rp, struct path *next, struct fit *f,
    unsigned char *back)
{
	double irregular = (1 - rp->regularity) / rp->regularity, change = HUGE_VAL;
	int64_t anchor_on = prev[s].anchor, anchor_in = day[i - 1]->k.day;
	struct fit f_on = { 0, 0 }, f_in = { 0, 0 };
	double on, in;
	int t, best = s;

	for (t = from; t < NSTATES; t++)
		if (t != s && prev[t].cost + rp->phase_cost < change - EPS) {
			change = prev[t].cost + rp->phase_cost;
			best = t;
		}
	if (s == CAD_IRREGULAR) {
		on = prev[s].cost + irregular;
		in = change + irregular;
	} else {
		anchor_on = beat_step(day[i]->k.day, anchor_on, s, mask, rp->tolerance, &f_on);
		anchor_in = beat_step(day[i]->k.day, anchor_in, s, mask, rp->tolerance, &f_in);
		on = prev[s].cost + misfit(&f_on, rp);
		in = change + misfit(&f_in, rp);
	}
	if (on <= in + EPS) {
		*next = (struct path){ on, anchor_on };
		*f = f_on;
		*back = (unsigned char)s;
	} else {
		*next = (struct path){ in, anchor_in };
		*f = f_in;
		*back = (unsigned char)best;
	}
}

/*
 * The cadence of each session, a beat or irregular, so that the misfits
 * plus phase_cost for every change are least (dynamic programming over
 * the sessions, as in the Viterbi algorithm, each path keeping its own
 * anchor). Ties prefer the shorter beat, irregular last; beats before
 * from are out. fit[i] gets session i against its beat.
 */
static void
choose_cadences(struct rd_rec **day, size_t n, int from, unsigned mask,
    const struct rhythm_params *rp, enum cadence *state, struct fit *fit)
{
	unsigned char *back = xcalloc(n * NSTATES, 1);
	struct fit *fits = xcalloc(n * NSTATES, sizeof *fits);
	struct path prev[NSTATES], cur[NSTATES];
	int s, best;
	size_t i;

	for (s = 0; s < NSTATES; s++) {
		prev[s] = (struct path){ 0, day[0]->k.day };
		fits[s].on = 1;		/* the first session sets the beat */
	}
	prev[CAD_IRREGULAR].cost = (1 - rp->regularity) / rp->regularity;
	for (i = 1; i < n; i++) {
		for (s = from; s < NSTATES; s++)
			path_step(day, i, s, from, prev, mask, rp, &cur[s],
			    &fits[i * NSTATES + (size_t)s], &back[i * NSTATES + (size_t)s]);
		memcpy(prev + from, cur + from, (size_t)(NSTATES - from) * sizeof *prev);
	}
	best = from;
	for (s = from + 1; s < NSTATES; s++)
		if (prev[s].cost < prev[best].cost - EPS)
			best = s;
	state[n - 1] = (enum cadence)best;
	for (i = n - 1; i > 0; i--)
		state[i - 1] = (enum cadence)back[i * NSTATES + state[i]];
	for (i = 0; i < n; i++)
		fit[i] = fits[i * NSTATES + state[i]];
	free(back);
	free(fits);
}

static void
phase_push(struct rhythm_venue *v, enum cadence c, int64_t day)
{
	struct rhythm_phase *p;

	v->phase = xreallocarray(v->phase, v->nphases + 1, sizeof *v->phase);
	p = &v->phase[v->nphases++];
	memset(p, 0, sizeof *p);
	p->cadence = c;
	p->first = p->last = day;
}

/*
 * A phase less regular than rp->regularity is irregular, and its sessions
 * are on no beat; neighbouring irregular phases become one.
 */
static void
label_phases(struct rhythm_venue *v, struct rd_rec **day, size_t n, double regularity)
{
	size_t i, j = 0, k = 0;

	for (i = 0; i < v->nphases; i++) {
		struct rhythm_phase *p = &v->phase[i];

		if (p->cadence != CAD_IRREGULAR &&
		    (double)p->on_beat < regularity * (double)(p->sessions + p->missed) - EPS) {
			p->cadence = CAD_IRREGULAR;
			p->on_beat = p->missed = 0;
			for (; k < n && day[k]->k.day <= p->last; k++)
				if (day[k]->k.day >= p->first)
					day[k]->beat = -1;
		}
	}
	for (i = 1; i < v->nphases; i++) {
		struct rhythm_phase *p = &v->phase[j], *q = &v->phase[i];

		if (p->cadence == CAD_IRREGULAR && q->cadence == CAD_IRREGULAR) {
			p->last = q->last;
			p->sessions += q->sessions;
			p->on_beat += q->on_beat;
			p->missed += q->missed;
		} else
			v->phase[++j] = *q;
	}
	v->nphases = j + 1;
}

/* The sessions in phases of one cadence each, and whether each fell on its beat. */
static void
split_phases(struct rhythm_venue *v, struct rd_rec **day, size_t n, unsigned mask,
    const struct rhythm_params *rp)
{
	enum cadence *state = xreallocarray(NULL, n, sizeof *state);
	struct fit *fit = xreallocarray(NULL, n, sizeof *fit);
	size_t i;

	choose_cadences(day, n, mask ? CAD_DAILY : CAD_WEEKLY, mask, rp, state, fit);
	for (i = 0; i < n; i++) {
		struct rhythm_phase *p;

		if (i == 0 || state[i] != state[i - 1])
			phase_push(v, state[i], day[i]->k.day);
		p = &v->phase[v->nphases - 1];
		p->last = day[i]->k.day;
		p->sessions++;
		if (state[i] == CAD_IRREGULAR)
			continue;
		p->on_beat += fit[i].on;
		p->missed += fit[i].missed;
		day[i]->beat = (int8_t)fit[i].on;
	}
	free(state);
	free(fit);
	label_phases(v, day, n, rp->regularity);
}

/*
 * Dense days on most weekdays that keep no daily beat (their regularity
 * on the daily beat, kept from the first, is below rp->regularity): a
 * stream of contributions, not sessions.
 */
static int
scattered(const struct rhythm_venue *v, struct rd_rec **day, size_t n, unsigned mask,
    const struct rhythm_params *rp)
{
	int64_t anchor = day[0]->k.day;
	uint64_t on = 1, missed = 0;
	struct fit f;
	size_t i;

	if ((double)n <= rp->dense * (double)v->weeks + EPS || mask == 0)
		return 0;
	for (i = 1; i < n; i++) {
		anchor = beat_step(day[i]->k.day, anchor, CAD_DAILY, mask, rp->tolerance, &f);
		on += f.on;
		missed += f.missed;
	}
	return (double)on < rp->regularity * (double)(n + missed) - EPS;
}

/* A continuous venue is measured by the weeks it is heard in. */
static void
fit_continuous(struct rhythm_venue *v)
{
	phase_push(v, CAD_CONTINUOUS, v->first_day);
	v->phase[0].last = v->last_day;
	v->phase[0].sessions = v->sessions;
	v->phase[0].on_beat = v->active_weeks;
	v->phase[0].missed = v->weeks - v->active_weeks;
}

/*
 * Burstiness B = (sigma - mu) / (sigma + mu) of the venue's weekly event
 * counts over the weeks from the community's first event through the
 * as-of day: -1 for the same count every week, near 1 when it all
 * happened in one week.
 */
static void
burstiness(struct rhythm_venue *v, struct rd_rec **day, size_t n, int64_t from_day,
    int64_t as_of_day)
{
	int64_t w0 = period_of_day(from_day, GRAIN_WEEK);
	int64_t weeks = period_of_day(as_of_day, GRAIN_WEEK) - w0 + 1;
	double sum = 0, sumsq = 0, week = 0, mu, var, sigma;
	size_t i;

	if (weeks < 2)
		return;
	for (i = 0; i < n; i++) {
		week += (double)day[i]->events;
		if (i + 1 == n || period_of_day(day[i + 1]->k.day, GRAIN_WEEK) !=
		    period_of_day(day[i]->k.day, GRAIN_WEEK)) {
			sum += week;
			sumsq += week * week;
			week = 0;
		}
	}
	mu = sum / (double)weeks;
	var = sumsq / (double)weeks - mu * mu;
	sigma = var > 0 ? sqrt(var) : 0;
	v->burstiness = (sigma - mu) / (sigma + mu);
	v->has_burstiness = 1;
}

static void
venue_totals(struct rhythm_venue *v, struct rd_rec **day, size_t n)
{
	size_t i;
	int k;

	v->venue = day[0]->k.venue;
	v->first = day[0]->first;
	v->last = day[0]->last;
	v->first_day = day[0]->k.day;
	v->last_day = day[n - 1]->k.day;
	v->sessions = n;
	for (i = 0; i < n; i++) {
		v->events += day[i]->events;
		for (k = 0; k < ACT_NKINDS; k++)
			v->kind[k] += day[i]->kind[k];
		if (day[i]->first < v->first)
			v->first = day[i]->first;
		if (day[i]->last > v->last)
			v->last = day[i]->last;
		if (i == 0 || period_of_day(day[i]->k.day, GRAIN_WEEK) !=
		    period_of_day(day[i - 1]->k.day, GRAIN_WEEK))
			v->active_weeks++;
	}
	v->weeks = (uint64_t)(period_of_day(v->last_day, GRAIN_WEEK) -
	    period_of_day(v->first_day, GRAIN_WEEK) + 1);
}

/* Days spanning more than session_hours hold more than half the events. */
static int
conversational(const struct rhythm_venue *v, struct rd_rec **day, size_t n,
    const struct rhythm_params *rp)
{
	uint64_t long_events = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if ((double)(day[i]->last - day[i]->first) > rp->session_hours * 3600 + EPS)
			long_events += day[i]->events;
	return 2 * long_events > v->events;
}

/*
 * The cadence of a venue's days, in order: continuous when they are
 * conversation or a scattered stream rather than sessions; irregular
 * with fewer than min_sessions sessions; else phases of fitted beats.
 */
static void
fit_cadence(struct rhythm_venue *v, struct rd_rec **day, size_t n,
    const struct rhythm_params *rp)
{
	unsigned mask = daily_weekdays(day, n, rp->day_share);

	if (conversational(v, day, n, rp) || scattered(v, day, n, mask, rp))
		fit_continuous(v);
	else if (n < (size_t)rp->min_sessions) {
		phase_push(v, CAD_IRREGULAR, v->first_day);
		v->phase[0].last = v->last_day;
		v->phase[0].sessions = n;
	} else
		split_phases(v, day, n, mask, rp);
}

/* One venue from its days, in order. */
static void
venue_build(struct rhythm_venue *v, struct rd_rec **day, size_t n,
    const struct rhythm_params *rp, int64_t from_day, int64_t as_of_day)
{
	size_t i;

	venue_totals(v, day, n);
	fit_cadence(v, day, n, rp);
	for (i = 0; i < v->nphases; i++) {
		v->on_beat += v->phase[i].on_beat;
		v->missed += v->phase[i].missed;
	}
	v->cadence = v->phase[v->nphases - 1].cadence;
	v->since = v->phase[v->nphases - 1].first;
	if (v->cadence == CAD_CONTINUOUS)
		v->regularity = (double)v->active_weeks / (double)v->weeks;
	else
		v->regularity = (double)v->on_beat / (double)(v->sessions + v->missed);
	burstiness(v, day, n, from_day, as_of_day);
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

static int
cmp_venues(const void *pa, const void *pb)
{
	const struct rhythm_venue *a = pa, *b = pb;

	if (a->events != b->events)
		return a->events > b->events ? -1 : 1;
	return strtab_cmp(sort_names, a->venue, b->venue);
}

/* Sessions of the venues that have them, per period, for -s. */
static void
count_sessions(struct rhythm *r, struct rhythm_community *c, const struct rhythm_venue *v,
    struct rd_rec **day, size_t n)
{
	size_t i;

	if (v->cadence == CAD_CONTINUOUS || c->nperiods == 0)
		return;
	for (i = 0; i < n; i++) {
		int64_t p = period_of_day(day[i]->k.day, r->grain) - c->life.first;

		if (p >= 0 && (size_t)p < c->nperiods)
			c->period[p].sessions++;
	}
}

/* Distinct members per venue, from the (community, venue, member) set. */
static void
count_members(struct rhythm *r, const struct rhythm_days *d, const struct keymap *where)
{
	struct cv_key k;
	size_t i;

	for (i = 0; i < d->members.n; i++) {
		const struct rm_key *m = keymap_rec(&d->members, i);
		const struct cv_rec *w;

		memset(&k, 0, sizeof k);
		k.community = m->community;
		k.venue = m->venue;
		w = keymap_rec(where, keymap_find(where, &k));
		r->comm[w->comm].venue[w->venue].members++;
	}
}

static void
build_venues(struct rhythm *r, struct rhythm_days *d, const struct events *ev,
    const size_t *index)
{
	struct rd_rec **day = xreallocarray(NULL, d->days.n, sizeof *day);
	struct keymap where;
	size_t i, lo, hi;
	int created;

	keymap_init(&where, sizeof(struct cv_key), sizeof(struct cv_rec));
	for (i = 0; i < d->days.n; i++)
		day[i] = keymap_rec(&d->days, i);
	qsort(day, d->days.n, sizeof *day, cmp_days);
	for (lo = 0; lo < d->days.n; lo = hi) {
		struct rhythm_community *c = &r->comm[index[cslot(day[lo]->k.community)]];
		struct cv_rec *w;
		struct cv_key k;

		for (hi = lo; hi < d->days.n && day[hi]->k.community == day[lo]->k.community &&
		    day[hi]->k.venue == day[lo]->k.venue; hi++)
			;
		c->venue = xreallocarray(c->venue, c->nvenues + 1, sizeof *c->venue);
		memset(&c->venue[c->nvenues], 0, sizeof *c->venue);
		venue_build(&c->venue[c->nvenues], day + lo, hi - lo, r->rp, c->first_day,
		    r->as_of_day);
		count_sessions(r, c, &c->venue[c->nvenues], day + lo, hi - lo);
		memset(&k, 0, sizeof k);
		k.community = day[lo]->k.community;
		k.venue = day[lo]->k.venue;
		w = keymap_rec(&where, keymap_upsert(&where, &k, &created));
		w->comm = (size_t)(c - r->comm);
		w->venue = c->nvenues++;
	}
	count_members(r, d, &where);
	sort_names = &ev->venues;
	for (i = 0; i < r->ncomm; i++)
		if (r->comm[i].nvenues > 1)
			qsort(r->comm[i].venue, r->comm[i].nvenues, sizeof *r->comm[i].venue,
			    cmp_venues);
	keymap_free(&where);
	free(day);
}

/* Periods, trend and stage. */

struct verdict {
	enum trend trend;
	enum stage stage;
	int64_t compared, age, active;
	uint64_t recent, earlier;
};

/*
 * The trend and stage as of period i of a community, from the running
 * sums of events (cum[k]: events of periods 0..k-1) and of periods with
 * events (active[k]). The last min(window, age / 2) periods are compared
 * with as many before them.
 */
static void
judge(const struct rhythm_params *rp, const uint64_t *cum, const int64_t *active, size_t i,
    struct verdict *v)
{
	int64_t age = (int64_t)i + 1, n = age / 2 < rp->window ? age / 2 : rp->window;
	size_t end = i + 1;
	double g = 1 + rp->growth;

	v->age = age;
	v->compared = n;
	v->active = active[end];
	v->recent = cum[end] - cum[end - (size_t)n];
	v->earlier = cum[end - (size_t)n] - cum[end - 2 * (size_t)n];
	if (n == 0)
		v->trend = TREND_STEADY;
	else if (v->recent == 0)
		v->trend = TREND_DORMANT;
	else if ((double)v->recent >= g * (double)v->earlier - EPS)
		v->trend = TREND_GROWING;
	else if ((double)v->earlier >= g * (double)v->recent - EPS)
		v->trend = TREND_DECLINING;
	else
		v->trend = TREND_STEADY;
	if (v->active < 2)
		v->stage = STAGE_POTENTIAL;
	else if (v->trend == TREND_DORMANT)
		v->stage = STAGE_TRANSFORMATION;
	else if (age < 2 * rp->window)
		v->stage = STAGE_COALESCING;
	else if (v->trend == TREND_DECLINING)
		v->stage = STAGE_TRANSFORMATION;
	else if (v->trend == TREND_GROWING)
		v->stage = STAGE_MATURING;
	else
		v->stage = STAGE_STEWARDSHIP;
}

/* Each member record into its period: events, mix, members, newcomers, retained. */
static void
fill_periods(struct rhythm *r, struct agg *a, const size_t *index,
    const struct rec_info *info)
{
	size_t i;
	int k;

	for (i = 0; i < a->mp.n; i++) {
		const struct mp_rec *m = keymap_rec(&a->mp, i);
		struct rhythm_community *c = &r->comm[index[cslot(m->k.community)]];
		int64_t p = m->k.period - c->life.first;
		struct rhythm_period *ps;

		if (p < 0 || (size_t)p >= c->nperiods)
			continue;
		ps = &c->period[p];
		ps->events += m->events;
		for (k = 0; k < ACT_NKINDS; k++)
			ps->kind[k] += m->kind[k];
		ps->members++;
		if (((const struct span_rec *)keymap_rec(&r->spans,
		    info[i].span))->first == m->k.period)
			ps->newcomers++;
		ps->retained += info[i].retained;
	}
	for (i = 0; i < r->spans.n; i++) {
		const struct span_rec *s = keymap_rec(&r->spans, i);
		struct rhythm_community *c = &r->comm[index[cslot(s->k.community)]];
		int64_t p = (int64_t)s->last + 1 - c->life.first;

		if (p >= 0 && (size_t)p < c->nperiods)
			c->period[p].departed++;
	}
}

/* Moving averages, trends and stages, period after period, and the lifecycle. */
static void
sweep_periods(struct rhythm *r, struct rhythm_community *c)
{
	uint64_t *cum = xcalloc(c->nperiods + 1, sizeof *cum);
	int64_t *active = xcalloc(c->nperiods + 1, sizeof *active);
	struct verdict v;
	size_t i, m;

	for (i = 0; i < c->nperiods; i++) {
		struct rhythm_period *ps = &c->period[i];

		ps->period = c->life.first + (int64_t)i;
		ps->returning = ps->members - ps->newcomers;
		cum[i + 1] = cum[i] + ps->events;
		active[i + 1] = active[i] + (ps->events > 0);
		m = i + 1 < (size_t)r->rp->moving ? i + 1 : (size_t)r->rp->moving;
		ps->moving = (double)(cum[i + 1] - cum[i + 1 - m]) / (double)m;
		judge(r->rp, cum, active, i, &v);
		ps->trend = v.trend;
		ps->stage = v.stage;
	}
	if (c->nperiods > 0) {
		judge(r->rp, cum, active, c->nperiods - 1, &v);
		c->life.stage = v.stage;
		c->life.trend = v.trend;
		c->life.recent_events = v.recent;
		c->life.earlier_events = v.earlier;
		c->life.compared = v.compared;
		c->life.age = v.age;
		c->life.active_periods = v.active;
		c->life.has_change = v.earlier > 0;
		if (v.earlier > 0)
			c->life.change = (double)v.recent / (double)v.earlier - 1;
	}
	c->life.last = r->last;
	free(cum);
	free(active);
}

/* Distinct members and newcomers in the lifecycle's two windows. */
static void
window_members(struct rhythm *r, struct agg *a, const size_t *index,
    const struct rec_info *info)
{
	size_t i;

	for (i = 0; i < a->mp.n; i++) {
		const struct mp_rec *m = keymap_rec(&a->mp, i);
		struct rhythm_life *l = &r->comm[index[cslot(m->k.community)]].life;
		struct span_rec *s = keymap_rec(&r->spans, info[i].span);
		int64_t back = l->last - m->k.period;

		if (back < 0 || l->compared == 0)
			continue;
		if (back < l->compared && !s->in_recent) {
			s->in_recent = 1;
			l->recent_members++;
			l->newcomers += l->last - s->first < l->compared;
		} else if (back >= l->compared && back < 2 * l->compared && !s->in_earlier) {
			s->in_earlier = 1;
			l->earlier_members++;
		}
	}
}

/*
 * Every figure of cop-rhythm(1) from the caller's aggregates: a, the
 * member x period table (its grain is the periods'), and d, the venue x
 * day table, both fed the same events, none after as_of_day. Results
 * are in r, communities by name; d's days learn whether they fell on
 * their venue's beat (rhythm_beat).
 */
void
rhythm_compute(struct rhythm *r, struct agg *a, struct rhythm_days *d,
    const struct events *ev, const struct rhythm_params *rp, int64_t as_of_day)
{
	struct rec_info *info;
	size_t *index, i;

	memset(r, 0, sizeof *r);
	r->rp = rp;
	r->grain = a->grain;
	r->as_of_day = as_of_day;
	r->last = period_of_day(as_of_day, a->grain);
	info = member_spans(r, a);
	index = find_communities(r, a, d, ev);
	build_venues(r, d, ev, index);
	fill_periods(r, a, index, info);
	for (i = 0; i < r->ncomm; i++)
		sweep_periods(r, &r->comm[i]);
	window_members(r, a, index, info);
	free(index);
	free(info);
}

void
rhythm_free(struct rhythm *r)
{
	size_t i, j;

	for (i = 0; i < r->ncomm; i++) {
		for (j = 0; j < r->comm[i].nvenues; j++)
			free(r->comm[i].venue[j].phase);
		free(r->comm[i].venue);
		free(r->comm[i].period);
	}
	free(r->comm);
	keymap_free(&r->spans);
}
