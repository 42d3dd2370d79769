#!/usr/bin/env bats
# Nothing lost (issue 9), on the real logs of ../shared/data: a stream
# stage passes every input column through byte for byte and every row,
# whatever the data (unsorted, Unicode, bots); and -k skips exactly the
# bad rows, naming each by its line, and counts them.

load helper

# The stream forms of test/forms, each as a line: PROGRAM [OPTION ...].
mapfile -t STREAMS < <(sed -n 's/^stream //p' "$BATS_TEST_DIRNAME/forms")
mapfile -t FORMS < <(grep -v '^#' "$BATS_TEST_DIRNAME/forms" | cut -d' ' -f2-)

# kept LOG [OPTION ...]: every stream form, run on LOG, gives back LOG as
# its first columns, byte for byte, row for row.
kept() {
	local log="$1" form n out="$BATS_TEST_TMPDIR/out"
	shift
	n=$(head -n 1 "$log" | awk -F '\t' '{ print NF }')
	for form in "${STREAMS[@]}"; do
		read -ra cmd <<<"$form"
		echo "# $form $* $log"
		"${cmd[@]}" "$@" "$log" >"$out"
		assert_equal "$(wc -l <"$out")" "$(wc -l <"$log")"
		cut -f "1-$n" "$out" | cmp - "$log"
	done
}

@test "Node.js TSC minutes (dated, sorted): every stream keeps every byte and row" {
	need_shared
	kept "$SHARED/nodejs-tsc-meetings.tsv"
	kept "$SHARED/nodejs-tsc-meetings.tsv" -M "$SHARED/nodejs-tsc-members.tsv"
}

@test "OpenJS CPC minutes: every stream keeps every byte and row" {
	need_shared
	kept "$SHARED/openjs-cpc-meetings.tsv" -M "$SHARED/openjs-cpc-members.tsv"
}

@test "git history (unsorted, Unicode names, bots): every stream keeps every byte and row" {
	need_shared
	kept "$SHARED/git-git.tsv"
}

@test "Fluid IRC (276,000 rows, bots in the directory): every stream keeps every byte and row" {
	need_shared
	kept "$SHARED/fluid-irc.tsv" -M "$SHARED/fluid-irc-members.tsv"
}

@test "a stream from a pipe (spooled for its second pass) keeps every byte and row" {
	need_shared
	local form out="$BATS_TEST_TMPDIR/out" log="$SHARED/git-git.tsv"
	for form in "${STREAMS[@]}"; do
		read -ra cmd <<<"$form"
		echo "# $form"
		cat "$log" | "${cmd[@]}" >"$out"
		assert_equal "$(wc -l <"$out")" "$(wc -l <"$log")"
		cut -f 1-6 "$out" | cmp - "$log"
	done
}

# The git log with three kinds of bad row at known lines: a time that is
# not one (every 997th line), an empty member (every 1009th) and a 7th
# field (every 1013th). These are primes with no common multiple below
# the log's 92,795 lines, so no line is hit twice; line 1 is the header.
# Writes bad.tsv, good.tsv (the rows that are not bad) and the messages
# -k owes, less the program name, to want.
corrupt() {
	awk -F '\t' -v OFS='\t' -v bad="$BATS_TEST_TMPDIR/bad.tsv" \
	    -v good="$BATS_TEST_TMPDIR/good.tsv" -v want="$BATS_TEST_TMPDIR/want" '
	function msg(s) { printf "%s:%d: %s\n", bad, NR, s > want; nbad++ }
	NR > 1 && NR % 997 == 0 { $1 = "bad"; msg("time: cannot parse \"bad\"") }
	NR > 1 && NR % 1009 == 0 { $2 = ""; msg("member: empty") }
	NR > 1 && NR % 1013 == 0 { $0 = $0 OFS "x"; msg("7 fields where the header has 6") }
	{ print > bad }
	NR == 1 || !(NR % 997 == 0 || NR % 1009 == 0 || NR % 1013 == 0) { print > good }
	END { printf "skipped %d bad rows (-k)\n", nbad > want }
	' "$SHARED/git-git.tsv"
}

# A stream stage's pass two reads pass one's note of each row (kept in
# TMPDIR past 64 KiB) and parses again only the rows it must look at; with
# no TMPDIR to keep the notes in, or no room there (a 1 MB file size
# limit), it parses every row. All give the same bytes: on the Fluid log
# with its bots, on the git log with bad rows under -k, and as of a date,
# after which rows pass through with "-".
@test "every stream gives the same rows from pass one's notes as from every row parsed" {
	need_shared
	corrupt
	local t=$BATS_TEST_TMPDIR form args
	for form in "${STREAMS[@]}"; do
		read -ra cmd <<<"$form"
		for args in "-M $SHARED/fluid-irc-members.tsv $SHARED/fluid-irc.tsv" "-k $t/bad.tsv" \
		    "-a 2018-06-01 $SHARED/fluid-irc.tsv"; do
			[ "${cmd[0]}" != cop-patterns ] || [ "${args#-a}" = "$args" ] || continue
			echo "# $form $args"
			# shellcheck disable=SC2086
			"${cmd[@]}" $args >"$t/noted" 2>"$t/noted.err"
			# shellcheck disable=SC2086
			TMPDIR="$t/none" "${cmd[@]}" $args >"$t/parsed" 2>"$t/parsed.err"
			cmp "$t/noted" "$t/parsed"
			cmp "$t/noted.err" "$t/parsed.err"
			# shellcheck disable=SC2086
			(trap '' XFSZ; ulimit -f 1000; "${cmd[@]}" $args 2>&1 >&3 | cat >"$t/full.err") 3>&1 |
			    cat >"$t/full"
			cmp "$t/noted" "$t/full"
			cmp "$t/noted.err" "$t/full.err"
			[ "$(wc -l <"$t/noted")" -gt 90000 ]
		done
	done
}

@test "-k on the git log: exactly the bad rows are skipped, each named by its line, and counted" {
	need_shared
	corrupt
	# 93 + 91 + 91 bad rows: the multiples of 997, 1009 and 1013 up to 92,795.
	assert_equal "$(tail -n 1 "$BATS_TEST_TMPDIR/want")" "skipped 275 bad rows (-k)"
	local form out="$BATS_TEST_TMPDIR/out"
	for form in "${FORMS[@]}"; do
		read -ra cmd <<<"$form"
		echo "# $form"
		"${cmd[@]}" -k "$BATS_TEST_TMPDIR/bad.tsv" >"$out" 2>"$BATS_TEST_TMPDIR/err"
		sed "s/^/${cmd[0]}: /" "$BATS_TEST_TMPDIR/want" | cmp - "$BATS_TEST_TMPDIR/err"
		if [[ " ${STREAMS[*]} " == *" $form "* ]]; then
			assert_equal "$(wc -l <"$out")" "$(wc -l <"$BATS_TEST_TMPDIR/good.tsv")"
			cut -f 1-6 "$out" | cmp - "$BATS_TEST_TMPDIR/good.tsv"
		fi
	done
}
