"""The ledger's vocabulary in one tr() context: workflow actions, user roles, audit-trail words.

Kept in one leaf QObject (like riskmap.ui.models.Terms) so each word is translated once and every
ledger widget says 验收销号 the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject

from riskmap.core.database import Actor
from riskmap.core.history import HistoryEntry, describe_change, local_time
from riskmap.errors import ConflictError
from riskmap.ui.models.dossier_models import terms

_HIDDEN = ("version", "id", "geom", "hazard_id", "site_id")
_SHORT = 40


class LedgerWords(QObject):
    """Words of the hazard ledger (隐患台账) shared by its dialogs, cards and menus."""

    def action(self, code: str) -> str:
        """A workflow button's text."""
        words = {
            #: 开始整改
            "start": self.tr("Start rectification"),
            #: 提交验收
            "submit": self.tr("Submit for acceptance"),
            #: 验收销号
            "verify": self.tr("Verify and close"),
            #: 退回整改…
            "reject": self.tr("Send back…"),
            #: 下达整改…
            "order": self.tr("Order rectification…"),
            #: 编辑…
            "edit": self.tr("Edit…"),
            #: 删除…
            "delete": self.tr("Delete…"),
        }
        return words.get(code, code)

    def done(self, code: str) -> str:
        """What a workflow action did, for undo texts and the audit trail."""
        words = {
            #: 开始整改
            "start": self.tr("Rectification started"),
            #: 提交验收
            "submit": self.tr("Submitted for acceptance"),
            #: 验收销号
            "verify": self.tr("Verified and closed"),
            #: 退回整改
            "reject": self.tr("Sent back for rectification"),
        }
        return words.get(code, code)

    def user_role(self, code: str) -> str:
        words = {
            #: 只读
            "viewer": self.tr("read only"),
            #: 编辑
            "editor": self.tr("editor"),
            #: 管理员
            "admin": self.tr("admin"),
        }
        return words.get(code, code)

    def user_line(self, actor: Actor) -> str:
        """The status bar's "张伟 · 编辑"."""
        if not actor.known:
            #: {0} · 只读（未登记用户）
            return self.tr("{0} · read only (not a registered user)").format(actor.name)
        return f"{actor.label} · {self.user_role(actor.role)}"

    def cannot_edit(self, actor: Actor) -> str:
        """Why `actor` may not change the ledger; empty when they may."""
        if actor.may("editor"):
            return ""
        if not actor.known:
            #: {0} 不是本数据库的登记用户，只能查看。请在“文件 → 切换用户”中选择用户。
            return self.tr(
                "{0} is not a registered user of this database and can only look. "
                "Choose a user in File → Switch user."
            ).format(actor.name)
        #: {0} 是只读用户：只有编辑和管理员可以修改隐患台账。
        return self.tr(
            "{0} is a read-only user: only editors and admins can change the hazard ledger."
        ).format(actor.label)

    def field(self, key: str) -> str:
        words = {
            #: 隐患级别
            "level": self.tr("level"),
            #: 隐患类别
            "category": self.tr("category"),
            #: 隐患描述
            "description": self.tr("description"),
            #: 发现日期
            "found_on": self.tr("found on"),
            #: 发现人
            "found_by": self.tr("found by"),
            #: 督查
            "inspection_id": self.tr("inspection"),
            #: 提级督办
            "escalation": self.tr("escalation"),
            #: 提级日期
            "escalated_on": self.tr("escalated on"),
            #: 整改措施
            "measures": self.tr("measures"),
            #: 整改期限
            "deadline": self.tr("deadline"),
            #: 责任单位
            "unit_id": self.tr("responsible unit"),
            #: 责任人
            "responsible_person": self.tr("responsible person"),
            #: 整改状态
            "status": self.tr("status"),
            #: 整改资金（万元）
            "funds": self.tr("funds (10k yuan)"),
            #: 提交人
            "submitted_by": self.tr("submitted by"),
            #: 提交日期
            "submitted_on": self.tr("submitted on"),
            #: 验收人
            "verified_by": self.tr("verified by"),
            #: 验收日期
            "verified_on": self.tr("verified on"),
            #: 验收意见
            "review_note": self.tr("review note"),
            #: 密码设置时间
            "password_set_at": self.tr("password set on"),
        }
        return words.get(key, key)

    def what(self, entry: HistoryEntry) -> str:
        """The headline of one audit event: 新建隐患 #12, 验收销号（隐患 #12）, and an undo as the
        undo of what it undid: 撤销：提交验收（隐患 #12）."""
        if entry.original is not None:
            inner = self.what(entry.original)
            if entry.redo:
                #: 重做：{0}
                return self.tr("Redo: {0}").format(inner)
            #: 撤销：{0}
            return self.tr("Undo: {0}").format(inner)
        if entry.table == "hazards":
            if entry.action == "create":
                #: 新建隐患 #{0}
                return self.tr("New hazard #{0}").format(entry.row_id)
            if entry.action == "delete":
                #: 删除隐患 #{0}
                return self.tr("Hazard #{0} deleted").format(entry.row_id)
            before, after = entry.before or {}, entry.after or {}
            if before.get("escalation") != after.get("escalation") and after.get("escalation"):
                #: 提级督办：隐患 #{0}
                return self.tr("Escalated: hazard #{0}").format(entry.row_id)
            #: 修改隐患 #{0}
            return self.tr("Hazard #{0} changed").format(entry.row_id)
        if entry.table == "rectifications":
            hid = entry.hazard_id if entry.hazard_id is not None else "?"
            if entry.action == "create":
                #: 下达整改（隐患 #{0}）
                return self.tr("Rectification ordered (hazard #{0})").format(hid)
            if entry.action == "delete":
                #: 删除整改（隐患 #{0}）
                return self.tr("Rectification deleted (hazard #{0})").format(hid)
            step = entry.step
            if step is not None:
                #: {0}（隐患 #{1}）
                return self.tr("{0} (hazard #{1})").format(self.done(step), hid)
            #: 修改整改（隐患 #{0}）
            return self.tr("Rectification changed (hazard #{0})").format(hid)
        if entry.table == "duties":
            #: 修改责任清单
            return self.tr("Responsibility list changed")
        if entry.table == "users":
            name = (entry.after or entry.before or {}).get("name", "")
            if set(_changed(entry)) == {"password_set_at"}:
                #: 设置密码：{0}
                return self.tr("Password set: {0}").format(name)
            #: 修改用户：{0}
            return self.tr("User changed: {0}").format(name)
        return f"{entry.table} #{entry.row_id} {entry.action}"

    def summary(
        self,
        entry: HistoryEntry,
        people: dict[str, str] | None = None,
        unit_names: dict[int, str] | None = None,
    ) -> str:
        """The fields an event changed, in words (the core's describe_change names columns)."""
        before, after = entry.before, entry.after
        if before is None or after is None:
            text = (after or before or {}).get("description") or (after or before or {}).get(
                "measures"
            )
            return _short(text) if text else ""
        parts = []
        for k in after:
            if k in _HIDDEN or k not in before or before[k] == after[k]:
                continue
            old = self._value(k, before[k], people or {}, unit_names or {})
            new = self._value(k, after[k], people or {}, unit_names or {})
            #: {0}：{1} → {2}
            parts.append(self.tr("{0}: {1} → {2}").format(self.field(k), old, new))
        #: ；
        return self.tr("; ").join(parts) or describe_change(before, after)

    def _value(self, key: str, v: Any, people: dict[str, str], units: dict[int, str]) -> str:
        if v is None or v == "":
            return "—"
        if key == "status":
            return terms().status(str(v))
        if key == "level":
            return terms().level(str(v))
        if key in ("submitted_by", "verified_by", "found_by"):
            return people.get(str(v), str(v))
        if key == "unit_id":
            return units.get(int(v), f"#{v}")
        if key == "escalation":
            #: 已提级
            return self.tr("escalated") if v else "—"
        return _short(str(v))

    def conflict(self, exc: ConflictError, people: dict[str, str] | None = None) -> str:
        """A refused stale edit in the user's language: who changed it, when and how."""
        #: {0}。您的修改没有保存，请重新打开后再试。
        return self.tr("{0}. Yours was not saved; reopen it and try again.").format(
            self.changed_by(exc, people)
        )

    def changed_by(self, exc: ConflictError, people: dict[str, str] | None = None) -> str:
        """`李娜 在 2026-04-02 09:15 已修改：开始整改（隐患 #12）（状态：待整改 → 整改中）`."""
        last = exc.last
        if not isinstance(last, HistoryEntry):
            #: 其他人刚刚修改了这条记录
            return self.tr("Someone else changed this record a moment ago")
        who = (people or {}).get(last.user, last.user)
        detail = self.summary(last, people)
        if not detail:
            #: {0} 在 {1} 已修改：{2}
            return self.tr("{0} changed it at {1}: {2}").format(
                who, self.when(last.at), self.what(last)
            )
        #: {0} 在 {1} 已修改：{2}（{3}）
        return self.tr("{0} changed it at {1}: {2} ({3})").format(
            who, self.when(last.at), self.what(last), detail
        )

    def when(self, at: dt.datetime) -> str:
        """An audit time (stored in UTC) in the local time zone."""
        return local_time(at).strftime("%Y-%m-%d %H:%M")


def _changed(entry: HistoryEntry) -> list[str]:
    before, after = entry.before or {}, entry.after or {}
    return [k for k in after if k != "version" and k in before and before[k] != after[k]]


def _short(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= _SHORT else s[: _SHORT - 1] + "…"


_words: LedgerWords | None = None


def words() -> LedgerWords:
    """The process-wide ledger vocabulary (created on first use, after QApplication exists)."""
    global _words
    if _words is None:
        _words = LedgerWords()
    return _words
