"""File → Database…: test, create and choose the database, SQLite or PostGIS."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PySide6 import QtWidgets
from sqlalchemy.engine import make_url

from riskmap.settings import default_db_url, load_settings
from riskmap.ui.database_dialog import DatabaseDialog, save_pgpass

OK = QtWidgets.QDialogButtonBox.StandardButton.Ok


def _dialog(qtbot, url: str) -> DatabaseDialog:
    dlg = DatabaseDialog(url)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _test(qtbot, dlg: DatabaseDialog) -> None:
    dlg.test_button.click()
    qtbot.waitUntil(lambda: dlg.test_button.isEnabled(), timeout=15000)


def _fill_server(dlg: DatabaseDialog, url: str) -> None:
    u = make_url(url)
    dlg.server.setChecked(True)
    dlg.host.setText(u.host)
    dlg.port.setValue(u.port)
    dlg.dbname.setText(u.database)
    dlg.user.setText(u.username)


def test_a_sqlite_city_is_tested_and_saved_as_the_default(qtbot, demo_copy: str) -> None:
    dlg = _dialog(qtbot, demo_copy)
    assert dlg.local.isChecked() and dlg.url() == demo_copy
    assert not dlg.buttons.button(OK).isEnabled()  # not before a successful test
    _test(qtbot, dlg)
    assert "青岚市" in dlg.status.text() and "4,206" in dlg.status.text()
    assert dlg.buttons.button(OK).isEnabled()
    with qtbot.waitSignal(dlg.sigChosen) as chosen:
        dlg.buttons.button(OK).click()
    assert chosen.args == [demo_copy]
    assert load_settings()["database"] == demo_copy == default_db_url()


def test_the_server_form_connects_to_postgis(qtbot, demo_pg_url: str) -> None:
    dlg = _dialog(qtbot, "sqlite:///nowhere.sqlite")
    _fill_server(dlg, demo_pg_url)
    assert dlg.url() == demo_pg_url
    _test(qtbot, dlg)
    assert "青岚市" in dlg.status.text()
    dlg.buttons.button(OK).click()
    assert load_settings()["database"] == demo_pg_url


def test_a_missing_server_database_can_be_created(qtbot, pg_url: str) -> None:
    dlg = _dialog(qtbot, pg_url + "_made_here")
    assert dlg.server.isChecked() and dlg.dbname.text().endswith("_made_here")
    _test(qtbot, dlg)
    assert dlg.create_empty.isVisible() and not dlg.buttons.button(OK).isEnabled()
    dlg.create_empty.click()
    qtbot.waitUntil(lambda: dlg.buttons.button(OK).isEnabled(), timeout=30000)
    assert (dlg.probe.state, dlg.probe.sites) == ("ready", 0)
    from sqlalchemy import create_engine

    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'DROP DATABASE "{dlg.dbname.text()}" WITH (FORCE)')
    admin.dispose()


def test_an_unreachable_server_says_why_and_saves_nothing(qtbot) -> None:
    dlg = _dialog(qtbot, "postgresql+psycopg2://someone@127.0.0.1:1/riskmap")
    _test(qtbot, dlg)
    assert "Connection refused" in dlg.status.text()
    assert not dlg.buttons.button(OK).isEnabled()
    dlg.accept()  # even forced, nothing is saved
    assert "database" not in load_settings()
    failed = dlg.status.text()
    dlg.port.setValue(5433)  # editing the form asks for a new test
    assert dlg.status.text() != failed and dlg.status.styleSheet() == ""


def test_password_file_is_private_and_keeps_one_line_per_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    save_pgpass("db1", 5432, "riskmap", "wall", "old")
    save_pgpass("db2", 5432, "riskmap", "wall", "other")
    path = save_pgpass("db1", 5432, "riskmap", "wall", "new:pass")
    assert path.read_text().splitlines() == [
        "db2:5432:riskmap:wall:other",
        "db1:5432:riskmap:wall:new\\:pass",
    ]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_file_menu_opens_it_and_the_title_names_the_server(qtbot, demo_pg_ws, tmp_path) -> None:
    from PySide6 import QtCore

    from riskmap.ui.app import open_window

    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(demo_pg_ws, settings, "en")
    qtbot.addWidget(win)
    u = make_url(demo_pg_ws.store.url)
    assert win.windowTitle().endswith(f" — {u.host}/{u.database}")
    texts = [a.text() for a in win.menu_file.actions()]
    assert "Database…" in texts and texts.index("Database…") < len(texts) - 1  # before Quit
    dlg = win.database_ui.open()
    assert dlg.server.isChecked() and dlg.dbname.text() == u.database
    dlg.reject()
    win.close()


def test_restart_drops_the_db_option() -> None:
    from riskmap.ui.database_dialog import restart_command

    program, args = restart_command(["riskmap", "--db", "sqlite:///x", "--lang", "zh", "--db=y"])
    assert args[-2:] == ["--lang", "zh"] and "--db" not in " ".join(args)
    assert program
