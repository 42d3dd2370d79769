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
 * madvise and MADV_HUGEPAGE are not POSIX, hence this file of its own with
 * the feature macro they need.
 */
#define _DEFAULT_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

#include "cop.h"

#define PAGE ((uintptr_t)4096)

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
