# Not a band of brothers: five busy members, but every one of them answers
# only ann; they never talk to each other.
BEGIN {
	init(53)
	core = "ann bob cat dan eve"
	for (w = 0; w < 40; w++) {
		chat(w, "ann", around(10), "#general #help", "bob cat dan eve", 0.7)
		crowd(w, "bob cat dan eve", 8, "#general #help", "ann", 0.8)
		crowd(w, "fay gus hal", 2, "#general list", "ann", 0.5)
		tail(w, "kim lea max ned oda pia", 0.3, "#general #help", "ann")
		meeting(w, 1, "weekly-call", substr(core, 1 + 4 * (w % 5), 3), core)
		noise(w, "cat", "ann")
	}
	finish()
}
