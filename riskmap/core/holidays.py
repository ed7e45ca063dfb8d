"""The holiday calendar of a database (节假日安排): the official breaks entered by hand.

The State Council publishes next year's schedule in the late autumn; the calendar package
catches up with a release some time later, and the rules of riskmap.core.holiday_rules are
an estimate. Whoever reads the notice first enters it here (`riskmap holidays set 清明 2027
2027-04-03 2027-04-05`, or the briefing dialog's holiday calendar), and from then on every
briefing and patrol plan of this database takes those days (`holiday_window(..., store=)`).
Stored in the database, so every seat uses the same days; every change is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from riskmap.core.presets import Window, get_preset, preset_name
from riskmap.errors import RiskmapError
from riskmap.store.schema import Holiday

if TYPE_CHECKING:
    from riskmap.store.access import Actor
    from riskmap.store.engine import Store

# Longer than any break the State Council has given (春节 2020: ten days) by a margin, so that a
# slip of the year or month is caught; 主汛期 is a season and has no such bound.
LONGEST_BREAK = 31


@dataclass(frozen=True)
class EnteredHoliday:
    """One entered break, as `riskmap holidays list` and the dialog show it."""

    id: int
    preset: str
    year: int
    start: dt.date
    end: dt.date
    note: str

    @property
    def name(self) -> str:
        return preset_name(self.preset, "zh")

    @property
    def window(self) -> Window:
        return Window(self.start, self.end, self.preset, "entered")


def entered(store: Store, preset: str, year: int) -> tuple[dt.date, dt.date] | None:
    """The break entered for `preset` in `year`, or None."""
    stmt = select(Holiday.starts_on, Holiday.ends_on).where(
        Holiday.preset == preset, Holiday.year == year
    )
    with store.engine.connect() as c:
        row = c.execute(stmt).first()
    return None if row is None else (row[0], row[1])


def list_holidays(store: Store, preset: str | None = None) -> list[EnteredHoliday]:
    """Every entered break (of one preset, if given), by year then preset."""
    stmt = select(Holiday).order_by(Holiday.year, Holiday.starts_on, Holiday.preset)
    if preset is not None:
        stmt = stmt.where(Holiday.preset == get_preset(preset).key)
    with store.session() as s:
        rows = s.scalars(stmt).all()
    return [
        EnteredHoliday(h.id, h.preset, h.year, h.starts_on, h.ends_on, h.note or "") for h in rows
    ]


def check_break(preset: str, year: int, start: dt.date, end: dt.date) -> None:
    """RiskmapError unless [start, end] can be `preset`'s break in `year`."""
    key = get_preset(preset).key
    Window(start, end)  # refuses an end before the start
    if start.year != year and end.year != year:
        raise RiskmapError.of(
            "holiday.wrong_year", holiday=preset_name(key, "zh"), year=year, start=start, end=end
        )
    days = (end - start).days + 1
    if key != "flood_season" and days > LONGEST_BREAK:
        raise RiskmapError.of("holiday.too_long", days=days, longest=LONGEST_BREAK)


def set_holiday(
    store: Store,
    actor: Actor,
    preset: str,
    year: int,
    start: dt.date,
    end: dt.date,
    note: str = "",
) -> EnteredHoliday:
    """Enter (or correct) the break of `preset` in `year`; audited as the actor's change."""
    key = get_preset(preset).key
    check_break(key, year, start, end)
    with store.begin(actor) as s:
        row = s.scalars(select(Holiday).where(Holiday.preset == key, Holiday.year == year)).first()
        if row is None:
            row = Holiday(preset=key, year=year, starts_on=start, ends_on=end, note=note)
            s.add(row)
        else:
            row.starts_on, row.ends_on, row.note = start, end, note
        s.flush()
        out = EnteredHoliday(row.id, key, year, start, end, note)
    return out


def unset_holiday(store: Store, actor: Actor, preset: str, year: int) -> bool:
    """Remove the entered break of `preset` in `year`; False when none was entered."""
    key = get_preset(preset).key
    with store.begin(actor) as s:
        row = s.scalars(select(Holiday).where(Holiday.preset == key, Holiday.year == year)).first()
        if row is None:
            return False
        s.delete(row)
    return True
