"""Accounting as a property: for any mix of good and broken inputs, documents in =
loaded + quarantined + rejected, each input appears once, and the exit code follows.

"Documents in" is counted here, independently of pipeline.ingest: every *.txt
file and every non-blank line of every *.jsonl file (a .jsonl file without any
is one input, rejected as a whole).
"""
from __future__ import annotations

import codecs
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile
import pipeline.run as run_module
import stubs

TXT_CONTENT = st.one_of(
    st.just(hostile.SHORT.encode("utf-8")),
    st.just(b""),
    st.just(b" \n\t \n"),
    st.just(b"%PDF-1.4\n%\xe2\xe3"),
    st.just(b"\x89PNG\r\n\x1a\n\x00"),
    st.just(codecs.BOM_UTF16_LE + hostile.SHORT.encode("utf-16-le")),
    st.just(hostile.SHORT.encode("utf-16-le")),  # no BOM: NUL bytes
    st.just(("<html><body><p>" + hostile.SHORT + "</p></body></html>").encode("utf-8")),
    st.just(b"BOOM " + hostile.SHORT.encode("utf-8")),  # the stub engine crashes on it
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")),
)
JSON_LINE = st.one_of(
    st.builds(lambda i, t: json.dumps({"id": i, "text": t}),
              st.sampled_from(["a", "b", "c", "1", "good"]), st.text(max_size=80)),
    st.builds(lambda i: json.dumps({"id": i, "text": hostile.SHORT}), st.text(max_size=8)),
    st.just('{"id": "x", "text": "unterminated'),
    st.just(json.dumps({"id": "y"})),
    st.just(json.dumps([1, 2])),
    st.just(json.dumps({"id": "z", "text": "\ud800 lone"})),
    st.text(max_size=40).filter(lambda s: "\n" not in s and "\r" not in s),
)
MANIFEST = st.one_of(
    st.none(),
    st.just("file,title,source,published\nf0.txt,T,S,2024-05-31\nf1.txt,T,S,not a date\nnope.txt,,,\n"),
    st.just("title,source\nx,y\n"),
    st.just("file,title\n\"unterminated,x\n"),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
)


def documents_in(root: Path) -> set[str]:
    """Origins of every document handed in, counted without pipeline.ingest."""
    origins = set()
    for p in sorted(root.iterdir()):
        if p.name.startswith("."):
            continue
        if p.suffix == ".txt":
            origins.add(str(p))
        elif p.suffix == ".jsonl":
            # blank as JSON sees it (RFC 8259 whitespace), not as Python does
            lines = {f"{p}:{n}" for n, line in enumerate(p.read_bytes().split(b"\n"), 1)
                     if line.strip(b" \t\r\n")}
            origins |= lines or {str(p)}  # a .jsonl with no record is itself one rejected input
    return origins


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(txts=st.lists(TXT_CONTENT, max_size=6), lines=st.lists(JSON_LINE, max_size=8), manifest=MANIFEST)
def test_every_document_in_is_accounted_for(txts: list[bytes], lines: list[str],
                                            manifest: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "in"
        root.mkdir()
        for i, data in enumerate(txts):
            (root / f"f{i}.txt").write_bytes(data)
        if lines:
            (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8",
                                             errors="surrogatepass")
        if manifest is not None:
            (root / "manifest.csv").write_text(manifest, encoding="utf-8", errors="surrogatepass")
        expected = documents_in(root)
        mp = __import__("pytest").MonkeyPatch()
        mp.setattr(run_module, "extract_all", stubs.stub_extract_all)
        try:
            report = run_module.run([root], Path(tmp) / "store")
        except run_module.InputError:
            assert not expected  # only when there is no document at all
            return
        finally:
            mp.undo()
        data = report.to_json()
        c = data["counts"]
        origins = [d["origin"] for d in data["documents"]]
        assert len(origins) == len(set(origins))
        assert set(origins) == expected
        assert c["documents"] == len(expected) == c["loaded"] + c["quarantined"] + c["rejected"]
        assert all(d["reason"] and d["hint"] for d in data["documents"] if d["outcome"] != "loaded")
        assert data["exit_code"] == (0 if c["loaded"] == c["documents"] and not data["input_errors"] else 1)
        assert json.loads((Path(tmp) / "store" / "run-report.json").read_text())["counts"] == c
