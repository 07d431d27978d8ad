"""No injection: user values are bound, never spliced into SPARQL; hostile text round-trips.

* ``caveat ask --as-of`` refuses anything that is not a date (exit 2) and binds
  a valid one as an ``xsd:date`` term: the query text sent to the store is the
  .rq file, byte for byte.
* Labels, quotes and ids containing quotes, braces, newlines, backslashes and
  SPARQL keywords go through mapper -> store -> competency queries -> export
  unchanged, and re-writing them (the diff-based DELETE DATA path) works.
* Any text mints a valid document IRI and comes back as the same cv:docId.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from typer.testing import CliRunner

import pipeline.run as run_module
from pipeline import query as queries
from pipeline.cli import app
from pipeline.errors import QueryError
from pipeline.graph import iri
from pipeline.graph.mapper import document_graph
from pipeline.records import Document, DocumentExtraction, EntityRef, EventRecord, RuleRecord, Span
from pipeline.store import Store

HOSTILE = [
    'Storm "Shadow" } ; DROP ALL ; INSERT DATA { <x> <y> "z" } #',
    "Line one\nline two\r\nthree\ttab",
    "back\\slash \\u0022 \\n not an escape",
    "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
    "'single' '''triple''' \"\"\"double\"\"\"",
    "<http://evil.example/> a owl:Thing . GRAPH <g> { }",
    "Ünïcødé – “quotes” – \u200b zero width – \U0001F680",
    "  leading and trailing spaces  ",
]
NOT_DATES = ['2024-01-01" } ; DROP ALL ; #', "2024-01-01T00:00:00Z", "yesterday", "2024-13-01",
             "' OR '1'='1", "2024-01-01\n", "?asOf", "<http://x>", " "]
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
runner = CliRunner()


def hostile_extraction(document: Document) -> DocumentExtraction:
    """A rule, its parties and an event, every label one of HOSTILE (found in the text)."""
    text = document.text

    def span(s: str) -> Span:
        i = text.index(s)
        return Span(i, i + len(s), s)

    issuer = EntityRef(key="entity:issuer", label=HOSTILE[0], category="Country")
    bound = EntityRef(key="entity:bound", label=HOSTILE[1], category="Country")
    weapon = EntityRef(key="entity:weapon", label=HOSTILE[2], category="WeaponSystem", kind="Missile")
    speaker = EntityRef(key="entity:speaker", label=HOSTILE[3], category="Person")
    place = EntityRef(key="entity:place", label=HOSTILE[5], category="Place")
    rule = RuleRecord(modality="prohibition", action="CrossBorderStrike", action_text=HOSTILE[4],
                      evidence=span(HOSTILE[0]), issuer=issuer, bound=bound, weapons=[weapon],
                      scope_in=[place], scope_text=[HOSTILE[6]], targets=[HOSTILE[7]],
                      announced=dt.date(2024, 5, 1), attributed_to=speaker)
    event = EventRecord(date=dt.date(2024, 5, 2), label=HOSTILE[3], trigger="say",
                        evidence=span(HOSTILE[3]), participants=[issuer])
    return DocumentExtraction(document=document, entities=[issuer, bound, weapon, speaker, place],
                              rules=[rule], events=[event])


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> Path:
    """A store built by `run` from one article whose every label is hostile."""
    root = tmp_path_factory.mktemp("hostile")
    article = root / "evil.txt"
    article.write_text("\n\n".join(HOSTILE), encoding="utf-8")

    def engine(documents, model=None, batch_size=16, progress=None, **kw):
        return [hostile_extraction(d) for d in documents]

    mp = pytest.MonkeyPatch()
    mp.setattr(run_module, "extract_all", engine)
    try:
        report = run_module.run([article], root / "store")
        assert report.counts["loaded"] == 1, report.to_json()
        run_module.run([article], root / "store")  # again: the diff path (DELETE/INSERT DATA)
    finally:
        mp.undo()
    return root / "store"


# --------------------------------------------------------------------------- --as-of

@pytest.mark.parametrize("value", NOT_DATES)
def test_as_of_that_is_not_a_date_is_refused(hostile_store: Path, value: str) -> None:
    result = runner.invoke(app, ["ask", "restrictions-in-force", "--store", str(hostile_store),
                                 "--as-of", value])
    assert result.exit_code == QueryError.exit_code  # an error, neither success nor "partial"
    assert "not a date" in result.output and "YYYY-MM-DD" in result.output


def test_as_of_is_bound_as_a_term_and_the_query_text_is_untouched(hostile_store: Path,
                                                                 monkeypatch) -> None:
    seen: list[tuple[str, dict]] = []
    real = Store.query

    def spy(self, sparql, bindings=None, include_quarantine=False):
        seen.append((sparql, dict(bindings or {})))
        return real(self, sparql, bindings, include_quarantine)

    monkeypatch.setattr(Store, "query", spy)
    result = runner.invoke(app, ["ask", "restrictions-in-force", "--store", str(hostile_store),
                                 "--as-of", "2024-06-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    [(sparql, bindings)] = seen
    # The question's own text, with its comments and final ORDER BY blanked out (the rows
    # are sorted in Python, pipeline/query.py): nothing inserted, every other character kept.
    text = queries.load("restrictions-in-force")
    assert len(sparql) == len(text) and sparql != text
    assert all(got == want or got == " " for got, want in zip(sparql, text))
    # (the sub-selects' own ORDER BY, which order what GROUP_CONCAT joins, are kept)
    assert "ORDER BY ?restriction ?source" in text and "ORDER BY ?restriction ?source" not in sparql
    assert "SELECT DISTINCT ?restriction" in sparql
    assert bindings == {"asOf": Literal("2024-06-01", datatype=XSD_DATE)}
    assert "2024-06-01" not in sparql


def test_every_question_runs_on_hostile_data(hostile_store: Path) -> None:
    with Store.open(hostile_store, read_only=True) as st:
        for name in queries.available():
            queries.ask(st, name)  # no syntax error, whatever the labels hold


# --------------------------------------------------------------------------- round trips

def test_hostile_labels_round_trip_through_store_and_queries(hostile_store: Path) -> None:
    with Store.open(hostile_store, read_only=True) as st:
        labels = {str(r["label"]) for r in queries.ask(st, "entities").rows}
        assert {HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[3], HOSTILE[5]} <= labels
        rows = queries.ask(st, "restrictions-in-force", as_of=dt.date(2024, 6, 1)).rows
        [row] = [r for r in rows if str(r["issuer"]) == HOSTILE[0]]
        assert str(row["restricted"]) == HOSTILE[1] and str(row["weapon"]) == HOSTILE[2]
        assert str(row["quote"]) == HOSTILE[0]
        assert {HOSTILE[6], HOSTILE[7]} <= set(str(row["scope"]).split("; ")) | {str(row["scope"])}
        assert str(row["asOf"]) == "2024-06-01"
        events = {str(r["label"]) for r in queries.ask(st, "timeline").rows}
        assert HOSTILE[3] in events
        # Exports re-parse, hostile literals intact.
        for fmt, rdf_format in (("nquads", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG),
                                ("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES)):
            out = io.BytesIO()
            st.export(fmt, out)
            values = {q.object.value for q in ox.parse(out.getvalue(), rdf_format)
                      if isinstance(q.object, ox.Literal)}
            assert set(HOSTILE) <= values, fmt


labels = st.text(min_size=1, max_size=80)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=labels, other=labels)
def test_any_label_round_trips_and_binds(label: str, other: str) -> None:
    """Any string: stored, queried back, used as a bound value, replaced and removed."""
    st_ = Store.in_memory()
    node = iri.entity(label)
    name = iri.document_graph("d")
    st_.replace_graph(name, Graph().add((node, SKOS.prefLabel, Literal(label))))
    q = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?e ?label WHERE { ?e skos:prefLabel ?label }"
    assert [(r["e"], str(r["label"])) for r in st_.query(q).rows] == [(node, label)]
    assert [r["e"] for r in st_.query(q, {"label": Literal(label)}).rows] == [node]
    if other != label:
        assert st_.query(q, {"label": Literal(other)}).rows == []
    st_.replace_graph(name, Graph().add((node, SKOS.prefLabel, Literal(other))))  # DELETE DATA path
    assert [str(r["label"]) for r in st_.query(q).rows] == [other]
    st_.remove_graph(name)
    assert st_.query(q).rows == [] and len(st_) == 0


@settings(max_examples=100, deadline=None)
@given(doc_id=st.text(min_size=1, max_size=60).filter(lambda s: s.strip()),
       title=st.text(max_size=60))
def test_any_document_id_mints_valid_iris_and_round_trips(doc_id: str, title: str) -> None:
    text = "Quote: " + doc_id
    doc = Document(id=doc_id, text=text, title=title or None, origin="x.jsonl:1")
    x = DocumentExtraction(document=doc, events=[EventRecord(
        date=dt.date(2024, 1, 1), label=title or "e", trigger="t", evidence=Span(0, len(text), text))])
    g = document_graph(x)
    for term in {t for triple in g for t in triple}:
        if not isinstance(term, Literal):
            ox.NamedNode(str(term))  # raises on an invalid IRI
    st_ = Store.in_memory()
    st_.replace_graphs({iri.document_graph(doc_id): g, iri.quarantine_graph(doc_id): Graph()})
    rows = st_.query("PREFIX cv: <https://w3id.org/caveat/onto#> "
                     "SELECT ?id ?exact WHERE { ?d cv:docId ?id . ?ev cv:inDocument ?d ; cv:exact ?exact }").rows
    assert [(str(r["id"]), str(r["exact"])) for r in rows] == [(doc_id, text)]
    assert st_.graphs() == [iri.document_graph(doc_id)]
