"""Tables to CSV and XLSX files (dossier lists, ledgers)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from riskmap.errors import RiskmapError

Table = tuple[Sequence[str], Sequence[Sequence[Any]]]


def _atomic_target(path: Path) -> tuple[int, str]:
    """A temp file beside `path`: a failed export never leaves a half-written file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)


def write_csv(path: str | Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    """UTF-8 with a byte-order mark, which Excel needs to show Chinese text correctly."""
    path = Path(path)
    fd, tmp = _atomic_target(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(headers)
            w.writerows([[_cell(v) for v in row] for row in rows])
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise RiskmapError(f"cannot write {path}: {exc.strerror}") from None
    return path


def _cell(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    return "" if v is None else v


def write_xlsx(path: str | Path, sheets: Mapping[str, Table]) -> Path:
    """One sheet per table: bold header, frozen first row, columns sized to their text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    for title, (headers, rows) in sheets.items():
        ws = wb.create_sheet(title=title[:31])
        ws.append(list(headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_xlsx_cell(v) for v in row])
        ws.freeze_panes = "A2"
        for i, h in enumerate(headers, start=1):
            width = max([_width(h)] + [_width(r[i - 1]) for r in rows[:500]])
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(60, width + 2)
    fd, tmp = _atomic_target(path)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise RiskmapError(f"cannot write {path}: {exc.strerror}") from None
    return path


def _xlsx_cell(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
        # A description starting with "=" must stay text, not become a formula.
        return "'" + v
    return v


def _width(v: Any) -> int:
    text = str(v) if v is not None else ""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
