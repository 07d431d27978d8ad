"""Entity resolution and cross-document merging of extracted records."""
from .corpus import resolve_corpus

__all__ = ["resolve_corpus"]
