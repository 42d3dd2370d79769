# A closed shop: the same dozen people, nearly all from R&D, week after
# week, with no newcomer and a slow decline; the strategic #roadmap
# channel is all but unused.
BEGIN {
	init(59)
	members = "ann bob cat dan eve fay gus hal ivy jon kim lea"
	for (w = 0; w < 40; w++) {
		fade = 0.97 ^ w
		crowd(w, members, 4 * fade, "#general #help list", members, 0.5)
		if (w % 5 == 0)
			chat(w, "bob", 1, "#roadmap", "", 0)
		meeting(w, 1, "weekly-call", substr(members, 1 + 4 * (w % 6), 3),
		    "ann bob cat dan eve fay")
		noise(w, "cat", "dan")
	}
	finish()
}
