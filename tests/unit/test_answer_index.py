"""The answer index's blocks (pipeline/store/answer_index.py): whatever the sequence of
rebuilds and per-fact updates, the blocks read back exactly the kept rows, in sort order."""
from __future__ import annotations

from collections import Counter
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.store import answer_index
from pipeline.store.answer_index import AnswerIndex, Rebuilt, Replaced, Row, Update

Q = "q"

facts = st.integers(0, 12)
sorts = st.lists(st.integers(0, 30), max_size=5)
ops = st.lists(st.one_of(
    st.tuples(st.just("rebuild"), st.dictionaries(facts, sorts, max_size=10)),
    st.tuples(st.just("update"), st.dictionaries(facts, sorts, min_size=1, max_size=4)),
), min_size=1, max_size=12)


def _row(fact: int, i: int, sort: int) -> Row:
    return Row(f"<f{fact}>", "", f"{sort:03d}".encode(), f"f{fact}r{i}s{sort:03d}", f"f{fact},{i}\r\n")


def _rows(fact: int, ss: list[int]) -> list[Row]:
    return [_row(fact, i, s) for i, s in enumerate(ss)]


@settings(max_examples=60, deadline=None)
@given(ops)
def test_blocks_read_back_the_kept_rows_in_order(steps):
    with mock.patch.object(answer_index, "BLOCK_ROWS", 2), mock.patch.object(answer_index, "BLOCK_MAX_ROWS", 4):
        index = AnswerIndex(None)
        model: dict[int, list[int]] = {}
        for kind, change in steps:
            index.mark_dirty()
            if kind == "rebuild":
                model = dict(change)
                rows = [r for f, ss in model.items() for r in _rows(f, ss)]
                index.commit_clean({Q: Rebuilt("stamp", ["x"], rows, [])}, {})
            else:
                if not model and not index.built_for():
                    index.commit_clean({Q: Rebuilt("stamp", ["x"], [], [])}, {})
                    index.mark_dirty()
                model.update(change)
                rows = [r for f, ss in change.items() for r in _rows(f, ss)]
                index.commit_clean({}, {Q: Update([Replaced([f"<f{f}>" for f in change])], rows)})
            kept = index.reader().answer(Q, "stamp", "json")
            assert kept is not None
            got = [part.decode() for block in kept.parts for part in block.split(b",\n")]
            expected = [r.json for f, ss in model.items() for r in _rows(f, ss)]
            assert Counter(got) == Counter(expected)
            assert [g[-3:] for g in got] == sorted(g[-3:] for g in got)  # in sort order
            assert kept.rows == len(expected)
            assert kept.facts == sum(1 for ss in model.values() if ss)
            csv = index.reader().answer(Q, "stamp", "csv")
            assert Counter(b"".join(csv.parts).decode().splitlines()) == Counter(
                r.csv.strip() for f, ss in model.items() for r in _rows(f, ss))


def test_a_reader_of_an_earlier_moment_gets_nothing(tmp_path):
    path = tmp_path / "answers.sqlite"
    writer = AnswerIndex(path)
    writer.mark_dirty()
    writer.commit_clean({Q: Rebuilt("stamp", ["x"], _rows(1, [1, 2]), ["<f1>"])}, {})
    before = answer_index.Reader(path)
    assert before.answer(Q, "stamp", "json").rows == 2
    assert before.answer(Q, "other stamp", "json") is None  # kept for other query texts
    writer.mark_dirty()  # a writer starts writing: every reader stops using the rows
    assert before.answer(Q, "stamp", "json") is None
    writer.commit_clean({}, {Q: Update([Replaced(["<f1>"])], _rows(1, [3]))})
    assert before.answer(Q, "stamp", "json") is None  # clean again, but not its snapshot
    assert answer_index.Reader(path).answer(Q, "stamp", "json").rows == 1
    before.close()
    writer.close()


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8),
                       st.dictionaries(st.sampled_from(["type", "value", "datatype", "xml:lang"]),
                                       st.text(max_size=12), min_size=1), max_size=4))
def test_a_kept_json_row_is_what_json_dumps_writes_at_its_depth(binding):
    import json

    from pipeline.answers import _json_part
    dumped = json.dumps(binding, ensure_ascii=False, indent=1)
    # indented at "\n" only: values may hold other line breaks ("\x85"), written raw
    assert _json_part(binding) == "\n".join("   " + line for line in dumped.split("\n"))


def test_an_update_for_some_sources_replaces_only_their_rows():
    def row(fact: str, source: str, sort: str) -> Row:
        return Row(fact, source, sort.encode(), f"{fact}{source}{sort}", f"{fact},{source},{sort}\r\n")
    index = AnswerIndex(None)
    index.mark_dirty()
    index.commit_clean({Q: Rebuilt("stamp", ["x"], [row("<a>", '"s1"', "1"), row("<a>", '"s2"', "2"),
                                                   row("<b>", '"s1"', "3"), row("<b>", '"s3"', "4")],
                                   ["<a>", "<b>", "<c>"])}, {})
    index.mark_dirty()
    # <a> and <b> answered again for s1 (and s2, which another fact of the chunk cites)
    index.commit_clean({}, {Q: Update([Replaced(["<a>", "<b>"], ['"s1"', '"s2"'])],
                                      [row("<a>", '"s1"', "5"), row("<b>", '"s2"', "0")])})
    kept = index.reader().answer(Q, "stamp", "json")
    got = [part.decode() for block in kept.parts for part in block.split(b",\n")]
    assert got == ['<b>"s2"0', '<b>"s3"4', '<a>"s1"5']  # in sort order; <a> s2 and <b> s1 are gone
    assert (kept.rows, kept.facts) == (3, 2)
    # pages: candidate keys in key order (<c> has no rows), each key's rows in sort order
    page = index.reader().page(Q, "stamp", "json", 2, 0)
    assert [p.decode() for p in page.parts] == ['<a>"s1"5', '<b>"s2"0', '<b>"s3"4']
    assert (page.rows, page.facts, page.keys) == (3, 2, 3)
    index.mark_dirty()
    index.commit_clean({}, {Q: Update([Replaced(["<c>"])], [row("<c>", '"s1"', "9")],
                                      keys_in=["<d>"], keys_out=["<a>"])})
    page = index.reader().page(Q, "stamp", "csv", 2, 1)  # keys <b> <c> <d>: from <c>
    assert [p.decode() for p in page.parts] == ['<c>,"s1",9\r\n']
    assert (page.rows, page.facts, page.keys) == (1, 1, 3)


def test_an_index_of_an_older_layout_starts_afresh_with_this_one(tmp_path):
    import sqlite3
    path = tmp_path / "answers.sqlite"
    old = sqlite3.connect(path)
    old.executescript("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
                      "INSERT INTO meta VALUES ('format', '3'), ('state', 'clean');"
                      "CREATE TABLE rows (question TEXT, fact TEXT, sort BLOB, json TEXT, csv TEXT);"
                      "CREATE TABLE blocks (question TEXT, lo BLOB, rows INTEGER, json BLOB, csv BLOB);"
                      "CREATE TABLE questions (name TEXT PRIMARY KEY, built_for TEXT, variables TEXT,"
                      " rows INTEGER, facts INTEGER);")
    old.commit()
    old.close()
    index = AnswerIndex(path)
    assert not index.was_clean  # its rows are rebuilt
    index.mark_dirty()
    index.commit_clean({Q: Rebuilt("stamp", ["x"], _rows(1, [1, 2]), ["<f1>"])}, {})
    assert answer_index.Reader(path).answer(Q, "stamp", "json").rows == 2
    index.close()


# --------------------------------------------------------------------------- composed rows

def _own(fact: int, version: int) -> answer_index.Own:
    return answer_index.Own(f"<f{fact}>", f"[f{fact}v{version} ", "]", f"f{fact}v{version},", "\r\n")


composed_ops = st.lists(st.one_of(
    st.tuples(st.just("rebuild"), st.dictionaries(facts, st.tuples(sorts, st.integers(1, 2)), max_size=10)),
    st.tuples(st.just("values"), st.dictionaries(facts, st.integers(1, 2), min_size=1, max_size=4)),
    st.tuples(st.just("update"), st.dictionaries(facts, st.tuples(sorts, st.integers(1, 2)), min_size=1,
                                                 max_size=4)),
), min_size=1, max_size=12)


def _parts(fact: int, ss: list[int]) -> list[Row]:
    """A composed question's rows: per-row parts, CSV fields without the line's end."""
    return [Row(r.fact, r.source, r.sort, r.json, r.csv[:-2]) for r in _rows(fact, ss)]


def _owns(fact: int, sets: int, version: int) -> list[answer_index.Own]:
    return [_own(fact, version * 10 + k) for k in range(sets)]


@settings(max_examples=60, deadline=None)
@given(composed_ops)
def test_composed_rows_read_back_every_row_with_every_set_of_its_facts_values(steps):
    """A composed question keeps per-row parts and each fact's own values apart: an update
    of a fact's own values alone ("values": no row replaced) changes every row it shows,
    and a read writes each part between each head and tail of its fact, in sort order."""
    index = AnswerIndex(None)
    model: dict[int, tuple[list[int], int, int]] = {}  # fact -> (sorts, sets of values, version)
    version = 0
    for kind, change in steps:
        version += 1
        index.mark_dirty()
        if kind == "rebuild":
            model = {f: (ss, k, version) for f, (ss, k) in change.items()}
            owns = [o for f, (ss, k, v) in model.items() if ss for o in _owns(f, k, v)]
            index.commit_clean({Q: Rebuilt("stamp", ["x"], [r for f, (ss, _, _) in model.items()
                                                           for r in _parts(f, ss)], [], owns)}, {})
            continue
        if not index.built_for():
            index.commit_clean({Q: Rebuilt("stamp", ["x"], [], [], [])}, {})
            index.mark_dirty()
        if kind == "values":  # new own values of facts that keep their rows
            change = {f: k for f, k in change.items() if model.get(f, ([],))[0]}
            model.update({f: (model[f][0], k, version) for f, k in change.items()})
            index.commit_clean({}, {Q: Update([], [], owns_of=[f"<f{f}>" for f in change],
                                              owns=[o for f, k in change.items() for o in _owns(f, k, version)])})
        else:
            model.update({f: (ss, k, version) for f, (ss, k) in change.items()})
            index.commit_clean({}, {Q: Update(
                [Replaced([f"<f{f}>" for f in change])], [r for f, (ss, _) in change.items() for r in _parts(f, ss)],
                owns_of=[f"<f{f}>" for f in change],
                owns=[o for f, (ss, k) in change.items() if ss for o in _owns(f, k, version)])})
        kept = index.reader().answer(Q, "stamp", "json")
        expected = Counter(f"{o.json_head}{r.json}{o.json_tail}" for f, (ss, k, v) in model.items()
                           for r in _parts(f, ss) for o in _owns(f, k, v))
        got = [row for part in kept.parts for row in part.decode().split(",\n")]  # joined once
        assert Counter(got) == expected
        assert [g.split("s")[-1] for g in got] == sorted(g.split("s")[-1] for g in got)  # sort order
        assert kept.rows == sum(expected.values())
        csv = index.reader().answer(Q, "stamp", "csv")
        assert Counter(line + "\r\n" for p in csv.parts for line in p.decode().split("\r\n")[:-1]) == Counter(
            f"{o.csv_head}{r.csv}{o.csv_tail}" for f, (ss, k, v) in model.items()
            for r in _parts(f, ss) for o in _owns(f, k, v))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=6), min_size=1, max_size=3), st.lists(st.text(max_size=6), min_size=1, max_size=3),
       st.lists(st.text(max_size=6), max_size=3))
def test_csv_fields_written_apart_join_into_the_line(before, middle, after):
    """A composed row's CSV head, part and tail join into the line ``_csv_part`` writes
    (a lone empty field is written '""' only when it is the whole line)."""
    from pipeline.answers import _csv_fields, _csv_part
    tail = ("," + _csv_fields(after) if after else "") + "\r\n"
    assert _csv_fields(before) + "," + _csv_fields(middle) + tail == _csv_part([*before, *middle, *after])
