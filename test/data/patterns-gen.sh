#!/bin/sh
# Rebuild a hand-built community of test/cop-patterns.bats:
#   test/data/patterns-gen.sh NAME > test/data/patterns-NAME.tsv
# from patterns-lib.awk (the building blocks) and patterns-NAME.awk.
dir=$(dirname "$0")
[ -f "$dir/patterns-$1.awk" ] || { echo "usage: $0 NAME (patterns-NAME.awk)" >&2; exit 2; }
exec awk -f "$dir/patterns-lib.awk" -f "$dir/patterns-$1.awk"
