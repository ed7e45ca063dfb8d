"""Schema version 7: documents an office can issue. The office's document settings (issuing
office, its contact, the document-number prefix, seal image, marking, fonts) live in the
database so every seat issues the same; issued document numbers go into a register, one row per
number, unique per kind and year (〔2026〕3号 is issued once).

Revision ID: 0007
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from riskmap.store.migrate import grant_pg_privileges, set_schema_version

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_settings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("office", sa.String(128), nullable=False, server_default=""),
        sa.Column("contact_person", sa.String(64), nullable=False, server_default=""),
        sa.Column("contact_phone", sa.String(32), nullable=False, server_default=""),
        sa.Column("number_prefix", sa.String(32), nullable=False, server_default=""),
        sa.Column("seal_png", sa.LargeBinary, nullable=True),
        sa.Column("marking", sa.String(32), nullable=False, server_default=""),
        sa.Column("title_font", sa.String(128), nullable=True),
        sa.Column("body_font", sa.String(128), nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_table(
        "document_numbers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("issued_at", sa.DateTime, nullable=False),
        sa.Column("issued_by", sa.String(64), nullable=False),
        sa.Column("subject", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("kind", "year", "number", name="uq_document_numbers_kind_year_number"),
    )
    if op.get_bind().dialect.name == "postgresql":
        grant_pg_privileges(op.get_bind())
    set_schema_version(7)


def downgrade() -> None:
    op.drop_table("document_numbers")
    op.drop_table("document_settings")
    set_schema_version(5)
