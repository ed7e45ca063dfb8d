"""Everything about one site, read-only: where it is, its fields, hazards, and who answers for it.

Rebuilt from the SiteDetail on every show (a site has tens of rows, not thousands), so a language
switch is one re-render. Every data text is HTML-escaped before it enters a rich-text label: a
hazard description must not be able to inject markup.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QTextDocument
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from riskmap.core.site_detail import FieldValue, SiteDetail, SiteHazard
from riskmap.ui.models.dossier_models import ROLES, terms

OVERDUE_RED = "#d32f2f"
MAJOR_ORANGE = "#e65100"


class SiteDetailPanel(QWidget):
    """Read-only detail of one site (SiteDetail from riskmap.core.site_detail)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._detail: SiteDetail | None = None
        self._lang = "zh"
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self._scroll)
        self._labels: list[QLabel] = []
        self._render()

    # -- public API -----------------------------------------------------------------------
    def show_site(self, detail: SiteDetail) -> None:
        self._detail = detail
        self._render()

    def clear(self) -> None:
        self._detail = None
        self._render()

    def detail(self) -> SiteDetail | None:
        return self._detail

    def set_language(self, lang: str) -> None:
        """The panel's own words follow tr(); layer name and field labels come with the
        SiteDetail, so the main window asks site_detail() again in the new language."""
        self._lang = lang
        self.retranslate()

    def retranslate(self) -> None:
        self._render()

    def plain_text(self) -> str:
        """All shown text, one label per line (for copying and for tests)."""
        doc_lines = []
        for label in self._labels:
            if label.textFormat() == Qt.TextFormat.RichText:
                doc = QTextDocument()
                doc.setHtml(label.text())
                doc_lines.append(doc.toPlainText())
            else:
                doc_lines.append(label.text())
        return "\n".join(doc_lines)

    # -- rendering ------------------------------------------------------------------------
    def _label(self, text: str, rich: bool = False, parent: QWidget | None = None) -> QLabel:
        label = QLabel(parent)
        label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        label.setText(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._labels.append(label)
        return label

    def _heading(self, text: str, parent: QWidget) -> QLabel:
        label = self._label(text, parent=parent)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        # Air above a section, in text units so it scales with the font on a 4K wall.
        label.setContentsMargins(0, label.fontMetrics().height() // 2, 0, 0)
        return label

    def _render(self) -> None:
        self._labels = []
        content = QWidget()
        lay = QVBoxLayout(content)
        d = self._detail
        if d is None:
            empty = self._label(
                self.tr("No site selected. Click a site on the map."), parent=content
            )
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lay.addWidget(empty)
            lay.addStretch(1)
            self._scroll.setWidget(content)
            return

        title = self._label(d.name, parent=content)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        lay.addWidget(title)
        sub = self._label(self.tr("{0} · No. {1}").format(d.layer_name, d.id), parent=content)
        sub.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        lay.addWidget(sub)
        if d.districts:
            # SiteDetail lists the township first; people read the chain from the city down.
            lay.addWidget(self._label(" › ".join(reversed(d.districts)), parent=content))
        if d.address:
            lay.addWidget(self._label(d.address, parent=content))
        lay.addWidget(
            self._label(
                self.tr("Lon {0}, Lat {1} (CGCS2000)").format(f"{d.lon:.6f}", f"{d.lat:.6f}"),
                parent=content,
            )
        )

        lay.addWidget(self._heading(self.tr("Accountability"), content))
        lay.addLayout(self._chain_form(d, content))
        if d.fields:
            lay.addWidget(self._heading(self.tr("Attributes"), content))
            lay.addLayout(self._fields_form(d.fields, content))
        n_open = sum(1 for h in d.hazards if h.status != "verified")
        lay.addWidget(
            self._heading(
                self.tr("Hazards ({0}, {1} open)").format(len(d.hazards), n_open), content
            )
        )
        if not d.hazards:
            lay.addWidget(self._label(self.tr("No hazards recorded."), parent=content))
        # Open hazards first (the site's order within each group: newest found first).
        for h in sorted(d.hazards, key=lambda h: h.status == "verified"):
            lay.addWidget(self._hazard_card(h, content))
        lay.addStretch(1)
        self._scroll.setWidget(content)

    def _chain_form(self, d: SiteDetail, parent: QWidget) -> QFormLayout:
        form = _form()
        t = terms()
        for role in ROLES:
            names = d.units.get(role, [])
            value = "\n".join(names) if names else self.tr("(none)")
            form.addRow(self._label(t.role(role), parent=parent), self._label(value, parent=parent))
        return form

    def _fields_form(self, fields: list[FieldValue], parent: QWidget) -> QFormLayout:
        form = _form()
        for f in fields:
            form.addRow(
                self._label(f.label, parent=parent),
                self._label(self._value_text(f), parent=parent),
            )
        return form

    def _value_text(self, f: FieldValue) -> str:
        v = f.value
        if v is None or v == "":
            return "—"
        if isinstance(v, bool):
            text = self.tr("yes") if v else self.tr("no")
        elif isinstance(v, float):
            text = f"{v:,.6g}" if abs(v) < 1e15 else str(v)
        else:
            text = terms().choice(v)  # enum codes in words; other values as written
        return f"{text} {f.unit}" if f.unit else text

    def _hazard_card(self, h: SiteHazard, parent: QWidget) -> QFrame:
        t = terms()
        e = html.escape
        card = QFrame(parent)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        head = [
            f'<b style="color:{MAJOR_ORANGE}">{e(t.level(h.level))}</b>'
            if h.level == "major"
            else f"<b>{e(t.level(h.level))}</b>",
            e(t.status(h.status)),
        ]
        if h.days_overdue:
            overdue = self.tr("overdue {0} days").format(h.days_overdue)
            head.append(f'<b style="color:{OVERDUE_RED}">{e(overdue)}</b>')
        if h.escalation:
            head.append(e(self.tr("escalated ×{0}").format(h.escalation)))
        if h.category:
            head.append(e(h.category))
        lines = [" · ".join(head), e(h.description)]
        if h.measures:
            lines.append(e(self.tr("Measures: {0}").format(h.measures)))
        dates = [self.tr("found {0}").format(h.found_on.isoformat())]
        if h.deadline is not None:
            dates.append(self.tr("deadline {0}").format(h.deadline.isoformat()))
        lines.append(e(" · ".join(dates)))
        who = " · ".join(x for x in (h.unit_name, h.responsible_person) if x)
        if who:
            lines.append(e(self.tr("Responsible: {0}").format(who)))
        label = self._label("<br>".join(lines), rich=True, parent=card)
        if h.status == "verified":
            # Closed hazards stay listed for the record, but quieter.
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        box = QVBoxLayout(card)
        box.addWidget(label)
        return card


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form
