"""Start the desktop client."""

from __future__ import annotations

import sys
import time

from PySide6 import QtCore, QtWidgets

from riskmap.errors import RiskmapError


def user_settings() -> QtCore.QSettings:
    return QtCore.QSettings(
        QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, "riskmap", "riskmap"
    )


def create_app(argv: list[str] | None = None) -> QtWidgets.QApplication:
    app = QtWidgets.QApplication.instance()
    if app is None:
        QtWidgets.QApplication.setHighDpiScaleFactorRoundingPolicy(
            QtCore.Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QtWidgets.QApplication(argv or sys.argv[:1])
        app.setApplicationName("riskmap")
        app.setOrganizationName("riskmap")
    return app  # type: ignore[return-value]


def open_window(ws, settings: QtCore.QSettings, lang: str | None = None):
    """The main window on a loaded workspace, in the remembered (or given) language."""
    from riskmap.ui.fonts import INSTALL_HINT, apply_cjk_font
    from riskmap.ui.i18n import Translations
    from riskmap.ui.main_window import MainWindow

    app = create_app()
    family = apply_cjk_font(app)
    # One set of translators per application: a second window must not stack its own.
    translations = app.findChild(Translations) or Translations(app)
    chosen = lang or settings.value("language") or "zh"
    ok = translations.set_language(str(chosen))
    window = MainWindow(ws, settings, translations)
    if family is None:
        window.message(INSTALL_HINT)
        print(f"riskmap: {INSTALL_HINT}", file=sys.stderr)
    if not ok:
        window.message(translations.problem)
    return window


def run(store, lang: str | None = None, quit_after_ms: int | None = None) -> int:
    """Load the city and show the window; `quit_after_ms` closes it (for start-up timing)."""
    from riskmap.core.workspace import Workspace

    t0 = time.perf_counter()
    app = create_app()
    try:
        ws = Workspace.load(store)
    except RiskmapError as exc:
        QtWidgets.QMessageBox.critical(None, "riskmap", str(exc))
        raise
    window = open_window(ws, user_settings(), lang)
    window.show()
    if quit_after_ms is not None:

        def report() -> None:
            # Wall-clock, so a parent process can measure from its spawn (bench/startup.py).
            print(f"interactive at {time.time():.3f} ({time.perf_counter() - t0:.3f} s in run)")
            sys.stdout.flush()
            window.close()

        QtCore.QTimer.singleShot(quit_after_ms, report)
    code = app.exec()
    store.dispose()
    return code
