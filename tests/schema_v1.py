"""Turn a new SQLite riskmap database back into the first schema, as databases were made before
riskmap used Alembic: the upgrade tests start from it. One list, so every later revision is
undone in one place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from riskmap.store.schema import SITE_MARK_TRIGGERS

TO_VERSION_1 = [
    "DROP TABLE alembic_version",
    *(f"DROP TRIGGER {trigger}" for trigger in SITE_MARK_TRIGGERS),  # r0012
    "DROP TABLE site_mark",
    "DROP TABLE basemap",  # r0011
    "DROP INDEX ix_sites_layer_class",  # r0010
    "ALTER TABLE sites DROP COLUMN style_class",
    "CREATE INDEX ix_sites_layer ON sites (layer)",
    "DROP TABLE holidays",
    "DROP TABLE document_numbers",
    "DROP TABLE document_settings",
    "DROP INDEX ux_sites_source",
    "ALTER TABLE sites DROP COLUMN source",
    "ALTER TABLE sites DROP COLUMN source_id",
    "DROP TABLE users",
    "ALTER TABLE hazards DROP COLUMN escalated_on",
    "ALTER TABLE rectifications DROP COLUMN review_note",
    "ALTER TABLE patrol_areas DROP COLUMN note",
    "ALTER TABLE audit_events DROP COLUMN note",
    "ALTER TABLE audit_events DROP COLUMN reverts",
    "DELETE FROM meta WHERE key IN ('database_id', 'style_class_fields')",
    "UPDATE meta SET value = '1' WHERE key = 'schema_version'",
]


def make_version_1(path: Path) -> None:
    """Undo every revision after the first in the SQLite file at `path`, in one transaction."""
    con = sqlite3.connect(path)
    try:
        with con:
            for statement in TO_VERSION_1:
                con.execute(statement)
    finally:
        con.close()
