"""Schema version 9: a change log of sites, so that a PostgreSQL seat keeps the city in memory.

`site_rev` holds one counter; every statement that writes `sites` takes the next value (a row
lock held to commit, so revisions commit in their order) and `site_log` records which sites
that statement touched (a TRUNCATE records NULL: every site). A seat that knows the city as of
revision r re-reads only the sites logged after r (riskmap.store.snapshot). `floor` is the
oldest revision the log still answers for: a seat further behind loads everything again.

SQLite needs none of this: a file seat reads the file.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

from riskmap.store.migrate import grant_pg_privileges, set_schema_version

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_FUNCTIONS = """
CREATE OR REPLACE FUNCTION riskmap_site_rev() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r bigint;
BEGIN
    UPDATE site_rev SET rev = rev + 1 RETURNING rev INTO r;
    PERFORM set_config('riskmap.site_rev', r::text, true);
    RETURN NULL;
END $$;

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
            "CREATE TABLE site_rev (one boolean PRIMARY KEY DEFAULT true CHECK (one),"
            " rev bigint NOT NULL, floor bigint NOT NULL)"
        )
        op.execute("INSERT INTO site_rev (rev, floor) VALUES (1, 1)")
        op.execute("CREATE TABLE site_log (rev bigint NOT NULL, site_id bigint)")
        op.execute("CREATE INDEX site_log_rev ON site_log (rev)")
        op.execute(_FUNCTIONS)
        # the counter is taken before the statement runs: a writer waits for the one before
        # it to commit before it touches a site, so revisions commit in order
        op.execute(
            "CREATE TRIGGER riskmap_site_rev BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE"
            " ON sites FOR EACH STATEMENT EXECUTE FUNCTION riskmap_site_rev()"
        )
        for event, ref in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            op.execute(
                f"CREATE TRIGGER riskmap_site_log_{event.lower()} AFTER {event} ON sites"
                f" REFERENCING {ref} TABLE AS {ref.lower()}_rows"
                " FOR EACH STATEMENT EXECUTE FUNCTION riskmap_site_log()"
            )
        op.execute(
            "CREATE TRIGGER riskmap_site_log_truncate AFTER TRUNCATE ON sites"
            " FOR EACH STATEMENT EXECUTE FUNCTION riskmap_site_log()"
        )
        grant_pg_privileges(op.get_bind())
    set_schema_version(9)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS riskmap_site_rev() CASCADE")
        op.execute("DROP FUNCTION IF EXISTS riskmap_site_log() CASCADE")
        op.execute("DROP TABLE IF EXISTS site_log")
        op.execute("DROP TABLE IF EXISTS site_rev")
    set_schema_version(8)
