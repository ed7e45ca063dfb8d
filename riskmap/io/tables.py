"""Tables to CSV and XLSX files (dossier lists, ledgers)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from riskmap.atomic import atomic_path
from riskmap.io.cells import append_row, write_csv_rows
from riskmap.io.print_setup import setup_workbook

Table = tuple[Sequence[str], Sequence[Sequence[Any]]]


def write_csv(path: str | Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    """UTF-8 with a byte-order mark, which Excel needs to show Chinese text correctly."""
    path = Path(path)
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        write_csv_rows(fh, headers, rows)
    return path


def write_xlsx(path: str | Path, sheets: Mapping[str, Table]) -> Path:
    """One sheet per table: bold header, frozen first row, columns sized to their text, printed
    as riskmap.io.print_setup sets it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    for title, (headers, rows) in sheets.items():
        ws = wb.create_sheet(title=title[:31])
        append_row(ws, list(headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            append_row(ws, row)
        ws.freeze_panes = "A2"
        for i, h in enumerate(headers, start=1):
            width = max([_width(h)] + [_width(r[i - 1]) for r in rows[:500]])
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(60, width + 2)
    setup_workbook(wb)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def _width(v: Any) -> int:
    text = str(v) if v is not None else ""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
