"""Store.export: every format re-parses (with rdflib) to exactly what the store holds."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from pipeline.errors import StoreError
from pipeline.graph.iri import MERGED_GRAPH, ONTOLOGY_GRAPH, document_graph, quarantine_graph
from pipeline.store import EXPORT_FORMATS, Store, export_format_for

# rdflib's own TriG/N-Quads/JSON-LD parsers trip its ConjunctiveGraph deprecation.
pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated, use Dataset:DeprecationWarning")

EX = "http://example.org/"
P = URIRef(EX + "p")
CUSTOM = URIRef(EX + "datatype#custom")
FORMATS = ["turtle", "ntriples", "trig", "nquads", "jsonld"]
RDFLIB_NAME = {"turtle": "turtle", "ntriples": "nt", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}
KEEPS_GRAPHS = {"trig", "nquads", "jsonld"}

AWKWARD = [
    'double "quotes" and \'single\'',
    "back\\slash \\n not a newline \\",
    "line one\nline two\r\nthree\ttab",
    "non-ASCII: Kyïv, Курськ, 東京, emoji \U0001F680, combining e\u0301",
    "braces { } ; . DROP ALL # not a comment <http://not-an-iri>",
    '"""triple quotes""" and \'\'\'more\'\'\'',
    "",
    " leading and trailing spaces ",
    "control \x01\x07\x1f and DEL \x7f and \u2028 separator",
    "x" * 20_000,
]


def export_bytes(store: Store, fmt: str, include_quarantine: bool = False) -> bytes:
    out = io.BytesIO()
    store.export(fmt, out, include_quarantine=include_quarantine)
    return out.getvalue()


def assert_round_trips(store: Store, fmt: str, include_quarantine: bool = False) -> None:
    """Export, re-parse with rdflib, compare with the store (isomorphism, per graph)."""
    data = export_bytes(store, fmt, include_quarantine)
    if fmt in KEEPS_GRAPHS:
        ds = Dataset()
        ds.parse(data=data, format=RDFLIB_NAME[fmt])
        parsed = {g.identifier: g for g in ds.graphs() if len(g)}
        expected = store.dataset(include_quarantine=include_quarantine)
        assert set(parsed) == set(expected)  # no default-graph copy, no missing graph
        for name, g in expected.items():
            assert isomorphic(parsed[name], g), f"{fmt}: graph {name} differs"
    else:
        parsed_graph = Graph().parse(data=data, format=RDFLIB_NAME[fmt])
        assert isomorphic(parsed_graph, store.union(include_quarantine=include_quarantine)), fmt


def sample_store() -> tuple[Store, dict[URIRef, Graph]]:
    s1, s2 = URIRef(EX + "s1"), URIRef("http://example.org/Ky%C3%AFv/caf\u00e9~x")
    node = BNode()
    graphs = {
        document_graph("d1"): [
            *[(s1, URIRef(f"{EX}text{i}"), Literal(t)) for i, t in enumerate(AWKWARD)],
            (s1, RDFS.label, Literal("Kyiv", lang="en")),
            (s1, RDFS.label, Literal("\u041a\u0438\u0457\u0432", lang="uk")),
            (s1, URIRef(EX + "date"), Literal(dt.date(2024, 5, 31))),
            (s1, URIRef(EX + "n"), Literal(42)),
            (s1, URIRef(EX + "flag"), Literal(True)),
            (s1, URIRef(EX + "odd"), Literal("<x>\"y\"", datatype=CUSTOM)),
            (s1, P, node), (node, RDF.type, URIRef(EX + "Thing")), (node, P, Literal("in a blank node")),
            (s2, P, s1),
        ],
        document_graph("d 2/\u00e9"): [(s2, P, s1), (s2, RDFS.label, Literal("shared triple above"))],
        MERGED_GRAPH: [(s1, URIRef(EX + "supportCount"), Literal(2))],
        ONTOLOGY_GRAPH: [(URIRef(EX + "Thing"), RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))],
        quarantine_graph("d3"): [(s1, P, Literal("quarantined"))],
    }
    store = Store.in_memory()
    built = {}
    for name, triples in graphs.items():
        g = Graph()
        for t in triples:
            g.add(t)
        store.replace_graph(name, g)
        built[name] = g
    return store, built


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("include_quarantine", [False, True])
def test_each_format_round_trips(fmt: str, include_quarantine: bool) -> None:
    store, _ = sample_store()
    assert_round_trips(store, fmt, include_quarantine)


def test_store_holds_exactly_what_was_written() -> None:
    # Anchors the round-trip tests: "the store content" is the input itself.
    store, built = sample_store()
    stored = store.dataset(include_quarantine=True)
    assert set(stored) == set(built)
    for name, g in built.items():
        assert isomorphic(stored[name], g), name


@pytest.mark.parametrize("fmt", FORMATS)
def test_quarantine_is_left_out_unless_asked(fmt: str) -> None:
    store, _ = sample_store()
    assert b"quarantined" not in export_bytes(store, fmt)
    assert b"quarantined" in export_bytes(store, fmt, include_quarantine=True)


def test_union_formats_hold_each_triple_once() -> None:
    store, _ = sample_store()
    lines = [ln for ln in export_bytes(store, "ntriples").decode("utf-8").splitlines() if ln.strip()]
    assert len(lines) == len(set(lines))
    shared = f"<http://example.org/Ky%C3%AFv/caf\u00e9~x> <{P}> <{EX}s1> ."
    assert lines.count(shared) == 1  # in two document graphs, once in the union


def test_trig_keeps_graph_names_and_prefixes() -> None:
    store, _ = sample_store()
    text = export_bytes(store, "trig").decode("utf-8")
    assert "@prefix cv: <https://w3id.org/caveat/onto#>" in text
    assert "docgraph:d1 {" in text  # named graphs kept, written with the prefix


def test_unknown_format_and_suffixes() -> None:
    store, _ = sample_store()
    with pytest.raises(StoreError) as info:
        store.export("rdfxml", io.BytesIO())
    assert "turtle" in info.value.hint
    from pathlib import Path
    assert {export_format_for(Path(f"g{sfx}")) for sfx in (".ttl", ".nt", ".trig", ".nq", ".jsonld")} \
        == set(EXPORT_FORMATS)
    with pytest.raises(StoreError):
        export_format_for(Path("graph.xml"))


# --------------------------------------------------------------------------- property test

# Well-formed BCP 47 tags, any case (Oxigraph lower-cases them; rdflib compares
# tags case-insensitively, so the round trip still holds).
languages = st.from_regex(r"[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-[a-zA-Z]{2}|-[0-9]{3})?", fullmatch=True)
texts = st.one_of(
    st.text(max_size=80),
    st.sampled_from(AWKWARD),
    st.text(min_size=1, max_size=8).map(lambda t: t * 700),  # long strings
)
# Literals whose lexical form both rdflib and Oxigraph keep as written.
exact_literals = st.one_of(
    texts.map(Literal),
    st.builds(lambda t, lang: Literal(t, lang=lang), texts, languages),
    st.builds(lambda t: Literal(t, datatype=CUSTOM), texts),
    st.integers().map(Literal),
    st.booleans().map(Literal),
    st.dates().map(Literal),
)
# Oxigraph rewrites these to its canonical lexical form ("1.50" -> "1.5").
canonicalised_literals = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=4).map(
        lambda d: Literal(Decimal(d))),
    st.floats(allow_nan=False, allow_infinity=False).map(Literal),
)


def graph_of(literals: list[Literal]) -> Graph:
    g = Graph()
    for i, lit in enumerate(literals):
        g.add((URIRef(f"{EX}s{i}"), P, lit))
    return g


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(exact_literals, min_size=1, max_size=6))
def test_awkward_literals_are_stored_and_exported_exactly(literals: list[Literal]) -> None:
    store = Store.in_memory()
    g = graph_of(literals)
    store.replace_graph(document_graph("h"), g)
    assert set(store.graph_triples(document_graph("h"))) == set(g)
    for fmt in FORMATS:
        assert_round_trips(store, fmt)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(exact_literals, canonicalised_literals), min_size=1, max_size=6))
def test_any_literal_exports_what_the_store_holds(literals: list[Literal]) -> None:
    store = Store.in_memory()
    store.replace_graph(document_graph("h"), graph_of(literals))
    count = len(store)
    for fmt in FORMATS:
        assert_round_trips(store, fmt)
    # Replacing with the same content is a no-op, canonicalised literals included.
    store.replace_graph(document_graph("h"), graph_of(literals))
    assert len(store) == count


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(exact_literals, canonicalised_literals), min_size=1, max_size=8),
       st.integers(min_value=1, max_value=5))
def test_cached_term_conversion_equals_a_fresh_one(literals: list[Literal], cache_size: int) -> None:
    """from_ox's look-up table gives what converting afresh gives, and stays bounded."""
    from pipeline.store import terms
    saved = terms.FROM_OX_CACHE_SIZE
    terms.FROM_OX_CACHE_SIZE = cache_size
    terms._FROM_OX.clear()
    try:
        oxs = [terms.to_ox(lit) for lit in literals] + [terms.to_ox(URIRef(f"{EX}s{i}")) for i in range(3)]
        for _ in range(2):  # the second pass is served from the table where it still holds them
            for t in oxs:
                got, fresh = terms.from_ox(t), terms._from_ox(t)
                assert type(got) is type(fresh) and got == fresh
                if isinstance(fresh, Literal):
                    assert (got.datatype, got.language, str(got)) == (fresh.datatype, fresh.language, str(fresh))
                assert len(terms._FROM_OX) <= cache_size
    finally:
        terms.FROM_OX_CACHE_SIZE = saved
