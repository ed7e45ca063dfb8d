"""The map canvas's layers: building their items (direct or raster), visibility, opacity and
order, rebuilding them when the workspace is loaded again (after an import), and drawing a lazy
workspace's viewport loads. A mixin of `MapCanvas`, which owns the state it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from riskmap.core.style import shows_symbols
from riskmap.core.style.site_class import class_codes
from riskmap.core.workspace import Workspace
from riskmap.ui.map.aggregate import RiskData, RiskLoader, denominator, qcolor_alpha
from riskmap.ui.map.layers import LayerData, LayerItem, layer_data
from riskmap.ui.map.overlays import Z_LAYERS, DistrictGeoms, DistrictItem
from riskmap.ui.map.viewport import ViewportLoad, ViewportLoader

if TYPE_CHECKING:
    from riskmap.ui.map.canvas import MapCanvas

    _Base = MapCanvas
else:
    _Base = object

# The store and the catalog stay when a workspace is adopted: the window's other parts keep
# references to them.
_KEEP = ("store", "catalog")


def adopt(ws: Workspace, fresh: Workspace) -> None:
    """Make `ws` hold what `fresh` loaded (sites, index, districts), keeping its identity:
    every part of the window holds the one Workspace object."""
    import dataclasses

    for f in dataclasses.fields(Workspace):
        if f.name not in _KEEP:
            setattr(ws, f.name, getattr(fresh, f.name))


class LayerHost(_Base):
    """Layer items of a MapCanvas (see canvas.py for the two drawing paths)."""

    def _build_layers(self) -> None:
        """Direct items per layer and the district item, or the off-thread raster renderer."""
        ws = self.ws
        self.district_geoms = DistrictGeoms(ws, self.base_px)
        if self.mode == "direct":
            for key, d in self.data.items():
                if d.n and not d.classes_loaded:
                    d.set_classes(class_codes(ws.store, d.spec, d.ids))
                if d.n:
                    item = LayerItem(d, ws, self.base_px)
                    self.vb.addItem(item, ignoreBounds=True)
                    self._items[key] = item
            self.districts = DistrictItem(self.district_geoms)
            self.vb.addItem(self.districts, ignoreBounds=True)
            self.districts.setVisible(self._districts_visible)
        else:
            from riskmap.ui.map.render import RasterLayers

            self.raster = RasterLayers(self)

    def reload_layers(self, fresh: Workspace | None = None) -> None:
        """Rebuild the layers from the workspace (first made to hold `fresh`, when given),
        keeping the view, visibility, opacity and drawing order."""
        if self.raster is not None:
            # Its threads read the workspace's arrays: stopped before anything changes under them.
            self.raster.shutdown()
            self.vb.removeItem(self.raster.item)
            self.raster.deleteLater()
            self.raster = None
        if fresh is not None:
            adopt(self.ws, fresh)
        if self.ws.lazy:  # the city became lazy: the canvas draws what its viewport loads
            self.mode = "direct"
            if self.viewport is None:
                self.viewport = ViewportLoader(self)
        for item in self._items.values():
            self.vb.removeItem(item)
        self._items.clear()
        if self.districts is not None:
            self.vb.removeItem(self.districts)
            self.districts = None
        self.data = layer_data(self.ws)
        self._build_layers()
        self.labels.refresh()
        self._apply_layers()
        self._view_changed()
        self.reload_viewport()  # lazy: what is loaded predates the new sites
        if self.risk_loader is not None:
            self.refresh_risk()  # new sites, new hazards

    # -- layers ------------------------------------------------------------------------

    def layer_keys(self) -> list[str]:
        """Every catalog layer in drawing order, bottom first."""
        return list(self._order)

    def layer_item(self, key: str) -> LayerItem | None:
        """The layer's graphics item (direct mode); None in raster mode or for empty layers."""
        self._check(key)
        return self._items.get(key)

    def set_layer_visible(self, key: str, visible: bool) -> None:
        self._check(key)
        if self._visible[key] != bool(visible):
            self._visible[key] = bool(visible)
            self._apply_layers()

    def layer_visible(self, key: str) -> bool:
        self._check(key)
        return self._visible[key]

    def visible_layers(self) -> list[str]:
        """Visible layers in drawing order, bottom first."""
        return [k for k in self._order if self._visible[k]]

    def set_layer_opacity(self, key: str, opacity: float) -> None:
        self._check(key)
        value = min(1.0, max(0.0, float(opacity)))
        if self._opacity[key] != value:
            self._opacity[key] = value
            self._apply_layers()

    def layer_opacity(self, key: str) -> float:
        self._check(key)
        return self._opacity[key]

    def set_layer_order(self, keys_bottom_first: list[str]) -> None:
        """New drawing order; layers not named keep their relative order below the named ones."""
        for k in keys_bottom_first:
            self._check(k)
        named = list(dict.fromkeys(keys_bottom_first))
        order = [k for k in self._order if k not in named] + named
        if order != self._order:
            self._order = order
            self._apply_layers()

    def layer_order(self) -> list[str]:
        return list(self._order)

    def _check(self, key: str) -> None:
        if key not in self._visible:
            raise KeyError(f"unknown layer {key!r}")

    def _apply_layers(self) -> None:
        self._style_items()
        if self.raster is not None:
            self.raster.layers_changed()
        if self.viewport is not None:
            self.viewport.view_changed()  # a layer shown may not be loaded yet
        self.sigLayersChanged.emit()

    def _style_items(self) -> None:
        for i, key in enumerate(self._order):
            item = self._items.get(key)
            if item is not None:
                item.setVisible(self.layer_drawn(key))
                item.setOpacity(self._opacity[key])
                item.setZValue(Z_LAYERS + i)
        self._drawn_keys = self._drawn_now()
        if self.risk_loader is not None and self._risk_layers() != self._risk_asked:
            self.refresh_risk()  # the choropleth counts the visible aggregated layers
        self.marks.update()
        self.choropleth.update()
        self._choropleth_key()
        self.labels.view_changed(self.pixel_size())  # names of the layers drawn now

    def layer_drawn(self, key: str) -> bool:
        """Whether the layer's sites are drawn one by one now: visible, and the scale within its
        `[style.scale] symbols` range (beyond it the aggregated style stands for them)."""
        self._check(key)
        if not self.cartography:
            return self._visible[key]
        return self._visible[key] and shows_symbols(self.ws.catalog[key], self.denominator())

    def denominator(self) -> float:
        """The map's scale now, 1:N (a screen pixel taken as 1/96 inch)."""
        return denominator(self.pixel_size())

    def _drawn_now(self) -> tuple[str, ...]:
        return tuple(k for k in self._order if self.layer_drawn(k))

    def scale_changed(self) -> None:
        """The view's scale changed: layers entering or leaving their symbol range."""
        if self._drawn_now() != self._drawn_keys:
            self._apply_layers()

    def layer_state(self) -> list[tuple[str, bool, float]]:
        """(key, drawn, opacity) bottom first: what the raster renderer draws."""
        return [(k, self.layer_drawn(k), self._opacity[k]) for k in self._order]

    # -- where risk concentrates (aggregate.py) -----------------------------------------

    def _risk_layers(self) -> tuple[str, ...]:
        return (self.as_of, *self.visible_layers())  # type: ignore[return-value]

    def refresh_risk(self) -> None:
        """Read the choropleth counts and the hazard marks again (off the GUI thread)."""
        if not self.cartography:
            return
        if self.risk_loader is None:
            self.risk_loader = RiskLoader(self.ws, self._risk_loaded, self)
        self._risk_asked = self._risk_layers()
        self.risk_loader.request(self.as_of, self.visible_layers())

    def _risk_loaded(self, data: RiskData) -> None:
        self.risk = data
        self.choropleth.set_data(data)
        self.marks.set_data(data)
        self.labels.refresh()  # major and overdue sites' names rank higher
        self._choropleth_key()
        self.sigRiskLoaded.emit()

    def _choropleth_key(self) -> None:
        """The choropleth's key in the corner while the choropleth is drawn."""
        f = self._furniture
        risk = self.risk
        shown = risk is not None and risk.choropleth is not None and self.choropleth.shown()
        rows = risk.choropleth.legend() if shown else []  # type: ignore[union-attr]
        legend = [(text, qcolor_alpha(c)) for text, c in rows]
        #: 未销号隐患（按乡镇）
        title = self.tr("Open hazards per township") if legend else ""
        if (title, [(t, c.rgba()) for t, c in legend]) != (
            f.legend_title,
            [(t, c.rgba()) for t, c in f.legend],
        ):
            f.legend_title, f.legend = title, legend
            self.view.viewport().update()

    def set_basemap_visible(self, districts: bool, labels: bool | None = None) -> None:
        """Show or hide the district boundaries (and their names; default: the same)."""
        self._districts_visible = bool(districts)
        self.land.setVisible(self._districts_visible)  # the basemap: land, boundaries, names
        self.labels.set_visible(bool(districts if labels is None else labels))
        if self.districts is not None:
            self.districts.setVisible(self._districts_visible)
        if self.raster is not None:
            self.raster.layers_changed()

    def basemap_visible(self) -> bool:
        return self._districts_visible

    def set_city_basemap_visible(self, visible: bool) -> None:
        """Show or hide the city's own roads, water and land use (the layer panel's 底图 row)."""
        self.city_basemap.set_visible(visible)

    def city_basemap_visible(self) -> bool:
        return self.city_basemap.visible

    # -- lazy: viewport loads ----------------------------------------------------------

    def _show_viewport(self, data: dict[str, LayerData], load: ViewportLoad) -> None:
        """Draw a viewport load (ViewportLoader): new layer items in place of the old ones."""
        for item in self._items.values():
            self.vb.removeItem(item)
        self._items.clear()
        self.data = data
        rect, px = self.view_rect(), self.pixel_size()
        for key, d in data.items():
            if d.n:
                item = LayerItem(d, None, self.base_px)  # culls by its own bboxes, no index
                item.view_changed(rect, px)
                self.vb.addItem(item, ignoreBounds=True)
                self._items[key] = item
        self._style_items()
        was = self._furniture.note
        if load.truncated:
            #: 放大地图以显示全部风险点（当前显示 {0} 处）
            self._furniture.note = self.tr("Zoom in to see all sites ({0} shown)").format(
                f"{load.count():,}"
            )
        else:
            self._furniture.note = ""
        if self._furniture.note and not was:
            self.sigMessage.emit(self._furniture.note)
        self.view.viewport().update()
        self.sigFrameRendered.emit()

    def reload_viewport(self) -> None:
        """Load the view again (lazy workspace; its sites changed), else nothing."""
        if self.viewport is not None:
            self.viewport.invalidate()

    def map_note(self) -> str:
        """The note over the map (e.g. that a wide lazy view does not show every site)."""
        return self._furniture.note
