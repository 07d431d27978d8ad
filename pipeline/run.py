"""The main job: inputs -> extraction -> resolution -> RDF -> validation -> store.

A pure function over paths and settings; the CLI only formats what it returns.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Graph

from .engine import extract_all
from .graph import iri
from .graph.mapper import bind_prefixes, document_graph
from .graph.namespace import CV
from .ingest import load_inputs
from .resolve import resolve_corpus
from .store import Store
from .validate.shacl import validate_and_split

ONTOLOGY_PATH = Path(__file__).resolve().parents[1] / "ontology" / "caveat.ttl"

Progress = Callable[[str, int, int], None]


@dataclass
class DocumentOutcome:
    id: str
    origin: str
    outcome: str  # loaded | quarantined | rejected
    reason: str = ""
    triples: int = 0
    quarantined_triples: int = 0


@dataclass
class RunReport:
    store: str
    started: str
    documents: list[DocumentOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    facts: dict[str, int] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        out = {"loaded": 0, "quarantined": 0, "rejected": 0}
        for d in self.documents:
            out[d.outcome] += 1
        return out

    @property
    def ok(self) -> bool:
        return all(d.outcome == "loaded" for d in self.documents)

    def to_json(self) -> dict:
        return {"store": self.store, "started": self.started, "counts": self.counts,
                "facts": self.facts, "notes": self.notes,
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


def run(inputs: Sequence[Path], store_path: Path, *, model: str | None = None,
        export: Path | None = None, batch_size: int = 16,
        progress: Progress = _noop, workers: int = 1, engine: str = "local",
        scheduler: str | None = None) -> RunReport:
    """Build (or extend) the graph in ``store_path`` from ``inputs``."""
    from rdflib import Literal

    from .engine import open_engine, timed
    report = RunReport(store=str(store_path), started=dt.datetime.now(dt.timezone.utc).isoformat())
    ingested = load_inputs(inputs)
    report.notes += ingested.notes
    for r in ingested.rejected:
        report.documents.append(DocumentOutcome(id="", origin=r.origin, outcome="rejected",
                                                reason=f"{r.reason} ({r.hint})" if r.hint else r.reason))
    # Extraction, then mapping + validation, run per document in the engine's
    # processes (one, a local pool or a Dask cluster); resolution and writing here.
    with open_engine(engine, workers=workers, scheduler=scheduler, model=model,
                     batch_size=batch_size) as eng:
        extractions = eng.extract(ingested.documents, progress)
        with timed("resolve"):
            extractions = resolve_corpus(extractions)
        with Store.open(store_path) as store:
            with timed("store"):
                store.replace_graph(iri.ONTOLOGY_GRAPH, ontology_graph())
                before = set(store.graphs())
            # The merged graph is updated for the facts this run can change: those
            # reported in the old or new version of a document of this run. A fact's
            # support count and named source depend only on the graphs of the
            # documents reporting it (an entity's category is part of its key, so
            # "?a a cv:Person" travels with the evidence that cites ?a).
            incremental = iri.MERGED_GRAPH in before
            touched: set = set()
            rerun = [g for g in (iri.document_graph(x.document.id) for x in extractions) if g in before]
            for i in range(0, len(rerun) if incremental else 0, 1000):
                with timed("merged"):
                    values = " ".join(g.n3() for g in rerun[i:i + 1000])
                    res = store.query("PREFIX cv: <https://w3id.org/caveat/onto#> SELECT DISTINCT ?f "
                                      f"WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?f cv:reportedIn ?d }} }}")
                    touched.update(row["f"] for row in res.rows)
            for n, (x, built) in enumerate(zip(extractions, eng.build(extractions)), 1):
                kept, quarantine, result = built.kept, built.quarantine, built.result
                with timed("store"):
                    if len(quarantine):
                        q = Graph() + quarantine
                        q += result.report
                        outcome, reason = "quarantined", _first_messages(result)
                    else:
                        q = Graph()  # empty: removes an old quarantine graph
                        outcome, reason = "loaded", ""
                    # kept and quarantine in one transaction
                    store.replace_graphs({iri.document_graph(x.document.id): kept,
                                          iri.quarantine_graph(x.document.id): q})
                    touched.update(kept.subjects(CV.reportedIn))
                report.documents.append(DocumentOutcome(
                    id=x.document.id, origin=x.document.origin, outcome=outcome, reason=reason,
                    triples=len(kept), quarantined_triples=len(quarantine)))
                progress("store", n, len(extractions))
            with timed("merged"):
                if not incremental:
                    store.replace_graph(iri.MERGED_GRAPH, merged_graph(store))
                else:
                    facts = sorted(touched)
                    for i in range(0, len(facts), 1000):
                        chunk = facts[i:i + 1000]
                        values = " ".join(f.n3() for f in chunk)
                        g = bind_prefixes(Graph())
                        res = store.query(
                            "PREFIX cv: <https://w3id.org/caveat/onto#> SELECT ?f (COUNT(DISTINCT ?d) AS ?n) "
                            f"WHERE {{ VALUES ?f {{ {values} }} ?f cv:reportedIn ?d }} GROUP BY ?f")
                        for row in res.rows:
                            g.add((row["f"], CV.supportCount, row["n"]))
                        res = store.query(
                            "PREFIX cv: <https://w3id.org/caveat/onto#> SELECT DISTINCT ?f "
                            f"WHERE {{ VALUES ?f {{ {values} }} ?f cv:evidence/cv:attributedTo ?a . "
                            "?a a cv:Person }")
                        for row in res.rows:
                            g.add((row["f"], CV.namedSource, Literal(True)))
                        store.replace_subjects(iri.MERGED_GRAPH, chunk, g)
            with timed("facts"):
                report.facts = fact_counts(store)
            if export is not None:
                from .store.oxigraph_store import export_format_for
                with open(export, "wb") as out:
                    store.export(export_format_for(export), out)
    (Path(store_path) / "run-report.json").write_text(json.dumps(report.to_json(), indent=2),
                                                      encoding="utf-8")
    return report


def _first_messages(result, limit: int = 3) -> str:
    msgs = []
    for r in result.results()[:limit]:
        msg = r.get("message")
        if msg is not None and str(msg) not in msgs:
            msgs.append(str(msg))
    return "; ".join(msgs) or "SHACL validation failed"


def fact_counts(store: Store) -> dict[str, int]:
    res = store.query("SELECT ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?cls } GROUP BY ?cls")
    by_class = {row["cls"]: int(row["n"]) for row in res.rows}
    return {name: by_class.get(cls, 0) for name, cls in (
        ("documents", CV.Document), ("permissions", CV.Permission), ("prohibitions", CV.Prohibition),
        ("liftings", CV.Lifting), ("easings", CV.Easing), ("advocacy", CV.Advocacy),
        ("events", CV.Event))}
