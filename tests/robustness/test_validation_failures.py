"""Validation failures: SHACL violations land in quarantine, with the report and the
run report saying so; `caveat check` (OWL) reasons over non-quarantine graphs only and
names the axioms of an inconsistency."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH
from typer.testing import CliRunner

import pipeline.engine as engine_module
import pipeline.run as run_module
from helpers import SEEDS, read_report
from pipeline.cli import app
from pipeline.graph import iri
from pipeline.graph.namespace import CV
from pipeline.store import Store

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
BAD_DATE = Literal("2024-02-30", datatype=XSD_DATE)  # no 30 February
VICTIM = "000_16506c7fa13a17d1"
runner = CliRunner()


@pytest.fixture
def two_seeds(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for p in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(p, d / p.name)
    return d


@pytest.fixture
def bad_mapper(monkeypatch):
    """The mapper gives every permission of one document an impossible date."""
    real = engine_module.document_graph
    hit: list[URIRef] = []

    def mapper(x):
        g = real(x)
        if x.document.id == VICTIM:
            for rule in set(g.subjects(RDF.type, CV.Permission)):
                g.add((rule, CV.effective, BAD_DATE))
                hit.append(rule)
        return g

    monkeypatch.setattr(engine_module, "document_graph", mapper)
    return hit


@pytest.mark.model
def test_shacl_violation_is_quarantined_and_reported(tmp_path: Path, two_seeds: Path, bad_mapper) -> None:
    store = tmp_path / "store"
    result = runner.invoke(app, ["run", str(two_seeds), "--store", str(store), "-q"])
    assert bad_mapper, "the victim article yielded no permission to corrupt"
    assert result.exit_code == 1, result.output  # partial: something needs a look
    report = read_report(store)
    docs = {d["id"]: d for d in report["documents"]}
    victim, other = docs[VICTIM], docs["001_67d06586f2329d95"]
    assert report["status"] == "partial" and report["counts"]["quarantined"] == 1
    assert victim["outcome"] == "quarantined" and victim["quarantined_triples"] > 0
    assert "cv:effective must be a valid xsd:date" in victim["reason"]
    assert str(iri.quarantine_graph(VICTIM)) in victim["hint"]
    assert other["outcome"] == "loaded" and other["quarantined_triples"] == 0
    assert f"quarantined: {two_seeds / (VICTIM + '.txt')}: " in result.output

    with Store.open(store, read_only=True) as st:
        q = st.graph_triples(iri.quarantine_graph(VICTIM))
        kept = st.graph_triples(iri.document_graph(VICTIM))
        for rule in bad_mapper:
            assert (rule, CV.effective, BAD_DATE) in q
            assert not list(kept.triples((rule, None, None)))  # the whole failing fact moved
        assert set(q.subjects(RDF.type, SH.ValidationReport))  # the SHACL report travels with it
        assert iri.quarantine_graph("001_67d06586f2329d95") not in st.graphs()
        ask = ("PREFIX cv: <https://w3id.org/caveat/onto#> "
               'ASK { ?r cv:effective "2024-02-30"^^<http://www.w3.org/2001/XMLSchema#date> }')
        assert st.query(ask).boolean is False  # queries do not see quarantine ...
        assert st.query(ask, include_quarantine=True).boolean is True  # ... unless asked to

    validate = runner.invoke(app, ["validate", "--store", str(store)])
    assert validate.exit_code == 0, validate.output  # what is left in the document graphs conforms
    assert "1 quarantine graphs" in validate.output


@pytest.mark.model
def test_fixed_input_clears_the_quarantine(tmp_path: Path, two_seeds: Path, monkeypatch) -> None:
    store = tmp_path / "store"
    real = engine_module.document_graph

    def mapper(x):
        g = real(x)
        if x.document.id == VICTIM:
            g.add((iri.document(VICTIM), CV.published, BAD_DATE))
        return g

    monkeypatch.setattr(engine_module, "document_graph", mapper)
    assert run_module.run([two_seeds], store).counts["quarantined"] == 1
    monkeypatch.setattr(engine_module, "document_graph", real)
    report = run_module.run([two_seeds], store)
    assert report.counts["quarantined"] == 0 and report.exit_code == 0
    with Store.open(store, read_only=True) as st:
        assert not [g for g in st.graphs() if "/graph/quarantine/" in str(g)]


# --------------------------------------------------------------------------- OWL

@pytest.mark.java
def test_caveat_check_ignores_quarantine_and_names_the_axioms(tmp_path: Path) -> None:
    x = URIRef("https://w3id.org/caveat/id/entity/clash")
    clash = Graph().add((x, RDF.type, CV.Person)).add((x, RDF.type, CV.Permission))
    store = tmp_path / "store"
    with Store.open(store) as st:
        st.replace_graph(iri.ONTOLOGY_GRAPH, run_module.ontology_graph())
        st.replace_graph(iri.quarantine_graph("q"), clash)
    result = runner.invoke(app, ["check", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "consistent" in result.output

    with Store.open(store) as st:
        st.replace_graph(iri.document_graph("d"), clash)
    result = runner.invoke(app, ["check", "--store", str(store)])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "inconsistent" in out and str(x) in out
    assert "cv:Thing owl:disjointWith cv:Fact" in out
