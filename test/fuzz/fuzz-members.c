/*
 * fuzz-members.c: the members directory of -M (src/members.c): roles,
 * units, joined times and aliases. After a directory loads, every handle
 * it names must resolve to one member whose canonical handle resolves to
 * the same member, and handles from the data (the lines of the input
 * again) must intern to stable ids.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cop.h"
#include "sandbox.h"

struct fuzz_input {
	char path[4096];
	const uint8_t *data;
	size_t size;
	struct tz tz;
};

static void
check_handles(struct members *d)
{
	const struct handle_slot *s;
	size_t i;
	uint32_t id;

	for (i = 0; i < d->nindex; i++) {
		s = &d->index[i];
		if (s->n1 == 0)
			continue;
		id = s->id;
		sandbox_check(id < d->names.n, "a handle's member exists");
		sandbox_check(members_intern(d, d->handle_bytes + s->off, s->n1 - 1) == id,
		    "a handle resolves to its member");
		sandbox_check(members_intern(d, d->names.str[id], d->names.len[id]) == id,
		    "a member's canonical handle resolves to the member");
		(void)members_role(d, id);
		(void)members_unit(d, id);
		(void)members_is_bot(d, id);
	}
}

/* Intern each line of the input as a handle from the data, twice. */
static void
intern_lines(struct members *d, const uint8_t *p, size_t n)
{
	const uint8_t *end = p + n, *nl;
	uint32_t id;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		id = members_intern(d, (const char *)p, (size_t)(nl - p));
		sandbox_check(members_intern(d, (const char *)p, (size_t)(nl - p)) == id,
		    "interning is stable");
	}
}

static void
run(void *arg)
{
	static const char *const lead[] = { "coordinator", "sponsor", NULL };
	struct fuzz_input *in = arg;
	struct members d;

	members_init(&d);
	members_load(&d, in->path, &in->tz);
	check_handles(&d);
	intern_lines(&d, in->data, in->size);
	if (d.names.n > 0)
		(void)members_has_role(&d, 0, lead);
	members_free(&d);
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

	tz_init(&in.tz, "UTC");
	in.data = data;
	in.size = size;
	sandbox_file("members", data, size, in.path, sizeof in.path);
	sandbox_run(run, &in, 0);
	return 0;
}
