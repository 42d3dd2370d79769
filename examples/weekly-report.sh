#!/bin/sh
# weekly-report.sh: last week's report of a community of practice, for cron.
#
# It prints the report as plain text on standard output, which cron mails
# to the crontab's MAILTO, and writes it as one HTML page, WEEK.html, into a
# web folder (replaced in one step, so readers never see half a page).
# Run it on Monday: "last week" is the ISO week that ended yesterday.
#
# crontab line: every Monday at 07:00, mail to the coordinators
#   MAILTO=coordinators@example.org
#   0 7 * * 1  /opt/coptools/examples/weekly-report.sh /srv/cop/community.tsv /srv/cop/members.tsv
#
# usage: weekly-report.sh [EVENTS [MEMBERS]]
#   EVENTS   the event log (default examples/community.tsv)
#   MEMBERS  the members directory (default examples/members.tsv)
# environment:
#   COP_REPORT_DIR        the web folder (default $HOME/public_html/cop)
#   COP_REPORT_WEEK       the week, e.g. 2025-W10 (default: last week)
#   COP_REPORT_TZ         the zone weeks are cut in (default UTC)
#   COP_REPORT_SALT_FILE  if set, the HTML page shows pseudonyms made with
#                         the salt in this file (keep it private: chmod 600)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
PATH="$top/bin:$PATH"

events=${1:-$top/examples/community.tsv}
members=${2:-$top/examples/members.tsv}
dir=${COP_REPORT_DIR:-$HOME/public_html/cop}
zone=${COP_REPORT_TZ:-UTC}

# The ISO week that ended yesterday, in the report's zone (GNU date).
week=${COP_REPORT_WEEK:-$(TZ=$zone date -d yesterday +%G-W%V)}

set -- -p "$week" -z "$zone" -M "$members"
mkdir -p "$dir"
if [ -n "${COP_REPORT_SALT_FILE:-}" ]; then
	# In the environment, not on the command line, where ps(1) shows it.
	COP_REPORT_SALT=$(cat "$COP_REPORT_SALT_FILE") \
	    cop-report "$@" -T html -a -o "$dir/$week.html" "$events"
else
	cop-report "$@" -T html -o "$dir/$week.html" "$events"
fi
cop-report "$@" "$events"
