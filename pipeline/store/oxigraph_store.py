"""The persistent RDF store: named graphs in an embedded Oxigraph database.

Layout: one named graph per document (``iri.document_graph``), a merged
graph, the ontology graph, and quarantine graphs (``iri.quarantine_graph``)
holding data that failed validation. Queries and exports see the union of
all graphs *except* quarantine, unless asked otherwise.

The union is materialised in the store's default graph. Oxigraph's own union
views (``use_default_graph_as_union`` or a ``default_graph`` list) are
*multisets*: a triple that five documents report matches five times, so a
join of n patterns over facts read from k documents yields k**n rows. The
SPARQL default graph is an RDF merge (a set), so ``replace_graph`` keeps the
default graph equal to the set union of the non-quarantine named graphs, in
the same transaction as the named graph it changes. Only this class writes
the default graph; ``rebuild_union`` recomputes it if it was ever touched.

Kept answers: the competency questions' rows, kept per fact in
``STORE/caveat-index/`` (``answer_index.py``). Every write first marks them
out of date, and records what it changed in the union (``Changes``), from
which ``pipeline/answers.py`` brings them up to date at the end of a run.

Concurrency: one writer at a time, enforced by an ``flock`` on
``STORE/caveat.lock`` (RocksDB's own LOCK gives an unreadable error, and only
after the fact). Readers open the database read-only and take no lock, so
``caveat ask`` keeps working while ``caveat run`` writes. A read-only open
sees the data as of the moment it was opened.
"""
from __future__ import annotations

import contextlib
import csv
import fcntl
import functools
import hashlib
import json
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS
from rdflib.term import Node

from ..errors import QueryError, StoreError, StoreLockedError
from ..graph.iri import DATA, document_graph, quarantine_graph
from ..graph.namespace import CV
from .answer_index import INDEX_DIR, AnswerIndex, Reader, index_path
from .terms import XSD_STRING, from_ox, from_ox_graph_name, to_ox, to_ox_graph_name, triple_from_ox

#: Every quarantine graph IRI starts with this (derived, so it follows iri.py).
QUARANTINE_PREFIX = str(quarantine_graph(""))

LOCK_FILE = "caveat.lock"

#: Export format name -> (Oxigraph format, keeps named graphs?).
EXPORT_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}

_SUFFIX_FORMATS = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "ntriples", ".trig": "trig",
    ".nq": "nquads", ".nquads": "nquads", ".jsonld": "jsonld", ".json": "jsonld",
}

#: Prefixes written into Turtle/TriG exports, so the files are readable. One
#: per kind of data IRI (not one for the whole data namespace, which would
#: force escaped slashes into every local name: ``cvd:entity\/us``).
PREFIXES: dict[str, str] = {
    "cv": str(CV._NS), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL),
    "skos": str(SKOS), "dcterms": str(DCTERMS), "prov": str(PROV),
    "doc": str(DATA["doc/"]), "docgraph": str(document_graph("")),
    "quarantine": str(quarantine_graph("")),
    **{kind: str(DATA[kind + "/"])
       for kind in ("entity", "evidence", "rule", "decision", "change", "advocacy", "event")},
}

# Oxigraph's message when a substituted variable is not projected (0.5.13).
_NOT_PROJECTED = "SELECT projection"
#: Sorted key lists kept per store (pipeline/paging.py's candidate keys), most recent last.
KEY_CACHE_SIZE = 16
#: Read-only opens also keep them on disk, in this folder of the store, for the next
#: process (each `caveat ask --offset` is one): at most KEY_CACHE_FILES lists.
KEY_CACHE_DIR = "caveat-keys"
KEY_CACHE_FILES = 64
#: Answers kept in memory per open store (``remembered``), counted in rows: about
#: 150 MB at most for the competency questions' rows.
ANSWER_CACHE_ROWS = 250_000
#: Read-only opens keep rendered answers on disk for the next process (``save_answer``).
ANSWER_CACHE_DIR = "caveat-answers"
ANSWER_CACHE_FILES = 32
ANSWER_CACHE_BYTES = 512 * 2**20
_SAVED_SUFFIX = {KEY_CACHE_DIR: ".json", ANSWER_CACHE_DIR: ".answer"}
#: What one ``bulk_extend`` call ingests atomically: Oxigraph's bulk loader ingests each
#: 1,000,000 quads apart (DEFAULT_BULK_LOAD_BATCH_SIZE in oxigraph's storage/rocksdb.rs).
INGEST_MAX_QUADS = 900_000
#: Files Oxigraph's bulk loader writes before it ingests them; a crash can leave some.
_BULK_FILE = re.compile(r"^bulk-\d+\.sst$")
_ROCKSDB_FILES = re.compile(r"^(CURRENT|IDENTITY|LOCK|LOG.*|MANIFEST-\d+|OPTIONS-\d+|\d+\.(sst|log|blob))$|"
                            + _BULK_FILE.pattern)


def export_format_for(path: Path) -> str:
    """The export format name for a file name (``graph.trig`` -> ``trig``)."""
    fmt = _SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StoreError(
            f"cannot tell the export format from the file name {path.name!r}",
            hint="use one of the extensions " + ", ".join(sorted(_SUFFIX_FORMATS)))
    return fmt


# --------------------------------------------------------------------------- results

@dataclass
class QueryResult:
    """The answer to a SPARQL query, as rdflib terms.

    SELECT fills ``variables`` and ``rows`` (every variable is a key of every
    row; ``None`` means unbound). ASK sets ``boolean``; CONSTRUCT/DESCRIBE
    set ``graph``.
    """

    variables: list[str]
    rows: list[dict[str, Node | None]]
    boolean: bool | None = None
    graph: Graph | None = field(default=None, repr=False)
    #: for a page of a competency question (pipeline/paging.py): how many candidate facts
    #: (keys) the whole question has; None for a full answer
    facts: int | None = None

    def copy(self) -> QueryResult:
        """A result of its own: a new row list (the row dicts and terms are shared, not copied)."""
        return replace(self, variables=list(self.variables), rows=list(self.rows))

    @property
    def triples(self) -> Graph:
        """The triples of a CONSTRUCT/DESCRIBE result (iterate for ``(s, p, o)``)."""
        if self.graph is None:
            raise QueryError("only CONSTRUCT and DESCRIBE queries return triples",
                             hint="use .rows for SELECT and .boolean for ASK")
        return self.graph

    def to_sparql_json(self) -> dict[str, Any]:
        """SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/)."""
        if self.graph is not None:
            raise QueryError("a CONSTRUCT/DESCRIBE result is a graph, not a result table",
                             hint="ask for an RDF format (turtle, ntriples) instead of json")
        if self.boolean is not None:
            return {"head": {}, "boolean": self.boolean}
        bindings = []
        for row in self.rows:
            # Unbound variables are omitted from a binding object, per the spec.
            bindings.append({v: _json_term(t) for v, t in row.items() if t is not None})
        return {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}

    def to_csv(self, stream: TextIO) -> None:
        """SPARQL 1.1 Query Results CSV (https://www.w3.org/TR/sparql11-results-csv-tsv/).

        CSV is lossy by design: IRIs and literals are written bare, blank nodes
        as ``_:label``, unbound as an empty field; lines end with CRLF.
        """
        if self.boolean is not None or self.graph is not None:
            raise QueryError("only SELECT results can be written as CSV",
                             hint="use --format json for ASK, or an RDF format for CONSTRUCT")
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow([_csv_term(row.get(v)) for v in self.variables])


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != XSD_STRING:
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"not an RDF term: {term!r}")


def _csv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


# --------------------------------------------------------------------------- store

@dataclass
class _GraphPlan:
    """The writes that make one named graph hold new content (see ``replace_graphs``)."""

    name: ox.NamedNode
    in_union: bool
    new_plain: set[ox.Quad]
    removed: set[ox.Quad]
    added: set[ox.Quad]
    old_blank: set[ox.Quad]  # the graph's triples with blank nodes: always rewritten
    empty: bool  # the graph exists and must go

    @property
    def old_has_blank(self) -> bool:
        return bool(self.old_blank)

    @property
    def changes(self) -> bool:
        return bool(self.removed or self.added or self.old_has_blank or self.empty)


#: Past this many recorded nodes, a run's changes count as "everything" (kept rows are rebuilt).
MAX_RECORDED_CHANGES = 2_000_000


@dataclass
class Changes:
    """What writes changed in the union graph, for bringing kept answers up to date.

    ``subjects``: each IRI some of whose triples were added or removed, with the
    predicates of those triples (a question that reads only an entity's label is not
    concerned by its other triples). ``links``: ``(predicate IRI, object IRI)`` of each
    added or removed triple with an IRI object, so that a question that walks a link
    backwards (from a restriction to the decisions that changed it) finds the object
    too. ``everything``: too much to say, or written without a record (bulk loads).
    ``removed``: the predicates of what left the union (where a question reads none of
    them, its kept answers are brought up to date per document, see pipeline/answers.py).
    """

    subjects: dict = field(default_factory=dict)
    links: set = field(default_factory=set)
    everything: bool = False
    #: The predicates of the triples that left the union (none: every change was an addition).
    removed: set = field(default_factory=set)

    def record(self, quads: Iterable[ox.Quad], removed: bool = False) -> None:
        if self.everything:
            return
        subjects, links = self.subjects, self.links
        if removed:
            # A blank node is reached only through a triple naming it, rewritten with it:
            # the IRI subjects' predicates say what the removal can cut.
            quads = list(quads)
            self.removed.update(q.predicate for q in quads if type(q.subject) is ox.NamedNode)
        # Blank nodes are skipped: the store writes them afresh with each write of their
        # graph (they cannot be matched), so every triple naming one changes with it, and
        # the IRI subjects of those triples are recorded.
        for q in quads:
            s, o = q.subject, q.object
            if type(s) is ox.NamedNode:
                predicates = subjects.get(s)
                if predicates is None:
                    predicates = subjects[s] = set()
                predicates.add(q.predicate)
            if type(o) is ox.NamedNode:
                links.add((q.predicate, o))
        if len(subjects) + len(links) > MAX_RECORDED_CHANGES:
            self.everything = True
        if self.everything:
            subjects.clear()
            links.clear()
            self.removed.clear()

    def __bool__(self) -> bool:
        return self.everything or bool(self.subjects) or bool(self.links)


def _writes(method: Any) -> Any:
    """Mark a method that changes the store: cached reads are forgotten before and after it.

    Before, so that nothing cached from the old data outlives the write; after, so that
    a read that ran meanwhile (another thread) and cached a half-written state is dropped.
    """
    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        self._forget_reads()
        try:
            return method(self, *args, **kwargs)
        except BaseException:
            self._quarantine = None  # a failed write may have changed some: list them again
            raise
        finally:
            self._forget_reads()
    return wrapper


class Store:
    """Named RDF graphs in an Oxigraph database; see the module doc.

    Create with :meth:`open` (on disk) or :meth:`in_memory` (tests); use as a
    context manager or call :meth:`close`.
    """

    def __init__(self, ox_store: ox.Store, path: Path | None = None, *,
                 read_only: bool = False, lock: IO[str] | None = None) -> None:
        """Wrap an open pyoxigraph store. Prefer :meth:`open` / :meth:`in_memory`."""
        self._ox: ox.Store | None = ox_store
        self.path = path
        self.read_only = read_only
        self._lock = lock
        # ordered_values' sorted lists: (query, bindings) -> (generation, sorted values).
        # A read-only open is a snapshot and never changes; a writable store bumps the
        # generation on every write (see _writes), which makes every entry stale.
        self._generation = 0
        self._key_cache: dict[tuple, tuple[int, tuple]] = {}
        #: The database files' fingerprint when this read-only snapshot was opened (None: no
        #: key lists on disk, see ordered_values).
        self._disk_fingerprint: str | None = None
        # remembered(): key -> (generation, result), least recently used first. A lock, as
        # `caveat serve` answers from several threads.
        self._answers: OrderedDict[Hashable, tuple[int, QueryResult]] = OrderedDict()
        self._answer_rows = 0
        self._answers_lock = threading.Lock()
        # The kept answer rows (answer_index.py): a writer's index, or a reader's view of it.
        self._index: AnswerIndex | None = None
        self._index_reader: Reader | None = None
        # What the writes since the last take_changes() changed in the union (see Changes).
        self._changes = Changes()
        # The quarantine graphs' names: listed once per open (a scan of every named graph)
        # and then kept up to date by the writes, so that queries that must hide them do
        # not scan the store's graphs each time. None: not listed yet.
        self._quarantine: set[ox.NamedNode] | None = None

    # ----------------------------------------------------------------- opening

    @classmethod
    def in_memory(cls) -> Store:
        """A temporary store that lives in memory only (for tests)."""
        store = cls(ox.Store())
        store._index = AnswerIndex(None)
        return store

    @classmethod
    def open(cls, path: Path, read_only: bool = False) -> Store:
        """Open (and for writing, create if needed) the store directory ``path``.

        Writing takes the store's exclusive lock; reading takes no lock and
        sees a snapshot as of the open.
        """
        path = Path(path)
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path} is a file, not a store directory",
                             hint="pass a directory for --store (it is created if missing)")
        if read_only:
            return cls._open_read_only(path)
        try:
            path.mkdir(parents=True, exist_ok=True)
            _check_is_store_dir(path, must_exist=False)
            lock = _acquire_lock(path)
        except OSError as exc:  # e.g. permission denied, read-only file system
            raise StoreError(f"cannot create or lock the store directory {path}: {exc}",
                             hint="make the directory writable, or pass another --store") from exc
        try:
            store = ox.Store(str(path))
        except OSError as exc:
            lock.close()  # releases the flock
            if "LOCK" in str(exc):
                # Another program (e.g. `oxigraph serve`) has the database open.
                raise StoreLockedError(
                    f"the database in {path} is open in another program",
                    hint=f"stop the program using {path} (e.g. an oxigraph server) or use another --store",
                ) from exc
            raise StoreError(f"cannot open the store {path}: {exc}",
                             hint="the directory may be damaged; delete it and re-run to rebuild it") from exc
        # Files of an ingest a crash interrupted: never part of the database, and with
        # both locks held no one else is ingesting. Best effort: left over, they only
        # take disk space.
        with contextlib.suppress(OSError):
            for entry in os.scandir(path):
                if _BULK_FILE.match(entry.name):
                    os.unlink(entry.path)
        opened = cls(store, path, read_only=False, lock=lock)
        try:
            opened._index = AnswerIndex.open_or_reset(index_path(path))
        except StoreError:
            opened.close()
            raise
        return opened

    @classmethod
    def _open_read_only(cls, path: Path) -> Store:
        if not path.exists():
            raise StoreError(f"there is no store at {path}",
                             hint="build one first with `caveat run DIR --store STORE`, or check --store")
        try:
            _check_is_store_dir(path, must_exist=True)
            # Oxigraph 0.5 has no secondary mode; a read-only open works beside a
            # writer in practice but Oxigraph calls it undefined behaviour, so
            # failures are reported as retryable.
            before = _fingerprint(path)
            # The index's state before the snapshot: rows of a later write are never served.
            reader = Reader(index_path(path))
            store = ox.Store.read_only(str(path))
            after = _fingerprint(path)
        except OSError as exc:
            raise StoreError(f"cannot open the store {path} for reading: {exc}",
                             hint="if a `caveat run` is writing to it, retry when it finishes; "
                                  "otherwise delete the directory and rebuild it") from exc
        except RuntimeError as exc:
            # Oxigraph creates its column families and then its version key when a
            # writer first opens the directory; a read-only open cannot finish that.
            # A run stopped in between left a store that holds nothing yet.
            raise StoreError(f"the store {path} was not completely created ({exc}): a run was "
                             "stopped while it created it, and it holds no data yet",
                             hint="run `caveat run DIR --store STORE` again; it finishes "
                                  "creating the store") from exc
        opened = cls(store, path, read_only=True)
        opened._index_reader = reader
        # Unchanged across the open: the snapshot is the data those files hold.
        opened._disk_fingerprint = before if before == after else None
        return opened

    def close(self) -> None:
        """Flush, close the database and release the writer lock. Idempotent."""
        if self._ox is None:
            return
        try:
            if not self.read_only and self.path is not None:
                self._ox.flush()
        except OSError as exc:
            raise StoreError(f"cannot flush the store {self.path}: {exc}",
                             hint="check free disk space; the last run may need repeating") from exc
        finally:
            # Dropping the last reference closes RocksDB (pyoxigraph has no close()).
            self._ox = None
            for index in (self._index, self._index_reader):
                if index is not None:
                    index.close()
            self._index = self._index_reader = None
            if self._lock is not None:
                self._lock.close()
                self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._ox is None

    def _db(self) -> ox.Store:
        if self._ox is None:
            raise StoreError("the store is closed", hint="open it again with Store.open()")
        return self._ox

    def _writable(self, data: bool = True) -> ox.Store:
        """The database, for a write; ``data=False``: one that leaves the data as it is
        (compaction), and the kept answers valid."""
        db = self._db()
        if self.read_only:
            raise StoreError(f"the store {self.path} is open read-only",
                             hint="open it with read_only=False to change it")
        self._forget_reads()  # every writer comes here first (write methods also use @_writes)
        if data and self._index is not None:
            self._index.mark_dirty()  # before the data changes: readers stop using kept rows
        return db

    def _forget_reads(self) -> None:
        """Drop what was cached from reads: the data is about to change (or just did)."""
        self._generation += 1
        self._key_cache.clear()
        self.forget_answers()

    def forget_cached(self, saved: bool = False) -> None:
        """Drop the cached sorted key lists and remembered answers (benchmarks use it to
        time a cold page or a first answer).

        ``saved`` also deletes the key lists and answers a read-only open kept on
        disk for the next process (see ordered_values and save_answer).
        """
        self._key_cache.clear()
        self.forget_answers()
        if saved and self.path is not None:
            for folder, suffix in _SAVED_SUFFIX.items():
                for path in (self.path / folder).glob("*" + suffix):
                    path.unlink(missing_ok=True)

    def take_changes(self) -> Changes:
        """What the writes since the last call changed in the union; starts a new record."""
        changes, self._changes = self._changes, Changes()
        return changes

    @property
    def answer_index(self) -> AnswerIndex | None:
        """The kept answer rows of a writable store (None: read-only)."""
        return self._index

    @property
    def kept_answers(self) -> Reader | None:
        """The kept answer rows as this open sees them (None: none kept)."""
        if self._index is not None:
            return self._index.reader()
        return self._index_reader

    def forget_answers(self) -> None:
        """Drop the answers ``remembered`` keeps in memory (not the key lists, nothing on disk)."""
        with self._answers_lock:
            self._answers.clear()
            self._answer_rows = 0

    def remembered(self, key: Hashable, compute: Callable[[], QueryResult]) -> QueryResult:
        """``compute()``'s result, kept for ``key`` until the store changes.

        For answers asked again of the same open store (a warm store: `caveat
        serve`, a notebook, the benchmark). A read-only open is a snapshot, and
        every write to a writable store forgets them all (``_writes``), as for
        the key lists. Each call returns a copy (``QueryResult.copy``): sorting
        or slicing its rows leaves the kept one alone; the row dicts are shared
        and must not be changed. Results of more than ``ANSWER_CACHE_ROWS`` rows
        and graphs (CONSTRUCT) are not kept; the least recently used go first.
        """
        with self._answers_lock:
            hit = self._answers.get(key)
            if hit is not None and hit[0] == self._generation:
                self._answers.move_to_end(key)
                return hit[1].copy()
            generation = self._generation
        result = compute()
        size = len(result.rows)
        if result.graph is not None or size > ANSWER_CACHE_ROWS:
            return result
        with self._answers_lock:
            # Kept under the generation it was computed in: after a write meanwhile, never served.
            old = self._answers.pop(key, None)
            if old is not None:
                self._answer_rows -= len(old[1].rows)
            self._answers[key] = (generation, result.copy())
            self._answer_rows += size
            while self._answer_rows > ANSWER_CACHE_ROWS:
                _, (_, dropped) = self._answers.popitem(last=False)
                self._answer_rows -= len(dropped.rows)
        return result

    # ----------------------------------------------------------------- graphs

    def __len__(self) -> int:
        """Number of quads in the named graphs, quarantine included.

        The materialised union in the default graph is derived data and is
        not counted.
        """
        result = self._db().query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(result))[0].value)

    def graphs(self) -> list[URIRef]:
        """Names of all named graphs (quarantine included), sorted.

        Lists every graph: a run uses :meth:`has_graph` and :meth:`document_count`.
        """
        return sorted(from_ox(g) for g in self._db().named_graphs())  # type: ignore[type-var]

    def has_graph(self, graph: URIRef) -> bool:
        """Whether the named graph ``graph`` exists (an index look-up, not a listing)."""
        return self._db().contains_named_graph(to_ox_graph_name(graph))

    def document_count(self) -> int:
        """How many documents the store holds (``cv:Document`` instances in the union)."""
        result = self._db().query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?d a {CV.Document.n3()} }}")
        return int(next(iter(result))[0].value)

    def graph_triples(self, graph: URIRef) -> Graph:
        """The triples of one named graph, as a new rdflib graph."""
        out = Graph(identifier=graph)
        for quad in self._db().quads_for_pattern(None, None, None, to_ox_graph_name(graph)):
            out.add(triple_from_ox(quad))
        return out

    def remove_graph(self, graph: URIRef) -> None:
        """Delete a named graph and its triples (no error if it is absent)."""
        self.replace_graph(graph, Graph())

    def replace_graph(self, graph: URIRef, g: Graph) -> None:
        """Make named graph ``graph`` hold exactly the triples of ``g``, atomically.

        One SPARQL update is one Oxigraph transaction, so readers see the old
        graph or the new one, never a mix, and the materialised union changes
        with it. Only the difference is written, which makes a re-run on
        unchanged input nearly free (deleting triples on disk is the slow
        part). Triples with blank nodes cannot be matched across writes, so
        those are always rewritten. An empty ``g`` removes the graph.
        """
        self.replace_graphs({graph: g})

    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        """:meth:`replace_graph` for several graphs in *one* transaction.

        A document's kept graph and its quarantine graph are written together
        this way, so a crash (even SIGKILL) leaves either the old pair or the
        new pair in the store, never the new facts beside a stale quarantine.
        """
        contents = {}
        for graph, g in graphs.items():
            if not isinstance(graph, URIRef):
                raise TypeError(f"graph must be a URIRef, not {type(graph).__name__}")
            contents[graph] = _to_quads(g, to_ox_graph_name(graph), graph)
        self._replace(contents)

    def replace_quads(self, graphs: Mapping[URIRef, Iterable[ox.Quad]]) -> None:
        """:meth:`replace_graphs` from Oxigraph quads (what extraction workers send back).

        Each graph's quads must name that graph; an empty iterable empties the
        graph. One transaction, as for ``replace_graphs``.
        """
        contents = {}
        for graph, quads in graphs.items():
            if not isinstance(graph, URIRef):
                raise TypeError(f"graph must be a URIRef, not {type(graph).__name__}")
            name = to_ox_graph_name(graph)
            plain: set[ox.Quad] = set()
            blank: set[ox.Quad] = set()
            for q in quads:
                if q.graph_name != name:
                    raise StoreError(f"a quad for <{graph}> names the graph {q.graph_name}",
                                     hint="group quads by their graph name")
                (blank if _has_blank_node(q) else plain).add(q)
            contents[graph] = (plain, blank)
        self._replace(contents)

    @_writes
    def add_new_documents(self, documents: Sequence[Mapping[URIRef, Sequence[ox.Quad]]]) -> list[bool]:
        """Write the documents whose graphs are all new, together, as one atomic ingest.

        ``documents`` holds one ``replace_quads`` argument per document. Those
        that only create graphs the store does not hold (nor an earlier
        document of the call), with no blank node, are written: their graphs
        and their union triples go into the database as one RocksDB ingestion
        of files for every index (``IngestExternalFiles`` across column
        families), which a crash keeps whole or loses whole, as it does a
        transaction. Above ``INGEST_MAX_QUADS`` quads they are written in one
        transaction instead. For many new documents this costs about half of
        one transaction per document (``bench/store_writes.py``).

        Returns, per document, whether it was written; write the others with
        :meth:`replace_quads` (re-runs, blank nodes). An empty graph of a new
        document is left out: it does not exist either way.
        """
        db = self._writable()
        written: list[bool] = []
        taken: set[ox.NamedNode] = set()
        quads: list[ox.Quad] = []
        for graphs in documents:
            names = {graph: to_ox_graph_name(graph) for graph in graphs}
            for graph, qs in graphs.items():
                for q in qs:
                    if type(q) is not ox.Quad:
                        raise StoreError(f"cannot write <{graph}>: {q!r} is not a quad",
                                         hint="pass pyoxigraph Quads") from TypeError(type(q).__name__)
                    if q.graph_name != names[graph]:
                        raise StoreError(f"a quad for <{graph}> names the graph {q.graph_name}",
                                         hint="group quads by their graph name")
            new = (not any(n in taken or db.contains_named_graph(n) for n in names.values())
                   and not any(_has_blank_node(q) for qs in graphs.values() for q in qs))
            written.append(new)
            if not new:
                continue
            taken.update(names.values())
            for graph, qs in graphs.items():
                quads.extend(qs)
                name = names[graph]
                if not _is_quarantine(name):  # the materialised union
                    quads.extend(ox.Quad(q.subject, q.predicate, q.object) for q in qs)
                    self._changes.record(_new_to_union(db, qs))
        if not quads:
            return written
        try:
            (db.bulk_extend if len(quads) <= INGEST_MAX_QUADS else db.extend)(quads)
        except OSError as exc:
            raise StoreError(f"cannot write {sum(written)} new documents: {exc}",
                             hint="check free disk space and permissions of the store directory") from exc
        if self._quarantine is not None:
            self._quarantine.update(n for n in taken if _is_quarantine(n))
        return written

    @_writes
    def _replace(self, contents: Mapping[URIRef, tuple[set[ox.Quad], set[ox.Quad]]]) -> None:
        db = self._writable()
        plans = [self._plan(db, graph, plain, blank) for graph, (plain, blank) in contents.items()]
        graphs = contents
        for plan in plans:
            if plan.in_union:  # what the union gains (its losses are recorded below, as `gone`)
                self._changes.record(_new_to_union(db, plan.added))
                self._changes.record(plan.old_blank, removed=True)
        if all(_only_adds(plan) for plan in plans):
            self._extend(db, plans, graphs)
            self._note_quarantine(plans)
            return
        replaced = {plan.name for plan in plans}
        # A triple stays in the union if a replaced visible graph will still hold it.
        still_held = {(q.subject, q.predicate, q.object)
                      for plan in plans if plan.in_union for q in plan.new_plain}
        deletes: list[str] = []
        inserts: list[str] = []
        drops: list[str] = []
        for plan in plans:
            if not plan.changes:
                continue
            ref = str(plan.name)  # "<iri>": Oxigraph validated and escaped it
            if plan.old_has_blank:
                # Stored blank nodes cannot be written as constants; match them instead.
                union_part = "?s ?p ?o" if plan.in_union else ""
                deletes.append(f"DELETE {{ GRAPH {ref} {{ ?s ?p ?o }} {union_part} }} "
                               f"WHERE {{ GRAPH {ref} {{ ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }} }}")
            if plan.removed:
                # The union keeps a triple while any other visible graph still has it.
                gone = ([q for q in plan.removed
                         if (q.subject, q.predicate, q.object) not in still_held
                         and not self._elsewhere(q, replaced)] if plan.in_union else [])
                self._changes.record(gone, removed=True)
                deletes.append(_data_op("DELETE", ref, plan.removed, gone))
            if plan.added:
                inserts.append(_data_op("INSERT", ref, plan.added, plan.added if plan.in_union else []))
            if plan.empty:
                drops.append(f"DROP SILENT GRAPH {ref}")  # forget the now empty graph's name too
        ops = deletes + inserts + drops
        if not ops:
            return  # already exactly this content: write nothing
        try:
            db.update(" ;\n".join(ops))
        except OSError as exc:
            names = ", ".join(f"<{g}>" for g in graphs)
            raise StoreError(f"cannot write graph {names}: {exc}",
                             hint="check free disk space and permissions of the store directory") from exc
        self._note_quarantine(plans)

    def _note_quarantine(self, plans: list[_GraphPlan]) -> None:
        """Keep the listed quarantine graphs (``_quarantine_graphs``) as written by ``plans``."""
        if self._quarantine is None:
            return
        for plan in plans:
            if _is_quarantine(plan.name):
                if plan.new_plain or plan.added:
                    self._quarantine.add(plan.name)
                else:
                    self._quarantine.discard(plan.name)

    @staticmethod
    def _extend(db: ox.Store, plans: list[_GraphPlan], graphs: Mapping[URIRef, Any]) -> None:
        """Write plans that only add triples without blank nodes: one ``extend`` transaction.

        The common case (new documents) costs a third of the equivalent
        ``INSERT DATA``, which Oxigraph has to parse back from text.
        """
        quads: list[ox.Quad] = []
        for plan in plans:
            quads.extend(plan.added)
            if plan.in_union:  # the materialised union: the same triples in the default graph
                quads.extend(ox.Quad(q.subject, q.predicate, q.object) for q in plan.added)
        if not quads:
            return
        try:
            db.extend(quads)
        except OSError as exc:
            names = ", ".join(f"<{g}>" for g in graphs)
            raise StoreError(f"cannot write graph {names}: {exc}",
                             hint="check free disk space and permissions of the store directory") from exc

    def _plan(self, db: ox.Store, graph: URIRef, new_plain: set[ox.Quad],
              new_blank: set[ox.Quad]) -> _GraphPlan:
        """What making named graph ``graph`` hold these quads changes."""
        name = to_ox_graph_name(graph)
        old_plain: set[ox.Quad] = set()
        old_blank: set[ox.Quad] = set()
        existing = db.contains_named_graph(name)
        for quad in db.quads_for_pattern(None, None, None, name) if existing else ():
            (old_blank if _has_blank_node(quad) else old_plain).add(quad)
        empty = not new_plain and not new_blank
        return _GraphPlan(
            name=name, in_union=not _is_quarantine(name), new_plain=new_plain,
            removed=old_plain - new_plain, added=(new_plain - old_plain) | new_blank,
            old_blank=old_blank, empty=empty and existing)

    def _elsewhere(self, quad: ox.Quad, replaced: set[ox.NamedNode]) -> bool:
        """Whether a non-quarantine named graph not being replaced holds ``quad``'s triple."""
        for other in self._db().quads_for_pattern(quad.subject, quad.predicate, quad.object, None):
            g = other.graph_name
            if not isinstance(g, ox.DefaultGraph) and g not in replaced and not _is_quarantine(g):
                return True
        return False

    @_writes
    def rebuild_union(self) -> None:
        """Recompute the materialised union (the default graph) from the named graphs.

        Never needed in normal use; a repair tool if something wrote to the
        default graph behind this class's back.
        """
        db = self._writable()
        self._changes.everything = True
        try:
            db.update("DROP SILENT DEFAULT ;\n"
                      "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
                      "FILTER(!STRSTARTS(STR(?g), " + str(ox.Literal(QUARANTINE_PREFIX)) + ")) }")
        except OSError as exc:
            raise StoreError(f"cannot rebuild the union graph: {exc}",
                             hint="check free disk space and permissions of the store directory") from exc

    @_writes
    def bulk_load(self, quads: Iterable[ox.Quad] | BinaryIO | Path, fmt: str = "nquads") -> int:
        """Add *new* named graphs in bulk: Oxigraph quads, or an N-Quads / TriG file or stream.

        For loading many graphs at once (benchmark stores, N-Quads shards
        written by workers, an export into an empty store): about 5x faster
        than :meth:`replace_graph` per triple on disk, because it skips the
        transaction and the diff. The union (default graph) gets every triple
        of the non-quarantine graphs, as ``replace_graph`` keeps it. Every
        graph must be new to the store (StoreError otherwise: use
        ``replace_graph`` to change a graph). Not atomic: a reader may see a
        partly loaded store, and a crash leaves one (``add_new_documents`` is the
        atomic way for documents a run writes). Returns the number of
        quads read. Blank nodes keep their labels: load data that has none
        (the mapper writes none) or whose labels are fresh.
        """
        db = self._writable()
        self._changes.everything = True  # not recorded quad by quad: bulk loads are big
        self._quarantine = None  # listed again when next needed
        if isinstance(quads, (Path, str)) or hasattr(quads, "read"):
            if fmt not in ("nquads", "trig"):
                raise StoreError(f"cannot bulk-load {fmt!r}",
                                 hint="bulk loading reads named graphs: use nquads or trig")
            rdf_format = EXPORT_FORMATS[fmt][0]
            quads = (ox.parse(path=str(quads), format=rdf_format) if isinstance(quads, (Path, str))
                     else ox.parse(quads, format=rdf_format))
        seen: dict[Any, bool] = {}  # graph name -> in the union?
        count = 0

        def with_union() -> Iterator[ox.Quad]:
            nonlocal count
            for q in quads:
                g = q.graph_name
                in_union = seen.get(g)
                if in_union is None:
                    if isinstance(g, ox.DefaultGraph):
                        raise StoreError("bulk_load got a triple outside any named graph",
                                         hint="the default graph is derived (the union); load "
                                              "named graphs only, e.g. an N-Quads export")
                    if db.contains_named_graph(g):
                        raise StoreError(f"bulk_load: the graph {g} is already in the store",
                                         hint="bulk loading only adds new graphs; use "
                                              "replace_graph (or `caveat run`) to change one")
                    in_union = seen[g] = not _is_quarantine(g)
                count += 1
                yield q
                if in_union:
                    yield ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())

        try:
            db.bulk_extend(with_union())
        except OSError as exc:
            raise StoreError(f"cannot bulk-load into the store: {exc}",
                             hint="check free disk space and permissions of the store directory") from exc
        except SyntaxError as exc:
            raise StoreError(f"cannot parse the {fmt} input: {exc}",
                             hint="the input must be valid N-Quads or TriG") from exc
        return count

    def optimize(self) -> None:
        """Compact the database (RocksDB): later reads look in fewer, sorted files.

        Useful after writing a large share of the store (a first run, a bulk
        load): pages of the competency questions read ~30 % faster on a
        compacted 1M-triple store. It rewrites the whole database (seconds per
        million triples), so ``caveat run`` calls it only when the run wrote a
        large share of the store. The data does not change.
        """
        db = self._writable(data=False)
        if self.path is None:
            return  # in memory: nothing to compact
        try:
            db.optimize()
        except OSError as exc:
            raise StoreError(f"cannot optimize the store {self.path}: {exc}",
                             hint="check free disk space (compaction rewrites the files); "
                                  "the data is unchanged") from exc

    @_writes
    def replace_subjects(self, graph: URIRef, subjects: Iterable[URIRef], g: Graph) -> None:
        """Make the triples of ``graph`` about ``subjects`` exactly those of ``g``, atomically.

        Triples of ``graph`` about other subjects stay as they are: an
        incremental :meth:`replace_graph` for derived graphs that change a
        little per run (the merged graph). Every subject of ``g`` must be in
        ``subjects``; no blank nodes.
        """
        db = self._writable()
        name = to_ox_graph_name(graph)
        subject_set = set(subjects)
        new_plain, new_blank = _to_quads(g, name, graph)
        if new_blank:
            raise StoreError("replace_subjects does not take blank nodes",
                             hint="use replace_graph for graphs with blank nodes")
        wanted = {to_ox(s) for s in subject_set}
        stray = {q.subject for q in new_plain} - wanted
        if stray:
            raise StoreError(f"replace_subjects: {len(stray)} subject(s) of the new triples are "
                             "not among the subjects being replaced",
                             hint="pass every subject of g in subjects")
        old_plain: set[ox.Quad] = set()
        for s in wanted:
            old_plain.update(db.quads_for_pattern(s, None, None, name))
        removed, added = old_plain - new_plain, new_plain - old_plain
        if not removed and not added:
            return
        in_union = not _is_quarantine(name)
        if not in_union:
            self._quarantine = None  # (the graph may come or go: listed again when needed)
        if in_union:
            self._changes.record(_new_to_union(db, added))
        ref = str(name)
        ops = []
        if removed:
            gone = [q for q in removed if not self._elsewhere(q, {name})] if in_union else []
            self._changes.record(gone, removed=True)
            ops.append(_data_op("DELETE", ref, removed, gone))
        if added:
            ops.append(_data_op("INSERT", ref, added, added if in_union else []))
        try:
            db.update(" ;\n".join(ops))
        except OSError as exc:
            raise StoreError(f"cannot write graph <{graph}>: {exc}",
                             hint="check free disk space and permissions of the store directory") from exc

    # ----------------------------------------------------------------- reading

    def _quarantine_graphs(self) -> list[ox.NamedNode]:
        if self._quarantine is None:  # listed once, then kept by the writes
            self._quarantine = {g for g in self._db().named_graphs() if _is_quarantine(g)}
        return sorted(self._quarantine, key=lambda g: g.value)

    def _visible_graphs(self, include_quarantine: bool) -> list[ox.NamedNode | ox.BlankNode]:
        return [g for g in self._db().named_graphs() if include_quarantine or not _is_quarantine(g)]

    def _dataset_kwargs(self, include_quarantine: bool, sparql: str | None = None) -> dict[str, Any]:
        """Query arguments: which graphs are the default graph and GRAPH ?g.

        Listing the named graphs costs ~0.1 s per 100k graphs, so it is
        skipped for queries that cannot reach a named graph (no ``GRAPH``).
        """
        if not include_quarantine and sparql is not None and not _GRAPH_KEYWORD.search(sparql):
            return {}  # the default graph (the union) already excludes quarantine
        quarantine = self._quarantine_graphs()
        if not quarantine:
            return {}  # store defaults: the union default graph and every named graph
        if include_quarantine:
            # Quarantine is not in the materialised union; add it (may repeat triples).
            return {"default_graph": [ox.DefaultGraph(), *quarantine]}
        # Hidden graphs are left out of GRAPH ?g too, not only of the default graph.
        return {"named_graphs": self._visible_graphs(False)}

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None,
              include_quarantine: bool = False) -> QueryResult:
        """Run a SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE over the union of graphs.

        The default graph is the set union of all named graphs except
        quarantine (``include_quarantine`` adds them). ``bindings`` pre-bind
        variables (``{"doc": URIRef(...)}``) as terms, never as query text:
        Oxigraph substitutes them (SEP-0007) when the variable is projected;
        otherwise a ``VALUES`` block rendered from the validated terms opens
        the WHERE clause, so the binding applies before any GROUP BY.
        """
        return self._evaluate(sparql, bindings, include_quarantine, _materialise)

    def solutions(self, sparql: str, consume: Callable[[list[str], Iterator[tuple]], Any]) -> Any:
        """Run a SELECT and hand its variables and its solutions, as tuples of Oxigraph
        terms (None: unbound), to ``consume``, which reads them before it returns.

        For readers of many rows that need no rdflib terms (kept answers,
        pipeline/answers.py): building them is most of ``query``'s time then.
        """
        def select(result: Any) -> Any:
            if not isinstance(result, ox.QuerySolutions):
                raise QueryError("solutions() runs SELECT queries only", hint="use query() for others")
            variables = [v.value for v in result.variables]
            width = range(len(variables))
            return consume(variables, (tuple(solution[i] for i in width) for solution in result))
        return self._evaluate(sparql, None, False, select)

    def ordered_values(self, sparql: str, variable: str, bindings: Mapping[str, Node] | None = None,
                       offset: int = 0, limit: int | None = None) -> tuple[list[Node], int]:
        """The distinct values of ``variable`` in a SELECT's solutions, in SPARQL order, sliced.

        Returns ``values[offset:offset + limit]`` (all from ``offset`` when
        ``limit`` is None) and how many distinct values there are. The order is
        ORDER BY's: blank nodes, IRIs, literals, each by its text (code
        points). It is computed here rather than by ORDER BY because Oxigraph
        on disk decodes both terms at every comparison (250 ms to sort 4,680
        IRIs at 1M triples, against 20 ms to list them). Unbound values are
        skipped. For paging (pipeline/paging.py).

        The sorted list is kept (per query and bindings) until the store
        changes, so the next page of the same question skips the query: a
        read-only store is a snapshot, and every write to a writable one drops
        the lists (``_writes``). A read-only open also saves each list in the
        store's ``caveat-keys`` folder with the fingerprint of the database
        files it was opened on (``_fingerprint``), and uses a saved list whose
        fingerprint is the current one: the next ``caveat ask --offset`` (a new
        process) skips the key query too, until a write changes the files.
        """
        cache_key = (sparql, variable, tuple(sorted((bindings or {}).items())))
        cached = self._key_cache.get(cache_key)
        if cached is not None and cached[0] == self._generation:
            groups = cached[1]
        else:
            generation = self._generation
            groups = self._load_keys(cache_key)
            if groups is None:
                groups = self._evaluate(sparql, bindings, False,
                                        lambda result: _sorted_distinct(result, variable))
                self._save_keys(cache_key, groups)
            if generation == self._generation:  # no write meanwhile
                self._key_cache.pop(cache_key, None)
                self._key_cache[cache_key] = (generation, groups)
                while len(self._key_cache) > KEY_CACHE_SIZE:
                    del self._key_cache[next(iter(self._key_cache))]
        total = sum(len(items) for _, items in groups)
        end = total if limit is None else min(total, offset + limit)
        out: list[Node] = []
        position = 0
        for kind, items in groups:
            if position + len(items) <= offset or position >= end:
                position += len(items)
                continue
            for item in items[max(0, offset - position):end - position]:
                if kind == "b":
                    out.append(BNode(item))
                elif kind == "i":
                    out.append(URIRef(item))
                else:
                    value, datatype, language = item
                    out.append(Literal(value, lang=language or None,
                                       datatype=None if language else URIRef(datatype)))
            position += len(items)
        return out, total

    def _saved_file(self, folder: str, cache_key: object) -> Path | None:
        """Where a read-only snapshot keeps what it computed for ``cache_key`` (None: nowhere)."""
        if not self.saves_to_disk:
            return None
        digest = hashlib.sha256(repr(cache_key).encode("utf-8")).hexdigest()[:32]
        return self.path / folder / f"{digest}{_SAVED_SUFFIX[folder]}"

    @staticmethod
    def _write_saved(path: Path, data: bytes, keep: int, max_bytes: int | None = None) -> None:
        """Write ``data`` to ``path`` atomically; beside it keep the ``keep`` newest files,
        and only as many of them as fit in ``max_bytes`` (the newest always stays).

        Best effort, on purpose: a store directory the user may not write to, or
        a full disk, only costs the next process the work the file would save.
        """
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)
            saved = [(e.stat().st_mtime_ns, e.stat().st_size, Path(e.path)) for e in os.scandir(path.parent)
                     if e.name.endswith(path.suffix)]
            saved.sort(reverse=True)  # newest first
            total = 0
            for i, (_, size, file) in enumerate(saved):
                total += size
                if i >= keep or (max_bytes is not None and i > 0 and total > max_bytes):
                    file.unlink(missing_ok=True)
        except OSError:
            with contextlib.suppress(OSError):  # e.g. no folder to remove it from
                tmp.unlink(missing_ok=True)

    @property
    def saves_to_disk(self) -> bool:
        """Whether this open keeps key lists and answers on disk for later opens: a
        read-only open of database files that did not change while it opened (no
        writer compacting them meanwhile)."""
        return self._disk_fingerprint is not None and self.path is not None

    def saved_answer(self, key: Hashable) -> tuple[dict, bytes] | None:
        """The ``(meta, data)`` an earlier read-only open saved for ``key`` on the same
        database files (``save_answer``), or None."""
        path = self._saved_file(ANSWER_CACHE_DIR, key)
        if path is None:
            return None
        try:
            raw = path.read_bytes()
            head, sep, data = raw.partition(b"\n")
            header = json.loads(head)
            if not sep or header.get("fingerprint") != self._disk_fingerprint or header.get("key") != repr(key):
                return None  # the store changed since (or another answer had the same digest)
            meta = header["meta"]
            if not isinstance(meta, dict):
                return None
            return meta, data
        except (OSError, ValueError, KeyError, AttributeError):
            return None  # none, unreadable or damaged: computed again (and saved over)

    def save_answer(self, key: Hashable, meta: dict, data: bytes) -> None:
        """Keep ``data`` (a rendered answer) and ``meta`` (JSON) for later read-only
        opens of the same database files: the next `caveat ask`, a new process.

        Only a read-only open saves (its snapshot's files have a fingerprint,
        ``_fingerprint``); a write changes the files, and the saved answers no
        longer match. At most ``ANSWER_CACHE_FILES`` answers and
        ``ANSWER_CACHE_BYTES`` are kept, the newest first.
        """
        path = self._saved_file(ANSWER_CACHE_DIR, key)
        if path is None:
            return
        header = json.dumps({"fingerprint": self._disk_fingerprint, "key": repr(key), "meta": meta})
        self._write_saved(path, header.encode("utf-8") + b"\n" + data, ANSWER_CACHE_FILES, ANSWER_CACHE_BYTES)

    def _key_file(self, cache_key: tuple) -> Path | None:
        return self._saved_file(KEY_CACHE_DIR, cache_key)

    def _load_keys(self, cache_key: tuple) -> tuple | None:
        """A sorted key list an earlier read-only open saved for the same database files."""
        path = self._key_file(cache_key)
        if path is None:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("fingerprint") != self._disk_fingerprint or data.get("key") != repr(cache_key):
                return None  # the store changed since (or another list had the same digest)
            return tuple((kind, [tuple(i) for i in items] if kind == "l" else list(items))
                         for kind, items in data["groups"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # none, unreadable or damaged: computed again (and saved over)

    def _save_keys(self, cache_key: tuple, groups: tuple) -> None:
        """Keep a sorted key list for later read-only opens of the same database files.

        Best effort, on purpose: a store directory the user may not write to, or
        a full disk, only costs the next process the key query.
        """
        path = self._key_file(cache_key)
        if path is None:
            return
        data = json.dumps({"fingerprint": self._disk_fingerprint, "key": repr(cache_key), "groups": groups})
        self._write_saved(path, data.encode("utf-8"), KEY_CACHE_FILES)

    def _evaluate(self, sparql: str, bindings: Mapping[str, Node] | None, include_quarantine: bool,
                  consume: Any) -> Any:
        """Run ``sparql`` and hand its result to ``consume``, mapping errors to CaveatErrors."""
        db = self._db()
        kwargs = self._dataset_kwargs(include_quarantine, sparql)
        subs = _substitutions(bindings or {})
        try:
            try:
                result = db.query(sparql, substitutions=subs or None, **kwargs)
            except RuntimeError as exc:
                if not subs or _NOT_PROJECTED not in str(exc):
                    raise
                result = db.query(_inject_values(sparql, subs), **kwargs)
            return consume(result)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {exc}",
                             hint="fix the query at the reported line:column "
                                  "(only SELECT, ASK, CONSTRUCT and DESCRIBE can be asked)") from exc
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}",
                             hint="retry; if it persists, rebuild the store with `caveat run`") from exc
        except (RuntimeError, ValueError) as exc:
            raise QueryError(f"the query failed: {exc}", hint="check the query and its bindings") from exc

    # ----------------------------------------------------------------- export

    def export(self, fmt: str, out: BinaryIO, include_quarantine: bool = False) -> None:
        """Stream the store to ``out`` as turtle, ntriples, trig, nquads or jsonld.

        trig, nquads and jsonld hold the named graphs; turtle and ntriples
        hold their union (each triple once). Quarantine graphs are left out
        unless ``include_quarantine``.
        """
        try:
            rdf_format, keeps_graphs = EXPORT_FORMATS[fmt]
        except KeyError:
            raise StoreError(f"unknown export format {fmt!r}",
                             hint="use one of " + ", ".join(EXPORT_FORMATS)) from None
        db = self._db()
        prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        try:
            if keeps_graphs:
                ox.serialize(self._named_quads(include_quarantine), out, rdf_format, prefixes=prefixes)
            elif include_quarantine and self._quarantine_graphs():
                # CONSTRUCT de-duplicates the union with quarantine (in Rust).
                triples = db.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                   **self._dataset_kwargs(include_quarantine=True))
                ox.serialize(triples, out, rdf_format, prefixes=prefixes)
            else:
                db.dump(out, rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)
        except OSError as exc:
            raise StoreError(f"cannot write the {fmt} export: {exc}",
                             hint="check free disk space and that the output path is writable") from exc

    def _named_quads(self, include_quarantine: bool) -> Iterator[ox.Quad]:
        """Quads of the named graphs (not the derived default graph), graph by graph."""
        db = self._db()
        for g in self._visible_graphs(include_quarantine):
            yield from db.quads_for_pattern(None, None, None, g)

    def dataset(self, include_quarantine: bool = False) -> dict[URIRef | BNode, Graph]:
        """All named graphs as rdflib graphs, keyed by name.

        Loads everything into memory: for tests and small stores.
        """
        out: dict[URIRef | BNode, Graph] = {}
        for quad in self._named_quads(include_quarantine):
            name = from_ox_graph_name(quad.graph_name)
            out.setdefault(name, Graph(identifier=name)).add(triple_from_ox(quad))
        return out

    def union(self, include_quarantine: bool = False) -> Graph:
        """The default graph queries see (the union), as an rdflib graph. For tests."""
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", include_quarantine=include_quarantine)
        assert result.graph is not None
        return result.graph


# --------------------------------------------------------------------------- helpers

def _is_quarantine(graph: object) -> bool:
    return isinstance(graph, ox.NamedNode) and graph.value.startswith(QUARANTINE_PREFIX)


def _fingerprint(path: Path) -> str | None:
    """The names, sizes and modification times of the database's files, hashed.

    Every committed write changes it (RocksDB appends to its write-ahead log,
    flushes and compacts into new files). Only RocksDB's files count, not its
    info logs (written by every open) nor its lock. None if a file vanished
    while it was read (a writer compacting): no saved key lists then.
    """
    entries = []
    try:
        for entry in os.scandir(path):
            name = entry.name
            if not _ROCKSDB_FILES.match(name) or name.startswith("LOG") or name == "LOCK":
                continue
            info = entry.stat()
            entries.append((name, info.st_size, info.st_mtime_ns))
    except OSError:
        return None
    return hashlib.sha256(repr(sorted(entries)).encode("utf-8")).hexdigest()


def _check_is_store_dir(path: Path, must_exist: bool) -> None:
    """Refuse directories that hold something other than an Oxigraph store.

    Without this, ``--store articles/`` would silently create a database
    among the user's files.
    """
    entries = [e.name for e in path.iterdir()
               if e.name not in (LOCK_FILE, KEY_CACHE_DIR, ANSWER_CACHE_DIR, INDEX_DIR)]
    if "CURRENT" in entries:
        return
    if not must_exist and entries and all(_ROCKSDB_FILES.match(e) for e in entries):
        # RocksDB files but no CURRENT: the first run was killed while it created the
        # database. Nothing was committed; let RocksDB finish creating it.
        return
    if entries or must_exist:
        listed = ", ".join(sorted(entries)[:3]) or "nothing"
        hint = ("build one first with `caveat run DIR --store STORE`, or check --store" if must_exist
                else "pass a new or empty directory to --store, or the directory of an existing store")
        raise StoreError(f"{path} is not a caveat store (it holds {listed})", hint=hint)


def _acquire_lock(path: Path) -> IO[str]:
    """Take the exclusive writer lock in ``path`` or raise StoreLockedError."""
    lock = open(path / LOCK_FILE, "a+", encoding="utf-8")  # noqa: SIM115 - held until close()
    try:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip()
        lock.close()
        who = f" (pid {holder})" if holder else ""
        raise StoreLockedError(
            f"the store {path} is locked by another writer{who}",
            hint=f"another caveat run is writing to {path}; wait for it or use another --store",
        ) from None
    # Record the holder so the next writer's message can name it.
    lock.seek(0)
    lock.truncate()
    lock.write(str(os.getpid()))
    lock.flush()
    return lock


def graph_quads(g: Graph, graph: URIRef) -> list[ox.Quad]:
    """``g`` as Oxigraph quads in named graph ``graph``, ready for :meth:`Store.replace_quads`.

    Raises ``StoreError`` (caused by the ``ValueError``) for a term Oxigraph
    refuses, such as an IRI with a space.
    """
    plain, blank = _to_quads(g, to_ox_graph_name(graph), graph)
    return [*plain, *blank]


_IRI_CACHE: dict[Node, Any] = {}
_IRI_CACHE_MAX = 200_000


def _to_quads(g: Graph, name: ox.NamedNode, graph: URIRef) -> tuple[set[ox.Quad], set[ox.Quad]]:
    """``g`` as Oxigraph quads in ``name``: (quads without blank nodes, quads with)."""
    plain: set[ox.Quad] = set()
    blank: set[ox.Quad] = set()
    # IRIs repeat a lot, within a graph and across documents (predicates, classes, entities):
    # convert each once per process (bounded). Blank nodes are converted once per graph.
    if len(_IRI_CACHE) >= _IRI_CACHE_MAX:
        _IRI_CACHE.clear()
    cache = _IRI_CACHE
    local: dict[Node, Any] = {}

    def conv(term: Node) -> Any:
        kind = type(term)
        if kind is Literal:  # type(), not isinstance(): rdflib terms are ABCs (slow checks)
            return to_ox(term)
        memo = cache if kind is URIRef else local
        hit = memo.get(term)
        if hit is None:
            hit = memo[term] = to_ox(term)
        return hit

    for s, p, o in g:
        try:
            quad = ox.Quad(conv(s), conv(p), conv(o), name)
        except (TypeError, ValueError) as exc:
            raise StoreError(f"cannot store the triple ({s!r}, {p!r}, {o!r}) in <{graph}>: {exc}",
                             hint="IRIs may not contain spaces or <>\"{}|^`\\ and language tags "
                                  "must be BCP 47 (e.g. en, en-gb); fix the code that built it") from exc
        (blank if type(quad.subject) is ox.BlankNode or type(quad.object) is ox.BlankNode
         else plain).add(quad)
    return plain, blank


def _new_to_union(db: ox.Store, quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads whose triple the union (the default graph) does not hold yet."""
    default = ox.DefaultGraph()
    return [q for q in quads if ox.Quad(q.subject, q.predicate, q.object, default) not in db]


def _only_adds(plan: _GraphPlan) -> bool:
    """Whether writing ``plan`` adds triples, none with a blank node, and removes nothing."""
    return not (plan.removed or plan.old_has_blank or plan.empty
                or any(_has_blank_node(q) for q in plan.added))


def _has_blank_node(q: ox.Quad) -> bool:
    return type(q.subject) is ox.BlankNode or type(q.object) is ox.BlankNode


def _data_op(verb: str, graph_ref: str, quads: Iterable[ox.Quad], union: Iterable[ox.Quad]) -> str:
    """``INSERT DATA``/``DELETE DATA`` for ``quads`` in the graph and ``union`` in the default graph.

    str() of an Oxigraph term is its N-Triples form, valid SPARQL term syntax
    with every quote, backslash and newline escaped. Within one INSERT DATA a
    blank node label names one fresh node, in both graphs.
    """
    body = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
    union_body = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in union)
    return f"{verb} DATA {{ GRAPH {graph_ref} {{\n{body}}}\n{union_body}}}"


def _sorted_distinct(result: ox.QuerySolutions, variable: str) -> tuple[tuple[str, list], ...]:
    """The distinct values of ``variable`` as sorted lists of their texts, by kind, in ORDER BY's order.

    Terms stay plain strings (tuples for literals) until a page needs them: 26,000
    rdflib terms would cost more than sorting.
    """
    names = [v.value for v in result.variables]
    if variable not in names:
        raise QueryError(f"the query does not project ?{variable}",
                         hint="project the variable whose values are asked for")
    at = names.index(variable)
    terms = [solution[at] for solution in result]  # the hot loop: keep it bare
    named = ox.NamedNode
    iris = {t.value for t in terms if type(t) is named}
    blanks, literals = set(), set()
    if len(iris) < len(terms):
        for term in terms:
            if term is None or type(term) is named:
                continue
            if isinstance(term, ox.BlankNode):
                blanks.add(term.value)
            else:
                literals.add((term.value, term.datatype.value, term.language or ""))
    return (("b", sorted(blanks)), ("i", sorted(iris)), ("l", sorted(literals)))


def _substitutions(bindings: Mapping[str, Node]) -> dict[ox.Variable, Any]:
    subs: dict[ox.Variable, Any] = {}
    for name, term in bindings.items():
        bare = name[1:] if name[:1] in ("?", "$") else name
        try:
            subs[ox.Variable(bare)] = to_ox(term)
        except (TypeError, ValueError) as exc:
            raise QueryError(f"cannot bind ?{bare} to {term!r}: {exc}",
                             hint="bind variables to rdflib URIRef, Literal or BNode values "
                                  "with valid SPARQL variable names") from exc
    return subs


# Just enough SPARQL lexing to find the brace that opens the WHERE clause (and,
# in pipeline.paging, the groups of a query): IRIs, strings and comments may
# contain braces and must be skipped whole.
SPARQL_TOKENS = re.compile(r'''
    (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<comment>\#[^\n\r]*)
  | (?P<word>[?$]?[\w:.-]+)
  | (?P<punct>[{}()])
  | (?P<space>\s+)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_GRAPH_KEYWORD = re.compile(r"\bGRAPH\b", re.IGNORECASE)  # over-matches in strings: harmless


def _where_brace(sparql: str) -> int | None:
    """Index of the ``{`` that opens the query's WHERE group, or None."""
    form = None
    depth_paren = 0
    skipping_template = 0  # brace depth inside a CONSTRUCT template
    template_done = False
    for m in SPARQL_TOKENS.finditer(sparql):
        kind, text = m.lastgroup, m.group()
        if kind == "word" and form is None and text.upper() in _FORMS:
            form = text.upper()
        elif kind == "punct" and form is not None:
            if text == "(":
                depth_paren += 1
            elif text == ")":
                depth_paren -= 1
            elif depth_paren == 0 and text == "{":
                if form == "CONSTRUCT" and not template_done:
                    skipping_template += 1
                    continue
                if not skipping_template:
                    return m.start()
            elif depth_paren == 0 and text == "}" and skipping_template:
                skipping_template -= 1
                template_done = skipping_template == 0
        elif kind == "word" and form == "CONSTRUCT" and text.upper() == "WHERE" and not skipping_template:
            template_done = True  # CONSTRUCT WHERE { ... }: no separate template
    return None


def _inject_values(sparql: str, subs: Mapping[ox.Variable, Any]) -> str:
    """``sparql`` with ``VALUES (?v...) { (term...) }`` opening its WHERE group."""
    if any(isinstance(t, ox.BlankNode) for t in subs.values()):
        raise QueryError("a blank node can only be bound to a variable the query projects",
                         hint="add the variable to the SELECT clause, or bind an IRI instead")
    at = _where_brace(sparql)
    if at is None:
        raise QueryError("cannot bind variables the query does not project: no WHERE clause found",
                         hint="add the bound variables to the SELECT clause")
    # Names were validated by ox.Variable; terms are Oxigraph's escaped N-Triples.
    names = " ".join(str(v) for v in subs)
    values = " ".join(str(t) for t in subs.values())
    return f"{sparql[:at + 1]} VALUES ({names}) {{ ({values}) }} {sparql[at + 1:]}"


def _materialise(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(variables=[], rows=[], boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        g = Graph()
        for triple in result:
            g.add(triple_from_ox(triple))
        return QueryResult(variables=[], rows=[], graph=g)
    variables = [v.value for v in result.variables]
    rows = []
    for solution in result:
        rows.append({name: (None if (t := solution[i]) is None else from_ox(t))
                     for i, name in enumerate(variables)})
    return QueryResult(variables=variables, rows=rows)
