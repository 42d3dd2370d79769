#!/usr/bin/env bats
# cop-report: the weekly report. The small community of test/data/
# report-small.tsv was built by hand so that every figure can be worked out
# on paper (weights: host 3, post and reply 1, attend 0.5):
#   ann  hosts the call every week, W01-W10 (and once in W11)
#   bob  posts and replies to cat every week, only posts in W09, and in W10
#        also replies to eve
#   cat  replies to bob every week
#   dan  posts three times a week W01-W06, then falls silent
#   fay  attends the call in W02, W05 and W08
#   eve  posts once in W10, her first event
# The latest event is in W11, so the default period is 2025-W10. The
# levels, week by week, from cop-classify(1)'s definitions (every week of
# W01-W10 has activity, so the window's active weeks are 1, 2, ... 10):
#   W01: ann 3, dan 3 core (top half, cum 0 < 4.5); bob 2 active (cum 6 <
#        80% of 9); cat peripheral (cum 8 >= 7.2, one week of one < 2)
#   W02-W08: ann, dan core; bob active (in the top 80%); cat active (active
#        in >= half of the weeks); fay peripheral (2-3 weeks of >= 4)
#   W09: ann 27, dan 18 core (cum 27 < 36.25); bob 17 active (cum 45 <
#        58); cat active; fay peripheral          -> 2/2/1
#   W10: ann 30 core; bob 20 core (cum 30 < 40.25, 10 of 10 weeks); dan 18
#        core by hysteresis (cum 50 < 65% of 80.5 = 52.3, 6 weeks >= 3);
#        cat active (10 weeks >= 5); fay, eve peripheral -> 3/1/2
# So in W10 bob moved inward (active -> core) and eve arrived; dan, core,
# last active in W06 with gaps of 1 week, has been silent 4 weeks: at risk.
# From cop-rhythm(1)'s definitions, as of the end of W10: returning W10 = 4
# members - 1 newcomer = 3; departed in W07 dan (last event W06), in W09 fay
# (last W08), none in W10; the mean of W06-W09: departed (0+1+0+1)/4 = 0.5,
# returning (4+3+4+3)/4 = 3.5. Lifecycle: 10 periods, so n = min(26, 5) = 5:
# W06-W10 hold 7+4+5+3+6 = 25 events by ann, bob, cat, dan, fay, eve (6),
# W01-W05 7+8+7+7+8 = 37 by 5; 37 >= 1.2 x 25: declining, -32%; 10 < 2 x 26
# periods: coalescing. Venues: forum has bob's 20, cat's 10, dan's 18 and
# eve's 1 events = 49 on 17 days (10 Wednesdays, dan's 6 Thursdays, W10's
# Friday), 10 of them on its Wednesday beat: regularity 10/17 = 0.59;
# weekly-call has 10 hosts and 3 attendances on 10 Tuesdays, none missed.
# Patterns and success factors are cop-patterns -s and -F's verdicts and
# evidence on the same rows (-E 2025-03-10), compared line by line with
# its tables; among them: ann made 30 of the 79 contributions (attendance
# is none) and hosted all 10 sessions, so musical-chairs is absent; the
# core (ann, bob, dan) never answer each other: no band-of-brothers.
# The golden file test/data/report-small.txt was read line by line against
# these figures; the comments of each test below give the rest.

load helper

SMALL="$DATA/report-small.tsv"

# Every line of stdin at most 80 columns (characters: the charts use
# one-column block characters only).
max_width() {
	LC_ALL=C.UTF-8 wc -L
}

@test "the text report of a small community is exactly the hand-checked one" {
	run -0 --separate-stderr cop-report "$SMALL"
	assert_output "$(cat "$DATA/report-small.txt")"
	assert_stderr ""
}

@test "the annotated stream gives the same report as the raw events" {
	run -0 sh -c "cop-classify '$SMALL' | cop-report"
	assert_output "$(cat "$DATA/report-small.txt")"
	run -0 sh -c "cop-classify '$SMALL' | cop-rhythm | cop-patterns | cop-report"
	assert_output "$(cat "$DATA/report-small.txt")"
}

@test "the report's own figures come from each row's day, whatever a period column says" {
	# cop-report reads the weekly, reply and venue x day tables that its
	# patterns already keep, as long as they hold what its own would. A
	# period column in months makes the patterns judge months: only the
	# sections from Patterns on differ from the raw events' report.
	before_patterns() {
		sed '/^Patterns$/,$d'
	}
	run -0 --separate-stderr sh -c "cop-rhythm -g month '$SMALL' | cop-report"
	assert_equal "$(printf '%s\n' "$output" | before_patterns)" \
	    "$(before_patterns <"$DATA/report-small.txt")"
	run -0 --separate-stderr sh -c "cop-rhythm -g month '$SMALL' | cop-report -T md"
	raw_md="$(cop-report -T md "$SMALL")"
	assert_equal "$(printf '%s\n' "$output" | sed '/^## Patterns$/,$d')" \
	    "$(printf '%s\n' "$raw_md" | sed '/^## Patterns$/,$d')"
	# Under -k a row with a bad level is left out of the patterns but
	# counted in the report: still 62 events, the report unchanged.
	run -0 --separate-stderr sh -c "cop-classify '$SMALL' |
	    awk 'BEGIN { FS = OFS = \"\t\" } NR == 5 { \$NF = \"bogus\" } { print }' |
	    cop-report -k"
	assert_output "$(cat "$DATA/report-small.txt")"
	# So too for the last reply of the report's week: the copies are made
	# then, and must hold the week's replies patterns has logged so far.
	run -0 --separate-stderr sh -c "cop-classify '$SMALL' |
	    awk 'BEGIN { FS = OFS = \"\t\" } \$1 == \"2025-03-07T09:15:00Z\" { \$NF = \"bogus\" }
	    { print }' | cop-report -k"
	assert_output "$(cat "$DATA/report-small.txt")"
}

@test "a pipe is spooled in TMPDIR to be read twice, unless -p names the period" {
	# Without -p the first read finds the latest event (W11), so the
	# period (W10); a pipe cannot be read again, so it goes to TMPDIR.
	run -1 --separate-stderr sh -c "cat '$SMALL' | TMPDIR=/nonexistent cop-report"
	assert_output ""
	assert_equal "$(printf '%s\n' "$stderr" | sed 's/coptools\.[^:]*/coptools.XXXXXX/')" \
	    "cop-report: /nonexistent/coptools.XXXXXX: cannot create a spool file: No such file or directory"
	run -0 --separate-stderr sh -c "cat '$SMALL' | TMPDIR=/nonexistent cop-report -p 2025-W10"
	assert_output "$(cat "$DATA/report-small.txt")"
	assert_stderr ""
}

@test "the whole pipe with a members directory gives the report of the raw events" {
	# The earlier stages write - in their columns of the bot's rows.
	m="$TOP/examples/members.tsv"
	run -0 --separate-stderr sh -c "cop-classify -M '$m' '$TOP/examples/community.tsv' | cop-rhythm -M '$m' |
	    cop-patterns -M '$m' | cop-report -M '$m'"
	assert_output "$(cop-report -M "$m" "$TOP/examples/community.tsv" 2>/dev/null)"
	assert_equal "${lines[0]}" "Community report, week 2025-W39"
}

@test "make demo says what it runs, then prints the example community's weekly report" {
	run -0 --separate-stderr sh "$TOP/examples/demo.sh"
	assert_equal "$(printf '%s\n' "$output" | head -n 5)" \
"The Data Guild's last complete week, from its event log (examples/community.tsv) and
members directory (examples/members.tsv), through the whole pipe:

  cop-classify -M examples/members.tsv examples/community.tsv |
    cop-rhythm -M examples/members.tsv | cop-patterns -M examples/members.tsv | cop-report -M examples/members.tsv"
	assert_equal "$(printf '%s\n' "$output" | sed -n 7p)" "Community report, week 2025-W39"
	assert_equal "$(printf '%s\n' "$output" | tail -n +7)" \
	    "$(cop-report -M "$TOP/examples/members.tsv" "$TOP/examples/community.tsv" 2>/dev/null)"
	assert_stderr "cop-classify: note: 39 rows by 1 bot left out of the figures
cop-rhythm: note: 39 rows by 1 bot left out of the figures
cop-patterns: note: 39 rows by 1 bot left out of the figures
cop-report: note: 39 rows by 1 bot left out of the figures"
}

@test "the text report is at most 80 columns, with no escape codes and no trailing blanks" {
	run -0 cop-report "$SMALL"
	assert_equal "$(printf '%s\n' "$output" | max_width)" 80
	! printf '%s\n' "$output" | grep -q $'\033'
	! printf '%s\n' "$output" | grep -q ' $'
}

@test "-p reports on a past week" {
	# W05: events ann 1, bob 2, cat 1, dan 3, fay 1 = 8; W04 7: +1 (+14%).
	# Mean of W01-W04: events (7+8+7+7)/4 = 7.25, members (4+5+4+4)/4 =
	# 4.25, newcomers (4+1+0+0)/4 = 1.25 (printf rounds the ties to even).
	# Levels at W05: ann, dan core; bob, cat active; fay peripheral; no move.
	run -0 cop-report -p 2025-W05 "$SMALL"
	assert_equal "$(printf '%s\n' "$output" | sed -n '1p;3p;7,10p;18,23p')" \
"Community report, week 2025-W05
27 January – 2 February 2025, days cut in UTC.
                  2025-W05  2025-W04     change  mean of 4 before
  Events                 8         7  +1 (+14%)               7.2
  Active members         5         4  +1 (+25%)               4.2
  Newcomers              0         0          0               1.2
As of 2025-W05, over a window of 12 weeks: 2 core, 2 active, 1 peripheral (5
members).
  - Moved inward (0): nobody
  - Moved outward (0): nobody
  - Arrived in the window (0): nobody
  - Left the window (0): nobody"
}

@test "a week with no events reports zeros" {
	# W20 is after the last event; the window (W09-W20) still holds W09-W11.
	run -0 cop-report -p 2025-W20 "$SMALL"
	assert_equal "$(printf '%s\n' "$output" | sed -n '7,10p')" \
"                  2025-W20  2025-W19  change  mean of 4 before
  Events                 0         0       0               0.0
  Active members         0         0       0               0.0
  Newcomers              0         0       0               0.0"
}

@test "input without events reports that there is nothing to report" {
	run -0 --separate-stderr cop-report <(tsv 'time|member')
	assert_output "Community report
================
No events in the input: nothing to report.

--
Made by cop-report 0.1.0 from 0 events. Levels over a 12-week window;
cop-report(1) says which table of the earlier stages each figure comes from."
}

@test "-p on input without events reports a period of zeros" {
	run -0 cop-report -p 2025-W10 <(tsv 'time|member')
	assert_equal "${lines[0]}" "Community report, week 2025-W10"
	assert_equal "$(printf '%s\n' "$output" | sed -n 8p)" \
	    "  Events                 0         0       0                 -"
}

@test "-g month and -p 2025-02 report a month, levels as of its last whole week" {
	# January 2025 holds W01 but ann's host of Tue 31 December (7 - 1 = 6),
	# W02-W04 (8 + 7 + 7) and W05, whose events fall on Tue-Thu 28-30
	# January (8): 36. February holds W06-W09 (7 + 4 + 5 + 3 = 19); its
	# first two days are a weekend without events. 19 - 36 = -17, -47%.
	# The mean of the months before since the first (December 2024: 1,
	# January: 36) is 18.5. The last ISO week ending in February is W08
	# (17-23 February; W09 ends on 2 March): ann, dan core; bob, cat active;
	# fay peripheral.
	run -0 cop-report -p 2025-02 "$SMALL"
	assert_equal "$(printf '%s\n' "$output" | sed -n '1,3p;8p;18p')" \
"Community report, month 2025-02
===============================
February 2025, days cut in UTC.
  Events               19       36  -17 (-47%)              18.5
As of 2025-W08, over a window of 12 weeks: 2 core, 2 active, 1 peripheral (5"
	run -0 cop-report -g month "$SMALL"
	assert_equal "${lines[0]}" "Community report, month 2025-02"
}

@test "-n sets the periods in the charts" {
	run -0 cop-report -n 4 "$SMALL"
	assert_equal "$(printf '%s\n' "$output" | grep -c '^  2025-W\(07\|08\|09\|10\)  ')" 8
	assert_equal "$(printf '%s\n' "$output" | grep -c '^  2025-W06  ')" 0
	# W07-W10: 4, 5, 3, 6 events; blocks of (v * 7 + 3) / 6 eighths.
	printf '%s\n' "$output" | grep -q '^Events over the last 4 weeks: ▆▇▅█$'
}

@test "-w sets the window of the levels" {
	run -0 cop-report -w 4 "$SMALL"
	printf '%s\n' "$output" | grep -q '^As of 2025-W10, over a window of 4 weeks'
	# dan's last week, W06, is out of a 4-week window ending W10: he left.
	printf '%s\n' "$output" | grep -q '^  - Left the window (1): dan$'
}

@test "-W changes the weights of the levels" {
	# Hosting worth nothing: ann scores 0 and is peripheral. Of 50.5, bob
	# 20 (cum 0) and dan 18 (cum 20 < 25.25) are core, cat 10 (cum 38 <
	# 40.4) active, fay, eve and ann peripheral.
	run -0 cop-report -W host=0 "$SMALL"
	printf '%s\n' "$output" | grep -q '^As of 2025-W10, over a window of 12 weeks: 2 core, 1 active, 3 peripheral'
}

@test "the Markdown report has headings, pipe tables and fenced charts" {
	run -0 cop-report -T md "$SMALL"
	assert_equal "${lines[0]}" "# Community report, week 2025-W10"
	printf '%s\n' "$output" | grep -qx '## Headline'
	printf '%s\n' "$output" | grep -qx '|  | 2025-W10 | 2025-W09 | change | mean of 4 before |'
	printf '%s\n' "$output" | grep -qx '|---|---:|---:|---:|---:|'
	printf '%s\n' "$output" | grep -qx '| Events | 6 | 3 | +3 (+100%) | 4.8 |'
	printf '%s\n' "$output" | grep -qx '```text'
	printf '%s\n' "$output" | grep -qx -- '- Moved inward (1): bob (active → core)'
}

# HTML5 and SVG elements libxml2's HTML 4 parser does not know, and nothing else.
html_errors() {
	xmllint --html --noout "$1" 2>&1 |
	    grep 'error' | grep -v 'Tag \(figure\|figcaption\|footer\|svg\|title\|rect\|text\|line\|path\) invalid'
}

@test "the HTML report parses, is well-formed XML, and holds its three SVG charts" {
	command -v xmllint >/dev/null || skip "no xmllint"
	cop-report -T html "$SMALL" > "$BATS_TEST_TMPDIR/r.html"
	run html_errors "$BATS_TEST_TMPDIR/r.html"
	assert_output ""
	run -0 xmllint --noout "$BATS_TEST_TMPDIR/r.html"
	assert_equal "$(grep -c '<svg' "$BATS_TEST_TMPDIR/r.html")" 3
	grep -q '<meta name="viewport"' "$BATS_TEST_TMPDIR/r.html"
	grep -q '@media print' "$BATS_TEST_TMPDIR/r.html"
}

@test "the HTML report is self-contained: no script, no link, no outside resource" {
	run -0 cop-report -T html "$SMALL"
	! printf '%s\n' "$output" | grep -qi '<script\|<link\|src=\|href=\|url(\|@import'
}

# Names that would break a page, a table or a terminal (tabs written out,
# since one name holds a "|").
hostile() {
	printf '%s\t%s\t%s\t%s\n' time member action reply_to \
	    2025-03-04 '<script>alert(1)</script>' post '' \
	    2025-03-04 'a&b' reply '<script>alert(1)</script>' \
	    2025-03-05 '"dq'"'"'sq' reply 'a&b' \
	    2025-03-05 'pipe|name' reply 'a&b' \
	    2025-03-06 '#1 *fan*' post '' \
	    2025-03-06 $'esc\033[31mred' post '' \
	    2025-03-11 'a&b' post ''
}

@test "hostile names are escaped in HTML" {
	run -0 cop-report -T html <(hostile)
	! printf '%s\n' "$output" | grep -q '<script>'
	printf '%s\n' "$output" | grep -q '&lt;script&gt;alert(1)&lt;/script&gt;'
	printf '%s\n' "$output" | grep -q 'a&amp;b'
	printf '%s\n' "$output" | grep -q '&quot;dq&#39;sq'
	! printf '%s\n' "$output" | grep -q $'\033'
}

@test "hostile names are escaped in Markdown, | included" {
	run -0 cop-report -T md <(hostile)
	printf '%s\n' "$output" | grep -qF '\<script\>alert(1)\</script\>'
	printf '%s\n' "$output" | grep -qF 'a&amp;b'
	printf '%s\n' "$output" | grep -qF 'pipe\|name'
	printf '%s\n' "$output" | grep -qF ', \#1 \*fan\* (core)'
	! printf '%s\n' "$output" | grep -q '^#1'
	! printf '%s\n' "$output" | grep -q '<script>'
	! printf '%s\n' "$output" | grep -q $'\033'
}

# The small community with a hostile name for every member, the venue, the
# community and the units, so that data reaches every section: ann hosts
# (sessions led, both factors), bob moves inward and replies, dan is the
# anchor at risk, eve arrives, the forum heads the venues.
hostile_all() {
	awk -F '\t' -v OFS='\t' '
	BEGIN {
		q = sprintf("%c", 39)
		n["ann"] = "<script>&\"" q; n["bob"] = "|bob*"; n["cat"] = "cat_`x`"
		n["dan"] = "dan<b>&amp;"; n["eve"] = "<i>eve"; n["fay"] = "#fay"
	}
	NR == 1 { print $0, "community"; next }
	{
		if ($2 in n) $2 = n[$2]
		if ($6 in n) $6 = n[$6]
		if ($4 == "forum") $4 = "<v>&\"" q "|"
		print $0, "<c>&\"" q "|"
	}' "$SMALL" >"$BATS_TEST_TMPDIR/hostile.tsv"
	printf 'member\trole\tunit\n%s\tcoordinator\t<u>&"|\n|bob*\tmember\t<u>&"|\n' \
	    "<script>&\"'" >"$BATS_TEST_TMPDIR/hostile-m.tsv"
}

# xpath FILE EXPR: the string value of EXPR in the XML document FILE.
xpath() {
	xmllint --xpath "string($2)" "$1"
}

@test "in HTML every data value is escaped, in every section, and reads back exactly" {
	command -v xmllint >/dev/null || skip "no xmllint"
	hostile_all
	h="$BATS_TEST_TMPDIR/h.html"
	cop-report -T html -M "$BATS_TEST_TMPDIR/hostile-m.tsv" "$BATS_TEST_TMPDIR/hostile.tsv" >"$h"
	run -0 xmllint --noout "$h"
	# No element but ours: none of <script>, <b>, <i>, <c>, <v>, <u>.
	run -0 sh -c "grep -o '<[a-z][a-z0-9]*' '$h' | sort -u | tr '\n' ' '"
	assert_output "<body <div <figcaption <figure <footer <h1 <h2 <h3 <head <html <li <line <meta <p <path <rect <span <strong <style <svg <table <tbody <td <text <th <thead <title <tr <ul "
	# The parsed text holds each name exactly (escaped once, not twice).
	assert_equal "$(xpath "$h" '//table[.//th="community"]//td[1]')" "<c>&\"'|"
	assert_equal "$(xpath "$h" '//h2[2]')" "<c>&\"'|"
	assert_equal "$(xpath "$h" '//li[starts-with(., "Moved inward")]')" \
	    "Moved inward (1): |bob* (active → core)"
	assert_equal "$(xpath "$h" '//li[starts-with(., "Arrived")]')" \
	    "Arrived in the window (1): <i>eve (peripheral)"
	assert_equal "$(xpath "$h" '//table[.//th="member"]//td[1]')" "dan<b>&amp;"
	assert_equal "$(xpath "$h" '//li[starts-with(., "Most replies")]')" \
	    "Most replies to others: |bob* 2 (to 2 members), cat_\`x\` 1 (to 1 member)"
	assert_equal "$(xpath "$h" '//li[starts-with(., "Sessions led")]')" \
	    "Sessions led (host, chair, present, ...): <script>&\"' 1"
	assert_equal "$(xpath "$h" '//table[.//th="venue"]//td[1]')" "<v>&\"'|"
	# The patterns' and factors' evidence.
	[[ $(xpath "$h" '//li[contains(., "core-group")]') == *": <script>&\"' and dan<b>&amp;" ]]
	[[ $(xpath "$h" '//li[contains(., "rhythm")]') == *" and <v>&\"'| (weekly, "* ]]
	# The SVG titles hold our words and figures only.
	[ "$(xpath "$h" 'count(//*[local-name()="title"])')" -gt 50 ]
	run -1 sh -c "xmllint --xpath '//*[local-name()=\"title\"]/text()' '$h' | grep '[<&\"|]'"
	assert_output ""
}

@test "in Markdown every data value is escaped and reads back exactly (cmark-gfm)" {
	command -v cmark-gfm >/dev/null || skip "no cmark-gfm"
	command -v xmllint >/dev/null || skip "no xmllint"
	hostile_all
	h="$BATS_TEST_TMPDIR/h.xml"
	{ echo '<div>'
	  cop-report -T md -M "$BATS_TEST_TMPDIR/hostile-m.tsv" "$BATS_TEST_TMPDIR/hostile.tsv" |
	      cmark-gfm -e table -e tasklist
	  echo '</div>'; } >"$h"
	# Every row of every table has as many cells as its header: no "|"
	# from the data split one.
	assert_equal "$(xpath "$h" 'count(//tbody/tr[count(td) != count(../../thead/tr/th)])')" 0
	assert_equal "$(xpath "$h" 'count(//table)')" 5
	assert_equal "$(xpath "$h" '//table[.//th="community"]//td[1]')" "<c>&\"'|"
	assert_equal "$(xpath "$h" '//h2[2]')" "<c>&\"'|"
	assert_equal "$(xpath "$h" '//li[starts-with(., "Moved inward")]')" \
	    "Moved inward (1): |bob* (active → core)"
	assert_equal "$(xpath "$h" '//table[.//th="member"]//td[1]')" "dan<b>&amp;"
	assert_equal "$(xpath "$h" '//li[starts-with(., "Most replies")]')" \
	    "Most replies to others: |bob* 2 (to 2 members), cat_\`x\` 1 (to 1 member)"
	assert_equal "$(xpath "$h" '//table[.//th="venue"]//td[1]')" "<v>&\"'|"
	[[ $(xpath "$h" '//li[contains(., "core-group")]') == *": <script>&\"' and dan<b>&amp;" ]]
	# Nothing from the data became markup: only cmark's own elements.
	run -0 sh -c "grep -o '<[a-z][a-z0-9]*' '$h' | sort -u | tr '\n' ' '"
	assert_output "<code <div <h1 <h2 <h3 <hr <input <li <p <pre <strong <table <tbody <td <th <thead <tr <ul "
}

@test "Markdown escapes only punctuation: a leading digit shows no backslash, \"1.\" starts no list" {
	# CommonMark shows a backslash before a digit or a letter; "#" is
	# escaped everywhere, since a heading drops a closing run of them.
	run -0 cop-report -T md <(tsv 'time|member|venue|community' \
	    '2025-03-04|1. first|2024-meetups|2024 guild #' '2025-03-05|+plus|1) v|2024 guild #' \
	    '2025-03-11|x|v|2024 guild #')
	printf '%s\n' "$output" | grep -qxF '## 2024 guild \#'
	printf '%s\n' "$output" | grep -qxF '| 2024 guild \# | 2 | +2 | 2 | steady | potential | none |'
	printf '%s\n' "$output" | grep -qxF '| 2024-meetups | 1 | irregular | 2025-03-04 | 1 | 0 | 0.00 |'
	printf '%s\n' "$output" | grep -qxF '| 1\) v | 1 | irregular | 2025-03-05 | 1 | 0 | 0.00 |'
	printf '%s\n' "$output" | grep -qxF -- '- Arrived in the window (2): +plus (core), 1. first (core)'
}

@test "control characters in names never reach the text report" {
	run -0 cop-report <(hostile)
	! printf '%s\n' "$output" | grep -q $'\033'
	printf '%s\n' "$output" | grep -q 'esc�\[31mred'
}

@test "long names are cut to keep tables within 80 columns" {
	long=$(printf 'x%.0s' $(seq 1 120))
	run -0 cop-report <(tsv 'time|member' \
	    "2025-01-0$(echo 1)|$long" '2025-01-08|'"$long" '2025-01-15|'"$long" \
	    '2025-01-22|ann' '2025-02-10|ann')
	assert_equal "$(printf '%s\n' "$output" | max_width)" 80
}

# A name longer than a line is cut across lines whole characters at a
# time (wide ones here: two columns each), and in linear time: rescanning
# the rest of a 100 kB word after every cut took seconds.
@test "a word longer than a line wraps at whole wide characters, within 80 columns" {
	long=$(printf '語%.0s' $(seq 1 300))
	run -0 cop-report <(tsv 'time|member' "2025-01-01|$long" "2025-01-08|$long" \
	    "2025-01-15|$long" '2025-01-22|ann' '2025-02-10|ann')
	assert_equal "$(printf '%s\n' "$output" | max_width)" 80
	printf '%s\n' "$output" | iconv -f UTF-8 -t UTF-8 > /dev/null
	# The longest run of lines holding nothing but the name's characters
	# is the whole name: 300 characters (and a newline).
	assert_equal "$(printf '%s\n' "$output" | awk '/^ *(語)+$/ { r = r $0; next }
	    { if (length(r) > length(best)) best = r; r = "" }
	    END { if (length(r) > length(best)) best = r; print best }' |
	    tr -d ' ' | LC_ALL=C.UTF-8 wc -m)" 301
}

@test "-o writes the report to a file, atomically" {
	mkdir "$BATS_TEST_TMPDIR/web"
	out="$BATS_TEST_TMPDIR/web/week.txt"
	run -0 --separate-stderr cop-report -o "$out" "$SMALL"
	assert_output ""
	assert_equal "$(cat "$out")" "$(cat "$DATA/report-small.txt")"
	# A failing run (a bad time on line 3) leaves the old report as it was,
	# and no temporary file behind.
	tsv 'time|member' '2025-03-04|ann' '2025-13-01|bob' > "$BATS_TEST_TMPDIR/bad.tsv"
	run -1 --separate-stderr cop-report -o "$out" "$BATS_TEST_TMPDIR/bad.tsv"
	assert_stderr "cop-report: $BATS_TEST_TMPDIR/bad.tsv:3: time: cannot parse \"2025-13-01\""
	assert_equal "$(cat "$out")" "$(cat "$DATA/report-small.txt")"
	assert_equal "$(ls -A "$BATS_TEST_TMPDIR/web")" "week.txt"
}

@test "-o follows the umask and - is standard output" {
	out="$BATS_TEST_TMPDIR/week.html"
	(umask 022 && cop-report -T html -o "$out" "$SMALL")
	assert_equal "$(stat -c %a "$out")" 644
	run -0 cop-report -o - "$SMALL"
	assert_output "$(cat "$DATA/report-small.txt")"
}

@test "-o into a missing directory or onto a directory fails and says why" {
	run -1 --separate-stderr cop-report -o "$BATS_TEST_TMPDIR/no/such/week.txt" "$SMALL"
	assert_stderr "cop-report: $BATS_TEST_TMPDIR/no/such/week.txt: cannot create a temporary file beside it: No such file or directory"
	mkdir -p "$BATS_TEST_TMPDIR/web/dir"
	run -1 --separate-stderr cop-report -o "$BATS_TEST_TMPDIR/web/dir" "$SMALL"
	assert_stderr "cop-report: $BATS_TEST_TMPDIR/web/dir: Is a directory"
	assert_equal "$(ls -A "$BATS_TEST_TMPDIR/web")" "dir"
}

@test "-o onto a symbolic link replaces the file it points to; the link stays" {
	mkdir "$BATS_TEST_TMPDIR/web" "$BATS_TEST_TMPDIR/srv"
	echo old >"$BATS_TEST_TMPDIR/srv/week.txt"
	ln -s ../srv/week.txt "$BATS_TEST_TMPDIR/web/week.txt"
	run -0 cop-report -o "$BATS_TEST_TMPDIR/web/week.txt" "$SMALL"
	[ -L "$BATS_TEST_TMPDIR/web/week.txt" ]
	assert_equal "$(cat "$BATS_TEST_TMPDIR/srv/week.txt")" "$(cat "$DATA/report-small.txt")"
	assert_equal "$(ls -A "$BATS_TEST_TMPDIR/srv")" "week.txt"
	# A link to no file yet creates it.
	ln -s ../srv/new.txt "$BATS_TEST_TMPDIR/web/new.txt"
	run -0 cop-report -o "$BATS_TEST_TMPDIR/web/new.txt" "$SMALL"
	[ -L "$BATS_TEST_TMPDIR/web/new.txt" ]
	assert_equal "$(cat "$BATS_TEST_TMPDIR/srv/new.txt")" "$(cat "$DATA/report-small.txt")"
}

@test "-o onto a FIFO or /dev/stdout writes into it, never replaces it" {
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	cat "$BATS_TEST_TMPDIR/fifo" >"$BATS_TEST_TMPDIR/got" &
	run -0 cop-report -o "$BATS_TEST_TMPDIR/fifo" "$SMALL"
	wait
	[ -p "$BATS_TEST_TMPDIR/fifo" ]
	assert_equal "$(cat "$BATS_TEST_TMPDIR/got")" "$(cat "$DATA/report-small.txt")"
	assert_equal "$(ls -A "$BATS_TEST_TMPDIR")" "$(printf 'fifo\ngot')"
	# /dev/stdout is the test's output file here: written into, not
	# replaced through the link (nor the link itself).
	run -0 --separate-stderr cop-report -o /dev/stdout "$SMALL"
	assert_output "$(cat "$DATA/report-small.txt")"
	[ -L /dev/stdout ]
}

@test "-o: a target that turned into a directory meanwhile is not replaced, nor left beside" {
	# cop-report opens -o's temporary file, then its input, a FIFO: once
	# the test's end of it is open, the target can be swapped.
	d="$BATS_TEST_TMPDIR/web"
	mkdir "$d"
	echo old >"$d/week.txt"
	mkfifo "$BATS_TEST_TMPDIR/in"
	cop-report -o "$d/week.txt" "$BATS_TEST_TMPDIR/in" 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	exec 5>"$BATS_TEST_TMPDIR/in"
	rm "$d/week.txt"
	mkdir "$d/week.txt"
	touch "$d/week.txt/x"
	cat "$SMALL" >&5
	exec 5>&-
	status=0
	wait "$pid" || status=$?
	assert_equal "$status" 1
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" \
	    "cop-report: $d/week.txt: cannot replace it: Is a directory"
	assert_equal "$(ls -A "$d")" "week.txt"
}

@test "a full disk is an error" {
	run -1 --separate-stderr sh -c "cop-report '$SMALL' > /dev/full"
	assert_stderr "cop-report: stdout: write error: No space left on device"
}

@test "pseudonyms are stable with the same salt, different with another, figures exact" {
	run -0 cop-report -a -S s3cret "$SMALL"
	first=$output
	run -0 cop-report --pseudonymize --salt s3cret "$SMALL"
	assert_equal "$output" "$first"
	! printf '%s\n' "$output" | grep -qw 'ann\|bob\|cat\|dan\|eve\|fay'
	printf '%s\n' "$output" | grep -q '^  - Moved inward (1): anon-[0-9a-z]\{8\} (active → core)$'
	# The figures are those of the plain report: only the names differ.
	figures() {
		sed -n '/^  Events /p;/^  Active members /p;/^As of/p;/^Events per week/,/^Venue/p'
	}
	assert_equal "$(printf '%s\n' "$output" | figures)" "$(figures < "$DATA/report-small.txt")"
	run -0 cop-report -a -S other "$SMALL"
	[ "$output" != "$first" ]
}

@test "without -S, -a takes the salt from COP_REPORT_SALT; -S comes first" {
	run -0 cop-report -a -S s3cret "$SMALL"
	want=$output
	run -0 env COP_REPORT_SALT=s3cret cop-report -a "$SMALL"
	assert_output "$want"
	run -0 env COP_REPORT_SALT=other cop-report -a -S s3cret "$SMALL"
	assert_output "$want"
	# Without -a the variable is not a salt of anything: no pseudonyms.
	run -0 env COP_REPORT_SALT=s3cret cop-report "$SMALL"
	assert_output "$(cat "$DATA/report-small.txt")"
}

@test "weekly-report.sh with a salt file: pseudonyms in the HTML, the salt on no command line" {
	out="$BATS_TEST_TMPDIR/web"
	printf 's3cret\n' >"$BATS_TEST_TMPDIR/salt"
	# A cop-report first on PATH that records its arguments, then runs ours.
	mkdir "$BATS_TEST_TMPDIR/bin"
	printf '#!/bin/sh\necho "$*" >>"%s/args"\nexec "%s/bin/cop-report" "$@"\n' \
	    "$BATS_TEST_TMPDIR" "$TOP" >"$BATS_TEST_TMPDIR/bin/cop-report"
	chmod +x "$BATS_TEST_TMPDIR/bin/cop-report"
	sed "s|^PATH=.*|PATH=\"$BATS_TEST_TMPDIR/bin:\$top/bin:\$PATH\"|" "$TOP/examples/weekly-report.sh" \
	    >"$BATS_TEST_TMPDIR/weekly.sh"
	run -0 --separate-stderr env COP_REPORT_WEEK=2025-W39 COP_REPORT_DIR="$out" \
	    COP_REPORT_SALT_FILE="$BATS_TEST_TMPDIR/salt" sh "$BATS_TEST_TMPDIR/weekly.sh" \
	    "$TOP/examples/community.tsv" "$TOP/examples/members.tsv"
	assert_equal "$(grep -c -- ' -a ' "$BATS_TEST_TMPDIR/args")" 1
	! grep -q s3cret "$BATS_TEST_TMPDIR/args"
	cop-report -T html -p 2025-W39 -z UTC -M "$TOP/examples/members.tsv" -a -S s3cret \
	    "$TOP/examples/community.tsv" 2>/dev/null | cmp - "$out/2025-W39.html"
}

@test "a pseudonym is the HMAC-SHA-256 of the name under the salt" {
	command -v python3 >/dev/null || skip "no python3"
	want=$(python3 -c 'import hmac, hashlib
d = hmac.new(b"s3cret", b"bob", hashlib.sha256).digest()
v = int.from_bytes(d[:5], "big")
print("anon-" + "".join("0123456789abcdefghjkmnpqrstvwxyz"[(v >> (35 - 5 * i)) & 31] for i in range(8)))')
	run -0 cop-report -a -S s3cret "$SMALL"
	printf '%s\n' "$output" | grep -q "^  - Moved inward (1): $want (active → core)$"
}

@test "the same input gives the same bytes, whatever TZ and locale" {
	a=$(cop-report -T html "$SMALL" | cksum)
	b=$(TZ=Pacific/Kiritimati LC_ALL=C.UTF-8 cop-report -T html "$SMALL" | cksum)
	c=$(TZ=America/St_Johns cop-report -T html "$SMALL" | cksum)
	assert_equal "$b" "$a"
	assert_equal "$c" "$a"
}

@test "SOURCE_DATE_EPOCH dates the report; a bad one is a usage error" {
	run -0 env SOURCE_DATE_EPOCH=1741564800 cop-report "$SMALL"
	assert_equal "${lines[${#lines[@]} - 3]}" \
	    "Made by cop-report 0.1.0 on 2025-03-10 from 62 events (2024-12-31 to"
	run -2 --separate-stderr env SOURCE_DATE_EPOCH=soon cop-report "$SMALL"
	assert_stderr "cop-report: SOURCE_DATE_EPOCH: \"soon\" is not a number of seconds since 1970"
}

@test "a community column gives a portfolio first, then a section per community" {
	# guild: the small community; tiny: one post by zed in W10, a single
	# period: no trend (steady) and stage potential; its one member makes
	# all of it, which cop-patterns calls solopreneur.
	{ head -1 "$SMALL" | sed 's/$/\tcommunity/'
	  tail -n +2 "$SMALL" | sed 's/$/\tguild/'
	  printf '2025-03-05\tzed\tpost\t\t\t\ttiny\n'; } > "$BATS_TEST_TMPDIR/two.tsv"
	run -0 cop-report "$BATS_TEST_TMPDIR/two.tsv"
	assert_equal "${lines[0]}" "Portfolio report, week 2025-W10"
	assert_equal "$(printf '%s\n' "$output" | sed -n '/^Portfolio$/,/^$/p')" \
"Portfolio
---------
  community  events      change  members  trend      stage       failures
  guild           6  +3 (+100%)        4  declining  coalescing  none
  tiny            1          +1        1  steady     potential   solopreneur"
	printf '%s\n' "$output" | grep -qx 'guild'
	printf '%s\n' "$output" | grep -qx 'tiny'
	# tiny's one week has nothing to compare with: no figures of 0 weeks.
	printf '%s\n' "$output" | grep -qx 'Lifecycle: potential, trend steady: too young for a trend; 1 of 1 weeks active'
	assert_equal "$(printf '%s\n' "$output" | max_width)" 80
}

@test "-M leaves bots out and says so" {
	tsv 'member|role' 'dan|bot' > "$BATS_TEST_TMPDIR/m.tsv"
	run -0 --separate-stderr cop-report -M "$BATS_TEST_TMPDIR/m.tsv" "$SMALL"
	assert_stderr "cop-report: note: 18 rows by 1 bot left out of the figures"
	printf '%s\n' "$output" | tr '\n' ' ' | grep -q '; 18 rows by 1 bot left out\.'
}

@test "-f maps columns, -k skips bad rows, -B and -E select rows, -z names the zone" {
	sed '1s/member/who/' "$SMALL" > "$BATS_TEST_TMPDIR/who.tsv"
	run -0 cop-report -f member=who "$BATS_TEST_TMPDIR/who.tsv"
	assert_output "$(cat "$DATA/report-small.txt")"
	{ cat "$SMALL"; printf 'never\tzoe\tpost\t\t\t\n'; } > "$BATS_TEST_TMPDIR/bad.tsv"
	run -0 --separate-stderr cop-report -k "$BATS_TEST_TMPDIR/bad.tsv"
	assert_output "$(cat "$DATA/report-small.txt")"
	assert_stderr "cop-report: $BATS_TEST_TMPDIR/bad.tsv:65: time: cannot parse \"never\"
cop-report: skipped 1 bad row (-k)"
	# Until W10's end: the latest event is then in W10, the default W09.
	run -0 cop-report -E 2025-03-10 "$SMALL"
	assert_equal "${lines[0]}" "Community report, week 2025-W09"
	run -0 cop-report -B 2025-03-01 -p 2025-W10 "$SMALL"
	assert_equal "$(printf '%s\n' "$output" | sed -n 9p)" \
	    "  Active members         4         0      +4                 -"
	run -0 cop-report -z Europe/Paris "$SMALL"
	assert_equal "${lines[2]}" "3–9 March 2025, days cut in Europe/Paris."
}

@test "escape codes only on a terminal, and never with NO_COLOR" {
	command -v script >/dev/null || skip "no script(1)"
	run -0 script -qec "cop-report '$SMALL'" /dev/null
	printf '%s\n' "$output" | grep -q $'\033\\[1mHeadline\033\\[0m'
	run -0 env NO_COLOR=1 script -qec "cop-report '$SMALL'" /dev/null
	! printf '%s\n' "$output" | grep -q $'\033'
}

@test "-h prints the usage, -V the version" {
	run -0 cop-report -h
	assert_equal "${lines[0]}" "usage: cop-report [-a] [-T FORMAT] [-p PERIOD] [-g GRAIN] [-n PERIODS] [-o FILE]"
	run -0 cop-report --version
	assert_output "cop-report (coptools) 0.1.0"
}

@test "bad options are usage errors that say what was allowed" {
	run -2 --separate-stderr cop-report -T pdf "$SMALL"
	assert_equal "${stderr_lines[0]}" 'cop-report: -T: unknown format "pdf" (text, md or html)'
	run -2 --separate-stderr cop-report -g day "$SMALL"
	assert_equal "${stderr_lines[0]}" 'cop-report: -g: unknown grain "day" (week or month)'
	run -2 --separate-stderr cop-report -p 2025-W60 "$SMALL"
	assert_equal "${stderr_lines[0]}" 'cop-report: -p: cannot parse "2025-W60" (a week such as 2025-W10 or a month such as 2025-03)'
	run -2 --separate-stderr cop-report -p 2025-03-01 "$SMALL"
	assert_equal "${stderr_lines[0]}" 'cop-report: -p: cannot parse "2025-03-01" (a week such as 2025-W10 or a month such as 2025-03)'
	run -2 --separate-stderr cop-report -g week -p 2025-03 "$SMALL"
	assert_equal "${stderr_lines[0]}" 'cop-report: -p 2025-03 is a month, but -g says week'
	run -2 --separate-stderr cop-report -a "$SMALL"
	assert_equal "${stderr_lines[0]}" 'cop-report: -a needs a secret: give it with -S SALT or in COP_REPORT_SALT'
	run -2 --separate-stderr env COP_REPORT_SALT= cop-report -a "$SMALL"
	assert_equal "${stderr_lines[0]}" 'cop-report: COP_REPORT_SALT: the salt is empty'
	run -2 --separate-stderr cop-report -S x "$SMALL"
	assert_equal "${stderr_lines[0]}" 'cop-report: -S is only for -a (pseudonyms)'
	run -2 --separate-stderr cop-report -a -S '' "$SMALL"
	assert_equal "${stderr_lines[0]}" 'cop-report: -S: the salt is empty'
	run -2 --separate-stderr cop-report -n 1 "$SMALL"
	assert_equal "${stderr_lines[0]}" 'cop-report: -n: 1 is out of range (2 to 520)'
	run -2 --separate-stderr cop-report -w 0 "$SMALL"
	assert_equal "${stderr_lines[0]}" 'cop-report: -w: 0 is out of range (1 to 5200)'
	run -2 --separate-stderr cop-report -x "$SMALL"
	assert_equal "${stderr_lines[0]}" "cop-report: invalid option -- 'x'"
}

@test "a missing required column is a usage error naming the columns found" {
	run -2 --separate-stderr cop-report <(tsv 'time|who' '2025-03-04|ann')
	[[ "$stderr" == *'no column "member"'* ]]
}

@test "the example community's report fits 80 columns in every section" {
	run -0 cop-report -M "$TOP/examples/members.tsv" "$TOP/examples/community.tsv"
	assert_equal "$(printf '%s\n' "$output" | max_width)" 80
	run -0 cop-report -T html -M "$TOP/examples/members.tsv" "$TOP/examples/community.tsv"
	assert_equal "$(printf '%s\n' "$output" | grep -c '<svg')" 3
}

@test "examples/weekly-report.sh writes the text and the HTML report of last week" {
	out="$BATS_TEST_TMPDIR/web"
	mkdir "$out"
	run -0 --separate-stderr env COP_REPORT_WEEK=2025-W39 COP_REPORT_DIR="$out" \
	    sh "$TOP/examples/weekly-report.sh"
	assert_equal "${lines[0]}" "Community report, week 2025-W39"
	assert_equal "$(ls "$out")" "2025-W39.html"
	grep -q '<svg' "$out/2025-W39.html"
}

@test "on a real log the levels are those of cop-classify -s --as-of the week's end" {
	need_shared
	# The Node.js TSC minutes: meetings every other week, silent weeks
	# between; the report's counts against cop-classify's own table.
	log="$SHARED/nodejs-tsc-meetings.tsv"
	for week in 2026-W18:2026-05-03 2025-W10:2025-03-09 2019-W40:2019-10-06; do
		p=${week%%:*} day=${week##*:}
		want=$(cop-classify -s -a "${day}T23:59:59Z" "$log" | cut -f2 |
		    awk '{ n[$1]++ } END { printf "%d core, %d active, %d peripheral",
		        n["core"], n["active"], n["peripheral"] }')
		run -0 cop-report -p "$p" "$log"
		printf '%s\n' "$output" | tr '\n' ' ' | grep -q "weeks: $want ("
	done
}

# period_end PERIOD: the last day of a week YYYY-Www or a month YYYY-MM
# (GNU date; 4 January is in week 1).
period_end() {
	local y w jan4
	case $1 in
	*-W*)
		y=${1%%-W*} w=${1##*-W}
		jan4=$(date -ud "$y-01-04" +%u)
		date -ud "$y-01-04 +$(((10#$w - 1) * 7 + 7 - jan4)) days" +%F ;;
	*)	date -ud "$1-01 +1 month -1 day" +%F ;;
	esac
}

# traced LOG PERIOD [OPTION ...]: the Markdown report of PERIOD on LOG,
# section by section, against the -s tables its man page names, each
# run as of the end of the period (-a, or -E the day after).
traced() {
	local log=$1 p=$2 g=week end prev lw pw plw want
	shift 2
	case $p in *-W*) ;; *) g=month ;; esac
	end=$(period_end "$p")
	rep=$(cop-report -T md -p "$p" "$@" "$log")
	# The headline: this period, the last, the mean of the 4 before.
	prev=$(printf '%s\n' "$rep" | awk -F ' [|] ' '/^[|]  [|] / { print $3; exit }')
	want=$(cop-rhythm -s -g $g -a "${end}T23:59:59Z" "$@" "$log" |
	    awk -F '\t' -v p="$p" -v q="$prev" '
	    NR > 1 { n++; for (i = 2; i <= 6; i++) v[n, i] = $i; at[$1] = n }
	    END {
		split("Events|Active members|Newcomers|Returning|Departed", name, "|")
		for (i = 2; i <= 6; i++) {
			k = at[p]; s = 0; c = 0
			for (x = k - 4; x < k; x++)
				if (x >= 1) { s += v[x, i]; c++ }
			printf "%s %d %d %s\n", name[i - 1], v[k, i], v[at[q], i],
			    c ? sprintf("%.1f", s / c) : "-"
		}
	    }')
	assert_equal "$(printf '%s\n' "$rep" | awk -F ' *[|] *' '
	    /^[|] (Events|Active members|Newcomers|Returning|Departed) [|]/ { print $2, $3, $4, $6 }')" \
	    "$want"
	# The levels: cop-classify -s at the end of the level week.
	lw=$(printf '%s\n' "$rep" | sed -n 's/^As of \([^,]*\), .*/\1/p')
	# ... which is the last ISO week that ends within the period.
	[ $(($(date -ud "$end" +%s) - $(date -ud "$(period_end "$lw")" +%s))) -lt $((7 * 86400)) ]
	[[ ! $(period_end "$lw") > $end ]]
	want=$(cop-classify -s -a "$(period_end "$lw")T23:59:59Z" "$@" "$log" | awk -F '\t' '
	    NR > 1 { n[$2]++ }
	    END { printf "%d core, %d active, %d peripheral", n["core"], n["active"], n["peripheral"] }')
	[[ $rep == *"over a window of 12 weeks: $want ("* ]]
	# The movements: cop-classify -s at the level week before and now.
	pw=$(printf '%s\n' "$rep" | sed -n 's/^Members by level in \([^ ]*\) (rows).*/\1/p')
	plw=$(cop-report -T md -p "$pw" "$@" "$log" | sed -n 's/^As of \([^,]*\), .*/\1/p')
	want=$(join -t "$(printf '\t')" -a 1 -a 2 -e inactive -o 0,1.2,2.2 \
	    <(cop-classify -s -a "$(period_end "$plw")T23:59:59Z" "$@" "$log" | tail -n +2 | cut -f 1,2 | sort) \
	    <(cop-classify -s -a "$(period_end "$lw")T23:59:59Z" "$@" "$log" | tail -n +2 | cut -f 1,2 | sort) |
	    awk -F '\t' '
	    BEGIN { r["inactive"] = 0; r["peripheral"] = 1; r["active"] = 2; r["core"] = 3 }
	    r[$2] != r[$3] {
		a = r[$2]; b = r[$3]
		n[a == 0 ? "Arrived in the window" : b == 0 ? "Left the window" : b > a ? "Moved inward" : "Moved outward"]++
	    }
	    END {
		printf "Moved inward %d\nMoved outward %d\n", n["Moved inward"], n["Moved outward"]
		printf "Arrived in the window %d\nLeft the window %d\n", n["Arrived in the window"], n["Left the window"]
	    }')
	assert_equal "$(printf '%s\n' "$rep" | sed -n 's/^- \([A-Z][a-z ]*\) (\([0-9]*\)):.*/\1 \2/p')" "$want"
	# The lifecycle: cop-rhythm -l.
	want=$(cop-rhythm -l -g $g -a "${end}T23:59:59Z" "$@" "$log" | awk -F '\t' 'NR == 2 {
	    printf "Lifecycle: **%s**, trend **%s**: %d events by %d members in the last %d %ss against %d by %d in the %d before",
	    $1, $2, $4, $6, $9, "'$g'", $5, $7, $9 }')
	[[ $rep == *"$want"* ]]
	# The venues: cop-rhythm -c, the busiest 10.
	want=$(cop-rhythm -c -g $g -a "${end}T23:59:59Z" "$@" "$log" |
	    awk -F '\t' 'NR > 1 { print $1, $2, $5, $11, $8, $7 }' | sort -k 2,2nr -k 1,1 | head -n 10)
	assert_equal "$(printf '%s\n' "$rep" | awk -F ' *[|] *' '
	    /^[|] venue [|]/ { on = 1; getline; next }
	    on && /^[|]/ { gsub(/\\/, "", $2); print $2, $3, $4, $5, $6, $7; next }
	    on { exit }')" "$want"
	# The patterns: cop-patterns -s -E the day after.
	want=$(cop-patterns -s -E "$(date -ud "$end +1 day" +%F)" "$@" "$log" |
	    awk -F '\t' 'NR > 1 { print $1, $3 }' | sort)
	assert_equal "$(printf '%s\n' "$rep" | sed -n '
	    s/^- \*\*\([a-z-]*\)\*\* (\(failure\|success\), strength.*/\1 present/p
	    s/^- \*\*\([a-z-]*\)\*\*: .*/\1 unknown/p
	    /^Absent: /{ s/^Absent: //; s/\.$//; s/, /\n/g; s/\n/ absent\n/g; s/$/ absent/p; }' | sort)" "$want"
	# The success factors: cop-patterns -F -E the day after.
	want=$(cop-patterns -F -E "$(date -ud "$end +1 day" +%F)" "$@" "$log" |
	    awk -F '\t' 'NR > 1 { print $1, $2 }')
	assert_equal "$(printf '%s\n' "$rep" |
	    sed -n 's/^- \[.\] \*\*\([a-z-]*\)\*\* (\([a-z]*\)):.*/\1 \2/p')" "$want"
}

@test "on a real log every figure is that of an earlier stage's table: weeks and months" {
	need_shared
	traced "$SHARED/nodejs-tsc-meetings.tsv" 2019-W40 -M "$SHARED/nodejs-tsc-members.tsv"
	traced "$SHARED/nodejs-tsc-meetings.tsv" 2024-02 -M "$SHARED/nodejs-tsc-members.tsv"
}

@test "on a real log with replies (git, unsorted) every figure, recognition too, is traced" {
	need_shared
	log="$SHARED/git-git.tsv"
	traced "$log" 2021-W01
	# Replies to others in the week, from the stream's period column
	# (cop-rhythm): replies to someone else, reactions and joins excepted;
	# the top five, most first, ties by name.
	want=$(cop-rhythm -E 2021-01-11 "$log" | awk -F '\t' '
	    NR > 1 && $7 == "2021-W01" && $6 != "" && $6 != $2 && $3 != "react" &&
	    $3 != "join" && $3 != "leave" {
		n[$2]++
		if (!(($2 SUBSEP $6) in seen)) { seen[$2 SUBSEP $6] = 1; k[$2]++ }
	    }
	    END { for (m in n) printf "%d\t%s\t%d\n", n[m], m, k[m] }' |
	    sort -t "$(printf '\t')" -k 1,1nr -k 2,2 | head -n 5 | awk -F '\t' '
	    { printf "%s%s %d (to %d %s)", (NR > 1 ? ", " : ""), $2, $1, $3, ($3 == 1 ? "member" : "members") }')
	[[ $rep == *"- Most replies to others: $want and "*" more"* ]]
}

@test "under -a no member's handle is left, not even in the patterns' evidence" {
	run -0 --separate-stderr cop-report -a -S s3cret -M "$TOP/examples/members.tsv" \
	    "$TOP/examples/community.tsv"
	printf '%s\n' "$output" | grep -q '^  - band-of-brothers (success, strength'
	tail -n +2 "$TOP/examples/members.tsv" | cut -f1,5 | tr '\t,' '\n\n' | sed '/^$/d' |
	while IFS= read -r name; do
		! printf '%s\n' "$output" | grep -qF -- "$name" ||
		    { echo "left: $name"; false; }
	done
}

# A bad `level` in a labelled stream under -k: reported and counted once,
# whether the period is chosen from the data (the row is put aside while
# W10 is the latest week, and counted when W11's row moves the period on)
# or given with -p.
@test "-k: a bad level is reported once, with or without -p" {
	tsv 'time|member|level' '2025-03-03T10:00:00Z|ann|core' '2025-03-04T10:00:00Z|bob|bogus' \
	    '2025-03-11T10:00:00Z|ann|core' > "$BATS_TEST_TMPDIR/in.tsv"
	for p in "" "-p 2025-W10"; do
		run -0 --separate-stderr cop-report -k $p "$BATS_TEST_TMPDIR/in.tsv"
		assert_stderr "cop-report: $BATS_TEST_TMPDIR/in.tsv:3: level: cannot parse \"bogus\"
cop-report: skipped 1 bad row (-k)"
	done
}

# Without -p the report reads its input once: rows past the period so far
# (the latest event's) are put aside with their line numbers, and counted
# when a later event moves the period on. Here the latest event is in W12,
# so the period is W11. Line 3 (W11, bad level) waits in the first file
# until line 2 of the second (W12) moves the period to W11; line 4 of the
# second file (W10, bad level) is counted as it is read. Each message
# names its own file and line, in that order. Lines 2 and 3 of the second
# file (W12) are past the period, left out: line 3's level is never read.
@test "rows put aside are reported under their own file and line" {
	tsv 'time|member|level' '2025-03-03T10:00:00Z|ann|core' '2025-03-10T10:00:00Z|bob|bogus' \
	    > "$BATS_TEST_TMPDIR/a.tsv"
	tsv 'time|member|level' '2025-03-17T10:00:00Z|ann|core' '2025-03-18T10:00:00Z|cat|odd' \
	    '2025-03-04T10:00:00Z|dan|weird' > "$BATS_TEST_TMPDIR/b.tsv"
	run -0 --separate-stderr cop-report -k "$BATS_TEST_TMPDIR/a.tsv" "$BATS_TEST_TMPDIR/b.tsv"
	assert_stderr "cop-report: $BATS_TEST_TMPDIR/a.tsv:3: level: cannot parse \"bogus\"
cop-report: $BATS_TEST_TMPDIR/b.tsv:4: level: cannot parse \"weird\"
cop-report: skipped 2 bad rows (-k)"
	[[ "$output" == "Community report, week 2025-W11"* ]]
	[[ "$(printf '%s' "$output" | tr '\n' ' ')" == *"from 3 events (2025-03-03 to 2025-03-10); 2 later events left out"* ]]
	run -1 --separate-stderr cop-report "$BATS_TEST_TMPDIR/a.tsv" "$BATS_TEST_TMPDIR/b.tsv"
	assert_stderr "cop-report: $BATS_TEST_TMPDIR/a.tsv:3: level: cannot parse \"bogus\""
}

# COP_REPORT_ASIDE bounds the rows put aside (tests only). Out of room,
# the report finds the latest event, then reads the input again as with
# -p: with no room at all from the first row, and with room for a few
# rows after part of the log was counted (its counts are dropped). Both
# give the same report as one pass, from a file and from a pipe, shuffled.
@test "rows put aside past their room: the input is read again, same report" {
	need_shared
	f=$SHARED/nodejs-tsc-meetings.tsv
	{ head -n 1 "$f"; tail -n +2 "$f" | awk 'NR % 2' ; tail -n +2 "$f" | awk '!(NR % 2)'; } \
	    > "$BATS_TEST_TMPDIR/mixed.tsv"
	for in in "$f" "$BATS_TEST_TMPDIR/mixed.tsv"; do
		one=$(cop-report -T md "$in")
		[[ "$one" == *"Community report"* ]]
		for room in 0 1 3000; do
			run -0 --separate-stderr env COP_REPORT_ASIDE=$room cop-report -T md "$in"
			assert_equal "$output" "$one"
			run -0 --separate-stderr sh -c "cat '$in' | COP_REPORT_ASIDE=$room cop-report -T md"
			assert_equal "$output" "$one"
		done
	done
	run -2 --separate-stderr env COP_REPORT_ASIDE=lots cop-report "$f"
	[[ "$stderr" == "cop-report: COP_REPORT_ASIDE: "* ]]
}
