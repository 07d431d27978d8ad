"""OWL consistency with HermiT, tested as data.

tests/fixtures/owl/consistent*.ttl must be consistent with the ontology;
tests/fixtures/owl/inconsistent*.ttl must not, and the explanation must name
every class on the file's ``# expect:`` lines (CURIEs such as cv:Person).
Tests that run the reasoner are marked ``java``.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from pipeline.errors import CaveatError
from pipeline.graph.mapper import document_graph
from pipeline.validate import owl as owl_mod
from pipeline.validate.owl import (JavaNotFoundError, OntologyLoadError, OwlResult, check_consistency,
                                   explain_disjointness, merge_with_ontology)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "owl"
CONSISTENT = sorted(FIXTURES.glob("consistent*.ttl"))
INCONSISTENT = sorted(FIXTURES.glob("inconsistent*.ttl"))


def _load(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def _expected(path: Path) -> list[str]:
    out: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#\s*expect:\s*(.*)", line)
        if m:
            out.extend(m.group(1).split())
    return out


def test_fixtures_exist():
    assert CONSISTENT and INCONSISTENT
    for p in INCONSISTENT:
        assert _expected(p), f"{p.name} has no '# expect:' line"


# ------------------------------------------------------------------ without Java

@pytest.mark.parametrize("path", INCONSISTENT, ids=lambda p: p.name)
def test_disjointness_explanation_names_the_classes(path):
    lines, classes = explain_disjointness(merge_with_ontology(_load(path)))
    assert lines
    text = "\n".join(lines)
    for cls in _expected(path):
        assert cls in text, f"{cls} not named in:\n{text}"
        assert cls in classes


@pytest.mark.parametrize("path", CONSISTENT, ids=lambda p: p.name)
def test_no_disjointness_clash_in_consistent_fixtures(path):
    assert explain_disjointness(merge_with_ontology(_load(path))) == ([], [])


def test_missing_java_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(owl_mod.shutil, "which", lambda name: None)
    with pytest.raises(JavaNotFoundError) as e:
        check_consistency(Graph())
    assert "default-jre-headless" in e.value.hint
    assert isinstance(e.value, CaveatError)


def test_missing_ontology_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError) as e:
        merge_with_ontology(Graph(), tmp_path / "none.ttl")
    assert isinstance(e.value, CaveatError) and e.value.hint


# ------------------------------------------------------------------ HermiT

@pytest.mark.java
@pytest.mark.parametrize("path", CONSISTENT, ids=lambda p: p.name)
def test_consistent(path):
    result = check_consistency(_load(path))
    assert isinstance(result, OwlResult)
    assert result.consistent, result.explanation
    assert result.inconsistent_classes == []
    assert result.seconds > 0


@pytest.mark.java
@pytest.mark.parametrize("path", INCONSISTENT, ids=lambda p: p.name)
def test_inconsistent(path):
    result = check_consistency(_load(path))
    assert not result.consistent
    for cls in _expected(path):
        assert cls in result.explanation, result.explanation
        assert cls in result.inconsistent_classes
    assert "disjoint" in result.explanation


@pytest.mark.java
def test_ontology_alone_is_consistent():
    assert check_consistency(Graph()).consistent


@pytest.mark.java
def test_nothing_loaded_is_an_error(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("# no ontology here\n", encoding="utf-8")
    with pytest.raises(OntologyLoadError):
        check_consistency(Graph(), ontology_path=empty)


# Regression tests for two former ontology defects (cv:actionText's domain and
# cv:scopeIncludes's range): the mapper's output must stay consistent.

@pytest.mark.java
def test_advocacy_with_action_text_is_consistent():
    g = _load(FIXTURES / "consistent.ttl")
    g.parse(data="""
        @prefix cv: <https://w3id.org/caveat/onto#> .
        <https://w3id.org/caveat/id/advocacy/a1> cv:actionText "lift restrictions" .
    """, format="turtle")
    assert check_consistency(g).consistent


@pytest.mark.java
def test_scope_in_a_country_is_consistent():
    g = _load(FIXTURES / "consistent.ttl")
    g.parse(data="""
        @prefix cv: <https://w3id.org/caveat/onto#> .
        <https://w3id.org/caveat/id/rule/p1> cv:scopeIncludes <https://w3id.org/caveat/id/entity/ru> .
    """, format="turtle")
    assert check_consistency(g).consistent


@pytest.mark.java
def test_mapper_output_is_consistent():
    from test_shapes import _extraction  # the same realistic extraction (tests/unit is on sys.path)
    assert check_consistency(document_graph(_extraction())).consistent
