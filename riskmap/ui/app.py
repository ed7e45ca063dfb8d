"""Start the desktop client."""

from __future__ import annotations

import datetime as dt
import gc
import importlib
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


def remembered_user(settings: QtCore.QSettings, user: str | None = None) -> str:
    """The user name to offer: `user` (the CLI's --user), else the one remembered from the last
    session, else RISKMAP_USER, else the operating-system login."""
    from riskmap.core.database import login_name

    return login_name(user or str(settings.value("user") or "").strip() or None)


def window_user(ws, settings: QtCore.QSettings, user: str | None = None):
    """The current user by name, unproven (tests, screenshots; `run` signs people in): `user`,
    else the remembered one. On PostgreSQL the database login, unless `user` names another."""
    from riskmap.core.ledger import resolve_actor

    if ws.store.is_postgis:
        actor = resolve_actor(ws.store, user)
    else:
        actor = resolve_actor(ws.store, remembered_user(settings, user))
    if user:
        settings.setValue("user", actor.name)
    return actor


def sign_in_dialog(ws, settings: QtCore.QSettings, user: str | None = None):
    """The sign-in at start (not shown yet): a LoginDialog prefilled with the user to offer."""
    from riskmap.ui.ledger.login import LoginDialog

    return LoginDialog(ws.store, remembered_user(settings, user))


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
    actor=None,
):
    """The main window on a loaded workspace, in the remembered (or given) language, for
    `actor` (signed in by `run`), else the given (or remembered) user by name; `today` pins the
    ledger's date (tests, screenshots)."""
    from riskmap.ui.fonts import install_hint
    from riskmap.ui.main_window import MainWindow

    _app, family, translations, ok = _prepare(settings, lang)
    if actor is None:
        actor = window_user(ws, settings, user)
    else:
        settings.setValue("user", actor.name)
    window = MainWindow(ws, settings, translations, actor=actor, today=today)
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
    password: str | None = None,
) -> int:
    """Load the city off the GUI thread (progress, Cancel), then sign in and show the main
    window — or, with `wall`, the wall display full screen on the largest screen.

    `quit_after_ms` closes the window that long after it is shown (start-up timing); `user` is
    the CLI's --user, offered in the sign-in dialog (else the remembered user, else RISKMAP_USER
    or the login name; the wall ignores it: it is a viewer whoever runs it, and asks nobody);
    `password` (the CLI's --password-stdin) signs `user` in without the dialog; on PostgreSQL
    the database login is the user and nothing is asked. `wall_interval` is the seconds each
    step of the wall's sequence stays (default: the remembered setting, else 20).
    """
    from riskmap.core.workspace import INDEX_LATER_FROM, Workspace
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

    script_user = remembered_user(settings, user) if password is not None else ""

    def work(ctx: JobContext):
        # A large city's index is built once the window is up: its first frame is drawn from
        # counts, and whatever needs the index waits for it (the wall keeps the plain load).
        ws = Workspace.load(
            store,
            progress=lambda done, total, what: ctx.progress(done, total, steps[what]),
            index_later_from=None if wall else INDEX_LATER_FROM,
        )
        if password is None or wall or ws.store.is_postgis:
            return ws, None
        # A script's sign-in is checked here too (scrypt, ~50 ms), beside the window's imports.
        from riskmap.core.accounts import authenticate

        try:
            return ws, authenticate(ws.store, script_user, password)
        except RiskmapError as exc:
            return ws, exc

    def progress(pct: int, text: str) -> None:
        dialog.setValue(pct)
        dialog.setLabelText(text)

    def loaded(result) -> None:
        ws, signed_in = result
        dialog.reset()
        if wall:
            from riskmap.ui.wall import pick_wall_screen

            window = open_wall(ws, settings, lang, interval_s=wall_interval)
            window.show_on_wall(pick_wall_screen())
            shown(window, ws)
        elif ws.store.is_postgis:
            window = open_window(ws, settings, lang, user)
            window.show()
            shown(window, ws)
        elif password is not None:
            if isinstance(signed_in, RiskmapError):  # a script's sign-in: one line, no dialog
                state["error"] = str(signed_in)
                app.quit()
                return
            window = open_window(ws, settings, lang, actor=signed_in)
            window.show()
            shown(window, ws)
        else:
            sign_in(ws)

    def sign_in(ws) -> None:
        dlg = sign_in_dialog(ws, settings, user)
        state["login"] = dlg

        def accepted() -> None:
            window = open_window(ws, settings, lang, actor=dlg.actor)
            window.show()
            shown(window, ws)

        dlg.accepted.connect(accepted)
        dlg.rejected.connect(app.quit)  # nobody signed in: nothing to open
        dlg.open()

    def shown(window, ws) -> None:
        state["window"] = window
        if quit_after_ms is not None:

            def report() -> None:
                # Wall-clock, so a parent process can measure from its spawn (bench/startup.py).
                print(f"interactive at {time.time():.3f} ({time.perf_counter() - t0:.3f} s in run)")
                sys.stdout.flush()
                window.close()

            QtCore.QTimer.singleShot(quit_after_ms, report)
        QtCore.QTimer.singleShot(0, lambda: after_first_frame(ws))

    def after_first_frame(ws) -> None:
        ws.start_index()  # a large city's, left for now by the load (index_later_from)
        # The start kept the cyclic collector off (riskmap.cli.cmd_gui); once the first frame
        # is up, one full pass moves what the start made to the oldest generation, where the
        # collector leaves it until it grows by a quarter, instead of three passes over it as
        # the young generations age.
        if not gc.isenabled():
            gc.enable()
            gc.collect()

    def failed(message: str) -> None:
        dialog.reset()
        box = show_error(None, message)
        box.finished.connect(app.quit)
        state["error"] = message

    job = runner.submit(work, loaded, failed, label="load")
    job.signals.sigProgress.connect(progress)
    job.signals.sigCancelled.connect(app.quit)
    dialog.canceled.connect(job.cancel)
    # The first window's modules import here while the city loads on the worker, which leaves
    # the GIL to SQLite and shapely much of the time: on the demo city the load hides behind
    # the imports instead of coming before them.
    importlib.import_module("riskmap.ui.wall.window" if wall else "riskmap.ui.main_window")
    code = app.exec()
    runner.cancel_all()
    runner.wait()
    store.dispose()
    if "error" in state:
        raise RiskmapError(str(state["error"]))
    return code
