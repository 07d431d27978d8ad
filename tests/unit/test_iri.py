"""IRI minting: deterministic, valid for any text, distinct for distinct content."""
from hypothesis import given, strategies as st
from pyoxigraph import NamedNode

from pipeline.graph import iri

texts = st.text(min_size=0, max_size=200)


@given(texts)
def test_entity_iri_is_deterministic_and_valid(key):
    a, b = iri.entity(key), iri.entity(key)
    assert a == b
    NamedNode(str(a))  # raises on an invalid IRI


@given(texts, texts)
def test_distinct_keys_mint_distinct_entity_iris(k1, k2):
    if k1 != k2:
        assert iri.entity(k1) != iri.entity(k2)


@given(st.lists(texts, min_size=1, max_size=5), st.lists(texts, min_size=1, max_size=5))
def test_fact_iris_follow_their_keys(k1, k2):
    assert iri.fact("rule", *k1) == iri.fact("rule", *k1)
    if k1 != k2:
        assert iri.fact("rule", *k1) != iri.fact("rule", *k2)
    NamedNode(str(iri.fact("rule", *k1)))


@given(texts, st.integers(0, 10**7), st.integers(0, 10**7))
def test_document_and_evidence_iris_are_valid(doc_id, start, end):
    for node in (iri.document(doc_id), iri.document_graph(doc_id), iri.quarantine_graph(doc_id),
                 iri.evidence(doc_id, start, end)):
        NamedNode(str(node))


def test_kinds_do_not_collide():
    assert iri.fact("rule", "a") != iri.fact("event", "a")
