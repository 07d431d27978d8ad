"""The extraction word lists (nlp/lexicons/words.json) are well-formed and all in use."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.extract.words import WORDS, WORDS_PATH, load_words

EXTRACT = Path(__file__).resolve().parents[2] / "pipeline" / "extract"


def test_every_list_is_lower_case_words_or_phrases():
    for name, words in WORDS.items():
        assert words, f"{name} is empty"
        for w in words:
            assert w and w == w.lower() == " ".join(w.split()), f"{name}: {w!r}"


def test_every_list_is_read_by_the_rules_and_no_name_is_missing():
    code = "".join(p.read_text(encoding="utf-8") for p in EXTRACT.glob("*.py"))
    used = set(re.findall(r'WORDS\["([a-z_]+)"\]', code))
    assert used == set(WORDS), f"unused: {set(WORDS) - used}; missing: {used - set(WORDS)}"


def test_notes_are_not_lists(tmp_path):
    data = json.loads(WORDS_PATH.read_text(encoding="utf-8"))
    assert any(k.startswith("_") for k in data)
    path = tmp_path / "words.json"
    path.write_text(json.dumps({"_note": "x", "verbs": ["a", "a", "b"]}), encoding="utf-8")
    assert load_words(path) == {"verbs": frozenset({"a", "b"})}
    path.write_text("{", encoding="utf-8")
    with pytest.raises(json.JSONDecodeError):
        load_words(path)
