"""Colours as the layer files write them, parsed in one place for every renderer.

The layer TOML writes CSS order: '#rrggbb' or '#rrggbbaa' (alpha last). Qt reads an 8-digit
name as '#aarrggbb', fpdf2 wants 0–255 integers and a separate opacity, SVG and Leaflet want
'#rrggbb' plus an opacity: each renderer asks a `Color` for its own spelling instead of slicing
strings itself.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


class Color(NamedTuple):
    """An sRGB colour, 0–255 per channel, alpha 0–255 (255 opaque)."""

    r: int
    g: int
    b: int
    a: int = 255

    @property
    def hex(self) -> str:
        """'#rrggbb' without the alpha (SVG, CSS, Leaflet; pair with `opacity`)."""
        return f"#{self.r:02x}{self.g:02x}{self.b:02x}"

    @property
    def hex8(self) -> str:
        """'#rrggbbaa' as the layer files write it."""
        return f"{self.hex}{self.a:02x}"

    @property
    def rgb(self) -> tuple[int, int, int]:
        return self.r, self.g, self.b

    @property
    def opacity(self) -> float:
        """The alpha as 0–1, two decimals (what fpdf2, SVG and Leaflet take)."""
        return round(self.a / 255, 2)

    def with_alpha(self, a: int) -> Color:
        return Color(self.r, self.g, self.b, max(0, min(255, int(a))))

    def with_opacity(self, opacity: float) -> Color:
        return self.with_alpha(round(opacity * 255))

    def darker(self, factor: float = 0.6) -> Color:
        """The same hue, darker (a symbol's outline): each channel × factor."""
        return Color(*(round(c * factor) for c in self.rgb), self.a)


def parse_color(text: str) -> Color:
    """'#rrggbb' or '#rrggbbaa' → Color; ValueError otherwise (the catalog has checked the
    layer files, so a bad colour here is a programming error)."""
    if not isinstance(text, str) or not _HEX.match(text):
        raise ValueError(f"not a colour: {text!r}")
    h = text[1:]
    a = int(h[6:8], 16) if len(h) == 8 else 255
    return Color(int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), a)


def is_color(text: object) -> bool:
    return isinstance(text, str) and bool(_HEX.match(text))
