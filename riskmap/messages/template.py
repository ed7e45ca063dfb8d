"""One message in both languages (riskmap.messages explains the catalogue)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    """str.format patterns over the error's params: `en` and `zh` for the window, `cli` for the
    command line when its English differs (it may name a flag; the window's never does)."""

    en: str
    zh: str
    cli: str = ""
