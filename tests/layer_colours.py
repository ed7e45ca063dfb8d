"""The layer files' class colours, written out (not read through the style engine), and the
class of each site straight from the database: what every one-colour test compares a map with
(tests/brief/test_map_colours.py, tests/ui/test_wall_colours.py)."""

from __future__ import annotations

import json

# layers/*.toml, [style.classes] (class_field, value → colour), as the files say.
TOML = {
    "chemical_plants": ("hazard_class", {"1": "#b71c1c", "2": "#e53935", "3": "#fb8c00",
                                         "4": "#fdd835"}),
    "dense_venues": ("kind", {"school": "#3949ab", "hospital": "#d81b60", "mall": "#8e24aa",
                              "station": "#00897b", "scenic_spot": "#43a047",
                              "cemetery": "#5d4037", "stadium": "#fb8c00", "market": "#6d4c41"}),
    "geohazards": ("scale", {"small": "#bcaaa4", "medium": "#8d6e63", "large": "#5d4037",
                             "huge": "#3e2723"}),
    "mines": ("kind", {"coal": "#212121", "metal": "#546e7a", "nonmetal": "#8d6e63",
                       "tailings_pond": "#6d4c41"}),
    "quarantine_sites": ("kind", {"isolation_point": "#00838f",
                                  "designated_hospital": "#c2185b",
                                  "vaccination_point": "#7cb342"}),
    "resources": ("kind", {"rescue_team": "#1565c0", "fire_station": "#c62828",
                           "material_depot": "#2e7d32", "shelter": "#00897b",
                           "medical": "#ad1457"}),
}  # fmt: skip
POINT_LAYERS = tuple(TOML)


def expected(ws, ids) -> dict[int, tuple[str, str, str]]:
    """Site id → (layer, class value, TOML colour), read straight from the database."""
    out = {}
    with ws.store.engine.connect() as c:
        raw = c.connection.driver_connection
        for sid in ids:
            layer, attrs = raw.execute(
                "SELECT layer, attrs FROM sites WHERE id = ?", (sid,)
            ).fetchone()
            if layer not in TOML:
                continue
            field, colours = TOML[layer]
            value = json.loads(attrs or "{}").get(field)
            key = None if value is None else str(value)
            if key in colours:
                out[sid] = (layer, key, colours[key])
    return out
