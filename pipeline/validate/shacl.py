"""SHACL validation of one document graph, and the split into kept / quarantine.

The shapes (``shapes/caveat.shacl.ttl`` at the project root) are written for a
per-document graph *alone*: no ontology, no inference. They are parsed once
per process and reused for every call.
"""
from __future__ import annotations

import functools
import importlib.util
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyshacl import validate as _pyshacl_validate
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

from ..errors import MissingFileError
from ..graph.namespace import CV

#: Where the shapes live: <project root>/shapes/caveat.shacl.ttl, next to pipeline/.
SHAPES_PATH = Path(__file__).resolve().parents[2] / "shapes" / "caveat.shacl.ttl"


class ShapesNotFoundError(MissingFileError):
    """The SHACL shapes file is not where the package expects it."""


@dataclass
class ShaclResult:
    conforms: bool
    report: Graph
    text: str
    #: Focus nodes of the sh:Violation results (IRIs in practice: the mapper
    #: writes no blank nodes; a blank focus node would be listed as well).
    failing_focus_nodes: set[URIRef] = field(default_factory=set)
    #: Which SHACL engine produced the report: "pyshacl" or "turbo".
    engine: str = "pyshacl"

    def results(self) -> list[dict[str, Node | None]]:
        """The report's results as dicts: focus, path, value, shape, component, message, severity."""
        out = []
        r = self.report
        for res in _top_level_results(r):
            out.append({
                "focus": r.value(res, SH.focusNode),
                "path": r.value(res, SH.resultPath),
                "value": r.value(res, SH.value),
                "shape": r.value(res, SH.sourceShape),
                "component": r.value(res, SH.sourceConstraintComponent),
                "message": r.value(res, SH.resultMessage),
                "severity": r.value(res, SH.resultSeverity),
            })
        return out


def _like(g: Graph) -> Graph:
    """An empty graph with ``g``'s prefix bindings."""
    new = Graph(bind_namespaces="none")
    for prefix, ns in g.namespaces():
        new.bind(prefix, ns, override=True)
    return new


def _top_level_results(report: Graph) -> list[Node]:
    """The report's sh:result nodes -- not the nested sh:detail results.

    pySHACL attaches, under sh:detail, the results of the value shape behind an
    sh:node failure; their focus node is the *value* (e.g. the place given as
    an advocate), which is not itself at fault and must not be quarantined.
    """
    return [res for rep in report.subjects(RDF.type, SH.ValidationReport)
            for res in report.objects(rep, SH.result)]


_lock = threading.Lock()
_shapes: dict[Path, Graph] = {}


def load_shapes(path: Path | None = None) -> Graph:
    """The parsed shapes graph, cached per path for the life of the process."""
    p = (path or SHAPES_PATH).resolve()
    with _lock:
        g = _shapes.get(p)
        if g is None:
            if not p.is_file():
                raise ShapesNotFoundError(
                    f"SHACL shapes not found at {p}",
                    "they live in shapes/caveat.shacl.ttl at the project root (next to pipeline/) "
                    "and are not packaged: run from a source checkout or an editable install "
                    "(pip install -e .), or pass shapes_path=")
            g = Graph()
            g.parse(p, format="turtle")
            _shapes[p] = g
        return g


_compiled: dict[int, Any] = {}


def _compiled_shapes(shapes: Graph) -> Any:
    """pyshacl-turbo's compiled form of ``shapes``, made once per process.

    ``pyshacl_turbo.validate`` re-canonicalises the shapes graph on every
    call: 60 % of a per-document validation. The shapes graphs come from
    ``load_shapes``, which keeps them for the life of the process, so their
    ``id`` identifies them.
    """
    with _lock:
        compiled = _compiled.get(id(shapes))
        if compiled is None:
            import pyshacl_turbo
            compiled = _compiled[id(shapes)] = pyshacl_turbo.compile_shapes(shapes)
        return compiled


@functools.lru_cache(maxsize=256)
def _prepared(query: str, ns: tuple[tuple[str, str], ...]) -> Any:
    return prepareQuery(query, initNs=dict(ns))


class _PreparedQueryMemory(Memory):
    """In-memory store that answers SPARQL with parsed-once, cached queries.

    pySHACL runs an sh:sparql constraint once per focus node with the *same*
    query text (``$this`` goes in as an initial binding), and rdflib re-parses
    the text every time: about 40 ms per focus node, >80 % of a validation.
    Parsing once and reusing the prepared query gives identical results.
    """

    def __init__(self) -> None:
        super().__init__()
        self._graphs: dict[Any, Graph] = {}

    def query(self, query: Any, initNs: Any, initBindings: Any, queryGraph: Any,  # noqa: N803
              **kwargs: Any) -> Any:
        if not isinstance(query, str) or kwargs:
            raise NotImplementedError  # rdflib falls back to its own evaluation
        ns = tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items()))
        graph = self._graphs.get(queryGraph)
        if graph is None:
            graph = self._graphs[queryGraph] = Graph(store=self, identifier=queryGraph,
                                                     bind_namespaces="none")
        return graph.query(_prepared(query, ns), initBindings=initBindings,
                           use_store_provided=False)


#: Environment variable choosing the SHACL engine: "pyshacl", "turbo" or "auto"
#: (the default: pyshacl-turbo when it is installed, else pySHACL).
ENGINE_ENV = "CAVEAT_SHACL_ENGINE"


def _choose_engine(engine: str | None) -> str:
    name = (engine or os.environ.get(ENGINE_ENV) or "auto").strip().lower()
    if name == "auto":
        return "turbo" if importlib.util.find_spec("pyshacl_turbo") is not None else "pyshacl"
    if name not in ("pyshacl", "turbo"):
        raise ValueError(f"unknown SHACL engine {name!r} (from {ENGINE_ENV} or engine=): "
                         "use 'pyshacl', 'turbo' or 'auto'")
    return name


def validate_graph(g: Graph, *, shapes_path: Path | None = None,
                   engine: str | None = None) -> ShaclResult:
    """Validate one (document) graph against the Caveat shapes.

    ``g`` itself is not modified. With pySHACL its triples are copied into a
    store that caches parsed SPARQL (see ``_PreparedQueryMemory``); no
    inference runs. ``engine`` (or ``$CAVEAT_SHACL_ENGINE``) picks pySHACL or
    pyshacl-turbo, a Rust engine with pySHACL's API that gave identical
    results on every fixture and mapper graph, 5-9x faster (optional
    dependency; "auto" uses it when installed).
    """
    shapes = load_shapes(shapes_path)
    used = _choose_engine(engine)
    if used == "turbo":
        conforms, report, text = _compiled_shapes(shapes).validate(
            g, inference=None, abort_on_first=False, allow_infos=False, allow_warnings=False)
    else:
        data = Graph(store=_PreparedQueryMemory(), bind_namespaces="none")
        data += g
        conforms, report, text = _pyshacl_validate(
            data, shacl_graph=shapes, inplace=True, inference="none", advanced=False,
            meta_shacl=False, abort_on_first=False, allow_infos=False, allow_warnings=False,
            do_owl_imports=False)
    failing: set[URIRef] = set()
    for res in _top_level_results(report):
        if report.value(res, SH.resultSeverity) == SH.Violation:
            node = report.value(res, SH.focusNode)
            if node is not None and not isinstance(node, Literal):
                failing.add(node)  # type: ignore[arg-type]
    return ShaclResult(conforms=bool(conforms), report=report, text=str(text),
                       failing_focus_nodes=failing, engine=used)


def split_quarantine(g: Graph, result: ShaclResult) -> tuple[Graph, Graph]:
    """Split ``g`` into (kept, quarantine) after ``validate_graph(g)``.

    Quarantine gets every triple whose subject is a failing focus node, plus
    every triple of the cv:Evidence nodes those failing nodes cite (so a
    quarantined fact stays self-contained and reviewable). Everything else is
    kept -- except that an evidence node's triples are removed from ``kept``
    only if no kept subject still cites it: the mapper gives the same evidence
    node to the rule, decision, prior ban and change read from one span, and a
    kept fact must not lose its evidence because a sibling was quarantined.
    Blank nodes reached from a quarantined subject move with it.

    One pass: a kept fact whose object (say its cv:issuer) was quarantined now
    points at an untyped node; use :func:`validate_and_split` to iterate.
    """
    failing = set(result.failing_focus_nodes)
    quarantine = _like(g)
    kept = _like(g)

    evidence_of_failing: set[Node] = set()
    for s in failing:
        evidence_of_failing.update(g.objects(s, CV.evidence))

    # evidence still cited by subjects that stay
    still_cited = {ev for ev in evidence_of_failing
                   if any(s not in failing for s in g.subjects(CV.evidence, ev))}
    moved = failing | (evidence_of_failing - still_cited)
    copied = evidence_of_failing & still_cited

    def closure(roots: set[Node]) -> set[Node]:
        """Roots plus the blank nodes reachable from them."""
        seen, todo = set(roots), list(roots)
        while todo:
            for o in g.objects(todo.pop(), None):
                if isinstance(o, BNode) and o not in seen:
                    seen.add(o)
                    todo.append(o)
        return seen

    moved_all = closure(moved)
    copied_all = closure(copied) - moved_all
    for t in g:
        s = t[0]
        if s in moved_all:
            quarantine.add(t)
        else:
            kept.add(t)
            if s in copied_all:
                quarantine.add(t)
    return kept, quarantine


def validate_and_split(g: Graph, *, max_rounds: int = 5, shapes_path: Path | None = None,
                       engine: str | None = None) -> tuple[Graph, Graph, ShaclResult]:
    """Validate and quarantine until the kept graph conforms (or ``max_rounds``).

    Returns (kept, quarantine, result of the first validation); ``kept`` is
    ``g`` itself when ``g`` conforms (nothing is copied). Quarantining a
    node can make a node that referenced it fail (e.g. an issuer loses its
    type); later rounds move those too. Usually one round suffices.
    """
    first = result = validate_graph(g, shapes_path=shapes_path, engine=engine)
    kept = g
    quarantine = _like(g) if not result.conforms else Graph(bind_namespaces="none")
    rounds = 0
    while not result.conforms and rounds < max_rounds:
        kept, q = split_quarantine(kept, result)
        quarantine += q
        rounds += 1
        result = validate_graph(kept, shapes_path=shapes_path, engine=engine)
    return kept, quarantine, first


__all__ = ["SHAPES_PATH", "ENGINE_ENV", "ShaclResult", "ShapesNotFoundError", "load_shapes",
           "validate_graph", "split_quarantine", "validate_and_split"]
