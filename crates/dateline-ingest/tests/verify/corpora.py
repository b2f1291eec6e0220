#!/usr/bin/env python3
"""Independent counts over the shared corpora, for tests/it/corpora.rs.

Plain Python (json, csv, re, html): no code shared with the Rust crate. Run from the workspace
root: python3 crates/dateline-ingest/tests/verify/corpora.py [../shared/corpora]

Normalization used for duplicate keys (a simplified re-statement of the cleaning rules):
entities unescaped, each non-empty line trimmed and inner whitespace collapsed, a first line equal
to the title (letters/digits, case-insensitive) dropped, a leading "Place, Month D (KCNA) --"
dropped, "-0-" and "www.kcna.kp (...)" removed. Key = (title, normalized body).
"""
import csv, glob, html, json, os, re, sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora"
DATELINE = re.compile(r"^(?:[A-Z][A-Za-z.'’ -]{1,40}?\s*,\s*)?[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*\((?:KCNA|kcna)\)\s*(?:-{1,3}|–|—|:)?\s*")
SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff\u200b\x0b\x0c]+")

def squash(s):
    return "".join(c.lower() for c in s if c.isalnum())

def norm(title, body):
    body = html.unescape(body)
    body = re.sub(r"(?i)</?(nobr|br|p|div|b|i|u|em|strong|span|font|a|img|sup|sub)\b[^<>]{0,300}/?>", "\n", body)
    lines = [SPACES.sub(" ", l).strip() for l in re.split(r"[\r\n\u2028\u2029\x85]", body)]
    lines = [l for l in lines if l]
    lines = [l for l in lines if not re.fullmatch(r"www\.kcna\.kp\s*\(\d{4}\.\d{1,2}\.\d{1,2}\.?\)", l)]
    if lines:
        lines[-1] = re.sub(r"\s*-0-$", "", lines[-1])
    lines = [l for l in lines if l]
    t = SPACES.sub(" ", html.unescape(title or "")).strip()
    if lines and t and squash(lines[0]) == squash(t):
        lines = lines[1:]
    if lines:
        lines[0] = DATELINE.sub("", lines[0])
    return (t, "\n\n".join(l for l in lines if l).strip())

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DATELINE_MD = re.compile(r"^(?:[A-Z][A-Za-z.'’ -]{1,40}?\s*,\s*)?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?\s+(\d{1,2})\s*\((?:KCNA|kcna)\)")

def url_date(url):
    """A YYYY-MM-DD or YYYYMMDD date inside a URL (newer kcna.co.jp and Rodong URLs carry one)."""
    import datetime
    for m in re.finditer(r"(?:^|\D)((?:19|20)\d{2})-?(\d{2})-?(\d{2})(?:\D|$)", url or ""):
        try:
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            pass
    return None

def first_line(title, body):
    """The first body line after the repeated title (before the dateline is removed)."""
    body = html.unescape(body)
    lines = [SPACES.sub(" ", l).strip() for l in re.split(r"[\r\n]", body)]
    lines = [l for l in lines if l]
    t = SPACES.sub(" ", html.unescape(title or "")).strip()
    if lines and t and squash(lines[0]) == squash(t):
        lines = lines[1:]
    return lines[0] if lines else ""

ES = {"de", "la", "el", "y", "los", "las", "que", "del", "por", "con", "para", "una", "se", "en"}
EN = {"the", "of", "and", "to", "in", "is", "that", "for", "with", "was", "by", "on"}

def spanish(text):
    words = re.findall(r"[^\W\d_]+", text[:1000].lower())
    es = sum(w in ES for w in words)
    en = sum(w in EN for w in words)
    return es > en and es >= 5

def kcna_cojp():
    base = os.path.join(ROOT, "kcna-cojp-daily-1997-2018", "cache")
    files = sorted(glob.glob(os.path.join(base, "juche", "*.json"))) + [os.path.join(base, "final_export.json")]
    records = nulls = empty = 0
    keys = {}
    dates = []
    es = fffd = mismatch = 0
    for f in files:
        d = json.load(open(f, encoding="utf-8"))
        days = d if isinstance(d, list) else [d]
        for day in days:
            for a in day.get("articles") or []:
                records += 1
                if a is None:
                    nulls += 1
                    continue
                c = a.get("content")
                if not isinstance(c, str) or not c.strip():
                    empty += 1
                    continue
                k = norm(a.get("title"), c)
                if not k[1]:
                    empty += 1
                    continue
                if k not in keys:
                    date = url_date(a.get("url")) or day["date"]
                    keys[k] = date
                    es += spanish(k[1])
                    fffd += "\ufffd" in k[0] or "\ufffd" in k[1]
                    m = DATELINE_MD.match(first_line(a.get("title"), c))
                    if m and (MONTHS.index(m.group(1)[:3]) + 1, int(m.group(2))) != (int(date[5:7]), int(date[8:10])):
                        mismatch += 1
    dates = sorted(keys.values())
    print("kcna-cojp: files", len(files), "records", records, "null", nulls, "empty", empty,
          "unique", len(keys), "dup", records - nulls - empty - len(keys),
          "spanish(vote)", es, "fffd", fffd, "dateline!=date", mismatch, "dates", dates[0], dates[-1])

def stiles():
    f = os.path.join(ROOT, "stiles-kcna-kp-2024", "data", "archive", "headlines_2024-11-11.json")
    d = json.load(open(f, encoding="utf-8"))
    empty = sum(1 for r in d if not r["story_text"].strip())
    keys = {}
    for r in d:
        if r["story_text"].strip():
            keys.setdefault(norm(r["headline"], r["story_text"]), r["date_str"])
    texts = {r["story_text"] for r in d if r["story_text"].strip()}
    dates = sorted(keys.values())
    print("stiles: records", len(d), "empty", empty, "unique(title,body)", len(keys),
          "unique story_text", len(texts), "dates", dates[0], dates[-1])

def nklm():
    f = os.path.join(ROOT, "nklm-rodong-sample", "nklm", "training", "10_articles.csv")
    rows = list(csv.DictReader(open(f, encoding="utf-8", newline="")))
    import collections
    bylines = collections.Counter(re.search(r"[.!?\"”’]\s+([A-Z][a-z]+(?: [A-Z][a-z]+){1,3})\s*$", r["body"]).group(1) for r in rows)
    print("nklm: bylines", dict(bylines))
    print("nklm: rows", len(rows), "dates", min(r["date"] for r in rows), max(r["date"] for r in rows))

def rodong_json():
    total = 0; keys = set(); empty = 0; dates = []
    for f in sorted(glob.glob(os.path.join(ROOT, "rodong-frontpage-json-2021-2022", "data", "versions", "*.json"))):
        d = json.load(open(f, encoding="utf-8"))
        for a in (d if isinstance(d, list) else d["topNews"]):
            total += 1
            body = "\n\n".join(a.get("content") or [])
            if not body.strip():
                empty += 1
                continue
            keys.add((a["title"], body))
            dates.append(re.search(r"newsID=(\d{4}-\d{2}-\d{2})", a["url"]).group(1))
    print("rodong-json: records", total, "empty", empty, "unique", len(keys), "dates", min(dates), max(dates))

def rodong_html():
    n_article = n_list = 0
    for f in sorted(glob.glob(os.path.join(ROOT, "rodong-html-pages-2022", "data", "**", "*"), recursive=True)):
        if os.path.isdir(f) or f.endswith(".md"):
            continue
        t = open(f, encoding="utf-8").read()
        if 'class="ArticleContent"' in t:
            n_article += 1
        else:
            n_list += 1
    print("rodong-html: article pages", n_article, "other pages", n_list)

kcna_cojp(); stiles(); nklm(); rodong_json(); rodong_html()
