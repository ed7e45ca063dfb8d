"""What the ledger widgets read besides the core's SiteDetail (no Qt here).

A `HazardRecord` is one hazard and its order with everything the forms and buttons need (ids,
row versions for optimistic locking, who submitted and verified). The site detail's cards make
theirs from the core's SiteHazard; a context menu or a form reads one fresh by hazard id, so it
works on the row as it is now, not as some list showed it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select

from riskmap.core.duties import ROLES, responsible
from riskmap.core.history import HistoryEntry
from riskmap.core.ledger import allowed_actions
from riskmap.core.site_detail import SiteHazard
from riskmap.core.workspace import Workspace
from riskmap.store.access import Actor
from riskmap.store.engine import Store
from riskmap.store.schema import Hazard, Rectification, Site, Unit, User


@dataclass(frozen=True)
class HazardRecord:
    """One hazard and its rectification order (if any), as the forms and buttons need them."""

    id: int
    site_id: int
    level: str
    category: str
    description: str
    found_on: dt.date
    found_by: str
    escalation: int
    escalated_on: dt.date | None
    version: int
    rect_id: int | None = None
    rect_version: int | None = None
    status: str = "open"
    measures: str = ""
    deadline: dt.date | None = None
    unit_id: int | None = None
    unit_name: str = ""
    responsible_person: str = ""
    funds: float | None = None
    submitted_by: str | None = None
    submitted_on: dt.date | None = None
    verified_by: str | None = None
    verified_on: dt.date | None = None
    review_note: str = ""


@dataclass(frozen=True)
class UnitChoice:
    """A unit offered as 责任单位; `roles`: its duties for the site in question (may be none)."""

    id: int
    name: str
    roles: tuple[str, ...] = ()


@dataclass
class SiteLedger:
    """The ledger side of one site for the detail panel: who is looking, and the audit trail."""

    actor: Actor
    history: list[HistoryEntry]
    people: dict[str, str] = field(default_factory=dict)  # user name → display name
    unit_names: dict[int, str] = field(default_factory=dict)  # for unit ids in the history
    history_error: str = ""


def _records(store: Store, where: object) -> list[HazardRecord]:
    stmt = (
        select(Hazard, Rectification, Unit.name)
        .outerjoin(Rectification, Rectification.hazard_id == Hazard.id)
        .outerjoin(Unit, Unit.id == Rectification.unit_id)
        .where(where)  # type: ignore[arg-type]
        .order_by(Hazard.found_on.desc(), Hazard.id)
    )
    out = []
    with store.session() as s:
        for h, r, uname in s.execute(stmt):
            base = HazardRecord(
                id=h.id,
                site_id=h.site_id,
                level=h.level,
                category=h.category or "",
                description=h.description or "",
                found_on=h.found_on,
                found_by=h.found_by or "",
                escalation=h.escalation or 0,
                escalated_on=h.escalated_on,
                version=h.version,
            )
            if r is None:
                out.append(base)
                continue
            out.append(
                replace(
                    base,
                    rect_id=r.id,
                    rect_version=r.version,
                    status=r.status,
                    measures=r.measures or "",
                    deadline=r.deadline,
                    unit_id=r.unit_id,
                    unit_name=uname or "",
                    responsible_person=r.responsible_person or "",
                    funds=r.funds,
                    submitted_by=r.submitted_by,
                    submitted_on=r.submitted_on,
                    verified_by=r.verified_by,
                    verified_on=r.verified_on,
                    review_note=r.review_note or "",
                )
            )
    return out


def record_of(site_id: int, h: SiteHazard) -> HazardRecord:
    """The record of a hazard as riskmap.core.site_detail read it."""
    return HazardRecord(
        id=h.id,
        site_id=site_id,
        level=h.level,
        category=h.category or "",
        description=h.description or "",
        found_on=h.found_on,
        found_by=h.found_by or "",
        escalation=h.escalation or 0,
        escalated_on=h.escalated_on,
        version=h.hazard_version,
        rect_id=h.rect_id,
        rect_version=h.rect_version,
        status=h.status,
        measures=h.measures or "",
        deadline=h.deadline,
        unit_id=h.unit_id,
        unit_name=h.unit_name or "",
        responsible_person=h.responsible_person or "",
        funds=h.funds,
        submitted_by=h.submitted_by,
        submitted_on=h.submitted_on,
        verified_by=h.verified_by,
        verified_on=h.verified_on,
        review_note=h.review_note or "",
    )


def hazard_record(store: Store, hazard_id: int) -> HazardRecord | None:
    rows = _records(store, Hazard.id == hazard_id)
    return rows[0] if rows else None


def site_name(store: Store, site_id: int) -> str | None:
    with store.session() as s:
        site = s.get(Site, site_id)
        return None if site is None else site.name


def workflow_actions(rec: HazardRecord, actor: Actor) -> list[str]:
    """The transitions to offer on a hazard (the core's allowed_actions)."""
    return allowed_actions(rec.status, actor, rec.submitted_by, has_order=rec.rect_id is not None)


def categories(store: Store) -> list[str]:
    """The hazard categories already in use, most used first (the category combo's choices)."""
    stmt = (
        select(Hazard.category, func.count())
        .where(Hazard.category != "")
        .group_by(Hazard.category)
        .order_by(func.count().desc(), Hazard.category)
    )
    with store.engine.connect() as c:
        return [cat for cat, _n in c.execute(stmt)]


def unit_choices(ws: Workspace, site_id: int) -> list[UnitChoice]:
    """Every unit; those that answer for the site first (in the chain's order), then by name."""
    with ws.store.session() as s:
        site = s.get(Site, site_id)
        units = list(s.execute(select(Unit.id, Unit.name).order_by(Unit.name, Unit.id)))
    roles: dict[int, list[str]] = {}
    if site is not None:
        members = responsible(ws, [(site.id, site.layer, site.district_code)])
        for uid, role in sorted(members, key=lambda p: (ROLES.index(p[1]), p[0])):
            roles.setdefault(uid, []).append(role)
    names = dict(units)
    first = [UnitChoice(uid, names[uid], tuple(r)) for uid, r in roles.items() if uid in names]
    rest = [UnitChoice(uid, name) for uid, name in units if uid not in roles]
    return first + rest


def unit_names(store: Store) -> dict[int, str]:
    """unit id → name, in the order of the names (then ids)."""
    with store.engine.connect() as c:
        rows = c.execute(select(Unit.id, Unit.name).order_by(Unit.name, Unit.id))
        return {int(uid): str(name) for uid, name in rows}


def units(store: Store) -> list[Unit]:
    """Every unit (detached rows, every column loaded), by id."""
    with store.session() as s:
        return list(s.scalars(select(Unit).order_by(Unit.id)))


def users(store: Store) -> list[User]:
    """Every account (detached rows, every column loaded), by name."""
    with store.session() as s:
        return list(s.scalars(select(User).order_by(User.name)))


def people(store: Store) -> dict[str, str]:
    """user name → display name for everyone who ever had an account (audit trails name them)."""
    with store.engine.connect() as c:
        rows = c.execute(select(User.name, User.display_name)).all()
    return {name: display or name for name, display in rows}
