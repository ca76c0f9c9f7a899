"""Analyst views: incident_summary, casualty_timeline, attribution_log, incident_documents

The views are the documented surface for ad-hoc SQL (``incidentdb sql``) and for the
report builders. They mean the same on SQLite and PostgreSQL: the only dialect difference
is the string aggregate (``group_concat`` vs ``string_agg``); list columns are ``; ``-joined
and sorted, NULL timestamps sort last on both backends, booleans are true/false (PostgreSQL)
or 1/0 (SQLite).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 19:10:00
"""

from collections.abc import Sequence

from alembic import context, op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS = ("incident_summary", "casualty_timeline", "attribution_log", "incident_documents")


def _joined(values_sql: str, column: str) -> str:
    """Aggregate ``column`` of the subquery ``values_sql`` into one sorted '; '-joined string."""
    if context.get_context().dialect.name == "postgresql":
        return f"(SELECT string_agg(v.{column}, '; ' ORDER BY v.{column}) FROM ({values_sql}) AS v)"
    return f"(SELECT group_concat(v.{column}, '; ') FROM ({values_sql} ORDER BY 1) AS v)"


def _actors_with_role(role: str) -> str:
    return _joined(
        "SELECT DISTINCT a.name AS label FROM attributions AS t JOIN actors AS a ON a.id = t.actor_id "
        f"WHERE t.incident_id = i.id AND t.role = '{role}'",
        "label",
    )


# One entry per (blamed party, accuser): "Afghanistan (Mohsin Naqvi, no evidence given)".
# evidence_flag: 0 if any report says the accusation came without evidence, else 1 if any
# reports evidence, else NULL.
_BLAMED = """
SELECT b.party || ' (' || COALESCE(b.asserted_by, 'unattributed')
       || CASE b.evidence_flag WHEN 0 THEN ', no evidence given'
                               WHEN 1 THEN ', evidence cited' ELSE '' END
       || ')' AS label
FROM (
    SELECT a.name AS party, t.asserted_by,
           CASE WHEN MIN(CASE WHEN t.evidence_given THEN 1 WHEN NOT t.evidence_given THEN 0 END) = 0 THEN 0
                ELSE MAX(CASE WHEN t.evidence_given THEN 1 WHEN NOT t.evidence_given THEN 0 END) END
           AS evidence_flag
    FROM attributions AS t JOIN actors AS a ON a.id = t.actor_id
    WHERE t.incident_id = i.id AND t.role = 'blamed'
    GROUP BY a.name, t.asserted_by
) AS b
"""


def _incident_summary() -> str:
    return f"""
CREATE VIEW incident_summary AS
SELECT
    i.id AS incident_id,
    i.slug,
    i.title,
    i.date_start,
    i.date_end,
    i.date_precision,
    l.country_code,
    c.name AS country,
    l.admin1,
    l.admin2,
    l.city,
    l.locality,
    l.latitude,
    l.longitude,
    i.attack_type,
    i.suicide,
    i.target_type,
    i.killed_best,
    i.killed_low,
    i.killed_high,
    i.wounded_best,
    i.wounded_low,
    i.wounded_high,
    {_actors_with_role('claimed')} AS claimed_by,
    {_actors_with_role('denied')} AS denied_by,
    {_joined(_BLAMED, 'label')} AS blamed,
    {_actors_with_role('suspected')} AS suspected,
    COALESCE(r.source_count, 0) AS source_count,
    COALESCE(r.document_count, 0) AS document_count,
    r.first_report_at,
    r.latest_report_at,
    i.summary,
    i.updated_at
FROM incidents AS i
LEFT JOIN locations AS l ON l.id = i.location_id
LEFT JOIN countries AS c ON c.code = l.country_code
LEFT JOIN (
    SELECT m.incident_id,
           COUNT(DISTINCT d.source_id) AS source_count,
           COUNT(DISTINCT d.id) AS document_count,
           MIN(d.published_at) AS first_report_at,
           MAX(d.published_at) AS latest_report_at
    FROM mentions AS m JOIN documents AS d ON d.id = m.document_id
    WHERE m.incident_id IS NOT NULL
    GROUP BY m.incident_id
) AS r ON r.incident_id = i.id
"""


CASUALTY_TIMELINE = """
CREATE VIEW casualty_timeline AS
SELECT
    cr.id AS casualty_report_id,
    cr.incident_id,
    i.slug,
    cr.category,
    cr.population,
    cr.low,
    cr.high,
    cr.qualifier,
    cr.is_current,
    cr.reported_at,
    ROW_NUMBER() OVER (
        PARTITION BY cr.incident_id, cr.category, cr.population
        ORDER BY cr.reported_at IS NULL, cr.reported_at, cr.id
    ) AS report_number,
    s.name AS source,
    d.id AS document_id,
    d.external_id AS document_external_id,
    d.title AS document_title,
    d.url AS document_url,
    cr.evidence
FROM casualty_reports AS cr
JOIN documents AS d ON d.id = cr.document_id
JOIN sources AS s ON s.id = d.source_id
LEFT JOIN incidents AS i ON i.id = cr.incident_id
ORDER BY cr.incident_id, cr.reported_at IS NULL, cr.reported_at, cr.id
"""

ATTRIBUTION_LOG = """
CREATE VIEW attribution_log AS
SELECT
    t.id AS attribution_id,
    t.incident_id,
    i.slug,
    t.role,
    a.name AS actor,
    a.kind AS actor_kind,
    t.asserted_by,
    sp.name AS asserted_for,
    t.evidence_given,
    COALESCE(t.reported_at, d.published_at) AS reported_at,
    s.name AS source,
    d.id AS document_id,
    d.external_id AS document_external_id,
    d.title AS document_title,
    d.url AS document_url,
    t.evidence
FROM attributions AS t
JOIN actors AS a ON a.id = t.actor_id
LEFT JOIN actors AS sp ON sp.id = t.asserted_by_actor_id
JOIN documents AS d ON d.id = t.document_id
JOIN sources AS s ON s.id = d.source_id
LEFT JOIN incidents AS i ON i.id = t.incident_id
ORDER BY t.incident_id, COALESCE(t.reported_at, d.published_at) IS NULL,
         COALESCE(t.reported_at, d.published_at), t.id
"""

INCIDENT_DOCUMENTS = """
CREATE VIEW incident_documents AS
SELECT
    m.incident_id,
    i.slug,
    d.id AS document_id,
    s.name AS source,
    s.kind AS source_kind,
    d.external_id AS document_external_id,
    d.kind AS document_kind,
    d.title,
    d.url,
    d.published_at,
    MAX(CASE WHEN m.is_primary THEN 1 ELSE 0 END) AS is_primary
FROM mentions AS m
JOIN documents AS d ON d.id = m.document_id
JOIN sources AS s ON s.id = d.source_id
JOIN incidents AS i ON i.id = m.incident_id
GROUP BY m.incident_id, i.slug, d.id, s.name, s.kind, d.external_id, d.kind, d.title, d.url, d.published_at
"""


def upgrade() -> None:
    op.execute(_incident_summary())
    op.execute(CASUALTY_TIMELINE)
    op.execute(ATTRIBUTION_LOG)
    op.execute(INCIDENT_DOCUMENTS)


def downgrade() -> None:
    for view in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {view}")
