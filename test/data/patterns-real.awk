# The evidence cop-patterns(1) owes a log, redone in awk from its
# definitions: run on cop-classify's output (its `level` column gives the
# levels), with -v members=FILE for the directory (and -v span=N for
# -t span=N), after
# patterns-check.awk. Prints "pattern<TAB>evidence" for big-boys-club,
# solopreneur, dropped-anchor, big-brother-conflict, band-of-brothers and
# circle-of-life, and "core-group<TAB>evidence", with the default
# thresholds, so a test can compare them with cop-patterns -s and -F.

BEGIN {
	FS = "\t"
	if (members != "")
		load_members(members)
	SPAN = span ? span : 26; GAP = 8; COMPARE = 12
	split("manager executive sponsor", r, " ")
	for (k in r)
		senior_role[r[k]] = 1
}

NR == 1 {
	for (k = 1; k <= NF; k++)
		col[$k] = k
	next
}

{
	m = member_of($col["member"])
	if (is_bot(m))
		next
	a = "action" in col ? $col["action"] : ""
	if (a == "")
		a = "post"
	w = week($col["time"])
	to = "reply_to" in col ? member_of($col["reply_to"]) : ""
	key = m SUBSEP w
	if (!(key in ev))
		recs[++nrecs] = key
	ev[key]++
	con[key] += weight(a)
	host[key] += hosting(a)
	if ($col["level"] == "core")
		core[key] = 1
	events[w]++
	if (!(m in first) || w < first[m])
		first[m] = w
	if (!(m in last) || w > last[m])
		last[m] = w
	if (to != "" && to != m && !is_bot(to) && a != "react" && a != "join" && a != "leave")
		rep[m SUBSEP to SUBSEP w]++
}

# A weighted sum as cop-patterns prints it: 12, 12.5, 12.25.
function score(v,    s) {
	if (v == int(v))
		return sprintf("%d", v)
	s = sprintf("%.3f", v)
	sub(/0+$/, "", s)
	return s
}

# The label of a week number: the ISO year of its Thursday.
function label(p,    th, y) {
	th = p * 7 - 3 + 3
	y = substr(civil(th), 1, 4) + 0
	return sprintf("%04d-W%02d", y, int((th - dn(sprintf("%04d-01-01", y))) / 7) + 1)
}

function civil(z,    era, doe, yoe, y, doy, mp, d, mo) {
	z += 719468
	era = int(z / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	mo = mp < 10 ? mp + 3 : mp - 9
	return sprintf("%04d-%02d-%02d", y + (mo <= 2), mo, d)
}

function mean(a, b,    s, i) {
	if (a < F) a = F
	if (b > E) b = E
	if (b < a)
		return 0
	s = 0
	for (i = a; i <= b; i++)
		s += events[i]
	return s / (b - a + 1)
}

function pct(x) {
	return sprintf("%.0f%%", 100 * x)
}

function span_text() {
	return "from " label(S) " to " label(E)
}

# "A", "A and B", "A, B and C", up to six names, else five and "N others".
function names(list, n,    s, i, shown) {
	shown = n > 6 ? 5 : n
	s = ""
	for (i = 1; i <= shown; i++)
		s = s (i == 1 ? "" : i == n ? " and " : ", ") list[i]
	if (shown < n)
		s = s " and " (n - shown) " other" (n - shown == 1 ? "" : "s")
	return s
}

# Sort ids[1..n] by contributions (most first), then events, then name.
function by_contrib(ids, n,    i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && before(ids[j], ids[j - 1]); j--) {
			t = ids[j]; ids[j] = ids[j - 1]; ids[j - 1] = t
		}
}

function before(x, y) {
	if (C[x] != C[y])
		return C[x] > C[y]
	if (N[x] != N[y])
		return N[x] > N[y]
	return x < y
}

function core_in(m, a, b,    i, n) {
	n = 0
	for (i = a; i <= b; i++)
		n += (m SUBSEP i) in core
	return n
}

function present_in(m, a, b,    i, n) {
	n = 0
	for (i = a; i <= b; i++)
		n += (m SUBSEP i) in ev
	return n
}

function active_in(a, b,    i, n) {
	n = 0
	for (i = a < F ? F : a; i <= b && i <= E; i++)
		n += events[i] > 0
	return n
}

# A departure's anchors, most present first, then by name.
function sort_group(a, n,    i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && (apres[a[j]] > apres[a[j - 1]] || \
		    (apres[a[j]] == apres[a[j - 1]] && a[j] < a[j - 1])); j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
}

# The members core after week l (up to compare weeks) and not in the
# compare weeks up to it, by name, in riser[1..n]; returns n.
function risers(l,    k, kk, n, i, j, t, seen) {
	n = 0
	for (k in core) {
		split(k, kk, SUBSEP)
		if (kk[2] > l && kk[2] <= l + COMPARE && kk[2] <= E && !(kk[1] in seen) &&
		    core_in(kk[1], l - COMPARE + 1, l) == 0) {
			seen[kk[1]] = 1
			riser[++n] = kk[1]
		}
	}
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && riser[j] < riser[j - 1]; j--) {
			t = riser[j]; riser[j] = riser[j - 1]; riser[j - 1] = t
		}
	return n
}

# One intervention: keep the worst (largest fall, then earliest, then name).
function intervene(m, w, silent, left,    b, h, h1, h2, fall) {
	h = int(COMPARE / 2)
	b = mean(w - COMPARE, w - 1); h1 = mean(w + 1, w + h); h2 = mean(w + h + 1, w + COMPARE)
	fall = b > 0 ? 1 - (h1 > h2 ? h1 : h2) / b : 0
	niv++
	if (worst == "" || fall > wfall || (fall == wfall && (w < wper || (w == wper && m < worst)))) {
		worst = m; wper = w; wsil = silent; wleft = left; wfall = fall
		wb = b; wh1 = h1; wh2 = h2
	}
}

function ceil_share(s, n,    k) {
	k = int(s * n)
	if (k < s * n - 1e-9)
		k++
	return k < 1 ? 1 : k
}

END {
	E = -1e18; F = 1e18
	for (w in events) {
		if (w + 0 > E) E = w + 0
		if (w + 0 < F) F = w + 0
	}
	S = E - SPAN + 1 > F ? E - SPAN + 1 : F
	roles_known = 0
	for (x in role)
		if (role[x] != "" && role[x] != "bot")
			roles_known = 1
	for (i = 1; i <= nrecs; i++) {
		split(recs[i], kk, SUBSEP)
		if (kk[2] + 0 < S)
			continue
		m = kk[1]
		if (!(m in N))
			people[++np] = m
		C[m] += con[recs[i]]; T += con[recs[i]]
		N[m] += ev[recs[i]]
		H[m] += host[recs[i]]; HT += host[recs[i]]
		if (recs[i] in core)
			corep[m]++
	}
	by_contrib(people, np)
	for (w = S; w <= E; w++)
		active += events[w] > 0
	for (k in rep) {
		split(k, kk, SUBSEP)
		if (kk[3] + 0 >= S) {
			pair[kk[1] SUBSEP kk[2]] += rep[k]
			replies += rep[k]
		}
	}

	# big-boys-club
	if (roles_known && T > 0) {
		ns = 0; M = 0
		for (i = 1; i <= np; i++)
			if (senior_role[role[people[i]]]) {
				sen[++ns] = people[i]; M += C[people[i]]
			}
		if (ns == 0)
			print "big-boys-club\tnone of the " np " members active " span_text() \
			    " is a manager, executive or sponsor"
		else {
			R = 0
			for (k in pair) {
				split(k, kk, SUBSEP)
				if (!senior_role[role[kk[1]]] && senior_role[role[kk[2]]])
					R += pair[k]
			}
			printf "big-boys-club\tmanagers, executives and sponsors (%s) made %s of the contributions (%s of %s) %s", names(sen, ns), pct(M / T), score(M), score(T), span_text()
			if (replies > 0)
				printf "; the other members answered them %d time%s, %.2f per contribution\n", R, R == 1 ? "" : "s", (M > 0 ? R / M : 0)
			else
				print "; no replies are recorded, so engagement is not measured"
		}
	}

	# solopreneur
	if (T > 0) {
		L = people[1]
		s = L " made " pct(C[L] / T) " of the contributions (" score(C[L]) " of " score(T) ") " span_text()
		if (np > 1 && C[people[2]] > 0)
			s = s sprintf(", %.1f times as much as the next, %s (%s)", C[L] / C[people[2]], people[2], pct(C[people[2]] / T))
		else
			s = s ", and nobody else contributed"
		s = s (HT > 0 ? "; " H[L] " of the " HT " hosting events were theirs" : "; no hosting is recorded")
		oc = 0
		for (i = 2; i <= np; i++)
			oc += corep[people[i]] > 0
		s = s (oc == 0 ? "; nobody else was core" : "; " oc " other member" (oc == 1 ? " was" : "s were") " core")
		print "solopreneur\t" s
	}

	# dropped-anchor: departures grouped by their last week.
	if (S <= E - GAP) {
		nd = 0
		for (m in last) {
			Lw = last[m]
			if (Lw < S || Lw > E - GAP)
				continue
			cr = core_in(m, Lw - COMPARE + 1, Lw)
			pr = present_in(m, Lw - COMPARE + 1, Lw)
			ac = active_in(Lw - COMPARE + 1, Lw)
			if (cr > 0 && pr >= ceil_share(0.5, ac)) {
				anchors[Lw] = anchors[Lw] SUBSEP m
				acore[m] = cr; apres[m] = pr; aact[m] = ac
				if (!(Lw in seen_l)) { seen_l[Lw] = 1; nd++ }
				nan++
			}
		}
		if (nd == 0)
			printf "dropped-anchor\tno anchor left: of the members last active from %s to %s (then silent for %d weeks or more), none had been core and active in 50%% of the community's active weeks of the %d before\n", label(S), label(E - GAP), GAP, COMPARE
		else {
			# Departures in time order; the worst fall, else the latest
			# succession, else the latest.
			ng = 0
			for (Lw in seen_l)
				grp_week[++ng] = Lw + 0
			for (i = 2; i <= ng; i++)
				for (j = i; j > 1 && grp_week[j] < grp_week[j - 1]; j--) {
					t = grp_week[j]; grp_week[j] = grp_week[j - 1]; grp_week[j - 1] = t
				}
			best = ""
			for (g = 1; g <= ng; g++) {
				Lw = grp_week[g]
				b = mean(Lw - COMPARE + 1, Lw); af = mean(Lw + 1, Lw + COMPARE)
				fall = b > 0 ? 1 - af / b : 0
				nr = risers(Lw)
				kind = fall >= 0.3 ? 0 : nr > 0 ? 1 : 2
				gkind[Lw] = kind
				if (best == "" || (kind == 0 && (bkind != 0 || fall > bfall)) || \
				    (bkind != 0 && kind != 0 && (kind < bkind || kind == bkind))) {
					best = Lw; bkind = kind; bfall = fall; bb = b; ba = af
				}
			}
			nr = risers(best)
			na = split(substr(anchors[best], 2), grp, SUBSEP)
			sort_group(grp, na)
			s = bkind == 1 ? "succession, not a dropped anchor: " : ""
			for (i = 1; i <= na && i <= 5; i++) {
				m = grp[i]
				s = s (i == 1 ? "" : i == na ? " and " : ", ") m
				if (i == 1)
					s = s " (active in " apres[m] " and core in " acore[m] " of the community's " aact[m] " active weeks of the " COMPARE " up to then)"
				else
					s = s " (" apres[m] " and " acore[m] " of " aact[m] ")"
			}
			if (na > 5)
				s = s " and " (na - 5) " other" (na - 5 == 1 ? "" : "s")
			s = s (na == 1 ? " was" : " were") " last active in " label(best)
			s = s sprintf("; events %s, from %.1f a week in the %d weeks to then to %.1f in the %d after", bfall >= 0.0005 ? sprintf("fell %.0f%%", 100 * bfall) : bfall <= -0.0005 ? sprintf("rose %.0f%%", -100 * bfall) : "held", bb, best - (best - COMPARE + 1 < F ? F : best - COMPARE + 1) + 1, ba, (best + COMPARE < E ? best + COMPARE : E) - best)
			s = s (nr == 0 ? ", and nobody rose to core" : ", while " names(riser, nr) " rose to core")
			split("dropped succession held", kname, " ")
			shown = 0
			for (g = 1; g <= ng; g++) {
				if (grp_week[g] == best)
					continue
				no = split(substr(anchors[grp_week[g]], 2), oth, SUBSEP)
				sort_group(oth, no)
				for (i = 1; i <= no && shown < 4; i++) {
					s = s (shown == 0 ? "; other anchors who left: " : ", ") oth[i] " in " label(grp_week[g]) " (" kname[gkind[grp_week[g]] + 1] ")"
					shown++
				}
			}
			if (nan - na > shown)
				s = s " and " (nan - na - shown) " more"
			print "dropped-anchor\t" s
		}
	}

	# big-brother-conflict: posts after gap silent weeks, sponsors who leave.
	if (roles_known) {
		ns = 0
		for (m in last)
			ns += senior_role[role[m]] != ""
		nall = 0
		for (m in last)
			nall++
		if (ns == 0)
			print "big-brother-conflict\tnone of the " nall " members in the log is a manager, executive or sponsor"
		else if (S <= E - COMPARE && S <= E - GAP) {
			hi = E - COMPARE
			niv = 0; worst = ""
			for (i = 1; i <= nrecs; i++) {
				split(recs[i], kk, SUBSEP)
				m = kk[1]; w = kk[2] + 0
				if (role[m] != "manager" && role[m] != "executive" || con[recs[i]] == 0)
					continue
				posts[m] = posts[m] " " w
			}
			for (m in posts) {
				np2 = split(substr(posts[m], 2), pw, " ")
				for (i = 2; i <= np2; i++)
					for (j = i; j > 1 && pw[j] + 0 < pw[j - 1] + 0; j--) {
						t = pw[j]; pw[j] = pw[j - 1]; pw[j - 1] = t
					}
				for (i = 1; i <= np2; i++) {
					w = pw[i] + 0
					if (w >= S && w <= hi && w > F && (i == 1 || w - pw[i - 1] > GAP))
						intervene(m, w, i == 1 ? -1 : w - pw[i - 1] - 1, 0)
				}
			}
			for (m in last)
				if (role[m] == "sponsor" && last[m] >= S && last[m] <= hi && last[m] <= E - GAP &&
				    last[m] > F && present_in(m, last[m] - COMPARE + 1, last[m]) >= \
				    ceil_share(0.25, active_in(last[m] - COMPARE + 1, last[m])))
					intervene(m, last[m], -1, 1)
			if (niv == 0)
				printf "big-brother-conflict\tno senior intervention from %s to %s: no manager or executive posted after %d silent weeks, and no sponsor who had been present left\n", label(S), label(hi), GAP
			else
				print "big-brother-conflict\t" (wfall >= 0.5 ? "" : niv == 1 ? "no lasting fall after the one senior intervention: " : "no lasting fall after the " niv " senior interventions: the largest was ") "after " worst " (" role[worst] ") " (wleft ? "was last active in " : "posted in ") label(wper) (wleft ? "" : wsil < 0 ? " for the first time" : " after " wsil " silent weeks") ", events " (wfall >= 0.0005 ? sprintf("fell %.0f%%", 100 * wfall) : wfall <= -0.0005 ? sprintf("rose %.0f%%", -100 * wfall) : "held") sprintf(": %.1f a week in the %d weeks before, %.1f and %.1f in the two %d-week halves after", wb, wper - (wper - COMPARE < F ? F : wper - COMPARE), wh1, wh2, int(COMPARE / 2))
		}
	}

	# band-of-brothers
	if (replies > 0) {
		k8 = 0; cand = 0
		for (i = 1; i <= np; i++) {
			m = people[i]
			if (corep[m] > 0 && !(roles_known && senior_role[role[m]])) {
				cand++
				if (k8 < 8)
					band[++k8] = m
			}
		}
		within = 0; linked = 0
		for (i = 1; i <= k8; i++)
			for (j = 1; j <= k8; j++)
				if (i != j) {
					within += pair[band[i] SUBSEP band[j]]
					recv[band[j]] += pair[band[i] SUBSEP band[j]]
					if (i < j && pair[band[i] SUBSEP band[j]] + pair[band[j] SUBSEP band[i]] >= 2)
						linked++
				}
		top = band[1]
		for (i = 2; i <= k8; i++)
			if (recv[band[i]] > recv[top])
				top = band[i]
		if (k8 >= 3)
			printf "band-of-brothers\tthe core%s, %s%s, exchanged %d replies among themselves %s: %d of their %d pairs exchanged at least 2%s%s\n", roles_known ? " outside management" : "", (cand > k8 ? k8 " most active of " cand ", " : ""), names(band, k8), within, span_text(), linked, k8 * (k8 - 1) / 2, (within > 0 ? ", and the most answered, " top ", received " pct(recv[top] / within) : ""), roles_known ? "" : "; roles are not given, so nobody is left out as management"
	}

	# circle-of-life
	if (np > 0 && E > S) {
		half = S + int((E - S + 1) / 2)
		n1 = n2 = el = back = 0
		for (i = 1; i <= np; i++) {
			m = people[i]
			if (first[m] < S || first[m] == F)
				continue
			if (first[m] < half) n1++; else n2++
			if (first[m] <= E - 4) { el++; back += last[m] > first[m] }
		}
		r1 = mean(S, half - 1); r2 = mean(half, E)
		printf "circle-of-life\t%d of the %d members active %s %s (%s; %d in the first half, %d in the second); %d of the %d who arrived at least 4 weeks before the end came back later (%s); events per week went from %.1f to %.1f", n1 + n2, np, span_text(), n1 + n2 == 1 ? "was a newcomer" : "were newcomers", pct((n1 + n2) / np), n1, n2, back, el, pct(el ? back / el : 0), r1, r2
		printf "%s\n", (r1 > 0 ? sprintf(" (%.2f times)", r2 / r1) : "")
	}

	# core-group
	need = ceil_share(0.25, active)
	nc = 0
	for (i = 1; i <= np; i++)
		if (corep[people[i]] >= need)
			cg[++nc] = people[i]
	if (nc == 0)
		printf "core-group\tnobody was core in at least %d of the %d active weeks %s\n", need, active, span_text()
	else
		printf "core-group\t%s%d member%s core in at least %d of the %d active weeks %s: %s\n", nc < 3 ? "only " : "", nc, nc == 1 ? " was" : "s were", need, active, span_text(), names(cg, nc)
}
