"""Schema version 6: re-importing a file updates what it imported before. Every imported site
keeps the import's source name (`source`, by default the file's name) and its id in that source
(`source_id`: a column the user chose, else the feature's number or spreadsheet row), unique per
layer and source, so that the same source imported again matches its features instead of
doubling them. Sites drawn by hand or made before version 6 have neither.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from riskmap.store.migrate import set_schema_version

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sites", sa.Column("source", sa.String(128), nullable=True))
    op.add_column("sites", sa.Column("source_id", sa.String(128), nullable=True))
    op.create_index("ux_sites_source", "sites", ["layer", "source", "source_id"], unique=True)
    set_schema_version(6)


def downgrade() -> None:
    op.drop_index("ux_sites_source", table_name="sites")
    with op.batch_alter_table("sites") as b:
        b.drop_column("source_id")
        b.drop_column("source")
    set_schema_version(5)
