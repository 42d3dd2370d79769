# No big brother conflict: the same community as patterns-conflict, where
# the executive's post in week 24 is taken in stride and activity holds.
BEGIN {
	init(47)
	core = "ann bob cat dan eve"
	active = "fay gus hal ivy jon"
	for (w = 0; w < 40; w++) {
		if (w == 2 || w == 24)
			chat(w, "vp", 3, "#announce", "", 0)
		crowd(w, core, 7, "#general #help", core, 0.6)
		crowd(w, active, 3, "#general #help list", core " " active, 0.5)
		tail(w, "kim lea max ned oda pia", 0.3, "#general #help", core)
		meeting(w, 1, "weekly-call", substr(core, 1 + 4 * (w % 5), 3), core " fay gus")
		noise(w, "cat", "dan")
		noise(w, "fay", "ann")
	}
	finish()
}
