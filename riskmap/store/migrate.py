"""Schema migrations (Alembic) for both backends, run on riskmap's own connection.

`riskmap db init` runs every migration from the first schema on an empty database;
`riskmap db upgrade` runs the ones a database lacks. Databases made before riskmap used Alembic
have no `alembic_version` table: they are stamped at the revision of their meta
`schema_version` first. The helpers below are what the revision scripts in migrations/versions/
share: the geometry column type (with the database's SRID on PostGIS), GiST indexes, the meta
schema version, LISTEN/NOTIFY triggers and the PostgreSQL roles.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command, op
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

from riskmap.errors import StoreError
from riskmap.store.schema import (
    GIST_INDEXES,
    SCHEMA_VERSION,
    USER_ROLES,
    WATCHED_TABLES,
    postgis_geometry,
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# meta.schema_version → the Alembic revision that made it
REVISION_OF_VERSION = {v: f"{v:04d}" for v in range(1, 13)}
HEAD = REVISION_OF_VERSION[SCHEMA_VERSION]
NOTIFY_CHANNEL = "riskmap_changes"
PG_GROUP_ROLES = {role: f"riskmap_{role}" for role in USER_ROLES}


def _config(connection: Connection, srid: int) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    cfg.attributes["srid"] = srid
    return cfg


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def migrate(connection: Connection, srid: int, target: str = "head") -> None:
    """Run the migrations up to `target` inside the connection's current transaction."""
    command.upgrade(_config(connection, srid), target)


def stamp(connection: Connection, revision: str) -> None:
    """Record `revision` as applied without running anything (a pre-Alembic database)."""
    command.stamp(_config(connection, 0), revision)


def upgrade_connection(connection: Connection, srid: int, schema_version: int) -> None:
    """Bring a database at `schema_version` to the head revision."""
    if current_revision(connection) is None:
        if schema_version not in REVISION_OF_VERSION:
            raise StoreError.of("store.unknown_version", version=schema_version)
        stamp(connection, REVISION_OF_VERSION[schema_version])
    migrate(connection, srid)


# ------------------------------------------------------------------ helpers for the revisions


def geometry_type() -> sa.types.TypeEngine:
    """The geometry column: a PostGIS geometry in the database's SRID, or a WKB BLOB."""
    ctx = op.get_context()
    if ctx.dialect.name == "postgresql":
        srid = int(ctx.config.attributes.get("srid", 0)) if ctx.config else 0
        return postgis_geometry(srid)
    return sa.LargeBinary()


def gist_index(table: str) -> None:
    if op.get_context().dialect.name == "postgresql":
        op.create_index(GIST_INDEXES[table], table, ["geom"], postgresql_using="gist")


def set_schema_version(version: int) -> None:
    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.execute(meta.delete().where(meta.c.key == "schema_version"))
    op.execute(meta.insert().values(key="schema_version", value=str(version)))


def install_pg_notify() -> None:
    """Statement-level triggers: every committed change to a watched table sends its name.

    PostgreSQL folds identical notifications of one transaction into one, so a batch of 10,000
    edits wakes each listener once.
    """
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION riskmap_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{NOTIFY_CHANNEL}', TG_TABLE_NAME);
            RETURN NULL;
        END $$
        """
    )
    for table in WATCHED_TABLES:
        op.execute(
            f"CREATE TRIGGER riskmap_notify_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
            f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION riskmap_notify()"
        )


def install_pg_roles() -> None:
    """The riskmap_viewer, riskmap_editor and riskmap_admin group roles and their privileges.

    A database login granted riskmap_viewer reads and cannot write, whatever program it uses:
    the wall display's account is read-only in the server, not only in the client. Editors add
    audit events but can neither change nor delete them. Creating roles needs CREATEROLE; a
    migrating user without it leaves the roles to the database administrator (`riskmap db
    roles` repeats this step).
    """
    bind = op.get_bind()
    grant_pg_privileges(bind)


def grant_pg_privileges(bind: Connection) -> bool:
    """Create the group roles if allowed, and grant their privileges on this database's tables.

    Returns False when the connected user may not create roles and they do not exist yet.
    """
    may_create = bind.execute(
        sa.text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    existing = set(
        bind.execute(
            sa.text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"),
            {"names": list(PG_GROUP_ROLES.values())},
        ).scalars()
    )
    missing = [r for r in PG_GROUP_ROLES.values() if r not in existing]
    if missing and not may_create:
        return False
    for role in missing:
        bind.execute(sa.text(f"CREATE ROLE {role} NOLOGIN"))
    viewer, editor, admin = (PG_GROUP_ROLES[r] for r in ("viewer", "editor", "admin"))
    schema = bind.execute(sa.text("SELECT current_schema()")).scalar()
    everything = f"ALL TABLES IN SCHEMA {schema}"
    sequences = f"ALL SEQUENCES IN SCHEMA {schema}"
    for stmt in (
        f"GRANT USAGE ON SCHEMA {schema} TO {viewer}, {editor}, {admin}",
        f"GRANT SELECT ON {everything} TO {viewer}, {editor}",
        f"GRANT INSERT, UPDATE, DELETE ON {everything} TO {editor}",
        f"REVOKE INSERT, UPDATE, DELETE ON meta, users, audit_events FROM {editor}",
        f"GRANT INSERT ON audit_events TO {editor}",
        f"GRANT USAGE, SELECT ON {sequences} TO {editor}",
        f"GRANT ALL PRIVILEGES ON {everything} TO {admin}",
        f"GRANT ALL PRIVILEGES ON {sequences} TO {admin}",
    ):
        bind.execute(sa.text(stmt))
    # The document settings are the office's (admins'); an issued number is never edited or
    # taken back, so editors only add to the register. Tables of later revisions: when present.
    tables = set(sa.inspect(bind).get_table_names())
    for table, verbs in (
        ("document_settings", "INSERT, UPDATE, DELETE"),
        ("document_numbers", "UPDATE, DELETE"),
    ):
        if table in tables:
            bind.execute(sa.text(f"REVOKE {verbs} ON {table} FROM {editor}"))
    return True


def login_exists(bind: Connection, name: str) -> bool:
    return bool(
        bind.execute(
            sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n AND rolcanlogin"), {"n": name}
        ).first()
    )


def may_grant(bind: Connection) -> bool:
    """Whether the connected user may grant and revoke the riskmap group roles."""
    return bool(
        bind.execute(
            sa.text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
        ).scalar()
    )


def sync_login(bind: Connection, name: str, role: str | None) -> bool:
    """Give database login `name` the group role of riskmap role `role` (None: no access),
    revoking the others. False when there is no such login or the connected user may not."""
    if not login_exists(bind, name) or not may_grant(bind):
        return False
    existing = set(
        bind.execute(
            sa.text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"),
            {"names": list(PG_GROUP_ROLES.values())},
        ).scalars()
    )
    login = bind.dialect.identifier_preparer.quote(name)
    for riskmap_role, group in PG_GROUP_ROLES.items():
        if group not in existing:
            continue
        verb = "GRANT {g} TO {u}" if riskmap_role == role else "REVOKE {g} FROM {u}"
        bind.execute(sa.text(verb.format(g=group, u=login)))
    return True


def login_roles(bind: Connection) -> dict[str, list[str]]:
    """Database logins and the riskmap group roles each holds."""
    rows = bind.execute(
        sa.text(
            "SELECT u.rolname, g.rolname FROM pg_roles u"
            " JOIN pg_auth_members m ON m.member = u.oid JOIN pg_roles g ON g.oid = m.roleid"
            " WHERE u.rolcanlogin AND g.rolname = ANY(:names) ORDER BY 1, 2"
        ),
        {"names": list(PG_GROUP_ROLES.values())},
    ).all()
    out: dict[str, list[str]] = {}
    for user, group in rows:
        out.setdefault(user, []).append(group)
    return out
