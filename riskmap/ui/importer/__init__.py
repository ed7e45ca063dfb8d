"""Import and export in the desktop client: a city's own files into its layers, and out.

`ImportActions(services)` adds the File menu's actions and takes files dropped on the window;
`ImportDialog` (features into a risk layer) and `DistrictsDialog` (admin boundaries) gather the
user's choices for the Qt-free riskmap.io.importer, and `ExportDialog` for riskmap.io.export.
After a written import, `MapRefresher` loads the workspace again and rebuilds the map's layers.

The dialogs are imported on first use, so the main window's start-up does not load them (nor
the readers and writers behind them).
"""

from __future__ import annotations

from typing import Any

from riskmap.ui.importer.actions import ImportActions
from riskmap.ui.importer.refresh import MapRefresher

__all__ = ["DistrictsDialog", "ExportDialog", "ImportActions", "ImportDialog", "MapRefresher"]


def __getattr__(name: str) -> Any:
    if name == "ImportDialog":
        from riskmap.ui.importer.dialog import ImportDialog

        return ImportDialog
    if name == "DistrictsDialog":
        from riskmap.ui.importer.districts import DistrictsDialog

        return DistrictsDialog
    if name == "ExportDialog":
        from riskmap.ui.importer.export_dialog import ExportDialog

        return ExportDialog
    raise AttributeError(f"module 'riskmap.ui.importer' has no attribute {name!r}")
