"""What the wall display shows, read from the ledger: KPI counts per township, the overdue major
hazards for the ticker, the sites to highlight, and which preset is current.

Qt-free on purpose: `read_figures` runs on a job thread every time the database changes, and the
window only sums what it returns for the city or one county (no query per step of the sequence).

Every count and every rule is riskmap.core.figures': the wall's county row is the same number
as a district selection's headline, `riskmap summary` and the briefing (a county answers for the
sites of its townships, 属地). This module only arranges them for the tiles and the ticker.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select

from riskmap.core import figures as core
from riskmap.core.figures import week_start
from riskmap.core.presets import PRESETS, Preset, Window, next_year
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.store.engine import Store
from riskmap.store.schema import Hazard, Rectification, Site, Unit

CITY = ""  # the scope of the whole city (a county's scope is its code)


@dataclass(frozen=True)
class Kpis:
    """The four tiles: open hazards, open major hazards, overdue rectifications, closed this
    week (core.figures.Counts, as the tiles show it)."""

    open: int = 0
    major: int = 0
    overdue: int = 0
    closed_week: int = 0

    @classmethod
    def of(cls, c: core.Counts) -> Kpis:
        return cls(c.open, c.major_open, c.overdue, c.closed_week)

    def __add__(self, other: Kpis) -> Kpis:
        return Kpis(
            self.open + other.open,
            self.major + other.major,
            self.overdue + other.overdue,
            self.closed_week + other.closed_week,
        )


@dataclass(frozen=True)
class OverdueMajor:
    """One line of the ticker."""

    hazard_id: int
    site_id: int
    site_name: str
    township: str
    county_code: str | None
    days_overdue: int
    unit: str


@dataclass
class Figures:
    as_of: dt.date
    week_start: dt.date
    by_district: dict[str, Kpis]  # the sites' own district (a township); "" = none
    overdue_major: list[OverdueMajor]  # most overdue first
    major_sites: dict[int, bool]  # sites with an open major hazard → one of them is overdue
    site_count: int
    site_max_id: int
    county_of: dict[str, str] = field(default_factory=dict)  # township → county

    def kpis(self, scope: str = CITY) -> Kpis:
        """The tiles for the city (CITY) or one county (its code)."""
        total = Kpis()
        for code, k in self.by_district.items():
            if scope == CITY or self.county_of.get(code) == scope:
                total = total + k
        return total

    def by_county(self) -> dict[str, Kpis]:
        out: dict[str, Kpis] = defaultdict(Kpis)
        for code, k in self.by_district.items():
            out[self.county_of.get(code, "")] += k
        return dict(out)

    def ticker(self, scope: str = CITY) -> list[OverdueMajor]:
        return [m for m in self.overdue_major if scope == CITY or m.county_code == scope]


def read_figures(ws: Workspace, as_of: dt.date) -> Figures:
    """Everything the wall shows for `as_of`, in three queries."""
    counts = core.by_district_code(ws.store, as_of)
    majors = (
        select(Hazard.id, Hazard.site_id, Site.name, Site.district_code, Rectification.deadline,
               Rectification.status, Unit.name)
        .join(Site, Site.id == Hazard.site_id)
        .outerjoin(Rectification, Rectification.hazard_id == Hazard.id)
        .outerjoin(Unit, Unit.id == Rectification.unit_id)
        .where(and_(core.found_sql(as_of), core.RULES["major_open"].sql(as_of)))
        .order_by(Rectification.deadline, Hazard.id)
    )  # fmt: skip
    with ws.store.engine.connect() as c:
        major_rows = c.execute(majors).all()
        n_sites, max_id = c.execute(select(func.count(Site.id), func.max(Site.id))).one()
    ticker: list[OverdueMajor] = []
    major_sites: dict[int, bool] = {}
    for hid, sid, name, code, deadline, status, unit in major_rows:
        late = core.days_overdue(status, deadline, as_of)
        major_sites[sid] = major_sites.get(sid, False) or late is not None
        if late is not None:
            town = ws.district(code or "")
            ticker.append(
                OverdueMajor(hid, sid, name, town.name if town else "", ws.county_of(code),
                             late, unit or "")
            )  # fmt: skip
    ticker.sort(key=lambda m: (-m.days_overdue, m.hazard_id))
    county_of = {d.code: ws.county_of(d.code) or "" for d in ws.districts}
    by_district = {code: Kpis.of(k) for code, k in counts.items()}
    return Figures(as_of, week_start(as_of), by_district, ticker, major_sites, int(n_sites or 0),
                   int(max_id or 0), county_of)  # fmt: skip


def site_summary(ws: Workspace, site_id: int, as_of: dt.date) -> tuple[str, str, int, int, int]:
    """(site name, layer key, open hazards, of them major, of them overdue) for a click."""
    with ws.store.engine.connect() as c:
        row = c.execute(select(Site.name, Site.layer).where(Site.id == site_id)).first()
    k = core.by_site(ws.store, [site_id], as_of).get(site_id, core.Counts())
    name, layer = (row[0], row[1]) if row else (f"#{site_id}", "")
    return name, layer, k.open, k.major_open, k.overdue


def current_preset(today: dt.date, store: Store | None = None) -> tuple[Preset, Window]:
    """The preset whose window is nearest ahead of `today` (one under way counts as nearest;
    of two under way, the shorter: 端午 inside the flood season is the sharper focus); the
    holiday calendar entered in `store`, if given, decides the days."""
    best: tuple[tuple[int, int], Preset, Window] | None = None
    for p in PRESETS.values():
        try:
            w = p.window(next_year(p.key, today, store), store)
        except RiskmapError:  # a lunar holiday beyond the date table: no window to show
            continue
        rank = (max(0, (w.start - today).days), w.days)
        if best is None or rank < best[0]:
            best = (rank, p, w)
    if best is None:
        raise RiskmapError.of("wall.no_preset_window", today=today)
    return best[1], best[2]
