# Passionless glow: ann, the coordinator, runs the weekly call every week
# without fail, but fewer come each month, and between calls the channel
# and the list are nearly silent.
BEGIN {
	init(67)
	members = "bob cat dan eve fay gus hal ivy jon kim lea max"
	split(members, m, " ")
	for (w = 0; w < 40; w++) {
		come = ""
		n = 11 - int(w / 6)
		for (k = 1; k <= 12; k++)
			if (k <= n || rnd() < 0.1)
				come = come " " m[k]
		meeting(w, 2, "weekly-call", "ann", substr(come, 2))
		if (rnd() < 0.5)
			chat(w, m[1 + ri(12)], 1, "#general", "ann", 0.5)
		if (rnd() < 0.3)
			chat(w, "ann", 1, "#general", "", 0)
		if (w % 4 == 0)
			chat(w, "ann", 1, "list", "", 0)
		noise(w, m[1 + ri(12)], "ann")
	}
	finish()
}
