/*
 * cop.h: the coptools library, one section per file of src/.
 * cop-events(5) defines the data; coptools(7) the conventions.
 */
#ifndef COP_H
#define COP_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

/* Lets gcc and clang check every format and its arguments (-Wformat). */
#if defined(__GNUC__) || defined(__clang__)
#define COP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define COP_PRINTF(f, a)
#endif

#define EXIT_DATA 1	/* a bad row, a bad time, an unreadable file, a failed write */
#define EXIT_USAGE 2	/* a bad option, a required column neither found nor mapped */

/* buf.c */
struct buf {		/* a growable byte string, NUL-terminated once added to */
	char *p;
	size_t n, cap;
};
void buf_reserve(struct buf *b, size_t more);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) COP_PRINTF(2, 0);
void buf_printf(struct buf *b, const char *fmt, ...) COP_PRINTF(2, 3);
void buf_set(struct buf *b, const void *p, size_t n);
void buf_reset(struct buf *b);
char *buf_take(struct buf *b);
void buf_free(struct buf *b);

/* util.c */
extern const char *progname;
void warnmsg(const char *fmt, ...) COP_PRINTF(1, 2);
void die(const char *fmt, ...) COP_PRINTF(1, 2);
void die_usage(const char *fmt, ...) COP_PRINTF(1, 2);
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xmemdup(const char *s, size_t n);
void xgrow(void *buf, size_t *cap, size_t need, size_t size);
/* hugepage.c */
#define HUGEPAGE_MIN ((size_t)2 << 20)	/* blocks this large get the advice */
void hugepage_init(void);
void hugepage_advise(void *p, size_t n);
void *hugepage_alloc(size_t n);
int hugepage_grow(void *p, size_t *cap, size_t *reserved, size_t used, size_t need);
void hugepage_room(void *p, size_t *cap, size_t *reserved, size_t used, size_t need,
    size_t huge_from);
void hugepage_release(void *p, size_t reserved, size_t from, size_t to);
void hugepage_free(void *p, size_t reserved);
uint32_t *hint_grow(uint32_t **hint, size_t *n, size_t i);
void hint_free(void *hint, size_t *n);
/*
 * Slot i of a hint array: an id (member, venue) -> the index + 1 of the
 * record it touched last, 0 for none, tried before a keymap is hashed.
 * The array grows zeroed on demand; the test stays inline.
 */
static inline uint32_t *
hint_at(uint32_t **hint, size_t *n, size_t i)
{
	return i < *n ? *hint + i : hint_grow(hint, n, i);
}
double parse_number(const char *opt, const char *s, double min, double max);
long parse_count(const char *opt, const char *s, long min, long max);
const char *quote_value(const char *s, size_t n);
void out_open_fd(int fd, const char *name);
void out_reset(void);
void out_write(const void *p, size_t n);
void out_str(const char *s);
void out_char(char c);
void out_printf(const char *fmt, ...) COP_PRINTF(1, 2);
#define FMT_BUFSZ 48
size_t fmt_u64(char buf[FMT_BUFSZ], uint64_t v);
size_t fmt_fixed(char buf[FMT_BUFSZ], double v, int prec);
void out_flush(void);
void pipe_widen(int fd);
void out_close(void);

/* table.c */
struct table {
	size_t ncols, col;
	int align;		/* standard output is a terminal */
	char **cells;		/* held until table_flush when aligning */
	size_t ncells, cap;
};
void table_init(struct table *t, size_t ncols);
void table_cell(struct table *t, const char *s, size_t n);
void table_str(struct table *t, const char *s);
void table_printf(struct table *t, const char *fmt, ...) COP_PRINTF(2, 3);
void table_u64(struct table *t, uint64_t v);
void table_end_row(struct table *t);
void table_flush(struct table *t);

/* time.c */
#define TIME_BUFSZ 32
enum grain { GRAIN_DAY, GRAIN_WEEK, GRAIN_MONTH };
struct tz {
	const char *name;	/* "UTC" or the zone database name */
	int utc;
	int64_t cached_bucket, cached_offset;	/* one quarter hour's offset */
	char cached_date[10];			/* the last date parsed ... */
	int64_t cached_day;			/* ... and its day number */
	int cached_date_ok;
};
int64_t days_from_civil(int64_t y, int m, int d);
void civil_from_days(int64_t day, int *y, int *m, int *d);
int weekday_of_day(int64_t day);
void tz_init(struct tz *z, const char *name);
int64_t tz_offset(struct tz *z, int64_t t);
/*
 * The day number of t in the zone. Inline: every event asks, and in UTC
 * (the default) the call cost more than the division.
 */
static inline int64_t
tz_day(struct tz *z, int64_t t)
{
	int64_t local = z->utc ? t : t + tz_offset(z, t);

	return (local >= 0 ? local : local - 86399) / 86400;	/* rounded down */
}
int time_parse(struct tz *z, const char *s, size_t n, int64_t *t);
void time_format_utc(int64_t t, char buf[TIME_BUFSZ]);
void day_format(int64_t day, char buf[TIME_BUFSZ]);
int64_t period_of_day(int64_t day, enum grain g);
int64_t period_first_day(int64_t p, enum grain g);
void period_label(int64_t p, enum grain g, char buf[TIME_BUFSZ]);
int period_parse(const char *s, enum grain *g, int64_t *p);
int grain_parse(const char *s, enum grain *g);
const char *grain_name(enum grain g);
/* time.c: the local forms of exports (cop-import) */
enum date_order { DATE_ORDER_NONE, DATE_DMY, DATE_MDY, DATE_YMD };
struct numdate {	/* "15/01/2024, 09:58": numbers as written, and the clock */
	int64_t f[3];
	int len[3];		/* their digit counts */
	int64_t secs;		/* seconds of the day, AM/PM applied */
	int has_time;
};
int64_t time_from_local(struct tz *z, int64_t day, int64_t secs);
int numdate_scan(const char *s, size_t n, struct numdate *d, size_t *used);
enum date_order numdate_order(const struct numdate *d);
int numdate_time(struct tz *z, const struct numdate *d, enum date_order o, int64_t *t);
int date_order_parse(const char *s, enum date_order *o);
const char *date_order_name(enum date_order o);
int time_parse_format(struct tz *z, const char *fmt, const char *s, size_t n, int64_t *t);
const char *time_format_check(const char *fmt);
int time_parse_mail(struct tz *z, const char *s, size_t n, int64_t *t);

/* hash.c */
#define STR_NONE UINT32_MAX
#define KEY_NONE SIZE_MAX
struct strtab {
	char **str;		/* id -> NUL-terminated copy (may hold NULs) */
	size_t *len;
	uint64_t *hash;
	size_t n, cap;
	uint64_t *slots;
	size_t nslots;
	char **blocks, *block;	/* the arena the strings live in */
	size_t nblocks, nblocks_cap, block_left;
};
struct keymap {
	unsigned char *recs;	/* n records of recsize bytes, key first */
	size_t keysize, recsize, n, cap;
	size_t reserved;	/* recs' address space (hugepage_grow), or 0 */
	uint64_t *slots;
	size_t nslots;
	size_t indexed;		/* records [0, indexed) have their slots */
};
uint64_t hash_bytes(const void *p, size_t n);
/*
 * Whether the n bytes at a and b are equal. Names are short and looked up
 * once or more a row: 8 bytes a step and one overlapping step for the
 * tail, inline, cost less than a call to memcmp.
 */
static inline int
bytes_equal(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;
	uint64_t x, y;
	uint32_t u, v;

	if (n < 4)
		return n == 0 || (p[0] == q[0] && p[n / 2] == q[n / 2] && p[n - 1] == q[n - 1]);
	if (n < 8) {
		memcpy(&u, p, 4);
		memcpy(&v, q, 4);
		if (u != v)
			return 0;
		memcpy(&u, p + n - 4, 4);
		memcpy(&v, q + n - 4, 4);
		return u == v;
	}
	for (; n > 8; p += 8, q += 8, n -= 8) {
		memcpy(&x, p, 8);
		memcpy(&y, q, 8);
		if (x != y)
			return 0;
	}
	memcpy(&x, p + n - 8, 8);
	memcpy(&y, q + n - 8, 8);
	return x == y;
}
void strtab_init(struct strtab *t);
uint32_t strtab_intern(struct strtab *t, const char *s, size_t n);
uint32_t strtab_find(const struct strtab *t, const char *s, size_t n);
int strtab_cmp(const struct strtab *t, uint32_t a, uint32_t b);
void strtab_sort_ids(const struct strtab *t, uint32_t *ids, size_t n);
uint32_t *strtab_sorted(const struct strtab *t);
void strtab_free(struct strtab *t);
void keymap_init(struct keymap *m, size_t keysize, size_t recsize);
size_t keymap_find(const struct keymap *m, const void *key);
void keymap_prefetch(const struct keymap *m, const void *key);
size_t keymap_upsert(struct keymap *m, const void *key, int *created);
size_t keymap_append(struct keymap *m, const void *key);
void keymap_reserve(struct keymap *m, size_t n);
void *table_alloc(size_t n, size_t size);
void keymap_filter(struct keymap *m, int (*keep)(const void *rec, const void *arg),
    const void *arg);
void keymap_drop_index(struct keymap *m);
void keymap_free(struct keymap *m);
/* A function, not a macro: keymap_rec(m, keymap_upsert(m, ...)) must read
 * m->recs after the upsert has perhaps moved it. */
static inline void *
keymap_rec(const struct keymap *m, size_t i)
{
	return m->recs + i * m->recsize;
}

/* tsv.c */
struct field {
	const char *p;
	size_t n;
};
struct tsv_file {
	const char *path;
	int fd, spool, seekable;
	int64_t start;		/* where reading began: stdin need not be at 0 */
	int64_t got, size;	/* bytes read; at the first end, size = got */
	int64_t spool_base;	/* where the spool begins (tsv_spool_later) */
};
struct colmap {		/* -f NAME=COL pairs */
	const char **name, **col;
	size_t n, cap;
};
struct tsv {
	struct tsv_file *file;
	size_t nfiles, cur, first;
	int rewindable;
	const char *name;	/* the current file, for messages */
	uint64_t lineno;
	char *buf;
	size_t cap, pos, end;
	int eof;
	char *spare;		/* the next chunk, read ahead while buf is split */
	size_t spare_cap;
	struct ahead *ahead;
	char *line;		/* the current line, without LF or CR */
	size_t len;
	int cr;
	struct field *f;	/* its fields */
	size_t nf, fcap;
	int has_nul;		/* whether the line holds a NUL byte */
	char *header;		/* the first file's header line */
	size_t header_len;
	int header_cr, have_header;
	char **cols;		/* its column names */
	size_t ncols;
	int spool_later, marked;	/* tsv_spool_later; a mark was made */
	int restored;		/* the current row is a saved one (tsv_restore) */
	uint64_t stream_lineno;	/* the stream's line and file, to go on from */
	const char *stream_name;
};
struct tsv_mark {		/* where a row begins: tsv_mark, tsv_seek */
	size_t file;
	int64_t offset;
	uint64_t lineno;
};
struct tsv_row {		/* a row put aside: where it was read; then its fields, its line */
	uint32_t len, file, nf;
	uint8_t cr, has_nul;
	uint64_t lineno;
};
struct tsv_saved {
	char *block;		/* the rows' records, one after another */
	size_t n, cap, reserved;
	uint32_t *at;		/* where each record begins */
	size_t nrow, atcap;
	size_t psize;		/* the caller's bytes in each record */
	size_t limit;		/* of the block and at together */
};
struct ahead *ahead_new(void);
void ahead_read(struct ahead *a, int fd, char *dst, size_t want, int on_thread);
int ahead_asked(const struct ahead *a);
ssize_t ahead_wait(struct ahead *a);
void ahead_free(struct ahead *a);
int spool_open(void);
int spool_try_open(void);
void tsv_open(struct tsv *t, char **paths, size_t npaths, int rewindable);
int tsv_header(struct tsv *t);
int tsv_next(struct tsv *t);
char *tsv_last_line(const struct tsv *t, size_t *len);
int tsv_next_line(struct tsv *t);
void tsv_split(struct tsv *t);
void tsv_rewind(struct tsv *t);
void tsv_mark(struct tsv *t, struct tsv_mark *m);
void tsv_spool_later(struct tsv *t);
void tsv_seek(struct tsv *t, const struct tsv_mark *m);
void tsv_saved_init(struct tsv_saved *s, size_t limit, size_t psize);
void *tsv_save(struct tsv_saved *s, const struct tsv *t);
const void *tsv_restore(struct tsv *t, const struct tsv_saved *s, size_t i);
void tsv_saved_keep(struct tsv_saved *s, size_t i, size_t k);
void tsv_saved_cut(struct tsv_saved *s, size_t k);
void tsv_saved_free(struct tsv_saved *s);
void tsv_close(struct tsv *t);
int tsv_column(struct tsv *t, const char *name);
int tsv_find(struct tsv *t, const struct colmap *map, const char *name, int required);
void tsv_vwarn(const struct tsv *t, const char *column, const char *fmt, va_list ap)
    COP_PRINTF(3, 0);
void tsv_warn(const struct tsv *t, const char *column, const char *fmt, ...)
    COP_PRINTF(3, 4);
void tsv_die(const struct tsv *t, const char *column, const char *fmt, ...)
    COP_PRINTF(3, 4);
void tsv_put_line(const struct tsv *t);
void tsv_put_end(const struct tsv *t);
void tsv_put_header(const struct tsv *t);
void tsv_put_header_end(const struct tsv *t);

/* members.c */
struct member_info {
	uint32_t role, unit;	/* ids in roles/units, STR_NONE if not given */
	int64_t joined;		/* INT64_MIN if not given */
	unsigned listed : 1, bot : 1, seen : 1;
};
/*
 * Every handle, from the directory and the data, in one open-addressing
 * table of 16-byte slots: a lookup reads one slot and the handle's bytes
 * (members.c).
 */
struct handle_slot {
	uint32_t hash;		/* the hash's high bits; its home slot too */
	uint32_t id;		/* member id */
	uint32_t off;		/* of the bytes in the members' handle_bytes */
	uint32_t n1;		/* length + 1; 0: an empty slot */
};
struct members {
	struct handle_slot *index;	/* nindex slots, 64-byte aligned in index_mem */
	void *index_mem;
	size_t nindex, nindexed;
	char *handle_bytes;	/* every handle's bytes, in the order of first sight */
	size_t nbytes, bytes_cap;
	struct strtab names;	/* member id -> canonical handle */
	struct member_info *info;
	size_t info_cap;
	struct strtab roles, units;
	int loaded, have_role, have_unit, have_joined;
	int have_bots;		/* a listed member's role is bot */
};
void members_init(struct members *d);
void members_load(struct members *d, const char *path, struct tz *z);
uint32_t members_intern(struct members *d, const char *handle, size_t n);
uint32_t members_find(const struct members *d, const char *handle, size_t n);
const char *members_name(const struct members *d, uint32_t id);
const char *members_role(const struct members *d, uint32_t id);
const char *members_unit(const struct members *d, uint32_t id);
int members_is_bot(const struct members *d, uint32_t id);
int members_has_role(const struct members *d, uint32_t id, const char *const *roles);
void members_free(struct members *d);

/* opts.c */
enum {
	OPT_SINCE = 'B', OPT_UNTIL = 'E', OPT_TZ = 'z', OPT_VERSION = 'V'
};
struct common {
	const char *members;	/* -M */
	struct colmap map;	/* -f */
	int skip_bad;		/* -k */
	const char *since_arg, *until_arg;
	int64_t since, until;	/* the window: since <= t < until */
	int has_since, has_until;
	struct tz tz;		/* -z: the zone of days and weeks */
	int zone_from_input;	/* cop-rollup -m: a rollup's zone, when -z is not given */
	char *zone_owned;	/* the name so taken */
};
#define COMMON_SHORTOPTS "M:f:kB:E:z:hV"
#define COMMON_LONGOPTS \
	{ "members", required_argument, NULL, 'M' }, \
	{ "field", required_argument, NULL, 'f' }, \
	{ "skip-bad", no_argument, NULL, 'k' }, \
	{ "since", required_argument, NULL, OPT_SINCE }, \
	{ "until", required_argument, NULL, OPT_UNTIL }, \
	{ "tz", required_argument, NULL, OPT_TZ }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, OPT_VERSION }
#define COMMON_USAGE \
"  -M, --members FILE   members directory: roles, units, aliases, bots\n" \
"  -f, --field NAME=COL read column NAME from COL (a header name or number)\n" \
"  -k, --skip-bad       skip bad rows, report them on stderr, go on\n" \
"  -B, --since TIME     leave out rows before TIME\n" \
"  -E, --until TIME     leave out rows at or after TIME\n" \
"  -z, --tz ZONE        cut days and weeks in ZONE (default UTC)\n" \
"  -h, --help           print this help and exit\n" \
"  -V, --version        print the version and exit\n"
void common_init(struct common *c);
int common_option(struct common *c, int opt, const char *arg);
void common_finish(struct common *c);
void colmap_add(struct colmap *m, const char *arg);
void common_free(struct common *c);

/* actions.c */
enum action_kind {
	ACT_DISCUSS,	/* post, reply, say, comment: the voluntary conversation */
	ACT_CONTENT,	/* commit, review, doc, wiki: the shared repertoire */
	ACT_ATTEND,	/* attend: presence at a scheduled event */
	ACT_LEAD,	/* host, chair, present, scribe: running an event */
	ACT_REACT,	/* react: a light touch */
	ACT_MEMBERSHIP,	/* join, leave: not participation */
	ACT_OTHER,	/* a word we do not know: counted as a contribution */
	ACT_NKINDS
};
enum action_kind action_kind(const char *name, size_t n);
const char *action_kind_name(enum action_kind k);
double action_default_weight(const char *name, size_t n);
struct weights {	/* -W ACTION=WEIGHT overrides, and the weights by action id */
	char **word;
	double *value;
	size_t n, cap;
	int64_t *byid;		/* thousandths; -1 not yet looked up */
	size_t nknown;
};
void weights_set(struct weights *w, const char *arg);
int64_t weights_get(struct weights *w, const struct strtab *actions, uint32_t id);
void weights_free(struct weights *w);

/* events.c */
enum {
	COL_TIME, COL_MEMBER, COL_ACTION, COL_VENUE, COL_THREAD, COL_REPLY_TO,
	COL_COMMUNITY, NCOLS_STD
};
extern const char *const column_names[NCOLS_STD];
#define NAME_CACHE 64
#define RECENT_MAX 40
struct rollup_in;
struct event {
	int64_t time, day;	/* UTC seconds; day number in the --tz zone */
	uint32_t community, member, action, venue, reply_to;	/* STR_NONE: absent */
	enum action_kind kind;
	const char *thread;
	size_t thread_len;
	int excluded;		/* a bot's row: passed through, left out of figures */
	uint64_t count;		/* events it stands for: 1, or a rollup cell's share */
	int strategic;		/* a rollup's -S match of the thread; -1: match e->thread */
};
/* notes.c: records written once, read back once, in a spool past a buffer */
struct notes {
	unsigned char *buf;
	size_t recsize, cap, held, at;	/* bytes a record; records the buffer holds, holds, next */
	uint64_t total, left;		/* records written; still to read */
	int fd, failed;			/* the spool, -1 if none; it could not be made or written */
};
void notes_init(struct notes *n, size_t recsize);
void *notes_add(struct notes *n);
int notes_rewind(struct notes *n);
const void *notes_next(struct notes *n);
void notes_free(struct notes *n);

/*
 * What pass one found of a data row (events_take_notes), so that a stream
 * stage's pass two parses again only the rows it looks at closely: left
 * out (a bad row under -k, outside the window: not printed), passed
 * through without figures (a bot's, one past --as-of), or counted: in the
 * given period and community, with what else the stage needs of it. One
 * fixed 20-byte record, as it goes to the spool.
 */
enum note_state { NOTE_SKIP, NOTE_PASS, NOTE_ROW };
struct row_note {
	int32_t period;		/* cop-rhythm: the day */
	uint32_t community;
	union {
		uint32_t rec;	/* cop-classify: the member x week record */
		uint32_t member;	/* cop-rhythm, cop-patterns */
	};
	union {
		uint32_t venue;		/* cop-rhythm */
		uint32_t reply_to;	/* cop-patterns */
	};
	uint8_t state;		/* enum note_state */
	uint8_t kind;		/* cop-patterns: enum action_kind */
};
struct events {
	struct tsv in;
	struct common *opt;
	struct members *dir;
	struct strtab communities, venues, actions;
	int col[NCOLS_STD];
	int pass;
	uint64_t rows, bad, bot_rows, outside;
	size_t nbots;
	uint32_t post;		/* the id of action "post", the default */
	enum action_kind *kinds;	/* by action id */
	size_t nkinds;
	uint32_t action_cache[NAME_CACHE], venue_cache[NAME_CACHE];	/* ids, see name_id */
	uint32_t community_cache[NAME_CACHE];
	unsigned need;		/* NEED_*: the ids to fill; all after events_open */
	struct recent {		/* the previous row's member and reply_to, tried first */
		uint32_t id, n;	/* n 0: none (a handle is never empty) */
		char s[RECENT_MAX];
	} recent[2];
	struct rollup_in *rollup;	/* the input is a rollup (rollup.c); NULL: events */
	int64_t cut;		/* --as-of: a rollup's cells may not straddle it */
	int has_cut;
	struct notes notes;	/* events_take_notes */
	struct row_note *note;	/* the current row's, in pass one; NULL: none */
	struct row_note scratch;	/* events_note's when no note is kept */
	int noting;
	char *last_line;		/* events_last_row's row and fields */
	struct field *last_f;
};
/*
 * A pass that does not use the action, venue or reply_to of its events
 * (a stream stage's second pass, say) clears these bits of ev->need: the
 * rows are checked as before, the ids are left STR_NONE (kind ACT_OTHER).
 */
#define NEED_ACTION 1u
#define NEED_VENUE 2u
#define NEED_REPLY_TO 4u
int events_open(struct events *ev, char **files, size_t nfiles, int rewindable,
    struct common *c, struct members *dir);
int events_next(struct events *ev, struct event *e);
int events_last_row(struct events *ev, int64_t *time, const struct field **f);
void events_rewind(struct events *ev);
void events_take_notes(struct events *ev);
struct row_note *events_note(struct events *ev);
int events_notes_ready(struct events *ev);
int events_next_noted(struct events *ev, struct row_note *n);
int events_parse_noted(struct events *ev, struct event *e);
void events_complete(struct events *ev, struct event *e);
void events_seek(struct events *ev, const struct tsv_mark *m);
void events_aside_init(struct tsv_saved *s, size_t limit);
int events_save(struct events *ev, struct tsv_saved *s, const struct event *e);
void events_restore(struct events *ev, const struct tsv_saved *s, size_t i, struct event *e);
void events_close(struct events *ev);
int events_extra_column(struct events *ev, const char *name);
int events_reopen(struct events *ev, char **files, size_t nfiles, int rewindable);
void events_open_rollup(struct events *ev, const char *path, struct common *c,
    struct members *dir);
void events_pass_through(struct events *ev);
void events_names(struct events *ev, struct event *e, const struct field *community,
    const struct field *venue, const struct field *member, const struct field *action,
    const struct field *reply_to);
void events_need_rows(const struct events *ev);
const char *events_name(const struct strtab *t, uint32_t id);

/* agg.c */
struct mp_key {
	uint32_t community, member;	/* community STR_NONE: the only one */
	int32_t period;
};
/*
 * One record a member a period, 72 bytes: counts are 32-bit, as records
 * are touched once an event and their cache misses and page faults are a
 * good part of a run. A member would need four billion events in one
 * period to overflow them, and agg_add_at dies rather than wrap.
 */
struct mp_rec {
	struct mp_key k;
	uint8_t level;			/* enum level, set by levels_sweep */
	uint32_t events;
	uint32_t kind[ACT_NKINDS];	/* events by action kind */
	int64_t score;			/* weighted contributions, thousandths */
	int64_t first, last;
};
struct agg_hint {
	uint32_t rec;			/* the member's last record + 1, or 0: none yet */
	int32_t top;			/* the latest period of the member's records */
};
struct agg {
	enum grain grain;
	struct weights *weights;
	struct keymap mp;
	int64_t first, last;		/* over every event added */
	struct agg_hint *hint;		/* by member id, until agg_settle */
	size_t nhint;
	size_t hinted;			/* records the hints know of: if not all, no appending */
	struct mp_rec **sorted;		/* agg_sorted's answer, while mp.n == nsorted */
	size_t nsorted;
};
void agg_init(struct agg *a, enum grain g, struct weights *w);
void agg_init_rec(struct agg *a, enum grain g, struct weights *w, size_t recsize);
struct mp_key agg_key(uint32_t community, uint32_t member, int64_t period);
uint32_t agg_add(struct agg *a, struct events *ev, const struct event *e);
struct mp_rec *agg_add_at(struct agg *a, struct events *ev, const struct event *e,
    int64_t period);
struct mp_rec *agg_find(struct agg *a, uint32_t community, uint32_t member, int64_t period);
struct mp_rec **agg_sorted(struct agg *a);
void agg_by_member(struct mp_rec **out, struct mp_rec *const *rec, size_t n);
size_t agg_by_member_if(struct mp_rec **out, struct mp_rec *const *rec, size_t n,
    int (*keep)(const struct mp_rec *r, const void *arg), const void *arg);
void agg_settle(struct agg *a);
void agg_free(struct agg *a);
struct edge_key {
	uint32_t community, from, to;	/* from answered to (reply_to) */
	int32_t period;
};
struct edge_rec {
	struct edge_key k;
	uint32_t replies;		/* replies, reviews, acks: every kind but ... */
	uint32_t reactions;		/* ... reactions, counted here (32 bits: as mp_rec) */
};
struct edges {
	struct keymap m;
	uint32_t *hint;			/* member id -> its last edge + 1, or 0 */
	size_t nhint;
	int64_t from;			/* edges_keep_from: periods before are left out */
	size_t kept;			/* edges after the last pruning */
	struct edge_key *log;		/* replies not yet in m: edges_flush */
	size_t nlog, logcap, logreserved;	/* logcap, logreserved in bytes */
};
void edges_init(struct edges *g);
void edges_flush(struct edges *g);
void edges_add(struct edges *g, const struct events *ev, const struct event *e, int64_t period);
struct edge_rec **edges_by_community(const struct edges *g);
void edges_keep_from(struct edges *g, int64_t period);
void edges_drop_before(struct edges *g, int64_t period);
void edges_settle(struct edges *g);
void edges_free(struct edges *g);

/* levels.c */
enum level { LEVEL_NONE, LEVEL_INACTIVE, LEVEL_PERIPHERAL, LEVEL_ACTIVE, LEVEL_CORE };
struct level_params {
	long window;			/* -w: periods in the trailing window */
	double core_share, active_share;	/* of the window's contributions */
	double core_regularity, active_regularity, regular;	/* of its periods */
};
struct level_stat {		/* a member's level and what it was decided on */
	uint32_t member;
	enum level level;
	int64_t score;		/* weighted contributions in the window, thousandths */
	int64_t total;		/* everyone's in the window: the share is score / total */
	uint32_t periods;	/* periods of the window with a contribution */
	uint32_t window;	/* periods in the window so far */
	uint64_t events;	/* events in the window */
};
typedef void level_fn(void *ctx, uint32_t community, int64_t period,
    const struct level_stat *st, size_t n);
void levels_defaults(struct level_params *lp);
const char *level_name(enum level lv);
void levels_sweep(struct agg *a, size_t nmembers, const struct level_params *lp,
    int64_t last, level_fn *fn, void *ctx);

/* pseudonym.c */
#define PSEUDONYM_BUFSZ 14
void hmac_sha256(const void *key, size_t keylen, const void *msg, size_t n, unsigned char out[32]);
void pseudonym(const char *salt, const char *name, size_t n, char buf[PSEUDONYM_BUFSZ]);

/* render.c */
enum rformat { FMT_TEXT, FMT_MD, FMT_HTML };
struct render {
	enum rformat fmt;
	int color;		/* text: escape codes allowed (a terminal, no NO_COLOR) */
	int width;		/* text: columns */
};
struct rtable {			/* cells hold prepared text (see render_data) */
	size_t ncols, nrows, col, cap;
	char **head, *align;	/* align: 'l' or 'r' per column */
	char **cell;
	size_t flex, flex2;	/* text: the columns cut to fit the width */
};
struct chart {			/* bars, one per label */
	const char *title, *caption;	/* prepared */
	size_t n, highlight;
	char **label;		/* prepared, plain words */
	const uint64_t *value;
	char **note;		/* text: after each bar, or NULL */
};
struct stack {			/* stacked bars: n labels x nlayers values */
	const char *title, *caption;
	size_t n, nlayers;
	char **label;
	const uint64_t *value;	/* value[i * nlayers + k] */
	const char *const *layer, *const *glyph, *const *color;
};
#define FLOW_MAX 5
struct flow {			/* m[a][b]: how many went from state a to b */
	const char *title, *caption, *before, *after;
	size_t nstates;
	const char *const *state, *const *color;
	uint64_t m[FLOW_MAX][FLOW_MAX];
};
size_t utf8_width(const char *s, size_t n);
size_t utf8_fit(const char *s, size_t n, size_t width, size_t *used);
void render_data(const struct render *r, struct buf *b, const char *s, size_t n);
void render_words(const struct render *r, struct buf *b, const char *s);
void render_strong(const struct render *r, struct buf *b, const char *prepared);
void render_mark(const struct render *r, struct buf *b, const char *cls, const char *prepared);
void render_begin(const struct render *r, const char *title);
void render_end(const struct render *r);
void render_heading(const struct render *r, int level, const char *prepared);
void render_para(const struct render *r, const char *prepared);
void render_note(const struct render *r, const char *prepared);
void render_subtitle(const struct render *r, const char *prepared);
void render_list(const struct render *r, char *const *items, size_t n);
void rtable_init(struct rtable *t, size_t ncols, const char *const *head, const char *align);
void rtable_row(struct rtable *t);
void rtable_cell(struct rtable *t, char *prepared);
void rtable_cellf(struct rtable *t, const char *fmt, ...) COP_PRINTF(2, 3);
void rtable_free(struct rtable *t);
void render_table(const struct render *r, const struct rtable *t);
void render_sparkline(struct buf *b, const uint64_t *v, size_t n);
void render_bars(const struct render *r, const struct chart *c);
void render_stack(const struct render *r, const struct stack *s);
void render_flow(const struct render *r, const struct flow *f);

/* utf.c */
struct utf16 {		/* a UTF-16 decoder's state between reads */
	int big, have_byte;
	unsigned char byte;
	uint32_t high;
};
size_t utf8_encode(uint32_t cp, char *out);
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
void utf8_clean(struct buf *out, const char *s, size_t n);
int utf8_valid(const char *s, size_t n);
size_t utf16_decode(struct utf16 *u, const unsigned char *in, size_t n, char *out);
size_t utf16_finish(struct utf16 *u, char *out);
int charset_to_utf8(const char *cs, size_t csn, const char *s, size_t n, struct buf *out);

/* input.c */
enum input_enc { INPUT_UNKNOWN, INPUT_UTF8, INPUT_UTF16LE, INPUT_UTF16BE };
struct input {
	const char *name;	/* for messages: the path, or "stdin" */
	int fd, own_fd, seekable;
	const unsigned char *mem;	/* or a memory buffer */
	size_t memlen;
	uint64_t rawpos;	/* the file offset of the next read */
	unsigned char head[3];	/* the first bytes, read to find a byte order mark */
	size_t headn;
	enum input_enc enc;
	struct utf16 u16;
	unsigned char *raw;	/* UTF-16 bytes before decoding */
	char *buf;		/* decoded bytes: buf[pos..end) unread */
	size_t cap, pos, end;
	int eof;
	uint64_t base;		/* the decoded offset of buf[0] */
	uint64_t lineno;	/* lines taken with input_line */
};
void input_open(struct input *in, const char *path, int rewindable);
void input_fd(struct input *in, int fd, const char *name);
void input_mem(struct input *in, const char *name, const void *p, size_t n);
void input_clone(struct input *dst, const struct input *src);
void input_rewind(struct input *in);
void input_close(struct input *in);
int input_fill(struct input *in);
int input_getc_slow(struct input *in);
int input_line(struct input *in, char **line, size_t *len);
uint64_t input_offset(const struct input *in);
static inline int
input_getc(struct input *in)
{
	return in->pos < in->end ? (unsigned char)in->buf[in->pos++] : input_getc_slow(in);
}
static inline int
input_peekc(struct input *in)
{
	int c = input_getc(in);

	if (c >= 0)
		in->pos--;
	return c;
}

/* json.c */
enum {
	JSON_EOF, JSON_ERROR, JSON_OBJ_BEGIN, JSON_OBJ_END, JSON_ARR_BEGIN, JSON_ARR_END,
	JSON_KEY, JSON_STRING, JSON_NUMBER, JSON_TRUE, JSON_FALSE, JSON_NULL
};
struct json {
	struct input *in;
	struct buf str;		/* the last string, key or number */
	unsigned char *stack;	/* '{' or '[' per open container */
	size_t depth, stackcap;
	int state, failed;
	uint64_t line, tok_line, err_line;
	char err[160];		/* what went wrong, at err_line */
};
enum jv_type { JV_NULL, JV_FALSE, JV_TRUE, JV_NUMBER, JV_STRING, JV_ARRAY, JV_OBJECT };
struct jv {		/* one value of a record read whole */
	enum jv_type type;
	const char *s;		/* a string (decoded) or a number's text */
	size_t n;
	const char *key;	/* its key, inside an object */
	size_t keylen;
	struct jv *child, *next;	/* an array's or object's members, in order */
	size_t count;
	uint64_t line;
};
struct jarena {
	void **block;
	size_t *size;
	size_t nblocks, blockcap, cur, used;
};
void json_init(struct json *j, struct input *in);
void json_free(struct json *j);
int json_next(struct json *j);
int json_skip(struct json *j, int tok);
int json_read(struct json *j, struct jarena *a, struct jv **out);
int json_read_from(struct json *j, struct jarena *a, int tok, struct jv **out);
void jarena_reset(struct jarena *a);
void jarena_free(struct jarena *a);
const struct jv *jv_get(const struct jv *obj, const char *key);
const char *jv_str(const struct jv *v, size_t *n);
const struct jv *jv_items(const struct jv *obj, const char *key);
int jv_truthy(const struct jv *v);

/* csv.c */
struct csv {
	struct input *in;
	char delim;
	struct buf rec;		/* the record's bytes, fields one after another */
	size_t *off, offcap;	/* where each field starts in rec */
	struct field *f;	/* the fields, pointing into rec */
	size_t nf, fcap;
	uint64_t line;		/* the record's first line */
	uint64_t lineno;	/* the line being read */
	uint64_t err_line;
	char err[160];
};
void csv_init(struct csv *c, struct input *in, char delim);
void csv_free(struct csv *c);
int csv_next(struct csv *c);

/* mbox.c */
enum {
	MAIL_FROM, MAIL_DATE, MAIL_MESSAGE_ID, MAIL_IN_REPLY_TO, MAIL_REFERENCES,
	MAIL_LIST_ID, MAIL_SUBJECT, MAIL_NFIELDS
};
struct mail {
	uint64_t line;			/* of its From_ line */
	struct buf from_line;		/* the From_ line after "From " */
	struct buf field[MAIL_NFIELDS];	/* unfolded values, raw */
	int have[MAIL_NFIELDS];
};
struct mbox {
	struct input *in;
	struct mail mail;	/* the current message */
	int started, in_body_line, next_from, have_pending;
	struct buf from_copy;	/* the next message's From_ line, found */
	struct buf pending;	/* the line read ahead after it */
	uint64_t lineno, pending_line, next_from_line, err_line;
	char err[160];
};
void mbox_init(struct mbox *m, struct input *in);
void mbox_free(struct mbox *m);
int mbox_next(struct mbox *m);
void rfc2047_decode(const char *s, size_t n, struct buf *out);
void mail_mailbox(const char *s, size_t n, struct buf *name, struct buf *addr);
int mail_msgid(const char *s, size_t n, int which, const char **p, size_t *len);

/* import.c: what the formats of cop-import share */
struct imp_opts {
	struct common c;	/* -k, --since, --until, -z; -f for csv, text included */
	const char *venue;	/* --venue: every row's venue */
	const char *members_out;	/* -m */
	const char *time_format;	/* --time-format (csv) */
	enum date_order order;	/* --date-order; DATE_ORDER_NONE: the file decides */
	char delim;		/* -d (csv) */
	int text, verbose, by_address;
	char **revs;		/* git: the arguments after "--" */
	size_t nrevs;
	int has_revs;
};
struct row {
	int64_t time;
	const char *action;
	struct field member, venue, thread, reply_to, text;
};
struct imp_member {
	uint32_t *alias;	/* ids in imp.aliases */
	size_t nalias, alias_cap;
	int bot, seen;
};
struct imp_msg {	/* a keymap record: a message's key and author */
	uint64_t key;
	uint32_t author;
};
struct imp {
	struct imp_opts *o;
	struct strtab names;	/* member handles */
	struct imp_member *info;
	size_t info_cap;
	struct strtab aliases;
	uint32_t *alias_owner;
	size_t alias_owner_cap;
	struct strtab kinds, actions;	/* what was left out, and written */
	uint64_t *kind_count, *action_count;
	size_t kind_cap, action_cap;
	struct keymap msgs;	/* message key -> author, for replies */
	uint64_t bad, outside;
	struct buf tmp, act;
};
struct order_vote {	/* the first date of a file that tells its order */
	enum date_order order;
	uint64_t line;
};
void imp_init(struct imp *im, struct imp_opts *o);
void imp_header(struct imp *im);
void imp_clean(struct buf *out, const char *s, size_t n);
void imp_address(struct buf *out, const char *s, size_t n);
void imp_row(struct imp *im, const struct row *r);
void imp_count(struct imp *im, const char *kind, uint64_t n);
void imp_bad(struct imp *im, const char *file, uint64_t line, const char *fmt, ...)
    COP_PRINTF(4, 5);
uint32_t imp_member(struct imp *im, const char *s, size_t n);
struct field imp_member_field(const struct imp *im, uint32_t id);
void imp_member_bot(struct imp *im, uint32_t id);
void imp_alias(struct imp *im, uint32_t id, const char *s, size_t n);
void imp_note_message(struct imp *im, uint64_t key, uint32_t author);
uint32_t imp_message_author(struct imp *im, uint64_t key);
struct input *imp_pass_open(struct input *in, struct input *keep, const char *path, int pass);
void imp_pass_close(struct input *in, struct input *keep);
void imp_finish(struct imp *im);
void imp_free(struct imp *im);
void order_vote(struct order_vote *v, const struct numdate *d, uint64_t line);
enum date_order imp_order(struct imp *im, const char *file, const struct order_vote *v);
const char *imp_basename(const char *path);
typedef void imp_json_fn(void *ctx, const struct jv *v);
int imp_json_array(struct imp *im, struct input *in, struct jarena *a, imp_json_fn *fn, void *ctx);
uint64_t imp_key(const char *scope, size_t sn, const char *id, size_t n);

/* import-meeting.c: attendance reports (Zoom, Teams) */
struct attendee {
	int64_t first;		/* the first join */
	uint32_t member;
	int host, at_start;
};
struct meeting {
	struct imp *im;
	struct strtab keys;	/* member ids, as bytes: one attendee each */
	struct attendee *a;
	size_t cap;
	struct buf venue, thread, host_email, email;
	int64_t start, earliest;
	int has_start, has_earliest, decided;
	struct order_vote vote;
};
void meeting_init(struct meeting *m, struct imp *im);
void meeting_free(struct meeting *m);
void meeting_time(struct meeting *m, int64_t t);
int meeting_join(struct meeting *m, const struct field *name, const struct field *email,
    int64_t t, int at_start, int host);
void meeting_write(struct meeting *m);
void meeting_host(struct meeting *m, const struct field *email);
void meeting_order(struct meeting *m, struct input *in, char delim);
int meeting_parse_time(struct meeting *m, struct input *in, char delim, const struct field *f,
    int64_t *t);
int meeting_column(const struct csv *c, const char *const *names);
void meeting_venue_from_file(struct meeting *m, const char *path);

/* import-*.c: the formats */
void import_csv(struct imp *im, char **paths, size_t n);
void import_slack(struct imp *im, char **paths, size_t n);
void import_discord(struct imp *im, char **paths, size_t n);
void import_whatsapp(struct imp *im, char **paths, size_t n);
void import_zoom(struct imp *im, char **paths, size_t n);
void import_teams(struct imp *im, char **paths, size_t n);
void import_mbox(struct imp *im, char **paths, size_t n);
void import_git(struct imp *im, char **paths, size_t n);

/*
 * rhythm.c. Feed every counted event (not a bot's, none after the as-of
 * day) to agg_add and rhythm_days_add; rhythm_compute then fills struct
 * rhythm from the two tables alone: r->comm[] by community name, each with
 * its periods (first period through the as-of one, empty ones included),
 * its venues (busiest first) with their cadence phases, and its lifecycle.
 * After it, rhythm_beat tells whether a venue's day fell on its beat and
 * rhythm_first_period a member's first period. cop-rhythm(1) defines
 * every figure. Free with rhythm_free, rhythm_days_free, agg_free.
 */
enum cadence {		/* the beats first, in the order a tie prefers them */
	CAD_DAILY, CAD_WEEKLY, CAD_BIWEEKLY, CAD_MONTHLY, CAD_IRREGULAR, CAD_CONTINUOUS
};
enum trend { TREND_GROWING, TREND_STEADY, TREND_DECLINING, TREND_DORMANT };
enum stage {		/* Wenger, McDermott & Snyder (2002), ch. 4-5 */
	STAGE_POTENTIAL, STAGE_COALESCING, STAGE_MATURING, STAGE_STEWARDSHIP,
	STAGE_TRANSFORMATION
};
struct rhythm_params {
	long window;		/* -w: periods in each of the two windows a trend compares */
	long moving;		/* -m: periods in the moving average */
	double growth;		/* -G: the change in events that is growth or decline */
	double tolerance;	/* -t: how far off its beat a session may fall (share of a beat) */
	double regularity;	/* -r: a phase less regular than this is irregular */
	double phase_cost;	/* -p: the misfits a change of cadence must explain away */
	long min_sessions;	/* -n: sessions a venue needs to show a beat */
	double session_hours;	/* -S: a day of a venue spanning more is conversation */
	double day_share;	/* -y: a weekday with less of the sessions is no daily beat */
	double dense;		/* -d: days a week above which a venue without a daily beat
				   is a stream, not sessions */
};
struct rd_key {
	uint32_t community, venue;	/* venue STR_NONE: rows without one */
	int32_t day;			/* in the --tz zone */
};
struct rd_rec {			/* one venue's events on one day: a session or a day of talk */
	struct rd_key k;
	uint32_t events;		/* 32-bit as in struct mp_rec: 64 bytes a record */
	uint32_t kind[ACT_NKINDS];
	int8_t beat;			/* set by rhythm_compute: 1 on, 0 off the beat, -1 no beat */
	int64_t first, last;		/* UTC seconds */
};
#define VENUE_BITS 64		/* venue slots (id + 1) a struct rm_seen holds */
struct rm_seen {		/* the low venue slots a member used in one community */
	uint64_t venues;		/* bit venue id + 1; 0: none yet, community free */
	uint32_t community;
};
struct rhythm_days {		/* the venue x day table, fed per event like struct agg */
	struct keymap days;		/* (community, venue, day) -> struct rd_rec */
	struct keymap members;		/* (community, venue, member): who used the venue */
	uint32_t *day_hint;		/* venue id + 1 -> its last day's record + 1, or 0 */
	size_t nday_hint;
	uint32_t *member_hint;		/* member id -> its last members record + 1, or 0 */
	size_t nmember_hint;
	struct rm_seen *seen;		/* member id -> venue slots already in members */
	size_t nseen;
};
struct rhythm_period {		/* one period of one community (cop-rhythm -s) */
	int64_t period;
	uint64_t events, members, newcomers, returning, retained, departed, sessions;
	uint64_t kind[ACT_NKINDS];	/* events by action kind: the mix */
	double moving;			/* mean events of the last rp->moving periods */
	enum trend trend;		/* as judged at the end of this period */
	enum stage stage;
};
struct rhythm_phase {		/* a stretch of a venue's sessions on one cadence */
	enum cadence cadence;
	int64_t first, last;		/* days of its first and last session */
	uint64_t sessions, on_beat, missed;	/* against the beat fitted to it */
};
struct rhythm_venue {		/* one venue of one community (cop-rhythm -c) */
	uint32_t venue;
	uint64_t events, members, sessions;	/* sessions: the venue's days with events */
	uint64_t kind[ACT_NKINDS];
	int64_t first, last;		/* UTC seconds of its first and last event */
	int64_t first_day, last_day;
	enum cadence cadence;		/* the current (last) phase's */
	double regularity;		/* on_beat / (sessions + missed); continuous:
					   active_weeks / weeks */
	uint64_t on_beat, missed;	/* sessions on a beat, beats missed; continuous:
					   weeks heard and silent */
	int64_t since;			/* the day the current phase began */
	struct rhythm_phase *phase;
	size_t nphases;
	double burstiness;		/* of weekly counts over the community's span */
	int has_burstiness;		/* 0 when that span is shorter than two weeks */
	uint64_t weeks, active_weeks;	/* from its first to its last event */
};
struct rhythm_life {		/* a community's lifecycle as of a period (cop-rhythm -l) */
	enum stage stage;
	enum trend trend;
	int has_change;			/* 0 when the earlier window had no events */
	double change;			/* recent / earlier events - 1 */
	uint64_t recent_events, earlier_events, recent_members, earlier_members;
	uint64_t newcomers;		/* members whose first period is in the recent window */
	int64_t compared;		/* periods in each window: min(window, age / 2) */
	int64_t age, active_periods;	/* periods from its first through the as-of one */
	int64_t first, last;		/* its first period and the as-of period */
};
struct rhythm_community {
	uint32_t community;		/* STR_NONE: the only one */
	int64_t first_day;
	struct rhythm_period *period;	/* first period through the as-of one */
	size_t nperiods;
	struct rhythm_venue *venue;	/* by events, most first, then name */
	size_t nvenues;
	struct rhythm_life life;
};
struct rhythm {
	const struct rhythm_params *rp;
	enum grain grain;		/* the agg's */
	int64_t as_of_day, last;	/* the as-of day and its period */
	struct rhythm_community *comm;	/* by community name */
	size_t ncomm;
	struct keymap spans;		/* (community, member) -> first and last period */
};
void rhythm_defaults(struct rhythm_params *rp, enum grain g);
void rhythm_days_init(struct rhythm_days *d);
void rhythm_days_add(struct rhythm_days *d, const struct event *e);
void rhythm_days_settle(struct rhythm_days *d);
void rhythm_days_free(struct rhythm_days *d);
void rhythm_compute(struct rhythm *r, struct agg *a, struct rhythm_days *d,
    const struct events *ev, const struct rhythm_params *rp, int64_t as_of_day);
int rhythm_first_period(const struct rhythm *r, uint32_t community, uint32_t member,
    int64_t *period);
int rhythm_beat(const struct rhythm_days *d, uint32_t community, uint32_t venue, int64_t day);
void rhythm_free(struct rhythm *r);
const char *cadence_name(enum cadence c);
const char *trend_name(enum trend t);
const char *stage_name(enum stage s);

/*
 * patterns.c. The ten patterns and five success factors of cop-patterns(1),
 * per community, as tables for a program to print. Set thresholds with
 * patterns_defaults (and patterns_set_threshold, patterns_load_strategic
 * for -t and -S); open the events; patterns_init; give patterns_add every
 * row events_next returns (it reads `level` and `period` columns when the
 * stream has them, and leaves bots out; it tells the period it counted a
 * row in); patterns_finish. Then p->set[0..
 * p->nset) holds one struct pattern_set per community, by name (the
 * community STR_NONE first): pattern[] in enum pattern order with verdict,
 * strength, evidence and advice, and factor[] in enum factor order.
 * patterns_find looks one up by community id. In a second pass,
 * patterns_signal gives the present patterns a row is evidence for (0: a
 * bad row to leave out, as in the first pass); patterns_signal_noted
 * gives the same from a counted row's note where no present pattern needs
 * more, and patterns_may_signal tells from a row's community and period
 * alone whether it can be evidence at all. Free with patterns_free and
 * patterns_params_free. Nothing here prints.
 */
enum pattern {
	PAT_BIG_BOYS_CLUB, PAT_SOLOPRENEUR, PAT_PASSIONLESS_GLOW, PAT_DROPPED_ANCHOR,
	PAT_BIG_BROTHER_CONFLICT,	/* the failures, then the successes */
	PAT_BAND_OF_BROTHERS, PAT_DIVERSITY_RULES, PAT_MUSICAL_CHAIRS, PAT_FAST_LANE,
	PAT_CIRCLE_OF_LIFE, PAT_COUNT
};
enum pattern_verdict { VERDICT_UNKNOWN, VERDICT_ABSENT, VERDICT_PRESENT };
enum factor {
	FACTOR_CORE_GROUP, FACTOR_COORDINATOR, FACTOR_EXPERTS, FACTOR_RHYTHM,
	FACTOR_SPONSORSHIP, FACTOR_COUNT
};
enum factor_status { FACTOR_UNKNOWN, FACTOR_WEAK, FACTOR_OK };
enum threshold {
	T_SPAN, T_GAP, T_COMPARE,
	T_BBC_SHARE, T_BBC_ENGAGEMENT,
	T_SOLO_SHARE, T_SOLO_RATIO, T_SOLO_HOSTING,
	T_GLOW_VOLUNTARY, T_GLOW_ATTENDANCE, T_GLOW_REGULARITY,
	T_ANCHOR_PRESENCE, T_ANCHOR_FALL,
	T_CONFLICT_FALL,
	T_BAND_MIN, T_BAND_MAX, T_BAND_PAIR, T_BAND_DENSITY, T_BAND_STAR,
	T_DIV_UNITS, T_DIV_DOMINANCE, T_DIV_TENURE, T_DIV_COVERAGE,
	T_CHAIRS_HOSTS, T_CHAIRS_TOP,
	T_LANE_SHARE, T_LANE_PRESENCE, T_LANE_DOMINANCE,
	T_CIRCLE_NEWCOMERS, T_CIRCLE_RETURN, T_CIRCLE_WAIT, T_CIRCLE_GROWTH,
	T_CORE_SIZE, T_CORE_REGULARITY, T_COORD_PRESENCE, T_EXPERT_PRESENCE,
	T_COUNT
};
struct threshold_info {
	const char *name;		/* as -t NAME=VALUE spells it */
	double value, min, max;		/* the default and the range allowed */
	int whole;			/* a count of periods or members */
	const char *what;		/* one line for --help */
};
struct pattern_params {
	double t[T_COUNT];		/* by enum threshold */
	struct level_params lp;		/* levels, when no `level` column */
	enum grain grain;		/* periods, when no `period` column */
	int grain_given;
	char **strategic;		/* -S: venues or keywords, lower-cased */
	size_t nstrategic;
	int have_strategic;
};
struct pattern_result {
	enum pattern_verdict verdict;
	double strength;		/* 0..1; 0 when the verdict is unknown */
	char *evidence;			/* one sentence with the numbers behind it */
	const char *advice;		/* for a present pattern; NULL otherwise */
};
struct factor_result {
	enum factor_status status;
	char *evidence;
};
struct pattern_set {			/* one community's verdicts */
	uint32_t community;		/* STR_NONE: the input has no community column */
	int64_t span_first, span_last;	/* the periods judged (span_first > span_last: none) */
	struct pattern_result pattern[PAT_COUNT];
	struct factor_result factor[FACTOR_COUNT];
	unsigned present;		/* bit (1u << pattern) per present pattern */
	int64_t signal_from;		/* no row of an earlier period is evidence */
};
struct patterns {			/* fields below are the library's own */
	const struct pattern_params *pp;
	struct members *dir;
	struct agg a;			/* member x period, struct pm_rec records */
	struct edges edges;		/* replies only, and not all of those before the span */
	struct edge_rec **edge_order;	/* the edges by community, while judging */
	int64_t edges_from;		/* patterns_keep_edges': kept after judging */
	struct rhythm_days days;	/* venue x day, for rhythm.c */
	struct rhythm_params rp;	/* rhythm.c's defaults, in our grain */
	struct rhythm rhythm;		/* periods, venues' cadences */
	int have_rhythm;
	struct keymap scheduled;	/* (community, venue) of the present glows' series */
	struct keymap people;		/* (community, member) -> the member's summary */
	uint32_t *person_hint;		/* member id -> people index + 1 (pass two), or 0 */
	size_t nperson_hint;
	int col_level, col_period;
	enum grain grain;
	int grain_known;
	int64_t last;			/* the last period of any counted event */
	struct period_memo {		/* the last `period` value parsed, and what it gave */
		char text[TIME_BUFSZ];
		size_t n;		/* 0: none yet */
		int64_t period;
		enum grain grain;
	} period_memo;
	signed char *venue_strategic;	/* by venue id: -1 not yet matched */
	size_t nvenue_strategic;
	const struct rhythm_venue **venue_by_id;	/* one community's at a time, else NULL */
	size_t nvenue_by_id;
	struct pattern_set *set;	/* by community name */
	size_t nset;
	size_t *set_of;			/* community id (ncommunities: none) -> set */
	size_t ncommunities;
};
const struct threshold_info *threshold_info(enum threshold t);
void patterns_defaults(struct pattern_params *pp);
void patterns_set_threshold(struct pattern_params *pp, const char *arg);
void patterns_load_strategic(struct pattern_params *pp, const char *path);
void patterns_params_free(struct pattern_params *pp);
const char *pattern_name(enum pattern pat);
const char *pattern_polarity(enum pattern pat);
const char *verdict_name(enum pattern_verdict v);
const char *factor_name(enum factor f);
const char *factor_status_name(enum factor_status s);
void patterns_init(struct patterns *p, const struct pattern_params *pp, struct events *ev,
    struct weights *w);
int patterns_add(struct patterns *p, struct events *ev, const struct event *e,
    int64_t *period);
void patterns_expect_last(struct patterns *p, struct events *ev);
int patterns_may_signal(const struct patterns *p, uint32_t community, int64_t period);
int patterns_signal_noted(struct patterns *p, const struct row_note *n, unsigned *mask);
void patterns_finish(struct patterns *p, struct events *ev);
const struct pattern_set *patterns_find(const struct patterns *p, uint32_t community);
int patterns_signal(struct patterns *p, struct events *ev, struct event *e,
    unsigned *mask);
void patterns_free(struct patterns *p);
struct agg *patterns_agg(struct patterns *p);
struct edges *patterns_edges(struct patterns *p);
void patterns_keep_edges(struct patterns *p, int64_t period);
struct rhythm_days *patterns_days(struct patterns *p);
const struct rhythm *patterns_rhythm(const struct patterns *p);
int patterns_thread_strategic(const struct pattern_params *pp, const char *s, size_t n);

/*
 * rollup.c: the rollup of cop-rollup(1), a TSV table of cells, each the
 * events of one (day, community, venue, member, action, reply_to) with
 * their count and first and last times. events.c reads a rollup in place
 * of events (events_open recognises its header): each cell comes back as
 * one event of e->count events, or two when its first and last times
 * differ (count - 1 at the first, 1 at the last), so every sum and every
 * minimum and maximum at a grain of a day or coarser is the events'.
 */
#define ROLLUP_SIGNATURE "#coptools-rollup"
#define ROLLUP_VERSION 1
#define ROLLUP_COUNT_MAX 999999999999999999ull	/* 18 digits: sums cannot wrap */
struct rollup_meta {
	int version;
	char *zone;		/* the zone of its days */
	int has_community;	/* the events had a `community` column */
	int has_strategic;	/* made with -S: cells say if their thread matched */
	uint64_t strategic;	/* the digest of that -S list */
};
struct rollup_cell {
	int64_t day, first, last;
	uint64_t count;
	int strategic;		/* -1: not kept */
	struct field community, venue, member, action, reply_to;
};
struct rollup_in {		/* events.c's reading state */
	struct rollup_meta meta;
	char *header;		/* its header line, to recognise it again */
	size_t header_len;
	struct event pending;	/* the second event of a split cell */
	int has_pending;
};
struct pattern_params;
int rollup_is_header(const char *line, size_t n);
void rollup_parse_header(const struct tsv *t, struct rollup_meta *m);
void rollup_check_same(const struct tsv *t, const struct rollup_meta *m,
    const struct rollup_meta *first, const char *first_name);
void rollup_check_line_end(const struct tsv *t);
void rollup_parse_cell(const struct tsv *t, const struct rollup_meta *m, struct tz *z,
    struct rollup_cell *c);
void rollup_meta_free(struct rollup_meta *m);
uint64_t rollup_strategic_digest(const struct pattern_params *pp);
void rollup_check_strategic(const struct events *ev, const struct pattern_params *pp);
int rollup_open(struct events *ev);
int rollup_next(struct events *ev, struct event *e);
void rollup_close(struct events *ev);
/* spill.c */
struct spill_ops {
	size_t recsize;		/* a record as the caller holds it */
	size_t maxenc;		/* the most bytes encode writes for one */
	size_t (*encode)(unsigned char *p, const void *rec, void *arg);
	size_t (*decode)(void *rec, const unsigned char *p, void *arg);
	int (*cmp)(const void *a, const void *b, void *arg);	/* 0: same key */
	void (*combine)(void *into, const void *rec, void *arg);
	void *arg;
};
struct spill_run {
	uint64_t off, len;
};
struct spill_src;
struct spill {
	const struct spill_ops *ops;
	int fd;			/* the runs' file, -1 until the first */
	char *path;		/* its name, for messages (unlinked) */
	uint64_t size;
	unsigned char *obuf;
	size_t olen;
	struct spill_run *run;	/* run[head..nruns) are still to merge */
	size_t head, nruns, runcap;
	struct spill_src *src;	/* the merge */
	size_t nsrc, *heap, nheap;
	void *cur;
};
size_t spill_put_uvarint(unsigned char *p, uint64_t v);
size_t spill_get_uvarint(const unsigned char *p, uint64_t *v);
size_t spill_put_svarint(unsigned char *p, int64_t v);
size_t spill_get_svarint(const unsigned char *p, int64_t *v);
void spill_init(struct spill *s, const struct spill_ops *ops);
void spill_run(struct spill *s, void *const *recs, size_t n);
void spill_merge(struct spill *s, void *const *mem, size_t nmem);
const void *spill_next(struct spill *s);
void spill_free(struct spill *s);
#endif
