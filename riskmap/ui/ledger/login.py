"""Signing in: at start and at every switch of user (File → Switch user), on a SQLite database.

The dialog lists nobody: the person types their user name (prefilled with the one remembered)
and their password; a wrong one is refused in the dialog and nothing changes. The first admin of
a database without passwords (riskmap.core.accounts) sets theirs here. On PostgreSQL the
database login is the user and the window asks nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from riskmap.core.accounts import (
    MIN_PASSWORD,
    authenticate,
    change_password,
    first_password_allowed,
    has_password,
    signed_in,
)
from riskmap.core.database import Actor, Store
from riskmap.core.ledger import resolve_actor
from riskmap.errors import RiskmapError
from riskmap.ui.errors import error_text
from riskmap.ui.forms import ERROR_RED
from riskmap.ui.screen_fit import keep_on_screen


class LoginDialog(QDialog):
    """User name and password; `actor` is the signed-in person once accepted."""

    def __init__(
        self, store: Store, name: str = "", switching: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("LoginDialog")
        self.store = store
        self.actor: Actor | None = None
        self._first = False  # setting the first admin's password
        if switching:
            #: 切换用户
            self.setWindowTitle(self.tr("Switch user"))
        else:
            #: 登录 riskmap
            self.setWindowTitle(self.tr("Sign in to riskmap"))
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        #: 请输入用户名和密码。台账的每项修改都会记录在该用户名下。
        self.hint.setText(
            self.tr("Enter your user name and password. Every ledger change is recorded in it.")
        )
        self.name = QLineEdit(name, self)
        self.name.setObjectName("login_name")
        self.password = QLineEdit(self)
        self.password.setObjectName("login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password = QLineEdit(self)
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setObjectName("login_error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(f"color: {ERROR_RED}")
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        #: 登录
        self.ok_button.setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.form = QFormLayout()
        #: 用户名
        self.form.addRow(self.tr("User name"), self.name)
        #: 密码
        self.form.addRow(self.tr("Password"), self.password)
        #: 新密码
        self.form.addRow(self.tr("New password"), self.new_password)
        #: 再输一次
        self.form.addRow(self.tr("Repeat it"), self.repeat)
        self._show_new(False)
        lay = QVBoxLayout(self)
        lay.addWidget(self.hint)
        lay.addLayout(self.form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        (self.password if name else self.name).setFocus()
        keep_on_screen(self, self.fontMetrics().averageCharWidth() * 56)

    def _show_new(self, on: bool) -> None:
        for field in (self.new_password, self.repeat):
            self.form.setRowVisible(field, on)
        self.form.setRowVisible(self.password, not on)

    def say(self, text: str) -> None:
        """Refuse with `text` under the fields; the password is cleared to be typed again."""
        self.error.setText(text)
        self.error.setVisible(True)
        self.password.clear()
        self.password.setFocus()

    def accept(self) -> None:
        name = self.name.text().strip()
        if not name:
            #: 请输入用户名。
            self.say(self.tr("Enter your user name."))
            return
        try:
            actor = self._set_first(name) if self._first else self._sign_in(name)
        except RiskmapError as exc:  # the database itself failed: say it, change nothing
            #: 数据库错误：{0}
            self.say(self.tr("Database error: {0}").format(error_text(exc)))
            return
        if actor is not None:
            self.actor = actor
            super().accept()

    def _sign_in(self, name: str) -> Actor | None:
        if not has_password(self.store, name):
            if first_password_allowed(self.store, name):
                self._first = True
                self.name.setReadOnly(True)
                self._show_new(True)
                self.new_password.setFocus()
                #: {0} 是本库首位管理员，尚无密码。请设置（至少 {1} 个字符），再为其他用户设置。
                self.hint.setText(
                    self.tr(
                        "{0} is the first admin of this database and has no password yet. "
                        "Set one (at least {1} characters); then set the other users' passwords."
                    ).format(name, MIN_PASSWORD)
                )
                self.error.setVisible(False)
                return None
            if resolve_actor(self.store, name).known:
                #: {0} 还没有密码。请管理员在“隐患台账 → 用户…”中为其设置密码。
                self.say(self.tr("{0} has no password yet. Ask an admin to set one.").format(name))
                return None
        try:
            return authenticate(self.store, name, self.password.text())
        except RiskmapError:
            #: 用户名或密码不正确。
            self.say(self.tr("Wrong user name or password."))
            return None

    def _set_first(self, name: str) -> Actor | None:
        new = self.new_password.text()
        if len(new) < MIN_PASSWORD:
            #: 密码至少需要 {0} 个字符。
            self.say(self.tr("A password needs at least {0} characters.").format(MIN_PASSWORD))
            return None
        if new != self.repeat.text():
            #: 两次输入的密码不一致。
            self.say(self.tr("The two passwords differ."))
            self.repeat.clear()
            return None
        actor = resolve_actor(self.store, name)
        change_password(self.store, actor, name, new)
        return signed_in(actor)


class ChangePasswordDialog(QDialog):
    """File → Change password: one's own, given the current one (any role may)."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChangePasswordDialog")
        self.store = store
        self.actor = actor
        self.changed = False
        #: 修改密码
        self.setWindowTitle(self.tr("Change password"))
        self.current = QLineEdit(self)
        self.new_password = QLineEdit(self)
        self.repeat = QLineEdit(self)
        for field in (self.current, self.new_password, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_RED}")
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        #: 当前密码
        form.addRow(self.tr("Current password"), self.current)
        #: 新密码
        form.addRow(self.tr("New password"), self.new_password)
        #: 再输一次
        form.addRow(self.tr("Repeat it"), self.repeat)
        lay = QVBoxLayout(self)
        #: 用户：{0}
        lay.addWidget(QLabel(self.tr("User: {0}").format(actor.label), self))
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.current.setFocus()
        keep_on_screen(self, self.fontMetrics().averageCharWidth() * 48)

    def say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def accept(self) -> None:
        new = self.new_password.text()
        if len(new) < MIN_PASSWORD:
            #: 密码至少需要 {0} 个字符。
            self.say(self.tr("A password needs at least {0} characters.").format(MIN_PASSWORD))
            return
        if new != self.repeat.text():
            #: 两次输入的密码不一致。
            self.say(self.tr("The two passwords differ."))
            return
        try:
            change_password(self.store, self.actor, self.actor.name, new, self.current.text())
        except RiskmapError as exc:
            if exc.code != "account.wrong_current":  # not a typo: say what the core refused
                self.say(error_text(exc))
                return
            #: 当前密码不正确，密码没有修改。
            self.say(self.tr("The current password is wrong; nothing was changed."))
            self.current.clear()
            self.current.setFocus()
            return
        self.changed = True
        super().accept()
