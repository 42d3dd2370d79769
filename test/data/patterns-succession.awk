# Succession: ann, a long-standing core member, is last seen in week 25;
# fay, who was active, steps up from week 22 and becomes core, and the
# community's activity holds.
BEGIN {
	init(43)
	core = "ann bob cat dan eve"
	active = "fay gus hal ivy"
	for (w = 0; w < 40; w++) {
		if (w <= 25)
			chat(w, "ann", around(8), "#general", core, 0.6)
		crowd(w, "bob cat dan eve", 6, "#general #help", core " fay", 0.6)
		chat(w, "fay", around(w >= 22 ? 9 : 2), "#general #help", core, 0.6)
		crowd(w, "gus hal ivy", 2, "#general #help list", core " " active, 0.5)
		tail(w, "kim lea max ned oda pia rex sam", 0.3, "#general #help", core)
		meeting(w, 1, "weekly-call", w <= 25 ? "ann" : "fay", "bob cat dan eve gus")
		noise(w, "cat", "dan")
		noise(w, "gus", "eve")
	}
	finish()
}
