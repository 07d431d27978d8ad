"""Validation of document graphs: SHACL shapes (fast, per document) and OWL
consistency with HermiT (slower; needs Java).

``validate_graph`` / ``split_quarantine`` decide what is stored and what is
quarantined; ``check_consistency`` is the reasoner check over ontology + data.
The OWL side is imported lazily so that SHACL users do not import owlready2.
"""
from __future__ import annotations

from .shacl import (SHAPES_PATH, ShaclResult, ShapesNotFoundError, load_shapes, split_quarantine,
                    validate_and_split, validate_graph)

__all__ = [
    "SHAPES_PATH", "ShaclResult", "ShapesNotFoundError", "load_shapes", "split_quarantine",
    "validate_and_split", "validate_graph",
    "OwlResult", "JavaNotFoundError", "OntologyLoadError", "OntologyNotFoundError", "check_consistency",
]


def __getattr__(name: str):  # PEP 562: lazy import of the owlready2-based checker
    if name in ("OwlResult", "JavaNotFoundError", "OntologyLoadError", "OntologyNotFoundError",
                "check_consistency"):
        from . import owl
        return getattr(owl, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
