/*
 * sandbox.c: lets a libFuzzer target call library code that ends the
 * process on bad input, as it must (die, die_usage and tsv_die exit with
 * status 1 or 2). The targets link with
 *
 *	-Wl,--wrap=exit,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free,
 *	-Wl,--wrap=open,--wrap=mkstemp,--wrap=close,--wrap=isatty
 *
 * so that while sandbox_run is in progress exit() jumps back to it instead
 * of ending the fuzzer, and the memory and descriptors the run still held
 * are given back: a deliberate exit is then neither a "fuzz target exited"
 * crash nor a leak, while a crash, a hang, a sanitizer report or a leak on
 * a path that returns normally is still found. Outside a run every wrapper
 * is a plain call.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sanitizer/common_interface_defs.h>

#include "../../src/cop.h"
#include "sandbox.h"

void __real_exit(int) __attribute__((noreturn));
void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
void __real_free(void *);
int __real_open(const char *, int, ...);
int __real_mkstemp(char *);
int __real_close(int);
int __real_isatty(int);

int sandbox_tty;	/* a target's wish that stdout look like a terminal */

static jmp_buf escape;
static int armed, exit_status;

/* The pointers allocated during the run: an open-addressing set. */
static void **live;
static size_t nlive, live_cap;

/* The descriptors opened during the run. */
static int fds[256];
static size_t nfds;

static char workdir[4096];

static size_t
slot_of(const void *p, size_t cap)
{
	uintptr_t h = (uintptr_t)p;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 20) & (cap - 1);
}

static void live_add(void *);

static void
live_grow(void)
{
	void **old = live;
	size_t i, cap = live_cap;

	live_cap = cap ? cap * 2 : 1024;
	live = __real_calloc(live_cap, sizeof *live);
	if (live == NULL)
		abort();
	nlive = 0;
	for (i = 0; i < cap; i++)
		if (old[i] != NULL)
			live_add(old[i]);
	__real_free(old);
}

static void
live_add(void *p)
{
	size_t i;

	if (p == NULL)
		return;
	if ((nlive + 1) * 2 > live_cap)
		live_grow();
	for (i = slot_of(p, live_cap); live[i] != NULL; i = (i + 1) & (live_cap - 1))
		;
	live[i] = p;
	nlive++;
}

/* Remove p, re-inserting the rest of its cluster (linear probing). */
static void
live_remove(void *p)
{
	size_t i, j;

	if (p == NULL || nlive == 0)
		return;
	for (i = slot_of(p, live_cap); live[i] != p; i = (i + 1) & (live_cap - 1))
		if (live[i] == NULL)
			return;
	live[i] = NULL;
	nlive--;
	for (j = (i + 1) & (live_cap - 1); live[j] != NULL; j = (j + 1) & (live_cap - 1)) {
		void *q = live[j];

		live[j] = NULL;
		nlive--;
		live_add(q);
	}
}

static void
live_release(int free_them)
{
	size_t i;

	for (i = 0; i < live_cap; i++) {
		if (live[i] != NULL && free_them)
			__real_free(live[i]);
		live[i] = NULL;
	}
	nlive = 0;
}

void
__wrap_exit(int status)
{
	if (!armed)
		__real_exit(status);
	exit_status = status;
	longjmp(escape, 1);
}

void *
__wrap_malloc(size_t n)
{
	void *p = __real_malloc(n);

	if (armed)
		live_add(p);
	return p;
}

void *
__wrap_calloc(size_t n, size_t size)
{
	void *p = __real_calloc(n, size);

	if (armed)
		live_add(p);
	return p;
}

void *
__wrap_realloc(void *old, size_t n)
{
	void *p = __real_realloc(old, n);

	if (armed && p != NULL) {
		live_remove(old);
		live_add(p);
	}
	return p;
}

void
__wrap_free(void *p)
{
	if (armed)
		live_remove(p);
	__real_free(p);
}

static void
fd_add(int fd)
{
	if (armed && fd >= 0 && nfds < sizeof fds / sizeof fds[0])
		fds[nfds++] = fd;
}

int
__wrap_open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;
	int fd;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	fd = __real_open(path, flags, mode);
	fd_add(fd);
	return fd;
}

int
__wrap_mkstemp(char *tmpl)
{
	int fd = __real_mkstemp(tmpl);

	fd_add(fd);
	return fd;
}

int
__wrap_close(int fd)
{
	size_t i;

	for (i = 0; armed && i < nfds; i++)
		if (fds[i] == fd) {
			fds[i] = fds[--nfds];
			break;
		}
	return __real_close(fd);
}

/* Standard output is /dev/null, a terminal when the target asks. */
int
__wrap_isatty(int fd)
{
	return fd == 1 && sandbox_tty ? 1 : __real_isatty(fd);
}

/* Remove what a program run left in the working directory. */
static void
clean_workdir(void)
{
	DIR *d = opendir(workdir);
	struct dirent *e;
	char path[8192];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "in.", 3) == 0 || strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", workdir, e->d_name);
		unlink(path);
	}
	closedir(d);
}

/*
 * Standard input and output are /dev/null, so a target never waits on the
 * terminal or floods it; the working directory is an empty one of our own,
 * so a file name the fuzzer makes up finds nothing. The output writer's
 * buffer is grown once here: grown inside a run that then exits, it would
 * be freed under the writer.
 */
void
sandbox_init(void)
{
	const char *tmp = getenv("TMPDIR");
	int null = __real_open("/dev/null", O_RDWR);

	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0)
		abort();
	__real_close(null);
	snprintf(workdir, sizeof workdir, "%s/cop-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(workdir) == NULL || chdir(workdir) != 0)
		abort();
	out_printf("%*s", 1 << 20, "");
	out_flush();
}

/*
 * Run fn(arg). Returns the status it passed to exit(), or SANDBOX_RETURNED
 * if it returned. Memory the run left allocated is freed if it exited, or
 * if free_leftovers (a whole program's run, which leaves the rest to the
 * exit that never comes).
 */
int
sandbox_run(void (*fn)(void *), void *arg, int free_leftovers)
{
	volatile int status = SANDBOX_RETURNED;
	size_t i;

	nfds = 0;
	live_release(0);
	armed = 1;
	if (setjmp(escape) == 0)
		fn(arg);
	else
		status = exit_status;
	armed = 0;
	live_release(status != SANDBOX_RETURNED || free_leftovers);
	if (status == SANDBOX_RETURNED && !free_leftovers)
		sandbox_check(nfds == 0, "a descriptor left open by a run that returned");
	for (i = 0; i < nfds; i++)
		__real_close(fds[i]);
	nfds = 0;
	if (fcntl(0, F_GETFD) < 0) {
		int null = __real_open("/dev/null", O_RDONLY);

		if (null != 0)
			abort();
	}
	clean_workdir();
	return status;
}

/* Write n bytes to the file "in.NAME" of the working directory; its path in path. */
int
sandbox_file(const char *name, const void *p, size_t n, char *path, size_t size)
{
	int fd;

	snprintf(path, size, "%s/in.%s", workdir, name);
	fd = __real_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || (n > 0 && write(fd, p, n) != (ssize_t)n))
		abort();
	__real_close(fd);
	return 0;
}

/* A property the target checks: its failure is a crash with a reason. */
void
sandbox_check(int ok, const char *what)
{
	char msg[256];

	if (!ok) {
		snprintf(msg, sizeof msg, "fuzz property failed: %s", what);
		__sanitizer_report_error_summary(msg);	/* stderr may be closed */
		abort();
	}
}
