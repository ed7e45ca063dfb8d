"""Keep the demo's holiday patrols on their holiday when the demo is re-anchored on today.

Every demo date moves by (today − anchor) so the ledger always looks current; a patrol planned
for 清明 must instead stay around 清明: it keeps its offset from the holiday's first day and
moves to the next such holiday on or after today.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select, update

from riskmap.core.presets import holiday_window
from riskmap.errors import RiskmapError
from riskmap.store.schema import PatrolArea


def next_window_year(preset: str, today: dt.date) -> int:
    this = holiday_window(preset, today.year)
    return today.year if this.end >= today else today.year + 1


def realign_patrols(src: Connection, c: Connection, today: dt.date) -> int:
    """Move each preset patrol of `c` to its holiday after `today`; how many moved.

    Runs in the caller's transaction on `c`.
    """
    cols = (PatrolArea.id, PatrolArea.preset, PatrolArea.starts_on, PatrolArea.ends_on)
    rows = src.execute(select(*cols).where(PatrolArea.preset.is_not(None))).all()
    moved = 0
    for pid, preset, starts, ends in rows:
        if starts is None or ends is None:
            continue
        middle = starts + (ends - starts) / 2
        try:
            then = holiday_window(preset, middle.year).start
            now = holiday_window(preset, next_window_year(preset, today)).start
        except RiskmapError:
            continue  # a year the calendar does not cover: keep the plain shift
        c.execute(
            update(PatrolArea)
            .where(PatrolArea.id == pid)
            .values(starts_on=now + (starts - then), ends_on=now + (ends - then))
        )
        moved += 1
    return moved
