#!/bin/sh
# make demo: the main job on the bundled example community.
cd "$(dirname "$0")/.." || exit 1
PATH="$PWD/bin:$PATH"
set -e
echo "== Who carries the Data Guild? (cop-classify -s, top 12)"
cop-classify -s -M examples/members.tsv examples/community.tsv |
	cut -f1-4,7-9 | head -13 |
	awk -F'\t' '{ printf "%-15s %-10s %7s %7s %6s %6s  %s\n", $1, $2, $3, $4, $5, $6, $7 }'
echo
echo "== Members at each level now"
cop-classify -s -M examples/members.tsv examples/community.tsv 2>/dev/null |
	tail -n +2 | cut -f2 | sort | uniq -c | sort -rn
