"""How tests compare "; "-joined values: exactly, except in the columns a question
declares as joined in the store's order (its ``# Unordered: ?a ?b`` header line), whose
parts are compared as sets. The other questions sort what they GROUP_CONCAT."""
from __future__ import annotations

import re

from pipeline import query as Q


def _declared() -> tuple[dict[str, frozenset[str]], dict[tuple[str, ...], frozenset[str]]]:
    """The declared columns by question name, and by the question's projected variables."""
    by_name, by_vars = {}, {}
    for name in Q.QUESTIONS:
        text = Q.load(name)
        line = re.search(r"^#\s*Unordered:(.*)$", text, flags=re.MULTILINE)
        if line:
            by_name[name] = frozenset(re.findall(r"\?(\w+)", line.group(1)))
            head = re.search(r"SELECT\s+(?:DISTINCT\s+)?((?:\?\w+\s+)+)", text)
            by_vars[tuple(re.findall(r"\?(\w+)", head.group(1)))] = by_name[name]
    return by_name, by_vars


UNORDERED, _BY_VARIABLES = _declared()


def unordered(variables) -> frozenset[str]:
    """The unordered columns of the question that projects ``variables`` (names, in order)."""
    return _BY_VARIABLES.get(tuple(str(v) for v in variables), frozenset())


def value(text: str, column: str, columns: frozenset[str]) -> str:
    """``text`` as a test compares it in ``column``."""
    return "; ".join(sorted(text.split("; "))) if column in columns else text
