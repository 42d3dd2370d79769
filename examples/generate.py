#!/usr/bin/env python3
"""Write examples/community.tsv and examples/members.tsv: a synthetic but
realistic community of practice, the "Data Guild" of a mid-sized company,
January to September 2025. Deterministic (fixed seed): run it again and the
same bytes come out. Not needed to build or test coptools; kept so the
example can be regenerated or varied.

The story, so the tools have something to find:
- a weekly call (Tuesdays 15:00 UTC) hosted in turn by two coordinators and a
  volunteer, skipped twice in August; a monthly webinar on the first
  Thursday, presented by experts, the sponsor opening two of them;
- a chat channel with threads and replies, a mailing list, a wiki;
- a core of six; one anchor (maria.silva) leaves at the end of May and
  tom.berg rises to take her place; newcomers arrive every month and about
  half of them stay; a bot posts reminders; one person uses two handles.
"""
import random

random.seed(20250101)
DAY = 86400
START = 1735689600  # 2025-01-01T00:00:00Z, a Wednesday
END = START + 273 * DAY  # 2025-10-01

UNITS = ["Finance", "Marketing", "R&D", "Operations", "IT", "HR", "Sales"]
people = []  # (handle, role, unit, joined, start_day, end_day, activity)


def person(handle, role, unit, start, end, activity):
    people.append(dict(h=handle, role=role, unit=unit, start=start, end=end, act=activity))


person("ana.lima", "coordinator", "R&D", 0, 273, 9)
person("bjorn.nilsson", "coordinator", "IT", 0, 273, 7)
person("maria.silva", "member", "Finance", 0, 150, 10)
person("chen.wei", "expert", "R&D", 0, 273, 6)
person("dmitri.ivanov", "member", "Operations", 0, 273, 6)
person("zoë.martin", "expert", "Marketing", 0, 273, 5)
person("tom.berg", "member", "Sales", 20, 273, 1.5)  # rises after maria leaves
person("helen.okafor", "sponsor", "Operations", 0, 273, 0.3)
person("frank.miller", "manager", "Finance", 0, 273, 0.5)
person("grace.ho", "manager", "IT", 0, 273, 0.4)
person("józef.nowak", "expert", "R&D", 10, 273, 2)
person("李雷", "member", "IT", 30, 273, 1.5)
person("guildbot", "bot", "", 0, 273, 1)
first = ["amir", "bea", "carl", "dana", "eli", "fatima", "gus", "hana", "ivan",
         "jules", "kofi", "lena", "marco", "nina", "omar", "pia", "quinn", "rosa",
         "sven", "tara", "uma", "vik", "wen", "xavi", "yara", "zane", "aiko",
         "bruno", "cleo", "dev", "emma", "felix", "gia", "hugo", "iris", "jon",
         "kai", "lucia", "milo", "noor", "otto", "priya", "rami", "sofia", "theo",
         "ugo", "vera", "will", "ximena", "yusuf", "zora", "adele", "basil", "chiara",
         "dario", "elif", "farid", "greta", "hiro", "ines"]
for i, f in enumerate(first):
    start = random.randint(0, 240)
    stays = random.random() < 0.5
    end = 273 if stays else min(273, start + random.randint(7, 60))
    act = random.choice([0.05, 0.1, 0.1, 0.2, 0.2, 0.3, 0.5, 1.0, 2.0])
    person(f + "." + random.choice("abcdefghklmnprstvw"), "member",
           random.choice(UNITS), start, end, act)

rows = []


def emit(t, who, action, venue, thread="", reply_to=""):
    rows.append((t, who, action, venue, thread, reply_to))


def iso(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def active(p, day):
    if p["h"] == "maria.silva" and day > 150:
        return False
    boost = 1.0
    if p["h"] == "tom.berg" and day > 150:
        boost = 5.0  # steps up as the anchor leaves
    return p["start"] <= day < p["end"] and random.random() < min(1, 0.25 * p["act"] * boost)


# Weekly call: Tuesdays; 2025-01-07 is the first Tuesday.
hosts = ["ana.lima", "bjorn.nilsson", "dmitri.ivanov"]
first_tuesday = 6
call_no = 0
for day in range(first_tuesday, 273, 7):
    date = START + day * DAY
    if iso(date)[:10] in ("2025-08-05", "2025-08-12"):
        continue  # summer break: two missed beats
    thread = "call-" + iso(date)[:10]
    t0 = date + 15 * 3600
    host = hosts[call_no % 3]
    call_no += 1
    emit(t0 - 300, host, "host", "weekly-call", thread)
    for p in people:
        if p["role"] == "bot":
            continue
        if p["h"] == host or active(p, day) or (p["act"] >= 5 and p["start"] <= day < p["end"] and random.random() < 0.8):
            if p["h"] == "maria.silva" and day > 150:
                continue
            emit(t0 + random.randint(-120, 600), p["h"], "attend", "weekly-call", thread)

# Monthly webinar: first Thursday of each month, 16:00 UTC.
for month in range(1, 10):
    for d in range(1, 8):
        import datetime
        dt = datetime.date(2025, month, d)
        if dt.weekday() == 3:
            break
    day = (dt - datetime.date(2025, 1, 1)).days
    t0 = START + day * DAY + 16 * 3600
    thread = "webinar-2025-%02d" % month
    experts = ["chen.wei", "zoë.martin", "józef.nowak"]
    emit(t0, experts[month % 3], "present", "monthly-webinar", thread)
    if month in (3, 6):
        emit(t0 - 60, "helen.okafor", "present", "monthly-webinar", thread)
    for p in people:
        if p["role"] != "bot" and p["start"] <= day < p["end"] and random.random() < 0.35 + 0.05 * min(p["act"], 6):
            if p["h"] == "maria.silva" and day > 150:
                continue
            emit(t0 + random.randint(-300, 900), p["h"], "attend", "monthly-webinar", thread)

# Chat: threads started on working days, replies between members.
for day in range(0, 273):
    date = START + day * DAY
    if (day + 2) % 7 in (5, 6):  # Saturday, Sunday
        continue
    for p in people:
        if p["role"] == "bot" or not active(p, day):
            continue
        t = date + random.randint(8 * 3600, 18 * 3600)
        thread = "t%d-%s" % (day, p["h"].split(".")[0])
        emit(t, p["h"], "post", "#data-guild", thread)
        others = [q for q in people if q is not p and q["role"] != "bot" and active(q, day)]
        random.shuffle(others)
        for q in others[: random.randint(0, 3)]:
            t += random.randint(60, 3600)
            emit(t, q["h"], "reply", "#data-guild", thread, p["h"])
            if random.random() < 0.3:
                emit(t + 30, p["h"], "react", "#data-guild", thread, q["h"])
    if day % 7 == 5:  # Mondays: the reminder bot
        emit(date + 9 * 3600, "guildbot", "post", "#data-guild", "", "")

# Mailing list and wiki: rarer, longer contributions.
for day in range(0, 273, 3):
    date = START + day * DAY
    for p in people:
        if p["role"] != "bot" and p["act"] >= 2 and active(p, day) and random.random() < 0.15:
            emit(date + random.randint(7 * 3600, 20 * 3600), p["h"], "post", "guild-list", "m%d" % day)
        if p["role"] != "bot" and p["act"] >= 1 and active(p, day) and random.random() < 0.1:
            emit(date + random.randint(7 * 3600, 20 * 3600), p["h"], "edit", "wiki", "")

# The frank.miller handle is also written as fmiller in the mailing list.
rows = [(t, "fmiller" if (w == "frank.miller" and v == "guild-list") else w, a, v, th, r)
        for (t, w, a, v, th, r) in rows]

# Exports are not sorted: sort, then shuffle runs of rows as real logs come.
rows.sort()
chunks = [rows[i:i + 40] for i in range(0, len(rows), 40)]
random.shuffle(chunks)
rows = [r for c in chunks for r in c]

with open("community.tsv", "w", encoding="utf-8") as f:
    f.write("time\tmember\taction\tvenue\tthread\treply_to\n")
    for t, w, a, v, th, r in rows:
        f.write("%s\t%s\t%s\t%s\t%s\t%s\n" % (iso(t), w, a, v, th, r))

with open("members.tsv", "w", encoding="utf-8") as f:
    f.write("member\trole\tunit\tjoined\taliases\n")
    for p in sorted(people, key=lambda p: p["h"]):
        aliases = "fmiller" if p["h"] == "frank.miller" else ""
        f.write("%s\t%s\t%s\t%s\t%s\n" % (p["h"], p["role"], p["unit"],
                iso(START + p["start"] * DAY)[:10], aliases))
