"""Inline SVG pictures of the graph around one rule: no JavaScript, no external files.

A three-column layered layout: the rule in the centre, the actors it names
(issuer, bound party, decision makers) in the left column, and what it is
about (weapons, areas in and out of scope, stated limits) in the right
column, each joined to the rule by an arrow labelled with the relation.
Every text value is escaped; labels that do not fit are shortened, with the
full label kept in a ``<title>`` (a tooltip, and read by screen readers).
Shapes differ by kind as well as colour, so the picture survives grey-scale
printing.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

#: Node kinds -> (fill, stroke, corner radius, dash pattern). Colours meet WCAG AA
#: contrast for the dark text on the light fills.
STYLES: dict[str, tuple[str, str, float, str]] = {
    "actor": ("#e3edff", "#1d4ed8", 4, ""),
    "person": ("#efe9ff", "#6d28d9", 4, ""),
    "anonymous": ("#f1f2f4", "#4b5563", 4, "5 3"),
    "weapon": ("#fde9e9", "#b91c1c", 0, ""),
    "place": ("#e4f5e9", "#15803d", 14, ""),
    "excluded": ("#ffffff", "#15803d", 14, "2 3"),
    "limit": ("#ffffff", "#4b5563", 14, "6 3"),
    "more": ("#ffffff", "#6b7280", 4, "2 2"),
    "prohibition": ("#fff1f1", "#991b1b", 8, ""),
    "permission": ("#edfaf1", "#166534", 8, ""),
}

#: What each kind is, in words (for the legend and the text description).
KIND_NAMES: dict[str, str] = {
    "actor": "country or organisation", "person": "person", "anonymous": "unnamed source",
    "weapon": "weapon system", "place": "area in scope", "excluded": "area excluded",
    "limit": "stated limit", "more": "more", "prohibition": "prohibition", "permission": "permission",
}

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

# geometry (user units; the picture scales to its container)
WIDTH = 860
MARGIN = 14
COL_W = 200
CENTRE_W = 220
NODE_H = 30
PITCH = 42  # vertical distance between nodes in a column
CHAR_W = 6.7  # average advance of the 12px font, to decide when to shorten a label
EDGE = "#5b6472"


@dataclass(frozen=True)
class Node:
    """A box in the picture."""

    label: str
    kind: str  # a key of STYLES
    detail: str = ""  # extra tooltip text (e.g. the IRI)


@dataclass(frozen=True)
class Edge:
    """An arrow from the centre to ``node``, labelled ``role``, on the ``side`` column."""

    role: str
    node: Node
    side: str = "right"  # left | right


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _fit(label: str, width: float) -> str:
    """``label`` shortened with an ellipsis to fit ``width`` units of the 12px font."""
    label = " ".join(label.split())
    room = max(4, int((width - 16) / CHAR_W))
    return label if len(label) <= room else label[:room - 1].rstrip() + "\u2026"


def _wrap(text: str, width: float, max_lines: int) -> list[str]:
    room = max(6, int((width - 16) / CHAR_W))
    lines: list[str] = []
    current = ""
    for word in " ".join(text.split()).split(" "):
        candidate = f"{current} {word}".strip()
        if len(candidate) <= room:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        if len(lines) == max_lines:
            break
    if current and len(lines) < max_lines:
        lines.append(current)
    if len(lines) == max_lines and " ".join(lines) != " ".join(text.split()):
        lines[-1] = _fit(lines[-1] + " \u2026", width)
    return [_fit(line, width) for line in lines] or [""]


def _cap(edges: list[Edge], limit: int) -> list[Edge]:
    """At most ``limit`` edges: the rest folded into one "+N more" node."""
    if len(edges) <= limit:
        return edges
    rest = edges[limit - 1:]
    hidden = ", ".join(f"{e.role}: {e.node.label}" for e in rest)
    return edges[:limit - 1] + [Edge("\u2026", Node(f"+{len(rest)} more", "more", hidden), rest[0].side)]


def _box(x: float, y: float, w: float, h: float, kind: str, stroke_width: float = 1.5) -> str:
    fill, stroke, rx, dash = STYLES.get(kind, STYLES["more"])
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{rx}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"{dash_attr}/>')


def safe_id(text: str) -> str:
    """``text`` as an XML/HTML id (letters, digits, ``-`` and ``_``; starts with a letter)."""
    s = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")
    return s if s[:1].isalpha() else "g-" + s


def neighbourhood_svg(centre: Node, edges: Sequence[Edge], *, ident: str, title: str,
                      max_per_side: int = 9) -> str:
    """An inline ``<svg>`` of ``centre`` with ``edges`` to its neighbours.

    ``ident`` makes the ids inside the picture unique in the page (the
    arrowhead marker, the title and description); ``title`` is the accessible
    name. The text description lists every relation, including any folded
    into "+N more".
    """
    ident = safe_id(ident)
    left = _cap([e for e in edges if e.side == "left"], max_per_side)
    right = _cap([e for e in edges if e.side != "left"], max_per_side)
    rows = max(len(left), len(right), 2)
    centre_lines = _wrap(centre.label, CENTRE_W, 3)
    centre_h = 30 + 16 * len(centre_lines)
    height = max(rows * PITCH - (PITCH - NODE_H), centre_h) + 2 * MARGIN
    cx0 = (WIDTH - CENTRE_W) / 2
    cy = height / 2

    out: list[str] = []
    desc = "; ".join(f"{e.role}: {e.node.label}" for e in edges) or "no linked things"
    out.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{_e(FONT)}" font-size="12">')
    out.append(f'<title id="{ident}-title">{_e(title)}</title>')
    out.append(f'<desc id="{ident}-desc">{_e(KIND_NAMES.get(centre.kind, centre.kind))} '
               f'\u201c{_e(centre.label)}\u201d. {_e(desc)}.</desc>')
    out.append(f'<defs><marker id="{ident}-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
               f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
               f'<path d="M0,0 L10,5 L0,10 z" fill="{EDGE}"/></marker></defs>')

    def column(items: list[Edge], x: float, side: str) -> None:
        n = len(items)
        top = cy - (n * PITCH - (PITCH - NODE_H)) / 2
        for i, edge in enumerate(items):
            y = top + i * PITCH
            ny = y + NODE_H / 2
            # the arrow: from the centre box's side to the node's facing side
            sx = cx0 if side == "left" else cx0 + CENTRE_W
            ex = x + COL_W if side == "left" else x
            sy = cy + (ny - cy) * 0.25  # fan out a little along the centre's side
            out.append(f'<g class="edge"><line x1="{sx:.1f}" y1="{sy:.1f}" x2="{ex:.1f}" y2="{ny:.1f}" '
                       f'stroke="{EDGE}" stroke-width="1.2" marker-end="url(#{ident}-arrow)"/>')
            t = 0.62
            lx, ly = sx + (ex - sx) * t, sy + (ny - sy) * t
            out.append(f'<text x="{lx:.1f}" y="{ly - 3:.1f}" text-anchor="middle" font-size="11" '
                       f'fill="#30363d" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" '
                       f'paint-order="stroke">{_e(_fit(edge.role, 150))}</text></g>')
            node = edge.node
            tip = node.label + (f" \u2014 {node.detail}" if node.detail else "")
            out.append(f'<g class="node node-{_e(safe_id(node.kind))}"><title>{_e(edge.role)}: {_e(tip)}</title>')
            out.append(_box(x, y, COL_W, NODE_H, node.kind))
            out.append(f'<text x="{x + COL_W / 2:.1f}" y="{y + NODE_H / 2 + 4:.1f}" text-anchor="middle" '
                       f'fill="#111827">{_e(_fit(node.label, COL_W))}</text></g>')

    column(left, MARGIN, "left")
    column(right, WIDTH - MARGIN - COL_W, "right")

    # the centre last, so it is drawn over the arrows' ends
    top = cy - centre_h / 2
    centre_tip = centre.label + (f" \u2014 {centre.detail}" if centre.detail else "")
    out.append(f'<g class="node node-centre"><title>{_e(centre_tip)}</title>')
    out.append(_box(cx0, top, CENTRE_W, centre_h, centre.kind, stroke_width=2.5))
    kind_word = KIND_NAMES.get(centre.kind, centre.kind).upper()
    out.append(f'<text x="{cx0 + CENTRE_W / 2:.1f}" y="{top + 19:.1f}" text-anchor="middle" '
               f'font-size="10.5" font-weight="700" letter-spacing="0.08em" '
               f'fill="{STYLES.get(centre.kind, STYLES["more"])[1]}">{_e(kind_word)}</text>')
    for i, line in enumerate(centre_lines):
        out.append(f'<text x="{cx0 + CENTRE_W / 2:.1f}" y="{top + 38 + 16 * i:.1f}" text-anchor="middle" '
                   f'font-weight="600" fill="#111827">{_e(line)}</text>')
    out.append("</g></svg>")
    return "".join(out)


def legend_svg(kinds: Sequence[str] = ("actor", "person", "anonymous", "weapon", "place",
                                       "excluded", "limit")) -> str:
    """A small key to the node shapes and colours."""
    item_w = 200
    per_row = 4
    rows = (len(kinds) + per_row - 1) // per_row
    width, height = per_row * item_w, rows * 30 + 4
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="legend" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-labelledby="legend-title" '
           f'font-family="{_e(FONT)}" font-size="12"><title id="legend-title">Key: '
           f'{_e(", ".join(KIND_NAMES[k] for k in kinds))}</title>']
    for i, kind in enumerate(kinds):
        x, y = (i % per_row) * item_w + 2, (i // per_row) * 30 + 4
        out.append(_box(x, y, 30, 20, kind))
        out.append(f'<text x="{x + 38}" y="{y + 14}" fill="#111827">{_e(KIND_NAMES[kind])}</text>')
    out.append("</svg>")
    return "".join(out)
