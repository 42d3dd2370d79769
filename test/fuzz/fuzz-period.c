/*
 * fuzz-period.c: period_parse and grain_parse (src/time.c), which read
 * the labels of days (YYYY-MM-DD), ISO weeks (YYYY-Www) and months
 * (YYYY-MM) that options such as cop-report's period take. A label it
 * accepts must be the one period_label writes for that period.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cop.h"
#include "sandbox.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	sandbox_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), label[TIME_BUFSZ];
	enum grain g;
	int64_t p;

	memcpy(s, data, size);
	s[size] = '\0';
	if (period_parse(s, &g, &p) == 0) {
		period_label(p, g, label);
		sandbox_check(strcmp(label, s) == 0, "an accepted label is the period's label");
		sandbox_check(period_first_day(p, g) <= period_first_day(p + 1, g) - 1,
		    "a period has days");
	}
	if (grain_parse(s, &g) == 0)
		sandbox_check(strcmp(grain_name(g), s) == 0, "a grain's name is itself");
	free(s);
	return 0;
}
