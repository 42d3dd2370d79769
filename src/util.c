/*
 * util.c: the program name, failure handled once (die, die_usage), the
 * allocation helpers that die rather than return NULL, number parsing for
 * options, and the buffered writer every program sends its output through.
 */
#define _GNU_SOURCE	/* F_SETPIPE_SZ, where Linux has it */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cop.h"

const char *progname = "cop";

static void vwarn_prefixed(const char *, va_list) COP_PRINTF(1, 0);

static void
vwarn_prefixed(const char *fmt, va_list ap)
{
	size_t n = strlen(fmt);
	int e = errno;		/* before fprintf can change it */

	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(e));
	fputc('\n', stderr);
}

/* A format ending in ':' appends the errno text, as sbase's eprintf does. */
void
warnmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_prefixed(fmt, ap);
	va_end(ap);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_prefixed(fmt, ap);
	va_end(ap);
	exit(EXIT_DATA);
}

void
die_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_prefixed(fmt, ap);
	va_end(ap);
	exit(EXIT_USAGE);
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		die("out of memory (%zu bytes)", size);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		die("out of memory (%zu x %zu bytes overflows)", n, size);
	if (n * size >= HUGEPAGE_MIN)	/* hash tables' slots: see hugepage.c */
		return hugepage_alloc(n * size);
	p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		die("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	size_t bytes;

	if (size != 0 && n > SIZE_MAX / size)
		die("out of memory (%zu x %zu bytes overflows)", n, size);
	bytes = n * size;
	p = realloc(p, bytes ? bytes : 1);
	if (p == NULL)
		die("out of memory (%zu x %zu bytes)", n, size);
	if (bytes >= HUGEPAGE_MIN)	/* tables that grow large: see hugepage.c */
		hugepage_advise(p, bytes);
	return p;
}

char *
xstrdup(const char *s)
{
	return xmemdup(s, strlen(s));
}

/* A NUL-terminated copy of n bytes that may themselves hold NULs. */
char *
xmemdup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/*
 * Grow *buf (capacity *cap elements of size bytes) to hold at least need
 * elements, doubling so appends stay amortised O(1).
 */
void
xgrow(void *buf, size_t *cap, size_t need, size_t size)
{
	void **p = buf;
	size_t n = *cap ? *cap : 16;

	if (need <= *cap)
		return;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			die("out of memory (%zu elements)", need);
		n *= 2;
	}
	*p = xreallocarray(*p, n, size);
	*cap = n;
}

/* hint_at's slow path: grow the array to hold slot i, zeroed. */
uint32_t *
hint_grow(uint32_t **hint, size_t *n, size_t i)
{
	size_t old = *n;

	xgrow(hint, n, i + 1, sizeof **hint);
	memset(*hint + old, 0, (*n - old) * sizeof **hint);
	return *hint + i;
}

/*
 * Forget a hint array (hint: the address of its pointer, of any element
 * type): a table done with adding needs it no more.
 */
void
hint_free(void *hint, size_t *n)
{
	void **p = hint;

	free(*p);
	*p = NULL;
	*n = 0;
}

/*
 * Parse an option's numeric value, the whole string, within [min, max];
 * a bad value is a usage error naming the option and the allowed range.
 */
double
parse_number(const char *opt, const char *s, double min, double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno != 0 || v != v)
		die_usage("%s: \"%s\" is not a number", opt, s);
	if (v < min || v > max)
		die_usage("%s: %s is out of range (%g to %g)", opt, s, min, max);
	return v;
}

long
parse_count(const char *opt, const char *s, long min, long max)
{
	double v = parse_number(opt, s, (double)min, (double)max);

	if (v != (double)(long)v)
		die_usage("%s: \"%s\" is not a whole number", opt, s);
	return (long)v;
}

/*
 * Quote a value from the data for a message: printable bytes as they are,
 * control bytes escaped, at most 60 bytes so a 10 MB bad field cannot flood
 * stderr. Returns one of four static buffers, used in turn, so that a
 * message may quote up to four values.
 */
const char *
quote_value(const char *s, size_t n)
{
	static char bufs[4][60 * 4 + 8];
	static unsigned turn;
	char *buf = bufs[turn++ % 4];
	size_t i, o = 0, shown = n > 60 ? 60 : n, size = sizeof bufs[0];

	for (i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\t')
			o += (size_t)snprintf(buf + o, size - o, "\\t");
		else if (c == '"' || c == '\\')
			o += (size_t)snprintf(buf + o, size - o, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	if (shown < n)
		o += (size_t)snprintf(buf + o, size - o, "...");
	buf[o] = '\0';
	return buf;
}

/* The writer: one large buffer flushed with write(2); errors are fatal. */

struct out {
	char *buf;
	size_t len, cap;
	int fd;
	const char *name;
};

static struct out out_stdout = { NULL, 0, 0, 1, "stdout" };

void
out_open_fd(int fd, const char *name)
{
	out_flush();
	out_stdout.fd = fd;
	out_stdout.name = name;
}

/*
 * Back to standard output, what is buffered dropped: for a caller that
 * runs a program's main again after a run that ended in die() without
 * ending the process (the fuzz harness), perhaps while writing to -o.
 */
void
out_reset(void)
{
	out_stdout.len = 0;
	out_stdout.fd = 1;
	out_stdout.name = "stdout";
}

/*
 * The reader went away (| head): end as quietly as SIGPIPE would have, even
 * when the caller ignores SIGPIPE and so makes write fail with EPIPE.
 */
static void
reader_gone(void)
{
	signal(SIGPIPE, SIG_DFL);
	raise(SIGPIPE);
	_exit(EXIT_DATA);	/* SIGPIPE blocked */
}

static void
write_all(struct out *o, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(o->fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EPIPE)
			reader_gone();
		if (w < 0)
			die("%s: write error:", o->name);
		p += w;
		n -= (size_t)w;
	}
}

void
out_flush(void)
{
	write_all(&out_stdout, out_stdout.buf, out_stdout.len);
	out_stdout.len = 0;
}

/*
 * A pipe between two stages holds 64 KiB by default: each side then waits
 * for the other every 64 KiB, thousands of context switches a run (4,500
 * in the pipe of the bench, 350 with 1 MiB). Where Linux lets a process
 * widen its pipe, do so; elsewhere, or past the system's limit, nothing
 * changes.
 */
void
pipe_widen(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
		(void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#else
	(void)fd;
#endif
}

static void
out_reserve(size_t n)
{
	struct out *o = &out_stdout;

	if (o->cap == 0) {
		o->cap = 1 << 17;
		o->buf = xmalloc(o->cap);
		pipe_widen(o->fd);
	}
	if (o->len + n > o->cap)
		out_flush();
	if (n > o->cap) {
		o->cap = n;
		o->buf = xreallocarray(o->buf, 1, o->cap);
	}
}

void
out_write(const void *p, size_t n)
{
	struct out *o = &out_stdout;

	if (o->cap != 0 && n <= o->cap - o->len) {	/* the usual case: room in the buffer */
		memcpy(o->buf + o->len, p, n);
		o->len += n;
		return;
	}
	if (n >= (1 << 16)) {	/* a huge field: skip the copy */
		out_flush();
		write_all(o, p, n);
		return;
	}
	out_reserve(n);
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

void
out_str(const char *s)
{
	out_write(s, strlen(s));
}

void
out_char(char c)
{
	struct out *o = &out_stdout;

	if (o->len == o->cap)
		out_reserve(1);
	o->buf[o->len++] = c;
}

void
out_printf(const char *fmt, ...)
{
	struct out *o = &out_stdout;
	va_list ap;
	int n;

	out_reserve(256);
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("output format error");
	if ((size_t)n >= o->cap - o->len) {
		out_reserve((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
		va_end(ap);
	}
	o->len += (size_t)n;
}

/* v in decimal into buf, as "%llu" would write it; returns its length. */
size_t
fmt_u64(char buf[FMT_BUFSZ], uint64_t v)
{
	char tmp[24];
	size_t i = sizeof tmp;

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	memcpy(buf, tmp + i, sizeof tmp - i);
	buf[sizeof tmp - i] = '\0';
	return sizeof tmp - i;
}

/*
 * v with prec decimals (0-9) into buf, the bytes "%.*f" would write, and
 * its length; without printf's cost (a thousand instructions a number):
 * k = the exact floor of |v| * 10^prec, found with fma(3), whose single
 * rounding keeps the sign of |v| * 10^prec - k exact; then the exact
 * comparison with k + 1/2 rounds half to even, as printf does in the
 * default rounding mode. NaNs, infinities and huge values go to snprintf.
 */
size_t
fmt_fixed(char buf[FMT_BUFSZ], double v, int prec)
{
	static const double scale[] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
	char tmp[FMT_BUFSZ];
	double a = fabs(v), s, half;
	int64_t k;
	size_t i = sizeof tmp;
	int d;

	if (prec < 0 || prec > 9 || !(a < 1e15 / scale[prec])) {
		d = snprintf(buf, FMT_BUFSZ, "%.*f", prec, v);
		return d < 0 ? 0 : (size_t)d < FMT_BUFSZ ? (size_t)d : FMT_BUFSZ - 1;
	}
	s = scale[prec];
	k = (int64_t)(a * s);
	while (k > 0 && fma(a, s, -(double)k) < 0)
		k--;
	while (fma(a, s, -(double)(k + 1)) >= 0)
		k++;
	half = fma(a, 2 * s, -(double)(2 * k + 1));	/* the sign of |v| * 10^prec - (k + 1/2) */
	k += half > 0 || (half == 0 && (k & 1));
	for (d = 0; d < prec; d++, k /= 10)
		tmp[--i] = (char)('0' + k % 10);
	if (prec > 0)
		tmp[--i] = '.';
	do {
		tmp[--i] = (char)('0' + k % 10);
		k /= 10;
	} while (k > 0);
	if (signbit(v))
		tmp[--i] = '-';
	memcpy(buf, tmp + i, sizeof tmp - i);
	buf[sizeof tmp - i] = '\0';
	return sizeof tmp - i;
}

/* Flush and close standard output, so a full disk is an error, not silence. */
void
out_close(void)
{
	out_flush();
	if (out_stdout.fd != 1)
		return;
	if (fflush(stdout) == EOF || ferror(stdout))
		die("stdout: write error:");
}
