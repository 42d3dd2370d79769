# Helpers for the cross-checks in test/cop-patterns.bats: awk redoes
# cop-patterns' arithmetic from the rows, independently of its code.
# Times are UTC, so the date part of a time is its day.

# Days since 1970-01-01 of a date YYYY-MM-DD (Hinnant's days_from_civil).
function dn(s,    y, m, d, era, yoe, doy, doe) {
	y = substr(s, 1, 4) + 0
	m = substr(s, 6, 2) + 0
	d = substr(s, 9, 2) + 0
	y -= m <= 2
	era = int(y / 400)
	yoe = y - era * 400
	doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}

# The ISO week of a time, numbered as cop-patterns numbers periods.
function week(s) {
	return int((dn(s) + 3) / 7)
}

# The weight of a contribution (cop-events(5)); 0 for what is not one.
function weight(a) {
	if (a == "attend" || a == "react" || a == "join" || a == "leave")
		return 0
	if (a == "host" || a == "chair" || a == "present" || a == "organize" ||
	    a == "facilitate")
		return 3
	if (a == "merge" || a == "ack" || a == "suggest")
		return 0.5
	return 1
}

function hosting(a) {
	return a == "host" || a == "chair" || a == "present" || a == "organize" ||
	    a == "facilitate" || a == "scribe"
}

# The members directory: canon[handle] is the member a handle belongs to,
# role[member] its role; a bot's rows are left out.
function load_members(path,    line, f, n, a, k, col) {
	while ((getline line < path) > 0) {
		n = split(line, f, "\t")
		if (!("member" in col)) {
			for (k = 1; k <= n; k++)
				col[f[k]] = k
			continue
		}
		canon[f[col["member"]]] = f[col["member"]]
		if ("role" in col)
			role[f[col["member"]]] = f[col["role"]]
		if ("aliases" in col && f[col["aliases"]] != "") {
			n = split(f[col["aliases"]], a, ",")
			for (k = 1; k <= n; k++) {
				sub(/^ +/, "", a[k])
				sub(/ +$/, "", a[k])
				canon[a[k]] = f[col["member"]]
			}
		}
	}
	close(path)
}

function member_of(handle) {
	return handle in canon ? canon[handle] : handle
}

function is_bot(member) {
	return role[member] == "bot"
}
