"""Briefings: plain-data context → HTML (folium), PDF, XLSX.

`build_briefing` and `briefing_context` are loaded on first use, so that importing a small part
of the package (the fonts, a notice) does not pull in the briefing's dependencies.
"""

from __future__ import annotations

from typing import Any

__all__ = ["briefing_context", "build_briefing"]


def __getattr__(name: str) -> Any:
    if name == "build_briefing":
        from riskmap.brief.build import build_briefing

        return build_briefing
    if name == "briefing_context":
        from riskmap.brief.context import briefing_context

        return briefing_context
    raise AttributeError(f"module 'riskmap.brief' has no attribute {name!r}")
