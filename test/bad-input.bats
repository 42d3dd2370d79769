#!/usr/bin/env bats
# The bad-input matrix (issue 9): every program that reads the event
# stream, in each of its forms, against every kind of nasty input. Each
# test states the deliberate behaviour (coptools(7), cop-events(5)) and
# checks exit status, the exact message (file, line, column) and stdout.
# Behaviour that differs between kinds of output is checked per kind.

load helper

# The program forms, from test/forms: KIND PROGRAM [OPTION ...].
mapfile -t FORMS < <(grep -v '^#' "$BATS_TEST_DIRNAME/forms")

# each FUNCTION: call FUNCTION once per form, with $kind, $prog and the
# command line in the array cmd. The form is echoed first, so a failing
# test shows which form it failed on. A long list of values that all go
# to one library function is tried in full on the first form only ($first
# is 1 there), where the other forms try the first value: the suite stays fast.
each() {
	local form
	first=1
	for form in "${FORMS[@]}"; do
		read -ra cmd <<<"$form"
		kind=${cmd[0]}
		cmd=("${cmd[@]:1}")
		prog=${cmd[0]}
		echo "# form: $form"
		"$1"
		first=0
	done
}

# each_program FUNCTION: as each, but on the first form of each program
# only: for the costly inputs (16 MB lines, 100,000 columns) and the long
# lists of values, whose path through a program does not depend on its form.
each_program() {
	local form seen=" "
	first=1
	for form in "${FORMS[@]}"; do
		read -ra cmd <<<"$form"
		kind=${cmd[0]}
		cmd=("${cmd[@]:1}")
		prog=${cmd[0]}
		[[ $seen == *" $prog "* ]] && continue
		seen="$seen$prog "
		echo "# form: $form"
		"$1"
		first=0
	done
}

# values V...: print the values to try on this form, one a line.
values() {
	if [ "$first" = 1 ]; then printf '%s\n' "$@"; else printf '%s\n' "$1"; fi
}

# put FILE LINE...: write the lines, each "|" a TAB, to FILE.
put() {
	local f="$BATS_TEST_TMPDIR/$1"
	shift
	tsv "$@" >"$f"
}

# The first N columns of the program's stdout file OUT are the input IN,
# byte for byte (IN ends in LF, has no CR).
passes_through() {
	cut -f "1-$3" "$2" | cmp - "$1"
}

# Expectations shared by the tests below.

no_output_on_error() {
	assert_output ""
}

# A table of input without events: its header alone, or rows that each
# say there is nothing to judge (cop-patterns' unknown verdicts).
no_rows() {
	[ "${#lines[@]}" -gt 1 ] || return 0
	! printf '%s\n' "${lines[@]:1}" | grep -vE "$(printf '\tno events to judge(\t-)?$')"
}

# --- empty and header-only input

@test "an empty file: exit 0, no message; a stream prints nothing, a table no rows, a report says so" {
	f="$BATS_TEST_TMPDIR/empty.tsv"
	: >"$f"
	check() {
		run -0 --separate-stderr "${cmd[@]}" "$f"
		assert_stderr ""
		case $kind in
		stream) assert_output "" ;;
		table) no_rows ;;
		report) [[ $output == *"No events in the input: nothing to report."* ]] ;;
		esac
	}
	each check
}

@test "a header alone: a stream prints it with its columns appended, a table no rows, a report says so" {
	put hdr.tsv 'time|member|x'
	check() {
		run -0 --separate-stderr "${cmd[@]}" "$BATS_TEST_TMPDIR/hdr.tsv"
		assert_stderr ""
		case $kind in
		stream)
			assert_line_count 1
			[[ ${lines[0]} == "$(printf 'time\tmember\tx\t')"?* ]] ;;
		table) no_rows ;;
		report) [[ $output == *"No events in the input: nothing to report."* ]] ;;
		esac
	}
	each check
}

@test "standard input, as no operand or as -, reads like a file" {
	put ok.tsv 'time|member' '2024-01-01|ann' '2024-01-09|bob'
	check() {
		run -0 "${cmd[@]}" "$BATS_TEST_TMPDIR/ok.tsv"
		local want="$output"
		run -0 "${cmd[@]}" <"$BATS_TEST_TMPDIR/ok.tsv"
		assert_output "$want"
		run -0 "${cmd[@]}" - <"$BATS_TEST_TMPDIR/ok.tsv"
		assert_output "$want"
		run -0 bash -c '"$@" < "$0"' "$BATS_TEST_TMPDIR/ok.tsv" "${cmd[@]}"
		assert_output "$want"
	}
	each check
}

# --- the header

@test "no header (a data row first): exit 2, listing the columns found" {
	put nohdr.tsv '2024-01-01|ann'
	f="$BATS_TEST_TMPDIR/nohdr.tsv"
	check() {
		run -2 --separate-stderr "${cmd[@]}" "$f"
		no_output_on_error
		assert_stderr <<-EOF
		$prog: $f: no column "time" (columns found: "2024-01-01", "ann")
		EOF
	}
	each check
}

@test "a required column missing: exit 2, naming it and listing the columns found" {
	put nomember.tsv 'time|name|venue' '2024-01-01|ann|x'
	f="$BATS_TEST_TMPDIR/nomember.tsv"
	check() {
		run -2 --separate-stderr "${cmd[@]}" "$f"
		no_output_on_error
		assert_stderr <<-EOF
		$prog: $f: no column "member" (columns found: "time", "name", "venue")
		EOF
	}
	each check
}

@test "a column of ours named twice: exit 1, naming both fields" {
	put dup.tsv 'time|member|member' '2024-01-01|ann|bob'
	f="$BATS_TEST_TMPDIR/dup.tsv"
	check() {
		run -1 --separate-stderr "${cmd[@]}" "$f"
		no_output_on_error
		assert_stderr "$prog: $f:1: member: the header names this column twice (fields 2 and 3)"
	}
	each check
}

@test "a column not ours named twice passes through" {
	put dupx.tsv 'time|member|x|x' '2024-01-01|ann|1|2'
	check() {
		run -0 --separate-stderr "${cmd[@]}" "$BATS_TEST_TMPDIR/dupx.tsv"
		assert_stderr ""
		if [ "$kind" = stream ]; then
			"${cmd[@]}" "$BATS_TEST_TMPDIR/dupx.tsv" >"$BATS_TEST_TMPDIR/out"
			passes_through "$BATS_TEST_TMPDIR/dupx.tsv" "$BATS_TEST_TMPDIR/out" 4
		fi
	}
	each check
}

@test "files whose headers differ: exit 1, naming the second file" {
	put a.tsv 'time|member' '2024-01-01|ann'
	put b.tsv 'member|time' 'bob|2024-01-02'
	check() {
		run -1 --separate-stderr "${cmd[@]}" "$BATS_TEST_TMPDIR/a.tsv" "$BATS_TEST_TMPDIR/b.tsv"
		no_output_on_error
		assert_stderr "$prog: $BATS_TEST_TMPDIR/b.tsv:1: the header differs from that of $BATS_TEST_TMPDIR/a.tsv"
	}
	each check
}

# --- rows

@test "a row with too few fields: exit 1 at its line" {
	put few.tsv 'time|member|venue' '2024-01-01|ann|x' '2024-01-02|bob'
	f="$BATS_TEST_TMPDIR/few.tsv"
	check() {
		run -1 --separate-stderr "${cmd[@]}" "$f"
		no_output_on_error
		assert_stderr "$prog: $f:3: 2 fields where the header has 3"
	}
	each check
}

@test "a blank line is a row of one empty field: exit 1 at its line" {
	put blank.tsv 'time|member' '2024-01-01|ann' ''
	f="$BATS_TEST_TMPDIR/blank.tsv"
	check() {
		run -1 --separate-stderr "${cmd[@]}" "$f"
		no_output_on_error
		assert_stderr "$prog: $f:3: 1 field where the header has 2"
	}
	each check
}

@test "a row with too many fields: exit 1 at its line" {
	put many.tsv 'time|member' '2024-01-01|ann' '2024-01-02|bob' '2024-01-03|carl|x'
	f="$BATS_TEST_TMPDIR/many.tsv"
	check() {
		run -1 --separate-stderr "${cmd[@]}" "$f"
		no_output_on_error
		assert_stderr "$prog: $f:4: 3 fields where the header has 2"
	}
	each check
}

@test "-k skips rows with too few or too many fields, naming each and counting them" {
	put ragged.tsv 'time|member|venue' '2024-01-01|ann|x' '2024-01-02|bob' '2024-01-03|carl|x|y' \
	    '2024-01-04|dora|x'
	f="$BATS_TEST_TMPDIR/ragged.tsv"
	put fine.tsv 'time|member|venue' '2024-01-01|ann|x' '2024-01-04|dora|x'
	check() {
		run -0 "${cmd[@]}" "$BATS_TEST_TMPDIR/fine.tsv"
		local want="$output"
		run -0 --separate-stderr "${cmd[@]}" -k "$f"
		assert_output "$want"
		assert_stderr <<-EOF
		$prog: $f:3: 2 fields where the header has 3
		$prog: $f:4: 4 fields where the header has 3
		$prog: skipped 2 bad rows (-k)
		EOF
	}
	each check
}

@test "times that are not: impossible dates, 24:00, year 0, 2^63 seconds: exit 1 quoting the value" {
	check() {
		local v
		values 2024-02-30 2023-02-29 2024-01-01T24:00 0000-01-01 10000-01-01 \
		    9223372036854775808 -9223372036854775809 253402300800 2024-13-01 \
		    2024-01-01T12:00+24:00 2024-01-01T12:60 ' 2024-01-01' 2024-1-1 12:00 |
		while IFS= read -r v; do
			printf 'time\tmember\n2024-01-01\tann\n%s\tbob\n' "$v" >"$BATS_TEST_TMPDIR/t.tsv"
			run -1 --separate-stderr "${cmd[@]}" "$BATS_TEST_TMPDIR/t.tsv"
			no_output_on_error
			assert_stderr "$prog: $BATS_TEST_TMPDIR/t.tsv:3: time: cannot parse \"$v\""
		done
	}
	each_program check
}

@test "times at the edges are times: years 1 and 9999, 29 February, a leap second" {
	put edge.tsv 'time|member' '0001-01-01|ann' '9999-12-31T23:59:59Z|bob' '2024-02-29|carl' \
	    '2016-12-31T23:59:60Z|dora' '-62135596800|eve' '253402300799|finn'
	# Ten thousand years are 521,000 weeks, a row each in some tables:
	# stdout goes to a file, not into bats' $output and $lines.
	check() {
		run -0 --separate-stderr bash -c '"$@" >"$0"' "$BATS_TEST_TMPDIR/out" "${cmd[@]}" \
		    "$BATS_TEST_TMPDIR/edge.tsv"
		assert_stderr ""
		[ -s "$BATS_TEST_TMPDIR/out" ]
	}
	each check
}

@test "an empty time or member: exit 1 naming the column" {
	put notime.tsv 'time|member' '2024-01-01|ann' '|bob'
	put nomember.tsv 'time|member' '2024-01-01|ann' '2024-01-02|'
	check() {
		run -1 --separate-stderr "${cmd[@]}" "$BATS_TEST_TMPDIR/notime.tsv"
		no_output_on_error
		assert_stderr "$prog: $BATS_TEST_TMPDIR/notime.tsv:3: time: empty"
		run -1 --separate-stderr "${cmd[@]}" "$BATS_TEST_TMPDIR/nomember.tsv"
		no_output_on_error
		assert_stderr "$prog: $BATS_TEST_TMPDIR/nomember.tsv:3: member: empty"
	}
	each check
}

# --- bytes

@test "a NUL byte in a member: exit 1 showing it escaped" {
	f="$BATS_TEST_TMPDIR/nul.tsv"
	printf 'time\tmember\n2024-01-01\ta\0b\n' >"$f"
	check() {
		run -1 --separate-stderr "${cmd[@]}" "$f"
		no_output_on_error
		assert_stderr "$prog: $f:2: member: holds a NUL byte: \"a\\x00b\""
	}
	each check
}

@test "a NUL byte in the header: exit 1" {
	f="$BATS_TEST_TMPDIR/nulhdr.tsv"
	printf 'time\tmem\0ber\n2024-01-01\tann\n' >"$f"
	check() {
		run -1 --separate-stderr "${cmd[@]}" "$f"
		no_output_on_error
		assert_stderr "$prog: $f:1: the header holds a NUL byte: a UTF-16 file? convert it with iconv -f UTF-16 -t UTF-8"
	}
	each check
}

@test "a UTF-16 file: exit 1 with a hint" {
	f="$BATS_TEST_TMPDIR/utf16.tsv"
	printf 'time\tmember\n2024-01-01\tann\n' | iconv -f UTF-8 -t UTF-16 >"$f"
	check() {
		run -1 --separate-stderr "${cmd[@]}" "$f"
		no_output_on_error
		assert_stderr "$prog: $f:1: the header holds a NUL byte: a UTF-16 file? convert it with iconv -f UTF-16 -t UTF-8"
	}
	each check
}

@test "a UTF-8 byte order mark is skipped, in each file" {
	put ok.tsv 'time|member' '2024-01-01|ann' '2024-01-09|bob'
	printf '\357\273\277time\tmember\n2024-01-01\tann\n' >"$BATS_TEST_TMPDIR/bom1.tsv"
	printf '\357\273\277time\tmember\n2024-01-09\tbob\n' >"$BATS_TEST_TMPDIR/bom2.tsv"
	check() {
		run -0 "${cmd[@]}" "$BATS_TEST_TMPDIR/ok.tsv"
		local want="$output"
		run -0 --separate-stderr "${cmd[@]}" "$BATS_TEST_TMPDIR/bom1.tsv" "$BATS_TEST_TMPDIR/bom2.tsv"
		assert_stderr ""
		assert_output "$want"
	}
	each check
}

@test "a NUL byte in a column not ours passes through" {
	f="$BATS_TEST_TMPDIR/nulx.tsv"
	printf 'time\tmember\tx\n2024-01-01\tann\ta\0b\n' >"$f"
	check() {
		run -0 --separate-stderr "${cmd[@]}" "$f"
		assert_stderr ""
		if [ "$kind" = stream ]; then
			"${cmd[@]}" "$f" >"$BATS_TEST_TMPDIR/out"
			passes_through "$f" "$BATS_TEST_TMPDIR/out" 3
		fi
	}
	each check
}

@test "a 16 MB field passes through; a 16 MB time is quoted in 60 bytes" {
	f="$BATS_TEST_TMPDIR/long.tsv"
	{
		printf 'time\tmember\tx\n2024-01-01\tann\t'
		head -c 16777216 /dev/zero | tr '\0' x
		printf '\n2024-01-02\tbob\ty\n'
	} >"$f"
	g="$BATS_TEST_TMPDIR/longtime.tsv"
	{
		printf 'time\tmember\n2024-01-01\tann\n2024'
		head -c 16777216 /dev/zero | tr '\0' 1
		printf '\tbob\n'
	} >"$g"
	check() {
		"${cmd[@]}" "$f" >"$BATS_TEST_TMPDIR/out"
		if [ "$kind" = stream ]; then
			passes_through "$f" "$BATS_TEST_TMPDIR/out" 3
		fi
		run -1 --separate-stderr "${cmd[@]}" "$g"
		no_output_on_error
		assert_stderr "$prog: $g:3: time: cannot parse \"2024$(printf '1%.0s' {1..56})...\""
	}
	each_program check
}

@test "invalid UTF-8 is data: it passes through and names members as it is" {
	f="$BATS_TEST_TMPDIR/latin1.tsv"
	printf 'time\tmember\tvenue\n2024-01-01\tRen\xe9\t\xc3(\n2024-01-02\t\xff\xfe\tx\n' >"$f"
	check() {
		local more=()
		[ "$kind" != report ] || more=(-p 2024-W01)	# the week they arrive in
		"${cmd[@]}" "${more[@]}" "$f" >"$BATS_TEST_TMPDIR/out"
		case $kind in
		stream) passes_through "$f" "$BATS_TEST_TMPDIR/out" 3 ;;
		table) [ "$prog" != cop-classify ] || grep -q $'^Ren\xe9\t' "$BATS_TEST_TMPDIR/out" ;;
		report)	# a report for people shows a bad byte as U+FFFD
			grep -q $'Arrived in the window (2): Ren\xef\xbf\xbd (core), \xef\xbf\xbd\xef\xbf\xbd (core)' \
			    "$BATS_TEST_TMPDIR/out"
			! grep -q $'[\xe9\xfe\xff]' "$BATS_TEST_TMPDIR/out" ;;
		esac
	}
	each check
}

@test "CRLF line ends: a stream keeps them, appending before the CR; a table is the same as for LF" {
	put lf.tsv 'time|member' '2024-01-01|ann' '2024-01-09|bob'
	sed 's/$/\r/' "$BATS_TEST_TMPDIR/lf.tsv" >"$BATS_TEST_TMPDIR/crlf.tsv"
	check() {
		"${cmd[@]}" "$BATS_TEST_TMPDIR/lf.tsv" >"$BATS_TEST_TMPDIR/out-lf"
		"${cmd[@]}" "$BATS_TEST_TMPDIR/crlf.tsv" >"$BATS_TEST_TMPDIR/out-crlf"
		case $kind in
		stream)
			sed 's/$/\r/' "$BATS_TEST_TMPDIR/out-lf" | cmp - "$BATS_TEST_TMPDIR/out-crlf" ;;
		table|report)
			cmp "$BATS_TEST_TMPDIR/out-lf" "$BATS_TEST_TMPDIR/out-crlf" ;;
		esac
	}
	each check
}

@test "lone CR line ends: exit 1 with a hint" {
	f="$BATS_TEST_TMPDIR/cr.tsv"
	printf 'time\tmember\r2024-01-01\tann\r' >"$f"
	check() {
		run -1 --separate-stderr "${cmd[@]}" "$f"
		no_output_on_error
		assert_stderr "$prog: $f:1: the header holds a carriage return: a file with CR line ends? convert it with tr '\\r' '\\n'"
	}
	each check
}

@test "a CR inside a field is data: it passes through" {
	f="$BATS_TEST_TMPDIR/crfield.tsv"
	printf 'time\tmember\tx\n2024-01-01\tann\ta\rb\n' >"$f"
	check() {
		run -0 --separate-stderr "${cmd[@]}" "$f"
		assert_stderr ""
		if [ "$kind" = stream ]; then
			"${cmd[@]}" "$f" >"$BATS_TEST_TMPDIR/out"
			passes_through "$f" "$BATS_TEST_TMPDIR/out" 3
		fi
	}
	each check
}

@test "a last line without LF is read, and written with one" {
	f="$BATS_TEST_TMPDIR/nolf.tsv"
	printf 'time\tmember\n2024-01-01\tann\n2024-01-09\tbob' >"$f"
	put lf.tsv 'time|member' '2024-01-01|ann' '2024-01-09|bob'
	check() {
		run -0 "${cmd[@]}" "$BATS_TEST_TMPDIR/lf.tsv"
		local want="$output"
		run -0 --separate-stderr "${cmd[@]}" "$f"
		assert_output "$want"
	}
	each check
}

# --- files

@test "a directory: exit 1" {
	d="$BATS_TEST_TMPDIR/dir"
	mkdir "$d"
	check() {
		run -1 --separate-stderr "${cmd[@]}" "$d"
		no_output_on_error
		assert_stderr "$prog: $d: Is a directory"
	}
	each check
}

@test "a file that does not exist: exit 1" {
	f="$BATS_TEST_TMPDIR/none.tsv"
	check() {
		run -1 --separate-stderr "${cmd[@]}" "$f"
		no_output_on_error
		assert_stderr "$prog: $f: No such file or directory"
	}
	each check
}

@test "an unreadable file: exit 1" {
	put secret.tsv 'time|member' '2024-01-01|ann'
	f="$BATS_TEST_TMPDIR/secret.tsv"
	chmod 000 "$f"
	if [ -r "$f" ]; then
		skip "running as root: chmod 000 does not stop root from reading"
	fi
	check() {
		run -1 --separate-stderr "${cmd[@]}" "$f"
		no_output_on_error
		assert_stderr "$prog: $f: Permission denied"
	}
	each check
}

# --- output

# 5000 rows, each of its own member, venue and day (13 years): a stream
# writes more than a pipe holds, and so do most tables.
# More output than a pipe holds, even one widened to 1 MiB (pipe_widen):
# 5,000 rows of 360 bytes.
many_rows() {
	awk 'BEGIN { print "time\tmember\tvenue\tnote"
		note = sprintf("%300s", ""); gsub(/ /, "n", note)
		for (i = 0; i < 5000; i++)
			printf "%d\tmember-%05d\tvenue-%05d\t%s\n", 1500000000 + i * 86400, i, i, note }' \
	    >"$BATS_TEST_TMPDIR/many.tsv"
}

@test "a closed stdout (| head -1) ends the program quietly" {
	many_rows
	check() {
		run -0 bash -c '"$@" "$0" 2>"$0.err" | head -n 1; echo "${PIPESTATUS[0]}"' \
		    "$BATS_TEST_TMPDIR/many.tsv" "${cmd[@]}"
		assert_line_count 2
		[[ ${lines[1]} == 0 || ${lines[1]} == 141 ]]	# done, or SIGPIPE
		[ ! -s "$BATS_TEST_TMPDIR/many.tsv.err" ]
	}
	each check
}

@test "a closed stdout ends the program quietly even when SIGPIPE is ignored" {
	many_rows
	check() {
		run -0 bash -c 'trap "" PIPE; "$@" "$0" 2>"$0.err" | head -n 1; echo "${PIPESTATUS[0]}"' \
		    "$BATS_TEST_TMPDIR/many.tsv" "${cmd[@]}"
		assert_line_count 2
		# as if SIGPIPE had ended it; a short table or report may have
		# fit the pipe
		[[ ${lines[1]} == 141 || ($kind != stream && ${lines[1]} == 0) ]]
		[ ! -s "$BATS_TEST_TMPDIR/many.tsv.err" ]
	}
	each check
}

@test "a full disk (/dev/full): exit 1 with the error" {
	put ok.tsv 'time|member' '2024-01-01|ann'
	check() {
		run -1 --separate-stderr bash -c '"$@" >/dev/full' _ "${cmd[@]}" "$BATS_TEST_TMPDIR/ok.tsv"
		assert_stderr "$prog: stdout: write error: No space left on device"
	}
	each check
}

@test "a header of 100000 columns, none ours: exit 2 at once, listing the first 20" {
	f="$BATS_TEST_TMPDIR/wide.tsv"
	awk 'BEGIN { for (i = 1; i < 100000; i++) printf "c%d\t", i; print "c100000" }' >"$f"
	shown=$(awk 'BEGIN { for (i = 1; i <= 20; i++) printf "%s\"c%d\"", (i > 1 ? ", " : ""), i }')
	check() {
		run -2 --separate-stderr "${cmd[@]}" "$f"
		no_output_on_error
		assert_stderr <<-EOF
		$prog: $f: no column "time" (columns found: $shown and 99980 more)
		EOF
	}
	each_program check
}

@test "control bytes in the columns found are escaped" {
	f="$BATS_TEST_TMPDIR/esc.tsv"
	printf 'time\t\033[2Jwho\n2024-01-01\tann\n' >"$f"
	check() {
		run -2 --separate-stderr "${cmd[@]}" "$f"
		assert_stderr <<-EOF
		$prog: $f: no column "member" (columns found: "time", "\\x1b[2Jwho")
		EOF
	}
	each check
}

@test "--help and --version on a full disk: exit 1 with the error" {
	check() {
		run -1 --separate-stderr bash -c '"$@" --help >/dev/full' _ "${cmd[@]}"
		assert_stderr "$prog: stdout: write error: No space left on device"
		run -1 --separate-stderr bash -c '"$@" --version >/dev/full' _ "${cmd[@]}"
		assert_stderr "$prog: stdout: write error: No space left on device"
	}
	each_program check
}

# --- the members directory (-M)

@test "-M: an empty directory file: exit 1" {
	put ok.tsv 'time|member' '2024-01-01|ann'
	m="$BATS_TEST_TMPDIR/m.tsv"
	: >"$m"
	check() {
		run -1 --separate-stderr "${cmd[@]}" -M "$m" "$BATS_TEST_TMPDIR/ok.tsv"
		no_output_on_error
		assert_stderr "$prog: $m: the members directory is empty"
	}
	each check
}

@test "-M: bad directories: exit with the file, line and column" {
	put ok.tsv 'time|member' '2024-01-01|ann'
	m="$BATS_TEST_TMPDIR/m.tsv"
	check() {
		local row want n=0
		while IFS='=' read -r row want; do
			[ "$first" = 1 ] || [ $((n++)) -eq 0 ] || break
			printf "$row" >"$m"
			run --separate-stderr "${cmd[@]}" -M "$m" "$BATS_TEST_TMPDIR/ok.tsv"
			[ "$status" -eq "${want%% *}" ]
			no_output_on_error
			assert_equal "$stderr" "$prog: ${want#* }"
		done <<-EOF
		name\trole\nann\tx\n=2 $m: no column "member" (columns found: "name", "role")
		member\trole\nann\n=1 $m:2: 1 field where the header has 2
		member\trole\nann\tbot\tx\n=1 $m:2: 3 fields where the header has 2
		member\trole\n\tbot\n=1 $m:2: member: empty
		member\nann\nann\n=1 $m:3: member: "ann" is listed twice
		member\taliases\nann\tbob\nbob\t\n=1 $m:3: member: "bob" is already an alias of another member
		member\taliases\nann\tbob\ncarl\tbob\n=1 $m:3: aliases: "bob" is already a handle of "ann"
		member\tjoined\nann\t2024-02-30\n=1 $m:2: joined: cannot parse "2024-02-30"
		member\tmember\nann\tbob\n=1 $m:1: member: the header names this column twice (fields 1 and 2)
		EOF
	}
	each_program check
}

@test "-M: a NUL byte in a member: exit 1" {
	put ok.tsv 'time|member' '2024-01-01|ann'
	m="$BATS_TEST_TMPDIR/m.tsv"
	printf 'member\nan\0n\n' >"$m"
	check() {
		run -1 --separate-stderr "${cmd[@]}" -M "$m" "$BATS_TEST_TMPDIR/ok.tsv"
		no_output_on_error
		assert_stderr "$prog: $m:2: member: holds a NUL byte"
	}
	each check
}

@test "-M: a directory or a missing file: exit 1" {
	put ok.tsv 'time|member' '2024-01-01|ann'
	check() {
		run -1 --separate-stderr "${cmd[@]}" -M "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR/ok.tsv"
		assert_stderr "$prog: $BATS_TEST_TMPDIR: Is a directory"
		run -1 --separate-stderr "${cmd[@]}" -M "$BATS_TEST_TMPDIR/none" "$BATS_TEST_TMPDIR/ok.tsv"
		assert_stderr "$prog: $BATS_TEST_TMPDIR/none: No such file or directory"
	}
	each check
}

@test "control bytes in a column named by -f NAME=NUMBER are escaped in messages" {
	f="$BATS_TEST_TMPDIR/esccol.tsv"
	printf 'time\t\033]0;x\007\n2024-01-01\t\n' >"$f"
	check() {
		run -1 --separate-stderr "${cmd[@]}" -f member=2 "$f"
		assert_stderr "$prog: $f:2: \\x1b]0;x\\x07: empty"
	}
	each check
}

@test "-M: an alias taken by a member with control bytes in the handle: both quoted" {
	put ok.tsv 'time|member' '2024-01-01|ann'
	m="$BATS_TEST_TMPDIR/m.tsv"
	printf 'member\taliases\na\033[1mnn\tbob\ncarl\tbob\n' >"$m"
	check() {
		run -1 --separate-stderr "${cmd[@]}" -M "$m" "$BATS_TEST_TMPDIR/ok.tsv"
		assert_stderr "$prog: $m:3: aliases: \"bob\" is already a handle of \"a\\x1b[1mnn\""
	}
	each check
}

@test "a NUL byte in any column of ours: exit 1 naming it (a name would be cut short)" {
	f="$BATS_TEST_TMPDIR/nulcol.tsv"
	check() {
		local c
		values action venue thread reply_to community | while read -r c; do
			printf 'time\tmember\t%s\n2024-01-01\tann\tx\n2024-01-02\tbob\tx\0y\n' "$c" >"$f"
			run -1 --separate-stderr "${cmd[@]}" "$f"
			no_output_on_error
			assert_stderr "$prog: $f:3: $c: holds a NUL byte: \"x\\x00y\""
		done
	}
	each_program check
}

@test "-M: a NUL byte in a role: exit 1 (\"bot\\0x\" is not a bot)" {
	put ok.tsv 'time|member' '2024-01-01|ann'
	m="$BATS_TEST_TMPDIR/m.tsv"
	printf 'member\trole\nann\tbot\0x\n' >"$m"
	check() {
		run -1 --separate-stderr "${cmd[@]}" -M "$m" "$BATS_TEST_TMPDIR/ok.tsv"
		no_output_on_error
		assert_stderr "$prog: $m:2: role: holds a NUL byte"
	}
	each check
}

# --- reading twice

@test "standard input past a preamble the shell read: both passes start there" {
	put ok.tsv 'time|member' '2024-01-01|ann' '2024-01-09|bob'
	{ echo '# exported 2024-02-01'; cat "$BATS_TEST_TMPDIR/ok.tsv"; } >"$BATS_TEST_TMPDIR/pre.tsv"
	check() {
		run -0 "${cmd[@]}" "$BATS_TEST_TMPDIR/ok.tsv"
		local want="$output"
		run -0 --separate-stderr bash -c '{ read -r _; "$@"; } < "$0"' \
		    "$BATS_TEST_TMPDIR/pre.tsv" "${cmd[@]}"
		assert_stderr ""
		assert_output "$want"
	}
	each check
}

# A file that grows or shrinks between a stream's two passes: the pass over
# a FIFO (the second operand) waits for the writer, who changes the first
# file before it closes the FIFO, that is after pass 1 read it, before pass 2.
change_between_passes() {
	local a="$BATS_TEST_TMPDIR/a.tsv" fifo="$BATS_TEST_TMPDIR/fifo"
	rm -f "$fifo"
	mkfifo "$fifo"
	{ tsv 'time|member' '2024-01-02|bob'; $1 "$a"; } >"$fifo" &
	run --separate-stderr "${cmd[@]}" "$a" "$fifo"
	wait
}
grow() { tsv '2024-01-03|carl' >>"$1"; }
shrink() { : >"$1"; }

@test "a log that grows between the passes of a stream: the second reads what the first read" {
	put a.tsv 'time|member' '2024-01-01|ann'
	put both.tsv 'time|member' '2024-01-01|ann' '2024-01-02|bob'
	check() {
		[ "$kind" != table ] || return 0	# a report may read twice too
		run -0 "${cmd[@]}" "$BATS_TEST_TMPDIR/both.tsv"
		local want="$output"
		put a.tsv 'time|member' '2024-01-01|ann'
		[ "$kind" != report ] || cmd=(env COP_REPORT_ASIDE=0 "${cmd[@]}")	# reads again
		change_between_passes grow
		[ "$status" -eq 0 ]
		assert_stderr ""
		assert_output "$want"
	}
	each check
}

@test "a log that shrinks between the passes of a stream: exit 1" {
	check() {
		[ "$kind" != table ] || return 0
		put a.tsv 'time|member' '2024-01-01|ann'
		# The report reads once; with no room for rows put aside it
		# reads again from the first of them, and sees the change.
		[ "$kind" != report ] || cmd=(env COP_REPORT_ASIDE=0 "${cmd[@]}")
		change_between_passes shrink
		[ "$status" -eq 1 ]
		assert_stderr "$prog: $BATS_TEST_TMPDIR/a.tsv: the input changed between passes: it is shorter"
	}
	each check
}

# A stream's pass two reads pass one's note of each row: a log whose rows
# change but not its size (a byte becomes a line end, or a line end a TAB)
# no longer matches them.
more_rows() { printf 'time\tmember\n2024\n01-01\tann\n' >"$1"; }
fewer_rows() { printf 'time\tmember\n2024-01-01\tann\t2024-01-05\tdan\n' >"$1"; }

@test "a log whose rows change between a stream's passes, not its size: exit 1" {
	check() {
		[ "$kind" = stream ] || return 0
		put a.tsv 'time|member' '2024-01-01|ann'
		change_between_passes more_rows
		[ "$status" -eq 1 ]
		assert_stderr "$prog: $BATS_TEST_TMPDIR/fifo: the input changed between passes: it has more rows"
		put a.tsv 'time|member' '2024-01-01|ann' '2024-01-05|dan'
		change_between_passes fewer_rows
		[ "$status" -eq 1 ]
		assert_stderr "$prog: $BATS_TEST_TMPDIR/fifo: the input changed between passes: it has fewer rows"
	}
	each check
}

# --- options

@test "a --tz that names no zone is a usage error, not UTC (glibc's fallback)" {
	put ok.tsv 'time|member' '2024-01-01|ann'
	check() {
		local z
		values +01:00 1 Europe/Pari Europe/Paris1 x1 'ABC+25' '<ab>1' ../zoneinfo/UTC |
		while IFS= read -r z; do
			run -2 --separate-stderr "${cmd[@]}" -z "$z" "$BATS_TEST_TMPDIR/ok.tsv"
			no_output_on_error
			assert_stderr <<-EOF
			$prog: --tz: unknown time zone "$z" (a zone database name such as Europe/Paris, or UTC)
			EOF
		done
		values Europe/Paris 'CET-1CEST,M3.5.0,M10.5.0/3' '<+0330>-3:30' EST5EDT UTC |
		while IFS= read -r z; do
			run -0 "${cmd[@]}" -z "$z" "$BATS_TEST_TMPDIR/ok.tsv"
		done
	}
	each_program check
}

# --- limits, small (test/limits measures them full size)

@test "a 100 kB member handle passes through and is counted" {
	f="$BATS_TEST_TMPDIR/handle.tsv"
	h=$(head -c 102400 /dev/zero | tr '\0' h)
	printf 'time\tmember\n2024-01-01\t%s\n2024-01-02\t%s\n2024-01-03\tann\n' "$h" "$h" >"$f"
	check() {
		"${cmd[@]}" "$f" >"$BATS_TEST_TMPDIR/out"
		case $kind in
		stream) passes_through "$f" "$BATS_TEST_TMPDIR/out" 2 ;;
		table) [ "$prog" != cop-classify ] || grep -q "^$h	core	2	" "$BATS_TEST_TMPDIR/out" ;;
		report)	# the text report still fits 80 columns
			[[ " ${cmd[*]} " == *" html "* ]] ||
			    [ "$(LC_ALL=C.UTF-8 wc -L <"$BATS_TEST_TMPDIR/out")" -le 80 ] ;;
		esac
	}
	each_program check
}

@test "20,000 distinct members and 1,000 venues: every row kept" {
	f="$BATS_TEST_TMPDIR/wide.tsv"
	awk 'BEGIN { print "time\tmember\tvenue"; for (i = 0; i < 20000; i++)
		printf "2024-%02d-%02d\tm%d\tv%d\n", i % 12 + 1, i % 28 + 1, i, i % 1000 }' >"$f"
	check() {
		"${cmd[@]}" "$f" >"$BATS_TEST_TMPDIR/out"
		case $kind in
		stream) passes_through "$f" "$BATS_TEST_TMPDIR/out" 3 ;;
		table) [ "$prog" != cop-classify ] || assert_equal "$(wc -l <"$BATS_TEST_TMPDIR/out")" 20001 ;;
		esac
	}
	each_program check
}

# --- security

@test "on a terminal, control bytes of names in a table are shown as ?" {
	command -v script >/dev/null || skip "no script(1) to give the program a terminal"
	f="$BATS_TEST_TMPDIR/esc.tsv"
	printf 'time\tmember\tvenue\n2024-01-01\ta\033]0;pwned\007b\t\033[2Jv\n2024-01-02\tbob\tv\n' >"$f"
	check() {
		[ "$kind" != stream ] || return 0
		script -qec "$(printf '%q ' "${cmd[@]}" "$f")" /dev/null |
		    sed $'s/\033\\[[01]m//g' >"$BATS_TEST_TMPDIR/out"	# a report's own bold
		if grep -q $'[\033\007]' "$BATS_TEST_TMPDIR/out"; then
			echo "an escape sequence reached the terminal" >&2
			return 1
		fi
		[ "$prog" != cop-classify ] || grep -q 'a?]0;pwned?b' "$BATS_TEST_TMPDIR/out"
	}
	each check
}

@test "-M - with the events on standard input too: exit 2, not an empty stream" {
	put m.tsv 'member|role' 'ann|bot'
	put ok.tsv 'time|member' '2024-01-01|ann'
	check() {
		run -2 --separate-stderr "${cmd[@]}" -M - <"$BATS_TEST_TMPDIR/ok.tsv"
		no_output_on_error
		assert_stderr "$prog: -M -: standard input cannot hold both the members directory and the events"
		run -2 --separate-stderr "${cmd[@]}" -M - "$BATS_TEST_TMPDIR/ok.tsv" - <"$BATS_TEST_TMPDIR/ok.tsv"
		run -0 "${cmd[@]}" -M - "$BATS_TEST_TMPDIR/ok.tsv" <"$BATS_TEST_TMPDIR/m.tsv"
	}
	each check
}

# --- cop-import (its own inputs: exports, not the event stream)

@test "cop-import -T %s: Unix seconds past year 9999 are a bad time, not a 5-digit year" {
	# 277277777777 s is in year 10756; TSV v1 times have 4-digit years.
	f="$BATS_TEST_TMPDIR/t.csv"
	printf 'time,member\n277277777777,ann\n1700000000,bob\n' >"$f"
	run -1 --separate-stderr cop-import -T %s csv "$f"
	assert_stderr "cop-import: $f:2: time: cannot parse \"277277777777\" with --time-format %s"
}

# The reader finds TABs and NULs sixteen bytes at a time (SSE2); these rows
# put a field boundary, and then a NUL, at every offset of a block.
@test "fields split right with a TAB at every offset of a 16-byte block" {
	f="$BATS_TEST_TMPDIR/offsets.tsv"
	awk 'BEGIN {
		print "time\tmember\taction\tvenue"
		for (n = 1; n <= 40; n++) {
			m = v = ""
			for (k = 0; k < n; k++) m = m "m"
			for (k = n; k < 41; k++) v = v "v"
			printf "2024-01-01T00:00:%02dZ\t%s\tpost\t%s\n", n, m, v
		}
	}' >"$f"
	# what awk makes of the same rows: (venue, member) a row, in byte order
	expected=$(awk -F '\t' 'NR > 1 { print $4 "\t" $2 }' "$f" | LC_ALL=C sort)
	run -0 --separate-stderr bin/cop-rollup "$f"
	assert_equal "$(printf '%s\n' "$output" | awk -F '\t' 'NR > 1 { print $2 "\t" $3 }')" "$expected"
	assert_line_count 41
}

@test "a NUL byte at every offset of a 16-byte block: found in our columns, passed through in others" {
	f="$BATS_TEST_TMPDIR/nuls.tsv"
	line='2024-01-01T00:00:00Z	mmmmm	post	nnnnnnnnnnnnnnnnnnnn'
	# row r (file line r + 1) has a NUL in place of byte r - 1 of $line
	awk -v line="$line" 'BEGIN {
		print "time\tmember\taction\tnote"
		for (r = 1; r <= 48; r++)
			printf "%s%c%s\n", substr(line, 1, r - 1), 0, substr(line, r + 1)
	}' >"$f"
	run -0 --separate-stderr bin/cop-classify -k "$f"
	# bytes 0-19 the time, 20 a TAB, 21-25 the member, 26 a TAB, 27-30 the
	# action, 31 a TAB, 32-51 a column not ours (passed through)
	expected=$(for r in $(seq 1 48); do
		b=$((r - 1))
		case $b in
		20 | 26 | 31) echo "cop-classify: $f:$((r + 1)): 3 fields where the header has 4" ;;
		2[1-5]) m=mmmmm; echo "cop-classify: $f:$((r + 1)): member: holds a NUL byte: \"${m:0:b-21}\\x00${m:b-20}\"" ;;
		2[7-9] | 30) a=post; echo "cop-classify: $f:$((r + 1)): action: holds a NUL byte: \"${a:0:b-27}\\x00${a:b-26}\"" ;;
		[0-9] | 1[0-9]) t=${line:0:20}; echo "cop-classify: $f:$((r + 1)): time: cannot parse \"${t:0:b}\\x00${t:b+1}\"" ;;
		esac
	done; echo "cop-classify: skipped 32 bad rows (-k)")
	assert_stderr "$expected"
	assert_line_count 17	# the header and rows 33-48
}

# The reader reads 1 MiB chunks ahead on a thread; a line begun in one
# chunk is finished from the next, in front of it if it is shorter than
# 128 KiB, else in a buffer of its own. These rows cross chunks every way.
@test "rows across the reader's chunks split right: short and long ones, NULs, 70,000 fields" {
	f="$BATS_TEST_TMPDIR/mixed.tsv"
	# 200 rows, notes from 0 to 90,000 bytes and every 50th longer than a
	# chunk; a NUL in every 13th note (passed through) and in every 11th
	# member (a bad row under -k)
	awk 'BEGIN {
		print "time\tmember\tnote"
		for (s = "n"; length(s) < 1200000; s = s s)
			;
		for (r = 1; r <= 200; r++) {
			n = r % 50 == 0 ? 1200000 : (r * 7919) % 90000
			note = substr(s, 1, n)
			if (r % 13 == 0 && n > 0)
				note = substr(note, 1, n / 2) sprintf("%c", 0) substr(note, n / 2 + 2)
			m = r % 11 == 0 ? sprintf("m%c%d", 0, r) : "m" r % 17
			printf "2024-01-%02dT00:00:00Z\t%s\t%s\n", r % 28 + 1, m, note
		}
	}' >"$f"
	o="$BATS_TEST_TMPDIR/out"
	bin/cop-classify -k "$f" >"$o" 2>"$BATS_TEST_TMPDIR/err"
	cut -f 1-3 "$o" | cmp - <(LC_ALL=C grep -avP '^[^\t]*\tm\x00' "$f")
	assert_equal "$(cut -f 4 "$o" | grep -cE '^(level|core|active|peripheral)$')" 183
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output "$(for r in $(seq 11 11 200); do
		echo "cop-classify: $f:$((r + 1)): member: holds a NUL byte: \"m\\x00$r\""
	done; echo "cop-classify: skipped 18 bad rows (-k)")"
	run -0 --separate-stderr bin/cop-rollup -k "$f"	# every good row counted once
	assert_equal "$(printf '%s\n' "$output" | awk -F '\t' 'NR > 1 { n += $6 } END { print n }')" 182
	g="$BATS_TEST_TMPDIR/wide.tsv"
	# 12 rows of 70,000 fields: 840,000 TABs
	awk 'BEGIN {
		printf "time\tmember"
		for (c = 3; c <= 70000; c++) printf "\tc%d", c
		printf "\n"
		for (r = 1; r <= 12; r++) {
			printf "2024-02-%02dT00:00:00Z\tw%d", r, r % 5
			for (c = 3; c <= 70000; c++) printf "\t%s", c % 1000 == r ? "x" : ""
			printf "\n"
		}
	}' >"$g"
	bin/cop-classify "$g" >"$o"
	cut -f 1-70000 "$o" | cmp - "$g"
	run -0 --separate-stderr bin/cop-classify -s "$g"
	assert_line_count 6	# the header and members w0-w4
}
