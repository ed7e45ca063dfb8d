"""After an import: the window's workspace loaded again off the GUI thread, then adopted in
place (every part of the window holds the one `Workspace` object) and the map's layers rebuilt
(`MapCanvas.reload_layers`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Signal

from riskmap.core.figures import sites_per_layer
from riskmap.core.workspace import Workspace
from riskmap.ui.workers import JobContext

if TYPE_CHECKING:
    from riskmap.ui.services import Services


def layer_counts(ws: Workspace) -> dict[str, int]:
    """Sites per layer key, as the layer panel shows them."""
    if ws.lazy:  # no site arrays in memory: the database counts (one scan, no geometry)
        return sites_per_layer(ws.store)
    keys = ws.sites.layer_keys
    counts = np.bincount(ws.sites.layers, minlength=len(keys)) if len(ws.sites) else []
    return {k: int(counts[i]) for i, k in enumerate(keys)}


class MapRefresher(QObject):
    """Loads the workspace again off the GUI thread, then brings the window up to date."""

    sigRefreshed = Signal()

    def __init__(self, services: Services) -> None:
        super().__init__(services.parent)
        self.services = services
        self._generation = 0
        self.refreshing = False

    def refresh(self) -> None:
        ws = self.services.ws
        store, catalog = ws.store, ws.catalog
        self._generation += 1
        generation = self._generation
        self.refreshing = True

        def work(ctx: JobContext) -> Workspace:
            return Workspace.load(store, catalog, progress=lambda d, t, _w: ctx.progress(d, t))

        def done(fresh: Workspace) -> None:
            if generation == self._generation:  # a later import's load supersedes this one
                self._apply(fresh)

        def failed(text: str) -> None:
            self.refreshing = False
            self.services.message(text)

        self.services.run(work, done, failed, label="reload")

    def _apply(self, fresh: Workspace) -> None:
        s = self.services
        s.canvas.reload_layers(fresh)
        s.layer_panel.set_counts(layer_counts(s.ws))
        s.run_dossier()  # the selection may now hold some of the new sites
        self.refreshing = False
        self.sigRefreshed.emit()
