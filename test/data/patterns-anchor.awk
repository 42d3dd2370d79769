# Dropped anchor: ann and bob, two of the five core members, are last seen
# in week 25; the others lose heart, nobody takes their place, and the
# community's activity halves.
BEGIN {
	init(41)
	core = "ann bob cat dan eve"
	rest = "cat dan eve"
	active = "fay gus hal ivy"
	for (w = 0; w < 40; w++) {
		heart = w <= 25 ? 1 : 0.45
		if (w <= 25)
			crowd(w, "ann bob", 8, "#general #help", core, 0.6)
		crowd(w, rest, 6 * heart, "#general #help", core, 0.6)
		crowd(w, active, 2 * heart, "#general #help list", core " " active, 0.5)
		tail(w, "kim lea max ned oda pia rex sam", 0.3 * heart, "#general #help", core)
		if (w <= 25 || w % 2 == 0)
			meeting(w, 1, "weekly-call", w <= 25 ? (w % 2 ? "ann" : "bob") : "cat",
			    rest " fay" (w <= 25 ? " ann bob gus" : ""))
		noise(w, "cat", "dan")
		noise(w, "fay", "eve")
	}
	finish()
}
