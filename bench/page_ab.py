#!/usr/bin/env python
"""Compare the page latency of two (or more) texts of one question, alternately, in one process.

    PYTHONPATH=. .venv/bin/python bench/page_ab.py STORE OLD.rq NEW.rq [--reps 9]
        [--offsets 0,2000] [--limit 100] [--as-of 2024-06-01]

    # the shipped text against the one on main:
    git show main:queries/lifted-restrictions.rq > /tmp/old.rq
    PYTHONPATH=. .venv/bin/python bench/page_ab.py STORE /tmp/old.rq queries/lifted-restrictions.rq

For each offset, every text gets its own key list and page query (as
``pipeline.query.ask`` builds them, pipeline/paging.py); the page queries are
then timed in turn, repetition after repetition, so that the texts share the
machine's state (a shared machine drifts: never compare runs made at different
times). Only Oxigraph's evaluation is timed (the query and iterating its
solutions), not the key list nor the conversion to rdflib terms. Before timing,
the pages are checked to hold the same rows, as a multiset, with the parts of
"; "-joined values compared as sets (GROUP_CONCAT's order is unspecified).
The store is opened read-only.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from pipeline import paging
from pipeline.store import Store

XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


def _norm(term):
    if isinstance(term, ox.Literal) and "; " in term.value:
        return ("parts", frozenset(term.value.split("; ")))
    return None if term is None else str(term)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("texts", nargs="+", type=Path, help="query files of one question")
    ap.add_argument("--reps", type=int, default=9)
    ap.add_argument("--offsets", default="0,2000")
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--as-of", help="bind ?asOf to this xsd:date")
    a = ap.parse_args(argv)
    store = Store.open(a.store.expanduser(), read_only=True)
    db = store._db()
    subs = {ox.Variable("asOf"): ox.Literal(a.as_of, datatype=XSD_DATE)} if a.as_of else None
    forms = [paging.paged_form(p.read_text(encoding="utf-8")) for p in a.texts]
    same = True
    for offset in (int(x) for x in a.offsets.split(",")):
        queries = []
        for form in forms:
            keys, _total = store.ordered_values(form.key_query, form.key, {}, offset=offset, limit=a.limit)
            queries.append(form.page_query(paging.render_keys(keys)))
        answers = []
        for q in queries:
            result = db.query(q, substitutions=subs)
            answers.append(Counter(tuple(_norm(s[v]) for v in result.variables) for s in result))
        agree = all(x == answers[0] for x in answers)
        same &= agree
        times: list[list[float]] = [[] for _ in queries]
        for _ in range(a.reps):
            for i, q in enumerate(queries):
                t = time.perf_counter()
                for _solution in db.query(q, substitutions=subs):
                    pass
                times[i].append((time.perf_counter() - t) * 1000)
        print(f"offset {offset}: rows {[sum(x.values()) for x in answers]}, same rows: {agree}")
        for path, ts in zip(a.texts, times):
            print(f"  {str(path):60s} min {min(ts):7.1f} ms  median {statistics.median(ts):7.1f} ms")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
