"""Storing new documents: one transaction each against grouped atomic ingests, side by side.

    .venv/bin/python bench/store_writes.py [--docs 200] [--rounds 5]

Builds ``--docs`` perturbed articles once (NLP, extraction, resolution, RDF,
SHACL, quads, in this process), then, in interleaved rounds on fresh on-disk
stores, writes the same built documents two ways:

* **per document**: ``Store.replace_quads`` for each, one transaction each
  (what ``caveat run`` did before the grouped writes);
* **grouped**: ``pipeline.run.store_documents``, which writes the new documents
  of each group (``WRITE_GROUP_DOCS``) as one atomic ingest.

Prints the fastest and median round of each and their ratio (above 1: grouped
is faster), and checks that both stores hold the same quads.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def _quads(path: Path) -> set[str]:
    import pyoxigraph as ox
    db = ox.Store.read_only(str(path))
    quads = {str(q) for q in db}
    del db
    return quads


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    import synth

    from pipeline.engine import build_document
    from pipeline.records import Document
    from pipeline.resolve import resolve_corpus
    from pipeline.run import WRITE_GROUP_DOCS, extract_documents, store_documents
    from pipeline.store import Store

    docs = [Document(id=d["id"], text=d["text"]) for d in synth.perturbed_corpus(args.docs, seed=args.seed)]
    print(f"building {len(docs)} documents ...", flush=True)
    built = [build_document(x) for x in resolve_corpus(extract_documents(docs, None))]
    pairs = [(x, b) for x, b in zip(docs, built) if not b.failure]
    quads = sum(len(qs) for _, b in pairs for qs in b.quads.values())
    print(f"{len(pairs)} documents, {quads:,} quads (before the union copies); "
          f"groups of {WRITE_GROUP_DOCS}")

    def per_document(store: Store) -> None:
        for _, b in pairs:
            store.replace_quads(b.quads)

    def grouped(store: Store) -> None:
        for _ in store_documents(store, pairs):
            pass

    ways = {"per document": per_document, "grouped": grouped}
    times: dict[str, list[float]] = {name: [] for name in ways}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for name, write in ways.items():
                path = Path(tmp) / f"{name.replace(' ', '-')}-{r}"
                with Store.open(path) as store:
                    t0 = time.perf_counter()
                    write(store)
                    times[name].append(time.perf_counter() - t0)
        same = _quads(Path(tmp) / "per-document-0") == _quads(Path(tmp) / "grouped-0")
    print(f"\n{'way':14s} {'fastest s':>10s} {'median s':>10s}   rounds")
    for name, ts in times.items():
        print(f"{name:14s} {min(ts):10.3f} {statistics.median(ts):10.3f}   "
              + " / ".join(f"{t:.2f}" for t in ts))
    a, b = times["per document"], times["grouped"]
    print(f"\ngrouped against per document: {min(a) / min(b):.2f}x (fastest rounds), "
          f"{statistics.median(a) / statistics.median(b):.2f}x (medians), round by round: "
          + " / ".join(f"{x / y:.2f}" for x, y in zip(a, b)))
    print(f"same quads in both stores: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
