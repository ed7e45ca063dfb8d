"""The wall display (指挥中心大屏): a full-screen, read-only window for the command center.

What it shows: four KPI tiles (open hazards, open major hazards, overdue rectifications, closed
this week), a table by county (or by township), the map with the current preset's focus layers
and every open major hazard ringed, and a ticker of the overdue major hazards.

How it moves: a sequence of steps — the whole city, then each county in turn — advances every
`interval_s` seconds; each step flies the map to its area, and the tiles, table and ticker switch
to that area's figures (summed from one read, so a step costs no query).

How it stays current: a DbWatcher reports that another program may have committed; the figures
are re-read on a job thread (never twice at once: a change during a read asks for one more). On
PostgreSQL the server notifies (LISTEN/NOTIFY) and the figures change within a second; on SQLite
the file is watched and polled, at the latest `refresh_s` seconds after the change. If the number
of sites changed (an import), the city is loaded again and the map rebuilt.

How it stays read-only: it has no ledger controller, no editing action and no selection tool;
its actor is a viewer whoever started it, so even a write by mistake would be refused at the
store's flush (riskmap.store.access).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.database import Actor, login_name
from riskmap.core.ledger import Ledger
from riskmap.core.presets import PRESETS, Preset, Window, next_year
from riskmap.core.wall import CITY, Figures, Kpis, current_preset
from riskmap.core.workspace import Workspace
from riskmap.ui.screen_fit import fit_to_screen, keep_on_screen
from riskmap.ui.wall.live import LiveFigures
from riskmap.ui.wall.mapview import WallMap
from riskmap.ui.wall.settings import AUTO, SettingsBar, WallOptions
from riskmap.ui.wall.theme import sizes, stylesheet
from riskmap.ui.wall.widgets import DistrictTable, Header, KpiTile, Ticker, set_state

RESTYLE_MS = 120
TONES = ("open", "major", "overdue", "closed")
# The ticker names the most overdue ones (about four minutes a round on a 4K wall); the count on
# its title is the whole number.
TICKER_MAX = 20


class WallWindow(QtWidgets.QWidget):
    """The wall display of one loaded city."""

    sigRefreshed = QtCore.Signal(object)  # Figures, once they are on screen
    sigStepChanged = QtCore.Signal(str)  # the scope now shown: CITY or a county code
    sigClosed = QtCore.Signal()

    def __init__(
        self,
        ws: Workspace,
        settings: QtCore.QSettings,
        *,
        lang: str = "zh",
        today: dt.date | None = None,
        interval_s: float | None = None,
        refresh_s: float | None = None,
        preset: str | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        """`today` pins the as-of date (tests, screenshots; default: the calendar's, asked at
        each refresh); `interval_s`, `refresh_s` and `preset` override the remembered settings
        for this session."""
        super().__init__(parent, QtCore.Qt.WindowType.Window)
        self.setObjectName("wall")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_StyledBackground, True)
        self.ws = ws
        self.settings = settings
        self.lang = lang
        self.today = today
        opts = WallOptions.load(settings)
        if interval_s is not None:
            opts.interval_s = max(1, round(interval_s))
        if refresh_s is not None:
            opts.refresh_s = max(1, round(refresh_s))
        if preset is not None:
            opts.preset = preset if preset in PRESETS else AUTO
        self.options = opts
        # The wall changes nothing, whoever started it: the wall display is a viewer.
        self.actor = Actor(login_name(), "viewer")
        self.ledger = Ledger(ws.store, self.actor, today)
        self.figures: Figures | None = None
        self.updated_at: dt.datetime | None = None
        self.error = ""
        self._day_asked: dt.date | None = None
        self._styled: tuple[int, int] | None = None
        self.steps = self._steps()
        self.step = 0
        self.shown = CITY  # the scope on screen: the map's and the titles' (see go_to)
        self._pending: str | None = None  # the scope the map is on its way to
        self.paused = False
        self.preset, self.window = self._choose_preset()

        self._build()
        self._build_actions()
        self.retranslate()
        self._apply_preset()
        screen = self.screen()
        self._restyle(screen.size().height() if screen is not None else 1080)
        self.map.show_scope(CITY, animate=False)

        self._restyle_timer = QtCore.QTimer(self, singleShot=True, interval=RESTYLE_MS)
        self._restyle_timer.timeout.connect(lambda: self._restyle(self.height()))
        self.step_timer = QtCore.QTimer(self, interval=opts.interval_s * 1000)
        self.step_timer.timeout.connect(self.next_step)
        self._step_clock = QtCore.QElapsedTimer()
        self._tick_timer = QtCore.QTimer(self, interval=250)
        self._tick_timer.timeout.connect(self._tick)
        self.live = LiveFigures(ws, self.as_of, opts.refresh_s * 1000, self)
        self.live.sigFigures.connect(self._refreshed)
        self.live.sigWorkspace.connect(self._reloaded)
        self.live.sigError.connect(self._refresh_failed)
        self.refresh()
        self.step_timer.start()
        self._step_clock.start()
        self._tick_timer.start()
        keep_on_screen(self)  # as a window (F11, Esc): inside the screen

    # -- construction ----------------------------------------------------------------------
    def _build(self) -> None:
        self.header = Header(self)
        self.header.badge.setVisible(self.ws.store.fictional)
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.setObjectName("wall_progress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)

        self.tiles = {tone: KpiTile(tone, self) for tone in TONES}
        self.tile_row = QtWidgets.QHBoxLayout()
        for tile in self.tiles.values():
            self.tile_row.addWidget(tile, 1)
        self.table = DistrictTable(self)
        self.map = WallMap(self.ws, self.lang, self.as_of, self)
        self.map.sigArrived.connect(self._arrived)
        self.body = QtWidgets.QHBoxLayout()
        self.body.addWidget(self.table, 30)
        self.body.addWidget(self.map, 70)

        self.ticker_bar = QtWidgets.QWidget(self)
        self.ticker_bar.setObjectName("wall_ticker_bar")
        self.ticker_bar.setAttribute(QtCore.Qt.WidgetAttribute.WA_StyledBackground, True)
        self.ticker_title = QtWidgets.QLabel(self.ticker_bar)
        self.ticker_title.setObjectName("wall_ticker_title")
        self.ticker = Ticker(self.ticker_bar)
        tl = QtWidgets.QHBoxLayout(self.ticker_bar)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.ticker_title)
        tl.addWidget(self.ticker, 1)

        self.settings_bar = SettingsBar(self.options, self.lang, self)
        self.settings_bar.setVisible(False)
        self.settings_bar.sigChanged.connect(self.set_options)

        self.main = QtWidgets.QVBoxLayout(self)
        self.main.addWidget(self.header)
        self.main.addWidget(self.progress)
        self.main.addLayout(self.tile_row)
        self.main.addLayout(self.body, 1)
        self.main.addWidget(self.ticker_bar)
        self.main.addWidget(self.settings_bar)

    def _build_actions(self) -> None:
        """Moving through the display and leaving it: the only actions the wall has."""
        keys = QtGui.QKeySequence

        def act(name: str, slot: Any, *shortcuts: str) -> QtGui.QAction:
            a = QtGui.QAction(self)
            a.setObjectName(name)
            a.setShortcuts([keys(s) for s in shortcuts])
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.act_fullscreen = act("act_wall_fullscreen", self.toggle_full_screen, "F11")
        self.act_leave = act("act_wall_leave_fullscreen", self.leave_full_screen, "Esc")
        self.act_next = act("act_wall_next", self.next_step, "Right", "PgDown")
        self.act_prev = act("act_wall_prev", self.prev_step, "Left", "PgUp")
        self.act_pause = act("act_wall_pause", lambda on: self.set_paused(on), "Space")
        self.act_pause.setCheckable(True)
        self.act_refresh = act("act_wall_refresh", self.refresh, "F5")
        self.act_settings = act("act_wall_settings", self.toggle_settings, "F2")
        self.act_settings.setCheckable(True)
        self.act_quit = act("act_wall_quit", self.close, "Ctrl+Q")
        # right click (outside the map, which keeps its clicks) offers the same
        self.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.ActionsContextMenu)

    def retranslate(self) -> None:
        city = self.ws.store.city_name or (self.ws.city().name if self.ws.city() else "")
        #: {0} — 指挥中心大屏
        self.setWindowTitle(self.tr("{0} — wall display").format(city))
        #: {0}安全生产风险态势
        self.header.title.setText(self.tr("{0} work-safety risk").format(city))
        #: 演示数据（虚构城市）
        self.header.badge.setText(self.tr("Demo data (fictional city)"))
        captions = (
            #: 未销号隐患
            self.tr("Open hazards"),
            #: 重大隐患
            self.tr("Major hazards"),
            #: 逾期整改
            self.tr("Overdue rectifications"),
            #: 本周销号
            self.tr("Closed this week"),
        )
        for tile, text in zip(self.tiles.values(), captions, strict=True):
            tile.caption.setText(text)
        #: 全屏
        self.act_fullscreen.setText(self.tr("Full screen"))
        #: 退出全屏
        self.act_leave.setText(self.tr("Leave full screen"))
        #: 下一页
        self.act_next.setText(self.tr("Next"))
        #: 上一页
        self.act_prev.setText(self.tr("Previous"))
        #: 暂停轮播
        self.act_pause.setText(self.tr("Pause"))
        #: 立即刷新
        self.act_refresh.setText(self.tr("Refresh now"))
        #: 设置
        self.act_settings.setText(self.tr("Settings"))
        #: 关闭大屏
        self.act_quit.setText(self.tr("Close the wall display"))
        self.settings_bar.retranslate()
        self.map.retranslate()
        self._show()

    def set_language(self, lang: str) -> None:
        """Names from the data (districts, layers, presets) in `lang`; the interface follows
        the application's translators by itself (LanguageChange)."""
        self.lang = lang
        self.map.set_language(lang)
        self._apply_preset()
        self.retranslate()

    def changeEvent(self, ev: QtCore.QEvent) -> None:
        super().changeEvent(ev)
        if ev.type() == QtCore.QEvent.Type.LanguageChange and hasattr(self, "settings_bar"):
            self.retranslate()

    # -- appearance ------------------------------------------------------------------------
    def _restyle(self, height: int) -> None:
        """Theme sizes for a window `height` logical pixels high (see riskmap.ui.wall.theme)."""
        key = (int(height), self.options.text_scale)
        if key == self._styled:
            return
        self._styled = key
        scale = self.options.text_scale / 100
        px = sizes(height, scale)
        self.setStyleSheet(stylesheet(height, scale))
        gap = px["pad"] * 2
        self.main.setContentsMargins(gap, gap, gap, gap)
        self.main.setSpacing(gap)
        self.tile_row.setSpacing(gap * 2)
        for tile in self.tiles.values():  # the style's default margins do not scale
            tile.layout().setContentsMargins(gap, gap, gap, gap)
            tile.layout().setSpacing(0)
        self.body.setSpacing(gap * 2)
        self.header.layout().setContentsMargins(gap * 2, gap, gap * 2, gap)
        self.header.layout().setSpacing(gap * 3)
        self.ticker_bar.setFixedHeight(round(px["ticker"] * 1.9))
        self.progress.setFixedHeight(px["thin"])
        self.map.set_pixel_sizes(round(px["body"] * 1.1), px["small"])

    def resizeEvent(self, ev: QtGui.QResizeEvent) -> None:
        super().resizeEvent(ev)
        self._restyle_timer.start()

    def restyle_now(self) -> None:
        """Apply the sizes for the current height at once (tests, screenshots)."""
        self._restyle_timer.stop()
        self._restyle(self.height())

    # -- full screen -----------------------------------------------------------------------
    def show_on_wall(self, screen: QtGui.QScreen | None = None) -> None:
        """Full screen on `screen` (default: the one it is on)."""
        if screen is not None:
            self.setScreen(screen)
        self._full_screen()

    def _full_screen(self) -> None:
        # A kiosk X session has no window manager to resize a window asked to be full screen:
        # it would stay at its size in a corner. The screen's geometry, asked for explicitly
        # before and after, fills it with or without one.
        screen = self.screen() or QtGui.QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.leave_full_screen()
        else:
            self._full_screen()

    def leave_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
            fit_to_screen(self)  # a window, inside the screen (no manager may do it)

    def toggle_settings(self) -> None:
        self.settings_bar.setVisible(not self.settings_bar.isVisible())
        self.act_settings.setChecked(self.settings_bar.isVisible())

    def set_options(self, options: WallOptions) -> None:
        old, self.options = self.options, options
        options.save(self.settings)
        if options.interval_s != old.interval_s:
            self.step_timer.setInterval(options.interval_s * 1000)
            self._restart_step_clock()
        if options.refresh_s != old.refresh_s:
            self.live.set_refresh_ms(options.refresh_s * 1000)
        if options.preset != old.preset:
            self.preset, self.window = self._choose_preset()
            self._apply_preset()
        if options.text_scale != old.text_scale:
            self._restyle(self.height())

    # -- the sequence ----------------------------------------------------------------------
    def _steps(self) -> list[str]:
        return [CITY, *sorted(d.code for d in self.ws.counties())]

    def scope(self) -> str:
        """CITY ("") or the code of the county shown."""
        return self.steps[self.step]

    def next_step(self) -> None:
        self.go_to(self.step + 1)

    def prev_step(self) -> None:
        self.go_to(self.step - 1)

    def go_to(self, index: int, animate: bool = True) -> None:
        """Step `index`: the map flies there; the titles, tiles and table change when it has
        arrived and drawn it (`_arrived`), in the same frame — never a county's name over the
        previous county's map."""
        self.step = index % len(self.steps)
        self._pending = self.scope()
        self.map.show_scope(self.scope(), animate)
        self._restart_step_clock()

    def _arrived(self, scope: str) -> None:
        if scope != self._pending:
            return  # a refit after a resize, or a step since overtaken by another
        self._pending = None
        self.shown = scope
        self._show()
        self.sigStepChanged.emit(scope)

    def set_paused(self, paused: bool) -> None:
        self.paused = bool(paused)
        self.act_pause.setChecked(self.paused)
        self._restart_step_clock()

    def _restart_step_clock(self) -> None:
        self._step_clock.restart()
        if self.paused:
            self.step_timer.stop()
        else:
            self.step_timer.start()  # a full interval after a manual step, too

    def _tick(self) -> None:
        done = 0 if self.paused else self._step_clock.elapsed() / max(1, self.step_timer.interval())
        self.progress.setValue(round(1000 * min(1.0, done)))
        self._show_clock()
        day = self.as_of()
        if self.figures is not None and self.figures.as_of != day and self._day_asked != day:
            self._day_asked = day  # once: a failing read is not retried four times a second
            self.refresh()  # past midnight: overdue days and "this week" move without any edit

    # -- presets ---------------------------------------------------------------------------
    def as_of(self) -> dt.date:
        return self.today or dt.date.today()

    def _choose_preset(self) -> tuple[Preset, Window]:
        if self.options.preset in PRESETS:
            p = PRESETS[self.options.preset]
            store = self.ws.store
            return p, p.window(next_year(p.key, self.as_of(), store), store)
        return current_preset(self.as_of(), self.ws.store)

    def _apply_preset(self) -> None:
        self.map.set_focus_layers(s.key for s in self.preset.layers(self.ws.catalog))
        focus = self.preset.focus_zh if self.lang.startswith("zh") else self.preset.focus_en
        self.map.set_focus_text(f"{self.preset.name(self.lang)} · {focus}")
        w = self.window
        self.header.preset.setText(f"{self.preset.name(self.lang)} {w.start:%m-%d} – {w.end:%m-%d}")

    # -- figures ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the figures again now (F5; the watcher does it on every change)."""
        self.live.refresh()

    def _refreshed(self, fig: Figures) -> None:
        if self.figures is not None and fig.as_of != self.figures.as_of:
            self.preset, self.window = self._choose_preset()  # a new day: maybe a new preset
            self._apply_preset()
        self.figures = fig
        self.error = ""
        self.updated_at = dt.datetime.now()
        self.map.figures_changed()
        self._show()
        self.sigRefreshed.emit(fig)

    def _refresh_failed(self, message: str) -> None:
        self.error = message  # the last figures stay up, with the reason they are not updated
        self._show_clock()

    def _reloaded(self, ws: Workspace) -> None:
        """The city was loaded again (its sites changed): a new map on it."""
        old = self.map
        self.ws = ws
        self.map = WallMap(ws, self.lang, self.as_of, self)
        self.map.sigArrived.connect(self._arrived)
        self.body.replaceWidget(old, self.map)
        old.shutdown()
        old.hide()
        old.deleteLater()
        scope = self.scope()
        self.steps = self._steps()
        self.step = self.steps.index(scope) if scope in self.steps else 0
        self.shown = self.scope()  # the same place, on the new map
        self._apply_preset()
        self._styled = None
        self._restyle(self.height())
        self.map.show_scope(self.scope(), animate=False)
        self.map.retranslate()
        if self.figures is not None:
            self.map.figures_changed()

    # -- showing ---------------------------------------------------------------------------
    def scope_name(self, code: str) -> str:
        if code == CITY:
            #: 全市
            return self.tr("Whole city")
        d = self.ws.district(code)
        if d is None:
            return code
        return d.name if self.lang.startswith("zh") or not d.name_en else d.name_en

    def _show(self) -> None:
        scope = self.shown if self.shown in self.steps else CITY
        self.header.scope.setText(self.scope_name(scope))
        self.header.step.setText(f"{self.steps.index(scope) + 1} / {len(self.steps)}")
        self._show_table(scope)
        fig = self.figures
        if fig is None:
            return
        k = fig.kpis(scope)
        #: 截至 {0}
        as_of = self.tr("as of {0}").format(fig.as_of.isoformat())
        for tile, value in zip(self.tiles.values(), (k.open, k.major, k.overdue, k.closed_week),
                               strict=True):  # fmt: skip
            tile.set_value(value, scope)
            tile.as_of.setText(as_of)
        items = fig.ticker(scope)
        #: 逾期重大隐患（{0}）
        self.ticker_title.setText(self.tr("Overdue major hazards ({0})").format(len(items)))
        if self.ticker_title.property("none") != (not items):  # red only when there are some
            set_state(self.ticker_title, "none", not items)
        lines = [
            #: {0} · {1} · 逾期 {2} 天 · {3}
            self.tr("{0} · {1} · {2} days overdue · {3}").format(
                m.site_name, m.township, m.days_overdue, m.unit or "–"
            )
            for m in items[:TICKER_MAX]
        ]
        if len(items) > TICKER_MAX:
            #: 另有 {0} 项
            lines.append(self.tr("and {0} more").format(len(items) - TICKER_MAX))
        #: 无逾期重大隐患
        self.ticker.set_items(lines or [self.tr("No overdue major hazard")])
        self._show_clock()

    def _show_table(self, scope: str) -> None:
        #: 县区
        county = self.tr("County")
        #: 镇办
        township = self.tr("Township")
        first = county if scope == CITY else township
        self.table.set_headers([
            first,
            #: 未销号
            self.tr("Open"),
            #: 重大
            self.tr("Major"),
            #: 逾期
            self.tr("Overdue"),
            #: 本周销号
            self.tr("Closed"),
        ])  # fmt: skip
        fig = self.figures
        if fig is None:
            self.table.set_rows([])
            return
        rows: list[tuple[str, Kpis]] = []
        if scope == CITY:
            counts = fig.by_county()
            for code in self.steps[1:]:
                rows.append((self.scope_name(code), counts.get(code, Kpis())))
            if counts.get("", Kpis()) != Kpis():  # sites with no county in the ledger
                #: 未归属
                rows.append((self.tr("Unassigned"), counts[""]))
        else:
            for d in self.ws.districts:
                if d.parent_code == scope:
                    name = d.name if self.lang.startswith("zh") or not d.name_en else d.name_en
                    rows.append((name, fig.by_district.get(d.code, Kpis())))
        self.table.set_rows(rows)

    def _show_clock(self) -> None:
        now = dt.datetime.now()
        day = self.as_of()
        # the clock is the wall's; the date is the data's (a pinned date shows as such)
        self.header.clock.setText(f"{day:%Y-%m-%d} {now:%H:%M}")
        if self.error:
            #: 数据未更新：{0}
            self.header.set_updated(self.tr("Not updated: {0}").format(self.error), True)
        else:
            when = self.updated_at.strftime("%H:%M:%S") if self.updated_at else "–"
            #: 更新于 {0}
            self.header.set_updated(self.tr("Updated {0}").format(when), False)

    # -- closing ---------------------------------------------------------------------------
    def closeEvent(self, ev: QtGui.QCloseEvent) -> None:
        for timer in (self.step_timer, self._tick_timer, self._restyle_timer):
            timer.stop()
        self.live.stop()
        self.map.shutdown()
        self.options.save(self.settings)
        super().closeEvent(ev)
        self.sigClosed.emit()
