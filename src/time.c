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
 * the repeated hour of a fall-back change as its first occurrence. A
 * reading t is right when the zone's offset at t is the one it was read
 * with; the offsets to try are those at the instants around the time.
 */
static int64_t
tz_local_to_utc(struct tz *z, int64_t local)
{
	int64_t off1, off2, before, t;

	if (z->utc)
		return local;
	off1 = tz_offset(z, local);
	t = local - off1;
	off2 = tz_offset(z, t);
	if (off2 == off1) {
		/* Valid; a fall-back change makes an earlier reading valid too. */
		before = tz_offset(z, t - 86400);
		if (before > off1 && tz_offset(z, local - before) == before)
			return local - before;
		return t;
	}
	if (tz_offset(z, local - off2) == off2)
		return local - off2;
	/* Neither reading exists: the gap, where the offset grew. */
	return local - (off1 < off2 ? off1 : off2);
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
 * "HH:MM:SSZ", the form of nearly every exported time, read without the
 * general parser; -1 sends anything else to parse_clock, which reads it
 * the same way.
 */
static int
utc_clock(const char *s, int64_t *secs)
{
	unsigned h1 = (unsigned)(s[0] - '0'), h2 = (unsigned)(s[1] - '0');
	unsigned m1 = (unsigned)(s[3] - '0'), m2 = (unsigned)(s[4] - '0');
	unsigned s1 = (unsigned)(s[6] - '0'), s2 = (unsigned)(s[7] - '0');
	unsigned h = h1 * 10 + h2, m = m1 * 10 + m2, sec = s1 * 10 + s2;

	if (s[2] != ':' || s[5] != ':' || s[8] != 'Z' || h1 > 9 || h2 > 9 || m1 > 9 ||
	    m2 > 9 || s1 > 9 || s2 > 9 || h > 23 || m > 59 || sec > 60)
		return -1;
	*secs = h * 3600 + m * 60 + sec;
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
		if (z->cached_date_ok && bytes_equal(s, z->cached_date, 10))
			day = z->cached_day;
		else if (parse_date(s, &day) == 0) {
			memcpy(z->cached_date, s, 10);
			z->cached_day = day;
			z->cached_date_ok = 1;
		} else
			return -1;
		if (n == 20 && s[10] == 'T' && utc_clock(s + 11, &secs) == 0)
			has_off = 1;
		else if (n > 10) {
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

static void
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

/*
 * "YYYY-MM-DD" into buf, as "%04d-%02d-%02d" would write it; summaries
 * print two times a row, so digits are written by hand for years 1-9999
 * (every time time_parse accepts) and snprintf serves the rest.
 */
static void
date_text(int64_t day, char *buf)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	if (y < 1 || y > 9999) {
		snprintf(buf, TIME_BUFSZ, "%04d-%02d-%02d", y, m, d);
		return;
	}
	put2(buf, y / 100);
	put2(buf + 2, y % 100);
	buf[4] = '-';
	put2(buf + 5, m);
	buf[7] = '-';
	put2(buf + 8, d);
	buf[10] = '\0';
}

void
time_format_utc(int64_t t, char buf[TIME_BUFSZ])
{
	int64_t day = floordiv(t, 86400), s = t - day * 86400;
	size_t n;

	date_text(day, buf);
	n = strlen(buf);
	buf[n] = 'T';
	put2(buf + n + 1, (int)(s / 3600));
	buf[n + 3] = ':';
	put2(buf + n + 4, (int)(s / 60 % 60));
	buf[n + 6] = ':';
	put2(buf + n + 7, (int)(s % 60));
	buf[n + 9] = 'Z';
	buf[n + 10] = '\0';
}

void
day_format(int64_t day, char buf[TIME_BUFSZ])
{
	date_text(day, buf);
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
		/*
		 * Week 1 is the week holding 4 January; W53 exists in some
		 * years only. Arithmetic, not period_label and a compare: a
		 * `period` column is read on every row.
		 */
		int64_t first = period_of_day(days_from_civil(y, 1, 4), GRAIN_WEEK);
		int64_t next = period_of_day(days_from_civil(y + 1, 1, 4), GRAIN_WEEK);

		*p = first + w - 1;
		*g = GRAIN_WEEK;
		return *p < next ? 0 : -1;
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

/*
 * The local forms of exports. Chat and meeting exports write dates as the
 * exporting phone or tenant was set up: "15/01/2024, 09:58", "1/15/24,
 * 9:58:31 PM", "15.01.24"; mail writes RFC 5322 dates; a CSV may need a
 * strptime-style format. These readers turn them into UTC seconds here,
 * like every other date of coptools, with times read in the zone z.
 */

/* UTC seconds of a wall-clock time in zone z: day number and seconds of day. */
int64_t
time_from_local(struct tz *z, int64_t day, int64_t secs)
{
	return tz_local_to_utc(z, day * 86400 + secs);
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Up to max digits at s[*i], at least one; their value in *v. */
static int
take_number(const char *s, size_t n, size_t *i, int max, int64_t *v, int *len)
{
	size_t j = *i;

	*v = 0;
	while (j < n && is_digit(s[j]) && (int)(j - *i) < max)
		*v = *v * 10 + (s[j++] - '0');
	if (j == *i || (j < n && is_digit(s[j])))
		return -1;
	if (len != NULL)
		*len = (int)(j - *i);
	*i = j;
	return 0;
}

/* A space, a no-break space (U+00A0) or a narrow no-break space (U+202F). */
static size_t
space_at(const char *s, size_t n, size_t i)
{
	if (i < n && (s[i] == ' ' || s[i] == '\t'))
		return 1;
	if (i + 1 < n && (unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] == 0xa0)
		return 2;
	if (i + 2 < n && (unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
	    (unsigned char)s[i + 2] == 0xaf)
		return 3;
	return 0;
}

static size_t
skip_spaces(const char *s, size_t n, size_t i)
{
	size_t k;

	while ((k = space_at(s, n, i)) > 0)
		i += k;
	return i;
}

/* "AM", "pm", "a.m.", "P.M." at s[i]: 0 for am, 12 for pm, -1 if none. */
static int
meridiem(const char *s, size_t n, size_t *i)
{
	size_t j = *i;
	int half;

	if (j >= n || (lower(s[j]) != 'a' && lower(s[j]) != 'p'))
		return -1;
	half = lower(s[j]) == 'p' ? 12 : 0;
	j++;
	if (j < n && s[j] == '.')
		j++;
	if (j >= n || lower(s[j]) != 'm')
		return -1;
	j++;
	if (j < n && s[j] == '.')
		j++;
	if (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
		return -1;
	*i = j;
	return half;
}

/* An hour read with AM/PM (1 to 12) on the 24-hour clock. */
static int
hour24(int64_t h, int half, int64_t *out)
{
	if (half < 0) {
		*out = h;
		return h > 23 ? -1 : 0;
	}
	if (h < 1 || h > 12)
		return -1;
	*out = h % 12 + half;
	return 0;
}

/* "H:MM[:SS][.frac][ AM]" at s[*i] into seconds of the day. */
static int
scan_clock(const char *s, size_t n, size_t *i, int64_t *secs)
{
	int64_t h, m, sec = 0;
	size_t j = *i, k;
	int half;

	if (take_number(s, n, &j, 2, &h, NULL) || j >= n || s[j++] != ':' ||
	    take_number(s, n, &j, 2, &m, NULL) || m > 59)
		return -1;
	if (j < n && s[j] == ':') {
		j++;
		if (take_number(s, n, &j, 2, &sec, NULL) || sec > 60)
			return -1;
		if (j + 1 < n && (s[j] == '.' || s[j] == ',') && is_digit(s[j + 1]))
			for (j++; j < n && is_digit(s[j]); j++)
				;
	}
	k = skip_spaces(s, n, j);
	half = meridiem(s, n, &k);
	if (half >= 0)
		j = k;
	if (hour24(h, half, &h))
		return -1;
	*secs = h * 3600 + m * 60 + sec;
	*i = j;
	return 0;
}

/*
 * A numeric date and an optional clock: "15/01/2024, 09:58",
 * "1.15.24 9:58:31 PM", "2024-01-15 09:58". The three numbers are kept in
 * the order written, for numdate_order and numdate_time to interpret.
 * *used is the number of bytes read. Returns 0, or -1 if s does not start so.
 */
int
numdate_scan(const char *s, size_t n, struct numdate *d, size_t *used)
{
	size_t i = 0, k;
	char sep = 0;
	int f;

	memset(d, 0, sizeof *d);
	for (f = 0; f < 3; f++) {
		if (take_number(s, n, &i, 4, &d->f[f], &d->len[f]))
			return -1;
		if (f == 0) {
			if (i >= n || (s[i] != '/' && s[i] != '.' && s[i] != '-'))
				return -1;
			sep = s[i++];
		} else if (f == 1) {
			if (i >= n || s[i] != sep)
				return -1;
			i++;
		}
	}
	if (i < n && s[i] == '.' && sep == '.')
		i++;
	*used = i;
	k = i;
	if (k < n && s[k] == ',')
		k++;
	k = skip_spaces(s, n, k);
	if (k < n && s[k] == 'T' && k == i)
		k++;
	if (k > i && scan_clock(s, n, &k, &d->secs) == 0) {
		d->has_time = 1;
		*used = k;
	}
	return 0;
}

/*
 * What a date says of its own order: a four-digit first number is a year,
 * a first number above 12 can only be a day, a second above 12 only a day
 * after a month. DATE_ORDER_NONE when every reading is possible.
 */
enum date_order
numdate_order(const struct numdate *d)
{
	if (d->len[0] >= 3)
		return DATE_YMD;
	if (d->f[0] > 12)
		return DATE_DMY;
	if (d->f[1] > 12)
		return DATE_MDY;
	return DATE_ORDER_NONE;
}

/* A two-digit year as POSIX strptime reads %y: 69-99 are 1969-1999. */
static int
full_year(int64_t y, int len, int64_t *out)
{
	if (len == 2)
		*out = y < 69 ? 2000 + y : 1900 + y;
	else if (len == 4)
		*out = y;
	else
		return -1;
	return *out >= 1 ? 0 : -1;
}

static int
valid_date(int64_t y, int64_t m, int64_t d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= days_in_month((int)y, (int)m);
}

/* The UTC time of a scanned numeric date read in order o, in zone z. */
int
numdate_time(struct tz *z, const struct numdate *d, enum date_order o, int64_t *t)
{
	int64_t y, m, day;
	int yi, mi, di;

	switch (o) {
	case DATE_DMY:
		di = 0, mi = 1, yi = 2;
		break;
	case DATE_MDY:
		mi = 0, di = 1, yi = 2;
		break;
	case DATE_YMD:
		yi = 0, mi = 1, di = 2;
		break;
	default:
		return -1;
	}
	if (d->len[mi] > 2 || d->len[di] > 2 || full_year(d->f[yi], d->len[yi], &y))
		return -1;
	m = d->f[mi];
	day = d->f[di];
	if (!valid_date(y, m, day))
		return -1;
	*t = time_from_local(z, days_from_civil(y, (int)m, (int)day), d->secs);
	return 0;
}

int
date_order_parse(const char *s, enum date_order *o)
{
	if (strcmp(s, "dmy") == 0)
		*o = DATE_DMY;
	else if (strcmp(s, "mdy") == 0)
		*o = DATE_MDY;
	else if (strcmp(s, "ymd") == 0)
		*o = DATE_YMD;
	else
		return -1;
	return 0;
}

const char *
date_order_name(enum date_order o)
{
	return o == DATE_DMY ? "dmy" : o == DATE_MDY ? "mdy" : o == DATE_YMD ? "ymd" : "none";
}

/* Month and weekday names, English, for %b, %a and mail dates. */

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};
static const char *const day_names[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
};

/*
 * The name at s[*i] among names: its full spelling or its first three
 * letters, case ignored. Returns its index, or -1.
 */
static int
take_name(const char *s, size_t n, size_t *i, const char *const *names, int count)
{
	size_t j = *i, len;
	int k;

	while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
		j++;
	len = j - *i;
	for (k = 0; k < count && len >= 3; k++) {
		size_t m;

		if (len > strlen(names[k]) || (len != 3 && len != strlen(names[k])))
			continue;
		for (m = 0; m < len && lower(s[*i + m]) == names[k][m]; m++)
			;
		if (m == len) {
			*i = j;
			return k;
		}
	}
	return -1;
}

/* A strptime-style format, our own: the fields it has read so far. */
struct fmt_fields {
	int64_t y, m, d, h, min, sec, off, unix_t;
	int ylen, half, twelve, has_date, has_off, has_unix;
};

static int
fmt_number(const char *s, size_t n, size_t *i, int max, int64_t lo, int64_t hi, int64_t *v)
{
	size_t j = *i;

	if (j < n && s[j] == ' ' && max > 1)	/* %e pads with a space */
		j++;
	if (take_number(s, n, &j, max, v, NULL) || *v < lo || *v > hi)
		return -1;
	*i = j;
	return 0;
}

static int
fmt_offset(const char *s, size_t n, size_t *i, int64_t *off)
{
	size_t j = *i, len;

	if (j < n && (s[j] == 'Z' || s[j] == 'z')) {
		*off = 0;
		*i = j + 1;
		return 0;
	}
	for (len = 1; j + len < n && (is_digit(s[j + len]) || s[j + len] == ':') && len < 6; len++)
		;
	if (parse_offset(s + j, len, off))
		return -1;
	*i = j + len;
	return 0;
}

/* Integer Unix seconds at s[*i], with an optional minus sign. */
static int
parse_unix_prefix(const char *s, size_t n, size_t *i, int64_t *t)
{
	size_t j = *i + (*i < n && s[*i] == '-');
	size_t k = j;

	while (k < n && is_digit(s[k]) && k - j < 12)
		k++;
	if (k == j || parse_unix(s + *i, k - *i, t))
		return -1;
	*i = k;
	return 0;
}

static int fmt_conv(char c, const char *s, size_t n, size_t *i, struct fmt_fields *f);

/* The conversions that stand for several others. */
static int
fmt_compound(const char *sub, const char *s, size_t n, size_t *i, struct fmt_fields *f)
{
	for (; *sub; sub++) {
		if (*sub == '%') {
			if (fmt_conv(*++sub, s, n, i, f))
				return -1;
		} else if (*i >= n || s[(*i)++] != *sub)
			return -1;
	}
	return 0;
}

static int
fmt_conv(char c, const char *s, size_t n, size_t *i, struct fmt_fields *f)
{
	int k, len;

	switch (c) {
	case 'Y':
		f->has_date |= 1;
		if (take_number(s, n, i, 4, &f->y, &len))
			return -1;
		f->ylen = 4;
		return 0;
	case 'y':
		f->has_date |= 1;
		f->ylen = 2;
		return fmt_number(s, n, i, 2, 0, 99, &f->y);
	case 'm':
		f->has_date |= 2;
		return fmt_number(s, n, i, 2, 1, 12, &f->m);
	case 'b': case 'B': case 'h':
		f->has_date |= 2;
		if ((k = take_name(s, n, i, month_names, 12)) < 0)
			return -1;
		f->m = k + 1;
		return 0;
	case 'd': case 'e':
		f->has_date |= 4;
		return fmt_number(s, n, i, 2, 1, 31, &f->d);
	case 'a': case 'A':
		return take_name(s, n, i, day_names, 7) < 0 ? -1 : 0;
	case 'H': case 'k':
		return fmt_number(s, n, i, 2, 0, 23, &f->h);
	case 'I': case 'l':
		f->twelve = 1;
		return fmt_number(s, n, i, 2, 1, 12, &f->h);
	case 'M':
		return fmt_number(s, n, i, 2, 0, 59, &f->min);
	case 'S':
		return fmt_number(s, n, i, 2, 0, 60, &f->sec);
	case 'f':
		if (*i >= n || !is_digit(s[*i]))
			return -1;
		while (*i < n && is_digit(s[*i]))
			(*i)++;
		return 0;
	case 'p':
		if ((k = meridiem(s, n, i)) < 0)
			return -1;
		f->half = k;
		return 0;
	case 'z':
		f->has_off = 1;
		return fmt_offset(s, n, i, &f->off);
	case 's':
		f->has_unix = 1;
		return parse_unix_prefix(s, n, i, &f->unix_t);
	case 'T':
		return fmt_compound("%H:%M:%S", s, n, i, f);
	case 'R':
		return fmt_compound("%H:%M", s, n, i, f);
	case 'D':
		return fmt_compound("%m/%d/%y", s, n, i, f);
	case 'F':
		return fmt_compound("%Y-%m-%d", s, n, i, f);
	case 'n': case 't':
		*i = skip_spaces(s, n, *i);
		return 0;
	case '%':
		return *i < n && s[(*i)++] == '%' ? 0 : -1;
	}
	return -1;
}

/* Turn the fields a format has read into UTC seconds. */
static int
fmt_finish(struct tz *z, struct fmt_fields *f, int64_t *t)
{
	int64_t y, h, day;

	if (f->has_unix) {	/* years 1-9999, as every other form: 5 digits break TSV v1 */
		*t = f->unix_t;
		return *t < TIME_MIN || *t > TIME_MAX ? -1 : 0;
	}
	if (f->has_date != 7 || full_year(f->y, f->ylen, &y) || !valid_date(y, f->m, f->d))
		return -1;
	h = f->h;
	if (f->twelve && (f->half < 0 || hour24(f->h, f->half, &h)))
		return -1;
	day = days_from_civil(y, (int)f->m, (int)f->d);
	if (f->has_off)
		*t = day * 86400 + h * 3600 + f->min * 60 + f->sec - f->off;
	else
		*t = time_from_local(z, day, h * 3600 + f->min * 60 + f->sec);
	return *t < TIME_MIN || *t > TIME_MAX ? -1 : 0;
}

/*
 * Read s with a strptime-style format of our own (time_format_check lists
 * the conversions): the whole of s must match. A space in the format
 * matches any run of spaces, no-break spaces included, or none. Times
 * without %z are wall-clock times in zone z.
 */
int
time_parse_format(struct tz *z, const char *fmt, const char *s, size_t n, int64_t *t)
{
	struct fmt_fields f;
	size_t i = 0;

	memset(&f, 0, sizeof f);
	f.half = -1;
	for (; *fmt; fmt++) {
		if (*fmt == '%') {
			if (fmt_conv(*++fmt, s, n, &i, &f))
				return -1;
		} else if (*fmt == ' ')
			i = skip_spaces(s, n, i);
		else if (i >= n || s[i++] != *fmt)
			return -1;
	}
	if (i != n)
		return -1;
	return fmt_finish(z, &f, t);
}

/*
 * Check a format before any data is read: NULL if it is usable, else what
 * is wrong with it, for a usage message.
 */
const char *
time_format_check(const char *fmt)
{
	static const char conv[] = "YymbBhdeaAHkIlMSfpzsTRDFnt%";
	int date = 0, twelve = 0, half = 0, unix_t = 0;

	for (; *fmt; fmt++) {
		if (*fmt != '%')
			continue;
		if (*++fmt == '\0' || strchr(conv, *fmt) == NULL)
			return "an unknown conversion (known: %Y %y %m %b %B %h %d %e %a %A %H %k "
			    "%I %l %M %S %f %p %z %s %T %R %D %F %n %t %%)";
		date |= strchr("Yy", *fmt) ? 1 : strchr("mbBh", *fmt) ? 2 :
		    strchr("de", *fmt) ? 4 : strchr("DF", *fmt) ? 7 : 0;
		twelve |= strchr("Il", *fmt) != NULL;
		half |= *fmt == 'p';
		unix_t |= *fmt == 's';
	}
	if (!unix_t && date != 7)
		return "no complete date (a year, a month and a day, or %s)";
	if (twelve && !half)
		return "a 12-hour %I without %p";
	return NULL;
}

/* Mail dates: RFC 5322 "Sat, 14 Nov 2015 21:29:28 +0100", and asctime. */

/* The obsolete zone names RFC 5322 section 4.3 still asks readers to know. */
static int
mail_zone(const char *s, size_t n, size_t *i, int64_t *off)
{
	static const struct { const char *name; int hours; } zones[] = {
		{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 },
		{ "est", -5 }, { "edt", -4 }, { "cst", -6 }, { "cdt", -5 },
		{ "mst", -7 }, { "mdt", -6 }, { "pst", -8 }, { "pdt", -7 }
	};
	size_t j = *i, k, len;

	if (j < n && (s[j] == '+' || s[j] == '-')) {
		for (len = 1; j + len < n && is_digit(s[j + len]) && len < 5; len++)
			;
		if (len != 5 || parse_offset(s + j, 5, off))
			return -1;
		*i = j + 5;
		return 0;
	}
	while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
		j++;
	len = j - *i;
	if (len == 0)
		return -1;
	*off = 0;	/* RFC 5322: an unknown zone name reads as -0000 */
	for (k = 0; k < sizeof zones / sizeof zones[0]; k++)
		if (strlen(zones[k].name) == len && lower(s[*i]) == zones[k].name[0] &&
		    (len < 2 || lower(s[*i + 1]) == zones[k].name[1]) &&
		    (len < 3 || lower(s[*i + 2]) == zones[k].name[2]))
			*off = zones[k].hours * 3600;
	*i = j;
	return 0;
}

/* RFC 5322's year: two digits are 1950-2049, three are added to 1900. */
static int64_t
mail_year(int64_t y, int len)
{
	if (len == 2)
		return y < 50 ? 2000 + y : 1900 + y;
	if (len == 3)
		return 1900 + y;
	return y;
}

/* "H:MM[:SS]" at s[*i], 24-hour. */
static int
mail_clock(const char *s, size_t n, size_t *i, int64_t *secs)
{
	int64_t h, m, sec = 0;
	size_t j = *i;

	if (take_number(s, n, &j, 2, &h, NULL) || h > 23 || j >= n || s[j++] != ':' ||
	    take_number(s, n, &j, 2, &m, NULL) || m > 59)
		return -1;
	if (j < n && s[j] == ':' && (j++, take_number(s, n, &j, 2, &sec, NULL) || sec > 60))
		return -1;
	*secs = h * 3600 + m * 60 + sec;
	*i = j;
	return 0;
}

static size_t
mail_skip(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == ','))
		i++;
	return i;
}

/*
 * A mail date: RFC 5322's "[Day,] D Mon YYYY HH:MM[:SS] ZONE" (a comment
 * after it ignored), or the asctime form of mbox From_ lines, "Sat Nov 14
 * 21:29:28 2015", which has no zone and is read in zone z; so is a 5322
 * date without one.
 */
int
time_parse_mail(struct tz *z, const char *s, size_t n, int64_t *t)
{
	int64_t day, y, d, secs, off = 0;
	size_t i = mail_skip(s, n, 0), save;
	int m, ylen, has_off = 0;

	save = i;
	if (take_name(s, n, &i, day_names, 7) < 0)
		i = save;
	i = mail_skip(s, n, i);
	if (i < n && is_digit(s[i])) {	/* RFC 5322 */
		if (take_number(s, n, &i, 2, &d, NULL))
			return -1;
		i = mail_skip(s, n, i);
		if ((m = take_name(s, n, &i, month_names, 12)) < 0)
			return -1;
		i = mail_skip(s, n, i);
		if (take_number(s, n, &i, 4, &y, &ylen))
			return -1;
		y = mail_year(y, ylen);
		i = mail_skip(s, n, i);
		if (mail_clock(s, n, &i, &secs))
			return -1;
		i = mail_skip(s, n, i);
		if (i < n && s[i] != '(')
			has_off = mail_zone(s, n, &i, &off) == 0;
	} else {			/* asctime */
		if ((m = take_name(s, n, &i, month_names, 12)) < 0)
			return -1;
		i = mail_skip(s, n, i);
		if (take_number(s, n, &i, 2, &d, NULL))
			return -1;
		i = mail_skip(s, n, i);
		if (mail_clock(s, n, &i, &secs))
			return -1;
		i = mail_skip(s, n, i);
		if (take_number(s, n, &i, 4, &y, &ylen) || ylen != 4)
			return -1;
	}
	if (!valid_date(y, m + 1, d))
		return -1;
	day = days_from_civil(y, m + 1, (int)d);
	*t = has_off ? day * 86400 + secs - off : time_from_local(z, day, secs);
	return *t < TIME_MIN || *t > TIME_MAX ? -1 : 0;
}
