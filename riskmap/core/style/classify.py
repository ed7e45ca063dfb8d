"""Graded classes for the small-scale style: where in the city the open hazards concentrate.

A choropleth of counts per township (乡镇/街道, the unit that answers for its sites, 属地).
Counts, not densities: a duty officer asks "which township has the most open hazards", and a
township is the unit that is called, not a square kilometre. Breaks are Jenks natural breaks
(Fisher's exact optimisation: the classes that minimise the within-class squared deviation), the
default of QGIS's graduated renderer, because township counts are skewed (a few industrial
townships hold most hazards) and equal intervals would put nearly all of them in the lowest
class; quantiles are offered for even class sizes. Zero is always a class of its own: "no open
hazard" must not share a colour with "one".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from riskmap.core.style.colors import Color, parse_color

# ColorBrewer OrRd, 5 classes (sequential, printer- and colour-blind-safe).
DEFAULT_RAMP = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")
ZERO_COLOR = "#f5f5f5"  # townships without an open hazard


def jenks_breaks(values: Sequence[float], k: int) -> tuple[float, ...]:
    """The upper bounds of `k` classes of `values` by Fisher–Jenks natural breaks (the last is
    the maximum). Fewer distinct values than `k` give one class per value."""
    data = np.sort(np.asarray(values, dtype=float))
    distinct = np.unique(data)
    if len(distinct) <= k:
        return tuple(float(v) for v in distinct)
    # Fisher's dynamic programme on the distinct values weighted by their counts: exact, and
    # O(k·m²) in the m distinct values (a city's ~200 townships: ~10^5 steps).
    w = np.array([np.count_nonzero(data == v) for v in distinct], dtype=float)
    x = distinct
    m = len(x)
    cw = np.concatenate([[0.0], np.cumsum(w)])
    cwx = np.concatenate([[0.0], np.cumsum(w * x)])
    cwx2 = np.concatenate([[0.0], np.cumsum(w * x * x)])

    def ssd(i: int, j: int) -> float:  # squared deviation of x[i..j] inclusive
        n = cw[j + 1] - cw[i]
        s = cwx[j + 1] - cwx[i]
        return float(cwx2[j + 1] - cwx2[i] - s * s / n)

    inf = float("inf")
    cost = np.full((k, m), inf)
    back = np.zeros((k, m), dtype=int)
    for j in range(m):
        cost[0, j] = ssd(0, j)
    for c in range(1, k):
        for j in range(c, m):
            best, arg = inf, c
            for i in range(c, j + 1):  # class c spans x[i..j]
                v = cost[c - 1, i - 1] + ssd(i, j)
                if v < best:
                    best, arg = v, i
            cost[c, j], back[c, j] = best, arg
    uppers = [float(x[m - 1])]
    j = m - 1
    for c in range(k - 1, 0, -1):
        i = back[c, j]
        uppers.append(float(x[i - 1]))
        j = i - 1
    return tuple(sorted(uppers))


def quantile_breaks(values: Sequence[float], k: int) -> tuple[float, ...]:
    """Upper bounds of `k` classes holding about equally many values (repeated bounds merged)."""
    data = np.sort(np.asarray(values, dtype=float))
    if not len(data):
        return ()
    qs = [
        float(data[min(len(data) - 1, int(np.ceil(len(data) * q / k)) - 1)])
        for q in range(1, k + 1)
    ]
    return tuple(sorted(set(qs)))


def classify(values: Sequence[float], k: int, method: str = "jenks") -> tuple[float, ...]:
    """Upper class bounds of the positive `values` (zero is its own class, see module doc)."""
    positive = [v for v in values if v > 0]
    if not positive:
        return ()
    fn = quantile_breaks if method == "quantile" else jenks_breaks
    return fn(positive, k)


@dataclass(frozen=True)
class Choropleth:
    """Counts per area code, their class bounds and colours; `color_of(code)`."""

    counts: Mapping[str, int]
    breaks: tuple[float, ...]  # upper bounds, ascending; class 0 is "none" (count 0)
    colors: tuple[Color, ...]  # one per break
    zero: Color

    def class_of(self, value: float) -> int:
        """0 for no hazard, else 1 + the index of the first bound ≥ value."""
        if value <= 0 or not self.breaks:
            return 0
        return 1 + int(np.searchsorted(np.asarray(self.breaks), value, side="left"))

    def color_of_value(self, value: float) -> Color:
        i = self.class_of(value)
        return self.zero if i == 0 else self.colors[min(i, len(self.colors)) - 1]

    def color_of(self, code: str) -> Color:
        return self.color_of_value(self.counts.get(code, 0))

    def legend(self) -> list[tuple[str, Color]]:
        """(range text, colour) per class, zero first: '0', '1–3', '4–9', …"""
        rows = [("0", self.zero)]
        low = 1
        for upper, color in zip(self.breaks, self.colors, strict=True):
            hi = int(upper)
            rows.append((f"{low}" if hi == low else f"{low}–{hi}", color))
            low = hi + 1
        return rows


def choropleth(
    counts: Mapping[str, int],
    *,
    k: int = 5,
    method: str = "jenks",
    ramp: Sequence[str] = (),
) -> Choropleth:
    """Classes of `counts` (area code → count) coloured from `ramp` (light to dark;
    DEFAULT_RAMP when empty). Fewer classes than colours take colours spread over the ramp, so
    the darkest always means the most."""
    ramp_colors = [parse_color(c) for c in (ramp or DEFAULT_RAMP)]
    breaks = classify(list(counts.values()), min(k, len(ramp_colors)), method)
    n = len(breaks)
    if n == 1:
        picks = [len(ramp_colors) - 1]
    else:
        picks = [round(i * (len(ramp_colors) - 1) / max(n - 1, 1)) for i in range(n)]
    return Choropleth(
        dict(counts), breaks, tuple(ramp_colors[i] for i in picks), parse_color(ZERO_COLOR)
    )
