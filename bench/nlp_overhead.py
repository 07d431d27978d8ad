"""How much Caveat's own spaCy components add to the model's parse, side by side.

    .venv/bin/python bench/nlp_overhead.py [--repeat 3]

Parses the same texts (seeds, tests/articles, tests/blind) with the bare model and
with Caveat's pipeline (the model with its attribute ruler and lemmatizer swapped
for ``pipeline.nlp.fast_model``'s, plus paragraphs, gazetteer, cue ruler) in one
run; prints both times and their ratio (above 1.0: Caveat's NLP is faster).
Then, in CPU seconds with interleaved rounds (fastest kept):

* each model component, stock against swapped, on the same texts, and whether
  every token gets the same tag, POS, morphology, lemma, dependency and head;
* the cue lexicon alone on the same parsed texts, with Caveat's cue ruler and
  with spaCy's own ``span_ruler`` (the baseline it replaces), and whether they
  set the same spans.
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


def _model_components(texts: list[str], rounds: int = 5) -> None:
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

    from pipeline.nlp.fast_model import swap_model_components
    name = resolve_model(None)
    pipelines = {"stock": spacy.load(name), "swapped": swap_model_components(spacy.load(name))}
    best: dict[tuple[str, str], float] = {}
    for _ in range(rounds):
        docs = {label: [nlp.make_doc(t) for t in texts] for label, nlp in pipelines.items()}
        for component in pipelines["stock"].pipe_names:
            for label, nlp in pipelines.items():  # side by side, component by component
                proc = nlp.get_pipe(component)
                start = time.process_time()
                docs[label] = list(proc.pipe(docs[label], batch_size=16))
                key = (label, component)
                best[key] = min(best.get(key, float("inf")), time.process_time() - start)
        final = docs
    print(f"model components on {len(texts)} texts, CPU s (stock / swapped):")
    for component in pipelines["stock"].pipe_names:
        stock, swapped = best[("stock", component)], best[("swapped", component)]
        print(f"  {component:16s} {stock:7.3f} / {swapped:7.3f}"
              + (f"  ({stock / swapped:.1f}x faster)" if component in ("attribute_ruler", "lemmatizer") else ""))
    total = {label: sum(v for (lab, _), v in best.items() if lab == label) for label in pipelines}
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
    same = all((a.to_array(attrs) == b.to_array(attrs)).all()
               and [str(t.morph) for t in a] == [str(t.morph) for t in b]
               for a, b in zip(final["stock"], final["swapped"]))
    print(f"  {'all':16s} {total['stock']:7.3f} / {total['swapped']:7.3f}  "
          f"(throughput ratio {total['stock'] / total['swapped']:.3f}); same annotations: {same}")
    if not same:
        raise SystemExit("the swapped components annotate differently")


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
    timings = {name: float("inf") for name in ("bare model", "with Caveat's components")}
    for _ in range(3):  # interleaved rounds, fastest kept: the machine may be shared
        for name, nlp in (("bare model", base), ("with Caveat's components", caveat)):
            start = time.process_time()
            list(nlp.pipe(texts, batch_size=16))
            timings[name] = min(timings[name], time.process_time() - start)
    b, c = timings["bare model"], timings["with Caveat's components"]
    print(f"{len(texts)} texts, CPU s: bare model {b:.2f}, with Caveat's components {c:.2f}, "
          f"throughput ratio {b / c:.2f}")
    _model_components(texts)
    with caveat.select_pipes(disable=[CUES_KEY]):
        parsed = list(caveat.pipe(texts, batch_size=16))
    _cue_rulers(caveat, parsed)


if __name__ == "__main__":
    main()
