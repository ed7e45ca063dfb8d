"""Holiday and season briefings from the desktop client: File → Briefing… opens the dialog
(`BriefingDialog`) that writes the HTML, PDF and XLSX of riskmap.brief with a preview.

The dialog is imported on first use, so the main window's start-up does not load it."""

from __future__ import annotations

from typing import Any

from riskmap.ui.briefing.actions import BriefingActions

__all__ = ["BriefingActions", "BriefingDialog"]


def __getattr__(name: str) -> Any:
    if name == "BriefingDialog":
        from riskmap.ui.briefing.dialog import BriefingDialog

        return BriefingDialog
    raise AttributeError(f"module 'riskmap.ui.briefing' has no attribute {name!r}")
