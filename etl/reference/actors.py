"""The actor dictionary: canonical actors and the aliases that map to them.

The dictionary is ``actors.toml`` in this package: one ``[[actor]]`` table per actor with
``name`` (canonical), ``kind`` (see :data:`models.vocab.ACTOR_KINDS`), ``country`` (ISO
alpha-2 or omitted), optional ``parent`` (canonical name of the parent organisation),
``description``, ``aliases`` (every other spelling, abbreviation and transliteration) and,
for an affiliate, optional ``regions``: the countries (ISO alpha-2) where a report's "the
Islamic State's regional affiliate" means this one.
Both the extractor and ``incidentdb db upgrade`` (which seeds ``actors`` and
``actor_aliases``) read it through :func:`load_actor_dictionary`.
"""

from __future__ import annotations

import functools
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources

from models.vocab import ACTOR_KINDS


@dataclass(frozen=True, slots=True)
class ActorEntry:
    name: str
    kind: str
    country: str | None = None
    parent: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()


class ActorDictionaryError(ValueError):
    """The actor dictionary file is inconsistent (duplicate alias, unknown kind, ...)."""


@functools.lru_cache(maxsize=65536)
def normalize_alias(text: str) -> str:
    """Normalise a name for alias lookup.

    Case, diacritics, apostrophes, hyphens and runs of spaces are ignored, so
    "Tehreek-e-Taliban", "tehreek e taliban" and "Tehreek‑e‑Taliban" (non-breaking hyphens)
    compare equal. A leading "the " is dropped.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    out = []
    for ch in stripped.casefold():
        if ch.isalnum():
            out.append(ch)
        elif ch in "'’‘`ʼ":
            continue
        else:
            out.append(" ")
    normal = " ".join("".join(out).split())
    return normal[4:] if normal.startswith("the ") else normal


@functools.cache
def load_actor_dictionary() -> tuple[ActorEntry, ...]:
    """Read and validate ``actors.toml``; every problem is reported at once."""
    raw = tomllib.loads(resources.files(__package__).joinpath("actors.toml").read_text("utf-8"))
    entries: list[ActorEntry] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(raw.get("actor", []), start=1):
        name = item.get("name")
        kind = item.get("kind")
        if not name:
            problems.append(f"actor #{i}: missing name")
            continue
        if kind not in ACTOR_KINDS:
            problems.append(f"actor {name!r}: kind {kind!r} is not one of {ACTOR_KINDS}")
        entry = ActorEntry(
            name=name,
            kind=kind,
            country=item.get("country"),
            parent=item.get("parent"),
            description=item.get("description"),
            aliases=tuple(dict.fromkeys(item.get("aliases", []))),
            regions=tuple(item.get("regions", [])),
        )
        for spelling in (entry.name, *entry.aliases):
            key = normalize_alias(spelling)
            owner = seen.setdefault(key, entry.name)
            if owner != entry.name:
                problems.append(f"alias {spelling!r} of {entry.name!r} already belongs to {owner!r}")
        entries.append(entry)
    names = {e.name for e in entries}
    problems += [
        f"actor {e.name!r}: parent {e.parent!r} is not in the dictionary"
        for e in entries
        if e.parent and e.parent not in names
    ]
    if problems:
        raise ActorDictionaryError("actors.toml: " + "; ".join(problems))
    return tuple(entries)
