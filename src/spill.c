/*
 * spill.c: external aggregation, for a table that would outgrow its
 * memory budget. The caller sorts its records, writes them out as a run
 * (spill_run) and empties the table; at the end the runs and the last
 * batch still in memory are merged k ways (spill_merge, spill_next) and
 * records with equal keys combined, so the caller sees each key once, in
 * order, as if the table had held everything. Runs are appended to one
 * temporary file in TMPDIR, unlinked at once, so that no run costs a file
 * descriptor; the caller's encode and decode callbacks keep them compact
 * (the varint helpers below help). More than SPILL_FANIN runs are merged
 * a group at a time into longer runs first, so that the merge never holds
 * more than SPILL_FANIN read buffers.
 */
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cop.h"

#define SPILL_FANIN 64
#define SPILL_BUFSZ ((size_t)64 << 10)

struct spill_src {
	const void *rec;		/* the current record, NULL at the end */
	unsigned char *dec;		/* a file run's decoded record */
	unsigned char *buf;		/* a file run's bytes read */
	size_t pos, end;
	uint64_t off, left;		/* where the rest of its run is, and how much */
	void *const *mem;		/* the batch in memory, or NULL: a run */
	size_t nmem, memi;
};

/* Varints: 7 bits a byte, low first, high bit set on all but the last. */
size_t
spill_put_uvarint(unsigned char *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

/* At most 10 bytes, even of a damaged run: decode stays in the slack. */
size_t
spill_get_uvarint(const unsigned char *p, uint64_t *v)
{
	uint64_t r = 0;
	size_t n = 0;
	unsigned shift = 0;

	while ((p[n] & 0x80) && n < 9) {
		r |= (uint64_t)(p[n++] & 0x7f) << shift;
		shift += 7;
	}
	r |= (uint64_t)p[n++] << shift;
	*v = r;
	return n;
}

/* Signed values of small magnitude, either sign, as small varints. */
size_t
spill_put_svarint(unsigned char *p, int64_t v)
{
	uint64_t u = (uint64_t)v;

	return spill_put_uvarint(p, (u << 1) ^ ((uint64_t)0 - (u >> 63)));
}

size_t
spill_get_svarint(const unsigned char *p, int64_t *v)
{
	uint64_t u;
	size_t n = spill_get_uvarint(p, &u);

	*v = (int64_t)((u >> 1) ^ ((uint64_t)0 - (u & 1)));
	return n;
}

void
spill_init(struct spill *s, const struct spill_ops *ops)
{
	memset(s, 0, sizeof *s);
	s->ops = ops;
	s->fd = -1;
}

/*
 * The temporary file, made at the first run. Its name is kept for
 * messages: a full disk must say which file it could not write.
 */
static void
spill_create(struct spill *s)
{
	const char *dir = getenv("TMPDIR");
	size_t n;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	n = strlen(dir) + sizeof "/coptools.XXXXXX";
	s->path = xmalloc(n);
	snprintf(s->path, n, "%s/coptools.XXXXXX", dir);
	s->fd = mkstemp(s->path);
	if (s->fd < 0)		/* mkstemp leaves the name made up: name the directory */
		die("%s: cannot create a temporary file:", dir);
	unlink(s->path);
	s->obuf = xmalloc(SPILL_BUFSZ);
}

static void
spill_flush(struct spill *s)
{
	const unsigned char *p = s->obuf;
	size_t n = s->olen;

	while (n > 0) {
		ssize_t w = pwrite(s->fd, p, n, (off_t)s->size);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			die("%s: cannot write the temporary file:", s->path);
		p += w;
		n -= (size_t)w;
		s->size += (uint64_t)w;
	}
	s->olen = 0;
}

static void
spill_put(struct spill *s, const void *rec)
{
	if (s->olen + s->ops->maxenc > SPILL_BUFSZ)
		spill_flush(s);
	s->olen += s->ops->encode(s->obuf + s->olen, rec, s->ops->arg);
}

static void
run_begin(struct spill *s)
{
	if (s->fd < 0)
		spill_create(s);
	xgrow(&s->run, &s->runcap, s->nruns + 1, sizeof *s->run);
	s->run[s->nruns].off = s->size + s->olen;
}

static void
run_end(struct spill *s)
{
	spill_flush(s);
	s->run[s->nruns].len = s->size - s->run[s->nruns].off;
	s->nruns++;
}

/* Write n records, sorted by ops->cmp, as a run. */
void
spill_run(struct spill *s, void *const *recs, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	run_begin(s);
	for (i = 0; i < n; i++)
		spill_put(s, recs[i]);
	run_end(s);
}

/* Read more of a file run, keeping the unread tail: a record never straddles. */
static void
src_fill(struct spill *s, struct spill_src *src)
{
	size_t keep = src->end - src->pos, want;
	ssize_t r;

	memmove(src->buf, src->buf + src->pos, keep);
	src->pos = 0;
	src->end = keep;
	want = SPILL_BUFSZ - keep;
	if (want > src->left)
		want = (size_t)src->left;
	while (want > 0) {
		r = pread(s->fd, src->buf + src->end, want, (off_t)src->off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die("%s: cannot read the temporary file back:", s->path);
		if (r == 0)
			die("%s: cannot read the temporary file back: it is shorter than written",
			    s->path);
		src->end += (size_t)r;
		src->off += (uint64_t)r;
		src->left -= (uint64_t)r;
		want -= (size_t)r;
	}
}

/* Step a source to its next record, or to its end (rec NULL). */
static void
src_advance(struct spill *s, struct spill_src *src)
{
	if (src->mem != NULL) {
		src->rec = src->memi < src->nmem ? src->mem[src->memi++] : NULL;
		return;
	}
	if (src->end - src->pos < s->ops->maxenc && src->left > 0)
		src_fill(s, src);
	if (src->pos == src->end) {
		src->rec = NULL;
		return;
	}
	/* A run cut short reads at most maxenc bytes on, into the slack. */
	src->pos += s->ops->decode(src->dec, src->buf + src->pos, s->ops->arg);
	if (src->pos > src->end)
		die("%s: cannot read the temporary file back: a record is cut short",
		    s->path);
	src->rec = src->dec;
}

static int
src_less(const struct spill *s, size_t a, size_t b)
{
	int c = s->ops->cmp(s->src[a].rec, s->src[b].rec, s->ops->arg);

	return c < 0 || (c == 0 && a < b);
}

/* Restore the heap below slot i after its source moved on. */
static void
heap_down(struct spill *s, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i, t;

		if (l < s->nheap && src_less(s, s->heap[l], s->heap[m]))
			m = l;
		if (l + 1 < s->nheap && src_less(s, s->heap[l + 1], s->heap[m]))
			m = l + 1;
		if (m == i)
			return;
		t = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = t;
		i = m;
	}
}

/* Move the least source on and restore the heap. */
static void
heap_pop_step(struct spill *s)
{
	struct spill_src *src = &s->src[s->heap[0]];

	src_advance(s, src);
	if (src->rec == NULL)
		s->heap[0] = s->heap[--s->nheap];
	if (s->nheap > 0)
		heap_down(s, 0);
}

/* End a merge; its buffers are kept for the next. */
static void
merge_end(struct spill *s)
{
	s->nsrc = s->nheap = 0;
}

/*
 * Merge runs [first, first + n) and, if nmem > 0, the batch mem. The
 * sources and their buffers are made once, for SPILL_FANIN runs and the
 * batch, and serve every merge.
 */
static void
merge_begin(struct spill *s, size_t first, size_t n, void *const *mem, size_t nmem)
{
	size_t i;

	if (s->src == NULL) {
		s->src = xcalloc(SPILL_FANIN + 1, sizeof *s->src);
		s->heap = xcalloc(SPILL_FANIN + 1, sizeof *s->heap);
		s->cur = xmalloc(s->ops->recsize);
	}
	merge_end(s);
	for (i = 0; i < n; i++) {
		struct spill_src *src = &s->src[s->nsrc++];

		if (src->buf == NULL) {
			src->buf = xmalloc(SPILL_BUFSZ + s->ops->maxenc);
			memset(src->buf + SPILL_BUFSZ, 0, s->ops->maxenc);	/* see src_advance */
			src->dec = xmalloc(s->ops->recsize);
		}
		src->pos = src->end = 0;
		src->off = s->run[first + i].off;
		src->left = s->run[first + i].len;
		src->mem = NULL;
	}
	if (nmem > 0) {
		struct spill_src *src = &s->src[s->nsrc++];

		src->mem = mem;
		src->nmem = nmem;
		src->memi = 0;
	}
	for (i = 0; i < s->nsrc; i++) {
		src_advance(s, &s->src[i]);
		if (s->src[i].rec != NULL)
			s->heap[s->nheap++] = i;
	}
	for (i = s->nheap / 2; i-- > 0;)
		heap_down(s, i);
}

/*
 * The next record of the merge, equal keys combined, or NULL at the end.
 * It stays valid until the next call.
 */
const void *
spill_next(struct spill *s)
{
	if (s->nheap == 0)
		return NULL;
	memcpy(s->cur, s->src[s->heap[0]].rec, s->ops->recsize);
	heap_pop_step(s);
	while (s->nheap > 0 && s->ops->cmp(s->src[s->heap[0]].rec, s->cur, s->ops->arg) == 0) {
		s->ops->combine(s->cur, s->src[s->heap[0]].rec, s->ops->arg);
		heap_pop_step(s);
	}
	return s->cur;
}

/*
 * Merge the first SPILL_FANIN runs not yet merged into one at the end of
 * the file. Their space is not reused: each round of merging writes every
 * record again, and one round takes up to SPILL_FANIN^2 runs.
 */
static void
merge_group(struct spill *s)
{
	const void *rec;

	merge_begin(s, s->head, SPILL_FANIN, NULL, 0);
	run_begin(s);
	while ((rec = spill_next(s)) != NULL)
		spill_put(s, rec);
	run_end(s);
	merge_end(s);
	s->head += SPILL_FANIN;
}

/*
 * Start the final merge of every run and the sorted batch mem[0..nmem),
 * to be read with spill_next. ops->cmp must be the order the runs were
 * sorted in: it may read other state now, but must agree.
 */
void
spill_merge(struct spill *s, void *const *mem, size_t nmem)
{
	while (s->nruns - s->head > SPILL_FANIN)
		merge_group(s);
	merge_begin(s, s->head, s->nruns - s->head, mem, nmem);
}

void
spill_free(struct spill *s)
{
	size_t i;

	for (i = 0; s->src != NULL && i <= SPILL_FANIN; i++) {
		free(s->src[i].buf);
		free(s->src[i].dec);
	}
	free(s->src);
	free(s->heap);
	if (s->fd >= 0)
		close(s->fd);
	free(s->path);
	free(s->obuf);
	free(s->run);
	free(s->cur);
	memset(s, 0, sizeof *s);
	s->fd = -1;
}
