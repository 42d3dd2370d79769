# Big brother conflict: the executive vp, silent since week 2, posts a
# reorganisation in week 24; from then on the members withdraw, and
# activity stays at a third of what it was.
BEGIN {
	init(47)
	core = "ann bob cat dan eve"
	active = "fay gus hal ivy jon"
	for (w = 0; w < 40; w++) {
		mood = w <= 24 ? 1 : 0.3
		if (w == 2 || w == 24)
			chat(w, "vp", 3, "#announce", "", 0)
		crowd(w, core, 7 * mood, "#general #help", core, 0.6)
		crowd(w, active, 3 * mood, "#general #help list", core " " active, 0.5)
		tail(w, "kim lea max ned oda pia", 0.3 * mood, "#general #help", core)
		if (w <= 24 || w % 3 == 0)
			meeting(w, 1, "weekly-call", substr(core, 1 + 4 * (w % 5), 3),
			    core " fay gus")
		noise(w, "cat", "dan")
		noise(w, "fay", "ann")
	}
	finish()
}
