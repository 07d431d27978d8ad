"""Conversion between rdflib terms and pyoxigraph terms, both directions.

The pipeline builds graphs with rdflib (convenient API, what the mapper and
pySHACL speak) and stores them in Oxigraph (fast, on disk). This module is the
only place that knows how one term model maps onto the other.

Normalisations, all allowed by RDF 1.1 and applied on purpose:

* ``xsd:string`` literals come back from Oxigraph as *plain* rdflib literals
  (``Literal("a")``, datatype ``None``), because rdflib treats
  ``Literal("a")`` and ``Literal("a", datatype=XSD.string)`` as different
  terms while RDF 1.1 and every serialisation treat them as one.
* Language tags come back lower-cased: Oxigraph normalises them on input.
* Typed literals: Oxigraph stores valid numbers, booleans and dates in
  canonical form ("01"^^xsd:integer -> "1", "1"^^xsd:boolean -> "true",
  "1.0E0"^^xsd:double -> "1"); on the way back rdflib applies its own
  normalisation, exactly as when it parses a file ("1"^^xsd:double -> "1.0").
* Oxigraph's RDF 1.2 base direction on language strings has no rdflib
  counterpart and is dropped.

Terms that have no counterpart (rdflib ``Variable``/``QuotedGraph``, RDF-star
triple terms) raise ``TypeError``; invalid IRIs or language tags raise
``ValueError``. Callers (the store) turn those into user-facing errors.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
OxGraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


def _blank_node(ident: str) -> ox.BlankNode:
    """An Oxigraph blank node for an rdflib blank node id.

    rdflib accepts any string as a BNode id; Oxigraph only accepts N-Triples
    labels. A deterministic hash keeps one rdflib id mapped to one node even
    when the id itself is not a valid label.
    """
    try:
        return ox.BlankNode(ident)
    except ValueError:
        return ox.BlankNode("h" + hashlib.sha256(ident.encode("utf-8")).hexdigest()[:32])


def to_ox(term: Node) -> OxTerm:
    """rdflib ``URIRef``/``BNode``/``Literal`` -> the pyoxigraph term."""
    kind = type(term)  # exact-type fast path: isinstance() on rdflib's ABC terms is slow
    if kind is URIRef:
        return ox.NamedNode(term)
    if kind is Literal:
        return _literal(term)  # type: ignore[arg-type]
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return _blank_node(str(term))
    if isinstance(term, Literal):
        return _literal(term)
    raise TypeError(f"cannot store an RDF term of type {type(term).__name__}: {term!r}")


def _literal(term: Literal) -> ox.Literal:
    # str(literal) is the lexical form, which is what RDF stores (not .value).
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def to_ox_graph_name(graph: Node | None) -> OxGraphName:
    """An rdflib graph name (``None`` for the default graph) -> pyoxigraph."""
    if graph is None:
        return ox.DefaultGraph()
    if isinstance(graph, (URIRef, BNode)):
        return to_ox(graph)  # type: ignore[return-value]
    raise TypeError(f"a graph name must be a URIRef or BNode, not {type(graph).__name__}")


#: Recently converted terms, pyoxigraph -> rdflib. Answers repeat terms (a fact's
#: labels and dates on every row of its quotes), and building an rdflib Literal
#: costs 3-10 us (a typed one parses its value) against ~0.1 us for a look-up.
#: Both term types are immutable and hash by value, so sharing is safe.
_FROM_OX: dict = {}
FROM_OX_CACHE_SIZE = 50_000


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    """pyoxigraph term -> the rdflib term (see the module doc for normalisations)."""
    out = _FROM_OX.get(term)
    if out is None:
        out = _from_ox(term)
        if len(_FROM_OX) >= FROM_OX_CACHE_SIZE:
            _FROM_OX.clear()  # crude but bounded; the next answer refills what it needs
        _FROM_OX[term] = out
    return out


def _from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        # rdflib's default normalisation, so a graph read from the store equals
        # the same data parsed by rdflib ("0"^^xsd:double -> "0.0" in both).
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"rdflib has no counterpart for the pyoxigraph term {term!r}")


def from_ox_graph_name(graph: OxGraphName) -> URIRef | BNode | None:
    """pyoxigraph graph name -> rdflib (``None`` for the default graph)."""
    if isinstance(graph, ox.DefaultGraph):
        return None
    return from_ox(graph)  # type: ignore[return-value]


def triples_to_quads(triples: Iterable[tuple[Node, Node, Node]],
                     graph: OxGraphName) -> Iterator[ox.Quad]:
    """rdflib triples -> pyoxigraph quads in ``graph`` (lazily)."""
    for s, p, o in triples:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)


def triple_from_ox(t: ox.Triple | ox.Quad) -> tuple[Node, Node, Node]:
    """pyoxigraph triple (or the triple of a quad) -> rdflib triple."""
    return from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)


__all__ = [
    "from_ox",
    "from_ox_graph_name",
    "to_ox",
    "to_ox_graph_name",
    "triple_from_ox",
    "triples_to_quads",
]
