"""Kept answer rows: every competency question's rows, per fact, beside the store.

Evaluating a full answer at 1M triples takes seconds (each of tens of
thousands of rows joins five or more patterns in RocksDB), so the answers are
kept as rows, grouped by the question's key (the fact) and by the document each
row cites, and brought up to date after each run for the facts the run changed
(``pipeline/answers.py``). A full answer is then read back in the question's
order, already rendered; so is a page (``caveat ask --limit``), from the kept
candidate keys.

The rows live in an SQLite database, ``STORE/caveat-index/answers.sqlite``
(WAL mode: readers do not block the writer). It follows the Oxigraph database
through a *sequence number* and a *state*:

- A writer marks the index ``dirty`` with a new sequence number before its first
  write to the store (``mark_dirty``), and ``clean`` once the rows match the
  data again (``commit_clean``, one transaction with the rows).
- A reader notes the sequence number and state *before* it opens the Oxigraph
  snapshot (``Reader``), and serves rows only if, in the transaction that reads
  them, the index is still clean at that same number. Any write that started
  since has raised the number, so a snapshot and rows from different moments
  are never mixed.
- A writer stopped before ``commit_clean`` (a crash, a write without a
  refresh) leaves the index dirty: readers evaluate, and the next refresh
  rebuilds every question.

A *composed* question (``questions.composed``; pipeline/answers.py decides) keeps
in ``rows`` only each row's per-row part (its ``# Per row:`` columns, such as the
quote and its document), and in ``owns`` each fact's other values once, as the
text written before and after that part. A read writes every part of a fact
between each of its heads and tails, in the rows' order: a fact reported a
thousand times that gains a weapon rewrites one row of ``owns``. Its rows have no
blocks: there is no joined text to keep up to date.
"""
from __future__ import annotations

import bisect
import contextlib
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError

INDEX_DIR = "caveat-index"
INDEX_FILE = "answers.sqlite"
#: The layout of the tables below; an index of another layout is dropped and rebuilt.
FORMAT = "6"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS questions (
    name TEXT PRIMARY KEY,
    built_for TEXT NOT NULL,   -- what the rows were computed with (query texts, version)
    variables TEXT NOT NULL,   -- the projected variables, space-separated
    rows INTEGER NOT NULL,
    facts INTEGER NOT NULL,    -- distinct keys with rows
    keys INTEGER NOT NULL,     -- candidate keys (the key block's solutions)
    composed INTEGER NOT NULL DEFAULT 0  -- 1: rows hold per-row parts, `owns` the rest
);
-- A composed question's columns that depend on the fact alone (its `# Per row:` line,
-- pipeline/answers.py), kept once per fact: a row is written as head + its part + tail,
-- for each of its fact's sets of own values (usually one). A new weapon of a fact reported
-- a thousand times then rewrites one row here, not a thousand.
CREATE TABLE IF NOT EXISTS owns (
    question TEXT NOT NULL,
    fact TEXT NOT NULL,
    json_head TEXT NOT NULL,   -- the row's JSON binding up to its per-row part, with the comma
    json_tail TEXT NOT NULL,   -- after it, to the binding's end
    csv_head TEXT NOT NULL,    -- the CSV line up to its per-row fields, with the comma
    csv_tail TEXT NOT NULL     -- after them, with the line's end
);
CREATE INDEX IF NOT EXISTS owns_by_fact ON owns (question, fact);
-- The question's candidate keys (its key block's solutions, pipeline/paging.py), with or
-- without rows: a page is N of them in key order (N-Triples sort as SPARQL orders IRIs).
CREATE TABLE IF NOT EXISTS keys (
    question TEXT NOT NULL,
    fact TEXT NOT NULL,
    PRIMARY KEY (question, fact)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rows (
    question TEXT NOT NULL,
    fact TEXT NOT NULL,        -- the key (the first projected variable), as N-Triples
    source TEXT NOT NULL,      -- the document the row cites (?source), as N-Triples ('': none)
    sort BLOB NOT NULL,        -- the row's ORDER BY values, encoded to sort as SPARQL does
    json TEXT NOT NULL,        -- the row as a SPARQL JSON results binding, indented in place
    csv TEXT NOT NULL          -- the row as a SPARQL CSV results line
);
CREATE INDEX IF NOT EXISTS rows_in_order ON rows (question, sort);
CREATE INDEX IF NOT EXISTS rows_by_fact ON rows (question, fact, source);
-- The rows again, in runs of consecutive rows (about BLOCK_ROWS each), already joined:
-- a full answer reads a few hundred blocks instead of tens of thousands of rows. Block
-- `lo` holds the rows whose sort is >= lo and < the next block's lo (the first is b'').
CREATE TABLE IF NOT EXISTS blocks (
    question TEXT NOT NULL,
    lo BLOB NOT NULL,
    rows INTEGER NOT NULL,
    json BLOB NOT NULL,        -- UTF-8: a full answer is joined and written out as bytes
    csv BLOB NOT NULL,
    PRIMARY KEY (question, lo)
) WITHOUT ROWID;
"""
#: Bytes of the file a reader maps (SQLite's mmap_size).
READ_MMAP = 512 * 1024 * 1024
#: Rows per block when blocks are laid out; a block that grows past BLOCK_MAX_ROWS is split.
BLOCK_ROWS = 256
BLOCK_MAX_ROWS = 4 * BLOCK_ROWS


@dataclass(frozen=True)
class Row:
    """One answer row, ready to be written out."""

    fact: str
    source: str  # N-Triples of the row's ?source ('': the question has none, or unbound)
    sort: bytes
    json: str
    csv: str


@dataclass(frozen=True)
class Own:
    """A composed question's values of one fact that depend on the fact alone, written
    around each of its rows' per-row parts (see the ``owns`` table)."""

    fact: str
    json_head: str
    json_tail: str
    csv_head: str
    csv_tail: str


@dataclass(frozen=True)
class Replaced:
    """Rows that an update replaces: those of ``facts``, or only those of ``facts``
    that cite one of ``sources`` (N-Triples of ?source values)."""

    facts: Sequence[str]
    sources: Sequence[str] | None = None


@dataclass(frozen=True)
class Rebuilt:
    """A question's rows and candidate keys, all of them, and what they were computed with."""

    built_for: str
    variables: Sequence[str]
    rows: Iterable[Row]
    keys: Iterable[str]
    #: a composed question's own values (its rows are per-row parts); None: full rows
    owns: Iterable[Own] | None = None


@dataclass(frozen=True)
class Update:
    """Some of a question's rows answered again (``rows`` replace ``replaced``), and the
    facts that became candidate keys (``keys_in``) or are no longer (``keys_out``)."""

    replaced: Sequence[Replaced]
    rows: Iterable[Row]
    keys_in: Iterable[str] = ()
    keys_out: Iterable[str] = ()
    #: a composed question's facts whose own values are replaced, and their new ones
    owns_of: Iterable[str] = ()
    owns: Iterable[Own] = ()


@dataclass(frozen=True)
class KeptAnswer:
    """A question's kept rows, rendered, and their counts."""

    variables: tuple[str, ...]
    rows: int
    facts: int
    parts: list[bytes]  # rendered rows in the question's order, in blocks (json: ",\n"-joined), UTF-8
    #: for a page: how many candidate keys the whole question has (None: the full answer)
    keys: int | None = None


def index_path(store_dir: Path) -> Path:
    return Path(store_dir) / INDEX_DIR / INDEX_FILE


def _connect(path: Path | None) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are opened explicitly."""
    if path is None:
        db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    else:
        path.parent.mkdir(exist_ok=True)
        db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
        # Big pages: a block of rows is one or two pages, not a chain of 4 KiB overflow pages
        # (a full answer at 1M triples, ~30 MB, reads in about half the time). Only a new file
        # takes it, before WAL mode.
        db.execute("PRAGMA page_size=65536")
        db.execute("PRAGMA journal_mode=WAL")
    return db


def _format(db: sqlite3.Connection) -> str | None:
    """The layout of the index's tables (None: a new file)."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone() is None:
        return None
    row = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
    return None if row is None else row[0]


def _sqlite_error(path: Path | None, exc: sqlite3.Error) -> StoreError:
    return StoreError(f"cannot use the answer index {path or '(in memory)'}: {exc}",
                      hint=f"delete the folder {INDEX_DIR} in the store: the next `caveat run` "
                           "rebuilds it (answers are evaluated meanwhile)")


class AnswerIndex:
    """The writer's side: one per writable store (``Store.answer_index``)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        try:
            self._db = _connect(path)
            if _format(self._db) == FORMAT:
                state = self._meta("state")
            else:  # another layout (or new): start afresh
                with self._transaction():
                    for table in ("rows", "blocks", "keys", "owns", "questions", "meta"):
                        self._db.execute(f"DROP TABLE IF EXISTS {table}")  # its columns may differ
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            self._db.execute(statement)
                    self._db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
                state = None
        except sqlite3.Error as exc:
            raise _sqlite_error(path, exc) from exc
        #: Whether the rows matched the store when it was opened (else: rebuild them all).
        self.was_clean = state == "clean"
        self._marked = False
        # the upkeep reads kept rows from its threads (rows_of), one statement at a time
        self._read_lock = threading.Lock()

    @classmethod
    def open_or_reset(cls, path: Path) -> AnswerIndex:
        """The index at ``path``; one that cannot be read is derived data, and starts afresh
        (its rows are rebuilt by the next refresh)."""
        try:
            return cls(path)
        except StoreError:
            for stale in path.parent.glob(path.name + "*"):  # with its -wal and -shm files
                with contextlib.suppress(OSError):
                    stale.unlink()
            return cls(path)  # still failing (a read-only folder): its StoreError says what to do

    def _meta(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else row[0]

    def mark_dirty(self) -> None:
        """Before the first write of this open: readers stop using the rows."""
        if self._marked:
            return
        try:
            with self._transaction():
                seq = int(self._meta("seq") or 0) + 1
                self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                     [("seq", str(seq)), ("state", "dirty")])
        except sqlite3.Error as exc:
            raise _sqlite_error(self.path, exc) from exc
        self._marked = True

    @property
    def dirty(self) -> bool:
        """Whether this open wrote to the store since the rows last matched it."""
        return self._marked or not self.was_clean

    def built_for(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT name, built_for FROM questions"))

    def size(self) -> int:
        """Kept rows, all questions."""
        return int(self._db.execute("SELECT COUNT(*) FROM rows").fetchone()[0])

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def commit_clean(self, rebuilt: dict[str, Rebuilt], updated: dict[str, Update],
                     dropped: Iterable[str] = ()) -> None:
        """Write new rows and keys and mark the index clean, in one transaction.

        ``rebuilt``: questions whose rows and keys are all replaced; ``updated``: questions
        of which some are; ``dropped``: questions no longer kept.
        """
        try:
            with self._transaction():
                for name in dropped:
                    for table in ("rows", "blocks", "keys", "owns"):
                        self._db.execute(f"DELETE FROM {table} WHERE question = ?", (name,))
                    self._db.execute("DELETE FROM questions WHERE name = ?", (name,))
                for name, whole in rebuilt.items():
                    for table in ("rows", "blocks", "keys", "owns"):
                        self._db.execute(f"DELETE FROM {table} WHERE question = ?", (name,))
                    self._insert(name, whole.rows)
                    composed = whole.owns is not None
                    if composed:
                        self._insert_owns(name, whole.owns)
                    else:
                        self._lay_out(name, b"", None)
                    self._db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?)",
                                         ((name, k) for k in whole.keys))
                    self._db.execute("INSERT OR REPLACE INTO questions VALUES (?, ?, ?, 0, 0, 0, ?)",
                                     (name, whole.built_for, " ".join(whole.variables), int(composed)))
                for name, update in updated.items():
                    # Only the rows that differ are written, and only their blocks joined
                    # again: a fact answered again whole often gives the rows it had.
                    new = Counter((r.fact, r.source, r.sort, r.json, r.csv) for r in update.rows)
                    had: dict[tuple, list[int]] = {}
                    seen: set[int] = set()  # two parts may select the same row
                    for where, args in self._matching(name, update.replaced):
                        for rowid, *row in self._db.execute(
                                f"SELECT rowid, fact, source, sort, json, csv FROM rows WHERE {where}", args):
                            if rowid not in seen:
                                seen.add(rowid)
                                had.setdefault(tuple(row), []).append(rowid)
                    old = Counter({row: len(ids) for row, ids in had.items()})
                    gone, added = old - new, new - old
                    self._db.executemany("DELETE FROM rows WHERE rowid = ?", (
                        (rowid,) for row, n in gone.items() for rowid in had[row][:n]))
                    self._insert(name, (Row(*row) for row in added.elements()))
                    owns_of = list(update.owns_of)
                    for i in range(0, len(owns_of), 400):
                        chunk = owns_of[i:i + 400]
                        self._db.execute(f"DELETE FROM owns WHERE question = ? AND fact IN "
                                         f"({','.join('?' * len(chunk))})", (name, *chunk))
                    self._insert_owns(name, update.owns)
                    if not self._composed(name):
                        self._redo_blocks(name, {row[2] for row in (*gone, *added)})
                    self._db.executemany("DELETE FROM keys WHERE question = ? AND fact = ?",
                                         ((name, k) for k in update.keys_out))
                    self._db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?)",
                                         ((name, k) for k in update.keys_in))
                for name in [*rebuilt, *updated]:
                    self._db.execute(
                        "UPDATE questions SET rows = (SELECT COUNT(*) FROM rows WHERE question = ?1), "
                        "facts = (SELECT COUNT(DISTINCT fact) FROM rows WHERE question = ?1), "
                        "keys = (SELECT COUNT(*) FROM keys WHERE question = ?1) "
                        "WHERE name = ?1", (name,))
                    if self._composed(name):  # each row once per set of its fact's own values
                        self._db.execute(
                            "UPDATE questions SET rows = (SELECT COUNT(*) FROM rows JOIN owns USING (question, fact) "
                            "WHERE question = ?1) WHERE name = ?1", (name,))
                seq = self._meta("seq") or "0"
                self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                     [("seq", seq), ("state", "clean")])
        except sqlite3.Error as exc:
            raise _sqlite_error(self.path, exc) from exc
        self._marked = False
        self.was_clean = True

    @staticmethod
    def _matching(name: str, replaced: Sequence[Replaced]) -> Iterator[tuple[str, tuple]]:
        """``WHERE`` clauses (with their arguments) selecting the replaced rows, in
        parts small enough for SQLite's limit on bound parameters."""
        for part in replaced:
            facts = list(part.facts)
            sources = None if part.sources is None else list(part.sources)
            for i in range(0, len(facts), 400):
                chunk = facts[i:i + 400]
                where = f"question = ? AND fact IN ({','.join('?' * len(chunk))})"
                if sources is None:
                    yield where, (name, *chunk)
                    continue
                for j in range(0, len(sources), 400):
                    among = sources[j:j + 400]
                    yield (f"{where} AND source IN ({','.join('?' * len(among))})",
                           (name, *chunk, *among))

    def _redo_blocks(self, name: str, sorts: set[bytes]) -> None:
        """Join again the blocks that hold (or held) rows with these sort keys."""
        if not sorts:
            return
        starts = [lo for (lo,) in self._db.execute(
            "SELECT lo FROM blocks WHERE question = ? ORDER BY lo", (name,))] or [b""]
        at = sorted({max(0, bisect.bisect_right(starts, sort) - 1) for sort in sorts})
        for i in reversed(at):  # from the end: laying out one block leaves those before it alone
            self._lay_out(name, starts[i], starts[i + 1] if i + 1 < len(starts) else None)

    def _lay_out(self, name: str, lo: bytes, hi: bytes | None) -> None:
        """Replace the blocks in [lo, hi) with blocks of the rows there, BLOCK_ROWS-ish each.

        A block holding at most BLOCK_MAX_ROWS rows stays one block; a block only starts
        where the sort key changes, so equal keys are never split between two.
        """
        bounds = "sort >= ?" + ("" if hi is None else " AND sort < ?")
        args = (name, lo) if hi is None else (name, lo, hi)
        rows = self._db.execute(f"SELECT sort, json, csv FROM rows WHERE question = ? AND {bounds} "
                                "ORDER BY sort, rowid", args).fetchall()
        self._db.execute("DELETE FROM blocks WHERE question = ? AND lo >= ?"
                         + ("" if hi is None else " AND lo < ?"), args)
        size = len(rows) if len(rows) <= BLOCK_MAX_ROWS else BLOCK_ROWS
        blocks: list[list] = []  # [its lo, its rows' (json, csv), the last row's sort]
        for sort, json_part, csv_part in rows:
            if not blocks or (len(blocks[-1][1]) >= size and sort != blocks[-1][2]):
                blocks.append([lo if not blocks else sort, [], sort])
            blocks[-1][1].append((json_part, csv_part))
            blocks[-1][2] = sort
        if not blocks:
            blocks.append([lo, [], b""])  # keeps the range covered
        self._db.executemany("INSERT INTO blocks VALUES (?, ?, ?, ?, ?)", (
            (name, first, len(parts), ",\n".join(j for j, _ in parts).encode("utf-8"),
             "".join(c for _, c in parts).encode("utf-8"))
            for first, parts, _ in blocks))

    def rows_of(self, name: str, facts: Sequence[str]) -> dict[str, list[Row]]:
        """The kept rows of these facts of question ``name``, by fact (facts without
        rows are left out). The upkeep carries a fact's rows over from them when only
        the fact's own columns changed (pipeline/answers.py)."""
        out: dict[str, list[Row]] = {}
        try:
            with self._read_lock:
                for i in range(0, len(facts), 400):
                    chunk = list(facts[i:i + 400])
                    for row in self._db.execute(
                            "SELECT fact, source, sort, json, csv FROM rows WHERE question = ? AND fact IN "
                            f"({','.join('?' * len(chunk))})", (name, *chunk)):
                        out.setdefault(row[0], []).append(Row(*row))
        except sqlite3.Error as exc:
            raise _sqlite_error(self.path, exc) from exc
        return out

    def _composed(self, name: str) -> bool:
        row = self._db.execute("SELECT composed FROM questions WHERE name = ?", (name,)).fetchone()
        return bool(row and row[0])

    def is_composed(self, name: str) -> bool:
        """Whether the question's rows are kept as per-row parts and own values (``owns``)."""
        try:
            with self._read_lock:
                return self._composed(name)
        except sqlite3.Error as exc:
            raise _sqlite_error(self.path, exc) from exc

    def _insert_owns(self, name: str, owns: Iterable[Own]) -> None:
        self._db.executemany("INSERT INTO owns VALUES (?, ?, ?, ?, ?, ?)", (
            (name, o.fact, o.json_head, o.json_tail, o.csv_head, o.csv_tail) for o in owns))

    def sample_sources(self, name: str, facts: Sequence[str]) -> dict[str, str]:
        """One source each of these facts' kept rows cites (facts without rows are left out)."""
        out: dict[str, str] = {}
        try:
            with self._read_lock:
                for i in range(0, len(facts), 400):
                    chunk = list(facts[i:i + 400])
                    out.update(self._db.execute(
                        "SELECT fact, MIN(source) FROM rows WHERE question = ? AND fact IN "
                        f"({','.join('?' * len(chunk))}) GROUP BY fact", (name, *chunk)))
        except sqlite3.Error as exc:
            raise _sqlite_error(self.path, exc) from exc
        return out

    def _insert(self, name: str, rows: Iterable[Row]) -> None:
        self._db.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?)",
                             ((name, r.fact, r.source, r.sort, r.json, r.csv) for r in rows))

    def reader(self) -> Reader:
        """Rows as the writer itself sees them (served only while it has nothing unrefreshed)."""
        return Reader(self.path, connection=self._db, writer=self)

    def close(self) -> None:
        self._db.close()


class Reader:
    """The rows as of a read-only snapshot (see the module doc)."""

    def __init__(self, path: Path | None, connection: sqlite3.Connection | None = None,
                 writer: AnswerIndex | None = None) -> None:
        self.path = path
        self._db = connection
        self._writer = writer
        self._seen: str | None = None
        self._lock = threading.Lock()  # one transaction at a time on the connection
        if connection is None:
            if path is None or not path.exists():
                return  # no index: every answer is evaluated
            try:
                self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None,
                                           check_same_thread=False, timeout=30)
                # Composed rows are read through an index, not in blocks: pages of the file
                # mapped, not copied into SQLite's small cache one by one (a full answer at 1M
                # triples: rows read in about half the time)
                self._db.execute(f"PRAGMA mmap_size={READ_MMAP}")
                state = dict(self._db.execute("SELECT name, value FROM meta"))
            except sqlite3.Error:
                self._db = None  # unreadable: evaluated (a writer's refresh rebuilds it)
                return
            if state.get("state") == "clean" and state.get("format") == FORMAT:
                self._seen = state.get("seq")

    def answer(self, question: str, built_for: str, fmt: str) -> KeptAnswer | None:
        """The kept rows of ``question`` rendered as ``fmt`` ("json" or "csv"), or None
        if they are not kept, not for these query texts, or not of this snapshot."""
        def read(db: sqlite3.Connection, head: tuple) -> KeptAnswer:
            if head[4]:
                owns = _owns(db, question, fmt, None)
                # (as UTF-8 bytes from SQLite itself: no decoding and encoding again here)
                rows = db.execute(f"SELECT fact, CAST({fmt} AS BLOB) FROM rows WHERE question = ? "
                                  "ORDER BY sort, rowid", (question,))
                # one part: the rows joined once (written out as they are, _written)
                joined = b"".join(_composed(owns, rows, b",\n" if fmt == "json" else b""))
                parts = [joined] if joined else []
            else:
                parts = [r[0] for r in db.execute(
                    f"SELECT {fmt} FROM blocks WHERE question = ? AND rows > 0 ORDER BY lo", (question,))]
            return KeptAnswer(tuple(head[0].split()), rows=head[1], facts=head[2], parts=parts)
        return self._read(question, built_for, fmt, read)

    def page(self, question: str, built_for: str, fmt: str, limit: int | None, offset: int) -> KeptAnswer | None:
        """A page of the kept answer (as ``query.ask_page`` gives it): the rows of the
        candidate keys at ``offset`` .. ``offset + limit - 1`` in key order, each key's
        rows in the question's order. None as for ``answer``."""
        def read(db: sqlite3.Connection, head: tuple) -> KeptAnswer:
            facts = [f for (f,) in db.execute(
                "SELECT fact FROM keys WHERE question = ? ORDER BY fact LIMIT ? OFFSET ?",
                (question, -1 if limit is None else limit, offset))]
            parts: list[bytes] = []
            shown = 0
            for i in range(0, len(facts), 400):
                chunk = facts[i:i + 400]
                rows = db.execute(f"SELECT fact, CAST({fmt} AS BLOB) FROM rows WHERE question = ? AND fact IN "
                                  f"({','.join('?' * len(chunk))}) ORDER BY fact, sort, rowid",
                                  (question, *chunk)).fetchall()
                shown += len({f for f, _ in rows})
                if head[4]:
                    pieces = _composed(_owns(db, question, fmt, chunk), rows, b"")
                    parts += [b"".join(pieces[i:i + 3]) for i in range(0, len(pieces), 4)]  # (+ sep)
                else:
                    parts += [part for _, part in rows]
            return KeptAnswer(tuple(head[0].split()), rows=len(parts), facts=shown, parts=parts, keys=head[3])
        return self._read(question, built_for, fmt, read)

    def _read(self, question: str, built_for: str, fmt: str, read) -> KeptAnswer | None:
        """``read(connection, (variables, rows, facts, keys))`` in a transaction in which the
        kept rows are of this snapshot and for these query texts; else None."""
        if self._db is None or fmt not in ("json", "csv"):
            return None
        if self._writer is not None and self._writer.dirty:
            return None
        with self._lock:
            db = self._db
            try:
                db.execute("BEGIN")
                try:
                    state = dict(db.execute("SELECT name, value FROM meta"))
                    if state.get("state") != "clean" or (self._writer is None and state.get("seq") != self._seen):
                        return None
                    head = db.execute("SELECT built_for, variables, rows, facts, keys, composed FROM questions "
                                      "WHERE name = ?", (question,)).fetchone()
                    if head is None or head[0] != built_for:
                        return None
                    return read(db, head[1:])
                finally:
                    db.execute("COMMIT")
            except sqlite3.Error:
                return None  # damaged or locked too long: evaluated instead

    def close(self) -> None:
        if self._db is not None and self._writer is None:
            self._db.close()
        self._db = None


def _owns(db: sqlite3.Connection, question: str, fmt: str,
          facts: Sequence[str] | None) -> dict[str, list[tuple[bytes, bytes]]]:
    """A composed question's own values, by fact: (head, tail) in ``fmt``, as UTF-8 bytes."""
    columns = ("CAST(json_head AS BLOB), CAST(json_tail AS BLOB)" if fmt == "json"
               else "CAST(csv_head AS BLOB), CAST(csv_tail AS BLOB)")
    where, args = "question = ?", [question]
    if facts is not None:
        where += f" AND fact IN ({','.join('?' * len(facts))})"
        args += facts
    out: dict[str, list[tuple[bytes, bytes]]] = {}
    for fact, head, tail in db.execute(f"SELECT fact, {columns} FROM owns WHERE {where} "
                                       "ORDER BY fact, rowid", args):
        out.setdefault(fact, []).append((head, tail))
    return out


def _composed(owns: dict[str, list[tuple[bytes, bytes]]], rows: Iterable[tuple[str, str]],
              sep: bytes) -> list[bytes]:
    """Each row's per-row part written between each head and tail of its fact, as pieces to
    join: head, part, tail, then ``sep`` before the next row (not after the last)."""
    out: list[bytes] = []
    for fact, middle in rows:
        for head, tail in owns.get(fact, ()):
            out += (head, middle, tail, sep)
    if out:
        out.pop()
    return out
