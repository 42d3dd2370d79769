#!/bin/sh
# The scale-out recipe of cop-rollup(1) with GNU parallel: one machine,
# or several with SSHLOGIN. Map: each job rolls up a block of the log's
# rows (parallel repeats the header to each); reduce: cop-rollup -m merges
# the jobs' rollups as they come, in any order; the summaries read the
# merged rollup; map again: each job labels its block's rows against it.
#
# usage: sh parallel.sh LOG OUTDIR [OPTION ...]
#   OPTIONs go to every reading stage (-M FILE, -z ZONE, -W ...); give
#   cop-rollup the same -z in ROLLUP_OPTS. BLOCK sets the block size
#   (parallel --block; default -1, a block per job slot); SSHLOGIN
#   (parallel --sshlogin, e.g. "4/alpha,4/beta,:") runs the jobs there:
#   each machine needs coptools on its PATH, and the rollup and -M file
#   are sent to it with --basefile.
set -eu
[ $# -ge 2 ] || { echo "usage: sh parallel.sh LOG OUTDIR [OPTION ...]" >&2; exit 2; }
log=$1
out=$2
shift 2
mkdir -p "$out"
remote=
base=
if [ -n "${SSHLOGIN:-}" ]; then
	remote="--sshlogin $SSHLOGIN --workdir ..."
	base="--basefile $out/all.rollup"
fi

# Map and reduce: the jobs' rollups, concatenated as each job ends, merge.
parallel --pipepart -a "$log" --header : --block "${BLOCK:--1}" $remote \
    cop-rollup ${ROLLUP_OPTS:-} >"$out/map.rollups"
cop-rollup -m "$out/map.rollups" >"$out/all.rollup"

# The summaries, from the rollup alone.
cop-classify -s "$@" "$out/all.rollup" >"$out/levels.tsv"
cop-rhythm -s "$@" "$out/all.rollup" >"$out/periods.tsv"
cop-rhythm -c "$@" "$out/all.rollup" >"$out/venues.tsv"
cop-rhythm -l "$@" "$out/all.rollup" >"$out/lifecycle.tsv"
cop-patterns -s "$@" "$out/all.rollup" >"$out/patterns.tsv"
cop-report "$@" "$out/all.rollup" >"$out/report.txt"

# Map again: each block's rows with their levels, in the log's order (-k);
# every job prints the header, and all but the first drop it.
parallel --pipepart -a "$log" --header : --block "${BLOCK:--1}" -k $remote $base \
    "cop-classify $* -R $out/all.rollup | if [ {#} -gt 1 ]; then tail -n +2; else cat; fi" \
    >"$out/levels-labelled.tsv"
