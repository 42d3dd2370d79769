/*
 * fuzz-timefmt.c: the local date forms of exports (src/time.c): numeric
 * dates in any order ("15/01/2024, 09:58", "1.15.24 9:58 PM"), strptime-
 * style formats of -T, and mail dates. The input is "FORMAT\nTEXT". Any
 * time accepted must lie in years 1-9999.
 *
 * needs: src/import.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cop.h"
#include "sandbox.h"

static struct tz utc, zone;

static void
fuzz_in_range(int64_t t)
{
	sandbox_check(t >= -62135596800LL && t <= 253402300799LL, "a time in years 1-9999");
}

static void
fuzz_text(struct tz *z, const char *fmt, const char *s, size_t n)
{
	static const enum date_order orders[] = { DATE_DMY, DATE_MDY, DATE_YMD };
	struct numdate d;
	size_t used, i;
	int64_t t;

	if (numdate_scan(s, n, &d, &used) == 0) {
		sandbox_check(used <= n, "a numeric date is read within its text");
		(void)numdate_order(&d);
		for (i = 0; i < 3; i++)
			if (numdate_time(z, &d, orders[i], &t) == 0)
				fuzz_in_range(t);
	}
	if (time_format_check(fmt) == NULL && time_parse_format(z, fmt, s, n, &t) == 0)
		fuzz_in_range(t);
	if (time_parse_mail(z, s, n, &t) == 0)
		fuzz_in_range(t);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	sandbox_init();
	tz_init(&utc, "UTC");
	tz_init(&zone, "America/St_Johns");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	char *fmt, *s;
	size_t n;

	if (nl == NULL)
		return 0;
	fmt = strndup((const char *)data, (size_t)(nl - data));
	n = size - (size_t)(nl + 1 - data);
	s = malloc(n + 1);	/* exact size: an overread shows */
	memcpy(s, nl + 1, n);
	fuzz_text(&utc, fmt, s, n);
	fuzz_text(&zone, fmt, s, n);
	free(fmt);
	free(s);
	return 0;
}
