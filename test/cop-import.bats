#!/usr/bin/env bats
# cop-import: real exports in, TSV v1 out. The samples in data/import are
# ours, shaped like the real exports; each expectation is worked out by
# hand from the sample and the mapping in man/cop-import.1 (times: the
# file's wall clock in the -z zone, minus that zone's offset on the day).

load helper

I="$DATA/import"
HEADER=$'time\tmember\taction\tvenue\tthread\treply_to'

# --- the program --------------------------------------------------------

@test "--help prints the usage on stdout and exits 0" {
	run -0 --separate-stderr cop-import --help
	[ "${lines[0]}" = "usage: cop-import [-aktv] [-d DELIM] [-D ORDER] [-T FORMAT] [-f NAME=COL]" ]
	assert_stderr ""
}

@test "--version prints the version" {
	run -0 cop-import --version
	[[ "$output" == "cop-import (coptools) "* ]]
}

@test "an unknown format is a usage error" {
	run -2 --separate-stderr cop-import xls file.xls
	assert_output ""
	assert_stderr 'cop-import: unknown format "xls" (csv, slack, discord, whatsapp, zoom, teams, mbox or git)'
}

@test "no format is a usage error" {
	run -2 --separate-stderr cop-import -v
	assert_stderr 'cop-import: no format given (csv, slack, discord, whatsapp, zoom, teams, mbox or git)'
}

@test "an unknown option is a usage error" {
	run -2 --separate-stderr cop-import -M x csv
	[ "${stderr_lines[0]}" = "cop-import: invalid option -- 'M'" ]
}

@test "options one format reads are refused with another" {
	run -2 --separate-stderr cop-import -T '%F' slack x
	assert_stderr 'cop-import: --time-format is for csv, not slack'
	run -2 --separate-stderr cop-import -f time=Date mbox x
	[ "${stderr_lines[0]}" = "cop-import: -f is for csv, not mbox" ]
	run -2 --separate-stderr cop-import -d ';' zoom x
	[ "${stderr_lines[0]}" = "cop-import: -d is for csv, not zoom" ]
}

@test "a bad --date-order, -d, --time-format or --tz is a usage error" {
	run -2 --separate-stderr cop-import -D myd csv
	[ "${stderr_lines[0]}" = 'cop-import: --date-order: "myd" is not dmy, mdy or ymd' ]
	run -2 --separate-stderr cop-import -d ';;' csv
	[ "${stderr_lines[0]}" = 'cop-import: -d: ";;" is not one character (other than a quote or a line end)' ]
	run -2 --separate-stderr cop-import -T '%d/%m %H:%M' csv
	[ "${stderr_lines[0]}" = 'cop-import: --time-format "%d/%m %H:%M": no complete date (a year, a month and a day, or %s)' ]
	run -2 --separate-stderr cop-import -T '%Y-%m-%d %I:%M' csv
	[ "${stderr_lines[0]}" = 'cop-import: --time-format "%Y-%m-%d %I:%M": a 12-hour %I without %p' ]
	run -2 --separate-stderr cop-import -T '%Y-%m-%d %Q' csv
	[[ "${stderr_lines[0]}" == 'cop-import: --time-format "%Y-%m-%d %Q": an unknown conversion (known: %Y '* ]]
	run -2 --separate-stderr cop-import -z Mars/Olympus csv
	[[ "${stderr_lines[0]}" == 'cop-import: --tz: unknown time zone "Mars/Olympus"'* ]]
}

@test "a missing file and a directory where a file is expected are data errors" {
	run -1 --separate-stderr cop-import csv "$BATS_TEST_TMPDIR/none.csv"
	assert_stderr "cop-import: $BATS_TEST_TMPDIR/none.csv: No such file or directory"
	run -1 --separate-stderr cop-import whatsapp "$I/whatsapp"
	assert_stderr "cop-import: $I/whatsapp: Is a directory"
}

# --- csv ----------------------------------------------------------------

@test "csv: RFC 4180 with a BOM and CRLF, every time form, our columns by name" {
	# 10:15+01:00 is 09:15Z; 1709636400 is 2024-03-05T11:00:00Z; an empty
	# action is a post.
	run -0 --separate-stderr cop-import csv "$I/csv/basic.csv"
	assert_output "$(tsv "$HEADER" \
		'2024-03-05T09:00:00Z|Zoë 🌱|post|#general|t1|' \
		'2024-03-05T09:15:00Z|Иван Петров|reply|#general|t1|Zoë 🌱' \
		'2024-03-05T11:00:00Z|李雷|post|#random||')"
	assert_stderr ""
}

@test "csv: --text adds the text, quotes undoubled, line breaks and tabs as spaces" {
	run -0 cop-import -t csv "$I/csv/basic.csv"
	assert_output "$(tsv "$HEADER|text" \
		'2024-03-05T09:00:00Z|Zoë 🌱|post|#general|t1||Hello, "world"' \
		'2024-03-05T09:15:00Z|Иван Петров|reply|#general|t1|Zoë 🌱|line one line two with a tab' \
		'2024-03-05T11:00:00Z|李雷|post|#random|||plain')"
}

@test "csv: -d, -f and a day-first date the file decides, across a DST change" {
	# 15.03 has a day above 12: day-first. Berlin is +01:00 on 15 March
	# (14:30 is 13:30Z) and +02:00 on 2 April (09:05 is 07:05Z).
	run -0 cop-import -d ';' -f time=Datum,member=Autor -f venue=Kanal,text=Nachricht \
		-t -z Europe/Berlin csv "$I/csv/semicolon.csv"
	assert_output "$(tsv "$HEADER|text" \
		'2024-03-15T13:30:00Z|Jürgen Groß|post|Allgemein|||Guten Tag; alle' \
		'2024-04-02T07:05:00Z|Åsa Öberg|post|Allgemein|||Hej')"
}

@test "csv: -f takes a column number" {
	run -0 cop-import -d ';' -f time=1,member=2 -z Europe/Berlin csv "$I/csv/semicolon.csv"
	assert_line_count 3
	[ "${lines[2]}" = "$(tsv '2024-04-02T07:05:00Z|Åsa Öberg|post|||')" ]
	run -2 --separate-stderr cop-import -d ';' -f time=9,member=2 csv "$I/csv/semicolon.csv"
	[ "${stderr_lines[0]}" = "cop-import: -f time=9: $I/csv/semicolon.csv has 4 columns" ]
}

@test "csv: --time-format reads local 12-hour times, DST by the zone's rules" {
	# New York: EST (-5) until 2024-03-10 02:00, then EDT (-4); 01:30 on
	# 3 November is the repeated hour, read as its first (EDT) occurrence.
	run -0 cop-import -T '%m/%d/%Y %I:%M:%S %p' -f time=When,member=Who \
		-z America/New_York csv "$I/csv/us-times.csv"
	assert_output "$(tsv "$HEADER" \
		'2024-03-10T04:30:00Z|ana|post|||' \
		'2024-03-10T06:59:59Z|ana|post|||' \
		'2024-03-10T07:00:00Z|ben|post|||' \
		'2024-11-03T05:30:00Z|ben|post|||')"
}

@test "csv: a date order nothing in the file decides is refused, naming --date-order" {
	run -1 --separate-stderr cop-import csv "$I/csv/undecidable.csv"
	assert_output "$HEADER"
	assert_stderr "cop-import: $I/csv/undecidable.csv: cannot tell day-first from month-first dates (no day above 12): give --date-order dmy or mdy"
}

@test "csv: --date-order reads it either way" {
	run -0 cop-import -D mdy csv "$I/csv/undecidable.csv"
	assert_output "$(tsv "$HEADER" '2024-01-02T10:00:00Z|ann|post|||' '2024-03-04T11:00:00Z|bob|post|||')"
	run -0 cop-import --date-order dmy csv "$I/csv/undecidable.csv"
	assert_output "$(tsv "$HEADER" '2024-02-01T10:00:00Z|ann|post|||' '2024-04-03T11:00:00Z|bob|post|||')"
}

@test "csv: a date against the order the file shows names the line that showed it" {
	printf 'time,member\n13/01/2024 10:00,ann\n01/13/2024 10:00,bob\n' > "$BATS_TEST_TMPDIR/x.csv"
	run -1 --separate-stderr cop-import csv "$BATS_TEST_TMPDIR/x.csv"
	assert_stderr "cop-import: $BATS_TEST_TMPDIR/x.csv:3: time: cannot parse \"01/13/2024 10:00\" (dates here are dmy, as line 2 shows)"
}

@test "csv: a broken quote stops the run with its line" {
	run -1 --separate-stderr cop-import csv "$I/csv/broken-quote.csv"
	assert_output "$(tsv "$HEADER" '2024-01-01T00:00:00Z|ann|post|||')"
	assert_stderr "cop-import: $I/csv/broken-quote.csv:3: \"x\" after a closing quote (a quote inside a quoted field must be doubled)"
}

@test "csv: -k skips broken records, each reported, then their number" {
	run -0 --separate-stderr cop-import -k csv "$I/csv/broken-quote.csv"
	assert_output "$(tsv "$HEADER" '2024-01-01T00:00:00Z|ann|post|||')"
	assert_stderr <<-END
	cop-import: $I/csv/broken-quote.csv:3: "x" after a closing quote (a quote inside a quoted field must be doubled)
	cop-import: $I/csv/broken-quote.csv:4: a quoted field is never closed (the quote opens here)
	cop-import: skipped 2 bad records (-k)
	END
}

@test "csv: bad rows name the file, line and column" {
	printf 'time,member,action\n2024-13-01,ann,post\n2024-01-01,,post\n,bob,post\n2024-01-01,cy\n' \
		> "$BATS_TEST_TMPDIR/bad.csv"
	run -0 --separate-stderr cop-import -k csv "$BATS_TEST_TMPDIR/bad.csv"
	assert_output "$HEADER"
	assert_stderr <<-END
	cop-import: $BATS_TEST_TMPDIR/bad.csv:2: time: cannot parse "2024-13-01"
	cop-import: $BATS_TEST_TMPDIR/bad.csv:3: member: empty
	cop-import: $BATS_TEST_TMPDIR/bad.csv:4: time: empty
	cop-import: $BATS_TEST_TMPDIR/bad.csv:5: 2 fields where the header has 3
	cop-import: skipped 4 bad records (-k)
	END
}

@test "csv: a time --time-format cannot read names the format" {
	printf 'time,member\n2024-01-01,ann\n' > "$BATS_TEST_TMPDIR/t.csv"
	run -1 --separate-stderr cop-import -T '%d/%m/%Y' csv "$BATS_TEST_TMPDIR/t.csv"
	assert_stderr "cop-import: $BATS_TEST_TMPDIR/t.csv:2: time: cannot parse \"2024-01-01\" with --time-format %d/%m/%Y"
}

@test "csv: a required column neither found nor mapped is a usage error" {
	run -2 --separate-stderr cop-import csv "$I/csv/semicolon.csv"
	assert_stderr "cop-import: $I/csv/semicolon.csv: no column \"time\" (columns found: \"Datum;Autor;Kanal;Nachricht\")"
	run -2 --separate-stderr cop-import -t csv "$I/csv/undecidable.csv"
	[ "${stderr_lines[0]}" = "cop-import: $I/csv/undecidable.csv: no column \"text\" (columns found: \"time\", \"member\")" ]
	run -2 --separate-stderr cop-import -f time=When csv "$I/csv/undecidable.csv"
	[ "${stderr_lines[0]}" = "cop-import: $I/csv/undecidable.csv: no column \"When\" for time (columns found: \"time\", \"member\")" ]
	run -2 --separate-stderr cop-import -f colour=x csv "$I/csv/undecidable.csv"
	[[ "${stderr_lines[0]}" == 'cop-import: -f: "colour" is not a column of ours'* ]]
}

@test "csv: a binary file is refused" {
	printf 'time,member\n2024-01-01,a\0b\n' > "$BATS_TEST_TMPDIR/bin.csv"
	run -1 --separate-stderr cop-import csv "$BATS_TEST_TMPDIR/bin.csv"
	assert_stderr "cop-import: $BATS_TEST_TMPDIR/bin.csv:2: a NUL byte: not a text file"
}

@test "csv: an empty file gives the header only, from stdin too" {
	run -0 --separate-stderr cop-import csv "$I/csv/empty.csv"
	assert_output "$HEADER"
	run -0 --separate-stderr cop-import csv < "$I/csv/empty.csv"
	assert_output "$HEADER"
	assert_stderr ""
}

@test "csv: standard input is read twice when the file must decide the date order" {
	run -0 cop-import csv - < "$I/csv/semicolon.csv" -d ';' -f time=Datum,member=Autor
	assert_line_count 3
	[ "${lines[1]}" = "$(tsv '2024-03-15T14:30:00Z|Jürgen Groß|post|||')" ]
}

@test "--since and --until select rows; -v counts those left out" {
	run -0 --separate-stderr cop-import -v -B 2024-03-05T09:10 -E 2024-03-05T11:00 csv "$I/csv/basic.csv"
	assert_output "$(tsv "$HEADER" '2024-03-05T09:15:00Z|Иван Петров|reply|#general|t1|Zoë 🌱')"
	assert_stderr $'cop-import: 1 row: 1 reply\ncop-import: 2 rows outside --since/--until'
}

@test "--venue sets every row's venue" {
	run -0 cop-import -n 'Garden 🌻' csv "$I/csv/basic.csv"
	[ "$(cut -f4 <<<"$output" | sort -u | tr '\n' '|')" = "Garden 🌻|venue|" ]
}

# --- slack --------------------------------------------------------------

# Folders in byte order (D01X, design, general), day files by date; ts
# 1711796400 is 2024-03-30T11:00:00Z. In general/: li.lei's reply has no
# parent_user_id, so its parent's author comes from the thread's first
# message; the broadcast of 31 March is in that thread too; reactions are
# at their message's time and answer its author (deploy-bot, a bot).
SLACK_ROWS=(
	'2024-04-02T10:00:00Z|ivan|post|D01X||'
	'2024-04-01T10:00:00Z|ana|post|design||'
	'2024-04-01T11:00:00Z|ivan|join|design||'
	'2024-03-30T10:00:00Z|li.lei|join|general||'
	'2024-03-30T11:00:00Z|ana|post|general|1711796400.000200|'
	'2024-03-30T11:00:00Z|ivan|react|general|1711796400.000200|ana'
	'2024-03-30T11:00:00Z|li.lei|react|general|1711796400.000200|ana'
	'2024-03-30T12:00:00Z|ivan|reply|general|1711796400.000200|ana'
	'2024-03-30T13:00:00Z|li.lei|reply|general|1711796400.000200|ana'
	'2024-03-30T14:00:00Z|deploy-bot|post|general||'
	'2024-03-30T14:00:00Z|ana|react|general||deploy-bot'
	'2024-03-31T09:00:00Z|standup-bot|post|general||'
	'2024-03-31T10:00:00Z|li.lei|reply|general|1711796400.000200|ana'
	'2024-03-31T11:00:00Z|ivan|leave|general||'
	'2024-03-31T13:00:00Z|U09GONE|post|general||'
)

@test "slack: an export folder, threads, reactions, bots, joins and leaves" {
	run -0 --separate-stderr cop-import slack "$I/slack/export"
	assert_output "$(tsv "$HEADER" "${SLACK_ROWS[@]}")"
	assert_stderr ""
}

@test "slack: -v counts the rows and every record left out, by kind" {
	# tada: count 3, two users listed; channel_topic and huddle_thread are
	# subtypes we do not import.
	run -0 --separate-stderr cop-import -v slack "$I/slack/export"
	assert_stderr <<-'END'
	cop-import: 15 rows: 2 join, 1 leave, 6 post, 3 react, 3 reply
	cop-import: 3 records not imported: 1 reactions by users the export does not list, 1 subtype channel_topic, 1 subtype huddle_thread
	END
}

@test "slack: --text keeps what people wrote, tabs and newlines as spaces" {
	run -0 cop-import -t slack "$I/slack/export"
	[ "${lines[8]}" = "$(tsv '2024-03-30T12:00:00Z|ivan|reply|general|1711796400.000200|ana|Я приду с другом')" ]
	[ "${lines[9]}" = "$(tsv '2024-03-30T13:00:00Z|li.lei|reply|general|1711796400.000200|ana|me too see you there')" ]
	[ "${lines[6]}" = "$(tsv '2024-03-30T11:00:00Z|ivan|react|general|1711796400.000200|ana|:tada:')" ]
}

@test "slack: -m writes the members seen, bots with role bot, names as aliases" {
	# users.json's \u escapes decode to the names; li.lei's empty display
	# name is no alias; deploy-bot (a bot_message) is known by name only.
	run -0 cop-import -m "$BATS_TEST_TMPDIR/members.tsv" slack "$I/slack/export"
	run -0 cat "$BATS_TEST_TMPDIR/members.tsv"
	assert_output "$(tsv 'member|role|aliases' \
		'U09GONE||' \
		'ana||Ana,Ana María López,U01ANA,ana@example.org' \
		'deploy-bot|bot|' \
		'ivan||U02IVAN,ivan@example.org,Ваня 🌻,Иван Петров' \
		'li.lei||U03LI,li@example.org,李雷' \
		'standup-bot|bot|Standup Bot,U04BOT')"
}

@test "slack: the members directory of -m is one cop-classify reads" {
	cop-import -m "$BATS_TEST_TMPDIR/m.tsv" slack "$I/slack/export" > "$BATS_TEST_TMPDIR/e.tsv"
	run -0 --separate-stderr cop-classify -s -M "$BATS_TEST_TMPDIR/m.tsv" "$BATS_TEST_TMPDIR/e.tsv"
	assert_stderr "cop-classify: note: 2 rows by 2 bots left out of the figures"
}

@test "slack: -a keys members on their e-mail address where users.json has one" {
	run -0 cop-import -a slack "$I/slack/export"
	[ "${lines[1]}" = "$(tsv '2024-04-02T10:00:00Z|ivan@example.org|post|D01X||')" ]
	[ "${lines[12]}" = "$(tsv '2024-03-31T09:00:00Z|standup-bot|post|general||')" ]
}

@test "slack: a truncated day file names the file and line" {
	run -1 --separate-stderr cop-import slack "$I/slack/truncated"
	assert_output "$(tsv "$HEADER" '2024-01-01T10:00:00Z|ana|post|general||')"
	assert_stderr "cop-import: $I/slack/truncated/general/2024-01-01.json:11: truncated JSON: the file ends inside a string"
}

@test "slack: -k skips the rest of a broken file and counts it" {
	run -0 --separate-stderr cop-import -k slack "$I/slack/truncated"
	assert_stderr <<-END
	cop-import: $I/slack/truncated/general/2024-01-01.json:11: truncated JSON: the file ends inside a string
	cop-import: skipped 1 bad record (-k)
	END
}

@test "slack: an empty export gives the header only" {
	run -0 --separate-stderr cop-import -v slack "$I/slack/empty"
	assert_output "$HEADER"
	assert_stderr "cop-import: 0 rows"
}

@test "slack: a file, a folder that is no export, or none, is refused" {
	run -1 --separate-stderr cop-import slack "$I/csv/basic.csv"
	assert_stderr "cop-import: $I/csv/basic.csv: not a directory (a Slack export is a folder: unzip the export first)"
	run -1 --separate-stderr cop-import slack "$I/csv"
	assert_stderr "cop-import: $I/csv: not a Slack export (no users.json or channels.json in it)"
	run -2 --separate-stderr cop-import slack
	[ "${stderr_lines[0]}" = "cop-import: slack: give the export folder" ]
}

@test "slack: messages without a time or an author are bad records" {
	mkdir -p "$BATS_TEST_TMPDIR/x/c"
	echo '[]' > "$BATS_TEST_TMPDIR/x/users.json"
	printf '[\n{"type": "message", "user": "U1", "ts": "soon"},\n{"type": "message", "ts": "1.0"},\n"text"\n]\n' \
		> "$BATS_TEST_TMPDIR/x/c/2024-01-01.json"
	run -0 --separate-stderr cop-import -k slack "$BATS_TEST_TMPDIR/x"
	assert_stderr <<-END
	cop-import: $BATS_TEST_TMPDIR/x/c/2024-01-01.json:2: a message without a valid "ts"
	cop-import: $BATS_TEST_TMPDIR/x/c/2024-01-01.json:3: a message without "user" or bot name
	cop-import: $BATS_TEST_TMPDIR/x/c/2024-01-01.json:4: a message without a valid "ts"
	cop-import: skipped 3 bad records (-k)
	END
}

# --- discord ------------------------------------------------------------

DC_CHANNEL="$I/discord/Makers - Text - général [900000000000000010].json"
DC_THREAD="$I/discord/Makers - général - Plans 2024 [900000000000000020].json"
DC_CSV="$I/discord/Makers - Text - général [900000000000000010].csv"
# 10:01:00.123+02:00 is 08:01:00Z. 103 replies to 102 (noor); 104 is a
# Default with a reference, a reply to 103 (kenji); 105's parent is not
# exported; 109 answers 201, which is in the thread's file.
DC_ROWS=(
	'2024-04-01T08:00:00Z|noor|join|général|900000000000000010|'
	'2024-04-01T08:01:00Z|noor|post|général|900000000000000010|'
	'2024-04-01T08:01:00Z|kenji|react|général|900000000000000010|noor'
	'2024-04-01T08:02:00Z|kenji|reply|général|900000000000000010|noor'
	'2024-04-01T08:03:00Z|noor|reply|général|900000000000000010|kenji'
	'2024-04-01T08:04:00Z|kenji|reply|général|900000000000000010|'
	'2024-04-01T08:07:00Z|helper-bot|post|général|900000000000000010|'
	'2024-04-01T08:10:00Z|noor|reply|général|900000000000000010|kenji'
)
DC_THREAD_ROWS=(
	'2024-04-01T08:08:00Z|kenji|post|Plans 2024|900000000000000020|'
	'2024-04-01T08:09:00Z|noor|reply|Plans 2024|900000000000000020|noor'
)

@test "discord: JSON exports, replies resolved across the files given" {
	run -0 --separate-stderr cop-import -v discord "$DC_CHANNEL" "$DC_THREAD"
	assert_output "$(tsv "$HEADER" "${DC_ROWS[@]}" "${DC_THREAD_ROWS[@]}")"
	assert_stderr <<-'END'
	cop-import: 10 rows: 1 join, 3 post, 1 react, 5 reply
	cop-import: 4 records not imported: 2 reactions without their users (counts only), 1 type ChannelPinnedMessage, 1 type ThreadCreated
	END
}

@test "discord: a reply to a message in a later file still names its author" {
	run -0 cop-import discord "$DC_THREAD" "$DC_CHANNEL"
	assert_output "$(tsv "$HEADER" "${DC_THREAD_ROWS[@]}" "${DC_ROWS[@]}")"
}

@test "discord: from standard input, read twice" {
	run -0 cop-import discord - < "$DC_CHANNEL"
	[ "${lines[5]}" = "$(tsv "${DC_ROWS[4]}")" ]
}

@test "discord: -m names nicknames as aliases and bots as bots" {
	run -0 cop-import -m "$BATS_TEST_TMPDIR/m.tsv" discord "$DC_CHANNEL" "$DC_THREAD"
	run -0 cat "$BATS_TEST_TMPDIR/m.tsv"
	assert_output "$(tsv 'member|role|aliases' 'helper-bot|bot|Helper' 'kenji||健二' 'noor||Noor 🌙')"
}

@test "discord: the CSV export, name#1234 without its number, system messages counted" {
	# The channel and its id come from the file name; "01-Apr-24 10:01 AM"
	# has no offset and reads in UTC.
	run -0 --separate-stderr cop-import -v -t discord "$DC_CSV"
	assert_output "$(tsv "$HEADER|text" \
		'2024-04-01T08:00:00Z|noor|join|général|900000000000000010||Joined the server.' \
		'2024-04-01T10:01:00Z|noor|post|général|900000000000000010||Bonjour, "tous"' \
		'2024-04-01T08:03:00Z|kenji|post|général|900000000000000010||two lines')"
	assert_stderr <<-'END'
	cop-import: 3 rows: 1 join, 2 post
	cop-import: 4 records not imported: 1 pinned message, 3 reactions without their users (counts only)
	END
}

@test "discord: a truncated export names the line" {
	run -1 --separate-stderr cop-import discord "$I/discord/truncated.json"
	assert_stderr "cop-import: $I/discord/truncated.json:123: truncated JSON: the file ends inside a string"
}

@test "discord: JSON that is not an export, and broken messages" {
	echo '[1, 2]' > "$BATS_TEST_TMPDIR/a.json"
	run -1 --separate-stderr cop-import discord "$BATS_TEST_TMPDIR/a.json"
	assert_stderr "cop-import: $BATS_TEST_TMPDIR/a.json:1: not a DiscordChatExporter export (a JSON object with \"messages\")"
	printf '{"channel": {"name": "c", "id": "1"}, "messages": [\n{"type": "Default", "timestamp": "yesterday", "author": {"name": "a"}},\n{"type": "Default", "timestamp": "2024-01-01T00:00:00+00:00"}\n]}\n' \
		> "$BATS_TEST_TMPDIR/b.json"
	run -0 --separate-stderr cop-import -k discord "$BATS_TEST_TMPDIR/b.json"
	assert_stderr <<-END
	cop-import: $BATS_TEST_TMPDIR/b.json:2: timestamp: cannot parse "yesterday"
	cop-import: $BATS_TEST_TMPDIR/b.json:3: a message without an author
	cop-import: skipped 2 bad records (-k)
	END
}

@test "discord: a CSV without its columns, or with a bad date" {
	printf 'Who,When\na,b\n' > "$BATS_TEST_TMPDIR/c.csv"
	run -1 --separate-stderr cop-import discord "$BATS_TEST_TMPDIR/c.csv"
	assert_stderr "cop-import: $BATS_TEST_TMPDIR/c.csv:1: not a DiscordChatExporter CSV (no \"Author\" column)"
	printf 'Author,Date,Content\nann,never,hi\n,2024-01-01T00:00:00Z,hi\nbob\n' > "$BATS_TEST_TMPDIR/d.csv"
	run -0 --separate-stderr cop-import -k discord "$BATS_TEST_TMPDIR/d.csv"
	assert_stderr <<-END
	cop-import: $BATS_TEST_TMPDIR/d.csv:2: Date: cannot parse "never"
	cop-import: $BATS_TEST_TMPDIR/d.csv:3: Author: empty
	cop-import: $BATS_TEST_TMPDIR/d.csv:4: 1 fields, too few
	cop-import: skipped 3 bad records (-k)
	END
}

# --- whatsapp -----------------------------------------------------------

@test "whatsapp: Android, a group's own lines as joins and leaves, London's DST change" {
	# 28/03 is day-first. London is +00:00 until 31 March 01:00 UTC, then
	# +01:00: 31/03 10:30 is 09:30Z. "Amina added Pavel, 李雷 and Zoë" joins
	# all three; "added you" and "You left" name nobody and are counted.
	run -0 --separate-stderr cop-import -v -z Europe/London whatsapp "$I/whatsapp/android-group-dmy.txt"
	assert_output "$(tsv "$HEADER" \
		'2024-03-28T09:01:00Z|Pavel|join|android-group-dmy||' \
		'2024-03-28T09:01:00Z|李雷|join|android-group-dmy||' \
		'2024-03-28T09:01:00Z|Zoë|join|android-group-dmy||' \
		'2024-03-28T09:05:00Z|Amina|post|android-group-dmy||' \
		'2024-03-28T09:07:00Z|Pavel|post|android-group-dmy||' \
		'2024-03-28T09:08:00Z|Zoë|post|android-group-dmy||' \
		'2024-03-30T18:00:00Z|+44 7700 900123|join|android-group-dmy||' \
		'2024-03-31T09:30:00Z|李雷|post|android-group-dmy||' \
		'2024-03-31T09:31:00Z|Pavel|leave|android-group-dmy||' \
		'2024-03-31T09:33:00Z|Zoë|leave|android-group-dmy||')"
	assert_stderr <<-'END'
	cop-import: 10 rows: 4 join, 2 leave, 4 post
	cop-import: 9 records not imported: 1 added you, 1 encryption notice, 1 group created, 1 missed call, 1 other WhatsApp notices, 1 pinned message, 2 subject or settings change, 1 you left
	END
}

@test "whatsapp: continuation lines belong to the message above" {
	run -0 cop-import -t -z Europe/London whatsapp "$I/whatsapp/android-group-dmy.txt"
	[ "${lines[4]}" = "$(tsv '2024-03-28T09:05:00Z|Amina|post|android-group-dmy|||Welcome everyone! 🌱 First meeting on Saturday. Bring gloves and seeds.')" ]
}

@test "whatsapp: iOS, CRLF, marks, 12-hour clocks after a narrow no-break space" {
	# 1/15 is month-first; 12:05 AM is 00:05, 1:05 PM 13:05. The group's
	# own lines come under its name, after a U+200E mark.
	run -0 --separate-stderr cop-import -v -t whatsapp "$I/whatsapp/ios-mdy-12h.txt"
	assert_output "$(tsv "$HEADER|text" \
		'2024-01-15T09:59:02Z|María José|join|ios-mdy-12h|||' \
		'2024-01-15T10:00:00Z|Kofi|post|ios-mdy-12h|||image omitted' \
		'2024-01-15T13:05:10Z|María José|post|ios-mdy-12h|||Thanks for adding me!' \
		'2024-01-15T12:30:00Z|Kofi|post|ios-mdy-12h|||Lunch: at 12:30?' \
		'2024-01-16T00:05:00Z|Kofi|post|ios-mdy-12h|||midnight and a second line' \
		'2024-01-16T20:00:00Z|María José|post|ios-mdy-12h|||This message was deleted.' \
		'2024-01-17T09:01:00Z|María José|leave|ios-mdy-12h|||')"
	assert_stderr <<-'END'
	cop-import: 7 rows: 1 join, 1 leave, 5 post
	cop-import: 3 records not imported: 1 encryption notice, 1 group created, 1 security code change
	END
}

@test "whatsapp: dotted dates, a 24-hour clock, the DST gap and the repeated hour" {
	# Berlin: 02:30 on 31 March does not exist and reads with the offset
	# before the change (+01:00); 02:30 on 27 October happens twice and
	# reads as the first (+02:00).
	run -0 cop-import -z Europe/Berlin whatsapp "$I/whatsapp/dots-dst.txt"
	assert_output "$(tsv "$HEADER" \
		'2024-03-30T22:30:00Z|Lena|post|dots-dst||' \
		'2024-03-31T01:30:00Z|Lena|post|dots-dst||' \
		'2024-03-31T01:30:00Z|Lena|post|dots-dst||' \
		'2024-10-27T00:30:00Z|Jonas|post|dots-dst||' \
		'2024-10-27T02:30:00Z|Jonas|post|dots-dst||')"
}

@test "whatsapp: an undecidable date order is refused, then read as told" {
	run -1 --separate-stderr cop-import whatsapp "$I/whatsapp/undecidable.txt"
	assert_stderr "cop-import: $I/whatsapp/undecidable.txt: cannot tell day-first from month-first dates (no day above 12): give --date-order dmy or mdy"
	run -0 cop-import -D dmy -n chat whatsapp "$I/whatsapp/undecidable.txt"
	assert_output "$(tsv "$HEADER" '2024-02-01T10:00:00Z|Ann|post|chat||' '2024-04-03T11:00:00Z|Bob|post|chat||')"
}

@test "whatsapp: a file that is not a chat, and an empty chat" {
	printf 'Hello\nworld\n' > "$BATS_TEST_TMPDIR/notes.txt"
	run -1 --separate-stderr cop-import whatsapp "$BATS_TEST_TMPDIR/notes.txt"
	assert_stderr "cop-import: $BATS_TEST_TMPDIR/notes.txt:1: not a WhatsApp chat export (the first line does not start with a date and a time)"
	run -0 --separate-stderr cop-import whatsapp "$I/whatsapp/empty.txt"
	assert_output "$HEADER"
}

@test "whatsapp: a NUL byte is a bad record; a date the order does not fit names the line" {
	printf '13/01/2024, 10:00 - Ann: hi\n14/01/2024, 10:00 - Bob: a\0b\n01/13/2024, 10:00 - Cy: no\n' \
		> "$BATS_TEST_TMPDIR/c.txt"
	run -0 --separate-stderr cop-import -k whatsapp "$BATS_TEST_TMPDIR/c.txt"
	assert_output "$(tsv "$HEADER" '2024-01-13T10:00:00Z|Ann|post|c||')"
	assert_stderr <<-END
	cop-import: $BATS_TEST_TMPDIR/c.txt:2: a NUL byte: not a text file
	cop-import: $BATS_TEST_TMPDIR/c.txt:3: cannot read the date as dmy (as line 1 shows)
	cop-import: skipped 2 bad records (-k)
	END
}

# --- zoom ---------------------------------------------------------------

@test "zoom: one attend per person at the first join, a host row for the host" {
	# New York is on EDT (-4) on 14 March 2024. Chidi rejoined: one attend,
	# at 05:01:03 PM. The host's address matches Hana's, case aside.
	run -0 --separate-stderr cop-import -v -z America/New_York zoom "$I/zoom/full.csv"
	assert_output "$(tsv "$HEADER" \
		'2024-03-14T20:58:12Z|Hana Kobayashi (小林花)|attend|Community call #12|812 3456 7890|' \
		'2024-03-14T20:58:12Z|Hana Kobayashi (小林花)|host|Community call #12|812 3456 7890|' \
		'2024-03-14T21:01:03Z|Okafor, Chidi|attend|Community call #12|812 3456 7890|' \
		'2024-03-14T21:02:30Z|Léa Dubois|attend|Community call #12|812 3456 7890|')"
	assert_stderr "cop-import: 4 rows: 3 attend, 1 host"
}

@test "zoom: -a keys people on their address, -m keeps names with no comma" {
	run -0 cop-import -a -m "$BATS_TEST_TMPDIR/m.tsv" -z America/New_York zoom "$I/zoom/full.csv"
	[ "$(cut -f2,3 <<<"$output" | tr '\t\n' '=|')" = "member=action|host.person@example.org=attend|host.person@example.org=host|chidi@example.org=attend|Léa Dubois=attend|" ]
	run -0 cat "$BATS_TEST_TMPDIR/m.tsv"
	assert_output "$(tsv 'member|role|aliases' 'Léa Dubois||' 'chidi@example.org||' 'host.person@example.org||Hana Kobayashi (小林花)')"
}

@test "zoom: without the meeting section, the file names the venue and the first join the meeting" {
	run -0 cop-import zoom "$I/zoom/bare.csv"
	assert_output "$(tsv "$HEADER" \
		'2024-11-19T09:50:01Z|Ren|attend|bare|2024-11-19T09:50:01Z|' \
		'2024-11-19T09:54:15Z|Sam Lee|attend|bare|2024-11-19T09:50:01Z|')"
}

@test "zoom: the newer layout, columns found by name, case aside" {
	printf 'Topic,ID,Host,Duration (Minutes),Start time,End time,Participants\nDemo day,555 1234,Ann,60,01/13/2024 10:00:00 AM,01/13/2024 11:00:00 AM,2\n\nName (original name),Email,Join time,Leave time,Duration (minutes),Guest\nBo,bo@x.org,01/13/2024 10:01:00 AM,01/13/2024 11:00:00 AM,59,No\n' \
		> "$BATS_TEST_TMPDIR/z.csv"
	run -0 cop-import zoom "$BATS_TEST_TMPDIR/z.csv"
	assert_output "$(tsv "$HEADER" '2024-01-13T10:01:00Z|Bo|attend|Demo day|555 1234|')"
}

@test "zoom: a host who never joined hosts at the start, by address" {
	printf 'Meeting ID,Topic,Start Time,User Email\n1,Call,01/13/2024 10:00:00 AM,boss@example.org\n\nName (Original Name),User Email,Join Time\nAl,al@example.org,01/13/2024 10:05:00 AM\n' \
		> "$BATS_TEST_TMPDIR/z.csv"
	run -0 cop-import zoom "$BATS_TEST_TMPDIR/z.csv"
	assert_output "$(tsv "$HEADER" '2024-01-13T10:00:00Z|boss@example.org|host|Call|1|' '2024-01-13T10:05:00Z|Al|attend|Call|1|')"
}

@test "zoom: a file that is not a participants report, and bad rows" {
	printf 'a,b\n1,2\n' > "$BATS_TEST_TMPDIR/n.csv"
	run -1 --separate-stderr cop-import zoom "$BATS_TEST_TMPDIR/n.csv"
	assert_stderr "cop-import: $BATS_TEST_TMPDIR/n.csv: not a Zoom participants report (no \"Name (Original Name)\" and \"Join Time\" columns)"
	printf 'Meeting ID,Topic,Start Time,User Email\n1,Call,later,b@x\nName,User Email,Join Time\nAl,a@x,noon\n,b@x,01/13/2024 10:05:00 AM\nCy\n' \
		> "$BATS_TEST_TMPDIR/b.csv"
	run -0 --separate-stderr cop-import -k zoom "$BATS_TEST_TMPDIR/b.csv"
	assert_stderr <<-END
	cop-import: $BATS_TEST_TMPDIR/b.csv:2: Start Time: cannot parse "later"
	cop-import: $BATS_TEST_TMPDIR/b.csv:4: Join Time: cannot parse "noon"
	cop-import: $BATS_TEST_TMPDIR/b.csv:5: a participant without a name
	cop-import: $BATS_TEST_TMPDIR/b.csv:6: 1 fields, too few
	cop-import: skipped 4 bad records (-k)
	END
}

# --- teams --------------------------------------------------------------

@test "teams: UTF-16 LE and BE reports in sections, organizers host" {
	# Warsaw is +01:00 in November; the meeting is its summary's start.
	# Ahmed's two sessions are one attend, at his first join.
	run -0 --separate-stderr cop-import -v -z Europe/Warsaw teams "$I/teams/weekly-13-11.csv" "$I/teams/weekly-20-11.csv"
	assert_output "$(tsv "$HEADER" \
		'2024-11-13T08:00:05Z|Nowak, Zofia|attend|Weekly sync ☕|2024-11-13T08:00:05Z|' \
		'2024-11-13T08:00:05Z|Nowak, Zofia|host|Weekly sync ☕|2024-11-13T08:00:05Z|' \
		'2024-11-13T08:02:10Z|Ahmed Khan|attend|Weekly sync ☕|2024-11-13T08:00:05Z|' \
		'2024-11-13T08:15:00Z|Ὀδυσσεύς Λαέρτου|attend|Weekly sync ☕|2024-11-13T08:00:05Z|' \
		'2024-11-20T08:00:05Z|Nowak, Zofia|attend|Weekly sync ☕|2024-11-20T08:00:05Z|' \
		'2024-11-20T08:00:05Z|Nowak, Zofia|host|Weekly sync ☕|2024-11-20T08:00:05Z|' \
		'2024-11-20T08:02:10Z|Ahmed Khan|attend|Weekly sync ☕|2024-11-20T08:00:05Z|' \
		'2024-11-20T08:15:00Z|Ὀδυσσεύς Λαέρτου|attend|Weekly sync ☕|2024-11-20T08:00:05Z|')"
	assert_stderr "cop-import: 8 rows: 6 attend, 2 host"
}

@test "teams: -a keys people on their address where the report has one" {
	run -0 cop-import -a -z Europe/Warsaw teams "$I/teams/weekly-13-11.csv"
	[ "$(cut -f2 <<<"$output" | tr '\n' '|')" = "member|zofia.nowak@example.org|zofia.nowak@example.org|ahmed@example.org|Ὀδυσσεύς Λαέρτου|" ]
}

@test "teams: the older one table, 'Joined before' at the start" {
	# The start is the earliest time of the table, Mei's 3:59:30 PM.
	run -0 cop-import teams "$I/teams/old-table.csv"
	assert_output "$(tsv "$HEADER" \
		'2024-03-15T15:59:30Z|Ahmed Khan|attend|old-table|2024-03-15T15:59:30Z|' \
		'2024-03-15T15:59:30Z|Mei Chen|attend|old-table|2024-03-15T15:59:30Z|' \
		'2024-03-15T16:00:10Z|Nowak, Zofia|attend|old-table|2024-03-15T15:59:30Z|')"
}

@test "teams: UTF-16 without a byte order mark, or another file, is refused" {
	run -1 --separate-stderr cop-import teams "$I/teams/no-bom-utf16.csv"
	assert_stderr "cop-import: $I/teams/no-bom-utf16.csv:1: a NUL byte: not a text file"
	printf 'Name\tWhen\nAl\tnow\n' > "$BATS_TEST_TMPDIR/t.csv"
	run -1 --separate-stderr cop-import teams "$BATS_TEST_TMPDIR/t.csv"
	assert_stderr "cop-import: $BATS_TEST_TMPDIR/t.csv: not a Teams attendance report (no table with \"Name\" and \"First join\" or \"Timestamp\" columns)"
}

@test "teams: bad times and nameless rows are bad records" {
	printf '1. Summary\nStart time\tsoon\n2. Participants\nName\tFirst join\tEmail\nAl\tlater\ta@x\n\t13/01/2024, 10:00:00\t\nBo\n' \
		> "$BATS_TEST_TMPDIR/t.csv"
	run -0 --separate-stderr cop-import -k teams "$BATS_TEST_TMPDIR/t.csv"
	assert_stderr <<-END
	cop-import: $BATS_TEST_TMPDIR/t.csv:2: Start time: cannot parse "soon"
	cop-import: $BATS_TEST_TMPDIR/t.csv:5: cannot parse the time "later"
	cop-import: $BATS_TEST_TMPDIR/t.csv:6: a participant without a name
	cop-import: $BATS_TEST_TMPDIR/t.csv:7: 1 fields, too few
	cop-import: skipped 4 bad records (-k)
	END
}

# --- mbox ---------------------------------------------------------------

@test "mbox: posts and replies, RFC 2047 names, folded fields, the list as venue" {
	# Carol has no In-Reply-To: her parent is the last References id (Bob).
	# Dave answers a message not in the archive: a reply to nobody known,
	# in the thread of his first References id. The unquoted "From what I
	# hear" in Bob's body is no new message: the line after it is no field.
	run -0 --separate-stderr cop-import -v mbox "$I/mbox/list.mbox"
	assert_output "$(tsv "$HEADER" \
		'2024-03-04T09:00:00Z|Alïce Dupré|post|garden.example.org|m1@example.org|' \
		'2024-03-04T11:00:00Z|Bob "the builder" Smith|reply|garden.example.org|m1@example.org|Alïce Dupré' \
		'2024-03-05T13:00:00Z|Carol Müller|reply|garden.example.org|m1@example.org|Bob "the builder" Smith' \
		'2024-03-06T12:00:00Z|dave@example.org|reply|garden.example.org|root@example.org|')"
	assert_stderr "cop-import: 4 rows: 1 post, 3 reply"
}

@test "mbox: --text is the decoded subject; -a keys on the address, in lower case" {
	run -0 cop-import -t -a mbox "$I/mbox/list.mbox"
	assert_output "$(tsv "$HEADER|text" \
		'2024-03-04T09:00:00Z|alice@example.org|post|garden.example.org|m1@example.org||Seeds 🌱' \
		'2024-03-04T11:00:00Z|bob@example.org|reply|garden.example.org|m1@example.org|alice@example.org|Re: Seeds' \
		'2024-03-05T13:00:00Z|carol@example.org|reply|garden.example.org|m1@example.org|bob@example.org|Re: Seeds' \
		'2024-03-06T12:00:00Z|dave@example.org|reply|garden.example.org|root@example.org||Re: an older thread')"
}

@test "mbox: -m gives each name its address as an alias" {
	run -0 cop-import -m "$BATS_TEST_TMPDIR/m.tsv" mbox "$I/mbox/list.mbox"
	run -0 cat "$BATS_TEST_TMPDIR/m.tsv"
	assert_output "$(tsv 'member|role|aliases' \
		'Alïce Dupré||alice@example.org' \
		'Bob "the builder" Smith||bob@example.org' \
		'Carol Müller||carol@example.org' \
		'dave@example.org||')"
}

@test "mbox: Pipermail's 'x at y (Name)' senders; no List-Id, so the file or --venue" {
	run -0 cop-import mbox "$I/mbox/pipermail.txt"
	assert_output "$(tsv "$HEADER" \
		"2024-02-01T10:00:00Z|Erin O'Brien|post|pipermail.txt|p1@example.net|" \
		"2024-02-02T10:00:00Z|Frank|reply|pipermail.txt|p1@example.net|Erin O'Brien")"
	run -0 cop-import -a -n garden mbox - < "$I/mbox/pipermail.txt"
	[ "${lines[2]}" = "$(tsv '2024-02-02T10:00:00Z|frank@example.net|reply|garden|p1@example.net|erin@example.net')" ]
}

@test "mbox: CRLF; without a Date or From field, the From_ line's" {
	run -0 cop-import mbox "$I/mbox/crlf.mbox"
	assert_output "$(tsv "$HEADER" \
		'2024-06-01T12:00:00Z|George|post|crlf.mbox|c1@example.com|' \
		'2024-06-01T13:00:00Z|hana@example.com|post|crlf.mbox|c2@example.com|')"
}

@test "mbox: a file that is not an mbox, and a message without a date" {
	printf 'Subject: hi\n\nbody\n' > "$BATS_TEST_TMPDIR/x.eml"
	run -1 --separate-stderr cop-import mbox "$BATS_TEST_TMPDIR/x.eml"
	assert_stderr "cop-import: $BATS_TEST_TMPDIR/x.eml:1: not an mbox file: the first line does not start with \"From \""
	printf 'From someone\nFrom: A <a@x>\nDate: soon\n\nbody\n' > "$BATS_TEST_TMPDIR/y.mbox"
	run -0 --separate-stderr cop-import -k mbox "$BATS_TEST_TMPDIR/y.mbox"
	assert_stderr <<-END
	cop-import: $BATS_TEST_TMPDIR/y.mbox:1: a message without a date (Date: " soon")
	cop-import: skipped 1 bad record (-k)
	END
}

# --- git ----------------------------------------------------------------

GIT_ROWS=(
	'2024-01-01T10:00:00Z|Ana Lima|commit|garden-tools|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|'
	'2024-01-01T10:00:00Z|Bo Berg|review|garden-tools|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|Ana Lima'
	'2024-01-01T10:00:00Z|Chen Jing|commit|garden-tools|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|'
	'2024-01-02T10:00:00Z|Bo Berg|commit|garden-tools|bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb|'
	'2024-01-02T10:00:00Z|Dee|test|garden-tools|bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb|Bo Berg'
	'2024-01-02T10:00:00Z|Eve, the gardener|report|garden-tools|bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb|Bo Berg'
	'2024-01-02T10:00:00Z|Fay|ack|garden-tools|bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb|Bo Berg'
	'2024-01-02T10:00:00Z|Gus|help|garden-tools|bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb|Bo Berg'
	'2024-01-02T10:00:00Z|Hal|help|garden-tools|bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb|Bo Berg'
	'2024-01-03T10:00:00Z|Ana Lima|merge|garden-tools|cccccccccccccccccccccccccccccccccccccccc|'
	'2024-01-04T10:00:00Z|Зоя Иванова|commit|garden-tools|dddddddddddddddddddddddddddddddddddddddd|'
)

@test "git: the documented log format on standard input" {
	# Trailers by their persons answer the author; Co-authored-by is a
	# commit; Signed-off-by and Link are counted; two parents: a merge.
	run -0 --separate-stderr cop-import -v -n garden-tools git - < "$I/git/log.txt"
	assert_output "$(tsv "$HEADER" "${GIT_ROWS[@]}")"
	assert_stderr <<-'END'
	cop-import: 11 rows: 1 ack, 4 commit, 2 help, 1 merge, 1 report, 1 review, 1 test
	cop-import: 2 records not imported: 1 trailer link, 1 trailer signed-off-by
	END
}

# A repository with fixed people and dates, so its hashes are the same on every run.
make_repo() {
	export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
	REPO="$BATS_TEST_TMPDIR/garden-tools"
	git init -q -b main "$REPO"
	printf 'Ana Lima <ana@example.org> <ANA@old.example.org>\n' > "$REPO/.mailmap"
	git -C "$REPO" add .mailmap
	commit 'Ana' 'ANA@old.example.org' '2024-01-01T10:00:00Z' \
		$'Add the mailmap\n\nReviewed-by: Early Bird <early@example.org>\n\nA paragraph between.\n\nTested-by: Dee <dee@example.org>\nCo-authored-by: Chen Jing <chen@example.org>'
	git -C "$REPO" checkout -q -b side
	commit 'Bo Berg' 'bo@example.org' '2024-01-02T10:00:00Z' $'Water the seeds\n\nAcked-by: Fay <fay@example.org>'
	git -C "$REPO" checkout -q main
	commit 'Ana Lima' 'ana@example.org' '2024-01-03T10:00:00Z' 'Plant'
	GIT_AUTHOR_NAME='Ana Lima' GIT_AUTHOR_EMAIL=ana@example.org GIT_AUTHOR_DATE=2024-01-04T10:00:00Z \
		GIT_COMMITTER_NAME='Ana Lima' GIT_COMMITTER_EMAIL=ana@example.org \
		GIT_COMMITTER_DATE=2024-01-04T10:00:00Z git -C "$REPO" merge -q --no-ff -m "Merge branch 'side'" side
}

commit() {
	GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_AUTHOR_DATE="$3" \
		GIT_COMMITTER_NAME="$1" GIT_COMMITTER_EMAIL="$2" GIT_COMMITTER_DATE="$3" \
		git -C "$REPO" commit -q --allow-empty -m "$4"
}

@test "git: runs git log in the repository: mailmap, merges, the final trailer block only" {
	command -v git >/dev/null || skip "no git"
	make_repo
	h() { git -C "$REPO" rev-parse "$1"; }
	# Early Bird's trailer is not in the final block, so not a trailer.
	run -0 --separate-stderr cop-import git "$REPO"
	assert_output "$(tsv "$HEADER" \
		"2024-01-04T10:00:00Z|Ana Lima|merge|garden-tools|$(h HEAD)|" \
		"2024-01-03T10:00:00Z|Ana Lima|commit|garden-tools|$(h HEAD^1)|" \
		"2024-01-02T10:00:00Z|Bo Berg|commit|garden-tools|$(h side)|" \
		"2024-01-02T10:00:00Z|Fay|ack|garden-tools|$(h side)|Bo Berg" \
		"2024-01-01T10:00:00Z|Ana Lima|commit|garden-tools|$(h side^)|" \
		"2024-01-01T10:00:00Z|Dee|test|garden-tools|$(h side^)|Ana Lima" \
		"2024-01-01T10:00:00Z|Chen Jing|commit|garden-tools|$(h side^)|")"
	assert_stderr ""
}

@test "git: revisions after --, the venue of REPO/.git, and -a" {
	command -v git >/dev/null || skip "no git"
	make_repo
	run -0 cop-import -a git "$REPO/.git" -- --no-merges -1 side
	assert_output "$(tsv "$HEADER" \
		"2024-01-02T10:00:00Z|bo@example.org|commit|garden-tools|$(git -C "$REPO" rev-parse side)|" \
		"2024-01-02T10:00:00Z|fay@example.org|ack|garden-tools|$(git -C "$REPO" rev-parse side)|bo@example.org")"
}

@test "git: a directory that is no repository is git's error, then ours" {
	command -v git >/dev/null || skip "no git"
	mkdir "$BATS_TEST_TMPDIR/plain"
	export GIT_CEILING_DIRECTORIES="$BATS_TEST_TMPDIR"
	run -1 --separate-stderr cop-import git "$BATS_TEST_TMPDIR/plain"
	[ "${stderr_lines[1]}" = "cop-import: git log in $BATS_TEST_TMPDIR/plain failed (exit status 128)" ]
	run -1 --separate-stderr cop-import git "$BATS_TEST_TMPDIR/none"
	assert_stderr "cop-import: $BATS_TEST_TMPDIR/none: No such file or directory"
}

@test "git: without git on the PATH" {
	mkdir "$BATS_TEST_TMPDIR/empty"
	run -1 --separate-stderr env PATH="$BATS_TEST_TMPDIR/empty" "$TOP/bin/cop-import" git "$BATS_TEST_TMPDIR"
	assert_stderr "cop-import: cannot run git: No such file or directory"
}

@test "git: records not in the format are bad records" {
	printf 'x\x1fy\x1e\nabc\x1f\x1f\x1f\x1fnotatime\x1f\x1f\x1e\n' > "$BATS_TEST_TMPDIR/log"
	run -0 --separate-stderr cop-import -k git - < "$BATS_TEST_TMPDIR/log"
	assert_stderr <<-'END'
	cop-import: stdin:1: not a commit of the format cop-import git reads (see cop-import(1))
	cop-import: stdin:2: author date: cannot parse "notatime"
	cop-import: skipped 2 bad records (-k)
	END
}

# --- the pipeline -------------------------------------------------------

@test "every sample pipes into cop-classify -s" {
	check() {
		"$@" | cop-classify -s > "$BATS_TEST_TMPDIR/out" || { echo "failed: $*"; return 1; }
		[ "$(wc -l < "$BATS_TEST_TMPDIR/out")" -gt 1 ] || { echo "no members: $*"; return 1; }
	}
	check cop-import csv "$I/csv/basic.csv"
	check cop-import slack "$I/slack/export"
	check cop-import discord "$DC_CHANNEL" "$DC_THREAD"
	check cop-import discord "$DC_CSV"
	check cop-import whatsapp "$I/whatsapp/android-group-dmy.txt"
	check cop-import whatsapp "$I/whatsapp/ios-mdy-12h.txt"
	check cop-import zoom "$I/zoom/full.csv"
	check cop-import teams "$I/teams/weekly-13-11.csv" "$I/teams/old-table.csv"
	check cop-import mbox "$I/mbox/list.mbox" "$I/mbox/pipermail.txt"
	check cop-import -n garden-tools git - < "$I/git/log.txt"
}

@test "cop-classify -s on a Discord import, worked out" {
	# One ISO week. noor: a join (weight 0), a post and three replies = 4
	# over 5 events; kenji: a post, two replies and a reaction (0.25) =
	# 3.25 over 4; helper-bot: a post = 1. Total 8.25, half 4.125: noor has
	# 0 above her and kenji 4, both under it, so both are core; helper-bot
	# has 7.25 above, over 0.8 of the total, and one week (not the two that
	# make a regular): peripheral.
	run -0 bash -c "cop-import discord \"\$1\" \"\$2\" | cop-classify -s | cut -f1-3" _ "$DC_CHANNEL" "$DC_THREAD"
	assert_output "$(tsv 'member|level|events' 'noor|core|5' 'kenji|core|4' 'helper-bot|peripheral|1')"
}

# --- real exports (../shared) -------------------------------------------

@test "the real exports beside the project import with the counts checked by hand" {
	need_shared
	R="$SHARED/import-samples"
	[ -d "$R" ] || skip "no import samples"
	run -0 --separate-stderr cop-import -v slack "$R/slack/hfaran-testarchive"
	[ "${stderr_lines[0]}" = "cop-import: 152 rows: 8 join, 143 post, 1 react" ]
	run -0 --separate-stderr cop-import -v slack "$R/slack/slackdump-export"
	[ "${stderr_lines[0]}" = "cop-import: 15 rows: 1 join, 10 post, 4 reply" ]
	run -0 --separate-stderr cop-import -v discord "$R/discord/general.json" "$R/discord/thread-thomas.json" "$R/discord/chill-talk.json"
	[ "${stderr_lines[0]}" = "cop-import: 45 rows: 3 join, 37 post, 5 reply" ]
	run -0 --separate-stderr cop-import -v whatsapp "$R/whatsapp/android-1to1-dmy.txt"
	[ "${stderr_lines[0]}" = "cop-import: 57 rows: 57 post" ]
	run -1 --separate-stderr cop-import whatsapp "$R/whatsapp/android-group.txt"
	run -0 --separate-stderr cop-import -v -D dmy whatsapp "$R/whatsapp/android-group.txt"
	[ "${stderr_lines[0]}" = "cop-import: 6 rows: 1 join, 1 leave, 4 post" ]
	run -0 --separate-stderr cop-import -v zoom "$R/zoom/participants_heroes_full.csv"
	[ "${stderr_lines[0]}" = "cop-import: 28 rows: 27 attend, 1 host" ]
	run -0 --separate-stderr cop-import -v teams "$R"/teams/IDL-1[456]-11-22.csv
	[ "${stderr_lines[0]}" = "cop-import: 26 rows: 23 attend, 3 host" ]
	run -0 --separate-stderr cop-import -v mbox "$R"/mbox/*.mbox
	[ "${stderr_lines[0]}" = "cop-import: 11 rows: 5 post, 6 reply" ]
}
