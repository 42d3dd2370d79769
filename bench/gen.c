/*
 * gen: a synthetic community of practice, as an event stream of
 * cop-events(5) on stdout and, with -M, its members directory. The same
 * options and seed give the same bytes on any machine: the random numbers
 * come from splitmix64 and every draw is integer arithmetic (no libm, no
 * rand(3), no locale, no time of day), and no expression makes two draws,
 * since C leaves the order of their evaluation to the compiler.
 *
 * The community looks like a real one: members arrive over the years (a
 * founding group first) and drift away; their activity follows a Zipf law
 * (weight 1/rank), so a few members produce most events and most produce a
 * handful; a weekly sync (host rotating among the busiest, attendees),
 * a monthly webinar (host, presenters, a crowd) and a monthly steering
 * meeting written as dated minutes (date-only times, chair, speakers);
 * bursty chat threads with replies answering someone (reply_to) and
 * reactions; content work with reviews; joins, leaves; summer and year-end
 * lulls; three bots. Rows come out in unsorted runs, as real exports do:
 * most weeks grouped by venue, some thread by thread, some newest first.
 * Handles include spaces and non-ASCII letters, and one member in twenty
 * sometimes writes under an alias that only the directory merges.
 *
 * Options: -n events (1,000,000), -m members (20,000), -w weeks from
 * 2023-01-02 (104), -s seed (1), -M FILE to write the directory too;
 * -x adds corners the tools must take in their stride: 8 % of threads in
 * 10,000 more rooms, and an occasional member whose handle is 100,000
 * bytes long.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NONE UINT32_MAX
#define WEEK (7 * 86400)
#define EPOCH_DAY 19359		/* 2023-01-02, a Monday: week 0 starts here */

static const char *const first_names[] = {
	"Ann", "Bob", "Chloé", "Dmitri", "Eva", "Farid", "Grace", "Hiro", "Ines", "Jonas",
	"Kofi", "Lena", "Marta", "Nils", "Olu", "Priya", "Quentin", "Rosa", "Søren", "Tomás",
	"Uma", "Vikram", "Wen", "Ximena", "Yusuf", "Zoë", "Aiko", "Bjørn", "Carmen", "Dara",
	"Émile", "Fatima", "Gustavo", "Hana", "Ivan", "Jana", "Kai", "Łukasz", "Mei", "Noor",
	"Oskar", "Paula", "Rahul", "Sven", "Tariq", "Ursula", "Valentina", "Wojtek", "Yara",
	"Zeynep", "Ævar", "Дилян", "Ольга", "依云", "俊杰", "Ngọc", "José", "François",
	"Maël", "Ayşe",
};
static const char *const last_names[] = {
	"Lee", "Smith", "Okafor", "Müller", "García", "Nguyen", "Ivanova", "Kowalski", "Tanaka",
	"Rossi", "Haddad", "Andersson", "Singh", "Dubois", "Costa", "Novak", "Kim", "Brown",
	"Schmidt", "Jensen", "Bauer", "Silva", "Yilmaz", "Cohen", "Petrov", "Chen", "Wang",
	"Hernández", "O'Neil", "Moreau", "Nakamura", "Fischer", "Lindqvist", "Mensah", "Patel",
	"Popescu", "Horvat", "Virtanen", "Ahmed", "Bianchi", "Dvořák", "Öztürk", "Jovanović",
	"Carvalho", "Hoffmann", "Sato", "Walker", "Young", "Zhang", "Wójcik", "Łopez", "Þórsson",
	"王", "Кузнецов",
};
#define NFIRST (sizeof first_names / sizeof first_names[0])
#define NLAST (sizeof last_names / sizeof last_names[0])

static const char *const units[] = {
	"Engineering", "Design", "Research", "Operations", "Support", "Product", "Data",
	"Sales", "Marketing", "Finance", "Legal", "People",
};
static const unsigned unit_weight[] = { 30, 12, 10, 9, 8, 8, 7, 5, 4, 3, 2, 2 };
#define NUNITS (sizeof units / sizeof units[0])

enum role { R_MEMBER, R_COORDINATOR, R_SPONSOR, R_MANAGER, R_EXECUTIVE, R_EXPERT, R_BOT };
static const char *const role_names[] = {
	"member", "coordinator", "sponsor", "manager", "executive", "expert", "bot"
};

/* Chat venues and their share of threads (percent); then the others. */
enum venue {
	V_GENERAL, V_HELP, V_DESIGN, V_DEV, V_CAFE, V_RANDOM, V_LIST,
	V_NCHAT,
	V_REPO = V_NCHAT, V_SYNC, V_WEBINAR, V_STEERING, V_NVENUES
};
static const char *const venue_names[V_NVENUES] = {
	"#general", "#help", "#design", "#dev tooling", "#café", "#random", "list:practice",
	"handbook", "weekly-sync", "monthly-webinar", "steering",
};
static const unsigned venue_weight[V_NCHAT] = { 24, 22, 12, 16, 6, 10, 10 };

enum action {
	A_POST, A_REPLY, A_ASK, A_ANSWER, A_REACT, A_ATTEND, A_HOST, A_PRESENT, A_CHAIR,
	A_SAY, A_COMMIT, A_REVIEW, A_DOC, A_JOIN, A_LEAVE, A_NACTIONS
};
static const char *const action_names[A_NACTIONS] = {
	"post", "reply", "ask", "answer", "react", "attend", "host", "present", "chair",
	"say", "commit", "review", "doc", "join", "leave",
};

struct member {
	char *handle, *alias;	/* alias: another handle of the same person, or NULL */
	uint64_t weight;	/* activity: 2^32 / Zipf rank */
	uint32_t rank;
	int32_t join, leave;	/* active in weeks [join, leave) */
	uint8_t role, unit, leaves;
};

struct ev {
	int64_t t;
	uint32_t member, reply_to, seq;
	uint64_t thread;	/* 0 none; chat threads 1...; meetings: see put_thread */
	uint16_t room;		/* -x: one of 10,000 extra chat rooms, 0 none */
	uint8_t action, venue, date_only, as_alias, reply_alias;
};

static struct {
	uint64_t seed, events;
	uint32_t members;
	int32_t weeks;
	const char *dirfile;
	int extremes;
} opt = { 1, 1000000, 20000, 104, NULL, 0 };

static uint64_t rng_state;
static struct member *mem;
static uint32_t nmem, bot_welcome, bot_ci, bot_pinger;

/* The week's active members, with cumulative weights for weighted draws. */
static uint32_t *act;
static uint64_t *cum;
static uint32_t nact;
static uint32_t hosts[4], nhosts;

static struct ev *evs;
static size_t nevs, evcap, budget;
static uint64_t next_thread = 1;
static uint16_t room;		/* the room of the thread being written */
static uint32_t nrooms;

static char *obuf;
static size_t olen;
#define OBUF_SIZE (1 << 16)

static void
fail(const char *msg)
{
	fprintf(stderr, "gen: %s\n", msg);
	exit(1);
}

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		fail("out of memory");
	return p;
}

/* splitmix64: tiny, fast, and the same sequence everywhere. */
static uint64_t
rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0; the modulo bias is below 2^-40 for our n. */
static uint64_t
below(uint64_t n)
{
	return rng() % n;
}

static int
chance(unsigned percent)
{
	return below(100) < percent;
}

/* Geometric count with mean about m (m >= 1): bursts, thread lengths. */
static unsigned
geometric(unsigned m)
{
	unsigned k = 0;

	while (k < 10000 && below(m + 1) != 0)
		k++;
	return k;
}

static unsigned
pick_weighted(const unsigned *w, size_t n)
{
	unsigned total = 0, r;
	size_t i;

	for (i = 0; i < n; i++)
		total += w[i];
	r = (unsigned)below(total);
	for (i = 0; r >= w[i]; i++)
		r -= w[i];
	return (unsigned)i;
}

static uint32_t
isqrt64(uint64_t v)
{
	uint64_t r = 0, bit = (uint64_t)1 << 62;

	while (bit > v)
		bit >>= 2;
	for (; bit != 0; bit >>= 2) {
		if (v >= r + bit) {
			v -= r + bit;
			r = (r >> 1) + bit;
		} else
			r >>= 1;
	}
	return (uint32_t)r;
}

/* Members. */

/* "First Last", "first.last", "first_last" or "first-last", then a number. */
static char *
make_handle(uint32_t i)
{
	const char *f = first_names[i % NFIRST], *l = last_names[(i / NFIRST) % NLAST];
	uint32_t n = i / (uint32_t)(NFIRST * NLAST);
	unsigned style = (unsigned)below(20);
	char buf[128], *p;
	int lower = style >= 4;

	snprintf(buf, sizeof buf, "%s%c%s", f, style < 4 ? ' ' : style < 14 ? '.' :
	    style < 17 ? '_' : '-', l);
	if (n > 0)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%u", n + 1);
	for (p = buf; lower && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return strcpy(xrealloc(NULL, strlen(buf) + 1), buf);
}

/* The alias a member sometimes writes under: an IRC-style or bridge variant. */
static char *
make_alias(const char *h)
{
	static const char *const suffix[] = { "_", "__", "[m]", "|away", "_2" };
	const char *s = suffix[below(5)];
	char *a = xrealloc(NULL, strlen(h) + strlen(s) + 1);

	return strcat(strcpy(a, h), s);
}

static void
shuffle(uint32_t *v, uint32_t n)
{
	uint32_t i, j, t;

	for (i = n; i > 1; i--) {
		j = (uint32_t)below(i);
		t = v[i - 1], v[i - 1] = v[j], v[j] = t;
	}
}

/*
 * Zipf ranks in a random order; the busiest 2 % founded the community,
 * the rest arrive ever faster (the square root of a uniform draw leans
 * late) and stay for a while, the busy ones longer.
 */
static void
make_member(struct member *m, uint32_t i, uint32_t rank)
{
	int32_t w = opt.weeks, tenure;

	m->handle = make_handle(i);
	m->alias = chance(5) ? make_alias(m->handle) : NULL;
	m->rank = rank;
	m->weight = ((uint64_t)1 << 32) / rank;
	if (rank <= opt.members / 50 + 1 && chance(70))
		m->join = 0;
	else
		m->join = (int32_t)isqrt64(below((uint64_t)w * (uint64_t)w));
	if (rank <= opt.members / 20 + 1)
		tenure = w / 2 + (int32_t)below((uint64_t)w);
	else {
		tenure = 4 + (int32_t)below((uint64_t)w / 2 + 1);
		tenure += chance(30) ? w : 0;
	}
	m->leave = m->join + tenure > w ? w : m->join + tenure;
	m->leaves = m->leave < w && chance(30);
	m->unit = (uint8_t)pick_weighted(unit_weight, NUNITS);
	m->role = R_MEMBER;
	if (rank <= 2)
		m->role = R_COORDINATOR;
	else if (rank == 7)
		m->role = R_SPONSOR;
	else if (rank == 40 || rank == 41)
		m->role = R_EXECUTIVE;
	else if (chance(1))
		m->role = R_MANAGER;
	else if (rank < opt.members / 10 && chance(10))
		m->role = R_EXPERT;
}

static uint32_t
make_bot(const char *handle, uint32_t rank)
{
	struct member *m = &mem[nmem];

	memset(m, 0, sizeof *m);
	m->handle = strcpy(xrealloc(NULL, strlen(handle) + 1), handle);
	m->rank = rank;
	m->weight = 0;		/* never drawn: bots act on cues */
	m->join = 0;
	m->leave = opt.weeks;
	m->role = R_BOT;
	m->unit = NUNITS;
	return nmem++;
}

/* -x: a handle of 100,000 bytes, for quadratic corners in the tools. */
static void
long_handle(struct member *m)
{
	static const char unit[] = "Zoë-Ævar-依云-";
	size_t n = 0, k = sizeof unit - 1;
	char *h = xrealloc(NULL, 100000 + k + 1);

	while (n < 100000) {
		memcpy(h + n, unit, k);
		n += k;
	}
	h[n] = '\0';
	free(m->handle);
	m->handle = h;
}

static void
make_members(void)
{
	uint32_t *rank = xrealloc(NULL, opt.members * sizeof *rank), i;

	mem = xrealloc(NULL, (opt.members + 3) * sizeof *mem);
	for (i = 0; i < opt.members; i++)
		rank[i] = i + 1;
	shuffle(rank, opt.members);
	for (i = 0; opt.extremes && i < opt.members; i++)
		if (rank[i] == opt.members / 4 + 1) {	/* the long handle: now and then */
			rank[i] = rank[0];
			rank[0] = opt.members / 4 + 1;
		}
	for (i = 0; i < opt.members; i++)
		make_member(&mem[i], i, rank[i]);
	if (opt.extremes)
		long_handle(&mem[0]);
	nmem = opt.members;
	bot_welcome = make_bot("welcome-bot", 0);
	bot_ci = make_bot("ci-bot", 0);
	bot_pinger = make_bot("[o__o]", 0);
	free(rank);
}

/* Time. */

static int32_t
season(int32_t week)
{
	int32_t wy = (week % 52 + 52) % 52;	/* 0: the first week of January */

	if (wy == 0 || wy == 51)
		return 40;
	if (wy >= 30 && wy <= 33)
		return 60;
	return 100;
}

/* A moment in week w on a working day, mostly in working hours (UTC). */
static int64_t
chat_time(int32_t w)
{
	static const unsigned day_w[7] = { 20, 22, 22, 20, 16, 4, 3 };
	static const unsigned hour_w[24] = {
		1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 18, 16, 12, 15, 18, 18, 16, 12, 8, 6, 5, 4, 3, 2
	};
	int64_t day = EPOCH_DAY + (int64_t)w * 7 + pick_weighted(day_w, 7);
	int64_t hour = pick_weighted(hour_w, 24);

	return day * 86400 + hour * 3600 + (int64_t)below(3600);
}

/* Events. */

static struct ev *
add(int64_t t, uint32_t m, enum action a, enum venue v)
{
	struct ev *e;

	if (nevs >= budget)
		return NULL;
	if (nevs == evcap) {
		evcap = evcap ? evcap * 2 : 4096;
		evs = xrealloc(evs, evcap * sizeof *evs);
	}
	e = &evs[nevs];
	memset(e, 0, sizeof *e);
	e->t = t;
	e->member = m;
	e->reply_to = NONE;
	e->action = (uint8_t)a;
	e->venue = (uint8_t)v;
	e->seq = (uint32_t)nevs++;
	e->room = room;
	e->as_alias = mem[m].alias != NULL && chance(20);
	return e;
}

static void
reply(struct ev *e, uint32_t to)
{
	if (e == NULL)
		return;
	e->reply_to = to;
	e->reply_alias = mem[to].alias != NULL && chance(20);
}

/* The members active in week w, their weights summed, and its hosts. */
static void
week_members(int32_t w)
{
	uint64_t total = 0;
	uint32_t i, j;

	nact = nhosts = 0;
	for (i = 0; i < opt.members; i++) {
		if (mem[i].join > w || mem[i].leave <= w)
			continue;
		total += mem[i].weight;
		act[nact] = i;
		cum[nact++] = total;
		for (j = nhosts; j > 0 && mem[hosts[j - 1]].rank > mem[i].rank; j--)
			if (j < 4)
				hosts[j] = hosts[j - 1];
		if (j < 4) {
			hosts[j] = i;
			nhosts += nhosts < 4;
		}
	}
}

/* A member drawn by weight among the active ones: Zipf in action. */
static uint32_t
draw(void)
{
	uint64_t r = below(cum[nact - 1]);
	uint32_t lo = 0, hi = nact - 1;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (cum[mid] > r)
			hi = mid;
		else
			lo = mid + 1;
	}
	return act[lo];
}

/* Up to n distinct members by weight (a meeting's attendees). */
static uint32_t
draw_distinct(uint32_t *out, uint32_t n, uint32_t except)
{
	uint32_t k = 0, tries, i;

	for (tries = 0; k < n && tries < 4 * n; tries++) {
		uint32_t m = draw();

		for (i = 0; i < k && out[i] != m; i++)
			;
		if (i == k && m != except)
			out[k++] = m;
	}
	return k;
}

/* Meeting threads: the series in the top bits, the day below. */
static uint64_t
meeting_thread(enum venue v, int64_t day)
{
	return ((uint64_t)v << 56) | (uint64_t)(day - EPOCH_DAY + 1);
}

static void
meeting(int32_t w, enum venue v, int wday, int hour, unsigned crowd, int date_only)
{
	int64_t day = EPOCH_DAY + (int64_t)w * 7 + wday, t = day * 86400 + hour * 3600;
	uint64_t th = meeting_thread(v, day);
	uint32_t people[128], host, n, i;
	struct ev *e;

	if (nact < 2 || nhosts == 0)
		return;
	host = hosts[(uint32_t)w % nhosts];	/* the busiest rotate */
	n = draw_distinct(people, crowd < 128 ? crowd : 128, host);
	if ((e = add(t, host, v == V_STEERING ? A_CHAIR : A_HOST, v)) != NULL)
		e->thread = th, e->date_only = date_only;
	if ((e = add(t + (int64_t)below(300), host, A_ATTEND, v)) != NULL)
		e->thread = th, e->date_only = date_only;
	for (i = 0; i < n; i++) {
		e = add(t + (int64_t)below(600), people[i], A_ATTEND, v);
		if (e == NULL)
			return;
		e->thread = th, e->date_only = date_only;
		if (v == V_WEBINAR && i < 2 && (e = add(t + 600 + 900 * i, people[i], A_PRESENT, v)))
			e->thread = th;
		if (v == V_STEERING && chance(40) && (e = add(t, people[i], A_SAY, v)))
			e->thread = th, e->date_only = 1;
	}
}

static void
meetings(int32_t w)
{
	int32_t wy = (w % 52 + 52) % 52;

	if (season(w) == 100 || wy == 31)	/* the sync pauses in the lulls */
		meeting(w, V_SYNC, 1, 15, 6 + (unsigned)below(14), 0);
	if (w % 4 == 2)
		meeting(w, V_WEBINAR, 3, 17, 20 + (unsigned)below(40), 0);
	if (w % 4 == 0)
		meeting(w, V_STEERING, 3, 0, 8 + (unsigned)below(8), 1);
}

/* Arrivals, welcomed by a bot, and the departures some announce. */
static void
membership(int32_t w)
{
	uint32_t i;

	for (i = 0; i < nact; i++) {
		struct member *m = &mem[act[i]];

		if (m->join == w && m->join > 0) {
			int64_t t = chat_time(w);

			add(t, act[i], A_JOIN, V_GENERAL);
			reply(add(t + 1 + (int64_t)below(5), bot_welcome, A_POST, V_GENERAL), act[i]);
		}
		if (m->leaves && m->leave == w + 1)
			add(chat_time(w), act[i], A_LEAVE, V_GENERAL);
	}
}

/* A commit, often reviewed by someone else, always checked by the CI bot. */
static void
content(int32_t w)
{
	int64_t t = chat_time(w);
	uint32_t author = draw(), other = draw();
	enum action a = chance(20) ? A_DOC : A_COMMIT;

	add(t, author, a, V_REPO);
	if (a == A_COMMIT)
		reply(add(t + 60 + (int64_t)below(600), bot_ci, A_POST, V_REPO), author);
	if (other != author && chance(60))
		reply(add(t + 600 + (int64_t)below(86400), other, A_REVIEW, V_REPO), author);
}

/* A reaction to who's message at t, by someone else. */
static void
react(int64_t t, uint32_t who, enum venue v)
{
	uint32_t by = draw();
	int64_t delay = 30 + (int64_t)below(600);

	if (by != who)
		reply(add(t + delay, by, A_REACT, v), who);
}

/*
 * More lines right after message e by the same person, as people write
 * in chat: a third of messages run on into another, and so on. Returns
 * the time of the last line; e may move (add grows the array).
 */
static int64_t
burst(const struct ev *e)
{
	struct ev copy = *e, *more;
	int64_t t = copy.t;

	while (chance(35)) {
		t += 3 + (int64_t)below(40);
		if ((more = add(t, copy.member, (enum action)copy.action, (enum venue)copy.venue)) == NULL)
			break;
		more->thread = copy.thread;
		more->reply_to = copy.reply_to;
		more->reply_alias = copy.reply_alias;
	}
	return t;
}

/*
 * A chat thread: a post or question, then a burst of replies, each
 * answering the previous speaker (or the opener), with reactions; gaps of
 * seconds to hours; any message may run on into more lines. A thread that
 * gets no reply is a plain post.
 */
static void
thread(int32_t w)
{
	enum venue v = (enum venue)pick_weighted(venue_weight, V_NCHAT);
	int64_t t = chat_time(w);
	uint32_t opener = draw(), prev = opener, who, n = geometric(v == V_RANDOM ? 1 : 3), i;
	uint64_t th = n > 0 ? next_thread++ : 0;
	struct ev *e;
	int question = v == V_HELP || chance(10);

	room = opt.extremes && chance(8) ? (uint16_t)(1 + nrooms++ % 10000) : 0;
	if ((e = add(t, opener, question ? A_ASK : A_POST, v)) == NULL)
		return;
	e->thread = th;
	t = burst(e);
	for (i = 0; i < n; i++) {
		t += 5 + (int64_t)below(chance(90) ? 300 : 14400);
		who = chance(30) && prev != opener ? opener : draw();
		if (who == prev)
			who = draw();
		e = add(t, who, question && i == 0 ? A_ANSWER : A_REPLY, v);
		if (e == NULL)
			return;
		e->thread = th;
		reply(e, prev == who ? opener : prev);
		if (e->reply_to == who)
			e->reply_to = NONE;
		t = burst(e);
		if (chance(15))
			react(t, who, v);
		prev = who;
	}
	if (v == V_RANDOM && chance(2))
		reply(add(t + 2, bot_pinger, A_POST, v), prev);
	room = 0;
}

/* Output. */

static void
flush_out(void)
{
	if (fwrite(obuf, 1, olen, stdout) != olen)
		fail("write error");
	olen = 0;
}

static void
put(const char *s, size_t n)
{
	if (olen + n > OBUF_SIZE)
		flush_out();
	if (n > OBUF_SIZE) {	/* the long handle of -x */
		if (fwrite(s, 1, n, stdout) != n)
			fail("write error");
		return;
	}
	memcpy(obuf + olen, s, n);
	olen += n;
}

static void
put_str(const char *s)
{
	put(s, strlen(s));
}

static void
put_num(uint64_t v, int width)
{
	char tmp[24];
	int i = 24;

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0 || 24 - i < width);
	put(tmp + i, (size_t)(24 - i));
}

/* "YYYY-MM-DD" of a day number (H. Hinnant's civil-from-days). */
static void
date_text(int64_t z, char buf[11])
{
	int64_t era, doe, yoe, doy, mp, d, m, y;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	snprintf(buf, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

/* Dates repeat row after row: format each day once. */
static void
put_date(int64_t z)
{
	static int64_t last = INT64_MIN;
	static char buf[11];

	if (z != last) {
		date_text(z, buf);
		last = z;
	}
	put(buf, 10);
}

static void
put_time(int64_t t, int date_only)
{
	int64_t s = t % 86400;

	put_date(t / 86400);
	if (date_only)
		return;
	put("T", 1);
	put_num((uint64_t)(s / 3600), 2);
	put(":", 1);
	put_num((uint64_t)(s / 60 % 60), 2);
	put(":", 1);
	put_num((uint64_t)(s % 60), 2);
	put("Z", 1);
}

static void
put_handle(uint32_t m, int alias)
{
	put_str(alias ? mem[m].alias : mem[m].handle);
}

static void
put_thread(const struct ev *e)
{
	if (e->thread == 0)
		return;
	if (e->thread >> 56) {	/* a meeting: series/date */
		put_str(venue_names[e->thread >> 56]);
		put("/", 1);
		put_date((int64_t)(e->thread & 0xffffffffffffffULL) - 1 + EPOCH_DAY);
		return;
	}
	put("t", 1);
	put_num(e->thread, 6);
}

static void
put_event(const struct ev *e)
{
	put_time(e->t, e->date_only);
	put("\t", 1);
	put_handle(e->member, e->as_alias);
	put("\t", 1);
	put_str(action_names[e->action]);
	put("\t", 1);
	if (e->room != 0) {
		put_str("#room-");
		put_num(e->room, 1);
	} else
		put_str(venue_names[e->venue]);
	put("\t", 1);
	put_thread(e);
	put("\t", 1);
	if (e->reply_to != NONE)
		put_handle(e->reply_to, e->reply_alias);
	put("\n", 1);
}

static int
cmp_venue_time(const void *pa, const void *pb)
{
	const struct ev *a = pa, *b = pb;

	if (a->venue != b->venue)
		return a->venue < b->venue ? -1 : 1;
	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

static int
cmp_newest_first(const void *pa, const void *pb)
{
	const struct ev *a = pa, *b = pb;

	if (a->t != b->t)
		return a->t > b->t ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/*
 * A week's rows as an export would give them: mostly channel by channel,
 * one week in five thread by thread as generated, one in five newest
 * first (a git log). Full tie-breaks keep qsort's order the same everywhere.
 */
static void
emit_week(int32_t w)
{
	size_t i;

	if (w % 5 == 3)
		;
	else if (w % 5 == 4)
		qsort(evs, nevs, sizeof *evs, cmp_newest_first);
	else
		qsort(evs, nevs, sizeof *evs, cmp_venue_time);
	for (i = 0; i < nevs; i++)
		put_event(&evs[i]);
}

/* Weeks share the events by their active members' weight and the season. */
static uint64_t *
week_shares(void)
{
	uint64_t *share = xrealloc(NULL, ((size_t)opt.weeks + 1) * sizeof *share), run = 0;
	int64_t *delta = xrealloc(NULL, ((size_t)opt.weeks + 1) * sizeof *delta);
	int32_t w;
	uint32_t i;

	memset(delta, 0, ((size_t)opt.weeks + 1) * sizeof *delta);
	for (i = 0; i < opt.members; i++) {
		delta[mem[i].join] += (int64_t)mem[i].weight;
		delta[mem[i].leave] -= (int64_t)mem[i].weight;
	}
	for (w = 0; w < opt.weeks; w++) {
		run += (uint64_t)delta[w];
		share[w] = run * (uint64_t)season(w);
	}
	free(delta);
	return share;
}

static void
generate(void)
{
	uint64_t *share = week_shares(), total = 0, done = 0, sofar = 0;
	int32_t w;

	for (w = 0; w < opt.weeks; w++)
		total += share[w];
	act = xrealloc(NULL, opt.members * sizeof *act);
	cum = xrealloc(NULL, opt.members * sizeof *cum);
	put_str("time\tmember\taction\tvenue\tthread\treply_to\n");
	for (w = 0; w < opt.weeks; w++) {
		uint64_t upto;

		sofar += share[w];
		upto = w + 1 == opt.weeks ? opt.events :
		    (uint64_t)((double)opt.events * ((double)sofar / (double)total));
		budget = (size_t)(upto - done);
		nevs = 0;
		week_members(w);
		if (nact > 0) {
			meetings(w);
			membership(w);
			while (nevs < budget) {
				if (chance(4))
					content(w);
				else
					thread(w);
			}
		}
		emit_week(w);
		done += nevs;
	}
	flush_out();
	free(share);
}

/* The directory: member, role, unit, joined, aliases; bots have no unit. */
static void
write_directory(const char *path)
{
	FILE *fp = fopen(path, "w");
	char joined[11];
	uint32_t i;

	if (fp == NULL)
		fail("cannot create the members directory");
	fprintf(fp, "member\trole\tunit\tjoined\taliases\n");
	for (i = 0; i < nmem; i++) {
		const struct member *m = &mem[i];

		date_text(EPOCH_DAY + (int64_t)m->join * 7, joined);
		fprintf(fp, "%s\t%s\t%s\t%s\t%s\n", m->handle, role_names[m->role],
		    m->unit < NUNITS ? units[m->unit] : "", joined, m->alias ? m->alias : "");
	}
	if (fclose(fp) != 0)
		fail("write error on the members directory");
}

static void
usage(void)
{
	fprintf(stderr, "usage: gen [-x] [-s SEED] [-n EVENTS] [-m MEMBERS] [-w WEEKS] [-M FILE]\n");
	exit(2);
}

static uint64_t
number(const char *s, uint64_t min, uint64_t max)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (*s < '0' || *s > '9' || *end != '\0' || v < min || v > max)
		usage();
	return v;
}

int
main(int argc, char **argv)
{
	int ch;

	while ((ch = getopt(argc, argv, "s:n:m:w:M:x")) != -1) {
		switch (ch) {
		case 'x':
			opt.extremes = 1;
			break;
		case 's':
			opt.seed = number(optarg, 0, UINT64_MAX);
			break;
		case 'n':
			opt.events = number(optarg, 0, (uint64_t)1 << 40);
			break;
		case 'm':
			opt.members = (uint32_t)number(optarg, 10, 10000000);
			break;
		case 'w':
			opt.weeks = (int32_t)number(optarg, 1, 52 * 200);
			break;
		case 'M':
			opt.dirfile = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	rng_state = opt.seed;
	obuf = xrealloc(NULL, OBUF_SIZE);
	make_members();
	generate();
	if (fflush(stdout) != 0 || ferror(stdout))
		fail("write error");
	if (opt.dirfile != NULL)
		write_directory(opt.dirfile);
	return 0;
}
