"""The HTML briefing's map by scale: at the city, townships shaded by their open hazards (the
dossier's counts, computed here straight from the rows) and counted marks for the urgent sites,
few and never overlapping; zoomed in, every site in its own symbol. The page's own script is run
in Node against a stand-in Leaflet that records what it draws, when Node is installed."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import re
import shutil
import sqlite3
import subprocess
import tomllib
from pathlib import Path

import pytest

from riskmap.brief.context import briefing_context
from riskmap.brief.html import render_html

LAYERS = Path(__file__).resolve().parents[2] / "layers"
OPEN = ("h.found_on <= :d AND NOT EXISTS (SELECT 1 FROM rectifications r WHERE "
        "r.hazard_id = h.id AND r.status = 'verified')")  # fmt: skip


def _toml(key: str) -> dict:
    return tomllib.loads((LAYERS / f"{key}.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page(demo_ws, demo_anchor: dt.date) -> tuple[str, object]:
    b = briefing_context(demo_ws, "labor_day", 2027, as_of=demo_anchor)
    return render_html(b, demo_ws), b


def _db(ws) -> str:
    return ws.store.url.removeprefix("sqlite:///")


def _plan(text: str) -> dict:
    return json.loads(re.search(r"var plan = (\{.*?\});\n", text).group(1))


def test_township_counts_are_the_dossiers(page, demo_ws, demo_anchor: dt.date) -> None:
    text, b = page
    focus = [f.key for f in b.focus_layers]
    counted = [k for k in focus if _toml(k)["style"].get("aggregate", {}).get("kind")
               == "choropleth"]  # fmt: skip
    assert counted and sorted(_plan(text)["choropleth"]) == sorted(counted)
    shown = {code: int(n) for code, n in re.findall(
        r'"properties": \{"code": "(\w+)", "fill": "#\w+", "name": "[^"]*", "open": (\d+)',
        text)}  # fmt: skip
    con = sqlite3.connect(_db(demo_ws))
    try:
        towns = [c for (c,) in con.execute("SELECT code FROM districts WHERE level = 'township'")]
        marks = ",".join("?" * len(counted))
        rows = con.execute(
            f"SELECT s.district_code, COUNT(*) FROM hazards h JOIN sites s ON s.id = h.site_id "
            f"WHERE s.layer IN ({marks}) AND "
            + OPEN.replace(":d", "?")
            + " GROUP BY s.district_code",
            [*counted, demo_anchor.isoformat()],
        ).fetchall()
    finally:
        con.close()
    expected = dict.fromkeys(towns, 0) | {c: n for c, n in rows if c in towns}
    assert shown == expected
    assert max(shown.values()) > 0 and min(shown.values()) < max(shown.values())


def _urgent(ws, layers: list[str], day: dt.date, ids: list[int]) -> int:
    """Sites of `layers` among `ids` with an open major hazard or an overdue rectification."""
    con = sqlite3.connect(_db(ws))
    try:
        con.execute("CREATE TEMP TABLE shown (id INTEGER PRIMARY KEY)")
        con.executemany("INSERT INTO shown VALUES (?)", [(i,) for i in ids])
        marks = ",".join("?" * len(layers))
        sql = (
            f"SELECT COUNT(*) FROM sites s JOIN shown USING (id) WHERE s.layer IN ({marks}) AND ("
            "EXISTS (SELECT 1 FROM hazards h WHERE h.site_id = s.id AND h.level = 'major' AND "
            + OPEN.replace(":d", "?")
            + ") OR EXISTS (SELECT 1 FROM hazards h JOIN rectifications r ON r.hazard_id = h.id "
            "WHERE h.site_id = s.id AND r.status != 'verified' AND r.deadline < ? "
            "AND h.found_on <= ?))"
        )
        d = day.isoformat()
        return int(con.execute(sql, [*layers, d, d, d]).fetchone()[0])
    finally:
        con.close()


def _box(lat: float, lon: float, z: float) -> tuple[float, float, float, float]:
    world = 256 * 2**z
    x = (lon + 180) / 360 * world
    y = 1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi
    y = y / 2 * world
    r = 6 + 3 + 7  # the mark, its overdue ring, room for the badge (htmlmap)
    return x - r, y - r, x + r, y + r


def test_city_zoom_draws_few_counted_marks_that_add_up(page, demo_ws, demo_anchor) -> None:
    text, b = page
    plan = _plan(text)
    steps = plan["steps"]
    assert steps and steps[0]["agg"]
    n_sites = len(b.sites)
    for step in steps:
        marks = step["marks"]
        # the city seen whole: a handful of symbols for thousands of sites, none overlapping
        if step["z"] <= steps[0]["z"] + 2:
            assert 0 < len(marks) <= 40 and len(marks) < n_sites / 20
        for a, c in itertools.combinations(marks, 2):
            ba, bc = _box(a[0], a[1], step["z"]), _box(c[0], c[1], step["z"])
            assert not (ba[0] < bc[2] and bc[0] < ba[2] and ba[1] < bc[3] and bc[1] < ba[3])
        # every urgent site the page shows of the aggregated layers is counted once
        urgent = _urgent(demo_ws, step["agg"], demo_anchor, [s.id for s in b.sites])
        assert sum(m[2] for m in marks) == urgent
    # zoomed in far enough every layer is drawn site by site: no step beyond
    last = steps[-1]["z"]
    assert last < 14


STUB = """
const calls = {marks: 0, badges: 0, shown: 0, hidden: 0, shaded: null};
function feature(look) {
  return {feature: {properties: {look: look}}, options: {interactive: true},
          style: look, setStyle(s) { this.style = s; }};
}
function group(n) {
  const items = Array.from({length: n}, (_, i) => feature({opacity: 1, fillOpacity: 0.9}));
  return {items, eachLayer(f) { items.forEach(f); }, resetStyle() { calls.shaded = true; },
          setStyle(s) { calls.shaded = false; }};
}
let zoom = 0, handlers = [];
const map = {getZoom: () => zoom, on: (e, f) => handlers.push(f), setMinZoom() {}};
const L = {
  layerGroup: () => ({items: [], addTo() { return this; }, clearLayers() { this.items = []; }}),
  circleMarker: (at, o) => ({addTo(g) { if (o.fill !== false) calls.marks++; return this; },
                             bindTooltip() { return this; }}),
  marker: () => ({addTo() { calls.badges++; return this; }}),
  divIcon: (o) => o,
};
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_pages_script_hides_the_sites_at_city_zoom_and_shows_them_close(page) -> None:
    text, _b = page
    script = re.search(r"(\(function \(\) \{\s*var map = map_\w+;\s*var plan = .*?\}\)\(\);)",
                       text, re.S).group(1)  # fmt: skip
    names = dict(re.findall(r'"(\w+)": (geo_json_\w+),', script))
    chor = re.search(r"var chor = (geo_json_\w+);", script).group(1)
    map_name = re.search(r"var map = (map_\w+);", script).group(1)
    sizes = {k: len(re.findall(r'"id": \d+, "properties": \{"look"', _layer_data(text, v)))
             for k, v in names.items()}  # fmt: skip
    plan = _plan(text)
    first, last = plan["steps"][0], plan["steps"][-1]
    run = [STUB, f"var {map_name} = map, {chor} = group(0);"]
    run += [f"var {v} = group({sizes[k]});" for k, v in names.items()]
    run.append(script)
    names_js = json.dumps(names)
    run.append(f"""
      const out = {{}};
      for (const [name, z] of [["city", {first["z"]}], ["close", {last["z"] + 2}]]) {{
        zoom = z; calls.marks = 0; calls.badges = 0; handlers.forEach(f => f());
        const byLayer = {{}};
        for (const [k, v] of Object.entries({names_js})) {{
          byLayer[k] = eval(v).items.filter(l => l.style.opacity !== 0).length;
        }}
        out[name] = {{marks: calls.marks, badges: calls.badges, shaded: calls.shaded, byLayer}};
      }}
      console.log(JSON.stringify(out));
    """)
    res = subprocess.run(["node", "-e", "\n".join(run)], capture_output=True, text=True,
                         timeout=60, check=True)  # fmt: skip
    out = json.loads(res.stdout)
    city, close = out["city"], out["close"]
    # at the city: the choropleth, the step's marks, and no site of an aggregated layer
    assert city["shaded"] is True and city["marks"] == len(first["marks"])
    assert city["badges"] == sum(1 for m in first["marks"] if m[2] > 1)
    for key in first["agg"]:
        assert city["byLayer"][key] == 0, key
    # the point symbols drawn at the city: the marks alone, a few for hundreds of sites
    points = [k for k in sizes if _toml(k)["geometry"] == "point"]
    drawn = sum(city["byLayer"][k] for k in points) + city["marks"]
    assert points and drawn == city["marks"] and drawn < sum(sizes[k] for k in points) / 5
    # close in: every site in its own symbol, no choropleth, no counted mark
    assert close["shaded"] is False and close["marks"] == 0
    assert close["byLayer"] == sizes


def _layer_data(text: str, name: str) -> str:
    """The GeoJSON folium hands to one layer (`<name>_add({...});`)."""
    m = re.search(rf"{name}_add\((\{{.*?\}})\);", text, re.S)
    return m.group(1) if m else ""
