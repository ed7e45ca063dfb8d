"""The audit trail read back for people: a site's history, and one change in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmap.errors import RiskmapError
from riskmap.store.engine import Store
from riskmap.store.schema import AuditEvent, Site


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
    note: str = ""  # why, when more than an edit (a forced spreadsheet overwrite)

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
            raise RiskmapError(f"no site with id {site_id}")
        stmt = (
            select(AuditEvent)
            .where(AuditEvent.site_id == site_id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        )
        if limit:
            stmt = stmt.limit(limit)
        return [history_entry(e) for e in s.scalars(stmt)]


def history_entry(e: AuditEvent) -> HistoryEntry:
    return HistoryEntry(
        e.id, e.at, e.user, e.action, e.table, e.row_id, e.before, e.after, e.note or ""
    )


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
