"""Every window and dialog inside the screen it opens on.

One rule, in one place: a top-level window is never larger than the available geometry of its
screen (the screen less the taskbar, QScreen.availableGeometry), frame included, and never
placed partly off it. A 1366×768 laptop and a 4K display at 200 % (1920×1080 logical) get the
same application; a dialog whose content is taller than the screen scrolls it (`scrolling`)
and keeps its buttons below, on screen.

`keep_on_screen` is what every window and dialog calls in its constructor: `fit_to_screen` (its
wanted size, clamped) now, and again each time it is shown — a main window restored from a
session on a larger screen, a dialog after the window manager has framed it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6 import QtCore, QtGui, QtWidgets

# The first start: the main window takes this share of a large screen, and is maximised on a
# screen at or below SMALL_SCREEN (a laptop, a 1080p monitor), where every pixel is wanted for
# the map and the lists under it.
FIRST_START_SHARE = 0.9
SMALL_SCREEN = QtCore.QSize(1920, 1200)
FULL_SCREEN = QtCore.Qt.WindowState.WindowFullScreen
MAXIMISED = QtCore.Qt.WindowState.WindowMaximized


def _top(widget: QtWidgets.QWidget) -> QtWidgets.QWidget:
    # QWidget's own methods, called unbound: a window may name an attribute `window` or `width`
    # (the wall's preset window, a form's width field)
    return QtWidgets.QWidget.window(widget)


def screen_of(widget: QtWidgets.QWidget) -> QtGui.QScreen | None:
    """The screen `widget` is on, or its parent window's, or the primary one."""
    for w in (widget, widget.parentWidget()):
        if w is not None:
            screen = _top(w).screen()
            if screen is not None:
                return screen
    return QtGui.QGuiApplication.primaryScreen()


def available(widget: QtWidgets.QWidget) -> QtCore.QRect:
    """The available geometry (logical pixels) of the screen `widget` is on."""
    screen = screen_of(widget)
    return screen.availableGeometry() if screen is not None else QtCore.QRect(0, 0, 1024, 768)


def frame_margins(widget: QtWidgets.QWidget) -> QtCore.QMargins:
    """The window manager's frame around `widget`: its own once it has one, else that of
    another visible window of the application (the same window manager draws both)."""
    candidates = [_top(widget), *QtWidgets.QApplication.topLevelWidgets()]
    for w in candidates:
        handle = w.windowHandle()
        if handle is not None and w.isVisible():
            m = handle.frameMargins()
            if not m.isNull():
                return m
    return QtCore.QMargins()


def fit_to_screen(
    widget: QtWidgets.QWidget,
    width: int | None = None,
    height: int | None = None,
    *,
    place: bool = True,
) -> None:
    """Size the window `widget` to `width`×`height` logical pixels (default: its current size)
    but no larger than its screen's available geometry, frame included; with `place`, move a
    window that is on screen inside that geometry."""
    win = _top(widget)
    if win.windowState() & (FULL_SCREEN | MAXIMISED):
        return  # the platform sizes these to the screen itself
    area = available(win)
    m = frame_margins(win)
    room_w = area.width() - m.left() - m.right()
    room_h = area.height() - m.top() - m.bottom()
    size = QtWidgets.QWidget.size(win)
    w = min(width if width is not None else size.width(), room_w)
    h = min(height if height is not None else size.height(), room_h)
    if (w, h) != (size.width(), size.height()):
        win.resize(max(1, w), max(1, h))
    if place and win.isVisible():
        # A dialog is centred over its parent by Qt as it is shown; this pulls inside what
        # still overhangs (a window restored where another screen used to be).
        extra = QtCore.QSize(m.left() + m.right(), m.top() + m.bottom())
        frame = QtCore.QRect(win.pos(), win.size() + extra)
        x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
        y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
        if (x, y) != (frame.x(), frame.y()):
            win.move(max(x, area.left()), max(y, area.top()))


def first_start(win: QtWidgets.QWidget) -> None:
    """The main window on its first start: most of a large screen, maximised on a small one."""
    area = available(win)
    if area.width() < SMALL_SCREEN.width() or area.height() < SMALL_SCREEN.height():
        fit_to_screen(win, area.width(), area.height())
        win.setWindowState(win.windowState() | QtCore.Qt.WindowState.WindowMaximized)
        return
    w, h = round(area.width() * FIRST_START_SHARE), round(area.height() * FIRST_START_SHARE)
    fit_to_screen(win, w, h)
    win.move(area.x() + (area.width() - w) // 2, area.y() + (area.height() - h) // 2)


def scrolling(content: QtWidgets.QWidget | QtWidgets.QLayout) -> QtWidgets.QScrollArea:
    """`content` in a frameless scroll area: as large as the room it gets, scrolled when the
    screen is smaller than it. A dialog puts its body here and its buttons below, outside."""
    area = _Scroll()
    area.setObjectName("screen_fit_scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
    if isinstance(content, QtWidgets.QLayout):
        body = QtWidgets.QWidget()
        body.setLayout(content)
        content.setContentsMargins(0, 0, 0, 0)
        content = body
    area.setWidget(content)
    # The body's own size is what the dialog asks for while the screen has room for it.
    area.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding,
                       QtWidgets.QSizePolicy.Policy.Expanding)  # fmt: skip
    return area


def body_above_buttons(
    dialog: QtWidgets.QWidget,
    body: QtWidgets.QLayout,
    left: Sequence[QtWidgets.QWidget],
    right: Sequence[QtWidgets.QWidget],
) -> None:
    """`dialog`'s layout: `body` scrolling, and below it, always on screen, a row of buttons
    (`left` from the left edge, `right` at the right edge)."""
    buttons = QtWidgets.QHBoxLayout()
    for button in left:
        buttons.addWidget(button)
    buttons.addStretch(1)
    for button in right:
        buttons.addWidget(button)
    lay = QtWidgets.QVBoxLayout(dialog)
    lay.addWidget(scrolling(body), 1)
    lay.addLayout(buttons)


class _Scroll(QtWidgets.QScrollArea):
    """A scroll area that asks for all of its content's size (QScrollArea's own hint stops at
    about 36×24 lines): the window's size decides when it scrolls, not a guess."""

    def setWidget(self, widget: QtWidgets.QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, obj: QtCore.QObject, ev: QtCore.QEvent) -> bool:
        if obj is self.widget() and ev.type() == QtCore.QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the content's new size reaches the dialog's layout
        return super().eventFilter(obj, ev)

    def sizeHint(self) -> QtCore.QSize:
        body = self.widget()
        if body is None:
            return super().sizeHint()
        f = 2 * self.frameWidth()
        return body.sizeHint().expandedTo(body.minimumSizeHint()) + QtCore.QSize(f, f)


class ScreenGuard(QtCore.QObject):
    """Clamps the windows it watches to their screen each time they are shown: after a restore
    from a larger screen, after the window manager adds its frame."""

    def eventFilter(self, obj: QtCore.QObject, ev: QtCore.QEvent) -> bool:
        if ev.type() == QtCore.QEvent.Type.Show and isinstance(obj, QtWidgets.QWidget):
            if obj.windowState() & (FULL_SCREEN | MAXIMISED):
                return False  # the platform sizes these to the screen
            if not obj.testAttribute(QtCore.Qt.WidgetAttribute.WA_Resized):
                _natural_size(obj)
            fit_to_screen(obj, place=False)  # Qt places it after this event
            # Placed, and framed by the window manager, once it is mapped: fit it again then.
            QtCore.QTimer.singleShot(0, obj, lambda w=obj: fit_to_screen(w))
        return False


def _natural_size(win: QtWidgets.QWidget) -> None:
    """A window sized by Qt from its content (none was given): from the scroll areas' content as
    it is now, not as it was when the scroll areas last asked (before the fonts and styles)."""
    for area in win.findChildren(_Scroll):
        area.updateGeometry()
    if win.layout() is not None:
        win.layout().activate()
    win.resize(win.sizeHint().expandedTo(win.minimumSize()))
    win.setAttribute(QtCore.Qt.WidgetAttribute.WA_Resized, False)


def keep_on_screen(
    win: QtWidgets.QWidget, width: int | None = None, height: int | None = None
) -> None:
    """`fit_to_screen` now (to `width`×`height` when given) and at every show. Every window and
    dialog of riskmap calls this once, in its constructor (a filter on the window itself: the
    events of its children do not pass through it)."""
    app = QtCore.QCoreApplication.instance()
    guard = app.findChild(ScreenGuard, "screen_guard") if app is not None else None
    if guard is None:
        guard = ScreenGuard(app)
        guard.setObjectName("screen_guard")
    win.installEventFilter(guard)
    fit_to_screen(win, width, height, place=False)
