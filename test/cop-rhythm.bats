#!/usr/bin/env bats
# cop-rhythm: the rhythm, cadence and lifecycle of a community. Expected
# outputs are worked out by hand from the definitions in man/cop-rhythm.1;
# the comments show how. The hand-made logs are in test/data/rhythm-*.tsv:
#   weekly-gaps  Tuesday calls 2024-W01..W10 skipping W04 and W05, 16
#                attendances by ann, bob, cat, dan, eve (unsorted: the same
#                rows sorted by member)
#   monthly      first Tuesday of each month, January to June 2024
#   change       weekly Mondays to 19 February, then every other Monday
#                from 4 March, and an extra session on 8 April
#   chat         a channel whose days run for hours
#   daily        a Monday-to-Friday stand-up that skipped Wednesday 10 Jan
#   commits      one commit on 11 scattered days of January 2024

load helper

PERIODS='period|events|members|newcomers|returning|departed|retained|sessions|moving_avg|scheduled|discussion|content|other|trend|stage'
VENUES='venue|events|first|last|cadence|regularity|missed|sessions|members|per_session|since|phases|burstiness|kind'
LIFE='stage|trend|change|recent_events|earlier_events|recent_members|earlier_members|newcomers|compared|age|active_periods|first|last'

# Two communities, the later one (beta) first in the file.
two_communities() {
	tsv 'time|member|action|venue|community' \
		'2024-01-09|zed|post|chat|beta' \
		'2024-01-02|ann|attend|call|alpha' \
		'2024-01-09|ann|attend|call|alpha' \
		'2024-01-16|ann|attend|call|alpha' \
		'2024-01-16|bob|attend|call|alpha'
}

# A weekly call whose third session came two days late.
late_call() {
	tsv 'time|member|venue' '2024-01-02|ann|call' '2024-01-09|ann|call' \
		'2024-01-18|ann|call' '2024-01-25|ann|call' '2024-02-01|ann|call' \
		'2024-02-08|ann|call'
}

# --- the stream ---------------------------------------------------------

@test "the stream appends period, newcomer and beat, passing every byte through" {
	# Every session is on the weekly beat (see -c); each member's first
	# week is "yes": ann and bob W01, cat W02, dan W07, eve W10.
	run -0 cop-rhythm "$DATA/rhythm-weekly-gaps.tsv"
	assert_output "$(tsv 'time|member|action|venue|note|period|newcomer|beat' \
		'2024-01-02T17:00:00Z|ann|attend|call||2024-W01|yes|on' \
		'2024-01-02T17:00:00Z|bob|attend|call|first call|2024-W01|yes|on' \
		'2024-01-09T17:00:00Z|ann|attend|call||2024-W02|no|on' \
		'2024-01-09T17:00:00Z|bob|attend|call||2024-W02|no|on' \
		'2024-01-09T17:00:00Z|cat|attend|call||2024-W02|yes|on' \
		'2024-01-16T17:00:00Z|ann|attend|call||2024-W03|no|on' \
		'2024-01-16T17:00:00Z|cat|attend|call||2024-W03|no|on' \
		'2024-02-06T17:00:00Z|ann|attend|call|after two skipped weeks|2024-W06|no|on' \
		'2024-02-06T17:00:00Z|bob|attend|call||2024-W06|no|on' \
		'2024-02-13T17:00:00Z|ann|attend|call||2024-W07|no|on' \
		'2024-02-13T17:00:00Z|dan|attend|call||2024-W07|yes|on' \
		'2024-02-20T17:00:00Z|ann|attend|call||2024-W08|no|on' \
		'2024-02-27T17:00:00Z|ann|attend|call||2024-W09|no|on' \
		'2024-02-27T17:00:00Z|bob|attend|call||2024-W09|no|on' \
		'2024-03-05T17:00:00Z|ann|attend|call||2024-W10|no|on' \
		'2024-03-05T17:00:00Z|eve|attend|call||2024-W10|yes|on')"
}

@test "an extra session is off the beat; a continuous venue keeps none" {
	# 8 April falls a week after 1 April in the biweekly phase: an extra.
	run -0 cop-rhythm "$DATA/rhythm-change.tsv"
	assert_equal "$(printf '%s\n' "$output" | grep 2024-04 | cut -f1,2,5-7)" \
		"$(tsv '2024-04-01|ann|2024-W14|no|on' '2024-04-08|ann|2024-W15|no|off' \
		'2024-04-08|bob|2024-W15|yes|off' '2024-04-15|ann|2024-W16|no|on' \
		'2024-04-29|ann|2024-W18|no|on')"
	run -0 cop-rhythm "$DATA/rhythm-chat.tsv"
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f8 | sort -u)" "-"
}

@test "a single event: its week, a newcomer, no beat (fewer than 3 sessions)" {
	run -0 cop-rhythm <(tsv 'time|member' '2024-03-05T10:00:00Z|ann')
	assert_output "$(tsv 'time|member|period|newcomer|beat' \
		'2024-03-05T10:00:00Z|ann|2024-W10|yes|-')"
}

@test "an empty input gives nothing, a header-only one the header" {
	run -0 cop-rhythm < /dev/null
	assert_output ""
	run -0 cop-rhythm <(tsv 'time|member|venue')
	assert_output "$(tsv 'time|member|venue|period|newcomer|beat')"
}

@test "-g day and -g month label the stream's periods" {
	run -0 cop-rhythm -g day <(tsv 'time|member' '2024-02-29T23:59:59Z|ann')
	assert_output "$(tsv 'time|member|period|newcomer|beat' '2024-02-29T23:59:59Z|ann|2024-02-29|yes|-')"
	run -0 cop-rhythm --grain month <(tsv 'time|member' '2024-02-29T23:59:59Z|ann')
	assert_output "$(tsv 'time|member|period|newcomer|beat' '2024-02-29T23:59:59Z|ann|2024-02|yes|-')"
}

@test "--tz moves a Sunday-evening event into the next week" {
	# 23:30 UTC on Sunday 7 January is 00:30 on Monday 8 January in Paris.
	run -0 cop-rhythm <(tsv 'time|member' '2024-01-07T23:30:00Z|ann')
	assert_output "$(tsv 'time|member|period|newcomer|beat' '2024-01-07T23:30:00Z|ann|2024-W01|yes|-')"
	run -0 cop-rhythm --tz Europe/Paris <(tsv 'time|member' '2024-01-07T23:30:00Z|ann')
	assert_output "$(tsv 'time|member|period|newcomer|beat' '2024-01-07T23:30:00Z|ann|2024-W02|yes|-')"
	run -0 cop-rhythm -z Europe/Paris -g day <(tsv 'time|member' '2024-01-07T23:30:00Z|ann')
	assert_output "$(tsv 'time|member|period|newcomer|beat' '2024-01-07T23:30:00Z|ann|2024-01-08|yes|-')"
}

@test "a stream that already has a period column passes through untouched" {
	cop-rhythm "$DATA/rhythm-weekly-gaps.tsv" > "$BATS_TEST_TMPDIR/once"
	cop-rhythm "$BATS_TEST_TMPDIR/once" | cmp - "$BATS_TEST_TMPDIR/once"
	cop-rhythm < "$BATS_TEST_TMPDIR/once" | cmp - "$BATS_TEST_TMPDIR/once"
}

@test "CRLF, invalid UTF-8 and unknown columns pass through byte for byte" {
	printf 'note\ttime\tmember\r\n\xff\xfe x\t2024-01-01\tann\r\nz\t2024-01-08\tbob\n' > "$BATS_TEST_TMPDIR/in.tsv"
	printf 'note\ttime\tmember\tperiod\tnewcomer\tbeat\r\n\xff\xfe x\t2024-01-01\tann\t2024-W01\tyes\t-\r\nz\t2024-01-08\tbob\t2024-W02\tyes\t-\n' > "$BATS_TEST_TMPDIR/want"
	cop-rhythm "$BATS_TEST_TMPDIR/in.tsv" | cmp - "$BATS_TEST_TMPDIR/want"
}

@test "standard input through a pipe gives the same stream as a file" {
	cop-rhythm "$DATA/rhythm-change.tsv" > "$BATS_TEST_TMPDIR/file.out"
	cat "$DATA/rhythm-change.tsv" | cop-rhythm > "$BATS_TEST_TMPDIR/pipe.out"
	cat "$DATA/rhythm-change.tsv" | cop-rhythm - > "$BATS_TEST_TMPDIR/dash.out"
	cmp "$BATS_TEST_TMPDIR/file.out" "$BATS_TEST_TMPDIR/pipe.out"
	cmp "$BATS_TEST_TMPDIR/file.out" "$BATS_TEST_TMPDIR/dash.out"
}

@test "bots pass through with '-', are left out of the figures and counted" {
	# Without the bot, bob's first week is W02 and the call has 2 sessions.
	tsv 'member|role' 'remindr|bot' > "$BATS_TEST_TMPDIR/m.tsv"
	run -0 --separate-stderr cop-rhythm -M "$BATS_TEST_TMPDIR/m.tsv" <(tsv 'time|member|venue' \
		'2024-01-01|remindr|call' '2024-01-02|ann|call' '2024-01-09|bob|call' '2024-01-09|remindr|call')
	assert_output "$(tsv 'time|member|venue|period|newcomer|beat' \
		'2024-01-01|remindr|call|-|-|-' '2024-01-02|ann|call|2024-W01|yes|-' \
		'2024-01-09|bob|call|2024-W02|yes|-' '2024-01-09|remindr|call|-|-|-')"
	assert_stderr "cop-rhythm: note: 2 rows by 1 bot left out of the figures"
}

@test "--as-of leaves later events out and marks their rows '-'" {
	# Three sessions up to 16 January: weekly, all on the beat.
	run -0 cop-rhythm -a 2024-01-16 "$DATA/rhythm-change.tsv"
	assert_equal "$(printf '%s\n' "$output" | sed -n '2,5p' | cut -f5-7)" \
		"$(tsv '2024-W01|yes|on' '2024-W02|no|on' '2024-W03|no|on' '-|-|-')"
}

# --- the periods table (-s) ---------------------------------------------

@test "-s: a weekly series with gaps, every week from first to last" {
	# Members by week: W01 ann bob; W02 ann bob cat; W03 ann cat; W06 ann
	# bob; W07 ann dan; W08 ann; W09 ann bob; W10 ann eve. Departed: cat
	# (last W03) in W04, dan (W07) in W08, bob (W09) in W10. Moving average
	# of 4 weeks: W05 (3+2+0+0)/4 = 1.25. Trend, n = min(26, A/2): W02 3
	# vs 2 growing; W03 2 vs 3 declining (3 >= 1.2*2); W05 n=2, recent 0:
	# dormant, so transformation; W07 n=3, 4 vs 5 (5 >= 4.8) declining; W09
	# n=4, 7 vs 5 growing; W10 n=5, 9 vs 7 (9 >= 8.4) growing. Younger than
	# 52 weeks: coalescing, but potential in W01 (one active week).
	run -0 cop-rhythm -s "$DATA/rhythm-weekly-gaps.tsv"
	assert_output "$(tsv "$PERIODS" \
		'2024-W01|2|2|2|0|0|0|1|2.00|1.000|0.000|0.000|0.000|steady|potential' \
		'2024-W02|3|3|1|2|0|2|1|2.50|1.000|0.000|0.000|0.000|growing|coalescing' \
		'2024-W03|2|2|0|2|0|2|1|2.33|1.000|0.000|0.000|0.000|declining|coalescing' \
		'2024-W04|0|0|0|0|1|0|0|1.75|-|-|-|-|declining|coalescing' \
		'2024-W05|0|0|0|0|0|0|0|1.25|-|-|-|-|dormant|transformation' \
		'2024-W06|2|2|0|2|0|0|1|1.00|1.000|0.000|0.000|0.000|declining|coalescing' \
		'2024-W07|2|2|1|1|0|1|1|1.00|1.000|0.000|0.000|0.000|declining|coalescing' \
		'2024-W08|1|1|0|1|1|1|1|1.25|1.000|0.000|0.000|0.000|declining|coalescing' \
		'2024-W09|2|2|0|2|0|1|1|1.75|1.000|0.000|0.000|0.000|growing|coalescing' \
		'2024-W10|2|2|1|1|1|1|1|1.75|1.000|0.000|0.000|0.000|growing|coalescing')"
}

@test "-s: unsorted rows give the same tables" {
	for mode in -s -c -l; do
		cop-rhythm $mode "$DATA/rhythm-weekly-gaps.tsv" > "$BATS_TEST_TMPDIR/sorted"
		cop-rhythm $mode "$DATA/rhythm-unsorted.tsv" | cmp - "$BATS_TEST_TMPDIR/sorted"
	done
}

@test "-s -g month: a monthly series, month by month" {
	# One session a month; cat comes in May only, so departs in June.
	# Moving average of 3 months: May (2+2+3)/3 = 2.33. May: n=2, Apr+May 5
	# vs Jan+Feb 4, 5 >= 4.8 growing; June: n=3, 7 vs 6 (7 < 7.2) steady.
	run -0 cop-rhythm -s -g month "$DATA/rhythm-monthly.tsv"
	assert_output "$(tsv "$PERIODS" \
		'2024-01|2|2|2|0|0|0|1|2.00|1.000|0.000|0.000|0.000|steady|potential' \
		'2024-02|2|2|0|2|0|2|1|2.00|1.000|0.000|0.000|0.000|steady|coalescing' \
		'2024-03|2|2|0|2|0|2|1|2.00|1.000|0.000|0.000|0.000|steady|coalescing' \
		'2024-04|2|2|0|2|0|2|1|2.00|1.000|0.000|0.000|0.000|steady|coalescing' \
		'2024-05|3|3|1|2|0|2|1|2.33|1.000|0.000|0.000|0.000|growing|coalescing' \
		'2024-06|2|2|0|2|1|2|1|2.33|1.000|0.000|0.000|0.000|steady|coalescing')"
}

@test "-s: a chat holds no sessions; its mix is discussion and a reaction" {
	# W02: bob's post and ann's reaction: discussion 0.5, other 0.5; cat
	# (last seen W01) departs. W03 silent: recent 0, dormant.
	run -0 cop-rhythm -s "$DATA/rhythm-chat.tsv"
	assert_output "$(tsv "$PERIODS" \
		'2024-W01|5|3|3|0|0|0|0|5.00|0.000|1.000|0.000|0.000|steady|potential' \
		'2024-W02|2|2|0|2|1|2|0|3.50|0.000|0.500|0.000|0.500|declining|coalescing' \
		'2024-W03|0|0|0|0|0|0|0|2.33|-|-|-|-|dormant|transformation' \
		'2024-W04|2|2|0|2|0|0|0|2.25|0.000|1.000|0.000|0.000|declining|coalescing')"
}

@test "-s: one event, a header-only input, an empty input" {
	run -0 cop-rhythm --summary <(tsv 'time|member' '2024-03-05T10:00:00Z|ann')
	assert_output "$(tsv "$PERIODS" '2024-W10|1|1|1|0|0|0|1|1.00|0.000|1.000|0.000|0.000|steady|potential')"
	run -0 cop-rhythm -s <(tsv 'time|member|venue')
	assert_output "$(tsv "$PERIODS")"
	run -0 cop-rhythm -s < /dev/null
	assert_output "$(tsv "$PERIODS")"
}

@test "-s with a community column: a leading column, periods to the common end" {
	# The as-of week is the last over both (W03): beta runs W02..W03, silent
	# and dormant in W03 but still potential (one active week).
	run -0 cop-rhythm -s <(two_communities)
	assert_output "$(tsv "community|$PERIODS" \
		'alpha|2024-W01|1|1|1|0|0|0|1|1.00|1.000|0.000|0.000|0.000|steady|potential' \
		'alpha|2024-W02|1|1|0|1|0|1|1|1.00|1.000|0.000|0.000|0.000|steady|coalescing' \
		'alpha|2024-W03|2|2|1|1|0|1|1|1.33|1.000|0.000|0.000|0.000|growing|coalescing' \
		'beta|2024-W02|1|1|1|0|0|0|1|1.00|0.000|1.000|0.000|0.000|steady|potential' \
		'beta|2024-W03|0|0|0|0|1|0|0|0.50|-|-|-|-|dormant|potential')"
}

@test "-m sets the moving average's periods" {
	# Events 2 3 2 0 0 2 2 1 2 2, two weeks at a time.
	run -0 cop-rhythm -s -m 2 "$DATA/rhythm-weekly-gaps.tsv"
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f9 | tr '\n' ' ')" \
		"2.00 2.50 2.50 1.00 0.00 1.00 2.00 1.50 1.50 2.00 "
	run -0 cop-rhythm -s --moving 1 "$DATA/rhythm-weekly-gaps.tsv"
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f9 | tr '\n' ' ')" \
		"2.00 3.00 2.00 0.00 0.00 2.00 2.00 1.00 2.00 2.00 "
}

@test "-s -g day: every day from first to last, the events adding up" {
	# 2 January to 5 March 2024: 64 days, 8 of them with a session.
	run -0 cop-rhythm -s -g day "$DATA/rhythm-weekly-gaps.tsv"
	assert_line_count 65
	assert_equal "$(printf '%s\n' "$output" | awk -F'\t' 'NR > 1 { e += $2; s += $8 } END { print e, s }')" "16 8"
	assert_equal "${lines[1]%%$'\t'*} ${lines[64]%%$'\t'*}" "2024-01-02 2024-03-05"
}

# --- the venues table (-c) -----------------------------------------------

@test "-c: a weekly call that skipped two weeks is weekly, 2 missed" {
	# On the weekly beat every session is on: six gaps of 7 days and one of
	# 21 (3 beats, 2 missed): regularity 8 / (8 + 2). Burstiness over the
	# weeks W01..W10, counts 2 3 2 0 0 2 2 1 2 2: mean 1.6, variance
	# 34/10 - 2.56 = 0.84, sd 0.9165: (0.9165 - 1.6) / (0.9165 + 1.6).
	run -0 cop-rhythm -c "$DATA/rhythm-weekly-gaps.tsv"
	assert_output "$(tsv "$VENUES" \
		'call|16|2024-01-02|2024-03-05|weekly|0.800|2|8|5|2.00|2024-01-02|weekly:2024-01-02|-0.272|attendance')"
}

@test "-c: a call on the first Tuesday of each month is monthly" {
	# Gaps of 35, 28, 28, 35, 28 days: within 7.6 of a month of 30.44.
	# Burstiness over W01..W23: counts 2 2 2 2 3 2 in six weeks, 0 in the
	# others: mean 13/23, variance 29/23 - (13/23)^2: 0.264. Hosts (6) and
	# attendances (7): attendance is the main kind.
	run -0 cop-rhythm -c "$DATA/rhythm-monthly.tsv"
	assert_output "$(tsv "$VENUES" \
		'first-tuesday|13|2024-01-02|2024-06-04|monthly|1.000|0|6|3|2.17|2024-01-02|monthly:2024-01-02|0.264|attendance')"
}

@test "-c: a series that changes cadence has two phases and the current one" {
	# Staying weekly would miss 9 beats after 19 February (every gap of 14
	# days misses one); a biweekly phase from 4 March costs -p 4 plus 2 for
	# the extra of 8 April (off the beat, weight 1/0.5): 6 < 9. Sessions
	# on a beat: 8 weekly + 10 biweekly of 19, none missed: 18/19.
	run -0 cop-rhythm -c "$DATA/rhythm-change.tsv"
	assert_output "$(tsv "$VENUES" \
		'sync|20|2024-01-01|2024-07-08|biweekly|0.947|0|19|2|1.05|2024-03-04|weekly:2024-01-01>biweekly:2024-03-04|-0.153|attendance')"
}

@test "-c: a chat is continuous, measured by the weeks it is heard in" {
	# Its days span 7, 5.5, 5 and 9 hours, all over 4. Weeks W01..W04, W03
	# silent: regularity 3/4, 1 missed. Burstiness of 5 2 0 2: mean 2.25,
	# variance 33/4 - 5.0625 = 3.1875, sd 1.7854: -0.115.
	run -0 cop-rhythm -c "$DATA/rhythm-chat.tsv"
	assert_output "$(tsv "$VENUES" \
		'#general|9|2024-01-01|2024-01-24|continuous|0.750|1|4|3|2.25|2024-01-01|continuous:2024-01-01|-0.115|discussion')"
}

@test "-c: a weekday stand-up is daily, and a scattered stream continuous" {
	# The stand-up's daily beat counts Monday to Friday only: 5 Jan to 8 Jan
	# is one beat; 9 to 11 Jan two, one missed: 9 / (9 + 1). The commits
	# fall on 11 days in 4 weeks (more than 1 a week), on every weekday, and
	# keep no daily beat: 11 on it, 17 days missed, 11/28 < 0.5.
	run -0 cop-rhythm -c "$DATA/rhythm-daily.tsv"
	assert_output "$(tsv "$VENUES" \
		'standup|18|2024-01-01|2024-01-12|daily|0.900|1|9|2|2.00|2024-01-01|daily:2024-01-01|-0.800|attendance')"
	run -0 cop-rhythm -c "$DATA/rhythm-commits.tsv"
	assert_output "$(tsv "$VENUES" \
		'repo|11|2024-01-01|2024-01-28|continuous|1.000|0|11|2|1.00|2024-01-01|continuous:2024-01-01|-0.728|content')"
}

@test "-c: one event is irregular, with no burstiness in a one-week span" {
	run -0 cop-rhythm -c <(tsv 'time|member' '2024-03-05T10:00:00Z|ann')
	assert_output "$(tsv "$VENUES" \
		'-|1|2024-03-05|2024-03-05|irregular|0.000|0|1|1|1.00|2024-03-05|irregular:2024-03-05|-|discussion')"
	run -0 cop-rhythm -c < /dev/null
	assert_output "$(tsv "$VENUES")"
}

@test "-c with a community column: venues per community" {
	# alpha's call: 1 1 2 a week over W01..W03, burstiness -0.478; beta's
	# chat: 1 0 over W02..W03, sd = mean, 0.
	run -0 cop-rhythm -c <(two_communities)
	assert_output "$(tsv "community|$VENUES" \
		'alpha|call|4|2024-01-02|2024-01-16|weekly|1.000|0|3|2|1.33|2024-01-02|weekly:2024-01-02|-0.478|attendance' \
		'beta|chat|1|2024-01-09|2024-01-09|irregular|0.000|0|1|1|1.00|2024-01-09|irregular:2024-01-09|0.000|discussion')"
}

# --- the lifecycle table (-l) --------------------------------------------

@test "-l: the worked example of the manual" {
	# A = 10, n = 5: W06..W10 9 events (ann bob dan eve), W01..W05 7 (ann
	# bob cat); dan and eve are new. 9 >= 8.4: growing; 10 < 52: coalescing.
	run -0 cop-rhythm -l "$DATA/rhythm-weekly-gaps.tsv"
	assert_output "$(tsv "$LIFE" 'coalescing|growing|0.286|9|7|4|3|2|5|10|8|2024-W01|2024-W10')"
}

@test "-w and -G move the windows and the threshold of the trend" {
	# -w 2: W09+W10 4 events (ann bob eve) vs W07+W08 3 (ann dan): 4 >= 3.6,
	# growing, and 10 >= 2*2 weeks old: maturing. -G 0.5: 4 < 4.5: steady,
	# stewardship.
	run -0 cop-rhythm -l -w 2 "$DATA/rhythm-weekly-gaps.tsv"
	assert_output "$(tsv "$LIFE" 'maturing|growing|0.333|4|3|3|2|1|2|10|8|2024-W01|2024-W10')"
	run -0 cop-rhythm -l --window 2 --growth 0.5 "$DATA/rhythm-weekly-gaps.tsv"
	assert_output "$(tsv "$LIFE" 'stewardship|steady|0.333|4|3|3|2|1|2|10|8|2024-W01|2024-W10')"
	run -0 cop-rhythm -l -G 0.3 "$DATA/rhythm-weekly-gaps.tsv"
	assert_output "$(tsv "$LIFE" 'coalescing|steady|0.286|9|7|4|3|2|5|10|8|2024-W01|2024-W10')"
}

@test "-a: judged earlier, or later when the community has gone quiet" {
	# As of Wednesday 14 Feb (W07): n = 3, W05..W07 4 events vs W02..W04 5,
	# 5 >= 4.8: declining, still coalescing at 7 weeks. As of 30 June (W26):
	# n = 13, nothing since W10: dormant, transformation.
	run -0 cop-rhythm -l -a 2024-02-14 "$DATA/rhythm-weekly-gaps.tsv"
	assert_output "$(tsv "$LIFE" 'coalescing|declining|-0.200|4|5|3|3|1|3|7|5|2024-W01|2024-W07')"
	run -0 cop-rhythm -l --as-of 2024-06-30 "$DATA/rhythm-weekly-gaps.tsv"
	assert_output "$(tsv "$LIFE" 'transformation|dormant|-1.000|0|16|0|5|0|13|26|8|2024-W01|2024-W26')"
	run -0 cop-rhythm -s -a 2024-06-30 "$DATA/rhythm-weekly-gaps.tsv"
	assert_line_count 27
	assert_equal "${lines[26]}" "$(tsv '2024-W26|0|0|0|0|0|0|0|0.00|-|-|-|-|dormant|transformation')"
}

@test "-l: one event is potential; no events gives the header" {
	run -0 cop-rhythm -l <(tsv 'time|member' '2024-03-05T10:00:00Z|ann')
	assert_output "$(tsv "$LIFE" 'potential|steady|-|0|0|0|0|0|0|1|1|2024-W10|2024-W10')"
	run -0 cop-rhythm -l <(tsv 'time|member')
	assert_output "$(tsv "$LIFE")"
}

@test "-l with a community column: a row per community" {
	# alpha: W03 2 events vs W02 1, growing; bob is new. beta: W03 silent
	# after 1 event in W02: dormant, change -1, one active week: potential.
	run -0 cop-rhythm -l <(two_communities)
	assert_output "$(tsv "community|$LIFE" \
		'alpha|coalescing|growing|1.000|2|1|2|1|1|1|3|3|2024-W01|2024-W03' \
		'beta|potential|dormant|-1.000|0|1|0|1|0|1|2|1|2024-W02|2024-W03')"
}

# --- the cadence options ---------------------------------------------------

@test "-t widens the tolerance of a beat" {
	# 9 days is 2 off a week, beyond 0.25*7 = 1.75: late, 1 missed, 5 on
	# the beat of 6: 5/7. With -t 0.3 (2.1 days) it is on: 6/6.
	run -0 cop-rhythm -c <(late_call)
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f5-7)" "$(tsv 'weekly|0.714|1')"
	run -0 cop-rhythm -c --tolerance 0.3 <(late_call)
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f5-7)" "$(tsv 'weekly|1.000|0')"
}

@test "-r sets the regularity below which a series is irregular" {
	# The late call's weekly regularity is 0.714: weekly at -r 0.7,
	# irregular at 0.72 (every session off a beat: regularity 0).
	run -0 cop-rhythm -c -r 0.7 <(late_call)
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f5-7,12)" "$(tsv 'weekly|0.714|1|weekly:2024-01-02')"
	run -0 cop-rhythm -c --regularity 0.72 <(late_call)
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f5-7,12)" "$(tsv 'irregular|0.000|0|irregular:2024-01-02')"
}

@test "-p prices a change of cadence" {
	# At -p 20 the biweekly phase (20 + 2) costs more than staying weekly
	# (9 missed beats): one weekly phase, 19 on the beat of 19 + 9.
	run -0 cop-rhythm -c -p 20 "$DATA/rhythm-change.tsv"
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f5-7,11,12)" \
		"$(tsv 'weekly|0.679|9|2024-01-01|weekly:2024-01-01')"
	run -0 cop-rhythm -c --phase-cost 6 "$DATA/rhythm-change.tsv"
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f5)" "biweekly"
}

@test "-n sets the sessions a venue needs to show a beat" {
	run -0 cop-rhythm -c <(tsv 'time|member|venue' '2024-01-02|ann|call' '2024-01-09|ann|call')
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f5-7)" "$(tsv 'irregular|0.000|0')"
	run -0 cop-rhythm -c --min-sessions 2 <(tsv 'time|member|venue' '2024-01-02|ann|call' '2024-01-09|ann|call')
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f5-7)" "$(tsv 'weekly|1.000|0')"
}

@test "-S sets how long a day of sessions may run" {
	# The stand-up runs from 09:00 to 09:01: with -S 0 every day is
	# conversation; its 9 days fall in 2 weeks, both heard: 1.000.
	run -0 cop-rhythm -c -S 0 "$DATA/rhythm-daily.tsv"
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f5-7)" "$(tsv 'continuous|1.000|0')"
	# The chat's longest day is 9 hours; at -S 6 two days (7 and 9 hours)
	# still hold 5 of its 9 events.
	run -0 cop-rhythm -c --session-hours 6 "$DATA/rhythm-chat.tsv"
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f5)" "continuous"
}

@test "-d and -y decide when a scattered stream is continuous" {
	# The commits: 11 days in 4 weeks = 2.75 a week. -d 2.75 is not
	# exceeded, so they are sessions, and no beat fits them.
	run -0 cop-rhythm -c -d 2.75 "$DATA/rhythm-commits.tsv"
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f5-7)" "$(tsv 'irregular|0.000|0')"
	# -y 1/7: only Tuesday (2), Friday (2) and Sunday (3) hold 11/7 of the
	# days; three weekdays make no daily beat, so no scattered stream.
	run -0 cop-rhythm -c --day-share 0.142857 "$DATA/rhythm-commits.tsv"
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f5-7)" "$(tsv 'irregular|0.000|0')"
	run -0 cop-rhythm -c --dense 2 "$DATA/rhythm-commits.tsv"
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f5-7)" "$(tsv 'continuous|1.000|0')"
}

@test "-y: the stand-up's skipped Wednesday is no beat when Wednesday is rare" {
	# At -y 1/7 a weekday needs 9/7 sessions: Wednesday (1) drops out, so 3
	# January is an extra and 11 January is the next beat after the 9th:
	# 8 on the beat of 9, none missed. At -y 0 all seven days are beats:
	# the weekend (2) and 10 January (1) are missed: 9 / (9 + 3).
	run -0 cop-rhythm -c -y 0.142857 "$DATA/rhythm-daily.tsv"
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f5-7)" "$(tsv 'daily|0.889|0')"
	run -0 cop-rhythm -c -y 0 "$DATA/rhythm-daily.tsv"
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f5-7)" "$(tsv 'daily|0.750|3')"
}

# --- shared options ------------------------------------------------------

@test "-f maps columns; --since and --until select rows; -M merges aliases" {
	run -0 cop-rhythm -s -f member=who,time=2 <(tsv 'x|when|who' '1|2024-01-02|ann' '2|2024-01-09|bob')
	assert_equal "$(printf '%s\n' "$output" | cut -f1-4 | tail -n +2)" \
		"$(tsv '2024-W01|1|1|1' '2024-W02|1|1|1')"
	run -0 cop-rhythm -l -B 2024-01-09 -E 2024-02-20 "$DATA/rhythm-weekly-gaps.tsv"
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f12,13)" "$(tsv '2024-W02|2024-W07')"
	tsv 'member|aliases' 'ann|bob,cat,dan,eve' > "$BATS_TEST_TMPDIR/m.tsv"
	run -0 cop-rhythm -c -M "$BATS_TEST_TMPDIR/m.tsv" "$DATA/rhythm-weekly-gaps.tsv"
	assert_equal "$(printf '%s\n' "$output" | tail -1 | cut -f9)" "1"
}

@test "-k skips bad rows and keeps the good ones, in both passes" {
	run -0 --separate-stderr cop-rhythm -k <(tsv 'time|member' '2024-01-01|ann' 'yesterday|bob' '2024-01-08|cat')
	assert_output "$(tsv 'time|member|period|newcomer|beat' '2024-01-01|ann|2024-W01|yes|-' '2024-01-08|cat|2024-W02|yes|-')"
	[[ "$stderr" == *':3: time: cannot parse "yesterday"'$'\n''cop-rhythm: skipped 1 bad row (-k)' ]]
}

@test "--help and --version" {
	run -0 cop-rhythm --help
	[[ "${lines[0]}" == "usage: cop-rhythm [-k] [-s | -c | -l] [-g GRAIN]"* ]]
	run -0 cop-rhythm -h
	[[ "${lines[0]}" == "usage: cop-rhythm"* ]]
	run -0 cop-rhythm --version
	[[ "$output" == "cop-rhythm (coptools) "[0-9]* ]]
}

# --- errors --------------------------------------------------------------

@test "a bad time names file, line and column; a bad row stops the run" {
	tsv 'time|member' '2024-01-01|ann' '2024-13-01|bob' > "$BATS_TEST_TMPDIR/bad.tsv"
	run -1 --separate-stderr cop-rhythm -s "$BATS_TEST_TMPDIR/bad.tsv"
	assert_stderr "cop-rhythm: $BATS_TEST_TMPDIR/bad.tsv:3: time: cannot parse \"2024-13-01\""
	tsv 'time|member' '2024-01-01|' > "$BATS_TEST_TMPDIR/bad.tsv"
	run -1 --separate-stderr cop-rhythm -c "$BATS_TEST_TMPDIR/bad.tsv"
	assert_stderr "cop-rhythm: $BATS_TEST_TMPDIR/bad.tsv:2: member: empty"
	printf 'time\tmember\n2024-01-01\tann\textra\n' > "$BATS_TEST_TMPDIR/bad.tsv"
	run -1 --separate-stderr cop-rhythm "$BATS_TEST_TMPDIR/bad.tsv"
	assert_stderr "cop-rhythm: $BATS_TEST_TMPDIR/bad.tsv:2: 3 fields where the header has 2"
}

@test "a missing required column is a usage error listing the columns found" {
	run -2 --separate-stderr cop-rhythm -l <(tsv 'time|who' '2024-01-01|ann')
	[[ "$stderr" == "cop-rhythm: /dev/fd/"*': no column "member" (columns found: "time", "who")' ]]
}

@test "two tables at once, a bad grain or a bad --as-of are usage errors" {
	run -2 --separate-stderr cop-rhythm -s -c /dev/null
	assert_stderr "cop-rhythm: -s, -c and -l are exclusive: give one"
	run -2 --separate-stderr cop-rhythm --cadence --lifecycle /dev/null
	assert_stderr "cop-rhythm: -s, -c and -l are exclusive: give one"
	run -2 --separate-stderr cop-rhythm -g year /dev/null
	assert_stderr 'cop-rhythm: -g: "year" is not a grain (day, week or month)'
	run -2 --separate-stderr cop-rhythm -a soon /dev/null
	assert_stderr 'cop-rhythm: --as-of: cannot parse "soon" (a time as in cop-events(5), e.g. 2024-03-05 or 2024-03-05T14:02:11Z)'
}

@test "bad counts are usage errors naming the option and what is allowed" {
	run -2 --separate-stderr cop-rhythm -w 0 /dev/null
	assert_stderr "cop-rhythm: -w: 0 is out of range (1 to 100000)"
	run -2 --separate-stderr cop-rhythm -m x /dev/null
	assert_stderr 'cop-rhythm: -m: "x" is not a number'
	run -2 --separate-stderr cop-rhythm -n 2.5 /dev/null
	assert_stderr 'cop-rhythm: -n: "2.5" is not a whole number'
	run -2 --separate-stderr cop-rhythm -n 1 /dev/null
	assert_stderr 'cop-rhythm: -n: 1 is out of range (2 to 1e+06)'
	run -2 --separate-stderr cop-rhythm -G -1 /dev/null
	assert_stderr 'cop-rhythm: -G: -1 is out of range (0 to 100)'
}

@test "bad cadence thresholds are usage errors naming the range" {
	run -2 --separate-stderr cop-rhythm -t 0.6 /dev/null
	assert_stderr 'cop-rhythm: -t: 0.6 is out of range (0 to 0.5)'
	run -2 --separate-stderr cop-rhythm -r 0 /dev/null
	assert_stderr 'cop-rhythm: -r: 0 is out of range (0.01 to 1)'
	run -2 --separate-stderr cop-rhythm -p 0 /dev/null
	assert_stderr 'cop-rhythm: -p: 0 is out of range (1 to 1e+06)'
	run -2 --separate-stderr cop-rhythm -S 25 /dev/null
	assert_stderr 'cop-rhythm: -S: 25 is out of range (0 to 24)'
	run -2 --separate-stderr cop-rhythm -d 8 /dev/null
	assert_stderr 'cop-rhythm: -d: 8 is out of range (0 to 7)'
	run -2 --separate-stderr cop-rhythm -y 0.2 /dev/null
	assert_stderr 'cop-rhythm: -y: 0.2 is out of range (0 to 0.142857)'
}

@test "an unknown zone or option is a usage error" {
	run -2 --separate-stderr cop-rhythm -z Mars/Olympus /dev/null
	[[ "$stderr" == 'cop-rhythm: --tz: unknown time zone "Mars/Olympus"'* ]]
	run -2 --separate-stderr cop-rhythm --bogus /dev/null
	[[ "$stderr" == *"unrecognized option"*"usage: cop-rhythm"* ]]
}

@test "a full disk is an error, a closed pipe a quiet end" {
	run -1 --separate-stderr sh -c 'cop-rhythm -s "$1" > /dev/full' sh "$DATA/rhythm-weekly-gaps.tsv"
	assert_stderr "cop-rhythm: stdout: write error: No space left on device"
	run -1 --separate-stderr sh -c 'cop-rhythm "$1" > /dev/full' sh "$DATA/rhythm-weekly-gaps.tsv"
	assert_stderr "cop-rhythm: stdout: write error: No space left on device"
	run -0 --separate-stderr sh -c 'cop-rhythm "$1" | head -1' sh "$DATA/rhythm-weekly-gaps.tsv"
	assert_stderr ""
}

@test "a file that cannot be read is a data error" {
	run -1 --separate-stderr cop-rhythm -s "$BATS_TEST_TMPDIR/missing.tsv"
	[[ "$stderr" == "cop-rhythm: $BATS_TEST_TMPDIR/missing.tsv: "* ]]
}

# --- the real logs -------------------------------------------------------

# Run cop-rhythm on a real log with its members directory, if it has one.
on_log() {
	local log=$1
	shift
	local m="$SHARED/${log%-meetings}-members.tsv"
	if [ -f "$m" ]; then
		cop-rhythm -M "$m" "$@" "$SHARED/$log.tsv" 2>/dev/null
	else
		cop-rhythm "$@" "$SHARED/$log.tsv"
	fi
}

@test "real logs: per-period events add up to the rows, newcomers to the members" {
	need_shared
	for log in nodejs-tsc-meetings openjs-cpc-meetings fluid-irc git-git; do
		f="$SHARED/$log.tsv"
		got=$(cop-rhythm -s "$f" | awk -F'\t' 'NR > 1 { e += $2; n += $4; d += $6; last = $3 }
			END { print e, n, d + last }')
		want=$(awk -F'\t' 'NR > 1 { r++; if (!($2 in m)) { m[$2]; n++ } } END { print r, n, n }' "$f")
		assert_equal "$log $got" "$log $want"
	done
}

@test "real logs: the stream keeps every row and byte, periods are ISO weeks" {
	need_shared
	for log in nodejs-tsc-meetings openjs-cpc-meetings; do
		f="$SHARED/$log.tsv"
		cop-rhythm "$f" > "$BATS_TEST_TMPDIR/out"
		cut -f1-6 "$BATS_TEST_TMPDIR/out" | cmp - "$f"
		# The weeks of every date, by date(1).
		tail -n +2 "$BATS_TEST_TMPDIR/out" | cut -f1,7 | sort -u > "$BATS_TEST_TMPDIR/ours"
		tail -n +2 "$f" | cut -f1 | sort -u > "$BATS_TEST_TMPDIR/days"
		date -u -f "$BATS_TEST_TMPDIR/days" +%G-W%V | paste "$BATS_TEST_TMPDIR/days" - |
			cmp - "$BATS_TEST_TMPDIR/ours"
		# Every member is a newcomer in exactly one week.
		assert_equal "$(awk -F'\t' '$8 == "yes" { print $2 "\t" $7 }' "$BATS_TEST_TMPDIR/out" | sort -u | cut -f1 | uniq -d)" ""
	done
}

@test "real logs: -c venues add up, sessions and members agree with awk" {
	need_shared
	for log in nodejs-tsc-meetings openjs-cpc-meetings fluid-irc; do
		f="$SHARED/$log.tsv"
		cop-rhythm -c "$f" | tail -n +2 | cut -f1,2,8,9 | sort > "$BATS_TEST_TMPDIR/ours"
		awk -F'\t' 'NR > 1 { e[$4]++; s[$4 "\t" substr($1, 1, 10)]; m[$4 "\t" $2] }
			END { for (k in s) { split(k, a, "\t"); ns[a[1]]++ }
			      for (k in m) { split(k, a, "\t"); nm[a[1]]++ }
			      for (v in e) print v "\t" e[v] "\t" ns[v] "\t" nm[v] }' "$f" |
			sort > "$BATS_TEST_TMPDIR/awk"
		cmp "$BATS_TEST_TMPDIR/ours" "$BATS_TEST_TMPDIR/awk"
	done
}

@test "real logs: the CPC met weekly, then every other week from January 2021" {
	need_shared
	run -0 on_log openjs-cpc-meetings -c
	assert_equal "$(printf '%s\n' "$output" | awk -F'\t' '$1 == "openjs-cpc"' | cut -f5,11,12)" \
		"$(tsv 'biweekly|2021-01-19|weekly:2018-10-22>biweekly:2021-01-19')"
}

@test "real logs: the Node.js TSC's weekly meeting has turned irregular" {
	need_shared
	# Weekly for most of a decade; irregular from late 2020 to March 2021
	# (every three weeks), and again since October 2025.
	run -0 on_log nodejs-tsc-meetings -c
	assert_equal "$(printf '%s\n' "$output" | awk -F'\t' '$1 == "nodejs-tsc"' | cut -f5,11)" \
		"$(tsv 'irregular|2025-10-15')"
	assert_equal "$(printf '%s\n' "$output" | awk -F'\t' '$1 == "iojs-tc" || $1 == "nodejs-core-team"' | cut -f5 | sort -u)" "weekly"
}

@test "real logs: the IRC channels and git's busiest directories are continuous" {
	need_shared
	run -0 on_log fluid-irc -c
	assert_equal "$(printf '%s\n' "$output" | tail -n +2 | cut -f5 | sort -u)" "continuous"
	run -0 on_log git-git -c
	assert_equal "$(printf '%s\n' "$output" | sed -n '2,7p' | cut -f5 | sort -u)" "continuous"
}

@test "real logs: the lifecycle of each community" {
	need_shared
	# Over the last half-year against the one before: the meeting series
	# and git hold steady; the IRC channels lost a third of their traffic.
	for want in nodejs-tsc-meetings:stewardship:steady openjs-cpc-meetings:stewardship:steady \
	    fluid-irc:transformation:declining git-git:stewardship:steady; do
		log=${want%%:*}
		run -0 on_log "$log" -l
		assert_equal "$log:$(printf '%s\n' "$output" | tail -1 | cut -f1,2 | tr '\t' :)" "$want"
	done
}
