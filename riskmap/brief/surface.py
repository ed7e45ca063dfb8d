"""One drawing interface, two media: a PDF page (fpdf2, vector, fonts embedded) and a PNG
(Pillow, at the dpi asked). The map layout is written once against `Surface`, in millimetres
and points, so `riskmap map --out x.pdf`, `--out x.png`, the printed briefing and the window's
export draw the very same map.

Pillow has no antialiasing for shapes: a page is drawn at twice its pixel size and scaled down
(when that stays under SUPERSAMPLE_MAX_PX pixels), which gives the same smooth edges a PDF
viewer shows. Colours come from riskmap.core.style as `Color`s; nothing here parses hex.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from riskmap.brief.fonts import FONT, find_cjk_fonts
from riskmap.core.style import Color

# fpdf2 loads with the PDF writers, and Pillow with the images, not with what only measures
# text (the window's incident sketch).
if TYPE_CHECKING:
    from PIL import ImageFont

    from riskmap.brief.pdfdoc import PdfDoc

Point = tuple[float, float]
PT_MM = 25.4 / 72  # one point in millimetres
SUPERSAMPLE_MAX_PX = 40_000_000
# A label's halo reaches this far beyond its glyphs, per point of text size (9 pt: 0.2 mm).
HALO_MM_PER_PT = 0.022


class Surface(Protocol):
    """Drawing in millimetres from the page's top left, y down; widths in mm, text in pt."""

    def polygon(
        self, rings: Sequence[Sequence[Point]], fill: Color | None, stroke: Color | None,
        width: float = 0.2, dash: Sequence[float] = (),
    ) -> None: ...  # fmt: skip

    def polyline(
        self, pts: Sequence[Point], stroke: Color, width: float, dash: Sequence[float] = ()
    ) -> None: ...

    def circle(
        self, x: float, y: float, r: float, fill: Color | None, stroke: Color | None,
        width: float = 0.2,
    ) -> None: ...  # fmt: skip

    def text(
        self, x: float, y: float, text: str, size: float, color: Color, *, bold: bool = False,
        halo: Color | None = None, align: str = "L",
    ) -> None: ...  # fmt: skip

    def text_width(self, text: str, size: float, bold: bool = False) -> float: ...

    def clipped(self, x: float, y: float, w: float, h: float) -> Iterator[None]: ...


def rect_ring(x: float, y: float, w: float, h: float) -> list[Point]:
    return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]


def symbol(s: Surface, x: float, y: float, kind: str, r: float, fill: Color | None,
           stroke: Color | None, width: float = 0.15) -> None:  # fmt: skip
    """The layer files' point symbols (o s t t1 d + x star p h) of radius `r` mm."""
    if kind == "s":
        s.polygon([rect_ring(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7)], fill, stroke, width)
    elif kind in ("t", "t1"):
        flip = -1 if kind == "t1" else 1
        top, base = y - flip * 1.15 * r, y + flip * 0.75 * r
        s.polygon([[(x, top), (x + r, base), (x - r, base)]], fill, stroke, width)
    elif kind == "d":
        s.polygon(
            [[(x, y - 1.2 * r), (x + r, y), (x, y + 1.2 * r), (x - r, y)]], fill, stroke, width
        )
    elif kind in ("+", "x"):
        a = r * 0.35
        cross = [(-a, -r), (a, -r), (a, -a), (r, -a), (r, a), (a, a), (a, r), (-a, r), (-a, a),
                 (-r, a), (-r, -a), (-a, -a)]  # fmt: skip
        if kind == "x":
            c = math.sqrt(0.5)
            cross = [((px - py) * c, (px + py) * c) for px, py in cross]
        s.polygon([[(x + px, y + py) for px, py in cross]], fill, stroke, width)
    elif kind in ("star", "p", "h"):
        n, inner = {"star": (5, 0.45), "p": (5, 1.0), "h": (6, 1.0)}[kind]
        pts = []
        steps = n * 2 if inner < 1 else n
        for i in range(steps):
            rad = r * 1.15 if inner < 1 and i % 2 == 0 else (r * 1.15 * inner if inner < 1 else r)
            ang = -math.pi / 2 + i * 2 * math.pi / steps
            pts.append((x + rad * math.cos(ang), y + rad * math.sin(ang)))
        s.polygon([pts], fill, stroke, width)
    else:
        s.circle(x, y, r, fill, stroke, width)


@functools.cache
def _measure_font(bold: bool) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    f = find_cjk_fonts()[1 if bold else 0]
    return ImageFont.truetype(str(f.path), 100, index=f.index)


def text_length_pt(text: str, size: float, bold: bool = False) -> float:
    """The advance width of `text` set at `size` in the bundled sans, in the same unit as
    `size` (for layouts that are not on a Surface, e.g. the SVG sketch in pixels)."""
    return float(_measure_font(bold).getlength(text)) * size / 100


# -- PDF ------------------------------------------------------------------------------------


def _stroke_mode() -> object:
    from fpdf.enums import TextMode

    return TextMode.STROKE


class PdfSurface:
    """A `Surface` on an fpdf2 page (the doc's registered CJK font, embedded)."""

    def __init__(self, doc: PdfDoc) -> None:
        self.doc = doc

    def _paint(self, fill: Color | None, stroke: Color | None, width: float) -> str:
        d = self.doc
        if fill is not None:
            d.set_fill_color(*fill.rgb)
        if stroke is not None:
            d.set_draw_color(*stroke.rgb)
            d.set_line_width(width)
        return ("F" if fill is not None else "") + ("D" if stroke is not None else "")

    @contextmanager
    def _alpha(
        self, fill: Color | None, stroke: Color | None, dash: Sequence[float]
    ) -> Iterator[None]:
        kw: dict[str, float] = {}
        if fill is not None and fill.a < 255:
            kw["fill_opacity"] = fill.a / 255
        if stroke is not None and stroke.a < 255:
            kw["stroke_opacity"] = stroke.a / 255
        if dash:
            self.doc.set_dash_pattern(dash[0], dash[1] if len(dash) > 1 else dash[0])
        try:
            if kw:
                with self.doc.local_context(**kw):
                    yield
            else:
                yield
        finally:
            if dash:
                self.doc.set_dash_pattern()

    def polygon(self, rings, fill, stroke, width=0.2, dash=()):  # type: ignore[no-untyped-def]
        style = self._paint(fill, stroke, width)
        if not style:
            return
        with self._alpha(fill, stroke, dash):
            # The outer ring is filled; holes are outlined (at map scales a lake in a forest
            # zone reads from its edge, and one fill path keeps the file small).
            self.doc.polygon(list(rings[0]), style=style)
            if stroke is not None:
                for ring in rings[1:]:
                    self.doc.polygon(list(ring), style="D")

    def polyline(self, pts, stroke, width, dash=()):  # type: ignore[no-untyped-def]
        if len(pts) < 2:
            return
        self._paint(None, stroke, width)
        with self._alpha(None, stroke, dash):
            self.doc.polyline(list(pts))

    def circle(self, x, y, r, fill, stroke, width=0.2):  # type: ignore[no-untyped-def]
        style = self._paint(fill, stroke, width)
        if style:
            with self._alpha(fill, stroke, ()):
                self.doc.circle(x, y, r, style=style)

    def text(self, x, y, text, size, color, *, bold=False, halo=None, align="L"):  # type: ignore[no-untyped-def]
        d = self.doc
        d.set_font(FONT, "B" if bold else "", size)
        w = d.get_string_width(text)
        x0 = x - (w / 2 if align == "C" else w if align == "R" else 0)
        if halo is not None:
            with d.local_context(
                text_mode=_stroke_mode(), line_width=size * 0.09, draw_color=halo.rgb
            ):
                d.text(x0, y, text)
        d.set_text_color(*color.rgb)
        d.text(x0, y, text)
        d.set_text_color(0, 0, 0)

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        self.doc.set_font(FONT, "B" if bold else "", size)
        return float(self.doc.get_string_width(text))

    @contextmanager
    def clipped(self, x: float, y: float, w: float, h: float) -> Iterator[None]:
        with self.doc.clipped(x, y, w, h):
            yield


# -- PNG ------------------------------------------------------------------------------------


def _dashed(pts: Sequence[Point], pattern: Sequence[float]) -> list[list[Point]]:
    """The drawn pieces of a polyline dashed by `pattern` (on, off, … in the same units)."""
    out: list[list[Point]] = []
    if not pattern or sum(pattern) <= 0:
        return [list(pts)]
    i, left, on = 0, pattern[0], True
    cur: list[Point] = [pts[0]]
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        seg = math.hypot(x1 - x0, y1 - y0)
        pos = 0.0
        while seg - pos > left:
            pos += left
            t = pos / seg
            p = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)
            if on:
                cur.append(p)
                out.append(cur)
            cur = [p]
            on = not on
            i = (i + 1) % len(pattern)
            left = pattern[i]
        left -= seg - pos
        if on:
            cur.append((x1, y1))
        else:
            cur = [(x1, y1)]
    if on and len(cur) > 1:
        out.append(cur)
    return out


def _draw_on(image: Any) -> Any:
    from PIL import ImageDraw

    return ImageDraw.Draw(image, "RGBA")


class ImageSurface:
    """A `Surface` on a Pillow image of `width_mm` × `height_mm` at `dpi`; `save(path)` writes
    the PNG at exactly that pixel size."""

    def __init__(self, width_mm: float, height_mm: float, dpi: float) -> None:
        from PIL import Image

        self.size = (round(width_mm / 25.4 * dpi), round(height_mm / 25.4 * dpi))
        self.dpi = dpi
        self.ss = 2 if self.size[0] * self.size[1] * 4 <= SUPERSAMPLE_MAX_PX else 1
        self.px = dpi / 25.4 * self.ss  # pixels per mm in the working image
        self.image = Image.new("RGB", (self.size[0] * self.ss, self.size[1] * self.ss), "white")
        self._draw = _draw_on(self.image)
        self._offset = (0.0, 0.0)
        regular, bold = find_cjk_fonts()
        self._font_files = {False: regular, True: bold}
        self._fonts: dict[tuple[bool, int], ImageFont.FreeTypeFont] = {}

    def _xy(self, p: Point) -> tuple[float, float]:
        return (p[0] - self._offset[0]) * self.px, (p[1] - self._offset[1]) * self.px

    def _w(self, width_mm: float) -> int:
        return max(1, round(width_mm * self.px))

    def polygon(self, rings, fill, stroke, width=0.2, dash=()):  # type: ignore[no-untyped-def]
        rings = [r for r in rings if len(r) >= 3]
        if not rings:
            return
        if fill is not None:
            self._draw.polygon([self._xy(p) for p in rings[0]], fill=tuple(fill))
        if stroke is not None:
            for ring in rings:
                self.polyline([*ring, ring[0]], stroke, width, dash)

    def polyline(self, pts, stroke, width, dash=()):  # type: ignore[no-untyped-def]
        if len(pts) < 2:
            return
        pieces = _dashed(pts, [d * width for d in dash]) if dash else [list(pts)]
        for piece in pieces:
            self._draw.line([self._xy(p) for p in piece], fill=tuple(stroke), width=self._w(width),
                            joint="curve")  # fmt: skip

    def circle(self, x, y, r, fill, stroke, width=0.2):  # type: ignore[no-untyped-def]
        cx, cy = self._xy((x, y))
        rp = r * self.px
        self._draw.ellipse(
            (cx - rp, cy - rp, cx + rp, cy + rp),
            fill=tuple(fill) if fill is not None else None,
            outline=tuple(stroke) if stroke is not None else None,
            width=self._w(width) if stroke is not None else 0,
        )

    def _font(self, size: float, bold: bool) -> ImageFont.FreeTypeFont:
        px = max(1, round(size * PT_MM * self.px))
        key = (bold, px)
        if key not in self._fonts:
            from PIL import ImageFont

            f = self._font_files[bold]
            self._fonts[key] = ImageFont.truetype(str(f.path), px, index=f.index)
        return self._fonts[key]

    def text(self, x, y, text, size, color, *, bold=False, halo=None, align="L"):  # type: ignore[no-untyped-def]
        anchor = {"L": "ls", "C": "ms", "R": "rs"}[align]
        kw = {}
        if halo is not None:
            kw = {
                "stroke_width": max(1, round(size * 0.09 * self.px / 2)),
                "stroke_fill": tuple(halo),
            }
        self._draw.text(self._xy((x, y)), text, font=self._font(size, bold), fill=tuple(color),
                        anchor=anchor, **kw)  # fmt: skip

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        return float(self._font(size, bold).getlength(text)) / self.px

    @contextmanager
    def clipped(self, x: float, y: float, w: float, h: float) -> Iterator[None]:
        box = tuple(round(v * self.px) for v in (x, y, x + w, y + h))
        outer, draw, offset = self.image, self._draw, self._offset
        self.image = outer.crop(box)
        self._draw = _draw_on(self.image)
        self._offset = (box[0] / self.px, box[1] / self.px)
        try:
            yield
        finally:
            outer.paste(self.image, box[:2])
            self.image, self._draw, self._offset = outer, draw, offset

    def save(self, path: Path) -> bytes:
        """The PNG's bytes (also written to `path` by the caller, atomically)."""
        import io

        out = self.image
        if self.ss > 1:
            from PIL import Image

            out = out.resize(self.size, Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        out.save(buf, "PNG", dpi=(self.dpi, self.dpi), optimize=False)
        return buf.getvalue()
