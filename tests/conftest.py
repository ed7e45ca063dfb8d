from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from riskmap.store.engine import init_db, open_store


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """No test reads or writes the real user data directory or a $RISKMAP_DB of the machine."""
    monkeypatch.setenv("RISKMAP_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
    monkeypatch.delenv("RISKMAP_DB", raising=False)


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
    from riskmap.store.engine import demo_source_path

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
