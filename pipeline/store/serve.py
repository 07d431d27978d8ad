"""A read-only SPARQL endpoint over the local store (SPARQL 1.1 Protocol, query only).

``GET /query?query=...``, ``POST /query`` with ``application/sparql-query``
or a form (``query=...``) run :meth:`Store.query`: the default graph is the
union of the non-quarantine graphs, exactly what ``caveat ask`` sees.
``/sparql`` and ``/`` answer the same way. Results by ``Accept``:

* SELECT: SPARQL JSON (default), CSV, TSV, XML;
* ASK: SPARQL JSON (default) or XML;
* CONSTRUCT/DESCRIBE: N-Triples (default), Turtle, RDF/XML, JSON-LD.

Read-only: an update (``application/sparql-update``, a form with
``update=``, any request to ``/update`` or ``/store``) is refused with 403;
PUT, DELETE and PATCH with 405. A request naming its own dataset
(``default-graph-uri``/``named-graph-uri``) is refused with 400: the dataset
is fixed.

The store is opened read-only (no lock: ``caveat run`` can write meanwhile).
A read-only open is a snapshot, so when ``run-report.json`` in the store
directory changes (``caveat run`` writes it last) the store is reopened for
the next requests; requests already running finish on the old snapshot.

Binds to 127.0.0.1 by default: it has no authentication. Stdlib only
(``ThreadingHTTPServer``); :func:`serve` stops cleanly on Ctrl-C or SIGTERM.
"""
from __future__ import annotations

import io
import json
import re
import signal
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import CaveatError, QueryError
from .oxigraph_store import QueryResult, Store
from .terms import XSD_STRING, to_ox

QUERY_PATHS = ("/query", "/sparql", "/")
UPDATE_PATHS = ("/update", "/store")
MAX_BODY = 1 << 20  # a query, not a data upload
STAMP_FILE = "run-report.json"

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
SELECT_TYPES = (JSON, "application/json", XML, "application/xml", CSV, TSV)
ASK_TYPES = (JSON, "application/json", XML, "application/xml")
GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}

Log = Callable[[str], None]


class ServeError(CaveatError):
    """The endpoint cannot start (address in use, bad host, no store)."""

    exit_code = 8


class _HttpError(Exception):
    def __init__(self, status: HTTPStatus, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# --------------------------------------------------------------------------- the store behind it

class StoreSource:
    """Hands out the store to query: a fixed one, or a directory reopened when it changes."""

    def __init__(self, store: Store | None = None, path: Path | None = None) -> None:
        if (store is None) == (path is None):
            raise TypeError("give exactly one of store= or path=")
        self._fixed = store
        self.path = Path(path) if path is not None else None
        self._current: Store | None = None
        self._stamp: int | None = None
        self._lock = threading.Lock()
        if self.path is not None:
            self._reopen()

    def _read_stamp(self) -> int | None:
        assert self.path is not None
        try:
            return (self.path / STAMP_FILE).stat().st_mtime_ns
        except OSError:
            return None

    def _reopen(self) -> None:
        assert self.path is not None
        # Stamp first, then open: a run finishing in between changes the stamp
        # again, so the next request reopens rather than missing it.
        stamp = self._read_stamp()
        store = Store.open(self.path, read_only=True)
        # The old store is not closed: requests running on it finish first,
        # and it closes when the last reference goes.
        self._current, self._stamp = store, stamp

    def get(self) -> Store:
        if self._fixed is not None:
            return self._fixed
        with self._lock:
            if self._read_stamp() != self._stamp:
                self._reopen()
            assert self._current is not None
            return self._current

    def close(self) -> None:
        with self._lock:
            if self._current is not None:
                self._current.close()
                self._current = None


# --------------------------------------------------------------------------- content negotiation

def _accepted(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for equal q)."""
    if not header:
        return [("*/*", 1.0)]
    out = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        out.append((media, q, i))
    out.sort(key=lambda m: (-m[1], m[2]))
    return [(m, q) for m, q, _ in out]


def negotiate(accept: str | None, offered: tuple[str, ...] | list[str]) -> str | None:
    """The first of ``offered`` (the default first) that ``accept`` takes, or None."""
    for media, q in _accepted(accept):
        if q <= 0:
            continue
        if media == "*/*":
            return offered[0]
        if media.endswith("/*"):
            for o in offered:
                if o.startswith(media[:-1]):
                    return o
        elif media in offered:
            return media
    return None


# --------------------------------------------------------------------------- result writers

def _nt(term: Node) -> str:
    """A term in N-Triples/SPARQL syntax, escaped by Oxigraph."""
    return str(to_ox(term))


def results_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: terms in SPARQL syntax, tabs and newlines escaped."""
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.rows:
        cells = []
        for v in result.variables:
            term = row.get(v)
            # Oxigraph escapes \n \r " \\ but leaves tabs, which TSV must not hold raw.
            cells.append("" if term is None else _nt(term).replace("\t", "\\t"))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


# Characters XML 1.0 cannot carry at all, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def results_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format.

    Raises 406 if a term holds a character XML 1.0 cannot represent (most
    C0 control characters): JSON can, so the client is told to ask for it.
    """
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.boolean is not None:
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            for v in result.variables:
                term = row.get(v)
                if term is not None:
                    out.append(f"<binding name={quoteattr(v)}>{_xml_term(term)}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>\n")
    return "\n".join(out)


def _xml_term(term: Node) -> str:
    if _NOT_XML.search(str(term)):
        raise _HttpError(HTTPStatus.NOT_ACCEPTABLE,
                         "the result holds control characters that XML 1.0 cannot carry: "
                         "ask for application/sparql-results+json instead")
    if isinstance(term, URIRef):
        return f"<uri>{xml_escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{xml_escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype is not None and str(term.datatype) != XSD_STRING:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    # A raw CR would be normalised away by every XML parser: write it as a reference.
    return f"<literal{attrs}>{xml_escape(str(term), {chr(13): '&#13;'})}</literal>"


def render(result: QueryResult, accept: str | None) -> tuple[str, bytes]:
    """(Content-Type, body) for ``result`` as ``accept`` asks; raises 406 if it cannot."""
    if result.graph is not None:
        media = negotiate(accept, list(GRAPH_TYPES))
        if media is None:
            raise _HttpError(HTTPStatus.NOT_ACCEPTABLE,
                             "a CONSTRUCT/DESCRIBE result is RDF: accept one of " + ", ".join(GRAPH_TYPES))
        buf = io.BytesIO()
        triples = (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in result.graph)
        ox.serialize(triples, buf, GRAPH_TYPES[media])
        return _with_charset(media), buf.getvalue()
    offered = ASK_TYPES if result.boolean is not None else SELECT_TYPES
    media = negotiate(accept, offered)
    if media is None:
        raise _HttpError(HTTPStatus.NOT_ACCEPTABLE, "accept one of " + ", ".join(offered))
    if media in (JSON, "application/json"):
        text = json.dumps(result.to_sparql_json(), ensure_ascii=False)
    elif media in (XML, "application/xml"):
        text = results_xml(result)
    elif media == CSV:
        s = io.StringIO()
        result.to_csv(s)
        text = s.getvalue()
    else:
        text = results_tsv(result)
    return _with_charset(media), text.encode("utf-8")


def _with_charset(media: str) -> str:
    return media if media in (JSON, "application/json", "application/ld+json") else media + "; charset=utf-8"


# --------------------------------------------------------------------------- HTTP

class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"
    server_version = "caveat-serve/0.1"
    #: Seconds a connection may sit idle (keep-alive, a half-sent request) before it is closed.
    timeout = 60

    # -- plumbing
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        self.server.log(f"{self.address_string()} {format % args}")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, err: _HttpError) -> None:
        self._send(err.status, (err.message + "\n").encode("utf-8"), "text/plain; charset=utf-8",
                   err.headers)

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            raise _HttpError(HTTPStatus.LENGTH_REQUIRED, "send the query with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.close_connection = True
            raise _HttpError(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
        if length > MAX_BODY:
            self.close_connection = True  # the body is not read: the connection cannot be reused
            raise _HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a query may be at most {MAX_BODY} bytes")
        return self.rfile.read(length) if length else b""

    def _dispatch(self, work: Callable[[], None]) -> None:
        try:
            work()
        except _HttpError as err:
            self._error(err)
        except QueryError as exc:
            self._error(_HttpError(HTTPStatus.BAD_REQUEST, exc.full()))
        except CaveatError as exc:
            self._error(_HttpError(HTTPStatus.INTERNAL_SERVER_ERROR, exc.full()))
        except Exception:  # a bug: log it, answer 500, keep serving
            self.server.log("internal error:\n" + traceback.format_exc())
            self.close_connection = True
            self._error(_HttpError(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error (see the server log)"))

    # -- methods
    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._dispatch(self._get)

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch(self._head)

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch(self._post)

    def _refuse_method(self) -> None:
        self._body_discard()
        self._error(_HttpError(HTTPStatus.METHOD_NOT_ALLOWED, "read-only endpoint: only GET and POST queries",
                               {"Allow": "GET, HEAD, POST"}))

    do_PUT = do_DELETE = do_PATCH = _refuse_method  # noqa: N815

    def _body_discard(self) -> None:
        try:
            self._body()
        except _HttpError:
            pass

    def _head(self) -> None:
        path = urlsplit(self.path).path
        if path not in QUERY_PATHS:
            raise _HttpError(HTTPStatus.NOT_FOUND, "not found")
        self._send(HTTPStatus.OK, b"", "text/plain; charset=utf-8")

    def _get(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path in UPDATE_PATHS or "update" in params:
            raise _read_only()
        if url.path not in QUERY_PATHS:
            raise _HttpError(HTTPStatus.NOT_FOUND, f"not found: use {QUERY_PATHS[0]}?query=...")
        if "query" not in params:
            if url.path == "/" or not params:
                self._send(HTTPStatus.OK, _HELP.encode("utf-8"), "text/plain; charset=utf-8")
                return
            raise _HttpError(HTTPStatus.BAD_REQUEST, "missing the query parameter")
        self._answer(params)

    def _post(self) -> None:
        url = urlsplit(self.path)
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        body = self._body()
        if url.path in UPDATE_PATHS or ctype == "application/sparql-update":
            raise _read_only()
        if url.path not in QUERY_PATHS:
            raise _HttpError(HTTPStatus.NOT_FOUND, f"not found: POST queries to {QUERY_PATHS[0]}")
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-query":
            if "query" in params:
                raise _HttpError(HTTPStatus.BAD_REQUEST, "the query is in the body: no query= parameter")
            params["query"] = [_text(body)]
        elif ctype == "application/x-www-form-urlencoded":
            form = parse_qs(_text(body), keep_blank_values=True)
            if "update" in form:
                raise _read_only()
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        else:
            raise _HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                             "POST a query as application/sparql-query or application/x-www-form-urlencoded")
        if "query" not in params:
            raise _HttpError(HTTPStatus.BAD_REQUEST, "missing the query parameter")
        self._answer(params)

    def _answer(self, params: dict[str, list[str]]) -> None:
        if len(params["query"]) != 1:
            raise _HttpError(HTTPStatus.BAD_REQUEST, "give exactly one query")
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise _HttpError(HTTPStatus.BAD_REQUEST,
                             "this endpoint's dataset is fixed (the default graph is the union of the "
                             "document graphs): remove default-graph-uri/named-graph-uri, or use GRAPH")
        store, text = self.server.source.get(), params["query"][0]
        # A dashboard asks the same queries again: kept until the store is reopened.
        result = store.remembered(("sparql", text), lambda: store.query(text))
        ctype, body = render(result, self.headers.get("Accept"))
        self._send(HTTPStatus.OK, body, ctype)


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise _HttpError(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from None


def _read_only() -> _HttpError:
    return _HttpError(HTTPStatus.FORBIDDEN,
                      "read-only endpoint: SPARQL updates are refused (change the graph with `caveat run`)")


_HELP = """Caveat read-only SPARQL endpoint (SPARQL 1.1 Protocol, query operation).
  GET  /query?query=...                       (URL-encoded)
  POST /query  Content-Type: application/sparql-query
  POST /query  Content-Type: application/x-www-form-urlencoded  (query=...)
Accept: application/sparql-results+json (default), text/csv, text/tab-separated-values,
        application/sparql-results+xml; CONSTRUCT: application/n-triples (default), text/turtle.
The default graph is the union of the document graphs (quarantine excluded).
"""


class SparqlServer(ThreadingHTTPServer):
    """The endpoint. ``port=0`` picks a free port (see :attr:`url`)."""

    # Ctrl-C stops a read-only endpoint at once: closing does not wait for the threads of
    # requests still open (a client holding a connection would keep it waiting).
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, source: StoreSource, host: str = "127.0.0.1", port: int = 7878,
                 log: Log | None = None) -> None:
        self.source = source
        self.log = log or (lambda _msg: None)
        try:
            super().__init__((host, port), _Handler)
        except OSError as exc:
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                             hint="pick another --port (or stop the program using it), "
                                  "and a --host this machine has") from None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}"

    @property
    def query_url(self) -> str:
        return self.url + QUERY_PATHS[0]

    def start(self) -> None:
        """Serve in a background thread (for tests and embedding)."""
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="caveat-serve", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, close the socket and the store."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
            self._thread = None
        self.server_close()
        self.source.close()

    def __enter__(self) -> SparqlServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@contextmanager
def running(store: Store, host: str = "127.0.0.1", port: int = 0) -> Iterator[SparqlServer]:
    """A server over ``store`` in a background thread, stopped on exit (tests)."""
    server = SparqlServer(StoreSource(store=store), host, port)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def serve(store_path: Path, host: str = "127.0.0.1", port: int = 7878, *,
          log: Log | None = None, ready: Callable[[SparqlServer], None] | None = None) -> None:
    """Serve ``store_path`` until Ctrl-C or SIGTERM, then shut down cleanly."""
    source = StoreSource(path=store_path)
    try:
        server = SparqlServer(source, host, port, log=log)
    except BaseException:
        source.close()
        raise

    def on_sigterm(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        if ready is not None:
            ready(server)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        source.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


__all__ = ["ServeError", "SparqlServer", "StoreSource", "negotiate", "render", "running", "serve"]
