#!/usr/bin/env bats
# cop-rollup: the cells of a small log worked out by hand, merges in any
# order and grouping, the programs reading a rollup, and every bad rollup.

load helper

# Five events on two days. By hand: ann's two posts in #a on 4 March
# (09:00, 09:15) make one cell of 2; bob's two replies to ann in #a
# (10:30, 11:00) one of 2; ann's post in #b on 5 March (action empty:
# post) one of 1. 2024-03-04T00:00:00Z is 1709510400 (2024-03-01 is
# 1709251200, three days later), so 09:00 is 1709542800, 09:15 1709543700,
# 10:30 1709548200, 11:00 1709550000; 2024-03-05T08:00Z is 1709625600.
setup() {
	cd "$BATS_TEST_TMPDIR"
	tsv 'time|member|action|venue|thread|reply_to' \
	    '2024-03-04T09:00:00Z|ann|post|#a|t1|' \
	    '2024-03-04T10:30:00Z|bob|reply|#a|t1|ann' \
	    '2024-03-04T09:15:00Z|ann|post|#a|t2|' \
	    '2024-03-05T08:00:00Z|ann||#b||' \
	    '2024-03-04T11:00:00Z|bob|reply|#a|t1|ann' >ev.tsv
	HEADER=$(tsv '#coptools-rollup 1 grain=day zone=UTC strategic=-|venue|member|action|reply_to|count|first|last')
}

rollup_of_ev() {
	tsv '#coptools-rollup 1 grain=day zone=UTC strategic=-|venue|member|action|reply_to|count|first|last' \
	    '2024-03-04|#a|ann|post||2|1709542800|1709543700' \
	    '2024-03-04|#a|bob|reply|ann|2|1709548200|1709550000' \
	    '2024-03-05|#b|ann|post||1|1709625600|1709625600'
}

@test "a small log's rollup, cell by cell" {
	run -0 --separate-stderr cop-rollup ev.tsv
	assert_output "$(rollup_of_ev)"
	assert_stderr ""
}

@test "a merge of two halves is the rollup of the whole" {
	head -3 ev.tsv >a.tsv
	{ head -1 ev.tsv; tail -n +4 ev.tsv; } >b.tsv
	cop-rollup a.tsv >a.rollup
	cop-rollup b.tsv >b.rollup
	run -0 --separate-stderr cop-rollup -m a.rollup b.rollup
	assert_output "$(rollup_of_ev)"
	assert_stderr ""
}

@test "merging in any order and grouping gives the same bytes" {
	for i in 2 3 4 5 6; do
		{ head -1 ev.tsv; sed -n "${i}p" ev.tsv; } >r$i.tsv
		cop-rollup r$i.tsv >r$i.rollup
	done
	cop-rollup -m r2.rollup r3.rollup r4.rollup r5.rollup r6.rollup >all
	cop-rollup -m r6.rollup r4.rollup r2.rollup >x
	cop-rollup -m r5.rollup r3.rollup >y
	run -0 cop-rollup -m y x
	assert_output "$(cat all)"
	# a merge with itself doubles the counts and keeps the times
	run -0 cop-rollup -m all all
	assert_output "$(rollup_of_ev | awk -F'\t' 'BEGIN { OFS = FS } NR > 1 { $6 *= 2 } 1')"
	assert_equal "$(cop-rollup -m all)" "$(rollup_of_ev)"
}

@test "rollups concatenated on standard input merge, and a rollup rolls up to itself" {
	rollup_of_ev >r
	run -0 sh -c 'cat r r | cop-rollup -m | cop-rollup -m r -'
	assert_equal "$(cop-rollup -m r r r)" "$output"
	run -0 cop-rollup r
	assert_output "$(rollup_of_ev)"
}

@test "every summary reads a rollup and prints what it prints on the events" {
	cop-rollup ev.tsv >r
	for form in "cop-classify -s" "cop-rhythm -s" "cop-rhythm -c" "cop-rhythm -l" \
	    "cop-rhythm -s -g day" "cop-patterns -s" "cop-patterns -F" "cop-report -p 2024-W10"; do
		run -0 $form ev.tsv
		local want=$output
		run -0 $form r
		assert_equal "$output" "$want"
	done
}

@test "a community column is kept, and -M, aliases and bots apply when the rollup is read" {
	tsv 'time|member|community|venue' '2024-03-04T09:00Z|ann|x|v' '2024-03-04T10:00Z|robot|x|v' \
	    '2024-03-04T11:00Z|anne|y|v' >c.tsv
	tsv 'member|role|aliases' 'ann|member|anne' 'robot|bot|' >m.tsv
	run -0 cop-rollup c.tsv
	assert_output "$(tsv '#coptools-rollup 1 grain=day zone=UTC strategic=-|community|venue|member|action|reply_to|count|first|last' \
	    '2024-03-04|x|v|ann|post||1|1709542800|1709542800' \
	    '2024-03-04|x|v|robot|post||1|1709546400|1709546400' \
	    '2024-03-04|y|v|anne|post||1|1709550000|1709550000')"
	echo "$output" >c.rollup
	run -0 --separate-stderr cop-classify -s -M m.tsv c.tsv
	local want=$output want_err=$stderr
	run -0 --separate-stderr cop-classify -s -M m.tsv c.rollup
	assert_equal "$output" "$want"
	assert_equal "$stderr" "$want_err"
	assert_stderr "cop-classify: note: 1 row by 1 bot left out of the figures"
}

@test "-M at rollup time merges aliases and keeps bots: the reader with -M prints the same" {
	tsv 'time|member|reply_to' '2024-03-04T09:00Z|anne|robot' '2024-03-04T10:00Z|robot|ann' \
	    '2024-03-04T11:00Z|ann|' >a.tsv
	tsv 'member|role|aliases' 'ann|member|anne' 'robot|bot|' >m.tsv
	# anne is ann: her 09:00 row joins ann's cell only if reply_to matches, so
	# ann keeps two cells (reply_to robot and none); robot's row is kept
	run -0 --separate-stderr cop-rollup -M m.tsv a.tsv
	assert_output "$(tsv "${HEADER}" \
	    '2024-03-04||ann|post||1|1709550000|1709550000' \
	    '2024-03-04||ann|post|robot|1|1709542800|1709542800' \
	    '2024-03-04||robot|post|ann|1|1709546400|1709546400')"
	assert_stderr ""
	echo "$output" >a.rollup
	for form in "cop-classify -s" "cop-rhythm -s" "cop-patterns -s" "cop-report -p 2024-W10"; do
		run -0 --separate-stderr $form -M m.tsv a.tsv
		local want=$output want_err=$stderr
		run -0 --separate-stderr $form -M m.tsv a.rollup
		assert_equal "$output" "$want"
		assert_equal "$stderr" "$want_err"
	done
}

@test "-z: days in the zone; the rollup read under another zone is an error naming both" {
	run -0 cop-rollup -z Europe/Paris ev.tsv
	[ "${lines[0]}" = "$(tsv '#coptools-rollup 1 grain=day zone=Europe/Paris strategic=-|venue|member|action|reply_to|count|first|last')" ]
	echo "$output" >p.rollup
	run -1 --separate-stderr cop-classify -s p.rollup
	assert_output ""
	assert_stderr "cop-classify: p.rollup:1: the rollup's days are in zone Europe/Paris, not in UTC (--tz): give --tz Europe/Paris, or roll up the events again"
	run -0 cop-classify -s -z Europe/Paris ev.tsv
	local want=$output
	run -0 cop-classify -s -z Europe/Paris p.rollup
	assert_equal "$output" "$want"
	# -m takes the rollups' zone when -z is not given
	run -0 cop-rollup -m p.rollup
	assert_equal "$output" "$(cat p.rollup)"
}

@test "--since and --until on a rollup: whole days only" {
	cop-rollup ev.tsv >r
	run -0 cop-rhythm -s -g day --since 2024-03-05 ev.tsv
	local want=$output
	run -0 cop-rhythm -s -g day --since 2024-03-05 r
	assert_equal "$output" "$want"
	run -1 --separate-stderr cop-rhythm -s --until 2024-03-04T12:00Z r
	assert_stderr "cop-rhythm: r:1: --until 2024-03-04T12:00Z is not the start of a day in zone UTC: a rollup's cells are whole days"
}

@test "--as-of inside a cell's span is an error; at the end of a day it is exact" {
	cop-rollup ev.tsv >r
	run -1 --separate-stderr cop-classify -s -a 2024-03-04T09:10Z r
	assert_stderr "cop-classify: r:2: the cell's events run from 1709542800 to 1709543700, across --as-of: give a time at the end of a day"
	run -0 cop-classify -s -a 2024-03-04T23:59:59Z ev.tsv
	local want=$output
	run -0 cop-classify -s -a 2024-03-04T23:59:59Z r
	assert_equal "$output" "$want"
}

@test "-S keeps whether a cell's thread matched; cop-patterns -S needs the same list" {
	printf 'T2\n' >s
	printf 'other\n' >s2
	run -0 cop-rollup -S s ev.tsv
	# t2 holds "t2" (case ignored): ann's 09:15 post is its own cell. The
	# digest is FNV-1a of "t2\n": printf 't2\n' | python3 -c 'import sys
	# h = 14695981039346656037
	# for b in sys.stdin.buffer.read(): h = ((h ^ b) * 1099511628211) % 2**64
	# print("%016x" % h)'
	assert_output "$(tsv '#coptools-rollup 1 grain=day zone=UTC strategic=5631101943bb066b|venue|member|action|reply_to|strategic|count|first|last' \
	    '2024-03-04|#a|ann|post||0|1|1709542800|1709542800' \
	    '2024-03-04|#a|ann|post||1|1|1709543700|1709543700' \
	    '2024-03-04|#a|bob|reply|ann|0|2|1709548200|1709550000' \
	    '2024-03-05|#b|ann|post||0|1|1709625600|1709625600')"
	echo "$output" >rs
	run -0 cop-patterns -s -S s ev.tsv
	local want=$output
	run -0 cop-patterns -s -S s rs
	assert_equal "$output" "$want"
	run -1 --separate-stderr cop-patterns -s -S s2 rs
	assert_stderr "cop-patterns: rs:1: the rollup's threads were matched against another -S list: roll up with the same -S FILE"
	cop-rollup ev.tsv >r
	run -1 --separate-stderr cop-patterns -s -S s r
	assert_stderr "cop-patterns: r:1: -S matches threads, but this rollup was made without -S and keeps no threads: roll up with the same -S FILE"
	run -1 --separate-stderr cop-rollup -m rs r
	assert_stderr "cop-rollup: r:1: threads matched against no -S list, but the first rollup against a -S list: roll up every shard with the same -S"
}

@test "-R labels a shard's rows as the whole log's run labels them" {
	head -3 ev.tsv >a.tsv
	{ head -1 ev.tsv; tail -n +4 ev.tsv; } >b.tsv
	cop-rollup ev.tsv >r
	for prog in cop-classify cop-rhythm cop-patterns; do
		run -0 $prog ev.tsv
		local want=$output
		run -0 sh -c "$prog -R r a.tsv; $prog -R r b.tsv | tail -n +2"
		assert_equal "$output" "$want"
	done
}

@test "a stream stage given a rollup, or -R given events, is an error" {
	cop-rollup ev.tsv >r
	run -1 --separate-stderr cop-rhythm r
	assert_output ""
	assert_stderr "cop-rhythm: r: a rollup holds no rows to label: read it with a summary (-s), or label the shards with -R r SHARD..."
	run -1 --separate-stderr cop-classify -R ev.tsv ev.tsv
	assert_stderr "cop-classify: ev.tsv: -R: not a rollup (cop-rollup(1))"
	run -2 --separate-stderr cop-patterns -s -R r ev.tsv
	assert_stderr "cop-patterns: -R labels the rows of shards; for -s give the rollup as the FILE"
}

# --- bad rollups: always exit 1, naming file, line and column

@test "a truncated rollup (its last line cut) is an error" {
	printf '%s' "$(rollup_of_ev)" >t
	run -1 --separate-stderr cop-rollup -m t
	assert_output ""
	assert_stderr "cop-rollup: t:4: the last line has no newline: the rollup is truncated"
	run -1 --separate-stderr cop-classify -s t
	assert_stderr "cop-classify: t:4: the last line has no newline: the rollup is truncated"
}

@test "a rollup of another version or grain is an error" {
	rollup_of_ev | sed '1s/rollup 1/rollup 2/' >v2
	run -1 --separate-stderr cop-rollup -m v2
	assert_stderr 'cop-rollup: v2:1: a rollup of another format version ("#coptools-rollup 2 grain=day zone=UTC strategic=-"): this cop-rollup reads version 1'
	rollup_of_ev | sed '1s/grain=day/grain=week/' >wk
	run -1 --separate-stderr cop-rollup -m wk
	assert_stderr 'cop-rollup: wk:1: a rollup of week cells: this cop-rollup reads and merges cells of a day'
	rollup_of_ev | sed '1s/ zone=UTC//' >nz
	run -1 --separate-stderr cop-rhythm -s nz
	assert_stderr 'cop-rhythm: nz:1: the rollup header lacks zone='
	rollup_of_ev | sed '1s/\tcount/\tcounts/' >cc
	run -1 --separate-stderr cop-rollup -m cc
	assert_stderr 'cop-rollup: cc:1: the rollup header'"'"'s column 6 is "counts", not "count"'
}

@test "rollups of mixed zones, columns or grains do not merge" {
	rollup_of_ev >r
	cop-rollup -z Europe/Paris ev.tsv >p
	run -1 --separate-stderr cop-rollup -m r p
	assert_output ""
	assert_stderr "cop-rollup: p:1: days in zone Europe/Paris, but the first rollup has them in zone UTC: roll up every shard with the same --tz"
	tsv 'time|member|community' '2024-03-04|ann|x' | cop-rollup >c
	run -1 --separate-stderr cop-rollup -m r c
	assert_stderr "cop-rollup: c:1: a community column, but the first rollup has none: roll up logs of the same columns"
	{ cat r; sed '1s/grain=day/grain=month/' r; } >mixed
	run -1 --separate-stderr cop-rollup -m mixed
	assert_stderr "cop-rollup: mixed:5: a rollup of month cells: this cop-rollup reads and merges cells of a day"
	run -1 --separate-stderr cop-rollup -m r ev.tsv
	assert_stderr "cop-rollup: ev.tsv:1: not a rollup (no #coptools-rollup header): -m merges rollups; roll events up without -m"
}

@test "a bad cell is an error naming its column, even under -k" {
	bad() {	# bad NAME SED: the rollup with its line 2 edited
		rollup_of_ev | sed "2$2" >"$1"
	}
	bad c0 's/\t2\t/\t0\t/'
	run -1 --separate-stderr cop-rollup -m c0
	assert_stderr 'cop-rollup: c0:2: count: not a count of events (1 or more): "0"'
	bad cx 's/\t2\t/\tx\t/'
	run -1 --separate-stderr cop-classify -k -s cx
	assert_stderr 'cop-classify: cx:2: count: not a count of events (1 or more): "x"'
	bad d 's/2024-03-04/2024-02-30/'
	run -1 --separate-stderr cop-rollup -m d
	assert_stderr 'cop-rollup: d:2: day: not a day (YYYY-MM-DD): "2024-02-30"'
	bad f 's/1709542800/1709442800/'
	run -1 --separate-stderr cop-rollup -m f
	assert_stderr 'cop-rollup: f:2: first: 1709442800 is not on the cell'"'"'s day 2024-03-04 in zone UTC'
	bad l 's/1709543700$/1709542000/'
	run -1 --separate-stderr cop-rollup -m l
	assert_stderr 'cop-rollup: l:2: last: 1709542000 is before first 1709542800'
	bad m 's/\tann\t/\t\t/'
	run -1 --separate-stderr cop-rollup -m m
	assert_stderr 'cop-rollup: m:2: member: empty'
	bad n 's/\t1709543700$//'
	run -1 --separate-stderr cop-rollup -m n
	assert_stderr 'cop-rollup: n:2: 7 fields where the rollup header has 8'
	rollup_of_ev | sed '4s/1709625600$/1709625601/' >one
	run -1 --separate-stderr cop-rollup -m one
	assert_stderr 'cop-rollup: one:4: last: a cell of one event has one time, but first 1709625600 and last 1709625601 differ'
}

@test "an empty input gives an empty rollup; a header alone, the rollup's header" {
	: >empty
	run -0 --separate-stderr cop-rollup empty
	assert_output ""
	run -0 cop-rollup -m empty empty
	assert_output ""
	printf 'time\tmember\n' >h
	run -0 cop-rollup h
	assert_output "$HEADER"
	echo "$output" >hr
	run -0 cop-rollup -m empty hr
	assert_output "$HEADER"
}

@test "-h prints the usage, --version the version; bad options exit 2" {
	run -0 cop-rollup -h
	[[ ${lines[0]} == "usage: cop-rollup [-k] [-S FILE]"* ]]
	run -0 cop-rollup --version
	[[ $output == "cop-rollup (coptools) "* ]]
	run -2 --separate-stderr cop-rollup -x ev.tsv
	[[ ${stderr_lines[1]} == "usage: cop-rollup"* ]]
	run -2 --separate-stderr cop-rollup -m -k r
	assert_stderr "cop-rollup: -m merges rollups, whose columns are fixed and whose cells are never skipped: -f and -k are for events"
	run -2 --separate-stderr cop-rollup -z Nowhere/Else ev.tsv
}

@test "bad rows of the events: an error, or skipped with -k, as in every program" {
	tsv 'time|member' '2024-03-04|ann' 'nonsense|bob' >b.tsv
	run -1 --separate-stderr cop-rollup b.tsv
	assert_output ""
	assert_stderr 'cop-rollup: b.tsv:3: time: cannot parse "nonsense"'
	run -0 --separate-stderr cop-rollup -k b.tsv
	assert_output "$(printf '%s\n' "$HEADER" "$(tsv '2024-03-04||ann|post||1|1709510400|1709510400')")"
	assert_stderr "cop-rollup: b.tsv:3: time: cannot parse \"nonsense\"
cop-rollup: skipped 1 bad row (-k)"
}

# COP_ROLLUP_BUDGET=1 writes the table out after every new cell, so each
# event of ev.tsv is a run of its own and ann's two posts (and bob's two
# replies) meet only in the merge: the cells by hand above, all the same.
@test "a table past its memory budget spills runs; equal keys in different runs combine" {
	COP_ROLLUP_BUDGET=1 run -0 --separate-stderr cop-rollup ev.tsv
	assert_output "$(rollup_of_ev)"
	assert_stderr ""
	rollup_of_ev >r
	COP_ROLLUP_BUDGET=1 run -0 --separate-stderr cop-rollup -m r r
	assert_output "$(rollup_of_ev | awk -F'\t' 'BEGIN { OFS = FS } NR > 1 { $6 *= 2 } 1')"
}

# 150 posts of ann in #a on 4 March, minute i = 7k mod 150 past 09:00 for
# k = 0..149 (7 and 150 are coprime: each minute once, out of order),
# between which bob posts in #b on minute k past 09:00, so that in the
# 300 one-event runs no two neighbours share a key. More than 64 runs are
# merged 64 at a time first. By hand: ann's cell counts 150 from 09:00
# (1709542800) to 09:00 + 149 min = 11:29 (1709551740); bob's counts 150
# from 09:00 to 11:29 too.
@test "more runs than one merge takes: merged in groups, to the same cells" {
	{
		printf 'time\tmember\tvenue\n'
		awk 'BEGIN { for (k = 0; k < 150; k++) {
			i = (7 * k) % 150
			printf "2024-03-04T%02d:%02d:00Z\tann\t#a\n", 9 + int(i / 60), i % 60
			printf "2024-03-04T%02d:%02d:00Z\tbob\t#b\n", 9 + int(k / 60), k % 60 } }'
	} >many.tsv
	COP_ROLLUP_BUDGET=1 run -0 --separate-stderr cop-rollup many.tsv
	assert_output "$(tsv "${HEADER//$'\t'/|}" \
	    '2024-03-04|#a|ann|post||150|1709542800|1709551740' \
	    '2024-03-04|#b|bob|post||150|1709542800|1709551740')"
	assert_stderr ""
	assert_equal "$(cop-rollup many.tsv)" "$output"
}

@test "spilled and unspilled rollups of a real log are the same bytes, and merge the same" {
	need_shared
	local log=$SHARED/nodejs-tsc-meetings.tsv dir=$SHARED/nodejs-tsc-members.tsv
	cop-rollup -M "$dir" "$log" >whole
	for budget in 1 5000 100000; do
		COP_ROLLUP_BUDGET=$budget run -0 --separate-stderr cop-rollup -M "$dir" "$log"
		assert_equal "$output" "$(cat whole)"
		assert_stderr ""
	done
	head -n 2000 "$log" | cop-rollup -M "$dir" >a
	{ head -n 1 "$log"; tail -n +2001 "$log"; } | cop-rollup -M "$dir" >b
	COP_ROLLUP_BUDGET=1 run -0 cop-rollup -m b a
	assert_equal "$output" "$(cat whole)"
}

@test "a TMPDIR where no temporary file can be made is an error, once the table spills" {
	COP_ROLLUP_BUDGET=1 TMPDIR="$BATS_TEST_TMPDIR/none" run -1 --separate-stderr cop-rollup ev.tsv
	assert_output ""
	assert_stderr "cop-rollup: $BATS_TEST_TMPDIR/none: cannot create a temporary file: No such file or directory"
	# within the budget nothing is written out
	TMPDIR="$BATS_TEST_TMPDIR/none" run -0 cop-rollup ev.tsv
	assert_output "$(rollup_of_ev)"
}

@test "a bad COP_ROLLUP_BUDGET is a usage error" {
	COP_ROLLUP_BUDGET=lots run -2 --separate-stderr cop-rollup ev.tsv
	assert_stderr 'cop-rollup: COP_ROLLUP_BUDGET: "lots" is not a number'
	COP_ROLLUP_BUDGET=0 run -2 --separate-stderr cop-rollup ev.tsv
	[[ $stderr == 'cop-rollup: COP_ROLLUP_BUDGET: 0 is out of range (1 to '*')' ]]	# LONG_MAX
}
