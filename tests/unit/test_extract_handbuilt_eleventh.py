"""Extraction cases on hand-built Docs (no statistical model) for the rules of the eleventh
session, in the style of ``test_extract_handbuilt.py``: each sentence is rows of (word,
head index, dep, POS, lemma)."""
from __future__ import annotations

from test_extract_handbuilt import run  # noqa: F401  (same helpers, same PUBLISHED day)
from test_extract_handbuilt_more import _frames


def _rules(x):
    return [(r.modality, r.issuer.key if r.issuer else None, r.bound.key if r.bound else None)
            for r in x.rules]


POSSESSED_DECISION = [
    ("Australia", 2, "poss", "PROPN", "Australia"), ("'s", 0, "case", "PART", "'s"),
    ("decision", 3, "nsubj", "NOUN", "decision"), ("let", 3, "ROOT", "VERB", "let"),
    ("Ukraine", 5, "nsubj", "PROPN", "Ukraine"), ("fire", 3, "ccomp", "VERB", "fire"),
    ("Abrams", 5, "dobj", "PROPN", "Abrams"), ("into", 5, "prep", "ADP", "into"),
    ("Russia", 7, "pobj", "PROPN", "Russia"), (".", 3, "punct", "PUNCT", "."),
]


def test_whose_decision_lets_a_party_act_issues_the_permission(blank_nlp):
    """'Australia's decision let Ukraine fire Abrams into Russia': the decision's possessor
    issues the permission (not the party it lets act)."""
    assert _rules(run(blank_nlp, POSSESSED_DECISION)) == [("permission", "australia", "ukraine")]
