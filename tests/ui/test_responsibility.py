"""The responsibility lists and users dialogs on a private copy of the demo city (offscreen).

Edits are made the way the table makes them (through the delegate's combo, or setData on the
view's proxy) and checked in the database afterwards, audit trail included.
"""

from __future__ import annotations

import csv
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QStyleOptionViewItem
from sqlalchemy import func, select

from riskmap.core.accounts import authenticate
from riskmap.core.catalog import load_catalog
from riskmap.core.ledger import Ledger, resolve_actor
from riskmap.store.engine import Store, open_store
from riskmap.store.schema import AuditEvent, Duty, Unit, User
from riskmap.ui.ledger.responsibility import ChoiceCombo, ResponsibilityDialog
from riskmap.ui.ledger.users_dialog import UsersDialog
from riskmap.ui.models.duty_models import INVALID_BACKGROUND, PROBLEM_ROLE, STATE_ROLE

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture
def store(demo_copy: str):
    s = open_store(demo_copy)
    yield s
    s.dispose()


@pytest.fixture(autouse=True)
def asked(monkeypatch) -> list[int]:
    """Closing with pending edits asks; the test answers "discard" and counts the questions
    (a real message box would wait for a click forever)."""
    calls: list[int] = []

    def answer(self: ResponsibilityDialog) -> bool:
        calls.append(self.pending_count())
        self.reload()
        return True

    monkeypatch.setattr(ResponsibilityDialog, "_may_close", answer)
    return calls


def _dialog(qtbot, store: Store, catalog, user: str) -> ResponsibilityDialog:
    dlg = ResponsibilityDialog(store, resolve_actor(store, user), catalog)
    qtbot.addWidget(dlg)
    return dlg


def _duties(store: Store) -> dict[int, tuple]:
    with store.session() as s:
        return {
            d.id: (d.unit_id, d.role, d.layer, d.site_id, d.district_code, d.note)
            for d in s.scalars(select(Duty))
        }


def _events_after(store: Store, last: int) -> list[AuditEvent]:
    with store.session() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.id > last)))


def _last_event(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.max(AuditEvent.id))) or 0


def _unit_id(store: Store, name: str) -> int:
    with store.session() as s:
        return s.scalars(select(Unit.id).where(Unit.name == name)).one()


def _source_index(dlg: ResponsibilityDialog, name: str, row: int, key: str) -> QModelIndex:
    model = dlg.model(name)
    return model.index(row, model.column_keys().index(key))


def _set(dlg: ResponsibilityDialog, name: str, row: int, key: str, value) -> bool:
    return dlg.model(name).setData(_source_index(dlg, name, row, key), value)


def test_admin_edits_adds_deletes_and_saves_in_one_go(qtbot, store, catalog, asked) -> None:
    dlg = _dialog(qtbot, store, catalog, "admin")
    tab = dlg.tab("department")
    model = dlg.model("department")
    before = _duties(store)
    assert model.rowCount() == sum(1 for d in before.values() if d[3] is None)
    assert dlg.model("enterprise").rowCount() == sum(1 for d in before.values() if d[3])
    assert not dlg.save_button.isEnabled() and dlg.banner.isHidden()

    # Change the unit of the first duty through the delegate's (searchable) combo.
    edited = model.row_at(0)
    emergency = _unit_id(store, "青岚市应急管理局")
    index = tab.proxy.mapFromSource(_source_index(dlg, "department", 0, "unit"))
    assert tab.proxy.flags(index) & Qt.ItemFlag.ItemIsEditable
    editor = tab.delegate.createEditor(tab.view.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, ChoiceCombo) and editor.isEditable()  # 399 units: searchable
    tab.delegate.setEditorData(editor, index)
    assert editor.value() == (True, edited.values["unit_id"])
    editor.set_value(emergency)
    tab.delegate.setModelData(editor, tab.proxy, index)
    editor.deleteLater()
    assert index.data(STATE_ROLE) == "changed"
    assert index.data(Qt.ItemDataRole.FontRole).italic()
    assert "青岚市林业和草原局" in index.data(Qt.ItemDataRole.ToolTipRole)  # "Was: …"

    # A new row: 应急管理局 supervises roads in 东川县.
    new = dlg.add_row("department")
    assert _set(dlg, "department", new, "unit", emergency)
    assert _set(dlg, "department", new, "role", "supervisor")
    assert _set(dlg, "department", new, "layer", "roads")
    assert _set(dlg, "department", new, "district", "628821")
    assert _set(dlg, "department", new, "note", "  节日道路专项检查  ")

    # Delete the third row via the view's selection.
    doomed = model.row_at(2)
    tab.view.selectRow(tab.proxy.mapFromSource(model.index(2, 0)).row())
    dlg.delete_selected("department")
    assert model.index(2, 0).data(STATE_ROLE) == "deleted"
    assert model.index(2, 0).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert not model.flags(model.index(2, 0)) & Qt.ItemFlag.ItemIsEditable

    assert dlg.pending_count() == 3 and dlg.save_button.isEnabled()
    assert "3" in dlg.pending_label.text()
    last = _last_event(store)
    assert dlg.save()
    assert dlg.pending_count() == 0 and not dlg.save_button.isEnabled()

    after = _duties(store)
    expected = dict(before)
    expected[edited.id] = (emergency, *before[edited.id][1:])
    del expected[doomed.id]
    (new_id,) = set(after) - set(before)
    expected[new_id] = (emergency, "supervisor", "roads", None, "628821", "节日道路专项检查")
    assert after == expected
    events = _events_after(store, last)
    assert sorted((e.action, e.table, e.row_id) for e in events) == sorted(
        [
            ("update", "duties", edited.id),
            ("create", "duties", new_id),
            ("delete", "duties", doomed.id),
        ]
    )
    assert {e.user for e in events} == {"admin"}
    assert not asked


def test_an_invalid_row_disables_save_and_says_why(qtbot, store, catalog, asked) -> None:
    dlg = _dialog(qtbot, store, catalog, "admin")
    model = dlg.model("department")
    row = dlg.add_row("department")
    unit = _source_index(dlg, "department", row, "unit")
    assert not dlg.save_button.isEnabled()
    assert unit.data(Qt.ItemDataRole.BackgroundRole) == INVALID_BACKGROUND
    assert "No responsible unit" in unit.data(Qt.ItemDataRole.ToolTipRole)
    assert model.invalid_rows() == [row]
    _set(dlg, "department", row, "unit", _unit_id(store, "青岚市应急管理局"))
    # Still neither a layer nor a district: the core would refuse it, so the row says so.
    assert "Name a layer or a district" in unit.data(PROBLEM_ROLE)
    assert not dlg.save() and "fix them" in dlg.message_text()
    _set(dlg, "department", row, "layer", "mines")
    assert unit.data(PROBLEM_ROLE) == "" and dlg.save_button.isEnabled()
    # An enterprise row needs its site; choosing one brings the site's layer along.
    ent = dlg.add_row("enterprise")
    assert "No site chosen" in _source_index(dlg, "enterprise", ent, "site").data(PROBLEM_ROLE)
    assert not dlg.save_button.isEnabled()
    site_choices = _source_index(dlg, "enterprise", ent, "site").data(Qt.ItemDataRole.UserRole + 10)
    chem = next(sid for sid, label in site_choices if sid and "化工" in label)
    _set(dlg, "enterprise", ent, "site", chem)
    _set(dlg, "enterprise", ent, "unit", _unit_id(store, "青岚市应急管理局"))
    assert dlg.model("enterprise").row_at(ent).values["layer"] == "chemical_plants"
    assert dlg.save_button.isEnabled()
    dlg.show()
    dlg.close()
    assert asked == [2] and not dlg.isVisible()


def test_closing_with_pending_edits_asks_and_cancel_stays(qtbot, store, catalog, monkeypatch):
    dlg = _dialog(qtbot, store, catalog, "admin")
    dlg.show()
    dlg.close()  # nothing pending: no question
    assert not dlg.isVisible()
    dlg.show()
    _set(dlg, "department", 0, "note", "未保存")
    questions: list[int] = []

    def cancel(self: ResponsibilityDialog) -> bool:
        questions.append(self.pending_count())
        return False

    monkeypatch.setattr(ResponsibilityDialog, "_may_close", cancel)
    dlg.close()
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert questions == [1, 1] and dlg.isVisible() and dlg.pending_count() == 1
    dlg.revert()


def test_editors_and_viewers_see_a_read_only_list(qtbot, store, catalog) -> None:
    for user in ("zhangwei", "wall"):
        dlg = _dialog(qtbot, store, catalog, user)
        assert dlg.banner.isVisibleTo(dlg)
        assert dlg.banner.text() == "Only an administrator can change the responsibility lists"
        for name in ("department", "enterprise", "units"):
            model = dlg.model(name)
            flags = [
                model.flags(model.index(r, c))
                for r in range(min(model.rowCount(), 30))
                for c in range(model.columnCount())
            ]
            assert not any(f & Qt.ItemFlag.ItemIsEditable for f in flags)
            assert not model.setData(model.index(0, 0), "x")
            assert not dlg.tab(name).add_button.isVisibleTo(dlg)
        assert not dlg.save_button.isVisibleTo(dlg)
        assert dlg.add_row("department") == -1 and not dlg.save()


def test_revert_discards_pending_edits(qtbot, store, catalog) -> None:
    dlg = _dialog(qtbot, store, catalog, "admin")
    before = _duties(store)
    note = dlg.model("enterprise").row_at(5).values["note"]
    _set(dlg, "enterprise", 5, "note", "改过的说明")
    dlg.add_row("units")
    dlg.model("department").remove_rows([1])
    assert dlg.pending_count() == 3 and dlg.revert_button.isEnabled()
    dlg.revert()
    assert dlg.pending_count() == 0
    assert dlg.model("enterprise").row_at(5).values["note"] == note
    assert dlg.model("department").row_at(1).state == "clean"
    assert _duties(store) == before


def test_search_filters_every_column(qtbot, store, catalog) -> None:
    dlg = _dialog(qtbot, store, catalog, "admin")
    tab = dlg.tab("department")
    total = tab.proxy.rowCount()
    qtbot.keyClicks(tab.search, "SUPERV")  # the role column (English until translated)
    shown = [tab.proxy.index(r, 1).data() for r in range(tab.proxy.rowCount())]
    assert len(shown) == 8 and set(shown) == {"supervisor"}
    tab.search.setText("东川县")  # QTest cannot type CJK: set the text
    rows = [
        " ".join(tab.proxy.index(r, c).data() for c in range(tab.proxy.columnCount()))
        for r in range(tab.proxy.rowCount())
    ]
    assert rows and all("东川县" in r for r in rows)
    assert f"{len(rows)} / {total}" in tab.count.text()
    # A pending row stays in view whatever the search, so an edit never hides behind it.
    new = dlg.add_row("department")
    assert tab.proxy.mapFromSource(dlg.model("department").index(new, 0)).isValid()
    tab.search.clear()
    assert tab.proxy.rowCount() == total + 1


def test_a_conflict_on_save_is_shown_and_the_edit_kept(qtbot, store, catalog) -> None:
    dlg = _dialog(qtbot, store, catalog, "admin")
    row = dlg.model("department").row_at(3)
    _set(dlg, "department", 3, "note", "我的修改")
    # Someone else changes the same duty first.
    with Ledger(store, resolve_actor(store, "admin")).edit() as tx:
        tx.update_duty(row.id, {"note": "别人的修改"})
    last = _last_event(store)
    assert not dlg.save()
    # Who changed what, in words: the other person's change to the same note.
    assert "changed it at" in dlg.message_text() and "→ 别人的修改" in dlg.message_text()
    assert "Your changes are kept" in dlg.message_text()
    assert dlg.pending_count() == 1
    assert dlg.model("department").row_at(3).values["note"] == "我的修改"
    assert _duties(store)[row.id][5] == "别人的修改" and _events_after(store, last) == []
    dlg.revert()
    assert dlg.model("department").row_at(3).values["note"] == "别人的修改"


def test_units_tab_creates_and_refuses_to_delete_a_unit_in_use(qtbot, store, catalog) -> None:
    dlg = _dialog(qtbot, store, catalog, "admin")
    units = dlg.model("units")
    row = dlg.add_row("units")
    assert "No name" in units.index(row, 0).data(PROBLEM_ROLE)
    _set(dlg, "units", row, "name", "青岚市消防救援支队")
    _set(dlg, "units", row, "kind", "regulator")
    _set(dlg, "units", row, "district", "628800")
    _set(dlg, "units", row, "phone", "0940-119")
    assert dlg.save()
    with store.session() as s:
        u = s.scalars(select(Unit).where(Unit.name == "青岚市消防救援支队")).one()
        assert (u.kind, u.district_code, u.phone, u.contact_person) == (
            "regulator",
            "628800",
            "0940-119",
            "",
        )
    forestry = next(
        i for i in range(units.rowCount()) if units.row_at(i).values["name"] == "青岚市林业和草原局"
    )
    units.remove_rows([forestry])
    assert not dlg.save()
    assert "still named by" in dlg.message_text() and dlg.pending_count() == 1
    # The new unit is now a choice in the lists.
    labels = [label for _v, label in dlg.model("department").choices("unit")]
    assert "青岚市消防救援支队" in labels


def test_a_unit_still_named_by_a_user_is_kept_with_a_message(qtbot, store, catalog) -> None:
    # The core checks duties and rectifications only; the database refuses the rest.
    admin = resolve_actor(store, "admin")
    with Ledger(store, admin).edit() as tx:
        uid = tx.create_unit(name="测试单位", kind="enterprise")
        tx.set_user("chen", "editor", unit_id=uid)
    dlg = _dialog(qtbot, store, catalog, "admin")
    units = dlg.model("units")
    row = next(i for i in range(units.rowCount()) if units.row_at(i).id == uid)
    units.remove_rows([row])
    assert not dlg.save()
    assert "still named by" in dlg.message_text() and dlg.pending_count() == 1
    with store.session() as s:
        assert s.get(Unit, uid) is not None


def test_export_writes_the_list_as_shown(qtbot, store, catalog, tmp_path) -> None:
    dlg = _dialog(qtbot, store, catalog, "wall")  # exporting is reading: anyone may
    tab = dlg.tab("department")
    tab.search.setText("东川县")
    path = tmp_path / "dept.csv"
    assert dlg.export_table("department", path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Responsible unit", "Role", "Layer", "District", "Note"]
    assert len(rows) - 1 == tab.proxy.rowCount() > 0
    assert dlg.export_lists(tmp_path / "both.xlsx")
    assert dlg.import_file(tmp_path / "both.xlsx") is None  # a viewer cannot import


def test_import_through_the_dialog_adds_nothing_twice(qtbot, store, catalog, tmp_path) -> None:
    dlg = _dialog(qtbot, store, catalog, "admin")
    path = tmp_path / "both.xlsx"
    assert dlg.export_lists(path)
    before = _duties(store)
    report = dlg.import_file(path)
    assert report is not None and report.ok and report.created == 0
    assert len(report.skipped) == len(before) and _duties(store) == before
    _set(dlg, "department", 0, "note", "x")
    assert dlg.import_file(path) is None and "before importing" in dlg.message_text()
    dlg.revert()


# -- users -------------------------------------------------------------------------------


def test_admin_adds_a_user(qtbot, store) -> None:
    dlg = UsersDialog(store, authenticate(store, "admin", "riskmap"))
    qtbot.addWidget(dlg)
    assert dlg.model.rowCount() == 6 and dlg.banner.isHidden()
    dlg.new_user()
    dlg.name_edit.setText("chen")
    dlg.display_edit.setText("陈静")
    dlg.role_combo.setCurrentIndex(dlg.role_combo.findData("editor"))
    dlg.unit_combo.set_value(2)
    last = _last_event(store)
    assert not dlg.apply() and "password" in dlg.message.text()  # a new user needs one
    qtbot.keyClicks(dlg.password_edit, "chen-2026")
    assert dlg.apply()
    with store.session() as s:
        chen = s.get(User, "chen")
        assert (chen.role, chen.display_name, chen.unit_id, chen.active) == (
            "editor",
            "陈静",
            2,
            True,
        )
    assert authenticate(store, "chen", "chen-2026").name == "chen"
    assert [(e.action, e.table) for e in _events_after(store, last)] == [
        ("create", "users"),
        ("update", "users"),  # the password's date; never its hash
    ]
    # Reset lina's forgotten password.
    assert dlg.select_user("lina") and dlg.password_edit.text() == ""
    qtbot.keyClicks(dlg.password_edit, "lina-reset-1")
    assert dlg.apply()
    assert authenticate(store, "lina", "lina-reset-1").name == "lina"
    assert dlg.model.rowCount() == 7 and dlg.name_edit.isReadOnly()
    # Deactivate lina, and refuse to deactivate oneself.
    assert dlg.select_user("lina")
    dlg.active_check.setChecked(False)
    assert dlg.apply()
    assert resolve_actor(store, "lina").role == "viewer"  # an inactive user only looks
    assert dlg.select_user("admin")
    dlg.active_check.setChecked(False)
    assert not dlg.apply() and "yourself" in dlg.message.text()
    dlg.new_user()
    dlg.name_edit.setText("zhangwei")
    assert not dlg.apply() and "already exists" in dlg.message.text()


def test_users_are_read_only_for_an_editor(qtbot, store) -> None:
    dlg = UsersDialog(store, resolve_actor(store, "zhangwei"))
    qtbot.addWidget(dlg)
    assert dlg.banner.isVisibleTo(dlg) and not dlg.form.isEnabled()
    assert not dlg.save_button.isVisibleTo(dlg) and not dlg.apply()
    assert dlg.model.rowCount() == 6
