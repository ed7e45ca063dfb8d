"""The Briefing dialog (节前安全简报): choose the holiday, year, county, folder and formats; see
the holiday's dates and where they come from at once, the briefing's key figures as soon as
they are computed, and after writing a page of the PDF and buttons to open the files.

Both the figures and the files are made on the window's job runner (Python threads), so the map
stays usable; writing can be cancelled between files, and a file is either whole or not there
(the briefing's writers are atomic).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.brief.context import briefing_context
from riskmap.core.database import Actor
from riskmap.core.preset_text import preset_text
from riskmap.core.presets import PRESETS, Window, next_year
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.ui.briefing.generate import Generated, can_render, generate, render_page
from riskmap.ui.briefing.preview import FiguresView, PagePreview
from riskmap.ui.errors import error_text
from riskmap.ui.screen_fit import keep_on_screen, scrolling
from riskmap.ui.workers import Job, JobContext, JobRunner

PREVIEW_DELAY_MS = 250  # the figures wait for the spin box to stop
PAGE_PX = 1100  # longer side of a rendered page preview (device pixels)
YEARS = (2004, 2100)


class BriefingDialog(QtWidgets.QDialog):
    """Writes a holiday or season briefing as HTML, PDF and XLSX."""

    sigGenerated = QtCore.Signal(object)  # Generated
    sigFiguresReady = QtCore.Signal(object)  # Briefing

    def __init__(
        self,
        ws: Workspace,
        jobs: JobRunner,
        settings: QtCore.QSettings,
        *,
        lang: str = "zh",
        today: dt.date | None = None,
        actor: Callable[[], Actor] | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("briefing_dialog")
        self.ws, self.jobs, self.settings, self.lang = ws, jobs, settings, lang
        # Who is at the keyboard now: an editor issues the briefing with its 期号.
        self.actor: Callable[[], Actor | None] = actor or (lambda: None)
        self.today = today
        # QDesktopServices.openUrl, replaceable (tests must not start a browser)
        self.open_url: Callable[[QtCore.QUrl], Any] = QtGui.QDesktopServices.openUrl
        self.window_: Window | None = None
        self.result: Generated | None = None
        self.message = ""
        self._figures_job: Job | None = None
        self._figures_key: tuple[Any, ...] | None = None  # asked for last
        self._shown_key: tuple[Any, ...] | None = None  # on screen
        self._gen_job: Job | None = None
        self._page_job: Job | None = None
        self._build()
        self._restore()
        self.retranslate()
        self._timer = QtCore.QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.compute_figures)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.year.valueChanged.connect(self._params_changed)
        self.scope.currentIndexChanged.connect(self._params_changed)
        self._preset_changed()

    # -- construction ----------------------------------------------------------------------
    def _build(self) -> None:
        self.preset = QtWidgets.QComboBox(self)
        self.preset.setObjectName("briefing_preset")
        for p in PRESETS.values():
            self.preset.addItem(p.zh, p.key)
        self.year = QtWidgets.QSpinBox(self)
        self.year.setObjectName("briefing_year")
        self.year.setRange(*YEARS)
        self.year.setGroupSeparatorShown(False)
        self.window_label = QtWidgets.QLabel(self)
        self.window_label.setObjectName("briefing_window")
        self.source_label = QtWidgets.QLabel(self)
        self.source_label.setObjectName("briefing_source")
        self.source_label.setWordWrap(True)
        self.holidays_button = QtWidgets.QPushButton(self)
        self.holidays_button.setObjectName("briefing_holidays")
        self.holidays_button.clicked.connect(self.open_holidays)
        source_row = QtWidgets.QHBoxLayout()
        source_row.addWidget(self.source_label, 1)
        source_row.addWidget(self.holidays_button)
        self.requirements = QtWidgets.QPlainTextEdit(self)
        self.requirements.setObjectName("briefing_requirements")
        self.requirements.setMinimumHeight(110)
        self.scope = QtWidgets.QComboBox(self)
        self.scope.setObjectName("briefing_scope")
        self.scope.addItem("", None)
        for d in sorted(self.ws.counties(), key=lambda d: d.code):
            self.scope.addItem(d.name, d.code)
        self.folder = QtWidgets.QLineEdit(self)
        self.folder.setObjectName("briefing_folder")
        self.browse = QtWidgets.QPushButton(self)
        self.browse.clicked.connect(self._browse)
        folder_row = QtWidgets.QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.formats = {f: QtWidgets.QCheckBox(self) for f in ("html", "pdf", "xlsx")}
        format_row = QtWidgets.QVBoxLayout()
        for fmt, box in self.formats.items():
            box.setObjectName(f"briefing_{fmt}")
            box.setChecked(True)
            box.toggled.connect(self._update_buttons)
            format_row.addWidget(box)
        self.form = QtWidgets.QFormLayout()
        self.form_labels = [QtWidgets.QLabel(self) for _ in range(8)]
        fields: list[Any] = [self.preset, self.year, self.window_label, source_row,
                             self.scope, self.requirements, folder_row, format_row]  # fmt: skip
        for label, field in zip(self.form_labels, fields, strict=True):
            self.form.addRow(label, field)

        self.generate_button = QtWidgets.QPushButton(self)
        self.generate_button.setObjectName("briefing_generate")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.start)
        self.cancel_button = QtWidgets.QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.setRange(0, 100)
        self.status = QtWidgets.QLabel(self)
        self.status.setObjectName("briefing_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        run_row = QtWidgets.QHBoxLayout()
        run_row.addWidget(self.generate_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress, 1)

        self.open_buttons: dict[str, QtWidgets.QPushButton] = {}
        open_row = QtWidgets.QGridLayout()
        for i, key in enumerate(("pdf", "html", "xlsx", "folder")):
            b = QtWidgets.QPushButton(self)
            b.setObjectName(f"briefing_open_{key}")
            b.setEnabled(False)
            b.clicked.connect(lambda _c=False, k=key: self.open(k))
            open_row.addWidget(b, i // 2, i % 2)
            self.open_buttons[key] = b
        self.close_button = QtWidgets.QPushButton(self)
        self.close_button.clicked.connect(self.close)

        left = QtWidgets.QVBoxLayout()
        left.addLayout(self.form)
        left.addSpacing(12)
        left.addLayout(run_row)
        left.addWidget(self.status)
        left.addLayout(open_row)
        left.addStretch(1)
        self.figures = FiguresView(self)
        self.page = PagePreview(self)
        self.page.sigPageWanted.connect(self.show_page)
        self.figures_box = QtWidgets.QGroupBox(self)
        QtWidgets.QVBoxLayout(self.figures_box).addWidget(self.figures)
        self.page_box = QtWidgets.QGroupBox(self)
        QtWidgets.QVBoxLayout(self.page_box).addWidget(self.page)
        body = QtWidgets.QHBoxLayout()
        body.addLayout(left, 30)
        body.addWidget(self.figures_box, 38)
        body.addWidget(self.page_box, 32)
        bottom = QtWidgets.QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        lay = QtWidgets.QVBoxLayout(self)
        # a small screen scrolls the settings and previews; Close stays below them, on screen
        lay.addWidget(scrolling(body), 1)
        lay.addLayout(bottom)
        keep_on_screen(self, 1500, 860)
        self._running(False)

    def retranslate(self) -> None:
        #: 节前安全简报
        self.setWindowTitle(self.tr("Holiday safety briefing"))
        texts = (
            #: 专题：
            self.tr("Preset:"),
            #: 年度：
            self.tr("Year:"),
            #: 节日时段：
            self.tr("Holiday:"),
            #: 日期来源：
            self.tr("Dates from:"),
            #: 范围：
            self.tr("Scope:"),
            #: 工作要求（每行一条）：
            self.tr("Requirements (one a line):"),
            #: 保存到文件夹：
            self.tr("Folder:"),
            #: 格式：
            self.tr("Formats:"),
        )
        for label, text in zip(self.form_labels, texts, strict=True):
            label.setText(text)
        for i, p in enumerate(PRESETS.values()):
            self.preset.setItemText(i, p.zh if self.lang.startswith("zh") else f"{p.zh} {p.en}")
        #: 全市
        self.scope.setItemText(0, self.tr("Whole city"))
        #: 浏览…
        self.browse.setText(self.tr("Browse…"))
        #: 节假日安排…
        self.holidays_button.setText(self.tr("Holiday calendar…"))
        #: HTML 地图（无需联网即可打开）
        self.formats["html"].setText(self.tr("HTML map (opens with no network)"))
        #: PDF（用于打印和会议材料）
        self.formats["pdf"].setText(self.tr("PDF (to print and hand out)"))
        #: XLSX（隐患和整改清单）
        self.formats["xlsx"].setText(self.tr("XLSX (the lists)"))
        #: 生成简报
        self.generate_button.setText(self.tr("Generate"))
        #: 取消
        self.cancel_button.setText(self.tr("Cancel"))
        #: 关闭
        self.close_button.setText(self.tr("Close"))
        #: 打开 PDF
        self.open_buttons["pdf"].setText(self.tr("Open PDF"))
        #: 打开 HTML 地图
        self.open_buttons["html"].setText(self.tr("Open HTML map"))
        #: 打开 XLSX
        self.open_buttons["xlsx"].setText(self.tr("Open XLSX"))
        #: 打开文件夹
        self.open_buttons["folder"].setText(self.tr("Open folder"))
        #: 关键数据预览
        self.figures_box.setTitle(self.tr("Key figures"))
        #: PDF 预览
        self.page_box.setTitle(self.tr("PDF preview"))
        self.figures.retranslate()
        self._show_window()
        if self.result is None and not self.page.shown():
            #: 生成后在此预览 PDF。
            self.page.clear(self.tr("The PDF shows here once it is written."))

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()

    def _restore(self) -> None:
        folder = str(self.settings.value("briefing/folder") or "")
        if not folder:
            docs = QtCore.QStandardPaths.writableLocation(
                QtCore.QStandardPaths.StandardLocation.DocumentsLocation
            )
            folder = str(Path(docs or Path.home()) / "riskmap")
        self.folder.setText(folder)
        saved = self.settings.value("briefing/formats")
        if isinstance(saved, str) and saved:
            for fmt, box in self.formats.items():
                box.setChecked(fmt in saved.split(","))

    # -- parameters ------------------------------------------------------------------------
    def as_of(self) -> dt.date:
        return self.today or dt.date.today()

    def preset_key(self) -> str:
        return str(self.preset.currentData())

    def district(self) -> str | None:
        data = self.scope.currentData()
        return str(data) if data else None

    def chosen_formats(self) -> list[str]:
        return [f for f, box in self.formats.items() if box.isChecked()]

    def set_params(self, preset: str, year: int | None = None, district: str | None = None) -> None:
        """Choose the preset (key), year (default: its next) and county (None: the city)."""
        self.preset.setCurrentIndex(max(0, self.preset.findData(preset)))
        if year is not None:
            self.year.setValue(year)
        self.scope.setCurrentIndex(max(0, self.scope.findData(district) if district else 0))

    def requirement_lines(self) -> list[str]:
        """The 工作要求 as edited: one a line, blank lines dropped."""
        lines = self.requirements.toPlainText().splitlines()
        return [line.strip() for line in lines if line.strip()]

    def open_holidays(self) -> QtWidgets.QDialog:
        """The holiday calendar, for the chosen holiday and year; the window follows its edits."""
        from riskmap.ui.briefing.holidays import HolidayDialog

        def who() -> Actor:
            return self.actor() or Actor("?", "viewer", known=False)

        dialog = HolidayDialog(self.ws.store, who, preset=self.preset_key(),
                               year=self.year.value(), parent=self)  # fmt: skip
        dialog.sigChanged.connect(self._params_changed)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def _preset_changed(self, *_: Any) -> None:
        # The preset's own 工作要求, to edit before generating.
        self.requirements.setPlainText("\n".join(preset_text(self.preset_key()).requirements))
        try:
            year = next_year(self.preset_key(), self.as_of(), self.ws.store)
        except RiskmapError:
            year = self.as_of().year
        self.year.blockSignals(True)
        self.year.setValue(year)
        self.year.blockSignals(False)
        self._params_changed()

    def _params_changed(self, *_: Any) -> None:
        self._show_window()
        self.figures.set_state("")
        self._timer.start()

    def _show_window(self) -> None:
        """The holiday's days and their source, at once (no job: a table lookup)."""
        try:
            w = PRESETS[self.preset_key()].window(self.year.value(), self.ws.store)
        except RiskmapError as exc:
            self.window_ = None
            self.window_label.setText(error_text(exc))
            self.window_label.setStyleSheet("color: #c62828;")
            self.source_label.setText("")
            self._update_buttons()
            return
        self.window_ = w
        self.window_label.setStyleSheet("")
        lead = PRESETS[self.preset_key()].lead_days
        start = w.start - dt.timedelta(days=lead)
        #: {0} – {1}（共 {2} 天；节前排查自 {3} 起）
        self.window_label.setText(self.tr("{0} – {1} ({2} days; checks from {3})").format(
            w.start.isoformat(), w.end.isoformat(), w.days, start.isoformat()))  # fmt: skip
        self.source_label.setText(self._source_text(w))
        self._update_buttons()

    def _source_text(self, w: Window) -> str:
        if w.preset == "flood_season":
            #: 主汛期按西北地区惯例定为 6 月 1 日至 9 月 30 日
            return self.tr("the flood season: 1 June to 30 September (the north-west's rule)")
        if w.source == "entered":
            #: 国务院办公厅节假日安排（本库录入）
            return self.tr("the State Council's holiday notice (entered in this database)")
        if w.source == "calendar":
            #: 国务院办公厅节假日安排（官方日历）
            return self.tr("the State Council's holiday notice (official calendar)")
        if w.source == "lunar table":
            #: 按农历日期表推算（官方日历未覆盖该年，以国务院当年通知为准）
            return self.tr("estimated from the lunar date table (the official calendar does not "
                           "cover the year; the State Council's notice decides)")  # fmt: skip
        #: 按固定规则推算（官方日历未覆盖该年）
        return self.tr("fixed rule (the official calendar does not cover the year)")

    # -- figures -----------------------------------------------------------------------------
    def compute_figures(self) -> None:
        """The briefing's context for the current choice, on a job thread."""
        if self.window_ is None or not self.isVisible():
            return
        key = (self.preset_key(), self.year.value(), self.district(), self.as_of())
        if key == self._shown_key or (key == self._figures_key and self._figures_job):
            return
        if self._figures_job is not None:
            self._figures_job.cancel()
        self._figures_key = key
        ws = self.ws
        #: 正在计算…
        self.figures.set_state(self.tr("Computing…"))

        def work(_ctx: JobContext) -> tuple[tuple[Any, ...], Any]:
            return key, briefing_context(ws, key[0], key[1], district=key[2], as_of=key[3])

        self._figures_job = self.jobs.submit(work, self._figures_done, self._figures_failed,
                                             "briefing-figures")  # fmt: skip

    def _figures_done(self, result: tuple[tuple[Any, ...], Any]) -> None:
        key, briefing = result
        if key != self._figures_key:
            return  # the choice changed while this was computed
        self._figures_job = None
        self._shown_key = key
        self.figures.set_state("")
        self.figures.set_briefing(briefing)
        self.sigFiguresReady.emit(briefing)

    def _figures_failed(self, message: str) -> None:
        self._figures_job = None
        self._shown_key = None
        self.figures.set_state(message, error=True)

    # -- writing -----------------------------------------------------------------------------
    def start(self) -> None:
        """Write the briefing with the current choices (on the job runner)."""
        if self._gen_job is not None or self.window_ is None:
            return
        formats = self.chosen_formats()
        folder = self.folder.text().strip()
        if not folder:
            #: 请选择保存简报的文件夹。
            self._say(self.tr("Choose a folder for the briefing."), error=True)
            return
        self.settings.setValue("briefing/folder", folder)
        self.settings.setValue("briefing/formats", ",".join(formats))
        ws, preset, year = self.ws, self.preset_key(), self.year.value()
        district, as_of, out = self.district(), self.as_of(), Path(folder).expanduser()
        dpr = self.devicePixelRatioF()
        requirements = self.requirement_lines()
        actor = self.actor()
        # A viewer's briefing is a draft: only an editor may take a 期号 from the register.
        issuer = actor if actor is not None and actor.may_write("document_numbers") else None

        def work(ctx: JobContext) -> Generated:
            def step(pct: int, what: str) -> None:
                ctx.progress(pct, 100, what)

            return generate(ws, preset, year, district, out, formats, as_of, step,
                            round(PAGE_PX * dpr), actor=issuer,
                            requirements=requirements)  # fmt: skip

        self.result = None
        for b in self.open_buttons.values():
            b.setEnabled(False)
        self._running(True)
        #: 正在生成…
        self._say(self.tr("Writing…"))
        job = self.jobs.submit(work, self._generated, self._failed, "briefing")
        job.signals.sigProgress.connect(self._progress)
        job.signals.sigCancelled.connect(self._cancelled)
        self._gen_job = job

    def cancel(self) -> None:
        """Stop after the file being written (it is finished whole or not written)."""
        if self._gen_job is not None:
            self._gen_job.cancel()
            #: 正在取消…
            self._say(self.tr("Cancelling…"))

    def _progress(self, pct: int, what: str) -> None:
        self.progress.setValue(pct)
        names = {
            #: 汇总数据
            "context": self.tr("collecting the figures"),
            #: 写入 HTML 地图
            "html": self.tr("writing the HTML map"),
            #: 写入 PDF
            "pdf": self.tr("writing the PDF"),
            #: 写入 XLSX
            "xlsx": self.tr("writing the XLSX"),
            #: 生成预览
            "preview": self.tr("rendering the preview"),
        }
        #: 正在{0}…
        self._say(self.tr("Now {0}…").format(names.get(what, what)))

    def _generated(self, result: Generated) -> None:
        self._gen_job = None
        self._running(False)
        self.result = result
        self.progress.setValue(100)
        self.figures.set_briefing(result.briefing)
        for key, b in self.open_buttons.items():
            b.setEnabled(key == "folder" or key in result.paths)
        names = ", ".join(p.name for p in result.paths.values())
        issue = result.briefing.issue_no
        if issue:
            #: 第{0}期
            number = self.tr("No. {0}").format(issue)
        else:
            #: 草稿（未编号：编辑或管理员生成的简报才取期号）
            number = self.tr("draft (not numbered: only an editor's or admin's briefing is)")
        #: 已写入 {0}：{1}（{2}）
        self._say(self.tr("Written to {0}: {1} ({2})").format(self.out_dir(), names, number))
        self._page_shown(result.preview, 1, result.pages)
        self.sigGenerated.emit(result)

    def _failed(self, message: str) -> None:
        self._gen_job = None
        self._running(False)
        self._say(message, error=True)

    def _cancelled(self) -> None:
        self._gen_job = None
        self._running(False)
        #: 已取消；已写完的文件保持完整，未写的文件没有生成。
        self._say(self.tr("Cancelled: the files already written are whole, the others were "
                          "not written."))  # fmt: skip

    def out_dir(self) -> Path:
        return Path(self.folder.text().strip()).expanduser()

    # -- the PDF's pages and the files -------------------------------------------------------
    def show_page(self, page: int) -> None:
        """Render page `page` of the written PDF (a job: poppler takes ~0.2 s)."""
        pdf = self.result.paths.get("pdf") if self.result else None
        if pdf is None:
            return
        pages = self.result.pages if self.result else 0
        px = round(PAGE_PX * self.devicePixelRatioF())
        self._page_job = self.jobs.submit(
            lambda _ctx: (page, render_page(pdf, page, px)),
            lambda r: self._page_shown(r[1], r[0], pages),
            lambda m: self._say(m, error=True),
            "briefing-page",
        )

    def _page_shown(self, png: bytes | None, page: int, pages: int) -> None:
        if not pages:
            #: 未生成 PDF。
            self.page.clear(self.tr("No PDF was written."))
            return
        if can_render():
            #: 无法渲染这一页。
            missing = self.tr("This page could not be rendered.")
        else:
            #: 没有 PDF 渲染工具（pdftoppm），无法预览；请安装 poppler-utils。文件已写好。
            missing = self.tr("No PDF renderer (pdftoppm) to preview with; install "
                              "poppler-utils. The files are written.")  # fmt: skip
        self.page.set_page(png, page, pages, missing)

    def open(self, key: str) -> None:
        """Open a written file (or the folder) with the system's application."""
        if key == "folder":
            path = self.out_dir()
        elif self.result is not None and key in self.result.paths:
            path = self.result.paths[key]
        else:
            return
        self.open_url(QtCore.QUrl.fromLocalFile(str(path)))

    def _browse(self) -> None:
        #: 选择保存简报的文件夹
        title = self.tr("Choose the briefing's folder")
        chosen = QtWidgets.QFileDialog.getExistingDirectory(self, title, self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    # -- state -------------------------------------------------------------------------------
    def _running(self, running: bool) -> None:
        self.cancel_button.setVisible(running)
        self.progress.setVisible(running)
        for w in (self.preset, self.year, self.scope, self.folder, self.browse,
                  *self.formats.values()):  # fmt: skip
            w.setEnabled(not running)
        self._update_buttons()
        if running:
            self.generate_button.setEnabled(False)

    def _update_buttons(self, *_: Any) -> None:
        ok = self.window_ is not None and bool(self.chosen_formats()) and self._gen_job is None
        self.generate_button.setEnabled(ok)

    def _say(self, text: str, error: bool = False) -> None:
        self.message = text
        self.status.setText(text)
        self.status.setStyleSheet("color: #c62828;" if error else "")

    def running(self) -> bool:
        return self._gen_job is not None

    def hideEvent(self, ev: QtGui.QHideEvent) -> None:
        # the figures are only for this dialog; a briefing being written goes on and is kept
        if self._figures_job is not None:
            self._figures_job.cancel()
            self._figures_job = None
            self._figures_key = None
        self._timer.stop()
        super().hideEvent(ev)

    def showEvent(self, ev: QtGui.QShowEvent) -> None:
        super().showEvent(ev)
        self._timer.start()  # the database may have changed while the dialog was away
