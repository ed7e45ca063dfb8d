"""Schema version 2: users and roles, escalation dates, review notes, patrol notes.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from riskmap.store.migrate import set_schema_version

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("display_name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id")),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.add_column("hazards", sa.Column("escalated_on", sa.Date))
    op.add_column(
        "rectifications",
        sa.Column("review_note", sa.Text, nullable=False, server_default=""),
    )
    op.add_column("patrol_areas", sa.Column("note", sa.Text, nullable=False, server_default=""))
    set_schema_version(2)


def downgrade() -> None:
    with op.batch_alter_table("patrol_areas") as b:
        b.drop_column("note")
    with op.batch_alter_table("rectifications") as b:
        b.drop_column("review_note")
    with op.batch_alter_table("hazards") as b:
        b.drop_column("escalated_on")
    op.drop_table("users")
    set_schema_version(1)
