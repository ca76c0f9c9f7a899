"""Resolution decisions (analysts' merges and splits) and incident slug aliases

Merges and splits are stored as must-link / cannot-link constraints on mention keys
(source name | document external id | mention position), so they survive every later ETL
run, which re-clusters mentions from scratch. incident_slug_aliases keeps the slugs an
incident used to have (slugs follow reconciled values) so old links still resolve.
New tables only: no existing table or view changes, so no view rebuild is needed on SQLite.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 19:08:46.751866
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('resolution_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False, comment='merge or split'),
    sa.Column('incident_slug', sa.String(length=200), nullable=True, comment='the incident the analyst acted on (as it was then), for the record'),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.String(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='when this row was written (UTC)'),
    sa.Column('is_active', sa.Boolean(), nullable=False, comment='false once the analyst withdrew it'),
    sa.CheckConstraint("kind IN ('merge', 'split')", name=op.f('ck_resolution_decisions_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resolution_decisions')),
    comment="analysts' merges and splits, honoured by every later resolution"
    )
    op.create_table('resolution_decision_mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('mention_key', sa.String(length=1400), nullable=False, comment='source name|external id|position'),
    sa.Column('side', sa.String(length=1), nullable=False, comment='a or b'),
    sa.CheckConstraint("side IN ('a', 'b')", name=op.f('ck_resolution_decision_mentions_side')),
    sa.ForeignKeyConstraint(['decision_id'], ['resolution_decisions.id'], name=op.f('fk_resolution_decision_mentions_decision_id_resolution_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resolution_decision_mentions')),
    comment='mention keys (source|external id|position) a merge or split decision binds'
    )
    op.create_index(op.f('ix_resolution_decision_mentions_decision_id'), 'resolution_decision_mentions', ['decision_id'], unique=False)
    op.create_index(op.f('ix_resolution_decision_mentions_mention_key'), 'resolution_decision_mentions', ['mention_key'], unique=False)
    op.create_table('incident_slug_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, comment='when this row was written (UTC)'),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_slug_aliases_incident_id_incidents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_slug_aliases')),
    sa.UniqueConstraint('slug', name=op.f('uq_incident_slug_aliases_slug')),
    comment='earlier slugs of incidents (slugs follow reconciled values)'
    )
    op.create_index(op.f('ix_incident_slug_aliases_incident_id'), 'incident_slug_aliases', ['incident_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_incident_slug_aliases_incident_id'), table_name='incident_slug_aliases')
    op.drop_table('incident_slug_aliases')
    op.drop_index(op.f('ix_resolution_decision_mentions_mention_key'), table_name='resolution_decision_mentions')
    op.drop_index(op.f('ix_resolution_decision_mentions_decision_id'), table_name='resolution_decision_mentions')
    op.drop_table('resolution_decision_mentions')
    op.drop_table('resolution_decisions')
