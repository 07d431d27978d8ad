"""A run compacts the store only when it stored a large share of its documents.

Compaction costs time in proportion to the store, so compacting after every
small run would make the cost per document grow with the store
(``pipeline.run.OPTIMIZE_SHARE``)."""
from __future__ import annotations

from pathlib import Path

import hostile
from pipeline.run import run
from pipeline.store import Store


def corpus(root: Path, names: list[str]) -> Path:
    root.mkdir()
    for name in names:
        (root / f"{name}.txt").write_text(hostile.SHORT, encoding="utf-8")
    return root


def test_runs_compact_after_storing_a_quarter_of_the_store(tmp_path: Path, stub_engine,
                                                          monkeypatch) -> None:
    calls: list[Path] = []
    real = Store.optimize

    def counting(self: Store) -> None:
        calls.append(self.path)
        real(self)

    monkeypatch.setattr(Store, "optimize", counting)
    store = tmp_path / "store"
    first = run([corpus(tmp_path / "a", [f"a{i}" for i in range(8)])], store)
    assert len(calls) == 1 and first.compacted_seconds is not None  # a new store: all of it
    small = run([corpus(tmp_path / "b", ["b0"])], store)  # 1 of 9 documents
    assert len(calls) == 1 and small.compacted_seconds is None
    assert small.to_json()["compacted_seconds"] is None
    share = run([corpus(tmp_path / "c", ["c0", "c1", "c2"])], store)  # 3 of 12: a quarter
    assert len(calls) == 2 and share.compacted_seconds is not None
    assert share.facts["documents"] == 12
    with Store.open(store, read_only=True) as st:  # nothing lost by compacting
        assert len([g for g in st.graphs() if "/doc/" in str(g)]) == 12


def test_a_run_that_stores_nothing_does_not_compact(tmp_path: Path, stub_engine, monkeypatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(Store, "optimize", lambda self: calls.append(1))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.txt").write_text("BOOM " + hostile.SHORT, encoding="utf-8")  # the NLP stub crashes
    report = run([bad], tmp_path / "store")
    assert report.counts["rejected"] == 1 and report.compacted_seconds is None and calls == []


def test_optimize_command(tmp_path: Path, stub_engine) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app
    runner = CliRunner()
    missing = runner.invoke(app, ["optimize", "--store", str(tmp_path / "none")])
    assert missing.exit_code == 3 and "there is no store" in missing.output
    assert not (tmp_path / "none").exists()  # not created by asking
    store = tmp_path / "store"
    run([corpus(tmp_path / "a", ["a0", "a1"])], store)
    with Store.open(store, read_only=True) as st:
        before = {g: set(t) for g, t in st.dataset().items()}
    done = runner.invoke(app, ["optimize", "--store", str(store)])
    assert done.exit_code == 0 and "optimized" in done.output
    with Store.open(store, read_only=True) as st:
        assert {g: set(t) for g, t in st.dataset().items()} == before


def test_the_merged_graph_is_brought_up_to_date_while_the_store_compacts(
        tmp_path: Path, stub_engine, monkeypatch) -> None:
    """RocksDB compacts without the GIL: the end of the run does not wait for it."""
    import threading

    import pipeline.run as run_module
    counted = threading.Event()
    seen: list[bool] = []
    real_counts, real_optimize = run_module.fact_counts, Store.optimize

    def fact_counts(store):
        out = real_counts(store)
        counted.set()
        return out

    def optimize(self):
        seen.append(counted.wait(timeout=30))  # sequential code would wait here in vain
        real_optimize(self)

    monkeypatch.setattr(run_module, "fact_counts", fact_counts)
    monkeypatch.setattr(Store, "optimize", optimize)
    report = run([corpus(tmp_path / "a", ["a0", "a1", "a2"])], tmp_path / "store")
    assert seen == [True] and report.compacted_seconds is not None
    assert report.facts["documents"] == 3 and report.status == "complete"


def test_a_failed_compaction_fails_the_run_after_the_merged_graph(tmp_path: Path, stub_engine,
                                                                 monkeypatch) -> None:
    import pytest

    from helpers import read_report
    from pipeline.errors import StoreError

    def optimize(self):
        raise StoreError("cannot optimize the store: No space left on device", hint="free disk space")

    monkeypatch.setattr(Store, "optimize", optimize)
    with pytest.raises(StoreError, match="No space left"):
        run([corpus(tmp_path / "a", ["a0", "a1"])], tmp_path / "store")
    report = read_report(tmp_path / "store")
    assert report["status"] == "failed" and "No space left" in report["error"]["message"]
    assert report["counts"]["loaded"] == 2  # stored before the compaction: kept, and said so
    with Store.open(tmp_path / "store", read_only=True) as st:
        assert len([g for g in st.graphs() if "/doc/" in str(g)]) == 2
