"""Vocabulary CHECK constraints written as OR chains instead of IN lists

``CHECK (attack_type IN ('Assassination', 'Armed Assault', ...))`` becomes
``CHECK (attack_type = 'Assassination' OR attack_type = 'Armed Assault' OR ...)``: the same
meaning on both backends (a NULL passes both forms), but SQLite evaluates an IN list of three
or more constants by building a temporary index each time it checks a row, which cost about
4 microseconds per constraint per inserted or updated row (some 20 microseconds per mention,
a third of a bulk import's time). PostgreSQL gains nothing but keeps the same schema text.

SQLite: the constraint text is edited in place with the procedure SQLite documents for
constraint-only changes (``PRAGMA writable_schema``, then a schema version bump), inside the
migration's transaction. Rebuilding the tables in batch mode would drop and re-create
``documents``, ``mentions`` ... with foreign keys enforced, and the implicit DELETE of the
drop would cascade into their child rows. The old and new constraints accept exactly the
same rows, so no data is checked or touched. PostgreSQL: DROP and ADD CONSTRAINT.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 20:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_RUN_STATUSES = ("running", "succeeded", "partial", "failed")
_SOURCE_KINDS = ("news", "feed", "dataset", "analyst")
_ACTOR_KINDS = ("militant_group", "state", "government_body", "person", "other")
_DOCUMENT_KINDS = ("report", "dataset_record")
_DOCUMENT_STATUSES = ("pending", "extracted", "failed")
_LOCATION_PRECISIONS = ("exact", "locality", "city", "admin2", "admin1", "country")
_TARGET_TYPES = (
    "Business", "Government (General)", "Police", "Military", "Abortion Related", "Airports & Aircraft",
    "Government (Diplomatic)", "Educational Institution", "Food or Water Supply", "Journalists & Media", "Maritime",
    "NGO", "Other", "Private Citizens & Property", "Religious Figures/Institutions", "Telecommunication",
    "Terrorists/Non-State Militia", "Tourists", "Transportation", "Unknown", "Utilities", "Violent Political Party",
)
_ATTACK_TYPES = (
    "Assassination", "Armed Assault", "Bombing/Explosion", "Hijacking", "Hostage Taking (Barricade Incident)",
    "Hostage Taking (Kidnapping)", "Facility/Infrastructure Attack", "Unarmed Assault", "Unknown",
)
_DATE_PRECISIONS = ("day", "month", "year")
_QUALIFIERS = ("exact", "at_least", "more_than", "about", "up_to", "range")
_ROLES = ("claimed", "denied", "blamed", "suspected")
_CATEGORIES = ("killed", "wounded")
_POPULATIONS = ("total", "victims", "perpetrators", "civilians")

#: (table, constraint name, column, allowed values) as of this revision.
CONSTRAINTS = (
    ("etl_runs", "ck_etl_runs_status", "status", _RUN_STATUSES),
    ("sources", "ck_sources_kind", "kind", _SOURCE_KINDS),
    ("actors", "ck_actors_kind", "kind", _ACTOR_KINDS),
    ("documents", "ck_documents_kind", "kind", _DOCUMENT_KINDS),
    ("documents", "ck_documents_status", "status", _DOCUMENT_STATUSES),
    ("locations", "ck_locations_precision", "precision", _LOCATION_PRECISIONS),
    ("incidents", "ck_incidents_date_precision", "date_precision", _DATE_PRECISIONS),
    ("incidents", "ck_incidents_attack_type", "attack_type", _ATTACK_TYPES),
    ("incidents", "ck_incidents_target_type", "target_type", _TARGET_TYPES),
    ("mentions", "ck_mentions_date_precision", "date_precision", _DATE_PRECISIONS),
    ("mentions", "ck_mentions_attack_type", "attack_type", _ATTACK_TYPES),
    ("mentions", "ck_mentions_target_type", "target_type", _TARGET_TYPES),
    ("mentions", "ck_mentions_killed_qualifier", "killed_qualifier", _QUALIFIERS),
    ("mentions", "ck_mentions_wounded_qualifier", "wounded_qualifier", _QUALIFIERS),
    ("casualty_reports", "ck_casualty_reports_category", "category", _CATEGORIES),
    ("casualty_reports", "ck_casualty_reports_population", "population", _POPULATIONS),
    ("casualty_reports", "ck_casualty_reports_count_qualifier", "qualifier", _QUALIFIERS),
    ("attributions", "ck_attributions_role", "role", _ROLES),
)


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _in_list(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(_quoted(v) for v in values)})"


def _or_chain(column: str, values: tuple[str, ...]) -> str:
    return " OR ".join(f"{column} = {_quoted(v)}" for v in values)


def _rewrite(old_form, new_form) -> None:  # noqa: ANN001 - the two text builders above
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        for table, name, column, values in CONSTRAINTS:
            op.drop_constraint(op.f(name), table, type_="check")
            op.create_check_constraint(op.f(name), table, new_form(column, values))
        return
    # SQLite: https://www.sqlite.org/lang_altertable.html, "making other kinds of table
    # schema changes" (CHECK constraint changes that no stored row can violate).
    version = connection.exec_driver_sql("PRAGMA schema_version").scalar()
    tables: dict[str, str] = {}
    for table, name, column, values in CONSTRAINTS:
        sql = tables.get(table)
        if sql is None:
            sql = connection.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).scalar()
        old = f"CONSTRAINT {name} CHECK ({old_form(column, values)})"
        if old not in sql:
            raise RuntimeError(f"{table}: constraint {name} is not in the expected form; cannot migrate")
        tables[table] = sql.replace(old, f"CONSTRAINT {name} CHECK ({new_form(column, values)})")
    connection.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        for table, sql in tables.items():
            connection.exec_driver_sql(
                "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (sql, table)
            )
        connection.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        connection.exec_driver_sql("PRAGMA writable_schema = OFF")
    problems = connection.exec_driver_sql("PRAGMA quick_check").scalar()
    if problems != "ok":
        raise RuntimeError(f"SQLite schema check failed after rewriting CHECK constraints: {problems}")


def upgrade() -> None:
    _rewrite(_in_list, _or_chain)


def downgrade() -> None:
    _rewrite(_or_chain, _in_list)
