"""The windows' Chinese font: the system's when it has one, else (or when asked) the bundled one."""

from __future__ import annotations

import pytest
from PySide6 import QtGui

from riskmap.brief.fonts import SANS_FAMILY
from riskmap.settings import PREFER_BUNDLED_FONT, load_settings
from riskmap.ui import fonts


@pytest.fixture
def app_font(qapp, monkeypatch):
    """The application font and the module's choice, put back after the test."""
    saved = QtGui.QFont(qapp.font())
    monkeypatch.setattr(fonts, "_active", None)
    yield qapp
    qapp.setFont(saved)


def _draws(family: str, text: str) -> bool:
    raw = QtGui.QRawFont.fromFont(QtGui.QFont(family))
    return raw.familyName() == family and all(raw.glyphIndexesForString(text))


def test_bundled_font_is_registered_and_writes_chinese(app_font) -> None:
    assert SANS_FAMILY in fonts.register_bundled()
    assert fonts.bundled_problem() == ""
    assert SANS_FAMILY in QtGui.QFontDatabase.families()
    styles = set(QtGui.QFontDatabase.styles(SANS_FAMILY))
    assert {"Regular", "Bold"} <= styles
    assert _draws(SANS_FAMILY, "安全隐患督办①℃㎡→●")


def test_the_bundled_font_is_never_taken_for_a_system_one(app_font) -> None:
    fonts.register_bundled()
    assert fonts.system_cjk_family() not in (SANS_FAMILY, "Riskmap Noto Serif SC")


def test_preferring_the_bundled_font(app_font) -> None:
    assert fonts.apply_cjk_font(app_font, prefer_bundled=True) == SANS_FAMILY
    families = app_font.font().families()
    assert families[-1] == SANS_FAMILY and families.count(SANS_FAMILY) == 1
    assert fonts.find_cjk_family() == SANS_FAMILY
    # Without the preference: the system's Chinese family, or the bundled one where it has none.
    want = fonts.system_cjk_family() or SANS_FAMILY
    assert fonts.apply_cjk_font(app_font, prefer_bundled=False) == want
    assert app_font.font().families()[-1] == want
    assert fonts.find_cjk_family() == want


def test_the_view_menu_setting_is_kept_and_applied(app_font) -> None:
    from PySide6 import QtCore

    parent = QtCore.QObject()
    action = fonts.BundledFontAction(parent)
    action.retranslate()
    assert action.isCheckable() and not action.isChecked()
    assert action.text() == "Use the bundled Chinese font"
    action.setChecked(True)
    assert load_settings()[PREFER_BUNDLED_FONT] is True
    assert fonts.find_cjk_family() == SANS_FAMILY
    assert app_font.font().families()[-1] == SANS_FAMILY
    # A new window (a new action) starts checked: the setting survives.
    assert fonts.BundledFontAction(parent).isChecked()
    action.setChecked(False)
    assert PREFER_BUNDLED_FONT not in load_settings()
    assert fonts.find_cjk_family() == (fonts.system_cjk_family() or SANS_FAMILY)
