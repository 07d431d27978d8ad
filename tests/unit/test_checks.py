"""Quality checks (queries/checks/*-violation.rq), tested as data.

Each check is a SELECT that returns no rows on a good graph. It must return
nothing on every conforming fixture (tests/fixtures/shapes/*-conforming.ttl,
tests/fixtures/owl/consistent*.ttl) and on the mapper's output, and exactly
the number of rows on the ``# rows: N`` line of its violating fixture
tests/fixtures/checks/<check name>.ttl.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from pipeline.graph.mapper import document_graph

ROOT = Path(__file__).resolve().parents[2]
CHECKS = sorted((ROOT / "queries" / "checks").glob("*-violation.rq"))
VIOLATING_DIR = ROOT / "tests" / "fixtures" / "checks"
GOOD = sorted((ROOT / "tests" / "fixtures" / "shapes").glob("*-conforming.ttl")) + \
    sorted((ROOT / "tests" / "fixtures" / "owl").glob("consistent*.ttl"))


def _rows(check: Path, g: Graph) -> list:
    return list(g.query(check.read_text(encoding="utf-8")))


def _load(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def test_checks_exist_and_each_has_a_violating_fixture():
    assert len(CHECKS) >= 3
    for check in CHECKS:
        assert (VIOLATING_DIR / f"{check.stem}.ttl").is_file(), f"no fixture for {check.name}"
    assert {p.stem for p in VIOLATING_DIR.glob("*.ttl")} <= {c.stem for c in CHECKS}


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.name)
def test_check_has_header_and_is_a_select(check):
    text = check.read_text(encoding="utf-8")
    assert text.startswith("# Check:"), "first line states the check"
    assert re.search(r"^\s*SELECT\b", text, re.M | re.I)


@pytest.mark.parametrize("good", GOOD, ids=lambda p: p.name)
@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_finds_nothing_on_good_graph(check, good):
    rows = _rows(check, _load(good))
    assert rows == [], f"{check.name} on {good.name}: {rows}"


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_finds_the_violations(check):
    fixture = VIOLATING_DIR / f"{check.stem}.ttl"
    m = re.search(r"^#\s*rows:\s*(\d+)", fixture.read_text(encoding="utf-8"), re.M)
    assert m, f"{fixture.name} has no '# rows: N' line"
    rows = _rows(check, _load(fixture))
    assert len(rows) == int(m.group(1)), f"{check.name}: {rows}"


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_finds_nothing_on_mapper_output(check):
    from test_shapes import _extraction  # tests/unit is on sys.path under pytest
    rows = _rows(check, document_graph(_extraction()))
    assert rows == [], f"{check.name}: {rows}"
