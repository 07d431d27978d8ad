"""Helpers shared by the robustness tests (imported as a top-level module: conftest puts
this directory on sys.path, and child processes get it through PYTHONPATH)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SEEDS = ROOT / "seeds"


def caveat_cmd(*args: str) -> list[str]:
    """The `caveat` command line, run with this interpreter (no PATH lookup)."""
    return [sys.executable, "-m", "pipeline.cli", *args]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["COLUMNS"] = "200"  # rich wraps long lines at 80 columns when not on a terminal
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HERE), str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.pop("CAVEAT_STORE", None)
    return env


def caveat(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(caveat_cmd(*args), capture_output=True, text=True, cwd=ROOT,
                          env=child_env(), timeout=timeout)


def read_report(store: Path) -> dict:
    return json.loads((store / "run-report.json").read_text(encoding="utf-8"))


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
