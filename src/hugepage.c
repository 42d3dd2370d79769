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
 * tables allocated whole. madvise and MADV_HUGEPAGE are not POSIX, hence
 * this file of its own with the feature macro they need.
 */
#define _DEFAULT_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cop.h"

#define PAGE ((uintptr_t)4096)
#define HUGE_PAGE ((size_t)2 << 20)

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
