"""The figures: every count riskmap shows, and every rule behind one, written once.

A duty officer compares the map, the wall, the briefing, `riskmap summary` and the ledger export
with each other; they agree because all of them count here, with these rules:

- a hazard counts from the day it was found (a hazard found after the as-of date did not exist);
- it is open (未销号) until its rectification is verified (销号), and while it has no order yet;
- it is overdue (逾期) when it is open and its deadline is before the as-of date (never stored);
- major (重大) is its level; escalated (提级督办) is its escalation, counted while it is open;
- closed this week (本周销号): verified from Monday of the as-of week to the as-of date;
- a site belongs to (属地) the township the ledger gives it, and to that township's county and
  city, whatever its geometry crosses. A drawn shape is answered by geometry instead.

Each rule is an SQL expression (SQLAlchemy Core, on SQLite and PostgreSQL) beside its Python
predicate; `RULES` pairs them so a test checks that both say the same of every hazard.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Connection, and_, bindparam, case, func, or_, select

from riskmap.store.engine import Store
from riskmap.store.schema import RECT_STATUSES, District, Hazard, Rectification, Site, Unit

VERIFIED = "verified"
MAJOR = "major"
# The `in` lists of one statement stay under SQLite's bound-parameter limit.
CHUNK = 900


def week_start(day: dt.date) -> dt.date:
    """Monday of the week of `day` (本周: Chinese offices count weeks from Monday)."""
    return day - dt.timedelta(days=day.weekday())


# -- the rules, in Python -----------------------------------------------------------------------


def status_of(rect_status: str | None) -> str:
    """A hazard's status: its rectification's, or `open` while it has no order yet."""
    return rect_status or "open"


def is_found(found_on: dt.date, as_of: dt.date) -> bool:
    return found_on <= as_of


def is_open(status: str | None) -> bool:
    return status_of(status) != VERIFIED


def is_overdue(status: str | None, deadline: dt.date | None, as_of: dt.date) -> bool:
    return is_open(status) and deadline is not None and deadline < as_of


def is_major(level: str) -> bool:
    return level == MAJOR


def is_escalated(escalation: int | None) -> bool:
    return bool(escalation) and int(escalation or 0) > 0


def is_closed_between(
    status: str | None, verified_on: dt.date | None, start: dt.date, end: dt.date
) -> bool:
    return status == VERIFIED and verified_on is not None and start <= verified_on <= end


def was_open_on(
    found_on: dt.date, status: str | None, verified_on: dt.date | None, day: dt.date
) -> bool:
    """Open on a past `day` (the year-on-year view): found by then and not verified by then.
    A verified order without its date is taken as closed all along."""
    if not is_found(found_on, day):
        return False
    return not (status == VERIFIED and (verified_on is None or verified_on <= day))


def days_overdue(status: str | None, deadline: dt.date | None, as_of: dt.date) -> int | None:
    """Days past the deadline of an overdue hazard; None when it is not overdue."""
    if not is_overdue(status, deadline, as_of):
        return None
    assert deadline is not None
    return (as_of - deadline).days


def days_left(status: str | None, deadline: dt.date | None, as_of: dt.date) -> int | None:
    """Days until the deadline of an open hazard (0 when due or past); None otherwise."""
    if not is_open(status) or deadline is None:
        return None
    return max((deadline - as_of).days, 0)


# Status filters of lists and exports: `open` and `closed` group statuses, `overdue` is derived.
# The filter `open` (未销号: not yet verified) takes the key of the status `open` (待整改), which it
# includes; a list of a filter's choices names it once.
STATUS_FILTERS = ("all", "open", "closed", "overdue", *(s for s in RECT_STATUSES if s != "open"))


def status_matches(status: str, overdue: bool, wanted: str) -> bool:
    """Whether a hazard's status (and its overdue flag) passes a status filter."""
    if wanted == "all":
        return True
    if wanted == "open":
        return is_open(status)
    if wanted == "closed":
        return not is_open(status)
    if wanted == "overdue":
        return overdue
    return status == wanted


# -- the rules, in SQL (a hazard outer-joined with its rectification) -------------------------


def found_sql(as_of: dt.date) -> ColumnElement[bool]:
    return Hazard.found_on <= as_of


def open_sql() -> ColumnElement[bool]:
    return or_(Rectification.status.is_(None), Rectification.status != VERIFIED)


def overdue_sql(as_of: dt.date) -> ColumnElement[bool]:
    # Spelled out for the hazard without an order: no deadline, never overdue (not NULL).
    return and_(
        Rectification.status.is_not(None),
        Rectification.status != VERIFIED,
        Rectification.deadline.is_not(None),
        Rectification.deadline < as_of,
    )


def major_sql() -> ColumnElement[bool]:
    return Hazard.level == MAJOR


def escalated_sql() -> ColumnElement[bool]:
    return func.coalesce(Hazard.escalation, 0) > 0


def was_open_on_sql(day: dt.date) -> ColumnElement[bool]:
    closed = and_(
        Rectification.status == VERIFIED,
        or_(Rectification.verified_on.is_(None), Rectification.verified_on <= day),
    )
    return and_(found_sql(day), or_(Rectification.status.is_(None), ~closed))


def closed_between_sql(start: dt.date, end: dt.date) -> ColumnElement[bool]:
    return and_(
        Rectification.status == VERIFIED,
        Rectification.verified_on.is_not(None),
        Rectification.verified_on >= start,
        Rectification.verified_on <= end,
    )


@dataclass(frozen=True)
class Facts:
    """What the rules read of one hazard; the rectification's fields are None without one."""

    level: str
    found_on: dt.date
    escalation: int = 0
    status: str | None = None
    deadline: dt.date | None = None
    verified_on: dt.date | None = None


@dataclass(frozen=True)
class Rule:
    name: str
    sql: Callable[[dt.date], ColumnElement[bool]]
    test: Callable[[Facts, dt.date], bool]


RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule("found", found_sql, lambda f, d: is_found(f.found_on, d)),
        Rule("open", lambda d: open_sql(), lambda f, d: is_open(f.status)),
        Rule("overdue", overdue_sql, lambda f, d: is_overdue(f.status, f.deadline, d)),
        Rule("major", lambda d: major_sql(), lambda f, d: is_major(f.level)),
        Rule(
            "major_open",
            lambda d: and_(major_sql(), open_sql()),
            lambda f, d: is_major(f.level) and is_open(f.status),
        ),
        Rule(
            "escalated_open",
            lambda d: and_(escalated_sql(), open_sql()),
            lambda f, d: is_escalated(f.escalation) and is_open(f.status),
        ),
        Rule(
            "was_open_on",
            was_open_on_sql,
            lambda f, d: was_open_on(f.found_on, f.status, f.verified_on, d),
        ),
        Rule(
            "closed_week",
            lambda d: closed_between_sql(week_start(d), d),
            lambda f, d: is_closed_between(f.status, f.verified_on, week_start(d), d),
        ),
    )
}


# -- the counts ----------------------------------------------------------------------------------


@dataclass
class Counts:
    """The figures of a set of sites on an as-of date (hazards found by then)."""

    sites: int = 0
    hazards: int = 0
    open: int = 0
    major_open: int = 0
    overdue: int = 0
    escalated: int = 0  # open and 提级督办
    closed_week: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def add_hazard(self, facts: Facts, as_of: dt.date) -> None:
        """Count one hazard by the rules (the Python side of `_tally_columns`)."""
        if not is_found(facts.found_on, as_of):
            return
        self.hazards += 1
        for name in ("open", "major_open", "overdue", "closed_week"):
            if RULES[name].test(facts, as_of):
                setattr(self, name, getattr(self, name) + 1)
        if RULES["escalated_open"].test(facts, as_of):
            self.escalated += 1

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _tally_columns(as_of: dt.date) -> list[Any]:
    def n(cond: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    return [
        func.count(Hazard.id),
        n(RULES["open"].sql(as_of)),
        n(RULES["major_open"].sql(as_of)),
        n(RULES["overdue"].sql(as_of)),
        n(RULES["escalated_open"].sql(as_of)),
        n(RULES["closed_week"].sql(as_of)),
    ]


def _grouped(
    c: Connection,
    as_of: dt.date,
    key: Any | None,
    where: Sequence[Any] = (),
    count_sites: bool = True,
    hazards_first: bool = False,
) -> dict[Any, Counts]:
    """Counts per value of `key` (a Site column), or one total under None without a key.
    `count_sites` False leaves `sites` at 0 (a map's counts of hazards: the sites query is
    the costly one, a scan of every site). `hazards_first`: `where` keeps most sites (whole
    layers), so the hazards are read first and their sites looked up, not the other way."""
    keys = [key] if key is not None else []
    sites = select(*keys, func.count(Site.id)).where(*where)
    hazards = (
        select(*keys, *_tally_columns(as_of))
        .select_from(Hazard)
        # A LEFT JOIN that `where` makes inner (it tests the site's columns): SQLite, without
        # statistics, would otherwise walk 10^5 sites of the layers through their index and
        # look each up among the hazards (0.35 s at 10^6 sites, 0.13 s this way round).
        .join(Site, Site.id == Hazard.site_id, isouter=hazards_first)
        .outerjoin(Rectification, Rectification.hazard_id == Hazard.id)
        .where(found_sql(as_of), *where)
    )
    if key is not None:
        sites, hazards = sites.group_by(key), hazards.group_by(key)
    out: dict[Any, Counts] = defaultdict(Counts)
    for row in c.execute(sites) if count_sites else ():
        k, n = (row[0], row[1]) if key is not None else (None, row[0])
        out[k].sites += int(n)
    for row in c.execute(hazards):
        k, values = (row[0], row[1:]) if key is not None else (None, row)
        total, open_, major, late, esc, closed = (int(v or 0) for v in values)
        if key is None and not total:
            continue
        f = out[k]
        f.hazards, f.open, f.major_open = total, open_, major
        f.overdue, f.escalated, f.closed_week = late, esc, closed
    return dict(out)


def by_district_code(
    store: Store, as_of: dt.date, layers: Sequence[str] | None = None, count_sites: bool = True
) -> dict[str, Counts]:
    """The figures of every district code sites carry (their township; "" for none), of the
    sites of `layers` (None: every layer); without their sites counted when `count_sites` is
    False (the hazards alone, what a map shades)."""
    where = [Site.id.isnot(None)] if layers is None else [Site.layer.in_(sorted(set(layers)))]
    with store.engine.connect() as c:
        rows = _grouped(c, as_of, Site.district_code, where, count_sites, hazards_first=True)
    return {code or "": f for code, f in rows.items()}


@dataclass(frozen=True)
class SiteMarks:
    """What a site's symbol says of its hazards: how many are open, open and major, overdue."""

    open: int
    major_open: int
    overdue: int


def open_hazard_marks(store: Store, as_of: dt.date) -> dict[int, SiteMarks]:
    """Every site with an open hazard on `as_of`, and its open, major open and overdue counts
    (by the rules above; what the map rings and draws on top)."""

    def n(cond: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    stmt = (
        select(
            Hazard.site_id,
            func.count(Hazard.id),
            n(RULES["major_open"].sql(as_of)),
            n(RULES["overdue"].sql(as_of)),
        )
        .select_from(Hazard)
        .outerjoin(Rectification, Rectification.hazard_id == Hazard.id)
        .where(found_sql(as_of), open_sql())
        .group_by(Hazard.site_id)
    )
    with store.engine.connect() as c:
        return {int(s): SiteMarks(int(o), int(m), int(d)) for s, o, m, d in c.execute(stmt)}


def by_site(store: Store, ids: Iterable[int], as_of: dt.date) -> dict[int, Counts]:
    """The figures of each of the sites `ids` (those that exist)."""
    out: dict[int, Counts] = {}
    with store.engine.connect() as c:
        for chunk in _chunks(ids):
            where = [Site.id.in_(bindparam("ids", value=chunk, expanding=True))]
            out.update({int(k): f for k, f in _grouped(c, as_of, Site.id, where).items()})
    return out


def for_sites(store: Store, ids: Iterable[int], as_of: dt.date) -> Counts:
    """The figures of the sites `ids` together."""
    total = Counts()
    with store.engine.connect() as c:
        for chunk in _chunks(ids):
            where = [Site.id.in_(bindparam("ids", value=chunk, expanding=True))]
            for f in _grouped(c, as_of, None, where).values():
                total = total + f
    return total


def for_district(
    store: Store, code: str, as_of: dt.date, territory: Territory | None = None
) -> Counts:
    """The figures of the sites a district answers for (属地: its townships'), by the ledger."""
    territory = territory or Territory.read(store)
    with store.engine.connect() as c:
        found = _grouped(c, as_of, None, [territory.owns_sql(code)])
    return sum(found.values(), Counts())


def for_city(store: Store, as_of: dt.date) -> Counts:
    """The figures of every site of the database."""
    with store.engine.connect() as c:
        return sum(_grouped(c, as_of, None).values(), Counts())


def by_county(
    store: Store, as_of: dt.date, territory: Territory | None = None
) -> dict[str, Counts]:
    """The figures of each county (its code), and "" for sites outside every county."""
    territory = territory or Territory.read(store)
    return territory.roll_up(by_district_code(store, as_of))


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    seq = sorted({int(i) for i in ids})
    for i in range(0, len(seq), CHUNK):
        yield seq[i : i + CHUNK]


# -- 属地: which sites a district answers for ------------------------------------------------


class _DistrictLike(Protocol):
    code: str
    level: str
    parent_code: str | None


@dataclass(frozen=True)
class _Node:
    code: str
    level: str
    parent_code: str | None


class Territory:
    """The district tree (city → county → township): whose a site is, by its district code."""

    def __init__(self, districts: Iterable[_DistrictLike]) -> None:
        self._nodes = {d.code: _Node(d.code, d.level, d.parent_code) for d in districts}
        self._children: dict[str, list[str]] = defaultdict(list)
        for d in self._nodes.values():
            if d.parent_code:
                self._children[d.parent_code].append(d.code)

    @classmethod
    def read(cls, store: Store) -> Territory:
        with store.engine.connect() as c:
            rows = c.execute(select(District.code, District.level, District.parent_code)).all()
        return cls(_Node(code, level, parent) for code, level, parent in rows)

    def level(self, code: str | None) -> str | None:
        node = self._nodes.get(code or "")
        return node.level if node is not None else None

    def ancestors(self, code: str | None) -> list[str]:
        """The district and every district above it, bottom first (township, county, city)."""
        chain: list[str] = []
        while code and code not in chain:
            chain.append(code)
            node = self._nodes.get(code)
            code = node.parent_code if node else None
        return chain

    def county_of(self, code: str | None) -> str | None:
        return next((c for c in self.ancestors(code) if self.level(c) == "county"), None)

    def codes_under(self, code: str) -> frozenset[str]:
        """The district and every district below it."""
        todo, out = [code], set()
        while todo:
            c = todo.pop()
            if c not in out:
                out.add(c)
                todo.extend(self._children.get(c, ()))
        return frozenset(out)

    def owns(self, district: str, site_district_code: str | None) -> bool:
        """Whether a site with this district code belongs to `district` (属地)."""
        return district in self.ancestors(site_district_code)

    def owns_sql(self, district: str) -> ColumnElement[bool]:
        """The SQL of `owns` for the sites table."""
        return Site.district_code.in_(sorted(self.codes_under(district)))

    def roll_up(self, by_code: Mapping[str, Counts], level: str = "county") -> dict[str, Counts]:
        """Figures per district code summed up to the districts of `level` ("" for the rest)."""
        out: dict[str, Counts] = defaultdict(Counts)
        for code, f in by_code.items():
            up = next((c for c in self.ancestors(code) if self.level(c) == level), "")
            out[up] = out[up] + f
        return dict(out)


def owned_site_ids(
    store: Store, territory: Territory, district: str, layers: Sequence[str] = ()
) -> list[int]:
    """The ids of the sites `district` answers for, on `layers` (empty: every layer)."""
    stmt = select(Site.id).where(territory.owns_sql(district)).order_by(Site.id)
    if layers:
        stmt = stmt.where(Site.layer.in_(list(layers)))
    with store.engine.connect() as c:
        return [int(i) for i in c.scalars(stmt)]


def sites_per_layer(store: Store) -> dict[str, int]:
    """Sites per layer key (layers without a site are absent), counted by the database."""
    stmt = select(Site.layer, func.count()).group_by(Site.layer).order_by(Site.layer)
    with store.engine.connect() as c:
        return {str(k): int(n) for k, n in c.execute(stmt)}


def open_orders_per_unit(store: Store) -> list[tuple[int, str, int]]:
    """(unit id, name, its open rectification orders) for every unit, the busiest first."""
    n_open = func.count(Rectification.id)
    stmt = (
        select(Unit.id, Unit.name, n_open)
        .outerjoin(Rectification, (Rectification.unit_id == Unit.id) & open_sql())
        .group_by(Unit.id, Unit.name)
        .order_by(n_open.desc(), Unit.name)
    )
    with store.engine.connect() as c:
        return [(int(u), str(n), int(k)) for u, n, k in c.execute(stmt)]
