"""The coverage check in the window: run riskmap.core.patrol.coverage off the GUI thread, list
the uncovered high-risk sites and mark them on the map; run it again after every change of the
patrol areas or the ledger (a major hazard closed is one high-risk site fewer) while it is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import shapely
from PySide6.QtCore import QObject, Signal

from riskmap.core.crs import ground_metres
from riskmap.core.database import DistrictRecord
from riskmap.core.patrol import Coverage, Patrol, coverage
from riskmap.core.presets import Window
from riskmap.core.workspace import Workspace
from riskmap.ui.patrol.items import GapMarkers
from riskmap.ui.patrol.tables import GapRow
from riskmap.ui.workers import JobContext, JobRunner


@dataclass(frozen=True)
class CoverageResult:
    coverage: Coverage
    rows: list[GapRow]


def gap_rows(ws: Workspace, cov: Coverage, lang: str) -> list[GapRow]:
    """The uncovered sites in words, each with the nearest active patrol area and how far."""
    gaps = cov.gaps
    if not gaps:
        return []
    found = ws.geometries([g.site_id for g in gaps])  # lazy: one query
    geoms = np.asarray([found[g.site_id] for g in gaps], dtype=object)
    best = np.full(len(gaps), np.inf)
    name = [""] * len(gaps)
    for p in cov.patrols:
        d = shapely.distance(p.coverage, geoms)
        closer = np.flatnonzero(d < best)
        best[closer] = d[closer]
        for i in closer:
            name[i] = p.name
    rows = []
    for i, g in enumerate(gaps):
        spec = ws.catalog.get(g.layer)
        township = ws.district(g.district_code) if g.district_code else None
        rows.append(
            GapRow(
                site=g,
                layer_name=spec.name(lang) if spec else g.layer,
                township=_district_name(township, lang) if township else "",
                nearest=name[i],
                # on the ground, as every distance riskmap shows
                distance_m=ground_metres(float(best[i]), ws.crs, g.x, g.y)
                if np.isfinite(best[i])
                else None,
            )
        )
    return rows


def _district_name(d: DistrictRecord, lang: str) -> str:
    return d.name if lang.startswith("zh") or not d.name_en else d.name_en


class CoverageRunner(QObject):
    """One coverage check at a time; the latest request wins."""

    sigReady = Signal(object)  # CoverageResult
    sigFailed = Signal(str)
    sigCleared = Signal()

    def __init__(
        self,
        ws: Workspace,
        jobs: JobRunner,
        patrols: Callable[[], list[Patrol]],
        as_of: Callable[[], dt.date],
        markers: GapMarkers,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.jobs = jobs
        self._patrols = patrols
        self._as_of = as_of
        self.markers = markers
        self.lang = "zh"
        self.window: Window | None = None  # the window of the check shown (None: none)
        self.result: CoverageResult | None = None
        self._job: object | None = None
        self._serial = 0

    @property
    def active(self) -> bool:
        return self.window is not None

    def run(self, window: Window) -> None:
        self.window = window
        self._serial += 1
        serial = self._serial
        ws, lang = self.ws, self.lang
        patrols = self._patrols()
        # The hazards open today, as `riskmap patrol coverage` counts them: the GUI and the
        # command line must list the same gaps.
        as_of = self._as_of()

        def work(ctx: JobContext) -> CoverageResult:
            ctx.progress(10, 100)
            cov = coverage(ws, window, as_of=as_of, patrols=patrols)
            return CoverageResult(cov, gap_rows(ws, cov, lang))

        def done(result: CoverageResult) -> None:
            if serial == self._serial and self.window is not None:
                self._show(result)

        def failed(message: str) -> None:
            if serial == self._serial:
                self.sigFailed.emit(message)

        self._job = self.jobs.submit(work, done, failed, label="coverage")

    def rerun(self) -> None:
        """Again for the same window, after a change (no-op when no check is shown)."""
        if self.window is not None:
            self.run(self.window)

    def clear(self) -> None:
        self._serial += 1
        self.window, self.result = None, None
        self.markers.set_sites([], np.zeros((0, 2)), np.zeros(0, dtype=object))
        self.sigCleared.emit()

    def _show(self, result: CoverageResult) -> None:
        self.result = result
        gaps = result.coverage.gaps
        xy = np.asarray([(g.x, g.y) for g in gaps], dtype=float).reshape(-1, 2)
        found = self.ws.geometries([g.site_id for g in gaps])  # lazy: one query
        geoms = np.asarray([found[g.site_id] for g in gaps], dtype=object)
        self.markers.set_sites([g.site_id for g in gaps], xy, geoms)
        self.sigReady.emit(result)
