"""The inline SVG pictures: well-formed XML, escaped, readable (shortened labels, capped size)."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from pipeline.report.svg import Edge, Node, legend_svg, neighbourhood_svg, safe_id

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> "q" & co'


def parse(text: str) -> ET.Element:
    return ET.fromstring(text)  # raises on anything that is not well-formed XML


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(SVG + "text")]


def test_picture_is_wellformed_and_escaped() -> None:
    edges = [Edge("issuer", Node(HOSTILE, "actor"), "left"), Edge("bound party", Node("Ukraine", "actor"), "left"),
             Edge("weapon", Node("ATACMS", "weapon")), Edge('scope "includes"', Node("Kharkiv <oblast>", "place"))]
    out = neighbourhood_svg(Node("long-range strikes & <more>", "prohibition"), edges,
                            ident="rule 1/<x>", title=f"Prohibition by {HOSTILE}")
    assert "<script" not in out
    root = parse(out)
    assert root.get("role") == "img"
    ident = safe_id("rule 1/<x>")
    assert root.get("aria-labelledby") == f"{ident}-title {ident}-desc"
    title = root.find(SVG + "title")
    assert title is not None and title.text == f"Prohibition by {HOSTILE}"
    desc = "".join(root.find(SVG + "desc").itertext())
    for label in (HOSTILE, "Ukraine", "ATACMS", "Kharkiv <oblast>"):
        assert label in desc
    shown = texts(root)
    assert "ATACMS" in shown and "issuer" in shown and "PROHIBITION" in shown
    # no external reference: the only url() is the local arrowhead marker
    for el in root.iter():
        for k, v in el.attrib.items():
            assert "http" not in v or k == "xmlns", (k, v)
            if "url(" in v:
                assert v == f"url(#{ident}-arrow)"


def test_long_labels_are_shortened_with_the_full_label_kept() -> None:
    long = "an extremely long weapon system name that cannot fit in one box at all"
    root = parse(neighbourhood_svg(Node("x", "permission"), [Edge("weapon", Node(long, "weapon"))],
                                   ident="a", title="t"))
    shown = [t for t in texts(root) if t.startswith("an extremely")]
    assert shown and shown[0].endswith("\u2026") and len(shown[0]) < len(long)
    tips = ["".join(t.itertext()) for t in root.iter(SVG + "title")]
    assert any(long in tip for tip in tips)


def test_many_neighbours_are_capped() -> None:
    edges = [Edge("weapon", Node(f"weapon {i}", "weapon")) for i in range(20)]
    root = parse(neighbourhood_svg(Node("x", "permission"), edges, ident="b", title="t", max_per_side=6))
    boxes = [t for t in texts(root) if t.startswith("weapon ")]
    assert len(boxes) == 5 and "+15 more" in texts(root)
    assert int(float(root.get("height"))) < 400  # still small enough to read on a page
    assert "weapon 19" in "".join(root.find(SVG + "desc").itertext())  # nothing lost for screen readers


def test_legend_is_wellformed() -> None:
    root = parse(legend_svg())
    assert "weapon system" in texts(root)
