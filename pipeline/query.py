"""The competency questions: load ``queries/*.rq``, bind parameters, run them.

Parameters are passed as RDF terms and bound by the store (SPARQL
substitution), never formatted into the query text. ``limit``/``offset`` ask
for a page of facts (pipeline/paging.py): the page's keys are chosen first,
then the question is answered for those keys only.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rdflib import XSD, Literal

from . import __version__, paging
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


def read_query(path: Path, what: str, hint: str) -> str:
    """The text of the query file ``path`` (every ``queries/`` file is read through here);
    a missing or unreadable one is a QueryError naming ``what`` it is, with ``hint``."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"cannot read {what} {path}: {exc}", hint=hint) from exc


def load(name: str) -> str:
    queries = available()
    if name not in queries:
        raise QueryError(f"no query named {name!r}",
                         hint="choose one of: " + ", ".join(queries))
    return read_query(queries[name], "the query", "check the file's permissions")


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise QueryError(f"not a date: {value!r}", hint="give the date as YYYY-MM-DD") from exc


def ask(store: Store, name: str, as_of: dt.date | None = None,
        limit: int | None = None, offset: int = 0) -> QueryResult:
    """The answer to question ``name``; with ``limit``/``offset``, one page of it.

    A page holds the rows of the facts (keys, the first column) at positions
    ``offset`` .. ``offset + limit - 1`` of the question's candidate keys in key
    order, every row of each, rows grouped by key in key order. Concatenated,
    the pages are the full answer (see pipeline/paging.py).
    """
    limit, offset = paging.check_page(limit, offset)
    text = load(name)
    bindings = {}
    if as_of is not None:
        if "?asOf" not in text:
            raise QueryError(f"the query {name!r} takes no as-of date",
                             hint="use --as-of with restrictions-in-force")
        bindings["asOf"] = Literal(as_of.isoformat(), datatype=XSD.date)
    key = ("ask", text, tuple(sorted(bindings.items())), limit, offset)
    if limit is None and offset == 0:
        return store.remembered(key, lambda: ask_all(store, text, bindings))
    return store.remembered(key, lambda: ask_page(store, text, bindings, limit, offset))


#: Formats ``rendered`` writes (the table is for a terminal, and is drawn each time).
RENDERED_FORMATS = ("json", "csv")


@dataclass(frozen=True)
class Rendered:
    """An answer written out: ``data`` as `caveat ask --format` prints it, and its counts."""

    data: bytes
    rows: int
    #: facts with rows (distinct keys)
    shown: int
    #: for a page: how many candidate facts the whole question has (see QueryResult.facts)
    facts: int | None
    #: where it came from: "kept" (rows a run kept up to date, pipeline/answers.py),
    #: "saved" (an earlier read-only open of the same files) or "evaluated"
    source: str = "evaluated"


def render(result: QueryResult, fmt: str) -> bytes:
    """``result`` as SPARQL 1.1 Query Results JSON or CSV, UTF-8."""
    if fmt == "json":
        return (json.dumps(result.to_sparql_json(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if fmt == "csv":
        out = io.StringIO(newline="")
        result.to_csv(out)
        return out.getvalue().encode("utf-8")
    raise QueryError(f"unknown format {fmt!r}", hint="use " + " or ".join(RENDERED_FORMATS))


def rendered(store: Store, name: str, fmt: str, as_of: dt.date | None = None,
             limit: int | None = None, offset: int = 0) -> Rendered:
    """The answer to question ``name`` (or a page of it) rendered as ``fmt``.

    A read-only store saves the rendered answer on disk with the fingerprint
    of its database files, and a later read-only open of the same files (the
    next `caveat ask`, a new process) reads it back instead of asking again.
    The saved answer's key holds the query text, its parameters, the format
    and Caveat's version: a changed query file or a new release asks again.
    """
    if fmt not in RENDERED_FORMATS:
        raise QueryError(f"unknown format {fmt!r}", hint="use " + " or ".join(RENDERED_FORMATS))
    limit, offset = paging.check_page(limit, offset)
    if as_of is None:  # kept by the last run for the newest information only
        from .answers import kept_answer, kept_page  # (answers builds on this module)
        kept = (kept_answer(store, name, fmt) if limit is None and offset == 0
                else kept_page(store, name, fmt, limit, offset))
        if kept is not None:
            data, rows = kept
            return Rendered(data, rows=rows.rows, shown=rows.facts, facts=rows.keys, source="kept")
    key = ("rendered", __version__, fmt, load(name), as_of, limit, offset)
    saved = store.saved_answer(key)
    if saved is not None:
        meta, data = saved
        try:
            return Rendered(data, rows=int(meta["rows"]), shown=int(meta["shown"]),
                            facts=None if meta["facts"] is None else int(meta["facts"]), source="saved")
        except (KeyError, TypeError, ValueError):
            pass  # damaged: asked again and saved over
    result = ask(store, name, as_of=as_of, limit=limit, offset=offset)
    data = render(result, fmt)
    out = Rendered(data, rows=len(result.rows), facts=result.facts,
                   shown=len({str(row.get(result.variables[0])) for row in result.rows}))
    store.save_answer(key, {"rows": out.rows, "shown": out.shown, "facts": out.facts}, data)
    return out


@dataclass(frozen=True)
class Table:
    """An answer for a terminal table (`caveat ask --format table`): each row's values
    as plain strings (an IRI, a literal's lexical form), and the counts ``Rendered`` has."""

    variables: list[str]
    rows: list[dict[str, str]]
    shown: int
    facts: int | None
    source: str


def table(store: Store, name: str, as_of: dt.date | None = None,
          limit: int | None = None, offset: int = 0) -> Table:
    """The answer to ``name`` (or a page of it) for a table: read from the JSON answer that
    ``rendered`` gives, so that the table too comes from the kept or saved rows when it can
    instead of evaluating the question each time."""
    answer = rendered(store, name, "json", as_of=as_of, limit=limit, offset=offset)
    data = json.loads(answer.data)
    rows = [{var: term["value"] for var, term in binding.items()} for binding in data["results"]["bindings"]]
    return Table(list(data["head"]["vars"]), rows, shown=answer.shown, facts=answer.facts, source=answer.source)


_FORMS: dict[str, paging.PagedForm] = {}


def _form(text: str) -> paging.PagedForm:
    form = _FORMS.get(text)
    if form is None:
        form = _FORMS[text] = paging.paged_form(text)
    return form


def ask_all(store: Store, text: str, bindings: dict) -> QueryResult:
    """The full answer to the SELECT query ``text``, sorted in Python where it can be.

    As for pages (``ask_page``): a final ORDER BY of plain projected variables
    is left out of the query and the rows are sorted here, unless some value is
    one only the store can order. A query without a key block runs as it is.
    """
    if paging.KEYS_BEGIN not in text or not _form(text).order:
        return store.query(text, bindings)
    form = _form(text)
    result = store.query(form.full_query(ordered=False), bindings)
    rows = _sorted_here(result.rows, form.order)
    if rows is None:  # rare (numbers, language strings): the query runs again, ordered
        return store.query(text, bindings)
    result.rows = rows
    return result


def ask_page(store: Store, text: str, bindings: dict, limit: int | None, offset: int) -> QueryResult:
    """One page of the answer to the SELECT query ``text`` (which has a key block)."""
    limit, offset = paging.check_page(limit, offset)
    form = _form(text)
    page, total = store.ordered_values(form.key_query, form.key, paging.bindings_for(form, bindings),
                                       offset=offset, limit=limit)
    keys = paging.render_keys(page)
    position = {k: i for i, k in enumerate(page)}

    def fact(row: dict) -> int:  # rows grouped by fact, facts in key order
        return position.get(row[form.key], len(page))
    result = None
    if form.order:  # sort here what Python can sort as SPARQL does (see paging.order_key)
        result = _page_parts(store, form, keys, bindings, ordered=False)
        rows = _sorted_here(result.rows, form.order, fact)
        if rows is None:
            result = None
        else:
            result.rows = rows
    if result is None:  # each fact's rows come from one part, in the store's order
        result = _page_parts(store, form, keys, bindings, ordered=True)
        result.rows.sort(key=fact)
    result.facts = total
    return result


def _sorted_here(rows: list[dict], variables: tuple, group=None) -> list[dict] | None:
    """``rows`` by ``group(row)`` (if given), then by ORDER BY ``variables``; None if Python cannot."""
    order = _order_keys(rows, variables)
    if order is None:
        return None
    pairs = zip(order, rows)
    ordered = (sorted(pairs, key=lambda pair: pair[0]) if group is None
               else sorted(pairs, key=lambda pair: (group(pair[1]), pair[0])))
    return [row for _, row in ordered]


#: Keys per part of a page, at least: a smaller part costs more than it saves.
MIN_PART_KEYS = 8
_POOL: tuple[int, ThreadPoolExecutor] | None = None  # (its size, the pool)


def query_threads() -> int:
    """Threads that evaluate the parts of one page at once: $CAVEAT_QUERY_THREADS, else the CPUs (at most 4)."""
    value = os.environ.get("CAVEAT_QUERY_THREADS")
    if value is None:
        return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                          else os.cpu_count() or 1))
    count = paging.parse_count(value, "CAVEAT_QUERY_THREADS", 1)
    assert count is not None
    return count


def _page_parts(store: Store, form: paging.PagedForm, keys: list[str], bindings: dict,
                ordered: bool) -> QueryResult:
    """The page query for ``keys``, run as one query per part of the keys, the parts at once.

    A fact's rows depend on its key alone (the page's VALUES restrict every group
    that holds the key, paging.py), so the parts' rows together are the page's
    rows. pyoxigraph releases the GIL while it evaluates, so the parts run on
    separate cores: a page of 100 facts at 1M triples takes about half the time
    on two. Keys are dealt out in turn (k0, k2, ... / k1, k3, ...), so that a
    run of big facts is shared out too.
    """
    threads = query_threads()
    n = max(1, min(threads, len(keys) // MIN_PART_KEYS))
    if n == 1:
        return store.query(form.page_query(keys, ordered), bindings)
    global _POOL
    if _POOL is None or _POOL[0] < n:
        _POOL = (n, ThreadPoolExecutor(max_workers=n, thread_name_prefix="caveat-query"))
    parts = [keys[i::n] for i in range(n)]
    results = list(_POOL[1].map(lambda part: store.query(form.page_query(part, ordered), bindings),
                                parts))
    merged = results[0]
    merged.rows = [row for r in results for row in r.rows]
    return merged


def _order_keys(rows: list[dict], variables: tuple) -> list[tuple] | None:
    """Each row's ORDER BY key, or None if some value's order is the store's to say."""
    out = []
    literal_kind: list = [None] * len(variables)  # strings or dates: one kind per variable
    memo: dict = {}  # answers repeat values (a fact's label on each of its rows)
    for row in rows:
        key = []
        for i, v in enumerate(variables):
            term = row.get(v)
            k = memo.get(term)
            if k is None:
                k = memo[term] = paging.order_key(term)
                if k is None:
                    return None
            if k[0] >= 3:
                if literal_kind[i] is None:
                    literal_kind[i] = k[0]
                elif literal_kind[i] != k[0]:
                    return None
            key.append(k)
        out.append(tuple(key))
    return out


def save_answers(store: Store, fmt: str = "json", progress=None) -> dict[str, Rendered]:
    """Answer every competency question in ``fmt`` now, so that a read-only store
    saves each answer for the next `caveat ask` (``rendered``).

    ``progress(name, rendered, seconds)`` is told of each answer as it is done.
    """
    out = {}
    for name in QUESTIONS:
        t0 = time.perf_counter()
        out[name] = rendered(store, name, fmt)
        if progress is not None:
            progress(name, out[name], time.perf_counter() - t0)
    return out
