"""Push the local store to a SPARQL server over the standard protocols.

One HTTP request per graph: every non-quarantine named graph of the store
(one per document, the merged graph, the ontology graph) and, unless told
otherwise, the store's default graph (the set union of those graphs, which is
what ``caveat ask`` queries). Each request *replaces* its graph on the
server, so pushing again never duplicates anything:

* ``gsp`` (default): SPARQL 1.1 Graph Store HTTP Protocol, ``PUT
  GSP?graph=IRI`` (``PUT GSP?default`` for the union), body N-Triples.
  Oxigraph server: ``/store``; Apache Jena Fuseki: ``/DATASET/data``;
  GraphDB: ``/repositories/REPO/rdf-graphs/service``; Virtuoso:
  ``/sparql-graph-crud``.
* ``update``: SPARQL 1.1 Update, ``POST UPDATE`` with ``DROP SILENT GRAPH
  <g> ; INSERT DATA { GRAPH <g> { ... } }`` (for servers whose GSP is off or
  missing). N-Triples terms are valid SPARQL terms, so the body is the same
  stream with a prefix and a suffix. Most servers run one update request as
  one transaction.

Bodies are streamed (chunked transfer encoding) straight from the store, in
64 KiB chunks: nothing builds a string of a whole graph.

Credentials never come from the command line: ``--auth-env VAR`` names an
environment variable holding ``user:password`` (HTTP Basic) or ``Bearer
TOKEN``; otherwise ``~/.netrc`` (or ``$NETRC``) is consulted for the host.
An endpoint URL with ``user:password@`` in it is refused. The header value is
never printed.

Failures: connection errors, timeouts, 5xx and 429 are retried with
exponential backoff (bounded: ``retries`` extra attempts, each wait capped),
then raise :class:`ServerUnavailableError`; any other 4xx raises
:class:`ServerRejectedError` at once, naming the status and the first 300
characters of the server's answer; 401/403 raise :class:`PushAuthError`.
Before the first body is sent, a ``HEAD`` request checks reachability and
credentials, so a refused login is reported as such rather than as a reset
connection halfway through an upload. PUT and DROP+INSERT are idempotent,
which is what makes retrying them safe.

Uses only the standard library (``http.client``); proxies from the
environment are not used.
"""
from __future__ import annotations

import base64
import http.client
import ipaddress
import netrc
import os
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
from rdflib import URIRef

from ..errors import CaveatError
from ..graph.namespace import DATA
from .oxigraph_store import QUARANTINE_PREFIX, Store

#: Local graph names are rewritten from under this prefix by ``graph_base``.
LOCAL_GRAPH_BASE = str(DATA["graph/"])

PROTOCOLS = ("gsp", "update")
BODY_MEDIA_TYPES = ("application/n-triples", "text/turtle")  # N-Triples is valid Turtle
CHUNK_BYTES = 64 * 1024
ERROR_BODY_CHARS = 300
USER_AGENT = "caveat-push/0.1"

Log = Callable[[str], None]


# --------------------------------------------------------------------------- errors

class PushError(CaveatError):
    """The store could not be pushed to the SPARQL server."""

    exit_code = 7


class PushConfigError(PushError):
    """The push was asked for in a way that cannot work (bad URL, missing credentials)."""

    exit_code = 2


class PushAuthError(PushError):
    """The server refused the credentials (401/403)."""

    exit_code = 77  # EX_NOPERM

    def __init__(self, message: str, hint: str = "", status: int = 0, body: str = "") -> None:
        super().__init__(message, hint)
        self.status = status
        self.body = body


class ServerRejectedError(PushError):
    """The server answered a request with a 4xx status (not retried)."""

    def __init__(self, message: str, hint: str = "", status: int = 0, body: str = "") -> None:
        super().__init__(message, hint)
        self.status = status
        self.body = body


class ServerUnavailableError(PushError):
    """The server kept failing (5xx, 429, connection errors) after every retry."""

    exit_code = 75  # EX_TEMPFAIL: retrying later is the fix

    def __init__(self, message: str, hint: str = "", attempts: int = 0) -> None:
        super().__init__(message, hint)
        self.attempts = attempts


# --------------------------------------------------------------------------- options and report

@dataclass(frozen=True)
class PushOptions:
    """Where and how to push. ``endpoint`` is the server's base URL."""

    endpoint: str
    gsp_path: str = "/store"
    update_path: str = "/update"
    protocol: str = "gsp"
    graph_base: str | None = None
    union_default: bool = True
    auth_env: str | None = None
    media_type: str = "application/n-triples"
    timeout: float = 60.0
    retries: int = 4
    backoff: float = 0.5
    max_backoff: float = 30.0


@dataclass
class GraphPushed:
    """One graph sent: local name (None: the default graph), remote name, size, HTTP outcome."""

    local: str | None
    remote: str | None
    triples: int
    bytes: int
    status: int
    attempts: int


@dataclass
class PushReport:
    endpoint: str
    protocol: str
    graphs: list[GraphPushed] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)

    @property
    def bytes(self) -> int:
        return sum(g.bytes for g in self.graphs)


# --------------------------------------------------------------------------- credentials

def authorization(endpoint: str, auth_env: str | None = None, *,
                  environ: Mapping[str, str] | None = None) -> str | None:
    """The ``Authorization`` header value for ``endpoint``, or None for no credentials.

    ``auth_env`` names an environment variable holding ``user:password``
    (Basic) or ``Bearer TOKEN``. Without it, the netrc file (``$NETRC`` or
    ``~/.netrc``) is consulted for the endpoint's host name.
    """
    env = os.environ if environ is None else environ
    if auth_env:
        raw = env.get(auth_env)
        if raw is None or not raw.strip():
            raise PushConfigError(
                f"the environment variable {auth_env} named by --auth-env is not set or empty",
                hint=f"export {auth_env}='user:password' (Basic) or {auth_env}='Bearer TOKEN'")
        value = raw.strip()
        if value[:7].lower() == "bearer ":
            token = value[7:].strip()
            if not token or any(c.isspace() for c in token):
                raise PushConfigError(f"the bearer token in {auth_env} is empty or contains spaces",
                                      hint=f"set {auth_env} to 'Bearer TOKEN'")
            return f"Bearer {token}"
        if ":" not in value:
            # Never echo the value: it is a secret.
            raise PushConfigError(f"cannot read credentials from {auth_env}",
                                  hint=f"set {auth_env} to 'user:password' (Basic) or 'Bearer TOKEN'")
        return _basic(value)
    host = urlsplit(endpoint).hostname
    return _netrc_authorization(host, env) if host else None


def _basic(user_password: str) -> str:
    return "Basic " + base64.b64encode(user_password.encode("utf-8")).decode("ascii")


def _netrc_authorization(host: str, env: Mapping[str, str]) -> str | None:
    explicit = env.get("NETRC")
    path = Path(explicit).expanduser() if explicit else Path.home() / ".netrc"
    if not path.is_file():
        return None
    try:
        # No argument for the default file: the standard library then refuses a
        # ~/.netrc with a password that other users can read.
        entries = netrc.netrc(str(path)) if explicit else netrc.netrc()
    except netrc.NetrcParseError as exc:
        # exc.msg may quote a token of the file: name the place only.
        raise PushConfigError(f"cannot read the netrc file {exc.filename or path} (line {exc.lineno})",
                              hint="fix the file (machine HOST login USER password PASS), or chmod 600 "
                                   "it if it is readable by others; or use --auth-env") from None
    except OSError as exc:
        raise PushConfigError(f"cannot read the netrc file {path}: {exc.strerror}",
                              hint="make it readable by you, or use --auth-env") from None
    found = entries.authenticators(host)
    if not found:
        return None
    login, _account, password = found
    return _basic(f"{login}:{password or ''}")


# --------------------------------------------------------------------------- graph names and bodies

def remote_graph_name(local: str, graph_base: str | None) -> str:
    """The graph's name on the server: ``local`` with ``LOCAL_GRAPH_BASE`` swapped for ``graph_base``."""
    if graph_base and local.startswith(LOCAL_GRAPH_BASE):
        return graph_base + local[len(LOCAL_GRAPH_BASE):]
    return local


def _check_graph_base(graph_base: str | None) -> str | None:
    if not graph_base:
        return None
    if graph_base[-1] not in "/#:":
        graph_base += "/"
    try:
        ox.NamedNode(graph_base + "x")
    except ValueError as exc:
        raise PushConfigError(f"--graph-base {graph_base!r} is not an absolute IRI: {exc}",
                              hint="give an IRI such as https://example.org/graphs/") from None
    return graph_base


def graphs_to_push(store: Store) -> list[str]:
    """Names of the store's named graphs to push: every IRI-named one but quarantine, sorted."""
    return [str(g) for g in store.graphs()
            if isinstance(g, URIRef) and not str(g).startswith(QUARANTINE_PREFIX)]


def _quads(store: Store, graph: str | None) -> Iterator[ox.Quad]:
    # Store has no public per-graph streaming reader; graph_triples() builds an
    # rdflib graph in memory. Same package, so the private handle is used here.
    name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    return store._db().quads_for_pattern(None, None, None, name)  # noqa: SLF001


class _Counter:
    """Counts what a body generator sent (the last attempt wins)."""

    def __init__(self) -> None:
        self.triples = 0
        self.bytes = 0


def ntriples_chunks(quads: Iterable[ox.Quad], counter: _Counter | None = None,
                    prefix: bytes = b"", suffix: bytes = b"") -> Iterator[bytes]:
    """N-Triples lines of ``quads`` in chunks of about ``CHUNK_BYTES``.

    ``str()`` of an Oxigraph term is its N-Triples form (IRIs validated,
    quotes, backslashes and line breaks escaped), which is also SPARQL syntax.
    """
    c = counter or _Counter()
    c.triples = c.bytes = 0
    buf: list[bytes] = [prefix] if prefix else []
    size = len(prefix)
    for q in quads:
        line = f"{q.subject} {q.predicate} {q.object} .\n".encode("utf-8")
        buf.append(line)
        size += len(line)
        c.triples += 1
        if size >= CHUNK_BYTES:
            c.bytes += size
            yield b"".join(buf)
            buf, size = [], 0
    if suffix:
        buf.append(suffix)
        size += len(suffix)
    c.bytes += size
    if buf:
        yield b"".join(buf)


# --------------------------------------------------------------------------- HTTP

@dataclass
class Response:
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes


class HttpClient:
    """A small HTTP/1.1 client over ``http.client``: keep-alive, timeouts, bounded retries."""

    def __init__(self, base_url: str, *, authorization: str | None = None, timeout: float = 60.0,
                 retries: int = 4, backoff: float = 0.5, max_backoff: float = 30.0,
                 log: Log | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        parts = check_endpoint(base_url)
        self.scheme = parts.scheme
        self.host = parts.hostname or ""
        self.port = parts.port
        self.base_path = parts.path.rstrip("/")
        self.base_url = base_url
        self._authorization = authorization
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._log = log or (lambda _msg: None)
        self._sleep = sleep
        self._conn: http.client.HTTPConnection | None = None

    def url(self, path: str) -> str:
        return f"{self.scheme}://{urlsplit(self.base_url).netloc}{self.target(path)}"

    def target(self, path: str) -> str:
        """The request target: the endpoint's own path, then ``path``."""
        return self.base_path + "/" + path.lstrip("/")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
            self._conn = cls(self.host, self.port, timeout=self.timeout)
        return self._conn

    def _once(self, method: str, target: str, headers: dict[str, str],
              body: Iterable[bytes] | None) -> Response:
        conn = self._connection()
        try:
            if body is None:
                conn.request(method, target, headers=headers)
            else:
                try:
                    conn.request(method, target, body=body, headers=headers, encode_chunked=True)
                except (BrokenPipeError, ConnectionResetError):
                    # The server may have answered (e.g. 413, 401) and closed while
                    # we were still sending: its answer says more than the reset.
                    pass
            resp = conn.getresponse()
            data = resp.read()
        except BaseException:
            self.close()
            raise
        if resp.will_close:
            self.close()
        return Response(resp.status, resp.reason, {k.lower(): v for k, v in resp.getheaders()}, data)

    def request(self, method: str, path: str, *, headers: Mapping[str, str] | None = None,
                body: Callable[[], Iterable[bytes]] | None = None,
                what: str = "", any_status: bool = False) -> tuple[Response, int]:
        """Send a request, retrying on connection errors, 5xx and 429.

        ``body`` is a factory so that each attempt streams afresh. Returns the
        final (2xx) response and the number of attempts; raises a
        :class:`PushError` otherwise. With ``any_status``, any HTTP answer is
        returned as is (only connection errors are retried).
        """
        target = self.target(path)
        all_headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
        if self._authorization:
            all_headers["Authorization"] = self._authorization
        all_headers.update(headers or {})
        label = what or f"{method} {self.url(path)}"
        attempts = self.retries + 1
        last = ""
        for attempt in range(1, attempts + 1):
            delay: float | None = None
            try:
                try:
                    reused = self._conn is not None
                    resp = self._once(method, target, all_headers, body() if body is not None else None)
                except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                    if not reused:
                        raise
                    # A kept-alive connection the server had closed: not a failure.
                    resp = self._once(method, target, all_headers, body() if body is not None else None)
            except (OSError, http.client.HTTPException) as exc:
                last = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            else:
                if any_status or 200 <= resp.status < 300:
                    return resp, attempt
                if resp.status >= 500 or resp.status == 429:
                    last = f"{resp.status} {resp.reason}: {_snippet(resp.body)}"
                    delay = _retry_after(resp.headers.get("retry-after"))
                else:
                    raise _client_error(resp, label, self.url(path))
            if attempt == attempts:
                break
            wait = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
            wait *= 0.5 + random.random() / 2  # jitter: many clients do not retry in lockstep
            if delay is not None:
                wait = min(self.max_backoff, max(wait, delay))
            self._log(f"{label}: {last}; retry {attempt}/{self.retries} in {wait:.1f} s")
            self._sleep(wait)
        raise ServerUnavailableError(
            f"{label} failed after {attempts} attempt{'s' if attempts > 1 else ''}: {last}",
            hint="check that the server is running and reachable at the endpoint URL "
                 "(and its logs for 5xx errors); raise --retries/--timeout for a slow server",
            attempts=attempts)


def _snippet(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return " ".join(text[:ERROR_BODY_CHARS].split()) or "(empty body)"


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def _client_error(resp: Response, label: str, url: str) -> PushError:
    body = _snippet(resp.body)
    message = f"{label}: the server answered {resp.status} {resp.reason}: {body}"
    if resp.status in (401, 403):
        hint = ("the server needs valid credentials: put 'user:password' or 'Bearer TOKEN' in an "
                "environment variable and pass its name with --auth-env, or add the host to ~/.netrc")
        if resp.status == 403:
            hint = "the credentials were accepted but lack write permission on this dataset; " + hint
        return PushAuthError(message, hint=hint, status=resp.status, body=body)
    if 300 <= resp.status < 400:
        where = resp.headers.get("location", "")
        return ServerRejectedError(message, hint=f"the server redirects to {where or 'another URL'}: "
                                   "use that address in --endpoint / --gsp-path / --update-path",
                                   status=resp.status, body=body)
    hints = {
        404: f"{urlsplit(url).path} does not exist on the server: check --endpoint and --gsp-path/--update-path "
             "(Oxigraph: /store and /update; Fuseki: /DATASET/data and /DATASET/update)",
        405: "this path does not accept the method: check --gsp-path/--update-path, or try --protocol update",
        413: "the server limits request sizes: raise its limit",
        415: "the server does not read this body type: try --media-type text/turtle or --protocol update",
    }
    return ServerRejectedError(message, hint=hints.get(resp.status, "see the server's answer above"),
                               status=resp.status, body=body)


def check_endpoint(endpoint: str):
    """Parse and check an endpoint URL (http/https, a host, no credentials in it)."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PushConfigError(f"not an http(s) URL: {endpoint!r}",
                              hint="give the server's base URL, e.g. --endpoint http://127.0.0.1:7878")
    if parts.username is not None or parts.password is not None:
        raise PushConfigError("the endpoint URL contains credentials",
                              hint="remove 'user:password@' from --endpoint; put the credentials in an "
                                   "environment variable named by --auth-env, or in ~/.netrc")
    if parts.query or parts.fragment:
        raise PushConfigError(f"the endpoint URL may not have a query or fragment: {endpoint!r}",
                              hint="give the base URL only; the paths come from --gsp-path/--update-path")
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        raise PushConfigError(f"bad port in {endpoint!r}: {exc}", hint="use host:PORT with a number") from None
    return parts


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# --------------------------------------------------------------------------- push

def push(store: Store, options: PushOptions, *, log: Log | None = None,
         environ: Mapping[str, str] | None = None,
         sleep: Callable[[float], None] = time.sleep) -> PushReport:
    """Replace every non-quarantine graph of ``store`` on the server; see the module doc."""
    say = log or (lambda _msg: None)
    if options.protocol not in PROTOCOLS:
        raise PushConfigError(f"unknown protocol {options.protocol!r}", hint="use gsp or update")
    if options.media_type not in BODY_MEDIA_TYPES:
        raise PushConfigError(f"unsupported body media type {options.media_type!r}",
                              hint="use " + " or ".join(BODY_MEDIA_TYPES))
    parts = check_endpoint(options.endpoint)
    graph_base = _check_graph_base(options.graph_base)
    auth = authorization(options.endpoint, options.auth_env, environ=environ)
    if auth and parts.scheme == "http" and not _is_loopback(parts.hostname or ""):
        say(f"warning: sending credentials over plain http to {parts.hostname}; use https")
    names: list[str | None] = list(graphs_to_push(store))
    if options.union_default:
        names.append(None)
    report = PushReport(endpoint=options.endpoint, protocol=options.protocol)
    started = time.monotonic()
    with HttpClient(options.endpoint, authorization=auth, timeout=options.timeout,
                    retries=options.retries, backoff=options.backoff,
                    max_backoff=options.max_backoff, log=say, sleep=sleep) as client:
        if names:
            _preflight(client, options, remote_graph_name(names[0], graph_base) if names[0] else None)
        for local in names:
            remote = remote_graph_name(local, graph_base) if local is not None else None
            report.graphs.append(_push_graph(client, store, options, local, remote))
            g = report.graphs[-1]
            say(f"{'PUT' if options.protocol == 'gsp' else 'UPDATE'} "
                f"{'<' + remote + '>' if remote else 'default graph (union)'}: "
                f"{g.triples} triples, {g.status}")
    report.seconds = time.monotonic() - started
    return report


def _gsp_path(options: PushOptions, remote: str | None) -> str:
    sep = "&" if "?" in options.gsp_path else "?"
    return options.gsp_path + sep + ("default" if remote is None else "graph=" + quote(remote, safe=""))


def _preflight(client: HttpClient, options: PushOptions, remote: str | None) -> None:
    """HEAD the target first: a refused login fails here, before any upload.

    Only 401/403 (and unreachable servers) stop the push; servers that do not
    implement HEAD on the path answer 404/405, which is fine.
    """
    path = _gsp_path(options, remote) if options.protocol == "gsp" else options.update_path
    what = f"HEAD {client.url(path)}"
    resp, _ = client.request("HEAD", path, what=what, any_status=True)
    if resp.status in (401, 403):
        # A HEAD answer has no body; the same GET refused says why.
        again, _ = client.request("GET", path, what=f"GET {client.url(path)}", any_status=True)
        if again.status in (401, 403):
            resp = again
        raise _client_error(resp, what, client.url(path))


def _push_graph(client: HttpClient, store: Store, options: PushOptions,
                local: str | None, remote: str | None) -> GraphPushed:
    counter = _Counter()
    if options.protocol == "gsp":
        path = _gsp_path(options, remote)
        method = "PUT"
        headers = {"Content-Type": f"{options.media_type}; charset=utf-8"}

        def body() -> Iterator[bytes]:
            return ntriples_chunks(_quads(store, local), counter)
    else:
        path = options.update_path
        method = "POST"
        headers = {"Content-Type": "application/sparql-update; charset=utf-8"}
        # The IRI was validated by Oxigraph; str() gives "<iri>" with nothing to escape.
        ref = "DEFAULT" if remote is None else f"GRAPH {ox.NamedNode(remote)}"
        open_ = "INSERT DATA {\n" if remote is None else f"INSERT DATA {{ GRAPH {ox.NamedNode(remote)} {{\n"
        close = "}\n" if remote is None else "} }\n"

        def body() -> Iterator[bytes]:
            return ntriples_chunks(_quads(store, local), counter,
                                   prefix=f"DROP SILENT {ref} ;\n{open_}".encode(),
                                   suffix=close.encode())
    what = f"{method} {client.url(path)}"
    resp, attempts = client.request(method, path, headers=headers, body=body, what=what)
    return GraphPushed(local=local, remote=remote, triples=counter.triples, bytes=counter.bytes,
                       status=resp.status, attempts=attempts)


__all__ = [
    "GraphPushed",
    "HttpClient",
    "PushAuthError",
    "PushConfigError",
    "PushError",
    "PushOptions",
    "PushReport",
    "ServerRejectedError",
    "ServerUnavailableError",
    "authorization",
    "graphs_to_push",
    "push",
    "remote_graph_name",
]
