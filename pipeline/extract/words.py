"""The content words extraction rules look for, from ``nlp/lexicons/words.json``.

Like the cue lexicon and the gazetteer, these lists are data: a new domain or
region extends the file, not the code. Grammar the rules rely on (dependency
labels, prepositions, pronouns) stays in the code beside them.
"""
from __future__ import annotations

import json
from pathlib import Path

WORDS_PATH = Path(__file__).resolve().parents[1] / "nlp" / "lexicons" / "words.json"


def load_words(path: Path = WORDS_PATH) -> dict[str, frozenset[str]]:
    """Each list of the file as a frozenset, by its name (keys starting with "_" are notes)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: frozenset(words) for name, words in data.items() if not name.startswith("_")}


#: Read once, at import: the rules test membership on every token.
WORDS = load_words()

__all__ = ["WORDS", "WORDS_PATH", "load_words"]
