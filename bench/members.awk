# members.awk: the awk baseline of make bench, written as a careful user
# would: per member, the events, the distinct ISO weeks, and the first and
# last time. Columns are found by name in the header; times are read as
# cop-events(5) writes them in UTC (YYYY-MM-DD, optionally THH:MM[:SS],
# then Z or +HH:MM / -HH:MM), each distinct date converted to a day number
# once (Hinnant's days-from-civil); the ISO week of a day is
# floor((day + 3) / 7), weeks starting on Monday. Output: member, events,
# weeks, first, last, in the order awk's arrays give.
BEGIN {
	FS = "\t"
	OFS = "\t"
}

NR == 1 {
	for (i = 1; i <= NF; i++)
		col[$i] = i
	if (!("time" in col) || !("member" in col)) {
		print "members.awk: no time or member column" > "/dev/stderr"
		exit 1
	}
	tc = col["time"]
	mc = col["member"]
	next
}

{
	t = $tc
	m = $mc
	d = substr(t, 1, 10)
	if (!(d in dayno))
		dayno[d] = days(d)
	day = dayno[d]
	s = day * 86400
	if (length(t) > 10) {
		s += substr(t, 12, 2) * 3600 + substr(t, 15, 2) * 60
		if (substr(t, 17, 1) == ":")
			s += substr(t, 18, 2)
		z = substr(t, length(t) - 5)
		if (z ~ /^[-+][0-9][0-9]:[0-9][0-9]$/)
			s -= (substr(z, 1, 1) "1") * (substr(z, 2, 2) * 3600 + substr(z, 5, 2) * 60)
	}
	week = int((int(s / 86400) + 3) / 7)
	n[m]++
	if (!((m, week) in seen)) {
		seen[m, week] = 1
		weeks[m]++
	}
	if (!(m in first) || s < first[m])
		first[m] = s
	if (!(m in last) || s > last[m])
		last[m] = s
}

END {
	for (m in n)
		print m, n[m], weeks[m], iso(first[m]), iso(last[m])
}

# Days since 1970-01-01 of YYYY-MM-DD.
function days(d,    y, mo, dd, era, yoe, doy) {
	y = substr(d, 1, 4) + 0
	mo = substr(d, 6, 2) + 0
	dd = substr(d, 9, 2) + 0
	if (mo <= 2)
		y--
	era = int(y / 400)
	yoe = y - era * 400
	doy = int((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + dd - 1
	return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy - 719468
}

# YYYY-MM-DDTHH:MM:SSZ of UTC seconds (Hinnant's civil-from-days).
function iso(s,    z, sec, era, doe, yoe, doy, mp, dd, mo, y) {
	z = int(s / 86400)
	sec = s - z * 86400
	z += 719468
	era = int(z / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	dd = doy - int((153 * mp + 2) / 5) + 1
	mo = mp < 10 ? mp + 3 : mp - 9
	y = yoe + era * 400 + (mo <= 2)
	return sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, dd,
	    int(sec / 3600), int(sec / 60) % 60, sec % 60)
}
