#!/usr/bin/env bats
# cop-patterns: the ten success and failure patterns and the success
# factors. The hand-built communities are test/data/patterns-NAME.tsv,
# written by test/data/patterns-gen.sh NAME (40 weeks from 2024-01-01,
# unsorted, several venues, noise); their numbers are redone with awk
# (test/data/patterns-check.awk) rather than copied from the output. The
# small logs are worked out by hand, as the comments say.

load helper

# The span of the 40-week communities: the 26 weeks 2024-W15..2024-W40.
SPAN="from 2024-W15 to 2024-W40"

# pattern and verdict of every row of -s.
verdicts() {
	cop-patterns -s "$@" 2>/dev/null | cut -f1,3
}

# The evidence of one pattern in -s.
evidence() {
	local pat=$1
	shift
	cop-patterns -s "$@" | awk -F'\t' -v p="$pat" '$1 == p { print $5 }'
}

# awk over a community with the check helpers; the program is on stdin.
check() {
	awk -F'\t' -f "$DATA/patterns-check.awk" -f /dev/stdin "$@"
}

# The ten rows of an all-unknown -s but for the patterns given as NAME=VERDICT.
expect() {
	local p v line
	printf 'pattern\tverdict\n'
	for p in big-boys-club solopreneur passionless-glow dropped-anchor \
	    big-brother-conflict band-of-brothers diversity-rules musical-chairs \
	    fast-lane circle-of-life; do
		v=unknown
		for line in "$@"; do
			[ "${line%%=*}" = "$p" ] && v=${line#*=}
		done
		printf '%s\t%s\n' "$p" "$v"
	done
}

@test "the hand-built communities are what their generator writes" {
	for f in "$DATA"/patterns-*.awk; do
		name=${f##*/patterns-}
		name=${name%.awk}
		case $name in lib|check|real) continue ;; esac
		run cmp <(sh "$DATA/patterns-gen.sh" "$name") "$DATA/patterns-$name.tsv"
		[ "$status" -eq 0 ] || { echo "$name: $output"; false; }
	done
}

# The stream.

@test "the stream keeps every row and byte and appends signal" {
	run -0 cop-patterns -M "$DATA/patterns-healthy-members.tsv" "$DATA/patterns-healthy.tsv"
	assert_equal "$(printf '%s\n' "$output" | cut -f1-6)" "$(cat "$DATA/patterns-healthy.tsv")"
	assert_equal "$(printf '%s\n' "$output" | head -1 | cut -f7)" signal
	assert_line_count "$(wc -l < "$DATA/patterns-healthy.tsv")"
}

@test "signal marks the replies within the band, as many as the evidence says" {
	# 'exchanged N replies among themselves': the rows signalled.
	n=$(evidence band-of-brothers "$DATA/patterns-healthy.tsv" |
	    sed 's/.*exchanged \([0-9]*\) replies.*/\1/')
	run -0 cop-patterns "$DATA/patterns-healthy.tsv"
	assert_equal "$(printf '%s\n' "$output" | grep -c 'band-of-brothers')" "$n"
	# Every one a reply from one of the five to another.
	assert_equal "$(printf '%s\n' "$output" | grep 'band-of-brothers' |
	    awk -F'\t' '$2 ~ /^(ann|bob|cat|dan|eve)$/ && $6 ~ /^(ann|bob|cat|dan|eve)$/ &&
	    $2 != $6' | wc -l)" "$n"
}

@test "signal lists several patterns in table order, comma-separated" {
	# In the healthy community the core's replies in #roadmap are evidence
	# for the band and for the fast lane; newcomers' rows for the circle.
	run -0 cop-patterns -M "$DATA/patterns-healthy-members.tsv" -S "$DATA/patterns-strategic.txt" \
	    "$DATA/patterns-healthy.tsv"
	printf '%s\n' "$output" | grep -q $'\tband-of-brothers,fast-lane$'
	printf '%s\n' "$output" | grep -q $'\tcircle-of-life$'
	printf '%s\n' "$output" | grep -q $'\tmusical-chairs$'
	assert_equal "$(printf '%s\n' "$output" | cut -f7 | tr ',' '\n' | sort -u | tr '\n' ' ')" \
	    "- band-of-brothers circle-of-life diversity-rules fast-lane musical-chairs signal "
}

@test "signal shows the dropped anchors' last twelve weeks" {
	# ann and bob, last active in 2024-W26: their rows from W15 to W26.
	run -0 cop-patterns "$DATA/patterns-anchor.tsv"
	expected=$(check "$DATA/patterns-anchor.tsv" <<-'EOF'
	NR > 1 && ($2 == "ann" || $2 == "bob") && week($1) >= week("2024-04-08") { n++ }
	END { print n }
	EOF
	)
	assert_equal "$(printf '%s\n' "$output" | grep -c 'dropped-anchor')" "$expected"
}

@test "a stream that already has signal passes through untouched" {
	tsv 'time|member|signal' '2024-01-01|ann|solopreneur' '2024-01-02|bob|-' > "$BATS_TEST_TMPDIR/s.tsv"
	run -0 cop-patterns "$BATS_TEST_TMPDIR/s.tsv"
	assert_output "$(cat "$BATS_TEST_TMPDIR/s.tsv")"
}

@test "bots' rows pass through with -, counted in a note" {
	# Without the bot, ann is alone: all the contributions are hers, and
	# her row is evidence for a one-person show.
	tsv 'time|member' '2024-01-01|ann' '2024-01-02|bot' > "$BATS_TEST_TMPDIR/e.tsv"
	tsv 'member|role' 'bot|bot' > "$BATS_TEST_TMPDIR/m.tsv"
	run -0 --separate-stderr cop-patterns -M "$BATS_TEST_TMPDIR/m.tsv" "$BATS_TEST_TMPDIR/e.tsv"
	assert_output "$(tsv 'time|member|signal' '2024-01-01|ann|solopreneur' '2024-01-02|bot|-')"
	assert_stderr "cop-patterns: note: 1 row by 1 bot left out of the figures"
}

@test "bots' rows after cop-classify and cop-rhythm, with - for level and period, pass through" {
	# The earlier stages write - in their columns of a bot's row: not a
	# period to parse, the row is the bot's and left out as before.
	tsv 'time|member' '2024-01-01|ann' '2024-01-02|bot' > "$BATS_TEST_TMPDIR/e.tsv"
	tsv 'member|role' 'bot|bot' > "$BATS_TEST_TMPDIR/m.tsv"
	run -0 --separate-stderr sh -c "cop-classify -M '$BATS_TEST_TMPDIR/m.tsv' '$BATS_TEST_TMPDIR/e.tsv' 2>/dev/null |
	    cop-rhythm -M '$BATS_TEST_TMPDIR/m.tsv' 2>/dev/null |
	    cop-patterns -M '$BATS_TEST_TMPDIR/m.tsv'"
	assert_output "$(tsv 'time|member|level|period|newcomer|beat|signal' \
	    '2024-01-01|ann|core|2024-W01|yes|-|solopreneur' '2024-01-02|bot|-|-|-|-|-')"
	assert_stderr "cop-patterns: note: 1 row by 1 bot left out of the figures"
	run -0 sh -c "cop-rhythm -M '$BATS_TEST_TMPDIR/m.tsv' '$BATS_TEST_TMPDIR/e.tsv' 2>/dev/null |
	    cop-patterns -s -M '$BATS_TEST_TMPDIR/m.tsv' 2>/dev/null"
	assert_output "$(cop-patterns -s -M "$BATS_TEST_TMPDIR/m.tsv" "$BATS_TEST_TMPDIR/e.tsv" 2>/dev/null)"
}

@test "CRLF lines keep their CR after the signal" {
	printf 'time\tmember\r\n2024-01-01\tann\r\n2024-01-01\tbob\r\n' > "$BATS_TEST_TMPDIR/crlf.tsv"
	run -0 cop-patterns "$BATS_TEST_TMPDIR/crlf.tsv"
	assert_output "$(printf 'time\tmember\tsignal\r\n2024-01-01\tann\t-\r\n2024-01-01\tbob\t-\r')"
}

@test "standard input works, and an empty input gives nothing" {
	run -0 sh -c "cop-patterns < '$DATA/patterns-solo.tsv' | wc -l"
	assert_output "$(wc -l < "$DATA/patterns-solo.tsv")"
	run -0 cop-patterns /dev/null
	assert_output ""
}

# The summary table.

@test "-s prints a header and exactly ten rows, in the documented order" {
	run -0 cop-patterns -s "$DATA/patterns-healthy.tsv"
	assert_line_count 11
	assert_equal "${lines[0]}" "$(printf 'pattern\tpolarity\tverdict\tstrength\tevidence\tadvice')"
	assert_equal "$(printf '%s\n' "$output" | cut -f1,2 | tail -n +2 | tr '\t\n' ': ')" \
	    "big-boys-club:failure solopreneur:failure passionless-glow:failure dropped-anchor:failure big-brother-conflict:failure band-of-brothers:success diversity-rules:success musical-chairs:success fast-lane:success circle-of-life:success "
}

@test "-s on an empty input: ten unknown rows" {
	run -0 cop-patterns -s /dev/null
	assert_line_count 11
	assert_equal "$(printf '%s\n' "$output" | cut -f3-6 | sort | uniq -c | sed 's/^ *//')" \
	    "$(printf '10 unknown\t-\tno events to judge\t-\n1 verdict\tstrength\tevidence\tadvice')"
}

@test "advice comes with present patterns only; strength is - when unknown" {
	run -0 cop-patterns -s "$DATA/patterns-solo.tsv"
	printf '%s\n' "$output" | awk -F'\t' 'NR > 1 {
		if (($3 == "present") != ($6 != "-")) exit 1
		if (($3 == "unknown") != ($4 == "-")) exit 1
		if ($4 != "-" && ($4 < 0 || $4 > 1)) exit 1
	}'
	assert_equal "$(printf '%s\n' "$output" | awk -F'\t' '$1 == "solopreneur"' | cut -f6)" \
	    "Share the lead: invite others to host sessions and start threads, build a core group of three to five around the lead, and recognise their work in public."
}

@test "the worked example of the manual" {
	# ann: 3 hosts (3 each) + 5 posts = 14; bob 3 + 2 = 5; cat 1; total 20.
	# solopreneur: share 0.70 -> 0.5 + 0.5 * 0.3 / 0.6 = 0.75; ratio 2.8 ->
	# 0.5 * 2.8 / 3 = 0.467; hosting 3/4 -> 0.5 * 0.75 / 0.8 = 0.469: 0.467.
	# musical-chairs: 2 hosts -> 0.333; top 0.75 -> 1 - 0.75 = 0.25.
	tsv 'time|member|action' '2024-03-04|ann|host' '2024-03-05|ann|host' \
	    '2024-03-11|ann|host' '2024-03-04|ann|post' '2024-03-05|ann|post' \
	    '2024-03-06|ann|post' '2024-03-12|ann|post' '2024-03-13|ann|post' \
	    '2024-03-12|bob|host' '2024-03-05|bob|post' '2024-03-12|bob|post' \
	    '2024-03-13|cat|post' > "$BATS_TEST_TMPDIR/w.tsv"
	run -0 cop-patterns -s "$BATS_TEST_TMPDIR/w.tsv"
	assert_equal "$(printf '%s\n' "$output" | grep -E '^(solopreneur|musical-chairs)' | cut -f1-5)" \
	    "$(printf '%s\n' \
	    'solopreneur	failure	absent	0.467	ann made 70% of the contributions (14 of 20) from 2024-W10 to 2024-W11, 2.8 times as much as the next, bob (25%); 3 of the 4 hosting events were theirs; nobody else was core' \
	    'musical-chairs	success	absent	0.250	2 members hosted the 4 hosting events from 2024-W10 to 2024-W11: ann 3 and bob 1; the busiest held 75%')"
}

# big-boys-club

@test "big-boys-club: present where management talks and members do not answer" {
	run -0 verdicts -M "$DATA/patterns-club-members.tsv" "$DATA/patterns-club.tsv"
	assert_output "$(expect big-boys-club=present solopreneur=absent passionless-glow=absent dropped-anchor=absent \
	    big-brother-conflict=absent band-of-brothers=absent diversity-rules=absent \
	    musical-chairs=absent circle-of-life=absent)"
	# Management's contributions and the members' replies to them, by awk.
	expected=$(check "$DATA/patterns-club.tsv" <<-'EOF'
	BEGIN { mgmt["boss"] = mgmt["vp"] = mgmt["spon"] = 1 }
	NR > 1 && week($1) >= week("2024-04-08") {
		t += weight($3); if ($2 in mgmt) m += weight($3)
		if (!($2 in mgmt) && ($6 in mgmt) && $3 != "react") r++
	}
	END { printf "managers, executives and sponsors (vp, boss and spon) made %.0f%% of the contributions (%d of %d) from 2024-W15 to 2024-W40; the other members answered them %d times, %.2f per contribution\n", 100 * m / t, m, t, r, r / m }
	EOF
	)
	run -0 evidence big-boys-club -M "$DATA/patterns-club-members.tsv" "$DATA/patterns-club.tsv"
	assert_output "$expected"
}

@test "big-boys-club: absent where management is present but members do the talking" {
	run -0 evidence big-boys-club -M "$DATA/patterns-healthy-members.tsv" "$DATA/patterns-healthy.tsv"
	assert_output "managers, executives and sponsors (spon) made 0% of the contributions (13 of 4530) $SPAN; the other members answered them 0 times, 0.00 per contribution"
	run -0 verdicts -M "$DATA/patterns-healthy-members.tsv" "$DATA/patterns-healthy.tsv"
	assert_equal "${lines[1]}" "$(printf 'big-boys-club\tabsent')"
}

@test "big-boys-club: absent, not unknown, when roles are given but nobody is a manager" {
	cut -f1,2 "$DATA/patterns-healthy-members.tsv" | grep -v sponsor > "$BATS_TEST_TMPDIR/m.tsv"
	run -0 evidence big-boys-club -M "$BATS_TEST_TMPDIR/m.tsv" "$DATA/patterns-healthy.tsv"
	assert_output "none of the 37 members active $SPAN is a manager, executive or sponsor"
}

@test "big-boys-club: unknown without roles, and the evidence says why" {
	run -0 evidence big-boys-club "$DATA/patterns-club.tsv"
	assert_output "no members directory (-M) gives roles, so management cannot be told apart"
	cut -f1,3 "$DATA/patterns-club-members.tsv" > "$BATS_TEST_TMPDIR/units.tsv"
	run -0 evidence big-boys-club -M "$BATS_TEST_TMPDIR/units.tsv" "$DATA/patterns-club.tsv"
	assert_output "the members directory has no role column, so management cannot be told apart"
	tsv 'member|role' 'robot|bot' 'ada|' > "$BATS_TEST_TMPDIR/bots.tsv"
	run -0 evidence big-boys-club -M "$BATS_TEST_TMPDIR/bots.tsv" "$DATA/patterns-club.tsv"
	assert_output "the members directory gives no role but bot, so management cannot be told apart"
}

@test "big-boys-club: without replies, engagement is not measured" {
	cut -f1-5 "$DATA/patterns-club.tsv" > "$BATS_TEST_TMPDIR/noreply.tsv"
	run -0 evidence big-boys-club -M "$DATA/patterns-club-members.tsv" "$BATS_TEST_TMPDIR/noreply.tsv"
	assert_output "managers, executives and sponsors (vp, boss and spon) made 68% of the contributions (590 of 865) $SPAN; no replies are recorded, so engagement is not measured"
}

# solopreneur

@test "solopreneur: present where one member writes most and hosts everything" {
	run -0 verdicts "$DATA/patterns-solo.tsv"
	assert_output "$(expect solopreneur=present passionless-glow=absent dropped-anchor=absent \
	    band-of-brothers=absent musical-chairs=absent circle-of-life=absent)"
	expected=$(check "$DATA/patterns-solo.tsv" <<-'EOF'
	NR > 1 && week($1) >= week("2024-04-08") {
		t += weight($3); c[$2] += weight($3); if (hosting($3)) { h++; hm[$2]++ }
	}
	END {
		for (m in c) if (m != "ann" && c[m] > next_c) { next_c = c[m]; nm = m }
		printf "ann made %.0f%% of the contributions (%d of %d) from 2024-W15 to 2024-W40, %.1f times as much as the next, %s (%.0f%%); %d of the %d hosting events were theirs; nobody else was core\n", 100 * c["ann"] / t, c["ann"], t, c["ann"] / next_c, nm, 100 * next_c / t, hm["ann"], h
	}
	EOF
	)
	run -0 evidence solopreneur "$DATA/patterns-solo.tsv"
	assert_output "$expected"
}

@test "solopreneur: absent where contributions and hosting are shared" {
	run -0 evidence solopreneur "$DATA/patterns-healthy.tsv"
	assert_output "ann made 14% of the contributions (644 of 4530) $SPAN, 1.0 times as much as the next, cat (14%); 6 of the 26 hosting events were theirs; 4 other members were core"
}

@test "solopreneur: unknown when the span has only attendance" {
	tsv 'time|member|action' '2024-01-01|ann|attend' '2024-01-08|bob|attend' > "$BATS_TEST_TMPDIR/a.tsv"
	run -0 evidence solopreneur "$BATS_TEST_TMPDIR/a.tsv"
	assert_output "no contributions (posts, replies, content, hosting) from 2024-W01 to 2024-W02"
}

# passionless-glow

@test "passionless-glow: present where the call runs on and little happens between" {
	run -0 verdicts "$DATA/patterns-glow.tsv"
	assert_output "$(expect solopreneur=present passionless-glow=present dropped-anchor=absent \
	    band-of-brothers=absent musical-chairs=absent circle-of-life=absent)"
	# The series (cop-rhythm -c: weekly-call weekly, list monthly) and, by
	# awk, their sessions, the posts elsewhere, and attend rows per call in
	# weeks 15-27 and 28-40.
	assert_equal "$(cop-rhythm -c "$DATA/patterns-glow.tsv" | cut -f1,5,6 | tail -n +2 | tr '\t\n' ': ')" \
	    "weekly-call:weekly:1.000 #general:continuous:0.900 list:monthly:1.000 "
	expected=$(check "$DATA/patterns-glow.tsv" <<-'EOF'
	NR > 1 { w = week($1) - week("2024-04-08") }
	NR > 1 && w >= 0 && ($4 == "weekly-call" || $4 == "list") {
		sched++; day[$4 substr($1, 1, 10)] = 1
		if ($4 == "weekly-call") { s[w >= 13] += !((substr($1, 1, 10)) in seen); seen[substr($1, 1, 10)] = 1; if ($3 == "attend") a[w >= 13]++ }
	}
	NR > 1 && w >= 0 && $4 == "#general" && $3 != "react" && $3 != "join" { vol++ }
	END { printf "list (monthly, regularity 1.00) and weekly-call (weekly, regularity 1.00) held %d sessions from 2024-W15 to 2024-W40; contributions outside them were %.0f%% of the activity (%d of %d); attendance per session went from %.1f to %.1f between the halves\n", length(day), 100 * vol / (vol + sched), vol, vol + sched, a[0] / s[0], a[1] / s[1] }
	EOF
	)
	run -0 evidence passionless-glow "$DATA/patterns-glow.tsv"
	assert_output "$expected"
	# The signal marks the series' rows in the span.
	run -0 cop-patterns "$DATA/patterns-glow.tsv"
	assert_equal "$(printf '%s\n' "$output" | grep 'passionless-glow' | cut -f4 | sort | uniq -c | sed 's/^ *//' | tr '\n' ' ')" \
	    "$(awk -F'\t' '$1 >= "2024-04-08" && ($4 == "weekly-call" || $4 == "list")' "$DATA/patterns-glow.tsv" | cut -f4 | sort | uniq -c | sed 's/^ *//' | tr '\n' ' ')"
}

@test "passionless-glow: absent where talk between the calls is lively" {
	run -0 evidence passionless-glow "$DATA/patterns-healthy.tsv"
	assert_output "weekly-call (weekly, regularity 1.00) held 26 sessions $SPAN; contributions outside them were 95% of the activity (4452 of 4686); attendance per session went from 8.0 to 8.0 between the halves"
}

@test "passionless-glow: absent where nothing runs on a schedule" {
	grep -v weekly-call "$DATA/patterns-healthy.tsv" > "$BATS_TEST_TMPDIR/chat.tsv"
	run -0 evidence passionless-glow "$BATS_TEST_TMPDIR/chat.tsv"
	assert_output "no venue keeps a beat $SPAN (cop-rhythm -c): nothing runs on a schedule"
	run -0 cop-patterns -F "$BATS_TEST_TMPDIR/chat.tsv"
	assert_equal "${lines[4]}" "$(printf 'rhythm\tweak\tno venue keeps a beat %s, so the community has no regular events' "$SPAN")"
}

@test "passionless-glow: unknown where the log holds only meeting records" {
	{ head -1 "$DATA/patterns-glow.tsv"; grep weekly-call "$DATA/patterns-glow.tsv"; } > "$BATS_TEST_TMPDIR/minutes.tsv"
	run -0 evidence passionless-glow "$BATS_TEST_TMPDIR/minutes.tsv"
	assert_output "the log has no venue for talk between sessions (all are meeting series or records of attendance), so voluntary activity is not recorded"
	run -0 cop-patterns -F "$BATS_TEST_TMPDIR/minutes.tsv"
	assert_equal "${lines[4]}" "$(printf 'rhythm\tunknown\tweekly-call (weekly, regularity 1.00) keeps the beat %s, but the log has no venue for talk between sessions, so the mix cannot be judged' "$SPAN")"
}

# dropped-anchor

@test "dropped-anchor: present where two core members leave and activity halves" {
	run -0 verdicts "$DATA/patterns-anchor.tsv"
	assert_output "$(expect solopreneur=absent passionless-glow=absent dropped-anchor=present \
	    band-of-brothers=present musical-chairs=present circle-of-life=absent)"
	# Events per week in the 12 weeks to 2024-W26 and the 12 after.
	expected=$(check "$DATA/patterns-anchor.tsv" <<-'EOF'
	NR > 1 { w = week($1) - week("2024-06-24") }
	NR > 1 && w > -12 && w <= 0 { b++ }
	NR > 1 && w > 0 && w <= 12 { a++ }
	END { printf "events fell %.0f%%, from %.1f a week in the 12 weeks to then to %.1f in the 12 after\n", 100 * (1 - a / b), b / 12, a / 12 }
	EOF
	)
	run -0 evidence dropped-anchor "$DATA/patterns-anchor.tsv"
	assert_output "ann (active in 12 and core in 12 of the community's 12 active weeks of the 12 up to then) and bob (12 and 12 of 12) were last active in 2024-W26; $expected, and nobody rose to core"
}

@test "dropped-anchor: absent where a core member leaves and another rises (succession)" {
	run -0 evidence dropped-anchor "$DATA/patterns-succession.tsv"
	assert_output "succession, not a dropped anchor: ann (active in 12 and core in 12 of the community's 12 active weeks of the 12 up to then) was last active in 2024-W26; events fell 4%, from 52.4 a week in the 12 weeks to then to 50.5 in the 12 after, while fay rose to core"
	run -0 verdicts "$DATA/patterns-succession.tsv"
	assert_equal "${lines[4]}" "$(printf 'dropped-anchor\tabsent')"
}

@test "dropped-anchor: absent where nobody leaves" {
	run -0 evidence dropped-anchor "$DATA/patterns-healthy.tsv"
	assert_output "no anchor left: of the members last active from 2024-W15 to 2024-W32 (then silent for 8 weeks or more), none had been core and active in 50% of the community's active weeks of the 12 before"
}

@test "dropped-anchor: unknown when the span is shorter than the gap" {
	run -0 evidence dropped-anchor --since 2024-08-26 "$DATA/patterns-anchor.tsv"
	assert_output "the span from 2024-W35 to 2024-W40 is too short to see an anchor leave: that takes 8 silent weeks"
}

# big-brother-conflict

@test "big-brother-conflict: present where activity collapses after an executive's post" {
	run -0 verdicts -M "$DATA/patterns-conflict-members.tsv" "$DATA/patterns-conflict.tsv"
	assert_output "$(expect big-boys-club=absent solopreneur=absent passionless-glow=absent \
	    dropped-anchor=absent big-brother-conflict=present band-of-brothers=present diversity-rules=absent \
	    musical-chairs=present circle-of-life=absent)"
	# vp posts in weeks 3 and 25 (21 silent weeks between); events per
	# week in weeks 13-24, then 26-31 and 32-37.
	expected=$(check "$DATA/patterns-conflict.tsv" <<-'EOF'
	NR > 1 { w = week($1) - week("2024-06-17") }
	NR > 1 && w >= -12 && w < 0 { b++ }
	NR > 1 && w > 0 && w <= 6 { h1++ }
	NR > 1 && w > 6 && w <= 12 { h2++ }
	END { printf "events fell %.0f%%: %.1f a week in the 12 weeks before, %.1f and %.1f in the two 6-week halves after\n", 100 * (1 - (h1 > h2 ? h1 : h2) / 6 / (b / 12)), b / 12, h1 / 6, h2 / 6 }
	EOF
	)
	run -0 evidence big-brother-conflict -M "$DATA/patterns-conflict-members.tsv" "$DATA/patterns-conflict.tsv"
	assert_output "after vp (executive) posted in 2024-W25 after 21 silent weeks, $expected"
	run -0 cop-patterns -M "$DATA/patterns-conflict-members.tsv" "$DATA/patterns-conflict.tsv"
	assert_equal "$(printf '%s\n' "$output" | grep 'big-brother-conflict' | cut -f2 | sort | uniq -c | sed 's/^ *//')" "3 vp"
}

@test "big-brother-conflict: present where activity collapses after the sponsor leaves" {
	run -0 evidence big-brother-conflict -M "$DATA/patterns-withdrawal-members.tsv" \
	    "$DATA/patterns-withdrawal.tsv"
	expected=$(check "$DATA/patterns-withdrawal.tsv" <<-'EOF'
	NR > 1 { w = week($1) - week("2024-05-20") }
	NR > 1 && w >= -12 && w < 0 { b++ }
	NR > 1 && w > 0 && w <= 6 { h1++ }
	NR > 1 && w > 6 && w <= 12 { h2++ }
	END { printf "events fell %.0f%%: %.1f a week in the 12 weeks before, %.1f and %.1f in the two 6-week halves after\n", 100 * (1 - (h1 > h2 ? h1 : h2) / 6 / (b / 12)), b / 12, h1 / 6, h2 / 6 }
	EOF
	)
	assert_output "after spon (sponsor) was last active in 2024-W21, $expected"
}

@test "big-brother-conflict: absent where activity holds after the post" {
	run -0 evidence big-brother-conflict -M "$DATA/patterns-conflict-members.tsv" "$DATA/patterns-calm.tsv"
	assert_output "no lasting fall after the one senior intervention: after vp (executive) posted in 2024-W25 after 21 silent weeks, events rose 1%: 63.8 a week in the 12 weeks before, 64.3 and 56.3 in the two 6-week halves after"
}

@test "big-brother-conflict: absent without senior members, unknown without roles" {
	grep -v sponsor "$DATA/patterns-closed-members.tsv" > "$BATS_TEST_TMPDIR/m.tsv"
	run -0 evidence big-brother-conflict -M "$BATS_TEST_TMPDIR/m.tsv" "$DATA/patterns-solo.tsv"
	assert_output "none of the 13 members in the log is a manager, executive or sponsor"
	run -0 evidence big-brother-conflict "$DATA/patterns-conflict.tsv"
	assert_output "no members directory (-M) gives roles, so senior interventions cannot be seen"
	run -0 evidence big-brother-conflict -M "$DATA/patterns-healthy-members.tsv" "$DATA/patterns-healthy.tsv"
	assert_output "no senior intervention from 2024-W15 to 2024-W28: no manager or executive posted after 8 silent weeks, and no sponsor who had been present left"
}

# band-of-brothers

@test "band-of-brothers: present where the core answers each other" {
	run -0 verdicts -M "$DATA/patterns-healthy-members.tsv" -S "$DATA/patterns-strategic.txt" \
	    "$DATA/patterns-healthy.tsv"
	assert_output "$(expect big-boys-club=absent solopreneur=absent passionless-glow=absent \
	    dropped-anchor=absent big-brother-conflict=absent band-of-brothers=present diversity-rules=present \
	    musical-chairs=present fast-lane=present circle-of-life=present)"
	# Replies within the five over the span, and the most answered one's share.
	expected=$(check "$DATA/patterns-healthy.tsv" <<-'EOF'
	BEGIN { split("ann bob cat dan eve", c, " "); for (k in c) core[c[k]] = 1 }
	NR > 1 && week($1) >= week("2024-04-08") && ($2 in core) && ($6 in core) &&
	    $2 != $6 && $3 != "react" { n++; got[$6]++ }
	END { for (m in got) if (got[m] > top) { top = got[m]; who = m }
	    printf "exchanged %d replies among themselves from 2024-W15 to 2024-W40: 10 of their 10 pairs exchanged at least 2, and the most answered, %s, received %.0f%%\n", n, who, 100 * top / n }
	EOF
	)
	run -0 evidence band-of-brothers -M "$DATA/patterns-healthy-members.tsv" "$DATA/patterns-healthy.tsv"
	assert_output "the core outside management, ann, cat, dan, eve and bob, $expected"
}

@test "band-of-brothers: absent where everyone answers only the lead" {
	run -0 evidence band-of-brothers "$DATA/patterns-star.tsv"
	assert_output "the core, ann, cat, eve, dan and bob, exchanged 840 replies among themselves $SPAN: 4 of their 10 pairs exchanged at least 2, and the most answered, ann, received 77%; roles are not given, so nobody is left out as management"
	run -0 verdicts "$DATA/patterns-star.tsv"
	assert_equal "${lines[6]}" "$(printf 'band-of-brothers\tabsent')"
}

@test "band-of-brothers: absent when the core is one member" {
	run -0 evidence band-of-brothers "$DATA/patterns-solo.tsv"
	assert_output "only 1 member was core $SPAN (ann), too few for a band of 3; roles are not given, so nobody is left out as management"
}

@test "band-of-brothers: unknown when no replies are recorded" {
	cut -f1-5 "$DATA/patterns-healthy.tsv" > "$BATS_TEST_TMPDIR/noreply.tsv"
	run -0 evidence band-of-brothers "$BATS_TEST_TMPDIR/noreply.tsv"
	assert_output "no replies are recorded (reply_to) $SPAN, so who answers whom is not known"
}

# diversity-rules

@test "diversity-rules: present with many units, none dominant, and a mix of tenures" {
	# 37 active: 21 from before the span (kim..tia, the core, the active
	# ring, spon) and the 16 newcomers; units: Sales, R&D, Support, Ops,
	# Legal and spon's Board; R&D has 8 (bob gus lea quinn new01 new06 new11
	# new16) of 37 = 22%.
	run -0 evidence diversity-rules -M "$DATA/patterns-healthy-members.tsv" "$DATA/patterns-healthy.tsv"
	assert_output "the 37 members active $SPAN come from 6 units; the largest, R&D, has 22% of the 37 whose unit is known; 16 arrived in the span and 21 before it"
}

@test "diversity-rules: absent where one unit dominates and nobody is new" {
	run -0 verdicts -M "$DATA/patterns-closed-members.tsv" -S "$DATA/patterns-strategic.txt" \
	    "$DATA/patterns-closed.tsv"
	assert_output "$(expect big-boys-club=absent solopreneur=absent passionless-glow=absent \
	    dropped-anchor=absent big-brother-conflict=absent band-of-brothers=present diversity-rules=absent \
	    musical-chairs=present fast-lane=absent circle-of-life=absent)"
	# 10 of the 12 in R&D: 83%.
	run -0 evidence diversity-rules -M "$DATA/patterns-closed-members.tsv" "$DATA/patterns-closed.tsv"
	assert_output "the 12 members active $SPAN come from 3 units; the largest, R&D, has 83% of the 12 whose unit is known; 0 arrived in the span and 12 before it"
}

@test "diversity-rules: unknown without units, or with too few of them" {
	run -0 evidence diversity-rules -M "$DATA/patterns-conflict-members.tsv" "$DATA/patterns-healthy.tsv"
	assert_output "units are known for only 10 of the 37 members active $SPAN"
	run -0 evidence diversity-rules "$DATA/patterns-healthy.tsv"
	assert_output "no members directory (-M) gives units, so the mix of units cannot be judged"
	cut -f1,2 "$DATA/patterns-healthy-members.tsv" > "$BATS_TEST_TMPDIR/m.tsv"
	run -0 evidence diversity-rules -M "$BATS_TEST_TMPDIR/m.tsv" "$DATA/patterns-healthy.tsv"
	assert_output "the members directory has no unit column, so the mix of units cannot be judged"
}

@test "diversity-rules: tenure is unknown when the log begins inside the span, unless joined says" {
	run -0 evidence diversity-rules -M "$DATA/patterns-healthy-members.tsv" \
	    --since 2024-06-03 "$DATA/patterns-healthy.tsv"
	assert_output "tenures are unknown: the log begins in 2024-W23, inside the span, and the directory gives no joined dates"
	# With joined dates for the old hands, tenure is known again. Of the 16
	# newcomers, new04 left before the window; the 15 others are newcomers
	# in it (their first row in the window is in the span).
	awk -F'\t' -v OFS='\t' 'NR > 1 && $1 !~ /^new/ { $4 = "2023-06-01" } 1' \
	    "$DATA/patterns-healthy-members.tsv" > "$BATS_TEST_TMPDIR/m.tsv"
	run -0 evidence diversity-rules -M "$BATS_TEST_TMPDIR/m.tsv" --since 2024-06-03 \
	    "$DATA/patterns-healthy.tsv"
	assert_output "the 36 members active from 2024-W23 to 2024-W40 come from 6 units; the largest, R&D, has 22% of the 36 whose unit is known; 15 arrived in the span and 21 before it"
}

# musical-chairs

@test "musical-chairs: present where hosting rotates" {
	expected=$(check "$DATA/patterns-healthy.tsv" <<-'EOF'
	NR > 1 && week($1) >= week("2024-04-08") && hosting($3) { n++; h[$2]++ }
	END { printf "%d members hosted the %d hosting events from 2024-W15 to 2024-W40: cat %d, dan %d, ann %d and bob %d; the busiest held %.0f%%\n", length(h), n, h["cat"], h["dan"], h["ann"], h["bob"], 100 * h["cat"] / n }
	EOF
	)
	run -0 evidence musical-chairs "$DATA/patterns-healthy.tsv"
	assert_output "$expected"
}

@test "musical-chairs: absent where one member hosts every session" {
	run -0 evidence musical-chairs "$DATA/patterns-solo.tsv"
	assert_output "1 member hosted the 26 hosting events $SPAN: ann 26; the busiest held 100%"
}

@test "musical-chairs: unknown where no hosting is recorded" {
	grep -v $'\thost\t' "$DATA/patterns-healthy.tsv" > "$BATS_TEST_TMPDIR/nohost.tsv"
	run -0 evidence musical-chairs "$BATS_TEST_TMPDIR/nohost.tsv"
	assert_output "no hosting is recorded (host, chair, present, organize, facilitate or scribe rows) $SPAN"
}

# fast-lane

@test "fast-lane: present with strategic activity and a sponsor present, not dominating" {
	expected=$(check "$DATA/patterns-healthy.tsv" <<-'EOF'
	NR > 1 && week($1) >= week("2024-04-08") {
		t += weight($3); if ($4 == "#roadmap") s += weight($3)
		if ($2 == "spon") { sp += weight($3); seen[week($1)] = 1 }
	}
	END { printf "%.0f%% of the contributions (%d of %d) from 2024-W15 to 2024-W40 were in strategic venues or threads; sponsors and executives (spon) were active in %d of the 26 active weeks and made %.0f%% of the contributions\n", 100 * s / t, s, t, length(seen), 100 * sp / t }
	EOF
	)
	run -0 evidence fast-lane -M "$DATA/patterns-healthy-members.tsv" -S "$DATA/patterns-strategic.txt" \
	    "$DATA/patterns-healthy.tsv"
	assert_output "$expected"
}

@test "fast-lane: absent with little strategic activity, or no sponsor" {
	run -0 evidence fast-lane -M "$DATA/patterns-closed-members.tsv" -S "$DATA/patterns-strategic.txt" \
	    "$DATA/patterns-closed.tsv"
	assert_output "only 1% of the contributions (5 of 651) $SPAN were in strategic venues or threads"
	grep -v sponsor "$DATA/patterns-healthy-members.tsv" > "$BATS_TEST_TMPDIR/m.tsv"
	run -0 evidence fast-lane -M "$BATS_TEST_TMPDIR/m.tsv" -S "$DATA/patterns-strategic.txt" \
	    "$DATA/patterns-healthy.tsv"
	assert_output "32% of the contributions (1471 of 4530) $SPAN were in strategic venues or threads, but no sponsor or executive was active"
}

@test "fast-lane: unknown without -S, or without roles to see the sponsors" {
	run -0 evidence fast-lane -M "$DATA/patterns-healthy-members.tsv" "$DATA/patterns-healthy.tsv"
	assert_output "no strategic venues or keywords are given (-S FILE)"
	run -0 evidence fast-lane -S "$DATA/patterns-strategic.txt" "$DATA/patterns-healthy.tsv"
	assert_output "32% of the contributions (1471 of 4530) $SPAN were in strategic venues or threads, but whether sponsors were present is unknown: no members directory (-M) gives roles"
}

@test "-S matches a keyword in the thread, ignoring case" {
	# Two contributions of three carry "Roadmap" in their thread: 67%.
	tsv 'time|member|venue|thread' '2024-01-01|ann|chat|Q1-ROADMAP' \
	    '2024-01-02|bob|chat|roadmap-review' '2024-01-03|cat|chat|lunch' > "$BATS_TEST_TMPDIR/t.tsv"
	run -0 evidence fast-lane -S "$DATA/patterns-strategic.txt" "$BATS_TEST_TMPDIR/t.tsv"
	assert_output "67% of the contributions (2 of 3) from 2024-W01 to 2024-W01 were in strategic venues or threads, but whether sponsors were present is unknown: no members directory (-M) gives roles"
}

@test "-S: a NUL byte in the list is an error (found by the fuzzer, which saw a leak)" {
	printf 'forum\nroad\0map\n' > "$BATS_TEST_TMPDIR/s.txt"
	run -1 --separate-stderr cop-patterns -s -S "$BATS_TEST_TMPDIR/s.txt" "$DATA/patterns-healthy.tsv"
	assert_output ""
	assert_stderr "cop-patterns: $BATS_TEST_TMPDIR/s.txt: a line holds a NUL byte"
}

# circle-of-life

@test "circle-of-life: present where newcomers arrive, stay and activity grows" {
	# new01..new16 arrive in weeks 16..39 (0-based 15..38); new04, new08,
	# new12, new16 never come back.
	expected=$(check "$DATA/patterns-healthy.tsv" <<-'EOF'
	NR > 1 { w = week($1) - week("2024-04-08"); if (w >= 0 && w < 13) a++; else if (w >= 13) b++ }
	END { printf "events per week went from %.1f to %.1f (%.2f times)\n", a / 13, b / 13, b / a }
	EOF
	)
	run -0 evidence circle-of-life "$DATA/patterns-healthy.tsv"
	assert_output "16 of the 37 members active $SPAN were newcomers (43%; 8 in the first half, 8 in the second); 11 of the 14 who arrived at least 4 weeks before the end came back later (79%); $expected"
}

@test "circle-of-life: absent in a closed, fading group" {
	run -0 evidence circle-of-life "$DATA/patterns-closed.tsv"
	assert_output "0 of the 12 members active $SPAN were newcomers (0%; 0 in the first half, 0 in the second); 0 of the 0 who arrived at least 4 weeks before the end came back later (0%); events per week went from 34.5 to 24.5 (0.71 times)"
}

@test "circle-of-life: unknown on a span of one week" {
	tsv 'time|member' '2024-01-01|ann' '2024-01-03|bob' > "$BATS_TEST_TMPDIR/one.tsv"
	run -0 evidence circle-of-life "$BATS_TEST_TMPDIR/one.tsv"
	assert_output "the span is a single week, from 2024-W01 to 2024-W01"
}

# Critical success factors.

@test "-F: the five factors of a healthy community" {
	run -0 cop-patterns -F -M "$DATA/patterns-healthy-members.tsv" "$DATA/patterns-healthy.tsv"
	assert_equal "${lines[0]}" "$(printf 'factor\tstatus\tevidence')"
	assert_equal "$(printf '%s\n' "$output" | cut -f1,2 | tail -n +2 | tr '\t\n' ': ')" \
	    "core-group:ok coordinator:ok experts:ok rhythm:ok sponsorship:ok "
	assert_equal "${lines[1]}" "$(printf 'core-group\tok\t5 members were core in at least 7 of the 26 active weeks %s: ann, cat, dan, eve and bob' "$SPAN")"
	assert_equal "${lines[4]}" "$(printf 'rhythm\tok\tweekly-call (weekly, regularity 1.00) keeps the beat %s, and contributions outside them were 95%% of the activity' "$SPAN")"
	assert_equal "${lines[5]}" "$(printf 'sponsorship\tok\tsponsors and executives (spon) were active in 13 of the 26 active weeks and made 0%% of the contributions %s' "$SPAN")"
}

@test "-F: weak where the lead is alone and nobody sponsors, unknown without roles" {
	grep -v sponsor "$DATA/patterns-closed-members.tsv" > "$BATS_TEST_TMPDIR/m.tsv"
	run -0 cop-patterns -F -M "$BATS_TEST_TMPDIR/m.tsv" "$DATA/patterns-solo.tsv"
	assert_equal "$(printf '%s\n' "$output" | grep -v rhythm)" "$(printf '%s\n' \
	    'factor	status	evidence' \
	    "core-group	weak	only 1 member was core in at least 7 of the 26 active weeks $SPAN: ann" \
	    "coordinator	ok	ann (coordinator) was active in 26 of the 26 active weeks and answered 6 members $SPAN" \
	    "experts	weak	the members directory names no expert" \
	    "sponsorship	weak	no sponsor or executive was active $SPAN")"
	run -0 cop-patterns -F "$DATA/patterns-solo.tsv"
	assert_equal "$(printf '%s\n' "$output" | cut -f2 | sort | uniq -c | sed 's/^ *//' | tr '\n' ' ')" \
	    "1 ok 1 status 3 unknown 1 weak "
}

@test "-F: a listed expert who is never active is a weak factor, and says so" {
	{ sed 's/^bob	expert/bob	member/' "$DATA/patterns-healthy-members.tsv"; printf 'zed\texpert\tR&D\t\n'; } \
	    > "$BATS_TEST_TMPDIR/m.tsv"
	run -0 cop-patterns -F -M "$BATS_TEST_TMPDIR/m.tsv" "$DATA/patterns-healthy.tsv"
	assert_equal "${lines[3]}" "$(printf 'experts\tweak\tno member with role expert was active %s' "$SPAN")"
}

# Communities.

@test "with a community column, -s gives ten rows per community, in name order" {
	{
		printf 'community\t'; head -1 "$DATA/patterns-solo.tsv"
		tail -n +2 "$DATA/patterns-solo.tsv" | sed 's/^/zeta\t/'
		tail -n +2 "$DATA/patterns-healthy.tsv" | sed 's/^/alpha\t/'
	} > "$BATS_TEST_TMPDIR/two.tsv"
	run -0 cop-patterns -s "$BATS_TEST_TMPDIR/two.tsv"
	assert_line_count 21
	assert_equal "${lines[0]}" "$(printf 'community\tpattern\tpolarity\tverdict\tstrength\tevidence\tadvice')"
	assert_equal "$(printf '%s\n' "$output" | cut -f1 | uniq -c | sed 's/^ *//' | tr '\n' ' ')" \
	    "1 community 10 alpha 10 zeta "
	# Each community's verdicts are those it has alone.
	assert_equal "$(printf '%s\n' "$output" | awk -F'\t' '$1 == "zeta"' | cut -f2,4)" \
	    "$(verdicts "$DATA/patterns-solo.tsv" | tail -n +2)"
	assert_equal "$(printf '%s\n' "$output" | awk -F'\t' '$1 == "alpha"' | cut -f2,4)" \
	    "$(verdicts "$DATA/patterns-healthy.tsv" | tail -n +2)"
	run -0 cop-patterns -F "$BATS_TEST_TMPDIR/two.tsv"
	assert_line_count 11
}

@test "a member back exactly one levels window later is ranked once (levels.c)" {
	# ann's week-1 record leaves the 12-week window as her week-13 one
	# enters: the sweep once listed her twice, past the end of its array.
	tsv 'time|member' '2024-01-01|ann' '2024-03-25|ann' '2024-03-26|bob' > "$BATS_TEST_TMPDIR/back.tsv"
	run -0 cop-patterns -s "$BATS_TEST_TMPDIR/back.tsv"
	assert_line_count 11
	run -0 cop-classify -s "$BATS_TEST_TMPDIR/back.tsv"
	assert_equal "$(printf '%s\n' "$output" | cut -f1-4)" "$(tsv 'member|level|events|active_periods' \
	    'ann|core|2|2' 'bob|core|1|1')"
}

# Earlier stages' columns.

@test "a level column from cop-classify gives the same verdicts" {
	run -0 sh -c "cop-classify '$DATA/patterns-anchor.tsv' | cop-patterns -s"
	assert_output "$(cop-patterns -s "$DATA/patterns-anchor.tsv")"
}

@test "the whole pipe, cop-classify | cop-rhythm | cop-patterns, gives the same verdicts" {
	f="$DATA/patterns-healthy.tsv" m="$DATA/patterns-healthy-members.tsv"
	run -0 sh -c "cop-classify -M '$m' '$f' | cop-rhythm -M '$m' | cop-patterns -s -M '$m'"
	assert_output "$(cop-patterns -s -M "$m" "$f")"
	# cop-rhythm's months make cop-patterns judge months.
	run -0 sh -c "cop-rhythm -g month '$f' | cop-patterns -F"
	assert_output "$(cop-patterns -F -g month "$f")"
	# Ten months: a regular core is core in at least ceil(0.25 * 10) = 3.
	assert_equal "${lines[1]}" "$(printf 'core-group\tok\t5 members were core in at least 3 of the 10 active months from 2024-01 to 2024-10: cat, ann, dan, bob and eve')"
}

@test "a period column decides the periods, and their grain" {
	# Months: ann posts in 2024-01 and 2024-02, bob in 2024-02; the period
	# column says so whatever the times (one row is dated in March).
	tsv 'time|member|period' '2024-01-10|ann|2024-01' '2024-02-10|ann|2024-02' \
	    '2024-03-10|bob|2024-02' > "$BATS_TEST_TMPDIR/p.tsv"
	run -0 evidence solopreneur "$BATS_TEST_TMPDIR/p.tsv"
	assert_output "ann made 67% of the contributions (2 of 3) from 2024-01 to 2024-02, 2.0 times as much as the next, bob (33%); no hosting is recorded; nobody else was core"
}

@test "a bad period or level is a data error naming line and column, or skipped with -k" {
	tsv 'time|member|period' '2024-01-10|ann|2024-01' '2024-02-10|bob|2024-W60' > "$BATS_TEST_TMPDIR/p.tsv"
	run -1 --separate-stderr cop-patterns -s "$BATS_TEST_TMPDIR/p.tsv"
	assert_stderr "cop-patterns: $BATS_TEST_TMPDIR/p.tsv:3: period: cannot parse \"2024-W60\""
	run -0 --separate-stderr cop-patterns -k "$BATS_TEST_TMPDIR/p.tsv"
	assert_output "$(tsv 'time|member|period|signal' '2024-01-10|ann|2024-01|solopreneur')"
	assert_stderr "$(printf '%s\n' "cop-patterns: $BATS_TEST_TMPDIR/p.tsv:3: period: cannot parse \"2024-W60\"" \
	    'cop-patterns: skipped 1 bad row (-k)')"
	tsv 'time|member|period' '2024-01-10|ann|2024-01' '2024-02-10|bob|2024-W06' > "$BATS_TEST_TMPDIR/g.tsv"
	run -1 --separate-stderr cop-patterns -s "$BATS_TEST_TMPDIR/g.tsv"
	assert_stderr "cop-patterns: $BATS_TEST_TMPDIR/g.tsv:3: period: \"2024-W06\" is a week where the rows before have months"
	run -1 --separate-stderr cop-patterns -s -g week "$BATS_TEST_TMPDIR/g.tsv"
	assert_stderr "cop-patterns: $BATS_TEST_TMPDIR/g.tsv:2: period: \"2024-01\" is a month, but -g week was given"
	tsv 'time|member|level' '2024-01-10|ann|core' '2024-02-10|bob|central' > "$BATS_TEST_TMPDIR/l.tsv"
	run -1 --separate-stderr cop-patterns -s "$BATS_TEST_TMPDIR/l.tsv"
	assert_stderr "cop-patterns: $BATS_TEST_TMPDIR/l.tsv:3: level: cannot parse \"central\""
}

# Options.

@test "-t changes a threshold; the evidence follows" {
	# Four hosts: with musical-chairs.hosts=5 the rotation is too narrow.
	run -0 verdicts -t musical-chairs.hosts=5 "$DATA/patterns-healthy.tsv"
	assert_equal "${lines[8]}" "$(printf 'musical-chairs\tabsent')"
	expected=$(check "$DATA/patterns-solo.tsv" <<-'EOF'
	NR > 1 && week($1) >= week("2024-07-08") { t += weight($3); if ($2 == "ann") a += weight($3) }
	END { printf "ann made %.0f%% of the contributions (%d of %d) from 2024-W28 to 2024-W40,\n", 100 * a / t, a, t }
	EOF
	)
	run -0 evidence solopreneur -t span=13 "$DATA/patterns-solo.tsv"
	assert_equal "${output:0:${#expected}}" "$expected"
	run -0 evidence dropped-anchor -t compare=6 -t gap=4 "$DATA/patterns-healthy.tsv"
	assert_output "no anchor left: of the members last active from 2024-W15 to 2024-W36 (then silent for 4 weeks or more), none had been core and active in 50% of the community's active weeks of the 6 before"
}

@test "-t refuses unknown names, bad values and values out of range" {
	run -2 --separate-stderr cop-patterns -s -t span2=3 /dev/null
	assert_stderr "$(printf '%s\n' 'cop-patterns: -t: no threshold "span2" (see cop-patterns --help)')"
	run -2 --separate-stderr cop-patterns -s -t span=2.5 /dev/null
	assert_stderr "$(printf '%s\n' 'cop-patterns: -t: "2.5" is not a whole number')"
	run -2 --separate-stderr cop-patterns -s -t solopreneur.share=1.5 /dev/null
	assert_stderr "$(printf '%s\n' 'cop-patterns: -t: 1.5 is out of range (0 to 1)')"
	run -2 --separate-stderr cop-patterns -s -t span /dev/null
	assert_stderr "$(printf '%s\n' 'cop-patterns: -t: "span" is not NAME=VALUE')"
	run -2 --separate-stderr cop-patterns -s -t band-of-brothers.max=2 /dev/null
	assert_stderr "$(printf '%s\n' 'cop-patterns: -t band-of-brothers.max=2 is below band-of-brothers.min=3')"
}

@test "-g month judges months" {
	# 26 months hold the whole log: 2024-01 to 2024-10.
	expected=$(check "$DATA/patterns-solo.tsv" <<-'EOF'
	NR > 1 { t += weight($3); c[$2] += weight($3) }
	END { for (m in c) if (m != "ann" && c[m] > n) n = c[m]
	    printf "ann made %.0f%% of the contributions (%d of %d) from 2024-01 to 2024-10, %.1f times\n", 100 * c["ann"] / t, c["ann"], t, c["ann"] / n }
	EOF
	)
	run -0 evidence solopreneur -g month "$DATA/patterns-solo.tsv"
	assert_equal "${output:0:${#expected}}" "$expected"
	run -2 --separate-stderr cop-patterns -g year /dev/null
	assert_stderr "$(printf '%s\n' 'cop-patterns: -g: "year" is not day, week or month')"
}

@test "-w sets the levels' window" {
	# On a one-week window, four of the five in the anchor community were
	# not core in the 12 weeks before ann and bob left; the verdict holds.
	run -0 verdicts -w 1 "$DATA/patterns-anchor.tsv"
	assert_equal "${lines[4]}" "$(printf 'dropped-anchor\tpresent')"
	run -2 --separate-stderr cop-patterns -w 0 /dev/null
	assert_stderr "$(printf '%s\n' 'cop-patterns: -w: 0 is out of range (1 to 5200)')"
}

@test "-W weighs actions in the contributions" {
	# With host=1, ann has 3 + 5 = 8 of 8 + 3 + 1 = 12.
	tsv 'time|member|action' '2024-03-04|ann|host' '2024-03-05|ann|host' \
	    '2024-03-11|ann|host' '2024-03-04|ann|post' '2024-03-05|ann|post' \
	    '2024-03-06|ann|post' '2024-03-12|ann|post' '2024-03-13|ann|post' \
	    '2024-03-12|bob|host' '2024-03-05|bob|post' '2024-03-12|bob|post' \
	    '2024-03-13|cat|post' > "$BATS_TEST_TMPDIR/w.tsv"
	run -0 evidence solopreneur -W host=1 "$BATS_TEST_TMPDIR/w.tsv"
	assert_equal "${output:0:54}" "ann made 67% of the contributions (8 of 12) from 2024-"
}

@test "-S needs a readable file" {
	run -1 --separate-stderr cop-patterns -s -S "$BATS_TEST_TMPDIR/none.txt" /dev/null
	assert_stderr "cop-patterns: $BATS_TEST_TMPDIR/none.txt: No such file or directory"
}

@test "-s and -F together are refused" {
	run -2 --separate-stderr cop-patterns -s -F /dev/null
	assert_stderr "$(printf '%s\n' 'cop-patterns: -s and -F print different tables: give one')"
}

@test "--help lists every option and threshold; --version" {
	run -0 cop-patterns --help
	assert_equal "${lines[0]}" "usage: cop-patterns [-Fks] [-S FILE] [-t NAME=VALUE] [-g GRAIN] [-w PERIODS]"
	for t in span gap compare big-boys-club.share solopreneur.ratio dropped-anchor.presence \
	    band-of-brothers.star diversity-rules.coverage circle-of-life.growth experts.presence; do
		printf '%s\n' "$output" | grep -q "^  $t "
	done
	run -0 cop-patterns --version
	assert_output "cop-patterns (coptools) 0.1.0"
	run -2 --separate-stderr cop-patterns -x /dev/null
	assert_equal "${stderr_lines[0]}" "cop-patterns: invalid option -- 'x'"
}

@test "the shared options: -f, -B, -E, -z and -k" {
	# -f maps other column names onto ours.
	sed '1s/member/who/' "$DATA/patterns-solo.tsv" > "$BATS_TEST_TMPDIR/who.tsv"
	run -0 cop-patterns -s -f member=who "$BATS_TEST_TMPDIR/who.tsv"
	assert_output "$(cop-patterns -s "$DATA/patterns-solo.tsv")"
	# -E leaves out the last ten weeks: the span ends in 2024-W30.
	run -0 evidence musical-chairs -E 2024-07-29 "$DATA/patterns-solo.tsv"
	assert_output "1 member hosted the 26 hosting events from 2024-W05 to 2024-W30: ann 26; the busiest held 100%"
	# -B: the span starts with the window.
	run -0 evidence musical-chairs -B 2024-09-02 "$DATA/patterns-solo.tsv"
	assert_output "1 member hosted the 5 hosting events from 2024-W36 to 2024-W40: ann 5; the busiest held 100%"
	# -z: in Tokyo a Sunday 20:00 UTC is already Monday, the next week.
	tsv 'time|member' '2024-01-07T20:00:00Z|ann' '2024-01-08T10:00:00Z|bob' > "$BATS_TEST_TMPDIR/z.tsv"
	run -0 evidence solopreneur "$BATS_TEST_TMPDIR/z.tsv"
	assert_equal "${output:0:68}" "ann made 50% of the contributions (1 of 2) from 2024-W01 to 2024-W02"
	run -0 evidence solopreneur -z Asia/Tokyo "$BATS_TEST_TMPDIR/z.tsv"
	assert_equal "${output:0:68}" "ann made 50% of the contributions (1 of 2) from 2024-W02 to 2024-W02"
	# -k skips a bad row and says so.
	tsv 'time|member' '2024-01-01|ann' '2024-13-01|bob' > "$BATS_TEST_TMPDIR/bad.tsv"
	run -1 --separate-stderr cop-patterns -s "$BATS_TEST_TMPDIR/bad.tsv"
	assert_stderr "cop-patterns: $BATS_TEST_TMPDIR/bad.tsv:3: time: cannot parse \"2024-13-01\""
	run -0 --separate-stderr cop-patterns -k "$BATS_TEST_TMPDIR/bad.tsv"
	assert_output "$(tsv 'time|member|signal' '2024-01-01|ann|solopreneur')"
	assert_stderr "$(printf '%s\n' "cop-patterns: $BATS_TEST_TMPDIR/bad.tsv:3: time: cannot parse \"2024-13-01\"" \
	    'cop-patterns: skipped 1 bad row (-k)')"
}

@test "a missing required column is a usage error listing the columns found" {
	tsv 'time|who' '2024-01-01|ann' > "$BATS_TEST_TMPDIR/nomember.tsv"
	run -2 --separate-stderr cop-patterns -s "$BATS_TEST_TMPDIR/nomember.tsv"
	assert_equal "${stderr_lines[0]}" "cop-patterns: $BATS_TEST_TMPDIR/nomember.tsv: no column \"member\" (columns found: \"time\", \"who\")"
}

@test "the output does not depend on the order of the rows" {
	f="$DATA/patterns-healthy.tsv"
	run -0 sh -c "{ head -1 '$f'; tail -n +2 '$f' | sort; } | cop-patterns -s -M '$DATA/patterns-healthy-members.tsv'"
	sorted=$output
	run -0 cop-patterns -s -M "$DATA/patterns-healthy-members.tsv" "$f"
	assert_equal "$sorted" "$output"
}

# The evidence, redone in awk (test/data/patterns-real.awk) from the
# definitions of the manual, on cop-classify's levels: every line it
# prints must be a line of -s or -F, pattern and evidence. cop-patterns
# reads the same classified stream (its level column) once for -s, whose
# verdicts are left in $BATS_TEST_TMPDIR/verdicts.txt, and once for -F.
awk_agrees() {
	local f=$1 m=${2:-} span=${3:-26} dir=() args=() t=$BATS_TEST_TMPDIR
	[ -n "$m" ] && dir=(-M "$m")
	args=("${dir[@]}" -t "span=$span")
	cop-classify "${dir[@]}" "$f" 2>/dev/null > "$t/classified.tsv"
	awk -f "$DATA/patterns-check.awk" -f "$DATA/patterns-real.awk" -v members="$m" \
	    -v span="$span" "$t/classified.tsv" > "$t/awk.txt"
	cop-patterns -s "${args[@]}" "$t/classified.tsv" 2>/dev/null > "$t/s.txt"
	cut -f1,3 "$t/s.txt" > "$t/verdicts.txt"
	{
		cut -f1,5 "$t/s.txt"
		cop-patterns -F "${args[@]}" "$t/classified.tsv" | cut -f1,3
	} 2>/dev/null > "$t/cop.txt"
	[ -s "$t/awk.txt" ]
	run grep -vxFf "$t/cop.txt" "$t/awk.txt"
	[ "$status" -eq 1 ] || { echo "awk says, cop-patterns does not:"; echo "$output"; false; }
}

@test "awk agrees with the evidence on every hand-built community" {
	for n in healthy club solo anchor succession conflict calm star closed withdrawal; do
		m=""
		[ -f "$DATA/patterns-$n-members.tsv" ] && m="$DATA/patterns-$n-members.tsv"
		awk_agrees "$DATA/patterns-$n.tsv" "$m" || { echo "in $n"; false; }
	done
}

@test "real logs: nodejs-tsc, verdicts and their numbers by awk" {
	need_shared
	f=$SHARED/nodejs-tsc-meetings.tsv m=$SHARED/nodejs-tsc-members.tsv
	awk_agrees "$f" "$m"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/verdicts.txt")" "$(expect big-boys-club=absent solopreneur=absent dropped-anchor=absent \
	    big-brother-conflict=absent circle-of-life=absent)"
	assert_equal "$(cut -f1 "$BATS_TEST_TMPDIR/awk.txt" | tr '\n' ' ')" \
	    "big-boys-club solopreneur dropped-anchor big-brother-conflict circle-of-life core-group "
}

@test "real logs: openjs-cpc, verdicts and their numbers by awk" {
	need_shared
	f=$SHARED/openjs-cpc-meetings.tsv m=$SHARED/openjs-cpc-members.tsv
	awk_agrees "$f" "$m"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/verdicts.txt")" "$(expect dropped-anchor=present big-brother-conflict=absent circle-of-life=absent)"
	assert_equal "$(cut -f1 "$BATS_TEST_TMPDIR/awk.txt" | tr '\n' ' ')" \
	    "dropped-anchor big-brother-conflict circle-of-life core-group "
	# Contributions are the minutes' say rows; the span has none.
	run -0 evidence solopreneur -M "$m" "$f"
	assert_output "no contributions (posts, replies, content, hosting) from 2025-W15 to 2025-W40"
	[ "$(awk -F'\t' 'NR > 1 && $1 >= "2025-04-07" && $3 != "attend"' "$f" | wc -l)" -eq 0 ]
}

@test "real logs: fluid-irc, verdicts and their numbers by awk" {
	need_shared
	f=$SHARED/fluid-irc.tsv m=$SHARED/fluid-irc-members.tsv
	awk_agrees "$f" "$m"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/verdicts.txt")" "$(expect solopreneur=absent passionless-glow=absent dropped-anchor=absent \
	    band-of-brothers=present circle-of-life=absent)"
	assert_equal "$(cut -f1 "$BATS_TEST_TMPDIR/awk.txt" | tr '\n' ' ')" \
	    "solopreneur dropped-anchor band-of-brothers circle-of-life core-group "
}

@test "real logs: git-git, verdicts and their numbers by awk" {
	need_shared
	f=$SHARED/git-git.tsv
	awk_agrees "$f"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/verdicts.txt")" "$(expect solopreneur=absent passionless-glow=absent dropped-anchor=absent \
	    band-of-brothers=absent circle-of-life=absent)"
	assert_equal "$(cut -f1 "$BATS_TEST_TMPDIR/awk.txt" | tr '\n' ' ')" \
	    "solopreneur dropped-anchor band-of-brothers circle-of-life core-group "
}

@test "real logs: the meeting minutes' whole history, by awk too" {
	need_shared
	for c in nodejs-tsc openjs-cpc; do
		awk_agrees "$SHARED/$c-meetings.tsv" "$SHARED/$c-members.tsv" 1000 || { echo "in $c"; false; }
	done
	# The fall after RaisinTen's departure is the autumn 2025 hiatus: one
	# meeting (6 rows) in the 12 weeks after 2025-08-06.
	assert_equal "$(awk -F'\t' '$1 > "2025-08-06" && $1 < "2025-11-03"' "$SHARED/nodejs-tsc-meetings.tsv" | cut -f1 | uniq -c | sed 's/^ *//')" "6 2025-10-15"
}

@test "real logs: the stream keeps every row and byte" {
	need_shared
	for f in "$SHARED"/nodejs-tsc-meetings.tsv "$SHARED"/git-git.tsv; do
		run cmp <(cop-patterns "$f" | cut -f1-6) "$f"
		[ "$status" -eq 0 ] || { echo "$f: $output"; false; }
	done
}

# Pass two reads pass one's note of each row (kept in TMPDIR past 64 KiB)
# and parses again only the rows that can be evidence for a pattern; with
# no TMPDIR to keep the notes in, it parses every row. The signals agree,
# on raw logs and on a stream labelled by cop-classify and cop-rhythm.
@test "real logs: the signals are the same from pass one's notes as from every row parsed" {
	need_shared
	local t=$BATS_TEST_TMPDIR
	cop-classify "$SHARED/fluid-irc.tsv" | cop-rhythm >"$t/labelled.tsv"
	for f in "$SHARED/fluid-irc.tsv" "$t/labelled.tsv"; do	# band-of-brothers present
		cop-patterns "$f" >"$t/noted"
		TMPDIR="$t/none" cop-patterns "$f" >"$t/parsed"
		run cmp "$t/noted" "$t/parsed"
		[ "$status" -eq 0 ] || { echo "$f: $output"; false; }
		[ "$(awk -F'\t' 'NR > 1 && $NF != "-"' "$t/noted" | wc -l)" -gt 100 ]
	done
}

# A counted row's signal comes from its note (member, reply_to, kind) when
# no present pattern needs more; passionless-glow, fast-lane and
# diversity-rules need the row (venue and day, thread, time), so those
# communities are parsed again. Between them the hand-built communities
# show all ten patterns; the last file puts a community of each kind in
# one stream. 4,000 rows from before -B come first in each, so that the
# notes outgrow their 64 KiB in memory: with no TMPDIR they are given up
# and every row is parsed.
@test "every hand-built community: the signals from pass one's notes are those of every row parsed" {
	local t=$BATS_TEST_TMPDIR f m seen=
	{
		printf 'community\t%s\n' "$(head -n 1 "$DATA/patterns-glow.tsv")"
		tail -n +2 "$DATA/patterns-glow.tsv" | sed 's/^/glow\t/'
		tail -n +2 "$DATA/patterns-solo.tsv" | sed 's/^/solo\t/'
	} >"$t/two.tsv"
	for f in "$DATA"/patterns-*.tsv "$t/two.tsv"; do
		case $f in *-members.tsv) continue ;; esac
		awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "time") c = i; print; next }
		    NR == 2 { row = $0; $c = "2000-01-01T00:00:00Z"; for (i = 0; i < 4000; i++) print; print row; next }
		    { print }' "$f" >"$t/in.tsv"
		m=${f%.tsv}-members.tsv
		set -- -B 2001-01-01 -S "$DATA/patterns-strategic.txt"
		[ -f "$m" ] && set -- "$@" -M "$m"
		cop-patterns "$@" "$t/in.tsv" >"$t/noted"
		TMPDIR="$t/none" cop-patterns "$@" "$t/in.tsv" >"$t/parsed"
		run cmp "$t/noted" "$t/parsed"
		[ "$status" -eq 0 ] || { echo "$f: $output"; false; }
		seen="$seen $(awk -F'\t' 'NR > 1 && $NF != "-" { print $NF }' "$t/noted" |
		    tr ',' '\n' | sort -u | tr '\n' ' ')"
	done
	for p in big-boys-club solopreneur passionless-glow dropped-anchor \
	    big-brother-conflict band-of-brothers diversity-rules musical-chairs \
	    fast-lane circle-of-life; do
		case " $seen " in *" $p "*) ;; *) echo "no $p signal"; false ;; esac
	done
	grep -q '^glow	.*passionless-glow$' "$t/noted"
	grep -q '^solo	.*solopreneur$' "$t/noted"
}

# Reading a file, cop-patterns looks at its last row first: when that row
# will be counted, no reply edge before the span ending in its period is
# kept. The figures must be those of the same rows through a pipe, which
# cannot be looked at first, whatever that last row is: years after the
# rest and counted (the span moves with it), or years after the rest and
# not counted, as a bot's, past -E, bad under -k (a bad time, too few
# fields, no member, a bad level): none of those may move the span, and
# band-of-brothers stays present.
@test "real logs: a file's last row bounds the reply edges kept, with the figures of a pipe" {
	need_shared
	local t=$BATS_TEST_TMPDIR f m=$SHARED/fluid-irc-members.tsv name opts
	f=$SHARED/fluid-irc.tsv
	cp "$f" "$t/as-is.tsv"
	{ cat "$f"; printf '2031-05-01T10:00:00Z\tJustin_o\treply\t#fluid-work\t\tclown[m]\n'; } >"$t/later.tsv"
	{ cat "$f"; printf '2031-05-01T10:00:00Z\tfluid-bot\tpost\t#fluid-work\t\t\n'; } >"$t/bot.tsv"
	{ cat "$f"; printf '2031-05-01T10:00:00Z\tJustin_o\tpost\t#fluid-work\t\t\n'; } >"$t/until.tsv"
	{ cat "$f"; printf '2031-13-01T10:00:00Z\tJustin_o\tpost\t#fluid-work\t\t\n'; } >"$t/bad.tsv"
	{ cat "$f"; printf '2031-05-01T10:00:00Z\tJustin_o\tpost\n'; } >"$t/short.tsv"
	{ cat "$f"; printf '2031-05-01T10:00:00Z\t\tpost\t#fluid-work\t\t\n'; } >"$t/nobody.tsv"
	cop-classify "$f" >"$t/labelled.tsv"
	{ cat "$t/labelled.tsv"; printf '2031-05-01T10:00:00Z\tJustin_o\tpost\t#fluid-work\t\t\tcentral\n'; } >"$t/level.tsv"
	for name in as-is later bot until bad short nobody level; do
		opts="-k -M $m"
		[ "$name" = until ] && opts="$opts -E 2030-01-01"
		cop-patterns -s $opts "$t/$name.tsv" >"$t/file" 2>"$t/file.err"
		cat "$t/$name.tsv" | cop-patterns -s $opts 2>&1 >"$t/pipe" |
		    sed "s|^cop-patterns: stdin:|cop-patterns: $t/$name.tsv:|" >"$t/pipe.err"
		run cmp "$t/file" "$t/pipe"
		[ "$status" -eq 0 ] || { echo "$name: $output"; false; }
		run cmp "$t/file.err" "$t/pipe.err"
		[ "$status" -eq 0 ] || { echo "$name: $output"; false; }
		case $name in
		later) ! grep -q '^band-of-brothers	success	present' "$t/file" ;;
		*) grep -q '^band-of-brothers	success	present' "$t/file" ;;
		esac
	done
	cop-patterns -k -M "$m" "$t/bot.tsv" >"$t/file" 2>/dev/null
	cat "$t/bot.tsv" | cop-patterns -k -M "$m" >"$t/pipe" 2>/dev/null
	cmp "$t/file" "$t/pipe"
}

# Edges before the span are left out, and the table is pruned as the latest
# period advances: the input's order must not change a verdict. Forwards,
# pairs are pruned time and again (by day with a span of 2, every thousand
# or so edges, up to the last days); backwards, the latest period comes
# first and older replies are never kept. fluid-irc has 74,977 replies.
@test "real logs: rows in any order give the same verdicts, with pruned reply edges" {
	need_shared
	f=$SHARED/fluid-irc.tsv
	{ head -n 1 "$f"; tail -n +2 "$f" | sort -r; } > "$BATS_TEST_TMPDIR/backwards.tsv"
	for opts in "-t span=26" "-g day -t span=2"; do
		cop-patterns -s $opts -M "$SHARED/fluid-irc-members.tsv" "$f" > "$BATS_TEST_TMPDIR/fwd.txt"
		cop-patterns -s $opts -M "$SHARED/fluid-irc-members.tsv" \
		    "$BATS_TEST_TMPDIR/backwards.tsv" > "$BATS_TEST_TMPDIR/back.txt"
		run cmp "$BATS_TEST_TMPDIR/fwd.txt" "$BATS_TEST_TMPDIR/back.txt"
		[ "$status" -eq 0 ] || { echo "$opts: $output"; false; }
		grep -q '^band-of-brothers	' "$BATS_TEST_TMPDIR/fwd.txt"
	done
}
