"""One hazard in the site detail: what it is, where its rectification stands, and the workflow
buttons the current user may press (none but disabled ones for a viewer, with the reason)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from riskmap.core.database import Actor
from riskmap.core.figures import is_major
from riskmap.core.ledger_records import HazardRecord, record_of, workflow_actions
from riskmap.core.site_detail import SiteHazard
from riskmap.ui.ledger.flow import FlowLayout, flow_policy
from riskmap.ui.ledger.words import words
from riskmap.ui.models.dossier_models import terms

OVERDUE_RED = "#d32f2f"
MAJOR_ORANGE = "#e65100"
ESCALATED_PURPLE = "#6a1b9a"


class HazardCard(QFrame):
    """A hazard with its rectification; sigAction(action, HazardRecord) when a button is pressed
    (start, submit, verify, reject, order, edit, delete)."""

    sigAction = Signal(str, object)

    def __init__(
        self,
        hazard: SiteHazard,
        site_id: int | None = None,
        actor: Actor | None = None,
        people: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"hazard_{hazard.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.hazard = hazard
        # Without a site and a user (a read-only panel) the card shows the hazard, no buttons.
        record = record_of(site_id, hazard) if site_id is not None and actor is not None else None
        self.record = record
        self._people = people or {}
        self.buttons: dict[str, QPushButton] = {}
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setText(self._html(actor))
        if hazard.status == "verified":
            # Closed hazards stay listed for the record, but quieter.
            self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        box = QVBoxLayout(self)
        box.addWidget(self.label)
        if record is not None and actor is not None:
            row = QWidget(self)
            row.setSizePolicy(flow_policy())
            flow = FlowLayout(row)
            for action, enabled, tip in self._button_specs(record, actor):
                button = QPushButton(words().action(action), row)
                button.setObjectName(f"ledger_{action}")
                button.setEnabled(enabled)
                button.setToolTip(tip)
                button.clicked.connect(lambda _c=False, a=action: self._pressed(a))
                flow.addWidget(button)
                self.buttons[action] = button
            if self.buttons:
                box.addWidget(row)

    def _pressed(self, action: str) -> None:
        self.sigAction.emit(action, self.record)

    def _button_specs(self, rec: HazardRecord, actor: Actor) -> list[tuple[str, bool, str]]:
        """(action, enabled, tooltip) in the order they are offered."""
        reason = words().cannot_edit(actor)
        specs = [(a, True, "") for a in workflow_actions(rec, actor)]
        if rec.rect_id is None:
            #: 为这项隐患下达整改：措施、期限、责任单位
            tip = self.tr("Give this hazard a rectification order: measures, deadline, unit")
            specs.append(("order", not reason, reason or tip))
        specs.append(("edit", not reason, reason))
        specs.append(("delete", not reason, reason))
        return specs

    def _who(self, name: str | None) -> str:
        return self._people.get(name or "", name or "")

    def _html(self, actor: Actor | None) -> str:
        h, rec, t, e = self.hazard, self.record, terms(), html.escape
        level = e(t.level(h.level))
        head = [
            f'<b style="color:{MAJOR_ORANGE}">{level}</b>'
            if is_major(h.level)
            else f"<b>{level}</b>",
            e(t.status(h.status)),
        ]
        if h.days_overdue:
            #: 逾期 {0} 天
            overdue = self.tr("overdue {0} days").format(h.days_overdue)
            head.append(f'<b style="color:{OVERDUE_RED}">{e(overdue)}</b>')
        if h.escalation:
            since = rec.escalated_on if rec is not None else None
            if since is not None:
                #: 提级督办（{0}起）
                text = self.tr("escalated since {0}").format(since.isoformat())
            else:
                #: 提级督办
                text = self.tr("escalated")
            head.append(f'<b style="color:{ESCALATED_PURPLE}">{e(text)}</b>')
        if h.category:
            head.append(e(h.category))
        head.append(f"#{h.id}")
        lines = [" · ".join(head), e(h.description)]
        if h.measures:
            #: 整改措施：{0}
            lines.append(e(self.tr("Measures: {0}").format(h.measures)))
        #: 发现于 {0}
        dates = [self.tr("found {0}").format(h.found_on.isoformat())]
        if rec is not None and rec.found_by:
            #: 发现人 {0}
            dates.append(self.tr("by {0}").format(rec.found_by))
        if h.deadline is not None:
            #: 整改期限 {0}
            dates.append(self.tr("deadline {0}").format(h.deadline.isoformat()))
        lines.append(e(" · ".join(dates)))
        who = [x for x in (h.unit_name, h.responsible_person) if x]
        if rec is not None and rec.funds is not None:
            #: 资金 {0} 万元
            who.append(self.tr("funds {0} × 10k yuan").format(f"{rec.funds:g}"))
        if who:
            #: 责任：{0}
            lines.append(e(self.tr("Responsible: {0}").format(" · ".join(who))))
        if rec is not None:
            lines.extend(self._workflow_lines(rec, actor))
        return "<br>".join(lines)

    def _workflow_lines(self, rec: HazardRecord, actor: Actor | None) -> list[str]:
        e = html.escape
        out = []
        if rec.submitted_by:
            on = rec.submitted_on.isoformat() if rec.submitted_on else ""
            #: 提交验收：{0} {1}
            out.append(
                e(self.tr("Submitted by {0} on {1}").format(self._who(rec.submitted_by), on))
            )
        if rec.verified_by:
            on = rec.verified_on.isoformat() if rec.verified_on else ""
            #: 验收销号：{0} {1}
            out.append(e(self.tr("Verified by {0} on {1}").format(self._who(rec.verified_by), on)))
        if rec.review_note:
            #: 验收意见：{0}
            note = self.tr("Review note: {0}").format(rec.review_note)
            out.append(f"<i>{e(note)}</i>")
        if (
            rec.status == "submitted"
            and actor is not None
            and rec.submitted_by == actor.name
            and actor.may("editor")
        ):
            #: 您提交了验收，须由其他人验收销号。
            hint = self.tr("You submitted it: someone else verifies it.")
            out.append(f"<i>{e(hint)}</i>")
        return out
