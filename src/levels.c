/*
 * levels.c: levels of participation (cop-classify(1) defines them). For
 * each community and period, every member with an event in the trailing
 * window of w periods is ranked by weighted contribution. The members who
 * together make the first core_share of the window's contributions are
 * core if they were also active in enough of its periods (a regular
 * contributor, not a one-off burst); the members within active_share, the
 * core-share members who are not regular, and the regulars of any volume
 * are active; the rest are peripheral. Members tied on score share a level.
 * The window slides one period at a time, adding the records that enter it
 * and taking away those that leave, so a sweep costs O(records x log).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

void
levels_defaults(struct level_params *lp)
{
	lp->window = 12;
	lp->core_share = 0.5;
	lp->active_share = 0.8;
	lp->core_regularity = 0.25;
	lp->active_regularity = 0.15;
	lp->regular = 0.5;
}

const char *
level_name(enum level lv)
{
	static const char *const names[] = { "-", "inactive", "peripheral", "active", "core" };

	return names[lv];
}

/* Periods a member must be active in: a share of the window, rounded up. */
static uint32_t
periods_needed(double share, uint32_t window, uint32_t least)
{
	uint32_t n = (uint32_t)ceil(share * window - 1e-9);

	return n < least ? least : n;
}

struct sweep {
	const struct level_params *lp;
	uint32_t *local_of;		/* member id -> local index, STR_NONE */
	size_t nlocal_of;
	uint32_t *member_of;		/* local index -> member id */
	int64_t *score;			/* in the window, per local member */
	uint64_t *events;
	uint32_t *periods, *nrec;
	enum level *prev;		/* the level at the last period, in window */
	struct mp_rec **at;		/* the member's record at this period */
	uint32_t *win;			/* local members with a record in the window */
	size_t nwin;
	unsigned char *listed;		/* in win (until the next compaction) */
	unsigned char *live;		/* ring of w: did period p contribute? */
	uint32_t nlive;			/* contributing periods in the window */
	struct level_stat *st;
};

static void
sweep_alloc(struct sweep *s, size_t nmembers, size_t nlocal)
{
	s->member_of = xreallocarray(s->member_of, nlocal, sizeof *s->member_of);
	s->score = xreallocarray(s->score, nlocal, sizeof *s->score);
	s->events = xreallocarray(s->events, nlocal, sizeof *s->events);
	s->periods = xreallocarray(s->periods, nlocal, sizeof *s->periods);
	s->nrec = xreallocarray(s->nrec, nlocal, sizeof *s->nrec);
	s->at = xreallocarray(s->at, nlocal, sizeof *s->at);
	s->prev = xreallocarray(s->prev, nlocal, sizeof *s->prev);
	s->win = xreallocarray(s->win, nlocal, sizeof *s->win);
	s->listed = xreallocarray(s->listed, nlocal, sizeof *s->listed);
	s->st = xreallocarray(s->st, nlocal, sizeof *s->st);
	memset(s->score, 0, nlocal * sizeof *s->score);
	memset(s->events, 0, nlocal * sizeof *s->events);
	memset(s->periods, 0, nlocal * sizeof *s->periods);
	memset(s->nrec, 0, nlocal * sizeof *s->nrec);
	memset(s->at, 0, nlocal * sizeof *s->at);
	memset(s->prev, 0, nlocal * sizeof *s->prev);
	memset(s->listed, 0, nlocal * sizeof *s->listed);
	s->live = xreallocarray(s->live, (size_t)s->lp->window, 1);
	memset(s->live, 0, (size_t)s->lp->window);
	s->nlive = 0;
	s->nwin = 0;
	if (nmembers > s->nlocal_of) {
		size_t old = s->nlocal_of;

		s->local_of = xreallocarray(s->local_of, nmembers, sizeof *s->local_of);
		memset(s->local_of + old, 0xff, (nmembers - old) * sizeof *s->local_of);
		s->nlocal_of = nmembers;
	}
}

static size_t
ring_slot(int64_t period, long w)
{
	return (size_t)(((period % w) + w) % w);
}

static void
window_add(struct sweep *s, struct mp_rec *r)
{
	uint32_t m = s->local_of[r->k.member];
	size_t slot = ring_slot(r->k.period, s->lp->window);

	if (r->score > 0 && !s->live[slot]) {
		s->live[slot] = 1;
		s->nlive++;
	}
	/*
	 * A member whose record left the window this period is still listed
	 * until window_compact: listing them again would count them twice.
	 */
	if (s->nrec[m]++ == 0 && !s->listed[m]) {
		s->listed[m] = 1;
		s->win[s->nwin++] = m;
	}
	s->score[m] += r->score;
	s->events[m] += r->events;
	s->periods[m] += r->score > 0;
	s->at[m] = r;
}

static void
window_remove(struct sweep *s, const struct mp_rec *r)
{
	uint32_t m = s->local_of[r->k.member];

	size_t slot = ring_slot(r->k.period, s->lp->window);

	if (s->live[slot]) {
		s->live[slot] = 0;
		s->nlive--;
	}
	s->nrec[m]--;
	s->score[m] -= r->score;
	s->events[m] -= r->events;
	s->periods[m] -= r->score > 0;
}

static void
window_compact(struct sweep *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->nwin; i++) {
		if (s->nrec[s->win[i]] > 0)
			s->win[n++] = s->win[i];
		else {
			s->prev[s->win[i]] = LEVEL_NONE;
			s->listed[s->win[i]] = 0;
		}
	}
	s->nwin = n;
}

static const struct sweep *sort_sweep;	/* qsort has no context argument */

static int
cmp_score(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	int64_t sa = sort_sweep->score[a], sb = sort_sweep->score[b];

	if (sa != sb)
		return sa > sb ? -1 : 1;
	return (a > b) - (a < b);
}

/*
 * Hysteresis keeps core from flickering at its threshold from week to
 * week: a core member stays core while within the active share and still
 * regular enough for core.
 */
static enum level
decide(const struct level_params *lp, int in_core, int in_band, int in_active, uint32_t periods,
    uint32_t w, enum level prev)
{
	int regular_core = periods >= periods_needed(lp->core_regularity, w, 1);
	int regular_active = periods >= periods_needed(lp->active_regularity, w, 1);

	if ((in_core || (prev == LEVEL_CORE && in_band)) && regular_core)
		return LEVEL_CORE;
	if (in_core || (in_active && regular_active) || periods >= periods_needed(lp->regular, w, 2))
		return LEVEL_ACTIVE;
	return LEVEL_PERIPHERAL;
}

/* Rank the window's members and give each a level, in s->st. */
static void
rank_window(struct sweep *s, uint32_t w)
{
	int64_t total = 0, cum = 0;
	size_t i, j, k;

	sort_sweep = s;
	qsort(s->win, s->nwin, sizeof *s->win, cmp_score);
	for (i = 0; i < s->nwin; i++)
		total += s->score[s->win[i]];
	for (i = 0; i < s->nwin; i = j) {
		int64_t sc = s->score[s->win[i]];
		int in_core = sc > 0 && (double)cum < s->lp->core_share * (double)total;
		int in_active = sc > 0 && (double)cum < s->lp->active_share * (double)total;
		int in_band = sc > 0 && (double)cum < (s->lp->core_share + s->lp->active_share) / 2 *
		    (double)total;

		for (j = i; j < s->nwin && s->score[s->win[j]] == sc; j++)
			;
		for (k = i; k < j; k++) {
			uint32_t m = s->win[k];
			struct level_stat *st = &s->st[k];

			st->member = s->member_of[m];
			st->level = decide(s->lp, in_core, in_band, in_active, s->periods[m], w, s->prev[m]);
			s->prev[m] = st->level;
			st->score = s->score[m];
			st->share = total > 0 ? (double)s->score[m] / (double)total : 0;
			st->periods = s->periods[m];
			st->window = w;
			st->events = s->events[m];
			if (s->at[m] != NULL)
				s->at[m]->level = (uint8_t)st->level;
		}
		cum += sc * (int64_t)(j - i);
	}
}

/* Sweep one community's records, v[0..n), sorted by period. */
static void
sweep_community(struct sweep *s, struct mp_rec **v, size_t n, int64_t last,
    level_fn *fn, void *ctx)
{
	size_t head = 0, tail = 0, i, nlocal = 0;
	int64_t p = v[0]->k.period, w = s->lp->window;

	for (i = 0; i < n; i++)
		if (s->local_of[v[i]->k.member] == STR_NONE) {
			s->local_of[v[i]->k.member] = (uint32_t)nlocal;
			s->member_of[nlocal++] = v[i]->k.member;
		}
	for (; p <= last; p++) {
		if (s->nwin == 0 && head < n && v[head]->k.period > p)
			p = v[head]->k.period;	/* skip a silent stretch */
		if ((s->nwin == 0 && head == n) || p > last)
			break;
		for (i = 0; i < s->nwin; i++)
			s->at[s->win[i]] = NULL;
		while (tail < head && v[tail]->k.period <= p - w)
			window_remove(s, v[tail++]);
		while (head < n && v[head]->k.period == p)
			window_add(s, v[head++]);
		window_compact(s);
		rank_window(s, s->nlive);
		fn(ctx, v[0]->k.community, p, s->st, s->nwin);
	}
	for (i = 0; i < nlocal; i++)
		s->local_of[s->member_of[i]] = STR_NONE;
}

/*
 * Give every record of a its level and call fn once per community and
 * period, from the community's first period through last, with the levels
 * of all members in the window (periods with an empty window are skipped).
 * Records past last are left with no level.
 */
void
levels_sweep(struct agg *a, size_t nmembers, const struct level_params *lp, int64_t last,
    level_fn *fn, void *ctx)
{
	struct mp_rec **v = agg_sorted(a);
	struct sweep s;
	size_t lo, hi;

	memset(&s, 0, sizeof s);
	s.lp = lp;
	for (lo = 0; lo < a->mp.n; lo = hi) {
		for (hi = lo; hi < a->mp.n && v[hi]->k.community == v[lo]->k.community; hi++)
			;
		sweep_alloc(&s, nmembers, hi - lo);
		sweep_community(&s, v + lo, hi - lo, last, fn, ctx);
	}
	free(s.local_of);
	free(s.member_of);
	free(s.score);
	free(s.events);
	free(s.periods);
	free(s.nrec);
	free(s.at);
	free(s.prev);
	free(s.listed);
	free(s.live);
	free(s.win);
	free(s.st);
	free(v);
}
