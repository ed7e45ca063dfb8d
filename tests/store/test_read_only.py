"""Looking at a SQLite file that may not be riskmap's changes nothing in it: not its bytes, not
its journal mode, no -wal or -shm beside it. WAL is for confirmed riskmap databases only."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from riskmap.errors import StoreError
from riskmap.store.checks import probe_database
from riskmap.store.engine import open_store


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _journal_mode(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(con.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    """Another program's SQLite database, in the default rollback-journal mode."""
    path = tmp_path / "巡检记录.db"
    con = sqlite3.connect(path)
    with con:
        con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        con.executemany("INSERT INTO notes (text) VALUES (?)", [("早班",), ("晚班",)])
    con.close()
    assert _journal_mode(path) == "delete"
    return path


def _unchanged(path: Path, digest: str) -> None:
    assert _digest(path) == digest
    assert _journal_mode(path) == "delete"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_open_and_probe_leave_a_foreign_file_alone(foreign: Path) -> None:
    url = f"sqlite:///{foreign}"
    before = _digest(foreign)
    with pytest.raises(StoreError, match="is not a riskmap database"):
        open_store(url)
    _unchanged(foreign, before)
    with pytest.raises(StoreError, match="not a riskmap database"):
        open_store(url, read_only=True)
    _unchanged(foreign, before)
    with pytest.raises(StoreError, match="holds other tables but no riskmap ones"):
        probe_database(url)
    _unchanged(foreign, before)


@pytest.mark.parametrize("command", [["db", "check", "--db"], ["db", "use"], ["query", "--db"]])
def test_commands_leave_a_foreign_file_alone(foreign: Path, command: list[str]) -> None:
    before = _digest(foreign)
    proc = subprocess.run(
        [sys.executable, "-m", "riskmap", *command, f"sqlite:///{foreign}"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 2, proc.stderr
    assert "not a riskmap database" in proc.stderr and "Traceback" not in proc.stderr
    _unchanged(foreign, before)


def test_wal_only_for_a_riskmap_database_opened_to_write(demo_copy: str, tmp_path: Path) -> None:
    path = Path(demo_copy.removeprefix("sqlite:///"))
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    copy = tmp_path / "check" / "city.sqlite"
    copy.parent.mkdir()
    shutil.copyfile(path, copy)
    before = _digest(copy)
    store = open_store(f"sqlite:///{copy}", read_only=True)  # as db check and db use do
    store.dispose()
    _unchanged(copy, before)
    store = open_store(demo_copy)
    with store.engine.connect() as c:
        c.exec_driver_sql("SELECT COUNT(*) FROM sites").scalar_one()
    store.dispose()
    assert _journal_mode(path) == "wal"
