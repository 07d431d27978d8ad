"""A corpus of broken and hostile inputs, with what the run must say about each.

``build(root)`` writes the files and returns one ``Expect`` per *document in*:
every .txt file and every non-blank JSONL line, computed here independently of
pipeline.ingest. A test then checks the run report against this inventory.
"""
from __future__ import annotations

import codecs
import json
import os
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ARTICLE = (SEEDS / "000_16506c7fa13a17d1.txt").read_text(encoding="utf-8")
SHORT = ("Germany allowed Ukraine to use German weapons against targets inside Russia "
         "near Kharkiv, a government spokesman said on May 31, 2024.")


@dataclass(frozen=True)
class Expect:
    origin: str
    outcome: str  # loaded | rejected
    reason: str = ""  # a fragment of the reason (rejected)
    note: str = ""  # a fragment of a note about this input (loaded)


def build(root: Path) -> tuple[list[Path], list[Expect]]:
    """Write the corpus under ``root``; (paths to pass to `caveat run`, expectations)."""
    exp: list[Expect] = []
    docs = root / "articles"
    docs.mkdir(parents=True)

    def txt(name: str, data: bytes, outcome: str, reason: str = "", note: str = "") -> None:
        (docs / name).write_bytes(data)
        exp.append(Expect(str(docs / name), outcome, reason, note))

    txt("good.txt", ARTICLE.encode("utf-8"), "loaded")
    txt("short.txt", SHORT.encode("utf-8"), "loaded")
    txt("empty.txt", b"", "rejected", "the file is empty")
    txt("blank.txt", b"  \n\t\r\n   \n", "rejected", "only whitespace")
    txt("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "rejected", "PDF")
    txt("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "rejected", "PNG")
    txt("snapshot.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "rejected", "JPEG")
    txt("latin1.txt", "Le ministre a d\u00e9clar\u00e9 \u00e0 Paris: \u00ab non \u00bb.".encode("latin-1") * 3,
        "rejected", "not valid UTF-8")
    txt("one-bad-byte.txt", SHORT.encode("utf-8") + b" \xff end.", "loaded", note="replaced by U+FFFD")
    txt("utf16.txt", codecs.BOM_UTF16_LE + SHORT.encode("utf-16-le"), "loaded", note="UTF-16")
    txt("utf16-no-bom.txt", SHORT.encode("utf-16-le"), "rejected", "NUL bytes")
    txt("page.txt", (
        "<!-- saved from url=(0042)https://example.org/news -->\n<!DOCTYPE html>\n<html><head>"
        "<title>UK allows Storm Shadow use</title><style>p{color:red}</style></head><body>"
        "<nav>Home | World</nav><article><h1>UK allows Storm Shadow use</h1>"
        "<p>Britain allowed Ukraine to use Storm Shadow missiles inside Russia, officials said.</p>"
        "<script>track('x')</script></article></body></html>").encode("utf-8"),
        "loaded", note="converted HTML to text")
    # A file name that is not valid UTF-8 (Latin-1 "café"): Python sees a surrogate escape.
    odd = os.fsdecode(b"caf\xe9.txt")
    txt(odd, SHORT.encode("utf-8"), "loaded", note="file name is not valid UTF-8")
    (docs / "manifest.csv").write_text(
        "file,title,source,published\n"
        "good.txt,A good article,NBC News,2024-05-31\n"
        "short.txt,Short,Reuters,last Tuesday\n"  # unparseable date: kept, noted
        "vanished.txt,Gone,AP,2024-01-01\n",  # names a file that does not exist: noted
        encoding="utf-8")

    # A directory whose manifest lacks the 'file' column: the manifest is not used.
    other = root / "other"
    other.mkdir()
    (other / "manifest.csv").write_text("name,title\nx.txt,X\n", encoding="utf-8")
    (other / "x.txt").write_text(SHORT, encoding="utf-8")
    exp.append(Expect(str(other / "x.txt"), "loaded"))

    # JSONL: good lines, broken JSON, no text, repeated id, not an object, lone surrogates.
    jsonl = root / "feed.jsonl"
    lines = [
        json.dumps({"id": "j1", "text": SHORT, "published": "2024-05-31"}),  # 1
        '{"id": "j2", "text": "unterminated',  # 2
        json.dumps({"id": "j3", "title": "no text"}),  # 3
        json.dumps({"id": "j1", "text": "Again, with the same id."}),  # 4
        json.dumps(["an", "array"]),  # 5
        "",  # 6: blank, not a record
        '{"id": "j7\\ud800", "text": "Lone surrogate \\udc00 in the text. ' + SHORT + '"}',  # 7
        json.dumps({"id": "good", "text": "Clashes with good.txt's id."}),  # 8
        json.dumps({"id": "j9", "text": 12}),  # 9
        json.dumps({"id": "j10", "text": "<html><body><p>" + SHORT + "</p></body></html>"}),  # 10
    ]
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcomes = {1: ("loaded", "", ""), 2: ("rejected", "invalid JSON", ""),
                3: ("rejected", "'text' is missing", ""), 4: ("rejected", "duplicate id 'j1'", ""),
                5: ("rejected", "not an object", ""),
                7: ("loaded", "", "surrogate"), 8: ("rejected", "duplicate id 'good'", ""),
                9: ("rejected", "not a string", ""), 10: ("loaded", "", "converted HTML")}
    for n, (outcome, reason, note) in outcomes.items():
        exp.append(Expect(f"{jsonl}:{n}", outcome, reason, note))
    return [docs, other, jsonl], exp
