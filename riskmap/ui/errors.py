"""The window's one way to say what went wrong: the catalogue (riskmap.messages) in the UI
language, never a command-line flag, never a traceback.

`error_text(exc)` is the line for a label, a status bar or a worker's failure signal;
`show_error(parent, exc)` puts it in a dialog. A bug (an exception the catalogue does not
know) is written to the log first, and the line says where the log is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtWidgets

from riskmap.logs import user_line
from riskmap.messages import note_text as _note_text
from riskmap.ui.i18n import ui_language


def error_text(exc: BaseException, where: str = "") -> str:
    """`exc` as one line in the window's language (a bug is logged, and the line says where)."""
    return user_line(exc, ui_language(), where)


def note_text(note: str) -> str:
    """A reader's or a region's note (riskmap.messages.Note) in the window's language."""
    return _note_text(note, ui_language())


def notes_text(notes: list[str] | tuple[str, ...], sep: str = "") -> str:
    """Several notes in the window's language, joined as the language punctuates a list."""
    sep = sep or ("；" if ui_language() == "zh" else "; ")
    return sep.join(note_text(n) for n in notes)


def show_error(
    parent: QtWidgets.QWidget | None, error: BaseException | str, title: str = ""
) -> QtWidgets.QMessageBox:
    """A warning dialog with the error in the window's language (modeless: the caller goes on;
    the box deletes itself when closed)."""
    text = error if isinstance(error, str) else error_text(error)
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
    box.setWindowTitle(title or "riskmap")
    box.setText(text)
    box.setStandardButtons(QtWidgets.QMessageBox.StandardButton.Ok)
    box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:
        # Nothing on the Qt side holds a parentless box: Python does, until it is closed.
        _unparented.add(box)
        box.finished.connect(lambda _r, b=box: _unparented.discard(b))
    box.open()
    return box


_unparented: set[QtWidgets.QMessageBox] = set()


class _Relay(QtCore.QObject):
    """Carries an uncaught exception's line from any thread to the GUI thread."""

    sigLine = QtCore.Signal(object)


def install_window_hooks(app: QtCore.QCoreApplication) -> None:
    """Exceptions nobody caught (a slot, a timer, a thread) become a dialog in the window's
    language, with the traceback in the log; the application keeps running."""
    from riskmap.logs import install_hooks

    relay = _Relay(app)
    relay.setObjectName("riskmap-error-relay")

    def shown(line_for: Callable[[str], str]) -> None:
        show_error(QtWidgets.QApplication.activeWindow(), line_for(ui_language()))

    relay.sigLine.connect(shown, QtCore.Qt.ConnectionType.QueuedConnection)
    install_hooks(show=relay.sigLine.emit)
