"""Importing a source again updates it: unchanged features stay, a changed one is updated and
audited, new ones are added, the ones gone from the file are reported; nothing doubles."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from riskmap.core.catalog import load_catalog
from riskmap.io.importer import import_features, plan_import, read_features
from riskmap.store.access import Actor
from riskmap.store.engine import open_store

ADMIN = Actor("admin", "admin")
CATALOG = load_catalog()
HEADER = "编号,名称,经度,纬度,类型,容纳人数\n"
VENUES = [
    ("V1", "青岚一中", 104.620, 35.610, "school", 1200),
    ("V2", "青岚二中", 104.630, 35.620, "school", 900),
    ("V3", "城关体育馆", 104.640, 35.600, "stadium", 3000),
    ("V4", "人民商场", 104.625, 35.615, "mall", 2000),
]


def venues_csv(path: Path, venues: list[tuple], header: str = HEADER) -> Path:
    lines = [",".join(str(v) for v in row) for row in venues]
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "riskmap", "--lang", "en", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def count(db: Path, layer: str = "dense_venues") -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute("SELECT COUNT(*) FROM sites WHERE layer = ?", (layer,)).fetchone()[0]
    finally:
        con.close()


def test_the_same_file_twice_changes_nothing_and_says_so(demo_copy: str, tmp_path: Path) -> None:
    db = Path(demo_copy.removeprefix("sqlite:///"))
    path = venues_csv(tmp_path / "场所.csv", VENUES)
    before = count(db)
    args = ["import", str(path), "--layer", "dense_venues", "--db", demo_copy, "--user", "admin"]
    first = run(*args)
    assert first.returncode == 0, first.stderr
    assert "(source '场所': 4 added, 0 updated, 0 unchanged)" in first.stdout
    assert count(db) == before + 4
    again = run(*args)
    assert again.returncode == 0, again.stderr
    assert "(source '场所': 0 added, 0 updated, 4 unchanged)" in again.stdout
    assert count(db) == before + 4
    # --append forces new rows; a later import still matches only its own.
    appended = run(*args, "--append")
    assert appended.returncode == 0, appended.stderr
    assert count(db) == before + 8


def test_a_changed_attribute_is_an_update_and_audited(demo_copy: str, tmp_path: Path) -> None:
    db = Path(demo_copy.removeprefix("sqlite:///"))
    args = ["--layer", "dense_venues", "--db", demo_copy, "--user", "admin"]
    assert run("import", str(venues_csv(tmp_path / "a.csv", VENUES)), "--source", "普查",
               *args).returncode == 0  # fmt: skip
    before = count(db)
    changed = [*VENUES[:1], (*VENUES[1][:5], 950), *VENUES[2:3], ("V5", "新建剧院", 104.61,
               35.605, "market", 800)]  # fmt: skip
    proc = run("import", str(venues_csv(tmp_path / "b.csv", changed)), "--source", "普查", *args)
    assert proc.returncode == 0, proc.stderr
    assert "1 added, 1 updated, 2 unchanged; 1 gone from the source" in proc.stdout
    assert "id V4: 人民商场" in proc.stdout
    assert count(db) == before + 1  # V5 added; V4 gone from the file, kept in the database
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        site_id, attrs, version = con.execute(
            "SELECT id, attrs, version FROM sites WHERE source = '普查' AND source_id = 'V2'"
        ).fetchone()
        events = con.execute(
            "SELECT user, action, before, after, note FROM audit_events"
            " WHERE \"table\" = 'sites' AND row_id = ?",
            (site_id,),
        ).fetchall()
    finally:
        con.close()
    assert json.loads(attrs)["capacity"] == 950
    assert version == 2
    assert len(events) == 1
    user, action, before_json, after_json, note = events[0]
    assert (user, action, note) == ("admin", "update", "import 普查")
    assert json.loads(before_json)["attrs"]["capacity"] == 900
    assert json.loads(after_json)["attrs"]["capacity"] == 950
    assert "name" not in json.loads(after_json)  # only what changed


def test_an_id_column_matches_whatever_the_order(demo_copy: str, tmp_path: Path) -> None:
    store = open_store(demo_copy)
    try:
        src = read_features(venues_csv(tmp_path / "v.csv", VENUES))
        plan = plan_import(src, CATALOG, "dense_venues", {"source_id": "编号"})
        assert import_features(store, ADMIN, src, plan).added == 4
        moved = [*reversed(VENUES)]
        moved[0] = (*moved[0][:2], 104.6251, *moved[0][3:])  # V4 moved ~9 m east
        src = read_features(venues_csv(tmp_path / "v.csv", moved))
        report = import_features(store, ADMIN, src, plan_import(src, CATALOG, "dense_venues"))
        assert (report.added, report.updated, report.unchanged) == (0, 1, 3)
        assert report.gone == []
    finally:
        store.dispose()


def test_without_an_id_column_the_row_is_the_id(demo_copy: str, tmp_path: Path) -> None:
    store = open_store(demo_copy)
    header = "名称,经度,纬度,类型,容纳人数\n"
    rows = [v[1:] for v in VENUES]
    try:
        src = read_features(venues_csv(tmp_path / "无编号.csv", rows, header))
        plan = plan_import(src, CATALOG, "dense_venues")
        assert plan.id_column is None
        assert import_features(store, ADMIN, src, plan).added == 4
        src = read_features(venues_csv(tmp_path / "无编号.csv", rows[:3], header))
        report = import_features(store, ADMIN, src, plan_import(src, CATALOG, "dense_venues"))
        assert (report.added, report.updated, report.unchanged) == (0, 0, 3)
        assert report.gone == [("5", "人民商场")]  # spreadsheet row 5 (the header is row 1)
    finally:
        store.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgis"])
def test_re_import_on_both_backends(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> None:
    url = request.getfixturevalue("demo_copy" if backend == "sqlite" else "demo_pg_copy")
    store = open_store(url, upgrade=True)
    try:
        path = venues_csv(tmp_path / "场所.csv", VENUES)

        def again() -> tuple[int, int, int]:
            src = read_features(path)
            r = import_features(store, ADMIN, src, plan_import(src, CATALOG, "dense_venues"))
            return r.added, r.updated, r.unchanged

        with store.engine.connect() as c:
            n = c.execute(text("SELECT COUNT(*) FROM sites")).scalar_one()
        assert again() == (4, 0, 0)
        assert again() == (0, 0, 4)
        venues_csv(path, [*VENUES[:3], (*VENUES[3][:2], 104.626, *VENUES[3][3:])])
        assert again() == (0, 1, 3)
        with store.engine.connect() as c:
            assert c.execute(text("SELECT COUNT(*) FROM sites")).scalar_one() == n + 4
            audited = c.execute(
                text("SELECT COUNT(*) FROM audit_events WHERE \"table\" = 'sites'"
                     " AND action = 'update' AND note = 'import 场所'")
            ).scalar_one()  # fmt: skip
        assert audited == 1
    finally:
        store.dispose()


def test_delete_gone_deletes_what_nothing_names_and_refuses_the_rest(
    demo_copy: str, tmp_path: Path
) -> None:
    db = Path(demo_copy.removeprefix("sqlite:///"))
    args = ["--layer", "dense_venues", "--db", demo_copy, "--user", "admin", "--source", "名录"]
    assert run("import", str(venues_csv(tmp_path / "a.csv", VENUES)), *args).returncode == 0
    before = count(db)
    con = sqlite3.connect(db)
    try:
        v3, v4 = (
            con.execute(
                "SELECT id FROM sites WHERE source = '名录' AND source_id = ?", (s,)
            ).fetchone()[0]
            for s in ("V3", "V4")
        )
        unit = con.execute("SELECT MIN(id) FROM units").fetchone()[0]
        # A duty names V3: it cannot go without a word.
        con.execute(
            "INSERT INTO duties (unit_id, role, site_id, note, version)"
            " VALUES (?, 'regulator', ?, '', 1)",
            (unit, v3),
        )
        con.commit()
    finally:
        con.close()
    shorter = venues_csv(tmp_path / "b.csv", VENUES[:2])
    proc = run("import", str(shorter), *args, "--delete-gone")
    assert proc.returncode == 2, proc.stderr
    assert "2 sites gone from the source are still named by 1 duties" in proc.stderr
    assert count(db) == before
    # Without the duty's site in the gone ones, V4 goes, audited.
    proc = run("import", str(venues_csv(tmp_path / "c.csv", VENUES[:3])), *args, "--delete-gone")
    assert proc.returncode == 0, proc.stderr
    assert "1 gone from the source, deleted as asked" in proc.stdout
    assert count(db) == before - 1
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT COUNT(*) FROM sites WHERE id = ?", (v4,)).fetchone()[0] == 0
        event = con.execute(
            "SELECT action, before, note FROM audit_events"
            " WHERE \"table\" = 'sites' AND row_id = ?",
            (v4,),
        ).fetchone()
    finally:
        con.close()
    assert event[0] == "delete" and json.loads(event[1])["name"] == "人民商场"
    assert event[2] == "import 名录"
