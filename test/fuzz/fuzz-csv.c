/*
 * fuzz-csv.c: the CSV reader of cop-import (src/csv.c, RFC 4180 and what
 * exporters write instead) over the byte source of src/input.c, which
 * skips a byte order mark and decodes UTF-16. The first byte picks the
 * delimiter. A record read must have fields inside it, and a broken one
 * must leave the reader able to go on, as -k needs.
 *
 * needs: src/csv.c src/input.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cop.h"
#include "sandbox.h"

struct fuzz_input {
	const uint8_t *data;
	size_t size;
	char delim;
};

static void
fuzz_main(void *arg)
{
	struct fuzz_input *fi = arg;
	struct input in;
	struct csv c;
	size_t i;
	int r;

	input_mem(&in, "fuzz", fi->data, fi->size);
	csv_init(&c, &in, fi->delim);
	while ((r = csv_next(&c)) != 0) {
		if (r < 0) {
			sandbox_check(c.err[0] != '\0', "a broken record says why");
			continue;
		}
		sandbox_check(c.nf >= 1, "a record has a field");
		for (i = 0; i < c.nf; i++)
			sandbox_check(c.f[i].p >= c.rec.p && c.f[i].p + c.f[i].n <= c.rec.p + c.rec.n,
			    "a field lies in its record");
	}
	csv_free(&c);
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
	static const char delims[] = ",;\t|";
	struct fuzz_input fi;

	if (size < 1)
		return 0;
	fi.delim = delims[data[0] % 4];
	fi.data = data + 1;
	fi.size = size - 1;
	sandbox_run(fuzz_main, &fi, 0);
	return 0;
}
