"""Fuzzing the extraction entry point and the mapper with hypothesis (real spaCy model).

For arbitrary Unicode and for random article-like text (sentence templates
with countries, weapons, verbs, dates and quotes):

* ``pipeline.extract.extract(document, nlp(text), gazetteer)`` does not crash;
* ``pipeline.graph.mapper.document_graph`` gives valid RDF: it serialises to
  N-Triples and parses back (rdflib and Oxigraph) to the same graph;
* no fact without a source: every cv:Fact (any subclass) is cv:reportedIn the
  document and has a cv:evidence whose cv:exact equals
  ``text[cv:start:cv:end]`` and which is cv:inDocument the document;
* SHACL validation and the quarantine split run without error.

The example counts are kept modest (60 per test) so CI stays fast.
"""
from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, Graph
from rdflib.compare import isomorphic

from pipeline.extract import extract
from pipeline.graph import iri
from pipeline.graph.mapper import document_graph
from pipeline.graph.namespace import CV
from pipeline.records import Document
from pipeline.run import ontology_graph
from pipeline.validate.shacl import validate_and_split

pytestmark = pytest.mark.model

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

COUNTRIES = ["The United States", "Britain", "Germany", "France", "Ukraine", "Russia", "the U.S.",
             "Kyiv", "Washington", "London", "Berlin", "Poland", "the Netherlands"]
WEAPONS = ["ATACMS", "Storm Shadow missiles", "HIMARS", "Taurus cruise missiles", "F-16 jets",
           "SCALP missiles", "Western weapons", "long-range missiles", "artillery", "drones"]
PLACES = ["inside Russia", "near Kharkiv", "in Kursk", "on Russian territory", "in Belgorod",
          "across the border", "deep inside Russia", "in Crimea"]
PEOPLE = ["President Joe Biden", "Olaf Scholz", "Volodymyr Zelensky", "a senior U.S. official",
          "Defense Secretary Lloyd Austin", "Emmanuel Macron", "officials", "Serhii Nykyforov"]
DATES = ["on May 30, 2024", "last week", "on Friday", "in November 2024", "on 17 Nov 2024", ""]
TEMPLATES = [
    "{c1} allowed {c2} to use {w} {p} {d}.",
    "{c1} has lifted its ban on {c2} using {w} {p}, {person} said {d}.",
    "{c1} will not allow {c2} to strike {p} with {w}.",
    "{c1} refused to let {c2} fire {w} {p} {d}.",
    "{person} urged {c1} to let {c2} use {w} {p}.",
    "“We are not permitting strikes {p},” {person} told reporters {d}.",
    "{c2} struck targets {p} with {w} {d}, according to {person}.",
    "{c1} eased restrictions on the use of {w} {p} {d}.",
    "{c1} has still not given permission to use {w} {p}.",
    "{person} said {c1} had authorised {c2} to use {w} against military targets {p}.",
]

sentence = st.builds(
    lambda t, c1, c2, w, p, d, person: t.format(c1=c1, c2=c2, w=w, p=p, d=d, person=person)
    .replace(" .", ".").replace(" ,", ","),
    st.sampled_from(TEMPLATES), st.sampled_from(COUNTRIES), st.sampled_from(COUNTRIES),
    st.sampled_from(WEAPONS), st.sampled_from(PLACES), st.sampled_from(DATES), st.sampled_from(PEOPLE))
noise = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
article = st.lists(st.one_of(sentence, sentence, sentence, noise), min_size=1, max_size=12).flatmap(
    lambda parts: st.lists(st.sampled_from([" ", "\n", "\n\n", "  ", "\t"]), min_size=len(parts),
                           max_size=len(parts)).map(
        lambda seps: "".join(p + s for p, s in zip(parts, seps))))
# Not empty: ingest rejects empty texts and run.py never parses an empty piece, and spaCy
# crashes on one in caveat_paragraphs (see test_empty_text_reaches_no_component below).
unicode_text = st.text(min_size=1, max_size=600)
published = st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))


@pytest.fixture(scope="module")
def fact_classes():
    onto = ontology_graph()
    return set(onto.transitive_subjects(RDFS.subClassOf, CV.Fact)) - {CV.Fact}


def check_document(nlp, fact_classes, text: str, when: dt.date | None) -> Graph:
    gazetteer = nlp.get_pipe("caveat_gazetteer").gazetteer
    document = Document(id="fuzz/1 \"x\"", text=text, title="T", published=when, origin="fuzz")
    x = extract(document, nlp(text), gazetteer)
    g = document_graph(x)

    # Valid RDF: N-Triples out and back, through rdflib and through Oxigraph.
    nt = g.serialize(format="nt", encoding="utf-8")
    again = Graph().parse(data=nt.decode("utf-8"), format="nt")
    assert isomorphic(g, again)
    assert len(list(ox.parse(nt, ox.RdfFormat.N_TRIPLES))) == len(g)

    # No fact without a source.
    doc_iri = iri.document(document.id)
    facts = {s for cls in fact_classes for s in g.subjects(RDF.type, cls)}
    for fact in facts:
        assert (fact, CV.reportedIn, doc_iri) in g, fact
        evidence = list(g.objects(fact, CV.evidence))
        assert evidence, f"{fact} has no evidence"
        for ev in evidence:
            start, end = int(g.value(ev, CV.start)), int(g.value(ev, CV.end))
            assert str(g.value(ev, CV.exact)) == text[start:end]
            assert (ev, CV.inDocument, doc_iri) in g
    for ev in g.subjects(RDF.type, CV.Evidence):
        start, end = int(g.value(ev, CV.start)), int(g.value(ev, CV.end))
        assert str(g.value(ev, CV.exact)) == text[start:end]

    kept, quarantine, _ = validate_and_split(g)
    assert len(kept) + len(quarantine) >= len(g) - len(quarantine)
    return g


@FUZZ
@given(text=unicode_text, when=published)
def test_arbitrary_unicode(nlp, fact_classes, text: str, when: dt.date | None) -> None:
    check_document(nlp, fact_classes, text, when)


@FUZZ
@given(text=article, when=published)
def test_article_like_text(nlp, fact_classes, text: str, when: dt.date | None) -> None:
    check_document(nlp, fact_classes, text, when)


def test_templates_do_produce_facts(nlp, fact_classes) -> None:
    """The article strategy is not vacuous: its sentences yield rules with evidence."""
    text = ("Britain allowed Ukraine to use Storm Shadow missiles inside Russia on May 30, 2024.\n\n"
            "Germany will not allow Ukraine to strike inside Russia with Taurus cruise missiles.")
    g = check_document(nlp, fact_classes, text, dt.date(2024, 5, 31))
    assert set(g.subjects(RDF.type, CV.Permission)) and set(g.subjects(RDF.type, CV.Prohibition))


def test_an_empty_text_passes_every_component(nlp) -> None:
    doc = nlp("")
    assert len(doc) == 0 and list(doc.ents) == []


def test_pipeline_never_parses_an_empty_text(tmp_path, monkeypatch) -> None:
    """What makes the crash above unreachable: nothing empty or blank reaches the engine."""
    import pipeline.run as run_module

    seen: list[str] = []

    def engine(documents, model=None, batch_size=16, progress=None, **kw):
        seen.extend(d.text for d in documents)
        from pipeline.records import DocumentExtraction
        return [DocumentExtraction(document=d) for d in documents]

    monkeypatch.setattr(run_module, "extract_all", engine)
    monkeypatch.setattr(run_module, "LONG_DOCUMENT_CHARS", 50)
    monkeypatch.setattr(run_module, "CHUNK_CHARS", 20)
    (tmp_path / "a.txt").write_text("", encoding="utf-8")
    (tmp_path / "b.txt").write_text(" \n\n ", encoding="utf-8")
    (tmp_path / "c.txt").write_text("word " * 5 + " " * 200 + "\n\n" * 50 + "end.", encoding="utf-8")
    (tmp_path / "d.jsonl").write_text('{"id": "d", "text": ""}\n{"id": "e", "text": "  "}\n',
                                      encoding="utf-8")
    report = run_module.run([tmp_path], tmp_path / "store").to_json()
    assert seen and all(t.strip() for t in seen)
    assert report["counts"]["documents"] == 5
