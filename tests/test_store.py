"""Shared get-or-create helpers used by the ETL and the importers."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from etl.store import Store, location_key
from incidentdb.db import session_scope
from models import Actor, Location


def test_location_key_folds_case_accents_and_hyphens() -> None:
    assert location_key("pk", "Islamabad Capital Territory", None, "Islāmābād", "G-11") == location_key(
        "PK", "islamabad capital territory", "", "Islamabad", "g 11"
    )


def test_locations_are_shared_and_get_their_admin1_code(engine) -> None:  # noqa: ANN001
    with session_scope(engine) as session:
        store = Store(session)
        a = store.location("PK", "Islamabad Capital Territory", None, "Islamabad", "G-11", latitude=33.68, longitude=72.99)
        b = store.location("PK", "islamabad capital territory", None, "Islamabad", "G 11")
        assert a is b
        assert a.admin1_code == "PK-IS"
        assert a.precision == "locality"
        assert store.location(None) is None
        with pytest.raises(ValueError, match="unknown country code 'QQ'"):
            store.location("QQ", city="Nowhere")
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Location)) == 1


def test_actor_aliases_resolve_and_unknown_names_are_flagged(engine) -> None:  # noqa: ANN001
    with session_scope(engine) as session:
        store = Store(session)
        ttp, created = store.actor_id("Tehreek-e-Taliban Pakistan")
        assert not created
        assert session.get(Actor, ttp).name == "Tehrik-i-Taliban Pakistan"
        new_id, created = store.actor_id("Unheard-of Front", origin="gtd")
        assert created and session.get(Actor, new_id).needs_review
        assert store.actor_id("unheard of front") == (new_id, False)
        state_id, _ = store.actor_id("Iran")
        assert session.get(Actor, state_id).kind == "state"
        assert not session.get(Actor, state_id).needs_review
