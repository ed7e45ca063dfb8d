"""docs/api.md runs as written, and each region it asks about is what `riskmap query` answers.

The walk-through's code blocks run in order on a copy of the demo city, in a folder of their own
(it writes a GeoPackage). Every region left in its namespace is then asked of the command line,
as a user would, with the same shape and as-of day; the lists and figures must be the same.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import riskmap.api as rm

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "api.md"
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def riskmap_json(*args: str) -> dict:
    # From the source tree, so that the command is this checkout's riskmap.
    proc = subprocess.run(
        [sys.executable, "-m", "riskmap", *args, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def where(result: rm.RegionResult, tmp_path: Path) -> list[str]:
    """The `riskmap query` options that select the same region."""
    region = result.region
    if region.kind == "district":
        return ["--district", region.params["code"]]
    if region.kind == "rect":
        return ["--bbox", ",".join(map(repr, region.params["bbox_lonlat"]))]
    if region.kind == "circle":
        lon, lat = region.params["center_lonlat"]
        return ["--circle", f"{lon!r},{lat!r},{region.params['radius_m']!r}"]
    if region.kind == "polygon":
        path = tmp_path / f"region-{id(result)}.geojson"
        path.write_text(json.dumps(region.to_geojson_lonlat()), encoding="utf-8")
        return ["--polygon", str(path)]
    raise AssertionError(f"the walk-through asks a {region.kind} region the test cannot repeat")


@pytest.fixture(scope="module")
def walkthrough(tmp_path_factory: pytest.TempPathFactory, demo_url: str) -> Iterator[dict]:
    """The namespace the walk-through leaves, run in a folder holding riskmap.sqlite."""
    work = tmp_path_factory.mktemp("notebook")
    shutil.copy(demo_url.removeprefix("sqlite:///"), work / "riskmap.sqlite")
    namespace: dict = {"__work__": work}
    blocks = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    assert blocks, "docs/api.md has no python blocks"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        for block in blocks:
            exec(compile(block, str(DOC), "exec"), namespace)
    yield namespace


def test_the_walkthrough_agrees_with_the_command_line(walkthrough: dict, tmp_path: Path) -> None:
    db = f"sqlite:///{walkthrough['__work__'] / 'riskmap.sqlite'}"
    results = [v for v in walkthrough.values() if isinstance(v, rm.RegionResult)]
    # The walk-through shows every way of choosing a region.
    assert {r.region.kind for r in results} >= {"district", "rect", "circle", "polygon"}
    for r in results:
        f = r.dossier.filters
        options = [*where(r, tmp_path), "--as-of", r.as_of.isoformat(), "--status", f.status]
        options += [f"--level={lvl}" for lvl in f.levels]
        if f.layers:
            options += ["--layers", ",".join(f.layers)]
        cli = riskmap_json("query", "--db", db, *options)
        assert cli["totals"]["overall"] == r.counts.as_dict(), r.label
        assert [s["id"] for s in cli["sites"]] == r.sites["id"].tolist(), r.label
        assert [h["id"] for h in cli["hazards"]] == r.hazards["id"].tolist(), r.label
        assert [x["id"] for x in cli["rectifications"]] == r.rectifications["id"].tolist()
        assert [(u["id"], u["role"]) for u in cli["units"]] == list(
            zip(r.units["id"], r.units["role"], strict=True)
        )
        assert [c["id"] for c in cli["crossing"]] == r.crossing["id"].tolist()
        assert cli["crossing_totals"] == r.crossing_counts.as_dict()
        assert cli["region"]["basis"] == r.basis
        mine = r.to_json()
        if r.region.kind == "polygon":
            # The command line reads the polygon from a GeoJSON file: its label says so.
            mine.pop("region")
            cli.pop("region")
        assert mine == cli, r.label

    summaries = [v for v in walkthrough.values() if getattr(v, "attrs", {}).get("as_of")]
    assert summaries, "the walk-through shows no city.summary()"
    for table in summaries:
        cli = riskmap_json("summary", "--db", db, "--as-of", table.attrs["as_of"].isoformat())
        for county in cli["counties"]:
            row = table.loc[county["code"]]
            assert row["name"] == county["name"]
            for key in ("sites", "hazards", "open", "major_open", "overdue", "escalated"):
                assert int(row[key]) == county[key], (county["code"], key)
            assert int(row["closed_week"]) == county["closed_week"], county["code"]


def test_the_walkthrough_wrote_its_geopackage(walkthrough: dict) -> None:
    import geopandas as gpd

    written = gpd.read_file(walkthrough["__work__"] / "东川县逾期隐患.gpkg")
    overdue = walkthrough["overdue"]
    assert written["id"].tolist() == overdue["id"].tolist()
    assert written.crs.to_epsg() == 4490
    assert len(written) == walkthrough["county"].counts.overdue
