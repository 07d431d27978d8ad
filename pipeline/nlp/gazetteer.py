"""The domain gazetteer (``gazetteer/*.jsonl``): entities with aliases as data.

One record per real-world entity; see ``gazetteer/README.md`` for the schema.
The spaCy component in ``components.py`` turns the aliases into patterns; the
extraction and resolution stages look entries up here by id.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

GAZETTEER_DIR = Path(__file__).parent / "gazetteer"

# spaCy entity labels the gazetteer assigns, by category and by kind of alias.
LABELS = {"Country": "GPE", "Organization": "ORG", "Place": "LOC",
          "WeaponSystem": "WEAPON", "Person": "PERSON"}
DEMONYM_LABEL = "NORP"
METONYM_LABEL = "GPE"


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    category: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    kind: str | None = None
    country: str | None = None
    origin: str | None = None
    role: str | None = None
    generic: bool = False


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    _alias_index: dict[tuple[str, str], Entry] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, paths: list[Path]) -> "Gazetteer":
        gz = cls()
        for path in paths:
            if not path.exists():
                raise InputError(f"gazetteer file not found: {path}",
                                 hint="check the caveat_gazetteer 'paths' setting in the pipeline config")
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                    entry = Entry(
                        id=rec["id"], name=rec["name"], category=rec["category"],
                        aliases=tuple(rec.get("aliases", ())),
                        demonyms=tuple(rec.get("demonyms", ())),
                        metonyms=tuple(rec.get("metonyms", ())),
                        kind=rec.get("kind"), country=rec.get("country") or rec.get("origin"),
                        origin=rec.get("origin"), role=rec.get("role"),
                        generic=bool(rec.get("generic", False)),
                    )
                except (ValueError, KeyError) as exc:
                    raise InputError(f"{path}:{n}: bad gazetteer record ({exc})",
                                     hint="each line must be a JSON object with id, name, category") from exc
                if entry.category not in LABELS:
                    raise InputError(f"{path}:{n}: unknown category {entry.category!r}",
                                     hint=f"use one of {sorted(LABELS)}")
                gz.entries[entry.id] = entry
        return gz

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def by_alias(self, text: str, category: str) -> Entry | None:
        """The entry one of whose names is ``text`` (case-insensitive)."""
        if not self._alias_index:
            for e in self.entries.values():
                for t in (e.name, *e.aliases):
                    self._alias_index.setdefault((t.lower(), e.category), e)
        return self._alias_index.get((text.lower(), category))

    def surface_forms(self):
        """Yield (text, label, entry id) for every alias, demonym and metonym."""
        for e in self.entries.values():
            label = LABELS[e.category]
            for text in (e.name, *e.aliases):
                yield text, label, e.id
            for text in e.demonyms:
                yield text, DEMONYM_LABEL, e.id
            for text in e.metonyms:
                yield text, METONYM_LABEL, e.id


def default_paths() -> list[Path]:
    return sorted(GAZETTEER_DIR.glob("*.jsonl"))

