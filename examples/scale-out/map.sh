#!/bin/sh
# The mapper of a Hadoop Streaming job (see README.md here): Hadoop hands
# each mapper a split of the log's lines, the header only to the first, so
# the log is stored without its header and each mapper prints it first.
# Give the columns of your log in COLUMNS (TAB-separated names) and the
# zone of its days in ROLLUP_OPTS (-z ZONE), the same for every mapper.
columns=${COLUMNS:-$(printf 'time\tmember\taction\tvenue\tthread\treply_to')}
{ printf '%s\n' "$columns"; cat; } | cop-rollup ${ROLLUP_OPTS:-}
