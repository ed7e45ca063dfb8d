"""`riskmap import | export` as a user runs them: real files, real processes."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from test_cli import assert_one_line_error, digest, run

from riskmap.core.datum import from_wgs84


def _count(path: Path, layer: str) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT COUNT(*) FROM sites WHERE layer = ?", (layer,)).fetchone()[0]
    finally:
        con.close()


def test_export_then_import_with_an_amap_offset(demo_copy: str, tmp_path: Path) -> None:
    db = Path(demo_copy.removeprefix("sqlite:///"))
    out = tmp_path / "plants.csv"
    proc = run("export", str(out), "--layer", "chemical_plants", "--db", demo_copy)
    assert proc.returncode == 0, proc.stderr
    n = _count(db, "chemical_plants")
    assert proc.stdout.strip() == f"wrote {n} sites to {out}"
    # The same plants as an Amap user would paste them: GCJ-02 coordinates.
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    lon_col = next(c for c in rows[0] if c.lower() in ("lon", "经度", "longitude"))
    lat_col = next(c for c in rows[0] if c.lower() in ("lat", "纬度", "latitude"))
    for r in rows:
        glon, glat = from_wgs84(float(r[lon_col]), float(r[lat_col]), "gcj02")
        r[lon_col], r[lat_col] = f"{float(glon):.7f}", f"{float(glat):.7f}"
    gcj = tmp_path / "plants_gcj.csv"
    with gcj.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    before = digest(db)
    proc = run("import", str(gcj), "--layer", "chemical_plants", "--db", demo_copy,
               "--user", "admin", "--dry-run")  # fmt: skip
    # The offset is noticed and refused until the user says how to read the coordinates.
    assert_one_line_error(proc, "looks like GCJ-02 (Amap)", "--datum gcj02", "--datum wgs84")
    assert digest(db) == before
    proc = run("import", str(gcj), "--layer", "chemical_plants", "--db", demo_copy,
               "--user", "zhangwei", "--datum", "gcj02")  # fmt: skip
    assert_one_line_error(proc, "admin")
    proc = run("import", str(gcj), "--layer", "chemical_plants", "--db", demo_copy,
               "--user", "admin", "--datum", "gcj02")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert _count(db, "chemical_plants") == 2 * n


def test_a_bad_row_imports_nothing(demo_copy: str, tmp_path: Path) -> None:
    db = Path(demo_copy.removeprefix("sqlite:///"))
    bad = tmp_path / "venues.csv"
    bad.write_text(
        "名称,经度,纬度,类型,容纳人数\n青岚一中,104.62,35.61,学校,1200\n坏点,104.63,999,学校,300\n",
        encoding="utf-8",
    )
    n = _count(db, "dense_venues")
    report = tmp_path / "report.csv"
    proc = run("import", str(bad), "--layer", "dense_venues", "--db", demo_copy,
               "--user", "admin", "--report", str(report))  # fmt: skip
    assert proc.returncode == 1
    assert "3" in proc.stderr  # the spreadsheet row of the bad point
    assert report.exists() and _count(db, "dense_venues") == n
    proc = run("import", str(bad), "--layer", "dense_venues", "--db", demo_copy,
               "--user", "admin", "--skip-rejected")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert _count(db, "dense_venues") == n + 1
    assert_one_line_error(
        run("import", str(tmp_path / "missing.shp"), "--layer", "roads", "--db", demo_copy),
        "missing.shp",
    )
