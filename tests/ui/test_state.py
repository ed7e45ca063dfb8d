"""AppState: one signal per real change, none for an equal value; the window keeps it true."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6 import QtCore

from riskmap.core.dossier import Filters
from riskmap.core.region import Region
from riskmap.store.access import Actor
from riskmap.ui.app import open_window
from riskmap.ui.state import AppState


def _record(state: AppState) -> dict[str, list[object]]:
    seen: dict[str, list[object]] = {}
    for name in ("Region", "Dossier", "SelectedSite", "AsOf", "Filters", "Actor", "Language"):
        seen[name] = []
        getattr(state, f"sig{name}Changed").connect(lambda v, n=name: seen[n].append(v))
    return seen


def _state() -> AppState:
    return AppState(actor=Actor("wang", "editor"), language="zh", as_of=dt.date(2026, 5, 1))


def test_each_setter_emits_once_per_real_change(qapp) -> None:
    state = _state()
    seen = _record(state)
    assert state.set_selected_site(7) is True
    assert state.set_selected_site(7) is False  # the same site: nothing to redraw
    state.set_selected_site(None)
    state.set_as_of(dt.date(2026, 5, 1))  # the date it already had
    state.set_as_of(dt.date(2026, 5, 2))
    state.set_filters(Filters(status="open", as_of=dt.date(2026, 5, 2)))
    state.set_filters(Filters(status="open", as_of=dt.date(2026, 5, 2)))  # equal, not the same
    state.set_language("zh")
    state.set_language("en")
    state.set_language("en")
    assert seen["SelectedSite"] == [7, None]
    assert seen["AsOf"] == [dt.date(2026, 5, 2)]
    assert seen["Filters"] == [Filters(status="open", as_of=dt.date(2026, 5, 2))]
    assert seen["Language"] == ["en"]
    assert state.selected_site is None and state.language == "en"
    assert seen["Region"] == seen["Dossier"] == seen["Actor"] == []


def test_a_region_is_new_whenever_it_is_another_selection(qapp) -> None:
    state = _state()
    seen = _record(state)
    first = Region.from_rect(0, 0, 100, 100, crs="EPSG:4547")
    again = Region.from_rect(0, 0, 100, 100, crs="EPSG:4547")
    state.set_region(first)
    state.set_region(first)
    state.set_region(again)  # the same rectangle drawn twice is two selections
    state.set_region(None)
    assert seen["Region"] == [first, again, None]
    assert [r is first for r in seen["Region"][:2]] == [True, False]


def test_signing_in_is_a_change_of_actor(qapp) -> None:
    state = _state()
    seen = _record(state)
    state.set_actor(Actor("wang", "editor"))  # equal: no change
    signed = Actor("wang", "editor", authenticated=True)
    state.set_actor(signed)
    state.set_actor(Actor("li", "admin"))
    assert [(a.name, a.authenticated) for a in seen["Actor"]] == [("wang", True), ("li", False)]


@pytest.fixture
def window(qtbot, demo_ws, tmp_path):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(demo_ws, settings, "en")
    qtbot.addWidget(win)
    yield win
    win.close()


def test_the_window_sets_what_it_shows_through_its_state(qtbot, window) -> None:
    state = window.state
    seen = _record(state)
    region = window.ws.whole_region()
    with qtbot.waitSignal(window.sigDossierReady, timeout=20000) as ready:
        window.set_region(region)
    assert seen["Region"] == [region]
    assert state.dossier is ready.args[0] and seen["Dossier"] == [ready.args[0]]
    sid = ready.args[0].sites[0].id
    window.show_site(sid, fly=False)
    window.show_site(sid, fly=False)
    assert seen["SelectedSite"] == [sid]
    window.status_combo.setCurrentIndex(1)  # open only
    assert state.filters.status == "open"
    window.asof_edit.selectAll()
    qtbot.keyClicks(window.asof_edit, "2026-01-15")  # typed, as a user does
    assert state.as_of == dt.date(2026, 1, 15) and seen["AsOf"][-1] == dt.date(2026, 1, 15)
    assert state.filters.as_of == dt.date(2026, 1, 15)
    window.set_language("zh")
    assert seen["Language"] == ["zh"] and window.lang == "zh"
    window.clear_region()
    assert state.region is None and state.dossier is None
