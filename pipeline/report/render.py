"""Report data -> one self-contained HTML page (stdlib only).

Everything the page needs is inside it: the CSS (``report.css``, read and
inlined), a few lines of JavaScript (progressive enhancement only: "show all
quotes" buttons and opening every quote before printing), and the graph
pictures as inline SVG. A Content-Security-Policy meta tag forbids loading
anything else, so a stray reference could not fetch from the network even
if one slipped in. Every text value from the graph goes through ``_e``
(``html.escape``) before it reaches the page.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
from collections.abc import Iterable, Sequence
from itertools import groupby
from pathlib import Path
from string import Template

from . import svg
from .build import DocumentInfo, Problem, Report, RuleView, Source, Thing

CSS_PATH = Path(__file__).with_name("report.css")

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

_CATEGORY_NAMES = {
    "Person": "person", "Country": "country", "Organization": "organisation",
    "AnonymousSource": "unnamed source", "Place": "place", "WeaponSystem": "weapon system",
}

#: The page's only script. It adds conveniences; the page works fully without it.
SCRIPT = """
(function () {
  "use strict";
  var all = function () { return Array.prototype.slice.call(document.querySelectorAll("details.source")); };
  var controls = document.getElementById("quote-controls");
  if (controls) {
    controls.hidden = false;
    controls.addEventListener("click", function (ev) {
      var button = ev.target.closest("button[data-open]");
      if (!button) { return; }
      var open = button.getAttribute("data-open") === "true";
      all().forEach(function (d) { d.open = open; });
    });
  }
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = all().filter(function (d) { return !d.open; });
    openedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });
}());
""".strip()

PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="$csp">
<meta name="generator" content="Caveat">
<title>$title</title>
<link rel="icon" href="data:,">
<style>$css</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<div class="page">
<header class="masthead">
<h1>$title</h1>
<p class="subtitle">$subtitle</p>
$meta
</header>
<nav class="toc" aria-labelledby="toc-title">
<h2 id="toc-title">Contents</h2>
<ol>
$toc
</ol>
</nav>
<main id="main" tabindex="-1">
$glance
<div id="quote-controls" class="controls" hidden>
<button type="button" data-open="true">Show all quotes</button>
<button type="button" data-open="false">Hide all quotes</button>
</div>
$sections
</main>
<footer class="colophon">
<p>$colophon</p>
</footer>
</div>
<script>$script</script>
</body>
</html>
""")

SECTIONS = (
    ("restrictions", "Restrictions in force"),
    ("permissions", "Permissions granted"),
    ("changes", "Restrictions lifted or eased"),
    ("advocacy", "Who advocated what"),
    ("timeline", "Timeline"),
    ("graphs", "The graph around each decision"),
    ("corpus", "Corpus"),
)


# --------------------------------------------------------------------------- small pieces

def _e(text: object) -> str:
    """Escape a text value for HTML content and attribute values."""
    return html.escape(str(text), quote=True)


def _human_date(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _date(d: dt.date | None, empty: str = "\u2014") -> str:
    if d is None:
        return f'<span class="empty">{_e(empty)}</span>' if empty else ""
    return f'<time datetime="{d.isoformat()}">{_e(_human_date(d))}</time>'


def _tag(kind: str, text: str | None = None) -> str:
    return f'<span class="tag tag-{_e(kind)}">{_e(text or kind)}</span>'


def _things(things: Sequence[Thing], empty: str = "\u2014") -> str:
    if not things:
        return f'<span class="empty">{_e(empty)}</span>'
    if len(things) == 1:
        return _e(things[0].label)
    return '<ul class="plain label-list">' + "".join(f"<li>{_e(t.label)}</li>" for t in things) + "</ul>"


def _texts(texts: Sequence[str], empty: str = "\u2014") -> str:
    if not texts:
        return f'<span class="empty">{_e(empty)}</span>'
    if len(texts) == 1:
        return _e(texts[0])
    return '<ul class="plain label-list">' + "".join(f"<li>{_e(t)}</li>" for t in texts) + "</ul>"


def _labels(items: Iterable[Thing]) -> str:
    return ", ".join(t.label for t in items)


def _scope(rule: RuleView) -> str:
    rows = []
    for key, values in (("In", [t.label for t in rule.scope_in]),
                        ("Limits", rule.scope_text),
                        ("Out", [t.label for t in rule.scope_out]),
                        ("Targets", rule.targets)):
        if values:
            rows.append(f'<span class="scope-row"><span class="scope-key">{_e(key)}:</span> '
                        f'{_e("; ".join(values))}</span>')
    if rule.kind == "prohibition" and rule.easings:
        areas = _labels(rule.eased_for) or "some areas"
        rows.append(f'<span class="scope-row"><span class="scope-key">Eased for:</span> {_e(areas)}</span>')
    return "".join(rows) or '<span class="empty">not stated</span>'


WORDED_MAX = 90


def _worded(rule: RuleView) -> str:
    """The fullest wording of the rule's action in the text, if any."""
    if not rule.action_texts:
        return ""
    fitting = [t for t in rule.action_texts if len(t) <= WORDED_MAX]
    if fitting:  # the fullest wording that is still short
        text = max(fitting, key=lambda t: (len(t), t))
    else:
        text = min(rule.action_texts, key=lambda t: (len(t), t))
        text = text[:WORDED_MAX - 1].rstrip() + "\u2026"
    return f'<span class="small block">as worded: \u201c{_e(text)}\u201d</span>'


def _graph_link(rule: RuleView) -> str:
    return f'<a class="small block" href="#graph-{_e(rule.anchor)}">see its graph</a>'


def _source_summary(doc: DocumentInfo) -> str:
    who = doc.source or doc.doc_id
    when = f" \u00b7 {_date(doc.published, '')}" if doc.published else ""
    return f"{_e(who)}{when}"


def _sources(sources: Sequence[Source]) -> str:
    """Each source visible by name; its verbatim quotes one click (or Enter) away."""
    if not sources:
        return '<span class="empty">no source recorded</span>'
    out = []
    for s in sources:
        d = s.document
        n = len(s.quotes)
        count = f'<span class="small"> ({n} quote{"s" if n != 1 else ""})</span>'
        title = f"\u201c{_e(d.title)}\u201d " if d.title else ""
        quotes = []
        for q in s.quotes:
            said = (f"<footer>attributed to {_e(q.speaker.label)}</footer>" if q.speaker else "")
            quotes.append(f'<blockquote class="quote"><p>{_e(q.text)}</p>{said}</blockquote>')
        out.append(f'<details class="source"><summary>{_source_summary(d)}{count}</summary>'
                   f'<p class="doc-title">{title}<span class="iri">{_e(d.doc_id)}</span></p>'
                   f'{"".join(quotes)}</details>')
    return "".join(out)


def _table(ident: str, caption: str, head: Sequence[str], rows: Sequence[str]) -> str:
    cols = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
    return (f'<div class="table-wrap" role="region" aria-labelledby="{ident}-caption" tabindex="0">'
            f'<table id="{ident}"><caption id="{ident}-caption">{_e(caption)}</caption>'
            f"<thead><tr>{cols}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def _section(ident: str, heading: str, lede: str, body: str) -> str:
    lede_html = f'<p class="lede">{lede}</p>' if lede else ""
    return (f'<section id="{ident}" aria-labelledby="{ident}-h">'
            f'<h2 id="{ident}-h">{_e(heading)}</h2>{lede_html}{body}</section>')


def _as_of_words(report: Report) -> str:
    return f"as of {_human_date(report.as_of)}" if report.as_of else "as of the newest information"


# --------------------------------------------------------------------------- sections

def _restrictions(report: Report) -> str:
    if not report.restrictions:
        return _section("restrictions", "Restrictions in force", "",
                        f'<p class="empty">No restriction is in force {_e(_as_of_words(report))}.</p>')
    rows = []
    for r in report.restrictions:
        notes = []
        for c in r.easings:
            where = _labels(c.areas) or "some areas"
            when = f" on {_human_date(c.date)}" if c.date else ""
            notes.append(f'<a class="note" href="#{_e(c.anchor)}">Eased{_e(when)} for {_e(where)}; '
                         f"in force elsewhere</a>")
        rows.append(
            f'<tr id="{_e(r.anchor)}" data-kind="restriction">'
            f'<th scope="row" class="action">{_e(r.action or "restriction")}{_worded(r)}{"".join(notes)}'
            f'{_graph_link(r)}</th>'
            f'<td class="issuer">{_things(r.issuers)}</td>'
            f'<td class="bound">{_things(r.bound)}</td>'
            f'<td class="weapons">{_things(r.weapons, "any")}</td>'
            f'<td class="scope">{_scope(r)}</td>'
            f'<td class="since">{_date(r.start, "not stated")}</td>'
            f'<td class="sources">{_sources(r.sources)}</td></tr>')
    lede = (f"Prohibitions not lifted {_e(_as_of_words(report))}. One that was only eased for some "
            "areas stays in force elsewhere. Open a source to read the sentences it rests on.")
    table = _table("restrictions-table", f"{len(rows)} restriction{'s' if len(rows) != 1 else ''} in force",
                   ["Restriction", "Issuer", "Bound party", "Weapons", "Geographic scope", "Since",
                    "Sources and quotes"], rows)
    return _section("restrictions", "Restrictions in force", lede, table)


def _permissions(report: Report) -> str:
    if not report.permissions:
        return _section("permissions", "Permissions granted", "",
                        f'<p class="empty">No permission was granted {_e(_as_of_words(report))}.</p>')
    rows = []
    for p in report.permissions:
        purposes = (f'<span class="small block">for {_e("; ".join(p.purposes))}</span>' if p.purposes else "")
        decided = (f'<span class="small block">decided by {_e(_labels(p.decided_by))}</span>'
                   if p.decided_by else "")
        dates = [f"effective {_date(p.start, 'not stated')}"]
        if p.announced and p.announced != p.start:
            dates.append(f"announced {_date(p.announced)}")
        rows.append(
            f'<tr id="{_e(p.anchor)}" data-kind="permission">'
            f'<th scope="row" class="action">{_e(p.action or "permission")}{_worded(p)}{purposes}'
            f'{_graph_link(p)}</th>'
            f'<td class="issuer">{_things(p.issuers)}{decided}</td>'
            f'<td class="bound">{_things(p.bound)}</td>'
            f'<td class="weapons">{_things(p.weapons, "not stated")}</td>'
            f'<td class="scope">{_scope(p)}</td>'
            f'<td class="date">{"<br>".join(dates)}</td>'
            f'<td class="sources">{_sources(p.sources)}</td></tr>')
    lede = f"Permissions on the use of weapons, {_e(_as_of_words(report))}, with the decision behind each."
    table = _table("permissions-table", f"{len(rows)} permission{'s' if len(rows) != 1 else ''}",
                   ["Permission", "Issuer", "Granted to", "Weapons", "Geographic scope", "Dates",
                    "Sources and quotes"], rows)
    return _section("permissions", "Permissions granted", lede, table)


def _changes(report: Report) -> str:
    if not report.changes:
        return _section("changes", "Restrictions lifted or eased", "",
                        f'<p class="empty">No restriction was lifted or eased {_e(_as_of_words(report))}.</p>')
    rows = []
    for c in report.changes:
        what = _e(c.restriction_action or "a restriction")
        if c.restriction_anchor:
            what = f'<a href="#{_e(c.restriction_anchor)}">{what}</a>'
        rows.append(
            f'<tr id="{_e(c.anchor)}" data-kind="{_e(c.kind)}">'
            f'<th scope="row">{_tag(c.kind)} ban on {what}</th>'
            f'<td class="issuer">{_things(c.issuers)}</td>'
            f'<td class="weapons">{_things(c.weapons, "not stated")}</td>'
            f'<td class="scope">{_things(c.areas, "everywhere" if c.kind == "lifted" else "not stated")}</td>'
            f'<td class="date">{_date(c.date, "not stated")}</td>'
            f'<td class="sources">{_sources(c.sources)}</td></tr>')
    lede = ("Decisions that lifted a prohibition entirely or eased it for some areas. "
            "A permission with a geographic scope eases the earlier ban there.")
    table = _table("changes-table", f"{len(rows)} change{'s' if len(rows) != 1 else ''}",
                   ["Change", "Issuer", "Weapons", "For areas", "Date", "Sources and quotes"], rows)
    return _section("changes", "Restrictions lifted or eased", lede, table)


def _advocacy(report: Report) -> str:
    if not report.advocacy:
        return _section("advocacy", "Who advocated what", "",
                        '<p class="empty">No advocacy was found.</p>')
    rows = []
    for a in report.advocacy:
        kinds = ", ".join(sorted({_CATEGORY_NAMES.get(t.category, t.category) for t in a.advocates if t.category}))
        kinds_html = f'<br><span class="small">{_e(kinds)}</span>' if kinds else ""
        rows.append(
            f'<tr id="{_e(a.anchor)}" data-kind="advocacy">'
            f'<th scope="row" class="advocate">{_things(a.advocates, "unknown")}{kinds_html}</th>'
            f'<td class="what">{_texts(a.texts, "not worded")}</td>'
            f'<td class="addressee">{_things(a.addressees, "not stated")}</td>'
            f'<td class="date">{_date(a.date, "not stated")}</td>'
            f'<td class="sources">{_sources(a.sources)}</td></tr>')
    lede = "Actors reported pushing for restrictions to be lifted or eased, with what they asked for, as worded."
    table = _table("advocacy-table", f"{len(rows)} advocate{'s' if len(rows) != 1 else ''}",
                   ["Advocate", "Pushed for", "Addressed to", "Date", "Sources and quotes"], rows)
    return _section("advocacy", "Who advocated what", lede, table)


def _timeline(report: Report) -> str:
    if not report.timeline:
        return _section("timeline", "Timeline", "", '<p class="empty">No dated event was found.</p>')
    items = []
    for day, entries in groupby(report.timeline, key=lambda t: t.date):
        lis = []
        for t in entries:
            label = _e(t.label)
            if t.target:
                label = f'<a href="#{_e(t.target)}">{label}</a>'
            srcs = ", ".join(d.source or d.doc_id for d in t.documents)
            src = f' <span class="small">({_e(srcs)})</span>' if srcs else ""
            lis.append(f"<li>{_tag(t.kind)} {label}{src}</li>")
        items.append(f"<li>{_date(day)}<ul>{''.join(lis)}</ul></li>")
    lede = ("Dated events, decisions and rule changes, earliest first. Labels of events are the "
            "words of the text around the date.")
    return _section("timeline", "Timeline", lede, f'<ol class="timeline">{"".join(items)}</ol>')


def _thing_kind(t: Thing, default: str) -> str:
    return {"Person": "person", "AnonymousSource": "anonymous", "WeaponSystem": "weapon",
            "Place": "place"}.get(t.category, default)


def rule_picture(rule: RuleView) -> str:
    """The inline SVG of the graph around one rule."""
    edges: list[svg.Edge] = []
    edges += [svg.Edge("issuer", svg.Node(t.label, _thing_kind(t, "actor"), t.iri), "left") for t in rule.issuers]
    edges += [svg.Edge("bound party", svg.Node(t.label, _thing_kind(t, "actor"), t.iri), "left")
              for t in rule.bound]
    edges += [svg.Edge("decided by", svg.Node(t.label, _thing_kind(t, "actor"), t.iri), "left")
              for t in rule.decided_by]
    edges += [svg.Edge("weapon", svg.Node(t.label, "weapon", t.iri)) for t in rule.weapons]
    edges += [svg.Edge("scope includes", svg.Node(t.label, "place", t.iri)) for t in rule.scope_in]
    edges += [svg.Edge("scope excludes", svg.Node(t.label, "excluded", t.iri)) for t in rule.scope_out]
    edges += [svg.Edge("eased for", svg.Node(t.label, "excluded", t.iri)) for t in rule.eased_for]
    edges += [svg.Edge("stated limit", svg.Node(s, "limit")) for s in rule.scope_text]
    edges += [svg.Edge("target kind", svg.Node(s, "limit")) for s in rule.targets]
    title = f"{rule.kind.capitalize()}: {rule.action or 'rule'}"
    return svg.neighbourhood_svg(svg.Node(rule.action or rule.kind, rule.kind, rule.iri), edges,
                                 ident=f"svg-{rule.anchor}", title=title)


def _graphs(report: Report) -> str:
    rules = report.rules
    if not rules:
        return _section("graphs", "The graph around each decision", "",
                        '<p class="empty">No rule to draw.</p>')
    figures = []
    for r in rules:
        who = _labels(r.issuers) or "unknown issuer"
        to = _labels(r.bound) or "unknown party"
        heading = f"{r.kind.capitalize()} \u2014 {r.action or 'rule'} ({who} \u2192 {to})"
        figures.append(
            f'<figure class="graph-figure" id="graph-{_e(r.anchor)}" aria-labelledby="graph-{_e(r.anchor)}-h">'
            f'<h3 id="graph-{_e(r.anchor)}-h">{_e(heading)}</h3>{rule_picture(r)}'
            f'<figcaption><a href="#{_e(r.anchor)}">Back to the table row</a> \u00b7 node '
            f'<span class="iri">{_e(r.iri)}</span></figcaption></figure>')
    lede = ("Each rule in the centre; on the left the actors (issuer, bound party, who decided), "
            "on the right the weapons, areas and stated limits. Arrows follow the graph's relations; "
            "hover over a box for its full label (screen readers get every relation as text).")
    body = svg.legend_svg() + f'<div class="figures">{"".join(figures)}</div>'
    return _section("graphs", "The graph around each decision", lede, body)


def _problem_details(p: Problem) -> str:
    if not p.findings:
        return '<span class="empty">\u2014</span>'
    items = []
    for f in p.findings:
        focus = f.focus_label or f.focus
        bits = [f"<strong>{_e(f.message)}</strong>"]
        if focus:
            kind = f" ({_e(f.focus_type)})" if f.focus_type else ""
            bits.append(f"on {_e(focus)}{kind}")
        if f.path:
            bits.append(f"property <code>{_e(f.path)}</code>")
        items.append(f"<li>{' '.join(bits)}</li>")
    n = len(p.findings)
    return (f'<details class="source"><summary>{n} finding{"s" if n != 1 else ""}</summary>'
            f'<ul>{"".join(items)}</ul></details>')


def _corpus(report: Report) -> str:
    rows = []
    for d in report.documents:
        outcome = _tag(d.outcome) if d.outcome else '<span class="empty">unknown</span>'
        title = _e(d.title) if d.title else '<span class="empty">no title</span>'
        url = f'<br><span class="iri">{_e(d.url)}</span>' if d.url else ""
        source = _e(d.source) if d.source else '<span class="empty">unknown</span>'
        rows.append(
            f'<tr id="doc-{_e(svg.safe_id(d.doc_id))}"><th scope="row"><span class="iri">{_e(d.doc_id)}</span></th>'
            f'<td>{title}{url}</td><td>{source}</td>'
            f'<td>{_date(d.published, "unknown")}</td><td>{outcome}</td><td>{d.facts}</td></tr>')
    docs = (_table("documents-table", f"{len(rows)} document{'s' if len(rows) != 1 else ''} in the graph",
                   ["Document", "Title", "Source", "Published", "Outcome", "Facts"], rows)
            if rows else '<p class="empty">The store holds no document.</p>')
    prob_rows = []
    for p in report.problems:
        name = p.doc_id or p.origin or "unknown"
        count = "\u2014" if p.quarantined_triples is None else str(p.quarantined_triples)
        origin = f'<br><span class="small">{_e(p.origin)}</span>' if p.origin and p.doc_id else ""
        reason = _e(p.reason) if p.reason else '<span class="empty">not recorded</span>'
        prob_rows.append(
            f'<tr data-outcome="{_e(p.outcome)}"><th scope="row"><span class="iri">{_e(name)}</span>{origin}</th>'
            f'<td>{_tag(p.outcome)}</td><td>{reason}</td>'
            f'<td>{_e(count)}</td><td>{_problem_details(p)}</td></tr>')
    problems = (_table("problems-table", "Quarantined and rejected input",
                       ["Document", "Outcome", "Why", "Triples held back", "Validation findings"], prob_rows)
                if prob_rows else '<p class="empty">Nothing was quarantined or rejected.</p>')
    notes = ""
    if report.notes:
        notes = ('<h3 id="run-notes">Notes from the run</h3><ul>'
                 + "".join(f"<li>{_e(n)}</li>" for n in report.notes) + "</ul>")
    lede = ("The articles the graph was read from. Data failing validation is kept out of the "
            "graph above, in a quarantine graph per document; rejected input never got that far.")
    body = (f"{docs}<h3 id=\"problems\">What was quarantined or rejected, and why</h3>{problems}{notes}")
    return _section("corpus", "Corpus", lede, body)


# --------------------------------------------------------------------------- page

def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _glance(report: Report) -> str:
    counts = [
        (len(report.restrictions), "restrictions in force", "#restrictions"),
        (len(report.permissions), "permissions", "#permissions"),
        (len(report.changes), "lifted or eased", "#changes"),
        (len(report.advocacy), "advocates", "#advocacy"),
        (len(report.documents), "documents", "#corpus"),
        (len(report.problems), "quarantined or rejected", "#problems"),
    ]
    items = "".join(f'<li><a href="{href}"><strong>{n}</strong> <span>{_e(label)}</span></a></li>'
                    for n, label, href in counts)
    return f'<ul class="glance" aria-label="At a glance">{items}</ul>'


def _meta(report: Report) -> str:
    pairs = [("As of", _human_date(report.as_of) if report.as_of else "newest information")]
    if report.store:
        pairs.append(("Store", report.store))
    if report.run_started:
        pairs.append(("Store built", report.run_started[:19].replace("T", " ") + " UTC"))
    if report.generated:
        pairs.append(("Report made", report.generated[:19].replace("T", " ") + " UTC"))
    return '<dl class="meta">' + "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in pairs) + "</dl>"


def render_html(report: Report, *, title: str = "Caveat report: weapons-use restrictions") -> str:
    """The whole report as one HTML document (a string)."""
    css = CSS_PATH.read_text(encoding="utf-8")
    csp = "; ".join([
        "default-src 'none'", f"style-src {_csp_hash(css)}", f"script-src {_csp_hash(SCRIPT)}",
        "img-src data:", "base-uri 'none'", "form-action 'none'",
    ])
    toc = "\n".join(f'<li><a href="#{ident}">{_e(name)}</a></li>' for ident, name in SECTIONS)
    sections = "\n".join([_restrictions(report), _permissions(report), _changes(report),
                          _advocacy(report), _timeline(report), _graphs(report), _corpus(report)])
    subtitle = (f"Who may use which weapons where, {_as_of_words(report)}: built from "
                f"{len(report.documents)} news article{'s' if len(report.documents) != 1 else ''}, "
                "every fact traced to the sentences it was read from.")
    colophon = ("Made by Caveat from its RDF knowledge graph. Self-contained: this page loads "
                "nothing from the network. Facts are machine-read from news text; check the quotes.")
    return PAGE.substitute(
        csp=_e(csp), title=_e(title), subtitle=_e(subtitle), meta=_meta(report), toc=toc,
        glance=_glance(report), sections=sections, colophon=_e(colophon), css=css, script=SCRIPT)
