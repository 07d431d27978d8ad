"""How tests compare "; "-joined values: exactly, except in the columns a question
declares as joined in the store's order (its ``# Unordered: ?a ?b`` header line), whose
parts are compared as sets. The other questions sort what they GROUP_CONCAT."""
from __future__ import annotations

import re

from pipeline import query as Q


def _declared() -> dict[str, frozenset[str]]:
    out = {}
    for name in Q.QUESTIONS:
        line = re.search(r"^#\s*Unordered:(.*)$", Q.load(name), flags=re.MULTILINE)
        if line:
            out[name] = frozenset(re.findall(r"\?(\w+)", line.group(1)))
    return out


UNORDERED: dict[str, frozenset[str]] = _declared()


def unordered(variables) -> frozenset[str]:
    """The unordered columns of the question that projects ``variables`` (names, in order)."""
    names = [str(v) for v in variables]
    for name, columns in UNORDERED.items():
        if _projected(name) == names:
            return columns
    return frozenset()


def _projected(name: str) -> list[str]:
    head = re.search(r"SELECT\s+(?:DISTINCT\s+)?((?:\?\w+\s+)+)", Q.load(name))
    return re.findall(r"\?(\w+)", head.group(1)) if head else []


def value(text: str, column: str, columns: frozenset[str]) -> str:
    """``text`` as a test compares it in ``column``."""
    return "; ".join(sorted(text.split("; "))) if column in columns else text
