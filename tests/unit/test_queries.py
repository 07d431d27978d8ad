"""The six competency queries on a small hand-built graph with known answers."""
from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal

from pipeline import query
from pipeline.graph import iri
from pipeline.graph.mapper import document_graph
from pipeline.records import (AdvocacyRecord, Document, DocumentExtraction, EntityRef, EventRecord,
                              RuleRecord, Span)
from pipeline.store import Store

US = EntityRef("us", "United States", "Country", gazetteer=True)
UA = EntityRef("ukraine", "Ukraine", "Country", gazetteer=True)
RU = EntityRef("russia", "Russia", "Country", gazetteer=True)
KHARKIV = EntityRef("kharkiv_oblast", "Kharkiv", "Place", gazetteer=True, country="ukraine")
ATACMS = EntityRef("atacms", "ATACMS", "WeaponSystem", kind="BallisticMissile", gazetteer=True)
ROCKETS = EntityRef("kind_rockets", "rockets", "WeaponSystem", kind="RocketArtillery", gazetteer=True)
BLINKEN = EntityRef("blinken", "Antony Blinken", "Person", gazetteer=True, country="us")


def _span(text: str, sentence: str) -> Span:
    start = text.index(sentence)
    return Span(start, start + len(sentence), sentence)


MAY = ("The U.S. allowed Ukraine to fire rockets near Kharkiv. "
       "Ukraine may not fire ATACMS deep inside Russia. "
       "Blinken pushed for the change. Russia attacked Kharkiv on May 10.")
NOV = "The U.S. lifted its ban on ATACMS strikes deep inside Russia on Sunday."


def _may() -> DocumentExtraction:
    doc = Document("d-may", MAY, title="May", source="Wire", published=dt.date(2024, 5, 30))
    s = lambda x: _span(MAY, x)  # noqa: E731
    return DocumentExtraction(
        document=doc, entities=[US, UA, RU, KHARKIV, ATACMS, ROCKETS, BLINKEN],
        rules=[
            RuleRecord("permission", "CrossBorderStrike", "fire rockets near Kharkiv",
                       s("The U.S. allowed Ukraine to fire rockets near Kharkiv."), issuer=US, bound=UA,
                       weapons=[ROCKETS], scope_in=[KHARKIV], purposes=["counter-fire"],
                       effective=dt.date(2024, 5, 30)),
            RuleRecord("prohibition", "DeepStrike", "fire ATACMS deep inside Russia",
                       s("Ukraine may not fire ATACMS deep inside Russia."), issuer=US, bound=UA,
                       weapons=[ATACMS], scope_in=[RU], scope_text=["deep inside Russia"]),
        ],
        advocacy=[AdvocacyRecord(BLINKEN, s("Blinken pushed for the change."))],
        events=[EventRecord(dt.date(2024, 5, 10), "Russia attacked Kharkiv", "attack",
                            s("Russia attacked Kharkiv on May 10."), participants=[RU])])


def _nov() -> DocumentExtraction:
    doc = Document("d-nov", NOV, published=dt.date(2024, 11, 18))
    return DocumentExtraction(document=doc, entities=[US, UA, RU, ATACMS], rules=[
        RuleRecord("permission", "DeepStrike", "ATACMS strikes deep inside Russia", _span(NOV, NOV),
                   issuer=US, bound=UA, weapons=[ATACMS], scope_in=[RU], change="lift",
                   announced=dt.date(2024, 11, 17))])


@pytest.fixture
def store():
    from pipeline.run import ontology_graph
    st = Store.in_memory()
    st.replace_graph(iri.ONTOLOGY_GRAPH, ontology_graph())
    for x in (_may(), _nov()):
        st.replace_graph(iri.document_graph(x.document.id), document_graph(x))
    return st


def _groups(result, key):
    out = {}
    for row in result.rows:
        out.setdefault(row[key], []).append({k: (str(v) if v is not None else None) for k, v in row.items()})
    return out


def test_every_question_has_a_header_comment():
    for name in query.QUESTIONS:
        assert query.question(query.available()[name]), name


def test_entities(store):
    rows = query.ask(store, "entities").rows
    got = {(str(r["label"]), str(r["category"])) for r in rows}
    assert ("Kharkiv", "Place") in got and ("ATACMS", "WeaponSystem") in got
    assert ("Antony Blinken", "Person") in got and ("United States", "Country") in got


def test_permissions(store):
    groups = _groups(query.ask(store, "permissions"), "permission")
    # the Kharkiv grant, and the November lift, which is also a grant
    assert len(groups) == 2
    kharkiv = next(g for g in groups.values() if "Kharkiv" in (g[0]["scope"] or ""))
    row = kharkiv[0]
    assert (row["issuer"], row["recipient"], row["weapon"], row["purpose"], row["effective"]) == (
        "United States", "Ukraine", "rockets", "counter-fire", "2024-05-30")
    assert row["source"] == "d-may" and row["quote"] in MAY


def test_restrictions_in_force_now_and_as_of(store):
    now = _groups(query.ask(store, "restrictions-in-force"), "restriction")
    actions = {rows[0]["action"] for rows in now.values()}
    # the deep-strike ban was lifted in November; the border ban is eased, in force elsewhere
    assert not any("deep" in a and "eased" not in a for a in actions)
    assert any("in force elsewhere" in a for a in actions)
    before = _groups(query.ask(store, "restrictions-in-force", as_of=dt.date(2024, 6, 1)), "restriction")
    assert any(rows[0]["weapon"] == "ATACMS" for rows in before.values())


def test_lifted_restrictions(store):
    groups = _groups(query.ask(store, "lifted-restrictions"), "restriction")
    dates = {rows[0]["date"] for rows in groups.values()}
    assert dates == {"2024-05-30", "2024-11-17"}
    eased = next(rows for rows in groups.values() if rows[0]["date"] == "2024-05-30")
    assert eased[0]["scope"] == "Kharkiv" and "eased" in eased[0]["action"]


def test_advocates(store):
    rows = query.ask(store, "advocates").rows
    assert [(str(r["label"]), str(r["source"])) for r in rows] == [("Antony Blinken", "d-may")]


def test_timeline(store):
    rows = query.ask(store, "timeline").rows
    dates = sorted({str(r["date"]) for r in rows})
    assert dates == ["2024-05-10", "2024-05-30", "2024-11-17"]


def test_user_values_are_bound_not_spliced(store):
    from pipeline.errors import QueryError
    with pytest.raises(QueryError):
        query.parse_date('2024-01-01" } DROP ALL {')
    # a bound literal of the wrong type matches nothing rather than breaking the query
    size = len(store)
    hostile = Literal('x" } DROP ALL { "')
    rows = store.query(query.load("restrictions-in-force"), {"asOf": hostile}).rows
    # a string is no date: every comparison with it fails, so nothing is "in force as of" it
    assert rows == []
    assert len(store) == size


MAR = "Washington has suspended the permission to strike deep inside Russia with ATACMS."


def test_a_ban_reimposed_after_its_lifting_is_in_force_again(store):
    doc = Document("d-mar", MAR, published=dt.date(2025, 3, 5))
    x = DocumentExtraction(document=doc, entities=[US, UA, RU, ATACMS], rules=[
        RuleRecord("prohibition", "DeepStrike", "strike deep inside Russia", _span(MAR, MAR),
                   issuer=US, bound=UA, weapons=[ATACMS], scope_in=[RU], change="reinstate",
                   effective=dt.date(2025, 3, 5))])
    store.replace_graph(iri.document_graph("d-mar"), document_graph(x))

    def deep_in_force(as_of):
        rows = query.ask(store, "restrictions-in-force", as_of=as_of).rows
        return any("deep" in str(r["action"]) and "eased" not in str(r["action"]) for r in rows)

    assert deep_in_force(None)                      # re-imposed in March 2025
    assert not deep_in_force(dt.date(2025, 1, 1))   # lifted in November 2024
    assert deep_in_force(dt.date(2024, 6, 1))       # before the lifting


def test_a_missing_query_file_is_a_query_error_that_says_what_to_do(tmp_path, monkeypatch) -> None:
    """Questions, upkeep and report queries are read the same way: a missing file names
    itself and says what to do, whichever kind it is."""
    from pipeline import answers
    from pipeline.errors import QueryError
    from pipeline.report import build
    monkeypatch.setattr(answers, "UPKEEP_DIR", tmp_path)
    monkeypatch.setattr(build, "REPORT_QUERY_DIR", tmp_path)
    for read, kind in ((lambda: answers.upkeep_query("permissions"), "upkeep query"),
                       (lambda: build.report_query("in_force"), "report query")):
        with pytest.raises(QueryError) as info:
            read()
        assert kind in info.value.message and str(tmp_path) in info.value.message
        assert info.value.hint
