"""Start the desktop client."""

from __future__ import annotations

import datetime as dt
import sys
import time
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets

from riskmap.errors import RiskmapError
from riskmap.ui.errors import install_window_hooks, show_error

if TYPE_CHECKING:
    from riskmap.core.workspace import Workspace
    from riskmap.ui.wall.window import WallWindow


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


def window_user(ws, settings: QtCore.QSettings, user: str | None = None):
    """The current user: `user` (the CLI's --user), else the one remembered from the last
    session, else resolve_actor's default (RISKMAP_USER, then the operating-system login)."""
    from riskmap.core.ledger import resolve_actor

    name = user or str(settings.value("user") or "").strip() or None
    actor = resolve_actor(ws.store, name)
    if user:
        settings.setValue("user", actor.name)
    return actor


def _prepare(settings: QtCore.QSettings, lang: str | None) -> tuple[Any, str | None, Any, bool]:
    """The application with its CJK font and translators in the chosen (or remembered)
    language: (app, CJK family or None, Translations, whether the language loaded)."""
    from riskmap.ui.fonts import apply_cjk_font
    from riskmap.ui.i18n import Translations

    app = create_app()
    family = apply_cjk_font(app)
    # One set of translators per application: a second window must not stack its own.
    translations = app.findChild(Translations) or Translations(app)
    chosen = lang or settings.value("language") or "zh"
    ok = translations.set_language(str(chosen))
    return app, family, translations, ok


def open_window(
    ws,
    settings: QtCore.QSettings,
    lang: str | None = None,
    user: str | None = None,
    today: dt.date | None = None,
):
    """The main window on a loaded workspace, in the remembered (or given) language, for the
    given (or remembered) user; `today` pins the ledger's date (tests, screenshots)."""
    from riskmap.ui.fonts import install_hint
    from riskmap.ui.main_window import MainWindow

    _app, family, translations, ok = _prepare(settings, lang)
    window = MainWindow(
        ws, settings, translations, actor=window_user(ws, settings, user), today=today
    )
    if family is None:
        window.message(install_hint())
        print(f"riskmap: {install_hint()}", file=sys.stderr)
    if not ok:
        window.message(translations.problem)
    return window


def open_wall(
    ws: Workspace,
    settings: QtCore.QSettings,
    lang: str | None = None,
    *,
    today: dt.date | None = None,
    interval_s: float | None = None,
    refresh_s: float | None = None,
    preset: str | None = None,
) -> WallWindow:
    """The wall display (not shown yet: `show_on_wall()` puts it full screen) on a loaded
    workspace. It is read-only whoever runs it. `interval_s`: seconds per step of the sequence
    (default: the remembered setting, else 20); `refresh_s`: the longest a change in the
    database takes to show (else 5); `preset`: a preset key (default: the nearest holiday);
    `today` pins the as-of date (tests, screenshots)."""
    from riskmap.ui.fonts import install_hint
    from riskmap.ui.wall import WallWindow

    _app, family, translations, ok = _prepare(settings, lang)
    if family is None:
        print(f"riskmap: {install_hint()}", file=sys.stderr)
    if not ok:
        print(f"riskmap: {translations.problem}", file=sys.stderr)
    return WallWindow(
        ws,
        settings,
        lang=translations.lang,
        today=today,
        interval_s=interval_s,
        refresh_s=refresh_s,
        preset=preset,
    )


def run(
    store,
    lang: str | None = None,
    quit_after_ms: int | None = None,
    user: str | None = None,
    wall: bool = False,
    wall_interval: float | None = None,
) -> int:
    """Load the city off the GUI thread (progress, Cancel), then show the main window — or,
    with `wall`, the wall display full screen on the largest screen.

    `quit_after_ms` closes the window that long after it is shown (start-up timing); `user` is
    the CLI's --user (else the remembered user, else RISKMAP_USER or the login name; the wall
    ignores it: it is a viewer whoever runs it); `wall_interval` is the seconds each step of the
    wall's sequence stays (default: the remembered setting, else 20).
    """
    from riskmap.core.workspace import Workspace
    from riskmap.ui.workers import JobContext, JobRunner

    t0 = time.perf_counter()
    app = create_app()
    install_window_hooks(app)
    settings = user_settings()
    runner = JobRunner(app)
    from riskmap.ui.i18n import Translations

    Translations(app).set_language(str(lang or settings.value("language") or "zh"))
    steps = {
        "layers": QtCore.QCoreApplication.translate("Startup", "Reading the layer catalog…"),
        "sites": QtCore.QCoreApplication.translate("Startup", "Loading sites…"),
        "index": QtCore.QCoreApplication.translate("Startup", "Building the spatial index…"),
        "districts": QtCore.QCoreApplication.translate("Startup", "Loading districts…"),
        "done": QtCore.QCoreApplication.translate("Startup", "Opening the map…"),
    }
    dialog = QtWidgets.QProgressDialog(
        "", QtCore.QCoreApplication.translate("Startup", "Cancel"), 0, 100
    )
    dialog.setWindowTitle("riskmap")
    dialog.setMinimumDuration(400)  # a small city opens before the dialog would appear
    state: dict[str, object] = {}

    def work(ctx: JobContext):
        return Workspace.load(
            store, progress=lambda done, total, what: ctx.progress(done, total, steps[what])
        )

    def progress(pct: int, text: str) -> None:
        dialog.setValue(pct)
        dialog.setLabelText(text)

    def loaded(ws) -> None:
        dialog.reset()
        if wall:
            from riskmap.ui.wall import pick_wall_screen

            window = open_wall(ws, settings, lang, interval_s=wall_interval)
            state["window"] = window
            window.show_on_wall(pick_wall_screen())
        else:
            window = open_window(ws, settings, lang, user)
            state["window"] = window
            window.show()
        if quit_after_ms is not None:

            def report() -> None:
                # Wall-clock, so a parent process can measure from its spawn (bench/startup.py).
                print(f"interactive at {time.time():.3f} ({time.perf_counter() - t0:.3f} s in run)")
                sys.stdout.flush()
                window.close()

            QtCore.QTimer.singleShot(quit_after_ms, report)

    def failed(message: str) -> None:
        dialog.reset()
        box = show_error(None, message)
        box.finished.connect(app.quit)
        state["error"] = message

    job = runner.submit(work, loaded, failed, label="load")
    job.signals.sigProgress.connect(progress)
    job.signals.sigCancelled.connect(app.quit)
    dialog.canceled.connect(job.cancel)
    code = app.exec()
    runner.cancel_all()
    runner.wait()
    store.dispose()
    if "error" in state:
        raise RiskmapError(str(state["error"]))
    return code
