/*
 * hugepage.c: ask for transparent huge pages under the large tables. On
 * the virtual machines the bench runs on, the first touch of each 4 KiB
 * page is a page fault costing about 20 microseconds, and the fresh pages
 * of a 1M-event summary's tables (some 6,000 of them) were a quarter of
 * its time; where Linux gives transparent huge pages on request (its
 * "madvise" mode, a common default), one fault maps 2 MiB. Elsewhere, or
 * where the call fails, nothing changes: it is advice, and the memory and
 * its contents are the same either way.
 *
 * hugepage_advise is for blocks that realloc grows, hugepage_alloc for
 * tables allocated whole, hugepage_grow for the largest tables (a keymap's
 * records), which then grow in place, and hugepage_release gives back the
 * pages of theirs no longer in use; hugepage_init keeps each large block
 * in a mapping of its own. madvise, MADV_HUGEPAGE, MADV_DONTNEED,
 * MAP_NORESERVE and mallopt are not POSIX, hence this file of its own with
 * the feature macro they need.
 */
#define _DEFAULT_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cop.h"

#ifdef __GLIBC__
#include <malloc.h>		/* mallopt */
#endif

#define PAGE ((uintptr_t)4096)
#define HUGE_PAGE ((size_t)2 << 20)
#define RESERVE ((size_t)64 << 30)	/* address space, not memory */

/*
 * Give every block of HUGEPAGE_MIN or more (those advised here) a mapping
 * of its own, returned to the system when freed. glibc's malloc raises
 * that threshold to the size of each such block freed, up to 32 MiB, and
 * from then on the large arrays a summary makes and frees (sorted copies,
 * counting sorts, record infos) came from the heap: the holes they left,
 * touched and free, stayed resident, 18 MiB of the 251 MiB cop-patterns -s
 * peaked at on the 10M-event bench file. A threshold that is set stays
 * fixed. The heap's top is given back past twice that, as glibc's own
 * rule had it: at its default, 128 KiB, the top went back and forth and
 * each time its pages were faulted in again. Other C libraries are left
 * to their own ways.
 */
void
hugepage_init(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	(void)mallopt(M_MMAP_THRESHOLD, (int)HUGEPAGE_MIN);
	(void)mallopt(M_TRIM_THRESHOLD, (int)(2 * HUGEPAGE_MIN));
#endif
}

/*
 * Advise huge pages for the pages holding [p, p + n). The range is taken
 * out to whole small pages, so that a block malloc made with mmap stays
 * one mapping (advice on part of a mapping splits it, and realloc could
 * then no longer grow it in place). The kernel uses huge pages for the
 * aligned 2 MiB stretches inside.
 */
void
hugepage_advise(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	uintptr_t lo = (uintptr_t)p & ~(PAGE - 1);
	uintptr_t hi = ((uintptr_t)p + n + PAGE - 1) & ~(PAGE - 1);

	(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

/*
 * n zeroed bytes starting on a 2 MiB boundary, for a table allocated
 * whole (a hash table's slots): calloc's blocks start 16 bytes into a
 * page, so a 2 MiB table would hold no whole huge page at all. Freed with
 * free().
 */
void *
hugepage_alloc(size_t n)
{
	void *p;

	if (posix_memalign(&p, HUGE_PAGE, n) != 0)
		die("out of memory (%zu bytes)", n);
	hugepage_advise(p, n);
	memset(p, 0, n);
	return p;
}

/*
 * A stretch of address space of n bytes starting on a 2 MiB boundary,
 * advised for huge pages; no memory is used until a page is touched. NULL
 * where it cannot be had (no MAP_NORESERVE, a ulimit -v, strict overcommit).
 */
static void *
reserve(size_t n)
{
#if defined(MAP_NORESERVE) && defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
	unsigned char *p;
	uintptr_t lo, aligned;

	if (n > SIZE_MAX - HUGE_PAGE)
		return NULL;
	p = mmap(NULL, n + HUGE_PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	lo = (uintptr_t)p;
	aligned = (lo + HUGE_PAGE - 1) & ~((uintptr_t)HUGE_PAGE - 1);
	if (aligned > lo)
		(void)munmap(p, aligned - lo);
	(void)munmap((void *)(aligned + n), lo + HUGE_PAGE - aligned);
	(void)madvise((void *)aligned, n, MADV_HUGEPAGE);
	return (void *)aligned;
#else
	(void)n;
	return NULL;
#endif
}

/*
 * Make room for need bytes in the block *p of *cap bytes, of which used
 * are in use, moving it into reserved address space (64 GiB, or twice
 * need) if it is not there yet; *reserved says which it is (0: malloc's).
 * Growing in place, a table is never copied, and every page of it is
 * touched first after the advice, so that it is a huge page: a table that
 * realloc doubles, its early pages faulted while it was small, kept most
 * of its pages small. Returns 0, changing nothing, where no address space
 * can be reserved: the caller then grows the block with realloc.
 */
int
hugepage_grow(void *p, size_t *cap, size_t *reserved, size_t used, size_t need)
{
	void **block = p;
	size_t n = need > RESERVE / 2 ? 2 * need : RESERVE;
	void *fresh;

	if (need <= *cap)
		return 1;
	if (need > SIZE_MAX / 2 || (fresh = reserve(n)) == NULL)
		return 0;
	if (used > 0)
		memcpy(fresh, *block, used);
	hugepage_free(*block, *reserved);
	*block = fresh;
	*cap = *reserved = n;
	return 1;
}

/*
 * Room for need bytes in a block that grows: through realloc while it is
 * small, from huge_from bytes on in address space of its own, in place
 * (hugepage_grow); *reserved 0 while it is malloc's.
 */
void
hugepage_room(void *p, size_t *cap, size_t *reserved, size_t used, size_t need,
    size_t huge_from)
{
	if (need <= *cap)
		return;
	if ((*reserved > 0 || need >= huge_from) && hugepage_grow(p, cap, reserved, used, need))
		return;
	if (*reserved > 0)
		die("out of memory (%zu bytes)", need);
	xgrow(p, cap, need, 1);
}

/*
 * Give back the memory of bytes [from, to) of a block of hugepage_grow of
 * reserved bytes, no longer in use: a table whose records were filtered.
 * Whole huge pages only, those past the one holding byte from - 1 (the
 * block starts on a huge page), so that none is split; they read as zeros
 * if touched again.
 */
void
hugepage_release(void *p, size_t reserved, size_t from, size_t to)
{
#ifdef MADV_DONTNEED
	from = (from + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	to = (to + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	if (to > reserved)
		to = reserved;
	if (from < to)
		(void)madvise((unsigned char *)p + from, to - from, MADV_DONTNEED);
#else
	(void)p;
	(void)reserved;
	(void)from;
	(void)to;
#endif
}

/* Free a block of hugepage_grow (reserved bytes) or of malloc (0). */
void
hugepage_free(void *p, size_t reserved)
{
	if (reserved > 0)
		(void)munmap(p, reserved);
	else
		free(p);
}
