"""The persistent RDF store (Oxigraph) and rdflib <-> Oxigraph term conversion."""
from .oxigraph_store import (EXPORT_FORMATS, QUARANTINE_PREFIX, QueryResult, Store,
                             export_format_for, graph_quads)

__all__ = ["EXPORT_FORMATS", "QUARANTINE_PREFIX", "QueryResult", "Store", "export_format_for",
           "graph_quads"]
