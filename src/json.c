/*
 * json.c: a streaming JSON reader (RFC 8259), strict and bounded. The
 * tokenizer reads from a struct input one token at a time and checks the
 * grammar as it goes, so a truncated or broken file is an error naming the
 * line; nothing is read ahead. Exports are large arrays of small records
 * (a Slack day file, DiscordChatExporter's "messages"), so a caller walks
 * the outer levels token by token and builds one record at a time as a
 * small tree in an arena that is reset for the next: memory follows the
 * largest record, never the file.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

#define JSON_MAX_DEPTH 512
#define ARENA_BLOCK (1 << 16)

enum {				/* what the grammar allows next */
	EXPECT_VALUE,		/* a value: at the start, after ':' or ',' in an array */
	EXPECT_VALUE_OR_CLOSE,	/* after '[' */
	EXPECT_KEY,		/* after ',' in an object */
	EXPECT_KEY_OR_CLOSE,	/* after '{' */
	EXPECT_COLON,
	EXPECT_COMMA_OR_CLOSE,	/* after a value inside a container */
	EXPECT_END		/* after the top-level value */
};

void
json_init(struct json *j, struct input *in)
{
	memset(j, 0, sizeof *j);
	j->in = in;
	j->line = 1;
	j->state = EXPECT_VALUE;
	buf_reset(&j->str);
}

void
json_free(struct json *j)
{
	buf_free(&j->str);
	free(j->stack);
}

static int fail(struct json *, const char *, ...) COP_PRINTF(2, 3);

static int
fail(struct json *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->err, sizeof j->err, fmt, ap);
	va_end(ap);
	j->err_line = j->line;
	j->failed = 1;
	return JSON_ERROR;
}

/* The character c for a message: itself if printable, else \xNN. */
static const char *
shown(int c)
{
	static char s[16];

	if (c < 0)
		return "the end of the file";
	if (c > 0x20 && c < 0x7f && c != '"' && c != '\\')
		snprintf(s, sizeof s, "'%c'", c);
	else
		snprintf(s, sizeof s, "\\x%02x", c);
	return s;
}

static const char *
inside(const struct json *j)
{
	if (j->depth == 0)
		return "before any value";
	return j->stack[j->depth - 1] == '{' ? "inside an object" : "inside an array";
}

static int
skip_space(struct json *j)
{
	int c;

	for (;;) {
		c = input_getc(j->in);
		if (c == '\n')
			j->line++;
		else if (c != ' ' && c != '\t' && c != '\r')
			return c;
	}
}

static int
hex4(struct json *j, uint32_t *v)
{
	int i, c;

	*v = 0;
	for (i = 0; i < 4; i++) {
		c = input_getc(j->in);
		if (c >= '0' && c <= '9')
			*v = *v << 4 | (uint32_t)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			*v = *v << 4 | (uint32_t)((c | 0x20) - 'a' + 10);
		else
			return -1;
	}
	return 0;
}

/* "\u" escapes, a surrogate pair joined; a lone surrogate is U+FFFD. */
static int
unicode_escape(struct json *j)
{
	uint32_t cp, low;
	char enc[4];

	if (hex4(j, &cp))
		return fail(j, "bad \\u escape in a string");
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (input_peekc(j->in) == '\\') {
			input_getc(j->in);
			if (input_getc(j->in) != 'u' || hex4(j, &low))
				return fail(j, "bad \\u escape in a string");
			if (low >= 0xdc00 && low <= 0xdfff)
				cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
			else {
				buf_add(&j->str, enc, utf8_encode(0xfffd, enc));
				cp = low;
			}
		}
	}
	buf_add(&j->str, enc, utf8_encode(cp, enc));
	return 0;
}

static int
escape(struct json *j)
{
	int c = input_getc(j->in);

	switch (c) {
	case '"': case '\\': case '/':
		buf_addc(&j->str, (char)c);
		return 0;
	case 'b': buf_addc(&j->str, '\b'); return 0;
	case 'f': buf_addc(&j->str, '\f'); return 0;
	case 'n': buf_addc(&j->str, '\n'); return 0;
	case 'r': buf_addc(&j->str, '\r'); return 0;
	case 't': buf_addc(&j->str, '\t'); return 0;
	case 'u': return unicode_escape(j);
	}
	if (c < 0)
		return fail(j, "truncated JSON: the file ends inside a string");
	return fail(j, "bad escape in a string: backslash then %s", shown(c));
}

/* The rest of a string after its opening quote, decoded into j->str. */
static int
string(struct json *j)
{
	struct input *in = j->in;
	int c;

	buf_reset(&j->str);
	for (;;) {
		size_t start = in->pos, k = start;

		while (k < in->end && in->buf[k] != '"' && in->buf[k] != '\\' &&
		    (unsigned char)in->buf[k] >= 0x20)
			k++;
		buf_add(&j->str, in->buf + start, k - start);
		in->pos = k;
		c = input_getc(in);
		if (c == '"')
			return 0;
		if (c == '\\') {
			if (escape(j) == JSON_ERROR)
				return -1;
		} else if (c < 0) {
			fail(j, "truncated JSON: the file ends inside a string");
			return -1;
		} else if (c < 0x20) {
			fail(j, "a control character (%s) inside a string", shown(c));
			return -1;
		} else
			buf_addc(&j->str, (char)c);
	}
}

static int
digits_into(struct json *j)
{
	int c, n = 0;

	while ((c = input_peekc(j->in)) >= '0' && c <= '9') {
		buf_addc(&j->str, (char)input_getc(j->in));
		n++;
	}
	return n;
}

/* A number, its text kept in j->str: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int
number(struct json *j, int first)
{
	int c;

	buf_reset(&j->str);
	buf_addc(&j->str, (char)first);
	if (first == '-') {
		c = input_peekc(j->in);
		if (c < '0' || c > '9')
			return fail(j, "bad number: '-' without digits");
		first = input_getc(j->in);
		buf_addc(&j->str, (char)first);
	}
	if (first != '0')
		digits_into(j);
	if (input_peekc(j->in) == '.') {
		buf_addc(&j->str, (char)input_getc(j->in));
		if (digits_into(j) == 0)
			return fail(j, "bad number: no digits after '.'");
	}
	c = input_peekc(j->in);
	if (c == 'e' || c == 'E') {
		buf_addc(&j->str, (char)input_getc(j->in));
		c = input_peekc(j->in);
		if (c == '+' || c == '-')
			buf_addc(&j->str, (char)input_getc(j->in));
		if (digits_into(j) == 0)
			return fail(j, "bad number: no digits in the exponent");
	}
	c = input_peekc(j->in);
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return fail(j, "bad number: %s after %s", shown(c), j->str.p);
	return JSON_NUMBER;
}

static int
literal(struct json *j, const char *rest, int tok)
{
	int c;

	for (; *rest; rest++)
		if ((c = input_getc(j->in)) != *rest)
			return fail(j, "bad literal: %s where '%c' was expected", shown(c), *rest);
	c = input_peekc(j->in);
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return fail(j, "bad literal: %s after it", shown(c));
	return tok;
}

static int
push(struct json *j, char kind)
{
	if (j->depth >= JSON_MAX_DEPTH)
		return fail(j, "nested more than %d levels deep", JSON_MAX_DEPTH);
	xgrow(&j->stack, &j->stackcap, j->depth + 1, 1);
	j->stack[j->depth++] = (unsigned char)kind;
	return 0;
}

/* After a complete value: what may follow depends on the container. */
static void
after_value(struct json *j)
{
	j->state = j->depth == 0 ? EXPECT_END : EXPECT_COMMA_OR_CLOSE;
}

static int
close_container(struct json *j, int c)
{
	char want = c == '}' ? '{' : '[';

	if (j->depth == 0 || j->stack[j->depth - 1] != want)
		return fail(j, "unexpected %s %s", shown(c), inside(j));
	j->depth--;
	after_value(j);
	return c == '}' ? JSON_OBJ_END : JSON_ARR_END;
}

/* A value's first character c, in a state that allows a value. */
static int
value(struct json *j, int c)
{
	int tok;

	switch (c) {
	case '{':
		if (push(j, '{'))
			return JSON_ERROR;
		j->state = EXPECT_KEY_OR_CLOSE;
		return JSON_OBJ_BEGIN;
	case '[':
		if (push(j, '['))
			return JSON_ERROR;
		j->state = EXPECT_VALUE_OR_CLOSE;
		return JSON_ARR_BEGIN;
	case '"':
		tok = string(j) ? JSON_ERROR : JSON_STRING;
		break;
	case 't':
		tok = literal(j, "rue", JSON_TRUE);
		break;
	case 'f':
		tok = literal(j, "alse", JSON_FALSE);
		break;
	case 'n':
		tok = literal(j, "ull", JSON_NULL);
		break;
	default:
		if (c == '-' || (c >= '0' && c <= '9')) {
			tok = number(j, c);
			break;
		}
		if (c < 0 && j->depth == 0 && input_offset(j->in) == 0)
			return fail(j, "no JSON value (an empty file)");
		if (c < 0)
			return fail(j, "truncated JSON: the file ends %s", inside(j));
		return fail(j, "unexpected %s where a value was expected", shown(c));
	}
	if (tok != JSON_ERROR)
		after_value(j);
	return tok;
}

static int
next_token(struct json *j)
{
	int c = skip_space(j);

	switch (j->state) {
	case EXPECT_END:
		if (c < 0)
			return JSON_EOF;
		return fail(j, "%s after the end of the JSON value", shown(c));
	case EXPECT_VALUE_OR_CLOSE:
		if (c == ']')
			return close_container(j, c);
		/* FALLTHROUGH */
	case EXPECT_VALUE:
		return value(j, c);
	case EXPECT_KEY_OR_CLOSE:
		if (c == '}')
			return close_container(j, c);
		/* FALLTHROUGH */
	case EXPECT_KEY:
		if (c != '"')
			return fail(j, c < 0 ? "truncated JSON: the file ends %s" :
			    "unexpected %s where a key was expected", c < 0 ? inside(j) : shown(c));
		if (string(j))
			return JSON_ERROR;
		j->state = EXPECT_COLON;
		return JSON_KEY;
	case EXPECT_COLON:
		if (c != ':')
			return fail(j, c < 0 ? "truncated JSON: the file ends %s" :
			    "%s where ':' was expected", c < 0 ? inside(j) : shown(c));
		j->state = EXPECT_VALUE;
		return next_token(j);
	case EXPECT_COMMA_OR_CLOSE:
		if (c == ',') {
			j->state = j->stack[j->depth - 1] == '{' ? EXPECT_KEY : EXPECT_VALUE;
			return next_token(j);
		}
		if (c == '}' || c == ']')
			return close_container(j, c);
		if (c < 0)
			return fail(j, "truncated JSON: the file ends %s", inside(j));
		return fail(j, "%s where ',' or '%c' was expected", shown(c),
		    j->stack[j->depth - 1] == '{' ? '}' : ']');
	}
	return fail(j, "internal error: bad state");
}

/*
 * The next token: JSON_EOF after the top-level value, JSON_ERROR (j->err,
 * j->err_line) on anything wrong, which stays wrong: a JSON file cannot be
 * resynchronised. A string, key or number's text is in j->str.
 */
int
json_next(struct json *j)
{
	int tok;

	if (j->failed)
		return JSON_ERROR;
	tok = next_token(j);
	j->tok_line = j->line;
	return tok;
}

/* Skip one whole value (its first token already taken as tok). */
int
json_skip(struct json *j, int tok)
{
	size_t depth = 0;

	for (;;) {
		if (tok == JSON_ERROR)
			return -1;
		if (tok == JSON_OBJ_BEGIN || tok == JSON_ARR_BEGIN)
			depth++;
		else if (tok == JSON_OBJ_END || tok == JSON_ARR_END)
			depth--;
		else if (tok == JSON_EOF || (tok == JSON_KEY && depth == 0))
			return fail(j, "internal error: skip outside a value");
		if (depth == 0)
			return 0;
		tok = json_next(j);
	}
}

/* The arena: blocks kept across resets, so a run allocates its largest record once. */

void
jarena_reset(struct jarena *a)
{
	a->cur = 0;
	a->used = 0;
}

void
jarena_free(struct jarena *a)
{
	size_t i;

	for (i = 0; i < a->nblocks; i++)
		free(a->block[i]);
	free(a->block);
	free(a->size);
	memset(a, 0, sizeof *a);
}

static void *
jarena_alloc(struct jarena *a, size_t n)
{
	void *p;

	n = (n + 15) & ~(size_t)15;
	while (a->cur < a->nblocks && a->used + n > a->size[a->cur]) {
		a->cur++;
		a->used = 0;
	}
	if (a->cur == a->nblocks) {
		size_t cap = a->blockcap;

		xgrow(&a->block, &a->blockcap, a->nblocks + 1, sizeof *a->block);
		if (a->blockcap != cap)
			a->size = xreallocarray(a->size, a->blockcap, sizeof *a->size);
		a->size[a->nblocks] = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		a->block[a->nblocks++] = xmalloc(a->size[a->cur]);
		a->used = 0;
	}
	p = (char *)a->block[a->cur] + a->used;
	a->used += n;
	return p;
}

static const char *
jarena_str(struct jarena *a, const struct buf *b)
{
	char *p = jarena_alloc(a, b->n + 1);

	memcpy(p, b->p, b->n);
	p[b->n] = '\0';
	return p;
}

static struct jv *
new_value(struct json *j, struct jarena *a, int tok)
{
	struct jv *v = jarena_alloc(a, sizeof *v);

	memset(v, 0, sizeof *v);
	v->line = j->tok_line;
	switch (tok) {
	case JSON_OBJ_BEGIN: v->type = JV_OBJECT; break;
	case JSON_ARR_BEGIN: v->type = JV_ARRAY; break;
	case JSON_STRING: v->type = JV_STRING; break;
	case JSON_NUMBER: v->type = JV_NUMBER; break;
	case JSON_TRUE: v->type = JV_TRUE; break;
	case JSON_FALSE: v->type = JV_FALSE; break;
	default: v->type = JV_NULL; break;
	}
	if (tok == JSON_STRING || tok == JSON_NUMBER) {
		v->s = jarena_str(a, &j->str);
		v->n = j->str.n;
	}
	return v;
}

/* The members of the container v, whose opening token is taken. */
static int
read_members(struct json *j, struct jarena *a, struct jv *v)
{
	struct jv **tail = &v->child, *child;
	const char *key = NULL;
	size_t keylen = 0;
	int tok;

	for (;;) {
		tok = json_next(j);
		if (tok == JSON_ERROR)
			return -1;
		if (tok == JSON_OBJ_END || tok == JSON_ARR_END)
			return 0;
		if (tok == JSON_KEY) {
			key = jarena_str(a, &j->str);
			keylen = j->str.n;
			tok = json_next(j);
		}
		if (json_read_from(j, a, tok, &child))
			return -1;
		child->key = key;
		child->keylen = keylen;
		*tail = child;
		tail = &child->next;
		v->count++;
	}
}

/* Build the value whose first token is tok as a tree in a. */
int
json_read_from(struct json *j, struct jarena *a, int tok, struct jv **out)
{
	struct jv *v;

	if (tok == JSON_ERROR || tok == JSON_EOF || tok == JSON_KEY || tok == JSON_OBJ_END ||
	    tok == JSON_ARR_END) {
		if (tok != JSON_ERROR)
			fail(j, "internal error: no value to read");
		return -1;
	}
	v = new_value(j, a, tok);
	*out = v;
	if (v->type == JV_OBJECT || v->type == JV_ARRAY)
		return read_members(j, a, v);
	return 0;
}

int
json_read(struct json *j, struct jarena *a, struct jv **out)
{
	return json_read_from(j, a, json_next(j), out);
}

/* Access to a tree. */

const struct jv *
jv_get(const struct jv *obj, const char *key)
{
	const struct jv *c;
	size_t n = strlen(key);

	if (obj == NULL || obj->type != JV_OBJECT)
		return NULL;
	for (c = obj->child; c != NULL; c = c->next)
		if (c->keylen == n && memcmp(c->key, key, n) == 0)
			return c;
	return NULL;
}

/* The string of v, or NULL (not a string, or absent); its length in *n. */
const char *
jv_str(const struct jv *v, size_t *n)
{
	if (v == NULL || v->type != JV_STRING) {
		*n = 0;
		return NULL;
	}
	*n = v->n;
	return v->s;
}

/* The first element of the array obj[key], NULL if none; the rest follow by next. */
const struct jv *
jv_items(const struct jv *obj, const char *key)
{
	const struct jv *a = jv_get(obj, key);

	return a != NULL && a->type == JV_ARRAY ? a->child : NULL;
}

/* Whether v is present and neither null nor false (nor "", nor 0). */
int
jv_truthy(const struct jv *v)
{
	if (v == NULL || v->type == JV_NULL || v->type == JV_FALSE)
		return 0;
	if (v->type == JV_STRING)
		return v->n > 0;
	if (v->type == JV_NUMBER)
		return !(v->n == 1 && v->s[0] == '0');
	return 1;
}
