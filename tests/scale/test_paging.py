"""Paged answers (``ask(..., limit=N, offset=M)``, ``caveat ask --limit/--offset``).

For every question, on a synthetic graph (facts reported many times) and on
the seed graph: the pages, concatenated, are the full answer (as a multiset of
rows, values compared as concat.py says);
every page holds whole facts (each fact's rows are exactly its rows in the full
answer) and at most N of them; the facts of successive pages are in key order.
Bad page sizes and offsets are QueryErrors with a hint, exit code 4 in the CLI.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rdflib import Literal, URIRef

from pipeline import paging
from pipeline import query as Q
from pipeline.errors import QueryError
from pipeline.graph import iri
from pipeline.graph.mapper import document_graph
from pipeline.run import merged_graph, ontology_graph
from pipeline.store import Store

from .concat import UNORDERED, unordered, value

ROOT = Path(__file__).resolve().parents[2]
AS_OF = [None, dt.date(2023, 6, 1), dt.date(2024, 6, 1)]
CASES = [(name, None) for name in Q.QUESTIONS] + [("restrictions-in-force", d) for d in AS_OF[1:]]
IDS = [f"{n}@{d}" if d else n for n, d in CASES]


def _fill(st_: Store, docs: int) -> Store:
    import synth
    st_.replace_graph(iri.ONTOLOGY_GRAPH, ontology_graph())
    for x in synth.synthetic_extractions(docs):
        st_.replace_graph(iri.document_graph(x.document.id), document_graph(x))
    st_.replace_graph(iri.MERGED_GRAPH, merged_graph(st_))
    return st_


@pytest.fixture(scope="module")
def synthetic_store():
    return _fill(Store.in_memory(), 40)


def _norm(term, column: str = "", columns: frozenset = frozenset()) -> tuple | None:
    if term is None:
        return None
    text = value(str(term), column, columns)
    return (type(term).__name__, text,
            str(getattr(term, "datatype", None) or ""), getattr(term, "language", None) or "")


def _row(result, row) -> tuple:
    columns = unordered(result.variables)
    return tuple(_norm(row.get(v), str(v), columns) for v in result.variables)


def _by_fact(result) -> dict:
    key = result.variables[0]
    out: dict = {}
    for row in result.rows:
        out.setdefault(row[key], Counter())[_row(result, row)] += 1
    return out


def _pages(store: Store, name: str, as_of, size: int):
    offset, pages = 0, []
    while True:
        page = Q.ask(store, name, as_of=as_of, limit=size, offset=offset)
        pages.append(page)
        offset += size
        if offset >= page.facts:
            return pages


def _order_seq(result, key, variables) -> list[tuple]:
    """The ORDER BY values of one fact's rows, in the order the result gives them."""
    return [tuple(row.get(v) for v in variables) for row in result.rows
            if row[result.variables[0]] == key]


def _check_pages(store: Store, name: str, as_of, sizes) -> None:
    full = Q.ask(store, name, as_of=as_of)
    order_vars = paging.paged_form(Q.load(name)).order
    assert full.facts is None
    full_facts = _by_fact(full)
    assert full_facts, f"{name}: the test graph must answer the question"
    for size in sizes:
        pages = _pages(store, name, as_of, size)
        total = pages[0].facts
        assert len(pages) == -(-total // size)  # ceil: one page per `size` candidates
        assert total >= len(full_facts)
        seen = Counter()
        previous_last = None
        for page in pages:
            assert page.variables == full.variables
            assert page.facts == total
            facts = _by_fact(page)
            assert len(facts) <= size
            keys = [page.rows[i][page.variables[0]] for i in range(len(page.rows))]
            # rows are grouped by fact, facts in key order, and after the previous page's
            order = list(dict.fromkeys(keys))
            assert order == sorted(order, key=str)
            assert len(order) == len(facts)
            if order and previous_last is not None:
                assert str(order[0]) > str(previous_last)
            if order:
                previous_last = order[-1]
            for key, rows in facts.items():  # whole facts: exactly their rows in the full answer
                assert rows == full_facts[key], f"{name}: fact {key} cut or changed by paging"
                # and in the question's order (the page may be sorted in Python: paging.order_key)
                assert _order_seq(page, key, order_vars) == _order_seq(full, key, order_vars), name
            for row in page.rows:
                seen[_row(page, row)] += 1
        expected = Counter()
        for rows in full_facts.values():
            expected.update(rows)
        assert seen == expected, f"{name}, pages of {size}: the pages are not the full answer"


def _sizes(store: Store, name: str, as_of) -> list[int]:
    total = Q.ask(store, name, as_of=as_of, limit=1).facts
    odd = next(n for n in range(7, total + 8) if total % n)  # does not divide the count
    return [1, 3, odd, total, total + 5]


@pytest.mark.parametrize(("name", "as_of"), CASES, ids=IDS)
def test_pages_are_the_full_answer_synthetic(synthetic_store, name, as_of):
    _check_pages(synthetic_store, name, as_of, _sizes(synthetic_store, name, as_of))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.sampled_from(CASES), limit=st.integers(1, 60), offset=st.integers(0, 400))
def test_a_page_is_the_slice_of_facts_in_key_order(synthetic_store, case, limit, offset):
    name, as_of = case
    full = _by_fact(Q.ask(synthetic_store, name, as_of=as_of))
    form = paging.paged_form(Q.load(name))
    candidates, total = synthetic_store.ordered_values(form.key_query, form.key)
    assert candidates == sorted(candidates, key=str) and len(set(candidates)) == len(candidates) == total
    assert set(full) <= set(candidates)  # every fact of the answer can be paged to
    page = Q.ask(synthetic_store, name, as_of=as_of, limit=limit, offset=offset)
    window = [k for k in candidates[offset:offset + limit] if k in full]
    key = page.variables[0]
    assert list(dict.fromkeys(row[key] for row in page.rows)) == window
    got = _by_fact(page)
    for k in window:
        assert got[k] == full[k]


@pytest.mark.parametrize(("name", "as_of"), CASES, ids=IDS)
def test_cached_key_lists_give_the_same_pages(synthetic_store, name, as_of):
    """Later pages reuse the sorted candidate list (Store.ordered_values); same rows as cold."""
    synthetic_store.forget_cached()
    cached = [_by_fact(p) for p in _pages(synthetic_store, name, as_of, 7)]
    cold = []
    offset = 0
    while True:
        synthetic_store.forget_cached()
        page = Q.ask(synthetic_store, name, as_of=as_of, limit=7, offset=offset)
        cold.append(_by_fact(page))
        offset += 7
        if offset >= page.facts:
            break
    assert cached == cold


def test_a_write_changes_the_next_page(tmp_path):
    """A writable store drops its cached key lists on every write: new facts are paged to."""
    import synth
    st_ = _fill(Store.open(tmp_path / "store"), 6)
    try:
        before = Q.ask(st_, "permissions", limit=1000)
        assert before.facts == Q.ask(st_, "permissions", limit=1).facts  # from the cache
        for x in synth.synthetic_extractions(3, start=100):
            st_.replace_graph(iri.document_graph(x.document.id), document_graph(x))
        after = Q.ask(st_, "permissions", limit=1000)
        full = Q.ask(st_, "permissions")
        assert after.facts > before.facts
        assert Counter(_row(after, r) for r in after.rows) == Counter(_row(full, r) for r in full.rows)
    finally:
        st_.close()


def test_offset_past_the_end_is_an_empty_page(synthetic_store):
    page = Q.ask(synthetic_store, "permissions", limit=10, offset=10_000)
    assert page.rows == [] and page.facts > 0
    assert page.variables == Q.ask(synthetic_store, "permissions").variables


def test_the_default_answer_is_not_paged(synthetic_store):
    full = Q.ask(synthetic_store, "timeline")
    assert full.facts is None
    # an offset alone pages from that fact to the end
    rest = Q.ask(synthetic_store, "timeline", offset=1)
    first = Q.ask(synthetic_store, "timeline", limit=1)  # (a candidate may have no rows)
    assert rest.facts is not None and 0 < len(rest.rows) == len(full.rows) - len(first.rows)


@pytest.mark.parametrize(("name", "as_of"), CASES, ids=IDS)
def test_full_answers_sorted_here_are_in_the_stores_order(synthetic_store, name, as_of):
    """ask() sorts a full answer in Python (query.ask_all): the store's ORDER BY gives the same."""
    xsd_date = URIRef("http://www.w3.org/2001/XMLSchema#date")
    bindings = {} if as_of is None else {"asOf": Literal(as_of.isoformat(), datatype=xsd_date)}
    form = paging.paged_form(Q.load(name))
    assert form.order, f"{name}: its ORDER BY should be sortable here"
    here = Q.ask(synthetic_store, name, as_of=as_of)
    store = synthetic_store.query(Q.load(name), bindings)
    assert [tuple(r.get(v) for v in form.order) for r in here.rows] == \
        [tuple(r.get(v) for v in form.order) for r in store.rows]
    assert Counter(_row(here, r) for r in here.rows) == Counter(_row(store, r) for r in store.rows)


@pytest.mark.parametrize(("name", "as_of"), CASES, ids=IDS)
def test_a_page_run_in_parts_is_the_page_run_whole(synthetic_store, name, as_of, monkeypatch):
    """query._page_parts: the page's keys in parts evaluated at once give the same rows, same order."""
    monkeypatch.setattr(Q, "MIN_PART_KEYS", 1)
    pages = {}
    for threads in ("1", "3"):
        monkeypatch.setenv("CAVEAT_QUERY_THREADS", threads)
        synthetic_store.forget_cached()  # a remembered page would come back without running
        pages[threads] = [Q.ask(synthetic_store, name, as_of=as_of, limit=7, offset=offset)
                          for offset in (0, 7, 21)]
    for whole, parts in zip(pages["1"], pages["3"]):
        assert whole.variables == parts.variables and whole.facts == parts.facts
        assert [_row(whole, r) for r in whole.rows] == [_row(parts, r) for r in parts.rows]


def test_query_threads_setting(monkeypatch):
    monkeypatch.setenv("CAVEAT_QUERY_THREADS", "3")
    assert Q.query_threads() == 3
    monkeypatch.delenv("CAVEAT_QUERY_THREADS")
    assert 1 <= Q.query_threads() <= 4
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv("CAVEAT_QUERY_THREADS", bad)
        with pytest.raises(QueryError) as info:
            Q.query_threads()
        assert "CAVEAT_QUERY_THREADS" in info.value.message and info.value.hint


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (-1, 0), (5, -1), (True, 0), ("5", 0), (2.5, 0), (5, None)])
def test_bad_limit_or_offset_is_a_query_error(synthetic_store, limit, offset):
    with pytest.raises(QueryError) as err:
        Q.ask(synthetic_store, "permissions", limit=limit, offset=offset)
    assert err.value.hint and ("--limit" in err.value.hint or "--offset" in err.value.hint)


# --------------------------------------------------------------------------- CLI

@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("paging") / "store"
    st_ = Store.open(path)
    try:
        _fill(st_, 12)
    finally:
        st_.close()
    return path


def _canon(rows: list[dict], name: str) -> list[str]:
    """JSON result rows of question ``name`` as a sorted list (values as concat.py compares them)."""
    out = []
    columns = UNORDERED.get(name, frozenset())
    for row in rows:
        row = {v: {**t, "value": value(t["value"], v, columns)} for v, t in row.items()}
        out.append(json.dumps(row, sort_keys=True))
    return sorted(out)


def _cli(args):
    from pipeline.cli import app
    return CliRunner().invoke(app, ["ask", *args])


@pytest.mark.parametrize("args", [["--limit", "0"], ["--limit", "-3"], ["--limit", "ten"],
                                  ["--limit", "5", "--offset", "-1"], ["--offset", "x"],
                                  ["--limit", "1.5"], ["--limit", "5); DROP"]])
def test_cli_rejects_bad_page_options_with_a_hint(disk_store, args):
    result = _cli(["permissions", "--store", str(disk_store), *args])
    assert result.exit_code == QueryError.exit_code == 4, result.output
    assert "hint:" in result.output


def test_cli_pages_json(disk_store):
    full = _cli(["timeline", "--store", str(disk_store), "--format", "json"])
    assert full.exit_code == 0, full.output
    full_rows = json.loads(full.stdout)["results"]["bindings"]
    got = []
    offset = 0
    while True:
        res = _cli(["timeline", "--store", str(disk_store), "--format", "json",
                    "--limit", "4", "--offset", str(offset)])
        assert res.exit_code == 0, res.output
        bindings = json.loads(res.stdout)["results"]["bindings"]
        if not bindings and offset > 0 and "next page" not in res.stderr:
            break
        got.extend(bindings)
        offset += 4
        if "next page" not in res.stderr:
            break
    assert _canon(got, "timeline") == _canon(full_rows, "timeline")


def test_cli_as_of_with_paging(disk_store):
    args = ["restrictions-in-force", "--store", str(disk_store), "--format", "json", "--as-of", "2024-06-01"]
    full = json.loads(_cli(args).stdout)["results"]["bindings"]
    first = _cli([*args, "--limit", "1000"])
    assert first.exit_code == 0, first.output
    assert _canon(json.loads(first.stdout)["results"]["bindings"], "restrictions-in-force") == _canon(full, "restrictions-in-force")


# --------------------------------------------------------------------------- answers kept

@pytest.mark.parametrize(("name", "as_of"), CASES, ids=IDS)
def test_a_remembered_answer_is_the_answer(synthetic_store, name, as_of, monkeypatch):
    """Asked again of the same store, ask() returns what it computed (not re-run), as a copy."""
    synthetic_store.forget_cached()
    for limit, offset in ((None, 0), (7, 7)):
        first = Q.ask(synthetic_store, name, as_of=as_of, limit=limit, offset=offset)
        expected = [_row(first, r) for r in first.rows]
        first.rows.reverse()
        with monkeypatch.context() as m:
            m.setattr(Q, "ask_all", lambda *a: pytest.fail("asked again"))
            m.setattr(Q, "ask_page", lambda *a: pytest.fail("asked again"))
            again = Q.ask(synthetic_store, name, as_of=as_of, limit=limit, offset=offset)
        assert [_row(again, r) for r in again.rows] == expected and again.facts == first.facts


def _no_asking(monkeypatch):
    monkeypatch.setattr(Q, "ask", lambda *a, **k: pytest.fail("asked again, not read from disk"))


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_rendered_answers_are_saved_for_the_next_read_only_open(disk_store, fmt, monkeypatch):
    for name, as_of, limit, offset in (("timeline", None, None, 0), ("permissions", None, 3, 3),
                                       ("restrictions-in-force", dt.date(2024, 6, 1), None, 0)):
        with Store.open(disk_store, read_only=True) as st_:
            st_.forget_cached(saved=True)
            first = Q.rendered(st_, name, fmt, as_of=as_of, limit=limit, offset=offset)
            assert first.data == Q.render(Q.ask(st_, name, as_of=as_of, limit=limit, offset=offset), fmt)
        with monkeypatch.context() as m, Store.open(disk_store, read_only=True) as st_:
            _no_asking(m)
            again = Q.rendered(st_, name, fmt, as_of=as_of, limit=limit, offset=offset)
            assert (again.data, again.rows, again.shown, again.facts) == (
                first.data, first.rows, first.shown, first.facts)
            assert (first.source, again.source) == ("evaluated", "saved")
        assert first.rows > 0 and (first.facts is None) == (limit is None and offset == 0)


def test_a_saved_answer_is_per_question_format_date_page_and_version(disk_store, monkeypatch):
    with Store.open(disk_store, read_only=True) as st_:
        st_.forget_cached(saved=True)
        base = Q.rendered(st_, "restrictions-in-force", "json")
        others = [Q.rendered(st_, "restrictions-in-force", "csv"),
                  Q.rendered(st_, "restrictions-in-force", "json", as_of=dt.date(2023, 6, 1)),
                  Q.rendered(st_, "restrictions-in-force", "json", limit=1),
                  Q.rendered(st_, "permissions", "json")]
        assert all(o.data != base.data for o in others)
        monkeypatch.setattr(Q, "__version__", "another release")
        calls = []
        real = Q.ask
        monkeypatch.setattr(Q, "ask", lambda *a, **k: calls.append(1) or real(*a, **k))
        assert Q.rendered(st_, "restrictions-in-force", "json") == base
        assert calls == [1]


def test_a_write_makes_the_saved_answer_stale(tmp_path):
    import synth
    path = tmp_path / "store"
    _fill(Store.open(path), 4).close()
    with Store.open(path, read_only=True) as st_:
        before = Q.rendered(st_, "permissions", "json")
    with Store.open(path) as w:
        for x in synth.synthetic_extractions(3, start=100):
            w.replace_graph(iri.document_graph(x.document.id), document_graph(x))
    with Store.open(path, read_only=True) as st_:
        after = Q.rendered(st_, "permissions", "json")
        assert after.rows > before.rows
        assert after.data == Q.render(Q.ask(st_, "permissions"), "json")


def test_rendered_rejects_an_unknown_format(synthetic_store):
    with pytest.raises(QueryError) as info:
        Q.rendered(synthetic_store, "timeline", "xml")
    assert "json" in info.value.hint


def test_cli_answers_the_same_from_a_saved_answer(disk_store, monkeypatch):
    args = ["permissions", "--store", str(disk_store), "--format", "json", "--limit", "2", "--offset", "1"]
    with Store.open(disk_store, read_only=True) as st_:
        st_.forget_cached(saved=True)
    first = _cli(args)
    assert first.exit_code == 0, first.output
    _no_asking(monkeypatch)
    second = _cli(args)
    assert second.exit_code == 0, second.output
    assert second.stdout == first.stdout and second.stderr == first.stderr and "page:" in first.stderr
    bad = _cli(["permissions", "--store", str(disk_store), "--format", "xml"])
    assert bad.exit_code == 2 and "hint:" in bad.output


def test_cli_warm_saves_every_answer(disk_store, monkeypatch):
    from pipeline.cli import app
    with Store.open(disk_store, read_only=True) as st_:
        st_.forget_cached(saved=True)
        expected = {name: _canon(Q.ask(st_, name).to_sparql_json()["results"]["bindings"], name)
                    for name in Q.QUESTIONS}
    warmed = CliRunner().invoke(app, ["warm", "--store", str(disk_store)])
    assert warmed.exit_code == 0, warmed.output
    assert all(f"{name}: " in warmed.stderr for name in Q.QUESTIONS)
    _no_asking(monkeypatch)
    for name in Q.QUESTIONS:
        res = _cli([name, "--store", str(disk_store), "--format", "json"])
        assert res.exit_code == 0, res.output
        # the same rows (GROUP_CONCAT's order may differ from one evaluation to the next)
        assert _canon(json.loads(res.stdout)["results"]["bindings"], name) == expected[name]
    missing = CliRunner().invoke(app, ["warm", "--store", str(disk_store.parent / "none")])
    assert missing.exit_code != 0 and "hint:" in missing.output


def test_cli_warm_says_when_a_writer_changed_the_store_while_it_opened(disk_store, monkeypatch):
    from pipeline.cli import app
    from pipeline.store import oxigraph_store
    moving = iter(range(1000))
    monkeypatch.setattr(oxigraph_store, "_fingerprint", lambda path: str(next(moving)))  # files changing
    res = CliRunner().invoke(app, ["warm", "--store", str(disk_store)])
    assert res.exit_code != 0 and "nothing can be saved" in res.output and "hint:" in res.output


# --------------------------------------------------------------------------- seeds

@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    from pipeline.run import run
    path = tmp_path_factory.mktemp("seeds") / "store"
    run([ROOT / "seeds"], path)
    st_ = Store.open(path, read_only=True)
    yield st_
    st_.close()


@pytest.mark.model
@pytest.mark.parametrize(("name", "as_of"), CASES, ids=IDS)
def test_pages_are_the_full_answer_seeds(seeds_store, name, as_of):
    _check_pages(seeds_store, name, as_of, _sizes(seeds_store, name, as_of))


@pytest.mark.parametrize("name", [n for n in Q.QUESTIONS
                                  if "GROUP_CONCAT" in Q.load(n) and n not in UNORDERED])
def test_joined_values_are_listed_in_order(synthetic_store, name):
    """A question that joins values (weapons, areas, purposes) lists them in order, so that
    two evaluations of the same data (a page, the full answer, kept rows) give the same text."""
    result = Q.ask(synthetic_store, name)
    joined = [str(row[v]) for row in result.rows for v in result.variables
              if str(v) in ("weapon", "scope", "purpose") and row.get(v) is not None
              and "; " in str(row[v])]
    assert joined, f"{name}: the test graph must join some values"
    for text in joined:
        assert text.split("; ") == sorted(text.split("; ")), text
