/*
 * import-git.c: cop-import git, a repository's history. It runs git log
 * itself (execvp with an argument vector, never a shell), or reads the
 * same format from standard input: one commit row per commit by its
 * author (mailmap applied), merge rows for merges, and a row for each
 * person the final trailer block credits, as git interpret-trailers
 * reads that block (git does the reading, with %(trailers)).
 */
#define _XOPEN_SOURCE 700	/* realpath */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cop.h"

/* Fields split by US (0x1f), each commit ended by RS (0x1e). */
#define GIT_FORMAT "%H%x1f%P%x1f%aN%x1f%aE%x1f%at%x1f%s%x1f%(trailers:only,unfold)%x1e"

enum { G_HASH, G_PARENTS, G_NAME, G_EMAIL, G_TIME, G_SUBJECT, G_TRAILERS, G_N };

struct git {
	struct imp *im;
	struct input in;
	struct buf rec, rec2, venue, name, addr;
	struct field f[G_N];
	uint64_t line, start;	/* lines read; the commit's first */
	uint32_t author;
};

static const struct {
	const char *key, *action;
} trailers[] = {
	{ "reviewed-by", "review" },
	{ "acked-by", "ack" },
	{ "helped-by", "help" },
	{ "suggested-by", "help" },
	{ "reported-by", "report" },
	{ "tested-by", "test" },
	{ "co-authored-by", "commit" },
};

/* The next commit's bytes, up to its RS; 0 at the end of the log. */
static int
read_commit(struct git *g)
{
	int c;

	buf_reset(&g->rec);
	while ((c = input_getc(&g->in)) == '\n' || c == '\0')
		g->line += c == '\n';
	if (c < 0)
		return 0;
	g->start = g->line + 1;
	for (; c >= 0 && c != 0x1e; c = input_getc(&g->in)) {
		buf_addc(&g->rec, (char)c);
		g->line += c == '\n';
	}
	return 1;
}

static int
split_commit(struct git *g)
{
	char *p = g->rec.p, *end = g->rec.p + g->rec.n, *us;
	int i;

	for (i = 0; i < G_N; i++) {
		us = i + 1 < G_N ? memchr(p, 0x1f, (size_t)(end - p)) : end;
		if (us == NULL)
			return -1;
		g->f[i].p = p;
		g->f[i].n = (size_t)(us - p);
		p = us + (us < end);
	}
	return 0;
}

static int
git_time(const struct field *f, int64_t *t)
{
	size_t i;

	*t = 0;
	if (f->n == 0 || f->n > 12)
		return -1;
	for (i = 0; i < f->n; i++) {
		if (f->p[i] < '0' || f->p[i] > '9')
			return -1;
		*t = *t * 10 + (f->p[i] - '0');
	}
	return 0;
}

/* A person as name and address: the member is one, the alias the other. */
static uint32_t
person(struct git *g, const struct buf *name, const struct buf *addr)
{
	const struct buf *key = g->im->o->by_address ? addr : name, *other;
	uint32_t id;

	if (key->n == 0)
		key = key == addr ? name : addr;
	other = key == addr ? name : addr;
	if ((id = imp_member(g->im, key->p, key->n)) != STR_NONE)
		imp_alias(g->im, id, other->p, other->n);
	return id;
}

static void
put(struct git *g, const char *action, uint32_t who, uint32_t answered, int64_t t)
{
	struct row r;

	r.time = t;
	r.action = action;
	r.member = imp_member_field(g->im, who);
	r.venue = (struct field){ g->venue.p, g->venue.n };
	r.thread = g->f[G_HASH];
	r.reply_to = imp_member_field(g->im, answered);
	r.text = g->f[G_SUBJECT];
	imp_row(g->im, &r);
}

/* "Key: Name <addr>": a row for the person, or a count of the key. */
static void
trailer(struct git *g, const char *s, size_t n, int64_t t)
{
	const char *colon = memchr(s, ':', n);
	uint32_t who;
	size_t k;

	if (colon == NULL)
		return;
	imp_address(&g->name, s, (size_t)(colon - s));
	for (k = 0; k < sizeof trailers / sizeof trailers[0]; k++)
		if (strcmp(g->name.p, trailers[k].key) == 0)
			break;
	if (k == sizeof trailers / sizeof trailers[0]) {
		buf_set(&g->addr, "trailer ", 8);
		buf_add(&g->addr, g->name.p, g->name.n);
		imp_count(g->im, g->addr.p, 1);
		return;
	}
	mail_mailbox(colon + 1, (size_t)(s + n - colon - 1), &g->name, &g->rec2);
	imp_address(&g->addr, g->rec2.p, g->rec2.n);
	if (g->name.n == 0 && g->addr.n == 0) {
		imp_bad(g->im, g->in.name, g->start, "a %s trailer without a person",
		    trailers[k].key);
		return;
	}
	if ((who = person(g, &g->name, &g->addr)) == STR_NONE)
		return;
	put(g, trailers[k].action, who, strcmp(trailers[k].action, "commit") == 0 ? STR_NONE :
	    g->author, t);
}

static void
commit(struct git *g)
{
	const struct field *tr = &g->f[G_TRAILERS];
	const char *p, *end, *nl;
	int64_t t;

	if (split_commit(g) != 0 || g->f[G_HASH].n == 0) {
		imp_bad(g->im, g->in.name, g->start, "not a commit of the format cop-import "
		    "git reads (see cop-import(1))");
		return;
	}
	if (git_time(&g->f[G_TIME], &t) != 0) {
		imp_bad(g->im, g->in.name, g->start, "author date: cannot parse \"%s\"",
		    quote_value(g->f[G_TIME].p, g->f[G_TIME].n));
		return;
	}
	imp_clean(&g->name, g->f[G_NAME].p, g->f[G_NAME].n);
	imp_address(&g->addr, g->f[G_EMAIL].p, g->f[G_EMAIL].n);
	if ((g->author = person(g, &g->name, &g->addr)) == STR_NONE) {
		imp_bad(g->im, g->in.name, g->start, "a commit without an author");
		return;
	}
	put(g, memchr(g->f[G_PARENTS].p, ' ', g->f[G_PARENTS].n) ? "merge" : "commit",
	    g->author, STR_NONE, t);
	for (p = tr->p, end = tr->p + tr->n; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl > p)
			trailer(g, p, (size_t)(nl - p), t);
	}
}

static void
read_log(struct git *g)
{
	g->line = 0;
	while (read_commit(g))
		commit(g);
}

/* The repository's directory name: "proj" for proj/, proj/.git and proj.git. */
static void
repo_venue(struct git *g, const char *repo)
{
	char *real = realpath(repo, NULL), *base, *slash;
	size_t n;

	if (real == NULL)
		die("%s:", repo);
	n = strlen(real);
	if (n > 5 && strcmp(real + n - 5, "/.git") == 0)
		real[n - 5] = '\0';
	slash = strrchr(real, '/');
	base = slash && slash[1] ? slash + 1 : real;
	n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".git") == 0)
		n -= 4;
	buf_set(&g->venue, base, n);
	free(real);
}

/* Run git log in repo, its output on a pipe into g->in. */
static pid_t
run_git(struct git *g, const char *repo)
{
	struct imp_opts *o = g->im->o;
	char **argv = xcalloc(o->nrevs + 8, sizeof *argv);
	size_t i, n = 0;
	int fd[2];
	pid_t pid;

	argv[n++] = "git";
	argv[n++] = "-C";
	argv[n++] = (char *)repo;
	argv[n++] = "log";
	argv[n++] = "--no-color";
	argv[n++] = "--no-show-signature";
	argv[n++] = "--format=" GIT_FORMAT;
	for (i = 0; i < o->nrevs; i++)
		argv[n++] = o->revs[i];
	argv[n] = NULL;
	if (pipe(fd) != 0)
		die("pipe:");
	out_flush();
	if ((pid = fork()) < 0)
		die("fork:");
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execvp("git", argv);
		fprintf(stderr, "%s: cannot run git: %s\n", progname, strerror(errno));
		_exit(127);
	}
	close(fd[1]);
	free(argv);
	input_fd(&g->in, fd[0], "git log");
	return pid;
}

static void
wait_git(pid_t pid, const char *repo)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid:");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return;
	out_flush();
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		exit(EXIT_DATA);
	if (WIFEXITED(status))
		die("git log in %s failed (exit status %d)", repo, WEXITSTATUS(status));
	die("git log in %s was killed by signal %d", repo, WTERMSIG(status));
}

static void
repository(struct git *g, const char *repo)
{
	pid_t pid;

	if (strcmp(repo, "-") == 0) {
		buf_set(&g->venue, g->im->o->venue ? g->im->o->venue : "", g->im->o->venue ?
		    strlen(g->im->o->venue) : 0);
		input_open(&g->in, "-", 0);
		read_log(g);
		input_close(&g->in);
		return;
	}
	if (g->im->o->venue != NULL)
		buf_set(&g->venue, g->im->o->venue, strlen(g->im->o->venue));
	else
		repo_venue(g, repo);
	pid = run_git(g, repo);
	read_log(g);
	input_close(&g->in);
	wait_git(pid, repo);
}

void
import_git(struct imp *im, char **paths, size_t n)
{
	static char *dot[] = { "." };
	struct git g;
	size_t i;

	memset(&g, 0, sizeof g);
	g.im = im;
	if (n == 0) {
		paths = dot;
		n = 1;
	}
	for (i = 0; i < n; i++)
		repository(&g, paths[i]);
	buf_free(&g.rec);
	buf_free(&g.rec2);
	buf_free(&g.venue);
	buf_free(&g.name);
	buf_free(&g.addr);
}
