/*
 * cop-import: real exports in, the event stream of cop-events(5) out.
 * Reads a CSV file, a Slack export folder, DiscordChatExporter files, a
 * WhatsApp chat, Zoom and Teams attendance reports, mbox archives or a
 * Git history, and writes TSV v1 with UTC times: who did what, when,
 * where, answering whom. cop-import(1) gives each format's exact mapping;
 * the formats live in import-*.c, what they share in import.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

static struct imp_opts opt;

static const struct format {
	const char *name;
	void (*run)(struct imp *, char **, size_t);
} formats[] = {
	{ "csv", import_csv },
	{ "slack", import_slack },
	{ "discord", import_discord },
	{ "whatsapp", import_whatsapp },
	{ "zoom", import_zoom },
	{ "teams", import_teams },
	{ "mbox", import_mbox },
	{ "git", import_git },
};
#define NFORMATS (sizeof formats / sizeof formats[0])

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: cop-import [-aktv] [-d DELIM] [-D ORDER] [-T FORMAT] [-f NAME=COL]\n"
"                  [-m FILE] [-n VENUE] [-B TIME] [-E TIME] [-z ZONE]\n"
"                  FORMAT [PATH ...]\n"
"       cop-import [OPTION ...] git [REPO] [-- REVISION ...]\n"
"Turn an export into the event stream (TSV v1, UTC times). FORMAT is one of\n"
"csv, slack, discord, whatsapp, zoom, teams, mbox, git.\n"
"\n"
"  -t, --text           add a text column with what people wrote\n"
"  -v, --verbose        print the rows written and records left out, by kind\n"
"  -m, --members-out FILE  also write a members directory of the handles seen\n"
"  -a, --by-address     key members on their e-mail address where there is one\n"
"  -n, --venue NAME     the venue of every row\n"
"  -D, --date-order ORDER  numeric dates are dmy, mdy or ymd (default: the\n"
"                       file decides, or the run stops)\n"
"  -z, --tz ZONE        the zone of times without an offset (default UTC)\n"
"  -d, --delimiter C    csv: the field delimiter (default ,)\n"
"  -f, --field NAME=COL csv: read column NAME (time, member, action, venue,\n"
"                       thread, reply_to, text) from COL, a name or number\n"
"  -T, --time-format FORMAT  csv: read times with a strptime-style FORMAT\n"
"  -k, --skip-bad       skip broken records, report them on stderr, go on\n"
"  -B, --since TIME     leave out rows before TIME\n"
"  -E, --until TIME     leave out rows at or after TIME\n"
"  -h, --help           print this help and exit\n"
"  -V, --version        print the version and exit\n");
}

/* -f pairs: "text" is ours here, the rest go through the shared -f. */
static void
add_fields(const char *arg)
{
	char *copy = xstrdup(arg), *pair, *save = NULL;
	struct colmap *m = &opt.c.map;

	for (pair = strtok_r(copy, ",", &save); pair; pair = strtok_r(NULL, ",", &save)) {
		if (strncmp(pair, "text=", 5) == 0 && pair[5] != '\0') {
			xgrow(&m->name, &m->cap, m->n + 1, sizeof *m->name);
			m->col = xreallocarray(m->col, m->cap, sizeof *m->col);
			m->name[m->n] = xstrdup("text");
			m->col[m->n++] = xstrdup(pair + 5);
		} else
			colmap_add(m, pair);
	}
	free(copy);
}

static char
delimiter(const char *arg)
{
	if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
		return '\t';
	if (strlen(arg) != 1 || arg[0] == '"' || arg[0] == '\n' || arg[0] == '\r')
		die_usage("-d: \"%s\" is not one character (other than a quote or a line end)",
		    arg);
	return arg[0];
}

/*
 * Arguments after "--" belong to the format: git's revisions, or paths
 * that start with '-'. They are cut off before getopt sees them.
 */
static int
split_revisions(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			opt.revs = argv + i + 1;
			opt.nrevs = (size_t)(argc - i - 1);
			opt.has_revs = 1;
			argv[i] = NULL;
			return i;
		}
	return argc;
}

static void
parse_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "text", no_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "members-out", required_argument, NULL, 'm' },
		{ "by-address", no_argument, NULL, 'a' },
		{ "venue", required_argument, NULL, 'n' },
		{ "date-order", required_argument, NULL, 'D' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "field", required_argument, NULL, 'f' },
		{ "time-format", required_argument, NULL, 'T' },
		{ "skip-bad", no_argument, NULL, 'k' },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "tz", required_argument, NULL, OPT_TZ },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	const char *why;
	int ch;

	common_init(&opt.c);
	opt.delim = ',';
	argc = split_revisions(argc, argv);
	while ((ch = getopt_long(argc, argv, "tvm:an:D:d:f:T:kB:E:z:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 't': opt.text = 1; break;
		case 'v': opt.verbose = 1; break;
		case 'm': opt.members_out = optarg; break;
		case 'a': opt.by_address = 1; break;
		case 'n': opt.venue = optarg; break;
		case 'd': opt.delim = delimiter(optarg); break;
		case 'f': add_fields(optarg); break;
		case 'T': opt.time_format = optarg; break;
		case 'D':
			if (date_order_parse(optarg, &opt.order) != 0)
				die_usage("--date-order: \"%s\" is not dmy, mdy or ymd", optarg);
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			if (common_option(&opt.c, ch, optarg))
				break;
			usage(stderr);
			exit(EXIT_USAGE);
		}
	}
	if (opt.time_format != NULL && (why = time_format_check(opt.time_format)) != NULL)
		die_usage("--time-format \"%s\": %s", opt.time_format, why);
	common_finish(&opt.c);
}

static const struct format *
find_format(const char *name)
{
	size_t i;

	for (i = 0; i < NFORMATS; i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	die_usage("unknown format \"%s\" (csv, slack, discord, whatsapp, zoom, teams, mbox "
	    "or git)", name);
	return NULL;
}

/* Options that only one format reads are refused with the others. */
static void
check_options(const struct format *f)
{
	int csv = strcmp(f->name, "csv") == 0;

	if (!csv && opt.time_format != NULL)
		die_usage("--time-format is for csv, not %s", f->name);
	if (!csv && opt.c.map.n > 0)
		die_usage("-f is for csv, not %s", f->name);
	if (!csv && opt.delim != ',')
		die_usage("-d is for csv, not %s", f->name);
}

int
main(int argc, char **argv)
{
	const struct format *f;
	struct imp im;
	char **paths;
	size_t npaths;

	progname = "cop-import";
	parse_options(argc, argv);
	argc = opt.has_revs ? (int)(opt.revs - argv - 1) : argc;
	if (optind >= argc)
		die_usage("no format given (csv, slack, discord, whatsapp, zoom, teams, mbox "
		    "or git)");
	f = find_format(argv[optind]);
	check_options(f);
	paths = argv + optind + 1;
	npaths = (size_t)(argc - optind - 1);
	if (opt.has_revs && strcmp(f->name, "git") != 0) {
		paths = npaths == 0 ? opt.revs : paths;
		if (npaths > 0 && opt.nrevs > 0)
			die_usage("paths both before and after \"--\"");
		npaths = npaths == 0 ? opt.nrevs : npaths;
	}
	imp_init(&im, &opt);
	imp_header(&im);
	f->run(&im, paths, npaths);
	imp_finish(&im);
	out_close();
	imp_free(&im);
	common_free(&opt.c);
	return 0;
}
