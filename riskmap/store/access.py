"""Who may change what, and the audit trail every change leaves.

Both are enforced at the session flush, not by the forms: whatever path an edit takes (a dialog,
`riskmap ledger import`, a script), the session of a `Store` refuses a change the current user's
role does not allow, and writes one `AuditEvent` (who, when, entity, before, after) per created,
updated or deleted row of an audited table, in the same transaction as the change.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import shapely
from sqlalchemy import Date, DateTime, event, insert, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.base import NO_VALUE

from riskmap.errors import LedgerError, PermissionDenied
from riskmap.messages import words
from riskmap.store.schema import (
    USER_ROLES,
    AuditEvent,
    Base,
    Hazard,
    Rectification,
    User,
    WKBGeometry,
)

ROLE_RANK = {role: i for i, role in enumerate(USER_ROLES)}

# The least role that may write each table. The ledger and patrol plans are daily work (editor);
# who answers for what and who may log in are decided by an admin.
WRITE_ROLE = {
    "hazards": "editor",
    "rectifications": "editor",
    "inspections": "editor",
    "patrol_areas": "editor",
    "holidays": "editor",
    "units": "admin",
    "duties": "admin",
    "users": "admin",
    "sites": "admin",
    "resources": "admin",
    "districts": "admin",
    "basemap": "admin",
    "meta": "admin",
    # The office's letterhead, contact and seal are an admin's; issuing a number is daily work.
    "document_settings": "admin",
    "document_numbers": "editor",
}
AUDITED = (
    "hazards",
    "rectifications",
    "units",
    "duties",
    "patrol_areas",
    "users",
    "document_settings",
    "document_numbers",
    "holidays",
)

ACTOR_KEY = "riskmap_actor"
STORE_KEY = "riskmap_store"
EVENTS_KEY = "riskmap_events"
BEFORE_KEY = "riskmap_before"
# {(table, primary key): version this session read}, for explaining a lost race
WRITING_KEY = "riskmap_writing"
# Why a session writes, beyond the edit itself: the `note` of each audit event it leaves, by
# (table, row id), else the session's default (NOTE_KEY). A forced spreadsheet overwrite says so.
NOTE_KEY = "riskmap_note"
NOTES_KEY = "riskmap_notes"
# {(table, row id or user name): audit event id} an undo is reverting in this session
REVERTS_KEY = "riskmap_reverts"
# What a person may change of their own user row without being an admin: their password.
OWN_PASSWORD = frozenset({"password_hash", "password_set_at", "version"})


@dataclass(frozen=True)
class Actor:
    """The person at the keyboard, as the database knows them."""

    name: str
    role: str = "viewer"
    display_name: str = ""
    known: bool = True  # False: not in the users table, so a viewer
    # True when the person proved who they are: their riskmap password (riskmap.core.accounts)
    # or, on PostgreSQL, the server's login. A four-eyes step (验收销号) needs it.
    authenticated: bool = field(default=False, compare=False)

    @property
    def label(self) -> str:
        return self.display_name or self.name

    @property
    def role_article(self) -> str:
        return f"{'an' if self.role[:1] in 'aeiou' else 'a'} {self.role}"

    @property
    def who(self) -> str:
        return self.name if self.known else f"{self.name} (not an active user)"

    def may(self, role: str) -> bool:
        return ROLE_RANK.get(self.role, -1) >= ROLE_RANK[role]

    def may_write(self, table: str) -> bool:
        return self.may(WRITE_ROLE.get(table, "admin"))


SYSTEM = Actor("system", "admin", "riskmap")


def login_name(explicit: str | None = None) -> str:
    """The user name: `--user`, else RISKMAP_USER, else the operating-system login."""
    if explicit:
        return explicit
    env = os.environ.get("RISKMAP_USER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "user"


def check_write(actor: Actor | None, table: str, action: str) -> None:
    """PermissionDenied unless `actor` may `action` (create/update/delete) a row of `table`."""
    if actor is None:
        raise PermissionDenied.of("access.no_user", action=action, table=words.table(table))
    if not actor.may_write(table):
        need = WRITE_ROLE.get(table, "admin")
        raise PermissionDenied.of(
            "access.role",
            who=actor.who,
            article=actor.role_article.split()[0],
            role=words.role(actor.role),
            table=words.table(table),
            need=words.role(need),
        )


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, shapely.Geometry):
        # Hex WKB: exact, so an undo restores the very same coordinates.
        return shapely.to_wkb(value, hex=True)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return value


def from_jsonable(column: Any, value: Any) -> Any:
    """The inverse of `jsonable` for one column."""
    if value is None:
        return None
    ctype = column.type
    if isinstance(ctype, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(ctype, Date):
        return dt.date.fromisoformat(value)
    if isinstance(ctype, WKBGeometry):
        return shapely.from_wkb(bytes.fromhex(value))
    return value


def _audited_attrs(mapper: Any) -> list[Any]:
    # A password hash stays out of the trail (and so out of any undo): only its date shows.
    return [a for a in mapper.column_attrs if not a.columns[0].info.get("secret")]


def row_snapshot(obj: Base) -> dict[str, Any]:
    """Every column of a loaded row but secrets, JSON-ready."""
    mapper = inspect(obj).mapper
    return {a.key: jsonable(getattr(obj, a.key)) for a in _audited_attrs(mapper)}


def _before_update(obj: Base) -> dict[str, Any]:
    state = inspect(obj)
    out = {}
    for a in _audited_attrs(state.mapper):
        old = state.committed_state.get(a.key, NO_VALUE)
        out[a.key] = jsonable(getattr(obj, a.key) if old is NO_VALUE else old)
    return out


def _table(obj: Any) -> str | None:
    t = getattr(obj, "__tablename__", None)
    return t if isinstance(t, str) else None


def _changes(session: Session) -> Iterator[tuple[str, str, Any]]:
    """(action, table, row) of every mapped row the flush creates, updates or deletes."""
    for action, objs in (
        ("create", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objs:
            table = _table(obj)
            if table is not None and table != "audit_events":
                yield action, table, obj


@event.listens_for(Session, "before_flush")
def _guard(session: Session, _ctx: Any, _instances: Any) -> None:
    if not session.info.get(STORE_KEY):
        return
    actor: Actor | None = session.info.get(ACTOR_KEY)
    for action, table, obj in _changes(session):
        if action == "update" and not session.is_modified(obj):
            continue
        if not _own_password(actor, obj, action):
            check_write(actor, table, action)
        if isinstance(obj, Rectification) and action != "delete":
            _check_verifier(obj)
        if action != "create" and table in AUDITED:
            # Taken now: after the flush the version column already holds its new value.
            session.info.setdefault(BEFORE_KEY, {})[id(obj)] = _before_update(obj)
        if action != "create" and hasattr(obj, "version"):
            # What this flush expects to find: a StaleDataError names only the table.
            key = inspect(obj).identity
            if key is not None:
                session.info.setdefault(WRITING_KEY, {})[(table, key[0])] = obj.version


def _own_password(actor: Actor | None, obj: Any, action: str) -> bool:
    """Whether this change is `actor` setting their own password and nothing else."""
    if actor is None or action != "update" or not isinstance(obj, User) or obj.name != actor.name:
        return False
    state = inspect(obj)
    changed = {a.key for a in state.attrs if a.history.has_changes()}
    return bool(changed) and changed <= OWN_PASSWORD


def _check_verifier(r: Rectification) -> None:
    # 验收销号 by someone other than the one who reported the work done, whatever the path.
    if r.status == "verified":
        if not r.verified_by:
            raise LedgerError.of("ledger.no_verifier", id=r.id)
        if r.submitted_by and r.verified_by == r.submitted_by:
            raise LedgerError.of("ledger.verifier_submitted", id=r.id, user=r.verified_by)


@event.listens_for(Session, "after_flush")
def _sync_database_roles(session: Session, _ctx: Any) -> None:
    """PostgreSQL: a riskmap user who is also a database login gets the matching group role
    (riskmap_viewer/editor/admin), so the server enforces what the client shows."""
    if not session.info.get(STORE_KEY) or session.get_bind().dialect.name != "postgresql":
        return
    changed = [
        (o, deleted)
        for objs, deleted in ((session.new, False), (session.dirty, False), (session.deleted, True))
        for o in objs
        if isinstance(o, User)
    ]
    if not changed:
        return
    from riskmap.store.migrate import sync_login

    conn = session.connection()
    for user, deleted in changed:
        sync_login(conn, user.name, None if deleted or not user.active else user.role)


@event.listens_for(Session, "after_flush")
def _audit(session: Session, _ctx: Any) -> None:
    if not session.info.get(STORE_KEY):
        return
    actor: Actor | None = session.info.get(ACTOR_KEY)
    rows: list[dict[str, Any]] = []
    hazard_ids: set[int] = set()
    pending: list[tuple[str, str, Base, dict[str, Any] | None, dict[str, Any] | None]] = []
    for action, table, obj in _changes(session):
        if table not in AUDITED:
            continue
        taken = session.info.get(BEFORE_KEY, {}).pop(id(obj), None)
        if action == "create":
            before, after = None, row_snapshot(obj)
        elif action == "delete":
            before, after = taken or _before_update(obj), None
        else:
            before, after = taken or _before_update(obj), row_snapshot(obj)
            if {k: v for k, v in before.items() if k != "version"} == {
                k: v for k, v in after.items() if k != "version"
            }:
                continue
        if isinstance(obj, Rectification):
            hazard_ids.add(obj.hazard_id)
        pending.append((action, table, obj, before, after))
    if not pending:
        return
    conn = session.connection()
    site_of_hazard: dict[int, int] = {}
    if hazard_ids:
        for hid, sid in conn.execute(
            select(Hazard.id, Hazard.site_id).where(Hazard.id.in_(sorted(hazard_ids)))
        ):
            site_of_hazard[hid] = sid
    # Deterministic order: parents created before children, children deleted before parents.
    order = {"create": 0, "update": 1, "delete": 2}
    tables = [t.name for t in Base.metadata.sorted_tables]
    pending.sort(
        key=lambda p: (
            order[p[0]],
            -tables.index(p[1]) if p[0] == "delete" else tables.index(p[1]),
            (p[4] or p[3] or {}).get("id") or 0,
        )
    )
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    notes: dict[tuple[str, Any], str] = session.info.get(NOTES_KEY, {})
    default_note: str | None = session.info.get(NOTE_KEY)
    reverts: dict[tuple[str, Any], int] = session.info.get(REVERTS_KEY, {})
    for action, table, obj, before, after in pending:
        snap = after or before or {}
        if isinstance(obj, Hazard):
            site_id = snap.get("site_id")
        elif isinstance(obj, Rectification):
            site_id = site_of_hazard.get(snap.get("hazard_id"))  # type: ignore[arg-type]
        else:
            site_id = snap.get("site_id")
        # Users are keyed by name (in before/after); every other audited table by integer id.
        row_id = snap.get("id") or 0
        note = notes.get((table, row_id), default_note)
        reverted = reverts.get((table, snap.get("id") or snap.get("name")))
        rows.append(
            {
                "at": now,
                "user": actor.name if actor else "?",
                "action": action,
                "table": table,
                "row_id": row_id,
                "site_id": site_id,
                "before": before,
                "after": after,
                "note": note,
                "reverts": reverted,
            }
        )
    ids = session.info.setdefault(EVENTS_KEY, [])
    for row in rows:
        res = conn.execute(insert(AuditEvent.__table__), row)
        ids.append(int(res.inserted_primary_key[0]))
