"""Snapshots of an on-disk store and the consistency checks a crashed store must pass."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from pipeline.graph import iri
from pipeline.store.oxigraph_store import QUARANTINE_PREFIX

DOC_PREFIX = str(iri.document_graph(""))
MERGED = str(iri.MERGED_GRAPH)


def _blank(q: ox.Quad) -> bool:
    return isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)


@dataclass
class Snapshot:
    """Named graphs (quads without blank nodes, and a count of those with), and the default graph."""

    graphs: dict[str, set[tuple]] = field(default_factory=dict)
    blank: Counter = field(default_factory=Counter)
    default: set[tuple] = field(default_factory=set)
    default_blank: int = 0

    @property
    def quads(self) -> int:
        """Quads in named graphs plus triples in the default graph (the materialised union)."""
        return (sum(len(g) for g in self.graphs.values()) + sum(self.blank.values())
                + len(self.default) + self.default_blank)


def snapshot(path: Path) -> Snapshot:
    """Read the store at ``path`` the way a reader would after a crash (read-only open)."""
    snap = Snapshot()
    try:
        db = ox.Store.read_only(str(path))
    except RuntimeError:
        # Killed while Oxigraph created the database (its column families, then its
        # version key): only a writer can finish it, and nothing can be stored yet.
        db = ox.Store(str(path))
        assert len(db) == 0, "a half-created store holds data"
        del db
        return snap
    for q in db:
        triple = (str(q.subject), str(q.predicate), str(q.object))
        if isinstance(q.graph_name, ox.DefaultGraph):
            if _blank(q):
                snap.default_blank += 1
            else:
                snap.default.add(triple)
        else:
            name = q.graph_name.value
            snap.graphs.setdefault(name, set())
            if _blank(q):
                snap.blank[name] += 1
            else:
                snap.graphs[name].add(triple)
    del db
    return snap


def _visible(name: str) -> bool:
    return not name.startswith(QUARANTINE_PREFIX)


def check_consistent(path: Path, reference: Snapshot) -> Snapshot:
    """What must hold of a store after a crash at any point, against an uninterrupted run.

    * it opens for reading and for writing (the lock of the dead writer is gone);
    * the default graph is exactly the set union of the non-quarantine named graphs;
    * every document graph and quarantine graph present is exactly the one the
      uninterrupted run wrote (each document commits atomically, never half);
    * the ontology graph is absent or complete;
    * the run report, if there is one, is complete JSON.
    """
    snap = snapshot(path)
    union = set().union(*(g for name, g in snap.graphs.items() if _visible(name))) if snap.graphs else set()
    assert snap.default == union, (
        f"default graph != union of named graphs: {len(snap.default - union)} extra, "
        f"{len(union - snap.default)} missing")
    assert snap.default_blank == sum(n for name, n in snap.blank.items() if _visible(name))
    for name, triples in snap.graphs.items():
        if name == MERGED:
            continue  # derived at the end of a run; a crash may leave the previous one
        assert name in reference.graphs, f"unexpected graph {name}"
        assert triples == reference.graphs[name], f"graph {name} is not the complete one"
        assert snap.blank[name] == reference.blank[name], f"graph {name}: blank-node triples differ"
    report = path / "run-report.json"
    if report.exists():
        json.loads(report.read_text(encoding="utf-8"))
    from pipeline.store import Store
    with Store.open(path) as st:  # the writer lock is free and RocksDB recovers
        st.graphs()
    return snap


def assert_same(snap: Snapshot, reference: Snapshot) -> None:
    """Everything equal, including the merged graph and the quad count."""
    assert set(snap.graphs) == set(reference.graphs)
    for name in reference.graphs:
        assert snap.graphs[name] == reference.graphs[name], name
        assert snap.blank[name] == reference.blank[name], name
    assert snap.default == reference.default and snap.default_blank == reference.default_blank
    assert snap.quads == reference.quads
