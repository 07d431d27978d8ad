"""Extraction cases on hand-built Docs (no statistical model), in the style of
``test_extract_handbuilt.py``: each sentence is rows of (word, head index, dep, POS, lemma)."""
from __future__ import annotations

from test_extract_handbuilt import run  # noqa: F401  (same helpers, same PUBLISHED day)

RECEIVED_FROM = [
    ("Ukraine", 3, "nsubj", "PROPN", "Ukraine"), ("can", 3, "aux", "AUX", "can"),
    ("now", 3, "advmod", "ADV", "now"), ("use", 3, "ROOT", "VERB", "use"),
    ("the", 5, "det", "DET", "the"), ("missiles", 3, "dobj", "NOUN", "missile"),
    ("it", 7, "nsubj", "PRON", "it"), ("received", 5, "relcl", "VERB", "receive"),
    ("from", 7, "prep", "ADP", "from"), ("Spain", 8, "pobj", "PROPN", "Spain"),
    ("against", 3, "prep", "ADP", "against"), ("Russia", 10, "pobj", "PROPN", "Russia"),
    (".", 3, "punct", "PUNCT", "."),
]


def test_the_state_weapons_were_received_from_supplied_them(blank_nlp):
    """'Ukraine can now use the missiles it received from Spain against Russia': the state
    the weapons came from supplied them, and so sets the rules for them."""
    x = run(blank_nlp, RECEIVED_FROM)
    assert [(r.modality, r.issuer and r.issuer.key, r.bound.key) for r in x.rules] == [
        ("permission", "spain", "ukraine")]

