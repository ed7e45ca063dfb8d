"""Plain records the generator fills before anything is written, and shared line helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np
import shapely

from riskmap.demo.geography import Land

STREETS: tuple[str, ...] = (
    "人民路",
    "解放路",
    "建设路",
    "滨河路",
    "中山路",
    "文化路",
    "新华街",
    "和平路",
    "团结路",
    "民主路",
    "育才路",
    "迎宾大道",
    "工业路",
    "北环路",
    "南环路",
    "东环路",
    "西环路",
    "长安路",
    "光明路",
    "胜利路",
    "府前街",
    "商贸街",
    "健康路",
    "学府路",
)


@dataclass
class Enterprise:
    """An organisation with 主体责任 for sites: becomes a Unit of kind 'enterprise'."""

    name: str
    county: str  # county code
    trade: str  # chemical | mine | gas | construction | mall | market | scenic | transport | health
    contact: str = ""
    phone: str = ""
    credit: str = ""


@dataclass
class SiteRec:
    layer: str
    name: str
    geom: shapely.Geometry
    attrs: dict[str, Any]
    detail: str = ""  # address after county and township (a village, a street and number)
    tag: str = ""  # e.g. the venue kind, for duties and hazard texts
    enterprise: int | None = None  # index into City.enterprises
    extra: dict[str, Any] = field(default_factory=dict)  # generator-only facts (not stored)
    # Filled when written: the township containing the representative point.
    district: str = ""
    id: int = 0


@dataclass
class City:
    land: Land
    sites: list[SiteRec] = field(default_factory=list)
    enterprises: list[Enterprise] = field(default_factory=list)

    def add(self, rec: SiteRec) -> SiteRec:
        self.sites.append(rec)
        return rec

    def enterprise(self, e: Enterprise) -> int:
        self.enterprises.append(e)
        return len(self.enterprises) - 1


def street_address(rng: np.random.Generator) -> str:
    return f"{STREETS[int(rng.integers(len(STREETS)))]}{int(rng.integers(1, 400))}号"


def split_line(coords: np.ndarray, cuts_m: np.ndarray) -> list[np.ndarray]:
    """Pieces of a polyline between consecutive distances along it (cuts include 0 and length)."""
    seg = np.hypot(*np.diff(coords, axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    out = []
    for a, b in pairwise(cuts_m):
        inner = (s > a) & (s < b)
        xa = np.interp(a, s, coords[:, 0]), np.interp(a, s, coords[:, 1])
        xb = np.interp(b, s, coords[:, 0]), np.interp(b, s, coords[:, 1])
        out.append(np.vstack([xa, coords[inner], xb]))
    return out


def random_cuts(rng: np.random.Generator, length: float, lo: float, hi: float) -> np.ndarray:
    """0, then steps of lo…hi metres, ending exactly at length (a short tail joins the last)."""
    cuts = [0.0]
    while length - cuts[-1] > hi:
        cuts.append(cuts[-1] + float(rng.uniform(lo, hi)))
    if len(cuts) > 1 and length - cuts[-1] < lo * 0.5:
        cuts.pop()
    cuts.append(length)
    return np.array(cuts)


def route(
    land: Land,
    a: tuple[float, float],
    b: tuple[float, float],
    rng: np.random.Generator,
    wander: float = 0.22,
    step: float = 350.0,
) -> np.ndarray:
    """A road from a to b that seeks low ground (valleys) and winds more in the mountains."""
    pa, pb = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    d = float(np.hypot(*(pb - pa)))
    n = max(int(d / step), 3)
    t = np.linspace(0.0, 1.0, n + 1)
    nrm = np.array([-(pb - pa)[1], (pb - pa)[0]]) / max(d, 1.0)
    base = pa + t[:, None] * (pb - pa)
    width = min(wander * d, 6000.0) * np.sin(np.pi * t)
    offs = np.linspace(-1.0, 1.0, 15)
    cand = base[:, None, :] + (offs[None, :] * width[:, None])[..., None] * nrm
    elev = land.terrain.elevation(cand[..., 0], cand[..., 1])
    cost = elev + 0.035 * np.abs(offs[None, :] * width[:, None])
    off = offs[np.argmin(cost, axis=1)] * width
    k = np.ones(7) / 7.0
    for _ in range(3):
        off = np.convolve(np.pad(off, 3, mode="edge"), k, mode="valid")
    off *= np.sin(np.pi * t) ** 0.3
    pts = base + off[:, None] * nrm
    e = land.terrain.elevation(pts[:, 0], pts[:, 1]) - land.terrain.base_level(pts[:, 0])
    # Hairpins: a short-wavelength wiggle whose amplitude follows the relief.
    wig = np.clip(e / 900.0, 0.05, 1.0) * 140.0 * np.sin(t * d / 700.0 + rng.uniform(0, 6.3))
    wig[[0, -1]] = 0.0
    return pts + (wig * np.sin(np.pi * t) ** 0.2)[:, None] * nrm


def clip_parts(
    line: np.ndarray, area: shapely.Geometry, min_len: float = 300.0
) -> list[np.ndarray]:
    """The pieces of a polyline inside an area, as coordinate arrays."""
    g = shapely.intersection(shapely.linestrings(line), area)
    lines = [p for p in shapely.get_parts(g) if p.geom_type == "LineString"]
    if not lines:
        return []
    merged = shapely.get_parts(shapely.line_merge(shapely.multilinestrings(lines)))
    return [shapely.get_coordinates(p) for p in merged if p.length >= min_len]
