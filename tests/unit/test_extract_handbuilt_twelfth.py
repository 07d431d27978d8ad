"""Extraction cases on hand-built Docs (no statistical model) for the rules of the twelfth
session, in the style of ``test_extract_handbuilt.py``: each sentence is rows of (word,
head index, dep, POS, lemma)."""
from __future__ import annotations

from test_extract_handbuilt import run  # noqa: F401  (same helpers, same PUBLISHED day)


def _rules(x):
    return [(r.modality, r.issuer.key if r.issuer else None, r.bound.key if r.bound else None)
            for r in x.rules]


# ------------------------------------------------------------------ gazetteer: South America
DEMONYM_UNITS = [
    ("Britain", 1, "nsubj", "PROPN", "Britain"), ("lets", 1, "ROOT", "VERB", "let"),
    ("Guyanese", 3, "amod", "ADJ", "guyanese"), ("units", 4, "nsubj", "NOUN", "unit"),
    ("fire", 1, "ccomp", "VERB", "fire"), ("Starstreak", 6, "compound", "PROPN", "Starstreak"),
    ("missiles", 4, "dobj", "NOUN", "missile"), ("at", 4, "prep", "ADP", "at"),
    ("drones", 7, "pobj", "NOUN", "drone"), ("over", 4, "prep", "ADP", "over"),
    ("Essequibo", 9, "pobj", "PROPN", "Essequibo"), (".", 1, "punct", "PUNCT", "."),
]


def test_south_american_states_their_demonyms_and_regions_are_known(blank_nlp):
    """'Britain lets Guyanese units fire Starstreak missiles at drones over Essequibo': the
    demonym binds Guyana, the region is Guyana's and the weapon is known (the gazetteer now
    holds the South American states, their demonyms, capitals and some regions)."""
    x = run(blank_nlp, DEMONYM_UNITS)
    assert _rules(x) == [("permission", "uk", "guyana")]
    r = x.rules[0]
    assert [w.key for w in r.weapons] == ["starstreak"]
    assert "essequibo" in [s.key for s in r.scope_in]
