"""Huge articles: split for NLP at paragraph breaks, offsets exact, memory bounded.

spaCy refuses texts longer than ``nlp.max_length`` (1,000,000 characters) and
needs memory in proportion to the text; extraction time grows faster than
linearly with length. pipeline.run therefore parses articles longer than
``LONG_DOCUMENT_CHARS`` in pieces of at most ``CHUNK_CHARS`` and shifts the
evidence offsets back, so ``text[start:end] == quote`` still holds.
"""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hostile
import pipeline.run as run_module
from helpers import ROOT, child_env, read_report
from pipeline.records import Document, DocumentExtraction, EventRecord, Span
from pipeline.run import chunk_spans, merge_parts
from pipeline.store import Store

EVIDENCE = """PREFIX cv: <https://w3id.org/caveat/onto#>
SELECT ?start ?end ?exact WHERE { ?ev a cv:Evidence ; cv:start ?start ; cv:end ?end ; cv:exact ?exact }"""

paragraphs = st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=300), max_size=30)
separators = st.sampled_from(["\n\n", "\n", " ", "", ". "])


@settings(max_examples=300, deadline=None)
@given(parts=paragraphs, sep=separators, limit=st.integers(1, 500))
def test_chunks_cover_the_text_exactly_and_respect_the_limit(parts: list[str], sep: str, limit: int) -> None:
    text = sep.join(parts)
    spans = chunk_spans(text, limit)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))  # contiguous, no overlap
    assert all(0 < end - start <= limit for start, end in spans) or text == ""
    assert "".join(text[s:e] for s, e in spans) == text


def test_chunks_end_at_paragraph_breaks_when_there_are_any() -> None:
    paras = [f"Paragraph {i}. " + "word " * (20 + i % 7) for i in range(200)]
    text = "\n\n".join(paras)
    spans = chunk_spans(text, 1000)
    assert len(spans) > 10
    for start, end in spans[:-1]:
        assert text[start:end].endswith("\n\n")
        assert end - start > 1000 // 4


def test_merged_parts_point_into_the_whole_text() -> None:
    doc = Document(id="d", text="alpha beta\n\ngamma delta\n\nepsilon")

    def parts(quote_at: int):
        for start, end in chunk_spans(doc.text, 13):
            piece = doc.text[start:end]
            i = quote_at
            yield start, DocumentExtraction(
                document=Document(id="d", text=piece),
                events=[EventRecord(date=dt.date(2024, 1, 1), label="e", trigger="t",
                                    evidence=Span(i, i + 3, piece[i:i + 3]))])

    merged = merge_parts(doc, list(parts(1)))
    assert merged.document is doc and len(merged.events) == 3
    assert [e.evidence.text for e in merged.events] == ["lph", "amm", "psi"]
    for ev in merged.events:
        assert doc.text[ev.evidence.start:ev.evidence.end] == ev.evidence.text
    # A span that does not match its part is an error, not a silently wrong offset.
    bad = list(parts(1))
    bad[1][1].events[0].evidence = Span(0, 3, "xyz")
    with pytest.raises(ValueError, match="does not match"):
        merge_parts(doc, bad)


def test_20mb_article_is_processed_in_bounded_memory(tmp_path: Path) -> None:
    """A 20 MB article through the whole run (stub NLP), in a child process to measure its memory.

    The stub raises spaCy's E088 for any text over nlp.max_length, as spaCy would.
    """
    src = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(hostile.SEEDS.glob("*.txt")))
    article = tmp_path / "huge.txt"
    with article.open("w", encoding="utf-8") as out:
        n = 0
        while n < 20_000_000:
            out.write(src + "\n\n")
            n += len(src) + 2
    store = tmp_path / "store"
    code = textwrap.dedent(f"""
        import json, resource, sys, time
        from pathlib import Path
        import stubs
        import pipeline.run as R
        R.extract_all = stubs.stub_extract_all
        t = time.perf_counter()
        report = R.run([Path({str(article)!r})], Path({str(store)!r}))
        print(json.dumps({{"seconds": time.perf_counter() - t, "status": report.status,
                          "longest_piece": stubs.longest[0], "engine_calls": len(stubs.calls),
                          "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env=child_env(), timeout=600)
    assert proc.returncode == 0, proc.stderr
    stats = json.loads(proc.stdout.splitlines()[-1])
    report = read_report(store)
    [doc] = report["documents"]
    assert doc["outcome"] == "loaded" and report["status"] == "complete"
    assert "parts of at most 10,000 characters" in doc["notes"][0]
    assert 0 < stats["longest_piece"] <= run_module.CHUNK_CHARS
    # Memory: the text is 20 MB; a single 20 MB spaCy Doc would need gigabytes.
    assert stats["peak_mb"] < 1024, stats
    text = article.read_text(encoding="utf-8")
    with Store.open(store, read_only=True) as st:
        rows = st.query(EVIDENCE).rows
    assert len(rows) > 2000  # one stub event per part: evidence from all over the text
    assert max(int(r["end"]) for r in rows) > 19_000_000
    for r in rows:
        assert text[int(r["start"]):int(r["end"])] == str(r["exact"])
    print(f"20 MB article: {stats}")


def test_spacy_refuses_a_text_over_max_length(blank_nlp) -> None:
    """Why long articles are split: spaCy would raise on them (E088)."""
    with pytest.raises(ValueError, match="E088"):
        blank_nlp("x " * (blank_nlp.max_length // 2 + 1))
    assert run_module.CHUNK_CHARS < run_module.LONG_DOCUMENT_CHARS < blank_nlp.max_length


@pytest.mark.model
def test_long_article_with_the_real_model_keeps_offsets_exact(tmp_path: Path, monkeypatch, nlp) -> None:
    """The real NLP on a long article parsed in parts (thresholds lowered to keep it quick)."""
    monkeypatch.setattr(run_module, "LONG_DOCUMENT_CHARS", 4_000)
    monkeypatch.setattr(run_module, "CHUNK_CHARS", 1_500)
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(hostile.SEEDS.glob("*.txt")))
    assert len(text) > 3 * 4_000
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    report = run_module.run([tmp_path / "long.txt"], tmp_path / "store").to_json()
    [doc] = report["documents"]
    assert doc["outcome"] in ("loaded", "quarantined") and "parsed in" in doc["notes"][0]
    assert report["facts"]["permissions"] + report["facts"]["prohibitions"] > 0
    with Store.open(tmp_path / "store", read_only=True) as st:
        rows = st.query(EVIDENCE, include_quarantine=True).rows
    assert rows and max(int(r["end"]) for r in rows) > 8_000  # facts from later parts too
    for r in rows:
        assert text[int(r["start"]):int(r["end"])] == str(r["exact"])
