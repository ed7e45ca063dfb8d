"""Schema version 12: a change marker for the sites of a file, and a bounded PostgreSQL log.

SQLite: `site_mark` holds one random token. Row triggers (SQLite has no statement triggers)
clear it whenever a site is added, deleted or has its id, layer or geometry changed, by any
program; riskmap's engine puts a new one in before each commit that finds it cleared
(riskmap.store.engine), so readers never write. A file seat's local snapshot is used only while
the file still has the token it was saved with (riskmap.store.snapshot.file_marker): a copy
edited apart from its origin never matches the origin's snapshot, and after another program's
edit the file is read until riskmap next commits to it. The triggers only
write when the token is still set, so a bulk import pays one read of a one-row table per site
(~1.1× the plain INSERT's time) rather than a write (a counter bumped per row: ~4×).

PostgreSQL: `site_log` (r0009) no longer grows without end. `site_rev.logged` counts its rows;
when a statement brings it past twice `site_rev.keep`, the oldest revisions are deleted down to
about `keep` rows and `floor` moves up past them, so a seat further behind loads everything
again (riskmap.store.snapshot.read_delta) and the others still catch up from the log.

Revision ID: 0012
Revises: 0009
"""

from alembic import op

from riskmap.store.migrate import set_schema_version
from riskmap.store.schema import SITE_MARK_TRIGGERS

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Log rows a PostgreSQL database keeps (between this and twice this): a seat behind by more
# than about 5 % of a million-site city reloads anyway (riskmap.core.seat.RELOAD_AFTER).
SITE_LOG_KEEP = 1_000_000

_PG_LOG_BOUNDED = """
CREATE OR REPLACE FUNCTION riskmap_site_log() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r bigint := current_setting('riskmap.site_rev')::bigint;
    n bigint;
    k bigint;
    f bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO site_log (rev, site_id) SELECT r, id FROM old_rows;
    ELSIF TG_OP = 'TRUNCATE' THEN
        INSERT INTO site_log (rev, site_id) VALUES (r, NULL);
    ELSE
        INSERT INTO site_log (rev, site_id) SELECT r, id FROM new_rows;
    END IF;
    GET DIAGNOSTICS n = ROW_COUNT;
    -- the row lock on site_rev is held since the statement began: one pruner at a time
    UPDATE site_rev SET logged = logged + n RETURNING logged, keep INTO n, k;
    IF n > 2 * k THEN
        SELECT rev INTO f FROM site_log ORDER BY rev DESC OFFSET k LIMIT 1;
        IF f IS NOT NULL THEN
            DELETE FROM site_log WHERE rev <= f;
            GET DIAGNOSTICS n = ROW_COUNT;
            UPDATE site_rev SET logged = logged - n, floor = greatest(floor, f);
        END IF;
    END IF;
    RETURN NULL;
END $$;
"""

_PG_LOG_UNBOUNDED = """
CREATE OR REPLACE FUNCTION riskmap_site_log() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r bigint := current_setting('riskmap.site_rev')::bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO site_log (rev, site_id) SELECT r, id FROM old_rows;
    ELSIF TG_OP = 'TRUNCATE' THEN
        INSERT INTO site_log (rev, site_id) VALUES (r, NULL);
    ELSE
        INSERT INTO site_log (rev, site_id) SELECT r, id FROM new_rows;
    END IF;
    RETURN NULL;
END $$;
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE site_rev ADD COLUMN logged bigint NOT NULL DEFAULT 0,"
            f" ADD COLUMN keep bigint NOT NULL DEFAULT {SITE_LOG_KEEP}"
        )
        op.execute("UPDATE site_rev SET logged = (SELECT count(*) FROM site_log)")
        op.execute(_PG_LOG_BOUNDED)
    else:
        op.execute("CREATE TABLE site_mark (one INTEGER PRIMARY KEY CHECK (one = 1), token BLOB)")
        op.execute("INSERT INTO site_mark (one, token) VALUES (1, randomblob(16))")
        clear = (
            "FOR EACH ROW WHEN (SELECT token FROM site_mark) IS NOT NULL"
            " BEGIN UPDATE site_mark SET token = NULL; END"
        )
        for name, event in zip(
            SITE_MARK_TRIGGERS, ("INSERT", "UPDATE OF id, layer, geom", "DELETE"), strict=True
        ):
            op.execute(f"CREATE TRIGGER {name} AFTER {event} ON sites {clear}")
    set_schema_version(12)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_LOG_UNBOUNDED)
        op.execute("ALTER TABLE site_rev DROP COLUMN logged, DROP COLUMN keep")
    else:
        for name in SITE_MARK_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS site_mark")
    set_schema_version(9)
