"""The rows of a workbook's two sheets, found under their header row, as text."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskmap.errors import RiskmapError
from riskmap.io.duties_xlsx.columns import (
    _KNOWN,
    _REQUIRED,
    ABOUT_SHEET,
    H_UNIT,
    KINDS,
    SHEET_DEPARTMENT,
    SHEET_ENTERPRISE,
    SHEETS,
)
from riskmap.io.duties_xlsx.report import DutyImportReport, RowProblem
from riskmap.messages import Words

_HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common in office files


@dataclass(frozen=True)
class _Row:
    kind: str
    sheet: str
    row: int
    cells: dict[str, str]


def _read_workbook(path: Path, report: DutyImportReport) -> tuple[list[_Row], tuple[str, ...]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise RiskmapError.of("import.no_file", path=path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise RiskmapError.of("xlsx.unreadable", name=path.name, detail=str(exc)) from None
    try:
        kinds = tuple(k for k in KINDS if SHEETS[k] in wb.sheetnames)
        if not kinds:
            raise RiskmapError.of(
                "duties_file.no_sheets",
                name=path.name,
                sheets=Words(
                    f"{SHEET_DEPARTMENT} or {SHEET_ENTERPRISE}",
                    f"“{SHEET_DEPARTMENT}”或“{SHEET_ENTERPRISE}”",
                ),
            )
        for name in wb.sheetnames:
            if name not in SHEETS.values() and name != ABOUT_SHEET:
                report.notes.append(f"忽略工作表“{name}”")
        rows: list[_Row] = []
        for kind in kinds:
            rows.extend(_read_sheet(wb[SHEETS[kind]], kind, report))
        if ABOUT_SHEET in wb.sheetnames:
            for values in wb[ABOUT_SHEET].iter_rows(max_col=2, values_only=True):
                if len(values) == 2 and values[0]:
                    report.about[_text(values[0])] = _text(values[1])
    finally:
        wb.close()
    return rows, kinds


def _read_sheet(ws: Any, kind: str, report: DutyImportReport) -> list[_Row]:
    sheet = SHEETS[kind]
    it = ws.iter_rows(values_only=True)
    headers: list[str] | None = None
    header_row = 0
    for number, values in enumerate(it, start=1):
        texts = [_text(v) for v in values]
        if H_UNIT in texts:
            headers, header_row = texts, number
            break
        if number >= _HEADER_SEARCH_ROWS:
            break
    if headers is None:
        report.errors.append(RowProblem(sheet, 1, f"找不到表头（需要“{H_UNIT}”列）"))
        return []
    missing = [h for h in _REQUIRED[kind] if h not in headers]
    if missing:
        need = "、".join(f"“{h}”" for h in missing)
        report.errors.append(RowProblem(sheet, header_row, f"缺少{need}列"))
        return []
    unknown = [h for h in headers if h and h not in _KNOWN]
    if unknown:
        report.notes.append(f"{sheet}：忽略未知的列{'、'.join(unknown)}")
    out = []
    for number, values in enumerate(it, start=header_row + 1):
        cells = {h: _text(v) for h, v in zip(headers, values, strict=False) if h}
        if any(cells.values()):
            out.append(_Row(kind, sheet, number, cells))
    return out


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    text = str(v).strip()
    # riskmap.io.tables writes formula-like text with a leading apostrophe: read it back bare.
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text
