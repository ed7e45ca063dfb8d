from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from offscreen_screens import offscreen_platform

# Qt's offscreen screen is 800×800 unless told otherwise; the windows under test are sized for
# a desktop (a window never outgrows its screen: riskmap.ui.screen_fit), so they get one of
# 1920×1200, as large as the main window's tests resize it and not maximised on a first start.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    _folder = Path(tempfile.gettempdir()) / f"riskmap-test-screens-{os.getuid()}"
    _folder.mkdir(exist_ok=True)
    os.environ["QT_QPA_PLATFORM"] = offscreen_platform(_folder, 1920, 1200)


@pytest.fixture(autouse=True)
def _english_after_each_test(qapp) -> Iterator[None]:
    """A test that opens a window in Chinese leaves its translators on the application; the next
    test must start in the source language whatever ran before it."""
    yield
    from riskmap.ui.i18n import Translations

    for translations in qapp.findChildren(Translations):
        translations.set_language("en")
