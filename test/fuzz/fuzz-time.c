/*
 * fuzz-time.c: time_parse (src/time.c), the one parser of date text, in
 * UTC and in a zone with daylight saving time. For every text it accepts
 * it checks the arithmetic around it: the time is within years 0001-9999;
 * written back as UTC and parsed again it is the same instant; its day,
 * ISO week and month label parse back to the same period, and the period
 * holds the day.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cop.h"
#include "sandbox.h"

static struct tz utc, zone;

static void
check_periods(int64_t day)
{
	static const enum grain grains[] = { GRAIN_DAY, GRAIN_WEEK, GRAIN_MONTH };
	char label[TIME_BUFSZ];
	enum grain g;
	int64_t p, back;
	size_t i;

	sandbox_check(weekday_of_day(day) >= 1 && weekday_of_day(day) <= 7, "weekday in 1..7");
	for (i = 0; i < 3; i++) {
		p = period_of_day(day, grains[i]);
		sandbox_check(period_first_day(p, grains[i]) <= day &&
		    day < period_first_day(p + 1, grains[i]), "the period holds its day");
		period_label(p, grains[i], label);
		sandbox_check(period_parse(label, &g, &back) == 0, "a period label parses");
		sandbox_check(g == grains[i] && back == p, "a period label parses back to it");
	}
}

static void
check_time(struct tz *z, const uint8_t *data, size_t size)
{
	char buf[TIME_BUFSZ];
	int64_t t, back, day;

	if (time_parse(z, (const char *)data, size, &t) != 0)
		return;
	sandbox_check(t >= -62135596800LL && t <= 253402300799LL, "a time within years 1-9999");
	time_format_utc(t, buf);
	sandbox_check(time_parse(&utc, buf, strlen(buf), &back) == 0, "a UTC time parses");
	sandbox_check(back == t, "a UTC time parses back to itself");
	day = tz_day(z, t);
	if (day < days_from_civil(1, 1, 1) || day > days_from_civil(9999, 12, 31))
		return;		/* an instant of year 1 or 9999 whose day in the zone is not */
	day_format(day, buf);
	sandbox_check(time_parse(&utc, buf, strlen(buf), &back) == 0, "a day parses");
	sandbox_check(back == day * 86400, "a day parses back to itself");
	check_periods(day);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	sandbox_init();
	tz_init(&utc, "UTC");
	tz_init(&zone, "America/St_Johns");	/* -03:30, DST: half hours and gaps */
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size + 1);	/* an exact-size copy: overreads show */

	memcpy(copy, data, size);
	check_time(&utc, copy, size);
	check_time(&zone, copy, size);
	free(copy);
	return 0;
}
