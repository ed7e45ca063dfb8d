"""Schema version 11: the grey basemap's own features (`basemap`): the city's roads, water and
land use as imported from its files (or generated with the demo city), drawn quietly under the
risk layers. Not sites: no hazard, duty or dossier ever names them. One source's features are
replaced whole when it is imported again.

Revision ID: 0011
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from riskmap.store.migrate import (
    geometry_type,
    gist_index,
    grant_pg_privileges,
    set_schema_version,
)

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "basemap",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("cls", sa.String(32), nullable=False, server_default=""),
        sa.Column("name", sa.String(128), nullable=False, server_default=""),
        sa.Column("source", sa.String(128), nullable=False),
        sa.Column("geom", geometry_type(), nullable=False),
    )
    op.create_index("ix_basemap_source", "basemap", ["source"])
    gist_index("basemap")
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        grant_pg_privileges(bind)  # the group roles' grants name the tables that existed
    set_schema_version(11)


def downgrade() -> None:
    op.drop_table("basemap")
    set_schema_version(9)
