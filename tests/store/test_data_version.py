from __future__ import annotations

import sqlite3
from pathlib import Path

from riskmap.store.watch import DataVersion


def _commit(path: Path, value: int) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE IF NOT EXISTS t (a)")
    con.execute("INSERT INTO t VALUES (?)", (value,))
    con.commit()
    con.close()


def test_changes_when_another_connection_commits(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    _commit(path, 1)
    probe = DataVersion(path)
    try:
        first = probe.read()
        assert isinstance(first, int)
        assert probe.read() == first  # nobody committed
        _commit(path, 2)
        assert probe.read() not in (None, first)
    finally:
        probe.close()


def test_none_without_a_file_and_back_when_it_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    probe = DataVersion(path)
    try:
        assert probe.read() is None
        _commit(path, 1)
        assert isinstance(probe.read(), int)
        path.unlink()
        assert probe.read() is None
        _commit(path, 1)  # a new file at the same path
        assert isinstance(probe.read(), int)
    finally:
        probe.close()
