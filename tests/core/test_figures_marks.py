"""The map's figures: each site's open, major-open and overdue hazards (figures.open_hazard_marks)
and the hazards per township without the sites' scan (by_district_code, count_sites=False),
against a brute-force count over the raw tables written here."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter

from riskmap.core import figures
from riskmap.store.engine import open_store


def _raw(demo_url: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{demo_url.removeprefix('sqlite:///')}?mode=ro", uri=True)
    try:
        return con.execute(
            "SELECT h.site_id, s.layer, s.district_code, h.level, h.found_on, r.status, "
            "r.deadline FROM hazards h JOIN sites s ON s.id = h.site_id "
            "LEFT JOIN rectifications r ON r.hazard_id = h.id"
        ).fetchall()
    finally:
        con.close()


def test_open_hazard_marks_and_township_counts_match_a_brute_force_count(
    demo_url: str, demo_anchor: dt.date
) -> None:
    as_of = demo_anchor
    day = as_of.isoformat()
    opened, major, late, by_code = Counter(), Counter(), Counter(), Counter()
    layers = {"chemical_plants", "mines", "gas"}
    for site, layer, code, level, found, status, deadline in _raw(demo_url):
        if found > day or status == "verified":  # not found yet, or closed (销号)
            continue
        opened[site] += 1
        major[site] += level == "major"
        late[site] += deadline is not None and deadline < day
        if layer in layers:
            by_code[code or ""] += 1
    store = open_store(demo_url)
    try:
        marks = figures.open_hazard_marks(store, as_of)
        counts = figures.by_district_code(store, as_of, sorted(layers), count_sites=False)
    finally:
        store.dispose()
    assert set(marks) == set(opened) and len(marks) > 50
    for site, m in marks.items():
        assert (m.open, m.major_open, m.overdue) == (opened[site], major[site], late[site])
    assert any(m.overdue for m in marks.values()) and any(m.major_open for m in marks.values())
    assert {k: v.open for k, v in counts.items() if v.open} == dict(by_code)
    assert all(v.sites == 0 for v in counts.values())  # not counted: not asked for
