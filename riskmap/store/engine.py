"""Opening, creating and checking riskmap databases (SQLite by default, any SQLAlchemy URL)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from riskmap.errors import StoreError
from riskmap.store.access import ACTOR_KEY, STORE_KEY, Actor, login_name
from riskmap.store.schema import SCHEMA_VERSION, Base, Meta, User

SQLITE_MAGIC = b"SQLite format 3\x00"
# An empty database needs a metric CRS before any site arrives: the demo city's zone
# (CGCS2000 3-degree Gauss-Krüger, CM 105°E) unless the caller names the city's own.
DEFAULT_CRS = "EPSG:4544"


def _check_metric_crs(crs: str) -> None:
    import pyproj

    try:
        parsed = pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError:
        raise StoreError(f"unknown coordinate system {crs!r} (e.g. EPSG:4544)") from None
    if not parsed.is_projected:
        raise StoreError(f"{crs} is not a projected (metric) coordinate system")


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for other backends and in-memory databases."""
    try:
        u = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"not a database URL: {url!r} (e.g. sqlite:///path/riskmap.sqlite)"
        ) from None
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
        raise StoreError(f"{path} is a directory, not a database file")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head != SQLITE_MAGIC:
        raise StoreError(f"{path} is not a SQLite database (its header is not 'SQLite format 3')")


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    # WAL: readers never block the writer, and a killed process leaves a consistent file.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(url: str) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_file(path)
    try:
        engine = create_engine(url, future=True)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise StoreError(f"cannot use database URL {url!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


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


def open_store(url: str, upgrade: bool = False) -> Store:
    """Open an existing riskmap database; StoreError (one line) when it is missing or foreign."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise StoreError(f"no database at {path}; create it with: riskmap db init --db {url}")
    engine = make_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
    except (OperationalError, DBAPIError) as exc:
        engine.dispose()
        raise StoreError(f"cannot open {url}: {_first_line(exc)}") from None
    if "meta" not in tables or "sites" not in tables:
        engine.dispose()
        raise StoreError(
            f"{url} is not a riskmap database (no riskmap tables); see riskmap db init"
        )
    meta = read_meta(engine)
    if "crs" not in meta:
        engine.dispose()
        raise StoreError(f"{url} has no coordinate system recorded (meta.crs); it is incomplete")
    version = int(meta.get("schema_version", "0"))
    if version > SCHEMA_VERSION:
        engine.dispose()
        raise StoreError(
            f"{url} has schema version {version}, newer than this riskmap ({SCHEMA_VERSION})"
        )
    store = Store(url=url, engine=engine, meta=meta)
    if version < SCHEMA_VERSION:
        if not upgrade:
            engine.dispose()
            raise StoreError(
                f"{url} has schema version {version}; "
                f"upgrade it with: riskmap db upgrade --db {url}"
            )
        store.meta["schema_version_before_upgrade"] = str(upgrade_schema(store))
    return store


# Columns added since schema version 1, as (table, column DDL) for ALTER TABLE.
_ADDED_COLUMNS = {
    2: (
        ("hazards", "escalated_on DATE"),
        ("rectifications", "review_note TEXT NOT NULL DEFAULT ''"),
        ("patrol_areas", "note TEXT NOT NULL DEFAULT ''"),
    ),
}


def upgrade_schema(store: Store) -> int:
    """Bring an older riskmap database up to this schema in one transaction; the old version."""
    old = int(store.meta.get("schema_version", "0"))
    with store.engine.begin() as c:
        Base.metadata.create_all(c)  # new tables only; existing ones are left as they are
        for version in range(old + 1, SCHEMA_VERSION + 1):
            for table, ddl in _ADDED_COLUMNS.get(version, ()):
                c.execute(text(f"ALTER TABLE {table} ADD COLUMN {ddl}"))
        c.execute(
            Meta.__table__.update()
            .where(Meta.key == "schema_version")
            .values(value=str(SCHEMA_VERSION))
        )
    store.meta = read_meta(store.engine)
    return old


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0]


def create_schema(url: str, meta: dict[str, str], overwrite: bool = False) -> Store:
    """Create an empty riskmap database at `url` with the given meta facts."""
    path = sqlite_path(url)
    if path is not None:
        if path.exists() and path.stat().st_size > 0:
            if not overwrite:
                raise StoreError(f"{path} already exists; pass --force to replace it")
            _check_sqlite_file(path)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    if path is None and overwrite:
        Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    facts = {"schema_version": str(SCHEMA_VERSION), **meta}
    with Session(engine) as s, s.begin():
        for k, v in facts.items():
            s.merge(Meta(key=k, value=str(v)))
    return Store(url=url, engine=engine, meta=read_meta(engine))


def shift_dates(value: Any, days: int) -> Any:
    if days and isinstance(value, dt.date):
        return value + dt.timedelta(days=days)
    return value


def copy_rows(src: Engine, dst: Engine, shift_days: int = 0, batch: int = 5000) -> dict[str, int]:
    """Copy every riskmap table from `src` to an empty schema in `dst` in one transaction.

    Dates and datetimes move by `shift_days`: the demo city is dated relative to its anchor day,
    and is re-anchored on today when a database is created from it.
    """
    counts: dict[str, int] = {}
    with src.connect() as sc, dst.begin() as dc:
        for table in Base.metadata.sorted_tables:
            if table.name == "meta":
                continue
            rows = sc.execute(select(table)).mappings()
            n = 0
            chunk: list[dict[str, Any]] = []
            for row in rows:
                chunk.append({k: shift_dates(v, shift_days) for k, v in row.items()})
                if len(chunk) >= batch:
                    dc.execute(table.insert(), chunk)
                    n += len(chunk)
                    chunk = []
            if chunk:
                dc.execute(table.insert(), chunk)
                n += len(chunk)
            counts[table.name] = n
    return counts


def demo_source_path() -> Path:
    from riskmap.paths import data_dir

    return data_dir() / "demo_city.sqlite"


def init_db(
    url: str,
    empty: bool = False,
    overwrite: bool = False,
    today: dt.date | None = None,
    crs: str | None = None,
    admin: str | None = None,
) -> Store:
    """Create a riskmap database: the demo city re-anchored on `today`, or only the schema.

    `admin` (default: the login name) becomes an admin of the new database: whoever creates it
    runs it, and can then add the other users.
    """
    store = _init_db(url, empty, overwrite, today, crs)
    add_admin(store, login_name(admin))
    return store


def add_admin(store: Store, name: str) -> None:
    with Session(store.engine) as s, s.begin():
        user = s.get(User, name)
        if user is None:
            s.add(User(name=name, display_name=name, role="admin"))
        else:
            user.role = "admin"
            user.active = True


def _init_db(
    url: str, empty: bool, overwrite: bool, today: dt.date | None, crs: str | None
) -> Store:
    today = today or dt.date.today()
    if crs is not None and not empty:
        raise StoreError("a CRS applies to an empty database; the demo city brings its own")
    if empty:
        crs = crs or DEFAULT_CRS
        _check_metric_crs(crs)
        return create_schema(url, {"crs": crs, "city_name": "", "fictional": "0"}, overwrite)
    src_path = demo_source_path()
    if not src_path.exists():
        raise StoreError(f"the demo city is missing ({src_path}); rebuild it with: riskmap demo")
    # Read the bundled file without ever writing to it (it may be read-only in an installation).
    src = create_engine(f"sqlite:///file:{src_path}?mode=ro&uri=true", future=True)
    try:
        src_meta = read_meta(src)
        anchor = dt.date.fromisoformat(src_meta["anchor_date"])
        meta = {k: v for k, v in src_meta.items() if k not in ("schema_version",)}
        meta["anchor_date"] = today.isoformat()
        meta["created_from"] = "demo"
        store = create_schema(url, meta, overwrite)
        try:
            copy_rows(src, store.engine, shift_days=(today - anchor).days)
            # Holiday patrols follow their holiday, not the plain shift (riskmap.demo.realign).
            from riskmap.demo.realign import realign_patrols

            realign_patrols(src, store.engine, today)
        except Exception:
            store.dispose()
            _remove_sqlite(url)
            raise
    finally:
        src.dispose()
    return store


def _remove_sqlite(url: str) -> None:
    path = sqlite_path(url)
    if path is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def open_or_create_default(url: str) -> tuple[Store, bool]:
    """Open the default database, creating it from the demo city on first run."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return init_db(url), True
    # The user's own default database follows the program's schema without asking.
    return open_store(url, upgrade=path is not None), False


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
