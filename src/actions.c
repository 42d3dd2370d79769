/*
 * actions.c: what an action word means. The event format accepts any word;
 * every figure needs to know whether it is conversation, content, presence
 * at a scheduled event, running one, a light reaction or mere membership,
 * and how much it weighs as a contribution. The table is the one place
 * these meanings are written; cop-events(5) repeats it for users.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

static const struct {
	const char *word;
	enum action_kind kind;
	double weight;
} known[] = {
	{ "post", ACT_DISCUSS, 1 },
	{ "reply", ACT_DISCUSS, 1 },
	{ "comment", ACT_DISCUSS, 1 },
	{ "message", ACT_DISCUSS, 1 },
	{ "say", ACT_DISCUSS, 1 },
	{ "ask", ACT_DISCUSS, 1 },
	{ "answer", ACT_DISCUSS, 1 },
	{ "commit", ACT_CONTENT, 1 },
	{ "review", ACT_CONTENT, 1 },
	{ "merge", ACT_CONTENT, 0.5 },
	{ "ack", ACT_CONTENT, 0.5 },
	{ "help", ACT_CONTENT, 1 },
	{ "report", ACT_CONTENT, 1 },
	{ "test", ACT_CONTENT, 1 },
	{ "mentor", ACT_CONTENT, 1 },
	{ "suggest", ACT_CONTENT, 0.5 },
	{ "coauthor", ACT_CONTENT, 1 },
	{ "edit", ACT_CONTENT, 1 },
	{ "doc", ACT_CONTENT, 1 },
	{ "share", ACT_CONTENT, 1 },
	{ "upload", ACT_CONTENT, 1 },
	{ "attend", ACT_ATTEND, 0.5 },
	{ "host", ACT_LEAD, 3 },
	{ "chair", ACT_LEAD, 3 },
	{ "present", ACT_LEAD, 3 },
	{ "organize", ACT_LEAD, 3 },
	{ "facilitate", ACT_LEAD, 3 },
	{ "scribe", ACT_LEAD, 1 },
	{ "react", ACT_REACT, 0.25 },
	{ "join", ACT_MEMBERSHIP, 0 },
	{ "leave", ACT_MEMBERSHIP, 0 },
};

static int
lookup(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strlen(known[i].word) == n && memcmp(known[i].word, name, n) == 0)
			return (int)i;
	return -1;
}

enum action_kind
action_kind(const char *name, size_t n)
{
	int i = lookup(name, n);

	return i < 0 ? ACT_OTHER : known[i].kind;
}

/* A word we do not know is "accepted and counted": it weighs as a post. */
double
action_default_weight(const char *name, size_t n)
{
	int i = lookup(name, n);

	return i < 0 ? 1 : known[i].weight;
}

const char *
action_kind_name(enum action_kind k)
{
	static const char *const names[ACT_NKINDS] = {
		"discussion", "content", "attendance", "leading", "reaction",
		"membership", "other"
	};

	return names[k];
}

/*
 * Weights by action id, for the ids of one events' action table: the
 * defaults above unless -W ACTION=WEIGHT said otherwise. They are kept in
 * thousandths, so that window sums add and subtract exactly.
 */
void
weights_set(struct weights *w, const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg)
		die_usage("-W: \"%s\" is not ACTION=WEIGHT", arg);
	xgrow(&w->word, &w->cap, w->n + 1, sizeof *w->word);
	w->value = xreallocarray(w->value, w->cap, sizeof *w->value);
	w->word[w->n] = xmemdup(arg, (size_t)(eq - arg));
	w->value[w->n++] = parse_number("-W", eq + 1, 0, 1000);
}

int64_t
weights_get(struct weights *w, const struct strtab *actions, uint32_t id)
{
	size_t i, old;

	if (id >= w->nknown) {
		old = w->nknown;
		xgrow(&w->byid, &w->nknown, (size_t)id + 1, sizeof *w->byid);
		for (i = old; i < w->nknown; i++)
			w->byid[i] = -1;
	}
	if (w->byid[id] < 0) {
		double v = action_default_weight(actions->str[id], actions->len[id]);

		for (i = 0; i < w->n; i++)
			if (strcmp(w->word[i], actions->str[id]) == 0)
				v = w->value[i];
		w->byid[id] = (int64_t)llround(v * 1000);
	}
	return w->byid[id];
}

void
weights_free(struct weights *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->word[i]);
	free(w->word);
	free(w->value);
	free(w->byid);
}
