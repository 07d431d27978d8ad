#!/usr/bin/env python
"""Where a page's time goes: the page path before and after each change, side by side.

    .venv/bin/python bench/page_paths.py [--triples 1000000] [--reps 9]

For each competency question, the first page of 100 facts and one from the
middle of the key order, on the cached synthetic store of bench/stores.py,
timed in four ways, interleaved in one process (median and fastest of N
calls each; the sorted key list is cached in all three, as on an open store):

* ``uncompacted``: the store as bulk-loaded (a copy rebuilt from the cached
  store's graphs with ``Store.bulk_load``, 200 documents per call, as
  bench/stores.py built stores before it compacted them), ORDER BY evaluated
  by Oxigraph, every term converted to rdflib anew: the path before;
* ``compacted``: the same path on the compacted store (``Store.optimize``);
* ``now, 1 thread``: ``pipeline.query.ask`` on the compacted store (rows
  sorted in Python where paging.order_key can, converted terms reused), with
  ``CAVEAT_QUERY_THREADS=1``;
* ``now``: the same with the default threads (the page's keys evaluated in
  parts at once, one per CPU, at most 4).

The uncompacted copy is built once and kept next to the cached store.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PAGE = 100
BATCH_GRAPHS = 200  # graphs per bulk_load call, as bench/stores.py loads documents


def uncompacted_copy(path: Path, log=print) -> Path:
    """The cached store's graphs bulk-loaded into a new store, not compacted (built once)."""
    from pipeline.store import Store
    raw = path.with_name(path.name + "-uncompacted")
    done = raw.with_suffix(".json")
    if raw.exists() and done.exists():
        return raw
    log(f"  building the uncompacted copy {raw.name} ...")
    import shutil
    shutil.rmtree(raw, ignore_errors=True)
    t0 = time.perf_counter()
    with Store.open(path, read_only=True) as src, Store.open(raw) as dst:
        db = src._db()
        names = list(db.named_graphs())
        for i in range(0, len(names), BATCH_GRAPHS):
            quads = [q for g in names[i:i + BATCH_GRAPHS] for q in db.quads_for_pattern(None, None, None, g)]
            dst.bulk_load(quads)
    done.write_text(json.dumps({"graphs": len(names), "build_s": round(time.perf_counter() - t0, 1)}))
    return raw


def before_path(store, name: str, offset: int):
    """The page as pipeline.query.ask computed it before: store-sorted, every term converted."""
    from pipeline import paging
    from pipeline import query as Q
    from pipeline.store import oxigraph_store, terms
    form = Q._form(Q.load(name))  # parsed once per text, as ask() does (~1-3 ms per parse)
    page, _total = store.ordered_values(form.key_query, form.key, {}, offset=offset, limit=PAGE)
    saved = oxigraph_store.from_ox
    oxigraph_store.from_ox = terms._from_ox  # no reuse of converted terms
    try:
        result = store.query(form.page_query(paging.render_keys(page)), {})
    finally:
        oxigraph_store.from_ox = saved
    position = {k: i for i, k in enumerate(page)}
    result.rows.sort(key=lambda row: position.get(row[form.key], len(page)))
    return result


def one_thread(store, name: str, offset: int):
    import os

    from pipeline import query as Q
    saved = os.environ.get("CAVEAT_QUERY_THREADS")
    os.environ["CAVEAT_QUERY_THREADS"] = "1"
    try:
        return evaluated(store, name, offset)
    finally:
        if saved is None:
            del os.environ["CAVEAT_QUERY_THREADS"]
        else:
            os.environ["CAVEAT_QUERY_THREADS"] = saved


def evaluated(store, name: str, offset: int):
    """The page as pipeline.query.ask computes it now, not the answer an earlier call left."""
    from pipeline import query as Q
    store.forget_answers()  # the key list stays cached
    return Q.ask(store, name, limit=PAGE, offset=offset)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--reps", type=int, default=9)
    args = ap.parse_args()

    import stores
    from pipeline import query as Q
    from pipeline.store import Store, terms
    path, info = stores.cached_store(triples=args.triples)
    raw = uncompacted_copy(path)
    print(f"store: {path.name} ({info['union_triples']:,} union triples, {info['documents']:,} documents)")
    with Store.open(raw, read_only=True) as old, Store.open(path, read_only=True) as new:
        ways = {
            "uncompacted": lambda name, offset: before_path(old, name, offset),
            "compacted": lambda name, offset: before_path(new, name, offset),
            "now, 1 thread": lambda name, offset: one_thread(new, name, offset),
            "now": lambda name, offset: evaluated(new, name, offset),
        }
        print(f"pages of {PAGE} facts, ms (median / fastest of {args.reps}), interleaved")
        print(f"threads by default: {Q.query_threads()}")
        print(f"{'question, page':34s}" + "".join(f"{w:>20s}" for w in ways) + f"{'rows':>7s}{'before/now':>12s}")
        for name in Q.QUESTIONS:
            facts = Q.ask(new, name, limit=1).facts
            for which, offset in (("first", 0), ("middle", (facts // 2 // PAGE) * PAGE)):
                times: dict[str, list[float]] = {w: [] for w in ways}
                rows = {}
                for w, fn in ways.items():  # warm-up: key lists cached, pages read once
                    rows[w] = len(fn(name, offset).rows)
                assert len(set(rows.values())) == 1, (name, which, rows)
                terms._FROM_OX.clear()
                for _ in range(args.reps):
                    for w, fn in ways.items():
                        t0 = time.perf_counter()
                        fn(name, offset)
                        times[w].append((time.perf_counter() - t0) * 1000)
                med = {w: statistics.median(t) for w, t in times.items()}
                cells = "".join(f"{med[w]:10.1f} / {min(times[w]):7.1f}" for w in ways)
                print(f"{name + ', ' + which:34s}{cells}{rows['now']:7d}"
                      f"{med['uncompacted'] / med['now']:11.2f}x", flush=True)


if __name__ == "__main__":
    main()
