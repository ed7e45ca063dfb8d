"""A lazy map (a PostGIS city too large to load, `Workspace.lazy`) loads what its view shows.

When the view settles (DEBOUNCE_MS after the last pan or zoom), a job asks PostGIS for the
sites of the visible layers whose bbox meets the view enlarged by MARGIN on each side,
simplified in the database to about a pixel (`PostGISSpatial.viewport`), with their class
codes; the canvas then draws them through the same per-layer items as a small eager map
(`LayerItem`: paths per class, one scatter per layer). A pan that stays inside the loaded
area at the same zoom band loads nothing.

One view loads at most MAX_SITES sites, the visible layers top first (the drawing order's
top is what the user put there to see): a whole province of 10^6 sites shows what fits and
the canvas says to zoom in. A response for a view the user has left is dropped; the job for
it is cancelled between its layers.

Jobs run on the canvas's own `JobRunner` (Python threads: pyproj crashes on Qt's), one at a
time, so a burst of views costs at most one query in flight and one waiting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from PySide6 import QtCore

from riskmap.core.style.site_class import class_codes
from riskmap.ui.map.layers import LayerData, band_of, viewport_layer_data
from riskmap.ui.workers import Cancelled, Job, JobContext, JobRunner

if TYPE_CHECKING:
    from riskmap.core.workspace import Workspace
    from riskmap.ui.map.canvas import MapCanvas

DEBOUNCE_MS = 120
MARGIN = 0.25  # of the view's width and height, loaded beyond each edge: short pans load nothing
# The direct items rebuild their paths on the GUI thread at each zoom band. Measured on a
# synthetic city of 400,000 sites at 1920×1080: 20,000 loaded sites cost a zoom frame of
# ~40 ms with the point layers on top, ~350 ms with line and polygon layers alone (50,000:
# ~1 s); more than that in one view is a picture of the whole city, better zoomed into.
MAX_SITES = 20_000
_NOTHING = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object), np.zeros(0, dtype=np.int16))


@dataclass(frozen=True)
class ViewportRequest:
    """What to load: sites of `layers` (top first) meeting `bbox`, simplified to `tolerance`."""

    view: tuple[float, float, float, float]  # the visible rectangle when it was asked for
    bbox: tuple[float, float, float, float]  # the view enlarged by MARGIN: what is loaded
    band: int  # the zoom band of `tolerance` (layers.band_of): a new band loads again
    tolerance: float
    layers: tuple[str, ...]

    def covers(self, view: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = self.bbox
        return x0 <= view[0] and y0 <= view[1] and x1 >= view[2] and y1 >= view[3]


@dataclass
class ViewportLoad:
    """What a request loaded: per layer (ids sorted, geometries, class codes)."""

    request: ViewportRequest
    sites: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)
    truncated: bool = False  # MAX_SITES reached: some sites in the view are not drawn

    def count(self) -> int:
        return sum(len(ids) for ids, _, _ in self.sites.values())


def fetch_viewport(
    ws: Workspace, req: ViewportRequest, ctx: JobContext, limit: int = MAX_SITES
) -> ViewportLoad:
    """Runs on a job thread: the request's layers top first, `limit` sites at most in all."""
    if ws.spatial is None:
        raise ValueError("a viewport load needs a PostGIS workspace")
    out = ViewportLoad(req)
    budget = limit
    for i, key in enumerate(req.layers):
        if ctx.cancelled:  # the view moved on: the rest of this answer would be dropped
            raise Cancelled()
        if budget <= 0:  # full: is anything left out? (one row of the layers below says so)
            rest = list(req.layers[i:])
            out.truncated = len(ws.spatial.viewport(req.bbox, 0.0, rest, limit=1).ids) > 0
            break
        got = ws.spatial.viewport(req.bbox, req.tolerance, [key], limit=budget + 1)
        ids, geoms = got.ids, got.geoms
        if len(ids) > budget:  # one more than fits tells that the layer goes on
            out.truncated = True
            ids, geoms = ids[:budget], geoms[:budget]
        if len(ids):
            classes = class_codes(ws.store, ws.catalog[key], ids, subset=True)
            out.sites[key] = (ids, geoms, classes)
        budget -= len(ids)
    return out


class ViewportLoader(QtCore.QObject):
    """Drives the viewport loads of a lazy canvas: debounced requests in, layer data out."""

    sigLoaded = QtCore.Signal(object)  # ViewportLoad, the one now drawn

    def __init__(self, canvas: MapCanvas, limit: int = MAX_SITES):
        super().__init__(canvas)
        self.canvas = canvas
        self.limit = limit
        self.jobs = JobRunner(self, max_threads=1)
        self.loaded: ViewportLoad | None = None
        self._job: Job | None = None
        self._inflight: ViewportRequest | None = None  # loading now
        self._latest: ViewportRequest | None = None  # the last asked for: only it is drawn
        self._stopped = False
        self.timer = QtCore.QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.request)

    def view_changed(self) -> None:
        if not self._stopped:
            self.timer.start()

    def invalidate(self) -> None:
        """The sites changed (an import): load the view again, whatever is loaded."""
        self.loaded = None
        if self._job is not None:
            self._job.cancel()
        self._job = self._inflight = self._latest = None
        self.view_changed()

    def request(self) -> None:
        """Load the current view unless what is loaded (or loading) covers it."""
        req = self._request()
        if req is None or self._covered(req):
            return
        if self._job is not None:
            self._job.cancel()  # its answer would be dropped: let it stop between layers
        ws, limit = self.canvas.ws, self.limit
        job = self.jobs.submit(
            lambda ctx: fetch_viewport(ws, req, ctx, limit),
            self._done,
            lambda text, r=req: self._failed(r, text),
            "viewport",
        )
        job.signals.sigCancelled.connect(lambda r=req: self._ended(r))
        self._job, self._inflight, self._latest = job, req, req

    def _request(self) -> ViewportRequest | None:
        c = self.canvas
        vp = c.view.viewport()
        if vp.width() < 2 or vp.height() < 2 or not vp.isVisible():
            return None  # not laid out yet: the show event asks again
        r = c.view_rect()
        view = (r.left(), r.top(), r.right(), r.bottom())
        mx, my = r.width() * MARGIN, r.height() * MARGIN
        bbox = (view[0] - mx, view[1] - my, view[2] + mx, view[3] + my)
        band, tol = band_of(c.pixel_size(), c.base_px)
        layers = tuple(reversed(c.visible_layers()))  # top first: the budget goes to them
        return ViewportRequest(view, bbox, band, tol, layers)

    def _covered(self, req: ViewportRequest) -> bool:
        """What is loaded, or loading, draws this view as a fresh load of it would."""
        if self._inflight is not None:
            have, truncated = self._inflight, False  # not known yet: only by the same layers
            if have.layers != req.layers:
                return False
        elif self.loaded is not None:
            have, truncated = self.loaded.request, self.loaded.truncated
        else:
            return False
        if have.band != req.band or not have.covers(req.view):
            return False
        if truncated:
            return have.layers == req.layers  # the budget went to the layers in that order
        return set(req.layers) <= set(have.layers)

    def _ended(self, req: ViewportRequest) -> None:
        if req is self._inflight:
            self._job = self._inflight = None

    def _done(self, load: ViewportLoad) -> None:
        self._ended(load.request)
        if self._stopped or load.request is not self._latest:
            return  # the view moved on while this loaded: the newer load replaces it
        self.loaded = load
        self.canvas._show_viewport(self.layer_data(load), load)
        self.sigLoaded.emit(load)

    def _failed(self, req: ViewportRequest, text: str) -> None:
        self._ended(req)
        self.canvas.sigMessage.emit(text)

    def layer_data(self, load: ViewportLoad) -> dict[str, LayerData]:
        """LayerData for every catalog layer: what `load` holds of it (empty if nothing)."""
        ws = self.canvas.ws
        return {
            key: viewport_layer_data(ws, key, *load.sites.get(key, _NOTHING)) for key in ws.catalog
        }

    def idle(self) -> bool:
        return not self.timer.isActive() and self._job is None

    def shutdown(self) -> None:
        self._stopped = True
        self.timer.stop()
        self.jobs.cancel_all()
        self.jobs.wait(10000)
