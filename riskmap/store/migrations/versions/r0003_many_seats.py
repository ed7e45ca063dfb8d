"""Schema version 3: many seats. Users get a version column (no silent overwrite of a role);
on PostgreSQL, changes are announced on the `riskmap_changes` channel (LISTEN/NOTIFY) and the
riskmap_viewer / riskmap_editor / riskmap_admin database roles get their privileges.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from riskmap.store.migrate import install_pg_notify, install_pg_roles, set_schema_version

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    if op.get_bind().dialect.name == "postgresql":
        install_pg_notify()
        install_pg_roles()
    set_schema_version(3)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS riskmap_notify() CASCADE")
    with op.batch_alter_table("users") as b:
        b.drop_column("version")
    set_schema_version(2)
