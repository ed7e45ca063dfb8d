"""Qt translations: English source strings, zh_CN from resources/i18n/riskmap_zh_CN.qm.

The .qm files are built from the .ts sources by `make i18n` (pyside6-lrelease); the .ts files
are updated from the code with `make i18n-update` (pyside6-lupdate) and translated there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore

LANGUAGES = ("zh", "en")
# The window's language now: errors raised on worker threads are worded in it (ui.errors).
_current = {"lang": "zh"}


def ui_language() -> str:
    """The language the window speaks now ("zh" or "en")."""
    return _current["lang"]


def qm_path(lang: str) -> Path | None:
    from riskmap.paths import resources_dir

    if lang != "zh":
        return None
    return resources_dir() / "i18n" / "riskmap_zh_CN.qm"


def qt_translator(lang: str, parent: QtCore.QObject | None = None) -> QtCore.QTranslator | None:
    """Qt's own strings (standard buttons 确定/取消/保存, the non-native file dialog) for `lang`,
    from the translations PySide6 ships (and the bundle carries: installer/riskmap.spec keeps
    the zh_CN ones); None for English or when they are missing."""
    if lang != "zh":
        return None
    qt_tr = QtCore.QTranslator(parent)
    qt_dir = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
    if not qt_tr.load("qtbase_zh_CN", qt_dir):
        return None
    return qt_tr


class Retranslating:
    """For a QObject that is no widget (a feature's actions and menus, parented to the window):
    `retranslate()` on the LanguageChange Qt passes from a widget to its children, as a widget
    does in its changeEvent. A switch of translators is the only signal of a new language."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def event(self, ev: QtCore.QEvent) -> bool:
        if ev.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        return super().event(ev)  # type: ignore[misc]


def deliver_language_change() -> None:
    """Retranslate now: Qt posts LanguageChange to the windows when translators change, and a
    caller that goes on to show translated text wants it done before it returns."""
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.LanguageChange)


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
        _current["lang"] = lang
        if lang == "en":
            return True
        # Qt's own strings first and whatever becomes of ours: a missing riskmap_zh_CN.qm must
        # not leave the standard buttons in English too.
        qt_tr = qt_translator(lang, self)
        if qt_tr is not None:
            self._app.installTranslator(qt_tr)
            self._installed.append(qt_tr)
        path = qm_path(lang)
        ours = QtCore.QTranslator(self)
        if path is None or not ours.load(str(path)):
            self.problem = f"translation file missing: {path} (build it with: make i18n)"
            return False
        self._app.installTranslator(ours)
        self._installed.append(ours)
        return True
