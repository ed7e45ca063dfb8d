"""Who may log in to riskmap, and as what: viewer (只读), editor (编辑) or admin (管理员).

A user is never deleted, only deactivated: the audit trail names them, and a name that comes
back later must not inherit someone else's history. Each Save is one LedgerTx.set_user, so the
core checks the role and writes the audit event; a non-admin sees the list read-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from riskmap.core.database import Actor, Store
from riskmap.core.ledger import Ledger
from riskmap.core.ledger_lists import USER_ROLES
from riskmap.core.ledger_records import unit_names
from riskmap.core.ledger_records import users as all_users
from riskmap.errors import RiskmapError
from riskmap.ui.errors import error_text
from riskmap.ui.ledger.responsibility import ChoiceCombo
from riskmap.ui.ledger.words import words as ledger_words
from riskmap.ui.models.dossier_models import SORT_ROLE
from riskmap.ui.screen_fit import keep_on_screen

INACTIVE_TEXT = QColor(128, 128, 128)
_ERROR_STYLE = "color: #c62828;"
_BANNER_STYLE = "background: rgba(255, 193, 7, 70); padding: 6px; border-radius: 3px;"
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class UserRecord:
    name: str
    display_name: str
    role: str
    unit_id: int | None
    active: bool


class UserTableModel(QAbstractTableModel):
    """The users, one row each; inactive users greyed."""

    COLUMNS = ("name", "display_name", "role", "unit", "active")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[UserRecord] = []
        self._units: dict[int, str] = {}
        self._headers = self.header_texts()

    def header_texts(self) -> list[str]:
        return [
            #: 用户名
            self.tr("User name"),
            #: 姓名
            self.tr("Display name"),
            #: 角色
            self.tr("Role"),
            #: 所属单位
            self.tr("Unit"),
            #: 状态
            self.tr("Status"),
        ]

    def set_rows(self, rows: list[UserRecord], units: dict[int, str]) -> None:
        self.beginResetModel()
        self._rows, self._units = list(rows), dict(units)
        self.endResetModel()

    def row_at(self, row: int) -> UserRecord:
        return self._rows[row]

    def row_of(self, name: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.name == name), -1)

    def retranslate(self) -> None:
        self._headers = self.header_texts()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.COLUMNS) - 1)
            )

    def text(self, r: UserRecord, key: str) -> str:
        if key == "role":
            return ledger_words().user_role(r.role)
        if key == "unit":
            return self._units.get(r.unit_id, "") if r.unit_id is not None else ""
        if key == "active":
            #: 启用
            active = self.tr("active")
            #: 停用
            inactive = self.tr("deactivated")
            return active if r.active else inactive
        return str(getattr(r, key))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.COLUMNS)
        ):
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        key = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(r, key)
        if role == SORT_ROLE:
            return USER_ROLES.index(r.role) if key == "role" else self.text(r, key)
        if role == Qt.ItemDataRole.ForegroundRole and not r.active:
            return INACTIVE_TEXT
        return None


class UsersDialog(QDialog):
    """The user list, and for an admin a form to add a user or change one."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor
        self._editable = actor.may_write("users")
        self._units: dict[int, str] = {}
        self._current: str | None = None  # the user in the form; None: a new one

        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(_BANNER_STYLE)
        self.banner.setVisible(not self._editable)
        self.model = UserTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView(self)
        v = self.view
        v.setModel(self.proxy)
        v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        v.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        v.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        v.setAlternatingRowColors(True)
        v.verticalHeader().hide()
        v.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        v.horizontalHeader().setStretchLastSection(True)
        v.setSortingEnabled(True)
        v.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt's default indicator is descending

        self.name_edit = QLineEdit(self)
        self.display_edit = QLineEdit(self)
        self.role_combo = QComboBox(self)
        for code in USER_ROLES:
            self.role_combo.addItem("", code)
        self.unit_combo = ChoiceCombo(self, [(None, "")])
        self.active_check = QCheckBox(self)
        self.active_check.setChecked(True)
        # An admin sets a new user's password and resets a forgotten one (SQLite: on
        # PostgreSQL the database login's own password is the one that counts).
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("user_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form = QWidget(self)
        self._labels = [QLabel(self.form) for _ in range(6)]
        form = QFormLayout(self.form)
        fields = (
            self.name_edit,
            self.display_edit,
            self.role_combo,
            self.unit_combo,
            self.active_check,
            self.password_edit,
        )
        for label, widget in zip(self._labels, fields, strict=True):
            form.addRow(label, widget)
        form.setRowVisible(self.password_edit, not store.is_postgis)
        self.new_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.close_button = QPushButton(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.form.setEnabled(self._editable)
        self.new_button.setVisible(self._editable)
        self.save_button.setVisible(self._editable)

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(v, 1)
        lay.addWidget(self.form)
        lay.addWidget(self.message)
        lay.addLayout(buttons)

        v.selectionModel().currentRowChanged.connect(self._row_changed)
        self.new_button.clicked.connect(self.new_user)
        self.save_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.close)

        self.retranslate()
        self.reload()
        fm = self.fontMetrics()
        keep_on_screen(self, fm.horizontalAdvance("用") * 60, fm.height() * 34)

    # -- public API ---------------------------------------------------------------------------

    def reload(self, select_name: str | None = None) -> None:
        self._units = unit_names(self._store)
        users = [
            UserRecord(u.name, u.display_name or "", u.role, u.unit_id, bool(u.active))
            for u in all_users(self._store)
        ]
        self.model.set_rows(users, self._units)
        choices: list[tuple[Any, str]] = [(None, "")]
        choices += sorted(((uid, name) for uid, name in self._units.items()), key=lambda c: c[0])
        self.unit_combo.set_choices(choices)
        if select_name is not None:
            self.select_user(select_name)
        else:
            self.new_user()

    def select_user(self, name: str) -> bool:
        row = self.model.row_of(name)
        if row < 0:
            return False
        self.view.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        self._fill(self.model.row_at(row))
        return True

    def new_user(self) -> None:
        """An empty form for a new user (an editor by default, the common case)."""
        self.view.clearSelection()
        self._current = None
        self.name_edit.clear()
        self.name_edit.setReadOnly(False)
        self.display_edit.clear()
        self.role_combo.setCurrentIndex(USER_ROLES.index("editor"))
        self.unit_combo.set_value(None)
        self.active_check.setChecked(True)
        self.password_edit.clear()
        #: 新用户的密码（必填）
        self.password_edit.setPlaceholderText(self.tr("the new user's password (required)"))

    def apply(self) -> bool:
        """Store the form: a new user or changes to the selected one."""
        if not self._editable:
            return False
        name = self.name_edit.text().strip()
        if not name:
            #: 请填写用户名
            self._say(self.tr("Enter a user name"), error=True)
            return False
        if self._current is None and self.model.row_of(name) >= 0:
            #: 用户 {name} 已存在
            self._say(self.tr("User {name} already exists").format(name=name), error=True)
            return False
        active = self.active_check.isChecked()
        if name == self._actor.name and not active:
            # The core allows it, and it would lock out the only person who can undo it.
            #: 不能停用自己的账号
            self._say(self.tr("You cannot deactivate yourself"), error=True)
            return False
        ok, unit_id = self.unit_combo.value()
        password = "" if self._store.is_postgis else self.password_edit.text()
        if self._current is None and not self._store.is_postgis and not password:
            #: 请为新用户设置密码
            self._say(self.tr("Set the new user's password"), error=True)
            return False
        try:
            with Ledger(self._store, self._actor).edit() as tx:
                tx.set_user(
                    name,
                    self.role_combo.currentData(),
                    display_name=self.display_edit.text().strip(),
                    unit_id=unit_id if ok else None,
                    active=active,
                )
                if password:
                    tx.set_password(name, password)
        except RiskmapError as exc:
            self._say(error_text(exc), error=True)
            return False
        self.reload(select_name=name)
        #: 已保存用户 {name}
        self._say(self.tr("Saved user {name}").format(name=name))
        return True

    # -- Qt -----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        #: 用户管理
        self.setWindowTitle(self.tr("Users"))
        #: 只有管理员可以管理用户
        self.banner.setText(self.tr("Only an administrator can manage users"))
        texts = (
            #: 用户名
            self.tr("User name"),
            #: 姓名
            self.tr("Display name"),
            #: 角色
            self.tr("Role"),
            #: 所属单位
            self.tr("Unit"),
            #: 启用
            self.tr("Active"),
            #: 密码
            self.tr("Password"),
        )
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        for i, code in enumerate(USER_ROLES):
            self.role_combo.setItemText(i, ledger_words().user_role(code))
        #: 新建用户
        self.new_button.setText(self.tr("New user"))
        #: 保存
        self.save_button.setText(self.tr("Save"))
        #: 关闭
        self.close_button.setText(self.tr("Close"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- internals ----------------------------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._fill(self.model.row_at(self.proxy.mapToSource(current).row()))

    def _fill(self, r: UserRecord) -> None:
        self._current = r.name
        self.name_edit.setText(r.name)
        self.name_edit.setReadOnly(True)  # the name is the key the audit trail uses
        self.display_edit.setText(r.display_name)
        self.role_combo.setCurrentIndex(USER_ROLES.index(r.role) if r.role in USER_ROLES else 0)
        self.unit_combo.set_value(r.unit_id)
        self.active_check.setChecked(r.active)
        self.password_edit.clear()
        #: 留空则不修改；填写则重置其密码
        self.password_edit.setPlaceholderText(self.tr("empty: unchanged; typed: reset it"))

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(_ERROR_STYLE if error else "")
