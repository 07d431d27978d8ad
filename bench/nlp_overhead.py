"""How much Caveat's own spaCy components add to the model's parse, side by side.

    .venv/bin/python bench/nlp_overhead.py [--repeat 3]

Parses the same texts (seeds, tests/articles, tests/blind) with the bare model and
with Caveat's pipeline (paragraphs, gazetteer, cue ruler) in one run; prints both
times and their ratio (1.0 = no overhead).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from pipeline.nlp.loader import load_pipeline, resolve_model

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="copies of the corpus to parse")
    args = ap.parse_args()
    files = sorted([*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/articles/*.txt"),
                    *ROOT.glob("tests/blind/*.txt")])
    texts = [f.read_text(encoding="utf-8") for f in files] * args.repeat
    base, caveat = spacy.load(resolve_model(None)), load_pipeline()
    for nlp in (base, caveat):
        list(nlp.pipe(texts[:3]))  # warm up
    timings = {}
    for name, nlp in (("bare model", base), ("with Caveat's components", caveat)):
        start = time.perf_counter()
        list(nlp.pipe(texts, batch_size=16))
        timings[name] = time.perf_counter() - start
    b, c = timings["bare model"], timings["with Caveat's components"]
    print(f"{len(texts)} texts: bare model {b:.2f} s, with Caveat's components {c:.2f} s, "
          f"throughput ratio {b / c:.2f}")


if __name__ == "__main__":
    main()
