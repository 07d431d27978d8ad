"""Per-document work stays per document: the merged graph is updated incrementally,
and bulk loading builds the same store as one write per graph."""
from __future__ import annotations

import copy
import io

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from pipeline.errors import StoreError
from pipeline.graph import iri
from pipeline.graph.mapper import document_graph
from pipeline.graph.namespace import CV
from pipeline.run import merged_graph
from pipeline.store import Store
from pipeline.store.terms import to_ox, to_ox_graph_name

from .conftest import assert_same_dataset


def _records(n, start=0):
    import synth
    return list(synth.synthetic_extractions(n, start=start))


def _merged_is_full_recompute(store_path):
    with Store.open(store_path) as st:
        stored = st.graph_triples(iri.MERGED_GRAPH)
        full = merged_graph(st)
    assert isomorphic(stored, full)
    return stored


def test_incremental_merged_graph_equals_the_full_recompute(synthetic_run, tmp_path):
    store = tmp_path / "store"
    first = _records(30)
    synthetic_run(first, store)                       # first run: computed in full
    merged = _merged_is_full_recompute(store)
    assert len(merged) > 0
    synthetic_run(_records(20, start=30), store)      # new documents: incremental
    _merged_is_full_recompute(store)
    # a re-run where documents lost facts (and so support), and one document is new
    changed = copy.deepcopy(first[:10])
    for x in changed:
        x.rules = x.rules[:1]
        x.advocacy = []
    synthetic_run(changed + _records(1, start=500), store)
    _merged_is_full_recompute(store)


def test_a_run_into_a_store_does_not_list_its_graphs(synthetic_run, tmp_path, monkeypatch):
    """Listing every named graph costs time in proportion to the store: a run that adds,
    re-runs or rejects documents looks its graphs up instead (and the merged graph and the
    run report's counts still come out right)."""
    store = tmp_path / "store"
    synthetic_run(_records(20), store)

    def listed(self):
        raise AssertionError("a run listed every graph of the store")
    monkeypatch.setattr(Store, "graphs", listed)
    changed = copy.deepcopy(_records(5))
    for x in changed:
        x.rules = x.rules[:1]
    report = synthetic_run(changed + _records(5, start=40), store)
    assert report.facts["documents"] == 25
    monkeypatch.undo()
    _merged_is_full_recompute(store)


def test_merged_support_counts_follow_the_documents(synthetic_run, tmp_path):
    store = tmp_path / "store"
    a = _records(1)[0]
    b = copy.deepcopy(a)
    b.document = type(a.document)(**{**a.document.__dict__, "id": "copy-of-" + a.document.id})
    synthetic_run([a], store)
    synthetic_run([b], store)  # the same facts reported by a second document
    with Store.open(store) as st:
        counts = {int(o) for o in st.graph_triples(iri.MERGED_GRAPH).objects(None, CV.supportCount)}
    assert counts == {2}
    _merged_is_full_recompute(store)


def _quads(records):
    for x in records:
        name = to_ox_graph_name(iri.document_graph(x.document.id))
        for s, p, o in document_graph(x):
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)


def test_bulk_load_builds_what_replace_graph_builds():
    records = _records(8)
    one = Store.in_memory()
    for x in records:
        one.replace_graph(iri.document_graph(x.document.id), document_graph(x))
    bulk = Store.in_memory()
    data = io.BytesIO()
    ox.serialize(list(_quads(records)), data, ox.RdfFormat.N_QUADS)
    data.seek(0)
    assert bulk.bulk_load(data, "nquads") == len(one)
    assert_same_dataset(one.dataset(), bulk.dataset())
    assert isomorphic(one.union(), bulk.union())
    with pytest.raises(StoreError, match="already in the store"):
        bulk.bulk_load(_quads(records[:1]))
    with pytest.raises(StoreError, match="named graph"):
        bulk.bulk_load(io.BytesIO(b"<http://a> <http://b> <http://c> .\n"), "nquads")


def test_replace_subjects_keeps_the_rest_and_the_union():
    st = Store.in_memory()
    g = Graph()
    f1, f2 = iri.fact("rule", "a"), iri.fact("rule", "b")
    from rdflib import Literal
    g.add((f1, CV.supportCount, Literal(1)))
    g.add((f2, CV.supportCount, Literal(1)))
    st.replace_graph(iri.MERGED_GRAPH, g)
    new = Graph()
    new.add((f1, CV.supportCount, Literal(2)))
    st.replace_subjects(iri.MERGED_GRAPH, [f1], new)
    assert set(st.graph_triples(iri.MERGED_GRAPH)) == {(f1, CV.supportCount, Literal(2)),
                                                       (f2, CV.supportCount, Literal(1))}
    assert set(st.union()) == set(st.graph_triples(iri.MERGED_GRAPH))
    with pytest.raises(StoreError, match="not among"):
        st.replace_subjects(iri.MERGED_GRAPH, [f1], g)


def test_a_rerun_and_a_new_document_reporting_the_same_facts(synthetic_run, tmp_path):
    store = tmp_path / "store"
    a = _records(1)[0]
    synthetic_run([a], store)
    again = copy.deepcopy(a)
    again.rules = again.rules[:1]  # the re-run drops facts...
    new = copy.deepcopy(a)          # ...that a new document reports
    new.document = type(a.document)(**{**a.document.__dict__, "id": "new-" + a.document.id})
    synthetic_run([again, new], store)
    _merged_is_full_recompute(store)
