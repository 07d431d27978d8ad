"""caveat report: store -> report data -> one self-contained, escaped HTML page.

A small store is built by hand through the mapper (``document_graph`` on
records), so the report sees exactly the shapes ``caveat run`` writes.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import typer
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH, SKOS
from typer.testing import CliRunner

from pipeline.graph import iri
from pipeline.graph.mapper import document_graph
from pipeline.graph.namespace import CV
from pipeline.records import (AdvocacyRecord, Document, DocumentExtraction, EntityRef, EventRecord,
                              RuleRecord, Span)
from pipeline.report import build_report, render_html
from pipeline.report.build import REPORT_QUERY_DIR
from pipeline.report.commands import register
from pipeline.store import Store

HOSTILE = '<script>alert(1)</script> "q" & co'
HOSTILE_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &amp; co"

US = EntityRef("us", "United States", "Country", gazetteer=True)
UKRAINE = EntityRef("ukraine", "Ukraine", "Country", gazetteer=True)
RUSSIA = EntityRef("russia", "Russia", "Country", gazetteer=True)
KHARKIV = EntityRef("kharkiv", "Kharkiv", "Place", gazetteer=True, country="ukraine")
ATACMS = EntityRef("atacms", "ATACMS", "WeaponSystem", kind="BallisticMissile", gazetteer=True)
HIMARS = EntityRef("himars", "HIMARS", "WeaponSystem", kind="RocketArtillery", gazetteer=True)
BIDEN = EntityRef("biden", "Joe Biden", "Person", gazetteer=True, country="us")
EVIL_ORG = EntityRef("org:evil", HOSTILE, "Organization")
EVIL_WEAPON = EntityRef("weapon:evil", "Storm <Shadow> & \"friends\"", "WeaponSystem", kind="CruiseMissile")

BAN_QUOTE = "Ukraine is still prohibited from firing ATACMS deep inside Russia, an official said."
PERMIT_QUOTE = "Biden allowed Ukraine to use HIMARS against targets near Kharkiv <on 30 May>."
ADVOCACY_QUOTE = f"The group {HOSTILE} urged Washington to lift the ban."
EVIL_QUOTE = "A quote with </blockquote><img src=x onerror=alert(1)> inside & more."


def span(text: str, sentence: str) -> Span:
    start = text.index(sentence)
    return Span(start, start + len(sentence), sentence)


def doc1() -> DocumentExtraction:
    text = f"{BAN_QUOTE} {PERMIT_QUOTE} {ADVOCACY_QUOTE} Russia's Kharkiv assault began on 10 May."
    d = Document(id="doc-1", text=text, title='Officials: "limits" <stay> & shift', source="Wire & Co",
                 published=dt.date(2024, 5, 31), url="https://example.org/article?id=1&x=<2>")
    return DocumentExtraction(
        document=d,
        entities=[US, UKRAINE, RUSSIA, KHARKIV, ATACMS, HIMARS, BIDEN, EVIL_ORG],
        rules=[
            RuleRecord(modality="prohibition", action="DeepStrike", action_text="firing ATACMS deep inside Russia",
                       evidence=span(text, BAN_QUOTE), issuer=US, bound=UKRAINE, weapons=[ATACMS],
                       scope_in=[RUSSIA], scope_text=["deep inside Russia"], targets=["military targets"]),
            RuleRecord(modality="permission", action="CrossBorderStrike", action_text="use HIMARS against targets",
                       evidence=span(text, PERMIT_QUOTE), issuer=US, bound=UKRAINE, weapons=[HIMARS],
                       scope_in=[KHARKIV], purposes=["counter-fire"], announced=dt.date(2024, 5, 30),
                       effective=dt.date(2024, 5, 30), change="ease", decided_by=BIDEN),
        ],
        advocacy=[AdvocacyRecord(advocate=EVIL_ORG, evidence=span(text, ADVOCACY_QUOTE), addressee=US,
                                 action_text="to lift <the> ban & more", date=dt.date(2024, 5, 20))],
        events=[EventRecord(date=dt.date(2024, 5, 10), label="Russia's Kharkiv assault", trigger="assault",
                            evidence=span(text, "Russia's Kharkiv assault began on 10 May."),
                            participants=[RUSSIA, KHARKIV])],
    )


def doc2() -> DocumentExtraction:
    text = f"Intro. {EVIL_QUOTE}"
    d = Document(id="doc-2 <&>", text=text, title=HOSTILE, source=HOSTILE, published=dt.date(2024, 5, 30))
    return DocumentExtraction(
        document=d, entities=[EVIL_ORG, UKRAINE, EVIL_WEAPON],
        rules=[RuleRecord(modality="prohibition", action="WeaponUse", action_text=HOSTILE,
                          evidence=span(text, EVIL_QUOTE), issuer=EVIL_ORG, bound=UKRAINE,
                          weapons=[EVIL_WEAPON], scope_text=[HOSTILE], announced=dt.date(2024, 5, 1),
                          attributed_to=EVIL_ORG)],
    )


def quarantine() -> Graph:
    """What run() stores for a document whose rule failed validation: the triples and the report."""
    g = Graph()
    rule = iri.fact("rule", "prohibition", "x", "y", "WeaponUse")
    g.add((rule, RDF.type, CV.Prohibition))
    g.add((rule, SKOS.prefLabel, Literal("bad <rule>")))
    report, result = URIRef("urn:x:report"), URIRef("urn:x:result")
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(False)))
    g.add((report, SH.result, result))
    g.add((result, RDF.type, SH.ValidationResult))
    g.add((result, SH.focusNode, rule))
    g.add((result, SH.resultPath, CV.issuer))
    g.add((result, SH.resultSeverity, SH.Violation))
    g.add((result, SH.resultMessage, Literal('A rule needs an issuer <cv:issuer> & "one" only')))
    return g


RUN_REPORT = {
    "store": "x", "started": "2024-06-01T10:00:00+00:00", "counts": {},
    "notes": ["skipped 1 duplicate <file>"],
    "documents": [
        {"id": "doc-1", "origin": "in/doc-1.txt", "outcome": "loaded", "reason": ""},
        {"id": "doc-2 <&>", "origin": "in/doc-2.txt", "outcome": "loaded", "reason": ""},
        {"id": "doc-3", "origin": "in/doc-3.txt", "outcome": "quarantined",
         "reason": "A rule needs an issuer", "quarantined_triples": 2},
        {"id": "", "origin": "in/empty.txt", "outcome": "rejected", "reason": "empty text <none>"},
    ],
}


ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology" / "caveat.ttl"


def fill(store: Store, ontology: bool = True) -> Store:
    """The graphs `caveat run` writes: the ontology (labels of actions), documents, quarantine."""
    if ontology:
        store.replace_graph(iri.ONTOLOGY_GRAPH, Graph().parse(ONTOLOGY, format="turtle"))
    for x in (doc1(), doc2()):
        store.replace_graph(iri.document_graph(x.document.id), document_graph(x))
    store.replace_graph(iri.quarantine_graph("doc-3"), quarantine())
    return store


@pytest.fixture(scope="module")
def store() -> Store:
    return fill(Store.in_memory())


@pytest.fixture(scope="module")
def report(store: Store):
    return build_report(store, run_report=RUN_REPORT, store_label="mem <store>")


@pytest.fixture(scope="module")
def page(report) -> str:
    return render_html(report)


# --------------------------------------------------------------------------- HTML helpers

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
URL_ATTRS = {"src", "href", "xlink:href", "action", "formaction", "data", "poster", "srcset",
             "background", "cite", "longdesc", "manifest", "ping", "codebase", "archive"}


class Page(HTMLParser):
    """Collects tags, ids, URL-valued attributes, text per element id, and checks nesting."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style_text = ""
        self.script_text = ""
        self._in: str | None = None
        self.feed(text)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.append(a["id"])
        for k, v in attrs:
            if k in URL_ATTRS and v is not None:
                self.urls.append((tag, k, v))
        if tag in ("style", "script"):
            self._in = tag
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.append(a["id"])
        for k, v in attrs:
            if k in URL_ATTRS and v is not None:
                self.urls.append((tag, k, v))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        self._in = None
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data):
        if self._in == "style":
            self.style_text += data
        elif self._in == "script":
            self.script_text += data


def row_text(page: str, anchor: str) -> str:
    """The visible text of the table row with id ``anchor`` (tags stripped, entities kept)."""
    m = re.search(rf'<tr id="{re.escape(anchor)}"[^>]*>(.*?)</tr>', page, re.S)
    assert m, f"no row {anchor}"
    return re.sub(r"<[^>]+>", " ", m.group(1))


def section(page: str, ident: str) -> str:
    m = re.search(rf'<section id="{ident}".*?</section>', page, re.S)
    assert m, f"no section {ident}"
    return m.group(0)


# --------------------------------------------------------------------------- report data

def test_restrictions_in_force(report) -> None:
    by_action = {r.action: r for r in report.restrictions}
    deep = by_action["long-range strikes deep inside another country"]
    assert [t.label for t in deep.issuers] == ["United States"]
    assert [t.label for t in deep.bound] == ["Ukraine"]
    assert [t.label for t in deep.weapons] == ["ATACMS"]
    assert [t.label for t in deep.scope_in] == ["Russia"]
    assert deep.scope_text == ["deep inside Russia"] and deep.targets == ["military targets"]
    assert deep.sources[0].document.doc_id == "doc-1"
    assert deep.sources[0].quotes[0].text == BAN_QUOTE
    # the ban the permission eased stays in force elsewhere, with the area it was eased for
    cross = by_action["strikes inside another country's territory"]
    assert [c.kind for c in cross.easings] == ["eased"]
    assert [t.label for t in cross.eased_for] == ["Kharkiv"]
    hostile = by_action["use of supplied weapons"]
    assert [t.label for t in hostile.issuers] == [HOSTILE]
    assert hostile.start == dt.date(2024, 5, 1)
    assert hostile.sources[0].quotes[0].speaker.label == HOSTILE


def test_permissions_changes_advocacy_timeline(report) -> None:
    (perm,) = report.permissions
    assert [t.label for t in perm.scope_in] == ["Kharkiv"]
    assert [t.label for t in perm.weapons] == ["HIMARS"]
    assert [t.label for t in perm.decided_by] == ["Joe Biden"]
    assert perm.start == perm.announced == dt.date(2024, 5, 30)
    assert perm.purposes == ["counter-fire"]
    (change,) = report.changes
    assert change.kind == "eased" and change.date == dt.date(2024, 5, 30)
    assert [t.label for t in change.areas] == ["Kharkiv"]
    assert change.restriction_anchor  # links to the restriction's row
    (adv,) = report.advocacy
    assert [t.label for t in adv.advocates] == [HOSTILE]
    assert [t.label for t in adv.addressees] == ["United States"]
    assert adv.texts == ["to lift <the> ban & more"] and adv.date == dt.date(2024, 5, 20)
    kinds = [(e.date.isoformat(), e.kind) for e in report.timeline]
    assert kinds == [("2024-05-10", "event"), ("2024-05-20", "advocacy"), ("2024-05-30", "announced"),
                     ("2024-05-30", "effective"), ("2024-05-30", "eased")]


def test_corpus_and_problems(report) -> None:
    docs = {d.doc_id: d for d in report.documents}
    assert set(docs) == {"doc-1", "doc-2 <&>"}
    assert docs["doc-1"].source == "Wire & Co" and docs["doc-1"].outcome == "loaded"
    assert docs["doc-1"].facts > 0
    problems = {(p.doc_id or p.origin): p for p in report.problems}
    q = problems["doc-3"]
    assert q.outcome == "quarantined" and q.quarantined_triples == 2
    (finding,) = q.findings
    assert finding.message.startswith("A rule needs an issuer") and finding.path == "issuer"
    assert finding.focus_label == "bad <rule>" and finding.severity == "Violation"
    assert problems["in/empty.txt"].outcome == "rejected"
    assert report.notes == ["skipped 1 duplicate <file>"]


def test_as_of_shows_the_state_on_that_day(store: Store) -> None:
    before = build_report(store, as_of=dt.date(2024, 5, 15))
    assert before.permissions == [] and before.changes == []
    cross = [r for r in before.restrictions if r.action == "strikes inside another country's territory"]
    assert cross and cross[0].easings == []  # not eased yet on 15 May
    assert [e.kind for e in before.timeline] == ["event"]
    assert [a.date for a in before.advocacy] == []  # dated 20 May: after the day
    way_before = build_report(store, as_of=dt.date(2024, 4, 1))
    # the hostile ban starts on 1 May: not yet in force on 1 April
    assert "use of supplied weapons" not in {r.action for r in way_before.restrictions}


def test_as_of_is_bound_not_formatted(store: Store) -> None:
    """The as-of date reaches the queries as a bound term: the query text never changes."""
    seen: list[tuple[str, dict]] = []
    real = store.query

    def spy(sparql, bindings=None, include_quarantine=False):
        seen.append((sparql, dict(bindings or {})))
        return real(sparql, bindings, include_quarantine=include_quarantine)

    store.query = spy  # type: ignore[method-assign]
    try:
        build_report(store, as_of=dt.date(2024, 5, 15))
    finally:
        del store.query
    texts = {p.read_text(encoding="utf-8") for p in REPORT_QUERY_DIR.glob("*.rq")}
    assert seen and all(sparql in texts for sparql, _ in seen)
    bound = [b["asOf"] for _, b in seen if "asOf" in b]
    assert bound and all(str(v) == "2024-05-15" for v in bound)
    assert all("2024-05-15" not in sparql for sparql, _ in seen)


def test_every_report_query_states_its_question() -> None:
    queries = sorted(REPORT_QUERY_DIR.glob("*.rq"))
    assert queries
    for q in queries:
        assert q.read_text(encoding="utf-8").startswith("# Question:"), q.name


# --------------------------------------------------------------------------- HTML

def test_html_holds_the_facts(page: str, report) -> None:
    restr = section(page, "restrictions")
    deep = next(r for r in report.restrictions if r.action.startswith("long-range"))
    row = row_text(page, deep.anchor)
    for fact in ("ATACMS", "United States", "Ukraine", "Russia", "deep inside Russia", "Wire &amp; Co"):
        assert fact in row
    assert 'class="issuer">United States<' in restr
    assert "Eased for:</span> Kharkiv" in restr
    perm = report.permissions[0]
    prow = row_text(page, perm.anchor)
    for fact in ("Kharkiv", "HIMARS", "Joe Biden", "counter-fire", "30 May 2024"):
        assert fact in prow
    assert '<time datetime="2024-05-30">30 May 2024</time>' in section(page, "permissions")
    assert "eased" in row_text(page, report.changes[0].anchor)
    assert HOSTILE_ESCAPED in row_text(page, report.advocacy[0].anchor)
    assert "Russia&#x27;s Kharkiv assault" in section(page, "timeline")
    corpus = section(page, "corpus")
    assert "doc-1" in corpus and "A rule needs an issuer" in corpus and "in/empty.txt" in corpus
    # quotes sit in <details>, one click away, escaped
    assert re.search(r"<details class=\"source\"><summary>Wire &amp; Co", restr)
    assert "<blockquote class=\"quote\"><p>Ukraine is still prohibited from firing ATACMS" in restr


def test_every_text_value_is_escaped(page: str) -> None:
    assert HOSTILE not in page
    assert HOSTILE_ESCAPED in page
    assert "<img" not in page and "</blockquote><img" not in page
    assert "&lt;/blockquote&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Storm &lt;Shadow&gt; &amp; &quot;friends&quot;" in page
    assert "&lt;cv:issuer&gt;" in page  # a quarantine message
    parsed = Page(page)
    assert parsed.errors == []
    assert [t for t, _ in parsed.tags].count("script") == 1  # only the report's own
    assert "alert" not in parsed.script_text
    # the hostile label is text everywhere: no attribute or element was injected
    for tag, attrs in parsed.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)


def test_no_external_resources(page: str) -> None:
    parsed = Page(page)
    for tag, attr, value in parsed.urls:
        assert value.startswith("#") or value.startswith("data:"), (tag, attr, value)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "@import" not in parsed.style_text
    assert not re.search(r"url\(\s*['\"]?(?!data:|#)", parsed.style_text)
    links = [a for t, a in parsed.tags if t == "link"]
    assert all((a.get("href") or "").startswith("data:") for a in links)
    # http(s) appears only as text (IRIs, the article URL), the SVG namespace, never as a resource
    for m in re.finditer(r"https?://[^\s\"'<>]+", page):
        before = page[max(0, m.start() - 12):m.start()]
        assert not re.search(r"(src|href)=[\"']?$", before), m.group(0)
    # and a Content-Security-Policy forbids anything else
    (csp,) = [a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp


def test_inline_style_and_script_match_the_policy(page: str) -> None:
    parsed = Page(page)
    (csp,) = [a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]

    def h(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert f"style-src {h(parsed.style_text)}" in csp
    assert f"script-src {h(parsed.script_text)}" in csp
    assert not any("style" in a for _, a in parsed.tags)  # style attributes would break the policy


def test_keyboard_and_print_affordances(page: str) -> None:
    parsed = Page(page)
    ids = parsed.ids
    assert len(ids) == len(set(ids)), "duplicate ids"
    for _, attr, value in parsed.urls:
        if value.startswith("#"):
            assert value[1:] in ids, f"dangling link {value}"
    assert re.search(r'<a class="skip-link" href="#main">', page)
    assert '<main id="main"' in page and "<nav class=\"toc\"" in page
    headings = re.findall(r"<h([1-3])[ >]", page)
    assert headings[0] == "1" and headings.count("1") == 1 and "2" in headings
    assert ":focus-visible" in parsed.style_text and "@media print" in parsed.style_text
    assert "beforeprint" in parsed.script_text
    tags = [t for t, _ in parsed.tags]
    assert tags.count("details") == tags.count("summary") > 0  # every <details> opens from its summary


def test_actions_without_labels_are_worded_from_the_concept() -> None:
    report = build_report(fill(Store.in_memory(), ontology=False))
    assert "deep strike" in {r.action for r in report.restrictions}
    assert report.changes[0].restriction_action == "cross border strike"


def test_empty_store_renders() -> None:
    page = render_html(build_report(Store.in_memory()))
    assert "No restriction is in force" in page and "The store holds no document" in page
    assert Page(page).errors == []


# --------------------------------------------------------------------------- the command

def disk_store(path: Path, with_run_report: bool = True) -> Path:
    with Store.open(path) as s:
        fill(s)
    if with_run_report:
        (path / "run-report.json").write_text(json.dumps(RUN_REPORT), encoding="utf-8")
    return path


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command()
    def other() -> None:  # a second command, so `report` is a subcommand as in the real CLI
        """placeholder"""

    return app


def test_command_writes_the_report(app: typer.Typer, tmp_path: Path) -> None:
    store = disk_store(tmp_path / "store")
    out = tmp_path / "out" / "report.html"
    result = CliRunner().invoke(app, ["report", "--out", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "ATACMS" in text and "in/empty.txt" in text
    assert not list(out.parent.glob(".*.tmp"))
    # --as-of: the permission of 30 May is not granted yet on 15 May
    result = CliRunner().invoke(app, ["report", "--out", str(out), "--store", str(store), "--as-of", "2024-05-15"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "as of 15 May 2024" in text and "No permission was granted" in text


def test_command_uses_caveat_store_env(app: typer.Typer, tmp_path: Path, monkeypatch) -> None:
    store = disk_store(tmp_path / "store", with_run_report=False)
    monkeypatch.setenv("CAVEAT_STORE", str(store))
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", "-o", str(out), "--title", "Brief <x>"])
    assert result.exit_code == 0, result.output
    assert "<title>Brief &lt;x&gt;</title>" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (["--as-of", "30/05/2024"], "not a date"),
    (["--store", "{missing}"], "there is no store"),
])
def test_command_errors_are_explained(app: typer.Typer, tmp_path: Path, args, message) -> None:
    disk_store(tmp_path / "store")
    args = [a.replace("{missing}", str(tmp_path / "nope")) for a in args]
    if "--store" not in args:
        args += ["--store", str(tmp_path / "store")]
    result = CliRunner().invoke(app, ["report", "--out", str(tmp_path / "r.html"), *args])
    assert result.exit_code == 2
    assert message in result.output and "hint:" in result.output
    assert not (tmp_path / "r.html").exists()
