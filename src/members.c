/*
 * members.c: the members directory of -M (cop-events(5)): one row per
 * person with `member` and any of `role`, `unit`, `joined`, `aliases`.
 * Every handle, from the directory or the data, resolves in one lookup to
 * a member id: aliases merge identities, and a person whose role is `bot`
 * is flagged so every figure can leave them out.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

#define INDEX_START 64	/* slots; a power of two */
#define INDEX_HUGE (128 << 10)	/* bytes of slots past which a huge page is asked for */

/*
 * The handle index. A handle is found by its hash in an open-addressing
 * table (linear probing, at most 7/10 full) of 16-byte slots holding 32
 * hash bits, the length and the member id; its bytes lie in one array in
 * the order handles were first seen, so the frequent ones, seen early, sit
 * together. A lookup costs a slot and the bytes, where a strtab took four
 * dependent cache misses (slots, lengths, pointers, bytes) and a handle
 * then a fifth for its member id, once there are tens of thousands.
 */
static void
index_alloc(struct members *d, size_t nslots)
{
	size_t n = nslots * sizeof *d->index;

	if (n >= INDEX_HUGE) {
		/* one huge page for the table: its lookups are random, every one a TLB miss */
		d->index_mem = d->index = hugepage_alloc(n < (2 << 20) ? (2 << 20) : n);
		d->nindex = nslots;
		return;
	}
	/* calloc's pages come zeroed on first touch; slots do not straddle lines */
	d->index_mem = xcalloc(nslots + 4, sizeof *d->index);
	d->index = (struct handle_slot *)(((uintptr_t)d->index_mem + 63) & ~(uintptr_t)63);
	d->nindex = nslots;
}

static size_t
index_home(uint32_t hash, size_t nindex)
{
	return (size_t)hash & (nindex - 1);
}

/* Handle h's slot, or the empty slot where it belongs. */
static struct handle_slot *
index_slot(const struct members *d, const char *h, size_t n, uint32_t hash)
{
	size_t mask = d->nindex - 1, i = index_home(hash, d->nindex);
	struct handle_slot *s;

	for (;; i = (i + 1) & mask) {
		s = &d->index[i];
		if (s->n1 == 0 || (s->hash == hash && s->n1 == n + 1 &&
		    bytes_equal(d->handle_bytes + s->off, h, n)))
			return s;
	}
}

/* Double the table: slots move by their stored hash, bytes stay untouched. */
static void
index_grow(struct members *d)
{
	struct handle_slot *old = d->index;
	void *old_mem = d->index_mem;
	size_t i, j, nold = d->nindex, mask;

	index_alloc(d, 2 * nold);
	mask = d->nindex - 1;
	for (i = 0; i < nold; i++) {
		if (old[i].n1 == 0)
			continue;
		for (j = index_home(old[i].hash, d->nindex); d->index[j].n1 != 0; j = (j + 1) & mask)
			;
		d->index[j] = old[i];
	}
	free(old_mem);
}

static uint32_t
index_hash(const char *h, size_t n)
{
	return (uint32_t)(hash_bytes(h, n) >> 32);
}

/* Put handle h (not in the index) with its member id. */
static void
index_put(struct members *d, const char *h, size_t n, uint32_t hash, uint32_t id)
{
	struct handle_slot *s;

	if (n >= UINT32_MAX - d->nbytes)
		die("more than %u bytes of member handles", UINT32_MAX - 1);
	if ((d->nindexed + 1) * 10 > d->nindex * 7)
		index_grow(d);
	if (d->nbytes + n > d->bytes_cap)
		xgrow(&d->handle_bytes, &d->bytes_cap, d->nbytes + n, 1);
	memcpy(d->handle_bytes + d->nbytes, h, n);
	s = index_slot(d, h, n, hash);
	s->hash = hash;
	s->id = id;
	s->off = (uint32_t)d->nbytes;
	s->n1 = (uint32_t)n + 1;
	d->nbytes += n;
	d->nindexed++;
}

void
members_init(struct members *d)
{
	memset(d, 0, sizeof *d);
	index_alloc(d, INDEX_START);
	strtab_init(&d->names);
	strtab_init(&d->roles);
	strtab_init(&d->units);
}

/* The id of a canonical member name, created with no attributes if new. */
static uint32_t
new_member(struct members *d, const char *name, size_t n)
{
	size_t before = d->names.n;
	uint32_t id = strtab_intern(&d->names, name, n);

	if (id < before)
		return id;
	if (id + 1 > d->info_cap) {
		size_t old = d->info_cap;

		xgrow(&d->info, &d->info_cap, (size_t)id + 1, sizeof *d->info);
		memset(d->info + old, 0, (d->info_cap - old) * sizeof *d->info);
	}
	d->info[id].role = d->info[id].unit = STR_NONE;
	d->info[id].joined = INT64_MIN;
	return id;
}

/* Map handle h to member id; returns the id it already had, or STR_NONE. */
static uint32_t
bind_handle(struct members *d, const char *h, size_t n, uint32_t id)
{
	uint32_t hash = index_hash(h, n);
	struct handle_slot *s = index_slot(d, h, n, hash);

	if (s->n1 != 0)
		return s->id;
	index_put(d, h, n, hash, id);
	return STR_NONE;
}

/* The member id of handle h, STR_NONE if it is not known (yet). */
uint32_t
members_find(const struct members *d, const char *h, size_t n)
{
	const struct handle_slot *s = index_slot(d, h, n, index_hash(h, n));

	return s->n1 != 0 ? s->id : STR_NONE;
}

/* The member id of a handle from the data; a new handle is a new member. */
uint32_t
members_intern(struct members *d, const char *h, size_t n)
{
	uint32_t hash = index_hash(h, n), id;
	struct handle_slot *s = index_slot(d, h, n, hash);

	if (s->n1 != 0)
		return s->id;
	id = new_member(d, h, n);
	index_put(d, h, n, hash, id);
	return id;
}

static void
add_aliases(struct members *d, struct tsv *t, const struct field *f, uint32_t id)
{
	const char *p = f->p, *end = f->p + f->n, *comma;

	for (; p < end; p = comma + 1) {
		uint32_t other;
		size_t n;

		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		n = (size_t)(comma - p);
		while (n > 0 && *p == ' ')
			p++, n--;
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n == 0)
			continue;
		other = bind_handle(d, p, n, id);
		if (other != STR_NONE && other != id)
			tsv_die(t, "aliases", "\"%s\" is already a handle of \"%s\"",
			    quote_value(p, n), quote_value(d->names.str[other], d->names.len[other]));
	}
}

static uint32_t
intern_field(struct strtab *s, const struct tsv *t, int col)
{
	if (col < 0 || t->f[col].n == 0)
		return STR_NONE;
	return strtab_intern(s, t->f[col].p, t->f[col].n);
}

static void
load_row(struct members *d, struct tsv *t, const int *col, struct tz *z)
{
	const struct field *m = &t->f[col[0]];
	struct member_info *info;
	uint32_t id;
	int i;

	if (t->nf != t->ncols)
		tsv_die(t, NULL, "%zu field%s where the header has %zu", t->nf,
		    t->nf == 1 ? "" : "s", t->ncols);
	if (m->n == 0)
		tsv_die(t, "member", "empty");
	for (i = 0; i < 5; i++)	/* names are C strings once interned: "bot\0x" is not "bot" */
		if (col[i] >= 0 && memchr(t->f[col[i]].p, '\0', t->f[col[i]].n) != NULL)
			tsv_die(t, t->cols[col[i]], "holds a NUL byte");
	id = new_member(d, m->p, m->n);
	if (d->info[id].listed)
		tsv_die(t, "member", "\"%s\" is listed twice", quote_value(m->p, m->n));
	if (bind_handle(d, m->p, m->n, id) != STR_NONE)
		tsv_die(t, "member", "\"%s\" is already an alias of another member",
		    quote_value(m->p, m->n));
	info = &d->info[id];
	info->listed = 1;
	info->role = intern_field(&d->roles, t, col[1]);
	info->unit = intern_field(&d->units, t, col[2]);
	info->bot = info->role != STR_NONE && strcmp(d->roles.str[info->role], "bot") == 0;
	d->have_bots |= info->bot;
	if (col[3] >= 0 && t->f[col[3]].n > 0 &&
	    time_parse(z, t->f[col[3]].p, t->f[col[3]].n, &info->joined) != 0)
		tsv_die(t, "joined", "cannot parse \"%s\"", quote_value(t->f[col[3]].p, t->f[col[3]].n));
	if (col[4] >= 0)
		add_aliases(d, t, &t->f[col[4]], id);
}

void
members_load(struct members *d, const char *path, struct tz *z)
{
	static const char *const names[] = { "member", "role", "unit", "joined", "aliases" };
	char *paths[1];
	struct tsv t;
	int col[5];
	size_t i;

	paths[0] = (char *)path;
	tsv_open(&t, paths, 1, 0);
	if (!tsv_header(&t))
		die("%s: the members directory is empty", t.name);
	for (i = 0; i < 5; i++)
		col[i] = tsv_find(&t, NULL, names[i], i == 0);
	d->have_role = col[1] >= 0;
	d->have_unit = col[2] >= 0;
	d->have_joined = col[3] >= 0;
	while (tsv_next(&t))
		load_row(d, &t, col, z);
	tsv_close(&t);
	d->loaded = 1;
}

const char *
members_name(const struct members *d, uint32_t id)
{
	return d->names.str[id];
}

const char *
members_role(const struct members *d, uint32_t id)
{
	uint32_t r = d->info[id].role;

	return r == STR_NONE ? NULL : d->roles.str[r];
}

const char *
members_unit(const struct members *d, uint32_t id)
{
	uint32_t u = d->info[id].unit;

	return u == STR_NONE ? NULL : d->units.str[u];
}

/*
 * Asked of every row's member and reply_to: without bots in the directory
 * the answer needs no look at the member's record (a cache miss a row).
 */
int
members_is_bot(const struct members *d, uint32_t id)
{
	return d->have_bots && d->info[id].bot;
}

/* Whether the member's role is one of the NULL-terminated list roles. */
int
members_has_role(const struct members *d, uint32_t id, const char *const *roles)
{
	const char *r = members_role(d, id);

	for (; r != NULL && *roles != NULL; roles++)
		if (strcmp(r, *roles) == 0)
			return 1;
	return 0;
}

void
members_free(struct members *d)
{
	free(d->index_mem);
	free(d->handle_bytes);
	strtab_free(&d->names);
	strtab_free(&d->roles);
	strtab_free(&d->units);
	free(d->info);
}
