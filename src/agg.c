/*
 * agg.c: the member x period table every summary is built from. One record
 * per (community, member, period) holds the member's events that period,
 * split by action kind, the weighted contribution score and the first and
 * last time; bots are never added. Memory grows with members x periods,
 * never with events. Records come back sorted by community then period,
 * the order in which levels and rhythms sweep through time. The reply-edge
 * table beside it counts who answered whom, per period.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

void
agg_init(struct agg *a, enum grain g, struct weights *w)
{
	agg_init_rec(a, g, w, sizeof(struct mp_rec));
}

/*
 * As agg_init, but each record is recsize bytes: a struct mp_rec followed
 * by the caller's own per member-period figures, zeroed when created, so
 * a program keeps one table (and one lookup per event) instead of two.
 */
void
agg_init_rec(struct agg *a, enum grain g, struct weights *w, size_t recsize)
{
	memset(a, 0, sizeof *a);
	a->grain = g;
	a->weights = w;
	a->first = INT64_MAX;
	a->last = INT64_MIN;
	keymap_init(&a->mp, sizeof(struct mp_key), recsize < sizeof(struct mp_rec) ?
	    sizeof(struct mp_rec) : recsize);
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
 * unsorted input, so most lookups need no hashing. A period past the
 * latest of the member's records (the usual new record, in time order)
 * needs none either: the record is appended, its slot made only if a
 * lookup ever needs it. That holds while every record was made here, the
 * hints knowing of each (not after agg_settle, nor once records were put
 * in the table directly). KEY_NONE if absent and not create.
 */
static size_t
lookup(struct agg *a, const struct mp_key *k, int create, int *created)
{
	struct agg_hint *h = k->member < a->nhint ? &a->hint[k->member] : NULL;
	size_t i, old;

	*created = 0;
	if (h != NULL && h->rec != 0) {
		const struct mp_rec *r = keymap_rec(&a->mp, h->rec - 1);

		if (r->k.period == k->period && r->k.community == k->community)
			return h->rec - 1;
	}
	if (create && a->hinted == a->mp.n &&
	    (h == NULL || h->rec == 0 || k->period > h->top)) {
		i = keymap_append(&a->mp, k);
		*created = 1;
	} else if ((i = create ? keymap_upsert(&a->mp, k, created) : keymap_find(&a->mp, k)) ==
	    KEY_NONE)
		return i;
	a->hinted += (size_t)*created;
	if (k->member >= a->nhint) {
		old = a->nhint;
		xgrow(&a->hint, &a->nhint, (size_t)k->member + 1, sizeof *a->hint);
		memset(a->hint + old, 0, (a->nhint - old) * sizeof *a->hint);
	}
	h = &a->hint[k->member];
	if (h->rec == 0 || k->period > h->top)
		h->top = k->period;
	h->rec = (uint32_t)i + 1;
	return i;
}

/*
 * Count one event of ev (not a bot's) in its member's period record;
 * returns the record's index (keymap_rec(&a->mp, i)), which stays.
 */
uint32_t
agg_add(struct agg *a, struct events *ev, const struct event *e)
{
	const unsigned char *r = (const unsigned char *)agg_add_at(a, ev, e,
	    period_of_day(e->day, a->grain));

	return (uint32_t)((size_t)(r - a->mp.recs) / a->mp.recsize);
}

/*
 * Count one event in its member's record of the given period (one that a
 * `period` column names, say) and return the record, valid until the next
 * add.
 */
struct mp_rec *
agg_add_at(struct agg *a, struct events *ev, const struct event *e, int64_t period)
{
	struct mp_key k = agg_key(e->community, e->member, period);
	struct mp_rec *r;
	int created;

	r = keymap_rec(&a->mp, lookup(a, &k, 1, &created));
	if (created)
		r->first = r->last = e->time;
	if (e->count > UINT32_MAX - r->events)	/* 32 bits: see struct mp_rec */
		die("more than %lu events of one member in one period",
		    (unsigned long)UINT32_MAX);
	r->events += (uint32_t)e->count;
	r->kind[e->kind] += (uint32_t)e->count;	/* no more than events */
	r->score += weights_get(a->weights, &ev->actions, e->action) * (int64_t)e->count;
	if (e->time < r->first)
		r->first = e->time;
	if (e->time > r->last)
		r->last = e->time;
	if (e->time < a->first)
		a->first = e->time;
	if (e->time > a->last)
		a->last = e->time;
	return r;
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

/*
 * Pointers to every record, by community, period, member id: kept by a
 * and valid until the next record is added (records never go, and only a
 * new one moves them), so the levels' sweep and the patterns' judging
 * that follows it share one sort.
 */
struct mp_rec **
agg_sorted(struct agg *a)
{
	struct mp_rec **tmp;
	size_t i;

	if (a->sorted != NULL && a->nsorted == a->mp.n)
		return a->sorted;
	free(a->sorted);
	a->sorted = table_alloc(a->mp.n + 1, sizeof *a->sorted);
	a->nsorted = a->mp.n;
	tmp = table_alloc(a->mp.n / 2 + 1, sizeof *tmp);
	for (i = 0; i < a->mp.n; i++)
		a->sorted[i] = keymap_rec(&a->mp, i);
	rec_sort(a->sorted, tmp, a->mp.n);
	free(tmp);
	return a->sorted;
}

/*
 * Every record is in: what only adding needs (the index, the hints) is
 * freed for the computing that follows. A record added later is still
 * counted right, only slower.
 */
void
agg_settle(struct agg *a)
{
	keymap_drop_index(&a->mp);
	hint_free(&a->hint, &a->nhint);
	a->hinted = 0;
}

void
agg_free(struct agg *a)
{
	keymap_free(&a->mp);
	free(a->hint);
	free(a->sorted);
}

/*
 * The reply-edge table: who answered whom, per community and period. One
 * record per (community, from, to, period) counts the events of from with
 * reply_to naming to: replies, reviews, acks (every kind but reactions and
 * membership) apart from reactions. Answering oneself is no edge, and
 * neither end may be a bot. Memory grows with the pairs that talk in a
 * period, never with events.
 */
#define PRUNE_MIN 1024	/* edges before a table is first pruned */

void
edges_init(struct edges *g)
{
	memset(g, 0, sizeof *g);
	keymap_init(&g->m, sizeof(struct edge_key), sizeof(struct edge_rec));
	g->from = INT64_MIN;
}

/*
 * Leave out the edges of periods before the given one from now on: a
 * caller that judges only the latest periods (cop-patterns' span) says so
 * as its latest period advances, and the table holds the pairs of those
 * periods only, instead of growing with the events of years.
 */
void
edges_keep_from(struct edges *g, int64_t period)
{
	if (period > g->from)
		g->from = period;
}

static int
edge_is_kept(const void *rec, const void *from)
{
	return ((const struct edge_rec *)rec)->k.period >= *(const int64_t *)from;
}

/*
 * Drop the edges before g->from once the table has grown by half since it
 * was last pruned, so each edge is moved a constant number of times on
 * average. Indexes change: the hints are forgotten.
 */
static void
edges_prune(struct edges *g)
{
	if (g->from == INT64_MIN || g->m.n < g->kept + g->kept / 2 + PRUNE_MIN)
		return;
	edges_drop_before(g, g->from);
}

/*
 * Drop the edges of periods before the given one now, every one of them
 * for INT64_MAX, giving back their memory; indexes change.
 */
void
edges_drop_before(struct edges *g, int64_t period)
{
	keymap_filter(&g->m, edge_is_kept, &period);
	g->kept = g->m.n;
	if (g->nhint > 0)
		memset(g->hint, 0, g->nhint * sizeof *g->hint);
}

static struct edge_key
edge_key(uint32_t community, uint32_t from, uint32_t to, int64_t period)
{
	struct edge_key k;

	memset(&k, 0, sizeof k);
	k.community = community;
	k.from = from;
	k.to = to;
	k.period = (int32_t)period;
	return k;
}

/* Count n replies (or reactions) of the edge k into the table. */
static void
edge_count(struct edges *g, const struct edge_key *k, uint64_t n, int reaction)
{
	struct edge_rec *r;
	uint32_t *h, *count;
	int created;

	edges_prune(g);
	/*
	 * A member mostly answers the one they answered last, in the same
	 * period: their last edge is tried before the table is hashed.
	 */
	h = hint_at(&g->hint, &g->nhint, k->from);
	r = *h != 0 ? keymap_rec(&g->m, *h - 1) : NULL;
	if (r == NULL || r->k.to != k->to || r->k.period != k->period ||
	    r->k.community != k->community) {
		*h = (uint32_t)keymap_upsert(&g->m, k, &created) + 1;
		r = keymap_rec(&g->m, *h - 1);
	}
	count = reaction ? &r->reactions : &r->replies;
	if (n > UINT32_MAX - *count)
		die("more than %lu replies of one member to another in one period",
		    (unsigned long)UINT32_MAX);
	*count += (uint32_t)n;
}

/*
 * A row's reply is logged, 16 bytes, and counted into the table when the
 * table is read (edges_flush) or the log holds EDGE_LOG_MAX: by then the
 * latest period is known, and with it the first one kept, so the replies
 * of the periods before the span are dropped unhashed (on a two-year log
 * three quarters of them, each a cache miss or two in a table pruned time
 * and again), and the others are counted with their slots asked for
 * ahead. A rollup cell's count or a reaction is counted at once.
 */
#ifndef EDGE_LOG_MAX		/* .ci/run builds with a small log, to flush it often */
#define EDGE_LOG_MAX (((size_t)16 << 20) / sizeof(struct edge_key))
#endif
#define EDGE_LOG_AHEAD 8	/* replies whose slots are asked for ahead */

/* Count the logged replies of the periods kept into the table. */
void
edges_flush(struct edges *g)
{
	size_t i;

	for (i = 0; i < g->nlog; i++) {
		if (i + EDGE_LOG_AHEAD < g->nlog && g->log[i + EDGE_LOG_AHEAD].period >= g->from)
			keymap_prefetch(&g->m, &g->log[i + EDGE_LOG_AHEAD]);
		if (g->log[i].period >= g->from)
			edge_count(g, &g->log[i], 1, 0);
	}
	g->nlog = 0;
}

void
edges_add(struct edges *g, const struct events *ev, const struct event *e, int64_t period)
{
	struct edge_key k;

	if (e->reply_to == STR_NONE || e->reply_to == e->member || e->excluded ||
	    members_is_bot(ev->dir, e->reply_to) || e->kind == ACT_MEMBERSHIP ||
	    period < g->from)
		return;
	k = edge_key(e->community, e->member, e->reply_to, period);
	if (e->count != 1 || e->kind == ACT_REACT) {
		edges_flush(g);
		edge_count(g, &k, e->count, e->kind == ACT_REACT);
		return;
	}
	if (g->nlog == EDGE_LOG_MAX)
		edges_flush(g);
	hugepage_room(&g->log, &g->logcap, &g->logreserved, g->nlog * sizeof *g->log,
	    (g->nlog + 1) * sizeof *g->log, HUGEPAGE_MIN);
	g->log[g->nlog++] = k;
}

/*
 * Pointers to every edge, grouped by community id (STR_NONE last), each
 * community's in the order they were made; caller frees. For callers
 * that only sum a community's edges: a counting sort, where a full sort
 * (community, period, from, to) was a tenth of cop-patterns.
 */
struct edge_rec **
edges_by_community(const struct edges *g)
{
	struct edge_rec **v = xreallocarray(NULL, g->m.n + 1, sizeof *v);
	size_t *start, nslots = 1, i, s;

	for (i = 0; i < g->m.n; i++) {
		const struct edge_rec *r = keymap_rec(&g->m, i);

		if (r->k.community != STR_NONE && (size_t)r->k.community + 2 > nslots)
			nslots = (size_t)r->k.community + 2;
	}
	start = xcalloc(nslots + 1, sizeof *start);
	for (i = 0; i < g->m.n; i++) {
		const struct edge_rec *r = keymap_rec(&g->m, i);

		s = r->k.community == STR_NONE ? nslots - 1 : r->k.community;
		start[s + 1]++;
	}
	for (i = 0; i < nslots; i++)
		start[i + 1] += start[i];
	for (i = 0; i < g->m.n; i++) {
		struct edge_rec *r = keymap_rec(&g->m, i);

		s = r->k.community == STR_NONE ? nslots - 1 : r->k.community;
		v[start[s]++] = r;
	}
	free(start);
	return v;
}

/* As agg_settle, for the reply edges. */
void
edges_settle(struct edges *g)
{
	edges_flush(g);
	hugepage_free(g->log, g->logreserved);
	g->log = NULL;
	g->logcap = g->logreserved = 0;
	keymap_drop_index(&g->m);
	hint_free(&g->hint, &g->nhint);
}

void
edges_free(struct edges *g)
{
	keymap_free(&g->m);
	free(g->hint);
	hugepage_free(g->log, g->logreserved);
}

static int
cmp_member_period(const void *pa, const void *pb)
{
	const struct mp_rec *a = *(struct mp_rec *const *)pa, *b = *(struct mp_rec *const *)pb;

	if (a->k.member != b->k.member)
		return a->k.member < b->k.member ? -1 : 1;
	return (a->k.period > b->k.period) - (a->k.period < b->k.period);
}

/*
 * One community's records rec[0..n), in period order (as agg_sorted gives
 * them), into out by member, then period: a counting sort on member ids
 * keeps each member's in period order, in time linear in n where the qsort
 * was n log n (a twentieth of cop-patterns). A community with few records
 * among many member ids is sorted by qsort instead, so that a stream of
 * many small communities costs no ids x communities.
 */
void
agg_by_member(struct mp_rec **out, struct mp_rec *const *rec, size_t n)
{
	(void)agg_by_member_if(out, rec, n, NULL, NULL);
}

/*
 * As agg_by_member, of the records keep(record, arg) accepts only (all of
 * them if keep is NULL); returns how many. Choosing as it sorts, a caller
 * needs no filtered copy (a pointer a record: 9 MiB of cop-report's peak
 * on the 10M bench file).
 */
size_t
agg_by_member_if(struct mp_rec **out, struct mp_rec *const *rec, size_t n,
    int (*keep)(const struct mp_rec *r, const void *arg), const void *arg)
{
	size_t nm = 0, i, k = 0, *start;

	for (i = 0; i < n; i++)
		if ((size_t)rec[i]->k.member + 1 > nm)
			nm = (size_t)rec[i]->k.member + 1;
	if (nm > 4 * n) {
		for (i = 0; i < n; i++)
			if (keep == NULL || keep(rec[i], arg))
				out[k++] = rec[i];
		qsort(out, k, sizeof *out, cmp_member_period);
		return k;
	}
	start = xcalloc(nm + 1, sizeof *start);
	for (i = 0; i < n; i++)
		if (keep == NULL || keep(rec[i], arg)) {
			start[rec[i]->k.member + 1]++;
			k++;
		}
	for (i = 0; i < nm; i++)
		start[i + 1] += start[i];
	for (i = 0; i < n; i++)
		if (keep == NULL || keep(rec[i], arg))
			out[start[rec[i]->k.member]++] = rec[i];
	free(start);
	return k;
}
