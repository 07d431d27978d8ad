"""The competency questions rewritten for big stores give the answers of their plain forms.

``tests/scale/reference/*.rq`` keep the straightforward versions (every
aggregate over the product of all optional values, which grows with the
square of the reports). On a synthetic graph where facts are reported many
times, under several as-of dates, the shipped queries must give the same rows
(GROUP_CONCAT parts compared as sets). When a question's meaning changes,
change both files.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline import query as Q
from pipeline.graph import iri
from pipeline.graph.mapper import document_graph
from pipeline.run import merged_graph, ontology_graph
from pipeline.store import Store

REFERENCE = Path(__file__).parent / "reference"
NAMES = sorted(p.stem for p in REFERENCE.glob("*.rq"))


def _rows(result, unordered):
    out = []
    for row in result.to_sparql_json()["results"]["bindings"]:
        key = []
        for v in result.variables:
            term = row.get(v)
            if term is None:
                key.append(None)
                continue
            value = term["value"]
            if v in unordered:
                value = "; ".join(sorted(value.split("; ")))
            key.append((term["type"], value, term.get("datatype"), term.get("xml:lang")))
        out.append(tuple(key))
    return sorted(out, key=repr)


@pytest.fixture(scope="module")
def synthetic_store():
    import synth
    st = Store.in_memory()
    st.replace_graph(iri.ONTOLOGY_GRAPH, ontology_graph())
    for x in synth.synthetic_extractions(60):
        st.replace_graph(iri.document_graph(x.document.id), document_graph(x))
    st.replace_graph(iri.MERGED_GRAPH, merged_graph(st))
    return st


AS_OF_DATES = ["2022-06-01", "2023-06-01", "2024-06-01", "2025-06-01"]
#: Each question without a date; those with an as-of parameter also under each date.
CASES = [(name, as_of) for name in NAMES
         for as_of in [None, *(AS_OF_DATES if "?asOf" in (REFERENCE / f"{name}.rq").read_text(encoding="utf-8")
                               else [])]]


@pytest.mark.parametrize(("name", "as_of"), CASES)
def test_rewritten_query_gives_the_reference_answers(synthetic_store, name, as_of):
    import re
    reference = (REFERENCE / f"{name}.rq").read_text(encoding="utf-8")
    bindings = {}
    if as_of:
        from rdflib import XSD, Literal
        bindings["asOf"] = Literal(as_of, datatype=XSD.date)
    unordered = set(re.findall(r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*\)\s*AS\s+\?(\w+)", reference, re.I))
    expected = synthetic_store.query(reference, bindings)
    got = synthetic_store.query(Q.load(name), bindings)
    assert got.variables == expected.variables
    assert len(expected.rows) > 0
    assert _rows(got, unordered) == _rows(expected, unordered)


#: Quotes that report several changes of one restriction (overlapping weapons, one change
#: without a date, one with two dates, an easing without issuer) and a restriction with two
#: action labels: the synthetic graph has no quote that reports two changes.
SEVERAL_CHANGES = """
@prefix cv: <https://w3id.org/caveat/onto#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://w3id.org/caveat/id/test/> .
:r1 a cv:Prohibition ; cv:actionText "strikes" .
:r2 a cv:Prohibition ; cv:action :act ; cv:actionText "x" .
:act skos:prefLabel "long-range strikes", "deep strikes" .
:canada skos:prefLabel "Canada" .
:wA skos:prefLabel "A" . :wB skos:prefLabel "B" . :wC skos:prefLabel "C" .
:aX skos:prefLabel "X" . :aY skos:prefLabel "Y" .
:d1 cv:docId "doc-1" . :d2 cv:docId "doc-2" .
:c1 a cv:Lifting ; cv:changes :r1 ; cv:issuer :canada ; cv:weapon :wA, :wB ;
    cv:date "2023-01-01"^^xsd:date ; cv:evidence :e1, :e2 .
:c2 a cv:Lifting ; cv:changes :r1 ; cv:issuer :canada ; cv:weapon :wB, :wC ; cv:scopeIncludes :aX ;
    cv:evidence :e3 .
:c5 a cv:Lifting ; cv:changes :r1 ; cv:issuer :canada ; cv:weapon :wC ;
    cv:date "2022-02-02"^^xsd:date, "2021-03-03"^^xsd:date ; cv:evidence :e7 .
:c3 a cv:Easing ; cv:changes :r1 ; cv:scopeIncludes :aX, :aY ; cv:evidence :e4 .
:c6 a cv:Easing ; cv:changes :r1 ; cv:issuer :canada ; cv:scopeIncludes :aY ;
    cv:date "2020-01-01"^^xsd:date ; cv:evidence :e8 .
:c4 a cv:Lifting ; cv:changes :r2 ; cv:weapon :wA ; cv:date "2024-05-05"^^xsd:date ;
    cv:evidence :e5, :e6 .
:e1 cv:exact "q1" ; cv:inDocument :d1 .  :e2 cv:exact "q2" ; cv:inDocument :d1 .
:e3 cv:exact "q1" ; cv:inDocument :d1 .  :e4 cv:exact "q1" ; cv:inDocument :d1 .
:e5 cv:exact "q3" ; cv:inDocument :d1 .  :e6 cv:exact "q3" ; cv:inDocument :d2 .
:e7 cv:exact "q2" ; cv:inDocument :d1 .  :e8 cv:exact "q1" ; cv:inDocument :d1 .
"""


def test_lifted_restrictions_merges_the_changes_a_quote_reports():
    import re

    from rdflib import Graph
    st = Store.in_memory()
    st.replace_graph(iri.document_graph("several-changes"), Graph().parse(data=SEVERAL_CHANGES, format="turtle"))
    reference = (REFERENCE / "lifted-restrictions.rq").read_text(encoding="utf-8")
    unordered = set(re.findall(r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*\)\s*AS\s+\?(\w+)", reference, re.I))
    expected = st.query(reference)
    assert len(expected.rows) == 8
    assert _rows(st.query(Q.load("lifted-restrictions")), unordered) == _rows(expected, unordered)
