#!/usr/bin/env python3
"""Writes data/sample/ (KCNA Watch page copies) and prints the facts listed in its README.

The facts are counted here with plain Python (regex word counts), independently of the Rust code.
Run from the workspace root: python3 crates/dateline-ingest/tests/verify/make_sample.py
"""
import datetime, os, re, sys

A = [
 ("2017-03-07","missile-drill","KPA Strategic Force Conducts Ballistic Rocket Drill","Pyongyang",
  ["The Strategic Force of the Korean People's Army conducted a ballistic rocket launching drill on March 6 in the presence of Kim Jong Un.",
   "The drill was staged to counter the U.S. and south Korean joint war exercises. Kim Jong Un said the nuclear force of the DPRK is a treasured sword to defend peace and that the DPRK will bolster its nuclear deterrent as long as the U.S. hostile policy goes on.",
   "He stressed that no sanctions can ever check the advance of the DPRK and that the anti-U.S. struggle will be waged to the last."]),
 ("2017-03-12","sanctions-condemned","Foreign Ministry Spokesman Slams Sanctions Racket","Pyongyang",
  ["A spokesman for the DPRK Foreign Ministry released a statement on March 11 denouncing the new sanctions cooked up by the U.S. and its followers.",
   "The spokesman said that the sanctions are a criminal act of infringing upon the sovereignty of the DPRK, and the nuclear deterrent of the country is not a bargaining chip.",
   "He noted that the U.S. and Japan are crying out for more sanctions, but the DPRK will never give up its nuclear weapons. Sanctions and pressure only harden the resolve of the Korean people."]),
 ("2017-05-04","japan-criticized","Japan's Moves for Militarization Flayed","Pyongyang",
  ["Rodong Sinmun on May 4 carries a commentary accusing Japan of using the situation on the Korean peninsula as a pretext for militarization.",
   "The commentary says that Japan, following the U.S., is clamoring for sanctions against the DPRK while expanding its armed forces.",
   "It warns that Japan will not be safe if it joins the U.S. in a nuclear war against the DPRK, and calls on the Japanese authorities to stop their reckless moves and to respect peace in the region."]),
 ("2017-07-05","icbm-test","DPRK Successfully Test-fires ICBM","Pyongyang",
  ["The DPRK successfully test-fired the intercontinental ballistic rocket Hwasong-14 on July 4 under the guidance of Kim Jong Un.",
   "The test confirmed the reliability of the nuclear warhead delivery system. Kim Jong Un said that the DPRK will never put its nuclear weapons and ballistic rockets on the negotiating table unless the hostile policy and nuclear threat of the U.S. are terminated.",
   "He noted that Donald Trump and the U.S. would be upset by this gift on their Independence Day, and that the anti-U.S. showdown has entered its final stage. No sanctions can stop the nuclear force."]),
 ("2017-07-11","sino-dprk-friendship","Sino-DPRK Friendship Treaty Anniversary Marked","Beijing",
  ["The Chinese Embassy in Pyongyang hosted a reception on July 10 to mark the 56th anniversary of the Sino-DPRK Treaty of Friendship, Cooperation and Mutual Assistance.",
   "Speakers said that the friendship between the DPRK and China, forged in the joint struggle, will grow stronger. They wished Xi Jinping and the Chinese people success in socialist construction.",
   "The ambassador said that China values peace and stability on the Korean peninsula. Officials of the Ministry of Foreign Affairs and members of the embassy staff were present at the reception."]),
 ("2017-09-04","nuclear-test","Kim Jong Un Inspects Work for Nuclear Weaponization","Pyongyang",
  ["Kim Jong Un inspected the work for loading an H-bomb on a new ICBM at the Nuclear Weapons Institute.",
   "He said that all the components of the H-bomb are domestically made, so the DPRK can produce nuclear weapons as many as it wants. The nuclear test was a perfect success, he said.",
   "He noted that the U.S. and its vassal forces talking about sanctions and pressure only prove that they fear the nuclear force of the DPRK. Donald Trump will pay dearly for the reckless threats against the DPRK, he said, adding that the nuclear deterrent guarantees peace."]),
 ("2017-09-12","un-sanctions-rejected","DPRK Rejects UNSC Sanctions Resolution","Pyongyang",
  ["The DPRK Foreign Ministry released a statement on September 12 categorically rejecting the new sanctions resolution of the UN Security Council rigged up by the U.S.",
   "The statement said that the sanctions resolution is the product of the U.S. policy of stifling the DPRK and that the sanctions will only make the DPRK speed up the building of its nuclear force.",
   "The U.S. will face the greatest pain it has ever experienced, the statement warned. The anti-U.S. sentiment of the Korean people is running high."]),
 ("2017-11-10","trump-asia-trip","Trump's Asian Tour Denounced","Pyongyang",
  ["Rodong Sinmun on November 10 says that the Asian tour of Donald Trump was a trip of a war maniac seeking a nuclear war on the Korean peninsula.",
   "During his trip to Japan, south Korea and China, Donald Trump called for more sanctions and pressure on the DPRK, the paper says.",
   "The paper stresses that the DPRK will never give up its nuclear deterrent, which is a just means of self-defence, and the anti-U.S. struggle will go on. The U.S. should know that sanctions cannot work."]),
 ("2018-01-02","new-year-address","Kim Jong Un Makes New Year Address","Pyongyang",
  ["Kim Jong Un made a New Year Address on January 1. He said that the DPRK completed its national nuclear force last year and that the nuclear button is on his office desk.",
   "He said that the DPRK is willing to send a delegation to the Winter Olympics in south Korea and that the north and the south should improve relations and ease tension for peace.",
   "He called on all Koreans to open a new era of peace and reunification this year."]),
 ("2018-01-10","north-south-talks","North-South High-level Talks Held","Panmunjom",
  ["High-level talks between the north and the south of Korea were held at Panmunjom on January 9.",
   "The two sides agreed on the participation of the DPRK delegation in the Winter Olympics and on holding military talks to ease tension. They agreed to work together for peace on the Korean peninsula.",
   "The joint press release said that the north and the south will respect each other and resolve problems through dialogue and negotiation. The delegations will meet again soon to discuss the details of the visit."]),
 ("2018-03-07","special-envoys","Kim Jong Un Receives Special Envoys of Moon Jae In","Pyongyang",
  ["Kim Jong Un received the special envoys of Moon Jae In, president of south Korea, on March 5 and had a cordial talk with them.",
   "He said that the north and the south should write a new history of reunification, and he agreed to hold a summit with Moon Jae In at Panmunjom in April.",
   "The talk was held in a warm atmosphere. Kim Jong Un said the DPRK wants peace and that the summit will be a milestone for peace on the Korean peninsula."]),
 ("2018-03-28","visit-to-china","Kim Jong Un Pays Unofficial Visit to China","Beijing",
  ["Kim Jong Un paid an unofficial visit to China from March 25 to 28 at the invitation of Xi Jinping.",
   "At the talks Kim Jong Un and Xi Jinping agreed to develop the Sino-DPRK friendship, which was provided by the preceding leaders of the two countries, onto a new higher stage.",
   "Xi Jinping hosted a banquet in honour of Kim Jong Un. The two leaders discussed peace and stability on the Korean peninsula and the summit to come. The Sino-DPRK relations will grow stronger, they said."]),
 ("2018-04-28","panmunjom-summit","Panmunjom Declaration for Peace Adopted","Panmunjom",
  ["Kim Jong Un and Moon Jae In held a historic summit at Panmunjom on April 27 and signed the Panmunjom Declaration for Peace, Prosperity and Reunification of the Korean Peninsula.",
   "The declaration says that there will be no more war on the Korean peninsula and that a new era of peace has begun. The north and the south agreed to turn the peninsula into a nuclear-free zone of peace.",
   "Moon Jae In will visit Pyongyang this autumn, the declaration says. The summit was a milestone in the history of the nation. Peace, peace and peace is the wish of all Koreans."]),
 ("2018-04-30","summit-hailed","Panmunjom Summit Hailed Abroad","Pyongyang",
  ["Political parties and public figures of various countries hailed the inter-Korean summit held at Panmunjom.",
   "They said that the summit between Kim Jong Un and Moon Jae In opened a new chapter for peace on the Korean peninsula and in Asia.",
   "Xi Jinping and Vladimir Putin welcomed the summit and the Panmunjom Declaration. Russia and China expressed support for the peace process. The summit marked a turning point for lasting peace, they noted. Newspapers and news agencies of many countries carried articles on the event."]),
 ("2018-06-13","singapore-summit","DPRK-U.S. Summit Held in Singapore","Singapore",
  ["Kim Jong Un and Donald Trump held the first DPRK-U.S. summit in Singapore on June 12 and signed a joint statement.",
   "The two leaders agreed to establish new DPRK-U.S. relations and to build a lasting and stable peace regime on the Korean peninsula. The DPRK committed to work toward complete denuclearization of the peninsula.",
   "Kim Jong Un said that the summit would be a meaningful step toward peace. Donald Trump expressed his intention to halt the war games and to offer security guarantees. The summit opened a new era of peace."]),
 ("2018-06-20","third-china-visit","Kim Jong Un Visits China Again","Beijing",
  ["Kim Jong Un visited China on June 19 and 20 and held talks with Xi Jinping.",
   "Xi Jinping highly appreciated the successful summit in Singapore and said that China would support the DPRK in its efforts for peace.",
   "Kim Jong Un said that the Sino-DPRK friendship would develop further and that the DPRK would work with China for lasting peace on the peninsula. The talks were held in a friendly atmosphere. Kim Jong Un also visited an agricultural science institute and a traffic control centre in Beijing."]),
 ("2018-09-20","pyongyang-summit","Pyongyang Joint Declaration Signed","Pyongyang",
  ["Kim Jong Un and Moon Jae In signed the Pyongyang Joint Declaration on September 19 during the third summit of the year.",
   "The declaration says that the north and the south will turn the Korean peninsula into a land of peace without nuclear weapons and nuclear threats, and will expand cooperation and exchanges.",
   "Moon Jae In addressed 150 000 citizens at the May Day Stadium and said that the two sides will live together in peace. The summit was a great event for peace and reunification."]),
 ("2019-02-04","lavrov-message","Ri Yong Ho Exchanges Messages with Sergei Lavrov","Pyongyang",
  ["Ri Yong Ho, foreign minister of the DPRK, and Sergei Lavrov, foreign minister of Russia, exchanged New Year messages.",
   "Ri Yong Ho wished Sergei Lavrov and the Russian people success and said that the relations between the DPRK and Russia would develop in the new year. Sergei Lavrov said that Russia supports peace on the Korean peninsula and the efforts of the DPRK.",
   "The messages expressed the hope that the summit of the two countries would be held soon. The two ministers also noted the 70th anniversary of diplomatic ties, which falls this year."]),
 ("2019-04-26","vladivostok-summit","Kim Jong Un Holds Talks with Vladimir Putin","Vladivostok",
  ["Kim Jong Un held talks with Vladimir Putin, president of Russia, in Vladivostok on April 25.",
   "The two leaders discussed the development of DPRK-Russia relations and the situation on the Korean peninsula. Vladimir Putin said that Russia supports the efforts of the DPRK for peace and that sanctions are not the way to solve the issue.",
   "Kim Jong Un said that peace on the peninsula depends on the attitude of the U.S., which resorted to a unilateral attitude at the Hanoi summit. Choe Son Hui, first vice-minister of Foreign Affairs, and Ri Yong Ho were present. Russia and the DPRK agreed to develop their friendship."]),
]

DUP_OF = "2018-04-28-panmunjom-summit.txt"
DUP_NAME = "2018-04-28-panmunjom-declaration-copy.txt"
TEASER_PAGE = "2018-04-30-summit-hailed.txt"

MONTHS = ["January","February","March","April","May","June","July","August","September","October","November","December"]

def page(date, title, place, paras, teasers=()):
    d = datetime.date.fromisoformat(date)
    cap = "February 17, 2026Feb 17, 2026"
    body = f"{place}, {MONTHS[d.month-1]} {d.day} (KCNA) -- " + paras[0]
    rest = paras[1:]
    lines = [cap, "KCNA KCNA.kp (En)", "", title, "",
             f"Date: {d.day:02d}/{d.month:02d}/{d.year} | Source: KCNA.kp (En) | Read original version at source", "",
             body, ""]
    for i, p in enumerate(rest):
        last = i == len(rest) - 1
        lines += [p + (" -0-" if last else ""), ""]
    lines += [f"www.kcna.kp ({d.year}.{d.month:02d}.{d.day:02d}.)", ""]
    if teasers:
        lines += ["More From KCNA.kp (En)", ""]
        for (tt, lead, tdate) in teasers:
            td = datetime.date.fromisoformat(tdate)
            lines += [tt, "", tt, "", lead, "", f"{MONTHS[td.month-1]} {td.day}, {td.year}", "", lead, ""]
        lines += ["More Articles", ""]
    return "\n".join(lines)

def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    out = os.path.join(root, "data", "sample")
    os.makedirs(out, exist_ok=True)
    by_title = {a[2]: a for a in A}
    files = []
    for (date, slug, title, place, paras) in A:
        name = f"{date}-{slug}.txt"
        teasers = ()
        if name == TEASER_PAGE:
            summit = by_title["Panmunjom Declaration for Peace Adopted"]
            teasers = (
                (summit[2], f"Panmunjom, April 27 (KCNA) -- Kim Jong Un and Moon Jae In held a historic summit at Panmunjom on April 27 and signed the", "2018-04-28"),
                ("Art Troupe Performs in Pyongyang", "Pyongyang, April 29 (KCNA) -- An art troupe gave a performance at the East Pyongyang Grand Theatre on", "2018-04-29"),
            )
        text = page(date, title, place, paras, teasers)
        open(os.path.join(out, name), "w").write(text)
        files.append((name, date, title))
        if name == DUP_OF:
            open(os.path.join(out, DUP_NAME), "w").write(text)
            files.append((DUP_NAME, date, title + " (exact duplicate)"))
    files.sort()
    # Facts, counted on the article titles and bodies as written above (no dateline, no end marks):
    # case-insensitive, whole words: (?<!\w)WORD(?!\w), so "nuclear-free" counts for "nuclear"
    # and "Sino-DPRK" counts for "DPRK".
    def count(word, year):
        n = 0
        for (date, slug, title, place, paras) in A:
            if date.startswith(str(year)):
                text = title + "\n" + "\n".join(paras)
                n += len(re.findall(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text, flags=re.I))
        return n
    months = sorted({a[0][:7] for a in A})
    per_month = {m: sum(1 for a in A if a[0].startswith(m)) for m in months}
    words = ["nuclear", "sanctions", "peace", "summit", "DPRK", "U.S.", "Russia", "China", "Japan",
             "south Korea", "Sino-DPRK", "anti-U.S.", "Kim Jong Un", "Donald Trump", "Xi Jinping",
             "Moon Jae In", "Vladimir Putin", "Sergei Lavrov", "Ri Yong Ho", "Choe Son Hui"]
    r = ["# Sample corpus", "",
         "KCNA Watch page copies written for dateline's tests and examples (invented short texts in the",
         "style of KCNA English; not real articles). Generated by",
         "`crates/dateline-ingest/tests/verify/make_sample.py` (run from the workspace root), which also",
         "counts the facts below with plain Python regexes, independently of the Rust code.", "",
         "## Files", "", "| file | date | title |", "|---|---|---|"]
    r += [f"| `{n}` | {d} | {t} |" for (n, d, t) in files]
    r += ["", "## Facts a test can check", "",
          f"- {len(files)} files, {len(files) + 2} records (each page is one article; `{TEASER_PAGE}` also lists 2 teasers).",
          f"- After dedup: **{len(A)} documents** (`{DUP_NAME}` is a byte-identical copy of `{DUP_OF}`: 1 duplicate removed, `copies = 2`).",
          "- Teasers: 1 already present in full (\"Panmunjom Declaration for Peace Adopted\", 2018-04-28), 1 dropped by default (\"Art Troupe Performs in Pyongyang\", 2018-04-29).",
          f"- Dates: {A[0][0]} .. {A[-1][0]}; every document dated (`Date:` line), no flags; all `lang = en`, source `KCNA`.",
          f"- Documents per year: 2017 {sum(1 for a in A if a[0][:4]=='2017')}, 2018 {sum(1 for a in A if a[0][:4]=='2018')}, 2019 {sum(1 for a in A if a[0][:4]=='2019')}.",
          f"- Months with documents ({len(months)}): " + ", ".join(f"{m} ({c})" for m, c in per_month.items()) + ".",
          "- Empty months inside the range, e.g. 2017-04, 2017-06, 2017-08, 2017-10, 2017-12, 2018-02.",
          "- Places: " + ", ".join(f"{p} {sum(1 for a in A if a[3]==p)}" for p in sorted({a[3] for a in A})) + ".",
          "", "Occurrences per year in title + body (case-insensitive, `(?<!\\w)WORD(?!\\w)`, so `nuclear-free`",
          "counts as `nuclear` and `Sino-DPRK` as `DPRK`; the duplicate file counted once):", "",
          "| term | 2017 | 2018 | 2019 |", "|---|---|---|---|"]
    r += [f"| {w} | {count(w, 2017)} | {count(w, 2018)} | {count(w, 2019)} |" for w in words]
    open(os.path.join(out, "README.md"), "w").write("\n".join(r) + "\n")
    print("\n".join(r))

main()
