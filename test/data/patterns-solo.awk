# Solopreneur: ann runs the show. She writes most of what is written,
# hosts every weekly call, and the others mostly answer her.
BEGIN {
	init(37)
	others = "bob cat dan eve fay gus"
	for (w = 0; w < 40; w++) {
		chat(w, "ann", around(24), "#general", others, 0.3)
		chat(w, "ann", around(6), "#help", others, 0.6)
		crowd(w, others, 2, "#general #help", "ann ann ann bob", 0.7)
		tail(w, "kim lea max ned oda pia", 0.25, "#general #help", "ann")
		meeting(w, 2, "weekly-call", "ann", "bob cat dan " (w % 3 ? "eve" : "fay"))
		noise(w, "bob", "ann")
		noise(w, "cat", "ann")
	}
	finish()
}
