"""Schema version 10: each site's style class (the value of its layer's `style.class_field`
attribute, as its `[style.classes]` key) in a column of its own, so the map reads a million
sites' classes without parsing their JSON attributes, from the index (layer, style_class) alone,
which takes the place of the index on layer. The column is filled from the sites'
attributes here, by the one rule of riskmap.core.style.site_class, which also records in meta
which field of each layer it was filled from.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from riskmap.store.migrate import set_schema_version

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The class rule reads the layer catalogue, which lives above the store: this script is
    # run by Alembic, not imported by the store's modules.
    from riskmap.core.style.site_class import fill_style_classes

    op.add_column("sites", sa.Column("style_class", sa.String(64), nullable=True))
    fill_style_classes(op.get_bind())
    # (layer, style_class) covers what the map reads, and every query by layer the old one did
    op.drop_index("ix_sites_layer", table_name="sites")
    op.create_index("ix_sites_layer_class", "sites", ["layer", "style_class"])
    set_schema_version(10)


def downgrade() -> None:
    op.execute("DELETE FROM meta WHERE key = 'style_class_fields'")
    op.drop_index("ix_sites_layer_class", table_name="sites")
    op.create_index("ix_sites_layer", "sites", ["layer"])
    with op.batch_alter_table("sites") as b:
        b.drop_column("style_class")
    set_schema_version(9)
