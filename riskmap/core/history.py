"""The audit trail read back for people: a site's history, and one change in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmap.errors import RiskmapError
from riskmap.messages import words
from riskmap.store.engine import Store
from riskmap.store.schema import AuditEvent, Rectification, Site


def local_time(at: dt.datetime) -> dt.datetime:
    """An audit time (stored in UTC, naive) in the computer's local zone, for people to read."""
    return at.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def describe_change(
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    words: ChangeWords | None = None,
) -> str:
    """`status: open → in_progress; deadline: 2026-04-01 → 2026-04-10` (no ids or versions).

    `words` says it in another language (the spreadsheet reports say it in Chinese).
    """
    w = words or ChangeWords()
    if before is None:
        return w.created
    if after is None:
        return w.deleted
    parts = []
    for k in after:
        if k in ("version", "id", "geom") or k not in before or before[k] == after[k]:
            continue
        old, new = w.value(k, before[k]), w.value(k, after[k])
        parts.append(f"{w.names.get(k, k)}{w.colon}{_short(old)} → {_short(new)}")
    if "geom" in after and before.get("geom") != after.get("geom"):
        parts.append(w.geometry)
    return w.sep.join(parts) or w.nothing


@dataclass(frozen=True)
class ChangeWords:
    """The words of `describe_change`: field names, values and the phrases around them."""

    names: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[Any, str]] = field(default_factory=dict)  # field → value → word
    colon: str = ": "
    sep: str = "; "
    created: str = "created"
    deleted: str = "deleted"
    geometry: str = "geometry changed"
    nothing: str = "no visible change"

    def value(self, key: str, v: Any) -> Any:
        return self.values.get(key, {}).get(v, v)


def _short(v: Any) -> str:
    s = "—" if v is None or v == "" else str(v)
    return s if len(s) <= 40 else s[:39] + "…"


# (status before, status after) → the workflow action that made the change.
STEPS = {
    ("open", "in_progress"): "start",
    ("in_progress", "submitted"): "submit",
    ("submitted", "verified"): "verify",
    ("submitted", "in_progress"): "reject",
}
# The English words of `headline` (the command line's; the window says them in its language).
STEP_WORDS = {
    "start": "start rectification",
    "submit": "submit for acceptance",
    "verify": "verify and close",
    "reject": "send back for rectification",
}


@dataclass
class HistoryEntry:
    id: int
    at: dt.datetime
    user: str
    action: str
    table: str
    row_id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str = ""  # why, when more than an edit (a forced spreadsheet overwrite, 验收意见)
    reverts: int | None = None  # the event an undo or redo reverted
    # Filled by `add_context`: the hazard of a rectification event (older events do not carry
    # it in their snapshots), and for an undo or redo the edit it is about and which it is.
    hazard_id: int | None = None
    original: HistoryEntry | None = None
    redo: bool = False

    @property
    def at_local(self) -> dt.datetime:
        return local_time(self.at)

    @property
    def summary(self) -> str:
        return describe_change(self.before, self.after)

    @property
    def step(self) -> str | None:
        """The workflow action (start, submit, verify, reject) of a rectification event."""
        if self.table != "rectifications" or self.action != "update":
            return None
        return STEPS.get(((self.before or {}).get("status"), (self.after or {}).get("status")))

    @property
    def headline(self) -> str:
        """What the event did, in English: `submit for acceptance (hazard #12)`, and for an
        undo `undo: submit for acceptance (hazard #12)` (never the action an undo looks like)."""
        if self.original is not None:
            return f"{'redo' if self.redo else 'undo'}: {self.original.headline}"
        hazard = f"hazard #{self.hazard_id if self.hazard_id is not None else '?'}"
        if self.table == "hazards":
            if self.action in ("create", "delete"):
                return f"{'new' if self.action == 'create' else 'deleted'} {hazard}"
            before, after = self.before or {}, self.after or {}
            if after.get("escalation") and before.get("escalation") != after.get("escalation"):
                return f"escalated: {hazard}"
            return f"{hazard} changed"
        if self.table == "rectifications":
            if self.action == "create":
                return f"rectification ordered ({hazard})"
            if self.action == "delete":
                return f"rectification deleted ({hazard})"
            step = self.step
            what = STEP_WORDS[step] if step else "rectification changed"
            return f"{what} ({hazard})"
        return f"{self.table} #{self.row_id} {self.action}"


def site_history(store: Store, site_id: int, limit: int | None = None) -> list[HistoryEntry]:
    """The audit trail of a site's hazards and rectifications (and duties naming it), newest
    first; RiskmapError when the site does not exist."""
    with store.session() as s:
        if s.get(Site, site_id) is None:
            raise RiskmapError.of("ledger.no_row", entity=words.entity("site"), id=site_id)
        stmt = (
            select(AuditEvent)
            .where(AuditEvent.site_id == site_id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        )
        if limit:
            stmt = stmt.limit(limit)
        return add_context(s, [history_entry(e) for e in s.scalars(stmt)])


def history_entry(e: AuditEvent) -> HistoryEntry:
    return HistoryEntry(
        e.id, e.at, e.user, e.action, e.table, e.row_id, e.before, e.after, e.note or "", e.reverts
    )


# An undo of an undo of an undo…: a chain longer than this is cut (and read as its last step).
MAX_REVERT_CHAIN = 64


def add_context(s: Session, entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """Give each entry its hazard (rectification events: from the snapshot, else the row) and,
    for an undo or redo, the original edit it is about. Returns `entries`."""
    _add_originals(s, entries)
    everything = entries + [e.original for e in entries if e.original is not None]
    for e in everything:
        if e.table == "hazards":
            e.hazard_id = e.row_id
        elif e.table == "rectifications":
            hid = (e.after or {}).get("hazard_id") or (e.before or {}).get("hazard_id")
            e.hazard_id = int(hid) if hid is not None else None
    missing = {e.row_id for e in everything if e.table == "rectifications" and e.hazard_id is None}
    if missing:
        known = dict(
            s.execute(
                select(Rectification.id, Rectification.hazard_id).where(
                    Rectification.id.in_(sorted(missing))
                )
            ).all()
        )
        for e in everything:
            if e.table == "rectifications" and e.hazard_id is None:
                e.hazard_id = known.get(e.row_id)
    return entries


def _add_originals(s: Session, entries: list[HistoryEntry]) -> None:
    """Follow each entry's `reverts` back to the edit that is not itself a revert: an odd number
    of steps is an undo of it, an even number a redo."""
    known: dict[int, HistoryEntry] = {}
    wanted = {e.reverts for e in entries if e.reverts is not None}
    for _ in range(MAX_REVERT_CHAIN):
        wanted -= known.keys()
        if not wanted:
            break
        for ev in s.scalars(select(AuditEvent).where(AuditEvent.id.in_(sorted(wanted)))):
            known[ev.id] = history_entry(ev)
        wanted = {e.reverts for e in known.values() if e.reverts is not None}
    for e in entries:
        steps, cur = 0, e
        while cur.reverts is not None and cur.reverts in known and steps < MAX_REVERT_CHAIN:
            cur, steps = known[cur.reverts], steps + 1
        if steps:
            e.original, e.redo = cur, steps % 2 == 0


def changes_since(s: Session, table: str, row_id: int, version: int | None) -> list[HistoryEntry]:
    """The audited changes of one row after it was at `version` (None: it did not exist then),
    oldest first: who changed a row since a file was exported, and how."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.table == table, AuditEvent.row_id == row_id)
        .order_by(AuditEvent.id)
    )
    out = []
    for e in s.scalars(stmt):
        made = (e.after or {}).get("version")
        if version is None or e.action == "delete" or made is None or made > version:
            out.append(history_entry(e))
    return out
