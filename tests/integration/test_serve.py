"""`caveat serve`: a read-only SPARQL 1.1 Protocol endpoint over the local store."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.query import Result

from pipeline import query as queries
from pipeline.graph.iri import document_graph
from pipeline.store import Store
from pipeline.store.serve import SparqlServer, StoreSource, running

from .conftest import (ROOT, free_port, group_concat_columns, http, rows_of, sparql_json,
                       unit_export_module)

EX = "http://example.org/"
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
JSON = "application/sparql-results+json"


@pytest.fixture
def store() -> Store:
    return unit_export_module().sample_store()[0]  # awkward literals, a blank node, quarantine


@pytest.fixture
def server(store: Store) -> Iterator[SparqlServer]:
    with running(store) as srv:
        yield srv


def get(server: SparqlServer, query: str, accept: str = JSON, **extra: str):
    params = urlencode({"query": query, **extra})
    return http("GET", f"{server.query_url}?{params}", headers={"Accept": accept})


def post_query(server: SparqlServer, query: str, accept: str = JSON):
    return http("POST", server.query_url, query.encode("utf-8"),
                {"Content-Type": "application/sparql-query", "Accept": accept})


def post_form(server: SparqlServer, form: dict[str, str], accept: str = JSON, path: str = "/query"):
    return http("POST", server.url + path, urlencode(form).encode("ascii"),
                {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


# --------------------------------------------------------------------------- queries

def test_select_answers_as_the_store_does(server: SparqlServer, store: Store) -> None:
    expected = store.query(ALL).to_sparql_json()
    for status, headers, body in (get(server, ALL), post_query(server, ALL),
                                  post_form(server, {"query": ALL}), post_form(server, {"query": ALL},
                                                                               path="/sparql")):
        assert status == 200, body[:300]
        assert headers["content-type"] == JSON
        assert json.loads(body) == expected
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    labels = json.loads(get(server, f"SELECT ?l WHERE {{ <{EX}s1> {label} ?l }}")[2])
    assert {(b["l"]["value"], b["l"].get("xml:lang")) for b in labels["results"]["bindings"]} == {
        ("Kyiv", "en"), ("\u041a\u0438\u0457\u0432", "uk")}


def test_a_repeated_select_is_answered_from_what_the_store_remembered(server: SparqlServer, store: Store,
                                                                     monkeypatch) -> None:
    calls: list = []
    real = Store.query
    monkeypatch.setattr(Store, "query", lambda self, *a, **k: calls.append(a[0]) or real(self, *a, **k))
    first, again = get(server, ALL), get(server, ALL, accept="text/csv")
    assert first[0] == again[0] == 200 and calls == [ALL]  # evaluated once, rendered twice
    assert json.loads(first[2]) == store.query(ALL).to_sparql_json()


def test_quarantine_stays_invisible(server: SparqlServer) -> None:
    status, _, body = get(server, 'ASK { ?s ?p "quarantined" }')
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": False}
    status, _, body = get(server, 'ASK { ?s ?p "in a blank node" }')
    assert json.loads(body)["boolean"] is True


def test_results_parse_in_rdflib_in_every_format(server: SparqlServer, store: Store) -> None:
    """JSON and XML through rdflib's result parsers give the store's own rows."""
    # XML 1.0 cannot carry C0 control characters, which one literal holds: left out here.
    query = ALL.replace("}", 'FILTER(!CONTAINS(STR(?o), "control")) }')
    expected = {tuple(r[v] for v in ("s", "p", "o")) for r in store.query(query).rows}
    assert len(expected) > 20
    for accept, fmt in ((JSON, "json"), ("application/sparql-results+xml", "xml")):
        status, headers, body = get(server, query, accept)
        assert status == 200 and headers["content-type"].startswith(accept)
        parsed = Result.parse(io.BytesIO(body), format=fmt)
        assert {tuple(row) for row in parsed} == expected, fmt
    ET.fromstring(get(server, "ASK {}", "application/sparql-results+xml")[2])  # well-formed
    # With the control characters: XML is refused with a reason, JSON carries them.
    status, _, body = get(server, ALL, "application/sparql-results+xml")
    assert status == 406 and b"application/sparql-results+json" in body
    status, _, body = get(server, ALL, "application/sparql-results+xml, application/json;q=0.1")
    assert status == 406  # negotiated XML first; the refusal names the alternative


def test_csv_and_tsv(server: SparqlServer, store: Store) -> None:
    result = store.query(ALL)
    status, headers, body = get(server, ALL, "text/csv")
    assert status == 200 and headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert rows[0] == ["s", "p", "o"] and len(rows) == len(result.rows) + 1
    status, headers, body = get(server, ALL, "text/tab-separated-values")
    assert status == 200 and headers["content-type"].startswith("text/tab-separated-values")
    lines = body.decode("utf-8").split("\n")
    assert lines[0] == "?s\t?p\t?o" and lines[-1] == ""
    # One line per row: tabs and line breaks inside literals are escaped.
    assert len(lines) == len(result.rows) + 2
    assert all(line.count("\t") == 2 for line in lines[:-1])
    assert any('"line one\\nline two\\r\\nthree\\ttab"' in line for line in lines)


def test_construct_returns_rdf(server: SparqlServer, store: Store) -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    status, headers, body = get(server, query, "*/*")
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    assert isomorphic(Graph().parse(data=body, format="nt"), store.union())
    status, headers, body = post_query(server, query, "text/turtle, application/n-triples;q=0.5")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert isomorphic(Graph().parse(data=body, format="turtle"), store.union())


def test_rdflib_sparqlstore_can_use_it(server: SparqlServer) -> None:
    """A third-party SPARQL Protocol client (rdflib's SPARQLStore) works against the endpoint."""
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    remote = SPARQLStore(query_endpoint=server.query_url)
    rows = list(remote.query(f"SELECT ?o WHERE {{ <{EX}s1> <{EX}n> ?o }}"))
    assert [row[0] for row in rows] == [Literal(42)]
    assert remote.query("ASK { ?s ?p ?o }").askAnswer is True


# --------------------------------------------------------------------------- refusals

def test_updates_are_refused(server: SparqlServer, store: Store) -> None:
    before = len(store)
    update = "DROP ALL"
    assert http("POST", server.query_url, update.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    assert http("POST", server.url + "/update", update.encode(),
                {"Content-Type": "application/sparql-update"})[0] == 403
    assert post_form(server, {"update": update})[0] == 403
    assert post_form(server, {"update": update}, path="/update")[0] == 403
    assert http("GET", f"{server.query_url}?update={quote(update)}")[0] == 403
    status, headers, _ = http("PUT", server.url + "/store?default", b"<a:b> <a:c> <a:d> .",
                              {"Content-Type": "application/n-triples"})
    assert status == 405 and "POST" in headers["allow"]
    assert http("DELETE", server.url + "/store?default")[0] == 405
    # Refusing is not failing: the endpoint still answers, and nothing changed.
    assert get(server, "ASK {}")[0] == 200
    assert len(store) == before


def test_bad_requests(server: SparqlServer) -> None:
    status, _, body = get(server, "SELEKT * WHERE {}")
    assert status == 400 and b"invalid SPARQL" in body
    assert get(server, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv")[0] == 406
    assert get(server, "SELECT * WHERE { ?s ?p ?o }", "text/turtle")[0] == 406
    assert get(server, "ASK {}", **{"default-graph-uri": EX + "g"})[0] == 400
    assert http("POST", server.query_url, b"ASK {}", {"Content-Type": "text/plain"})[0] == 415
    assert http("GET", server.url + "/nowhere?query=ASK%7B%7D")[0] == 404
    status, _, body = http("GET", server.url + "/")
    assert status == 200 and b"read-only SPARQL endpoint" in body


# --------------------------------------------------------------------------- store directory, CLI

def _write_store(path: Path, label: str) -> None:
    g = Graph()
    g.add((URIRef(EX + "x"), URIRef(EX + "label"), Literal(label)))
    with Store.open(path) as st:
        st.replace_graph(document_graph("only"), g)
    stamp = path / "run-report.json"
    stamp.write_text("{}")
    later = time.time() + (10 if label == "second" else 0)
    os.utime(stamp, (later, later))  # a later run: the stamp changes even on a coarse clock


def test_a_store_directory_is_reopened_after_a_run(tmp_path: Path) -> None:
    path = tmp_path / "store"
    _write_store(path, "first")
    query = f"SELECT ?l WHERE {{ <{EX}x> <{EX}label> ?l }}"
    with SparqlServer(StoreSource(path=path), port=0) as srv:
        srv.start()
        assert sparql_json(srv.query_url, query)["results"]["bindings"][0]["l"]["value"] == "first"
        _write_store(path, "second")  # a writer beside the running endpoint
        assert sparql_json(srv.query_url, query)["results"]["bindings"][0]["l"]["value"] == "second"


CLI = ("import typer\nfrom pipeline.store.commands import register\n"
       "app = typer.Typer(add_completion=False)\napp.command('noop')(lambda: None)\nregister(app)\napp()\n")


def _serve_cli(path: Path, port: int) -> subprocess.Popen:
    """`caveat serve` in a child process that takes Ctrl-C as a terminal would send it.

    A test run started in the background (``cmd &`` in a script) ignores SIGINT,
    and a child inherits that: Python then installs no KeyboardInterrupt handler.
    """
    return subprocess.Popen([sys.executable, "-c", CLI, "serve", "--store", str(path), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def test_cli_serve_answers_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    path = tmp_path / "store"
    _write_store(path, "first")
    port = free_port()
    proc = _serve_cli(path, port)
    try:
        url = f"http://127.0.0.1:{port}/query"
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()  # type: ignore[union-attr]
            try:
                result = sparql_json(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
                break
            except OSError:
                assert time.monotonic() < deadline, "caveat serve did not answer within 30 s"
                time.sleep(0.1)
        assert result["results"]["bindings"][0]["n"]["value"] == "1"
        proc.send_signal(signal.SIGINT)  # Ctrl-C
        _, stderr = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = stderr.decode()
    assert proc.returncode == 0, text
    assert f"SPARQL endpoint: http://127.0.0.1:{port}/query" in text
    assert "stopped" in text and "Traceback" not in text


def test_ctrl_c_stops_the_server_while_a_client_holds_a_connection(tmp_path: Path) -> None:
    """A half-sent request must not keep a stopping server waiting for its thread."""
    import socket
    path = tmp_path / "store"
    _write_store(path, "first")
    port = free_port()
    proc = _serve_cli(path, port)
    held = None
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()  # type: ignore[union-attr]
            try:
                sparql_json(f"http://127.0.0.1:{port}/query", "ASK {}")
                break
            except OSError:
                assert time.monotonic() < deadline, "caveat serve did not answer within 30 s"
                time.sleep(0.1)
        held = socket.create_connection(("127.0.0.1", port))
        held.sendall(b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")  # no blank line yet
        time.sleep(0.5)  # the server's thread is now waiting for the rest
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=15)
    finally:
        if held is not None:
            held.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0 and "stopped" in stderr.decode(), stderr.decode()


@pytest.mark.model
def test_competency_questions_over_the_endpoint(seed_store: Path) -> None:
    with SparqlServer(StoreSource(path=seed_store), port=0) as srv, \
            Store.open(seed_store, read_only=True) as store:
        srv.start()
        for name in queries.QUESTIONS:
            text = queries.load(name)
            remote, local = sparql_json(srv.query_url, text), store.query(text).to_sparql_json()
            assert remote["head"] == local["head"], name
            # Even one store answers GROUP_CONCAT in varying orders, and ties of
            # ORDER BY in varying orders, from one evaluation to the next.
            unordered = group_concat_columns(text)
            assert rows_of(remote, unordered) == rows_of(local, unordered), name
