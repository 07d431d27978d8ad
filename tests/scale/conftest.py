"""Helpers for the scale tests: synthetic records (bench/synth.py) and dataset comparison."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "bench"))


def assert_same_dataset(a: dict, b: dict) -> None:
    """Same named graphs, each isomorphic; and the same union."""
    assert sorted(a) == sorted(b)
    for name in a:
        assert isomorphic(a[name], b[name]), f"graph {name} differs"
    ua, ub = Graph(), Graph()
    for g in a.values():
        ua += g
    for g in b.values():
        ub += g
    assert isomorphic(ua, ub)


@pytest.fixture
def synthetic_run(monkeypatch, tmp_path):
    """run() over synthetic records: the engine hands them back instead of parsing."""
    import synth

    from pipeline import engine
    from pipeline.run import run

    def go(records, store: Path, **options):
        corpus = tmp_path / f"in-{records[0].document.id}-{len(records)}.jsonl"
        synth.write_jsonl([{"id": x.document.id, "text": x.document.text,
                            "published": x.document.published.isoformat()} for x in records], corpus)
        by_id = {x.document.id: x for x in records}
        monkeypatch.setattr(engine.InProcessEngine, "extract",
                            lambda self, documents, progress=None: [by_id[d.id] for d in documents])
        return run([corpus], store, **options)
    return go
