from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from riskmap.errors import RiskmapError
from riskmap.io.tables import write_csv, write_xlsx

HEADERS = ["id", "描述", "期限"]
ROWS = [[1, "安全出口被堵塞", dt.date(2026, 5, 1)], [2, '=HYPERLINK("x")', None]]


def test_csv_has_bom_and_round_trips(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "h.csv", HEADERS, ROWS)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    # OWASP: the apostrophe keeps Excel from running it
    assert rows == [HEADERS, ["1", "安全出口被堵塞", "2026-05-01"], ["2", '\'=HYPERLINK("x")', ""]]


def test_xlsx_sheets_and_formula_text(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "d.xlsx", {"隐患": (HEADERS, ROWS), "units": (["a"], [[1]])})
    wb = load_workbook(path)
    assert wb.sheetnames == ["隐患", "units"]
    ws = wb["隐患"]
    assert [c.value for c in ws[1]] == HEADERS
    assert ws["B2"].value == "安全出口被堵塞"
    assert ws["C2"].value.date() == dt.date(2026, 5, 1)
    # text flagged as typed with a leading ' (quotePrefix): no apostrophe in the value
    assert ws["B3"].value == '=HYPERLINK("x")'
    assert ws["B3"].data_type == "s" and ws["B3"].quotePrefix


def test_unwritable_target_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "dir.csv"
    target.mkdir()
    with pytest.raises(RiskmapError, match="cannot write"):
        write_csv(target, HEADERS, ROWS)
    assert [p.name for p in tmp_path.iterdir()] == ["dir.csv"]
