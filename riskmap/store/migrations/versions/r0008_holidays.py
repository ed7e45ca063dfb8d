"""Schema version 8: the holiday calendar. `holidays` holds a holiday's break in one year as the
State Council's notice gives it (`riskmap holidays set 清明 2027 2027-04-03 2027-04-05`), entered
when the notice comes out; briefings and patrol plans prefer it to the calendar package and the
rules. One row per holiday and year; every change is audited.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from riskmap.store.migrate import grant_pg_privileges, set_schema_version

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "holidays",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("preset", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.UniqueConstraint("preset", "year", name="uq_holidays_preset_year"),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # The group roles' grants name the tables that existed when they were given.
        grant_pg_privileges(bind)
    set_schema_version(8)


def downgrade() -> None:
    op.drop_table("holidays")
    set_schema_version(7)
