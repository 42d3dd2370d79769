/*
 * fuzz-mbox.c: the mbox reader of cop-import (src/mbox.c) and what is
 * read from each message's header: RFC 2047 encoded words, the mailbox
 * of From, message ids of In-Reply-To and References, and the Date
 * (time_parse_mail, src/time.c).
 *
 * needs: src/mbox.c src/input.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cop.h"
#include "sandbox.h"

struct fuzz_input {
	const uint8_t *data;
	size_t size;
	struct tz tz;
};

static void
fuzz_fields(struct mail *m, struct tz *z)
{
	struct buf name, addr, subject;
	const char *p;
	size_t n, k;
	int64_t t;

	memset(&name, 0, sizeof name);
	memset(&addr, 0, sizeof addr);
	memset(&subject, 0, sizeof subject);
	mail_mailbox(m->field[MAIL_FROM].p, m->field[MAIL_FROM].n, &name, &addr);
	rfc2047_decode(m->field[MAIL_SUBJECT].p, m->field[MAIL_SUBJECT].n, &subject);
	for (k = 0; k < 4; k++)
		if (mail_msgid(m->field[MAIL_REFERENCES].p, m->field[MAIL_REFERENCES].n, (int)k,
		    &p, &n) == 0)
			sandbox_check(p >= m->field[MAIL_REFERENCES].p && p + n <=
			    m->field[MAIL_REFERENCES].p + m->field[MAIL_REFERENCES].n,
			    "a message id lies in its field");
	(void)mail_msgid(m->field[MAIL_IN_REPLY_TO].p, m->field[MAIL_IN_REPLY_TO].n, 0, &p, &n);
	if (time_parse_mail(z, m->field[MAIL_DATE].p, m->field[MAIL_DATE].n, &t) == 0)
		sandbox_check(t >= -62135596800LL && t <= 253402300799LL, "a mail date in years 1-9999");
	(void)time_parse_mail(z, m->from_line.p, m->from_line.n, &t);
	buf_free(&name);
	buf_free(&addr);
	buf_free(&subject);
}

static void
fuzz_main(void *arg)
{
	struct fuzz_input *fi = arg;
	struct input in;
	struct mbox m;
	int r, n = 0;

	input_mem(&in, "fuzz", fi->data, fi->size);
	mbox_init(&m, &in);
	while ((r = mbox_next(&m)) > 0 && n++ < 100000)
		fuzz_fields(&m.mail, &fi->tz);
	mbox_free(&m);
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
	static struct fuzz_input fi;

	tz_init(&fi.tz, "UTC");
	fi.data = data;
	fi.size = size;
	sandbox_run(fuzz_main, &fi, 0);
	return 0;
}
