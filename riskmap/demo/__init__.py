"""The deterministic demo city (青岚市, fictional) and large synthetic cities for benchmarks.

`build_demo` writes the demo city; `build_synthetic` writes the same districts and units with
any number of synthetic sites. Every date is relative to the anchor day, and every random draw
comes from generators seeded by `seed`, so the output does not depend on when or where it runs.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from riskmap.store.engine import Store

DEMO_CRS = "EPSG:4544"  # CGCS2000 / 3-degree Gauss-Krüger CM 105E
DEMO_SEED = 20260404
DEMO_ANCHOR = dt.date(2026, 11, 1)
GENERATOR = "riskmap.demo v1"

__all__ = ["DEMO_ANCHOR", "DEMO_CRS", "DEMO_SEED", "build_demo", "build_synthetic"]


def rng_for(seed: int, stage: int) -> np.random.Generator:
    """An independent generator per stage, so changing one stage leaves the others as they were."""
    return np.random.default_rng([seed, stage])


def build_demo(
    url: str, seed: int = DEMO_SEED, anchor: dt.date = DEMO_ANCHOR, overwrite: bool = False
) -> Store:
    """Write the demo city into a new database at `url` and return it."""
    from riskmap.demo.city import build_city, write_city

    city, ledger = build_city(seed, anchor)
    return write_city(url, city, ledger, seed, anchor, overwrite)


def build_synthetic(
    url: str, n_sites: int, seed: int = 1, anchor: dt.date = DEMO_ANCHOR, overwrite: bool = False
) -> Store:
    """The demo city's districts and units with `n_sites` synthetic sites, for benchmarks."""
    from riskmap.demo.synthetic import build

    return build(url, n_sites, seed, anchor, overwrite)
