# growth.awk: from the times of the 1M and the 10M files (bench/run's
# "label round wall cpu peak" lines), each command's median wall time on
# both and their ratio; the issue asks for ~12 at most (10x the events).

$3 != "-" {
	if (FILENAME != first && first != "")
		big = 1
	if (first == "")
		first = FILENAME
	if (!big && !($1 in n1))
		order[++nlabels] = $1
	if (big)
		v2[$1, ++n2[$1]] = $3
	else
		v1[$1, ++n1[$1]] = $3
}

END {
	printf "  %-24s %9s %9s %7s\n", "command", "1M s", "10M s", "growth"
	for (i = 1; i <= nlabels; i++) {
		l = order[i]
		if (!(l in n2))
			continue
		a = median(v1, l, n1[l])
		b = median(v2, l, n2[l])
		missed = l ~ /^(cop-|cat \| cop-|the whole)/ && b / a > 12
		printf "  %-24s %9.3f %9.3f %7.2f%s\n", l, a, b, b / a, missed ? "  MISSED" : ""
	}
}

function median(v, l, n,    x, i, j, t) {
	for (i = 1; i <= n; i++)
		x[i] = v[l, i]
	for (i = 2; i <= n; i++) {
		t = x[i]
		for (j = i - 1; j >= 1 && x[j] > t; j--)
			x[j + 1] = x[j]
		x[j + 1] = t
	}
	return n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2
}
