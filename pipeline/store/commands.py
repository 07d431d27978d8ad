"""The ``caveat push``, ``serve`` and ``optimize`` commands; ``register(app)`` adds them to the CLI."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from ..config import Settings
from ..errors import CaveatError

STORE_HELP = "store directory (default: $CAVEAT_STORE or .caveat/store)"

err = Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(exc: CaveatError) -> None:
    err.print(f"[red]error:[/red] {exc.message}", markup=True)
    if exc.hint:
        err.print(f"hint: {exc.hint}", markup=False)
    raise typer.Exit(exc.exit_code)


def push(endpoint: str = typer.Option(..., "--endpoint",
                                      help="server base URL, e.g. http://127.0.0.1:7878 (no credentials in it)"),
         store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP),
         graph_base: Optional[str] = typer.Option(
             None, "--graph-base", help="name the graphs under this IRI instead of "
                                        "https://w3id.org/caveat/id/graph/ (doc/ID, merged, ontology follow it)"),
         auth_env: Optional[str] = typer.Option(
             None, "--auth-env", help="environment variable holding 'user:password' (Basic) or "
                                      "'Bearer TOKEN'; without it, ~/.netrc is used if it has the host"),
         protocol: str = typer.Option("gsp", "--protocol",
                                      help="gsp (Graph Store Protocol PUT per graph) | update (SPARQL Update)"),
         gsp_path: str = typer.Option("/store", "--gsp-path",
                                      help="Graph Store Protocol path: Oxigraph /store, Fuseki /DATASET/data, "
                                           "GraphDB /repositories/REPO/rdf-graphs/service"),
         update_path: str = typer.Option("/update", "--update-path",
                                         help="SPARQL Update path (--protocol update): Oxigraph /update, "
                                              "Fuseki /DATASET/update, GraphDB /repositories/REPO/statements"),
         union_default: bool = typer.Option(
             True, "--union-default/--no-union-default",
             help="also replace the server's default graph with the union of the pushed graphs, so queries "
                  "without GRAPH answer as `caveat ask` does (off for servers whose default graph is "
                  "already the union, or that other data shares)"),
         media_type: str = typer.Option("application/n-triples", "--media-type",
                                        help="body type for --protocol gsp: application/n-triples | "
                                             "text/turtle (the body is N-Triples, valid Turtle too)"),
         timeout: float = typer.Option(60.0, "--timeout", min=0.1, help="seconds per network operation"),
         retries: int = typer.Option(4, "--retries", min=0,
                                     help="extra attempts on 5xx/429/connection errors (exponential backoff)"),
         quiet: bool = typer.Option(False, "--quiet", "-q", help="print the summary only")):
    """Push every graph of the store to a SPARQL server (replacing, never duplicating)."""
    from .oxigraph_store import Store
    from .push import PushOptions
    from .push import push as push_store
    s = Settings.from_env(store=store)
    options = PushOptions(endpoint=endpoint, gsp_path=gsp_path, update_path=update_path,
                          protocol=protocol, graph_base=graph_base, union_default=union_default,
                          auth_env=auth_env, media_type=media_type, timeout=timeout, retries=retries)
    def log(msg: str) -> None:
        if not quiet or msg.startswith("warning:"):
            err.print(msg, markup=False)

    try:
        with Store.open(s.store, read_only=True) as st:
            report = push_store(st, options, log=log)
    except CaveatError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        err.print("interrupted: the server may hold some graphs old and some new; push again",
                  markup=False)
        raise typer.Exit(130) from None
    err.print(f"pushed {len(report.graphs)} graphs, {report.triples} triples "
              f"({report.bytes} bytes) to {endpoint} in {report.seconds:.1f} s", markup=False)


def serve(host: str = typer.Option("127.0.0.1", "--host", help="address to listen on (no authentication: "
                                                               "keep it on loopback)"),
          port: int = typer.Option(7878, "--port", min=0, max=65535),
          store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP),
          quiet: bool = typer.Option(False, "--quiet", "-q", help="do not log requests")):
    """Serve the store as a read-only SPARQL endpoint (SPARQL 1.1 Protocol) until Ctrl-C."""
    from .serve import serve as serve_store
    s = Settings.from_env(store=store)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: listening on {host}: anyone who can reach it can read the whole graph",
                  markup=False)

    def ready(server) -> None:
        err.print(f"SPARQL endpoint: {server.query_url} (store {s.store}; read-only; Ctrl-C to stop)",
                  markup=False)

    log = None if quiet else (lambda msg: err.print(msg, markup=False))
    try:
        serve_store(s.store, host, port, log=log, ready=ready)
    except CaveatError as exc:
        _fail(exc)
    err.print("stopped", markup=False)


def optimize(store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP)):
    """Compact the store's database so that queries read fewer files (after big loads)."""
    import time

    from ..errors import StoreError
    from .oxigraph_store import Store
    s = Settings.from_env(store=store)
    try:
        if not Path(s.store).is_dir():
            raise StoreError(f"there is no store at {s.store}",
                             hint="build one first with `caveat run DIR --store STORE`, or check --store")
        t = time.monotonic()
        with Store.open(s.store) as st:
            st.optimize()
    except CaveatError as exc:
        _fail(exc)
    err.print(f"optimized {s.store} in {time.monotonic() - t:.1f} s", markup=False)


def register(app: typer.Typer) -> None:
    """Add ``push``, ``serve`` and ``optimize`` to the ``caveat`` Typer app."""
    app.command("push")(push)
    app.command("serve")(serve)
    app.command("optimize")(optimize)


__all__ = ["optimize", "push", "register", "serve"]
