"""The map: canvas, layers, off-thread rendering, selection tools, overlays, optional tiles."""

from riskmap.ui.map.canvas import MapCanvas
from riskmap.ui.map.tools import TOOLS

__all__ = ["TOOLS", "MapCanvas"]
