/*
 * input.c: the byte source of the import parsers. One reader over a file,
 * standard input or a memory buffer (the fuzz targets' way in), with
 * unlimited lines, line numbers and byte offsets for messages, a UTF-8
 * byte order mark skipped and UTF-16 with one decoded to UTF-8 on the fly,
 * so each parser sees UTF-8 only. A file can be read again from the
 * start, by a second reader at once (a look-ahead) or after a rewind; a
 * pipe that must be read twice is first spooled to a temporary file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cop.h"

#define CHUNK (1 << 16)

static void
input_reset(struct input *in)
{
	in->rawpos = 0;
	in->pos = in->end = 0;
	in->base = 0;
	in->eof = 0;
	in->lineno = 0;
	in->enc = INPUT_UNKNOWN;
	in->headn = 0;
	memset(&in->u16, 0, sizeof in->u16);
}

/* Copy a pipe to a spool file, so that it can be read again. */
static int
spool_all(int fd, const char *name)
{
	char *chunk = xmalloc(CHUNK);
	int spool = spool_open();
	ssize_t r, w, done;

	for (;;) {
		r = read(fd, chunk, CHUNK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die("%s: read error:", name);
		if (r == 0)
			break;
		for (done = 0; done < r; done += w) {
			w = write(spool, chunk + done, (size_t)(r - done));
			if (w < 0 && errno != EINTR)
				die("spool file for %s: write error:", name);
			if (w < 0)
				w = 0;
		}
	}
	free(chunk);
	return spool;
}

/*
 * Open path ("-" is standard input) for reading; with rewindable, a pipe
 * is spooled so that input_rewind and input_clone work. A directory or an
 * unreadable file is a data error naming it.
 */
void
input_open(struct input *in, const char *path, int rewindable)
{
	struct stat st;
	int fd;

	memset(in, 0, sizeof *in);
	in->name = strcmp(path, "-") == 0 ? "stdin" : path;
	fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY);
	if (fd < 0)
		die("%s:", in->name);
	if (fstat(fd, &st) != 0)
		die("%s:", in->name);
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		die("%s:", in->name);
	}
	in->fd = fd;
	in->own_fd = fd != 0;
	in->seekable = S_ISREG(st.st_mode);
	if (rewindable && !in->seekable) {
		in->fd = spool_all(fd, in->name);
		if (fd != 0)
			close(fd);
		in->own_fd = 1;
		in->seekable = 1;
	}
	input_reset(in);
}

/* A reader over an open descriptor (a pipe from a child), read once. */
void
input_fd(struct input *in, int fd, const char *name)
{
	memset(in, 0, sizeof *in);
	in->name = name;
	in->fd = fd;
	in->own_fd = 1;
	input_reset(in);
}

/* A reader over n bytes at p, which must outlive it. */
void
input_mem(struct input *in, const char *name, const void *p, size_t n)
{
	memset(in, 0, sizeof *in);
	in->name = name;
	in->fd = -1;
	in->mem = p;
	in->memlen = n;
	in->seekable = 1;
	input_reset(in);
}

/* A second reader from the start of the same file, src left where it is. */
void
input_clone(struct input *dst, const struct input *src)
{
	if (!src->seekable)
		die("internal error: a look-ahead on a stream opened for one pass");
	memset(dst, 0, sizeof *dst);
	dst->name = src->name;
	dst->fd = src->fd;
	dst->mem = src->mem;
	dst->memlen = src->memlen;
	dst->seekable = 1;
	input_reset(dst);
}

void
input_rewind(struct input *in)
{
	if (!in->seekable)
		die("internal error: rewind of a stream opened for one pass");
	input_reset(in);
}

void
input_close(struct input *in)
{
	if (in->own_fd)
		close(in->fd);
	free(in->buf);
	free(in->raw);
	memset(in, 0, sizeof *in);
}

/* Up to n raw bytes of the file at dst; 0 at its end. */
static size_t
raw_read(struct input *in, unsigned char *dst, size_t n)
{
	ssize_t r;

	if (in->mem != NULL || in->fd < 0) {
		size_t left = in->memlen - (size_t)in->rawpos;

		r = (ssize_t)(n < left ? n : left);
		memcpy(dst, in->mem + in->rawpos, (size_t)r);
	} else {
		do
			r = in->seekable ? pread(in->fd, dst, n, (off_t)in->rawpos) :
			    read(in->fd, dst, n);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			die("%s: read error:", in->name);
	}
	in->rawpos += (uint64_t)r;
	return (size_t)r;
}

/* The first bytes tell the encoding: a UTF-8 or UTF-16 byte order mark. */
static void
detect_bom(struct input *in)
{
	size_t r;

	while (in->headn < 3 && (r = raw_read(in, in->head + in->headn, 3 - in->headn)) > 0)
		in->headn += r;
	in->enc = INPUT_UTF8;
	if (in->headn == 3 && in->head[0] == 0xef && in->head[1] == 0xbb && in->head[2] == 0xbf) {
		in->headn = 0;
		return;
	}
	if (in->headn >= 2 && ((in->head[0] == 0xff && in->head[1] == 0xfe) ||
	    (in->head[0] == 0xfe && in->head[1] == 0xff))) {
		in->enc = in->head[0] == 0xff ? INPUT_UTF16LE : INPUT_UTF16BE;
		in->u16.big = in->enc == INPUT_UTF16BE;
		in->head[0] = in->head[2];
		in->headn -= 2;
	}
}

/* Bytes from the file, decoded, appended at buf + end; 0 at the end. */
static size_t
decode_more(struct input *in)
{
	unsigned char *dst = (unsigned char *)in->buf + in->end;
	size_t r;

	if (in->enc == INPUT_UTF8) {
		if (in->headn > 0) {
			memcpy(dst, in->head, in->headn);
			r = in->headn;
			in->headn = 0;
			return r;
		}
		return raw_read(in, dst, CHUNK);
	}
	if (in->raw == NULL)
		in->raw = xmalloc(CHUNK);
	if (in->headn > 0) {
		memcpy(in->raw, in->head, in->headn);
		r = in->headn;
		in->headn = 0;
	} else
		r = raw_read(in, in->raw, CHUNK);
	if (r == 0)
		return utf16_finish(&in->u16, (char *)dst);
	return utf16_decode(&in->u16, in->raw, r, (char *)dst);
}

/*
 * Read more: move the unread tail to the front, then append. Returns 0
 * at the end of the input. A decoder may yield nothing from one read
 * (half a character), so read until it yields or the file ends.
 */
int
input_fill(struct input *in)
{
	size_t got = 0;

	if (in->eof)
		return 0;
	if (in->pos > 0) {
		memmove(in->buf, in->buf + in->pos, in->end - in->pos);
		in->end -= in->pos;
		in->base += in->pos;
		in->pos = 0;
	}
	if (in->cap - in->end < 2 * CHUNK + 16)
		xgrow(&in->buf, &in->cap, in->end + 2 * CHUNK + 16, 1);
	if (in->enc == INPUT_UNKNOWN)
		detect_bom(in);
	while (got == 0) {
		uint64_t before = in->rawpos;
		size_t had = in->headn;

		got = decode_more(in);
		if (got == 0 && in->rawpos == before && had == 0 && in->u16.high == 0 &&
		    !in->u16.have_byte) {
			in->eof = 1;
			return 0;
		}
	}
	in->end += got;
	return 1;
}

int
input_getc_slow(struct input *in)
{
	while (in->pos >= in->end)
		if (!input_fill(in))
			return -1;
	return (unsigned char)in->buf[in->pos++];
}

/*
 * The next line into *line and *len, without its LF and a CR before it.
 * The pointer is into the reader's buffer, valid until its next call.
 * Returns 0 at the end of the input; a last line without LF still counts.
 */
int
input_line(struct input *in, char **line, size_t *len)
{
	char *nl;
	size_t scanned = 0, n;

	for (;;) {
		nl = in->end - in->pos > scanned ?
		    memchr(in->buf + in->pos + scanned, '\n', in->end - in->pos - scanned) : NULL;
		if (nl != NULL)
			break;
		scanned = in->end - in->pos;
		if (!input_fill(in))
			break;
	}
	if (nl == NULL && in->pos == in->end)
		return 0;
	*line = in->buf + in->pos;
	n = nl ? (size_t)(nl - *line) : in->end - in->pos;
	in->pos += n + (nl != NULL);
	if (n > 0 && (*line)[n - 1] == '\r')
		n--;
	*len = n;
	in->lineno++;
	return 1;
}

/* The offset in the decoded input of the next byte to be read. */
uint64_t
input_offset(const struct input *in)
{
	return in->base + in->pos;
}
