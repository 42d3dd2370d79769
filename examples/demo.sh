#!/bin/sh
# make demo: the main job on the bundled example community. Its event log
# goes through the whole pipe, each stage appending its columns, and comes
# out as the weekly report a coordinator reads on Monday (plain text, the
# form cron mails). The earlier stages each note on stderr the bot rows
# they left out.
cd "$(dirname "$0")/.." || exit 1
PATH="$PWD/bin:$PATH"
set -e
log=examples/community.tsv
dir=examples/members.tsv
echo "The Data Guild's last complete week, from its event log ($log) and"
echo "members directory ($dir), through the whole pipe:"
echo
echo "  cop-classify -M $dir $log |"
echo "    cop-rhythm -M $dir | cop-patterns -M $dir | cop-report -M $dir"
echo
cop-classify -M "$dir" "$log" | cop-rhythm -M "$dir" | cop-patterns -M "$dir" |
	cop-report -M "$dir"
