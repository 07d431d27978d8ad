"""The closed CV namespace and ontology/caveat.ttl declare exactly the same terms."""
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from pipeline.graph.namespace import CV

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology" / "caveat.ttl"


def _ontology_terms() -> set[str]:
    g = Graph().parse(ONTOLOGY, format="turtle")
    ns = str(CV._NS)
    return {str(s)[len(ns):] for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}


def _namespace_terms() -> set[str]:
    return set(CV.__annotations__)


def test_every_namespace_term_is_in_the_ontology():
    assert _namespace_terms() - _ontology_terms() == set()


def test_every_ontology_term_is_in_the_namespace():
    assert _ontology_terms() - _namespace_terms() == set()


def test_namespace_is_closed():
    with pytest.raises(AttributeError):
        CV.notATerm  # noqa: B018
