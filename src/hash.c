/*
 * hash.c: the two tables every aggregate is built from. A strtab interns
 * byte strings (member handles, venues, actions) into dense integer ids
 * and gives them back sorted, so hash order never reaches the output. A
 * keymap maps fixed-size binary keys (say community x member x period) to
 * fixed-size records stored densely, so a pass over all records is a scan
 * of one array. Both use open addressing with linear probing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

#define LOAD_NUM 7	/* grow past 7/10 full */
#define LOAD_DEN 10
#define ARENA_BLOCK (1 << 16)
/*
 * Sizes past which a keymap's slots and records go on huge pages: on the
 * virtual machines of the bench a first touch of a 4 KiB page costs some
 * 40 microseconds, of a 2 MiB huge page under a millisecond or a few, so a
 * table of a megabyte is already cheaper in one huge page. Not much less:
 * every table rounded up to 2 MiB took cop-patterns on the 10M bench file
 * from 250 to 260 MiB, past the 256 MiB it must stay under.
 */
#define SLOTS_HUGE (HUGEPAGE_MIN / 2)
#define RECORDS_HUGE (HUGEPAGE_MIN / 2)

static inline uint64_t
load64(const unsigned char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return w;
}

static inline uint64_t
load32(const unsigned char *s)
{
	uint32_t w;

	memcpy(&w, s, 4);
	return w;
}

/*
 * A fast 64-bit hash of a byte string. Handles and words are short, so a
 * key of up to 16 bytes is read in two (overlapping) loads and mixed once,
 * with no byte loop and no call; longer keys take 8 bytes a step first.
 * Its values never reach output: every table is sorted before printing.
 */
uint64_t
hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xff51afd7ed558ccdULL), a, b;

	if (n >= 8) {
		for (; n > 16; s += 8, n -= 8) {
			h = (h ^ load64(s)) * 0xc4ceb9fe1a85ec53ULL;
			h ^= h >> 29;
		}
		a = load64(s);
		b = load64(s + n - 8);
	} else if (n >= 4) {
		a = load32(s);
		b = load32(s + n - 4);
	} else {
		a = n == 0 ? 0 : s[0] | (uint64_t)s[n / 2] << 8 | (uint64_t)s[n - 1] << 16;
		b = 0;
	}
	h = (h ^ a) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	h = (h ^ b) * 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/*
 * Slots hold (hash high bits << 32) | (index + 1); 0 is empty. A key's
 * home slot is taken from those same high bits, so a table grows from
 * its slots alone, without hashing its keys again or even touching them
 * (a keymap's records can be tens of megabytes).
 */
static size_t
slot_home(uint64_t h, size_t nslots)
{
	return (size_t)(h >> 32) & (nslots - 1);
}

static void
slot_put(uint64_t *slots, size_t nslots, uint64_t slot)
{
	size_t i = slot_home(slot, nslots);

	while (slots[i] != 0)
		i = (i + 1) & (nslots - 1);
	slots[i] = slot;
}

static void
slots_insert(uint64_t *slots, size_t nslots, uint64_t h, size_t index)
{
	slot_put(slots, nslots, (h & 0xffffffff00000000ULL) | (uint64_t)(index + 1));
}

/*
 * Double a table of *nslots slots (or start one of n). Slots past
 * SLOTS_HUGE go on huge pages (hugepage.c): each lookup lands on a random
 * slot, a TLB miss, and every 4 KiB page first touched is a page fault,
 * where one 2 MiB page maps them all.
 */
static void
slots_grow(uint64_t **slots, size_t *nslots, size_t n)
{
	uint64_t *old = *slots, *grown;
	size_t i, nold = *nslots;

	n = nold ? 2 * nold : n;
	if (n * sizeof *grown >= SLOTS_HUGE)
		grown = hugepage_alloc(n * sizeof *grown < HUGEPAGE_MIN ? HUGEPAGE_MIN :
		    n * sizeof *grown);
	else
		grown = xcalloc(n, sizeof *grown);
	for (i = 0; i < nold; i++)
		if (old[i] != 0)
			slot_put(grown, n, old[i]);
	free(old);
	*slots = grown;
	*nslots = n;
}

/*
 * Room for n items of size bytes, for a large array made whole and freed
 * with free() (a sorted copy of a table's records, say): past
 * RECORDS_HUGE on huge pages, zeroed, as the tables themselves.
 */
void *
table_alloc(size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		die("out of memory (%zu x %zu bytes overflows)", n, size);
	if (n * size >= RECORDS_HUGE)
		return hugepage_alloc(n * size < HUGEPAGE_MIN ? HUGEPAGE_MIN : n * size);
	return xreallocarray(NULL, n ? n : 1, size ? size : 1);
}

/* strtab */

void
strtab_init(struct strtab *t)
{
	memset(t, 0, sizeof *t);
}

/* Copy a string into the arena; blocks never move, so pointers stay valid. */
static char *
arena_copy(struct strtab *t, const char *s, size_t n)
{
	char *p;

	if (n + 1 > t->block_left) {
		size_t size = n + 1 > ARENA_BLOCK ? n + 1 : ARENA_BLOCK;

		xgrow(&t->blocks, &t->nblocks_cap, t->nblocks + 1, sizeof *t->blocks);
		t->blocks[t->nblocks++] = t->block = xmalloc(size);
		t->block_left = size;
	}
	p = t->block;
	memcpy(p, s, n);
	p[n] = '\0';
	t->block += n + 1;
	t->block_left -= n + 1;
	return p;
}

static uint32_t
strtab_lookup(const struct strtab *t, const char *s, size_t n, uint64_t h)
{
	size_t i;
	uint64_t hi = h & 0xffffffff00000000ULL;

	if (t->nslots == 0)
		return STR_NONE;
	for (i = slot_home(h, t->nslots); t->slots[i] != 0; i = (i + 1) & (t->nslots - 1)) {
		uint32_t id = (uint32_t)(t->slots[i] & 0xffffffff) - 1;

		if ((t->slots[i] & 0xffffffff00000000ULL) == hi && t->len[id] == n &&
		    bytes_equal(t->str[id], s, n))
			return id;
	}
	return STR_NONE;
}

uint32_t
strtab_find(const struct strtab *t, const char *s, size_t n)
{
	return strtab_lookup(t, s, n, hash_bytes(s, n));
}

uint32_t
strtab_intern(struct strtab *t, const char *s, size_t n)
{
	uint64_t h = hash_bytes(s, n);
	uint32_t id = strtab_lookup(t, s, n, h);

	if (id != STR_NONE)
		return id;
	if (t->n >= STR_NONE - 1)
		die("more than %u distinct names", STR_NONE - 1);
	if ((t->n + 1) * LOAD_DEN > t->nslots * LOAD_NUM)
		slots_grow(&t->slots, &t->nslots, 64);
	if (t->n + 1 > t->cap) {	/* not a realloc per name: some allocators copy */
		xgrow(&t->str, &t->cap, t->n + 1, sizeof *t->str);
		t->len = xreallocarray(t->len, t->cap, sizeof *t->len);
		t->hash = xreallocarray(t->hash, t->cap, sizeof *t->hash);
	}
	id = (uint32_t)t->n++;
	t->str[id] = arena_copy(t, s, n);
	t->len[id] = n;
	t->hash[id] = h;
	slots_insert(t->slots, t->nslots, h, id);
	return id;
}

static int
bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	return c != 0 ? c : (an > bn) - (an < bn);
}

/* Names in byte order, the absent name (STR_NONE) first. */
int
strtab_cmp(const struct strtab *t, uint32_t a, uint32_t b)
{
	if (a == b)
		return 0;
	if (a == STR_NONE || b == STR_NONE)
		return a == STR_NONE ? -1 : 1;
	return bytes_cmp(t->str[a], t->len[a], t->str[b], t->len[b]);
}

static const struct strtab *sort_table;	/* qsort has no context argument */

static int
cmp_ids(const void *a, const void *b)
{
	return strtab_cmp(sort_table, *(const uint32_t *)a, *(const uint32_t *)b);
}

/* Sort ids (of t) by their strings' bytes. */
void
strtab_sort_ids(const struct strtab *t, uint32_t *ids, size_t n)
{
	sort_table = t;
	qsort(ids, n, sizeof *ids, cmp_ids);
	sort_table = NULL;
}

/* All ids of t, sorted by their strings' bytes; the caller frees. */
uint32_t *
strtab_sorted(const struct strtab *t)
{
	uint32_t *ids = xreallocarray(NULL, t->n, sizeof *ids);
	size_t i;

	for (i = 0; i < t->n; i++)
		ids[i] = (uint32_t)i;
	strtab_sort_ids(t, ids, t->n);
	return ids;
}

void
strtab_free(struct strtab *t)
{
	size_t i;

	for (i = 0; i < t->nblocks; i++)
		free(t->blocks[i]);
	free(t->blocks);
	free(t->slots);
	free(t->str);
	free(t->len);
	free(t->hash);
	memset(t, 0, sizeof *t);
}

/* keymap */

void
keymap_init(struct keymap *m, size_t keysize, size_t recsize)
{
	memset(m, 0, sizeof *m);
	m->keysize = keysize;
	m->recsize = recsize;
}

/*
 * Slots for the n records of a table whose slots were dropped (or never
 * made), hashing every key again, with room for one more.
 */
static void
index_make(struct keymap *m)
{
	size_t want = 256, i;

	while (want * LOAD_NUM < (m->n + 1) * LOAD_DEN)
		want *= 2;
	slots_grow(&m->slots, &m->nslots, want);
	for (i = 0; i < m->n; i++)
		slots_insert(m->slots, m->nslots, hash_bytes(m->recs + i * m->recsize,
		    m->keysize), i);
	m->indexed = m->n;
}

/*
 * Free the slots of a table no longer looked up: its records stay, read
 * by index. Once a table is complete its slots (8 bytes per record, at
 * most 7/10 full) are often a sixth of it, and the judging that follows
 * needs the room. A later lookup or insertion makes them again.
 */
void
keymap_drop_index(struct keymap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->nslots = 0;
	m->indexed = 0;
}

static size_t
keymap_lookup(const struct keymap *m, const void *key, uint64_t h)
{
	uint64_t hi = h & 0xffffffff00000000ULL;
	size_t i;

	if (m->nslots == 0)
		return KEY_NONE;
	for (i = slot_home(h, m->nslots); m->slots[i] != 0; i = (i + 1) & (m->nslots - 1)) {
		size_t idx = (size_t)(m->slots[i] & 0xffffffff) - 1;

		if ((m->slots[i] & 0xffffffff00000000ULL) == hi &&
		    bytes_equal(m->recs + idx * m->recsize, key, m->keysize))
			return idx;
	}
	return KEY_NONE;
}

/* Ask for the cache line at p ahead of its use; a hint, nothing more. */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* Fetch the slot where key's lookup starts into the cache, ahead of it. */
void
keymap_prefetch(const struct keymap *m, const void *key)
{
	if (m->nslots > 0)
		PREFETCH(&m->slots[slot_home(hash_bytes(key, m->keysize), m->nslots)]);
}

/*
 * Bring the slots up to date with the records: make them if there are
 * none, else put in those appended since (keymap_append), a batch whose
 * slots are fetched eight records ahead, as a lookup a row could not.
 */
static void
index_catch_up(struct keymap *m)
{
	size_t i;

	if (m->indexed == m->n)
		return;
	if (m->nslots == 0) {
		index_make(m);
		return;
	}
	while ((m->n + 1) * LOAD_DEN > m->nslots * LOAD_NUM)
		slots_grow(&m->slots, &m->nslots, 0);
	for (i = m->indexed; i < m->n; i++) {
		if (i + 8 < m->n)
			keymap_prefetch(m, m->recs + (i + 8) * m->recsize);
		slots_insert(m->slots, m->nslots, hash_bytes(m->recs + i * m->recsize,
		    m->keysize), i);
	}
	m->indexed = m->n;
}

size_t
keymap_find(const struct keymap *m, const void *key)
{
	/* the slots are an index, made again on demand: no change the caller sees */
	index_catch_up((struct keymap *)m);
	return keymap_lookup(m, key, hash_bytes(key, m->keysize));
}

/*
 * Room for need bytes of records. Past RECORDS_HUGE they move into
 * address space of their own and grow in place (hugepage.c): the records
 * of a 1M-event summary are its largest table, and faulting them in small
 * pages was a quarter of its time.
 */
static void
records_grow(struct keymap *m, size_t need)
{
	hugepage_room(&m->recs, &m->cap, &m->reserved, m->n * m->recsize, need, RECORDS_HUGE);
}

/*
 * The index of key's record, created zeroed (but for the key) when absent;
 * *created tells which. Indexes are stable; record pointers are not.
 */
size_t
keymap_upsert(struct keymap *m, const void *key, int *created)
{
	uint64_t h = hash_bytes(key, m->keysize);
	size_t idx;

	index_catch_up(m);
	idx = keymap_lookup(m, key, h);

	*created = idx == KEY_NONE;
	if (idx != KEY_NONE)
		return idx;
	if ((m->n + 1) * LOAD_DEN > m->nslots * LOAD_NUM)
		slots_grow(&m->slots, &m->nslots, 256);
	idx = keymap_append(m, key);
	slots_insert(m->slots, m->nslots, h, idx);
	m->indexed = m->n;
	return idx;
}

/*
 * A record for key, which the caller knows is not in the table, created
 * zeroed but for the key; its slot is made at the next lookup that needs
 * it (index_catch_up), or never if the slots are dropped first. Returns
 * its index.
 */
size_t
keymap_append(struct keymap *m, const void *key)
{
	size_t idx;
	unsigned char *rec;

	if (m->n >= 0xfffffffe)
		die("more than %u distinct keys", 0xfffffffeU);
	records_grow(m, (m->n + 1) * m->recsize);
	idx = m->n++;
	rec = m->recs + idx * m->recsize;
	memset(rec, 0, m->recsize);
	memcpy(rec, key, m->keysize);
	return idx;
}

/*
 * Room for n records in all, so that a caller who knows how many keys are
 * coming (or a bound) spares the table its doublings: each one moved every
 * slot and, past a few megabytes, every record.
 */
void
keymap_reserve(struct keymap *m, size_t n)
{
	size_t want = 256;

	if (n > 0xfffffffe)
		n = 0xfffffffe;
	while (want * LOAD_NUM < n * LOAD_DEN)
		want *= 2;
	index_catch_up(m);
	if (m->nslots == 0)
		slots_grow(&m->slots, &m->nslots, want);
	while (m->nslots < want)
		slots_grow(&m->slots, &m->nslots, 0);
	records_grow(m, n * m->recsize);
}

/*
 * Keep only the records keep() accepts, in their order: the table is
 * compacted and its slots made again. Indexes of kept records change.
 */
void
keymap_filter(struct keymap *m, int (*keep)(const void *rec, const void *arg),
    const void *arg)
{
	size_t i, n = 0;

	for (i = 0; i < m->n; i++) {
		unsigned char *rec = m->recs + i * m->recsize;

		if (!keep(rec, arg))
			continue;
		if (n != i)
			memcpy(m->recs + n * m->recsize, rec, m->recsize);
		n++;
	}
	/* the pages of the records dropped: the table may not grow back so far */
	if (m->reserved > 0)
		hugepage_release(m->recs, m->reserved, n * m->recsize, m->n * m->recsize);
	m->n = n;
	m->indexed = 0;
	if (m->nslots == 0)
		return;
	memset(m->slots, 0, m->nslots * sizeof *m->slots);
	index_catch_up(m);
}

void
keymap_free(struct keymap *m)
{
	hugepage_free(m->recs, m->reserved);
	free(m->slots);
	memset(m, 0, sizeof *m);
}
