"""A stand-in for the extraction engine: fast, deterministic, no spaCy model.

``stub_extract_all`` has ``pipeline.engine.extract_all``'s signature. For each
document it reports one event whose evidence is the document's first non-blank
line (at most 120 characters), so the whole path after extraction -- offsets,
mapping, SHACL, store, report -- runs for real. A document whose text contains
``BOOM`` makes it raise, like an NLP crash on that one text.
"""
from __future__ import annotations

import datetime as dt
import re

from pipeline.records import Document, DocumentExtraction, EventRecord, Span

#: spaCy's default nlp.max_length: no piece given to the engine may be longer.
SPACY_MAX_LENGTH = 1_000_000
CRASH_MARK = "BOOM"
_LINE = re.compile(r"\S[^\n]{0,119}")

calls: list[int] = []  # sizes of the batches the stub was called with
longest: list[int] = [0]  # length of the longest text it was given


def stub_extraction(document: Document) -> DocumentExtraction:
    text = document.text
    longest[0] = max(longest[0], len(text))
    if len(text) > SPACY_MAX_LENGTH:
        raise ValueError(f"[E088] Text of length {len(text)} exceeds maximum of {SPACY_MAX_LENGTH}")
    if CRASH_MARK in text:
        raise RuntimeError(f"simulated NLP crash on {document.id!r}")
    x = DocumentExtraction(document=document)
    m = _LINE.search(text)
    if m:
        quote = m.group().rstrip()
        x.events.append(EventRecord(date=dt.date(2024, 5, 30), label="stub event", trigger="stub",
                                    evidence=Span(m.start(), m.start() + len(quote), quote)))
    return x


def stub_extract_all(documents, model=None, batch_size=16, progress=None, **engine_args):
    calls.append(len(documents))
    out = []
    for n, d in enumerate(documents, 1):
        out.append(stub_extraction(d))
        if progress is not None:
            progress("extract", n, len(documents))
    return out
