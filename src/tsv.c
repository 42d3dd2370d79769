/*
 * tsv.c: reading TSV with a header, as cop-events(5) defines it. Chunks
 * of 1 MiB, a file's each read on another thread (ahead.c) while the last
 * is split, a pipe's in place; a row's LF, TABs and NULs are found in one
 * pass sixteen bytes at a time (SSE2; elsewhere memchr). A record is an array of
 * {pointer, length} fields into the line, which stays intact so that passing
 * it through is one write. Lines have no length limit. Several files read
 * as one stream when their headers agree. A stage that needs a second pass
 * rewinds: a regular file is read again, anything else (a pipe) is spooled
 * to an unlinked mkstemp(3) file in TMPDIR as it is read the first time.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__) && !defined(COP_NO_SIMD)	/* every x86-64; COP_NO_SIMD: the plain C */
#include <emmintrin.h>
#endif

#include "cop.h"

#ifndef READ_CHUNK		/* the fuzz targets read in small chunks, to cross */
#define READ_CHUNK (1 << 20)	/* buffer boundaries often (test/fuzz/run) */
#endif

static const char *
display_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "stdin" : path;
}

/* Where temporary files go: TMPDIR, else /tmp. */
static const char *
spool_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir != NULL && *dir != '\0' ? dir : "/tmp";
}

/*
 * An unlinked temporary file in TMPDIR, for input read more than once;
 * -1 if none can be made.
 */
int
spool_try_open(void)
{
	const char *dir = spool_dir();
	char *path;
	size_t n;
	int fd;

	n = strlen(dir) + sizeof "/coptools.XXXXXX";
	path = xmalloc(n);
	snprintf(path, n, "%s/coptools.XXXXXX", dir);
	fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	free(path);
	return fd;
}

/* As spool_try_open, dying if no file can be made. */
int
spool_open(void)
{
	int fd = spool_try_open();

	if (fd < 0)
		die("%s/coptools.XXXXXX: cannot create a spool file:", spool_dir());
	return fd;
}

/* A read still outstanding (the file is left before its end) is dropped. */
static void
drop_ahead(struct tsv *t)
{
	if (ahead_asked(t->ahead))
		(void)ahead_wait(t->ahead);
}

/*
 * Open file number i; a directory or unreadable file is a data error.
 * Opened again for a second pass, a file is read from where the first
 * began (standard input may start past a preamble the shell read) and
 * for as many bytes as the first pass read, so that both passes see the
 * same rows even if a log grows in between.
 */
static void
file_open(struct tsv *t, size_t i)
{
	struct tsv_file *f = &t->file[i];
	struct stat st;

	drop_ahead(t);
	t->cur = i;
	t->name = display_name(f->path);
	t->lineno = 0;
	t->restored = 0;
	t->pos = t->end = 0;
	t->eof = 0;
	f->got = 0;
	if (f->fd < 0) {
		f->fd = strcmp(f->path, "-") == 0 ? 0 : open(f->path, O_RDONLY);
		if (f->fd < 0)
			die("%s:", t->name);
		if (fstat(f->fd, &st) != 0)
			die("%s:", t->name);
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			die("%s:", t->name);
		}
		f->seekable = S_ISREG(st.st_mode);
		pipe_widen(f->fd);
		f->start = f->seekable ? (int64_t)lseek(f->fd, 0, SEEK_CUR) : 0;
		if (f->start < 0)
			f->start = 0;
		f->size = -1;
		if (t->rewindable && !f->seekable && (!t->spool_later || t->marked))
			f->spool = spool_open();
	} else if (f->spool >= 0) {
		close(f->fd);
		f->fd = f->spool;
		f->spool = -1;
		f->seekable = 1;
		f->start = 0;
		if (lseek(f->fd, 0, SEEK_SET) != 0)
			die("%s: cannot rewind the spool file:", t->name);
	} else if (lseek(f->fd, (off_t)f->start, SEEK_SET) != (off_t)f->start)
		die("%s: cannot read it twice:", t->name);
}

static void
spool_write(struct tsv *t, const char *p, size_t n)
{
	int fd = t->file[t->cur].spool;

	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			die("spool file for %s: write error:", t->name);
		p += w;
		n -= (size_t)w;
	}
}

/*
 * Each chunk is read ahead into t->spare (ahead.c) while the one before is
 * split, at AHEAD_ROOM bytes in: room for the unread tail of the buffer
 * (a line begun in the last chunk) to go in front of it, so the two
 * buffers trade places and the chunk itself is never copied.
 */
#define AHEAD_ROOM (READ_CHUNK / 8)

/*
 * Ask for the next chunk, on the reading thread from a file, not from a
 * pipe; a second pass asks for no more than the first read.
 */
static void
ask_ahead(struct tsv *t)
{
	struct tsv_file *f = &t->file[t->cur];
	size_t want;

	if (t->spare == NULL) {
		t->spare_cap = AHEAD_ROOM + READ_CHUNK;
		t->spare = xmalloc(t->spare_cap);
	}
	if (t->ahead == NULL)
		t->ahead = ahead_new();
	want = t->spare_cap - AHEAD_ROOM;
	if (f->size >= 0 && (uint64_t)(f->size - f->got) < want)
		want = (size_t)(f->size - f->got);
	ahead_read(t->ahead, f->fd, t->spare + AHEAD_ROOM, want, f->seekable);
}

/* The unread tail of the buffer, then the n bytes read ahead, as its bytes. */
static void
take_chunk(struct tsv *t, size_t n)
{
	size_t tail = t->end - t->pos, cap;
	char *chunk = t->spare + AHEAD_ROOM, *buf;

	if (tail <= AHEAD_ROOM) {
		if (tail > 0)	/* buf is NULL before the first chunk */
			memcpy(chunk - tail, t->buf + t->pos, tail);
		buf = t->buf;
		cap = t->cap;
		t->buf = t->spare;
		t->cap = t->spare_cap;
		t->spare = buf;
		t->spare_cap = cap;
		t->pos = AHEAD_ROOM - tail;
		t->end = AHEAD_ROOM + n;
		return;
	}
	memmove(t->buf, t->buf + t->pos, tail);	/* a long line: it grows in buf */
	if (t->cap < tail + n)
		xgrow(&t->buf, &t->cap, tail + n, 1);
	memcpy(t->buf + tail, chunk, n);
	t->pos = 0;
	t->end = tail + n;
}

/* Read more bytes after t->end: the chunk read ahead, and ask for the next. */
static void
fill(struct tsv *t)
{
	struct tsv_file *f = &t->file[t->cur];
	ssize_t r;

	if (!ahead_asked(t->ahead))
		ask_ahead(t);
	r = ahead_wait(t->ahead);
	if (r < 0)
		die("%s: read error:", t->name);
	if (r == 0) {
		t->eof = 1;
		if (f->size < 0)
			f->size = f->got;
		else if (f->got < f->size)
			die("%s: the input changed between passes: it is shorter", t->name);
		return;
	}
	if (f->spool >= 0)
		spool_write(t, t->spare + AHEAD_ROOM, (size_t)r);
	f->got += r;
	take_chunk(t, (size_t)r);
	ask_ahead(t);
}

/*
 * The next physical line of the current file into t->line/t->len, without
 * its LF and without a CR before the LF (remembered in t->cr). Returns 0
 * at the end of the file; a last line without LF still counts.
 */
static int
read_line(struct tsv *t)
{
	char *nl;
	size_t scanned = 0;

	for (;;) {
		nl = t->end - t->pos > scanned ?
		    memchr(t->buf + t->pos + scanned, '\n', t->end - t->pos - scanned) : NULL;
		if (nl != NULL || t->eof)
			break;
		scanned = t->end - t->pos;
		fill(t);
	}
	if (nl == NULL && t->pos == t->end)
		return 0;
	t->line = t->buf + t->pos;
	t->len = nl ? (size_t)(nl - t->line) : t->end - t->pos;
	t->pos += t->len + (nl != NULL);
	if (t->lineno == 0 && t->len >= 3 && memcmp(t->line, "\xef\xbb\xbf", 3) == 0) {
		t->line += 3;	/* a UTF-8 byte order mark, as Windows tools write */
		t->len -= 3;
	}
	t->cr = t->len > 0 && t->line[t->len - 1] == '\r';
	t->len -= (size_t)t->cr;
	t->lineno++;
	return 1;
}

/* The next field of the line, bytes from up to to; the array only grows. */
static void
add_field(struct tsv *t, size_t *nf, size_t from, size_t to)
{
	if (*nf == t->fcap)
		xgrow(&t->f, &t->fcap, *nf + 1, sizeof *t->f);
	t->f[*nf].p = t->line + from;
	t->f[(*nf)++].n = to - from;
}

#if defined(__SSE2__) && !defined(COP_NO_SIMD)
/* Room for n fields: a block's fields are stored without a check each. */
static struct field *
fields_room(struct tsv *t, size_t n)
{
	if (n > t->fcap)
		xgrow(&t->f, &t->fcap, n, sizeof *t->f);
	return t->f;
}

/*
 * Split the line at its TABs, sixteen bytes at a time: one pass finds the
 * TABs and whether the line holds a NUL, where a memchr per field costs a
 * call for every ten-byte field. The last block may read on past the line
 * into bytes that follow it (its LF, the next line), never past end.
 */
static void
split(struct tsv *t, const char *end)
{
	const __m128i tab = _mm_set1_epi8('\t'), zero = _mm_setzero_si128();
	const char *line = t->line;
	size_t nf = 0, from = 0, i, at, len = t->len;
	unsigned in_line, tabs, nul = 0;
	struct field *f = t->f;
	__m128i x;

	for (i = 0; i < len && line + i + 16 <= end; i += 16) {
		in_line = len - i < 16 ? (1u << (len - i)) - 1 : 0xffffu;
		x = _mm_loadu_si128((const __m128i *)(const void *)(line + i));
		tabs = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, tab)) & in_line;
		nul |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, zero)) & in_line;
		if (nf + 16 > t->fcap)
			f = fields_room(t, nf + 16);
		for (; tabs != 0; tabs &= tabs - 1) {	/* through locals, as scan_row */
			at = i + (unsigned)__builtin_ctz(tabs);
			f[nf].p = line + from;
			f[nf++].n = at - from;
			from = at + 1;
		}
	}
	for (; i < t->len; i++) {
		nul |= line[i] == '\0';
		if (line[i] == '\t') {
			add_field(t, &nf, from, i);
			from = i + 1;
		}
	}
	add_field(t, &nf, from, t->len);
	t->nf = nf;
	t->has_nul = nul != 0;
}

/*
 * The next data line and its fields in one pass, when the buffer holds the
 * whole line: its LF, TABs and NULs found sixteen bytes at a time. Returns
 * 0, having changed nothing, when the line runs past the bytes at hand:
 * read_line and split then take it, filling the buffer. The fields go
 * through locals, checked for room once a block: a store through t->f
 * might change t's own members, as far as the compiler knows, and it would
 * load them again at every field.
 */
static int
scan_row(struct tsv *t)
{
	const __m128i tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n');
	const __m128i zero = _mm_setzero_si128();
	const char *p = t->buf + t->pos;
	size_t avail = t->end - t->pos, nf = 0, from = 0, i, at, len;
	unsigned tabs, lfs, nuls, nul = 0, before;
	struct field *f = t->f;
	__m128i x;

	for (i = 0; i + 16 <= avail; i += 16) {
		x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		tabs = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, tab));
		lfs = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, lf));
		nuls = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, zero));
		if (lfs != 0) {
			before = (lfs & -lfs) - 1;	/* the bytes before the LF */
			tabs &= before;
			nuls &= before;
		}
		nul |= nuls;
		if (nf + 17 > t->fcap)	/* a block's TABs and a last field */
			f = fields_room(t, nf + 17);
		for (; tabs != 0; tabs &= tabs - 1) {
			at = i + (unsigned)__builtin_ctz(tabs);
			f[nf].p = p + from;
			f[nf++].n = at - from;
			from = at + 1;
		}
		if (lfs != 0) {
			len = i + (unsigned)__builtin_ctz(lfs);
			t->line = t->buf + t->pos;
			t->pos += len + 1;
			t->cr = len > 0 && p[len - 1] == '\r';
			t->len = len - (size_t)t->cr;
			f[nf].p = p + from;
			f[nf++].n = t->len - from;
			t->nf = nf;
			t->has_nul = nul != 0;
			t->lineno++;
			return 1;
		}
	}
	return 0;
}
#else
/* Split the line at its TABs, a memchr for each field. */
static void
split(struct tsv *t, const char *bytes_end)
{
	const char *p = t->line, *end = t->line + t->len, *tab;
	size_t nf = 0;

	(void)bytes_end;	/* memchr reads within the line */
	for (;;) {
		tab = memchr(p, '\t', (size_t)(end - p));
		add_field(t, &nf, (size_t)(p - t->line), tab ? (size_t)(tab - t->line) : t->len);
		if (tab == NULL)
			break;
		p = tab + 1;
	}
	t->nf = nf;
	t->has_nul = memchr(t->line, '\0', t->len) != NULL;
}

/* Without SSE2, read_line and split take every line. */
static int
scan_row(struct tsv *t)
{
	(void)t;
	return 0;
}
#endif

void
tsv_open(struct tsv *t, char **paths, size_t npaths, int rewindable)
{
	static char *dash[] = { "-" };
	size_t i;

	memset(t, 0, sizeof *t);
	if (npaths == 0) {
		paths = dash;
		npaths = 1;
	}
	t->nfiles = npaths;
	t->file = xcalloc(npaths, sizeof *t->file);
	for (i = 0; i < npaths; i++) {
		t->file[i].path = paths[i];
		t->file[i].fd = t->file[i].spool = -1;
	}
	t->rewindable = rewindable;
	file_open(t, 0);
}

static void
check_header_line(struct tsv *t)
{
	if (memchr(t->line, '\r', t->len) != NULL)
		tsv_die(t, NULL, "the header holds a carriage return: a file with CR line ends? "
		    "convert it with tr '\\r' '\\n'");
	if (memchr(t->line, '\0', t->len) != NULL)
		tsv_die(t, NULL, "the header holds a NUL byte: a UTF-16 file? "
		    "convert it with iconv -f UTF-16 -t UTF-8");
}

/*
 * Read the header of the first file that has a line. Returns 0 if the
 * input is empty (no header at all): the caller then has nothing to do. Each later file's
 * header must be the same line, checked as the stream reaches it.
 */
int
tsv_header(struct tsv *t)
{
	size_t i;

	while (!read_line(t)) {
		if (t->cur + 1 >= t->nfiles)
			return 0;
		file_open(t, t->cur + 1);
	}
	t->first = t->cur;
	check_header_line(t);
	t->header = xmemdup(t->line, t->len);
	t->header_len = t->len;
	t->header_cr = t->cr;
	split(t, t->buf + t->end);
	t->ncols = t->nf;
	t->cols = xcalloc(t->ncols, sizeof *t->cols);
	for (i = 0; i < t->ncols; i++)
		t->cols[i] = xmemdup(t->f[i].p, t->f[i].n);
	t->have_header = 1;
	return 1;
}

/* Move on to the next file that has lines; check that its header agrees. */
static int
next_file(struct tsv *t)
{
	while (t->cur + 1 < t->nfiles) {
		if (t->file[t->cur].fd > 0 && !t->rewindable) {
			close(t->file[t->cur].fd);
			t->file[t->cur].fd = -1;
		}
		file_open(t, t->cur + 1);
		if (!read_line(t))
			continue;
		if (t->len != t->header_len || memcmp(t->line, t->header, t->len) != 0)
			tsv_die(t, NULL, "the header differs from that of %s",
			    display_name(t->file[0].path));
		return 1;
	}
	return 0;
}

/* The next data row, split into fields; 0 at the end of the last file. */
int
tsv_next(struct tsv *t)
{
	if (!t->have_header)
		return 0;
	if (t->restored) {	/* back from saved rows to the stream */
		t->lineno = t->stream_lineno;
		t->name = t->stream_name;
		t->restored = 0;
	}
	if (scan_row(t))
		return 1;
	while (!read_line(t))
		if (!next_file(t))
			return 0;
	split(t, t->buf + t->end);
	return 1;
}

/*
 * The next data row as a line, not split: a second pass that looks at
 * few rows splits those (tsv_split). 0 at the end of the last file.
 */
int
tsv_next_line(struct tsv *t)
{
	if (!t->have_header)
		return 0;
	while (!read_line(t))
		if (!next_file(t))
			return 0;
	t->nf = 0;
	return 1;
}

/* Split the line tsv_next_line read into its fields. */
void
tsv_split(struct tsv *t)
{
	split(t, t->buf + t->end);
}

#define LAST_LINE_MAX ((size_t)64 << 10)

/*
 * The last data line of the stream, when its last file is a regular file
 * named on the command line and the line is at most LAST_LINE_MAX bytes:
 * a malloc'd copy of *len bytes, without its LF or CR, for the caller to
 * free. It is read with a file descriptor of its own: the stream's reading
 * is untouched. NULL when it cannot be had: standard input, a pipe, a file
 * with no line after its header, a line too long.
 */
char *
tsv_last_line(const struct tsv *t, size_t *len)
{
	const char *path = t->file[t->nfiles - 1].path;
	char *buf, *line, *end;
	struct stat st;
	off_t at;
	ssize_t got;
	int fd;

	if (strcmp(path, "-") == 0 || (fd = open(path, O_RDONLY)) < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		close(fd);
		return NULL;
	}
	at = st.st_size > (off_t)LAST_LINE_MAX + 2 ? st.st_size - (off_t)LAST_LINE_MAX - 2 : 0;
	buf = xmalloc((size_t)(st.st_size - at));
	got = pread(fd, buf, (size_t)(st.st_size - at), at);
	close(fd);
	if (got != st.st_size - at) {
		free(buf);
		return NULL;
	}
	end = buf + got;
	if (end[-1] == '\n')
		end--;
	if (end > buf && end[-1] == '\r')
		end--;
	for (line = end; line > buf && line[-1] != '\n'; line--)
		;
	if (line == buf) {	/* the header, or a line longer than was read */
		free(buf);
		return NULL;
	}
	*len = (size_t)(end - line);
	memmove(buf, line, *len);
	return buf;
}

/* Back to the first data row, for a second pass. */
void
tsv_rewind(struct tsv *t)
{
	if (!t->rewindable || t->spool_later)
		die("internal error: rewind of a stream opened for one pass");
	if (!t->have_header)
		return;
	file_open(t, t->first);
	if (!read_line(t))
		die("%s: the input changed between passes", t->name);
}

/*
 * Where the current row (one read from the stream, not a saved one)
 * begins, to read on from there again in a later pass (tsv_seek).
 */
void
tsv_mark(struct tsv *t, struct tsv_mark *m)
{
	struct tsv_file *f = &t->file[t->cur];
	size_t row = (size_t)(t->line - t->buf);

	m->file = t->cur;
	m->offset = f->got - (int64_t)(t->end - row);
	m->lineno = t->lineno;
	if (t->spool_later && !t->marked && f->spool < 0 && !f->seekable) {
		f->spool = spool_open();	/* a pipe: kept from this row on */
		f->spool_base = m->offset;
		spool_write(t, t->line, t->end - row);
	}
	t->marked = 1;
}

/*
 * A stream that may go back only to a mark (tsv_seek), made after the
 * header: a pipe is spooled from the first mark on, not from its start,
 * and not at all if no mark is made. No rewind.
 */
void
tsv_spool_later(struct tsv *t)
{
	struct tsv_file *f = &t->file[t->cur];

	if (f->spool >= 0 && !t->marked) {
		close(f->spool);
		f->spool = -1;
	}
	t->spool_later = 1;
}

/* Read again from a marked row, as tsv_rewind does from the first. */
void
tsv_seek(struct tsv *t, const struct tsv_mark *m)
{
	struct tsv_file *f = &t->file[m->file];
	off_t at;

	if (!t->rewindable)
		die("internal error: seek in a stream opened for one pass");
	file_open(t, m->file);
	at = (off_t)(f->start + m->offset - f->spool_base);
	if (lseek(f->fd, at, SEEK_SET) != at)
		die("%s: cannot read it twice:", t->name);
	f->got = m->offset;
	t->lineno = m->lineno - 1;
}

/*
 * Rows put aside to be taken up again later without a second pass over
 * the input: cop-report keeps the rows past the period it would report on
 * so far, for when the period moves on. Each row takes one record in one
 * block: where it was read, psize bytes of the caller's (its parsed
 * event), where its fields start and its line. The block stays within
 * limit bytes (at most SAVED_MAX); past SAVED_HUGE it is on huge pages
 * (hugepage.c), as a week of a large log's rows would otherwise fault in
 * page by page.
 */
#define SAVED_HUGE ((size_t)64 << 10)
#define SAVED_MAX ((size_t)1 << 30)	/* offsets in 32 bits, sums in a size_t */

void
tsv_saved_init(struct tsv_saved *s, size_t limit, size_t psize)
{
	memset(s, 0, sizeof *s);
	s->limit = limit < SAVED_MAX ? limit : SAVED_MAX;
	s->psize = (psize + 7) & ~(size_t)7;
}

static struct tsv_row *
saved_row(const struct tsv_saved *s, size_t i)
{
	return (struct tsv_row *)(void *)(s->block + s->at[i]);
}

/*
 * A record's bytes: the row, the caller's, where each of its nf fields
 * starts in the line, the line; 8-byte aligned.
 */
static size_t
record_size(const struct tsv_saved *s, size_t nf, size_t len)
{
	return (sizeof(struct tsv_row) + s->psize + nf * sizeof(uint32_t) + len + 7) & ~(size_t)7;
}

static size_t
record_end(const struct tsv_saved *s, size_t i)
{
	const struct tsv_row *r = saved_row(s, i);

	return s->at[i] + record_size(s, r->nf, r->len);
}

static uint32_t *
field_starts(const struct tsv_saved *s, const struct tsv_row *r)
{
	return (uint32_t *)(void *)((char *)(r + 1) + s->psize);
}

/*
 * Put the current row aside, with where its fields start, so that taking
 * it up again needs no second split. Returns where the caller's psize
 * bytes for it go, or NULL, saving nothing, if it does not fit.
 */
void *
tsv_save(struct tsv_saved *s, const struct tsv *t)
{
	const struct field *f = t->f;
	const char *line = t->line;
	size_t size, i, nf = t->nf;
	struct tsv_row *r;
	uint32_t *starts;

	if (t->len > s->limit)
		return NULL;
	size = record_size(s, nf, t->len);
	if (s->n + size + (s->nrow + 1) * sizeof *s->at > s->limit)
		return NULL;
	hugepage_room(&s->block, &s->cap, &s->reserved, s->n, s->n + size, SAVED_HUGE);
	xgrow(&s->at, &s->atcap, s->nrow + 1, sizeof *s->at);
	s->at[s->nrow] = (uint32_t)s->n;
	r = saved_row(s, s->nrow++);
	r->len = (uint32_t)t->len;
	r->file = (uint32_t)t->cur;
	r->nf = (uint32_t)nf;
	r->lineno = t->lineno;
	r->cr = (uint8_t)t->cr;
	r->has_nul = (uint8_t)t->has_nul;
	starts = field_starts(s, r);
	for (i = 0; i < nf; i++)
		starts[i] = (uint32_t)(f[i].p - line);
	memcpy(starts + nf, line, t->len);
	s->n += size;
	return r + 1;
}

/*
 * Make saved row i the current row, its fields as they were, with its
 * file name and line number; returns the caller's bytes for it. The next
 * tsv_next goes on with the stream.
 */
const void *
tsv_restore(struct tsv *t, const struct tsv_saved *s, size_t i)
{
	const struct tsv_row *r = saved_row(s, i);
	const uint32_t *starts = field_starts(s, r);
	size_t k, nf = r->nf, len = r->len;
	const char *line = (const char *)(starts + nf);
	struct field *f;

	if (!t->restored) {
		t->stream_lineno = t->lineno;
		t->stream_name = t->name;
		t->restored = 1;
	}
	t->line = (char *)line;
	t->len = len;
	t->cr = r->cr;
	t->has_nul = r->has_nul;
	t->lineno = r->lineno;
	t->name = display_name(t->file[r->file].path);
	if (nf > t->fcap)
		xgrow(&t->f, &t->fcap, nf, sizeof *t->f);
	f = t->f;	/* through locals: stores to f[] might change t, for the compiler */
	for (k = 0; k + 1 < nf; k++) {
		f[k].p = line + starts[k];
		f[k].n = starts[k + 1] - 1 - starts[k];
	}
	f[k].p = line + starts[k];	/* a row has a field at least */
	f[k].n = len - starts[k];
	t->nf = nf;
	return r + 1;
}

/*
 * Keep saved row i as row k, k <= i, the rows kept taken in order; then
 * tsv_saved_cut(s, k) drops the rest.
 */
void
tsv_saved_keep(struct tsv_saved *s, size_t i, size_t k)
{
	size_t to = k == 0 ? 0 : record_end(s, k - 1);

	memmove(s->block + to, s->block + s->at[i], record_end(s, i) - s->at[i]);
	s->at[k] = (uint32_t)to;
}

void
tsv_saved_cut(struct tsv_saved *s, size_t k)
{
	s->n = k == 0 ? 0 : record_end(s, k - 1);
	s->nrow = k;
}

void
tsv_saved_free(struct tsv_saved *s)
{
	hugepage_free(s->block, s->reserved);
	free(s->at);
	memset(s, 0, sizeof *s);
}

void
tsv_close(struct tsv *t)
{
	size_t i;

	for (i = 0; i < t->nfiles; i++) {
		if (t->file[i].fd > 0)
			close(t->file[i].fd);
		if (t->file[i].spool >= 0)
			close(t->file[i].spool);
	}
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	free(t->cols);
	free(t->file);
	ahead_free(t->ahead);
	free(t->buf);
	free(t->spare);
	free(t->f);
	free(t->header);
}

/* Header lookup. */

/* The index of the column named name, -1 if none; a duplicate is an error. */
int
tsv_column(struct tsv *t, const char *name)
{
	size_t i;
	int found = -1;

	for (i = 0; i < t->ncols; i++) {
		if (strcmp(t->cols[i], name) != 0)
			continue;
		if (found >= 0) {
			t->lineno = 1;
			tsv_die(t, name, "the header names this column twice (fields %d and %zu)",
			    found + 1, i + 1);
		}
		found = (int)i;
	}
	return found;
}

/*
 * "\"time\", \"member\", ..." of the columns found, for a usage message:
 * the first COLUMNS_SHOWN, quoted, and a count of the rest, so that a
 * header of a million columns gives one short line, built in linear time.
 */
#define COLUMNS_SHOWN 20
static char *
columns_found(const struct tsv *t)
{
	size_t i, len = 0, cap = 0, shown = t->ncols < COLUMNS_SHOWN ? t->ncols : COLUMNS_SHOWN;
	char *s = NULL;

	xgrow(&s, &cap, 64, 1);
	s[0] = '\0';
	for (i = 0; i < shown; i++) {
		const char *q = quote_value(t->cols[i], strlen(t->cols[i]));

		xgrow(&s, &cap, len + strlen(q) + 5, 1);
		len += (size_t)snprintf(s + len, cap - len, "%s\"%s\"", i ? ", " : "", q);
	}
	if (shown < t->ncols) {
		xgrow(&s, &cap, len + 48, 1);
		snprintf(s + len, cap - len, " and %zu more", t->ncols - shown);
	}
	return s;
}

/*
 * The field index of our column name, through the -f mapping when one names
 * it (a header name or a 1-based number). A required column that is neither
 * found nor mapped is a usage error listing the columns found.
 */
int
tsv_find(struct tsv *t, const struct colmap *map, const char *name, int required)
{
	const char *col = name;
	size_t i;
	int idx;

	for (i = 0; map && i < map->n; i++)
		if (strcmp(map->name[i], name) == 0)
			col = map->col[i];
	if (col != name && col[strspn(col, "0123456789")] == '\0') {
		long k = strtol(col, NULL, 10);

		if (k < 1 || (size_t)k > t->ncols)
			die_usage("-f %s=%s: %s has %zu columns", name, col, t->name, t->ncols);
		return (int)k - 1;
	}
	idx = tsv_column(t, col);
	if (idx < 0 && (required || col != name)) {
		char *found = columns_found(t);

		die_usage("%s: no column \"%s\"%s%s (columns found: %s)", t->name, col,
		    col != name ? " for " : "", col != name ? name : "", found);
	}
	return idx;
}

/* Errors. */

void
tsv_vwarn(const struct tsv *t, const char *column, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s:%llu: ", progname, t->name, (unsigned long long)t->lineno);
	if (column != NULL)	/* a header's name, perhaps chosen by -f NAME=NUMBER */
		fprintf(stderr, "%s: ", quote_value(column, strlen(column)));
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
tsv_warn(const struct tsv *t, const char *column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tsv_vwarn(t, column, fmt, ap);
	va_end(ap);
}

void
tsv_die(const struct tsv *t, const char *column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tsv_vwarn(t, column, fmt, ap);
	va_end(ap);
	exit(EXIT_DATA);
}

/* Output: the current line as read, with extra fields before its line end. */

void
tsv_put_line(const struct tsv *t)
{
	out_write(t->line, t->len);
}

void
tsv_put_end(const struct tsv *t)
{
	if (t->cr)
		out_char('\r');
	out_char('\n');
}

void
tsv_put_header(const struct tsv *t)
{
	out_write(t->header, t->header_len);
}

void
tsv_put_header_end(const struct tsv *t)
{
	if (t->header_cr)
		out_char('\r');
	out_char('\n');
}
