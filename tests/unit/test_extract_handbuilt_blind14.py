"""Extraction cases on hand-built Docs (no statistical model) for the rules made from the
fourteenth blind set (twelfth session), in the style of ``test_extract_handbuilt.py``: each
sentence is rows of (word, head index, dep, POS, lemma)."""
from __future__ import annotations

from test_extract_handbuilt import run  # noqa: F401  (same helpers, same PUBLISHED day)
from test_extract_handbuilt_eleventh import _rules


# ------------------------------------------------------------------ purpose: surveillance; southern Africa
UNDER_TERMS_SURVEILLANCE = [
    ("Under", 8, "prep", "ADP", "under"), ("the", 2, "det", "DET", "the"),
    ("terms", 0, "pobj", "NOUN", "term"), (",", 8, "punct", "PUNCT", ","),
    ("Mozambique", 6, "poss", "PROPN", "Mozambique"), ("'s", 4, "case", "PART", "'s"),
    ("army", 8, "nsubj", "NOUN", "army"), ("may", 8, "aux", "AUX", "may"),
    ("use", 8, "ROOT", "VERB", "use"), ("the", 12, "det", "DET", "the"),
    ("Milkor", 11, "compound", "PROPN", "Milkor"), ("380", 12, "nummod", "NUM", "380"),
    ("drones", 8, "dobj", "NOUN", "drone"), ("for", 8, "prep", "ADP", "for"),
    ("surveillance", 13, "pobj", "NOUN", "surveillance"), ("and", 14, "cc", "CCONJ", "and"),
    ("reconnaissance", 14, "conj", "NOUN", "reconnaissance"), (".", 8, "punct", "PUNCT", "."),
]


def test_surveillance_is_a_purpose_and_mozambique_and_the_milkor_380_are_known(blank_nlp):
    """'Under the terms, Mozambique's army may use the Milkor 380 drones for surveillance and
    reconnaissance': watching is what the drones are granted for (a purpose, like defence),
    and the gazetteer knows Mozambique and the Milkor 380."""
    x = run(blank_nlp, UNDER_TERMS_SURVEILLANCE)
    assert [(r.modality, r.bound.key) for r in x.rules] == [("permission", "mozambique")]
    r = x.rules[0]
    assert "milkor_380" in [w.key for w in r.weapons]
    assert r.purposes == ["surveillance"]


# ------------------------------------------------------------------ "may ..., as agreed"
MAY_FLY_AS_AGREED = [
    ("Ukraine", 2, "poss", "PROPN", "Ukraine"), ("'s", 0, "case", "PART", "'s"),
    ("navy", 4, "nsubj", "NOUN", "navy"), ("may", 4, "aux", "AUX", "may"),
    ("fly", 4, "ROOT", "VERB", "fly"), ("its", 6, "poss", "PRON", "its"),
    ("AR5s", 4, "dobj", "NOUN", "ar5s"), ("over", 4, "prep", "ADP", "over"),
    ("the", 10, "det", "DET", "the"), ("Black", 10, "compound", "PROPN", "Black"),
    ("Sea", 7, "pobj", "PROPN", "Sea"), (",", 4, "punct", "PUNCT", ","),
    ("as", 13, "mark", "SCONJ", "as"), ("agreed", 4, "advcl", "VERB", "agree"),
    (".", 4, "punct", "PUNCT", "."),
]


def test_may_as_agreed_states_the_permission_of_the_decision(blank_nlp):
    """'Ukraine's navy may fly its AR5s over the Black Sea, as agreed': the "as" clause of a
    decision says the "may" is what was granted, not a guess; a bare "Ukraine's navy may fly
    ..." stays no rule."""
    x = run(blank_nlp, MAY_FLY_AS_AGREED, tags={13: "VBN"})
    assert [(r.modality, r.bound.key) for r in x.rules] == [("permission", "ukraine")]
    r = x.rules[0]
    assert [w.key for w in r.weapons] == ["tekever_ar5"]
    assert "black_sea" in [s.key for s in r.scope_in]
    bare = [row for i, row in enumerate(MAY_FLY_AS_AGREED) if i not in (11, 12, 13)]
    assert run(blank_nlp, bare).rules == []
