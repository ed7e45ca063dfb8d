"""The style engine: colours from the layer files, labels placed without overlap, graded
classes, scale ranges, and the TOML schema that carries them."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from riskmap.core import style
from riskmap.core.catalog import load_catalog, parse_layer
from riskmap.errors import CatalogError

BASE = {
    "key": "dams",
    "geometry": "point",
    "names": {"zh": "水库大坝", "en": "Dams"},
    "regulator": {"code": "water", "zh": "水务局", "en": "Water"},
    "fields": [{"key": "kind", "type": "str", "zh": "类型", "en": "Kind"}],
}


def layer(**style_table: object):
    return parse_layer(Path("dams.toml"), {**BASE, "style": {"color": "#123456", **style_table}})


def test_parse_color_reads_css_order() -> None:
    c = style.parse_color("#11223380")
    assert (c.r, c.g, c.b, c.a) == (0x11, 0x22, 0x33, 0x80)
    assert c.hex == "#112233" and c.hex8 == "#11223380" and c.opacity == 0.5
    assert style.parse_color("#abcdef").a == 255
    with pytest.raises(ValueError):
        style.parse_color("red")


def test_class_colour_level_ring_and_rank_from_the_toml() -> None:
    spec = layer(
        classes={"big": "#ff0000", "small": "#00ff00"},
        class_field="kind",
        levels={"general": "#aaaa00", "major": "#aa0000"},
    )
    big = style.feature_style(spec, "big")
    assert big.fill is not None and big.fill.hex == "#ff0000"
    assert style.feature_style(spec, "other").fill.hex == "#123456"  # type: ignore[union-attr]
    assert style.feature_style(spec, None).ring is None
    general = style.feature_style(spec, "small", level="general")
    assert general.ring is not None and general.ring.hex == "#aaaa00"
    major = style.feature_style(spec, "small", level="major")
    assert major.ring is not None and major.ring.hex == "#aa0000"
    late = style.feature_style(spec, "small", level="major", overdue=True)
    assert general.rank < major.rank < late.rank and late.overdue


def test_polygon_fill_takes_the_class_colour_at_the_layers_opacity() -> None:
    spec = parse_layer(
        Path("zones.toml"),
        {
            **BASE,
            "key": "zones",
            "geometry": "polygon",
            "style": {"color": "#2e7d32", "fill": "#66bb6a59", "class_field": "kind",
                      "classes": {"a": "#c62828"}},
        },
    )  # fmt: skip
    fs = style.feature_style(spec, "a")
    assert fs.fill == style.Color(0xC6, 0x28, 0x28, 0x59)
    assert fs.stroke.hex == "#2e7d32"


def test_scale_label_and_aggregate_tables_are_read_and_checked() -> None:
    spec = layer(
        scale={"symbols": [0, 200000], "labels": [0, 25000]},
        label={"field": "kind", "priority": 80, "size": 9, "halo": "#ffffffcc"},
        aggregate={"kind": "cluster"},
    )
    assert style.shows_symbols(spec, 150_000) and not style.shows_symbols(spec, 300_000)
    assert style.shows_labels(spec, 10_000) and not style.shows_labels(spec, 30_000)
    assert style.shows_aggregate(spec, 300_000) and not style.shows_aggregate(spec, 150_000)
    assert style.label_text(spec, "甲坝", {"kind": "土石坝"}) == "土石坝"
    assert style.label_priority(spec, "major", overdue=True) > style.label_priority(spec, "major")
    assert style.label_priority(spec, "major") > style.label_priority(spec)
    with pytest.raises(CatalogError, match=r"style\.scale\.symbols"):
        layer(scale={"symbols": [300, 100]})
    with pytest.raises(CatalogError, match=r"style\.label\.field"):
        layer(label={"field": "height"})
    with pytest.raises(CatalogError, match=r"style\.aggregate\.kind"):
        layer(aggregate={"kind": "heatmap"})
    with pytest.raises(CatalogError, match=r"style\.aggregate\.ramp\[1\]"):
        layer(aggregate={"ramp": ["#ffffff", "blue"]})
    # A layer without a label table has no labels at any scale.
    assert not style.shows_labels(layer(), 1000)


def test_legend_lists_every_class_with_its_toml_colour() -> None:
    cat = load_catalog()
    rows = style.legend_entries([cat["chemical_plants"], cat["dense_venues"]])
    classes = {(r.layer, r.cls): r.fill for r in rows if r.kind == "class"}
    assert classes[("chemical_plants", "1")].hex == "#b71c1c"  # type: ignore[union-attr]
    assert classes[("dense_venues", "hospital")].hex == "#d81b60"  # type: ignore[union-attr]
    labels = [r.label for r in rows]
    assert "医院" in labels and "重大隐患（未销号）" in labels and "区县界" in labels
    # The top layer is listed first.
    assert labels.index("人员密集场所") < labels.index("危化品企业")


def _brute_jenks(values: list[float], k: int) -> float:
    xs = sorted(values)
    best = float("inf")
    for cuts in itertools.combinations(range(1, len(xs)), k - 1):
        groups = [xs[a:b] for a, b in zip((0, *cuts), (*cuts, len(xs)), strict=True)]
        cost = sum(sum((v - sum(g) / len(g)) ** 2 for v in g) for g in groups)
        best = min(best, cost)
    return best


def test_jenks_breaks_are_the_optimal_partition() -> None:
    rng = random.Random(7)
    for _ in range(20):
        values = [float(rng.randint(1, 60)) for _ in range(9)]
        breaks = style.jenks_breaks(values, 3)
        groups: list[list[float]] = [[] for _ in breaks]
        for v in values:
            groups[next(i for i, b in enumerate(breaks) if v <= b)].append(v)
        cost = sum(sum((v - sum(g) / len(g)) ** 2 for v in g) for g in groups if g)
        assert cost == pytest.approx(_brute_jenks(values, 3))


def test_choropleth_zero_is_its_own_class_and_darkest_means_most() -> None:
    ch = style.choropleth({"a": 0, "b": 1, "c": 2, "d": 30, "e": 31, "f": 90}, k=3)
    assert ch.breaks == (2.0, 31.0, 90.0)
    assert ch.color_of("a").hex == "#f5f5f5"
    assert ch.color_of("f").hex == style.DEFAULT_RAMP[-1]
    assert ch.color_of("b") == ch.color_of("c") != ch.color_of("d")
    assert [t for t, _ in ch.legend()] == ["0", "1–2", "3–31", "32–90"]
    assert style.quantile_breaks([1, 2, 3, 4, 5, 6, 7, 8], 4) == (2.0, 4.0, 6.0, 8.0)


def test_placed_labels_never_overlap_and_priority_wins() -> None:
    rng = random.Random(3)
    cands = [
        style.LabelCandidate(i, f"s{i}", rng.uniform(0, 200), rng.uniform(0, 200), 30, 8,
                             priority=rng.uniform(0, 100), offset=3)
        for i in range(400)
    ]  # fmt: skip
    obstacle = (90.0, 90.0, 110.0, 110.0)
    placed = style.place_labels(cands, obstacles=[obstacle], bounds=(0, 0, 200, 200))
    assert 10 < len(placed) < 400
    for a, b in itertools.combinations(placed, 2):
        assert not style.overlaps(a.box, b.box)
    for p in placed:
        assert not style.overlaps(p.box, obstacle)
        assert p.box[0] >= 0 and p.box[2] <= 200 and p.box[1] >= 0 and p.box[3] <= 200
    # Two labels on one spot: the higher priority one is placed at its first position.
    a = style.LabelCandidate("low", "a", 50, 50, 20, 6, priority=1)
    b = style.LabelCandidate("high", "b", 50, 50, 20, 6, priority=9)
    assert [p.key for p in style.place_labels([a, b])] == ["high"]


def test_marks_never_overlap_and_count_every_site() -> None:
    rng = random.Random(5)
    # 600 urgent sites, two thirds crowded round a "county centre" at (100, 100)
    xs = [rng.gauss(100, 12) if i % 3 else rng.uniform(0, 400) for i in range(600)]
    ys = [rng.gauss(100, 12) if i % 3 else rng.uniform(0, 400) for i in range(600)]
    radii = [7.0 if i % 5 else 11.0 for i in range(600)]
    urgency = [float(i % 3) for i in range(600)]
    key = (360.0, 360.0, 400.0, 400.0)  # e.g. the choropleth's key
    marks = style.place_marks(xs, ys, radii, urgency, obstacles=[key])
    for a, b in itertools.combinations(marks, 2):
        assert not style.overlaps(a.box, b.box)
    # every site is counted once, by the mark that shows the most urgent of its members
    members = sorted(i for m in marks for i in m.members)
    assert members == list(range(600))
    for m in marks:
        assert m.index == m.members[0]
        assert all(urgency[m.index] >= urgency[i] for i in m.members)
        x0, y0, x1, y1 = m.box  # the mark stays on its site
        assert x0 < xs[m.index] < x1 and y0 < ys[m.index] < y1
    # the crowd merged: far fewer marks than sites, and one site alone keeps its own mark
    assert len(marks) < 200
    alone = style.place_marks([10.0, 300.0], [10.0, 300.0], [6.0, 6.0], [0.0, 1.0])
    assert [m.members for m in alone] == [(1,), (0,)]
    # a county name placed first: the marks keep off it, counted nearby or stepping aside
    name = (80.0, 92.0, 128.0, 108.0)
    marks = style.place_marks(xs, ys, radii, urgency, obstacles=[name, key])
    assert sorted(i for m in marks for i in m.members) == list(range(600))
    for m in marks:
        assert not style.overlaps(m.box, name) and not style.overlaps(m.box, key)
    for a, b in itertools.combinations(marks, 2):
        assert not style.overlaps(a.box, b.box)
    # with nothing placed near it, a mark under a name steps just above or below it
    (lone,) = style.place_marks([100.0], [100.0], [6.0], [1.0], obstacles=[name])
    assert lone.box[3] <= name[1] or lone.box[1] >= name[3]
    assert abs((lone.box[1] + lone.box[3]) / 2 - 100.0) <= 8 + 7 + 0.01
    # boxed in by names above and below: counted by the nearest mark, never drawn over a name
    walls = [(84.0, 70.0, 116.0, 94.0), (84.0, 106.0, 116.0, 130.0), (60.0, 92.0, 140.0, 108.0)]
    inner = style.place_marks([20.0, 100.0], [20.0, 100.0], [6.0, 6.0], [1.0, 0.0], walls)
    assert [m.members for m in inner] == [(0, 1)]


def test_overlay_styles_are_distinct() -> None:
    strokes = {o.key: o.stroke.hex for o in style.OVERLAYS.values()}
    assert len({strokes["selection"], strokes["patrol"], strokes["highlight"],
                strokes["coverage_gap"], style.ring_style(0).stroke.hex}) == 5  # fmt: skip
    widths = [style.ring_style(i).width for i in range(5)]
    assert widths == sorted(widths, reverse=True)


def test_nice_scale_bar_lengths() -> None:
    assert style.nice_length_m(3400) == 2500
    assert style.nice_length_m(1999) == 1000
    assert style.nice_length_m(740) == 500
    assert style.length_label(2500) == "2.5 km" and style.length_label(500) == "500 m"
