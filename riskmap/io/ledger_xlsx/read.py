"""Reading a unit's file: the workbook, its header row, and each cell as its field's value."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskmap.errors import RiskmapError
from riskmap.io.ledger_xlsx.columns import (
    _BY_KEY,
    _KNOWN,
    _LEVELS,
    _STATUSES,
    _YES_NO,
    ABOUT_SHEET,
    COLUMNS,
    LOCATION_COLUMNS,
    SHEET,
    VERSIONS,
    _norm,
)
from riskmap.messages import Words, os_reason

# A mapping to one of these leaves the column out.
_SKIP = frozenset({"", "-", "ignore", "skip"})
_TEXT_LIMITS = {"category": 64, "found_by": 64, "person": 64, "submitted_by": 64, "verified_by": 64}
_MAX_ID = 2**31 - 1
# 1,000 万元 × 10,000: a sum no single rectification reaches; a typo in 元 instead of 万元 does.
_MAX_FUNDS = 1e7
_HEADER_SCAN_ROWS = 30

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


def _check_container(path: Path) -> None:
    """A one-line reason why `path` is not an XLSX workbook we can open, before openpyxl tries."""
    if not path.exists():
        raise RiskmapError.of("import.no_file", path=path)
    if path.is_dir():
        raise RiskmapError.of("xlsx.is_folder", path=path)
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head == _OLE_MAGIC:
                # Excel encrypts an XLSX into an OLE container; an old .xls is one too.
                body = head + fh.read(1 << 20)
                if _ENCRYPTED in body:
                    raise RiskmapError.of("xlsx.password", name=path.name)
                raise RiskmapError.of("xlsx.old_xls", name=path.name)
    except OSError as exc:
        raise RiskmapError.of("import.cannot_read", path=path, detail=os_reason(exc)) from None
    if not head:
        raise RiskmapError.of("import.empty_file", name=path.name)
    if not head.startswith(b"PK"):
        raise RiskmapError.of("xlsx.not_xlsx", name=path.name)
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise RiskmapError.of("xlsx.not_zip", name=path.name) from None
    if "xl/workbook.bin" in names:
        raise RiskmapError.of("xlsx.xlsb", name=path.name)
    if "xl/workbook.xml" not in names:
        raise RiskmapError.of("xlsx.zip_not_xlsx", name=path.name)


@dataclass(frozen=True)
class _Formula:
    """A formula cell the file holds without its computed value (a tool that wrote it never
    calculated it): the value is unknown, never blank."""

    ref: str  # the cell, e.g. P5
    formula: str


@dataclass
class _Workbook:
    sheet: str  # the ledger sheet's name
    rows: list[tuple[int, tuple[Any, ...]]]  # its non-blank rows as (Excel row number, values)
    about: dict[str, Any]  # the 说明 sheet's key → value (the export's facts), if any


def _read_rows(path: Path) -> _Workbook:
    """The ledger sheet's rows and the 说明 sheet's facts; a CSV file's rows (UTF-8 or GBK, as
    Excel and WPS save them), which have no 说明.

    A formula cell reads as the value Excel or WPS computed and saved with it; one saved without
    (openpyxl, scripts) reads as `_Formula`. The file is read twice for that (formulas, then
    values): openpyxl gives a cell's formula or its cached value, never both.
    """
    from openpyxl import load_workbook

    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        from riskmap.io.importer.sheet import _csv_rows

        rows, _enc, _origin = _csv_rows(path, None, [])
        return _Workbook(path.stem, rows, {})
    _check_container(path)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it does not read (data validation, conditional
            # formats, WPS extensions); none of them matters for the cell values.
            warnings.simplefilter("ignore")
            with path.open("rb") as fh:
                formulas = _formula_cells(load_workbook(fh, read_only=True))
            with path.open("rb") as fh:
                wb = load_workbook(fh, read_only=True, data_only=True)
                try:
                    out = _values(path, wb, formulas)
                finally:
                    wb.close()
    except RiskmapError:
        raise
    except OSError as exc:
        raise RiskmapError.of("import.cannot_read", path=path, detail=os_reason(exc)) from None
    except Exception as exc:
        # openpyxl reports a malformed part with whatever its parser raised (KeyError,
        # ValueError, TypeError, XML errors …): to the user it is one thing, a damaged file.
        raise RiskmapError.of(
            "import.xlsx_damaged", name=path.name, detail=_first_line(exc)
        ) from None
    if not out.rows:
        raise RiskmapError.of("import.sheet_empty", name=path.name, sheet=out.sheet)
    return out


def _ledger_sheet(path: Path, wb: Any) -> Any:
    sheets = wb.worksheets
    if not sheets:
        raise RiskmapError.of("import.no_worksheet", name=path.name)
    ws = wb[SHEET] if SHEET in wb.sheetnames else sheets[0]
    if not hasattr(ws, "iter_rows"):
        raise RiskmapError.of("xlsx.chart_sheet", name=path.name, sheet=ws.title)
    # Some writers store a wrong sheet size; read what is there, not what it says.
    ws.reset_dimensions()
    return ws


def _formula_cells(wb: Any) -> dict[tuple[int, int], _Formula]:
    """(row, column) → formula of the ledger sheet's formula cells (1-based)."""
    try:
        sheets = wb.worksheets
        if not sheets:
            return {}
        ws = wb[SHEET] if SHEET in wb.sheetnames else sheets[0]
        if not hasattr(ws, "iter_rows"):
            return {}
        ws.reset_dimensions()
        out = {}
        for row in ws.iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    text = getattr(cell.value, "text", None) or str(cell.value)
                    out[(cell.row, cell.column)] = _Formula(cell.coordinate, text)
        return out
    finally:
        wb.close()


def _values(path: Path, wb: Any, formulas: dict[tuple[int, int], _Formula]) -> _Workbook:
    ws = _ledger_sheet(path, wb)
    rows = []
    for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if formulas:
            values = tuple(
                formulas.get((n, j), v) if v is None else v for j, v in enumerate(values, start=1)
            )
        if any(not _is_blank(v) for v in values):
            rows.append((n, tuple(values)))
    about: dict[str, Any] = {}
    if ABOUT_SHEET in wb.sheetnames and ws.title != ABOUT_SHEET:
        info = wb[ABOUT_SHEET]
        if hasattr(info, "iter_rows"):
            for values in info.iter_rows(max_col=2, values_only=True):
                if values and isinstance(values[0], str) and values[0].strip():
                    about[values[0].strip()] = values[1] if len(values) > 1 else None
    return _Workbook(ws.title, rows, about)


def _is_blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _find_header(rows: Sequence[tuple[int, tuple[Any, ...]]], extra: Mapping[str, str]) -> int:
    """Index (into `rows`) of the header: the first row naming at least 3 known columns — units
    often put a title row (and a date, a unit stamp) above it."""
    for i, (_n, values) in enumerate(rows[:_HEADER_SCAN_ROWS]):
        hits = sum(
            1 for v in values if not _is_blank(v) and (_norm(v) in _KNOWN or _norm(v) in extra)
        )
        if hits >= 3:
            return i
    raise RiskmapError.of("ledger_file.no_header")


def _columns(
    header: Sequence[Any], mapping: Mapping[str, str] | None
) -> tuple[dict[int, str], dict[str, str], list[str]]:
    """(column index → field key, field key → header as in the file, ignored headers)."""
    extra: dict[str, str] = {}
    for col, key in (mapping or {}).items():
        k = str(key).strip()
        if k.lower() in _SKIP:
            extra[_norm(col)] = ""
            continue
        if k not in _BY_KEY:
            k = _KNOWN.get(_norm(k), "")
            if not k:
                raise RiskmapError.of(
                    "ledger_file.unknown_field",
                    column=col,
                    field=key,
                    fields=[Words(c.key, c.header) for c in (*COLUMNS, *LOCATION_COLUMNS)],
                )
        extra[_norm(col)] = k
    names = {_norm(v) for v in header if not _is_blank(v)}
    missing = [c for c in (mapping or {}) if _norm(c) not in names]
    if missing:
        raise RiskmapError.of("ledger_file.mapped_missing", columns=missing)
    index: dict[int, str] = {}
    named: dict[str, str] = {}
    ignored: list[str] = []
    for j, v in enumerate(header):
        if _is_blank(v):
            continue
        label = str(v).strip()
        n = _norm(v)
        key = extra[n] if n in extra else _KNOWN.get(n, "")
        if not key or key in named:
            # Unknown, deliberately skipped, or a second column for a field already read.
            ignored.append(label)
            continue
        index[j] = key
        named[key] = label
    return index, named, ignored


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


# -- parsing cells -------------------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


_DATE_RE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    s = str(v).strip()
    if len(s) > 1 and s[0] == "'" and s[1] in "=+-@":
        # riskmap.io.tables (and some tools) keep formula-like text as text with an apostrophe.
        s = s[1:]
    return s


def _int(v: Any, what_zh: str, what_en: str) -> int:
    n: int | None = None
    if isinstance(v, int) and not isinstance(v, bool):
        n = v
    elif isinstance(v, float) and v.is_integer():
        n = int(v)
    elif isinstance(v, str) and re.fullmatch(r"\s*\d{1,12}(\.0+)?\s*", v):
        n = int(float(v)) if "." in v else int(v)
    if n is None:
        raise _Bad(
            f"{what_zh}应为整数，不是「{_text(v)}」",
            f"{what_en} must be a whole number, not {_text(v)!r}",
        )
    if not 1 <= n <= _MAX_ID:
        raise _Bad(f"{what_zh} {n} 超出范围", f"{what_en} {n} is out of range")
    return n


def _serial_date(x: float) -> dt.date:
    if not math.isfinite(x) or not 1 <= x < 73051:  # 73051: 2100-01-01
        raise ValueError(x)
    day = int(x)
    if day == 60:  # Excel's 1900-02-29, a day that never was
        raise ValueError(x)
    base = dt.date(1899, 12, 31) if day < 60 else dt.date(1899, 12, 30)
    return base + dt.timedelta(days=day)


def _date(v: Any) -> dt.date:
    shown = _text(v)
    bad = _Bad(f"无效日期「{shown}」", f"not a valid date: {shown!r}")
    d: dt.date
    if isinstance(v, dt.datetime):
        d = v.date()
    elif isinstance(v, dt.date):
        d = v
    elif isinstance(v, int | float) and not isinstance(v, bool):
        # A date cell whose format was lost reads as Excel's serial day number.
        try:
            d = _serial_date(float(v))
        except (ValueError, OverflowError):
            raise bad from None
    elif isinstance(v, str):
        s = unicodedata.normalize("NFKC", v).strip()
        try:
            if m := _DATE_RE.fullmatch(s):
                d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            elif re.fullmatch(r"\d{8}", s):
                d = dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
            elif re.fullmatch(r"\d{5}(\.\d+)?", s):
                d = _serial_date(float(s))
            else:
                raise bad
        except ValueError:
            raise bad from None
    else:
        raise bad
    if not 1950 <= d.year <= 2100:
        raise _Bad(f"日期「{shown}」超出范围", f"date {shown} is out of range")
    return d


def _choice(v: Any, table: Mapping[str, Any], zh: str, en: str, allowed: str) -> Any:
    key = _norm(_text(v))
    if key in table:
        return table[key]
    raise _Bad(
        f"{zh}「{_text(v)}」无法识别（应为 {allowed}）", f"unknown {en} {_text(v)!r} ({allowed})"
    )


def _funds(v: Any) -> float:
    shown = _text(v)
    x: float | None = None
    if isinstance(v, int | float) and not isinstance(v, bool):
        try:
            x = float(v)
        except OverflowError:
            x = None
    elif isinstance(v, str):
        s = _norm(v).replace(",", "").removesuffix("万元").removesuffix("万")
        if re.fullmatch(r"\d+(\.\d+)?|\.\d+", s):
            x = float(s)
    if x is None or not math.isfinite(x):
        raise _Bad(
            f"整改资金应为数字（万元），不是「{shown}」", f"funds must be a number, not {shown!r}"
        )
    if x < 0:
        raise _Bad("整改资金不能为负数", "funds cannot be negative")
    if x > _MAX_FUNDS:
        raise _Bad(
            f"整改资金 {shown} 万元超出合理范围（单位是万元吗？）",
            f"funds {shown} (万元) is implausible",
        )
    return x


def _degrees(key: str, v: Any) -> float:
    shown = _text(v)
    zh, limit = ("经度", 180.0) if key == "lon" else ("纬度", 90.0)
    try:
        x = float(unicodedata.normalize("NFKC", shown).strip().rstrip("°"))
    except ValueError:
        x = math.nan
    if not math.isfinite(x) or not -limit <= x <= limit:
        raise _Bad(
            f"{zh}应为度数（如 {'117.12' if key == 'lon' else '36.65'}），不是「{shown}」",
            f"{key} must be degrees, not {shown!r}",
        )
    return x


def _parse(key: str, v: Any) -> Any:
    """One non-blank cell as its field's value; _Bad when it cannot be."""
    if isinstance(v, _Formula):
        raise _Bad(
            f"单元格 {v.ref} 是公式（{v.formula}），文件中没有它的计算结果："
            "请在 Excel 或 WPS 中打开并保存后再导入，或直接填写数值",
            f"cell {v.ref} holds a formula ({v.formula}) saved without its value; open and save "
            "the file in Excel or WPS, or type the value",
        )
    if key == "hazard_id":
        return _int(v, "隐患编号", "hazard id")
    if key == "site_id":
        return _int(v, "风险点编号", "site id")
    if key == "unit_id":
        return _int(v, "责任单位编号", "unit id")
    if key == "inspection_id":
        return _int(v, "督查编号", "inspection id")
    if key in VERSIONS:
        return _int(v, _BY_KEY[key].header, "version")
    if key in ("lon", "lat"):
        return _degrees(key, v)
    if key in ("found_on", "deadline", "submitted_on", "verified_on", "escalated_on"):
        return _date(v)
    if key == "level":
        return _choice(v, _LEVELS, "隐患等级", "level", "一般隐患/重大隐患")
    if key == "status":
        return _choice(v, _STATUSES, "整改状态", "status", "待整改/整改中/待验收/已销号")
    if key == "escalated":
        return _choice(v, _YES_NO, "提级督办", "escalation", "是/否")
    if key == "funds":
        return _funds(v)
    s = _text(v)
    limit = _TEXT_LIMITS.get(key)
    if limit and len(s) > limit:
        raise _Bad(f"超过 {limit} 个字", f"longer than {limit} characters")
    return s


@dataclass
class _Row:
    n: int  # Excel row number
    cells: dict[str, Any]  # field key → parsed value, or None for a blank cell
    bad: set[str] = field(default_factory=set)  # fields whose cell did not parse
