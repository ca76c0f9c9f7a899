"""Realistic test databases, built directly with the ORM (no extraction, no resolution).

Report, export and query tests need incidents that look like what ``incidentdb etl run``
produces: several reports per attack from different outlets, tolls that move between
reports, claims, denials and accusations with who made them. This module writes such rows
straight into ``sources``, ``documents``, ``mentions``, ``incidents``, ``casualty_reports``
and ``attributions`` from small declarative specs, so tests do not depend on the extractor
or the resolver (and keep working while those change).

Usage::

    from tests.factories import load_sample_incidents
    with session_scope(engine) as session:
        incidents = load_sample_incidents(session)      # slug -> Incident
    # or build your own:
    spec = IncidentSpec(slug=..., title=..., date="2024-03-01", country="PK", city="Quetta",
                        reports=[ReportSpec("Dawn", "2024-03-01T14:00", "Blast in Quetta", killed=7)])
    insert_incident(session, spec)

The facts (dates, places, tolls, names) of the sample incidents follow public reporting;
the document texts are short sentences written for these tests.

Incident ``*_best/low/high`` values are derived like a simple reconciliation would
(best = the latest current figure, low/high = the extremes of all figures) unless the spec
gives them: the reconciliation rule itself is the ETL's business, not the reports'.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from etl.store import Store
from models import Attribution, CasualtyReport, Document, Incident, Location, Mention

# -- specs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A reported figure: ``Figure(31, "at_least")``, ``Figure(10, "range", 12)``."""

    low: int
    qualifier: str = "exact"
    high: int | None = None
    is_current: bool = True

    @property
    def top(self) -> int:
        return self.high if self.high is not None else self.low


def _figure(value: int | Figure | None) -> Figure | None:
    return Figure(value) if isinstance(value, int) else value


@dataclass(frozen=True)
class Blame:
    """An accusation: ``party`` was blamed by ``by`` (``evidence_given`` None = not said)."""

    party: str
    by: str | None = None
    evidence_given: bool | None = None
    role: str = "blamed"


@dataclass
class ReportSpec:
    """One document reporting on the incident (a news article or a dataset row)."""

    source: str
    published: str | None
    title: str | None
    killed: int | Figure | None = None
    wounded: int | Figure | None = None
    claimed_by: Sequence[str] = ()
    denied_by: Sequence[str] = ()
    blamed: Sequence[Blame] = ()
    earlier_killed: Sequence[int] = ()
    url: str | None = None
    external_id: str | None = None
    text: str | None = None
    source_kind: str = "news"
    is_primary: bool = True


@dataclass
class IncidentSpec:
    slug: str
    title: str
    date: str | None
    country: str | None
    admin1: str | None = None
    admin2: str | None = None
    city: str | None = None
    locality: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    date_precision: str | None = "day"
    attack_type: str | None = "Bombing/Explosion"
    target_type: str | None = None
    suicide: bool | None = None
    summary: str | None = None
    reports: list[ReportSpec] = field(default_factory=list)
    killed: tuple[int | None, int | None, int | None] | None = None  # best, low, high
    wounded: tuple[int | None, int | None, int | None] | None = None


# -- insertion ----------------------------------------------------------------------------


def _timestamp(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    parsed = dt.datetime.fromisoformat(value)
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)


def _date_range(value: str | None, precision: str | None) -> tuple[dt.date | None, dt.date | None]:
    if value is None:
        return None, None
    if precision == "year":
        year = int(value[:4])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if precision == "month":
        year, month = int(value[:4]), int(value[5:7])
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return dt.date(year, month, 1), nxt - dt.timedelta(days=1)
    day = dt.date.fromisoformat(value)
    return day, day


def _reconciled(figures: list[tuple[dt.datetime | None, Figure]]) -> tuple[int | None, int | None, int | None]:
    if not figures:
        return None, None, None
    current = [f for _, f in figures if f.is_current] or [f for _, f in figures]
    ordered = sorted(figures, key=lambda p: (p[0] is None, p[0] or dt.datetime.min.replace(tzinfo=dt.UTC)))
    latest = [f for _, f in ordered if f.is_current][-1] if current else ordered[-1][1]
    low = min(f.low for _, f in figures)
    high = max(f.top for _, f in figures)
    return latest.low, low, max(high, latest.low)


def _document(session: Session, store: Store, report: ReportSpec, slug: str, n: int) -> Document:
    """The document of ``report``; an existing (source, external id) is reused (one article, two attacks)."""
    source = store.source(report.source, kind=report.source_kind)
    external_id = report.external_id or report.url or f"{slug}#{n}"
    found = session.scalar(
        select(Document).where(Document.source_id == source.id, Document.external_id == external_id)
    )
    if found is not None:
        return found
    text = report.text or f"{report.title or slug}. Report {n} on {slug} by {report.source}."
    document = Document(
        source_id=source.id,
        external_id=external_id,
        kind="dataset_record" if report.source_kind == "dataset" else "report",
        url=report.url,
        title=report.title,
        published_at=_timestamp(report.published),
        retrieved_at=_timestamp(report.published),
        content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
        status="extracted",
        extracted_at=_timestamp(report.published),
        extractor_version="test-factory",
    )
    session.add(document)
    session.flush()
    return document


def insert_incident(session: Session, spec: IncidentSpec, store: Store | None = None) -> Incident:
    """Insert one incident with its documents, mentions, figures and attributions."""
    store = store or Store(session)
    location = store.location(
        spec.country, spec.admin1, spec.admin2, spec.city, spec.locality,
        latitude=spec.latitude, longitude=spec.longitude,
    )
    start, end = _date_range(spec.date, spec.date_precision)
    figures: dict[str, list[tuple[dt.datetime | None, Figure]]] = {"killed": [], "wounded": []}
    for report in spec.reports:
        when = _timestamp(report.published)
        for category in ("killed", "wounded"):
            figure = _figure(getattr(report, category))
            if figure is not None:
                figures[category].append((when, figure))
        figures["killed"].extend((when, Figure(v, is_current=False)) for v in report.earlier_killed)
    killed = spec.killed or _reconciled(figures["killed"])
    wounded = spec.wounded or _reconciled(figures["wounded"])
    incident = Incident(
        slug=spec.slug, title=spec.title, summary=spec.summary,
        date_start=start, date_end=end, date_precision=spec.date_precision if spec.date else None,
        location=location, attack_type=spec.attack_type, suicide=spec.suicide, target_type=spec.target_type,
        killed_best=killed[0], killed_low=killed[1], killed_high=killed[2],
        wounded_best=wounded[0], wounded_low=wounded[1], wounded_high=wounded[2],
    )
    session.add(incident)
    session.flush()
    for n, report in enumerate(spec.reports, start=1):
        document = _document(session, store, report, spec.slug, n)
        position = len(session.scalars(select(Mention.id).where(Mention.document_id == document.id)).all())
        killed_fig, wounded_fig = _figure(report.killed), _figure(report.wounded)
        payload = {
            "primary": report.is_primary, "date": spec.date, "date_precision": spec.date_precision,
            "country": spec.country, "admin1": spec.admin1, "city": spec.city, "locality": spec.locality,
            "killed": killed_fig and {"low": killed_fig.low, "high": killed_fig.high, "qualifier": killed_fig.qualifier},
            "wounded": wounded_fig
            and {"low": wounded_fig.low, "high": wounded_fig.high, "qualifier": wounded_fig.qualifier},
            "attack_type": spec.attack_type, "suicide": spec.suicide, "target_type": spec.target_type,
            "claimed_by": list(report.claimed_by), "denied_by": list(report.denied_by),
            "blamed": [{"party": b.party, "by": b.by, "evidence_given": b.evidence_given} for b in report.blamed],
        }
        mention = Mention(
            document_id=document.id, position=position, incident_id=incident.id, is_primary=report.is_primary,
            date_start=start, date_end=end, date_precision=spec.date_precision if spec.date else None,
            country_code=spec.country, admin1=spec.admin1, city=spec.city, locality=spec.locality,
            killed_low=killed_fig and killed_fig.low, killed_high=killed_fig and killed_fig.high,
            killed_qualifier=killed_fig and killed_fig.qualifier,
            wounded_low=wounded_fig and wounded_fig.low, wounded_high=wounded_fig and wounded_fig.high,
            wounded_qualifier=wounded_fig and wounded_fig.qualifier,
            attack_type=spec.attack_type, suicide=spec.suicide, target_type=spec.target_type,
            payload=payload, evidence={},
        )
        session.add(mention)
        session.flush()
        when = _timestamp(report.published)
        rows: list[tuple[str, Figure]] = []
        if killed_fig:
            rows.append(("killed", killed_fig))
        if wounded_fig:
            rows.append(("wounded", wounded_fig))
        rows.extend(("killed", Figure(v, is_current=False)) for v in report.earlier_killed)
        for category, figure in rows:
            session.add(CasualtyReport(
                incident_id=incident.id, mention_id=mention.id, document_id=document.id, category=category,
                population="total", low=figure.low, high=figure.high, qualifier=figure.qualifier,
                is_current=figure.is_current, reported_at=when,
                evidence=f"{figure.low} {category}" if figure.is_current else f"earlier {figure.low} {category}",
            ))
        statements = [(name, "claimed", None, None) for name in report.claimed_by]
        statements += [(name, "denied", None, None) for name in report.denied_by]
        statements += [(b.party, b.role, b.by, b.evidence_given) for b in report.blamed]
        for name, role, by, evidence_given in statements:
            actor_id, _ = store.actor_id(name, origin="analyst")
            speaker_id = store.find_actor_id(by) if by else None
            session.add(Attribution(
                incident_id=incident.id, mention_id=mention.id, document_id=document.id, actor_id=actor_id,
                role=role, asserted_by=by, asserted_by_actor_id=speaker_id, evidence_given=evidence_given,
                reported_at=when, evidence=f"{role}: {name}" + (f" (said {by})" if by else ""),
            ))
    session.flush()
    return incident


def insert_incidents(session: Session, specs: Iterable[IncidentSpec]) -> dict[str, Incident]:
    store = Store(session)
    return {spec.slug: insert_incident(session, spec, store) for spec in specs}


# -- the sample incidents -----------------------------------------------------------------

ICT = "Islamabad Capital Territory"

MARRIOTT = IncidentSpec(
    # The title deliberately lacks "Marriott": search must find it through its documents' titles.
    slug="2008-09-20-islamabad-hotel-truck-bombing",
    title="Islamabad hotel truck bombing",
    date="2008-09-20", country="PK", admin1=ICT, city="Islamabad", locality="Marriott Hotel",
    latitude=33.7181, longitude=73.1004,
    attack_type="Bombing/Explosion", target_type="Business", suicide=True,
    summary="A suicide bomber drove a truck loaded with explosives into the gate of the hotel.",
    reports=[
        ReportSpec("Dawn", "2008-09-20T18:30:00", "Huge blast rips through Marriott hotel in Islamabad",
                   killed=Figure(40, "at_least"), wounded=Figure(200, "more_than"),
                   url="https://www.dawn.com/news/2008/09/20/marriott-blast"),
        ReportSpec("BBC News", "2008-09-21T09:00:00", "Pakistan hotel bomb kills 53",
                   killed=53, wounded=266, url="https://news.bbc.co.uk/2/hi/south_asia/7627612.stm",
                   blamed=[Blame("Tehrik-i-Taliban Pakistan", "Rehman Malik", None, role="suspected")]),
        ReportSpec("Reuters", "2008-09-22T11:15:00", "Death toll in Islamabad Marriott bombing rises to 60",
                   killed=60, wounded=266, claimed_by=["Fedayeen-e-Islam"],
                   url="https://www.reuters.com/article/pakistan-marriott-toll"),
    ],
)

G11_COURT = IncidentSpec(
    slug="2025-11-11-islamabad-district-court-bombing",
    title="Islamabad district court suicide bombing",
    date="2025-11-11", country="PK", admin1=ICT, city="Islamabad", locality="G-11",
    latitude=33.6846, longitude=72.9864,
    attack_type="Bombing/Explosion", target_type="Government (General)", suicide=True,
    summary="A suicide bomber blew himself up outside the district judicial complex in sector G-11.",
    reports=[
        ReportSpec("Dawn", "2025-11-11T10:40:00", "Suicide blast outside Islamabad district courts kills 12",
                   killed=12, wounded=27, claimed_by=["Jamaat-ul-Ahrar"],
                   url="https://www.dawn.com/news/2025/11/11/g11-courts-blast"),
        ReportSpec("The Express Tribune", "2025-11-11T16:05:00", "PM blames India for G-11 court attack",
                   killed=12, wounded=36, blamed=[Blame("India", "Shehbaz Sharif", None)],
                   url="https://tribune.com.pk/story/g11-pm-india"),
        ReportSpec("Geo News", "2025-11-12T08:20:00", "Khawaja Asif points at Afghanistan after court bombing",
                   killed=12, wounded=36, denied_by=["Jamaat-ul-Ahrar"],
                   blamed=[Blame("Afghanistan", "Khawaja Asif", None)],
                   url="https://www.geo.tv/latest/g11-asif-afghanistan"),
    ],
)

TARLAI_IMAMBARGAH = IncidentSpec(
    slug="2026-02-06-islamabad-imambargah-bombing",
    title="Islamabad imambargah suicide bombing",
    date="2026-02-06", country="PK", admin1=ICT, city="Islamabad", locality="Tarlai Kalan",
    latitude=33.6519, longitude=73.1517,
    attack_type="Bombing/Explosion", target_type="Religious Figures/Institutions", suicide=True,
    summary="A suicide bomber attacked Friday worshippers at a Shia imambargah in Tarlai Kalan.",
    reports=[
        ReportSpec("Dawn", "2026-02-06T14:10:00", "Blast at Tarlai Kalan imambargah during Friday prayers",
                   killed=Figure(24, "at_least"), wounded=169,
                   url="https://www.dawn.com/news/2026/02/06/tarlai-imambargah-blast"),
        ReportSpec("Reuters", "2026-02-06T21:30:00", "Islamic State claims Islamabad mosque bombing",
                   killed=Figure(31, "at_least"), wounded=169, claimed_by=["Islamic State Khorasan Province"],
                   earlier_killed=[24], url="https://www.reuters.com/world/asia-pacific/islamabad-mosque-bombing"),
        ReportSpec("Al Jazeera", "2026-02-07T09:45:00", "Toll in Islamabad Shia mosque attack rises to 36",
                   killed=36, wounded=169,
                   blamed=[Blame("Afghanistan", "Mohsin Naqvi", False), Blame("India", "Mohsin Naqvi", False)],
                   url="https://www.aljazeera.com/news/2026/2/7/islamabad-mosque-toll"),
        # A later article about the imambargah attack that recalls the court bombing: a
        # non-primary mention of the G-11 incident in the same document.
    ],
)

PESHAWAR_POLICE_LINES = IncidentSpec(
    slug="2023-01-30-peshawar-police-lines-mosque-bombing",
    title="Peshāwar Police Lines mosque bombing",
    date="2023-01-30", country="PK", admin1="Khyber Pakhtunkhwa", city="Peshāwar", locality="پولیس لائنز",
    attack_type="Bombing/Explosion", target_type="Police", suicide=True,
    reports=[
        ReportSpec("Dawn", "2023-01-30T15:00:00", "Suicide blast in Peshawar Police Lines mosque",
                   killed=Figure(59, "at_least"), wounded=157, claimed_by=["Jamaat-ul-Ahrar"]),
        ReportSpec("Geo News", "2023-01-31T10:00:00", "Peshawar mosque toll rises to 100",
                   killed=100, wounded=221, denied_by=["Tehrik-i-Taliban Pakistan"]),
        ReportSpec("The Express Tribune", "2023-02-02T12:00:00", "Police revise Peshawar toll to 84",
                   killed=84, wounded=221),
    ],
)

KABUL_AIRPORT = IncidentSpec(
    slug="2021-08-26-kabul-airport-bombing",
    title="Kabul airport Abbey Gate bombing",
    date="2021-08-26", country="AF", admin1="Kabul", city="Kabul", locality="Abbey Gate",
    attack_type="Bombing/Explosion", target_type="Private Citizens & Property", suicide=True,
    reports=[
        ReportSpec("Reuters", "2021-08-26T18:00:00", "Blasts outside Kabul airport kill dozens",
                   killed=Figure(60, "at_least"), wounded=143, claimed_by=["Islamic State Khorasan Province"]),
        ReportSpec("Associated Press", "2021-08-28T08:00:00", "Kabul airport attack toll passes 170",
                   killed=Figure(170, "more_than"), wounded=200),
    ],
)

MUMBAI = IncidentSpec(
    slug="2008-11-26-mumbai-attacks",
    title="Mumbai attacks",
    date="2008-11-26", country="IN", admin1="Maharashtra", city="Mumbai",
    attack_type="Armed Assault", target_type="Business", suicide=False,
    reports=[
        ReportSpec("BBC News", "2008-11-27T06:00:00", "Gunmen attack hotels and station in Mumbai",
                   killed=Figure(80, "at_least"), wounded=250),
        ReportSpec("Reuters", "2008-11-29T12:00:00", "Mumbai siege ends; 166 dead",
                   killed=166, wounded=300, blamed=[Blame("Lashkar-e-Taiba", "Indian government", True)]),
    ],
)

QUETTA_MONTH = IncidentSpec(
    # Only the month is known: exercises month-precision dates in reports and search.
    slug="2025-11-quetta-market-grenade-attack",
    title="Quetta market grenade attack",
    date="2025-11", date_precision="month", country="PK", admin1="Balochistan", city="Quetta",
    attack_type="Bombing/Explosion", target_type="Business", suicide=False,
    reports=[ReportSpec("Dawn", "2025-11-28T12:00:00", "Grenade hurled at Quetta market", killed=2, wounded=9,
                        blamed=[Blame("Balochistan Liberation Army", "Balochistan government", None, role="suspected")])],
)

ISLAMABAD_SPECS: tuple[IncidentSpec, ...] = (MARRIOTT, G11_COURT, TARLAI_IMAMBARGAH)
OTHER_SPECS: tuple[IncidentSpec, ...] = (PESHAWAR_POLICE_LINES, KABUL_AIRPORT, MUMBAI, QUETTA_MONTH)
SAMPLE_SPECS: tuple[IncidentSpec, ...] = ISLAMABAD_SPECS + OTHER_SPECS

#: A report on the imambargah attack that recalls the court bombing (a non-primary mention).
RECALL_REPORT = ReportSpec(
    "The News", "2026-02-08T07:00:00", "Second major attack on the capital in three months",
    external_id="thenews-2026-02-08-capital-attacks", is_primary=False,
)


def load_sample_incidents(session: Session) -> dict[str, Incident]:
    """The three Islamabad incidents and four others; returns slug -> Incident."""
    incidents = insert_incidents(session, SAMPLE_SPECS)
    recall_primary = ReportSpec(**{**RECALL_REPORT.__dict__, "is_primary": True})
    store = Store(session)
    _add_report(session, store, incidents[TARLAI_IMAMBARGAH.slug], TARLAI_IMAMBARGAH, recall_primary)
    _add_report(session, store, incidents[G11_COURT.slug], G11_COURT, RECALL_REPORT)
    return incidents


def _add_report(session: Session, store: Store, incident: Incident, spec: IncidentSpec, report: ReportSpec) -> None:
    """Attach one more (figure-less) report to an existing incident."""
    document = _document(session, store, report, spec.slug, 99)
    position = len(session.scalars(select(Mention.id).where(Mention.document_id == document.id)).all())
    session.add(Mention(
        document_id=document.id, position=position, incident_id=incident.id, is_primary=report.is_primary,
        country_code=spec.country, city=spec.city, payload={"primary": report.is_primary}, evidence={},
    ))
    session.flush()


# -- many incidents, fast ----------------------------------------------------------------

_PLACES = (
    ("PK", "Khyber Pakhtunkhwa", "Peshawar"), ("PK", "Balochistan", "Quetta"), ("PK", "Punjab", "Lahore"),
    ("PK", "Sindh", "Karachi"), ("AF", "Kabul", "Kabul"), ("AF", "Nangarhar", "Jalalabad"),
    ("IQ", "Baghdad", "Baghdad"), ("NG", "Borno", "Maiduguri"), ("SO", "Banaadir", "Mogadishu"),
)
_GROUPS = ("Tehrik-i-Taliban Pakistan", "Islamic State Khorasan Province", "Balochistan Liberation Army",
           "Lashkar-e-Jhangvi", "Al-Qaeda")
_ATTACKS = (("Bombing/Explosion", "Police"), ("Armed Assault", "Military"),
            ("Bombing/Explosion", "Private Citizens & Property"), ("Assassination", "Government (General)"))


def insert_many_incidents(
    session: Session, count: int, *, seed: int = 7, start: dt.date = dt.date(2019, 1, 1), days: int = 1500,
    source_name: str = "Synthetic Wire",
) -> list[int]:
    """Insert ``count`` synthetic incidents with one report each (bulk inserts, deterministic).

    For multi-page report tests: each incident has a location, a killed and wounded figure,
    and about one in three a claim. Returns the new incident ids.
    """
    rng = random.Random(seed)
    store = Store(session)
    source = store.source(source_name)
    locations = [store.location(c, a, None, city) for c, a, city in _PLACES]
    groups = [store.actor_id(g)[0] for g in _GROUPS]
    incidents, documents, extras = [], [], []
    for n in range(count):
        day = start + dt.timedelta(days=rng.randrange(days))
        location: Location = rng.choice(locations)
        attack, target = rng.choice(_ATTACKS)
        killed, wounded = rng.randrange(0, 60), rng.randrange(0, 150)
        published = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        key = f"{seed}-{n}-{rng.random():.12f}"
        incidents.append(dict(
            slug=f"{day.isoformat()}-{(location.city or 'x').lower()}-synthetic-{key}",
            title=f"{attack} in {location.city} ({n + 1})", date_start=day, date_end=day,
            date_precision="day", location_id=location.id, attack_type=attack, target_type=target, suicide=False,
            killed_best=killed, killed_low=killed, killed_high=killed,
            wounded_best=wounded, wounded_low=wounded, wounded_high=wounded,
        ))
        documents.append(dict(
            source_id=source.id, external_id=f"synthetic-{key}", kind="report",
            title=f"{attack} reported in {location.city}", published_at=published,
            content_sha256=hashlib.sha256(key.encode()).hexdigest(), status="extracted",
        ))
        extras.append((published, killed, wounded, rng.choice(groups) if rng.random() < 0.35 else None))
    if not incidents:
        return []
    incident_ids = list(session.scalars(insert(Incident).returning(Incident.id, sort_by_parameter_order=True), incidents))
    document_ids = list(session.scalars(insert(Document).returning(Document.id, sort_by_parameter_order=True), documents))
    mention_ids = list(session.scalars(
        insert(Mention).returning(Mention.id, sort_by_parameter_order=True),
        [dict(document_id=d, position=0, incident_id=i, is_primary=True, payload={"primary": True})
         for i, d in zip(incident_ids, document_ids, strict=True)],
    ))
    figures, claims = [], []
    for iid, did, mid, (published, killed, wounded, group) in zip(incident_ids, document_ids, mention_ids, extras, strict=True):
        for category, value in (("killed", killed), ("wounded", wounded)):
            figures.append(dict(incident_id=iid, mention_id=mid, document_id=did, category=category,
                                population="total", low=value, qualifier="exact", is_current=True,
                                reported_at=published))
        if group is not None:
            claims.append(dict(incident_id=iid, mention_id=mid, document_id=did, actor_id=group,
                               role="claimed", reported_at=published))
    session.execute(insert(CasualtyReport), figures)
    if claims:
        session.execute(insert(Attribution), claims)
    session.flush()
    return incident_ids


__all__ = [
    "Blame", "Figure", "IncidentSpec", "ReportSpec",
    "ISLAMABAD_SPECS", "OTHER_SPECS", "SAMPLE_SPECS", "MARRIOTT", "G11_COURT", "TARLAI_IMAMBARGAH",
    "PESHAWAR_POLICE_LINES", "KABUL_AIRPORT", "MUMBAI", "QUETTA_MONTH",
    "insert_incident", "insert_incidents", "insert_many_incidents", "load_sample_incidents", "populate_sample",
]


def populate_sample(engine) -> dict[str, int]:  # noqa: ANN001 - an Engine
    """Load the sample incidents into ``engine``'s database; returns slug -> incident id."""
    from incidentdb.db import session_scope

    with session_scope(engine) as session:
        return {slug: incident.id for slug, incident in load_sample_incidents(session).items()}


# -- a shared, read-only sample database per test module ----------------------------------


@dataclass
class SampleDatabase:
    """The sample incidents in a database shared by the tests of one module (do not modify it)."""

    url: str
    engine: object
    ids: dict[str, int]

    def cli(self):  # noqa: ANN201 - tests.conftest.Cli
        from tests.conftest import Cli

        return Cli(self.url)


def _sample_database(request, templates: dict[str, str], tmp_path_factory):  # noqa: ANN001, ANN202
    import shutil

    from sqlalchemy.engine import make_url

    from incidentdb.db import make_engine
    from tests.conftest import (
        PG_ENV,
        _pg_admin_url,
        _template,
        create_pg_database,
        drop_pg_database,
    )

    backend = request.param
    if backend == "postgresql" and not _pg_admin_url():
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql://postgres@127.0.0.1:5432/postgres)")
    template = _template(backend, templates, tmp_path_factory)
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("sample") / "sample.db"
        shutil.copyfile(make_url(template).database, path)
        url = f"sqlite:///{path}"
    else:
        url = create_pg_database(template=make_url(template).database)
    engine = make_engine(url)
    try:
        yield SampleDatabase(url, engine, populate_sample(engine))
    finally:
        engine.dispose()
        if backend == "postgresql":
            drop_pg_database(url)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def sample_database(request, _templates, tmp_path_factory):  # noqa: ANN001, ANN201
    """The sample incidents, loaded once per test module and backend (read-only tests only).

    Import it into a test module (``from tests.factories import sample_database``) and take
    ``sample_database.engine``, ``.ids`` (slug -> id) or ``.cli()``.
    """
    yield from _sample_database(request, _templates, tmp_path_factory)
