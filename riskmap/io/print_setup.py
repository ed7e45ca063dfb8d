"""How every XLSX riskmap writes prints: one page setup for all of them.

A unit prints the ledger, a county table or a roster from Excel, WPS or LibreOffice without
touching 页面设置 first, so the workbook carries it:

- A4 (GB/T 148, what Chinese offices load), portrait, or landscape when the sheet's columns are
  wider than a portrait page;
- fit to the page's width, as many pages down as it takes (fitToHeight = 0): no column ever
  spills onto a page of its own;
- the header row(s) repeated on every page (打印标题), the sheet horizontally centred;
- margins of 1.8 cm left and right, 2 cm top and bottom, the header and footer 0.8 cm from the
  edge: room for a binding and a hand-written note, the usual office setting;
- the sheet's name in the page header and 第 N 页 共 M 页 in the footer, so a loose page says
  what it belongs to.

Widths are Excel's character units; a column of width w is about 7w + 5 pixels at 96 dpi.
"""

from __future__ import annotations

from typing import Any

# Millimetres of paper across an A4 sheet, inside the side margins below.
A4_SHORT_MM = 210.0
A4_LONG_MM = 297.0
MARGIN_SIDE_IN = 0.7  # 1.8 cm
MARGIN_TOP_IN = 0.8  # 2 cm
MARGIN_HEADER_IN = 0.3  # 0.8 cm
DEFAULT_WIDTH = 8.43  # Excel's width of a column nobody sized
MM_PER_PIXEL = 25.4 / 96
HEADER_TEXT = "&A"  # the sheet's name
FOOTER_TEXT = "第 &P 页  共 &N 页"


def column_mm(width: float) -> float:
    """The printed width in millimetres of a column `width` characters wide (at 100 %)."""
    return (width * 7 + 5) * MM_PER_PIXEL


def sheet_mm(ws: Any) -> float:
    """The printed width of the sheet's used, visible columns at 100 %, in millimetres."""
    from openpyxl.utils import get_column_letter

    total = 0.0
    for j in range(1, (ws.max_column or 0) + 1):
        dim = ws.column_dimensions.get(get_column_letter(j))
        if dim is not None and dim.hidden:
            continue
        width = dim.width if dim is not None and dim.width else DEFAULT_WIDTH
        total += column_mm(width)
    return total


def printable_mm(landscape: bool) -> float:
    """The width between the side margins of an A4 page, in millimetres."""
    paper = A4_LONG_MM if landscape else A4_SHORT_MM
    return paper - 2 * MARGIN_SIDE_IN * 25.4


def setup_sheet(ws: Any, header_rows: int = 1) -> None:
    """Give the openpyxl worksheet `ws` riskmap's page setup (see the module's docstring).

    Call it after the columns are sized: the orientation follows their width. `header_rows`
    rows at the top are repeated on every printed page (0: none, e.g. a sheet of facts).
    """
    from openpyxl.worksheet.page import PageMargins

    landscape = sheet_mm(ws) > printable_mm(landscape=False)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(
        left=MARGIN_SIDE_IN,
        right=MARGIN_SIDE_IN,
        top=MARGIN_TOP_IN,
        bottom=MARGIN_TOP_IN,
        header=MARGIN_HEADER_IN,
        footer=MARGIN_HEADER_IN,
    )
    if header_rows > 0:
        ws.print_title_rows = f"1:{header_rows}"
    for part in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
        part.center.text = HEADER_TEXT
    for part in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
        part.center.text = FOOTER_TEXT


def setup_workbook(wb: Any, header_rows: dict[str, int] | None = None) -> None:
    """setup_sheet on every sheet of `wb`; `header_rows` by sheet title (default 1 each)."""
    rows = header_rows or {}
    for ws in wb.worksheets:
        setup_sheet(ws, rows.get(ws.title, 1))
