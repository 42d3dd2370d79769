/*
 * opts.c: the options every program shares (coptools(7)), parsed in one
 * place so -M, -f, -k, --since, --until and --tz mean the same everywhere.
 * A program's getopt_long loop hands each option to common_option first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cop.h"

const char *const column_names[NCOLS_STD] = {
	"time", "member", "action", "venue", "thread", "reply_to", "community"
};

/*
 * What a program prints through stdio (--help, --version) is flushed only
 * at exit: check it there, so that a full disk is an error, not silence.
 */
static void
check_stdout(void)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		warnmsg("stdout: write error:");
		_exit(EXIT_DATA);
	}
}

void
common_init(struct common *c)
{
	static int registered;

	memset(c, 0, sizeof *c);
	if (!registered++) {
		atexit(check_stdout);
		hugepage_init();	/* before the first large block */
	}
}

static int
is_column_name(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < NCOLS_STD; i++)
		if (strlen(column_names[i]) == n && strncmp(column_names[i], s, n) == 0)
			return 1;
	return 0;
}

/* Add the pairs of "-f NAME=COL[,NAME=COL...]" to the mapping. */
void
colmap_add(struct colmap *m, const char *arg)
{
	char *copy = xstrdup(arg), *pair, *save = NULL, *eq;

	for (pair = strtok_r(copy, ",", &save); pair; pair = strtok_r(NULL, ",", &save)) {
		eq = strchr(pair, '=');
		if (eq == NULL || eq == pair || eq[1] == '\0')
			die_usage("-f: \"%s\" is not NAME=COL", pair);
		if (!is_column_name(pair, (size_t)(eq - pair)))
			die_usage("-f: \"%.*s\" is not a column of ours (time, member, action, "
			    "venue, thread, reply_to, community)", (int)(eq - pair), pair);
		xgrow(&m->name, &m->cap, m->n + 1, sizeof *m->name);
		m->col = xreallocarray(m->col, m->cap, sizeof *m->col);
		m->name[m->n] = xmemdup(pair, (size_t)(eq - pair));
		m->col[m->n++] = xstrdup(eq + 1);
	}
	free(copy);
	if (m->n == 0)
		die_usage("-f: \"%s\" is not NAME=COL", arg);
}

/* Handle one shared option; returns 0 if opt is not one of them. */
int
common_option(struct common *c, int opt, const char *arg)
{
	switch (opt) {
	case 'M':
		c->members = arg;
		break;
	case 'f':
		colmap_add(&c->map, arg);
		break;
	case 'k':
		c->skip_bad = 1;
		break;
	case OPT_SINCE:
		c->since_arg = arg;
		break;
	case OPT_UNTIL:
		c->until_arg = arg;
		break;
	case OPT_TZ:
		c->tz.name = arg;
		break;
	case OPT_VERSION:
		printf("%s (coptools) %s\n", progname, VERSION);
		exit(0);
	default:
		return 0;
	}
	return 1;
}

static int64_t
parse_time_option(struct tz *z, const char *opt, const char *arg)
{
	int64_t t;

	if (time_parse(z, arg, strlen(arg), &t) != 0)
		die_usage("%s: cannot parse \"%s\" (a time as in cop-events(5), "
		    "e.g. 2024-03-05 or 2024-03-05T14:02:11Z)", opt, arg);
	return t;
}

/* After the options: set up the zone, then read the times it governs. */
void
common_finish(struct common *c)
{
	tz_init(&c->tz, c->tz.name);
	if (c->since_arg) {
		c->since = parse_time_option(&c->tz, "--since", c->since_arg);
		c->has_since = 1;
	}
	if (c->until_arg) {
		c->until = parse_time_option(&c->tz, "--until", c->until_arg);
		c->has_until = 1;
	}
	if (c->has_since && c->has_until && c->until <= c->since)
		die_usage("--until %s is not after --since %s", c->until_arg, c->since_arg);
}

void
common_free(struct common *c)
{
	size_t i;

	for (i = 0; i < c->map.n; i++) {
		free((char *)c->map.name[i]);
		free((char *)c->map.col[i]);
	}
	free(c->map.name);
	free(c->map.col);
	free(c->zone_owned);
}
