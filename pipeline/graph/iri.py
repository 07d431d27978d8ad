"""Deterministic IRIs: the same content always mints the same IRI.

A re-run on the same files therefore yields the same graph, and the same fact
read from several documents lands on one node.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from urllib.parse import quote

from rdflib import URIRef

from .namespace import DATA

_SEP = "\x1f"  # unit separator: cannot occur in normalised parts


def _digest(*parts: str) -> str:
    return hashlib.sha256(_SEP.join(parts).encode("utf-8")).hexdigest()[:20]


def slug(text: str) -> str:
    """A readable, IRI-safe rendering of ``text`` (lossy; see ``entity``)."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    t = re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-")
    return t[:60] or "x"


@functools.lru_cache(maxsize=1 << 16)  # the same few entities recur in every document
def entity(key: str) -> URIRef:
    """IRI of an entity from its resolution key; the hash keeps lossy slugs apart."""
    return DATA[f"entity/{slug(key)}-{_digest('entity', key)[:8]}"]


def document(doc_id: str) -> URIRef:
    return DATA["doc/" + quote(doc_id, safe="")]


def document_graph(doc_id: str) -> URIRef:
    """Named graph that holds everything read from one document."""
    return DATA["graph/doc/" + quote(doc_id, safe="")]


def quarantine_graph(doc_id: str) -> URIRef:
    return DATA["graph/quarantine/" + quote(doc_id, safe="")]


MERGED_GRAPH = DATA["graph/merged"]
ONTOLOGY_GRAPH = DATA["graph/ontology"]


def fact(kind: str, *key: str) -> URIRef:
    """IRI of a fact (rule, decision, change, advocacy, event) from its merge key."""
    return DATA[f"{kind}/{_digest(kind, *key)}"]


def evidence(doc_id: str, start: int, end: int) -> URIRef:
    return DATA[f"evidence/{_digest('evidence', doc_id, str(start), str(end))}"]
