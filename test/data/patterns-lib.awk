# Building blocks for the hand-built communities of test/cop-patterns.bats.
# A scenario (patterns-NAME.awk) calls these from BEGIN, then finish().
# The random numbers are our own (Park-Miller, exact in doubles), so every
# awk writes the same bytes: test/data/patterns-gen.sh NAME rebuilds
# test/data/patterns-NAME.tsv.

function init(seed) {
	rng = seed
	nrows = 0
	epoch = 19723		# 2024-01-01, a Monday, in days since 1970-01-01
}

function rnd() {
	rng = (rng * 16807) % 2147483647
	return rng / 2147483647
}

function ri(n) {
	return int(rnd() * n)
}

# Poisson-ish count around mean m: the sum of a few uniform draws.
function around(m,    k, s) {
	s = 0
	for (k = 0; k < 4; k++)
		s += rnd()
	return int(m * s / 2 + 0.5)
}

# Civil date of a day number (days since 1970-01-01), after Howard Hinnant.
function date(z,    era, doe, yoe, y, doy, mp, d, m) {
	z += 719468
	era = int(z / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9
	return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
}

# A time on weekday d (0 = Monday) of week w, during working hours.
function at(w, d) {
	return sprintf("%sT%02d:%02d:%02dZ", date(epoch + 7 * w + d), 8 + ri(10), ri(60), ri(60))
}

function emit(time, member, action, venue, thread, reply_to) {
	row[nrows++] = time "\t" member "\t" action "\t" venue "\t" thread "\t" reply_to
}

# n messages by member in venue during week w; each answers someone in
# the space-separated list targets with probability p.
function chat(w, member, n, venue, targets, p,    k, t, nt, to) {
	nt = split(targets, t, " ")
	for (k = 0; k < n; k++) {
		to = ""
		if (nt > 0 && rnd() < p) {
			to = t[1 + ri(nt)]
			if (to == member)
				to = ""
		}
		emit(at(w, ri(5)), member, to == "" ? "post" : "reply", venue, "", to)
	}
}

# A meeting of series venue on weekday d of week w: host and attendees.
function meeting(w, d, venue, host, attendees,    a, na, k, day) {
	day = date(epoch + 7 * w + d)
	if (host != "")
		emit(day "T15:00:00Z", host, "host", venue, venue "-" day, "")
	na = split(attendees, a, " ")
	for (k = 1; k <= na; k++)
		emit(day "T15:0" ri(10) ":00Z", a[k], "attend", venue, venue "-" day, "")
}

# Light noise: reactions to someone and joins, as real exports have.
function noise(w, member, targets,    t, nt) {
	nt = split(targets, t, " ")
	if (rnd() < 0.5)
		emit(at(w, ri(7)), member, "react", "#general", "", t[1 + ri(nt)])
	if (rnd() < 0.05)
		emit(at(w, ri(7)), member, "join", "#general", "", "")
}

# The header, then the rows shuffled: exports are not sorted.
function finish(    k, j, tmp) {
	for (k = nrows - 1; k > 0; k--) {
		j = ri(k + 1)
		tmp = row[k]
		row[k] = row[j]
		row[j] = tmp
	}
	print "time\tmember\taction\tvenue\tthread\treply_to"
	for (k = 0; k < nrows; k++)
		print row[k]
}

# Each member of the list posts about mean messages in week w, in one of
# the venues, answering someone of targets with probability p.
function crowd(w, members, mean, venues, targets, p,    m, nm, v, nv, k) {
	nm = split(members, m, " ")
	nv = split(venues, v, " ")
	for (k = 1; k <= nm; k++)
		chat(w, m[k], around(mean), v[1 + ri(nv)], targets, p)
}

# The peripheral tail: each shows up in a week with probability q.
function tail(w, members, q, venues, targets,    m, nm, v, nv, k) {
	nm = split(members, m, " ")
	nv = split(venues, v, " ")
	for (k = 1; k <= nm; k++)
		if (rnd() < q)
			chat(w, m[k], 1 + ri(2), v[1 + ri(nv)], targets, 0.5)
}
