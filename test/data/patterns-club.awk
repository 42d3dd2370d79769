# Big boys club: a manager and an executive post announcements week after
# week and host the monthly town hall, the sponsor adds more; the members
# talk among themselves, a little, and hardly ever answer management.
BEGIN {
	init(23)
	members = "ada ben cyd dev eli fox gil hoa ida jay kai lou"
	split(members, m, " ")
	for (w = 0; w < 40; w++) {
		crowd(w, "boss vp", 9, "#announce #general #announce", "", 0)
		chat(w, "spon", around(3), "#announce", "", 0)
		if (w % 4 == 3)
			meeting(w, 3, "town-hall", w % 8 == 3 ? "boss" : "vp", "spon ada ben cyd dev eli")
		crowd(w, members, 0.8, "#general #help", members, 0.5)
		if (rnd() < 0.2)
			chat(w, m[1 + ri(12)], 1, "#announce", "boss vp", 1)
		for (k = 1; k <= 12; k += 3)
			noise(w, m[k], "boss vp " m[k + 1])
	}
	finish()
}
