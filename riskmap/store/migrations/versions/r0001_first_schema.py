"""The first schema (riskmap schema version 1): city, sites, ledger, patrols, audit.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from riskmap.store.migrate import geometry_type, gist_index, set_schema_version

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    geom = geometry_type()
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "districts",
        sa.Column("code", sa.String(12), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("name_en", sa.String(64), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("parent_code", sa.String(12), sa.ForeignKey("districts.code")),
        sa.Column("population", sa.Integer),
        sa.Column("geom", geom, nullable=False),
    )
    op.create_index("ix_districts_parent_code", "districts", ["parent_code"])
    op.create_table(
        "units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("department_code", sa.String(32)),
        sa.Column("district_code", sa.String(12), sa.ForeignKey("districts.code")),
        sa.Column("contact_person", sa.String(64), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("credit_code", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_units_name", "units", ["name"])
    op.create_index("ix_units_district_code", "units", ["district_code"])
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("layer", sa.String(32), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("district_code", sa.String(12), sa.ForeignKey("districts.code")),
        sa.Column("address", sa.String(256), nullable=False),
        sa.Column("geom", geom, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("attrs", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_sites_layer", "sites", ["layer"])
    op.create_index("ix_sites_district_code", "sites", ["district_code"])
    op.create_table(
        "duties",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("layer", sa.String(32)),
        sa.Column("site_id", sa.Integer, sa.ForeignKey("sites.id")),
        sa.Column("district_code", sa.String(12), sa.ForeignKey("districts.code")),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_duties_unit_id", "duties", ["unit_id"])
    op.create_index("ix_duties_site_id", "duties", ["site_id"])
    op.create_index("ix_duties_layer_role", "duties", ["layer", "role"])
    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("team", sa.String(128), nullable=False),
        sa.Column("lead", sa.String(64), nullable=False),
        sa.Column("district_code", sa.String(12), sa.ForeignKey("districts.code")),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_table(
        "hazards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("site_id", sa.Integer, sa.ForeignKey("sites.id"), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("found_on", sa.Date, nullable=False),
        sa.Column("found_by", sa.String(64), nullable=False),
        sa.Column("inspection_id", sa.Integer, sa.ForeignKey("inspections.id")),
        sa.Column("escalation", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_hazards_site_id", "hazards", ["site_id"])
    op.create_table(
        "rectifications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("hazard_id", sa.Integer, sa.ForeignKey("hazards.id"), nullable=False),
        sa.Column("measures", sa.Text, nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id")),
        sa.Column("responsible_person", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("funds", sa.Float),
        sa.Column("submitted_by", sa.String(64)),
        sa.Column("submitted_on", sa.Date),
        sa.Column("verified_by", sa.String(64)),
        sa.Column("verified_on", sa.Date),
        sa.Column("version", sa.Integer, nullable=False),
        sa.UniqueConstraint("hazard_id"),
    )
    op.create_index("ix_rectifications_deadline", "rectifications", ["deadline"])
    op.create_index("ix_rectifications_unit_id", "rectifications", ["unit_id"])
    op.create_index("ix_rectifications_status", "rectifications", ["status"])
    op.create_table(
        "patrol_areas",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("geom", geom, nullable=False),
        sa.Column("buffer_m", sa.Float, nullable=False),
        sa.Column("team", sa.String(128), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id")),
        sa.Column("starts_on", sa.Date),
        sa.Column("ends_on", sa.Date),
        sa.Column("preset", sa.String(32)),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "resources",
        sa.Column("site_id", sa.Integer, sa.ForeignKey("sites.id"), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("capacity_unit", sa.String(16), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id")),
        sa.Column("contact", sa.String(64), nullable=False),
    )
    op.create_index("ix_resources_kind", "resources", ["kind"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("user", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("table", sa.String(32), nullable=False),
        sa.Column("row_id", sa.Integer, nullable=False),
        sa.Column("site_id", sa.Integer),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    op.create_index("ix_audit_events_site_id", "audit_events", ["site_id"])
    for table in ("sites", "districts", "patrol_areas"):
        gist_index(table)
    set_schema_version(1)


def downgrade() -> None:
    for table in (
        "audit_events",
        "resources",
        "patrol_areas",
        "rectifications",
        "hazards",
        "inspections",
        "duties",
        "sites",
        "units",
        "districts",
        "meta",
    ):
        op.drop_table(table)
