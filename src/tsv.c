/*
 * tsv.c: reading TSV with a header, as cop-events(5) defines it. One large
 * read(2) buffer; a row's LF, TABs and NULs are found in one pass sixteen
 * bytes at a time (SSE2; elsewhere memchr). A record is an array of
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

/* An unlinked temporary file in TMPDIR, for input read more than once. */
int
spool_open(void)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	size_t n;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	n = strlen(dir) + sizeof "/coptools.XXXXXX";
	path = xmalloc(n);
	snprintf(path, n, "%s/coptools.XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0)
		die("%s: cannot create a spool file:", path);
	unlink(path);
	free(path);
	return fd;
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
		if (t->rewindable && !f->seekable)
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

/* Read more bytes after t->end, moving the unread tail to the front first. */
static void
fill(struct tsv *t)
{
	struct tsv_file *f = &t->file[t->cur];
	size_t want;
	ssize_t r;

	if (t->pos > 0) {
		memmove(t->buf, t->buf + t->pos, t->end - t->pos);
		t->end -= t->pos;
		t->pos = 0;
	}
	if (t->cap - t->end < READ_CHUNK / 2)
		xgrow(&t->buf, &t->cap, t->end + READ_CHUNK, 1);
	want = t->cap - t->end;
	if (f->size >= 0 && (uint64_t)(f->size - f->got) < want)
		want = (size_t)(f->size - f->got);
	do
		r = want > 0 ? read(f->fd, t->buf + t->end, want) : 0;
	while (r < 0 && errno == EINTR);
	if (r < 0)
		die("%s: read error:", t->name);
	if (r == 0) {
		t->eof = 1;
		if (f->size < 0)
			f->size = f->got;
		else if (f->got < f->size)
			die("%s: the input changed between passes: it is shorter", t->name);
	} else if (f->spool >= 0)
		spool_write(t, t->buf + t->end, (size_t)r);
	f->got += r;
	t->end += (size_t)r;
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
/*
 * Split the line at its TABs, sixteen bytes at a time: one pass finds the
 * TABs and whether the line holds a NUL, where a memchr per field costs a
 * call for every ten-byte field. The last block may read on past the line
 * into bytes the buffer holds (its LF, the next line), never past them.
 */
static void
split(struct tsv *t)
{
	const __m128i tab = _mm_set1_epi8('\t'), zero = _mm_setzero_si128();
	const char *line = t->line, *end = t->buf + t->end;
	size_t nf = 0, from = 0, i, at;
	unsigned in_line, tabs, nul = 0;
	__m128i x;

	for (i = 0; i < t->len && line + i + 16 <= end; i += 16) {
		in_line = t->len - i < 16 ? (1u << (t->len - i)) - 1 : 0xffffu;
		x = _mm_loadu_si128((const __m128i *)(const void *)(line + i));
		tabs = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, tab)) & in_line;
		nul |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, zero)) & in_line;
		for (; tabs != 0; tabs &= tabs - 1) {
			at = i + (unsigned)__builtin_ctz(tabs);
			add_field(t, &nf, from, at);
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
 * read_line and split then take it, filling the buffer.
 */
static int
scan_row(struct tsv *t)
{
	const __m128i tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n');
	const __m128i zero = _mm_setzero_si128();
	const char *p = t->buf + t->pos;
	size_t avail = t->end - t->pos, nf = 0, from = 0, i, at, len;
	unsigned tabs, lfs, nuls, nul = 0, before;
	__m128i x;

	t->line = t->buf + t->pos;	/* add_field's base */
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
		for (; tabs != 0; tabs &= tabs - 1) {
			at = i + (unsigned)__builtin_ctz(tabs);
			add_field(t, &nf, from, at);
			from = at + 1;
		}
		if (lfs != 0) {
			len = i + (unsigned)__builtin_ctz(lfs);
			t->pos += len + 1;
			t->cr = len > 0 && p[len - 1] == '\r';
			t->len = len - (size_t)t->cr;
			add_field(t, &nf, from, t->len);
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
split(struct tsv *t)
{
	const char *p = t->line, *end = t->line + t->len, *tab;
	size_t nf = 0;

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
	split(t);
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
	split(t);
	return 1;
}

/* Back to the first data row, for a second pass. */
void
tsv_rewind(struct tsv *t)
{
	if (!t->rewindable)
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
tsv_mark(const struct tsv *t, struct tsv_mark *m)
{
	m->file = t->cur;
	m->offset = t->file[t->cur].got - (int64_t)(t->end - (size_t)(t->line - t->buf));
	m->lineno = t->lineno;
}

/* Read again from a marked row, as tsv_rewind does from the first. */
void
tsv_seek(struct tsv *t, const struct tsv_mark *m)
{
	struct tsv_file *f = &t->file[m->file];

	if (!t->rewindable)
		die("internal error: seek in a stream opened for one pass");
	file_open(t, m->file);
	if (lseek(f->fd, (off_t)(f->start + m->offset), SEEK_SET) != (off_t)(f->start + m->offset))
		die("%s: cannot read it twice:", t->name);
	f->got = m->offset;
	t->lineno = m->lineno - 1;
}

/*
 * Rows put aside to be taken up again later without a second pass over
 * the input: cop-report keeps the rows past the period it would report on
 * so far, for when the period moves on. A row keeps its fields, so it is
 * not split again, and psize bytes of the caller's (its parsed event).
 * Lines, fields, rows and the callers' bytes together stay within limit.
 */
void
tsv_saved_init(struct tsv_saved *s, size_t limit, size_t psize)
{
	memset(s, 0, sizeof *s);
	s->limit = limit;
	s->psize = psize;
}

static size_t
saved_size(const struct tsv_saved *s, size_t len, size_t nf)
{
	return s->n + len + (s->nspan + nf) * sizeof *s->span +
	    (s->nrow + 1) * (sizeof *s->row + s->psize);
}

/*
 * Put the current row aside. Returns where the caller's psize bytes for
 * it go, or NULL, saving nothing, if it does not fit.
 */
void *
tsv_save(struct tsv_saved *s, const struct tsv *t)
{
	struct tsv_row *r;
	size_t i;

	if (t->len > s->limit || t->len > UINT32_MAX || saved_size(s, t->len, t->nf) > s->limit)
		return NULL;
	xgrow(&s->bytes, &s->cap, s->n + t->len, 1);
	xgrow(&s->span, &s->spancap, s->nspan + t->nf, sizeof *s->span);
	if (s->nrow + 1 > s->rowcap) {
		xgrow(&s->row, &s->rowcap, s->nrow + 1, sizeof *s->row);
		s->payload = xreallocarray(s->payload, s->rowcap, s->psize ? s->psize : 1);
	}
	memcpy(s->bytes + s->n, t->line, t->len);
	for (i = 0; i < t->nf; i++) {	/* within the limit: 32 bits */
		s->span[s->nspan + i].at = (uint32_t)(t->f[i].p - t->line);
		s->span[s->nspan + i].n = (uint32_t)t->f[i].n;
	}
	r = &s->row[s->nrow];
	r->at = s->n;
	r->len = t->len;
	r->span = s->nspan;
	r->nf = t->nf;
	r->cr = t->cr;
	r->has_nul = t->has_nul;
	r->lineno = t->lineno;
	r->name = t->name;
	s->n += t->len;
	s->nspan += t->nf;
	return s->payload + s->nrow++ * s->psize;
}

/*
 * Make saved row i the current row, with its fields, file name and line
 * number; returns the caller's bytes for it. The next tsv_next goes on
 * with the stream.
 */
const void *
tsv_restore(struct tsv *t, const struct tsv_saved *s, size_t i)
{
	const struct tsv_row *r = &s->row[i];
	size_t j;

	if (!t->restored) {
		t->stream_lineno = t->lineno;
		t->stream_name = t->name;
		t->restored = 1;
	}
	t->line = s->bytes + r->at;
	t->len = r->len;
	t->cr = r->cr;
	t->has_nul = r->has_nul;
	t->lineno = r->lineno;
	t->name = r->name;
	xgrow(&t->f, &t->fcap, r->nf, sizeof *t->f);
	for (j = 0; j < r->nf; j++) {
		t->f[j].p = t->line + s->span[r->span + j].at;
		t->f[j].n = s->span[r->span + j].n;
	}
	t->nf = r->nf;
	return s->payload + i * s->psize;
}

/*
 * Keep saved row i as row k, k <= i, the rows kept taken in order; then
 * tsv_saved_cut(s, k) drops the rest.
 */
void
tsv_saved_keep(struct tsv_saved *s, size_t i, size_t k)
{
	struct tsv_row *r = &s->row[i];
	size_t at = 0, span = 0;

	if (k > 0) {
		at = s->row[k - 1].at + s->row[k - 1].len;
		span = s->row[k - 1].span + s->row[k - 1].nf;
	}
	memmove(s->bytes + at, s->bytes + r->at, r->len);
	memmove(s->span + span, s->span + r->span, r->nf * sizeof *s->span);
	memmove(s->payload + k * s->psize, s->payload + i * s->psize, s->psize);
	s->row[k] = *r;
	s->row[k].at = at;
	s->row[k].span = span;
}

void
tsv_saved_cut(struct tsv_saved *s, size_t k)
{
	s->nrow = k;
	s->n = k == 0 ? 0 : s->row[k - 1].at + s->row[k - 1].len;
	s->nspan = k == 0 ? 0 : s->row[k - 1].span + s->row[k - 1].nf;
}

void
tsv_saved_free(struct tsv_saved *s)
{
	free(s->bytes);
	free(s->span);
	free(s->row);
	free(s->payload);
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
	free(t->buf);
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
