"""docs/architecture.md's "Adding a panel" listing, run as written against a real window."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6 import QtCore

from riskmap.core.region import Region
from riskmap.ui.app import open_window

DOC = Path(__file__).parents[2] / "docs" / "architecture.md"


def _example_source() -> str:
    section = DOC.read_text("utf-8").split("### Adding a panel", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "the section has its listing"
    return match.group(1)


@pytest.fixture
def window(qtbot, demo_ws, tmp_path):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(demo_ws, settings, "en")
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_the_documented_panel_follows_the_selection(qtbot, window) -> None:
    namespace: dict[str, object] = {"__name__": "adding_a_panel"}
    exec(compile(_example_source(), str(DOC), "exec"), namespace)
    panel = namespace["HazardCountPanel"](window.services)  # type: ignore[operator]
    assert panel.text() == "No selection"
    view_menu = window.services.menu("view")
    toggle = panel.dock.toggleViewAction()
    assert toggle in view_menu.actions() and toggle.text() == "Hazard count"

    with qtbot.waitSignal(window.sigDossierReady, timeout=20000) as ready:
        window.set_region(window.ws.whole_region())
    t = ready.args[0].totals.overall
    assert t.hazards > 0
    assert panel.text() == f"{t.hazards} hazards ({t.open} open) at {t.sites} sites"

    # A smaller selection (the west half of the city) gives other figures, and the panel
    # says them: it follows the state, not the first dossier.
    minx, miny, maxx, maxy = window.ws.whole_region().geom.bounds
    half = Region.from_rect(minx, miny, (minx + maxx) / 2, maxy, crs=window.ws.crs)
    with qtbot.waitSignal(window.sigDossierReady, timeout=20000) as again:
        window.set_region(half)
    h = again.args[0].totals.overall
    assert (h.hazards, h.sites) != (t.hazards, t.sites)
    assert panel.text() == f"{h.hazards} hazards ({h.open} open) at {h.sites} sites"

    window.clear_region()
    assert panel.text() == "No selection"
    shown = panel.dock.isVisible()
    toggle.trigger()  # the View-menu entry hides (or shows) the dock
    assert panel.dock.isVisible() is not shown
