#!/usr/bin/env bats
# Scale-out (issue 11): real logs and the bench's generated one, cut into
# shards at random row boundaries (a fixed seed), rolled up shard by
# shard, merged in two groupings and orders, give the bytes of the whole
# log's rollup; every summary on the merged rollup, and every shard
# labelled with -R, print what the unsharded run prints. Then the GNU
# parallel recipe of examples/scale-out does the same with real jobs.

load helper

# shard LOG N SEED DIR: DIR/1.tsv ... DIR/N.tsv, each the header and a
# run of consecutive rows, cut at N - 1 row boundaries drawn with awk's
# rand() from SEED (shards may be empty: a header alone).
shard() {
	mkdir -p "$4"
	awk -v n="$2" -v seed="$3" -v dir="$4" -v rows="$(($(wc -l <"$1") - 1))" '
	BEGIN {
		srand(seed)
		for (i = 1; i < n; i++) {
			c = int(rand() * (rows + 1))
			for (j = i; j > 1 && cut[j - 1] > c; j--)
				cut[j] = cut[j - 1]
			cut[j] = c
		}
		cut[n] = rows
		k = 1
	}
	NR == 1 {
		for (i = 1; i <= n; i++)
			print > (dir "/" i ".tsv")
		next
	}
	{
		while (NR - 1 > cut[k])
			k++
		print > (dir "/" k ".tsv")
	}' "$1"
}

# rollups DIR N [OPTIONS]: DIR/i.rollup of each shard; DIR/a.rollup merges
# them in order, DIR/b.rollup in another grouping and order.
rollups() {
	local dir=$1 n=$2 i
	shift 2
	for ((i = 1; i <= n; i++)); do
		cop-rollup "$@" "$dir/$i.tsv" >"$dir/$i.rollup"
	done
	cop-rollup -m "$dir"/{1..5}.rollup >"$dir/a.rollup"
	cop-rollup -m "$dir/5.rollup" "$dir/3.rollup" >"$dir/x.rollup"
	cat "$dir/4.rollup" "$dir/2.rollup" "$dir/1.rollup" | cop-rollup -m >"$dir/y.rollup"
	cop-rollup -m "$dir/y.rollup" "$dir/x.rollup" >"$dir/b.rollup"
}

setup_file() {
	local d=$BATS_FILE_TMPDIR
	if [ -x "$TOP/bench/gen" ]; then
		"$TOP/bench/gen" -s 5 -n 20000 -m 400 -w 30 -M "$d/gen.members" >"$d/gen.tsv"
		cop-rollup "$d/gen.tsv" >"$d/gen.rollup"
		shard "$d/gen.tsv" 5 13 "$d/gen"
		rollups "$d/gen" 5
	fi
	[ -d "$SHARED" ] || return 0
	shard "$SHARED/fluid-irc.tsv" 5 11 "$d/fluid"
	rollups "$d/fluid" 5
	printf 'git\nmerge\n' >"$d/strategic"
	shard "$SHARED/git-git.tsv" 5 12 "$d/git"
	rollups "$d/git" 5 -S "$d/strategic"
	shard "$SHARED/nodejs-tsc-meetings.tsv" 5 14 "$d/tsc"
	rollups "$d/tsc" 5 -z Europe/Paris
}

setup() {
	D=$BATS_FILE_TMPDIR
}

# same_summaries LOG ROLLUP "FORM..." OPTION...: each summary form (one a
# line) on the log and on the rollup, with the options, exits 0 and prints
# the same bytes on stdout and on stderr.
same_summaries() {
	local log=$1 rollup=$2 forms=$3 form t=$BATS_TEST_TMPDIR
	shift 3
	while read -r form; do
		echo "# $form $*"
		$form "$@" "$log" >"$t/want" 2>"$t/want.err"
		$form "$@" "$rollup" >"$t/got" 2>"$t/got.err"
		cmp "$t/want" "$t/got"
		cmp "$t/want.err" "$t/got.err"
	done <<<"$forms"
}

# same_labels LOG DIR PROGRAM OPTION...: the stream stage on the log prints
# the rows of the shards DIR/1.tsv ... DIR/5.tsv, each labelled with -R
# against DIR/a.rollup.
same_labels() {
	local log=$1 dir=$2 prog=$3 i
	shift 3
	$prog "$@" "$log" 2>/dev/null >"$dir/want"
	{
		$prog "$@" -R "$dir/a.rollup" "$dir/1.tsv"
		for i in 2 3 4 5; do
			$prog "$@" -R "$dir/a.rollup" "$dir/$i.tsv" | tail -n +2
		done
	} 2>/dev/null >"$dir/got"
	cmp "$dir/want" "$dir/got"
}

@test "Fluid IRC in 5 random shards: both merges are the whole log's rollup" {
	need_shared
	cop-rollup "$SHARED/fluid-irc.tsv" >"$D/fluid.rollup"
	cmp "$D/fluid.rollup" "$D/fluid/a.rollup"
	cmp "$D/fluid.rollup" "$D/fluid/b.rollup"
	# the shards really are cut in the middle of the log, and none is the whole
	run -0 wc -l "$D"/fluid/{1..5}.tsv
	[[ $output != *" 276174 "* ]]
}

@test "Fluid IRC: the rollup is over twice smaller than the log" {
	need_shared
	local log rollup
	log=$(wc -c <"$SHARED/fluid-irc.tsv")
	rollup=$(wc -c <"$D/fluid/a.rollup")
	echo "log $log bytes, rollup $rollup bytes"
	[ $((rollup * 2)) -lt "$log" ]
}

@test "Fluid IRC, merged rollup: cop-classify -s and cop-patterns -s as on the log" {
	need_shared
	same_summaries "$SHARED/fluid-irc.tsv" "$D/fluid/b.rollup" "cop-classify -s
cop-patterns -s" -M "$SHARED/fluid-irc-members.tsv"
}

@test "Fluid IRC, merged rollup: cop-rhythm -s, -c and -l as on the log" {
	need_shared
	same_summaries "$SHARED/fluid-irc.tsv" "$D/fluid/a.rollup" "cop-rhythm -s
cop-rhythm -c
cop-rhythm -l" -M "$SHARED/fluid-irc-members.tsv"
}

@test "Fluid IRC, merged rollup: cop-report as on the log" {
	need_shared
	same_summaries "$SHARED/fluid-irc.tsv" "$D/fluid/b.rollup" "cop-report
cop-report -g month" -M "$SHARED/fluid-irc-members.tsv"
}

@test "Fluid IRC: the shards labelled by cop-classify -R are the log labelled whole" {
	need_shared
	same_labels "$SHARED/fluid-irc.tsv" "$D/fluid" cop-classify -M "$SHARED/fluid-irc-members.tsv"
}

@test "Fluid IRC: the shards labelled by cop-rhythm -R are the log labelled whole" {
	need_shared
	same_labels "$SHARED/fluid-irc.tsv" "$D/fluid" cop-rhythm -M "$SHARED/fluid-irc-members.tsv"
}

@test "Fluid IRC: the shards labelled by cop-patterns -R are the log labelled whole" {
	need_shared
	same_labels "$SHARED/fluid-irc.tsv" "$D/fluid" cop-patterns -M "$SHARED/fluid-irc-members.tsv"
}

@test "git log in 5 random shards, with -S: merges and summaries agree" {
	need_shared
	cop-rollup -S "$D/strategic" "$SHARED/git-git.tsv" >"$D/git.rollup"
	cmp "$D/git.rollup" "$D/git/a.rollup"
	cmp "$D/git.rollup" "$D/git/b.rollup"
	same_summaries "$SHARED/git-git.tsv" "$D/git/b.rollup" "cop-classify -s
cop-rhythm -c
cop-patterns -s -S $D/strategic
cop-report"
}

@test "git log in 5 random shards, with -S: the shards labelled by cop-patterns -R" {
	need_shared
	same_labels "$SHARED/git-git.tsv" "$D/git" "cop-patterns -S $D/strategic"
}

@test "Node.js TSC minutes in 5 random shards, --tz Europe/Paris: merges and summaries agree" {
	need_shared
	local m=$SHARED/nodejs-tsc-members.tsv
	cop-rollup -z Europe/Paris "$SHARED/nodejs-tsc-meetings.tsv" >"$D/tsc.rollup"
	cmp "$D/tsc.rollup" "$D/tsc/a.rollup"
	cmp "$D/tsc.rollup" "$D/tsc/b.rollup"
	same_summaries "$SHARED/nodejs-tsc-meetings.tsv" "$D/tsc/b.rollup" "cop-classify -s
cop-rhythm -s
cop-rhythm -c
cop-rhythm -l
cop-patterns -s
cop-report" -z Europe/Paris -M "$m"
}

@test "Node.js TSC minutes in 5 random shards, --tz Europe/Paris: labels agree" {
	need_shared
	local m=$SHARED/nodejs-tsc-members.tsv
	same_labels "$SHARED/nodejs-tsc-meetings.tsv" "$D/tsc" cop-classify -z Europe/Paris -M "$m"
	same_labels "$SHARED/nodejs-tsc-meetings.tsv" "$D/tsc" cop-rhythm -z Europe/Paris -M "$m"
	same_labels "$SHARED/nodejs-tsc-meetings.tsv" "$D/tsc" cop-patterns -z Europe/Paris -M "$m"
}

@test "the bench's generated log (aliases, bots) in 5 random shards: summaries agree" {
	[ -x "$TOP/bench/gen" ] || skip "bench/gen is not built: run make check"
	cmp "$D/gen.rollup" "$D/gen/a.rollup"
	cmp "$D/gen.rollup" "$D/gen/b.rollup"
	same_summaries "$D/gen.tsv" "$D/gen/b.rollup" "cop-classify -s
cop-rhythm -s
cop-rhythm -c
cop-rhythm -l
cop-patterns -s
cop-report" -M "$D/gen.members"
}

@test "the bench's generated log (aliases, bots) in 5 random shards: labels agree" {
	[ -x "$TOP/bench/gen" ] || skip "bench/gen is not built: run make check"
	for prog in cop-classify cop-rhythm cop-patterns; do
		same_labels "$D/gen.tsv" "$D/gen" $prog -M "$D/gen.members"
	done
}

@test "the GNU parallel recipe (examples/scale-out) gives the unsharded results" {
	command -v parallel >/dev/null ||
	    skip "GNU parallel is not installed (apt-get install parallel): the recipe is not run"
	[ -x "$TOP/bench/gen" ] || skip "bench/gen is not built: run make check"
	local out=$BATS_TEST_TMPDIR/out
	BLOCK=300k run -0 sh "$TOP/examples/scale-out/parallel.sh" "$D/gen.tsv" "$out" \
	    -M "$D/gen.members"
	cmp "$out/all.rollup" "$D/gen.rollup"
	cop-classify -s -M "$D/gen.members" "$D/gen.tsv" | cmp - "$out/levels.tsv"
	cop-rhythm -s -M "$D/gen.members" "$D/gen.tsv" | cmp - "$out/periods.tsv"
	cop-rhythm -c -M "$D/gen.members" "$D/gen.tsv" | cmp - "$out/venues.tsv"
	cop-patterns -s -M "$D/gen.members" "$D/gen.tsv" | cmp - "$out/patterns.tsv"
	cop-report -M "$D/gen.members" "$D/gen.tsv" | cmp - "$out/report.txt"
	cop-classify -M "$D/gen.members" "$D/gen.tsv" 2>/dev/null | cmp - "$out/levels-labelled.tsv"
	# it really ran in several jobs
	[ "$(grep -c '^#coptools-rollup' "$out/map.rollups")" -gt 3 ]
}
