"""The holiday calendar of a database: entered breaks win over the package and the rules, are
audited, need an editor, and move the next briefing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select
from test_cli import assert_one_line_error, run

from riskmap.brief.context import briefing_context
from riskmap.core.holidays import list_holidays, set_holiday, unset_holiday
from riskmap.core.presets import holiday_window, next_year
from riskmap.core.workspace import Workspace
from riskmap.errors import PermissionDenied, RiskmapError
from riskmap.store.access import Actor
from riskmap.store.engine import open_store
from riskmap.store.schema import AuditEvent

ADMIN = Actor("admin", "admin")


def test_an_entered_break_wins_and_is_audited(any_demo_copy: str) -> None:
    store = open_store(any_demo_copy)  # SQLite and PostGIS alike
    try:
        assert holiday_window("qingming", 2027, store=store).source == "fixed rule"
        set_holiday(store, ADMIN, "清明", 2027, dt.date(2027, 4, 2), dt.date(2027, 4, 4), "国办发")
        w = holiday_window("qingming", 2027, store=store)
        assert (w.start, w.end, w.source) == (dt.date(2027, 4, 2), dt.date(2027, 4, 4), "entered")
        assert "本库录入" in w.source_text()
        # Even over the official calendar package: the notice entered is the later word.
        set_holiday(store, ADMIN, "Qingming", 2026, dt.date(2026, 4, 3), dt.date(2026, 4, 6))
        assert holiday_window("qingming", 2026, store=store).days == 4
        assert holiday_window("qingming", 2026).source == "calendar"  # without the store
        # Correcting a year replaces its row.
        set_holiday(store, ADMIN, "qingming", 2027, dt.date(2027, 4, 3), dt.date(2027, 4, 5))
        rows = list_holidays(store)
        assert [(h.preset, h.year, h.start) for h in rows] == [
            ("qingming", 2026, dt.date(2026, 4, 3)),
            ("qingming", 2027, dt.date(2027, 4, 3)),
        ]
        assert unset_holiday(store, ADMIN, "清明", 2026) is True
        assert unset_holiday(store, ADMIN, "清明", 2026) is False
        with store.session() as s:
            trail = s.scalars(
                select(AuditEvent).where(AuditEvent.table == "holidays").order_by(AuditEvent.id)
            ).all()
        assert [(e.action, e.user) for e in trail] == [
            ("create", "admin"), ("create", "admin"), ("update", "admin"), ("delete", "admin")
        ]  # fmt: skip
        assert trail[2].before["starts_on"] == "2027-04-02"
        assert trail[2].after["starts_on"] == "2027-04-03"
    finally:
        store.dispose()


def test_a_viewer_may_not_and_wrong_dates_are_refused(demo_copy: str) -> None:
    store = open_store(demo_copy)
    try:
        day = dt.date(2027, 4, 3)
        with pytest.raises(PermissionDenied):
            set_holiday(store, Actor("guest", "viewer"), "清明", 2027, day, day)
        with pytest.raises(RiskmapError, match="before it starts"):
            set_holiday(store, ADMIN, "清明", 2027, day, day - dt.timedelta(days=1))
        with pytest.raises(RiskmapError, match="not in 2028"):
            set_holiday(store, ADMIN, "清明", 2028, day, day)
        with pytest.raises(RiskmapError, match="40 days"):
            set_holiday(store, ADMIN, "五一", 2027, day, day + dt.timedelta(days=39))
        with pytest.raises(RiskmapError, match="unknown preset"):
            set_holiday(store, ADMIN, "圣诞", 2027, day, day)
        assert list_holidays(store) == []
    finally:
        store.dispose()


def test_holidays_set_moves_the_next_briefing(demo_copy: str) -> None:
    # 5 April 2027: by the rule the last day of 清明 (3–5 April), so the next briefing is 2027's.
    as_of = dt.date(2027, 4, 5)
    proc = run("holidays", "list", "--year", "2027", "--db", demo_copy, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rule = {r["preset"]: r for r in json.loads(proc.stdout)}["qingming"]
    assert (rule["start"], rule["end"]) == ("2027-04-03", "2027-04-05")

    proc = run("holidays", "set", "清明", "2027", "2027-04-02", "2027-04-04",
               "--db", demo_copy, "--user", "admin")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "2027-04-02 至 2027-04-04，共 3 天" in proc.stdout
    proc = run("--lang", "en", "holidays", "list", "--db", demo_copy, "--format", "json")
    assert [(r["preset"], r["start"], r["end"]) for r in json.loads(proc.stdout)] == [
        ("qingming", "2027-04-02", "2027-04-04")
    ]
    ws = Workspace.load(open_store(demo_copy))
    try:
        # The entered break has ended by 5 April: the next 清明 briefing is 2028's.
        assert next_year("qingming", as_of, ws.store) == 2028
        b = briefing_context(ws, "qingming", 2027, as_of=dt.date(2027, 3, 1))
        assert (b.window.start, b.window.end) == (dt.date(2027, 4, 2), dt.date(2027, 4, 4))
        assert b.window_source == "国务院办公厅节假日安排（本库录入）"
        assert b.period_start == dt.date(2027, 4, 2) - dt.timedelta(days=10)
    finally:
        ws.store.dispose()

    proc = run("holidays", "unset", "qingming", "2027", "--db", demo_copy, "--user", "admin")
    assert proc.returncode == 0, proc.stderr
    again = run("holidays", "unset", "qingming", "2027", "--db", demo_copy, "--user", "admin")
    assert again.returncode == 1 and "没有录入" in again.stderr
    assert_one_line_error(
        run("holidays", "set", "easter", "2027", "2027-04-02", "2027-04-04", "--db", demo_copy),
        "unknown preset",
    )
