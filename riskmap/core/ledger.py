"""The hazard ledger (隐患台账): 排查 → 整改 → 验收销号, and the rules of who may do what.

A rectification moves open → in_progress → submitted → verified (closed); a verifier may reject a
submission back to in_progress with a reason. `overdue` is derived: not verified and the deadline
before the as-of date. A major hazard overdue is escalated (提级) from county to city supervision
on its first overdue day. The verifier is never the submitter, and a viewer changes nothing:
both are checked again at every flush by `riskmap.store.access`, whatever path an edit takes.

Every edit goes through a `LedgerTx` (one transaction) and leaves one audit event per row it
touches; `LedgerTx.revert(event_ids)` undoes such edits by applying the events backwards, refusing
when someone else changed the row since (no silent overwrite).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from riskmap.core.figures import major_sql, overdue_sql
from riskmap.core.history import (  # noqa: F401  (re-exported: the ledger's readers use them)
    HistoryEntry,
    add_context,
    describe_change,
    history_entry,
    local_time,
    site_history,
)
from riskmap.core.ledger_import import ImportedHazard as ImportedHazard
from riskmap.core.ledger_import import _ImportMixin
from riskmap.core.ledger_lists import _ListsMixin
from riskmap.errors import ConflictError, LedgerError, PermissionDenied
from riskmap.messages import Words, words
from riskmap.store.access import (
    EVENTS_KEY,
    NOTES_KEY,
    REVERTS_KEY,
    WRITING_KEY,
    Actor,
    check_write,
    from_jsonable,
)
from riskmap.store.engine import Store, current_user_name
from riskmap.store.schema import (
    HAZARD_LEVELS,
    AuditEvent,
    Base,
    Duty,
    Hazard,
    PatrolArea,
    Rectification,
    Site,
    Unit,
    User,
)

# (status, action) → new status. Nothing leaves `verified`: a closed item is reopened as a new
# hazard, so the record of what was signed off stays as it was signed.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("open", "start"): "in_progress",
    ("in_progress", "submit"): "submitted",
    ("submitted", "verify"): "verified",
    ("submitted", "reject"): "in_progress",
}
ACTIONS = ("start", "submit", "verify", "reject")
# 提级 on the first day a major hazard's rectification is overdue.
ESCALATE_AFTER_DAYS = 1

ENTITY = {
    "hazards": "hazard",
    "rectifications": "rectification",
    "units": "unit",
    "duties": "duty",
    "patrol_areas": "patrol area",
    "users": "user",
}
_MODELS: dict[str, type[Base]] = {
    m.__tablename__: m for m in (Hazard, Rectification, Unit, Duty, PatrolArea, User)
}
HAZARD_FIELDS = ("level", "category", "description", "found_on", "found_by", "inspection_id")
RECT_FIELDS = ("measures", "deadline", "unit_id", "responsible_person", "funds")
NOT_REVERTED = ("version", "id", "password_set_at")


def next_status(status: str, action: str) -> str:
    """The status after `action`, or LedgerError naming what is allowed from `status`."""
    if action not in ACTIONS:
        raise LedgerError.of(
            "ledger.unknown_action", action=action, choices=[words.action(a) for a in ACTIONS]
        )
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        allowed = [words.action(a) for (s, a) in TRANSITIONS if s == status]
        said = {"action": words.action(action), "status": words.status(status)}
        if not allowed:
            raise LedgerError.of("ledger.bad_transition", **said) from None
        raise LedgerError.of(
            "ledger.bad_transition_hint",
            **said,
            allowed=Words(" or ".join(allowed), "、".join(a.zh for a in allowed)),
        ) from None


def allowed_actions(
    status: str, actor: Actor, submitted_by: str | None = None, has_order: bool = True
) -> list[str]:
    """What `actor` may do next to a rectification in `status` (for enabling buttons).

    A hazard without an order yet (`has_order` False) has nothing to start: it needs its
    rectification first. The submitter neither verifies nor rejects their own work.
    """
    if not actor.may("editor") or not has_order:
        return []
    out = [a for (s, a) in TRANSITIONS if s == status]
    if submitted_by == actor.name:
        out = [a for a in out if a not in ("verify", "reject")]
    return out


def escalation_date(deadline: dt.date) -> dt.date:
    return deadline + dt.timedelta(days=ESCALATE_AFTER_DAYS)


@dataclass(frozen=True)
class Escalation:
    hazard_id: int
    site_id: int
    deadline: dt.date
    escalated_on: dt.date


def due_for_escalation(session: Session, as_of: dt.date) -> list[Escalation]:
    """Major hazards overdue on `as_of` and not escalated yet."""
    rows = session.execute(
        select(Hazard.id, Hazard.site_id, Rectification.deadline)
        .join(Rectification, Rectification.hazard_id == Hazard.id)
        .where(
            major_sql(),
            Hazard.escalation == 0,
            overdue_sql(as_of - dt.timedelta(days=ESCALATE_AFTER_DAYS - 1)),
        )
        .order_by(Hazard.id)
    ).all()
    return [Escalation(h, s, d, escalation_date(d)) for h, s, d in rows]


def resolve_actor(store: Store, name: str | None = None) -> Actor:
    """The current user as the database knows them; an unknown name is a viewer.

    On PostgreSQL the database login is the default name (each seat logs in as its person);
    `--user` and RISKMAP_USER still choose, within what the login's database role allows.
    """
    login = store.session_user() if store.is_postgis else None
    name = current_user_name(store, name)
    with store.session() as s:
        user = s.get(User, name)
    if user is None or not user.active:
        return Actor(name, "viewer", name, known=False)
    # The server checked the login's password: that person is proven, nobody else.
    return Actor(user.name, user.role, user.display_name, authenticated=name == login)


class Ledger:
    """The ledger of one store as one user sees it."""

    def __init__(self, store: Store, actor: Actor, today: dt.date | None = None) -> None:
        self.store = store
        self.actor = actor
        self._today = today

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    @contextmanager
    def edit(self) -> Iterator[LedgerTx]:
        """One transaction: every change inside is committed together or not at all."""
        if not self.actor.may("editor"):
            raise PermissionDenied.of(
                "ledger.cannot_edit",
                who=self.actor.who,
                article=self.actor.role_article.split()[0],
                role=words.role(self.actor.role),
            )
        s = self.store.session(self.actor)
        try:
            with s, s.begin():
                yield LedgerTx(s, self.actor, self.today)
        except StaleDataError:
            # Another seat committed between our read and our write (the version column).
            raise self._lost_race(s.info.get(WRITING_KEY, {})) from None
        except OperationalError as exc:
            if "database is locked" not in str(exc.orig):
                raise
            # SQLite: another writer committed since this transaction read (a stale snapshot).
            raise self._lost_race(s.info.get(WRITING_KEY, {})) from None

    def _lost_race(self, read: dict[tuple[str, Any], int]) -> ConflictError:
        """Who changed which of the rows this transaction wrote, and how."""
        models: dict[str, type[Base]] = {**_MODELS, "sites": Site}
        with self.store.session() as s:
            for (table, key), version in read.items():
                model = models.get(table)
                row = s.get(model, key) if model is not None else None
                if row is None or row.version != version:
                    return conflict(s, table, key, row)
        return ConflictError.of("ledger.lost_race")


class LedgerTx(_ImportMixin, _ListsMixin):
    """The edits of one transaction. Each method checks the rules and flushes, so a refused edit
    raises at the call, and each leaves its audit events in `events`."""

    def __init__(self, session: Session, actor: Actor, today: dt.date) -> None:
        self.s = session
        self.actor = actor
        self.today = today
        self._first_event = len(session.info.get(EVENTS_KEY, []))

    @property
    def events(self) -> list[int]:
        return list(self.s.info.get(EVENTS_KEY, [])[self._first_event :])

    # -- hazards ---------------------------------------------------------------------------

    def create_hazard(
        self,
        site_id: int,
        level: str,
        description: str,
        found_on: dt.date | None = None,
        category: str = "",
        found_by: str = "",
        inspection_id: int | None = None,
        hazard_id: int | None = None,
    ) -> int:
        if self.s.get(Site, site_id) is None:
            raise LedgerError.of("ledger.no_row", entity=words.entity("site"), id=site_id)
        h = Hazard(
            site_id=site_id,
            level=level,
            category=category.strip(),
            description=description.strip(),
            found_on=found_on or self.today,
            found_by=found_by.strip() or self.actor.label,
            inspection_id=inspection_id,
            escalation=0,
        )
        if hazard_id is not None:
            if self.s.get(Hazard, hazard_id) is not None:
                raise LedgerError.of("ledger.hazard_exists", id=hazard_id)
            h.id = hazard_id
        self._check_hazard(h)
        self.s.add(h)
        self.s.flush()
        return h.id

    def update_hazard(
        self, hazard_id: int, changes: dict[str, Any], expected_version: int | None = None
    ) -> None:
        h = self._get(Hazard, hazard_id, expected_version)
        self._apply(h, changes, HAZARD_FIELDS)
        self._check_hazard(h)
        self.s.flush()

    def delete_hazard(self, hazard_id: int, expected_version: int | None = None) -> None:
        h = self._get(Hazard, hazard_id, expected_version)
        r = self.s.scalar(select(Rectification).where(Rectification.hazard_id == hazard_id))
        if r is not None:
            self.s.delete(r)
            self.s.flush()
        self.s.delete(h)
        self.s.flush()

    def _check_hazard(self, h: Hazard) -> None:
        if h.level not in HAZARD_LEVELS:
            raise LedgerError.of("ledger.hazard_level", level=h.level)
        if not (h.description or "").strip():
            raise LedgerError.of("ledger.hazard_description")
        if not isinstance(h.found_on, dt.date):
            raise LedgerError.of("ledger.hazard_found_on")
        if h.found_on > self.today:
            raise LedgerError.of("ledger.found_future", on=h.found_on)

    def escalate_due(self, as_of: dt.date | None = None) -> list[Escalation]:
        """提级 every major hazard overdue on `as_of`, dated its first overdue day."""
        due = due_for_escalation(self.s, as_of or self.today)
        for e in due:
            h = self.s.get(Hazard, e.hazard_id)
            assert h is not None
            h.escalation = 1
            h.escalated_on = e.escalated_on
        self.s.flush()
        return due

    # -- rectifications --------------------------------------------------------------------

    def set_rectification(
        self,
        hazard_id: int,
        measures: str,
        deadline: dt.date,
        unit_id: int | None = None,
        responsible_person: str = "",
        funds: float | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Create the hazard's rectification order, or change an open one's terms."""
        h = self.s.get(Hazard, hazard_id)
        if h is None:
            raise LedgerError.of("ledger.no_row", entity=words.entity("hazard"), id=hazard_id)
        r = self.s.scalar(select(Rectification).where(Rectification.hazard_id == hazard_id))
        values = {
            "measures": measures,
            "deadline": deadline,
            "unit_id": unit_id,
            "responsible_person": responsible_person,
            "funds": funds,
        }
        if r is None:
            r = Rectification(hazard_id=hazard_id, status="open", review_note="")
            self._apply(r, values, RECT_FIELDS)
            self._check_rect(r, h)
            self.s.add(r)
        else:
            self._check_version(r, expected_version)
            if r.status == "verified":
                raise LedgerError.of("ledger.rect_closed", id=r.id)
            self._apply(r, values, RECT_FIELDS)
            self._check_rect(r, h)
        self.s.flush()
        return r.id

    def _check_rect(self, r: Rectification, h: Hazard) -> None:
        if not (r.measures or "").strip():
            raise LedgerError.of("ledger.rect_measures")
        if not isinstance(r.deadline, dt.date):
            raise LedgerError.of("ledger.rect_deadline")
        if r.deadline < h.found_on:
            raise LedgerError.of(
                "ledger.deadline_before_found", deadline=r.deadline, found=h.found_on
            )
        if r.unit_id is not None and self.s.get(Unit, r.unit_id) is None:
            raise LedgerError.of("ledger.no_row", entity=words.entity("unit"), id=r.unit_id)
        if r.funds is not None and r.funds < 0:
            raise LedgerError.of("ledger.funds_negative")

    def transition(
        self,
        rect_id: int,
        action: str,
        note: str = "",
        on: dt.date | None = None,
        expected_version: int | None = None,
    ) -> str:
        """Advance (or reject) a rectification; the new status."""
        r = self._get(Rectification, rect_id, expected_version)
        new = next_status(r.status, action)
        on = on or self.today
        if on > self.today:
            raise LedgerError.of("ledger.future", on=on)
        if action == "submit":
            found = self.s.scalar(select(Hazard.found_on).where(Hazard.id == r.hazard_id))
            if found is not None and on < found:
                raise LedgerError.of("ledger.submitted_before_found", on=on, found=found)
            r.submitted_by, r.submitted_on = self.actor.name, on
        elif action == "verify":
            self._check_reviewer(r, "verify")
            if not note.strip():
                raise LedgerError.of("ledger.verify_note")
            if r.submitted_on is not None and on < r.submitted_on:
                raise LedgerError.of(
                    "ledger.verified_before_submitted", on=on, submitted=r.submitted_on
                )
            r.verified_by, r.verified_on = self.actor.name, on
            r.review_note = note.strip()
        elif action == "reject":
            self._check_reviewer(r, "review")
            if not note.strip():
                raise LedgerError.of("ledger.reject_reason")
            r.review_note = note.strip()
            r.submitted_by = r.submitted_on = None
        if action in ("verify", "reject"):
            # The 验收意见 is also the reason the trail gives for this event.
            self.s.info.setdefault(NOTES_KEY, {})[("rectifications", r.id)] = note.strip()
        r.status = new
        self.s.flush()
        return new

    def _check_reviewer(self, r: Rectification, verb: str) -> None:
        """Four eyes: someone other than the submitter, who proved who they are."""
        # The command line names the login; the window the person (张伟, not zhangwei).
        user = Words(self.actor.name, self.actor.label)
        if r.submitted_by == self.actor.name:
            code = "ledger.same_verifier" if verb == "verify" else "ledger.same_reviewer"
            raise LedgerError.of(code, user=user, id=r.id)
        if not self.actor.authenticated:
            code = "ledger.verify_sign_in" if verb == "verify" else "ledger.review_sign_in"
            raise PermissionDenied.of(code, user=user, id=r.id)

    # -- undo --------------------------------------------------------------------------------

    def revert(self, event_ids: Sequence[int]) -> None:
        """Undo the edits that wrote `event_ids` (newest first), as new audited edits.

        Only the events' own author (or an admin) may revert them, and only while each row is
        as those events left it: a row someone changed since raises ConflictError.
        """
        events = list(
            self.s.scalars(
                select(AuditEvent).where(AuditEvent.id.in_(list(event_ids))).order_by(AuditEvent.id)
            )
        )
        if len(events) != len(set(event_ids)):
            raise LedgerError.of("ledger.undo_missing")
        reverts = self.s.info.setdefault(REVERTS_KEY, {})
        for ev in reversed(events):
            if ev.user != self.actor.name and not self.actor.may("admin"):
                raise PermissionDenied.of("ledger.undo_not_yours", user=ev.user)
            model = _MODELS.get(ev.table)
            if model is None:
                raise LedgerError.of("ledger.undo_table", table=words.table(ev.table))
            check_write(self.actor, ev.table, ev.action)
            # The event this revert writes names the one it reverts (the trail says "undo: …").
            reverts[(ev.table, _row_key(ev))] = ev.id
            self._revert_one(model, ev)
            self.s.flush()
            del reverts[(ev.table, _row_key(ev))]

    def _revert_one(self, model: type[Base], ev: AuditEvent) -> None:
        key = _row_key(ev)
        row = self.s.get(model, key)
        table = model.__table__
        if ev.action == "create":
            self._same_as(row, ev.after, ev)
            self.s.delete(row)
        elif ev.action == "update":
            self._same_as(row, ev.after, ev)
            before = ev.before or {}
            for k, v in before.items():
                # A password is not undone: its hash is not in the trail, so neither is its date.
                if k in NOT_REVERTED or (ev.after or {}).get(k) == v:
                    continue
                setattr(row, k, from_jsonable(table.c[k], v))
        elif ev.action == "delete":
            if row is not None:
                raise ConflictError.of("ledger.undo_exists", table=words.table(ev.table), id=key)
            values = {
                k: from_jsonable(table.c[k], v)
                for k, v in (ev.before or {}).items()
                if k != "version"
            }
            self.s.add(model(**values))
        else:
            raise LedgerError.of("ledger.undo_action", action=ev.action)

    def _same_as(self, row: Any, snap: dict[str, Any] | None, ev: AuditEvent) -> None:
        if row is None:
            raise ConflictError.of("ledger.undo_deleted", table=words.table(ev.table), id=ev.row_id)
        want = (snap or {}).get("version")
        if want is not None and getattr(row, "version", want) != want:
            raise conflict(self.s, ev.table, ev.row_id, row)

    # -- helpers -----------------------------------------------------------------------------

    def _get(self, model: type[Any], row_id: int, expected_version: int | None) -> Any:
        row = self.s.get(model, row_id)
        if row is None:
            entity = words.entity(ENTITY[model.__tablename__])
            raise LedgerError.of("ledger.no_row", entity=entity, id=row_id)
        self._check_version(row, expected_version)
        return row

    def _check_version(self, row: Any, expected_version: int | None) -> None:
        if expected_version is not None and row.version != expected_version:
            raise conflict(self.s, row.__tablename__, row.id, row)

    def _apply(self, obj: Any, values: dict[str, Any], allowed: Sequence[str]) -> None:
        for k, v in values.items():
            if k not in allowed:
                raise LedgerError.of("ledger.field_not_settable", field=k)
            if isinstance(v, str):
                v = v.strip()
            setattr(obj, k, v)


def _row_key(ev: AuditEvent) -> Any:
    """The primary key of an event's row: users are keyed by name (their row_id is 0)."""
    return ev.row_id if ev.table != "users" else (ev.after or ev.before or {}).get("name")


def conflict(s: Session, table: str, row_id: Any, row: Any) -> ConflictError:
    """The refusal of a stale edit: who changed the row last, when, and what they changed."""
    last = last_change(s, table, row_id)
    entry = add_context(s, [history_entry(last)])[0] if last is not None else None
    return ConflictError(changed_since(table, row_id, row, last), entry)


def last_change(s: Session, table: str, row_id: Any) -> AuditEvent | None:
    """The newest audit event of a row. Users are keyed by name, which their events carry in
    before/after (their row_id is 0): the recent user events are searched for it."""
    stmt = select(AuditEvent).where(AuditEvent.table == table).order_by(AuditEvent.id.desc())
    if table != "users":
        return s.scalar(stmt.where(AuditEvent.row_id == row_id).limit(1))
    for ev in s.scalars(stmt.limit(500)):
        if (ev.after or ev.before or {}).get("name") == row_id:
            return ev
    return None


def changed_since(table: str, row_id: Any, row: Any, last: AuditEvent | None) -> str:
    """The refusal of a stale edit in one line: who changed the row, when, and what."""
    what = f"{ENTITY.get(table, table)} {row_id}"
    if row is None:
        return f"{what} was deleted by someone else; nothing was changed"
    if last is None:
        return f"{what} was changed by someone else; reload it and try again"
    diff = describe_change(last.before, last.after)
    at = local_time(last.at).strftime("%Y-%m-%d %H:%M")
    return f"{what} was changed by {last.user} at {at} ({diff}); reload it and try again"
