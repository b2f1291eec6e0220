#!/usr/bin/env python3
"""An independent count of dictionary categories per month, for `dateline lookup --pipeline plain`.

Usage: lookup_check.py CORPUS.csv DICTIONARY.yml STOPWORDS.txt > counts.csv

Written apart from dateline, with regular expressions: the tokens of the `plain` pipeline (the
benchmark peers' definition, bench/peers.py: lower-case, possessive 's removed, letters and
digits with inner ' or -, numbers dropped, sentences split at blank lines and at . ! ? before
whitespace and a character that is not a lower-case letter); each sentence's tokens joined by
single spaces; each category one regular expression, its entries as alternatives, the entries
with more words first, so that `finditer` counts leftmost-longest matches that do not overlap
(`--overlap longest`). Globs: `*` is any run of characters within a word, `?` one character.

The dictionary is read by a small parser of the YAML that quanteda writes (nested mappings by
indentation, `- entry` lists, `key: [a, b]` flow lists, `# comments`), not by dateline's.

Output: period,category,count,docs,period_docs,tokens for every month with documents.
"""

import csv
import re
import sys

TOKEN = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
POSS = re.compile(r"([^\W_])'s\b")
NUMBER = re.compile(r"^[0-9]+(?:st|nd|rd|th|s)?(?:-[0-9]+(?:st|nd|rd|th|s)?)*$")
SENT_END = re.compile("([.!?\u2026][\"'\u201d\u2019)\\]]*)\\s+([^a-z\\s])")
PARA = re.compile(r"\n[ \t\r]*\n")
MARK = "\x01"


def words(text):
    """The plain tokens of one piece of text (no sentence split)."""
    return [t for t in TOKEN.findall(POSS.sub(r"\1", text.lower())) if not NUMBER.match(t)]


def sentences(text):
    text = text.replace("\u2019", "'")
    text = SENT_END.sub("\\1" + MARK + "\\2", text)
    text = PARA.sub(MARK, text)
    return [words(s) for s in text.split(MARK)]


def unquote(s):
    s = s.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        return s[1:-1]
    return s


def read_yaml(path):
    """[(category, [entries])] from a quanteda-style YAML dictionary."""
    cats = []
    stack = []  # (indent, name)
    for raw in open(path, encoding="utf-8"):
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        body = line.strip()
        if body.startswith("- "):
            cats[-1][1].append(unquote(body[2:]))
            continue
        key, _, rest = body.partition(":")
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, key.strip()))
        name = ".".join(n for _, n in stack)
        rest = rest.strip()
        if rest.startswith("["):
            cats.append((name, [unquote(x) for x in rest.strip("[]").split(",")]))
        elif rest:
            cats.append((name, [unquote(rest)]))
        else:
            cats.append((name, []))
    return [(n, e) for n, e in cats if e]


def entry_regex(entry):
    parts = []
    for w in entry.split():
        if "*" in w or "?" in w:
            parts.append(
                "".join("[^ ]*" if c == "*" else "[^ ]" if c == "?" else re.escape(c) for c in w.lower())
            )
        else:
            parts.extend(re.escape(t) for t in words(w.replace("\u2019", "'")))
    return len(parts), r"(?<![^ ])" + " ".join(parts) + r"(?![^ ])"


def main():
    corpus, dictionary, stop_file = sys.argv[1:4]
    stop = set()
    for line in open(stop_file, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            stop.add(line)
    cats = read_yaml(dictionary)
    regexes = []
    for name, entries in cats:
        alts = sorted((entry_regex(e) for e in entries), key=lambda a: -a[0])
        regexes.append((name, re.compile("|".join(f"(?:{r})" for _, r in alts))))
    counts = {}  # (period, category) -> [count, docs]
    totals = {}  # period -> [docs, tokens]
    with open(corpus, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if not row["date"]:
                continue
            period = row["date"][:7]
            text = (row["title"] or "") + "\n\n" + row["body"]
            sents = [" ".join(s) for s in sentences(text) if s]
            t = totals.setdefault(period, [0, 0])
            t[0] += 1
            t[1] += sum(1 for s in sents for w in s.split(" ") if w not in stop)
            for name, rx in regexes:
                n = sum(len(rx.findall(s)) for s in sents)
                c = counts.setdefault((period, name), [0, 0])
                c[0] += n
                c[1] += 1 if n else 0
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["period", "category", "count", "docs", "period_docs", "tokens"])
    for period in sorted(totals):
        for name, _ in regexes:
            c = counts.get((period, name), [0, 0])
            out.writerow([period, name, c[0], c[1], totals[period][0], totals[period][1]])


if __name__ == "__main__":
    main()
