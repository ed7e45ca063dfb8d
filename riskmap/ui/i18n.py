"""Qt translations: English source strings, zh_CN from resources/i18n/riskmap_zh_CN.qm.

The .qm files are built from the .ts sources by `make i18n` (pyside6-lrelease); the .ts files
are updated from the code with `make i18n-update` (pyside6-lupdate) and translated there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore

LANGUAGES = ("zh", "en")


def qm_path(lang: str) -> Path | None:
    from riskmap.paths import resources_dir

    if lang != "zh":
        return None
    return resources_dir() / "i18n" / "riskmap_zh_CN.qm"


class Translations(QtCore.QObject):
    """Installs the translators for one language and swaps them on a switch."""

    def __init__(self, app: QtCore.QCoreApplication):
        super().__init__(app)
        self._app = app
        self._installed: list[QtCore.QTranslator] = []
        self.lang = "en"
        self.problem = ""

    def set_language(self, lang: str) -> bool:
        """Switch; False (and `problem` set) when the translation file cannot be loaded."""
        if lang not in LANGUAGES:
            lang = "en"
        for tr in self._installed:
            self._app.removeTranslator(tr)
        self._installed.clear()
        self.problem = ""
        self.lang = lang
        if lang == "en":
            return True
        path = qm_path(lang)
        ours = QtCore.QTranslator(self)
        if path is None or not ours.load(str(path)):
            self.problem = f"translation file missing: {path} (build it with: make i18n)"
            return False
        self._app.installTranslator(ours)
        self._installed.append(ours)
        # Qt's own strings (standard dialogs and buttons) in Chinese when Qt ships them.
        qt_tr = QtCore.QTranslator(self)
        qt_dir = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_tr.load(QtCore.QLocale(QtCore.QLocale.Language.Chinese), "qtbase", "_", qt_dir):
            self._app.installTranslator(qt_tr)
            self._installed.append(qt_tr)
        return True
