"""Shared fixtures. Tests marked ``model`` load the spaCy model (slower, still run in CI)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp.loader import load_pipeline
    return load_pipeline()


@pytest.fixture(scope="session")
def blank_nlp():
    """A blank English pipeline with Caveat's rulers: for hand-built Docs, no model."""
    import spacy

    from pipeline.nlp.loader import add_components
    return add_components(spacy.blank("en"))


@pytest.fixture(scope="session")
def scorer():
    """The evaluation scorer from ../shared/eval (present beside the repo in CI)."""
    if not (SHARED_EVAL / "score.py").exists():
        pytest.skip("../shared/eval/score.py is not beside this checkout")
    sys.path.insert(0, str(SHARED_EVAL))
    import score
    return score
