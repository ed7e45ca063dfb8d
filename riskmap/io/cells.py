"""One rule for every cell riskmap writes to a CSV or XLSX file: a text is never a formula.

A site named `=HYPERLINK("http://x","click")` or `=cmd|' /C calc'!A0` is text someone typed;
Excel and WPS must not run it when a unit opens the export. A text starting with =, +, -, @, a
tab or a carriage return is neutralised:

- CSV (OWASP's rule): a leading apostrophe, which spreadsheet programs show and do not run. The
  importer takes that one apostrophe off again (`unquote`), so riskmap's own CSV reads back as
  written.
- XLSX: the cell is stored as text with quotePrefix, Excel's own "typed with a leading '" flag;
  no apostrophe is stored, so the value reads back exactly.

Numbers stay numbers (-5 is written as a number, not as text), dates as ISO text in CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_MAX_TEXT = 32767  # Excel refuses to open a file with a longer cell
# Control characters make the XML of a workbook unreadable to Excel (openpyxl refuses them).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def formula_like(v: Any) -> bool:
    """Whether `v` is a text a spreadsheet program would read as a formula."""
    return isinstance(v, str) and v.startswith(FORMULA_STARTS)


# -- CSV --------------------------------------------------------------------------------------


def csv_cell(v: Any) -> Any:
    """The value to hand to csv.writer for `v`."""
    if v is None:
        return ""
    if isinstance(v, dt.date):
        return v.isoformat()
    if formula_like(v):
        return "'" + v
    return v


def write_csv_rows(
    fh: TextIO, headers: Sequence[Any], rows: Iterable[Sequence[Any]], lineterminator: str = "\r\n"
) -> None:
    """A header and rows to an open text file, every cell through csv_cell."""
    w = csv.writer(fh, lineterminator=lineterminator)
    w.writerow([csv_cell(h) for h in headers])
    w.writerows([csv_cell(v) for v in row] for row in rows)


def csv_text(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """The table as CSV text with newline line ends (for standard output)."""
    # Written with CRLF so that csv quotes a field holding a CR or LF (it quotes only the
    # characters of its line terminator), then each record's own CRLF made a newline.
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    out = []
    for row in [headers, *rows]:
        buf.seek(0)
        buf.truncate()
        w.writerow([csv_cell(v) for v in row])
        out.append(buf.getvalue()[:-2] + "\n")
    return "".join(out)


def unquote(text: str) -> str:
    """A CSV cell as it was before csv_cell: the one apostrophe before =, +, -, @, tab, CR off."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


# -- XLSX -------------------------------------------------------------------------------------


def xlsx_text(v: str) -> str:
    """A text as an XLSX cell can hold it: no control characters, at most 32,767 characters."""
    return _ILLEGAL_XML.sub("", v)[:XLSX_MAX_TEXT]


def put(cell: Any, v: Any, date_format: str = XLSX_DATE_FORMAT) -> None:
    """Set an openpyxl cell to `v`: a date as a date, a formula-like text as text."""
    if v is None or v == "":
        cell.value = None
        return
    if isinstance(v, dt.date):
        cell.value = v
        cell.number_format = date_format
        return
    if isinstance(v, str):
        v = xlsx_text(v)
        cell.value = v
        if formula_like(v):
            cell.data_type = "s"
            cell.quotePrefix = True
        return
    cell.value = v


def append_row(ws: Any, values: Sequence[Any], date_format: str = XLSX_DATE_FORMAT) -> None:
    """Append `values` as the next row of the openpyxl worksheet `ws`, every cell as put sets it."""
    ws.append([xlsx_text(v) if isinstance(v, str) else v for v in values])
    row = ws.max_row
    for j, v in enumerate(values, start=1):
        if formula_like(v) or isinstance(v, dt.date):
            put(ws.cell(row=row, column=j), v, date_format)
