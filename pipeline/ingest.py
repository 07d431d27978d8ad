"""Input files -> ``Document`` records, with every input accounted for.

Accepted inputs (see shared/eval/README.md):

* a directory: every ``*.txt`` (sorted by name; metadata from an optional
  ``manifest.csv`` with columns ``file,title,source,published``) and every
  ``*.jsonl`` in it (not recursive);
* a single ``.txt`` file (id = file name without ``.txt``);
* a single ``.jsonl`` file: one JSON object a line with ``id``, ``text`` and
  optionally ``title``, ``source``, ``url``, ``published``.

A path that does not exist raises ``InputError``: nothing sensible can be
done. Anything wrong *inside* the inputs (an empty file, a PDF, a malformed
JSONL line, a duplicate id) rejects that one input with a reason and a hint
and loads the rest; recoverable oddities (HTML converted, a few undecodable
bytes, an unparseable date) keep the document and add a note. So
``len(documents) + len(rejected)`` always equals the number of inputs.

Text is kept verbatim apart from newline normalisation (``\\r\\n``/``\\r`` ->
``\\n``) and dropping a byte-order mark: evidence spans are character offsets
into ``Document.text``, and quotes must match the article exactly.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .errors import InputError
from .records import Document

MANIFEST = "manifest.csv"
#: Share of characters that may be undecodable (and replaced) before we give up.
MAX_REPLACED_SHARE = 0.01
#: Largest .txt file read (bytes). Far above any article (a 20 MB one loads and is
#: processed in chunks, see pipeline.run); the cap keeps memory bounded when someone
#: points the pipeline at a disk image or a log file.
MAX_TEXT_BYTES = 64 * 1024 * 1024

# Leading bytes of binary formats people drop into article folders by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)
# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NEWLINES = re.compile(r"\r\n?")
# An HTML page, possibly behind an XML declaration or comments (saved pages often
# start with "<!-- saved from url=... -->"): see _looks_like_html.
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
# Lone UTF-16 surrogates: JSON "\ud800" escapes decode to them; UTF-8 cannot encode them.
_SURROGATE = re.compile("[\ud800-\udfff]")

#: What JSON itself counts as whitespace (RFC 8259): nothing else makes a line blank.
_JSON_WHITESPACE = " \t\n\r"

_HINT_BINARY = "only plain-text articles can be read; extract the text first (e.g. `pdftotext FILE.pdf FILE.txt`)"
_HINT_ENCODING = "save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8 FILE > FILE.utf8`)"
_HINT_EMPTY = "add the article text, or remove the file"
_HINT_DUPLICATE = "give every article a unique id (the first one with this id was kept)"
_HINT_JSONL = 'each line must be one JSON object like {"id": "a1", "text": "..."}'


@dataclass(frozen=True)
class Rejection:
    """One input that was not loaded, why, and what to do about it."""

    origin: str  # "dir/x.txt" or "a.jsonl:12"
    reason: str
    hint: str


@dataclass
class IngestResult:
    """Documents loaded, inputs rejected, and non-fatal remarks."""

    documents: list[Document] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Decoded:
    """Outcome of decoding one input's bytes: text, or a rejection reason."""

    __slots__ = ("text", "error", "hint", "notes")

    def __init__(self, text: str | None = None, error: str = "", hint: str = "",
                 notes: list[str] | None = None) -> None:
        self.text = text
        self.error = error
        self.hint = hint
        self.notes = notes or []


# --------------------------------------------------------------------------- public API

def load_inputs(paths: Sequence[Path]) -> IngestResult:
    """Load every article under ``paths`` (directories, .txt and .jsonl files).

    Raises ``InputError`` if no path is given or a path does not exist;
    everything else is reported in the result (see the module doc).
    """
    if not paths:
        raise InputError("no input given", hint="pass a directory of articles, a .txt file or a .jsonl file")
    resolved = [Path(p) for p in paths]
    for path in resolved:
        # Check all paths first, so a typo in the last one fails before any work.
        if not path.exists():
            raise InputError(f"input not found: {path}",
                             hint="check the path; pass a directory of *.txt/*.jsonl articles, "
                                  "a .txt file or a .jsonl file")
    loader = _Loader()
    for path in resolved:
        if path.is_dir():
            loader.directory(path)
        elif not path.is_file():
            # A FIFO or device named like an article would block or never end.
            loader.reject(str(path), "not a regular file (a pipe, socket or device?)",
                          "pass a directory, a .txt file or a .jsonl file")
        elif path.suffix.lower() == ".txt":
            loader.text_file(path, None)
        elif path.suffix.lower() == ".jsonl":
            loader.jsonl_file(path)
        else:
            loader.reject(str(path), f"unsupported input type {path.suffix or '(no extension)'!r}",
                          "pass a directory, a .txt file or a .jsonl file")
    return loader.result


# --------------------------------------------------------------------------- loader

class _Loader:
    """Accumulates one ``IngestResult``; remembers ids to reject duplicates."""

    def __init__(self) -> None:
        self.result = IngestResult()
        self._seen: dict[str, str] = {}  # id -> origin of the first document with it

    def reject(self, origin: str, reason: str, hint: str) -> None:
        self.result.rejected.append(Rejection(origin, reason, hint))

    def note(self, text: str) -> None:
        self.result.notes.append(text)

    def add(self, doc: Document) -> None:
        first = self._seen.get(doc.id)
        if first is not None:
            self.reject(doc.origin, f"duplicate id {doc.id!r} (first seen in {first})", _HINT_DUPLICATE)
            return
        self._seen[doc.id] = doc.origin
        self.result.documents.append(doc)

    # ----------------------------------------------------------------- directories

    def directory(self, path: Path) -> None:
        txt: list[Path] = []
        jsonl: list[Path] = []
        manifest: Path | None = None
        ignored: list[str] = []
        try:
            entries = sorted(path.iterdir())
        except OSError as exc:  # e.g. permission denied
            self.reject(str(path), f"cannot list the directory: {exc.strerror or exc}",
                        "check the directory's permissions (it must be readable and executable)")
            return
        for entry in entries:
            name = entry.name
            if name == MANIFEST and entry.is_file():
                manifest = entry
            elif name.startswith("."):
                continue  # editor and OS droppings (.DS_Store, .x.txt.swp)
            elif entry.is_file() and name.endswith(".txt"):
                txt.append(entry)
            elif entry.is_file() and name.endswith(".jsonl"):
                jsonl.append(entry)
            else:
                ignored.append(name + ("/" if entry.is_dir() else ""))
        if ignored:
            shown = ", ".join(ignored[:5]) + (f" and {len(ignored) - 5} more" if len(ignored) > 5 else "")
            self.note(f"{path}: ignored {len(ignored)} entries that are not *.txt, *.jsonl "
                      f"or {MANIFEST}: {shown}")
        if not txt and not jsonl:
            self.note(f"{path}: no *.txt or *.jsonl files found")
        meta = self._manifest(manifest, {p.name for p in txt}) if manifest is not None else {}
        if manifest is not None and txt:
            missing = [p.name for p in txt if p.name not in meta]
            if meta and missing:
                self.note(f"{manifest}: {len(missing)} of {len(txt)} .txt files have no manifest row "
                          f"(e.g. {missing[0]}); they load without title/source/date")
        for p in txt:
            self.text_file(p, meta.get(p.name))
        for p in jsonl:
            self.jsonl_file(p)

    def _manifest(self, path: Path, txt_names: set[str]) -> dict[str, dict[str, str]]:
        """Rows of ``manifest.csv`` keyed by file name; problems become notes."""
        origin = str(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self.reject(origin, f"cannot read the manifest: {exc}", "check the file's permissions")
            self.note(f"{origin}: not used; the articles load without metadata")
            return {}
        decoded = _decode(raw, origin)
        if decoded.text is None:
            self.reject(origin, decoded.error, decoded.hint)
            self.note(f"{origin}: not used; the articles load without metadata")
            return {}
        self.result.notes.extend(decoded.notes)
        try:
            reader = csv.DictReader(io.StringIO(_NEWLINES.sub("\n", decoded.text), newline=""))
            header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
            if "file" not in header:
                self.reject(origin, f"the manifest has no 'file' column (columns: {', '.join(header) or 'none'})",
                            "the first line must be the header: file,title,source,published")
                self.note(f"{origin}: not used; the articles load without metadata")
                return {}
            reader.fieldnames = header  # tolerate " File" / "TITLE" in the header
            rows: dict[str, dict[str, str]] = {}
            for row in reader:
                where = f"{origin}:{reader.line_num}"
                name = (row.get("file") or "").strip()
                if not name:
                    if any((v or "").strip() for k, v in row.items() if k is not None):
                        self.note(f"{where}: row has no file name; ignored")
                    continue
                if name not in txt_names and name + ".txt" in txt_names:
                    name += ".txt"  # "000_abc" is clear enough
                if name not in txt_names:
                    self.note(f"{where}: names {name!r}, which is not a .txt file in {path.parent}")
                    continue
                if name in rows:
                    self.note(f"{where}: second row for {name!r}; the first one is used")
                    continue
                row = {k: (v or "").strip() for k, v in row.items() if isinstance(k, str)}
                row["_where"] = where
                rows[name] = row
            return rows
        except csv.Error as exc:
            self.reject(origin, f"malformed CSV: {exc}", "fix the manifest so it is valid CSV")
            self.note(f"{origin}: not used; the articles load without metadata")
            return {}

    # ----------------------------------------------------------------- .txt

    def text_file(self, path: Path, meta: dict[str, str] | None) -> None:
        origin = str(path)
        try:
            size = path.stat().st_size
            if size > MAX_TEXT_BYTES:
                self.reject(origin, f"the file is too large for an article ({size / 1e6:.0f} MB; "
                                    f"the limit is {MAX_TEXT_BYTES / 1e6:.0f} MB)",
                            "split it into one file per article, or into a .jsonl file")
                return
            raw = path.read_bytes()
        except OSError as exc:
            self.reject(origin, f"cannot read the file: {exc.strerror or exc}",
                        "check the file's permissions (e.g. `chmod a+r FILE`)")
            return
        decoded = _decode(raw, origin)
        if decoded.text is None:
            self.reject(origin, decoded.error, decoded.hint)
            return
        self.result.notes.extend(decoded.notes)
        text, html_title = decoded.text, None
        if _looks_like_html(text):
            text, html_title = _html_to_text(text)
            self.note(f"{origin}: converted HTML to text")
            if not text.strip():
                self.reject(origin, "the HTML page holds no text", _HINT_EMPTY)
                return
        meta = meta or {}
        where = meta.get("_where", origin)
        doc_id = path.name[: -len(".txt")] if path.name.endswith(".txt") else path.stem
        if _SURROGATE.search(doc_id):  # a file name that is not valid UTF-8 (surrogate-escaped bytes)
            doc_id = _SURROGATE.sub("\ufffd", doc_id)
            self.note(f"{origin}: the file name is not valid UTF-8; the article's id is {doc_id!r}")
        self.add(Document(
            id=doc_id,
            text=text,
            title=meta.get("title") or html_title,
            source=meta.get("source") or None,
            url=meta.get("url") or None,
            published=self._date(meta.get("published"), where),
            origin=origin,
        ))

    # ----------------------------------------------------------------- .jsonl

    def jsonl_file(self, path: Path) -> None:
        try:
            handle = path.open("rb")
        except OSError as exc:
            self.reject(str(path), f"cannot read the file: {exc}", "check the file's permissions")
            return
        with handle:
            head = handle.read(4)
            if any(head.startswith(magic) for magic, _ in _MAGIC):
                kind = next(k for magic, k in _MAGIC if head.startswith(magic))
                self.reject(str(path), f"binary content: looks like {kind}", _HINT_BINARY)
                return
            handle.seek(0)
            records = 0
            for lineno, line, bad in _jsonl_lines(handle, head):
                # Blank lines (e.g. a trailing one) are not records. Blank as JSON sees it:
                # str.strip() would also drop control characters such as U+001F, hiding
                # a line of garbage instead of reporting it.
                if line.strip(_JSON_WHITESPACE):
                    records += 1
                    self._jsonl_record(f"{path}:{lineno}", line, bad)
        if not records:
            self.reject(str(path), "the file holds no JSON lines", _HINT_EMPTY)

    def _jsonl_record(self, origin: str, line: str, bad: int) -> None:
        if bad and bad > MAX_REPLACED_SHARE * len(line):
            self.reject(origin, f"{bad} bytes are not valid UTF-8", _HINT_ENCODING)
            return
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            # json's messages may end in " at" ("Invalid control character at"): say where.
            self.reject(origin, f"invalid JSON at column {exc.colno}: {exc.msg.removesuffix(' at')}",
                        _HINT_JSONL)
            return
        except (ValueError, RecursionError) as exc:  # e.g. absurdly long integers or nesting
            self.reject(origin, f"invalid JSON: {exc}", _HINT_JSONL)
            return
        if not isinstance(rec, dict):
            self.reject(origin, f"the line is a JSON {_json_type(rec)}, not an object", _HINT_JSONL)
            return
        lone = 0
        for key in ("id", "text", "title", "source", "url", "published"):
            value = rec.get(key)
            if isinstance(value, str) and _SURROGATE.search(value):
                value, n = _SURROGATE.subn("\ufffd", value)  # one code point for one: offsets hold
                rec[key] = value
                lone += n
        if lone:
            self.note(f"{origin}: {lone} lone UTF-16 surrogate escapes (\\ud800-\\udfff) "
                      "were replaced by U+FFFD")
        doc_id = _jsonl_id(rec.get("id"))
        if doc_id is None:
            shown = "missing" if "id" not in rec else f"not usable ({rec['id']!r})"
            self.reject(origin, f"'id' is {shown}", 'add a non-empty "id" string or number to the record')
            return
        text = rec.get("text")
        if "text" not in rec or text is None:
            self.reject(origin, "'text' is missing", 'add the article as a "text" string')
            return
        if not isinstance(text, str):
            self.reject(origin, f"'text' is a {_json_type(text)}, not a string", 'make "text" a JSON string')
            return
        if "\x00" in text:
            self.reject(origin, "'text' contains NUL characters (binary data?)", _HINT_BINARY)
            return
        text = _NEWLINES.sub("\n", text)
        if bad:
            self.note(f"{origin}: {bad} bytes were not valid UTF-8 and were replaced by U+FFFD")
        html_title = None
        if _looks_like_html(text):
            text, html_title = _html_to_text(text)
            self.note(f"{origin}: converted HTML to text")
        if not text.strip():
            self.reject(origin, "'text' is empty", _HINT_EMPTY)
            return
        fields: dict[str, str | None] = {}
        for key in ("title", "source", "url"):
            value = rec.get(key)
            if value is not None and not isinstance(value, str):
                self.note(f"{origin}: ignored {key!r}: a {_json_type(value)}, not a string")
                value = None
            fields[key] = (value.strip() or None) if isinstance(value, str) else None
        self.add(Document(
            id=doc_id,
            text=text,
            title=fields["title"] or html_title,
            source=fields["source"],
            url=fields["url"],
            published=self._date(rec.get("published"), origin),
            origin=origin,
        ))

    # ----------------------------------------------------------------- dates

    def _date(self, value: Any, where: str) -> dt.date | None:
        """An ISO date (or date-time) -> ``date``; anything else -> None and a note."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str):
            parsed = parse_iso_date(value)
            if parsed is not None:
                return parsed
        self.note(f"{where}: published {value!r} is not an ISO date (YYYY-MM-DD); kept the article without a date")
        return None


# --------------------------------------------------------------------------- helpers

def parse_iso_date(value: str) -> dt.date | None:
    """``2024-05-31`` or an ISO date-time (``2024-05-31T12:00:00Z``) -> date."""
    value = value.strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _decode(raw: bytes, origin: str) -> _Decoded:
    """Bytes of one text input -> text (newlines normalised), or why not."""
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return _Decoded(error=f"binary content: looks like {kind}", hint=_HINT_BINARY)
    encoding = "utf-8"
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            raw, encoding = raw[len(bom):], enc
            break
    # NUL bytes never occur in UTF-8 text; UTF-16 without a BOM lands here too.
    if encoding == "utf-8" and b"\x00" in raw:
        return _Decoded(error="binary content: the file contains NUL bytes",
                        hint=_HINT_BINARY + "; if it is UTF-16 text, save it as UTF-8")
    notes: list[str] = []
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        text = raw.decode(encoding, errors="replace")
        # Only count replacements we introduced, not U+FFFD already in the text.
        bad = text.count("\ufffd") - raw.decode(encoding, errors="ignore").count("\ufffd")
        if bad > MAX_REPLACED_SHARE * len(text):
            return _Decoded(error=f"not valid {encoding.upper()} text ({bad} undecodable bytes "
                                  f"in {len(text)} characters)", hint=_HINT_ENCODING)
        notes.append(f"{origin}: {bad} bytes were not valid {encoding.upper()} and were replaced by U+FFFD")
    if encoding != "utf-8":
        notes.append(f"{origin}: decoded as {encoding.upper()} (byte-order mark)")
    if not text.strip():
        return _Decoded(error="the file is empty" if not text else "the file holds only whitespace",
                        hint=_HINT_EMPTY)
    return _Decoded(text=_NEWLINES.sub("\n", text), notes=notes)


def _jsonl_lines(handle: io.BufferedReader, head: bytes) -> Iterator[tuple[int, str, int]]:
    """(line number, decoded line, count of replaced bytes) for a JSONL file.

    Streams line by line; UTF-8 (with or without BOM) is decoded per line so a
    bad line only costs itself. UTF-16/32 files, which a BOM announces, go
    through a decoding reader.
    """
    encoding = next((enc for bom, enc in _BOMS if head.startswith(bom)), "utf-8")
    if encoding != "utf-8":
        handle.read(len(next(bom for bom, enc in _BOMS if enc == encoding)))
        reader = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
        for lineno, line in enumerate(reader, 1):
            yield lineno, line, line.count("\ufffd")
        reader.detach()  # the caller's `with` closes the underlying file
        return
    for lineno, raw in enumerate(handle, 1):
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            yield lineno, raw.decode("utf-8"), 0
        except UnicodeDecodeError:
            line = raw.decode("utf-8", errors="replace")
            bad = line.count("\ufffd") - raw.decode("utf-8", errors="ignore").count("\ufffd")
            yield lineno, line, bad


def _jsonl_id(value: Any) -> str | None:
    """A JSONL ``id`` as a string; None if missing or unusable."""
    if isinstance(value, bool) or value is None:  # bool first: True is an int in Python
        return None
    if isinstance(value, (str, int)):
        text = str(value).strip()
        return text or None
    return None


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", bool: "boolean", int: "number",
            float: "number", str: "string"}.get(type(value), type(value).__name__)


def _looks_like_html(text: str) -> bool:
    """Whether ``text`` starts (after an XML declaration and comments) like an HTML page."""
    head = text[:4096].lstrip()
    while True:  # a loop, not one regex: nested lazy repeats backtrack badly
        if head.startswith("<?xml"):
            end = head.find("?>")
        elif head.startswith("<!--"):
            end = head.find("-->")
        else:
            return _HTML_START.match(head) is not None
        if end < 0:
            return False
        head = head[end + 3 if head.startswith("<!--") else end + 2:].lstrip()


class _HTMLText(HTMLParser):
    """Visible text of an HTML page: script/style dropped, blocks -> paragraphs."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg"})
    _BLOCK = frozenset({
        "p", "div", "section", "article", "header", "footer", "aside", "main", "nav",
        "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre",
        "table", "tr", "figure", "figcaption", "dd", "dt", "dl", "hr", "form",
    })

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "br":
            self.parts.append("\n")
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title.append(data)
            return
        # Source whitespace in HTML is not text: collapse it as a browser would.
        self.parts.append(re.sub(r"[ \t\n\r\f]+", " ", data))


def _html_to_text(html: str) -> tuple[str, str | None]:
    """(visible text, <title>) of an HTML document."""
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r" *\n *", "\n", text)  # no spaces around line breaks
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    title = re.sub(r"\s+", " ", "".join(parser.title)).strip() or None
    return text, title


__all__ = ["IngestResult", "Rejection", "load_inputs", "parse_iso_date"]
