"""The change since the same holiday last year, from the ledger's dates.

Hazards found in the briefing period (the lead days and the holiday) this year against the same
period last year, cut at the same day relative to the holiday, so a briefing made ten days
before 清明 compares with ten days before last 清明, not with all of it; and the major hazards
open now against those open on that day last year (found by then, not verified closed by then).
When the ledger does not reach back to last year's period, there is nothing to compare and the
briefing says so rather than showing a rise from zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select

from riskmap.core.duties import chunks
from riskmap.core.figures import is_major, was_open_on
from riskmap.core.presets import Preset, Window
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.store.schema import Hazard, Rectification


@dataclass(frozen=True)
class YearOnYear:
    """Hazards found in the briefing period this year and in the same period last year (up to
    the same day relative to the holiday), and major hazards open now and on that day."""

    available: bool
    note: str
    last_window: Window | None = None
    period_this: tuple[dt.date, dt.date] | None = None
    period_last: tuple[dt.date, dt.date] | None = None
    then: dt.date | None = None  # as_of moved back by the distance between the two holidays
    found_this: int = 0
    found_last: int = 0
    major_open_now: int = 0
    major_open_then: int = 0


def year_on_year(
    ws: Workspace, p: Preset, year: int, window: Window, ids: list[int], as_of: dt.date
) -> YearOnYear:
    """The comparison for the sites `ids` (the briefing's focus sites) on `as_of`."""
    try:
        last = p.window(year - 1, ws.store)
    except RiskmapError as exc:
        return YearOnYear(False, f"无上年同期数据（{exc}）")
    lead = dt.timedelta(days=p.lead_days)
    period_this = (window.start - lead, window.end)
    period_last = (last.start - lead, last.end)
    then = as_of - (window.start - last.start)
    with ws.store.engine.connect() as c:
        ledger_start = c.execute(select(func.min(Hazard.found_on))).scalar()
    if ledger_start is None or ledger_start > period_last[0]:
        since = f"台账自{ledger_start.isoformat()}起" if ledger_start else "台账无记录"
        return YearOnYear(
            False,
            f"无上年同期数据（{since}，上年同期为{period_last[0]}至{period_last[1]}）",
            last,
            period_this,
            period_last,
            then,
        )
    stmt = (
        select(Hazard.level, Hazard.found_on, Rectification.status, Rectification.verified_on)
        .outerjoin(Rectification, Rectification.hazard_id == Hazard.id)
        .where(Hazard.site_id.in_(bindparam("ids", expanding=True)))
    )
    found_this = found_last = open_now = open_then = 0
    with ws.store.engine.connect() as c:
        for chunk in chunks(ids):
            for level, found, status, verified_on in c.execute(stmt, {"ids": chunk}):
                if period_this[0] <= found <= min(period_this[1], as_of):
                    found_this += 1
                if period_last[0] <= found <= min(period_last[1], then):
                    found_last += 1
                if is_major(level):
                    open_now += was_open_on(found, status, verified_on, as_of)
                    open_then += was_open_on(found, status, verified_on, then)
    return YearOnYear(
        True,
        f"上年同期：{period_last[0]}至{period_last[1]}（截至{then}）",
        last,
        period_this,
        period_last,
        then,
        found_this,
        found_last,
        open_now,
        open_then,
    )
