"""The mapper's output for known records, compared with golden graphs by isomorphism.

A change to the graph shape shows up here as a diff to review; regenerate the
golden files deliberately (see the bottom of this file), never to make a test pass.
"""
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from pipeline.graph.mapper import document_graph

from test_queries import _may, _nov  # the same hand-built records the query tests use

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"


@pytest.mark.parametrize("name,records", [("may-document", _may), ("nov-document", _nov)])
def test_mapper_matches_golden_graph(name, records):
    got = document_graph(records())
    want = Graph().parse(GOLDEN / f"{name}.ttl", format="turtle")
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        pytest.fail(f"graph differs from {name}.ttl:\n+ {sorted(only_got)[:5]}\n- {sorted(only_want)[:5]}")


def test_same_records_mint_the_same_graph():
    assert isomorphic(document_graph(_may()), document_graph(_may()))

# To regenerate after an intended change:
#   python -c "import sys; sys.path.insert(0,'tests/unit'); import test_queries as T; \
#     from pipeline.graph.mapper import document_graph as d; \
#     d(T._may()).serialize('tests/fixtures/golden/may-document.ttl', format='turtle')"
