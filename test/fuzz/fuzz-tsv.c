/*
 * fuzz-tsv.c: the TSV reader and header lookup (src/tsv.c). The first byte
 * chooses how the rest is read: once or twice (rewind, spooling a pipe),
 * from a regular file or a pipe, as one file or as two split at a line
 * "%%", with or without -f mappings. Besides crashes, hangs and sanitizer
 * reports, it checks that nothing is lost: the header and rows read,
 * written back with their line ends, are the input (a missing final LF
 * added, a later file's header dropped), and a second pass reads the same.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/cop.h"
#include "sandbox.h"

enum { F_REWIND = 1, F_PIPE = 2, F_SPLIT = 4, F_MAP_NUMBER = 8, F_MAP_NAME = 16 };

struct fuzz_input {
	const uint8_t *data;
	size_t size;
	unsigned flags;
	char *paths[2];
	size_t npaths;
	struct buf expect;	/* buf.c */
};

/* Bytes of one line as read back: the line, CR if it had one, LF. */
static void
put_line(struct buf *b, const struct tsv *t)
{
	buf_add(b, t->line, t->len);
	if (t->cr)
		buf_add(b, "\r", 1);
	buf_add(b, "\n", 1);
}

static void
check_fields(const struct tsv *t)
{
	size_t i, sum = 0;

	sandbox_check(t->nf >= 1 && t->f[0].p == t->line, "first field starts the line");
	for (i = 0; i < t->nf; i++) {
		sum += t->f[i].n;
		sandbox_check(memchr(t->f[i].p, '\t', t->f[i].n) == NULL, "no TAB in a field");
		if (i > 0)
			sandbox_check(t->f[i].p == t->f[i - 1].p + t->f[i - 1].n + 1, "fields adjoin");
	}
	sandbox_check(sum + t->nf - 1 == t->len, "fields cover the line");
}

static uint64_t
read_rows(struct tsv *t, struct buf *got)
{
	uint64_t n = 0;

	while (tsv_next(t)) {
		check_fields(t);
		tsv_put_line(t);
		tsv_put_end(t);
		if (got != NULL)
			put_line(got, t);
		n++;
	}
	return n;
}

static void
run(void *arg)
{
	struct fuzz_input *in = arg;
	struct colmap map;
	struct tsv t;
	struct buf got = { NULL, 0, 0 }, again = { NULL, 0, 0 };
	uint64_t rows;

	memset(&map, 0, sizeof map);
	if (in->flags & F_MAP_NUMBER)
		colmap_add(&map, "time=2");
	if (in->flags & F_MAP_NAME)
		colmap_add(&map, "member=who");
	tsv_open(&t, in->paths, in->npaths, in->flags & F_REWIND);
	if (tsv_header(&t)) {
		tsv_find(&t, &map, "time", 0);
		tsv_find(&t, &map, "member", 0);
		tsv_column(&t, "level");
		tsv_put_header(&t);
		tsv_put_header_end(&t);
		buf_add(&got, t.header, t.header_len);
		buf_add(&got, t.header_cr ? "\r\n" : "\n", t.header_cr ? 2 : 1);
		rows = read_rows(&t, &got);
		sandbox_check(got.n == in->expect.n && memcmp(got.p, in->expect.p, got.n) == 0,
		    "the rows read are the input");
		if (in->flags & F_REWIND) {
			tsv_rewind(&t);
			buf_add(&again, got.p, t.header_len + 1 + (size_t)t.header_cr);
			sandbox_check(read_rows(&t, &again) == rows, "a second pass reads as many rows");
			sandbox_check(again.n == got.n && memcmp(again.p, got.p, got.n) == 0,
			    "a second pass reads the same rows");
		}
	}
	tsv_close(&t);
	free(got.p);
	free(again.p);
	for (; map.n > 0; map.n--) {
		free((char *)map.name[map.n - 1]);
		free((char *)map.col[map.n - 1]);
	}
	free(map.name);
	free(map.col);
}

/* What reading part of the input and writing it back must give. */
static void
expect_file(struct buf *b, const uint8_t *p, size_t n, int skip_header)
{
	const uint8_t *nl;

	if (n == 0)
		return;
	if (!skip_header && n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;		/* the reader skips a UTF-8 byte order mark */
		n -= 3;
		if (n == 0) {
			buf_add(b, "\n", 1);
			return;
		}
	}
	if (skip_header) {
		nl = memchr(p, '\n', n);
		if (nl == NULL)
			return;
		n -= (size_t)(nl + 1 - p);
		p = nl + 1;
		if (n == 0)
			return;
	}
	buf_add(b, p, n);
	if (p[n - 1] != '\n')
		buf_add(b, "\n", 1);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	sandbox_init();
	progname = "fuzz-tsv";
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[2][4096];
	struct fuzz_input in;
	const uint8_t *sep = NULL;
	size_t n1;
	int p[2] = { -1, -1 };

	if (size < 1)
		return 0;
	memset(&in, 0, sizeof in);
	in.flags = data[0];
	in.data = data + 1;
	in.size = size - 1;
	n1 = in.size;
	if (in.flags & F_SPLIT)
		sep = memmem(in.data, in.size, "\n%%\n", 4);
	if (sep != NULL)
		n1 = (size_t)(sep - in.data) + 1;
	if ((in.flags & F_PIPE) && sep == NULL && in.size <= 60000 && pipe(p) == 0) {
		if (in.size > 0)
			sandbox_check(write(p[1], in.data, in.size) == (ssize_t)in.size, "pipe write");
		close(p[1]);
		snprintf(path[0], sizeof path[0], "/dev/fd/%d", p[0]);
	} else
		sandbox_file("a", in.data, n1, path[0], sizeof path[0]);
	in.paths[in.npaths++] = path[0];
	expect_file(&in.expect, in.data, n1, 0);
	if (sep != NULL) {
		sandbox_file("b", sep + 4, in.size - n1 - 3, path[1], sizeof path[1]);
		in.paths[in.npaths++] = path[1];
		expect_file(&in.expect, sep + 4, in.size - n1 - 3, 1);
	}
	sandbox_run(run, &in, 0);
	if (p[0] >= 0)
		close(p[0]);
	free(in.expect.p);
	return 0;
}
