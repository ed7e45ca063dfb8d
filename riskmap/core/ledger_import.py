"""台账导入: `LedgerTx.import_hazards`, which writes a unit's ledger rows as they stand.

An import takes a unit's ledger as it stands, history included: work recorded outside riskmap is
not replayed through transitions, but the result must obey the same rules. `LedgerTx` inherits
`_ImportMixin`, and `riskmap.core.ledger` re-exports `ImportedHazard`; this module does not import
`riskmap.core.ledger`, which imports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from riskmap.errors import LedgerError
from riskmap.messages import words
from riskmap.store.schema import RECT_STATUSES, Hazard, Inspection, Rectification, Site, Unit

# What an import may set: `riskmap.core.ledger`'s HAZARD_FIELDS and RECT_FIELDS, and the state
# and history a unit's ledger records.
IMPORT_HAZARD_FIELDS = (
    "level",
    "category",
    "description",
    "found_on",
    "found_by",
    "inspection_id",
    "escalation",
    "escalated_on",
)
IMPORT_RECT_FIELDS = (
    "measures",
    "deadline",
    "unit_id",
    "responsible_person",
    "funds",
    "status",
    "submitted_by",
    "submitted_on",
    "verified_by",
    "verified_on",
    "review_note",
)
# Who submitted or verified is NULL until someone has; an empty cell means the same.
_NULLABLE_TEXT = frozenset({"submitted_by", "verified_by"})
_IMPORT_CHUNK = 5000


@dataclass(frozen=True)
class ImportedHazard:
    """One ledger row to write as it stands (see `LedgerTx.import_hazards`).

    `hazard` and `rectification` hold IMPORT_HAZARD_FIELDS / IMPORT_RECT_FIELDS values; a field
    left out keeps its current value (or its default for a new row). `rectification` None leaves
    the hazard's order as it is.
    """

    site_id: int
    hazard: dict[str, Any]
    rectification: dict[str, Any] | None = None
    hazard_id: int | None = None  # an existing hazard to update, or the id to create with
    # The versions the caller checked the rows at: a change by someone else since is refused
    # (ConflictError), not overwritten. None: not checked.
    hazard_version: int | None = None
    rect_version: int | None = None


class _ImportMixin:
    """The import half of `riskmap.core.ledger.LedgerTx`, which provides what is declared here."""

    s: Session
    today: dt.date

    if TYPE_CHECKING:

        def _check_hazard(self, h: Hazard) -> None: ...

        def _check_rect(self, r: Rectification, h: Hazard) -> None: ...

        def _check_version(self, row: Any, expected_version: int | None) -> None: ...

    def import_hazards(self, items: Sequence[ImportedHazard]) -> list[tuple[int, str]]:
        """Write ledger rows as they stand; per item (hazard id, created|updated|unchanged).

        An item whose hazard_id exists updates that hazard and, when given, its rectification;
        any other item creates a hazard (with that id when one is given). Statuses and their
        history are taken as given but must be consistent (a submitter before a verifier, the
        verifier another person, no date in the future), and a verified rectification cannot
        change. One flush for all: a refused item raises here and the transaction writes nothing.
        """
        ids = [it.hazard_id for it in items if it.hazard_id is not None]
        seen: set[int] = set()
        for hid in ids:
            if hid in seen:
                raise LedgerError.of("ledger.import_twice", id=hid)
            seen.add(hid)
        existing: dict[int, Hazard] = {}
        for i in range(0, len(ids), _IMPORT_CHUNK):
            stmt = (
                select(Hazard)
                .where(Hazard.id.in_(ids[i : i + _IMPORT_CHUNK]))
                .options(selectinload(Hazard.rectification))
            )
            existing.update((h.id, h) for h in self.s.scalars(stmt))
        site_ids = sorted({it.site_id for it in items})
        known_sites: set[int] = set()
        for i in range(0, len(site_ids), _IMPORT_CHUNK):
            chunk = site_ids[i : i + _IMPORT_CHUNK]
            known_sites.update(self.s.scalars(select(Site.id).where(Site.id.in_(chunk))))
        # Held for the whole import: the session's identity map keeps rows only while someone
        # references them, and each check of a unit or inspection would query it again.
        pinned: list[Any] = []
        for model, key, values in (
            (Unit, "unit_id", [it.rectification for it in items if it.rectification]),
            (Inspection, "inspection_id", [it.hazard for it in items]),
        ):
            wanted = sorted({v[key] for v in values if v.get(key) is not None})
            for i in range(0, len(wanted), _IMPORT_CHUNK):
                chunk = wanted[i : i + _IMPORT_CHUNK]
                pinned.extend(self.s.scalars(select(model).where(model.id.in_(chunk))))
        # Items that name their id go first: an id the database picks for an item without one
        # must never be an id named further down the file.
        order = sorted(range(len(items)), key=lambda i: items[i].hazard_id is None)
        written: list[Hazard | None] = [None] * len(items)
        outcomes = [""] * len(items)
        # One flush at the end, not one per lookup: thousands of rows stay a matter of seconds,
        # and no half-built row (a rectification before its checks) is ever flushed.
        with self.s.no_autoflush:
            for i in order:
                it = items[i]
                try:
                    if it.site_id not in known_sites:
                        raise LedgerError.of(
                            "ledger.no_row", entity=words.entity("site"), id=it.site_id
                        )
                    h = existing.get(it.hazard_id) if it.hazard_id is not None else None
                    if h is None:
                        h, outcome = self._import_new(it), "created"
                    else:
                        outcome = "updated" if self._import_update(h, it) else "unchanged"
                except LedgerError as exc:
                    # The cause keeps its code: each language says it in its own words.
                    if it.hazard_id is not None:
                        raise LedgerError.of(
                            "ledger.import_hazard", id=it.hazard_id, detail=exc
                        ) from None
                    raise LedgerError.of("ledger.import_item", row=i + 1, detail=exc) from None
                written[i], outcomes[i] = h, outcome
        self.s.flush()
        return [(h.id, o) for h, o in zip(written, outcomes, strict=True) if h is not None]

    def _import_new(self, it: ImportedHazard) -> Hazard:
        h = Hazard(
            site_id=it.site_id,
            category="",
            found_by="",
            inspection_id=None,
            escalation=0,
            escalated_on=None,
        )
        self._assign(h, it.hazard, IMPORT_HAZARD_FIELDS)
        if it.hazard_id is not None:
            h.id = it.hazard_id
        self._check_imported_hazard(h)
        self.s.add(h)
        if it.rectification is not None:
            r = Rectification(status="open", review_note="", responsible_person="")
            self._assign(r, it.rectification, IMPORT_RECT_FIELDS)
            r.hazard = h
            self._check_imported_rect(r, h)
            self.s.add(r)
        return h

    def _import_update(self, h: Hazard, it: ImportedHazard) -> bool:
        if h.site_id != it.site_id:
            raise LedgerError.of("ledger.import_other_site", id=h.site_id, site=it.site_id)
        self._check_version(h, it.hazard_version)
        if h.rectification is not None:
            self._check_version(h.rectification, it.rect_version)
        changed = self._assign(h, it.hazard, IMPORT_HAZARD_FIELDS)
        self._check_imported_hazard(h)
        r = h.rectification
        if it.rectification is not None and r is None:
            r = Rectification(status="open", review_note="", responsible_person="")
            self._assign(r, it.rectification, IMPORT_RECT_FIELDS)
            r.hazard = h
            self._check_imported_rect(r, h)
            self.s.add(r)
            return True
        if it.rectification is not None and r is not None:
            closed = r.status == "verified"
            if self._assign(r, it.rectification, IMPORT_RECT_FIELDS):
                if closed:
                    raise LedgerError.of("ledger.rect_closed", id=r.id)
                self._check_imported_rect(r, h)
                return True
        if r is not None and changed:
            # An order left as it is still cannot end, or be submitted, before its hazard was found.
            if r.deadline < h.found_on:
                raise LedgerError.of(
                    "ledger.found_after_deadline", found=h.found_on, deadline=r.deadline
                )
            if r.submitted_on and r.submitted_on < h.found_on:
                raise LedgerError.of(
                    "ledger.found_after_submitted", found=h.found_on, submitted=r.submitted_on
                )
        return changed

    def _check_imported_hazard(self, h: Hazard) -> None:
        self._check_hazard(h)
        if h.escalation not in (0, 1):
            raise LedgerError.of("ledger.escalation", value=h.escalation)
        if h.escalated_on is not None and h.escalated_on > self.today:
            raise LedgerError.of("ledger.escalated_future", on=h.escalated_on)
        if h.inspection_id is not None and self.s.get(Inspection, h.inspection_id) is None:
            raise LedgerError.of(
                "ledger.no_row", entity=words.entity("inspection"), id=h.inspection_id
            )

    def _check_imported_rect(self, r: Rectification, h: Hazard) -> None:
        self._check_rect(r, h)
        if r.status not in RECT_STATUSES:
            raise LedgerError.of(
                "ledger.rect_status",
                status=r.status,
                choices=[words.status(k) for k in RECT_STATUSES],
            )
        submitted = bool(r.submitted_by or r.submitted_on)
        verified = bool(r.verified_by or r.verified_on)
        if r.status in ("open", "in_progress") and (submitted or verified):
            raise LedgerError.of("ledger.import_not_submitted", status=words.status(r.status))
        if r.status == "submitted":
            if not (r.submitted_by and r.submitted_on):
                raise LedgerError.of("ledger.import_submitter")
            if verified:
                raise LedgerError.of("ledger.import_no_verifier_yet")
        if r.status == "verified":
            if not (r.verified_by and r.verified_on):
                raise LedgerError.of("ledger.import_verifier")
            if r.submitted_by and r.verified_by == r.submitted_by:
                raise LedgerError.of("ledger.import_same_verifier", user=r.verified_by)
        # The date rules of `transition`, no more: an import must accept what the ledger wrote.
        for code, day in (
            ("ledger.submitted_future", r.submitted_on),
            ("ledger.verified_future", r.verified_on),
        ):
            if day is not None and day > self.today:
                raise LedgerError.of(code, on=day)
        if r.submitted_on and r.submitted_on < h.found_on:
            raise LedgerError.of(
                "ledger.submitted_before_found", on=r.submitted_on, found=h.found_on
            )
        if r.submitted_on and r.verified_on and r.verified_on < r.submitted_on:
            raise LedgerError.of(
                "ledger.verified_before_submitted", on=r.verified_on, submitted=r.submitted_on
            )

    def _assign(self, obj: Any, values: dict[str, Any], allowed: Sequence[str]) -> bool:
        """Set the values that differ; whether any did."""
        changed = False
        for k, v in values.items():
            if k not in allowed:
                raise LedgerError.of("ledger.field_not_settable", field=k)
            if isinstance(v, str):
                v = v.strip()
                if not v and k in _NULLABLE_TEXT:
                    v = None
            if getattr(obj, k) != v:
                setattr(obj, k, v)
                changed = True
        return changed
