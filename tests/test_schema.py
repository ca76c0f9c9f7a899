"""CHECK constraints, foreign keys and the analyst views, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from incidentdb.db import session_scope
from models import (
    Actor,
    Attribution,
    CasualtyReport,
    Document,
    Incident,
    Location,
    Mention,
    Override,
    Source,
)

PUBLISHED = dt.datetime(2026, 2, 7, 9, 0, tzinfo=dt.UTC)


def _incident(**values) -> Incident:  # noqa: ANN003
    base = {"slug": "2026-02-06-islamabad-imambargah-bombing", "title": "Islamabad imambargah bombing"}
    return Incident(**{**base, **values})


@pytest.mark.parametrize(
    "values",
    [
        {"killed_best": -1},
        {"killed_low": 40, "killed_best": 31},
        {"killed_best": 40, "killed_high": 36},
        {"killed_low": 40, "killed_high": 36},
        {"wounded_low": -3},
        {"attack_type": "Suicide bombing"},
        {"target_type": "Mosque"},
        {"date_precision": "week"},
        {"date_start": dt.date(2026, 2, 6), "date_end": dt.date(2026, 2, 5)},
    ],
)
def test_incident_checks_reject_impossible_values(engine, values) -> None:  # noqa: ANN001
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(_incident(**values))


def test_incident_accepts_partial_figures(engine) -> None:  # noqa: ANN001
    with session_scope(engine) as session:
        session.add(_incident(killed_best=31, killed_low=31, killed_high=36, wounded_best=169, date_precision="day"))
        session.add(_incident(slug="x-2", killed_best=5))  # low/high unknown is fine


def _document(session, external_id: str = "doc-1", outlet: str = "Capital Courier") -> Document:  # noqa: ANN001
    source = session.query(Source).filter_by(name=outlet).one_or_none() or Source(name=outlet, kind="news")
    document = Document(
        source=source, external_id=external_id, content_sha256="0" * 64, text="...", published_at=PUBLISHED
    )
    session.add(document)
    session.flush()
    return document


def _mention(session, document: Document, incident: Incident | None = None) -> Mention:  # noqa: ANN001
    mention = Mention(document_id=document.id, position=0, is_primary=True, payload={}, incident=incident)
    session.add(mention)
    session.flush()
    return mention


@pytest.mark.parametrize(
    "values",
    [
        {"low": -1},
        {"low": 10, "high": 5, "qualifier": "range"},
        {"low": 10, "qualifier": "range"},
        {"low": 10, "qualifier": "roughly"},
        {"low": 10, "category": "missing"},
        {"low": 10, "population": "bystanders"},
    ],
)
def test_casualty_report_checks(engine, values) -> None:  # noqa: ANN001
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        document = _document(session)
        mention = _mention(session, document)
        base = {"category": "killed", "qualifier": "exact"}
        session.add(CasualtyReport(mention_id=mention.id, document_id=document.id, **{**base, **values}))


def test_attribution_role_is_checked_and_actor_cannot_vanish(engine) -> None:  # noqa: ANN001
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        document = _document(session)
        mention = _mention(session, document)
        actor = session.query(Actor).filter_by(name="Afghanistan").one()
        session.add(Attribution(mention_id=mention.id, document_id=document.id, actor_id=actor.id, role="hinted"))
    with session_scope(engine) as session:
        document = _document(session)
        mention = _mention(session, document)
        actor = Actor(name="Short-lived Front", kind="militant_group")
        session.add(actor)
        session.flush()
        session.add(Attribution(mention_id=mention.id, document_id=document.id, actor_id=actor.id, role="claimed"))
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.execute(text("DELETE FROM actors WHERE name = 'Short-lived Front'"))


def test_unique_document_per_source_and_external_id(engine) -> None:  # noqa: ANN001
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        _document(session, "same")
        _document(session, "same")
    with session_scope(engine) as session:  # the same id at another outlet is another document
        _document(session, "same")
        _document(session, "same", outlet="Frontier Post Online")


def test_deleting_a_document_removes_its_mentions_and_figures_but_not_the_incident(engine) -> None:  # noqa: ANN001
    with session_scope(engine) as session:
        incident = _incident()
        session.add(incident)
        document = _document(session)
        mention = _mention(session, document, incident)
        session.add(CasualtyReport(mention_id=mention.id, document_id=document.id, incident_id=incident.id,
                                   category="killed", low=31, qualifier="at_least"))
    with session_scope(engine) as session:
        session.execute(text("DELETE FROM documents"))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM mentions")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM casualty_reports")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM incidents")).scalar_one() == 1


def test_an_incident_with_an_override_cannot_be_deleted(engine) -> None:  # noqa: ANN001
    with session_scope(engine) as session:
        incident = _incident()
        session.add(incident)
        session.flush()
        session.add(Override(incident_id=incident.id, field="killed_best", value=36, author="ana", reason="PIMS"))
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.execute(text("DELETE FROM incidents"))


def _load_tarlai(session) -> None:  # noqa: ANN001
    """Two outlets, three reports, a claim and two accusations: the views' worked example."""
    location = Location(key="PK|islamabad capital territory||islamabad|tarlai kalan", country_code="PK",
                        admin1="Islamabad Capital Territory", city="Islamabad", locality="Tarlai Kalan",
                        latitude=33.64, longitude=73.15, precision="locality")
    incident = _incident(date_start=dt.date(2026, 2, 6), date_end=dt.date(2026, 2, 6), date_precision="day",
                         location=location, attack_type="Bombing/Explosion", suicide=True,
                         target_type="Religious Figures/Institutions",
                         killed_best=36, killed_low=31, killed_high=36, wounded_best=169)
    session.add(incident)
    naqvi_for = session.query(Actor).filter_by(name="Pakistan").one()
    actors = {a.name: a for a in session.query(Actor)}
    day = dt.timedelta(days=1)
    reports = [("courier-1", "Capital Courier", PUBLISHED - day, 24), ("courier-2", "Capital Courier", PUBLISHED, 31),
               ("asia-1", "Asia Wire", PUBLISHED + day, 36)]
    for external_id, outlet, published, killed in reports:
        document = _document(session, external_id, outlet)
        document.published_at = published
        mention = _mention(session, document, incident)
        session.add(CasualtyReport(mention_id=mention.id, document_id=document.id, incident_id=incident.id,
                                   category="killed", low=killed, qualifier="at_least", reported_at=published,
                                   evidence=f"at least {killed} people were killed"))
        if external_id == "asia-1":
            session.add_all([
                Attribution(mention_id=mention.id, document_id=document.id, incident_id=incident.id,
                            actor_id=actors["Islamic State Khorasan Province"].id, role="claimed"),
                Attribution(mention_id=mention.id, document_id=document.id, incident_id=incident.id,
                            actor_id=actors["Afghanistan"].id, role="blamed", asserted_by="Mohsin Naqvi",
                            asserted_by_actor_id=naqvi_for.id, evidence_given=False),
                Attribution(mention_id=mention.id, document_id=document.id, incident_id=incident.id,
                            actor_id=actors["India"].id, role="blamed", asserted_by="Mohsin Naqvi",
                            evidence_given=False),
                Attribution(mention_id=mention.id, document_id=document.id, incident_id=incident.id,
                            actor_id=actors["Israel"].id, role="blamed", asserted_by="Khawaja Asif"),
            ])


def test_incident_summary_view(engine) -> None:  # noqa: ANN001
    with session_scope(engine) as session:
        _load_tarlai(session)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM incident_summary")).mappings().one()
    assert row["slug"] == "2026-02-06-islamabad-imambargah-bombing"
    assert str(row["date_start"]) == "2026-02-06"
    assert (row["country_code"], row["country"], row["city"], row["locality"]) == (
        "PK", "Pakistan", "Islamabad", "Tarlai Kalan")
    assert (row["killed_best"], row["killed_low"], row["killed_high"]) == (36, 31, 36)
    assert row["claimed_by"] == "Islamic State Khorasan Province"
    assert row["blamed"] == (
        "Afghanistan (Mohsin Naqvi, no evidence given); India (Mohsin Naqvi, no evidence given); "
        "Israel (Khawaja Asif)"
    )
    assert row["denied_by"] is None
    assert (row["source_count"], row["document_count"]) == (2, 3)
    assert bool(row["suicide"]) is True


def test_casualty_timeline_and_attribution_log_views(engine) -> None:  # noqa: ANN001
    with session_scope(engine) as session:
        _load_tarlai(session)
    with engine.connect() as conn:
        timeline = conn.execute(text(
            "SELECT low, qualifier, report_number, source, document_external_id FROM casualty_timeline"
        )).all()
        log = conn.execute(text(
            "SELECT role, actor, asserted_by, asserted_for, source FROM attribution_log ORDER BY actor"
        )).all()
        documents = conn.execute(text(
            "SELECT document_external_id, source, is_primary FROM incident_documents ORDER BY document_external_id"
        )).all()
    assert [tuple(r) for r in timeline] == [
        (24, "at_least", 1, "Capital Courier", "courier-1"),
        (31, "at_least", 2, "Capital Courier", "courier-2"),
        (36, "at_least", 3, "Asia Wire", "asia-1"),
    ]
    assert [tuple(r) for r in log] == [
        ("blamed", "Afghanistan", "Mohsin Naqvi", "Pakistan", "Asia Wire"),
        ("blamed", "India", "Mohsin Naqvi", None, "Asia Wire"),
        ("claimed", "Islamic State Khorasan Province", None, None, "Asia Wire"),
        ("blamed", "Israel", "Khawaja Asif", None, "Asia Wire"),
    ]
    assert [tuple(r) for r in documents] == [
        ("asia-1", "Asia Wire", 1), ("courier-1", "Capital Courier", 1), ("courier-2", "Capital Courier", 1)
    ]
