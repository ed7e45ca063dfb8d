"""The command line as a user runs it: real processes, real files, one-line errors."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from riskmap.paths import layers_dir


def run(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """`riskmap ARGS` in a new process; `stdin` is all it can read (never a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "riskmap", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path, demo_url: str) -> tuple[str, Path]:
    src = Path(demo_url.removeprefix("sqlite:///"))
    dst = tmp_path / "city.sqlite"
    shutil.copy(src, dst)
    return f"sqlite:///{dst}", dst


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    err = proc.stderr.strip()
    assert "Traceback" not in proc.stderr
    assert len(err.splitlines()) == 1, err
    assert err.startswith("riskmap")
    for needle in needles:
        assert needle in err, err


def test_bad_input_is_one_line_and_writes_nothing(tmp_path: Path, db) -> None:
    url, path = db
    before = digest(path)
    bad_json = tmp_path / "bad.geojson"
    bad_json.write_text('{"type": "Polygon", "coordinates": [[[104.5, 35.5], [104.6', "utf-8")
    empty = tmp_path / "empty.geojson"
    empty.write_text('{"type": "Polygon", "coordinates": []}', "utf-8")
    metres = tmp_path / "metres.geojson"
    metres.write_text(
        json.dumps(
            {
                "type": "Polygon",
                "coordinates": [
                    [[460000, 3940000], [470000, 3940000], [470000, 3950000], [460000, 3940000]]
                ],
            }
        ),
        "utf-8",
    )
    cases = [
        (["--district", "不存在县"], ["不存在县"]),
        (["--polygon", str(bad_json)], ["GeoJSON"]),
        (["--polygon", str(empty)], ["empty"]),
        (["--polygon", str(metres)], ["degrees"]),
        (["--polygon", str(tmp_path / "missing.geojson")], ["no such file"]),
        (["--circle", "104.6,35.6,0"], ["radius"]),
        (["--circle", "104.6,35.6,-5"], ["radius"]),
        (["--circle", "104.6,35.6"], ["--circle"]),
        (["--bbox", "104.8,35.4,104.3,35.8"], []),
        (["--layers", "raods"], ["raods", "roads"]),
        (["--level", "huge"], ["huge"]),
        (["--as-of", "2026-13-01"], ["2026-13-01"]),
    ]
    for extra, needles in cases:
        assert_one_line_error(run("query", "--db", url, *extra), *needles)
    assert digest(path) == before


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "report.sqlite"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 10)
    before = digest(path)
    proc = run("query", "--db", f"sqlite:///{path}")
    assert_one_line_error(proc, "not a SQLite database")
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists()


def test_layers_file_with_a_typo(tmp_path: Path, db) -> None:
    url, _ = db
    shutil.copytree(layers_dir(), tmp_path / "layers")
    roads = tmp_path / "layers" / "roads.toml"
    roads.write_text(roads.read_text("utf-8").replace("class_field", "clas_field"), "utf-8")
    proc = run("query", "--db", url, env={"RISKMAP_HOME": str(tmp_path)})
    assert_one_line_error(proc, "roads.toml", "style.clas_field", "unknown key")


def test_self_intersecting_polygon_is_repaired_and_said(tmp_path: Path, db) -> None:
    url, _ = db
    bowtie = tmp_path / "bowtie.geojson"
    bowtie.write_text(
        json.dumps(
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [[104.3, 35.4], [104.9, 35.8], [104.9, 35.4], [104.3, 35.8], [104.3, 35.4]]
                    ],
                },
            }
        ),
        "utf-8",
    )
    proc = run("query", "--db", url, "--polygon", str(bowtie), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert "make_valid" in proc.stderr or "repaired" in proc.stderr
    out = json.loads(proc.stdout)
    assert out["region"]["notes"]


def test_table_csv_and_districts(db) -> None:
    url, _ = db
    table = run("query", "--db", url, "--circle", "104.6,35.6,20000")
    assert table.returncode == 0, table.stderr
    assert "责任单位" in table.stdout
    csv_out = run("query", "--db", url, "--format", "csv", "--table", "rectifications")
    assert csv_out.returncode == 0
    assert csv_out.stdout.splitlines()[0].startswith("id,hazard_id,site_id")
    dist = run("districts", "--db", url, "--format", "json", "--level", "county")
    assert dist.returncode == 0
    counties = json.loads(dist.stdout)
    assert 6 <= len(counties) <= 8
    for c in counties:
        assert set(c) >= {"code", "name", "level", "parent", "bbox"}
        minlon, minlat, maxlon, maxlat = c["bbox"]
        assert 100 < minlon < maxlon < 110 and 30 < minlat < maxlat < 40


def test_default_run_creates_the_demo_city_once(tmp_path: Path) -> None:
    env = {"RISKMAP_DATA_DIR": str(tmp_path / "user")}
    first = run("summary", env=env)
    assert first.returncode == 0, first.stderr
    assert "created the demo city" in first.stderr
    assert "青岚市（虚构示例城市）" in first.stdout
    assert (tmp_path / "user" / "riskmap.sqlite").exists()
    second = run("summary", env=env)
    assert second.returncode == 0
    assert "created" not in second.stderr
    path = run("db", "path", env=env)
    assert path.stdout.strip().endswith("riskmap.sqlite")
    check = run("db", "check", env=env)
    assert check.returncode == 0 and check.stdout.strip().endswith("ok")


def test_db_init_empty_and_refuses_to_overwrite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    made = run("db", "init", "--empty", "--db", url)
    assert made.returncode == 0, made.stderr
    assert "0 sites" in made.stdout
    again = run("db", "init", "--db", url)
    assert_one_line_error(again, "already exists")
    q = run("query", "--db", url, "--format", "json")
    assert q.returncode == 0, q.stderr
    assert json.loads(q.stdout)["sites"] == []


def test_gui_starts_on_a_database_and_quits(db, tmp_path: Path) -> None:
    url, _ = db
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    proc = run("--db", url, "--quit-after", "0", "--user", "admin", "--password-stdin",
               env=env, stdin="riskmap\n")  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "interactive at" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_gui_on_a_bad_database_is_one_line(tmp_path: Path) -> None:
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    proc = run("--db", f"sqlite:///{tmp_path / 'missing.sqlite'}", env=env)
    assert_one_line_error(proc, "riskmap db init")


def test_a_district_query_says_what_it_counts_and_lists_the_crossing_sites(
    demo_url: str, demo_anchor, capsys
) -> None:
    from riskmap.cli import main

    args = ["query", "--db", demo_url, "--district", "东川县", "--as-of", demo_anchor.isoformat()]
    assert main([*args, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    crossing = {c["id"] for c in out["crossing"]}
    assert out["region"]["basis"] == "district" and crossing
    assert not crossing & {s["id"] for s in out["sites"]}
    open_ = sum(c["counts"]["open"] for c in out["crossing"])
    assert main(args) == 0
    text = capsys.readouterr().out
    assert f"途经本区的外区风险点 {len(crossing)} 个（未销号隐患 {open_} 项" in text
    assert main([*args, "--format", "csv", "--table", "crossing"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert (
        rows[0].startswith("id,layer,name") and {int(r.split(",")[0]) for r in rows[1:]} == crossing
    )


def test_summary_json_has_each_county(demo_url: str, demo_anchor, capsys) -> None:
    from riskmap.cli import main

    assert main(["summary", "--db", demo_url, "--format", "json", "--as-of", str(demo_anchor)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["as_of"] == demo_anchor.isoformat()
    fields = {"sites", "hazards", "open", "major_open", "overdue", "escalated", "closed_week"}
    assert all(set(c) >= {"code", "name", *fields} for c in out["counties"])
    for f in fields:  # every site lies in a county of the demo city
        assert sum(c[f] for c in out["counties"]) == out["totals"][f]
    assert main(["summary", "--db", demo_url, "--as-of", str(demo_anchor)]) == 0
    assert "按县区" in capsys.readouterr().out
