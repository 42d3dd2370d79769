/*
 * fuzz-prog.c: a whole program, its options and its input path, built
 * once per program with -DPROG_SRC="../../src/cop-NAME.c": its main()
 * becomes prog_main() and runs in the sandbox. The input is
 *
 *	OPTIONS LINE\n[MEMBERS DIRECTORY\n%%\n]EVENTS
 *
 * The options line is split at spaces into arguments; "@M" stands for the
 * members directory's path and "@E" for the events file's (put last if
 * absent); "@T" makes standard output a terminal, for aligned tables.
 * Other arguments holding "/" are dropped, and the working directory is
 * empty, so no made-up name reaches a real file; so is the word "git",
 * for which cop-import would run git(1).
 */
#define main prog_main
#include PROG_SRC
#undef main

#include <string.h>
#include <unistd.h>

#include "sandbox.h"

/* The harness's names start with fuzz_: the program's own statics are in scope. */
#define FUZZ_MAXARGS 24

struct fuzz_call {
	int argc;
	char *argv[FUZZ_MAXARGS + 2];
};

static void
fuzz_main(void *arg)
{
	struct fuzz_call *c = arg;

	prog_main(c->argc, c->argv);
	out_close();
}

/* Split the options line into c->argv, in place. */
static void
fuzz_split_args(struct fuzz_call *c, char *line, char *members, char *events)
{
	char *tok, *save = NULL;
	int have_events = 0;

	c->argc = 0;
	c->argv[c->argc++] = PROG_NAME;
	sandbox_tty = 0;
	for (tok = strtok_r(line, " ", &save); tok != NULL && c->argc < FUZZ_MAXARGS;
	    tok = strtok_r(NULL, " ", &save)) {
		if (strcmp(tok, "@T") == 0) {
			sandbox_tty = 1;
			continue;
		}
		if (strcmp(tok, "@M") == 0)
			tok = members;
		else if (strcmp(tok, "@E") == 0) {
			tok = events;
			have_events = 1;
		} else if (strchr(tok, '/') != NULL || strcmp(tok, "git") == 0)
			continue;
		c->argv[c->argc++] = tok;
	}
	if (!have_events)
		c->argv[c->argc++] = events;
	c->argv[c->argc] = NULL;
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
	static char members[4096], events[4096];
	const uint8_t *nl = memchr(data, '\n', size), *rest, *sep;
	size_t nrest;
	char *line;
	struct fuzz_call c;

	if (nl == NULL || nl - data > 400)
		return 0;
	line = strndup((const char *)data, (size_t)(nl - data));
	rest = nl + 1;
	nrest = size - (size_t)(rest - data);
	sep = memmem(rest, nrest, "\n%%\n", 4);
	if (sep != NULL) {
		sandbox_file("members", rest, (size_t)(sep - rest) + 1, members, sizeof members);
		nrest -= (size_t)(sep + 4 - rest);
		rest = sep + 4;
	} else
		sandbox_file("members", "", 0, members, sizeof members);
	sandbox_file("events", rest, nrest, events, sizeof events);
	fuzz_split_args(&c, line, members, events);
	memset(&opt, 0, sizeof opt);
	optind = 0;
	sandbox_run(fuzz_main, &c, 1);
	out_reset();	/* a run that died writing to -o FILE left the writer there */
	free(line);
	return 0;
}
