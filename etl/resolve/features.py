"""What resolution knows about a mention: a small, immutable, order-free summary.

Resolution must not depend on the order documents arrived in, so nothing here uses a
database id for anything but writing back: mentions are identified by their *key*
(``source name|document external id|position``), which is the same whatever the load order.
Features are loaded in one query per block of countries, as plain tuples (no ORM objects), so
a call over 200,000 dataset mentions stays in memory comfortably.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from models import Document, Mention, Source

KEY_SEPARATOR = "|"


def fold(value: str | None) -> str:
    """Case-, accent-, punctuation-folded form of a place name ("Koocha-Risāldar" -> "koocha risaldar")."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = "".join(c if c.isalnum() else " " for c in text)
    return " ".join(text.split())


def mention_key(source_name: str, external_id: str, position: int) -> str:
    """The stable key of a mention: it names the same mention in every database and every run."""
    return f"{source_name}{KEY_SEPARATOR}{external_id}{KEY_SEPARATOR}{position}"


@dataclass(frozen=True, slots=True)
class MentionFeatures:
    """The values resolution compares, for one mention."""

    mention_id: int
    key: str
    document_key: str
    dataset: str | None  # source name when the mention is a dataset row (rows of one dataset never merge)
    incident_id: int | None
    is_primary: bool
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str | None
    published: dt.date | None
    country: str | None
    admin1: str
    city: str
    locality: str
    attack_type: str | None
    suicide: bool | None
    target_type: str | None
    killed: int | None
    wounded: int | None

    @property
    def is_strong(self) -> bool:
        """Day-precise, with a country and a city or site: it can anchor an incident."""
        return (
            self.date_precision == "day"
            and self.date_start is not None
            and bool(self.country)
            and bool(self.city or self.locality)
        )

    @property
    def is_identifiable(self) -> bool:
        """Enough to stand as an incident of its own when it matches nothing.

        A report's main attack always is. A passing reference needs a country, a place or a
        date, and something about the attack (a type or a figure); "the attack in Islamabad"
        alone is too vague and stays unresolved rather than creating an empty incident.
        """
        if self.is_primary:
            return True
        known_attack = (self.attack_type not in (None, "Unknown")) or self.killed is not None
        return bool(self.country) and bool(self.city or self.locality or self.date_start) and known_attack


def features_query() -> Select:
    return (
        select(
            Mention.id,
            Source.name,
            Document.external_id,
            Mention.position,
            Document.kind,
            Mention.incident_id,
            Mention.is_primary,
            Mention.date_start,
            Mention.date_end,
            Mention.date_precision,
            Document.published_at,
            Mention.country_code,
            Mention.admin1,
            Mention.city,
            Mention.locality,
            Mention.attack_type,
            Mention.suicide,
            Mention.target_type,
            Mention.killed_low,
            Mention.wounded_low,
        )
        .join(Document, Document.id == Mention.document_id)
        .join(Source, Source.id == Document.source_id)
    )


def to_features(row: Iterable) -> MentionFeatures:
    (mid, source, external_id, position, kind, incident_id, primary, start, end, precision, published,
     country, admin1, city, locality, attack, suicide, target, killed, wounded) = tuple(row)
    published_date = published.date() if isinstance(published, dt.datetime) else published
    return MentionFeatures(
        mention_id=mid,
        key=mention_key(source, external_id, position),
        document_key=f"{source}{KEY_SEPARATOR}{external_id}",
        dataset=source if kind == "dataset_record" else None,
        incident_id=incident_id,
        is_primary=bool(primary),
        date_start=start,
        date_end=end,
        date_precision=precision,
        published=published_date,
        country=(country or "").upper() or None,
        admin1=fold(admin1),
        city=fold(city),
        locality=fold(locality),
        attack_type=attack,
        suicide=suicide,
        target_type=target,
        killed=killed,
        wounded=wounded,
    )


def load_features(session: Session, countries: set[str | None]) -> list[MentionFeatures]:
    """All mentions of the given country blocks (``None`` = mentions without a country)."""
    out: list[MentionFeatures] = []
    named = sorted(c for c in countries if c)
    for start in range(0, len(named), 500):
        chunk = named[start : start + 500]
        out.extend(to_features(r) for r in session.execute(features_query().where(Mention.country_code.in_(chunk))))
    if None in countries:
        out.extend(to_features(r) for r in session.execute(features_query().where(Mention.country_code.is_(None))))
    return out
