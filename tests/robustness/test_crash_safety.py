"""Crash safety: SIGKILL at any point leaves a consistent store; re-running completes it
with no duplicates; a second writer is refused with a clear message while readers work.

The random kill points come from a seeded generator; set CAVEAT_CRASH_SEED to
replay a failure (the seed is printed with -s).
"""
from __future__ import annotations

import json
import os
import pickle
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, Literal, URIRef

from helpers import ROOT, SEEDS, caveat, caveat_cmd, child_env, read_report
from pipeline.graph.iri import document_graph, quarantine_graph
from pipeline.run import RunReport, write_report
from pipeline.store import Store
from store_check import assert_same, check_consistent, snapshot

SEED = int(os.environ.get("CAVEAT_CRASH_SEED", random.SystemRandom().randrange(1 << 30)))
EX = "http://example.org/"


def kill_after(cmd: list[str], delay: float, *, wait_for: str | None = None) -> tuple[int, str]:
    """Start ``cmd``, SIGKILL it ``delay`` s after it starts (or after it prints ``wait_for``)."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env=child_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        if wait_for is not None:
            line = proc.stdout.readline()
            assert line.strip() == wait_for, line + proc.stderr.read()
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        return proc.returncode, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# --------------------------------------------------------------------------- the real CLI

@pytest.mark.model
def test_sigkill_caveat_run_at_random_points(tmp_path: Path) -> None:
    """`caveat run seeds` killed 5 times at random points, then run to the end."""
    rng = random.Random(SEED)
    ref_store, store = tmp_path / "reference", tmp_path / "store"
    t0 = time.perf_counter()
    proc = caveat("run", str(SEEDS), "--store", str(ref_store), "-q")
    full = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stderr
    reference = snapshot(ref_store)
    kills = []
    span = max(1.0, full - 1.0)
    for i in range(5):  # stratified: one kill in each fifth of the run (after 1 s of start-up)
        delay = 1.0 + span * (i + rng.random()) / 5
        code, err = kill_after(caveat_cmd("run", str(SEEDS), "--store", str(store), "-q"), delay)
        kills.append((round(delay, 2), code))
        if store.exists() and any(store.iterdir()):
            check_consistent(store, reference)
    proc = caveat("run", str(SEEDS), "--store", str(store), "-q")
    assert proc.returncode == 0, proc.stderr
    assert_same(snapshot(store), reference)
    assert read_report(store)["counts"] == read_report(ref_store)["counts"]
    print(f"seed {SEED}: uninterrupted run {full:.1f} s; kills (delay s, exit code): {kills}")


# --------------------------------------------------------------------------- the write phase

CHILD = textwrap.dedent("""
    import copy, dataclasses, pickle, sys
    from pathlib import Path
    import pipeline.run as R
    table = pickle.loads(Path(sys.argv[1]).read_bytes())
    def engine(documents, model=None, batch_size=16, progress=None, **kw):
        return [dataclasses.replace(copy.deepcopy(table[d.id.split("~")[1]]), document=d)
                for d in documents]
    R.extract_all = engine
    print("ready", flush=True)
    R.run([Path(sys.argv[2])], Path(sys.argv[3]))
""")


@pytest.mark.model
def test_sigkill_during_the_store_writes(tmp_path: Path, nlp) -> None:
    """Kill points concentrated where it matters: while document graphs are written.

    The child replays extractions computed once with the real model (40
    documents: 8 copies of each seed article, so many facts are shared between
    document graphs and the union bookkeeping is exercised), so nearly all of
    its time is mapping, SHACL and store writes.
    """
    from pipeline.engine import extract_all
    from pipeline.ingest import load_inputs

    rng = random.Random(SEED)
    seeds = load_inputs([SEEDS]).documents
    table = {x.document.id: x for x in extract_all(seeds, None)}
    (tmp_path / "x.pickle").write_bytes(pickle.dumps(table))
    corpus = tmp_path / "copies.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for k in range(8):
            for d in seeds:
                out.write(json.dumps({"id": f"{k}~{d.id}", "text": d.text,
                                      "published": d.published.isoformat() if d.published else None}) + "\n")
    cmd = [sys.executable, "-c", CHILD, str(tmp_path / "x.pickle"), str(corpus)]

    def complete(store: Path) -> float:
        """Run to the end; seconds from "ready" (imports done) to exit."""
        proc = subprocess.Popen([*cmd, str(store)], cwd=ROOT, env=child_env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        t0 = time.perf_counter()
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        return time.perf_counter() - t0

    write_phase = complete(tmp_path / "reference")
    reference = snapshot(tmp_path / "reference")
    assert sum(1 for g in reference.graphs if "/graph/doc/" in g) == 40

    seen = []
    for round_ in range(5):
        store = tmp_path / f"store{round_}"  # fresh each time: every kill lands in first writes
        delay = write_phase * (round_ + rng.random()) / 5  # one kill in each fifth
        kill_after([*cmd, str(store)], delay, wait_for="ready")
        if store.exists() and any(store.iterdir()):
            snap = check_consistent(store, reference)
            seen.append((round(delay, 2), sum(1 for g in snap.graphs if "/graph/doc/" in g)))
        complete(store)
        assert_same(snapshot(store), reference)
    print(f"seed {SEED}: uninterrupted run {write_phase:.1f} s after start-up; "
          f"(kill delay s, document graphs present): {seen}")


# --------------------------------------------------------------------------- the writer lock

@pytest.mark.model
def test_second_writer_is_refused_by_the_cli_and_readers_keep_working(tmp_path: Path) -> None:
    store = tmp_path / "store"
    proc = caveat("run", str(SEEDS), "--store", str(store), "-q")
    assert proc.returncode == 0, proc.stderr
    report_before = (store / "run-report.json").read_text(encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import time
            from pathlib import Path
            from pipeline.store import Store
            st = Store.open(Path({str(store)!r}))
            print("locked", flush=True)
            time.sleep(600)
        """)], cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        # --model names a model that does not exist: had the run parsed anything before
        # taking the lock, it would fail on the model instead of the lock.
        t0 = time.perf_counter()
        second = caveat("run", str(SEEDS), "--store", str(store), "--model", "no_such_model_x")
        elapsed = time.perf_counter() - t0
        assert second.returncode == 2, second.stderr
        assert f"error: the store {store} is locked by another writer (pid {holder.pid})" in second.stderr
        assert "hint: another caveat run is writing to" in second.stderr
        assert (store / "run-report.json").read_text(encoding="utf-8") == report_before  # untouched
        # Readers are not blocked by the writer.
        ask = caveat("ask", "entities", "--store", str(store), "--format", "json")
        assert ask.returncode == 0, ask.stderr
        assert json.loads(ask.stdout)["results"]["bindings"]
    finally:
        holder.kill()
        holder.wait()
    # The holder died without closing: the lock went with it.
    again = caveat("run", str(SEEDS), "--store", str(store), "-q")
    assert again.returncode == 0, again.stderr
    print(f"second writer refused after {elapsed:.1f} s")


# --------------------------------------------------------------------------- smaller pieces

def test_store_whose_creation_was_interrupted_can_be_opened(tmp_path: Path) -> None:
    """Killed while RocksDB created its files (before CURRENT): not mistaken for a foreign dir."""
    path = tmp_path / "store"
    path.mkdir()
    for name, data in (("LOCK", ""), ("LOG", "rocksdb log\n"), ("IDENTITY", "x\n"), ("caveat.lock", "123")):
        (path / name).write_text(data, encoding="utf-8")
    with Store.open(path) as st:
        st.replace_graph(document_graph("d"), Graph().add((URIRef(EX + "a"), RDFS.label, Literal("A"))))
    with Store.open(path, read_only=True) as st:
        assert len(st) == 1


def test_store_killed_while_oxigraph_created_it_says_what_to_do(tmp_path: Path) -> None:
    """Oxigraph creates its column families, then its version key: a store killed in
    between cannot be opened read-only (a StoreError that says to run again), holds
    nothing, and the next writer finishes creating it."""
    import pyoxigraph as ox

    from pipeline.errors import StoreError
    rng = random.Random(SEED)
    child = "import sys, time, pyoxigraph as ox; print('r', flush=True); ox.Store(sys.argv[1]); time.sleep(60)"
    for attempt in range(40):
        path = tmp_path / f"s{attempt}"
        proc = subprocess.Popen([sys.executable, "-c", child, str(path)], stdout=subprocess.PIPE, text=True)
        proc.stdout.readline()
        time.sleep(rng.random() * 0.05)
        proc.kill()
        proc.wait()
        if not (path / "CURRENT").exists():
            continue
        try:
            del_me = ox.Store.read_only(str(path))
            del del_me
            continue  # complete already
        except RuntimeError:
            break
    else:
        pytest.skip("no kill landed inside the creation of the database in 40 attempts")
    with pytest.raises(StoreError, match="not completely created") as info:
        Store.open(path, read_only=True)
    assert "caveat run" in info.value.hint
    with Store.open(path) as st:
        assert len(st) == 0 and st.graphs() == []
    with Store.open(path, read_only=True) as st:
        assert len(st) == 0


def test_a_foreign_directory_is_still_refused(tmp_path: Path) -> None:
    from pipeline.errors import StoreError

    (tmp_path / "LOG").write_text("x", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="not a caveat store"):
        Store.open(tmp_path)


def test_run_report_is_replaced_atomically(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "run-report.json"
    write_report(RunReport(store="s", started="first"), path)

    def crash(src, dst):
        raise KeyboardInterrupt  # killed between writing the new file and renaming it

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_report(RunReport(store="s", started="second"), path)
    assert json.loads(path.read_text(encoding="utf-8"))["started"] == "first"


def test_document_and_quarantine_graphs_commit_together(tmp_path: Path) -> None:
    """replace_graphs: one transaction; the union follows every graph in it."""
    a, b, c, p = (URIRef(EX + x) for x in "abcp")
    with Store.open(tmp_path / "st") as st:
        st.replace_graphs({document_graph("d1"): Graph().add((a, p, b)).add((a, p, c)),
                           document_graph("d2"): Graph().add((a, p, b)),
                           quarantine_graph("d1"): Graph().add((c, p, a))})
        assert set(st.union()) == {(a, p, b), (a, p, c)}
        # Both graphs that held (a p b) drop it in one call: it leaves the union.
        st.replace_graphs({document_graph("d1"): Graph().add((a, p, c)),
                           document_graph("d2"): Graph().add((b, p, c))})
        assert set(st.union()) == {(a, p, c), (b, p, c)}
        # One drops (b p c) while the other takes it over: it stays.
        st.replace_graphs({document_graph("d1"): Graph().add((b, p, c)),
                           document_graph("d2"): Graph().add((a, p, a))})
        assert set(st.union()) == {(b, p, c), (a, p, a)}
        # An empty graph and its quarantine go together.
        st.replace_graphs({document_graph("d1"): Graph(), quarantine_graph("d1"): Graph()})
        assert set(st.graphs()) == {document_graph("d2")}
        assert set(st.union()) == {(a, p, a)}
    snap = snapshot(tmp_path / "st")
    assert snap.default == set().union(*snap.graphs.values())


INGEST_CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    import pyoxigraph as ox
    from pipeline.graph.iri import document_graph
    from pipeline.store import Store
    P = [ox.NamedNode(f"http://example.org/p{k}") for k in range(3)]
    with Store.open(Path(sys.argv[1])) as st:
        print("ready", flush=True)
        for group in range(10**6):
            docs = []
            for j in range(16):
                g = ox.NamedNode(str(document_graph(f"g{group}-{j}")))
                shared = ox.Quad(ox.NamedNode("http://example.org/shared"), P[0], ox.Literal("x"), g)
                docs.append({document_graph(f"g{group}-{j}"): [shared] + [
                    ox.Quad(ox.NamedNode(f"http://example.org/s{group}-{j}-{i}"), P[i % 3],
                            ox.Literal(f"v {group} {j} {i}"), g) for i in range(300)]})
            assert all(st.add_new_documents(docs))
""")


def test_sigkill_during_grouped_ingests_keeps_groups_whole(tmp_path: Path) -> None:
    """add_new_documents is one RocksDB ingest: a kill keeps each group of documents whole or
    leaves it out, and the union stays the union of the named graphs. Its leftover files go
    at the next writable open."""
    rng = random.Random(SEED)
    cmd = [sys.executable, "-c", INGEST_CHILD]
    for round_ in range(4):
        store = tmp_path / f"store{round_}"
        kill_after([*cmd, str(store)], 0.2 + 1.5 * rng.random(), wait_for="ready")
        snap = snapshot(store)
        groups: dict[str, set[str]] = {}
        for name, triples in snap.graphs.items():
            assert len(triples) == 301, f"{name}: {len(triples)} of 301 triples"
            group, j = name.rsplit("/", 1)[1][1:].split("-")
            groups.setdefault(group, set()).add(j)
        assert all(len(js) == 16 for js in groups.values()), "a group is partly stored"
        print(f"round {round_}: {len(groups)} whole groups")
        assert snap.default == set().union(*snap.graphs.values()) if snap.graphs else not snap.default
        with Store.open(store):
            pass
        assert not list(store.glob("bulk-*.sst"))
