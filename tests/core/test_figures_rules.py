"""Each rule of riskmap.core.figures says the same in SQL and in Python, on a generated ledger.

The ledger is random but seeded: hazards with and without an order, every status, verified
orders with and without their date, deadlines around the as-of dates, escalated or not. The
expected value of every rule for every hazard and day is a brute-force loop written here.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
import shapely
from sqlalchemy import case, insert, select

from riskmap.core import figures
from riskmap.core.figures import RULES, Facts
from riskmap.store.engine import Store, create_schema
from riskmap.store.schema import District, Hazard, Rectification, Site

DAY0 = dt.date(2026, 3, 2)  # a Monday
# A Monday, a Sunday, a mid-week day, and days before and after most of the ledger.
AS_OF = (DAY0, DAY0 + dt.timedelta(days=6), DAY0 + dt.timedelta(days=17), dt.date(2026, 1, 5),
         dt.date(2026, 6, 30))  # fmt: skip
STATUSES = (None, "open", "in_progress", "submitted", "verified")


@pytest.fixture(params=["sqlite", "postgis"])
def store(request: pytest.FixtureRequest, tmp_path: Path):
    url = (
        f"sqlite:///{tmp_path / 'rules.sqlite'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    s = create_schema(url, {"crs": "EPSG:4544", "city_name": "规则市"})
    yield s
    s.dispose()


def _ledger(store: Store, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    districts = [
        {"code": "900000", "name": "市", "level": "city", "parent_code": None},
        {"code": "900100", "name": "甲县", "level": "county", "parent_code": "900000"},
        {"code": "900101", "name": "甲一镇", "level": "township", "parent_code": "900100"},
        {"code": "900200", "name": "乙县", "level": "county", "parent_code": "900000"},
        {"code": "900201", "name": "乙一镇", "level": "township", "parent_code": "900200"},
    ]
    sites = [
        {
            "id": i,
            "layer": "roads",
            "name": f"点{i}",
            "district_code": rnd.choice(["900101", "900201", "900100", None]),
            "geom": shapely.Point(500_000 + i, 3_900_000),
            "lon": 105.0,
            "lat": 35.0,
            "attrs": {},
        }
        for i in range(1, 41)
    ]
    hazards, rects = [], []
    for hid in range(1, 501):
        found = DAY0 + dt.timedelta(days=rnd.randint(-80, 40))
        status = rnd.choice(STATUSES)
        deadline = found + dt.timedelta(days=rnd.randint(0, 60))
        verified_on = None
        if status == "verified" and rnd.random() < 0.85:
            verified_on = found + dt.timedelta(days=rnd.randint(0, 70))
        h = {
            "id": hid,
            "site_id": rnd.randint(1, len(sites)),
            "level": rnd.choice(["general", "general", "major"]),
            "description": "隐患",
            "found_on": found,
            "escalation": rnd.choice([0, 0, 1]),
        }
        hazards.append(h)
        if status is not None:
            rects.append({"id": hid, "hazard_id": hid, "measures": "整改", "deadline": deadline,
                          "status": status, "verified_on": verified_on})  # fmt: skip
        h.update(status=status, deadline=deadline if status else None, verified_on=verified_on)
    with store.engine.begin() as c:
        box = shapely.box(500_000, 3_890_000, 510_000, 3_910_000)
        c.execute(insert(District), [{**d, "name_en": "", "geom": box} for d in districts])
        c.execute(insert(Site), sites)
        keys = ("id", "site_id", "level", "description", "found_on", "escalation")
        c.execute(insert(Hazard), [{k: h[k] for k in keys} for h in hazards])
        c.execute(insert(Rectification), rects)
    for h in hazards:
        h["district_code"] = next(s["district_code"] for s in sites if s["id"] == h["site_id"])
    return hazards


def _expected(h: dict, day: dt.date) -> dict[str, bool]:
    """The rules as a duty officer states them, written out for one hazard."""
    status = h["status"] or "open"
    open_ = status != "verified"
    monday = day - dt.timedelta(days=day.weekday())
    verified_by_then = status == "verified" and (
        h["verified_on"] is None or h["verified_on"] <= day
    )
    return {
        "found": h["found_on"] <= day,
        "open": open_,
        "overdue": open_ and h["deadline"] is not None and h["deadline"] < day,
        "major": h["level"] == "major",
        "major_open": h["level"] == "major" and open_,
        "escalated_open": h["escalation"] > 0 and open_,
        "was_open_on": h["found_on"] <= day and not verified_by_then,
        "closed_week": status == "verified"
        and h["verified_on"] is not None
        and monday <= h["verified_on"] <= day,
    }


def test_every_rule_agrees_in_sql_and_python_on_every_hazard(store: Store) -> None:
    hazards = {h["id"]: h for h in _ledger(store)}
    assert set(RULES) == set(_expected(next(iter(hazards.values())), DAY0))
    for day in AS_OF:
        cols = [case((r.sql(day), 1), else_=0).label(name) for name, r in RULES.items()]
        stmt = select(
            *(Hazard.id, Hazard.level, Hazard.found_on, Hazard.escalation),
            *(Rectification.status, Rectification.deadline, Rectification.verified_on),
            *cols,
        ).outerjoin(Rectification, Rectification.hazard_id == Hazard.id)
        with store.engine.connect() as c:
            rows = c.execute(stmt).all()
        assert len(rows) == len(hazards)
        for row in rows:
            facts = Facts(row.level, row.found_on, row.escalation, row.status, row.deadline,
                          row.verified_on)  # fmt: skip
            want = _expected(hazards[row.id], day)
            for name, rule in RULES.items():
                assert bool(getattr(row, name)) == want[name], (name, day, row.id)
                assert rule.test(facts, day) == want[name], (name, day, row.id)


def test_the_counts_equal_a_brute_force_sum(store: Store) -> None:
    hazards = _ledger(store)
    territory = figures.Territory.read(store)
    for day in AS_OF:
        for where, own in (
            ("city", lambda h: True),
            ("900100", lambda h: h["district_code"] in ("900100", "900101")),
            ("900201", lambda h: h["district_code"] == "900201"),
        ):
            found = [h for h in hazards if own(h) and h["found_on"] <= day]
            want = {k: sum(_expected(h, day)[k] for h in found) for k in ("open", "overdue")}
            want["major_open"] = sum(_expected(h, day)["major_open"] for h in found)
            want["escalated"] = sum(_expected(h, day)["escalated_open"] for h in found)
            want["closed_week"] = sum(_expected(h, day)["closed_week"] for h in found)
            got = (
                figures.for_city(store, day)
                if where == "city"
                else figures.for_district(store, where, day, territory)
            )
            assert got.hazards == len(found)
            assert {k: getattr(got, k) for k in want} == want, (where, day)
        # The county roll-up: sites mapped to a county itself count for it, "" for no district.
        per_county = figures.by_county(store, day, territory)
        for county, codes in (("900100", ("900100", "900101")), ("900200", ("900201",))):
            n = sum(h["district_code"] in codes and h["found_on"] <= day for h in hazards)
            assert per_county[county].hazards == n
        assert per_county[""].hazards == sum(
            h["district_code"] is None and h["found_on"] <= day for h in hazards
        )


def test_territory_owns_a_site_by_its_township() -> None:
    from riskmap.store.load import DistrictRecord

    t = figures.Territory(
        [
            DistrictRecord("1", "市", "", "city", None, None),
            DistrictRecord("11", "县", "", "county", "1", None),
            DistrictRecord("111", "镇", "", "township", "11", None),
            DistrictRecord("12", "另县", "", "county", "1", None),
        ]
    )
    assert t.owns("11", "111") and t.owns("1", "111") and t.owns("111", "111")
    assert not t.owns("12", "111") and not t.owns("11", None)
    assert t.county_of("111") == "11" and t.county_of("1") is None
    assert t.codes_under("11") == {"11", "111"}
