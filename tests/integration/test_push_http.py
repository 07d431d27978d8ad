"""`push` over HTTP against scripted local servers: credentials, retries, error messages, streaming."""
from __future__ import annotations

import base64
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import typer
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from pipeline.errors import CaveatError
from pipeline.graph.iri import document_graph, quarantine_graph
from pipeline.store import Store
from pipeline.store.commands import register
from pipeline.store.push import (PushAuthError, PushConfigError, PushOptions, ServerRejectedError,
                                 ServerUnavailableError, authorization, push)

from .conftest import free_port

EX = "http://example.org/"


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Script:
    """What the fake server answers: ``answer(request) -> (status, body)``."""

    answer: Callable[[Seen], tuple[int, bytes]]
    seen: list[Seen] = field(default_factory=list)


def _read_body(handler: BaseHTTPRequestHandler) -> bytes:
    if handler.headers.get("Transfer-Encoding", "").lower() == "chunked":
        out = bytearray()
        while True:
            size = int(handler.rfile.readline().split(b";")[0].strip(), 16)
            if size == 0:
                while handler.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return bytes(out)
            out += handler.rfile.read(size)
            handler.rfile.readline()  # CRLF after the chunk
    length = int(handler.headers.get("Content-Length") or 0)
    return handler.rfile.read(length)


@pytest.fixture
def fake_server() -> Iterator[Callable[[Callable[[Seen], tuple[int, bytes]]], tuple[str, Script]]]:
    servers: list[ThreadingHTTPServer] = []

    def start(answer: Callable[[Seen], tuple[int, bytes]]) -> tuple[str, Script]:
        script = Script(answer)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                seen = Seen(self.command, self.path, dict(self.headers.items()),
                            b"" if self.command == "HEAD" else _read_body(self))
                script.seen.append(seen)
                status, body = script.answer(seen)
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_HEAD = do_PUT = do_POST = _any  # noqa: N815

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}", script

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def small_store() -> Store:
    store = Store.in_memory()
    g = Graph()
    g.add((URIRef(EX + "s"), URIRef(EX + "p"), Literal('quote " and\nnewline')))
    store.replace_graph(document_graph("d1"), g)
    q = Graph()
    q.add((URIRef(EX + "bad"), URIRef(EX + "p"), Literal("quarantined")))
    store.replace_graph(quarantine_graph("d2"), q)
    return store


def ok(seen: Seen) -> tuple[int, bytes]:
    return (404 if seen.method == "HEAD" else 201), b""


def no_sleep(_seconds: float) -> None:
    pass


def puts(script: Script) -> list[Seen]:
    return [s for s in script.seen if s.method == "PUT"]


# --------------------------------------------------------------------------- credentials

def test_basic_auth_header_comes_from_the_environment_variable(fake_server) -> None:
    url, script = fake_server(ok)
    push(small_store(), PushOptions(url, auth_env="GRAPH_AUTH"),
         environ={"GRAPH_AUTH": "alice:pa:ss wörd"})
    expected = "Basic " + base64.b64encode("alice:pa:ss wörd".encode()).decode()
    assert {s.headers.get("Authorization") for s in script.seen} == {expected}
    assert len(puts(script)) == 2  # the document graph and the union; not the quarantine graph


def test_bearer_token_and_no_credentials(fake_server, tmp_path: Path) -> None:
    url, script = fake_server(ok)
    push(small_store(), PushOptions(url, auth_env="TOKEN"), environ={"TOKEN": "  Bearer abc.def  "})
    assert {s.headers.get("Authorization") for s in script.seen} == {"Bearer abc.def"}
    script.seen.clear()
    push(small_store(), PushOptions(url), environ={"NETRC": str(tmp_path / "missing")})
    assert all("Authorization" not in s.headers for s in script.seen)


def test_netrc_is_used_for_the_host(fake_server, tmp_path: Path) -> None:
    url, script = fake_server(ok)
    netrc_file = tmp_path / "netrc"
    netrc_file.write_text("machine 127.0.0.1 login bob password s3cret\n")
    netrc_file.chmod(0o600)
    push(small_store(), PushOptions(url), environ={"NETRC": str(netrc_file)})
    assert {s.headers.get("Authorization") for s in script.seen} == {
        "Basic " + base64.b64encode(b"bob:s3cret").decode()}
    assert authorization("http://elsewhere.example:80", environ={"NETRC": str(netrc_file)}) is None


def test_credentials_never_come_from_the_command_line() -> None:
    with pytest.raises(PushConfigError) as info:
        push(small_store(), PushOptions("http://alice:secret@127.0.0.1:1"))
    assert "secret" not in info.value.full() and "--auth-env" in info.value.hint
    with pytest.raises(PushConfigError) as info:
        authorization("http://127.0.0.1:1", "UNSET_VAR", environ={})
    assert "UNSET_VAR" in str(info.value)
    with pytest.raises(PushConfigError) as info:
        authorization("http://127.0.0.1:1", "BAD", environ={"BAD": "no-colon-secret"})
    assert "no-colon-secret" not in info.value.full()  # a secret is never echoed


def test_401_is_a_clear_error(fake_server) -> None:
    url, script = fake_server(lambda seen: (401, b"Authentication required for dataset /caveat"))
    with pytest.raises(PushAuthError) as info:
        push(small_store(), PushOptions(url, auth_env="GRAPH_AUTH"), environ={"GRAPH_AUTH": "alice:wrong"},
             sleep=no_sleep)
    err = info.value
    assert err.status == 401
    assert "401" in str(err) and "Authentication required for dataset /caveat" in str(err)
    assert "--auth-env" in err.hint
    assert not puts(script)  # refused before any upload
    assert "wrong" not in err.full()


def test_cli_reports_a_401_and_exits_non_zero(fake_server, tmp_path: Path, monkeypatch) -> None:
    url, _ = fake_server(lambda seen: (401, b"Unauthorized: bad password"))
    path = tmp_path / "store"
    with Store.open(path) as disk:
        for name, g in small_store().dataset(include_quarantine=True).items():
            disk.replace_graph(name, g)
    monkeypatch.setenv("CAVEAT_TEST_AUTH", "alice:wrong")
    app = typer.Typer(add_completion=False)
    app.command("noop")(lambda: None)
    register(app)
    result = CliRunner().invoke(app, ["push", "--endpoint", url, "--store", str(path),
                                      "--auth-env", "CAVEAT_TEST_AUTH"])
    assert result.exit_code == PushAuthError.exit_code, result.output
    assert "401" in result.output and "bad password" in result.output
    assert "hint:" in result.output
    assert "wrong" not in result.output


# --------------------------------------------------------------------------- retries and errors

def test_503_then_success_is_retried(fake_server) -> None:
    failures = {"left": 2}

    def flaky(seen: Seen) -> tuple[int, bytes]:
        if seen.method == "PUT" and failures["left"]:
            failures["left"] -= 1
            return 503, b"warming up"
        return ok(seen)

    url, script = fake_server(flaky)
    waits: list[float] = []
    report = push(small_store(), PushOptions(url, retries=3, backoff=0.1), sleep=waits.append)
    assert [g.attempts for g in report.graphs] == [3, 1]
    assert [g.status for g in report.graphs] == [201, 201]
    # Exponential backoff with jitter: 0.1 * 2**n scaled by 0.5..1.
    assert len(waits) == 2 and 0.05 <= waits[0] <= 0.1 <= waits[1] <= 0.2
    bodies = [s.body for s in puts(script)]
    assert bodies[0] == bodies[1] == bodies[2]  # every attempt streamed the whole graph again


def test_retries_are_bounded(fake_server) -> None:
    url, script = fake_server(lambda seen: (503, b"down for maintenance"))
    with pytest.raises(ServerUnavailableError) as info:
        push(small_store(), PushOptions(url, retries=2, backoff=0.01), sleep=no_sleep)
    assert info.value.attempts == 3
    assert "503" in str(info.value) and "down for maintenance" in str(info.value)
    # The HEAD preflight takes any answer but 401/403; then 3 PUTs of the first graph.
    assert [s.method for s in script.seen] == ["HEAD", "PUT", "PUT", "PUT"]


def test_connection_refused_is_retried_then_reported() -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    waits: list[float] = []
    with pytest.raises(ServerUnavailableError) as info:
        push(small_store(), PushOptions(url, retries=2, backoff=0.01, timeout=2), sleep=waits.append)
    assert info.value.attempts == 3 and len(waits) == 2
    assert "ConnectionRefusedError" in str(info.value)
    assert isinstance(info.value, CaveatError) and "reachable" in info.value.hint


def test_4xx_names_the_status_and_the_first_300_characters(fake_server) -> None:
    body = ("Parse error: bad triple. " + "x" * 400).encode()
    url, script = fake_server(lambda seen: (400, body) if seen.method == "PUT" else ok(seen))
    with pytest.raises(ServerRejectedError) as info:
        push(small_store(), PushOptions(url, retries=5), sleep=no_sleep)
    message = str(info.value)
    assert info.value.status == 400 and "400 Bad Request" in message
    assert "Parse error: bad triple. " in message
    assert ("x" * 275) in message and ("x" * 276) not in message  # 300 characters of the body
    assert len(puts(script)) == 1  # a 4xx is not retried


# --------------------------------------------------------------------------- the bodies

def test_bodies_are_streamed_ntriples_and_graph_names_encoded(fake_server) -> None:
    url, script = fake_server(ok)
    push(small_store(), PushOptions(url, gsp_path="/caveat/data", graph_base="https://example.org/g/"))
    first, union = puts(script)
    assert first.headers.get("Transfer-Encoding") == "chunked"  # streamed, no Content-Length
    assert first.headers["Content-Type"].startswith("application/n-triples")
    assert first.path == "/caveat/data?graph=https%3A%2F%2Fexample.org%2Fg%2Fdoc%2Fd1"
    assert union.path == "/caveat/data?default"
    assert first.body == b'<http://example.org/s> <http://example.org/p> "quote \\" and\\nnewline" .\n'


def test_update_protocol_posts_drop_and_insert(fake_server) -> None:
    url, script = fake_server(ok)
    push(small_store(), PushOptions(url, protocol="update", update_path="/caveat/update"))
    posts = [s for s in script.seen if s.method == "POST"]
    assert [p.path for p in posts] == ["/caveat/update", "/caveat/update"]
    assert posts[0].headers["Content-Type"].startswith("application/sparql-update")
    text = posts[0].body.decode()
    graph = f"<{document_graph('d1')}>"
    assert text.startswith(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n")
    assert text.endswith("} }\n") and '"quote \\" and\\nnewline"' in text
    assert posts[1].body.decode().startswith("DROP SILENT DEFAULT ;\nINSERT DATA {\n")
