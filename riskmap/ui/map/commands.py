"""The map's commands: buffers, basemap tiles, identify results and the layer panel's
visibility, opacity and order on the canvas. Given the window's Services, never the window."""

from __future__ import annotations

import shapely
from PySide6 import QtCore, QtWidgets

from riskmap.core.region import Region
from riskmap.core.tiles import BasemapConfig
from riskmap.errors import RiskmapError
from riskmap.settings import BASEMAP, load_settings, save_setting
from riskmap.ui.errors import error_text
from riskmap.ui.map.basemap_dialog import edit_basemap
from riskmap.ui.panels.layer_panel import BASEMAP_KEY, DISTRICTS_KEY
from riskmap.ui.services import Services

BUFFER_NAMED = 3  # sites named in the status bar when a buffer is asked for
MIN_BUFFER_VIEW_M = 2000.0  # the view shown around a single site about to be buffered


class MapCommands(QtCore.QObject):
    """`identify_combo` lists the features under an identify click when there are several."""

    def __init__(self, services: Services, identify_combo: QtWidgets.QComboBox):
        super().__init__(services.parent)
        self.services = services
        self.identify_combo = identify_combo
        identify_combo.currentIndexChanged.connect(self._identify_pick)
        lp = services.layer_panel
        lp.sigVisibilityChanged.connect(self._layer_visibility)
        lp.sigOpacityChanged.connect(self._layer_opacity)
        lp.sigOrderChanged.connect(self.apply_layer_order)
        services.canvas.sigIdentified.connect(self.show_identified)

    # ----------------------------------------------------------------- buffer
    def buffer_dialog(self) -> None:
        """Ask for a distance and buffer the selection. A selection out of view is shown first
        (the map flies to it) and the status bar names what is buffered, so the distance is
        typed looking at it."""
        s = self.services
        ids = self._buffer_sources()
        if not ids:
            s.message(self.tr("Select a site or a region first: the buffer goes around its sites."))
            return
        geoms = list(s.ws.geometries(ids).values())
        if geoms:
            self._show_sources(geoms)
        names = [name for _layer, name in s.canvas.site_names(ids[:BUFFER_NAMED]).values()]
        listed = "、".join(names) + ("…" if len(ids) > len(names) else "")
        #: 缓冲区：围绕 {0} 处风险点（{1}）
        s.message(self.tr("Buffer around {0} site(s): {1}").format(len(ids), listed))
        prompt = self.tr("Distance around {0} site(s), metres:").format(len(ids))
        # negative distances can be typed, and are refused with the reason, never made positive
        dist, ok = QtWidgets.QInputDialog.getDouble(
            s.parent, self.tr("Buffer"), prompt, 500.0, -100000.0, 100000.0, 0
        )
        if ok:
            self.buffer_sites(ids, dist)

    def _show_sources(self, geoms: list) -> None:
        """Fly to the sites about to be buffered unless the view shows them all already."""
        canvas = self.services.canvas
        x0, y0, x1, y1 = (float(v) for v in shapely.total_bounds(geoms))
        view = canvas.view_rect()
        inside = (
            view.left() <= x0 and view.top() <= y0 and view.right() >= x1 and view.bottom() >= y1
        )
        if inside:
            return
        side = max(x1 - x0, y1 - y0, MIN_BUFFER_VIEW_M) * 1.5
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        canvas.set_view_rect(QtCore.QRectF(cx - side / 2, cy - side / 2, side, side))

    def _buffer_sources(self) -> list[int]:
        canvas, state = self.services.canvas, self.services.state
        if canvas.selected_sites:
            return list(canvas.selected_sites)
        if state.selected_site is not None:
            return [state.selected_site]
        if state.dossier is not None:
            return [s.id for s in state.dossier.sites]
        return []

    def buffer_sites(self, site_ids: list[int], distance_m: float) -> None:
        ws = self.services.ws
        geoms = list(ws.geometries(site_ids).values())  # lazy: from the database
        try:
            region = Region.from_buffer(geoms, distance_m, crs=ws.crs)
        except RiskmapError as exc:
            self.services.message(error_text(exc))
            return
        self.services.set_region(region)

    # ----------------------------------------------------------------- basemap
    def basemap_dialog(self) -> None:
        """地图 → 底图…: none, a local MBTiles file, 天地图 with the user's key or an XYZ URL
        (nothing is fetched unless the user configures an online source here)."""
        chosen = edit_basemap(self.services.parent, saved_basemap())
        if chosen is not None:
            self.set_basemap(chosen)

    def set_basemap(self, config: BasemapConfig | None) -> None:
        """Show and remember the basemap (None: no tiles)."""
        config = config if config is not None and config.active else None
        self.services.canvas.set_basemap(config)
        save_setting(BASEMAP, config.to_dict() if config is not None else None)

    # ----------------------------------------------------------------- identify
    def show_identified(self, ids: list[int]) -> None:
        s = self.services
        combo = self.identify_combo
        combo.blockSignals(True)
        combo.clear()
        names = _site_names(s, ids)
        for sid in ids:
            layer, name = names.get(sid, ("", str(sid)))
            spec = s.ws.catalog.get(layer)
            combo.addItem(f"{spec.name(s.lang) if spec else layer} · {name}", sid)
        combo.blockSignals(False)
        combo.setVisible(len(ids) > 1)
        if ids:
            s.show_site(ids[0], fly=False)
            s.message(self.tr("{0} feature(s) here").format(len(ids)))
        else:
            s.message(self.tr("Nothing here"))

    def _identify_pick(self, index: int) -> None:
        sid = self.identify_combo.itemData(index)
        if sid is not None:
            self.services.show_site(int(sid), fly=False)

    # ----------------------------------------------------------------- layers
    def _layer_visibility(self, key: str, visible: bool) -> None:
        canvas = self.services.canvas
        if key == DISTRICTS_KEY:
            canvas.set_basemap_visible(visible)
            return
        if key == BASEMAP_KEY:
            canvas.set_city_basemap_visible(visible)
            return
        if key not in canvas.layer_keys():
            return  # patrol areas: riskmap.ui.patrol follows the panel itself
        canvas.set_layer_visible(key, visible)
        self.services.commands.run_dossier()  # the selection spans the visible layers

    def _layer_opacity(self, key: str, opacity: float) -> None:
        canvas = self.services.canvas
        if key in canvas.layer_keys():
            canvas.set_layer_opacity(key, opacity)

    def apply_layer_order(self, keys: list[str]) -> None:
        canvas = self.services.canvas
        layers = set(canvas.layer_keys())
        canvas.set_layer_order([k for k in keys if k in layers])


def _site_names(services: Services, ids: list[int]) -> dict[int, tuple[str, str]]:
    from riskmap.core.site_detail import site_names

    return site_names(services.ws.store, ids)


def saved_basemap() -> BasemapConfig:
    """The basemap the user chose last (riskmap.settings), or none."""
    return BasemapConfig.from_dict(load_settings().get(BASEMAP))
