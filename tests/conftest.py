from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from tileserver import TileServer

from riskmap.demo.install import init_db
from riskmap.store.engine import open_store


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """No test reads or writes the real user data or cache directory or a $RISKMAP_DB of the
    machine."""
    monkeypatch.setenv("RISKMAP_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
    monkeypatch.setenv("RISKMAP_CACHE_DIR", str(tmp_path_factory.mktemp("usercache")))
    monkeypatch.delenv("RISKMAP_DB", raising=False)


@pytest.fixture
def tile_server() -> Iterator[TileServer]:
    """A basemap tile server on 127.0.0.1 (tests/tileserver.py), stopped after the test."""
    srv = TileServer()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def demo_anchor() -> dt.date:
    # Read-only: opening the bundled file as a store would switch it to WAL, i.e. write to it.
    con = sqlite3.connect(f"file:{_demo_file()}?mode=ro", uri=True)
    try:
        (value,) = con.execute("SELECT value FROM meta WHERE key = 'anchor_date'").fetchone()
    finally:
        con.close()
    return dt.date.fromisoformat(value)


def _demo_file() -> Path:
    from riskmap.demo.install import demo_source_path

    return demo_source_path()


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory: pytest.TempPathFactory, demo_anchor: dt.date) -> Iterator[str]:
    """A copy of the demo city anchored on its own anchor day (deterministic dates).

    Tests must not write to it; a test that edits takes `demo_copy`.
    """
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}"
    init_db(url, today=demo_anchor).dispose()
    yield url


@pytest.fixture(scope="session")
def demo_ws(demo_url: str):
    from riskmap.core.workspace import Workspace

    ws = Workspace.load(open_store(demo_url))
    yield ws
    ws.store.dispose()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory, demo_anchor: dt.date) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.sqlite"
    init_db(f"sqlite:///{path}", today=demo_anchor, admin="admin").dispose()
    return path


@pytest.fixture
def demo_copy(_demo_template: Path, tmp_path: Path) -> str:
    """A private, writable copy of the demo city (anchored on its anchor day) for one test."""
    import shutil

    dst = tmp_path / "demo_copy.sqlite"
    shutil.copyfile(_demo_template, dst)
    return f"sqlite:///{dst}"


# ------------------------------------------------------------------ PostgreSQL + PostGIS
#
# .ci/run starts a throwaway cluster (tools/pg_throwaway.sh) and exports RISKMAP_TEST_PG, the
# URL of its maintenance database. Tests that need it fail in CI (CI=true) when it is missing,
# and are skipped with the reason on a machine without one.


@pytest.fixture(scope="session")
def pg_server() -> str:
    import os

    url = os.environ.get("RISKMAP_TEST_PG", "")
    if not url:
        why = (
            "no PostgreSQL server for the tests: RISKMAP_TEST_PG is not set "
            '(start one with: eval "$(tools/pg_throwaway.sh start)")'
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(why)
        pytest.skip(why)
    return url


class PgDatabases:
    """Creates empty databases on the test server, and drops them at the end of the session."""

    def __init__(self, server_url: str) -> None:
        from sqlalchemy import create_engine

        self.server_url = server_url
        self.admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
        self.made: list[str] = []

    def new(self, stem: str = "riskmap", template: str | None = None) -> str:
        import uuid

        name = f"{stem}_{uuid.uuid4().hex[:10]}"
        like = f' TEMPLATE "{template.rsplit("/", 1)[1]}"' if template else ""
        with self.admin.connect() as c:
            c.exec_driver_sql(f'CREATE DATABASE "{name}"{like}')
        self.made.append(name)
        return self.server_url.rsplit("/", 1)[0] + f"/{name}"

    def drop_all(self) -> None:
        with self.admin.connect() as c:
            for name in self.made:
                c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_databases(pg_server: str) -> Iterator[PgDatabases]:
    dbs = PgDatabases(pg_server)
    yield dbs
    dbs.drop_all()


@pytest.fixture
def pg_url(pg_databases: PgDatabases) -> str:
    """An empty PostgreSQL database (PostGIS available) for one test."""
    return pg_databases.new()


@pytest.fixture(scope="session")
def demo_pg_url(pg_databases: PgDatabases, demo_url: str) -> str:
    """The demo city (as `demo_url`) copied into PostGIS with `riskmap db copy`. Read-only."""
    from riskmap.store.transfer import copy_db

    url = pg_databases.new("demo")
    copy_db(demo_url, url)
    return url


@pytest.fixture(scope="session")
def demo_pg_ws(demo_pg_url: str):
    from riskmap.core.workspace import Workspace

    ws = Workspace.load(open_store(demo_pg_url), pushdown=True)
    yield ws
    ws.store.dispose()


@pytest.fixture(scope="session")
def demo_pg_seat_ws(demo_pg_url: str):
    """The demo city on PostGIS, held in memory by its seat (riskmap.core.seat)."""
    from riskmap.core.seat import CachedSeat
    from riskmap.core.workspace import Workspace

    ws = Workspace.load(open_store(demo_pg_url))
    yield ws
    CachedSeat.forget(ws.store)
    ws.store.dispose()


@pytest.fixture(scope="session")
def _demo_pg_template(pg_databases: PgDatabases, _demo_template: Path) -> str:
    from riskmap.store.transfer import copy_db

    url = pg_databases.new("demotemplate")
    copy_db(f"sqlite:///{_demo_template}", url)  # disposes its engines: a template is unused
    return url


@pytest.fixture
def demo_pg_copy(pg_databases: PgDatabases, _demo_pg_template: str) -> str:
    """A private, writable PostGIS copy of the demo city (as `demo_copy`) for one test."""
    return pg_databases.new("democopy", template=_demo_pg_template)


@pytest.fixture(params=["sqlite", "postgis"])
def any_demo_copy(request: pytest.FixtureRequest) -> str:
    """A writable demo city on each backend in turn."""
    name = "demo_copy" if request.param == "sqlite" else "demo_pg_copy"
    return request.getfixturevalue(name)
