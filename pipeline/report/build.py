"""Store -> report data: what the analyst's HTML report shows, as plain dataclasses.

``build_report`` is a pure function of an open store (plus the run report that
``caveat run`` leaves beside it): it runs the SPARQL queries in
``queries/report/*.rq`` and groups their rows into restrictions in force,
permissions, rule changes, advocacy, a timeline, the corpus and what was
quarantined or rejected. Rendering (``render.py``) never touches the store.

User values (the as-of date, the quarantine graph prefix) are bound as RDF
terms through ``Store.query(..., bindings)``, never formatted into query text.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from ..errors import StoreError
from ..query import QUERY_DIR, read_query
from ..store import QUARANTINE_PREFIX, Store

REPORT_QUERY_DIR = QUERY_DIR / "report"
RUN_REPORT_NAME = "run-report.json"

#: Categories of things that act (the others are places and weapon systems).
ACTOR_CATEGORIES = frozenset({"Person", "Country", "Organization", "AnonymousSource"})


# --------------------------------------------------------------------------- data

@dataclass(frozen=True)
class Thing:
    """A named actor, place or weapon system."""

    iri: str
    label: str
    category: str = ""  # Person, Country, Organization, AnonymousSource, Place, WeaponSystem

    @property
    def is_actor(self) -> bool:
        return self.category in ACTOR_CATEGORIES


@dataclass(frozen=True)
class Quote:
    """A verbatim sentence of a document that supports a fact."""

    text: str
    start: int | None = None
    speaker: Thing | None = None


@dataclass(eq=False)  # one object per document IRI: compared (and hashed) by identity
class DocumentInfo:
    """One article of the corpus."""

    iri: str
    doc_id: str
    title: str = ""
    source: str = ""
    published: dt.date | None = None
    url: str = ""
    facts: int = 0
    outcome: str = ""  # loaded | quarantined (from the run report; "" if unknown)
    reason: str = ""


@dataclass
class Source:
    """One document's support for a fact: the document and the quotes from it."""

    document: DocumentInfo
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class ChangeView:
    """A decision that lifted or eased a prohibition."""

    iri: str
    anchor: str
    kind: str  # lifted | eased
    restriction: str  # IRI of the prohibition
    restriction_action: str
    date: dt.date | None = None
    issuers: list[Thing] = field(default_factory=list)
    weapons: list[Thing] = field(default_factory=list)
    areas: list[Thing] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    restriction_anchor: str = ""  # set when the restriction is in the report's tables


@dataclass
class RuleView:
    """A permission or prohibition with everything the graph says about it."""

    iri: str
    anchor: str
    kind: str  # permission | prohibition
    action: str  # label of the cv:Actions concept ("" if none)
    action_texts: list[str] = field(default_factory=list)
    issuers: list[Thing] = field(default_factory=list)
    bound: list[Thing] = field(default_factory=list)
    weapons: list[Thing] = field(default_factory=list)
    scope_in: list[Thing] = field(default_factory=list)
    scope_out: list[Thing] = field(default_factory=list)
    scope_text: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    start: dt.date | None = None  # cv:since (prohibition) or cv:effective (permission)
    support: int = 0
    decided_by: list[Thing] = field(default_factory=list)  # via the decision establishing it
    announced: dt.date | None = None  # of that decision
    easings: list[ChangeView] = field(default_factory=list)  # for prohibitions in force
    sources: list[Source] = field(default_factory=list)

    @property
    def eased_for(self) -> list[Thing]:
        """Areas an easing exempted from this prohibition (it stays in force elsewhere)."""
        return _unique(a for c in self.easings for a in c.areas)


@dataclass
class AdvocacyView:
    """An actor pushing for a rule to be lifted or eased."""

    iri: str
    anchor: str
    advocates: list[Thing] = field(default_factory=list)
    addressees: list[Thing] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # what they pushed for, as worded
    date: dt.date | None = None
    sources: list[Source] = field(default_factory=list)


@dataclass
class TimelineEntry:
    date: dt.date
    kind: str  # event | announced | effective | lifted | eased | advocacy
    label: str
    target: str = ""  # anchor of the row that tells more ("" if none)
    documents: list[DocumentInfo] = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result stored in a quarantine graph."""

    message: str
    focus: str = ""
    focus_label: str = ""
    focus_type: str = ""
    path: str = ""
    severity: str = ""


@dataclass
class Problem:
    """A document that was quarantined (partly) or rejected, and why."""

    doc_id: str
    origin: str
    outcome: str  # quarantined | rejected
    reason: str = ""
    quarantined_triples: int | None = None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Report:
    """Everything the HTML report shows."""

    as_of: dt.date | None
    restrictions: list[RuleView]
    permissions: list[RuleView]
    changes: list[ChangeView]
    advocacy: list[AdvocacyView]
    timeline: list[TimelineEntry]
    documents: list[DocumentInfo]
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)
    store: str = ""
    generated: str = ""  # when the report was made (ISO 8601), "" to leave it out
    run_started: str = ""  # when the run that built the store started, if known

    @property
    def rules(self) -> list[RuleView]:
        return [*self.restrictions, *self.permissions]


# --------------------------------------------------------------------------- queries

def report_query(name: str) -> str:
    """The text of ``queries/report/NAME.rq``."""
    return read_query(REPORT_QUERY_DIR / f"{name}.rq", "the report query",
                      "run from a source checkout or an editable install (pip install -e .)")


def _ask(store: Store, name: str, bindings: Mapping[str, Node] | None = None,
         include_quarantine: bool = False) -> list[dict[str, Node | None]]:
    return store.query(report_query(name), bindings or {}, include_quarantine=include_quarantine).rows


def _date_term(d: dt.date) -> Literal:
    return Literal(d.isoformat(), datatype=XSD.date)


# --------------------------------------------------------------------------- helpers

def _str(t: Node | None) -> str:
    return "" if t is None else str(t)


def _int(t: Node | None) -> int | None:
    if t is None:
        return None
    try:
        return int(str(t))
    except ValueError:
        return None


def _date(t: Node | None) -> dt.date | None:
    if t is None:
        return None
    v = t.toPython() if isinstance(t, Literal) else None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(t)[:10])
    except ValueError:
        return None


def _unique(items: Iterable[Any]) -> list[Any]:
    seen: set[Any] = set()
    out = []
    for x in items:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


class _Anchors:
    """Unique, stable HTML ids from IRIs: ``rule-073f8ed01c70``."""

    def __init__(self) -> None:
        self.by_iri: dict[str, str] = {}
        self.used: set[str] = set()

    def __call__(self, prefix: str, iri: str) -> str:
        key = f"{prefix}\x1f{iri}"
        if key in self.by_iri:
            return self.by_iri[key]
        tail = re.sub(r"[^A-Za-z0-9_-]+", "-", iri.rstrip("/").rsplit("/", 1)[-1]).strip("-")[:12]
        base = f"{prefix}-{tail or 'x'}"
        anchor, n = base, 2
        while anchor in self.used:
            anchor, n = f"{base}-{n}", n + 1
        self.used.add(anchor)
        self.by_iri[key] = anchor
        return anchor


def _sort_things(things: Iterable[Thing]) -> list[Thing]:
    return sorted(_unique(things), key=lambda t: (t.label.casefold(), t.iri))


def _sort_texts(texts: Iterable[str]) -> list[str]:
    return sorted(_unique(t.strip() for t in texts if t and t.strip()), key=str.casefold)


# --------------------------------------------------------------------------- run report

def load_run_report(store_dir: Path) -> dict[str, Any] | None:
    """The ``run-report.json`` that ``caveat run`` wrote into ``store_dir``, if any.

    A missing file gives None; an unreadable one raises StoreError.
    """
    path = Path(store_dir) / RUN_REPORT_NAME
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot read the run report {path}: {exc}",
                         hint="delete it or re-run `caveat run` to write it again") from exc
    if not isinstance(data, dict):
        raise StoreError(f"the run report {path} is not a JSON object",
                         hint="delete it or re-run `caveat run` to write it again")
    return data


# --------------------------------------------------------------------------- build

def build_report(store: Store, *, as_of: dt.date | None = None,
                 run_report: Mapping[str, Any] | None = None,
                 store_label: str = "", generated: str = "") -> Report:
    """Gather the report's content from ``store`` (read only).

    ``as_of`` limits the report to what was decided on or before that day:
    restrictions in force then, permissions and changes dated up to then
    (undated ones are kept), and the timeline up to then. ``run_report`` is
    the parsed ``run-report.json`` of the run that built the store, for
    per-document outcomes (loaded, quarantined, rejected) and notes.
    """
    anchors = _Anchors()
    date_binding = {"asOf": _date_term(as_of)} if as_of is not None else {}

    things = {
        _str(r["thing"]): Thing(_str(r["thing"]), _str(r["label"]) or _str(r["thing"]), _str(r["category"]))
        for r in _ask(store, "things")
    }

    def thing(t: Node) -> Thing:
        iri = _str(t)
        return things.get(iri) or Thing(iri, iri.rsplit("/", 1)[-1])

    # -- documents, with outcomes from the run report -------------------------------
    run_docs = {d.get("id", ""): d for d in (run_report or {}).get("documents", [])
                if isinstance(d, dict) and d.get("id")}
    documents: dict[str, DocumentInfo] = {}
    for r in _ask(store, "documents"):
        doc_id = _str(r["docId"]) or unquote(_str(r["doc"]).rsplit("/", 1)[-1])
        outcome = run_docs.get(doc_id, {})
        documents[_str(r["doc"])] = DocumentInfo(
            iri=_str(r["doc"]), doc_id=doc_id, title=_str(r["title"]), source=_str(r["source"]),
            published=_date(r["published"]), url=_str(r["url"]), facts=_int(r["facts"]) or 0,
            outcome=str(outcome.get("outcome", "")), reason=str(outcome.get("reason", "")))

    def document(t: Node) -> DocumentInfo:
        iri = _str(t)
        if iri not in documents:  # evidence citing a document with no description
            documents[iri] = DocumentInfo(iri=iri, doc_id=unquote(iri.rsplit("/", 1)[-1]))
        return documents[iri]

    # -- quotes and links, per fact ---------------------------------------------------
    quotes: dict[str, dict[str, list[Quote]]] = defaultdict(lambda: defaultdict(list))
    for r in _ask(store, "evidence"):
        q = Quote(_str(r["quote"]), _int(r["start"]), thing(r["speaker"]) if r["speaker"] else None)
        per_doc = quotes[_str(r["fact"])][_str(r["doc"])]
        if all(q.text != other.text for other in per_doc):
            per_doc.append(q)

    def sources(fact: str) -> list[Source]:
        out = [Source(document(URIRef(doc)), sorted(qs, key=lambda q: (q.start is None, q.start or 0)))
               for doc, qs in quotes.get(fact, {}).items()]
        return sorted(out, key=lambda s: (s.document.published or dt.date.max,
                                          s.document.source.casefold(), s.document.doc_id))

    links: dict[str, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for r in _ask(store, "fact-links"):
        if r["value"] is not None:
            links[_str(r["fact"])][_str(r["role"])].append(r["value"])

    def linked(fact: str, role: str) -> list[Thing]:
        return _sort_things(thing(v) for v in links.get(fact, {}).get(role, []) if isinstance(v, URIRef))

    def texts(fact: str, role: str) -> list[str]:
        return _sort_texts(str(v) for v in links.get(fact, {}).get(role, []) if isinstance(v, Literal))

    # -- rules ------------------------------------------------------------------------
    decisions: dict[str, list[dict[str, Node | None]]] = defaultdict(list)
    for r in _ask(store, "decisions"):
        decisions[_str(r["rule"])].append(r)

    def rule_view(r: Mapping[str, Node | None]) -> RuleView:
        iri = _str(r["rule"])
        kind = _str(r["kind"])
        decs = decisions.get(iri, [])
        announced = [d for d in (_date(x["announced"]) for x in decs) if d]
        return RuleView(
            iri=iri, anchor=anchors("restriction" if kind == "prohibition" else "permission", iri),
            kind=kind, action=_str(r["actionLabel"]) or _concept_words(r["action"]),
            action_texts=texts(iri, "actionText"), issuers=linked(iri, "issuer"),
            bound=linked(iri, "bound"), weapons=linked(iri, "weapon"),
            scope_in=linked(iri, "scopeIn"), scope_out=linked(iri, "scopeOut"),
            scope_text=texts(iri, "scopeText"), targets=texts(iri, "target"),
            purposes=texts(iri, "purpose"), start=_date(r["start"]), support=_int(r["support"]) or 0,
            decided_by=_sort_things(p for d in decs for p in linked(_str(d["decision"]), "decidedBy")),
            announced=min(announced) if announced else None, sources=sources(iri))

    rules = {_str(r["rule"]): r for r in _ask(store, "rules", date_binding)}
    in_force = [_str(r["restriction"]) for r in _ask(store, "in-force", date_binding)]

    # -- changes ----------------------------------------------------------------------
    changes = []
    for r in _ask(store, "changes", date_binding):
        iri = _str(r["change"])
        changes.append(ChangeView(
            iri=iri, anchor=anchors("change", iri), kind=_str(r["kind"]),
            restriction=_str(r["restriction"]),
            restriction_action=_str(r["actionLabel"]) or _concept_words(r["action"]),
            date=_date(r["date"]), issuers=linked(iri, "issuer"), weapons=linked(iri, "weapon"),
            areas=linked(iri, "scopeIn"), sources=sources(iri)))

    restrictions = [rule_view(rules[iri]) for iri in in_force if iri in rules]
    for rv in restrictions:
        rv.easings = [c for c in changes if c.kind == "eased" and c.restriction == rv.iri]
        for c in rv.easings:
            c.restriction_anchor = rv.anchor
    permissions = [rule_view(r) for iri, r in rules.items() if _str(r["kind"]) == "permission"]

    def rule_order(rv: RuleView) -> tuple:
        first = lambda xs: xs[0].label.casefold() if xs else "\uffff"  # noqa: E731
        return (first(rv.issuers), first(rv.bound), rv.start or dt.date.max, rv.action.casefold(), rv.iri)

    restrictions.sort(key=rule_order)
    permissions.sort(key=rule_order)
    changes.sort(key=lambda c: (c.date or dt.date.max, c.kind, c.restriction_action.casefold(), c.iri))

    # -- advocacy ---------------------------------------------------------------------
    advocacy = []
    for r in _ask(store, "advocacy", date_binding):
        iri = _str(r["advocacy"])
        advocacy.append(AdvocacyView(
            iri=iri, anchor=anchors("advocacy", iri), advocates=linked(iri, "advocate"),
            addressees=linked(iri, "addressee"), texts=texts(iri, "actionText"),
            date=_date(r["date"]), sources=sources(iri)))
    advocacy.sort(key=lambda a: ((a.advocates[0].label.casefold() if a.advocates else "\uffff"),
                                 a.date or dt.date.max, a.iri))

    # -- timeline ---------------------------------------------------------------------
    timeline = _timeline(_ask(store, "timeline", date_binding), document, rules, changes,
                         permissions, advocacy, decisions, linked, anchors)

    # -- problems: quarantine graphs and the run report ---------------------------------
    problems = _problems(store, run_report)

    notes = [str(n) for n in (run_report or {}).get("notes", []) if n]
    return Report(
        as_of=as_of, restrictions=restrictions, permissions=permissions, changes=changes,
        advocacy=advocacy, timeline=timeline,
        documents=sorted(documents.values(), key=lambda d: (d.published or dt.date.max, d.doc_id)),
        problems=problems, notes=notes, store=store_label, generated=generated,
        run_started=str((run_report or {}).get("started", "")))


def _timeline(rows, document, rules, changes, permissions, advocacy, decisions, linked,
              anchors) -> list[TimelineEntry]:
    change_by_iri = {c.iri: c for c in changes}
    advocacy_by_iri = {a.iri: a for a in advocacy}
    permission_by_iri = {p.iri: p for p in permissions}
    rule_of_decision = {_str(d["decision"]): rule for rule, ds in decisions.items() for d in ds}

    def names(things: list[Thing], default: str = "someone") -> str:
        return ", ".join(t.label for t in things) or default

    grouped: dict[tuple[str, str, dt.date], dict[str, Any]] = {}
    for r in rows:
        date = _date(r["date"])
        if date is None:
            continue
        item, kind = _str(r["item"]), _str(r["kind"])
        g = grouped.setdefault((item, kind, date), {"labels": [], "docs": []})
        if r["label"] is not None:
            g["labels"].append(str(r["label"]))
        if r["doc"] is not None:
            g["docs"].append(document(r["doc"]))

    entries = []
    for (item, kind, date), g in grouped.items():
        target = ""
        if kind == "event":
            label = " / ".join(_sort_texts(g["labels"])) or "event"
        elif kind in ("lifted", "eased"):
            c = change_by_iri.get(item)
            if c is None:
                continue  # a change the as-of date left out
            what = c.restriction_action or "a restriction"
            label = f"{names(c.issuers)} {kind} the ban on {what}"
            if c.areas:
                label += " for " + ", ".join(a.label for a in c.areas)
            target = c.anchor
        elif kind == "advocacy":
            a = advocacy_by_iri.get(item)
            if a is None:
                continue
            label = f"{names(a.advocates)} pushed for a change"
            if a.addressees:
                label += " (addressed to " + ", ".join(t.label for t in a.addressees) + ")"
            target = a.anchor
        else:  # announced | effective: a policy decision establishing a permission
            p = permission_by_iri.get(rule_of_decision.get(item, ""))
            if p is None:
                continue
            what = p.action or "use of weapons"
            to = f" for {names(p.bound)}" if p.bound else ""
            if kind == "announced":
                label = f"{names(p.issuers)} announced a permission{to}: {what}"
                if p.decided_by:
                    label += f" (decided by {names(p.decided_by)})"
            else:
                label = f"{names(p.issuers)}\u2019s permission{to} took effect: {what}"
            target = p.anchor
        docs = sorted(_unique(g["docs"]), key=lambda d: (d.source.casefold(), d.doc_id))
        entries.append(TimelineEntry(date=date, kind=kind, label=label, target=target, documents=docs))
    order = {"event": 0, "advocacy": 1, "announced": 2, "effective": 3, "eased": 4, "lifted": 5}
    entries.sort(key=lambda e: (e.date, order.get(e.kind, 9), e.label.casefold()))
    return entries


def _problems(store: Store, run_report: Mapping[str, Any] | None) -> list[Problem]:
    by_doc: dict[str, Problem] = {}
    rejected: list[Problem] = []
    for d in (run_report or {}).get("documents", []):
        if not isinstance(d, dict) or d.get("outcome") not in ("quarantined", "rejected"):
            continue
        p = Problem(doc_id=str(d.get("id", "")), origin=str(d.get("origin", "")),
                    outcome=str(d["outcome"]), reason=str(d.get("reason", "")),
                    quarantined_triples=_as_int(d.get("quarantined_triples"))
                    if d.get("outcome") == "quarantined" else None)
        if p.doc_id:
            by_doc[p.doc_id] = p
        else:
            rejected.append(p)
    rows = _ask(store, "quarantine", {"prefix": Literal(QUARANTINE_PREFIX)}, include_quarantine=True)
    for r in rows:
        graph = _str(r["graph"])
        doc_id = unquote(graph[len(QUARANTINE_PREFIX):])
        p = by_doc.setdefault(doc_id, Problem(doc_id=doc_id, origin="", outcome="quarantined"))
        f = Finding(message=_str(r["message"]) or "SHACL validation failed", focus=_str(r["focus"]),
                    focus_label=_str(r["focusLabel"]), focus_type=_local(_str(r["focusType"])),
                    path=_local(_str(r["path"])), severity=_local(_str(r["severity"])))
        if f not in p.findings:
            p.findings.append(f)
    # quarantine graphs without a stored validation report still count
    for g in store.graphs():
        if str(g).startswith(QUARANTINE_PREFIX):
            doc_id = unquote(str(g)[len(QUARANTINE_PREFIX):])
            by_doc.setdefault(doc_id, Problem(doc_id=doc_id, origin="", outcome="quarantined"))
    for p in by_doc.values():
        if not p.reason and p.findings:
            p.reason = "; ".join(_unique(f.message for f in p.findings[:3]))
    return sorted(by_doc.values(), key=lambda p: p.doc_id) + rejected


def _concept_words(t: Node | None) -> str:
    """A concept's local name in words (``...#DeepStrike`` -> ``deep strike``), when it has no label."""
    name = _local(_str(t))
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _local(iri: str) -> str:
    """The local name of an IRI (``...#Violation`` -> ``Violation``)."""
    return re.split(r"[#/]", iri)[-1] if iri else ""
