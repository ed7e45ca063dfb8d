"""Opening, creating, copying and checking riskmap databases: one SQLite file by default,
PostgreSQL + PostGIS (`postgresql+psycopg2://…`) for many seats and large regions."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker

from riskmap.errors import StoreError
from riskmap.store.access import ACTOR_KEY, STORE_KEY, Actor, login_name
from riskmap.store.schema import (
    SCHEMA_VERSION,
    SITE_LOG_TABLES,
    Base,
    Meta,
    User,
    load_postgis_types,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
# An empty database needs a metric CRS before any site arrives: the demo city's zone
# (CGCS2000 3-degree Gauss-Krüger, CM 105°E) unless the caller names the city's own.
DEFAULT_CRS = "EPSG:4544"
# The password of every user of a database made from the demo city (README, "The hazard ledger").
DEMO_PASSWORD = "riskmap"


def _check_metric_crs(crs: str) -> None:
    import pyproj

    try:
        parsed = pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError:
        raise StoreError.of("store.unknown_crs", crs=crs) from None
    if not parsed.is_projected:
        raise StoreError.of("store.crs_not_metric", crs=crs)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for other backends and in-memory databases."""
    try:
        u = make_url(url)
    except ArgumentError:
        raise StoreError.of("store.not_url", url=url) from None
    if u.get_backend_name() != "sqlite":
        return None
    if not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that exists but is not SQLite, before SQLite may touch it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise StoreError.of("store.is_folder", path=path)
    with path.open("rb") as fh:
        head = fh.read(16)
    if head != SQLITE_MAGIC:
        raise StoreError.of("store.not_sqlite", path=path)


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    # WAL: readers never block the writer, and a killed process leaves a consistent file.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _sqlite_read_only_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # No journal mode here: switching to WAL writes the file, which may not be riskmap's.
    cur.execute("PRAGMA query_only=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(url: str, read_only: bool = False) -> Engine:
    """An engine for `url`; `read_only` opens a SQLite file so that nothing can write it (a
    probe of a file that may not be riskmap's must leave it as it was, byte for byte)."""
    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_file(path)
        if read_only:
            engine = create_engine(
                f"sqlite:///file:{quote(str(path.resolve()))}?mode=ro&uri=true", future=True
            )
            event.listen(engine, "connect", _sqlite_read_only_pragmas)
            return engine
    backend = make_url(url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError.of("store.backend", backend=backend)
    if backend == "postgresql":
        load_postgis_types()  # before anything reflects or creates a geometry column
    try:
        engine = create_engine(url, future=True)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise StoreError.of("store.bad_url", url=url, detail=str(exc)) from None
    except ImportError as exc:
        raise StoreError.of("store.bad_url", url=url, detail=exc.msg) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "commit", _mint_site_mark)
    return engine


def _mint_site_mark(conn: Connection) -> None:
    """Before a commit: a new mark for the sites when triggers cleared it (r0012), in the same
    transaction, so a reader sees old sites with the old mark or new sites with a new one and
    never has to write to find out (riskmap.store.snapshot.file_marker)."""
    dbapi = conn.connection.dbapi_connection
    if dbapi is None:
        return
    try:
        cleared = dbapi.execute("SELECT token IS NULL FROM site_mark").fetchone()
        if cleared and cleared[0]:
            dbapi.execute("UPDATE site_mark SET token = randomblob(16) WHERE token IS NULL")
    except sqlite3.Error:  # no mark yet (before schema version 12), or not riskmap's file
        return


def ensure_pg_database(url: str) -> None:
    """Create the PostgreSQL database of `url` when it does not exist yet (as `createdb` would),
    so that `riskmap db init --db postgresql://…/riskmap` is one step on a fresh server."""
    u = make_url(url)
    if u.get_backend_name() != "postgresql" or not u.database:
        return
    engine = make_engine(url)
    try:
        with engine.connect():
            return
    except OperationalError as exc:
        if "does not exist" not in str(exc.orig) or u.database not in str(exc.orig):
            raise StoreError.of("store.cannot_open", url=display_url(url), detail=exc) from None
    finally:
        engine.dispose()
    admin = create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            name = c.dialect.identifier_preparer.quote(u.database)
            c.execute(text(f"CREATE DATABASE {name}"))
    except DBAPIError as exc:
        raise StoreError.of("store.cannot_create_db", name=u.database, detail=exc) from None
    finally:
        admin.dispose()


def srid_of(crs: str) -> int:
    """The EPSG code of a CRS, as PostGIS's SRID (0 for a CRS without one)."""
    import pyproj

    return int(pyproj.CRS.from_user_input(crs).to_epsg() or 0)


def _bind_crs(engine: Engine, crs: str) -> None:
    # The geometry type writes EWKB with this SRID (riskmap.store.schema.WKBGeometry).
    engine.dialect.riskmap_srid = srid_of(crs)  # type: ignore[attr-defined]


def display_url(url: str) -> str:
    """The URL without its password, for messages and titles."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


# What a failed statement raises below riskmap's own errors (a constraint the core does not
# check, a dropped connection); the window catches it by this name.
DatabaseError = SQLAlchemyError


@dataclass(frozen=True)
class ServerAddress:
    """A PostgreSQL server's database, as a connection form shows it (no password kept)."""

    host: str = "localhost"
    port: int = 5432
    database: str = ""
    user: str = ""

    @classmethod
    def parse(cls, url: str) -> ServerAddress | None:
        """The address in a database URL; None when it is not a database URL."""
        try:
            u = make_url(url)
        except ArgumentError:
            return None
        return cls(u.host or "localhost", u.port or 5432, u.database or "", u.username or "")

    def url(self, password: str | None = None) -> str:
        """The psycopg2 URL of this address, with `password` when one is given."""
        u = URL.create(
            "postgresql+psycopg2",
            username=self.user or None,
            password=password or None,
            host=self.host or None,
            port=self.port,
            database=self.database,
        )
        return u.render_as_string(hide_password=False)


def is_database_url(url: str) -> bool:
    """Whether `url` parses as a database URL at all (connecting may still fail)."""
    try:
        make_url(url)
    except ArgumentError:
        return False
    return True


@dataclass
class Store:
    """An open riskmap database."""

    url: str
    engine: Engine
    meta: dict[str, str]

    @property
    def crs(self) -> str:
        return self.meta["crs"]

    @property
    def city_name(self) -> str:
        return self.meta.get("city_name", "")

    @property
    def fictional(self) -> bool:
        return self.meta.get("fictional") == "1"

    @property
    def database_id(self) -> str:
        """The identity files exported from this database carry (meta `database_id`)."""
        return self.meta.get("database_id", "")

    @property
    def is_postgis(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def session_user(self) -> str:
        """The database login of a PostgreSQL store."""
        with self.engine.connect() as c:
            return str(c.execute(text("SELECT session_user")).scalar_one())

    def session(self, actor: Actor | None = None) -> Session:
        """A session whose flushes check `actor`'s role and write the audit trail.

        Without an actor the session reads; any change it tries to flush is refused.
        """
        s = sessionmaker(self.engine, expire_on_commit=False)()
        s.info[STORE_KEY] = True
        s.info[ACTOR_KEY] = actor
        return s

    @contextmanager
    def begin(self, actor: Actor | None = None) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self.session(actor) as s, s.begin():
            yield s

    def dispose(self) -> None:
        self.engine.dispose()


def read_meta(engine: Engine) -> dict[str, str]:
    with Session(engine) as s:
        return {m.key: m.value for m in s.scalars(select(Meta))}


def open_store(url: str, upgrade: bool = False, read_only: bool = False) -> Store:
    """Open an existing riskmap database; StoreError (one line) when it is missing or foreign.

    A SQLite file is first looked at read-only: it is switched to WAL (a write) only once it is
    known to be a riskmap database, and never with `read_only` (db check, db use)."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise StoreError.of("store.missing", path=path, url=url)
    engine = make_engine(url, read_only=path is not None)
    try:
        meta = _riskmap_meta(url, engine)
    except BaseException:
        engine.dispose()
        raise
    version = int(meta.get("schema_version", "0"))
    if path is not None and not read_only:
        engine.dispose()
        engine = make_engine(url)
    _bind_crs(engine, meta["crs"])
    store = Store(url=url, engine=engine, meta=meta)
    if version < SCHEMA_VERSION:
        if not upgrade:
            engine.dispose()
            raise StoreError.of(
                "store.needs_upgrade", url=url, version=version, ours=SCHEMA_VERSION
            )
        store.meta["schema_version_before_upgrade"] = str(upgrade_schema(store))
    return store


def _riskmap_meta(url: str, engine: Engine) -> dict[str, str]:
    """The meta table of the riskmap database at `url`; StoreError when it is not one."""
    try:
        tables = set(inspect(engine).get_table_names())
    except (OperationalError, DBAPIError) as exc:
        raise StoreError.of("store.cannot_open", url=display_url(url), detail=exc) from None
    if "meta" not in tables or "sites" not in tables:
        raise StoreError.of("store.not_riskmap", url=display_url(url))
    meta = read_meta(engine)
    if "crs" not in meta:
        raise StoreError.of("store.no_crs", url=display_url(url))
    version = int(meta.get("schema_version", "0"))
    if version > SCHEMA_VERSION:
        raise StoreError.of(
            "store.too_new", url=display_url(url), version=version, ours=SCHEMA_VERSION
        )
    return meta


def upgrade_schema(store: Store) -> int:
    """Bring an older riskmap database up to this schema in one transaction; the old version."""
    from riskmap.store.migrate import upgrade_connection

    old = int(store.meta.get("schema_version", "0"))
    try:
        with store.engine.begin() as c:
            upgrade_connection(c, srid_of(store.crs), old)
    except (ValueError, StoreError) as exc:
        # a refusal of ours is said in the window's language; alembic's words are English
        detail = exc if isinstance(exc, StoreError) else str(exc)
        raise StoreError.of(
            "store.upgrade_failed", url=display_url(store.url), detail=detail
        ) from None
    store.meta = read_meta(store.engine)
    return old


def create_schema(url: str, meta: dict[str, str], overwrite: bool = False) -> Store:
    """Create an empty riskmap database at `url` with the given meta facts.

    The schema comes from the Alembic migrations, run from the first one, in one transaction.
    """
    path = sqlite_path(url)
    if path is not None:
        if path.exists() and path.stat().st_size > 0:
            if not overwrite:
                raise StoreError.of("store.exists", path=path)
            _check_sqlite_file(path)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
    ensure_pg_database(url)
    engine = make_engine(url)
    _bind_crs(engine, meta["crs"])
    try:
        with engine.begin() as c:
            build_schema(c, meta, overwrite)
    except OperationalError as exc:
        engine.dispose()
        raise StoreError.of("store.cannot_create", url=display_url(url), detail=exc) from None
    except BaseException:
        engine.dispose()
        raise
    return Store(url=url, engine=engine, meta=read_meta(engine))


def build_schema(c: Connection, meta: dict[str, str], overwrite: bool = False) -> None:
    """Create the schema and write `meta` on connection `c`, inside the caller's transaction."""
    from riskmap.store.migrate import migrate

    if c.dialect.name == "postgresql":
        _prepare_postgis(c, overwrite)
    migrate(c, srid_of(meta["crs"]))
    facts = {**meta, "schema_version": str(SCHEMA_VERSION)}
    meta_table = Meta.__table__
    c.execute(meta_table.delete().where(meta_table.c.key.in_(list(facts))))
    c.execute(meta_table.insert(), [{"key": k, "value": str(v)} for k, v in facts.items()])


def _prepare_postgis(c: Connection, overwrite: bool) -> None:
    """PostGIS in the database, and no riskmap tables yet (dropped when `overwrite`)."""
    has_postgis = c.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first()
    if not has_postgis:
        available = c.execute(
            text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
        ).first()
        if not available:
            raise StoreError.of("store.no_postgis")
        with c.begin_nested():
            try:
                c.execute(text("CREATE EXTENSION postgis"))
            except DBAPIError:
                raise StoreError.of("store.postgis_denied") from None
    existing = set(inspect(c).get_table_names())
    ours = existing & (
        {t.name for t in Base.metadata.sorted_tables} | {"alembic_version", *SITE_LOG_TABLES}
    )
    if not ours:
        return
    if not overwrite:
        raise StoreError.of("store.has_tables")
    for function in ("riskmap_notify", "riskmap_site_rev", "riskmap_site_log"):
        c.execute(text(f"DROP FUNCTION IF EXISTS {function}() CASCADE"))
    Base.metadata.drop_all(c)
    for table in SITE_LOG_TABLES:
        c.execute(text(f"DROP TABLE IF EXISTS {table}"))
    c.execute(text("DROP TABLE IF EXISTS alembic_version"))


def create_empty(url: str, overwrite: bool = False, crs: str | None = None) -> Store:
    """An empty riskmap database: the schema, and `crs` (default DEFAULT_CRS) as its metric CRS."""
    crs = crs or DEFAULT_CRS
    _check_metric_crs(crs)
    return create_schema(url, {"crs": crs, "city_name": "", "fictional": "0"}, overwrite)


def current_user_name(store: Store, explicit: str | None = None) -> str:
    """Who riskmap acts as, by one rule for every command, the window and `db init`:
    `explicit` (--user, or the user chosen last in the window), else $RISKMAP_USER, else on
    PostgreSQL the database login (each seat logs in as its person), else the system login."""
    if explicit is None and not os.environ.get("RISKMAP_USER", "").strip() and store.is_postgis:
        return store.session_user()
    return login_name(explicit)


def add_admin(store: Store, name: str) -> None:
    with Session(store.engine) as s, s.begin():
        user = s.get(User, name)
        if user is None:
            s.add(User(name=name, display_name=name, role="admin"))
        else:
            user.role = "admin"
            user.active = True


def set_demo_passwords(store: Store) -> None:
    """Every user of a new demo-city database without a password gets DEMO_PASSWORD (the README
    says so): a demo to try, not a place for real people's passwords. Each hash has its own salt."""
    from riskmap.store.passwords import hash_password

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with Session(store.engine) as s, s.begin():
        for user in s.scalars(select(User).where(User.password_hash.is_(None))):
            user.password_hash = hash_password(DEMO_PASSWORD)
            user.password_set_at = now
