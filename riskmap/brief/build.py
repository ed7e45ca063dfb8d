"""`build_briefing`: a holiday or season briefing written as HTML, PDF and XLSX in one go.

The context is computed once and the three files are made from it, so they always agree. File
names carry the preset and the year (and the county, for a county's briefing):
清明安全风险简报_2026.html, 主汛期安全风险简报_2027_南岭县.pdf.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Sequence
from pathlib import Path

from riskmap.brief.context import Briefing, briefing_context
from riskmap.core.presets import get_preset, next_year
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError

FORMATS = ("html", "pdf", "xlsx")


def file_stem(b: Briefing) -> str:
    stem = f"{b.preset_zh}安全风险简报_{b.year}"
    if b.scope_level != "city":
        # A county name is a file name on every system once these are gone.
        stem += "_" + re.sub(r'[\\/:*?"<>|\s]+', "_", b.scope_name)
    return stem


def build_briefing(
    ws: Workspace,
    preset: str,
    year: int | None = None,
    district: str | None = None,
    *,
    out_dir: str | os.PathLike[str],
    formats: Sequence[str] = FORMATS,
    as_of: dt.date | None = None,
    timings: dict[str, float] | None = None,
) -> dict[str, Path]:
    """Write the briefing of `preset` (key or name: qingming, 清明) for `year` (default: the
    next occurrence on or after `as_of`, default today) into `out_dir`; format → path.

    `timings`, when given, receives the seconds each step took (context, html, pdf, xlsx):
    the benchmark reads them, a progress display could too."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise RiskmapError.of("brief.unknown_format", format=unknown[0], known=list(FORMATS))
    p = get_preset(preset)
    as_of = as_of or dt.date.today()
    year = year if year is not None else next_year(p.key, as_of, ws.store)
    clock = time.perf_counter()
    b = briefing_context(ws, p, year, district=district, as_of=as_of)
    spent = timings if timings is not None else {}
    spent["context"] = time.perf_counter() - clock
    out = Path(out_dir)
    stem = file_stem(b)
    written: dict[str, Path] = {}
    for fmt in FORMATS:  # in a fixed order, whatever order they were asked in
        if fmt not in formats:
            continue
        target = out / f"{stem}.{fmt}"
        clock = time.perf_counter()
        if fmt == "html":
            from riskmap.brief.html import write_html

            written[fmt] = write_html(b, ws, target)
        elif fmt == "pdf":
            from riskmap.brief.pdf import write_pdf

            written[fmt] = write_pdf(b, ws, target)
        else:
            from riskmap.brief.xlsx import write_xlsx

            written[fmt] = write_xlsx(b, target)
        spent[fmt] = time.perf_counter() - clock
    return written
