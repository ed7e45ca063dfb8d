"""View → Wall display in the main window: opens the wall on the largest other screen (the
wall of a command center is a second display), on the window's city, language and date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QGuiApplication, QScreen

from riskmap.ui.i18n import Retranslating

if TYPE_CHECKING:
    from riskmap.ui.services import Services
    from riskmap.ui.wall.window import WallWindow


class WallActions(Retranslating, QObject):
    """The menu entry and the one wall window it opens (again and again)."""

    def __init__(self, services: Services) -> None:
        super().__init__(services.parent)
        self.setObjectName("wall_actions")
        self.services = services
        self.wall: WallWindow | None = None
        self.act_wall = QAction(services.parent)
        self.act_wall.setObjectName("act_wall_display")
        self.act_wall.triggered.connect(self.open)
        services.add_menu_separator("view")
        services.add_menu_action("view", self.act_wall)
        services.watch_window(self)  # the wall closes with the window that opened it
        self.retranslate()

    def retranslate(self) -> None:
        #: 指挥中心大屏
        self.act_wall.setText(self.tr("Wall display"))
        #: 在另一块屏幕上全屏显示只读的指挥中心大屏
        self.act_wall.setToolTip(self.tr("The read-only command-center display, full screen"))
        if self.wall is not None and self.wall.lang != self.services.lang:
            self.wall.set_language(self.services.lang)

    def open(self) -> WallWindow:
        """Show the wall (a second call brings the same one back)."""
        from riskmap.ui.wall.window import WallWindow  # on first use: keeps start-up light

        if self.wall is None:
            s = self.services
            self.wall = WallWindow(s.ws, s.settings, lang=s.lang, today=s.today)
            self.wall.sigClosed.connect(self._closed)
            self.wall.show_on_wall(pick_wall_screen(exclude=s.screen()))
        else:
            self.wall.show_on_wall()
            self.wall.activateWindow()
        return self.wall

    def _closed(self) -> None:
        if self.wall is not None:
            self.wall.deleteLater()
            self.wall = None

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
        if (
            self.services.is_main_window(obj)
            and ev.type() == QEvent.Type.Close
            and self.wall is not None
        ):
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
