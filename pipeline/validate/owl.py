"""OWL consistency of instance data against the Caveat ontology, with HermiT.

    ontology/caveat.ttl + data  --rdflib-->  N-Triples temp file
        --> fresh owlready2.World()  --> sync_reasoner (HermiT, Java)

Traps handled here (see /work/shared/notes/stack-measurements.md):

* owlready2 cannot read Turtle and loads *nothing* without complaint if asked
  to; rdflib converts to N-Triples first, and the load is checked.
* Each call uses its own ``owlready2.World()``: the default world is global
  state shared with any other owlready2 user in the process.
* HermiT supports only the OWL 2 datatype map, which has no ``xsd:date``; the
  ontology uses it for every date property, so HermiT runs with
  ``--ignoreUnsupportedDatatypes`` (date ranges are then not reasoned about).
* On inconsistency HermiT says only "inconsistent". The explanation is
  recovered from the merged graph: SPARQL reads the ontology's
  owl:disjointWith / owl:AllDisjointClasses axioms, sub-class closure and
  property domains/ranges; a linear pass over the data then finds the
  individuals whose asserted or domain/range-inferred types fall under two
  disjoint classes, naming the axiom and why the individual has each type.
"""
from __future__ import annotations

import shutil
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from ..errors import MissingFileError, CaveatError, OntologyError

#: <project root>/ontology/caveat.ttl
ONTOLOGY_PATH = Path(__file__).resolve().parents[2] / "ontology" / "caveat.ttl"


class JavaNotFoundError(CaveatError):
    """No ``java`` executable on PATH: HermiT cannot run."""

    exit_code = 69  # EX_UNAVAILABLE: a required program is missing


class OntologyLoadError(OntologyError):
    """owlready2 loaded nothing (or not the Caveat ontology) from the merged file."""


class OntologyNotFoundError(MissingFileError):
    """The ontology file is not where it was expected."""


@dataclass
class OwlResult:
    consistent: bool
    explanation: str
    #: If inconsistent: the classes in the clashing disjointness axioms and the
    #: clashing types (CURIEs such as "cv:Person"). If consistent: classes
    #: HermiT found unsatisfiable (equivalent to owl:Nothing), normally none.
    inconsistent_classes: list[str] = field(default_factory=list)
    #: Wall time of the reasoner run (JVM start-up included, ~1 s).
    seconds: float = 0.0


# ------------------------------------------------------------------ diagnostics (SPARQL)

_DISJOINT_PAIRS = """
SELECT ?a ?b ?axiom ?kind WHERE {
  {
    ?a owl:disjointWith ?b .
    BIND(?a AS ?axiom) BIND("disjointWith" AS ?kind)
  } UNION {
    ?b owl:disjointWith ?a .
    BIND(?b AS ?axiom) BIND("disjointWith" AS ?kind)
  } UNION {
    ?axiom a owl:AllDisjointClasses ; owl:members ?list .
    ?list rdf:rest*/rdf:first ?a .
    ?list rdf:rest*/rdf:first ?b .
    FILTER (?a != ?b)
    BIND("AllDisjointClasses" AS ?kind)
  }
}
"""

# Schema side (small: the ontology part of the merged graph): the sub-class
# closure, and which properties give their subject (domain) or object (range)
# a class, up the sub-property hierarchy.
_SUBCLASSES = """
SELECT ?sub ?sup WHERE { ?sub a owl:Class . ?sub rdfs:subClassOf* ?sup . }
"""
_DOMAINS = """
SELECT ?p ?c WHERE { ?q rdfs:domain ?c . ?p rdfs:subPropertyOf* ?q . }
"""
_RANGES = """
SELECT ?p ?c WHERE { ?q rdfs:range ?c . ?c a owl:Class . ?p rdfs:subPropertyOf* ?q . }
"""

# Literal values outside their property's declared datatype (other possible causes).
_DATATYPE_CLASHES = """
SELECT ?s ?p ?o ?range WHERE {
  ?p a owl:DatatypeProperty ; rdfs:range ?range .
  FILTER (STRSTARTS(STR(?range), "http://www.w3.org/2001/XMLSchema#"))
  ?s ?p ?o .
  FILTER (isLiteral(?o) && DATATYPE(?o) != ?range)
}
"""

_NS = {"owl": OWL, "rdf": RDF, "rdfs": RDFS}


def _curie(g: Graph, node) -> str:
    try:
        return g.namespace_manager.normalizeUri(node) if isinstance(node, URIRef) else str(node)
    except Exception:  # pragma: no cover - exotic IRIs
        return f"<{node}>"


def _axiom_text(g: Graph, axiom, kind: str, a, b) -> str:
    if kind == "disjointWith":
        return f"{_curie(g, axiom)} owl:disjointWith {_curie(g, b if axiom == a else a)}"
    members = [_curie(g, m) for lst in g.objects(axiom, OWL.members) for m in Collection(g, lst)]
    return f"owl:AllDisjointClasses ( {' '.join(members)} )"


def explain_disjointness(merged: Graph) -> tuple[list[str], list[str]]:
    """Individuals that fall under two disjoint classes (no reasoner needed).

    Returns (lines of explanation, involved classes as CURIEs: the two
    disjoint classes of each clash and the individual's types that lead to them).
    """
    pairs: dict[object, list[tuple[object, object, str]]] = defaultdict(list)
    for a, b, axiom, kind in merged.query(_DISJOINT_PAIRS, initNs=_NS):
        pairs[a].append((b, axiom, str(kind)))
    if not pairs:
        return [], []
    relevant = set(pairs)

    # class -> the disjoint-declared classes it falls under
    under: dict[object, set[object]] = defaultdict(set)
    for sub, sup in merged.query(_SUBCLASSES, initNs=_NS):
        if sup in relevant:
            under[sub].add(sup)
    for r in relevant:
        under[r].add(r)

    # Instance side, in Python (one bound-predicate lookup per property:
    # linear in the data; the same join in rdflib SPARQL took 22 s at 40k
    # triples): every typing that leads to a disjoint-declared class --
    # asserted, or by the domain or range of a property the node is used with.
    typings: list[tuple[object, object, str, object]] = []
    for c in under:
        for x in merged.subjects(RDF.type, c):
            typings.append((x, c, "asserted", c))
    for p, c in merged.query(_DOMAINS, initNs=_NS):
        if c in under:
            for x in set(merged.subjects(p, None)):
                typings.append((x, c, "domain", p))
    for p, c in merged.query(_RANGES, initNs=_NS):
        if c in under:
            for x in set(merged.objects(None, p)):
                if not isinstance(x, Literal):
                    typings.append((x, c, "range", p))

    # individual -> disjoint-declared class it falls under -> {(how, via)}
    types: dict[object, dict[object, set[tuple[str, object]]]] = defaultdict(lambda: defaultdict(set))
    for x, c, how, via in typings:
        for t in under[c]:
            types[x][t].add((how, via))

    def why(reasons: set[tuple[str, object]]) -> str:
        return "; ".join(sorted(f"asserted {_curie(merged, v)}" if h == "asserted"
                                else f"{h} of {_curie(merged, v)}" for h, v in reasons))

    lines: list[str] = []
    classes: set[str] = set()
    seen: set[tuple] = set()
    for x in sorted(types, key=str):
        tx = types[x]
        for a in sorted(tx, key=str):
            for b, axiom, kind in pairs[a]:
                key = (x, frozenset((a, b)))
                if b not in tx or key in seen:
                    continue
                seen.add(key)
                lines.append(
                    f"{_curie(merged, x)} is both {_curie(merged, a)} ({why(tx[a])}) and "
                    f"{_curie(merged, b)} ({why(tx[b])}), but {_curie(merged, a)} and "
                    f"{_curie(merged, b)} are disjoint: {_axiom_text(merged, axiom, kind, a, b)}")
                classes.update((_curie(merged, a), _curie(merged, b)))
                classes.update(_curie(merged, v) for h, v in tx[a] | tx[b] if h == "asserted")
    return lines, sorted(classes)


def explain_datatypes(merged: Graph, limit: int = 20) -> list[str]:
    out = []
    for s, p, o, rng in merged.query(_DATATYPE_CLASHES, initNs=_NS):
        out.append(f"{_curie(merged, s)} {_curie(merged, p)} {o.n3(merged.namespace_manager)} "
                   f"is not of the declared range {_curie(merged, rng)}")
        if len(out) >= limit:
            break
    return out


# ------------------------------------------------------------------ the check

def _require_java() -> str:
    java = shutil.which("java")
    if java is None:
        raise JavaNotFoundError(
            "OWL consistency checking runs the HermiT reasoner, which needs Java, "
            "but no `java` is on PATH",
            "install a Java runtime, e.g. `apt-get install default-jre-headless` (Java 17 is known "
            "to work), or skip the tests marked java: pytest -m 'not java'")
    return java


def merge_with_ontology(g: Graph, ontology_path: Path | None = None) -> Graph:
    """The ontology (Turtle) and ``g`` in one rdflib graph, with ``g``'s prefixes."""
    path = Path(ontology_path) if ontology_path is not None else ONTOLOGY_PATH
    if not path.is_file():
        raise OntologyNotFoundError(
            f"ontology not found at {path}",
            "it lives at ontology/caveat.ttl in the project root (next to pipeline/): run from a "
            "source checkout or pass ontology_path=")
    merged = Graph()
    merged.parse(path, format="turtle")
    for prefix, ns in g.namespaces():
        merged.bind(prefix, ns, override=False)
    merged += g
    return merged


def check_consistency(g: Graph, ontology_path: Path | None = None, *, debug: int = 0) -> OwlResult:
    """Is ``g`` consistent with the Caveat ontology? Runs HermiT (needs Java).

    Raises :class:`JavaNotFoundError` without Java, :class:`OntologyLoadError`
    if owlready2 loaded nothing, ``owlready2.OwlReadyJavaError`` if HermiT
    itself fails.
    """
    java = _require_java()
    import owlready2  # imported here: it is slow to import and not needed for SHACL

    if getattr(owlready2, "JAVA_EXE", "java") in ("java", None):
        owlready2.JAVA_EXE = java

    merged = merge_with_ontology(g, ontology_path)
    with tempfile.TemporaryDirectory(prefix="caveat-owl-") as tmp:
        nt = Path(tmp) / "merged.nt"
        merged.serialize(nt, format="nt", encoding="utf-8")
        world = owlready2.World()  # never the default world
        try:
            onto = world.get_ontology(nt.as_uri()).load(format="ntriples")
            n_classes = len(list(world.classes()))
            n_triples = len(world.graph)
            if n_classes == 0 or n_triples < len(merged) // 2:
                raise OntologyLoadError(
                    f"owlready2 loaded {n_classes} classes and {n_triples} triples from "
                    f"{len(merged)} written: the ontology did not load",
                    "owlready2 reads only RDF/XML, OWL/XML and N-Triples; check ontology_path")
            if world["https://w3id.org/caveat/onto#Document"] is None:
                raise OntologyLoadError("owlready2 loaded the file but found no cv:Document class",
                                        "is ontology_path the Caveat ontology?")
            del onto

            t0 = time.perf_counter()
            try:
                owlready2.sync_reasoner(world, infer_property_values=False, debug=debug,
                                        ignore_unsupported_datatypes=True)
                consistent = True
            except owlready2.OwlReadyInconsistentOntologyError:
                consistent = False
            seconds = time.perf_counter() - t0

            if consistent:
                unsat = sorted(_curie(merged, URIRef(c.iri)) for c in world.inconsistent_classes()
                               if c is not owlready2.Nothing)
                explanation = "consistent"
                if unsat:
                    explanation += ("; but these classes are unsatisfiable (no individual can be one): "
                                    + ", ".join(unsat))
                return OwlResult(True, explanation, unsat, seconds)
        finally:
            world.close()

    lines, classes = explain_disjointness(merged)
    if lines:
        explanation = "inconsistent: " + "\n".join(lines)
    else:
        dt_lines = explain_datatypes(merged)
        explanation = ("inconsistent: no individual typed with two disjoint classes was found"
                       + ("; literals outside their property's declared datatype:\n" + "\n".join(dt_lines)
                          if dt_lines else
                          "; look for owl:FunctionalProperty values or owl:sameAs/differentFrom clashes"))
    return OwlResult(False, explanation, classes, seconds)


__all__ = ["ONTOLOGY_PATH", "OwlResult", "JavaNotFoundError", "OntologyLoadError", "OntologyNotFoundError",
           "check_consistency", "merge_with_ontology", "explain_disjointness", "explain_datatypes"]
