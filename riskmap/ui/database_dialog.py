"""File → Database…: which database riskmap opens — this computer's SQLite file or the command
center's PostgreSQL + PostGIS server.

The dialog tests the connection in the background (never freezing the window on a server that
does not answer), says what it found (a riskmap city, an empty database, an older schema), can
create the database there (the demo city, an empty one, or a real city from its outline:
riskmap.ui.new_city_dialog), and saves the choice as the user's default (`riskmap db use`). A
password is never written to riskmap's settings: on request it goes to libpq's own password
file (~/.pgpass, mode 600), where psql and QGIS look too.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.database import (
    DatabaseProbe,
    ServerAddress,
    display_url,
    is_database_url,
    probe_database,
    sqlite_path,
)
from riskmap.errors import RiskmapError
from riskmap.settings import default_db_path, save_setting
from riskmap.ui.i18n import Retranslating
from riskmap.ui.screen_fit import available, keep_on_screen
from riskmap.ui.workers import JobContext, JobRunner

if TYPE_CHECKING:
    from riskmap.ui.new_city_dialog import NewCity, NewCityDialog
    from riskmap.ui.services import Services

_ERROR_STYLE = "color: #c62828;"
_OK_STYLE = "color: #2e7d32;"


def server_label(url: str) -> str:
    """host/database of a server URL, for the window title."""
    a = ServerAddress.parse(url) or ServerAddress()
    return f"{a.host}/{a.database}"


def pgpass_path() -> Path:
    env = os.environ.get("PGPASSFILE")
    if env:
        return Path(env)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", str(Path.home()))) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def save_pgpass(host: str, port: int, database: str, user: str, password: str) -> Path:
    """Add or replace this server's line in libpq's password file (readable by the user only)."""

    def esc(v: str) -> str:
        return v.replace("\\", "\\\\").replace(":", "\\:")

    path = pgpass_path()
    key = ":".join(esc(v) for v in (host, str(port), database, user))
    lines = []
    if path.exists():
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        lines = [ln for ln in lines if not ln.startswith(key + ":")]
    lines.append(f"{key}:{esc(password)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # libpq ignores a password file others can read.
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    return path


class DatabaseDialog(QtWidgets.QDialog):
    """Choose, test and (if empty) create the database riskmap opens."""

    sigChosen = QtCore.Signal(str)  # the URL saved as the default (no password in it)

    def __init__(self, current_url: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        #: 数据库连接
        self.setWindowTitle(self.tr("Database connection"))
        self.setMinimumWidth(min(560, available(self).width()))
        self.jobs = JobRunner(self)
        self.probe: DatabaseProbe | None = None
        self._asked: str | None = None  # the URL of the answer we wait for

        #: 本机文件（SQLite）
        self.local = QtWidgets.QRadioButton(self.tr("This computer (SQLite file)"))
        #: 服务器（PostgreSQL + PostGIS，多席位共用）
        self.server = QtWidgets.QRadioButton(
            self.tr("Server (PostgreSQL + PostGIS, shared by many seats)")
        )
        self.path = QtWidgets.QLineEdit()
        #: 浏览…
        browse = QtWidgets.QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        file_row = QtWidgets.QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)

        self.host = QtWidgets.QLineEdit("localhost")
        self.port = QtWidgets.QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.dbname = QtWidgets.QLineEdit("riskmap")
        self.user = QtWidgets.QLineEdit()
        self.password = QtWidgets.QLineEdit()
        self.password.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        #: 留空则使用 ~/.pgpass 或 PGPASSWORD
        self.password.setPlaceholderText(self.tr("empty: from ~/.pgpass or PGPASSWORD"))
        #: 把密码保存到 PostgreSQL 的密码文件（~/.pgpass）
        self.keep_password = QtWidgets.QCheckBox(
            self.tr("Save the password in PostgreSQL's password file (~/.pgpass)")
        )
        server_form = QtWidgets.QFormLayout()
        #: 主机
        server_form.addRow(self.tr("Host"), self.host)
        #: 端口
        server_form.addRow(self.tr("Port"), self.port)
        #: 数据库名
        server_form.addRow(self.tr("Database name"), self.dbname)
        #: 用户（数据库登录名）
        server_form.addRow(self.tr("User (database login)"), self.user)
        #: 密码
        server_form.addRow(self.tr("Password"), self.password)
        server_form.addRow("", self.keep_password)
        self.server_box = QtWidgets.QWidget()
        self.server_box.setLayout(server_form)
        server_form.setContentsMargins(24, 0, 0, 0)
        self.file_box = QtWidgets.QWidget()
        self.file_box.setLayout(file_row)
        file_row.setContentsMargins(24, 0, 0, 0)

        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        #: 测试连接
        self.test_button = QtWidgets.QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test)
        #: 在此创建（示例城市）
        self.create_demo = QtWidgets.QPushButton(self.tr("Create here (demo city)"))
        #: 在此创建（空库）
        self.create_empty = QtWidgets.QPushButton(self.tr("Create here (empty)"))
        #: 新建城市…
        self.create_city = QtWidgets.QPushButton(self.tr("New city…"))
        #: 从城市边界文件开始一个真实城市
        self.create_city.setToolTip(self.tr("Start a real city from its outline"))
        self.create_demo.clicked.connect(lambda: self.create(empty=False))
        self.create_empty.clicked.connect(lambda: self.create(empty=True))
        self.create_city.clicked.connect(self.ask_city)
        self.city_dialog: NewCityDialog | None = None
        actions = QtWidgets.QHBoxLayout()
        for b in (self.test_button, self.create_demo, self.create_empty, self.create_city):
            actions.addWidget(b)
        actions.addStretch(1)

        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        for w in (self.local, self.file_box, self.server, self.server_box):
            layout.addWidget(w)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self._load(current_url)
        for edit in (self.path, self.host, self.dbname, self.user, self.password):
            edit.textChanged.connect(self._changed)
        self.port.valueChanged.connect(self._changed)
        self.local.toggled.connect(self._changed)
        self._changed()
        keep_on_screen(self)

    # -- the URL ---------------------------------------------------------------------------

    def _load(self, url: str) -> None:
        path = sqlite_path(url) if url.startswith("sqlite") else None
        if path is not None or not url.startswith("postgresql"):
            self.local.setChecked(True)
            self.path.setText(str(path or default_db_path()))
            return
        self.server.setChecked(True)
        self.path.setText(str(default_db_path()))
        a = ServerAddress.parse(url) or ServerAddress()
        self.host.setText(a.host)
        self.port.setValue(a.port)
        self.dbname.setText(a.database)
        self.user.setText(a.user)

    def url(self, with_password: bool = False) -> str:
        """The URL the form describes (the password only for connecting now, never saved)."""
        if self.local.isChecked():
            text = self.path.text().strip()
            return f"sqlite:///{Path(text).expanduser()}" if text else ""
        if not self.dbname.text().strip():
            return ""
        address = ServerAddress(
            self.host.text().strip(),
            self.port.value(),
            self.dbname.text().strip(),
            self.user.text().strip(),
        )
        return address.url(self.password.text() if with_password else None)

    def _changed(self) -> None:
        self.file_box.setEnabled(self.local.isChecked())
        self.server_box.setEnabled(self.server.isChecked())
        self.probe = None
        self._asked = None
        for b in self._create_buttons:
            b.setVisible(False)
        self.test_button.setEnabled(bool(self.url()))
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        #: 先测试连接。
        self._say(self.tr("Test the connection first."), "")

    def _browse(self) -> None:
        #: 选择或新建 riskmap 数据库文件
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self,
            self.tr("Choose or create a riskmap database file"),
            self.path.text(),
            "SQLite (*.sqlite *.db);;* (*)",
            options=QtWidgets.QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.path.setText(path)

    def _say(self, text: str, style: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)

    # -- background work -------------------------------------------------------------------

    def test(self) -> None:
        url = self.url(with_password=True)
        if not is_database_url(url):
            #: 不是有效的数据库地址。
            self._say(self.tr("Not a valid database address."), _ERROR_STYLE)
            return
        self._asked = url
        self.test_button.setEnabled(False)
        #: 正在连接 {0} …
        self._say(self.tr("Connecting to {0} …").format(display_url(url)), "")
        self.jobs.submit(
            lambda _ctx, u=url: probe_database(u),
            on_done=lambda probe, u=url: self._probed(u, probe),
            on_error=lambda msg, u=url: self._failed(u, msg),
            label="probe",
        )

    def _probed(self, url: str, probe: DatabaseProbe) -> None:
        if url != self._asked:
            return  # the form changed since; this answer is for another address
        self.test_button.setEnabled(True)
        self.probe = probe
        ok = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        if probe.state in ("ready", "upgrade"):
            #: 连接成功：{0}，{1} 个风险点（结构版本 {2}）。
            text = self.tr("Connected: {0}, {1} sites (schema version {2}).").format(
                probe.city_name or "—", f"{probe.sites:,}", probe.schema_version
            )
            if probe.state == "upgrade":
                #:  结构较旧，打开前需先升级：riskmap db upgrade
                text += self.tr(" An older schema: upgrade it before use (riskmap db upgrade).")
            self._say(text, _OK_STYLE)
            ok.setEnabled(probe.state == "ready")
            return
        if probe.state == "missing":
            #: 这里还没有数据库；可以在此创建。
            self._say(self.tr("There is no database here yet; you can create it."), "")
        else:
            #: 已连接，数据库为空；可以在此创建 riskmap 数据。
            self._say(self.tr("Connected; the database is empty. You can create riskmap here."), "")
        for b in self._create_buttons:
            b.setVisible(True)

    @property
    def _create_buttons(self) -> tuple[QtWidgets.QPushButton, ...]:
        return (self.create_demo, self.create_empty, self.create_city)

    def _failed(self, url: str, message: str) -> None:
        if url != self._asked:
            return
        self.test_button.setEnabled(True)
        self.probe = None
        self._say(message, _ERROR_STYLE)

    def ask_city(self) -> NewCityDialog:
        """The New city dialog; Create makes the city here."""
        from riskmap.ui.new_city_dialog import NewCityDialog  # on first use: keeps start-up light

        self.city_dialog = NewCityDialog(self)
        self.city_dialog.accepted.connect(
            lambda d=self.city_dialog: self.create(empty=True, city=d.city())
        )
        self.city_dialog.open()
        return self.city_dialog

    def create(self, empty: bool, city: NewCity | None = None) -> None:
        url = self.url(with_password=True)
        self._asked = url
        for b in (*self._create_buttons, self.test_button):
            b.setEnabled(False)
        #: 正在创建 …
        self._say(self.tr("Creating …"), "")

        def work(_ctx: JobContext) -> DatabaseProbe:
            # Here, not at the top: the demo installer and the outline reader are no part of
            # starting the window.
            from riskmap.demo.install import init_db
            from riskmap.io.importer.outline import read_outline

            if city is None:
                init_db(url, empty=empty).dispose()
                return probe_database(url)
            outline = read_outline(city.path, crs=city.crs, datum=city.datum, layer=city.layer)
            init_db(url, empty=True, outline=outline, name=city.name, code=city.code).dispose()
            return probe_database(url)

        def done(probe: DatabaseProbe) -> None:
            for b in self._create_buttons:
                b.setEnabled(True)
                b.setVisible(False)
            self._probed(url, probe)

        def failed(msg: str) -> None:
            for b in self._create_buttons:
                b.setEnabled(True)
            self._failed(url, msg)

        self.jobs.submit(work, on_done=done, on_error=failed, label="create")

    # -- saving ----------------------------------------------------------------------------

    def accept(self) -> None:
        if self.probe is None or self.probe.state != "ready":
            return
        saved = self.url()
        try:
            if self.server.isChecked() and self.password.text() and self.keep_password.isChecked():
                save_pgpass(
                    self.host.text().strip() or "localhost",
                    self.port.value(),
                    self.dbname.text().strip(),
                    self.user.text().strip() or "*",
                    self.password.text(),
                )
            save_setting("database", saved)
        except (OSError, RiskmapError) as exc:
            #: 无法保存设置：{0}
            self._say(self.tr("Cannot save the setting: {0}").format(exc), _ERROR_STYLE)
            return
        self.sigChosen.emit(saved)
        super().accept()

    def done(self, result: int) -> None:
        # A probe still waiting on a slow server must not call back into a closed dialog.
        self.jobs.cancel_all()
        self._asked = None
        super().done(result)


class DatabaseActions(Retranslating, QtCore.QObject):
    """File → Database…: the dialog, and a restart into the chosen database."""

    def __init__(self, services: Services, url: str) -> None:
        super().__init__(services.parent)
        self.services = services
        self.url = url
        self.dialog: DatabaseDialog | None = None
        self.question: QtWidgets.QMessageBox | None = None
        self.act = QtGui.QAction(services.parent)
        self.act.setObjectName("act_database")
        self.act.triggered.connect(lambda _checked=False: self.open())
        services.add_menu_action("file", self.act, before="quit", separate=True)
        self.retranslate()

    def retranslate(self) -> None:
        #: 数据库…
        self.act.setText(self.tr("Database…"))
        #: 本机文件或指挥中心的 PostGIS 服务器
        self.act.setToolTip(self.tr("This computer's file or the command center's PostGIS server"))

    def open(self) -> DatabaseDialog:
        self.dialog = DatabaseDialog(self.url, self.services.parent)
        self.dialog.sigChosen.connect(self._chosen)
        self.dialog.open()
        return self.dialog

    def _chosen(self, url: str) -> None:
        if url == self.url:
            return
        box = QtWidgets.QMessageBox(self.services.parent)
        box.setIcon(QtWidgets.QMessageBox.Icon.Question)
        #: riskmap 下次启动时将打开 {0}。现在重新启动吗？
        box.setText(
            self.tr("riskmap opens {0} from its next start. Restart now?").format(display_url(url))
        )
        box.setStandardButtons(
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No
        )
        box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.Yes)
        box.finished.connect(
            lambda result: self._restart() if result == box.StandardButton.Yes else None
        )
        box.open()
        self.question = box

    def _restart(self) -> None:
        """Start riskmap again (without a --db that would override the choice), then close."""
        if not self.services.close_window():
            return  # the user kept the window open (unsaved work)
        QtCore.QProcess.startDetached(*restart_command())


def restart_command(argv: list[str] | None = None) -> tuple[str, list[str]]:
    """The program and arguments that start this riskmap again, minus any --db URL."""
    argv = list(sys.argv if argv is None else argv)
    args: list[str] = []
    skip = False
    for a in argv[1:]:
        if skip:
            skip = False
            continue
        if a == "--db":
            skip = True
            continue
        if a.startswith("--db="):
            continue
        args.append(a)
    if getattr(sys, "frozen", False):  # the installed bundle: its executable is riskmap itself
        return sys.executable, args
    return sys.executable, ["-m", "riskmap", *args]
