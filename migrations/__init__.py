"""Alembic migrations of the incidentdb schema (packaged so `incidentdb db upgrade` finds them)."""
