# table.awk: the table of bench/run from its "label round wall cpu peak"
# lines (TAB-separated). Times are medians over the rounds; a ratio is the
# median of the per-round ratios, so both sides of it ran back to back;
# peak is the largest over the rounds. Then the targets of the
# performance issue, each with its figure and ok or MISSED.
# Variables: awklabel (the awk baseline's label), limit (MiB), clock
# (wall, the default, or cpu: the time the ratios are taken on).

$3 != "-" {
	if (!($1 in nr))
		order[++nlabels] = $1
	k = ++nr[$1]
	wall[$1, k] = $3
	cpu[$1, k] = $4
	round[$1, k] = $2
	at[$1, $2] = clock == "cpu" ? $4 : $3
	if ($5 > peak[$1])
		peak[$1] = $5
}

END {
	printf "  %-24s %9s %9s %7s %7s %7s %9s\n", "command", "wall s", "cpu s", "t/cut",
	    "awk/t", "dm/t", "peak MiB"
	for (i = 1; i <= nlabels; i++) {
		l = order[i]
		w[l] = median_of(l, "wall")
		rc[l] = ratio(l, "cut -f2", 0)
		ra[l] = ratio(l, awklabel, 1)
		rd[l] = ratio(l, "sort | datamash", 1)
		printf "  %-24s %9.3f %9.3f %7s %7s %7s %9.1f\n", l, w[l], median_of(l, "cpu"),
		    fmt(rc[l]), fmt(ra[l]), fmt(rd[l]), peak[l] / 1024
	}
	print ""
	print "  targets (" (clock == "cpu" ? "CPU" : "wall") " time; t/cut: time over cut's; awk/t, dm/t: times faster):"
	for (i = 1; i <= nlabels; i++) {
		l = order[i]
		if (l ~ /^cop-[a-z]+ -s$/) {
			if (l ~ /^cop-(classify|rhythm) -s$/) {	# the issue's speed targets
				check(l ": t/cut <= 2", rc[l], rc[l] != "" && rc[l] <= 2)
				check(l ": awk/t >= 4", ra[l], ra[l] != "" && ra[l] >= 4)
				if (rd[l] != "")
					check(l ": dm/t >= 4", rd[l], rd[l] >= 4)
			}
			check(l ": peak < " limit " MiB", peak[l] / 1024, peak[l] < limit * 1024)
		} else if (l ~ /^cop-(classify|rhythm|patterns)$/) {	# the stages that append
			check(l " (stream): t/cut <= 3", rc[l], rc[l] != "" && rc[l] <= 3)
		} else if (l ~ /^cat \| cop-[a-z]+$/) {
			check(l ": peak < " limit " MiB", peak[l] / 1024, peak[l] < limit * 1024)
		} else if (l == "the whole pipe") {
			check(l ": faster than awk (awk/t > 1)", ra[l], ra[l] != "" && ra[l] > 1)
		}
	}
}

function check(what, figure, ok) {
	printf "    %-44s %8.2f  %s\n", what, figure, ok ? "ok" : "MISSED"
}

function fmt(x) {
	return x == "" ? "-" : sprintf("%.2f", x)
}

function median_of(l, which,    v, n, k) {
	n = nr[l]
	for (k = 1; k <= n; k++)
		v[k] = which == "wall" ? wall[l, k] : cpu[l, k]
	return median(v, n)
}

# The median over the rounds both ran of this/base (inverse: base/this).
function ratio(l, base, inverse,    v, n, k, r, a, b) {
	if (!(base in nr))
		return ""
	n = 0
	for (k = 1; k <= nr[l]; k++) {
		r = round[l, k]
		if (!((base, r) in at))
			continue
		a = clock == "cpu" ? cpu[l, k] : wall[l, k]
		b = at[base, r]
		if (a <= 0 || b <= 0)
			continue
		v[++n] = inverse ? b / a : a / b
	}
	return n ? median(v, n) : ""
}

function median(v, n,    i, j, x) {
	for (i = 2; i <= n; i++) {
		x = v[i]
		for (j = i - 1; j >= 1 && v[j] > x; j--)
			v[j + 1] = v[j]
		v[j + 1] = x
	}
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
