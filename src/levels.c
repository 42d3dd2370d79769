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
 * and taking away those that leave; at each period only the members within
 * the widest share are sorted (select_front), so a sweep costs about
 * O(records) plus the sorting of the few who lead.
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

struct rank {
	int64_t score;
	uint32_t m;			/* local index */
};

/* A member of the community being swept, all in one cache line. */
struct local {
	int64_t score;			/* in the window */
	uint64_t events;
	struct mp_rec *at;		/* the member's record at this period */
	uint32_t member;		/* the member id */
	uint32_t periods, nrec;		/* periods with a contribution, records */
	uint8_t prev;			/* enum level at the last period, in window */
	uint8_t in_win;			/* listed in win (until window_compact drops it) */
};

struct sweep {
	const struct level_params *lp;
	uint32_t *local_of;		/* member id -> local index, STR_NONE */
	size_t nlocal_of;
	struct local *m;		/* by local index */
	uint32_t *win;			/* local members with a record in the window */
	size_t nwin;
	unsigned char *live;		/* ring of w: did period p contribute? */
	uint32_t nlive;			/* contributing periods in the window */
	struct level_stat *st;
	struct rank *rank, *tmp;	/* the window by score, and room to sort it */
};

/*
 * Number the members of one community's records v[0..n) locally, and
 * size the per-member arrays for them: a community has far fewer members
 * than records, and memory untouched is memory never faulted in.
 */
static size_t
sweep_number(struct sweep *s, size_t nmembers, struct mp_rec **v, size_t n)
{
	size_t i, nlocal = 0;

	if (nmembers > s->nlocal_of) {
		size_t old = s->nlocal_of;

		s->local_of = xreallocarray(s->local_of, nmembers, sizeof *s->local_of);
		memset(s->local_of + old, 0xff, (nmembers - old) * sizeof *s->local_of);
		s->nlocal_of = nmembers;
	}
	for (i = 0; i < n; i++)
		if (s->local_of[v[i]->k.member] == STR_NONE)
			s->local_of[v[i]->k.member] = (uint32_t)nlocal++;
	return nlocal;
}

static void
sweep_alloc(struct sweep *s, size_t nlocal)
{
	s->m = xreallocarray(s->m, nlocal, sizeof *s->m);
	s->win = xreallocarray(s->win, nlocal, sizeof *s->win);
	s->st = xreallocarray(s->st, nlocal, sizeof *s->st);
	s->rank = xreallocarray(s->rank, nlocal, sizeof *s->rank);
	s->tmp = xreallocarray(s->tmp, nlocal, sizeof *s->tmp);
	memset(s->m, 0, nlocal * sizeof *s->m);
	s->live = xreallocarray(s->live, (size_t)s->lp->window, 1);
	memset(s->live, 0, (size_t)s->lp->window);
	s->nlive = 0;
	s->nwin = 0;
}

static size_t
ring_slot(int64_t period, long w)
{
	return (size_t)(((period % w) + w) % w);
}

static void
window_add(struct sweep *s, struct mp_rec *r)
{
	uint32_t i = s->local_of[r->k.member];
	struct local *m = &s->m[i];
	size_t slot = ring_slot(r->k.period, s->lp->window);

	if (r->score > 0 && !s->live[slot]) {
		s->live[slot] = 1;
		s->nlive++;
	}
	/*
	 * A member whose last record just left the window (nrec 0) is still
	 * listed until window_compact: list them once, not twice.
	 */
	if (m->nrec++ == 0 && !m->in_win) {
		s->win[s->nwin++] = i;
		m->in_win = 1;
	}
	m->score += r->score;
	m->events += r->events;
	m->periods += r->score > 0;
	m->at = r;
}

static void
window_remove(struct sweep *s, const struct mp_rec *r)
{
	struct local *m = &s->m[s->local_of[r->k.member]];
	size_t slot = ring_slot(r->k.period, s->lp->window);

	if (s->live[slot]) {
		s->live[slot] = 0;
		s->nlive--;
	}
	m->nrec--;
	m->score -= r->score;
	m->events -= r->events;
	m->periods -= r->score > 0;
}

static void
window_compact(struct sweep *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->nwin; i++) {
		if (s->m[s->win[i]].nrec > 0)
			s->win[n++] = s->win[i];
		else {
			s->m[s->win[i]].prev = LEVEL_NONE;
			s->m[s->win[i]].in_win = 0;
		}
	}
	s->nwin = n;
}

/* The ranking order: highest score first, ties by local index. */
static int
rank_before(const struct rank *a, const struct rank *b)
{
	return a->score != b->score ? a->score > b->score : a->m < b->m;
}

static int64_t
median3(int64_t a, int64_t b, int64_t c)
{
	if (a > b)
		return b > c ? b : a > c ? c : a;
	return a > c ? a : b > c ? c : b;
}

/*
 * Sort v[0..n) in ranking order; tmp has room for n/2. A merge sort with
 * the keys inline rather than qsort's callback; a merge whose halves are
 * already in order is skipped.
 */
static void
rank_sort(struct rank *v, struct rank *tmp, size_t n)
{
	size_t mid = n / 2, i, j, k;
	struct rank x;

	if (n < 16) {
		for (i = 1; i < n; i++) {
			x = v[i];
			for (j = i; j > 0 && rank_before(&x, &v[j - 1]); j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	rank_sort(v, tmp, mid);
	rank_sort(v + mid, tmp, n - mid);
	if (!rank_before(&v[mid], &v[mid - 1]))
		return;
	memcpy(tmp, v, mid * sizeof *v);
	for (i = 0, j = mid, k = 0; i < mid; k++)
		v[k] = j < n && rank_before(&v[j], &tmp[i]) ? v[j++] : tmp[i++];
}

static void
swap_ranks(struct rank *a, struct rank *b)
{
	struct rank x = *a;

	*a = *b;
	*b = x;
}

#ifndef SELECT_DEPTH_MAX		/* .ci/run builds with 1, to sort after one partition */
#define SELECT_DEPTH_MAX 64
#endif

/*
 * Move to the front of v[0..n) the members whose share can count, and
 * return how many: those with a score of at least the least score p for
 * which the scores above p make less than share of total. Everyone behind
 * them has at least that much ahead and is outside every share up to it,
 * so only the front needs ranking, and under the usual skew of a community
 * that is a few members in ten. A three-way quickselect on the score,
 * expected linear; past a depth that only an adversary reaches, the rest
 * is sorted instead, so the worst case is a sort's.
 */
static size_t
select_front(struct rank *v, struct rank *tmp, size_t n, double share, int64_t total)
{
	size_t lo = 0, hi = n, depth = 0, i, gt, lt;
	int64_t above = 0, p, sum;

	while (lo < hi) {
		if (++depth > SELECT_DEPTH_MAX) {
			rank_sort(v + lo, tmp, hi - lo);
			while (lo < hi && (double)above < share * (double)total) {
				for (p = v[lo].score; lo < hi && v[lo].score == p; lo++)
					above += p;
			}
			return lo;
		}
		p = median3(v[lo].score, v[lo + (hi - lo) / 2].score, v[hi - 1].score);
		/* v[lo..gt) above p, v[gt..i) equal, v[lt..hi) below */
		for (gt = i = lo, lt = hi, sum = 0; i < lt;) {
			if (v[i].score > p) {
				sum += v[i].score;
				swap_ranks(&v[gt++], &v[i++]);
			} else if (v[i].score < p)
				swap_ranks(&v[--lt], &v[i]);
			else
				i++;
		}
		if ((double)(above + sum) < share * (double)total) {
			above += sum + p * (int64_t)(lt - gt);
			lo = lt;
		} else
			hi = gt;
	}
	return lo;
}

/*
 * Hysteresis keeps core from flickering at its threshold from week to
 * week: a core member stays core while within the active share and still
 * regular enough for core.
 */
struct needed {		/* periods needed in a window of w, from periods_needed */
	uint32_t core, active, regular;
};

static enum level
decide(const struct needed *need, int in_core, int in_band, int in_active, uint32_t periods,
    enum level prev)
{
	int regular_core = periods >= need->core;
	int regular_active = periods >= need->active;

	if ((in_core || (prev == LEVEL_CORE && in_band)) && regular_core)
		return LEVEL_CORE;
	if (in_core || (in_active && regular_active) || periods >= need->regular)
		return LEVEL_ACTIVE;
	return LEVEL_PERIPHERAL;
}

/* Give the window's k-th member by rank its level, and its stats if wanted. */
static void
put_level(struct sweep *s, const struct needed *need, size_t k, int in_core, int in_band,
    int in_active, int64_t total, uint32_t w, int stats)
{
	struct local *m = &s->m[s->rank[k].m];
	enum level lv = decide(need, in_core, in_band, in_active, m->periods,
	    (enum level)m->prev);

	m->prev = (uint8_t)lv;
	if (m->at != NULL)
		m->at->level = (uint8_t)lv;
	if (stats) {
		struct level_stat *st = &s->st[k];

		st->member = m->member;
		st->level = lv;
		st->score = m->score;
		st->total = total;
		st->periods = m->periods;
		st->window = w;
		st->events = m->events;
	}
}

/*
 * Rank the window's members and give each a level: in their records, and
 * with what it was decided on in s->st if stats (a caller wants them).
 */
static void
rank_window(struct sweep *s, uint32_t w, int stats)
{
	int64_t total = 0, cum = 0;
	size_t i, j, k, front;
	struct needed need;
	double band = (s->lp->core_share + s->lp->active_share) / 2;
	double widest = s->lp->active_share > s->lp->core_share ? s->lp->active_share :
	    s->lp->core_share;

	need.core = periods_needed(s->lp->core_regularity, w, 1);
	need.active = periods_needed(s->lp->active_regularity, w, 1);
	need.regular = periods_needed(s->lp->regular, w, 2);

	for (i = 0; i < s->nwin; i++) {
		s->rank[i].score = s->m[s->win[i]].score;
		s->rank[i].m = s->win[i];
		total += s->rank[i].score;
	}
	front = select_front(s->rank, s->tmp, s->nwin, widest, total);
	rank_sort(s->rank, s->tmp, front);
	for (i = 0; i < s->nwin; i = j) {
		int64_t sc = s->rank[i].score;
		int in_core = 0, in_band = 0, in_active = 0;

		if (i < front) {
			in_core = sc > 0 && (double)cum < s->lp->core_share * (double)total;
			in_active = sc > 0 && (double)cum < s->lp->active_share * (double)total;
			in_band = sc > 0 && (double)cum < band * (double)total;
			for (j = i; j < front && s->rank[j].score == sc; j++)
				;
		} else
			j = s->nwin;
		for (k = i; k < j; k++)
			put_level(s, &need, k, in_core, in_band, in_active, total, w, stats);
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
		if (s->local_of[v[i]->k.member] == nlocal)
			s->m[nlocal++].member = v[i]->k.member;
	for (; p <= last; p++) {
		if (s->nwin == 0 && head < n && v[head]->k.period > p)
			p = v[head]->k.period;	/* skip a silent stretch */
		if ((s->nwin == 0 && head == n) || p > last)
			break;
		for (i = 0; i < s->nwin; i++)
			s->m[s->win[i]].at = NULL;
		while (tail < head && v[tail]->k.period <= p - w)
			window_remove(s, v[tail++]);
		while (head < n && v[head]->k.period == p)
			window_add(s, v[head++]);
		window_compact(s);
		rank_window(s, s->nlive, fn != NULL);
		if (fn != NULL)
			fn(ctx, v[0]->k.community, p, s->st, s->nwin);
	}
	for (i = 0; i < nlocal; i++)
		s->local_of[s->m[i].member] = STR_NONE;
}

/*
 * Give every record of a its level and call fn once per community and
 * period, from the community's first period through last, with the levels
 * of all members in the window (periods with an empty window are skipped);
 * fn NULL: the records' levels only. Records past last are left with no
 * level.
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
		sweep_alloc(&s, sweep_number(&s, nmembers, v + lo, hi - lo));
		sweep_community(&s, v + lo, hi - lo, last, fn, ctx);
	}
	free(s.local_of);
	free(s.m);
	free(s.win);
	free(s.live);
	free(s.st);
	free(s.rank);
	free(s.tmp);
}
