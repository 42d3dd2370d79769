/*
 * fuzz-events.c: the events layer (src/events.c) with what every stage
 * builds on it: the member x week table (agg.c) and the levels sweep
 * (levels.c). The first byte chooses -k, a --since/--until window, the
 * zone and -f mappings; a line "%%" ends a members directory before the
 * events. Besides crashes, hangs and sanitizer reports it checks that the
 * second pass reads exactly the events of the first, in the same order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cop.h"
#include "sandbox.h"

enum { F_SKIP = 1, F_SINCE = 2, F_UNTIL = 4, F_ZONE = 8, F_MAP = 16, F_MEMBERS = 32,
	F_MONTH = 64 };

struct fuzz_input {
	unsigned flags;
	char members[4096], events[4096];
};

static uint64_t
mix(uint64_t h, const struct event *e)
{
	uint64_t v[6];

	v[0] = (uint64_t)e->time;
	v[1] = (uint64_t)e->day;
	v[2] = e->member;
	v[3] = e->action;
	v[4] = ((uint64_t)e->venue << 32) | e->community;
	v[5] = ((uint64_t)e->kind << 33) | ((uint64_t)e->excluded << 32) | e->reply_to;
	return hash_bytes(v, sizeof v) ^ (h * 0x100000001b3ULL);
}

static void
nothing(void *ctx, uint32_t community, int64_t period, const struct level_stat *st, size_t n)
{
	size_t i;

	(void)ctx, (void)community, (void)period;
	for (i = 0; i < n; i++)
		sandbox_check(st[i].level >= LEVEL_PERIPHERAL && st[i].level <= LEVEL_CORE,
		    "a member in the window has a level");
}

static void
run(void *arg)
{
	struct fuzz_input *in = arg;
	struct level_params lp;
	struct weights w;
	struct common c;
	struct members dir;
	struct events ev;
	struct event e;
	struct agg a;
	char *files[1];
	uint64_t h1 = 0, h2 = 0, n1 = 0, n2 = 0;

	common_init(&c);
	memset(&w, 0, sizeof w);
	c.skip_bad = in->flags & F_SKIP;
	c.since_arg = in->flags & F_SINCE ? "2020-01-01" : NULL;
	c.until_arg = in->flags & F_UNTIL ? "2024-06-30T12:00:00+02:00" : NULL;
	c.tz.name = in->flags & F_ZONE ? "Europe/Paris" : NULL;
	if (in->flags & F_MAP)
		colmap_add(&c.map, "member=2,action=who");
	common_finish(&c);
	members_init(&dir);
	if (in->flags & F_MEMBERS)
		members_load(&dir, in->members, &c.tz);
	files[0] = in->events;
	if (events_open(&ev, files, 1, 1, &c, &dir)) {
		events_extra_column(&ev, "level");
		agg_init(&a, in->flags & F_MONTH ? GRAIN_MONTH : GRAIN_WEEK, &w);
		while (events_next(&ev, &e)) {
			h1 = mix(h1, &e);
			n1++;
			if (!e.excluded)
				agg_add(&a, &ev, &e);
			(void)events_name(&ev.venues, e.venue);
		}
		levels_defaults(&lp);
		levels_sweep(&a, dir.names.n, &lp, a.mp.n ? period_of_day(tz_day(&c.tz, a.last),
		    a.grain) : INT64_MIN, nothing, NULL);
		events_rewind(&ev);
		while (events_next(&ev, &e)) {
			h2 = mix(h2, &e);
			n2++;
		}
		sandbox_check(n1 == n2 && h1 == h2, "the second pass reads the events of the first");
		sandbox_check(ev.rows == n1, "every event is counted once");
		agg_free(&a);
	}
	events_close(&ev);
	members_free(&dir);
	weights_free(&w);
	common_free(&c);
}

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
	static struct fuzz_input in;
	const uint8_t *sep;

	if (size < 1)
		return 0;
	in.flags = data[0];
	data++, size--;
	sep = memmem(data, size, "\n%%\n", 4);
	if (sep != NULL) {
		sandbox_file("members", data, (size_t)(sep - data) + 1, in.members, sizeof in.members);
		size -= (size_t)(sep + 4 - data);
		data = sep + 4;
	} else {
		sandbox_file("members", "member\n", 7, in.members, sizeof in.members);
	}
	sandbox_file("events", data, size, in.events, sizeof in.events);
	sandbox_run(run, &in, 0);
	return 0;
}
