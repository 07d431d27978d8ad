"""Synthetic stores of a given size, built with the real mapper and bulk-loaded.

``query_store(triples=1_000_000)`` returns the directory of an Oxigraph store
whose union (the default graph the competency questions read) holds at least
that many triples: synthetic records (bench/synth.py) -> the real mapper
(``document_graph``) -> N-Quads -> ``Store.bulk_load``, plus the ontology and
the merged graph, compacted, as a run leaves them. Mapping is rdflib-bound (~25 ms per
document), so it runs in a process pool, and finished stores are cached in
``$CAVEAT_BENCH_CACHE`` (default ``~/.cache/caveat-bench``), keyed by size,
seed and a hash of the code that shapes the graph; a changed mapper makes a
new store.
"""
from __future__ import annotations

import hashlib
import io
import multiprocessing as mp
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "bench"))

BATCH = 200  # documents per mapping task

#: Files whose content shapes the synthetic graphs (the cache key hashes them).
SHAPING = ["pipeline/graph/mapper.py", "pipeline/graph/iri.py", "pipeline/graph/namespace.py",
           "pipeline/records.py", "bench/synth.py", "bench/stores.py", "ontology/caveat.ttl"]


def cache_root() -> Path:
    root = Path(os.environ.get("CAVEAT_BENCH_CACHE") or Path.home() / ".cache" / "caveat-bench")
    root.mkdir(parents=True, exist_ok=True)
    return root


def code_hash() -> str:
    h = hashlib.sha256()
    for rel in SHAPING:
        h.update(rel.encode())
        h.update((ROOT / rel).read_bytes())
    return h.hexdigest()[:12]


def _map_batch(args: tuple[int, int, int]) -> tuple[bytes, int]:
    """Worker: synthetic records [start, start+n) -> N-Quads of their document graphs."""
    start, n, seed = args
    import pyoxigraph as ox

    import synth
    from pipeline.graph import iri
    from pipeline.graph.mapper import document_graph
    from pipeline.store.terms import to_ox, to_ox_graph_name
    quads = []
    for x in synth.synthetic_extractions(n, seed=seed, start=start):
        name = to_ox_graph_name(iri.document_graph(x.document.id))
        for s, p, o in document_graph(x):
            quads.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), name))
    out = io.BytesIO()
    ox.serialize(quads, out, ox.RdfFormat.N_QUADS)
    return out.getvalue(), n


def _union_size(db) -> int:
    return int(next(iter(db.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0].value)


def build_store(path: Path, *, triples: int | None = None, docs: int | None = None,
                seed: int = 11, workers: int = 2, log=print) -> dict:
    """Build a store at ``path`` with >= ``triples`` union triples, or exactly ``docs`` documents."""
    from pipeline.graph import iri
    from pipeline.run import merged_graph, ontology_graph
    from pipeline.store import Store
    if path.exists():
        shutil.rmtree(path)
    t0 = time.perf_counter()
    n_docs = 0
    info: dict = {}
    ctx = mp.get_context("spawn")
    with Store.open(path) as store, ctx.Pool(workers) as pool:
        store.replace_graph(iri.ONTOLOGY_GRAPH, ontology_graph())
        db = store._db()
        while True:
            if docs is not None:
                todo = docs - n_docs
            else:
                have = _union_size(db)
                if have >= triples:
                    break
                # estimate from what we have (~250 union triples per document at first)
                per_doc = have / n_docs if n_docs else 250
                todo = max(workers, int((triples - have) / max(per_doc, 1) * 1.02) + 1)
            if todo <= 0:
                break
            tasks = [(n_docs + i, min(BATCH, todo - i), seed) for i in range(0, todo, BATCH)]
            for data, n in pool.imap(_map_batch, tasks):
                store.bulk_load(io.BytesIO(data), "nquads")
                n_docs += n
            log(f"    ... {n_docs} documents, {_union_size(db):,} union triples "
                f"({time.perf_counter() - t0:.0f} s)")
            if docs is not None:
                break
        t1 = time.perf_counter()
        merged = merged_graph(store)
        t2 = time.perf_counter()
        store.replace_graph(iri.MERGED_GRAPH, merged)
        t3 = time.perf_counter()
        store.optimize()  # as `caveat run` leaves a store it filled (OPTIMIZE_SHARE)
        t4 = time.perf_counter()
        info = {"documents": n_docs, "union_triples": _union_size(db), "quads": len(store),
                "build_s": round(t1 - t0, 1), "merged_full_query_s": round(t2 - t1, 3),
                "merged_full_write_s": round(t3 - t2, 3), "merged_triples": len(merged),
                "optimize_s": round(t4 - t3, 3)}
    return info


def cached_store(*, triples: int | None = None, docs: int | None = None, seed: int = 11,
                 workers: int = 2, log=print) -> tuple[Path, dict]:
    """A cached store directory (build it if missing) and its info. Do not write to it."""
    import json
    key = f"{'t' + str(triples) if triples else 'd' + str(docs)}-s{seed}-{code_hash()}"
    path = cache_root() / key
    meta = path.with_suffix(".json")
    if meta.exists() and path.exists():
        return path, json.loads(meta.read_text())
    log(f"  building synthetic store {key} (cached in {cache_root()}) ...")
    info = build_store(path, triples=triples, docs=docs, seed=seed, workers=workers, log=log)
    meta.write_text(json.dumps(info))
    return path, info


def copy_store(src: Path, dst: Path) -> Path:
    """A writable copy of a cached store (without its lock file)."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("caveat.lock", "LOCK"))
    return dst
