"""Fixtures for the robustness suite (hostile input, crashes, injection, fuzzing).

Tests marked ``model`` load the spaCy model; the others replace the extraction
engine with ``stubs.stub_extract_all`` so that everything after extraction
(offsets, mapping, SHACL, store, run report) runs for real, fast.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `import helpers, stubs, hostile`

import stubs  # noqa: E402


@pytest.fixture
def stub_engine(monkeypatch):
    """Replace the spaCy extraction engine with the fast stub (see stubs.py)."""
    import pipeline.run as run_module
    stubs.calls.clear()
    monkeypatch.setattr(run_module, "extract_all", stubs.stub_extract_all)
    return stubs
