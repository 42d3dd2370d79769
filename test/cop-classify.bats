#!/usr/bin/env bats
# cop-classify: levels of participation. Expected outputs are worked out by
# hand from the definitions in man/cop-classify.1; the comments show how.

load helper

HEADER='member|level|events|active_periods|first_seen|last_seen|share|regularity|trajectory'

# Four members over the ISO weeks 2024-W01..W04 (W03 silent), unsorted.
four_weeks() {
	tsv 'time|member|action|venue|reply_to' \
		'2024-01-23T10:00:00Z|cat|attend|call|' \
		'2024-01-01T09:00:00Z|ann|post|chat|' \
		'2024-01-02T09:00:00Z|ann|post|chat|' \
		'2024-01-03T09:00:00Z|ann|post|chat|' \
		'2024-01-03T10:00:00Z|bob|reply|chat|ann' \
		'2024-01-04T10:00:00Z|cat|attend|call|' \
		'2024-01-09T09:00:00Z|ann|post|chat|' \
		'2024-01-10T09:00:00Z|bob|post|chat|' \
		'2024-01-11T09:00:00Z|bob|post|chat|' \
		'2024-01-12T09:00:00Z|dan|react|chat|bob' \
		'2024-01-24T09:00:00Z|bob|post|chat|'
}

# --- the stream ---------------------------------------------------------

@test "a single event makes its member core in the stream" {
	run -0 cop-classify <(tsv 'time|member' '2024-03-05|ann')
	assert_output "$(tsv 'time|member|level' '2024-03-05|ann|core')"
}

@test "the stream appends each event's level as of its own week" {
	# W01 (W=1): ann 3, bob 1, cat 0.5 of 4.5. ann alone reaches half: core.
	# bob: 3 before him < 80% of 4.5 = 3.6, 1 week >= 1: active. cat: 4 before
	# him >= 3.6, 1 week < 2 for a regular: peripheral.
	# W02 (W=2): ann 4, bob 3, cat 0.5, dan 0.25 of 7.75; half 3.875, 80% 6.2.
	# ann core; bob 4 before >= 3.875 but < 6.2, 2 weeks: active; cat, dan
	# peripheral. W04 (W=4): ann 4, bob 4 tie (both core share: 0 before),
	# cat 1 of 9.25 with 2 of 4 weeks = the regular threshold: active.
	run -0 cop-classify <(four_weeks)
	assert_output "$(tsv 'time|member|action|venue|reply_to|level' \
		'2024-01-23T10:00:00Z|cat|attend|call||active' \
		'2024-01-01T09:00:00Z|ann|post|chat||core' \
		'2024-01-02T09:00:00Z|ann|post|chat||core' \
		'2024-01-03T09:00:00Z|ann|post|chat||core' \
		'2024-01-03T10:00:00Z|bob|reply|chat|ann|active' \
		'2024-01-04T10:00:00Z|cat|attend|call||peripheral' \
		'2024-01-09T09:00:00Z|ann|post|chat||core' \
		'2024-01-10T09:00:00Z|bob|post|chat||active' \
		'2024-01-11T09:00:00Z|bob|post|chat||active' \
		'2024-01-12T09:00:00Z|dan|react|chat|bob|peripheral' \
		'2024-01-24T09:00:00Z|bob|post|chat||core')"
}

@test "the order of the rows does not change any level" {
	run -0 cop-classify <(four_weeks)
	sorted=$(printf '%s\n' "$output" | sort)
	run -0 cop-classify <(four_weeks | { IFS= read -r h; echo "$h"; sort -r; })
	assert_equal "$(printf '%s\n' "$output" | sort)" "$sorted"
}

@test "-s: rows back and forth between weeks count each week once" {
	# ann's latest week is W02 when her third row takes her back to W01;
	# her fourth, in W02 again, must find W02's record, not start another:
	# 4 events in 2 active weeks, in 2 of the window's 2 weeks.
	run -0 cop-classify -s <(tsv 'time|member' '2024-01-01|ann' '2024-01-08|ann' \
		'2024-01-02|ann' '2024-01-09|ann')
	assert_output "$(tsv "$HEADER" \
		'ann|core|4|2|2024-01-01T00:00:00Z|2024-01-09T00:00:00Z|1.000|1.000|core')"
}

@test "unknown columns, CRLF and invalid UTF-8 pass through byte for byte" {
	printf 'note\ttime\tmember\r\n\xff\xfe x\t2024-01-01\tann\r\nz\t2024-01-02\tbob\n' > "$BATS_TEST_TMPDIR/in.tsv"
	run -0 cop-classify "$BATS_TEST_TMPDIR/in.tsv"
	printf 'note\ttime\tmember\tlevel\r\n\xff\xfe x\t2024-01-01\tann\tcore\r\nz\t2024-01-02\tbob\tcore\n' > "$BATS_TEST_TMPDIR/want"
	cop-classify "$BATS_TEST_TMPDIR/in.tsv" | cmp - "$BATS_TEST_TMPDIR/want"
}

@test "standard input through a pipe gives the same stream as a file" {
	four_weeks > "$BATS_TEST_TMPDIR/in.tsv"
	cop-classify "$BATS_TEST_TMPDIR/in.tsv" > "$BATS_TEST_TMPDIR/file.out"
	cat "$BATS_TEST_TMPDIR/in.tsv" | cop-classify > "$BATS_TEST_TMPDIR/pipe.out"
	cat "$BATS_TEST_TMPDIR/in.tsv" | cop-classify - > "$BATS_TEST_TMPDIR/dash.out"
	cmp "$BATS_TEST_TMPDIR/file.out" "$BATS_TEST_TMPDIR/pipe.out"
	cmp "$BATS_TEST_TMPDIR/file.out" "$BATS_TEST_TMPDIR/dash.out"
}

@test "a header-only input gives the header with level; an empty one gives nothing" {
	run -0 cop-classify <(tsv 'time|member|venue')
	assert_output "$(tsv 'time|member|venue|level')"
	run -0 cop-classify /dev/null
	assert_output ""
	run -0 cop-classify -s /dev/null
	assert_output "$(tsv "$HEADER")"
}

@test "a stream that already has a level column passes through untouched" {
	cop-classify <(four_weeks) > "$BATS_TEST_TMPDIR/once"
	cop-classify "$BATS_TEST_TMPDIR/once" | cmp - "$BATS_TEST_TMPDIR/once"
}

@test "bots pass through with '-', are left out of the figures and counted" {
	# Without the bot's 5 posts ann is alone and core; with them she would
	# share the week with a bot that outscores her.
	tsv 'member|role' 'ann|member' 'remindr|bot' > "$BATS_TEST_TMPDIR/m.tsv"
	run -0 --separate-stderr cop-classify -M "$BATS_TEST_TMPDIR/m.tsv" <(tsv 'time|member' \
		'2024-01-01|ann' '2024-01-01|remindr' '2024-01-02|remindr' \
		'2024-01-03|remindr' '2024-01-04|remindr' '2024-01-05|remindr')
	assert_output "$(tsv 'time|member|level' '2024-01-01|ann|core' \
		'2024-01-01|remindr|-' '2024-01-02|remindr|-' '2024-01-03|remindr|-' \
		'2024-01-04|remindr|-' '2024-01-05|remindr|-')"
	assert_stderr "cop-classify: note: 5 rows by 1 bot left out of the figures"
}

@test "aliases merge two handles into one member" {
	tsv 'member|aliases' 'frank|fmiller, f.m' > "$BATS_TEST_TMPDIR/m.tsv"
	run -0 cop-classify -s -M "$BATS_TEST_TMPDIR/m.tsv" <(tsv 'time|member' \
		'2024-01-01|fmiller' '2024-01-08|frank' '2024-01-15|f.m')
	assert_output "$(tsv "$HEADER" \
		'frank|core|3|3|2024-01-01T00:00:00Z|2024-01-15T00:00:00Z|1.000|1.000|core')"
}

@test "--as-of leaves later events out, and marks their rows '-'" {
	run -0 cop-classify -a 2024-01-05 <(tsv 'time|member' '2024-01-01|ann' '2024-01-09|bob')
	assert_output "$(tsv 'time|member|level' '2024-01-01|ann|core' '2024-01-09|bob|-')"
}

@test "-f maps columns by header name and by number" {
	run -0 cop-classify -f time=Date -f member=3 <(tsv 'Date|x|Author' '2024-01-01|1|ann')
	assert_output "$(tsv 'Date|x|Author|level' '2024-01-01|1|ann|core')"
	run -0 cop-classify -f time=Date,member=Author <(tsv 'Date|Author' '2024-01-01|ann')
	assert_output "$(tsv 'Date|Author|level' '2024-01-01|ann|core')"
}

# --- the summary --------------------------------------------------------

@test "-s: levels, shares, regularity and trajectories worked out by hand" {
	# As of W04, the window holds 3 weeks with contributions (W03 was
	# silent): W = 3. ann 4 and bob 4 of 9.25 (0.432), tied at the top: both
	# core. cat 1 (0.108), in 2 of 3 weeks >= max(2, ceil(1.5)): active by
	# regularity. dan 0.25 (0.027), 1 of 3: peripheral. bob was active in
	# W01-W03, core in W04; cat peripheral in W01-W03, active in W04.
	run -0 cop-classify -s <(four_weeks)
	assert_output "$(tsv "$HEADER" \
		'ann|core|4|2|2024-01-01T09:00:00Z|2024-01-09T09:00:00Z|0.432|0.667|core' \
		'bob|core|4|3|2024-01-03T10:00:00Z|2024-01-24T09:00:00Z|0.432|1.000|active>core' \
		'cat|active|2|2|2024-01-04T10:00:00Z|2024-01-23T10:00:00Z|0.108|0.667|peripheral>active' \
		'dan|peripheral|1|1|2024-01-12T09:00:00Z|2024-01-12T09:00:00Z|0.027|0.333|peripheral')"
}

@test "-s: a member who leaves the window is inactive, and stays core while regular" {
	# -w 2. W01: ann 1, eve 1, tied: both core. W02: ann 2, eve 1 of 3; eve is
	# outside the top half but within 80% and was core, with 1 of 2 weeks
	# >= ceil(0.25 * 2): she stays core (hysteresis). W03, W04: eve's only
	# week has left the window: inactive.
	run -0 cop-classify -s -w 2 <(tsv 'time|member' '2024-01-01|ann' '2024-01-01|eve' \
		'2024-01-08|ann' '2024-01-15|ann' '2024-01-22|ann')
	assert_output "$(tsv "$HEADER" \
		'ann|core|4|4|2024-01-01T00:00:00Z|2024-01-22T00:00:00Z|1.000|1.000|core' \
		'eve|inactive|1|1|2024-01-01T00:00:00Z|2024-01-01T00:00:00Z|0.000|0.000|core>inactive')"
}

@test "-s: every time form of cop-events(5) reads to the same UTC instant" {
	run -0 cop-classify -s <(tsv 'time|member' \
		'2024-03-05|a' '2024-03-05T14:02|b' '2024-03-05T14:02:11Z|c' \
		'2024-03-05 14:02:11+01:00|d' '2024-03-05T14:02:11.250+0100|e' \
		'1709647331|f' '2024-03-05T14:02:11-05|g' '2024-03-05t14:02:11z|h')
	assert_equal "$(printf '%s\n' "$output" | cut -f1,5 | sort)" "$(tsv \
		'a|2024-03-05T00:00:00Z' 'b|2024-03-05T14:02:00Z' 'c|2024-03-05T14:02:11Z' \
		'd|2024-03-05T13:02:11Z' 'e|2024-03-05T13:02:11Z' 'f|2024-03-05T14:02:11Z' \
		'g|2024-03-05T19:02:11Z' 'h|2024-03-05T14:02:11Z' \
		'member|first_seen')"
}

@test "-s with --tz: weeks are cut in the zone, and times without offset read in it" {
	# 23:30Z Sunday and 00:30Z Monday are both Sunday evening in New York.
	events() { tsv 'time|member' '2024-01-07T23:30:00Z|ann' '2024-01-08T00:30:00Z|ann'; }
	run -0 cop-classify -s <(events)
	assert_equal "$(printf '%s\n' "$output" | cut -f4 | tail -1)" 2
	run -0 cop-classify -s -z America/New_York <(events)
	assert_equal "$(printf '%s\n' "$output" | cut -f4 | tail -1)" 1
	# DST: 02:30 on 2024-03-10 does not exist in New York (read at -05:00);
	# 01:30 on 2024-11-03 happens twice (the first, at -04:00, is taken).
	run -0 cop-classify -s -z America/New_York <(tsv 'time|member' \
		'2024-01-08T02:00|a' '2024-03-10T02:30|b' '2024-11-03T01:30|c')
	assert_equal "$(printf '%s\n' "$output" | cut -f1,5 | sort)" "$(tsv \
		'a|2024-01-08T07:00:00Z' 'b|2024-03-10T07:30:00Z' 'c|2024-11-03T05:30:00Z' \
		'member|first_seen')"
}

@test "-s with a community column: a level per community, community first" {
	# data: bob 4 of 5 is core; ann has 4 before her, not below 80% of 5:
	# peripheral. ux: ann alone, core.
	run -0 cop-classify -s <(tsv 'time|member|community' \
		'2024-01-01|ann|ux' '2024-01-01|ann|data' '2024-01-01|bob|data' \
		'2024-01-02|bob|data' '2024-01-03|bob|data' '2024-01-04|bob|data')
	assert_output "$(tsv "community|$HEADER" \
		'data|bob|core|4|1|2024-01-01T00:00:00Z|2024-01-04T00:00:00Z|0.800|1.000|core' \
		'data|ann|peripheral|1|1|2024-01-01T00:00:00Z|2024-01-01T00:00:00Z|0.200|1.000|peripheral' \
		'ux|ann|core|1|1|2024-01-01T00:00:00Z|2024-01-01T00:00:00Z|1.000|1.000|core')"
}

@test "-W reweighs an action: attendance can be made to count for nothing" {
	# ann attends 4 times (2 points), bob posts once (1): ann leads. With
	# attend=0 ann scores nothing and is in no share; 1 week of 1: peripheral.
	events() { tsv 'time|member|action' '2024-01-01|ann|attend' '2024-01-01|ann|attend' \
		'2024-01-01|ann|attend' '2024-01-01|ann|attend' '2024-01-01|bob|post'; }
	run -0 cop-classify -s <(events)
	assert_equal "$(printf '%s\n' "$output" | cut -f1,2,7 | tail -2)" "$(tsv 'ann|core|0.667' 'bob|active|0.333')"
	run -0 cop-classify -s -W attend=0 <(events)
	assert_equal "$(printf '%s\n' "$output" | cut -f1,2,7 | tail -2)" "$(tsv 'bob|core|1.000' 'ann|peripheral|0.000')"
}

@test "-C, -A, -P, -Q and -G move the thresholds" {
	# One week: ann 3, bob 2, cat 1 of 6. Defaults: ann core (0 before), bob
	# active (3 before < 4.8), cat peripheral (5 before >= 4.8).
	events() { tsv 'time|member' '2024-01-01|ann' '2024-01-01|ann' '2024-01-01|ann' \
		'2024-01-01|bob' '2024-01-01|bob' '2024-01-01|cat'; }
	levels() { printf '%s\n' "$output" | tail -n +2 | cut -f2 | tr '\n' ' '; }
	run -0 cop-classify -s <(events);          assert_equal "$(levels)" "core active peripheral "
	run -0 cop-classify -s -C 0.6 <(events);   assert_equal "$(levels)" "core core peripheral "
	run -0 cop-classify -s -A 0.9 <(events);   assert_equal "$(levels)" "core active active "
	run -0 cop-classify -s -A 0.5 <(events);   assert_equal "$(levels)" "core peripheral peripheral "
	# ann posts in 1 of 2 weeks of the window: -P 0.6 wants 2, -Q 0.6 too.
	events2() { events; tsv '2024-01-08|bob'; }
	run -0 cop-classify -s <(events2);         assert_equal "$(levels)" "core core peripheral "
	run -0 cop-classify -s -P 0.6 <(events2);  assert_equal "$(levels)" "core active peripheral "
	run -0 cop-classify -s -G 0.5 -Q 1 <(events2); assert_equal "$(levels)" "core core peripheral "
}

@test "-s: three thousand members in one week, many tied, ranked as defined" {
	# Member i posts 6000/(i+1) times (integer part): many tie, down to
	# the 1,000 who post twice, rows in a scrambled order.
	# With one week in the window, a member is core when the members
	# posting more make less than -C of the posts, active when less than
	# -A, peripheral otherwise; awk ranks them here as the man page says.
	awk 'BEGIN { print "time	member"; n = 3000
		for (k = 0; k < n; k++) { i = k * 1847 % n
			for (j = 0; j < int(6000 / (i + 1)); j++) print "2024-01-0" 1 + j % 5 "	m" i } }' \
		>"$BATS_TEST_TMPDIR/week.tsv"
	for shares in "0.5 0.8" "0.3 0.95" "0.01 0.02" "0.9 1"; do
		set -- $shares
		awk -F'	' -v C="$1" -v A="$2" 'NR > 1 { n[$2]++; total++ }
			END { for (m in n) by[n[m]] = by[n[m]] " " m
			      for (c = 6000; c > 0; c--) if (c in by) {
				k = split(by[c], ms, " ")
				lv = cum < C * total ? "core" : cum < A * total ? "active" : "peripheral"
				for (j = 1; j <= k; j++) print ms[j] "	" lv
				cum += c * k } }' "$BATS_TEST_TMPDIR/week.tsv" | sort >"$BATS_TEST_TMPDIR/awk"
		cop-classify -s -C "$1" -A "$2" "$BATS_TEST_TMPDIR/week.tsv" | tail -n +2 | cut -f1,2 |
			sort >"$BATS_TEST_TMPDIR/ours"
		cmp "$BATS_TEST_TMPDIR/ours" "$BATS_TEST_TMPDIR/awk"
		awk -F'	' '{ n[$2]++ } END { exit !(n["core"] > 0 && n["peripheral"] > 0) }' \
			"$BATS_TEST_TMPDIR/ours" || [ "$2" = 1 ]
	done
}

@test "-n sets how long a level must hold to enter the trajectory" {
	# -w 2. W01 bob alone: core. W02, W03: ann 9 a week buries bob's 1 (18
	# of 20 above him, beyond 80%), but bob is in both weeks of the window:
	# active as a regular. W04, W05: bob 10 a week: core again.
	events() {
		tsv 'time|member' '2024-01-01|bob' '2024-01-08|bob' '2024-01-15|bob'
		for i in 1 2 3 4 5 6 7 8 9; do tsv '2024-01-08|ann' '2024-01-15|ann'; done
		for i in 1 2 3 4 5 6 7 8 9 10; do tsv '2024-01-22|bob' '2024-01-29|bob'; done
	}
	run -0 cop-classify -s -w 2 <(events)
	assert_equal "$(printf '%s\n' "$output" | grep '^bob' | cut -f9)" "core"
	run -0 cop-classify -s -w 2 -n 1 <(events)
	assert_equal "$(printf '%s\n' "$output" | grep '^bob' | cut -f9)" "core>active>core"
}

@test "--since and --until select rows, half open" {
	events() { tsv 'time|member' '2024-01-01|a' '2024-01-02|b' '2024-01-03|c'; }
	run -0 cop-classify -B 2024-01-02 -E 2024-01-03 <(events)
	assert_output "$(tsv 'time|member|level' '2024-01-02|b|core')"
	run -0 cop-classify --since 2024-01-02 <(events)
	assert_line_count 3
}

@test "several files read as one stream" {
	tsv 'time|member' '2024-01-01|ann' > "$BATS_TEST_TMPDIR/a.tsv"
	tsv 'time|member' '2024-01-08|ann' > "$BATS_TEST_TMPDIR/b.tsv"
	run -0 cop-classify -s "$BATS_TEST_TMPDIR/a.tsv" "$BATS_TEST_TMPDIR/b.tsv"
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f1-4)" "$(tsv 'ann|core|2|2')"
}

@test "--help and --version" {
	run -0 cop-classify --help
	[[ "${lines[0]}" == "usage: cop-classify [-ks] [-w WEEKS]"* ]]
	run -0 cop-classify -V
	[[ "$output" == "cop-classify (coptools) "[0-9]* ]]
}

# --- bad input ---------------------------------------------------------

@test "a bad time names file, line and column" {
	tsv 'time|member' '2024-01-01|ann' '2024-13-01|bob' > "$BATS_TEST_TMPDIR/bad.tsv"
	run -1 --separate-stderr cop-classify "$BATS_TEST_TMPDIR/bad.tsv"
	assert_stderr "cop-classify: $BATS_TEST_TMPDIR/bad.tsv:3: time: cannot parse \"2024-13-01\""
	assert_output ""
}

@test "impossible and out-of-range times are refused, quoting the value" {
	for t in 2024-02-30 2024-01-01T24:00 0000-01-01 9223372036854775808 2024-1-5 \
		'2024-01-01T10:00+25:00' 2024-01-01T10:61; do
		run -1 --separate-stderr cop-classify -s <(tsv 'time|member' "$t|ann")
		assert_stderr "cop-classify: /dev/fd/${stderr#*/dev/fd/}"
		[[ "$stderr" == *":2: time: cannot parse \"$t\"" ]]
	done
	run -1 --separate-stderr cop-classify -s <(tsv 'time|member' '|ann')
	[[ "$stderr" == *":2: time: empty" ]]
}

@test "a missing required column is a usage error listing the columns found" {
	run -2 --separate-stderr cop-classify <(tsv 'time|who' '2024-01-01|ann')
	[[ "$stderr" == "cop-classify: /dev/fd/"*': no column "member" (columns found: "time", "who")' ]]
	run -2 --separate-stderr cop-classify -f member=Author <(tsv 'time|who' '2024-01-01|ann')
	[[ "$stderr" == *': no column "Author" for member (columns found: "time", "who")' ]]
	run -2 --separate-stderr cop-classify -f member=7 <(tsv 'time|who' '2024-01-01|ann')
	[[ "$stderr" == "cop-classify: -f member=7: /dev/fd/"*" has 2 columns" ]]
}

@test "short and long rows, empty members and NUL bytes are bad rows" {
	printf 'time\tmember\tvenue\n2024-01-01\tann\n2024-01-01\tann\tv\tx\n2024-01-01\t\tv\n2024-01-01\ta\0b\tv\n' > "$BATS_TEST_TMPDIR/bad.tsv"
	run -1 --separate-stderr cop-classify "$BATS_TEST_TMPDIR/bad.tsv"
	assert_stderr "cop-classify: $BATS_TEST_TMPDIR/bad.tsv:2: 2 fields where the header has 3"
	run -0 --separate-stderr cop-classify -k "$BATS_TEST_TMPDIR/bad.tsv"
	assert_output "$(tsv 'time|member|venue|level')"
	assert_stderr <<-EOF
	cop-classify: $BATS_TEST_TMPDIR/bad.tsv:2: 2 fields where the header has 3
	cop-classify: $BATS_TEST_TMPDIR/bad.tsv:3: 4 fields where the header has 3
	cop-classify: $BATS_TEST_TMPDIR/bad.tsv:4: member: empty
	cop-classify: $BATS_TEST_TMPDIR/bad.tsv:5: member: holds a NUL byte: "a\x00b"
	cop-classify: skipped 4 bad rows (-k)
	EOF
}

@test "-k skips bad rows and keeps the good ones, in both passes" {
	run -0 --separate-stderr cop-classify -k <(tsv 'time|member' '2024-01-01|ann' 'yesterday|bob' '2024-01-02|cat')
	assert_output "$(tsv 'time|member|level' '2024-01-01|ann|core' '2024-01-02|cat|core')"
	[[ "$stderr" == *':3: time: cannot parse "yesterday"'$'\n''cop-classify: skipped 1 bad row (-k)' ]]
}

@test "a 10 MB field passes through, and a 10 MB bad time is quoted short" {
	head -c 10000000 /dev/zero | tr '\0' x > "$BATS_TEST_TMPDIR/big"
	{ printf 'time\tmember\tnote\n2024-01-01\tann\t'; cat "$BATS_TEST_TMPDIR/big"; printf '\n'; } > "$BATS_TEST_TMPDIR/in.tsv"
	run -0 cop-classify "$BATS_TEST_TMPDIR/in.tsv"
	[ "${#output}" -eq $((10000000 + 43)) ]
	{ printf 'time\tmember\n'; cat "$BATS_TEST_TMPDIR/big"; printf '\tann\n'; } > "$BATS_TEST_TMPDIR/bad.tsv"
	run -1 --separate-stderr cop-classify "$BATS_TEST_TMPDIR/bad.tsv"
	assert_stderr "cop-classify: $BATS_TEST_TMPDIR/bad.tsv:2: time: cannot parse \"$(printf 'x%.0s' $(seq 60))...\""
}

@test "a column named twice, a header that differs, a CR-only file" {
	run -1 --separate-stderr cop-classify <(tsv 'time|member|member' '2024-01-01|a|b')
	[[ "$stderr" == *":1: member: the header names this column twice (fields 2 and 3)" ]]
	tsv 'time|member' '2024-01-01|a' > "$BATS_TEST_TMPDIR/a.tsv"
	tsv 'member|time' 'b|2024-01-01' > "$BATS_TEST_TMPDIR/b.tsv"
	run -1 --separate-stderr cop-classify "$BATS_TEST_TMPDIR/a.tsv" "$BATS_TEST_TMPDIR/b.tsv"
	assert_stderr "cop-classify: $BATS_TEST_TMPDIR/b.tsv:1: the header differs from that of $BATS_TEST_TMPDIR/a.tsv"
	printf 'time\tmember\r2024-01-01\tann\r' > "$BATS_TEST_TMPDIR/cr.tsv"
	run -1 --separate-stderr cop-classify "$BATS_TEST_TMPDIR/cr.tsv"
	assert_stderr "cop-classify: $BATS_TEST_TMPDIR/cr.tsv:1: the header holds a carriage return: a file with CR line ends? convert it with tr '\\r' '\\n'"
}

@test "files that cannot be read: missing, a directory" {
	run -1 --separate-stderr cop-classify "$BATS_TEST_TMPDIR/none.tsv"
	assert_stderr "cop-classify: $BATS_TEST_TMPDIR/none.tsv: No such file or directory"
	run -1 --separate-stderr cop-classify "$BATS_TEST_TMPDIR"
	assert_stderr "cop-classify: $BATS_TEST_TMPDIR: Is a directory"
}

@test "the members directory's errors name its file and line" {
	tsv 'member|aliases' 'ann|a1' 'bob|a1' > "$BATS_TEST_TMPDIR/m.tsv"
	run -1 --separate-stderr cop-classify -M "$BATS_TEST_TMPDIR/m.tsv" /dev/null
	assert_stderr "cop-classify: $BATS_TEST_TMPDIR/m.tsv:3: aliases: \"a1\" is already a handle of \"ann\""
	tsv 'member|role' 'ann|bot' 'ann|member' > "$BATS_TEST_TMPDIR/m.tsv"
	run -1 --separate-stderr cop-classify -M "$BATS_TEST_TMPDIR/m.tsv" /dev/null
	assert_stderr "cop-classify: $BATS_TEST_TMPDIR/m.tsv:3: member: \"ann\" is listed twice"
	tsv 'handle|role' 'ann|bot' > "$BATS_TEST_TMPDIR/m.tsv"
	run -2 --separate-stderr cop-classify -M "$BATS_TEST_TMPDIR/m.tsv" /dev/null
	[[ "$stderr" == *'m.tsv: no column "member" (columns found: "handle", "role")' ]]
	tsv 'member|joined' 'ann|soon' > "$BATS_TEST_TMPDIR/m.tsv"
	run -1 --separate-stderr cop-classify -M "$BATS_TEST_TMPDIR/m.tsv" /dev/null
	assert_stderr "cop-classify: $BATS_TEST_TMPDIR/m.tsv:2: joined: cannot parse \"soon\""
}

@test "bad options are usage errors naming the option and what is allowed" {
	run -2 --separate-stderr cop-classify -w 0 /dev/null
	assert_stderr "cop-classify: -w: 0 is out of range (1 to 5200)"
	run -2 --separate-stderr cop-classify -C half /dev/null
	[[ "${stderr%%$'\n'*}" == 'cop-classify: -C: "half" is not a number' ]]
	run -2 --separate-stderr cop-classify -C 0.9 -A 0.8 /dev/null
	[[ "${stderr%%$'\n'*}" == 'cop-classify: -A 0.8 is below -C 0.9: the active share includes the core'"'"'s' ]]
	run -2 --separate-stderr cop-classify -z Mars/Olympus /dev/null
	[[ "${stderr%%$'\n'*}" == 'cop-classify: --tz: unknown time zone "Mars/Olympus"'* ]]
	run -2 --separate-stderr cop-classify -f who=member /dev/null
	[[ "${stderr%%$'\n'*}" == 'cop-classify: -f: "who" is not a column of ours'* ]]
	run -2 --separate-stderr cop-classify --since tomorrow /dev/null
	[[ "${stderr%%$'\n'*}" == 'cop-classify: --since: cannot parse "tomorrow"'* ]]
	run -2 --separate-stderr cop-classify -W attend /dev/null
	[[ "${stderr%%$'\n'*}" == 'cop-classify: -W: "attend" is not ACTION=WEIGHT' ]]
	run -2 --separate-stderr cop-classify --bogus /dev/null
	[[ "${lines[0]:-}$stderr" == *"unrecognized option"* ]]
}

@test "a full disk is an error, a closed pipe a quiet end" {
	run -1 --separate-stderr cop-classify <(four_weeks) '>' /dev/full
	run -1 --separate-stderr sh -c 'cop-classify "$1" > /dev/full' sh <(four_weeks)
	assert_stderr "cop-classify: stdout: write error: No space left on device"
	# enough rows that the pipe closes while cop-classify still writes
	seq 200000 | awk 'BEGIN { print "time\tmember" } { print 1700000000 + $1 "\tm" $1 % 97 }' \
	    >"$BATS_TEST_TMPDIR/many.tsv"
	run -0 --separate-stderr sh -c 'cop-classify "$1" | head -1' sh "$BATS_TEST_TMPDIR/many.tsv"
	assert_output "time	member	level"
	assert_stderr ""
}

# --- the real logs ------------------------------------------------------

@test "real logs: every member once in -s, with awk's event counts" {
	need_shared
	for log in nodejs-tsc-meetings openjs-cpc-meetings fluid-irc git-git; do
		f="$SHARED/$log.tsv"
		cop-classify -s "$f" | tail -n +2 | cut -f1,3 | sort > "$BATS_TEST_TMPDIR/ours"
		awk -F'\t' 'NR > 1 { n[$2]++ } END { for (m in n) print m "\t" n[m] }' "$f" |
			sort > "$BATS_TEST_TMPDIR/awk"
		cmp "$BATS_TEST_TMPDIR/ours" "$BATS_TEST_TMPDIR/awk"
	done
}

@test "real logs: the stream keeps every row and every input byte" {
	need_shared
	for log in nodejs-tsc-meetings openjs-cpc-meetings fluid-irc git-git; do
		f="$SHARED/$log.tsv"
		cop-classify -M "$SHARED/${log%-meetings}-members.tsv" "$f" 2>/dev/null |
			cut -f1-6 | cmp - "$f" 2>/dev/null ||
			cop-classify "$f" | cut -f1-6 | cmp - "$f"
	done
}

@test "real logs: core is a small minority" {
	need_shared
	# Of everyone who ever took part, at most one in ten is core now; in the
	# chat and the commit log, at most a quarter of those in the window.
	for log in nodejs-tsc-meetings openjs-cpc-meetings fluid-irc git-git; do
		cop-classify -s "$SHARED/$log.tsv" | awk -F'\t' -v name="$log" '
			NR > 1 { all++; if ($2 != "inactive") n++; if ($2 == "core") core++ }
			END { printf "%s: %d core, %d in the window, %d in all\n", name, core, n, all
			      chat = name ~ /irc|git/
			      exit !(core >= 1 && core * 10 <= all && (!chat || core * 4 <= n)) }'
	done
}

@test "real logs with members directories: aliases merge, bots are counted" {
	need_shared
	run -0 --separate-stderr cop-classify -s -M "$SHARED/fluid-irc-members.tsv" "$SHARED/fluid-irc.tsv"
	assert_stderr "cop-classify: note: 26 rows by 3 bots left out of the figures"
	# Bosmon absorbs Bosmon2..Bosmon9: his events are the sum of theirs.
	want=$(awk -F'\t' '$2 ~ /^Bosmon[2-9]?$/' "$SHARED/fluid-irc.tsv" | wc -l)
	assert_equal "$(printf '%s\n' "$output" | awk -F'\t' '$1 == "Bosmon" { print $3 }')" "$want"
}
