"""Fixtures for the integration tests: a real Oxigraph server, the seed store, HTTP helpers.

The Oxigraph server is the ``oxigraph`` binary from the ``oxigraph`` PyPI
package (``pip install oxigraph``). It listens on a free loopback port and
keeps its data in a temporary directory; the fixture waits until it answers
and kills it at teardown.
"""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# Loopback only, never through a proxy from the environment.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None,
         timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of one request; HTTP errors are returned, not raised."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with _opener.open(req, timeout=timeout) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def sparql_json(query_url: str, query: str) -> dict:
    """POST a query (application/sparql-query) and return the SPARQL JSON answer."""
    status, _, body = http("POST", query_url, query.encode("utf-8"),
                           {"Content-Type": "application/sparql-query",
                            "Accept": "application/sparql-results+json"})
    assert status == 200, body.decode("utf-8", "replace")[:500]
    return json.loads(body)


def term_key(term: dict | None) -> str:
    """A SPARQL JSON term as one comparable string (blank node labels are store-local)."""
    if term is None:
        return ""
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return "_:"
    if "xml:lang" in term:
        return f"{json.dumps(value)}@{term['xml:lang'].lower()}"
    datatype = term.get("datatype", XSD_STRING)
    return json.dumps(value) if datatype == XSD_STRING else f"{json.dumps(value)}^^<{datatype}>"


_GROUP_CONCAT = re.compile(r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*\)\s*AS\s+\?(\w+)", re.IGNORECASE)


def group_concat_columns(query: str) -> set[str]:
    """Variables a query binds with GROUP_CONCAT, whose order SPARQL leaves to the engine."""
    return set(_GROUP_CONCAT.findall(query))


def rows_of(result: dict, unordered: set[str] = frozenset(), separator: str = "; ") -> list[tuple[str, ...]]:
    """The rows of a SPARQL JSON SELECT result as tuples of term strings, sorted.

    In the ``unordered`` columns (GROUP_CONCAT results) the joined parts are
    sorted: two engines may concatenate the same values in different orders.
    """
    variables = result["head"]["vars"]
    out = []
    for b in result["results"]["bindings"]:
        row = []
        for v in variables:
            term = b.get(v)
            if v in unordered and term is not None:
                term = {**term, "value": separator.join(sorted(term["value"].split(separator)))}
            row.append(term_key(term))
        out.append(tuple(row))
    return sorted(out)


# --------------------------------------------------------------------------- Oxigraph server

def oxigraph_binary() -> str:
    found = shutil.which("oxigraph")
    if found:
        return found
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.exists():
        return str(beside)
    pytest.fail("the oxigraph server binary is missing: `pip install oxigraph` "
                "(the PyPI package ships it; CI installs it)")


@dataclass
class OxigraphServer:
    url: str
    process: subprocess.Popen
    location: Path

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    def select(self, query: str) -> dict:
        return sparql_json(self.query_url, query)

    def quad_counts(self) -> dict[str, int]:
        """Triples per graph on the server ("" is the default graph)."""
        res = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } "
                          "GROUP BY ?g")
        return {b.get("g", {}).get("value", ""): int(b["n"]["value"]) for b in res["results"]["bindings"]}


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[OxigraphServer]:
    binary = oxigraph_binary()
    location = tmp_path / "oxigraph-data"
    port = free_port()
    log = (tmp_path / "oxigraph.log").open("wb")
    proc = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT)
    server = OxigraphServer(f"http://127.0.0.1:{port}", proc, location)
    try:
        deadline = time.monotonic() + 20
        while True:
            if proc.poll() is not None:
                pytest.fail(f"oxigraph serve exited with {proc.returncode}: "
                            + (tmp_path / "oxigraph.log").read_text(errors="replace")[-2000:])
            try:
                status, _, _ = http("GET", server.query_url + "?query=" + urllib.parse.quote("ASK {}"),
                                    timeout=2)
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("oxigraph serve did not answer within 20 s")
            time.sleep(0.05)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


# --------------------------------------------------------------------------- stores

@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once per session from ``seeds/`` (needs the spaCy model: mark tests `model`)."""
    from pipeline.run import run

    path = tmp_path_factory.mktemp("seed") / "store"
    report = run([SEEDS], path)
    assert report.counts["loaded"] >= 1, report.to_json()
    return path


def unit_export_module():
    """tests/unit/test_export.py, for its sample store and literal strategies (not re-collected)."""
    name = "caveat_unit_test_export"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / "unit" / "test_export.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
