#!/usr/bin/env python
"""The kept answers' upkeep of two checkouts of Caveat, side by side, in interleaved rounds.

    .venv/bin/python bench/upkeep_ab.py BASELINE_CHECKOUT [THIS_CHECKOUT] [--docs 10000]
        [--probe 100] [--rounds 3]

For each checkout, a copy of the cached synthetic store of ``--docs`` documents
(bench/stores.py; both checkouts must build the same synthetic graphs) gets one
document run into it by that checkout's code, so that its kept answers are that
code's. Each round then copies each checkout's store in turn and runs the same
``--probe`` synthetic documents into the copy (NLP left out: the engine hands back
the synthetic records), in a process of that checkout's own. Prints each run's
upkeep time (``RunReport.answers_seconds``), its CPU seconds (the process's, all
threads) and the load average, and the fastest and median ratios this / baseline. A ratio, not absolute seconds: the machine is
shared.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Run in a checkout's own process: ``python - CHECKOUT STORE CORPUS IDS_START PROBE``.
_ONE_RUN = """
import json, sys
root = sys.argv[1]
sys.path[:0] = [root, root + "/bench"]
import synth
from pipeline import engine
from pipeline.run import run
start, n = int(sys.argv[4]), int(sys.argv[5])
by_id = {x.document.id: x for x in synth.synthetic_extractions(n, start=start)}
engine.InProcessEngine.extract = lambda self, documents, progress=None: [by_id[d.id] for d in documents]
import time
from pipeline import answers
refresh, cpu = answers.refresh, []

def timed(*args, **kwargs):
    # CPU seconds of the whole process (the upkeep's threads included): less at the mercy of
    # other work on a shared machine than wall time
    t0 = time.process_time()
    try:
        return refresh(*args, **kwargs)
    finally:
        cpu.append(time.process_time() - t0)
answers.refresh = timed  # pipeline.run calls it through the module
report = run([sys.argv[3]], sys.argv[2], keep_answers=True)
print(json.dumps({"answers_seconds": report.answers_seconds, "cpu_seconds": sum(cpu), "answers": report.answers}))
"""


def _run(checkout: Path, store: Path, corpus: Path, start: int, n: int) -> dict:
    out = subprocess.run([sys.executable, "-", str(checkout), str(store), str(corpus), str(start), str(n)],
                         input=_ONE_RUN, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"a run of {checkout} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("baseline", type=Path, help="the checkout to compare against")
    ap.add_argument("this", type=Path, nargs="?", default=ROOT, help="the checkout measured (this one)")
    ap.add_argument("--docs", type=int, default=10_000, help="documents in the store the runs add to")
    ap.add_argument("--probe", type=int, default=100, help="documents each run adds")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)

    for p in (ROOT, ROOT / "bench"):
        sys.path.insert(0, str(p))
    import stores
    import synth

    checkouts = {"baseline": args.baseline.resolve(), "this": args.this.resolve()}
    base, _ = stores.cached_store(docs=args.docs, workers=2)
    start = 10_000_000 + args.docs
    first, probe = start + 1_000_000, start
    upkeep: dict[str, list[float]] = {name: [] for name in checkouts}
    cpu: dict[str, list[float]] = {name: [] for name in checkouts}
    with tempfile.TemporaryDirectory(prefix="caveat-upkeep-ab-") as tmp:
        def corpus(begin: int, n: int, name: str) -> Path:
            return synth.write_jsonl([{"id": x.document.id, "text": x.document.text,
                                       "published": x.document.published.isoformat()}
                                      for x in synth.synthetic_extractions(n, start=begin)], Path(tmp) / name)
        one, probe_corpus = corpus(first, 1, "first.jsonl"), corpus(probe, args.probe, "probe.jsonl")
        masters = {}
        for name, checkout in checkouts.items():
            masters[name] = stores.copy_store(base, Path(tmp) / f"master-{name}")
            _run(checkout, masters[name], one, first, 1)  # its kept answers are this code's
            print(f"{name}: {checkout}", flush=True)
        for round_ in range(args.rounds):
            for name, checkout in checkouts.items():
                store = stores.copy_store(masters[name], Path(tmp) / f"store-{name}")
                os.sync()  # the copy's dirty pages are not the run's to write
                report = _run(checkout, store, probe_corpus, probe, args.probe)
                upkeep[name].append(report["answers_seconds"])
                cpu[name].append(report["cpu_seconds"])
                print(f"round {round_ + 1}, {name}: upkeep {report['answers_seconds']:.2f} s "
                      f"({report['cpu_seconds']:.2f} CPU s), load average {os.getloadavg()[0]:.2f}", flush=True)
                shutil.rmtree(store)
    for what, times in (("wall time", upkeep), ("CPU seconds", cpu)):
        before, after = times["baseline"], times["this"]
        print(f"upkeep of {args.probe} documents added to {args.docs:,}, this / baseline, {what}: "
              f"fastest {min(after) / min(before):.2f}, median {statistics.median(after) / statistics.median(before):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
