"""Dock panels: layers, region dossier, site detail."""

from riskmap.ui.panels.dossier_dock import DossierPanel
from riskmap.ui.panels.layer_panel import BASEMAP_KEY, DISTRICTS_KEY, PATROLS_KEY, LayerPanel
from riskmap.ui.panels.site_detail import SiteDetailPanel

__all__ = [
    "BASEMAP_KEY",
    "DISTRICTS_KEY",
    "PATROLS_KEY",
    "DossierPanel",
    "LayerPanel",
    "SiteDetailPanel",
]
