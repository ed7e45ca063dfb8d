"""The wall's dark theme (resources/themes/dark.qss), its sizes taken from the window height.

Sizes are fractions of the window's height in logical pixels: a 4K wall at 100 % (2160 logical
px) gets twice the pixels of a 1080p one, and a 4K wall at 200 % (1080 logical px, each two
device px) the same glyphs at the same physical size, so the text fills the same share of the
screen everywhere. At body size (2.6 % of the height) a character on a 3 m × 1.7 m wall is about
44 mm tall: readable from 5 m with room to spare (about 30 mm is the usual floor); `scale` (the
settings' text size) adapts it to a smaller screen in a small room.
"""

from __future__ import annotations

from string import Template

from riskmap.paths import resources_dir

# Share of the window height per text role.
TEXT = {
    "title": 0.040,
    "body": 0.026,
    "caption": 0.030,
    "kpi": 0.100,
    "small": 0.020,
    "ticker": 0.036,
}
# Share of the window height for lines and gaps (not scaled with the text).
LINES = {"border": 0.0016, "radius": 0.008, "pad": 0.005, "thin": 0.005}


def theme_text(name: str = "dark") -> str:
    return (resources_dir() / "themes" / f"{name}.qss").read_text(encoding="utf-8")


def sizes(height: float, scale: float = 1.0) -> dict[str, int]:
    """Logical pixel sizes of every role for a window `height` logical pixels high."""
    h = max(float(height), 360.0)  # a tiny window (while it opens) keeps a readable minimum
    out = {k: max(9, round(h * f * scale)) for k, f in TEXT.items()}
    out.update({k: max(1, round(h * f)) for k, f in LINES.items()})
    return out


def stylesheet(height: float, scale: float = 1.0, name: str = "dark") -> str:
    px = {k: f"{v}px" for k, v in sizes(height, scale).items()}
    return Template(theme_text(name)).safe_substitute(px)
