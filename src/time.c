/*
 * time.c: the one parser of date text (every form of cop-events(5) to UTC
 * seconds), calendar arithmetic on integer day numbers, and the cutting of
 * time into days, ISO weeks and months in UTC or the zone --tz names.
 * No strptime, no mktime: civil dates convert with Hinnant's integer
 * formulas, and a zone only supplies its UTC offset through localtime_r.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cop.h"

/* 0001-01-01 and 9999-12-31T23:59:59: the years ISO 8601 writes in four digits. */
#define TIME_MIN (-62135596800LL)
#define TIME_MAX (253402300799LL)

static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floordiv(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = floordiv(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
days_in_month(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

/* ISO weekday of a day number: 1 Monday ... 7 Sunday (1970-01-01 was a Thursday). */
int
weekday_of_day(int64_t day)
{
	return (int)(day + 3 - floordiv(day + 3, 7) * 7) + 1;
}

/* Zones. */

/* The end of a POSIX TZ zone abbreviation ("CET", "<+0330>") at s, or NULL. */
static const char *
posix_name_end(const char *s)
{
	const char *p = s;

	if (*p == '<') {
		for (p++; isalnum((unsigned char)*p) || *p == '+' || *p == '-'; p++)
			;
		return *p == '>' && p - s - 1 >= 3 ? p + 1 : NULL;
	}
	while (isalpha((unsigned char)*p))
		p++;
	return p - s >= 3 ? p : NULL;
}

/* The end of a POSIX TZ offset ("-1", "5", "3:30", hours 0-24) at s, or NULL. */
static const char *
posix_offset_end(const char *s)
{
	const char *p = s + (*s == '+' || *s == '-');
	int h = 0, n;

	for (n = 0; n < 2 && isdigit((unsigned char)*p); n++)
		h = h * 10 + (*p++ - '0');
	if (n == 0 || h > 24)
		return NULL;
	for (n = 0; n < 2 && *p == ':'; n++, p += 3)
		if (p[1] < '0' || p[1] > '5' || !isdigit((unsigned char)p[2]))
			return NULL;
	return p;
}

/*
 * A POSIX TZ rule such as "CET-1CEST,M3.5.0,M10.5.0/3": a name of three
 * or more letters, an offset, and perhaps a summer name, offset and rules.
 */
static int
posix_zone(const char *s)
{
	const char *p = posix_name_end(s);

	if (p == NULL || (p = posix_offset_end(p)) == NULL)
		return 0;
	if (*p == '\0')
		return 1;
	if ((p = posix_name_end(p)) == NULL)
		return 0;
	return p[strspn(p, "0123456789+-:,./JM")] == '\0';
}

/*
 * A name is a zone if the zone database has a file for it, or it is a
 * POSIX TZ rule: glibc silently treats anything else (a typo, "+01:00")
 * as UTC, which we must not.
 */
static int
zone_exists(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[4096];
	struct stat st;

	if (name[0] == '\0' || strstr(name, "..") != NULL)
		return 0;
	if (name[0] == ':')
		name++;
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo",
	    name) < sizeof path && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return 1;
	return posix_zone(name);
}

void
tz_init(struct tz *z, const char *name)
{
	memset(z, 0, sizeof *z);
	z->cached_bucket = INT64_MIN;
	if (name == NULL || strcmp(name, "UTC") == 0 || strcmp(name, "Z") == 0) {
		z->name = "UTC";
		z->utc = 1;
		return;
	}
	if (!zone_exists(name))
		die_usage("--tz: unknown time zone \"%s\" (a zone database name such as Europe/Paris, or UTC)", name);
	z->name = name;
	if (setenv("TZ", name, 1) != 0)
		die("setenv TZ:");
	tzset();
}

/*
 * The zone's offset from UTC at instant t, in seconds. Offsets change only
 * at transitions, which fall on quarter hours, so one offset is cached per
 * quarter hour: localtime_r is then called rarely even on unsorted input.
 */
int64_t
tz_offset(struct tz *z, int64_t t)
{
	int64_t bucket, local;
	time_t tt = (time_t)t;
	struct tm tm;

	if (z->utc)
		return 0;
	bucket = floordiv(t, 900);
	if (bucket == z->cached_bucket)
		return z->cached_offset;
	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	local = days_from_civil(tm.tm_year + 1900LL, tm.tm_mon + 1, tm.tm_mday) * 86400 +
	    tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	z->cached_bucket = bucket;
	z->cached_offset = local - t;
	return z->cached_offset;
}

/*
 * UTC seconds of a wall-clock time in the zone. A time in the gap of a
 * spring-forward change reads with the offset before the change, one in
 * the repeated hour of a fall-back change as its first occurrence.
 */
static int64_t
tz_local_to_utc(struct tz *z, int64_t local)
{
	int64_t off1, off2, t;

	if (z->utc)
		return local;
	off1 = tz_offset(z, local);
	t = local - off1;
	off2 = tz_offset(z, t);
	if (off2 != off1 && tz_offset(z, local - off2) == off2)
		t = local - off2;
	return t;
}

int64_t
tz_day(struct tz *z, int64_t t)
{
	return floordiv(t + tz_offset(z, t), 86400);
}

/* Parsing. */

static int
digits(const char *s, size_t n, int64_t *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* "YYYY-MM-DD" at s, to a day number; a date that does not exist fails. */
static int
parse_date(const char *s, int64_t *day)
{
	int64_t y, m, d;

	if (s[4] != '-' || s[7] != '-' || digits(s, 4, &y) || digits(s + 5, 2, &m) ||
	    digits(s + 8, 2, &d))
		return -1;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month((int)y, (int)m))
		return -1;
	*day = days_from_civil(y, (int)m, (int)d);
	return 0;
}

/* "Z", "+HH", "+HHMM", "+HH:MM" or "-..." at s, exactly n bytes. */
static int
parse_offset(const char *s, size_t n, int64_t *off)
{
	int64_t h, m = 0;
	int sign;

	if (n == 1 && (s[0] == 'Z' || s[0] == 'z')) {
		*off = 0;
		return 0;
	}
	if (n < 3 || (s[0] != '+' && s[0] != '-'))
		return -1;
	sign = s[0] == '-' ? -1 : 1;
	if (digits(s + 1, 2, &h))
		return -1;
	if (n == 5 && digits(s + 3, 2, &m) == 0)
		;
	else if (n == 6 && s[3] == ':' && digits(s + 4, 2, &m) == 0)
		;
	else if (n != 3)
		return -1;
	if (h > 23 || m > 59)
		return -1;
	*off = sign * (h * 3600 + m * 60);
	return 0;
}

/* "HH:MM[:SS[.frac]]" then an optional offset, to seconds of the day. */
static int
parse_clock(const char *s, size_t n, int64_t *secs, int *has_off, int64_t *off)
{
	int64_t h, m, sec = 0;
	size_t i = 5;

	if (n < 5 || s[2] != ':' || digits(s, 2, &h) || digits(s + 3, 2, &m))
		return -1;
	if (n >= 8 && s[5] == ':') {
		if (digits(s + 6, 2, &sec))
			return -1;
		i = 8;
		if (i < n && (s[i] == '.' || s[i] == ',')) {
			size_t j = ++i;

			while (i < n && s[i] >= '0' && s[i] <= '9')
				i++;
			if (i == j)
				return -1;
		}
	}
	if (h > 23 || m > 59 || sec > 60)	/* 60: a leap second */
		return -1;
	*secs = h * 3600 + m * 60 + sec;
	*has_off = i < n;
	return *has_off ? parse_offset(s + i, n - i, off) : 0;
}

static int
parse_unix(const char *s, size_t n, int64_t *t)
{
	size_t i = s[0] == '-';
	int64_t v = 0;

	if (n == i || n - i > 12)
		return -1;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*t = s[0] == '-' ? -v : v;
	return 0;
}

/*
 * Parse one time value of cop-events(5) into UTC seconds; times without an
 * offset are wall-clock times in zone z. Returns 0, or -1 when the text is
 * not a time or names one outside years 0001-9999.
 */
int
time_parse(struct tz *z, const char *s, size_t n, int64_t *t)
{
	int64_t day, secs = 0, off = 0, v;
	int has_off = 0;

	if (n >= 10 && s[4] == '-') {
		if (z->cached_date_ok && memcmp(s, z->cached_date, 10) == 0)
			day = z->cached_day;
		else if (parse_date(s, &day) == 0) {
			memcpy(z->cached_date, s, 10);
			z->cached_day = day;
			z->cached_date_ok = 1;
		} else
			return -1;
		if (n > 10) {
			if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
			    parse_clock(s + 11, n - 11, &secs, &has_off, &off))
				return -1;
		}
		v = day * 86400 + secs;
		v = has_off ? v - off : tz_local_to_utc(z, v);
	} else if (parse_unix(s, n, &v))
		return -1;
	if (v < TIME_MIN || v > TIME_MAX)
		return -1;
	*t = v;
	return 0;
}

/* Formatting. */

void
time_format_utc(int64_t t, char buf[TIME_BUFSZ])
{
	int64_t day = floordiv(t, 86400), s = t - day * 86400;
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(buf, TIME_BUFSZ, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
	    (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

void
day_format(int64_t day, char buf[TIME_BUFSZ])
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(buf, TIME_BUFSZ, "%04d-%02d-%02d", y, m, d);
}

/* Periods: days, ISO weeks (Monday-based, numbered from 1970-W01) and months. */

int64_t
period_of_day(int64_t day, enum grain g)
{
	int y, m, d;

	switch (g) {
	case GRAIN_DAY:
		return day;
	case GRAIN_WEEK:
		return floordiv(day + 3, 7);	/* 1969-12-29 was a Monday */
	case GRAIN_MONTH:
		civil_from_days(day, &y, &m, &d);
		return (int64_t)y * 12 + (m - 1);
	}
	return 0;
}

/* The first day of period p. */
int64_t
period_first_day(int64_t p, enum grain g)
{
	switch (g) {
	case GRAIN_DAY:
		return p;
	case GRAIN_WEEK:
		return p * 7 - 3;
	case GRAIN_MONTH:
		return days_from_civil(floordiv(p, 12), (int)(p - floordiv(p, 12) * 12) + 1, 1);
	}
	return 0;
}

/* A week belongs to the ISO year of its Thursday: 2024-12-30 is 2025-W01. */
void
period_label(int64_t p, enum grain g, char buf[TIME_BUFSZ])
{
	int y, m, d, ty, tm, td;
	int64_t thursday;

	switch (g) {
	case GRAIN_DAY:
		day_format(p, buf);
		break;
	case GRAIN_WEEK:
		thursday = period_first_day(p, g) + 3;
		civil_from_days(thursday, &ty, &tm, &td);
		(void)tm, (void)td;
		snprintf(buf, TIME_BUFSZ, "%04d-W%02d", ty,
		    (int)((thursday - days_from_civil(ty, 1, 1)) / 7 + 1));
		break;
	case GRAIN_MONTH:
		civil_from_days(period_first_day(p, g), &y, &m, &d);
		snprintf(buf, TIME_BUFSZ, "%04d-%02d", y, m);
		break;
	}
}

/* Read a label that period_label writes back into a period and its grain. */
int
period_parse(const char *s, enum grain *g, int64_t *p)
{
	size_t n = strlen(s);
	int64_t y, w, m, day;

	if (n == 8 && s[4] == '-' && s[5] == 'W' && !digits(s, 4, &y) &&
	    !digits(s + 6, 2, &w) && y >= 1 && w >= 1) {
		/* Week 1 is the week holding 4 January. */
		int64_t first = period_of_day(days_from_civil(y, 1, 4), GRAIN_WEEK);
		char check[TIME_BUFSZ];

		*p = first + w - 1;
		*g = GRAIN_WEEK;
		period_label(*p, GRAIN_WEEK, check);
		return strcmp(check, s) == 0 ? 0 : -1;	/* W53 exists in some years only */
	}
	if (n == 7 && s[4] == '-' && !digits(s, 4, &y) && !digits(s + 5, 2, &m) && y >= 1 &&
	    m >= 1 && m <= 12) {
		*p = y * 12 + m - 1;
		*g = GRAIN_MONTH;
		return 0;
	}
	if (n == 10 && parse_date(s, &day) == 0) {
		*p = day;
		*g = GRAIN_DAY;
		return 0;
	}
	return -1;
}

int
grain_parse(const char *s, enum grain *g)
{
	if (strcmp(s, "day") == 0)
		*g = GRAIN_DAY;
	else if (strcmp(s, "week") == 0)
		*g = GRAIN_WEEK;
	else if (strcmp(s, "month") == 0)
		*g = GRAIN_MONTH;
	else
		return -1;
	return 0;
}

const char *
grain_name(enum grain g)
{
	return g == GRAIN_DAY ? "day" : g == GRAIN_WEEK ? "week" : "month";
}
