"""Reference tables: countries, first-level divisions, actors and their aliases.

These are seeded from version-controlled data (pycountry, ``etl/reference/actors.toml``)
by ``incidentdb db upgrade``; imports may add actors they cannot match (``needs_review``).
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, CountryCode, CreatedAt, IntPK, Name
from models.vocab import ACTOR_KINDS, sql_in


class Country(Base):
    """ISO 3166-1 countries (from pycountry)."""

    __tablename__ = "countries"
    __table_args__ = {"comment": "ISO 3166-1 countries, seeded from pycountry"}

    code: Mapped[CountryCode] = mapped_column(primary_key=True, comment="ISO 3166-1 alpha-2, e.g. PK")
    alpha3: Mapped[str] = mapped_column(String(3), unique=True, comment="ISO 3166-1 alpha-3, e.g. PAK")
    name: Mapped[Name] = mapped_column(comment="common English short name, e.g. Pakistan")
    official_name: Mapped[Name | None]


class Admin1Division(Base):
    """ISO 3166-2 first-level divisions (provinces, states, governorates)."""

    __tablename__ = "admin1_divisions"
    __table_args__ = (
        Index(None, "country_code", "name"),
        {"comment": "ISO 3166-2 first-level divisions, seeded from pycountry"},
    )

    code: Mapped[str] = mapped_column(String(8), primary_key=True, comment="ISO 3166-2 code, e.g. PK-IS")
    country_code: Mapped[CountryCode] = mapped_column(
        ForeignKey("countries.code", ondelete="CASCADE")
    )
    name: Mapped[Name] = mapped_column(comment="English name, e.g. Islamabad Capital Territory")
    iso_name: Mapped[Name] = mapped_column(comment="name as ISO 3166-2 (pycountry) spells it")
    type: Mapped[str | None] = mapped_column(String(80), comment="e.g. Province, Federal capital territory")


class Actor(Base):
    """A party that can claim, deny, be blamed for, or blame others for an attack."""

    __tablename__ = "actors"
    __table_args__ = (
        CheckConstraint(sql_in("kind", ACTOR_KINDS), name="kind"),
        {"comment": "militant groups, states, government bodies and people named in attributions"},
    )

    id: Mapped[IntPK]
    name: Mapped[Name] = mapped_column(unique=True, comment="canonical name")
    kind: Mapped[str] = mapped_column(String(20), comment="militant_group, state, government_body, person, other")
    country_code: Mapped[CountryCode | None] = mapped_column(
        ForeignKey("countries.code", ondelete="SET NULL"), comment="country the actor is or is based in"
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL"), comment="parent organisation (IS-KP -> Islamic State)"
    )
    description: Mapped[str | None] = mapped_column(String(1000))
    needs_review: Mapped[bool] = mapped_column(
        default=False, comment="created from an unmatched dataset name; an analyst should check it"
    )
    created_at: Mapped[CreatedAt]

    aliases: Mapped[list[ActorAlias]] = relationship(back_populates="actor", cascade="all, delete-orphan")
    parent: Mapped[Actor | None] = relationship(remote_side="Actor.id")


class ActorAlias(Base):
    """Every spelling that maps to an actor (abbreviations, transliterations, datasets' names)."""

    __tablename__ = "actor_aliases"
    __table_args__ = {"comment": "alias -> actor; normalized_alias is unique so an alias has one meaning"}

    id: Mapped[IntPK]
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    alias: Mapped[Name] = mapped_column(comment="the spelling as written")
    normalized_alias: Mapped[Name] = mapped_column(
        unique=True, comment="case-, diacritic- and punctuation-folded form used for lookup"
    )
    origin: Mapped[str] = mapped_column(
        String(40), default="dictionary", comment="dictionary, gtd, ucdp, acled or analyst"
    )

    actor: Mapped[Actor] = relationship(back_populates="aliases")
