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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from riskmap.brief.context import Briefing, briefing_context
from riskmap.core.documents import issuing
from riskmap.core.presets import get_preset, next_year
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.store.access import Actor

FORMATS = ("html", "pdf", "xlsx")


def file_stem(b: Briefing) -> str:
    stem = f"{b.preset_zh}安全风险简报_{b.year}"
    if b.scope_level != "city":
        # A county name is a file name on every system once these are gone.
        stem += "_" + re.sub(r'[\\/:*?"<>|\s]+', "_", b.scope_name)
    return stem


@contextmanager
def issued(ws: Workspace, b: Briefing, actor: Actor | None) -> Iterator[Briefing]:
    """`b` with its 期号, the next 简报 number of the year of issue in the register, while its
    files are written: the number is registered only if the block ends without an error, so a
    failed briefing leaves no gap. Without an actor the briefing is a draft and takes none."""
    if actor is None:
        yield b
        return
    with issuing(ws.store, "briefing", b.issued_on.year, actor, b.title) as n:
        b.issue_no = n
        try:
            yield b
        except BaseException:
            b.issue_no = None
            raise


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
    actor: Actor | None = None,
    requirements: Sequence[str] | None = None,
) -> dict[str, Path]:
    """Write the briefing of `preset` (key or name: qingming, 清明) for `year` (default: the
    next occurrence on or after `as_of`, default today) into `out_dir`; format → path.

    `timings`, when given, receives the seconds each step took (context, html, pdf, xlsx):
    the benchmark reads them, a progress display could too. `actor`: who issues it, taking
    the next 期号 from the register (None: a draft without one). `requirements`: the 工作要求
    as edited (default: the preset's)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise RiskmapError.of("brief.unknown_format", format=unknown[0], known=list(FORMATS))
    p = get_preset(preset)
    as_of = as_of or dt.date.today()
    year = year if year is not None else next_year(p.key, as_of, ws.store)
    clock = time.perf_counter()
    b = briefing_context(ws, p, year, district=district, as_of=as_of, requirements=requirements)
    spent = timings if timings is not None else {}
    spent["context"] = time.perf_counter() - clock
    out = Path(out_dir)
    stem = file_stem(b)
    written: dict[str, Path] = {}
    with issued(ws, b, actor):
        for fmt in FORMATS:  # in a fixed order, whatever order they were asked in
            if fmt not in formats:
                continue
            clock = time.perf_counter()
            written[fmt] = write_format(b, ws, fmt, out / f"{stem}.{fmt}")
            spent[fmt] = time.perf_counter() - clock
    return written


def write_format(b: Briefing, ws: Workspace, fmt: str, target: Path) -> Path:
    """Write `b` as `fmt` (html, pdf, xlsx) to `target`; the path written."""
    if fmt == "html":
        from riskmap.brief.html import write_html

        return write_html(b, ws, target)
    if fmt == "pdf":
        from riskmap.brief.pdf import write_pdf

        return write_pdf(b, ws, target)
    from riskmap.brief.xlsx import write_xlsx

    return write_xlsx(b, target)
