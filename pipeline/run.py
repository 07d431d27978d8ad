"""The main job: inputs -> extraction -> resolution -> RDF -> validation -> store.

A pure function over paths and settings; the CLI only formats what it returns.

Every document read is accounted for in the run report (``STORE/run-report.json``):
loaded, quarantined (some facts failed SHACL and sit in its quarantine graph) or
rejected (with the reason and what to do). One bad document never stops the
others: ingest rejects unreadable inputs, and extraction, mapping and
validation each run behind a per-document error boundary. Only problems that
concern every document (no usable input path, the store locked or unwritable,
no spaCy model, no shapes) stop the run; the report then says ``failed``.

Crash safety: the writer lock is taken *before* the slow NLP, so a second
writer is refused at once; each document's named graph and quarantine graph
are written in one transaction; the report is written to a temporary file and
renamed. A run killed at any point leaves a consistent store, and re-running
completes it without duplicates (graph writes are replacements, not appends).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal

from . import answers
from .engine import BuiltDocument, build_all, extract_all
from .errors import CaveatError, InputError, StoreError, short_message
from .graph import iri
from .graph.mapper import bind_prefixes
from .graph.namespace import CV
from .ingest import MANIFEST, load_inputs
from .query import QUESTIONS
from .records import Document, DocumentExtraction, Span
from .resolve import resolve_corpus
from .store import Store
from .store.oxigraph_store import export_format_for

ONTOLOGY_PATH = Path(__file__).resolve().parents[1] / "ontology" / "caveat.ttl"
REPORT_NAME = "run-report.json"
#: A run that stored at least this share of the store's documents compacts the
#: store at the end (``Store.optimize``): reads get ~30 % faster, and since a
#: compaction costs time in proportion to the store, compacting only after the
#: store grew by a fixed share keeps its cost per document bounded.
OPTIMIZE_SHARE = 0.25

#: Articles longer than this (characters) are split for NLP. Shorter ones go to
#: spaCy whole, as they always did. spaCy refuses texts over ``nlp.max_length``
#: (1,000,000) and needs memory in proportion to the text, and extraction time
#: grows faster than linearly with document length.
LONG_DOCUMENT_CHARS = 100_000
#: Largest piece of a long article parsed at once, cut at a paragraph break
#: where possible (else a line break, a sentence end, a space). Evidence offsets
#: are shifted back, so they stay exact offsets into the whole article.
CHUNK_CHARS = 10_000
#: Pieces handed to the extraction engine per call, per worker. If a call fails,
#: its pieces are retried one at a time, so a crash costs at most this many
#: re-parses per worker. Each call ends when its slowest chunk does, so with N
#: workers a call takes N times as many pieces: fewer waits for the last chunk.
EXTRACT_GROUP = 64
#: Built documents written together: the new ones in one atomic ingest
#: (``Store.add_new_documents``), about half the cost of a transaction each. A crash
#: loses at most the group being written; the run report says what was stored.
WRITE_GROUP_DOCS = 64
#: ... or fewer, when their quads reach this many (the union copies not counted).
WRITE_GROUP_QUADS = 100_000

_HINT_BUG = ("this is a bug in Caveat, not in your file: please report it with the document; "
             "the other documents were processed")

#: For a rejected document that an earlier run stored.
_NOTE_KEPT = ("the version of this document an earlier run stored is kept, and queries still "
              "answer from it; fix the document and run again to replace it")

Progress = Callable[[str, int, int], None]


@dataclass
class DocumentOutcome:
    id: str
    origin: str
    outcome: str  # loaded | quarantined | rejected
    reason: str = ""
    triples: int = 0
    quarantined_triples: int = 0
    hint: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class RunReport:
    store: str
    started: str
    documents: list[DocumentOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    facts: dict[str, int] = field(default_factory=dict)
    inputs: list[str] = field(default_factory=list)
    #: Inputs that are not articles and could not be used (a broken manifest.csv):
    #: {"origin", "reason", "hint"}. They make the run partial.
    input_errors: list[dict[str, str]] = field(default_factory=list)
    finished: str = ""
    seconds: float = 0.0
    #: Set when the run stopped before the end: {"type", "message", "hint"}.
    error: dict[str, str] | None = None
    #: Seconds spent compacting the store at the end (None: not compacted, see OPTIMIZE_SHARE).
    compacted_seconds: float | None = None
    #: Seconds spent bringing the kept answers up to date (pipeline/answers.py), and how.
    answers_seconds: float | None = None
    answers: dict[str, str] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        out = {"documents": len(self.documents), "loaded": 0, "quarantined": 0, "rejected": 0}
        for d in self.documents:
            out[d.outcome] += 1
        return out

    @property
    def status(self) -> str:
        """complete (everything loaded), partial (something needs a look) or failed (stopped)."""
        if self.error is not None:
            return "failed"
        if self.input_errors or any(d.outcome != "loaded" for d in self.documents):
            return "partial"
        return "complete"

    @property
    def exit_code(self) -> int:
        return {"complete": 0, "partial": 1, "failed": 2}[self.status]

    @property
    def ok(self) -> bool:
        return self.status == "complete"

    def to_json(self) -> dict:
        return {"store": self.store, "started": self.started, "finished": self.finished,
                "seconds": round(self.seconds, 3), "status": self.status,
                "exit_code": self.exit_code, "error": self.error, "inputs": self.inputs,
                "counts": self.counts, "facts": self.facts, "notes": self.notes,
                "input_errors": self.input_errors, "compacted_seconds": self.compacted_seconds,
                "answers_seconds": self.answers_seconds, "answers": self.answers,
                "documents": [asdict(d) for d in self.documents]}


def _noop(stage: str, done: int, total: int) -> None:
    pass


def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def merged_graph(store: Store) -> Graph:
    """Confidence: how many documents support each fact, and whether a named person said it."""
    g = bind_prefixes(Graph())
    res = store.query("""
        PREFIX cv: <https://w3id.org/caveat/onto#>
        CONSTRUCT { ?f cv:supportCount ?n }
        WHERE { { SELECT ?f (COUNT(DISTINCT ?d) AS ?n) WHERE { ?f cv:reportedIn ?d } GROUP BY ?f } }""")
    for t in res.graph:
        g.add(t)
    res = store.query("""
        PREFIX cv: <https://w3id.org/caveat/onto#>
        CONSTRUCT { ?f cv:namedSource true }
        WHERE { ?f cv:evidence/cv:attributedTo ?a . ?a a cv:Person }""")
    for t in res.graph:
        g.add(t)
    return g


class MergedGraphUpdate:
    """Keeps the merged graph (support counts, named sources) up to date across one run.

    Only the facts a run can change are touched: those reported in the old or
    the new graph of one of its documents. A fact's support count and named
    source depend only on the graphs of the documents reporting it (the
    category of an entity is part of its key, so "?a a cv:Person" is in the
    graph of the evidence citing ?a). Facts of re-run documents are recounted;
    facts only new documents report get old count + new reports (recounting a
    fact reported by thousands of documents would make a run cost grow with
    the store). A store without a merged graph gets it in full.

    ``start`` before the run's graphs are written (it reads which facts the
    old graphs of re-run documents report), ``finish`` after.
    """

    _PREFIX = "PREFIX cv: <https://w3id.org/caveat/onto#> "
    _REPORTED = "SELECT DISTINCT ?f WHERE { VALUES ?g { $VALUES } GRAPH ?g { ?f cv:reportedIn ?d } }"

    def __init__(self, store: Store, rerun: list, new_graphs: list, incremental: bool) -> None:
        self.store, self.rerun, self.new_graphs, self.incremental = store, rerun, new_graphs, incremental
        self.recount: set = set()

    @classmethod
    def start(cls, store: Store, run_graphs: list) -> MergedGraphUpdate:
        # look-ups, not a listing of every graph: the cost of a run must not grow with the store
        held = {g for g in run_graphs if store.has_graph(g)}
        update = cls(store, [g for g in run_graphs if g in held],
                     [g for g in run_graphs if g not in held], store.has_graph(iri.MERGED_GRAPH))
        if update.incremental:
            update.recount = {r["f"] for r in update._in_chunks(update.rerun, cls._REPORTED)}
        return update

    def _in_chunks(self, items: list, template: str) -> list[dict]:
        """Rows of ``template`` with ``$VALUES`` bound to store terms, 1,000 at a time."""
        rows: list[dict] = []
        for i in range(0, len(items), 1000):
            values = " ".join(t.n3() for t in items[i:i + 1000])
            # Only GRAPH-scoped patterns: no need to hide quarantine graphs, which
            # would list every named graph for Oxigraph (slow on big stores).
            rows += self.store.query(self._PREFIX + template.replace("$VALUES", values),
                                     include_quarantine=True).rows
        return rows

    def finish(self) -> None:
        store = self.store
        if not self.incremental:
            store.replace_graph(iri.MERGED_GRAPH, merged_graph(store))
            return
        recount = self.recount | {r["f"] for r in self._in_chunks(self.rerun, self._REPORTED)}
        added = {r["f"]: int(r["n"]) for r in self._in_chunks(self.new_graphs, (
            "SELECT ?f (COUNT(DISTINCT ?d) AS ?n) WHERE { VALUES ?g { $VALUES } "
            "GRAPH ?g { ?f cv:reportedIn ?d } } GROUP BY ?f")) if r["f"] not in recount}
        named = {r["f"] for r in self._in_chunks(self.new_graphs, (
            "SELECT DISTINCT ?f WHERE { VALUES ?g { $VALUES } GRAPH ?g { "
            "?f cv:evidence ?ev . ?ev cv:attributedTo ?a . ?a a cv:Person } }"))}
        old: dict = {}  # what the merged graph says of them now
        for r in self._in_chunks(sorted(added), "SELECT ?f ?p ?o WHERE { VALUES ?f { $VALUES } "
                                 "GRAPH <" + str(iri.MERGED_GRAPH) + "> { ?f ?p ?o } }"):
            old.setdefault(r["f"], {})[r["p"]] = r["o"]
        facts = sorted(recount | set(added))
        for i in range(0, len(facts), 1000):
            chunk = facts[i:i + 1000]
            g = bind_prefixes(Graph())
            full = [f for f in chunk if f in recount]
            for f in chunk:
                if f in recount:
                    continue
                prior = old.get(f, {})
                count = int(prior[CV.supportCount]) if CV.supportCount in prior else 0
                g.add((f, CV.supportCount, Literal(added[f] + count)))
                if f in named or CV.namedSource in prior:
                    g.add((f, CV.namedSource, Literal(True)))
            if full:
                values = " ".join(f.n3() for f in full)
                for row in store.query(
                        self._PREFIX + "SELECT ?f (COUNT(DISTINCT ?d) AS ?n) "
                        f"WHERE {{ VALUES ?f {{ {values} }} ?f cv:reportedIn ?d }} GROUP BY ?f").rows:
                    g.add((row["f"], CV.supportCount, row["n"]))
                for row in store.query(
                        self._PREFIX + "SELECT DISTINCT ?f WHERE "
                        f"{{ VALUES ?f {{ {values} }} ?f cv:evidence/cv:attributedTo ?a . "
                        "?a a cv:Person }").rows:
                    g.add((row["f"], CV.namedSource, Literal(True)))
            store.replace_subjects(iri.MERGED_GRAPH, chunk, g)


def run(inputs: Sequence[Path], store_path: Path, *, model: str | None = None,
        export: Path | None = None, batch_size: int = 16,
        progress: Progress = _noop, workers: int = 1, engine: str = "local",
        scheduler: str | None = None, shards: Path | None = None,
        keep_answers: bool = True) -> RunReport:
    """Build (or extend) the graph in ``store_path`` from ``inputs``.

    ``keep_answers`` brings the kept answers up to date at the end (pipeline/answers.py):
    the next full answer to each question is read, not evaluated. It costs about what
    evaluating the facts the run touched costs, all their rows (a fact reported by
    thousands of documents has thousands); without it, the answers are evaluated when
    asked until a run keeps them again (and that run rebuilds them all).

    With ``shards``, the document graphs travel from the workers as N-Quads
    files in that directory (shared with the workers on a cluster) and stay
    there after the run.

    Raises ``CaveatError`` when the run cannot start (no usable input, store
    locked or not a store: no report is written) or has to stop (the report
    is written with ``status: failed`` and the error). Otherwise returns the
    report, also written to ``STORE/run-report.json``.
    """
    t0 = time.monotonic()
    report = RunReport(store=str(store_path), started=_now(), inputs=[str(p) for p in inputs])
    ingested = load_inputs(inputs)  # InputError (missing path): before touching the store
    report.notes += ingested.notes
    for r in ingested.rejected:
        if Path(r.origin).name == MANIFEST:
            report.input_errors.append({"origin": r.origin, "reason": r.reason, "hint": r.hint})
        else:
            report.documents.append(DocumentOutcome(id="", origin=r.origin, outcome="rejected",
                                                    reason=r.reason, hint=r.hint))
    if not ingested.documents and not report.documents:
        raise InputError("no articles found in " + ", ".join(str(p) for p in inputs),
                         hint="pass a directory of *.txt or *.jsonl articles, a .txt file or a .jsonl file")
    pending = list(ingested.documents)
    export_format = export_format_for(export) if export is not None else None  # a typo fails now
    # The writer lock first: a second `caveat run` is refused before it parses anything.
    with Store.open(store_path) as store:
        try:
            extracted = extract_documents(pending, model, batch_size, progress, workers=workers,
                                          engine=engine, scheduler=scheduler)
            good: list[DocumentExtraction] = []
            for document, result in zip(pending, extracted):
                if isinstance(result, _Failure):
                    report.documents.append(DocumentOutcome(
                        id=document.id, origin=document.origin, outcome="rejected",
                        reason=result.reason, hint=_HINT_BUG))
                else:
                    good.append(result)
            notes = _part_notes(pending)
            resolved = resolve_corpus(good)
            store.replace_graph(iri.ONTOLOGY_GRAPH, ontology_graph())
            merged = MergedGraphUpdate.start(
                store, [iri.document_graph(x.document.id) for x in resolved])
            built = build_all(resolved, model, batch_size, workers=workers, engine=engine,
                              scheduler=scheduler, shard_dir=shards)
            pairs = ((x.document, b) for x, b in zip(resolved, built))
            for n, outcome in enumerate(store_documents(store, pairs), 1):
                outcome.notes = notes.get(outcome.id, [])
                report.documents.append(outcome)
                progress("store", n, len(resolved))
            _note_earlier_versions(store, report)
            with _compacting(store, report, progress):  # meanwhile, the merged graph
                merged.finish()
                report.facts = fact_counts(store)
                if keep_answers:
                    refresh_answers(store, report, progress)
            if export is not None and export_format is not None:
                try:
                    with open(export, "wb") as out:
                        store.export(export_format, out)
                except OSError as exc:
                    raise StoreError(f"cannot write the export {export}: {exc.strerror or exc}",
                                     hint="check the path and free disk space; the store itself "
                                          "is complete") from exc
        except BaseException as exc:
            report.error = _error(exc)
            recorded = {d.id for d in report.documents if d.id}
            for d in pending:
                if d.id not in recorded:
                    report.documents.append(DocumentOutcome(
                        id=d.id, origin=d.origin, outcome="rejected",
                        reason=f"not stored: the run stopped ({report.error['message']})",
                        hint="fix the error and run again; stored documents are kept"))
            try:
                _finish(report, store_path, t0)
                exc.run_report = str(Path(store_path) / REPORT_NAME)  # type: ignore[attr-defined]
            except (CaveatError, AttributeError):
                pass  # no report (disk full?): the first error is the one to show
            raise
    _finish(report, store_path, t0)
    return report


# --------------------------------------------------------------------------- extraction

@dataclass(frozen=True)
class _Failure:
    """Why a document could not be extracted."""

    reason: str


@dataclass(frozen=True)
class _Piece:
    """What the engine parses: a whole document, or one chunk of a long one."""

    parent: int  # index of the document
    offset: int  # where the piece starts in the document's text
    document: Document


def chunk_spans(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Consecutive ``(start, end)`` spans covering ``text``, each at most ``limit`` long.

    Cuts after a paragraph break where one lies in the last three quarters of
    the window, else after a line break, a sentence end or a space; a text
    with none of these is cut hard at ``limit``.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > limit:
        end = start + limit
        cut = end
        for sep in ("\n\n", "\n", ". ", "? ", "! ", " "):
            i = text.rfind(sep, start + limit // 4, end)
            if i >= 0 and i + len(sep) <= end:
                cut = i + len(sep)
                break
        spans.append((start, cut))
        start = cut
    if start < n or not spans:
        spans.append((start, n))
    return spans


def _pieces(documents: Sequence[Document]) -> Iterator[_Piece]:
    for i, d in enumerate(documents):
        if len(d.text) <= LONG_DOCUMENT_CHARS:
            yield _Piece(i, 0, d)
            continue
        for start, end in chunk_spans(d.text, CHUNK_CHARS):
            part = d.text[start:end]
            if part.strip():
                yield _Piece(i, start, dataclasses.replace(d, text=part))


def _part_notes(documents: Sequence[Document]) -> dict[str, list[str]]:
    notes: dict[str, list[str]] = {}
    for d in documents:
        if len(d.text) > LONG_DOCUMENT_CHARS:
            parts = len(chunk_spans(d.text, CHUNK_CHARS))
            notes[d.id] = [f"{len(d.text):,} characters: parsed in {parts} parts of at most "
                           f"{CHUNK_CHARS:,} characters (cut at paragraph breaks); facts are read "
                           "within a part, and evidence offsets refer to the whole text"]
    return notes


def extract_documents(documents: Sequence[Document], model: str | None, batch_size: int = 16,
                      progress: Progress = _noop, **engine_args: Any
                      ) -> list[DocumentExtraction | _Failure]:
    """``extract_all`` with a per-document error boundary and long documents in parts.

    Returns one entry per document, in order: its extraction, or a ``_Failure``
    saying why the NLP or the extraction crashed on it. Errors that concern
    every document (``CaveatError`` such as a missing model, an engine that is
    not built) are raised.
    """
    pieces = list(_pieces(documents))
    results: list[DocumentExtraction | BaseException] = []
    total = len(pieces)
    size = EXTRACT_GROUP * max(1, int(engine_args.get("workers", 1)))
    for lo in range(0, total, size):
        group = pieces[lo:lo + size]

        def group_progress(stage: str, done: int, _total: int, base: int = lo) -> None:
            progress("extract", base + done, total)

        try:
            xs: list[DocumentExtraction | BaseException] = list(extract_all(
                [p.document for p in group], model, batch_size, group_progress, **engine_args))
            if len(xs) != len(group):
                raise RuntimeError(f"the engine returned {len(xs)} extractions for {len(group)} documents")
        except (CaveatError, NotImplementedError):
            raise
        except Exception:
            xs = []
            for k, piece in enumerate(group):  # one at a time, to find the culprit(s)
                try:
                    xs.extend(extract_all([piece.document], model, batch_size, _noop, **engine_args))
                except (CaveatError, NotImplementedError):
                    raise
                except Exception as exc:  # noqa: BLE001 - the boundary: record, go on
                    xs.append(exc)
                progress("extract", lo + k + 1, total)
        results.extend(xs)

    by_doc: dict[int, list[tuple[_Piece, DocumentExtraction | BaseException]]] = {}
    for piece, result in zip(pieces, results):
        by_doc.setdefault(piece.parent, []).append((piece, result))
    out: list[DocumentExtraction | _Failure] = []
    for i, document in enumerate(documents):
        parts = by_doc.get(i, [])
        failed = [(p, r) for p, r in parts if isinstance(r, BaseException)]
        if failed:
            p, exc = failed[0]
            where = (f" (characters {p.offset:,}-{p.offset + len(p.document.text):,})"
                     if len(parts) > 1 else "")
            out.append(_Failure(f"extraction failed{where}: {type(exc).__name__}: {short_message(exc)}"))
        elif len(parts) == 1 and parts[0][0].document is document:
            out.append(parts[0][1])  # type: ignore[arg-type]
        else:
            try:
                out.append(merge_parts(document, [(p.offset, r) for p, r in parts]))  # type: ignore[misc]
            except ValueError as exc:
                out.append(_Failure(f"extraction failed: {exc}"))
    return out


def merge_parts(document: Document, parts: Sequence[tuple[int, DocumentExtraction]]) -> DocumentExtraction:
    """One document's extraction from the extractions of its parts (``(offset, x)``).

    Evidence spans are shifted by the part's offset, so they index
    ``document.text``; entities are kept once per key.
    """
    merged = DocumentExtraction(document=document)
    keys: set[str] = set()

    def shift(span: Span, offset: int) -> Span:
        moved = Span(span.start + offset, span.end + offset, span.text)
        if document.text[moved.start:moved.end] != moved.text:
            raise ValueError(f"evidence {span.start}-{span.end} of a part does not match the text")
        return moved

    for offset, x in parts:
        for e in x.entities:
            if e.key not in keys:
                keys.add(e.key)
                merged.entities.append(e)
        for r in x.rules:
            r.evidence = shift(r.evidence, offset)
            merged.rules.append(r)
        for a in x.advocacy:
            a.evidence = shift(a.evidence, offset)
            merged.advocacy.append(a)
        for ev in x.events:
            ev.evidence = shift(ev.evidence, offset)
            merged.events.append(ev)
    return merged


# --------------------------------------------------------------------------- storing

def store_documents(store: Store, pairs: Iterable[tuple[Document, BuiltDocument]]
                    ) -> Iterator[DocumentOutcome]:
    """Store built documents; yield their outcomes in input order (never raises for content).

    Documents go in groups (``WRITE_GROUP_DOCS``, ``WRITE_GROUP_QUADS``): the new
    ones of a group in one atomic ingest, the others (a re-run replacing a graph,
    blank nodes) one transaction each. Either way no document is ever half
    written.
    """
    group: list[tuple[Document, BuiltDocument]] = []
    quads = 0
    for d, b in pairs:
        group.append((d, b))
        quads += sum(len(qs) for qs in b.quads.values())
        if len(group) >= WRITE_GROUP_DOCS or quads >= WRITE_GROUP_QUADS:
            yield from _store_group(store, group)
            group, quads = [], 0
    yield from _store_group(store, group)


def _store_group(store: Store, group: list[tuple[Document, BuiltDocument]]) -> Iterator[DocumentOutcome]:
    """Write one group: the new documents together, then the rest one by one, in order."""
    todo = [b for _, b in group if not b.failure]
    try:
        written = store.add_new_documents([b.quads for b in todo])
    except StoreError as exc:
        if not isinstance(exc.__cause__, (TypeError, ValueError)):
            raise  # the disk, not a document
        written = [False] * len(todo)  # a bad document: one at a time finds it
    done = {id(b) for b, ok in zip(todo, written) if ok}
    for d, b in group:
        yield _outcome(d, b) if id(b) in done else _store_document(store, d, b)


def _store_document(store: Store, d: Document, built: BuiltDocument) -> DocumentOutcome:
    """Store one built document: its outcome (never raises for its content)."""
    if built.failure:
        return DocumentOutcome(id=d.id, origin=d.origin, outcome="rejected", reason=built.failure,
                               hint=_HINT_BUG)
    try:
        # One transaction: the kept facts and the quarantine change together.
        store.replace_quads(built.quads)
    except StoreError as exc:
        if not isinstance(exc.__cause__, (TypeError, ValueError)):
            raise  # the disk, not the document
        return DocumentOutcome(id=d.id, origin=d.origin, outcome="rejected",
                               reason=f"could not store its graph: {exc}", hint=_HINT_BUG)
    return _outcome(d, built)


def _note_earlier_versions(store: Store, report: RunReport) -> None:
    """Say which rejected documents an earlier run stored: that version stays, and
    queries still answer from it (nothing is deleted for a failed re-read)."""
    rejected = [d for d in report.documents if d.outcome == "rejected" and d.id]
    if not rejected:
        return
    for d in rejected:
        if store.has_graph(iri.document_graph(d.id)):
            d.notes.append(_NOTE_KEPT)


def _outcome(d: Document, built: BuiltDocument) -> DocumentOutcome:
    """The outcome of a stored document."""
    if built.quarantined:
        return DocumentOutcome(id=d.id, origin=d.origin, outcome="quarantined",
                               reason=built.messages,
                               hint=f"the failing facts and the SHACL report are kept in the graph "
                                    f"<{iri.quarantine_graph(d.id)}>, which queries do not see; "
                                    "`caveat report -o report.html` lists them; the rest of the "
                                    "document is loaded",
                               triples=built.triples, quarantined_triples=built.quarantined)
    return DocumentOutcome(id=d.id, origin=d.origin, outcome="loaded", triples=built.triples)


@contextmanager
def _compacting(store: Store, report: RunReport, progress: Progress) -> Iterator[None]:
    """Compact the store while the block runs, if this run stored a large share of its
    documents (``OPTIMIZE_SHARE``).

    RocksDB compacts without holding Python's GIL, so the merged graph's upkeep and
    the fact counts run meanwhile, on the other core; what they write is small and
    stays out of the compaction. The compaction's error is raised after the block,
    unless the block raised its own.
    """
    stored = sum(1 for d in report.documents if d.outcome in ("loaded", "quarantined"))
    in_store = store.document_count()
    if not stored or stored < OPTIMIZE_SHARE * in_store:
        yield
        return
    progress("optimize", 0, 1)
    # The pool's exit waits for the compaction, also when the block raises: the store
    # must not close under it. result() raises its error after the block.
    with ThreadPoolExecutor(1, thread_name_prefix="caveat-compaction") as pool:
        compaction = pool.submit(_timed, store.optimize)
        yield
    report.compacted_seconds = round(compaction.result(), 3)
    progress("optimize", 1, 1)


def refresh_answers(store: Store, report: RunReport, progress: Progress) -> None:
    """Bring the kept answers up to date with what the run wrote (pipeline/answers.py)."""
    done = 0

    def told(_name: str, _what: str) -> None:
        nonlocal done
        done += 1
        progress("answers", done, len(QUESTIONS))
    progress("answers", 0, len(QUESTIONS))
    refreshed = answers.refresh(store, told)
    report.answers_seconds = round(refreshed.seconds, 3)
    report.answers = refreshed.done


def _timed(call: Callable[[], Any]) -> float:
    """Seconds ``call()`` took."""
    t = time.monotonic()
    call()
    return time.monotonic() - t


#: What the run report counts: its name -> the class counted.
COUNTED = (("documents", CV.Document), ("permissions", CV.Permission), ("prohibitions", CV.Prohibition),
           ("liftings", CV.Lifting), ("easings", CV.Easing), ("advocacy", CV.Advocacy),
           ("events", CV.Event))


def fact_counts(store: Store) -> dict[str, int]:
    """How many instances of each ``COUNTED`` class the store holds. Only those classes are
    read (``VALUES``), not every typed node (entities and evidence are most of them)."""
    res = store.query("SELECT ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE { VALUES ?cls { "
                      + " ".join(cls.n3() for _, cls in COUNTED) + " } ?x a ?cls } GROUP BY ?cls")
    by_class = {row["cls"]: int(row["n"]) for row in res.rows}
    return {name: by_class.get(cls, 0) for name, cls in COUNTED}


# --------------------------------------------------------------------------- report

def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


def _error(exc: BaseException) -> dict[str, str]:
    if isinstance(exc, CaveatError):
        return {"type": type(exc).__name__, "message": exc.message, "hint": exc.hint}
    if isinstance(exc, KeyboardInterrupt):
        return {"type": "KeyboardInterrupt", "message": "interrupted",
                "hint": "run again to finish; stored documents are kept"}
    return {"type": type(exc).__name__, "message": short_message(exc), "hint": _HINT_BUG}


def _finish(report: RunReport, store_path: Path, t0: float) -> None:
    report.finished = _now()
    report.seconds = time.monotonic() - t0
    path = Path(store_path) / REPORT_NAME
    try:
        write_report(report, path)
    except OSError as exc:
        raise StoreError(f"cannot write the run report {path}: {exc}",
                         hint="check free disk space; the documents were stored, run again to "
                              "write the report") from exc


def write_report(report: RunReport, path: Path) -> None:
    """Write the report atomically: a reader (or a crash) never sees half a file."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(report.to_json(), fh, indent=2)  # ASCII: safe for any file name
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
