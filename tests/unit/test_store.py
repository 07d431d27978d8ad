"""pipeline.store: atomic graph replacement, quarantine-free union, bound variables, locking."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import RDFS, BNode, Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic

from pipeline.errors import QueryError, StoreError, StoreLockedError
from pipeline.graph.iri import MERGED_GRAPH, document_graph, quarantine_graph
from pipeline.store import Store

EX = "http://example.org/"
A, B, C = URIRef(EX + "a"), URIRef(EX + "b"), URIRef(EX + "c")
P = URIRef(EX + "p")

EVIL = 'He said "stop" } ; DROP ALL ; INSERT DATA { <x> <y> "z" } \n\\ {braces} \'single\' \u00e9'


def graph(*triples: tuple) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def snapshot(store: Store) -> dict:
    """Everything in the store, quarantine included, as comparable sets."""
    return {name: set(g) for name, g in store.dataset(include_quarantine=True).items()}


@pytest.fixture
def store() -> Store:
    s = Store.in_memory()
    s.replace_graph(document_graph("d1"), graph((A, RDFS.label, Literal("Alpha", lang="en")),
                                                (A, P, B)))
    s.replace_graph(document_graph("d2"), graph((B, RDFS.label, Literal("Beta")), (A, P, B)))
    s.replace_graph(quarantine_graph("d3"), graph((C, RDFS.label, Literal("Quarantined"))))
    return s


# --------------------------------------------------------------------------- replace_graph

def test_replace_graph_is_idempotent(store: Store) -> None:
    g = graph((A, P, Literal(1)), (A, P, Literal("x")), (BNode("b0"), P, A))
    store.replace_graph(MERGED_GRAPH, g)
    after_once = len(store)
    first = store.graph_triples(MERGED_GRAPH)
    store.replace_graph(MERGED_GRAPH, g)
    assert len(store) == after_once == 4 + 1 + 3
    assert isomorphic(store.graph_triples(MERGED_GRAPH), first)
    assert isomorphic(first, g)


def test_replace_graph_replaces_only_that_graph(store: Store) -> None:
    store.replace_graph(document_graph("d1"), graph((C, P, Literal("new"))))
    assert set(store.graph_triples(document_graph("d1"))) == {(C, P, Literal("new"))}
    assert (B, RDFS.label, Literal("Beta")) in store.graph_triples(document_graph("d2"))
    assert len(store) == 1 + 2 + 1


def test_replace_with_empty_graph_removes_it(store: Store) -> None:
    store.replace_graph(document_graph("d1"), Graph())
    assert document_graph("d1") not in store.graphs()
    assert len(store) == 3


def test_graphs_and_remove_graph(store: Store) -> None:
    assert store.graphs() == sorted([document_graph("d1"), document_graph("d2"), quarantine_graph("d3")])
    store.remove_graph(document_graph("d2"))
    assert document_graph("d2") not in store.graphs()
    assert len(store) == 3


def test_replace_graph_rejects_unstorable_terms(store: Store) -> None:
    before = snapshot(store)
    bad = graph((A, P, B), (URIRef("http://example.org/has space"), P, B))
    with pytest.raises(StoreError) as info:
        store.replace_graph(document_graph("d1"), bad)
    assert info.value.hint
    assert snapshot(store) == before  # nothing half-written


# --------------------------------------------------------------------------- union and quarantine

LABELS = "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"


def test_union_query_excludes_quarantine(store: Store) -> None:
    labels = [str(r["label"]) for r in store.query(LABELS).rows]
    assert labels == ["Alpha", "Beta"]
    with_q = [str(r["label"]) for r in store.query(LABELS, include_quarantine=True).rows]
    assert with_q == ["Alpha", "Beta", "Quarantined"]


def test_graph_clause_cannot_reach_quarantine(store: Store) -> None:
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    seen = {r["g"] for r in store.query(q).rows}
    assert seen == {document_graph("d1"), document_graph("d2")}


def test_union_is_a_set_not_a_multiset(store: Store) -> None:
    # (A, P, B) is in two graphs; the default graph (an RDF merge) holds it once,
    # so a join over it does not multiply rows per reporting document.
    rows = store.query("SELECT ?o WHERE { <http://example.org/a> <http://example.org/p> ?o }").rows
    assert rows == [{"o": B}]
    joined = store.query("SELECT * WHERE { ?a <http://example.org/p> ?b . ?a <http://example.org/p> ?c }").rows
    assert joined == [{"a": A, "b": B, "c": B}]


def test_union_follows_graph_replacement(store: Store) -> None:
    ask = "ASK { <http://example.org/a> <http://example.org/p> <http://example.org/b> }"
    store.replace_graph(document_graph("d1"), graph((A, RDFS.label, Literal("Alpha", lang="en"))))
    assert store.query(ask).boolean is True  # d2 still reports it
    store.remove_graph(document_graph("d2"))
    assert store.query(ask).boolean is False  # nobody does any more
    # Blank-node triples leave the union with their graph, too.
    bn = BNode()
    store.replace_graph(document_graph("d4"), graph((bn, P, Literal("blank")), (A, P, bn)))
    assert len(store.query("SELECT ?x WHERE { ?x ?p 'blank' }").rows) == 1
    store.replace_graph(document_graph("d4"), graph((bn, P, Literal("blank2"))))
    assert store.query("SELECT ?x WHERE { ?x ?p 'blank' }").rows == []
    assert len(store.query("SELECT ?x WHERE { ?x ?p 'blank2' }").rows) == 1
    assert isomorphic(store.union(), Graph() + store.graph_triples(document_graph("d1"))
                      + store.graph_triples(document_graph("d4")))
    store.remove_graph(document_graph("d4"))
    assert store.query("ASK { ?x ?p 'blank2' }").boolean is False


def test_quarantine_triples_never_enter_the_union(store: Store) -> None:
    store.replace_graph(quarantine_graph("d5"), graph((A, P, Literal("bad"))))
    assert store.query("ASK { ?s ?p 'bad' }").boolean is False
    assert store.query("ASK { ?s ?p 'bad' }", include_quarantine=True).boolean is True


def test_hidden_quarantine_follows_every_kind_of_write(store: Store) -> None:
    """The quarantine graphs are listed once per open, then kept by the writes: after each
    kind of write, queries hide (or add) exactly the quarantine graphs a new open would."""
    import pyoxigraph as ox
    ask_q = "ASK { ?s ?p 'q%d' }"
    assert store.query(LABELS, include_quarantine=True).rows  # lists them now
    store.replace_graph(quarantine_graph("d6"), graph((A, P, Literal("q6"))))  # a new one
    store.replace_graphs({document_graph("d7"): graph((A, P, B)),
                          quarantine_graph("d7"): graph((A, P, Literal("q7")))})
    q8 = ox.NamedNode(str(quarantine_graph("d8")))
    store.add_new_documents([{quarantine_graph("d8"): [
        ox.Quad(ox.NamedNode(str(A)), ox.NamedNode(str(P)), ox.Literal("q8"), q8)]}])
    for n in (6, 7, 8):
        assert store.query(ask_q % n).boolean is False
        assert store.query(ask_q % n, include_quarantine=True).boolean is True
        # a GRAPH clause cannot reach it either
        assert store.query("ASK { GRAPH ?g { ?s ?p 'q%d' } }" % n).boolean is False
    store.remove_graph(quarantine_graph("d6"))  # gone: not added back to the default graph
    assert store.query(ask_q % 6, include_quarantine=True).boolean is False
    assert sorted(store._quarantine_graphs(), key=str) == sorted(
        (g for g in store._db().named_graphs() if str(g.value).startswith(str(quarantine_graph("")))),
        key=str)


# --------------------------------------------------------------------------- bindings

def test_binding_with_injection_text_is_a_literal(store: Store) -> None:
    store.replace_graph(document_graph("evil"), graph((C, RDFS.label, Literal(EVIL))))
    before = snapshot(store)
    q = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"

    result = store.query(q, bindings={"label": Literal(EVIL)})

    assert result.rows == [{"s": C, "label": Literal(EVIL)}]
    assert snapshot(store) == before
    # A label that matches nothing returns nothing and still changes nothing.
    assert store.query(q, bindings={"label": Literal(EVIL + "x")}).rows == []
    assert snapshot(store) == before


def test_binding_of_unprojected_variable(store: Store) -> None:
    q = "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    rows = store.query(q, bindings={"?s": B}).rows
    assert rows == [{"label": Literal("Beta")}]
    evil_rows = store.query(q, bindings={"s": Literal(EVIL)}).rows
    assert evil_rows == []


def test_binding_of_unprojected_variable_applies_before_aggregation(store: Store) -> None:
    # The shape of pipeline.run.fact_counts: ?cls is bound but not projected.
    q = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x <http://example.org/p> ?cls }"
    assert store.query(q).rows == [{"n": Literal(1)}]
    assert store.query(q, bindings={"cls": B}).rows == [{"n": Literal(1)}]
    assert store.query(q, bindings={"cls": C}).rows == [{"n": Literal(0)}]


def test_binding_unprojected_variable_in_construct_with_braces_in_strings(store: Store) -> None:
    q = """PREFIX ex: <http://example.org/>  # a comment with { a brace
           CONSTRUCT { ?s ex:tag "}{" } WHERE { ?s ?p ?o FILTER(?o != "{") }"""
    built = store.query(q, bindings={"o": B}).graph
    assert built is not None and set(built) == {(A, URIRef(EX + "tag"), Literal("}{"))}


def test_binding_bad_variable_name_is_query_error(store: Store) -> None:
    with pytest.raises(QueryError):
        store.query("SELECT ?s WHERE { ?s ?p ?o }", bindings={"s } DROP ALL": A})


def test_invalid_sparql_is_query_error(store: Store) -> None:
    with pytest.raises(QueryError) as info:
        store.query("SELECT ?s WHERE { ?s ?p }")
    assert info.value.hint
    with pytest.raises(QueryError):
        store.query("DROP ALL")  # updates are not queries
    assert len(store) == 5


# --------------------------------------------------------------------------- result formats

def test_sparql_json_shape() -> None:
    s = Store.in_memory()
    bnode = BNode("n1")
    s.replace_graph(document_graph("x"), graph(
        (A, P, Literal("Kyiv", lang="uk")),
        (A, P, Literal("2024-05-31", datatype=ns.XSD.date)),
        (A, P, Literal("plain")),
        (A, P, bnode),
        (B, P, A),
    ))
    q = """SELECT ?s ?o ?missing WHERE { ?s <http://example.org/p> ?o
             OPTIONAL { ?o <http://example.org/none> ?missing } } ORDER BY ?s ?o"""
    data = s.query(q).to_sparql_json()

    assert data["head"] == {"vars": ["s", "o", "missing"]}
    bindings = data["results"]["bindings"]
    assert len(bindings) == 5
    assert all(set(b) == {"s", "o"} for b in bindings)  # unbound ?missing is omitted
    objects = [b["o"] for b in bindings]
    bnode_entries = [o for o in objects if o["type"] == "bnode"]
    assert len(bnode_entries) == 1 and set(bnode_entries[0]) == {"type", "value"}
    assert {"type": "literal", "value": "Kyiv", "xml:lang": "uk"} in objects
    assert {"type": "literal", "value": "2024-05-31",
            "datatype": "http://www.w3.org/2001/XMLSchema#date"} in objects
    assert {"type": "literal", "value": "plain"} in objects
    assert {"type": "uri", "value": EX + "a"} in objects
    assert bindings[-1]["s"] == {"type": "uri", "value": EX + "b"}


def test_ask_and_construct_results(store: Store) -> None:
    assert store.query("ASK { ?s ?p ?o }").to_sparql_json() == {"head": {}, "boolean": True}
    assert store.query("ASK { ?s ?p 'Quarantined' }").boolean is False
    built = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph
    assert built is not None and len(built) == 3  # (A,P,B) once; quarantine left out
    with pytest.raises(QueryError):
        store.query("ASK { ?s ?p ?o }").to_csv(io.StringIO())


def test_csv_output(store: Store) -> None:
    out = io.StringIO()
    store.query('SELECT ?label ?x WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } '
                'ORDER BY ?label').to_csv(out)
    assert out.getvalue() == "label,x\r\nAlpha,\r\nBeta,\r\n"


# --------------------------------------------------------------------------- on disk, locking

def test_persists_across_reopen(tmp_path: Path) -> None:
    with Store.open(tmp_path / "st") as s:
        s.replace_graph(document_graph("d1"), graph((A, P, Literal(EVIL))))
    with Store.open(tmp_path / "st", read_only=True) as r:
        assert set(r.graph_triples(document_graph("d1"))) == {(A, P, Literal(EVIL))}


def test_optimize_keeps_every_graph_and_the_union(tmp_path: Path) -> None:
    with Store.open(tmp_path / "st") as s:
        for i in range(30):  # several write batches, so there is something to compact
            s.replace_graph(document_graph(f"d{i}"), graph((A, P, Literal(f"{EVIL} {i}")),
                                                           (A, RDFS.label, Literal("Alpha"))))
        s.remove_graph(document_graph("d3"))
        before = {g: set(t) for g, t in s.dataset().items()}
        union = set(s.union())
        s.optimize()
        assert {g: set(t) for g, t in s.dataset().items()} == before
        assert set(s.union()) == union and len(union) == 30
    with Store.open(tmp_path / "st", read_only=True) as r:
        assert {g: set(t) for g, t in r.dataset().items()} == before
        with pytest.raises(StoreError, match="read-only"):
            r.optimize()


# --------------------------------------------------------------------------- add_new_documents

def _oxq(s, p, o, g=None):
    import pyoxigraph as ox
    from pipeline.store.terms import to_ox, to_ox_graph_name
    return ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox_graph_name(g) if g is not None else ox.DefaultGraph())


def _doc(name: str, *triples: tuple, quarantined: tuple = ()) -> dict:
    """One document's replace_quads argument: its graph and its (maybe empty) quarantine graph."""
    g, q = document_graph(name), quarantine_graph(name)
    return {g: [_oxq(*t, g) for t in triples], q: [_oxq(*t, q) for t in quarantined]}


def _everything(store: Store) -> tuple[dict, set]:
    return snapshot(store), set(store.union())


@pytest.mark.parametrize("on_disk,ingest_max", [(False, None), (True, None), (True, 1)])
def test_add_new_documents_equals_one_replace_quads_each(tmp_path: Path, monkeypatch, on_disk: bool,
                                                         ingest_max: int | None) -> None:
    if ingest_max is not None:  # over the limit: one transaction instead of one ingest
        import pipeline.store.oxigraph_store as S
        monkeypatch.setattr(S, "INGEST_MAX_QUADS", ingest_max)
    docs = [_doc("n1", (A, P, B), (A, RDFS.label, Literal(EVIL))),
            _doc("n2", (A, P, B), (B, P, Literal(2)), quarantined=((C, P, Literal("bad")),)),
            _doc("n3")]  # nothing at all: nothing to write
    stores = [Store.open(tmp_path / "a") if on_disk else Store.in_memory(),
              Store.open(tmp_path / "b") if on_disk else Store.in_memory()]
    try:
        assert stores[0].add_new_documents(docs) == [True, True, True]
        for d in docs:
            stores[1].replace_quads(d)
        assert _everything(stores[0]) == _everything(stores[1])
        assert (C, P, Literal("bad")) not in set(stores[0].union())  # quarantine stays out
        assert quarantine_graph("n1") not in stores[0].graphs()  # an empty graph is not created
    finally:
        for st in stores:
            st.close()


def test_add_new_documents_leaves_the_others_to_replace_quads(store: Store) -> None:
    before = _everything(store)
    existing = _doc("d1", (A, P, Literal("changed")))  # the fixture's d1: a re-run
    with_blank = _doc("n2", (A, P, BNode()))
    twice = [_doc("n3", (A, P, Literal(3))), _doc("n3", (A, P, Literal(4)))]
    written = store.add_new_documents([existing, with_blank, *twice])
    assert written == [False, False, True, False]
    after = _everything(store)
    assert after[0][document_graph("d1")] == before[0][document_graph("d1")]
    assert document_graph("n2") not in after[0]
    assert after[0][document_graph("n3")] == {(A, P, Literal(3))}


def test_add_new_documents_writes_nothing_when_one_quad_is_wrong(store: Store) -> None:
    import pyoxigraph as ox
    before = _everything(store)
    good = _doc("n1", (A, P, B))
    misplaced = {document_graph("n2"): [_oxq(A, P, B, document_graph("other"))]}
    with pytest.raises(StoreError, match="names the graph"):
        store.add_new_documents([good, misplaced])
    not_a_quad = {document_graph("n2"): [ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"),
                                                   ox.Literal("x"))]}
    with pytest.raises(StoreError) as info:
        store.add_new_documents([good, not_a_quad])
    assert isinstance(info.value.__cause__, (TypeError, ValueError)) and info.value.hint
    assert _everything(store) == before


def test_add_new_documents_refuses_a_read_only_store(tmp_path: Path) -> None:
    with Store.open(tmp_path / "st"):
        pass
    with Store.open(tmp_path / "st", read_only=True) as r, pytest.raises(StoreError, match="read-only"):
        r.add_new_documents([_doc("n1", (A, P, B))])


def test_leftover_ingest_files_are_accepted_and_removed_by_the_next_writer(tmp_path: Path) -> None:
    """A crash during an ingest leaves Oxigraph's bulk-*.sst files: never part of the data."""
    with Store.open(tmp_path / "st") as s:
        s.add_new_documents([_doc("n1", (A, P, B))])
    leftover = tmp_path / "st" / "bulk-123456789.sst"
    leftover.write_bytes(b"half written")
    with Store.open(tmp_path / "st", read_only=True) as r:
        assert set(r.graph_triples(document_graph("n1"))) == {(A, P, B)}
    assert leftover.exists()  # readers leave it: a writer may be ingesting it right now
    with Store.open(tmp_path / "st") as s:
        assert not leftover.exists()
        assert set(s.graph_triples(document_graph("n1"))) == {(A, P, B)}


def test_second_writer_refused_while_reader_works(tmp_path: Path) -> None:
    path = tmp_path / "st"
    writer = Store.open(path)
    try:
        writer.replace_graph(document_graph("d1"), graph((A, RDFS.label, Literal("Alpha"))))

        with pytest.raises(StoreLockedError) as info:
            Store.open(path)
        assert str(path) in info.value.hint and "another caveat run" in info.value.hint

        # The same refusal from another process (the real case).
        code = textwrap.dedent(f"""
            from pathlib import Path
            from pipeline.errors import StoreLockedError
            from pipeline.store import Store
            try:
                Store.open(Path({str(path)!r}))
            except StoreLockedError as e:
                print("locked:", e.hint)
            else:
                print("opened")
        """)
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert proc.stdout.startswith("locked:"), proc.stdout + proc.stderr

        with Store.open(path, read_only=True) as reader:
            rows = reader.query(LABELS).rows
            assert rows == [{"label": Literal("Alpha")}]
            with pytest.raises(StoreError):
                reader.replace_graph(MERGED_GRAPH, graph((A, P, B)))
        # The writer still works after the reader came and went.
        writer.replace_graph(document_graph("d2"), graph((B, P, A)))
        assert len(writer) == 2
    finally:
        writer.close()
    # Closing released the lock.
    with Store.open(path) as again:
        assert len(again) == 2


def test_path_that_is_a_file_is_store_error(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("not a store", encoding="utf-8")
    for read_only in (False, True):
        with pytest.raises(StoreError) as info:
            Store.open(path, read_only=read_only)
        assert "file" in str(info.value) and info.value.hint


def test_directory_of_other_files_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError) as info:
        Store.open(tmp_path)
    assert "not a caveat store" in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt"]  # nothing created there


def test_read_only_of_missing_store_is_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        Store.open(tmp_path / "none", read_only=True)
    assert "caveat run" in info.value.hint
    assert not (tmp_path / "none").exists()


def test_closed_store_is_store_error(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "st")
    s.close()
    s.close()  # idempotent
    with pytest.raises(StoreError):
        len(s)


def test_rebuild_union_repairs_the_default_graph(store: Store) -> None:
    import pyoxigraph as ox
    expected = store.union()
    store._ox.add(ox.Quad(ox.NamedNode(EX + "stray"), ox.NamedNode(EX + "p"), ox.Literal("x")))  # behind its back
    assert store.query("ASK { ?s ?p 'x' }").boolean is True
    store.rebuild_union()
    assert isomorphic(store.union(), expected)
    assert store.query("ASK { ?s ?p 'Quarantined' }").boolean is False


# ------------------------------------------------------------ sorted key lists (paging)

KEYS = "SELECT ?s WHERE { ?s <http://example.org/p> ?o }"


def _count_evaluations(store: Store, monkeypatch) -> list:
    calls: list = []
    real = Store._evaluate

    def counting(self, sparql, *args, **kwargs):
        calls.append(sparql)
        return real(self, sparql, *args, **kwargs)
    monkeypatch.setattr(Store, "_evaluate", counting)
    return calls


def test_ordered_values_are_cached_until_the_store_changes(store: Store, monkeypatch) -> None:
    calls = _count_evaluations(store, monkeypatch)
    store.replace_graph(document_graph("d1"), graph((B, P, Literal(1)), (A, P, Literal(2))))
    assert store.ordered_values(KEYS, "s") == ([A, B], 2)
    assert store.ordered_values(KEYS, "s", offset=1, limit=1) == ([B], 2)  # a later page: no query
    assert len(calls) == 1
    store.replace_graph(document_graph("d2"), graph((C, P, Literal(3))))
    assert store.ordered_values(KEYS, "s", offset=1, limit=5) == ([B, C], 3)
    assert len(calls) == 2
    store.forget_cached()
    assert store.ordered_values(KEYS, "s") == ([A, B, C], 3)
    assert len(calls) == 3


@pytest.mark.parametrize("write", ["replace_graph", "replace_graphs", "replace_quads", "add_new_documents",
                                   "remove_graph",
                                   "replace_subjects", "bulk_load", "rebuild_union"])
def test_every_write_forgets_the_cached_keys_and_answers(store: Store, write: str) -> None:
    import pyoxigraph as ox
    d1, d2 = document_graph("d1"), document_graph("d2")
    store.replace_graph(d1, graph((A, P, Literal(1))))
    store.replace_graph(d2, graph((B, P, Literal(2))))
    assert store.ordered_values(KEYS, "s") == ([A, B], 2)
    assert len(store.remembered("answer", lambda: store.query(KEYS)).rows) == 2
    new = graph((C, P, Literal(3)))
    if write == "replace_graph":
        store.replace_graph(d2, new)
    elif write == "replace_graphs":
        store.replace_graphs({d2: new})
    elif write == "replace_quads":
        store.replace_quads({d2: [ox.Quad(ox.NamedNode(str(C)), ox.NamedNode(str(P)), ox.Literal("3"),
                                          ox.NamedNode(str(d2)))]})
    elif write == "add_new_documents":
        store.add_new_documents([{document_graph("d3"): [ox.Quad(ox.NamedNode(str(C)), ox.NamedNode(str(P)),
                                                                 ox.Literal("3"),
                                                                 ox.NamedNode(str(document_graph("d3"))))]}])
    elif write == "remove_graph":
        store.remove_graph(d2)
    elif write == "replace_subjects":
        store.replace_subjects(d2, [B, C], new)
    elif write == "bulk_load":
        store.bulk_load([ox.Quad(ox.NamedNode(str(C)), ox.NamedNode(str(P)), ox.Literal("3"),
                                 ox.NamedNode(EX + "g3"))])
    elif write == "rebuild_union":
        store._db().update(f"INSERT DATA {{ <{C}> <{P}> 3 }}")  # behind the class's back ...
        store.forget_cached()
        assert store.ordered_values(KEYS, "s") == ([A, B, C], 3)
        store.rebuild_union()  # ... and repaired: C is in no named graph
    expected = store.query(KEYS).rows
    assert store.ordered_values(KEYS, "s") == (sorted({r["s"] for r in expected}, key=str), len(expected))
    assert store.ordered_values(KEYS, "s")[0] != [A, B] or write == "rebuild_union"
    assert store.remembered("answer", lambda: store.query(KEYS)).rows == expected


def test_cached_keys_are_per_query_and_bindings(store: Store) -> None:
    store.replace_graph(document_graph("d1"), graph((A, P, Literal(1)), (B, P, Literal(2)), (B, RDFS.label, Literal("b"))))
    bound = "SELECT ?s WHERE { ?s <http://example.org/p> ?o }"
    assert store.ordered_values(bound, "s", {"o": Literal(2)}) == ([B], 1)
    assert store.ordered_values(bound, "s", {"o": Literal(1)}) == ([A], 1)
    assert store.ordered_values(bound, "s") == ([A, B], 2)
    assert store.ordered_values("SELECT ?s WHERE { ?s ?p \"b\" }", "s") == ([B], 1)


# --------------------------------------------------------------------------- key lists kept on disk

def _disk_store(path: Path, *subjects: URIRef) -> Path:
    with Store.open(path) as s:
        for i, subject in enumerate(subjects):
            s.replace_graph(document_graph(f"d{i}"), graph((subject, P, Literal(i))))
    return path


def test_read_only_opens_share_saved_key_lists(tmp_path: Path, monkeypatch) -> None:
    path = _disk_store(tmp_path / "st", B, A)
    with Store.open(path, read_only=True) as first:
        assert first.ordered_values(KEYS, "s") == ([A, B], 2)
    assert len(list((path / "caveat-keys").glob("*.json"))) == 1
    calls = _count_evaluations(None, monkeypatch)
    with Store.open(path, read_only=True) as second:  # a new process would do the same
        assert second.ordered_values(KEYS, "s", offset=1) == ([B], 2)
        objects = "SELECT ?o WHERE { ?s <http://example.org/p> ?o }"
        assert second.ordered_values(objects, "o") == ([Literal(0), Literal(1)], 2)  # another list
    assert calls == [objects]  # the first list came from disk, the second was computed


def test_a_write_makes_saved_key_lists_stale(tmp_path: Path) -> None:
    path = _disk_store(tmp_path / "st", A)
    with Store.open(path, read_only=True) as r:
        assert r.ordered_values(KEYS, "s") == ([A], 1)
    with Store.open(path) as w:  # the folder of saved lists does not make it "not a store"
        w.replace_graph(document_graph("new"), graph((C, P, Literal(9))))
        assert w.ordered_values(KEYS, "s") == ([A, C], 2)
    with Store.open(path, read_only=True) as r:
        assert r.ordered_values(KEYS, "s") == ([A, C], 2)
    with Store.open(path) as w:
        w.remove_graph(document_graph("new"))
    with Store.open(path, read_only=True) as r:
        assert r.ordered_values(KEYS, "s") == ([A], 1)


def test_damaged_or_unwritable_saved_lists_only_cost_the_query(tmp_path: Path, monkeypatch) -> None:
    path = _disk_store(tmp_path / "st", A, B)
    with Store.open(path, read_only=True) as r:
        r.ordered_values(KEYS, "s")
    (saved,) = (path / "caveat-keys").glob("*.json")
    for damage in ('{"fingerprint": 1', '[]', '{"groups": 5}', ""):
        saved.write_text(damage, encoding="utf-8")
        with Store.open(path, read_only=True) as r:
            assert r.ordered_values(KEYS, "s") == ([A, B], 2)
    # a list saved for another query with the same file name is not taken for this one
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["key"] = "something else"
    saved.write_text(json.dumps(data), encoding="utf-8")
    calls = _count_evaluations(None, monkeypatch)
    with Store.open(path, read_only=True) as r:
        assert r.ordered_values(KEYS, "s") == ([A, B], 2)
    assert calls == [KEYS]
    shutil.rmtree(path / "caveat-keys")
    (path / "caveat-keys").write_text("not a folder", encoding="utf-8")  # cannot save: still answers
    with Store.open(path, read_only=True) as r:
        assert r.ordered_values(KEYS, "s") == ([A, B], 2)


def test_writable_and_in_memory_stores_save_no_lists(tmp_path: Path) -> None:
    path = _disk_store(tmp_path / "st", A)
    with Store.open(path) as w:
        assert w.ordered_values(KEYS, "s") == ([A], 1)
    assert not (path / "caveat-keys").exists()
    assert Store.in_memory().ordered_values(KEYS, "s") == ([], 0)


def test_forget_cached_can_delete_the_saved_lists(tmp_path: Path, monkeypatch) -> None:
    path = _disk_store(tmp_path / "st", A)
    with Store.open(path, read_only=True) as r:
        r.ordered_values(KEYS, "s")
        calls = _count_evaluations(None, monkeypatch)
        r.forget_cached()
        r.ordered_values(KEYS, "s")
        assert calls == []  # memory forgotten, read back from disk
        r.forget_cached(saved=True)
        assert not list((path / "caveat-keys").glob("*.json"))
        r.ordered_values(KEYS, "s")
        assert calls == [KEYS]


# --------------------------------------------------------------------------- remembered answers

def _counted(store: Store, sparql: str, calls: list):
    def compute():
        calls.append(sparql)
        return store.query(sparql)
    return compute


def test_remembered_answers_until_the_store_changes(store: Store) -> None:
    calls: list = []
    first = store.remembered("k", _counted(store, KEYS, calls))
    first.rows.sort(key=lambda r: str(r["s"]), reverse=True)  # the caller's copy, not the kept one
    first.rows.clear()
    again = store.remembered("k", _counted(store, KEYS, calls))
    assert calls == [KEYS] and again.rows == store.query(KEYS).rows and again.rows
    again.rows.clear()  # a copy again
    again = store.remembered("k", _counted(store, KEYS, calls))
    assert calls == [KEYS] and again.rows == store.query(KEYS).rows and again.rows
    assert store.remembered("other", _counted(store, KEYS, calls)).rows == again.rows
    assert calls == [KEYS, KEYS]  # per key
    store.replace_graph(document_graph("d9"), graph((C, P, Literal(9))))
    after = store.remembered("k", _counted(store, KEYS, calls))
    assert len(calls) == 3 and C in {r["s"] for r in after.rows}
    store.forget_cached()
    store.remembered("k", _counted(store, KEYS, calls))
    assert len(calls) == 4


def test_remembered_keeps_at_most_its_rows_least_recently_used_first(store: Store, monkeypatch) -> None:
    from pipeline.store import oxigraph_store
    monkeypatch.setattr(oxigraph_store, "ANSWER_CACHE_ROWS", 2)
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"  # more than 2 rows: never kept
    one = "SELECT ?s WHERE { ?s <http://example.org/p> ?o }"  # 1 row
    calls: list = []
    store.remembered("big", _counted(store, everything, calls))
    store.remembered("big", _counted(store, everything, calls))
    assert calls == [everything, everything]
    for key in ("a", "b", "a", "c"):  # "b" is the least recently used when "c" comes
        store.remembered(key, _counted(store, one, calls))
    calls.clear()
    store.remembered("a", _counted(store, one, calls))
    store.remembered("c", _counted(store, one, calls))
    assert calls == []
    store.remembered("b", _counted(store, one, calls))
    assert calls == [one]


def test_remembered_does_not_keep_graphs(store: Store) -> None:
    calls: list = []
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    for _ in range(2):
        assert len(store.remembered("g", _counted(store, construct, calls)).triples) > 0
    assert len(calls) == 2


def test_a_write_during_the_computation_is_not_remembered(tmp_path: Path) -> None:
    path = _disk_store(tmp_path / "st", A)
    with Store.open(path) as w:
        calls: list = []

        def racing():
            calls.append(1)
            result = w.query(KEYS)
            w.replace_graph(document_graph("meanwhile"), graph((C, P, Literal(3))))
            return result
        assert len(w.remembered("k", racing).rows) == 1
        assert len(w.remembered("k", racing).rows) == 2  # computed again: the first was stale
        assert len(calls) == 2


# --------------------------------------------------------------------------- answers kept on disk

def test_read_only_opens_share_saved_answers(tmp_path: Path) -> None:
    path = _disk_store(tmp_path / "st", A)
    with Store.open(path, read_only=True) as r:
        assert r.saved_answer(("q", 1)) is None
        r.save_answer(("q", 1), {"rows": 3}, b"line 1\nline 2\n")
    with Store.open(path, read_only=True) as r:  # a new process would do the same
        assert r.saved_answer(("q", 1)) == ({"rows": 3}, b"line 1\nline 2\n")
        assert r.saved_answer(("q", 2)) is None
        r.forget_cached()  # memory only: the saved answer stays
        assert r.saved_answer(("q", 1)) is not None
        r.forget_cached(saved=True)
        assert r.saved_answer(("q", 1)) is None
        assert not list((path / "caveat-answers").glob("*.answer"))


def test_a_write_makes_saved_answers_stale(tmp_path: Path) -> None:
    path = _disk_store(tmp_path / "st", A)
    with Store.open(path, read_only=True) as r:
        r.save_answer("q", {}, b"old")
    with Store.open(path) as w:  # the folder of saved answers does not make it "not a store"
        w.save_answer("q", {}, b"from a writer")  # a writable open saves nothing
        assert w.saved_answer("q") is None
        w.replace_graph(document_graph("new"), graph((C, P, Literal(9))))
    with Store.open(path, read_only=True) as r:
        assert r.saved_answer("q") is None
    assert Store.in_memory().saved_answer("q") is None


def test_damaged_or_unwritable_saved_answers_are_not_used(tmp_path: Path) -> None:
    path = _disk_store(tmp_path / "st", A)
    with Store.open(path, read_only=True) as r:
        r.save_answer("q", {"n": 1}, b"data")
    (saved,) = (path / "caveat-answers").glob("*.answer")
    good = saved.read_bytes()
    header = json.loads(good.partition(b"\n")[0])
    for damage in (b"", b"data", b'{"fingerprint": 1', b"[]\ndata",
                   json.dumps({**header, "key": "'other'"}).encode() + b"\ndata",
                   json.dumps({**header, "meta": 5}).encode() + b"\ndata", good.partition(b"\n")[0]):
        saved.write_bytes(damage)
        with Store.open(path, read_only=True) as r:
            assert r.saved_answer("q") is None, damage
    shutil.rmtree(path / "caveat-answers")
    (path / "caveat-answers").write_text("not a folder", encoding="utf-8")  # cannot save: no error
    with Store.open(path, read_only=True) as r:
        r.save_answer("q", {}, b"data")
        assert r.saved_answer("q") is None


def test_saved_answers_keep_the_newest(tmp_path: Path, monkeypatch) -> None:
    from pipeline.store import oxigraph_store
    monkeypatch.setattr(oxigraph_store, "ANSWER_CACHE_FILES", 2)
    path = _disk_store(tmp_path / "st", A)
    with Store.open(path, read_only=True) as r:
        for i in range(4):
            r.save_answer(i, {}, b"x")
            os.utime(r._saved_file("caveat-answers", i), ns=(i * 10**9, i * 10**9))
        assert [r.saved_answer(i) is not None for i in range(4)] == [False, False, True, True]
    monkeypatch.setattr(oxigraph_store, "ANSWER_CACHE_FILES", 10)
    with Store.open(path, read_only=True) as r:
        r.forget_cached(saved=True)
        r.save_answer(0, {}, b"x" * 200)
        one = r._saved_file("caveat-answers", 0).stat().st_size
        monkeypatch.setattr(oxigraph_store, "ANSWER_CACHE_BYTES", 2 * one + one // 2)  # room for two
        for i in range(4):
            r.save_answer(i, {}, b"x" * 200)
            os.utime(r._saved_file("caveat-answers", i), ns=(i * 10**9, i * 10**9))
        assert [r.saved_answer(i) is not None for i in range(4)] == [False, False, True, True]
        r.save_answer("huge", {}, b"x" * (3 * one))  # the newest stays, whatever its size
        assert r.saved_answer("huge") is not None and r.saved_answer(3) is None
