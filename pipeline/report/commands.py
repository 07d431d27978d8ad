"""The ``caveat report`` command: ``register(app)`` adds it to a Typer app."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from ..config import Settings
from ..errors import CaveatError, InputError

STORE_HELP = "store directory (default: $CAVEAT_STORE or .caveat/store)"

err = Console(stderr=True)


def write_report(store_path: Path, out: Path, *, as_of: dt.date | None = None,
                 title: str | None = None) -> dict[str, int]:
    """Build the HTML report of the store at ``store_path`` into ``out``; returns counts.

    The store is opened read-only (a running ``caveat run`` is not disturbed);
    ``run-report.json`` beside it, when present, adds per-document outcomes.
    The file is written whole or not at all (temporary file, then rename).
    """
    from ..store import Store
    from .build import build_report, load_run_report
    from .render import render_html

    store_path = Path(store_path)
    with Store.open(store_path, read_only=True) as store:
        report = build_report(
            store, as_of=as_of, run_report=load_run_report(store_path), store_label=str(store_path),
            generated=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    page = render_html(report, **({"title": title} if title else {}))
    out = Path(out)
    if out.is_dir():
        raise InputError(f"{out} is a directory", hint="give a file name for --out, e.g. report.html")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")  # same directory: rename is atomic
        try:
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(page)
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise InputError(f"cannot write the report to {out}: {exc}",
                         hint="check that the directory exists and is writable") from exc
    return {"restrictions": len(report.restrictions), "permissions": len(report.permissions),
            "changes": len(report.changes), "advocacy": len(report.advocacy),
            "documents": len(report.documents), "problems": len(report.problems)}


def register(app: typer.Typer) -> None:
    """Add the ``report`` command to ``app``."""

    @app.command("report")
    def report(
        out: Path = typer.Option(..., "--out", "-o", help="HTML file to write (e.g. report.html)"),
        as_of: Optional[str] = typer.Option(None, "--as-of",
                                            help="YYYY-MM-DD: the state of the rules on that day"),
        store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP),
        title: Optional[str] = typer.Option(None, "--title", help="page title"),
    ) -> None:
        """Write a self-contained HTML report: rules in force, permissions, changes, advocacy,
        timeline, graph pictures and the corpus, with the quotes behind every fact."""
        from ..query import parse_date
        settings = Settings.from_env(store=store)
        try:
            date = parse_date(as_of) if as_of else None
            counts = write_report(settings.store, out, as_of=date, title=title)
        except CaveatError as exc:
            err.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
            if exc.hint:
                err.print(f"hint: {exc.hint}", markup=False, highlight=False)
            raise typer.Exit(2) from None
        err.print(f"wrote {out}: {counts['restrictions']} restrictions in force, "
                  f"{counts['permissions']} permissions, {counts['changes']} changes, "
                  f"{counts['advocacy']} advocates, {counts['documents']} documents, "
                  f"{counts['problems']} quarantined or rejected", highlight=False)
