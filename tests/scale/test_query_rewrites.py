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
