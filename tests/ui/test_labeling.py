"""Label placement (riskmap.ui.map.labeling): placed boxes never overlap, priority wins."""

from __future__ import annotations

import random

from riskmap.ui.map.labeling import Candidate, place


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_placed_boxes_never_overlap_each_other_nor_the_blocked_ones() -> None:
    rng = random.Random(7)
    cands = [
        Candidate(f"s{i}", f"site {i}", rng.randint(0, 3), rng.uniform(0, 800),
                  rng.uniform(0, 600), rng.uniform(20, 90), 14.0, rng.choice(["point", "area"]),
                  offset=5.0)
        for i in range(2000)
    ]  # fmt: skip
    blocked = [(100.0, 100.0, 200.0, 160.0), (500.0, 300.0, 520.0, 320.0)]
    placed = place(cands, 800, 600, blocked)
    assert 30 < len(placed) < 2000  # a crowded view: many are left out, many fit
    for i, a in enumerate(placed):
        x0, y0, x1, y1 = a.box
        assert 0 <= x0 < x1 <= 800 and 0 <= y0 < y1 <= 600
        for b in blocked:
            assert not _overlap(a.box, b)
        for b in placed[i + 1 :]:
            assert not _overlap(a.box, b.box), (a, b)


def test_higher_priority_label_wins_the_place() -> None:
    # the same spot: the ordinary site comes first in the list, the county first in priority
    site = Candidate("s1", "加油站", 5, 400, 300, 60, 14, "area")
    county = Candidate("c1", "河西县", 0, 400, 300, 60, 14, "area")
    placed = place([site, county], 800, 600)
    assert [p.key for p in placed] == ["c1"]


def test_point_label_moves_around_its_symbol_and_keeps_off_it() -> None:
    first = Candidate("a", "甲", 0, 400, 300, 40, 14, "point", offset=6)
    second = Candidate("b", "乙", 1, 400, 300, 40, 14, "point", offset=6)
    placed = place([first, second], 800, 600)
    assert len(placed) == 2
    symbol = (394.0, 294.0, 406.0, 306.0)
    for p in placed:
        assert not _overlap(p.box, symbol)
    # the first takes the preferred place: right of its symbol, vertically centred
    assert placed[0].box[0] > 406 and abs(placed[0].center[1] - 300) < 1e-9
    assert placed[1].box[2] < 394  # the second goes left


def test_a_key_is_placed_once_and_labels_outside_the_view_are_dropped() -> None:
    road = [Candidate("r:沿江路", "沿江路", 2, x, 100, 50, 14, "line") for x in (100, 400, 700)]
    outside = Candidate("o", "外", 0, 790, 100, 50, 14, "area")
    placed = place([*road, outside], 800, 600)
    assert [p.key for p in placed] == ["r:沿江路"]


def test_limit_caps_the_labels_placed() -> None:
    cands = [Candidate(str(i), "x", 0, 20 + 60 * (i % 10), 20 + 30 * (i // 10), 30, 12, "area")
             for i in range(100)]  # fmt: skip
    assert len(place(cands, 800, 600, limit=25)) == 25
