# Big brother conflict by withdrawal: the sponsor, who joined the weekly
# call most weeks, is last seen in week 20; the members drift away and
# activity stays at about a third.
BEGIN {
	init(61)
	core = "ann bob cat dan eve"
	active = "fay gus hal ivy jon"
	for (w = 0; w < 40; w++) {
		mood = w <= 20 ? 1 : 0.3
		crowd(w, core, 7 * mood, "#general #help", core, 0.6)
		crowd(w, active, 3 * mood, "#general #help list", core " " active, 0.5)
		tail(w, "kim lea max ned oda pia", 0.3 * mood, "#general #help", core)
		if (w <= 20 && w % 4 != 3)
			chat(w, "spon", 1 + ri(2), "#general", core, 0.5)
		meeting(w, 1, "weekly-call", substr(core, 1 + 4 * (w % 5), 3),
		    core (w <= 20 ? " spon" : ""))
		noise(w, "cat", "dan")
	}
	finish()
}
