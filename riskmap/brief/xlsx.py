"""The briefing's lists as an XLSX workbook, one sheet per list, for whoever follows them up.

Chinese headers, the header row frozen and filtered, columns sized to their text, dates stored
as dates (a unit sorts and filters by deadline in Excel), counts as numbers. A text that starts
like a formula stays text.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from riskmap.atomic import atomic_path
from riskmap.brief import tables
from riskmap.brief.context import Briefing
from riskmap.io.cells import append_row
from riskmap.io.print_setup import setup_workbook

DATE_FORMAT = "yyyy-mm-dd"
MAX_WIDTH = 60


def sheets(b: Briefing) -> list[tables.Table]:
    """The tables the workbook holds after its 简报信息 sheet, in order."""
    return [
        tables.districts(b, total=False),
        tables.focus_layers(b),
        tables.major(b),
        tables.overdue_units(b),
        tables.overdue(b),
        tables.deadlines(b),
        tables.gaps(b),
    ]


def write_xlsx(briefing: Briefing, path: str | os.PathLike[str]) -> Path:
    """Write the workbook to `path` (atomically); the path written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    b = briefing
    path = Path(path)
    wb = Workbook()
    info = wb.active
    info.title = "简报信息"
    w = b.window
    facts: list[tuple[str, Any]] = [
        ("标题", b.title),
        ("期号", b.issue_label),
        ("编制单位", b.office),
        ("标识", b.marking),
        ("专题", b.preset_zh),
        ("节日开始", w.start),
        ("节日结束", w.end),
        ("时段来源", b.window_source),
        ("研判时段开始", b.period_start),
        ("数据截至", b.as_of),
        ("关注重点", b.focus_zh),
        ("与上年同期比较", _yoy_text(b)),
    ]
    if b.fictional:
        facts.append(("说明", "演示数据（虚构城市）"))
    for k, v in facts:
        append_row(info, [k, v], DATE_FORMAT)
    for row in info.iter_rows(min_row=1, max_row=info.max_row):
        row[0].font = Font(bold=True)
        if isinstance(row[1].value, dt.date):
            row[1].number_format = DATE_FORMAT
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 80

    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="ECEFF1")
    for t in sheets(b):
        ws = wb.create_sheet(title=t.title[:31])
        append_row(ws, list(t.headers))
        for cell in ws[1]:
            cell.font = head_font
            cell.fill = head_fill
            cell.alignment = Alignment(horizontal="center")
        for row in t.rows:
            append_row(ws, row, DATE_FORMAT)
        for col in t.date_cols:
            for (cell,) in ws.iter_rows(min_row=2, min_col=col + 1, max_col=col + 1):
                cell.number_format = DATE_FORMAT
        ws.freeze_panes = "A2"
        last = get_column_letter(len(t.headers))
        ws.auto_filter.ref = f"A1:{last}{max(1, len(t.rows) + 1)}"
        for i, h in enumerate(t.headers):
            width = max([_width(h) + 3] + [_width(r[i]) for r in t.rows[:1000]])
            ws.column_dimensions[get_column_letter(i + 1)].width = min(MAX_WIDTH, width + 2)
    # The document's own date, not the moment of writing: the same briefing, the same file.
    stamp = dt.datetime.combine(b.as_of, dt.time())
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.title = b.title
    wb.properties.creator = "riskmap"

    setup_workbook(wb, {info.title: 0})
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def _yoy_text(b: Briefing) -> str:
    y = b.yoy
    if not y.available:
        return y.note
    return (
        f"研判时段内新发现隐患 {y.found_this} 项（上年同期 {y.found_last} 项）；"
        f"未销号重大隐患 {y.major_open_now} 项（上年同期 {y.major_open_then} 项）；{y.note}"
    )


def _width(v: Any) -> int:
    text = tables.text(v)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
