/*
 * agg.c: the member x period table every summary is built from. One record
 * per (community, member, period) holds the member's events that period,
 * split by action kind, the weighted contribution score and the first and
 * last time; bots are never added. Memory grows with members x periods,
 * never with events. Records come back sorted by community then period,
 * the order in which levels and rhythms sweep through time.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

void
agg_init(struct agg *a, enum grain g, struct weights *w)
{
	memset(a, 0, sizeof *a);
	a->grain = g;
	a->weights = w;
	a->first = INT64_MAX;
	a->last = INT64_MIN;
	keymap_init(&a->mp, sizeof(struct mp_key), sizeof(struct mp_rec));
}

struct mp_key
agg_key(uint32_t community, uint32_t member, int64_t period)
{
	struct mp_key k;

	k.community = community;
	k.member = member;
	k.period = (int32_t)period;
	return k;
}

/*
 * The index of k's record through the member's hint: a member's events
 * mostly fall in the period of the member's previous one, even in
 * unsorted input, so most lookups need no hashing. KEY_NONE if absent
 * and not create.
 */
static size_t
lookup(struct agg *a, const struct mp_key *k, int create, int *created)
{
	uint32_t h = k->member < a->nhint ? a->hint[k->member] : 0;
	size_t i, old;

	*created = 0;
	if (h != 0) {
		const struct mp_rec *r = keymap_rec(&a->mp, h - 1);

		if (r->k.period == k->period && r->k.community == k->community)
			return h - 1;
	}
	i = create ? keymap_upsert(&a->mp, k, created) : keymap_find(&a->mp, k);
	if (i == KEY_NONE)
		return i;
	if (k->member >= a->nhint) {
		old = a->nhint;
		xgrow(&a->hint, &a->nhint, (size_t)k->member + 1, sizeof *a->hint);
		memset(a->hint + old, 0, (a->nhint - old) * sizeof *a->hint);
	}
	a->hint[k->member] = (uint32_t)i + 1;
	return i;
}

/* Count one event of ev (not a bot's) in its member's period record. */
void
agg_add(struct agg *a, struct events *ev, const struct event *e)
{
	struct mp_key k = agg_key(e->community, e->member, period_of_day(e->day, a->grain));
	struct mp_rec *r;
	int created;

	r = keymap_rec(&a->mp, lookup(a, &k, 1, &created));
	if (created)
		r->first = r->last = e->time;
	r->events++;
	r->kind[e->kind]++;
	r->score += weights_get(a->weights, &ev->actions, e->action);
	if (e->time < r->first)
		r->first = e->time;
	if (e->time > r->last)
		r->last = e->time;
	if (e->time < a->first)
		a->first = e->time;
	if (e->time > a->last)
		a->last = e->time;
}

struct mp_rec *
agg_find(struct agg *a, uint32_t community, uint32_t member, int64_t period)
{
	struct mp_key k = agg_key(community, member, period);
	int created;
	size_t i = lookup(a, &k, 0, &created);

	return i == KEY_NONE ? NULL : keymap_rec(&a->mp, i);
}

static int
rec_before(const struct mp_rec *a, const struct mp_rec *b)
{
	if (a->k.community != b->k.community)
		return a->k.community < b->k.community;
	if (a->k.period != b->k.period)
		return a->k.period < b->k.period;
	return a->k.member < b->k.member;
}

/*
 * Sort v[0..n) by community, period, member (tmp has room for n/2): a
 * merge sort with the comparison inline, and half the scratch memory of
 * qsort's. Records are made in nearly period order, so most merges find
 * their halves in order and are skipped.
 */
static void
rec_sort(struct mp_rec **v, struct mp_rec **tmp, size_t n)
{
	size_t mid = n / 2, i, j, k;
	struct mp_rec *x;

	if (n < 16) {
		for (i = 1; i < n; i++) {
			x = v[i];
			for (j = i; j > 0 && rec_before(x, v[j - 1]); j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	rec_sort(v, tmp, mid);
	rec_sort(v + mid, tmp, n - mid);
	if (!rec_before(v[mid], v[mid - 1]))
		return;
	memcpy(tmp, v, mid * sizeof *v);
	for (i = 0, j = mid, k = 0; i < mid; k++)
		v[k] = j < n && rec_before(v[j], tmp[i]) ? v[j++] : tmp[i++];
}

/* Pointers to every record, by community, period, member id; caller frees. */
struct mp_rec **
agg_sorted(struct agg *a)
{
	struct mp_rec **v = xreallocarray(NULL, a->mp.n, sizeof *v);
	struct mp_rec **tmp = xreallocarray(NULL, a->mp.n / 2 + 1, sizeof *tmp);
	size_t i;

	for (i = 0; i < a->mp.n; i++)
		v[i] = keymap_rec(&a->mp, i);
	rec_sort(v, tmp, a->mp.n);
	free(tmp);
	return v;
}

void
agg_free(struct agg *a)
{
	keymap_free(&a->mp);
	free(a->hint);
}
