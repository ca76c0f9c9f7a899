"""Controlled vocabularies shared by the schema, extraction, imports and reports.

Each vocabulary is defined once here. The schema turns them into CHECK constraints, the
extractor and the dataset importers map their variants onto them, and the reports use them
for ordering and labels. Attack and target types are the Global Terrorism Database (GTD)
codebook's ``attacktype1_txt`` and ``targtype1_txt`` categories, spelled exactly as START
spells them, so that imported GTD rows and news-derived incidents share one vocabulary.

This module is pure Python (no SQLAlchemy), so extraction can import it cheaply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: GTD attack types (``attacktype1_txt``), in codebook order (code 1..9).
ATTACK_TYPES: tuple[str, ...] = (
    "Assassination",
    "Armed Assault",
    "Bombing/Explosion",
    "Hijacking",
    "Hostage Taking (Barricade Incident)",
    "Hostage Taking (Kidnapping)",
    "Facility/Infrastructure Attack",
    "Unarmed Assault",
    "Unknown",
)

#: GTD target/victim types (``targtype1_txt``), in codebook order (code 1..22).
TARGET_TYPES: tuple[str, ...] = (
    "Business",
    "Government (General)",
    "Police",
    "Military",
    "Abortion Related",
    "Airports & Aircraft",
    "Government (Diplomatic)",
    "Educational Institution",
    "Food or Water Supply",
    "Journalists & Media",
    "Maritime",
    "NGO",
    "Other",
    "Private Citizens & Property",
    "Religious Figures/Institutions",
    "Telecommunication",
    "Terrorists/Non-State Militia",
    "Tourists",
    "Transportation",
    "Unknown",
    "Utilities",
    "Violent Political Party",
)

#: How a reported figure is qualified ("at least 31" -> at_least; "between 10 and 12" -> range).
QUALIFIERS: tuple[str, ...] = ("exact", "at_least", "more_than", "about", "up_to", "range")

#: Casualty categories of a reported figure.
CASUALTY_CATEGORIES: tuple[str, ...] = ("killed", "wounded")

#: Whose casualties a figure counts. ``total`` is what news reports give; datasets split it
#: (GTD ``nkillter`` = perpetrators, UCDP ``deaths_civilians`` = civilians).
CASUALTY_POPULATIONS: tuple[str, ...] = ("total", "victims", "perpetrators", "civilians")

#: Precision of a date: a report may only say "last November" (month) or "in 2008" (year).
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year")

#: Role of an actor in an attribution. A claim and an accusation are never the same thing.
ATTRIBUTION_ROLES: tuple[str, ...] = ("claimed", "denied", "blamed", "suspected")

#: Kinds of actor in the actor dictionary.
ACTOR_KINDS: tuple[str, ...] = ("militant_group", "state", "government_body", "person", "other")

#: Precision of a location, from the most to the least specific.
LOCATION_PRECISIONS: tuple[str, ...] = ("exact", "locality", "city", "admin2", "admin1", "country")

#: Kinds of source a document can come from.
SOURCE_KINDS: tuple[str, ...] = ("news", "feed", "dataset", "analyst")

#: Kinds of document: a report (article, wire item, page) or one row of a structured dataset.
DOCUMENT_KINDS: tuple[str, ...] = ("report", "dataset_record")

#: Processing status of a document.
DOCUMENT_STATUSES: tuple[str, ...] = ("pending", "extracted", "failed")

#: Status of an ETL or import run.
RUN_STATUSES: tuple[str, ...] = ("running", "succeeded", "partial", "failed")


def _key(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", value.lower())


def _index(vocabulary: Iterable[str]) -> dict[str, str]:
    return {_key(v): v for v in vocabulary}


_INDEXES = {v: _index(v) for v in (ATTACK_TYPES, TARGET_TYPES, QUALIFIERS, ATTRIBUTION_ROLES)}
_JUNK = {"", "unknown", "na", "n/a", "none", "null", "-9", "-99", "."}


class VocabularyError(ValueError):
    """A value that is not junk but is not in the vocabulary either."""


def encode(value: str | None, vocabulary: tuple[str, ...], *, name: str) -> str | None:
    """Return the canonical spelling of ``value`` in ``vocabulary``.

    Case, spacing and punctuation are ignored ("bombing / explosion" -> "Bombing/Explosion").
    Known junk (empty, "-9", "n/a") becomes ``None``. Anything else that is not in the
    vocabulary raises :class:`VocabularyError` naming the vocabulary, so an unknown code
    fails loudly instead of silently becoming NULL.
    """
    if value is None:
        return None
    text = str(value).strip()
    index = _INDEXES.get(vocabulary) or _index(vocabulary)
    found = index.get(_key(text)) if text else None
    if found is not None:
        return found
    if text.lower() in _JUNK:
        return None
    raise VocabularyError(f"{text!r} is not a valid {name}; expected one of: {', '.join(vocabulary)}")


def sql_in(column: str, vocabulary: Iterable[str]) -> str:
    """SQL text of a CHECK constraint restricting ``column`` to ``vocabulary``."""
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in vocabulary)
    return f"{column} IN ({quoted})"
