"""How documents are cut into chunks for the workers: equal chunks against guided ones, side by side.

    .venv/bin/python bench/chunking.py [--docs 200] [--workers 2] [--rounds 4]

Runs ``pipeline.run.run`` with ``--workers`` local processes on one corpus of
perturbed articles (bench/synth.py), in interleaved rounds on fresh stores,
with two ways of cutting the documents into chunks:

* **equal**: every chunk ``ceil(n / (workers * 8))`` items, at most a batch
  (what the engine did before the guided chunks): at the end, the other
  workers wait while one parses its last chunk;
* **guided**: ``pipeline.engine._guided_chunks``, chunks that shrink towards
  the end so the workers finish nearly together.

The pool is started once and shared by all rounds (start-up apart, as in
bench/run.py). Prints each way's fastest and median round, the time to the
end of extraction and to the last stored document, their ratios (above 1:
guided is faster), and how busy the workers were during extraction: the
time they spent parsing and extracting (summed over the workers, measured in
them) over ``workers`` x the extraction's wall time. What the workers lose
waiting for each other at the end lowers it; a slower moment of a shared
machine slows work and wall time alike, so it is steadier than wall time.
Checks that both stores hold isomorphic graphs.
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def equal_chunks(items: list[Any], workers: int, batch_size: int) -> list[list[Any]]:
    """The engine's chunks before the guided ones: all the same size."""
    size = max(1, min(batch_size, math.ceil(len(items) / (workers * 8)))) if items else 1
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def _same_graphs(a: Path, b: Path) -> bool:
    """Isomorphic named graphs (the ontology's blank nodes differ from run to run)."""
    from rdflib.compare import isomorphic

    from pipeline.store import Store
    with Store.open(a, read_only=True) as sa, Store.open(b, read_only=True) as sb:
        da, db = sa.dataset(include_quarantine=True), sb.dataset(include_quarantine=True)
    return da.keys() == db.keys() and all(isomorphic(da[k], db[k]) for k in da)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)

    import synth

    from pipeline import engine
    from pipeline.records import Document
    from pipeline.run import run

    ways = {"equal": equal_chunks, "guided": engine._guided_chunks}
    times: dict[str, dict[str, list[float]]] = {w: {"run": [], "extracted": [], "stored": []} for w in ways}
    busy: dict[str, list[float]] = {w: [] for w in ways}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        records = synth.perturbed_corpus(args.docs, seed=args.seed)
        synth.write_jsonl(records, corpus)
        print(f"{len(records)} perturbed articles, {args.workers} workers, {args.rounds} rounds", flush=True)
        warm = [Document(id=f"warm-{i}", text=r["text"]) for i, r in enumerate(records[:2 * args.workers])]
        engine.shared_engine("local", workers=args.workers).extract(warm)  # start-up apart
        try:
            for r in range(args.rounds):
                for name, cut in ways.items():
                    engine._guided_chunks = cut  # what the engines call to cut documents and records
                    last: dict[str, float] = {}

                    def progress(stage: str, done: int, total: int) -> None:
                        last[stage] = time.perf_counter()
                    engine.reset_stage_times()
                    t0 = time.perf_counter()
                    report = run([corpus], Path(tmp) / f"{name}-{r}", workers=args.workers,
                                 progress=progress)
                    wall = time.perf_counter() - t0
                    if not report.ok:
                        print(f"run failed: {report.status}", file=sys.stderr)
                        return 1
                    times[name]["run"].append(wall)
                    times[name]["extracted"].append(last["extract"] - t0)
                    times[name]["stored"].append(last["store"] - t0)
                    st = engine.stage_times()
                    busy[name].append((st.get("nlp", 0.0) + st.get("extract", 0.0))
                                      / (args.workers * (last["extract"] - t0)))
                    print(f"  round {r + 1}, {name}: {wall:.2f} s (extracted at {last['extract'] - t0:.2f}, "
                          f"stored at {last['store'] - t0:.2f}; workers busy {busy[name][-1]:.1%} "
                          "of the extraction)", flush=True)
        finally:
            engine._guided_chunks = ways["guided"]
            engine.shutdown()
        same = _same_graphs(Path(tmp) / "equal-0", Path(tmp) / "guided-0")
    print(f"\n{'way':8s} {'what':10s} {'fastest s':>10s} {'median s':>10s}")
    for name in ways:
        for what, ts in times[name].items():
            print(f"{name:8s} {what:10s} {min(ts):10.2f} {statistics.median(ts):10.2f}")
    for what in ("run", "extracted", "stored"):
        a, b = times["equal"][what], times["guided"][what]
        print(f"guided against equal, {what}: {min(a) / min(b):.3f}x (fastest), "
              f"{statistics.median(a) / statistics.median(b):.3f}x (medians); round by round: "
              + " / ".join(f"{x / y:.3f}" for x, y in zip(a, b)))
    for name in ways:
        print(f"{name}: workers busy during the extraction, median {statistics.median(busy[name]):.1%} "
              "(rounds: " + " / ".join(f"{b:.1%}" for b in busy[name]) + ")")
    print(f"isomorphic graphs in both stores: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
