"""More extraction cases on hand-built Docs (no statistical model), in the style of
``test_extract_handbuilt.py``: each sentence is rows of (word, head index, dep, POS, lemma)."""
from __future__ import annotations

import datetime as dt

from test_extract_handbuilt import build, run  # noqa: F401  (same helpers, same PUBLISHED day)


NOT_RULED_OUT = [
    ("Spain", 1, "nsubj", "PROPN", "Spain"), ("said", 1, "ROOT", "VERB", "say"),
    ("it", 5, "nsubj", "PRON", "it"), ("has", 5, "aux", "AUX", "have"), ("not", 5, "neg", "PART", "not"),
    ("ruled", 1, "ccomp", "VERB", "rule"), ("out", 5, "prt", "ADP", "out"),
    ("letting", 5, "advcl", "VERB", "let"), ("Ukraine", 9, "nsubj", "PROPN", "Ukraine"),
    ("use", 7, "ccomp", "VERB", "use"), ("Hawk", 9, "dobj", "PROPN", "Hawk"),
    ("against", 9, "prep", "ADP", "against"), ("Russia", 11, "pobj", "PROPN", "Russia"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_has_not_ruled_out_is_a_hedge_in_any_tense(blank_nlp):
    """'Spain said it has not ruled out letting Ukraine use Hawk against Russia': an option
    kept open, not a permission (the cue once matched only the bare "not rule out")."""
    assert run(blank_nlp, NOT_RULED_OUT).rules == []
