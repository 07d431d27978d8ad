"""The competency questions: load ``queries/*.rq``, bind parameters, run them.

Parameters are passed as RDF terms and bound by the store (SPARQL
substitution), never formatted into the query text.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import XSD, Literal

from .errors import QueryError
from .store import Store
from .store.oxigraph_store import QueryResult

QUERY_DIR = Path(__file__).resolve().parents[1] / "queries"
QUESTIONS = ["entities", "permissions", "restrictions-in-force", "lifted-restrictions",
             "advocates", "timeline"]


def available() -> dict[str, Path]:
    return {p.stem: p for p in sorted(QUERY_DIR.glob("*.rq"))}


def question(path: Path) -> str:
    """The question a query answers, from its header comment."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# Question:"):
            return line.split(":", 1)[1].strip()
    return ""


def load(name: str) -> str:
    queries = available()
    if name not in queries:
        raise QueryError(f"no query named {name!r}",
                         hint="choose one of: " + ", ".join(queries))
    return queries[name].read_text(encoding="utf-8")


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise QueryError(f"not a date: {value!r}", hint="give the date as YYYY-MM-DD") from exc


def ask(store: Store, name: str, as_of: dt.date | None = None) -> QueryResult:
    text = load(name)
    bindings = {}
    if as_of is not None:
        if "?asOf" not in text:
            raise QueryError(f"the query {name!r} takes no as-of date",
                             hint="use --as-of with restrictions-in-force")
        bindings["asOf"] = Literal(as_of.isoformat(), datatype=XSD.date)
    return store.query(text, bindings)
