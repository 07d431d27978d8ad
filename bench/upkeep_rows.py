#!/usr/bin/env python
"""What the kept answers' upkeep answers again and writes, per question, for one run.

    .venv/bin/python bench/upkeep_rows.py [--docs 10000] [--probe 100]

Copies the cached synthetic store of ``--docs`` documents (bench/stores.py, as
``run.py --curve`` does), runs one document into it so that its kept rows are those
of this code's queries, then runs ``--probe`` synthetic documents into it (NLP left
out: the engine hands back the synthetic records) and counts, per question, the rows
the store answered again ("evaluated"), the rows carried over from kept ones with a
fact's new values (``# Per row:`` questions, pipeline/answers.py), the kept rows they
replace, the rows written (added and deleted), and the sets of a fact's own values
written (composed questions keep those apart from their rows: store/answer_index.py). "only reordered" counts the
written rows that differ from a deleted row only in the order of "; "-joined parts. Counts, not timings: they do not depend on
the machine's load, so two versions of the code can be compared run by run
(``PYTHONPATH=OTHER_CHECKOUT``).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))


def _unordered(rows: Counter) -> Counter:
    """Rows with the parts of each "; "-joined value sorted."""
    out: Counter = Counter()
    for (fact, source, _sort, text, _csv), n in rows.items():
        # a composed question's rows hold their per-row terms only (store/answer_index.py)
        binding = json.loads(text if text.lstrip().startswith("{") else "{" + text + "}")
        out[(fact, source, tuple(sorted((var, "; ".join(sorted(term["value"].split("; "))))
                                        for var, term in binding.items())))] += n
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000, help="documents in the store the run adds to")
    ap.add_argument("--probe", type=int, default=100, help="documents the counted run adds")
    args = ap.parse_args(argv)

    import stores
    import synth
    from run import cached_store

    from pipeline import engine
    from pipeline.run import run
    from pipeline.store import answer_index

    base, _ = cached_store(docs=args.docs, workers=2)
    first = list(synth.synthetic_extractions(1, start=30_000_000 + args.docs))
    records = list(synth.synthetic_extractions(args.probe, start=10_000_000 + args.docs))
    by_id = {x.document.id: x for x in [*first, *records]}
    engine.InProcessEngine.extract = lambda self, documents, progress=None: [by_id[d.id] for d in documents]

    counted: dict[str, dict[str, int]] = {}
    commit = answer_index.AnswerIndex.commit_clean
    # rows the store answered, per question: the upkeep answers each question on a thread
    # of its own (answers.refresh), so the thread names the question being answered
    from pipeline import answers
    asking, evaluated = threading.local(), Counter()
    answer_again, render = answers._answer_again, answers._Rows.__call__

    def answering(store, name, *rest):
        asking.name = name
        return answer_again(store, name, *rest)

    def rendering(self, variables, solutions):
        rows = render(self, variables, solutions)
        evaluated[getattr(asking, "name", None)] += len(rows)
        return rows

    def counting(self, rebuilt, updated, dropped=()):
        for name, update in updated.items():
            new = Counter((r.fact, r.source, r.sort, r.json, r.csv) for r in update.rows)
            had: Counter = Counter()
            for where, params in self._matching(name, update.replaced):
                for row in self._db.execute(f"SELECT fact, source, sort, json, csv FROM rows WHERE {where}",
                                            params):
                    had[tuple(row)] += 1
            added, gone = new - had, had - new
            counted[name] = {"evaluated": evaluated[name], "carried": sum(new.values()) - evaluated[name],
                             "replaced": sum(had.values()),
                             "added": sum(added.values()), "deleted": sum(gone.values()),
                             "only reordered": sum((_unordered(added) & _unordered(gone)).values()),
                             "own values": len(list(update.owns))}
        return commit(self, rebuilt, updated, dropped)

    with tempfile.TemporaryDirectory(prefix="caveat-upkeep-rows-") as tmp:
        def corpus(xs, name):
            return synth.write_jsonl([{"id": x.document.id, "text": x.document.text,
                                       "published": x.document.published.isoformat()} for x in xs],
                                     Path(tmp) / name)
        store = stores.copy_store(base, Path(tmp) / "store")
        run([corpus(first, "first.jsonl")], store, keep_answers=True)  # this code's rows
        answer_index.AnswerIndex.commit_clean = counting
        answers._answer_again, answers._Rows.__call__ = answering, rendering
        try:
            run([corpus(records, "probe.jsonl")], store, keep_answers=True)
        finally:
            answer_index.AnswerIndex.commit_clean = commit
            answers._answer_again, answers._Rows.__call__ = answer_again, render
        shutil.rmtree(store)
    print(f"upkeep of a run adding {args.probe} documents to a store of {args.docs:,} (rows):")
    columns = ["evaluated", "carried", "replaced", "added", "deleted", "only reordered", "own values"]
    print(f"  {'question':24s}" + "".join(f"{c:>16s}" for c in columns))
    for name, row in counted.items():
        print(f"  {name:24s}" + "".join(f"{row[c]:>16,}" for c in columns))
    total = {c: sum(r[c] for r in counted.values()) for c in columns}
    print(f"  {'all':24s}" + "".join(f"{total[c]:>16,}" for c in columns))
    print(f"  load average {os.getloadavg()[0]:.2f} (counts do not depend on it)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
