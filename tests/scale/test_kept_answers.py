"""Kept answers (pipeline/answers.py, store/answer_index.py): after every run, the kept
rows of each question are the rows an evaluation gives, and they are served only while
they match the data the reader sees.

Rows are compared as multisets, each value exactly, except the "; "-joined parts of the
columns a question declares unordered (concat.py).
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from pipeline import answers
from pipeline import query as Q
from pipeline.errors import QueryError
from pipeline.graph import iri
from pipeline.graph.namespace import CV
from pipeline.store import Store
from pipeline.store.answer_index import index_path

from .concat import unordered, value

D = iri.DATA


def _json_rows(data: bytes) -> Counter:
    out: Counter = Counter()
    parsed = json.loads(data)
    columns = unordered(parsed["head"]["vars"])
    for binding in parsed["results"]["bindings"]:
        norm = {k: dict(v, value=value(v["value"], k, columns)) for k, v in binding.items()}
        out[json.dumps(norm, sort_keys=True)] += 1
    return out


def _csv_rows(data: bytes) -> tuple[list[str], Counter]:
    head, *rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    columns = unordered(head)
    return head, Counter(tuple(value(v, k, columns) for k, v in zip(head, row)) for row in rows)


def assert_kept_match(store: Store) -> None:
    """Every question's kept answer, in both formats, holds the evaluated rows, in order."""
    for name in Q.QUESTIONS:
        evaluated = Q.ask_all(store, Q.load(name), {})
        for fmt in ("json", "csv"):
            got = answers.kept_answer(store, name, fmt)
            assert got is not None, f"{name}: no kept answer"
            data, kept = got
            expected = Q.render(evaluated, fmt)
            if fmt == "json":
                assert json.loads(data)["head"] == json.loads(expected)["head"]
                assert _json_rows(data) == _json_rows(expected), name
            else:
                assert _csv_rows(data) == _csv_rows(expected), name
            assert kept.rows == len(evaluated.rows)
            assert kept.facts == len({str(r[evaluated.variables[0]]) for r in evaluated.rows})
        # in the question's order (its ORDER BY variables, as the evaluated answer sorts them)
        form = Q._form(Q.load(name))
        rows = json.loads(answers.kept_answer(store, name, "json")[0])["results"]["bindings"]
        order = [tuple((r.get(v, {}).get("type", ""), r.get(v, {}).get("value", "")) for v in form.order)
                 for r in rows]
        ordered = [tuple((r.get(v, {}).get("type", ""), r.get(v, {}).get("value", "")) for v in form.order)
                   for r in json.loads(Q.render(evaluated, "json"))["results"]["bindings"]]
        assert order == ordered, name
        # pages of 2 facts: the same rows, facts and candidate count as evaluated pages
        total = Q.ask(store, name, limit=1).facts
        for offset in range(0, total + 2, 2):
            page = answers.kept_page(store, name, "json", 2, offset)
            assert page is not None, f"{name}: no kept page"
            evaluated_page = Q.ask(store, name, limit=2, offset=offset)
            assert _json_rows(page[0]) == _json_rows(Q.render(evaluated_page, "json")), (name, offset)
            assert page[1].keys == evaluated_page.facts == total
            keys = [b[form.key]["value"] for b in json.loads(page[0])["results"]["bindings"]]
            assert keys == sorted(keys), (name, offset)  # grouped by fact, in key order


def _read(path: Path):
    return Store.open(path, read_only=True)


# --------------------------------------------------------------------------- runs

def test_kept_answers_follow_runs_that_add_change_and_remove(tmp_path, synthetic_run):
    import synth
    store = tmp_path / "store"
    first = synthetic_run(list(synth.synthetic_extractions(16)), store)
    assert set(first.answers.values()) == {"rebuilt"}  # a new store: nothing kept yet
    with _read(store) as st:
        assert_kept_match(st)
    # new documents: only the facts they touch are evaluated again
    added = synthetic_run(list(synth.synthetic_extractions(4, start=1000)), store)
    assert all(v.startswith("updated") for v in added.answers.values()), added.answers
    with _read(store) as st:
        assert_kept_match(st)
    # the same documents with other content: facts, links and labels removed and added
    changed = synthetic_run(list(synth.synthetic_extractions(4, seed=99, start=10)), store)
    assert all(v.startswith("updated") for v in changed.answers.values()), changed.answers
    with _read(store) as st:
        assert_kept_match(st)
    # a run that writes nothing new changes nothing
    again = synthetic_run(list(synth.synthetic_extractions(4, seed=99, start=10)), store)
    with _read(store) as st:
        assert_kept_match(st)
    assert again.answers_seconds is not None


def test_new_reports_of_kept_facts_are_answered_for_their_own_documents(tmp_path, synthetic_run, monkeypatch):
    """Documents that only report facts already kept again: each fact's rows are answered
    again for the new documents alone (not all its reports), and still equal the evaluated
    ones. The merged graph's support counts change (a removal no question reads)."""
    import dataclasses

    import synth
    store = tmp_path / "store"
    records = list(synth.synthetic_extractions(12))
    synthetic_run(records, store)
    # copies of every document of the first run: resolution (pipeline.resolve) reads the
    # reports of one run together, so only the same company of reports gives the same facts
    again = [dataclasses.replace(x, document=dataclasses.replace(x.document, id=x.document.id + "-copy"))
             for x in records]
    asked: list[str] = []
    solutions = Store.solutions
    monkeypatch.setattr(Store, "solutions", lambda self, text, consume: (
        asked.append(text), solutions(self, text, consume))[1])
    report = synthetic_run(again, store)
    for name in ("permissions", "restrictions-in-force", "lifted-restrictions", "advocates", "timeline"):
        assert "for some sources only" in report.answers[name], (name, report.answers[name])
    assert report.answers["entities"] == "unchanged"
    assert asked and all("VALUES ?source" in text for text in asked)
    with _read(store) as st:
        assert_kept_match(st)


def _reported(g: Graph, doc_id: str, weapons: tuple[str, ...] = ("HIMARS",), day: str = "2024-05-30") -> Graph:
    """One document's report of a permission, the ban it eased, an advocacy and an event
    (the same facts in every document; evidence and documents of its own)."""
    from rdflib import XSD
    perm, ban, ease = D["rule/perm"], D["rule/ban"], D["change/ease"]
    adv, event, us = D["advocacy/a"], D["event/e"], D["entity/us"]
    g.add((perm, RDF.type, CV.Permission))
    g.add((perm, CV.issuer, us))
    for w in weapons:
        g.add((perm, CV.weapon, D[f"entity/{w}"]))
        _label(g, D[f"entity/{w}"], w, CV.WeaponSystem)
    g.add((ban, RDF.type, CV.Prohibition))
    g.add((ban, CV.actionText, Literal("strikes inside Russia")))
    g.add((ease, RDF.type, CV.Easing))
    g.add((ease, CV.changes, ban))
    g.add((ease, CV.date, Literal(day, datatype=XSD.date)))
    g.add((adv, RDF.type, CV.Advocacy))
    g.add((adv, CV.advocate, D["entity/zelensky"]))
    g.add((event, RDF.type, CV.Event))
    g.add((event, CV.date, Literal(day, datatype=XSD.date)))
    g.add((event, RDFS.label, Literal("decision")))
    _label(g, us, "United States", CV.Country)
    _label(g, D["entity/zelensky"], "Zelensky", CV.Person)
    for fact in (perm, ban, ease, adv):
        _doc(g, doc_id, fact, f"{doc_id} reports it.")
    for holder in (event, ease):
        g.add((holder, CV.reportedIn, D[f"doc/{doc_id}"]))
    return g


def test_a_new_report_adds_its_rows_and_a_new_value_changes_every_row_of_the_fact():
    st = Store.in_memory()
    for doc in ("d1", "d2"):
        st.replace_graph(iri.document_graph(doc), _reported(Graph(), doc))
    answers.refresh(st)
    st.replace_graph(iri.document_graph("d3"), _reported(Graph(), "d3"))
    report = answers.refresh(st)
    for name in ("permissions", "restrictions-in-force", "lifted-restrictions", "advocates", "timeline"):
        # every fact it names, for d3 only (the timeline lists the event and the easing)
        assert re.fullmatch(r"updated (\d) facts, \1 of them for some sources only", report.done[name]), (
            name, report.done[name])
    assert_kept_match(st)
    # a fourth report names another weapon and another day: every report's row shows them
    st.replace_graph(iri.document_graph("d4"), _reported(Graph(), "d4", weapons=("ATACMS",), day="2024-05-31"))
    report = answers.refresh(st)
    assert "for some sources only" not in report.done["permissions"]
    assert "for some sources only" not in report.done["timeline"]
    assert_kept_match(st)
    rows = json.loads(answers.kept_answer(st, "permissions", "json")[0])["results"]["bindings"]
    assert {b["source"]["value"]: sorted(b["weapon"]["value"].split("; ")) for b in rows} == {
        d: ["ATACMS", "HIMARS"] for d in ("d1", "d2", "d3", "d4")}
    # a removal (d4 again without the new values) answers the facts again whole
    st.replace_graph(iri.document_graph("d4"), _reported(Graph(), "d4"))
    report = answers.refresh(st)
    assert all("for some sources only" not in v for v in report.done.values()), report.done
    assert_kept_match(st)
    # a document removed: its evidence links are gone, and with them the way to its rows
    st.remove_graph(iri.document_graph("d3"))
    report = answers.refresh(st)
    assert all("for some sources only" not in v for v in report.done.values()), report.done
    assert_kept_match(st)


def _asked_sources(monkeypatch) -> list[str]:
    """The texts of the queries the store evaluates (Store.solutions), as they are asked."""
    asked: list[str] = []
    solutions = Store.solutions
    monkeypatch.setattr(Store, "solutions", lambda self, text, consume: (
        asked.append(text), solutions(self, text, consume))[1])
    return asked


def _select(name: str) -> str:
    """The question's projection (its first SELECT line): found in its paged forms too."""
    return re.search(r"SELECT[^\n]*", Q.load(name)).group()


def _sources_in(text: str) -> set[str]:
    block = re.search(r"VALUES \?source \{([^}]*)\}", text)
    return set() if block is None else set(re.findall(r'"([^"]*)"', block.group(1)))


def test_a_new_value_of_a_fact_is_carried_over_to_the_rows_it_had(monkeypatch):
    """A report that gives a fact another weapon changes every row of it, but the
    fact is answered again only for one document it had and the new one: its other rows
    take the new values from those (# Per row: in the question's header)."""
    st = Store.in_memory()
    docs = [f"d{i}" for i in range(1, 7)]
    for doc in docs:
        st.replace_graph(iri.document_graph(doc), _reported(Graph(), doc))
    answers.refresh(st)
    asked = _asked_sources(monkeypatch)
    st.replace_graph(iri.document_graph("d7"), _reported(Graph(), "d7", weapons=("ATACMS",), day="2024-05-31"))
    answers.refresh(st)
    for name in ("permissions", "advocates"):
        texts = [t for t in asked if _select(name) in t]
        assert texts and all(_sources_in(t) and len(_sources_in(t)) <= 2 for t in texts), name
        assert all("d7" in _sources_in(t) for t in texts if "?permission" in t)
    monkeypatch.undo()
    assert_kept_match(st)
    rows = json.loads(answers.kept_answer(st, "permissions", "json")[0])["results"]["bindings"]
    assert {b["source"]["value"]: b["weapon"]["value"] for b in rows} == {d: "ATACMS; HIMARS" for d in [*docs, "d7"]}


def test_a_fact_with_two_issuers_is_carried_over_in_every_combination(monkeypatch):
    """Two issuers give each report two rows (every combination of the fact's own values
    and its quotes): a new weapon is still carried over to both rows of each report."""
    st = Store.in_memory()
    for doc in ("d1", "d2", "d3"):
        g = _reported(Graph(), doc)
        g.add((D["rule/perm"], CV.issuer, D["entity/uk"]))
        _label(g, D["entity/uk"], "United Kingdom", CV.Country)
        st.replace_graph(iri.document_graph(doc), g)
    answers.refresh(st)
    asked = _asked_sources(monkeypatch)
    st.replace_graph(iri.document_graph("d4"), _reported(Graph(), "d4", weapons=("ATACMS",)))
    answers.refresh(st)
    perm = [t for t in asked if _select("permissions") in t]
    assert perm and all(len(_sources_in(t)) == 2 for t in perm)
    monkeypatch.undo()
    assert_kept_match(st)
    rows = json.loads(answers.kept_answer(st, "permissions", "json")[0])["results"]["bindings"]
    assert len(rows) == 8 and {b["weapon"]["value"] for b in rows} == {"ATACMS; HIMARS"}
    assert {b["issuer"]["value"] for b in rows} == {"United States", "United Kingdom"}


def _row(source: str, weapon: str, quote: str) -> answers.Row:
    binding = {"p": {"type": "uri", "value": "http://x/p"}, "weapon": {"type": "literal", "value": weapon},
               "source": {"type": "literal", "value": source}, "quote": {"type": "literal", "value": quote}}
    return answers.Row("<http://x/p>", f'"{source}"', f"2http://x/p\x003{source}".encode(),
                       answers._json_part(binding), answers._csv_part(["http://x/p", weapon, source, quote]))


def test_rows_that_are_not_every_combination_are_not_carried_over():
    """Kept rows whose own values differ between reports (d1 shows A, d2 shows B) break the
    promise of ``# Per row:``: the fact is answered again whole (None), not guessed at."""
    variables, per_row, order = ["p", "weapon", "source", "quote"], ("source", "quote"), ("p", "source")
    fresh = [_row("d1", "A; C", "q1")]
    combined = answers._carried([_row("d1", "A", "q1"), _row("d2", "A", "q2")], fresh, {'"d1"'},
                                variables, per_row, order)
    assert [json.loads(r.json)["weapon"]["value"] for r in combined] == ["A; C"]
    assert combined[0].source == '"d2"' and combined[0].sort == _row("d2", "A; C", "q2").sort
    assert combined[0].csv == _row("d2", "A; C", "q2").csv
    broken = [_row("d1", "A", "q1"), _row("d2", "B", "q2"), _row("d3", "A", "q3")]
    assert answers._carried(broken, fresh, {'"d1"'}, variables, per_row, order) is None
    assert answers._carried([_row("d2", "A", "q2")], [], {'"d1"'}, variables, per_row, order) is None


def test_per_row_lines_name_variables():
    assert answers.per_row_columns("# Per row: ?source ?quote\nSELECT") == ("source", "quote")
    assert answers.per_row_columns("SELECT ?a WHERE {}") == ()
    with pytest.raises(QueryError):
        answers.per_row_columns("# Per row: source\nSELECT")


@pytest.mark.parametrize("name", ["permissions", "restrictions-in-force", "advocates", "timeline"])
def test_the_columns_not_per_row_depend_on_the_fact_alone(tmp_path, synthetic_run, name):
    """What ``# Per row:`` promises, on a synthetic store: a fact's rows are every
    combination of its values in the other columns and its per-row values (the upkeep
    carries them over on that promise)."""
    import synth
    per_row = answers.per_row_columns(Q.load(name))
    assert per_row
    synthetic_run(list(synth.synthetic_extractions(24)), tmp_path / "store")
    with _read(tmp_path / "store") as st:
        evaluated = Q.ask(st, name)
    rows: dict[str, list] = {}
    for row in evaluated.rows:
        rows.setdefault(str(row[evaluated.variables[0]]), []).append((
            tuple(str(row.get(v)) for v in evaluated.variables if v not in per_row),
            tuple(str(row.get(v)) for v in evaluated.variables if v in per_row)))
    for key, pairs in rows.items():
        own, mine = {o for o, _ in pairs}, {m for _, m in pairs}
        assert len(set(pairs)) == len(pairs) == len(own) * len(mine), key
    assert any(len({m for _, m in pairs}) > 1 for pairs in rows.values())  # facts of several reports


def test_caveat_ask_prints_the_kept_answer(tmp_path, synthetic_run, monkeypatch):
    import synth
    store = tmp_path / "store"
    synthetic_run(list(synth.synthetic_extractions(12)), store)
    with _read(store) as st:
        expected = {name: Q.render(Q.ask_all(st, Q.load(name), {}), "json") for name in Q.QUESTIONS}
        expected_pages = {name: Q.render(Q.ask(st, name, limit=3, offset=1), "csv") for name in Q.QUESTIONS}
        page_keys = {name: [r[Q._form(Q.load(name)).key] for r in st.query(Q._form(Q.load(name)).key_query).rows]
                     for name in Q.QUESTIONS}

    def no_evaluation(*_a, **_k):
        raise AssertionError("evaluated instead of read from the kept rows")
    monkeypatch.setattr(Q, "ask", no_evaluation)
    for name in Q.QUESTIONS:
        with _read(store) as st:
            answer = Q.rendered(st, name, "json")
            page = Q.rendered(st, name, "csv", limit=3, offset=1)  # a page too
        assert _json_rows(answer.data) == _json_rows(expected[name])
        assert answer.facts is None and answer.rows == sum(_json_rows(answer.data).values())
        assert page.source == "kept" and page.facts == len({k for k in page_keys[name]})
        assert _csv_rows(page.data) == _csv_rows(expected_pages[name])


# --------------------------------------------------------------------------- hand-built graphs

def _label(g: Graph, node: URIRef, label: str, cls: URIRef) -> None:
    g.add((node, RDF.type, cls))
    g.add((node, SKOS.prefLabel, Literal(label)))


def _doc(g: Graph, doc_id: str, fact: URIRef, text: str) -> None:
    doc, ev = D[f"doc/{doc_id}"], D[f"evidence/{doc_id}-{str(fact).rsplit('/', 1)[-1]}"]
    g.add((doc, CV.docId, Literal(doc_id)))
    g.add((fact, CV.evidence, ev))
    g.add((ev, CV.exact, Literal(text)))
    g.add((ev, CV.inDocument, doc))


def _ban_graph(issuer: str = "United States") -> Graph:
    g = Graph()
    ban, us = D["rule/ban"], D["entity/us"]
    g.add((ban, RDF.type, CV.Prohibition))
    g.add((ban, CV.issuer, us))
    g.add((ban, CV.actionText, Literal("strikes deep inside Russia")))
    _label(g, us, issuer, CV.Country)
    _doc(g, "d1", ban, "The ban on deep strikes stays.")
    return g


def _lifting_graph() -> Graph:
    g = Graph()
    lift = D["change/lift"]
    g.add((lift, RDF.type, CV.Lifting))
    g.add((lift, CV.changes, D["rule/ban"]))
    _doc(g, "d2", lift, "The ban was lifted.")
    return g


def _in_force(store: Store) -> set[str]:
    data = answers.kept_answer(store, "restrictions-in-force", "json")[0]
    return {b["restriction"]["value"] for b in json.loads(data)["results"]["bindings"]}


def test_a_lifting_written_later_or_removed_moves_the_ban_in_and_out_of_force():
    """The restriction's own triples never change: only the link from the lifting does
    (walked backwards, and after the removal gone from the graph)."""
    st = Store.in_memory()
    st.replace_graph(iri.document_graph("d1"), _ban_graph())
    answers.refresh(st)
    assert _in_force(st) == {str(D["rule/ban"])}
    st.replace_graph(iri.document_graph("d2"), _lifting_graph())
    assert answers.kept_answer(st, "restrictions-in-force", "json") is None  # written, not refreshed
    report = answers.refresh(st)
    assert report.done["restrictions-in-force"].startswith("updated")
    assert _in_force(st) == set()
    assert_kept_match(st)
    st.remove_graph(iri.document_graph("d2"))
    answers.refresh(st)
    assert _in_force(st) == {str(D["rule/ban"])}
    assert_kept_match(st)


def test_a_new_label_reaches_the_facts_that_name_the_entity():
    st = Store.in_memory()
    st.replace_graph(iri.document_graph("d1"), _ban_graph())
    answers.refresh(st)
    st.replace_graph(iri.document_graph("d1"), _ban_graph(issuer="USA"))
    answers.refresh(st)
    data = answers.kept_answer(st, "restrictions-in-force", "json")[0]
    assert {b["issuer"]["value"] for b in json.loads(data)["results"]["bindings"]} == {"USA"}
    assert_kept_match(st)


def test_kept_json_and_csv_are_the_bytes_render_writes():
    st = Store.in_memory()
    st.replace_graph(iri.document_graph("d1"), _ban_graph())
    st.replace_graph(iri.document_graph("d2"), _lifting_graph())
    answers.refresh(st)
    for name in Q.QUESTIONS:
        for fmt in ("json", "csv"):
            assert answers.kept_answer(st, name, fmt)[0] == Q.render(Q.ask_all(st, Q.load(name), {}), fmt)


def test_only_what_the_union_gains_or_loses_is_recorded():
    st = Store.in_memory()
    st.replace_graph(iri.document_graph("d1"), _ban_graph())
    st.take_changes()
    # another document stating the same triples: the union does not change
    st.replace_graph(iri.document_graph("d1-copy"), _ban_graph())
    assert not st.take_changes()
    # removing one holder of them: still held by the other
    st.remove_graph(iri.document_graph("d1-copy"))
    assert not st.take_changes()
    st.remove_graph(iri.document_graph("d1"))
    changes = st.take_changes()
    assert {s.value for s in changes.subjects} >= {str(D["rule/ban"]), str(D["entity/us"])}
    assert (CV.issuer, D["entity/us"]) in {(URIRef(p.value), URIRef(o.value)) for p, o in changes.links}


def test_a_bulk_load_rebuilds_every_question(tmp_path):
    from pipeline.store.oxigraph_store import graph_quads
    with Store.open(tmp_path / "s") as st:
        answers.refresh(st)
        st.bulk_load(graph_quads(_ban_graph(), iri.document_graph("d1")))
        report = answers.refresh(st)
        assert set(report.done.values()) == {"rebuilt"}
        assert_kept_match(st)


# --------------------------------------------------------------------------- staleness

def test_rows_are_not_served_to_a_snapshot_they_do_not_match(tmp_path):
    path = tmp_path / "s"
    with Store.open(path) as st:
        st.replace_graph(iri.document_graph("d1"), _ban_graph())
        answers.refresh(st)
    reader = _read(path)  # opened before the next write
    with Store.open(path) as st:
        st.replace_graph(iri.document_graph("d2"), _lifting_graph())
    with _read(path) as between:  # written, not yet refreshed: evaluated, and right
        assert answers.kept_answer(between, "restrictions-in-force", "json") is None
        assert Q.rendered(between, "restrictions-in-force", "json").rows == 0
    with Store.open(path) as st:
        answers.refresh(st)
    try:
        # the old snapshot still sees the ban in force; the new rows say otherwise
        assert answers.kept_answer(reader, "restrictions-in-force", "json") is None
        assert Q.rendered(reader, "restrictions-in-force", "csv").rows == 1
    finally:
        reader.close()
    with _read(path) as after:
        assert _in_force(after) == set()


def test_a_run_stopped_before_its_refresh_leaves_rows_that_are_rebuilt(tmp_path):
    path = tmp_path / "s"
    with Store.open(path) as st:
        st.replace_graph(iri.document_graph("d1"), _ban_graph())
        answers.refresh(st)
    with Store.open(path) as st:  # writes, then stops without a refresh (a crash)
        st.replace_graph(iri.document_graph("d2"), _lifting_graph())
    with _read(path) as st:
        assert answers.kept_answer(st, "entities", "json") is None
    with Store.open(path) as st:
        assert not st.answer_index.was_clean
        assert set(answers.refresh(st).done.values()) == {"rebuilt"}
        assert_kept_match(st)


def test_a_changed_query_rebuilds_its_rows(monkeypatch):
    st = Store.in_memory()
    st.replace_graph(iri.document_graph("d1"), _ban_graph())
    answers.refresh(st)
    stamp = answers.built_for
    monkeypatch.setattr(answers, "built_for",
                        lambda name: stamp(name) + ("-edited" if name == "entities" else ""))
    assert answers.kept_answer(st, "entities", "json") is None  # not for this query text
    report = answers.refresh(st)
    assert report.done["entities"] == "rebuilt" and report.done["permissions"] == "unchanged"
    assert answers.kept_answer(st, "entities", "json") is not None


def test_a_damaged_index_is_evaluated_instead_and_rebuilt_by_the_next_writer(tmp_path):
    path = tmp_path / "s"
    with Store.open(path) as st:
        st.replace_graph(iri.document_graph("d1"), _ban_graph())
        answers.refresh(st)
    index_path(path).write_bytes(b"not a database" * 100)
    for extra in index_path(path).parent.glob("*-wal"):
        extra.unlink()
    with _read(path) as st:
        assert answers.kept_answer(st, "entities", "json") is None
        assert Q.rendered(st, "entities", "json").rows == 1
    with Store.open(path) as st:  # derived data: started afresh
        assert not st.answer_index.was_clean
        assert set(answers.refresh(st).done.values()) == {"rebuilt"}
        assert_kept_match(st)


# --------------------------------------------------------------------------- the upkeep queries

def test_every_question_has_an_upkeep_query_and_backward_links_are_read_from_it():
    assert [p.stem for p in answers.kept_paths()] == sorted(Q.QUESTIONS)
    for name in Q.QUESTIONS:
        answers.upkeep_query(name)  # VALUES ?node slots to fill
    assert answers.backward_predicates(answers.upkeep_query("restrictions-in-force"), "restriction") == {
        str(CV.changes)}
    assert answers.backward_predicates(answers.upkeep_query("advocates"), "actor") == {str(CV.advocate)}
    assert answers.backward_predicates(answers.upkeep_query("permissions"), "permission") == set()
    # the links to per-document nodes, followed from those nodes (# local:)
    assert answers.local_predicates(answers.upkeep_query("permissions")) == {str(CV.evidence)}
    assert answers.local_predicates(answers.upkeep_query("timeline")) == {str(CV.reportedIn)}
    assert answers.local_predicates(answers.upkeep_query("entities")) == set()
    with pytest.raises(QueryError, match="local"):
        answers.local_predicates("PREFIX cv: <urn:x#>\n# local: <urn:x#evidence>\n")


def test_key_blocks_read_only_the_keys_own_triples_and_the_links_into_it():
    """The kept candidate keys are checked again for every changed subject and every
    object of a changed link (answers.refresh): enough only while each key block's
    triple patterns have the key as their subject or object."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    def patterns(node):
        if isinstance(node, dict):
            if "triples" in node:
                yield from node["triples"]
            for value in node.values():
                yield from patterns(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                yield from patterns(value)
    for name in Q.QUESTIONS:
        form = Q._form(Q.load(name))
        found = list(patterns(prepareQuery(form.key_query).algebra))
        assert found, name
        for s_, _p, o in found:
            assert Variable(form.key) in (s_, o), (name, s_, _p, o)


def test_a_new_candidate_key_without_rows_takes_its_place_in_the_pages():
    """An advocacy with no evidence gives its actor no row, but the actor is a candidate
    key of `advocates` (its key block), so pages count it and keep its place."""
    st = Store.in_memory()
    first = _reported(Graph(), "d1")
    _label(first, D["entity/aaa"], "Someone", CV.Person)  # known already, first in key order
    st.replace_graph(iri.document_graph("d1"), first)
    answers.refresh(st)
    g = Graph()
    g.add((D["advocacy/b"], RDF.type, CV.Advocacy))
    g.add((D["advocacy/b"], CV.advocate, D["entity/aaa"]))
    st.replace_graph(iri.document_graph("d2"), g)
    answers.refresh(st)
    assert answers.kept_page(st, "advocates", "json", 1, 0)[1].keys == 2
    assert answers.kept_page(st, "advocates", "json", 1, 0)[1].rows == 0
    assert_kept_match(st)


def test_compacting_keeps_the_rows_valid(tmp_path):
    path = tmp_path / "s"
    with Store.open(path) as st:
        st.replace_graph(iri.document_graph("d1"), _ban_graph())
        answers.refresh(st)
    with Store.open(path) as st:  # `caveat optimize`: the data does not change
        st.optimize()
    with _read(path) as st:
        assert _in_force(st) == {str(D["rule/ban"])}


def test_a_triple_no_question_reads_changes_no_fact():
    """An entity named by every fact gets a triple the questions do not read: no fact is
    evaluated again (else each run would re-evaluate every fact naming a common entity)."""
    st = Store.in_memory()
    st.replace_graph(iri.document_graph("d1"), _ban_graph())
    answers.refresh(st)
    extra = Graph()
    extra.add((D["entity/us"], CV.gazetteerId, Literal("us")))
    st.replace_graph(iri.MERGED_GRAPH, extra)
    report = answers.refresh(st)
    assert set(report.done.values()) == {"unchanged"}, report.done
    assert_kept_match(st)


def test_the_questions_name_their_predicates():
    """The upkeep skips triples whose predicate a question does not name: sound only
    while no question matches a variable predicate."""
    import re

    from pipeline.store.oxigraph_store import SPARQL_TOKENS
    for name in Q.QUESTIONS:
        text = " ".join(m.group() for m in SPARQL_TOKENS.finditer(Q.load(name))
                        if m.lastgroup not in ("comment", "string"))
        # projections and GROUP BY list variables in a row; patterns never put one in the middle
        text = re.sub(r"\b(SELECT|BY)(\s+DISTINCT)?(\s+[?$]\w+)+", " ", text)
        assert not re.search(r"[?$]\w+\s+[?$]\w+\s+(?:[?$]\w+|<|\w*:)", text), name
    read = answers.read_predicates(Q.load("restrictions-in-force"))
    assert {str(CV.issuer), str(CV.changes), str(SKOS.prefLabel), str(RDF.type)} <= read
    assert str(CV.gazetteerId) not in read


def test_a_run_without_keeping_answers_leaves_them_to_evaluation(tmp_path, synthetic_run):
    import synth
    store = tmp_path / "store"
    synthetic_run(list(synth.synthetic_extractions(6)), store)
    skipped = synthetic_run(list(synth.synthetic_extractions(3, start=500)), store, keep_answers=False)
    assert skipped.answers == {} and skipped.answers_seconds is None
    with _read(store) as st:
        assert answers.kept_answer(st, "permissions", "json") is None
        evaluated = Q.render(Q.ask_all(st, Q.load("permissions"), {}), "json")
        assert _json_rows(Q.rendered(st, "permissions", "json").data) == _json_rows(evaluated)
    kept = synthetic_run(list(synth.synthetic_extractions(2, start=900)), store)
    assert set(kept.answers.values()) == {"rebuilt"}  # what the other run changed is not known
    with _read(store) as st:
        assert_kept_match(st)


def test_cli_ask_and_warm_after_a_run(tmp_path, synthetic_run, monkeypatch):
    import synth
    from typer.testing import CliRunner

    from pipeline.cli import app
    store = tmp_path / "store"
    synthetic_run(list(synth.synthetic_extractions(8)), store)
    with _read(store) as st:
        expected = _json_rows(Q.render(Q.ask_all(st, Q.load("advocates"), {}), "json"))
    monkeypatch.setattr(Q, "ask", lambda *a, **k: pytest.fail("evaluated, not read from the kept rows"))
    asked = CliRunner().invoke(app, ["ask", "advocates", "--store", str(store), "--format", "json"])
    assert asked.exit_code == 0, asked.output
    assert _json_rows(asked.stdout.encode("utf-8")) == expected
    warmed = CliRunner().invoke(app, ["warm", "--store", str(store)])
    assert warmed.exit_code == 0, warmed.output
    assert "kept up to date by `caveat run`" in warmed.stderr and "saved in" not in warmed.stderr
    assert not list((store / "caveat-answers").glob("*.answer"))


def test_the_table_format_is_drawn_from_the_kept_rows(tmp_path, synthetic_run, monkeypatch):
    """`caveat ask` prints a table by default: it reads the kept rows too (the whole answer
    and a page), and shows each fact once, with the values of all its rows."""
    import synth
    from typer.testing import CliRunner

    from pipeline.cli import app
    store = tmp_path / "store"
    synthetic_run(list(synth.synthetic_extractions(8)), store)
    with _read(store) as st:
        evaluated = Q.ask_all(st, Q.load("advocates"), {})
        page = Q.ask(st, "advocates", limit=2, offset=1)
    monkeypatch.setattr(Q, "ask", lambda *a, **k: pytest.fail("evaluated, not read from the kept rows"))
    with _read(store) as st:
        whole = Q.table(st, "advocates")
        assert whole.source == "kept" and whole.variables == evaluated.variables
        assert Counter(tuple(sorted(r.items())) for r in whole.rows) == Counter(
            tuple(sorted((v, str(t)) for v, t in row.items() if t is not None)) for row in evaluated.rows)
    asked = CliRunner().invoke(app, ["ask", "advocates", "--store", str(store), "--limit", "2",
                                     "--offset", "1"], env={"COLUMNS": "400"})
    assert asked.exit_code == 0, asked.output
    labels = {str(r["label"]) for r in page.rows}
    assert labels and all(label in asked.stdout for label in labels)
    assert f"candidate facts 2-3 of {page.facts:,}" in asked.stderr
