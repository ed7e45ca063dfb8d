"""Vector maps and bar charts drawn with fpdf2 primitives for the printed briefing.

Drawn, not pasted as images: lines stay sharp on any printer, the file stays small, and no
plotting library is needed on a machine that only prints. A map is clipped to its frame, north
up, at one scale for x and y (metric CRS), with a scale bar, a north arrow and a legend.
Polygons are drawn by their outer rings (districts and forest zones have no holes that matter at
this scale).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from riskmap.brief.mapdraw import Frame, MapOptions, fit_frame
from riskmap.brief.mapdraw import draw_map as draw_on
from riskmap.brief.mapdraw import legend_size as legend_size_on
from riskmap.brief.maps import MapData
from riskmap.brief.pdfdoc import FONT, RGB, PdfDoc
from riskmap.brief.surface import PdfSurface
from riskmap.core.catalog import LayerSpec

__all__ = ["Frame", "Series", "bar_chart", "draw_map", "fit_frame", "legend_size"]


def draw_map(
    doc: PdfDoc,
    frame: Frame,
    data: MapData,
    specs: Sequence[LayerSpec],
    *,
    area_width: float | None = None,
    labels: bool = True,
    legend_at: tuple[float, float] | None = None,
    legend_max_h: float = 0.0,
) -> None:
    """The map of `data` in `frame` on the current page, with scale bar, north arrow and
    legend (inside the frame's lower left corner, or with its top left corner at `legend_at`
    beside the map), drawn by riskmap.brief.mapdraw in the styles of riskmap.core.style."""
    opt = MapOptions(
        symbol_scale=0.3,
        labels=labels,
        legend_at=legend_at,
        legend_max_h=legend_max_h,
        area_width=area_width,
    )
    draw_on(PdfSurface(doc), frame, data, specs, opt)


def legend_size(
    doc: PdfDoc, data: MapData, specs: Sequence[LayerSpec], frame: Frame, max_h: float = 0.0
) -> tuple[float, float]:
    """(width, height) in mm of the legend `draw_map` draws for this map in `frame`."""
    from riskmap.brief.mapdraw import MapPainter, legend_rows

    p = MapPainter(frame, data.bounds)
    rows = legend_rows(specs, data, p.denominator, MapOptions())
    w, h, _ = legend_size_on(PdfSurface(doc), rows, max_h or frame.h - 6)
    return w, h


@dataclass(frozen=True)
class Series:
    name: str
    color: RGB
    values: Sequence[int]


def bar_chart(
    doc: PdfDoc,
    frame: Frame,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
) -> None:
    """Horizontal grouped bars: one group per label, one bar per series, value at the end."""
    doc.set_font(FONT, "B", 9)
    doc.set_text_color(0, 0, 0)
    doc.text(frame.x, frame.y + 3.2, title)
    # The series key under the title.
    doc.set_font(FONT, "", 7)
    kx = frame.x
    for s in series:
        doc.set_fill_color(*s.color)
        doc.rect(kx, frame.y + 5.2, 3, 2.2, style="F")
        doc.text(kx + 4, frame.y + 7.1, s.name)
        kx += 6 + doc.get_string_width(s.name)
    top = frame.y + 10
    height = frame.h - 10
    doc.set_font(FONT, "", 7.5)
    label_w = max((doc.get_string_width(t) for t in labels), default=0) + 2
    x0 = frame.x + label_w
    width = frame.w - label_w - 8
    peak = max((v for s in series for v in s.values), default=0) or 1
    group = height / max(len(labels), 1)
    bar = min(3.2, group * 0.8 / max(len(series), 1))
    doc.set_draw_color(150, 150, 150)
    doc.set_line_width(0.2)
    doc.line(x0, top, x0, top + height)
    for i, label in enumerate(labels):
        gy = top + i * group + (group - bar * len(series)) / 2
        doc.set_font(FONT, "", 7.5)
        doc.set_text_color(30, 30, 30)
        doc.text(frame.x, gy + bar * len(series) / 2 + 1.1, label)
        for j, s in enumerate(series):
            v = s.values[i]
            y = gy + j * bar
            w = width * v / peak
            doc.set_fill_color(*s.color)
            if w > 0:
                doc.rect(x0, y + 0.15, w, bar - 0.3, style="F")
            doc.set_font(FONT, "", 6)
            doc.text(x0 + w + 0.8, y + bar / 2 + 0.9, str(v))
    doc.set_text_color(0, 0, 0)
