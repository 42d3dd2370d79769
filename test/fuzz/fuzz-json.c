/*
 * fuzz-json.c: the streaming JSON reader of cop-import (src/json.c), as
 * the Slack and Discord formats use it: tokens one by one, and records
 * read whole into an arena, then looked into with jv_get and jv_str.
 * The first byte chooses the way; an error must stay an error.
 *
 * needs: src/json.c src/input.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cop.h"
#include "sandbox.h"

struct fuzz_input {
	const uint8_t *data;
	size_t size;
	int whole;
};

/* Look into a value as the formats do. */
static void
fuzz_walk(const struct jv *v, int depth)
{
	const struct jv *c;
	size_t n;

	if (depth > 64)
		return;
	(void)jv_str(v, &n);
	(void)jv_truthy(v);
	if (v->type == JV_OBJECT) {
		(void)jv_get(v, "text");
		(void)jv_get(v, "user");
	}
	for (c = v->child; c != NULL; c = c->next)
		fuzz_walk(c, depth + 1);
}

static void
fuzz_main(void *arg)
{
	struct fuzz_input *fi = arg;
	struct input in;
	struct json j;
	struct jarena a;
	struct jv *v;
	int tok, n = 0;

	memset(&a, 0, sizeof a);
	input_mem(&in, "fuzz", fi->data, fi->size);
	json_init(&j, &in);
	if (fi->whole) {
		tok = json_next(&j);
		if (tok == JSON_ARR_BEGIN) {	/* an array of records, as Slack's files */
			while ((tok = json_next(&j)) != JSON_ARR_END && tok != JSON_ERROR &&
			    tok != JSON_EOF && n++ < 10000) {
				jarena_reset(&a);
				if (json_read_from(&j, &a, tok, &v) != 0)
					break;
				fuzz_walk(v, 0);
			}
		} else if (tok != JSON_ERROR && tok != JSON_EOF) {
			if (json_read_from(&j, &a, tok, &v) == 0)
				fuzz_walk(v, 0);
		}
	} else {
		while ((tok = json_next(&j)) != JSON_EOF && tok != JSON_ERROR)
			;
		if (tok == JSON_ERROR)
			sandbox_check(json_next(&j) == JSON_ERROR, "an error stays an error");
	}
	jarena_free(&a);
	json_free(&j);
	input_close(&in);
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
	struct fuzz_input fi;

	if (size < 1)
		return 0;
	fi.whole = data[0] & 1;
	fi.data = data + 1;
	fi.size = size - 1;
	sandbox_run(fuzz_main, &fi, 0);
	return 0;
}
