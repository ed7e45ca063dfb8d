"""The audit trail read back for people: a site's history, and one change in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from riskmap.errors import RiskmapError
from riskmap.messages import words
from riskmap.store.engine import Store
from riskmap.store.schema import AuditEvent, Site


def local_time(at: dt.datetime) -> dt.datetime:
    """An audit time (stored in UTC, naive) in the computer's local zone, for people to read."""
    return at.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def describe_change(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """`status: open → in_progress; deadline: 2026-04-01 → 2026-04-10` (no ids or versions)."""
    if before is None:
        return "created"
    if after is None:
        return "deleted"
    parts = []
    for k in after:
        if k in ("version", "id", "geom") or k not in before or before[k] == after[k]:
            continue
        parts.append(f"{k}: {_short(before[k])} → {_short(after[k])}")
    if "geom" in after and before.get("geom") != after.get("geom"):
        parts.append("geometry changed")
    return "; ".join(parts) or "no visible change"


def _short(v: Any) -> str:
    s = "—" if v is None or v == "" else str(v)
    return s if len(s) <= 40 else s[:39] + "…"


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

    @property
    def at_local(self) -> dt.datetime:
        return local_time(self.at)

    @property
    def summary(self) -> str:
        return describe_change(self.before, self.after)


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
        return [
            HistoryEntry(e.id, e.at, e.user, e.action, e.table, e.row_id, e.before, e.after)
            for e in s.scalars(stmt)
        ]
