"""`caveat ask` as a user runs it: a new process per answer, first and saved.

Each `caveat ask NAME --format json` is a new process: it imports Caveat,
opens the store read-only and answers. The first answer after a write is
evaluated by the store; a read-only open saves it (``query.rendered``), and
the next process on the same database files reads it back. Measured side by
side, round by round, on the benchmark store (bench/stores.py):

* ``startup``: `caveat ask --help` (the imports, no store): the floor;
* ``first``: the saved answers deleted first, so the store evaluates;
* ``saved``: the same command again.

    .venv/bin/python bench/cli_answers.py --triples 1m --rounds 3

Prints the median wall time of each and the ratios saved / startup and
first / saved.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CAVEAT = [sys.executable, "-m", "pipeline.cli"]


def timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(CAVEAT + args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"caveat {' '.join(args)} failed: {done.stderr.decode(errors='replace')}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", default="1m", help="store size in union triples (10k, 100k, 1m)")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    import stores
    from pipeline import query as Q
    from pipeline.store.oxigraph_store import ANSWER_CACHE_DIR
    from run import parse_size
    path, info = stores.cached_store(triples=parse_size(args.triples))
    print(f"store: {path.name} ({info['union_triples']:,} union triples, {info['documents']:,} documents)")
    print(f"{'question':24s}{'startup s':>11s}{'first s':>10s}{'saved s':>10s}"
          f"{'saved/startup':>15s}{'first/saved':>13s}")
    for name in Q.QUESTIONS:
        ask = ["ask", name, "--store", str(path), "--format", "json"]
        times: dict[str, list[float]] = {"startup": [], "first": [], "saved": []}
        for _ in range(args.rounds):
            times["startup"].append(timed(["ask", "--help"]))
            shutil.rmtree(path / ANSWER_CACHE_DIR, ignore_errors=True)
            times["first"].append(timed(ask))
            times["saved"].append(timed(ask))
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"{name:24s}{med['startup']:11.2f}{med['first']:10.2f}{med['saved']:10.2f}"
              f"{med['saved'] / med['startup']:15.2f}{med['first'] / med['saved']:13.1f}", flush=True)
    shutil.rmtree(path / ANSWER_CACHE_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
