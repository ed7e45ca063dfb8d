"""Everything about one site: where it is, its fields, who answers for it, its hazards with their
workflow buttons, and its audit trail.

Rebuilt from the SiteDetail (and the SiteLedger, when the window has a ledger) on every show (a
site has tens of rows, not thousands), so a language switch or an edit is one re-render. Every
data text is HTML-escaped before it enters a rich-text label: a hazard description must not be
able to inject markup. The panel edits nothing itself: its buttons emit signals, and the main
window's LedgerController does the edit (and the core checks it again).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QTextDocument
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from riskmap.core.figures import is_open
from riskmap.core.ledger_records import SiteLedger
from riskmap.core.site_detail import FieldValue, SiteDetail
from riskmap.ui.ledger.hazard_card import HazardCard
from riskmap.ui.ledger.history import HistorySection
from riskmap.ui.ledger.words import words
from riskmap.ui.models.dossier_models import ROLES, terms

OVERDUE_RED = "#d32f2f"
# 主管, 监管, 属地, 主体 are always named (an empty one is a gap in the chain); 审批 when any.
ALWAYS_SHOWN_ROLES = ("regulator", "supervisor", "territorial", "enterprise")


class SiteDetailPanel(QWidget):
    """Detail of one site (SiteDetail from riskmap.core.site_detail) with its ledger."""

    sigNewHazard = Signal(int)  # site id
    sigHazardAction = Signal(str, object)  # action, riskmap.core.ledger_records.HazardRecord

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._detail: SiteDetail | None = None
        self._ledger: SiteLedger | None = None
        self._lang = "zh"
        self._history_open = True
        self._cards: dict[int, HazardCard] = {}
        self.history: HistorySection | None = None
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("new_hazard")
        self.new_button.clicked.connect(self._new_hazard)
        self._error = QLabel(self)
        self._error.setWordWrap(True)
        self._error.setTextFormat(Qt.TextFormat.PlainText)
        self._error.setStyleSheet(f"color: {OVERDUE_RED}")
        self._error.setVisible(False)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = QHBoxLayout()
        # Aligned with the text below, which sits inside the scroll content's layout margins.
        m = self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutLeftMargin)
        bar.setContentsMargins(m, m // 2, m, 0)
        bar.addWidget(self.new_button)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self._error)
        self._error.setContentsMargins(m, 0, m, 0)
        lay.addWidget(self._scroll, 1)
        self._labels: list[QLabel] = []
        self.retranslate()

    # -- public API -----------------------------------------------------------------------
    def show_site(self, detail: SiteDetail, ledger: SiteLedger | None = None) -> None:
        """Show a site; with `ledger`, also its workflow buttons and audit trail."""
        bar = self._scroll.verticalScrollBar()
        # The same site again (after an edit, an undo, a user switch): stay where the user was.
        keep = bar.value() if self._detail is not None and self._detail.id == detail.id else 0
        self._detail = detail
        self._ledger = ledger
        self.show_error("")
        self._render()
        if keep:
            # The new content gets its height on the next layout pass, and the range with it.
            QTimer.singleShot(0, self, lambda: bar.setValue(keep))

    def clear(self) -> None:
        self._detail = None
        self._ledger = None
        self.show_error("")
        self._render()

    def show_error(self, text: str) -> None:
        """The core's refusal of the last action, in red above the detail until the next show."""
        self._error.setText(text)
        self._error.setVisible(bool(text))

    def error_text(self) -> str:
        return self._error.text()

    def card(self, hazard_id: int) -> HazardCard | None:
        """The card of one hazard of the shown site (for the main window and tests)."""
        return self._cards.get(hazard_id)

    def cards(self) -> dict[int, HazardCard]:
        return dict(self._cards)

    def scroll_to(self, hazard_id: int) -> None:
        """Bring a hazard's card into view (once the panel is laid out)."""
        card = self._cards.get(hazard_id)
        if card is not None:
            self._scroll.ensureWidgetVisible(card, 0, card.fontMetrics().height())

    def detail(self) -> SiteDetail | None:
        return self._detail

    def set_language(self, lang: str) -> None:
        """The panel's own words follow tr(); layer name and field labels come with the
        SiteDetail, so the main window asks site_detail() again in the new language."""
        self._lang = lang
        self.retranslate()

    def retranslate(self) -> None:
        #: 新建隐患…
        self.new_button.setText(self.tr("New hazard…"))
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

    def _update_new_button(self) -> None:
        d, led = self._detail, self._ledger
        if d is None:
            #: 请先在地图上选择风险点。
            reason = self.tr("Select a site on the map first.")
        else:
            reason = words().cannot_edit(led.actor) if led is not None else ""
        # A bare panel (no ledger behind it, as in a briefing) offers no editing at all.
        self.new_button.setEnabled(d is not None and led is not None and not reason)
        if reason or d is None:
            self.new_button.setToolTip(reason)
        else:
            #: 在“{0}”登记一项新隐患
            self.new_button.setToolTip(self.tr("Record a new hazard at {0}").format(d.name))

    def _new_hazard(self) -> None:
        if self._detail is not None:
            self.sigNewHazard.emit(self._detail.id)

    def _set_content(self, content: QWidget) -> None:
        # The old content may hold the button whose click led here: delete it later, not now.
        old = self._scroll.takeWidget()
        self._scroll.setWidget(content)
        if old is not None:
            old.hide()
            old.deleteLater()

    def _render(self) -> None:
        self._labels = []
        self._cards = {}
        self.history = None
        self._update_new_button()
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
            self._set_content(content)
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
        n_open = sum(1 for h in d.hazards if is_open(h.status))
        heading = self.tr("Hazards ({0}, {1} open)").format(len(d.hazards), n_open)
        if d.as_of is not None:  # the overdue days below count to it
            #: {0} · 截至 {1}
            heading = self.tr("{0} · as of {1}").format(heading, d.as_of.isoformat())
        lay.addWidget(self._heading(heading, content))
        if not d.hazards:
            lay.addWidget(self._label(self.tr("No hazards recorded."), parent=content))
        led = self._ledger
        # Open hazards first (the site's order within each group: newest found first).
        for h in sorted(d.hazards, key=lambda h: not is_open(h.status)):
            if led is None:
                card = HazardCard(h, parent=content)
            else:
                card = HazardCard(h, d.id, led.actor, led.people, content)
            card.sigAction.connect(self.sigHazardAction)
            self._labels.append(card.label)
            self._cards[h.id] = card
            lay.addWidget(card)
        # The ledger is the daily work, so it comes before the site's standing attributes.
        if d.fields:
            lay.addWidget(self._heading(self.tr("Attributes"), content))
            lay.addLayout(self._fields_form(d.fields, content))
        if led is not None:
            history = HistorySection(
                led.history, led.people, led.unit_names, led.history_error,
                self._history_open, content,
            )  # fmt: skip
            history.sigToggled.connect(self._history_toggled)
            history.setContentsMargins(0, history.fontMetrics().height() // 2, 0, 0)
            self._labels.extend(history.labels)
            self.history = history
            lay.addWidget(history)
        lay.addStretch(1)
        self._set_content(content)

    def _history_toggled(self, on: bool) -> None:
        self._history_open = on

    def _chain_form(self, d: SiteDetail, parent: QWidget) -> QFormLayout:
        form = _form()
        t = terms()
        for role in ROLES:
            names = d.units.get(role, [])
            if not names and role not in ALWAYS_SHOWN_ROLES:
                continue
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


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form
