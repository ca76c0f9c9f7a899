"""Reference data: shipped files, loaded idempotently by `incidentdb db upgrade`."""

from __future__ import annotations

from sqlalchemy import func, select

from etl.reference.actors import load_actor_dictionary, normalize_alias
from etl.reference.divisions import admin1_divisions, countries
from incidentdb.db import session_scope
from incidentdb.seed import seed_reference_data
from models import Actor, ActorAlias, Admin1Division, Country


def test_normalize_alias_ignores_case_diacritics_and_punctuation() -> None:
    assert normalize_alias("Tehreek-e-Taliban") == normalize_alias("tehreek e  taliban") == "tehreek e taliban"
    assert normalize_alias("Al-Qa'ida") == normalize_alias("al qaida")
    assert normalize_alias("The Resistance Front") == "resistance front"
    assert normalize_alias("Islāmābād") == "islamabad"


def test_actor_dictionary_is_consistent() -> None:
    entries = load_actor_dictionary()
    names = [e.name for e in entries]
    assert len(names) == len(set(names))
    by_name = {e.name: e for e in entries}
    assert "TTP" in by_name["Tehrik-i-Taliban Pakistan"].aliases
    assert by_name["Islamic State Khorasan Province"].parent == "Islamic State"


def test_divisions_use_common_english_names() -> None:
    names = {a.code: a.name for a in admin1_divisions()}
    assert names["PK-IS"] == "Islamabad Capital Territory"
    assert names["PK-KP"] == "Khyber Pakhtunkhwa"
    country = {c.code: c.name for c in countries()}
    assert (country["SY"], country["RU"], country["XK"]) == ("Syria", "Russia", "Kosovo")


def test_seed_loads_everything_once(engine) -> None:  # noqa: ANN001
    # the fixture database was seeded by `upgrade`; seeding again changes nothing
    with session_scope(engine) as session:
        counts = seed_reference_data(session)
        assert (counts.countries, counts.admin1_divisions, counts.actors, counts.aliases) == (0, 0, 0, 0)
        assert session.scalar(select(func.count()).select_from(Country)) == len(countries())
        assert session.scalar(select(func.count()).select_from(Admin1Division)) == len(admin1_divisions())
        assert session.scalar(select(func.count()).select_from(Actor)) == len(load_actor_dictionary())
        ttp = session.scalar(
            select(Actor.name).join(ActorAlias).where(ActorAlias.normalized_alias == normalize_alias("Pakistani Taliban"))
        )
        assert ttp == "Tehrik-i-Taliban Pakistan"
        iskp = session.scalar(select(Actor).where(Actor.name == "Islamic State Khorasan Province"))
        assert iskp.parent.name == "Islamic State"


def test_seed_repairs_changed_rows_and_keeps_imported_actors(engine) -> None:  # noqa: ANN001
    with session_scope(engine) as session:
        session.get(Country, "PK").name = "Pakistan (edited)"
        session.add(Actor(name="Imported Group", kind="militant_group", needs_review=True))
    with session_scope(engine) as session:
        counts = seed_reference_data(session)
        assert counts.countries == 1
        assert session.get(Country, "PK").name == "Pakistan"
        assert session.scalar(select(Actor).where(Actor.name == "Imported Group")) is not None
