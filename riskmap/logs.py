"""Where unexpected errors are written: a rotating log file in the user log directory.

A refusal or a failure of the environment (riskmap.messages.describe knows it) is one line for
the user and nothing more; anything else is a bug: its traceback goes to the log, and the user's
one line says where the log is. `install_hooks` makes the same true for exceptions nobody
caught, on any thread (the window's slots, the workers).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
from pathlib import Path
from types import TracebackType

import platformdirs

LOGGER = logging.getLogger("riskmap")
_MAX_BYTES, _BACKUPS = 1 << 20, 3


def log_dir() -> Path:
    """$RISKMAP_LOG_DIR, else the platform's user log directory (~/.local/state/riskmap/log)."""
    env = os.environ.get("RISKMAP_LOG_DIR")
    return Path(env) if env else Path(platformdirs.user_log_dir("riskmap", appauthor=False))


def log_path() -> Path:
    return log_dir() / "riskmap.log"


def _handler() -> logging.Handler | None:
    """The file handler, attached on first use (a run without errors writes nothing)."""
    path = log_path()
    for h in LOGGER.handlers:
        if isinstance(h, logging.handlers.RotatingFileHandler) and Path(h.baseFilename) == path:
            return h
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    )
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False
    return handler


def record(exc: BaseException, where: str = "", tb: TracebackType | None = None) -> Path | None:
    """Write `exc` with its traceback to the log; its path, or None when it cannot be written."""
    handler = _handler()
    if handler is None:
        return None
    info = (type(exc), exc, tb or exc.__traceback__)
    LOGGER.error("unexpected error%s", f" in {where}" if where else "", exc_info=info)
    handler.flush()
    return Path(handler.baseFilename)


def user_line(exc: BaseException, lang: str, where: str = "") -> str:
    """The one line for the user; a bug is logged first and the line names the log."""
    from riskmap.messages import describe, text

    if describe(exc) is not None:
        return text(exc, lang)
    return text(exc, lang, record(exc, where))


def install_hooks(show: object = None) -> None:
    """Uncaught exceptions (main thread and other threads) become one line on stderr, or
    `show(line_for)` in the window, with the traceback in the log. `show` is called with a
    function lang → line."""

    def report(exc: BaseException, tb: TracebackType | None, where: str) -> None:
        if isinstance(exc, KeyboardInterrupt):
            return
        path = None
        from riskmap.messages import describe, text

        if describe(exc) is None:
            path = record(exc, where, tb) or None
        if callable(show):
            show(lambda lang: text(exc, lang, path))
        else:
            print(f"riskmap: error: {text(exc, 'cli', path)}", file=sys.stderr)

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        report(exc, tb, "main thread")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or isinstance(args.exc_value, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "a thread"
        report(args.exc_value, args.exc_traceback, name)

    sys.excepthook = hook
    threading.excepthook = thread_hook
