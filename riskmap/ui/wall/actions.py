"""View → Wall display in the main window: opens the wall on the largest other screen (the
wall of a command center is a second display), on the window's city, language and date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QGuiApplication, QScreen

if TYPE_CHECKING:
    from riskmap.ui.main_window import MainWindow
    from riskmap.ui.wall.window import WallWindow


class WallActions(QObject):
    """The menu entry and the one wall window it opens (again and again)."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.setObjectName("wall_actions")
        self.win = win
        self.wall: WallWindow | None = None
        self.act_wall = QAction(win)
        self.act_wall.setObjectName("act_wall_display")
        self.act_wall.triggered.connect(self.open)
        win.menu_view.addSeparator()
        win.menu_view.addAction(self.act_wall)
        win.installEventFilter(self)  # the wall closes with the window that opened it
        self.retranslate()

    def retranslate(self) -> None:
        #: 指挥中心大屏
        self.act_wall.setText(self.tr("Wall display"))
        #: 在另一块屏幕上全屏显示只读的指挥中心大屏
        self.act_wall.setToolTip(self.tr("The read-only command-center display, full screen"))
        if self.wall is not None and self.wall.lang != self.win.lang:
            self.wall.set_language(self.win.lang)

    def open(self) -> WallWindow:
        """Show the wall (a second call brings the same one back)."""
        from riskmap.ui.wall.window import WallWindow  # on first use: keeps start-up light

        if self.wall is None:
            w = self.win
            self.wall = WallWindow(w.ws, w.settings, lang=w.lang, today=w.today)
            self.wall.sigClosed.connect(self._closed)
            self.wall.show_on_wall(pick_wall_screen(exclude=w.screen()))
        else:
            self.wall.show_on_wall()
            self.wall.activateWindow()
        return self.wall

    def _closed(self) -> None:
        if self.wall is not None:
            self.wall.deleteLater()
            self.wall = None

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
        if obj is self.win and ev.type() == QEvent.Type.Close and self.wall is not None:
            self.wall.close()
        return super().eventFilter(obj, ev)


def pick_wall_screen(exclude: QScreen | None = None) -> QScreen | None:
    """The largest screen other than `exclude` (the desk's): where a wall display goes."""
    screens = QGuiApplication.screens()
    others = [s for s in screens if s is not exclude] or screens
    if not others:
        return None

    def pixels(s: QScreen) -> float:
        return s.size().width() * s.size().height() * s.devicePixelRatio() ** 2

    return max(others, key=pixels)
