"""Caveat: news articles about weapons-use policy -> an RDF knowledge graph."""

__version__ = "0.1.0"
