"""A document the NLP, the extraction, the mapper or the store chokes on is rejected with
its reason; the run goes on. Errors that concern every document stop the run with
exit 2 and a report that says ``failed`` and still accounts for every document."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

import hostile
import pipeline.engine as engine_module
import pipeline.run as run_module
from helpers import read_report
from pipeline.errors import StoreError
from pipeline.graph import iri
from pipeline.nlp.loader import ModelNotFoundError
from pipeline.run import run
from pipeline.store import Store


def corpus(tmp_path: Path, texts: dict[str, str]) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for name, text in texts.items():
        (d / f"{name}.txt").write_text(text, encoding="utf-8")
    return d


def outcomes(report: dict) -> dict[str, tuple[str, str]]:
    return {d["id"]: (d["outcome"], d["reason"]) for d in report["documents"]}


def test_nlp_crash_on_one_document_rejects_only_that_one(tmp_path: Path, stub_engine) -> None:
    d = corpus(tmp_path, {"a": hostile.SHORT, "b": "BOOM " + hostile.SHORT, "c": hostile.SHORT})
    report = run([d], tmp_path / "store").to_json()
    got = outcomes(report)
    assert got["a"][0] == got["c"][0] == "loaded"
    assert got["b"][0] == "rejected"
    assert got["b"][1] == "extraction failed: RuntimeError: simulated NLP crash on 'b'"
    assert "bug" in next(x for x in report["documents"] if x["id"] == "b")["hint"]
    assert stub_engine.calls == [3, 1, 1, 1]  # the group, then one by one
    assert report["exit_code"] == 1


def test_mapper_crash_on_one_document_rejects_only_that_one(tmp_path: Path, stub_engine,
                                                            monkeypatch) -> None:
    real = engine_module.document_graph

    def mapper(x):
        if x.document.id == "b":
            raise KeyError("cv:NoSuchAction")
        return real(x)

    monkeypatch.setattr(engine_module, "document_graph", mapper)
    d = corpus(tmp_path, {"a": hostile.SHORT, "b": hostile.SHORT})
    got = outcomes(run([d], tmp_path / "store").to_json())
    assert got["a"][0] == "loaded"
    assert got["b"] == ("rejected", "could not build or validate its graph: KeyError: 'cv:NoSuchAction'")


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_unstorable_term_rejects_only_that_document(tmp_path: Path, stub_engine, monkeypatch) -> None:
    real = engine_module.document_graph

    def mapper(x):
        g = real(x)
        if x.document.id == "b":  # an IRI rdflib lets through and Oxigraph refuses
            g.add((iri.document("b"), URIRef("http://example.org/p"), URIRef("http://example.org/a b")))
        return g

    monkeypatch.setattr(engine_module, "document_graph", mapper)
    d = corpus(tmp_path, {"a": hostile.SHORT, "b": hostile.SHORT})
    got = outcomes(run([d], tmp_path / "store").to_json())
    assert got["a"][0] == "loaded"
    # The SHACL engine already refuses the IRI ...
    assert got["b"] == ("rejected", "could not build or validate its graph: ValueError: Invalid IRI code point ' '")
    # ... and without it, the store does: the same outcome, one stage later.
    from rdflib import Graph
    monkeypatch.setattr(engine_module, "validate_and_split", lambda g: (g, Graph(), None))
    got = outcomes(run([d], tmp_path / "store2").to_json())
    assert got["a"][0] == "loaded"
    assert got["b"][0] == "rejected" and got["b"][1].startswith("could not store its graph")
    assert "http://example.org/a b" in got["b"][1]
    for store in ("store", "store2"):
        with Store.open(tmp_path / store, read_only=True) as st:
            assert iri.document_graph("b") not in st.graphs() and iri.document_graph("a") in st.graphs()


def test_missing_model_stops_the_run_and_the_report_says_so(tmp_path: Path, monkeypatch) -> None:
    def no_model(*args, **kwargs):
        raise ModelNotFoundError("no English spaCy model is installed", hint="pip install ...")

    monkeypatch.setattr(run_module, "extract_all", no_model)
    d = corpus(tmp_path, {"a": hostile.SHORT, "b": hostile.SHORT})
    (d / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(ModelNotFoundError) as info:
        run([d], tmp_path / "store")
    report = read_report(tmp_path / "store")
    assert info.value.run_report == str(tmp_path / "store" / "run-report.json")
    assert report["status"] == "failed" and report["exit_code"] == 2
    assert report["error"]["type"] == "ModelNotFoundError" and report["error"]["hint"]
    # Every document is still accounted for.
    got = outcomes(report)
    assert report["counts"] == {"documents": 3, "loaded": 0, "quarantined": 0, "rejected": 3}
    assert got["a"][1].startswith("not stored: the run stopped (no English spaCy model")


@pytest.mark.parametrize("group", [1, 3])
def test_disk_error_mid_run_keeps_what_was_stored(tmp_path: Path, stub_engine, monkeypatch,
                                                  group: int) -> None:
    """Documents are written in groups (one atomic ingest each): the failing group and
    everything after it is reported as not stored, everything before it is stored."""
    d = corpus(tmp_path, {name: hostile.SHORT for name in "abcdefg"})
    real = Store.add_new_documents
    writes = []

    def add_new_documents(self, documents):
        writes.append(documents)
        if len(writes) == 2:  # the second group
            raise StoreError("cannot write graph: No space left on device",
                             hint="check free disk space") from OSError(28, "No space left on device")
        return real(self, documents)

    monkeypatch.setattr(Store, "add_new_documents", add_new_documents)
    monkeypatch.setattr(run_module, "WRITE_GROUP_DOCS", group)
    with pytest.raises(StoreError):
        run([d], tmp_path / "store")
    report = read_report(tmp_path / "store")
    got = outcomes(report)
    assert report["status"] == "failed" and "No space left" in report["error"]["message"]
    assert [got[k][0] for k in "abcdefg"] == ["loaded"] * group + ["rejected"] * (7 - group)
    assert got["g"][1] == "not stored: the run stopped (cannot write graph: No space left on device)"
    assert report["counts"]["documents"] == 7
    with Store.open(tmp_path / "store", read_only=True) as st:
        stored = {str(g) for g in st.graphs()}
    for k, (outcome, _) in got.items():
        assert (str(iri.document_graph(k)) in stored) == (outcome == "loaded")


def test_a_document_the_group_write_refuses_is_found_and_rejected_alone(
        tmp_path: Path, stub_engine, monkeypatch) -> None:
    """A content error in a group's ingest: the group is written one document at a time."""
    d = corpus(tmp_path, {name: hostile.SHORT for name in "abcde"})
    bad = str(iri.document_graph("c"))
    real_add, real_replace = Store.add_new_documents, Store.replace_quads

    def refuse(graphs):
        if any(str(g) == bad for g in graphs):
            raise StoreError("cannot write: a term Oxigraph refuses", hint="...") from ValueError("bad term")

    def add_new_documents(self, documents):
        for graphs in documents:
            refuse(graphs)
        return real_add(self, documents)

    def replace_quads(self, graphs):
        refuse(graphs)
        return real_replace(self, graphs)

    monkeypatch.setattr(Store, "add_new_documents", add_new_documents)
    monkeypatch.setattr(Store, "replace_quads", replace_quads)
    monkeypatch.setattr(run_module, "WRITE_GROUP_DOCS", 4)
    report = run([d], tmp_path / "store").to_json()
    assert [x["id"] for x in report["documents"]] == list("abcde")  # input order
    got = outcomes(report)
    assert [got[k][0] for k in "abcde"] == ["loaded", "loaded", "rejected", "loaded", "loaded"]
    assert got["c"][1].startswith("could not store its graph")
    with Store.open(tmp_path / "store", read_only=True) as st:
        assert {str(g) for g in st.graphs() if "/graph/doc/" in str(g)} == {
            str(iri.document_graph(k)) for k in "abde"}


def test_grouped_writes_leave_the_store_that_one_write_per_document_leaves(
        tmp_path: Path, stub_engine, monkeypatch) -> None:
    """Groups of any size, and a re-run (every graph exists: replaced one at a time),
    leave the same store as one transaction per document."""
    from store_check import assert_same, snapshot
    d = corpus(tmp_path, {f"n{i}": hostile.SHORT.replace("Kharkiv", place)
                          for i, place in enumerate(["Kharkiv", "Sumy", "Belgorod", "Kursk", "Odesa"])})
    monkeypatch.setattr(Store, "add_new_documents", lambda self, docs: [False] * len(docs))
    run([d], tmp_path / "one-each")
    monkeypatch.undo()
    monkeypatch.setattr(run_module, "extract_all", stub_engine.stub_extract_all)
    reference = snapshot(tmp_path / "one-each")
    for group in (1, 2, 64):
        monkeypatch.setattr(run_module, "WRITE_GROUP_DOCS", group)
        run([d], tmp_path / f"groups-of-{group}")
        assert_same(snapshot(tmp_path / f"groups-of-{group}"), reference)
    run([d], tmp_path / "groups-of-64")  # the re-run
    assert_same(snapshot(tmp_path / "groups-of-64"), reference)


def test_cli_maps_outcomes_to_exit_codes(tmp_path: Path, stub_engine, monkeypatch) -> None:
    from pipeline.cli import app

    runner = CliRunner()
    ok = corpus(tmp_path, {"a": hostile.SHORT})
    result = runner.invoke(app, ["run", str(ok), "--store", str(tmp_path / "s1"), "-q"])
    assert result.exit_code == 0, result.output
    (ok / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["run", str(ok), "--store", str(tmp_path / "s2"), "-q"])
    assert result.exit_code == 1
    assert json.loads((tmp_path / "s2" / "run-report.json").read_text())["status"] == "partial"

    def bug(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(run_module, "resolve_corpus", bug)
    result = runner.invoke(app, ["run", str(ok), "--store", str(tmp_path / "s3"), "-q"])
    assert result.exit_code == 2  # not 1: a crash is not a partial success
    assert read_report(tmp_path / "s3")["status"] == "failed"
    assert "internal error: ZeroDivisionError: division by zero" in result.output

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(run_module, "resolve_corpus", interrupt)
    result = runner.invoke(app, ["run", str(ok), "--store", str(tmp_path / "s4"), "-q"])
    assert result.exit_code == 130 and "interrupted" in result.output
    report = read_report(tmp_path / "s4")
    assert report["status"] == "failed" and report["error"]["type"] == "KeyboardInterrupt"
    assert report["counts"]["documents"] == 2  # still every document, each with its outcome


@pytest.mark.model
def test_real_engine_crash_on_one_document(tmp_path: Path, monkeypatch) -> None:
    """The real spaCy engine: extraction raising on one document loses only that one."""
    import pipeline.engine as engine

    real = engine.extract

    def extract(document, doc, gazetteer):
        if document.id == "b":
            raise IndexError("token index out of range")
        return real(document, doc, gazetteer)

    monkeypatch.setattr(engine, "extract", extract)
    d = corpus(tmp_path, {"a": hostile.SHORT, "b": hostile.SHORT, "c": hostile.SHORT})
    got = outcomes(run([d], tmp_path / "store").to_json())
    assert got["a"][0] == got["c"][0] == "loaded"
    assert got["b"] == ("rejected", "extraction failed: IndexError: token index out of range")
    with Store.open(tmp_path / "store", read_only=True) as st:
        rows = st.query('PREFIX cv: <https://w3id.org/caveat/onto#> '
                        'SELECT ?id WHERE { ?d a cv:Document ; cv:docId ?id } ORDER BY ?id').rows
    assert [str(r["id"]) for r in rows] == ["a", "c"]


def test_a_document_rejected_on_a_rerun_says_its_earlier_version_stays(tmp_path: Path,
                                                                        stub_engine) -> None:
    d = corpus(tmp_path, {"a": hostile.SHORT, "b": "Second article.\n" + hostile.SHORT})
    assert run([d], tmp_path / "store").ok
    (d / "b.txt").write_text("BOOM " + hostile.SHORT, encoding="utf-8")  # the new version fails
    (d / "c.txt").write_text("BOOM new", encoding="utf-8")  # never stored
    report = run([d], tmp_path / "store").to_json()
    by_id = {x["id"]: x for x in report["documents"]}
    assert by_id["b"]["outcome"] == by_id["c"]["outcome"] == "rejected"
    assert any("earlier run stored is kept" in n for n in by_id["b"]["notes"])
    assert not any("earlier run" in n for n in by_id["c"]["notes"] + by_id["a"]["notes"])
    with Store.open(tmp_path / "store", read_only=True) as st:  # what the note says is true
        assert iri.document_graph("b") in st.graphs()
        assert iri.document_graph("c") not in st.graphs()
