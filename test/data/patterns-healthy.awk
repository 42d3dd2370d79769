# A healthy community over 40 weeks: a core of five who answer each other,
# hosting of the weekly call that rotates among four, newcomers who arrive
# through the last 26 weeks and mostly stay, activity that grows, members
# from five units, a sponsor who drops by, and a strategic #roadmap channel.
BEGIN {
	init(11)
	core = "ann bob cat dan eve"
	active = "fay gus hal ivy jon"
	old = "kim lea max ned oda pia quinn rex sam tia"
	split("ann bob cat dan", host, " ")
	for (w = 0; w < 40; w++) {
		grow = 1 + (w / 20) ^ 2
		crowd(w, core, 4 * grow, "#general #help #general", core, 0.6)
		crowd(w, core, 4 * grow, "#roadmap", core " " active, 0.4)
		crowd(w, active, 3 * grow, "#general #help list", core " " active, 0.5)
		tail(w, old, 0.3, "#general #help", core)
		for (k = 1; k <= 16; k++) {
			who = sprintf("new%02d", k)
			arrive = 14 + int(k * 1.5)
			if (w == arrive)
				chat(w, who, 1, "#help", core, 0.8)
			else if (w > arrive && k % 4 != 0 && rnd() < 0.6)
				chat(w, who, 1 + ri(3), ri(2) ? "#general" : "#help", core " " active, 0.5)
		}
		meeting(w, 1, "weekly-call", host[1 + w % 4], core " fay gus " (w % 2 ? "hal" : "ivy"))
		if (w % 2 == 0)
			chat(w, "spon", 1, "#roadmap", core, 0.5)
		for (k = 1; k <= 10; k++)
			noise(w, substr(core " " active, 4 * k - 3, 3), core)
	}
	finish()
}
