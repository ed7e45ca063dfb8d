"""Schema version 4: spreadsheet round trips. The database gets an identity (meta
`database_id`, a random UUID) that exported files carry, so that a file is only compared with
the database it came from; audit events get a `note` (a forced spreadsheet overwrite says so).

Revision ID: 0004
Revises: 0003
"""

import uuid

import sqlalchemy as sa
from alembic import op

from riskmap.store.migrate import set_schema_version

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_events", sa.Column("note", sa.Text, nullable=True))
    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    bind = op.get_bind()
    has_id = bind.execute(sa.select(meta.c.key).where(meta.c.key == "database_id")).first()
    if has_id is None:
        op.execute(meta.insert().values(key="database_id", value=uuid.uuid4().hex))
    set_schema_version(4)


def downgrade() -> None:
    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.execute(meta.delete().where(meta.c.key == "database_id"))
    with op.batch_alter_table("audit_events") as b:
        b.drop_column("note")
    set_schema_version(3)
