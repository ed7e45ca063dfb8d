"""Looking at a database without changing it: `riskmap db check` and the connection dialog's
probe."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError

from riskmap.errors import StoreError
from riskmap.store.engine import (
    Store,
    display_url,
    make_engine,
    make_url,
    read_meta,
    sqlite_path,
)
from riskmap.store.schema import SCHEMA_VERSION, Base


def check_db(store: Store) -> list[str]:
    """Integrity problems of an open database, one line each (empty list: healthy)."""
    problems: list[str] = []
    with store.engine.connect() as c:
        if store.engine.dialect.name == "sqlite":
            res = c.execute(text("PRAGMA integrity_check")).scalars().all()
            if res != ["ok"]:
                problems.extend(f"sqlite integrity: {r}" for r in res)
            fk = c.execute(text("PRAGMA foreign_key_check")).all()
            problems.extend(f"foreign key: {r[0]} row {r[1]} → {r[2]}" for r in fk)
        existing = set(inspect(c).get_table_names())
        if "alembic_version" in existing:
            from riskmap.store.migrate import REVISION_OF_VERSION, current_revision

            meta_version = int(store.meta.get("schema_version", "0"))
            revision = current_revision(c)
            if REVISION_OF_VERSION.get(meta_version) != revision:
                problems.append(
                    f"schema version {meta_version} in meta does not match migration {revision}"
                )
        for table in Base.metadata.sorted_tables:
            if table.name not in existing:
                problems.append(f"missing table {table.name}")
        if "sites" in existing:
            bad = c.execute(text("SELECT COUNT(*) FROM sites WHERE geom IS NULL")).scalar_one()
            if bad:
                problems.append(f"{bad} sites without a geometry")
        if "rectifications" in existing:
            bad = c.execute(
                text(
                    "SELECT COUNT(*) FROM rectifications WHERE status NOT IN "
                    "('open','in_progress','submitted','verified')"
                )
            ).scalar_one()
            if bad:
                problems.append(f"{bad} rectifications with an unknown status")
    return problems


@dataclass
class DatabaseProbe:
    """What is at a database URL, for a connection dialog: without changing anything there."""

    url: str
    backend: str  # "sqlite" | "postgresql"
    state: str  # "ready" | "upgrade" | "empty" | "missing"
    city_name: str = ""
    sites: int = 0
    schema_version: int = 0


def probe_database(url: str) -> DatabaseProbe:
    """Connect to `url` and say whether it is a riskmap database (StoreError when unreachable).

    "missing": a SQLite file or PostgreSQL database that does not exist yet (init creates it);
    "empty": reachable, without riskmap tables; "upgrade": an older riskmap schema.
    """
    backend = make_url(url).get_backend_name() if sqlite_path(url) is None else "sqlite"
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return DatabaseProbe(url, backend, "missing")
    engine = make_engine(url, read_only=True)
    try:
        try:
            tables = set(inspect(engine).get_table_names())
        except OperationalError as exc:
            if backend == "postgresql" and "does not exist" in str(exc.orig):
                return DatabaseProbe(url, backend, "missing")
            raise StoreError.of("store.cannot_open", url=display_url(url), detail=exc) from None
        except DBAPIError as exc:
            raise StoreError.of("store.cannot_open", url=display_url(url), detail=exc) from None
        if not tables or not ({"meta", "sites"} & tables):
            if tables - {"spatial_ref_sys"}:
                raise StoreError.of("store.foreign_tables", url=display_url(url))
            return DatabaseProbe(url, backend, "empty")
        meta = read_meta(engine)
        version = int(meta.get("schema_version", "0"))
        with engine.connect() as c:
            sites = int(c.execute(text("SELECT COUNT(*) FROM sites")).scalar_one())
        if version > SCHEMA_VERSION:
            raise StoreError.of(
                "store.too_new", url=display_url(url), version=version, ours=SCHEMA_VERSION
            )
        state = "ready" if version == SCHEMA_VERSION else "upgrade"
        return DatabaseProbe(url, backend, state, meta.get("city_name", ""), sites, version)
    finally:
        engine.dispose()
