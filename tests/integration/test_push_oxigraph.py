"""`caveat push` against a real Oxigraph server: same graphs, same answers, no duplicates."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
import typer
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from pipeline import query as queries
from pipeline.graph.iri import MERGED_GRAPH, ONTOLOGY_GRAPH, document_graph
from pipeline.store import Store
from pipeline.store.commands import register
from pipeline.store.push import LOCAL_GRAPH_BASE, PushOptions, push
from pipeline.store.terms import triple_from_ox

from .conftest import OxigraphServer, group_concat_columns, http, rows_of, unit_export_module

# rdflib's own TriG/N-Quads parsers trip its ConjunctiveGraph deprecation.
pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated, use Dataset:DeprecationWarning")

BASE = "http://example.org/pushed/"


def server_graph(server: OxigraphServer, name: str | None) -> Graph:
    """One graph of the server, read back over the Graph Store Protocol (GET)."""
    target = "default" if name is None else "graph=" + quote(name, safe="")
    status, _, body = http("GET", f"{server.url}/store?{target}", headers={"Accept": "application/n-triples"})
    assert status == 200, (name, status, body[:300])
    g = Graph()
    for triple in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
        g.add(triple_from_ox(triple))
    return g


def app() -> typer.Typer:
    a = typer.Typer(add_completion=False)

    @a.command()
    def noop() -> None:  # a second command keeps Typer in multi-command mode
        pass

    register(a)
    return a


# --------------------------------------------------------------------------- a hand-made store

@pytest.mark.parametrize("protocol", ["gsp", "update"])
@pytest.mark.parametrize("graph_base", [None, BASE])
def test_every_graph_arrives_intact(oxigraph_server: OxigraphServer, protocol: str,
                                    graph_base: str | None) -> None:
    # Awkward literals, a blank node, a percent-encoded graph name and a quarantine graph.
    store, built = unit_export_module().sample_store()
    report = push(store, PushOptions(oxigraph_server.url, protocol=protocol, graph_base=graph_base))
    local = store.dataset()  # quarantine excluded
    expected_names = {str(g).replace(LOCAL_GRAPH_BASE, graph_base or LOCAL_GRAPH_BASE) for g in local}
    counts = oxigraph_server.quad_counts()
    assert set(counts) - {""} == expected_names  # no quarantine graph, every other one
    for name, g in local.items():
        remote = str(name).replace(LOCAL_GRAPH_BASE, graph_base) if graph_base else str(name)
        assert isomorphic(server_graph(oxigraph_server, remote), g), remote
    assert isomorphic(server_graph(oxigraph_server, None), store.union())
    assert [g.local for g in report.graphs][-1] is None  # the union went last
    assert report.triples == sum(len(g) for g in local.values()) + len(store.union())
    if graph_base:
        assert f"{BASE}doc/d1" in counts and str(MERGED_GRAPH) not in counts
        assert f"{BASE}merged" in counts and f"{BASE}ontology" in counts
    # Again: every graph replaced, nothing duplicated (blank nodes included).
    push(store, PushOptions(oxigraph_server.url, protocol=protocol, graph_base=graph_base))
    assert oxigraph_server.quad_counts() == counts


def test_no_union_default_leaves_the_default_graph_alone(oxigraph_server: OxigraphServer) -> None:
    status, _, _ = http("PUT", oxigraph_server.url + "/store?default",
                        b"<http://example.org/other> <http://example.org/p> \"kept\" .\n",
                        {"Content-Type": "application/n-triples"})
    assert status in (201, 204)
    store, _ = unit_export_module().sample_store()
    push(store, PushOptions(oxigraph_server.url, union_default=False))
    assert oxigraph_server.quad_counts()[""] == 1


def test_cli_push_to_a_store_directory(oxigraph_server: OxigraphServer, tmp_path: Path) -> None:
    path = tmp_path / "store"
    store, _ = unit_export_module().sample_store()
    with Store.open(path) as disk:
        for name, g in store.dataset(include_quarantine=True).items():
            disk.replace_graph(name, g)
    runner = CliRunner()
    result = runner.invoke(app(), ["push", "--endpoint", oxigraph_server.url, "--store", str(path)])
    assert result.exit_code == 0, result.output
    assert "pushed 5 graphs" in result.output  # 4 named (no quarantine) + the union
    assert str(document_graph("d1")) in result.output and "201" in result.output
    assert str(ONTOLOGY_GRAPH) in oxigraph_server.quad_counts()
    # A wrong GSP path: the server's 4xx answer is named, exit code is non-zero.
    result = runner.invoke(app(), ["push", "--endpoint", oxigraph_server.url, "--store", str(path),
                                   "--gsp-path", "/nope", "--retries", "0"])
    assert result.exit_code != 0
    assert "404" in result.output and "/nope" in result.output


# --------------------------------------------------------------------------- the seed graph

@pytest.mark.model
def test_competency_questions_answer_the_same_over_http(oxigraph_server: OxigraphServer,
                                                        seed_store: Path) -> None:
    with Store.open(seed_store, read_only=True) as store:
        push(store, PushOptions(oxigraph_server.url))
        for name in queries.QUESTIONS:
            text = queries.load(name)
            unordered = group_concat_columns(text)
            local = rows_of(store.query(text).to_sparql_json(), unordered)
            remote = rows_of(oxigraph_server.select(text), unordered)
            assert remote == local, name
        # Not vacuous: the seeds answer most questions.
        assert sum(bool(rows_of(store.query(queries.load(n)).to_sparql_json()))
                   for n in queries.QUESTIONS) >= 5


@pytest.mark.model
@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_pushing_twice_replaces(oxigraph_server: OxigraphServer, seed_store: Path, protocol: str) -> None:
    with Store.open(seed_store, read_only=True) as store:
        push(store, PushOptions(oxigraph_server.url, protocol=protocol))
        first = oxigraph_server.quad_counts()
        push(store, PushOptions(oxigraph_server.url, protocol=protocol))
        assert oxigraph_server.quad_counts() == first
        expected = {str(g): len(t) for g, t in store.dataset().items()}
        expected[""] = len(store.union())
        assert first == expected
