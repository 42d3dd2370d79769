/*
 * ahead.c: one read(2) at a time on a thread of its own, so that the
 * kernel copies the next chunk of a file while the caller splits and
 * counts the last one; on a log read from the page cache that copy was a
 * tenth of every program's time. The caller asks (ahead_read), goes on,
 * and takes the result (ahead_wait) when it needs the bytes; there is
 * never more than one read outstanding, and nothing but read(2) happens
 * on the thread. A read from a pipe is not worth the hop: the thread
 * would wait for the writer and then wake the caller, two wake-ups where
 * one does, and in a pipeline every CPU is busy anyway; the caller says
 * so, and the read happens in ahead_wait, as it always does when built
 * with COP_NO_THREADS (the fuzz targets, whose sandbox ends a run with
 * longjmp).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifndef COP_NO_THREADS
#include <pthread.h>
#endif

#include "cop.h"

struct ahead {
	int fd;
	char *dst;
	size_t want;
	int asked;		/* a read asked of the thread, not yet taken */
	int here;		/* a read to do in ahead_wait, not yet taken */
	ssize_t got;
	int err;		/* errno of a failed read */
#ifndef COP_NO_THREADS
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t change;
	int started, done, quit;
#endif
};

/* The read asked for, retried on EINTR; its result in a->got, a->err. */
static void
do_read(struct ahead *a)
{
	do
		a->got = a->want > 0 ? read(a->fd, a->dst, a->want) : 0;
	while (a->got < 0 && errno == EINTR);
	a->err = a->got < 0 ? errno : 0;
}

#ifndef COP_NO_THREADS
static void *
reader(void *arg)
{
	struct ahead *a = arg;

	pthread_mutex_lock(&a->lock);
	for (;;) {
		while (!a->quit && !(a->asked && !a->done))
			pthread_cond_wait(&a->change, &a->lock);
		if (a->quit)
			break;
		pthread_mutex_unlock(&a->lock);
		do_read(a);
		pthread_mutex_lock(&a->lock);
		a->done = 1;
		pthread_cond_broadcast(&a->change);
	}
	pthread_mutex_unlock(&a->lock);
	return NULL;
}
#endif

struct ahead *
ahead_new(void)
{
	struct ahead *a = xcalloc(1, sizeof *a);

#ifndef COP_NO_THREADS
	if (pthread_mutex_init(&a->lock, NULL) != 0 || pthread_cond_init(&a->change, NULL) != 0)
		die("cannot make a lock for the reading thread");
#endif
	return a;
}

/*
 * Start reading up to want bytes of fd into dst, on the thread if
 * on_thread, else when ahead_wait asks; nothing else outstanding.
 */
void
ahead_read(struct ahead *a, int fd, char *dst, size_t want, int on_thread)
{
	if (ahead_asked(a))
		die("internal error: a second read ahead");
	a->fd = fd;
	a->dst = dst;
	a->want = want;
#ifdef COP_NO_THREADS
	on_thread = 0;
#endif
	if (!on_thread) {
		a->here = 1;
		return;
	}
#ifndef COP_NO_THREADS
	if (!a->started) {
		int e = pthread_create(&a->thread, NULL, reader, a);

		if (e != 0) {
			errno = e;
			die("cannot start the reading thread:");
		}
		a->started = 1;
	}
	pthread_mutex_lock(&a->lock);
	a->asked = 1;
	a->done = 0;
	pthread_cond_broadcast(&a->change);
	pthread_mutex_unlock(&a->lock);
#endif
}

/* Whether a read was asked for and not yet taken. */
int
ahead_asked(const struct ahead *a)
{
	return a != NULL && (a->asked || a->here);
}

/*
 * The outstanding read's result, once it is done: bytes read into its
 * dst, 0 at the end, -1 with errno set.
 */
ssize_t
ahead_wait(struct ahead *a)
{
	if (a->here) {
		do_read(a);
		a->here = 0;
	}
#ifndef COP_NO_THREADS
	else {
		pthread_mutex_lock(&a->lock);
		while (!a->done)
			pthread_cond_wait(&a->change, &a->lock);
		a->asked = 0;
		pthread_mutex_unlock(&a->lock);
	}
#endif
	errno = a->err;
	return a->got;
}

/* Wait for any outstanding read, end the thread, free a (NULL is fine). */
void
ahead_free(struct ahead *a)
{
	if (a == NULL)
		return;
	if (ahead_asked(a))
		(void)ahead_wait(a);
#ifndef COP_NO_THREADS
	if (a->started) {
		pthread_mutex_lock(&a->lock);
		a->quit = 1;
		pthread_cond_broadcast(&a->change);
		pthread_mutex_unlock(&a->lock);
		pthread_join(a->thread, NULL);
	}
	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->change);
#endif
	free(a);
}
