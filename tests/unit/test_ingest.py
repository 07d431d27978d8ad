"""pipeline.ingest: every input becomes a Document or a Rejection, text stays verbatim."""
from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from pipeline.errors import CaveatError, InputError
from pipeline.ingest import IngestResult, load_inputs

ARTICLE = 'Officials said: "Ukraine may strike" \u2014 with \u201ccaveats\u201d.\nSecond line.\n'


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def origins(result: IngestResult) -> set[str]:
    return {d.origin for d in result.documents} | {r.origin for r in result.rejected}


def rejected_by_origin(result: IngestResult) -> dict[str, str]:
    return {r.origin: r.reason for r in result.rejected}


# --------------------------------------------------------------------------- directories

def test_directory_with_manifest_attaches_metadata(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.txt").write_text("First article.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,title,source,published\n"
        "a.txt,Title A,Source A,2024-05-31\n"
        'b.txt,"Title, with comma",Source B,not a date\n'
        "gone.txt,Missing,X,2024-01-01\n", encoding="utf-8")

    result = load_inputs([tmp_path])

    assert [d.id for d in result.documents] == ["a", "b"]  # sorted by file name
    a, b = result.documents
    assert (a.title, a.source, a.published) == ("Title A", "Source A", dt.date(2024, 5, 31))
    assert a.origin == f"{tmp_path}/a.txt"
    assert b.title == "Title, with comma"
    assert b.published is None  # unparseable date: kept, without a date ...
    assert b.text == ARTICLE  # quotes, dashes and newlines verbatim
    notes = "\n".join(result.notes)
    assert "'not a date'" in notes and "manifest.csv:3" in notes  # ... and a note naming where
    assert "gone.txt" in notes  # manifest row for a missing file is noted
    assert result.rejected == []


def test_manifest_without_file_column_is_rejected_but_articles_load(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text A.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("name,title\na.txt,T\n", encoding="utf-8")

    result = load_inputs([tmp_path])

    assert [(d.id, d.title) for d in result.documents] == [("a", None)]
    assert [r.origin for r in result.rejected] == [f"{tmp_path}/manifest.csv"]
    assert "file" in result.rejected[0].reason and result.rejected[0].hint
    assert any("without metadata" in n for n in result.notes)


def test_manifest_with_bom_and_iso_datetime(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text A.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_bytes(
        "\ufefffile,title,source,published\r\na.txt,T,S,2024-11-19T08:30:00Z\r\n".encode("utf-8"))
    [doc] = load_inputs([tmp_path]).documents
    assert (doc.title, doc.source, doc.published) == ("T", "S", dt.date(2024, 11, 19))


def test_directory_also_loads_jsonl_and_ignores_other_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text A.", encoding="utf-8")
    write_jsonl(tmp_path / "more.jsonl", [json.dumps({"id": "j1", "text": "Text J."})])
    (tmp_path / "notes.md").write_text("# not an article", encoding="utf-8")

    result = load_inputs([tmp_path])

    assert [d.id for d in result.documents] == ["a", "j1"]
    assert result.documents[1].origin == f"{tmp_path}/more.jsonl:1"
    assert any("notes.md" in n for n in result.notes)


# --------------------------------------------------------------------------- JSONL

def test_jsonl_bad_lines_are_rejected_with_line_numbers(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [
        json.dumps({"id": "d1", "text": "One.", "title": "T1", "source": "S", "url": "http://x",
                    "published": "2024-05-30"}),             # 1 ok
        '{"id": "d2", "text": "unterminated',                 # 2 malformed JSON
        json.dumps({"id": "d3"}),                             # 3 missing text
        json.dumps({"id": "d4", "text": 42}),                 # 4 non-string text
        "",                                                   # 5 blank: not a record
        json.dumps({"id": "d1", "text": "Again."}),           # 6 duplicate id
        json.dumps(["not", "an", "object"]),                  # 7 not an object
        json.dumps({"text": "no id"}),                        # 8 missing id
        json.dumps({"id": 7, "text": "Numeric id.", "published": "31/05/2024"}),  # 9 ok, bad date
        json.dumps({"id": "d10", "text": "   \n "}),          # 10 empty text
    ])

    result = load_inputs([path])

    assert [d.id for d in result.documents] == ["d1", "7"]
    d1 = result.documents[0]
    assert (d1.title, d1.source, d1.url, d1.published) == ("T1", "S", "http://x", dt.date(2024, 5, 30))
    assert result.documents[1].published is None
    assert any(f"{path}:9" in n and "31/05/2024" in n for n in result.notes)
    rejected = rejected_by_origin(result)
    assert set(rejected) == {f"{path}:{n}" for n in (2, 3, 4, 6, 7, 8, 10)}
    assert "invalid JSON" in rejected[f"{path}:2"]
    assert "'text' is missing" in rejected[f"{path}:3"]
    assert "not a string" in rejected[f"{path}:4"]
    assert "duplicate id 'd1'" in rejected[f"{path}:6"] and f"{path}:1" in rejected[f"{path}:6"]
    assert "not an object" in rejected[f"{path}:7"]
    assert "'id'" in rejected[f"{path}:8"]
    assert all(r.hint for r in result.rejected)


def test_jsonl_text_is_verbatim_except_newlines(tmp_path: Path) -> None:
    text = 'He said "no" \\ then \u00e9\r\nnext\rlast\u2028kept'
    path = write_jsonl(tmp_path / "a.jsonl", [json.dumps({"id": "x", "text": text})])
    [doc] = load_inputs([path]).documents
    assert doc.text == 'He said "no" \\ then \u00e9\nnext\nlast\u2028kept'


def test_duplicate_ids_across_files_reject_the_later_one(tmp_path: Path) -> None:
    (tmp_path / "dup.txt").write_text("From the text file.", encoding="utf-8")
    jsonl = write_jsonl(tmp_path / "other.jsonl", [json.dumps({"id": "dup", "text": "From JSONL."})])

    result = load_inputs([tmp_path / "dup.txt", jsonl])

    assert [(d.id, d.text) for d in result.documents] == [("dup", "From the text file.")]
    assert [r.origin for r in result.rejected] == [f"{jsonl}:1"]


def test_large_jsonl_loads_in_seconds(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(100_000):
            out.write(json.dumps({"id": f"d{i}", "text": f"Article {i} says \"something\".",
                                  "published": "2024-05-31"}) + "\n")
    start = time.perf_counter()
    result = load_inputs([path])
    elapsed = time.perf_counter() - start
    assert len(result.documents) == 100_000 and not result.rejected
    assert elapsed < 10, f"100k JSONL lines took {elapsed:.1f}s"


# --------------------------------------------------------------------------- single files and encodings

def test_single_txt_file(tmp_path: Path) -> None:
    path = tmp_path / "story.v2.txt"
    path.write_bytes(b"Line one.\r\nLine two.\rLine three.")
    [doc] = load_inputs([path]).documents
    assert doc.id == "story.v2"
    assert doc.text == "Line one.\nLine two.\nLine three."
    assert doc.origin == str(path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_byte_order_marks_are_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bom.txt"
    raw = ARTICLE.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw  # the codec writes no BOM for an explicit byte order
    path.write_bytes(raw)
    result = load_inputs([path])
    assert [d.text for d in result.documents] == [ARTICLE]  # BOM gone, text intact


@pytest.mark.parametrize("content, expected", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"plain start then \x00\x01\x02 binary", "NUL"),
    (b"", "empty"),
    (b"  \n\t\r\n ", "whitespace"),
])
def test_unusable_files_are_rejected(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = load_inputs([path])
    assert result.documents == []
    [rejection] = result.rejected
    assert rejection.origin == str(path)
    assert expected in rejection.reason
    assert rejection.hint


def test_few_invalid_utf8_bytes_are_replaced_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "mostly.txt"
    path.write_bytes(b"Kyiv " * 100 + b"caf\xe9 " + b"ok.")
    result = load_inputs([path])
    [doc] = result.documents
    assert "caf\ufffd ok." in doc.text
    assert any("1 bytes were not valid UTF-8" in n for n in result.notes)


def test_mostly_invalid_utf8_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("\u00e9t\u00e9 \u00e0 \u00e7a ".encode("latin-1") * 20)
    result = load_inputs([path])
    assert result.documents == []
    assert "UTF-8" in result.rejected[0].reason and "iconv" in result.rejected[0].hint


def test_html_is_converted_to_text(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Page title</title><style>p {color: red}</style>"
        "<script>var x = '<p>not text</p>';</script></head>"
        "<body><h1>Headline</h1><p>Kyiv said &quot;yes&quot; &amp; more.</p>"
        "<p>Second\n   paragraph.</p></body></html>", encoding="utf-8")
    result = load_inputs([path])
    [doc] = result.documents
    assert doc.text == 'Headline\n\nKyiv said "yes" & more.\n\nSecond paragraph.'
    assert doc.title == "Page title"
    assert "color" not in doc.text and "not text" not in doc.text
    assert any("converted HTML to text" in n for n in result.notes)


# --------------------------------------------------------------------------- errors and accounting

def test_missing_path_raises_input_error_with_hint(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_inputs([tmp_path / "a.txt", tmp_path / "nope"])
    assert "nope" in str(info.value)
    assert info.value.hint
    assert isinstance(info.value, CaveatError)


def test_no_paths_raises_input_error() -> None:
    with pytest.raises(InputError):
        load_inputs([])


def test_every_input_is_accounted_for(tmp_path: Path) -> None:
    inputs: list[str] = []

    def txt(name: str, content: bytes) -> None:
        (tmp_path / name).write_bytes(content)
        inputs.append(f"{tmp_path}/{name}")

    txt("ok.txt", b"Fine article.")
    txt("empty.txt", b"")
    txt("pdf.txt", b"%PDF-1.4 junk")
    txt("utf16.txt", "Wide text.".encode("utf-16"))
    txt("html.txt", b"<html><body><p>Hi.</p></body></html>")
    txt("latin.txt", "\u00e9\u00e8".encode("latin-1") * 10)
    lines = [json.dumps({"id": "j1", "text": "A."}), "{broken", json.dumps({"id": "j1", "text": "B."}),
             json.dumps({"id": "ok", "text": "clashes with ok.txt"}), json.dumps({"id": "j2"})]
    write_jsonl(tmp_path / "recs.jsonl", lines)
    inputs += [f"{tmp_path}/recs.jsonl:{n}" for n in range(1, len(lines) + 1)]

    result = load_inputs([tmp_path])

    assert len(result.documents) + len(result.rejected) == len(inputs)
    assert origins(result) == set(inputs)
    assert sorted(d.id for d in result.documents) == ["html", "j1", "ok", "utf16"]


def test_unsupported_single_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a,b\n", encoding="utf-8")
    result = load_inputs([path])
    assert result.documents == [] and [r.origin for r in result.rejected] == [str(path)]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_jsonl_with_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bom.jsonl"
    lines = [json.dumps({"id": "a", "text": ARTICLE}, ensure_ascii=False), "{bad",
             json.dumps({"id": "b", "text": "B."})]
    path.write_bytes("\r\n".join(lines).encode(encoding))
    result = load_inputs([path])
    assert [(d.id, d.text) for d in result.documents] == [("a", ARTICLE), ("b", "B.")]
    assert [r.origin for r in result.rejected] == [f"{path}:2"]


def test_empty_jsonl_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    result = load_inputs([path])
    assert result.documents == [] and [r.origin for r in result.rejected] == [str(path)]
