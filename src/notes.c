/*
 * notes.c: a log of fixed-size records written once and read back once,
 * in order: what a first pass found of each row, for a second pass that
 * then need not parse every row again. The records are held in memory up
 * to NOTES_HELD bytes, then written to an unlinked spool file in TMPDIR a
 * buffer at a time, so the log costs memory by its buffer, not by its
 * rows. If no spool file can be made or written, the log fails
 * (notes_add returns NULL from then on) and the caller goes without.
 */
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cop.h"

#define NOTES_HELD ((size_t)64 << 10)

void
notes_init(struct notes *n, size_t recsize)
{
	memset(n, 0, sizeof *n);
	n->recsize = recsize;
	n->fd = -1;
	n->cap = NOTES_HELD / recsize;
	n->buf = xreallocarray(NULL, n->cap, recsize);
}

/*
 * Write the records held to the spool, making it at the first. 0 if it
 * cannot be made or written (a full disk): the log has failed, and the
 * spool is given back.
 */
static int
notes_flush(struct notes *n)
{
	const unsigned char *p = n->buf;
	size_t left = n->held * n->recsize;
	ssize_t w;

	if (n->fd < 0 && (n->fd = spool_try_open()) < 0)
		return 0;
	while (left > 0) {
		w = write(n->fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(n->fd);
			n->fd = -1;
			return 0;
		}
		p += w;
		left -= (size_t)w;
	}
	n->held = 0;
	return 1;
}

/*
 * Room for the next record, zeroed, the caller's to fill until the next
 * notes_add; NULL if the log has failed.
 */
void *
notes_add(struct notes *n)
{
	unsigned char *r;

	if (n->failed)
		return NULL;
	if (n->held == n->cap && !notes_flush(n)) {
		n->failed = 1;
		return NULL;
	}
	r = n->buf + n->held++ * n->recsize;
	memset(r, 0, n->recsize);
	n->total++;
	return r;
}

/* The end of writing: read from the first record on. 0 if the log failed. */
int
notes_rewind(struct notes *n)
{
	if (n->failed)
		return 0;
	if (n->fd >= 0) {
		if (n->held > 0 && !notes_flush(n))
			return 0;
		if (lseek(n->fd, 0, SEEK_SET) != 0)
			die("spool file for notes: cannot rewind:");
	}
	n->at = 0;
	n->left = n->total;
	return 1;
}

/* Read the next buffer of records from the spool. */
static void
notes_refill(struct notes *n)
{
	size_t want = (n->left < n->cap ? (size_t)n->left : n->cap) * n->recsize, got = 0;
	ssize_t r;

	while (got < want) {
		r = read(n->fd, n->buf + got, want - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die("spool file for notes: read error:");
		if (r == 0)
			die("spool file for notes: shorter than written");
		got += (size_t)r;
	}
	n->held = want / n->recsize;
	n->at = 0;
}

/* The next record after notes_rewind; NULL after the last. */
const void *
notes_next(struct notes *n)
{
	if (n->left == 0)
		return NULL;
	if (n->fd >= 0 && n->at == n->held)
		notes_refill(n);
	n->left--;
	return n->buf + n->at++ * n->recsize;
}

void
notes_free(struct notes *n)
{
	if (n->fd >= 0)
		close(n->fd);
	free(n->buf);
	memset(n, 0, sizeof *n);
	n->fd = -1;
}
