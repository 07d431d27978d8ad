#!/usr/bin/env python
"""The kept answers' upkeep on 1 thread against N, side by side, in interleaved rounds.

    .venv/bin/python bench/upkeep_threads.py [--docs 10000] [--probe 100] [--rounds 3] [--threads 2]

Each round copies the cached synthetic store of ``--docs`` documents (bench/stores.py,
with its kept answers: built and cached the first time, like ``run.py --curve``) and
runs ``pipeline.run.run`` on the same ``--probe`` synthetic documents into the copy,
once with ``CAVEAT_QUERY_THREADS=1`` and once with ``--threads``, in turn, so that both
share the machine's state. NLP is left out (the engine hands back the synthetic
records). Prints each run's wall time and upkeep time (``RunReport.answers_seconds``),
the load average, and the fastest and median ratio N threads / 1 thread of the upkeep.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000, help="documents in the store the runs add to")
    ap.add_argument("--probe", type=int, default=100, help="documents each run adds")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)

    import stores
    import synth
    from run import cached_store

    from pipeline import engine
    from pipeline.run import run

    base, _ = cached_store(docs=args.docs, workers=2)
    records = list(synth.synthetic_extractions(args.probe, start=10_000_000 + args.docs))
    by_id = {x.document.id: x for x in records}
    engine.InProcessEngine.extract = lambda self, documents, progress=None: [by_id[d.id] for d in documents]
    upkeep: dict[str, list[float]] = {"1": [], str(args.threads): []}
    with tempfile.TemporaryDirectory(prefix="caveat-upkeep-") as tmp:
        corpus = synth.write_jsonl([{"id": x.document.id, "text": x.document.text,
                                     "published": x.document.published.isoformat()} for x in records],
                                   Path(tmp) / "probe.jsonl")
        for round_ in range(args.rounds):
            for threads in upkeep:
                os.environ["CAVEAT_QUERY_THREADS"] = threads
                store = stores.copy_store(base, Path(tmp) / f"store-{threads}")
                os.sync()  # the copy's dirty pages are not the run's to write
                t0 = time.perf_counter()
                report = run([corpus], store, keep_answers=True)
                wall = time.perf_counter() - t0
                upkeep[threads].append(report.answers_seconds)
                print(f"round {round_ + 1}, {threads} thread(s): run {wall:.2f} s, upkeep "
                      f"{report.answers_seconds:.2f} s, load average {os.getloadavg()[0]:.2f}", flush=True)
                shutil.rmtree(store)
    one, many = upkeep["1"], upkeep[str(args.threads)]
    print(f"upkeep, {args.threads} threads / 1 thread: fastest {min(many) / min(one):.2f}, "
          f"median {statistics.median(many) / statistics.median(one):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
