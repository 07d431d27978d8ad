"""How much Caveat's own spaCy components add to the model's parse, side by side.

    .venv/bin/python bench/nlp_overhead.py [--repeat 3]

Parses the same texts (seeds, tests/articles, tests/blind) with the bare model and
with Caveat's pipeline (paragraphs, gazetteer, cue ruler) in one run; prints both
times and their ratio (1.0 = no overhead). Then times the cue lexicon alone on the
same parsed texts, in CPU seconds, with Caveat's cue ruler and with spaCy's own
``span_ruler`` (the baseline it replaces), and checks they set the same spans.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy
import srsly

from pipeline.nlp.loader import CUES_KEY, LEXICON_DIR, load_pipeline, resolve_model

ROOT = Path(__file__).resolve().parents[1]


def _cue_rulers(nlp, docs, rounds: int = 3) -> None:
    from spacy.tokens import Doc
    patterns = list(srsly.read_jsonl(LEXICON_DIR / "cues.jsonl"))
    config = {"spans_key": "bench", "phrase_matcher_attr": "LOWER", "overwrite": False}
    rulers = {}
    for name, factory in (("spaCy span_ruler", "span_ruler"), ("Caveat cue ruler", "caveat_cue_ruler")):
        host = spacy.blank("en", vocab=nlp.vocab)  # alone: nothing runs on its phrase patterns
        rulers[name] = host.add_pipe(factory, config=config)
        rulers[name].add_patterns(patterns)
    best = {name: float("inf") for name in rulers}
    spans = {}
    for _ in range(rounds):  # interleaved, fastest round kept
        for name, ruler in rulers.items():
            copies = [Doc(d.vocab).from_bytes(d.to_bytes()) for d in docs]
            start = time.process_time()
            out = [ruler(d) for d in copies]
            best[name] = min(best[name], time.process_time() - start)
            spans[name] = [[(s.start, s.end, s.label_, s.id_) for s in d.spans["bench"]] for d in out]
    base, ours = best["spaCy span_ruler"], best["Caveat cue ruler"]
    same = spans["spaCy span_ruler"] == spans["Caveat cue ruler"]
    print(f"cue lexicon on {len(docs)} parsed texts, CPU s: spaCy span_ruler {base:.3f}, "
          f"Caveat cue ruler {ours:.3f} ({base / ours:.1f}x faster); same spans: {same}")
    if not same:
        raise SystemExit("the cue rulers disagree")


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
    with caveat.select_pipes(disable=[CUES_KEY]):
        parsed = list(caveat.pipe(texts, batch_size=16))
    _cue_rulers(caveat, parsed)


if __name__ == "__main__":
    main()
