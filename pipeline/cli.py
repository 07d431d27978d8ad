"""The ``caveat`` command line: a thin layer over pipeline.run / query / store."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from . import query as queries
from .config import Settings
from .errors import CaveatError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Caveat: news about weapons-use policy -> an RDF knowledge graph.")
err = Console(stderr=True)

STORE_HELP = "store directory (default: $CAVEAT_STORE or .caveat/store)"


def _settings(store: Optional[Path], model: Optional[str] = None) -> Settings:
    return Settings.from_env(model=model, store=store)


def _fail(exc: CaveatError) -> None:
    """Print what went wrong and what to do, and exit with the error's own code."""
    err.print(f"[red]error:[/red] {exc.message}", markup=True, highlight=False)
    if exc.hint:
        err.print(f"  hint: {exc.hint}", highlight=False)
    raise typer.Exit(exc.exit_code if exc.exit_code not in (0, 1) else 2)


@app.command()
def run(inputs: list[Path] = typer.Argument(..., help="directories, .txt or .jsonl files"),
        store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP),
        export: Optional[Path] = typer.Option(None, "--export", help="also write the graph (.trig, .ttl, .nq, .jsonld)"),
        model: Optional[str] = typer.Option(None, "--model", help="spaCy model (default: $CAVEAT_MODEL or the pinned one)"),
        batch_size: int = typer.Option(16, "--batch-size", min=1),
        workers: int = typer.Option(1, "--workers", min=1, help="extraction processes"),
        engine: str = typer.Option("local", "--engine", help="local | dask"),
        scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (with --engine dask)"),
        shards: Optional[Path] = typer.Option(None, "--shards", help="write the document graphs as N-Quads shards in this "
                                              "directory (shared with the workers on a cluster) and load them from there"),
        keep_answers: bool = typer.Option(True, "--keep-answers/--no-keep-answers",
                                          help="bring the kept answers up to date at the end, so that the "
                                               "next `caveat ask --format json|csv` reads them instead of "
                                               "evaluating (costs about what evaluating the facts the run "
                                               "touched costs)"),
        quiet: bool = typer.Option(False, "--quiet", "-q")):
    """Build or extend the graph from articles.

    Exit status: 0 every document loaded; 1 partial (some documents quarantined or
    rejected, or a manifest unusable: see STORE/run-report.json); 2 the run could not
    start or had to stop (bad path, store locked, no model ...); 130 interrupted.
    """
    from .run import REPORT_NAME
    from .run import run as run_job
    s = _settings(store, model)
    err.print(f"store: {s.store}")
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      console=err, disable=quiet, transient=True) as bar:
            tasks: dict[str, int] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=total)
                bar.update(tasks[stage], completed=done)

            report = run_job(inputs, s.store, model=s.model, export=export,
                             batch_size=batch_size, progress=progress, workers=workers,
                             engine=engine, scheduler=scheduler, shards=shards,
                             keep_answers=keep_answers)
    except CaveatError as exc:
        # Like _fail, but always exit 2: for `run`, 1 means "partial", so every
        # error that stops a run (bad path, store locked, no model) is 2.
        err.print(f"[red]error:[/red] {exc.message}", markup=True, highlight=False, soft_wrap=True)
        if exc.hint:
            err.print(f"  hint: {exc.hint}", highlight=False, soft_wrap=True)
        if getattr(exc, "run_report", None):  # the run had started: what it did is recorded
            err.print(f"run report: {exc.run_report}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    except KeyboardInterrupt:
        err.print("interrupted: documents stored so far are kept; run again to finish "
                  f"(run report: {Path(s.store) / REPORT_NAME})", highlight=False, soft_wrap=True)
        raise typer.Exit(130) from None
    except Exception as exc:  # a bug: say so, keep the traceback, and exit 2 (not 1 = partial)
        import traceback
        traceback.print_exc()
        err.print(f"[red]internal error:[/red] {type(exc).__name__}: {exc}", markup=True, highlight=False,
                  soft_wrap=True)
        err.print("  hint: this is a bug in Caveat, please report it"
                  + (f"; the run report {exc.run_report} lists what was stored"
                     if getattr(exc, "run_report", None) else ""), highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    c = report.counts
    err.print(f"documents: {c['documents']} read: {c['loaded']} loaded, {c['quarantined']} quarantined, "
              f"{c['rejected']} rejected", highlight=False, soft_wrap=True)
    err.print("facts: " + ", ".join(f"{v} {k}" for k, v in report.facts.items()),
              highlight=False, soft_wrap=True)
    for d in report.documents:
        if d.outcome != "loaded":
            err.print(f"  {d.outcome}: {d.origin or d.id}: {d.reason}", highlight=False, soft_wrap=True)
            if d.hint:
                err.print(f"    hint: {d.hint}", highlight=False, soft_wrap=True)
    for e in report.input_errors:
        err.print(f"  not used: {e['origin']}: {e['reason']}", highlight=False, soft_wrap=True)
        if e.get("hint"):
            err.print(f"    hint: {e['hint']}", highlight=False, soft_wrap=True)
    for d in report.documents:
        for note in d.notes:
            err.print(f"  note: {d.origin}: {note}", highlight=False, soft_wrap=True)
    for note in report.notes:
        err.print(f"  note: {note}", highlight=False, soft_wrap=True)
    if export:
        err.print(f"exported: {export}")
    err.print(f"run report: {Path(s.store) / REPORT_NAME}", highlight=False, soft_wrap=True)
    err.print(f"status: {report.status} (exit {report.exit_code})", highlight=False, soft_wrap=True)
    raise typer.Exit(report.exit_code)


@app.command()
def ask(name: str = typer.Argument(..., help="question name: " + ", ".join(queries.QUESTIONS)),
        store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP),
        fmt: str = typer.Option("table", "--format", help="json | csv | table"),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="YYYY-MM-DD, for restrictions-in-force"),
        limit: Optional[str] = typer.Option(None, "--limit", metavar="N",
                                            help="answer for N facts (keys) only, with all their rows"),
        offset: Optional[str] = typer.Option(None, "--offset", metavar="M",
                                             help="skip the first M facts in key order (with --limit: a page)")):
    """Answer a competency question (all of it, or a page of facts with --limit/--offset)."""
    from .paging import parse_count
    from .store import Store
    s = _settings(store)
    if fmt not in (*queries.RENDERED_FORMATS, "table"):
        _fail(CaveatError(f"unknown format {fmt!r}", hint="use json, csv or table"))
    try:
        date = queries.parse_date(as_of) if as_of else None
        page_size = parse_count(limit, "--limit", 1)
        skip = parse_count(offset, "--offset", 0) or 0
        with Store.open(s.store, read_only=True) as st:
            # kept by `caveat run` or saved on disk for the next `caveat ask` while the
            # store is unchanged; the table is drawn from the same JSON answer
            if fmt == "table":
                answer = queries.table(st, name, as_of=date, limit=page_size, offset=skip)
            else:
                answer = queries.rendered(st, name, fmt, as_of=date, limit=page_size, offset=skip)
    except CaveatError as exc:
        _fail(exc)
    facts, shown = answer.facts, answer.shown
    rows = len(answer.rows) if isinstance(answer, queries.Table) else answer.rows
    if facts is not None:
        last = skip + (page_size or facts)
        err.print(f"page: candidate facts {skip + 1}-{min(last, facts)} of {facts:,} in key "
                  f"order; {shown} with answers ({rows} rows)"
                  + (f"; next page: --offset {last}" if last < facts else ""),
                  highlight=False, soft_wrap=True)
    if isinstance(answer, queries.Table):
        Console(width=None if sys.stdout.isatty() else 160).print(_table(name, answer))
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(answer.data)
        sys.stdout.buffer.flush()


@app.command()
def warm(store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP),
         fmt: str = typer.Option("json", "--format", help="json | csv")):
    """Answer every question now and save the answers: later `caveat ask --format FMT` read them back.

    Only needed where `caveat run` did not keep the answers up to date (a run that
    stopped early, a store loaded by other means): answers it kept are reported as such.
    """
    from .errors import StoreError
    from .store import Store
    s = _settings(store)
    sources = set()

    def told(name: str, answer, seconds: float) -> None:
        sources.add(answer.source)
        how = "kept up to date by `caveat run`" if answer.source == "kept" else f"{seconds:.1f} s"
        err.print(f"{name}: {answer.rows:,} rows, {how}", highlight=False)
    try:
        with Store.open(s.store, read_only=True) as st:
            if not st.saves_to_disk:
                raise StoreError(f"the store {s.store} changed while it was opened: nothing can be saved",
                                 hint="a run is writing to it; run `caveat warm` again when it has finished")
            queries.save_answers(st, fmt, progress=told)
    except CaveatError as exc:
        _fail(exc)
    if sources - {"kept"}:
        err.print(f"saved in {Path(s.store) / 'caveat-answers'} until the store changes", highlight=False,
                  soft_wrap=True)


def _table(name: str, answer: queries.Table) -> Table:
    """One line per answer (rows grouped by their key), quotes left to --format json."""
    key = answer.variables[0]
    groups: dict[str, dict[str, list[str]]] = {}
    for row in answer.rows:
        g = groups.setdefault(row.get(key, ""), {})
        for v in answer.variables:
            value = _short(row.get(v))
            if value and value not in g.setdefault(v, []):
                g[v].append(value)
    cols = [v for v in answer.variables if v != "quote" and any(g.get(v) for g in groups.values())]
    table = Table(title=queries.question(queries.available()[name]), show_lines=True)
    for v in cols:
        table.add_column(v, overflow="fold")
    for g in groups.values():
        table.add_row(*("; ".join(g.get(v, [])) for v in cols))
    return table


def _short(value: str | None) -> str:
    if value is None:
        return ""
    text = value
    if text.startswith("https://w3id.org/caveat/id/"):
        text = text.rsplit("/", 1)[-1][:12]
    return text


@app.command()
def export(store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP),
           fmt: str = typer.Option("trig", "--format", help="turtle | trig | nquads | ntriples | jsonld"),
           out: Path = typer.Option(..., "-o", "--output", help="file to write")):
    """Export the graph for other RDF tools and graph databases."""
    from .store import Store
    s = _settings(store)
    try:
        with Store.open(s.store, read_only=True) as st, open(out, "wb") as fh:
            st.export(fmt, fh)
    except CaveatError as exc:
        _fail(exc)
    err.print(f"wrote {out} ({fmt})")


@app.command()
def validate(store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP)):
    """SHACL-validate every document graph in the store; report quarantined data."""
    from .graph import iri
    from .store import Store
    from .validate.shacl import validate_graph
    s = _settings(store)
    failures = 0
    try:
        with Store.open(s.store, read_only=True) as st:
            graphs = st.graphs()
            docs = [g for g in graphs if str(g).startswith(str(iri.document_graph("")))]
            quarantined = [g for g in graphs if str(g).startswith(str(iri.quarantine_graph("")))]
            for g in docs:
                result = validate_graph(st.graph_triples(g))
                if not result.conforms:
                    failures += 1
                    err.print(f"[red]violations[/red] in {g}:\n{result.text}")
    except CaveatError as exc:
        _fail(exc)
    err.print(f"{len(docs)} document graphs validated, {failures} with violations; "
              f"{len(quarantined)} quarantine graphs")
    raise typer.Exit(1 if failures else 0)


@app.command()
def check(store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP)):
    """OWL consistency of the stored graph with the ontology (HermiT via owlready2)."""
    from rdflib import Graph

    from .store import Store
    from .validate.owl import check_consistency
    s = _settings(store)
    try:
        with Store.open(s.store, read_only=True) as st:
            g = Graph()
            for graph in st.dataset().values():
                g += graph
        result = check_consistency(g)
    except CaveatError as exc:
        _fail(exc)
    if result.consistent:
        err.print(f"consistent ({result.seconds:.1f} s)")
        raise typer.Exit(0)
    err.print(f"[red]inconsistent[/red]: {result.explanation}")
    raise typer.Exit(1)


def _register_extensions() -> None:
    """Commands that live with their stage: push/serve (store), the HTML report."""
    from .report.commands import register as register_report
    from .store.commands import register as register_store_commands
    register_store_commands(app)
    register_report(app)


_register_extensions()

if __name__ == "__main__":
    app()
